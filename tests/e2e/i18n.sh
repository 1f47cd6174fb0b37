#!/bin/sh
# tests/e2e/i18n.sh — the interface in Chinese through gettext (docs/translating.md):
# every stage screen, the help and the final score of `-s chinese --lang zh` at 120×40
# hold no English word but those of an explicit allow-list (tokens and labels of the
# sample, formulas, stage names, option and key names); print headers, an error message
# and --help in Chinese; the language from --lang, LANGUAGE, LC_ALL, LC_MESSAGES and LANG,
# including LANG=zh_CN.UTF-8 where that locale is not installed (only C.UTF-8 is needed);
# --lang zh without a sentence opens the Chinese sample. Polls the screen; no fixed sleeps.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
cd "$TMP" || exit 1
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES LANGUAGE

# Words allowed on a Chinese screen. Labels of samples/chinese (dimension names), the
# formulas' words and stage names (X = embeddings(tokens), weights = softmax(row), …),
# the program's name, key names, the file formats CSV and SVG, the palettes' names (the
# values of --palette, which the legend names). Identifiers with "_"
# (W_Q, d_k, q_who), option names (--lesson), file and folder names (embeddings.csv,
# attntrace-slides) and the English terms a Chinese lesson glosses in full-width
# parentheses (自注意力（self-attention）) are removed before the words are looked at.
ALLOW="animal object action place function
embeddings tokens softmax row scores scaled masked weights output concat source exp max inf
attntrace Enter Esc Space Home End PgUp PgDn Tab Shift Backspace CSV SVG KV
cividis viridis projector"

# The sample's labels (q_who, v_animal …): a panel may wrap one across two lines, so a
# piece of a label ("imal") is data too.
LABELS=$(head -qn1 "$ROOT"/samples/chinese/*.csv | tr ',' ' ')
# english_words: the words of the screen (stdin) that are not allowed, one per line.
english_words() {
    sed -e 's/--[a-z][a-z-]*//g' -e 's/[A-Za-z0-9_./-]*\/[A-Za-z0-9_./-]*//g' \
        -e 's/（[A-Za-z -]*）//g' -e 's/[A-Za-z]*-[A-Za-z-]*//g' \
        -e 's/[A-Za-z0-9_-]*\.\(csv\|md\|html\|svg\)//g' \
        -e 's/[A-Za-z0-9]*_[A-Za-z0-9_]*//g' |
        grep -oE '[A-Za-z]{2,}' | sort -u |
        while read -r w; do
            case " $(echo $ALLOW) " in *" $w "*) continue ;; esac
            case " $LABELS " in *"$w"*) continue ;; esac
            echo "$w"
        done
}
# help_box: only what is inside the help's box (the stepper's words cut at its edges
# beside it are not words)
help_box() { sed -n '/┌/,/└/p' | sed -e 's/^[^│┌└]*[│┌└]//' -e 's/[│┐┘][^│┐┘]*$//'; }
# chinese_screen NAME [FILTER]: ok when the screen (through FILTER) holds no English word
# outside the allow-list.
chinese_screen() {
    _bad=$(tm_screen | ${2:-cat} | english_words | tr '\n' ' ')
    if [ -z "$_bad" ]; then ok "$1: no English"; else
        fail "$1" "English on the screen: $_bad"
        tm_screen >&2
    fi
}

# ─── every stage, the help ───────────────────────────────────────────────────────────
tm_fresh 120 40 "$A" -s chinese --lang zh
step "stage 1 drawn in Chinese" tm_wait "阶段 1/11"
# the scanner finds English: the first screen in English has some (a test that can fail)
n=1
while [ $n -le 11 ]; do
    step "stage $n/11 drawn" tm_wait "阶段 $n/11"
    chinese_screen "stage $n/11"
    tm_keys Enter
    step "stage $n/11: the inspector opened" tm_wait "是怎么来的"
    chinese_screen "stage $n/11 with the inspector"
    tm_keys Enter n
    n=$((n + 1))
done
tm_keys '?'
step "help drawn" tm_wait "按键"
chinese_screen "help page 1" help_box
while screen_has "下一页"; do
    tm_keys x
    poll 5 screen_lacks "按键 1/" || break
    chinese_screen "help, next page" help_box
done
tm_keys q

# ─── --quiz: the final score; --lang zh --quiz opens on the Chinese sample ───────────
tm_fresh 120 40 "$A" --lang zh --quiz
step "--lang zh --quiz: the Chinese sample" tm_wait "小猫 │ 坐 │ 在 │ 垫子 │ 上"
step "--lang zh --quiz: the Chinese lesson" tm_wait "一步一步看懂自注意力"
chinese_screen "--quiz, first stage"
tm_keys q
step "final score drawn" tm_wait "q 退出 · 其他键返回"
chinese_screen "final score"
tm_keys q
step "--quiz: exit 0" tm_wait "[exit 0]"

# ─── --pos sinusoidal --rope: the positions and RoPE stages ─────────────────────────
# RoPE turns pairs of columns, and the sample's W are 3 wide: its embeddings and
# sentence with generated weights 4 wide (column labels q1 … v4, no words). The RoPE
# formula (Q.rope = Q, pairs (2i, 2i+1) rotated by p·θ_i …) stays English like every
# formula (docs/translating.md): its words are allowed on these screens only.
mkdir -p "$TMP/zh-rope"
cp "$ROOT"/samples/chinese/embeddings.csv "$ROOT"/samples/chinese/sentence.txt "$TMP/zh-rope/"
ALLOW_ALL=$ALLOW
ALLOW="$ALLOW positions input rope pairs rotated by sin cos"
tm_fresh 120 40 "$A" -s "$TMP/zh-rope" --lang zh --pos sinusoidal --rope --dk 4
n=1
while [ $n -le 15 ]; do
    step "--pos --rope: stage $n/15 drawn" tm_wait "阶段 $n/15"
    chinese_screen "--pos --rope: stage $n/15"
    tm_keys Enter
    step "--pos --rope: stage $n/15: the inspector opened" tm_wait "是怎么来的"
    chinese_screen "--pos --rope: stage $n/15 with the inspector"
    tm_keys Enter n
    n=$((n + 1))
done
tm_keys r
step "--pos --rope: r turns RoPE off" tm_wait "旋转位置编码关闭"
chinese_screen "--pos --rope: after r"
tm_keys o
step "--pos --rope: o reorders the words" tm_wait "词序已打乱"
chinese_screen "--pos --rope: after o"
tm_keys q
ALLOW=$ALLOW_ALL

# ─── --decode: the walk on key W ─────────────────────────────────────────────────────
tm_fresh 120 40 "$A" -s chinese --lang zh --decode
step "--decode: stage 1 drawn" tm_wait "阶段 1/"
tm_keys W
step "--decode: the walk opened" tm_wait "解码演示 — 第 1/5 步"
chinese_screen "--decode walk, step 1"
tm_keys n n
step "--decode: step 3" tm_wait "第 3/5 步"
chinese_screen "--decode walk, step 3"
tm_keys q

# ─── the scanner itself: the English interface fails it ─────────────────────────────
tm_fresh 120 40 "$A" -s chinese
step "English stepper drawn" tm_wait "stage 1/11"
_bad=$(tm_screen | english_words | tr '\n' ' ')
check "the scanner finds English on the English screen ($_bad)" [ -n "$_bad" ]
tm_stop

# ─── print, errors, --help, the environment ─────────────────────────────────────────
expect_status 0 "print --lang zh" "$A" -s chinese --lang zh -p --color never
check "print: stage headers in Chinese" grep -q "^── 阶段 8/11：scores — 原始注意力得分" "$TMP/out"
check "print: the settings line in Chinese" grep -q "缩放 = 1/√d_k，温度 = 1，掩码 = 无" "$TMP/out"
check "print: no English stage header" sh -c "! grep -q '^── stage' '$TMP/out'"
expect_status 0 "print --lang zh --pos sinusoidal --rope" "$A" -s "$TMP/zh-rope" --lang zh \
    --pos sinusoidal --rope --dk 4 -p --color never
check "print --rope: the positions header in Chinese" grep -q "^── 阶段 2/15：positions — 位置 " "$TMP/out"
check "print --rope: the Q.rope header in Chinese" \
    grep -q "^── 阶段 10/15：Q.rope — 按位置旋转的查询（旋转位置编码）" "$TMP/out"
check "print --rope: the order line in Chinese" \
    grep -q "^位置：正弦；旋转位置编码：Q 和 K 逐对旋转 位置·θ_i，d_head = 4$" "$TMP/out"
check "print --rope: no English stage header" sh -c "! grep -q '^── stage' '$TMP/out'"
expect_status 0 "--explain positions --lang zh" "$A" -s "$TMP/zh-rope" --lang zh --pos sinusoidal \
    -p --color never --stage positions --explain positions:2:2
check "--explain positions: Chinese" grep -q "词元“坐”在位置 p = 1（从 0 数起），维度“object”" "$TMP/out"
check "--explain positions: the clocks line" grep -q "每对列都是一个以自己速度走的时钟" "$TMP/out"
expect_status 0 "--explain scores with --rope --lang zh" "$A" -s "$TMP/zh-rope" --lang zh \
    --pos sinusoidal --rope --dk 4 -p --color never --stage scores --explain scores:2:1
check "--explain scores --rope: the offset in Chinese" \
    grep -q "所以它只通过位置差 i − j = 1 − 0 = 1 依赖于位置" "$TMP/out"
check "--explain scores --rope: no English RoPE line" sh -c "! grep -q 'pair by pair' '$TMP/out'"
expect_status 0 "print, LANG=C.UTF-8: English" "$A" -s chinese -p --color never
check "print in English without a language" grep -q "^── stage 8/11: scores — Raw attention scores" "$TMP/out"

expect_status 2 "an error with LANGUAGE=zh_CN" env LANGUAGE=zh_CN "$A" -s chinese --explain nowhere -p
check "the error in Chinese" grep -qF "attntrace: --explain：“nowhere”不是 STAGE:ROW:COL 的形式" "$TMP/err"
expect_status 2 "an error with LC_ALL=zh_CN.UTF-8" env LC_ALL=zh_CN.UTF-8 "$A" --temperature 0 -p
check "LC_ALL: Chinese" grep -q "必须是一个数" "$TMP/err"
expect_status 2 "an error with LC_MESSAGES=zh_CN.UTF-8" env LC_MESSAGES=zh_CN.UTF-8 "$A" --temperature 0 -p
check "LC_MESSAGES: Chinese" grep -q "必须是一个数" "$TMP/err"
# The machine has only C.UTF-8 (and C, POSIX): LANG names a locale that is not installed.
if locale -a 2>/dev/null | grep -qi '^zh_CN'; then how="installed"; else how="not installed"; fi
expect_status 2 "an error with LANG=zh_CN.UTF-8 (locale $how)" env LANG=zh_CN.UTF-8 "$A" --stage nowhere -p
check "LANG=zh_CN.UTF-8 ($how): Chinese" grep -q "未知的阶段“nowhere”" "$TMP/err"
expect_status 0 "print with LANG=zh_CN.UTF-8 ($how)" env LANG=zh_CN.UTF-8 "$A" -s chinese -p --color never
check "LANG=zh_CN.UTF-8 ($how): print in Chinese, numbers with a dot" \
    grep -q "温度 = 1，" "$TMP/out"
expect_status 2 "LANGUAGE=zh_CN with LANG=C.UTF-8: Chinese" env LANGUAGE=zh_CN LANG=C.UTF-8 "$A" --stage nowhere -p
check "LANGUAGE under C.UTF-8: Chinese" grep -q "未知的阶段" "$TMP/err"
expect_status 2 "LANGUAGE=zh_CN with LC_ALL=C: English, as in every GNU program" \
    env LANGUAGE=zh_CN LC_ALL=C "$A" --stage nowhere -p
check "LC_ALL=C: English" grep -q 'unknown stage "nowhere"' "$TMP/err"
expect_status 2 "--lang en wins over LANGUAGE" env LANGUAGE=zh_CN "$A" --lang en --stage nowhere -p
check "--lang en: English" grep -q 'unknown stage "nowhere"' "$TMP/err"
expect_status 2 "LANG=C, --lang zh: Chinese all the same" env LANG=C "$A" --lang zh --stage nowhere -p
check "LANG=C with --lang zh: Chinese" grep -q "未知的阶段" "$TMP/err"

expect_status 0 "--help --lang zh" "$A" --help --lang zh
check "--help in Chinese" grep -q "^用法：attntrace" "$TMP/out"
check "--help: option texts in Chinese" grep -q "显示本帮助" "$TMP/out"
expect_status 0 "--lang zh without a sentence" "$A" --lang zh -p --color never
check "--lang zh: the Chinese sample" grep -q "句子：小猫坐在垫子上" "$TMP/out"
expect_status 0 "--lang zh with a sentence of one's own" "$A" --lang zh -p --color never "the cat sat"
check "--lang zh with a sentence: that sentence" grep -q "句子：the cat sat" "$TMP/out"
# Generated weights: shown translated, but files other programs read stay English.
mkdir -p "$TMP/gen"
printf 'token,a,b\ncat,1,0\nsat,0,1\n' >"$TMP/gen/embeddings.csv"
echo "cat sat" >"$TMP/gen/sentence.txt"
expect_status 0 "generated weights, --lang zh" "$A" -s "$TMP/gen" --lang zh -p --color never \
    --stage W_Q --explain W_Q:1:1
check "print: 'generated' in Chinese" grep -q "W_Q：生成的（种子 1）" "$TMP/out"
check "explain: 'generated' in Chinese" grep -q "这里是生成的（种子 1）" "$TMP/out"
expect_status 0 "export --lang zh" "$A" -s "$TMP/gen" --lang zh -x "$TMP/gen-export"
check "the manifest stays English (a file for programs)" \
    grep -q "generated (seed 1)" "$TMP/gen-export/manifest.csv"
check "the manifest holds no Chinese of ours" sh -c "! grep -q '生成' '$TMP/gen-export/manifest.csv'"
expect_status 0 "--vocab WORD --lang zh" "$A" --vocab 猫 --lang zh
check "--vocab WORD: the lexicon, not the Chinese sample" grep -q "^词表：.*everyday" "$TMP/out"
check "--vocab: headers in Chinese" grep -q "^词 .*查找方式" "$TMP/out"
finish
