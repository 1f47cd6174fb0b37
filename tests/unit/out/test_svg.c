// test_svg.c — SVG heatmaps: XML escaping, one stage's cells and legend.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_fixtures.h"
#include "svg.h"

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

// text escaped, as a string (the caller frees it).
static char *escaped(const char *text)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    assert_int_equal(svg_put_text(f, text), 0);
    fclose(f);
    return buf;
}

static char *stage_svg(const Trace *t, const char *name)
{
    const Stage *s = trace_find(t, name);
    assert_non_null(s);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    assert_int_equal(svg_write_stage(f, t, s, (size_t)(s - t->stage) + 1, NULL), 0);
    fclose(f);
    return buf;
}

static void test_escape(void **state)
{
    (void)state;
    char *s = escaped("a<&\">'b");
    assert_string_equal(s, "a&lt;&amp;&quot;&gt;&#39;b");
    free(s);
    s = escaped("小猫×");
    assert_string_equal(s, "小猫×");
    free(s);
    s = escaped("x\x01y\xffz\xe5\xb0"); // a control, a bad byte, a cut sequence
    assert_string_equal(s, "x\xEF\xBF\xBDy\xEF\xBF\xBDz\xEF\xBF\xBD");
    free(s);
}

static void test_stage_cells(void **state)
{
    (void)state;
    char *svg = stage_svg(&FX.t, "weights"); // 3×3 probabilities
    assert_int_equal(count(svg, "<rect data-cell="), 9);
    assert_int_equal(count(svg, "<text class=\"v\" data-cell="), 9);
    assert_int_equal(count(svg, "data-masked"), 0);
    assert_int_equal(count(svg, "data-level="), 9); // the legend: levels 0..8
    assert_non_null(strstr(svg, "viewBox=\"0 0 1280 720\""));
    assert_non_null(strstr(svg, "stage 10/11"));
    assert_non_null(strstr(svg, "fixed 0 to 1"));
    free(svg);
}

static void test_masked_cells(void **state)
{
    (void)state;
    char *svg = stage_svg(&FX.masked, "masked"); // 3×3, 3 cells above the diagonal
    assert_int_equal(count(svg, "<rect data-cell="), 9);
    assert_int_equal(count(svg, "data-masked=\"1\""), 3);
    assert_int_equal(count(svg, "<text class=\"m\""), 3);
    assert_int_equal(count(svg, "<text class=\"v\""), 6);
    assert_int_equal(count(svg, "data-level="), 11); // signed: -5..5
    assert_null(strstr(svg, ">-inf<"));
    assert_non_null(strstr(svg, "centred at 0"));
    free(svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_stage_cells),
        cmocka_unit_test(test_masked_cells),
    };
    return cmocka_run_group_tests(tests, by_hand_setup, by_hand_teardown);
}
