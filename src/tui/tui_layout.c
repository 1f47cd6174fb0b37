// tui_layout.c — screen arithmetic for the stepper (no curses here).
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tui_layout.h"

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

// ─── the screen ───────────────────────────────────────────────────────────────

bool tui_layout_too_small(int cols, int rows)
{
    return cols < TUI_MIN_COLS || rows < TUI_MIN_ROWS;
}

int tui_zoom_row_h(int level) { return level >= 4 ? 3 : level >= 2 ? 2 : 1; }

int tui_block_w(const TuiBlockSize *b, int level)
{
    return imax(b->grid_w + b->cells * level + b->extra_right, b->legend_w);
}

int tui_block_h(const TuiBlockSize *b, int row_h)
{
    return TUI_BLOCK_EXTRA_LINES + b->extra_lines + b->rows * row_h;
}

// The arrangements, in order of preference (tui_layout.h).
typedef enum {
    ARR_OPS_RIGHT, ARR_OPS_BELOW, ARR_STACK_RIGHT, ARR_STACK_BELOW, ARR_BARE_RIGHT,
    ARR_BARE_BELOW, ARR_NONE
} Arrangement;

typedef struct {
    int cols, body_h, below_h; // below_h: the most a block above a panel gets
    const TuiBlockSize *want, *stack, *bare;
    bool has_ops, present;
} Space;

static const TuiBlockSize *block_of(const Space *sp, Arrangement a)
{
    if (a == ARR_OPS_RIGHT || a == ARR_OPS_BELOW)
        return sp->has_ops ? sp->want : NULL;
    if (a == ARR_STACK_RIGHT || a == ARR_STACK_BELOW)
        return sp->has_ops ? sp->stack : NULL;
    return sp->bare;
}

// Does the block fit arrangement a at zoom level L (one line per row)?
static bool fits(const Space *sp, Arrangement a, int level)
{
    const TuiBlockSize *b = block_of(sp, a);
    if (!b)
        return false;
    int w = tui_block_w(b, level), h = tui_block_h(b, 1);
    bool right = a == ARR_OPS_RIGHT || a == ARR_STACK_RIGHT || a == ARR_BARE_RIGHT;
    if (sp->present) // the whole width, every line but the caption's
        return !right && w <= sp->cols && h <= sp->body_h;
    switch (a) {
    case ARR_OPS_RIGHT:
    case ARR_STACK_RIGHT:
        return h <= sp->body_h && sp->cols - w - TUI_PANEL_SEP >= TUI_PANEL_MIN &&
               (level == 0 || w * 100 <= sp->cols * TUI_BLOCK_SHARE);
    case ARR_OPS_BELOW:
    case ARR_STACK_BELOW: return w <= sp->cols && h <= sp->below_h;
    case ARR_BARE_RIGHT: // rows may scroll
        return sp->cols - w - TUI_PANEL_SEP >= TUI_PANEL_MIN &&
               (level == 0 || w * 100 <= sp->cols * TUI_BLOCK_SHARE);
    case ARR_BARE_BELOW: return w <= sp->cols && h <= sp->below_h;
    default: return false;
    }
}

// The first arrangement that fits at `level`, and with TUI_ZOOM_FIT the largest level
// it keeps fitting at (*level).
static Arrangement arrange(const Space *sp, int zoom, int *level)
{
    int l0 = zoom == TUI_ZOOM_FIT ? 0 : zoom;
    for (Arrangement a = ARR_OPS_RIGHT; a < ARR_NONE; a++) {
        if (!fits(sp, a, l0))
            continue;
        *level = l0;
        if (zoom == TUI_ZOOM_FIT)
            while (*level < TUI_ZOOM_MAX && fits(sp, a, *level + 1))
                ++*level;
        return a;
    }
    *level = l0;
    return ARR_NONE;
}

// The most lines per row (up to the level's) that keep `b` within h lines.
static int row_height(const TuiBlockSize *b, int level, int h)
{
    int r = tui_zoom_row_h(level);
    while (r > 1 && tui_block_h(b, r) > h)
        r--;
    return r;
}

void tui_layout_screen(int cols, int rows, const TuiBlockSize *want, const TuiBlockSize *stack,
                       const TuiBlockSize *bare, int zoom, bool present, TuiLayout *l)
{
    *l = (TuiLayout){0};
    l->too_small = tui_layout_too_small(cols, rows);
    l->header = (TuiRect){0, 0, cols, TUI_HEADER_LINES};
    l->status = (TuiRect){0, rows - 2, cols, 1};
    l->footer = (TuiRect){0, rows - 1, cols, 1};
    l->row_h = 1;
    if (l->too_small || !want || !bare)
        return;
    if (zoom != TUI_ZOOM_FIT)
        zoom = imax(0, imin(zoom, TUI_ZOOM_MAX));
    int top = TUI_HEADER_LINES + 1; // a blank line under the header
    int body_h = rows - top - 2;    // down to the status line
    Space sp = {cols, body_h, body_h - TUI_PANEL_MIN_LINES, want, stack, bare, want != bare,
                present};
    if (present) // the caption line, and a blank line above it
        sp.body_h = sp.below_h = body_h - 2;
    int fit;
    arrange(&sp, TUI_ZOOM_FIT, &fit);
    int level;
    Arrangement a = arrange(&sp, zoom, &level);
    l->fit_zoom = fit;
    l->zoom = level;
    l->present = present;
    l->stacked = a == ARR_STACK_RIGHT || a == ARR_STACK_BELOW;
    l->operands = a == ARR_OPS_RIGHT || a == ARR_OPS_BELOW || l->stacked;
    const TuiBlockSize *b = a == ARR_NONE ? bare : block_of(&sp, a);
    int bw = tui_block_w(b, level);
    int mw, mh;
    if (present) {
        mw = cols;
        mh = sp.body_h;
        l->row_h = a == ARR_NONE ? (zoom == TUI_ZOOM_FIT ? 1 : tui_zoom_row_h(level))
                                 : row_height(b, level, mh);
        if (l->operands && !l->stacked) // the operator columns take what is left
            l->sep_extra = imin((cols - bw) / 2, TUI_SEP_EXTRA_MAX);
        l->matrix = (TuiRect){0, top, mw, mh};
        l->panel = (TuiRect){0, top + body_h - 1, cols, 1};
        return;
    }
    switch (a) {
    case ARR_OPS_RIGHT:
    case ARR_STACK_RIGHT:
    case ARR_BARE_RIGHT:
        l->panel_right = true;
        l->row_h = row_height(b, level, body_h);
        if (l->operands && !l->stacked)
            l->sep_extra = imin((cols - bw - TUI_PANEL_SEP - TUI_PANEL_MIN) / 2, TUI_SEP_EXTRA_MAX);
        mw = bw + 2 * l->sep_extra;
        mh = body_h;
        break;
    case ARR_OPS_BELOW:
    case ARR_STACK_BELOW:
    case ARR_BARE_BELOW:
        // taller rows only while the panel below keeps a third of the lines, for reading
        l->row_h = row_height(b, level, imin(sp.below_h, body_h - body_h / 3));
        mw = cols;
        mh = tui_block_h(b, l->row_h);
        break;
    default: // nothing fits whole: the result scrolls
        l->row_h = zoom == TUI_ZOOM_FIT ? 1 : tui_zoom_row_h(level);
        if (cols >= 100) {
            l->panel_right = true;
            int pw = imin(imax(cols * 3 / 10, TUI_PANEL_MIN), 60);
            mw = cols - pw - TUI_PANEL_SEP;
            mh = body_h;
        } else {
            mw = cols;
            mh = imin(tui_block_h(bare, l->row_h), sp.below_h);
        }
        break;
    }
    l->matrix = (TuiRect){0, top, mw, mh};
    if (l->panel_right) {
        int pw = imin(cols - mw - TUI_PANEL_SEP, TUI_PANEL_MAX);
        l->panel = (TuiRect){mw + TUI_PANEL_SEP, top, pw, body_h};
    } else {
        int gap = body_h - mh - 1 >= TUI_PANEL_MIN_LINES ? 1 : 0; // a blank line between
        l->panel = (TuiRect){0, top + mh + gap, cols, body_h - mh - gap};
        if (cols >= 2 * TUI_PANEL_MIN + 1) {
            l->panel_split = true;
            l->split_w = (cols - 1) * 45 / 100;
        }
    }
}

// ─── cells and grids ──────────────────────────────────────────────────────────

// Columns x takes in a cell: its fixed-point form, or past TUI_NUMBER_FIXED_MAX its
// exponent form (with at most TUI_NUMBER_EXP_DECIMALS decimals).
static int one_width(double x, int decimals)
{
    char buf[32];
    if (!isfinite(x))
        return 1;
    if (decimals < 0)
        decimals = 0;
    if (fabs(x) < 0.5 * pow(10, -decimals))
        x = 0.0; // drawn as 0, never "-0.00"
    int fixed = snprintf(buf, sizeof buf, "%.*f", decimals, x);
    if (fixed <= TUI_NUMBER_FIXED_MAX)
        return fixed;
    return snprintf(buf, sizeof buf, "%.*e", imin(decimals, TUI_NUMBER_EXP_DECIMALS), x);
}

int tui_number_width(double lo, double hi, int decimals)
{
    return imax(1, imax(one_width(lo, decimals), one_width(hi, decimals)));
}

char *tui_format_number(char *buf, size_t size, double x, int decimals, int width)
{
    char s[32];
    if (size == 0)
        return buf;
    if (decimals < 0)
        decimals = 0;
    if (width < 1)
        width = 1;
    if (fabs(x) < 0.5 * pow(10, -decimals))
        x = 0.0; // never "-0.00"
    int n = snprintf(s, sizeof s, "%.*f", decimals, x);
    for (int p = imin(decimals, TUI_NUMBER_EXP_DECIMALS); n > width && p >= 0; p--)
        n = snprintf(s, sizeof s, "%.*e", p, x);
    const char *mark = NULL; // not even 1e+60 fits: a mark, never a spill
    if (n > width || n >= (int)sizeof s) {
        bool minus = x < 0 && width >= 2;
        mark = minus ? "-…" : "…";
        n = minus ? 2 : 1;
    }
    // Right-aligned: width − n spaces, then the text (cut to the buffer, as snprintf would).
    const char *text = mark ? mark : s;
    size_t pad = (size_t)(width - n), len = strlen(text), at = 0;
    for (; at < pad && at + 1 < size; at++)
        buf[at] = ' ';
    size_t copy = len < size - 1 - at ? len : size - 1 - at;
    memcpy(buf + at, text, copy);
    buf[at + copy] = '\0';
    return buf;
}

int tui_cell_width(int number_w, bool glyph, int widest_col_label)
{
    int w = 1 + number_w + (glyph ? 1 : 0); // a colored margin before the number
    return imax(w, imin(widest_col_label, TUI_LABEL_MAX));
}

int tui_grid_width(int label_w, int cell_w, size_t cols)
{
    return label_w + (int)cols * (cell_w + TUI_GRID_GAP);
}

int tui_grid_height(size_t rows) { return (int)rows + TUI_GRID_EXTRA_LINES; }

int tui_grid_row_h(const TuiGrid *g) { return g->row_h > 1 ? g->row_h : 1; }

size_t tui_fit(int space, int cell, size_t total)
{
    if (space <= 0 || cell + TUI_GRID_GAP <= 0)
        return 0;
    size_t n = (size_t)(space / (cell + TUI_GRID_GAP));
    return n < total ? n : total;
}

size_t tui_scroll(size_t first, size_t visible, size_t cur, size_t total)
{
    if (visible == 0 || total == 0)
        return cur < total ? cur : 0;
    if (total <= visible) // everything fits
        return 0;
    if (cur < first)
        first = cur;
    else if (cur >= first + visible)
        first = cur - visible + 1;
    if (first > total - visible) // no blank space past the end
        first = total - visible;
    return first;
}

void tui_grid_place(TuiGrid *g, int w, int h, size_t ci, size_t cj)
{
    int lines = (h - TUI_GRID_EXTRA_LINES) / tui_grid_row_h(g);
    g->vis_rows = lines <= 0 ? 0 : (size_t)lines < g->rows ? (size_t)lines : g->rows;
    g->vis_cols = tui_fit(w - g->label_w, g->cell_w, g->cols);
    g->first_row = tui_scroll(g->first_row, g->vis_rows, ci, g->rows);
    g->first_col = tui_scroll(g->first_col, g->vis_cols, cj, g->cols);
}

bool tui_grid_hit(const TuiGrid *g, int gx, int gy, int x, int y, size_t *i, size_t *j)
{
    int dy = y - gy - 1, dx = x - gx - g->label_w;
    if (dy < 0 || dx < 0)
        return false;
    dy /= tui_grid_row_h(g);
    if ((size_t)dy >= g->vis_rows)
        return false;
    size_t c = (size_t)(dx / (g->cell_w + TUI_GRID_GAP));
    if (c >= g->vis_cols)
        return false;
    *i = g->first_row + (size_t)dy;
    *j = g->first_col + c;
    return true;
}

int tui_panel_text_lines(int lines, int h) { return lines > h && h > 1 ? h - 1 : h; }

int tui_panel_max_scroll(int lines, int h)
{
    int th = tui_panel_text_lines(lines, h);
    return lines > th ? lines - th : 0;
}
