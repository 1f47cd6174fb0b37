// tui_screen_answer.c — the answer box (A, see tui_screen.h): over the view, above the
// status line, the question, a one-line field with the terminal's cursor in it, and the
// keys. Enter submits (the state checks the answer), Esc cancels.
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "lesson.h"
#include "tui_screen.h"
#include "tui_widgets.h"

// The field at line fy from column x: "› " and the text, scrolled so the caret shows,
// then the keys under it. Leaves the terminal's cursor on the caret.
static void draw_field(const TuiState *st, int fy, int x, int bw)
{
    int fx = x + 4, fw = bw - 6; // "› " then the field
    tui_put(fy, x + 2, 2, "›", A_BOLD);
    size_t first, bytes;
    int col;
    tui_field_view(&st->field, fw, &first, &bytes, &col);
    char shown[TUI_FIELD_MAX];
    snprintf(shown, sizeof shown, "%.*s", (int)bytes, st->field.text + first);
    tui_fill(fy, fx, fw, A_UNDERLINE);
    tui_put(fy, fx, fw, shown, A_UNDERLINE | A_BOLD);
    tui_put(fy + 1, x + 2, bw - 4,
            _("Enter submits · Esc cancels · ←/→ move · Backspace deletes"),
            tui_att(TUI_PAIR_DIM, A_DIM));
    move(fy, fx + col);
}

int tui_answer_draw(TuiState *st, int cols, int rows)
{
    (void)rows; // it sits above the status line, wherever that is
    const TuiQuestion *q = st->asking;
    int bw = cols - 4 < 76 ? cols - 4 : 76;
    char *prompt = question_prompt(q->q, st->t);
    Lines pl = {0};
    if (!prompt || lesson_wrap(prompt, bw - 4, "", "", &pl) != 0) {
        free(prompt);
        lines_free(&pl);
        return -1;
    }
    free(prompt);
    int np = pl.n > 4 ? 4 : (int)pl.n;
    int bh = np + 4, x = (cols - bw) / 2, y = st->layout.status.y - bh;
    if (y < 0)
        y = 0;
    tui_box(y, x, bh, bw);
    char title[96];
    snprintf(title, sizeof title, _(" Answer Q%zu (%s) "), q->number, st->t->stage[q->stage].name);
    tui_put(y, x + 2, bw - 4, title, A_BOLD);
    for (int k = 0; k < np; k++)
        tui_put(y + 1 + k, x + 2, bw - 4, pl.line[k], A_NORMAL);
    lines_free(&pl);
    draw_field(st, y + 1 + np, x, bw);
    return 0;
}

void tui_answer_key(TuiState *st, TuiPress p)
{
    switch (tui_field_key(&st->field, p)) {
    case TUI_FIELD_SUBMIT:
        tui_answer_submit(st, tui_now());
        break;
    case TUI_FIELD_CANCEL:
        st->asking = NULL;
        tui_set_status(st, false, _("Answer cancelled; A opens the box again."));
        break;
    case TUI_FIELD_FULL:
        tui_set_status(st, false, _("The answer box is full."));
        break;
    case TUI_FIELD_EDITED:
        break;
    }
}
