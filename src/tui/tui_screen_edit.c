// tui_screen_edit.c — explore's edit field (=, see tui_screen.h): over the status line,
// "X[cat][d2] = " and the number being typed. Enter applies it (the explore mode parses
// it and rebuilds the trace), Esc cancels.
#include <stdio.h>

#include "i18n.h"
#include "tui_explore_request.h"
#include "tui_screen.h"
#include "tui_widgets.h"

int tui_edit_draw(TuiState *st, int cols, int rows)
{
    (void)cols, (void)rows; // on the status line the view placed
    const TuiExplore *x = st->ex;
    const TuiRect *r = &st->layout.status;
    const Stage *s = trace_find_id(&x->trace, x->edit_id);
    if (!s) // the view's status line stays
        return 0;
    int y = r->y, x0 = r->x, w = r->w;
    char prompt[256];
    snprintf(prompt, sizeof prompt, " %s[%s][%s] = ", s->name, s->row_labels[x->edit_i],
             s->col_labels[x->edit_j]);
    const char *hint = x->field.len >= TUI_EDIT_FIELD_MAX
                           ? _("   full: a number has fewer than 64 characters · Enter: apply · "
                               "Esc: cancel")
                           : _("   Enter: apply · Esc: cancel · ←/→ move · Backspace: delete");
    attrset(A_NORMAL);
    mvhline(y, x0, ' ', w);
    int at = x0 + tui_put(y, x0, w, prompt, A_BOLD);
    int fw = 24 < x0 + w - at ? 24 : x0 + w - at;
    size_t first, bytes;
    int col;
    tui_field_view(&x->field, fw, &first, &bytes, &col);
    char shown[TUI_FIELD_MAX];
    snprintf(shown, sizeof shown, "%.*s", (int)bytes, x->field.text + first);
    tui_put(y, at, fw, shown, tui_att(TUI_PAIR_HL, A_REVERSE) | A_BOLD);
    tui_put(y, at + fw, x0 + w - at - fw, hint, tui_att(TUI_PAIR_DIM, A_DIM));
    move(y, at + col); // the terminal's cursor marks the caret
    return 0;
}

void tui_edit_key(TuiState *st, TuiPress p)
{
    TuiExplore *x = st->ex;
    switch (tui_field_key(&x->field, p)) {
    case TUI_FIELD_SUBMIT:
        tui_explore_edit_accept(st);
        break;
    case TUI_FIELD_CANCEL:
        x->editing = false;
        tui_set_status(st, false, _("edit cancelled"));
        break;
    case TUI_FIELD_FULL: case TUI_FIELD_EDITED:
        break;
    }
}
