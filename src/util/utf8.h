// utf8.h — how many terminal columns text takes: one character at a time, or whole.
//
// The one place that measures text for a terminal (lesson wrapping, labels, padding).
// Decoding is mbrtowc's and widths are wcwidth's, so it needs a UTF-8 LC_CTYPE (main.c
// and the tests set one). A character wcwidth gives no width (a control) counts 1
// column, as does each byte that does not start a whole UTF-8 character; a combining
// mark counts 0, a CJK character 2.
#ifndef ATTNTRACE_UTF8_H
#define ATTNTRACE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

typedef struct {
    wchar_t wc;  // the character; for a byte that is not valid UTF-8, that byte's value
    size_t len;  // its bytes, at least 1
    int width;   // its columns: 0, 1 or 2
    bool valid;  // false: the bytes were not a whole UTF-8 character (len is 1)
} Utf8Char;

// The character at the start of s, reading at most n bytes (n > 0, s[0] not NUL).
// Never fails: a byte that is not valid UTF-8 comes back as itself, valid = false, so a
// loop over a string always moves on.
Utf8Char utf8_char(const char *s, size_t n);
// Columns that s takes: the sum of its characters' widths; -1 if s is not valid UTF-8.
int utf8_width(const char *s);
// Byte length of the longest prefix of s that fits in cols columns, stopping before any
// byte that is not valid UTF-8; *used (may be NULL) gets the prefix's width.
size_t utf8_fit(const char *s, int cols, int *used);

#endif
