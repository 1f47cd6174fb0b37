#!/bin/sh
# tests/e2e/tui_palette.sh — the stepper's C key cycles the palette: the heatmap's colour
# escapes change, the legend names the palette, three presses come back to the first
# (the same escapes again), and S writes the slides in the palette on the screen.
# Polls the screen; no fixed sleeps.
. "$(dirname "$0")/lib.sh"
A=$ATTNTRACE
RUN="$TMP/run"
mkdir -p "$RUN"
cd "$RUN" || exit 1
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES
ESC=$(printf '\033')

# The colours the weights grid is drawn in: the 256-colour background escapes of its
# lines, left of the panel, in order (the resets around them vary with what was drawn
# before, so only the colours are compared).
grid_e() { tm_screen_e | sed -n '4,12p' | sed 's/│.*//' | grep -o "$ESC\[[0-9;]*48;5;[0-9]*m"; }

tm_fresh 140 40 "$A" -s by-hand --stage weights
step "opens on the weights" tm_wait "weights (3×3)"
step "the legend names the default palette" tm_wait "palette: cividis"
grid_e >"$TMP/cividis"
check "the grid is drawn in colour" grep -q "$ESC\\[" "$TMP/cividis"
tm_keys C
step "C: the legend names the next palette" tm_wait "palette: viridis"
step "C: the status line says so" tm_wait "palette: viridis —"
grid_e >"$TMP/viridis"
check "C: the heatmap's colour escapes change" sh -c "! cmp -s '$TMP/cividis' '$TMP/viridis'"
tm_keys C
step "C again: projector" tm_wait "palette: projector"
grid_e >"$TMP/projector"
check "projector differs from viridis" sh -c "! cmp -s '$TMP/viridis' '$TMP/projector'"
tm_keys C
step "C a third time: back to cividis" tm_wait "palette: cividis —"
grid_e >"$TMP/again"
check "back to the first palette's escapes" cmp -s "$TMP/cividis" "$TMP/again"

# S writes the slides in the palette shown.
tm_keys C
step "C: viridis for the slides" tm_wait "palette: viridis —"
tm_keys S
step "S writes the slides" tm_wait "wrote attntrace-slides/"
check "the slides are in the palette on the screen" \
    grep -q 'data-palette="viridis"' "$RUN/attntrace-slides/01_embeddings.svg"
tm_keys q
step "q exits 0" tm_wait "[exit 0]"

# --palette projector: C goes on from it.
tm_fresh 140 40 "$A" -s by-hand --stage weights --palette projector
step "--palette projector: named in the legend" tm_wait "palette: projector"
tm_keys C
step "C from projector: the first again" tm_wait "palette: cividis —"
tm_keys q
step "q exits 0 (--palette)" tm_wait "[exit 0]"

finish
