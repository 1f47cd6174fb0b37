// test_numfmt.c — csvio_format_number, the export's numbers: for millions of doubles the
// text must read back (strtod) to the same bits, and be the SHORTEST such text: no
// decimal with one digit fewer reads back. A second check hands a million of them to
// Python, whose repr prints the shortest round-tripping digits, nearest to the double.
#include <float.h>
#include <math.h>
#include <sys/wait.h>

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

static double unit(void) // uniform in [0, 1)
{
    return (double)(rng() >> 11) / 9007199254740992.0;
}

static double from_bits(uint64_t b)
{
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
}

static bool same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static unsigned long checked;

// The significant digits of a number's text (sign, point, exponent and leading zeros
// dropped; trailing zeros too when strip) and its decimal exponent: the text is
// 0.DIGITS × 10^(exp10).
static int digits_of(const char *text, char *dig, int *exp10, bool strip)
{
    int n = 0, point = -1, lead = 0;
    const char *c = text;
    if (*c == '-')
        c++;
    for (; *c && *c != 'e'; c++) {
        if (*c == '.') {
            point = n + lead;
            continue;
        }
        if (n == 0 && *c == '0') {
            lead++;
            continue;
        }
        dig[n++] = *c;
    }
    if (point < 0)
        point = n + lead;
    int e = *c == 'e' ? atoi(c + 1) : 0;
    *exp10 = point - lead + e;
    while (strip && n > 0 && dig[n - 1] == '0')
        n--;
    dig[n] = '\0';
    return n;
}

// Does the decimal 0.DIG × 10^exp10 ± one unit in its last digit (step = -1, 0, +1)
// read back as x?
static bool reads_back(const char *dig, int nd, int exp10, int step, double x)
{
    char d[32];
    memcpy(d, dig, (size_t)nd);
    int at = nd - 1;
    if (step > 0) {
        while (at >= 0 && d[at] == '9')
            d[at--] = '0';
        if (at < 0) {
            memmove(d + 1, d, (size_t)nd);
            d[0] = '1';
            exp10++;
        } else {
            d[at]++;
        }
    } else if (step < 0) {
        while (at >= 0 && d[at] == '0')
            d[at--] = '9';
        if (at < 0)
            return false;
        d[at]--;
    }
    char text[64];
    snprintf(text, sizeof text, "%s0.%.*se%d", x < 0 ? "-" : "", nd, d, exp10);
    return same_bits(strtod(text, NULL), x);
}

// x's text reads back to the same bits, has no more characters than it needs, and no
// decimal with one significant digit fewer reads back as x: the nearest ones, below and
// above x, are the only candidates (the doubles that round to x form an interval).
static void check(double x)
{
    char text[CSVIO_NUMBER_MAX + 8];
    memset(text, 'Z', sizeof text);
    int len = csvio_format_number(text, x);
    assert_int_equal(len, (int)strlen(text));
    assert_true(len < CSVIO_NUMBER_MAX);
    if (isnan(x))
        return;
    if (isinf(x)) {
        assert_string_equal(text, x < 0 ? "-inf" : "inf");
        return;
    }
    double back = strtod(text, NULL);
    if (!same_bits(back, x))
        fail_msg("%a: \"%s\" reads back as %a", x, text, back);
    char dig[32];
    int exp10, nd = digits_of(text, dig, &exp10, true);
    if (nd > 1) {
        // the nearest (nd-1)-digit decimals: %.*e rounds to one of them
        char shorter[64], sd[32];
        snprintf(shorter, sizeof shorter, "%.*e", nd - 2, x);
        int se, sn = digits_of(shorter, sd, &se, false);
        for (int step = -1; step <= 1; step++)
            if (sn == nd - 1 && reads_back(sd, sn, se, step, x))
                fail_msg("%a: \"%s\" has %d digits, but 0.%s e%d (%+d in the last digit) "
                         "reads back too", x, text, nd, sd, se, step);
        // the digit count said in %.*e form: exactly nd digits also reads back
        if (!reads_back(dig, nd, exp10, 0, x))
            fail_msg("%a: digits of \"%s\" misparsed", x, text);
    }
    checked++;
}

static void test_special_values(void **state)
{
    (void)state;
    double v[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 0.1 + 0.2, 0.5, 1.0 / 3, 2.0 / 3, 100.0,
                  1e16, 1e17, 1e-16, 1e-17, 1e-4, 1e-5, 9.9999999999999995e-5, 0.0001,
                  123456789012345678.0, DBL_MIN, DBL_TRUE_MIN, DBL_MAX, -DBL_MAX, DBL_EPSILON,
                  4503599627370495.5, 4503599627370496.5, 9007199254740993.0, 1e23, 5e-324,
                  99999999999999999.0, 9999999999999999.0, 0.99999999999999989, 2.0 / 1024,
                  INFINITY, -INFINITY, NAN};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
        check(v[k]);
    // Exact texts: what a reader of the CSV sees.
    char b[CSVIO_NUMBER_MAX];
    struct {
        double x;
        const char *text;
    } want[] = {{0.3, "0.3"},
                {0.1 + 0.2, "0.30000000000000004"},
                {1.0 / 3, "0.3333333333333333"},
                {-0.0, "-0"},
                {0.0, "0"},
                {1e-5, "1e-05"},
                {0.0001, "0.0001"},
                {-2.5, "-2.5"},
                {100.0, "100"},
                {1e16, "10000000000000000"},
                {1e17, "1e+17"},
                {5e-324, "5e-324"},
                {DBL_MAX, "1.7976931348623157e+308"},
                {-INFINITY, "-inf"},
                {1152921504606846976.0, "1.152921504606847e+18"}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        csvio_format_number(b, want[k].x);
        assert_string_equal(b, want[k].text);
    }
    // around every power of ten the doubles can reach, where the exponent estimate is
    // off by one and where rounding carries into a new digit
    for (int p = -330; p <= 310; p++) {
        double x = pow(10.0, p);
        check(x);
        check(nextafter(x, 0));
        check(nextafter(x, INFINITY));
        check(-x);
    }
    // every power of two (the gap below is half the gap above) and its neighbours
    for (int p = -1074; p <= 1023; p++) {
        double x = ldexp(1.0, p);
        check(x);
        check(nextafter(x, 0));
        check(nextafter(x, INFINITY));
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
    for (int k = 0; k < 400000; k++) // every exponent, every sign, NaNs and infinities too
        check(from_bits(rng()));
    for (int k = 0; k < 100000; k++) // subnormals
        check(from_bits(rng() & 0x800FFFFFFFFFFFFFull));
    for (int k = 0; k < 100000; k++) // huge: the top exponents
        check(from_bits((rng() & 0x801FFFFFFFFFFFFFull) | 0x7FC0000000000000ull));
}

static void test_random_values(void **state)
{
    (void)state;
    for (int k = 0; k < 400000; k++) // uniform in [-10, 10]
        check(unit() * 20 - 10);
    for (int k = 0; k < 200000; k++) { // 0.1·k, k/10, k/100: short decimals, computed
        check(0.1 * k);
        check((double)k / 10);
        check((double)(k - 100000) / 100);
    }
    // the magnitudes attention produces: weights in (0, 1], scores and values of any sign
    for (int k = 0; k < 300000; k++) {
        double mag = pow(10.0, -18.0 + 36.0 * unit());
        check((rng() & 1) ? mag : -mag);
    }
    for (int k = 0; k < 200000; k++) { // generated inputs: two decimals
        double x = round((unit() * 2 - 1) * 100) / 100;
        check(x);
        check(exp(x * 20)); // softmax-like
    }
    print_message("%lu doubles checked\n", checked);
}

// Python's repr as the oracle: the same digits (shortest, then nearest), the same bits.
static void test_python_repr_agrees(void **state)
{
    (void)state;
    if (system("python3 -c pass >/dev/null 2>&1") != 0)
        skip(); // python3 runs the other tests too; without it, nothing to compare with
    char path[] = "/tmp/attntrace-numfmt.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    size_t lines = 0;
    for (int k = 0; k < 1000000; k++) {
        double x;
        switch (k % 6) {
        case 0: x = from_bits(rng()); break;
        case 1: x = unit() * 20 - 10; break;
        case 2: x = 0.1 * (k / 6); break;
        case 3: x = from_bits(rng() & 0x800FFFFFFFFFFFFFull); break; // subnormal
        case 4: x = pow(10.0, -18.0 + 36.0 * unit()); break;
        default: x = ldexp(1.0, (int)(rng() % 2098) - 1074); break; // powers of two
        }
        if (!isfinite(x))
            continue;
        uint64_t b;
        memcpy(&b, &x, sizeof b);
        char text[CSVIO_NUMBER_MAX];
        csvio_format_number(text, x);
        fprintf(f, "%016llx %s\n", (unsigned long long)b, text);
        lines++;
    }
    assert_int_equal(fclose(f), 0);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "python3 -c '\n"
             "import struct, sys\n"
             "from decimal import Decimal\n"
             "bad = 0\n"
             "for n, line in enumerate(open(sys.argv[1]), 1):\n"
             "    h, s = line.split()\n"
             "    x = struct.unpack(\">d\", bytes.fromhex(h))[0]\n"
             "    if struct.pack(\">d\", float(s)) != bytes.fromhex(h) or "
             "Decimal(s) != Decimal(repr(x)):\n"
             "        bad += 1\n"
             "        if bad <= 5: print(\"differs:\", h, s, repr(x))\n"
             "sys.exit(1 if bad or n != %zu else 0)\n"
             "' %s",
             lines, path);
    int rc = system(cmd);
    unlink(path);
    if (rc != 0)
        fail_msg("Python's repr disagrees (or python3 failed): status %d", rc);
    print_message("%zu doubles compared with Python's repr\n", lines);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_special_values),
        cmocka_unit_test(test_random_bit_patterns),
        cmocka_unit_test(test_random_values),
        cmocka_unit_test(test_python_repr_agrees),
    };
    return cmocka_run_group_tests_name("numfmt", tests, NULL, NULL);
}
