// decode.c — decoding token by token with a KV cache (see decode.h).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "i18n.h"

const char *const DECODE_KIND_NAMES[DEC_KIND_COUNT] = {
    "q", "k", "v", "K", "V", "scores", "weights", "output", "diff",
};

static const char *const DECODE_TITLES[DEC_KIND_COUNT] = {
    N_("the new query q_t"),
    N_("the new key k_t"),
    N_("the new value v_t"),
    N_("the key cache K[1..t]"),
    N_("the value cache V[1..t]"),
    N_("scaled scores of q_t over the cache"),
    N_("weights over the cache"),
    N_("output row t"),
    N_("output row t minus the causal row t"),
};

// The stage kind of the trace each decode kind is closest to (scale, explanations).
static const StageId DECODE_IDS[DEC_KIND_COUNT] = {
    ST_Q, ST_K, ST_V, ST_K, ST_V, ST_SCALED, ST_WEIGHTS, ST_OUTPUT, ST_OUTPUT,
};

// The cache cells (Σ_t t·(d_kv + d_v)) --decode keeps at most: 2^25 doubles, 256 MiB.
#define DECODE_MAX_CACHE_CELLS (1ull << 25)

typedef struct {
    char **labels;
    const bool *generated; // NULL: not tokens
} Axis;

static int oom(AtError *e)
{
    return at_fail(e, AT_ERUNTIME, _("out of memory"));
}

// "/ √d_k", "/ (√(d_k/H)·T)", "/ T", "(scaling off)": what the score row is divided by.
static const char *divided_by(const Trace *t, int head)
{
    bool tempered = t->opt.temperature != 1.0;
    if (!t->opt.scale)
        return tempered ? "/ T" : "(scaling off)";
    if (head)
        return tempered ? "/ (√(d_k/H)·T)" : "/ √(d_k/H)";
    return tempered ? "/ (√d_k·T)" : "/ √d_k";
}

static void formula(const Trace *t, DecodeStage *ds, char *f, size_t size)
{
    size_t s = ds->step;
    int h = ds->s.head;
    char of[32] = "";
    if (h)
        snprintf(of, sizeof of, " (head %d)", h);
    switch (ds->kind) {
    case DEC_Q: snprintf(f, size, "q_%zu = x_%zu·W_Q", s, s); break;
    case DEC_K: snprintf(f, size, "k_%zu = x_%zu·W_K", s, s); break;
    case DEC_V: snprintf(f, size, "v_%zu = x_%zu·W_V", s, s); break;
    case DEC_KCACHE:
    case DEC_VCACHE: {
        const char *c = ds->kind == DEC_KCACHE ? "K" : "V", *r = ds->kind == DEC_KCACHE ? "k" : "v";
        if (s == 1)
            snprintf(f, size, "%s[1..1] = [%s_1]", c, r);
        else
            snprintf(f, size, "%s[1..%zu] = [%s[1..%zu]; %s_%zu]", c, s, c, s - 1, r, s);
        break;
    }
    case DEC_SCORES:
        snprintf(f, size, "scores = q_%zu·K[1..%zu]ᵀ %s%s", s, s, divided_by(t, h), of);
        break;
    case DEC_WEIGHTS: snprintf(f, size, "weights = softmax(scores) over %zu key%s%s", s, s == 1 ? "" : "s", of); break;
    case DEC_OUTPUT:
        if (h == 0 && t->heads > 1)
            snprintf(f, size, "output = [output.h1 … output.h%zu]·W_O", t->heads);
        else
            snprintf(f, size, "output = weights·V[1..%zu]%s", s, of);
        break;
    case DEC_DIFF: snprintf(f, size, "diff = output − row %zu of the causal output", s); break;
    case DEC_KIND_COUNT: break;
    }
}

// Append a stage of step `step` that owns m; its column slices copied from the trace's
// stage of the same head (scores.hH), so explanations know the head's columns.
static DecodeStage *add(Decode *d, DecodeKind kind, size_t step, int head, Matrix m,
                        const char *corner, Axis rows, Axis cols)
{
    const Trace *t = d->t;
    DecodeStage *ds = &d->stage[d->count++];
    memset(ds, 0, sizeof *ds);
    ds->kind = kind;
    ds->step = step;
    Stage *s = &ds->s;
    const Stage *like = head ? trace_find_head(t, ST_SCORES, head) : NULL;
    s->id = DECODE_IDS[kind];
    s->head = head;
    s->qk0 = 0, s->qk1 = t->d_k, s->k0 = 0, s->k1 = t->d_kv;
    s->v0 = 0, s->v1 = t->d_v, s->c0 = 0, s->c1 = t->d_v;
    if (like) {
        s->qk0 = like->qk0, s->qk1 = like->qk1, s->k0 = like->k0, s->k1 = like->k1;
        s->v0 = like->v0, s->v1 = like->v1, s->c0 = like->c0, s->c1 = like->c1;
        s->group = like->group;
    }
    char h[16] = "";
    if (head)
        snprintf(h, sizeof h, ".h%d", head);
    snprintf(s->name, sizeof s->name, "decode.t%zu.%s%s", step, DECODE_KIND_NAMES[kind], h);
    if (head)
        snprintf(s->title, sizeof s->title, _("Step %zu, head %d: %s"), step, head,
                 _(DECODE_TITLES[kind]));
    else
        snprintf(s->title, sizeof s->title, _("Step %zu: %s"), step, _(DECODE_TITLES[kind]));
    formula(t, ds, s->formula, sizeof s->formula);
    s->m = m;
    s->corner = corner;
    s->row_labels = rows.labels;
    s->col_labels = cols.labels;
    s->row_generated = rows.generated;
    s->col_generated = cols.generated;
    s->token_rows = rows.generated != NULL;
    s->token_cols = cols.generated != NULL;
    s->scale = kind == DEC_WEIGHTS ? SCALE_PROB : SCALE_SIGNED;
    return ds;
}

// Every cell finite: the causal run's checks passed on the same numbers, so this only
// guards a decode that went wrong.
static int all_finite(const Stage *s, AtError *e)
{
    for (size_t i = 0; i < s->m.rows; i++)
        for (size_t j = 0; j < s->m.cols; j++)
            if (!isfinite(mat_get(&s->m, i, j)))
                return at_fail(e, AT_EINPUT, _("%s[%zu][%zu] is not a finite number"), s->name,
                               i + 1, j + 1);
    return 0;
}

// The cache after step t: the rows of the cache before it, then the new row.
static int grow(const Matrix *before, const Matrix *row, Matrix *out)
{
    size_t t = before ? before->rows + 1 : 1;
    if (mat_init(out, t, row->cols) != 0)
        return -1;
    if (before)
        memcpy(out->v, before->v, before->rows * before->cols * sizeof *out->v);
    memcpy(mat_row(out, t - 1), row->v, row->cols * sizeof *out->v);
    return 0;
}

#define TRY(call)                                                                              \
    do {                                                                                       \
        if ((rc = (call)) != 0)                                                                \
            goto done;                                                                         \
    } while (0)
#define MEM(call) TRY((call) == 0 ? 0 : oom(e))

// One head's attention at step t over the cache, or the only one (head 0): adds scores,
// weights and output; *out_h borrows the output row.
static int attend_step(Decode *d, size_t step, int head, const Matrix *q, const Matrix *Kc,
                       const Matrix *Vc, const Matrix **out_h, AtError *e)
{
    const Trace *t = d->t;
    const Inputs *in = t->in;
    const Stage *like = head ? trace_find_head(t, ST_SCORES, head) : NULL;
    size_t qk0 = like ? like->qk0 : 0, qk1 = like ? like->qk1 : t->d_k;
    size_t k0 = like ? like->k0 : 0, k1 = like ? like->k1 : t->d_kv;
    size_t v0 = like ? like->v0 : 0, v1 = like ? like->v1 : t->d_v;
    Axis query = {in->tokens.tok + step - 1, in->generated + step - 1};
    Axis keys = {in->tokens.tok, in->generated};
    Axis vcols = {in->wcols[W_V_IDX] + v0, NULL};
    Matrix qh = {0}, Kh = {0}, Vh = {0}, m;
    int rc;
    // the head's slices: q_h (1×d_head), K_h (t×d_head), V_h (t×dv_head), its group's
    MEM(mat_slice_cols(q, qk0, qk1, &qh));
    MEM(mat_slice_cols(Kc, k0, k1, &Kh));
    MEM(mat_slice_cols(Vc, v0, v1, &Vh));
    // pass 1: scores[j] = q_t · k_j / divisor, (1×d_head)·(t×d_head)ᵀ → (1×t); the same
    // products in the same order as row t of the causal scores, then the same division
    MEM(mat_matmul_bt(&qh, &Kh, &m));
    mat_scale(&m, 1.0 / t->divisor);
    const DecodeStage *sc = add(d, DEC_SCORES, step, head, m, "query\\key", query, keys);
    TRY(all_finite(&sc->s, e));
    // pass 2: weights = softmax(scores), (1×t): no mask, the cache holds no later key
    MEM(mat_softmax_rows(&sc->s.m, &m, NULL));
    const DecodeStage *w = add(d, DEC_WEIGHTS, step, head, m, "query\\key", query, keys);
    // pass 3: output = weights · V_h, (1×t)·(t×dv_head) → (1×dv_head)
    MEM(mat_matmul(&w->s.m, &Vh, &m));
    const DecodeStage *o = add(d, DEC_OUTPUT, step, head, m, "token", query, vcols);
    TRY(all_finite(&o->s, e));
    *out_h = &o->s.m;
done:
    mat_free(&qh);
    mat_free(&Kh);
    mat_free(&Vh);
    return rc;
}

// Step t: the new token's projections, the cache grown by one row, each head's attention
// over it, [concat·W_O], and the difference from row t of the causal output.
static int decode_step(Decode *d, size_t step, const Matrix **Kprev, const Matrix **Vprev,
                       AtError *e)
{
    const Trace *t = d->t;
    const Inputs *in = t->in;
    size_t i = step - 1;
    Axis tok = {in->tokens.tok + i, in->generated + i}, all = {in->tokens.tok, in->generated};
    Matrix x = {0}, m, concat = {0};
    const Matrix *pv[3];
    int rc;
    // x_t: row t of X (1×d_model)
    MEM(mat_init(&x, 1, t->d_model));
    memcpy(x.v, mat_row(&in->X, i), t->d_model * sizeof *x.v);
    // pass 1: q_t = x_t·W_Q (1×d_k), k_t = x_t·W_K (1×d_kv), v_t = x_t·W_V (1×d_v)
    for (int w = 0; w < 3; w++) {
        MEM(mat_matmul(&x, &in->W[w], &m));
        const DecodeStage *ds = add(d, (DecodeKind)(DEC_Q + w), step, 0, m, "token", tok,
                                    (Axis){in->wcols[w], NULL});
        TRY(all_finite(&ds->s, e));
        pv[w] = &ds->s.m;
    }
    // pass 2: the cache: K[1..t] = [K[1..t−1]; k_t] (t×d_kv), V[1..t] likewise (t×d_v)
    MEM(grow(*Kprev, pv[1], &m));
    const DecodeStage *Kc = add(d, DEC_KCACHE, step, 0, m, "token", all,
                                (Axis){in->wcols[W_K_IDX], NULL});
    MEM(grow(*Vprev, pv[2], &m));
    const DecodeStage *Vc = add(d, DEC_VCACHE, step, 0, m, "token", all,
                                (Axis){in->wcols[W_V_IDX], NULL});
    *Kprev = &Kc->s.m, *Vprev = &Vc->s.m;
    // pass 3: each head attends with q_t over its group's columns of the cache
    const Matrix *out = NULL;
    if (t->heads == 1)
        TRY(attend_step(d, step, 0, pv[0], &Kc->s.m, &Vc->s.m, &out, e));
    else {
        MEM(mat_init(&concat, 1, t->d_concat));
        for (int h = 1; h <= (int)t->heads; h++) {
            const Matrix *oh;
            TRY(attend_step(d, step, h, pv[0], &Kc->s.m, &Vc->s.m, &oh, e));
            mat_put_cols(&concat, trace_find_head(t, ST_OUTPUT, h)->c0, oh);
        }
        // pass 4: output = [output.h1 … output.hH]·W_O, (1×d_concat)·(d_concat×d) → (1×d)
        MEM(mat_matmul(&concat, &in->W_O, &m));
        const DecodeStage *o = add(d, DEC_OUTPUT, step, 0, m, "token", tok,
                                   (Axis){in->wo_cols, NULL});
        TRY(all_finite(&o->s, e));
        out = &o->s.m;
    }
    // pass 5: diff = output row t − row t of the causal output, computed, not assumed
    const Stage *causal = trace_find(t, "output");
    const DecodeStage *od = &d->stage[d->count - 1];
    MEM(mat_init(&m, 1, out->cols));
    for (size_t c = 0; c < out->cols; c++) {
        double diff = mat_get(out, 0, c) - mat_get(&causal->m, i, c);
        mat_set(&m, 0, c, diff);
        if (fabs(diff) > d->max_diff)
            d->max_diff = fabs(diff);
    }
    add(d, DEC_DIFF, step, 0, m, "token", tok, (Axis){od->s.col_labels, NULL});
done:
    mat_free(&x);
    mat_free(&concat);
    return rc;
}
#undef TRY
#undef MEM

int decode_build(const Trace *t, Decode *d, AtError *e)
{
    memset(d, 0, sizeof *d);
    d->t = t;
    if (t->cross || t->opt.mask != MASK_CAUSAL)
        return at_fail(e, AT_EINPUT, _("--decode needs causal self-attention (no --source)"));
    if (t->opt.pos != POS_NONE || t->opt.rope) // its steps start from X, not X + P
        return at_fail(e, AT_EINPUT, _("--decode does not take --pos or --rope yet: its steps "
                       "are computed from the embeddings alone"));
    if (t->n > DECODE_MAX_TOKENS)
        return at_fail(e, AT_EINPUT, _("--decode: at most %d tokens (the sentence has %zu): every "
                       "step adds stages of its own"), DECODE_MAX_TOKENS, t->n);
    unsigned long long cells = (unsigned long long)t->n * (t->n + 1) / 2 * (t->d_kv + t->d_v);
    if (cells > DECODE_MAX_CACHE_CELLS)
        return at_fail(e, AT_EINPUT, _("--decode: the caches of %zu tokens × (d_kv %zu + d_v %zu) "
                       "would hold %llu numbers, more than %llu: use a shorter sentence or "
                       "narrower weights"), t->n, t->d_kv, t->d_v, cells,
                       DECODE_MAX_CACHE_CELLS);
    size_t per_step = 5 + 3 * t->heads + (t->heads > 1) + 1;
    if (!(d->stage = calloc(t->n * per_step + 1, sizeof *d->stage)))
        return oom(e);
    const Matrix *Kc = NULL, *Vc = NULL;
    for (size_t step = 1; step <= t->n; step++)
        if (decode_step(d, step, &Kc, &Vc, e) != 0) {
            decode_free(d);
            return -1;
        }
    d->steps = t->n;
    return 0;
}

void decode_free(Decode *d)
{
    for (size_t k = 0; k < d->count; k++)
        mat_free(&d->stage[k].s.m);
    free(d->stage);
    d->stage = NULL;
    d->count = 0;
}

bool decode_name_parse(const char *name)
{
    static const char prefix[] = "decode.t";
    if (strncmp(name, prefix, sizeof prefix - 1) != 0)
        return false;
    const char *p = name + sizeof prefix - 1;
    if (*p < '1' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p++ != '.')
        return false;
    for (int k = 0; k < DEC_KIND_COUNT; k++) {
        size_t len = strlen(DECODE_KIND_NAMES[k]);
        if (strncmp(p, DECODE_KIND_NAMES[k], len) != 0)
            continue;
        const char *h = p + len;
        if (!*h)
            return true;
        bool per_head = k == DEC_SCORES || k == DEC_WEIGHTS || k == DEC_OUTPUT;
        if (per_head && h[0] == '.' && h[1] == 'h' && h[2] >= '1' &&
            h[2] <= '0' + TRACE_MAX_HEADS && !h[3])
            return true;
    }
    return false;
}

const DecodeStage *decode_find(const Decode *d, const char *name)
{
    for (size_t k = 0; d && k < d->count; k++)
        if (strcmp(d->stage[k].s.name, name) == 0)
            return &d->stage[k];
    return NULL;
}

const DecodeStage *decode_step_first(const Decode *d, size_t step)
{
    for (size_t k = 0; d && k < d->count; k++)
        if (d->stage[k].step == step)
            return &d->stage[k];
    return NULL;
}

const DecodeStage *decode_find_kind(const Decode *d, size_t step, DecodeKind kind, int head)
{
    for (size_t k = 0; d && k < d->count; k++)
        if (d->stage[k].step == step && d->stage[k].kind == kind && d->stage[k].s.head == head)
            return &d->stage[k];
    return NULL;
}

// ─── what the cache saves ───────────────────────────────────────────────────────

DecodeCost decode_cost(const Trace *t, size_t n)
{
    unsigned long long P = (unsigned long long)t->d_model * (t->d_k + t->d_kv + t->d_v);
    unsigned long long A = (unsigned long long)t->heads * (t->d_head + t->dv_head); // per key
    unsigned long long O = t->heads > 1 ? (unsigned long long)t->d_concat * t->d_model : 0;
    unsigned long long N = n;
    DecodeCost c;
    c.with_cache = N * (P + O) + A * (N * (N + 1) / 2);
    c.without_cache = (P + O) * (N * (N + 1) / 2) + A * (N * (N + 1) * (N + 2) / 6);
    return c;
}

int decode_cost_lines(const Trace *t, Lines *out, AtError *e)
{
    memset(out, 0, sizeof *out);
    unsigned long long P = (unsigned long long)t->d_model * (t->d_k + t->d_kv + t->d_v);
    unsigned long long A = (unsigned long long)t->heads * (t->d_head + t->dv_head);
    unsigned long long O = t->heads > 1 ? (unsigned long long)t->d_concat * t->d_model : 0;
    lines_addf(out, _("multiply-adds of decoding n tokens (softmax's exponentials not counted):"));
    lines_addf(out, _("  per token: q, k, v P = d_model·(d_k + d_kv + d_v) = %llu; one key's score "
               "and value A = H·(d_head + d_vhead) = %llu; W_O O = %llu"), P, A, O);
    lines_addf(out, _("  with the cache:    n·(P + O) + A·n(n+1)/2"));
    lines_addf(out, _("  without the cache: (P + O)·n(n+1)/2 + A·n(n+1)(n+2)/6  (each step runs "
               "the whole prefix again)"));
    // TRANSLATORS: the heading of the table below: keep the columns where they are
    lines_addf(out, "%s", _("         n       with cache          without    ratio"));
    size_t ns[3] = {t->n, 64, 1024};
    for (int k = 0; k < 3; k++) {
        if ((k == 1 && ns[1] == ns[0]) || (k == 2 && ns[2] == ns[0]))
            continue;
        DecodeCost c = decode_cost(t, ns[k]);
        lines_addf(out, "  %8zu %16llu %16llu %7.1f×%s", ns[k], c.with_cache, c.without_cache,
                   c.with_cache ? (double)c.without_cache / (double)c.with_cache : 0.0,
                   k == 0 ? _("  (this sentence)") : "");
    }
    lines_addf(out, _("  the cache keeps d_kv + d_v = %zu + %zu = %zu numbers per token (%zu for "
               "all %zu tokens)"), t->d_kv, t->d_v, t->d_kv + t->d_v, (t->d_kv + t->d_v) * t->n,
               t->n);
    return out->failed ? (lines_free(out), oom(e)) : 0;
}
