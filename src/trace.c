// trace.c — build every stage of self-attention from the inputs.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

const char *const STAGE_NAMES[ST_COUNT] = {
    "embeddings", "W_Q", "W_K", "W_V", "Q", "K", "V",
    "scores", "scaled", "masked", "weights", "output",
};

static const char *const STAGE_TITLES[ST_COUNT] = {
    "Token embeddings",
    "Query weights",
    "Key weights",
    "Value weights",
    "Queries",
    "Keys",
    "Values",
    "Raw attention scores",
    "Scaled scores",
    "Causal mask",
    "Attention weights (softmax)",
    "Output: weighted sum of values",
};

void trace_options_default(TraceOptions *o)
{
    o->scale = true;
    o->temperature = 1.0;
    o->mask = MASK_NONE;
}

// Add a stage that owns `m`; labels are borrowed from the inputs.
static Stage *add(Trace *t, StageId id, Matrix m, const char *corner, char **rows, char **cols,
                  const char *formula)
{
    Stage *s = &t->stage[t->count++];
    s->id = id;
    s->name = STAGE_NAMES[id];
    s->title = STAGE_TITLES[id];
    snprintf(s->formula, sizeof s->formula, "%s", formula);
    s->m = m;
    s->corner = corner;
    s->row_labels = rows;
    s->col_labels = cols;
    s->scale = id == ST_WEIGHTS ? SCALE_PROB : SCALE_SIGNED;
    s->token_rows = id == ST_EMBEDDINGS || id >= ST_Q;
    s->token_cols = id >= ST_SCORES && id <= ST_WEIGHTS;
    return s;
}

// A stage whose numbers overflowed is reported, never shown as inf or NaN. The message
// names the cell (its labels) and the files whose numbers went into it.
static int check_finite(const Trace *t, const Stage *s, AtError *e)
{
    // Every cell must be finite: an overflow to -inf must not pass for a masked cell.
    size_t i = 0, j = 0;
    bool bad = false;
    for (i = 0; i < s->m.rows && !bad; i++)
        for (j = 0; j < s->m.cols && !bad; j++)
            bad = !isfinite(mat_get(&s->m, i, j));
    if (!bad)
        return 0;
    i--, j--; // the loops stepped past the bad cell
    const Inputs *in = t->in;
    char from[768];
    if (s->id == ST_SCORES || s->id == ST_SCALED)
        snprintf(from, sizeof from, "embeddings: %s; W_Q: %s; W_K: %s", in->source[0],
                 in->source[1], in->source[2]);
    else {
        int w = s->id == ST_Q ? 0 : s->id == ST_K ? 1 : 2; // Q, K, V; output comes from V
        snprintf(from, sizeof from, "embeddings: %s; %s: %s", in->source[0],
                 w == 0 ? "W_Q" : w == 1 ? "W_K" : "W_V", in->source[w + 1]);
    }
    return at_fail(e, AT_EINPUT,
                   "%s[%zu][%zu] (row \"%s\", column \"%s\") overflows: the inputs are too large "
                   "for doubles, their products exceed %.3g (%s)",
                   s->name, i + 1, j + 1, s->row_labels[i], s->col_labels[j], 1.7976931348623157e308,
                   from);
}

int trace_build(const Inputs *in, const TraceOptions *o, Trace *t, AtError *e)
{
    memset(t, 0, sizeof *t);
    t->opt = *o;
    t->in = in;
    t->n = in->X.rows;
    t->d_model = in->X.cols;
    t->d_k = in->W[W_K_IDX].cols;
    t->d_v = in->W[W_V_IDX].cols;
    if (!(o->temperature > 0) || !isfinite(o->temperature))
        return at_fail(e, AT_EINPUT, "the temperature must be a positive number");
    if (t->d_k == 0)
        return at_fail(e, AT_EINPUT, "d_k is 0: the weights have no columns");

    char **tok = in->tokens.tok;
    Matrix m;
#define COPY_STAGE(id, src, corner, rows, cols, formula)                                       \
    do {                                                                                       \
        if (mat_copy(&m, (src)) != 0)                                                          \
            goto oom;                                                                          \
        add(t, id, m, corner, rows, cols, formula);                                            \
    } while (0)
    COPY_STAGE(ST_EMBEDDINGS, &in->X, "token", tok, in->dims, "X = embeddings(tokens)");
    COPY_STAGE(ST_WQ, &in->W[W_Q_IDX], "dim", in->dims, in->wcols[W_Q_IDX], "W_Q");
    COPY_STAGE(ST_WK, &in->W[W_K_IDX], "dim", in->dims, in->wcols[W_K_IDX], "W_K");
    COPY_STAGE(ST_WV, &in->W[W_V_IDX], "dim", in->dims, in->wcols[W_V_IDX], "W_V");
#undef COPY_STAGE

    // Q = X·W_Q (n×d_k), K = X·W_K (n×d_k), V = X·W_V (n×d_v)
    static const char *const proj_formula[3] = {"Q = X·W_Q", "K = X·W_K", "V = X·W_V"};
    for (int w = 0; w < 3; w++) {
        if (mat_matmul(&in->X, &in->W[w], &m) != 0)
            goto oom;
        if (check_finite(t, add(t, (StageId)(ST_Q + w), m, "token", tok, in->wcols[w],
                             proj_formula[w]), e) != 0)
            goto fail;
    }

    // scores[i][j] = q_i · k_j, (n×d_k)·(n×d_k)ᵀ → (n×n)
    const Matrix *Q = &t->stage[ST_Q].m, *K = &t->stage[ST_K].m, *V = &t->stage[ST_V].m;
    if (mat_matmul_bt(Q, K, &m) != 0)
        goto oom;
    if (check_finite(t, add(t, ST_SCORES, m, "query\\key", tok, tok, "scores = Q·Kᵀ"), e) != 0)
        goto fail;

    // scaled = scores / (√d_k · T), (n×n)
    t->divisor = (o->scale ? sqrt((double)t->d_k) : 1.0) * o->temperature;
    char formula[64];
    if (o->scale && o->temperature == 1.0)
        snprintf(formula, sizeof formula, "scaled = scores / √d_k");
    else if (o->scale)
        snprintf(formula, sizeof formula, "scaled = scores / (√d_k · T)");
    else if (o->temperature != 1.0)
        snprintf(formula, sizeof formula, "scaled = scores / T  (no √d_k)");
    else
        snprintf(formula, sizeof formula, "scaled = scores  (scaling off)");
    if (mat_copy(&m, &t->stage[t->count - 1].m) != 0)
        goto oom;
    mat_scale(&m, 1.0 / t->divisor);
    const Stage *before_softmax =
        add(t, ST_SCALED, m, "query\\key", tok, tok, formula);
    if (check_finite(t, before_softmax, e) != 0)
        goto fail;

    // masked[i][j] = scaled[i][j] for j ≤ i, −∞ for j > i (a query sees no later key)
    if (o->mask == MASK_CAUSAL) {
        if (mat_copy(&m, &before_softmax->m) != 0)
            goto oom;
        mat_mask_causal(&m);
        before_softmax = add(t, ST_MASKED, m, "query\\key", tok, tok,
                             "masked = scaled + causal mask (−∞ where j > i)");
    }

    // weights[i][j] = exp(s_ij − max_i) / Σ_k exp(s_ik − max_i), (n×n)
    size_t bad_row;
    if (mat_softmax_rows(&before_softmax->m, &m, &bad_row) != 0) {
        if (bad_row == (size_t)-1)
            goto oom;
        at_fail(e, AT_EINPUT, "row %zu (\"%s\") of %s is entirely masked: softmax has nothing "
                "to weigh", bad_row + 1, tok[bad_row], before_softmax->name);
        goto fail;
    }
    add(t, ST_WEIGHTS, m, "query\\key", tok, tok, "weights = softmax(row)");

    // output[i][c] = Σ_j weights[i][j] · V[j][c], (n×n)·(n×d_v) → (n×d_v)
    if (mat_matmul(&t->stage[t->count - 1].m, V, &m) != 0)
        goto oom;
    if (check_finite(t, add(t, ST_OUTPUT, m, "token", tok, in->wcols[W_V_IDX],
                         "output = weights·V"), e) != 0)
        goto fail;
    return 0;
oom:
    at_fail(e, AT_ERUNTIME, "out of memory");
fail:
    trace_free(t);
    return -1;
}

void trace_free(Trace *t)
{
    for (size_t k = 0; k < t->count; k++)
        mat_free(&t->stage[k].m);
    t->count = 0;
}

const Stage *trace_find(const Trace *t, const char *name)
{
    for (size_t k = 0; k < t->count; k++)
        if (strcmp(t->stage[k].name, name) == 0)
            return &t->stage[k];
    return NULL;
}

const Stage *trace_find_id(const Trace *t, StageId id)
{
    for (size_t k = 0; k < t->count; k++)
        if (t->stage[k].id == id)
            return &t->stage[k];
    return NULL;
}

long stage_index(const Stage *s, bool column, const char *spec)
{
    size_t count = column ? s->m.cols : s->m.rows;
    char **labels = column ? s->col_labels : s->row_labels;
    char *end;
    long k = strtol(spec, &end, 10);
    if (*spec && *end == '\0' && k >= 1 && (size_t)k <= count)
        return k - 1;
    for (size_t i = 0; i < count; i++) // a label: its first occurrence
        if (strcmp(labels[i], spec) == 0)
            return (long)i;
    return -1;
}
