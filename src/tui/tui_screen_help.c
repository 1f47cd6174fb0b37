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

// Sets st->help_pages: how many pages the help takes at this size.
int tui_help_draw(TuiState *st, int cols, int rows)
{
    char labels[HELP_MAX][96];
    const char *help[HELP_MAX];
    int kw, hw, count = help_lines(labels, help, &kw, &hw);
    int bw = kw + hw + 7, bh = count + 5;
    if (bw > cols)
        bw = cols;
    if (bh > rows)
        bh = rows;
    int x = (cols - bw) / 2, y = (rows - bh) / 2;
    tui_box(y, x, bh, bw);
    int fit = bh - 4; // key lines between the borders, the blank line and the page line
    if (fit < 1)
        fit = 1;
    int pages = (count + fit - 1) / fit, page = st->help_page;
    st->help_pages = pages;
    if (page >= pages)
        page = pages - 1;
    char title[96];
    if (pages > 1)
        snprintf(title, sizeof title, _(" Keys %d/%d — any key %s "), page + 1, pages,
                 page + 1 < pages ? _("shows the next page") : _("closes this"));
    else
        snprintf(title, sizeof title, _(" Keys — any key closes this "));
    tui_put(y, x + 2, bw - 4, title, A_BOLD);
    for (int r = 0, k = page * fit; k < count && r < fit; r++, k++) {
        tui_put_fit(y + 2 + r, x + 2, kw, labels[k], false,
                    tui_att(TUI_PAIR_HEADING, A_BOLD) | A_BOLD);
        tui_put(y + 2 + r, x + 3 + kw, bw - kw - 5, help[k], A_NORMAL);
    }
    if (pages > 1)
        tui_put(y + bh - 2, x + 2, bw - 4,
                page + 1 < pages ? _("… more on the next page (any key)") : _("(any key closes this)"),
                tui_att(TUI_PAIR_DIM, A_DIM));
    return 0;
}

void tui_help_key(TuiState *st, TuiPress p)
{
    if (!tui_press_is(p, KEY_MOUSE) && ++st->help_page >= st->help_pages)
        st->help = false;
}
