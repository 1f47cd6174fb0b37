// test_colour.c — colour arithmetic: CIELAB, CIEDE2000 against published test data,
// WCAG contrast, colour-blindness simulation, xterm colours and ramp approximation.
#include <math.h>

#include "colour.h"
#include "testutil.h"

static void test_lab(void **state)
{
    (void)state;
    Lab w = colour_lab(0xffffff), k = colour_lab(0x000000), r = colour_lab(0xff0000);
    assert_double_near(w.L, 100.0, 1e-3);
    assert_double_near(w.a, 0.0, 1e-3);
    assert_double_near(w.b, 0.0, 1e-3);
    assert_double_near(k.L, 0.0, 1e-9);
    // sRGB red under D65: L* 53.24, a* 80.09, b* 67.20
    assert_double_near(r.L, 53.24, 0.01);
    assert_double_near(r.a, 80.09, 0.01);
    assert_double_near(r.b, 67.20, 0.01);
    Lab g = colour_lab(0x777777); // a grey has no chroma
    assert_double_near(g.a, 0.0, 1e-3);
    assert_double_near(g.b, 0.0, 1e-3);
}

// Sharma, Wu and Dalal (2005), "The CIEDE2000 color-difference formula: implementation
// notes, supplementary test data, and mathematical observations", table 1: pairs that
// exercise the hue-angle wrap, the mean-hue cases and the G correction.
static void test_de2000_sharma(void **state)
{
    (void)state;
    static const struct {
        Lab x, y;
        double de;
    } PAIRS[] = {
        {{50.0, 2.6772, -79.7751}, {50.0, 0.0, -82.7485}, 2.0425},            // 1
        {{50.0, 0.0, 0.0}, {50.0, -1.0, 2.0}, 2.3669},                        // 7
        {{50.0, 2.49, -0.001}, {50.0, -2.49, 0.0009}, 7.1792},                // 11
        {{50.0, -0.001, 2.49}, {50.0, 0.0009, -2.49}, 4.8045},                // 15
        {{50.0, 2.5, 0.0}, {73.0, 25.0, -18.0}, 27.1492},                     // 17
        {{50.0, 2.5, 0.0}, {61.0, -5.0, 29.0}, 22.8977},                      // 18
        {{50.0, 2.5, 0.0}, {56.0, -27.0, -3.0}, 31.9030},                     // 19
        {{50.0, 2.5, 0.0}, {58.0, 24.0, 15.0}, 19.4535},                      // 20
        {{50.0, 2.5, 0.0}, {50.0, 3.1736, 0.5854}, 1.0000},                   // 21
        {{50.0, 2.5, 0.0}, {50.0, 3.2972, 0.0}, 1.0000},                      // 22
        {{60.2574, -34.0099, 36.2677}, {60.4626, -34.1751, 39.4387}, 1.2644}, // 25
        {{22.7233, 20.0904, -46.6940}, {23.0331, 14.9730, -42.5619}, 2.0373}, // 27
        {{90.9257, -0.5406, -0.9208}, {88.6381, -0.8985, -0.7239}, 1.5381},   // 34
    };
    for (size_t i = 0; i < sizeof PAIRS / sizeof PAIRS[0]; i++) {
        double d = colour_de2000(PAIRS[i].x, PAIRS[i].y);
        if (fabs(d - PAIRS[i].de) > 5e-5)
            fail_msg("pair %zu: CIEDE2000 %.5f, published %.4f", i, d, PAIRS[i].de);
        // symmetric
        assert_double_near(colour_de2000(PAIRS[i].y, PAIRS[i].x), d, 1e-9);
    }
    assert_double_near(colour_de2000(colour_lab(0x336699), colour_lab(0x336699)), 0.0, 1e-12);
}

static void test_de76(void **state)
{
    (void)state;
    assert_double_near(colour_de76((Lab){50, 0, 0}, (Lab){53, 4, 0}), 5.0, 1e-12);
    assert_double_near(colour_de76(colour_lab(0), colour_lab(0xffffff)), 100.0, 1e-3);
}

static void test_contrast(void **state)
{
    (void)state;
    assert_double_near(colour_contrast(0x000000, 0xffffff), 21.0, 1e-9);
    assert_double_near(colour_contrast(0xffffff, 0x000000), 21.0, 1e-9);
    assert_double_near(colour_contrast(0x808080, 0x808080), 1.0, 1e-12);
    assert_double_near(colour_luminance(0xff0000), 0.2126, 1e-9);
    // #767676 on white is WCAG's well-known 4.54:1
    assert_double_near(colour_contrast(0x767676, 0xffffff), 4.54, 0.01);
    assert_int_equal(colour_text_on(0xffff00), 0x000000);
    assert_int_equal(colour_text_on(0x000080), 0xffffff);
    // whichever is chosen, it reads: at worst √21 ≈ 4.58 (where black and white tie)
    for (Rgb c = 0; c <= 0xffffff; c += 0x010203)
        assert_true(colour_contrast(c, colour_text_on(c)) >= 4.58);
}

static void test_cvd(void **state)
{
    (void)state;
    // Each Machado matrix keeps white white and greys grey (its rows sum to 1).
    for (int k = 0; k < CVD_COUNT; k++) {
        Lab w = colour_cvd_lab(0xffffff, (Cvd)k), g = colour_cvd_lab(0x808080, (Cvd)k);
        assert_double_near(w.L, 100.0, 0.01);
        assert_true(colour_de2000(g, colour_lab(0x808080)) < 0.5);
    }
    // Red and green: far apart in colour vision, less than half as far for a protanope
    // (red darkens) and a deuteranope; blue and yellow stay apart for both.
    Rgb red = 0xd62728, green = 0x2ca02c;
    double normal = colour_de2000(colour_lab(red), colour_lab(green));
    for (int k = CVD_PROTAN; k <= CVD_DEUTAN; k++) {
        double cvd = colour_de2000(colour_cvd_lab(red, (Cvd)k), colour_cvd_lab(green, (Cvd)k));
        if (cvd > normal / 2)
            fail_msg("%s: red/green ΔE %.1f, in colour vision %.1f", colour_cvd_name((Cvd)k), cvd,
                     normal);
        double by =
            colour_de2000(colour_cvd_lab(0x1f3fbf, (Cvd)k), colour_cvd_lab(0xdfbf1f, (Cvd)k));
        assert_true(by > 40);
    }
    // A tritanope confuses blue with green-ish grey far more than red with green.
    double tb =
        colour_de2000(colour_cvd_lab(0x3366cc, CVD_TRITAN), colour_cvd_lab(0x33aa99, CVD_TRITAN));
    assert_true(tb < colour_de2000(colour_lab(0x3366cc), colour_lab(0x33aa99)) / 2);
    assert_string_equal(colour_cvd_name(CVD_DEUTAN), "deuteranopia");
}

static void test_xterm_rgb(void **state)
{
    (void)state;
    assert_int_equal(colour_xterm_rgb(0), 0x000000);
    assert_int_equal(colour_xterm_rgb(1), 0xcd0000);
    assert_int_equal(colour_xterm_rgb(15), 0xffffff);
    assert_int_equal(colour_xterm_rgb(16), 0x000000);
    assert_int_equal(colour_xterm_rgb(19), 0x0000af);  // cube (0,0,3)
    assert_int_equal(colour_xterm_rgb(124), 0xaf0000); // cube (3,0,0)
    assert_int_equal(colour_xterm_rgb(208), 0xff8700); // cube (5,2,0)
    assert_int_equal(colour_xterm_rgb(231), 0xffffff);
    assert_int_equal(colour_xterm_rgb(232), 0x080808);
    assert_int_equal(colour_xterm_rgb(255), 0xeeeeee);
    assert_int_equal(colour_xterm_rgb(-1), 0xffffff); // the default: paper
    assert_int_equal(colour_xterm_rgb(256), 0xffffff);
}

static void test_xterm_nearest(void **state)
{
    (void)state;
    // Every fixed colour is its own nearest (the cube's greys and the grey ramp's are
    // distinct: 16 and 231 are black and white, which the ramp does not have).
    for (int i = XTERM_FIXED_FIRST; i < 256; i++) {
        int n = colour_xterm_nearest(colour_xterm_rgb(i));
        assert_int_equal(colour_xterm_rgb(n), colour_xterm_rgb(i));
    }
    // (checked against an independent implementation of the same formulas)
    assert_int_equal(colour_xterm_nearest(0x0000ee), 21);  // theme blue 4 → cube (0,0,5)
    assert_int_equal(colour_xterm_nearest(0x336699), 25);  // → cube (0,1,3)
    assert_int_equal(colour_xterm_nearest(0x7f7f7f), 244); // grey 128 → ramp grey 128
    // Never a theme colour (0-15), whatever is asked.
    for (Rgb c = 0; c <= 0xffffff; c += 0x0a0b0c)
        assert_true(colour_xterm_nearest(c) >= XTERM_FIXED_FIRST);
}

// A ramp's approximation keeps the ramp's order of lightness, even where the nearest
// colour of each level alone would not: viridis at its dark blue end (#3b528b, #2c728e)
// has nearest colours #005faf (L* 40) then #005f87 (L* 38), a step down in a rising ramp.
static void test_xterm_ramp_keeps_order(void **state)
{
    (void)state;
    const Rgb ramp[] = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21908c,
                        0x28ae80, 0x5dc963, 0xabdc32, 0xfde725};
    int n = (int)(sizeof ramp / sizeof ramp[0]), out[COLOUR_RAMP_MAX];
    int a = colour_xterm_nearest(ramp[2]), b = colour_xterm_nearest(ramp[3]);
    assert_true(colour_lab(colour_xterm_rgb(b)).L < colour_lab(colour_xterm_rgb(a)).L);
    assert_int_equal(colour_xterm_ramp(ramp, n, out), 0);
    for (int i = 1; i < n; i++) {
        double up =
            colour_lab(colour_xterm_rgb(out[i])).L - colour_lab(colour_xterm_rgb(out[i - 1])).L;
        if (up < 1.0)
            fail_msg("levels %d→%d: L* %+.1f", i - 1, i, up);
    }
    for (int i = 0; i < n; i++) // and each stays near its colour
        assert_true(colour_de2000(colour_lab(ramp[i]), colour_lab(colour_xterm_rgb(out[i]))) < 12);
    // A ramp made of fixed colours, in order, is drawn as itself; one that falls after
    // rising keeps the fall.
    const Rgb exact[] = {0x000000, 0x5f0000, 0xaf0000, 0xff5f00, 0xffd700, 0xd75f5f, 0x5f0000};
    assert_int_equal(colour_xterm_ramp(exact, 7, out), 0);
    const int want[] = {16, 52, 124, 202, 220, 167, 52};
    for (int i = 0; i < 7; i++)
        assert_int_equal(out[i], want[i]);
    assert_int_equal(colour_xterm_ramp(exact, 0, out), -1);
    assert_int_equal(colour_xterm_ramp(exact, COLOUR_RAMP_MAX + 1, out), -1);
}

static void test_ansi8(void **state)
{
    (void)state;
    for (int i = 0; i < 8; i++)
        assert_int_equal(colour_ansi8_nearest(colour_xterm_rgb(i)), i);
    assert_int_equal(colour_ansi8_nearest(0x102080), 4); // dark blue → blue
    assert_int_equal(colour_ansi8_nearest(0xfde725), 3); // viridis yellow → yellow
    assert_int_equal(colour_ansi8_nearest(0xffffff), 7);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lab),           cmocka_unit_test(test_de2000_sharma),
        cmocka_unit_test(test_de76),          cmocka_unit_test(test_contrast),
        cmocka_unit_test(test_cvd),           cmocka_unit_test(test_xterm_rgb),
        cmocka_unit_test(test_xterm_nearest), cmocka_unit_test(test_xterm_ramp_keeps_order),
        cmocka_unit_test(test_ansi8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
