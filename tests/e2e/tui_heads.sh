#!/bin/sh
# tests/e2e/tui_heads.sh — several heads and cross-attention in the stepper (tmux):
# [ and ] switch heads on the same kind of stage, the header names the heads and the
# per-head scale, a head's panel says which slice it uses, cross-attention's scores are
# labelled by both sentences, and `w` writes W_O.csv so the sample loads back.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
cd "$TMP" || exit 1
export LANG=C.UTF-8

tm_fresh 130 40 "$A" -s by-hand --heads 2
step "heads: the stepper opens (18 stages)" tm_wait "stage 1/18"
tm_keys ']'
step "]: from a stage outside the heads to head 1's scores" tm_wait "scores.h1 — Raw attention scores, head 1"
tm_keys ']'
step "]: head 2's scores" tm_wait "scores.h2 — Raw attention scores, head 2"
step "the header names the heads and the per-head scale" tm_wait "d_k 4 = 2 heads × 2 · scale ÷√d_head"
step "the panel says which slice head 2 uses" tm_wait "Head 2 of 2 works on its own slice: columns 3–4"
# The same numbers as --print for head 2's scores (row "like": 0 3 3).
"$A" -s by-hand --heads 2 -p --stage scores.h2 --color never >"$TMP/h2.txt"
row=$(awk '$1 == "like" { printf "like +%.2f +%.2f +%.2f", $2, $3, $4 }' "$TMP/h2.txt")
step "head 2's numbers match --print ($row)" tm_wait_re "$row"
tm_keys ']'
step "]: wraps round to head 1" tm_wait "scores.h1 — Raw attention scores, head 1"
tm_keys '['
step "[: back to head 2" tm_wait "scores.h2 —"
tm_keys n n n
step "n: on to head 2's output" tm_wait "output.h2"
tm_keys G
step "G: the multi-head output = concat·W_O" tm_wait "output = concat·W_O"
tm_keys w
step "w writes a sample with W_O" tm_wait "attntrace-sample"
check "W_O.csv written" test -f "$TMP/attntrace-sample/W_O.csv"
tm_keys q
expect_status 0 "the written sample loads back with --heads 2" "$A" -s ./attntrace-sample --heads 2 -p --stage output --color never
"$A" -s by-hand --heads 2 -p --stage output --color never | sed -n '/^── stage/,$p' >"$TMP/want"
sed -n '/^── stage/,$p' "$TMP/out" >"$TMP/got"
check "…and gives the same output" cmp -s "$TMP/want" "$TMP/got"

# Cross-attention: the scores are labelled by the sentence (rows) and the source (columns).
printf '"%s" -s coreference --source "the animal was tired" "it was tired"\n' "$A" >"$TMP/cross.sh"
tm_fresh 130 40 sh "$TMP/cross.sh"
step "source: the stepper opens" tm_wait "stage 1/12"
tm_keys 2
step "source: the source stage" tm_wait "Cross-attention: the source sentence's"
tm_keys 9
step "source: scores are 3×4, queries × source keys" tm_wait "scores (3×4)"
step "source: a source token labels a column" tm_wait_re "it +[-0-9.]+ +[-0-9.]+ +[-0-9.]+ +[-0-9.]+"
tm_keys m
step "source: m (a causal mask) is refused, the trace kept" tm_wait_re "causal|mask"
step "source: still on the scores" tm_wait "scores (3×4)"
tm_keys q
finish
