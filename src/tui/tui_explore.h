// tui_explore.h — the stepper's explore mode: what-if toggles (scaling, mask,
// temperature, d_k), editing an input number, undo, the compare view's data, writing
// the inputs back as a sample and the stages as SVG slides. No curses here, and no
// stepper state: the keys that change that state are tui_explore_request.h; the edit
// field and the compare view are screens (tui_screen.h).
//
//   inputs + options ──trace_build──▶ trace   (the stepper shows this one)
//   a change: the new trace is built first (for an edit, from the inputs changed in
//   place; for d_k, from freshly generated weights); on success the old trace becomes
//   "prev" (the compare view's before), a TuiStep goes on the undo stack, and the cells
//   that changed are marked, per stage, until the user steps away from that stage.
//   A failed rebuild (overflow after an edit) changes nothing: the error goes on the
//   status line.
//   The undo stack keeps only what it takes to go back: the options before, the numbers
//   an edit changed with their old values, the d_k before (and the weight edits to
//   apply again to weights generated at that d_k). Never a copy of the inputs or of a
//   trace: with 4096-wide weights a copy is hundreds of megabytes. Undo rebuilds.
#ifndef ATTNTRACE_TUI_EXPLORE_H
#define ATTNTRACE_TUI_EXPLORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sample.h"
#include "trace.h"
#include "tui_field.h"

#define TUI_UNDO_MAX 32
#define TUI_DK_MIN 1
#define TUI_DK_MAX 64
#define TUI_WHAT_MAX 192
#define TUI_EDIT_FIELD_MAX 63 // bytes in the edit field: a number needs fewer than 64
#define TUI_SLIDES_DIR "attntrace-slides"
// A cell counts as changed when |after − before| exceeds this (or masked-ness changed).
#define TUI_CHANGE_EPS 1e-12

// The temperatures t and T step through.
extern const double TUI_TEMPERATURES[5];

// What the trace is built from: the inputs (changed in place by edits), the options.
typedef struct {
    Inputs in;
    TraceOptions opt;
    int edits; // numbers edited since the start (for the header)
} TuiSnap;

// Where an edited number is: in X, X_src, or one of the weights.
typedef enum { TUI_IN_X, TUI_IN_XSRC, TUI_IN_WQ, TUI_IN_WK, TUI_IN_WV } TuiInput;

// One number of the inputs: where, and a value (before or after, as the list says).
typedef struct {
    TuiInput m;
    size_t i, j;
    double v;
} TuiCell;

typedef struct {
    TuiCell *v;
    size_t n, cap;
} TuiCells;

typedef enum { TUI_STEP_OPTIONS, TUI_STEP_EDIT, TUI_STEP_DK, TUI_STEP_ORDER } TuiStepKind;

// What a change was, for the status line and the undo message: "temperature", "1", "2".
typedef struct {
    char name[TUI_WHAT_MAX];
    char before[48], after[48];
} TuiLabel;

// One change on the undo stack: what it takes to go back, no more.
typedef struct {
    TuiStepKind kind;
    TraceOptions opt; // the options before the change
    int edits;        // the count of edited numbers before
    size_t dk;        // TUI_STEP_DK: d_k before
    TuiCells cells;   // TUI_STEP_EDIT: the numbers it changed, with their values before;
                      // TUI_STEP_DK: the weight edits made at d_k before (values after),
                      // applied again to the weights generated at that d_k
    size_t *order;    // TUI_STEP_ORDER: the permutation it applied (undo applies its
                      // inverse)
    TuiLabel label;
} TuiStep;

void tui_step_free(TuiStep *s);

// The undo stack: the newest on top; pushing onto a full stack drops the oldest.
typedef struct {
    TuiStep step[TUI_UNDO_MAX];
    size_t n;
} TuiUndo;

void tui_undo_push(TuiUndo *u, TuiStep *s);   // takes s (its cells); s is emptied
bool tui_undo_pop(TuiUndo *u, TuiStep *out);  // false when empty; out is yours
void tui_undo_clear(TuiUndo *u);

// The next temperature up or down in TUI_TEMPERATURES from t (t itself need not be
// one of them); t unchanged at either end.
double tui_temperature_step(double t, bool up);
// d_k ×2 (up) or ÷2 (down) within TUI_DK_MIN…TUI_DK_MAX; dk unchanged at either end.
size_t tui_dk_step(size_t dk, bool up);
// The position in t of the stage `want`, or when t has no such stage (masked without a
// mask) of the nearest earlier one it has.
size_t tui_stage_pick(const Trace *t, StageId want);

typedef struct TuiExplore {
    uint64_t seed;            // --seed: what d/D regenerate the weights from
    TraceOptions opt0;        // as started: the header highlights what differs
    size_t dk0;
    TuiSnap now;              // the stepper's own copy of the inputs, and the options
    TuiSnap *cur;             // &now
    Trace trace;              // built from in and opt (the stepper's st->t)
    bool has_prev;            // a change was made: prev_trace is the trace before it
    Trace prev_trace;
    char **prev_wcols[3];     // weight column names prev_trace still shows after a d_k
    size_t prev_wcols_n[3];   // change (freed with prev_trace)
    TuiCells wlog;            // weight edits since the weights were last generated
    char last_what[TUI_WHAT_MAX]; // what the last change was ("scaling off")
    TuiUndo undo;
    // The word-order what-if (o, tui_explore_order.c): the permutation of the last change
    // when it reordered the words (NULL otherwise), and the token arrays prev_trace
    // still shows (freed with it).
    size_t *order_perm;
    bool order_pending;       // set while an order change commits
    char **prev_tok;
    bool *prev_gen;
    unsigned char *mark[TRACE_MAX_STAGES]; // by stage position, rows×cols of that stage
    size_t marked[TRACE_MAX_STAGES];       // how many cells are marked
    bool compare;             // the compare view is on
    // The edit field (=): the cell being edited and the text typed so far.
    bool editing;
    StageId edit_id;
    size_t edit_i, edit_j;
    TuiField field;
} TuiExplore;

int tui_explore_init(TuiExplore *x, const Inputs *in, const TraceOptions *opt, uint64_t seed,
                     AtError *e);
void tui_explore_free(TuiExplore *x);
// The changes: each rebuilds the trace and, on success, goes on the undo stack with its
// label (what: the status line's and the compare view's words for it). On failure
// nothing changes (-1 with e).
int tui_explore_options(TuiExplore *x, const TraceOptions *opt, const char *what,
                        const TuiLabel *l, AtError *e);
// Number (i, j) of the input stage id (embeddings: every occurrence of that token, in
// X_src too; W_Q, W_K, W_V) becomes v; *count (may be NULL) gets how many numbers changed.
int tui_explore_edit(TuiExplore *x, StageId id, size_t i, size_t j, double v, const char *what,
                     const TuiLabel *l, size_t *count, AtError *e);
// W_Q, W_K, W_V generated again from the seed, dk wide.
int tui_explore_dk(TuiExplore *x, size_t dk, const char *what, const TuiLabel *l, AtError *e);
// The sentence's words reordered by perm (tui_explore_order.c): the trace rebuilt, the
// rows of every stage that are the previous trace's rows moved (no positions) marked.
int tui_explore_order(TuiExplore *x, const size_t *perm, const char *what, const TuiLabel *l,
                      AtError *e);
// How many rows of `after` (a stage of x->trace) are a row of the previous trace's stage,
// only moved, after an order change; *rows gets the rows compared (0: not comparable).
size_t tui_explore_order_matches(const TuiExplore *x, const Stage *after, size_t *rows);
// For tui_explore.c: the marks after an order change, and the reordering itself (the
// inputs permuted in place, t built; on failure the inputs are as they were).
void tui_explore_order_marks(TuiExplore *x);
// The new trace t is shown, the old one becomes prev (the one before it is freed), the
// changed cells are marked.
void tui_explore_commit(TuiExplore *x, Trace *t, const char *what);
int tui_explore_reorder(TuiExplore *x, const size_t *perm, const TraceOptions *opt, Trace *t,
                        char ***old_tok, bool **old_gen, AtError *e);
// Back to the inputs before the last change: 0 (*undone, when not NULL, gets its label),
// 1 when there is nothing to undo, -1 (nothing changes).
int tui_explore_undo(TuiExplore *x, TuiLabel *undone, AtError *e);
// Is cell (i, j) of s (a stage of x->trace; any other stage: no) marked as changed?
bool tui_explore_marked(const TuiExplore *x, const Stage *s, size_t i, size_t j);
size_t tui_explore_marked_count(const TuiExplore *x, const Stage *s);
void tui_explore_unmark(TuiExplore *x, size_t k); // k: the stage's position
// Which header options differ from the start: d_k, scale, T, mask.
void tui_explore_hot(const TuiExplore *x, bool hot[4]);
// The stage of the previous trace to compare with `after` (NULL when none).
const Stage *tui_explore_before(const TuiExplore *x, const Stage *after);
// Does a cell count as changed from before to after: |after − before| > TUI_CHANGE_EPS,
// or masked (±inf) in one and not the other?
bool tui_explore_cell_changed(double after, double before);
// diff = after − before, −inf where either is masked; -1 when the shapes differ or
// memory ran out.
int tui_explore_diff(const Stage *after, const Stage *before, Matrix *diff);
// " · no scale · T 2": the options of t that differ from other's (all when other is NULL).
void tui_explore_options_text(const Trace *t, const Trace *other, char *buf, size_t size);

#endif
