// explain.h — the arithmetic behind one cell of one stage, with the real numbers,
// as lines of text. Shared by print mode, the stepper, --check and the tests.
#ifndef ATTNTRACE_EXPLAIN_H
#define ATTNTRACE_EXPLAIN_H

#include "err.h"
#include "lines.h"
#include "trace.h"

// Lines explaining s->m[i][j] (0-based). Fails only when i or j is out of range
// (status 2) or memory runs out (status 1).
int explain(const Trace *t, const Stage *s, size_t i, size_t j, Lines *out, AtError *e);

#endif
