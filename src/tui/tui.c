// tui.c — the stepper's loop: terminal set-up and restore, signals, resize, and the
// dispatcher that hands each frame and each key to the screen that is on (tui_screen.h).
//
// One pass per event: read a key (or time out for autoplay and signal checks), give it
// to the screen that takes keys, draw the whole frame into stdscr and refresh once
// (curses sends only what changed, so nothing flickers). Signal handlers only set a
// flag; the loop sees it and leaves through endwin() (or, for Ctrl-Z, suspends through
// it): tui_signal.h.
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "i18n.h"
#include "tui.h"
#include "tui_explore.h"
#include "tui_screen.h"
#include "tui_signal.h"
#include "tui_state.h"
#include "tui_text.h"
#include "tui_widgets.h"

// ─── the dispatcher ───────────────────────────────────────────────────────────

static const TuiScreen STEPPER = {tui_stepper_draw, tui_stepper_key};
static const TuiScreen COMPARE = {tui_compare_draw, tui_stepper_key}; // x closes it
static const TuiScreen HELP = {tui_help_draw, tui_help_key};
static const TuiScreen VOCAB = {tui_vocab_draw, tui_vocab_key};
static const TuiScreen FINAL = {tui_final_draw, tui_final_key};
static const TuiScreen ANSWER = {tui_answer_draw, tui_answer_key};
static const TuiScreen EDIT = {tui_edit_draw, tui_edit_key};
static const TuiScreen SMALL = {tui_small_draw, NULL}; // keys: to the screen it hides
static const TuiScreen DECODE = {tui_decode_draw, tui_decode_key};

// The view: the decode walk, explore's compare view, or the matrix view.
static const TuiScreen *view(const TuiState *st)
{
    if (st->decoding)
        return &DECODE;
    return st->ex && st->ex->compare ? &COMPARE : &STEPPER;
}

// What is over the view, or NULL. At most one: each takes every key while it is open,
// so no other can open meanwhile.
static const TuiScreen *over(const TuiState *st)
{
    if (st->final)
        return &FINAL;
    if (st->help)
        return &HELP;
    if (st->vocab_on)
        return &VOCAB;
    if (st->asking)
        return &ANSWER;
    if (st->ex && st->ex->editing)
        return &EDIT;
    return NULL;
}

int tui_frame(TuiState *st)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    erase();
    if (tui_layout_too_small(cols, rows))
        return SMALL.draw(st, cols, rows);
    const TuiScreen *top = over(st);
    int rc = view(st)->draw(st, cols, rows);
    if (rc == 0 && top)
        rc = top->draw(st, cols, rows); // last: the answer box leaves the cursor in it
    return rc;
}

// One key to the screen that takes it (a resize: only laid out again by the next frame).
static void press(TuiState *st, TuiPress p)
{
    if (tui_press_is(p, KEY_RESIZE))
        return; // the next frame lays out for the new size
    const TuiScreen *top = over(st);
    (top ? top : view(st))->key(st, p);
}

// ─── terminal and signals ─────────────────────────────────────────────────────

// Is the terminal gone? A hung-up or closed terminal makes every read return at once
// (EOF or EIO) without a SIGHUP when the stepper is not its session's process (setsid):
// poll says so with POLLHUP, POLLERR or POLLNVAL.
static bool terminal_gone(void)
{
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    int r = poll(&p, 1, 0);
    if (r < 0)
        return errno != EINTR && errno != EAGAIN && errno != ENOMEM;
    return r > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

// SIGTSTP (Ctrl-Z): the terminal as it was, stop; on resume (fg) curses sets it up again
// and the whole screen is redrawn.
static void suspend(void)
{
    tui_signal_crash_clear();
    endwin();
    fflush(stdout);
    tui_signal_stop_self();
    tui_signal_take_cont(); // our own resume
    clearok(curscr, TRUE);  // the next refresh leaves endwin's mode and redraws it all
}

// SIGCONT without our SIGTSTP (a SIGSTOP from elsewhere, then SIGCONT): whoever had the
// terminal meanwhile may have changed its modes or screen; set both up again.
static void resume(void)
{
    endwin();
    clearok(curscr, TRUE);
}

// Arm the crash handler with the bytes that undo what curses set up.
static void arm_crash_reset(void)
{
    char bytes[512];
    size_t n = tui_term_reset_bytes(bytes, sizeof bytes, has_mouse());
    tui_signal_crash_arm(STDOUT_FILENO, bytes, n);
}

// The best the terminal offers, within the cap.
static ColorMode start_colors(ColorMode cap)
{
    if (cap == COLOR_NONE || !has_colors() || start_color() != OK)
        return COLOR_NONE;
    use_default_colors();
    ColorMode term = COLORS >= 256 && COLOR_PAIRS > TUI_PAIRS_NEEDED ? COLOR_256
                     : COLORS >= 8 && COLOR_PAIRS > TUI_PAIRS_NEEDED ? COLOR_8
                                                                     : COLOR_NONE;
    return term < cap ? term : cap;
}

// After newterm: the stepper's modes, the best colors within the cap, and frames sent in
// large writes (tui_term.h). The bench's virtual screen is set up the same way.
void tui_screen_setup(TuiState *st)
{
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    mouseinterval(0);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
    st->color_best = start_colors(st->o->color_cap);
    st->color = st->color_best;
    tui_colors_init(st->color, st->palette);
    tui_term_batch_writes(); // the first frame's refresh takes the screen up again
}

// The terminal set up for the stepper. NULL (e filled) when curses cannot use it.
static SCREEN *terminal_open(TuiState *st, AtError *e)
{
    tui_signal_crash_modes(STDIN_FILENO); // the modes a crash puts back
    const char *term = getenv("TERM");
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        at_fail(e, AT_ERUNTIME, _("cannot use the terminal (TERM=%s); try --print"),
                term ? term : "unset");
        return NULL;
    }
    tui_screen_setup(st);
    return scr;
}

// ─── the loop ─────────────────────────────────────────────────────────────────

// How long to wait for a key: signals are checked at least every 250 ms, and autoplay
// steps on time.
static int wait_ms(const TuiState *st)
{
    int ms = 250;
    if (st->autoplay) {
        double left = st->autoplay_next - tui_now();
        ms = left <= 0 ? 0 : left * 1000 < ms ? (int)(left * 1000) + 1 : ms;
    }
    return ms;
}

// Keys that came together (a paste, a held key) are all handled before the next frame:
// a frame per batch, not per key, so a 100 KB paste takes a moment, not seconds. A batch
// ends after 50 ms so the screen keeps up, and after a resize or a click (the next
// frame's layout first).
static void press_batch(TuiState *st, int got, wint_t wc)
{
    double until = tui_now() + 0.05;
    for (;;) {
        TuiPress p = {got == KEY_CODE_YES, wc};
        press(st, p);
        if (st->quit || tui_signal_end() || tui_now() > until || tui_press_is(p, KEY_RESIZE) ||
            tui_press_is(p, KEY_MOUSE))
            break;
        timeout(0);
        if ((got = get_wch(&wc)) == ERR)
            break;
    }
}

// Until the user quits or a signal ends it: 0; -1 (e filled) when a frame ran out of
// memory; *gone when the terminal went away.
static int loop(TuiState *st, bool *gone, AtError *e)
{
    arm_crash_reset();
    while (!st->quit && !tui_signal_end()) {
        if (tui_signal_take_stop()) {
            suspend();
            arm_crash_reset();
        } else if (tui_signal_take_cont()) {
            resume();
        }
        if (tui_frame(st) != 0)
            return at_fail(e, AT_ERUNTIME, _("out of memory"));
        curs_set(st->asking && !st->layout.too_small ? 1 : 0); // the answer box's cursor
        refresh(); // one flush per frame
        timeout(wait_ms(st));
        wint_t wc;
        int got = get_wch(&wc);
        if (got != ERR) {
            press_batch(st, got, wc);
        } else if (terminal_gone()) {
            *gone = true;
            return 0;
        } else if (st->autoplay && tui_now() >= st->autoplay_next) {
            tui_autoplay_tick(st, tui_now());
        }
    }
    return 0;
}

// The stepper on the terminal, from set-up to restore; then, with a lesson whose
// questions were answered, the score stays on the terminal. *gone: the terminal went away.
static int run_on_terminal(TuiState *st, bool *gone, AtError *e)
{
    TuiSignals sigs;
    tui_signals_install(&sigs); // before newterm, so curses keeps ours
    SCREEN *scr = terminal_open(st, e);
    if (!scr) {
        tui_signals_restore(&sigs);
        return -1;
    }
    tui_state_start(st, tui_now());
    int rc = loop(st, gone, e);
    tui_signal_crash_clear();
    endwin();
    delscreen(scr);
    tui_signals_restore(&sigs);
    if (rc == 0 && !tui_signal_end() && !*gone && st->quiz.answered) {
        char *title = tui_text_display_dup(st->o->lesson->title); // as the stepper showed it
        printf(_("%s — score: %zu/%zu (%zu answered)\n"), title ? title : "", st->quiz.correct,
               st->quiz.n, st->quiz.answered);
        free(title);
    }
    return rc;
}

int tui_run(const Inputs *in, const TraceOptions *opt, const TuiOptions *o, AtError *e)
{
    TuiExplore ex; // the stepper's own copy of the inputs, rebuilt by the explore keys
    if (tui_explore_init(&ex, in, opt, o->seed, e) != 0)
        return -1;
    TuiState st;
    if (tui_state_init(&st, &ex.trace, o, e) != 0) {
        tui_explore_free(&ex);
        return -1;
    }
    st.ex = &ex;
    bool gone = false;
    int rc = run_on_terminal(&st, &gone, e);
    tui_state_free(&st);
    tui_explore_free(&ex);
    int sig = tui_signal_end();
    if (rc == 0 && gone)
        rc = at_fail(e, AT_ERUNTIME, _("the terminal went away (its input hung up)"));
    if (rc == 0 && sig) { // end the conventional way: by the signal, with its default action
        char buf[32];
        fflush(stdout);
        fprintf(stderr, _("attntrace: stopped by %s\n"), tui_signal_name(sig, buf, sizeof buf));
        tui_signal_die(sig);
        rc = at_fail(e, AT_ERUNTIME, _("stopped by %s"), tui_signal_name(sig, buf, sizeof buf));
    }
    return rc;
}
