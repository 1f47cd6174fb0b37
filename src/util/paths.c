// paths.c — finding the data folder; small file helpers.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "paths.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/attntrace"
#endif
#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
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

// The folder of the running binary, into buf; false when /proc/self/exe cannot be read.
static bool exe_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return true;
}

const char *locale_dir(void)
{
    static char found[PATH_MAX];
    if (found[0])
        return found;
    const char *env = getenv("ATTNTRACE_LOCALEDIR");
    if (env && *env && strlen(env) < sizeof found) {
        snprintf(found, sizeof found, "%s", env);
        return found;
    }
    char exe[PATH_MAX];
    if (exe_dir(exe, sizeof exe)) {
        // build/attntrace beside build/locale; PREFIX/bin/attntrace beside PREFIX/share/locale
        const char *candidates[] = {"/locale", "/../share/locale"};
        for (size_t c = 0; c < 2; c++) {
            char probe[PATH_MAX];
            if (snprintf(probe, sizeof probe, "%s%s", exe, candidates[c]) >= (int)sizeof probe ||
                !is_dir(probe))
                continue;
            char *real = realpath(probe, NULL);
            bool fits = real && strlen(real) < sizeof found;
            if (fits)
                snprintf(found, sizeof found, "%s", real);
            free(real);
            if (fits)
                return found;
        }
    }
    snprintf(found, sizeof found, "%s", LOCALEDIR);
    return found;
}

const char *file_kind(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return _("regular file");
    case S_IFDIR: return _("directory");
    case S_IFIFO: return _("FIFO (named pipe)");
    case S_IFCHR: return _("character device");
    case S_IFBLK: return _("block device");
    case S_IFSOCK: return _("socket");
    case S_IFLNK: return _("symbolic link");
    default: return _("special file");
    }
}

// An open or read failure the user can fix by naming another file is bad input (2);
// the machine failing (I/O error, out of descriptors or memory) is a runtime error (1).
static int errno_status(int err)
{
    return err == EIO || err == EMFILE || err == ENFILE || err == ENOMEM || err == ENOSPC
               ? AT_ERUNTIME
               : AT_EINPUT;
}

int open_regular(const char *path, const char *want, AtError *e)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        struct stat st;
        if (err == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
            return at_fail(e, AT_EINPUT, _("%s: is a symbolic link to a missing file"), path);
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) // a socket (ENXIO), a folder...
            return at_fail(e, AT_EINPUT, _("%s: is a %s, expected %s"), path, file_kind(st.st_mode),
                           want);
        return at_fail(e, errno_status(err), "%s: %s", path, strerror(err));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        return at_fail(e, AT_ERUNTIME, "%s: %s", path, strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return at_fail(e, AT_EINPUT, _("%s: is a %s, expected %s"), path, file_kind(st.st_mode),
                       want);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        int err = errno;
        close(fd);
        return at_fail(e, AT_ERUNTIME, "%s: %s", path, strerror(err));
    }
    return fd;
}

// "64 MiB", "256 KiB" or "100 bytes", for size-limit messages.
static void size_text(char *buf, size_t size, size_t n)
{
    if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
        snprintf(buf, size, "%zu MiB", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(buf, size, "%zu KiB", n >> 10);
    else
        snprintf(buf, size, "%zu bytes", n);
}

int read_fd_capped(int fd, const char *path, size_t max, char **buf, size_t *len, AtError *e)
{
    char limit[32];
    size_text(limit, sizeof limit, max);
    struct stat st;
    size_t cap = 65536;
    if (fstat(fd, &st) == 0 && st.st_size >= 0) {
        if ((unsigned long long)st.st_size > max) // refused before a byte is read
            return at_fail(e, AT_EINPUT, _("%s: file larger than %s"), path, limit);
        cap = (size_t)st.st_size + 1; // +1: the read that sees the end of the file
    }
    if (cap > max + 1)
        cap = max + 1;
    size_t n = 0;
    char *b = malloc(cap + 1);
    if (!b)
        return at_fail(e, AT_ERUNTIME, _("%s: out of memory"), path);
    for (;;) {
        if (n == cap) { // the file grew while being read, or its size was not known
            if (cap > max) {
                free(b);
                return at_fail(e, AT_EINPUT, _("%s: file larger than %s"), path, limit);
            }
            size_t grown = cap > max / 2 ? max + 1 : cap * 2;
            char *g = realloc(b, grown + 1);
            if (!g) {
                free(b);
                return at_fail(e, AT_ERUNTIME, _("%s: out of memory"), path);
            }
            b = g;
            cap = grown;
        }
        ssize_t k = read(fd, b + n, cap - n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            int err = errno;
            free(b);
            return at_fail(e, AT_ERUNTIME, "%s: %s", path, strerror(err));
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    if (n > max) {
        free(b);
        return at_fail(e, AT_EINPUT, _("%s: file larger than %s"), path, limit);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

int read_text_file(const char *path, size_t max, char **out, AtError *e)
{
    int fd = open_regular(path, _("a text file"), e);
    if (fd < 0)
        return -1;
    char *buf;
    size_t n;
    int rc = read_fd_capped(fd, path, max, &buf, &n, e);
    close(fd);
    if (rc != 0)
        return -1;
    if (memchr(buf, '\0', n)) {
        free(buf);
        return at_fail(e, AT_EINPUT, _("%s: contains a NUL byte"), path);
    }
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) // a byte-order mark, as editors write
        memmove(buf, buf + 3, n - 3 + 1);
    *out = buf;
    return 0;
}
