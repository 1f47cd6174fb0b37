#!/bin/sh
# tests/e2e/bench_smoke.sh — `make bench` works: one quick run at the smallest size.
# Asserts that the bench ran and wrote every row of its CSV; nothing about speed.
. "$(dirname "$0")/lib.sh"
B=$ROOT/${BUILD:-build}/bench
OUT=$TMP/bench
SAMPLE=$ROOT/samples/default
[ -f "$SAMPLE/sentence.txt" ] || SAMPLE=$ROOT/samples/by-hand

mkdir -p "$OUT/work" && echo mine >"$OUT/work/keep.txt" # the user's, in the way
expect_status 0 "bench runs once, quickly" "$B/bench" --bin "$ATTNTRACE" --noop "$B/noop" \
    --sample "$SAMPLE" --peer "$ROOT/bench/peer_numpy.py" --tui "$TMP/no-such-tui_redraw" \
    --out "$OUT" --quick --runs 2 --sizes 16
cp "$TMP/out" "$TMP/bench-table"
check "results.csv written" test -s "$OUT/results.csv"
check "CSV header" sh -c "head -1 '$OUT/results.csv' | grep -qx 'section,row,value,target,result'"
for r in '"startup","do-nothing C program"' '"startup","export / do-nothing"' \
         '"startup","export a sentence (lexicon)"' '"startup","lexicon export / do-nothing"' \
         '"peer","peer / ours"' '"scale","n=16 build the trace"' '"scale","n=16 export"' \
         '"scale","n=16 bytes written"' '"scale","n=16 export throughput"' \
         '"scale","n=16 peak RSS"' '"scale","n=16 peer / ours"' \
         '"redraw","redraw default 120x40"' '"redraw","redraw 64x64 200x60"' \
         '"redraw","first frame"'; do
    check "row $r" grep -qF -- "$r" "$OUT/results.csv"
done
# no NumPy here is fine ("n/a"); with NumPy its numbers must match ours
if grep -q '"peer.s numbers = ours"' "$OUT/results.csv"; then
    check "peer's numbers match" grep -q '"peer","peer.s numbers = ours",.*"met"$' "$OUT/results.csv"
fi
# Without NumPy (a fresh machine: only `make bench` installs it) the peer rows say n/a.
printf '#!/bin/sh\nexit 1\n' >"$TMP/no-numpy-python"
chmod +x "$TMP/no-numpy-python"
expect_status 0 "bench runs without NumPy" "$B/bench" --bin "$ATTNTRACE" --noop "$B/noop" \
    --sample "$SAMPLE" --peer "$ROOT/bench/peer_numpy.py" --python "$TMP/no-numpy-python" \
    --tui "$TMP/no-such-tui_redraw" --out "$TMP/bench-nonumpy" --quick --runs 2 --sizes 16
for r in '"peer","peer / ours","n/a (no numpy)","≥ 20×","n/a"' \
         '"scale","n=16 peer / ours","n/a (no numpy)","> 1× (ahead)","n/a"'; do
    check "without NumPy: row $r" grep -qF -- "$r" "$TMP/bench-nonumpy/results.csv"
done
check "no stepper helper: n/a, not a number" \
    grep -qF '"redraw","first frame","n/a (stepper bench not built)"' "$OUT/results.csv"
# The stepper's helper reports its three rows (numbers; nothing asserted about speed).
expect_status 0 "tui_redraw runs" "$B/tui_redraw" --quick
for r in "redraw default 120x40" "redraw 64x64 200x60" "first frame"; do
    check "tui_redraw reports $r" grep -qE "^$r,[0-9]+\.[0-9]+\$" "$TMP/out"
done
check "the table was printed" grep -qF "export / do-nothing" "$TMP/bench-table"
check "its work folder is gone" sh -c "! ls -d '$OUT'/work.* 2>/dev/null"
check "a folder of the user's named work in OUT is left alone" test -f "$OUT/work/keep.txt"
finish
