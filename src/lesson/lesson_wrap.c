// lesson_wrap.c — wrap a paragraph to a width in terminal columns, CJK-aware: lines
// break at spaces and between wide characters, never before closing punctuation
// ("，" "。" ")") nor after opening punctuation ("（" "(").
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "lesson.h"
#include "utf8.h"

typedef struct {
    size_t off;  // byte offset in the text
    int width;   // terminal columns
    wchar_t wc;
} Ch;

// Closing punctuation never starts a line; opening punctuation never ends one.
static bool no_start(wchar_t c)
{
    return wcschr(L",.;:!?)]}%，。、；：！？）】」』》〉…", c) != NULL && c != 0;
}
static bool no_end(wchar_t c) { return wcschr(L"([{（【「『《〈", c) != NULL && c != 0; }

bool lesson_break_between(wchar_t a, int aw, wchar_t b, int bw)
{
    if (a == L' ')
        return b != L' ';
    if (b == L' ')
        return false;
    if (aw < 2 && bw < 2)
        return false;
    return !no_start(b) && !no_end(a);
}

static bool break_before(const Ch *ch, size_t k)
{
    return lesson_break_between(ch[k - 1].wc, ch[k - 1].width, ch[k].wc, ch[k].width);
}

static int emit(Lines *out, const char *prefix, const char *text, const Ch *ch, size_t from,
                size_t to, size_t total)
{
    while (to > from && ch[to - 1].wc == L' ')
        to--;
    size_t a = from < total ? ch[from].off : strlen(text);
    size_t z = to < total ? ch[to].off : strlen(text);
    return lines_addf(out, "%s%.*s", prefix, (int)(z - a), text + a);
}

int lesson_wrap(const char *text, int width, const char *first, const char *rest, Lines *out)
{
    size_t len = strlen(text), m = 0;
    Ch *ch = malloc((len + 1) * sizeof *ch);
    if (!ch) {
        out->failed = 1;
        return -1;
    }
    for (size_t at = 0; at < len;) { // (a byte that is not UTF-8: one byte, one column)
        Utf8Char c = utf8_char(text + at, len - at);
        ch[m++] = (Ch){at, c.width, c.wc == L'\t' ? L' ' : c.wc};
        at += c.len;
    }
    int avail_first = width - utf8_width(first), avail_rest = width - utf8_width(rest);
    size_t s = 0;
    while (s < m && ch[s].wc == L' ')
        s++;
    int col = 0, avail = avail_first;
    const char *prefix = first;
    size_t brk = 0; // a place the current line may end (0: none yet)
    int rc = 0;
    for (size_t k = s; k < m && rc == 0; k++) {
        if (k > s && break_before(ch, k))
            brk = k;
        if (width > 0 && ch[k].wc != L' ' && col + ch[k].width > avail && brk > s) {
            rc = emit(out, prefix, text, ch, s, brk, m);
            s = brk;
            while (s < m && ch[s].wc == L' ')
                s++;
            prefix = rest;
            avail = avail_rest;
            brk = 0;
            col = 0;
            for (size_t j = s; j < k; j++)
                col += ch[j].width;
            if (k > s && break_before(ch, k))
                brk = k;
        }
        col += ch[k].width;
    }
    if (rc == 0 && (s < m || prefix == first))
        rc = emit(out, prefix, text, ch, s, m, m);
    free(ch);
    return rc;
}
