#!/bin/sh
# End-to-end: the everyday lexicon tells its story. For each sentence of
# tests/fixtures/stories-en.txt and stories-zh.txt, attntrace -s everyday exports every
# stage and each expected relation holds on the weights stage (the query's largest weight
# is on one of the named keys, a tie fails); no word the lexicon knows is generated.
# Then the translation pairs (samples/translation/pairs.txt): each English word's
# largest cross-attention weight is on its Chinese counterpart, with -s translation and
# with the lexicon itself and its cross weights (samples/everyday/W_*.cross.csv).
# A binary that does not yet look inflected words up (cats -> cat) runs the stories on a
# copy of the lexicon holding the inflected forms, and says so.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
STORY="python3 tests/lexicon_story.py"

# Does the binary find "cats" through the lexicon's rules?
SAMPLE=samples/everyday
expect_status 0 "probe: cats with -s everyday" "$ATTNTRACE" -s everyday -x "$TMP/probe" "cats"
if grep -q 'generated (not in the vocabulary): cats' "$TMP/probe/manifest.csv"; then
    echo "skip - this attntrace does not look inflections up yet (cats -> cat):" \
        "the stories run on a copy of the lexicon that spells them out"
    SAMPLE="$TMP/everyday"
    $STORY surface-sample samples/everyday "$SAMPLE" tests/fixtures/stories-en.txt \
        tests/fixtures/stories-zh.txt samples/translation/pairs.txt >/dev/null
fi

# record the lines "ok NAME" / "not ok NAME: WHY" of lexicon_story.py check
record() {
    while IFS= read -r line; do
        case "$line" in
            "ok "*) ok "${line#ok }" ;;
            "not ok "*) _r=${line#not ok }; fail "${_r%%: *}" "${_r#*: }" ;;
        esac
    done
}

: > "$TMP/list"
n=0
for lang in en zh; do
    $STORY sentences "tests/fixtures/stories-$lang.txt" > "$TMP/stories"
    while IFS="$(printf '\t')" read -r sentence relations; do
        n=$((n + 1))
        if "$ATTNTRACE" -s "$SAMPLE" -x "$TMP/s$n" "$sentence" >"$TMP/out" 2>"$TMP/err"; then
            printf '%s\t%s\t%s\t%s\n' "$TMP/s$n" "$sentence" "$relations" \
                samples/everyday >> "$TMP/list"
        else
            fail "$sentence" "attntrace failed: $(head -c 300 "$TMP/err")"
        fi
    done < "$TMP/stories"
done

# The translation pairs: the sample, then the lexicon with its cross weights.
grep -v '^#' samples/translation/pairs.txt > "$TMP/pairs"
while IFS="$(printf '\t')" read -r english chinese relations; do
    n=$((n + 1))
    expect_status 0 "translation: $english <- $chinese" \
        "$ATTNTRACE" -s translation --source "$chinese" -x "$TMP/t$n" "$english"
    printf '%s\t%s\t%s\t%s\n' "$TMP/t$n" "$english" "$relations" samples/translation \
        >> "$TMP/list"
    n=$((n + 1))
    expect_status 0 "lexicon cross weights: $english <- $chinese" \
        "$ATTNTRACE" -s "$SAMPLE" --wq samples/everyday/W_Q.cross.csv \
        --wk samples/everyday/W_K.cross.csv --wv samples/everyday/W_V.cross.csv \
        --source "$chinese" -x "$TMP/c$n" "$english"
    printf '%s\t%s\t%s\t%s\n' "$TMP/c$n" "$english" "$relations" samples/everyday \
        >> "$TMP/list"
done < "$TMP/pairs"
$STORY check "$TMP/list" > "$TMP/checks"
record < "$TMP/checks"
check "every story checked" test "$(grep -c '' "$TMP/list")" -eq "$n"
finish
