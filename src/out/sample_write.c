// sample_write.c — the Inputs written back as a sample folder (see sample_write.h).
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"
#include "i18n.h"
#include "outdir.h"
#include "sample_write.h"

#ifndef ATTNTRACE_VERSION
#define ATTNTRACE_VERSION "0.1.0"
#endif

typedef struct {
    const Inputs *in;
    const TraceOptions *opt;
    const char *note;
    const char *dir;
    int w; // the W being written
} WriteCtx;

static int write_sentence(FILE *f, void *ctx)
{
    const WriteCtx *c = ctx;
    return fprintf(f, "%s\n", c->in->sentence) < 0 ? -1 : 0;
}

// embeddings.csv: the first row of every distinct token, in sentence order.
static int write_embeddings(FILE *f, void *ctx)
{
    const Inputs *in = ((const WriteCtx *)ctx)->in;
    if (csvio_put_label(f, "token") != 0)
        return -1;
    for (size_t d = 0; d < in->X.cols; d++)
        if (fputc(',', f) == EOF || csvio_put_label(f, in->dims[d]) != 0)
            return -1;
    if (fputc('\n', f) == EOF)
        return -1;
    // The main sentence's tokens, then the source sentence's (cross-attention).
    size_t n = in->X.rows, m = in->has_source ? in->X_src.rows : 0;
    for (size_t r = 0; r < n + m; r++) {
        const char *tok = r < n ? in->tokens.tok[r] : in->src_tokens.tok[r - n];
        const Matrix *X = r < n ? &in->X : &in->X_src;
        size_t i = r < n ? r : r - n;
        bool seen = false;
        for (size_t k = 0; k < r && !seen; k++)
            seen = strcmp(k < n ? in->tokens.tok[k] : in->src_tokens.tok[k - n], tok) == 0;
        if (seen)
            continue;
        if (csvio_put_label(f, tok) != 0)
            return -1;
        for (size_t d = 0; d < X->cols; d++)
            if (fputc(',', f) == EOF || csvio_put_number(f, mat_get(X, i, d)) != 0)
                return -1;
        if (fputc('\n', f) == EOF)
            return -1;
    }
    return 0;
}

static int write_weight(FILE *f, void *ctx)
{
    const WriteCtx *c = ctx;
    const Inputs *in = c->in;
    return csvio_write_matrix(f, "dim", in->dims, in->wcols[c->w], &in->W[c->w], false);
}

// W_O.csv (several heads): d_v rows named like V's columns, d_model columns.
static int write_wo(FILE *f, void *ctx)
{
    const Inputs *in = ((const WriteCtx *)ctx)->in;
    return csvio_write_matrix(f, "dim", in->wcols[2], in->wo_cols, &in->W_O, false);
}

void sample_write_flags(const TraceOptions *opt, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    if (!opt->scale)
        n += (size_t)snprintf(buf + n, size - n, "%s--no-scale", n ? " " : "");
    char t[CSVIO_NUMBER_MAX]; // every digit, so the command gives the same trace
    csvio_format_number(t, opt->temperature);
    if (opt->temperature != 1.0 && n < size)
        n += (size_t)snprintf(buf + n, size - n, "%s--temperature %s", n ? " " : "", t);
    if (opt->mask == MASK_CAUSAL && n < size)
        n += (size_t)snprintf(buf + n, size - n, "%s--mask causal", n ? " " : "");
    if (opt->heads > 1 && n < size)
        snprintf(buf + n, size - n, "%s--heads %zu", n ? " " : "", opt->heads);
}

static int write_readme(FILE *f, void *ctx)
{
    const WriteCtx *c = ctx;
    const Inputs *in = c->in;
    char flags[128];
    sample_write_flags(c->opt, flags, sizeof flags);
    fprintf(f, "# A sample written by attntrace %s\n\n", ATTNTRACE_VERSION);
    fprintf(f, "Written from the stepper (the `w` key) with the inputs as they were on the "
               "screen%s%s.\n\n", c->note ? ": " : "", c->note ? c->note : "");
    fprintf(f, "- sentence: %s\n", in->sentence);
    fprintf(f, "- d_model = %zu, d_k = %zu, d_v = %zu\n", in->X.cols, in->W[1].cols,
            in->W[2].cols);
    static const char *const what[4] = {"embeddings", "W_Q", "W_K", "W_V"};
    for (int k = 0; k < 4; k++)
        fprintf(f, "- %s: %s%s\n", what[k], in->source[k] && inputs_from_file(in, k) ? "from " : "",
                in->source[k] ? in->source[k] : "?");
    fprintf(f, "- options in effect: scale %s, temperature %g, mask %s\n\n",
            c->opt->scale ? "÷√d_k" : "off", c->opt->temperature,
            c->opt->mask == MASK_CAUSAL ? "causal" : "none");
    if (in->has_source)
        fprintf(f, "- source sentence (cross-attention): %s\n\n", in->src_sentence);
    fprintf(f, "The same trace again:\n\n    attntrace -s %s%s%s%s%s%s\n", c->dir,
            flags[0] ? " " : "", flags, in->has_source ? " --source \"" : "",
            in->has_source ? in->src_sentence : "", in->has_source ? "\"" : "");
    return ferror(f) ? -1 : 0;
}

static int fill(const char *tmp, void *ctx, AtError *e)
{
    WriteCtx *c = ctx;
    static const char *const wfile[3] = {"W_Q.csv", "W_K.csv", "W_V.csv"};
    if (outdir_write_file(tmp, "sentence.txt", write_sentence, c, e) != 0 ||
        outdir_write_file(tmp, "embeddings.csv", write_embeddings, c, e) != 0)
        return -1;
    for (c->w = 0; c->w < 3; c->w++)
        if (outdir_write_file(tmp, wfile[c->w], write_weight, c, e) != 0)
            return -1;
    if (c->in->W_O.rows && outdir_write_file(tmp, "W_O.csv", write_wo, c, e) != 0)
        return -1;
    return outdir_write_file(tmp, "README.md", write_readme, c, e);
}

int sample_write(const Inputs *in, const TraceOptions *opt, const char *note, const char *dir,
                 AtError *e)
{
    WriteCtx c = {in, opt, note, dir, 0};
    // No marker: an existing non-empty folder is always refused.
    OutdirSpec spec = {.what = _("sample")};
    return outdir_write(dir, &spec, fill, &c, e);
}

// Free: nothing there, or an empty folder, or a link to one (written into, the link
// kept). A dangling link is taken too, so that writing names it instead of skipping it.
static bool free_name(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT;
    if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
        return errno == ENOENT;
    if (!S_ISDIR(st.st_mode))
        return false;
    DIR *d = opendir(path);
    struct dirent *ent;
    bool empty = d != NULL;
    while (empty && (ent = readdir(d)) != NULL)
        empty = strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0;
    if (d)
        closedir(d);
    return empty;
}

int sample_write_free_name(const char *base, char *buf, size_t size)
{
    for (int k = 1; k < 100; k++) {
        if (k == 1)
            snprintf(buf, size, "%s", base);
        else
            snprintf(buf, size, "%s-%d", base, k);
        if (free_name(buf))
            return 0;
    }
    return -1;
}
