// test_tui_view.c — the stepper's matrix view laid out for the real samples, without a
// terminal: on a projector (160×45) the matrix fills the screen (issue 14's targets),
// the presenter layout gives it more, z/Z choose a level by hand, and on 120×40 every
// column of the 12-token coreference sample shows.
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sample.h"
#include "trace.h"
#include "tui_state.h"
#include "tui_view.h"

typedef struct {
    Inputs in;
    Trace t;
    TuiOptions o;
    TuiState st;
} Loaded;

static void load(Loaded *L, const char *sample)
{
    memset(L, 0, sizeof *L);
    InputOptions io = {.sample = sample, .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    AtError e = {0};
    if (inputs_load(&io, &L->in, &e) != 0 || trace_build(&L->in, &to, &L->t, &e) != 0)
        fail_msg("%s: %s", sample, e.msg);
    L->o = (TuiOptions){.color_cap = COLOR_256};
    if (tui_state_init(&L->st, &L->t, &L->o, &e) != 0)
        fail_msg("%s", e.msg);
    L->st.color = L->st.color_best = COLOR_256; // as on a color terminal
}

static void unload(Loaded *L)
{
    tui_state_free(&L->st);
    trace_free(&L->t);
    inputs_free(&L->in);
}

// Columns the drawn block spans: its grids at the level used, the operator columns'
// extra, never more than its rectangle.
static int span(const TuiView *v, const TuiLayout *l)
{
    const TuiBlockSize *b = l->operands ? &v->want : &v->bare;
    int w = tui_block_w(b, l->zoom) + 2 * l->sep_extra;
    return w < l->matrix.w ? w : l->matrix.w;
}

// How many of the result's columns show (as the screen places its grid).
static size_t columns_shown(const TuiState *st, const TuiView *v, const TuiLayout *l)
{
    const Stage *s = v->res.s;
    if (l->operands)
        return s->m.cols; // the product is only shown whole
    TuiGrid g = {v->lw, v->cw + l->zoom, s->m.rows, s->m.cols, 0, 0, 0, 0, l->row_h, 0};
    tui_grid_place(&g, l->matrix.w, l->matrix.h - 1, st->ci, st->cj);
    return g.vis_cols;
}

static void projector_filled(void **state)
{
    (void)state;
    Loaded L;
    load(&L, "samples/default");
    TuiState *st = &L.st;
    int products = 0, singles = 0;
    for (size_t k = 0; k < L.t.count; k++) {
        st->k = k;
        TuiView v;
        TuiLayout l;
        tui_view_layout(st, 160, 45, &v, &l);
        const char *name = L.t.stage[k].name;
        int w = span(&v, &l);
        if (v.has_ops) { // Q, K, V, scores, output: with the operands, ≥ 70%
            products++;
            if (!l.operands || w * 10 < 160 * 7)
                fail_msg("%s: operands %d, %d of 160 columns", name, l.operands, w);
            assert_true(l.panel_right); // and the panel still beside it
        } else if (L.t.stage[k].token_cols) { // scaled, weights: ≥ 50%
            singles++;
            if (w * 2 < 160)
                fail_msg("%s: %d of 160 columns", name, w);
        } else { // embeddings, W_Q, W_K, W_V: as large as the zoom goes, or the fit
            int next = tui_block_w(&v.bare, l.zoom + 1);
            assert_true(l.zoom == TUI_ZOOM_MAX || next + TUI_PANEL_SEP + TUI_PANEL_MIN > 160 ||
                        next * 100 > 160 * TUI_BLOCK_SHARE);
        }
        assert_int_equal(columns_shown(st, &v, &l), L.t.stage[k].m.cols);
        assert_true(l.panel.w >= TUI_PANEL_MIN);
        assert_int_equal(l.matrix.x + l.matrix.w + TUI_PANEL_SEP, l.panel.x); // " │ " between
        // The presenter layout gives it at least as much, the caption one line.
        st->present = true;
        TuiLayout p;
        tui_view_layout(st, 160, 45, &v, &p);
        st->present = false;
        assert_true(p.present);
        assert_int_equal(p.panel.h, 1);
        assert_true(p.panel.y < p.status.y && p.panel.y >= p.matrix.y + tui_block_h(p.operands ? &v.want : &v.bare, p.row_h));
        if (span(&v, &p) < w || p.row_h < l.row_h)
            fail_msg("%s: presenter %d columns, %d lines a row; default %d, %d", name,
                     span(&v, &p), p.row_h, w, l.row_h);
    }
    assert_int_equal(products, 5);
    assert_int_equal(singles, 2);
    unload(&L);
}

static void zoom_by_hand(void **state)
{
    (void)state;
    Loaded L;
    load(&L, "samples/default");
    TuiState *st = &L.st;
    const Stage *w = trace_find_id(&L.t, ST_WEIGHTS);
    st->k = (size_t)(w - L.t.stage);
    TuiView v;
    tui_view_layout(st, 120, 40, &v, &st->layout);
    int fit = st->layout.fit_zoom;
    assert_int_equal(st->layout.zoom, fit);
    assert_true(fit > 0 && fit < TUI_ZOOM_MAX);
    assert_true(st->layout.row_h > 1); // room for taller rows too
    // z: one level in, by hand; the cells grow past the fit (the columns scroll).
    tui_apply(st, REQ_ZOOM, 1);
    assert_int_equal(st->zoom, fit + 1);
    tui_view_layout(st, 120, 40, &v, &st->layout);
    assert_int_equal(st->layout.zoom, fit + 1);
    assert_int_equal(st->layout.fit_zoom, fit);
    // Z twice: one below the fit; Z back at the fit follows the screen again.
    tui_apply(st, REQ_ZOOM, -1);
    assert_int_equal(st->zoom, TUI_ZOOM_FIT);
    tui_apply(st, REQ_ZOOM, -1);
    assert_int_equal(st->zoom, fit - 1);
    tui_view_layout(st, 120, 40, &v, &st->layout);
    assert_int_equal(st->layout.zoom, fit - 1);
    // Never below 0 nor above the top.
    for (int k = 0; k < 40; k++)
        tui_apply(st, REQ_ZOOM, -1);
    assert_int_equal(st->zoom, 0);
    for (int k = 0; k < 40; k++)
        tui_apply(st, REQ_ZOOM, 1);
    tui_view_layout(st, 120, 40, &v, &st->layout);
    assert_int_equal(st->layout.zoom, TUI_ZOOM_MAX);
    assert_int_equal(st->layout.row_h, tui_zoom_row_h(TUI_ZOOM_MAX));
    // F: the presenter layout, and back.
    tui_apply(st, REQ_PRESENT, 0);
    assert_true(st->present);
    tui_apply(st, REQ_PRESENT, 0);
    assert_false(st->present);
    unload(&L);
}

// 12 tokens at 120×40: the panel goes below before a column is hidden.
static void coreference_columns_all_show(void **state)
{
    (void)state;
    Loaded L;
    load(&L, "samples/coreference");
    TuiState *st = &L.st;
    assert_int_equal(L.t.n, 12);
    for (size_t k = 0; k < L.t.count; k++) {
        st->k = k;
        TuiView v;
        TuiLayout l;
        tui_view_layout(st, 120, 40, &v, &l);
        if (columns_shown(st, &v, &l) != L.t.stage[k].m.cols)
            fail_msg("%s: %zu of %zu columns", L.t.stage[k].name, columns_shown(st, &v, &l),
                     L.t.stage[k].m.cols);
        assert_true(l.panel.h >= TUI_PANEL_MIN_LINES);
    }
    unload(&L);
}

// 12 tokens at 160×45: every product keeps its operands, stacked when side by side is
// too wide (Kᵀ above scores, Q left of it), and the scores' columns all show.
static void coreference_operands_on_a_projector(void **state)
{
    (void)state;
    Loaded L;
    load(&L, "samples/coreference");
    TuiState *st = &L.st;
    int stacked = 0;
    for (size_t k = 0; k < L.t.count; k++) {
        st->k = k;
        TuiView v;
        TuiLayout l;
        tui_view_layout(st, 160, 45, &v, &l);
        if (v.has_ops && !l.operands)
            fail_msg("%s: no operands at 160×45", L.t.stage[k].name);
        stacked += l.stacked;
        if (l.stacked) // it fits: the block within the screen, the panel its minimum
            assert_true(tui_block_w(&v.stack, l.zoom) <= 160 &&
                        l.matrix.h >= tui_block_h(&v.stack, l.row_h));
        assert_int_equal(columns_shown(st, &v, &l), L.t.stage[k].m.cols);
    }
    assert_true(stacked >= 1); // scores at least
    st->k = (size_t)(trace_find_id(&L.t, ST_SCORES) - L.t.stage);
    TuiView v;
    TuiLayout l;
    tui_view_layout(st, 160, 45, &v, &l);
    assert_true(l.operands && l.stacked);
    unload(&L);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
    setlocale(LC_NUMERIC, "C");
    setenv("ATTNTRACE_DATADIR", ".", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(projector_filled),
        cmocka_unit_test(zoom_by_hand),
        cmocka_unit_test(coreference_columns_all_show),
        cmocka_unit_test(coreference_operands_on_a_projector),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
