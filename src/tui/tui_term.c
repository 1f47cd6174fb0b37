// tui_term.c — what the stepper asks terminfo: can this terminal show the stepper (a
// known TERM that can move the cursor), and the bytes that put it back after a crash.
// Apart from tui.c because <term.h> defines macros such as `lines` (tui_term.h).
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "tui_term.h"

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

// Append terminfo capability cap to buf (its padding, "$<…>", dropped); false when it
// does not fit.
static bool append_cap(char *buf, size_t size, size_t *n, const char *cap)
{
    char *s = tigetstr(cap);
    if (!s || s == (char *)-1)
        return true;
    for (; *s; s++) {
        if (s[0] == '$' && s[1] == '<') { // padding: a delay, not bytes to send
            const char *end = strchr(s, '>');
            if (end) {
                s = (char *)end;
                continue;
            }
        }
        if (*n + 1 >= size)
            return false;
        buf[(*n)++] = *s;
    }
    return true;
}

size_t tui_term_reset_bytes(char *buf, size_t size, bool mouse)
{
    static const char *const caps[] = {"sgr0", "cnorm", "rmkx", "rmcup"};
    size_t n = 0;
    if (size == 0)
        return 0;
    if (mouse) { // xterm's mouse modes off (ncurses turns on 1000; the others cost nothing)
        static const char off[] = "\033[?1006l\033[?1003l\033[?1002l\033[?1000l";
        if (sizeof off - 1 < size) {
            memcpy(buf, off, sizeof off - 1);
            n = sizeof off - 1;
        }
    }
    for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++)
        if (!append_cap(buf, size, &n, caps[k]))
            break;
    buf[n] = '\0';
    return n;
}

void tui_term_batch_writes(void)
{
    // ncurses flushes after each cursor move while its screen is in the state newterm
    // leaves it ("initial"); a suspended screen becomes "running" at the next refresh.
    endwin();
}
