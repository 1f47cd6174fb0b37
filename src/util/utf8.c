// utf8.c — terminal widths of UTF-8 text (mbrtowc and wcwidth, see utf8.h).
#include <string.h>

#include "utf8.h"

Utf8Char utf8_char(const char *s, size_t n)
{
    unsigned char b = (unsigned char)s[0];
    if (b < 0x80) // ASCII needs no decoding; a control (wcwidth -1) counts 1 like the rest
        return (Utf8Char){(wchar_t)b, 1, 1, b != 0};
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t k = mbrtowc(&wc, s, n, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) // invalid, cut short, or NUL
        return (Utf8Char){(wchar_t)b, 1, 1, false};
    int w = wcwidth(wc);
    return (Utf8Char){wc, k, w < 0 ? 1 : w, true};
}

int utf8_width(const char *s)
{
    size_t len = strlen(s);
    int w = 0;
    for (size_t at = 0; at < len;) {
        Utf8Char c = utf8_char(s + at, len - at);
        if (!c.valid)
            return -1;
        w += c.width;
        at += c.len;
    }
    return w;
}

size_t utf8_fit(const char *s, int cols, int *used)
{
    size_t len = strlen(s), at = 0;
    int w = 0;
    while (at < len) {
        Utf8Char c = utf8_char(s + at, len - at);
        if (!c.valid || w + c.width > cols)
            break;
        w += c.width;
        at += c.len;
    }
    if (used)
        *used = w;
    return at;
}
