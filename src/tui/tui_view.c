// tui_view.c — the stepper's matrix view measured (see tui_view.h).
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "tui_view.h"
#include "utf8.h"

int tui_legend_width(const TuiState *st, const Stage *s, const TuiStageInfo *info)
{
    const HeatRange *r = &info->range;
    int levels[16];
    int n = heat_levels(s->scale, levels, 16);
    int d = st->decimals;
    int lo = tui_number_width(r->lo, r->lo, d), hi = tui_number_width(r->hi, r->hi, d);
    const char *kind = s->scale == SCALE_PROB ? _(TUI_LEGEND_PROB) : _(TUI_LEGEND_SIGNED);
    const char *masked = info->has_masked ? TUI_LEGEND_MASKED : "";
    return lo + 1 + 2 * n + 1 + hi + utf8_width(kind) + utf8_width(masked);
}

int tui_view_sum_width(const TuiState *st, const Stage *s)
{
    return s->scale == SCALE_PROB ? 3 + tui_sum_decimals(st->decimals) + 1 : 0;
}

void tui_view_measure(const TuiState *st, TuiView *v)
{
    const Stage *s = &st->t->stage[st->k];
    int dec = st->decimals;
    memset(v, 0, sizeof *v);
    v->res = (TuiMat){s, &st->info[st->k], false, s->name};
    v->lw = tui_mat_label_w(&v->res);
    v->cw = tui_mat_cell_w(&v->res, dec, st->color == COLOR_NONE);
    v->bare = (TuiBlockSize){tui_grid_width(v->lw, v->cw, s->m.cols), (int)s->m.cols,
                             (int)s->m.rows, tui_legend_width(st, s, v->res.info),
                             tui_view_sum_width(st, s), 0};
    v->want = v->bare;
    v->has_ops = tui_operands(st, &v->a, &v->b, &v->op);
    if (!v->has_ops)
        return;
    v->alw = tui_mat_label_w(&v->a);
    v->acw = tui_mat_cell_w(&v->a, dec, false);
    v->blw = tui_mat_label_w(&v->b);
    v->bcw = tui_mat_cell_w(&v->b, dec, false);
    size_t ac = tui_mat_cols(&v->a), bc = tui_mat_cols(&v->b);
    // a (label, cells) " · " b (label, cells) " = " result
    v->want.grid_w = tui_grid_width(v->alw, v->acw, ac) + 3 + tui_grid_width(v->blw, v->bcw, bc) +
                     3 + v->bare.grid_w;
    v->want.cells += (int)(ac + bc);
    size_t hr = tui_mat_rows(&v->a) > tui_mat_rows(&v->b) ? tui_mat_rows(&v->a)
                                                           : tui_mat_rows(&v->b);
    v->want.rows = (int)(hr > s->m.rows ? hr : s->m.rows);
    // Stacked: b above the result, its columns over the result's (the same label column
    // and cells for both), a left of the result, row for row.
    v->slw = v->lw > v->blw ? v->lw : v->blw;
    v->scw = v->cw > v->bcw ? v->cw : v->bcw;
    v->stack = (TuiBlockSize){tui_grid_width(v->alw, v->acw, ac) + 3 +
                                  tui_grid_width(v->slw, v->scw, s->m.cols),
                              (int)(ac + s->m.cols), (int)(tui_mat_rows(&v->b) + s->m.rows),
                              v->bare.legend_w, 0, 2};
}

void tui_view_layout(const TuiState *st, int cols, int rows, TuiView *v, TuiLayout *l)
{
    tui_view_measure(st, v);
    tui_layout_screen(cols, rows, v->has_ops ? &v->want : &v->bare, v->has_ops ? &v->stack : NULL,
                      &v->bare, st->zoom, st->present, l);
}
