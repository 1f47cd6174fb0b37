// outdir.h — write a folder of files whole or not at all (CSV export, SVG export).
//
//   outdir_write(DIR): refuse?  →  DIR.tmp.XXXXXX  ←fill()  →  [DIR → DIR.old.XXXXXX]
//                      →  DIR.tmp.XXXXXX renamed to DIR  →  the old one removed
//
// The files are written into a temporary folder beside DIR (so the final rename stays on
// one file system), which is renamed into place only when fill() succeeded. An existing
// non-empty DIR is refused unless force is set, and even then only when it holds the
// marker file of an earlier export of the same kind (manifest.csv, index.html, ...).
// A refusal or a failure leaves DIR as it was and no temporary folder behind.
#ifndef ATTNTRACE_OUTDIR_H
#define ATTNTRACE_OUTDIR_H

#include <stdbool.h>

#include "csvio.h"
#include "err.h"

typedef struct {
    const char *marker; // the file an earlier export of this kind holds: "manifest.csv"
    const char *what;   // for messages: "export", "SVG export"
    bool force;         // replace an earlier export in DIR
} OutdirSpec;

// Write every file into tmp (an empty folder); 0, or -1 with e filled.
typedef int (*OutdirFillFn)(const char *tmp, void *ctx, AtError *e);

int outdir_write(const char *dir, const OutdirSpec *spec, OutdirFillFn fill, void *ctx,
                 AtError *e);
// DIR/file written atomically by fn (csvio_write_atomic).
int outdir_write_file(const char *dir, const char *file, CsvioWriteFn fn, void *ctx, AtError *e);

// One file into DIR (created when missing), written whole or not at all and synced;
// its path goes to path_out (size bytes). For the stepper's one-stage exports.
int outdir_write_one(const char *dir, const char *file, CsvioWriteFn fn, void *ctx,
                     char *path_out, size_t size, AtError *e);

#endif
