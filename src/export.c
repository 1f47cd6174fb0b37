// export.c — stages to CSV files, atomically.
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "csvio.h"
#include "export.h"
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
    buf[0] = '\0';
    if (s->id == ST_EMBEDDINGS) {
        size_t at = (size_t)snprintf(buf, size, "from %s", in->source[0]);
        if (in->n_generated && at < size)
            at += (size_t)snprintf(buf + at, size - at, "; generated (not in the vocabulary):");
        for (size_t i = 0; i < t->n && at < size; i++)
            if (in->generated[i])
                at += (size_t)snprintf(buf + at, size - at, " %s", in->tokens.tok[i]);
    } else if (s->id >= ST_WQ && s->id <= ST_WV) {
        snprintf(buf, size, "from %s", in->source[1 + (s->id - ST_WQ)]);
    } else if (s->id == ST_SCALED) {
        snprintf(buf, size, "d_k = %zu; divisor = %.17g; temperature = %.17g; scale = %s", t->d_k,
                 t->divisor, t->opt.temperature, t->opt.scale ? "on" : "off");
    } else if (s->id == ST_MASKED) {
        snprintf(buf, size, "causal: -inf where key j > query i");
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

static int write_one(const char *dir, const char *file, CsvioWriteFn fn, void *ctx, AtError *e)
{
    char *path = path_join(dir, file);
    if (!path)
        return at_fail(e, AT_ERUNTIME, "out of memory");
    int rc = csvio_write_atomic(path, fn, ctx, e);
    free(path);
    return rc;
}

// A failed write inside the temporary folder names that folder, which is removed at once:
// say "DIR: writing FILE: reason" instead, the folder the user asked for.
static void name_target(AtError *e, const char *tmp, const char *file, const char *dir)
{
    if (!e)
        return;
    char *path = path_join(tmp, file);
    size_t n = path ? strlen(path) : 0;
    if (path && strncmp(e->msg, path, n) == 0 && strncmp(e->msg + n, ": ", 2) == 0) {
        char reason[sizeof e->msg];
        snprintf(reason, sizeof reason, "%s", e->msg + n + 2);
        at_fail(e, e->status, "%s: writing %s: %s (nothing was written)", dir, file, reason);
    }
    free(path);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int remove_tree(const char *path)
{
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static bool dir_is_empty(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return false;
    struct dirent *ent;
    bool empty = true;
    while ((ent = readdir(d)) != NULL)
        if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0) {
            empty = false;
            break;
        }
    closedir(d);
    return empty;
}

int export_trace(const Trace *t, const char *dir, const ExportOptions *o, AtError *e)
{
    // Decide first whether the target may be written, so a refusal writes nothing.
    struct stat st;
    bool exists = stat(dir, &st) == 0, replace = false;
    if (exists && !S_ISDIR(st.st_mode))
        return at_fail(e, AT_EINPUT, "%s: exists and is not a folder", dir);
    if (exists && !dir_is_empty(dir)) {
        char *manifest = path_join(dir, "manifest.csv");
        bool earlier = manifest && is_file(manifest);
        free(manifest);
        if (!o->force)
            return at_fail(e, AT_EINPUT, "%s: folder exists and is not empty (--force replaces "
                           "an earlier export)", dir);
        if (!earlier)
            return at_fail(e, AT_EINPUT, "%s: not an earlier export (no manifest.csv); "
                           "refusing to replace it even with --force", dir);
        replace = true;
    }

    // The temporary folder sits beside DIR, so the final rename stays on one file system.
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    char *tmp = malloc(len + 32), *old = malloc(len + 32);
    if (!tmp || !old) {
        free(tmp);
        free(old);
        return at_fail(e, AT_ERUNTIME, "out of memory");
    }
    snprintf(tmp, len + 32, "%.*s.tmp.XXXXXX", (int)len, dir);
    if (!mkdtemp(tmp)) {
        int err = errno;
        free(tmp);
        free(old);
        return at_fail(e, AT_ERUNTIME, "%s: cannot create a folder beside it: %s", dir,
                       strerror(err));
    }
    chmod(tmp, 0755);
    int rc = 0;
    for (size_t k = 0; k < t->count && rc == 0; k++) {
        char file[64];
        export_file_name(t, k, file, sizeof file);
        StageWrite w = {&t->stage[k], o->blank && t->stage[k].id >= ST_Q};
        if ((rc = write_one(tmp, file, write_stage_csv, &w, e)) != 0)
            name_target(e, tmp, file, dir);
    }
    ManifestWrite mw = {t};
    if (rc == 0 && (rc = write_one(tmp, "manifest.csv", write_manifest, &mw, e)) != 0)
        name_target(e, tmp, "manifest.csv", dir);

    if (rc == 0 && replace) { // move the earlier export aside, then put the new one in place
        snprintf(old, len + 32, "%.*s.old.XXXXXX", (int)len, dir);
        if (!mkdtemp(old) || rmdir(old) != 0 || rename(dir, old) != 0)
            rc = at_fail(e, AT_ERUNTIME, "%s: cannot move the earlier export aside: %s", dir,
                         strerror(errno));
    } else if (rc == 0 && exists) {
        if (rmdir(dir) != 0) // an empty folder: replace it
            rc = at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
    }
    if (rc == 0 && rename(tmp, dir) != 0) {
        rc = at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
        if (replace)
            rename(old, dir); // put the earlier export back
    }
    if (rc != 0)
        remove_tree(tmp);
    else if (replace)
        remove_tree(old);
    free(tmp);
    free(old);
    return rc;
}

int export_stage(const Trace *t, const Stage *s, const char *dir, char *path_out, size_t size,
                 AtError *e)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
    if (!is_dir(dir))
        return at_fail(e, AT_EINPUT, "%s: exists and is not a folder", dir);
    size_t k = (size_t)(s - t->stage);
    char file[64];
    export_file_name(t, k, file, sizeof file);
    StageWrite w = {s, false};
    snprintf(path_out, size, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", file);
    return write_one(dir, file, write_stage_csv, &w, e);
}
