// tui_term.c — can this terminal show the stepper? (terminfo: a known TERM that can
// move the cursor). Apart from tui.c because <term.h> defines macros such as `lines`.
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <term.h>
#include <unistd.h>

#include "tui.h"

bool tui_can_run(char *why, size_t size)
{
    const char *term = getenv("TERM");
    int err = 0;
    if (!term || !*term || setupterm(NULL, STDOUT_FILENO, &err) != OK) {
        snprintf(why, size, "TERM=%s is not a terminal type this machine knows",
                 term && *term ? term : "(unset)");
        return false;
    }
    // A terminal that cannot move the cursor (TERM=dumb, a hardcopy) would get a mess.
    char *cup = tigetstr("cup");
    bool ok = cup != NULL && cup != (char *)-1 && tigetflag("hc") <= 0;
    if (!ok)
        snprintf(why, size, "TERM=%s cannot move the cursor", term);
    del_curterm(cur_term);
    return ok;
}
