// err.h — the error every module returns instead of printing or exiting.
//
// A failing function fills an AtError with an exit status and a one-line message
// and returns -1; main.c prints "attntrace: <msg>" and exits with the status.
#ifndef ATTNTRACE_ERR_H
#define ATTNTRACE_ERR_H

#include <stdbool.h>
#include <stddef.h>

enum {
    AT_OK = 0,       // success
    AT_ERUNTIME = 1, // runtime or I/O failure (disk full, out of memory, ...)
    AT_EINPUT = 2,   // bad usage or bad input (options, CSV, sentence)
    AT_EDIFFER = 3,  // --check: some cells differ from the trace
};

typedef struct {
    int status;     // one of the AT_E* values above
    char msg[1024]; // one line, no trailing newline
} AtError;

// Fill e (when not NULL) and return -1, so callers can `return at_fail(...)`.
int at_fail(AtError *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

// Copy text into a fixed buffer with control characters (C0, DEL, and C1 written as
// UTF-8) and bytes that are not valid UTF-8 shown as \xNN, so that a hostile token or
// file name can never send escape sequences or garbage to the terminal. Cut short (at a
// character boundary) when it does not fit. at_fail applies it to every message.
void at_escape(char *dst, size_t size, const char *src);
// The same, optionally keeping tabs; returns the length written.
size_t at_escape_ex(char *dst, size_t size, const char *src, bool keep_tab);
// A malloc'd escaped copy (NULL when out of memory).
char *at_escape_dup(const char *src);
// Would at_escape change src?
bool at_needs_escape(const char *src, bool keep_tab);

#endif
