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
// The folder of the message catalogues (LANG/LC_MESSAGES/attntrace.mo), a static string:
// $ATTNTRACE_LOCALEDIR; the build tree's locale/ beside the binary (build/locale); an
// installed binary's bin/../share/locale; the LOCALEDIR compiled in by `make install`.
const char *locale_dir(void);
// malloc'd "a/b"; NULL when out of memory.
char *path_join(const char *a, const char *b);
bool is_dir(const char *path);
bool is_file(const char *path);

// What a file of this mode is, for messages: "directory", "FIFO (named pipe)", ...
const char *file_kind(unsigned mode);

// Open path for reading, refusing whatever is not a regular file without ever blocking
// on it (a FIFO with no writer, a terminal): opened with O_NONBLOCK, checked with fstat
// on the descriptor, then O_NONBLOCK is cleared. Returns the descriptor; or -1 with
// "PATH: is a directory, expected WANT" (status 2), the OS's reason (status 2 for a
// missing or forbidden file, 1 for an I/O failure), or "is a symbolic link to a
// missing file". want names what was expected: "a CSV file", "a lesson file".
int open_regular(const char *path, const char *want, AtError *e);

// Read the rest of fd (a regular file from open_regular) into a malloc'd buffer with a
// NUL after the len bytes; more than max bytes is refused ("PATH: larger than ...",
// status 2), a read error is status 1. Does not close fd.
int read_fd_capped(int fd, const char *path, size_t max, char **buf, size_t *len,
                   AtError *e);

// Read a small text file whole (a regular file of at most max bytes, no NUL byte) into
// a malloc'd, NUL-terminated string; a leading UTF-8 byte-order mark is dropped.
int read_text_file(const char *path, size_t max, char **out, AtError *e);

#endif
