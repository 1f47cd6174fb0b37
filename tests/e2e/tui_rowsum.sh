#!/bin/sh
# tests/e2e/tui_rowsum.sh — rounding made visible on the weights stage: each row's sum
# beside it (Σ 1.000, as --print shows it), and a note when a row's cells as shown do
# not add up to it (coreference at 120×40: twelve cells of 0.08 show 0.96 in all).
# Polls the screen; no fixed sleeps.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
RUN="$TMP/run"
mkdir -p "$RUN"
cd "$RUN" || exit 1
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES

# The Σ the learner reads must be print mode's: its Σ of row "the".
"$A" -s coreference --print --stage weights --color never >"$TMP/print.txt" 2>&1 ||
    fail "--print the weights" "$(cat "$TMP/print.txt")"
psum=$(awk '$1 == "the" { print $NF; exit }' "$TMP/print.txt")
check "print's Σ of the first row is 1.000" test "$psum" = "1.000"

tm_fresh 120 40 "$A" -s coreference --stage weights
step "opens on the weights" tm_wait "weights (12×12)"
step "a Σ column beside the weights" tm_wait_re "▸? +Σ *(│|$)"
step "row \"the\": cells of 0.08 and Σ $psum" tm_wait_re "^the +0\\.08 .* $psum( |$)"
rows=$(tm_screen | grep -cE " 1\\.000 *(│|$)")
check "every one of the 12 rows shows its Σ" test "$rows" -eq 12
step "the rounding note under the legend" \
    tm_wait 'Cells are rounded to 2 decimals: row "the" shows 0.96 in all, Σ 1.000.'
tm_keys +
step "+: 3 decimals, the note follows" \
    tm_wait 'Cells are rounded to 3 decimals: row "the" shows 0.996 in all, Σ 1.000.'
tm_keys p
step "the scaled scores: no Σ" tm_wait "scaled (12×12)"
check "no Σ column on a signed stage" screen_lacks "  Σ"
check "no rounding note on a signed stage" screen_lacks "Cells are rounded"
tm_keys q
step "q exits 0" tm_wait "[exit 0]"

finish
