// question.c — a lesson's questions: the expected answer from the trace, and checking
// what a learner typed, with the arithmetic behind the answer when it was wrong.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "explain.h"
#include "lesson.h"
#include "strbuf.h"

#define NUM(x) fmt_num((char[32]){0}, 32, (x))

typedef struct {
    const Stage *s;
    size_t i, j; // the row (argmax, argmin, rowsum, value) and column (value)
} Target;

static int resolve(const Question *q, const Trace *t, Target *g, AtError *e)
{
    g->s = trace_find_lenient(t, q->stage);
    if (!g->s)
        return at_fail(e, AT_EINPUT, "stage \"%s\" %s", q->stage, trace_missing_why(t, q->stage));
    g->i = g->j = 0;
    if (q->row) {
        long i = stage_index(g->s, false, q->row);
        if (i < 0)
            return at_fail(e, AT_EINPUT, "%s has %zu rows; no row \"%s\"", g->s->name,
                           g->s->m.rows, q->row);
        g->i = (size_t)i;
    }
    if (q->col) {
        long j = stage_index(g->s, true, q->col);
        if (j < 0)
            return at_fail(e, AT_EINPUT, "%s has %zu columns; no column \"%s\"", g->s->name,
                           g->s->m.cols, q->col);
        g->j = (size_t)j;
    }
    return 0;
}

// The column an argmax/argmin question asks for; false when the row has no finite value.
static bool row_best(const Stage *s, size_t i, QuestionKind kind, size_t *at)
{
    return kind == Q_ARGMAX ? mat_row_argmax(&s->m, i, at) : mat_row_argmin(&s->m, i, at);
}

int question_expected(const Question *q, const Trace *t, char *answer, size_t size,
                      AtError *e)
{
    Target g;
    if (resolve(q, t, &g, e) != 0)
        return -1;
    switch (q->kind) {
    case Q_ARGMAX:
    case Q_ARGMIN: {
        size_t at;
        if (!row_best(g.s, g.i, q->kind, &at))
            return at_fail(e, AT_EINPUT, "row %zu of %s has no finite value", g.i + 1,
                           g.s->name);
        snprintf(answer, size, "%s", g.s->col_labels[at]);
        return 0;
    }
    case Q_VALUE:
        fmt_num(answer, size, mat_get(&g.s->m, g.i, g.j));
        return 0;
    case Q_ROWSUM:
        fmt_num(answer, size, mat_row_sum(&g.s->m, g.i));
        return 0;
    case Q_SHAPE:
        snprintf(answer, size, "%zu×%zu", g.s->m.rows, g.s->m.cols);
        return 0;
    case Q_KIND_COUNT:
        break;
    }
    return at_fail(e, AT_EINPUT, "unknown question kind");
}

// ─── reading answers ────────────────────────────────────────────────────────────

// Copy with white space and one pair of surrounding quotes removed.
static void trim_answer(const char *in, char *out, size_t size)
{
    while (isspace((unsigned char)*in))
        in++;
    size_t n = strlen(in);
    while (n > 0 && isspace((unsigned char)in[n - 1]))
        n--;
    if (n >= 2 && (in[0] == '"' || in[0] == '\'') && in[n - 1] == in[0])
        in++, n -= 2;
    if (n >= size)
        n = size - 1;
    memcpy(out, in, n);
    out[n] = '\0';
}

// A number as people type it: "0.5", "-0.5", "−0.5" (a Unicode minus), "-inf", "-∞".
static bool read_number(const char *text, double *x)
{
    char buf[256];
    const char *minus = "−";
    if (strncmp(text, minus, strlen(minus)) == 0) {
        size_t n = strlen(text + strlen(minus));
        if (n + 2 > sizeof buf)
            return false;
        buf[0] = '-';
        memcpy(buf + 1, text + strlen(minus), n + 1);
        text = buf;
    }
    if (strcmp(text, "-inf") == 0 || strcmp(text, "-∞") == 0) {
        *x = -INFINITY;
        return true;
    }
    char *end;
    errno = 0;
    *x = strtod(text, &end);
    return end != text && *end == '\0' && errno == 0 && isfinite(*x);
}

// "3x4", "3×4", "3 4", "3*4", "(3, 4)" → 3, 4
static bool read_shape(const char *text, size_t *r, size_t *c)
{
    size_t v[3], n = 0;
    for (const char *p = text; *p;) {
        if (isdigit((unsigned char)*p)) {
            char *end;
            errno = 0;
            unsigned long long x = strtoull(p, &end, 10);
            if (errno || n == 2)
                return false;
            v[n++] = (size_t)x;
            p = end;
        } else if (strchr(" \t,()xX*", *p)) {
            p++;
        } else if (strncmp(p, "×", strlen("×")) == 0) {
            p += strlen("×");
        } else {
            return false;
        }
    }
    if (n != 2)
        return false;
    *r = v[0];
    *c = v[1];
    return true;
}

// ─── feedback ───────────────────────────────────────────────────────────────────

static void add_explain(const Trace *t, const Stage *s, size_t i, size_t j, Lines *fb)
{
    Lines ex;
    if (explain(t, s, i, j, &ex, NULL) != 0) {
        fb->failed = 1;
        return;
    }
    for (size_t k = 0; k < ex.n; k++)
        lines_addf(fb, "  %s", ex.line[k]);
    lines_free(&ex);
}

// "row "it" of weights: the 0.1000, cat 0.3000, it 0.6000", however long the row
static void add_row(const Stage *s, size_t i, Lines *fb)
{
    StrBuf b;
    if (strbuf_open(&b) != 0) {
        fb->failed = 1;
        return;
    }
    strbuf_printf(&b, "  row \"%s\" of %s:", s->row_labels[i], s->name);
    for (size_t j = 0; j < s->m.cols; j++)
        strbuf_printf(&b, "%s %s %s", j ? "," : "", s->col_labels[j],
                      NUM(mat_get(&s->m, i, j)));
    char *row = strbuf_close(&b);
    if (!row) {
        fb->failed = 1;
        return;
    }
    lines_addf(fb, "%s", row);
    free(row);
}

// Why a stage has its shape: "(3×2)·(2×4) → 3×4".
static void add_shape(const Trace *t, const Stage *s, Lines *fb)
{
    size_t n = t->n, m = t->m, d = t->d_model, dk = t->d_k, dv = t->d_v;
    size_t w = s->qk1 - s->qk0, wv = s->v1 - s->v0; // the head's widths (all of d_k, d_v)
    switch (s->id) {
    case ST_EMBEDDINGS: case ST_SOURCE:
        lines_addf(fb, "  one row per token (%s = %zu), one column per embedding dimension "
                   "(d_model = %zu)", s->id == ST_SOURCE ? "m" : "n", s->m.rows, d);
        break;
    case ST_WQ: case ST_WK: case ST_WV:
        lines_addf(fb, "  d_model rows (%zu) by %s columns (%zu): it maps a %zu-wide embedding "
                   "to a %zu-wide %s", d, s->id == ST_WV ? "d_v" : "d_k", s->m.cols, d,
                   s->m.cols, s->id == ST_WQ ? "query" : s->id == ST_WK ? "key" : "value");
        break;
    case ST_WO:
        lines_addf(fb, "  d_v rows (%zu, the concat's columns) by d_model columns (%zu)", dv, d);
        break;
    case ST_Q: case ST_K: case ST_V:
        lines_addf(fb, "  %s: (%zu×%zu)·(%zu×%zu) → %zu×%zu, one row per token", s->formula,
                   s->m.rows, d, d, s->m.cols, s->m.rows, s->m.cols);
        break;
    case ST_SCORES: case ST_SCALED: case ST_MASKED: case ST_WEIGHTS:
        lines_addf(fb, "  Q·Kᵀ: (%zu×%zu)·(%zu×%zu) → %zu×%zu, one row per query token, one "
                   "column per key token", n, w, w, m, n, m);
        if (s->head)
            lines_addf(fb, "  head %d uses %zu of the d_k = %zu columns of Q and K", s->head, w,
                       dk);
        if (s->id != ST_SCORES)
            lines_addf(fb, "  %s works cell by cell, so the shape stays %zu×%zu", s->name, n, m);
        break;
    case ST_OUTPUT:
        if (s->head == 0 && t->heads > 1)
            lines_addf(fb, "  concat·W_O: (%zu×%zu)·(%zu×%zu) → %zu×%zu, a new vector for each "
                       "token", n, dv, dv, d, n, d);
        else
            lines_addf(fb, "  weights·V: (%zu×%zu)·(%zu×%zu) → %zu×%zu, a new vector for each "
                       "token", n, m, m, wv, n, wv);
        break;
    case ST_CONCAT:
        lines_addf(fb, "  %zu heads × (%zu×%zu) side by side → %zu×%zu", t->heads, n, t->dv_head,
                   n, dv);
        break;
    case ST_COUNT:
        break;
    }
}

// Is the (trimmed) answer right? Argmax/argmin: any column holding the best value (ties),
// by label (ASCII case ignored) or 1-based index; numbers within q->tol; a shape.
static bool is_right(const Question *q, const Target *g, const char *user)
{
    switch (q->kind) {
    case Q_ARGMAX:
    case Q_ARGMIN: {
        size_t at = 0;
        row_best(g->s, g->i, q->kind, &at); // (question_expected found a finite value)
        double best = mat_get(&g->s->m, g->i, at);
        char *end;
        long k = strtol(user, &end, 10);
        bool index = *user && *end == '\0';
        bool ok = false;
        for (size_t j = 0; j < g->s->m.cols; j++) {
            if (mat_get(&g->s->m, g->i, j) != best)
                continue;
            ok |= index ? k == (long)j + 1 : strcasecmp(user, g->s->col_labels[j]) == 0;
        }
        return ok;
    }
    case Q_VALUE:
    case Q_ROWSUM: {
        double want = q->kind == Q_VALUE ? mat_get(&g->s->m, g->i, g->j)
                                          : mat_row_sum(&g->s->m, g->i);
        double x = 0;
        return read_number(user, &x) && (isinf(want) ? x == want : fabs(x - want) <= q->tol);
    }
    case Q_SHAPE: {
        size_t r, c;
        return read_shape(user, &r, &c) && r == g->s->m.rows && c == g->s->m.cols;
    }
    case Q_KIND_COUNT:
        break;
    }
    return false;
}

// "Right: X." or "Not quite: …" with the arithmetic behind the expected answer.
static void add_feedback(const Question *q, const Trace *t, const Target *g, const char *user,
                         const char *expected, bool ok, Lines *fb)
{
    if (ok) {
        lines_addf(fb, "Right: %s.", expected);
        return;
    }
    lines_addf(fb, "Not quite: you answered \"%s\"; the answer is %s.", user, expected);
    if ((q->kind == Q_VALUE || q->kind == Q_ROWSUM) && q->tol > 0)
        lines_addf(fb, "  (numbers within ±%g count as right)", q->tol);
    size_t at;
    switch (q->kind) {
    case Q_ARGMAX:
    case Q_ARGMIN:
        add_row(g->s, g->i, fb);
        if (row_best(g->s, g->i, q->kind, &at))
            add_explain(t, g->s, g->i, at, fb);
        break;
    case Q_VALUE:
        add_explain(t, g->s, g->i, g->j, fb);
        break;
    case Q_ROWSUM:
        add_row(g->s, g->i, fb);
        break;
    case Q_SHAPE:
        add_shape(t, g->s, fb);
        break;
    case Q_KIND_COUNT:
        break;
    }
}

int question_check(const Question *q, const Trace *t, const char *user_answer, bool *correct,
                   Lines *feedback, AtError *e)
{
    char expected[256], user[256];
    if (question_expected(q, t, expected, sizeof expected, e) != 0)
        return -1;
    Target g;
    if (resolve(q, t, &g, e) != 0)
        return -1;
    trim_answer(user_answer, user, sizeof user);
    *correct = is_right(q, &g, user);
    if (!feedback)
        return 0;
    add_feedback(q, t, &g, user, expected, *correct, feedback);
    if (feedback->failed)
        return at_fail(e, AT_ERUNTIME, "out of memory");
    return 0;
}
