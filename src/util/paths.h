// paths.h — where the samples and lessons live, and small file helpers.
//
// The data folder is, in order: $ATTNTRACE_DATADIR; the checkout when the binary runs
// from its build/ folder (build/../samples exists); PREFIX/share/attntrace beside an
// installed binary (bin/../share/attntrace); the DATADIR compiled in by `make install`.
#ifndef ATTNTRACE_PATHS_H
#define ATTNTRACE_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

// The data folder (a static string; never NULL: falls back to the compiled-in one).
const char *data_dir(void);
// malloc'd "a/b"; NULL when out of memory.
char *path_join(const char *a, const char *b);
bool is_dir(const char *path);
bool is_file(const char *path);
// Read a small text file whole (up to max bytes) into a malloc'd, NUL-terminated string.
int read_text_file(const char *path, size_t max, char **out, AtError *e);

#endif
