// outdir.h — write a folder of files whole or not at all (CSV export, SVG export, sample).
//
//   outdir_write(DIR): resolve DIR → refuse? → DIR.tmp.XXXXXX ←fill() → swap it with DIR
//                      → the earlier export's own files unlinked, its folder removed
//
// DIR is resolved first: a symbolic link means the folder it points to (the link stays;
// a dangling link is an error), missing parents are created (mode from the umask), and
// "", ".", "..", "/" are refused as usage errors. The files are written into a temporary
// folder beside the resolved DIR (so the final rename stays on one file system), which
// takes DIR's place only when fill() succeeded.
//
// An existing non-empty DIR is refused unless force is set, and even then only when it
// is recognisably an earlier export of the same kind: its marker file (manifest.csv,
// index.html) is a regular file that spec->recognise accepts, and every entry of the
// folder is a regular file (not a link, not a folder) that the marker lists. Only those
// files are unlinked, then the folder rmdir'ed: nothing is removed recursively, no link
// is followed. Anything else in the folder is named in the refusal (exit status 2).
//
// SIGINT, SIGTERM, SIGHUP and SIGQUIT while writing: the handler only notes the signal;
// the next file is not started, the temporary folder is removed, and the signal is
// raised again with the handler that was there before (the default: the process ends
// with the signal's usual status). A refusal, a failure or a signal leaves DIR as it
// was and nothing named DIR.tmp.* behind.
#ifndef ATTNTRACE_OUTDIR_H
#define ATTNTRACE_OUTDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "csvio.h"
#include "err.h"

// The files an earlier export lists in its marker file, when text (len bytes, followed
// by a NUL) is exactly what this kind of export writes there: a malloc'd NULL-terminated
// array of malloc'd names (outdir_names_free). NULL when it is not.
typedef char **(*OutdirRecogniseFn)(const char *text, size_t len);

typedef struct {
    const char *what;            // for messages: "export", "SVG export", "sample"
    const char *marker;          // the file an earlier export holds; NULL: never replaced
    OutdirRecogniseFn recognise; // reads the marker's content
    char *const *loose;          // NULL, or (NULL-terminated) files that force may also
                                 // replace in a folder without a marker, when it holds
                                 // nothing else (the stepper's E after e)
    bool force;                  // replace an earlier export in DIR
} OutdirSpec;

// Write every file into tmp (an empty folder); 0, or -1 with e filled.
typedef int (*OutdirFillFn)(const char *tmp, void *ctx, AtError *e);

int outdir_write(const char *dir, const OutdirSpec *spec, OutdirFillFn fill, void *ctx,
                 AtError *e);
// The same decisions as outdir_write, writing nothing: 0 when DIR may be written (its
// resolved absolute path goes to *target when target is not NULL; free it), -1 with e
// filled when outdir_write would refuse. So that a run writing two folders can refuse
// before writing either.
int outdir_check(const char *dir, const OutdirSpec *spec, char **target, AtError *e);
// DIR/file written by fn (inside a folder being filled; no fsync). Refused once a
// signal asked the writer to stop.
int outdir_write_file(const char *dir, const char *file, CsvioWriteFn fn, void *ctx, AtError *e);

// One file into DIR (resolved as above; created when missing), written whole or not at
// all and synced; "DIR/file" goes to path_out (size bytes). For the stepper's
// one-stage exports.
int outdir_write_one(const char *dir, const char *file, CsvioWriteFn fn, void *ctx,
                     char *path_out, size_t size, AtError *e);

// Names lists for the recognisers: append a copy of name (false when out of memory: the
// list is freed and *names set to NULL), and free a list.
bool outdir_names_add(char ***names, size_t *n, const char *name);
void outdir_names_free(char **names);

#endif
