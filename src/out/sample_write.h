// sample_write.h — the Inputs written back as a sample folder, so an edited case can be
// loaded again with `-s DIR` (the stepper's w key).
//
//   DIR/sentence.txt     the sentence
//   DIR/embeddings.csv   one row per DISTINCT token, in the order of first occurrence
//   DIR/W_Q.csv W_K.csv W_V.csv
//   DIR/README.md        written by attntrace, with the options to load it with
//
// Written whole or not at all (outdir.h). An existing non-empty DIR is never replaced.
#ifndef ATTNTRACE_SAMPLE_WRITE_H
#define ATTNTRACE_SAMPLE_WRITE_H

#include <stddef.h>

#include "err.h"
#include "sample.h"
#include "trace.h"

#define SAMPLE_WRITE_DEFAULT_DIR "attntrace-sample"

// Write `in` as a sample folder at dir; `opt` goes into README.md as the command line
// that gives the same trace, `note` (may be NULL) as a line saying what was changed.
int sample_write(const Inputs *in, const TraceOptions *opt, const char *note, const char *dir,
                 AtError *e);

// The first of "BASE", "BASE-2", "BASE-3" … "BASE-99" that does not exist or is an
// empty folder (or a link to one, or a dangling link: sample_write then names it), into
// buf. Returns 0, or -1 when all of them are taken.
int sample_write_free_name(const char *base, char *buf, size_t size);

// The options that give `opt` on the command line ("--no-scale --temperature 2 ..."),
// empty for the defaults.
void sample_write_flags(const TraceOptions *opt, char *buf, size_t size);

#endif
