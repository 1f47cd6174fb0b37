// lesson_find.c — from --lesson NAME|FILE and --lang to a lesson file.
//
//   data_dir()/lessons/LANG/NAME.md, else the one file LANG/NAME*.md
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "paths.h"

const char *lesson_env_lang(char *buf, size_t size)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *v = NULL;
    for (size_t k = 0; k < 3 && !v; k++) {
        const char *x = getenv(vars[k]);
        if (x && *x)
            v = x;
    }
    if (!v || size < 2)
        return NULL;
    size_t n = 0; // the language part of ll_CC.charset@modifier
    while (islower((unsigned char)v[n]) && n < 8)
        n++;
    if (n < 2 || n > 3 || n >= size || (v[n] && !strchr("_.@", v[n])))
        return NULL; // C, POSIX, or something else
    memcpy(buf, v, n);
    buf[n] = '\0';
    return buf;
}

// The lesson NAME in folder dir: NAME.md, or the only NAME*.md. 0 found, 1 not found.
static int find_in(const char *dir, const char *name, char **path, AtError *e)
{
    char file[512];
    snprintf(file, sizeof file, "%s.md", name);
    char *exact = path_join(dir, file);
    if (!exact)
        return at_fail(e, AT_ERUNTIME, "out of memory");
    if (is_file(exact)) {
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
        return at_fail(e, AT_EINPUT, "--lesson %s: more than one lesson matches in %s (%s, %s%s)",
                       name, dir, first, second, count > 2 ? ", …" : "");
    *path = path_join(dir, first);
    return *path ? 0 : at_fail(e, AT_ERUNTIME, "out of memory");
}

int lesson_find(const char *name, const char *lang, char **path, AtError *e)
{
    *path = NULL;
    if (strchr(name, '/') || is_file(name)) {
        if (!is_file(name))
            return at_fail(e, AT_EINPUT, "--lesson %s: no such file", name);
        size_t n = strlen(name) + 1;
        *path = malloc(n);
        if (!*path)
            return at_fail(e, AT_ERUNTIME, "out of memory");
        memcpy(*path, name, n);
        return 0;
    }
    char envbuf[8];
    const char *env = lang ? NULL : lesson_env_lang(envbuf, sizeof envbuf);
    const char *tries[2] = {lang ? lang : env ? env : "en", lang || !env ? NULL : "en"};
    char *root = path_join(data_dir(), "lessons");
    if (!root)
        return at_fail(e, AT_ERUNTIME, "out of memory");
    int rc = 1;
    for (size_t k = 0; k < 2 && rc == 1; k++) {
        if (!tries[k])
            continue;
        char *dir = path_join(root, tries[k]);
        rc = dir ? find_in(dir, name, path, e) : at_fail(e, AT_ERUNTIME, "out of memory");
        free(dir);
    }
    if (rc == 1)
        rc = at_fail(e, AT_EINPUT, "--lesson %s: no lesson \"%s\" in %s/%s (lessons are in "
                     "%s/LANG/NAME.md; or give a file)", name, name, root, tries[0], root);
    free(root);
    return rc;
}
