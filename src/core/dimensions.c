// dimensions.c — the meanings of the embedding dimensions (see dimensions.h).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "dimensions.h"
#include "i18n.h"
#include "paths.h"

typedef struct {
    const Inputs *in;
    const char *path;
    char **meanings;
    size_t *line; // where each meaning was given, for a name given twice
    size_t records;
} DimRead;

static int on_dimension(char **f, size_t n, size_t line, void *ctx, AtError *e)
{
    (void)n; // always 2: csvio_read_text checks the width
    DimRead *d = ctx;
    if (d->records++ == 0) {
        if (strcmp(f[0], "name") != 0 || strcmp(f[1], "meaning") != 0)
            return at_fail(e, AT_EINPUT, _("%s:%zu:1: the header must be name,meaning"), d->path,
                           line);
        return 0;
    }
    size_t k = 0, dims = d->in->X.cols;
    while (k < dims && strcmp(d->in->dims[k], f[0]) != 0)
        k++;
    if (k == dims)
        return at_fail(e, AT_EINPUT, _("%s:%zu:1: \"%s\" is not a dimension of the embeddings (%s)"),
                       d->path, line, f[0], d->in->source[0]);
    if (d->line[k])
        return at_fail(e, AT_EINPUT, _("%s:%zu:1: the dimension \"%s\" again (also on line %zu)"),
                       d->path, line, f[0], d->line[k]);
    d->line[k] = line;
    if (f[1][0] && !(d->meanings[k] = strdup(f[1])))
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    return 0;
}

// The meanings' file in the sample: dimensions.LANG.csv when lang is a language other
// than English (letters only) and the sample has that file, else dimensions.csv. NULL
// with *none when neither is there; NULL alone when memory runs out.
static char *meanings_path(const char *dir, const char *lang, bool *none)
{
    struct stat st;
    *none = false;
    if (lang && *lang && strcmp(lang, "en") != 0 && strlen(lang) < 16 &&
        strspn(lang, "abcdefghijklmnopqrstuvwxyz") == strlen(lang)) {
        char name[40];
        snprintf(name, sizeof name, "dimensions.%s.csv", lang);
        char *path = path_join(dir, name);
        if (!path || lstat(path, &st) == 0 || errno != ENOENT)
            return path; // there (or something else in its place, refused when read)
        free(path);
    }
    char *path = path_join(dir, "dimensions.csv");
    if (path && lstat(path, &st) != 0 && errno == ENOENT) { // no file: names stand alone
        free(path);
        *none = true;
        return NULL;
    }
    return path;
}

int dimensions_load(const Inputs *in, bool own, const char *lang, char ***meanings,
                    AtError *e)
{
    *meanings = NULL;
    if (!own || !in->sample_dir || !in->x_file)
        return 0;
    bool none;
    char *path = meanings_path(in->sample_dir, lang, &none);
    if (!path)
        return none ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
    size_t dims = in->X.cols;
    DimRead d = {in, path, calloc(dims ? dims : 1, sizeof(char *)),
                 calloc(dims ? dims : 1, sizeof(size_t)), 0};
    int rc = d.meanings && d.line ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
    char *buf = NULL;
    size_t len = 0;
    int fd = rc == 0 ? open_regular(path, _("a CSV file"), e) : -1;
    if (fd < 0)
        rc = -1;
    else {
        rc = read_fd_capped(fd, path, 1024 * 1024, &buf, &len, e);
        close(fd);
    }
    size_t at = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    CsvioSpan all = {at, len, 1};
    if (rc == 0)
        rc = csvio_read_text(path, buf, &all, 1, 2, on_dimension, &d, e);
    if (rc == 0 && d.records == 0)
        rc = at_fail(e, AT_EINPUT, _("%s:1:1: empty file: expected the header name,meaning"), path);
    free(buf);
    free(path);
    free(d.line);
    if (rc != 0) {
        dimensions_free(d.meanings, dims);
        return -1;
    }
    *meanings = d.meanings;
    return 0;
}

void dimensions_free(char **meanings, size_t n)
{
    for (size_t k = 0; meanings && k < n; k++)
        free(meanings[k]);
    free(meanings);
}
