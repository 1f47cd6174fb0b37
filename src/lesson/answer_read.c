// answer_read.c — answers as people type them: full-width digits from a Chinese input
// method, a decimal comma, "3 by 4" or "3 乘 4" for a shape, a Unicode minus, quotes.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

// ─── normalizing ────────────────────────────────────────────────────────────────

// Characters turned into ASCII (beyond the full-width block U+FF01..U+FF5E).
static const struct {
    const char *from, *to;
} SAME_AS[] = {
    {"\xE3\x80\x80", " "}, // U+3000 ideographic space
    {"−", "-"},            // U+2212 minus
    {"–", "-"},            // U+2013 en dash
    {"﹣", "-"},           // U+FE63 small hyphen-minus
};

// Pairs of quotes one of which may surround the whole answer.
static const char *const QUOTES[][2] = {
    {"\"", "\""}, {"'", "'"}, {"“", "”"}, {"‘", "’"}, {"「", "」"}, {"『", "』"}, {"《", "》"},
};

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

void answer_normalize(const char *in, char *out, size_t size)
{
    if (size == 0)
        return;
    size_t n = 0;
    for (const unsigned char *c = (const unsigned char *)in; *c && n + 1 < size;) {
        // U+FF01..U+FF5E (EF BC 81 .. EF BD 9E) → U+0021..U+007E
        if (c[0] == 0xEF && (c[1] == 0xBC || c[1] == 0xBD) && c[2] >= 0x80 && c[2] <= 0xBF) {
            unsigned cp = 0xFF00u + ((unsigned)(c[1] - 0xBC) << 6) + (unsigned)(c[2] - 0x80);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                out[n++] = (char)(cp - 0xFEE0);
                c += 3;
                continue;
            }
        }
        bool done = false;
        for (size_t k = 0; k < sizeof SAME_AS / sizeof *SAME_AS && !done; k++)
            if (starts((const char *)c, SAME_AS[k].from)) {
                out[n++] = SAME_AS[k].to[0];
                c += strlen(SAME_AS[k].from);
                done = true;
            }
        if (!done)
            out[n++] = (char)*c++;
    }
    out[n] = '\0';
    // Trim white space, a final "。", then one pair of quotes, then white space again.
    char *s = out;
    while (isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    if (n > strlen("。") && ends(s, n, "。"))
        n -= strlen("。");
    for (size_t k = 0; k < sizeof QUOTES / sizeof *QUOTES; k++) {
        size_t a = strlen(QUOTES[k][0]), b = strlen(QUOTES[k][1]);
        if (n >= a + b && starts(s, QUOTES[k][0]) && ends(s, n, QUOTES[k][1])) {
            s += a;
            n -= a + b;
            break;
        }
    }
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    memmove(out, s, n);
    out[n] = '\0';
}

// The normalized answer with ASCII letters in lower case and runs of white space as
// one space.
static void folded(const char *in, char *out, size_t size)
{
    char buf[512];
    answer_normalize(in, buf, sizeof buf);
    size_t n = 0;
    for (const char *c = buf; *c && n + 1 < size; c++) {
        if (isspace((unsigned char)*c)) {
            if (n > 0 && out[n - 1] != ' ')
                out[n++] = ' ';
            continue;
        }
        out[n++] = (char)tolower((unsigned char)*c);
    }
    out[n] = '\0';
}

// ─── numbers ────────────────────────────────────────────────────────────────────

static const char *const MINUS_INF[] = {"-inf", "-∞", "-infinity", "minus infinity",
                                        "negative infinity", "负无穷", "负无穷大", "-无穷",
                                        "-无穷大", NULL};
static const char *const PLUS_INF[] = {"inf", "∞", "infinity", "+inf", "+∞", "无穷",
                                       "无穷大", "正无穷", NULL};

// A plain decimal number: digits, one '.', an exponent; the whole text.
static bool plain_number(const char *s, double *x)
{
    if (!*s || strspn(s, "0123456789+-.eE") != strlen(s) || !strpbrk(s, "0123456789"))
        return false;
    char *end;
    errno = 0;
    *x = strtod(s, &end);
    return end != s && *end == '\0' && errno != ERANGE && isfinite(*x);
}

bool answer_number(const char *text, double *x)
{
    char s[256];
    folded(text, s, sizeof s);
    if (answer_word(s, MINUS_INF) >= 0) {
        *x = -INFINITY;
        return true;
    }
    if (answer_word(s, PLUS_INF) >= 0) {
        *x = INFINITY;
        return true;
    }
    char *comma = strchr(s, ',');
    if (comma && !strchr(s, '.') && !strchr(comma + 1, ',')) // a decimal comma: 0,25
        *comma = '.';
    for (char *c = s; *c; c++) // "- 0.5"
        if (*c == ' ')
            memmove(c, c + 1, strlen(c));
    return plain_number(s, x);
}

// ─── shapes ─────────────────────────────────────────────────────────────────────

bool answer_shape(const char *text, size_t *rows, size_t *cols)
{
    char s[256];
    folded(text, s, sizeof s);
    static const char *const SEP[] = {"×", "乘以", "乘", "行", "列", "by", "*", "x", ",", "(",
                                      ")", "[", "]", "、", NULL};
    char flat[256];
    size_t n = 0;
    for (const char *c = s; *c && n + 1 < sizeof flat;) {
        bool sep = false;
        for (size_t k = 0; SEP[k] && !sep; k++)
            if (starts(c, SEP[k])) {
                c += strlen(SEP[k]);
                sep = true;
            }
        if (sep) {
            flat[n++] = ' ';
            continue;
        }
        flat[n++] = *c++;
    }
    flat[n] = '\0';
    size_t v[2], count = 0;
    for (const char *c = flat; *c;) {
        if (*c == ' ') {
            c++;
            continue;
        }
        if (!isdigit((unsigned char)*c) || count == 2)
            return false;
        char *end;
        errno = 0;
        unsigned long long x = strtoull(c, &end, 10);
        if (errno)
            return false;
        v[count++] = (size_t)x;
        c = end;
    }
    if (count != 2)
        return false;
    *rows = v[0];
    *cols = v[1];
    return true;
}

// ─── arithmetic, for known wrong answers ────────────────────────────────────────

typedef struct {
    const char *at;
    bool bad;
} Expr;

static double expr_sum(Expr *p);

static void skip(Expr *p)
{
    while (*p->at == ' ')
        p->at++;
}

static double expr_atom(Expr *p)
{
    skip(p);
    if (*p->at == '-') {
        p->at++;
        return -expr_atom(p);
    }
    if (*p->at == '+') {
        p->at++;
        return expr_atom(p);
    }
    if (*p->at == '(') {
        p->at++;
        double x = expr_sum(p);
        skip(p);
        if (*p->at != ')')
            p->bad = true;
        else
            p->at++;
        return x;
    }
    if (starts(p->at, "√") || starts(p->at, "sqrt")) {
        p->at += starts(p->at, "√") ? strlen("√") : 4;
        return sqrt(expr_atom(p));
    }
    if (starts(p->at, "inf") || starts(p->at, "∞")) {
        p->at += starts(p->at, "inf") ? 3 : strlen("∞");
        return INFINITY;
    }
    char *end;
    double x = strtod(p->at, &end);
    if (end == p->at || (!isdigit((unsigned char)*p->at) && *p->at != '.'))
        p->bad = true;
    else
        p->at = end;
    return x;
}

static double expr_product(Expr *p)
{
    double x = expr_atom(p);
    for (;;) {
        skip(p);
        if (*p->at == '*')
            p->at++, x *= expr_atom(p);
        else if (*p->at == '/') {
            p->at++;
            double d = expr_atom(p); // ÷0 as IEEE says, without dividing (UBSan's check)
            x = d != 0                   ? x / d
                : x == 0 || isnan(x)     ? NAN
                : signbit(x) != signbit(d) ? -INFINITY
                                         : INFINITY;
        } else
            return x;
    }
}

static double expr_sum(Expr *p)
{
    double x = expr_product(p);
    for (;;) {
        skip(p);
        if (*p->at == '+')
            p->at++, x += expr_product(p);
        else if (*p->at == '-')
            p->at++, x -= expr_product(p);
        else
            return x;
    }
}

bool answer_expr(const char *text, double *x)
{
    char s[512];
    folded(text, s, sizeof s);
    Expr p = {s, false};
    *x = expr_sum(&p);
    skip(&p);
    return !p.bad && *p.at == '\0' && *s;
}

// ─── words ──────────────────────────────────────────────────────────────────────

int answer_word(const char *text, const char *const *words)
{
    char s[256], w[256];
    folded(text, s, sizeof s);
    size_t n = strlen(s); // "same." "不变！" (the full-width ！ is a ! by now)
    while (n > 0 && strchr(".!", s[n - 1]))
        s[--n] = '\0';
    for (int k = 0; words[k]; k++) {
        folded(words[k], w, sizeof w);
        if (strcmp(s, w) == 0)
            return k;
    }
    return -1;
}
