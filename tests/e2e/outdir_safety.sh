#!/bin/sh
# tests/e2e/outdir_safety.sh — what -x, --export-svg, --force and the stepper's E, S, e
# and w may replace, tried as an adversary would: a folder that merely holds a
# manifest.csv or an index.html, a manifest that is a link, a forged manifest, a listed
# file that is a link to a file elsewhere, a folder of another user; links to folders
# (the link stays, its target is written); missing parents; "", ".", ".." and "/";
# both destinations refused before either is written; the umask; an export killed by
# SIGINT, SIGTERM, SIGHUP and SIGQUIT leaves nothing behind.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
W="$TMP/w"
mkdir -p "$W"
cd "$W" || exit 1

"$A" -s by-hand -x real >/dev/null 2>&1 || fail "setup" "no earlier export"
"$A" -s default -x ref-default >/dev/null 2>&1 || fail "setup" "no reference export"
"$A" -s by-hand --export-svg slides >/dev/null 2>&1 || fail "setup" "no earlier SVG export"
mkdir outside
echo precious >outside/keep.csv
intact() { [ "$(cat outside/keep.csv 2>/dev/null)" = precious ]; }
# A folder's entries (names only), for "unchanged" and "no stale file" checks.
listing() { (cd "$1" && ls -A | sort | tr '\n' ' '); }
real_listing=$(listing real)

# ─── --force replaces only what attntrace wrote ───────────────────────────────
mkdir m1 m1/sub
echo x >m1/manifest.csv
echo mine >m1/notes.txt
echo mine >m1/sub/deep.txt
expect_status 2 "--force: a folder that merely holds manifest.csv is refused" \
    "$A" -s default -x m1 --force
check "... nothing in it is removed" test -f m1/notes.txt -a -f m1/sub/deep.txt -a -f m1/manifest.csv

cp -R real m2
echo mine >m2/notes.txt
expect_status 2 "--force: an earlier export plus an unrelated file is refused" \
    "$A" -s default -x m2 --force
check "... the refusal names the file" grep -q 'holds 1 entry attntrace did not write (notes.txt)' "$TMP/err"
check "... the earlier export and the file stay" test -f m2/notes.txt -a -f m2/05_Q.csv -a -f m2/manifest.csv

cp -R real m3
mkdir m3/sub m3/sub2
echo mine >m3/sub/deep.txt
echo mine >m3/extra.txt
expect_status 2 "--force: an earlier export plus subfolders is refused" "$A" -s default -x m3 --force
check "... names two entries and counts the rest" grep -q 'holds 3 entries attntrace did not write (.*, .*, and 1 more)' "$TMP/err"
check "... the subfolder stays" test -f m3/sub/deep.txt

mkdir m4
ln -s ../real/manifest.csv m4/manifest.csv
cp real/01_embeddings.csv m4/
expect_status 2 "--force: a manifest.csv that is a link to a real export's is refused" \
    "$A" -s default -x m4 --force
check "... it says the manifest is a link" grep -q 'manifest.csv is a symbolic link' "$TMP/err"
check "... the linked export is untouched" test "$(listing real)" = "$real_listing"
check "... the folder is untouched" test -L m4/manifest.csv -a -f m4/01_embeddings.csv

mkdir m5
printf 'stage,name,file,rows,cols,formula,notes\n1,"keep","../outside/keep.csv",1,1,"",""\n' >m5/manifest.csv
expect_status 2 "--force: a forged manifest listing ../outside is refused" "$A" -s default -x m5 --force
check "... the file outside is kept" intact

cp -R real m6
rm m6/05_Q.csv
ln -s ../outside/keep.csv m6/05_Q.csv
expect_status 2 "--force: a listed file that is a link to a file outside is refused" \
    "$A" -s default -x m6 --force
check "... the link is named" grep -q '05_Q.csv (a symbolic link)' "$TMP/err"
check "... the file outside is kept" intact
check "... the link stays" test -L m6/05_Q.csv

cp -R real m7
printf 'stage,name,file,rows,cols,formula,notes\n' >m7/manifest.csv
expect_status 2 "--force: a manifest with the header but no stages is refused" "$A" -s default -x m7 --force
check "... the files stay" test -f m7/01_embeddings.csv

if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
    cp -R real theirs
    echo theirs >theirs/notes.txt
    ln -s ../outside/keep.csv theirs/link.csv
    chown -R -h nobody theirs
    expect_status 2 "--force as root: another user's folder with their own file is refused" \
        "$A" -s default -x theirs --force
    theirs_kept() { test -f theirs/notes.txt && test -L theirs/link.csv && intact; }
    check "... their files and the file outside stay" theirs_kept
fi

expect_status 0 "--force still replaces a genuine earlier export" "$A" -s default -x m8 &&
    expect_status 0 "... (replaced)" "$A" -s by-hand -x m8 --force
check "... it holds the new export, no stale file" test "$(listing m8)" = "$(listing real)"
check "... and nothing beside it" test -z "$(ls -d m8.* 2>/dev/null)"

# The same for slides: index.html must be the one svg.c writes.
mkdir s1 s1/sub
echo '<html></html>' >s1/index.html
echo mine >s1/sub/deep.txt
expect_status 2 "--export-svg --force: a folder that merely holds index.html is refused" \
    "$A" -s default --export-svg s1 --force
check "... nothing in it is removed" test -f s1/sub/deep.txt -a -f s1/index.html
cp -R slides s2
echo mine >s2/talk.txt
expect_status 2 "--export-svg --force: earlier slides plus a foreign file are refused" \
    "$A" -s default --export-svg s2 --force
check "... the file stays" test -f s2/talk.txt
cp -R slides s3
sed 's/01_embeddings.svg/..\/outside\/keep.csv/' slides/index.html >s3/index.html
expect_status 2 "--export-svg --force: an index.html showing ../outside is refused" \
    "$A" -s default --export-svg s3 --force
check "... the file outside is kept" intact
cp -R slides s4
expect_status 0 "--export-svg --force replaces genuine earlier slides" \
    "$A" -s default --mask causal --export-svg s4 --force
check "... 12 slides and index.html, no stale file" test "$(ls s4 | wc -l)" -eq 13

# ─── links to folders: the target is written, the link stays ──────────────────
cp -R real t1
ln -s t1 L1
expect_status 0 "-x LINK --force, LINK → an earlier export" "$A" -s default -x L1 --force
check "... the link stays a link to it" test -L L1 -a "$(readlink L1)" = t1
check "... the target holds the new export" grep -q 'samples/default' t1/manifest.csv
check "... no stale file in the target" test "$(listing t1)" = "$(listing ref-default)"
mkdir empty
ln -s empty L2
expect_status 0 "-x LINK, LINK → an empty folder" "$A" -s by-hand -x L2
check "... the link stays" test -L L2
check "... the export is in the folder it points to" test -f empty/manifest.csv
ln -s nowhere L3
expect_status 2 "-x LINK, LINK dangling" "$A" -s by-hand -x L3
check "... the error names the link and its target" grep -q 'L3: a symbolic link to nowhere, which does not exist' "$TMP/err"
check "... nothing was created" test ! -e nowhere
cp -R slides t2
ln -s t2 L4
expect_status 0 "--export-svg LINK --force, LINK → earlier slides" \
    "$A" -s default --mask causal --export-svg L4 --force
check "... the link stays, its target updated" sh -c 'test -L L4 && test -f t2/10_masked.svg'
mkdir far
ln -s ../far outside/up
expect_status 0 "-x through a linked parent" "$A" -s by-hand -x outside/up/x
check "... written in the parent's target" test -f far/x/manifest.csv
mkdir same
ln -s same L5
expect_status 2 "-x LINK --export-svg TARGET: the same folder" "$A" -s by-hand -x L5 --export-svg same
check "... is said" grep -q 'are the same folder' "$TMP/err"

# ─── parents, and names that are no folder to write ───────────────────────────
expect_status 0 "-x with missing parents creates them" "$A" -s by-hand -x p1/p2/p3/out
check "... the export is there" test -f p1/p2/p3/out/manifest.csv
expect_status 0 "--export-svg with missing parents" "$A" -s by-hand --export-svg q1/q2/out
check "... the slides are there" test -f q1/q2/out/index.html
touch afile
expect_status 2 "-x under a file" "$A" -s by-hand -x afile/out
check "... names it" grep -q 'afile is not a folder' "$TMP/err"
for bad in "" . .. / ./ x/.. //; do
    expect_status 2 "-x \"$bad\" is a usage error" "$A" -s by-hand -x "$bad"
    check "-x \"$bad\": says so" grep -q 'name a folder to write the export into' "$TMP/err"
    expect_status 2 "--export-svg \"$bad\" is a usage error" "$A" -s by-hand --export-svg "$bad"
done

# ─── both destinations checked before either is written ───────────────────────
mkdir busy
echo mine >busy/notes.txt
expect_status 2 "-x A --export-svg B: B refused" "$A" -s by-hand -x fresh --export-svg busy
check "... and A was not written" test ! -e fresh
expect_status 2 "-x A --export-svg B --force: B not slides" "$A" -s by-hand -x fresh2 --export-svg m2 --force
check "... and A was not written" test ! -e fresh2

# ─── the umask ────────────────────────────────────────────────────────────────
modes() { # DIR: the folder's mode, then every distinct file mode
    stat -c %a "$1"
    find "$1" -mindepth 1 -exec stat -c %a {} + | sort -u | tr '\n' ' '
}
(umask 077 && "$A" -s by-hand -x u1 && "$A" -s by-hand --export-svg u2) >/dev/null 2>&1
check "umask 077: export folder 700, files 600" test "$(modes u1 | tr '\n' ' ')" = "700 600 "
check "umask 077: slides folder 700, files 600" test "$(modes u2 | tr '\n' ' ')" = "700 600 "
(umask 002 && "$A" -s by-hand -x u3/deeper) >/dev/null 2>&1
check "umask 002: export folder 775, files 664" test "$(modes u3/deeper | tr '\n' ' ')" = "775 664 "
check "umask 002: a created parent is 775" test "$(stat -c %a u3)" = 775

# ─── signals: an interrupted export leaves nothing behind ─────────────────────
mkdir gen
python3 -c "print(' '.join('w%d' % i for i in range(1024)))" >gen/sentence.txt
ulimit -c 0
# A large export (n = 1024), frozen with SIGSTOP once its temporary folder holds a file,
# so that the signal surely comes while the files are being written; then SIGCONT.
interrupt() { # SIGNAL EXTRA-ARGS...: run the export in the background and interrupt it
    _sig=$1; shift
    # A background job starts with SIGINT and SIGQUIT ignored: give them their default.
    env --default-signal=INT,QUIT "$A" -s gen --dim 128 --max-tokens 1024 -x big "$@" \
        >/dev/null 2>&1 &
    _pid=$!
    poll 60 sh -c 'test -n "$(ls big.tmp.* 2>/dev/null)"'
    kill -s STOP "$_pid"
    _during=$(ls -d big.tmp.* 2>/dev/null)
    kill -s "$_sig" "$_pid"
    kill -s CONT "$_pid"
    wait "$_pid"
    _rc=$?
    [ -n "$_during" ] || fail "SIG$_sig: the signal came while writing" "no big.tmp.* then"
    return $_rc
}
for pair in INT:2 TERM:15 HUP:1 QUIT:3; do
    sig=${pair%:*}
    rm -rf big
    interrupt "$sig"
    rc=$?
    want=$((128 + ${pair#*:}))
    [ "$rc" -eq "$want" ] && ok "SIG$sig mid-export: exit $want" ||
        fail "SIG$sig mid-export" "exit $rc, wanted $want"
    left=$(ls -d big big.* 2>/dev/null)
    [ -z "$left" ] && ok "SIG$sig mid-export: nothing left (no big.tmp.*, no big)" ||
        fail "SIG$sig mid-export: leftovers" "$left"
done
# Replacing an earlier export, interrupted: the earlier export stays whole.
"$A" -s by-hand -x big >/dev/null 2>&1
before=$(listing big)
interrupt TERM --force
check "SIGTERM while replacing: the earlier export stays whole" test "$(listing big)" = "$before"
check "SIGTERM while replacing: it is still the earlier one" grep -q 'samples/by-hand' big/manifest.csv
check "SIGTERM while replacing: nothing beside it" test -z "$(ls -d big.* 2>/dev/null)"

# ─── the stepper: E, S, e and w get the same protection ───────────────────────
RUN="$TMP/run"
mkdir -p "$RUN/attntrace-slides/sub" "$RUN/elsewhere"
cd "$RUN" || exit 1
"$A" -s by-hand -x attntrace-export >/dev/null 2>&1 # an earlier export, E's own
echo mine >attntrace-export/notes.txt             # and a file of the user's
"$A" -s by-hand -x elsewhere/only-e >/dev/null 2>&1
echo '<html></html>' >attntrace-slides/index.html
echo mine >attntrace-slides/sub/deep.txt
tm_fresh 120 40 "$A" -s by-hand
tm_wait "stage 1/11"
tm_keys E
step "E over a folder with a foreign file: the refusal on the status line" \
    tm_wait "holds 1 entry attntrace did not write (notes.txt)"
check "E: the foreign file and the earlier export stay" test -f attntrace-export/notes.txt -a -f attntrace-export/08_scores.csv -a -f attntrace-export/manifest.csv
tm_keys S
step "S over a folder with another index.html: refused on the status line" \
    tm_wait "not an earlier SVG export (index.html is not one attntrace writes)"
check "S: the folder is untouched" test -f attntrace-slides/sub/deep.txt -a -f attntrace-slides/index.html
tm_keys n
step "the stepper goes on after the refusals" tm_wait "stage 2/11"
tm_keys q
step "q quits with status 0" tm_wait "[exit 0]"
# e's stage files and a file of the user's, no manifest: E refuses that too.
mkdir e-only
cp elsewhere/only-e/08_scores.csv e-only/ # as e leaves it
echo mine >e-only/todo.txt
tm_fresh 120 40 "$A" -s by-hand --export-dir e-only
tm_wait "stage 1/11"
tm_keys E
step "E over e's files plus a foreign file: refused" \
    tm_wait "holds 1 entry attntrace did not write (todo.txt)"
check "E: both stay" test -f e-only/todo.txt -a -f e-only/08_scores.csv
tm_keys q
tm_wait "[exit 0]"

# Links: the stepper's E and S write into the folder the link points to.
rm -rf attntrace-export attntrace-slides
mkdir ex-target sl-target sa-target
ln -s ex-target attntrace-export
ln -s sl-target attntrace-slides
ln -s sa-target attntrace-sample
umask 027 # the tmux server started next, and so the stepper, inherit it
tm_fresh 120 40 "$A" -s by-hand
tm_wait "stage 1/11"
tm_keys e
step "e through a link" tm_wait "wrote attntrace-export/01_embeddings.csv"
tm_keys E
step "E through a link to e's files" tm_wait "wrote attntrace-export: manifest.csv and 11 stage files"
tm_keys E
step "E again through the link" tm_wait "wrote attntrace-export: manifest.csv"
tm_keys S
step "S through a link" tm_wait "wrote attntrace-slides/: index.html and 11 SVG slides"
tm_keys S
step "S again through the link" tm_wait "wrote attntrace-slides/: index.html and 11 SVG slides"
tm_keys w
step "w through a link to an empty folder" tm_wait "wrote attntrace-sample/"
tm_keys q
tm_wait "[exit 0]"
umask 022
check "E, S, w: the links stay" test -L attntrace-export -a -L attntrace-slides -a -L attntrace-sample
check "E: the export is in the link's target" test "$(ls ex-target | wc -l)" -eq 12
check "S: the slides are in the link's target" test "$(ls sl-target | wc -l)" -eq 12
check "w: the sample is in the link's target" test -f sa-target/sentence.txt
check "nothing beside the targets" test -z "$(ls -d ./*.tmp.* ./*.old.* 2>/dev/null)"
check "umask 027 in the stepper: E's folder and files" test "$(modes ex-target | tr '\n' ' ')" = "750 640 "
check "umask 027 in the stepper: S's folder and files" test "$(modes sl-target | tr '\n' ' ')" = "750 640 "
check "umask 027 in the stepper: w's folder and files" test "$(modes sa-target | tr '\n' ' ')" = "750 640 "

finish
