// tui_signal.c — the stepper's signal handlers and what is done with them (see
// tui_signal.h). The handlers only set flags, except the crash handler, which uses
// nothing but tcsetattr, write and sigaction (all async-signal-safe).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tui_signal.h"

static volatile sig_atomic_t g_end, g_stop, g_cont;

static void on_end(int sig) { g_end = sig; }
static void on_stop(int sig) { (void)sig; g_stop = 1; }
static void on_cont(int sig) { (void)sig; g_cont = 1; }

// Signals whose default action ends the process (each stops the stepper cleanly).
static const int END_SIGNALS[] = {
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE, SIGXCPU, SIGXFSZ,
    SIGVTALRM, SIGPROF,
#ifdef SIGPOLL
    SIGPOLL,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
};
#define N_END (sizeof END_SIGNALS / sizeof END_SIGNALS[0])

// A program error: the terminal is put back from inside the handler.
static const int CRASH_SIGNALS[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS};
#define N_CRASH (sizeof CRASH_SIGNALS / sizeof CRASH_SIGNALS[0])

static const struct {
    int sig;
    const char *name;
} NAMES[] = {
    {SIGINT, "SIGINT"},   {SIGTERM, "SIGTERM"},     {SIGHUP, "SIGHUP"},   {SIGQUIT, "SIGQUIT"},
    {SIGUSR1, "SIGUSR1"}, {SIGUSR2, "SIGUSR2"},     {SIGALRM, "SIGALRM"}, {SIGPIPE, "SIGPIPE"},
    {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"},     {SIGVTALRM, "SIGVTALRM"},
    {SIGPROF, "SIGPROF"}, {SIGTSTP, "SIGTSTP"},     {SIGCONT, "SIGCONT"},
#ifdef SIGPOLL
    {SIGPOLL, "SIGPOLL"},
#endif
#ifdef SIGPWR
    {SIGPWR, "SIGPWR"},
#endif
};

// ─── the crash reset ──────────────────────────────────────────────────────────

static char g_reset[512];
static size_t g_reset_n;
static int g_out_fd = -1, g_tty_fd = -1;
static struct termios g_shell_modes;
static volatile sig_atomic_t g_crash_armed;
static struct sigaction g_crash_old[N_CRASH];

void tui_signal_crash_modes(int tty_fd)
{
    g_crash_armed = 0;
    g_tty_fd = tcgetattr(tty_fd, &g_shell_modes) == 0 ? tty_fd : -1;
}

void tui_signal_crash_arm(int out_fd, const char *bytes, size_t n)
{
    g_crash_armed = 0;
    g_out_fd = out_fd;
    g_reset_n = n < sizeof g_reset ? n : sizeof g_reset;
    memcpy(g_reset, bytes, g_reset_n);
    g_crash_armed = 1;
}

void tui_signal_crash_clear(void) { g_crash_armed = 0; }

static void on_crash(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    int saved = errno;
    if (g_crash_armed) {
        g_crash_armed = 0;
        if (g_tty_fd >= 0)
            tcsetattr(g_tty_fd, TCSANOW, &g_shell_modes);
        for (size_t off = 0; off < g_reset_n;) {
            ssize_t w = write(g_out_fd, g_reset + off, g_reset_n - off);
            if (w <= 0 && errno != EINTR)
                break;
            off += w > 0 ? (size_t)w : 0;
        }
    }
    for (size_t k = 0; k < N_CRASH; k++) // the previous action takes over
        if (CRASH_SIGNALS[k] == sig)
            sigaction(sig, &g_crash_old[k], NULL);
    // A fault comes back when the handler returns; a signal sent by a process (kill,
    // abort) would not: send it again (blocked here, it arrives on return).
    if (info && info->si_code <= 0)
        raise(sig);
    errno = saved;
}

// ─── install, restore ─────────────────────────────────────────────────────────

static void add(TuiSignals *s, int sig, const struct sigaction *sa)
{
    if (s->n < TUI_SIGNALS_MAX && sigaction(sig, sa, &s->old[s->n]) == 0)
        s->sig[s->n++] = sig;
}

void tui_signals_install(TuiSignals *s)
{
    memset(s, 0, sizeof *s);
    g_end = g_stop = g_cont = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask); // no SA_RESTART: a signal wakes the loop's read
    sa.sa_handler = on_end;
    for (size_t k = 0; k < N_END; k++)
        add(s, END_SIGNALS[k], &sa);
#if defined(SIGRTMIN) && defined(SIGRTMAX)
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) // their default action ends a process too
        add(s, sig, &sa);
#endif
    sa.sa_handler = on_stop;
    add(s, SIGTSTP, &sa);
    sa.sa_handler = on_cont;
    add(s, SIGCONT, &sa);
    g_crash_armed = 0;
    struct sigaction ca;
    memset(&ca, 0, sizeof ca);
    sigemptyset(&ca.sa_mask);
    ca.sa_sigaction = on_crash;
    ca.sa_flags = SA_SIGINFO;
    for (size_t k = 0; k < N_CRASH; k++) {
        sigaction(CRASH_SIGNALS[k], NULL, &g_crash_old[k]);
        add(s, CRASH_SIGNALS[k], &ca);
    }
}

void tui_signals_restore(TuiSignals *s)
{
    g_crash_armed = 0;
    for (size_t k = s->n; k-- > 0;)
        sigaction(s->sig[k], &s->old[k], NULL);
    s->n = 0;
}

int tui_signal_end(void) { return (int)g_end; }

bool tui_signal_take_stop(void)
{
    bool v = g_stop != 0;
    g_stop = 0;
    return v;
}

bool tui_signal_take_cont(void)
{
    bool v = g_cont != 0;
    g_cont = 0;
    return v;
}

// Raise sig with its default action (SIG_DFL) and the signal unblocked, then put back
// the action and mask it had.
static void raise_default(int sig, struct sigaction *was, sigset_t *mask)
{
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, was);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    sigprocmask(SIG_UNBLOCK, &one, mask);
    raise(sig);
}

void tui_signal_stop_self(void)
{
    struct sigaction was;
    sigset_t mask;
    raise_default(SIGTSTP, &was, &mask); // stops here until SIGCONT (unless orphaned)
    sigprocmask(SIG_SETMASK, &mask, NULL);
    sigaction(SIGTSTP, &was, NULL);
}

void tui_signal_die(int sig)
{
    struct sigaction was;
    sigset_t mask;
    raise_default(sig, &was, &mask);
    sigprocmask(SIG_SETMASK, &mask, NULL); // still here: that action did not end us
}

const char *tui_signal_name(int sig, char *buf, size_t size)
{
    for (size_t k = 0; k < sizeof NAMES / sizeof NAMES[0]; k++)
        if (NAMES[k].sig == sig)
            return NAMES[k].name;
    snprintf(buf, size, "signal %d", sig);
    return buf;
}
