// options.c — the command line as one table: getopt_long's options, --help and the
// value checks all come from OPTIONS[]; every value checked, nothing exits.
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "i18n.h"
#include "options.h"
#include "tui.h" // DEFAULT_TUI_EXPORT_DIR

// ─── the table ──────────────────────────────────────────────────────────────────
// The order is getopt_long's (an ambiguous abbreviation lists its matches in it) and,
// within each group, --help's.

#define SWITCH(ID, NAME, LETTER, GROUP, HELP)                                              \
    [ID] = {.id = ID, .name = NAME, .letter = LETTER, .kind = ARG_NONE, .group = GROUP,     \
            .help = HELP}
#define TEXT(ID, NAME, LETTER, METAVAR, GROUP, HELP)                                       \
    [ID] = {.id = ID, .name = NAME, .letter = LETTER, .kind = ARG_TEXT, .metavar = METAVAR, \
            .group = GROUP, .help = HELP}
#define CHOICE(ID, NAME, WORDS, GROUP, HELP)                                               \
    [ID] = {.id = ID, .name = NAME, .kind = ARG_CHOICE, .metavar = WORDS, .group = GROUP,  \
            .help = HELP}
#define WHOLE(ID, NAME, METAVAR, LO, HI, GROUP, HELP)                                      \
    [ID] = {.id = ID, .name = NAME, .kind = ARG_WHOLE, .metavar = METAVAR,                 \
            .whole = {LO, HI}, .group = GROUP, .help = HELP}
#define NUMBER(ID, NAME, METAVAR, LO, LO_OPEN, HI, UNIT, GROUP, HELP)                      \
    [ID] = {.id = ID, .name = NAME, .kind = ARG_NUMBER, .metavar = METAVAR,                \
            .number = {LO, HI, LO_OPEN, UNIT}, .group = GROUP, .help = HELP}

const OptionSpec OPTIONS[OPT_COUNT] = {
    TEXT(OPT_SAMPLE, "sample", 's', "NAME|DIR", GROUP_INPUTS,
         N_("a sample by name (samples/NAME) or a folder\n(default: everyday for a SENTENCE of your own,\nelse default)")),
    TEXT(OPT_EMBEDDINGS, "embeddings", 'e', "FILE", GROUP_INPUTS,
         N_("embeddings CSV (overrides the sample's)")),
    TEXT(OPT_WQ, "wq", 0, "FILE", GROUP_INPUTS, N_("weight CSVs (override the sample's)")),
    TEXT(OPT_WK, "wk", 0, "FILE", GROUP_INPUTS, NULL),
    TEXT(OPT_WV, "wv", 0, "FILE", GROUP_INPUTS, NULL),
    TEXT(OPT_SOURCE, "source", 0, "SENTENCE", GROUP_INPUTS,
         N_("cross-attention: queries from SENTENCE, keys and\n"
         "values from this source sentence (looked up like\nSENTENCE)")),
    TEXT(OPT_WO, "wo", 0, "FILE", GROUP_INPUTS, N_("W_O for --heads (overrides the sample's W_O.csv)")),
    WHOLE(OPT_SEED, "seed", "N", 0, ULLONG_MAX, GROUP_INPUTS,
          N_("seed for whatever is generated, {lo} to {hi}\n(default 1)")),
    WHOLE(OPT_DIM, "dim", "N", 1, DIM_MAX, GROUP_INPUTS,
          N_("width of generated embeddings when there is no file,\n{lo} to {hi} (default 8)")),
    WHOLE(OPT_DK, "dk", "N", 1, DIM_MAX, GROUP_INPUTS,
          N_("width of generated W_Q/W_K/W_V,\n{lo} to {hi} (default: d_model)")),
    WHOLE(OPT_MAX_TOKENS, "max-tokens", "N", 1, MAX_TOKENS_MAX, GROUP_INPUTS,
          N_("longest sentence accepted, in tokens,\n{lo} to {hi} (default 256)")),
    CHOICE(OPT_MASK, "mask", "causal|none", GROUP_NUMBERS,
           N_("causal: each token sees only itself and earlier\nones (default none)")),
    SWITCH(OPT_NO_SCALE, "no-scale", 0, GROUP_NUMBERS, N_("skip the division by √d_k")),
    NUMBER(OPT_TEMPERATURE, "temperature", "T", TEMPERATURE_MIN, false, TEMPERATURE_MAX, NULL,
           GROUP_NUMBERS,
           N_("divide the scaled scores by T as well, T from {lo}\nto {hi} (default 1)")),
    WHOLE(OPT_HEADS, "heads", "H", 1, TRACE_MAX_HEADS, GROUP_NUMBERS,
          N_("multi-head attention, H from {lo} to {hi} (default 1):\n"
          "each head attends over d_k/H columns of Q and K and\n"
          "d_v/H of V, then concat·W_O; d_k and d_v must be\n"
          "divisible by H")),
    WHOLE(OPT_KV_HEADS, "kv-heads", "G", 1, TRACE_MAX_HEADS, GROUP_NUMBERS,
          N_("grouped-query attention, G from {lo} to {hi}, dividing H\n"
          "(default H): K and V hold G groups, query head h\n"
          "uses group ⌈h·G/H⌉; W_K and W_V are G·d_k/H wide;\n"
          "G = 1 is multi-query")),
    SWITCH(OPT_DECODE, "decode", 0, GROUP_NUMBERS,
           N_("decode token by token with a KV cache: the causal\n"
           "run's stages plus each step's q_t, k_t, v_t, the\n"
           "cache, the score row and output row t (implies\n"
           "--mask causal)")),
    TEXT(OPT_EXPORT, "export", 'x', "DIR", GROUP_MODES,
         N_("write every stage to DIR as CSV with a manifest,\nthen exit")),
    TEXT(OPT_EXPORT_SVG, "export-svg", 0, "DIR", GROUP_MODES,
         N_("write every stage to DIR as an SVG heatmap for\n"
         "slides, with an index.html showing them in order,\nthen exit")),
    SWITCH(OPT_FORCE, "force", 0, GROUP_MODES,
           N_("with --export/--export-svg: replace an earlier\nexport in DIR")),
    SWITCH(OPT_BLANK, "blank", 0, GROUP_MODES,
           N_("with --export: a worksheet, every computed cell\nleft empty")),
    SWITCH(OPT_PRINT, "print", 'p', GROUP_MODES,
           N_("print every stage as a text heatmap with numbers,\nthen exit")),
    TEXT(OPT_STAGE, "stage", 0, "NAME", GROUP_MODES,
         N_("with --print: only that stage; in the stepper:\nstart there")),
    TEXT(OPT_EXPLAIN, "explain", 0, "STAGE:ROW:COL", GROUP_MODES,
         N_("with --print: the arithmetic of one cell; ROW and\n"
         "COL are 1-based numbers, labels, or -k from the\nend (a label may contain ':')")),
    CHOICE(OPT_COLOR, "color", "auto|always|never", GROUP_MODES,
           N_("ANSI color in --print (auto: on a terminal, unless\nNO_COLOR)")),
    CHOICE(OPT_PALETTE, "palette", PALETTE_NAMES "|list", GROUP_MODES,
           N_("the heatmap's colours in --print, the stepper and\n"
           "SVG slides: cividis (default), viridis, or projector\n"
           "for a washed-out projector; list: show them")),
    [OPT_VOCAB] = {.id = OPT_VOCAB, .name = "vocab", .kind = ARG_NONE, .metavar = "[WORD…]",
                   .group = GROUP_MODES,
                   .help = "what each dimension means, and the row of each\n"
                           "WORD (else of the sentence's tokens) and how it\n"
                           "was found, then exit"},
    TEXT(OPT_LESSON, "lesson", 0, "NAME|FILE", GROUP_LESSONS,
         N_("lesson text for each stage (lessons/LANG/NAME.md):\n"
         "in the stepper's panel, with its questions (A\n"
         "answers them); with --print above each stage, with\nthe answers")),
    TEXT(OPT_LANG, "lang", 0, "LL", GROUP_LESSONS,
         N_("the language of the messages and the lesson, en or\nzh (default: LANGUAGE, LC_ALL, LC_MESSAGES, LANG;\nelse en)")),
    SWITCH(OPT_QUIZ, "quiz", 0, GROUP_LESSONS,
           N_("in the stepper: answer each question before moving on\n"
           "(without --lesson: the self-attention lesson)")),
    TEXT(OPT_CHECK, "check", 0, "DIR", GROUP_LESSONS,
         N_("compare the stage CSVs a student filled in (as\n"
         "--export writes them) with this trace; exit 3 if\nany cell differs")),
    NUMBER(OPT_TOLERANCE, "tolerance", "T", 0, false, INFINITY, NULL, GROUP_LESSONS,
           N_("how far a number may be off and still count, T ≥ {lo}\n(default 0.005)")),
    TEXT(OPT_CHECK_LESSON, "check-lesson", 0, "FILE", GROUP_LESSONS,
         N_("check a lesson against this trace; exit 2 on any\nproblem")),
    TEXT(OPT_EXPORT_DIR, "export-dir", 0, "DIR", GROUP_STEPPER,
         N_("where the keys e/E export (default ./attntrace-export)")),
    NUMBER(OPT_AUTOPLAY, "autoplay", "SECONDS", 0, true, AUTOPLAY_MAX, N_("seconds"), GROUP_STEPPER,
           N_("start stepping through the stages on a timer (above {lo},\nat most {hi})")),
    SWITCH(OPT_PRESENT, "present", 0, GROUP_STEPPER,
           N_("open in the presenter layout: the matrix and its\n"
           "operands fill the screen, the explanation is one\n"
           "caption line (F toggles it; z/Z zoom)")),
    SWITCH(OPT_HELP, "help", 'h', GROUP_STEPPER, N_("this help")),
    SWITCH(OPT_VERSION, "version", 'V', GROUP_STEPPER, N_("the version")),
};

#undef SWITCH
#undef TEXT
#undef CHOICE
#undef WHOLE
#undef NUMBER

// ─── --help ─────────────────────────────────────────────────────────────────────

static const char *const GROUP_TITLES[] = {
    [GROUP_INPUTS] = N_("Inputs:"),
    [GROUP_NUMBERS] = N_("Numbers:"),
    [GROUP_MODES] = N_("Modes (default: the interactive stepper on a terminal, else --print):"),
    [GROUP_LESSONS] = N_("Lessons and homework:"),
    [GROUP_STEPPER] = N_("Stepper:"),
};

#define HELP_COLUMN 26 // where the descriptions start

const char *option_bound(const OptionSpec *s, bool hi, char *buf, size_t size)
{
    if (s->kind == ARG_WHOLE) {
        unsigned long long v = hi ? s->whole.hi : s->whole.lo;
        if (v == ULLONG_MAX)
            snprintf(buf, size, "2^64-1");
        else
            snprintf(buf, size, "%llu", v);
        return buf;
    }
    double v = hi ? s->number.hi : s->number.lo;
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", v > 0 ? "∞" : "-∞");
        return buf;
    }
    for (int digits = 0; digits <= 17; digits++) { // the fewest decimals that read back
        snprintf(buf, size, "%.*f", digits, v);
        if (strtod(buf, NULL) == v)
            return buf;
    }
    snprintf(buf, size, "%.17g", v);
    return buf;
}

// One help entry: the flags of OPTIONS[k] and of the rows after it that share its help,
// then its text from HELP_COLUMN on (on a line of its own under long flags).
static void usage_entry(FILE *f, int k)
{
    const OptionSpec *s = &OPTIONS[k];
    char flags[128];
    int at = s->letter ? snprintf(flags, sizeof flags, "  -%c, ", s->letter)
                       : snprintf(flags, sizeof flags, "      ");
    for (int j = k; j < OPT_COUNT && (j == k || !OPTIONS[j].help); j++)
        at += snprintf(flags + at, sizeof flags - (size_t)at, "%s--%s%s%s", j > k ? ", " : "",
                       OPTIONS[j].name, OPTIONS[j].metavar ? " " : "",
                       OPTIONS[j].metavar ? OPTIONS[j].metavar : "");
    if (at < HELP_COLUMN)
        fprintf(f, "%-*s", HELP_COLUMN, flags);
    else
        fprintf(f, "%s\n%*s", flags, HELP_COLUMN, "");
    char bound[32];
    for (const char *c = _(s->help); *c; c++) {
        if (*c == '\n')
            fprintf(f, "\n%*s", HELP_COLUMN, "");
        else if (strncmp(c, "{lo}", 4) == 0 || strncmp(c, "{hi}", 4) == 0) {
            fputs(option_bound(s, c[1] == 'h', bound, sizeof bound), f);
            c += 3;
        } else
            fputc(*c, f);
    }
    fputc('\n', f);
}

void options_usage(FILE *f)
{
    fputs(_("usage: attntrace [OPTIONS] [SENTENCE]\n"
            "       attntrace [OPTIONS] --vocab [WORD…]\n"
            "Walk through self-attention one stage at a time: X, W_Q/W_K/W_V, Q, K, V,\n"
            "scores = Q·Kᵀ, scaled = scores/√d_k, [masked], weights = softmax,\n"
            "output = weights·V.\n"
            "\n"),
          f);
    for (int g = GROUP_INPUTS; g <= GROUP_STEPPER; g++) {
        fprintf(f, "%s\n", _(GROUP_TITLES[g]));
        for (int k = 0; k < OPT_COUNT; k++)
            if (OPTIONS[k].group == (OptionGroup)g && OPTIONS[k].help)
                usage_entry(f, k);
    }
    fputs(_("\n"
            "Stages: embeddings [source] W_Q W_K W_V Q K V scores scaled [masked] weights\n"
            "output; with --heads H: scores.h1 … output.hH for each head, then concat W_O\n"
            "output; with --decode, then for each step t: decode.tT.q .k .v .K .V .scores\n"
            ".weights .output .diff (a head's: decode.tT.scores.hH …)\n"
            "Exit status: 0 ok, 1 runtime or I/O failure (a failed write to standard output\n"
            "included), 2 bad usage or bad input, 3 --check found cells that differ or are\n"
            "missing.\n"),
          f);
}

// ─── values ─────────────────────────────────────────────────────────────────────

// The text of a whole number or a decimal, as options take them: digits first (no sign,
// no leading space, no hex), or for decimals a dot and digits ("0.5", ".5", "2e-3").
static bool plain_number(const char *text, bool decimal)
{
    if (!(text[0] >= '0' && text[0] <= '9') && !(decimal && text[0] == '.'))
        return false;
    return !strpbrk(text, "xXpP") && !strchr(text, ' ');
}

// ARG_WHOLE: a whole number within the row's bounds; the message gives them.
static int parse_whole(const OptionSpec *s, const char *text, unsigned long long *out,
                       AtError *e)
{
    char *end;
    errno = 0;
    unsigned long long v = plain_number(text, false) ? strtoull(text, &end, 10) : 0;
    if (!plain_number(text, false) || *end || errno == ERANGE || v < s->whole.lo ||
        v > s->whole.hi)
        return at_fail(e, AT_EINPUT, _("--%s: \"%s\" must be a whole number from %llu to %llu"),
                       s->name, text, s->whole.lo, s->whole.hi);
    *out = v;
    return 0;
}

// ARG_NUMBER: a decimal number within the row's bounds. The message gives them as
// "from 0.000001 to 1000000", "above 0 and at most 1000000" or "≥ 0".
static int parse_number(const OptionSpec *s, const char *text, double *out, AtError *e)
{
    char *end;
    errno = 0;
    double v = plain_number(text, true) ? strtod(text, &end) : NAN;
    // An overflow (1e400) is HUGE_VAL, not finite; an underflow (1e-400) is 0 or a
    // subnormal, which the bounds judge like any other number.
    bool ok = plain_number(text, true) && !*end && isfinite(v) &&
              (s->number.lo_open ? v > s->number.lo : v >= s->number.lo) && v <= s->number.hi;
    if (ok) {
        *out = v;
        return 0;
    }
    char lo[32], hi[32], range[96];
    option_bound(s, false, lo, sizeof lo);
    option_bound(s, true, hi, sizeof hi);
    if (isinf(s->number.hi))
        snprintf(range, sizeof range, s->number.lo_open ? _("above %s") : _("≥ %s"), lo);
    else if (s->number.lo_open)
        snprintf(range, sizeof range, _("above %s and at most %s"), lo, hi);
    else
        snprintf(range, sizeof range, _("from %s to %s"), lo, hi);
    if (s->number.unit)
        return at_fail(e, AT_EINPUT, _("--%s: \"%s\" must be a number of %s %s"), s->name, text,
                       _(s->number.unit), range);
    return at_fail(e, AT_EINPUT, _("--%s: \"%s\" must be a number %s"), s->name, text, range);
}

// ARG_CHOICE: one of the words of the metavar ("causal|none"); the message lists them,
// "is not auto, always or never".
static int parse_choice(const OptionSpec *s, const char *text, AtError *e)
{
    char list[128] = "";
    size_t at = 0;
    for (const char *w = s->metavar; *w;) {
        size_t n = strcspn(w, "|");
        if (strlen(text) == n && strncmp(text, w, n) == 0)
            return 0;
        // TRANSLATORS: between the choices of an option: "auto, always or never"
        const char *sep = at == 0 ? "" : w[n] ? _(", ") : _(" or ");
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%.*s", sep, (int)n, w);
        w += n + (w[n] == '|');
    }
    return at_fail(e, AT_EINPUT, _("--%s: \"%s\" is not %s"), s->name, text, list);
}

// A language code: two or three lowercase letters ("en", "zh").
static bool language_code(const char *text)
{
    size_t n = strspn(text, "abcdefghijklmnopqrstuvwxyz");
    return n >= 2 && n <= 3 && !text[n];
}

// One option with its value (NULL for a switch), checked by its kind, then stored.
static int set_option(Options *o, const OptionSpec *s, const char *arg, AtError *e)
{
    unsigned long long whole = 0;
    double number = 0;
    if ((s->kind == ARG_WHOLE && parse_whole(s, arg, &whole, e) != 0) ||
        (s->kind == ARG_NUMBER && parse_number(s, arg, &number, e) != 0) ||
        (s->kind == ARG_CHOICE && parse_choice(s, arg, e) != 0))
        return -1;
    switch (s->id) {
    case OPT_SAMPLE: o->in.sample = arg; break;
    case OPT_EMBEDDINGS: o->in.embeddings = arg; break;
    case OPT_WQ: o->in.w_path[0] = arg; break;
    case OPT_WK: o->in.w_path[1] = arg; break;
    case OPT_WV: o->in.w_path[2] = arg; break;
    case OPT_SOURCE: o->in.source = arg; break;
    case OPT_WO: o->in.wo_path = arg; break;
    case OPT_SEED: o->in.seed = whole; break;
    case OPT_DIM: o->in.dim = (size_t)whole; break;
    case OPT_DK: o->in.dk = (size_t)whole; break;
    case OPT_MAX_TOKENS: o->in.max_tokens = (size_t)whole; break;
    case OPT_MASK:
        o->trace.mask = strcmp(arg, "causal") == 0 ? MASK_CAUSAL : MASK_NONE;
        o->mask_none = o->trace.mask == MASK_NONE;
        break;
    case OPT_NO_SCALE: o->trace.scale = false; break;
    case OPT_TEMPERATURE: o->trace.temperature = number; break;
    case OPT_HEADS: o->trace.heads = o->in.heads = (size_t)whole; break;
    case OPT_KV_HEADS: o->trace.kv_heads = o->in.kv_heads = (size_t)whole; break;
    case OPT_DECODE: o->decode = true; break;
    case OPT_EXPORT: o->export_dir = arg; break;
    case OPT_EXPORT_SVG: o->svg_dir = arg; break;
    case OPT_FORCE: o->force = true; break;
    case OPT_BLANK: o->blank = true; break;
    case OPT_PRINT: o->print = true; break;
    case OPT_STAGE: o->stage = arg; break;
    case OPT_EXPLAIN: o->explain = arg; break;
    case OPT_COLOR:
        o->color = strcmp(arg, "auto") == 0     ? COLOR_AUTO
                   : strcmp(arg, "always") == 0 ? COLOR_ALWAYS
                                                : COLOR_NEVER;
        break;
    case OPT_PALETTE:
        o->palette_list = strcmp(arg, "list") == 0;
        o->palette = palette_find(arg); // NULL for list: the default
        break;
    case OPT_VOCAB: o->vocab = true; break;
    case OPT_LESSON: o->lesson = arg; break;
    case OPT_LANG:
        if (!language_code(arg))
            return at_fail(e, AT_EINPUT, _("--lang: \"%s\" is not a language code like en or zh"),
                           arg);
        o->lang = arg;
        break;
    case OPT_QUIZ: o->quiz = true; break;
    case OPT_CHECK: o->check_dir = arg; break;
    case OPT_TOLERANCE: o->tolerance = number; break;
    case OPT_CHECK_LESSON: o->check_lesson = arg; break;
    case OPT_EXPORT_DIR: o->tui_export_dir = arg; break;
    case OPT_AUTOPLAY: o->autoplay = number; break;
    case OPT_PRESENT: o->present = true; break;
    case OPT_HELP: o->help = true; break;
    case OPT_VERSION: o->version = true; break;
    case OPT_COUNT: break;
    }
    return 0;
}

// The options that only work together, or not at all together.
static int check_combinations(const Options *o, AtError *e)
{
    if (o->vocab && (o->print || o->export_dir || o->svg_dir || o->check_dir ||
                     o->check_lesson || o->stage || o->explain || o->lesson || o->quiz))
        return at_fail(e, AT_EINPUT, _("--vocab prints the vocabulary and exits: leave out %s"),
                       o->print ? "--print" : o->export_dir ? "--export" : o->svg_dir
                       ? "--export-svg" : o->check_dir ? "--check" : o->check_lesson
                       ? "--check-lesson" : o->stage ? "--stage" : o->explain ? "--explain"
                       : o->lesson ? "--lesson" : "--quiz");
    if (o->blank && !o->export_dir)
        return at_fail(e, AT_EINPUT, _("--blank works with --export DIR (it writes a worksheet)"));
    if ((o->check_dir != NULL) + (o->check_lesson != NULL) +
            (o->export_dir != NULL || o->svg_dir != NULL) > 1)
        return at_fail(e, AT_EINPUT, _("choose one of --check, --check-lesson and --export "
                       "(or --export-svg)"));
    if (o->export_dir && o->svg_dir && strcmp(o->export_dir, o->svg_dir) == 0)
        return at_fail(e, AT_EINPUT, _("--export and --export-svg need two different folders"));
    if (o->stage && decode_name_parse(o->stage) && !o->decode)
        return at_fail(e, AT_EINPUT, _("--stage %s exists only with --decode"), o->stage);
    if (o->stage && !stage_name_parse(o->stage, NULL, NULL) && !decode_name_parse(o->stage))
        return at_fail(e, AT_EINPUT, _("--stage: unknown stage \"%s\" (stages: %s; a head's: "
                       "scores.h1 …)"), o->stage, STAGE_LIST);
    if (o->in.source && o->trace.mask == MASK_CAUSAL)
        return at_fail(e, AT_EINPUT, _("--mask causal does not apply to cross-attention "
                       "(--source): the keys are another sentence, so no key comes \"after\" "
                       "a query"));
    if (o->decode && o->mask_none)
        return at_fail(e, AT_EINPUT, _("--decode generates one token at a time, so each sees only "
                       "itself and earlier ones: it implies --mask causal (leave out --mask none)"));
    if (o->decode && o->in.source)
        return at_fail(e, AT_EINPUT, _("--decode does not apply to cross-attention (--source): "
                       "its cache holds the sentence's own keys and values"));
    if (o->in.wo_path && o->trace.heads < 2)
        return at_fail(e, AT_EINPUT, _("--wo works with --heads H > 1 (W_O combines the heads)"));
    return 0;
}

// ─── getopt_long ────────────────────────────────────────────────────────────────
// A row's getopt value is its letter, or 256 + its index for a long-only option.

static void getopt_tables(struct option *longs, char *shorts)
{
    *shorts++ = ':'; // a missing value returns ':', not '?'
    for (int k = 0; k < OPT_COUNT; k++) {
        const OptionSpec *s = &OPTIONS[k];
        bool value = s->kind != ARG_NONE;
        longs[k] = (struct option){s->name, value ? required_argument : no_argument, NULL,
                                   s->letter ? s->letter : 256 + k};
        if (s->letter) {
            *shorts++ = s->letter;
            if (value)
                *shorts++ = ':';
        }
    }
    longs[OPT_COUNT] = (struct option){NULL, 0, NULL, 0};
    *shorts = '\0';
}

// The row of a getopt value, or NULL.
static const OptionSpec *option_of(int c)
{
    if (c >= 256 && c < 256 + OPT_COUNT)
        return &OPTIONS[c - 256];
    for (int k = 0; k < OPT_COUNT; k++)
        if (OPTIONS[k].letter && OPTIONS[k].letter == c)
            return &OPTIONS[k];
    return NULL;
}

// "--ex": an abbreviation of several long options, or of none.
static int unknown_long(const char *arg, AtError *e)
{
    size_t n = strcspn(arg, "="), matches = 0;
    char list[512] = "";
    for (int k = 0; n > 2 && k < OPT_COUNT; k++)
        if (strncmp(OPTIONS[k].name, arg + 2, n - 2) == 0) {
            size_t at = strlen(list);
            snprintf(list + at, sizeof list - at, "%s--%s", matches++ ? ", " : "",
                     OPTIONS[k].name);
        }
    if (matches > 1)
        return at_fail(e, AT_EINPUT, _("%.*s is ambiguous: %s (see --help)"), (int)n, arg, list);
    return at_fail(e, AT_EINPUT, _("unknown option %.*s (see --help)"), (int)n, arg);
}

// getopt_long returned ':' (a value is missing) or '?' (an unknown option, or a value
// given to a switch); `word` is the argument it stopped at.
static int getopt_error(int c, const char *word, AtError *e)
{
    if (c == ':') { // -s, --sample (or --sam: what was typed) at the end of the line
        if (strncmp(word, "--", 2) == 0)
            return at_fail(e, AT_EINPUT, _("%s needs a value (see --help)"), word);
        return at_fail(e, AT_EINPUT, _("-%c needs a value (see --help)"), optopt);
    }
    // getopt sets optopt to a short option's letter, or to a long one's value
    if (optopt && !option_of(optopt)) // -z, also inside -pz
        return at_fail(e, AT_EINPUT, _("unknown option -%c (see --help)"), optopt);
    if (optopt) // --help=x: a known long option with a value it does not take
        return at_fail(e, AT_EINPUT, _("%.*s takes no value (see --help)"),
                       (int)strcspn(word, "="), word);
    return unknown_long(word, e);
}

// "--wq -x DIR": getopt takes "-x" as the file name. A value that looks like an option
// (a dash, then a letter or a second dash) means the value was left out. (--seed=-x,
// with the value attached, is taken as written.)
static bool value_is_option(const char *arg, const char *word)
{
    return arg && arg == word && arg[0] == '-' &&
           ((arg[1] >= 'a' && arg[1] <= 'z') || (arg[1] >= 'A' && arg[1] <= 'Z') ||
            (arg[1] == '-' && arg[2] != '\0'));
}

static void set_defaults(Options *o)
{
    memset(o, 0, sizeof *o);
    trace_options_default(&o->trace);
    o->in.seed = 1;
    o->color = COLOR_AUTO;
    o->tui_export_dir = DEFAULT_TUI_EXPORT_DIR;
    o->tolerance = DEFAULT_TOLERANCE;
}

int options_parse(int argc, char **argv, Options *o, AtError *e)
{
    struct option longs[OPT_COUNT + 1];
    char shorts[2 + 2 * OPT_COUNT];
    getopt_tables(longs, shorts);
    set_defaults(o);
    optind = 0; // re-entrant for tests: 0 makes glibc reinitialise
    opterr = 0;
    int c, li;
    while ((li = -1, c = getopt_long(argc, argv, shorts, longs, &li)) != -1) {
        const char *word = argv[optind - 1]; // the argument getopt stopped at
        if (value_is_option(optarg, word)) {
            char name[64];
            if (li >= 0)
                snprintf(name, sizeof name, "--%s", OPTIONS[li].name);
            else
                snprintf(name, sizeof name, "-%c", c);
            return at_fail(e, AT_EINPUT, _("%s needs a value, but the next word is the option "
                           "\"%s\" (see --help; write ./%s for a file of that name)"),
                           name, optarg, optarg);
        }
        if (c == ':' || c == '?')
            return getopt_error(c, word, e);
        if (set_option(o, option_of(c), optarg, e) != 0)
            return -1;
    }
    if (o->vocab) { // --vocab WORD…: any number of words (main.c joins them)
        o->words = argv + optind;
        o->nwords = argc - optind;
    } else if (optind < argc - 1) {
        return at_fail(e, AT_EINPUT, _("one SENTENCE only: quote it (\"the cat sat\"); got %d words"),
                       argc - optind);
    } else if (optind == argc - 1) {
        o->in.sentence = argv[optind];
    }
    if (check_combinations(o, e) != 0)
        return -1;
    if (o->decode) // decoding is causal: the run it is checked against has the mask
        o->trace.mask = MASK_CAUSAL;
    return 0;
}
