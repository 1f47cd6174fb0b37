#!/bin/sh
# End-to-end: --export-svg for every sample and with a causal mask. Every file parses
# (xmllint); every cell agrees with the CSV export of the same run (tests/svg_check.py)
# and a few known cells are read back with xmllint; masked cells show the glyph, never a
# number; one stage renders to a 1280×720 PNG (rsvg-convert); labels with <&"'> are
# escaped; a non-empty folder is refused, an earlier SVG export replaced with --force.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

for tool in xmllint rsvg-convert python3; do
    command -v "$tool" >/dev/null 2>&1 || { fail "$tool installed" "run scripts/install-deps"; finish; }
done

xpath() { # FILE EXPR: xmllint's answer (SVG elements are in a namespace: local-name())
    xmllint --xpath "$2" "$1" 2>/dev/null
}
cells() { xpath "$1" "count(//*[local-name()='rect'][@data-cell])"; }
cell_text() { xpath "$1" "string(//*[local-name()='text'][@data-cell='$2'])"; }
csv_cell() { # FILE ROW COL (0-based): the number, from the CSV export (sample labels hold no commas)
    awk -F, -v r="$2" -v c="$3" 'NR == r + 2 { print $(c + 2) }' "$1"
}
same3() { # A B: equal to 3 decimals
    awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= 0.0005000001) }'
}
all_xml() { # DIR: every .svg and index.html parse as XML
    for _f in "$1"/*.svg "$1"/index.html; do xmllint --noout "$_f" || return 1; done
}

for dir in samples/*/; do
    name=$(basename "$dir")
    expect_status 0 "$name: --export-svg with --export" "$ATTNTRACE" -s "$name" \
        --export-svg "$TMP/s-$name" -x "$TMP/x-$name"
    check "$name: nothing printed" test ! -s "$TMP/out"
    stages=11 # 12 with the source stage (a sample with a source.txt)
    [ -f "$dir/source.txt" ] && stages=12
    check "$name: $stages SVGs + index.html" test "$(ls "$TMP/s-$name" | wc -l)" -eq $((stages + 1))
    check "$name: every file is well-formed XML" all_xml "$TMP/s-$name"
    if python3 tests/svg_check.py "$TMP/s-$name" "$TMP/x-$name" >"$TMP/chk" 2>&1; then
        ok "$name: every cell agrees with the CSV export ($(cat "$TMP/chk"))"
    else fail "$name: cells agree with the CSV export" "$(cat "$TMP/chk")"; fi
    w=$(basename "$(ls "$TMP/x-$name"/*_weights.csv)" .csv)
    sc=$(basename "$(ls "$TMP/x-$name"/*_scores.csv)" .csv)
    n=$(($(wc -l <"$TMP/x-$name/$w.csv") - 1))
    m=$(($(head -1 "$TMP/x-$name/$w.csv" | tr -cd , | wc -c)))
    check "$name: weights has n×m = $((n * m)) cells" test "$(cells "$TMP/s-$name/$w.svg")" -eq $((n * m))
    for rc in "0 0" "1 0" "$((n - 1)) $((m - 1))"; do
        set -- $rc
        got=$(cell_text "$TMP/s-$name/$w.svg" "$1,$2")
        want=$(csv_cell "$TMP/x-$name/$w.csv" "$1" "$2")
        check "$name: weights[$1,$2] shows $got (CSV $want)" same3 "$got" "$want"
    done
    got=$(cell_text "$TMP/s-$name/$sc.svg" "1,0")
    want=$(csv_cell "$TMP/x-$name/$sc.csv" 1 0)
    check "$name: scores[1,0] shows $got (CSV $want)" same3 "$got" "$want"
done

# A causal mask: the masked stage has n(n-1)/2 hatched cells and no numbers in them.
expect_status 0 "causal: --export-svg" "$ATTNTRACE" -s default --mask causal \
    --export-svg "$TMP/sm" -x "$TMP/xm"
check "causal: 12 SVGs + index.html" test "$(ls "$TMP/sm" | wc -l)" -eq 13
check "causal: every file is well-formed XML" all_xml "$TMP/sm"
check "causal: every cell agrees with the CSV export" python3 tests/svg_check.py "$TMP/sm" "$TMP/xm"
m="$TMP/sm/10_masked.svg"
check "causal: 36 cells" test "$(cells "$m")" -eq 36
check "causal: 15 masked cells" test "$(xpath "$m" "count(//*[local-name()='rect'][@data-masked='1'])")" -eq 15
check "causal: 15 masked glyphs" test "$(xpath "$m" "count(//*[local-name()='text'][@class='m'][.='×'])")" -eq 15
check "causal: no -inf/inf in cell values" test "$(xpath "$m" "count(//*[local-name()='text'][@data-cell][contains(., 'inf')])")" -eq 0
check "causal: the legend explains the glyph" grep -q 'masked' "$m"
check "causal: weights above the diagonal show 0.000" test "$(cell_text "$TMP/sm/11_weights.svg" 0,5)" = 0.000
# A tall grid: the legend's last line (the masked key's "(-inf)") stays above the bottom
# line's text (font 18), and the palette's name above the ramp.
expect_status 0 "causal, 16 tokens: --export-svg" "$ATTNTRACE" -s default --mask causal \
    --export-svg "$TMP/sm16" "the cat sat on the mat and the dog sat on the log while it rained"
m16="$TMP/sm16/10_masked.svg"
low=$(xpath "$m16" "//*[local-name()='g'][@class='legend']/*[local-name()='text'][last()]/@y" |
    sed 's/.*="\(.*\)"/\1/')
note=$(xpath "$m16" "//*[local-name()='svg']/*[local-name()='text'][last()]/@y" | sed 's/.*="\(.*\)"/\1/')
check "causal, 16 tokens: the legend ($low) ends above the bottom line ($note)" \
    awk -v l="$low" -v n="$note" 'BEGIN { exit !(l != "" && n != "" && l + 0 < n - 18) }'
check "the legend names the palette" grep -q '>palette: cividis</text>' "$m16"

# Rendered for a slide: a PNG of the right size, not a blank page.
png_size() { # FILE: WxH from the PNG header (big-endian width and height at byte 16)
    od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", (($1*256+$2)*256+$3)*256+$4, (($5*256+$6)*256+$7)*256+$8 }'
}
if rsvg-convert -w 1280 "$TMP/s-default/10_weights.svg" -o "$TMP/w.png" 2>"$TMP/rsvg.err"; then
    ok "rsvg-convert renders weights"
    check "PNG is over 5 KB" test "$(wc -c <"$TMP/w.png")" -gt 5120
    check "PNG is 1280×720 ($(png_size "$TMP/w.png"))" test "$(png_size "$TMP/w.png")" = 1280x720
else fail "rsvg-convert renders weights" "$(cat "$TMP/rsvg.err")"; fi
check "masked stage renders" rsvg-convert "$m" -o "$TMP/m.png"
check "Chinese stage renders" rsvg-convert "$TMP/s-chinese/10_weights.svg" -o "$TMP/zh.png"
check "Chinese labels kept as UTF-8" test "$(xpath "$TMP/s-chinese/10_weights.svg" "string(//*[local-name()='g'][@class='row-labels']/*[1])")" = 小猫

# Labels from user files are escaped: <, &, ", > and ' in tokens and dimension names.
mkdir -p "$TMP/esc"
cat >"$TMP/esc/embeddings.csv" <<'CSV'
token,"d<&"">1",d'2
x,1,0
<,0,1
&,1,1
"""",0.5,-0.5
>,0.25,0.75
CSV
expect_status 0 "escaping: export" "$ATTNTRACE" -s "$TMP/esc" --export-svg "$TMP/se" 'x < & " >'
check "escaping: every file is well-formed XML" all_xml "$TMP/se"
check "escaping: dimension name escaped in the file" grep -qF 'd&lt;&amp;&quot;&gt;1' "$TMP/se/01_embeddings.svg"
check "escaping: tokens read back as written" test "$(xpath "$TMP/se/10_weights.svg" "string(//*[local-name()='g'][@class='row-labels'])" | tr -d '\n')" = 'x<&">'
check "escaping: sentence in index.html" grep -qF 'x &lt; &amp; &quot; &gt;' "$TMP/se/index.html"
check "escaping: renders" rsvg-convert "$TMP/se/01_embeddings.svg" -o "$TMP/esc.png"

# Refusals and --force, as for --export; --print still prints.
expect_status 2 "refuse a non-empty folder" "$ATTNTRACE" -s by-hand --export-svg "$ROOT/samples"
expect_status 2 "refuse a non-export folder even with --force" "$ATTNTRACE" -s by-hand --export-svg "$ROOT/samples" --force
check "the refusal names the marker" grep -q 'no index.html' "$TMP/err"
expect_status 2 "refuse an earlier export without --force" "$ATTNTRACE" -s by-hand --export-svg "$TMP/s-default"
expect_status 0 "--force replaces an earlier SVG export" "$ATTNTRACE" -s by-hand --export-svg "$TMP/s-default" --force
check "replaced export holds the new sample" grep -q 'I like cats' "$TMP/s-default/index.html"
check "replaced export has no stale files" test "$(ls "$TMP/s-default" | wc -l)" -eq 12
expect_status 2 "--force does not replace a CSV export" "$ATTNTRACE" -s by-hand --export-svg "$TMP/x-default" --force
expect_status 2 "the same folder for both exports" "$ATTNTRACE" -s by-hand --export-svg "$TMP/z" -x "$TMP/z"
check "no temp folders left" sh -c "! ls -d '$TMP'/*.tmp.* '$TMP'/*.old.* 2>/dev/null"
expect_status 0 "--print with --export-svg" "$ATTNTRACE" -s by-hand -p --color never --export-svg "$TMP/sp"
check "both happen" sh -c "grep -q 'stage 11/11' '$TMP/out' && test -f '$TMP/sp/index.html'"
expect_status 0 "--help lists --export-svg" "$ATTNTRACE" --help
check "--help lists --export-svg" grep -q -- '--export-svg DIR' "$TMP/out"

finish
