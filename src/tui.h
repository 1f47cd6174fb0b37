// tui.h — the interactive stepper: one stage of the trace at a time as a heatmap, a cell
// cursor with an inspector showing explain() for the cell, an explanation panel, keys
// from one table (tui_keys.h), export keys, autoplay. The only public entry to tui*.c.
#ifndef ATTNTRACE_TUI_H
#define ATTNTRACE_TUI_H

#include "err.h"
#include "heatmap.h"
#include "lines.h"
#include "sample.h"
#include "trace.h"

typedef struct {
    ColorMode color_cap;        // COLOR_NONE when --color never or NO_COLOR; else the best the terminal offers is chosen at start
    const char *export_dir;     // --export-dir (default "attntrace-export")
    double autoplay;            // seconds; 0 = off
    const Lines *stage_text[ST_COUNT]; // explanation panel text per stage, NULL = built-in description
    uint64_t seed;              // --seed: the d/D keys generate weights from it
} TuiOptions;

// Run the stepper on the terminal (stdin/stdout) until the user quits. The terminal is
// restored on every way out, SIGINT and SIGTERM included. The stepper works on its own
// copy of the inputs and builds the trace from them with opt (the explore keys change
// both and build it again); `in` is not changed.
int tui_run(const Inputs *in, const TraceOptions *opt, const TuiOptions *o,
            AtError *e); // 0 or -1 with e filled

#endif
