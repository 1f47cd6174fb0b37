#!/bin/sh
# End-to-end: attntrace's lookup (src/core/lookup.c) agrees with the reference
# (scripts/lexicon_lookup.py) on every token of the test sentences and stories: the same
# tokens (one export of all a file's sentences), and for each the same row found the same
# way (one --vocab of them). The lexicon's coverage of the simple sentences, measured
# through the binary: at least 97% of the English tokens and 95% of the Chinese.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

for f in tests/fixtures/simple-sentences-en.txt tests/fixtures/simple-sentences-zh.txt \
         tests/fixtures/stories-en.txt tests/fixtures/stories-zh.txt; do
    if python3 tests/lexicon_coverage.py --bin "$ATTNTRACE" --fixture "$f" >"$TMP/cov" 2>&1; then
        ok "$(tail -1 "$TMP/cov")"
    else
        fail "$f: attntrace agrees with the reference and covers it" "$(head -c 800 "$TMP/cov")"
    fi
done

# The comparison can fail: a reference without the rule -ies → -y disagrees on babies.
cat >"$TMP/norules.py" <<'PY'
import runpy, sys
sys.path.insert(0, "scripts")
import lexicon_lookup
lexicon_lookup.RULES = [r for r in lexicon_lookup.RULES if r[0] != "ies"]
sys.argv = ["lexicon_coverage.py"] + sys.argv[1:]
runpy.run_path("tests/lexicon_coverage.py", run_name="__main__")
PY
printf 'The babies sleep.\n' >"$TMP/babies-en.txt"
if python3 "$TMP/norules.py" --bin "$ATTNTRACE" --fixture "$TMP/babies-en.txt" \
    --min-en 0 >"$TMP/cov" 2>&1; then
    fail "a reference without the rule -ies disagrees" "$(cat "$TMP/cov")"
else
    check "a reference without the rule -ies disagrees on babies" \
        grep -qF "babies: attntrace baby (rule -ies), reference None (generated)" "$TMP/cov"
fi
finish
