// tui_view.h — the stepper's matrix view measured, with no curses: the current stage's
// result, its operands when it is a product, their label columns and cells, the legend's
// width, and the block's natural sizes for tui_layout_screen (tui_layout.h). The matrix
// screen (tui_screen_stepper.c) draws from it; the unit tests lay out real samples with
// it (tests/unit/tui/test_tui_view.c).
#ifndef ATTNTRACE_TUI_VIEW_H
#define ATTNTRACE_TUI_VIEW_H

#include <stdbool.h>

#include "i18n.h"
#include "tui_layout.h"
#include "tui_state.h"

// The legend's words after the ramp, and the mark for masked cells.
#define TUI_LEGEND_PROB N_("  fixed 0…1") // translated where drawn: _(TUI_LEGEND_PROB)
#define TUI_LEGEND_SIGNED N_("  centred at 0")
#define TUI_LEGEND_MASKED "   " HEAT_MASKED_GLYPH " = -inf"

typedef struct {
    TuiMat res, a, b;       // the result; its operands when has_ops (a op b = res)
    const char *op;
    bool has_ops;
    int lw, cw;             // the result's label column and cells (zoom 0)
    int alw, acw, blw, bcw; // the operands' label columns and cells (zoom 0)
    int slw, scw;           // stacked: the label column and cells b and the result share
    // With the operands side by side (= bare without them), stacked, the result alone.
    TuiBlockSize want, stack, bare;
} TuiView;

// The legend's width for stage s ("-7.00 ████████ 7.00  centred at 0   × = -inf").
int tui_legend_width(const TuiState *st, const Stage *s, const TuiStageInfo *info);
// Measure the current stage's view.
void tui_view_measure(const TuiState *st, TuiView *v);
// The Σ column beside weights (each row's sum): a gap, then the sum right-aligned
// ("  1.000"); 0 for other stages. The layout keeps its width beside the grid.
int tui_view_sum_width(const TuiState *st, const Stage *s);
// Measure it and lay out a cols×rows screen for it (st->zoom, st->present) into *l.
void tui_view_layout(const TuiState *st, int cols, int rows, TuiView *v, TuiLayout *l);

#endif
