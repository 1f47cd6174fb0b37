// check.c — homework checking: the student's CSV files against the trace.
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "csvio.h"
#include "explain.h"
#include "i18n.h"
#include "paths.h"

#define MAX_MISSING_SHOWN 6

// The stage a file name stands for: "07_V.csv" or "V.csv" → "V", "09_scores.h2.csv" →
// "scores.h2" (into buf); NULL for other names.
static const char *file_stage(const char *file, char *buf, size_t size)
{
    size_t n = strlen(file);
    if (n < 5 || strcmp(file + n - 4, ".csv") != 0)
        return NULL;
    const char *name = file;
    size_t digits = strspn(file, "0123456789");
    if (digits > 0 && file[digits] == '_')
        name = file + digits + 1;
    size_t len = (size_t)(file + n - 4 - name);
    if (len >= size)
        return NULL;
    memcpy(buf, name, len);
    buf[len] = '\0';
    return stage_name_parse(buf, NULL, NULL) ? buf : NULL;
}

// paths[k]: the file found for the trace's stage k (malloc'd), or NULL.
static int find_files(const Trace *t, const char *dir, char *paths[TRACE_MAX_STAGES],
                      Lines *out, AtError *e)
{
    DIR *d = opendir(dir);
    if (!d) {
        int err = errno;
        struct stat st;
        if (err == ENOTDIR && stat(dir, &st) == 0)
            return at_fail(e, AT_EINPUT, _("--check %s: is a %s, expected a folder of CSV files"),
                           dir, file_kind(st.st_mode));
        return at_fail(e, err == EIO || err == EMFILE || err == ENFILE || err == ENOMEM
                              ? AT_ERUNTIME : AT_EINPUT,
                       _("--check %s: cannot open the folder: %s"), dir, strerror(err));
    }
    struct dirent *ent;
    int rc = 0;
    while (rc == 0 && (ent = readdir(d)) != NULL) {
        char buf[64];
        const char *name = file_stage(ent->d_name, buf, sizeof buf);
        size_t n = strlen(ent->d_name);
        if (!name) {
            if (n > 4 && strcmp(ent->d_name + n - 4, ".csv") == 0 &&
                strcmp(ent->d_name, "manifest.csv") != 0)
                lines_addf(out, _("ignored: %s (not named after a stage)"), ent->d_name);
            continue;
        }
        const Stage *s = trace_find(t, name);
        if (!s) {
            rc = at_fail(e, AT_EINPUT, _("%s/%s: the %s stage %s"), dir, ent->d_name, name,
                         trace_missing_why(t, name));
            break;
        }
        size_t k = (size_t)(s - t->stage);
        char *path = path_join(dir, ent->d_name);
        if (!path) {
            rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
        } else if (paths[k]) {
            rc = at_fail(e, AT_EINPUT, _("--check %s: two files for the stage %s: %s and %s"), dir,
                         name, paths[k], path);
            free(path);
        } else {
            paths[k] = path;
        }
    }
    closedir(d);
    return rc;
}

// Labels joined by spaces into buf, cut with "…" when too long.
static void joined(char *const *labels, size_t n, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n && at < size; k++) {
        int w = snprintf(buf + at, size - at, "%s%s", k ? " " : "", labels[k]);
        if (w < 0 || (size_t)w >= size - at) {
            snprintf(buf + (size > 8 ? size - 8 : 0), size > 8 ? 8 : size, " …");
            return;
        }
        at += (size_t)w;
    }
}

// A stage with a row per token whose rows name other tokens: the worksheet was made for
// another sentence. Said first, before its columns or numbers disagree as a consequence.
// Rows that only stop early or go on are left to the count of rows.
static int check_tokens(const Stage *s, const char *path, const LabeledMatrix *lm, AtError *e)
{
    size_t i = 0; // the first row that names another token
    while (i < s->m.rows && i < lm->m.rows && strcmp(lm->row_labels[i], s->row_labels[i]) == 0)
        i++;
    if (!s->token_rows || i == s->m.rows || i == lm->m.rows)
        return 0;
    char theirs[512], ours[512];
    joined(lm->row_labels, lm->m.rows, theirs, sizeof theirs);
    joined(s->row_labels, s->m.rows, ours, sizeof ours);
    return at_fail(e, AT_EINPUT,
                   _("%s:%zu: made for the tokens \"%s\", not \"%s\": give --check the "
                     "sentence (and -s sample) the worksheet was made for"),
                   path, lm->row_line[i], theirs, ours);
}

// The file's labels and shape must be those of the stage.
static int check_labels(const Trace *t, const Stage *s, const char *path,
                        const LabeledMatrix *lm, AtError *e)
{
    (void)t;
    if (check_tokens(s, path, lm, e) != 0)
        return -1;
    if (lm->m.cols != s->m.cols)
        return at_fail(e, AT_EINPUT, _("%s:1: %zu number columns, expected %zu for %s (%zu×%zu)"),
                       path, lm->m.cols, s->m.cols, s->name, s->m.rows, s->m.cols);
    for (size_t j = 0; j < s->m.cols; j++)
        if (strcmp(lm->col_labels[j], s->col_labels[j]) != 0)
            return at_fail(e, AT_EINPUT, _("%s:1: column %zu is \"%s\", expected \"%s\""), path,
                           j + 2, lm->col_labels[j], s->col_labels[j]);
    if (lm->m.rows != s->m.rows) {
        size_t line = lm->m.rows > s->m.rows ? lm->row_line[s->m.rows]
                      : lm->m.rows ? lm->row_line[lm->m.rows - 1] + 1 : 2;
        return at_fail(e, AT_EINPUT, _("%s:%zu: %zu rows, expected %zu for %s (%zu×%zu)"), path,
                       line, lm->m.rows, s->m.rows, s->name, s->m.rows, s->m.cols);
    }
    for (size_t i = 0; i < s->m.rows; i++) // rows of tokens: check_tokens has seen them
        if (strcmp(lm->row_labels[i], s->row_labels[i]) != 0)
            return at_fail(e, AT_EINPUT, _("%s:%zu: row %zu is \"%s\", expected \"%s\""), path,
                           lm->row_line[i], i + 1, lm->row_labels[i], s->row_labels[i]);
    return 0;
}

// "it", or "the (4)" when the label appears more than once on that axis.
static void cell_label(char *const *labels, size_t count, size_t k, char *buf, size_t size)
{
    size_t same = 0;
    for (size_t x = 0; x < count; x++)
        same += strcmp(labels[x], labels[k]) == 0;
    if (same > 1)
        snprintf(buf, size, "%s (%zu)", labels[k], k + 1);
    else
        snprintf(buf, size, "%s", labels[k]);
}

static void cell_name(const Stage *s, size_t i, size_t j, char *buf, size_t size)
{
    char r[160], c[160];
    cell_label(s->row_labels, s->m.rows, i, r, sizeof r);
    cell_label(s->col_labels, s->m.cols, j, c, sizeof c);
    snprintf(buf, size, "[%s][%s]", r, c);
}

static bool same(double got, double want, double tol)
{
    if (isinf(want) || isinf(got))
        return got == want;
    return fabs(got - want) <= tol;
}

static int compare_stage(const Trace *t, const Stage *s, const LabeledMatrix *lm, double tol,
                         Lines *out, CheckResult *r)
{
    size_t cells = s->m.rows * s->m.cols, differ = 0, missing = 0;
    for (size_t i = 0; i < s->m.rows; i++)
        for (size_t j = 0; j < s->m.cols; j++) {
            double got = mat_get(&lm->m, i, j);
            missing += isnan(got);
            differ += !isnan(got) && !same(got, mat_get(&s->m, i, j), tol);
        }
    r->stages++;
    r->cells += cells;
    r->differ += differ;
    r->missing += missing;
    if (differ == 0 && missing == 0)
        return lines_addf(out, _("%s: %zu/%zu cells match"), s->name, cells, cells);
    if (missing == cells) // a worksheet's stage left as it was: one line, not every cell
        return lines_addf(out, _("%s: not filled in (%zu empty cells)"), s->name, cells);
    if (differ && missing)
        lines_addf(out, _("%s: %zu of %zu cells differ, %zu missing"), s->name, differ, cells,
                   missing);
    else if (differ)
        lines_addf(out, _("%s: %zu of %zu cells differ"), s->name, differ, cells);
    else
        lines_addf(out, _("%s: %zu of %zu cells missing (empty)"), s->name, missing, cells);

    bool first = true;
    char name[400], got_s[64], want_s[32];
    for (size_t i = 0; i < s->m.rows; i++)
        for (size_t j = 0; j < s->m.cols; j++) {
            double got = mat_get(&lm->m, i, j), want = mat_get(&s->m, i, j);
            if (isnan(got) || same(got, want, tol))
                continue;
            cell_name(s, i, j, name, sizeof name);
            if (isinf(got))
                snprintf(got_s, sizeof got_s, "-inf");
            else
                snprintf(got_s, sizeof got_s, "%.10g", got);
            lines_addf(out, _("  %s: you wrote %s, expected %s"), name, got_s,
                       fmt_num(want_s, sizeof want_s, want));
            if (!first)
                continue;
            first = false;
            Lines ex;
            if (explain(t, s, i, j, &ex, NULL) != 0)
                return -1;
            for (size_t k = 0; k < ex.n; k++)
                lines_addf(out, "      %s", ex.line[k]);
            lines_free(&ex);
        }
    if (missing) {
        char list[1024] = "";
        size_t at = 0, shown = 0;
        for (size_t i = 0; i < s->m.rows; i++)
            for (size_t j = 0; j < s->m.cols; j++) {
                if (!isnan(mat_get(&lm->m, i, j)) || shown++ >= MAX_MISSING_SHOWN)
                    continue;
                cell_name(s, i, j, name, sizeof name);
                if (at < sizeof list)
                    at += (size_t)snprintf(list + at, sizeof list - at, " %s", name);
            }
        if (missing > MAX_MISSING_SHOWN)
            lines_addf(out, _("  missing:%s … and %zu more"), list, missing - MAX_MISSING_SHOWN);
        else
            lines_addf(out, _("  missing:%s"), list);
    }
    return out->failed ? -1 : 0;
}

int check_homework(const Trace *t, const char *dir, double tol, Lines *out, CheckResult *r,
                   AtError *e)
{
    memset(r, 0, sizeof *r);
    char *paths[TRACE_MAX_STAGES] = {0};
    LabeledMatrix lm[TRACE_MAX_STAGES];
    memset(lm, 0, sizeof lm);
    // Every file is read and its labels checked before any verdict: an unusable folder
    // gives one error and no report.
    int rc = find_files(t, dir, paths, out, e);
    size_t found = 0;
    for (size_t k = 0; rc == 0 && k < t->count; k++) {
        if (!paths[k])
            continue;
        rc = csvio_read(paths[k], CSVIO_ALLOW_NEG_INF | CSVIO_ALLOW_EMPTY, &lm[k], e);
        if (rc == 0)
            rc = check_labels(t, &t->stage[k], paths[k], &lm[k], e);
        found++;
    }
    if (rc == 0 && found == 0)
        rc = at_fail(e, AT_EINPUT, _("--check %s: no stage files (expected files like "
                     "08_scores.csv or scores.csv, as --export writes)"), dir);
    for (size_t k = 0; rc == 0 && k < t->count; k++)
        if (paths[k] && compare_stage(t, &t->stage[k], &lm[k], tol, out, r) != 0)
            rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
    for (size_t k = 0; k < TRACE_MAX_STAGES; k++) {
        free(paths[k]);
        labeled_free(&lm[k]);
    }
    if (rc == 0 && out->failed)
        rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
    return rc;
}
