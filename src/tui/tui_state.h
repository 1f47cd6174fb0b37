// tui_state.h — the stepper's state and what changes it without a terminal: which stage
// and cell are shown, moving between stages, cells and heads, the answer box's question,
// autoplay, the help and final-score flags. No curses here (tui_state.c includes none);
// the screens (tui_screen.h) draw this state and turn keys into these calls. Unit-tested
// (tests/unit/tui/test_tui_state.c).
#ifndef ATTNTRACE_TUI_STATE_H
#define ATTNTRACE_TUI_STATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "decode.h"
#include "err.h"
#include "heatmap.h"
#include "lines.h"
#include "trace.h"
#include "tui_field.h"
#include "tui_keys.h"
#include "tui_layout.h"
#include "tui_options.h"
#include "tui_quiz.h"

#define TUI_DEFAULT_DECIMALS 2
#define TUI_MAX_DECIMALS 6
// Autoplay's period when --autoplay gives none (the a key).
#define TUI_AUTOPLAY_SECONDS 3.0

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

typedef struct TuiState {
    const Trace *t;
    const TuiOptions *o;
    struct TuiExplore *ex;     // what-if toggles, edits, undo, compare; NULL: none (benches)
    TuiStageInfo info[TRACE_MAX_STAGES]; // by position in the trace
    size_t k;                  // the stage shown (position in t->stage)
    size_t ci, cj;             // the cell cursor
    int decimals;
    int zoom;                  // a zoom level (z/Z), or TUI_ZOOM_FIT: the largest that fits
    bool present;              // the presenter layout (F, --present)
    bool inspector, help;
    int help_page, help_pages; // the help overlay pages through the keys on short screens
    Lines vocab;               // the vocabulary view (v, tui_vocab.h): its lines, when on
    bool vocab_on;
    int vocab_page, vocab_pages;
    int panel_scroll;
    ColorMode color, color_best; // now; the best allowed (cap ∧ terminal)
    const Palette *palette;    // the heatmaps' palette: --palette, then the C key cycles it
    bool autoplay;
    double autoplay_next;      // monotonic seconds (tui_now) of the next step
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

    // --decode's walk (the C key, tui_decode.h): token by token with the KV cache.
    Decode dec;                // built from t when the walk opens
    bool decoding;             // the walk is the view
    size_t dstep;              // its step t (1-based)
    int dhead;                 // its head (0 with one head)

    // The last frame's geometry, for mouse clicks.
    TuiLayout layout;
    TuiGrid grid;              // the result grid
    int grid_x, grid_y;
    bool grid_shown;
} TuiState;

int tui_state_init(TuiState *st, const Trace *t, const TuiOptions *o, AtError *e);
void tui_state_free(TuiState *st);
// What the options ask for at the start: --stage's stage, --autoplay (now: tui_now()).
void tui_state_start(TuiState *st, double now);
// A stage's extremes, heatmap range and label widths (scroll offsets zeroed).
void tui_stage_measure(const Trace *t, const Stage *s, TuiStageInfo *in);
// The operands of the current stage when it is a product (A·B = result); false if none.
bool tui_operands(const TuiState *st, TuiMat *a, TuiMat *b, const char **op);

// Carry out a request that needs no terminal, no clock and no disk: moves between
// stages, cells and heads, decimals, the text panel, help, quit, opening the answer box.
// Returns true when it was handled here.
bool tui_apply(TuiState *st, TuiRequest r, int arg);

// Weights: each row's sum is shown beside it (Σ) with TUI_SUM_DECIMALS decimals, or
// the cells' when they show more. The first row whose cells, rounded to `decimals` as the
// screen shows them, do not add up to its Σ as shown; false when every row does (or the
// stage has no rows). *shown: that row's cells added up as shown.
#define TUI_SUM_DECIMALS 3
int tui_sum_decimals(int decimals);
bool tui_rounded_row(const Matrix *m, int decimals, size_t *row, double *shown);

// The C key: the next palette (after the last, the first), named on the status line. The
// caller sets the terminal's colors up for it (tui_colors_init).
void tui_palette_cycle(TuiState *st);

// Predict, then reveal: the prediction that keeps the current stage hidden (its matrix,
// its cell's arithmetic, and the lesson's text after the prediction), or NULL when the
// stage is shown. With --lesson, with or without --quiz: the stage appears once the
// prediction is entered (A); without --quiz the learner may also step past it.
TuiQuestion *tui_hidden_by(const TuiState *st);

// Monotonic seconds: the clock autoplay runs on.
double tui_now(void);
// The a key: autoplay on (from the first stage when at the last) or off.
void tui_autoplay_toggle(TuiState *st, double now);
// Time for autoplay's next step: the next stage, or (--quiz) wait at a stage whose
// questions are not answered; at the last stage autoplay stops.
void tui_autoplay_tick(TuiState *st, double now);
// Enter in the answer box: check the answer, say the verdict, resume a held autoplay.
void tui_answer_submit(TuiState *st, double now);
// A click at screen column x, line y: the result grid's cell there becomes the cursor.
// False when the last frame showed no cell there.
bool tui_state_click(TuiState *st, int x, int y);

// A matrix as drawn: its rows, columns and cells (Kᵀ: K turned), its label column's
// width and its cells' width for `decimals` (glyph: a column for the shade glyph).
static inline size_t tui_mat_rows(const TuiMat *m)
{
    return m->transpose ? m->s->m.cols : m->s->m.rows;
}
static inline size_t tui_mat_cols(const TuiMat *m)
{
    return m->transpose ? m->s->m.rows : m->s->m.cols;
}
static inline double tui_mat_at(const TuiMat *m, size_t i, size_t j)
{
    return m->transpose ? mat_get(&m->s->m, j, i) : mat_get(&m->s->m, i, j);
}
int tui_mat_label_w(const TuiMat *m);
int tui_mat_cell_w(const TuiMat *m, int decimals, bool glyph);

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
