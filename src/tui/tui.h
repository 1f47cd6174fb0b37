// tui.h — the interactive stepper: one stage of the trace at a time as a heatmap, a cell
// cursor with an inspector showing explain() for the cell, an explanation panel, keys
// from one table (tui_keys.h), export keys, autoplay. The only public entry to tui*.c.
#ifndef ATTNTRACE_TUI_H
#define ATTNTRACE_TUI_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "heatmap.h"
#include "lesson.h"
#include "sample.h"
#include "trace.h"

// Where the stepper's e/E keys write when --export-dir is not given.
#define DEFAULT_TUI_EXPORT_DIR "attntrace-export"

typedef struct {
    ColorMode color_cap;        // COLOR_NONE when --color never or NO_COLOR; else the best the terminal offers is chosen at start
    const Palette *palette;     // --palette (NULL: the default)
    const char *export_dir;     // --export-dir (default "attntrace-export")
    double autoplay;            // seconds; 0 = off
    const Lesson *lesson;       // --lesson: its section for each stage in the panel, its
                                // questions answered with A; NULL = built-in descriptions
    bool quiz;                  // --quiz: unanswered questions hold the learner at a stage
    uint64_t seed;              // --seed: the d/D keys generate weights from it
    const char *start_stage;    // --stage NAME: open on that stage (NULL: the first)
} TuiOptions;

// Whether the terminal on stdout can show the stepper (TERM known, cursor addressing);
// if not, why (one line) for the caller to say before it falls back to print mode.
bool tui_can_run(char *why, size_t size);

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
