#!/bin/sh
# End-to-end: --heads H and --source SENTENCE with the real binary: print, export, the
# independent reference computation (1e-12), --check on head files, lessons, bad usage.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

# ─── multi-head ─────────────────────────────────────────────────────────────────
expect_status 0 "--heads 2 print" "$ATTNTRACE" -s by-hand --heads 2 --print --color never
check "18 stages" grep -q '^── stage 18/18: output — Output: the heads projected by W_O' "$TMP/out"
check "head stages are named" grep -q '^── stage 12/18: scores.h2 — Raw attention scores, head 2   scores.h2 = Q·Kᵀ over columns 3–4   (3×3)' "$TMP/out"
check "header names the heads" grep -q '^heads = 2: each over d_k/H = 2 columns of Q, K and d_v/H = 1 of V' "$TMP/out"
check "W_O from the sample" grep -q 'W_O: samples/by-hand/W_O.csv' "$TMP/out"
expect_status 0 "--heads 2 export" "$ATTNTRACE" -s by-hand --heads 2 -x "$TMP/h2"
check "manifest + 18 stage files" test "$(ls "$TMP/h2" | wc -l)" -eq 19
check "head file names" test -f "$TMP/h2/12_scores.h2.csv" -a -f "$TMP/h2/16_concat.csv" -a -f "$TMP/h2/17_W_O.csv"
check "manifest lists the heads" grep -q '^13,"scaled.h2","13_scaled.h2.csv",3,3,.*heads = 2; head = 2' "$TMP/h2/manifest.csv"
if python3 tests/reference_check.py "$TMP/h2" >"$TMP/ref" 2>&1; then
    ok "--heads 2 export = reference computation (1e-12)"
else fail "--heads 2 reference" "$(cat "$TMP/ref")"; fi
expect_status 0 "--heads 2 causal T=2" "$ATTNTRACE" -s by-hand --heads 2 --mask causal --temperature 2 -x "$TMP/h2m"
check "masked per head" test -f "$TMP/h2m/10_masked.h1.csv"
check "--heads 2 causal reference" python3 tests/reference_check.py "$TMP/h2m"
# Generated inputs (a sample folder with only a sentence): d_model = d_k = d_v = 8.
mkdir -p "$TMP/gen" && echo "a b c d e" >"$TMP/gen/sentence.txt"
for h in 4 8; do
    expect_status 0 "--heads $h, generated" "$ATTNTRACE" -s "$TMP/gen" --heads $h -x "$TMP/g$h"
    check "--heads $h reference" python3 tests/reference_check.py "$TMP/g$h"
    check "--heads $h: W_O generated" grep -q '"W_O",.*generated (seed 1)' "$TMP/g$h/manifest.csv"
done
# One head is the program of old: same text, same files.
expect_status 0 "--heads 1 print" "$ATTNTRACE" -s by-hand --heads 1 --print --color never
check "--heads 1 matches golden" cmp -s "$TMP/out" tests/golden/by-hand.txt
# --explain and --stage on head stages
expect_status 0 "--explain scaled.h2" "$ATTNTRACE" -s by-hand --heads 2 -p --stage scaled.h2 --explain scaled.h2:like:cats
check "explain divides by √(d_k/H)" grep -q '= scores.h2\[2\]\[3\] / √(d_k/H) = 3.0000 / √(4/2) = 3.0000 / 1.4142 = 2.1213' "$TMP/out"
check "--stage prints one head stage" test "$(grep -c '^── stage' "$TMP/out")" -eq 1
expect_status 0 "--explain concat" "$ATTNTRACE" -s by-hand --heads 2 -p --stage concat --explain concat:2:2
check "explain concat names the head" grep -q '= output.h2\[2\]\[1\]: head 2' "$TMP/out"
# --wo overrides the sample's W_O; the worksheet and --check work on head files
printf 'dim,a,b\nv1,2,0\nv2,0,2\n' >"$TMP/wo.csv"
expect_status 0 "--wo FILE" "$ATTNTRACE" -s by-hand --heads 2 --wo "$TMP/wo.csv" -x "$TMP/h2w"
check "--wo reference" python3 tests/reference_check.py "$TMP/h2w"
check "--wo in the manifest" grep -q "\"W_O\",.*from $TMP/wo.csv" "$TMP/h2w/manifest.csv"
expect_status 0 "--check on an export with heads" "$ATTNTRACE" -s by-hand --heads 2 --check "$TMP/h2"
check "every head file checked" grep -q '^18 stages' "$TMP/out"
# lessons: base names mean head 1; no placeholder left unfilled
expect_status 0 "--lesson with --heads 2" "$ATTNTRACE" -s by-hand --heads 2 -p --lesson self-attention --color never
check "lesson: no unfilled placeholder" sh -c "! grep -q '?}' '$TMP/out'"
check "lesson: concat section" grep -q 'concat lays the heads' "$TMP/out"
check "lesson: scores section shown once" test "$(grep -c 'Q: Before the scores appear: which key fits' "$TMP/out")" -eq 1
expect_status 0 "--check-lesson with --heads 2" "$ATTNTRACE" -s by-hand --heads 2 --check-lesson lessons/en/self-attention.md

# ─── cross-attention ───────────────────────────────────────────────────────────
expect_status 0 "--source print" "$ATTNTRACE" -s default --source "the dog sat" --print --color never
check "12 stages" grep -q '^── stage 12/12: output' "$TMP/out"
check "source stage" grep -q '^── stage 2/12: source — Source embeddings   X_src = embeddings(source tokens)   (3×5)' "$TMP/out"
check "K from the source" grep -q 'K = X_src·W_K   (3×3)' "$TMP/out"
check "scores are n×m" grep -q 'scores = Q·Kᵀ   (6×3)' "$TMP/out"
check "header names the source" grep -q '^source tokens (3): the dog\* sat' "$TMP/out"
check "generated mark on a source column" grep -q '^query\\key *the *dog\* *sat$' "$TMP/out"
check "no mark on the rows" sh -c "! grep -q '^cat\*' '$TMP/out'"
expect_status 0 "--source export" "$ATTNTRACE" -s default --source "the dog sat" -x "$TMP/x"
check "source file" test -f "$TMP/x/02_source.csv"
check "manifest: source's generated tokens" grep -q '"source",.*generated (not in the vocabulary): dog' "$TMP/x/manifest.csv"
check "--source reference" python3 tests/reference_check.py "$TMP/x"
expect_status 0 "--source with --heads 2" "$ATTNTRACE" -s by-hand --source "cats like dogs and I" --heads 2 -x "$TMP/xh"
check "--source --heads reference" python3 tests/reference_check.py "$TMP/xh"
check "weights.h1 is 3×5" grep -q '"weights.h1","11_weights.h1.csv",3,5,' "$TMP/xh/manifest.csv"
expect_status 0 "--explain across sentences" "$ATTNTRACE" -s default --source "the dog sat" -p --stage weights --explain weights:cat:dog
check "explain names the source key" grep -q 'weights\[2\]\[2\]  (query "cat", key "dog")' "$TMP/out"
expect_status 0 "--lesson with --source" "$ATTNTRACE" -s default --source "the dog sat" -p --lesson self-attention --color never
check "lesson: cross section" grep -q 'cross-attention: Q comes from the sentence being written (X), K and V' "$TMP/out"
check "lesson: {source} filled" grep -q 'the source "the dog sat": 3' "$TMP/out"
check "lesson: no unfilled placeholder" sh -c "! grep -q '?}' '$TMP/out'"
expect_status 0 "lesson zh with --source" "$ATTNTRACE" -s chinese --source "猫 吃 鱼" -p --lesson self-attention --lang zh --color never
check "zh: cross section" grep -q '交叉注意力' "$TMP/out"

# ─── slides: every head stage and the source as SVG, cell for cell as the CSV ──
expect_status 0 "--export-svg with heads and source" "$ATTNTRACE" -s by-hand --heads 2 --source "cats like dogs" --export-svg "$TMP/svg" -x "$TMP/svgx"
check "svg = csv" python3 tests/svg_check.py "$TMP/svg" "$TMP/svgx"
check "svg note names the heads" grep -q '2 heads · cross-attention · scaled by 1/√(d_k/H)' "$TMP/svg/09_scores.h1.svg"

# ─── bad usage ─────────────────────────────────────────────────────────────────
expect_status 2 "--heads 3 with d_k = 4" "$ATTNTRACE" -s by-hand -p --heads 3
check "names d_k and H" grep -q 'attntrace: --heads 3: d_k = 4 and d_v = 2 must both be divisible by 3' "$TMP/err"
expect_status 2 "--heads 0" "$ATTNTRACE" -s by-hand -p --heads 0
expect_status 2 "--heads 9" "$ATTNTRACE" -s by-hand -p --heads 9
expect_status 2 "--source with --mask causal" "$ATTNTRACE" -s default -p --source "the dog" --mask causal
check "says why" grep -q 'attntrace: --mask causal does not apply to cross-attention (--source)' "$TMP/err"
expect_status 2 "--wo without --heads" "$ATTNTRACE" -s by-hand -p --wo "$TMP/wo.csv"
expect_status 2 "--stage scores with --heads 2" "$ATTNTRACE" -s by-hand -p --heads 2 --stage scores
check "points at scores.h1" grep -q 'scores is split by head with --heads: name one, like scores.h1' "$TMP/err"
expect_status 2 "--stage scores.h3 with --heads 2" "$ATTNTRACE" -s by-hand -p --heads 2 --stage scores.h3
expect_status 2 "--stage source without --source" "$ATTNTRACE" -s by-hand -p --stage source
expect_status 2 "empty --source" "$ATTNTRACE" -s by-hand -p --source " "
printf 'dim,a\nv1,1\nv2,1\n' >"$TMP/bad-wo.csv"
expect_status 2 "W_O of the wrong shape" "$ATTNTRACE" -s by-hand -p --heads 2 --wo "$TMP/bad-wo.csv"

finish
