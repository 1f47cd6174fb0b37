// tui_layout.c — screen arithmetic for the stepper (no curses here).
#include <math.h>
#include <stdio.h>

#include "tui_layout.h"

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

// ─── the screen ───────────────────────────────────────────────────────────────

bool tui_layout_too_small(int cols, int rows)
{
    return cols < TUI_MIN_COLS || rows < TUI_MIN_ROWS;
}

void tui_layout_screen(int cols, int rows, int want_w, int want_h, int bare_w, int bare_h,
                       TuiLayout *l)
{
    *l = (TuiLayout){0};
    l->too_small = tui_layout_too_small(cols, rows);
    l->header = (TuiRect){0, 0, cols, TUI_HEADER_LINES};
    l->status = (TuiRect){0, rows - 2, cols, 1};
    l->footer = (TuiRect){0, rows - 1, cols, 1};
    if (l->too_small)
        return;
    int top = TUI_HEADER_LINES + 1; // a blank line under the header
    int body_h = rows - top - 2;    // down to the status line
    bool has_ops = want_w != bare_w || want_h != bare_h;
    int below_h = body_h - TUI_PANEL_MIN_LINES; // the most a matrix above a panel gets

    // In order of preference: operands with the panel beside them, operands with the
    // panel below, the result alone with the panel beside it, a scrolled result beside
    // a panel on a wide screen, and last a scrolled result above the panel.
    int mw, mh;
    if (has_ops && want_h <= body_h && cols - want_w - 1 >= TUI_PANEL_MIN) {
        l->operands = l->panel_right = true;
        mw = want_w;
        mh = body_h;
    } else if (has_ops && want_w <= cols && want_h <= below_h) {
        l->operands = true;
        mw = cols;
        mh = want_h;
    } else if (cols - bare_w - 1 >= TUI_PANEL_MIN) {
        l->panel_right = true;
        mw = bare_w;
        mh = body_h;
    } else if (cols >= 100) {
        l->panel_right = true;
        int pw = imin(imax(cols * 3 / 10, TUI_PANEL_MIN), 60);
        mw = cols - pw - 1;
        mh = body_h;
    } else {
        mw = cols;
        mh = imin(bare_h, below_h);
    }
    l->matrix = (TuiRect){0, top, mw, mh};
    if (l->panel_right) {
        int pw = imin(cols - mw - 1, TUI_PANEL_MAX);
        l->panel = (TuiRect){mw + 1, top, pw, body_h};
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
    snprintf(buf, size, "%*s%s", width - n, "", mark ? mark : s);
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
    int lines = h - TUI_GRID_EXTRA_LINES;
    g->vis_rows = lines <= 0 ? 0 : (size_t)lines < g->rows ? (size_t)lines : g->rows;
    g->vis_cols = tui_fit(w - g->label_w, g->cell_w, g->cols);
    g->first_row = tui_scroll(g->first_row, g->vis_rows, ci, g->rows);
    g->first_col = tui_scroll(g->first_col, g->vis_cols, cj, g->cols);
}

bool tui_grid_hit(const TuiGrid *g, int gx, int gy, int x, int y, size_t *i, size_t *j)
{
    int dy = y - gy - 1, dx = x - gx - g->label_w;
    if (dy < 0 || dx < 0 || (size_t)dy >= g->vis_rows)
        return false;
    size_t c = (size_t)(dx / (g->cell_w + TUI_GRID_GAP));
    if (c >= g->vis_cols)
        return false;
    *i = g->first_row + (size_t)dy;
    *j = g->first_col + c;
    return true;
}

int tui_panel_max_scroll(int lines, int h) { return lines > h ? lines - h : 0; }
