// tui_screen_small.c — "this terminal is too small" (see tui_screen.h), instead of every
// other screen while the terminal is under TUI_MIN_COLS×TUI_MIN_ROWS. It takes no keys
// of its own: they go to the screen it hides, so q still quits.
#include <stdio.h>

#include "i18n.h"
#include "tui_screen.h"
#include "tui_text.h"
#include "tui_widgets.h"

int tui_small_draw(TuiState *st, int cols, int rows)
{
    tui_layout_screen(cols, rows, NULL, NULL, NULL, TUI_ZOOM_FIT, false, &st->layout); // too_small: no cursor, no clicks
    st->grid_shown = false;
    char buf[256];
    snprintf(buf, sizeof buf,
             _("This terminal is %d×%d; the stepper needs at least %d×%d. Enlarge it, or press q "
               "to quit."),
             cols, rows, TUI_MIN_COLS, TUI_MIN_ROWS);
    Lines l = {0};
    if (tui_wrap(buf, cols > 2 ? cols - 2 : 1, &l) != 0) {
        lines_free(&l);
        return 0;
    }
    int y = (rows - (int)l.n) / 2;
    for (size_t k = 0; k < l.n && y + (int)k < rows; k++)
        tui_put(y < 0 ? (int)k : y + (int)k, 1, cols - 1, l.line[k], A_BOLD);
    lines_free(&l);
    return 0;
}
