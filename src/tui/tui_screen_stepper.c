// tui_screen_stepper.c — the stepper's matrix view (see tui_screen.h): the stage's
// matrix as a heatmap, with its operands when it is a product and they fit, under the
// chrome; and the stepper's keys: the key table's requests, carried out by the state
// (tui_state.h), the explore mode (tui_explore.h), or here when they need the terminal
// (colors, the mouse) or the disk (exports).
#include <stdio.h>

#include "export.h"
#include "i18n.h"
#include "tui_chrome.h"
#include "tui_explore_request.h"
#include "tui_decode.h"
#include "tui_screen.h"
#include "tui_text.h"
#include "tui_view.h"
#include "tui_widgets.h"

// ─── drawing ──────────────────────────────────────────────────────────────────

// A grid of m whole at zoom level `zoom`, `row_h` lines per row.
static TuiGrid whole_grid(const TuiMat *m, int lw, int cw, int zoom, int row_h)
{
    return (TuiGrid){lw, cw + zoom, tui_mat_rows(m), tui_mat_cols(m), 0, 0, tui_mat_rows(m),
                     tui_mat_cols(m), row_h, zoom / 2};
}

// An operand whole, with its row (hl_row) or column (hl_col) of the cursor highlighted;
// returns its width.
static int draw_operand(const TuiState *st, const TuiMat *m, int lw, int cw, int x, int y,
                        long hl_row, long hl_col)
{
    char buf[256];
    const TuiLayout *l = &st->layout;
    TuiGridDraw d = {m, whole_grid(m, lw, cw, l->zoom, l->row_h), false, hl_row, hl_col, -1, -1};
    int w = tui_grid_width(d.g.label_w, d.g.cell_w, d.g.cols);
    snprintf(buf, sizeof buf, "%s (%zu×%zu)", m->name, tui_mat_rows(m), tui_mat_cols(m));
    tui_put(y, x, w, buf, A_BOLD);
    tui_grid_draw(st, &d, x, y + 1);
    return w;
}

// "A · B =" left of the result; returns the result's column.
static int draw_operands(const TuiState *st, const TuiView *v, const TuiRect *m)
{
    const Stage *s = &st->t->stage[st->k];
    int sep = 3 + st->layout.sep_extra, gy = m->y + 1;
    int bx = m->x + draw_operand(st, &v->a, v->alw, v->acw, m->x, m->y, (long)st->ci, -1) + sep;
    int rx = bx + draw_operand(st, &v->b, v->blw, v->bcw, bx, m->y, -1, (long)st->cj) + sep;
    int sy = gy + 1 + ((int)s->m.rows * st->layout.row_h - 1) / 2;
    tui_put(sy, bx - (sep + 1) / 2, 1, v->op, A_BOLD);
    tui_put(sy, rx - (sep + 1) / 2, 1, "=", A_BOLD);
    return rx;
}

// Stacked: b above the result (its columns over the result's), a left of the result,
// row for row. Returns the result's column; *ty: the line of its title.
static int draw_stacked(const TuiState *st, const TuiView *v, const TuiRect *m, int *ty)
{
    const TuiLayout *l = &st->layout;
    int top = 2 + (int)tui_mat_rows(&v->b) * l->row_h; // b's title, labels and rows
    int rx = m->x + tui_grid_width(v->alw, v->acw + l->zoom, tui_mat_cols(&v->a)) + 3;
    draw_operand(st, &v->b, v->slw, v->scw, rx, m->y, -1, (long)st->cj);
    draw_operand(st, &v->a, v->alw, v->acw, m->x, m->y + top, (long)st->ci, -1);
    *ty = m->y + top;
    return rx;
}

// The result's title: its name and shape, the cells the last change marked, and which
// part is shown (or, without room for them, what its operands are). A part that does not
// fit whole is left out, never cut.
static void draw_result_title(const TuiState *st, const TuiView *v, const TuiGrid *g, int x,
                              int y, int w)
{
    const Stage *s = v->res.s;
    char part[3][160];
    snprintf(part[0], sizeof part[0], "%s (%zu×%zu)", s->name, s->m.rows, s->m.cols);
    part[1][0] = part[2][0] = '\0';
    size_t nmarked = st->ex ? tui_explore_marked_count(st->ex, s) : 0;
    if (nmarked) // changed cells are underlined until the user steps away
        snprintf(part[1], sizeof part[1], _("  %zu changed"), nmarked);
    if (g->vis_rows < g->rows || g->vis_cols < g->cols) // where the view is
        snprintf(part[2], sizeof part[2], _("  rows %zu–%zu, columns %zu–%zu"), g->first_row + 1,
                 g->first_row + g->vis_rows, g->first_col + 1, g->first_col + g->vis_cols);
    else if (v->has_ops && (!st->layout.operands || st->layout.stacked))
        snprintf(part[2], sizeof part[2], "  = %s %s %s", v->a.name, v->op, v->b.name);
    int at = x;
    for (int k = 0; k < 3; k++)
        if (part[k][0] && tui_text_width(part[k]) <= x + w - at)
            at += tui_put(y, at, x + w - at, part[k], A_BOLD);
}

// The matrix block: a line of names, the grids (the result scrolled to the cursor), the
// legend under the tallest. The result's grid is kept for mouse clicks.
static void draw_block(TuiState *st, const TuiView *v)
{
    const TuiRect *m = &st->layout.matrix;
    const Stage *s = v->res.s;
    TuiStageInfo *info = &st->info[st->k];
    const TuiLayout *l = &st->layout;
    TuiGridDraw res = {&v->res, {0}, true, -1, -1, (long)st->ci, (long)st->cj};
    res.g = (TuiGrid){v->lw, v->cw + l->zoom, s->m.rows, s->m.cols, info->first_row,
                      info->first_col, 0, 0, l->row_h, l->zoom / 2};
    int gy = m->y + 1, rx = m->x, ty = m->y;
    size_t tall = 0;
    if (l->stacked) {
        rx = draw_stacked(st, v, m, &ty);
        gy = ty + 1;
        res.g.label_w = v->slw;
        res.g.cell_w = v->scw + l->zoom;
        tui_grid_place(&res.g, tui_grid_width(res.g.label_w, res.g.cell_w, s->m.cols),
                       tui_grid_row_h(&res.g) * (int)s->m.rows + TUI_GRID_EXTRA_LINES, st->ci,
                       st->cj);
    } else if (l->operands) {
        rx = draw_operands(st, v, m);
        tui_grid_place(&res.g, tui_grid_width(res.g.label_w, res.g.cell_w, s->m.cols),
                       tui_grid_row_h(&res.g) * (int)s->m.rows + TUI_GRID_EXTRA_LINES, st->ci,
                       st->cj);
        tall = tui_mat_rows(&v->a) > tui_mat_rows(&v->b) ? tui_mat_rows(&v->a)
                                                          : tui_mat_rows(&v->b);
    } else {
        tui_grid_place(&res.g, m->w, m->h - 1, st->ci, st->cj);
        if (res.g.vis_cols < res.g.cols) // keep a column for the "more" arrow
            tui_grid_place(&res.g, m->w - 1, m->h - 1, st->ci, st->cj);
    }
    info->first_row = res.g.first_row;
    info->first_col = res.g.first_col;
    draw_result_title(st, v, &res.g, rx, ty, m->x + m->w - rx);
    tui_grid_draw(st, &res, rx, gy);
    st->grid = res.g;
    st->grid_x = rx;
    st->grid_y = gy;
    st->grid_shown = true;
    tall = res.g.vis_rows > tall ? res.g.vis_rows : tall;
    tui_legend(st, s, info, gy + 1 + (int)tall * l->row_h, m->x, m->w, true);
}

int tui_stepper_draw(TuiState *st, int cols, int rows)
{
    TuiView v;
    tui_view_layout(st, cols, rows, &v, &st->layout);
    st->grid_shown = false;
    draw_block(st, &v);
    return tui_chrome_draw(st);
}

// ─── keys ─────────────────────────────────────────────────────────────────────

static const char *color_name(ColorMode m)
{
    return m == COLOR_256 ? _("256 colors") : m == COLOR_8 ? _("8 colors") : _("no color (shade glyphs)");
}

static void cycle_color(TuiState *st)
{
    if (st->color_best == COLOR_NONE) {
        tui_set_status(st, false, _("No color here (--color never, NO_COLOR, or the terminal has none)."));
        return;
    }
    st->color = st->color == COLOR_NONE ? st->color_best : (ColorMode)(st->color - 1);
    tui_colors_init(st->color, st->o->palette);
    tui_set_status(st, false, "%s", color_name(st->color));
}

static void do_export(TuiState *st, bool all)
{
    const Trace *t = st->t;
    const char *dir = st->o->export_dir ? st->o->export_dir : DEFAULT_TUI_EXPORT_DIR;
    AtError e = {0};
    if (!all) {
        char path[1024];
        if (export_stage(t, &t->stage[st->k], dir, path, sizeof path, &e) == 0)
            tui_set_status(st, false, _("wrote %s"), path);
        else
            tui_set_status(st, true, _("export failed: %s"), e.msg);
        return;
    }
    // E replaces an earlier export, or the stage files e wrote, and nothing else: a
    // folder holding anything more is refused (outdir.h), the refusal on the status line.
    ExportOptions eo = {.force = true, .stage_files = true};
    if (export_trace(t, dir, &eo, &e) == 0) {
        char first[64], lastf[64];
        export_file_name(t, 0, first, sizeof first);
        export_file_name(t, t->count - 1, lastf, sizeof lastf);
        tui_set_status(st, false, _("wrote %s: manifest.csv and %zu stage files, %s … %s"), dir,
                   t->count, first, lastf);
    } else {
        tui_set_status(st, true, _("export failed: %s"), e.msg);
    }
}

static void mouse_click(TuiState *st)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || !st->grid_shown)
        return;
    if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_RELEASED))
        tui_state_click(st, ev.x, ev.y);
}

// A request the state does not carry out itself.
static void carry_out(TuiState *st, TuiRequest r, int ch)
{
    switch (r) {
    case REQ_EXPORT_STAGE: do_export(st, false); break;
    case REQ_EXPORT_ALL: do_export(st, true); break;
    case REQ_AUTOPLAY: tui_autoplay_toggle(st, tui_now()); break;
    case REQ_COLOR: cycle_color(st); break;
    case REQ_MOUSE: mouse_click(st); break;
    case REQ_SCALE: case REQ_MASK: case REQ_TEMP_DOWN: case REQ_TEMP_UP: case REQ_DK_DOWN:
    case REQ_DK_UP: case REQ_COMPARE: case REQ_EDIT: case REQ_UNDO: case REQ_WRITE_SAMPLE:
    case REQ_SLIDES: case REQ_ROPE: case REQ_ORDER:
        tui_explore_request(st, r);
        break;
    case REQ_DECODE: tui_decode_toggle(st); break;
    case REQ_NONE:
        if (ch != ERR)
            tui_set_status(st, false, _("That key does nothing here: ? shows the keys."));
        break;
    default: break;
    }
}

void tui_stepper_key(TuiState *st, TuiPress p)
{
    int ch = tui_press_key(p);
    const TuiKey *k = tui_key_find(ch);
    TuiRequest r = k ? k->req : REQ_NONE;
    if (st->autoplay && r != REQ_MOUSE) { // any key stops autoplay; q still quits
        st->autoplay = false;
        tui_set_status(st, false, _("autoplay stopped"));
        if (r != REQ_QUIT)
            return;
    }
    if (r != REQ_MOUSE)
        st->status[0] = '\0';
    size_t from_k = st->k;
    if (tui_apply(st, r, k ? k->arg : 0))
        tui_explore_stepped(st, from_k); // leaving a stage clears its change marks
    else
        carry_out(st, r, ch);
}
