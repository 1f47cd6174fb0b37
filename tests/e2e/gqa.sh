#!/bin/sh
# End-to-end: grouped-query heads (--kv-heads G) with the real binary: print, export, the
# independent reference computation (1e-12) with --heads, --source, --mask causal,
# --no-scale and --temperature; G = H is byte for byte today's multi-head; bad usage.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

# Generated inputs (a sample folder with only a sentence): d_model = d_k = 8.
mkdir -p "$TMP/gen" && echo "the cat sat on the mat" >"$TMP/gen/sentence.txt"
expect_status 0 "--heads 4 --kv-heads 2 print" "$ATTNTRACE" -s "$TMP/gen" --heads 4 --kv-heads 2 -p --color never
check "header names the groups" grep -q '^heads = 4, kv-heads = 2: each head over d_k/H = 2 columns of Q and its group' "$TMP/out"
check "what it saves" grep -q '^K and V kept per token: G = 2 groups × (d_head 2 + d_vhead 2) = 8 numbers; H = 4 heads with their own K and V would keep 16 (2× as many)' "$TMP/out"
check "K is G groups wide" grep -q '^── stage 6/26: K — Keys   K = X·W_K   (6×4)' "$TMP/out"
check "head 3 reads group 2" grep -q 'scores.h3 = Q\[columns 5–6\]·K\[columns 3–4\]ᵀ (group 2)' "$TMP/out"
check "concat is H·d_vhead wide" grep -q '^── stage 24/26: concat .*(6×8)' "$TMP/out"
check "concat columns name head and V column" grep -q '^token *h1.v1 *h1.v2 *h2.v1 *h2.v2 *h3.v3 *h3.v4 *h4.v3 *h4.v4$' "$TMP/out"
for G in 1 2 4; do
    expect_status 0 "--kv-heads $G export" "$ATTNTRACE" -s "$TMP/gen" --heads 4 --kv-heads $G -x "$TMP/g$G"
    check "--kv-heads $G reference" python3 tests/reference_check.py "$TMP/g$G"
done
check "manifest: K's note says what it saves" grep -q '^6,"K","06_K.csv",6,2,"K = X·W_K","kv-heads = 1; .*G = 1 group × (d_head 2 + d_vhead 2) = 4 numbers; H = 4 heads' "$TMP/g1/manifest.csv"
check "manifest: a head's group" grep -q '"scores.h4",.*head = 4; group = 1;' "$TMP/g1/manifest.csv"
expect_status 0 "--kv-heads causal T=0.7" "$ATTNTRACE" -s "$TMP/gen" --heads 4 --kv-heads 2 --mask causal --temperature 0.7 -x "$TMP/gm"
check "--kv-heads causal reference" python3 tests/reference_check.py "$TMP/gm"
expect_status 0 "--kv-heads --no-scale --source" "$ATTNTRACE" -s "$TMP/gen" --heads 4 --kv-heads 2 --no-scale --source "a dog ran" -x "$TMP/gs"
check "--kv-heads --source reference" python3 tests/reference_check.py "$TMP/gs"
check "K from the source, 3 rows" grep -q '^7,"K","07_K.csv",3,4,"K = X_src·W_K"' "$TMP/gs/manifest.csv"

# G = H is today's multi-head, byte for byte (print and every exported file)
expect_status 0 "--heads 2 print" "$ATTNTRACE" -s by-hand --heads 2 -p --color never
cp "$TMP/out" "$TMP/mh.txt"
expect_status 0 "--heads 2 --kv-heads 2 print" "$ATTNTRACE" -s by-hand --heads 2 --kv-heads 2 -p --color never
check "G = H prints as multi-head" cmp -s "$TMP/out" "$TMP/mh.txt"
expect_status 0 "--heads 2 export" "$ATTNTRACE" -s by-hand --heads 2 -x "$TMP/mh"
expect_status 0 "--heads 2 --kv-heads 2 export" "$ATTNTRACE" -s by-hand --heads 2 --kv-heads 2 -x "$TMP/mh2"
check "G = H exports as multi-head" diff -r "$TMP/mh" "$TMP/mh2"

# explain: a grouped head's score names the group and both columns
expect_status 0 "--explain scores.h3" "$ATTNTRACE" -s "$TMP/gen" --heads 4 --kv-heads 2 -p --stage scores.h3 --explain scores.h3:1:2
check "explain names the group" grep -q "with group 2's columns 3..4 of K" "$TMP/out"
check "explain pairs Q and K columns" grep -q 'Q c=5, K c=3' "$TMP/out"
expect_status 0 "--explain concat" "$ATTNTRACE" -s "$TMP/gen" --heads 4 --kv-heads 2 -p --stage concat --explain concat:1:5
check "explain concat: head 3" grep -q '= output.h3\[1\]\[1\]: head 3' "$TMP/out"

# A W_O file must have concat's rows
printf 'dim,a,b\nv1,1,0\nv2,0,1\n' >"$TMP/wo.csv"
expect_status 2 "W_O of d_v rows refused" "$ATTNTRACE" -s by-hand --heads 2 --kv-heads 1 --wk "$TMP/wk.csv" --wo "$TMP/wo.csv" -p

# lessons: the gqa section (en, zh) only when G < H
expect_status 0 "--kv-heads --lesson" "$ATTNTRACE" -s "$TMP/gen" --heads 4 --kv-heads 2 -p --lesson self-attention --color never
check "the gqa section" grep -q '^Grouped-query attention: the 4 query heads share fewer groups' "$TMP/out"
check "its question and answer" grep -q 'b) group 2; c) K and V of its own (a, b or c) → answer: b' "$TMP/out"
expect_status 0 "zh: --kv-heads --lesson" "$ATTNTRACE" -s "$TMP/gen" --heads 4 --kv-heads 2 -p --lesson self-attention --lang zh --color never
check "zh: the gqa section" grep -q '分组查询注意力：4 个查询头' "$TMP/out"
expect_status 0 "--heads 4 --lesson" "$ATTNTRACE" -s "$TMP/gen" --heads 4 -p --lesson self-attention --color never
check "no gqa section when G = H" sh -c "! grep -q 'Grouped-query attention' '$TMP/out'"
for lang in en zh; do
    expect_status 0 "--check-lesson $lang --heads 2 --kv-heads 2" "$ATTNTRACE" -s by-hand --heads 2 --kv-heads 2 --check-lesson lessons/$lang/self-attention.md
done

# ─── bad usage ─────────────────────────────────────────────────────────────────
expect_status 2 "G does not divide H" "$ATTNTRACE" -s "$TMP/gen" --heads 4 --kv-heads 3 -p
check "says G must divide H" grep -q 'attntrace: --kv-heads 3 must divide --heads 4' "$TMP/err"
expect_status 2 "G above H" "$ATTNTRACE" -s "$TMP/gen" --heads 2 --kv-heads 4 -p
expect_status 2 "W_K not G groups" "$ATTNTRACE" -s by-hand --heads 2 --kv-heads 1 -p
check "names W_K's file and width" grep -q 'W_K (samples/by-hand/W_K.csv) is 4 columns wide: with --heads 2 and --kv-heads 1 it must be' "$TMP/err"
printf 'dim,k1,k2,k3\nd1,1,0,0\nd2,0,1,0\n' >"$TMP/wk3.csv"
printf 'token,d1,d2\nx,1,0\ny,0,1\n' >"$TMP/e.csv"
printf 'dim,q1,q2,q3,q4\nd1,1,0,0,0\nd2,0,1,0,0\n' >"$TMP/wq4.csv"
expect_status 2 "W_K width not a multiple of G" "$ATTNTRACE" -e "$TMP/e.csv" --wq "$TMP/wq4.csv" --wk "$TMP/wk3.csv" --wv "$TMP/wk3.csv" --heads 4 --kv-heads 2 -p "x y"
check "names the file and the width" grep -q "W_K ($TMP/wk3.csv): is 3 columns wide, not a multiple of --kv-heads 2" "$TMP/err"
finish
