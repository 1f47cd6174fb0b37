#!/bin/sh
# tests/e2e/lessons.sh — lessons in print mode, worksheets and --check, --check-lesson
# (every shipped lesson on every sample), the cross-attention lesson.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
S="-s by-hand --color never"
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES

has() { grep -qF -- "$1" "$TMP/out"; }
err_has() { grep -qF -- "$1" "$TMP/err"; }

# ─── --print --lesson ──────────────────────────────────────────────────────────
expect_status 0 "print with the English lesson" $A $S -p --lesson self-attention --lang en
check "en: title" has "Lesson: Self-attention, one stage at a time"
check "en: intro with the live sentence" has 'sentence is "I like cats": 3 tokens, I | like | cats.'
check "en: scaled section with live numbers" has "here d_k = 4, so by √4."
check "en: a question with its computed answer" has \
    'Q: What do the weights of "cats" tell you? a) how much of each token'"'"'s value'
check "en: ... and the key" has 'token matters most to the whole sentence (a, b or c) → answer: a'
check "en: the weights section sits above the weights stage" \
    sh -c "grep -n 'the most peaked row' '$TMP/out' | head -1 | cut -d: -f1 > '$TMP/a'; \
           grep -n 'stage 10/11: weights' '$TMP/out' | cut -d: -f1 > '$TMP/b'; \
           [ \$(cat '$TMP/a') -lt \$(cat '$TMP/b') ]"
# A prediction comes before the text that reveals it, with its outcome in the key.
line_of() { grep -n -- "$1" "$TMP/out" | head -1 | cut -d: -f1; }
check "en: a prediction before what it reveals" \
    sh -c "[ $(line_of 'which key fits the query of') -lt $(line_of 'The query of \"cats\" against the key') ]"
check "en: the key says it was a prediction" has "answer: cats (a prediction: the stage below shows it)"
check "en: a what-if's outcome in the key" \
    sh -c "tr '\n' ' ' < '$TMP/out' | tr -s ' ' | grep -qF 'answer: sharper (largest weight 0.6897 → 0.8756 without scaling)'"
check "en: a number's precision in the prompt" has "(to the nearest 0.01; within ±"
check "en: no masked section without a mask" sh -c "! grep -q 'causal mask. A model' '$TMP/out'"
check "en: the intro is wrapped to 78 columns" \
    sh -c "sed -n '1,/^sentence:/p' '$TMP/out' | awk 'length(\$0) > 78 {bad=1} END {exit bad}'"

expect_status 0 "print with the lesson and a mask" $A $S -p --lesson self-attention --mask causal
check "masked section shown with the mask" has "This run uses a causal mask."
check "masked question answered from the masked trace" \
    has "   → answer: -inf (a prediction: the stage below shows it)"

LANG=zh_CN.UTF-8 expect_status 0 "print with the Chinese lesson (from LANG)" \
    $A $S -p --lesson self-attention
check "zh: title, in Chinese" has "课程：一步一步看懂自注意力"
check "zh: live sentence" has "这次用的句子是“I like cats”，切分后共有 3"
check "zh: live numbers" has "这里 d_k = 4，所以除以 √4。"
check "zh: question key in Chinese" has "→ 答案：a"
check "zh: a prediction's outcome in Chinese" has "答案：cats（预测题：下面的阶段会揭晓）"
expect_status 0 "--lang zh explicitly" $A $S -p --lesson self-attention --lang zh --stage scores
check "--stage: only that section" has "scores = Q·Kᵀ 一次算出所有词对的得分"
check "--stage: no intro" sh -c "! grep -q 'Lesson:' '$TMP/out'"
LANG=fr_FR.UTF-8 expect_status 0 "no French lesson: English" $A $S -p --lesson self-attention
check "fr → en" has "Self-attention lets every word"
expect_status 2 "--lang fr explicitly: no such lesson" $A $S -p --lesson self-attention --lang fr
check "names the folder" err_has "no lesson \"self-attention\""
expect_status 0 "a lesson by file path" $A $S -p --lesson "$ROOT/lessons/en/self-attention.md"
expect_status 0 "your own sentence" $A $S -p --lesson self-attention "cats like I"
check "the sentence in the text" has '"cats like I": 3 tokens'
expect_status 2 "--lang must be a code" $A $S -p --lesson self-attention --lang english

# ─── worksheets and --check ────────────────────────────────────────────────────
expect_status 0 "export a blank worksheet" $A $S -x "$TMP/ws" --blank
check "blank Q is empty" sh -c "sed -n 2p '$TMP/ws/05_Q.csv' | grep -q '^\"I\",,,,$'"
check "embeddings stay filled" sh -c "sed -n 2p '$TMP/ws/01_embeddings.csv' | grep -q '^\"I\",1,0$'"
expect_status 3 "--check on the blank worksheet" $A $S --check "$TMP/ws"
check "reports a blank stage once" has "weights: not filled in (9 empty cells)"
check "... not cell by cell" sh -c "! grep -q '^  missing:' '$TMP/out'"
check "inputs match" has "embeddings: 6/6 cells match"
check "summary" has "11 stages, 89 cells: 26 match, 0 differ, 63 missing (tolerance 0.005)"
check "stderr says why" err_has "cells differ, 63 missing"
expect_status 2 "--blank needs --export" $A $S --blank

expect_status 0 "export a real trace" $A $S -x "$TMP/real"
mkdir "$TMP/hw"
cp "$TMP/real"/0*.csv "$TMP/real"/1*.csv "$TMP/hw/"
expect_status 0 "--check a correctly filled worksheet" $A $S --check "$TMP/hw"
check "all match" has "11 stages, 89 cells: 89 match, 0 differ, 0 missing"
check "per stage" has "scores: 9/9 cells match"

sed 's/^"cats",2,5,7$/"cats",2,5,6.5/' "$TMP/real/08_scores.csv" >"$TMP/hw/08_scores.csv"
expect_status 3 "--check with one wrong number" $A $S --check "$TMP/hw"
check "names the stage" has "scores: 1 of 9 cells differ"
check "names the cell and the expected value" has "  [cats][cats]: you wrote 6.5, expected 7.0000"
check "explains the arithmetic" has "      scores[3][3] = q_3 · k_3  (query \"cats\", key \"cats\")"
check "the terms" has "        sum = 7.0000"
expect_status 0 "--tolerance 0.6 forgives it" $A $S --check "$TMP/hw" --tolerance 0.6

mkdir "$TMP/one"
printf 'query\\key,I,like,cats\nI,0.2741,0.2741,0.4519\nlike,0.0777,0.3482,0.5741\ncats,0.0566,0.2537,0.6897\n' \
    >"$TMP/one/weights.csv"
expect_status 0 "--check a single stage named weights.csv" $A $S --check "$TMP/one"
check "one stage" has "1 stage, 9 cells: 9 match"
printf 'query\\key,I,like,cats\nI,1,1,2\nlove,1,4,5\ncats,2,5,7\n' >"$TMP/one/scores.csv"
expect_status 2 "--check: labels that do not fit" $A $S --check "$TMP/one"
check "file:line, and another sentence named" \
    err_has "scores.csv:3: made for the tokens \"I love cats\", not \"I like cats\""
expect_status 2 "--check: a missing folder" $A $S --check "$TMP/nope"

# ─── --check-lesson ────────────────────────────────────────────────────────────
expect_status 0 "--check-lesson en" $A -s by-hand --check-lesson "$ROOT/lessons/en/self-attention.md"
check "ok line" has "self-attention.md: ok (26 sections, 26 questions)"
expect_status 0 "--check-lesson zh by name" $A -s by-hand --check-lesson self-attention --lang zh
check "ok line zh, in Chinese" has "self-attention：没有问题（26 个小节，26 道题）"
awk '/^```text$/ {f=1; next} /^```$/ {f=0} f' "$ROOT/lessons/README.md" >"$TMP/example.md"
expect_status 0 "the example in lessons/README.md is a valid lesson" \
    $A -s by-hand --check-lesson "$TMP/example.md"
check "example: ok" has "example.md: ok (4 sections, 3 questions)"
cat >"$TMP/broken.md" <<'EOF'
# Broken
## intro
Hello {token:9} and {nonsense}.
## attention
? value scores[1][7] :: What?
? guess weights[1] :: What?
EOF
expect_status 2 "--check-lesson on a broken lesson" $A -s by-hand --check-lesson "$TMP/broken.md"
check "missing lang" err_has "broken.md:1: no \"lang: xx\" line"
check "bad placeholder" err_has "broken.md:3: {token:9}: no token \"9\""
check "unknown placeholder" err_has "broken.md:3: {nonsense}: unknown placeholder"
check "unknown section" err_has "broken.md:4: unknown section \"attention\""
check "unevaluable question" err_has "broken.md:5: the question cannot be evaluated"
check "bad question kind" err_has "broken.md:6: unknown question kind \"guess\""
check "summary" err_has "broken.md: 6 problems"
expect_status 2 "--lesson with a broken lesson fails cleanly" $A $S -p --lesson "$TMP/broken.md"
check "names the first problem" err_has "broken.md:4: unknown section"

# ─── every shipped lesson on every sample: no answer written before its question ──
for lesson in "$ROOT"/lessons/*/*.md; do
    name=${lesson#"$ROOT"/lessons/}
    for sample in "$ROOT"/samples/*/; do
        sample=$(basename "$sample")
        expect_status 0 "--check-lesson $name on $sample" $A -s "$sample" --check-lesson "$lesson"
    done
    expect_status 0 "--check-lesson $name on translation, --source 我爱猫" \
        $A -s translation --source "我爱猫" --check-lesson "$lesson" "I love cats"
    expect_status 0 "--check-lesson $name on a lexicon sentence" \
        $A -s everyday --check-lesson "$lesson" "the old man gave his daughter a book"
done

# ─── the row with a story, and a tie worded as one ───────────────────────────────
expect_status 0 "default sample, English" $A --color never -p --lesson self-attention --lang en
check "the focus is cat → sat, not the" has '"cat" attends most to "sat": the most peaked row'
check "a flat row is worded as even, not as a winner" \
    sh -c "tr '\n' ' ' < '$TMP/out' | grep -qF '\"the\" spreads its attention evenly over all 6 tokens.'"
check "never a tied winner" sh -c "! grep -q 'attends most to \"the\"' '$TMP/out'"
expect_status 0 "coreference sample" $A -s coreference --color never -p --lesson self-attention --lang en
check "coreference: it → animal" has '"it" attends most to "animal"'
expect_status 0 "default sample, Chinese" $A -s default --color never -p --lesson self-attention --lang zh
check "zh: the focus" has "“cat”最关注“sat”"
check "zh: the tie in Chinese" has "“the”把注意力平均分给了全部 6 个词。"

# ─── traditional against self-attention: the cross-attention lesson ──────────────
expect_status 2 "cross-attention needs a source sentence" $A -p --lesson cross-attention
check "says how to give one" err_has "this lesson needs a source sentence: add --source"
expect_status 0 "cross-attention on the translation pair" \
    $A -s translation --source "我爱猫" --color never -p --lesson cross-attention --lang en "I love cats"
check "cross: the source in the intro" has '"我爱猫" (3 tokens: 我 | 爱 | 猫)'
check "cross: not obsolete" has "It is not a thing of the past."
check "cross: a question on where the queries come from" has "b) X, the sentence being written; c) both (a, b or c) → answer: b"
check "cross: the alignment" has '"I" attends most to "我".'
expect_status 0 "cross-attention in Chinese" \
    $A -s translation --source "我爱猫" --color never -p --lesson cross-attention --lang zh "I love cats"
check "zh cross: the title" has "课程：交叉注意力：一个句子去读另一个句子"
check "zh cross: the alignment" has "“I”最关注“我”。"

finish
