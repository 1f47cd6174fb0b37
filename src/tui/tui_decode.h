// tui_decode.h — the decode walk's state, without curses: opening it (the decode of the
// trace on screen, built anew each time), closing it, and moving between its steps and
// heads. The screen is tui_screen_decode.c. Unit-tested (tests/unit/tui/test_tui_decode.c).
#ifndef ATTNTRACE_TUI_DECODE_H
#define ATTNTRACE_TUI_DECODE_H

#include <stdbool.h>

#include "tui_keys.h"
#include "tui_state.h"

// W: open the walk (false, with the reason on the status line, when it cannot: no
// --decode, or the trace is no longer causal) or close it.
bool tui_decode_toggle(TuiState *st);
// A request in the walk: n/p/g/G/1…9 move between steps, ] and [ between heads. Returns
// true when it was one of those.
bool tui_decode_move(TuiState *st, TuiRequest r, int arg);

#endif
