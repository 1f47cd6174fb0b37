// test_tui_redraw.c — how long the stepper takes to redraw a 64×64 matrix on a 200×60
// screen after a keypress (frames into a virtual screen). Prints the median; asserts
// only that frames were drawn, since the time depends on the machine.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tui_bench.h"
#include "tui_layout.h"
#include "tui_fixture.h"

static void redraw_64x64_in_200x60(void **state)
{
    (void)state;
    char sentence[64 * 5];
    size_t at = 0;
    for (int k = 0; k < 64; k++)
        at += (size_t)snprintf(sentence + at, sizeof sentence - at, "%sw%d", k ? " " : "", k);
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, sentence, 64), 0);
    assert_int_equal(f.t.n, 64);
    double median = -1;
    AtError e = {0};
    int rc = tui_bench_redraw(&f.t, (size_t)-1, 200, 60, TUI_ZOOM_FIT, 400, &median, &e);
    if (rc != 0)
        fprintf(stderr, "bench: %s\n", e.msg);
    assert_int_equal(rc, 0);
    assert_true(median >= 0);
    printf("redraw of a 64×64 stage on a 200×60 screen: median %.3f ms per keypress\n", median);
    tui_fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(redraw_64x64_in_200x60),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
