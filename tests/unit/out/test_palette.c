// test_palette.c — the palettes: even steps with no category-like jump, lightness in
// order, readable for colour-blind eyes and on a washed-out projector, as drawn in RGB
// and in xterm-256. Prints each ramp's steps (ΔE2000 between neighbouring levels), the
// numbers docs/palettes.md gives.
#include <math.h>

#include "heatmap.h"
#include "palette.h"
#include "testutil.h"

// ─── bounds ─────────────────────────────────────────────────────────────────────
// A JND (just-noticeable difference) of two neighbouring patches is about 1-2 ΔE2000.

// Evenness: the largest step between neighbouring levels over the smallest. A step twice
// another reads as a level skipped — a boundary between two groups of cells, which is
// what the old weights ramp did between 0.055 and 0.066 (grey to pale yellow, 2.8×).
#define MAX_STEP_RATIO_RGB 2.0
// Drawn in xterm-256, the cube's few levels (0, 95, 135, 175, 215, 255) make uneven
// steps of their own: black→#5f5f5f is 3.3× #d7d7d7→#ffffff in ΔE2000, so an even ramp
// drawn there can show steps over 3× apart. Allow that, and no more.
#define MAX_STEP_RATIO_XTERM 4.0
// Every neighbouring pair clearly apart (three JNDs) in colour vision, and at least two
// JNDs for each simulated dichromacy and on a washed-out projector.
#define MIN_STEP 6.0
#define MIN_STEP_CVD 4.0
#define MIN_STEP_WASHED 5.0
// A negative and a positive value of the same size must never look alike.
#define MIN_SIGN_APART_CVD 10.0
// WCAG AA for normal text.
#define MIN_CONTRAST 4.5

typedef struct {
    const Rgb *rgb;
    int n;
    bool div; // lightness rises to the centre level, then falls
    const char *what;
} Ramp;

static Ramp ramp_of(const Palette *p, bool div)
{
    return div ? (Ramp){p->div, PALETTE_DIV_LEVELS, true, "signed"}
               : (Ramp){p->seq, PALETTE_SEQ_LEVELS, false, "weights"};
}

// The ramp as drawn in xterm-256, as RGB.
static void drawn_xterm(const Palette *p, Ramp r, Rgb *out)
{
    ScaleKind k = r.div ? SCALE_SIGNED : SCALE_PROB;
    for (int i = 0; i < r.n; i++)
        out[i] = colour_xterm_rgb(palette_colour(p, k, r.div ? i - r.n / 2 : i)->xterm);
}

// Lightness in order: rising along a sequential ramp; rising to the centre and falling
// after it on a diverging one. Returns the first level out of order, or -1.
static int lightness_out_of_order(const Lab *lab, int n, bool div)
{
    for (int i = 1; i < n; i++) {
        bool rising = !div || i <= n / 2;
        double up = lab[i].L - lab[i - 1].L;
        if (rising ? up <= 0 : up >= 0)
            return i;
    }
    return -1;
}

static double max_over_min(const double *steps, int n)
{
    double lo = INFINITY, hi = 0;
    for (int i = 0; i < n; i++) {
        lo = fmin(lo, steps[i]);
        hi = fmax(hi, steps[i]);
    }
    return hi / lo;
}

static double min_of(const double *steps, int n)
{
    double lo = INFINITY;
    for (int i = 0; i < n; i++)
        lo = fmin(lo, steps[i]);
    return lo;
}

static void steps_of(const Lab *lab, int n, double *steps)
{
    for (int i = 0; i + 1 < n; i++)
        steps[i] = colour_de2000(lab[i], lab[i + 1]);
}

static void print_steps(const char *name, const char *what, const char *how, const double *s, int n)
{
    char line[256];
    int at = snprintf(line, sizeof line, "ΔE2000 %-9s %-7s %-5s", name, what, how);
    for (int i = 0; i < n && at < (int)sizeof line; i++)
        at += snprintf(line + at, sizeof line - (size_t)at, " %5.1f", s[i]);
    print_message("%s   max/min %.2f\n", line, max_over_min(s, n));
}

// A washed-out projector, in linear light: half the saturation lost, the highlights
// clipped (gain 1.2, as a bright mode does), and 20% of white added by the room's light.
static Lab washed(Rgb c)
{
    double v[3] = {colour_linear(c >> 16 & 0xff), colour_linear(c >> 8 & 0xff),
                   colour_linear(c & 0xff)};
    double y = 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    for (int i = 0; i < 3; i++)
        v[i] = (fmin(1.0, (y + (v[i] - y) * 0.5) * 1.2) + 0.2) / 1.2;
    return colour_lab_linear(v[0], v[1], v[2]);
}

static double washed_min_step(const Rgb *rgb, int n)
{
    Lab lab[PALETTE_DIV_LEVELS];
    double s[PALETTE_DIV_LEVELS];
    for (int i = 0; i < n; i++)
        lab[i] = washed(rgb[i]);
    steps_of(lab, n, s);
    return min_of(s, n - 1);
}

// ─── the table ──────────────────────────────────────────────────────────────────

static void test_table(void **state)
{
    (void)state;
    assert_int_equal(palette_count(), 3);
    assert_ptr_equal(palette_default(), palette_at(0));
    assert_null(palette_at(-1));
    assert_null(palette_at(palette_count()));
    // PALETTE_NAMES (the --palette option's words) lists the table in order
    char names[128] = "";
    for (int i = 0; i < palette_count(); i++) {
        const Palette *p = palette_at(i);
        strcat(names, i ? "|" : "");
        strcat(names, p->name);
        assert_ptr_equal(palette_find(p->name), p);
        assert_non_null(p->purpose);
        assert_non_null(p->source);
    }
    assert_string_equal(names, PALETTE_NAMES);
    assert_null(palette_find("classic"));
    assert_null(palette_find(""));
    assert_null(palette_find(NULL));
    assert_null(palette_find("Cividis"));
    // next: every palette once, then back to the first
    const Palette *p = palette_default();
    for (int i = 1; i <= palette_count(); i++) {
        p = palette_next(p);
        assert_ptr_equal(p, palette_at(i % palette_count()));
    }
    assert_ptr_equal(palette_next(NULL), palette_at(1));
}

static void test_colour_of_level(void **state)
{
    (void)state;
    const Palette *v = palette_find("viridis");
    assert_int_equal(palette_colour(v, SCALE_PROB, 0)->rgb, v->seq[0]);
    assert_int_equal(palette_colour(v, SCALE_PROB, 8)->rgb, v->seq[8]);
    assert_int_equal(palette_colour(v, SCALE_SIGNED, -5)->rgb, v->div[0]);
    assert_int_equal(palette_colour(v, SCALE_SIGNED, 0)->rgb, v->div[5]);
    assert_int_equal(palette_colour(v, SCALE_SIGNED, 5)->rgb, v->div[10]);
    // out of range: the nearest end
    assert_int_equal(palette_colour(v, SCALE_PROB, 99)->rgb, v->seq[8]);
    assert_int_equal(palette_colour(v, SCALE_SIGNED, -99)->rgb, v->div[0]);
    // NULL: the default
    assert_ptr_equal(palette_colour(NULL, SCALE_PROB, 3),
                     palette_colour(palette_default(), SCALE_PROB, 3));
    // heatmap.h draws these
    HeatColor c = heat_color(v, COLOR_256, SCALE_PROB, 4);
    assert_int_equal(c.bg, palette_colour(v, SCALE_PROB, 4)->xterm);
    assert_int_equal(c.fg, palette_colour(v, SCALE_PROB, 4)->xterm_fg);
    c = heat_color(v, COLOR_8, SCALE_SIGNED, -5);
    assert_int_equal(c.bg, palette_colour(v, SCALE_SIGNED, -5)->ansi);
    c = heat_color(v, COLOR_NONE, SCALE_SIGNED, -5);
    assert_int_equal(c.bg, -1);
    assert_int_equal(heat_rgb(v, SCALE_SIGNED, 2), v->div[7]);
    assert_int_equal(heat_text_rgb(v, SCALE_PROB, 0), 0xffffff); // on dark purple
    assert_int_equal(heat_text_rgb(v, SCALE_PROB, 8), 0x000000); // on yellow
}

// ─── evenness and order ─────────────────────────────────────────────────────────

static void check_ramp(const Palette *p, Ramp r)
{
    Lab lab[PALETTE_DIV_LEVELS], xlab[PALETTE_DIV_LEVELS];
    Rgb x[PALETTE_DIV_LEVELS];
    double s[PALETTE_DIV_LEVELS], xs[PALETTE_DIV_LEVELS];
    drawn_xterm(p, r, x);
    for (int i = 0; i < r.n; i++) {
        lab[i] = colour_lab(r.rgb[i]);
        xlab[i] = colour_lab(x[i]);
    }
    steps_of(lab, r.n, s);
    steps_of(xlab, r.n, xs);
    print_steps(p->name, r.what, "rgb", s, r.n - 1);
    print_steps(p->name, r.what, "xterm", xs, r.n - 1);

    int bad = lightness_out_of_order(lab, r.n, r.div);
    if (bad >= 0)
        fail_msg("%s %s: lightness out of order at level %d", p->name, r.what, bad);
    bad = lightness_out_of_order(xlab, r.n, r.div);
    if (bad >= 0)
        fail_msg("%s %s in xterm-256: lightness out of order at level %d", p->name, r.what, bad);
    if (max_over_min(s, r.n - 1) > MAX_STEP_RATIO_RGB)
        fail_msg("%s %s: steps %.2f× apart", p->name, r.what, max_over_min(s, r.n - 1));
    if (max_over_min(xs, r.n - 1) > MAX_STEP_RATIO_XTERM)
        fail_msg("%s %s in xterm-256: steps %.2f× apart", p->name, r.what,
                 max_over_min(xs, r.n - 1));
    if (min_of(s, r.n - 1) < MIN_STEP || min_of(xs, r.n - 1) < MIN_STEP)
        fail_msg("%s %s: a step below %.0f (rgb %.1f, xterm %.1f)", p->name, r.what, MIN_STEP,
                 min_of(s, r.n - 1), min_of(xs, r.n - 1));
}

static void test_even_steps_in_order(void **state)
{
    (void)state;
    for (int i = 0; i < palette_count(); i++) {
        check_ramp(palette_at(i), ramp_of(palette_at(i), false));
        check_ramp(palette_at(i), ramp_of(palette_at(i), true));
    }
}

// The old ramps, as the xterm-256 indices they were, fail these checks: the weights ramp
// gets lighter from level 0 to 1 (grey #eeeeee to pale yellow #ffffd7, the jump between
// 0.055 and 0.066) in a ramp that otherwise darkens, its steps are 2.8× apart, and on a
// washed-out projector its three lightest levels merge.
static void test_old_ramps_fail(void **state)
{
    (void)state;
    static const int OLD_SEQ[9] = {255, 230, 229, 221, 214, 208, 202, 166, 124};
    Lab lab[9], rising[9];
    Rgb rgb[9];
    double s[8];
    for (int i = 0; i < 9; i++) {
        rgb[i] = colour_xterm_rgb(OLD_SEQ[i]);
        lab[i] = colour_lab(rgb[i]);
        rising[8 - i] = lab[i]; // read from dark to light, as the checks want
    }
    steps_of(lab, 9, s);
    assert_int_equal(lightness_out_of_order(rising, 9, false), 8); // level 1 → level 0
    assert_true(max_over_min(s, 8) > MAX_STEP_RATIO_RGB);
    assert_true(washed_min_step(rgb, 9) < 1.0);
}

// ─── colour blindness ───────────────────────────────────────────────────────────

static void test_colour_blind_safe(void **state)
{
    (void)state;
    for (int i = 0; i < palette_count(); i++) {
        const Palette *p = palette_at(i);
        for (int d = 0; d <= 1; d++) {
            Ramp r = ramp_of(p, d);
            for (int k = 0; k < CVD_COUNT; k++) {
                Lab lab[PALETTE_DIV_LEVELS];
                double s[PALETTE_DIV_LEVELS];
                for (int l = 0; l < r.n; l++)
                    lab[l] = colour_cvd_lab(r.rgb[l], (Cvd)k);
                steps_of(lab, r.n, s);
                const char *cvd = colour_cvd_name((Cvd)k);
                print_message("%s %s %s: smallest step %.1f\n", p->name, r.what, cvd,
                              min_of(s, r.n - 1));
                if (min_of(s, r.n - 1) < MIN_STEP_CVD)
                    fail_msg("%s %s, %s: a step of %.1f", p->name, r.what, cvd, min_of(s, r.n - 1));
                int bad = lightness_out_of_order(lab, r.n, r.div);
                if (bad >= 0)
                    fail_msg("%s %s, %s: lightness out of order at level %d", p->name, r.what, cvd,
                             bad);
                for (int l = 1; r.div && l <= r.n / 2; l++) {
                    double apart = colour_de2000(lab[r.n / 2 - l], lab[r.n / 2 + l]);
                    if (apart < MIN_SIGN_APART_CVD)
                        fail_msg("%s, %s: -%d and +%d only %.1f apart", p->name, cvd, l, l, apart);
                }
            }
        }
    }
}

// ─── the projector ──────────────────────────────────────────────────────────────

static void test_projector(void **state)
{
    (void)state;
    const Palette *p = palette_find("projector");
    assert_non_null(p);
    for (int l = 0; l < PALETTE_SEQ_LEVELS; l++) { // no pale tint near white
        Lab c = colour_lab(p->seq[l]);
        if (c.L > 85 && hypot(c.a, c.b) < 40)
            fail_msg("projector level %d: a pale tint (L* %.0f, chroma %.0f)", l, c.L,
                     hypot(c.a, c.b));
    }
    double seq = washed_min_step(p->seq, PALETTE_SEQ_LEVELS);
    double div = washed_min_step(p->div, PALETTE_DIV_LEVELS);
    for (int i = 0; i < palette_count(); i++)
        print_message("washed out: %-9s weights %.1f, signed %.1f\n", palette_at(i)->name,
                      washed_min_step(palette_at(i)->seq, PALETTE_SEQ_LEVELS),
                      washed_min_step(palette_at(i)->div, PALETTE_DIV_LEVELS));
    assert_true(seq >= MIN_STEP_WASHED);
    assert_true(div >= MIN_STEP_WASHED);
    // and it is the palette for that: no other survives better
    for (int i = 0; i < palette_count(); i++)
        assert_true(washed_min_step(palette_at(i)->seq, PALETTE_SEQ_LEVELS) <= seq);
}

// ─── what is drawn ──────────────────────────────────────────────────────────────

static void test_numbers_readable(void **state)
{
    (void)state;
    for (int i = 0; i < palette_count(); i++)
        for (int d = 0; d <= 1; d++) {
            ScaleKind k = d ? SCALE_SIGNED : SCALE_PROB;
            int lo = d ? -HEAT_SIGNED_LEVELS : 0, hi = d ? HEAT_SIGNED_LEVELS : HEAT_PROB_LEVELS;
            for (int l = lo; l <= hi; l++) {
                const PaletteColour *c = palette_colour(palette_at(i), k, l);
                assert_true(colour_contrast(c->rgb, c->text) >= MIN_CONTRAST);
                assert_true(c->xterm >= XTERM_FIXED_FIRST && c->xterm <= 255);
                assert_true(c->xterm_fg == XTERM_BLACK || c->xterm_fg == XTERM_WHITE);
                assert_true(colour_contrast(colour_xterm_rgb(c->xterm),
                                            colour_xterm_rgb(c->xterm_fg)) >= MIN_CONTRAST);
                assert_true(c->ansi >= 0 && c->ansi <= 7);
                assert_true(c->ansi_fg == 0 || c->ansi_fg == 7);
                assert_true(c->ansi_fg != c->ansi);
            }
            // in 8 colours the two ends still differ
            assert_int_not_equal(palette_colour(palette_at(i), k, lo)->ansi,
                                 palette_colour(palette_at(i), k, hi)->ansi);
        }
}

static void test_list(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    palette_list(f);
    fclose(f);
    for (int i = 0; i < palette_count(); i++) {
        const Palette *p = palette_at(i);
        assert_non_null(strstr(buf, p->name));
        char hex[16];
        for (int l = 0; l < PALETTE_SEQ_LEVELS; l++) {
            snprintf(hex, sizeof hex, "#%06lx", p->seq[l]);
            assert_non_null(strstr(buf, hex));
        }
    }
    assert_non_null(strstr(buf, "cividis (default)"));
    free(buf);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_colour_of_level),
        cmocka_unit_test(test_even_steps_in_order),
        cmocka_unit_test(test_old_ramps_fail),
        cmocka_unit_test(test_colour_blind_safe),
        cmocka_unit_test(test_projector),
        cmocka_unit_test(test_numbers_readable),
        cmocka_unit_test(test_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
