#!/bin/sh
# tests/e2e/tui_survive.sh — the stepper survives hostile terminals: a resize storm, a
# 10×5 terminal, TERM=dumb / vt100 / unknown, NO_COLOR=1, and SIGINT / SIGTERM at every
# stage, always leaving the terminal restored (icanon echo). Polls; no fixed sleeps.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
cd "$TMP" || exit 1
export LANG=C.UTF-8

# The pane runs this: the stepper, its status, then the terminal's modes afterwards.
cat >"$TMP/restore.sh" <<EOF
trap '' INT # the shell stays to report; the stepper sets its own handler
"$A" "\$@"
echo "[status \$?]"
stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '
echo "[modes]"
EOF
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

# ─── SIGINT and SIGTERM at every stage ──────────────────────────────────────────
k=1
while [ $k -le 11 ]; do
    for sig in INT TERM; do
        tm_fresh 100 30 sh "$TMP/restore.sh" -s default
        if ! tm_wait "stage 1/11"; then fail "SIG$sig at stage $k" "did not start"; continue; fi
        if [ $k -le 9 ]; then tm_keys "$k"; else tm_keys G; [ $k -eq 10 ] && tm_keys p; fi
        if ! tm_wait "stage $k/11" 5; then fail "SIG$sig at stage $k" "did not reach it"; continue; fi
        if [ $sig = INT ]; then tm_keys C-c; else kill -TERM "$(tm_leaf_pid)"; fi
        if tm_wait "[status 1]" 5 && tm_wait "icanon echo [modes]" 5; then
            ok "SIG$sig at stage $k: exit 1, terminal restored"
        else fail "SIG$sig at stage $k" "see the screen above"; fi
    done
    k=$((k + 1))
done
finish
