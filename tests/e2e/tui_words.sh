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

# ─── v: the vocabulary view on the embeddings stage ───────────────────────────
tm_fresh 120 40 "$A" "'the dogs chased a glorp'"
step "stepper opens on the lexicon sentence" tm_wait "stage 1/"
tm_keys v
step "v: the vocabulary view opens" tm_wait "Vocabulary — any key closes this"
step "v: where the rows come from" tm_wait "vocabulary: samples/everyday/embeddings.csv"
step "v: what a dimension means (dimensions.csv)" tm_wait_re "animal +an animal"
step "v: dogs found as dog" tm_wait_re "dogs +.*dog"
step "v: glorp is generated" tm_wait_re "glorp\\* +not in the vocabulary"
tm_keys x
step "any key closes it" tm_gone "Vocabulary — any key"
tm_keys n v
step "v on another stage says where it works" tm_wait "v shows the vocabulary on the embeddings stage"
check "... and opens nothing" screen_lacks "Vocabulary — any key"
tm_keys q
step "q exits 0 (v)" tm_wait "[exit 0]"

# In Chinese: the meanings from dimensions.zh.csv; at 60 columns a long line wraps under
# its text, never back at the left edge.
tm_fresh 60 30 "$A" --lang zh "'the dogs chased a glorp'"
step "zh: stepper opens" tm_wait "阶段 1/"
tm_keys v
step "zh v: the vocabulary view opens" tm_wait "词表"
step "zh v: a dimension's meaning in Chinese" tm_wait_re "animal +动物"
tm_keys x x x
tm_keys q
tm_wait "[exit 0]"
tm_fresh 60 30 "$A" "'the dogs chased a glorp'"
tm_wait "stage 1/"
tm_keys v
step "60 columns: the lookup line wraps under its text" tm_wait_re "^│ {9}regular rules"
step "... and a meaning under the meanings" tm_wait_re "^│ {12}body part, stuff"
tm_keys x x x
tm_keys q
tm_wait "[exit 0]"

# At 80×24 the view pages: any key shows the next page, the last one closes it.
tm_fresh 80 24 "$A" "'the happy girl and her little dog went to the big park'"
step "80×24 opens" tm_wait "stage 1/"
tm_keys v
step "80×24: the view takes pages" tm_wait_re "Vocabulary 1/[2-9] — any key shows the next page"
tm_keys x
step "80×24: page 2" tm_wait_re "Vocabulary 2/[2-9]"
tm_keys x x x x x x x x
step "80×24: the last page closes it" tm_gone "Vocabulary"
tm_keys q
step "q exits 0 (80×24)" tm_wait "[exit 0]"

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
