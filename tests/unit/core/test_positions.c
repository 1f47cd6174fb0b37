// test_positions.c — word order and positions: sinusoids worked out by hand, learned
// position tables and their errors, the RoPE rotation (a known angle, and a score that
// depends only on the offset of the two positions), the --shuffle permutation, and what
// each does to a trace.
#include <errno.h>
#include <math.h>
#include <sys/stat.h>

#include "testutil.h"
#include "explain.h"
#include "positions.h"
#include "rope.h"
#include "sample.h"
#include "shuffle.h"
#include "trace.h"

#define EPS 1e-12
#define BY_HAND "samples/by-hand" // X: I (1,0), like (0,1), cats (1,1); d_model 2, d_k 4

// ─── sinusoids ──────────────────────────────────────────────────────────────────

static void test_sinusoid_by_hand(void **state)
{
    (void)state;
    // d_model = 4: columns 0,1 turn at 1 rad per position, columns 2,3 at 1/10000^(2/4)
    // = 1/100 rad. Position 0 is (0, 1, 0, 1).
    const double p0[4] = {0, 1, 0, 1};
    for (size_t c = 0; c < 4; c++)
        assert_double_near(pos_sinusoid(0, c, 4), p0[c], EPS);
    assert_double_near(pos_sinusoid(1, 0, 4), 0.8414709848078965, EPS);  // sin 1
    assert_double_near(pos_sinusoid(1, 1, 4), 0.5403023058681398, EPS);  // cos 1
    assert_double_near(pos_sinusoid(1, 2, 4), 0.009999833334166664, EPS); // sin 0.01
    assert_double_near(pos_sinusoid(1, 3, 4), 0.9999500004166653, EPS);  // cos 0.01
    assert_double_near(pos_sinusoid(2, 0, 4), 0.9092974268256817, EPS);  // sin 2
    assert_double_near(pos_wavelength(3, 4), 100.0, EPS);
    // d_model = 3: the odd last column (2 = 2i, i = 1) gets the sine of p / 10000^(2/3)
    assert_double_near(pos_wavelength(2, 3), 464.15888336127773, 1e-9);
    assert_double_near(pos_sinusoid(1, 2, 3), sin(1 / 464.15888336127773), EPS);
}

// ─── learned positions ──────────────────────────────────────────────────────────

static char *dims_ab[] = {"a", "b"};

static void expect_load_error(const char *text, const char *want)
{
    PosTable pt;
    AtError e = {0};
    const char *path = temp_file(text, -1);
    assert_int_equal(pos_table_load(path, dims_ab, 2, &pt, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    if (!strstr(e.msg, want) || !strstr(e.msg, path))
        fail_msg("want \"%s\" and the path in: %s", want, e.msg);
    unlink(path);
}

static void test_table_loads_and_checks(void **state)
{
    (void)state;
    PosTable pt;
    AtError e = {0};
    const char *path = temp_file("position,a,b\n0,0.5,-1\n1,2,3\n", -1);
    assert_int_equal(pos_table_load(path, dims_ab, 2, &pt, &e), 0);
    assert_int_equal(pt.P.rows, 2);
    assert_double_near(mat_get(&pt.P, 1, 1), 3, 0);
    Matrix P;
    assert_int_equal(positions_make(POS_TABLE, &pt, 2, 2, "the sentence", &P, &e), 0);
    assert_double_near(mat_get(&P, 0, 1), -1, 0);
    mat_free(&P);
    // three tokens, two rows: the line where row 2 is missing
    assert_int_equal(positions_make(POS_TABLE, &pt, 3, 2, "the sentence", &P, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, ":4:1: has 2 rows of positions, but the sentence has 3 tokens "
                               "(positions 0 to 2): add row 2"));
    pos_table_free(&pt);
    unlink(path);
    expect_load_error("token,a,b\n0,1,2\n", ":1:1: the corner cell is \"token\"");
    expect_load_error("position,a,c\n0,1,2\n", ":1:3: column \"c\" should be \"b\"");
    expect_load_error("position,a\n0,1\n", ":1:3: has 1 columns of numbers");
    expect_load_error("position,a,b\n0,1,2\n2,1,2\n", ":3:1: row label \"2\" should be \"1\"");
    expect_load_error("position,a,b\n00,1,2\n", ":2:1: row label \"00\" should be \"0\"");
    expect_load_error("position,a,b\n0,1,x\n", ":2:3:");
}

static void test_table_refuses_fifo_and_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/attntrace-pos.XXXXXX", fifo[64];
    assert_non_null(mkdtemp(dir));
    snprintf(fifo, sizeof fifo, "%s/p.csv", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    PosTable pt;
    AtError e = {0};
    assert_int_equal(pos_table_load(fifo, dims_ab, 2, &pt, &e), -1); // never blocks
    assert_non_null(strstr(e.msg, fifo));
    assert_int_equal(pos_table_load(dir, dims_ab, 2, &pt, &e), -1);
    unlink(fifo);
    rmdir(dir);
}

// ─── RoPE ───────────────────────────────────────────────────────────────────────

static void test_rotation_by_known_angles(void **state)
{
    (void)state;
    double x = 1, y = 0;
    rope_rotate_pair(&x, &y, M_PI / 2); // a quarter turn: (1, 0) → (0, 1)
    assert_double_near(x, 0, EPS);
    assert_double_near(y, 1, EPS);
    x = 3, y = 4;
    rope_rotate_pair(&x, &y, M_PI); // a half turn: (3, 4) → (−3, −4)
    assert_double_near(x, -3, EPS);
    assert_double_near(y, -4, EPS);
    x = 1, y = 1;
    rope_rotate_pair(&x, &y, M_PI / 4); // (1, 1) → (0, √2): the length stays √2
    assert_double_near(x, 0, EPS);
    assert_double_near(y, sqrt(2), EPS);
    assert_double_near(rope_theta(0, 4), 1, EPS);
    assert_double_near(rope_theta(1, 4), 0.01, EPS);
}

// Row p of rope_apply is turned by p·θ_i: row 1 of a d_head = 2 matrix by 1 rad, and a
// second head's slice on its own (its pair 0 again at θ_0 = 1).
static void test_rope_apply_rows_and_heads(void **state)
{
    (void)state;
    Matrix M, R;
    assert_int_equal(mat_init(&M, 2, 4), 0);
    for (size_t p = 0; p < 2; p++)
        for (size_t c = 0; c < 4; c += 2)
            mat_set(&M, p, c, 1.0); // every pair (1, 0)
    assert_int_equal(rope_apply(&M, 2, &R), 0);
    assert_double_near(mat_get(&R, 0, 0), 1, EPS); // position 0: unturned
    assert_double_near(mat_get(&R, 0, 1), 0, EPS);
    for (size_t c = 0; c < 4; c += 2) { // position 1: (cos 1, sin 1) in both heads
        assert_double_near(mat_get(&R, 1, c), cos(1.0), EPS);
        assert_double_near(mat_get(&R, 1, c + 1), sin(1.0), EPS);
    }
    mat_free(&R);
    assert_int_equal(rope_apply(&M, 4, &R), 0); // one head of 4: pair 1 turns by 0.01
    assert_double_near(mat_get(&R, 1, 2), cos(0.01), EPS);
    mat_free(&R);
    mat_free(&M);
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t k = 0; k < n; k++)
        s += a[k] * b[k];
    return s;
}

// q at position p and k at position r score the same as at p + s and r + s.
static void test_score_depends_on_offset_only(void **state)
{
    (void)state;
    const double q[4] = {0.3, -1.2, 0.7, 2.0}, k[4] = {1.1, 0.4, -0.5, 0.9};
    Matrix Q, K, Qr, Kr;
    assert_int_equal(mat_init(&Q, 12, 4), 0);
    assert_int_equal(mat_init(&K, 12, 4), 0);
    for (size_t p = 0; p < 12; p++) { // the same vector at every position
        memcpy(mat_row(&Q, p), q, sizeof q);
        memcpy(mat_row(&K, p), k, sizeof k);
    }
    assert_int_equal(rope_apply(&Q, 4, &Qr), 0);
    assert_int_equal(rope_apply(&K, 4, &Kr), 0);
    for (size_t p = 0; p < 5; p++)
        for (size_t r = 0; r < 5; r++)
            for (size_t s = 1; s < 7; s++)
                assert_double_near(dot(mat_row(&Qr, p), mat_row(&Kr, r), 4),
                                   dot(mat_row(&Qr, p + s), mat_row(&Kr, r + s), 4), 1e-12);
    // and it does depend on the offset: 0 apart and 3 apart differ
    assert_true(fabs(dot(mat_row(&Qr, 0), mat_row(&Kr, 0), 4) -
                     dot(mat_row(&Qr, 3), mat_row(&Kr, 0), 4)) > 0.1);
    // position 0 is not turned: the plain dot product
    assert_double_near(dot(mat_row(&Qr, 0), mat_row(&Kr, 0), 4), dot(q, k, 4), EPS);
    mat_free(&Q), mat_free(&K), mat_free(&Qr), mat_free(&Kr);
}

// ─── the permutation ────────────────────────────────────────────────────────────

static void test_permutation_pinned_and_complete(void **state)
{
    (void)state;
    // Pinned against the documented algorithm, computed independently (Python):
    // xorshift64 from SEED ^ 0x9E3779B97F4A7C15, Fisher–Yates from the end.
    size_t p[8];
    shuffle_permutation(3, 3, p);
    assert_true(p[0] == 1 && p[1] == 2 && p[2] == 0);
    shuffle_permutation(1, 8, p);
    const size_t want1[8] = {3, 0, 6, 1, 2, 5, 7, 4};
    for (size_t k = 0; k < 8; k++)
        assert_int_equal(p[k], want1[k]);
    shuffle_permutation(UINT64_MAX, 6, p);
    const size_t want2[6] = {3, 0, 5, 2, 4, 1};
    for (size_t k = 0; k < 6; k++)
        assert_int_equal(p[k], want2[k]);
    // every seed and length: each index exactly once
    for (uint64_t seed = 0; seed < 200; seed++)
        for (size_t n = 0; n <= 8; n++) {
            bool seen[8] = {false};
            shuffle_permutation(seed, n, p);
            for (size_t k = 0; k < n; k++) {
                assert_true(p[k] < n && !seen[p[k]]);
                seen[p[k]] = true;
            }
        }
    char buf[64];
    shuffle_describe((size_t[]){1, 2, 0}, 3, buf, sizeof buf);
    assert_string_equal(buf, "2 3 1");
}

// ─── traces ─────────────────────────────────────────────────────────────────────

static void load(Inputs *in, const char *sentence, const char *source)
{
    InputOptions io = {.sample = BY_HAND, .seed = 1, .sentence = sentence, .source = source};
    AtError e = {0};
    if (inputs_load(&io, in, &e) != 0)
        fail_msg("inputs_load: %s", e.msg);
}

static void build(const Inputs *in, const TraceOptions *to, Trace *t)
{
    AtError e = {0};
    if (trace_build(in, to, t, &e) != 0)
        fail_msg("trace_build: %s", e.msg);
}

static void test_trace_stages_with_pos_and_rope(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    TraceOptions to;
    trace_options_default(&to);
    to.pos = POS_SINUSOIDAL;
    to.rope = true;
    load(&in, NULL, NULL);
    build(&in, &to, &t);
    const char *want[] = {"embeddings", "positions", "input", "W_Q", "W_K", "W_V", "Q", "K",
                          "V", "Q.rope", "K.rope", "scores", "scaled", "weights", "output"};
    assert_int_equal(t.count, 15);
    for (size_t k = 0; k < t.count; k++)
        assert_string_equal(t.stage[k].name, want[k]);
    const Stage *X = trace_find(&t, "embeddings"), *input = trace_find(&t, "input");
    // "like" (0, 1) at position 1: (0 + sin 1, 1 + cos 1)
    assert_double_near(mat_get(&input->m, 1, 0), sin(1.0), EPS);
    assert_double_near(mat_get(&input->m, 1, 1), 1 + cos(1.0), EPS);
    assert_double_near(mat_get(&X->m, 1, 1), 1, 0);
    assert_string_equal(trace_find(&t, "Q")->formula, "Q = input·W_Q");
    assert_string_equal(trace_find(&t, "scores")->formula, "scores = Q.rope·K.ropeᵀ");
    // scores[2][3] = Q.rope row 2 · K.rope row 3
    const Stage *qr = trace_find(&t, "Q.rope"), *kr = trace_find(&t, "K.rope");
    assert_double_near(mat_get(&trace_find(&t, "scores")->m, 1, 2),
                       dot(mat_row(&qr->m, 1), mat_row(&kr->m, 2), 4), EPS);
    // explain: the angle and the rotation, and the offset under RoPE
    Lines l;
    AtError e = {0};
    assert_int_equal(explain(&t, qr, 2, 1, &l, &e), 0);
    assert_non_null(strstr(l.line[2], "angle = p·θ_k = 2 × 1.0000 = 2.0000 rad"));
    assert_non_null(strstr(l.line[3], "= x·sin(angle) + y·cos(angle)"));
    lines_free(&l);
    assert_int_equal(explain(&t, trace_find(&t, "scores"), 2, 0, &l, &e), 0);
    bool offset = false;
    for (size_t k = 0; k < l.n; k++)
        offset |= strstr(l.line[k], "offset i − j = 2 − 0 = 2") != NULL;
    assert_true(offset);
    lines_free(&l);
    assert_int_equal(explain(&t, trace_find(&t, "positions"), 1, 1, &l, &e), 0);
    assert_non_null(strstr(l.line[2], "= cos(1 / 1.0000) = cos(1.0000) = 0.5403"));
    lines_free(&l);
    assert_int_equal(explain(&t, input, 1, 1, &l, &e), 0);
    assert_non_null(strstr(l.line[1], "= 1.0000 + 0.5403 = 1.5403"));
    lines_free(&l);
    trace_free(&t);
    // without them: none of the new stages, and the reason
    trace_options_default(&to);
    build(&in, &to, &t);
    assert_int_equal(t.count, 11);
    assert_string_equal(trace_missing_why(&t, "positions"),
                        "exists only with --pos sinusoidal or --pos FILE");
    assert_string_equal(trace_missing_why(&t, "K.rope"), "exists only with --rope");
    assert_string_equal(trace_missing_why(&t, "source.input"),
                        "exists only with --pos and --source");
    trace_free(&t);
    inputs_free(&in);
}

// Cross-attention: the source gets its own positions from 0; K.rope turns by them.
static void test_source_positions_from_zero(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    TraceOptions to;
    trace_options_default(&to);
    to.pos = POS_SINUSOIDAL;
    to.rope = true;
    load(&in, "I like cats", "cats");
    build(&in, &to, &t);
    const Stage *sp = trace_find(&t, "source.positions"), *si = trace_find(&t, "source.input");
    assert_non_null(sp);
    assert_int_equal(sp->m.rows, 1);
    assert_double_near(mat_get(&sp->m, 0, 1), 1, EPS); // position 0: (0, 1)
    assert_double_near(mat_get(&si->m, 0, 1), 2, EPS); // cats (1, 1) + (0, 1)
    assert_string_equal(trace_find(&t, "K")->formula, "K = source.input·W_K");
    const Stage *K = trace_find(&t, "K"), *kr = trace_find(&t, "K.rope");
    for (size_t c = 0; c < 4; c++) // its only key sits at 0: not turned
        assert_double_near(mat_get(&kr->m, 0, c), mat_get(&K->m, 0, c), EPS);
    assert_string_equal(t.stage[3].name, "source");
    assert_string_equal(t.stage[4].name, "source.positions");
    trace_free(&t);
    inputs_free(&in);
}

static void test_rope_needs_even_d_head(void **state)
{
    (void)state;
    Inputs in;
    Trace t;
    TraceOptions to;
    trace_options_default(&to);
    to.rope = true;
    load(&in, NULL, NULL);
    AtError e = {0};
    assert_int_equal(inputs_generate_weights(&in, 3, 1, &e), 0); // d_k = d_head = 3
    assert_int_equal(trace_build(&in, &to, &t, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, "--rope: d_head = d_k/H = 3/1 = 3 is odd"));
    to.rope = false; // the same weights without RoPE are fine
    assert_int_equal(trace_build(&in, &to, &t, &e), 0);
    trace_free(&t);
    inputs_free(&in);
}

// Without positions a shuffled sentence's weights are the original's, rows and columns
// permuted; with positions they are not.
static void test_shuffle_permutes_rows_without_positions(void **state)
{
    (void)state;
    for (int pos = 0; pos < 2; pos++) {
        Inputs a, b;
        Trace ta, tb;
        TraceOptions to;
        trace_options_default(&to);
        to.pos = pos ? POS_SINUSOIDAL : POS_NONE;
        load(&a, "I like cats", NULL);
        load(&b, "I like cats", NULL);
        AtError e = {0};
        assert_int_equal(inputs_shuffle(&b, 3, &e), 0); // order 2 3 1
        assert_string_equal(b.sentence, "like cats I");
        assert_string_equal(b.tokens.tok[0], "like");
        assert_int_equal(b.order[0], 1);
        build(&a, &to, &ta);
        build(&b, &to, &tb);
        const Stage *wa = trace_find(&ta, "weights"), *wb = trace_find(&tb, "weights");
        double worst = 0;
        for (size_t i = 0; i < 3; i++)
            for (size_t j = 0; j < 3; j++)
                worst = fmax(worst, fabs(mat_get(&wb->m, i, j) -
                                         mat_get(&wa->m, b.order[i], b.order[j])));
        if (pos)
            assert_true(worst > 1e-3);
        else
            assert_true(worst < EPS);
        trace_free(&ta), trace_free(&tb);
        inputs_free(&a), inputs_free(&b);
    }
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sinusoid_by_hand),
        cmocka_unit_test(test_table_loads_and_checks),
        cmocka_unit_test(test_table_refuses_fifo_and_folder),
        cmocka_unit_test(test_rotation_by_known_angles),
        cmocka_unit_test(test_rope_apply_rows_and_heads),
        cmocka_unit_test(test_score_depends_on_offset_only),
        cmocka_unit_test(test_permutation_pinned_and_complete),
        cmocka_unit_test(test_trace_stages_with_pos_and_rope),
        cmocka_unit_test(test_source_positions_from_zero),
        cmocka_unit_test(test_rope_needs_even_d_head),
        cmocka_unit_test(test_shuffle_permutes_rows_without_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
