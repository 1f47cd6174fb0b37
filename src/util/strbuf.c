// strbuf.c — strings built on open_memstream(3), every failed write remembered.
#include <stdarg.h>
#include <stdlib.h>

#include "strbuf.h"

int strbuf_open(StrBuf *b)
{
    b->s = NULL;
    b->len = 0;
    b->failed = false;
    b->f = open_memstream(&b->s, &b->len);
    return b->f ? 0 : -1;
}

void strbuf_put(StrBuf *b, const char *text, size_t n)
{
    if (!b->failed && n > 0 && fwrite(text, 1, n, b->f) != n)
        b->failed = true;
}

void strbuf_puts(StrBuf *b, const char *text)
{
    if (!b->failed && fputs(text, b->f) == EOF)
        b->failed = true;
}

void strbuf_printf(StrBuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(b->f, fmt, ap) < 0)
        b->failed = true;
    va_end(ap);
}

char *strbuf_close(StrBuf *b)
{
    // Besides the writes' own results: the stream's error flag, and fclose, which
    // flushes. Whatever failed, the buffer (possibly partial) is ours to free.
    bool failed = b->failed || ferror(b->f);
    if (fclose(b->f) != 0)
        failed = true;
    b->f = NULL;
    if (failed || !b->s) {
        free(b->s);
        b->s = NULL;
        b->len = 0;
        return NULL;
    }
    char *s = b->s;
    b->s = NULL;
    return s;
}
