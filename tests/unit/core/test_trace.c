// test_trace.c — the stages end to end through the model: published worked examples,
// explain()'s arithmetic, generated values, shape and overflow errors.
#include <math.h>
#include <sys/stat.h>

#include "testutil.h"
#include "explain.h"
#include "sample.h"
#include "trace.h"

// The first two generated values for "cat" with seed 1 (pinned on purpose).
#define GEN_PINNED "-0.72 -0.55"

#ifndef FIXTURES
#define FIXTURES "tests/fixtures"
#endif

static void build(const InputOptions *io, const TraceOptions *to, Inputs *in, Trace *t)
{
    AtError e = {0};
    if (inputs_load(io, in, &e) != 0)
        fail_msg("inputs_load: %s", e.msg);
    if (trace_build(in, to, t, &e) != 0)
        fail_msg("trace_build: %s", e.msg);
}

static void test_stage_order_and_names(void **state)
{
    (void)state;
    InputOptions io = {.sample = FIXTURES "/journey", .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    Inputs in;
    Trace t;
    build(&io, &to, &in, &t);
    const char *want[] = {"embeddings", "W_Q", "W_K", "W_V", "Q", "K", "V",
                          "scores", "scaled", "weights", "output"};
    assert_int_equal(t.count, 11);
    for (size_t k = 0; k < t.count; k++)
        assert_string_equal(t.stage[k].name, want[k]);
    assert_null(trace_find(&t, "masked"));
    assert_string_equal(trace_find(&t, "scores")->formula, "scores = Q·Kᵀ");
    assert_int_equal(trace_find(&t, "weights")->scale, SCALE_PROB);
    assert_int_equal(trace_find(&t, "scaled")->scale, SCALE_SIGNED);
    trace_free(&t);
    inputs_free(&in);
    to.mask = MASK_CAUSAL;
    build(&io, &to, &in, &t);
    assert_int_equal(t.count, 12);
    assert_string_equal(t.stage[9].name, "masked");
    trace_free(&t);
    inputs_free(&in);
}

// "Your journey starts with one step": simplified attention, identity weights, no scaling.
static void test_journey_worked_example(void **state)
{
    (void)state;
    InputOptions io = {.sample = FIXTURES "/journey", .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    to.scale = false;
    Inputs in;
    Trace t;
    build(&io, &to, &in, &t);
    assert_int_equal(in.n_generated, 0); // "Your" is found lowercased
    const Stage *scores = trace_find(&t, "scores"), *weights = trace_find(&t, "weights");
    const Stage *output = trace_find(&t, "output");
    const double s2[6] = {0.9544, 1.4950, 1.4754, 0.8434, 0.7070, 1.0865};
    const double w2[6] = {0.1385, 0.2379, 0.2333, 0.1240, 0.1082, 0.1581};
    const double z2[3] = {0.4419, 0.6515, 0.5683};
    for (size_t j = 0; j < 6; j++) {
        assert_double_near(mat_get(&scores->m, 1, j), s2[j], 0.00005);
        assert_double_near(mat_get(&weights->m, 1, j), w2[j], 0.00005);
    }
    for (size_t c = 0; c < 3; c++)
        assert_double_near(mat_get(&output->m, 1, c), z2[c], 0.00005);
    trace_free(&t);
    inputs_free(&in);
}

// Write a (rows×cols) CSV whose cell values come from f(i, j).
static void write_csv(const char *path, const char *corner, const char *rowp, size_t rows,
                      const char *colp, size_t cols, double (*f)(size_t, size_t))
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "%s", corner);
    for (size_t j = 0; j < cols; j++)
        fprintf(fp, ",%s%zu", colp, j + 1);
    fputc('\n', fp);
    for (size_t i = 0; i < rows; i++) {
        fprintf(fp, "%s%zu", rowp, i + 1);
        for (size_t j = 0; j < cols; j++)
            fprintf(fp, ",%.17g", f(i, j));
        fputc('\n', fp);
    }
    fclose(fp);
}

static double x_rows(size_t i, size_t j) { (void)j; return i == 0 ? 1.0 : 6.0 / 7.0; }
static double wq(size_t i, size_t j) { return i == j ? 1.75 : 0.0; }
static double ident(size_t i, size_t j) { return i == j ? 1.0 : 0.0; }

// scores 112 and 96 with d_k = 64 → scaled 14 and 12 → weights 0.8808 and 0.1192.
static void test_scaling_chain_112_96(void **state)
{
    (void)state;
    char dir[] = "/tmp/attntrace-dk64.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[4][128];
    const char *names[4] = {"embeddings.csv", "W_Q.csv", "W_K.csv", "W_V.csv"};
    for (int k = 0; k < 4; k++)
        snprintf(p[k], sizeof p[k], "%s/%s", dir, names[k]);
    write_csv(p[0], "token", "t", 2, "d", 64, x_rows);
    write_csv(p[1], "dim", "d", 64, "q", 64, wq);
    write_csv(p[2], "dim", "d", 64, "k", 64, ident);
    write_csv(p[3], "dim", "d", 64, "v", 64, ident);
    InputOptions io = {.sample = dir, .sentence = "t1 t2", .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    Inputs in;
    Trace t;
    build(&io, &to, &in, &t);
    assert_int_equal(t.d_k, 64);
    const Stage *sc = trace_find(&t, "scores"), *sd = trace_find(&t, "scaled");
    const Stage *w = trace_find(&t, "weights");
    assert_double_near(mat_get(&sc->m, 0, 0), 112, 1e-9);
    assert_double_near(mat_get(&sc->m, 0, 1), 96, 1e-9);
    assert_double_near(mat_get(&sd->m, 0, 0), 14, 1e-10);
    assert_double_near(mat_get(&sd->m, 0, 1), 12, 1e-10);
    assert_double_near(mat_get(&w->m, 0, 0), 0.8808, 0.00005);
    assert_double_near(mat_get(&w->m, 0, 1), 0.1192, 0.00005);

    // explain() shows the real arithmetic of that chain.
    Lines l;
    AtError e = {0};
    assert_int_equal(explain(&t, sd, 0, 0, &l, &e), 0);
    assert_string_equal(l.line[1], "= scores[1][1] / √d_k = 112.0000 / √64 = 112.0000 / 8.0000 = 14.0000");
    lines_free(&l);
    assert_int_equal(explain(&t, w, 0, 1, &l, &e), 0);
    assert_string_equal(l.line[2], "  max of the row = 14.0000 (subtracted so no exp overflows)");
    assert_string_equal(l.line[4], "  k=2 t2       exp(12.0000 − 14.0000) = 0.1353  ← this cell");
    assert_string_equal(l.line[5], "  sum = 1.1353");
    assert_string_equal(l.line[6], "  weights[1][2] = 0.1353 / 1.1353 = 0.1192");
    lines_free(&l);

    // The temperature divides as well: T = 2 → 7 and 6.
    trace_free(&t);
    to.temperature = 2;
    assert_int_equal(trace_build(&in, &to, &t, &e), 0);
    assert_double_near(mat_get(&trace_find(&t, "scaled")->m, 0, 0), 7, 1e-10);
    trace_free(&t);
    inputs_free(&in);
    for (int k = 0; k < 4; k++)
        unlink(p[k]);
    rmdir(dir);
}

static void test_explain_products(void **state)
{
    (void)state;
    InputOptions io = {.sample = FIXTURES "/journey", .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    Inputs in;
    Trace t;
    build(&io, &to, &in, &t);
    Lines l;
    AtError e = {0};
    // scores[2][1] = q_2 · k_1 = 0.55·0.43 + 0.87·0.15 + 0.66·0.89 = 0.9544
    assert_int_equal(explain(&t, trace_find(&t, "scores"), 1, 0, &l, &e), 0);
    assert_string_equal(l.line[0], "scores[2][1] = q_2 · k_1  (query \"journey\", key \"Your\")");
    assert_string_equal(l.line[2], "  c=1     0.5500 ×     0.4300 =     0.2365");
    assert_string_equal(l.line[5], "  sum = 0.9544");
    lines_free(&l);
    // Q[1][3] = Σ_d X[1][d]·W_Q[d][3]
    assert_int_equal(explain(&t, trace_find(&t, "Q"), 0, 2, &l, &e), 0);
    assert_string_equal(l.line[4], "  d=3 x3           0.8900 ×     1.0000 =     0.8900");
    lines_free(&l);
    // output[2][1] = Σ_j weights[2][j]·V[j][1]: one line per token, then the sum
    assert_int_equal(explain(&t, trace_find(&t, "output"), 1, 0, &l, &e), 0);
    assert_int_equal(l.n, 2 + 6 + 1);
    lines_free(&l);
    // out of range
    assert_int_equal(explain(&t, trace_find(&t, "output"), 6, 0, &l, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    trace_free(&t);
    inputs_free(&in);
}

// Where the label starts in a term line ("  j=10 was …"): after "  j=", the digits, the spaces.
static size_t label_column(const char *line)
{
    size_t at = 4;
    at += strspn(line + at, "0123456789");
    return at + strspn(line + at, " ");
}

// 12 tokens: the term lines' columns align across k=9 and k=10 (the index is padded).
static void test_explain_columns_align_past_nine(void **state)
{
    (void)state;
    InputOptions io = {.sample = "samples/coreference", .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    Inputs in;
    Trace t;
    build(&io, &to, &in, &t);
    const char *stages[] = {"output", "weights"};
    for (size_t k = 0; k < 2; k++) {
        Lines l;
        AtError e = {0};
        assert_int_equal(explain(&t, trace_find(&t, stages[k]), 0, 0, &l, &e), 0);
        const char *nine = NULL, *ten = NULL;
        for (size_t n = 0; n < l.n; n++) {
            if (strstr(l.line[n], "=9 "))
                nine = l.line[n];
            if (strstr(l.line[n], "=10 "))
                ten = l.line[n];
        }
        assert_non_null(nine);
        assert_non_null(ten);
        // the label starts in the same column: "  j=9  it" over "  j=10 was"
        assert_int_equal(label_column(nine), 7);
        assert_int_equal(label_column(ten), 7);
        lines_free(&l);
    }
    trace_free(&t);
    inputs_free(&in);
}

static void test_masked_explain_and_full_mask(void **state)
{
    (void)state;
    InputOptions io = {.sample = FIXTURES "/journey", .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    to.mask = MASK_CAUSAL;
    Inputs in;
    Trace t;
    build(&io, &to, &in, &t);
    Lines l;
    AtError e = {0};
    assert_int_equal(explain(&t, trace_find(&t, "masked"), 0, 3, &l, &e), 0);
    assert_non_null(strstr(l.line[1], "= -inf: key 4 comes after query 1"));
    lines_free(&l);
    assert_int_equal(explain(&t, trace_find(&t, "weights"), 1, 3, &l, &e), 0);
    assert_non_null(strstr(l.line[6], "exp(-inf) = 0 (masked)  ← this cell"));
    lines_free(&l);
    assert_true(mat_get(&trace_find(&t, "weights")->m, 0, 0) == 1.0);
    trace_free(&t);
    inputs_free(&in);
}

static void test_generated_values_are_deterministic(void **state)
{
    (void)state;
    uint64_t a = gen_token_seed("cat", 1), b = gen_token_seed("cat", 1);
    assert_true(a == b);
    assert_true(gen_token_seed("cat", 2) != a && gen_token_seed("cats", 1) != a);
    double first[3];
    for (int k = 0; k < 3; k++)
        first[k] = gen_uniform(&a, 1.0);
    for (int k = 0; k < 3; k++) {
        double again = gen_uniform(&b, 1.0);
        assert_true(again == first[k]);
        assert_true(fabs(first[k]) <= 1.0);
        assert_double_near(first[k] * 100, round(first[k] * 100), 1e-9); // 2 decimals
    }
    // Pinned, so a change to the generator (which would change every example) is seen.
    uint64_t s = gen_token_seed("cat", 1);
    char got[64];
    double v0 = gen_uniform(&s, 1), v1 = gen_uniform(&s, 1);
    snprintf(got, sizeof got, "%.2f %.2f", v0, v1);
    assert_string_equal(got, GEN_PINNED);

    // A whole generated trace is the same twice, and unknown tokens are marked.
    InputOptions io = {.sample = FIXTURES "/journey", .sentence = "your zebra", .seed = 7};
    TraceOptions to;
    trace_options_default(&to);
    Inputs in1, in2;
    Trace t1, t2;
    build(&io, &to, &in1, &t1);
    build(&io, &to, &in2, &t2);
    assert_false(in1.generated[0]);
    assert_true(in1.generated[1]);
    assert_int_equal(in1.n_generated, 1);
    const Stage *o1 = trace_find(&t1, "output"), *o2 = trace_find(&t2, "output");
    assert_memory_equal(o1->m.v, o2->m.v, o1->m.rows * o1->m.cols * sizeof(double));
    trace_free(&t1), trace_free(&t2), inputs_free(&in1), inputs_free(&in2);
}

static void test_generated_weights_when_missing(void **state)
{
    (void)state;
    char dir[] = "/tmp/attntrace-gen.XXXXXX";
    assert_non_null(mkdtemp(dir));
    InputOptions io = {.sample = dir, .sentence = "a b c", .seed = 3, .dim = 6, .dk = 4};
    TraceOptions to;
    trace_options_default(&to);
    Inputs in;
    Trace t;
    build(&io, &to, &in, &t);
    assert_int_equal(t.d_model, 6);
    assert_int_equal(t.d_k, 4);
    assert_int_equal(in.n_generated, 3);
    assert_true(in.w_generated[0] && in.w_generated[2]);
    assert_string_equal(in.wcols[1][3], "k4");
    // ±1/√6 ≈ 0.41 at most
    assert_true(mat_max_abs(&in.W[0]) <= 0.41 + 1e-12);
    trace_free(&t);
    inputs_free(&in);
    rmdir(dir);
}

static void test_shape_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/attntrace-shape.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[128];
    snprintf(p, sizeof p, "%s/embeddings.csv", dir);
    write_csv(p, "token", "t", 2, "d", 3, ident);
    snprintf(p, sizeof p, "%s/W_Q.csv", dir);
    write_csv(p, "dim", "d", 2, "q", 3, ident); // 2 rows, but d_model = 3
    InputOptions io = {.sample = dir, .sentence = "t1 t2", .seed = 1};
    Inputs in;
    AtError e = {0};
    assert_int_equal(inputs_load(&io, &in, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, "W_Q.csv: has 2 rows, but the embeddings have 3 dimensions"));
    write_csv(p, "dim", "d", 3, "q", 3, ident);
    snprintf(p, sizeof p, "%s/W_K.csv", dir);
    write_csv(p, "dim", "d", 3, "k", 2, ident); // d_k differs from W_Q's
    assert_int_equal(inputs_load(&io, &in, &e), -1);
    assert_non_null(strstr(e.msg, "W_Q has 3 columns but W_K has 2"));
    write_csv(p, "dim", "x", 3, "k", 3, ident); // row labels do not match the dimensions
    assert_int_equal(inputs_load(&io, &in, &e), -1);
    assert_non_null(strstr(e.msg, "W_K.csv:2:1: row label \"x1\" should be \"d1\""));
    unlink(p);
    snprintf(p, sizeof p, "%s/W_Q.csv", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/embeddings.csv", dir);
    unlink(p);
    rmdir(dir);
}

static double huge(size_t i, size_t j) { (void)i, (void)j; return 1e200; }
static double one(size_t i, size_t j) { (void)i, (void)j; return 1.0; }
static double minus_one(size_t i, size_t j) { (void)i, (void)j; return -1.0; }

// Embeddings of 1e200 give scores of ±2e400: an overflow, reported with the cell and the
// files. With negated W_K every score is -inf, which must not pass for a masked row.
static void overflow_case(bool negative)
{
    char dir[] = "/tmp/attntrace-huge.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[3][128];
    snprintf(p[0], sizeof p[0], "%s/embeddings.csv", dir);
    write_csv(p[0], "token", "t", 2, "d", 2, huge);
    snprintf(p[1], sizeof p[1], "%s/W_Q.csv", dir);
    write_csv(p[1], "dim", "d", 2, "q", 2, one);
    snprintf(p[2], sizeof p[2], "%s/W_K.csv", dir);
    write_csv(p[2], "dim", "d", 2, "k", 2, negative ? minus_one : one);
    InputOptions io = {.sample = dir, .sentence = "t1 t2", .seed = 1};
    TraceOptions to;
    trace_options_default(&to);
    Inputs in;
    Trace t;
    AtError e = {0};
    assert_int_equal(inputs_load(&io, &in, &e), 0);
    assert_int_equal(trace_build(&in, &to, &t, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    char want[1024];
    snprintf(want, sizeof want,
             "scores[1][1] (row \"t1\", column \"t1\") overflows: the inputs are too large for "
             "doubles, their products exceed 1.8e+308 (embeddings: %s; W_Q: %s; W_K: %s)",
             p[0], p[1], p[2]);
    assert_string_equal(e.msg, want);
    inputs_free(&in);
    for (int k = 0; k < 3; k++)
        unlink(p[k]);
    rmdir(dir);
}

static void test_overflowing_products_are_reported(void **state)
{
    (void)state;
    overflow_case(false);
}

static void test_negative_overflow_is_not_a_mask(void **state)
{
    (void)state;
    overflow_case(true);
}

static double g_x, g_w, g_wo; // the values of overflow_stage's files
static double fx(size_t i, size_t j) { (void)i, (void)j; return g_x; }
static double fw(size_t i, size_t j) { (void)i, (void)j; return g_w; }
static double fwo(size_t i, size_t j) { (void)i, (void)j; return g_wo; }

// A sample of two tokens, d_model = d_k = d_v = 2, every embedding x, every weight w and
// every W_O cell wo; trace_build must fail, and its message start with `start` and hold
// `holds` (where DIR stands for the sample folder).
static void overflow_stage(double x, double w, double wo, size_t heads, double temperature,
                           const char *start, const char *holds)
{
    char dir[] = "/tmp/attntrace-over.XXXXXX", p[5][128];
    assert_non_null(mkdtemp(dir));
    static const char *const file[5] = {"embeddings", "W_Q", "W_K", "W_V", "W_O"};
    for (int k = 0; k < 5; k++)
        snprintf(p[k], sizeof p[k], "%s/%s.csv", dir, file[k]);
    g_x = x, g_w = w, g_wo = wo;
    write_csv(p[0], "token", "t", 2, "d", 2, fx);
    write_csv(p[1], "dim", "d", 2, "q", 2, fw);
    write_csv(p[2], "dim", "d", 2, "k", 2, fw);
    write_csv(p[3], "dim", "d", 2, "v", 2, fw);
    write_csv(p[4], "dim", "v", 2, "d", 2, fwo);
    InputOptions io = {.sample = dir, .sentence = "t1 t2", .seed = 1, .heads = heads};
    TraceOptions to;
    trace_options_default(&to);
    to.heads = heads;
    to.temperature = temperature;
    Inputs in;
    Trace t;
    AtError e = {0};
    assert_int_equal(inputs_load(&io, &in, &e), 0);
    assert_int_equal(trace_build(&in, &to, &t, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    char want[512]; // holds, with DIR replaced by the folder
    const char *at = strstr(holds, "DIR");
    if (at)
        snprintf(want, sizeof want, "%.*s%s%s", (int)(at - holds), holds, dir, at + 3);
    else
        snprintf(want, sizeof want, "%s", holds);
    if (strncmp(e.msg, start, strlen(start)) != 0 || !strstr(e.msg, want))
        fail_msg("got: %s\nwanted it to start with: %s\nand hold: %s", e.msg, start, want);
    inputs_free(&in);
    for (int k = 0; k < 5; k++)
        unlink(p[k]);
    rmdir(dir);
}

// Each overflow names its stage and its cause: the files of a product, the temperature
// of a division, W_O for the projection of the heads.
static void test_overflow_names_stage_and_cause(void **state)
{
    (void)state;
    overflow_stage(1e200, 1e200, 1, 1, 1.0,
                   "Q[1][1] (row \"t1\", column \"q1\") overflows: the inputs are too large "
                   "for doubles, the products of the embeddings and W_Q exceed 1.8e+308",
                   "(embeddings: DIR/embeddings.csv; W_Q: ");
    // scores = 8e200, finite; divided by √2·1e-300 they are not.
    overflow_stage(1e100, 1, 1, 1, 1e-300,
                   "scaled[1][1] (row \"t1\", column \"t1\") overflows: scores[1][1] = 8e+200 "
                   "divided by √d_k·T = 1.41e-300 exceeds 1.8e+308; the temperature T = 1e-300 "
                   "is too small for scores this large",
                   "DIR/W_K.csv)");
    overflow_stage(1e100, 1, 1, 2, 1e-300,
                   "scaled.h1[1][1] (row \"t1\", column \"t1\") overflows: scores.h1[1][1] = "
                   "4e+200 divided by √(d_k/H)·T = 1e-300 exceeds",
                   "the temperature T = 1e-300 is too small");
    // Every head's output is 2; concat·W_O = 2·1e308 + 2·1e308.
    overflow_stage(1, 1, 1e308, 2, 1.0,
                   "output[1][1] (row \"t1\", column \"d1\") overflows: the inputs are too "
                   "large for doubles, the products of concat and W_O exceed 1.8e+308",
                   "(W_O: DIR/W_O.csv; ");
}

// A row or column by 1-based number, by label (its first occurrence) or -k from the end;
// a label that looks like -k is read as the label. Lessons and --explain both read them so.
static void test_stage_index_number_label_from_end(void **state)
{
    (void)state;
    char *rows[] = {"the", "-1", "cat", "the"}, *cols[] = {"d1", "d2", "d3"};
    Stage s = {.m = {.rows = 4, .cols = 3}, .row_labels = rows, .col_labels = cols};
    assert_int_equal(stage_index(&s, false, "1"), 0);
    assert_int_equal(stage_index(&s, false, "4"), 3);
    assert_int_equal(stage_index(&s, true, "3"), 2);
    assert_int_equal(stage_index(&s, true, "4"), -1);
    assert_int_equal(stage_index(&s, false, "0"), -1);
    assert_int_equal(stage_index(&s, false, "the"), 0);
    assert_int_equal(stage_index(&s, false, "cat"), 2);
    assert_int_equal(stage_index(&s, true, "d2"), 1);
    assert_int_equal(stage_index(&s, false, "dog"), -1);
    assert_int_equal(stage_index(&s, false, ""), -1);
    assert_int_equal(stage_index(&s, false, "-2"), 2);  // from the end: 4 − 2
    assert_int_equal(stage_index(&s, false, "-4"), 0);
    assert_int_equal(stage_index(&s, false, "-1"), 1);  // the label "-1", not the last row
    assert_int_equal(stage_index(&s, true, "-1"), 2);   // no such column label: the last
    assert_int_equal(stage_index(&s, true, "-3"), 0);
    assert_int_equal(stage_index(&s, true, "-4"), -1);
    assert_int_equal(stage_index(&s, true, "-0"), -1);
    assert_int_equal(stage_index(&s, true, "-"), -1);
    assert_int_equal(stage_index(&s, true, "--1"), -1);
    assert_int_equal(stage_index(&s, true, "- 1"), -1);
    assert_int_equal(stage_index(&s, true, "-1x"), -1);
    assert_int_equal(stage_index(&s, true, "-99999999999999999999999"), -1);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage_order_and_names),
        cmocka_unit_test(test_journey_worked_example),
        cmocka_unit_test(test_scaling_chain_112_96),
        cmocka_unit_test(test_explain_products),
        cmocka_unit_test(test_explain_columns_align_past_nine),
        cmocka_unit_test(test_masked_explain_and_full_mask),
        cmocka_unit_test(test_generated_values_are_deterministic),
        cmocka_unit_test(test_generated_weights_when_missing),
        cmocka_unit_test(test_shape_errors),
        cmocka_unit_test(test_overflowing_products_are_reported),
        cmocka_unit_test(test_negative_overflow_is_not_a_mask),
        cmocka_unit_test(test_overflow_names_stage_and_cause),
        cmocka_unit_test(test_stage_index_number_label_from_end),
    };
    return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
