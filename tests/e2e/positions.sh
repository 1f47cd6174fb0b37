#!/bin/sh
# End-to-end: --pos, --rope and --shuffle with the real binary: the new stages in print
# and export, the independent reference computation (1e-12) combined with --heads,
# --source, --mask causal, --no-scale and --temperature, the notes, bad tables of
# positions, and --pos none leaving every golden file as it was.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

# ─── --pos none: nothing changes ─────────────────────────────────────────────────
for name in by-hand default; do
    expect_status 0 "--pos none $name" "$ATTNTRACE" -s $name --pos none -p --color never
    check "--pos none $name = golden" cmp -s "$TMP/out" tests/golden/$name.txt
done

# ─── print ──────────────────────────────────────────────────────────────────────
expect_status 0 "--pos sinusoidal --rope print" "$ATTNTRACE" -s by-hand --pos sinusoidal --rope -p --color never
check "15 stages" grep -q '^── stage 15/15: output' "$TMP/out"
check "positions after embeddings" grep -q '^── stage 2/15: positions — Positions   P\[p\]\[2i\] = sin(p/10000^(2i/d))' "$TMP/out"
check "input = X + P" grep -q '^── stage 3/15: input — Input: embeddings plus positions   input = X + P   (3×2)' "$TMP/out"
check "Q from input" grep -q 'Q = input·W_Q   (3×4)' "$TMP/out"
check "Q.rope after V" grep -q '^── stage 10/15: Q.rope — ' "$TMP/out"
check "scores from the rotated" grep -q 'scores = Q.rope·K.ropeᵀ   (3×3)' "$TMP/out"
check "header names both" grep -q '^positions: sinusoidal; RoPE: Q and K turned pair by pair by position·θ_i, d_head = 4$' "$TMP/out"
expect_status 0 "--explain Q.rope" "$ATTNTRACE" -s by-hand --rope -p --stage Q.rope --explain Q.rope:cats:q1
check "explain: the angle" grep -q 'angle = p·θ_k = 2 × 1.0000 = 2.0000 rad' "$TMP/out"
check "explain: the rotation" grep -q '= x·cos(angle) − y·sin(angle) = 1.0000 × -0.4161 − 1.0000 × 0.9093 = -1.3254' "$TMP/out"
expect_status 0 "--explain a RoPE score" "$ATTNTRACE" -s by-hand --rope -p --stage scores --explain scores:3:1
check "explain: the offset" grep -q 'offset i − j = 2 − 0 = 2' "$TMP/out"
check "explain: the angle difference" grep -q 'pair k=0 (columns 1,2): θ_k = 1.0000, angle difference (i − j)·θ_k = 2.0000 − 0.0000 = 2.0000 rad' "$TMP/out"
expect_status 2 "--stage positions without --pos" "$ATTNTRACE" -s by-hand --stage positions -p
check "says why" grep -q 'positions exists only with --pos sinusoidal or --pos FILE' "$TMP/err"

# ─── export and the reference ────────────────────────────────────────────────────
mkdir -p "$TMP/gen" && echo "a b c d e a" >"$TMP/gen/sentence.txt"
n=0
while read -r sample opts; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    if "$ATTNTRACE" -s "$sample" $opts -x "$TMP/r$n" 2>"$TMP/err" &&
        python3 tests/reference_check.py "$TMP/r$n" >"$TMP/ref" 2>&1; then
        ok "reference: -s $(basename "$sample") $opts"
    else fail "reference: -s $sample $opts" "$(cat "$TMP/err" "$TMP/ref" 2>/dev/null)"; fi
done <<LIST
by-hand --pos sinusoidal
by-hand --rope
by-hand --pos sinusoidal --rope
by-hand --pos sinusoidal --rope --heads 2
by-hand --rope --heads 2 --mask causal
by-hand --pos sinusoidal --rope --mask causal --no-scale
by-hand --pos sinusoidal --rope --temperature 0.5
coreference --pos sinusoidal --rope --shuffle 5
$TMP/gen --pos sinusoidal --rope --heads 4
$TMP/gen --rope --heads 2 --mask causal --temperature 2
$TMP/gen --pos sinusoidal --rope --heads 4 --kv-heads 2
LIST
# cross-attention: the source's own positions from 0, K.rope turned by them
expect_status 0 "--source export" "$ATTNTRACE" -s by-hand --pos sinusoidal --rope --source "cats like I and dogs" -x "$TMP/rs1"
check "--pos --rope --source reference" python3 tests/reference_check.py "$TMP/rs1"
expect_status 0 "--source --heads export" "$ATTNTRACE" -s by-hand --pos sinusoidal --rope --heads 2 --source "cats like dogs" -x "$TMP/rs2"
check "--pos --rope --source --heads reference" python3 tests/reference_check.py "$TMP/rs2"
check "manifest: the positions' note" grep -q '"positions",.*--pos sinusoidal: P\[p\]\[2i\] = sin' "$TMP/r3/manifest.csv"
check "manifest: the rope note" grep -q '"K.rope",.*--rope: heads = 1; d_head = 4' "$TMP/r3/manifest.csv"
check "manifest: source positions" grep -q '"source.positions","05_source.positions.csv",' "$TMP/rs1/manifest.csv"
check "manifest: K.rope at the source's positions" grep -q "\"K.rope\",.*the source token's position" "$TMP/rs1/manifest.csv"

# SVG slides and --check know the new stages.
expect_status 0 "--export-svg with --pos --rope" "$ATTNTRACE" -s by-hand --pos sinusoidal --rope --export-svg "$TMP/svg"
check "slides for the new stages" test -f "$TMP/svg/02_positions.svg" -a -f "$TMP/svg/10_Q.rope.svg"
check "the index names the options" grep -q '<p>positions: sinusoidal; RoPE' "$TMP/svg/index.html"
expect_status 0 "--check an export with --pos --rope" "$ATTNTRACE" -s by-hand --pos sinusoidal --rope --check "$TMP/r3"
expect_status 2 "--check it without --rope" "$ATTNTRACE" -s by-hand --pos sinusoidal --check "$TMP/r3"
check "says the stage needs --rope" grep -q 'the Q.rope stage exists only with --rope' "$TMP/err"

# Learned positions from a file: the first rows are used.
printf 'position,a,b\n0,0.5,-0.25\n1,0.125,1\n2,-1,2\n3,4,4\n' >"$TMP/pos.csv"
expect_status 0 "--pos FILE export" "$ATTNTRACE" -s by-hand --pos "$TMP/pos.csv" --rope --heads 2 -x "$TMP/pf"
check "--pos FILE reference" python3 tests/reference_check.py "$TMP/pf" "$TMP/pos.csv"
check "manifest names the file" grep -q "\"positions\",.*--pos FILE: rows 0-2 of $TMP/pos.csv" "$TMP/pf/manifest.csv"
expect_status 0 "--pos FILE --source" "$ATTNTRACE" -s by-hand --pos "$TMP/pos.csv" --source "cats like dogs and" -x "$TMP/pfs"
check "--pos FILE --source reference" python3 tests/reference_check.py "$TMP/pfs" "$TMP/pos.csv"

# ─── --shuffle ──────────────────────────────────────────────────────────────────
expect_status 0 "--shuffle print" "$ATTNTRACE" -s by-hand --shuffle 3 -p --color never
check "the shuffled sentence" grep -q '^sentence: like cats I$' "$TMP/out"
check "the permutation" grep -q '^--shuffle 3: words reordered, order 2 3 1 (token k is word order\[k\] of the sentence as written)$' "$TMP/out"
expect_status 0 "--shuffle export" "$ATTNTRACE" -s by-hand --shuffle 3 -x "$TMP/sh"
check "manifest: the permutation" grep -q '"embeddings",.*; --shuffle 3: words reordered, order 2 3 1' "$TMP/sh/manifest.csv"
expect_status 0 "plain export" "$ATTNTRACE" -s by-hand -x "$TMP/plain"
expect_status 0 "--shuffle --pos export" "$ATTNTRACE" -s by-hand --shuffle 3 --pos sinusoidal -x "$TMP/shp"
expect_status 0 "--pos export" "$ATTNTRACE" -s by-hand --pos sinusoidal -x "$TMP/pp"
# weights of the shuffled sentence, row i and column j, against the original's at the
# words' own places (perm 2 3 1: new place k is old place perm[k])
permuted() { python3 - "$1" "$2" <<'PY'
import csv, sys
def w(d):
    name = "/12_weights.csv" if "positions" in open(d + "/manifest.csv").read() else "/10_weights.csv"
    rows = list(csv.reader(open(d + name)))
    return [[float(x) for x in r[1:]] for r in rows[1:]]
a, b, perm = w(sys.argv[1]), w(sys.argv[2]), [1, 2, 0]
worst = max(abs(b[i][j] - a[perm[i]][perm[j]]) for i in range(3) for j in range(3))
sys.exit(0 if worst < 1e-12 else 1)
PY
}
check "without positions: the same weights, permuted" permuted "$TMP/plain" "$TMP/sh"
if permuted "$TMP/pp" "$TMP/shp"; then fail "with positions the weights change" "they were only permuted"
else ok "with positions the weights change, not only their order"; fi

# ─── bad input ──────────────────────────────────────────────────────────────────
printf 'position,a,b\n0,0.1,0.2\n1,0.3,0.4\n' >"$TMP/short.csv"
expect_status 2 "too few rows" "$ATTNTRACE" -s by-hand --pos "$TMP/short.csv" -p
check "names the line" grep -q "short.csv:4:1: has 2 rows of positions, but the sentence has 3 tokens (positions 0 to 2): add row 2" "$TMP/err"
printf 'position,a,c\n0,1,2\n1,1,2\n2,1,2\n' >"$TMP/cols.csv"
expect_status 2 "wrong column" "$ATTNTRACE" -s by-hand --pos "$TMP/cols.csv" -p
check "names the column" grep -q 'cols.csv:1:3: column "c" should be "b"' "$TMP/err"
printf 'position,a,b\n0,1,2\n1,one,2\n2,1,2\n' >"$TMP/nan.csv"
expect_status 2 "not a number" "$ATTNTRACE" -s by-hand --pos "$TMP/nan.csv" -p
check "names line and column" grep -q 'nan.csv:3:2:' "$TMP/err"
printf 'token,a,b\n0,1,2\n' >"$TMP/corner.csv"
expect_status 2 "wrong corner" "$ATTNTRACE" -s by-hand --pos "$TMP/corner.csv" -p
check "says position" grep -q 'corner.csv:1:1: the corner cell is "token"' "$TMP/err"
mkfifo "$TMP/fifo.csv"
expect_status 2 "a FIFO" timeout 10 "$ATTNTRACE" -s by-hand --pos "$TMP/fifo.csv" -p
check "says FIFO" grep -q 'fifo.csv: is a FIFO' "$TMP/err"
truncate -s 100M "$TMP/huge.csv" && ln -s "$TMP/huge.csv" "$TMP/link.csv"
expect_status 2 "a link to a huge file" "$ATTNTRACE" -s by-hand --pos "$TMP/link.csv" -p
check "says too large" grep -q 'link.csv: file larger than 64 MiB' "$TMP/err"
expect_status 2 "--rope with an odd d_head" "$ATTNTRACE" -s "$TMP/gen" --dim 6 --dk 6 --heads 2 --rope -p
check "says odd" grep -q -- '--rope: d_head = d_k/H = 6/2 = 3 is odd' "$TMP/err"
expect_status 2 "--decode with --rope: refused" "$ATTNTRACE" -s by-hand --rope --decode -p
check "says not yet" grep -q -- '--decode does not take --pos or --rope yet' "$TMP/err"
expect_status 2 "--shuffle not a number" "$ATTNTRACE" --shuffle x -p
finish
