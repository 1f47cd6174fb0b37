// export.c — stages to CSV files, atomically.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "export.h"
#include "order.h"
#include "gqa.h"
#include "i18n.h"
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

// "from FILE" or "generated (seed 1)": where input k (sample.h's in->source) came from.
static int origin(const Inputs *in, int k, char *buf, size_t size)
{
    return snprintf(buf, size, "%s%s", inputs_from_file(in, k) ? "from " : "", in->source[k]);
}

// Is row i's token generated and listed already (the same token earlier in the sentence)?
static bool generated_before(const Stage *s, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (stage_generated(s, false, k) && strcmp(s->row_labels[k], s->row_labels[i]) == 0)
            return true;
    return false;
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
        size_t at = (size_t)origin(in, 0, buf, size);
        bool oom;
        char *looked = inputs_looked_up_as(in, s->id == ST_SOURCE, &oom); // escaped
        if (looked && at < size)
            at += (size_t)snprintf(buf + at, size - at, "; looked up as: %s", looked);
        free(looked);
        size_t count = s->id == ST_SOURCE ? in->n_src_generated : in->n_generated;
        if (count && at < size) // which tokens: all of them when there is no file
            at += (size_t)snprintf(buf + at, size - at, "%s", in->x_file
                                   ? "; generated (not in the vocabulary):"
                                   : " for every token (no embeddings file):");
        for (size_t i = 0; i < s->m.rows && at < size; i++)
            if (stage_generated(s, false, i) && !generated_before(s, i))
                at += (size_t)snprintf(buf + at, size - at, " %s", s->row_labels[i]);
        if (s->id == ST_SOURCE && at < size)
            snprintf(buf + at, size - at, "; cross-attention: K and V come from these tokens%s",
                     in->src_path ? " (the sample's source.txt)" : "");
    } else if (s->id >= ST_WQ && s->id <= ST_WV) {
        origin(in, 1 + (int)(s->id - ST_WQ), buf, size);
    } else if (s->id == ST_WO) {
        origin(in, W_O_SOURCE, buf, size);
    } else if ((s->id == ST_K || s->id == ST_V) && t->kv_heads < t->heads) {
        char saving[256];
        gqa_saving_text(t, false, saving, sizeof saving);
        snprintf(buf, size, "kv-heads = %zu; group g holds columns (g-1)*%zu+1 to g*%zu; head h "
                 "reads group ceil(h*%zu/%zu); %s", t->kv_heads,
                 s->id == ST_K ? t->d_head : t->dv_head, s->id == ST_K ? t->d_head : t->dv_head,
                 t->kv_heads, t->heads, saving);
    } else if (s->head && t->kv_heads < t->heads && s->id != ST_MASKED) {
        int at = snprintf(buf, size, "heads = %zu; kv-heads = %zu; head = %d; group = %d; "
                          "columns %zu-%zu of Q, %zu-%zu of K, %zu-%zu of V", t->heads,
                          t->kv_heads, s->head, s->group, s->qk0 + 1, s->qk1, s->k0 + 1, s->k1,
                          s->v0 + 1, s->v1);
        if (s->id == ST_SCALED && at > 0 && (size_t)at < size)
            snprintf(buf + at, size - (size_t)at, "; d_k/H = %zu; divisor = %s; temperature = %s; "
                     "scale = %s", t->d_head, divisor, temperature, t->opt.scale ? "on" : "off");
    } else if (s->id == ST_CONCAT && t->kv_heads < t->heads) {
        snprintf(buf, size, "heads = %zu; kv-heads = %zu; head h fills columns (h-1)*%zu+1 to "
                 "h*%zu, from its group's columns of V", t->heads, t->kv_heads, t->dv_head,
                 t->dv_head);
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
    char order[1024]; // --pos, --rope, --shuffle: "" when off, so the notes stay as they were
    order_stage_note(t, s, order, sizeof order);
    size_t at = strlen(buf);
    if (order[0] && at < size)
        snprintf(buf + at, size - at, "%s%s", at ? "; " : "", order);
}

// The stage at 0-based position k of the export: the trace's, then the decode steps'.
static const Stage *stage_at(const Trace *t, const Decode *d, size_t k)
{
    return k < t->count ? &t->stage[k] : &d->stage[k - t->count].s;
}

static size_t stage_total(const Trace *t, const Decode *d)
{
    return t->count + (d ? d->count : 0);
}

// A decode step's stage: which step, which token, and for diff how far it is from 0.
static void decode_notes(const Decode *d, const DecodeStage *ds, char *buf, size_t size)
{
    const Trace *t = d->t;
    int at = snprintf(buf, size, "decode: step %zu of %zu, token %zu; ", ds->step, d->steps,
                      ds->step);
    if (at < 0 || (size_t)at >= size)
        return;
    buf += at, size -= (size_t)at;
    switch (ds->kind) {
    case DEC_Q: case DEC_K: case DEC_V:
        snprintf(buf, size, "only the new token is projected");
        break;
    case DEC_KCACHE: case DEC_VCACHE:
        if (ds->step == 1)
            snprintf(buf, size, "the cache: row 1 = %s_1", ds->kind == DEC_KCACHE ? "k" : "v");
        else
            snprintf(buf, size, "the cache: rows 1-%zu; rows 1-%zu kept from step %zu, row %zu "
                     "= %s_%zu appended", ds->step, ds->step - 1, ds->step - 1, ds->step,
                     ds->kind == DEC_KCACHE ? "k" : "v", ds->step);
        break;
    case DEC_SCORES:
        snprintf(buf, size, "scaled; no mask (the cache holds no later token); divisor = %.17g%s",
                 t->divisor, ds->s.head ? "; the head's columns as in the causal run" : "");
        break;
    case DEC_WEIGHTS: snprintf(buf, size, "softmax over the %zu cached keys", ds->step); break;
    case DEC_OUTPUT: snprintf(buf, size, "row %zu of the causal output, computed anew", ds->step); break;
    case DEC_DIFF:
        snprintf(buf, size, "output row minus row %zu of the causal output (stage output); "
                 "largest |diff| over every step = %g", ds->step, d->max_diff);
        break;
    case DEC_KIND_COUNT: break;
    }
}

typedef struct {
    const Trace *t;
    const Decode *d;
} ManifestWrite;

// The manifest's first line, byte for byte: what marks a folder as an earlier export.
#define MANIFEST_HEADER "stage,name,file,rows,cols,formula,notes\n"

static int write_manifest(FILE *f, void *ctx)
{
    const Trace *t = ((const ManifestWrite *)ctx)->t;
    const Decode *d = ((const ManifestWrite *)ctx)->d;
    if (fputs(MANIFEST_HEADER, f) < 0)
        return -1;
    for (size_t k = 0; k < stage_total(t, d); k++) {
        const Stage *s = stage_at(t, d, k);
        char file[64], notes[4096];
        snprintf(file, sizeof file, "%02zu_%s.csv", k + 1, s->name);
        if (k < t->count)
            stage_notes(t, s, notes, sizeof notes);
        else
            decode_notes(d, &d->stage[k - t->count], notes, sizeof notes);
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
    const Decode *d = x->o->decode;
    for (size_t k = 0; k < stage_total(t, d); k++) {
        char file[64];
        const Stage *s = stage_at(t, d, k);
        snprintf(file, sizeof file, "%02zu_%s.csv", k + 1, s->name);
        StageWrite w = {s, x->o->blank && !stage_is_input(s)};
        if (outdir_write_file(tmp, file, write_stage_csv, &w, e) != 0)
            return -1;
    }
    ManifestWrite mw = {t, d};
    return outdir_write_file(tmp, "manifest.csv", write_manifest, &mw, e);
}

// ─── recognising an earlier export, for --force ───────────────────────────────────

typedef struct {
    char **files; // the stage files listed so far
    size_t n;
    size_t row;    // 1-based number of the record being read
    size_t field;  // fields read in it
    char name[64]; // its stage name
    bool bad;
} ManifestRead;

static bool all_of(const char *s, size_t len, const char *set)
{
    return len > 0 && strspn(s, set) == len;
}

// Each record must be what write_manifest writes: K, a stage name, "KK_name.csv", rows,
// cols, formula, notes, with K counting from 1.
static void on_manifest_field(const char *s, size_t len, void *ctx)
{
    ManifestRead *r = ctx;
    char want[96];
    if (r->bad)
        return;
    switch (r->field++) {
    case 0:
        snprintf(want, sizeof want, "%zu", r->row);
        r->bad = strcmp(s, want) != 0;
        break;
    case 1: // stage names: letters, digits, '_' and the '.' of a head ("scores.h1")
        r->bad = len >= sizeof r->name || s[0] == '.' ||
                 !all_of(s, len, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                 "0123456789_.");
        if (!r->bad)
            memcpy(r->name, s, len + 1);
        break;
    case 2:
        snprintf(want, sizeof want, "%02zu_%s.csv", r->row, r->name);
        r->bad = strcmp(s, want) != 0 || !outdir_names_add(&r->files, &r->n, s);
        break;
    case 3:
    case 4: r->bad = !all_of(s, len, "0123456789"); break;
    case 5:
    case 6: break;
    default: r->bad = true;
    }
}

static void on_manifest_record(void *ctx)
{
    ManifestRead *r = ctx;
    r->bad = r->bad || r->field != 7;
    r->row++;
    r->field = 0;
}

// The stage files an earlier export's manifest lists, when it is exactly what
// write_manifest writes (its header, then one complete record per stage); else NULL.
static char **recognise_manifest(const char *text, size_t len)
{
    size_t head = strlen(MANIFEST_HEADER);
    if (len <= head || memcmp(text, MANIFEST_HEADER, head) != 0 || text[len - 1] != '\n')
        return NULL;
    ManifestRead r = {.row = 1};
    if (csvio_parse_records(text + head, len - head, on_manifest_field, on_manifest_record,
                            &r) != 0)
        r.bad = true;
    if (r.bad || r.n == 0) {
        outdir_names_free(r.files);
        return NULL;
    }
    return r.files;
}

static void export_spec(const ExportOptions *o, char *const *loose, OutdirSpec *spec)
{
    *spec = (OutdirSpec){.what = _("export"), .marker = "manifest.csv",
                         .recognise = recognise_manifest, .loose = loose,
                         .force = o && o->force};
}

int export_check(const char *dir, const ExportOptions *o, char **target, AtError *e)
{
    OutdirSpec spec;
    export_spec(o, NULL, &spec);
    return outdir_check(dir, &spec, target, e);
}

int export_trace(const Trace *t, const char *dir, const ExportOptions *o, AtError *e)
{
    char **loose = NULL; // the stepper's E: also what its e key wrote, with no manifest
    size_t n = 0;
    for (size_t k = 0; o->stage_files && k < t->count; k++) {
        char file[64];
        export_file_name(t, k, file, sizeof file);
        if (!outdir_names_add(&loose, &n, file))
            return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    OutdirSpec spec;
    export_spec(o, loose, &spec);
    ExportFill x = {t, o};
    int rc = outdir_write(dir, &spec, fill_export, &x, e);
    outdir_names_free(loose);
    return rc;
}

int export_stage(const Trace *t, const Stage *s, const char *dir, char *path_out, size_t size,
                 AtError *e)
{
    char file[64];
    export_file_name(t, (size_t)(s - t->stage), file, sizeof file);
    StageWrite w = {s, false};
    return outdir_write_one(dir, file, write_stage_csv, &w, path_out, size, e);
}
