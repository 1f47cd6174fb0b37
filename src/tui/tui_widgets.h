// tui_widgets.h — the pieces every screen draws with, on stdscr: colors, text cut to a
// width, a matrix grid, its legend, a bordered box, a scrolled column of text. They draw
// what they are given and call no screen (tui_screen.h) and no chrome (tui_chrome.h).
#ifndef ATTNTRACE_TUI_WIDGETS_H
#define ATTNTRACE_TUI_WIDGETS_H

#include <curses.h>
#include <stdbool.h>

#include "heatmap.h"
#include "lines.h"
#include "tui_layout.h"
#include "tui_state.h"

// Color pairs (all ≤ 255: COLOR_PAIR keeps 8 bits). The heat pairs follow heatmap.h.
enum {
    TUI_PAIR_TITLE = 1, TUI_PAIR_HL, TUI_PAIR_OK, TUI_PAIR_ERR, TUI_PAIR_DIM, TUI_PAIR_KEY,
    TUI_PAIR_HEADING,
    TUI_PAIR_SIGNED = 16, // + level + HEAT_SIGNED_LEVELS
    TUI_PAIR_PROB = 32,   // + level
};
// The highest color pair tui_colors_init uses.
#define TUI_PAIRS_NEEDED 40

// Set up the color pairs for a mode and a palette (NULL: the default; heatmap.h).
void tui_colors_init(ColorMode mode, const Palette *p);
// A color pair, or the attribute that stands in for it with no color.
attr_t tui_att(int pair, attr_t mono);

// Text at (y, x), cut with "…" to at most w columns; returns the columns used. Never a
// control or a bidi control raw: the display form (tui_text.h) is what is drawn.
int tui_put(int y, int x, int w, const char *text, attr_t a);
// Text padded or cut to exactly w columns (right: aligned right).
void tui_put_fit(int y, int x, int w, const char *text, bool right, attr_t a);
// w blank cells with attribute a.
void tui_fill(int y, int x, int w, attr_t a);

// A matrix grid: the labels above and left, the cells, "◂ ▸" when it scrolls sideways.
typedef struct {
    const TuiMat *m;
    TuiGrid g;              // placed by the caller (tui_grid_place)
    bool heat;              // the colored result; else a plain operand
    long hl_row, hl_col;    // an operand's highlighted row or column (-1: none)
    long cur_i, cur_j;      // the result's cursor (-1: none)
} TuiGridDraw;
// The grid's column labels at line y, its rows below, from column x.
void tui_grid_draw(const TuiState *st, const TuiGridDraw *d, int x, int y);

// "-7.00 ████████████ 7.00  centred at 0   × = -inf" for stage s at (y, x), at most w
// columns; returns its natural width (draw false: only that, nothing drawn).
int tui_legend(const TuiState *st, const Stage *s, const TuiStageInfo *info, int y, int x,
               int w, bool draw);

// A blank box with a border, h lines by w columns at (y, x).
void tui_box(int y, int x, int h, int w);

// Lines [scroll, …) of text in a column of w×h at (x, y), headings (tui_panel.h)
// underlined; returns the scroll actually used. The text must be wrapped to w - 1: the
// last column is kept for "▲" (more above), and when the text is longer than h lines the
// last line is kept for "▼ ] more" (tui_panel_text_lines): a marker never covers text.
int tui_text_column(const Lines *text, int scroll, int x, int y, int w, int h);

#endif
