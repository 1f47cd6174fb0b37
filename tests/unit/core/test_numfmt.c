// test_numfmt.c — csvio_format_number, the fast "%.17g" of the export: for millions of
// doubles it must write exactly what printf writes, and strtod must give back every bit.
#include <float.h>
#include <math.h>

#include "testutil.h"
#include "csvio.h"

static uint64_t rng_state = 0x243F6A8885A308D3ull;

static uint64_t rng(void) // splitmix64
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double from_bits(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

static unsigned long checked;

// Same text as printf's %.17g, and strtod gives back the same bits.
static void check(double x)
{
    char fast[CSVIO_NUMBER_MAX], slow[64];
    int len = csvio_format_number(fast, x);
    snprintf(slow, sizeof slow, "%.17g", x);
    if (strcmp(fast, slow) != 0)
        fail_msg("%a: wrote \"%s\", printf writes \"%s\"", x, fast, slow);
    assert_int_equal(len, (int)strlen(slow));
    if (isfinite(x)) {
        double back = strtod(fast, NULL);
        if (memcmp(&back, &x, sizeof x) != 0)
            fail_msg("%a: \"%s\" reads back as %a", x, fast, back);
    }
    checked++;
}

static void test_special_values(void **state)
{
    (void)state;
    double v[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.0 / 3, 2.0 / 3, 100.0, 1e16, 1e17, 1e-16,
                  1e-17, 1e-4, 1e-5, 9.9999999999999995e-5, 0.0001, 123456789012345678.0,
                  DBL_MIN, DBL_TRUE_MIN, DBL_MAX, -DBL_MAX, DBL_EPSILON, 4503599627370495.5,
                  4503599627370496.5, 9007199254740993.0, 0.30000000000000004, 1e23, 5e-324,
                  99999999999999999.0, 9999999999999999.0, 0.99999999999999989, INFINITY,
                  -INFINITY, NAN};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
        check(v[k]);
    // around every power of ten the doubles can reach, where the exponent estimate is
    // off by one and where rounding carries into a new digit
    for (int p = -330; p <= 310; p++) {
        double x = pow(10.0, p);
        check(x);
        check(nextafter(x, 0));
        check(nextafter(x, INFINITY));
        check(-x);
    }
    // halfway cases: the 18th significant digit is exactly 5 (round half to even)
    for (uint64_t m = (1ULL << 53) - 1; m > (1ULL << 53) - 2000; m -= 1)
        check((double)m / 2.0);
    for (int k = 1; k < 60; k++) // k / 2^j with few digits
        for (int j = 0; j < 64; j++)
            check(ldexp((double)k, -j));
}

static void test_random_bit_patterns(void **state)
{
    (void)state;
    for (int k = 0; k < 300000; k++) // every exponent, every sign, NaNs and infinities too
        check(from_bits(rng()));
}

static void test_random_attention_range(void **state)
{
    (void)state;
    // the magnitudes attention produces: weights in (0, 1], scores and values of any sign
    for (int k = 0; k < 500000; k++) {
        double u = (double)(rng() >> 11) / 9007199254740992.0;
        double mag = pow(10.0, -18.0 + 36.0 * u);
        check((rng() & 1) ? mag : -mag);
    }
    for (int k = 0; k < 200000; k++) { // generated inputs: two decimals
        double x = round(((double)(rng() >> 11) / 9007199254740992.0 * 2 - 1) * 100) / 100;
        check(x);
        check(exp(x * 20)); // softmax-like
    }
    print_message("%lu doubles checked\n", checked);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_special_values),
        cmocka_unit_test(test_random_bit_patterns),
        cmocka_unit_test(test_random_attention_range),
    };
    return cmocka_run_group_tests_name("numfmt", tests, NULL, NULL);
}
