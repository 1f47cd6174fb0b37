// question.c — a lesson's questions: the expected answer from the trace (or from a
// what-if trace), the tolerance reading the screen allows, and the verdict on what a
// learner typed, with the known mistake it makes and the arithmetic behind the answer.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "explain.h"
#include "i18n.h"
#include "lesson.h"
#include "strbuf.h"

#define NUM(x) fmt_num((char[32]){0}, 32, (x))

typedef struct {
    const Stage *s;
    size_t i, j; // the row (argmax, argmin, rowsum, value, sharpen, same), the column
} Target;

static int resolve(const Question *q, const Trace *t, Target *g, AtError *e)
{
    g->s = trace_find_lenient(t, q->stage);
    if (!g->s)
        return at_fail(e, AT_EINPUT, _("stage \"%s\" %s"), q->stage, trace_missing_why(t, q->stage));
    g->i = g->j = 0;
    char why[256];
    if (q->row) {
        long i = lesson_index(t, g->s, false, q->row, why, sizeof why);
        if (i < 0)
            return at_fail(e, AT_EINPUT, "%s", why);
        g->i = (size_t)i;
    }
    if (q->col) {
        long j = lesson_index(t, g->s, true, q->col, why, sizeof why);
        if (j < 0)
            return at_fail(e, AT_EINPUT, "%s", why);
        g->j = (size_t)j;
    }
    return 0;
}

// ─── where the answer comes from: the trace, or a what-if of it ─────────────────

typedef struct {
    const Trace *at;           // the trace the answer is read from
    Target g;                  // the question's cell, row or column in it
    const Trace *base;         // sharpen, same: the trace compared with
    Target b;                  // the row there
    WhatIfTrace after, before; // the what-if traces (with q->whatif)
    bool built, before_built;
} Eval;

static void eval_close(Eval *v)
{
    if (v->built)
        whatif_free(&v->after);
    if (v->before_built)
        whatif_free(&v->before);
    v->built = v->before_built = false;
}

static int eval_open(const Question *q, const Trace *t, Eval *v, AtError *e)
{
    memset(v, 0, sizeof *v);
    v->at = v->base = t;
    if (q->kind == Q_CHOICE)
        return 0;
    Target g;
    if (resolve(q, t, &g, e) != 0)
        return -1;
    v->g = v->b = g;
    if (q->whatif == WHATIF_NONE)
        return 0;
    if (whatif_build(t, q->whatif, &v->after, &v->before, &v->before_built, e) != 0)
        return -1;
    v->built = true;
    v->at = &v->after.t;
    v->base = v->before_built ? &v->before.t : t;
    const Stage *a = trace_find(v->at, g.s->name), *b = trace_find(v->base, g.s->name);
    if (!a || !b) {
        eval_close(v);
        return at_fail(e, AT_EINPUT, _("stage \"%s\" is not in both traces of the what-if \"%s\""),
                       g.s->name, WHATIF_NAMES[q->whatif]);
    }
    v->g = (Target){a, whatif_map(t, g.s, q->whatif, false, g.i),
                    whatif_map(t, g.s, q->whatif, true, g.j)};
    v->b = (Target){b, g.i, g.j};
    return 0;
}

// ─── the expected answer ────────────────────────────────────────────────────────

static double column_sum(const Matrix *m, size_t j)
{
    double s = 0;
    for (size_t i = 0; i < m->rows; i++) {
        double x = mat_get(m, i, j);
        s += isinf(x) ? 0 : x; // a masked cell holds no weight
    }
    return s;
}

// The number a value, rowsum or colsum question asks for.
static double wanted(const Question *q, const Target *g)
{
    const Matrix *m = &g->s->m;
    return q->kind == Q_VALUE    ? mat_get(m, g->i, g->j)
           : q->kind == Q_ROWSUM ? mat_row_sum(m, g->i)
                                 : column_sum(m, g->j);
}

// The values of row i of m that are finite, sorted.
static size_t sorted_row(const Matrix *m, size_t i, double *out)
{
    size_t n = 0;
    for (size_t j = 0; j < m->cols; j++) {
        double x = mat_get(m, i, j);
        if (!isfinite(x))
            continue;
        size_t k = n++;
        while (k > 0 && out[k - 1] > x) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = x;
    }
    return n;
}

static bool close_enough(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

// sharpen: +1 sharper, -1 flatter, 0 the same (the largest weight, then the entropy).
static int sharpening(const Eval *v)
{
    double m0, h0, m1, h1;
    lesson_row_peak(&v->b.s->m, v->b.i, &m0, &h0);
    lesson_row_peak(&v->g.s->m, v->g.i, &m1, &h1);
    if (!close_enough(m0, m1))
        return m1 > m0 ? 1 : -1;
    if (!close_enough(h0, h1))
        return h1 < h0 ? 1 : -1;
    return 0;
}

// same: does the row hold the same values (in any order) in both traces?
static int sameness(const Eval *v, bool *same)
{
    const Matrix *a = &v->b.s->m, *b = &v->g.s->m;
    double *x = malloc((a->cols + b->cols + 1) * sizeof *x);
    if (!x)
        return -1;
    double *y = x + a->cols;
    size_t na = sorted_row(a, v->b.i, x), nb = sorted_row(b, v->g.i, y);
    *same = na == nb;
    for (size_t k = 0; *same && k < na; k++)
        *same = close_enough(x[k], y[k]);
    free(x);
    return 0;
}

// The first of a choice's answers ("b" of "b|B").
static void first_choice(const Question *q, char *out, size_t size)
{
    snprintf(out, size, "%.*s", (int)strcspn(q->choice, "|"), q->choice);
}

static int expected(const Question *q, const Eval *v, char *answer, size_t size, AtError *e)
{
    const Target *g = &v->g;
    const LessonPhrases *w = q->words;
    switch (q->kind) {
    case Q_ARGMAX:
    case Q_ARGMIN: {
        size_t at;
        bool found = q->kind == Q_ARGMAX ? mat_row_argmax(&g->s->m, g->i, &at)
                                         : mat_row_argmin(&g->s->m, g->i, &at);
        if (!found)
            return at_fail(e, AT_EINPUT, _("row %zu of %s has no finite value"), g->i + 1,
                           g->s->name);
        snprintf(answer, size, "%s", g->s->col_labels[at]);
        return 0;
    }
    case Q_VALUE:
    case Q_ROWSUM:
    case Q_COLSUM:
        fmt_num(answer, size, wanted(q, g));
        return 0;
    case Q_SHAPE:
        snprintf(answer, size, "%zu×%zu", g->s->m.rows, g->s->m.cols);
        return 0;
    case Q_CHOICE:
        first_choice(q, answer, size);
        return 0;
    case Q_SHARPEN: {
        int d = sharpening(v);
        snprintf(answer, size, "%s", d > 0 ? w->sharper : d < 0 ? w->flatter : w->same);
        return 0;
    }
    case Q_SAME: {
        bool same;
        if (sameness(v, &same) != 0)
            return at_fail(e, AT_ERUNTIME, _("out of memory"));
        snprintf(answer, size, "%s", same ? w->same : w->different);
        return 0;
    }
    case Q_KIND_COUNT:
        break;
    }
    return at_fail(e, AT_EINPUT, _("unknown question kind"));
}

int question_expected(const Question *q, const Trace *t, char *answer, size_t size,
                      AtError *e)
{
    Eval v;
    if (eval_open(q, t, &v, e) != 0)
        return -1;
    int rc = expected(q, &v, answer, size, e);
    eval_close(&v);
    return rc;
}

// ─── tolerance: what reading the screen allows ──────────────────────────────────

// Half a unit of the last decimal the stepper shows: how far a number read off the
// screen can be from the number itself.
static double screen_step(void)
{
    return 0.5 * pow(10, -LESSON_SCREEN_DECIMALS);
}

// How far Σ_k a_k·b_k can move when every a_k and b_k is read off the screen: each term
// (a ± h)(b ± h) is off by at most (|a| + |b|)·h + h².
static double dot_bound(const Matrix *A, size_t i, size_t a0, const Matrix *B, size_t j,
                        size_t b0, bool b_column, size_t n)
{
    double h = screen_step(), sum = 0;
    for (size_t k = 0; k < n; k++) {
        double a = mat_get(A, i, a0 + k);
        double b = b_column ? mat_get(B, b0 + k, j) : mat_get(B, j, b0 + k);
        if (isfinite(a) && isfinite(b))
            sum += (fabs(a) + fabs(b)) * h + h * h;
    }
    return sum;
}

// How far a cell worked out by hand from the numbers on the screen (the operands the
// stage is computed from, as explain() names them) can be from the cell itself.
static double operand_bound(const Trace *t, const Stage *s, size_t i, size_t j)
{
    double h = screen_step();
    const Stage *X, *W;
    switch (s->id) {
    case ST_Q:
    case ST_K:
    case ST_V: // row i of X (or X_src) · column j of W
        X = trace_find_id(t, t->cross && s->id != ST_Q ? ST_SOURCE : ST_EMBEDDINGS);
        W = trace_find_id(t, (StageId)(ST_WQ + (s->id - ST_Q)));
        return X && W ? dot_bound(&X->m, i, 0, &W->m, j, 0, true, X->m.cols) : h;
    case ST_SCORES: { // q_i · k_j over the head's columns
        const Stage *Q = trace_find_id(t, ST_Q), *K = trace_find_id(t, ST_K);
        return Q && K ? dot_bound(&Q->m, i, s->qk0, &K->m, j, s->k0, false, s->qk1 - s->qk0)
                      : h;
    }
    case ST_SCALED:
    case ST_MASKED: // a score read off the screen, divided
        return t->divisor > 0 ? h / fmin(1.0, t->divisor) : h;
    case ST_WEIGHTS: // ∂w_j/∂s_k = w_j(δ_jk − w_k): Σ_k |…|·h = 2w_j(1 − w_j)·h ≤ h/2
        return h / 2;
    case ST_OUTPUT: {
        if (s->head == 0 && t->heads > 1) { // concat row · W_O column
            X = trace_find_id(t, ST_CONCAT);
            W = trace_find_id(t, ST_WO);
            return X && W ? dot_bound(&X->m, i, 0, &W->m, j, 0, true, X->m.cols) : h;
        }
        const Stage *wt = trace_find_head(t, ST_WEIGHTS, s->head), *V = trace_find_id(t, ST_V);
        return wt && V ? dot_bound(&wt->m, i, 0, &V->m, s->v0 + j, 0, true, wt->m.cols) : h;
    }
    default: // an input, or concat: read off the screen as it is
        return 0;
    }
}

// Finite cells of row i (column j): the ones a sum adds.
static size_t finite_cells(const Matrix *m, bool column, size_t k)
{
    size_t n = 0, count = column ? m->rows : m->cols;
    for (size_t x = 0; x < count; x++)
        n += isfinite(column ? mat_get(m, x, k) : mat_get(m, k, x));
    return n;
}

static double tolerance(const Question *q, const Eval *v)
{
    double h = screen_step();
    const Target *g = &v->g;
    switch (q->kind) {
    case Q_VALUE: // typing the result to the screen's decimals adds h
        return fmax(q->tol, h + (q->whatif ? 0 : operand_bound(v->at, g->s, g->i, g->j)));
    case Q_ROWSUM:
        return fmax(q->tol, (double)finite_cells(&g->s->m, false, g->i) * h);
    case Q_COLSUM:
        return fmax(q->tol, (double)finite_cells(&g->s->m, true, g->j) * h);
    case Q_CHOICE: {
        char first[256];
        double x;
        first_choice(q, first, sizeof first);
        return answer_number(first, &x) ? q->tol : 0;
    }
    default:
        return 0;
    }
}

double question_tolerance(const Question *q, const Trace *t)
{
    Eval v;
    AtError e = {0};
    if (eval_open(q, t, &v, &e) != 0)
        return q->kind == Q_VALUE || q->kind == Q_ROWSUM || q->kind == Q_COLSUM ? q->tol : 0;
    double tol = tolerance(q, &v);
    eval_close(&v);
    return tol;
}

void question_tol_text(double tol, char *buf, size_t size)
{
    if (!(tol > 0) || !isfinite(tol)) {
        snprintf(buf, size, "0");
        return;
    }
    int e = (int)floor(log10(tol)) - 1; // two significant digits: units of 10^e
    double unit = pow(10, e);
    double x = floor(tol / unit * (1 + 1e-12)) * unit; // rounded down: never promise more
    snprintf(buf, size, "%.*f", e < 0 ? -e : 0, x);
    char *dot = strchr(buf, '.'); // "0.0050" → "0.005"
    for (size_t n = strlen(buf); dot && n > 0 && buf[n - 1] == '0'; n--)
        buf[n - 1] = '\0';
    if (dot && dot[1] == '\0')
        *dot = '\0';
}

// ─── outcome, for the teacher's key ─────────────────────────────────────────────

int question_outcome(const Question *q, const Trace *t, char *out, size_t size, AtError *e)
{
    const LessonPhrases *w = q->words;
    out[0] = '\0';
    if (q->kind != Q_SHARPEN && q->kind != Q_SAME) {
        snprintf(out, size, "%s", q->predict ? w->predicted : "");
        return 0;
    }
    Eval v;
    if (eval_open(q, t, &v, e) != 0)
        return -1;
    double m0, h0, m1, h1;
    lesson_row_peak(&v.b.s->m, v.b.i, &m0, &h0);
    lesson_row_peak(&v.g.s->m, v.g.i, &m1, &h1);
    bool same = false;
    int rc = q->kind == Q_SAME ? sameness(&v, &same) : 0;
    eval_close(&v);
    if (rc != 0)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    const char *what = w->whatif_words[q->whatif];
    int n = snprintf(out, size, "%s%s", q->predict ? w->predicted : "",
                     q->predict ? (strcmp(w->lang, "zh") == 0 ? "；" : "; ") : "");
    if (n < 0 || (size_t)n >= size)
        return 0;
    if (same)
        lesson_sayn(out + n, size - (size_t)n, w->outcome_same, what, NULL, NULL);
    else
        lesson_sayn(out + n, size - (size_t)n, w->outcome_sharpen, NUM(m0), NUM(m1), what);
    return 0;
}

// ─── reading an answer ──────────────────────────────────────────────────────────

typedef struct {
    bool readable;
    size_t col;      // argmax, argmin: the column named
    double x;        // numbers
    size_t r, c;     // shape
    int word;        // sharpen: +1, -1, 0; same: 1 same, 0 different; choice: matched
    size_t named;    // 1 + the known mistake that names this answer word for word; 0: none
    char text[256];  // the normalized answer
} Reading;

// A column of g's stage by label (ASCII case ignored) or 1-based number.
static bool read_column(const Stage *s, const char *text, size_t *col)
{
    for (size_t j = 0; j < s->m.cols; j++)
        if (strcasecmp(text, s->col_labels[j]) == 0) {
            *col = j;
            return true;
        }
    double x;
    if (answer_number(text, &x) && x >= 1 && x <= (double)s->m.cols && x == floor(x)) {
        *col = (size_t)x - 1;
        return true;
    }
    return false;
}

static const char *const *const SHARPEN_WORDS[] = {LESSON_FLATTER, LESSON_SAME, LESSON_SHARPER};

// sharpen: -1 flatter, 0 the same, +1 sharper; 2 when none of them.
static int read_sharpen(const char *text)
{
    for (int k = 0; k < 3; k++)
        if (answer_word(text, SHARPEN_WORDS[k]) >= 0)
            return k - 1;
    return 2;
}

// same: 1 the same, 0 different (sharper and flatter are different too); -1 neither.
static int read_same(const char *text)
{
    if (answer_word(text, LESSON_SAME) >= 0)
        return 1;
    if (answer_word(text, LESSON_DIFFERENT) >= 0 || answer_word(text, LESSON_SHARPER) >= 0 ||
        answer_word(text, LESSON_FLATTER) >= 0)
        return 0;
    return -1;
}

typedef enum { CHOICE_LETTER, CHOICE_NUMBER, CHOICE_WORDS } ChoiceForm;

static ChoiceForm choice_form(const Question *q)
{
    char first[256];
    double x;
    first_choice(q, first, sizeof first);
    if (strlen(first) == 1 && ((first[0] >= 'a' && first[0] <= 'z') ||
                               (first[0] >= 'A' && first[0] <= 'Z')))
        return CHOICE_LETTER;
    return answer_number(first, &x) ? CHOICE_NUMBER : CHOICE_WORDS;
}

// "(b)", "b)", "b." → "b"
static void letter_of(const char *text, char *out, size_t size)
{
    const char *s = text + strspn(text, "( ");
    size_t n = strcspn(s, ").");
    snprintf(out, size, "%.*s", (int)n, s);
    while (*out && out[strlen(out) - 1] == ' ')
        out[strlen(out) - 1] = '\0';
}

// Which of the choice's answers text is (its index), or -1.
static int choice_match(const Question *q, const Reading *r, const char *text, double tol)
{
    ChoiceForm form = choice_form(q);
    int k = 0;
    for (const char *c = q->choice; *c; k++) {
        size_t n = strcspn(c, "|");
        char alt[256];
        snprintf(alt, sizeof alt, "%.*s", (int)n, c);
        double x;
        bool hit = form == CHOICE_NUMBER ? answer_number(alt, &x) && fabs(x - r->x) <= tol + 1e-12
                   : form == CHOICE_LETTER ? strcasecmp(alt, text) == 0
                                           : answer_word(text, (const char *[]){alt, NULL}) >= 0;
        if (hit)
            return k;
        c += n + (c[n] == '|');
    }
    return -1;
}

// Read the answer in the form the question expects; r->readable says whether it was.
static void read_answer(const Question *q, const Eval *v, const char *user, Reading *r)
{
    memset(r, 0, sizeof *r);
    answer_normalize(user, r->text, sizeof r->text);
    switch (q->kind) {
    case Q_ARGMAX:
    case Q_ARGMIN:
        r->readable = read_column(v->g.s, r->text, &r->col);
        break;
    case Q_VALUE:
    case Q_ROWSUM:
    case Q_COLSUM:
        r->readable = answer_number(r->text, &r->x);
        break;
    case Q_SHAPE:
        r->readable = answer_shape(r->text, &r->r, &r->c);
        break;
    case Q_CHOICE: {
        ChoiceForm form = choice_form(q);
        if (form == CHOICE_LETTER) {
            char letter[256];
            letter_of(r->text, letter, sizeof letter);
            r->readable = strlen(letter) == 1 && ((letter[0] >= 'a' && letter[0] <= 'z') ||
                                                  (letter[0] >= 'A' && letter[0] <= 'Z'));
            snprintf(r->text, sizeof r->text, "%s", letter);
        } else {
            r->readable = form == CHOICE_WORDS || answer_number(r->text, &r->x);
        }
        break;
    }
    case Q_SHARPEN:
        r->word = read_sharpen(r->text);
        r->readable = r->word != 2;
        break;
    case Q_SAME:
        r->word = read_same(r->text);
        r->readable = r->word >= 0;
        break;
    case Q_KIND_COUNT:
        break;
    }
}

// Two values indistinguishable on the screen (the same at its decimals).
static bool same_on_screen(double a, double b)
{
    double k = pow(10, LESSON_SCREEN_DECIMALS);
    return round(a * k) == round(b * k);
}

static bool is_right(const Question *q, const Eval *v, const Reading *r, double tol)
{
    const Target *g = &v->g;
    switch (q->kind) {
    case Q_ARGMAX:
    case Q_ARGMIN: { // any column that ties with the best, as far as the screen can tell
        size_t best = 0;
        bool found = q->kind == Q_ARGMAX ? mat_row_argmax(&g->s->m, g->i, &best)
                                         : mat_row_argmin(&g->s->m, g->i, &best);
        double x = mat_get(&g->s->m, g->i, r->col);
        return found && isfinite(x) && same_on_screen(x, mat_get(&g->s->m, g->i, best));
    }
    case Q_VALUE:
    case Q_ROWSUM:
    case Q_COLSUM: {
        double want = wanted(q, g);
        return isinf(want) ? r->x == want : !isinf(r->x) && fabs(r->x - want) <= tol + 1e-12;
    }
    case Q_SHAPE:
        return r->r == g->s->m.rows && r->c == g->s->m.cols;
    case Q_CHOICE:
        return choice_match(q, r, r->text, tol) >= 0;
    case Q_SHARPEN:
        return r->word == sharpening(v);
    case Q_SAME: {
        bool same = false;
        sameness(v, &same);
        return r->word == (same ? 1 : 0);
    }
    case Q_KIND_COUNT:
        break;
    }
    return false;
}

// ─── known mistakes ─────────────────────────────────────────────────────────────

// "6×(4*2)" → 6, 8: a shape whose sides may be arithmetic.
static bool mistake_shape(const char *text, size_t *rows, size_t *cols)
{
    if (answer_shape(text, rows, cols))
        return true;
    const char *x = strstr(text, "×");
    size_t skip = strlen("×");
    if (!x) {
        x = strchr(text, 'x');
        skip = 1;
    }
    if (!x)
        return false;
    char left[256];
    snprintf(left, sizeof left, "%.*s", (int)(x - text), text);
    double a, b;
    if (!answer_expr(left, &a) || !answer_expr(x + skip, &b) || !(a >= 0 && a < 1e15) ||
        !(b >= 0 && b < 1e15))
        return false;
    *rows = (size_t)llround(a);
    *cols = (size_t)llround(b);
    return true;
}

// 1 + the first known mistake whose answer, filled in, is text (ASCII case ignored);
// 0 when none.
static size_t mistake_named(const Question *q, const Trace *t, const char *text, bool *oom)
{
    for (size_t k = 0; k < q->nmistake; k++) {
        char *answer = lesson_fill(q->mistake[k].answer, t, q->words, NULL, NULL);
        char norm[256];
        if (!answer) {
            *oom = true;
            return 0;
        }
        answer_normalize(answer, norm, sizeof norm);
        free(answer);
        if (*text && strcasecmp(norm, text) == 0)
            return k + 1;
    }
    return 0;
}

// Is the learner's answer r this known mistake (its answer already filled in)?
static bool is_mistake(const Question *q, const Eval *v, const Reading *r, const char *answer,
                       double tol)
{
    if (r->named) {
        char norm[256];
        answer_normalize(answer, norm, sizeof norm);
        return strcasecmp(norm, r->text) == 0;
    }
    switch (q->kind) {
    case Q_ARGMAX:
    case Q_ARGMIN: {
        size_t col;
        char norm[256];
        answer_normalize(answer, norm, sizeof norm);
        return read_column(v->g.s, norm, &col) && col == r->col;
    }
    case Q_VALUE:
    case Q_ROWSUM:
    case Q_COLSUM: {
        double x;
        return answer_expr(answer, &x) && !isnan(x) &&
               (isinf(x) ? r->x == x : !isinf(r->x) && fabs(r->x - x) <= tol + 1e-12);
    }
    case Q_SHAPE: {
        size_t rows, cols;
        return mistake_shape(answer, &rows, &cols) && rows == r->r && cols == r->c;
    }
    case Q_CHOICE: {
        ChoiceForm form = choice_form(q);
        double x;
        if (form == CHOICE_NUMBER)
            return answer_expr(answer, &x) && isfinite(x) && fabs(x - r->x) <= tol + 1e-12;
        char norm[256];
        answer_normalize(answer, norm, sizeof norm);
        if (form == CHOICE_LETTER)
            return strcasecmp(norm, r->text) == 0;
        return answer_word(r->text, (const char *[]){norm, NULL}) >= 0;
    }
    case Q_SHARPEN:
        return read_sharpen(answer) == r->word;
    case Q_SAME:
        return read_same(answer) == r->word;
    case Q_KIND_COUNT:
        break;
    }
    return false;
}

int question_mistake_readable(const Question *q, const Trace *t, const Mistake *m, char *why,
                              size_t size)
{
    Eval v;
    AtError e = {0};
    if (eval_open(q, t, &v, &e) != 0)
        return 1; // the question itself is reported
    char *answer = lesson_fill(m->answer, t, q->words, NULL, NULL);
    bool ok = answer != NULL;
    double x;
    size_t r, c;
    char norm[256];
    if (ok) {
        answer_normalize(answer, norm, sizeof norm);
        switch (q->kind) {
        case Q_ARGMAX:
        case Q_ARGMIN: // a label that is no column is matched word for word ("love")
            ok = *norm != '\0';
            break;
        case Q_VALUE:
        case Q_ROWSUM:
        case Q_COLSUM:
            ok = answer_expr(answer, &x);
            break;
        case Q_SHAPE:
            ok = mistake_shape(answer, &r, &c);
            break;
        case Q_CHOICE:
            ok = choice_form(q) == CHOICE_NUMBER ? answer_expr(answer, &x) : *norm != '\0';
            break;
        case Q_SHARPEN:
            ok = read_sharpen(answer) != 2;
            break;
        case Q_SAME:
            ok = read_same(answer) >= 0;
            break;
        case Q_KIND_COUNT:
            break;
        }
        if (!ok)
            snprintf(why, size, "the known wrong answer \"%.200s\" cannot be read as an answer "
                     "to this %s question", answer, QUESTION_KINDS[q->kind]);
    } else {
        snprintf(why, size, "out of memory");
    }
    free(answer);
    eval_close(&v);
    return ok ? 1 : 0;
}

// The feedback of the first known mistake the answer makes, filled in; NULL if none (or
// out of memory: *oom).
static char *mistake_feedback(const Question *q, const Trace *t, const Eval *v,
                              const Reading *r, double tol, bool *oom)
{
    for (size_t k = 0; k < q->nmistake; k++) {
        Lines unfit = {0}; // a wrong answer that cannot be worked out here does not apply
        char *answer = lesson_fill(q->mistake[k].answer, t, q->words, &unfit, "");
        bool fits = unfit.n == 0;
        lines_free(&unfit);
        if (!answer) {
            *oom = true;
            return NULL;
        }
        bool hit = fits && is_mistake(q, v, r, answer, tol);
        free(answer);
        if (hit) {
            char *fb = lesson_fill(q->mistake[k].feedback, t, q->words, NULL, NULL);
            *oom = fb == NULL;
            return fb;
        }
    }
    return NULL;
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

// "row "it" of weights: the 0.1000, cat 0.3000, it 0.6000" (a column: "column "cat"
// of weights: the 0.0663, …"), however long.
static void add_cells(const Stage *s, bool column, size_t k, Lines *fb)
{
    StrBuf b;
    if (strbuf_open(&b) != 0) {
        fb->failed = 1;
        return;
    }
    if (column)
        strbuf_printf(&b, _("  column \"%s\" of %s:"), s->col_labels[k], s->name);
    else
        strbuf_printf(&b, _("  row \"%s\" of %s:"), s->row_labels[k], s->name);
    size_t count = column ? s->m.rows : s->m.cols;
    for (size_t x = 0; x < count; x++)
        strbuf_printf(&b, "%s %s %s", x ? "," : "", column ? s->row_labels[x] : s->col_labels[x],
                      NUM(column ? mat_get(&s->m, x, k) : mat_get(&s->m, k, x)));
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
        lines_addf(fb, _("  one row per token (%s = %zu), one column per embedding dimension "
                   "(d_model = %zu)"), s->id == ST_SOURCE ? "m" : "n", s->m.rows, d);
        break;
    case ST_WQ: case ST_WK: case ST_WV:
        lines_addf(fb, _("  d_model rows (%zu) by %s columns (%zu): it maps a %zu-wide embedding "
                   "to a %zu-wide %s"), d, s->id == ST_WV ? "d_v" : "d_k", s->m.cols, d,
                   s->m.cols, s->id == ST_WQ ? "query" : s->id == ST_WK ? "key" : "value");
        break;
    case ST_WO:
        lines_addf(fb, _("  d_v rows (%zu, the concat's columns) by d_model columns (%zu)"), dv, d);
        break;
    case ST_Q: case ST_K: case ST_V:
        lines_addf(fb, _("  %s: (%zu×%zu)·(%zu×%zu) → %zu×%zu, one row per token"), s->formula,
                   s->m.rows, d, d, s->m.cols, s->m.rows, s->m.cols);
        break;
    case ST_SCORES: case ST_SCALED: case ST_MASKED: case ST_WEIGHTS:
        lines_addf(fb, _("  Q·Kᵀ: (%zu×%zu)·(%zu×%zu) → %zu×%zu, one row per query token, one "
                   "column per key token"), n, w, w, m, n, m);
        if (s->head)
            lines_addf(fb, _("  head %d uses %zu of the d_k = %zu columns of Q and K"), s->head, w,
                       dk);
        if (s->id != ST_SCORES)
            lines_addf(fb, _("  %s works cell by cell, so the shape stays %zu×%zu"), s->name, n, m);
        break;
    case ST_OUTPUT:
        if (s->head == 0 && t->heads > 1)
            lines_addf(fb, _("  concat·W_O: (%zu×%zu)·(%zu×%zu) → %zu×%zu, a new vector for each "
                       "token"), n, dv, dv, d, n, d);
        else
            lines_addf(fb, _("  weights·V: (%zu×%zu)·(%zu×%zu) → %zu×%zu, a new vector for each "
                       "token"), n, m, m, wv, n, wv);
        break;
    case ST_CONCAT:
        lines_addf(fb, _("  %zu heads × (%zu×%zu) side by side → %zu×%zu"), t->heads, n, t->dv_head,
                   n, dv);
        break;
    case ST_COUNT:
        break;
    }
}

// The arithmetic behind the expected answer, after a wrong one.
static void add_why(const Question *q, const Eval *v, Lines *fb)
{
    const Target *g = &v->g;
    size_t at;
    switch (q->kind) {
    case Q_ARGMAX:
    case Q_ARGMIN:
        add_cells(g->s, false, g->i, fb);
        if (q->kind == Q_ARGMAX ? mat_row_argmax(&g->s->m, g->i, &at)
                                : mat_row_argmin(&g->s->m, g->i, &at))
            add_explain(v->at, g->s, g->i, at, fb);
        break;
    case Q_VALUE:
        add_explain(v->at, g->s, g->i, g->j, fb);
        break;
    case Q_ROWSUM:
        add_cells(g->s, false, g->i, fb);
        break;
    case Q_COLSUM:
        add_cells(g->s, true, g->j, fb);
        break;
    case Q_SHAPE:
        add_shape(v->at, g->s, fb);
        break;
    default:
        break;
    }
}

// An answer's text for the verdict, whole but bounded.
#define SHOWN(s) ((int)(strlen(s) > 200 ? 200 : strlen(s))), (s)

static void add_feedback(const Question *q, const Trace *t, const Eval *v, const Reading *r,
                         const char *user, const char *want, bool right, double tol, Lines *fb)
{
    const LessonPhrases *w = q->words;
    char tol_text[32];
    question_tol_text(tol, tol_text, sizeof tol_text);
    char line[1024];
    if (right) {
        lesson_sayn(line, sizeof line, w->right, want, NULL, NULL);
        lines_addf(fb, "%s", line);
        bool number = q->kind == Q_VALUE || q->kind == Q_ROWSUM || q->kind == Q_COLSUM;
        double x = number ? wanted(q, &v->g) : 0;
        if (number && isfinite(x) && fabs(r->x - x) > q->tol) { // right thanks to rounding
            lesson_sayn(line, sizeof line, w->rounded, tol_text, NULL, NULL);
            lines_addf(fb, "  %s", line);
        }
        return;
    }
    char user_shown[256];
    snprintf(user_shown, sizeof user_shown, "%.*s", SHOWN(user));
    lesson_sayn(line, sizeof line, w->wrong, user_shown, want, NULL);
    lines_addf(fb, "%s", line);
    bool oom = false;
    char *said = mistake_feedback(q, t, v, r, tol, &oom);
    if (oom)
        fb->failed = 1;
    if (said)
        lines_addf(fb, "  %s", said);
    free(said);
    if (tol > 0 && q->kind != Q_CHOICE) {
        lesson_sayn(line, sizeof line, w->within, tol_text, NULL, NULL);
        lines_addf(fb, "  %s", line);
    }
    if (q->kind == Q_SHARPEN || q->kind == Q_SAME) {
        char outcome[512];
        AtError e = {0};
        if (question_outcome(q, t, outcome, sizeof outcome, &e) == 0 && outcome[0])
            lines_addf(fb, "  %s", outcome);
    }
    add_why(q, v, fb);
}

// The hint for an answer that is not of the expected form.
static void add_hint(const Question *q, const Eval *v, Lines *fb)
{
    const LessonPhrases *w = q->words;
    switch (q->kind) {
    case Q_ARGMAX:
    case Q_ARGMIN: {
        const Stage *s = v->g.s;
        StrBuf b;
        if (strbuf_open(&b) != 0) {
            fb->failed = 1;
            return;
        }
        size_t shown = s->m.cols > 12 ? 12 : s->m.cols;
        for (size_t j = 0; j < shown; j++)
            strbuf_printf(&b, "%s%s", j ? " " : "", s->col_labels[j]);
        if (shown < s->m.cols)
            strbuf_puts(&b, " …");
        char *list = strbuf_close(&b);
        if (!list) {
            fb->failed = 1;
            return;
        }
        char line[1024], count[32];
        snprintf(count, sizeof count, "%zu", s->m.cols);
        lesson_sayn(line, sizeof line, w->hint_label, list, count, NULL);
        free(list);
        lines_addf(fb, "%s", line);
        return;
    }
    case Q_SHAPE:
        lines_addf(fb, "%s", w->hint_shape);
        return;
    case Q_CHOICE:
        lines_addf(fb, "%s", choice_form(q) == CHOICE_LETTER ? w->hint_letter : w->hint_number);
        return;
    case Q_SHARPEN:
        lines_addf(fb, "%s", w->hint_sharpen);
        return;
    case Q_SAME:
        lines_addf(fb, "%s", w->hint_same);
        return;
    default:
        lines_addf(fb, "%s", w->hint_number);
        return;
    }
}

int question_answer(const Question *q, const Trace *t, const char *user_answer,
                    AnswerVerdict *verdict, Lines *feedback, AtError *e)
{
    char want[256];
    if (question_expected(q, t, want, sizeof want, e) != 0)
        return -1;
    Eval v;
    if (eval_open(q, t, &v, e) != 0)
        return -1;
    Reading r;
    read_answer(q, &v, user_answer, &r);
    double tol = tolerance(q, &v);
    // An answer of another form that a known mistake names word for word ("love" for a
    // key of the source "我爱猫") is that mistake: wrong, and said why.
    bool oom = false;
    if (!r.readable && (r.named = mistake_named(q, t, r.text, &oom)) != 0)
        r.readable = true;
    if (oom) {
        eval_close(&v);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    bool right = r.readable && !r.named && is_right(q, &v, &r, tol);
    *verdict = !r.readable ? ANSWER_UNREADABLE : right ? ANSWER_RIGHT : ANSWER_WRONG;
    if (feedback) {
        if (r.readable)
            add_feedback(q, t, &v, &r, r.text, want, right, tol, feedback);
        else
            add_hint(q, &v, feedback);
    }
    eval_close(&v);
    if (feedback && feedback->failed)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    return 0;
}

long question_accepts(const Question *q, const Trace *t, const Lines *answers)
{
    Eval v;
    AtError e = {0};
    if (eval_open(q, t, &v, &e) != 0)
        return -1;
    double tol = tolerance(q, &v);
    long found = -1;
    for (size_t k = 0; k < answers->n && found < 0; k++) {
        Reading r;
        read_answer(q, &v, answers->line[k], &r);
        if (r.readable && is_right(q, &v, &r, tol))
            found = (long)k;
    }
    eval_close(&v);
    return found;
}

int question_check(const Question *q, const Trace *t, const char *user_answer, bool *correct,
                   Lines *feedback, AtError *e)
{
    AnswerVerdict v;
    Lines fb = {0};
    if (question_answer(q, t, user_answer, &v, &fb, e) != 0) {
        lines_free(&fb);
        return -1;
    }
    *correct = v == ANSWER_RIGHT;
    if (v == ANSWER_UNREADABLE) {
        int rc = at_fail(e, AT_EINPUT, "%s", fb.n ? fb.line[0] : "");
        lines_free(&fb);
        return rc;
    }
    if (feedback)
        *feedback = fb;
    else
        lines_free(&fb);
    return 0;
}
