#!/bin/sh
# End-to-end: print and export every sample with the real binary; golden text;
# exports agree with an independent computation to 1e-12 and load back bit-exactly;
# exit statuses for good and bad usage; make install finds its data.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

for dir in samples/*/; do
    name=$(basename "$dir")
    expect_status 0 "$name: --print" "$ATTNTRACE" -s "$name" --print --color never
    if cmp -s "$TMP/out" "tests/golden/$name.txt"; then ok "$name: print matches golden"; else
        fail "$name: print matches golden" "$(diff "tests/golden/$name.txt" "$TMP/out" | head -20)"
    fi
    check "$name: no token generated" sh -c "! grep -q '^\* not in the vocabulary' '$TMP/out'"
    expect_status 0 "$name: --export" "$ATTNTRACE" -s "$name" -x "$TMP/x-$name"
    stages=11 # and the source stage for a sample with a source.txt (cross-attention)
    [ -f "$dir/source.txt" ] && stages=12
    check "$name: manifest + $stages stage files" test "$(ls "$TMP/x-$name" | wc -l)" -eq $((stages + 1))
    if python3 tests/reference_check.py "$TMP/x-$name" >"$TMP/ref" 2>&1; then
        ok "$name: export = reference computation (1e-12)"
    else fail "$name: export = reference computation" "$(cat "$TMP/ref")"; fi
    # The exported inputs load back as inputs and give the same export, bit for bit (the
    # source's rows, with a source, join the sentence's in one embeddings file).
    x="$TMP/x-$name"
    cp "$x/01_embeddings.csv" "$TMP/e-$name.csv"
    [ -f "$x/02_source.csv" ] && tail -n +2 "$x/02_source.csv" >>"$TMP/e-$name.csv"
    expect_status 0 "$name: exported inputs load back" "$ATTNTRACE" -s "$name" \
        -e "$TMP/e-$name.csv" --wq "$x/"*_W_Q.csv --wk "$x/"*_W_K.csv --wv "$x/"*_W_V.csv \
        -x "$TMP/y-$name"
    for f in "$x"/0*.csv "$x"/1*.csv; do
        cmp -s "$f" "$TMP/y-$name/$(basename "$f")" || { fail "$name: round trip" "$f differs"; continue 2; }
    done
    ok "$name: round trip is bit-exact"
done

# The weights' rows with their sums: rounded cells are said to be rounded.
expect_status 0 "weights with their row sums" "$ATTNTRACE" -p --stage weights --color never
check "a Σ column" grep -q 'query\\key .* Σ$' "$TMP/out"
check "each row adds up to 1.000" test "$(grep -c ' 1\.000$' "$TMP/out")" -eq 6
check "six cells of 0.167 show 1.002: said so" \
    grep -q 'can add up to a little more or less: row "the" shows 1.002 in all.' "$TMP/out"
expect_status 0 "no note when the shown cells add up" "$ATTNTRACE" -s translation -p --stage weights --color never "I love cats"
check "translation: no note" sh -c "! grep -q 'rounded to 3 decimals' '$TMP/out'"
expect_status 0 "scores, printed" "$ATTNTRACE" -p --stage scores --color never
check "scores have no Σ" sh -c "! grep -q 'Σ' '$TMP/out'"

# The mask, the temperature and --explain, against golden text and the reference.
expect_status 0 "causal T=2 print" "$ATTNTRACE" -s default --mask causal --temperature 2 \
    --print --color never --explain weights:sat:cat
check "causal T=2 matches golden" cmp -s "$TMP/out" tests/golden/default-causal-T2.txt
check "masked cells print as -inf" grep -q -- '-inf×' "$TMP/out"
expect_status 0 "causal export" "$ATTNTRACE" -s default --mask causal --temperature 2 -x "$TMP/xm"
check "masked stage file" test -f "$TMP/xm/10_masked.csv"
check "masked cells exported as -inf" grep -q -- ',-inf' "$TMP/xm/10_masked.csv"
check "causal reference" python3 tests/reference_check.py "$TMP/xm"
expect_status 0 "--no-scale export" "$ATTNTRACE" -s coreference --no-scale -x "$TMP/xn"
check "--no-scale reference" python3 tests/reference_check.py "$TMP/xn"
check "--no-scale: scaled = scores" sh -c "cut -d, -f2- '$TMP/xn/08_scores.csv' | tail -n +2 > '$TMP/a'; cut -d, -f2- '$TMP/xn/09_scaled.csv' | tail -n +2 > '$TMP/b'; cmp -s '$TMP/a' '$TMP/b'"

# A generated sentence: unknown tokens are marked in print and listed in the manifest.
expect_status 0 "unknown tokens" "$ATTNTRACE" -s default --print --color never "the zebra sat"
check "print marks generated tokens" grep -q 'zebra\*' "$TMP/out"
expect_status 0 "unknown tokens export" "$ATTNTRACE" -s default -x "$TMP/xg" "the zebra sat"
check "manifest names generated tokens" grep -q 'generated (not in the vocabulary): zebra' "$TMP/xg/manifest.csv"
expect_status 0 "seeded run 1" "$ATTNTRACE" -s default --seed 5 -x "$TMP/s1" "a zebra"
expect_status 0 "seeded run 2" "$ATTNTRACE" -s default --seed 5 -x "$TMP/s2" "a zebra"
check "generation is deterministic" cmp -s "$TMP/s1/11_output.csv" "$TMP/s2/11_output.csv"

# --print and --export combine; --stage prints one stage.
expect_status 0 "print + export" "$ATTNTRACE" -s by-hand -p -x "$TMP/both"
check "print + export: both happen" sh -c "grep -q 'stage 11/11' '$TMP/out' && test -f '$TMP/both/manifest.csv'"
expect_status 0 "--stage scores" "$ATTNTRACE" -s by-hand -p --stage scores --color never
check "--stage prints only that stage" test "$(grep -c '^── stage' "$TMP/out")" -eq 1
expect_status 0 "--color always" "$ATTNTRACE" -s by-hand -p --color always
check "--color always colors cells" grep -q "$(printf '\033')\[48;5;" "$TMP/out"
expect_status 0 "--color auto off a terminal" env NO_COLOR= "$ATTNTRACE" -s by-hand -p
check "no escapes off a terminal" sh -c "! grep -q \"$(printf '\033')\" '$TMP/out'"
expect_status 0 "stdout not a terminal falls back to print" "$ATTNTRACE" -s by-hand
check "fallback printed the stages" grep -q 'stage 11/11' "$TMP/out"

# Exit statuses.
expect_status 0 "--help" "$ATTNTRACE" --help
check "--help lists --export" grep -q -- '--export DIR' "$TMP/out"
expect_status 0 "--version" "$ATTNTRACE" --version
expect_status 2 "unknown option" "$ATTNTRACE" --bogus
check "one-line usage error" sh -c "test \$(wc -l < '$TMP/err') -eq 1 && grep -q '^attntrace: unknown option --bogus' '$TMP/err'"
expect_status 2 "unknown stage" "$ATTNTRACE" -p --stage nope
expect_status 2 "masked without mask" "$ATTNTRACE" -s by-hand -p --stage masked
expect_status 2 "bad --explain" "$ATTNTRACE" -s by-hand -p --explain scores:9:1
# --explain reads ROW and COL as lessons do: a 1-based number, a label, or -k from the end.
expect_status 0 "--explain from the end" "$ATTNTRACE" -s by-hand -p --stage weights --explain weights:-1:-2
cp "$TMP/out" "$TMP/explain-end"
expect_status 0 "--explain by label" "$ATTNTRACE" -s by-hand -p --stage weights --explain weights:cats:like
check "--explain -1:-2 is the last row, second-last column" cmp -s "$TMP/out" "$TMP/explain-end"
expect_status 2 "--explain beyond the start" "$ATTNTRACE" -s by-hand -p --explain weights:-4:1
expect_status 2 "unknown sample" "$ATTNTRACE" -s nosuch -p
check "unknown sample lists the known ones" grep -q 'known: by-hand, chinese, coreference, default' "$TMP/err"
expect_status 2 "two sentences" "$ATTNTRACE" -p the cat
expect_status 2 "export over a non-empty folder" "$ATTNTRACE" -s by-hand -x "$ROOT/samples"
expect_status 0 "export --force over an earlier export" "$ATTNTRACE" -s default -x "$TMP/x-by-hand" --force
check "replaced export holds the new sample" grep -q 'samples/default' "$TMP/x-by-hand/manifest.csv"
check "no temp folders left" sh -c "! ls -d '$TMP'/*.tmp.* '$TMP'/*.old.* 2>/dev/null"

# make install: the installed binary, man page and data.
if make -s install PREFIX=/usr DESTDIR="$TMP/inst" >"$TMP/install.log" 2>&1; then
    ok "make install"
    check "man page installed" test -f "$TMP/inst/usr/share/man/man1/attntrace.1"
    expect_status 0 "installed binary finds its samples" "$TMP/inst/usr/bin/attntrace" -s coreference -p --color never
    check "installed binary reads share/attntrace" grep -q 'samples/coreference/embeddings.csv' "$TMP/out"
    check "installed lessons" test -d "$TMP/inst/usr/share/attntrace/lessons/en"
    MO="$TMP/inst/usr/share/locale/zh_CN/LC_MESSAGES/attntrace.mo"
    check "Chinese catalogue installed" test -s "$MO"
    # the installed binary finds bin/../share/locale (the build tree's locale/ is not beside it)
    expect_status 2 "installed binary speaks Chinese" env LANG=C.UTF-8 \
        "$TMP/inst/usr/bin/attntrace" --lang zh --stage nowhere -p
    check "installed binary: message from share/locale" grep -q "未知的阶段" "$TMP/err"
    if make -s uninstall PREFIX=/usr DESTDIR="$TMP/inst" >"$TMP/install.log" 2>&1; then
        ok "make uninstall"
        check "uninstall removes the catalogue" test ! -e "$MO"
        check "uninstall removes the binary" test ! -e "$TMP/inst/usr/bin/attntrace"
    else fail "make uninstall" "$(tail -5 "$TMP/install.log")"; fi
else fail "make install" "$(tail -5 "$TMP/install.log")"; fi

finish
