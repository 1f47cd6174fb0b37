// tui_explore.c — the stepper's explore mode without a terminal (see tui_explore.h):
// the undo stack, option stepping, changes and rebuilds, marks.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sample_edit.h"
#include "tui_explore.h"
#include "tui_text.h"

const double TUI_TEMPERATURES[5] = {0.25, 0.5, 1, 2, 4};
#define NTEMPS (sizeof TUI_TEMPERATURES / sizeof TUI_TEMPERATURES[0])

// ─── cell lists and the undo stack ────────────────────────────────────────────

static int cells_add(TuiCells *c, TuiInput m, size_t i, size_t j, double v)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 8;
        TuiCell *p = realloc(c->v, cap * sizeof *p);
        if (!p)
            return -1;
        c->v = p;
        c->cap = cap;
    }
    c->v[c->n++] = (TuiCell){m, i, j, v};
    return 0;
}

static void cells_free(TuiCells *c)
{
    free(c->v);
    *c = (TuiCells){0};
}

void tui_step_free(TuiStep *s) { cells_free(&s->cells); }

void tui_undo_push(TuiUndo *u, TuiStep *s)
{
    if (u->n == TUI_UNDO_MAX) { // drop the oldest
        tui_step_free(&u->step[0]);
        memmove(u->step, u->step + 1, (TUI_UNDO_MAX - 1) * sizeof u->step[0]);
        u->n--;
    }
    u->step[u->n++] = *s;
    s->cells = (TuiCells){0};
}

bool tui_undo_pop(TuiUndo *u, TuiStep *out)
{
    if (u->n == 0)
        return false;
    *out = u->step[--u->n];
    memset(&u->step[u->n], 0, sizeof u->step[0]);
    return true;
}

void tui_undo_clear(TuiUndo *u)
{
    TuiStep s;
    while (tui_undo_pop(u, &s))
        tui_step_free(&s);
}

// ─── stepping options, picking stages ─────────────────────────────────────────

double tui_temperature_step(double t, bool up)
{
    if (up) {
        for (size_t k = 0; k < NTEMPS; k++)
            if (TUI_TEMPERATURES[k] > t * (1 + 1e-9))
                return TUI_TEMPERATURES[k];
    } else {
        for (size_t k = NTEMPS; k-- > 0;)
            if (TUI_TEMPERATURES[k] < t * (1 - 1e-9))
                return TUI_TEMPERATURES[k];
    }
    return t;
}

size_t tui_dk_step(size_t dk, bool up)
{
    if (up)
        return dk >= TUI_DK_MAX ? dk : dk * 2 > TUI_DK_MAX ? TUI_DK_MAX : dk * 2;
    return dk <= TUI_DK_MIN ? dk : dk / 2 < TUI_DK_MIN ? TUI_DK_MIN : dk / 2;
}

size_t tui_stage_pick(const Trace *t, StageId want)
{
    size_t best = 0;
    for (size_t k = 0; k < t->count; k++) {
        if (t->stage[k].id == want)
            return k;
        if (t->stage[k].id < want)
            best = k;
    }
    return best;
}

// ─── the explore state ────────────────────────────────────────────────────────

int tui_explore_init(TuiExplore *x, const Inputs *in, const TraceOptions *opt, uint64_t seed,
                     AtError *e)
{
    memset(x, 0, sizeof *x);
    x->cur = &x->now;
    x->seed = seed;
    x->opt0 = *opt;
    x->cur->opt = *opt;
    if (inputs_copy(&x->cur->in, in, e) != 0)
        return -1;
    if (trace_build(&x->cur->in, opt, &x->trace, e) != 0) {
        inputs_free(&x->cur->in);
        return -1;
    }
    x->dk0 = x->trace.d_k;
    return 0;
}

static void clear_marks(TuiExplore *x)
{
    for (size_t k = 0; k < TRACE_MAX_STAGES; k++) {
        free(x->mark[k]);
        x->mark[k] = NULL;
        x->marked[k] = 0;
    }
}

static void free_names(char **names, size_t n)
{
    for (size_t k = 0; names && k < n; k++)
        free(names[k]);
    free(names);
}

static void drop_prev(TuiExplore *x)
{
    if (!x->has_prev)
        return;
    trace_free(&x->prev_trace);
    for (int w = 0; w < 3; w++) {
        free_names(x->prev_wcols[w], x->prev_wcols_n[w]);
        x->prev_wcols[w] = NULL;
        x->prev_wcols_n[w] = 0;
    }
    x->has_prev = false;
}

void tui_explore_free(TuiExplore *x)
{
    clear_marks(x);
    drop_prev(x);
    trace_free(&x->trace);
    if (x->cur)
        inputs_free(&x->cur->in);
    cells_free(&x->wlog);
    tui_undo_clear(&x->undo);
    memset(x, 0, sizeof *x);
}

const Stage *tui_explore_before(const TuiExplore *x, const Stage *after)
{
    if (!x->has_prev || x->prev_trace.count == 0)
        return NULL;
    const Stage *same = trace_find(&x->prev_trace, after->name); // scores.h2 ↔ scores.h2
    return same ? same : &x->prev_trace.stage[tui_stage_pick(&x->prev_trace, after->id)];
}

bool tui_explore_cell_changed(double a, double b)
{
    if (isinf(a) || isinf(b))
        return isinf(a) != isinf(b);
    return fabs(a - b) > TUI_CHANGE_EPS;
}

int tui_explore_diff(const Stage *after, const Stage *before, Matrix *diff)
{
    if (!before || after->m.rows != before->m.rows || after->m.cols != before->m.cols)
        return -1;
    if (mat_init(diff, after->m.rows, after->m.cols) != 0)
        return -1;
    for (size_t c = 0; c < after->m.rows * after->m.cols; c++) {
        double a = after->m.v[c], b = before->m.v[c];
        diff->v[c] = isinf(a) || isinf(b) ? -INFINITY : a - b;
    }
    return 0;
}

// Mark the cells of every stage that differ from the previous trace (a stage the
// previous trace did not have is compared with the nearest earlier one: masked with
// scaled; a stage whose shape changed is marked whole).
static void compute_marks(TuiExplore *x)
{
    clear_marks(x);
    if (!x->has_prev)
        return;
    for (size_t k = 0; k < x->trace.count; k++) {
        const Stage *a = &x->trace.stage[k], *b = tui_explore_before(x, a);
        size_t cells = a->m.rows * a->m.cols;
        unsigned char *m = calloc(cells ? cells : 1, 1);
        if (!m)
            continue; // no marks is better than no stepper
        bool same = b && b->m.rows == a->m.rows && b->m.cols == a->m.cols;
        size_t count = 0;
        for (size_t c = 0; c < cells; c++) {
            m[c] = !same || tui_explore_cell_changed(a->m.v[c], b->m.v[c]);
            count += m[c];
        }
        x->mark[k] = m;
        x->marked[k] = count;
    }
}

// The new trace t is shown; the old one becomes prev (the one before it is freed).
static void commit(TuiExplore *x, Trace *t, const char *what)
{
    drop_prev(x);
    x->prev_trace = x->trace;
    x->has_prev = true;
    x->trace = *t;
    x->trace.in = &x->cur->in; // t may have been built from a stand-in with new weights
    snprintf(x->last_what, sizeof x->last_what, "%s", what);
    compute_marks(x);
}

static void set_label(TuiStep *s, const TuiLabel *l)
{
    if (l)
        s->label = *l;
}

int tui_explore_options(TuiExplore *x, const TraceOptions *opt, const char *what,
                        const TuiLabel *l, AtError *e)
{
    Trace t;
    if (trace_build(&x->cur->in, opt, &t, e) != 0)
        return -1;
    TuiStep s = {.kind = TUI_STEP_OPTIONS, .opt = x->cur->opt, .edits = x->cur->edits};
    set_label(&s, l);
    x->cur->opt = *opt;
    tui_undo_push(&x->undo, &s);
    commit(x, &t, what);
    return 0;
}

static Matrix *input_matrix(Inputs *in, TuiInput m)
{
    return m == TUI_IN_X ? &in->X : m == TUI_IN_XSRC ? &in->X_src : &in->W[m - TUI_IN_WQ];
}

// Every cell of c gets its value, and c keeps the values they had (so a second call
// puts them back).
static void swap_cells(Inputs *in, TuiCells *c)
{
    for (size_t k = 0; k < c->n; k++) {
        TuiCell *p = &c->v[k];
        Matrix *m = input_matrix(in, p->m);
        double was = mat_get(m, p->i, p->j);
        mat_set(m, p->i, p->j, p->v);
        p->v = was;
    }
}

// The cells an edit of number (i, j) of input stage id changes, each with the new value.
static int edit_cells(const Inputs *in, StageId id, size_t i, size_t j, double v, TuiCells *c)
{
    if (id == ST_EMBEDDINGS) {
        if (i >= in->X.rows || j >= in->X.cols)
            return 0;
        for (size_t k = 0; k < in->X.rows; k++)
            if (inputs_embedding_row(in, i, false, k) && cells_add(c, TUI_IN_X, k, j, v) != 0)
                return -1;
        for (size_t k = 0; k < in->X_src.rows; k++)
            if (inputs_embedding_row(in, i, true, k) && cells_add(c, TUI_IN_XSRC, k, j, v) != 0)
                return -1;
        return 0;
    }
    if (id < ST_WQ || id > ST_WV)
        return 0;
    const Matrix *w = &in->W[id - ST_WQ];
    if (i >= w->rows || j >= w->cols)
        return 0;
    return cells_add(c, (TuiInput)(TUI_IN_WQ + (id - ST_WQ)), i, j, v);
}

static bool is_weight(TuiInput m) { return m >= TUI_IN_WQ; }

int tui_explore_edit(TuiExplore *x, StageId id, size_t i, size_t j, double v, const char *what,
                     const TuiLabel *l, size_t *count, AtError *e)
{
    TuiStep s = {.kind = TUI_STEP_EDIT, .opt = x->cur->opt, .edits = x->cur->edits};
    set_label(&s, l);
    if (count)
        *count = 0;
    if (edit_cells(&x->cur->in, id, i, j, v, &s.cells) != 0) {
        tui_step_free(&s);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    if (s.cells.n == 0) {
        tui_step_free(&s);
        return at_fail(e, AT_EINPUT, _("no such number to edit"));
    }
    // A weight's edit is remembered for d_k's undo (weights generated again, then edited).
    bool w = is_weight(s.cells.v[0].m);
    if (w && cells_add(&x->wlog, s.cells.v[0].m, i, j, v) != 0) {
        tui_step_free(&s);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    swap_cells(&x->cur->in, &s.cells); // now in place; s.cells holds the values before
    Trace t;
    if (trace_build(&x->cur->in, &x->cur->opt, &t, e) != 0) {
        swap_cells(&x->cur->in, &s.cells);
        if (w)
            x->wlog.n--;
        tui_step_free(&s);
        return -1;
    }
    if (count)
        *count = s.cells.n;
    x->cur->edits++;
    tui_undo_push(&x->undo, &s);
    commit(x, &t, what);
    return 0;
}

// A stand-in for x->cur->in with W_Q, W_K, W_V generated dk wide from the seed and then the
// edits in log applied: everything else is borrowed from x->cur->in (never free it whole;
// adopt_weights or drop_weights).
static int weights_at(const TuiExplore *x, size_t dk, const TuiCells *log, Inputs *out,
                      AtError *e)
{
    *out = x->cur->in;
    for (int w = 0; w < 3; w++) {
        out->W[w] = (Matrix){0, 0, NULL};
        out->wcols[w] = NULL;
        out->source[w + 1] = NULL;
    }
    if (inputs_generate_weights(out, dk, x->seed, e) != 0)
        return -1;
    for (size_t k = 0; log && k < log->n; k++) {
        const TuiCell *c = &log->v[k];
        Matrix *m = input_matrix(out, c->m);
        if (is_weight(c->m) && c->i < m->rows && c->j < m->cols)
            mat_set(m, c->i, c->j, c->v);
    }
    return 0;
}

static void drop_weights(Inputs *in)
{
    for (int w = 0; w < 3; w++) {
        free_names(in->wcols[w], in->W[w].cols);
        mat_free(&in->W[w]);
        free(in->source[w + 1]);
    }
}

// x->cur->in takes the stand-in's weights; its own column names stay alive as long as the
// previous trace, which shows them (call after commit has made that trace prev).
static void adopt_weights(TuiExplore *x, Inputs *stand_in)
{
    for (int w = 0; w < 3; w++) {
        x->prev_wcols[w] = x->cur->in.wcols[w];
        x->prev_wcols_n[w] = x->cur->in.W[w].cols;
        mat_free(&x->cur->in.W[w]);
        free(x->cur->in.source[w + 1]);
        x->cur->in.W[w] = stand_in->W[w];
        x->cur->in.wcols[w] = stand_in->wcols[w];
        x->cur->in.source[w + 1] = stand_in->source[w + 1];
        x->cur->in.w_generated[w] = true;
    }
}

int tui_explore_dk(TuiExplore *x, size_t dk, const char *what, const TuiLabel *l, AtError *e)
{
    Inputs stand_in;
    if (weights_at(x, dk, NULL, &stand_in, e) != 0)
        return -1;
    Trace t;
    if (trace_build(&stand_in, &x->cur->opt, &t, e) != 0) {
        drop_weights(&stand_in);
        return -1;
    }
    TuiStep s = {.kind = TUI_STEP_DK, .opt = x->cur->opt, .edits = x->cur->edits,
                 .dk = x->cur->in.W[W_K_IDX].cols, .cells = x->wlog};
    set_label(&s, l);
    x->wlog = (TuiCells){0}; // no edits yet of the new weights
    tui_undo_push(&x->undo, &s);
    commit(x, &t, what);
    adopt_weights(x, &stand_in);
    return 0;
}

int tui_explore_undo(TuiExplore *x, TuiLabel *undone, AtError *e)
{
    TuiStep s;
    if (!tui_undo_pop(&x->undo, &s))
        return 1;
    Trace t;
    Inputs stand_in;
    int rc = 0;
    switch (s.kind) {
    case TUI_STEP_OPTIONS:
        rc = trace_build(&x->cur->in, &s.opt, &t, e);
        break;
    case TUI_STEP_EDIT:
        swap_cells(&x->cur->in, &s.cells); // the values before; s.cells the edited ones
        rc = trace_build(&x->cur->in, &s.opt, &t, e);
        if (rc != 0)
            swap_cells(&x->cur->in, &s.cells);
        break;
    case TUI_STEP_DK:
        rc = weights_at(x, s.dk, &s.cells, &stand_in, e);
        if (rc == 0 && (rc = trace_build(&stand_in, &s.opt, &t, e)) != 0)
            drop_weights(&stand_in);
        break;
    }
    if (rc != 0) {
        tui_undo_push(&x->undo, &s);
        return -1;
    }
    char what[TUI_WHAT_MAX];
    if (snprintf(what, sizeof what, _("undo: %s back to %s (was %s)"), s.label.name,
                 s.label.before, s.label.after) >= (int)sizeof what)
        tui_text_trim_cut(what);
    commit(x, &t, what);
    if (s.kind == TUI_STEP_DK) {
        adopt_weights(x, &stand_in);
        cells_free(&x->wlog);
        x->wlog = s.cells; // the weight edits of those weights
        s.cells = (TuiCells){0};
    } else if (s.kind == TUI_STEP_EDIT && is_weight(s.cells.v[0].m)) {
        // No longer an edit of the weights. It is the last one logged: undo goes in
        // reverse order, and a d_k change's undo gave back the log of its time.
        const TuiCell *c = &s.cells.v[0];
        const TuiCell *last = x->wlog.n ? &x->wlog.v[x->wlog.n - 1] : NULL;
        if (last && last->m == c->m && last->i == c->i && last->j == c->j)
            x->wlog.n--;
    }
    x->cur->opt = s.opt;
    x->cur->edits = s.edits;
    if (undone)
        *undone = s.label;
    tui_step_free(&s);
    return 0;
}

bool tui_explore_marked(const TuiExplore *x, const Stage *s, size_t i, size_t j)
{
    if (s < x->trace.stage || s >= x->trace.stage + x->trace.count)
        return false;
    const unsigned char *m = x->mark[s - x->trace.stage];
    return m && i < s->m.rows && j < s->m.cols && m[i * s->m.cols + j];
}

size_t tui_explore_marked_count(const TuiExplore *x, const Stage *s)
{
    if (s < x->trace.stage || s >= x->trace.stage + x->trace.count)
        return 0;
    return x->marked[s - x->trace.stage];
}

void tui_explore_unmark(TuiExplore *x, size_t k)
{
    if (k >= TRACE_MAX_STAGES)
        return;
    free(x->mark[k]);
    x->mark[k] = NULL;
    x->marked[k] = 0;
}

void tui_explore_hot(const TuiExplore *x, bool hot[4])
{
    const TraceOptions *o = &x->trace.opt;
    hot[0] = x->trace.d_k != x->dk0;
    hot[1] = o->scale != x->opt0.scale;
    hot[2] = o->temperature != x->opt0.temperature;
    hot[3] = o->mask != x->opt0.mask;
}

void tui_explore_options_text(const Trace *t, const Trace *other, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
#define SEG(cond, ...)                                                                         \
    if ((cond) && n < size)                                                                    \
        n += (size_t)snprintf(buf + n, size - n, __VA_ARGS__);
    SEG(!other || t->opt.scale != other->opt.scale, " · %s",
        t->opt.scale ? _("scale ÷√d_k") : _("no scale"))
    SEG(!other || t->opt.temperature != other->opt.temperature, " · T %g", t->opt.temperature)
    SEG(!other || t->opt.mask != other->opt.mask, " · %s",
        t->opt.mask == MASK_CAUSAL ? _("mask causal") : _("mask none"))
    SEG(!other || t->d_k != other->d_k, " · d_k %zu", t->d_k)
#undef SEG
}
