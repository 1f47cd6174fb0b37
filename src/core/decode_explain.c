// decode_explain.c — the arithmetic of one cell of a decode step (see decode.h).
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "i18n.h"

#define NUM(x) fmt_num((char[32]){0}, 32, (x))

// q_t, k_t, v_t: Σ_d x_t[d]·W[d][c]
static void explain_new(const Decode *d, const DecodeStage *ds, size_t c, Lines *o)
{
    const Inputs *in = d->t->in;
    int w = (int)(ds->kind - DEC_Q);
    static const char *const W[3] = {"W_Q", "W_K", "W_V"};
    size_t t = ds->step;
    lines_addf(o, _("%s[1][%zu] = x_%zu · column %zu of %s  (token \"%s\", column \"%s\")"),
               ds->s.name, c + 1, t, c + 1, W[w], ds->s.row_labels[0], ds->s.col_labels[c]);
    lines_addf(o, _("only the new token is projected: tokens 1..%zu were projected at their own "
               "steps and wait in the cache"), t - 1);
    for (size_t k = 0; k < in->X.cols; k++) {
        double a = mat_get(&in->X, t - 1, k), b = mat_get(&in->W[w], k, c);
        lines_addf(o, "  d=%zu %10s × %10s = %10s", k + 1, NUM(a), NUM(b), NUM(a * b));
    }
    lines_addf(o, _("  sum = %s"), NUM(mat_get(&ds->s.m, 0, c)));
}

// K[1..t], V[1..t]: an old row kept, or the new one appended
static void explain_cache(const DecodeStage *ds, size_t i, size_t c, Lines *o)
{
    const char *row = ds->kind == DEC_KCACHE ? "k" : "v";
    size_t t = ds->step;
    lines_addf(o, _("%s[%zu][%zu] = %s  (token \"%s\", column \"%s\")"), ds->s.name, i + 1, c + 1,
               NUM(mat_get(&ds->s.m, i, c)), ds->s.row_labels[i], ds->s.col_labels[c]);
    if (i + 1 == t)
        lines_addf(o, _("= %s_%zu[%zu]: the row appended at this step"), row, t, c + 1);
    else
        lines_addf(o, _("= %s_%zu[%zu], computed at step %zu and kept: a cache never recomputes "
                   "an old token's key or value"), row, i + 1, c + 1, i + 1);
}

// scores[1][j] = q_t · k_j / divisor over the head's columns
static void explain_scores(const Decode *d, const DecodeStage *ds, size_t j, Lines *o)
{
    const Trace *t = d->t;
    const DecodeStage *q = decode_find_kind(d, ds->step, DEC_Q, 0);
    const DecodeStage *K = decode_find_kind(d, ds->step, DEC_KCACHE, 0);
    const Stage *s = &ds->s;
    double dot = 0;
    lines_addf(o, _("%s[1][%zu] = q_%zu · k_%zu / %s  (query \"%s\", key \"%s\")"), s->name, j + 1,
               ds->step, j + 1, NUM(t->divisor), s->row_labels[0], s->col_labels[j]);
    for (size_t c = 0; c < s->qk1 - s->qk0; c++) {
        double a = mat_get(&q->s.m, 0, s->qk0 + c), b = mat_get(&K->s.m, j, s->k0 + c);
        dot += a * b;
        lines_addf(o, "  q c=%zu, K c=%zu %10s × %10s = %10s", s->qk0 + c + 1, s->k0 + c + 1,
                   NUM(a), NUM(b), NUM(a * b));
    }
    lines_addf(o, _("  sum = %s; / %s = %s"), NUM(dot), NUM(t->divisor), NUM(mat_get(&s->m, 0, j)));
    lines_addf(o, _("no mask: the cache holds only tokens 1..%zu, none after the query"), ds->step);
}

// weights[1][j] = exp(s_j − max) / Σ_k exp(s_k − max)
static void explain_weights(const Decode *d, const DecodeStage *ds, size_t j, Lines *o)
{
    const DecodeStage *sc = decode_find_kind(d, ds->step, DEC_SCORES, ds->s.head);
    const double *row = mat_row(&sc->s.m, 0);
    size_t n = sc->s.m.cols;
    double max = -INFINITY, sum = 0;
    for (size_t k = 0; k < n; k++)
        max = row[k] > max ? row[k] : max;
    for (size_t k = 0; k < n; k++)
        sum += exp(row[k] - max);
    lines_addf(o, _("%s[1][%zu]  (query \"%s\", key \"%s\"): softmax of %s over the %zu cached "
               "keys"), ds->s.name, j + 1, ds->s.row_labels[0], ds->s.col_labels[j], sc->s.name, n);
    lines_addf(o, "= exp(%s − %s) / %s = %s", NUM(row[j]), NUM(max), NUM(sum),
               NUM(mat_get(&ds->s.m, 0, j)));
    lines_addf(o, _("the causal run's row %zu has the same %zu terms and exp(-inf) = 0 for the "
               "masked keys after it"), ds->step, n);
}

// output[1][c] = Σ_j weights[j]·V[j][v0 + c], or (several heads) Σ_k concat[k]·W_O[k][c]
static void explain_output(const Decode *d, const DecodeStage *ds, size_t c, Lines *o)
{
    const Trace *t = d->t;
    const Stage *s = &ds->s;
    if (s->head == 0 && t->heads > 1) {
        lines_addf(o, _("%s[1][%zu] = Σ_k concat[k] · W_O[k][%zu], concat = [output.h1 … "
                   "output.h%zu] of this step"), s->name, c + 1, c + 1, t->heads);
        for (int h = 1; h <= (int)t->heads; h++) {
            const DecodeStage *oh = decode_find_kind(d, ds->step, DEC_OUTPUT, h);
            for (size_t k = 0; k < oh->s.m.cols; k++) {
                double a = mat_get(&oh->s.m, 0, k), b = mat_get(&t->in->W_O, oh->s.c0 + k, c);
                lines_addf(o, _("  k=%zu %10s × %10s = %10s  (head %d)"), oh->s.c0 + k + 1, NUM(a),
                           NUM(b), NUM(a * b), h);
            }
        }
        lines_addf(o, _("  sum = %s"), NUM(mat_get(&s->m, 0, c)));
        return;
    }
    const DecodeStage *w = decode_find_kind(d, ds->step, DEC_WEIGHTS, s->head);
    const DecodeStage *V = decode_find_kind(d, ds->step, DEC_VCACHE, 0);
    lines_addf(o, _("%s[1][%zu] = Σ_j weights[j] · V[j][%zu], j over the %zu cached tokens  "
               "(column \"%s\")"), s->name, c + 1, s->v0 + c + 1, ds->step, s->col_labels[c]);
    for (size_t j = 0; j < ds->step; j++) {
        double a = mat_get(&w->s.m, 0, j), b = mat_get(&V->s.m, j, s->v0 + c);
        lines_addf(o, "  j=%zu %10s × %10s = %10s", j + 1, NUM(a), NUM(b), NUM(a * b));
    }
    lines_addf(o, _("  sum = %s"), NUM(mat_get(&s->m, 0, c)));
}

// diff[1][c] = output[1][c] − causal output[t][c]
static void explain_diff(const Decode *d, const DecodeStage *ds, size_t c, Lines *o)
{
    const Stage *causal = trace_find(d->t, "output");
    const DecodeStage *out = decode_find_kind(d, ds->step, DEC_OUTPUT, 0);
    double a = mat_get(&out->s.m, 0, c), b = mat_get(&causal->m, ds->step - 1, c);
    lines_addf(o, _("%s[1][%zu] = %s[1][%zu] − output[%zu][%zu] = %.17g − %.17g = %.17g"),
               ds->s.name, c + 1, out->s.name, c + 1, ds->step, c + 1, a, b, a - b);
    lines_addf(o, _("decoding with the cache gives row %zu of the causal run exactly: the same "
               "products are added in the same order, and the masked keys add only zeros"),
               ds->step);
}

int decode_explain(const Decode *d, const DecodeStage *ds, size_t i, size_t j, Lines *out,
                   AtError *e)
{
    memset(out, 0, sizeof *out);
    const Stage *s = &ds->s;
    if (i >= s->m.rows || j >= s->m.cols)
        return at_fail(e, AT_EINPUT, _("%s has %zu×%zu cells; there is no cell [%zu][%zu]"), s->name,
                       s->m.rows, s->m.cols, i + 1, j + 1);
    switch (ds->kind) {
    case DEC_Q: case DEC_K: case DEC_V: explain_new(d, ds, j, out); break;
    case DEC_KCACHE: case DEC_VCACHE: explain_cache(ds, i, j, out); break;
    case DEC_SCORES: explain_scores(d, ds, j, out); break;
    case DEC_WEIGHTS: explain_weights(d, ds, j, out); break;
    case DEC_OUTPUT: explain_output(d, ds, j, out); break;
    case DEC_DIFF: explain_diff(d, ds, j, out); break;
    case DEC_KIND_COUNT: break;
    }
    if (out->failed) {
        lines_free(out);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    return 0;
}
