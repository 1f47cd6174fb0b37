// err.c — filling an AtError, escaping text for messages, closing standard output.
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "err.h"
#include "i18n.h"

// Bytes in a valid UTF-8 sequence at s (1..4), or 0 when it is not valid UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF are not valid); *cp gets the code point.
static size_t utf8_decode(const unsigned char *s, unsigned long *cp_out)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp_out = c;
        return 1;
    }
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
    *cp_out = cp;
    return n;
}

bool at_is_bidi_control(unsigned long cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C;
}

// One character of src as it is shown: into tmp (at least 16 bytes), its length returned,
// the bytes of src it stands for in *adv. Controls (C0 but a kept tab, DEL) and bytes
// that are not UTF-8 become \xNN, C1 controls \xc2\xNN, bidirectional controls \uXXXX.
static size_t escape_unit(const unsigned char *s, bool keep_tab, char *tmp, size_t *adv)
{
    unsigned long cp = 0;
    size_t n = utf8_decode(s, &cp);
    if (n == 0 || (*s < 0x20 && !(keep_tab && *s == '\t')) || *s == 0x7f) {
        snprintf(tmp, 16, "\\x%02x", *s); // a control or a byte that is not UTF-8
        *adv = 1;
        return 4;
    }
    if (cp >= 0x80 && cp <= 0x9F) { // C1 controls, written as UTF-8 C2 80..C2 9F
        snprintf(tmp, 16, "\\x%02x\\x%02x", s[0], s[1]);
        *adv = 2;
        return 8;
    }
    if (at_is_bidi_control(cp)) { // U+202E and its kin would reorder the rest of the line
        snprintf(tmp, 16, "\\u%04lX", cp);
        *adv = n;
        return 6;
    }
    memcpy(tmp, s, n);
    *adv = n;
    return n;
}

size_t at_escape_ex(char *dst, size_t size, const char *src, bool keep_tab)
{
    if (size == 0)
        return 0;
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)src;
    while (*s) {
        char tmp[16];
        size_t adv, len = escape_unit(s, keep_tab, tmp, &adv);
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
    size_t size = strlen(src) * 6 + 1; // the longest escape: 3 bytes → \uXXXX
    char *d = malloc(size);
    if (d)
        at_escape_ex(d, size, src, false);
    return d;
}

void at_put_escaped(FILE *f, const char *src)
{
    for (const unsigned char *s = (const unsigned char *)src; *s;) {
        char tmp[16];
        size_t adv, len = escape_unit(s, false, tmp, &adv);
        fwrite(tmp, 1, len, f);
        s += adv;
    }
}

bool at_needs_escape(const char *src, bool keep_tab)
{
    for (const unsigned char *s = (const unsigned char *)src; *s;) {
        if (*s >= 0x20 && *s < 0x7f) { // printable ASCII is never escaped (the usual case)
            s++;
            continue;
        }
        char tmp[16];
        size_t adv, len = escape_unit(s, keep_tab, tmp, &adv);
        if (len != adv || memcmp(tmp, s, len) != 0)
            return true;
        s += adv;
    }
    return false;
}

// ─── at_fail: the message, with long arguments shortened in the middle ──────────────
//
// The format is taken apart into pieces: runs of its own text, and one piece per
// conversion. A %s argument (a path, a label, an option's value, an earlier message)
// may be shortened: when the whole line does not fit in AtError.msg, the longest of them
// lose their middle to "…" until it does, so the text after them (the reason) stays.

#define PIECES_MAX 64 // conversions and runs of text in one format; formats have far fewer

typedef struct {
    const char *s; // the text (NUL-terminated unless n says less)
    size_t n;      // its bytes
    bool arg;      // a %s argument: may lose its middle
    size_t pad;    // %Ns, %-Ns: spaces before (or, left-aligned, after) the text
    bool left;
    size_t shown;  // its escaped length, padding included
    char num[64];  // a number or a character, formatted
} Piece;

static size_t escaped_len(const char *s, size_t n)
{
    size_t total = 0;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end && *p) {
        char tmp[16];
        size_t adv;
        total += escape_unit(p, false, tmp, &adv);
        p += adv;
    }
    return total;
}

// The message being assembled; once a unit does not fit, nothing more is added.
typedef struct {
    char *d;
    size_t size, o;
    bool full;
} Out;

static void put(Out *out, const char *text, size_t len)
{
    if (out->full || out->o + len >= out->size) {
        out->full = true;
        return;
    }
    memcpy(out->d + out->o, text, len);
    out->o += len;
    out->d[out->o] = '\0';
}

static void put_spaces(Out *out, size_t count)
{
    for (; count > 0; count--)
        put(out, " ", 1);
}

// Append the escaped piece: whole when it fits in `budget` bytes, else its first ~2/5
// and last ~3/5 around "…" (a file's name is at the end of its path).
static void put_piece(Out *out, const Piece *p, size_t budget)
{
    const unsigned char *s = (const unsigned char *)p->s, *end = s + p->n;
    size_t text = p->shown - p->pad;
    size_t head = text, tail_from = text; // escaped offsets kept: [0, head) and [tail_from, text)
    if (p->shown > budget) {
        size_t room = budget > 3 + p->pad ? budget - 3 - p->pad : 0;
        head = room * 2 / 5;
        tail_from = text - (room - head);
    }
    if (!p->left)
        put_spaces(out, p->pad);
    size_t at = 0; // escaped offset of the next unit
    bool marked = false;
    while (s < end && *s) {
        char tmp[16];
        size_t adv, len = escape_unit(s, false, tmp, &adv);
        bool keep = at + len <= head || at >= tail_from;
        if (!keep && !marked)
            put(out, "…", 3);
        marked |= !keep;
        if (keep)
            put(out, tmp, len);
        at += len;
        s += adv;
    }
    if (p->left)
        put_spaces(out, p->pad);
}

// One conversion other than %s, into p->num. spec is "%...C" as written in the format,
// which the compiler has checked against the arguments (at_fail's format attribute);
// a '*' width or precision was already taken from ap and is passed again here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void format_number(Piece *p, const char *spec, char conv, const char *len, va_list *ap,
                          const int *star, int nstar)
{
    char *b = p->num;
    size_t sz = sizeof p->num;
#define FMT(T)                                                                                 \
    do {                                                                                       \
        T v = va_arg(*ap, T);                                                                  \
        if (nstar == 2)                                                                        \
            snprintf(b, sz, spec, star[0], star[1], v);                                        \
        else if (nstar == 1)                                                                   \
            snprintf(b, sz, spec, star[0], v);                                                 \
        else                                                                                   \
            snprintf(b, sz, spec, v);                                                          \
    } while (0)
    bool ll = strcmp(len, "ll") == 0, l = strcmp(len, "l") == 0, z = strcmp(len, "z") == 0,
         j = strcmp(len, "j") == 0, t = strcmp(len, "t") == 0, L = strcmp(len, "L") == 0;
    switch (conv) {
    case 'd': case 'i':
        if (ll) FMT(long long);
        else if (l) FMT(long);
        else if (z) FMT(ssize_t);
        else if (j) FMT(intmax_t);
        else if (t) FMT(ptrdiff_t);
        else FMT(int); // also hh and h: promoted to int
        break;
    case 'u': case 'o': case 'x': case 'X':
        if (ll) FMT(unsigned long long);
        else if (l) FMT(unsigned long);
        else if (z) FMT(size_t);
        else if (j) FMT(uintmax_t);
        else if (t) FMT(ptrdiff_t);
        else FMT(unsigned);
        break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
        if (L) FMT(long double);
        else FMT(double);
        break;
    case 'c': FMT(int); break;
    case 'p': FMT(void *); break;
    default: b[0] = '\0'; break; // %n, %ls and the like: never in a message
    }
#undef FMT
}
#pragma GCC diagnostic pop

static int digits(const char **f)
{
    int v = 0;
    for (; **f >= '0' && **f <= '9'; (*f)++)
        v = v < 100000 ? v * 10 + (**f - '0') : v;
    return v;
}

// Split fmt into pieces, taking the arguments from ap. Returns the number of pieces.
static size_t split_format(const char *fmt, va_list *ap, Piece *pc)
{
    size_t n = 0;
    const char *f = fmt;
    while (*f && n < PIECES_MAX) {
        Piece *p = &pc[n++];
        *p = (Piece){.s = f};
        if (*f != '%' || f[1] == '%') { // a run of the format's own text ("%%" gives '%')
            if (*f == '%') {
                p->n = 1;
                f += 2;
                continue;
            }
            while (f[p->n] && f[p->n] != '%')
                p->n++;
            f += p->n;
            continue;
        }
        // %[flags][width][.precision][length]conversion
        const char *start = f++;
        int star[2], nstar = 0, width = 0, prec = -1;
        bool left = false;
        for (; *f && strchr("-+ #0'", *f); f++)
            left |= *f == '-';
        if (*f == '*') {
            width = star[nstar++] = va_arg(*ap, int);
            f++;
        } else {
            width = digits(&f);
        }
        if (*f == '.') {
            f++;
            if (*f == '*') {
                prec = star[nstar++] = va_arg(*ap, int);
                f++;
            } else {
                prec = digits(&f);
            }
        }
        char len[3] = "";
        for (size_t k = 0; *f && strchr("hlzjtL", *f) && k < 2; k++)
            len[k] = *f++;
        char conv = *f ? *f++ : '\0';
        if (conv == 's') {
            const char *s = va_arg(*ap, const char *);
            p->s = s ? s : "(null)";
            p->n = prec >= 0 ? strnlen(p->s, (size_t)prec) : strlen(p->s); // %.Ns: N bytes
            p->arg = true;
            left |= width < 0;
            size_t w = width < 0 ? (size_t)-(long)width : (size_t)width;
            p->pad = w > p->n ? w - p->n : 0;
            p->left = left;
        } else {
            char spec[32];
            size_t k = (size_t)(f - start) < sizeof spec - 1 ? (size_t)(f - start) : sizeof spec - 1;
            memcpy(spec, start, k);
            spec[k] = '\0';
            format_number(p, spec, conv, len, ap, star, nstar);
            p->s = p->num;
            p->n = strlen(p->num);
        }
    }
    return n;
}

int at_fail(AtError *e, int status, const char *fmt, ...)
{
    if (e == NULL)
        return -1;
    Piece pc[PIECES_MAX];
    va_list ap;
    va_start(ap, fmt);
    size_t n = split_format(fmt, &ap, pc);
    va_end(ap);

    // What the line would take escaped; if it is too long, the cap on the %s arguments.
    size_t room = sizeof e->msg - 1, fixed = 0, args = 0, longest = 0;
    for (size_t k = 0; k < n; k++) {
        pc[k].shown = escaped_len(pc[k].s, pc[k].n) + pc[k].pad;
        if (pc[k].arg) {
            args += pc[k].shown;
            longest = pc[k].shown > longest ? pc[k].shown : longest;
        } else {
            fixed += pc[k].shown;
        }
    }
    size_t cap = longest;
    if (fixed + args > room) {
        // The largest cap with fixed + Σ min(shown, cap) ≤ room, by bisection.
        size_t lo = 0, hi = longest;
        while (lo < hi) {
            size_t mid = lo + (hi - lo + 1) / 2, sum = fixed;
            for (size_t k = 0; k < n; k++)
                if (pc[k].arg)
                    sum += pc[k].shown < mid ? pc[k].shown : mid;
            if (sum <= room)
                lo = mid;
            else
                hi = mid - 1;
        }
        cap = lo < 8 ? 8 : lo; // below that the line is cut at its end anyway
    }
    // One line of text, whatever the caller passed in: a file name or option value with
    // a newline, an escape sequence or bytes that are not UTF-8 is shown escaped.
    char msg[sizeof e->msg];
    msg[0] = '\0';
    Out out = {msg, sizeof msg, 0, false};
    for (size_t k = 0; k < n; k++)
        put_piece(&out, &pc[k], pc[k].arg ? cap : (size_t)-1);
    e->status = status;
    memcpy(e->msg, msg, out.o + 1);
    return -1;
}

// ─── closing standard output ─────────────────────────────────────────────────

int at_close_stream(FILE *f, const char *what, AtError *e)
{
    int earlier = ferror(f) ? errno : 0; // a write that failed before, while errno holds it
    errno = 0;
    bool failed = ferror(f) != 0;
    int why = 0;
    if (fflush(f) != 0) {
        failed = true;
        why = errno;
    }
    // A closed descriptor (>&-) with nothing written is fine: had anything been pending,
    // fflush would have failed already.
    errno = 0;
    if (fclose(f) != 0 && !failed && errno != EBADF) {
        failed = true;
        why = errno;
    }
    if (!failed)
        return 0;
    if (why == 0)
        why = earlier;
    if (why == EPIPE) { // the reader has gone (| head): nothing more to say
        if (e) {
            e->status = AT_ERUNTIME;
            e->msg[0] = '\0';
        }
        return -1;
    }
    if (why == 0)
        return at_fail(e, AT_ERUNTIME, _("writing %s failed"), what);
    return at_fail(e, AT_ERUNTIME, _("writing %s: %s"), what, strerror(why));
}
