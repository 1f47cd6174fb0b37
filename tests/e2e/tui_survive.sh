#!/bin/sh
# tests/e2e/tui_survive.sh — the stepper survives hostile terminals: a resize storm, a
# 10×5 terminal, TERM=dumb / vt100 / unknown, NO_COLOR=1; and every way out leaves the
# terminal restored (icanon echo; out of the alternate screen, cursor shown, mouse
# reporting and keypad mode off, as tmux sees the pane): SIGINT / SIGTERM at every stage,
# every other signal that ends a process (by its own status, 128 + its number), a crash,
# Ctrl-Z and fg, SIGSTOP and SIGCONT, a signal at 1×1, q during autoplay, and a terminal
# that goes away without a SIGHUP. Polls; no fixed sleeps.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
cd "$TMP" || exit 1
export LANG=C.UTF-8

# The pane runs this: the stepper, its status, then the terminal's modes afterwards.
cat >"$TMP/restore.sh" <<EOF
trap '' INT QUIT # the shell stays to report; the stepper sets its own handlers
ulimit -c 0 # SIGQUIT, SIGSEGV … dump no core here
"$A" "\$@"
echo "[status \$?]"
stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '
echo "[modes]"
EOF
# tmux's view of the pane: alternate screen, cursor shown, mouse reporting, keypad mode.
tm_modes() {
    tm display -p -t t 'alt=#{alternate_on} cursor=#{cursor_flag} mouse=#{mouse_any_flag} keypad=#{keypad_flag}'
}
RUNNING="alt=1 cursor=0 mouse=1 keypad=1"
NORMAL="alt=0 cursor=1 mouse=0 keypad=0"
modes_are() { [ "$(tm_modes)" = "$1" ]; }
wait_modes() { # MODES [SECONDS]
    poll "${2:-5}" modes_are "$1" && return 0
    echo "pane modes: $(tm_modes), wanted $1" >&2
    return 1
}
signum() { python3 -c 'import signal, sys; print(int(getattr(signal, "SIG" + sys.argv[1])))' "$1"; }
# After a signal: its status from the shell, the tty modes and the pane restored.
ended_by() { # SIG
    tm_wait "[status $((128 + $(signum "$1")))]" 5 && tm_wait "icanon echo [modes]" 5 &&
        wait_modes "$NORMAL"
}
no_color_escapes() { ! tm_screen_e | grep -qE '\[(38|48);5;|\[4[0-7]m'; }

# ─── a resize storm, through sizes down to 10×5 and 1×1, then back ────────────────
tm_fresh 120 40 sh "$TMP/restore.sh" -s coreference
step "storm: the stepper is up" tm_wait "stage 1/11"
tm_keys n n n n n n n n n   # weights: the widest stage
for size in 80x24 10x5 200x60 40x12 1x1 150x50 20x6 120x40 33x17 90x30 10x5 120x40; do
    tm resize-window -t t -x "${size%x*}" -y "${size#*x}"
    tm_keys l
done
tm resize-window -t t -x 120 -y 40
step "storm: still alive, same stage, redrawn at 120×40" tm_wait "stage 10/11"
step "storm: labels back in view" tm_wait "animal"
tm_keys q
step "storm: q exits 0" tm_wait "[status 0]"
step "storm: terminal restored" tm_wait "icanon echo [modes]"
step "storm: the pane's modes restored" wait_modes "$NORMAL"

# ─── shrunk to 1×1, then a signal ─────────────────────────────────────────────────
tm_fresh 100 30 sh "$TMP/restore.sh" -s by-hand
tm_wait "stage 1/11"
tm resize-window -t t -x 1 -y 1
tm_keys l
kill -TERM "$(tm_leaf_pid)"
tm resize-window -t t -x 100 -y 30
step "1×1 then SIGTERM: status 143, terminal restored" ended_by TERM

# ─── q while autoplay runs ────────────────────────────────────────────────────────
tm_fresh 100 30 sh "$TMP/restore.sh" -s by-hand --autoplay 0.2
step "autoplay: it steps" tm_wait_re "stage [3-9]/11"
tm_keys q
step "q during autoplay: exits 0" tm_wait "[status 0]"
step "q during autoplay: terminal restored" tm_wait "icanon echo [modes]"
step "q during autoplay: the pane's modes restored" wait_modes "$NORMAL"

# ─── born in a 10×5 terminal ──────────────────────────────────────────────────────
tm_fresh 10 5 sh "$TMP/restore.sh" -s by-hand
step "10×5: says it is too small" tm_wait_re "This|10×5|small"
tm resize-window -t t -x 100 -y 30
step "10×5: recovers when enlarged" tm_wait "stage 1/11"
tm_keys q
step "10×5: exits 0" tm_wait "[status 0]"

# ─── terminals without cursor addressing or colors ──────────────────────────────
TM_TERM=dumb tm_fresh 100 30 sh "$TMP/restore.sh" -s by-hand --stage weights
step "TERM=dumb: falls back to print, says why" tm_wait "cannot move the cursor; printing"
step "TERM=dumb: exits 0" tm_wait "[status 0]"
TM_TERM=no-such-terminal tm_fresh 100 30 sh "$TMP/restore.sh" -s by-hand --stage weights
step "unknown TERM: falls back to print" tm_wait "not a terminal type this machine knows"
step "unknown TERM: exits 0" tm_wait "[status 0]"
TM_TERM=vt100 tm_fresh 100 30 sh "$TMP/restore.sh" -s by-hand
step "TERM=vt100: the stepper runs" tm_wait "stage 1/11"
tm_keys n n n n n n n n n
step "TERM=vt100: weights with shade glyphs" tm_wait_re "0\.[0-9]{2}[░▒▓█]"
check "TERM=vt100: no color escapes" no_color_escapes
tm_keys q
step "TERM=vt100: exits 0" tm_wait "[status 0]"
tm_fresh 100 30 env NO_COLOR=1 sh "$TMP/restore.sh" -s by-hand
step "NO_COLOR=1: the stepper runs" tm_wait "stage 1/11"
step "NO_COLOR=1: shade glyphs" tm_wait_re "[0-9]\.[0-9]{2}[░▒▓█]"
check "NO_COLOR=1: no color escapes" no_color_escapes
tm_keys q
step "NO_COLOR=1: exits 0" tm_wait "[status 0]"

# ─── every other signal that ends a process ─────────────────────────────────────
# Ctrl-\ sends SIGQUIT from the keyboard; the rest come from kill. SEGV and ABRT stand
# for a crash: the handler puts the terminal back without curses, then the default
# action (a core dump) ends the process.
for sig in QUIT USR1 USR2 ALRM PIPE HUP XCPU XFSZ VTALRM PROF RTMIN SEGV ABRT; do
    tm_fresh 100 30 sh "$TMP/restore.sh" -s by-hand
    if ! tm_wait "stage 1/11" || ! wait_modes "$RUNNING"; then
        fail "SIG$sig" "did not start"
        continue
    fi
    if [ $sig = QUIT ]; then tm_keys 'C-\'; else kill -s "$(signum $sig)" "$(tm_leaf_pid)"; fi
    # Under a sanitizer its own SEGV report takes over after the terminal is restored,
    # and ends in abort(): SIGABRT's status then.
    if ended_by $sig || { [ $sig = SEGV ] && ended_by ABRT; }; then
        ok "SIG$sig: terminal restored, then the signal's status"
    else fail "SIG$sig" "see the screen above"; fi
done

# ─── Ctrl-Z: the terminal restored while stopped, the screen back after fg ────────
# Not under valgrind: it cannot stop a program by SIGTSTP's default action (raise
# returns, the program runs on), with this stepper as with any other.
if [ -n "${ATTNTRACE_REAL:-}" ]; then
    echo "# Ctrl-Z: skipped under valgrind"
else
    tm_fresh 100 30 env PS1='$ ' sh -i
    tm_keys "\"$A\" -s by-hand" Enter
    step "Ctrl-Z: the stepper is up" tm_wait "stage 1/11"
    step "Ctrl-Z: stepper's modes" wait_modes "$RUNNING"
    tm_keys C-z
    step "Ctrl-Z: the shell says it stopped" tm_wait "Stopped"
    step "Ctrl-Z: the pane's modes restored" wait_modes "$NORMAL"
    tm_keys "stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '; echo '[modes]'" Enter
    step "Ctrl-Z: the terminal's modes restored" tm_wait "icanon echo [modes]"
    tm_keys fg Enter
    step "fg: the stepper redraws" tm_wait "stage 1/11"
    step "fg: its modes are back" wait_modes "$RUNNING"
    tm_keys n
    step "fg: keys work again" tm_wait "stage 2/11"
    tm_keys q
    tm_keys 'echo "[exit $?]"' Enter
    step "fg, q: exits 0" tm_wait "[exit 0]"
    step "fg, q: the pane's modes restored" wait_modes "$NORMAL"
fi

# ─── SIGSTOP from elsewhere, the terminal changed meanwhile, SIGCONT ──────────────
tm_fresh 100 30 sh "$TMP/restore.sh" -s by-hand
tm_wait "stage 1/11"
pid=$(tm_leaf_pid)
tty=$(tm display -p -t t '#{pane_tty}')
kill -STOP "$pid"
printf '\033[?1049lGARBAGE\n' >"$tty" # someone else leaves the alternate screen
stty icanon echo <"$tty"
step "SIGSTOP: the pane changed meanwhile" tm_wait "GARBAGE"
kill -CONT "$pid"
step "SIGCONT: the stepper redraws" tm_gone "GARBAGE"
step "SIGCONT: the stage is back" tm_wait "stage 1/11"
step "SIGCONT: its modes are back" wait_modes "$RUNNING"
tm_keys n
step "SIGCONT: keys work without Enter" tm_wait "stage 2/11"
tm_keys q
step "SIGCONT, q: exits 0" tm_wait "[status 0]"
step "SIGCONT, q: terminal restored" tm_wait "icanon echo [modes]"

# ─── the terminal goes away without a SIGHUP ──────────────────────────────────────
# Under setsid the stepper is not in the terminal's session: closing the terminal sends
# it no SIGHUP, and every read fails at once. It must notice and exit 1, not spin.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }
cat >"$TMP/gone.sh" <<EOF
"$A" -s by-hand 2>"$TMP/gone.err"
echo \$? >"$TMP/gone.rc"
EOF
rm -f "$TMP/gone.rc"
tm_fresh 100 30 setsid sh "$TMP/gone.sh"
tm_wait "stage 1/11"
pid=$(tm_leaf_pid)
tm_stop # the terminal closes
if poll 10 test -s "$TMP/gone.rc"; then
    check "terminal gone: exit status 1" [ "$(cat "$TMP/gone.rc")" = 1 ]
    check "terminal gone: says so on stderr" grep -q "the terminal went away" "$TMP/gone.err"
else
    t0=$(cpu_ticks "$pid")
    sleep 1
    fail "terminal gone" "still running after 10 s, CPU ticks in 1 s: $(( $(cpu_ticks "$pid") - t0 ))"
    kill -KILL "$pid" 2>/dev/null
fi

# ─── SIGINT and SIGTERM at every stage ──────────────────────────────────────────
k=1
while [ $k -le 11 ]; do
    for sig in INT TERM; do
        tm_fresh 100 30 sh "$TMP/restore.sh" -s default
        if ! tm_wait "stage 1/11"; then fail "SIG$sig at stage $k" "did not start"; continue; fi
        if [ $k -le 9 ]; then tm_keys "$k"; else tm_keys G; [ $k -eq 10 ] && tm_keys p; fi
        if ! tm_wait "stage $k/11" 5; then fail "SIG$sig at stage $k" "did not reach it"; continue; fi
        if [ $sig = INT ]; then tm_keys C-c; else kill -TERM "$(tm_leaf_pid)"; fi
        if ended_by $sig; then
            ok "SIG$sig at stage $k: terminal restored, status $((128 + $(signum $sig)))"
        else fail "SIG$sig at stage $k" "see the screen above"; fi
    done
    k=$((k + 1))
done
finish
