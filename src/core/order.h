// order.h — what the options of word order did to a trace, in words for headers and
// manifests: --pos (positions added), --rope (Q and K rotated), --shuffle (the words
// reordered). Empty strings when none is on, so the classic walk reads as before.
#ifndef ATTNTRACE_ORDER_H
#define ATTNTRACE_ORDER_H

#include <stddef.h>

#include "trace.h"

// "positions: sinusoidal; RoPE: d_head = 2; words shuffled by --shuffle 7 (order 3 1 2)"
// or "" (buf of size bytes).
void order_summary(const Trace *t, char *buf, size_t size);
// The manifest's note about the order options for stage s ("" when none applies).
void order_stage_note(const Trace *t, const Stage *s, char *buf, size_t size);

#endif
