#!/bin/sh
# End-to-end: the everyday lexicon tells its story, with attntrace's own lookup. For each
# sentence of tests/fixtures/stories-en.txt and stories-zh.txt, given without -s (a
# sentence of one's own opens the lexicon), attntrace exports every stage and each
# expected relation holds on the weights stage (the query's largest weight is on one of
# the named keys, tied with no other token); no token of a story is generated (they are all common
# words), and none that the reference lookup (scripts/lexicon_lookup.py) finds.
# Then the translation pairs (samples/translation/pairs.txt): each English word's
# largest cross-attention weight is on its Chinese counterpart, with -s translation, with
# the lexicon (--source alone picks its W_*.cross.csv), and with -s translation and no
# sentence (its sentence.txt and source.txt open on the first pair).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
STORY="python3 tests/lexicon_story.py"

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
        if "$ATTNTRACE" -x "$TMP/s$n" "$sentence" >"$TMP/out" 2>"$TMP/err"; then
            printf '%s\t%s\t%s\t%s\n' "$TMP/s$n" "$sentence" "$relations" \
                samples/everyday >> "$TMP/list"
        else
            fail "$sentence" "attntrace failed: $(head -c 300 "$TMP/err")"
        fi
        if [ -s "$TMP/err" ]; then fail "$sentence: nothing on stderr" "$(head -c 300 "$TMP/err")"; fi
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
    expect_status 0 "the lexicon, --source alone: $english <- $chinese" \
        "$ATTNTRACE" --source "$chinese" -x "$TMP/c$n" "$english"
    check "the lexicon's cross weights are used: $english" \
        grep -qF 'from samples/everyday/W_Q.cross.csv (cross-attention)' "$TMP/c$n/manifest.csv"
    printf '%s\t%s\t%s\t%s\n' "$TMP/c$n" "$english" "$relations" samples/everyday \
        >> "$TMP/list"
done < "$TMP/pairs"
# -s translation alone opens on the first pair (sentence.txt ← source.txt).
IFS="$(printf '\t')" read -r english chinese relations < "$TMP/pairs"
n=$((n + 1))
expect_status 0 "-s translation alone" "$ATTNTRACE" -s translation -x "$TMP/p$n"
check "-s translation alone: the source stage is there" test -f "$TMP/p$n/02_source.csv"
printf '%s\t%s\t%s\t%s\n' "$TMP/p$n" "$english" "$relations" samples/translation >> "$TMP/list"

$STORY check "$TMP/list" > "$TMP/checks"
record < "$TMP/checks"

# The checker itself can fail: a tie with a token not named, a row equal everywhere
# (着, a function word, named with every token), a wrong key.
s=小狗追着球跑
"$ATTNTRACE" -x "$TMP/neg" "$s" >/dev/null 2>&1
printf '%s\t%s\t%s\t%s\n' "$TMP/neg" "$s" "小狗=>追;着=>小狗|追|着|球|跑;追=>球" \
    samples/everyday > "$TMP/neglist"
$STORY check "$TMP/neglist" > "$TMP/negchecks"
check "the checker fails a tie with a token not named (小狗 => 追, 跑 ties)" \
    grep -q "^not ok $s: 小狗 => 追: largest weight 0.353 on 追 跑" "$TMP/negchecks"
check "the checker fails a row equal everywhere" \
    grep -q "^not ok $s: 着 => 小狗|追|着|球|跑: largest weight 0.200 on 小狗 追 着 球 跑" "$TMP/negchecks"
check "the checker fails a wrong key" \
    grep -q "^not ok $s: 追 => 球: largest weight 0.493 on 小狗" "$TMP/negchecks"
# README.md's "Your own sentence" screen is what attntrace prints today (it leaves out
# the header lines d_model and embeddings, and the Σ note).
awk -v cmd='    $ attntrace -p --stage weights "the dog chased the ball"' '
    $0 == cmd { f = 1; next }
    f && /^    / { print substr($0, 5); next }
    f && /^$/ { print; next }
    f { exit }' README.md | sed -e '$!b' -e '/^$/d' > "$TMP/readme-screen"
"$ATTNTRACE" -p --stage weights "the dog chased the ball" 2>&1 |
    grep -vE '^(d_model = |embeddings: |  Σ: |  can add up)' | sed -e '$!b' -e '/^$/d' > "$TMP/real-screen"
check "README.md's screen for \"the dog chased the ball\" is real" \
    sh -c "test -s '$TMP/readme-screen' && cmp -s '$TMP/readme-screen' '$TMP/real-screen'"
check "every story checked" test "$(grep -c '' "$TMP/list")" -eq "$n"
finish
