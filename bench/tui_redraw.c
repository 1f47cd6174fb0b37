// tui_redraw.c — the stepper's part of `make bench` (build/bench/tui_redraw).
//
// Prints "NAME,MILLISECONDS" lines that bench.c reads:
//   redraw default 120x40   the slowest stage's median redraw, default sample, 120×40
//   redraw 64x64 200x60     the same for a 64-token sentence (64×64 scores), 200×60, at
//                           the zoom that fits and at every zoom level: the slowest of them
//   first frame             process start → first complete frame of the real binary in
//                           a pseudo-terminal (median of 21 starts)
// With --quick (tests/e2e/bench_smoke.sh): one round of a few frames and 3 starts, numbers
// that only show it works.
// and informational lines: one per stage ("stage NAME WxH,ms"), and for the 64-token
// sentence the slowest stage at every zoom level ("zoom L 64x64 200x60,ms"). The default
// line is at the zoom that fits, as the stepper opens. Frames go into a virtual screen
// (newterm on /dev/null), after one cursor keypress each. Every configuration is measured
// in ROUNDS rounds spread over the run (REDRAWS frames a stage at the fitted zoom,
// ZOOM_REDRAWS at each zoom level); a stage's time is the median of its best round, so
// that a few seconds in which another program had the machine do not count as the
// stepper's.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "sample.h"
#include "trace.h"
#include "tui_bench.h"
#include "tui_layout.h"

#define REDRAWS 100     // frames a stage at the zoom that fits, a round
#define ZOOM_REDRAWS 40 // frames a stage at each zoom level, a round
#define ROUNDS 3        // rounds; a stage's time is its best round's median
#define STARTS 21

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

// One measured configuration: an input drawn at a size and zoom; best[k] is stage k's
// lowest median over the rounds so far.
typedef struct {
    const Trace *t;
    int cols, rows, zoom, frames;
    double best[TRACE_MAX_STAGES];
} Config;

// A round of every stage of c: each stage's median of c->frames redraws, kept when it
// is the lowest so far. 0, or -1 (printed) on failure.
static int measure_round(Config *c)
{
    AtError e = {0};
    for (size_t k = 0; k < c->t->count; k++) {
        double ms;
        if (tui_bench_redraw(c->t, k, c->cols, c->rows, c->zoom, c->frames, &ms, &e) != 0) {
            fprintf(stderr, "tui_redraw: %s\n", e.msg);
            return -1;
        }
        if (ms < c->best[k])
            c->best[k] = ms;
    }
    return 0;
}

// The slowest stage of c (its best round), with a line per stage when tag is given.
static double slowest(const Config *c, const char *tag)
{
    double worst = 0;
    for (size_t k = 0; k < c->t->count; k++) {
        if (tag)
            printf("stage %s %s %dx%d,%.4f\n", c->t->stage[k].name, tag, c->cols, c->rows,
                   c->best[k]);
        worst = c->best[k] > worst ? c->best[k] : worst;
    }
    return worst;
}

static int build(const InputOptions *io, Inputs *in, Trace *t)
{
    TraceOptions to;
    trace_options_default(&to);
    AtError e = {0};
    if (inputs_load(io, in, &e) != 0)
        goto fail;
    if (trace_build(in, &to, t, &e) != 0) {
        inputs_free(in);
        goto fail;
    }
    return 0;
fail:
    fprintf(stderr, "tui_redraw: %s\n", e.msg);
    return -1;
}

// Start the real binary in a 120×40 pseudo-terminal and time until its first frame is
// complete (the footer's last item, "quit", has been written), then quit it.
static double first_frame(const char *bin)
{
    struct winsize ws = {.ws_row = 40, .ws_col = 120};
    int master;
    double t0 = now_ms();
    pid_t pid = forkpty(&master, NULL, NULL, &ws);
    if (pid < 0)
        return -1;
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        unsetenv("NO_COLOR");
        execl(bin, bin, (char *)NULL);
        _exit(127);
    }
    char seen[65536];
    size_t have = 0;
    double done = -1;
    while (now_ms() - t0 < 5000) {
        struct pollfd p = {.fd = master, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0)
            continue;
        ssize_t n = read(master, seen + have, sizeof seen - 1 - have);
        if (n <= 0)
            break;
        have += (size_t)n;
        seen[have] = '\0';
        if (strstr(seen, " quit")) {
            done = now_ms() - t0;
            break;
        }
        if (have > sizeof seen / 2) { // keep the tail, where the footer will be
            memmove(seen, seen + have - 64, 64);
            have = 64;
        }
    }
    if (write(master, "q", 1) != 1)
        kill(pid, SIGTERM);
    // Drain until the child exits, so the next start does not race it.
    for (int k = 0; k < 50; k++) {
        char junk[4096];
        struct pollfd p = {.fd = master, .events = POLLIN};
        if (poll(&p, 1, 20) > 0 && read(master, junk, sizeof junk) <= 0)
            break;
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            pid = 0;
            break;
        }
    }
    if (pid > 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    close(master);
    return done;
}

int main(int argc, char **argv)
{
    // --quick (the test that make bench works): one round of a few frames, 3 starts.
    bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    int rounds = quick ? 1 : ROUNDS, frames = quick ? 5 : REDRAWS,
        zoom_frames = quick ? 3 : ZOOM_REDRAWS, nstarts = quick ? 3 : STARTS;
    setlocale(LC_ALL, "");
    if (MB_CUR_MAX == 1)
        setlocale(LC_CTYPE, "C.UTF-8");
    setlocale(LC_NUMERIC, "C");

    // This binary is BUILD/bench/tui_redraw: the checkout is two folders up.
    char self[PATH_MAX], path[PATH_MAX + 32];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return 1;
    self[n] = '\0';
    *strrchr(self, '/') = '\0';

    // 1. The default sample at 120×40; 2. a 64-token sentence (64×64 scores) at 200×60,
    // in an empty sample folder, at the zoom that fits and at every zoom level.
    snprintf(path, sizeof path, "%s/../../samples/default", self);
    InputOptions io = {.sample = path, .seed = 1};
    char dir[] = "/tmp/attntrace-tui-bench.XXXXXX", sentence[64 * 5];
    size_t at = 0;
    for (int k = 0; k < 64; k++)
        at += (size_t)snprintf(sentence + at, sizeof sentence - at, "%sw%d", k ? " " : "", k);
    InputOptions big = {.sample = dir, .sentence = sentence, .seed = 1, .dim = 64};
    Inputs in_small, in_big;
    Trace t_small, t_big;
    if (!mkdtemp(dir))
        return 1;
    int ok = build(&io, &in_small, &t_small) == 0, ok_big = build(&big, &in_big, &t_big) == 0;
    rmdir(dir);
    static Config cfg[2 + TUI_ZOOM_MAX + 1];
    int nc = 0;
    if (ok)
        cfg[nc++] = (Config){&t_small, 120, 40, TUI_ZOOM_FIT, frames, {0}};
    if (ok_big) {
        cfg[nc++] = (Config){&t_big, 200, 60, TUI_ZOOM_FIT, frames, {0}};
        for (int z = 0; z <= TUI_ZOOM_MAX; z++)
            cfg[nc++] = (Config){&t_big, 200, 60, z, zoom_frames, {0}};
    }
    for (int c = 0; c < nc; c++)
        for (size_t k = 0; k < TRACE_MAX_STAGES; k++)
            cfg[c].best[k] = INFINITY;
    int failed = 0;
    for (int r = 0; r < rounds && !failed; r++) // rounds spread over the run
        for (int c = 0; c < nc && !failed; c++)
            failed = measure_round(&cfg[c]) != 0;
    if (!failed && ok)
        printf("redraw default 120x40,%.4f\n", slowest(&cfg[0], "default"));
    if (!failed && ok_big) {
        int c0 = ok ? 1 : 0;
        double ms = slowest(&cfg[c0], "64x64");
        for (int z = 0; z <= TUI_ZOOM_MAX; z++) {
            double zm = slowest(&cfg[c0 + 1 + z], NULL);
            printf("zoom %d 64x64 200x60,%.4f\n", z, zm);
            ms = zm > ms ? zm : ms; // the target holds at every zoom level
        }
        printf("redraw 64x64 200x60,%.4f\n", ms);
    }
    if (ok) {
        trace_free(&t_small);
        inputs_free(&in_small);
    }
    if (ok_big) {
        trace_free(&t_big);
        inputs_free(&in_big);
    }

    // 3. Process start to the first complete frame, for the binary beside build/bench/.
    {
        snprintf(path, sizeof path, "%s/../attntrace", self);
        const char *bin = path;
        double starts[STARTS];
        int got = 0;
        for (int k = 0; k < nstarts; k++) {
            double t = first_frame(bin);
            if (t >= 0)
                starts[got++] = t;
        }
        if (got > 0) {
            qsort(starts, (size_t)got, sizeof *starts, cmp_double);
            printf("first frame,%.4f\n", starts[got / 2]);
        }
    }
    fflush(stdout);
    return 0;
}
