// language.h — the locale and the language of the messages (GNU gettext).
//
// The language is --lang LL, else the environment: LANGUAGE, LC_ALL, LC_MESSAGES, LANG
// (gettext's own order). It must work where only the C.UTF-8 locale is installed:
// glibc's gettext honours LANGUAGE whenever LC_MESSAGES is not "C"/"POSIX", and C.UTF-8
// is not "C", so the language travels in LANGUAGE and LC_MESSAGES is C.UTF-8 when the
// user's own locale is missing. docs/translating.md says why.
#ifndef ATTNTRACE_LANGUAGE_H
#define ATTNTRACE_LANGUAGE_H

#include <stddef.h>

// The locale from the environment (C.UTF-8 when that locale is not installed), LC_CTYPE
// always UTF-8, LC_NUMERIC always "C"; the text domain bound to locale_dir(); the
// messages' language from the environment. Before any gettext call.
void language_init(void);

// --lang LL: the messages in LL from now on ("zh" finds the catalogue zh_CN).
void language_use(const char *lang);

// The messages' language as a bare code ("zh", "en"), into buf; NULL when the messages
// are the program's own English (no language chosen, or C/POSIX).
const char *language_current(char *buf, size_t size);

#endif
