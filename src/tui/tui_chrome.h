// tui_chrome.h — what surrounds every screen's matrix block, in st->layout's places: the
// header (stage, quiz, tokens, options), the text panel (tui_panel.h's lines, scrolled),
// the status line (the message, or the cell under the cursor) and the footer (keys).
#ifndef ATTNTRACE_TUI_CHROME_H
#define ATTNTRACE_TUI_CHROME_H

#include "tui_state.h"

// Draw them on stdscr for st->layout (set by the screen first). Keeps st->panel_scroll
// in range and scrolls an answer just given (st->focus) into view. 0, or -1 when memory
// ran out.
int tui_chrome_draw(TuiState *st);

#endif
