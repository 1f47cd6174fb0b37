// tui_state.h — the stepper's state, shared by tui.c (loop, requests), tui_draw.c
// (one frame) and tui_bench.c (frames into a virtual screen). Internal to tui*.c.
#ifndef ATTNTRACE_TUI_STATE_H
#define ATTNTRACE_TUI_STATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <wchar.h>

#include "heatmap.h"
#include "lines.h"
#include "trace.h"
#include "tui.h"
#include "tui_field.h"
#include "tui_keys.h"
#include "tui_layout.h"
#include "tui_quiz.h"

#define TUI_DEFAULT_DECIMALS 2
#define TUI_MAX_DECIMALS 6

// What does not change while the stepper runs, per stage (by position in the trace).
typedef struct {
    double lo, hi;        // finite extremes (for cell widths)
    HeatRange range;      // the heatmap's range
    bool has_masked;
    int row_label_w, col_label_w; // widest labels, capped at TUI_LABEL_MAX
    size_t first_row, first_col;  // scroll offsets of the result grid
} TuiStageInfo;

// A matrix as drawn: a stage, maybe transposed (Kᵀ), with a name above it.
typedef struct {
    const Stage *s;
    const TuiStageInfo *info;
    bool transpose;
    const char *name;
} TuiMat;

struct TuiExplore; // tui_explore.h

typedef struct {
    const Trace *t;
    const TuiOptions *o;
    struct TuiExplore *ex;     // what-if toggles, edits, undo, compare; NULL: none (benches)
    TuiStageInfo info[TRACE_MAX_STAGES]; // by position in the trace
    size_t k;                  // the stage shown (position in t->stage)
    size_t ci, cj;             // the cell cursor
    int decimals;
    bool inspector, help;
    int help_page, help_pages; // the help overlay pages through the keys on short screens
    int panel_scroll;
    ColorMode color, color_best; // now; the best allowed (cap ∧ terminal)
    bool autoplay;
    double autoplay_next;      // monotonic seconds of the next step
    char status[1024];
    bool status_error;
    bool quit;

    // The lesson's questions (empty without a lesson).
    TuiQuiz quiz;
    TuiQuestion *asking;       // the answer box is open for this question (else NULL)
    TuiField field;            // what is typed in it
    const TuiQuestion *focus;  // just answered: the next frame scrolls it into view
    bool autoplay_held;        // autoplay waits at a stage for its questions (--quiz)
    bool final;                // the final score screen (q with --quiz)

    // The last frame's geometry, for mouse clicks.
    TuiLayout layout;
    TuiGrid grid;              // the result grid
    int grid_x, grid_y;
    bool grid_shown;
} TuiState;

int tui_state_init(TuiState *st, const Trace *t, const TuiOptions *o, AtError *e);
// A stage's extremes, heatmap range and label widths (scroll offsets zeroed).
void tui_stage_measure(const Trace *t, const Stage *s, TuiStageInfo *in);
void tui_state_free(TuiState *st);
// The operands of the current stage when it is a product (A·B = result); false if none.
bool tui_operands(const TuiState *st, TuiMat *a, TuiMat *b, const char **op);
// Carry out a request that needs no terminal (moves, stages, decimals, panel, help,
// opening the answer box). Returns true when it was handled here.
bool tui_apply(TuiState *st, TuiRequest r, int arg);
// Is the lesson Chinese (for the few words the stepper adds to its questions)?
bool tui_lesson_zh(const TuiState *st);

// The highest color pair tui_colors_init uses (all ≤ 255).
#define PAIRS_NEEDED 40

// Curses side (tui_draw.c): set up the color pairs for a mode and a palette (NULL: the
// default; heatmap.h); draw one whole frame
// on stdscr (the caller refreshes). Returns -1 when memory ran out.
void tui_colors_init(ColorMode mode, const Palette *p);
int tui_draw(TuiState *st);

// Pieces of a frame for other views (tui_explore_ui.c's compare view).
typedef enum { TUI_TEXT_NORMAL, TUI_TEXT_BOLD, TUI_TEXT_DIM, TUI_TEXT_HL, TUI_TEXT_OK,
               TUI_TEXT_ERR, TUI_TEXT_KEY } TuiTextStyle;
// Text at (y, x) cut with "…" to w columns; returns the columns used.
int tui_draw_text(int y, int x, int w, const char *text, TuiTextStyle style);
// A matrix grid (g placed by the caller) at (x, y); heat: colored like the result;
// (ci, cj): the cursor, -1 for none.
void tui_draw_grid(const TuiState *st, const TuiMat *m, const TuiGrid *g, int x, int y,
                   bool heat, long ci, long cj);
int tui_draw_legend(const TuiState *st, const Stage *s, const TuiStageInfo *info, int y, int x,
                    int w);
int tui_mat_label_w(const TuiMat *m);
int tui_mat_cell_w(const TuiMat *m, int decimals, bool glyph);
// Header, text panel, status line, footer and help (or the "too small" screen) around
// whatever st->layout's matrix block holds.
int tui_draw_chrome(TuiState *st, int cols, int rows);

// One key for a text field (the answer box, the edit field): code is true for KEY_*
// codes (get_wch's KEY_CODE_YES). Shared so both fields edit alike.
typedef enum { TUI_FIELD_EDITED, TUI_FIELD_SUBMIT, TUI_FIELD_CANCEL, TUI_FIELD_FULL } TuiFieldKey;
TuiFieldKey tui_field_key(TuiField *f, bool code, wint_t wc);

// The status line: one formatted message, marked as an error or not.
static inline void tui_set_status(TuiState *st, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline void tui_set_status(TuiState *st, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->status, sizeof st->status, fmt, ap);
    va_end(ap);
    st->status_error = error;
}

#endif
