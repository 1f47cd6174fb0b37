// outdir.c — a folder of files, written whole or not at all.
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outdir.h"
#include "paths.h"

int outdir_write_file(const char *dir, const char *file, CsvioWriteFn fn, void *ctx, AtError *e)
{
    char *path = path_join(dir, file);
    if (!path)
        return at_fail(e, AT_ERUNTIME, "out of memory");
    // No fsync per file: all or nothing comes from renaming the finished folder into place
    // (at n = 1024 the per-file syncs were a third of the export's time).
    int rc = csvio_write_file(path, fn, ctx, false, e);
    free(path);
    return rc;
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

// A failed write inside the temporary folder names that folder, which is removed at once:
// say "DIR: writing FILE: reason (nothing was written)" instead, the folder the user named.
static void name_target(AtError *e, const char *tmp, const char *dir)
{
    size_t n = strlen(tmp);
    if (!e || strncmp(e->msg, tmp, n) != 0 || e->msg[n] != '/')
        return;
    const char *file = e->msg + n + 1, *colon = strstr(file, ": ");
    if (!colon)
        return;
    char msg[sizeof e->msg];
    snprintf(msg, sizeof msg, "%s", e->msg);
    msg[colon - e->msg] = '\0';
    at_fail(e, e->status, "%s: writing %s: %s (nothing was written)", dir, msg + n + 1,
            msg + (colon - e->msg) + 2);
}

int outdir_write(const char *dir, const OutdirSpec *spec, OutdirFillFn fill, void *ctx,
                 AtError *e)
{
    // Decide first whether the target may be written, so a refusal writes nothing.
    struct stat st;
    bool exists = stat(dir, &st) == 0, replace = false;
    if (exists && !S_ISDIR(st.st_mode))
        return at_fail(e, AT_EINPUT, "%s: exists and is not a folder", dir);
    if (exists && !dir_is_empty(dir)) {
        char *marker = path_join(dir, spec->marker);
        bool earlier = marker && is_file(marker);
        free(marker);
        if (!spec->force)
            return at_fail(e, AT_EINPUT, "%s: folder exists and is not empty (--force replaces "
                           "an earlier %s)", dir, spec->what);
        if (!earlier)
            return at_fail(e, AT_EINPUT, "%s: not an earlier %s (no %s); refusing to replace it "
                           "even with --force", dir, spec->what, spec->marker);
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
    int rc = fill(tmp, ctx, e);
    if (rc != 0)
        name_target(e, tmp, dir);

    if (rc == 0 && replace) // the new files reach the disk before the old ones are removed
        sync();
    if (rc == 0 && replace) { // move the earlier export aside, then put the new one in place
        snprintf(old, len + 32, "%.*s.old.XXXXXX", (int)len, dir);
        if (!mkdtemp(old) || rmdir(old) != 0 || rename(dir, old) != 0)
            rc = at_fail(e, AT_ERUNTIME, "%s: cannot move the earlier %s aside: %s", dir,
                         spec->what, strerror(errno));
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

int outdir_write_one(const char *dir, const char *file, CsvioWriteFn fn, void *ctx,
                     char *path_out, size_t size, AtError *e)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
    if (!is_dir(dir))
        return at_fail(e, AT_EINPUT, "%s: exists and is not a folder", dir);
    size_t len = strlen(dir);
    snprintf(path_out, size, "%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/", file);
    return csvio_write_atomic(path_out, fn, ctx, e);
}
