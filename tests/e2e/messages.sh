#!/bin/sh
# tests/e2e/messages.sh — what attntrace says, and that it is said: a failed write to
# standard output in every mode, a closed pipe, messages that keep their reason with a
# 4000-byte path, the bounds of every numeric option, --explain with any label, overflow
# messages that name the right stage and cause, bidirectional controls shown escaped, and
# the provenance wording of the manifest.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
A=$ATTNTRACE
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES NO_COLOR
H="-s by-hand --color never"
S="I like cats"
PRIV=""
trap '[ -n "$PRIV" ] && rm -rf "$PRIV"; tm_stop; rm -rf "$TMP"' EXIT

# one_line FILE TEXT: FILE is exactly one line, "attntrace: TEXT".
one_line() {
    [ "$(wc -l <"$1")" -eq 1 ] && [ "$(cat "$1")" = "attntrace: $2" ]
}
# ends_with FILE TEXT: FILE is one line ending in TEXT.
ends_with() {
    [ "$(wc -l <"$1")" -eq 1 ] && case "$(cat "$1")" in *"$2") true ;; *) false ;; esac
}

# ─── a failed write to standard output: exit 1 with the reason, in every mode ─────
FULL="writing standard output: No space left on device"
expect_status 0 "homework export for --check" $A $H -x "$TMP/hw" "$S"
cp -r "$TMP/hw" "$TMP/hw-wrong"
sed -i '2s/^\([^,]*\),[^,]*/\1,99/' "$TMP/hw-wrong/05_Q.csv"
full() { # NAME ARGS...: attntrace ARGS > /dev/full
    _n=$1; shift
    "$A" "$@" >/dev/full 2>"$TMP/err"
    _rc=$?
    if [ "$_rc" -eq 1 ] && one_line "$TMP/err" "$FULL"; then ok "/dev/full: $_n"; else
        fail "/dev/full: $_n" "exit $_rc; stderr: $(head -c 300 "$TMP/err")"
    fi
}
full "--help" --help
full "--version" --version
full "-p" $H -p "$S"
full "no mode flag, not a terminal: print" $H "$S"
full "-p --stage" $H -p --stage weights "$S"
full "-p --explain" $H -p --explain weights:like:cats "$S"
full "-p --lesson" -s by-hand -p --lesson self-attention --lang en "$S"
full "-p --lesson --stage" -s by-hand -p --lesson self-attention --lang en --stage scores "$S"
full "--check that passes" $H --check "$TMP/hw" "$S"
full "--check that finds a difference (its report is what was lost)" $H --check "$TMP/hw-wrong" "$S"
full "--check-lesson" -s by-hand --check-lesson self-attention --lang en "$S"
full "-p with --export" $H -p -x "$TMP/full-x" "$S"
check "... the export itself was written" test -f "$TMP/full-x/manifest.csv"
# The same runs to a working stdout: 0 (3 for the difference), so the 1s above are the writes.
expect_status 0 "--help to a file" $A --help
expect_status 3 "--check with a difference to a file: 3" $A $H --check "$TMP/hw-wrong" "$S"
# An earlier error stands, alone: its run stopped, its message says why.
"$A" $H -p --explain nosuch:1:1 "$S" >/dev/full 2>"$TMP/err"
rc=$?
check "/dev/full after a usage error: exit 2" test "$rc" -eq 2
check "... one message, the usage error's" one_line "$TMP/err" '--explain: no stage "nosuch"'

# A closed standard output (>&-): an error only when there was something to write.
"$A" $H -x "$TMP/closed-x" "$S" >&- 2>"$TMP/err"
rc=$?
check "stdout closed, nothing to write (-x): exit 0, silent" sh -c "[ $rc -eq 0 ] && [ ! -s '$TMP/err' ]"
"$A" --version >&- 2>"$TMP/err"
rc=$?
check "stdout closed, --version: exit 1" test "$rc" -eq 1
check "... with the reason" one_line "$TMP/err" "writing standard output: Bad file descriptor"

# A reader that has gone (| head): no message. With SIGPIPE at its default the process
# ends by it (141 in a shell); with SIGPIPE ignored by the parent, exit 1 quietly.
cat >"$TMP/pipe.py" <<'EOF'
import os, signal, subprocess, sys
ignore = sys.argv[1] == "ignore"
r, w = os.pipe()
os.close(r)  # the reader is gone before attntrace writes
pre = (lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if ignore else None
p = subprocess.run(sys.argv[2:], stdout=w, stderr=subprocess.PIPE, preexec_fn=pre)
err = p.stderr.decode("utf-8", "replace")
print(p.returncode, "attntrace:" in err, repr(err[:200]))
EOF
out=$(python3 "$TMP/pipe.py" default "$A" $H -p "$S")
case "$out" in "-13 False"* | "141 False"*) ok "closed pipe: ended by SIGPIPE, no message" ;;
    *) fail "closed pipe: ended by SIGPIPE, no message" "$out" ;; esac
out=$(python3 "$TMP/pipe.py" ignore "$A" $H -p "$S")
case "$out" in "1 False"*) ok "closed pipe, SIGPIPE ignored: exit 1, no message" ;;
    *) fail "closed pipe, SIGPIPE ignored: exit 1, no message" "$out" ;; esac
out=$(python3 "$TMP/pipe.py" ignore "$A" --help)
case "$out" in "1 False"*) ok "closed pipe, SIGPIPE ignored: --help too" ;;
    *) fail "closed pipe, SIGPIPE ignored: --help too" "$out" ;; esac

# ─── a 4000-byte path: the message keeps its reason ─────────────────────────────
# Made under a folder anyone may enter, so that the unreadable case can run as nobody.
PRIV=$(mktemp -d /tmp/attntrace-msg.XXXXXX)
chmod 755 "$PRIV"
deep=$PRIV
k=0
while [ ${#deep} -lt 3900 ]; do deep="$deep/folder$(printf '%04d' $k)xxxxxxxxxxxxxxxxxxxxxxxxxx"; k=$((k + 1)); done
mkdir -p "$deep"
chmod -R a+rx "$PRIV"
pad=$(printf '%*s' $((4000 - ${#deep} - 1 - 4)) '' | tr ' ' e)
long=$deep/${pad}.csv # 4000 bytes: deep folders, then a name of e's
check "the long path is 4000 bytes" test ${#long} -eq 4000
long_msg() { # NAME STATUS REASON CMD...: one line, ends with REASON, path shortened with …
    _n=$1; _want=$2; _reason=$3; shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    _rc=$?
    _len=$(wc -c <"$TMP/err")
    if [ "$_rc" -eq "$_want" ] && ends_with "$TMP/err" "$_reason" && grep -qF "…" "$TMP/err" &&
        grep -qF "$PRIV/folder0000" "$TMP/err" && [ "$_len" -le 1036 ]; then
        ok "long path: $_n"
    else
        fail "long path: $_n" "exit $_rc, $_len bytes; stderr ends: $(tail -c 200 "$TMP/err")"
    fi
}
long_msg "missing file" 2 "eeeee.csv: No such file or directory" $A $H -e "$long" "$S"
mkdir "$long"
long_msg "a folder as the embeddings" 2 "eeeee.csv: is a directory, expected a CSV file" \
    $A $H -e "$long" "$S"
rmdir "$long"
echo x >"$deep/in-the-way"
inway=$deep/in-the-way/$(printf '%*s' $((4000 - ${#deep} - 12 - 4)) '' | tr ' ' w).csv
long_msg "a file in the way of a folder" 2 "www.csv: Not a directory" $A $H -e "$inway" "$S"
long_msg "a missing W_Q" 2 "eeeee.csv: No such file or directory" $A $H --wq "$long" "$S"
long_msg "a missing lesson" 2 ": no such file" $A $H -p --lesson "$long" "$S"
cp tests/bad/ok-clean.csv "$long"
chmod 000 "$long"
ASN=$TMP/as-nobody
if [ "$(id -u)" -ne 0 ]; then
    printf '#!/bin/sh\nexec %s "$@"\n' "$A" >"$ASN"
elif command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    # The checkout may live in a folder only its owner can enter (a clone in mktemp -d):
    # nobody gets a world-readable copy of the binary and of the data (as bad_input.sh).
    mkdir "$PRIV/bin" "$PRIV/data"
    cp "${ATTNTRACE_REAL:-$A}" "$PRIV/bin/attntrace"
    cp -R "$ROOT/samples" "$ROOT/lessons" "$PRIV/data/"
    chmod -R a+rX "$PRIV/bin" "$PRIV/data"
    printf '#!/bin/sh\nexec env ATTNTRACE_DATADIR=%s setpriv --reuid=nobody --regid=%s --clear-groups %s "$@"\n' \
        "$PRIV/data" "$(id -gn nobody)" "$PRIV/bin/attntrace" >"$ASN"
else
    ASN=""
fi
if [ -n "$ASN" ]; then
    chmod +x "$ASN"
    long_msg "unreadable file" 2 "eeeee.csv: Permission denied" "$ASN" $H -e "$long" "$S"
else
    echo "skip - long path, unreadable file: root without setpriv or a nobody user; not tested"
fi
chmod 644 "$long"
# A CSV problem in the long file: FILE:LINE:COL and the problem after it.
printf 'token,a,b\nI,1,0\nlike,abc,1\ncats,1,1\n' >"$long"
long_msg "a CSV error" 2 'eeeee.csv:3:2: "abc" is not a number' $A $H -e "$long" "$S"

# ─── numeric options: the range in the message and in --help ─────────────────────
range() { # OPTION VALUE RANGE-TEXT
    expect_status 2 "range: $1 $2" $A $H -p "$1" "$2" "$S"
    check "... \"$2\" $3" one_line "$TMP/err" "$1: \"$2\" $3"
}
range --temperature 1e300 "must be a number from 0.000001 to 1000000"
range --temperature 1e-300 "must be a number from 0.000001 to 1000000"
range --temperature 0 "must be a number from 0.000001 to 1000000"
range --temperature -1 "must be a number from 0.000001 to 1000000"
range --temperature nan "must be a number from 0.000001 to 1000000"
range --temperature " 1" "must be a number from 0.000001 to 1000000"
range --autoplay 0 "must be a number of seconds above 0 and at most 1000000"
range --autoplay 2e6 "must be a number of seconds above 0 and at most 1000000"
range --tolerance -0.1 "must be a number ≥ 0"
range --dim 0 "must be a whole number from 1 to 4096"
range --dim 4097 "must be a whole number from 1 to 4096"
range --dk 99999 "must be a whole number from 1 to 4096"
range --max-tokens 65537 "must be a whole number from 1 to 65536"
range --heads 9 "must be a whole number from 1 to 8"
range --seed 18446744073709551616 "must be a whole number from 0 to 18446744073709551615"
range --seed -1 "must be a whole number from 0 to 18446744073709551615"
expect_status 0 "range: the bounds themselves are accepted" $A $H -p --temperature 0.000001 \
    --seed 18446744073709551615 --max-tokens 65536 --tolerance 0 "$S"
expect_status 0 "range: --temperature 1000000" $A $H -p --temperature 1000000 "$S"
"$A" --help >"$TMP/help"
for r in "0 to 2^64-1" "1 to 4096 (default 8)" "1 to 4096 (default: d_model)" \
    "1 to 65536 (default 256)" "T from 0.000001" "to 1000000 (default 1)" "H from 1 to 8" \
    "T ≥ 0" "(above 0," "at most 1000000)"; do
    check "--help gives the range \"$r\"" grep -qF -- "$r" "$TMP/help"
done

# ─── options named as they were typed ────────────────────────────────────────────
opt_msg() { # NAME WANT ARGS...
    _n=$1; _w=$2; shift 2
    expect_status 2 "option message: $_n" $A "$@"
    check "... \"$_w\"" one_line "$TMP/err" "$_w"
}
opt_msg "-s last in a cluster, no value" "-s needs a value (see --help)" -ps
opt_msg "--sample, no value" "--sample needs a value (see --help)" --sample
opt_msg "an abbreviation, no value" "--sam needs a value (see --help)" --sam
opt_msg "--help=x" "--help takes no value (see --help)" --help=x
opt_msg "--print=1" "--print takes no value (see --help)" -s by-hand --print=1
opt_msg "unknown, with a value" "unknown option --bogus (see --help)" --bogus=3
opt_msg "unknown letter in a cluster" "unknown option -z (see --help)" -pz
opt_msg "an ambiguous abbreviation" \
    "--ex is ambiguous: --export, --export-svg, --explain, --export-dir (see --help)" --ex
expect_status 2 "--check: a folder that is not there" $A $H --check "$TMP/no-such-folder" "$S"
check "... says why" one_line "$TMP/err" "--check $TMP/no-such-folder: cannot open the folder: No such file or directory"

# ─── --explain: labels of any length, labels with ':' ─────────────────────────────
mkdir "$TMP/labels"
L=$(python3 -c 'print("a:" * 300 + "end")') # 603 bytes, with 300 colons
printf 'token,%s,b\nI,1,2\nlike,3,4\ncats,5,6\n' "$L" >"$TMP/labels/embeddings.csv"
echo "I like cats" >"$TMP/labels/sentence.txt"
expect_status 0 "--explain: a 603-byte column label with colons" \
    $A -s "$TMP/labels" --color never -p --explain "embeddings:cats:$L"
check "... explains that cell" grep -qF "embeddings[3][1] = 5.0000: token \"cats\", dimension \"a:a:a:" "$TMP/out"
# A long CJK column label in the arithmetic's padded column: whole, never cut in a character.
mkdir "$TMP/cjk"
C="x$(python3 -c 'print("猫" * 100)')"
printf 'token,%s,b\nI,1,2\nlike,3,4\ncats,5,6\n' "$C" >"$TMP/cjk/embeddings.csv"
echo "I like cats" >"$TMP/cjk/sentence.txt"
expect_status 0 "--explain: a 301-byte CJK label in a sum" $A -s "$TMP/cjk" --color never -p --explain "Q:cats:1"
check "... the label whole" grep -qF "  d=1 $C " "$TMP/out"
check "... no byte escaped" sh -c "! grep -qF '\\x' '$TMP/out'"
expect_status 0 "--explain: a row that is the token \":\"" $A $H -p --explain "weights:::cats" "I : cats"
check "... query \":\", key \"cats\"" grep -qF 'weights[2][3]  (query ":", key "cats")' "$TMP/out"
expect_status 2 "--explain: a 5000-byte label that is not there" \
    $A $H -p --explain "weights:1:$(printf '%5000s' '' | tr ' ' z)" "$S"
check "... one line, the stage's shape first, the label shortened" sh -c \
    "[ \$(wc -l <'$TMP/err') -eq 1 ] && grep -qF 'attntrace: --explain: weights has 3 rows and 3 columns; no column \"zzz' '$TMP/err' && grep -qF '…' '$TMP/err'"
expect_status 2 "--explain: no such row" $A $H -p --explain "weights:dog:1" "$S"
check "... names the row" one_line "$TMP/err" '--explain: weights has 3 rows and 3 columns; no row "dog"'

# ─── overflows: the right stage, the right cause ──────────────────────────────────
printf 'dim,a,b\nv1,1e308,1e308\nv2,1e308,1e308\n' >"$TMP/wo-huge.csv"
expect_status 2 "overflow in concat·W_O" $A $H --heads 2 --wo "$TMP/wo-huge.csv" -p "$S"
check "... names W_O and its file, not W_V's" grep -qF \
    "output[1][1] (row \"I\", column \"a\") overflows: the inputs are too large for doubles, the products of concat and W_O exceed 1.8e+308 (W_O: $TMP/wo-huge.csv;" "$TMP/err"
printf 'token,a,b\nI,1e152,0\nlike,0,1e152\ncats,-1e152,1e152\n' >"$TMP/e152.csv"
expect_status 2 "overflow from a tiny temperature" $A $H -e "$TMP/e152.csv" --temperature 0.000001 -p "$S"
check "... blames the temperature, not the products" grep -qF \
    'scaled[1][1] (row "I", column "I") overflows: scores[1][1] = 1e+304 divided by √d_k·T = 2e-06 exceeds 1.8e+308; the temperature T = 1e-06 is too small for scores this large' "$TMP/err"

# ─── bidirectional controls: shown as \uXXXX, never sent raw ──────────────────────
RLO=$(printf '\342\200\256') # U+202E RIGHT-TO-LEFT OVERRIDE
LRI=$(printf '\342\201\246') # U+2066 LEFT-TO-RIGHT ISOLATE
no_bidi() { # FILE: none of U+202A..E, U+2066..9, U+200E/F, U+061C
    ! LC_ALL=C grep -qP '\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' "$1"
}
expect_status 0 "bidi: a token with U+202E in print mode" $A $H -p "I ${RLO}like cats"
check "... no raw bidi control on stdout" no_bidi "$TMP/out"
check "... the sentence line shows it" grep -qxF 'sentence: I \u202Elike cats' "$TMP/out"
check "... the token list shows it" grep -qxF 'tokens (3): I \u202Elike* cats' "$TMP/out"
check "... the row label shows it" grep -qE '^\\u202Elike\*  ' "$TMP/out"
expect_status 0 "bidi: a token that is only U+200E" $A $H -p "I $(printf '\342\200\216') cats"
check "... is there to see" grep -qxF 'tokens (3): I \u200E* cats' "$TMP/out"
expect_status 0 "bidi: --explain on that token" $A $H -p --explain "embeddings:2:1" "I ${RLO}like cats"
check "... no raw bidi control in the explanation" no_bidi "$TMP/out"
printf 'token,a%sb,c\nI,1,0\nlike,0,1\ncats,1,1\n' "$LRI" >"$TMP/bidi-label.csv"
expect_status 0 "bidi: a column label with U+2066" $A -s "$TMP/labels" --color never -p \
    -e "$TMP/bidi-label.csv" "$S"
check "... no raw bidi control on stdout" no_bidi "$TMP/out"
check "... shown escaped" grep -qF 'a\u2066b' "$TMP/out"
expect_status 2 "bidi: a missing file whose name has U+202E" $A $H -e "$TMP/x${RLO}y.csv" "$S"
check "... no raw bidi control in the message" no_bidi "$TMP/err"
check "... shown escaped" one_line "$TMP/err" "$TMP/x\\u202Ey.csv: No such file or directory"

# ─── the manifest says where each input came from ────────────────────────────────
mkdir "$TMP/empty-sample"
expect_status 0 "manifest: everything generated" $A -s "$TMP/empty-sample" -x "$TMP/gen" "the cat"
check "... W_Q: \"generated (seed 1)\"" grep -qF '"W_Q","02_W_Q.csv",8,8,"W_Q","generated (seed 1)"' "$TMP/gen/manifest.csv"
check "... embeddings: generated for every token" grep -qF '"generated (seed 1) for every token (no embeddings file): the cat"' "$TMP/gen/manifest.csv"
check "... never \"from generated\"" sh -c "! grep -q 'from generated' '$TMP/gen/manifest.csv'"
expect_status 0 "manifest: from the sample's files" $A -s by-hand -x "$TMP/files" "I like dogs"
check "... \"from samples/by-hand/W_Q.csv\"" grep -qF '"W_Q","02_W_Q.csv",2,4,"W_Q","from samples/by-hand/W_Q.csv"' "$TMP/files/manifest.csv"
check "... embeddings from the file, dogs generated" grep -qF '"from samples/by-hand/embeddings.csv; generated (not in the vocabulary): dogs"' "$TMP/files/manifest.csv"
expect_status 0 "explain: a generated weight" $A -s "$TMP/empty-sample" -p --explain W_Q:1:1 "the cat"
check "... \"here generated (seed 1)\"" grep -qF "a weight (learned in a real model), here generated (seed 1)" "$TMP/out"

finish
