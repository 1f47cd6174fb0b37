// tui_screen_stepper.c — the stepper's matrix view (see tui_screen.h): the stage's
// matrix as a heatmap, with its operands when it is a product and they fit, under the
// chrome; and the stepper's keys: the key table's requests, carried out by the state
// (tui_state.h), the explore mode (tui_explore.h), or here when they need the terminal
// (colors, the mouse) or the disk (exports).
#include <stdio.h>
#include <stdlib.h>

#include "lesson.h"

#include "export.h"
#include "i18n.h"
#include "tui_chrome.h"
#include "tui_explore_request.h"
#include "tui_decode.h"
#include "tui_screen.h"
#include "tui_text.h"
#include "tui_view.h"
#include "tui_vocab.h"
#include "tui_widgets.h"

// ─── drawing ──────────────────────────────────────────────────────────────────

static int sum_width(const TuiState *st, const Stage *s)
{
    return tui_view_sum_width(st, s);
}

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

// Beside the weights: each shown row's sum (Σ, as print mode shows it) right of the grid
// at (x, y) (its column label line).
// Drawn only where the block has room for it (sw columns).
static void draw_sums(const TuiState *st, const TuiView *v, int sw, const TuiGrid *g, int x,
                      int y)
{
    const TuiRect *m = &st->layout.matrix;
    int cx = x + g->label_w + TUI_GRID_GAP + (int)g->vis_cols * (g->cell_w + TUI_GRID_GAP);
    int w = sw - 1, d = tui_sum_decimals(st->decimals), rh = tui_grid_row_h(g);
    if (cx + sw > m->x + m->w)
        return;
    char num[48];
    tui_put_fit(y, cx + 1, w, "Σ", true, A_BOLD);
    for (size_t r = 0; r < g->vis_rows; r++) {
        snprintf(num, sizeof num, "%.*f", d, mat_row_sum(&v->res.s->m, g->first_row + r));
        tui_put_fit(y + 1 + (int)r * rh + (rh - 1) / 2, cx + 1, w, num, true, A_NORMAL);
    }
}

// When a row's cells as shown do not add up to its Σ: one line saying the cells are
// rounded, after the legend (lw columns, line ly) when it fits there, else under it when
// the block has that line. Returns the columns it took on line ly (0: none there), or -1
// when it took the line under it.
static int draw_rounding_note(const TuiState *st, const TuiView *v, int sw, int ly, int lw,
                              const TuiRect *m)
{
    size_t row;
    double shown;
    if (!sw || !tui_rounded_row(&v->res.s->m, st->decimals, &row, &shown))
        return 0;
    char note[512];
    snprintf(note, sizeof note, ngettext("Cells are rounded to %d decimal: row \"%.64s\" shows "
                                         "%.*f in all, Σ %.*f.",
                                         "Cells are rounded to %d decimals: row \"%.64s\" shows "
                                         "%.*f in all, Σ %.*f.", (unsigned long)st->decimals),
             st->decimals, v->res.s->row_labels[row],
             st->decimals, shown, tui_sum_decimals(st->decimals),
             mat_row_sum(&v->res.s->m, row));
    int nw = tui_text_width(note);
    attr_t a = tui_att(TUI_PAIR_DIM, A_NORMAL);
    if (lw + 3 + nw <= m->w) {
        tui_put(ly, m->x + lw + 3, nw, note, a);
        return 3 + nw;
    }
    if (ly + 1 >= m->y + m->h)
        return 0;
    tui_put(ly + 1, m->x, m->w, note, a);
    return -1;
}

// The legend's end: "palette: NAME" when colors draw the palette, after the legend
// (lw columns wide, at line ly) when it fits there, else on line `below` when the block
// has it. The layout makes no room for it.
static void draw_palette_name(const TuiState *st, int ly, int below, const TuiRect *m, int lw)
{
    if (st->color == COLOR_NONE)
        return;
    char pal[64];
    snprintf(pal, sizeof pal, _("palette: %s"), st->palette->name); // as the SVG legend says it
    int pw = tui_text_width(pal);
    attr_t a = tui_att(TUI_PAIR_DIM, A_NORMAL);
    if (lw + 3 + pw <= m->w)
        tui_put(ly, m->x + lw + 3, pw, pal, a);
    else if (below < m->y + m->h && pw <= m->w)
        tui_put(below, m->x, pw, pal, a);
}

// Predict, then reveal: in the result's place, a box with the prediction asked and how
// to enter it; the operands (when they fit) stay, since the prediction is worked out
// from them. No cell, no legend, no shape: any of them could give the answer away.
static int draw_hidden(TuiState *st, const TuiView *v, const TuiQuestion *q)
{
    const TuiRect *m = &st->layout.matrix;
    const Stage *s = v->res.s;
    int rx = st->layout.operands ? draw_operands(st, v, m) : m->x;
    int room = m->x + m->w - rx, bw = room < 64 ? room : 64;
    char title[256];
    snprintf(title, sizeof title, _("%s  hidden until you predict"), s->name);
    if (tui_text_width(title) > room) // the name alone, or nothing: never a cut word
        snprintf(title, sizeof title, "%s", tui_text_width(s->name) <= room ? s->name : "");
    tui_put(m->y, rx, room, title, A_BOLD);
    st->grid_shown = false;
    if (bw < 12 || m->h < 5)
        return 0;
    char *prompt = question_prompt(q->q, st->t);
    Lines pl = {0}, press = {0};
    int rc = !prompt ? -1 : lesson_wrap(prompt, bw - 4, _("Predict first: "), "", &pl);
    if (rc == 0)
        rc = lesson_wrap(_("Press A to enter your prediction; then the stage appears."), bw - 4,
                         "", "", &press);
    free(prompt);
    int maxp = m->h - 1 - 3 - (int)press.n; // the lines the prompt may take
    if (rc == 0 && (int)pl.n > maxp) { // never half a question: where to read it instead
        lines_free(&pl);
        rc = lesson_wrap(_("Predict first: the question is in the lesson text."), bw - 4, "", "",
                         &pl);
    }
    if (rc == 0) { // the keys stay; the prompt goes when even the pointer does not fit
        int np = (int)pl.n <= maxp ? (int)pl.n : 0, nk = (int)press.n;
        int y = m->y + 1;
        tui_box(y, rx, np + nk + 3, bw);
        for (int k = 0; k < np; k++)
            tui_put(y + 1 + k, rx + 2, bw - 4, pl.line[k], A_NORMAL);
        for (int k = 0; k < nk; k++)
            tui_put(y + 2 + np + k, rx + 2, bw - 4, press.line[k], tui_att(TUI_PAIR_OK, A_BOLD));
    }
    lines_free(&pl);
    lines_free(&press);
    return rc;
}

// The matrix block: a line of names, the grids (the result scrolled to the cursor), the
// legend under the tallest. The result's grid is kept for mouse clicks.
static void draw_block(TuiState *st, const TuiView *v)
{
    const TuiRect *m = &st->layout.matrix;
    const Stage *s = v->res.s;
    TuiStageInfo *info = &st->info[st->k];
    const TuiLayout *l = &st->layout;
    int sw = sum_width(st, s); // Σ beside the weights
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
        tui_grid_place(&res.g, m->w - sw, m->h - 1, st->ci, st->cj);
        if (res.g.vis_cols < res.g.cols) // keep a column for the "more" arrow
            tui_grid_place(&res.g, m->w - sw - 1, m->h - 1, st->ci, st->cj);
    }
    info->first_row = res.g.first_row;
    info->first_col = res.g.first_col;
    draw_result_title(st, v, &res.g, rx, ty, m->x + m->w - rx);
    tui_grid_draw(st, &res, rx, gy);
    if (sw)
        draw_sums(st, v, sw, &res.g, rx, gy);
    st->grid = res.g;
    st->grid_x = rx;
    st->grid_y = gy;
    st->grid_shown = true;
    tall = res.g.vis_rows > tall ? res.g.vis_rows : tall;
    int ly = gy + 1 + (int)tall * l->row_h;
    int lw = tui_legend(st, s, info, ly, m->x, m->w, true);
    int nw = draw_rounding_note(st, v, sw, ly, lw, m);
    draw_palette_name(st, ly, ly + 1 + (nw < 0), m, lw + (nw > 0 ? nw : 0));
}

int tui_stepper_draw(TuiState *st, int cols, int rows)
{
    TuiView v;
    tui_view_layout(st, cols, rows, &v, &st->layout);
    st->grid_shown = false;
    const TuiQuestion *hidden = tui_hidden_by(st);
    if (hidden) {
        if (draw_hidden(st, &v, hidden) != 0)
            return -1;
    } else {
        draw_block(st, &v);
    }
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
    tui_colors_init(st->color, st->palette);
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
    case REQ_PALETTE:
        tui_palette_cycle(st);
        tui_colors_init(st->color, st->palette);
        if (st->color == COLOR_NONE) // glyphs show no palette: say so
            tui_set_status(st, false, "palette: %s, used when colors are on (c)", st->palette->name);
        break;
    case REQ_MOUSE: mouse_click(st); break;
    case REQ_SCALE: case REQ_MASK: case REQ_TEMP_DOWN: case REQ_TEMP_UP: case REQ_DK_DOWN:
    case REQ_DK_UP: case REQ_COMPARE: case REQ_EDIT: case REQ_UNDO: case REQ_WRITE_SAMPLE:
    case REQ_SLIDES: case REQ_ROPE: case REQ_ORDER:
        tui_explore_request(st, r);
        break;
    case REQ_DECODE: tui_decode_toggle(st); break;
    case REQ_VOCAB: tui_vocab_open(st, st->t->in, st->o->own_embeddings); break;
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
