// trace.c — build every stage of attention from the inputs.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

const char *const STAGE_NAMES[ST_COUNT] = {
    "embeddings", "source", "W_Q", "W_K", "W_V", "Q", "K", "V",
    "scores", "scaled", "masked", "weights", "output", "concat", "W_O",
};

const char STAGE_LIST[] =
    "embeddings source W_Q W_K W_V Q K V scores scaled masked weights output concat W_O";

static const char *const STAGE_TITLES[ST_COUNT] = {
    "Token embeddings",
    "Source embeddings",
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
    "The heads' outputs side by side",
    "Output projection weights",
};

void trace_options_default(TraceOptions *o)
{
    o->scale = true;
    o->temperature = 1.0;
    o->mask = MASK_NONE;
    o->heads = 1;
}

// One axis of a stage: its labels (borrowed from the inputs) and, when the axis is
// tokens, which of them were generated.
typedef struct {
    char **labels;
    const bool *generated; // NULL: not tokens
} Axis;

// Add a stage that owns `m`; head h > 0 makes its name "NAME.hH".
static Stage *add(Trace *t, StageId id, int head, Matrix m, const char *corner, Axis rows,
                  Axis cols, const char *formula)
{
    Stage *s = &t->stage[t->count++];
    s->id = id;
    s->head = head;
    s->qk0 = 0, s->qk1 = t->d_k, s->v0 = 0, s->v1 = t->d_v;
    if (head > 0) {
        snprintf(s->name, sizeof s->name, "%s.h%d", STAGE_NAMES[id], head);
        snprintf(s->title, sizeof s->title, "%s, head %d", STAGE_TITLES[id], head);
        s->qk0 = (size_t)(head - 1) * t->d_head, s->qk1 = s->qk0 + t->d_head;
        s->v0 = (size_t)(head - 1) * t->dv_head, s->v1 = s->v0 + t->dv_head;
    } else {
        snprintf(s->name, sizeof s->name, "%s", STAGE_NAMES[id]);
        snprintf(s->title, sizeof s->title, "%s", STAGE_TITLES[id]);
    }
    if (id == ST_OUTPUT && head == 0 && t->heads > 1)
        snprintf(s->title, sizeof s->title, "Output: the heads projected by W_O");
    snprintf(s->formula, sizeof s->formula, "%s", formula);
    s->m = m;
    s->corner = corner;
    s->row_labels = rows.labels;
    s->col_labels = cols.labels;
    s->row_generated = rows.generated;
    s->col_generated = cols.generated;
    s->token_rows = rows.generated != NULL;
    s->token_cols = cols.generated != NULL;
    s->scale = id == ST_WEIGHTS ? SCALE_PROB : SCALE_SIGNED;
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

// "columns 3–4" or "column 3" (1-based) for the slice [c0, c1).
static const char *columns(char *buf, size_t size, size_t c0, size_t c1)
{
    if (c1 - c0 == 1)
        snprintf(buf, size, "column %zu", c0 + 1);
    else
        snprintf(buf, size, "columns %zu–%zu", c0 + 1, c1);
    return buf;
}

// One head's attention, or the only one (head 0): scores, scaled, [masked], weights and
// output from the head's slice of Q, K (d_head columns) and V (dv_head columns).
// Returns 0, -1 with e set, or -2 when out of memory.
static int attend(Trace *t, int head, AtError *e)
{
    const TraceOptions *o = &t->opt;
    const Inputs *in = t->in;
    char **tok = in->tokens.tok, **keys = t->cross ? in->src_tokens.tok : tok;
    const bool *gen = in->generated, *kgen = t->cross ? in->src_generated : gen;
    Axis queries = {tok, gen}, key_axis = {keys, kgen};
    const Stage *Qs = trace_find_id(t, ST_Q), *Ks = trace_find_id(t, ST_K),
                *Vs = trace_find_id(t, ST_V);
    size_t qk0 = head ? (size_t)(head - 1) * t->d_head : 0, qk1 = qk0 + t->d_head;
    size_t v0 = head ? (size_t)(head - 1) * t->dv_head : 0, v1 = v0 + t->dv_head;
    char h[16] = "", qcols[32], vcols[32], formula[96];
    if (head)
        snprintf(h, sizeof h, ".h%d", head);
    Matrix Qh = {0}, Kh = {0}, Vh = {0}, m;
    int rc = -2;

    // Q_h = Q[:, qk0:qk1] (n×d_head), K_h = K[:, qk0:qk1] (m×d_head), V_h = V[:, v0:v1]
    // (m×dv_head): with one head, the whole of Q, K and V.
    if (mat_slice_cols(&Qs->m, qk0, qk1, &Qh) != 0 || mat_slice_cols(&Ks->m, qk0, qk1, &Kh) != 0 ||
        mat_slice_cols(&Vs->m, v0, v1, &Vh) != 0)
        goto done;

    // scores[i][j] = q_i · k_j over the head's columns, (n×d_head)·(m×d_head)ᵀ → (n×m)
    if (mat_matmul_bt(&Qh, &Kh, &m) != 0)
        goto done;
    if (head)
        snprintf(formula, sizeof formula, "scores%s = Q·Kᵀ over %s", h,
                 columns(qcols, sizeof qcols, qk0, qk1));
    else
        snprintf(formula, sizeof formula, "scores = Q·Kᵀ");
    const Stage *scores = add(t, ST_SCORES, head, m, "query\\key", queries, key_axis, formula);
    if ((rc = check_finite(t, scores, e)) != 0)
        goto done;

    // scaled = scores / (√d_head · T), (n×m); d_head = d_k/H (= d_k with one head)
    const char *root = head ? "√(d_k/H)" : "√d_k";
    if (o->scale && o->temperature == 1.0)
        snprintf(formula, sizeof formula, "scaled%s = scores%s / %s", h, h, root);
    else if (o->scale)
        snprintf(formula, sizeof formula, "scaled%s = scores%s / (%s · T)", h, h, root);
    else if (o->temperature != 1.0)
        snprintf(formula, sizeof formula, "scaled%s = scores%s / T  (no %s)", h, h, root);
    else
        snprintf(formula, sizeof formula, "scaled%s = scores%s  (scaling off)", h, h);
    rc = -2;
    if (mat_copy(&m, &scores->m) != 0)
        goto done;
    mat_scale(&m, 1.0 / t->divisor);
    const Stage *before_softmax = add(t, ST_SCALED, head, m, "query\\key", queries, key_axis,
                                      formula);
    if ((rc = check_finite(t, before_softmax, e)) != 0)
        goto done;

    // masked[i][j] = scaled[i][j] for j ≤ i, −∞ for j > i (a query sees no later key)
    if (o->mask == MASK_CAUSAL) {
        rc = -2;
        if (mat_copy(&m, &before_softmax->m) != 0)
            goto done;
        mat_mask_causal(&m);
        snprintf(formula, sizeof formula, "masked%s = scaled%s + causal mask (−∞ where j > i)",
                 h, h);
        before_softmax = add(t, ST_MASKED, head, m, "query\\key", queries, key_axis, formula);
    }

    // weights[i][j] = exp(s_ij − max_i) / Σ_k exp(s_ik − max_i), (n×m)
    size_t bad_row;
    if (mat_softmax_rows(&before_softmax->m, &m, &bad_row) != 0) {
        rc = -2;
        if (bad_row == (size_t)-1)
            goto done;
        rc = at_fail(e, AT_EINPUT, "row %zu (\"%s\") of %s is entirely masked: softmax has "
                     "nothing to weigh", bad_row + 1, tok[bad_row], before_softmax->name);
        goto done;
    }
    snprintf(formula, sizeof formula, "weights%s = softmax(row)", h);
    const Stage *weights = add(t, ST_WEIGHTS, head, m, "query\\key", queries, key_axis, formula);

    // output[i][c] = Σ_j weights[i][j] · V_h[j][c], (n×m)·(m×dv_head) → (n×dv_head)
    rc = -2;
    if (mat_matmul(&weights->m, &Vh, &m) != 0)
        goto done;
    if (head)
        snprintf(formula, sizeof formula, "output%s = weights%s·V over V's %s", h, h,
                 columns(vcols, sizeof vcols, v0, v1));
    else
        snprintf(formula, sizeof formula, "output = weights·V");
    Axis vcol = {in->wcols[W_V_IDX] + v0, NULL};
    rc = check_finite(t, add(t, ST_OUTPUT, head, m, "token", queries, vcol, formula), e);
done:
    mat_free(&Qh);
    mat_free(&Kh);
    mat_free(&Vh);
    return rc;
}

int trace_build(const Inputs *in, const TraceOptions *o, Trace *t, AtError *e)
{
    memset(t, 0, sizeof *t);
    t->opt = *o;
    t->in = in;
    t->n = in->X.rows;
    t->cross = in->has_source;
    t->m = t->cross ? in->X_src.rows : t->n;
    t->d_model = in->X.cols;
    t->d_k = in->W[W_K_IDX].cols;
    t->d_v = in->W[W_V_IDX].cols;
    t->heads = o->heads ? o->heads : 1;
    if (!(o->temperature > 0) || !isfinite(o->temperature))
        return at_fail(e, AT_EINPUT, "the temperature must be a positive number");
    if (t->d_k == 0)
        return at_fail(e, AT_EINPUT, "d_k is 0: the weights have no columns");
    if (t->heads > TRACE_MAX_HEADS)
        return at_fail(e, AT_EINPUT, "--heads %zu: at most %d heads", t->heads, TRACE_MAX_HEADS);
    if (t->d_k % t->heads != 0 || t->d_v % t->heads != 0)
        return at_fail(e, AT_EINPUT,
                       "--heads %zu: d_k = %zu and d_v = %zu must both be divisible by %zu (each "
                       "head takes d_k/H columns of Q and K and d_v/H of V)",
                       t->heads, t->d_k, t->d_v, t->heads);
    if (t->cross && o->mask == MASK_CAUSAL)
        return at_fail(e, AT_EINPUT, "--mask causal does not apply to cross-attention "
                       "(--source): the keys are another sentence, so no key comes \"after\" "
                       "a query");
    if (t->heads > 1 && (in->W_O.rows != t->d_v || in->W_O.cols != t->d_model))
        return at_fail(e, AT_EINPUT, "--heads %zu needs W_O (d_v×d_model = %zu×%zu)", t->heads,
                       t->d_v, t->d_model);
    t->d_head = t->d_k / t->heads;
    t->dv_head = t->d_v / t->heads;
    t->divisor = (o->scale ? sqrt((double)t->d_head) : 1.0) * o->temperature;

    Axis tok = {in->tokens.tok, in->generated}, dims = {in->dims, NULL};
    Axis src = t->cross ? (Axis){in->src_tokens.tok, in->src_generated} : tok;
    const Matrix *Xs = t->cross ? &in->X_src : &in->X; // where keys and values come from
    Matrix m;
#define COPY_STAGE(id, from, corner, rows, cols, formula)                                      \
    do {                                                                                       \
        if (mat_copy(&m, (from)) != 0)                                                         \
            goto oom;                                                                          \
        add(t, id, 0, m, corner, rows, cols, formula);                                         \
    } while (0)
    COPY_STAGE(ST_EMBEDDINGS, &in->X, "token", tok, dims, "X = embeddings(tokens)");
    if (t->cross)
        COPY_STAGE(ST_SOURCE, &in->X_src, "token", src, dims, "X_src = embeddings(source tokens)");
    for (int w = 0; w < 3; w++)
        COPY_STAGE((StageId)(ST_WQ + w), &in->W[w], "dim", dims,
                   ((Axis){in->wcols[w], NULL}), STAGE_NAMES[ST_WQ + w]);

    // Q = X·W_Q (n×d_k); K = Xs·W_K (m×d_k), V = Xs·W_V (m×d_v), Xs = X_src or X
    static const char *const self_formula[3] = {"Q = X·W_Q", "K = X·W_K", "V = X·W_V"};
    static const char *const cross_formula[3] = {"Q = X·W_Q", "K = X_src·W_K", "V = X_src·W_V"};
    for (int w = 0; w < 3; w++) {
        const Matrix *from = w == W_Q_IDX ? &in->X : Xs;
        if (mat_matmul(from, &in->W[w], &m) != 0)
            goto oom;
        if (check_finite(t, add(t, (StageId)(ST_Q + w), 0, m, "token", w == W_Q_IDX ? tok : src,
                             ((Axis){in->wcols[w], NULL}),
                             (t->cross ? cross_formula : self_formula)[w]), e) != 0)
            goto fail;
    }

    // Attention: one head over all of Q, K, V, or H heads over their slices.
    for (int h = t->heads > 1 ? 1 : 0; h <= (t->heads > 1 ? (int)t->heads : 0); h++) {
        int rc = attend(t, h, e);
        if (rc == -2)
            goto oom;
        if (rc != 0)
            goto fail;
    }
    if (t->heads == 1)
        return 0;

    // concat = [output.h1 … output.hH], (n×d_v): head h fills V's columns [v0, v1)
    Axis vcols = {in->wcols[W_V_IDX], NULL};
    if (mat_init(&m, t->n, t->d_v) != 0)
        goto oom;
    for (int h = 1; h <= (int)t->heads; h++) {
        const Stage *oh = trace_find_head(t, ST_OUTPUT, h);
        mat_put_cols(&m, oh->v0, &oh->m);
    }
    char formula[96];
    snprintf(formula, sizeof formula, "concat = [output.h1 … output.h%zu]", t->heads);
    add(t, ST_CONCAT, 0, m, "token", tok, vcols, formula);

    // W_O (d_v×d_model), then output = concat·W_O, (n×d_v)·(d_v×d_model) → (n×d_model)
    COPY_STAGE(ST_WO, &in->W_O, "dim", vcols, ((Axis){in->wo_cols, NULL}), "W_O");
#undef COPY_STAGE
    if (mat_matmul(&trace_find_id(t, ST_CONCAT)->m, &in->W_O, &m) != 0)
        goto oom;
    if (check_finite(t, add(t, ST_OUTPUT, 0, m, "token", tok, ((Axis){in->wo_cols, NULL}),
                         "output = concat·W_O"), e) != 0)
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

const Stage *trace_find_head(const Trace *t, StageId id, int head)
{
    for (size_t k = 0; k < t->count; k++)
        if (t->stage[k].id == id && t->stage[k].head == head)
            return &t->stage[k];
    return NULL;
}

static bool per_head(StageId id)
{
    return id >= ST_SCORES && id <= ST_OUTPUT;
}

bool stage_name_parse(const char *name, StageId *id, int *head)
{
    for (int k = 0; k < ST_COUNT; k++) {
        size_t len = strlen(STAGE_NAMES[k]);
        if (strncmp(name, STAGE_NAMES[k], len) != 0)
            continue;
        int h = 0;
        if (name[len] == '.' && name[len + 1] == 'h' && per_head((StageId)k) &&
            name[len + 2] >= '1' && name[len + 2] <= '0' + TRACE_MAX_HEADS && !name[len + 3])
            h = name[len + 2] - '0';
        else if (name[len])
            continue;
        if (id)
            *id = (StageId)k;
        if (head)
            *head = h;
        return true;
    }
    return false;
}

const Stage *trace_find_lenient(const Trace *t, const char *name)
{
    const Stage *s = trace_find(t, name);
    StageId id;
    int head;
    if (!s && t->heads > 1 && stage_name_parse(name, &id, &head) && head == 0 && per_head(id))
        s = trace_find_head(t, id, 1);
    return s;
}

const char *trace_missing_why(const Trace *t, const char *name)
{
    StageId id;
    int head = 0;
    if (!stage_name_parse(name, &id, &head))
        return "is not a stage name";
    if (head > 0 && t->heads == 1)
        return "exists only with --heads H > 1";
    if (head > (int)t->heads)
        return "is beyond the heads of this trace (--heads)";
    if (id == ST_MASKED)
        return "exists only with --mask causal";
    if (id == ST_SOURCE)
        return "exists only with --source";
    if (id == ST_CONCAT || id == ST_WO)
        return "exists only with --heads H > 1";
    if (head == 0 && per_head(id) && t->heads > 1)
        return "is split by head with --heads: name one, like scores.h1";
    return "is not in this trace";
}

bool stage_is_input(const Stage *s)
{
    return s->id == ST_EMBEDDINGS || s->id == ST_SOURCE || s->id == ST_WQ || s->id == ST_WK ||
           s->id == ST_WV || s->id == ST_WO;
}

long stage_index(const Stage *s, bool column, const char *spec)
{
    size_t count = column ? s->m.cols : s->m.rows;
    char **labels = column ? s->col_labels : s->row_labels;
    char *end;
    long k = strtol(spec, &end, 10); // "2": the second row
    if (*spec && *end == '\0' && k >= 1 && (size_t)k <= count)
        return k - 1;
    for (size_t i = 0; i < count; i++) // a label: its first occurrence
        if (strcmp(labels[i], spec) == 0)
            return (long)i;
    if (spec[0] != '-' || spec[1] < '0' || spec[1] > '9') // "-1": the last row
        return -1;
    long back = strtol(spec + 1, &end, 10); // (too many digits: LONG_MAX, beyond count)
    if (*end || back < 1 || (size_t)back > count)
        return -1;
    return (long)count - back;
}
