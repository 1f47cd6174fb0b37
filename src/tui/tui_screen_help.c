// tui_screen_help.c — the help (?, see tui_screen.h): the key table in a box over the
// view, a page at a time when the terminal is too short for all of it. Any key shows the
// next page; the last one closes it.
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "tui_screen.h"
#include "tui_text.h"
#include "tui_widgets.h"

#define HELP_MAX 64 // help lines; the table has fewer

// The help lines: each request's keys ("n Space PgDn Tab") and its help text. Returns
// how many; *kw and *hw get the widest keys and text.
static int help_lines(char labels[HELP_MAX][96], const char *help[HELP_MAX], int *kw, int *hw)
{
    size_t n;
    const TuiKey *keys = tui_keys(&n);
    int count = 0;
    *kw = *hw = 0;
    for (size_t k = 0; k < n && count < HELP_MAX; k++) {
        if (!keys[k].help)
            continue;
        labels[count][0] = '\0';
        for (size_t m = 0; m < n; m++) {
            if (keys[m].req != keys[k].req || !keys[m].label)
                continue;
            size_t len = strlen(labels[count]);
            snprintf(labels[count] + len, sizeof labels[count] - len, "%s%s", len ? " " : "",
                     _(keys[m].label));
        }
        help[count] = _(keys[k].help);
        int w = tui_text_width(labels[count]);
        *kw = w > *kw ? w : *kw;
        w = tui_text_width(help[count]);
        *hw = w > *hw ? w : *hw;
        count++;
    }
    return count;
}

// Where each help entry goes: its page, column and first line; the entries wrapped to the
// description's width, never cut.
typedef struct {
    int cols;       // 1 or 2 columns of entries
    int colw, dw;   // a column's width; its description's width (after the keys)
    int fit;        // lines a column holds
    int pages;      // how many pages they take
    int used;       // the most lines any column of any page uses
    int page[HELP_MAX], col[HELP_MAX], row[HELP_MAX];
} HelpPlace;

// Lay the entries out in `ncols` columns of a box `inner` columns wide, `fit` lines tall.
// Returns -1 when memory runs out.
static int help_place(Lines wrapped[HELP_MAX], const char *help[HELP_MAX], int count, int kw,
                      int inner, int ncols, int fit, HelpPlace *hp)
{
    hp->cols = ncols;
    hp->colw = ncols == 2 ? (inner - 3) / 2 : inner;
    hp->dw = hp->colw - kw - 1;
    hp->fit = fit;
    int page = 0, col = 0, row = 0;
    hp->used = 0;
    for (int k = 0; k < count; k++) {
        lines_free(&wrapped[k]);
        if (tui_wrap(help[k], hp->dw > 8 ? hp->dw : 8, &wrapped[k]) != 0)
            return -1;
        int h = (int)wrapped[k].n;
        if (row > 0 && row + h > fit) { // the next column, or the next page
            row = 0;
            if (++col == ncols)
                col = 0, page++;
        }
        hp->page[k] = page, hp->col[k] = col, hp->row[k] = row;
        row += h < fit ? h : fit;
        hp->used = row > hp->used ? row : hp->used;
    }
    hp->pages = page + 1;
    return 0;
}

// Sets st->help_pages: how many pages the help takes at this size. Two columns when the
// screen is wide enough for a description of 40 columns in each; long help lines wrap.
int tui_help_draw(TuiState *st, int cols, int rows)
{
    char labels[HELP_MAX][96];
    const char *help[HELP_MAX];
    Lines wrapped[HELP_MAX] = {{0}};
    int kw, hw, count = help_lines(labels, help, &kw, &hw);
    int bh = rows < count + 5 ? rows : count + 5, fit = bh - 4 > 1 ? bh - 4 : 1;
    int two_w = 2 * (kw + 1 + 40) + 3 + 4; // a box for two columns of 40-column text
    HelpPlace hp = {.pages = 1};
    int bw = kw + hw + 7 < cols ? kw + hw + 7 : cols, rc;
    if (cols >= two_w) { // two columns, as narrow as they can be and still fit the text
        bw = 2 * (kw + 1 + hw) + 3 + 4 < cols ? 2 * (kw + 1 + hw) + 3 + 4 : cols;
        rc = help_place(wrapped, help, count, kw, bw - 4, 2, fit, &hp);
    } else {
        rc = help_place(wrapped, help, count, kw, bw - 4, 1, fit, &hp);
    }
    if (rc == 0 && hp.pages == 1) // one page: only as tall as its longest column
        bh = hp.used + 4;
    int pages = hp.pages, page = st->help_page;
    st->help_pages = pages;
    if (page >= pages)
        page = pages - 1;
    int x = (cols - bw) / 2, y = (rows - bh) / 2;
    tui_box(y, x, bh, bw);
    char title[96];
    if (pages > 1)
        snprintf(title, sizeof title, _(" Keys %d/%d — any key %s "), page + 1, pages,
                 page + 1 < pages ? _("shows the next page") : _("closes this"));
    else
        snprintf(title, sizeof title, _(" Keys — any key closes this "));
    tui_put(y, x + 2, bw - 4, title, A_BOLD);
    for (int k = 0; rc == 0 && k < count; k++) {
        if (hp.page[k] != page)
            continue;
        int cx = x + 2 + hp.col[k] * (hp.colw + 3), ry = y + 2 + hp.row[k];
        tui_put_fit(ry, cx, kw, labels[k], false, tui_att(TUI_PAIR_HEADING, A_BOLD) | A_BOLD);
        for (size_t m = 0; m < wrapped[k].n && hp.row[k] + (int)m < fit; m++)
            tui_put(ry + (int)m, cx + kw + 1, hp.dw, wrapped[k].line[m], A_NORMAL);
    }
    if (pages > 1)
        tui_put(y + bh - 2, x + 2, bw - 4,
                page + 1 < pages ? _("… more on the next page (any key)") : _("(any key closes this)"),
                tui_att(TUI_PAIR_DIM, A_DIM));
    for (int k = 0; k < count; k++)
        lines_free(&wrapped[k]);
    return rc;
}

void tui_help_key(TuiState *st, TuiPress p)
{
    if (!tui_press_is(p, KEY_MOUSE) && ++st->help_page >= st->help_pages)
        st->help = false;
}
