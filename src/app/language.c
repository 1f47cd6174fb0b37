// language.c — setlocale, bindtextdomain and LANGUAGE (language.h says why).
#include <ctype.h>
#include <dirent.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "language.h"
#include "paths.h"

// "C", "POSIX", "C.UTF-8", "": no language (the program's own English).
static bool no_language(const char *v)
{
    return !v || !*v || strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 ||
           strncmp(v, "C.", 2) == 0;
}

// ll_CC.charset@modifier → ll_CC (into buf).
static void strip_charset(const char *v, char *buf, size_t size)
{
    size_t n = strcspn(v, ".@:");
    if (n >= size)
        n = size - 1;
    memcpy(buf, v, n);
    buf[n] = '\0';
}

// A bare "zh" names no catalogue of ours when they are per country (zh_CN): the first
// folder LL_* in the catalogue folder that holds our domain, else LL itself.
static void expand_bare(const char *ll, char *buf, size_t size)
{
    snprintf(buf, size, "%s", ll);
    if (strchr(ll, '_'))
        return;
    DIR *d = opendir(locale_dir());
    if (!d)
        return;
    size_t n = strlen(ll);
    char best[64] = "";
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        if (strncmp(name, ll, n) != 0 || name[n] != '_' || strlen(name) >= sizeof best)
            continue;
        char mo[512];
        snprintf(mo, sizeof mo, "%s/%s/LC_MESSAGES/" I18N_DOMAIN ".mo", locale_dir(), name);
        if (is_file(mo) && (!best[0] || strcmp(name, best) < 0))
            snprintf(best, sizeof best, "%s", name);
    }
    closedir(d);
    if (best[0])
        snprintf(buf, size, "%s:%s", best, ll); // zh_CN first, then plain zh
}

// gettext reads LANGUAGE only when LC_MESSAGES is not the C locale: C.UTF-8 (present
// wherever glibc is) keeps the program's English everywhere else and lets LANGUAGE work.
static void messages_not_c(void)
{
    const char *cur = setlocale(LC_MESSAGES, NULL);
    if (cur && (strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0))
        if (!setlocale(LC_MESSAGES, "C.UTF-8"))
            setlocale(LC_MESSAGES, "en_US.UTF-8");
}

static void set_language(const char *lang)
{
    char value[160];
    expand_bare(lang, value, sizeof value);
    setenv("LANGUAGE", value, 1);
    messages_not_c();
    // setlocale again: glibc then forgets the translations it looked up (_nl_msg_cat_cntr)
    const char *cur = setlocale(LC_MESSAGES, NULL);
    char keep[128];
    snprintf(keep, sizeof keep, "%s", cur ? cur : "C.UTF-8");
    setlocale(LC_MESSAGES, keep);
}

void language_init(void)
{
    if (!setlocale(LC_ALL, "")) // e.g. LANG=zh_CN.UTF-8 where that locale is not installed
        setlocale(LC_ALL, "C.UTF-8");
    if (MB_CUR_MAX == 1 && !setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "en_US.UTF-8");
    setlocale(LC_NUMERIC, "C");
    bindtextdomain(I18N_DOMAIN, locale_dir());
    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
    textdomain(I18N_DOMAIN);

    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *locale = NULL; // the first one set: the locale of the messages
    for (size_t k = 0; k < 3 && !locale; k++) {
        const char *v = getenv(vars[k]);
        locale = v && *v ? v : NULL;
    }
    const char *language = getenv("LANGUAGE");
    if (language && *language) {
        // LANGUAGE as the user wrote it, honoured under C.UTF-8 too (glibc ignores it
        // under "C"); LC_ALL=C or LANG=POSIX set on purpose still means English, as in
        // every GNU program.
        if (!locale || (strcmp(locale, "C") != 0 && strcmp(locale, "POSIX") != 0))
            messages_not_c();
        if (!strpbrk(language, ":_.@")) { // a bare LANGUAGE=zh finds zh_CN, as --lang zh does
            char value[160];
            expand_bare(language, value, sizeof value);
            setenv("LANGUAGE", value, 1);
        }
        return;
    }
    if (!locale || no_language(locale))
        return;
    char ll[64];
    strip_charset(locale, ll, sizeof ll);
    if (ll[0])
        set_language(ll);
}

void language_use(const char *lang)
{
    set_language(lang);
}

const char *language_current(char *buf, size_t size)
{
    const char *v = getenv("LANGUAGE");
    if (no_language(v) || size < 2)
        return NULL;
    size_t n = 0; // the language part of the first entry
    while (n + 1 < size && islower((unsigned char)v[n]))
        n++;
    if (n < 2)
        return NULL;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return buf;
}
