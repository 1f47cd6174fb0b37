// tui.h — the interactive stepper: one stage of the trace at a time as a heatmap, a cell
// cursor with an inspector showing explain() for the cell, an explanation panel, keys
// from one table (tui_keys.h), export keys, autoplay. The only public entry to tui*.c
// (with tui_options.h and tui_term.h, which it includes).
#ifndef ATTNTRACE_TUI_H
#define ATTNTRACE_TUI_H

#include "err.h"
#include "sample.h"
#include "trace.h"
#include "tui_options.h" // TuiOptions, DEFAULT_TUI_EXPORT_DIR
#include "tui_term.h"    // tui_can_run

// Run the stepper on the terminal (stdin/stdout) until the user quits. The terminal is
// restored on every way out. A signal that ends a program (SIGINT, SIGTERM, SIGQUIT,
// SIGHUP …) ends it: the terminal is restored, the stepper's memory freed, a line said
// on stderr, and then the process ends by that signal with its default action (this
// function does not return). Ctrl-Z suspends it with the terminal restored. A terminal
// that goes away is an error (-1). With a lesson whose questions were answered, the
// score is printed on stdout once the terminal is restored. The stepper works on its own
// copy of the inputs and builds the trace from them with opt (the explore keys change
// both and build it again); `in` is not changed.
int tui_run(const Inputs *in, const TraceOptions *opt, const TuiOptions *o,
            AtError *e); // 0 or -1 with e filled

#endif
