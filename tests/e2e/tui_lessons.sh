#!/bin/sh
# tests/e2e/tui_lessons.sh — lessons in the stepper, in tmux at 120×40: the section text
# with live numbers in the panel (the same words as --print --lesson), questions answered
# right and wrong in the answer box (expected answers taken from the teacher's key of
# --print --lesson, never written here), the score, --quiz holding the learner and
# autoplay, the Chinese lesson with a Chinese answer, and LANG choosing the language.
# Polls the screen; no fixed sleeps.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
RUN="$TMP/run"
mkdir -p "$RUN"
cd "$RUN" || exit 1
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES
# The stepper's behaviour with a lesson, on a frozen copy of the shipped lesson (its
# questions and text stay put while the shipped lessons change); LANG picking a
# language is tested with the shipped lessons by name, at the end.
EN="$ROOT/tests/fixtures/lessons/en/stepper.md"
ZH="$ROOT/tests/fixtures/lessons/zh/stepper.md"


# key FILE STAGE N: the computed answer to question N of STAGE in a --print --lesson
# output (the teacher's key: "Q: … → answer: X" or "问：… → 答案：X" above each stage).
key() {
    awk -v want="$2" -v n="$3" '
        /^(Q: |问：)/ { q[++nq] = $0; inq = 1; next }
        inq && /^   / { sub(/^ +/, " "); q[nq] = q[nq] $0; next }
        { inq = 0 }
        /^── (stage|阶段) [0-9]+\/[0-9]+(: |：)/ { # the stage headers, in English or Chinese
            name = $0
            sub(/^── (stage|阶段) [0-9]+\/[0-9]+(: |：)/, "", name)
            sub(/ .*/, "", name)
            if (name == want && n <= nq) { print q[n]; exit }
            nq = 0
        }' "$1" | sed -e 's/.*→ answer: //' -e 's/.*→ 答案：//' -e 's/ //g'
}
# para FILE PATTERN: the paragraph of FILE holding PATTERN, on one line, with no spaces
# (so that text wrapped to other widths, and CJK joined without spaces, compare equal).
para() { awk -v RS= -v pat="$2" 'index($0, pat) { print; exit }' "$1" | tr -d ' \n'; }
# panel_text: the text right of the panel's border "│", lines 4-37, with no spaces.
panel_text() { tm_screen | sed -n '4,37p' | sed -n 's/^[^│]*│//p' | tr -d ' \n'; }
panel_holds() { panel_text | grep -qF -- "$1"; }
panel_has() { # TEXT: the panel (joined, no spaces) holds TEXT (no spaces), within 5 s
    poll 5 panel_holds "$(printf '%s' "$1" | tr -d ' \n')" && return 0
    echo "the panel lacks: $1" >&2
    tm_screen >&2
    return 1
}

# ─── English, default sample ───────────────────────────────────────────────────
"$A" --print --lesson "$EN" --color never >"$TMP/en.txt" 2>"$TMP/err" ||
    fail "--print --lesson (en)" "$(cat "$TMP/err")"
tm_fresh 120 40 "$A" --lesson "$EN"
step "en: the stepper opens with the lesson title in the panel" \
    tm_wait "│ Self-attention, one stage at a time"
step "en: header counts the questions" tm_wait "quiz: 9 questions"
step "en: footer lists the answer key" tm_wait "A answer"
step "en: the intro at stage 1, with the live sentence" \
    panel_has "$(para "$TMP/en.txt" "Self-attention lets every word")"
emb=$(para "$TMP/en.txt" "Each token starts as a vector")
case "$emb" in *numberis[0-9-]*) ok "en: the embeddings paragraph has a live number" ;;
    *) fail "en: embeddings paragraph" "no number in: $emb" ;; esac
step "en: the embeddings section, as --print --lesson says it" panel_has "$emb"

# Right: the shape of X, typed as the key writes it ("6×5", a UTF-8 ×).
want=$(key "$TMP/en.txt" embeddings 1)
[ -n "$want" ] || fail "en: key" "no answer for embeddings in the --print output"
tm_keys A
step "en: A opens the answer box" tm_wait "Answer Q1 (embeddings)"
tm_keys -l "$want"
step "en: the typed answer is shown" tm_wait "› $want"
tm_keys Enter
step "en: a right answer" tm_wait "✓ Right: $want."
step "en: the box closes" tm_gone "Answer Q1"
step "en: header quiz 1/1" tm_wait "quiz 1/1 · 8 left"

# The weights stage: its paragraph with live numbers, then Q2 (argmax) answered wrong.
tm_keys 9 n
step "en: weights stage" tm_wait "stage 10/11  weights"
step "en: the weights section with live numbers" \
    panel_has "$(para "$TMP/en.txt" "of its attention to itself")"
rowsum=$(key "$TMP/en.txt" weights 1)
best=$(key "$TMP/en.txt" weights 2)
wrong=$(for w in the cat sat on mat; do [ "$w" != "$best" ] && echo "$w" && break; done)
tm_keys A
step "en: the first open question is Q1" tm_wait "Answer Q1 (weights)"
tm_keys -l "$rowsum"
tm_keys Enter
step "en: rowsum right" tm_wait "✓ Right: $rowsum."
tm_keys A
step "en: then Q2" tm_wait "Answer Q2 (weights)"
tm_keys -l "x${wrong}z"
tm_keys BSpace Home Delete End # edits: the z and the x go, the token stays
step "en: Backspace/Home/Delete edit the field" tm_wait "› $wrong "
tm_keys Enter
# (the verdict wraps in the panel beside a zoomed matrix: its first words, then the rest)
step "en: a wrong answer is marked" tm_wait "✗ Not quite: you answered \"$wrong\"; the"
step "en: ... with the right answer" tm_wait_re "(answer is|│ +is|^ +is) $best\\."
step "en: with the row it came from" panel_has "row \"mat\" of weights: "
# explain() for the cell of the right answer: weights[6][j], j = the column of $best.
j=$(echo the cat sat on the mat | tr ' ' '\n' | grep -nx -- "$best" | head -1 | cut -d: -f1)
step "en: and explain()'s arithmetic for that cell" panel_has "weights[6][$j] (query \"mat\", key \"$best\")"
step "en: the softmax of its row" panel_has "exp(s_6$j − max)"
step "en: status says not quite" tm_wait "Not quite: the answer and its arithmetic are in the panel. quiz 2/3"
step "en: header quiz 2/3" tm_wait "quiz 2/3 · 6 left"
tm_keys A
step "en: a stage answered: A says so" tm_wait "The questions here are answered (quiz 2/3)."

# Esc cancels the box; the last stage shows the score; q prints it once restored.
tm_keys G
step "en: last stage: the score in the status" tm_wait "The last stage. score: 2/9 (3 answered)"
tm_keys A
tm_wait "Answer Q1 (output)"
tm_keys -l "1"
tm_keys Escape
step "en: Esc cancels" tm_wait "Answer cancelled; A opens the box again."
step "en: nothing was recorded" tm_wait "quiz 2/3 · 6 left"
for _ in 1 2 3 4 5 6; do tm_keys ']'; done
step "en: the end section and the score at the end of the panel" \
    tm_wait "score: 2/9 (6 not answered)"
step "en: the end section" tm_wait "That is one attention head."
tm resize-window -t t -x 90 -y 40
for _ in 1 2 3 4 5 6; do tm_keys ']'; done # the panel is laid out again: to its end
step "en: laid out again on resize" tm_wait "score: 2/9 (6 not answered)"
tm resize-window -t t -x 120 -y 40
tm_keys q
step "en: q quits with the score on the terminal" \
    tm_wait "Self-attention, one stage at a time — score: 2/9 (3 answered)"
step "en: exit 0" tm_wait "[exit 0]"

# A lesson title with a bidi control (U+202E): shown escaped in the stepper, and in the
# score printed once the terminal is restored, never raw.
RLO=$(printf '\342\200\256')
sed "1s/.*/# Self${RLO}-attention/" "$EN" >"$TMP/rlo.md"
tm_fresh 120 40 "$A" --lesson "$TMP/rlo.md" --lang en
tm_wait "stage 1/11"
step "RLO title: the panel shows it escaped" tm_wait 'Self\u202E-attention'
tm_keys A
tm_wait "Answer Q1"
tm_keys -l "0x0" # a shape, wrong (a bare 0 is not a shape: not judged)
tm_keys Enter q
step "RLO title: the score line shows it escaped" \
    tm_wait 'Self\u202E-attention — score: 0/9 (1 answered)'
check "RLO title: never raw on the terminal" eval '! tm_screen | grep -qF "$RLO"'

# ─── --quiz: no moving on before answering ─────────────────────────────────────
tm_fresh 120 40 "$A" --lesson "$EN" --lang en --quiz
tm_wait "stage 1/11"
tm_keys n
step "quiz: n is held at a question" tm_wait "answer the question first (A)"
step "quiz: still stage 1" tm_wait "stage 1/11"
tm_keys 9
step "quiz: a jump too" tm_wait "answer the question first (A)"
tm_keys A
tm_keys -l "$(key "$TMP/en.txt" embeddings 1)"
tm_keys Enter
tm_wait "✓ Right"
tm_keys n
step "quiz: answered, n goes on" tm_wait "stage 2/11  W_Q"
tm_keys A
tm_keys -l "1x1"
tm_keys Enter
step "quiz: a wrong answer also lets the learner on" tm_wait "✗ Not quite"
tm_keys 9
step "quiz: a jump stops at the next stage with a question" \
    tm_wait "stopped at stage 5, Q: answer the question first (A)"
step "quiz: at Q" tm_wait "stage 5/11  Q"
tm_keys p
step "quiz: going back is free" tm_wait "stage 4/11  W_V"
tm_keys q
step "quiz: q shows the final score" tm_wait "score: 1/9"
step "quiz: final screen says what is left" tm_wait "7 not answered yet."
tm_keys x
step "quiz: another key goes back" tm_gone "any other key goes back"
tm_keys q
tm_wait "q quits"
tm_keys q
step "quiz: q q quits, score printed" tm_wait "— score: 1/9 (2 answered)"
step "quiz: exit 0" tm_wait "[exit 0]"

# Autoplay waits at a stage with a question and goes on once it is answered.
tm_fresh 120 40 "$A" --lesson "$EN" --lang en --quiz --autoplay 0.2
step "quiz autoplay: waits at stage 1" tm_wait "autoplay waits: answer the question first (A)"
step "quiz autoplay: footer says it waits" tm_wait "⏸ autoplay waits: A answers"
tm_keys A
tm_keys -l "$(key "$TMP/en.txt" embeddings 1)"
tm_keys Enter
step "quiz autoplay: resumes and waits at W_Q" tm_wait "stage 2/11  W_Q" 5
step "quiz autoplay: waiting again" tm_wait "autoplay waits"
tm_keys q
tm_keys q
step "quiz autoplay: exit 0" tm_wait "[exit 0]"

# ─── Chinese: the zh lesson on the chinese sample, a Chinese answer ────────────
"$A" --print --lesson "$ZH" --lang zh -s chinese --color never >"$TMP/zh.txt" \
    2>"$TMP/err" || fail "--print --lesson (zh)" "$(cat "$TMP/err")"
tm_fresh 120 40 "$A" --lesson "$ZH" --lang zh -s chinese
step "zh: the title in the panel" tm_wait "│ 一步一步看懂自注意力"
step "zh: the intro" panel_has "$(para "$TMP/zh.txt" "自注意力（self-attention）要解决")"
step "zh: the embeddings section, as --print --lesson says it" \
    panel_has "$(para "$TMP/zh.txt" "每个词元一开始都是")"
aligned=$(tm_screen | sed -n '4,37p' | python3 -c '
import sys, unicodedata
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
bars, wide = set(), 0
for line in sys.stdin.read().splitlines():
    if "│" not in line:
        continue
    left, right = line.split("│", 1)
    bars.add(width(left))
    wide = max(wide, width(line))
    if "…" in right:
        print("cut: " + right); sys.exit()
print("yes" if len(bars) == 1 and wide <= 120 else "no: bars at %s, widest %d" % (sorted(bars), wide))')
if [ "$aligned" = yes ]; then ok "zh: the panel border stays in one column, text wrapped by display width"
else fail "zh: alignment" "$aligned"; fi
step "zh: questions heading in Chinese" tm_wait "问题（按 A 作答）"
tm_keys 9 n
tm_wait "阶段 10/11  weights"
best=$(key "$TMP/zh.txt" weights 2)
case "$best" in *[a-z0-9]*|"") fail "zh: key" "expected a Chinese token, got \"$best\"" ;; esac
tm_keys A
tm_keys -l "$(key "$TMP/zh.txt" weights 1)"
tm_keys Enter
step "zh: rowsum right" tm_wait "✓ 答对了"
tm_keys A
step "zh: the answer box in Chinese" tm_wait "回答 问2（weights）"
tm_keys -l "$best"
step "zh: a Chinese answer typed" tm_wait "› $best"
tm_keys Enter
step "zh: the Chinese answer is right" tm_wait "✓ 答对了：$best"
step "zh: header quiz 2/2, in Chinese" tm_wait "测验 2/2 · 还剩 7 道"
tm_keys n A
tm_keys -l "小猫"
tm_keys Enter
step "zh: a word for a number is not judged: a hint about the form" tm_wait "请输入一个数"
step "zh: ... and it does not count" tm_wait "测验 2/2 · 还剩 7 道"
tm_keys A
tm_keys -l "99"
tm_keys Enter
step "zh: a wrong answer with the right one" tm_wait_re "✗ 答错了：你的答案是“99”，正确答案是 [-0-9.]+。"
tm_keys q
step "zh: score printed, in Chinese" tm_wait "一步一步看懂自注意力 — 得分：2/9（已答 3 题）"

# ─── LANG=zh_CN.UTF-8 picks the Chinese lesson, with or without that locale ───────
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then how="installed"; else how="missing here"; fi
tm_fresh 120 40 env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$A" --lesson self-attention -s chinese
step "LANG=zh_CN.UTF-8 (locale $how): runs, Chinese lesson" tm_wait "│ 一步一步看懂自注意力"
step "LANG=zh_CN.UTF-8: Chinese tokens drawn, the interface in Chinese" tm_wait "词元： 小猫 │ 坐 │ 在 │ 垫子 │ 上"
tm_keys q
step "LANG=zh_CN.UTF-8: exit 0" tm_wait "[exit 0]"
tm_fresh 120 40 env -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 "$A" --lesson self-attention
step "LANG=fr_FR.UTF-8: no French lesson, English" tm_wait "│ Self-attention, one stage at a time"
tm_keys q
tm_wait "[exit 0]"

# ─── a Chinese lesson named by its path: no language chosen → Chinese all round ───
zh_lesson="$ROOT/lessons/zh/self-attention.md"
tm_fresh 120 40 env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$A" --lesson "$zh_lesson" -s chinese
step "zh lesson, no language chosen: the lesson" tm_wait "│ 一步一步看懂自注意力"
step "zh lesson, no language chosen: the interface follows it" tm_wait "n/p 阶段"
tm_keys q
tm_wait "[exit 0]"
for chosen in "LANG=en_US.UTF-8" "LANGUAGE=en"; do
    tm_fresh 120 40 env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$chosen" "$A" \
        --lesson "$zh_lesson" -s chinese
    step "zh lesson, $chosen: the lesson stays Chinese" tm_wait "│ 一步一步看懂自注意力"
    step "zh lesson, $chosen: the interface stays English" tm_wait "n/p stage"
    tm_keys q
    tm_wait "[exit 0]"
done
tm_fresh 120 40 env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$A" --lang en \
    --lesson "$zh_lesson" -s chinese
step "zh lesson, --lang en: the interface stays English" tm_wait "n/p stage"
tm_keys q
tm_wait "[exit 0]"

# ─── without a lesson: no quiz in the header or footer; A explains ─────────────
tm_fresh 120 40 "$A"
tm_wait "stage 1/11"
step "no lesson: the built-in text" tm_wait "│ What is embeddings?"
if tm_screen | grep -qF "A answer"; then fail "no lesson: footer" "lists A"; else ok "no lesson: footer without A"; fi
tm_keys A
step "no lesson: A says how to get questions" tm_wait "No lesson, no questions: try --lesson self-attention."
tm_keys q
step "no lesson: exit 0, nothing printed" tm_wait "[exit 0]"
if tm_screen | grep -q "score:"; then fail "no lesson" "a score was printed"; fi

finish
