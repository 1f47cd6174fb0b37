// lesson_find.c — from --lesson NAME|FILE and --lang to a lesson file.
//
//   data_dir()/lessons/LANG/NAME.md, else the one file LANG/NAME*.md
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "lesson.h"
#include "paths.h"

const char *lesson_env_lang(char *buf, size_t size)
{
    // gettext's order: LANGUAGE (a list, "zh_CN:en": its first entry), then the locale's,
    // but a locale set to C or POSIX on purpose wins over LANGUAGE (as for the messages)
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *v = NULL, *language = getenv("LANGUAGE");
    for (size_t k = 0; k < 3 && !v; k++) {
        const char *x = getenv(vars[k]);
        if (x && *x)
            v = x;
    }
    if (language && *language && (!v || (strcmp(v, "C") != 0 && strcmp(v, "POSIX") != 0)))
        v = language;
    if (!v || size < 2)
        return NULL;
    size_t n = 0; // the language part of ll_CC.charset@modifier
    while (islower((unsigned char)v[n]) && n < 8)
        n++;
    if (n < 2 || n > 3 || n >= size || (v[n] && !strchr("_.@:", v[n])))
        return NULL; // C, POSIX, or something else
    memcpy(buf, v, n);
    buf[n] = '\0';
    return buf;
}

// The lesson NAME in folder dir: NAME.md, or the only NAME*.md. 0 found, 1 not found.
static int find_in(const char *opt, const char *dir, const char *name, char **path,
                   AtError *e)
{
    char file[512];
    snprintf(file, sizeof file, "%s.md", name);
    char *exact = path_join(dir, file);
    if (!exact)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    struct stat st;
    if (lstat(exact, &st) == 0 && !is_dir(exact)) { // whatever it is: reading it says
        *path = exact;
        return 0;
    }
    free(exact);
    DIR *d = opendir(dir);
    if (!d)
        return 1;
    char first[256] = "", second[256] = "";
    struct dirent *ent;
    size_t len = strlen(name), count = 0;
    while ((ent = readdir(d)) != NULL) {
        size_t n = strlen(ent->d_name);
        if (strncmp(ent->d_name, name, len) != 0 || n < 3 || strcmp(ent->d_name + n - 3, ".md"))
            continue;
        snprintf(count++ ? second : first, sizeof first, "%s", ent->d_name);
    }
    closedir(d);
    if (count == 0)
        return 1;
    if (count > 1)
        return at_fail(e, AT_EINPUT, _("%s %s: more than one lesson matches in %s (%s, %s%s)"),
                       opt, name, dir, first, second, count > 2 ? ", …" : "");
    *path = path_join(dir, first);
    return *path ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
}

// NAME given as a file: it must be a regular file (it is read whole, so a FIFO or a
// device would block or never end).
static int given_file(const char *opt, const char *name, char **path, AtError *e)
{
    struct stat st, lst;
    if (stat(name, &st) != 0) {
        int err = errno;
        if (err == ENOENT && lstat(name, &lst) == 0 && S_ISLNK(lst.st_mode))
            return at_fail(e, AT_EINPUT, _("%s %s: is a symbolic link to a missing file"), opt,
                           name);
        return at_fail(e, AT_EINPUT, "%s %s: %s", opt, name,
                       err == ENOENT ? "no such file" : strerror(err));
    }
    if (!S_ISREG(st.st_mode))
        return at_fail(e, AT_EINPUT, _("%s %s: is a %s, expected a lesson file (NAME.md)"), opt,
                       name, file_kind(st.st_mode));
    size_t n = strlen(name) + 1;
    *path = malloc(n);
    if (!*path)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    memcpy(*path, name, n);
    return 0;
}

int lesson_find(const char *opt, const char *name, const char *lang, char **path, AtError *e)
{
    *path = NULL;
    struct stat st;
    bool here = lstat(name, &st) == 0; // something of that name in the current folder
    bool folder_here = here && is_dir(name);
    if (strchr(name, '/') || (here && !folder_here))
        return given_file(opt, name, path, e);
    char envbuf[8];
    const char *env = lang ? NULL : lesson_env_lang(envbuf, sizeof envbuf);
    const char *tries[2] = {lang ? lang : env ? env : "en", lang || !env ? NULL : "en"};
    char *root = path_join(data_dir(), "lessons");
    if (!root)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    int rc = 1;
    for (size_t k = 0; k < 2 && rc == 1; k++) {
        if (!tries[k])
            continue;
        char *dir = path_join(root, tries[k]);
        rc = dir ? find_in(opt, dir, name, path, e) : at_fail(e, AT_ERUNTIME, _("out of memory"));
        free(dir);
    }
    if (rc == 1)
        rc = at_fail(e, AT_EINPUT, _("%s %s: no lesson \"%s\" in %s/%s (lessons are in "
                     "%s/LANG/NAME.md; or give a file)%s"), opt, name, name, root, tries[0], root,
                     folder_here ? _("; here it names a directory, not a lesson file") : "");
    free(root);
    return rc;
}
