#!/bin/sh
# tests/e2e/tui_memory.sh — the stepper keeps one copy of the big things: it builds its
# own trace from its own copy of the inputs, so the trace the program built first is
# freed before it starts. At --dim 2048 the inputs and one trace are ~200 MB (the peak
# of --print); the stepper's peak must stay under 1.75 times that (two copies of both
# would be 2 times). Not under valgrind: there the memory is valgrind's.
. "$(dirname "$0")/lib.sh"
if [ -n "${ATTNTRACE_REAL:-}" ]; then
    ok "skipped under valgrind (it measures its own memory)"
    finish
fi
A=$ATTNTRACE
# Under AddressSanitizer (make sanitize) freed memory waits in a quarantine before it is
# reused, so freeing the first trace would not lower the peak: no quarantine here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
mkdir -p "$TMP/big"
echo "the cat sat on the mat" >"$TMP/big/sentence.txt"

# The peak of --print: the inputs and one trace (one stage printed).
once=$(python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
    "$A" -s "$TMP/big" --dim 2048 -p --stage output --color never)
check "--print ran (peak ${once:-?} kB)" test "${once:-0}" -gt 100000

tm_fresh 120 40 "$A" -s "$TMP/big" --dim 2048
step "the stepper is up" tm_wait "q quit" 60
pid=$(tm_leaf_pid)
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
check "the stepper's peak (${hwm:-?} kB) is under 1.75 × --print's (${once:-?} kB)" \
    test "${hwm:-0}" -gt 0 -a "$((${hwm:-0} * 4))" -lt "$((${once:-0} * 7))"
tm_keys q
step "it quits" tm_wait "[exit 0]"
finish
