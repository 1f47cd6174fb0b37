# tests/e2e/lib.sh — helpers shared by the end-to-end scripts (sourced, POSIX sh).
#   ok NAME / fail NAME MESSAGE      record one check
#   expect_status WANT NAME CMD...   run CMD, check its exit status
#   finish                           print the tally; exit 1 if anything failed
#   step NAME CMD...                 ok when CMD succeeds (for the polling helpers)
#   poll SECONDS CMD...              retry CMD every 50 ms until it succeeds
#   tmux helpers: tm_start COLS ROWS CMD..., tm_fresh COLS ROWS CMD..., tm_wait TEXT [SECONDS],
#                 tm_wait_re REGEX [SECONDS], tm_gone TEXT [SECONDS], tm_keys KEYS...,
#                 tm_screen, tm_screen_e, tm_stop, tm_leaf_pid
set -u
: "${ATTNTRACE:?run me through tests/run-all or set ATTNTRACE}"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/attntrace-e2e.XXXXXX")
checks_ok=0
checks_failed=0
TM_SOCKET="attntrace-e2e-$$"
trap 'tm_stop; rm -rf "$TMP"' EXIT

ok() { checks_ok=$((checks_ok + 1)); echo "ok - $1"; }
fail() { checks_failed=$((checks_failed + 1)); echo "not ok - $1: $2"; }
# (helper variables start with _ so they never clobber a caller's loop variables)
check() { # NAME CONDITION-COMMAND...
    _name=$1; shift
    if "$@"; then ok "$_name"; else fail "$_name" "condition failed: $*"; fi
}
expect_status() { # WANT NAME CMD...
    _want=$1; _name=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    _got=$?
    if [ "$_got" -eq "$_want" ]; then ok "$_name"; else
        fail "$_name" "exit $_got, wanted $_want; stderr: $(head -c 300 "$TMP/err")"
    fi
}
step() { # NAME CMD...: ok when CMD succeeds
    _name=$1; shift
    if "$@"; then ok "$_name"; else fail "$_name" "see the screen above"; fi
}
finish() {
    echo "$checks_ok passed, $checks_failed failed"
    [ "$checks_failed" -eq 0 ]
    exit $?
}

# ─── tmux ──────────────────────────────────────────────────────────────────────
tm() { tmux -L "$TM_SOCKET" "$@"; }
tm_start() { # COLS ROWS CMD...  (runs CMD in a detached session named "t")
    _cols=$1; _rows=$2; shift 2
    tm kill-server 2>/dev/null
    # tmux runs the line with the user's shell. Ctrl-C and Ctrl-\ reach that shell too;
    # dash (a SHELL of /bin/sh) then exits once CMD has, taking the pane and what it
    # printed with it. A trap (not an ignore: CMD still gets the default) keeps it.
    tm -f /dev/null new-session -d -s t -x "$_cols" -y "$_rows" \
        "trap : INT QUIT; env TERM=${TM_TERM:-tmux-256color} LANG=C.UTF-8 $*; echo \"[exit \$?]\"; sleep 30"
    tm set-option -t t status off >/dev/null
}
tm_screen() { tm capture-pane -p -t t; }
tm_screen_e() { tm capture-pane -p -e -t t; }
tm_keys() { tm send-keys -t t "$@"; }
poll() { # SECONDS CMD...: run CMD every 50 ms until it succeeds or SECONDS pass
    _deadline=$(( $(date +%s) + $1 )); shift
    while [ "$(date +%s)" -le "$_deadline" ]; do
        "$@" && return 0
        sleep 0.05
    done
    return 1
}
screen_has() { tm_screen | grep -qF -- "$1"; }
screen_matches() { tm_screen | grep -qE -- "$1"; }
screen_lacks() { ! tm_screen | grep -qF -- "$1"; }
tm_wait() { # TEXT [SECONDS]: poll the screen until TEXT appears (fixed string)
    poll "${2:-10}" screen_has "$1" && return 0
    echo "timed out waiting for: $1" >&2
    tm_screen >&2
    return 1
}
tm_wait_re() { # REGEX [SECONDS]: poll until an extended regex matches the screen
    poll "${2:-10}" screen_matches "$1" && return 0
    echo "timed out waiting for /$1/" >&2
    tm_screen >&2
    return 1
}
tm_gone() { # TEXT [SECONDS]: poll until TEXT is no longer on the screen
    poll "${2:-10}" screen_lacks "$1"
}
tm_stop() { tm kill-server 2>/dev/null || true; }
tm_leaf_pid() { # the pane's deepest process: the stepper (or valgrind running it)
    _pid=$(tm list-panes -t t -F '#{pane_pid}')
    while _kid=$(ps -o pid= --ppid "$_pid" | tr -d ' ' | head -n 1) && [ -n "$_kid" ]; do
        _pid=$_kid
    done
    echo "$_pid"
}
tm_fresh() { # COLS ROWS CMD...: a fresh session once the previous tmux server has gone
    tm_stop
    while tm list-sessions >/dev/null 2>&1; do sleep 0.05; done
    tm_start "$@"
}
