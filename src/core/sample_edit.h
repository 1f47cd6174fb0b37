// sample_edit.h — inputs that change while the stepper runs (what-if edits): a deep
// copy of the Inputs, and the edit of one embedding number, which changes the vector of
// the token everywhere it occurs (it is the token's embedding, not the position's).
#ifndef ATTNTRACE_SAMPLE_EDIT_H
#define ATTNTRACE_SAMPLE_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "sample.h"

// dst = a deep copy of src (every string and matrix owned by dst); 0, or -1 with e.
int inputs_copy(Inputs *dst, const Inputs *src, AtError *e);
// X[k][d] = value for every row k whose token is the token of row i (exact text).
// Returns how many rows changed (≥ 1), or 0 when i or d is out of range.
size_t inputs_set_embedding(Inputs *in, size_t i, size_t d, double value);
// Does row k of X (src false) or of X_src (src true) hold the token of row i of X: the
// rows inputs_set_embedding(in, i, …) changes?
bool inputs_embedding_row(const Inputs *in, size_t i, bool src, size_t k);
// How many rows of X hold the token of row i (1 when it occurs once).
size_t inputs_token_count(const Inputs *in, size_t i);

#endif
