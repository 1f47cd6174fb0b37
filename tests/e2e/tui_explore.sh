#!/bin/sh
# tests/e2e/tui_explore.sh — the stepper's explore mode in tmux (120×40): what-if keys
# (s, m, t/T, d/D) against what --print computes with the same options, the compare view
# (x), editing an input (=) with changed cells marked, undo (u), writing the inputs as a
# sample (w) that loads back to the same numbers, SVG slides (S), a failed rebuild, the
# help overlay. Expected numbers always come from the binary, never hard-coded.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
RUN="$TMP/run"
mkdir -p "$RUN"
cd "$RUN" || exit 1

# The numbers of row LABEL of one stage in --print (3 decimals, glyphs dropped).
print_row() { # LABEL ARGS...
    label=$1; shift
    "$A" -p --color never "$@" | awk -v l="$label" '
        /^── stage / { inside = 1; head = 1; next }
        # The header names the columns; a last "Σ" (row sums) is not on the screen.
        inside && head { ncol = NF - 1 - ($NF == "Σ"); head = 0; next }
        inside && $1 == l { out = ""; for (k = 2; k <= ncol + 1; k++) { v = $k; gsub(/[^0-9.×-]/, "", v);
                            if (v == "-0.000") v = "0.000"; out = out (k > 2 ? " " : "") v }
                            print out; exit }'
}
# The first N numbers after row LABEL on the screen, in the right-most grid with that row
# (the result: its operands stand left of it, or above it), the text panel cut off.
screen_row() { # LABEL N
    tm_screen | sed 's/ *│.*//' | awk -v l="$1" -v n="$2" '$1 == l { at = 1; for (k = 2; k <= NF; k++)
                                         if ($k == l) at = k; out = ""
                                         for (k = at + 1; k <= at + n; k++)
                                         out = out (k > at + 1 ? " " : "") $k; print out; exit }'
}
row_is() { [ "$(screen_row "$1" "$2")" = "$3" ]; }
wait_row() { # LABEL N WANT: poll until the screen's row shows WANT
    poll 10 row_is "$@" && return 0
    echo "row $1: wanted \"$3\", screen has \"$(screen_row "$1" "$2")\"" >&2
    return 1
}

# ─── s: scaling off on the weights stage ──────────────────────────────────────
base=$(print_row cat --stage weights)
noscale=$(print_row cat --stage weights --no-scale)
[ -n "$base" ] && [ "$base" != "$noscale" ] && ok "--no-scale changes the cat row of weights" ||
    fail "reference rows" "base \"$base\", no scale \"$noscale\""
tm_fresh 120 40 "$A"
tm_wait "stage 1/11"
tm_keys +
tm_wait "3 decimals"
tm_keys G p
tm_wait "stage 10/11  weights"
step "weights as --print shows them" wait_row cat 6 "$base"
step "header: scale on, d_k 3" tm_wait "d_k 3 · scale ÷√d_k · T 1 · mask none"
tm_keys s
step "s: the header says no scale" tm_wait "d_k 3 · no scale · T 1 · mask none"
step "s: the cat row is what --no-scale prints" wait_row cat 6 "$noscale"
step "s: the status line says what changed" tm_wait "scaling off (no ÷√d_k)"
step "s: the stage is kept (weights)" tm_wait "stage 10/11  weights"
step "s: changed cells counted" tm_wait_re 'weights \(6×6\)  [0-9]+ changed'
# The toggled option is highlighted (reverse or a background), the others are not.
hl=$(tm_screen_e | python3 -c '
import re, sys
for raw in sys.stdin.read().splitlines():
    if "no scale" not in re.sub(r"\x1b\[[0-9;]*m", "", raw): continue
    at = raw.find("no scale"); sgr = re.findall(r"\x1b\[([0-9;]*)m", raw[:at])
    print("yes" if sgr and re.search(r"(^|;)(7|48;5;228|43)(;|$)", sgr[-1]) else "no: %r" % sgr[-1:])
    break')
[ "$hl" = yes ] && ok "s: the toggled option is highlighted in the header" ||
    fail "header highlight" "$hl"
tm_keys s
step "s again: scaling back on" tm_wait "d_k 3 · scale ÷√d_k · T 1 · mask none"
step "s again: the numbers are back" wait_row cat 6 "$base"
tm_keys s
tm_wait "d_k 3 · no scale"

# ─── x: the compare view ──────────────────────────────────────────────────────
tm_keys x
step "x: before" tm_wait "before: weights · scale ÷√d_k"
step "x: after" tm_wait "after: weights · no scale"
step "x: the difference" tm_wait_re 'after − before  \([0-9]+ cells changed\)'
# after − before for cat/sat, from two exports (exact), rounded as the screen shows it.
"$A" -x "$TMP/exp-scale" >/dev/null && "$A" --no-scale -x "$TMP/exp-noscale" >/dev/null
want_diff=$(python3 -c '
import csv, sys
def cell(d):
    rows = list(csv.reader(open(d + "/10_weights.csv")))
    return float(rows[2][3])  # row cat, column sat
print("%.3f" % (cell(sys.argv[2]) - cell(sys.argv[1])))' "$TMP/exp-scale" "$TMP/exp-noscale")
diff_row=$(tm_screen | awk '/after − before/ { d = 1 } d && $1 == "cat" { print $4; exit }')
[ "$diff_row" = "$want_diff" ] && ok "x: diff[cat][sat] = $want_diff (from two exports)" ||
    fail "x: diff[cat][sat]" "screen \"$diff_row\", wanted \"$want_diff\""
[ -n "${ATTNTRACE_CAPTURE:-}" ] && tm_screen >"$ATTNTRACE_CAPTURE" # keep it for a report
tm_resize() { tm resize-window -t t -x "$1" -y "$2"; }
tm_resize 80 24
step "x at 80×24: a note says where before went" tm_wait "(before: enlarge)"
step "x at 80×24: the difference still shown" tm_wait "after − before  ("
step "x at 80×24: the part shown is named" tm_wait_re 'rows 1–[0-9], columns 1–6'
tm_resize 120 40
tm_wait "before: weights"
tm_keys x
step "x again closes the compare view" tm_gone "before: weights"

# ─── m: the causal mask ───────────────────────────────────────────────────────
tm_keys m
step "m: the masked stage appears (12 stages), weights kept" tm_wait "stage 11/12  weights"
step "m: the header says mask causal" tm_wait "mask causal"
tm_keys p
step "m: masked stage" tm_wait "stage 10/12  masked"
step "m: masked cells show ×" tm_wait_re '^cat +[-0-9.]+ +[-0-9.]+ +× +× +× +×'
step "m: masked cells changed from scaled are counted" tm_wait "masked (6×6)  15 changed"
tm_keys m
step "m off on masked: the nearest earlier stage, scaled" tm_wait "stage 9/11  scaled"
tm_keys u u u u u # s s s m m
step "u: back to the start (scale on, no mask)" tm_wait "d_k 3 · scale ÷√d_k · T 1 · mask none"
step "u: the undo count" tm_wait "(0 more to undo)"
tm_keys u
step "u: nothing more to undo" tm_wait "Nothing to undo."

# ─── t / T: temperature ───────────────────────────────────────────────────────
tm_keys T
step "T: temperature 2 in the header" tm_wait "T 2 · mask none"
tm_keys t
tm_wait "T 1 · mask none"
tm_keys u
step "u after T t: back to 2, and says so" tm_wait "undid temperature: back to 2 (was 1)"
step "u after T t: the header says T 2" tm_wait "T 2 · mask none"
tm_keys t t
step "t t: temperature 0.5" tm_wait "T 0.5 · mask none"
step "t t: scaled as --temperature 0.5 prints it" wait_row cat 6 "$(print_row cat --stage scaled --temperature 0.5)"
tm_keys t t
step "t at the bottom stays at 0.25" tm_wait "T is already 0.25"
tm_keys T T
tm_wait "T 1 · mask none"

# ─── d: d_k only for generated weights ────────────────────────────────────────
tm_keys d
step "d on the default sample: says why not" tm_wait "d/D change d_k only when the weights are generated"
step "d: d_k unchanged" tm_wait "d_k 3 · scale"

# ─── =: edit an embedding, watch it flow; w writes it; u undoes ───────────────
tm_keys g j =
step "=: the field is prefilled" tm_wait "embeddings[cat][animal] = 1"
tm_keys BSpace 3
step "=: typing shows in the field" tm_wait "embeddings[cat][animal] = 3"
tm_keys Enter
step "=: Enter applies" tm_wait "X[cat][animal] 1.0000 → 3.0000"
step "=: the header counts the edit" tm_wait "· 1 edit"
step "=: the edited cell is marked" tm_wait "embeddings (6×5)  1 changed"
tm_keys 8
step "=: scores recomputed, changed cells counted" tm_wait_re 'scores \(6×6\)  2 changed'
underlined=$(tm_screen_e | grep -c '\[[0-9;]*4[;m]')
[ "$underlined" -gt 0 ] && ok "=: changed cells are underlined" || fail "=: underline" "no SGR 4"
tm_keys w
step "w: names the folder written" tm_wait "wrote attntrace-sample/"
check "w: a sample folder" test -s attntrace-sample/embeddings.csv -a -s attntrace-sample/W_Q.csv -a -s attntrace-sample/sentence.txt -a -s attntrace-sample/README.md
check "w: one row per distinct token" test "$(grep -c . attntrace-sample/embeddings.csv)" -eq 6
edited=$(print_row cat -s attntrace-sample --stage scores)
step "w: the written folder loads back; -p matches the stepper's scores" wait_row cat 6 "$edited"
[ "$edited" != "$(print_row cat --stage scores)" ] && ok "w: the edit is in the written folder" ||
    fail "w: the edit" "scores unchanged"
"$A" -s attntrace-sample -x "$TMP/back" >/dev/null 2>&1 &&
    grep -q '^"cat",3,' "$TMP/back/01_embeddings.csv" && ok "w: X[cat][animal] = 3 loads back" ||
    fail "w: load back" "$(head -3 "$TMP/back/01_embeddings.csv" 2>&1)"
tm_keys w
step "w again: never overwrites, a new folder" tm_wait "wrote attntrace-sample-2/"
tm_keys u
step "u: the edit is undone, says what it is now" tm_wait_re 'undid X\[cat\]\[animal\]: back to 1\.0000 \(was 3\.0000\)'
step "u: scores back to the sample's" wait_row cat 6 "$(print_row cat --stage scores)"
step "u: the header no longer counts edits" tm_gone "· 1 edit"

# An edit on every occurrence of a token: "the" is rows 1 and 5.
tm_keys g k = BSpace 2 Enter
step "=: every occurrence of the token changes" tm_wait 'all 2 occurrences of "the"'
step "=: both rows of the show it" tm_wait "embeddings (6×5)  2 changed"
tm_keys u
tm_wait "undid"

# A rebuild that fails keeps the previous numbers.
tm_keys g j = BSpace 1 e 3 0 8 Enter
step "=: an overflow is reported, not shown" tm_wait "overflows"
step "=: the previous numbers stay" tm_wait_re '^cat +1\.000'
tm_keys = Escape
step "Esc cancels the edit" tm_wait "edit cancelled"
tm_keys 8 =
step "= on a computed stage says where to edit" tm_wait "= edits the inputs"

# ─── a 100 KB paste into the edit field; a number too wide for fixed point ─────
# The field takes the 63 characters a number can have and drops the rest at once (one
# frame per batch of keys, not per key); 63 ones make 1.1e62, which every stage shows in
# the exponent form inside its cells (never a 62-digit run over the next column).
CHUNK=$(python3 -c 'print("1" * 10000, end="")')
paste_limit=10
[ -n "${ATTNTRACE_REAL:-}" ] && paste_limit=120 # under valgrind
tm_keys g =
tm_wait "embeddings["
tm_keys C-u
start=$(date +%s)
for k in 1 2 3 4 5 6 7 8 9 10; do tm send-keys -t t -l "$CHUNK"; done
step "paste: the field is full at 63 characters" tm_wait "full: a number has fewer than 64 characters" "$paste_limit"
tm_keys Enter
step "paste: 100 000 keys handled in ${paste_limit} s" tm_wait_re '→ 1\.111e\+62' "$paste_limit"
echo "# the paste took $(( $(date +%s) - start )) s"
step "1.1e62: the cell shows the exponent form" tm_wait_re '^cat +1\.1+e\+62 '

no_long_digit_runs() { ! tm_screen | grep -qE '[0-9]{13}'; }
k=1
while [ $k -le 11 ]; do
    if [ $k -le 9 ]; then tm_keys "$k"; else tm_keys G; [ $k -eq 10 ] && tm_keys p; fi
    tm_wait "stage $k/11" 5
    check "1.1e62 at stage $k: no number spills over its cell" no_long_digit_runs
    check "1.1e62 at stage $k: some columns shown" screen_lacks "columns 1–0"
    k=$((k + 1))
done
tm_keys u
step "u: the pasted number undone" tm_wait_re 'undid X\[[^]]+\]\[[^]]+\]: back to'

# ─── S: slides ────────────────────────────────────────────────────────────────
tm_keys S
step "S: names what it wrote" tm_wait "wrote attntrace-slides/: index.html and 11 SVG slides, 01_embeddings.svg … 11_output.svg"
check "S: 11 SVG files" test "$(ls attntrace-slides | grep -c '\.svg$')" -eq 11
check "S: index.html" test -s attntrace-slides/index.html
tm_keys m S
step "S again replaces the earlier slides (12 with the mask)" tm_wait "index.html and 12 SVG slides"
check "S again: 12 SVG files" test "$(ls attntrace-slides | grep -c '\.svg$')" -eq 12

# ─── ?: every explore key is in the help ──────────────────────────────────────
tm_keys '?'
tm_wait_re 'Keys( [0-9]+/[0-9]+)? — any key'
for h in "s  *what if: scaling" "m  *what if: causal mask" "t  *what if: temperature down" \
         "T  *what if: temperature up" "d  *what if: d_k of generated weights ÷2" \
         "D  *what if: d_k of generated weights ×2" "x  *compare: before and after" \
         "=  *edit this number" "u  *undo the last edit" "w  *write the inputs as a new sample" \
         "S  *write every stage as an SVG slide"; do
    step "help: $h" tm_wait_re "$h" 2
done
_page=1 # a page at a time when it is taller than the screen
while screen_has "any key shows the next page"; do
    _page=$((_page + 1))
    tm_keys x
    tm_wait "Keys $_page/" 5 || break
done
tm_keys x
tm_gone "any key closes this"
tm_keys q q
step "q quits with status 0" tm_wait "[exit 0]"

# ─── d / D on a sample whose weights are generated ────────────────────────────
mkdir -p "$TMP/gen"
echo "the cat sat on the mat" >"$TMP/gen/sentence.txt"
tm_fresh 120 40 "$A" -s "$TMP/gen"
tm_wait "stage 1/11"
step "generated: d_k 8 (d_model)" tm_wait "d_k 8 · scale"
tm_keys + G p
tm_wait "stage 10/11  weights"
tm_keys D
step "D: d_k 16" tm_wait "d_k 16 · scale"
step "D: says what it did" tm_wait "d_k 8 → 16 (W_Q, W_K, W_V generated again"
tm_keys d d d
step "d d d: d_k 2" tm_wait "d_k 2 · scale"
step "d: weights as --dk 2 prints them" wait_row 'cat*' 6 "$(print_row 'cat*' -s "$TMP/gen" --dk 2 --stage weights)"
tm_keys u
step "u after d: d_k back to 4, and says so" tm_wait "undid d_k: back to 4 (was 2)"
step "u after d: weights as --dk 4 prints them" wait_row 'cat*' 6 "$(print_row 'cat*' -s "$TMP/gen" --dk 4 --stage weights)"
tm_keys d
tm_wait "d_k 2 · scale"
tm_keys x
step "x after d: before and after" tm_wait "before: weights · d_k 4"
tm_keys x 2
step "W_Q is 8×2" tm_wait "W_Q (8×2)"
tm_keys q
tm_wait "[exit 0]"

finish
