// err.c — filling an AtError, and escaping text for messages.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int at_fail(AtError *e, int status, const char *fmt, ...)
{
    if (e == NULL)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->status = status;
    // One line, whatever the caller passed in.
    for (char *p = e->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return -1;
}

void at_escape(char *dst, size_t size, const char *src)
{
    if (size == 0)
        return;
    size_t o = 0;
    for (const unsigned char *s = (const unsigned char *)src; *s; s++) {
        char tmp[5];
        size_t len;
        if (*s < 0x20 || *s == 0x7f) {
            snprintf(tmp, sizeof tmp, "\\x%02x", *s);
            len = 4;
        } else {
            tmp[0] = (char)*s;
            len = 1;
        }
        if (o + len >= size)
            break;
        memcpy(dst + o, tmp, len);
        o += len;
    }
    dst[o] = '\0';
}
