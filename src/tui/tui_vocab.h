// tui_vocab.h — the vocabulary view (v), with no curses: on the embeddings stage (or the
// source's), what `--vocab` prints for the sentence — where the rows come from, what each
// dimension means, each token's row and how it was found — as lines the screen
// (tui_screen_vocab.c) pages through.
#ifndef ATTNTRACE_TUI_VOCAB_H
#define ATTNTRACE_TUI_VOCAB_H

#include <stdbool.h>

#include "sample.h"
#include "tui_state.h"

// Opens the view on in's words (st->vocab holds its lines) and returns true; false with
// the reason on the status line: another stage is shown, there are no inputs, the
// sample's dimensions.csv is broken, or memory ran out. `own`: the embeddings are the
// sample's own (not -e), so its dimensions.csv may say what each dimension means.
bool tui_vocab_open(TuiState *st, const Inputs *in, bool own);
void tui_vocab_close(TuiState *st);

#endif
