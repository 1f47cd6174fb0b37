#!/bin/sh
# tests/e2e/roundtrip.sh — every file attntrace exports loads back wherever a file of
# that kind is accepted: each stage through --check (a correct export: every cell
# matches, exit 0; a --blank worksheet: each computed stage "not filled in", exit 3),
# and the input stages through -e, --wq, --wk, --wv and --wo, giving the same export bit
# for bit. Every sample, with --heads 2, --source, --mask causal, generated inputs, and
# sentences that repeat words (repeated labels on token axes) or hold an apostrophe
# token (a label "'").
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
A=$ATTNTRACE
export LANG=C.UTF-8
mkdir -p "$TMP/empty-sample"

# The files of the stages (not the manifest, which names where the inputs came from).
same_stages() { # DIR1 DIR2
    for f in "$1"/[0-9]*.csv; do
        cmp -s "$f" "$2/$(basename "$f")" || { echo "differs: $(basename "$f")"; return 1; }
    done
}

# roundtrip NAME ARGS...: the run's export, checked, reloaded and as a worksheet.
n=0
roundtrip() {
    name=$1; shift
    n=$((n + 1))
    x=$TMP/x$n
    expect_status 0 "$name: export" "$A" "$@" -x "$x"
    [ -d "$x" ] || return
    expect_status 0 "$name: --check of the export" "$A" "$@" --check "$x"
    check "$name: ... every cell matches" grep -q ' 0 differ, 0 missing' "$TMP/out"
    stages=$(ls "$x"/[0-9]*.csv | wc -l)
    check "$name: ... one verdict per stage" test "$(grep -c ' cells match$' "$TMP/out")" -eq "$stages"

    # The inputs back as inputs. With --source the vocabulary is both sentences' rows.
    emb=$x/01_embeddings.csv
    if [ -f "$x/02_source.csv" ]; then
        emb=$TMP/vocab$n.csv
        { cat "$x/01_embeddings.csv"; tail -n +2 "$x/02_source.csv"; } >"$emb"
        expect_status 0 "$name: the source's embeddings load as -e" "$A" "$@" -e "$x/02_source.csv" -p
    fi
    wq=$(ls "$x"/*_W_Q.csv) wk=$(ls "$x"/*_W_K.csv) wv=$(ls "$x"/*_W_V.csv)
    set -- "$@" -e "$emb" --wq "$wq" --wk "$wk" --wv "$wv"
    wo=$(ls "$x"/*_W_O.csv 2>/dev/null)
    [ -n "$wo" ] && set -- "$@" --wo "$wo"
    expect_status 0 "$name: exported inputs load back" "$A" "$@" -x "$x.back"
    check "$name: ... and give the same export, bit for bit" same_stages "$x" "$x.back"

    expect_status 0 "$name: --blank worksheet" "$A" "$@" --blank -x "$x.blank"
    expect_status 3 "$name: --check of the worksheet" "$A" "$@" --check "$x.blank"
    computed=$(grep -c ': not filled in (' "$TMP/out")
    inputs=$(grep -c ' cells match$' "$TMP/out")
    check "$name: ... each computed stage 'not filled in', the inputs match" \
        test "$((computed + inputs))" -eq "$stages" -a "$computed" -gt 0
    check "$name: ... no cell-by-cell list for a blank stage" sh -c "! grep -q '^  missing:' '$TMP/out'"
}

for s in default coreference chinese by-hand; do
    roundtrip "$s" -s "$s"
    roundtrip "$s --mask causal" -s "$s" --mask causal
done
roundtrip "by-hand --heads 2" -s by-hand --heads 2
roundtrip "by-hand --heads 2, repeated words" -s by-hand --heads 2 "I like cats I like"
roundtrip "default --source" -s default --source "the mat sat on the cat"
roundtrip "chinese --source" -s chinese --source "小猫坐在小猫上"
roundtrip "coreference --mask causal --temperature 2" -s coreference --mask causal --temperature 2
roundtrip "an apostrophe token" -s default "the cat's mat is the cat's"
roundtrip "generated inputs, two heads" -s "$TMP/empty-sample" --dim 4 --dk 4 --heads 2 \
    "a b a ' b '' =x"

finish
