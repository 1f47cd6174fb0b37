#!/bin/sh
# tests/e2e/tui_words.sh — the stepper tells the learner about the words of the sentence:
# the header names those not in the vocabulary (cut with "… +N" when they do not fit),
# the embeddings stage says which words were looked up as another row (cats → cat), and
# v shows the vocabulary view (--vocab's dimensions and rows) on the embeddings stage.
# Polls the screen; no fixed sleeps.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
RUN="$TMP/run"
mkdir -p "$RUN"
cd "$RUN" || exit 1
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES

# ─── the header names the unknown words ───────────────────────────────────────
tm_fresh 140 40 "$A" "'the cats glorp on the mat'"
step "header: the unknown word named" tm_wait "not in the vocabulary: glorp*"
step "embeddings panel: cats looked up as cat" tm_wait "looked up as: cats → cat"
tm_keys q
step "q exits 0" tm_wait "[exit 0]"

# Many unknown words at 100 columns: as many as fit, and a count of the rest.
tm_fresh 100 30 "$A" "'the cat glorp blix zzyzx qwop frumious vorpal tove'"
step "header: a long list is cut with a count" tm_wait_re "not in the vocabulary: glorp\\* .*… \\+[0-9]+"
tm_keys q
step "q exits 0 (long list)" tm_wait "[exit 0]"

# Every word known: no note (the default sample).
tm_fresh 140 40 "$A"
step "default sample opens" tm_wait "stage 1/11"
check "header: no note when every word is known" screen_lacks "not in the vocabulary"
check "no looked-up line when every row is the word itself" screen_lacks "looked up as:"
tm_keys q
step "q exits 0 (default)" tm_wait "[exit 0]"

finish
