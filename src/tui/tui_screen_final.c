// tui_screen_final.c — the final score (q with --quiz, see tui_screen.h): a box over
// the view with the lesson's title, the score and what is left. q again quits; any
// other key goes back to the stepper.
#include <stdio.h>

#include "i18n.h"
#include "tui_panel.h"
#include "tui_screen.h"
#include "tui_text.h"
#include "tui_widgets.h"

int tui_final_draw(TuiState *st, int cols, int rows)
{
    char score[256], left[128];
    tui_score_text(st, score, sizeof score);
    size_t n = st->quiz.n - st->quiz.answered;
    if (n)
        snprintf(left, sizeof left, _("%zu not answered yet."), n);
    else
        snprintf(left, sizeof left, "%s", _("Every question answered."));
    const char *keys = _("q quits · any other key goes back");
    const char *title = st->o->lesson->title;
    int w = tui_text_width(title);
    int ws = tui_text_width(score), wl = tui_text_width(left), wk = tui_text_width(keys);
    w = ws > w ? ws : w;
    w = wl > w ? wl : w;
    w = wk > w ? wk : w;
    int bw = w + 8 < cols ? w + 8 : cols, bh = 8 < rows ? 8 : rows;
    int x = (cols - bw) / 2, y = (rows - bh) / 2;
    tui_box(y, x, bh, bw);
    tui_put(y, x + 2, bw - 4, title, A_BOLD);
    tui_put(y + 2, x + 4, bw - 6, score, tui_att(TUI_PAIR_HEADING, A_BOLD) | A_BOLD);
    tui_put(y + 3, x + 4, bw - 6, left, A_NORMAL);
    tui_put(y + 5, x + 4, bw - 6, keys, tui_att(TUI_PAIR_DIM, A_DIM));
    return 0;
}

void tui_final_key(TuiState *st, TuiPress p)
{
    const TuiKey *k = tui_key_find(tui_press_key(p));
    if (k && k->req == REQ_QUIT)
        st->quit = true;
    else if (!tui_press_is(p, KEY_MOUSE))
        st->final = false;
}
