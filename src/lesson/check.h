// check.h — homework: compare CSV files a student filled in with the trace.
//
//   DIR/NN_name.csv or DIR/name.csv, for any subset of the stages, in the export format
//   (a worksheet from --export DIR --blank). Empty cells are "not filled in".
#ifndef ATTNTRACE_CHECK_H
#define ATTNTRACE_CHECK_H

#include <stddef.h>

#include "err.h"
#include "lines.h"
#include "trace.h"

typedef struct {
    size_t stages;  // stage files compared
    size_t cells;   // cells compared
    size_t differ;  // cells further than the tolerance from the trace
    size_t missing; // empty cells
} CheckResult;

// Read every stage file in dir (all of them, and check their labels and shapes, before
// any verdict) and compare each with t, cell by cell, within tol. Token axes may repeat
// a label (the sentence repeats a word). The report goes to out, one stage at a time:
//   scores: 9/9 cells match
//   weights: 2 of 9 cells differ
//     [it][animal]: you wrote 0.5, expected 0.8808
//       (the arithmetic of the first wrong cell, from explain())
//   output: not filled in (9 empty cells)      ← every cell empty: counted as missing
// Returns 0 when the files could be compared (look at r for the outcome), -1 with a
// status-2 error "file:line: message" when a file's labels or shape do not fit the trace
// (out then holds nothing worth printing).
int check_homework(const Trace *t, const char *dir, double tol, Lines *out, CheckResult *r,
                   AtError *e);

#endif
