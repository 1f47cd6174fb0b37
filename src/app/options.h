// options.h — the command line: one table of options, parsed with getopt_long into
// one struct.
#ifndef ATTNTRACE_OPTIONS_H
#define ATTNTRACE_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"
#include "palette.h"
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
    const Palette *palette; // --palette NAME (NULL: the default)
    bool palette_list;      // --palette list
    bool vocab;             // --vocab [WORD…]: the dimensions and the words' rows
    char **words;           // with --vocab: the words given (argv's), nwords of them
    int nwords;
    const char *tui_export_dir; // --export-dir: where the stepper's e/E write
    double autoplay;        // --autoplay SECONDS (0: off)
    bool present;           // --present: the stepper opens in the presenter layout
    // Lessons and homework
    const char *lesson;     // --lesson NAME|FILE
    const char *lang;       // --lang LL (NULL: from the environment, else en)
    bool quiz;              // --quiz: the stepper asks the lesson's questions
    const char *check_dir;  // --check DIR: compare a student's CSV files with the trace
    double tolerance;       // --tolerance T for --check and numeric answers
    bool blank;             // --blank: with --export, a worksheet (computed cells empty)
    const char *check_lesson; // --check-lesson FILE
    bool decode;            // --decode: token by token with a KV cache (implies the causal mask)
    bool mask_none;         // --mask none was given (refused with --decode)
    bool help, version;
} Options;

#define DEFAULT_TOLERANCE 0.005

// The bounds of the numeric options; the option table (options.c) holds them, and its
// messages, --help and the man page's check (tests/unit/app) read them from there.
#define DIM_MAX 4096          // --dim, --dk
#define MAX_TOKENS_MAX 65536  // --max-tokens
#define TEMPERATURE_MIN 1e-6  // --temperature: below, the divisor nears the subnormals
#define TEMPERATURE_MAX 1e6
#define AUTOPLAY_MAX 1e6      // --autoplay SECONDS, above 0

// ─── the option table ───────────────────────────────────────────────────────────
// One row per option gives getopt_long its struct option[] and short-option string,
// --help its lines, and the value checks their bounds and messages.

typedef enum {
    ARG_NONE,   // a switch: --print
    ARG_TEXT,   // any text: a file, a folder, a name
    ARG_CHOICE, // one of the words of the metavar: "causal|none"
    ARG_WHOLE,  // a whole number in [whole.lo, whole.hi]
    ARG_NUMBER, // a decimal number in [number.lo, number.hi] ((lo, hi] when lo_open)
} ArgKind;

typedef enum {
    OPT_SAMPLE, OPT_EMBEDDINGS, OPT_WQ, OPT_WK, OPT_WV, OPT_SOURCE, OPT_WO, OPT_SEED,
    OPT_DIM, OPT_DK, OPT_MAX_TOKENS, OPT_MASK, OPT_NO_SCALE, OPT_TEMPERATURE, OPT_HEADS,
    OPT_KV_HEADS, OPT_DECODE,
    OPT_EXPORT, OPT_EXPORT_SVG, OPT_FORCE, OPT_BLANK, OPT_PRINT, OPT_STAGE, OPT_EXPLAIN,
    OPT_COLOR, OPT_PALETTE, OPT_VOCAB, OPT_LESSON, OPT_LANG, OPT_QUIZ, OPT_CHECK, OPT_TOLERANCE,
    OPT_CHECK_LESSON,
    OPT_EXPORT_DIR, OPT_AUTOPLAY, OPT_PRESENT, OPT_HELP, OPT_VERSION,
    OPT_COUNT
} OptionId;

// The headings --help shows the options under, in this order.
typedef enum { GROUP_INPUTS, GROUP_NUMBERS, GROUP_MODES, GROUP_LESSONS, GROUP_STEPPER } OptionGroup;

typedef struct {
    OptionId id;
    const char *name;    // the long name, without "--"
    char letter;         // the short option, or 0
    ArgKind kind;
    const char *metavar; // the value's name in --help ("FILE"); ARG_CHOICE: its words
    struct {
        unsigned long long lo, hi;
    } whole;             // ARG_WHOLE
    struct {
        double lo, hi;   // hi = INFINITY: no upper bound
        bool lo_open;    // above lo rather than from lo
        const char *unit; // "seconds": "a number of seconds above 0 ..."
    } number;            // ARG_NUMBER
    OptionGroup group;
    // The --help text; "\n" starts a line, {lo} and {hi} are the bounds. NULL: this
    // option shares the help of the row above (--wk and --wv with --wq).
    const char *help;
} OptionSpec;

// Every option, OPT_COUNT rows, in the order getopt_long and --help see them
// (OPTIONS[k].id == k).
extern const OptionSpec OPTIONS[OPT_COUNT];

// A bound of a numeric option as --help and the man page write it: "4096", "2^64-1",
// "0.000001". hi: the upper bound, else the lower one.
const char *option_bound(const OptionSpec *s, bool hi, char *buf, size_t size);

// Parse argv. Returns 0, or -1 with a status-2 error naming the bad option.
int options_parse(int argc, char **argv, Options *o, AtError *e);
void options_usage(FILE *f);

#endif
