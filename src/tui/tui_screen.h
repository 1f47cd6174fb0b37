// tui_screen.h — the stepper's screens, each with its draw and its key function (ncdu's
// way: one file per screen), and the dispatcher in tui.c that picks one.
//
//   view (one of)       stepper   the matrix view: operands · result, panel, chrome
//                       compare   explore's x view: before · after · after − before
//                       decode    --decode's walk (C): one step of the KV cache
//   over it (at most    help      the key table, a page at a time
//   one; it takes       final     the quiz's final score (q with --quiz)
//   every key)          answer    the answer box (A)
//                       edit      the edit field over the status line (=)
//   instead of all      small     "this terminal is too small"
//
// A draw function draws on stdscr (erased by the dispatcher; the caller refreshes) and
// returns 0, or -1 when memory ran out. The views set st->layout; what is over a view
// draws after it. Screens call the widgets (tui_widgets.h, tui_chrome.h) and the state
// (tui_state.h, tui_explore.h), never each other and never the dispatcher.
#ifndef ATTNTRACE_TUI_SCREEN_H
#define ATTNTRACE_TUI_SCREEN_H

#include "tui_keys.h"
#include "tui_state.h"

typedef struct {
    int (*draw)(TuiState *st, int cols, int rows);
    // NULL: takes no keys of its own (too small: the keys go to the screen it hides, so q
    // still quits and nothing is lost while the terminal is being resized).
    void (*key)(TuiState *st, TuiPress p);
} TuiScreen;

int tui_stepper_draw(TuiState *st, int cols, int rows);
// The stepper's keys (the compare view's too): the key table's requests.
void tui_stepper_key(TuiState *st, TuiPress p);

int tui_compare_draw(TuiState *st, int cols, int rows);

// --decode's walk (C): step t's new q_t, k_t, v_t, the cache growing, the score row, its
// weights and output row t beside row t of the causal run; n/p steps, [ ] heads.
int tui_decode_draw(TuiState *st, int cols, int rows);
void tui_decode_key(TuiState *st, TuiPress p);

// The vocabulary view (v on the embeddings stage, tui_vocab.h).
int tui_vocab_draw(TuiState *st, int cols, int rows);
void tui_vocab_key(TuiState *st, TuiPress p);

int tui_help_draw(TuiState *st, int cols, int rows);
void tui_help_key(TuiState *st, TuiPress p);

int tui_final_draw(TuiState *st, int cols, int rows);
void tui_final_key(TuiState *st, TuiPress p);

int tui_answer_draw(TuiState *st, int cols, int rows);
void tui_answer_key(TuiState *st, TuiPress p);

int tui_edit_draw(TuiState *st, int cols, int rows);
void tui_edit_key(TuiState *st, TuiPress p);

int tui_small_draw(TuiState *st, int cols, int rows);

// The dispatcher (tui.c; its other half gives each key to the screen that takes it).
// One whole frame of the screens now on (the caller refreshes once): the view and what
// is over it, or the too-small screen.
int tui_frame(TuiState *st);

// After newterm, before the first frame: the stepper's terminal modes, its colors (the
// best the terminal offers within st->o->color_cap) and its way of writing (tui.c).
void tui_screen_setup(TuiState *st);

#endif
