// bench.c — `make bench`: is attntrace fast enough to feel instant in a classroom?
//
// Runs whole processes (fork, exec, wait4) and times them with CLOCK_MONOTONIC; peak
// RSS comes from wait4's rusage. attntrace reports where its own time went when
// ATTNTRACE_TIMING=1 ("timing: load_ms trace_ms export_ms bytes" on stderr).
// Every figure is a median of runs made in this one invocation, alternated with the
// program it is compared against, so a noisy shared machine hurts both alike.
//
//   1. start-up: `attntrace -s SAMPLE -x DIR`, and a sentence of one's own looked up in
//      the lexicon (`attntrace -x DIR SENTENCE`), against a C program that does nothing
//   2. the NumPy peer (bench/peer_numpy.py) on the same inputs; its numbers checked
//   3. scale: n = 16, 64, 256, 1024 generated tokens, d_model = d_k = 64
//   4. stepper redraw, from BUILD/bench/tui_redraw when that helper exists
//   and, with the start-up rows, --decode on a 64-token sentence (every step built)
//
// The table goes to stdout, the same rows as CSV to OUT/results.csv.
//   bench --bin ATTNTRACE --noop NOOP --out DIR [--peer PY_SCRIPT --python PYTHON]
//         [--sample DIR] [--tui HELPER] [--runs N] [--sizes 16,64,...] [--quick]
//         [--only startup|decode|peer|scale|redraw]
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// ─── configuration ─────────────────────────────────────────────────────────────────

#define MAX_SIZES 8
#define DIM 64

typedef struct {
    const char *bin, *noop, *peer, *python, *sample, *out, *tui;
    const char *only; // --only startup|decode|peer|scale|redraw: that part alone
    int runs;
    bool quick;
    size_t sizes[MAX_SIZES];
    int nsizes;
} Config;

static Config cfg = {
    .python = "/usr/bin/python3",
    .runs = 21,
    .sizes = {16, 64, 256, 1024},
    .nsizes = 4,
};
static char work[4096]; // OUT/work.XXXXXX: every file the runs write, removed at the end

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    if (!s)
        die("out of memory");
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

// ─── the table ─────────────────────────────────────────────────────────────────────

typedef enum { V_INFO, V_MET, V_MISSED, V_NA } Verdict;
static const char *const VERDICT[] = {"", "met", "MISSED", "n/a"};

typedef struct {
    char section[16], name[128], value[64], target[40];
    Verdict v;
} Row;

static Row rows[160];
static int nrows;

// Pad to a width in characters (UTF-8: × and ≥ are one column, several bytes).
static void put_padded(const char *s, int width)
{
    int cols = 0;
    for (const char *p = s; *p; p++)
        cols += ((unsigned char)*p & 0xC0) != 0x80;
    fputs(s, stdout);
    for (; cols < width; cols++)
        putchar(' ');
}

static void print_row(const char *section, const char *name, const char *value,
                      const char *target, const char *result)
{
    put_padded(section, 8);
    put_padded(name, 31);
    put_padded(value, 34);
    put_padded(target, 34);
    printf("%s\n", result);
    fflush(stdout);
}

static void row(const char *section, const char *name, const char *target, Verdict v,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void row(const char *section, const char *name, const char *target, Verdict v,
                const char *fmt, ...)
{
    if (nrows == (int)(sizeof rows / sizeof rows[0]))
        die("too many rows");
    Row *r = &rows[nrows++];
    snprintf(r->section, sizeof r->section, "%s", section);
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->target, sizeof r->target, "%s", target ? target : "");
    r->v = v;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->value, sizeof r->value, fmt, ap);
    va_end(ap);
    print_row(r->section, r->name, r->value, r->target, VERDICT[r->v]); // progress as we go
}

static Verdict verdict(bool ok) { return ok ? V_MET : V_MISSED; }

static void csv_field(FILE *f, const char *s, bool last)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputs(last ? "\"\n" : "\",", f);
}

static void write_results(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die("%s: %s", path, strerror(errno));
    fputs("section,row,value,target,result\n", f);
    for (int k = 0; k < nrows; k++) {
        csv_field(f, rows[k].section, false);
        csv_field(f, rows[k].name, false);
        csv_field(f, rows[k].value, false);
        csv_field(f, rows[k].target, false);
        csv_field(f, rows[k].v == V_INFO ? "info" : VERDICT[rows[k].v], true);
    }
    if (fclose(f) != 0)
        die("%s: %s", path, strerror(errno));
}

// ─── running a process ─────────────────────────────────────────────────────────────

enum { ENV_TIMING = 1, ENV_PEER = 2 };

typedef struct {
    double ms;     // wall time, fork to wait4
    long rss_kb;   // peak resident set size of the child
    double load_ms, trace_ms, export_ms; // from ATTNTRACE_TIMING
    unsigned long long bytes;
} Run;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void show_stderr(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    while (f && fgets(line, sizeof line, f))
        fprintf(stderr, "    %s", line);
    if (f)
        fclose(f);
}

// Run argv (argv[0] a path); stdout to /dev/null, stderr to OUT/work/stderr.
// Returns the exit status (-1 when it did not exit normally).
static int run_quiet(char *const argv[], int env, Run *r)
{
    char errpath[4200];
    snprintf(errpath, sizeof errpath, "%s/stderr", work);
    memset(r, 0, sizeof *r);
    fflush(stdout);
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        int out = open("/dev/null", O_WRONLY), err = open(errpath, O_WRONLY | O_CREAT | O_TRUNC,
                                                          0644);
        if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
            _exit(126);
        if (env & ENV_TIMING)
            setenv("ATTNTRACE_TIMING", "1", 1);
        else
            unsetenv("ATTNTRACE_TIMING");
        if (env & ENV_PEER) { // old OpenBLAS work-arounds that slow NumPy down: not for the peer
            unsetenv("OPENBLAS_CORETYPE");
            unsetenv("OPENBLAS_L2_SIZE");
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            die("wait4: %s", strerror(errno));
    r->ms = now_ms() - t0;
    r->rss_kb = ru.ru_maxrss;
    if (env & ENV_TIMING) {
        FILE *f = fopen(errpath, "r");
        char line[512];
        while (f && fgets(line, sizeof line, f))
            if (sscanf(line, "timing: %lf %lf %lf %llu", &r->load_ms, &r->trace_ms,
                       &r->export_ms, &r->bytes) == 4)
                break;
        if (f)
            fclose(f);
    }
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (rc != 0) {
        fprintf(stderr, "bench: %s exited with %d:\n", argv[0], rc);
        show_stderr(errpath);
    }
    return rc;
}

static void run_ok(char *const argv[], int env, Run *r)
{
    if (run_quiet(argv, env, r) != 0)
        die("a run failed (see above): %s", argv[0]);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void rm_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0)
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

// ─── statistics ────────────────────────────────────────────────────────────────────

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    if (n <= 0)
        return NAN;
    double *s = malloc((size_t)n * sizeof *s);
    if (!s)
        die("out of memory");
    memcpy(s, v, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    double m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    free(s);
    return m;
}

// ─── comparing the peer's files with ours ──────────────────────────────────────────

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    for (size_t k; b && (k = fread(b + n, 1, cap - n, f)) > 0;) {
        n += k;
        if (n == cap) {
            char *g = realloc(b, (cap *= 2) + 1);
            if (!g)
                free(b);
            b = g;
        }
    }
    fclose(f);
    if (b)
        b[n] = '\0';
    *len = n;
    return b;
}

// Skip one CSV field at p (quoted or not); returns the comma or line end after it.
static const char *skip_field(const char *p)
{
    if (*p == '"') {
        for (p++; *p; p++)
            if (*p == '"' && p[1] == '"')
                p++;
            else if (*p == '"')
                break;
        if (*p)
            p++;
    }
    while (*p && *p != ',' && *p != '\n')
        p++;
    return p;
}

// Largest |a−b| / max(1, |b|) over the number cells of two matrix CSV files; -1 when
// their shapes differ or a file is missing. *cells counts the cells compared.
static double file_diff(const char *pa, const char *pb, long *cells)
{
    size_t la, lb;
    char *a = slurp(pa, &la), *b = slurp(pb, &lb);
    double worst = -1;
    if (!a || !b)
        goto out;
    const char *p = strchr(a, '\n'), *q = strchr(b, '\n'); // skip the headers
    worst = 0;
    while (p && q && p[1] && q[1]) {
        p = skip_field(p + 1); // the row labels
        q = skip_field(q + 1);
        while (*p == ',' && *q == ',') {
            char *ea, *eb;
            double x = strtod(p + 1, &ea), y = strtod(q + 1, &eb);
            if (ea == p + 1 || eb == q + 1) {
                worst = -1;
                goto out;
            }
            double d = x == y ? 0 : fabs(x - y) / fmax(1.0, fabs(y));
            if (isnan(d))
                d = INFINITY;
            if (d > worst)
                worst = d;
            ++*cells;
            p = ea;
            q = eb;
        }
        if (*p != *q) { // one row is longer than the other
            worst = -1;
            goto out;
        }
    }
    if ((p && p[1]) != (q && q[1]))
        worst = -1; // one file has more rows
out:
    free(a);
    free(b);
    return worst;
}

static const char *const STAGE_FILES[] = {
    "01_embeddings.csv", "02_W_Q.csv", "03_W_K.csv", "04_W_V.csv", "05_Q.csv", "06_K.csv",
    "07_V.csv", "08_scores.csv", "09_scaled.csv", "10_weights.csv", "11_output.csv",
};

// Compare every stage file of two exports: the largest relative difference, or -1.
static double export_diff(const char *ours, const char *peer, long *cells)
{
    double worst = 0;
    *cells = 0;
    for (size_t k = 0; k < sizeof STAGE_FILES / sizeof STAGE_FILES[0]; k++) {
        char *a = xasprintf("%s/%s", ours, STAGE_FILES[k]);
        char *b = xasprintf("%s/%s", peer, STAGE_FILES[k]);
        double d = file_diff(a, b, cells);
        free(a);
        free(b);
        if (d < 0)
            return -1;
        if (d > worst)
            worst = d;
    }
    return worst;
}

// ─── the commands ──────────────────────────────────────────────────────────────────

static bool have_numpy;

static char *sentence_of(size_t n)
{
    char *s = malloc(n * 8 + 1), *at = s;
    if (!s)
        die("out of memory");
    for (size_t i = 1; i <= n; i++)
        at += sprintf(at, i > 1 ? " w%zu" : "w%zu", i);
    *at = '\0';
    return s;
}

// Ours, from the exported input files of IN (as the peer reads them), to OUT.
static void ours_from(const char *in, const char *sentence, size_t max_tokens, const char *out,
                      int env, Run *r)
{
    char *e = xasprintf("%s/01_embeddings.csv", in), *q = xasprintf("%s/02_W_Q.csv", in),
         *k = xasprintf("%s/03_W_K.csv", in), *v = xasprintf("%s/04_W_V.csv", in),
         *mt = xasprintf("%zu", max_tokens);
    char *argv[] = {(char *)cfg.bin, "-e", e, "--wq", q, "--wk", k, "--wv", v, "--max-tokens",
                    mt, "-x", (char *)out, (char *)sentence, NULL};
    rm_tree(out);
    run_ok(argv, env, r);
    free(e), free(q), free(k), free(v), free(mt);
}

static void peer_from(const char *in, const char *out, Run *r)
{
    char *argv[] = {(char *)cfg.python, (char *)cfg.peer, (char *)in, (char *)out, NULL};
    rm_tree(out);
    run_ok(argv, ENV_PEER, r);
}

static void check_numpy(void)
{
    if (!cfg.peer)
        return;
    char *argv[] = {(char *)cfg.python, "-c", "import numpy", NULL};
    Run r;
    have_numpy = access(cfg.python, X_OK) == 0 && run_quiet(argv, ENV_PEER, &r) == 0;
    if (!have_numpy)
        fprintf(stderr, "bench: %s cannot import numpy: the peer rows are n/a "
                "(make bench installs python3-numpy)\n", cfg.python);
}

static void fmt_ms(char *buf, size_t size, double ms)
{
    snprintf(buf, size, ms < 10 ? "%.3f ms" : ms < 100 ? "%.2f ms" : "%.1f ms", ms);
}

// ─── 1. start-up against a program that does nothing ───────────────────────────────

// A sentence of one's own, looked up in the lexicon (samples/everyday, 11,516 rows): the
// words are found as written, in lower case, through inflections.csv and by a rule.
#define LEXICON_SENTENCE "The little girls chased a puppy and went home"

static void part_startup(void)
{
    int n = cfg.runs;
    double *noop = calloc((size_t)n, sizeof *noop), *ours = calloc((size_t)n, sizeof *ours),
           *lex = calloc((size_t)n, sizeof *lex);
    char *out = xasprintf("%s/startup", work);
    char *argv_noop[] = {(char *)cfg.noop, NULL};
    char *argv_ours[] = {(char *)cfg.bin, "-s", (char *)cfg.sample, "-x", out, NULL};
    char *argv_lex[] = {(char *)cfg.bin, "-x", out, LEXICON_SENTENCE, NULL};
    Run r;
    run_ok(argv_ours, 0, &r); // warm the page cache and the loader
    rm_tree(out);
    run_ok(argv_lex, 0, &r);
    rm_tree(out);
    run_ok(argv_noop, 0, &r);
    for (int i = 0; i < n; i++) {
        run_ok(argv_noop, 0, &r);
        noop[i] = r.ms;
        run_ok(argv_ours, 0, &r);
        ours[i] = r.ms;
        rm_tree(out);
        run_ok(argv_lex, 0, &r);
        lex[i] = r.ms;
        rm_tree(out);
    }
    double mn = median(noop, n), mo = median(ours, n), ml = median(lex, n);
    char b[64];
    fmt_ms(b, sizeof b, mn);
    row("startup", "do-nothing C program", NULL, V_INFO, "%s (median of %d)", b, n);
    fmt_ms(b, sizeof b, mo);
    row("startup", "attntrace --export sample", NULL, V_INFO, "%s (median of %d)", b, n);
    row("startup", "export / do-nothing", "< 3×", verdict(mo / mn < 3), "%.2f×", mo / mn);
    fmt_ms(b, sizeof b, ml);
    row("startup", "export a sentence (lexicon)", NULL, V_INFO, "%s (median of %d)",
        b, n);
    row("startup", "lexicon export / do-nothing", "< 3×", verdict(ml / mn < 3), "%.2f×",
        ml / mn);
    free(noop), free(ours), free(lex), free(out);
}

// ─── 1b. --decode: a 64-token sentence decoded step by step ────────────────────────

// Start-up with --decode: the causal run and all 64 steps with their caches are built,
// then one stage (the last step's diff) printed: the time before a learner sees
// anything, against the do-nothing program. Exporting all 64·9 step files is an info row.
#define DECODE_TOKENS 64

static void part_decode(void)
{
    int n = cfg.runs;
    double *noop = calloc((size_t)n, sizeof *noop), *ours = calloc((size_t)n, sizeof *ours),
           *all = calloc((size_t)n, sizeof *all);
    char *sentence = sentence_of(DECODE_TOKENS), *out = xasprintf("%s/decode", work);
    char last[64];
    snprintf(last, sizeof last, "decode.t%d.diff", DECODE_TOKENS);
    char *argv_noop[] = {(char *)cfg.noop, NULL};
    char *argv_ours[] = {(char *)cfg.bin, "-s", (char *)cfg.sample, "--decode", "-p", "--stage",
                         last, sentence, NULL};
    char *argv_all[] = {(char *)cfg.bin, "-s", (char *)cfg.sample, "--decode", "-x", out,
                        sentence, NULL};
    Run r;
    run_ok(argv_ours, 0, &r); // warm the page cache and the loader
    run_ok(argv_noop, 0, &r);
    for (int i = 0; i < n; i++) {
        run_ok(argv_noop, 0, &r);
        noop[i] = r.ms;
        run_ok(argv_ours, 0, &r);
        ours[i] = r.ms;
        run_ok(argv_all, 0, &r);
        all[i] = r.ms;
        rm_tree(out);
    }
    double mn = median(noop, n), mo = median(ours, n), ma = median(all, n);
    char b[64];
    fmt_ms(b, sizeof b, mo);
    row("startup", "--decode, 64 tokens", NULL, V_INFO, "%s (median of %d)", b, n);
    row("startup", "--decode / do-nothing", "< 3×", verdict(mo / mn < 3), "%.2f×", mo / mn);
    fmt_ms(b, sizeof b, ma);
    row("startup", "--decode, 64 tokens, export", NULL, V_INFO, "%s, %d step files (median)", b,
        DECODE_TOKENS * 9);
    free(noop), free(ours), free(all), free(sentence), free(out);
}

// ─── 2. the NumPy peer on the sample ───────────────────────────────────────────────

static char *read_sentence(const char *sample)
{
    char *path = xasprintf("%s/sentence.txt", sample);
    size_t len;
    char *s = slurp(path, &len);
    if (!s)
        die("%s: %s", path, strerror(errno));
    s[strcspn(s, "\r\n")] = '\0';
    free(path);
    return s;
}

// Alternate ours and the peer on the inputs in IN; medians in *mo, *mp; check the numbers.
static void versus_peer(const char *section, const char *label, const char *in,
                        const char *sentence, size_t max_tokens, int n_ours, int n_peer,
                        bool check, double *mo, double *mp, Run *ours_runs)
{
    char *oo = xasprintf("%s/ours", work), *po = xasprintf("%s/peer", work);
    int n = n_ours > n_peer ? n_ours : n_peer;
    double *o = calloc((size_t)n, sizeof *o), *p = calloc((size_t)n, sizeof *p);
    Run r;
    for (int i = 0; i < n; i++) {
        if (i < n_ours) {
            ours_from(in, sentence, max_tokens, oo, ours_runs ? ENV_TIMING : 0, &r);
            o[i] = r.ms;
            if (ours_runs)
                ours_runs[i] = r;
        }
        if (i < n_peer && have_numpy) {
            peer_from(in, po, &r);
            p[i] = r.ms;
        }
    }
    *mo = median(o, n_ours);
    *mp = have_numpy ? median(p, n_peer) : NAN;
    char b[64], name[128];
    fmt_ms(b, sizeof b, *mo);
    snprintf(name, sizeof name, "%sattntrace (process)", label);
    row(section, name, NULL, V_INFO, "%s (median of %d)", b, n_ours);
    if (!have_numpy) {
        snprintf(name, sizeof name, "%speer / ours", label);
        row(section, name, section[0] == 'p' ? "≥ 20×" : "> 1× (ahead)", V_NA,
            "n/a (no numpy)");
    } else {
        fmt_ms(b, sizeof b, *mp);
        snprintf(name, sizeof name, "%sNumPy peer", label);
        row(section, name, NULL, V_INFO, "%s (median of %d)", b, n_peer);
        snprintf(name, sizeof name, "%speer / ours", label);
        bool peer_section = strcmp(section, "peer") == 0;
        double ratio = *mp / *mo;
        row(section, name, peer_section ? "≥ 20×" : "> 1× (ahead)",
            verdict(peer_section ? ratio >= 20 : ratio > 1), "%.1f×", ratio);
    }
    if (check && have_numpy) { // the last runs' files are still there
        long cells;
        double d = export_diff(oo, po, &cells);
        snprintf(name, sizeof name, "%speer's numbers = ours", label);
        if (d < 0)
            row(section, name, "≤ 1e-12 relative", V_MISSED, "files differ in shape");
        else
            row(section, name, "≤ 1e-12 relative", verdict(d <= 1e-12), "max diff %.1e (%ld cells)",
                d, cells);
    }
    rm_tree(oo);
    rm_tree(po);
    free(o), free(p), free(oo), free(po);
}

static void part_peer(void)
{
    char *in = xasprintf("%s/in-sample", work);
    char *argv[] = {(char *)cfg.bin, "-s", (char *)cfg.sample, "-x", in, NULL};
    Run r;
    rm_tree(in);
    run_ok(argv, 0, &r);
    char *sentence = read_sentence(cfg.sample);
    double mo, mp;
    versus_peer("peer", "", in, sentence, 256, cfg.runs, cfg.quick ? 1 : cfg.runs, true, &mo, &mp,
                NULL);
    free(in), free(sentence);
}

// ─── 3. scale ──────────────────────────────────────────────────────────────────────

static void part_scale(void)
{
    size_t nmax = cfg.sizes[cfg.nsizes - 1];
    char *empty = xasprintf("%s/empty-sample", work);
    mkdir(empty, 0755);
    double prev_te = NAN;
    size_t prev_n = 0;
    for (int s = 0; s < cfg.nsizes; s++) {
        size_t n = cfg.sizes[s];
        bool big = n >= 1024, last = s == cfg.nsizes - 1;
        char *sentence = sentence_of(n), *in = xasprintf("%s/in-%zu", work, n);
        char *mt = xasprintf("%zu", nmax > 256 ? nmax : 256), *dim = xasprintf("%d", DIM);
        char *argv[] = {(char *)cfg.bin, "-s", empty, "--dim", dim, "--dk", dim,
                        "--max-tokens", mt, "-x", in, sentence, NULL};
        Run r;
        rm_tree(in);
        run_ok(argv, 0, &r); // generated embeddings and weights, as files the peer can read

        int n_ours = cfg.quick ? 3 : big ? (cfg.runs / 3 > 3 ? cfg.runs / 3 : 3) : cfg.runs;
        int n_peer = cfg.quick ? 1 : big ? 3 : (cfg.runs / 3 > 3 ? cfg.runs / 3 : 3);
        Run *runs = calloc((size_t)n_ours, sizeof *runs);
        double *tr = calloc((size_t)n_ours, sizeof *tr), *ex = calloc((size_t)n_ours, sizeof *ex),
               *te = calloc((size_t)n_ours, sizeof *te), *rss = calloc((size_t)n_ours, sizeof *rss);
        char label[24], name[128], b[64];
        snprintf(label, sizeof label, "n=%zu ", n);
        double mo, mp;
        versus_peer("scale", label, in, sentence, nmax > 256 ? nmax : 256, n_ours, n_peer,
                    last, &mo, &mp, runs);
        unsigned long long bytes = runs[0].bytes;
        for (int i = 0; i < n_ours; i++) {
            tr[i] = runs[i].trace_ms;
            ex[i] = runs[i].export_ms;
            te[i] = runs[i].trace_ms + runs[i].export_ms;
            rss[i] = (double)runs[i].rss_kb / 1024.0;
        }
        double mtr = median(tr, n_ours), mex = median(ex, n_ours), mte = median(te, n_ours);
        double mrss = median(rss, n_ours), mbps = (double)bytes / 1e6 / (mex / 1e3);

        fmt_ms(b, sizeof b, mtr);
        snprintf(name, sizeof name, "%sbuild the trace", label);
        row("scale", name, NULL, V_INFO, "%s", b);
        fmt_ms(b, sizeof b, mex);
        snprintf(name, sizeof name, "%sexport", label);
        row("scale", name, NULL, V_INFO, "%s", b);
        fmt_ms(b, sizeof b, mte);
        snprintf(name, sizeof name, "%strace + export", label);
        row("scale", name, big ? "< 1000 ms" : NULL, big ? verdict(mte < 1000) : V_INFO, "%s", b);
        snprintf(name, sizeof name, "%sbytes written", label);
        row("scale", name, NULL, V_INFO, "%llu (%.1f MB)", bytes, (double)bytes / 1e6);
        snprintf(name, sizeof name, "%sexport throughput", label);
        row("scale", name, big ? "≥ 50 MB/s" : NULL, big ? verdict(mbps >= 50) : V_INFO,
            "%.1f MB/s", mbps);
        snprintf(name, sizeof name, "%speak RSS", label);
        row("scale", name, big ? "< 64 MB" : NULL, big ? verdict(mrss < 64) : V_INFO, "%.1f MB",
            mrss);
        if (prev_n) { // time should grow as n²·d (d fixed here): (n/prev)² per step
            double ideal = ((double)n / (double)prev_n) * ((double)n / (double)prev_n);
            char target[40];
            snprintf(target, sizeof target, "≤ %.0f× (n² = %.0f× +25%%)", ideal * 1.25, ideal);
            snprintf(name, sizeof name, "%sgrowth vs n=%zu", label, prev_n);
            row("scale", name, target, verdict(mte / prev_te <= ideal * 1.25), "%.1f×",
                mte / prev_te);
        }
        prev_te = mte;
        prev_n = n;
        rm_tree(in);
        free(runs), free(tr), free(ex), free(te), free(rss), free(sentence), free(in), free(mt),
            free(dim);
    }
    rm_tree(empty);
    free(empty);
}

// ─── 4. the stepper's redraw (filled in by BUILD/bench/tui_redraw when it exists) ───
//
// The helper's contract: run with no arguments, it prints one line per measurement,
// "NAME,MILLISECONDS", for NAME in the three rows below (other lines are ignored).

static const struct {
    const char *name, *target;
    double limit_ms;
} REDRAW[] = {
    {"redraw default 120x40", "< 1 ms (slowest stage's median)", 1.0},
    {"redraw 64x64 200x60", "< 2 ms (slowest stage, any zoom)", 2.0},
    {"first frame", "< 20 ms (start → frame)", 20.0},
};

static void part_redraw(void)
{
    bool built = cfg.tui && access(cfg.tui, X_OK) == 0;
    double got[3] = {NAN, NAN, NAN};
    if (built) {
        char *outpath = xasprintf("%s/tui_redraw.out", work);
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            int fd = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || dup2(fd, 1) < 0)
                _exit(126);
            execl(cfg.tui, cfg.tui, cfg.quick ? "--quick" : (char *)NULL, (char *)NULL);
            _exit(127);
        }
        int status = 0;
        if (pid > 0)
            waitpid(pid, &status, 0);
        FILE *f = fopen(outpath, "r");
        char line[256];
        while (f && fgets(line, sizeof line, f)) {
            char *comma = strrchr(line, ',');
            if (!comma)
                continue;
            *comma = '\0';
            for (int k = 0; k < 3; k++)
                if (strcmp(line, REDRAW[k].name) == 0)
                    got[k] = strtod(comma + 1, NULL);
        }
        if (f)
            fclose(f);
        free(outpath);
    }
    for (int k = 0; k < 3; k++) {
        char b[64];
        if (isnan(got[k])) {
            row("redraw", REDRAW[k].name, REDRAW[k].target, V_NA, "%s",
                built ? "n/a (tui_redraw did not report it)" : "n/a (stepper bench not built)");
            continue;
        }
        fmt_ms(b, sizeof b, got[k]);
        row("redraw", REDRAW[k].name, REDRAW[k].target, verdict(got[k] < REDRAW[k].limit_ms),
            "%s", b);
    }
}

// ─── main ──────────────────────────────────────────────────────────────────────────

static void parse_sizes(const char *s)
{
    cfg.nsizes = 0;
    for (char *end; *s && cfg.nsizes < MAX_SIZES; s = *end ? end + 1 : end) {
        unsigned long v = strtoul(s, &end, 10);
        if (end == s || v < 1 || v > 4096 || (*end && *end != ','))
            die("--sizes: \"%s\" is not a list like 16,64,256,1024", s);
        cfg.sizes[cfg.nsizes++] = v;
    }
    if (cfg.nsizes == 0)
        die("--sizes: empty");
}

int main(int argc, char **argv)
{
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
#define OPT(name, field)                                                                       \
    if (strcmp(a, name) == 0 && v) {                                                           \
        field = v;                                                                             \
        k++;                                                                                   \
        continue;                                                                              \
    }
        OPT("--bin", cfg.bin)
        OPT("--noop", cfg.noop)
        OPT("--peer", cfg.peer)
        OPT("--python", cfg.python)
        OPT("--sample", cfg.sample)
        OPT("--out", cfg.out)
        OPT("--tui", cfg.tui)
        OPT("--only", cfg.only)
#undef OPT
        if (strcmp(a, "--runs") == 0 && v) {
            cfg.runs = atoi(v);
            k++;
        } else if (strcmp(a, "--sizes") == 0 && v) {
            parse_sizes(v);
            k++;
        } else if (strcmp(a, "--quick") == 0) {
            cfg.quick = true;
        } else {
            die("unknown argument %s (see the top of bench/bench.c)", a);
        }
    }
    if (!cfg.bin || !cfg.noop || !cfg.out || !cfg.sample)
        die("usage: bench --bin ATTNTRACE --noop NOOP --sample DIR --out DIR [--peer SCRIPT] "
            "[--python PY] [--tui HELPER] [--runs N] [--sizes LIST] [--quick] [--only PART]");
    if (cfg.runs < 1)
        cfg.runs = 1;
    if (cfg.quick && cfg.runs > 3)
        cfg.runs = 3;
    // A work folder of its own (mkdtemp), so nothing of the user's in OUT is ever removed.
    mkdir(cfg.out, 0777);
    snprintf(work, sizeof work, "%s/work.XXXXXX", cfg.out);
    if (!mkdtemp(work))
        die("%s: %s", work, strerror(errno));
    check_numpy();

    time_t now = time(NULL);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M", localtime(&now));
    printf("attntrace bench — %s, nproc %ld, sample %s, %d runs%s\n", date,
           sysconf(_SC_NPROCESSORS_ONLN), cfg.sample, cfg.runs, cfg.quick ? " (quick)" : "");
    printf("peer: %s %s (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for it)\n\n",
           cfg.python, cfg.peer ? cfg.peer : "(none)");
    print_row("section", "row", "value", "target", "result");
    if (!cfg.only || strcmp(cfg.only, "startup") == 0)
        part_startup();
    if (!cfg.only || strcmp(cfg.only, "decode") == 0)
        part_decode();
    if (!cfg.only || strcmp(cfg.only, "peer") == 0)
        part_peer();
    if (!cfg.only || strcmp(cfg.only, "scale") == 0)
        part_scale();
    if (!cfg.only || strcmp(cfg.only, "redraw") == 0)
        part_redraw();

    char *csv = xasprintf("%s/results.csv", cfg.out);
    write_results(csv);
    rm_tree(work);
    int missed = 0;
    for (int k = 0; k < nrows; k++)
        missed += rows[k].v == V_MISSED;
    printf("\n%d targets missed; rows also in %s\n", missed, csv);
    free(csv);
    return 0; // a missed target is a finding, not a failure: no absolute time is asserted
}
