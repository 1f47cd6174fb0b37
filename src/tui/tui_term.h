// tui_term.h — what the stepper asks terminfo (tui_term.c, apart from the rest because
// <term.h> defines macros such as `lines`).
#ifndef ATTNTRACE_TUI_TERM_H
#define ATTNTRACE_TUI_TERM_H

#include <stdbool.h>
#include <stddef.h>

// Whether the terminal on stdout can show the stepper (TERM known, cursor addressing);
// if not, why (one line) for the caller to say before it falls back to print mode.
bool tui_can_run(char *why, size_t size);

// After newterm: the bytes that put the terminal back without curses (for the crash
// handler, tui_signal.h): attributes off, cursor shown, keypad off, out of the alternate
// screen, and with mouse, xterm's mouse reporting off. Returns their length
// (NUL-terminated).
size_t tui_term_reset_bytes(char *buf, size_t size, bool mouse);

// After newterm, before the first frame: let curses send each frame in a few large writes.
// ncurses (6.4) writes out after every cursor move until the screen has once been left
// and resumed, about 180 writes for a busy frame instead of about 10; leaving it here
// (endwin) makes the first refresh resume it. Nothing shows: the first frame redraws all.
void tui_term_batch_writes(void);

#endif
