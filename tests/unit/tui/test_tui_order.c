// test_tui_order.c — the word-order what-if (o) without a terminal: the words reordered,
// every row of every stage only moved without positions (all marked) and not with them,
// the compare data, undo putting the words back exactly, and the token arrays the
// previous trace still shows kept alive (run under valgrind by unit-valgrind).
#include <math.h>

#include "testutil.h"
#include "tui_fixture.h"

#include "tui_explore.h"

static void reorder_and_undo(PosKind pos, bool rope)
{
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, "a b c d", 4), 0);
    TuiExplore x;
    AtError e = {0};
    TraceOptions o = f.t.opt;
    o.pos = pos;
    o.rope = rope;
    assert_int_equal(tui_explore_init(&x, &f.in, &o, 1, &e), 0);
    const size_t perm[4] = {2, 0, 3, 1};
    TuiLabel l = {"word order", "as before", "3 1 4 2"};
    assert_int_equal(tui_explore_order(&x, perm, "reordered", &l, &e), 0);
    assert_string_equal(x.cur->in.tokens.tok[0], "c");
    assert_string_equal(x.cur->in.sentence, "c a d b");
    assert_int_equal(x.cur->in.order[0], 2);
    // the previous trace still shows the words as they were
    const Stage *before = trace_find(&x.prev_trace, "weights");
    assert_string_equal(before->row_labels[0], "a");
    const Stage *w = trace_find(&x.trace, "weights");
    size_t rows, same = tui_explore_order_matches(&x, w, &rows);
    assert_int_equal(rows, 4);
    bool plain = pos == POS_NONE && !rope;
    assert_int_equal(same, plain ? 4 : 0);
    assert_int_equal(tui_explore_marked_count(&x, w), plain ? 16 : 0);
    if (plain) // weights[i][j] = before[perm[i]][perm[j]]
        for (size_t i = 0; i < 4; i++)
            for (size_t j = 0; j < 4; j++)
                assert_double_near(mat_get(&w->m, i, j),
                                   mat_get(&before->m, perm[i], perm[j]), 1e-12);
    // W_Q does not have the sentence's rows: nothing to match, nothing marked
    assert_int_equal(tui_explore_marked_count(&x, trace_find(&x.trace, "W_Q")), 0);
    // undo: the words back in their order, the numbers as at first
    TuiLabel undone;
    assert_int_equal(tui_explore_undo(&x, &undone, &e), 0);
    assert_string_equal(undone.name, "word order");
    assert_string_equal(x.cur->in.sentence, "a b c d");
    assert_null(x.cur->in.order);
    Trace ref; // the trace of the words as written, with these options
    assert_int_equal(trace_build(&f.in, &o, &ref, &e), 0);
    const Stage *w2 = trace_find(&x.trace, "weights"), *wr = trace_find(&ref, "weights");
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            assert_double_near(mat_get(&w2->m, i, j), mat_get(&wr->m, i, j), 1e-12);
    trace_free(&ref);
    // another change after it: no longer an order change
    o = x.cur->opt;
    o.scale = !o.scale;
    assert_int_equal(tui_explore_options(&x, &o, "scale", NULL, &e), 0);
    assert_null(x.order_perm);
    tui_explore_free(&x);
    tui_fixture_close(&f);
}

static void reorder_without_positions(void **state)
{
    (void)state;
    reorder_and_undo(POS_NONE, false);
}

static void reorder_with_positions(void **state)
{
    (void)state;
    reorder_and_undo(POS_SINUSOIDAL, false);
    reorder_and_undo(POS_NONE, true);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reorder_without_positions),
        cmocka_unit_test(reorder_with_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
