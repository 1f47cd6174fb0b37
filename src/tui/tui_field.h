// tui_field.h — a one-line text field with no curses: the stepper's answer box. The
// text is UTF-8 (Chinese answers included), the cursor sits on a character boundary,
// edits work by whole characters, and the view scrolls by display width so the cursor
// is always on screen. Pure functions, unit-tested (tests/unit/test_tui_field.c).
#ifndef ATTNTRACE_TUI_FIELD_H
#define ATTNTRACE_TUI_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#define TUI_FIELD_MAX 256 // bytes, the terminating NUL included

typedef struct {
    char text[TUI_FIELD_MAX]; // UTF-8, NUL-terminated
    size_t len;               // bytes in text
    size_t cur;               // the cursor: a byte offset on a character boundary
    size_t limit;             // the most bytes it holds, below TUI_FIELD_MAX (0: no less)
} TuiField;

// An empty field holding at most `limit` bytes (0: TUI_FIELD_MAX - 1).
void tui_field_init(TuiField *f, size_t limit);
// Empty the field (its limit stays).
void tui_field_clear(TuiField *f);
// Hold at most `bytes` bytes of text from now on (a number needs fewer than 64); text
// already longer is cut at a character boundary.
void tui_field_limit(TuiField *f, size_t bytes);
// Insert the character with code point cp at the cursor. False (and nothing changes)
// for control characters, surrogates, code points past U+10FFFF, or a full field.
bool tui_field_insert(TuiField *f, unsigned long cp);
// Remove the character before (backspace) or at (delete) the cursor; false if none.
bool tui_field_backspace(TuiField *f);
bool tui_field_delete(TuiField *f);
// Cursor moves by one character, or to either end.
void tui_field_left(TuiField *f);
void tui_field_right(TuiField *f);
void tui_field_home(TuiField *f);
void tui_field_end(TuiField *f);

// What to show in `width` columns: the text from byte *first, *bytes long, with the
// cursor at column *cursor_col (always < width, so a cursor at the end has its cell).
// A wide character is never cut in half.
void tui_field_view(const TuiField *f, int width, size_t *first, size_t *bytes,
                    int *cursor_col);

#endif
