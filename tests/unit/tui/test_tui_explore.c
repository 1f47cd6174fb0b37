// test_tui_explore.c — the stepper's explore mode without a terminal: option stepping
// (temperature, d_k), stage re-selection by name, the undo stack, deep copies and
// token-wide edits of the inputs, rebuilds with marks, a failed rebuild that keeps the
// previous trace, regenerated weights, requests on a TuiState, the undo messages of
// every kind of change, d_k's undo with edited weights, the memory the undo stack keeps
// (no copies of the inputs or traces), and a written sample that loads back to the same
// trace.
#include <malloc.h>
#include <math.h>
#include <sys/stat.h>

#include "testutil.h"
#include "tui_fixture.h"

#include "csvio.h"
#include "sample_edit.h"
#include "sample_write.h"
#include "tui_explore.h"
#include "tui_explore_request.h"

// ─── pure steps ───────────────────────────────────────────────────────────────

static void temperature_steps(void **state)
{
    (void)state;
    assert_true(tui_temperature_step(1, true) == 2);
    assert_true(tui_temperature_step(2, true) == 4);
    assert_true(tui_temperature_step(4, true) == 4); // the top stays
    assert_true(tui_temperature_step(1, false) == 0.5);
    assert_true(tui_temperature_step(0.5, false) == 0.25);
    assert_true(tui_temperature_step(0.25, false) == 0.25); // the bottom stays
    // From a temperature between the steps (--temperature 3): the next one each way.
    assert_true(tui_temperature_step(3, true) == 4);
    assert_true(tui_temperature_step(3, false) == 2);
    assert_true(tui_temperature_step(0.1, true) == 0.25);
    assert_true(tui_temperature_step(10, false) == 4);
    assert_true(tui_temperature_step(10, true) == 10);
}

static void dk_steps(void **state)
{
    (void)state;
    assert_int_equal(tui_dk_step(8, true), 16);
    assert_int_equal(tui_dk_step(32, true), 64);
    assert_int_equal(tui_dk_step(64, true), 64); // the top stays
    assert_int_equal(tui_dk_step(48, true), 64); // capped
    assert_int_equal(tui_dk_step(8, false), 4);
    assert_int_equal(tui_dk_step(5, false), 2);
    assert_int_equal(tui_dk_step(1, false), 1); // the bottom stays
    assert_int_equal(tui_dk_step(1, true), 2);
}

static void stage_pick_by_name(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "a b c", 4), 0);
    TraceOptions mo = f.t.opt;
    mo.mask = MASK_CAUSAL;
    Trace masked;
    AtError e;
    assert_int_equal(trace_build(&f.in, &mo, &masked, &e), 0);
    // Present in both: the same name, wherever it is.
    assert_string_equal(f.t.stage[tui_stage_pick(&f.t, ST_WEIGHTS)].name, "weights");
    assert_string_equal(masked.stage[tui_stage_pick(&masked, ST_WEIGHTS)].name, "weights");
    assert_int_equal(tui_stage_pick(&masked, ST_WEIGHTS), tui_stage_pick(&f.t, ST_WEIGHTS) + 1);
    assert_string_equal(masked.stage[tui_stage_pick(&masked, ST_MASKED)].name, "masked");
    // masked without a mask: the nearest earlier stage, scaled.
    assert_string_equal(f.t.stage[tui_stage_pick(&f.t, ST_MASKED)].name, "scaled");
    assert_int_equal(tui_stage_pick(&f.t, ST_EMBEDDINGS), 0);
    trace_free(&masked);
    tui_fixture_close(&f);
}

// ─── the undo stack ───────────────────────────────────────────────────────────

static void undo_stack_drops_the_oldest(void **state)
{
    (void)state;
    TuiUndo u = {0};
    TuiStep s;
    assert_false(tui_undo_pop(&u, &s));
    for (int k = 0; k < TUI_UNDO_MAX + 5; k++) {
        TuiStep p = {.kind = TUI_STEP_EDIT, .edits = k};
        p.opt.temperature = k + 1; // tells the steps apart
        snprintf(p.label.name, sizeof p.label.name, "change %d", k);
        p.cells.v = malloc(sizeof *p.cells.v); // freed with the step (valgrind checks)
        assert_non_null(p.cells.v);
        p.cells.v[0] = (TuiCell){TUI_IN_X, 0, 0, k};
        p.cells.n = p.cells.cap = 1;
        tui_undo_push(&u, &p);
        assert_null(p.cells.v); // taken
    }
    assert_int_equal(u.n, TUI_UNDO_MAX);
    assert_true(tui_undo_pop(&u, &s));
    assert_string_equal(s.label.name, "change 36"); // the newest first
    assert_int_equal(s.edits, TUI_UNDO_MAX + 4);
    assert_true(s.cells.v[0].v == TUI_UNDO_MAX + 4);
    tui_step_free(&s);
    // The bottom is the oldest kept: the first five were dropped.
    assert_int_equal(u.n, TUI_UNDO_MAX - 1);
    assert_string_equal(u.step[0].label.name, "change 5");
    assert_true(u.step[0].opt.temperature == 6);
    tui_undo_clear(&u);
    assert_int_equal(u.n, 0);
    assert_false(tui_undo_pop(&u, &s));
}

// ─── inputs: copies and edits ─────────────────────────────────────────────────

static void copy_is_deep_and_edit_changes_every_occurrence(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "the cat saw the dog", 4), 0);
    Inputs c;
    AtError e;
    assert_int_equal(inputs_copy(&c, &f.in, &e), 0);
    assert_int_equal(c.tokens.n, 5);
    assert_ptr_not_equal(c.X.v, f.in.X.v);
    assert_ptr_not_equal(c.tokens.tok[0], f.in.tokens.tok[0]);
    assert_string_equal(c.dims[1], f.in.dims[1]);
    assert_string_equal(c.wcols[2][0], f.in.wcols[2][0]);
    assert_memory_equal(c.W[1].v, f.in.W[1].v, c.W[1].rows * c.W[1].cols * sizeof(double));
    assert_int_equal(inputs_token_count(&c, 0), 2);
    assert_int_equal(inputs_token_count(&c, 1), 1);
    // "the" is rows 0 and 3: editing either changes both, and nothing else.
    assert_int_equal(inputs_set_embedding(&c, 3, 1, 7.5), 2);
    assert_true(mat_get(&c.X, 0, 1) == 7.5 && mat_get(&c.X, 3, 1) == 7.5);
    assert_true(mat_get(&c.X, 1, 1) == mat_get(&f.in.X, 1, 1));
    assert_true(mat_get(&f.in.X, 0, 1) != 7.5); // the original is untouched
    assert_int_equal(inputs_set_embedding(&c, 1, 0, -1), 1);
    assert_int_equal(inputs_set_embedding(&c, 9, 0, -1), 0); // out of range
    assert_int_equal(inputs_set_embedding(&c, 0, 9, -1), 0);
    inputs_free(&c);
    tui_fixture_close(&f);
}

static void generated_weights_match_a_fresh_load(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "a b c", 4), 0);
    Inputs c;
    AtError e;
    assert_int_equal(inputs_copy(&c, &f.in, &e), 0);
    assert_int_equal(inputs_generate_weights(&c, 16, 1, &e), 0);
    for (int w = 0; w < 3; w++) {
        assert_int_equal(c.W[w].rows, 4);
        assert_int_equal(c.W[w].cols, 16);
        assert_true(c.w_generated[w]);
    }
    assert_string_equal(c.wcols[0][15], "q16");
    // The same as loading with --dk 16 (deterministic from the seed).
    InputOptions o = {0};
    o.sample = f.dir;
    o.sentence = "a b c";
    o.seed = 1;
    o.dim = 4;
    o.dk = 16;
    Inputs fresh;
    assert_int_equal(inputs_load(&o, &fresh, &e), 0);
    for (int w = 0; w < 3; w++)
        assert_memory_equal(c.W[w].v, fresh.W[w].v, 4 * 16 * sizeof(double));
    // And back to 4: the original weights again.
    assert_int_equal(inputs_generate_weights(&c, 4, 1, &e), 0);
    assert_memory_equal(c.W[0].v, f.in.W[0].v, 4 * 4 * sizeof(double));
    assert_int_equal(inputs_generate_weights(&c, 0, 1, &e), -1);
    inputs_free(&fresh);
    inputs_free(&c);
    tui_fixture_close(&f);
}

// ─── changes, marks, undo ─────────────────────────────────────────────────────

static void change_marks_and_undo(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "a b c", 4), 0);
    TuiExplore x;
    AtError e;
    assert_int_equal(tui_explore_init(&x, &f.in, &f.t.opt, 1, &e), 0);
    assert_false(x.has_prev);
    const Stage *w0 = trace_find_id(&x.trace, ST_WEIGHTS);
    assert_false(tui_explore_marked(&x, w0, 0, 0));

    // Scaling off: scores unchanged, scaled and everything after it changed.
    TraceOptions o = x.cur->opt;
    o.scale = false;
    TuiLabel ls = {"scaling", "on", "off"};
    assert_int_equal(tui_explore_options(&x, &o, "off", &ls, &e), 0);
    assert_true(x.has_prev);
    assert_int_equal(x.undo.n, 1);
    assert_false(x.trace.opt.scale);
    assert_true(x.prev_trace.opt.scale);
    assert_int_equal(tui_explore_marked_count(&x, trace_find_id(&x.trace, ST_SCORES)), 0);
    assert_int_equal(tui_explore_marked_count(&x, trace_find_id(&x.trace, ST_SCALED)), 9);
    const Stage *sc = trace_find_id(&x.trace, ST_SCALED);
    assert_true(tui_explore_marked(&x, sc, 1, 2));
    // A stage of another trace is never marked.
    assert_false(tui_explore_marked(&x, trace_find_id(&x.prev_trace, ST_SCALED), 1, 2));
    tui_explore_unmark(&x, (size_t)(sc - x.trace.stage));
    assert_false(tui_explore_marked(&x, sc, 1, 2));

    // The difference: scaled × √d_k − scaled.
    Matrix d;
    const Stage *before = tui_explore_before(&x, sc);
    assert_string_equal(before->name, "scaled");
    assert_int_equal(tui_explore_diff(sc, before, &d), 0);
    assert_double_near(d.v[1], sc->m.v[1] - before->m.v[1], 1e-15);
    mat_free(&d);

    // Mask on: masked appears, compared with scaled before; masked cells differ.
    o.mask = MASK_CAUSAL;
    TuiLabel lm = {"mask", "none", "causal"};
    assert_int_equal(tui_explore_options(&x, &o, "mask", &lm, &e), 0);
    const Stage *m = trace_find_id(&x.trace, ST_MASKED);
    assert_non_null(m);
    assert_string_equal(tui_explore_before(&x, m)->name, "scaled");
    assert_int_equal(tui_explore_marked_count(&x, m), 3); // the three cells above the diagonal
    assert_true(tui_explore_marked(&x, m, 0, 1));
    assert_false(tui_explore_marked(&x, m, 1, 0));
    assert_int_equal(tui_explore_diff(m, tui_explore_before(&x, m), &d), 0);
    assert_true(isinf(d.v[1]) && d.v[1] < 0); // masked on either side: -inf (the glyph)
    mat_free(&d);

    // Undo twice: back to the start; a third undo has nothing to do.
    TuiLabel undone;
    assert_int_equal(tui_explore_undo(&x, &undone, &e), 0);
    assert_string_equal(undone.name, "mask");
    assert_string_equal(undone.before, "none");
    assert_int_equal(x.trace.opt.mask, MASK_NONE);
    assert_int_equal(x.cur->opt.mask, MASK_NONE);
    assert_string_equal(x.last_what, "undo: mask back to none (was causal)");
    assert_int_equal(tui_explore_undo(&x, &undone, &e), 0);
    assert_string_equal(undone.name, "scaling");
    assert_true(x.trace.opt.scale);
    assert_int_equal(tui_explore_undo(&x, &undone, &e), 1);
    const Stage *wn = trace_find_id(&x.trace, ST_WEIGHTS);
    assert_memory_equal(wn->m.v, trace_find_id(&f.t, ST_WEIGHTS)->m.v, 9 * sizeof(double));
    tui_explore_free(&x);
    tui_fixture_close(&f);
}

static void failed_rebuild_keeps_the_previous_trace(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "a b c", 4), 0);
    TuiExplore x;
    AtError e;
    assert_int_equal(tui_explore_init(&x, &f.in, &f.t.opt, 1, &e), 0);
    double before = trace_find_id(&x.trace, ST_OUTPUT)->m.v[0];
    double x00 = mat_get(&x.cur->in.X, 0, 0);
    // Q = X·W_Q is still finite; scores = Q·Kᵀ overflows.
    assert_int_equal(tui_explore_edit(&x, ST_EMBEDDINGS, 0, 0, 1e300, "huge", NULL, NULL, &e), -1);
    assert_non_null(strstr(e.msg, "overflows"));
    assert_false(x.has_prev);
    assert_int_equal(x.undo.n, 0);
    assert_int_equal(x.cur->edits, 0);
    assert_true(mat_get(&x.cur->in.X, 0, 0) == x00); // the inputs are put back
    assert_true(trace_find_id(&x.trace, ST_OUTPUT)->m.v[0] == before);
    // A weight's edit that fails is not remembered for d_k's undo either: with X[a][1]
    // at 1e150 (fine), W_Q[1][1] at 1e300 makes Q overflow.
    assert_int_equal(tui_explore_edit(&x, ST_EMBEDDINGS, 0, 0, 1e150, "big", NULL, NULL, &e), 0);
    assert_int_equal(tui_explore_edit(&x, ST_WQ, 0, 0, 1e300, "huge", NULL, NULL, &e), -1);
    assert_non_null(strstr(e.msg, "overflows"));
    assert_int_equal(x.wlog.n, 0);
    assert_int_equal(x.undo.n, 1);
    assert_true(mat_get(&x.cur->in.W[0], 0, 0) != 1e300);
    tui_explore_free(&x);
    tui_fixture_close(&f);
}

// The bytes malloc has handed out and not yet taken back (0 when unknown here: a
// sanitizer's allocator).
static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

// The undo stack keeps what it takes to go back, not copies of the inputs or traces:
// with 128-wide weights (128 KiB each), 30 changes of every kind add far less than one
// copy of the weights to what the stepper holds after the first change.
static void undo_keeps_no_copies(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "a b c", 128), 0);
    TuiExplore x;
    AtError e;
    assert_int_equal(tui_explore_init(&x, &f.in, &f.t.opt, 1, &e), 0);
    size_t weights = 3 * 128 * 128 * sizeof(double); // W_Q, W_K, W_V
    TraceOptions o = x.cur->opt;
    o.temperature = 2;
    assert_int_equal(tui_explore_options(&x, &o, "T", NULL, &e), 0);
    size_t base = heap_in_use();
    if (base < weights) {
        print_message("skipped: this allocator does not count its bytes (mallinfo2)\n");
        tui_explore_free(&x);
        tui_fixture_close(&f);
        return;
    }
    for (int k = 0; k < 30; k++) {
        switch (k % 5) {
        case 0: o.scale = !o.scale; assert_int_equal(tui_explore_options(&x, &o, "s", NULL, &e), 0); break;
        case 1: o.temperature = o.temperature == 2 ? 4 : 2;
                assert_int_equal(tui_explore_options(&x, &o, "T", NULL, &e), 0); break;
        case 2: assert_int_equal(tui_explore_edit(&x, ST_EMBEDDINGS, 1, 3, k, "=", NULL, NULL, &e), 0); break;
        case 3: assert_int_equal(tui_explore_edit(&x, ST_WK, 2, 5, k, "=", NULL, NULL, &e), 0); break;
        case 4: assert_int_equal(tui_explore_dk(&x, k % 2 ? 64 : 128, "d", NULL, &e), 0); break;
        }
    }
    assert_int_equal(x.undo.n, 31);
    size_t now = heap_in_use();
    print_message("heap after the first change %zu bytes, after 30 more %zu\n", base, now);
    assert_true(now < base + weights / 4);
    tui_explore_free(&x);
    tui_fixture_close(&f);
}

// d_k's undo brings back the weights as they were, edits made before it included.
static void dk_undo_restores_edited_weights(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "a b c", 4), 0);
    TuiExplore x;
    AtError e;
    assert_int_equal(tui_explore_init(&x, &f.in, &f.t.opt, 1, &e), 0);
    assert_int_equal(tui_explore_edit(&x, ST_WQ, 1, 2, 0.75, "=", NULL, NULL, &e), 0);
    assert_int_equal(tui_explore_edit(&x, ST_WV, 3, 0, -2.5, "=", NULL, NULL, &e), 0);
    Inputs edited;
    assert_int_equal(inputs_copy(&edited, &x.cur->in, &e), 0);
    assert_int_equal(tui_explore_dk(&x, 8, "D", NULL, &e), 0);
    assert_int_equal(x.trace.d_k, 8);
    assert_int_equal(tui_explore_edit(&x, ST_WK, 0, 7, 9, "=", NULL, NULL, &e), 0);
    assert_int_equal(tui_explore_dk(&x, 2, "d", NULL, &e), 0);
    assert_int_equal(x.trace.d_k, 2);
    assert_string_equal(x.trace.stage[tui_stage_pick(&x.trace, ST_WQ)].col_labels[1], "q2");
    // The previous trace still shows its own column names (d_k 8: q1 … q8).
    assert_string_equal(x.prev_trace.stage[tui_stage_pick(&x.prev_trace, ST_WK)].col_labels[7],
                        "k8");
    TuiLabel l;
    assert_int_equal(tui_explore_undo(&x, &l, &e), 0); // d: back to 8, W_K[0][7] = 9 again
    assert_int_equal(x.trace.d_k, 8);
    assert_true(mat_get(&x.cur->in.W[1], 0, 7) == 9);
    assert_int_equal(tui_explore_undo(&x, &l, &e), 0); // the edit of W_K
    assert_true(mat_get(&x.cur->in.W[1], 0, 7) != 9);
    assert_int_equal(tui_explore_undo(&x, &l, &e), 0); // D: back to 4, both edits there
    assert_int_equal(x.trace.d_k, 4);
    for (int w = 0; w < 3; w++) {
        assert_int_equal(x.cur->in.W[w].cols, 4);
        assert_memory_equal(x.cur->in.W[w].v, edited.W[w].v, 4 * 4 * sizeof(double));
        assert_memory_equal(trace_find_id(&x.trace, (StageId)(ST_WQ + w))->m.v, edited.W[w].v,
                            4 * 4 * sizeof(double));
    }
    assert_int_equal(tui_explore_undo(&x, &l, &e), 0);
    assert_int_equal(tui_explore_undo(&x, &l, &e), 0);
    for (int w = 0; w < 3; w++) // the weights as loaded
        assert_memory_equal(x.cur->in.W[w].v, f.in.W[w].v, 4 * 4 * sizeof(double));
    assert_int_equal(x.wlog.n, 0);
    assert_int_equal(x.cur->edits, 0);
    inputs_free(&edited);
    tui_explore_free(&x);
    tui_fixture_close(&f);
}

// ─── requests on a stepper state ──────────────────────────────────────────────

// Replace the field's text as a user would: clear it, then type each character.
static void type_into(TuiField *f, const char *text)
{
    tui_field_clear(f);
    for (const char *c = text; *c; c++)
        assert_true(tui_field_insert(f, (unsigned char)*c));
}

static void requests_keep_stage_and_cursor(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "a b c d", 4), 0);
    TuiExplore x;
    AtError e;
    assert_int_equal(tui_explore_init(&x, &f.in, &f.t.opt, 1, &e), 0);
    TuiOptions to = {.color_cap = COLOR_NONE};
    TuiState st;
    assert_int_equal(tui_state_init(&st, &x.trace, &to, &e), 0);
    st.ex = &x;

    // On weights, cell [3][2]: the mask moves weights one place on; same name, same cell.
    st.k = tui_stage_pick(st.t, ST_WEIGHTS);
    st.ci = 3, st.cj = 2;
    tui_explore_request(&st, REQ_MASK);
    assert_false(st.status_error);
    assert_string_equal(st.t->stage[st.k].name, "weights");
    assert_int_equal(st.t->count, 12);
    assert_true(st.ci == 3 && st.cj == 2);
    // On masked, the mask off: masked is gone, the nearest earlier stage is scaled.
    st.k = tui_stage_pick(st.t, ST_MASKED);
    tui_explore_request(&st, REQ_MASK);
    assert_string_equal(st.t->stage[st.k].name, "scaled");
    assert_int_equal(st.t->count, 11);

    // Temperature up twice, down once; d_k up (the weights are generated).
    tui_explore_request(&st, REQ_TEMP_UP);
    tui_explore_request(&st, REQ_TEMP_UP);
    tui_explore_request(&st, REQ_TEMP_DOWN);
    assert_true(st.t->opt.temperature == 2);
    tui_explore_request(&st, REQ_DK_UP);
    assert_int_equal(st.t->d_k, 8);
    assert_non_null(strstr(st.status, "d_k 4 → 8"));
    bool hot[4];
    tui_explore_hot(&x, hot);
    assert_true(hot[0] && !hot[1] && hot[2] && !hot[3]);
    // On W_Q (4×8 now), cursor at column 7; d_k down to 4 clamps the cursor.
    st.k = tui_stage_pick(st.t, ST_WQ);
    st.ci = 3, st.cj = 7;
    tui_explore_request(&st, REQ_DK_DOWN);
    assert_string_equal(st.t->stage[st.k].name, "W_Q");
    assert_int_equal(st.cj, 3);

    // Edit: only on the inputs; the field is prefilled with the value.
    st.k = tui_stage_pick(st.t, ST_SCORES);
    tui_explore_request(&st, REQ_EDIT);
    assert_false(x.editing);
    assert_true(st.status_error);
    st.k = 0, st.ci = 1, st.cj = 2;
    tui_explore_request(&st, REQ_EDIT);
    assert_true(x.editing);
    char want[CSVIO_NUMBER_MAX];
    csvio_format_number(want, mat_get(&x.trace.stage[0].m, 1, 2));
    assert_string_equal(x.field.text, want);
    type_into(&x.field, "nope");
    tui_explore_edit_accept(&st);
    assert_true(st.status_error);
    assert_int_equal(x.cur->edits, 0);
    tui_explore_request(&st, REQ_EDIT);
    type_into(&x.field, " 2.5 ");
    tui_explore_edit_accept(&st);
    assert_false(st.status_error);
    assert_int_equal(x.cur->edits, 1);
    assert_true(mat_get(&x.trace.stage[0].m, 1, 2) == 2.5);
    assert_true(tui_explore_marked(&x, &x.trace.stage[0], 1, 2));
    assert_true(tui_explore_marked_count(&x, trace_find_id(&x.trace, ST_Q)) > 0);
    // Stepping away from a stage clears its marks only.
    size_t from = st.k;
    tui_apply(&st, REQ_NEXT, 0);
    tui_explore_stepped(&st, from);
    assert_false(tui_explore_marked(&x, &x.trace.stage[0], 1, 2));
    assert_true(tui_explore_marked_count(&x, trace_find_id(&x.trace, ST_Q)) > 0);
    // u: the edit is undone.
    tui_explore_request(&st, REQ_UNDO);
    assert_int_equal(x.cur->edits, 0);
    assert_true(mat_get(&x.trace.stage[0].m, 1, 2) == mat_get(&f.in.X, 1, 2));
    tui_state_free(&st);
    tui_explore_free(&x);
    tui_fixture_close(&f);
}

// The status line after u: what was undone, what it is now and what it was.
static void assert_status_starts(const TuiState *st, const char *want)
{
    if (strncmp(st->status, want, strlen(want)) != 0)
        fail_msg("status \"%s\", wanted it to start with \"%s\"", st->status, want);
    assert_false(st->status_error);
}

static void undo_messages_say_now_and_before(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "a b c", 4), 0);
    TuiExplore x;
    AtError e;
    assert_int_equal(tui_explore_init(&x, &f.in, &f.t.opt, 1, &e), 0);
    TuiOptions to = {.color_cap = COLOR_NONE};
    TuiState st;
    assert_int_equal(tui_state_init(&st, &x.trace, &to, &e), 0);
    st.ex = &x;

    // T then t: undoing t puts T back to 2, and says so; undoing T puts it back to 1.
    tui_explore_request(&st, REQ_TEMP_UP);
    tui_explore_request(&st, REQ_TEMP_DOWN);
    assert_true(st.t->opt.temperature == 1);
    tui_explore_request(&st, REQ_UNDO);
    assert_true(st.t->opt.temperature == 2);
    assert_status_starts(&st, "undid temperature: back to 2 (was 1)");
    assert_non_null(strstr(st.status, "(1 more to undo)"));
    tui_explore_request(&st, REQ_UNDO);
    assert_true(st.t->opt.temperature == 1);
    assert_status_starts(&st, "undid temperature: back to 1 (was 2)");

    tui_explore_request(&st, REQ_SCALE);
    tui_explore_request(&st, REQ_UNDO);
    assert_true(st.t->opt.scale);
    assert_status_starts(&st, "undid scaling ÷√d_k: back to on (was off)");
    tui_explore_request(&st, REQ_MASK);
    tui_explore_request(&st, REQ_UNDO);
    assert_int_equal(st.t->opt.mask, MASK_NONE);
    assert_status_starts(&st, "undid mask: back to none (was causal)");
    tui_explore_request(&st, REQ_DK_UP);
    tui_explore_request(&st, REQ_UNDO);
    assert_int_equal(st.t->d_k, 4);
    assert_status_starts(&st, "undid d_k: back to 4 (was 8)");

    // An edit of X, then of W_K: the number now and the number it was.
    char want[256], was[32];
    const Stage *s0 = &st.t->stage[0];
    snprintf(want, sizeof want, "undid X[%s][%s]: back to %s (was 2.5000)", s0->row_labels[1],
             s0->col_labels[2], fmt_num(was, sizeof was, mat_get(&s0->m, 1, 2)));
    st.k = 0, st.ci = 1, st.cj = 2;
    tui_explore_request(&st, REQ_EDIT);
    type_into(&x.field, "2.5");
    tui_explore_edit_accept(&st);
    assert_false(st.status_error);
    tui_explore_request(&st, REQ_UNDO);
    assert_status_starts(&st, want);
    st.k = tui_stage_pick(st.t, ST_WK);
    const Stage *wk = &st.t->stage[st.k];
    snprintf(want, sizeof want, "undid W_K[%s][%s]: back to %s (was -3.0000)", wk->row_labels[0],
             wk->col_labels[1], fmt_num(was, sizeof was, mat_get(&wk->m, 0, 1)));
    st.ci = 0, st.cj = 1;
    tui_explore_request(&st, REQ_EDIT);
    type_into(&x.field, "-3");
    tui_explore_edit_accept(&st);
    tui_explore_request(&st, REQ_UNDO);
    assert_status_starts(&st, want);
    assert_non_null(strstr(st.status, "(0 more to undo)"));
    tui_explore_request(&st, REQ_UNDO);
    assert_status_starts(&st, "Nothing to undo.");
    tui_state_free(&st);
    tui_explore_free(&x);
    tui_fixture_close(&f);
}

static void dk_refused_for_weights_from_files(void **state)
{
    (void)state;
    test_locale();
    InputOptions o = {0};
    o.sample = "samples/by-hand"; // tests run from the checkout (tests/run-all)
    Inputs in;
    AtError e;
    if (inputs_load(&o, &in, &e) != 0) {
        print_message("skipped: %s\n", e.msg);
        return;
    }
    TraceOptions to;
    trace_options_default(&to);
    TuiExplore x;
    assert_int_equal(tui_explore_init(&x, &in, &to, 1, &e), 0);
    TuiOptions tuo = {.color_cap = COLOR_NONE};
    TuiState st;
    assert_int_equal(tui_state_init(&st, &x.trace, &tuo, &e), 0);
    st.ex = &x;
    size_t dk = st.t->d_k;
    tui_explore_request(&st, REQ_DK_UP);
    assert_int_equal(st.t->d_k, dk);
    assert_true(st.status_error);
    assert_non_null(strstr(st.status, "only when the weights are generated"));
    tui_explore_request(&st, REQ_COMPARE); // nothing changed yet
    assert_false(x.compare);
    assert_non_null(strstr(st.status, "Nothing to compare yet"));
    tui_explore_request(&st, REQ_SCALE);
    tui_explore_request(&st, REQ_COMPARE);
    assert_true(x.compare);
    tui_state_free(&st);
    tui_explore_free(&x);
    inputs_free(&in);
}

// ─── a written sample loads back to the same trace ────────────────────────────

static void written_sample_loads_back(void **state)
{
    (void)state;
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "the cat saw the dog", 4), 0);
    Inputs c;
    AtError e;
    assert_int_equal(inputs_copy(&c, &f.in, &e), 0);
    inputs_set_embedding(&c, 0, 2, 0.123456789012345);
    assert_int_equal(inputs_generate_weights(&c, 2, 1, &e), 0);
    TraceOptions to = f.t.opt;
    to.scale = false;
    to.temperature = 0.5;
    to.mask = MASK_CAUSAL;
    char base[64], dir[160];
    snprintf(base, sizeof base, "/tmp/attntrace-unit-sample.XXXXXX");
    assert_non_null(mkdtemp(base));
    char stem[128];
    snprintf(stem, sizeof stem, "%s/attntrace-sample", base);
    assert_int_equal(sample_write_free_name(stem, dir, sizeof dir), 0);
    assert_string_equal(dir, stem);
    assert_int_equal(sample_write(&c, &to, "1 number edited", dir, &e), 0);
    // Never over an existing folder; the next free name is -2.
    assert_int_equal(sample_write(&c, &to, NULL, dir, &e), -1);
    assert_int_equal(sample_write_free_name(stem, dir, sizeof dir), 0);
    assert_non_null(strstr(dir, "attntrace-sample-2"));
    snprintf(dir, sizeof dir, "%s", stem);

    char flags[128];
    sample_write_flags(&to, flags, sizeof flags);
    assert_string_equal(flags, "--no-scale --temperature 0.5 --mask causal");
    TraceOptions exact = to; // a temperature with more digits than %g keeps
    exact.temperature = 0.123456789;
    sample_write_flags(&exact, flags, sizeof flags);
    assert_string_equal(flags, "--no-scale --temperature 0.123456789 --mask causal");

    InputOptions o = {0};
    o.sample = dir;
    Inputs back;
    assert_int_equal(inputs_load(&o, &back, &e), 0);
    assert_int_equal(back.tokens.n, 5);
    assert_int_equal(back.n_generated, 0); // every token is in the written vocabulary
    Trace t1, t2;
    assert_int_equal(trace_build(&c, &to, &t1, &e), 0);
    assert_int_equal(trace_build(&back, &to, &t2, &e), 0);
    assert_int_equal(t1.count, t2.count);
    for (size_t k = 0; k < t1.count; k++) {
        assert_int_equal(t1.stage[k].m.rows, t2.stage[k].m.rows);
        assert_int_equal(t1.stage[k].m.cols, t2.stage[k].m.cols);
        assert_memory_equal(t1.stage[k].m.v, t2.stage[k].m.v,
                            t1.stage[k].m.rows * t1.stage[k].m.cols * sizeof(double));
    }
    // embeddings.csv: one row per distinct token, in sentence order.
    char path[200];
    snprintf(path, sizeof path, "%s/embeddings.csv", dir);
    LabeledMatrix lm;
    assert_int_equal(csvio_read(path, 0, &lm, &e), 0);
    assert_int_equal(lm.m.rows, 4);
    assert_string_equal(lm.row_labels[0], "the");
    assert_string_equal(lm.row_labels[3], "dog");
    labeled_free(&lm);
    trace_free(&t1);
    trace_free(&t2);
    inputs_free(&back);
    inputs_free(&c);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    assert_int_equal(system(cmd), 0);
    tui_fixture_close(&f);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(temperature_steps),
        cmocka_unit_test(dk_steps),
        cmocka_unit_test(stage_pick_by_name),
        cmocka_unit_test(undo_stack_drops_the_oldest),
        cmocka_unit_test(copy_is_deep_and_edit_changes_every_occurrence),
        cmocka_unit_test(generated_weights_match_a_fresh_load),
        cmocka_unit_test(change_marks_and_undo),
        cmocka_unit_test(failed_rebuild_keeps_the_previous_trace),
        cmocka_unit_test(undo_keeps_no_copies),
        cmocka_unit_test(dk_undo_restores_edited_weights),
        cmocka_unit_test(undo_messages_say_now_and_before),
        cmocka_unit_test(requests_keep_stage_and_cursor),
        cmocka_unit_test(dk_refused_for_weights_from_files),
        cmocka_unit_test(written_sample_loads_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
