// strbuf.h — a string of unknown length built with stdio on open_memstream(3): the one
// way the program builds such a string (a filled-in lesson paragraph, a row of numbers
// in a question's feedback).
//
//   StrBuf b;
//   if (strbuf_open(&b) != 0) return NULL;     // out of memory
//   strbuf_printf(&b, "%s = %g", name, x);     // a failed write is remembered
//   char *s = strbuf_close(&b);                // NULL if anything failed
//
// Write only through these functions, never to b.f directly: glibc's memory stream
// reports running out of memory only in what a write returns (a short count, EOF, -1),
// not in ferror() nor in fclose() (measured: under a 64 MiB RLIMIT_AS a 32 MiB string
// stopped short, ferror was 0, fclose returned 0 and handed back the cut string).
#ifndef ATTNTRACE_STRBUF_H
#define ATTNTRACE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    FILE *f;     // the memory stream (between strbuf_open and strbuf_close)
    char *s;     // its buffer: read it only through strbuf_close
    size_t len;  // after strbuf_close: the string's length in bytes
    bool failed; // a write came up short: strbuf_close will return NULL
} StrBuf;

// Start an empty string. -1 when out of memory (then there is nothing to close).
// b must not move while it is open: the stream writes back into b->s and b->len.
int strbuf_open(StrBuf *b);
// Append n bytes of text, a NUL-terminated text, or formatted text. After a failure
// (b->failed) they do nothing.
void strbuf_put(StrBuf *b, const char *text, size_t n);
void strbuf_puts(StrBuf *b, const char *text);
void strbuf_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
// Close the stream and return the string (malloc'd, NUL-terminated, b->len bytes; the
// caller frees it), or NULL when any write, the final flush or the close failed (out of
// memory): then the partial string has been freed and b->len is 0.
char *strbuf_close(StrBuf *b);

#endif
