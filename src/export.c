// export.c — stages to CSV files, atomically.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"
#include "export.h"
#include "outdir.h"
#include "paths.h"

void export_file_name(const Trace *t, size_t k, char *buf, size_t size)
{
    snprintf(buf, size, "%02zu_%s.csv", k + 1, t->stage[k].name);
}

typedef struct {
    const Stage *s;
    bool blank;
} StageWrite;

static int write_stage_csv(FILE *f, void *ctx)
{
    const StageWrite *w = ctx;
    return csvio_write_matrix(f, w->s->corner, w->s->row_labels, w->s->col_labels, &w->s->m,
                              w->blank);
}

// What a reader of the manifest should know about a stage's origin.
static void stage_notes(const Trace *t, const Stage *s, char *buf, size_t size)
{
    const Inputs *in = t->in;
    char divisor[CSVIO_NUMBER_MAX], temperature[CSVIO_NUMBER_MAX]; // as the CSV numbers
    csvio_format_number(divisor, t->divisor);
    csvio_format_number(temperature, t->opt.temperature);
    buf[0] = '\0';
    if (s->id == ST_EMBEDDINGS || s->id == ST_SOURCE) {
        size_t at = (size_t)snprintf(buf, size, "from %s", in->source[0]);
        if (s->id == ST_SOURCE && at < size)
            at += (size_t)snprintf(buf + at, size - at, "; cross-attention: K and V come from "
                                   "these tokens");
        size_t count = s->id == ST_SOURCE ? in->n_src_generated : in->n_generated;
        if (count && at < size)
            at += (size_t)snprintf(buf + at, size - at, "; generated (not in the vocabulary):");
        for (size_t i = 0; i < s->m.rows && at < size; i++)
            if (stage_generated(s, false, i))
                at += (size_t)snprintf(buf + at, size - at, " %s", s->row_labels[i]);
    } else if (s->id >= ST_WQ && s->id <= ST_WV) {
        snprintf(buf, size, "from %s", in->source[1 + (s->id - ST_WQ)]);
    } else if (s->id == ST_WO) {
        snprintf(buf, size, "from %s", in->source[W_O_SOURCE]);
    } else if (s->id == ST_SCALED && s->head) {
        snprintf(buf, size, "heads = %zu; head = %d; columns %zu-%zu of Q and K; d_k/H = %zu; "
                 "divisor = %s; temperature = %s; scale = %s", t->heads, s->head,
                 s->qk0 + 1, s->qk1, t->d_head, divisor, temperature,
                 t->opt.scale ? "on" : "off");
    } else if (s->id == ST_SCALED) {
        snprintf(buf, size, "d_k = %zu; divisor = %s; temperature = %s; scale = %s", t->d_k,
                 divisor, temperature, t->opt.scale ? "on" : "off");
    } else if (s->id == ST_MASKED) {
        snprintf(buf, size, "causal: -inf where key j > query i");
    } else if (s->head) {
        snprintf(buf, size, "heads = %zu; head = %d; columns %zu-%zu of Q and K, %zu-%zu of V",
                 t->heads, s->head, s->qk0 + 1, s->qk1, s->v0 + 1, s->v1);
    } else if (s->id == ST_CONCAT) {
        snprintf(buf, size, "heads = %zu; head h fills columns (h-1)*%zu+1 to h*%zu", t->heads,
                 t->dv_head, t->dv_head);
    }
}

typedef struct {
    const Trace *t;
} ManifestWrite;

static int write_manifest(FILE *f, void *ctx)
{
    const Trace *t = ((const ManifestWrite *)ctx)->t;
    if (fputs("stage,name,file,rows,cols,formula,notes\n", f) < 0)
        return -1;
    for (size_t k = 0; k < t->count; k++) {
        const Stage *s = &t->stage[k];
        char file[64], notes[4096];
        export_file_name(t, k, file, sizeof file);
        stage_notes(t, s, notes, sizeof notes);
        fprintf(f, "%zu,", k + 1);
        csvio_put_label(f, s->name);
        fputc(',', f);
        csvio_put_label(f, file);
        fprintf(f, ",%zu,%zu,", s->m.rows, s->m.cols);
        csvio_put_label(f, s->formula);
        fputc(',', f);
        csvio_put_label(f, notes);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}

typedef struct {
    const Trace *t;
    const ExportOptions *o;
} ExportFill;

// Every stage file, then the manifest (the marker of a complete export), into tmp.
static int fill_export(const char *tmp, void *ctx, AtError *e)
{
    const ExportFill *x = ctx;
    const Trace *t = x->t;
    for (size_t k = 0; k < t->count; k++) {
        char file[64];
        export_file_name(t, k, file, sizeof file);
        StageWrite w = {&t->stage[k], x->o->blank && !stage_is_input(&t->stage[k])};
        if (outdir_write_file(tmp, file, write_stage_csv, &w, e) != 0)
            return -1;
    }
    ManifestWrite mw = {t};
    return outdir_write_file(tmp, "manifest.csv", write_manifest, &mw, e);
}

int export_trace(const Trace *t, const char *dir, const ExportOptions *o, AtError *e)
{
    OutdirSpec spec = {.marker = "manifest.csv", .what = "export", .force = o->force};
    ExportFill x = {t, o};
    return outdir_write(dir, &spec, fill_export, &x, e);
}

int export_stage(const Trace *t, const Stage *s, const char *dir, char *path_out, size_t size,
                 AtError *e)
{
    char file[64];
    export_file_name(t, (size_t)(s - t->stage), file, sizeof file);
    StageWrite w = {s, false};
    return outdir_write_one(dir, file, write_stage_csv, &w, path_out, size, e);
}
