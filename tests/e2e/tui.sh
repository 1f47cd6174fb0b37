#!/bin/sh
# tests/e2e/tui.sh — the stepper in tmux: every stage of every sample, the inspector's
# arithmetic, export keys, resize, CJK alignment, colors (256, 8, none), help, mouse,
# autoplay, signals and the terminal restored. Polls the screen; no fixed sleeps.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
RUN="$TMP/run"
mkdir -p "$RUN"
cd "$RUN" || exit 1


# ─── every stage of every sample: title, a label, a number ──────────────────────
# The expected text comes from --print (3 decimals); the stepper shows 3 after "+".
for dir in "$ROOT"/samples/*/; do
    sample=$(basename "$dir")
    "$A" -s "$sample" -p --color never >"$TMP/print.txt" 2>"$TMP/err" || {
        fail "$sample: --print" "$(cat "$TMP/err")"; continue; }
    # One line per stage: "k/N<TAB>name — title<TAB>first row label<TAB>first number".
    awk '/^── stage / { split($3, kn, ":"); head = $0; sub(/^── stage [0-9]+\/[0-9]+: /, "", head);
                        sub(/   .*/, "", head); want = 2; next }
         want == 2 { want = 1; next }
         want == 1 { n = $2; gsub(/[^0-9.-]/, "", n); if (n == "-0.000") n = "0.000";
                     print kn[1] "\t" head "\t" $1 "\t" n; want = 0 }' \
        "$TMP/print.txt" >"$TMP/stages.tsv"
    count=$(wc -l <"$TMP/stages.tsv")
    tm_fresh 120 40 "$A" -s "$sample"
    tm_wait "stage 1/$count" || { fail "$sample: stepper opens" "no first stage"; continue; }
    tm_keys +
    tm_wait "3 decimals"
    good=0
    while IFS="$(printf '\t')" read -r kn head label num; do
        if tm_wait "stage $kn  $head" 5 && tm_wait "$label" 2 && tm_wait "$num" 2; then
            good=$((good + 1))
        else
            fail "$sample stage $kn" "wanted \"$head\", label \"$label\", number $num"
        fi
        tm_keys n
    done <"$TMP/stages.tsv"
    [ "$good" -eq "$count" ] && ok "$sample: all $count stages show their title, labels, numbers"
    tm_keys q
    step "$sample: q quits with status 0" tm_wait "[exit 0]"
done

# ─── the inspector: scores[2][3] of by-hand is q_like · k_cats = 0+2+1+2 = 5 ──────
tm_fresh 120 40 "$A" -s by-hand
tm_wait "stage 1/11"
tm_keys 8
tm_wait "stage 8/11  scores"
tm_keys j l l
step "inspector: the cell named" tm_wait 'scores[2][3] = q_2 · k_3'
step "inspector: the products" tm_wait_re 'c=4 +2\.0000 × +1\.0000 = +2\.0000'
step "inspector: the sum" tm_wait "sum = 5.0000"
step "operands shown: Q · Kᵀ = scores" tm_wait_re 'Q \(3×4\) +Kᵀ \(4×3\) +scores \(3×3\)'
tm_keys Enter
step "Enter closes the inspector" tm_gone "sum = 5.0000"
tm_keys i
step "i opens it again" tm_wait "sum = 5.0000"

# ─── 256 colors: a high and a low cell have different backgrounds ─────────────────
tm_keys k h h # back to [1][1], so [3][3] (7.00) and [1][2] (1.00) are not the cursor
tm_wait "scores[1][1] = 1.0000"
bg_of() { # ROW-PREFIX TARGET: the background of the last TARGET on the screen line
          # that starts with ROW-PREFIX ("none", "256:N", "8:N", or "absent")
    tm_screen_e | python3 -c '
import re, sys
prefix, target = sys.argv[1:3]
for raw in sys.stdin.read().splitlines():
    plain, bgs, bg = "", [], "none"
    for m in re.finditer(r"\x1b\[([0-9;]*)m|([^\x1b])", raw):
        if m.group(2) is not None:
            plain += m.group(2); bgs.append(bg); continue
        parts = m.group(1).split(";"); k = 0
        while k < len(parts):
            p = parts[k]
            if p == "48" and k + 2 < len(parts): bg = "256:" + parts[k + 2]; k += 3; continue
            if p in ("0", "49", ""): bg = "none"
            elif len(p) == 2 and p[0] == "4": bg = "8:" + p[1]
            k += 1
    if not plain.startswith(prefix): continue
    at = plain.rfind(target) # the result grid is the rightmost
    print(bgs[at + 1] if at >= 0 else "absent"); break' "$1" "$2"
}
hi=$(bg_of "cats " " 7.00")
lo=$(bg_of "like " " 1.00")
if [ "${hi%%:*}" = 256 ] && [ "${lo%%:*}" = 256 ] && [ "$hi" != "$lo" ]; then
    ok "256 colors: high cell $hi, low cell $lo"
else
    fail "256 colors" "high $hi, low $lo"
fi
step "256 colors: xterm-256 indices in use" sh -c "tmux -L '$TM_SOCKET' capture-pane -p -e -t t | grep -q '48;5;'"

# ─── help overlay, decimals, color cycling ─────────────────────────────────────
tm_keys '?'
step "? opens the help from the key table" tm_wait_re 'Keys( [0-9]+/[0-9]+)? — any key'
step "help lists every request" tm_wait "p Backspace PgUp Shift-Tab previous stage"
_page=1 # a page at a time when it is taller than the screen
while screen_has "any key shows the next page"; do
    _page=$((_page + 1))
    tm_keys x
    tm_wait "Keys $_page/" 5 || break
done
tm_keys x
step "any key closes the help" tm_gone "any key closes this"
tm_keys - -
step "- narrows to 0 decimals" tm_wait_re 'cats +2 +5 +7'
tm_keys + + + +
step "+ widens to 4 decimals" tm_wait "7.0000"
tm_keys c
step "c: 8 colors" tm_wait "8 colors"
tm_keys c
step "c: no color, shade glyphs" tm_wait "7.0000█"
tm_keys c
step "c: back to 256 colors" tm_wait "256 colors"

# ─── export keys ──────────────────────────────────────────────────────────────
tm_keys e
step "e names the file written" tm_wait "wrote attntrace-export/08_scores.csv"
check "e wrote the stage" test -s "$RUN/attntrace-export/08_scores.csv"
tm_keys E
step "E names the files written" tm_wait "wrote attntrace-export: manifest.csv and 11 stage files"
check "E wrote a manifest" test -s "$RUN/attntrace-export/manifest.csv"
check "E wrote every stage" test "$(ls "$RUN/attntrace-export" | grep -c '^[0-9][0-9]_.*\.csv$')" -eq 11
tm_keys x E # E again replaces the earlier export
step "E twice replaces the export" tm_wait "wrote attntrace-export: manifest.csv"

# ─── mouse: a click selects a cell ────────────────────────────────────────────
tm_keys - - # back to 2 decimals: the scores grid starts at column 54
tm_wait_re 'cats +2\.00 +5\.00 +7\.00'
x=$(tm_screen | grep -E '^cats ' | head -n 1 | python3 -c '
import sys; l = sys.stdin.read(); print(l.rfind(" 5.00") + 2)')
# An X10 mouse report: ESC [ M, then button, column and line (1-based), each + 32.
tm_keys -l "$(printf '\033[M %b%b' "\\0$(printf %o $((32 + x)))" "\\0$(printf %o $((32 + 8)))")"
step "a click selects the cell under it" tm_wait "scores[3][2] = 5.0000"

# ─── resize: too small, then back ─────────────────────────────────────────────
tm resize-window -t t -x 40 -y 12
step "40×12 says it is too small" tm_wait "This terminal is 40×12"
tm resize-window -t t -x 80 -y 24
step "80×24 lays out again" tm_wait "stage 8/11  scores"
step "80×24 keeps the operands" tm_wait_re 'Q \(3×4\) +Kᵀ \(4×3\) +scores \(3×3\)'
tm resize-window -t t -x 120 -y 40
step "back to 120×40" tm_wait_re 'scores \(3×3\) +│ What is scores\?'
tm_keys q
step "still alive after resizing; q exits 0" tm_wait "[exit 0]"

# ─── a big matrix scrolls with the cursor; labels stay in view ─────────────────
mkdir -p "$TMP/big"
python3 -c "print(' '.join('w%d' % i for i in range(64)))" >"$TMP/big/sentence.txt"
tm_fresh 120 40 "$A" -s "$TMP/big" --dim 16
tm_wait "stage 1/11"
tm_keys 8
step "a big matrix says which part is shown" tm_wait_re 'scores \(64×64\) +rows 1–[0-9]+, columns 1–[0-9]+'
tm_keys G 8 # G then 8: the jump keys work from anywhere
i=0; while [ $i -lt 40 ]; do tm_keys j l; i=$((i + 1)); done
step "scrolls to keep the cursor visible" tm_wait "scores[41][41] ="
step "the view moved" tm_wait_re 'rows [0-9]+–41, columns [0-9]+–41'
step "row labels stay in view" tm_wait_re '^w40\*'
step "column labels stay in view" tm_wait_re 'w39\* +w40\*'
tm_keys q
tm_wait "[exit 0]"

# ─── CJK: two columns a character, columns stay aligned ───────────────────────
mkdir -p "$TMP/zh"
printf '我爱北京\n' >"$TMP/zh/sentence.txt"
printf 'token,a,b\n我,1,0\n爱,0,1\n北京,1,1\n' >"$TMP/zh/embeddings.csv"
tm_fresh 100 30 "$A" -s "$TMP/zh"
tm_wait "stage 1/11"
step "CJK tokens" tm_wait "tokens: 我 │ 爱 │ 北京"
tm_keys Z Z Z Z Z Z Z Z Z Z Z Z # zoom 0: one line a row, the rows on lines 5–8
tm_wait "zoom 0"
aligned=$(tm_screen | sed -n '5,8p' | python3 -c '
import sys, unicodedata
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
ends = set()
for line in sys.stdin.read().splitlines():
    grid = line.split("│")[0].rstrip()
    ends.add(width(grid))
print("yes" if len(ends) == 1 else "no: %s" % sorted(ends))')
if [ "$aligned" = yes ]; then ok "CJK rows end in the same column"; else fail "CJK alignment" "$aligned"; fi
tm_keys 8
step "CJK labels in the n×n stage" tm_wait_re '北京 +[-0-9.]+ +[-0-9.]+ +[-0-9.]+$|北京 +[-0-9.]+ +[-0-9.]+ +[-0-9.]+ '
tm_keys q
tm_wait "[exit 0]"

# ─── NO_COLOR: glyphs, no color escapes; the cursor still visible ──────────────
tm_fresh 100 30 NO_COLOR=1 "$A" -s by-hand
tm_wait "stage 1/11"
tm_keys 8
tm_wait "stage 8/11"
step "NO_COLOR: shade glyphs beside the numbers" tm_wait "7.00█"
if tm_screen_e | grep -qE '\[(3[0-7]|4[0-7]|38;5|48;5|9[0-7])[;m]'; then
    fail "NO_COLOR: no color escapes" "$(tm_screen_e | grep -E '\[(3[0-7]|4[0-7]|38;5|48;5)' | head -n 2)"
else
    ok "NO_COLOR: no color escapes"
fi
step "NO_COLOR: the cursor is reverse video" sh -c "tmux -L '$TM_SOCKET' capture-pane -p -e -t t | grep -q '\[[0-9;]*7m'"
tm_keys q
tm_wait "[exit 0]"

# ─── TERM=xterm: the 8-color ramp ─────────────────────────────────────────────
TM_TERM=xterm tm_fresh 100 30 "$A" -s by-hand
tm_wait "stage 1/11"
tm_keys 8
tm_wait "stage 8/11"
hi=$(bg_of "cats " " 7.00")
lo=$(bg_of "like " " 1.00")
if [ "${hi%%:*}" = 8 ] && [ "$hi" != "$lo" ]; then ok "TERM=xterm: 8-color backgrounds ($hi, $lo)"; else
    fail "TERM=xterm: 8-color backgrounds" "high $hi, low $lo"; fi
if tm_screen_e | grep -q '48;5;'; then fail "TERM=xterm: no 256-color escapes" "found 48;5"; else
    ok "TERM=xterm: no 256-color escapes"; fi
tm_keys q
tm_wait "[exit 0]"

# ─── autoplay: steps on a timer; any key stops it ─────────────────────────────
# One stage a second: a busy machine (the suites run side by side) still sees a middle
# stage and stops autoplay well before it reaches the last one.
tm_fresh 100 30 "$A" -s by-hand --autoplay 1
step "autoplay steps on its own" tm_wait_re "stage ([2-9])/11"
tm_keys x
step "any key stops autoplay" tm_wait "autoplay stopped"
stage=$(tm_screen | grep -oE 'stage [0-9]+/11' | head -n 1)
sleep 2.2 # longer than two autoplay periods: the stage must not change
check "autoplay stays stopped" test "$(tm_screen | grep -oE 'stage [0-9]+/11' | head -n 1)" = "$stage"
tm_keys q
tm_wait "[exit 0]"

# ─── signals: the terminal is restored ────────────────────────────────────────
cat >"$TMP/restore.sh" <<EOF
trap '' INT # the shell stays to report; the stepper sets its own handler
"$A" -s by-hand
echo "[status \$?]"
stty -a | tr ' ;' '\n\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' '
echo "[modes]"
EOF
for sig in TERM INT; do
    tm_fresh 100 30 sh "$TMP/restore.sh"
    tm_wait "stage 1/11"
    if [ $sig = INT ]; then
        tm_keys C-c
    else
        kill -TERM "$(tm_leaf_pid)"
    fi
    # Ended by the signal itself once the terminal is restored: 128 + its number.
    step "SIG$sig: exits by the signal" tm_wait "[status $([ $sig = INT ] && echo 130 || echo 143)]"
    step "SIG$sig: the terminal is restored (icanon echo)" tm_wait "icanon echo [modes]"
    step "SIG$sig: the stepper's screen is gone" tm_gone "stage 1/11"
done

# ─── a token with a bidi control (U+202E) is never sent raw ──────────────────
# Raw, it would reverse the rest of the row on a terminal that does bidi; the stepper
# shows it escaped, as it shows a control, in the header, the grids' labels, the
# inspector, the status line and the edit field, and the rows read in order.
RLO=$(printf '\342\200\256')
tm_fresh 140 40 "$A" -s by-hand --lesson self-attention "'I like ${RLO}cats'" # one argument
tm_wait "stage 1/11"
no_raw_rlo() { ! tm_screen | grep -qF "$RLO"; }
step "RLO: the header shows it escaped, in order" tm_wait 'tokens: I │ like │ \u202Ecats*'
tm_keys j j
step "RLO: the status line shows it escaped" tm_wait 'row \u202Ecats · column a'
k=1
while [ $k -le 11 ]; do
    if [ $k -le 9 ]; then tm_keys "$k"; else tm_keys G; [ $k -eq 10 ] && tm_keys p; fi
    tm_wait "stage $k/11" 5
    check "RLO at stage $k: never on the screen raw" no_raw_rlo
    k=$((k + 1))
done
tm_keys 8
# The lesson asks two predictions before the scores are shown: any answer shows them.
tm_keys A; tm_keys -l 1; tm_keys Enter
tm_keys A; tm_keys -l 1; tm_keys Enter
tm_keys j j l l
step "RLO: the scores row of like reads in order" tm_wait_re '= like +1\.00 +4\.00 +-4\.00'
step "RLO: the inspector names the token escaped" tm_wait '(query "\u202Ecats", key "\u202Ecats")'
tm_keys 1 j j =
step "RLO: the edit field's prompt shows it escaped" tm_wait_re 'embeddings\[\\u202Ecats\]\[[ab]\] = '
check "RLO in the edit field: never raw" no_raw_rlo
tm_keys Escape q
step "RLO: q exits 0" tm_wait "[exit 0]"

# ─── not a terminal: print ────────────────────────────────────────────────────
expect_status 0 "stdout not a terminal: exit 0" "$A" -s by-hand
check "stdout not a terminal: falls back to --print" grep -q "── stage 8/11: scores" "$TMP/out"

# ─── the help pages through every key on a 80×24 terminal ──────────────────────
tm_fresh 80 24 "$A" -s by-hand
tm_wait "stage 1/11"
tm_keys '?'
step "80×24 help: pages (Keys 1/N)" tm_wait_re "Keys 1/[2-9]"
pages=$(tm_screen | grep -oE 'Keys 1/[0-9]' | head -n 1 | cut -d/ -f2)
for _p in $(seq 2 "$pages"); do
    tm_keys x
    tm_wait "Keys $_p/$pages" >/dev/null
done
step "80×24 help: the last page lists the last keys" tm_wait_re "q Esc +quit"
step "80×24 help: the last page says a key closes it" tm_wait "Keys $pages/$pages — any key closes this"
tm_keys x
step "80×24 help: closed after the last page" tm_gone "Keys $pages/$pages"
tm_keys q
step "80×24 help: q exits 0" tm_wait "[exit 0]"

# ─── the help wraps its long lines and never cuts one; 160×45 holds it on one page ──
help_uncut() { ! tm_screen | grep -qE '…[[:space:]]*│[[:space:]]*$'; }
for lang in en zh; do
    for size in "80 24" "120 40" "160 45"; do
        set -- $size
        tm_fresh "$1" "$2" "$A" -s by-hand --lang $lang
        tm_wait_re "(stage|阶段) 1/11" >/dev/null
        tm_keys '?'
        tm_wait_re "(Keys|按键)" >/dev/null
        cut=0 last=""
        for _p in 1 2 3 4 5 6; do
            help_uncut || cut=$((cut + 1))
            last=$(tm_screen)
            if screen_has "any key shows the next page" || screen_has "按任意键显示下一页"; then
                tm_keys x
                tm_wait_re "(Keys|按键) $((_p + 1))/" 5 >/dev/null || break
            else
                break
            fi
        done
        check "$lang $1×$2 help: no line cut (pages with a cut line: $cut)" [ "$cut" -eq 0 ]
        case "$last" in
            *"q Esc"*) ok "$lang $1×$2 help: the last page ends with q Esc" ;;
            *) fail "$lang $1×$2 help: the last page ends with q Esc" "$last" ;;
        esac
        if [ "$1" = 160 ]; then
            check "$lang 160×45 help: one page" sh -c "printf '%s' \"\$1\" | grep -qE '(Keys|按键) — '" _ "$last"
            check "$lang 160×45 help: two columns (q Esc beside a first-column key)" \
                sh -c "printf '%s' \"\$1\" | grep -qE '^│ .*[^ │].* q Esc '" _ "$last"
        fi
        tm_keys x q
        tm_wait "[exit 0]" >/dev/null
    done
done

# ─── --stage opens the stepper on that stage ──────────────────────────────────
tm_fresh 120 40 "$A" -s by-hand --stage weights
step "--stage weights: opens on stage 10" tm_wait "stage 10/11  weights"
tm_keys q
step "--stage: q exits 0" tm_wait "[exit 0]"

finish
