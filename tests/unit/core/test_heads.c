// test_heads.c — multi-head attention and cross-attention: a tiny two-head case worked out
// by hand in this file (compared to 1e-12), stage names and shapes, the per-axis
// generated marks of cross-attention, explain() for head stages, and the errors.
#include <math.h>
#include <sys/stat.h>

#include "testutil.h"
#include "explain.h"
#include "sample.h"
#include "trace.h"

#define EPS 1e-12

// A folder with the worked example's files:
//
//   X   = a: 1 0 1 0        W_Q = I (4×4)      W_K = diag(1, 1, 2, 2)
//         b: 0 1 0 1        W_V = diag(1, 2, 3, 4)
//
//   W_O = 1 0 0 0           (d_v×d_model: rows v1..v4, columns d1..d4)
//         0 1 0 0
//         0 0 1 0
//         1 1 1 1
static char DIR_PATH[64];

static void write_file(const char *name, const char *text)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", DIR_PATH, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int make_sample(void **state)
{
    (void)state;
    snprintf(DIR_PATH, sizeof DIR_PATH, "/tmp/attntrace-heads.XXXXXX");
    assert_non_null(mkdtemp(DIR_PATH));
    write_file("sentence.txt", "a b\n");
    write_file("embeddings.csv", "token,d1,d2,d3,d4\na,1,0,1,0\nb,0,1,0,1\n");
    write_file("W_Q.csv", "dim,q1,q2,q3,q4\nd1,1,0,0,0\nd2,0,1,0,0\nd3,0,0,1,0\nd4,0,0,0,1\n");
    write_file("W_K.csv", "dim,k1,k2,k3,k4\nd1,1,0,0,0\nd2,0,1,0,0\nd3,0,0,2,0\nd4,0,0,0,2\n");
    write_file("W_V.csv", "dim,v1,v2,v3,v4\nd1,1,0,0,0\nd2,0,2,0,0\nd3,0,0,3,0\nd4,0,0,0,4\n");
    write_file("W_O.csv", "dim,d1,d2,d3,d4\nv1,1,0,0,0\nv2,0,1,0,0\nv3,0,0,1,0\nv4,1,1,1,1\n");
    return 0;
}

static int remove_sample(void **state)
{
    (void)state;
    static const char *const files[] = {"sentence.txt", "embeddings.csv", "W_Q.csv",
                                        "W_K.csv", "W_V.csv", "W_O.csv"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char p[128];
        snprintf(p, sizeof p, "%s/%s", DIR_PATH, files[k]);
        unlink(p);
    }
    rmdir(DIR_PATH);
    return 0;
}

static int build(size_t heads, const char *source, MaskKind mask, Inputs *in, Trace *t,
                 AtError *e)
{
    InputOptions io = {.sample = DIR_PATH, .seed = 1, .heads = heads, .source = source};
    TraceOptions to;
    trace_options_default(&to);
    to.heads = heads;
    to.mask = mask;
    if (inputs_load(&io, in, e) != 0)
        return -1;
    if (trace_build(in, &to, t, e) != 0) {
        inputs_free(in);
        return -1;
    }
    return 0;
}

static void expect_matrix(const Trace *t, const char *name, size_t rows, size_t cols,
                          const double *want)
{
    const Stage *s = trace_find(t, name);
    if (!s)
        fail_msg("no stage %s", name);
    assert_int_equal(s->m.rows, rows);
    assert_int_equal(s->m.cols, cols);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            if (fabs(mat_get(&s->m, i, j) - want[i * cols + j]) > EPS)
                fail_msg("%s[%zu][%zu] = %.17g, by hand %.17g", name, i + 1, j + 1,
                         mat_get(&s->m, i, j), want[i * cols + j]);
}

// The worked example, by hand. H = 2 heads, d_k = d_v = 4, so each head takes 2 columns.
//   Q = X·I = X;  K = X·diag(1,1,2,2): a → (1 0 2 0), b → (0 1 0 2)
//   V = X·diag(1,2,3,4): a → (1 0 3 0), b → (0 2 0 4)
//   head 1, columns 1–2: Q₁ = [[1 0] [0 1]], K₁ = [[1 0] [0 1]]  → scores.h1 = [[1 0] [0 1]]
//   head 2, columns 3–4: Q₂ = [[1 0] [0 1]], K₂ = [[2 0] [0 2]]  → scores.h2 = [[2 0] [0 2]]
//   scaled = scores / √(d_k/H) = scores / √2
//   softmax of (x, 0) = (σ(x), 1 − σ(x)), σ(x) = 1 / (1 + e^−x):
//     weights.h1 = [[w1, 1−w1] [1−w1, w1]], w1 = σ(1/√2)
//     weights.h2 = [[w2, 1−w2] [1−w2, w2]], w2 = σ(2/√2) = σ(√2)
//   output.h1 = weights.h1 · V[:, 1–2], V₁ = [[1 0] [0 2]]: a → (w1, 2(1−w1)), b → (1−w1, 2w1)
//   output.h2 = weights.h2 · V[:, 3–4], V₂ = [[3 0] [0 4]]: a → (3w2, 4(1−w2)), b → (3(1−w2), 4w2)
//   concat = [output.h1 output.h2]; output = concat·W_O: (c1+c4, c2+c4, c3+c4, c4)
static void test_two_heads_by_hand(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    AtError e = {0};
    if (build(2, NULL, MASK_NONE, &in, &t, &e) != 0)
        fail_msg("%s", e.msg);
    double r2 = sqrt(2.0);
    double w1 = 1.0 / (1.0 + exp(-1.0 / r2)), w2 = 1.0 / (1.0 + exp(-r2));

    expect_matrix(&t, "scores.h1", 2, 2, (double[]){1, 0, 0, 1});
    expect_matrix(&t, "scores.h2", 2, 2, (double[]){2, 0, 0, 2});
    expect_matrix(&t, "scaled.h1", 2, 2, (double[]){1 / r2, 0, 0, 1 / r2});
    expect_matrix(&t, "scaled.h2", 2, 2, (double[]){r2, 0, 0, r2});
    expect_matrix(&t, "weights.h1", 2, 2, (double[]){w1, 1 - w1, 1 - w1, w1});
    expect_matrix(&t, "weights.h2", 2, 2, (double[]){w2, 1 - w2, 1 - w2, w2});
    expect_matrix(&t, "output.h1", 2, 2, (double[]){w1, 2 * (1 - w1), 1 - w1, 2 * w1});
    expect_matrix(&t, "output.h2", 2, 2, (double[]){3 * w2, 4 * (1 - w2), 3 * (1 - w2), 4 * w2});
    double a[4] = {w1, 2 * (1 - w1), 3 * w2, 4 * (1 - w2)};
    double b[4] = {1 - w1, 2 * w1, 3 * (1 - w2), 4 * w2};
    expect_matrix(&t, "concat", 2, 4, (double[]){a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]});
    expect_matrix(&t, "output", 2, 4,
                  (double[]){a[0] + a[3], a[1] + a[3], a[2] + a[3], a[3],
                             b[0] + b[3], b[1] + b[3], b[2] + b[3], b[3]});
    assert_double_near(t.divisor, r2, EPS);
    trace_free(&t);
    inputs_free(&in);
}

static void test_stage_names_with_heads(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    AtError e = {0};
    if (build(2, NULL, MASK_CAUSAL, &in, &t, &e) != 0)
        fail_msg("%s", e.msg);
    const char *want[] = {"embeddings", "W_Q", "W_K", "W_V", "Q", "K", "V",
                          "scores.h1", "scaled.h1", "masked.h1", "weights.h1", "output.h1",
                          "scores.h2", "scaled.h2", "masked.h2", "weights.h2", "output.h2",
                          "concat", "W_O", "output"};
    assert_int_equal(t.count, sizeof want / sizeof want[0]);
    for (size_t k = 0; k < t.count; k++)
        assert_string_equal(t.stage[k].name, want[k]);
    // Kinds, heads and slices.
    const Stage *s = trace_find(&t, "scores.h2");
    assert_int_equal(s->id, ST_SCORES);
    assert_int_equal(s->head, 2);
    assert_int_equal(s->qk0, 2);
    assert_int_equal(s->qk1, 4);
    assert_int_equal(s->v0, 2);
    assert_string_equal(s->title, "Raw attention scores, head 2");
    assert_string_equal(s->formula, "scores.h2 = Q·Kᵀ over columns 3–4");
    assert_string_equal(trace_find(&t, "scaled.h1")->formula, "scaled.h1 = scores.h1 / √(d_k/H)");
    assert_string_equal(trace_find(&t, "output")->formula, "output = concat·W_O");
    assert_ptr_equal(trace_find_head(&t, ST_WEIGHTS, 2), trace_find(&t, "weights.h2"));
    assert_ptr_equal(trace_find_head(&t, ST_OUTPUT, 0), trace_find(&t, "output"));
    assert_null(trace_find_head(&t, ST_WEIGHTS, 3));
    // "scores" alone is no stage with heads; lessons read it as head 1.
    assert_null(trace_find(&t, "scores"));
    assert_ptr_equal(trace_find_lenient(&t, "scores"), trace_find(&t, "scores.h1"));
    assert_ptr_equal(trace_find_lenient(&t, "output"), trace_find(&t, "output"));
    assert_string_equal(trace_missing_why(&t, "scores"),
                        "is split by head with --heads: name one, like scores.h1");
    assert_true(stage_is_input(trace_find(&t, "W_O")));
    assert_false(stage_is_input(trace_find(&t, "concat")));
    // masked.h1 still hides the future
    assert_true(isinf(mat_get(&trace_find(&t, "masked.h1")->m, 0, 1)));
    trace_free(&t);
    inputs_free(&in);

    // One head: the names of old, no concat, no W_O.
    if (build(1, NULL, MASK_NONE, &in, &t, &e) != 0)
        fail_msg("%s", e.msg);
    assert_int_equal(t.count, 11);
    assert_non_null(trace_find(&t, "scores"));
    assert_null(trace_find(&t, "scores.h1"));
    assert_null(trace_find(&t, "concat"));
    assert_int_equal(trace_find(&t, "scores")->head, 0);
    assert_string_equal(trace_missing_why(&t, "scores.h1"), "exists only with --heads H > 1");
    trace_free(&t);
    inputs_free(&in);
}

static void test_stage_name_parse(void **state)
{
    (void)state;
    StageId id;
    int head;
    assert_true(stage_name_parse("weights.h8", &id, &head));
    assert_int_equal(id, ST_WEIGHTS);
    assert_int_equal(head, 8);
    assert_true(stage_name_parse("W_O", &id, &head));
    assert_int_equal(id, ST_WO);
    assert_int_equal(head, 0);
    assert_true(stage_name_parse("source", NULL, NULL));
    assert_false(stage_name_parse("weights.h9", NULL, NULL));
    assert_false(stage_name_parse("weights.h0", NULL, NULL));
    assert_false(stage_name_parse("Q.h1", NULL, NULL)); // Q is whole, never per head
    assert_false(stage_name_parse("concat.h1", NULL, NULL));
    assert_false(stage_name_parse("scoresx", NULL, NULL));
}

static void test_explain_heads(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    AtError e = {0};
    if (build(2, NULL, MASK_NONE, &in, &t, &e) != 0)
        fail_msg("%s", e.msg);
    Lines l;
    // scores.h2[1][1] = Q[1][3]·K[1][3] + Q[1][4]·K[1][4] = 1·2 + 0·0 = 2
    assert_int_equal(explain(&t, trace_find(&t, "scores.h2"), 0, 0, &l, &e), 0);
    assert_string_equal(l.line[0], "scores.h2[1][1] = q_1 · k_1  (query \"a\", key \"a\")");
    assert_string_equal(l.line[1], "= Σ_c Q[1][c] · K[1][c] over head 2's columns c = 3..4 of "
                                   "d_k = 4 (d_k/H = 2 each)");
    assert_string_equal(l.line[2], "  c=3     1.0000 ×     2.0000 =     2.0000");
    assert_string_equal(l.line[3], "  c=4     0.0000 ×     0.0000 =     0.0000");
    assert_string_equal(l.line[4], "  sum = 2.0000");
    lines_free(&l);
    // scaled.h2: divided by √(d_k/H) = √(4/2)
    assert_int_equal(explain(&t, trace_find(&t, "scaled.h2"), 0, 0, &l, &e), 0);
    assert_string_equal(l.line[1], "= scores.h2[1][1] / √(d_k/H) = 2.0000 / √(4/2) = 2.0000 / "
                                   "1.4142 = 1.4142");
    lines_free(&l);
    // output.h2[2][2] = Σ_j weights.h2[2][j] · V[j][4]
    assert_int_equal(explain(&t, trace_find(&t, "output.h2"), 1, 1, &l, &e), 0);
    assert_string_equal(l.line[0], "output.h2[2][2] = Σ_j weights.h2[2][j] · V[j][4]  (token "
                                   "\"b\", column \"v4\")");
    lines_free(&l);
    // concat[1][3] comes from head 2, its column 1
    assert_int_equal(explain(&t, trace_find(&t, "concat"), 0, 2, &l, &e), 0);
    assert_non_null(strstr(l.line[1], "= output.h2[1][1]: head 2's output fills concat "
                                      "columns 3..4"));
    lines_free(&l);
    // output[1][1] = Σ_k concat[1][k]·W_O[k][1]: one line per concat column, then the sum
    assert_int_equal(explain(&t, trace_find(&t, "output"), 0, 0, &l, &e), 0);
    assert_string_equal(l.line[0], "output[1][1] = row 1 of concat · column 1 of W_O  (token "
                                   "\"a\", column \"d1\")");
    assert_int_equal(l.n, 2 + 4 + 1);
    assert_non_null(strstr(l.line[5], "(head 2)"));
    lines_free(&l);
    assert_int_equal(explain(&t, trace_find(&t, "W_O"), 3, 0, &l, &e), 0);
    assert_non_null(strstr(l.line[0], "concat column \"v4\" (from head 2)"));
    lines_free(&l);
    trace_free(&t);
    inputs_free(&in);
}

// Cross-attention: 2 queries ("a b"), 3 keys and values from the source "b a zebra".
static void test_cross_attention(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    AtError e = {0};
    if (build(1, "b a zebra", MASK_NONE, &in, &t, &e) != 0)
        fail_msg("%s", e.msg);
    assert_true(t.cross);
    assert_int_equal(t.n, 2);
    assert_int_equal(t.m, 3);
    const char *want[] = {"embeddings", "source", "W_Q", "W_K", "W_V", "Q", "K", "V",
                          "scores", "scaled", "weights", "output"};
    assert_int_equal(t.count, 12);
    for (size_t k = 0; k < t.count; k++)
        assert_string_equal(t.stage[k].name, want[k]);
    const Stage *src = trace_find(&t, "source"), *K = trace_find(&t, "K"),
                *sc = trace_find(&t, "scores"), *out = trace_find(&t, "output");
    assert_int_equal(src->m.rows, 3);
    assert_int_equal(K->m.rows, 3);
    assert_int_equal(sc->m.rows, 2);
    assert_int_equal(sc->m.cols, 3);
    assert_int_equal(out->m.rows, 2);
    assert_string_equal(K->formula, "K = X_src·W_K");
    assert_string_equal(trace_find(&t, "Q")->formula, "Q = X·W_Q");
    assert_string_equal(sc->corner, "query\\key");
    assert_string_equal(sc->row_labels[1], "b");
    assert_string_equal(sc->col_labels[2], "zebra");
    // The generated mark follows each axis' own sentence: zebra is the third source token.
    assert_false(stage_generated(sc, false, 1));
    assert_true(stage_generated(sc, true, 2));
    assert_false(stage_generated(sc, true, 0));
    assert_true(stage_generated(src, false, 2));
    assert_false(stage_generated(trace_find(&t, "W_Q"), false, 0));
    assert_int_equal(in.n_src_generated, 1);
    assert_int_equal(in.n_generated, 0);
    // K = X_src·W_K: source row "b" is (0 1 0 1) → (0 1 0 2)
    assert_double_near(mat_get(&K->m, 0, 3), 2.0, EPS);
    // scores["a"]["b"] = q_a · k_b = (1 0 1 0)·(0 1 0 2) = 0; scores["b"]["b"] = 1 + 2 = 3
    assert_double_near(mat_get(&sc->m, 0, 0), 0.0, EPS);
    assert_double_near(mat_get(&sc->m, 1, 0), 3.0, EPS);
    Lines l;
    assert_int_equal(explain(&t, K, 2, 0, &l, &e), 0);
    assert_string_equal(l.line[0], "K[3][1] = row 3 of X_src · column 1 of W_K  (token "
                                   "\"zebra\", column \"k1\")");
    lines_free(&l);
    assert_int_equal(explain(&t, src, 2, 0, &l, &e), 0);
    assert_non_null(strstr(l.line[1], "\"zebra\" is not in the vocabulary"));
    lines_free(&l);
    assert_int_equal(explain(&t, sc, 1, 2, &l, &e), 0);
    assert_string_equal(l.line[0], "scores[2][3] = q_2 · k_3  (query \"b\", key \"zebra\")");
    lines_free(&l);
    trace_free(&t);
    inputs_free(&in);

    // With two heads as well.
    if (build(2, "b a zebra", MASK_NONE, &in, &t, &e) != 0)
        fail_msg("%s", e.msg);
    assert_int_equal(trace_find(&t, "weights.h2")->m.cols, 3);
    assert_int_equal(trace_find(&t, "output")->m.cols, 4);
    trace_free(&t);
    inputs_free(&in);
}

static void test_errors(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    AtError e = {0};
    // d_k = 4 is not divisible by 3
    assert_int_equal(build(3, NULL, MASK_NONE, &in, &t, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, "--heads 3: d_k = 4 and d_v = 4 must both be divisible by 3"));
    // no causal mask across two sentences
    assert_int_equal(build(1, "a b", MASK_CAUSAL, &in, &t, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, "--mask causal does not apply to cross-attention"));
    // an empty source
    assert_int_equal(build(1, "   ", MASK_NONE, &in, &t, &e), -1);
    assert_non_null(strstr(e.msg, "--source: "));
    // W_O of the wrong shape
    write_file("W_O.csv", "dim,d1,d2\nv1,1,0\nv2,0,1\nv3,0,0\nv4,1,1\n");
    assert_int_equal(build(2, NULL, MASK_NONE, &in, &t, &e), -1);
    assert_non_null(strstr(e.msg, "W_O must be d_v×d_model = 4×4"));
    write_file("W_O.csv", "dim,d1,d2,d3,d4\nv1,1,0,0,0\nv2,0,1,0,0\nx3,0,0,1,0\nv4,1,1,1,1\n");
    assert_int_equal(build(2, NULL, MASK_NONE, &in, &t, &e), -1);
    assert_non_null(strstr(e.msg, "W_O.csv:4:1: row label \"x3\" should be \"v3\""));
    write_file("W_O.csv", "dim,d1,d2,d3,d4\nv1,1,0,0,0\nv2,0,1,0,0\nv3,0,0,1,0\nv4,1,1,1,1\n");
}

// Without W_O.csv, W_O is generated (deterministically) with V's and X's names.
static void test_generated_wo(void **state)
{
    (void)state;
    InputOptions io = {.sample = DIR_PATH, .seed = 7, .heads = 2, .wo_path = NULL};
    char p[128];
    snprintf(p, sizeof p, "%s/W_O.csv", DIR_PATH);
    rename(p, "/tmp/attntrace-heads-wo.csv");
    Inputs a, b;
    AtError e = {0};
    assert_int_equal(inputs_load(&io, &a, &e), 0);
    assert_int_equal(inputs_load(&io, &b, &e), 0);
    assert_true(a.wo_generated);
    assert_int_equal(a.W_O.rows, 4);
    assert_int_equal(a.W_O.cols, 4);
    assert_string_equal(a.wo_cols[2], "d3");
    assert_memory_equal(a.W_O.v, b.W_O.v, 16 * sizeof(double));
    assert_non_null(strstr(a.source[W_O_SOURCE], "generated (seed 7)"));
    inputs_free(&a);
    inputs_free(&b);
    // --wo names the file
    io.wo_path = "/tmp/attntrace-heads-wo.csv";
    assert_int_equal(inputs_load(&io, &a, &e), 0);
    assert_false(a.wo_generated);
    assert_double_near(mat_get(&a.W_O, 3, 0), 1.0, EPS);
    inputs_free(&a);
    rename("/tmp/attntrace-heads-wo.csv", p);
    // One head: no W_O at all
    io.heads = 1;
    assert_int_equal(inputs_load(&io, &a, &e), 0);
    assert_int_equal(a.W_O.rows, 0);
    inputs_free(&a);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_heads_by_hand),
        cmocka_unit_test(test_stage_names_with_heads),
        cmocka_unit_test(test_stage_name_parse),
        cmocka_unit_test(test_explain_heads),
        cmocka_unit_test(test_cross_attention),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_generated_wo),
    };
    return cmocka_run_group_tests_name("heads", tests, make_sample, remove_sample);
}
