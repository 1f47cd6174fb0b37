#!/bin/sh
# End-to-end: --decode with the real binary: print covers every step and the cost table,
# export holds the causal run plus each step's files (manifest), the independent
# reference computation (1e-12) with --heads, --kv-heads, --no-scale and --temperature,
# --stage and --explain on step stages, bad usage.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

expect_status 0 "--decode print" "$ATTNTRACE" -s by-hand --decode -p --color never
check "the causal run first" grep -q '^── stage 10/39: masked — Causal mask' "$TMP/out"
check "the cost table" grep -q '^         3               96              180     1.9×  (this sentence)$' "$TMP/out"
check "the cost formula" grep -q '^  without the cache: (P + O)·n(n+1)/2 + A·n(n+1)(n+2)/6' "$TMP/out"
check "a step heading" grep -q '^══ decode step 2/3: token "like"$' "$TMP/out"
check "the cache grows" grep -q '^── stage 25/39: decode.t2.K — Step 2: the key cache K\[1..t\]   K\[1..2\] = \[K\[1..1\]; k_2\]   (2×4)$' "$TMP/out"
check "a score row over the cache" grep -q 'scores = q_3·K\[1..3\]ᵀ / √d_k   (1×3)$' "$TMP/out"
check "the proof, each step" test "$(grep -c '^  = row [123] of output (the causal run), difference 0 in every column$' "$TMP/out")" -eq 3
expect_status 0 "--decode export" "$ATTNTRACE" -s by-hand --decode -x "$TMP/d"
check "manifest + 39 files" test "$(ls "$TMP/d" | wc -l)" -eq 40
check "the causal output is whole" grep -q '^12,"output","12_output.csv",3,2,' "$TMP/d/manifest.csv"
check "step files listed" grep -q '^34,"decode.t3.K","34_decode.t3.K.csv",3,4,"K\[1..3\] = \[K\[1..2\]; k_3\]","decode: step 3 of 3, token 3; the cache: rows 1-3' "$TMP/d/manifest.csv"
check "diff note" grep -q '"decode.t3.diff",.*largest |diff| over every step = 0"$' "$TMP/d/manifest.csv"
check "--decode reference" python3 tests/reference_check.py "$TMP/d"
expect_status 0 "--decode --force again" "$ATTNTRACE" -s by-hand --decode -x "$TMP/d" --force
expect_status 0 "--decode --heads 2 T=3" "$ATTNTRACE" -s by-hand --decode --heads 2 --temperature 3 -x "$TMP/dh"
check "--decode --heads reference" python3 tests/reference_check.py "$TMP/dh"
check "per-head step files" test -f "$TMP/dh/$(grep -o '[0-9]*_decode.t2.weights.h2.csv' "$TMP/dh/manifest.csv")"
mkdir -p "$TMP/gen" && echo "the cat sat on the mat" >"$TMP/gen/sentence.txt"
expect_status 0 "--decode --kv-heads 2 --no-scale" "$ATTNTRACE" -s "$TMP/gen" --decode --heads 4 --kv-heads 2 --no-scale -x "$TMP/dg"
check "--decode --kv-heads reference" python3 tests/reference_check.py "$TMP/dg"
expect_status 0 "--decode --kv-heads 1 T=0.4" "$ATTNTRACE" -s "$TMP/gen" --decode --heads 2 --kv-heads 1 --temperature 0.4 -x "$TMP/dg1"
check "--decode multi-query reference" python3 tests/reference_check.py "$TMP/dg1"
expect_status 0 "--decode with --mask causal given" "$ATTNTRACE" -s by-hand --decode --mask causal -p --stage decode.t2.weights --color never
check "--stage prints one step stage" test "$(grep -c '^── stage' "$TMP/out")" -eq 1
check "... and no cost table" sh -c "! grep -q 'multiply-adds' '$TMP/out'"
expect_status 0 "--explain a step's score" "$ATTNTRACE" -s by-hand --decode -p --stage decode.t3.scores --explain decode.t3.scores:1:like
check "explain pairs q and the cache" grep -q 'decode.t3.scores\[1\]\[2\] = q_3 · k_2 / 2' "$TMP/out"
expect_status 0 "--explain a diff" "$ATTNTRACE" -s by-hand --decode -p --stage decode.t2.diff --explain decode.t2.diff:1:2
check "explain: difference 0" grep -q 'decode.t2.diff\[1\]\[2\] = decode.t2.output\[1\]\[2\] − output\[2\]\[2\] = .* = 0$' "$TMP/out"
expect_status 0 "--explain a cached row" "$ATTNTRACE" -s by-hand --decode -p --stage decode.t3.V --explain decode.t3.V:1:1
check "explain: kept, not recomputed" grep -q 'computed at step 1 and kept' "$TMP/out"

# slides: a slide per step stage after the causal run's, cell for cell as the CSV
expect_status 0 "--decode --export-svg" "$ATTNTRACE" -s by-hand --decode --heads 2 --export-svg "$TMP/svg" -x "$TMP/svgx"
check "svg = csv, steps included" python3 tests/svg_check.py "$TMP/svg" "$TMP/svgx"
check "a step's slide" test -f "$TMP/svg/37_decode.t2.K.svg"
check "index lists the steps" grep -q '<h2>59. decode.t3.diff: Step 3: output row t minus the causal row t</h2>' "$TMP/svg/index.html"
expect_status 0 "--decode --export-svg --force again" "$ATTNTRACE" -s by-hand --decode --heads 2 --export-svg "$TMP/svg" --force

# lessons: the decode section (en, zh) only with --decode; --check-lesson on every sample
expect_status 0 "--decode --lesson" "$ATTNTRACE" -s by-hand --decode -p --lesson self-attention --color never
check "the decode section" grep -q '^Decoding with a KV cache: a model writes one token at a time' "$TMP/out"
check "its question and answer" grep -q 'why does decoding with the cache need no mask?' "$TMP/out"
check "after the steps, before the end" sh -c "awk '/decode.t3.diff/ { d = NR } /^Decoding with a KV cache/ { k = NR } /^That is one attention head/ { e = NR } END { exit !(d < k && k < e) }' '$TMP/out'"
expect_status 0 "--lesson without --decode" "$ATTNTRACE" -s by-hand --mask causal -p --lesson self-attention --color never
check "no decode section" sh -c "! grep -q 'Decoding with a KV cache' '$TMP/out'"
expect_status 0 "zh: --decode --lesson" "$ATTNTRACE" -s chinese --decode -p --lesson self-attention --lang zh --color never
check "zh: the decode section" grep -q '用 KV 缓存逐词解码' "$TMP/out"
for s in by-hand default chinese coreference everyday; do
    for lang in en zh; do
        expect_status 0 "--check-lesson $lang -s $s --decode" "$ATTNTRACE" -s $s --decode --check-lesson lessons/$lang/self-attention.md
    done
done

# ─── bad usage ─────────────────────────────────────────────────────────────────
expect_status 2 "--decode --mask none" "$ATTNTRACE" -s by-hand --decode --mask none -p
check "says it implies causal" grep -q 'attntrace: --decode generates one token at a time.*it implies --mask causal' "$TMP/err"
expect_status 2 "--decode --source" "$ATTNTRACE" -s by-hand --decode --source "cats like I" -p
check "says not with cross-attention" grep -q 'attntrace: --decode does not apply to cross-attention' "$TMP/err"
expect_status 2 "a step stage without --decode" "$ATTNTRACE" -s by-hand -p --stage decode.t1.q
check "says --decode" grep -q 'attntrace: --stage decode.t1.q exists only with --decode' "$TMP/err"
expect_status 2 "a step beyond the sentence" "$ATTNTRACE" -s by-hand --decode -p --stage decode.t4.q
check "says beyond" grep -q 'beyond the 3 steps' "$TMP/err"
expect_status 2 "--explain beyond the sentence" "$ATTNTRACE" -s by-hand --decode -p --explain decode.t9.q:1:1
expect_status 2 "the cache per head is not a stage" "$ATTNTRACE" -s by-hand --decode -p --stage decode.t1.K.h1
expect_status 2 "too many tokens" "$ATTNTRACE" -s "$TMP/gen" --decode --max-tokens 2000 -p "$(seq 1 1100 | sed 's/.*/w/' | tr '\n' ' ')"
check "says at most 1024" grep -q 'attntrace: --decode: at most 1024 tokens (the sentence has 1100)' "$TMP/err"
finish
