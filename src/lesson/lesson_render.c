// lesson_render.c — lesson text with its placeholders filled from the trace, wrapped.
//
//   {sentence} {tokens}          the sentence, its tokens
//   {source} {source_tokens}     the source sentence (--source), its tokens
//   {n} {m} {d_model} {d_k} {d_v} {heads} {d_head} {sqrt_d_k}   the run's sizes
//   {divisor}                    what scaled divides by: √d_k (· T), 1 with --no-scale
//   {token:I}                    token I (1-based; -1 is the last)
//   {STAGE:ROW:COL}              one cell, e.g. {scores:2:4} or {weights:it:animal}
//   {argmax:STAGE:ROW}           the label of the largest cell in a row ({argmin:…})
//   {rowsum:STAGE:ROW}           the sum of a row
//   {shape:STAGE} {rows:STAGE} {cols:STAGE}
// A number placeholder may end in ":.N" for N decimals ({scaled:1:2:.2}).
// "{{" and "}}" are literal braces.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "strbuf.h"
#include "utf8.h"

// ─── one placeholder ────────────────────────────────────────────────────────────

#define MAX_ARGS 5

typedef struct {
    char *arg[MAX_ARGS]; // arg[0] is the name
    int n;
    int decimals;        // from a last ".N" argument; -1 when none
} Ph;

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

static long ph_index(const Stage *s, bool column, const char *spec, char *why, size_t size)
{
    long k = stage_index(s, column, spec);
    if (k < 0)
        snprintf(why, size, "%s has %zu %s; no %s \"%s\"", s->name,
                 column ? s->m.cols : s->m.rows, column ? "columns" : "rows",
                 column ? "column" : "row", spec);
    return k;
}

// ─── one function per kind of placeholder ───────────────────────────────────────
// Each gets the split placeholder (its argument count already checked) and writes its
// text into b; 0, or -1 with the reason in why (then what it wrote is dropped).

typedef int (*PhFill)(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size);

// The words of a list, " | " between them.
static void put_list(StrBuf *b, char *const *word, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(b, i ? " | " : "");
        strbuf_puts(b, word[i]);
    }
}

static int ph_sentence(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    (void)ph, (void)why, (void)size;
    strbuf_puts(b, t->in->sentence);
    return 0;
}

static int ph_tokens(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    (void)ph, (void)why, (void)size;
    put_list(b, t->in->tokens.tok, t->n);
    return 0;
}

// {source}: the source sentence; {source_tokens}: its tokens.
static int ph_source(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
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
static int ph_size(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    (void)why, (void)size;
    static const char *const name[] = {"n", "m", "d_model", "d_k", "d_v", "heads", "d_head"};
    const size_t value[] = {t->n, t->m, t->d_model, t->d_k, t->d_v, t->heads, t->d_head};
    for (size_t k = 0; k < sizeof value / sizeof value[0]; k++)
        if (strcmp(ph->arg[0], name[k]) == 0)
            strbuf_printf(b, "%zu", value[k]);
    return 0;
}

// {sqrt_d_k}: √d_k; {divisor}: what scaled divides by.
static int ph_divisor(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    (void)why, (void)size;
    bool root = strcmp(ph->arg[0], "sqrt_d_k") == 0;
    put_number(b, root ? sqrt((double)t->d_k) : t->divisor, ph->decimals, false);
    return 0;
}

// {token:I}
static int ph_token(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    long i = stage_index(&t->stage[ST_EMBEDDINGS], false, ph->arg[1]);
    if (i < 0) {
        snprintf(why, size, "no token \"%s\" (the sentence has %zu tokens)", ph->arg[1], t->n);
        return -1;
    }
    strbuf_puts(b, t->in->tokens.tok[i]);
    return 0;
}

// The stage and row of {KIND:STAGE:ROW}; NULL with the reason in why.
static const Stage *ph_row(const Trace *t, const Ph *ph, size_t *i, char *why, size_t size)
{
    const Stage *s = ph_stage(t, ph->arg[1], why, size);
    long k = s ? ph_index(s, false, ph->arg[2], why, size) : -1;
    *i = (size_t)k;
    return k < 0 ? NULL : s;
}

// {argmax:STAGE:ROW} {argmin:STAGE:ROW}: the label of the column
static int ph_argmax(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    size_t i, j;
    const Stage *s = ph_row(t, ph, &i, why, size);
    if (!s)
        return -1;
    bool found = strcmp(ph->arg[0], "argmax") == 0 ? mat_row_argmax(&s->m, i, &j)
                                                   : mat_row_argmin(&s->m, i, &j);
    if (!found) {
        snprintf(why, size, "row %zu of %s has no finite value", i + 1, s->name);
        return -1;
    }
    strbuf_puts(b, s->col_labels[j]);
    return 0;
}

// {rowsum:STAGE:ROW}: Σ_j STAGE[ROW][j]
static int ph_rowsum(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    size_t i;
    const Stage *s = ph_row(t, ph, &i, why, size);
    if (!s)
        return -1;
    put_number(b, mat_row_sum(&s->m, i), ph->decimals, true);
    return 0;
}

// {shape:STAGE} "3×4", {rows:STAGE} "3", {cols:STAGE} "4"
static int ph_shape(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    const Stage *s = ph_stage(t, ph->arg[1], why, size);
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
static int ph_cell(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
{
    const Stage *s = ph_stage(t, ph->arg[0], why, size);
    long i = s ? ph_index(s, false, ph->arg[1], why, size) : -1;
    long j = i >= 0 ? ph_index(s, true, ph->arg[2], why, size) : -1;
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
    {"argmax", 3, "argmax:STAGE:ROW", ph_argmax},
    {"argmin", 3, "argmin:STAGE:ROW", ph_argmax},
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
static int ph_fill(const Trace *t, const Ph *ph, StrBuf *b, char *why, size_t size)
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
    return kind->fill(t, ph, b, why, size);
}

// Fill one placeholder ("token:9", the text between the braces) into b: on its own
// string first, so that a placeholder that fails adds nothing but "{token:9?}".
static void fill_one(const Trace *t, const char *ph_text, size_t len, StrBuf *b,
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
        rc = ph_fill(t, &ph, &one, why, sizeof why);
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

char *lesson_fill(const char *text, const Trace *t, Lines *problems, const char *where)
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
        fill_one(t, c + 1, (size_t)(close - c - 1), &b, problems, where);
        c = close + 1;
    }
    return strbuf_close(&b);
}

char *question_prompt(const Question *q, const Trace *t)
{
    return lesson_fill(q->prompt, t, NULL, NULL);
}

// ─── sections ───────────────────────────────────────────────────────────────────

// Columns of the first / last character of s (0 for an empty string).
static int first_width(const char *s)
{
    return *s ? utf8_char(s, strlen(s)).width : 0;
}

static int last_width(const char *s)
{
    size_t len = strlen(s), at = len ? len - 1 : 0;
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80) // back over continuation bytes
        at--;
    return len ? utf8_char(s + at, len - at).width : 0;
}

// Join a paragraph's lines: a space between them, but none next to a wide character
// (Chinese text has no spaces, and a line break inside a sentence is not one).
static char *join_lines(const Paragraph *p)
{
    StrBuf b;
    if (strbuf_open(&b) != 0)
        return NULL;
    const char *tail = ""; // the last text added: the join looks at its last character
    for (size_t k = 0; k < p->n; k++) {
        const char *line = p->line[k];
        if (k > 0 && last_width(tail) < 2 && first_width(line) < 2) {
            strbuf_puts(&b, " ");
            tail = " ";
        }
        strbuf_puts(&b, line);
        if (*line)
            tail = line;
    }
    return strbuf_close(&b);
}

static int render_para(const Paragraph *p, const Trace *t, int width, Lines *out)
{
    if (p->kind == PARA_VERBATIM) {
        for (size_t k = 0; k < p->n; k++) {
            char *line = lesson_fill(p->line[k], t, NULL, NULL);
            if (!line || lines_addf(out, "    %s", line) != 0) {
                free(line);
                out->failed = 1;
                return -1;
            }
            free(line);
        }
        return 0;
    }
    char *joined = join_lines(p);
    char *text = joined ? lesson_fill(joined, t, NULL, NULL) : NULL;
    free(joined);
    if (!text) {
        out->failed = 1;
        return -1;
    }
    int rc = p->kind == PARA_ITEM ? lesson_wrap(text, width, "- ", "  ", out)
                                  : lesson_wrap(text, width, "", "", out);
    free(text);
    return rc;
}

int lesson_render(const Lesson *l, const Trace *t, const char *section, int wrap_width,
                  Lines *out)
{
    const LessonSection *s = lesson_section(l, section);
    for (size_t k = 0; s && k < s->npara; k++) {
        // Items in a row form one list: no blank line between them.
        bool list = k > 0 && s->para[k].kind == PARA_ITEM && s->para[k - 1].kind == PARA_ITEM;
        if (k > 0 && !list && lines_addf(out, "%s", "") != 0)
            return -1;
        if (render_para(&s->para[k], t, wrap_width, out) != 0)
            return -1;
    }
    return out->failed ? -1 : 0;
}

int lesson_notes(const Lesson *l, const Trace *t, const char *section, int wrap_width,
                 bool answers, Lines *out)
{
    const LessonSection *s = lesson_section(l, section);
    if (!s)
        return 0;
    if (lesson_render(l, t, section, wrap_width, out) != 0)
        return -1;
    bool zh = l->lang && strncmp(l->lang, "zh", 2) == 0; // the key's words in Chinese
    for (size_t k = 0; k < s->nq; k++) {
        const Question *q = &s->q[k];
        if (k == 0 && s->npara > 0 && lines_addf(out, "%s", "") != 0)
            return -1;
        char *prompt = question_prompt(q, t);
        if (!prompt) {
            out->failed = 1;
            return -1;
        }
        char answer[256];
        AtError e = {0};
        if (answers && question_expected(q, t, answer, sizeof answer, &e) != 0)
            snprintf(answer, sizeof answer, "(cannot be answered here: %.200s)", e.msg);
        StrBuf b;
        char *text = NULL;
        if (strbuf_open(&b) == 0) {
            strbuf_puts(&b, prompt);
            if (answers)
                strbuf_printf(&b, "%s%s", zh ? " → 答案：" : " → answer: ", answer);
            text = strbuf_close(&b);
        }
        free(prompt);
        if (!text) {
            out->failed = 1;
            return -1;
        }
        int rc = lesson_wrap(text, wrap_width, zh ? "问：" : "Q: ", zh ? "    " : "   ", out);
        free(text);
        if (rc != 0)
            return -1;
    }
    return out->failed ? -1 : 0;
}
