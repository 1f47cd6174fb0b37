#!/bin/sh
# tests/e2e/tui_decode.sh — the decode walk in the stepper (tmux): C opens it at step 1,
# n and p move a step, the cache grows by one row each step with the new row marked,
# the output row matches row t of the causal run (difference 0, the same numbers as
# --print), ] switches heads with their K/V group, C goes back, q quits. With
# --kv-heads: the header and K's panel name the groups and what sharing saves.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
cd "$TMP" || exit 1
export LANG=C.UTF-8

tm_fresh 120 40 "$A" -s by-hand --decode
step "the stepper opens on the causal run" tm_wait "stage 1/12"
tm_keys W
step "W: the decode walk at step 1" tm_wait 'decode walk — step 1/3: token "I"'
step "step 1: a cache of one row, the new one" tm_wait "1 I                 1.00     1.00     0.00     0.00  ← k_1, added now"
step "step 1: two tokens still to come" tm_wait "2 later tokens: not generated yet"
tm_keys n
step "n: step 2" tm_wait 'decode walk — step 2/3: token "like"'
step "the cache grew: row 1 kept" tm_wait "1 I                 1.00     1.00     0.00     0.00  kept"
step "row 2 added now" tm_wait "2 like              0.00     1.00     1.00     1.00  ← k_2, added now"
step "the score row over the cache" tm_wait "scores              0.50     2.00  q_2·K[1..2]ᵀ / √d_k"
row=$("$A" -s by-hand --mask causal -p --stage output --color never | awk '$1 == "like" { printf "causal row 2        %.2f     %.2f", $2, $3 }')
step "row 2 of the causal output, as --print shows it ($row)" tm_wait "$row"
step "the proof: difference 0" tm_wait "= row 2 of causal, difference 0"
step "what the cache saves" tm_wait "multiply-adds for 3 tokens: 96 with the cache, 180 without"
tm_keys n n
step "n at the last step stays" tm_wait "the last step: every token is decoded"
tm_keys p
step "p: back to step 2" tm_wait 'step 2/3'
tm_keys x
step "another key says what works here" tm_wait "In the decode walk: n/p step"
tm_keys W
step "W: back to the stages" tm_wait "stage 1/12"
tm_keys q
step "q quits" tm_wait "[exit 0]"

tm_fresh 120 40 "$A" -s by-hand --heads 2 --decode
step "with heads: the stepper opens" tm_wait "stage 1/"
tm_keys W ']'
step "]: head 2 of the walk, its group" tm_wait "head 2/2, K/V group 2"
tm_keys q
step "q quits from the walk" tm_wait "[exit 0]"

# Grouped-query heads: the header names the groups, K's panel says what sharing saves.
mkdir -p "$TMP/gen" && echo "the cat sat on the mat" >"$TMP/gen/sentence.txt"
tm_fresh 170 40 "$A" -s "$TMP/gen" --heads 4 --kv-heads 2
step "--kv-heads: the header names the groups" tm_wait "d_k 8 = 4 heads × 2, 2 K/V groups"
tm_keys 6
step "K's panel: the groups" tm_wait "Grouped-query (--kv-heads 2): K holds"
check "... 2 groups of 2 columns" screen_has "2 groups of 2 columns"
step "K's panel: what it saves" tm_wait "K and V kept per token: G = 2 groups"
tm_keys q

tm_fresh 120 40 "$A" -s by-hand
step "without --decode" tm_wait "stage 1/11"
tm_keys W
step "W says it needs --decode" tm_wait "The decode walk needs --decode"
tm_keys q
finish
