// tui_bench.c — frames into a virtual screen, timed (see tui_bench.h).
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "i18n.h"
#include "tui_bench.h"
#include "tui_screen.h"
#include "tui_state.h"
#include "tui_widgets.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int tui_bench_redraw(const Trace *t, size_t k, int cols, int rows, int zoom, int iterations,
                     double *median_ms, AtError *e)
{
    if (iterations < 1)
        return at_fail(e, AT_EINPUT, _("iterations must be at least 1"));
    TuiOptions o = {.color_cap = COLOR_256, .export_dir = "attntrace-export"};
    TuiState st;
    if (tui_state_init(&st, t, &o, e) != 0)
        return -1;
    const Stage *scores = trace_find_id(t, ST_SCORES);
    st.k = k < t->count ? k : scores ? (size_t)(scores - t->stage) : 0;
    st.zoom = zoom;

    double *ms = malloc((size_t)iterations * sizeof *ms);
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    SCREEN *scr = out && in ? newterm("xterm-256color", out, in) : NULL;
    int rc = 0;
    if (!ms || !scr) {
        rc = at_fail(e, AT_ERUNTIME, "%s", !ms ? "out of memory" : "cannot open a virtual screen");
    } else {
        resizeterm(rows, cols);
        tui_screen_setup(&st); // as the stepper sets up its terminal
        tui_frame(&st); // the first frame draws everything; the timed ones redraw
        refresh();
        const Matrix *m = &t->stage[st.k].m;
        for (int it = 0; it < iterations && rc == 0; it++) {
            double t0 = now_ms();
            // A keypress: right along the row, down at its end, back to the top at the end.
            if (st.cj + 1 < m->cols)
                tui_apply(&st, REQ_RIGHT, 0);
            else {
                st.cj = 0;
                st.ci = st.ci + 1 < m->rows ? st.ci + 1 : 0;
            }
            if (tui_frame(&st) != 0)
                rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
            refresh();
            ms[it] = now_ms() - t0;
        }
        if (rc == 0) {
            qsort(ms, (size_t)iterations, sizeof *ms, cmp_double);
            *median_ms = ms[iterations / 2];
        }
        endwin();
    }
    if (scr)
        delscreen(scr);
    if (out)
        fclose(out);
    if (in)
        fclose(in);
    free(ms);
    tui_state_free(&st);
    return rc;
}
