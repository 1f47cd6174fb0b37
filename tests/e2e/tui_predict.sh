#!/bin/sh
# tests/e2e/tui_predict.sh — predict, then reveal, in the stepper (tmux, 120×40): a
# "? predict" question hides its stage (no grid, no shape, no cell value, no arithmetic,
# no text after it) until the prediction is entered; then the stage appears and the
# status line compares the prediction with what it shows. In English and Chinese, with
# the shipped lessons, and answers as people type them (12x12, 12 乘 12, 0,08) on
# coreference. Expected answers come from the teacher's key (--print --lesson), never
# written here. Polls the screen; no fixed sleeps.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
RUN="$TMP/run"
mkdir -p "$RUN"
cd "$RUN" || exit 1
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES

# answers FILE: the teacher's key's answers in order, one a line ("6×3", "0.0833").
answers() {
    tr '\n' ' ' <"$1" | sed 's/→ answer: /\n@/g; s/→ 答案：/\n@/g' | sed -n 's/^@\([^ （(]*\).*/\1/p'
}

# no_q_shape SHAPE: no "Q (SHAPE)" title on the screen (W_Q's own title does not count).
no_q_shape() { ! tm_screen | grep -qE "(^|[^_])Q \\($1\\)"; }

# ─── the shipped lessons: the Q stage is hidden until its prediction ───────────
for lang in en zh; do
    "$A" --lang $lang --print --lesson self-attention --stage Q --color never >"$TMP/key.$lang" \
        2>"$TMP/err" || fail "$lang: --print --lesson" "$(cat "$TMP/err")"
    shape=$(answers "$TMP/key.$lang" | sed -n 1p)
    check "$lang: the key's first answer is a shape" sh -c "echo '$shape' | grep -qE '^[0-9]+×[0-9]+$'"
    tm_fresh 120 40 "$A" --lang $lang --lesson self-attention --stage Q
    if [ $lang = en ]; then
        step "en: the stage is hidden" tm_wait "Q  hidden until you predict"
        # 120×40: the question does not fit the box whole, so the box says where it is
        step "en: the box asks first" tm_wait "Predict first: the question is"
        step "en: ... and the question is in the lesson text" tm_wait "Q1. Before Q appears"
        step "en: the status line shows no cell" tm_wait "Predict first: A enters your prediction"
    else
        step "zh: the stage is hidden" tm_wait "Q：预测之后才显示"
        step "zh: the box asks first" tm_wait "先预测：题目在课文里。"
        step "zh: ... and the question is in the lesson text" tm_wait "问1：Q 出现之前"
        step "zh: the status line shows no cell" tm_wait "先预测：按 A 输入你的预测"
    fi
    check "$lang: no shape of Q on the screen" no_q_shape "$shape"
    check "$lang: no arithmetic of the hidden cell" screen_lacks "Q[1][1] ="
    check "$lang: the operands stay (X and W_Q)" screen_has "W_Q ("
    tm_keys A
    tm_keys -l "$shape"
    tm_keys Enter
    if [ $lang = en ]; then
        step "en: the prediction compared with the stage" \
            tm_wait "You predicted $shape; the stage shows $shape. Right!"
    else
        step "zh: the prediction compared with the stage" tm_wait "你的预测：$shape；结果：$shape。预测对了！"
    fi
    # The second prediction of the section still hides the grid; Esc leaves it so.
    check "$lang: the next prediction keeps the grid hidden" no_q_shape "$shape"
    tm_keys A
    tm_keys -l "$(answers "$TMP/key.$lang" | sed -n 2p)"
    tm_keys Enter
    step "$lang: both predicted: the grid appears" tm_wait "Q ($shape)"
    check "$lang: and the cell on the status line" screen_has "Q[1][1] ="
    tm_keys q
    step "$lang: q exits 0" tm_wait "[exit 0]"
done

# At 160×45 the box holds the whole question; never a question cut in the box.
for lang in en zh; do
    tm_fresh 160 45 "$A" --lang $lang --lesson self-attention --stage Q
    if [ $lang = en ]; then
        step "en 160×45: the whole question in the box" tm_wait "│ W_Q. (rows×cols)"
    else
        step "zh 160×45: the whole question in the box" tm_wait_re "│ 先预测：Q 出现之前"
        step "zh 160×45: ... to its end" tm_wait_re "（行×列） *│"
    fi
    tm_keys q
    tm_wait "[exit 0]"
done

# ─── answers as people type them, on coreference ───────────────────────────────
mkdir -p "$TMP/en" "$TMP/zh"
cat >"$TMP/en/p.md" <<'L'
# Predictions
lang: en

## weights
The weights come from the scaled scores.
? predict shape weights :: What shape will the weights be? (rows×cols)
? predict value weights[1][1] :: What weight will "{token:1}" give to itself?
Now the weights are on the screen.
L
cat >"$TMP/zh/p.md" <<'L'
# 预测
lang: zh

## weights
权重来自缩放后的得分。
? predict shape weights :: 权重矩阵会是什么形状？（行×列）
? predict value weights[1][1] :: “{token:1}”会分给自己多少权重？
现在权重显示出来了。
L
for lang in en zh; do
    "$A" -s coreference --print --lesson "$TMP/$lang/p.md" --stage weights --color never \
        >"$TMP/ckey.$lang" 2>"$TMP/err" || fail "$lang: coreference key" "$(cat "$TMP/err")"
    shape=$(answers "$TMP/ckey.$lang" | sed -n 1p)
    value=$(answers "$TMP/ckey.$lang" | sed -n 2p)
    rows=${shape%×*}
    cols=${shape#*×}
    # 0.0833 → "0,08": two decimals, as the screen shows them, with a decimal comma.
    comma=$(printf '%.2f' "$value" | tr . ,)
    if [ $lang = en ]; then typed="${rows}x${cols}"; else typed="$rows 乘 $cols"; fi
    tm_fresh 120 40 "$A" -s coreference --stage weights --lesson "$TMP/$lang/p.md"
    step "$lang coreference: hidden" tm_wait_re "weights(  hidden until you predict|：预测之后才显示)"
    check "$lang coreference: no reveal text yet" screen_lacks "$( [ $lang = en ] &&
        echo 'Now the weights are on' || echo '现在权重显示出来了')"
    tm_keys A
    tm_keys -l "$typed"
    tm_keys Enter
    step "$lang coreference: \"$typed\" is taken as $shape" \
        tm_wait_re "(You predicted $typed; the stage shows $shape\\. Right!|你的预测：$typed；结果：$shape。预测对了！)"
    tm_keys A
    tm_keys -l "$comma"
    tm_keys Enter
    step "$lang coreference: \"$comma\" is taken" \
        tm_wait_re "(You predicted $comma; .*Right!|你的预测：$comma；.*预测对了！)"
    step "$lang coreference: the grid appears" tm_wait "weights (12×12)"
    step "$lang coreference: the reveal text appears" tm_wait_re "(Now the weights are on|现在权重显示出来了)"
    tm_keys q
    step "$lang coreference: q exits 0" tm_wait "[exit 0]"
done

finish
