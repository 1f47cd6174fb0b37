// order.c — the order options in words (order.h).
#include <stdio.h>

#include "i18n.h"
#include "order.h"
#include "shuffle.h"

// "--shuffle 7: words reordered, order 3 1 2 (token k is word order[k] of the sentence)"
// translate: in the user's language (print, slides), else English (the manifest's notes).
static size_t shuffle_words(const Trace *t, bool translate, char *buf, size_t size)
{
    const Inputs *in = t->in;
    char perm[512];
    shuffle_describe(in->order, in->tokens.n, perm, sizeof perm);
    int n = snprintf(buf, size, translate ? _("--shuffle %llu: words reordered, order %s (token "
                                              "k is word order[k] of the sentence as written)")
                                          : "--shuffle %llu: words reordered, order %s (token "
                                            "k is word order[k] of the sentence as written)",
                     (unsigned long long)in->order_seed, perm);
    return n < 0 ? 0 : (size_t)n;
}

void order_summary(const Trace *t, char *buf, size_t size)
{
    size_t at = 0;
    // TRANSLATORS: between the parts of the order summary ("positions: …; RoPE: …")
    const char *sep = _("; ");
    buf[0] = '\0';
    if (t->opt.pos != POS_NONE)
        at += (size_t)(t->opt.pos == POS_TABLE
                       ? snprintf(buf, size, _("positions: learned, from %s"),
                                  t->opt.pos_table->path)
                       : snprintf(buf, size, "%s", _("positions: sinusoidal")));
    if (t->opt.rope && at < size)
        at += (size_t)snprintf(buf + at, size - at, _("%sRoPE: Q and K turned pair by pair by "
                               "position·θ_i, d_head = %zu"), at ? sep : "", t->d_head);
    if (t->in->order && at < size) {
        if (at)
            at += (size_t)snprintf(buf + at, size - at, "%s", sep);
        if (at < size)
            shuffle_words(t, true, buf + at, size - at);
    }
}

void order_stage_note(const Trace *t, const Stage *s, char *buf, size_t size)
{
    buf[0] = '\0';
    switch (s->id) {
    case ST_EMBEDDINGS:
        if (t->in->order)
            shuffle_words(t, false, buf, size);
        break;
    case ST_POSITIONS: case ST_SRC_POSITIONS:
        if (t->opt.pos == POS_TABLE)
            snprintf(buf, size, "--pos FILE: rows 0-%zu of %s", s->m.rows - 1,
                     t->opt.pos_table->path);
        else
            snprintf(buf, size, "--pos sinusoidal: P[p][2i] = sin(p/10000^(2i/d_model)), "
                     "P[p][2i+1] = cos(p/10000^(2i/d_model)); d_model = %zu", t->d_model);
        break;
    case ST_INPUT: case ST_SRC_INPUT:
        snprintf(buf, size, "--pos: %s + %s; Q%s come from it", s->id == ST_INPUT ? "X" : "X_src",
                 s->id == ST_INPUT ? "P" : "P_src",
                 s->id == ST_INPUT ? (t->cross ? "" : ", K and V") : "");
        break;
    case ST_QROPE: case ST_KROPE:
        snprintf(buf, size, "--rope: heads = %zu; d_head = %zu; pair (2i, 2i+1) of each head "
                 "rotated by p*theta_i, theta_i = 10000^(-2i/d_head), p = the %s position from 0",
                 t->heads, t->d_head, s->id == ST_KROPE && t->cross ? "source token's" : "token's");
        break;
    default:
        break;
    }
}
