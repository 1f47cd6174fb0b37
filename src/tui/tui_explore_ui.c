// tui_explore_ui.c — the explore mode's curses side: the edit field's keys and line,
// and the compare view (before · after · after − before for the current stage).
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui_explore.h"
#include "tui_text.h"

#define ESC 27

// ─── the edit field ───────────────────────────────────────────────────────────

bool tui_explore_edit_key(TuiState *st, bool code, wint_t wc)
{
    TuiExplore *x = st->ex;
    if (!x || !x->editing)
        return false;
    switch (tui_field_key(&x->field, code, wc)) {
    case TUI_FIELD_SUBMIT:
        tui_explore_edit_accept(st);
        break;
    case TUI_FIELD_CANCEL:
        x->editing = false;
        snprintf(st->status, sizeof st->status, "edit cancelled");
        st->status_error = false;
        break;
    case TUI_FIELD_FULL: case TUI_FIELD_EDITED:
        break;
    }
    return true;
}

bool tui_explore_draw_edit(const TuiState *st, int y, int x0, int w)
{
    const TuiExplore *x = st->ex;
    if (!x || !x->editing)
        return false;
    const Stage *s = trace_find_id(&x->trace, x->edit_id);
    if (!s)
        return false;
    char prompt[256];
    snprintf(prompt, sizeof prompt, " %s[%s][%s] = ", s->name, s->row_labels[x->edit_i],
             s->col_labels[x->edit_j]);
    const char *hint = x->field.len >= TUI_EDIT_FIELD_MAX
                           ? "   full: a number has fewer than 64 characters · Enter: apply · "
                             "Esc: cancel"
                           : "   Enter: apply · Esc: cancel · ←/→ move · Backspace: delete";
    attrset(A_NORMAL);
    mvhline(y, x0, ' ', w);
    int at = x0 + tui_draw_text(y, x0, w, prompt, TUI_TEXT_BOLD);
    int fw = 24 < x0 + w - at ? 24 : x0 + w - at;
    size_t first, bytes;
    int col;
    tui_field_view(&x->field, fw, &first, &bytes, &col);
    char shown[TUI_FIELD_MAX];
    snprintf(shown, sizeof shown, "%.*s", (int)bytes, x->field.text + first);
    tui_draw_text(y, at, fw, shown, TUI_TEXT_HL);
    tui_draw_text(y, at + fw, x0 + w - at - fw, hint, TUI_TEXT_DIM);
    move(y, at + col); // the terminal's cursor marks the caret
    return true;
}

// ─── the compare view ─────────────────────────────────────────────────────────

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
    p->g = (TuiGrid){lw, cw, s->m.rows, s->m.cols, 0, 0, 0, 0};
    snprintf(p->title, sizeof p->title, "%s", title);
    p->note = NULL;
    int lg = tui_draw_legend(st, s, info, 0, 0, 0); // width only (w = 0 draws nothing)
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
        snprintf(p->title + tl, sizeof p->title - tl, "  rows %zu–%zu, columns %zu–%zu",
                 g->first_row + 1, g->first_row + g->vis_rows, g->first_col + 1,
                 g->first_col + g->vis_cols);
    tl = strlen(p->title);
    if (p->note)
        snprintf(p->title + tl, sizeof p->title - tl, "%s", p->note);
    tui_draw_text(p->y, p->x, p->pw, p->title, TUI_TEXT_BOLD);
    tui_draw_grid(st, &p->m, &p->g, p->x, p->y + 1, true, ci, cj);
    tui_draw_legend(st, p->m.s, p->m.info, p->y + 2 + (int)p->g.vis_rows, p->x, p->pw);
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
    if (cols - w - 1 >= TUI_PANEL_MIN) {
        l->panel_right = true;
        l->matrix = (TuiRect){0, top, w, body_h};
        int pw = cols - w - 1 < TUI_PANEL_MAX ? cols - w - 1 : TUI_PANEL_MAX;
        l->panel = (TuiRect){w + 1, top, pw, body_h};
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

int tui_explore_draw_compare(TuiState *st, int cols, int rows)
{
    TuiExplore *x = st->ex;
    const Stage *after = &st->t->stage[st->k];
    const Stage *before = tui_explore_before(x, after);
    TuiLayout *l = &st->layout;
    tui_layout_screen(cols, rows, 1, 1, 1, 1, l); // header, status, footer, too small
    st->grid_shown = false;
    if (l->too_small || !before)
        return tui_draw_chrome(st, cols, rows);

    // The three matrices: before (its own trace), after, and their difference.
    TuiStageInfo ib, id;
    tui_stage_measure(&x->prev_trace, before, &ib);
    Matrix dm = {0};
    bool has_diff = tui_explore_diff(after, before, &dm) == 0;
    Stage ds = *after;
    ds.m = dm;
    ds.scale = SCALE_SIGNED;
    snprintf(ds.name, sizeof ds.name, "after − before");
    if (has_diff)
        tui_stage_measure(st->t, &ds, &id);

    char ob[160], oa[160], title[320];
    tui_explore_options_text(&x->prev_trace, st->t, ob, sizeof ob);
    tui_explore_options_text(st->t, &x->prev_trace, oa, sizeof oa);
    Panel p[3]; // before, after, diff
    int np = has_diff ? 3 : 2;
    snprintf(title, sizeof title, "before: %s%s", before->name, ob);
    panel_init(&p[0], st, before, &ib, title);
    snprintf(title, sizeof title, "after: %s%s", after->name, oa);
    panel_init(&p[1], st, after, &st->info[st->k], title);
    if (has_diff) {
        size_t n = 0;
        for (size_t c = 0; c < dm.rows * dm.cols; c++) {
            double a = after->m.v[c], b = before->m.v[c];
            n += isinf(a) || isinf(b) ? isinf(a) != isinf(b) : fabs(a - b) > TUI_CHANGE_EPS;
        }
        snprintf(title, sizeof title, "after − before  (%zu cell%s changed)", n,
                 n == 1 ? "" : "s");
        panel_init(&p[2], st, &ds, &id, title);
    }

    // Arrangements, best first: in a row; before and after in a row with the difference
    // under them; all stacked; after and the difference only (a note says so).
    const int gap = 3;
    int w_row = 0, h_row = 0, wide2 = imax(p[0].w + gap + p[1].w, has_diff ? p[2].w : 0);
    for (int k = 0; k < np; k++) {
        w_row += p[k].w + (k ? gap : 0);
        h_row = imax(h_row, p[k].h);
    }
    int w_stack = 0, h_stack = 0;
    for (int k = 0; k < np; k++) {
        w_stack = imax(w_stack, p[k].w);
        h_stack += p[k].h + (k ? 1 : 0);
    }
    int h_two = imax(p[0].h, p[1].h) + (has_diff ? 1 + p[2].h : 0);
    if (!has_diff) // a line saying why there is no difference
        h_row += 2, h_stack += 2;
    int block_h = 0;
    const char *note = NULL;
    bool shown[3] = {true, true, has_diff};
    if (place_block(l, cols, rows, w_row, h_row)) {
        block_h = h_row;
        for (int k = 0, at = l->matrix.x; k < np; at += p[k].w + gap, k++)
            p[k].x = at, p[k].y = l->matrix.y, p[k].pw = p[k].w, p[k].ph = p[k].h;
    } else if (has_diff && place_block(l, cols, rows, wide2, h_two)) {
        block_h = h_two;
        p[0].x = l->matrix.x, p[0].y = l->matrix.y, p[0].pw = p[0].w, p[0].ph = p[0].h;
        p[1].x = l->matrix.x + p[0].w + gap, p[1].y = l->matrix.y, p[1].pw = p[1].w,
        p[1].ph = p[1].h;
        p[2].x = l->matrix.x, p[2].y = l->matrix.y + imax(p[0].h, p[1].h) + 1,
        p[2].pw = p[2].w, p[2].ph = p[2].h;
    } else if (place_block(l, cols, rows, w_stack, h_stack)) {
        block_h = h_stack;
        for (int k = 0, at = l->matrix.y; k < np; at += p[k].h + 1, k++)
            p[k].x = l->matrix.x, p[k].y = at, p[k].pw = p[k].w, p[k].ph = p[k].h;
    } else { // the whole body for after and the difference, scrolled with the cursor
        place_block(l, cols, rows, 1, rows); // no text panel
        int top = TUI_HEADER_LINES + 1, body_h = rows - top - 2;
        l->matrix = (TuiRect){0, top, cols, body_h};
        l->panel = (TuiRect){0, 0, 0, 0};
        shown[0] = false;
        note = "  (before: enlarge)";
        p[1].note = note;
        block_h = body_h;
        int half = has_diff ? (body_h - 1) / 2 : body_h - 2;
        p[1].x = 0, p[1].y = top, p[1].pw = cols - 1, p[1].ph = half - 1;
        if (has_diff)
            p[2].x = 0, p[2].y = top + half, p[2].pw = cols - 1, p[2].ph = body_h - half - 1;
    }
    for (int k = 0; k < np; k++)
        if (shown[k])
            panel_draw(st, &p[k], st->ci, st->cj);
    if (!has_diff) { // the shapes differ (d_k changed W, Q, K, V): no difference to show
        char why[160];
        snprintf(why, sizeof why, "after − before: the shapes differ (%zu×%zu before, %zu×%zu "
                 "after)", before->m.rows, before->m.cols, after->m.rows, after->m.cols);
        tui_draw_text(l->matrix.y + block_h - 1, l->matrix.x, cols - l->matrix.x - 1, why,
                      TUI_TEXT_DIM);
    }
    // Clicks select cells of the after grid.
    st->grid = p[1].g;
    st->grid_x = p[1].x;
    st->grid_y = p[1].y + 1;
    st->grid_shown = true;
    mat_free(&dm);
    return tui_draw_chrome(st, cols, rows);
}
