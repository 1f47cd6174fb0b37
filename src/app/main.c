// main.c — attntrace: options, mode choice, exit status.
//
// Exit status: 0 ok, 1 runtime or I/O failure, 2 bad usage or bad input,
// 3 --check found cells that differ or are missing.
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"
#include "dimensions.h"
#include "explain.h"
#include "i18n.h"
#include "language.h"
#include "export.h"
#include "options.h"
#include "print.h"
#include "positions.h"
#include "print_decode.h"
#include "sample.h"
#include "shuffle.h"
#include "svg.h"
#include "teach.h"
#include "trace.h"
#include "tui.h"
#include "vocab_print.h"

#define DEFAULT_LESSON "self-attention"
#define CHINESE_SAMPLE "chinese"

#ifndef ATTNTRACE_VERSION
#define ATTNTRACE_VERSION "0.1.0"
#endif

// Without a sentence, a sample or embeddings of one's own, a learner who reads Chinese
// (--lang zh, or the environment's language) starts on the Chinese sample.
static void choose_sample(Options *o)
{
    char buf[8];
    const char *lang = language_current(buf, sizeof buf);
    if (lang && strcmp(lang, "zh") == 0 && !o->in.sample && !o->in.sentence &&
        !o->in.embeddings && !(o->vocab && o->nwords > 0)) // --vocab WORD: the lexicon
        o->in.sample = CHINESE_SAMPLE;
}

static ColorMode print_color(ColorChoice c)
{
    if (c == COLOR_NEVER)
        return COLOR_NONE;
    if (c == COLOR_AUTO && (heat_no_color_env() || !isatty(STDOUT_FILENO)))
        return COLOR_NONE;
    const char *term = getenv("TERM"), *ct = getenv("COLORTERM");
    if (c == COLOR_AUTO && term && strcmp(term, "dumb") == 0)
        return COLOR_NONE;
    if (c == COLOR_ALWAYS || (term && strstr(term, "256")) || (ct && *ct))
        return COLOR_256;
    return COLOR_8;
}

// --explain STAGE:ROW:COL → the stage and 0-based indices. The stage is the text before
// the first ':' (no stage name has one). ROW and COL are 1-based numbers or labels, and a
// label may contain ':' itself (the token ":", a column "a:b"): the rest is split at the
// ':' that leaves a row and a column of that stage, trying the last ':' first.
static int parse_explain(const Trace *t, const Decode *d, const char *spec, PrintOptions *po,
                         PrintDecodeOptions *pd, AtError *e)
{
    const char *first = strchr(spec, ':');
    if (!first || !strchr(first + 1, ':'))
        return at_fail(e, AT_EINPUT, _("--explain: \"%s\" is not STAGE:ROW:COL"), spec);
    char *buf = strdup(spec); // any length: a label can be as long as a CSV cell
    if (!buf)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    char *rest = buf + (first - spec) + 1;
    rest[-1] = '\0';
    const DecodeStage *ds = decode_find(d, buf);
    const Stage *s = ds ? &ds->s : trace_find(t, buf);
    int rc = 0;
    if (!s && decode_name_parse(buf))
        rc = at_fail(e, AT_EINPUT, _("--explain: no stage \"%s\" (%s)"), buf,
                     d ? _("beyond the steps of this sentence") : _("it exists only with --decode"));
    else if (!s && !stage_name_parse(buf, NULL, NULL))
        rc = at_fail(e, AT_EINPUT, _("--explain: no stage \"%s\""), buf);
    else if (!s)
        rc = at_fail(e, AT_EINPUT, _("--explain: no stage \"%s\" (it %s)"), buf,
                     trace_missing_why(t, buf));
    long i = -1, j = -1;
    char *split = NULL; // the ':' between ROW and COL
    for (char *c = rest + strlen(rest); rc == 0 && c-- > rest;) {
        if (*c != ':')
            continue;
        *c = '\0';
        i = stage_index(s, false, rest);
        j = stage_index(s, true, c + 1);
        *c = ':';
        if (!split || (i >= 0 && j >= 0))
            split = c; // the last ':' names what is missing when no split works
        if (i >= 0 && j >= 0)
            break;
    }
    if (rc == 0 && (i < 0 || j < 0)) {
        *split = '\0';
        i = stage_index(s, false, rest);
        rc = at_fail(e, AT_EINPUT, _("--explain: %s has %zu rows and %zu columns; no %s \"%s\""),
                     s->name, s->m.rows, s->m.cols, i < 0 ? _("row") : _("column"),
                     i < 0 ? rest : split + 1);
    }
    if (rc == 0 && ds) {
        pd->explain = ds;
        pd->explain_row = (size_t)i;
        pd->explain_col = (size_t)j;
    } else if (rc == 0) {
        po->explain_stage = s;
        po->explain_row = (size_t)i;
        po->explain_col = (size_t)j;
    }
    free(buf);
    return rc;
}

static void print_lines(FILE *f, const Lines *l)
{
    for (size_t k = 0; k < l->n; k++)
        fprintf(f, "%s\n", l->line[k]);
    if (l->n)
        fputc('\n', f);
}

// --print, with the lesson's notes above the stages when there is a lesson.
static int run_print(const Options *o, const Trace *t, PrintOptions *po, const Lesson *l,
                     const Decode *d, const PrintDecodeOptions *pd, AtError *e)
{
    if (!l) {
        int rc = print_trace(stdout, t, po, e);
        return rc == 0 && d ? print_decode(stdout, d, pd, e) : rc;
    }
    TeachNotes notes;
    if (teach_notes(l, t, d != NULL, &notes, e) != 0)
        return -1;
    for (int k = 0; k < ST_COUNT; k++)
        po->notes[k] = &notes.stage[k];
    if (!o->stage)
        print_lines(stdout, &notes.intro);
    int rc = print_trace(stdout, t, po, e);
    if (rc == 0 && d)
        rc = print_decode(stdout, d, pd, e);
    if (rc == 0 && !o->stage)
        print_lines(stdout, &notes.end);
    teach_notes_free(&notes);
    return rc;
}

// The inputs as the command line gives them: loaded, then reordered by --shuffle.
static int load_inputs(const Options *o, const InputOptions *io, Inputs *in, AtError *e)
{
    if (inputs_load(io, in, e) != 0)
        return -1;
    if (o->shuffle && inputs_shuffle(in, o->shuffle_seed, e) != 0) {
        inputs_free(in);
        return -1;
    }
    return 0;
}

// --check-lesson: each section is checked against a trace that shows it. Besides the
// command line's: one with a causal mask (masked), one with the sentence as its own
// source unless --source gave one (source, cross), and one with two heads unless --heads
// gave several (concat, W_O; only when d_k and d_v are even).
static int run_check_lesson(const Options *o, const Inputs *in, const Trace *t, AtError *e)
{
    LessonTraces tr = {.plain = t};
    Trace masked, cross, heads;
    Inputs self = *in, plain = *in, in2; // shallow copies: the traces only borrow
    bool have_masked = false, have_cross = false, have_heads = false, have_in2 = false;
    int rc = 0;
    if (t->opt.mask != MASK_CAUSAL) { // a mask needs self-attention
        TraceOptions mo = o->trace;
        mo.mask = MASK_CAUSAL;
        plain.has_source = false;
        rc = trace_build(&plain, &mo, &masked, e);
        have_masked = rc == 0;
    }
    if (rc == 0 && !t->cross) { // cross-attention of the sentence with itself
        self.has_source = true;
        self.src_sentence = in->sentence;
        self.src_tokens = in->tokens;
        self.src_generated = in->generated;
        self.src_lookup = in->lookup;
        self.n_src_generated = in->n_generated;
        self.X_src = in->X;
        TraceOptions co = o->trace;
        co.mask = MASK_NONE;
        rc = trace_build(&self, &co, &cross, e);
        have_cross = rc == 0;
    }
    if (rc == 0 && t->heads == 1 && t->d_k % 2 == 0 && t->d_v % 2 == 0) {
        InputOptions io = o->in;
        io.heads = 2;
        TraceOptions ho = o->trace;
        ho.heads = 2;
        rc = load_inputs(o, &io, &in2, e);
        have_in2 = rc == 0;
        if (rc == 0)
            rc = trace_build(&in2, &ho, &heads, e);
        have_heads = have_in2 && rc == 0;
    }
    // --pos and --rope: the sections of their stages, against the sentence as its own
    // source with sinusoidal positions and (when d_head is even) RoPE
    Trace positions;
    bool have_positions = false;
    bool all_there = t->opt.pos != POS_NONE && t->cross && t->opt.rope;
    if (rc == 0 && !all_there) {
        TraceOptions po = o->trace;
        if (po.pos == POS_NONE)
            po.pos = POS_SINUSOIDAL;
        po.rope = t->d_head % 2 == 0;
        po.mask = MASK_NONE;
        rc = trace_build(t->cross ? in : &self, &po, &positions, e);
        have_positions = rc == 0;
    }
    tr.positions = have_positions ? &positions : NULL;
    tr.masked = have_masked ? &masked : NULL;
    tr.cross = have_cross ? &cross : NULL;
    tr.heads = have_heads ? &heads : NULL;
    if (rc == 0)
        rc = teach_check_lesson(o, &tr, stdout, stderr, e);
    if (have_masked)
        trace_free(&masked);
    if (have_cross)
        trace_free(&cross);
    if (have_heads)
        trace_free(&heads);
    if (have_positions)
        trace_free(&positions);
    if (have_in2)
        inputs_free(&in2);
    return rc;
}

// ─── ATTNTRACE_TIMING=1: "timing: load_ms trace_ms export_ms bytes" on stderr ──────
// For `make bench` (bench/bench.c): where the time of one run goes, measured inside
// the process. bytes = the size of the files in the export folder (0 without --export).

typedef struct {
    bool on;                              // ATTNTRACE_TIMING=1
    double start, loaded, traced, exported; // ms; exported = traced without --export
} Timing;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static unsigned long long folder_bytes(const char *dir)
{
    unsigned long long total = 0;
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *ent;
    struct stat st;
    while (d && (ent = readdir(d)) != NULL)
        if (fstatat(dirfd(d), ent->d_name, &st, 0) == 0 && S_ISREG(st.st_mode))
            total += (unsigned long long)st.st_size;
    if (d)
        closedir(d);
    return total;
}

static void timing_report(const Timing *tm, const Options *o)
{
    if (tm->on)
        fprintf(stderr, "timing: %.3f %.3f %.3f %llu\n", tm->loaded - tm->start,
                tm->traced - tm->loaded, tm->exported - tm->traced,
                o->export_dir ? folder_bytes(o->export_dir) : 0ULL);
}

// ─── the modes ──────────────────────────────────────────────────────────────────

// -x and --export-svg: every destination checked before anything is written, so that a
// refusal of the second does not come after the first was written.
static int check_destinations(const Options *o, AtError *e)
{
    char *x = NULL, *svg = NULL;
    ExportOptions eo = {.force = o->force};
    SvgOptions so = {.force = o->force};
    int rc = o->export_dir ? export_check(o->export_dir, &eo, &x, e) : 0;
    if (rc == 0 && o->svg_dir)
        rc = svg_export_check(o->svg_dir, &so, &svg, e);
    if (rc == 0 && x && svg && strcmp(x, svg) == 0) // e.g. a link and its target
        rc = at_fail(e, AT_EINPUT, _("--export %s and --export-svg %s are the same folder (%s)"),
                     o->export_dir, o->svg_dir, x);
    free(x);
    free(svg);
    return rc;
}

// -x DIR: every stage as CSV (--blank: a worksheet).
static int run_export(const Options *o, const Trace *t, const Decode *d, AtError *e)
{
    ExportOptions eo = {.force = o->force, .blank = o->blank, .decode = d};
    return export_trace(t, o->export_dir, &eo, e);
}

// --export-svg DIR: every stage as an SVG slide.
static int run_svg(const Options *o, const Trace *t, const Decode *d, AtError *e)
{
    SvgOptions so = {.force = o->force, .palette = o->palette, .decode = d};
    return svg_export(t, o->svg_dir, &so, e);
}

// The interactive stepper; it builds its own trace from the inputs.
// The stepper builds its own trace from its own copy of the inputs (its explore keys
// rebuild it): t, not needed meanwhile, is freed first (at --dim 4096, hundreds of MB).
static int run_stepper(const Options *o, const Inputs *in, Trace *t, const Lesson *l,
                       AtError *e)
{
    TuiOptions to = {.color_cap = o->color == COLOR_NEVER || heat_no_color_env() ? COLOR_NONE
                                                                                 : COLOR_256,
                     .palette = o->palette,
                     .export_dir = o->tui_export_dir,
                     .autoplay = o->autoplay,
                     .lesson = l,
                     .quiz = o->quiz,
                     .seed = o->in.seed,
                     .start_stage = o->stage,
                     .decode = o->decode,
                     .present = o->present,
                     .own_embeddings = !o->in.embeddings};
    language_current(to.lang, sizeof to.lang); // "" when the messages are English
    trace_free(t);
    return tui_run(in, &o->trace, &to, e);
}

// What one run does. --check-lesson runs alone; the others run in this order, each
// when chosen: --check, --export, --export-svg, then the stepper or --print.
typedef struct {
    bool check_lesson, check, export_csv, svg, print, stepper;
    const char *lesson; // the lesson to load, or NULL
} Modes;

// The one place the modes are chosen. Without a mode flag: the stepper when stdin and
// stdout are a terminal it can use (else it says why), otherwise --print.
static Modes choose_modes(const Options *o)
{
    if (o->check_lesson)
        return (Modes){.check_lesson = true};
    Modes m = {.check = o->check_dir != NULL,
               .export_csv = o->export_dir != NULL,
               .svg = o->svg_dir != NULL,
               .print = o->print,
               .lesson = o->lesson};
    if (m.check || m.export_csv || m.svg || m.print)
        return m;
    m.stepper = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO);
    char why[160];
    if (m.stepper && !tui_can_run(why, sizeof why)) { // e.g. TERM=dumb: print instead
        fprintf(stderr, _("attntrace: %s; printing the stages instead\n"), why);
        m.stepper = false;
    }
    m.print = !m.stepper;
    if (m.stepper && o->quiz && !o->lesson)
        m.lesson = DEFAULT_LESSON; // --quiz alone: the shipped lesson's questions
    return m;
}

// Every mode but --check-lesson, on the trace t of the inputs in. What can be refused
// (--stage, --explain, the lesson) is checked before any of them writes. The stepper,
// which runs last, frees t (it builds its own).
static int run_modes(const Options *o, const Modes *m, const Inputs *in, Trace *t,
                     const Decode *d, Timing *tm, AtError *e)
{
    int rc = 0;
    if (o->stage && decode_name_parse(o->stage) && !decode_find(d, o->stage))
        rc = at_fail(e, AT_EINPUT, _("--stage %s is beyond the %zu steps of this sentence"),
                     o->stage, t->n);
    else if (o->stage && !decode_name_parse(o->stage) && !trace_find(t, o->stage))
        rc = at_fail(e, AT_EINPUT, _("--stage %s %s"), o->stage, trace_missing_why(t, o->stage));
    PrintOptions po = {.color = print_color(o->color), .palette = o->palette,
                       .only_stage = o->stage, .total = t->count + (d ? d->count : 0)};
    PrintDecodeOptions pd = {.color = po.color, .palette = o->palette, .only_stage = o->stage};
    if (rc == 0 && o->explain)
        rc = parse_explain(t, d, o->explain, &po, &pd, e);
    Lesson lesson, *l = NULL;
    Options ol = *o;
    ol.lesson = m->lesson;
    if (rc == 0 && m->lesson && (rc = teach_load_lesson(&ol, &lesson, e)) == 0)
        l = &lesson;
    if (rc == 0 && l)
        rc = lesson_fits(l, t, e); // "needs: source" without a source sentence

    if (rc == 0 && m->check)
        rc = teach_check(o, t, stdout, e);
    if (rc == 0 && m->export_csv) {
        rc = run_export(o, t, d, e);
        tm->exported = now_ms();
    }
    if (rc == 0)
        timing_report(tm, o);
    if (rc == 0 && m->svg)
        rc = run_svg(o, t, d, e);
    if (rc == 0 && m->stepper)
        rc = run_stepper(o, in, t, l, e); // frees t
    else if (rc == 0 && m->print)
        rc = run_print(o, t, &po, l, d, &pd, e);
    if (l)
        lesson_free(l);
    return rc;
}

// After a print or an export: the words that are not in the vocabulary, on stderr, so
// that a learner sees at once which rows are random (the stepper shows them itself).
static int report_unknown(const Inputs *in, AtError *e)
{
    bool oom;
    char *words = inputs_unknown_words(in, " ", &oom); // escaped
    if (oom)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    if (words) {
        fflush(stdout); // after the print, where the learner reads last (a failure shows at exit)
        fprintf(stderr, _("attntrace: not in the vocabulary (generated vectors): %s\n"), words);
    }
    free(words);
    return 0;
}

// --vocab [WORD…]: the dimensions' meanings and each word's row. The words, joined by
// spaces, are read like a sentence of one's own (the lexicon without -s); without any,
// the sentence's tokens (and the source's).
static int run_vocab(const Options *o, AtError *e)
{
    InputOptions io = o->in;
    char *joined = NULL;
    if (o->nwords > 0) {
        size_t len = 1;
        for (int k = 0; k < o->nwords; k++)
            len += strlen(o->words[k]) + 1;
        if (!(joined = malloc(len)))
            return at_fail(e, AT_ERUNTIME, _("out of memory"));
        joined[0] = '\0';
        for (int k = 0; k < o->nwords; k++) {
            strcat(joined, k ? " " : "");
            strcat(joined, o->words[k]);
        }
        io.sentence = joined;
    }
    Inputs in;
    int rc = inputs_load(&io, &in, e);
    free(joined);
    if (rc != 0)
        return -1;
    char **meanings, lang[16];
    rc = dimensions_load(&in, !io.embeddings, language_current(lang, sizeof lang), &meanings, e);
    if (rc == 0)
        rc = print_vocab(stdout, &in, meanings, e);
    dimensions_free(meanings, in.X.cols);
    inputs_free(&in);
    return rc;
}

// Load the inputs, build their trace, and run the chosen modes on them.
static int run(const Options *o, AtError *e)
{
    if (o->vocab)
        return run_vocab(o, e);
    if (check_destinations(o, e) != 0)
        return -1;
    const char *timing = getenv("ATTNTRACE_TIMING");
    Timing tm = {.on = timing && strcmp(timing, "1") == 0, .start = now_ms()};
    Inputs in;
    if (load_inputs(o, &o->in, &in, e) != 0)
        return -1;
    // --pos FILE: read once, checked against the embeddings' dimensions; the traces
    // (the stepper's too) borrow it
    PosTable pt = {0};
    Options with_pos = *o;
    if (o->pos_file && pos_table_load(o->pos_file, in.dims, in.X.cols, &pt, e) != 0) {
        inputs_free(&in);
        return -1;
    }
    with_pos.trace.pos_table = o->pos_file ? &pt : NULL;
    o = &with_pos;
    tm.loaded = now_ms();
    Trace t;
    if (trace_build(&in, &o->trace, &t, e) != 0) {
        pos_table_free(&pt);
        inputs_free(&in);
        return -1;
    }
    Decode d = {0}; // --decode: each step with its cache, beside the causal trace
    if (o->decode && decode_build(&t, &d, e) != 0) {
        trace_free(&t);
        inputs_free(&in);
        return -1;
    }
    tm.traced = tm.exported = now_ms();
    Modes m = choose_modes(o);
    int rc = m.check_lesson ? run_check_lesson(o, &in, &t, e)
                            : run_modes(o, &m, &in, &t, o->decode ? &d : NULL, &tm, e);
    if (rc == 0 && (m.print || m.export_csv))
        rc = report_unknown(&in, e);
    decode_free(&d);
    trace_free(&t);
    inputs_free(&in);
    pos_table_free(&pt);
    return rc;
}

// Every run ends here: standard output is flushed and closed, and a failed write
// anywhere on it (a full disk, a closed terminal) is an error with the OS's reason. One
// message at most: an earlier error stands (its run stopped; its message says why),
// except the verdict of --check (status 3), whose report is what failed to be written.
// A reader that has gone (EPIPE, with SIGPIPE ignored) ends the run quietly, status 1.
static int finish(int rc, const AtError *e)
{
    AtError w = {0};
    bool write_failed = at_close_stream(stdout, _("standard output"), &w) != 0;
    if (rc != 0 && !(write_failed && e->status == AT_EDIFFER)) {
        fprintf(stderr, "attntrace: %s\n", e->msg);
        return e->status ? e->status : AT_ERUNTIME;
    }
    if (write_failed) {
        if (w.msg[0])
            fprintf(stderr, "attntrace: %s\n", w.msg);
        return w.status;
    }
    return 0;
}

// --lang LL before the options are parsed, so that their own messages are in LL too
// (options_parse checks the value and keeps it; an abbreviation like --lan only takes
// effect after parsing).
static void early_language(int argc, char **argv)
{
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (strcmp(a, "--") == 0)
            return;
        const char *v = strncmp(a, "--lang=", 7) == 0             ? a + 7
                        : strcmp(a, "--lang") == 0 && k + 1 < argc ? argv[k + 1]
                                                                   : NULL;
        size_t n = v ? strspn(v, "abcdefghijklmnopqrstuvwxyz") : 0;
        if (v && n >= 2 && n <= 3 && !v[n])
            language_use(v);
    }
}

int main(int argc, char **argv)
{
    language_init();
    early_language(argc, argv);
    Options o;
    AtError e = {0};
    int rc = options_parse(argc, argv, &o, &e);
    if (rc == 0 && o.lang)
        language_use(o.lang);
    if (rc == 0)
        choose_sample(&o);
    if (rc == 0 && o.help)
        options_usage(stdout);
    else if (rc == 0 && o.version)
        printf("attntrace %s\n", ATTNTRACE_VERSION);
    else if (rc == 0 && o.palette_list)
        palette_list(stdout);
    else if (rc == 0)
        rc = run(&o, &e);
    return finish(rc, &e);
}
