// tui_text.h — the stepper's text, with no curses: built-in stage descriptions,
// word wrapping and label fitting by display width (CJK characters take two columns).
// Pure functions, unit-tested without a terminal.
#ifndef ATTNTRACE_TUI_TEXT_H
#define ATTNTRACE_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "lines.h"
#include "trace.h"

// A short description of what a stage is and where its numbers come from, for the
// explanation panel when no lesson text is given. Paragraphs are separated by '\n'.
const char *tui_stage_description(StageId id);
// The description of this stage of t: with heads, which slice a head's stage uses, and
// the multi-head output; buf holds the text when it has to be composed.
const char *tui_stage_about(const Trace *t, const Stage *s, char *buf, size_t size);

// Wrap one line of text to `width` display columns, appending the pieces to out.
// Breaks at spaces; a word longer than the width is cut. A continued line keeps the
// first line's indentation plus two spaces. An empty text gives one empty line.
// Returns 0, or -1 when memory runs out (out->failed is set).
int tui_wrap(const char *text, int width, Lines *out);

// Copy text with every run of spaces after its indentation squeezed to one space (for
// aligned explain() lines that do not fit a narrow panel). Returns buf.
char *tui_squeeze(const char *text, char *buf, size_t size);

// Display width of text (CJK-aware); invalid UTF-8 counts one column per byte.
int tui_text_width(const char *text);

// Fit text into exactly `width` columns: cut with "…" when it is wider, padded with
// spaces (on the left when right-aligned) when narrower. Returns buf.
char *tui_fit_text(const char *text, int width, bool right, char *buf, size_t size);

#endif
