// err.c — filling an AtError, and escaping text for messages.
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

// Bytes in a valid UTF-8 sequence at s (1..4), or 0 when it is not valid UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF are not valid).
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned long cp;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) // also stops at the NUL
            return 0;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

size_t at_escape_ex(char *dst, size_t size, const char *src, bool keep_tab)
{
    if (size == 0)
        return 0;
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)src;
    while (*s) {
        char tmp[9];
        size_t len, adv;
        size_t n = utf8_len(s);
        if (n == 0 || (*s < 0x20 && !(keep_tab && *s == '\t')) || *s == 0x7f) {
            snprintf(tmp, sizeof tmp, "\\x%02x", *s); // a control or a byte that is not UTF-8
            len = 4, adv = 1;
        } else if (n == 2 && s[0] == 0xC2 && s[1] <= 0x9F) { // C1 controls U+0080..U+009F
            snprintf(tmp, sizeof tmp, "\\x%02x\\x%02x", s[0], s[1]);
            len = 8, adv = 2;
        } else {
            memcpy(tmp, s, n);
            len = adv = n;
        }
        if (o + len >= size)
            break;
        memcpy(dst + o, tmp, len);
        o += len;
        s += adv;
    }
    dst[o] = '\0';
    return o;
}

void at_escape(char *dst, size_t size, const char *src)
{
    at_escape_ex(dst, size, src, false);
}

char *at_escape_dup(const char *src)
{
    size_t size = strlen(src) * 4 + 1;
    char *d = malloc(size);
    if (d)
        at_escape_ex(d, size, src, false);
    return d;
}

bool at_needs_escape(const char *src, bool keep_tab)
{
    for (const unsigned char *s = (const unsigned char *)src; *s;) {
        size_t n = utf8_len(s);
        if (n == 0 || (*s < 0x20 && !(keep_tab && *s == '\t')) || *s == 0x7f ||
            (n == 2 && s[0] == 0xC2 && s[1] <= 0x9F))
            return true;
        s += n;
    }
    return false;
}

int at_fail(AtError *e, int status, const char *fmt, ...)
{
    if (e == NULL)
        return -1;
    char raw[sizeof e->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    e->status = status;
    // One line of text, whatever the caller passed in: a file name or option value with
    // a newline, an escape sequence or bytes that are not UTF-8 is shown escaped.
    at_escape(e->msg, sizeof e->msg, raw);
    return -1;
}
