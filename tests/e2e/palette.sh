#!/bin/sh
# End-to-end: --palette. Each palette draws its own colours in --print (xterm-256 codes
# near the palette's RGB), on SVG slides (exactly the palette's RGB) and in the stepper;
# legends name the palette; --color never and NO_COLOR still give shade glyphs, the same
# whatever the palette; a bad name exits 2 listing the choices.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
ESC=$(printf '\033')

# ─── --palette list ─────────────────────────────────────────────────────────────
expect_status 0 "--palette list" "$ATTNTRACE" --palette list
cp "$TMP/out" "$TMP/list"
names=$(grep -v '^ ' "$TMP/list" | sed 's/ .*//')
check "list: three palettes" test "$(echo "$names" | wc -l)" -eq 3
check "list: the default is marked" grep -qx 'cividis (default)' "$TMP/list"
# The colours of palette NAME's ramp (weights or signed) from the list, one per line.
list_colours() { # NAME weights|signed
    awk -v n="$1" -v w="$2:" '!/^ /{p = ($1 == n)} p && $1 == w {for (i = 2; i <= NF; i++) print $i}' \
        "$TMP/list"
}
for n in $names; do
    check "list: $n has 9 weights colours" test "$(list_colours "$n" weights | wc -l)" -eq 9
    check "list: $n has 11 signed colours" test "$(list_colours "$n" signed | wc -l)" -eq 11
done

# ─── bad names ──────────────────────────────────────────────────────────────────
expect_status 2 "--palette classic is refused" "$ATTNTRACE" -s by-hand -p --palette classic
check "the refusal is one line naming every choice" sh -c "test \$(wc -l < '$TMP/err') -eq 1 &&
    grep -qx 'attntrace: --palette: \"classic\" is not cividis, viridis, projector or list' '$TMP/err'"
expect_status 2 "--palette with no name" "$ATTNTRACE" -s by-hand -p --palette
expect_status 2 "--palette '' is refused" "$ATTNTRACE" -s by-hand -p --palette ''

# ─── --print ────────────────────────────────────────────────────────────────────
# The xterm-256 backgrounds of the legend line, in order.
legend_codes() { # FILE
    grep 'legend' "$1" | grep -o '48;5;[0-9]*m' | sed 's/48;5;//; s/m//' | tr '\n' ' '
}
# Each drawn colour is near the palette's: within 100 in sRGB (0-255 a channel; the
# cube's cells are up to 95 wide, and the drawn ramp keeps its order before its nearness:
# colour.h; at most 79 here); drawn in another palette's colours, some level is over 100
# away (108 at least).
near_palette() { # "CODES" FILE-OF-HEX
    python3 -c '
import sys
codes = [int(c) for c in sys.argv[1].split()]
want = [l.strip() for l in open(sys.argv[2]) if l.strip()]
cube = [0, 95, 135, 175, 215, 255]
def rgb(i):
    if i >= 232: g = 8 + 10 * (i - 232); return (g, g, g)
    i -= 16; return (cube[i // 36], cube[i // 6 % 6], cube[i % 6])
assert len(codes) == len(want), (codes, want)
for c, w in zip(codes, want):
    r = tuple(int(w[k:k + 2], 16) for k in (1, 3, 5))
    if sum((a - b) ** 2 for a, b in zip(rgb(c), r)) > 100 ** 2: sys.exit("%d is far from %s" % (c, w))
' "$1" "$2"
}
all_weights=""
for n in $names; do
    expect_status 0 "$n: --print weights in color" "$ATTNTRACE" -s by-hand -p --stage weights \
        --color always --palette "$n"
    cp "$TMP/out" "$TMP/w-$n"
    check "$n: the legend names the palette" grep -q "  legend ($n): 0" "$TMP/w-$n"
    codes=$(legend_codes "$TMP/w-$n")
    check "$n: 9 distinct weights colours" test "$(echo $codes | tr ' ' '\n' | sort -u | wc -l)" -eq 9
    list_colours "$n" weights > "$TMP/hex-$n"
    check "$n: weights drawn near the palette's colours ($codes)" near_palette "$codes" "$TMP/hex-$n"
    # every cell's background is one of the legend's
    for c in $(grep -v legend "$TMP/w-$n" | grep -o '48;5;[0-9]*m' | sed 's/48;5;//; s/m//'); do
        echo " $codes" | grep -q " $c " || { fail "$n: cell colour $c in the legend" "$codes"; break; }
    done
    all_weights="$all_weights|$codes"
    expect_status 0 "$n: --print scores in color" "$ATTNTRACE" -s by-hand -p --stage scores \
        --color always --palette "$n"
    codes=$(legend_codes "$TMP/out")
    list_colours "$n" signed > "$TMP/hexs-$n"
    check "$n: signed drawn near the palette's colours ($codes)" near_palette "$codes" "$TMP/hexs-$n"
done
check "each palette draws the weights in its own colours" \
    test "$(echo "$all_weights" | tr '|' '\n' | sed '/^$/d' | sort -u | wc -l)" -eq 3

expect_status 0 "default palette" "$ATTNTRACE" -s by-hand -p --color always
cp "$TMP/out" "$TMP/default"
expect_status 0 "--palette cividis" "$ATTNTRACE" -s by-hand -p --color always --palette cividis
check "the default is cividis" cmp -s "$TMP/default" "$TMP/out"

# Without color the palette changes nothing: shade glyphs, the golden text.
expect_status 0 "--color never --palette projector" "$ATTNTRACE" -s by-hand -p --color never \
    --palette projector
check "--color never: the golden text, whatever the palette" cmp -s "$TMP/out" tests/golden/by-hand.txt
check "--color never: the legend names no palette" sh -c "! grep -q 'legend (' '$TMP/out'"
expect_status 0 "NO_COLOR with --palette viridis" env NO_COLOR=1 "$ATTNTRACE" -s by-hand -p \
    --palette viridis
check "NO_COLOR: no escapes" sh -c "! grep -q '$ESC' '$TMP/out'"

# ─── SVG slides: the palette's exact colours ────────────────────────────────────
# The legend's fills, lowest level first (the legend draws the highest on top).
svg_legend() { # FILE
    grep -o 'data-level="-\{0,1\}[0-9]*" [^>]*fill="#[0-9a-f]*"' "$1" | sed 's/.*fill="//; s/"$//' |
        sed -n '1!G;h;$p'
}
for n in $names; do
    expect_status 0 "$n: --export-svg" "$ATTNTRACE" -s by-hand --export-svg "$TMP/svg-$n" --palette "$n"
    w="$TMP/svg-$n/10_weights.svg"
    svg_legend "$w" > "$TMP/svgw-$n"
    check "$n: SVG weights legend = the palette's RGB" cmp -s "$TMP/svgw-$n" "$TMP/hex-$n"
    svg_legend "$TMP/svg-$n/08_scores.svg" > "$TMP/svgs-$n"
    check "$n: SVG signed legend = the palette's RGB" cmp -s "$TMP/svgs-$n" "$TMP/hexs-$n"
    check "$n: the SVG legend names the palette" sh -c "grep -q 'data-palette=\"$n\"' '$w' &&
        grep -q '>palette: $n<' '$w'"
    grep -o '<rect data-cell="[0-9,]*" data-value="[^"]*" [^>]*fill="#[0-9a-f]*"' "$w" |
        sed 's/.*fill="//; s/"$//' > "$TMP/cells-$n"
    check "$n: every SVG cell has one of the palette's colours" \
        sh -c "test -s '$TMP/cells-$n' && ! grep -vxFf '$TMP/hex-$n' '$TMP/cells-$n'"
done

# ─── the stepper ────────────────────────────────────────────────────────────────
# The background of the cell 0.690 (weights[3][3] of by-hand, "0.69" in the stepper's two
# decimals), as "256:N" or "8:N".
bg_of_cell() {
    tm_screen_e | python3 -c '
import re, sys
for raw in sys.stdin.read().splitlines():
    plain, bgs, bg = "", [], "none"
    for m in re.finditer(r"\x1b\[([0-9;]*)m|([^\x1b])", raw):
        if m.group(2) is not None:
            plain += m.group(2); bgs.append(bg); continue
        p = m.group(1).split(";"); k = 0
        while k < len(p):
            if p[k] == "48" and k + 2 < len(p): bg = "256:" + p[k + 2]; k += 3; continue
            if p[k] in ("0", "49", ""): bg = "none"
            elif len(p[k]) == 2 and p[k][0] == "4": bg = "8:" + p[k][1]
            k += 1
    at = plain.find("0.69")
    if plain.startswith("cats") and at >= 0: print(bgs[at]); break
'
}
for n in $names; do
    # the colour print gives that cell
    want=$(grep '^cats' "$TMP/w-$n" | sed 's/.*48;5;\([0-9]*\)m 0\.690.*/\1/')
    tm_fresh 120 40 "$ATTNTRACE" -s by-hand --stage weights --palette "$n"
    tm_wait "stage 10/11" >/dev/null
    tm_wait "0.69" >/dev/null # the cursor is on [1][1]
    got=$(bg_of_cell)
    if [ "$got" = "256:$want" ]; then ok "$n: the stepper draws 0.690 as print does ($got)"
    else fail "$n: the stepper draws 0.690 as print does" "got $got, print $want"; fi
    tm_keys q
    tm_wait "[exit 0]" >/dev/null
done
# 8 colours (TERM=xterm): the stepper and --print on that terminal agree, per palette.
eight=""
for n in $names; do
    TM_TERM=xterm tm_fresh 120 40 COLORTERM= "$ATTNTRACE" -s by-hand -p --stage weights --palette "$n"
    tm_wait "[exit 0]" >/dev/null
    want=$(bg_of_cell)
    TM_TERM=xterm tm_fresh 120 40 COLORTERM= "$ATTNTRACE" -s by-hand --stage weights --palette "$n"
    tm_wait "0.69" >/dev/null
    got=$(bg_of_cell)
    case $want in
    8:[0-7]) if [ "$got" = "$want" ]; then ok "$n, 8 colours: stepper and print agree ($got)"
             else fail "$n, 8 colours: stepper and print agree" "stepper $got, print $want"; fi ;;
    *) fail "$n, 8 colours: print uses 8 colours" "got $want" ;;
    esac
    eight="$eight $want"
    tm_keys q
    tm_wait "[exit 0]" >/dev/null
done
check "8 colours: the palettes differ (${eight# })" \
    test "$(echo $eight | tr ' ' '\n' | sort -u | wc -l)" -gt 1
finish
