// tui_keys.h — the stepper's one key table: key code → named request, with the help
// text. The screens bind from it, and the `?` overlay and the footer are generated from
// it, so what the screen says is always what the keys do. Also: a key as curses gave it,
// and the keys of a text field (the answer box, the edit field), so both edit alike.
#ifndef ATTNTRACE_TUI_KEYS_H
#define ATTNTRACE_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "tui_field.h"

typedef enum {
    REQ_NONE,
    REQ_NEXT, REQ_PREV, REQ_FIRST, REQ_LAST, REQ_JUMP,
    REQ_UP, REQ_DOWN, REQ_LEFT, REQ_RIGHT,
    REQ_INSPECT, REQ_PANEL_DOWN, REQ_PANEL_UP, REQ_HEAD_NEXT, REQ_HEAD_PREV, REQ_ANSWER,
    REQ_WIDER, REQ_NARROWER, REQ_ZOOM, REQ_PRESENT,
    REQ_EXPORT_STAGE, REQ_EXPORT_ALL,
    REQ_AUTOPLAY, REQ_COLOR, REQ_PALETTE, REQ_VOCAB, REQ_HELP, REQ_QUIT,
    // explore mode (tui_explore.c): what-if toggles, edits, undo, compare, writing
    REQ_SCALE, REQ_MASK, REQ_TEMP_DOWN, REQ_TEMP_UP, REQ_DK_DOWN, REQ_DK_UP,
    REQ_COMPARE, REQ_EDIT, REQ_UNDO, REQ_WRITE_SAMPLE, REQ_SLIDES,
    REQ_ROPE, REQ_ORDER, // word order: RoPE on/off; the words reordered, compared
    REQ_DECODE, // --decode: the decode walk on and off (tui_decode.h)
    REQ_MOUSE, REQ_RESIZE, // from the terminal, not typed
} TuiRequest;

typedef struct {
    int key;            // a character or a curses KEY_* code
    TuiRequest req;
    int arg;            // REQ_JUMP: the stage position (0-based); REQ_ZOOM: +1 in, -1 out
    const char *label;  // the key as shown ("n", "Space", "PgDn"); NULL: not listed
    const char *help;   // the request's help line (on its first key only)
    const char *footer; // the request's short footer text (on one key only), or NULL
} TuiKey;

// The whole table, in help order.
const TuiKey *tui_keys(size_t *count);
// The binding of a key, or NULL when it has none.
const TuiKey *tui_key_find(int key);

// A key as get_wch gave it: a KEY_* code (code: KEY_CODE_YES) or a character.
typedef struct {
    bool code;
    wint_t wc;
} TuiPress;
// What tui_key_find looks up for it: the KEY_* code or the ASCII character. Keys are
// bound to those only; any other character (é, 猫) gives TUI_KEY_OTHER, so it is never
// taken for the KEY_* code with the same number.
#define TUI_KEY_OTHER (-2)
int tui_press_key(TuiPress p);
// Is it this KEY_* code (KEY_RESIZE, KEY_MOUSE)?
bool tui_press_is(TuiPress p, int key_code);

// One key for a text field: edit it, or say it submits (Enter), cancels (Esc) or does
// not fit (full). A mouse event is taken from curses and dropped.
typedef enum { TUI_FIELD_EDITED, TUI_FIELD_SUBMIT, TUI_FIELD_CANCEL, TUI_FIELD_FULL } TuiFieldKey;
TuiFieldKey tui_field_key(TuiField *f, TuiPress p);

#endif
