// tui_screen_compare.c — explore's compare view (x, see tui_screen.h): the current
// stage before the last change, after it, and after − before, side by side when they
// fit, under the chrome. Its keys are the stepper's (x again closes it).
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "tui_chrome.h"
#include "tui_explore.h"
#include "tui_screen.h"
#include "tui_widgets.h"

typedef struct {
    TuiMat m;
    TuiGrid g;
    char title[256];
    const char *note; // after the title and the part shown
    int w, h;   // natural size: title, grid, legend
    int x, y;   // where it goes
    int pw, ph; // the room it gets
} Panel;

static void panel_init(Panel *p, const TuiState *st, const Stage *s, const TuiStageInfo *info,
                       const char *title)
{
    bool glyph = st->color == COLOR_NONE;
    p->m = (TuiMat){s, info, false, s->name};
    int lw = tui_mat_label_w(&p->m), cw = tui_mat_cell_w(&p->m, st->decimals, glyph);
    p->g = (TuiGrid){lw, cw, s->m.rows, s->m.cols, 0, 0, 0, 0, 1, 0};
    snprintf(p->title, sizeof p->title, "%s", title);
    p->note = NULL;
    int lg = tui_legend(st, s, info, 0, 0, 0, false); // its width only
    int gw = tui_grid_width(lw, cw, s->m.cols);
    p->w = gw > lg ? gw : lg;
    p->h = 1 + tui_grid_height(s->m.rows);
}

static void panel_draw(const TuiState *st, Panel *p, size_t i, size_t j)
{
    // The cursor, where this matrix has that cell (before may be narrower: d_k changed).
    long ci = i < p->g.rows ? (long)i : -1, cj = j < p->g.cols ? (long)j : -1;
    tui_grid_place(&p->g, p->pw, p->ph - 1, ci < 0 ? 0 : (size_t)ci, cj < 0 ? 0 : (size_t)cj);
    size_t tl = strlen(p->title);
    const TuiGrid *g = &p->g;
    if (g->vis_rows < g->rows || g->vis_cols < g->cols) // say which part is shown
        snprintf(p->title + tl, sizeof p->title - tl, _("  rows %zu–%zu, columns %zu–%zu"),
                 g->first_row + 1, g->first_row + g->vis_rows, g->first_col + 1,
                 g->first_col + g->vis_cols);
    tl = strlen(p->title);
    if (p->note)
        snprintf(p->title + tl, sizeof p->title - tl, "%s", p->note);
    tui_put(p->y, p->x, p->pw, p->title, A_BOLD);
    TuiGridDraw d = {&p->m, p->g, true, -1, -1, ci, cj};
    tui_grid_draw(st, &d, p->x, p->y + 1);
    tui_legend(st, p->m.s, p->m.info, p->y + 2 + (int)p->g.vis_rows, p->x, p->pw, p->pw > 0);
}

static int imax(int a, int b) { return a > b ? a : b; }

// Where the block goes on the screen, with the text panel beside it, below it, or
// (when only that fits) left out. False when the block does not fit at all.
static bool place_block(TuiLayout *l, int cols, int rows, int w, int h)
{
    int top = TUI_HEADER_LINES + 1, body_h = rows - top - 2;
    l->operands = l->panel_split = l->panel_right = false;
    if (h > body_h || w > cols)
        return false;
    if (cols - w - TUI_PANEL_SEP >= TUI_PANEL_MIN) {
        l->panel_right = true;
        l->matrix = (TuiRect){0, top, w, body_h};
        int pw = cols - w - TUI_PANEL_SEP;
        pw = pw < TUI_PANEL_MAX ? pw : TUI_PANEL_MAX;
        l->panel = (TuiRect){w + TUI_PANEL_SEP, top, pw, body_h};
    } else if (h + 1 + TUI_PANEL_MIN_LINES <= body_h) {
        l->matrix = (TuiRect){0, top, cols, h};
        l->panel = (TuiRect){0, top + h + 1, cols, body_h - h - 1};
        if (cols >= 2 * TUI_PANEL_MIN + 1) {
            l->panel_split = true;
            l->split_w = (cols - 1) * 45 / 100;
        }
    } else {
        l->matrix = (TuiRect){0, top, cols, body_h};
        l->panel = (TuiRect){0, 0, 0, 0};
    }
    return true;
}

// The three matrices: before (from the previous trace), after, and their difference
// (none when the shapes differ). Filled in place: the panels point into it.
typedef struct {
    Panel p[3]; // before, after, after − before
    int np;
    bool has_diff;
    TuiStageInfo ib, id; // before's and the difference's measures
    Stage ds;            // the difference as a stage (its matrix is dm)
    Matrix dm;
} Compare;

static void compare_init(Compare *c, const TuiState *st, const Stage *before)
{
    const TuiExplore *x = st->ex;
    const Stage *after = &st->t->stage[st->k];
    tui_stage_measure(&x->prev_trace, before, &c->ib);
    c->dm = (Matrix){0};
    c->has_diff = tui_explore_diff(after, before, &c->dm) == 0;
    c->np = c->has_diff ? 3 : 2;
    c->ds = *after;
    c->ds.m = c->dm;
    c->ds.scale = SCALE_SIGNED;
    snprintf(c->ds.name, sizeof c->ds.name, "%s", _("after − before"));
    if (c->has_diff)
        tui_stage_measure(st->t, &c->ds, &c->id);

    char ob[160], oa[160], title[320];
    tui_explore_options_text(&x->prev_trace, st->t, ob, sizeof ob);
    tui_explore_options_text(st->t, &x->prev_trace, oa, sizeof oa);
    snprintf(title, sizeof title, _("before: %s%s"), before->name, ob);
    panel_init(&c->p[0], st, before, &c->ib, title);
    snprintf(title, sizeof title, _("after: %s%s"), after->name, oa);
    panel_init(&c->p[1], st, after, &st->info[st->k], title);
    if (c->has_diff) {
        size_t n = 0;
        for (size_t k = 0; k < c->dm.rows * c->dm.cols; k++)
            n += tui_explore_cell_changed(after->m.v[k], before->m.v[k]);
        snprintf(title, sizeof title,
                 ngettext("after − before  (%zu cell changed)", "after − before  (%zu cells changed)", n), n);
        panel_init(&c->p[2], st, &c->ds, &c->id, title);
    }
}

static void panel_at(Panel *p, int x, int y)
{
    p->x = x, p->y = y, p->pw = p->w, p->ph = p->h;
}

// The whole body for after and the difference, scrolled with the cursor; before is left
// out (a note says so) and so is the text panel.
static int arrange_cramped(TuiLayout *l, int cols, int rows, Compare *c, bool shown[3])
{
    place_block(l, cols, rows, 1, rows); // no text panel
    int top = TUI_HEADER_LINES + 1, body_h = rows - top - 2;
    l->matrix = (TuiRect){0, top, cols, body_h};
    l->panel = (TuiRect){0, 0, 0, 0};
    shown[0] = false;
    c->p[1].note = _("  (before: enlarge)");
    int half = c->has_diff ? (body_h - 1) / 2 : body_h - 2;
    c->p[1].x = 0, c->p[1].y = top, c->p[1].pw = cols - 1, c->p[1].ph = half - 1;
    if (c->has_diff)
        c->p[2].x = 0, c->p[2].y = top + half, c->p[2].pw = cols - 1,
        c->p[2].ph = body_h - half - 1;
    return body_h;
}

// Where the panels go, best first: in a row; before and after in a row with the
// difference under them; all stacked; else cramped. Returns the block's height.
static int arrange(TuiLayout *l, int cols, int rows, Compare *c, bool shown[3])
{
    Panel *p = c->p;
    const int gap = 3;
    int w_row = 0, h_row = 0, w_stack = 0, h_stack = 0;
    for (int k = 0; k < c->np; k++) {
        w_row += p[k].w + (k ? gap : 0);
        h_row = imax(h_row, p[k].h);
        w_stack = imax(w_stack, p[k].w);
        h_stack += p[k].h + (k ? 1 : 0);
    }
    int wide2 = imax(p[0].w + gap + p[1].w, c->has_diff ? p[2].w : 0);
    int h_two = imax(p[0].h, p[1].h) + (c->has_diff ? 1 + p[2].h : 0);
    if (!c->has_diff) // a line saying why there is no difference
        h_row += 2, h_stack += 2;
    if (place_block(l, cols, rows, w_row, h_row)) {
        for (int k = 0, at = l->matrix.x; k < c->np; at += p[k].w + gap, k++)
            panel_at(&p[k], at, l->matrix.y);
        return h_row;
    }
    if (c->has_diff && place_block(l, cols, rows, wide2, h_two)) {
        panel_at(&p[0], l->matrix.x, l->matrix.y);
        panel_at(&p[1], l->matrix.x + p[0].w + gap, l->matrix.y);
        panel_at(&p[2], l->matrix.x, l->matrix.y + imax(p[0].h, p[1].h) + 1);
        return h_two;
    }
    if (place_block(l, cols, rows, w_stack, h_stack)) {
        for (int k = 0, at = l->matrix.y; k < c->np; at += p[k].h + 1, k++)
            panel_at(&p[k], l->matrix.x, at);
        return h_stack;
    }
    return arrange_cramped(l, cols, rows, c, shown);
}

int tui_compare_draw(TuiState *st, int cols, int rows)
{
    const Stage *after = &st->t->stage[st->k];
    const Stage *before = tui_explore_before(st->ex, after);
    TuiLayout *l = &st->layout;
    tui_layout_screen(cols, rows, NULL, NULL, NULL, TUI_ZOOM_FIT, false, l); // header, status, footer
    st->grid_shown = false;
    if (!before)
        return tui_chrome_draw(st);
    Compare c;
    compare_init(&c, st, before);
    bool shown[3] = {true, true, c.has_diff};
    int block_h = arrange(l, cols, rows, &c, shown);
    for (int k = 0; k < c.np; k++)
        if (shown[k])
            panel_draw(st, &c.p[k], st->ci, st->cj);
    if (!c.has_diff) { // the shapes differ (d_k changed W, Q, K, V): no difference to show
        char why[160];
        snprintf(why, sizeof why, _("after − before: the shapes differ (%zu×%zu before, %zu×%zu "
                                   "after)"), before->m.rows, before->m.cols, after->m.rows, after->m.cols);
        tui_put(l->matrix.y + block_h - 1, l->matrix.x, cols - l->matrix.x - 1, why,
                tui_att(TUI_PAIR_DIM, A_DIM));
    }
    // Clicks select cells of the after grid.
    st->grid = c.p[1].g;
    st->grid_x = c.p[1].x;
    st->grid_y = c.p[1].y + 1;
    st->grid_shown = true;
    mat_free(&c.dm);
    return tui_chrome_draw(st);
}
