// tui_redraw.c — the stepper's part of `make bench` (build/bench/tui_redraw).
//
// Prints "NAME,MILLISECONDS" lines that bench.c reads:
//   redraw default 120x40   the slowest stage's median redraw, default sample, 120×40
//   redraw 64x64 200x60     the same for a 64-token sentence (64×64 scores), 200×60, at
//                           the zoom that fits and at every zoom level: the slowest of them
//   first frame             process start → first complete frame of the real binary in
//                           a pseudo-terminal (median of 21 starts)
// and informational lines: one per stage ("stage NAME WxH,ms"), and for the 64-token
// sentence the slowest stage at every zoom level ("zoom L 64x64 200x60,ms", 50 frames
// a stage). The default line is at the zoom that fits, as the stepper opens. Frames
// go into a virtual screen (newterm on /dev/null), after one cursor keypress each, 200 per
// stage.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
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

#define REDRAWS 200
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

// The slowest stage's median redraw of this input at cols×rows and zoom level `zoom`
// (`frames` a stage; tag NULL: no line per stage); -1 on failure.
static double slowest_stage(const InputOptions *io, int cols, int rows, const char *tag,
                            int zoom, int frames)
{
    Inputs in;
    Trace t;
    TraceOptions to;
    trace_options_default(&to);
    AtError e = {0};
    if (inputs_load(io, &in, &e) != 0 || trace_build(&in, &to, &t, &e) != 0) {
        fprintf(stderr, "tui_redraw: %s\n", e.msg);
        return -1;
    }
    double worst = 0;
    for (size_t k = 0; k < t.count; k++) {
        double ms;
        if (tui_bench_redraw(&t, k, cols, rows, zoom, frames, &ms, &e) != 0) {
            fprintf(stderr, "tui_redraw: %s\n", e.msg);
            worst = -1;
            break;
        }
        if (tag)
            printf("stage %s %s %dx%d,%.4f\n", t.stage[k].name, tag, cols, rows, ms);
        worst = ms > worst ? ms : worst;
    }
    trace_free(&t);
    inputs_free(&in);
    return worst;
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

int main(void)
{
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

    // 1. The default sample at 120×40.
    snprintf(path, sizeof path, "%s/../../samples/default", self);
    InputOptions io = {.sample = path, .seed = 1};
    double ms = slowest_stage(&io, 120, 40, "default", TUI_ZOOM_FIT, REDRAWS);
    if (ms >= 0)
        printf("redraw default 120x40,%.4f\n", ms);

    // 2. A 64-token sentence (64×64 scores) at 200×60, in an empty sample folder.
    char dir[] = "/tmp/attntrace-tui-bench.XXXXXX", sentence[64 * 5];
    size_t at = 0;
    for (int k = 0; k < 64; k++)
        at += (size_t)snprintf(sentence + at, sizeof sentence - at, "%sw%d", k ? " " : "", k);
    if (mkdtemp(dir)) {
        InputOptions big = {.sample = dir, .sentence = sentence, .seed = 1, .dim = 64};
        ms = slowest_stage(&big, 200, 60, "64x64", TUI_ZOOM_FIT, REDRAWS);
        for (int z = 0; z <= TUI_ZOOM_MAX && ms >= 0; z++) {
            double zm = slowest_stage(&big, 200, 60, NULL, z, REDRAWS / 4);
            if (zm >= 0)
                printf("zoom %d 64x64 200x60,%.4f\n", z, zm);
            ms = zm < 0 ? zm : zm > ms ? zm : ms; // the target holds at every zoom level
        }
        if (ms >= 0)
            printf("redraw 64x64 200x60,%.4f\n", ms);
        rmdir(dir);
    }

    // 3. Process start to the first complete frame, for the binary beside build/bench/.
    {
        snprintf(path, sizeof path, "%s/../attntrace", self);
        const char *bin = path;
        double starts[STARTS];
        int got = 0;
        for (int k = 0; k < STARTS; k++) {
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
