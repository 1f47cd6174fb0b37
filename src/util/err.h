// err.h — the error every module returns instead of printing or exiting.
//
// A failing function fills an AtError with an exit status and a one-line message
// and returns -1; main.c prints "attntrace: <msg>" and exits with the status (an empty
// message, from at_close_stream on a closed pipe, exits quietly).
#ifndef ATTNTRACE_ERR_H
#define ATTNTRACE_ERR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

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
// The message is escaped (at_escape) and always fits msg with its end intact: when the
// line is too long, the longest %s arguments (paths, labels, option values) lose their
// middle to "…" until it fits, so the reason after them is never cut. Every printf
// conversion but %n works; the format is checked by the compiler as usual.
int at_fail(AtError *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

// Flush and close f (standard output, at the end of main), and report a failed write
// anywhere on it with the OS's reason: "writing WHAT: No space left on device", status 1.
// A reader that has gone (EPIPE, `| head`) is status 1 with an empty message: quiet.
int at_close_stream(FILE *f, const char *what, AtError *e);

// Copy text into a fixed buffer with control characters (C0, DEL, and C1 written as
// UTF-8) and bytes that are not valid UTF-8 shown as \xNN, and the bidirectional
// controls (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C, which reorder the
// rest of a line on screen) shown as \uXXXX, so that a hostile token or file name can
// never send escape sequences, reversed text or garbage to the terminal. Cut short (at a
// character boundary) when it does not fit. at_fail applies it to every message.
void at_escape(char *dst, size_t size, const char *src);
// The same, optionally keeping tabs; returns the length written.
size_t at_escape_ex(char *dst, size_t size, const char *src, bool keep_tab);
// A malloc'd escaped copy (NULL when out of memory).
char *at_escape_dup(const char *src);
// Write src to f escaped like at_escape, whatever its length (no buffer, no allocation).
void at_put_escaped(FILE *f, const char *src);
// Would at_escape change src?
bool at_needs_escape(const char *src, bool keep_tab);
// Is the code point one of the bidirectional controls at_escape shows as \uXXXX?
bool at_is_bidi_control(unsigned long cp);

#endif
