// tui_layout.h — the stepper's screen arithmetic, with no curses: where the header,
// matrix, side panel, status line and footer go for a COLS×LINES terminal; how wide a
// cell is; which rows and columns of a matrix fit; scroll offsets that keep the cursor
// in view. Pure functions, unit-tested without a terminal (tests/unit/test_tui_layout.c).
//
//   ┌ header (2 lines) ─────────────────────────────────────────────┐
//   │ blank                                                         │
//   │ matrix block (operands · result, legend) │ panel (right)      │
//   │                                          │  or below when     │
//   │                                          │  the screen is     │
//   │                                          │  narrow            │
//   │ status line                                                   │
//   └ footer (keys) ────────────────────────────────────────────────┘
#ifndef ATTNTRACE_TUI_LAYOUT_H
#define ATTNTRACE_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

// Below this the stepper shows only a "too small" message.
#define TUI_MIN_COLS 50
#define TUI_MIN_ROWS 14
// The side panel is never narrower than this, and wider only up to TUI_PANEL_MAX.
#define TUI_PANEL_MIN 38
#define TUI_PANEL_MAX 80
// A panel below the matrix keeps at least this many lines.
#define TUI_PANEL_MIN_LINES 5
// Labels longer than this are cut with "…".
#define TUI_LABEL_MAX 12
#define TUI_HEADER_LINES 2

typedef struct {
    int x, y, w, h;
} TuiRect;

typedef struct {
    bool too_small;
    TuiRect header; // the header lines
    TuiRect matrix; // the matrix block: operands (when shown), result, legend
    TuiRect panel;  // explanation and inspector text
    bool panel_right; // beside the matrix (else below it)
    // Below the matrix on a screen wide enough, the panel is split in two columns: the
    // stage's explanation on the left (split_w columns), the inspector on the right
    // (after one blank column). Otherwise the two are stacked in one column.
    bool panel_split;
    int split_w;
    bool operands;  // the operands fit and are shown
    TuiRect status; // one line above the footer
    TuiRect footer; // the last line
} TuiLayout;

// Is a cols×rows screen below TUI_MIN_COLS×TUI_MIN_ROWS (only "too small" fits)?
bool tui_layout_too_small(int cols, int rows);

// Place everything on a cols×rows screen. want_w/want_h: the matrix block's natural
// size with its operands; bare_w/bare_h: without them (the result alone). Pass
// want_w = bare_w when the stage has no operands.
void tui_layout_screen(int cols, int rows, int want_w, int want_h, int bare_w, int bare_h,
                       TuiLayout *l);

// A number's fixed-point form wider than this switches to the exponent form (1.10e+60),
// with at most TUI_NUMBER_EXP_DECIMALS decimals: every number fits its cell.
#define TUI_NUMBER_FIXED_MAX 12
#define TUI_NUMBER_EXP_DECIMALS 3

// Columns the widest value in [lo, hi] takes (the extremes are the widest): "%.*f", or
// past TUI_NUMBER_FIXED_MAX columns the exponent form.
int tui_number_width(double lo, double hi, int decimals);
// x right-aligned in exactly `width` columns: fixed point with `decimals` when it fits,
// else the exponent form with as many decimals as fit, else "…". Returns buf.
char *tui_format_number(char *buf, size_t size, double x, int decimals, int width);

// The width of a cell of a matrix: a margin column and its widest number (plus one
// column for the shade glyph when there is no color), or its widest column label when that is wider, up to
// TUI_LABEL_MAX.
int tui_cell_width(int number_w, bool glyph, int widest_col_label);

// One matrix drawn as a grid: a label column, then cells of cell_w separated by one
// blank column; a line of column labels above, a legend line below.
typedef struct {
    int label_w, cell_w;
    size_t rows, cols;            // the matrix
    size_t first_row, first_col;  // scroll offsets
    size_t vis_rows, vis_cols;    // how many fit
} TuiGrid;

#define TUI_GRID_GAP 1
// Lines a grid takes besides its rows: column labels and the legend.
#define TUI_GRID_EXTRA_LINES 2

// Natural size of a whole grid (every row and column shown), legend included.
int tui_grid_width(int label_w, int cell_w, size_t cols);
int tui_grid_height(size_t rows);

// How many cells of `cell` columns (plus the gap) fit in `space`, at most `total`.
size_t tui_fit(int space, int cell, size_t total);
// The first visible index after moving to `cur`: unchanged when cur is already in
// [first, first+visible), else the least scroll that shows it; never past the end.
size_t tui_scroll(size_t first, size_t visible, size_t cur, size_t total);
// Fit a grid into w×h (legend included) and scroll it so cell (ci, cj) is visible.
// g->label_w, cell_w, rows, cols, first_row and first_col must be set.
void tui_grid_place(TuiGrid *g, int w, int h, size_t ci, size_t cj);

// The cell under screen column x, line y, for a grid whose top-left (its column
// label line, label column) is at (gx, gy); false when (x, y) is not on a cell.
bool tui_grid_hit(const TuiGrid *g, int gx, int gy, int x, int y, size_t *i, size_t *j);

// The largest scroll of a text panel of `lines` lines in a window of `h` lines.
int tui_panel_max_scroll(int lines, int h);

#endif
