#!/bin/sh
# tests/e2e/bad_input.sh — bad input of every kind, fed to the real binary.
#
# Every refused run must: exit with the right status (2 bad input, 1 runtime/I/O), write
# exactly one line to stderr, "attntrace: ...", naming the file (and :LINE:COL: for CSV
# problems), print no raw control characters or bytes that are not UTF-8 (on stdout or
# stderr), and leave nothing behind: each is run with -x DIR, and neither DIR nor a
# DIR.tmp.* folder may exist afterwards. Accepted variants (BOM, CRLF, CR, no final
# newline) must give the same numbers as the clean file. The corpus is tests/bad/; the
# big and binary cases (NUL byte, 10 MB line, 65 MB file) are made here at run time.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
A=$ATTNTRACE
B=tests/bad
OUT=$TMP/export
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES NO_COLOR
ESC=$(printf '\033')

# Mounts and folders made for the privilege tests, cleaned up whatever happens.
MNT=""
PRIV=""
trap 'if [ -n "$MNT" ]; then umount "$MNT" 2>/dev/null; fi; [ -n "$PRIV" ] && rm -rf "$PRIV"; tm_stop; rm -rf "$TMP"' EXIT

# Is the text in FILE clean: no control characters but newline (and tab when $2 = tab),
# no C1 controls, valid UTF-8?
clean_text() { # FILE [tab]
    if [ "${2:-}" = tab ]; then pat='[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]'; else
        pat='[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]'; fi
    ! LC_ALL=C grep -aqP "$pat" "$1" && iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1
}

leftovers() { # DIR: DIR or DIR.tmp.* / DIR.old.* exist?
    [ -e "$1" ] && return 0
    for f in "$1".tmp.* "$1".old.*; do [ -e "$f" ] && return 0; done
    return 1
}

# refused STATUS NAME WHERE CMD ARGS...: run "CMD -x $OUT ARGS..." (the export folder
# goes first so that a missing value at the end stays missing) and check everything.
refused() {
    want=$1; name=$2; where=$3; shift 3
    cmd=$1; shift
    rm -rf "$OUT"
    "$cmd" -x "$OUT" "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    why=""
    [ "$got" -eq "$want" ] || why="$why exit $got (wanted $want);"
    lines=$(wc -l <"$TMP/err")
    [ "$lines" -eq 1 ] && [ "$(tail -c 1 "$TMP/err" | od -An -c | tr -d ' ')" = '\n' ] ||
        why="$why stderr has $lines lines;"
    case "$(head -c 11 "$TMP/err")" in "attntrace: ") ;; *) why="$why no 'attntrace: ' prefix;" ;; esac
    grep -qF -- "$where" "$TMP/err" || why="$why stderr does not name '$where';"
    clean_text "$TMP/err" || why="$why raw control bytes or bad UTF-8 in stderr;"
    clean_text "$TMP/out" tab || why="$why raw control bytes or bad UTF-8 in stdout;"
    [ -s "$TMP/out" ] && why="$why stdout not empty;"
    leftovers "$OUT" && why="$why export folder or temporary left behind;"
    if [ -z "$why" ]; then ok "$name"; else
        fail "$name" "$why stderr: $(head -c 400 "$TMP/err" | od -An -c | tr -s ' ' | head -c 600)"
    fi
}

H="-s by-hand --color never"
S="I like cats"

# ─── CSV: syntax and numbers (as the embeddings file) ─────────────────────────
csv() { # FILE LINE:COL: [extra text]
    refused 2 "csv $1 → $2 ${3:-}" "$B/$1:$2 ${3:-}" $A $H -e "$B/$1" "$S"
}
csv csv-empty.csv 1:1: "empty file"
csv csv-blank-lines.csv 1:1: "empty file"
csv csv-header-only.csv 1:1: "no rows after the header"
csv csv-header-one-cell.csv 1:2: "the header needs"
csv csv-header-empty-name.csv 1:3: "empty column name"
csv csv-header-duplicate.csv 1:3: "duplicate column name \"a\""
csv csv-header-control.csv 1:3: "control character in the label \"b\\x1b[31m\""
csv csv-ragged-short.csv 3:3: "row has 2 cells, the header has 3"
csv csv-ragged-long.csv 3:4: "more cells than the header's 3"
csv csv-trailing-comma.csv 2:4: "more cells than the header's 3 (a trailing comma?)"
csv csv-empty-cell.csv 2:3: "empty cell"
csv csv-space-cell.csv 2:3: "empty cell"
csv csv-abc.csv 3:2: "\"abc\" is not a number"
csv csv-decimal-comma.csv 3:2: "\"1,5\" is not a number"
csv csv-two-dots.csv 3:3: "\"1.5.2\" is not a number"
csv csv-incomplete-exponent.csv 4:2: "\"1e\" is not a number"
csv csv-hex-float.csv 2:2: "\"0x1p3\" is not a number"
csv csv-full-width-digit.csv 3:3: "\"１\" is not a number"
csv csv-nan.csv 3:2: "\"nan\" is not a number"
csv csv-inf.csv 4:2: "\"inf\" is not a number"
csv csv-overflow.csv 2:3: "\"1e400\" is out of range for a double"
csv csv-unterminated-quote.csv 3:2: "unterminated quote"
csv csv-bare-quote.csv 3:1: "malformed quoting"
csv csv-text-after-quote.csv 3:2: "malformed quoting"
csv csv-duplicate-token.csv 5:1: "duplicate token \"like\" (also on line 3) with different values"
csv csv-empty-label.csv 3:1: "empty row label"
csv csv-label-control.csv 3:1: "control character in the label \"li\\x1b]0;pwned\\x07ke\""
csv csv-label-c1-control.csv 3:1: "control character in the label \"li\\xc2\\x9bke\""
csv csv-semicolons.csv 1:2: "the header needs the row axis's name and at least one column name (the cells are separated by semicolons: the separator must be a comma, and numbers need a decimal point, not a decimal comma)"

# Made at run time: a NUL byte, a 10 MB line, a file over the 64 MiB limit.
printf 'token,a,b\nI,1,0\nli\000ke,0,1\ncats,1,1\n' >"$TMP/nul.csv"
refused 2 "csv: NUL byte in a cell" "$TMP/nul.csv:3:1: NUL byte in a cell" $A $H -e "$TMP/nul.csv" "$S"
{ printf 'token,a,b\nI,'; head -c 10485760 /dev/zero | tr '\000' 1; printf ',0\n'; } >"$TMP/long.csv"
refused 2 "csv: a 10 MB line" "$TMP/long.csv:2:2: line longer than 1048576 bytes" \
    $A $H -e "$TMP/long.csv" "$S"
rm -f "$TMP/long.csv"
truncate -s 65M "$TMP/huge.csv"
refused 2 "csv: a 65 MB file (the size limit keeps rows×cols×8 far from size_t's range)" \
    "$TMP/huge.csv: file larger than 64 MiB" $A $H -e "$TMP/huge.csv" "$S"
rm -f "$TMP/huge.csv"
# 100,000 columns on one line: read, then refused for its shape, not for memory.
python3 -c 'import sys; n=100000; sys.stdout.write("token," + ",".join("d%d" % k for k in range(n)) + "\nI," + ",".join(["0"] * n) + "\n")' >"$TMP/wide.csv"
refused 2 "csv: 100,000 columns → a shape error" "W_Q.csv: has 2 rows, but the embeddings have 100000 dimensions" \
    $A $H -e "$TMP/wide.csv" "I"
rm -f "$TMP/wide.csv"

# A file name with an escape sequence in it is shown escaped.
cp "$B/csv-abc.csv" "$TMP/e${ESC}[31m.csv"
refused 2 "csv: a file name with ESC is escaped" "/e\\x1b[31m.csv:3:2: \"abc\" is not a number" \
    $A $H -e "$TMP/e${ESC}[31m.csv" "$S"
refused 2 "missing file with ESC in its name" "x\\x1b[2Jy.csv: No such file or directory" \
    $A $H -e "x${ESC}[2Jy.csv" "$S"

# ─── CSV: accepted variants give the same numbers ─────────────────────────────
expect_status 0 "reference export of the clean file" $A $H -e "$B/ok-clean.csv" -x "$TMP/ref" "$S"
same_numbers_of() { # REF DIR: every stage file equal (manifests name the source)
    for f in "$1"/[0-9]*.csv; do
        cmp -s "$f" "$2/$(basename "$f")" || return 1
    done
}
same_numbers() { same_numbers_of "$TMP/ref" "$1"; }
for v in ok-bom ok-crlf ok-cr ok-no-final-newline ok-duplicate-same-values; do
    expect_status 0 "accepted: $v" $A $H -e "$B/$v.csv" -x "$TMP/$v" "$S"
    check "accepted: $v gives the clean file's numbers" same_numbers "$TMP/$v"
done

# A row labelled "'" (the tokenizer makes the apostrophe of "cat's" a token) is a label
# like any other: the spreadsheet guard drops an apostrophe only before = + - @ or another.
expect_status 0 "accepted: a row labelled ' (apostrophe)" $A $H -e "$B/ok-apostrophe.csv" -x "$TMP/apos" "cat's"
check "accepted: ... the ' token comes from the file, not generated" \
    sh -c "! grep -q 'generated (not in the vocabulary)' '$TMP/apos/manifest.csv'"
check "accepted: ... its row is written guarded, as ''" grep -qxF "\"''\",0,1" "$TMP/apos/01_embeddings.csv"

# A byte-order mark at the start of sentence.txt (as Notepad writes UTF-8) is not part
# of the first token: the sample gives the same stages as without it.
cp -r samples/default "$TMP/bom-sample"
{ printf '\357\273\277'; cat samples/default/sentence.txt; } >"$TMP/bom-sample/sentence.txt"
expect_status 0 "sentence.txt with a byte-order mark" $A -s "$TMP/bom-sample" -x "$TMP/bom-x"
expect_status 0 "... (the sample without it)" $A -s default -x "$TMP/bom-ref"
check "... no token generated" sh -c "! grep -q 'generated (not in the vocabulary)' '$TMP/bom-x/manifest.csv'"
check "... the same stages as without it" same_numbers_of "$TMP/bom-ref" "$TMP/bom-x"

# ─── what is not a regular file ───────────────────────────────────────────────
# A FIFO with no writer would block a plain open() for ever; /dev/zero never ends. Each
# is refused at once, naming what it is. $TO runs the binary under a time limit, so that
# a regression fails the test instead of hanging it.
TO=$TMP/with-timeout
printf '#!/bin/sh\nexec timeout 20 %s "$@"\n' "$A" >"$TO"
chmod +x "$TO"
TON=$TMP/with-timeout-no-export # the same, for the modes that take no -x DIR
printf '#!/bin/sh\nshift 2\nexec timeout 20 %s "$@"\n' "$A" >"$TON"
chmod +x "$TON"
mkfifo "$TMP/fifo.csv"
for opt in -e --wq --wk --wv; do
    refused 2 "FIFO as $opt" "$TMP/fifo.csv: is a FIFO (named pipe), expected a CSV file" \
        "$TO" $H $opt "$TMP/fifo.csv" "$S"
done
refused 2 "FIFO as --wo" "$TMP/fifo.csv: is a FIFO (named pipe), expected a CSV file" \
    "$TO" $H --heads 2 --wo "$TMP/fifo.csv" "$S"
refused 2 "/dev/zero as -e" "/dev/zero: is a character device, expected a CSV file" "$TO" $H -e /dev/zero "$S"
refused 2 "/dev/null as -e" "/dev/null: is a character device, expected a CSV file" "$TO" $H -e /dev/null "$S"
ln -s nowhere.csv "$TMP/gone.csv"
refused 2 "a dangling symbolic link as -e" "$TMP/gone.csv: is a symbolic link to a missing file" \
    "$TO" $H -e "$TMP/gone.csv" "$S"

# A sample's file that exists but cannot be used is an error naming it, never taken for
# a missing file (which would be generated).
broken_sample() { # NAME FILE HOW WANT: a copy of by-hand with FILE made broken by HOW
    d=$TMP/broken-$1
    rm -rf "$d"
    cp -r samples/by-hand "$d"
    rm -f "$d/$2"
    case $3 in
    fifo) mkfifo "$d/$2" ;;
    folder) mkdir "$d/$2" ;;
    dangling) ln -s "nowhere" "$d/$2" ;;
    zero) ln -s /dev/zero "$d/$2" ;;
    esac
    refused 2 "sample: $2 as a $3 is an error" "$d/$2: $4" "$TO" -s "$d" --heads 2
}
broken_sample a embeddings.csv fifo "is a FIFO (named pipe), expected a CSV file"
broken_sample b W_Q.csv dangling "is a symbolic link to a missing file"
broken_sample c W_K.csv folder "is a directory, expected a CSV file"
broken_sample d W_V.csv zero "is a character device, expected a CSV file"
broken_sample e W_O.csv fifo "is a FIFO (named pipe), expected a CSV file"
broken_sample f sentence.txt fifo "is a FIFO (named pipe), expected a text file"
broken_sample g sentence.txt zero "is a character device, expected a text file"
broken_sample h sentence.txt folder "is a directory, expected a text file"
# Without embeddings, a W's rows name the dimensions: a FIFO there is refused too.
mkdir "$TMP/only-w"
mkfifo "$TMP/only-w/W_Q.csv"
refused 2 "sample without embeddings: W_Q.csv as a FIFO" "$TMP/only-w/W_Q.csv: is a FIFO" "$TO" -s "$TMP/only-w" "a b"
printf 'dim,q1\na,1\na,2\n' >"$TMP/dup-dims.csv"
mkdir "$TMP/empty-sample"
refused 2 "W rows naming a dimension twice (no embeddings)" "$TMP/dup-dims.csv:3:1: duplicate dimension name \"a\" (also on line 2)" \
    "$TO" -s "$TMP/empty-sample" --wq "$TMP/dup-dims.csv" "a b"

# --check: every file is read before any verdict, so nothing reaches stdout.
expect_status 0 "check folder: an export" $A $H -x "$TMP/chk" "$S"
rm "$TMP/chk/11_output.csv"
mkfifo "$TMP/chk/11_output.csv"
refused 2 "--check: a FIFO in the folder, and no verdict printed" \
    "$TMP/chk/11_output.csv: is a FIFO (named pipe), expected a CSV file" "$TON" $H --check "$TMP/chk" "$S"
rm "$TMP/chk/11_output.csv"
printf 'token,v1\nI,1\n' >"$TMP/chk/11_output.csv"
refused 2 "--check: a bad last file, and no verdict printed" "$TMP/chk/11_output.csv:1: 1 number columns" \
    "$TON" $H --check "$TMP/chk" "$S"
refused 2 "--check: a FIFO as the folder" "--check $TMP/fifo.csv: is a FIFO (named pipe), expected a folder" \
    "$TON" $H --check "$TMP/fifo.csv" "$S"

# --lesson and --check-lesson: say what the file is, name the option typed.
mkfifo "$TMP/fifo.md"
refused 2 "--lesson FIFO" "--lesson $TMP/fifo.md: is a FIFO (named pipe), expected a lesson file" \
    "$TO" $H -p --lesson "$TMP/fifo.md" "$S"
refused 2 "--lesson a folder" "--lesson lessons/en: is a directory, expected a lesson file" \
    "$TO" $H -p --lesson lessons/en "$S"
refused 2 "--lesson /dev/null" "--lesson /dev/null: is a character device, expected a lesson file" \
    "$TO" $H -p --lesson /dev/null "$S"
refused 2 "--check-lesson FIFO names --check-lesson" "--check-lesson $TMP/fifo.md: is a FIFO" \
    "$TON" $H --check-lesson "$TMP/fifo.md" "$S"
refused 2 "--check-lesson missing names --check-lesson" "--check-lesson $TMP/none.md: no such file" \
    "$TON" $H --check-lesson "$TMP/none.md" "$S"

# ─── shapes ───────────────────────────────────────────────────────────────────
refused 2 "shape: embedding width ≠ rows of W_Q" "samples/by-hand/W_Q.csv: has 2 rows, but the embeddings have 3 dimensions" \
    $A $H -e "$B/shape-three-dims.csv" "$S"
refused 2 "shape: W_Q and W_K of different widths" "W_Q has 4 columns but W_K has 3" \
    $A $H --wk "$B/shape-wk-three-cols.csv" "$S"
check "shape: ... and names both files" grep -qF "(samples/by-hand/W_Q.csv, $B/shape-wk-three-cols.csv)" "$TMP/err"
refused 2 "shape: W rows labelled unlike the embeddings' columns" \
    "$B/shape-w-row-labels.csv:3:1: row label \"c\" should be \"b\"" \
    $A $H --wq "$B/shape-w-row-labels.csv" "$S"
refused 2 "shape: d_k = 0 (a W with no columns)" "$B/shape-w-no-columns.csv:1:2: the header needs" \
    $A $H --wq "$B/shape-w-no-columns.csv" --wk "$B/shape-w-no-columns.csv" "$S"
refused 2 "shape: --dk 0" '--dk: "0" must be a whole number from 1 to 4096' $A -s default --dk 0

# ─── numbers ──────────────────────────────────────────────────────────────────
refused 2 "numbers: finite inputs whose dot products overflow" \
    "scores[1][1] (row \"I\", column \"I\") overflows: the inputs are too large for doubles" \
    $A $H -e "$B/csv-huge-finite.csv" "$S"
check "numbers: ... names the input files" grep -qF "(embeddings: $B/csv-huge-finite.csv; W_Q: samples/by-hand/W_Q.csv; W_K: samples/by-hand/W_K.csv)" "$TMP/err"
refused 2 "numbers: an overflow to -inf is not taken for a masked row" "scores[1][1] (row \"I\", column \"I\") overflows" \
    $A $H -e "$B/csv-huge-positive.csv" --wk "$B/w-negated.csv" "$S"
expect_status 0 "numbers: scores of 1e300 still give a softmax" $A $H -e "$B/csv-large-scores.csv" -p -x "$TMP/large" "$S"
check "numbers: ... no NaN or inf printed" sh -c "! grep -qiE 'nan|inf' '$TMP/out'"
check "numbers: ... no NaN or inf exported" sh -c "! grep -qiE 'nan|inf' '$TMP/large/10_weights.csv' '$TMP/large/11_output.csv'"
check "numbers: ... each weights row sums to 1" awk -F, 'NR > 1 { s = 0; for (i = 2; i <= NF; i++) s += $i; if (s < 0.999999 || s > 1.000001) bad = 1 } END { exit bad }' "$TMP/large/10_weights.csv"

# ─── sentences ────────────────────────────────────────────────────────────────
refused 2 "sentence: empty" "sentence: no tokens" $A $H ""
refused 2 "sentence: only spaces" "sentence: no tokens" $A $H "   "
refused 2 "sentence: invalid UTF-8, overlong" "sentence: invalid UTF-8 at byte 1 (0xc0)" $A $H "$(printf '\300\257')"
refused 2 "sentence: invalid UTF-8, lone continuation byte" "sentence: invalid UTF-8 at byte 3 (0x80)" $A $H "$(printf 'ab\200')"
refused 2 "sentence: invalid UTF-8, truncated sequence" "sentence: invalid UTF-8 at byte 4 (0xe4)" $A $H "$(printf 'ok \344\275')"
refused 2 "sentence: invalid UTF-8, surrogate" "sentence: invalid UTF-8 at byte 1 (0xed)" $A $H "$(printf '\355\240\200')"
refused 2 "sentence: ESC is refused and shown as U+001B" "sentence: control character U+001B at byte 2" \
    $A $H "$(printf 'a\033[31mb')"
refused 2 "sentence: a C1 control (CSI as UTF-8)" "sentence: control character U+009B" $A $H "$(printf 'a\302\233b')"
refused 2 "sentence: BEL" "sentence: control character U+0007" $A $H "$(printf 'a\007b')"
long=$(python3 -c 'print(" ".join(["w"] * 257))')
refused 2 "sentence: 257 tokens, over the limit of 256" "sentence: more than 256 tokens (the limit; see --max-tokens)" $A $H "$long"
refused 2 "sentence: --max-tokens 3" "sentence: more than 3 tokens" $A $H --max-tokens 3 "a b c d"
expect_status 0 "sentence: exactly 256 tokens" $A $H -p "$(python3 -c 'print(" ".join(["w"] * 256))')"
refused 2 "sentence.txt with ESC: names the file" "$B/sample-sentence-escape/sentence.txt:1: control character U+001B at byte 5" \
    $A -s "$B/sample-sentence-escape"
refused 2 "sentence.txt with invalid UTF-8" "$B/sample-sentence-bad-utf8/sentence.txt:1: invalid UTF-8 at byte 9" \
    $A -s "$B/sample-sentence-bad-utf8"
refused 2 "sentence.txt of spaces" "$B/sample-sentence-empty/sentence.txt:1: no tokens" \
    $A -s "$B/sample-sentence-empty"

# ─── options ──────────────────────────────────────────────────────────────────
refused 2 "option: unknown long option" "unknown option --bogus" $A --bogus
refused 2 "option: unknown short option" "unknown option -z" $A -z
refused 2 "option: missing value at the end" "--seed needs a value" $A $H --seed
refused 2 "option: missing value before another option" "--wq needs a value, but the next word is the option \"--print\"" \
    $A $H --wq --print
refused 2 "option: --seed x" '--seed: "x" must be a whole number' $A $H --seed x
refused 2 "option: --seed -1" '--seed: "-1" must be a whole number' $A $H --seed -1
refused 2 "option: --temperature 0" '--temperature: "0" must be a number from 0.000001 to 1000000' $A $H --temperature 0
refused 2 "option: --temperature -1" '--temperature: "-1" must be a number from' $A $H --temperature -1
refused 2 "option: --temperature nan" '--temperature: "nan" must be a number from' $A $H --temperature nan
refused 2 "option: --dk 0" '--dk: "0" must be a whole number from 1 to 4096' $A $H --dk 0
refused 2 "option: --dim 99999" '--dim: "99999" must be a whole number from 1 to 4096' $A $H --dim 99999
refused 2 "option: --mask foo" '--mask: "foo" is not causal or none' $A $H --mask foo
refused 2 "option: --color foo" '--color: "foo" is not auto, always or never' $A $H --color foo
refused 2 "option: --stage with ESC is escaped" '--stage: unknown stage "x\x1b[2J"' $A $H -p --stage "x${ESC}[2J"
refused 2 "option: --explain with ESC is escaped" '--explain: no stage "x\x1b[2J"' $A $H -p --explain "x${ESC}[2J:1:1"
refused 2 "option: unknown sample" 'unknown sample "nosuch" (known: by-hand, chinese, coreference, default' $A -s nosuch
refused 2 "option: unknown sample with ESC" 'unknown sample "x\x1b[2Jy"' $A -s "x${ESC}[2Jy"
refused 2 "option: missing file" "$TMP/none.csv: No such file or directory" $A $H -e "$TMP/none.csv" "$S"
refused 2 "option: a folder as the embeddings" "$B: is a directory, expected a CSV file" $A $H -e "$B" "$S"
refused 2 "option: a folder as W_Q" "$B: is a directory, expected a CSV file" $A $H --wq "$B" "$S"
refused 2 "option: two sentences" "one SENTENCE only" $A $H "I like" cats
# A fully masked row cannot come from the command line (the causal mask always keeps the
# diagonal, and input files refuse -inf); tests/unit/core/test_matrix.c and test_trace.c
# check that softmax refuses one with a message.
expect_status 0 "option: --mask causal is fine" $A $H -p --mask causal "$S"

# An unreadable file: as root, permissions do not apply, so run as nobody. $ASN runs the
# binary as nobody; without root it is the binary itself. The checkout may live in a
# folder only its owner can enter (a clone in `mktemp -d`), so nobody gets a world-readable
# copy of the binary and of the data folder (under valgrind: the real binary, unwrapped).
PRIV=$(mktemp -d /tmp/attntrace-priv.XXXXXX)
chmod 755 "$PRIV"
ASN=$TMP/as-nobody
can_drop=no
if [ "$(id -u)" -ne 0 ]; then
    printf '#!/bin/sh\nexec %s "$@"\n' "$A" >"$ASN"
    can_drop=yes
elif command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    mkdir "$PRIV/bin" "$PRIV/data"
    cp "${ATTNTRACE_REAL:-$A}" "$PRIV/bin/attntrace"
    cp -R "$ROOT/samples" "$ROOT/lessons" "$PRIV/data/"
    chmod -R a+rX "$PRIV/bin" "$PRIV/data"
    printf '#!/bin/sh\nexec env ATTNTRACE_DATADIR=%s setpriv --reuid=nobody --regid=%s --clear-groups %s "$@"\n' \
        "$PRIV/data" "$(id -gn nobody)" "$PRIV/bin/attntrace" >"$ASN"
    can_drop=yes
fi
chmod +x "$ASN" 2>/dev/null
if [ "$can_drop" = yes ] && ! "$ASN" --version >/dev/null 2>&1; then
    echo "skip - tests as nobody: nobody cannot run the staged binary here"
    can_drop=no
fi
cp "$B/ok-clean.csv" "$PRIV/secret.csv"
chmod 000 "$PRIV/secret.csv"
if [ "$can_drop" = yes ]; then
    OUT=$PRIV/out-unreadable
    refused 2 "option: an unreadable file" "$PRIV/secret.csv: Permission denied" "$ASN" $H -e "$PRIV/secret.csv" "$S"
    # an unreadable sample file is an error, not a missing file to generate
    cp -r samples/by-hand "$PRIV/sample"
    chmod -R a+rX "$PRIV/sample"
    chmod 000 "$PRIV/sample/W_K.csv"
    refused 2 "sample: an unreadable W_K.csv is an error" "$PRIV/sample/W_K.csv: Permission denied" "$ASN" -s "$PRIV/sample"
    OUT=$TMP/export
else
    echo "skip - unreadable file: root without setpriv or a nobody user; not tested"
fi

# ─── export: never half-written ───────────────────────────────────────────────
# A read-only target: as nobody, into a folder nobody cannot write.
mkdir "$PRIV/ro"
chmod 555 "$PRIV/ro"
if [ "$can_drop" = yes ]; then
    OUT=$PRIV/ro/out
    refused 1 "export: read-only folder → exit 1 with the OS's reason" "$PRIV/ro/out: cannot create a folder beside it: Permission denied" \
        "$ASN" $H "$S"
    check "export: ... nothing in the folder" sh -c "[ -z \"\$(ls -A '$PRIV/ro')\" ]"
    OUT=$TMP/export
else
    echo "skip - read-only target: root without setpriv or a nobody user; not tested"
fi

# A full disk: a 16 KiB tmpfs, too small for the default sample's export.
MNT_TRY=$PRIV/full
mkdir "$MNT_TRY"
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=16k tmpfs "$MNT_TRY" 2>/dev/null; then
    MNT=$MNT_TRY
    OUT=$MNT/out
    refused 1 "export: full disk → exit 1 with the OS's reason" "$MNT/out: writing " \
        $A -s default "the cat sat on the mat and the dog sat on the log while the cat saw the dog and the mat"
    check "export: ... says No space left on device" grep -qF "No space left on device (nothing was written)" "$TMP/err"
    check "export: ... the disk is left empty" sh -c "[ -z \"\$(ls -A '$MNT')\" ]"
    OUT=$TMP/export
    umount "$MNT" && MNT=""
else
    echo "skip - full disk: cannot mount a tmpfs here (needs root); not tested"
fi

# An existing folder: refused unless --force, and --force only replaces an earlier export.
mkdir -p "$TMP/mine"
echo "my notes" >"$TMP/mine/notes.txt"
expect_status 2 "export: a non-empty folder is refused" $A $H -x "$TMP/mine" "$S"
check "export: ... one line naming it" sh -c "[ \$(wc -l <'$TMP/err') -eq 1 ] && grep -qF '$TMP/mine: folder exists and is not empty (--force replaces' '$TMP/err'"
expect_status 2 "export: --force on a folder that is not an export is refused" $A $H -x "$TMP/mine" --force "$S"
check "export: ... the folder is untouched" sh -c "[ \"\$(ls -A '$TMP/mine')\" = notes.txt ] && ! ls -d '$TMP/mine'.tmp.* 2>/dev/null"
expect_status 0 "export: first export" $A $H -x "$TMP/again" "$S"
expect_status 2 "export: again without --force is refused" $A $H -x "$TMP/again" "$S"
expect_status 0 "export: again with --force replaces it" $A $H -x "$TMP/again" --force "$S" "--mask" "causal"
check "export: ... the new export is in place" test -f "$TMP/again/10_masked.csv"
check "export: ... no temporary or old folders left" sh -c "! ls -d '$TMP/again'.tmp.* '$TMP/again'.old.* 2>/dev/null"
echo x >"$TMP/afile"
expect_status 2 "export: a file where the folder should be" $A $H -x "$TMP/afile" "$S"
check "export: ... the file is untouched" sh -c "[ \"\$(cat '$TMP/afile')\" = x ]"

# ─── export: labels cannot act as spreadsheet formulas ────────────────────────
expect_status 0 "formula labels: export" $A -s "$B/formula-labels" -x "$TMP/f1"
check "formula labels: = + - @ and ' get a leading apostrophe" \
    grep -qxF "\"token\",\"'=1+1\",\"'+2\",\"'-3\",\"'@me\",\"''q\",\"plain\"" "$TMP/f1/01_embeddings.csv"
check "formula labels: numbers are untouched (-0.5 stays a number)" \
    grep -qxF '"cat",-0.5,1,2,3,4,5' "$TMP/f1/01_embeddings.csv"
check "formula labels: W row labels guarded too" grep -qF "\"'=1+1\"," "$TMP/f1/02_W_Q.csv"
expect_status 0 "formula labels: the export reads back" $A -s "$B/formula-labels" -e "$TMP/f1/01_embeddings.csv" -x "$TMP/f2"
same_export() {
    for f in "$TMP/f1"/[0-9]*.csv; do cmp -s "$f" "$TMP/f2/$(basename "$f")" || return 1; done
}
check "formula labels: ... and round-trips exactly" same_export
expect_status 0 "formula labels: print mode shows them plain" $A -s "$B/formula-labels" -p --color never
check "formula labels: ... =1+1 unchanged on screen" grep -qF "=1+1" "$TMP/out"

# ─── what reaches the terminal ────────────────────────────────────────────────
cp "$B/ok-clean.csv" "$TMP/ok${ESC}[2J.csv"
expect_status 0 "a good file whose name has ESC" $A $H -p -e "$TMP/ok${ESC}[2J.csv" "$S"
check "... its name is printed escaped" grep -qF "ok\\x1b[2J.csv" "$TMP/out"
check "... no raw control bytes on stdout" clean_text "$TMP/out" tab

finish
