// lines.c — growable lists of formatted lines; number formatting for people.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "lines.h"

int lines_addf(Lines *l, const char *fmt, ...)
{
    if (l->failed)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char **grown = len < 0 ? NULL : realloc(l->line, (l->n + 1) * sizeof *grown);
    char *s = grown ? malloc((size_t)len + 1) : NULL;
    if (grown)
        l->line = grown;
    if (!s) {
        l->failed = 1;
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    if (at_needs_escape(s, true)) { // lines are shown: no raw controls, no broken UTF-8
        char *esc = at_escape_dup(s);
        free(s);
        if (!esc) {
            l->failed = 1;
            return -1;
        }
        s = esc;
    }
    l->line[l->n++] = s;
    return 0;
}

void lines_free(Lines *l)
{
    for (size_t k = 0; k < l->n; k++)
        free(l->line[k]);
    free(l->line);
    l->line = NULL;
    l->n = 0;
    l->failed = 0;
}

const char *fmt_num(char *buf, size_t size, double x)
{
    if (x == 0)
        x = 0.0; // never print "-0.0000"
    if (isinf(x))
        snprintf(buf, size, x < 0 ? "-inf" : "inf");
    else if (x == 0 || (fabs(x) >= 1e-4 && fabs(x) < 1e7))
        snprintf(buf, size, "%.4f", x);
    else
        snprintf(buf, size, "%.4g", x);
    return buf;
}
