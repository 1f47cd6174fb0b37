// test_tui_decode.c — the decode walk's state without a terminal (tui_decode.h): W opens
// it only with --decode and on a causal trace, n/p/g/G/1…9 move between steps within
// 1..n, ] and [ go round the heads, W closes it.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sample.h"
#include "trace.h"
#include "tui_decode.h"

static void load(const char *sample, size_t heads, MaskKind mask, Inputs *in, Trace *t)
{
    InputOptions io = {.sample = sample, .seed = 1, .heads = heads};
    TraceOptions to;
    trace_options_default(&to);
    to.heads = heads, to.mask = mask;
    AtError e = {0};
    assert_int_equal(inputs_load(&io, in, &e), 0);
    assert_int_equal(trace_build(in, &to, t, &e), 0);
}

static void test_open_and_step(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    load("samples/by-hand", 1, MASK_CAUSAL, &in, &t);
    TuiOptions o = {0};
    TuiState st;
    AtError e = {0};
    assert_int_equal(tui_state_init(&st, &t, &o, &e), 0);
    assert_false(tui_decode_toggle(&st)); // no --decode
    assert_false(st.decoding);
    assert_non_null(strstr(st.status, "needs --decode"));
    o.decode = true;
    assert_true(tui_decode_toggle(&st));
    assert_true(st.decoding);
    assert_int_equal(st.dstep, 1);
    assert_int_equal(st.dec.steps, 3);
    assert_true(tui_decode_move(&st, REQ_NEXT, 0));
    assert_int_equal(st.dstep, 2);
    assert_true(tui_decode_move(&st, REQ_LAST, 0));
    assert_int_equal(st.dstep, 3);
    assert_true(tui_decode_move(&st, REQ_NEXT, 0)); // stays at the last
    assert_int_equal(st.dstep, 3);
    assert_non_null(strstr(st.status, "last step"));
    assert_true(tui_decode_move(&st, REQ_JUMP, 8)); // 9: beyond, the last
    assert_int_equal(st.dstep, 3);
    assert_true(tui_decode_move(&st, REQ_FIRST, 0));
    assert_true(tui_decode_move(&st, REQ_PREV, 0));
    assert_int_equal(st.dstep, 1);
    assert_false(tui_decode_move(&st, REQ_COLOR, 0)); // not the walk's
    assert_true(tui_decode_toggle(&st)); // W closes
    assert_false(st.decoding);
    tui_state_free(&st);
    trace_free(&t);
    inputs_free(&in);
}

static void test_heads_and_refusal(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    load("samples/by-hand", 2, MASK_CAUSAL, &in, &t);
    TuiOptions o = {.decode = true};
    TuiState st;
    AtError e = {0};
    assert_int_equal(tui_state_init(&st, &t, &o, &e), 0);
    assert_true(tui_decode_toggle(&st));
    assert_int_equal(st.dhead, 1);
    assert_true(tui_decode_move(&st, REQ_HEAD_NEXT, 0));
    assert_int_equal(st.dhead, 2);
    assert_true(tui_decode_move(&st, REQ_HEAD_NEXT, 0)); // round to head 1
    assert_int_equal(st.dhead, 1);
    assert_true(tui_decode_move(&st, REQ_HEAD_PREV, 0));
    assert_int_equal(st.dhead, 2);
    tui_state_free(&st);
    trace_free(&t);
    inputs_free(&in);
    // a trace without the mask (what-if m turned it off): no walk, and the status says why
    load("samples/by-hand", 1, MASK_NONE, &in, &t);
    assert_int_equal(tui_state_init(&st, &t, &o, &e), 0);
    assert_false(tui_decode_toggle(&st));
    assert_true(st.status_error);
    assert_non_null(strstr(st.status, "m turns the causal mask back on"));
    tui_state_free(&st);
    trace_free(&t);
    inputs_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_and_step),
        cmocka_unit_test(test_heads_and_refusal),
    };
    return cmocka_run_group_tests_name("tui_decode", tests, NULL, NULL);
}
