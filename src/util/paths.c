// paths.c — finding the data folder; small file helpers.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/attntrace"
#endif

bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *path_join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + lb + 2);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    size_t at = la;
    if (la > 0 && a[la - 1] != '/')
        p[at++] = '/';
    memcpy(p + at, b, lb + 1);
    return p;
}

const char *data_dir(void)
{
    static char found[PATH_MAX];
    if (found[0])
        return found;
    const char *env = getenv("ATTNTRACE_DATADIR");
    if (env && *env && strlen(env) < sizeof found) {
        snprintf(found, sizeof found, "%s", env);
        return found;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0'; // exe is now the binary's folder
            const char *candidates[] = {"/../samples", "/../share/attntrace/samples"};
            for (size_t c = 0; c < 2; c++) {
                char probe[PATH_MAX];
                if (snprintf(probe, sizeof probe, "%s%s", exe, candidates[c]) >= (int)sizeof probe)
                    continue;
                if (is_dir(probe)) {
                    probe[strlen(probe) - strlen("/samples")] = '\0';
                    char *real = realpath(probe, NULL);
                    if (real && strlen(real) < sizeof found) {
                        snprintf(found, sizeof found, "%s", real);
                        free(real);
                        return found;
                    }
                    free(real);
                }
            }
        }
    }
    snprintf(found, sizeof found, "%s", DATADIR);
    return found;
}

int read_text_file(const char *path, size_t max, char **out, AtError *e)
{
    if (is_dir(path))
        return at_fail(e, AT_EINPUT, "%s: is a directory, expected a file", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return at_fail(e, AT_EINPUT, "%s: %s", path, strerror(errno));
    char *buf = malloc(max + 1);
    if (!buf) {
        fclose(f);
        return at_fail(e, AT_ERUNTIME, "out of memory");
    }
    size_t n = fread(buf, 1, max + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return at_fail(e, AT_EINPUT, "%s: read error", path);
    }
    if (n > max) {
        free(buf);
        return at_fail(e, AT_EINPUT, "%s: larger than %zu bytes", path, max);
    }
    if (memchr(buf, '\0', n)) {
        free(buf);
        return at_fail(e, AT_EINPUT, "%s: contains a NUL byte", path);
    }
    buf[n] = '\0';
    *out = buf;
    return 0;
}
