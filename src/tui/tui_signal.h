// tui_signal.h — signals while the stepper runs. Internal to tui*.c.
//
// Every handler only sets a flag; the stepper's loop looks at the flags once per pass
// (its read wakes up on a signal: no SA_RESTART) and does the work outside the handler:
//   a signal whose default action ends the process (INT, TERM, HUP, QUIT, USR1, USR2,
//   ALRM, PIPE, XCPU, XFSZ, VTALRM, PROF, POLL, PWR, the real-time ones): restore the
//   terminal (endwin), then end the process the conventional way, by that signal with its
//   default action (tui_signal_die), so the shell sees 128 + the signal's number;
//   SIGTSTP (Ctrl-Z): restore the terminal, stop, and redraw on resume;
//   SIGCONT (after a SIGSTOP from elsewhere): set the terminal up again and redraw.
// A crash (SEGV, BUS, FPE, ILL, ABRT, TRAP, SYS) cannot go through curses: its handler
// puts back the terminal's saved modes (tcsetattr) and writes the bytes that leave the
// alternate screen, show the cursor and turn mouse reporting off (both async-signal-
// safe), then lets the previous action (the default, or a sanitizer's) take over.
#ifndef ATTNTRACE_TUI_SIGNAL_H
#define ATTNTRACE_TUI_SIGNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#define TUI_SIGNALS_MAX 64

typedef struct {
    int sig[TUI_SIGNALS_MAX];
    struct sigaction old[TUI_SIGNALS_MAX];
    size_t n;
} TuiSignals;

// Install the handlers (before newterm, so curses keeps ours) and clear the flags.
void tui_signals_install(TuiSignals *s);
// Put back what was there before.
void tui_signals_restore(TuiSignals *s);

// The last signal that asks the stepper to end (0: none).
int tui_signal_end(void);
// Did SIGTSTP / SIGCONT arrive since the last call? (Each call clears its flag.)
bool tui_signal_take_stop(void);
bool tui_signal_take_cont(void);
// Stop the process the way SIGTSTP's default action does; returns once it is continued.
void tui_signal_stop_self(void);
// End the process by sig with its default action (the handlers must be restored first:
// this one sets SIG_DFL for sig). Returns only if that action did not end it.
void tui_signal_die(int sig);
// "SIGQUIT" for a signal number ("signal N" for one without a name here).
const char *tui_signal_name(int sig, char *buf, size_t size);

// For a crash: the terminal's modes to put back, taken from tty_fd now (before curses
// changes them), and the bytes to write to out_fd, copied. Arms the crash handler.
void tui_signal_crash_modes(int tty_fd);
void tui_signal_crash_arm(int out_fd, const char *bytes, size_t n);
// Forget it (after endwin: the terminal is already restored).
void tui_signal_crash_clear(void);

#endif
