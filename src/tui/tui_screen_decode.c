// tui_screen_decode.c — --decode's walk (see tui_screen.h): one step of decoding with
// the KV cache on one screen. Top to bottom: the new query q_t (the head's columns), the
// key and value caches K[1..t] and V[1..t] with row t (the token just added) marked and
// the tokens still to come dimmed, the score row q_t·K[1..t]ᵀ and its weights, output
// row t beside row t of the causal run and their difference (0), and what the cache
// saves. n/p move a step, [ ] a head, W goes back to the stages.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gqa.h"
#include "i18n.h"
#include "tui_decode.h"
#include "tui_screen.h"
#include "tui_text.h"
#include "tui_widgets.h"

#define LABEL_W 16 // the label column

typedef struct {
    int y, cols, bottom; // the next line, the screen's width, the first line not to use
    int cw, decimals;    // a cell's width and decimals
} Pen;

static bool room(const Pen *p)
{
    return p->y < p->bottom;
}

// One line: a label, then cells [c0, c1) of row i of m, as many as fit.
static void values(Pen *p, const char *label, const Matrix *m, size_t i, size_t c0, size_t c1,
                   attr_t a, const char *after)
{
    if (!room(p))
        return;
    tui_put_fit(p->y, 0, LABEL_W, label, false, a);
    int x = LABEL_W;
    for (size_t c = c0; c < c1 && x + p->cw <= p->cols; c++, x += p->cw) {
        char cell[48];
        snprintf(cell, sizeof cell, "%*.*f", p->cw - 1, p->decimals, mat_get(m, i, c));
        tui_put(p->y, x, p->cw, cell, a);
    }
    if (after && x + 2 < p->cols)
        tui_put(p->y, x + 1, p->cols - x - 1, after, a);
    p->y++;
}

// The column labels [c0, c1) of `labels` after a title in the label column.
static void heading(Pen *p, const char *title, char **labels, size_t c0, size_t c1)
{
    if (!room(p))
        return;
    attr_t h = tui_att(TUI_PAIR_HEADING, A_BOLD);
    tui_put_fit(p->y, 0, LABEL_W, title, false, h);
    int x = LABEL_W;
    for (size_t c = c0; c < c1 && x + p->cw <= p->cols; c++, x += p->cw)
        tui_put_fit(p->y, x, p->cw - 1, labels[c], true, h);
    p->y++;
}

// A cache: its rows 1..t (the last `fit` of them), row t marked as the new one, and a
// dim line for the tokens not generated yet.
static void cache(Pen *p, const TuiState *st, const DecodeStage *c, size_t c0, size_t c1,
                  const char *row_name, int fit)
{
    size_t t = st->dstep, n = st->dec.steps;
    char title[64];
    snprintf(title, sizeof title, "%s[1..%zu]", c->kind == DEC_KCACHE ? "K" : "V", t);
    heading(p, title, c->s.col_labels, c0, c1);
    size_t from = (int)t > fit ? t - (size_t)fit : 0;
    if (from > 0 && room(p)) {
        char more[64];
        snprintf(more, sizeof more, _("  … rows 1–%zu (kept from earlier steps)"), from);
        tui_put(p->y++, 0, p->cols, more, tui_att(TUI_PAIR_DIM, A_DIM));
    }
    for (size_t i = from; i < t; i++) {
        char label[96], note[64];
        snprintf(label, sizeof label, "%zu %s", i + 1, c->s.row_labels[i]);
        bool now = i + 1 == t;
        snprintf(note, sizeof note, now ? _("← %s_%zu, added now") : _("kept"), row_name, t);
        values(p, label, &c->s.m, i, c0, c1, now ? tui_att(TUI_PAIR_HL, A_REVERSE) : A_NORMAL,
               note);
    }
    if (t < n && room(p)) {
        char later[96];
        snprintf(later, sizeof later, ngettext("  %zu later token: not generated yet",
                                               "  %zu later tokens: not generated yet", n - t),
                 n - t);
        tui_put(p->y++, 0, p->cols, later, tui_att(TUI_PAIR_DIM, A_DIM));
    }
}

int tui_decode_draw(TuiState *st, int cols, int rows)
{
    const Trace *t = st->t;
    const Decode *d = &st->dec;
    size_t step = st->dstep;
    int h = st->dhead;
    st->grid_shown = false;
    tui_layout_screen(cols, rows, NULL, NULL, NULL, TUI_ZOOM_FIT, false, &st->layout);
    const DecodeStage *q = decode_find_kind(d, step, DEC_Q, 0);
    const DecodeStage *K = decode_find_kind(d, step, DEC_KCACHE, 0);
    const DecodeStage *V = decode_find_kind(d, step, DEC_VCACHE, 0);
    const DecodeStage *sc = decode_find_kind(d, step, DEC_SCORES, h);
    const DecodeStage *w = decode_find_kind(d, step, DEC_WEIGHTS, h);
    const DecodeStage *out = decode_find_kind(d, step, DEC_OUTPUT, 0);
    const DecodeStage *diff = decode_find_kind(d, step, DEC_DIFF, 0);
    const Stage *causal = trace_find(t, "output");
    if (!q || !K || !V || !sc || !w || !out || !diff || !causal)
        return 0; // (cannot happen: the walk opens only on a whole decode)

    char buf[512], head[64] = "";
    if (t->heads > 1)
        snprintf(head, sizeof head, _(" · head %d/%zu, K/V group %zu"), h, t->heads,
                 trace_group(t, h));
    char *tok = tui_text_display_dup(t->in->tokens.tok[step - 1]);
    snprintf(buf, sizeof buf, _(" decode walk — step %zu/%zu: token \"%s\"%s"), step, d->steps,
             tok ? tok : "", head);
    free(tok);
    tui_fill(0, 0, cols, tui_att(TUI_PAIR_TITLE, A_REVERSE));
    tui_put(0, 0, cols, buf, tui_att(TUI_PAIR_TITLE, A_REVERSE) | A_BOLD);
    tui_put(1, 1, cols - 1, _("Only x_t is projected (q_t, k_t, v_t); k_t and v_t join the cache, "
            "and q_t attends over the cache alone: no mask, no later token."),
            tui_att(TUI_PAIR_DIM, A_DIM));

    Pen p = {.y = 3, .cols = cols, .bottom = rows - 2, .decimals = st->decimals,
             .cw = st->decimals + 7};
    const Stage *hs = &sc->s; // the head's columns of q, K, V
    int fixed = 13 + (t->kv_heads < t->heads);
    int fit = (rows - fixed) / 2 - 3;
    fit = fit < 1 ? 1 : fit;
    snprintf(buf, sizeof buf, "q_%zu", step);
    heading(&p, buf, q->s.col_labels, hs->qk0, hs->qk1);
    snprintf(buf, sizeof buf, "%zu %s", step, q->s.row_labels[0]);
    values(&p, buf, &q->s.m, 0, hs->qk0, hs->qk1, A_BOLD, NULL);
    cache(&p, st, K, hs->k0, hs->k1, "k", fit);
    cache(&p, st, V, hs->v0, hs->v1, "v", fit);

    // the score row and its weights, one column per cached token
    snprintf(buf, sizeof buf, _("over K[1..%zu]"), step);
    heading(&p, buf, sc->s.col_labels, 0, step);
    values(&p, "scores", &sc->s.m, 0, 0, step, A_NORMAL, sc->s.formula + strlen("scores = "));
    values(&p, "weights", &w->s.m, 0, 0, step, A_BOLD, "softmax");

    // output row t and the proof
    heading(&p, _("output row"), out->s.col_labels, 0, out->s.m.cols);
    snprintf(buf, sizeof buf, _("decode t=%zu"), step);
    values(&p, buf, &out->s.m, 0, 0, out->s.m.cols, A_BOLD, NULL);
    snprintf(buf, sizeof buf, _("causal row %zu"), step);
    values(&p, buf, &causal->m, step - 1, 0, causal->m.cols, A_NORMAL, NULL);
    bool zero = true;
    for (size_t c = 0; c < diff->s.m.cols; c++)
        zero = zero && mat_get(&diff->s.m, 0, c) == 0.0;
    snprintf(buf, sizeof buf, zero ? _("= row %zu of causal, difference 0") : _("row %zu differs!"),
             step);
    values(&p, _("difference"), &diff->s.m, 0, 0, diff->s.m.cols,
           zero ? tui_att(TUI_PAIR_OK, A_BOLD) : tui_att(TUI_PAIR_ERR, A_BOLD), buf);

    // what the cache saves (and, with groups, what sharing K and V saves)
    if (room(&p)) {
        DecodeCost c = decode_cost(t, d->steps);
        snprintf(buf, sizeof buf, _("multiply-adds for %zu tokens: %llu with the cache, %llu "
                 "without (each step re-running the prefix): %.1f× more"), d->steps,
                 c.with_cache, c.without_cache,
                 c.with_cache ? (double)c.without_cache / (double)c.with_cache : 0.0);
        tui_put(++p.y, 0, cols, buf, A_NORMAL);
        p.y++;
    }
    if (t->kv_heads < t->heads && room(&p)) {
        gqa_saving_text(t, true, buf, sizeof buf);
        tui_put(p.y++, 0, cols, buf, A_NORMAL);
    }
    if (st->status[0])
        tui_put(rows - 2, 0, cols, st->status,
                st->status_error ? tui_att(TUI_PAIR_ERR, A_BOLD) : A_NORMAL);
    tui_put(rows - 1, 0, cols, _(" n/p step · g/G first/last · [/] head · W back to the stages · "
            "? help · q quit"), tui_att(TUI_PAIR_KEY, A_REVERSE));
    return 0;
}

void tui_decode_key(TuiState *st, TuiPress p)
{
    int ch = tui_press_key(p);
    const TuiKey *k = tui_key_find(ch);
    TuiRequest r = k ? k->req : REQ_NONE;
    st->status[0] = '\0';
    if (tui_decode_move(st, r, k ? k->arg : 0))
        return;
    switch (r) {
    case REQ_DECODE: tui_decode_toggle(st); break;
    case REQ_QUIT: st->quit = true; break;
    case REQ_HELP: st->help = true; break;
    case REQ_MOUSE: { MEVENT ev; getmouse(&ev); break; } // nothing to click here
    case REQ_RESIZE: break;
    default:
        tui_set_status(st, false, _("In the decode walk: n/p step, [ ] head, W back to the stages."));
        break;
    }
}
