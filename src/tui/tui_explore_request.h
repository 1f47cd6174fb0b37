// tui_explore_request.h — the explore keys (s m t T d D x = u w S) on the stepper's state,
// with no terminal: each asks the explore mode (tui_explore.h) for a change, and on
// success the state follows the rebuilt trace (the same stage by name, the cursor
// clamped, scroll offsets kept) and the status line says what changed; on failure the
// status line says why and nothing changes.
#ifndef ATTNTRACE_TUI_EXPLORE_REQUEST_H
#define ATTNTRACE_TUI_EXPLORE_REQUEST_H

#include <stddef.h>

#include "tui_explore.h"
#include "tui_keys.h"
#include "tui_state.h"

// Carry out an explore request (REQ_SCALE … REQ_SLIDES) on st->ex (none: a message).
void tui_explore_request(TuiState *st, TuiRequest r);
// The edit field's text was accepted: parse, apply, rebuild.
void tui_explore_edit_accept(TuiState *st);
// The user stepped from stage position from_k to another stage: its marks go.
void tui_explore_stepped(TuiState *st, size_t from_k);

#endif
