// tui_screen_stepper.c — the stepper's matrix view (see tui_screen.h): the stage's
// matrix as a heatmap, with its operands when it is a product and they fit, under the
// chrome; and the stepper's keys: the key table's requests, carried out by the state
// (tui_state.h), the explore mode (tui_explore.h), or here when they need the terminal
// (colors, the mouse) or the disk (exports).
#include <stdio.h>
#include <stdlib.h>

#include "lesson.h"

#include "export.h"
#include "tui_chrome.h"
#include "tui_explore_request.h"
#include "tui_decode.h"
#include "tui_screen.h"
#include "tui_widgets.h"

// ─── drawing ──────────────────────────────────────────────────────────────────

// The matrices of the view and their natural sizes.
typedef struct {
    TuiMat res, a, b;   // the result; its operands when has_ops (a op b = res)
    const char *op;
    bool has_ops;
    int lw, cw;         // the result's label column and cells
    int gw, aw, bw;     // grid widths: the result's (its Σ column included), the operands'
    int sw;             // the Σ column's width (weights), else 0
} View;

// The Σ column beside weights: a gap, then the sum right-aligned ("  1.000").
static int sum_width(const TuiState *st, const Stage *s)
{
    return s->scale == SCALE_PROB ? 3 + tui_sum_decimals(st->decimals) + 1 : 0;
}

// Measure the view; *want: with the operands, *bare: the result alone (legend included).
static void measure(const TuiState *st, View *v, int want[2], int bare[2])
{
    const Stage *s = &st->t->stage[st->k];
    int dec = st->decimals;
    v->res = (TuiMat){s, &st->info[st->k], false, s->name};
    v->lw = tui_mat_label_w(&v->res);
    v->cw = tui_mat_cell_w(&v->res, dec, st->color == COLOR_NONE);
    int lgw = tui_legend(st, s, v->res.info, 0, 0, 0, false);
    v->sw = sum_width(st, s);
    v->gw = tui_grid_width(v->lw, v->cw, s->m.cols) + v->sw;
    bare[0] = v->gw > lgw ? v->gw : lgw;
    bare[1] = 1 + tui_grid_height(s->m.rows);
    want[0] = bare[0];
    want[1] = bare[1];
    v->has_ops = tui_operands(st, &v->a, &v->b, &v->op);
    if (!v->has_ops)
        return;
    v->aw = tui_grid_width(tui_mat_label_w(&v->a), tui_mat_cell_w(&v->a, dec, false),
                           tui_mat_cols(&v->a));
    v->bw = tui_grid_width(tui_mat_label_w(&v->b), tui_mat_cell_w(&v->b, dec, false),
                           tui_mat_cols(&v->b));
    want[0] = v->aw + 3 + v->bw + 3 + v->gw;
    want[0] = want[0] > lgw ? want[0] : lgw;
    size_t hr = tui_mat_rows(&v->a) > tui_mat_rows(&v->b) ? tui_mat_rows(&v->a)
                                                           : tui_mat_rows(&v->b);
    hr = hr > s->m.rows ? hr : s->m.rows;
    want[1] = 1 + tui_grid_height(hr);
}

// An operand whole, with its row (hl_row) or column (hl_col) of the cursor highlighted.
static void draw_operand(const TuiState *st, const TuiMat *m, int x, int y, int w, long hl_row,
                         long hl_col)
{
    char buf[256];
    TuiGridDraw d = {m, {0}, false, hl_row, hl_col, -1, -1};
    d.g = (TuiGrid){tui_mat_label_w(m), tui_mat_cell_w(m, st->decimals, false), tui_mat_rows(m),
                    tui_mat_cols(m), 0, 0, tui_mat_rows(m), tui_mat_cols(m)};
    snprintf(buf, sizeof buf, "%s (%zu×%zu)", m->name, tui_mat_rows(m), tui_mat_cols(m));
    tui_put(y, x, w, buf, A_BOLD);
    tui_grid_draw(st, &d, x, y + 1);
}

// "A · B =" left of the result; returns the result's column.
static int draw_operands(const TuiState *st, const View *v, const TuiRect *m)
{
    const Stage *s = &st->t->stage[st->k];
    int bx = m->x + v->aw + 3, rx = bx + v->bw + 3, gy = m->y + 1;
    draw_operand(st, &v->a, m->x, m->y, v->aw, (long)st->ci, -1);
    draw_operand(st, &v->b, bx, m->y, v->bw, -1, (long)st->cj);
    int sy = gy + 1 + (int)(s->m.rows - 1) / 2;
    tui_put(sy, bx - 2, 1, v->op, A_BOLD);
    tui_put(sy, rx - 2, 1, "=", A_BOLD);
    return rx;
}

// The result's title: its name and shape, the cells the last change marked, and which
// part is shown (or, without room for them, what its operands are).
static void draw_result_title(const TuiState *st, const View *v, const TuiGrid *g, int x, int y,
                              int w)
{
    const Stage *s = v->res.s;
    char buf[256];
    int nw = snprintf(buf, sizeof buf, "%s (%zu×%zu)", s->name, s->m.rows, s->m.cols);
    size_t nmarked = st->ex ? tui_explore_marked_count(st->ex, s) : 0;
    if (nmarked) // changed cells are underlined until the user steps away
        nw += snprintf(buf + nw, sizeof buf - (size_t)nw, "  %zu changed", nmarked);
    if (g->vis_rows < g->rows || g->vis_cols < g->cols) // where the view is
        snprintf(buf + nw, sizeof buf - (size_t)nw, "  rows %zu–%zu, columns %zu–%zu",
                 g->first_row + 1, g->first_row + g->vis_rows, g->first_col + 1,
                 g->first_col + g->vis_cols);
    else if (v->has_ops && !st->layout.operands)
        snprintf(buf + nw, sizeof buf - (size_t)nw, "  = %s %s %s (wider screen: shown)",
                 v->a.name, v->op, v->b.name);
    tui_put(y, x, w, buf, A_BOLD);
}

// Beside the weights: each shown row's sum (Σ, as print mode shows it) right of the grid
// at (x, y) (its column label line).
static void draw_sums(const TuiState *st, const View *v, const TuiGrid *g, int x, int y)
{
    int cx = x + g->label_w + TUI_GRID_GAP + (int)g->vis_cols * (g->cell_w + TUI_GRID_GAP);
    int w = v->sw - 1, d = tui_sum_decimals(st->decimals);
    char num[48];
    tui_put_fit(y, cx + 1, w, "Σ", true, A_BOLD);
    for (size_t r = 0; r < g->vis_rows; r++) {
        snprintf(num, sizeof num, "%.*f", d, mat_row_sum(&v->res.s->m, g->first_row + r));
        tui_put_fit(y + 1 + (int)r, cx + 1, w, num, true, A_NORMAL);
    }
}

// Under the legend (line ly + 1), when a row's cells as shown do not add up to its Σ:
// one line saying the cells are rounded. Returns the lines it took (0 or 1).
static int draw_rounding_note(const TuiState *st, const View *v, int ly, const TuiRect *m)
{
    size_t row;
    double shown;
    if (!v->sw || ly + 1 >= m->y + m->h ||
        !tui_rounded_row(&v->res.s->m, st->decimals, &row, &shown))
        return 0;
    char note[512];
    snprintf(note, sizeof note, "Cells are rounded to %d decimal%s: row \"%.64s\" shows %.*f in "
             "all, Σ %.*f.", st->decimals, st->decimals == 1 ? "" : "s",
             v->res.s->row_labels[row],
             st->decimals, shown, tui_sum_decimals(st->decimals),
             mat_row_sum(&v->res.s->m, row));
    tui_put(ly + 1, m->x, m->w, note, tui_att(TUI_PAIR_DIM, A_NORMAL));
    return 1;
}

// The legend's end: "palette: NAME" when colors draw the palette, after the legend
// (lw columns wide, at line ly) when it fits there, else on line `below` when the block
// has it. The layout makes no room for it.
static void draw_palette_name(const TuiState *st, int ly, int below, const TuiRect *m, int lw)
{
    if (st->color == COLOR_NONE)
        return;
    char pal[64];
    int pw = snprintf(pal, sizeof pal, "palette: %s", st->palette->name);
    attr_t a = tui_att(TUI_PAIR_DIM, A_NORMAL);
    if (lw + 3 + pw <= m->w)
        tui_put(ly, m->x + lw + 3, pw, pal, a);
    else if (below < m->y + m->h && pw <= m->w)
        tui_put(below, m->x, pw, pal, a);
}

// Predict, then reveal: in the result's place, a box with the prediction asked and how
// to enter it; the operands (when they fit) stay, since the prediction is worked out
// from them. No cell, no legend, no shape: any of them could give the answer away.
static int draw_hidden(TuiState *st, const View *v, const TuiQuestion *q)
{
    const TuiRect *m = &st->layout.matrix;
    const Stage *s = v->res.s;
    bool zh = tui_lesson_zh(st);
    int rx = st->layout.operands ? draw_operands(st, v, m) : m->x;
    int room = m->x + m->w - rx, bw = room < 64 ? room : 64;
    char title[256];
    snprintf(title, sizeof title, zh ? "%s：预测之后才显示" : "%s  hidden until you predict",
             s->name);
    tui_put(m->y, rx, room, title, A_BOLD);
    st->grid_shown = false;
    if (bw < 12 || m->h < 5)
        return 0;
    char *prompt = question_prompt(q->q, st->t);
    Lines pl = {0}, press = {0};
    int rc = !prompt ? -1 : lesson_wrap(prompt, bw - 4, zh ? "先预测：" : "Predict first: ", "", &pl);
    if (rc == 0)
        rc = lesson_wrap(zh ? "按 A 输入你的预测，然后才显示这一步。"
                            : "Press A to enter your prediction; then the stage appears.",
                         bw - 4, "", "", &press);
    free(prompt);
    if (rc == 0) { // the prompt gives up lines (from its end) before the keys do
        int np = (int)pl.n, nk = (int)press.n, maxp = m->h - 1 - 3 - nk;
        np = np > maxp ? (maxp > 0 ? maxp : 0) : np;
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
static void draw_block(TuiState *st, const View *v)
{
    const TuiRect *m = &st->layout.matrix;
    const Stage *s = v->res.s;
    TuiStageInfo *info = &st->info[st->k];
    TuiGridDraw res = {&v->res, {0}, true, -1, -1, (long)st->ci, (long)st->cj};
    res.g = (TuiGrid){v->lw, v->cw, s->m.rows, s->m.cols, info->first_row, info->first_col, 0, 0};
    int gy = m->y + 1, rx = m->x;
    size_t tall = 0;
    if (st->layout.operands) {
        rx = draw_operands(st, v, m);
        tui_grid_place(&res.g, v->gw - v->sw, tui_grid_height(s->m.rows), st->ci, st->cj);
        tall = tui_mat_rows(&v->a) > tui_mat_rows(&v->b) ? tui_mat_rows(&v->a)
                                                          : tui_mat_rows(&v->b);
    } else {
        tui_grid_place(&res.g, m->w - v->sw, m->h - 1, st->ci, st->cj);
        if (res.g.vis_cols < res.g.cols) // keep a column for the "more" arrow
            tui_grid_place(&res.g, m->w - v->sw - 1, m->h - 1, st->ci, st->cj);
    }
    info->first_row = res.g.first_row;
    info->first_col = res.g.first_col;
    draw_result_title(st, v, &res.g, rx, m->y, m->x + m->w - rx);
    tui_grid_draw(st, &res, rx, gy);
    if (v->sw)
        draw_sums(st, v, &res.g, rx, gy);
    st->grid = res.g;
    st->grid_x = rx;
    st->grid_y = gy;
    st->grid_shown = true;
    tall = res.g.vis_rows > tall ? res.g.vis_rows : tall;
    int ly = gy + 1 + (int)tall;
    int lw = tui_legend(st, s, info, ly, m->x, m->w, true);
    draw_palette_name(st, ly, ly + 1 + draw_rounding_note(st, v, ly, m), m, lw);
}

int tui_stepper_draw(TuiState *st, int cols, int rows)
{
    View v;
    int want[2], bare[2];
    measure(st, &v, want, bare);
    tui_layout_screen(cols, rows, want[0], want[1], bare[0], bare[1], &st->layout);
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
    return m == COLOR_256 ? "256 colors" : m == COLOR_8 ? "8 colors" : "no color (shade glyphs)";
}

static void cycle_color(TuiState *st)
{
    if (st->color_best == COLOR_NONE) {
        tui_set_status(st, false, "No color here (--color never, NO_COLOR, or the terminal has none).");
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
            tui_set_status(st, false, "wrote %s", path);
        else
            tui_set_status(st, true, "export failed: %s", e.msg);
        return;
    }
    // E replaces an earlier export, or the stage files e wrote, and nothing else: a
    // folder holding anything more is refused (outdir.h), the refusal on the status line.
    ExportOptions eo = {.force = true, .stage_files = true};
    if (export_trace(t, dir, &eo, &e) == 0) {
        char first[64], lastf[64];
        export_file_name(t, 0, first, sizeof first);
        export_file_name(t, t->count - 1, lastf, sizeof lastf);
        tui_set_status(st, false, "wrote %s: manifest.csv and %zu stage files, %s … %s", dir,
                   t->count, first, lastf);
    } else {
        tui_set_status(st, true, "export failed: %s", e.msg);
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
    case REQ_SLIDES:
        tui_explore_request(st, r);
        break;
    case REQ_DECODE: tui_decode_toggle(st); break;
    case REQ_NONE:
        if (ch != ERR)
            tui_set_status(st, false, "That key does nothing here: ? shows the keys.");
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
        tui_set_status(st, false, "autoplay stopped");
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
