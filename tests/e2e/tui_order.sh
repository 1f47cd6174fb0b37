#!/bin/sh
# tests/e2e/tui_order.sh — word order in the stepper, in tmux (160×40): o reorders the
# words and shows the weights before and after side by side; without positions every
# row of after is a row of before, moved (underlined), with --pos none is; the numbers
# are those --export computes for the reordered sentence; u undoes; r turns RoPE on and
# off (x compares), and refuses an odd d_head.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
RUN="$TMP/run"
mkdir -p "$RUN"
cd "$RUN" || exit 1
S="$ROOT/samples/by-hand"

# Row LABEL of the after panel: the fields after before's label and its N numbers.
after_row() { # LABEL N
    tm_screen | sed 's/│/ /g' | awk -v l="$1" -v n="$2" '$(n + 2) == l && $2 ~ /^-?[0-9]/ { out = "";
        for (k = n + 3; k <= 2 * n + 2; k++) out = out (k > n + 3 ? " " : "") $k; print out; exit }'
}
# Row LABEL of stage NAME of an export, to 2 decimals as the stepper shows it.
export_row() { # DIR NAME LABEL
    python3 - "$1" "$2" "$3" <<'PY'
import csv, os, sys
d, name, label = sys.argv[1:]
files = {r["name"]: r["file"] for r in csv.DictReader(open(os.path.join(d, "manifest.csv")))}
for row in list(csv.reader(open(os.path.join(d, files[name]))))[1:]:
    if row[0] == label:
        print(" ".join("%.2f" % float(x) for x in row[1:]))
        break
PY
}
# A number cell drawn underlined (a marked cell): the underline, then its colours.
underlined() { tm_screen_e | grep -q "4m$(printf '\033')\[38;5;"; }

# ─── o without positions ────────────────────────────────────────────────────────
tm_start 160 40 "$A" -s "$S"
tm_wait "stage 1/11" || fail "start" "no stepper"
tm_keys o
step "o: reordered, compared" tm_wait "words reordered (order 1 3 2): no positions, 3 of 3 rows of weights are old rows moved (underlined); u undoes"
step "o: the weights stage side by side" tm_wait "before: weights"
check "o: the note under the panels" screen_has "3 of 3 rows are before's, moved (underlined): without positions"
"$A" -s "$S" -x "$RUN/shuffled" "I cats like" 2>/dev/null
for w in I cats like; do
    want=$(export_row "$RUN/shuffled" weights $w)
    check "o: after's row $w = the export of \"I cats like\"" test "$(after_row $w 3)" = "$want"
done
check "o: the moved rows are underlined" underlined
tm_keys u
step "u undoes the order" tm_wait "undid word order: back to as before (was 1 3 2)"
step "the header has the sentence's order again" tm_wait "tokens: I │ like │ cats"

# ─── o with positions ───────────────────────────────────────────────────────────
tm_fresh 160 40 "$A" -s "$S" --pos sinusoidal
tm_wait "stage 1/13" || fail "start --pos" "no stepper"
tm_keys o
step "o --pos: the rows are not only moved" tm_wait "with positions, 0 of 3 rows of weights are old rows moved"
check "o --pos: says why" screen_has "0 of 3 rows are before's, moved (underlined): positions make"
"$A" -s "$S" --pos sinusoidal -x "$RUN/shuffled-pos" "I cats like" 2>/dev/null
want=$(export_row "$RUN/shuffled-pos" weights cats)
check "o --pos: after's row cats = the export" test "$(after_row cats 3)" = "$want"
if underlined; then fail "o --pos: nothing underlined" "a row is marked"; else ok "o --pos: nothing underlined"; fi

# ─── r: RoPE on and off ─────────────────────────────────────────────────────────
tm_fresh 160 40 "$A" -s "$S" --stage scores
tm_wait "stage 8/11" || fail "start --stage scores" "no stepper"
tm_keys r
step "r: RoPE on" tm_wait "RoPE on (Q and K turned by position)"
step "r: the scores from the rotated Q and K" tm_wait "scores = Q.rope·K.ropeᵀ"
"$A" -s "$S" --rope -x "$RUN/rope" 2>/dev/null
tm_keys x
step "x: compare before and after RoPE" tm_wait "after: scores · RoPE"
check "x: before says no RoPE" screen_has "before: scores · no RoPE"
tm_keys x r
step "r again: RoPE off" tm_wait "RoPE off"
step "r off: the plain scores" tm_wait "scores = Q·Kᵀ"
mkdir -p "$RUN/odd" && echo "a b c" >"$RUN/odd/sentence.txt"
tm_fresh 160 40 "$A" -s "$RUN/odd" --dk 3
tm_wait "stage 1/" || fail "start odd" "no stepper"
tm_keys r
step "r with an odd d_head: refused" tm_wait "d_head = d_k/H = 3/1 = 3 is odd"
check "r refused: nothing changed" screen_has "(nothing changed)"
tm_keys q
finish
