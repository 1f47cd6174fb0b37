// options.c — getopt_long for attntrace; every value checked, nothing exits.
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "tui.h" // DEFAULT_TUI_EXPORT_DIR

enum {
    OPT_WQ = 256, OPT_WK, OPT_WV, OPT_SEED, OPT_DIM, OPT_DK, OPT_MASK, OPT_NO_SCALE,
    OPT_TEMPERATURE, OPT_STAGE, OPT_COLOR, OPT_EXPLAIN, OPT_FORCE, OPT_MAX_TOKENS,
    OPT_EXPORT_DIR, OPT_AUTOPLAY, OPT_LESSON, OPT_LANG, OPT_QUIZ, OPT_CHECK, OPT_TOLERANCE,
    OPT_BLANK, OPT_CHECK_LESSON, OPT_EXPORT_SVG, OPT_SOURCE, OPT_HEADS, OPT_WO,
};

static const struct option LONG_OPTIONS[] = {
    {"sample", required_argument, NULL, 's'},
    {"embeddings", required_argument, NULL, 'e'},
    {"wq", required_argument, NULL, OPT_WQ},
    {"wk", required_argument, NULL, OPT_WK},
    {"wv", required_argument, NULL, OPT_WV},
    {"wo", required_argument, NULL, OPT_WO},
    {"source", required_argument, NULL, OPT_SOURCE},
    {"heads", required_argument, NULL, OPT_HEADS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"dim", required_argument, NULL, OPT_DIM},
    {"dk", required_argument, NULL, OPT_DK},
    {"mask", required_argument, NULL, OPT_MASK},
    {"no-scale", no_argument, NULL, OPT_NO_SCALE},
    {"temperature", required_argument, NULL, OPT_TEMPERATURE},
    {"print", no_argument, NULL, 'p'},
    {"export", required_argument, NULL, 'x'},
    {"export-svg", required_argument, NULL, OPT_EXPORT_SVG},
    {"force", no_argument, NULL, OPT_FORCE},
    {"stage", required_argument, NULL, OPT_STAGE},
    {"explain", required_argument, NULL, OPT_EXPLAIN},
    {"color", required_argument, NULL, OPT_COLOR},
    {"max-tokens", required_argument, NULL, OPT_MAX_TOKENS},
    {"export-dir", required_argument, NULL, OPT_EXPORT_DIR},
    {"autoplay", required_argument, NULL, OPT_AUTOPLAY},
    {"lesson", required_argument, NULL, OPT_LESSON},
    {"lang", required_argument, NULL, OPT_LANG},
    {"quiz", no_argument, NULL, OPT_QUIZ},
    {"check", required_argument, NULL, OPT_CHECK},
    {"tolerance", required_argument, NULL, OPT_TOLERANCE},
    {"blank", no_argument, NULL, OPT_BLANK},
    {"check-lesson", required_argument, NULL, OPT_CHECK_LESSON},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

void options_usage(FILE *f)
{
    fputs("usage: attntrace [OPTIONS] [SENTENCE]\n"
          "Walk through self-attention one stage at a time: X, W_Q/W_K/W_V, Q, K, V,\n"
          "scores = Q·Kᵀ, scaled = scores/√d_k, [masked], weights = softmax, output = weights·V.\n"
          "\n"
          "Inputs:\n"
          "  -s, --sample NAME|DIR   a sample by name (samples/NAME) or a folder (default: default)\n"
          "  -e, --embeddings FILE   embeddings CSV (overrides the sample's)\n"
          "      --wq FILE, --wk FILE, --wv FILE\n"
          "                          weight CSVs (override the sample's)\n"
          "      --source SENTENCE   cross-attention: queries from SENTENCE, keys and values\n"
          "                          from this source sentence (looked up like SENTENCE)\n"
          "      --wo FILE           W_O for --heads (overrides the sample's W_O.csv)\n"
          "      --seed N            seed for whatever is generated, 0 to 2^64-1 (default 1)\n"
          "      --dim N             width of generated embeddings when there is no file,\n"
          "                          1 to 4096 (default 8)\n"
          "      --dk N              width of generated W_Q/W_K/W_V, 1 to 4096 (default: d_model)\n"
          "      --max-tokens N      longest sentence accepted, in tokens, 1 to 65536 (default 256)\n"
          "Numbers:\n"
          "      --mask causal|none  causal: each token sees only itself and earlier ones (default none)\n"
          "      --no-scale          skip the division by √d_k\n"
          "      --temperature T     divide the scaled scores by T as well, T from 0.000001\n"
          "                          to 1000000 (default 1)\n"
          "      --heads H           multi-head attention, H from 1 to 8 (default 1): each head\n"
          "                          attends over d_k/H columns of Q and K and d_v/H of V,\n"
          "                          then concat·W_O; d_k and d_v must be divisible by H\n"
          "Modes (default: the interactive stepper on a terminal, else --print):\n"
          "  -p, --print             print every stage as a text heatmap with numbers, then exit\n"
          "      --stage NAME        with --print: only that stage; in the stepper: start there\n"
          "      --explain STAGE:ROW:COL\n"
          "                          with --print: the arithmetic of one cell; ROW and COL are\n"
          "                          1-based numbers or labels (a label may contain ':')\n"
          "      --color auto|always|never\n"
          "                          ANSI color in --print (auto: on a terminal, unless NO_COLOR)\n"
          "  -x, --export DIR        write every stage to DIR as CSV with a manifest, then exit\n"
          "      --export-svg DIR    write every stage to DIR as an SVG heatmap for slides, with\n"
          "                          an index.html showing them in order, then exit\n"
          "      --force             with --export/--export-svg: replace an earlier export in DIR\n"
          "      --blank             with --export: a worksheet, every computed cell left empty\n"
          "Lessons and homework:\n"
          "      --lesson NAME|FILE  lesson text for each stage (lessons/LANG/NAME.md): in the\n"
          "                          stepper's panel, with its questions (A answers them);\n"
          "                          with --print above each stage, with the answers\n"
          "      --lang LL           the lesson's language, en or zh (default: from LANG, else en)\n"
          "      --quiz              in the stepper: answer each question before moving on\n"
          "                          (without --lesson: the self-attention lesson)\n"
          "      --check DIR         compare the stage CSVs a student filled in (as --export\n"
          "                          writes them) with this trace; exit 3 if any cell differs\n"
          "      --tolerance T       how far a number may be off and still count, T ≥ 0\n"
          "                          (default 0.005)\n"
          "      --check-lesson FILE check a lesson against this trace; exit 2 on any problem\n"
          "Stepper:\n"
          "      --export-dir DIR    where the keys e/E export (default ./attntrace-export)\n"
          "      --autoplay SECONDS  start stepping through the stages on a timer (above 0,\n"
          "                          at most 1000000)\n"
          "  -h, --help              this help\n"
          "  -V, --version           the version\n"
          "\n"
          "Stages: embeddings [source] W_Q W_K W_V Q K V scores scaled [masked] weights output;\n"
          "with --heads H: scores.h1 … output.hH for each head, then concat W_O output\n"
          "Exit status: 0 ok, 1 runtime or I/O failure (a failed write to standard output\n"
          "included), 2 bad usage or bad input, 3 --check found cells that differ or are missing.\n",
          f);
}

// The text of a whole number or a decimal, as options take them: digits first (no sign,
// no leading space, no hex), or for decimals a dot and digits ("0.5", ".5", "2e-3").
static bool plain_number(const char *text, bool decimal)
{
    if (!(text[0] >= '0' && text[0] <= '9') && !(decimal && text[0] == '.'))
        return false;
    return !strpbrk(text, "xXpP") && !strchr(text, ' ');
}

// A whole number in [lo, hi]; the message gives the range.
static int parse_count(const char *opt, const char *text, unsigned long long lo,
                       unsigned long long hi, unsigned long long *out, AtError *e)
{
    char *end;
    errno = 0;
    unsigned long long v = plain_number(text, false) ? strtoull(text, &end, 10) : 0;
    if (!plain_number(text, false) || *end || errno == ERANGE || v < lo || v > hi)
        return at_fail(e, AT_EINPUT, "%s: \"%s\" must be a whole number from %llu to %llu", opt,
                       text, lo, hi);
    *out = v;
    return 0;
}

static int parse_size(const char *opt, const char *text, size_t lo, size_t hi, size_t *out,
                      AtError *e)
{
    unsigned long long v;
    if (parse_count(opt, text, lo, hi, &v, e) != 0)
        return -1;
    *out = (size_t)v;
    return 0;
}

// A decimal number in (lo, hi] when lo_open, else [lo, hi]; hi = INFINITY: no cap. The
// bounds are also given as the text the message shows (and --help, README and the man
// page document).
typedef struct {
    const char *opt;
    double lo, hi;
    bool lo_open;
    const char *range; // "from 0.000001 to 1000000", ...
} NumberRange;

static const NumberRange TEMPERATURE_RANGE = {"--temperature", TEMPERATURE_MIN, TEMPERATURE_MAX,
                                              false, "from 0.000001 to 1000000"};
static const NumberRange AUTOPLAY_RANGE = {"--autoplay", 0, AUTOPLAY_MAX, true,
                                           "of seconds above 0 and at most 1000000"};
static const NumberRange TOLERANCE_RANGE = {"--tolerance", 0, INFINITY, false, "≥ 0"};

static int parse_number(const NumberRange *r, const char *text, double *out, AtError *e)
{
    char *end;
    errno = 0;
    double v = plain_number(text, true) ? strtod(text, &end) : NAN;
    // An overflow (1e400) is HUGE_VAL, not finite; an underflow (1e-400) is 0 or a
    // subnormal, which the bounds judge like any other number.
    bool ok = plain_number(text, true) && !*end && isfinite(v) &&
              (r->lo_open ? v > r->lo : v >= r->lo) && v <= r->hi;
    if (!ok)
        return at_fail(e, AT_EINPUT, "%s: \"%s\" must be a number %s", r->opt, text, r->range);
    *out = v;
    return 0;
}

#define SHORT_OPTIONS ":s:e:px:hV"

// Is c the letter of a short option or the val of a long one?
static bool known_option(int c)
{
    if (c >= 256)
        return true;
    return c != ':' && strchr(SHORT_OPTIONS, c) != NULL;
}

// "--ex": an abbreviation of several long options, or of none.
static int unknown_long(const char *arg, AtError *e)
{
    size_t n = strcspn(arg, "="), matches = 0;
    char list[512] = "";
    for (const struct option *l = LONG_OPTIONS; n > 2 && l->name; l++)
        if (strncmp(l->name, arg + 2, n - 2) == 0) {
            size_t at = strlen(list);
            snprintf(list + at, sizeof list - at, "%s--%s", matches++ ? ", " : "", l->name);
        }
    if (matches > 1)
        return at_fail(e, AT_EINPUT, "%.*s is ambiguous: %s (see --help)", (int)n, arg, list);
    return at_fail(e, AT_EINPUT, "unknown option %.*s (see --help)", (int)n, arg);
}

int options_parse(int argc, char **argv, Options *o, AtError *e)
{
    memset(o, 0, sizeof *o);
    trace_options_default(&o->trace);
    o->in.seed = 1;
    o->color = COLOR_AUTO;
    o->tui_export_dir = DEFAULT_TUI_EXPORT_DIR;
    o->tolerance = DEFAULT_TOLERANCE;
    optind = 0; // re-entrant for tests: 0 makes glibc reinitialise
    opterr = 0;
    int c, li;
    while ((li = -1, c = getopt_long(argc, argv, SHORT_OPTIONS, LONG_OPTIONS, &li)) != -1) {
        const char *arg = optarg;
        // "--wq -x DIR": getopt takes "-x" as the file name. A value that looks like an
        // option (a dash, then a letter or a second dash) means the value was left out.
        // (--seed=-x, with the value attached, is taken as written.)
        if (arg && arg == argv[optind - 1] && arg[0] == '-' &&
            ((arg[1] >= 'a' && arg[1] <= 'z') || (arg[1] >= 'A' && arg[1] <= 'Z') ||
             (arg[1] == '-' && arg[2] != '\0'))) {
            char name[64];
            if (li >= 0)
                snprintf(name, sizeof name, "--%s", LONG_OPTIONS[li].name);
            else
                snprintf(name, sizeof name, "-%c", c);
            return at_fail(e, AT_EINPUT, "%s needs a value, but the next word is the option "
                           "\"%s\" (see --help; write ./%s for a file of that name)",
                           name, arg, arg);
        }
        switch (c) {
        case 's': o->in.sample = arg; break;
        case 'e': o->in.embeddings = arg; break;
        case OPT_WQ: o->in.w_path[0] = arg; break;
        case OPT_WK: o->in.w_path[1] = arg; break;
        case OPT_WV: o->in.w_path[2] = arg; break;
        case OPT_WO: o->in.wo_path = arg; break;
        case OPT_SOURCE: o->in.source = arg; break;
        case OPT_HEADS:
            if (parse_size("--heads", arg, 1, TRACE_MAX_HEADS, &o->trace.heads, e) != 0)
                return -1;
            o->in.heads = o->trace.heads;
            break;
        case OPT_SEED: {
            unsigned long long v;
            if (parse_count("--seed", arg, 0, ULLONG_MAX, &v, e) != 0)
                return -1;
            o->in.seed = v;
            break;
        }
        case OPT_DIM:
            if (parse_size("--dim", arg, 1, DIM_MAX, &o->in.dim, e) != 0)
                return -1;
            break;
        case OPT_DK:
            if (parse_size("--dk", arg, 1, DIM_MAX, &o->in.dk, e) != 0)
                return -1;
            break;
        case OPT_MAX_TOKENS:
            if (parse_size("--max-tokens", arg, 1, MAX_TOKENS_MAX, &o->in.max_tokens, e) != 0)
                return -1;
            break;
        case OPT_MASK:
            if (strcmp(arg, "causal") == 0)
                o->trace.mask = MASK_CAUSAL;
            else if (strcmp(arg, "none") == 0)
                o->trace.mask = MASK_NONE;
            else
                return at_fail(e, AT_EINPUT, "--mask: \"%s\" is not causal or none", arg);
            break;
        case OPT_NO_SCALE: o->trace.scale = false; break;
        case OPT_TEMPERATURE:
            if (parse_number(&TEMPERATURE_RANGE, arg, &o->trace.temperature, e) != 0)
                return -1;
            break;
        case OPT_AUTOPLAY:
            if (parse_number(&AUTOPLAY_RANGE, arg, &o->autoplay, e) != 0)
                return -1;
            break;
        case 'p': o->print = true; break;
        case 'x': o->export_dir = arg; break;
        case OPT_EXPORT_SVG: o->svg_dir = arg; break;
        case OPT_FORCE: o->force = true; break;
        case OPT_STAGE: o->stage = arg; break;
        case OPT_EXPLAIN: o->explain = arg; break;
        case OPT_EXPORT_DIR: o->tui_export_dir = arg; break;
        case OPT_LESSON: o->lesson = arg; break;
        case OPT_LANG: {
            size_t n = strspn(arg, "abcdefghijklmnopqrstuvwxyz");
            if (n < 2 || n > 3 || arg[n])
                return at_fail(e, AT_EINPUT, "--lang: \"%s\" is not a language code like en or zh",
                               arg);
            o->lang = arg;
            break;
        }
        case OPT_QUIZ: o->quiz = true; break;
        case OPT_CHECK: o->check_dir = arg; break;
        case OPT_BLANK: o->blank = true; break;
        case OPT_CHECK_LESSON: o->check_lesson = arg; break;
        case OPT_TOLERANCE:
            if (parse_number(&TOLERANCE_RANGE, arg, &o->tolerance, e) != 0)
                return -1;
            break;
        case OPT_COLOR:
            if (strcmp(arg, "auto") == 0)
                o->color = COLOR_AUTO;
            else if (strcmp(arg, "always") == 0)
                o->color = COLOR_ALWAYS;
            else if (strcmp(arg, "never") == 0)
                o->color = COLOR_NEVER;
            else
                return at_fail(e, AT_EINPUT, "--color: \"%s\" is not auto, always or never", arg);
            break;
        case 'h': o->help = true; break;
        case 'V': o->version = true; break;
        case ':': // -s, --sample (or --sam: what was typed) at the end of the line
            if (strncmp(argv[optind - 1], "--", 2) == 0)
                return at_fail(e, AT_EINPUT, "%s needs a value (see --help)", argv[optind - 1]);
            return at_fail(e, AT_EINPUT, "-%c needs a value (see --help)", optopt);
        default: // '?': getopt sets optopt to a short option's letter, or to a long one's val
            if (optopt && !known_option(optopt)) // -z, also inside -pz
                return at_fail(e, AT_EINPUT, "unknown option -%c (see --help)", optopt);
            if (optopt) // --help=x: a known long option with a value it does not take
                return at_fail(e, AT_EINPUT, "%.*s takes no value (see --help)",
                               (int)strcspn(argv[optind - 1], "="), argv[optind - 1]);
            return unknown_long(argv[optind - 1], e);
        }
    }
    if (optind < argc - 1)
        return at_fail(e, AT_EINPUT, "one SENTENCE only: quote it (\"the cat sat\"); got %d words",
                       argc - optind);
    if (optind == argc - 1)
        o->in.sentence = argv[optind];
    if (o->blank && !o->export_dir)
        return at_fail(e, AT_EINPUT, "--blank works with --export DIR (it writes a worksheet)");
    if ((o->check_dir != NULL) + (o->check_lesson != NULL) +
            (o->export_dir != NULL || o->svg_dir != NULL) > 1)
        return at_fail(e, AT_EINPUT, "choose one of --check, --check-lesson and --export "
                       "(or --export-svg)");
    if (o->export_dir && o->svg_dir && strcmp(o->export_dir, o->svg_dir) == 0)
        return at_fail(e, AT_EINPUT, "--export and --export-svg need two different folders");
    if (o->stage && !stage_name_parse(o->stage, NULL, NULL))
        return at_fail(e, AT_EINPUT, "--stage: unknown stage \"%s\" (stages: %s; a head's: "
                       "scores.h1 …)", o->stage, STAGE_LIST);
    if (o->in.source && o->trace.mask == MASK_CAUSAL)
        return at_fail(e, AT_EINPUT, "--mask causal does not apply to cross-attention "
                       "(--source): the keys are another sentence, so no key comes \"after\" "
                       "a query");
    if (o->in.wo_path && o->trace.heads < 2)
        return at_fail(e, AT_EINPUT, "--wo works with --heads H > 1 (W_O combines the heads)");
    return 0;
}
