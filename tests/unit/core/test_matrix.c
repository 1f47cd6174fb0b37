// test_matrix.c — matmul, A·Bᵀ, scaling, causal mask, softmax (large values, ties, masks),
// a row's argmax, argmin and sum.
#include <math.h>

#include "testutil.h"
#include "matrix.h"

static Matrix from(size_t r, size_t c, const double *v)
{
    Matrix m;
    assert_int_equal(mat_init(&m, r, c), 0);
    memcpy(m.v, v, r * c * sizeof(double));
    return m;
}

static void test_matmul_2x3_3x2(void **state)
{
    (void)state;
    Matrix a = from(2, 3, (double[]){1, 2, 3, 4, 5, 6});
    Matrix b = from(3, 2, (double[]){7, 8, 9, 10, 11, 12});
    Matrix c;
    assert_int_equal(mat_matmul(&a, &b, &c), 0);
    assert_int_equal(c.rows, 2);
    assert_int_equal(c.cols, 2);
    // [1 2 3]·[7 9 11]ᵀ = 58, [1 2 3]·[8 10 12]ᵀ = 64, [4 5 6]·… = 139, 154
    assert_true(mat_get(&c, 0, 0) == 58 && mat_get(&c, 0, 1) == 64);
    assert_true(mat_get(&c, 1, 0) == 139 && mat_get(&c, 1, 1) == 154);
    mat_free(&a), mat_free(&b), mat_free(&c);
}

static void test_matmul_shape_mismatch(void **state)
{
    (void)state;
    Matrix a = from(2, 3, (double[]){1, 2, 3, 4, 5, 6});
    Matrix c;
    assert_int_equal(mat_matmul(&a, &a, &c), -1);
    mat_free(&a);
}

static void test_matmul_bt_is_dot_products(void **state)
{
    (void)state;
    Matrix q = from(2, 2, (double[]){1, 0, 1, 1});
    Matrix k = from(3, 2, (double[]){2, 3, -1, 4, 0, 5});
    Matrix s;
    assert_int_equal(mat_matmul_bt(&q, &k, &s), 0);
    assert_int_equal(s.rows, 2);
    assert_int_equal(s.cols, 3);
    double want[6] = {2, -1, 0, 5, 3, 5};
    for (int x = 0; x < 6; x++)
        assert_true(s.v[x] == want[x]);
    mat_free(&q), mat_free(&k), mat_free(&s);
}

static void test_init_overflow_is_refused(void **state)
{
    (void)state;
    Matrix m;
    assert_int_equal(mat_init(&m, SIZE_MAX / 2, 4), -1);
    assert_null(m.v);
    assert_int_equal(mat_init(&m, (size_t)1 << 32, (size_t)1 << 31), -1);
    assert_int_equal(mat_init(&m, 0, 5), 0);
    assert_null(m.v);
}

static void test_softmax_rows_sum_to_one(void **state)
{
    (void)state;
    Matrix s = from(2, 3, (double[]){1, 2, 3, -1, 0, 1});
    Matrix w;
    assert_int_equal(mat_softmax_rows(&s, &w, NULL), 0);
    for (size_t i = 0; i < 2; i++) {
        double sum = 0;
        for (size_t j = 0; j < 3; j++)
            sum += mat_get(&w, i, j);
        assert_double_near(sum, 1.0, 1e-15);
    }
    // softmax is shift-invariant: both rows are [e^-2, e^-1, 1]/Σ
    assert_double_near(mat_get(&w, 0, 2), mat_get(&w, 1, 2), 1e-15);
    assert_double_near(mat_get(&w, 0, 2), 1 / (1 + exp(-1) + exp(-2)), 1e-15);
    mat_free(&s), mat_free(&w);
}

static void test_softmax_large_values_no_overflow(void **state)
{
    (void)state;
    // exp(1000) overflows; subtracting the row max keeps every exponent ≤ 0.
    Matrix s = from(1, 3, (double[]){1000, 999, 1e300});
    Matrix w;
    assert_int_equal(mat_softmax_rows(&s, &w, NULL), 0);
    assert_true(isfinite(w.v[0]) && isfinite(w.v[1]) && isfinite(w.v[2]));
    assert_true(w.v[2] == 1.0 && w.v[0] == 0.0);
    mat_free(&s), mat_free(&w);
    s = from(1, 2, (double[]){1000, 999});
    assert_int_equal(mat_softmax_rows(&s, &w, NULL), 0);
    assert_double_near(w.v[0], 1 / (1 + exp(-1)), 1e-15);
    mat_free(&s), mat_free(&w);
}

static void test_softmax_ties_are_equal(void **state)
{
    (void)state;
    Matrix s = from(1, 4, (double[]){3, 3, 3, 3});
    Matrix w;
    assert_int_equal(mat_softmax_rows(&s, &w, NULL), 0);
    for (int j = 0; j < 4; j++)
        assert_true(w.v[j] == 0.25);
    mat_free(&s), mat_free(&w);
}

static void test_causal_mask_and_softmax(void **state)
{
    (void)state;
    Matrix s = from(3, 3, (double[]){1, 2, 3, 4, 5, 6, 7, 8, 9});
    mat_mask_causal(&s);
    assert_true(mat_get(&s, 0, 1) == -INFINITY && mat_get(&s, 0, 2) == -INFINITY);
    assert_true(mat_get(&s, 1, 2) == -INFINITY);
    assert_true(mat_get(&s, 1, 1) == 5 && mat_get(&s, 2, 0) == 7);
    Matrix w;
    assert_int_equal(mat_softmax_rows(&s, &w, NULL), 0);
    assert_true(mat_get(&w, 0, 0) == 1.0); // the first token sees only itself
    assert_true(mat_get(&w, 0, 1) == 0.0 && mat_get(&w, 1, 2) == 0.0);
    assert_double_near(mat_get(&w, 1, 0), 1 / (1 + exp(1)), 1e-15);
    mat_free(&s), mat_free(&w);
}

static void test_fully_masked_row_is_an_error(void **state)
{
    (void)state;
    Matrix s = from(2, 2, (double[]){1, 2, -INFINITY, -INFINITY});
    Matrix w;
    size_t bad = 99;
    assert_int_equal(mat_softmax_rows(&s, &w, &bad), -1);
    assert_int_equal(bad, 1);
    assert_null(w.v);
    mat_free(&s);
}

// A row of no cells cannot be normalised: an error naming the row, as for all -inf.
static void test_softmax_of_empty_rows_is_an_error(void **state)
{
    (void)state;
    Matrix in, out;
    size_t bad = 99;
    assert_int_equal(mat_init(&in, 2, 0), 0);
    assert_int_equal(mat_softmax_rows(&in, &out, &bad), -1);
    assert_int_equal(bad, 0);
    assert_null(out.v);
    assert_int_equal(mat_init(&in, 0, 3), 0);
    assert_int_equal(mat_softmax_rows(&in, &out, &bad), 0); // no rows: nothing to do
    mat_free(&out);
}

static void test_sanity_and_max_abs(void **state)
{
    (void)state;
    Matrix s = from(2, 2, (double[]){1, -INFINITY, -3, 2});
    assert_true(mat_all_sane(&s, NULL, NULL));
    assert_true(mat_max_abs(&s) == 3);
    s.v[3] = NAN;
    size_t i, j;
    assert_false(mat_all_sane(&s, &i, &j));
    assert_int_equal(i, 1);
    assert_int_equal(j, 1);
    s.v[3] = INFINITY;
    assert_false(mat_all_sane(&s, &i, &j));
    mat_free(&s);
}

// argmax/argmin of a row: only finite cells take part, the first of equal cells wins.
static void test_row_argmax_argmin(void **state)
{
    (void)state;
    const double inf = INFINITY;
    Matrix m = from(5, 4, (double[]){
        0.5, 2, -1, 2,         // a tie for the largest: the first; the smallest is alone
        -inf, 0.25, -inf, 0.1, // a masked row: -inf never wins argmin
        NAN, 3, inf, -7,       // NaN and +inf are skipped
        -0.0, 0.0, 0.0, -0.0,  // 0 and -0 tie
        -inf, NAN, inf, -inf,  // nothing finite
    });
    size_t at = 99;
    assert_true(mat_row_argmax(&m, 0, &at) && at == 1);
    assert_true(mat_row_argmin(&m, 0, &at) && at == 2);
    assert_true(mat_row_argmax(&m, 1, &at) && at == 1);
    assert_true(mat_row_argmin(&m, 1, &at) && at == 3);
    assert_true(mat_row_argmax(&m, 2, &at) && at == 1);
    assert_true(mat_row_argmin(&m, 2, &at) && at == 3);
    assert_true(mat_row_argmax(&m, 3, &at) && at == 0);
    assert_true(mat_row_argmin(&m, 3, &at) && at == 0);
    at = 99;
    assert_false(mat_row_argmax(&m, 4, &at));
    assert_false(mat_row_argmin(&m, 4, &at));
    assert_int_equal(at, 99); // untouched
    mat_free(&m);
    Matrix empty;
    assert_int_equal(mat_init(&empty, 2, 0), 0);
    assert_false(mat_row_argmax(&empty, 1, &at));
    assert_int_equal(at, 99);
}

// Σ_j of a row, in column order: infinities count as 0, a NaN shows.
static void test_row_sum(void **state)
{
    (void)state;
    const double inf = INFINITY;
    Matrix m = from(4, 3, (double[]){
        0.25, 0.5, 0.125,
        -inf, 0.75, -inf, // a masked row of weights-to-be
        1e16, 1, -1e16,   // left to right: (1e16 + 1) − 1e16 = 0 in doubles
        1, NAN, inf,
    });
    assert_true(mat_row_sum(&m, 0) == 0.875);
    assert_true(mat_row_sum(&m, 1) == 0.75);
    assert_true(mat_row_sum(&m, 2) == 0.0);
    assert_true(isnan(mat_row_sum(&m, 3)));
    mat_free(&m);
    Matrix empty;
    assert_int_equal(mat_init(&empty, 3, 0), 0);
    assert_true(mat_row_sum(&empty, 2) == 0.0);
}

// A deterministic stream of awkward doubles: ordinary values of every sign and scale,
// ±0, subnormals, and numbers large enough that products overflow to ±inf (and then
// inf − inf gives NaN), so that every kind of rounding takes part.
static uint64_t rng = 0x9E3779B97F4A7C15u;
static double awkward(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17; // xorshift64
    double u = (double)(rng >> 11) / 9007199254740992.0; // [0, 1)
    switch (rng % 16) {
    case 0: return 0.0;
    case 1: return -0.0;
    case 2: return (u - 0.5) * 1e-310;  // subnormal
    case 3: return (u - 0.5) * 1e300;   // overflows when multiplied
    case 4: return (double)(int)(u * 7) - 3; // small integers: exact sums and ties
    default: return (u - 0.5) * pow(10, (int)(rng % 9) - 4);
    }
}

static Matrix random_matrix(size_t r, size_t c)
{
    Matrix m;
    assert_int_equal(mat_init(&m, r, c), 0);
    for (size_t k = 0; k < r * c; k++)
        m.v[k] = awkward();
    return m;
}

// The fast A·Bᵀ (a transposed copy, i-k-j, unrolled) is the naive triple loop bit for
// bit, on every shape: empty, one row or column, odd sizes, up to 70.
static void test_matmul_bt_equals_naive_bit_for_bit(void **state)
{
    (void)state;
    const size_t dims[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 31, 33, 64, 65, 70};
    const size_t nd = sizeof dims / sizeof dims[0];
    size_t shapes = 0, nonfinite = 0;
    for (size_t t = 0; t < 400; t++) {
        // Every pair of the listed sizes for n and m (k going round them), then random
        // sizes 0..70 for all three.
        size_t n = dims[t % nd], m = dims[t / nd % nd], k = dims[(t * 7 + 3) % nd];
        if (t >= nd * nd) {
            awkward(), n = rng % 71;
            awkward(), m = rng % 71;
            awkward(), k = rng % 71;
        }
        Matrix a = random_matrix(n, k), b = random_matrix(m, k), fast, slow;
        assert_int_equal(mat_matmul_bt(&a, &b, &fast), 0);
        assert_int_equal(mat_matmul_bt_naive(&a, &b, &slow), 0);
        assert_int_equal(fast.rows, n);
        assert_int_equal(fast.cols, m);
        assert_int_equal(slow.rows, n);
        assert_int_equal(slow.cols, m);
        if (n * m > 0)
            assert_memory_equal(fast.v, slow.v, n * m * sizeof(double));
        for (size_t c = 0; c < n * m; c++)
            nonfinite += !isfinite(slow.v[c]);
        shapes++;
        mat_free(&a), mat_free(&b), mat_free(&fast), mat_free(&slow);
    }
    assert_int_equal(shapes, 400);
    assert_true(nonfinite > 0); // the overflowing values did take part
    Matrix a = random_matrix(2, 3), b = random_matrix(2, 4), out;
    assert_int_equal(mat_matmul_bt_naive(&a, &b, &out), -1); // k differs
    mat_free(&a), mat_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matmul_2x3_3x2),
        cmocka_unit_test(test_matmul_shape_mismatch),
        cmocka_unit_test(test_matmul_bt_is_dot_products),
        cmocka_unit_test(test_matmul_bt_equals_naive_bit_for_bit),
        cmocka_unit_test(test_init_overflow_is_refused),
        cmocka_unit_test(test_softmax_rows_sum_to_one),
        cmocka_unit_test(test_softmax_large_values_no_overflow),
        cmocka_unit_test(test_softmax_ties_are_equal),
        cmocka_unit_test(test_causal_mask_and_softmax),
        cmocka_unit_test(test_fully_masked_row_is_an_error),
        cmocka_unit_test(test_softmax_of_empty_rows_is_an_error),
        cmocka_unit_test(test_sanity_and_max_abs),
        cmocka_unit_test(test_row_argmax_argmin),
        cmocka_unit_test(test_row_sum),
    };
    return cmocka_run_group_tests_name("matrix", tests, NULL, NULL);
}
