// tui_vocab.c — the vocabulary view's lines (see tui_vocab.h).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dimensions.h"
#include "i18n.h"
#include "tui_vocab.h"
#include "vocab_print.h"

// Split print_vocab's text into lines (a NUL in it cannot occur: every word is escaped).
static int split(Lines *out, const char *text)
{
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (lines_addf(out, "%.*s", (int)n, p) != 0)
            return -1;
        p += n + (nl != NULL);
    }
    return 0;
}

bool tui_vocab_open(TuiState *st, const Inputs *in, bool own)
{
    const Stage *s = &st->t->stage[st->k];
    if (s->id != ST_EMBEDDINGS && s->id != ST_SOURCE) {
        tui_set_status(st, false, _("v shows the vocabulary on the embeddings stage (g goes "
                                    "there)"));
        return false;
    }
    if (!in) {
        tui_set_status(st, true, _("There are no inputs to show the vocabulary of."));
        return false;
    }
    AtError e = {0};
    char **meanings = NULL;
    if (dimensions_load(in, own, st->o->lang, &meanings, &e) != 0) {
        tui_set_status(st, true, "%s", e.msg);
        return false;
    }
    // print_vocab writes to a stream: a memory stream here. What it writes is only shown
    // (never a file); a write cut short by a lack of memory is seen in fclose's result or
    // in a missing last newline, and then the view is not opened.
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    int rc = f ? print_vocab(f, in, meanings, &e) : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    dimensions_free(meanings, in->X.cols);
    tui_vocab_close(st);
    if (rc != 0 || !text || len == 0 || text[len - 1] != '\n' || split(&st->vocab, text) != 0) {
        free(text);
        tui_vocab_close(st);
        tui_set_status(st, true, "%s", e.msg[0] ? e.msg : _("out of memory"));
        return false;
    }
    free(text);
    st->vocab_on = true;
    st->vocab_page = 0;
    st->vocab_pages = 1;
    return true;
}

void tui_vocab_close(TuiState *st)
{
    lines_free(&st->vocab);
    memset(&st->vocab, 0, sizeof st->vocab);
    st->vocab_on = false;
}
