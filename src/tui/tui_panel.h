// tui_panel.h — the lines of the stepper's text panel, with no curses: the stage's
// explanation (the lesson's section with its questions and their verdicts, or the
// built-in description) and the inspector (explain() for the cell). The chrome
// (tui_chrome.c) wraps nothing itself: it draws these lines, scrolled.
#ifndef ATTNTRACE_TUI_PANEL_H
#define ATTNTRACE_TUI_PANEL_H

#include <stddef.h>

#include "lines.h"
#include "tui_state.h"

// A panel line that starts with this marker is a heading. It is a private-use character
// (U+E000), not a control, so lines_addf's escaping of controls leaves it alone.
#define TUI_HEADING "\xEE\x80\x80"
#define TUI_HEADING_LEN 3

// The stage's explanation wrapped to w columns: with a lesson its title, the intro (at
// the first stage), this stage's section (or the built-in description), its questions,
// and at the last stage the end section and the score; without one, the built-in
// description. *focus_from and *focus_to get the lines of the question in st->focus when
// it is among them (else they are left alone). 0, or -1 when memory ran out.
int tui_panel_about(const TuiState *st, int w, Lines *out, int *focus_from, int *focus_to);
// The inspector wrapped to w: where the cell's number comes from (explain()), or how
// to open it. 0 or -1.
int tui_panel_inspector(const TuiState *st, int w, Lines *out);
// "score: 4/9 (5 not answered)", in the lesson's language.
void tui_score_text(const TuiState *st, char *buf, size_t size);

#endif
