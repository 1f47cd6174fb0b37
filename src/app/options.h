// options.h — the command line, parsed with getopt_long into one struct.
#ifndef ATTNTRACE_OPTIONS_H
#define ATTNTRACE_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"
#include "sample.h"
#include "trace.h"

typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } ColorChoice;

typedef struct {
    InputOptions in;
    TraceOptions trace;
    bool print;             // -p
    const char *export_dir; // -x DIR
    const char *svg_dir;    // --export-svg DIR
    bool force;             // --force: replace an earlier export (CSV or SVG)
    const char *stage;      // --stage NAME
    const char *explain;    // --explain STAGE:ROW:COL
    ColorChoice color;      // --color
    const char *tui_export_dir; // --export-dir: where the stepper's e/E write
    double autoplay;        // --autoplay SECONDS (0: off)
    // Lessons and homework
    const char *lesson;     // --lesson NAME|FILE
    const char *lang;       // --lang LL (NULL: from the environment, else en)
    bool quiz;              // --quiz: the stepper asks the lesson's questions
    const char *check_dir;  // --check DIR: compare a student's CSV files with the trace
    double tolerance;       // --tolerance T for --check and numeric answers
    bool blank;             // --blank: with --export, a worksheet (computed cells empty)
    const char *check_lesson; // --check-lesson FILE
    bool help, version;
} Options;

#define DEFAULT_TOLERANCE 0.005

// The bounds of the numeric options (--help, README and attntrace.1 give them too).
// --heads is 1..TRACE_MAX_HEADS, --seed 0..2^64-1, --tolerance any number ≥ 0.
#define DIM_MAX 4096          // --dim, --dk
#define MAX_TOKENS_MAX 65536  // --max-tokens
#define TEMPERATURE_MIN 1e-6  // --temperature: below, the divisor nears the subnormals
#define TEMPERATURE_MAX 1e6
#define AUTOPLAY_MAX 1e6      // --autoplay SECONDS, above 0

// Parse argv. Returns 0, or -1 with a status-2 error naming the bad option.
int options_parse(int argc, char **argv, Options *o, AtError *e);
void options_usage(FILE *f);

#endif
