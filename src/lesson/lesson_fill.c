// lesson_fill.c — a lesson's placeholders, filled from the live trace.
//
//   {sentence} {tokens}          the sentence, its tokens
//   {source} {source_tokens}     the source sentence (--source), its tokens
//   {n} {m} {d_model} {d_k} {d_v} {heads} {d_head} {sqrt_d_k}   the run's sizes
//   {divisor}                    what scaled divides by: √d_k (· T), 1 with --no-scale
//   {token:I}                    token I of the sentence (1-based; -1 is the last; @focus)
//   {key:J}                      key J: a token of the source with --source, else of the
//                                sentence (@top: the one the focus attends to most)
//   {STAGE:ROW:COL}              one cell, e.g. {scores:2:4} or {weights:@focus:@top}
//   {argmax:STAGE:ROW}           the label of the largest cell in a row ({argmin:…}); on
//                                a tie, every tied label: "cat and mat (a tie)"
//   {attends:STAGE:ROW}          the row as a phrase: "attends most to "cat"", "spreads
//                                its attention evenly over all 6 tokens", "splits its
//                                attention evenly between "cat" and "mat""
//   {rowsum:STAGE:ROW}           the sum of a row
//   {shape:STAGE} {rows:STAGE} {cols:STAGE}
// A number placeholder may end in ":.N" for N decimals ({scaled:1:2:.2}).
// "{{" and "}}" are literal braces. The words ("and", "a tie") are the lesson's language's
// (lesson_words.c).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "strbuf.h"

#define MAX_ARGS 5

typedef struct {
    char *arg[MAX_ARGS]; // arg[0] is the name
    int n;
    int decimals;        // from a last ".N" argument; -1 when none
} Ph;

typedef struct {
    const Trace *t;
    const LessonPhrases *w;
    Lines *labels; // labels computed from the numbers, for the leak check; NULL: none
} Fill;

// Split "name:a:b:.2" in place.
static void ph_split(char *text, Ph *ph)
{
    ph->n = 0;
    ph->decimals = -1;
    char *c = text;
    while (ph->n < MAX_ARGS) {
        ph->arg[ph->n++] = c;
        c = strchr(c, ':');
        if (!c)
            break;
        *c++ = '\0';
    }
    const char *last = ph->arg[ph->n - 1];
    if (ph->n > 1 && last[0] == '.' && last[1] >= '0' && last[1] <= '9' && last[2] == '\0') {
        ph->decimals = last[1] - '0';
        ph->n--;
    }
}

static void put_number(StrBuf *b, double x, int decimals, bool cell)
{
    char buf[64];
    if (isinf(x))
        snprintf(buf, sizeof buf, x < 0 ? "-inf" : "inf");
    else if (decimals >= 0)
        snprintf(buf, sizeof buf, "%.*f", decimals, x == 0 ? 0.0 : x);
    else if (cell)
        fmt_num(buf, sizeof buf, x);
    else
        snprintf(buf, sizeof buf, "%.4g", x == 0 ? 0.0 : x);
    strbuf_puts(b, buf);
}

static const Stage *ph_stage(const Trace *t, const char *name, char *why, size_t size)
{
    const Stage *s = trace_find_lenient(t, name); // "scores" is head 1's with --heads
    if (!s) {
        if (stage_name_parse(name, NULL, NULL))
            snprintf(why, size, "stage \"%s\" %s", name, trace_missing_why(t, name));
        else
            snprintf(why, size, "unknown stage \"%s\"", name);
    }
    return s;
}

// A label the text states because of the numbers (who wins a row, who @top is).
static void reveal(const Fill *f, const char *label)
{
    if (f->labels)
        lines_addf(f->labels, "%s", label);
}

// ─── one function per kind of placeholder ───────────────────────────────────────
// Each gets the split placeholder (its argument count already checked) and writes its
// text into b; 0, or -1 with the reason in why (then what it wrote is dropped).

typedef int (*PhFill)(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size);

// The words of a list, " | " between them.
static void put_list(StrBuf *b, char *const *word, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(b, i ? " | " : "");
        strbuf_puts(b, word[i]);
    }
}

static int ph_sentence(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    (void)ph, (void)why, (void)size;
    strbuf_puts(b, f->t->in->sentence);
    return 0;
}

static int ph_tokens(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    (void)ph, (void)why, (void)size;
    put_list(b, f->t->in->tokens.tok, f->t->n);
    return 0;
}

// {source}: the source sentence; {source_tokens}: its tokens.
static int ph_source(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    const Trace *t = f->t;
    if (!t->cross) {
        snprintf(why, size, "{%s} needs a source sentence (--source)", ph->arg[0]);
        return -1;
    }
    if (strcmp(ph->arg[0], "source") == 0)
        strbuf_puts(b, t->in->src_sentence);
    else
        put_list(b, t->in->src_tokens.tok, t->m);
    return 0;
}

// {n} {m} {d_model} {d_k} {d_v} {heads} {d_head}: one of the trace's sizes.
static int ph_size(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    (void)why, (void)size;
    const Trace *t = f->t;
    static const char *const name[] = {"n", "m", "d_model", "d_k", "d_v", "heads", "d_head"};
    const size_t value[] = {t->n, t->m, t->d_model, t->d_k, t->d_v, t->heads, t->d_head};
    for (size_t k = 0; k < sizeof value / sizeof value[0]; k++)
        if (strcmp(ph->arg[0], name[k]) == 0)
            strbuf_printf(b, "%zu", value[k]);
    return 0;
}

// {sqrt_d_k}: √d_k; {divisor}: what scaled divides by.
static int ph_divisor(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    (void)why, (void)size;
    bool root = strcmp(ph->arg[0], "sqrt_d_k") == 0;
    put_number(b, root ? sqrt((double)f->t->d_k) : f->t->divisor, ph->decimals, false);
    return 0;
}

// {token:I}: a row of X; {key:J}: a row of K (the source's tokens with --source).
static int ph_token(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    bool key = strcmp(ph->arg[0], "key") == 0;
    const Stage *s = trace_find_id(f->t, key ? ST_K : ST_EMBEDDINGS);
    long i = s ? lesson_index(f->t, s, false, ph->arg[1], why, size) : -1;
    if (i < 0) {
        if (s && ph->arg[1][0] != '@')
            snprintf(why, size, "no %s \"%s\" (%s %zu tokens)", key ? "key" : "token",
                     ph->arg[1], key && f->t->cross ? "the source has" : "the sentence has",
                     s->m.rows);
        return -1;
    }
    strbuf_puts(b, s->row_labels[i]);
    if (strcmp(ph->arg[1], "@top") == 0)
        reveal(f, s->row_labels[i]);
    return 0;
}

// The stage and row of {KIND:STAGE:ROW}; NULL with the reason in why.
static const Stage *ph_row(const Fill *f, const Ph *ph, size_t *i, char *why, size_t size)
{
    const Stage *s = ph_stage(f->t, ph->arg[1], why, size);
    long k = s ? lesson_index(f->t, s, false, ph->arg[2], why, size) : -1;
    *i = (size_t)(k < 0 ? 0 : k);
    return k < 0 ? NULL : s;
}

// Labels "a", "b" and "c" (quoted: the lesson's quotes), in the lesson's words.
static void put_labels(const Fill *f, const Stage *s, const size_t *at, size_t n, bool quote,
                       StrBuf *b)
{
    const LessonPhrases *w = f->w;
    for (size_t k = 0; k < n; k++) {
        strbuf_puts(b, k == 0 ? "" : k + 1 == n ? w->list_and : w->list_comma);
        strbuf_printf(b, "%s%s%s", quote ? w->quote_open : "", s->col_labels[at[k]],
                      quote ? w->quote_close : "");
        reveal(f, s->col_labels[at[k]]);
    }
}

// The columns of row i that tie for its largest (smallest) value, into a malloc'd array.
static size_t row_best(const Fill *f, const Stage *s, size_t i, bool largest, size_t **at,
                       size_t *finite)
{
    *at = malloc((s->m.cols ? s->m.cols : 1) * sizeof **at);
    if (!*at)
        return 0;
    return lesson_row_best(&s->m, lesson_mask_for(f->t, s), i, largest, *at, s->m.cols, finite);
}

// {argmax:STAGE:ROW} {argmin:STAGE:ROW}: the label of the column; on a tie, all of them
static int ph_argmax(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    size_t i, *at, finite;
    const Stage *s = ph_row(f, ph, &i, why, size);
    if (!s)
        return -1;
    size_t n = row_best(f, s, i, strcmp(ph->arg[0], "argmax") == 0, &at, &finite);
    if (!at) {
        b->failed = true;
        return 0;
    }
    if (n == 0) {
        snprintf(why, size, "row %zu of %s has no finite value", i + 1, s->name);
        free(at);
        return -1;
    }
    if (n == 1) {
        put_labels(f, s, at, 1, false, b);
    } else {
        StrBuf list;
        if (strbuf_open(&list) != 0) {
            b->failed = true;
            free(at);
            return 0;
        }
        put_labels(f, s, at, n, false, &list);
        char *text = strbuf_close(&list);
        char *said = text ? lesson_say(f->w->tie_labels, text, NULL, NULL) : NULL;
        if (!said)
            b->failed = true;
        else
            strbuf_puts(b, said);
        free(said);
        free(text);
    }
    free(at);
    return 0;
}

// {attends:STAGE:ROW}: "attends most to "cat"" — or, when the row ties at the top,
// "spreads its attention evenly over all 6 tokens" / "splits … between "a" and "b"".
static int ph_attends(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    size_t i, *at, finite;
    const Stage *s = ph_row(f, ph, &i, why, size);
    if (!s)
        return -1;
    size_t n = row_best(f, s, i, true, &at, &finite);
    if (!at) {
        b->failed = true;
        return 0;
    }
    if (n == 0) {
        snprintf(why, size, "row %zu of %s has no finite value", i + 1, s->name);
        free(at);
        return -1;
    }
    const LessonPhrases *w = f->w;
    if (n > 1 && n == finite) {
        char count[32];
        snprintf(count, sizeof count, "%zu", finite);
        char *said = lesson_say(w->attends_even, count, NULL, NULL);
        if (!said)
            b->failed = true;
        else
            strbuf_puts(b, said);
        free(said);
    } else {
        StrBuf list;
        if (strbuf_open(&list) != 0) {
            b->failed = true;
            free(at);
            return 0;
        }
        put_labels(f, s, at, n, true, &list);
        char *text = strbuf_close(&list);
        const char *tmpl = n > 1 ? w->attends_tie : finite == 1 ? w->attends_only : w->attends;
        char *said = text ? lesson_say(tmpl, text, NULL, NULL) : NULL;
        if (!said)
            b->failed = true;
        else
            strbuf_puts(b, said);
        free(said);
        free(text);
    }
    free(at);
    return 0;
}

// {rowsum:STAGE:ROW}: Σ_j STAGE[ROW][j]
static int ph_rowsum(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    size_t i;
    const Stage *s = ph_row(f, ph, &i, why, size);
    if (!s)
        return -1;
    put_number(b, mat_row_sum(&s->m, i), ph->decimals, true);
    return 0;
}

// {shape:STAGE} "3×4", {rows:STAGE} "3", {cols:STAGE} "4"
static int ph_shape(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    const Stage *s = ph_stage(f->t, ph->arg[1], why, size);
    if (!s)
        return -1;
    const char *name = ph->arg[0];
    if (strcmp(name, "shape") == 0)
        strbuf_printf(b, "%zu×%zu", s->m.rows, s->m.cols);
    else
        strbuf_printf(b, "%zu", strcmp(name, "rows") == 0 ? s->m.rows : s->m.cols);
    return 0;
}

// {STAGE:ROW:COL}: one cell
static int ph_cell(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    const Stage *s = ph_stage(f->t, ph->arg[0], why, size);
    long i = s ? lesson_index(f->t, s, false, ph->arg[1], why, size) : -1;
    long j = i >= 0 ? lesson_index(f->t, s, true, ph->arg[2], why, size) : -1;
    if (j < 0)
        return -1;
    put_number(b, mat_get(&s->m, (size_t)i, (size_t)j), ph->decimals, true);
    return 0;
}

typedef struct {
    const char *name; // the first part of the placeholder
    int args;         // how many parts it has, the name included (without a ".N")
    const char *form; // shown when the count is wrong: "expected {token:INDEX}"
    PhFill fill;
} PhKind;

static const PhKind PLACEHOLDERS[] = {
    {"sentence", 1, "sentence", ph_sentence},
    {"tokens", 1, "tokens", ph_tokens},
    {"source", 1, "source", ph_source}, // with more parts: a cell of the source stage
    {"source_tokens", 1, "source_tokens", ph_source},
    {"n", 1, "n", ph_size},
    {"m", 1, "m", ph_size},
    {"d_model", 1, "d_model", ph_size},
    {"d_k", 1, "d_k", ph_size},
    {"d_v", 1, "d_v", ph_size},
    {"heads", 1, "heads", ph_size},
    {"d_head", 1, "d_head", ph_size},
    {"sqrt_d_k", 1, "sqrt_d_k", ph_divisor},
    {"divisor", 1, "divisor", ph_divisor},
    {"token", 2, "token:INDEX", ph_token},
    {"key", 2, "key:INDEX", ph_token},
    {"argmax", 3, "argmax:STAGE:ROW", ph_argmax},
    {"argmin", 3, "argmin:STAGE:ROW", ph_argmax},
    {"attends", 3, "attends:STAGE:ROW", ph_attends},
    {"rowsum", 3, "rowsum:STAGE:ROW", ph_rowsum},
    {"shape", 2, "shape:STAGE", ph_shape},
    {"rows", 2, "rows:STAGE", ph_shape},
    {"cols", 2, "cols:STAGE", ph_shape},
};
static const PhKind CELL = {NULL, 3, "STAGE:ROW:COL", ph_cell}; // any stage name

// The kind of placeholder ph is: by its name, else a cell when the name is a stage's. A
// name that is both ("source") is the placeholder with its own count of parts, else a
// cell. NULL when unknown.
static const PhKind *ph_kind(const Ph *ph)
{
    const char *name = ph->arg[0];
    bool stage = stage_name_parse(name, NULL, NULL);
    for (size_t k = 0; k < sizeof PLACEHOLDERS / sizeof PLACEHOLDERS[0]; k++)
        if (strcmp(name, PLACEHOLDERS[k].name) == 0 && (!stage || ph->n == PLACEHOLDERS[k].args))
            return &PLACEHOLDERS[k];
    return stage ? &CELL : NULL;
}

// Fill one placeholder into b; 0, or -1 with the reason in why.
static int ph_fill(const Fill *f, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    const PhKind *kind = ph_kind(ph);
    if (!kind) {
        snprintf(why, size, "unknown placeholder \"%s\" (see lessons/README.md)", ph->arg[0]);
        return -1;
    }
    if (ph->n != kind->args) {
        snprintf(why, size, "expected {%s}", kind->form);
        return -1;
    }
    return kind->fill(f, ph, b, why, size);
}

// Fill one placeholder ("token:9", the text between the braces) into b: on its own
// string first, so that a placeholder that fails adds nothing but "{token:9?}".
static void fill_one(const Fill *f, const char *ph_text, size_t len, StrBuf *b,
                     Lines *problems, const char *where)
{
    char inner[512], why[256] = "";
    int rc = -1;
    if (len == 0 || len >= sizeof inner) {
        snprintf(why, sizeof why, len ? "placeholder too long" : "empty placeholder");
    } else {
        memcpy(inner, ph_text, len);
        inner[len] = '\0';
        Ph ph;
        ph_split(inner, &ph);
        StrBuf one;
        if (strbuf_open(&one) != 0) {
            b->failed = true;
            return;
        }
        rc = ph_fill(f, &ph, &one, why, sizeof why);
        char *filled = strbuf_close(&one);
        if (!filled) {
            b->failed = true;
            return;
        }
        if (rc == 0)
            strbuf_put(b, filled, one.len);
        free(filled);
    }
    if (rc != 0) {
        strbuf_puts(b, "{"); // "{token:9?}"
        strbuf_put(b, ph_text, len);
        strbuf_puts(b, "?}");
        if (problems)
            lines_addf(problems, "%s: {%.*s}: %s", where, (int)len, ph_text, why);
    }
}

static char *fill(const char *text, const Fill *f, Lines *problems, const char *where)
{
    StrBuf b;
    if (strbuf_open(&b) != 0)
        return NULL;
    const char *c = text;
    while (*c && !b.failed) {
        if ((c[0] == '{' && c[1] == '{') || (c[0] == '}' && c[1] == '}')) {
            strbuf_put(&b, c, 1);
            c += 2;
            continue;
        }
        const char *close = c[0] == '{' ? strpbrk(c + 1, "{}") : NULL;
        if (!close || *close != '}') { // plain text (an unclosed '{' is shown as is)
            size_t run = 1 + strcspn(c + 1, "{}");
            strbuf_put(&b, c, run);
            c += run;
            continue;
        }
        fill_one(f, c + 1, (size_t)(close - c - 1), &b, problems, where);
        c = close + 1;
    }
    return strbuf_close(&b);
}

char *lesson_fill(const char *text, const Trace *t, const LessonPhrases *w, Lines *problems,
                  const char *where)
{
    Fill f = {t, w ? w : lesson_words(NULL), NULL};
    return fill(text, &f, problems, where);
}

char *lesson_fill_labels(const char *text, const Trace *t, const LessonPhrases *w,
                         Lines *labels)
{
    Fill f = {t, w ? w : lesson_words(NULL), labels};
    return fill(text, &f, NULL, NULL);
}
