// explain.c — where every number comes from, term by term.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "rope.h"
#include "utf8.h"

#define NUM(x) fmt_num((char[32]){0}, 32, (x))
// A label padded to 8 columns by display width (CJK labels take two per character).
#define PAD(label) pad_label((char[160]){0}, 160, (label))

// Digits of n: the sum lines' indices are padded to the widest ("k=9 " under "k=10"), so
// their columns align for any index width.
static int digits(size_t n)
{
    int d = 1;
    for (; n >= 10; n /= 10)
        d++;
    return d;
}

static const char *pad_label(char *buf, size_t size, const char *label)
{
    int w = utf8_width(label); // a column name need not be valid UTF-8: then by bytes
    if (w < 0)
        w = (int)strlen(label);
    if (w >= 8 || strlen(label) + 8 >= size) // nothing to pad, or too long to copy: as it is
        return label;
    snprintf(buf, size, "%s%*s", label, 8 - w, "");
    return buf;
}

// X, X_src, W_Q, W_K, W_V, W_O: inputs, not computed; say where they came from.
static void explain_input(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    const Inputs *in = t->in;
    double x = mat_get(&s->m, i, j);
    char src[64];
    if (s->id == ST_EMBEDDINGS || s->id == ST_SOURCE) {
        const char *what = s->id == ST_SOURCE ? _("source token") : _("token");
        const TokenLookup *look = s->id == ST_SOURCE ? in->src_lookup : in->lookup;
        char how[64];
        lines_addf(o, _("%s[%zu][%zu] = %s: %s \"%s\", dimension \"%s\""), s->name, i + 1, j + 1,
                   NUM(x), what, s->row_labels[i], s->col_labels[j]);
        if (stage_generated(s, false, i))
            lines_addf(o, _("\"%s\" is not in the vocabulary: its vector was generated from its "
                       "bytes and the seed (values in ±1)"), s->row_labels[i]);
        else if (look && look[i].row && look[i].how != LOOK_EXACT)
            lines_addf(o, _("looked up in %s: the row for \"%s\" (%s)"), in->source[0],
                       look[i].row, lookup_how_text(&look[i], how, sizeof how));
        else
            lines_addf(o, _("looked up in %s (the row for \"%s\")"), in->source[0], s->row_labels[i]);
        if (s->id == ST_SOURCE)
            lines_addf(o, _("an input: the keys and values are computed from X_src, the queries "
                       "from X"));
        else
            lines_addf(o, _("an input: every later stage is computed from X and the weights"));
        return;
    }
    if (s->id == ST_WO) {
        int head = (int)(i / t->dv_head) + 1;
        lines_addf(o, _("W_O[%zu][%zu] = %s: how much concat column \"%s\" (from head %d) feeds "
                   "output column \"%s\""), i + 1, j + 1, NUM(x), s->row_labels[i], head,
                   s->col_labels[j]);
        lines_addf(o, _("a weight (learned in a real model), %s%s"),
                   inputs_from_file(in, W_O_SOURCE) ? _("here from ") : _("here "),
                   inputs_source_text(in, W_O_SOURCE, src, sizeof src));
        return;
    }
    int w = (int)(s->id - ST_WQ);
    static const char *const role[3] = {N_("query"), N_("key"), N_("value")};
    lines_addf(o, _("%s[%zu][%zu] = %s: how much embedding dimension \"%s\" feeds %s column \"%s\""),
               s->name, i + 1, j + 1, NUM(x), s->row_labels[i], _(role[w]), s->col_labels[j]);
    lines_addf(o, _("a weight (learned in a real model), %s%s"),
               inputs_from_file(in, w + 1) ? _("here from ") : _("here "),
               inputs_source_text(in, w + 1, src, sizeof src));
}

// positions[p][c]: a sinusoid of the position p, or row p of the learned table
static void explain_positions(const Trace *t, const Stage *s, size_t p, size_t c, Lines *o)
{
    double x = mat_get(&s->m, p, c);
    lines_addf(o, _("%s[%zu][%zu] = %s: token \"%s\" is at position p = %zu (counted from 0), "
               "dimension \"%s\""), s->name, p + 1, c + 1, NUM(x), s->row_labels[p], p,
               s->col_labels[c]);
    if (t->opt.pos == POS_TABLE) {
        lines_addf(o, _("row %zu of the learned positions %s, column \"%s\""), p,
                   t->opt.pos_table->path, s->col_labels[c]);
        lines_addf(o, _("learned positions are trained like embeddings; a row for each position"));
        return;
    }
    size_t i = c / 2;
    double wl = pos_wavelength(c, t->d_model), angle = (double)p / wl;
    lines_addf(o, _("= %s(p / 10000^(2i/d_model)) with column %zu = 2i%s, i = %zu, d_model = %zu"),
               c % 2 ? "cos" : "sin", c, c % 2 ? "+1" : "", i, t->d_model);
    lines_addf(o, "= %s(%zu / %s) = %s(%s) = %s", c % 2 ? "cos" : "sin", p, NUM(wl),
               c % 2 ? "cos" : "sin", NUM(angle), NUM(x));
    lines_addf(o, _("each pair of columns is a clock at its own speed: early columns turn fast, "
               "later ones slowly, so every position gets a different vector"));
}

// input[i][c] = X[i][c] + P[i][c]  (source.input: X_src + P_src)
static void explain_sum(const Trace *t, const Stage *s, size_t i, size_t c, Lines *o)
{
    bool src = s->id == ST_SRC_INPUT;
    const Stage *X = trace_find_id(t, src ? ST_SOURCE : ST_EMBEDDINGS);
    const Stage *P = trace_find_id(t, src ? ST_SRC_POSITIONS : ST_POSITIONS);
    double a = mat_get(&X->m, i, c), b = mat_get(&P->m, i, c);
    lines_addf(o, _("%s[%zu][%zu] = %s[%zu][%zu] + %s[%zu][%zu]  (token \"%s\" at position %zu, "
               "dimension \"%s\")"), s->name, i + 1, c + 1, X->name, i + 1, c + 1, P->name, i + 1,
               c + 1, s->row_labels[i], i, s->col_labels[c]);
    lines_addf(o, "= %s + %s = %s", NUM(a), NUM(b), NUM(mat_get(&s->m, i, c)));
    lines_addf(o, _("the same word at another position gets another input row: this is how "
               "attention learns the order of the words"));
}

// Q.rope[p][c]: column c's pair of Q[p] (its head's columns 2k, 2k+1) rotated by p·θ_k
static void explain_rope(const Trace *t, const Stage *s, size_t p, size_t c, Lines *o)
{
    const Stage *from = trace_find_id(t, s->id == ST_QROPE ? ST_Q : ST_K);
    size_t h = c / t->d_head, local = c - h * t->d_head, k = local / 2;
    size_t c0 = h * t->d_head + 2 * k; // the pair's first column
    double theta = rope_theta(k, t->d_head), a = (double)p * theta;
    double x = mat_get(&from->m, p, c0), y = mat_get(&from->m, p, c0 + 1);
    lines_addf(o, _("%s[%zu][%zu] = %s  (token \"%s\" at position p = %zu, column \"%s\")"),
               s->name, p + 1, c + 1, NUM(mat_get(&s->m, p, c)), s->row_labels[p], p,
               s->col_labels[c]);
    lines_addf(o, _("columns %zu and %zu of %s are pair k = %zu of head %zu's slice (d_head = %zu)"),
               c0 + 1, c0 + 2, from->name, k, h + 1, t->d_head);
    lines_addf(o, _("θ_k = 10000^(−2k/d_head) = 10000^(−%zu/%zu) = %s; angle = p·θ_k = %zu × %s = "
               "%s rad"), 2 * k, t->d_head, NUM(theta), p, NUM(theta), NUM(a));
    if (c == c0)
        lines_addf(o, _("= x·cos(angle) − y·sin(angle) = %s × %s − %s × %s = %s"), NUM(x),
                   NUM(cos(a)), NUM(y), NUM(sin(a)), NUM(mat_get(&s->m, p, c)));
    else
        lines_addf(o, _("= x·sin(angle) + y·cos(angle) = %s × %s + %s × %s = %s"), NUM(x),
                   NUM(sin(a)), NUM(y), NUM(cos(a)), NUM(mat_get(&s->m, p, c)));
    lines_addf(o, _("  (x, y) = (%s[%zu][%zu], %s[%zu][%zu]) = (%s, %s): a rotation keeps the "
               "pair's length"), from->name, p + 1, c0 + 1, from->name, p + 1, c0 + 2, NUM(x),
               NUM(y));
}

// Q, K, V: out[i][c] = Σ_d X[i][d] · W[d][c]  (K and V from X_src with --source; from
// input and source.input with --pos)
static void explain_projection(const Trace *t, const Stage *s, size_t i, size_t c, Lines *o)
{
    bool from_source = t->cross && s->id != ST_Q, pos = t->opt.pos != POS_NONE;
    const Stage *X = trace_find_id(t, from_source ? (pos ? ST_SRC_INPUT : ST_SOURCE)
                                                  : (pos ? ST_INPUT : ST_EMBEDDINGS));
    const Stage *W = trace_find_id(t, (StageId)(ST_WQ + (s->id - ST_Q)));
    const char *x = pos ? X->name : from_source ? "X_src" : "X";
    lines_addf(o, _("%s[%zu][%zu] = row %zu of %s · column %zu of %s  (token \"%s\", column \"%s\")"),
               s->name, i + 1, c + 1, i + 1, x, c + 1, W->name, s->row_labels[i],
               s->col_labels[c]);
    lines_addf(o, "= Σ_d %s[%zu][d] · %s[d][%zu]", x, i + 1, W->name, c + 1);
    for (size_t d = 0; d < X->m.cols; d++) {
        double a = mat_get(&X->m, i, d), b = mat_get(&W->m, d, c);
        lines_addf(o, "  d=%-*zu %s %10s × %10s = %10s", digits(X->m.cols), d + 1, PAD(X->col_labels[d]), NUM(a), NUM(b),
                   NUM(a * b));
    }
    lines_addf(o, _("  sum = %s"), NUM(mat_get(&s->m, i, c)));
}

// scores[i][j] = q_i · k_j = Σ_c Q[i][c] · K[j][c], c over the head's columns
// With --rope: the score of query position i and key position j depends on i − j only.
static void explain_rope_offset(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    long off = (long)i - (long)j;
    lines_addf(o, _("RoPE: q_%zu was turned by %zu·θ_k and k_%zu by %zu·θ_k, pair by pair; the "
               "dot product of two turned pairs depends only on the angle between them,"),
               i + 1, i, j + 1, j);
    lines_addf(o, _("so it depends on the positions only through the offset i − j = %zu − %zu = "
               "%ld: moving both words by the same number of places leaves it unchanged"), i, j,
               off);
    for (size_t k = 0; 2 * k < t->d_head; k++) {
        double theta = rope_theta(k, t->d_head);
        lines_addf(o, _("  pair k=%zu (columns %zu,%zu): θ_k = %s, angle difference (i − j)·θ_k = "
                   "%s − %s = %s rad"), k, s->qk0 + 2 * k + 1, s->qk0 + 2 * k + 2, NUM(theta),
                   NUM((double)i * theta), NUM((double)j * theta), NUM((double)off * theta));
    }
}

static void explain_scores(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    bool rope = t->opt.rope;
    const Stage *Q = trace_find_id(t, rope ? ST_QROPE : ST_Q),
                *K = trace_find_id(t, rope ? ST_KROPE : ST_K);
    lines_addf(o, _("%s[%zu][%zu] = q_%zu · k_%zu  (query \"%s\", key \"%s\")"), s->name, i + 1,
               j + 1, i + 1, j + 1, s->row_labels[i], s->col_labels[j]);
    if (s->head && t->kv_heads < t->heads)
        lines_addf(o, _("= Σ_c %s[%zu][%zu+c] · %s[%zu][%zu+c], c = 1..%zu: head %d's columns of Q "
                   "with group %d's columns %zu..%zu of K (heads share a group's K and V: "
                   "group = ⌈h·G/H⌉ = ⌈%d·%zu/%zu⌉)"), Q->name, i + 1, s->qk0, K->name, j + 1,
                   s->k0, t->d_head, s->head, s->group, s->k0 + 1, s->k1, s->head, t->kv_heads,
                   t->heads);
    else if (s->head)
        lines_addf(o, _("= Σ_c %s[%zu][c] · %s[%zu][c] over head %d's columns c = %zu..%zu of d_k = "
                   "%zu (d_k/H = %zu each)"), Q->name, i + 1, K->name, j + 1, s->head,
                   s->qk0 + 1, s->qk1, t->d_k, t->d_head);
    else
        lines_addf(o, "= Σ_c %s[%zu][c] · %s[%zu][c]", Q->name, i + 1, K->name, j + 1);
    for (size_t c = 0; c < s->qk1 - s->qk0; c++) {
        double a = mat_get(&Q->m, i, s->qk0 + c), b = mat_get(&K->m, j, s->k0 + c);
        if (s->k0 == s->qk0)
            lines_addf(o, "  c=%-*zu %10s × %10s = %10s", digits(s->qk1), s->qk0 + c + 1, NUM(a),
                       NUM(b), NUM(a * b));
        else
            lines_addf(o, "  Q c=%zu, K c=%zu %10s × %10s = %10s", s->qk0 + c + 1, s->k0 + c + 1,
                       NUM(a), NUM(b), NUM(a * b));
    }
    lines_addf(o, _("  sum = %s"), NUM(mat_get(&s->m, i, j)));
    if (rope)
        explain_rope_offset(t, s, i, j, o);
}

// scaled[i][j] = scores[i][j] / (√d_k · T); √(d_k/H) for a head
static void explain_scaled(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    const Stage *scores = trace_find_head(t, ST_SCORES, s->head);
    double raw = mat_get(&scores->m, i, j), x = mat_get(&s->m, i, j);
    const char *sn = scores->name, *root = s->head ? "√(d_k/H)" : "√d_k";
    char width[48];
    if (s->head)
        snprintf(width, sizeof width, "√(%zu/%zu)", t->d_k, t->heads);
    else
        snprintf(width, sizeof width, "√%zu", t->d_k);
    lines_addf(o, _("%s[%zu][%zu]  (query \"%s\", key \"%s\")"), s->name, i + 1, j + 1,
               s->row_labels[i], s->col_labels[j]);
    double T = t->opt.temperature;
    if (t->opt.scale && T == 1.0)
        lines_addf(o, "= %s[%zu][%zu] / %s = %s / %s = %s / %s = %s", sn, i + 1, j + 1, root,
                   NUM(raw), width, NUM(raw), NUM(t->divisor), NUM(x));
    else if (t->opt.scale)
        lines_addf(o, "= %s[%zu][%zu] / (%s · T) = %s / (%s × %s) = %s / %s = %s", sn, i + 1,
                   j + 1, root, NUM(raw), width, NUM(T), NUM(raw), NUM(t->divisor), NUM(x));
    else
        lines_addf(o, _("= %s[%zu][%zu] / T = %s / %s = %s  (%s scaling is off)"), sn, i + 1,
                   j + 1, NUM(raw), NUM(T), NUM(x), root);
    if (t->opt.scale && s->head)
        lines_addf(o, _("each head's scores are dot products over d_k/H = %zu columns, so a head "
                   "divides by √(d_k/H), not √d_k"), t->d_head);
    else if (t->opt.scale)
        lines_addf(o, _("dividing by √d_k keeps the scores' spread the same whatever d_k is, so "
                   "softmax does not saturate"));
}

static void explain_masked(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    const Stage *scaled = trace_find_head(t, ST_SCALED, s->head);
    lines_addf(o, _("%s[%zu][%zu]  (query \"%s\", key \"%s\")"), s->name, i + 1, j + 1,
               s->row_labels[i], s->col_labels[j]);
    if (j > i)
        lines_addf(o, _("= -inf: key %zu comes after query %zu, and a causal mask hides the future; "
                   "exp(-inf) = 0, so it gets no weight"), j + 1, i + 1);
    else
        lines_addf(o, _("= %s[%zu][%zu] = %s: key %zu is not after query %zu, so it is kept"),
                   scaled->name, i + 1, j + 1, NUM(mat_get(&s->m, i, j)), j + 1, i + 1);
}

// weights[i][j] = exp(s_ij − max_i) / Σ_k exp(s_ik − max_i)
static void explain_weights(const Trace *t, const Stage *s, size_t i, size_t j, Lines *o)
{
    const Stage *in =
        trace_find_head(t, t->opt.mask == MASK_CAUSAL ? ST_MASKED : ST_SCALED, s->head);
    const double *row = mat_row(&in->m, i);
    size_t n = in->m.cols;
    double max = -INFINITY, sum = 0;
    for (size_t k = 0; k < n; k++)
        if (row[k] > max)
            max = row[k];
    for (size_t k = 0; k < n; k++)
        sum += exp(row[k] - max);
    lines_addf(o, _("%s[%zu][%zu]  (query \"%s\", key \"%s\"): softmax of row %zu of %s"), s->name,
               i + 1, j + 1, s->row_labels[i], s->col_labels[j], i + 1, in->name);
    lines_addf(o, "= exp(s_%zu%zu − max) / Σ_k exp(s_%zuk − max)", i + 1, j + 1, i + 1);
    lines_addf(o, _("  max of the row = %s (subtracted so no exp overflows)"), NUM(max));
    for (size_t k = 0; k < n; k++) {
        const char *mark = k == j ? _("  ← this cell") : "";
        if (isinf(row[k]))
            lines_addf(o, _("  k=%-*zu %s exp(-inf) = 0 (masked)%s"), digits(n), k + 1, PAD(in->col_labels[k]), mark);
        else
            lines_addf(o, "  k=%-*zu %s exp(%s − %s) = %s%s", digits(n), k + 1, PAD(in->col_labels[k]),
                       NUM(row[k]), NUM(max), NUM(exp(row[k] - max)), mark);
    }
    lines_addf(o, _("  sum = %s"), NUM(sum));
    lines_addf(o, "  %s[%zu][%zu] = %s / %s = %s", s->name, i + 1, j + 1, NUM(exp(row[j] - max)),
               NUM(sum), NUM(mat_get(&s->m, i, j)));
}

// output[i][c] = Σ_j weights[i][j] · V[j][v0 + c]  (v0: the head's first column of V)
static void explain_output(const Trace *t, const Stage *s, size_t i, size_t c, Lines *o)
{
    const Stage *W = trace_find_head(t, ST_WEIGHTS, s->head), *V = trace_find_id(t, ST_V);
    size_t vc = s->v0 + c; // the column of V
    lines_addf(o, _("%s[%zu][%zu] = Σ_j %s[%zu][j] · V[j][%zu]  (token \"%s\", column \"%s\")"),
               s->name, i + 1, c + 1, W->name, i + 1, vc + 1, s->row_labels[i],
               s->col_labels[c]);
    lines_addf(o, t->cross ? _("= a weighted average of column \"%s\" of V over every source token")
                          : _("= a weighted average of column \"%s\" of V over every token"),
               s->col_labels[c]);
    if (s->head && t->kv_heads < t->heads)
        lines_addf(o, _("V's columns %zu..%zu are group %d's, shared by %zu query heads"),
                   s->v0 + 1, s->v1, s->group, t->heads / t->kv_heads);
    for (size_t j = 0; j < W->m.cols; j++) {
        double a = mat_get(&W->m, i, j), b = mat_get(&V->m, j, vc);
        lines_addf(o, "  j=%-*zu %s %10s × %10s = %10s", digits(W->m.cols), j + 1, PAD(W->col_labels[j]), NUM(a), NUM(b),
                   NUM(a * b));
    }
    lines_addf(o, _("  sum = %s"), NUM(mat_get(&s->m, i, c)));
}

// concat[i][c] = output.hH[i][c − v0]: which head, which of its columns
static void explain_concat(const Trace *t, const Stage *s, size_t i, size_t c, Lines *o)
{
    int head = (int)(c / t->dv_head) + 1;
    const Stage *oh = trace_find_head(t, ST_OUTPUT, head);
    lines_addf(o, _("concat[%zu][%zu] = %s: token \"%s\", column \"%s\""), i + 1, c + 1,
               NUM(mat_get(&s->m, i, c)), s->row_labels[i], s->col_labels[c]);
    lines_addf(o, _("= %s[%zu][%zu]: head %d's output fills concat columns %zu..%zu (%s = %zu "
               "each)"), oh->name, i + 1, c - oh->c0 + 1, head, oh->c0 + 1, oh->c1,
               t->kv_heads < t->heads ? "d_v/G" : "d_v/H", t->dv_head);
    lines_addf(o, _("the heads are laid side by side; W_O then mixes them into one output"));
}

// output[i][c] = Σ_k concat[i][k] · W_O[k][c]  (several heads)
static void explain_projected(const Trace *t, const Stage *s, size_t i, size_t c, Lines *o)
{
    const Stage *C = trace_find_id(t, ST_CONCAT), *W = trace_find_id(t, ST_WO);
    lines_addf(o, _("output[%zu][%zu] = row %zu of concat · column %zu of W_O  (token \"%s\", "
               "column \"%s\")"), i + 1, c + 1, i + 1, c + 1, s->row_labels[i], s->col_labels[c]);
    lines_addf(o, _("= Σ_k concat[%zu][k] · W_O[k][%zu], k over the %zu heads' columns"), i + 1,
               c + 1, t->heads);
    for (size_t k = 0; k < C->m.cols; k++) {
        double a = mat_get(&C->m, i, k), b = mat_get(&W->m, k, c);
        lines_addf(o, _("  k=%-*zu %s %10s × %10s = %10s  (head %zu)"), digits(C->m.cols), k + 1, PAD(C->col_labels[k]),
                   NUM(a), NUM(b), NUM(a * b), k / t->dv_head + 1);
    }
    lines_addf(o, _("  sum = %s"), NUM(mat_get(&s->m, i, c)));
}

int explain(const Trace *t, const Stage *s, size_t i, size_t j, Lines *out, AtError *e)
{
    memset(out, 0, sizeof *out);
    if (i >= s->m.rows || j >= s->m.cols)
        return at_fail(e, AT_EINPUT, _("%s has %zu×%zu cells; there is no cell [%zu][%zu]"), s->name,
                       s->m.rows, s->m.cols, i + 1, j + 1);
    switch (s->id) {
    case ST_EMBEDDINGS: case ST_SOURCE: case ST_WQ: case ST_WK: case ST_WV: case ST_WO:
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
        if (s->head == 0 && t->heads > 1)
            explain_projected(t, s, i, j, out);
        else
            explain_output(t, s, i, j, out);
        break;
    case ST_CONCAT:
        explain_concat(t, s, i, j, out);
        break;
    case ST_POSITIONS: case ST_SRC_POSITIONS:
        explain_positions(t, s, i, j, out);
        break;
    case ST_INPUT: case ST_SRC_INPUT:
        explain_sum(t, s, i, j, out);
        break;
    case ST_QROPE: case ST_KROPE:
        explain_rope(t, s, i, j, out);
        break;
    case ST_COUNT:
        break;
    }
    if (out->failed) {
        lines_free(out);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    return 0;
}
