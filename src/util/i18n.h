// i18n.h — the program's messages through GNU gettext (glibc's libintl: no extra library).
//
//   _("text")   the text in the user's language (gettext; the text itself when there is
//               no catalogue or no translation)
//   N_("text")  marks a text for xgettext where it cannot be translated yet (a table's
//               initialiser); translate it where it is shown, with _(text)
//   ngettext(one, many, n)  a text with a count, in the language's plural form
//
// The text domain and where its catalogues are come from app/language.c; every other
// file only marks and looks up. Formulas, option names, file names and numbers stay
// outside the marked text (pass them as %s arguments).
#ifndef ATTNTRACE_I18N_H
#define ATTNTRACE_I18N_H

#include <libintl.h>

#define I18N_DOMAIN "attntrace"

#define _(text) gettext(text)
#define N_(text) (text)

#endif
