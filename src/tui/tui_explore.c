// tui_explore.c — the stepper's explore mode without a terminal (see tui_explore.h):
// snapshots, the undo stack, option stepping, rebuilds, marks, and the requests.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "lines.h"
#include "sample_edit.h"
#include "sample_write.h"
#include "svg.h"
#include "tui_explore.h"

const double TUI_TEMPERATURES[5] = {0.25, 0.5, 1, 2, 4};
#define NTEMPS (sizeof TUI_TEMPERATURES / sizeof TUI_TEMPERATURES[0])

// ─── snapshots and the undo stack ─────────────────────────────────────────────

TuiSnap *tui_snap_new(const Inputs *in, const TraceOptions *opt, int edits, AtError *e)
{
    TuiSnap *s = calloc(1, sizeof *s);
    if (!s) {
        at_fail(e, AT_ERUNTIME, "out of memory");
        return NULL;
    }
    if (inputs_copy(&s->in, in, e) != 0) {
        free(s);
        return NULL;
    }
    s->opt = *opt;
    s->edits = edits;
    return s;
}

void tui_snap_free(TuiSnap *s)
{
    if (!s)
        return;
    inputs_free(&s->in);
    free(s);
}

void tui_undo_push(TuiUndo *u, TuiSnap *s, const char *what)
{
    if (u->n == TUI_UNDO_MAX) { // drop the oldest
        tui_snap_free(u->snap[0]);
        memmove(u->snap, u->snap + 1, (TUI_UNDO_MAX - 1) * sizeof u->snap[0]);
        memmove(u->what, u->what + 1, (TUI_UNDO_MAX - 1) * sizeof u->what[0]);
        u->n--;
    }
    u->snap[u->n] = s;
    snprintf(u->what[u->n], sizeof u->what[0], "%s", what ? what : "");
    u->n++;
}

TuiSnap *tui_undo_pop(TuiUndo *u, char *what, size_t size)
{
    if (u->n == 0)
        return NULL;
    u->n--;
    if (what && size)
        snprintf(what, size, "%s", u->what[u->n]);
    TuiSnap *s = u->snap[u->n];
    u->snap[u->n] = NULL;
    return s;
}

void tui_undo_clear(TuiUndo *u)
{
    while (u->n)
        tui_snap_free(tui_undo_pop(u, NULL, 0));
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
    x->seed = seed;
    x->opt0 = *opt;
    if (!(x->cur = tui_snap_new(in, opt, 0, e)))
        return -1;
    if (trace_build(&x->cur->in, opt, &x->trace, e) != 0) {
        tui_snap_free(x->cur);
        x->cur = NULL;
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

static void drop_prev(TuiExplore *x)
{
    if (!x->prev)
        return;
    trace_free(&x->prev_trace);
    tui_snap_free(x->prev);
    x->prev = NULL;
}

void tui_explore_free(TuiExplore *x)
{
    clear_marks(x);
    drop_prev(x);
    if (x->cur) {
        trace_free(&x->trace);
        tui_snap_free(x->cur);
    }
    tui_undo_clear(&x->undo);
    memset(x, 0, sizeof *x);
}

const Stage *tui_explore_before(const TuiExplore *x, const Stage *after)
{
    if (!x->prev || x->prev_trace.count == 0)
        return NULL;
    const Stage *same = trace_find(&x->prev_trace, after->name); // scores.h2 ↔ scores.h2
    return same ? same : &x->prev_trace.stage[tui_stage_pick(&x->prev_trace, after->id)];
}

static bool cell_changed(double a, double b)
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
    if (!x->prev)
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
            m[c] = !same || cell_changed(a->m.v[c], b->m.v[c]);
            count += m[c];
        }
        x->mark[k] = m;
        x->marked[k] = count;
    }
}

int tui_explore_change(TuiExplore *x, TuiSnap *next, const char *what, AtError *e)
{
    Trace t;
    if (trace_build(&next->in, &next->opt, &t, e) != 0) {
        tui_snap_free(next);
        return -1;
    }
    TuiSnap *copy = tui_snap_new(&x->cur->in, &x->cur->opt, x->cur->edits, e);
    if (!copy) {
        trace_free(&t);
        tui_snap_free(next);
        return -1;
    }
    tui_undo_push(&x->undo, copy, what);
    drop_prev(x);
    x->prev = x->cur;
    x->prev_trace = x->trace;
    x->cur = next;
    x->trace = t;
    snprintf(x->last_what, sizeof x->last_what, "%s", what);
    compute_marks(x);
    return 0;
}

int tui_explore_undo(TuiExplore *x, char *what, size_t size, AtError *e)
{
    char w[TUI_WHAT_MAX];
    TuiSnap *s = tui_undo_pop(&x->undo, w, sizeof w);
    if (!s)
        return 1;
    Trace t;
    if (trace_build(&s->in, &s->opt, &t, e) != 0) {
        tui_undo_push(&x->undo, s, w);
        return -1;
    }
    drop_prev(x);
    x->prev = x->cur;
    x->prev_trace = x->trace;
    x->cur = s;
    x->trace = t;
    snprintf(x->last_what, sizeof x->last_what, "undo: %.180s", w);
    if (what)
        snprintf(what, size, "%s", w);
    compute_marks(x);
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
        t->opt.scale ? "scale ÷√d_k" : "no scale")
    SEG(!other || t->opt.temperature != other->opt.temperature, " · T %g", t->opt.temperature)
    SEG(!other || t->opt.mask != other->opt.mask, " · mask %s",
        t->opt.mask == MASK_CAUSAL ? "causal" : "none")
    SEG(!other || t->d_k != other->d_k, " · d_k %zu", t->d_k)
#undef SEG
}

// ─── requests ─────────────────────────────────────────────────────────────────

// After a rebuild: the stepper shows the new trace, on the same stage by name (or the
// nearest earlier one), with the cursor clamped and scroll offsets kept by name.
static void sync_state(TuiState *st, StageId id)
{
    TuiExplore *x = st->ex;
    size_t first_row[ST_COUNT] = {0}, first_col[ST_COUNT] = {0};
    for (size_t k = 0; k < st->t->count; k++) {
        first_row[st->t->stage[k].id] = st->info[k].first_row;
        first_col[st->t->stage[k].id] = st->info[k].first_col;
    }
    st->t = &x->trace;
    for (size_t k = 0; k < x->trace.count; k++) {
        const Stage *s = &x->trace.stage[k];
        tui_stage_measure(&x->trace, s, &st->info[k]);
        st->info[k].first_row = first_row[s->id] < s->m.rows ? first_row[s->id] : 0;
        st->info[k].first_col = first_col[s->id] < s->m.cols ? first_col[s->id] : 0;
    }
    tui_quiz_retarget(&st->quiz, &x->trace);
    // The same stage by name (scores.h2 stays scores.h2), else by kind, else the nearest.
    const Stage *old = x->prev && st->k < x->prev_trace.count ? &x->prev_trace.stage[st->k] : NULL;
    const Stage *same = old ? trace_find(&x->trace, old->name) : NULL;
    st->k = same ? (size_t)(same - x->trace.stage) : tui_stage_pick(&x->trace, id);
    const Matrix *m = &x->trace.stage[st->k].m;
    if (st->ci >= m->rows)
        st->ci = m->rows - 1;
    if (st->cj >= m->cols)
        st->cj = m->cols - 1;
}

// What the change did to the stage on screen: "; weights[cat][sat] 0.6682 → 0.8802"
// when the cursor's cell changed, else how many cells did, or that none did.
static void cursor_change(const TuiState *st, char *buf, size_t size)
{
    const TuiExplore *x = st->ex;
    const Stage *a = &x->trace.stage[st->k], *b = tui_explore_before(x, a);
    size_t n = tui_explore_marked_count(x, a);
    buf[0] = '\0';
    if (!b || b->m.rows != a->m.rows || b->m.cols != a->m.cols) {
        snprintf(buf, size, "; %s is now %zu×%zu", a->name, a->m.rows, a->m.cols);
        return;
    }
    double v0 = mat_get(&b->m, st->ci, st->cj), v1 = mat_get(&a->m, st->ci, st->cj);
    char s0[32], s1[32];
    if (cell_changed(v1, v0))
        snprintf(buf, size, "; %s[%s][%s] %s → %s", a->name, a->row_labels[st->ci],
                 a->col_labels[st->cj], fmt_num(s0, sizeof s0, v0), fmt_num(s1, sizeof s1, v1));
    else if (n)
        snprintf(buf, size, "; %zu cell%s of %s changed (underlined)", n, n == 1 ? "" : "s",
                 a->name);
    else
        snprintf(buf, size, "; %s did not change", a->name);
}

static void changed(TuiState *st, StageId id, const char *what)
{
    sync_state(st, id);
    char cell[256];
    cursor_change(st, cell, sizeof cell);
    tui_set_status(st, false, "%s%s — x compares, u undoes", what, cell);
}

static void apply_options(TuiState *st, const TraceOptions *opt, const char *what)
{
    TuiExplore *x = st->ex;
    StageId id = st->t->stage[st->k].id;
    AtError e = {0};
    TuiSnap *next = tui_snap_new(&x->cur->in, opt, x->cur->edits, &e);
    if (!next || tui_explore_change(x, next, what, &e) != 0) {
        tui_set_status(st, true, "%s: %s (nothing changed)", what, e.msg);
        return;
    }
    changed(st, id, what);
}

static void step_dk(TuiState *st, bool up)
{
    TuiExplore *x = st->ex;
    const Inputs *in = &x->cur->in;
    static const char *const wname[3] = {"W_Q", "W_K", "W_V"};
    for (int w = 0; w < 3; w++)
        if (!in->w_generated[w]) {
            tui_set_status(st, true, "d/D change d_k only when the weights are generated; %s came from %s",
                   wname[w], in->source[w + 1] ? in->source[w + 1] : "a file");
            return;
        }
    size_t dk = x->trace.d_k, next_dk = tui_dk_step(dk, up);
    if (next_dk == dk) {
        tui_set_status(st, false, "d_k is already %zu (d and D step it from %d to %d)", dk, TUI_DK_MIN,
               TUI_DK_MAX);
        return;
    }
    StageId id = st->t->stage[st->k].id;
    AtError e = {0};
    char what[TUI_WHAT_MAX];
    snprintf(what, sizeof what, "d_k %zu → %zu (W_Q, W_K, W_V generated again, seed %llu)", dk,
             next_dk, (unsigned long long)x->seed);
    TuiSnap *next = tui_snap_new(in, &x->cur->opt, x->cur->edits, &e);
    if (!next) {
        tui_set_status(st, true, "%s", e.msg);
        return;
    }
    if (inputs_generate_weights(&next->in, next_dk, x->seed, &e) != 0) {
        tui_snap_free(next);
        tui_set_status(st, true, "d_k %zu: %s", next_dk, e.msg);
        return;
    }
    if (tui_explore_change(x, next, what, &e) != 0) {
        tui_set_status(st, true, "d_k %zu: %s (nothing changed)", next_dk, e.msg);
        return;
    }
    changed(st, id, what);
}

static bool editable(StageId id) { return id == ST_EMBEDDINGS || (id >= ST_WQ && id <= ST_WV); }

static void start_edit(TuiState *st)
{
    TuiExplore *x = st->ex;
    const Stage *s = &st->t->stage[st->k];
    if (!editable(s->id)) {
        tui_set_status(st, true, "= edits the inputs: go to embeddings (1) or W_Q, W_K, W_V (2-4); "
                         "the later stages are computed from them");
        return;
    }
    x->editing = true;
    x->edit_id = s->id;
    x->edit_i = st->ci;
    x->edit_j = st->cj;
    char buf[CSVIO_NUMBER_MAX];
    csvio_format_number(buf, mat_get(&s->m, st->ci, st->cj));
    tui_field_clear(&x->field);
    for (const char *c = buf; *c; c++)
        tui_field_insert(&x->field, (unsigned char)*c);
    st->status[0] = '\0';
}

void tui_explore_edit_accept(TuiState *st)
{
    TuiExplore *x = st->ex;
    x->editing = false;
    double v;
    const char *why = NULL;
    if (csvio_parse_number(x->field.text, 0, &v, &why) != 0) {
        char shown[96];
        at_escape(shown, sizeof shown, x->field.text);
        tui_set_status(st, true, "\"%s\": %s — nothing changed", shown, why);
        return;
    }
    const Inputs *in = &x->cur->in;
    const Stage *s = trace_find_id(&x->trace, x->edit_id);
    size_t i = x->edit_i, j = x->edit_j;
    if (!s || i >= s->m.rows || j >= s->m.cols)
        return;
    double old = mat_get(&s->m, i, j);
    if (old == v) {
        tui_set_status(st, false, "%s[%s][%s] is already %s", s->name, s->row_labels[i],
               s->col_labels[j], x->field.text);
        return;
    }
    AtError e = {0};
    TuiSnap *next = tui_snap_new(in, &x->cur->opt, x->cur->edits + 1, &e);
    if (!next) {
        tui_set_status(st, true, "%s", e.msg);
        return;
    }
    char what[TUI_WHAT_MAX], v0[32], v1[32];
    fmt_num(v0, sizeof v0, old);
    fmt_num(v1, sizeof v1, v);
    if (x->edit_id == ST_EMBEDDINGS) {
        size_t rows = inputs_set_embedding(&next->in, i, j, v);
        if (rows > 1)
            snprintf(what, sizeof what, "X[%s][%s] %s → %s (all %zu occurrences of \"%s\")",
                     s->row_labels[i], s->col_labels[j], v0, v1, rows, s->row_labels[i]);
        else
            snprintf(what, sizeof what, "X[%s][%s] %s → %s", s->row_labels[i], s->col_labels[j],
                     v0, v1);
    } else {
        int w = (int)(x->edit_id - ST_WQ);
        mat_set(&next->in.W[w], i, j, v);
        snprintf(what, sizeof what, "%s[%s][%s] %s → %s", s->name, s->row_labels[i],
                 s->col_labels[j], v0, v1);
    }
    StageId id = st->t->stage[st->k].id;
    if (tui_explore_change(x, next, what, &e) != 0) {
        tui_set_status(st, true, "%s: %s — kept the previous numbers", what, e.msg);
        return;
    }
    sync_state(st, id);
    tui_set_status(st, false, "%s: every later stage recomputed; changed cells are underlined — "
                      "u undoes", what);
}

static void undo(TuiState *st)
{
    TuiExplore *x = st->ex;
    StageId id = st->t->stage[st->k].id;
    char what[TUI_WHAT_MAX];
    AtError e = {0};
    int rc = tui_explore_undo(x, what, sizeof what, &e);
    if (rc == 1) {
        tui_set_status(st, false, "Nothing to undo.");
        return;
    }
    if (rc != 0) {
        tui_set_status(st, true, "undo: %s", e.msg);
        return;
    }
    sync_state(st, id);
    char cell[256];
    cursor_change(st, cell, sizeof cell);
    tui_set_status(st, false, "undid %s%s (%zu more to undo)", what, cell, x->undo.n);
}

static void toggle_compare(TuiState *st)
{
    TuiExplore *x = st->ex;
    if (x->compare) {
        x->compare = false;
        return;
    }
    if (!x->prev) {
        tui_set_status(st, false, "Nothing to compare yet: change something first (s m t T d D, or = on "
                          "an input), then x shows before, after and the difference.");
        return;
    }
    x->compare = true;
    tui_set_status(st, false, "compare: %s — x closes", x->last_what);
}

static void write_sample(TuiState *st)
{
    TuiExplore *x = st->ex;
    char dir[256];
    if (sample_write_free_name(SAMPLE_WRITE_DEFAULT_DIR, dir, sizeof dir) != 0) {
        tui_set_status(st, true, "%s … %s-99 all exist: move some away first", SAMPLE_WRITE_DEFAULT_DIR,
               SAMPLE_WRITE_DEFAULT_DIR);
        return;
    }
    char note[TUI_WHAT_MAX + 64];
    if (x->cur->edits)
        snprintf(note, sizeof note, "%d number%s edited", x->cur->edits,
                 x->cur->edits == 1 ? "" : "s");
    else
        snprintf(note, sizeof note, "no numbers edited");
    AtError e = {0};
    if (sample_write(&x->cur->in, &x->cur->opt, note, dir, &e) != 0) {
        tui_set_status(st, true, "writing the sample failed: %s", e.msg);
        return;
    }
    char flags[128];
    sample_write_flags(&x->cur->opt, flags, sizeof flags);
    tui_set_status(st, false, "wrote %s/: sentence.txt, embeddings.csv, W_Q/W_K/W_V.csv, README.md — "
                      "attntrace -s %s%s%s", dir, dir, flags[0] ? " " : "", flags);
}

static void write_slides(TuiState *st)
{
    const Trace *t = st->t;
    AtError e = {0};
    // Replaces earlier slides (an index.html as S writes it and the SVGs it shows) and
    // nothing else: a folder holding anything more is refused, on the status line.
    SvgOptions so = {.force = true};
    if (svg_export(t, TUI_SLIDES_DIR, &so, &e) != 0) {
        tui_set_status(st, true, "slides: %s", e.msg);
        return;
    }
    char first[64], last[64];
    svg_file_name(t, 0, first, sizeof first);
    svg_file_name(t, t->count - 1, last, sizeof last);
    tui_set_status(st, false, "wrote %s/: index.html and %zu SVG slides, %s … %s", TUI_SLIDES_DIR,
           t->count, first, last);
}

void tui_explore_request(TuiState *st, TuiRequest r)
{
    TuiExplore *x = st->ex;
    if (!x) {
        tui_set_status(st, false, "Explore keys need the stepper's own copy of the inputs.");
        return;
    }
    TraceOptions opt = x->cur->opt;
    char what[TUI_WHAT_MAX];
    switch (r) {
    case REQ_SCALE:
        opt.scale = !opt.scale;
        apply_options(st, &opt, opt.scale ? "scaling on (÷√d_k)" : "scaling off (no ÷√d_k)");
        break;
    case REQ_MASK:
        opt.mask = opt.mask == MASK_CAUSAL ? MASK_NONE : MASK_CAUSAL;
        apply_options(st, &opt, opt.mask == MASK_CAUSAL ? "causal mask on" : "causal mask off");
        break;
    case REQ_TEMP_DOWN:
    case REQ_TEMP_UP: {
        double t = tui_temperature_step(opt.temperature, r == REQ_TEMP_UP);
        if (t == opt.temperature) {
            tui_set_status(st, false, "T is already %g (t and T step through 0.25 0.5 1 2 4)", t);
            break;
        }
        snprintf(what, sizeof what, "temperature %g → %g", opt.temperature, t);
        opt.temperature = t;
        apply_options(st, &opt, what);
        break;
    }
    case REQ_DK_DOWN: step_dk(st, false); break;
    case REQ_DK_UP: step_dk(st, true); break;
    case REQ_COMPARE: toggle_compare(st); break;
    case REQ_EDIT: start_edit(st); break;
    case REQ_UNDO: undo(st); break;
    case REQ_WRITE_SAMPLE: write_sample(st); break;
    case REQ_SLIDES: write_slides(st); break;
    default: break;
    }
}

void tui_explore_stepped(TuiState *st, size_t from_k)
{
    if (!st->ex || from_k >= st->t->count || st->k == from_k)
        return;
    tui_explore_unmark(st->ex, from_k);
}
