// trace.c — build every stage of attention from the inputs.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rope.h"
#include "trace.h"

const char *const STAGE_NAMES[ST_COUNT] = {
    "embeddings", "source", "W_Q", "W_K", "W_V", "Q", "K", "V",
    "scores", "scaled", "masked", "weights", "output", "concat", "W_O",
    "positions", "input", "source.positions", "source.input", "Q.rope", "K.rope",
};

const char STAGE_LIST[] =
    "embeddings positions input source source.positions source.input W_Q W_K W_V Q K V "
    "Q.rope K.rope scores scaled masked weights output concat W_O";

static const char *const STAGE_TITLES[ST_COUNT] = {
    N_("Token embeddings"),
    N_("Source embeddings"),
    N_("Query weights"),
    N_("Key weights"),
    N_("Value weights"),
    N_("Queries"),
    N_("Keys"),
    N_("Values"),
    N_("Raw attention scores"),
    N_("Scaled scores"),
    N_("Causal mask"),
    N_("Attention weights (softmax)"),
    N_("Output: weighted sum of values"),
    N_("The heads' outputs side by side"),
    N_("Output projection weights"),
    N_("Positions"),
    N_("Input: embeddings plus positions"),
    N_("Source positions"),
    N_("Source input: embeddings plus positions"),
    N_("Queries rotated by position (RoPE)"),
    N_("Keys rotated by position (RoPE)"),
};

void trace_options_default(TraceOptions *o)
{
    o->scale = true;
    o->temperature = 1.0;
    o->mask = MASK_NONE;
    o->heads = 1;
    o->pos = POS_NONE;
    o->pos_table = NULL;
    o->rope = false;
    o->kv_heads = 0;
}

// One axis of a stage: its labels (borrowed from the inputs) and, when the axis is
// tokens, which of them were generated.
typedef struct {
    char **labels;
    const bool *generated; // NULL: not tokens
} Axis;

// ─── the words of a stage: name, title, formula ─────────────────────────────────
// Exports, golden files and lessons show them: each is kept byte for byte.

// "columns 3–4" or "column 3" (1-based) for the slice [c0, c1).
static const char *columns(char *buf, size_t size, size_t c0, size_t c1)
{
    if (c1 - c0 == 1)
        snprintf(buf, size, "column %zu", c0 + 1);
    else
        snprintf(buf, size, "columns %zu–%zu", c0 + 1, c1);
    return buf;
}

// The formula of stage s of t: a head's stages give its columns, the scaled stage what
// it divides by.
static void stage_formula(const Trace *t, const Stage *s, char *f, size_t size)
{
    char h[16] = "", cols[32];
    if (s->head)
        snprintf(h, sizeof h, ".h%d", s->head);
    const char *root = s->head ? "√(d_k/H)" : "√d_k";
    bool pos = t->opt.pos != POS_NONE;
    const char *queries = pos ? "input" : "X";
    const char *keys = t->cross ? (pos ? "source.input" : "X_src") : queries;
    const char *qn = t->opt.rope ? "Q.rope" : "Q", *kn = t->opt.rope ? "K.rope" : "K";
    bool scale = t->opt.scale, tempered = t->opt.temperature != 1.0;
    switch (s->id) {
    case ST_EMBEDDINGS: snprintf(f, size, "X = embeddings(tokens)"); break;
    case ST_SOURCE: snprintf(f, size, "X_src = embeddings(source tokens)"); break;
    case ST_WQ: case ST_WK: case ST_WV: case ST_WO:
        snprintf(f, size, "%s", STAGE_NAMES[s->id]);
        break;
    case ST_Q: snprintf(f, size, "Q = %s·W_Q", queries); break;
    case ST_K: snprintf(f, size, "K = %s·W_K", keys); break;
    case ST_V: snprintf(f, size, "V = %s·W_V", keys); break;
    case ST_POSITIONS: case ST_SRC_POSITIONS: {
        const char *P = s->id == ST_SRC_POSITIONS ? "P_src" : "P";
        if (t->opt.pos == POS_TABLE)
            snprintf(f, size, "%s = rows 0, 1, … of the learned positions (--pos FILE)", P);
        else
            snprintf(f, size, "%s[p][2i] = sin(p/10000^(2i/d)), %s[p][2i+1] = cos(…)", P, P);
        break;
    }
    case ST_INPUT: snprintf(f, size, "input = X + P"); break;
    case ST_SRC_INPUT: snprintf(f, size, "source.input = X_src + P_src"); break;
    case ST_QROPE: case ST_KROPE:
        snprintf(f, size, "%s.rope = %s, pairs (2i, 2i+1) rotated by p·θ_i, θ_i = "
                 "10000^(−2i/d_head)", s->id == ST_QROPE ? "Q" : "K", s->id == ST_QROPE ? "Q" : "K");
        break;
    case ST_SCORES:
        if (s->head && t->kv_heads < t->heads) {
            char kcols[32];
            snprintf(f, size, "scores%s = %s[%s]·%s[%s]ᵀ (group %d)", h, qn,
                     columns(cols, sizeof cols, s->qk0, s->qk1), kn,
                     columns(kcols, sizeof kcols, s->k0, s->k1), s->group);
        } else if (s->head)
            snprintf(f, size, "scores%s = %s·%sᵀ over %s", h, qn, kn,
                     columns(cols, sizeof cols, s->qk0, s->qk1));
        else
            snprintf(f, size, "scores = %s·%sᵀ", qn, kn);
        break;
    case ST_SCALED:
        if (scale && !tempered)
            snprintf(f, size, "scaled%s = scores%s / %s", h, h, root);
        else if (scale)
            snprintf(f, size, "scaled%s = scores%s / (%s · T)", h, h, root);
        else if (tempered)
            snprintf(f, size, "scaled%s = scores%s / T  (no %s)", h, h, root);
        else
            snprintf(f, size, "scaled%s = scores%s  (scaling off)", h, h);
        break;
    case ST_MASKED:
        snprintf(f, size, "masked%s = scaled%s + causal mask (−∞ where j > i)", h, h);
        break;
    case ST_WEIGHTS: snprintf(f, size, "weights%s = softmax(row)", h); break;
    case ST_OUTPUT:
        if (s->head && t->kv_heads < t->heads)
            snprintf(f, size, "output%s = weights%s·V over V's %s (group %d)", h, h,
                     columns(cols, sizeof cols, s->v0, s->v1), s->group);
        else if (s->head)
            snprintf(f, size, "output%s = weights%s·V over V's %s", h, h,
                     columns(cols, sizeof cols, s->v0, s->v1));
        else if (t->heads > 1)
            snprintf(f, size, "output = concat·W_O");
        else
            snprintf(f, size, "output = weights·V");
        break;
    case ST_CONCAT: snprintf(f, size, "concat = [output.h1 … output.h%zu]", t->heads); break;
    case ST_COUNT: break;
    }
}

// The name ("scores", "scores.h2"), title and formula of stage s of t.
static void stage_words(const Trace *t, Stage *s)
{
    if (s->head > 0) {
        snprintf(s->name, sizeof s->name, "%s.h%d", STAGE_NAMES[s->id], s->head);
        snprintf(s->title, sizeof s->title, _("%s, head %d"), _(STAGE_TITLES[s->id]), s->head);
    } else {
        snprintf(s->name, sizeof s->name, "%s", STAGE_NAMES[s->id]);
        snprintf(s->title, sizeof s->title, "%s", _(STAGE_TITLES[s->id]));
    }
    if (s->id == ST_OUTPUT && s->head == 0 && t->heads > 1)
        snprintf(s->title, sizeof s->title, "%s", _("Output: the heads projected by W_O"));
    stage_formula(t, s, s->formula, sizeof s->formula);
}

// ─── building ───────────────────────────────────────────────────────────────────

// Add a stage that owns `m`; head h > 0 makes it that head's ("NAME.hH"), over the
// head's columns of Q, K and V.
static Stage *add(Trace *t, StageId id, int head, Matrix m, const char *corner, Axis rows,
                  Axis cols)
{
    Stage *s = &t->stage[t->count++];
    s->id = id;
    s->head = head;
    s->qk0 = 0, s->qk1 = t->d_k, s->k0 = 0, s->k1 = t->d_kv;
    s->v0 = 0, s->v1 = t->d_v, s->c0 = 0, s->c1 = t->d_v, s->group = 0;
    if (head > 0) {
        size_t g = trace_group(t, head) - 1;
        s->group = (int)g + 1;
        s->qk0 = (size_t)(head - 1) * t->d_head, s->qk1 = s->qk0 + t->d_head;
        s->k0 = g * t->d_head, s->k1 = s->k0 + t->d_head;
        s->v0 = g * t->dv_head, s->v1 = s->v0 + t->dv_head;
        s->c0 = (size_t)(head - 1) * t->dv_head, s->c1 = s->c0 + t->dv_head;
    }
    stage_words(t, s);
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

static int out_of_memory(AtError *e)
{
    return at_fail(e, AT_ERUNTIME, _("out of memory"));
}

// A matrix operation's result: 0, or -1 with "out of memory" (its only failure).
static int mem(int rc, AtError *e)
{
    return rc == 0 ? 0 : out_of_memory(e);
}

// Add an input (X, X_src, a weight matrix) as a stage of its own copy.
static int copy_stage(Trace *t, StageId id, const Matrix *from, const char *corner, Axis rows,
                      Axis cols, AtError *e)
{
    Matrix m;
    if (mat_copy(&m, from) != 0)
        return out_of_memory(e);
    add(t, id, 0, m, corner, rows, cols);
    return 0;
}

// A stage whose numbers overflowed is reported, never shown as inf or NaN. The message
// names the cell (its labels), what made it overflow, and the files whose numbers went
// into it. The paths are passed to at_fail whole: a long one loses its middle, not the end.
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
    const double max = 1.7976931348623157e308;
    const char *row = s->row_labels[i], *col = s->col_labels[j];
    switch (s->id) {
    case ST_Q: case ST_K: case ST_V: { // X·W (X_src·W for K and V with --source)
        int w = (int)(s->id - ST_Q);
        return at_fail(e, AT_EINPUT,
                       _("%s[%zu][%zu] (row \"%s\", column \"%s\") overflows: the inputs are too "
                       "large for doubles, the products of the embeddings and %s exceed %.3g "
                       "(embeddings: %s; %s: %s)"),
                       s->name, i + 1, j + 1, row, col, STAGE_NAMES[ST_WQ + w], max,
                       in->source[0], STAGE_NAMES[ST_WQ + w], in->source[w + 1]);
    }
    case ST_INPUT: case ST_SRC_INPUT: case ST_QROPE: case ST_KROPE:
        return at_fail(e, AT_EINPUT,
                       _("%s[%zu][%zu] (row \"%s\", column \"%s\") overflows: the inputs are too "
                       "large for doubles, %s exceeds %.3g (embeddings: %s)"), s->name, i + 1,
                       j + 1, row, col, s->id == ST_QROPE || s->id == ST_KROPE
                       ? _("a rotated pair") : _("the embedding plus its position"), max,
                       in->source[0]);
    case ST_SCALED: { // scores (finite: checked first) divided by √d_head·T: T is too small
        const Stage *scores = trace_find_head(t, ST_SCORES, s->head);
        const char *by = !t->opt.scale ? "T" : s->head ? "√(d_k/H)·T" : "√d_k·T";
        return at_fail(e, AT_EINPUT,
                       _("%s[%zu][%zu] (row \"%s\", column \"%s\") overflows: %s[%zu][%zu] = %.3g "
                       "divided by %s = %.3g exceeds %.3g; the temperature T = %g is too small "
                       "for scores this large (embeddings: %s; W_Q: %s; W_K: %s)"),
                       s->name, i + 1, j + 1, row, col, scores->name, i + 1, j + 1,
                       mat_get(&scores->m, i, j), by, t->divisor, max, t->opt.temperature,
                       in->source[0], in->source[1], in->source[2]);
    }
    case ST_OUTPUT:
        if (s->head == 0 && t->heads > 1) // concat·W_O
            return at_fail(e, AT_EINPUT,
                           _("%s[%zu][%zu] (row \"%s\", column \"%s\") overflows: the inputs are "
                           "too large for doubles, the products of concat and W_O exceed %.3g "
                           "(W_O: %s; the heads' values from embeddings: %s; W_V: %s)"),
                           s->name, i + 1, j + 1, row, col, max, in->source[W_O_SOURCE],
                           in->source[0], in->source[3]);
        return at_fail(e, AT_EINPUT, // weights·V: a weighted average of V's values
                       "%s[%zu][%zu] (row \"%s\", column \"%s\") overflows: the values V are "
                       "too large for doubles, their weighted sum exceeds %.3g (embeddings: %s; "
                       "W_V: %s)",
                       s->name, i + 1, j + 1, row, col, max, in->source[0], in->source[3]);
    default: // the scores: Q·Kᵀ
        return at_fail(e, AT_EINPUT,
                       _("%s[%zu][%zu] (row \"%s\", column \"%s\") overflows: the inputs are too "
                       "large for doubles, their products exceed %.3g (embeddings: %s; W_Q: %s; "
                       "W_K: %s)"),
                       s->name, i + 1, j + 1, row, col, max, in->source[0], in->source[1],
                       in->source[2]);
    }
}

// weights = the softmax of each row of `logits`; a row whose every key is masked has
// nothing to weigh.
static int softmax(const Stage *logits, char **tok, Matrix *weights, AtError *e)
{
    size_t bad_row;
    if (mat_softmax_rows(&logits->m, weights, &bad_row) == 0)
        return 0;
    if (bad_row == (size_t)-1)
        return out_of_memory(e);
    return at_fail(e, AT_EINPUT, _("row %zu (\"%s\") of %s is entirely masked: softmax has "
                   "nothing to weigh"), bad_row + 1, tok[bad_row], logits->name);
}

// Any failure ends the function, its slices freed.
#define TRY(call)                                                                              \
    do {                                                                                       \
        if ((rc = (call)) != 0)                                                                \
            goto done;                                                                         \
    } while (0)

// One head's attention, or the only one (head 0), over the head's slice of Q and K
// (d_head columns) and of V (dv_head columns); n queries, m keys. Adds its stages:
// scores, scaled, [masked], weights, output.
static int attend(Trace *t, int head, AtError *e)
{
    const Inputs *in = t->in;
    size_t g = head ? trace_group(t, head) - 1 : 0; // the head's K/V group, 0-based
    size_t qk0 = head ? (size_t)(head - 1) * t->d_head : 0, qk1 = qk0 + t->d_head;
    size_t k0 = g * t->d_head, k1 = k0 + t->d_head;
    size_t v0 = g * t->dv_head, v1 = v0 + t->dv_head;
    char **tok = in->tokens.tok;
    Axis queries = {tok, in->generated};
    Axis keys = t->cross ? (Axis){in->src_tokens.tok, in->src_generated} : queries;
    Axis vcols = {in->wcols[W_V_IDX] + v0, NULL};
    const Stage *Q = trace_find_id(t, t->opt.rope ? ST_QROPE : ST_Q),
                *K = trace_find_id(t, t->opt.rope ? ST_KROPE : ST_K), *V = trace_find_id(t, ST_V);
    Matrix Qh = {0}, Kh = {0}, Vh = {0}, m;
    int rc;

    // the head's slices: Q_h = Q[:, qk0:qk1] (n×d_head), K_h = K[:, k0:k1] (m×d_head),
    // V_h = V[:, v0:v1] (m×dv_head), K's and V's of the head's group (its own unless
    // --kv-heads G < H); with one head, the whole of Q, K and V
    TRY(mem(mat_slice_cols(&Q->m, qk0, qk1, &Qh), e));
    TRY(mem(mat_slice_cols(&K->m, k0, k1, &Kh), e));
    TRY(mem(mat_slice_cols(&V->m, v0, v1, &Vh), e));

    // pass 1: scores[i][j] = q_i · k_j, (n×d_head)·(m×d_head)ᵀ → (n×m) (q, k rotated
    // with --rope)
    TRY(mem(mat_matmul_bt(&Qh, &Kh, &m), e));
    const Stage *scores = add(t, ST_SCORES, head, m, N_("query\\key"), queries, keys);
    TRY(check_finite(t, scores, e));

    // pass 2: scaled = scores / (√d_head · T), (n×m); d_head = d_k/H, the divisor is T
    // alone with --no-scale
    TRY(mem(mat_copy(&m, &scores->m), e));
    mat_scale(&m, 1.0 / t->divisor);
    const Stage *logits = add(t, ST_SCALED, head, m, N_("query\\key"), queries, keys);
    TRY(check_finite(t, logits, e));

    // pass 3: masked[i][j] = scaled[i][j], or −∞ where j > i (causal: no later key), (n×n)
    if (t->opt.mask == MASK_CAUSAL) {
        TRY(mem(mat_copy(&m, &logits->m), e));
        mat_mask_causal(&m);
        logits = add(t, ST_MASKED, head, m, N_("query\\key"), queries, keys);
    }

    // pass 4: weights[i] = softmax(logits[i]), each row's max subtracted first, (n×m)
    TRY(softmax(logits, tok, &m, e));
    const Stage *weights = add(t, ST_WEIGHTS, head, m, N_("query\\key"), queries, keys);

    // pass 5: output = weights · V_h, (n×m)·(m×dv_head) → (n×dv_head)
    TRY(mem(mat_matmul(&weights->m, &Vh, &m), e));
    TRY(check_finite(t, add(t, ST_OUTPUT, head, m, N_("token"), queries, vcols), e));
done:
    mat_free(&Qh);
    mat_free(&Kh);
    mat_free(&Vh);
    return rc;
}
#undef TRY

// The dimensions with --kv-heads G < H: H divisible by G, K and V G groups wide, each
// group as wide as one query head; concat H·d_vhead wide and W_O (H·d_vhead)×d_model.
static int kv_dimensions(Trace *t, AtError *e)
{
    const Inputs *in = t->in;
    const TraceOptions *o = &t->opt;
    size_t H = t->heads, G = t->kv_heads;
    if (H % G != 0)
        return at_fail(e, AT_EINPUT, _("--kv-heads %zu must divide --heads %zu (each group of "
                       "keys and values serves H/G query heads)"), G, H);
    if (t->d_k % H != 0)
        return at_fail(e, AT_EINPUT, _("--heads %zu: d_k = %zu (W_Q's width) must be divisible "
                       "by %zu"), H, t->d_k, H);
    if (t->d_kv % G != 0 || t->d_v % G != 0)
        return at_fail(e, AT_EINPUT, _("--kv-heads %zu: W_K (%zu wide) and W_V (%zu wide) must "
                       "both be G groups of equal width"), G, t->d_kv, t->d_v);
    if (t->d_kv / G != t->d_k / H)
        return at_fail(e, AT_EINPUT, _("--kv-heads %zu: a group of K is %zu columns, a query "
                       "head %zu: W_K must be G·d_k/H = %zu wide"), G, t->d_kv / G, t->d_k / H,
                       G * (t->d_k / H));
    t->d_head = t->d_k / H;
    t->dv_head = t->d_v / G;
    t->d_concat = H * t->dv_head;
    if (!in->concat_cols || in->d_concat != t->d_concat)
        return at_fail(e, AT_EINPUT, _("--kv-heads %zu: the inputs were loaded for other groups "
                       "(load them with the same --heads and --kv-heads)"), G);
    if (in->W_O.rows != t->d_concat || in->W_O.cols != t->d_model)
        return at_fail(e, AT_EINPUT, _("--heads %zu --kv-heads %zu needs W_O ((H·d_vhead)×d_model "
                       "= %zu×%zu)"), H, G, t->d_concat, t->d_model);
    if (t->cross && o->mask == MASK_CAUSAL)
        return at_fail(e, AT_EINPUT, _("--mask causal does not apply to cross-attention "
                       "(%s): the keys are another sentence, so no key comes \"after\" a query"),
                       in->src_path ? _("the sample's source.txt") : "--source");
    t->divisor = (o->scale ? sqrt((double)t->d_head) : 1.0) * o->temperature;
    return 0;
}

// The trace's dimensions from the inputs, and what they must satisfy.
static int dimensions(Trace *t, const Inputs *in, const TraceOptions *o, AtError *e)
{
    memset(t, 0, sizeof *t);
    t->opt = *o;
    t->in = in;
    t->n = in->X.rows;
    t->cross = in->has_source;
    t->m = t->cross ? in->X_src.rows : t->n;
    t->d_model = in->X.cols;
    t->d_k = in->W[W_Q_IDX].cols;
    t->d_kv = in->W[W_K_IDX].cols;
    t->d_v = in->W[W_V_IDX].cols;
    t->heads = o->heads ? o->heads : 1;
    t->kv_heads = o->kv_heads ? o->kv_heads : t->heads;
    if (!(o->temperature > 0) || !isfinite(o->temperature))
        return at_fail(e, AT_EINPUT, _("the temperature must be a positive number"));
    if (t->d_k == 0)
        return at_fail(e, AT_EINPUT, _("d_k is 0: the weights have no columns"));
    if (t->heads > TRACE_MAX_HEADS)
        return at_fail(e, AT_EINPUT, _("--heads %zu: at most %d heads"), t->heads, TRACE_MAX_HEADS);
    if (t->kv_heads < t->heads)
        return kv_dimensions(t, e);
    if (t->kv_heads > t->heads)
        return at_fail(e, AT_EINPUT, _("--kv-heads %zu: at most --heads (%zu) groups of keys and "
                       "values"), t->kv_heads, t->heads);
    if (t->d_k % t->heads != 0 || t->d_v % t->heads != 0)
        return at_fail(e, AT_EINPUT,
                       _("--heads %zu: d_k = %zu and d_v = %zu must both be divisible by %zu (each "
                       "head takes d_k/H columns of Q and K and d_v/H of V)"),
                       t->heads, t->d_k, t->d_v, t->heads);
    if (t->cross && o->mask == MASK_CAUSAL)
        return at_fail(e, AT_EINPUT, _("--mask causal does not apply to cross-attention "
                       "(%s): the keys are another sentence, so no key comes \"after\" a query"),
                       in->src_path ? _("the sample's source.txt") : "--source");
    if (t->heads > 1 && (in->W_O.rows != t->d_v || in->W_O.cols != t->d_model))
        return at_fail(e, AT_EINPUT, _("--heads %zu needs W_O (d_v×d_model = %zu×%zu)"), t->heads,
                       t->d_v, t->d_model);
    t->d_head = t->d_k / t->heads;
    t->dv_head = t->d_v / t->heads;
    t->d_concat = t->d_v;
    t->divisor = (o->scale ? sqrt((double)t->d_head) : 1.0) * o->temperature;
    return 0;
}

// The inputs as stages, then the projections:
//   X (n×d), [X_src (m×d)], W_Q, W_K (d×d_k), W_V (d×d_v)
//   Q = X·W_Q (n×d_k); K = Xs·W_K (m×d_k), V = Xs·W_V (m×d_v), Xs = X_src or X
// With --pos, after X (kind: ST_EMBEDDINGS) or X_src (ST_SOURCE) of n rows:
//   P (n×d): positions 0..n−1;  input = X + P, (n×d)+(n×d) → (n×d)
// *from becomes input's matrix, where the projections then start.
static int add_positions(Trace *t, StageId x, Axis tok, Axis dims, const Matrix **from,
                         AtError *e)
{
    bool src = x == ST_SOURCE;
    const Stage *X = trace_find_id(t, x);
    Matrix P, sum;
    if (positions_make(t->opt.pos, t->opt.pos_table, X->m.rows, t->d_model,
                       src ? _("the source sentence") : _("the sentence"), &P, e) != 0)
        return -1;
    add(t, src ? ST_SRC_POSITIONS : ST_POSITIONS, 0, P, "token", tok, dims);
    if (mat_copy(&sum, &X->m) != 0)
        return out_of_memory(e);
    for (size_t k = 0; k < sum.rows * sum.cols; k++) // input[i][c] = X[i][c] + P[i][c]
        sum.v[k] += P.v[k];
    Stage *s = add(t, src ? ST_SRC_INPUT : ST_INPUT, 0, sum, "token", tok, dims);
    *from = &s->m;
    return check_finite(t, s, e);
}

// With --rope, after V: Q.rope (n×d_k) and K.rope (m×d_k), every head's slice of Q and
// K turned pair by pair by p·θ_i, p the row's position in its own sentence (rope.h).
static int add_rope(Trace *t, AtError *e)
{
    for (int w = 0; w < 2; w++) {
        const Stage *from = trace_find_id(t, w == 0 ? ST_Q : ST_K);
        Matrix m;
        if (rope_apply(&from->m, t->d_head, &m) != 0)
            return out_of_memory(e);
        Stage *s = add(t, w == 0 ? ST_QROPE : ST_KROPE, 0, m, "token",
                       (Axis){from->row_labels, from->row_generated},
                       (Axis){from->col_labels, NULL});
        if (check_finite(t, s, e) != 0)
            return -1;
    }
    return 0;
}

static int project(Trace *t, AtError *e)
{
    const Inputs *in = t->in;
    Axis tok = {in->tokens.tok, in->generated}, dims = {in->dims, NULL};
    Axis src = t->cross ? (Axis){in->src_tokens.tok, in->src_generated} : tok;
    const Matrix *Xq = &in->X, *Xs = t->cross ? &in->X_src : &in->X; // queries; keys, values
    bool pos = t->opt.pos != POS_NONE;
    if (copy_stage(t, ST_EMBEDDINGS, &in->X, N_("token"), tok, dims, e) != 0 ||
        (pos && add_positions(t, ST_EMBEDDINGS, tok, dims, &Xq, e) != 0))
        return -1;
    if (!t->cross)
        Xs = Xq;
    else if (copy_stage(t, ST_SOURCE, &in->X_src, N_("token"), src, dims, e) != 0 ||
             (pos && add_positions(t, ST_SOURCE, src, dims, &Xs, e) != 0))
        return -1;
    for (int w = 0; w < 3; w++)
        if (copy_stage(t, (StageId)(ST_WQ + w), &in->W[w], N_("dim"), dims,
                       (Axis){in->wcols[w], NULL}, e) != 0)
            return -1;
    for (int w = 0; w < 3; w++) {
        Matrix m;
        if (mat_matmul(w == W_Q_IDX ? Xq : Xs, &in->W[w], &m) != 0)
            return out_of_memory(e);
        Stage *s = add(t, (StageId)(ST_Q + w), 0, m, N_("token"), w == W_Q_IDX ? tok : src,
                       (Axis){in->wcols[w], NULL});
        if (check_finite(t, s, e) != 0)
            return -1;
    }
    return t->opt.rope ? add_rope(t, e) : 0;
}

// After H heads: concat = [output.h1 … output.hH], (n×d_concat), head h in columns
// [c0, c1); then W_O (d_concat×d_model) and output = concat·W_O, (n×d_concat)·(d_concat×d)
// → (n×d). d_concat = H·dv_head: d_v, or more with --kv-heads G < H.
static int combine_heads(Trace *t, AtError *e)
{
    const Inputs *in = t->in;
    Axis tok = {in->tokens.tok, in->generated}, vcols = {inputs_concat_cols(in), NULL};
    Axis dims = {in->wo_cols, NULL};
    Matrix m;
    if (mat_init(&m, t->n, t->d_concat) != 0)
        return out_of_memory(e);
    for (int h = 1; h <= (int)t->heads; h++) {
        const Stage *oh = trace_find_head(t, ST_OUTPUT, h);
        mat_put_cols(&m, oh->c0, &oh->m);
    }
    const Stage *concat = add(t, ST_CONCAT, 0, m, N_("token"), tok, vcols);
    if (copy_stage(t, ST_WO, &in->W_O, N_("dim"), vcols, dims, e) != 0)
        return -1;
    if (mat_matmul(&concat->m, &in->W_O, &m) != 0)
        return out_of_memory(e);
    return check_finite(t, add(t, ST_OUTPUT, 0, m, N_("token"), tok, dims), e);
}

// What --pos and --rope need, once the dimensions are known (whatever --kv-heads did).
static int order_dimensions(const Trace *t, AtError *e)
{
    if (t->opt.pos == POS_TABLE && !t->opt.pos_table)
        return at_fail(e, AT_EINPUT, _("--pos FILE: no table of positions was loaded"));
    if (t->opt.rope && t->d_head % 2 != 0)
        return at_fail(e, AT_EINPUT, _("--rope: d_head = d_k/H = %zu/%zu = %zu is odd: RoPE "
                       "turns pairs of columns (2i, 2i+1)"), t->d_k, t->heads, t->d_head);
    return 0;
}

int trace_build(const Inputs *in, const TraceOptions *o, Trace *t, AtError *e)
{
    if (dimensions(t, in, o, e) != 0 || order_dimensions(t, e) != 0)
        return -1;
    int rc = project(t, e);
    if (t->heads == 1 && rc == 0) // one head over all of Q, K and V
        rc = attend(t, 0, e);
    for (int h = 1; t->heads > 1 && h <= (int)t->heads && rc == 0; h++)
        rc = attend(t, h, e);
    if (t->heads > 1 && rc == 0)
        rc = combine_heads(t, e);
    if (rc != 0)
        trace_free(t);
    return rc;
}

void trace_free(Trace *t)
{
    for (size_t k = 0; k < t->count; k++)
        mat_free(&t->stage[k].m);
    t->count = 0;
}

size_t trace_group(const Trace *t, int head)
{
    return head <= 0 ? 0 : ((size_t)head * t->kv_heads + t->heads - 1) / t->heads;
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
        return _("is not a stage name");
    if (head > 0 && t->heads == 1)
        return _("exists only with --heads H > 1");
    if (head > (int)t->heads)
        return _("is beyond the heads of this trace (--heads)");
    if (id == ST_MASKED)
        return _("exists only with --mask causal");
    if (id == ST_SOURCE)
        return _("exists only with --source");
    if (id == ST_CONCAT || id == ST_WO)
        return _("exists only with --heads H > 1");
    if (id == ST_SRC_POSITIONS || id == ST_SRC_INPUT)
        return _("exists only with --pos and --source");
    if (id == ST_POSITIONS || id == ST_INPUT)
        return _("exists only with --pos sinusoidal or --pos FILE");
    if (id == ST_QROPE || id == ST_KROPE)
        return _("exists only with --rope");
    if (head == 0 && per_head(id) && t->heads > 1)
        return _("is split by head with --heads: name one, like scores.h1");
    return _("is not in this trace");
}

int stage_rank(StageId id)
{
    static const StageId ORDER[ST_COUNT] = {
        ST_EMBEDDINGS, ST_POSITIONS, ST_INPUT, ST_SOURCE, ST_SRC_POSITIONS, ST_SRC_INPUT,
        ST_WQ, ST_WK, ST_WV, ST_Q, ST_K, ST_V, ST_QROPE, ST_KROPE, ST_SCORES, ST_SCALED,
        ST_MASKED, ST_WEIGHTS, ST_OUTPUT, ST_CONCAT, ST_WO,
    };
    for (int k = 0; k < ST_COUNT; k++)
        if (ORDER[k] == id)
            return k;
    return ST_COUNT;
}

bool stage_is_input(const Stage *s)
{
    return s->id == ST_EMBEDDINGS || s->id == ST_SOURCE || s->id == ST_WQ || s->id == ST_WK ||
           s->id == ST_WV || s->id == ST_WO || s->id == ST_POSITIONS ||
           s->id == ST_SRC_POSITIONS;
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
