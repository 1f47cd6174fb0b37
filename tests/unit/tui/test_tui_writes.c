// test_tui_writes.c — a frame reaches the terminal in large writes, not one per cursor
// move. ncurses 6.4 writes out after every cursor move until its screen has once been
// left and resumed (tui_term_batch_writes); a busy 64×64 frame then took about 180 write
// calls of 36 bytes on average. This test counts the program's write calls and bytes (its
// own write() stands in for libc's, which curses then calls) while the stepper draws
// frames of the slowest case; curses's buffer holds about 2 KB.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "tui_bench.h"
#include "tui_fixture.h"
#include "tui_layout.h"

static long write_calls, write_bytes;

// Every write of this process, curses's included: counted, then done by the kernel.
ssize_t write(int fd, const void *buf, size_t n)
{
    write_calls++;
    write_bytes += (long)n;
    return syscall(SYS_write, fd, buf, n);
}

// Frames of the output stage (64×64 weights times 64×64 V, with the inspector's 64 terms)
// on a 200×60 screen, each after a cursor move: the grid scrolls and the inspector
// changes, so every frame changes hundreds of cells in many places.
static void writes_for_frames(TuiFixture *f, int zoom, int frames, long *calls, long *bytes)
{
    const Stage *out = trace_find_id(&f->t, ST_OUTPUT);
    assert_non_null(out);
    double median = -1;
    AtError e = {0};
    fflush(stdout);
    write_calls = write_bytes = 0;
    int rc = tui_bench_redraw(&f->t, (size_t)(out - f->t.stage), 200, 60, zoom, frames, &median,
                              &e);
    *calls = write_calls;
    *bytes = write_bytes;
    if (rc != 0)
        fprintf(stderr, "bench: %s\n", e.msg);
    assert_int_equal(rc, 0);
}

static void a_frame_is_a_few_writes(void **state)
{
    (void)state;
    char sentence[64 * 5];
    size_t at = 0;
    for (int k = 0; k < 64; k++)
        at += (size_t)snprintf(sentence + at, sizeof sentence - at, "%sw%d", k ? " " : "", k);
    TuiFixture f;
    assert_int_equal(tui_fixture_open(&f, sentence, 64), 0);
    // The first frame and the set-up cost the same whatever the count: the difference
    // between 60 frames and 10 is the cost of 50.
    for (int zoom = 0; zoom <= TUI_ZOOM_MAX; zoom += 5) {
        long few_calls, few_bytes, many_calls, many_bytes;
        writes_for_frames(&f, zoom, 10, &few_calls, &few_bytes);
        writes_for_frames(&f, zoom, 60, &many_calls, &many_bytes);
        double calls = (double)(many_calls - few_calls) / 50,
               bytes = (double)(many_bytes - few_bytes) / 50;
        printf("zoom %d: %.0f bytes a frame in %.1f write calls\n", zoom, bytes, calls);
        assert_true(bytes > 2000); // the frames did change the screen
        // Full 2 KB writes, and one for the rest at the end of the frame.
        if (calls > bytes / 1024 + 2)
            fail_msg("zoom %d: %.1f write calls for %.0f bytes a frame", zoom, calls, bytes);
    }
    tui_fixture_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_frame_is_a_few_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
