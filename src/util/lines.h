// lines.h — a growable list of text lines (explanations, wrapped lesson text).
#ifndef ATTNTRACE_LINES_H
#define ATTNTRACE_LINES_H

#include <stddef.h>

typedef struct {
    char **line; // owned, NUL-terminated, no newline
    size_t n;
    int failed;  // an allocation failed; the list holds what was added before
} Lines;

// Append one formatted line; on failure sets l->failed and returns -1.
int lines_addf(Lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lines_free(Lines *l);

// Format a number for people: 4 decimals in the usual range, %g beyond it, "-inf".
// buf must hold at least 32 bytes.
const char *fmt_num(char *buf, size_t size, double x);

#endif
