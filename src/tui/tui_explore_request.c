// tui_explore_request.c — the explore keys on the stepper's state, with no terminal
// (see tui_explore_request.h): each asks the explore mode (tui_explore.h) for a change,
// then the state follows the rebuilt trace and the status line says what changed.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "i18n.h"
#include "sample_edit.h"
#include "sample_write.h"
#include "shuffle.h"
#include "svg.h"
#include "tui_explore_request.h"
#include "tui_text.h"

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
    const Stage *old = x->has_prev && st->k < x->prev_trace.count ? &x->prev_trace.stage[st->k] : NULL;
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
        snprintf(buf, size, _("; %s is now %zu×%zu"), a->name, a->m.rows, a->m.cols);
        return;
    }
    double v0 = mat_get(&b->m, st->ci, st->cj), v1 = mat_get(&a->m, st->ci, st->cj);
    char s0[32], s1[32];
    if (tui_explore_cell_changed(v1, v0))
        snprintf(buf, size, "; %s[%s][%s] %s → %s", a->name, a->row_labels[st->ci],
                 a->col_labels[st->cj], fmt_num(s0, sizeof s0, v0), fmt_num(s1, sizeof s1, v1));
    else if (n)
        snprintf(buf, size,
                 ngettext("; %zu cell of %s changed (underlined)",
                          "; %zu cells of %s changed (underlined)", n), n, a->name);
    else
        snprintf(buf, size, _("; %s did not change"), a->name);
}

static void changed(TuiState *st, StageId id, const char *what)
{
    sync_state(st, id);
    char cell[256];
    cursor_change(st, cell, sizeof cell);
    tui_set_status(st, false, _("%s%s — x compares, u undoes"), what, cell);
}

static void apply_options(TuiState *st, const TraceOptions *opt, const char *what,
                          const TuiLabel *l)
{
    TuiExplore *x = st->ex;
    StageId id = st->t->stage[st->k].id;
    AtError e = {0};
    if (tui_explore_options(x, opt, what, l, &e) != 0) {
        tui_set_status(st, true, _("%s: %s (nothing changed)"), what, e.msg);
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
            tui_set_status(st, true, _("d/D change d_k only when the weights are generated; %s came from %s"),
                   wname[w], in->source[w + 1] ? in->source[w + 1] : _("a file"));
            return;
        }
    size_t dk = x->trace.d_k, next_dk = tui_dk_step(dk, up);
    if (next_dk == dk) {
        tui_set_status(st, false, _("d_k is already %zu (d and D step it from %d to %d)"), dk, TUI_DK_MIN,
               TUI_DK_MAX);
        return;
    }
    StageId id = st->t->stage[st->k].id;
    AtError e = {0};
    char what[TUI_WHAT_MAX];
    snprintf(what, sizeof what, _("d_k %zu → %zu (W_Q, W_K, W_V generated again, seed %llu)"), dk,
             next_dk, (unsigned long long)x->seed);
    TuiLabel l = {"d_k", "", ""};
    snprintf(l.before, sizeof l.before, "%zu", dk);
    snprintf(l.after, sizeof l.after, "%zu", next_dk);
    if (tui_explore_dk(x, next_dk, what, &l, &e) != 0) {
        tui_set_status(st, true, _("d_k %zu: %s (nothing changed)"), next_dk, e.msg);
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
        tui_set_status(st, true, _("= edits the inputs: go to embeddings (1) or W_Q, W_K, W_V (2-4); "
                           "the later stages are computed from them"));
        return;
    }
    x->editing = true;
    x->edit_id = s->id;
    x->edit_i = st->ci;
    x->edit_j = st->cj;
    char buf[CSVIO_NUMBER_MAX];
    csvio_format_number(buf, mat_get(&s->m, st->ci, st->cj));
    tui_field_init(&x->field, TUI_EDIT_FIELD_MAX);
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
        tui_set_status(st, true, _("\"%s\": %s — nothing changed"), shown, why);
        return;
    }
    const Stage *s = trace_find_id(&x->trace, x->edit_id);
    size_t i = x->edit_i, j = x->edit_j;
    if (!s || i >= s->m.rows || j >= s->m.cols)
        return;
    double old = mat_get(&s->m, i, j);
    if (old == v) {
        tui_set_status(st, false, _("%s[%s][%s] is already %s"), s->name, s->row_labels[i],
               s->col_labels[j], x->field.text);
        return;
    }
    char what[TUI_WHAT_MAX];
    TuiLabel l;
    const char *mname = x->edit_id == ST_EMBEDDINGS ? "X" : s->name;
    if (snprintf(l.name, sizeof l.name, "%s[%s][%s]", mname, s->row_labels[i],
                 s->col_labels[j]) >= (int)sizeof l.name)
        tui_text_trim_cut(l.name);
    fmt_num(l.before, sizeof l.before, old);
    fmt_num(l.after, sizeof l.after, v);
    size_t rows = x->edit_id == ST_EMBEDDINGS ? inputs_token_count(&x->cur->in, i) : 1;
    int n = rows > 1 ? snprintf(what, sizeof what, _("%s %s → %s (all %zu occurrences of \"%s\")"),
                                l.name, l.before, l.after, rows, s->row_labels[i])
                     : snprintf(what, sizeof what, "%s %s → %s", l.name, l.before, l.after);
    if (n >= (int)sizeof what) // cut: never in the middle of a character
        tui_text_trim_cut(what);
    StageId id = st->t->stage[st->k].id;
    AtError e = {0};
    if (tui_explore_edit(x, x->edit_id, i, j, v, what, &l, NULL, &e) != 0) {
        tui_set_status(st, true, _("%s: %s — kept the previous numbers"), what, e.msg);
        return;
    }
    sync_state(st, id);
    tui_set_status(st, false, _("%s: every later stage recomputed; changed cells are underlined — "
                        "u undoes"), what);
}

static void undo(TuiState *st)
{
    TuiExplore *x = st->ex;
    StageId id = st->t->stage[st->k].id;
    TuiLabel l;
    AtError e = {0};
    int rc = tui_explore_undo(x, &l, &e);
    if (rc == 1) {
        tui_set_status(st, false, _("Nothing to undo."));
        return;
    }
    if (rc != 0) {
        tui_set_status(st, true, _("undo: %s"), e.msg);
        return;
    }
    sync_state(st, id);
    char cell[256];
    cursor_change(st, cell, sizeof cell);
    tui_set_status(st, false, _("undid %s: back to %s (was %s)%s (%zu more to undo)"), l.name,
                   l.before, l.after, cell, x->undo.n);
}

static void toggle_compare(TuiState *st)
{
    TuiExplore *x = st->ex;
    if (x->compare) {
        x->compare = false;
        return;
    }
    if (!x->has_prev) {
        tui_set_status(st, false, _("Nothing to compare yet: change something first (s m t T d D, or = on "
                            "an input), then x shows before, after and the difference."));
        return;
    }
    x->compare = true;
    tui_set_status(st, false, _("compare: %s — x closes"), x->last_what);
}

static void write_sample(TuiState *st)
{
    TuiExplore *x = st->ex;
    char dir[256];
    if (sample_write_free_name(SAMPLE_WRITE_DEFAULT_DIR, dir, sizeof dir) != 0) {
        tui_set_status(st, true, _("%s … %s-99 all exist: move some away first"), SAMPLE_WRITE_DEFAULT_DIR,
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
        tui_set_status(st, true, _("writing the sample failed: %s"), e.msg);
        return;
    }
    char flags[128];
    sample_write_flags(&x->cur->opt, flags, sizeof flags);
    tui_set_status(st, false, _("wrote %s/: sentence.txt, embeddings.csv, W_Q/W_K/W_V.csv, README.md — "
                        "attntrace -s %s%s%s"), dir, dir, flags[0] ? " " : "", flags);
}

static void write_slides(TuiState *st)
{
    const Trace *t = st->t;
    AtError e = {0};
    // Replaces earlier slides (an index.html as S writes it and the SVGs it shows) and
    // nothing else: a folder holding anything more is refused, on the status line.
    SvgOptions so = {.force = true, .palette = st->palette}; // the palette on the screen
    if (svg_export(t, TUI_SLIDES_DIR, &so, &e) != 0) {
        tui_set_status(st, true, _("slides: %s"), e.msg);
        return;
    }
    char first[64], last[64];
    svg_file_name(t, 0, first, sizeof first);
    svg_file_name(t, t->count - 1, last, sizeof last);
    tui_set_status(st, false, _("wrote %s/: index.html and %zu SVG slides, %s … %s"), TUI_SLIDES_DIR,
           t->count, first, last);
}

// o: the sentence's words reordered by the stepper's seed's permutation (the first of
// seed, seed+1, … that moves a word), then the weights before and after side by side.
static void reorder(TuiState *st)
{
    TuiExplore *x = st->ex;
    size_t n = x->cur->in.tokens.n;
    if (n < 2) {
        tui_set_status(st, false, _("One word: there is no other order to try."));
        return;
    }
    size_t *perm = malloc(n * sizeof *perm);
    if (!perm) {
        tui_set_status(st, true, _("o: out of memory (nothing changed)"));
        return;
    }
    bool moved = false;
    for (uint64_t k = 0; !moved; k++) {
        shuffle_permutation(x->seed + k, n, perm);
        for (size_t i = 0; i < n && !moved; i++)
            moved = perm[i] != i;
    }
    char order[128], what[TUI_WHAT_MAX];
    shuffle_describe(perm, n, order, sizeof order);
    snprintf(what, sizeof what, _("words reordered (order %s)"), order);
    TuiLabel l = {"word order", "as before", ""};
    shuffle_describe(perm, n, l.after, sizeof l.after);
    StageId id = st->t->stage[st->k].id;
    AtError e = {0};
    int rc = tui_explore_order(x, perm, what, &l, &e);
    free(perm);
    if (rc != 0) {
        tui_set_status(st, true, _("%s: %s (nothing changed)"), what, e.msg);
        return;
    }
    sync_state(st, id);
    st->k = tui_stage_pick(&x->trace, ST_WEIGHTS); // the weights (head 1's), compared
    x->compare = true;
    size_t rows, same = tui_explore_order_matches(x, &x->trace.stage[st->k], &rows);
    bool pos = x->trace.opt.pos != POS_NONE || x->trace.opt.rope;
    tui_set_status(st, false, _("%s: %s, %zu of %zu rows of %s are old rows moved "
                   "(underlined); u undoes"), what, pos ? _("with positions") : _("no positions"),
                   same, rows, x->trace.stage[st->k].name);
}

void tui_explore_request(TuiState *st, TuiRequest r)
{
    TuiExplore *x = st->ex;
    if (!x) {
        tui_set_status(st, false, _("Explore keys need the stepper's own copy of the inputs."));
        return;
    }
    TraceOptions opt = x->cur->opt;
    char what[TUI_WHAT_MAX];
    TuiLabel l = {"", "", ""};
    switch (r) {
    case REQ_SCALE:
        opt.scale = !opt.scale;
        l = (TuiLabel){"scaling ÷√d_k", "", ""};
        snprintf(l.before, sizeof l.before, "%s", opt.scale ? "off" : "on");
        snprintf(l.after, sizeof l.after, "%s", opt.scale ? "on" : "off");
        apply_options(st, &opt, opt.scale ? _("scaling on (÷√d_k)") : _("scaling off (no ÷√d_k)"), &l);
        break;
    case REQ_MASK:
        opt.mask = opt.mask == MASK_CAUSAL ? MASK_NONE : MASK_CAUSAL;
        l = (TuiLabel){"mask", "", ""};
        snprintf(l.before, sizeof l.before, "%s", opt.mask == MASK_CAUSAL ? "none" : "causal");
        snprintf(l.after, sizeof l.after, "%s", opt.mask == MASK_CAUSAL ? "causal" : "none");
        apply_options(st, &opt, opt.mask == MASK_CAUSAL ? _("causal mask on") : _("causal mask off"),
                      &l);
        break;
    case REQ_TEMP_DOWN:
    case REQ_TEMP_UP: {
        double t = tui_temperature_step(opt.temperature, r == REQ_TEMP_UP);
        if (t == opt.temperature) {
            tui_set_status(st, false, _("T is already %g (t and T step through 0.25 0.5 1 2 4)"), t);
            break;
        }
        snprintf(what, sizeof what, _("temperature %g → %g"), opt.temperature, t);
        l = (TuiLabel){"temperature", "", ""};
        snprintf(l.before, sizeof l.before, "%g", opt.temperature);
        snprintf(l.after, sizeof l.after, "%g", t);
        opt.temperature = t;
        apply_options(st, &opt, what, &l);
        break;
    }
    case REQ_ROPE:
        opt.rope = !opt.rope;
        l = (TuiLabel){"RoPE", "", ""};
        snprintf(l.before, sizeof l.before, "%s", opt.rope ? "off" : "on");
        snprintf(l.after, sizeof l.after, "%s", opt.rope ? "on" : "off");
        apply_options(st, &opt, opt.rope ? _("RoPE on (Q and K turned by position)") : _("RoPE off"),
                      &l);
        break;
    case REQ_ORDER: reorder(st); break;
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
