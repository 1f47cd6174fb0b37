// test_decode.c — decoding with a KV cache (core/decode.c): at every step t the output
// row equals row t of the causal run, exactly (==, and bit for bit): the same products
// are added in the same order, and the causal run's masked keys only add exact zeros
// (exp(-inf) = 0 in the softmax sum, 0·v in weights·V). Also the cache, the score and
// weight rows, the names, the multiply-add counts worked out by hand, and the refusals.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "decode.h"
#include "sample.h"
#include "trace.h"

static char gen_dir[64]; // a sample folder with only a sentence: every input generated

static int make_gen(void **state)
{
    (void)state;
    snprintf(gen_dir, sizeof gen_dir, "/tmp/attntrace-decode.XXXXXX");
    if (!mkdtemp(gen_dir))
        return -1;
    char p[96];
    snprintf(p, sizeof p, "%s/sentence.txt", gen_dir);
    FILE *f = fopen(p, "w");
    if (!f)
        return -1;
    fputs("the cat sat on the mat and the dog sat too\n", f);
    return fclose(f);
}

static int remove_gen(void **state)
{
    (void)state;
    char p[96];
    snprintf(p, sizeof p, "%s/sentence.txt", gen_dir);
    unlink(p);
    return rmdir(gen_dir);
}

// Same double, bit for bit.
static void assert_same(double a, double b)
{
    assert_true(a == b);
    assert_memory_equal(&a, &b, sizeof a);
}

// Build the causal trace of (sample, H, G, scaling) and its decode; check every step.
static void check_run(const char *sample, size_t H, size_t G, bool scale, double T)
{
    InputOptions io = {.sample = sample, .seed = 1, .heads = H, .kv_heads = G};
    TraceOptions to;
    trace_options_default(&to);
    to.mask = MASK_CAUSAL, to.heads = H, to.kv_heads = G, to.scale = scale, to.temperature = T;
    Inputs in;
    Trace t;
    Decode d;
    AtError e = {0};
    if (inputs_load(&io, &in, &e) != 0)
        fail_msg("%s: %s", sample, e.msg);
    if (trace_build(&in, &to, &t, &e) != 0)
        fail_msg("%s: %s", sample, e.msg);
    if (decode_build(&t, &d, &e) != 0)
        fail_msg("%s: %s", sample, e.msg);
    assert_int_equal(d.steps, t.n);
    assert_int_equal(d.count, t.n * (5 + 3 * H + (H > 1) + 1));
    const Stage *out = trace_find(&t, "output"), *K = trace_find(&t, "K"), *V = trace_find(&t, "V");
    for (size_t s = 1; s <= t.n; s++) {
        // the cache holds the rows of K and V of tokens 1..t
        const DecodeStage *Kc = decode_find_kind(&d, s, DEC_KCACHE, 0);
        const DecodeStage *Vc = decode_find_kind(&d, s, DEC_VCACHE, 0);
        assert_int_equal(Kc->s.m.rows, s);
        for (size_t i = 0; i < s; i++) {
            for (size_t c = 0; c < K->m.cols; c++)
                assert_same(mat_get(&Kc->s.m, i, c), mat_get(&K->m, i, c));
            for (size_t c = 0; c < V->m.cols; c++)
                assert_same(mat_get(&Vc->s.m, i, c), mat_get(&V->m, i, c));
        }
        // each head's weights: row t of the causal weights, whose later keys are 0
        for (int h = H > 1 ? 1 : 0; h <= (int)(H > 1 ? H : 0); h++) {
            const Stage *cw = trace_find_head(&t, ST_WEIGHTS, h);
            const Stage *cs = trace_find_head(&t, ST_SCALED, h);
            const DecodeStage *w = decode_find_kind(&d, s, DEC_WEIGHTS, h);
            const DecodeStage *sc = decode_find_kind(&d, s, DEC_SCORES, h);
            for (size_t j = 0; j < s; j++) // the scaled scores, before the mask
                assert_same(mat_get(&sc->s.m, 0, j), mat_get(&cs->m, s - 1, j));
            assert_int_equal(w->s.m.cols, s);
            for (size_t j = 0; j < t.n; j++)
                assert_same(j < s ? mat_get(&w->s.m, 0, j) : 0.0, mat_get(&cw->m, s - 1, j));
        }
        // the output row is row t of the causal output; diff is computed and 0
        const DecodeStage *o = decode_find_kind(&d, s, DEC_OUTPUT, 0);
        const DecodeStage *df = decode_find_kind(&d, s, DEC_DIFF, 0);
        assert_int_equal(o->s.m.cols, out->m.cols);
        for (size_t c = 0; c < out->m.cols; c++) {
            assert_same(mat_get(&o->s.m, 0, c), mat_get(&out->m, s - 1, c));
            assert_true(mat_get(&df->s.m, 0, c) == 0.0);
        }
    }
    assert_true(d.max_diff == 0.0);
    decode_free(&d);
    trace_free(&t);
    inputs_free(&in);
}

static void test_row_t_is_causal_row_t(void **state)
{
    (void)state;
    const char *samples[] = {"samples/by-hand", "samples/default", "samples/chinese",
                             "samples/coreference", "samples/everyday"};
    for (size_t k = 0; k < sizeof samples / sizeof *samples; k++) {
        check_run(samples[k], 1, 0, true, 1.0);
        check_run(samples[k], 1, 0, false, 0.5);
    }
    check_run("samples/by-hand", 2, 0, true, 1.0);
    check_run("samples/by-hand", 2, 0, true, 3.0);
}

static void test_row_t_with_groups(void **state)
{
    (void)state;
    check_run(gen_dir, 1, 0, true, 1.0);
    check_run(gen_dir, 4, 0, true, 1.0);
    check_run(gen_dir, 4, 2, true, 1.0);
    check_run(gen_dir, 4, 1, false, 2.0);
    check_run(gen_dir, 8, 2, true, 0.25);
}

static void test_names_and_shapes(void **state)
{
    (void)state;
    InputOptions io = {.sample = "samples/by-hand", .seed = 1, .heads = 2};
    TraceOptions to;
    trace_options_default(&to);
    to.mask = MASK_CAUSAL, to.heads = 2;
    Inputs in;
    Trace t;
    Decode d;
    AtError e = {0};
    assert_int_equal(inputs_load(&io, &in, &e), 0);
    assert_int_equal(trace_build(&in, &to, &t, &e), 0);
    assert_int_equal(decode_build(&t, &d, &e), 0);
    const char *step2[] = {"decode.t2.q", "decode.t2.k", "decode.t2.v", "decode.t2.K",
                           "decode.t2.V", "decode.t2.scores.h1", "decode.t2.weights.h1",
                           "decode.t2.output.h1", "decode.t2.scores.h2",
                           "decode.t2.weights.h2", "decode.t2.output.h2", "decode.t2.output",
                           "decode.t2.diff"};
    const DecodeStage *first = decode_step_first(&d, 2);
    for (size_t k = 0; k < sizeof step2 / sizeof *step2; k++) {
        assert_string_equal(first[k].s.name, step2[k]);
        assert_ptr_equal(decode_find(&d, step2[k]), &first[k]);
        assert_true(decode_name_parse(step2[k]));
    }
    const DecodeStage *sc = decode_find(&d, "decode.t3.scores.h2");
    assert_int_equal(sc->s.m.rows, 1);
    assert_int_equal(sc->s.m.cols, 3);
    assert_string_equal(sc->s.formula, "scores = q_3·K[1..3]ᵀ / √(d_k/H) (head 2)");
    assert_string_equal(decode_find(&d, "decode.t3.K")->s.formula, "K[1..3] = [K[1..2]; k_3]");
    assert_string_equal(decode_find(&d, "decode.t1.V")->s.formula, "V[1..1] = [v_1]");
    assert_null(decode_find(&d, "decode.t4.q"));
    assert_false(decode_name_parse("decode.t0.q"));
    assert_false(decode_name_parse("decode.t3.K.h1")); // the cache is not per head
    assert_false(decode_name_parse("decode.t3.scores.h9"));
    assert_false(decode_name_parse("decode.t3"));
    assert_false(decode_name_parse("decode.q"));
    // explain: the diff's arithmetic names both numbers
    Lines ex;
    assert_int_equal(decode_explain(&d, decode_find(&d, "decode.t2.diff"), 0, 1, &ex, &e), 0);
    assert_non_null(strstr(ex.line[0], "decode.t2.diff[1][2] = decode.t2.output[1][2] − output[2][2]"));
    lines_free(&ex);
    assert_int_equal(decode_explain(&d, decode_find(&d, "decode.t2.diff"), 1, 0, &ex, &e), -1);
    decode_free(&d);
    trace_free(&t);
    inputs_free(&in);
}

// by-hand: d_model 2, d_k = d_kv = 4, d_v = 2, one head: P = 2·(4+4+2) = 20, A = 4+2 = 6.
// n = 3 with the cache: 3·20 + 6·(1+2+3) = 96; without: 20·(1+2+3) + 6·(1+3+6) = 180.
static void test_cost_by_hand(void **state)
{
    (void)state;
    InputOptions io = {.sample = "samples/by-hand", .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    to.mask = MASK_CAUSAL;
    Inputs in;
    Trace t;
    AtError e = {0};
    assert_int_equal(inputs_load(&io, &in, &e), 0);
    assert_int_equal(trace_build(&in, &to, &t, &e), 0);
    DecodeCost c = decode_cost(&t, 3);
    assert_int_equal(c.with_cache, 96);
    assert_int_equal(c.without_cache, 180);
    c = decode_cost(&t, 1); // one token: nothing to reuse
    assert_int_equal(c.with_cache, c.without_cache);
    trace_free(&t);
    inputs_free(&in);
}

static void test_refusals(void **state)
{
    (void)state;
    InputOptions io = {.sample = "samples/by-hand", .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    Inputs in;
    Trace t;
    Decode d;
    AtError e = {0};
    assert_int_equal(inputs_load(&io, &in, &e), 0);
    assert_int_equal(trace_build(&in, &to, &t, &e), 0); // no mask
    assert_int_equal(decode_build(&t, &d, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, "causal"));
    trace_free(&t);
    inputs_free(&in);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_t_is_causal_row_t),
        cmocka_unit_test(test_row_t_with_groups),
        cmocka_unit_test(test_names_and_shapes),
        cmocka_unit_test(test_cost_by_hand),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests_name("decode", tests, make_gen, remove_gen);
}
