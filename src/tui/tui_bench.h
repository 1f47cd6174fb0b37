// tui_bench.h — measure the stepper's redraw without a terminal: frames are drawn into
// a virtual screen (curses' newterm on /dev/null), each after one cursor keypress.
#ifndef ATTNTRACE_TUI_BENCH_H
#define ATTNTRACE_TUI_BENCH_H

#include "err.h"
#include "trace.h"

// Draw `iterations` frames of stage k of the trace (k = (size_t)-1: the scores stage) on
// a cols×rows xterm-256color screen at zoom level `zoom` (TUI_ZOOM_FIT: the level that
// fits, as the stepper opens), moving the cursor one cell before each, and put the
// median time of one frame (request, draw, refresh) in *median_ms. Returns 0 or -1.
int tui_bench_redraw(const Trace *t, size_t k, int cols, int rows, int zoom, int iterations,
                     double *median_ms, AtError *e);

#endif
