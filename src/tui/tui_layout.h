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
// A panel beside the matrix is this many columns right of it: a blank column, the
// separator line, a blank column (text never touches the line).
#define TUI_PANEL_SEP 3
// A panel below the matrix keeps at least this many lines.
#define TUI_PANEL_MIN_LINES 5
// Labels longer than this are cut with "…".
#define TUI_LABEL_MAX 12
#define TUI_HEADER_LINES 2

typedef struct {
    int x, y, w, h;
} TuiRect;

// Zoom: level L widens every cell by L columns and gives each row up to
// tui_zoom_row_h(L) lines (the number on the middle one) when the height allows. The
// stepper fits the largest level to the screen (TUI_ZOOM_FIT) unless z/Z chose one.
#define TUI_ZOOM_FIT (-1)
#define TUI_ZOOM_MAX 10
// Lines per row at zoom level L: 1, then 2 from level 2, 3 from level 4.
int tui_zoom_row_h(int level);
// The operator columns (" · ", " = ") between the grids of a product grow up to this
// many columns each, to give the block the width the panel does not need.
#define TUI_SEP_EXTRA_MAX 6
// With the panel beside it, a block zoomed past level 0 takes at most this percentage of
// the width: the rest stays the panel's, for reading.
#define TUI_BLOCK_SHARE 60

// The size of a matrix block at zoom 0 with one line per row: the grids side by side
// (their label columns, cells and the operator columns between them), how many cells
// across (each widens with the zoom), how many rows down (the tallest grid), the
// legend's width, columns kept right of the result (a Σ column beside weights), and
// lines besides the rows, the title, the column labels and the legend (a grid stacked
// above the result: its title and labels).
typedef struct {
    int grid_w, cells, rows, legend_w, extra_right, extra_lines;
} TuiBlockSize;
// Lines a block takes besides its rows: the title, the column labels, the legend.
#define TUI_BLOCK_EXTRA_LINES 3
// Its width at zoom level L, and its height with row_h lines per row.
int tui_block_w(const TuiBlockSize *b, int level);
int tui_block_h(const TuiBlockSize *b, int row_h);

typedef struct {
    bool too_small;
    TuiRect header; // the header lines
    TuiRect matrix; // the matrix block: operands (when shown), result, legend
    TuiRect panel;  // explanation and inspector text (presenter: the caption line)
    bool panel_right; // beside the matrix (else below it)
    // Below the matrix on a screen wide enough, the panel is split in two columns: the
    // stage's explanation on the left (split_w columns), the inspector on the right
    // (after one blank column). Otherwise the two are stacked in one column.
    bool panel_split;
    int split_w;
    bool operands;  // the operands fit and are shown
    bool stacked;   // ... stacked: b above the result, a left of it (its rows level with
                    // the result's, b's columns above the result's)
    bool present;   // the presenter layout: the panel is one caption line
    int zoom;       // the zoom level used
    int fit_zoom;   // the level that fits the screen (what TUI_ZOOM_FIT uses)
    int row_h;      // lines per matrix row
    int sep_extra;  // columns added to each operator column of a product
    TuiRect status; // one line above the footer
    TuiRect footer; // the last line
} TuiLayout;

// Is a cols×rows screen below TUI_MIN_COLS×TUI_MIN_ROWS (only "too small" fits)?
bool tui_layout_too_small(int cols, int rows);

// Place everything on a cols×rows screen. want: the matrix block with its operands side
// by side (a op b = result); stack: the same stacked (b above the result, a left of it;
// NULL: not offered); bare: the result alone (pass want = bare when the stage has no
// operands; want and bare NULL: only the header, status line and footer are placed).
// zoom: a level, or TUI_ZOOM_FIT for the largest that fits. present: the presenter
// layout.
//
// In order of preference: operands side by side with the panel beside them, then with
// the panel below; operands stacked with the panel beside, then below; the result alone
// with the panel beside it, the whole result with the panel below (before any column is
// hidden), a scrolled result beside a panel on a wide screen, and last a scrolled result
// above the panel. The presenter layout gives the block the whole width and every line
// but a caption line above the status line.
void tui_layout_screen(int cols, int rows, const TuiBlockSize *want, const TuiBlockSize *stack,
                       const TuiBlockSize *bare, int zoom, bool present, TuiLayout *l);

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
    int row_h;                    // lines per row (0 counts as 1)
    int pad_right;                // blank columns right of each number (zoomed cells)
} TuiGrid;

#define TUI_GRID_GAP 1
// Lines a grid takes besides its rows: column labels and the legend.
#define TUI_GRID_EXTRA_LINES 2

// Natural size of a whole grid (every row and column shown), legend included.
int tui_grid_width(int label_w, int cell_w, size_t cols);
int tui_grid_height(size_t rows);
// Lines per row of a grid (row_h, at least 1).
int tui_grid_row_h(const TuiGrid *g);

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

// Lines of text a window of h lines shows: all h, or h - 1 when the text is longer (its
// last line is the "▼ ] more" marker's own).
int tui_panel_text_lines(int lines, int h);
// The largest scroll of a text panel of `lines` lines in a window of `h` lines.
int tui_panel_max_scroll(int lines, int h);

#endif
