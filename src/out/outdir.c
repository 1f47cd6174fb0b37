// outdir.c — a folder of files, written whole or not at all (see outdir.h).
#define _GNU_SOURCE // renameat2 and RENAME_EXCHANGE (glibc 2.28+)
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "i18n.h"
#include "outdir.h"
#include "paths.h"

// A marker file larger than this is not one attntrace wrote.
#define MARKER_MAX (16u * 1024u * 1024u)

// ─── signals: noted while writing, raised again once the temporary folder is gone ───

static volatile sig_atomic_t g_stop; // the signal that asked the writer to stop, or 0

static void on_stop(int sig) { g_stop = sig; }

static const int STOP_SIGNALS[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define NSTOP (sizeof STOP_SIGNALS / sizeof STOP_SIGNALS[0])

typedef struct {
    struct sigaction old[NSTOP];
    bool caught[NSTOP];
} Guard;

static void guard_on(Guard *g)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sa.sa_flags = SA_RESTART; // the writes go on; the flag is read between files
    sigemptyset(&sa.sa_mask);
    for (size_t k = 0; k < NSTOP; k++)
        sigaddset(&sa.sa_mask, STOP_SIGNALS[k]);
    g_stop = 0;
    for (size_t k = 0; k < NSTOP; k++) {
        g->caught[k] = false;
        // An ignored signal (nohup, a background job's SIGINT) stays ignored.
        if (sigaction(STOP_SIGNALS[k], NULL, &g->old[k]) != 0 ||
            (!(g->old[k].sa_flags & SA_SIGINFO) && g->old[k].sa_handler == SIG_IGN))
            continue;
        g->caught[k] = sigaction(STOP_SIGNALS[k], &sa, NULL) == 0;
    }
}

// The handlers as they were; a signal that came meanwhile is raised again with them
// (the default action ends the process with the signal's usual status).
static void guard_off(Guard *g)
{
    for (size_t k = 0; k < NSTOP; k++)
        if (g->caught[k])
            sigaction(STOP_SIGNALS[k], &g->old[k], NULL);
    int sig = g_stop;
    g_stop = 0;
    if (sig)
        raise(sig);
}

static const char *signal_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP"
                                                                                : "SIGQUIT";
}

static int stopped(AtError *e, const char *dir)
{
    return at_fail(e, AT_ERUNTIME, _("%s: interrupted by %s (nothing was written)"), dir,
                   signal_name(g_stop));
}

// ─── names ───────────────────────────────────────────────────────────────────────

bool outdir_names_add(char ***names, size_t *n, const char *name)
{
    char **grown = realloc(*names, (*n + 2) * sizeof *grown);
    if (!grown) {
        outdir_names_free(*names);
        *names = NULL;
        return false;
    }
    *names = grown;
    if (!(grown[*n] = strdup(name))) { // the list still ends at grown[*n]
        outdir_names_free(grown);
        *names = NULL;
        return false;
    }
    grown[++*n] = NULL;
    return true;
}

void outdir_names_free(char **names)
{
    for (size_t k = 0; names && names[k]; k++)
        free(names[k]);
    free(names);
}

static bool listed(char *const *names, const char *name)
{
    for (size_t k = 0; names && names[k]; k++)
        if (strcmp(names[k], name) == 0)
            return true;
    return false;
}

// A name that stays inside its folder: not empty, ".", "..", and without a '/'.
static bool plain_name(const char *s)
{
    return *s && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 && !strchr(s, '/');
}

static const char *kind(mode_t mode)
{
    return S_ISLNK(mode) ? _("a symbolic link") : S_ISDIR(mode) ? _("a folder")
           : S_ISREG(mode) ? _("a file") : _("not a regular file");
}

// ─── where DIR is: links resolved, missing parents noted ─────────────────────────

typedef struct {
    char *real;  // the folder to write: absolute, every link resolved
    size_t have; // real[0..have) exists; the parents after it are to be created
    bool exists; // real itself exists (a folder)
} Target;

// "", "/", and a last component "." or "..": not a folder one can write in place of.
static bool bad_name(const char *dir)
{
    size_t len = strlen(dir);
    while (len > 0 && dir[len - 1] == '/')
        len--;
    size_t b = len;
    while (b > 0 && dir[b - 1] != '/')
        b--;
    return len == 0 || (len - b == 1 && dir[b] == '.') ||
           (len - b == 2 && dir[b] == '.' && dir[b + 1] == '.');
}

static int bad_name_fail(AtError *e, const char *dir, const char *what)
{
    return at_fail(e, AT_EINPUT, _("\"%s\": name a folder to write the %s into (not \"\", \".\", "
                   "\"..\" or \"/\")"), dir, what);
}

// cur + "/" + the n bytes of comp, in place (cur has room; "" stands for ".").
static void append(char *cur, const char *comp, size_t n)
{
    size_t at = strlen(cur);
    if (at > 0 && cur[at - 1] != '/')
        cur[at++] = '/';
    memcpy(cur + at, comp, n);
    cur[at + n] = '\0';
}

// Walk DIR one component at a time: the existing part must be folders (or links to
// folders); from the first missing component on, the rest is created later.
static int resolve(const char *dir, const char *what, Target *t, AtError *e)
{
    memset(t, 0, sizeof *t);
    if (bad_name(dir))
        return bad_name_fail(e, dir, what);
    size_t len = strlen(dir);
    char *cur = malloc(len + 2), *tail = malloc(len + 2);
    if (!cur || !tail) {
        free(cur);
        free(tail);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    strcpy(cur, dir[0] == '/' ? "/" : "");
    tail[0] = '\0';
    int rc = 0;
    bool missing = false;
    for (const char *p = dir; rc == 0 && *p;) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if (n == 0)
            break;
        bool dot = n == 1 && p[0] == '.', dotdot = n == 2 && p[0] == '.' && p[1] == '.';
        if (missing) {
            if (dotdot)
                rc = at_fail(e, AT_EINPUT, _("%s: \"..\" after %s, which does not exist"), dir,
                             cur[0] ? cur : ".");
            else if (!dot)
                append(tail, p, n);
            p += n;
            continue;
        }
        size_t keep = strlen(cur);
        append(cur, p, n);
        struct stat st;
        if (lstat(cur, &st) != 0) {
            if (errno != ENOENT) {
                rc = at_fail(e, errno == ENOTDIR ? AT_EINPUT : AT_ERUNTIME, "%s: %s", dir,
                             strerror(errno));
            } else {
                cur[keep] = '\0';
                missing = true;
                if (dotdot)
                    rc = at_fail(e, AT_EINPUT, _("%s: \"..\" after %s, which does not exist"), dir,
                                 cur[0] ? cur : ".");
                else if (!dot)
                    append(tail, p, n);
            }
        } else if (S_ISLNK(st.st_mode) && stat(cur, &st) != 0) {
            int err = errno;
            char to[4096];
            ssize_t got = readlink(cur, to, sizeof to - 1);
            to[got > 0 ? got : 0] = '\0';
            bool last = p[n + strspn(p + n, "/")] == '\0';
            rc = err != ENOENT ? at_fail(e, AT_ERUNTIME, "%s: %s: %s", dir, cur, strerror(err))
                 : last ? at_fail(e, AT_EINPUT, _("%s: a symbolic link to %s, which does not "
                                  "exist"), dir, to)
                        : at_fail(e, AT_EINPUT, _("%s: %s is a symbolic link to %s, which does "
                                  "not exist"), dir, cur, to);
        } else if (!S_ISDIR(st.st_mode)) {
            bool last = p[n + strspn(p + n, "/")] == '\0';
            rc = last ? at_fail(e, AT_EINPUT, _("%s: exists and is not a folder"), dir)
                      : at_fail(e, AT_EINPUT, _("%s: %s is not a folder"), dir, cur);
        }
        p += n;
    }
    char *have = rc == 0 ? realpath(cur[0] ? cur : ".", NULL) : NULL;
    if (rc == 0 && !have)
        rc = at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
    if (rc == 0 && !tail[0] && strcmp(have, "/") == 0) // a link to "/", "/tmp/x/.." …
        rc = bad_name_fail(e, dir, what);
    if (rc == 0) {
        t->have = strlen(have);
        t->exists = !tail[0];
        t->real = malloc(t->have + strlen(tail) + 2);
        if (!t->real)
            rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
        else {
            strcpy(t->real, have);
            if (tail[0])
                append(t->real, tail, strlen(tail));
        }
    }
    free(have);
    free(cur);
    free(tail);
    return rc;
}

// Create the missing parents of t->real (mode from the umask); *first is where the
// first one created starts (0: none was).
static int make_parents(const char *dir, const Target *t, size_t *first, AtError *e)
{
    *first = 0;
    const char *slash = strrchr(t->real, '/');
    size_t end = (size_t)(slash - t->real);
    for (size_t at = t->have + 1; at <= end; at++) { // each '/' ends a parent to create
        if (t->real[at] != '/')
            continue;
        t->real[at] = '\0';
        int made = mkdir(t->real, 0777);
        int err = errno;
        bool ok = made == 0 || (err == EEXIST && is_dir(t->real));
        if (!ok)
            at_fail(e, AT_ERUNTIME, _("%s: cannot create %s: %s"), dir, t->real, strerror(err));
        t->real[at] = '/';
        if (!ok)
            return -1;
        if (made == 0 && *first == 0)
            *first = at;
    }
    return 0;
}

// The parents make_parents created, deepest first, as long as they are empty.
static void remove_parents(const Target *t, size_t first)
{
    if (first == 0)
        return;
    for (size_t at = strlen(t->real); at-- > first;) {
        if (t->real[at] != '/')
            continue;
        t->real[at] = '\0';
        int gone = rmdir(t->real);
        t->real[at] = '/';
        if (gone != 0)
            return;
    }
    t->real[first] = '\0';
    rmdir(t->real);
    t->real[first] = '/';
}

// ─── what a folder holds ──────────────────────────────────────────────────────────

static DIR *open_folder(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    DIR *d = fdopendir(fd);
    if (!d)
        close(fd);
    return d;
}

// 1 when the folder is empty, 0 when not, -1 on error (errno).
static int folder_empty(const char *path)
{
    DIR *d = open_folder(path);
    if (!d)
        return -1;
    struct dirent *ent;
    int empty = 1;
    while (empty && (ent = readdir(d)) != NULL)
        if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0)
            empty = 0;
    closedir(d);
    return empty;
}

// Every entry of the folder that is not a regular file in names: 0 when there is none,
// else -1 with e naming the first two and their count.
static int foreign_entries(const char *dir, const char *path, char *const *names,
                           const char *why, AtError *e)
{
    DIR *d = open_folder(path);
    if (!d)
        return at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
    size_t count = 0;
    char shown[2][320];
    struct dirent *ent;
    errno = 0;
    while ((ent = readdir(d)) != NULL) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        struct stat st;
        bool there = fstatat(dirfd(d), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0;
        if (there && S_ISREG(st.st_mode) && listed(names, ent->d_name))
            continue;
        if (count < 2) {
            if (there && !S_ISREG(st.st_mode))
                snprintf(shown[count], sizeof shown[count], "%.250s (%s)", ent->d_name,
                         kind(st.st_mode));
            else
                snprintf(shown[count], sizeof shown[count], "%.250s", ent->d_name);
        }
        count++;
    }
    int err = errno;
    closedir(d);
    if (err)
        return at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(err));
    if (count == 0)
        return 0;
    char more[64] = "";
    if (count > 2)
        snprintf(more, sizeof more, _(", and %zu more"), count - 2);
    return at_fail(e, AT_EINPUT, ngettext("%s: holds %zu entry attntrace did not write (%s%s%s%s)%s",
                            "%s: holds %zu entries attntrace did not write (%s%s%s%s)%s", count),
                   dir, count, shown[0], count > 1 ? ", " : "",
                   count > 1 ? shown[1] : "", more, why);
}

#define REFUSE N_("; refusing to replace it")

// The marker's content, read without following a link and only from a regular file.
static int read_marker(const char *dir, int fd, const OutdirSpec *spec, char **text,
                       size_t *len, AtError *e)
{
    struct stat st;
    int mfd = openat(fd, spec->marker, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (mfd < 0 || fstat(mfd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MARKER_MAX) {
        if (mfd >= 0)
            close(mfd);
        const char *what = mfd < 0 ? strerror(errno)
                           : S_ISREG(st.st_mode) ? _("too large to be one attntrace wrote")
                                                 : kind(st.st_mode);
        return at_fail(e, AT_EINPUT, _("%s: not an earlier %s (its %s: %s); refusing to replace it"), dir,
                       spec->what, spec->marker, what);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t got = 0;
    ssize_t n = 1;
    while (buf && n > 0 && got < (size_t)st.st_size) {
        n = read(mfd, buf + got, (size_t)st.st_size - got);
        if (n > 0)
            got += (size_t)n;
    }
    int err = errno;
    close(mfd);
    if (!buf)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    if (n < 0) {
        free(buf);
        return at_fail(e, AT_ERUNTIME, "%s/%s: %s", dir, spec->marker, strerror(err));
    }
    buf[got] = '\0';
    *text = buf;
    *len = got;
    return 0;
}

// Is the non-empty folder at real an earlier export of spec's kind? 0 with the files it
// may hold (its marker among them) in *names; -1 with the refusal in e.
static int recognise(const char *dir, const char *real, const OutdirSpec *spec, char ***names,
                     AtError *e)
{
    DIR *d = open_folder(real);
    if (!d)
        return at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
    struct stat st;
    char **list = NULL;
    size_t n = 0;
    int rc = 0;
    bool has_marker = spec->marker &&
                      fstatat(dirfd(d), spec->marker, &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (!has_marker && spec->loose) { // the stepper's E over what e wrote
        for (size_t k = 0; spec->loose[k] && rc == 0; k++)
            if (!outdir_names_add(&list, &n, spec->loose[k]))
                rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
    } else if (!has_marker) {
        rc = spec->marker ? at_fail(e, AT_EINPUT, _("%s: not an earlier %s (no %s); refusing to replace it"), dir,
                                    spec->what, spec->marker)
                          : at_fail(e, AT_EINPUT, _("%s: folder exists and is not empty"), dir);
    } else if (!S_ISREG(st.st_mode)) {
        rc = at_fail(e, AT_EINPUT, _("%s: not an earlier %s (its %s is %s); refusing to replace it"), dir,
                     spec->what, spec->marker, kind(st.st_mode));
    } else {
        char *text = NULL;
        size_t len = 0;
        rc = read_marker(dir, dirfd(d), spec, &text, &len, e);
        if (rc == 0 && !(list = spec->recognise(text, len)))
            rc = at_fail(e, AT_EINPUT, _("%s: not an earlier %s (%s is not one attntrace "
                           "writes); refusing to replace it"), dir, spec->what, spec->marker);
        for (n = 0; list && list[n]; n++)
            if (rc == 0 && !plain_name(list[n]))
                rc = at_fail(e, AT_EINPUT, _("%s: not an earlier %s (%s lists \"%s\"); refusing to replace it"),
                             dir, spec->what, spec->marker, list[n]);
        if (rc == 0 && !outdir_names_add(&list, &n, spec->marker))
            rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
        free(text);
    }
    closedir(d);
    if (rc == 0)
        rc = foreign_entries(dir, real, list, _(REFUSE), e);
    if (rc != 0)
        outdir_names_free(list);
    else
        *names = list;
    return rc;
}

// ─── the plan: what writing DIR means, decided before anything is written ────────

typedef struct {
    Target t;
    bool replace;     // DIR holds an earlier export: swap, then remove its files
    char **names;     // replace: the files it may hold
    const char *what; // spec->what, for messages
} Plan;

static void plan_free(Plan *p)
{
    free(p->t.real);
    outdir_names_free(p->names);
}

static int plan(const char *dir, const OutdirSpec *spec, Plan *p, AtError *e)
{
    memset(p, 0, sizeof *p);
    p->what = spec->what;
    if (resolve(dir, spec->what, &p->t, e) != 0)
        return -1;
    int empty = p->t.exists ? folder_empty(p->t.real) : 1;
    int rc = 0;
    if (empty < 0)
        rc = at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
    else if (!empty && !spec->force)
        rc = spec->marker ? at_fail(e, AT_EINPUT, _("%s: folder exists and is not empty (--force "
                                    "replaces an earlier %s)"), dir, spec->what)
                          : at_fail(e, AT_EINPUT, _("%s: folder exists and is not empty"), dir);
    else if (!empty)
        rc = recognise(dir, p->t.real, spec, &p->names, e);
    p->replace = rc == 0 && !empty;
    if (rc != 0)
        plan_free(p);
    return rc;
}

int outdir_check(const char *dir, const OutdirSpec *spec, char **target, AtError *e)
{
    Plan p;
    if (plan(dir, spec, &p, e) != 0)
        return -1;
    if (target)
        *target = p.t.real;
    else
        free(p.t.real);
    outdir_names_free(p.names);
    return 0;
}

// ─── removing: only files, only by name, never through a link ────────────────────

// Unlink the regular files of names in the folder at path (a link or a folder of that
// name is left), then remove the folder: 0, or -1 when it is not empty afterwards.
static int remove_listed(const char *path, char *const *names)
{
    DIR *d = open_folder(path);
    if (!d)
        return -1;
    for (size_t k = 0; names[k]; k++) {
        struct stat st;
        if (fstatat(dirfd(d), names[k], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            unlinkat(dirfd(d), names[k], 0);
    }
    closedir(d);
    return rmdir(path);
}

// Our temporary folder: every regular file in it was written by fill(); then the folder.
static void remove_ours(const char *tmp)
{
    DIR *d = open_folder(tmp);
    struct dirent *ent;
    while (d && (ent = readdir(d)) != NULL) {
        struct stat st;
        if (fstatat(dirfd(d), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            unlinkat(dirfd(d), ent->d_name, 0);
    }
    if (d)
        closedir(d);
    rmdir(tmp);
}

// ─── putting the new folder in place ─────────────────────────────────────────────

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
    at_fail(e, e->status, _("%s: writing %s: %s (nothing was written)"), dir, msg + n + 1,
            msg + (colon - e->msg) + 2);
}

static char *sibling(const char *real, const char *suffix)
{
    size_t n = strlen(real) + strlen(suffix) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", real, suffix);
    return s;
}

// The earlier export, now at old, checked again: a file may have come into it while the
// new one was filled. 0 when it still holds only its own files, else -1 with e saying
// what came.
static int still_earlier(const char *dir, const char *old, const Plan *p, AtError *e)
{
    return foreign_entries(dir, old, p->names, "; it changed while the new files were "
                           "written, so it is left as it was", e);
}

// Its own files unlinked, then the folder: when something came into it just now, rmdir
// fails and the folder stays, with e saying so.
static int retire(const char *dir, const char *old, const Plan *p, AtError *e)
{
    if (remove_listed(old, p->names) == 0)
        return 0;
    return at_fail(e, AT_ERUNTIME, _("%s: written; but the earlier %s, moved to %s, now holds "
                   "files attntrace did not write: left there"), dir, p->what, old);
}

// The new folder at tmp takes the earlier export's place: exchanged with it in one step
// where the file system can (RENAME_EXCHANGE), else the earlier one is moved aside first.
// When the earlier one changed meanwhile, the two are put back as they were, so DIR is
// either the whole new export or the whole earlier one. Nothing is left at tmp.
static int swap_in(const char *dir, const Plan *p, const char *tmp, AtError *e)
{
    const char *real = p->t.real;
    int rc;
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, real, RENAME_EXCHANGE) == 0) {
        if (still_earlier(dir, tmp, p, e) == 0) // tmp is now the earlier export
            return retire(dir, tmp, p, e);
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, real, RENAME_EXCHANGE) != 0)
            return at_fail(e, AT_ERUNTIME, _("%s: written, but the earlier %s changed meanwhile "
                           "and could not be put back: it is in %s"), dir, p->what, tmp);
        remove_ours(tmp);
        return -1;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        rc = at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
        remove_ours(tmp);
        return rc;
    }
#endif
    char *old = sibling(real, ".old.XXXXXX");
    if (!old || !mkdtemp(old) || rename(real, old) != 0) { // onto the empty folder made
        rc = at_fail(e, AT_ERUNTIME, _("%s: cannot move the earlier %s aside: %s"), dir, p->what,
                     strerror(errno));
        if (old)
            rmdir(old);
        free(old);
        remove_ours(tmp);
        return rc;
    }
    rc = still_earlier(dir, old, p, e);
    if (rc == 0 && rename(tmp, real) != 0)
        rc = at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
    if (rc != 0) { // the earlier export back in its place
        if (rename(old, real) != 0)
            at_fail(e, AT_ERUNTIME, _("%s: the earlier %s could not be put back: it is in %s"),
                    dir, p->what, old);
        remove_ours(tmp);
    } else {
        rc = retire(dir, old, p, e);
    }
    free(old);
    return rc;
}

static int write_target(const char *dir, const Plan *p, OutdirFillFn fill, void *ctx,
                        AtError *e)
{
    size_t first = 0;
    if (make_parents(dir, &p->t, &first, e) != 0)
        return -1;
    char *tmp = sibling(p->t.real, ".tmp.XXXXXX");
    if (!tmp || !mkdtemp(tmp)) {
        int err = errno;
        free(tmp);
        remove_parents(&p->t, first);
        return at_fail(e, AT_ERUNTIME, _("%s: cannot create a folder beside it: %s"), dir,
                       strerror(err));
    }
    int rc = chmod(tmp, fs_folder_mode()) == 0 ? 0 : at_fail(e, AT_ERUNTIME, "%s: %s", dir,
                                                              strerror(errno));
    if (rc == 0 && (rc = fill(tmp, ctx, e)) != 0)
        name_target(e, tmp, dir);
    if (rc == 0 && p->replace) // the new files reach the disk before the old ones go
        sync();
    if (rc == 0 && g_stop)
        rc = stopped(e, dir);
    if (rc == 0 && p->replace) {
        rc = swap_in(dir, p, tmp, e);
    } else if (rc == 0 && rename(tmp, p->t.real) != 0) { // DIR absent or an empty folder
        int err = errno;
        rc = err == ENOTEMPTY || err == EEXIST
                 ? at_fail(e, AT_EINPUT, _("%s: no longer empty (something was written into it "
                           "meanwhile); nothing was written"), dir)
                 : at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(err));
        remove_ours(tmp);
    } else if (rc != 0) {
        remove_ours(tmp);
    }
    if (rc != 0)
        remove_parents(&p->t, first);
    free(tmp);
    return rc;
}

int outdir_write(const char *dir, const OutdirSpec *spec, OutdirFillFn fill, void *ctx,
                 AtError *e)
{
    Plan p; // decided first, so that a refusal writes nothing
    if (plan(dir, spec, &p, e) != 0)
        return -1;
    Guard g;
    guard_on(&g);
    int rc = write_target(dir, &p, fill, ctx, e);
    plan_free(&p);
    guard_off(&g);
    return rc;
}

int outdir_write_file(const char *dir, const char *file, CsvioWriteFn fn, void *ctx, AtError *e)
{
    if (g_stop)
        return stopped(e, dir);
    char *path = path_join(dir, file);
    if (!path)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    // No fsync per file: all or nothing comes from renaming the finished folder into place
    // (at n = 1024 the per-file syncs were a third of the export's time).
    int rc = csvio_write_file(path, fn, ctx, false, e);
    free(path);
    return rc;
}

int outdir_write_one(const char *dir, const char *file, CsvioWriteFn fn, void *ctx,
                     char *path_out, size_t size, AtError *e)
{
    Target t;
    if (resolve(dir, "file", &t, e) != 0)
        return -1;
    Guard g;
    guard_on(&g);
    size_t first = 0;
    int rc = make_parents(dir, &t, &first, e);
    bool made = false;
    if (rc == 0 && !t.exists) {
        made = mkdir(t.real, 0777) == 0;
        if (!made && !(errno == EEXIST && is_dir(t.real)))
            rc = at_fail(e, AT_ERUNTIME, "%s: %s", dir, strerror(errno));
    }
    char *path = rc == 0 ? path_join(t.real, file) : NULL;
    if (rc == 0 && !path)
        rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
    size_t len = strlen(dir);
    snprintf(path_out, size, "%s%s%s", dir, len && dir[len - 1] == '/' ? "" : "/", file);
    if (rc == 0 && (rc = csvio_write_atomic(path, fn, ctx, e)) != 0 &&
        strncmp(e->msg, path, strlen(path)) == 0) { // name the file as the user knows it
        char why[sizeof e->msg];
        snprintf(why, sizeof why, "%s", e->msg + strlen(path));
        at_fail(e, e->status, "%s%s", path_out, why);
    }
    if (rc != 0 && made)
        rmdir(t.real);
    if (rc != 0)
        remove_parents(&t, first);
    free(path);
    free(t.real);
    guard_off(&g);
    return rc;
}
