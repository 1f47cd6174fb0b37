// export.h — every stage as CSV in a folder, with a manifest; written whole or not at all.
//
//   DIR/manifest.csv      stage,name,file,rows,cols,formula,notes
//   DIR/01_embeddings.csv … DIR/NN_output.csv   (NN counts stages in order; with
//   --heads H, a head's stages are NN_scores.h1.csv …)
//
// The files are written into a temporary folder beside DIR (outdir.h), renamed into
// place only when every file is complete. An existing non-empty DIR is refused unless
// force is set, and even then unless it is an earlier export: a manifest.csv that is
// exactly what export writes (its header line, one record per stage) and nothing in
// the folder but the regular files it lists. Only those are removed.
#ifndef ATTNTRACE_EXPORT_H
#define ATTNTRACE_EXPORT_H

#include <stdbool.h>

#include "decode.h"
#include "err.h"
#include "trace.h"

typedef struct {
    bool force; // replace an earlier export in DIR
    bool blank; // a worksheet: every computed cell (Q onward) left empty
    bool stage_files; // with force: also replace a folder that holds nothing but this
                      // trace's stage files, as regular files (what the stepper's e writes)
    const Decode *decode; // --decode: each step's stages after the trace's, numbered on
                          // ("NN_decode.t1.q.csv" …), listed in the manifest; NULL: none
} ExportOptions;

int export_trace(const Trace *t, const char *dir, const ExportOptions *o, AtError *e);
// Would export_trace write DIR? (the same refusals, nothing written; outdir_check)
int export_check(const char *dir, const ExportOptions *o, char **target, AtError *e);
// One stage, as DIR/NN_name.csv (DIR is created when missing); the path written goes
// to path_out (size bytes).
int export_stage(const Trace *t, const Stage *s, const char *dir, char *path_out, size_t size,
                 AtError *e);
// "NN_name.csv" for the stage at position k (0-based) of the trace.
void export_file_name(const Trace *t, size_t k, char *buf, size_t size);

#endif
