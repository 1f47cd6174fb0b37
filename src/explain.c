// explain.c — where every number comes from, term by term.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "tokenize.h"

#define NUM(x) fmt_num((char[32]){0}, 32, (x))
// A label padded to 8 columns by display width (CJK labels take two per character).
#define PAD(label) pad_label((char[160]){0}, 160, (label))

static const char *pad_label(char *buf, size_t size, const char *label)
{
    int w = text_width(label);
    if (w < 0)
        w = (int)strlen(label);
    snprintf(buf, size, "%s%*s", label, w < 8 ? 8 - w : 0, "");
    return buf;
}

// X, W_Q, W_K, W_V: inputs, not computed; say where they came from.
static void explain_input(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    const Inputs *in = t->in;
    double x = mat_get(&s->m, i, j);
    if (s->id == ST_EMBEDDINGS) {
        lines_addf(o, "embeddings[%zu][%zu] = %s: token \"%s\", dimension \"%s\"", i + 1, j + 1,
                   NUM(x), s->row_labels[i], s->col_labels[j]);
        if (in->generated[i])
            lines_addf(o, "\"%s\" is not in the vocabulary: its vector was generated from its "
                       "bytes and the seed (values in ±1)", s->row_labels[i]);
        else
            lines_addf(o, "looked up in %s (the row for \"%s\")", in->source[0], s->row_labels[i]);
        lines_addf(o, "an input: every later stage is computed from X and the weights");
        return;
    }
    int w = (int)(s->id - ST_WQ);
    static const char *const role[3] = {"query", "key", "value"};
    lines_addf(o, "%s[%zu][%zu] = %s: how much embedding dimension \"%s\" feeds %s column \"%s\"",
               s->name, i + 1, j + 1, NUM(x), s->row_labels[i], role[w], s->col_labels[j]);
    lines_addf(o, "a weight (learned in a real model) from %s", in->source[w + 1]);
}

// Q, K, V: out[i][c] = Σ_d X[i][d] · W[d][c]
static void explain_projection(const Trace *t, const Stage *s, size_t i, size_t c, Lines *o)
{
    const Stage *X = &t->stage[ST_EMBEDDINGS];
    const Stage *W = &t->stage[ST_WQ + (s->id - ST_Q)];
    lines_addf(o, "%s[%zu][%zu] = row %zu of X · column %zu of %s  (token \"%s\", column \"%s\")",
               s->name, i + 1, c + 1, i + 1, c + 1, W->name, s->row_labels[i], s->col_labels[c]);
    lines_addf(o, "= Σ_d X[%zu][d] · %s[d][%zu]", i + 1, W->name, c + 1);
    for (size_t d = 0; d < X->m.cols; d++) {
        double a = mat_get(&X->m, i, d), b = mat_get(&W->m, d, c);
        lines_addf(o, "  d=%zu %s %10s × %10s = %10s", d + 1, PAD(X->col_labels[d]), NUM(a), NUM(b),
                   NUM(a * b));
    }
    lines_addf(o, "  sum = %s", NUM(mat_get(&s->m, i, c)));
}

// scores[i][j] = q_i · k_j = Σ_c Q[i][c] · K[j][c]
static void explain_scores(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    const Stage *Q = &t->stage[ST_Q], *K = &t->stage[ST_K];
    lines_addf(o, "scores[%zu][%zu] = q_%zu · k_%zu  (query \"%s\", key \"%s\")", i + 1, j + 1,
               i + 1, j + 1, s->row_labels[i], s->col_labels[j]);
    lines_addf(o, "= Σ_c Q[%zu][c] · K[%zu][c]", i + 1, j + 1);
    for (size_t c = 0; c < Q->m.cols; c++) {
        double a = mat_get(&Q->m, i, c), b = mat_get(&K->m, j, c);
        lines_addf(o, "  c=%zu %10s × %10s = %10s", c + 1, NUM(a), NUM(b), NUM(a * b));
    }
    lines_addf(o, "  sum = %s", NUM(mat_get(&s->m, i, j)));
}

// scaled[i][j] = scores[i][j] / (√d_k · T)
static void explain_scaled(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    double raw = mat_get(&t->stage[ST_SCORES].m, i, j), x = mat_get(&s->m, i, j);
    lines_addf(o, "scaled[%zu][%zu]  (query \"%s\", key \"%s\")", i + 1, j + 1, s->row_labels[i],
               s->col_labels[j]);
    double T = t->opt.temperature;
    if (t->opt.scale && T == 1.0)
        lines_addf(o, "= scores[%zu][%zu] / √d_k = %s / √%zu = %s / %s = %s", i + 1, j + 1,
                   NUM(raw), t->d_k, NUM(raw), NUM(t->divisor), NUM(x));
    else if (t->opt.scale)
        lines_addf(o, "= scores[%zu][%zu] / (√d_k · T) = %s / (√%zu × %s) = %s / %s = %s", i + 1,
                   j + 1, NUM(raw), t->d_k, NUM(T), NUM(raw), NUM(t->divisor), NUM(x));
    else
        lines_addf(o, "= scores[%zu][%zu] / T = %s / %s = %s  (√d_k scaling is off)", i + 1,
                   j + 1, NUM(raw), NUM(T), NUM(x));
    if (t->opt.scale)
        lines_addf(o, "dividing by √d_k keeps the scores' spread the same whatever d_k is, so "
                   "softmax does not saturate");
}

static void explain_masked(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    (void)t;
    lines_addf(o, "masked[%zu][%zu]  (query \"%s\", key \"%s\")", i + 1, j + 1, s->row_labels[i],
               s->col_labels[j]);
    if (j > i)
        lines_addf(o, "= -inf: key %zu comes after query %zu, and a causal mask hides the future; "
                   "exp(-inf) = 0, so it gets no weight", j + 1, i + 1);
    else
        lines_addf(o, "= scaled[%zu][%zu] = %s: key %zu is not after query %zu, so it is kept",
                   i + 1, j + 1, NUM(mat_get(&s->m, i, j)), j + 1, i + 1);
}

// weights[i][j] = exp(s_ij − max_i) / Σ_k exp(s_ik − max_i)
static void explain_weights(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    const Stage *in = &t->stage[t->opt.mask == MASK_CAUSAL ? ST_MASKED : ST_SCALED];
    const double *row = mat_row(&in->m, i);
    size_t n = in->m.cols;
    double max = -INFINITY, sum = 0;
    for (size_t k = 0; k < n; k++)
        if (row[k] > max)
            max = row[k];
    for (size_t k = 0; k < n; k++)
        sum += exp(row[k] - max);
    lines_addf(o, "weights[%zu][%zu]  (query \"%s\", key \"%s\"): softmax of row %zu of %s",
               i + 1, j + 1, s->row_labels[i], s->col_labels[j], i + 1, in->name);
    lines_addf(o, "= exp(s_%zu%zu − max) / Σ_k exp(s_%zuk − max)", i + 1, j + 1, i + 1);
    lines_addf(o, "  max of the row = %s (subtracted so no exp overflows)", NUM(max));
    for (size_t k = 0; k < n; k++) {
        const char *mark = k == j ? "  ← this cell" : "";
        if (isinf(row[k]))
            lines_addf(o, "  k=%zu %s exp(-inf) = 0 (masked)%s", k + 1, PAD(in->col_labels[k]), mark);
        else
            lines_addf(o, "  k=%zu %s exp(%s − %s) = %s%s", k + 1, PAD(in->col_labels[k]),
                       NUM(row[k]), NUM(max), NUM(exp(row[k] - max)), mark);
    }
    lines_addf(o, "  sum = %s", NUM(sum));
    lines_addf(o, "  weights[%zu][%zu] = %s / %s = %s", i + 1, j + 1, NUM(exp(row[j] - max)),
               NUM(sum), NUM(mat_get(&s->m, i, j)));
}

// output[i][c] = Σ_j weights[i][j] · V[j][c]
static void explain_output(const Trace *t, const Stage *s, size_t i, size_t c, Lines *o)
{
    const Stage *W = trace_find_id(t, ST_WEIGHTS), *V = &t->stage[ST_V];
    lines_addf(o, "output[%zu][%zu] = Σ_j weights[%zu][j] · V[j][%zu]  (token \"%s\", column \"%s\")",
               i + 1, c + 1, i + 1, c + 1, s->row_labels[i], s->col_labels[c]);
    lines_addf(o, "= a weighted average of column \"%s\" of V over every token", s->col_labels[c]);
    for (size_t j = 0; j < W->m.cols; j++) {
        double a = mat_get(&W->m, i, j), b = mat_get(&V->m, j, c);
        lines_addf(o, "  j=%zu %s %10s × %10s = %10s", j + 1, PAD(W->col_labels[j]), NUM(a), NUM(b),
                   NUM(a * b));
    }
    lines_addf(o, "  sum = %s", NUM(mat_get(&s->m, i, c)));
}

int explain(const Trace *t, const Stage *s, size_t i, size_t j, Lines *out, AtError *e)
{
    memset(out, 0, sizeof *out);
    if (i >= s->m.rows || j >= s->m.cols)
        return at_fail(e, AT_EINPUT, "%s has %zu×%zu cells; there is no cell [%zu][%zu]", s->name,
                       s->m.rows, s->m.cols, i + 1, j + 1);
    switch (s->id) {
    case ST_EMBEDDINGS: case ST_WQ: case ST_WK: case ST_WV:
        explain_input(t, s, i, j, out);
        break;
    case ST_Q: case ST_K: case ST_V:
        explain_projection(t, s, i, j, out);
        break;
    case ST_SCORES:
        explain_scores(t, s, i, j, out);
        break;
    case ST_SCALED:
        explain_scaled(t, s, i, j, out);
        break;
    case ST_MASKED:
        explain_masked(t, s, i, j, out);
        break;
    case ST_WEIGHTS:
        explain_weights(t, s, i, j, out);
        break;
    case ST_OUTPUT:
        explain_output(t, s, i, j, out);
        break;
    case ST_COUNT:
        break;
    }
    if (out->failed) {
        lines_free(out);
        return at_fail(e, AT_ERUNTIME, "out of memory");
    }
    return 0;
}
