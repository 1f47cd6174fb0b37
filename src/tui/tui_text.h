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

// Wrap one line of text (its display form) to `width` display columns, appending the
// pieces to out.
// Breaks at spaces; a word longer than the width is cut. A continued line keeps the
// first line's indentation plus two spaces. An empty text gives one empty line.
// Returns 0, or -1 when memory runs out (out->failed is set).
int tui_wrap(const char *text, int width, Lines *out);

// Copy text with every run of spaces after its indentation squeezed to one space (for
// aligned explain() lines that do not fit a narrow panel). Returns buf.
char *tui_squeeze(const char *text, char *buf, size_t size);

// The display form of text: what the stepper sends to the terminal. Controls (C0, DEL,
// C1), bytes that are not UTF-8 and the bidirectional controls (U+202A–U+202E,
// U+2066–U+2069, U+200E, U+200F, U+061C: they would reorder the rest of a row on a
// terminal that does bidi) are shown escaped, by at_escape (err.h): "\x1b", "\u202E".
// Everything that measures, fits, wraps or draws text uses this form.
// Does text need it?
bool tui_text_unsafe(const char *text);
// text itself when it is safe, else its display form in buf (cut before the first
// character, or a character's escapes, that does not fit size).
const char *tui_text_display(const char *text, char *buf, size_t size);
// The display form, malloc'd (NULL when out of memory).
char *tui_text_display_dup(const char *text);

// Display width of text's display form (CJK-aware; an escape is as wide as it is long).
int tui_text_width(const char *text);

// Fit text's display form into exactly `width` columns: cut with "…" when it is wider,
// padded with spaces (on the left when right-aligned) when narrower. Returns buf.
char *tui_fit_text(const char *text, int width, bool right, char *buf, size_t size);

// The header's note on the words that are not in the vocabulary: "not in the
// vocabulary: glorp* blix*" for `words` (escaped, separated by single spaces, as
// inputs_unknown_words gives them), each marked *, in at most width display columns:
// the words that do not fit are counted instead, "not in the vocabulary: glorp* … +3".
// Returns the columns used; 0 (buf empty) when there are no words or not even
// "not in the vocabulary: … +N" fits.
int tui_unknown_note(const char *words, int width, char *buf, size_t size);

// Drop a character cut short at the end of s (snprintf cuts by bytes, not characters).
void tui_text_trim_cut(char *s);

#endif
