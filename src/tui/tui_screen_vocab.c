// tui_screen_vocab.c — the vocabulary view (v on the embeddings stage, see tui_screen.h
// and tui_vocab.h): what --vocab prints for the sentence, in a box over the view, a page
// at a time when it is taller than the screen; long lines wrap under where their text
// starts. Any key shows the next page; the last one closes it.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tui_screen.h"
#include "tui_text.h"
#include "tui_vocab.h"
#include "tui_widgets.h"

// Where a long line's continued lines start (bytes into the line): under its last column
// (after the last run of two or more spaces: a table row's values, a dimension's
// meaning), else under the text after "label: "; 0 for neither.
static size_t hang_of(const char *line)
{
    size_t hang = 0;
    for (size_t k = 0; line[k]; k++)
        if (k >= 2 && line[k] != ' ' && line[k - 1] == ' ' && line[k - 2] == ' ')
            hang = k;
    if (hang == 0) {
        const char *colon = strstr(line, ": ");
        if (colon && colon - line < 24)
            hang = (size_t)(colon - line) + 2;
    }
    return hang;
}

// One line of the view, wrapped to w columns with its continued lines hanging under its
// text; -1 when memory runs out.
static int wrap_hanging(const char *line, int w, Lines *out)
{
    size_t hb = hang_of(line);
    char *head = strndup(line, hb);
    int hw = head ? tui_text_width(head) : 0;
    if (!head || tui_text_width(line) <= w || hb == 0 || hw > w / 2) {
        free(head);
        return tui_wrap(line, w, out);
    }
    Lines rest = {0};
    int rc = tui_wrap(line + hb, w - hw, &rest);
    for (size_t k = 0; rc == 0 && k < rest.n; k++)
        rc = k == 0 ? lines_addf(out, "%s%s", head, rest.line[k])
                    : lines_addf(out, "%*s%s", hw, "", rest.line[k]);
    lines_free(&rest);
    free(head);
    return rc;
}

// Sets st->vocab_pages: how many pages the view takes at this size.
int tui_vocab_draw(TuiState *st, int cols, int rows)
{
    int bw = 0;
    for (size_t k = 0; k < st->vocab.n; k++) {
        int w = tui_text_width(st->vocab.line[k]);
        bw = w > bw ? w : bw;
    }
    bw += 6;
    if (bw > cols)
        bw = cols;
    if (bw < 24 && cols >= 24)
        bw = 24;
    Lines wrapped = {0}; // the lines as they fit the box (out of memory: what fitted)
    for (size_t k = 0; k < st->vocab.n && !wrapped.failed; k++)
        wrap_hanging(st->vocab.line[k], bw - 4, &wrapped);
    int count = (int)wrapped.n, bh = count + 5;
    if (bh > rows)
        bh = rows;
    int x = (cols - bw) / 2, y = (rows - bh) / 2;
    tui_box(y, x, bh, bw);
    int fit = bh - 4 < 1 ? 1 : bh - 4;
    int pages = (count + fit - 1) / fit, page = st->vocab_page;
    st->vocab_pages = pages < 1 ? 1 : pages;
    if (page >= st->vocab_pages)
        page = st->vocab_pages - 1;
    char title[128];
    if (st->vocab_pages > 1)
        snprintf(title, sizeof title, _(" Vocabulary %d/%d — any key %s "), page + 1,
                 st->vocab_pages, page + 1 < st->vocab_pages ? _("shows the next page")
                                                             : _("closes this"));
    else
        snprintf(title, sizeof title, "%s", _(" Vocabulary — any key closes this "));
    tui_put(y, x + 2, bw - 4, title, A_BOLD);
    for (int r = 0, k = page * fit; k < count && r < fit; r++, k++)
        tui_put(y + 2 + r, x + 2, bw - 4, wrapped.line[k], A_NORMAL);
    if (st->vocab_pages > 1)
        tui_put(y + bh - 2, x + 2, bw - 4,
                page + 1 < st->vocab_pages ? _("… more on the next page (any key)")
                                           : _("(any key closes this)"),
                tui_att(TUI_PAIR_DIM, A_DIM));
    lines_free(&wrapped);
    return 0;
}

void tui_vocab_key(TuiState *st, TuiPress p)
{
    if (!tui_press_is(p, KEY_MOUSE) && ++st->vocab_page >= st->vocab_pages)
        tui_vocab_close(st);
}
