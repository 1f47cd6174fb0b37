// tui.c — the stepper's loop: terminal set-up and restore, signals, the dispatcher.
//
// One pass per event: read a key (or time out for autoplay and signal checks), turn it
// into a request through the key table, change the state, draw the whole frame into
// stdscr and refresh once (curses sends only what changed, so nothing flickers).
// Signal handlers only set a flag; the loop sees it and leaves through endwin() (or,
// for Ctrl-Z, suspends through it): tui_signal.h.
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "export.h"
#include "tui.h"
#include "tui_explore.h"
#include "tui_signal.h"
#include "tui_state.h"
#include "tui_text.h"

// ─── state ────────────────────────────────────────────────────────────────────

static int label_width(const Stage *s, const Trace *t, bool column, size_t k)
{
    const char *text = column ? s->col_labels[k] : s->row_labels[k];
    (void)t;
    int w = tui_text_width(text) + (stage_generated(s, column, k) ? 1 : 0);
    return w > TUI_LABEL_MAX ? TUI_LABEL_MAX : w;
}

void tui_stage_measure(const Trace *t, const Stage *s, TuiStageInfo *in)
{
    *in = (TuiStageInfo){.lo = INFINITY, .hi = -INFINITY};
    for (size_t c = 0; c < s->m.rows * s->m.cols; c++) {
        double x = s->m.v[c];
        if (isinf(x)) {
            in->has_masked = true;
            continue;
        }
        in->lo = x < in->lo ? x : in->lo;
        in->hi = x > in->hi ? x : in->hi;
    }
    if (in->lo > in->hi)
        in->lo = in->hi = 0;
    in->range = heat_range(&s->m, s->scale);
    for (size_t i = 0; i < s->m.rows; i++) {
        int w = label_width(s, t, false, i);
        in->row_label_w = w > in->row_label_w ? w : in->row_label_w;
    }
    for (size_t j = 0; j < s->m.cols; j++) {
        int w = label_width(s, t, true, j);
        in->col_label_w = w > in->col_label_w ? w : in->col_label_w;
    }
}

int tui_state_init(TuiState *st, const Trace *t, const TuiOptions *o, AtError *e)
{
    memset(st, 0, sizeof *st);
    if (t->count == 0 || t->n == 0)
        return at_fail(e, AT_EINPUT, "nothing to show: the trace has no stages");
    st->t = t;
    st->o = o;
    st->decimals = TUI_DEFAULT_DECIMALS;
    st->inspector = true;
    for (size_t k = 0; k < t->count; k++)
        tui_stage_measure(t, &t->stage[k], &st->info[k]);
    return tui_quiz_init(&st->quiz, o->lesson, t, e);
}

void tui_state_free(TuiState *st) { tui_quiz_free(&st->quiz); }

bool tui_lesson_zh(const TuiState *st)
{
    const Lesson *l = st->o->lesson;
    return l && l->lang && strncmp(l->lang, "zh", 2) == 0;
}

bool tui_operands(const TuiState *st, TuiMat *a, TuiMat *b, const char **op)
{
    const Trace *t = st->t;
    const Stage *s = &t->stage[st->k], *sa = NULL, *sb = NULL;
    const char *na = NULL, *nb = NULL;
    bool bt = false;
    switch (s->id) {
    case ST_Q: case ST_K: case ST_V: // K and V come from X_src with --source
        sa = trace_find_id(t, t->cross && s->id != ST_Q ? ST_SOURCE : ST_EMBEDDINGS);
        sb = trace_find_id(t, (StageId)(ST_WQ + (s->id - ST_Q)));
        na = t->cross && s->id != ST_Q ? "X_src" : "X";
        nb = sb ? sb->name : NULL;
        break;
    case ST_SCORES:
        if (s->head > 0) // a head's scores use only its slice of Q and K
            return false;
        sa = trace_find_id(t, ST_Q);
        sb = trace_find_id(t, ST_K);
        na = "Q";
        nb = "Kᵀ";
        bt = true;
        break;
    case ST_OUTPUT:
        if (s->head == 0 && t->heads > 1) { // output = concat·W_O
            sa = trace_find_id(t, ST_CONCAT);
            sb = trace_find_id(t, ST_WO);
            na = "concat";
            nb = "W_O";
            break;
        }
        if (s->head > 0) // likewise its slice of V
            return false;
        sa = trace_find_id(t, ST_WEIGHTS);
        sb = trace_find_id(t, ST_V);
        na = "weights";
        nb = "V";
        break;
    default:
        return false;
    }
    if (!sa || !sb)
        return false;
    *a = (TuiMat){sa, &st->info[sa - t->stage], false, na};
    *b = (TuiMat){sb, &st->info[sb - t->stage], bt, nb};
    *op = "·";
    return true;
}

static void go_stage(TuiState *st, size_t k)
{
    if (k >= st->t->count)
        return;
    st->k = k;
    const Matrix *m = &st->t->stage[k].m;
    if (st->ci >= m->rows)
        st->ci = m->rows - 1;
    if (st->cj >= m->cols)
        st->cj = m->cols - 1;
    st->panel_scroll = 0;
    st->autoplay_held = false; // a held autoplay waits for this stage's answers only
}

// Forward to stage k, unless --quiz holds the learner at a stage with an unanswered
// question on the way (then as far as that stage). Backward is always free.
static void go_forward(TuiState *st, size_t k)
{
    size_t stop = st->o->quiz ? tui_quiz_stop(&st->quiz, st->k, k) : k;
    if (stop == st->k && k > st->k) {
        tui_set_status(st, false, "answer the question first (A)");
        return;
    }
    go_stage(st, stop);
    if (stop < k)
        tui_set_status(st, false, "stopped at stage %zu, %s: answer the question first (A)",
                   stop + 1, st->t->stage[stop].name);
    else if (stop + 1 == st->t->count && st->quiz.n) // the end: the score so far
        tui_set_status(st, false, "The last stage. score: %zu/%zu (%zu answered); ] scrolls to "
                   "the end of the lesson", st->quiz.correct, st->quiz.n, st->quiz.answered);
}

// A: open the answer box on this stage's first unanswered question.
static void open_answer(TuiState *st)
{
    if (!st->o->lesson) {
        tui_set_status(st, false, "No lesson, no questions: try --lesson self-attention.");
        return;
    }
    size_t asked = tui_quiz_count(&st->quiz, st->k);
    TuiQuestion *q = tui_quiz_next(&st->quiz, st->k);
    if (asked == 0) {
        tui_set_status(st, false, "No question at this stage.");
    } else if (!q) {
        tui_set_status(st, false, "The question%s here %s answered (quiz %zu/%zu).",
                   asked == 1 ? "" : "s", asked == 1 ? "is" : "are", st->quiz.correct,
                   st->quiz.answered);
    } else {
        st->asking = q;
        tui_field_clear(&st->field);
        tui_set_status(st, false, "Type the answer: Enter submits, Esc cancels.");
    }
}

// [ and ] with several heads: the same kind of stage in the previous or next head (from
// a stage outside the heads, the first head's scores), keeping the cell cursor.
static void switch_head(TuiState *st, int step)
{
    const Trace *t = st->t;
    const Stage *s = &t->stage[st->k];
    int heads = (int)t->heads;
    const Stage *to;
    if (s->head > 0)
        to = trace_find_head(t, s->id, (s->head - 1 + step + heads) % heads + 1);
    else
        to = trace_find_head(t, ST_SCORES, step > 0 ? 1 : heads);
    if (!to) {
        tui_set_status(st, false, "No head stage to switch to.");
        return;
    }
    go_stage(st, (size_t)(to - t->stage));
    tui_set_status(st, false, "%s: head %d of %d ([ and ] switch heads)", to->name, to->head, heads);
}

bool tui_apply(TuiState *st, TuiRequest r, int arg)
{
    const Matrix *m = &st->t->stage[st->k].m;
    size_t last = st->t->count - 1;
    switch (r) {
    case REQ_NEXT:
        if (st->k < last)
            go_forward(st, st->k + 1);
        else
            tui_set_status(st, false, "This is the last stage. g or Home goes back to the first.");
        return true;
    case REQ_PREV:
        if (st->k > 0)
            go_stage(st, st->k - 1);
        else
            tui_set_status(st, false, "This is the first stage. n or Space goes on.");
        return true;
    case REQ_FIRST: go_stage(st, 0); return true;
    case REQ_LAST: go_forward(st, last); return true;
    case REQ_JUMP:
        if ((size_t)arg < st->k)
            go_stage(st, (size_t)arg);
        else if ((size_t)arg <= last)
            go_forward(st, (size_t)arg);
        else
            tui_set_status(st, false, "There are %zu stages.", st->t->count);
        return true;
    case REQ_UP: if (st->ci > 0) st->ci--; return true;
    case REQ_DOWN: if (st->ci + 1 < m->rows) st->ci++; return true;
    case REQ_LEFT: if (st->cj > 0) st->cj--; return true;
    case REQ_RIGHT: if (st->cj + 1 < m->cols) st->cj++; return true;
    case REQ_INSPECT: st->inspector = !st->inspector; return true;
    case REQ_HEAD_NEXT:
    case REQ_HEAD_PREV:
        if (st->t->heads > 1) {
            switch_head(st, r == REQ_HEAD_NEXT ? 1 : -1);
            return true;
        }
        r = r == REQ_HEAD_NEXT ? REQ_PANEL_DOWN : REQ_PANEL_UP; // one head: [/] scroll
        if (r == REQ_PANEL_UP) {
            st->panel_scroll = st->panel_scroll > 3 ? st->panel_scroll - 3 : 0;
            return true;
        }
        /* fall through */
    case REQ_PANEL_DOWN: st->panel_scroll += 3; return true; // the draw clamps it
    case REQ_PANEL_UP: st->panel_scroll = st->panel_scroll > 3 ? st->panel_scroll - 3 : 0; return true;
    case REQ_WIDER:
    case REQ_NARROWER: {
        int d = st->decimals + (r == REQ_WIDER ? 1 : -1);
        if (d >= 0 && d <= TUI_MAX_DECIMALS)
            st->decimals = d;
        tui_set_status(st, false, "%d decimal%s (+ and - change it, 0 to %d)", st->decimals,
                   st->decimals == 1 ? "" : "s", TUI_MAX_DECIMALS);
        return true;
    }
    case REQ_ANSWER: open_answer(st); return true;
    case REQ_HELP: st->help = true; st->help_page = 0; st->help_pages = 1; return true;
    case REQ_QUIT: // with --quiz, the final score first; q there quits
        if (st->o->quiz && st->quiz.n && !st->final)
            st->final = true;
        else
            st->quit = true;
        return true;
    default: return false;
    }
}

// ─── requests that need the terminal or the disk ──────────────────────────────

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *color_name(ColorMode m)
{
    return m == COLOR_256 ? "256 colors" : m == COLOR_8 ? "8 colors" : "no color (shade glyphs)";
}

static void cycle_color(TuiState *st)
{
    if (st->color_best == COLOR_NONE) {
        tui_set_status(st, false, "No color here (--color never, NO_COLOR, or the terminal has none).");
        return;
    }
    st->color = st->color == COLOR_NONE ? st->color_best : (ColorMode)(st->color - 1);
    tui_colors_init(st->color, st->o->palette);
    tui_set_status(st, false, "%s", color_name(st->color));
}

static void do_export(TuiState *st, bool all)
{
    const Trace *t = st->t;
    const char *dir = st->o->export_dir ? st->o->export_dir : DEFAULT_TUI_EXPORT_DIR;
    AtError e = {0};
    if (!all) {
        char path[1024];
        if (export_stage(t, &t->stage[st->k], dir, path, sizeof path, &e) == 0)
            tui_set_status(st, false, "wrote %s", path);
        else
            tui_set_status(st, true, "export failed: %s", e.msg);
        return;
    }
    // E replaces an earlier export, or the stage files e wrote, and nothing else: a
    // folder holding anything more is refused (outdir.h), the refusal on the status line.
    ExportOptions eo = {.force = true, .stage_files = true};
    if (export_trace(t, dir, &eo, &e) == 0) {
        char first[64], lastf[64];
        export_file_name(t, 0, first, sizeof first);
        export_file_name(t, t->count - 1, lastf, sizeof lastf);
        tui_set_status(st, false, "wrote %s: manifest.csv and %zu stage files, %s … %s", dir,
                   t->count, first, lastf);
    } else {
        tui_set_status(st, true, "export failed: %s", e.msg);
    }
}

static void toggle_autoplay(TuiState *st)
{
    if (st->autoplay) {
        st->autoplay = false;
        tui_set_status(st, false, "autoplay stopped");
        return;
    }
    double period = st->o->autoplay > 0 ? st->o->autoplay : 3.0;
    st->autoplay = true;
    st->autoplay_next = now() + period;
    if (st->k + 1 >= st->t->count)
        go_stage(st, 0);
    tui_set_status(st, false, "autoplay: the next stage every %g s; any key stops it", period);
}

static void autoplay_tick(TuiState *st)
{
    double period = st->o->autoplay > 0 ? st->o->autoplay : 3.0;
    if (st->o->quiz && st->k + 1 < st->t->count && tui_quiz_next(&st->quiz, st->k)) {
        st->autoplay = false; // waits here; answering the questions resumes it
        st->autoplay_held = true;
        tui_set_status(st, false, "autoplay waits: answer the question first (A)");
        return;
    }
    if (st->k + 1 < st->t->count) {
        go_stage(st, st->k + 1);
        st->status[0] = '\0';
        st->autoplay_next = now() + period;
    }
    if (st->k + 1 >= st->t->count) {
        st->autoplay = false;
        tui_set_status(st, false, "autoplay reached the last stage");
    }
}

static void mouse_click(TuiState *st)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || !st->grid_shown)
        return;
    if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_RELEASED)))
        return;
    size_t i, j;
    if (tui_grid_hit(&st->grid, st->grid_x, st->grid_y, ev.x, ev.y, &i, &j)) {
        st->ci = i;
        st->cj = j;
        st->status[0] = '\0';
    }
}

// Enter in the answer box: check the answer, show the verdict, resume a held autoplay.
static void submit_answer(TuiState *st)
{
    TuiQuestion *q = st->asking;
    if (st->field.len == 0) {
        tui_set_status(st, false, "Type an answer first, or Esc to cancel.");
        return;
    }
    AtError e = {0};
    if (tui_quiz_answer(&st->quiz, q, st->field.text, &e) != 0) {
        tui_set_status(st, true, "cannot check the answer: %s", e.msg);
        st->asking = NULL;
        return;
    }
    st->asking = NULL;
    st->focus = q;
    bool more = tui_quiz_next(&st->quiz, st->k) != NULL;
    if (q->correct)
        tui_set_status(st, false, "Right! quiz %zu/%zu%s", st->quiz.correct, st->quiz.answered,
                   more ? "; A for the next question" : "");
    else
        tui_set_status(st, true, "Not quite: the answer and its arithmetic are in the panel. "
                   "quiz %zu/%zu%s", st->quiz.correct, st->quiz.answered,
                   more ? "; A for the next question" : "");
    if (st->autoplay_held && !more) {
        double period = st->o->autoplay > 0 ? st->o->autoplay : 3.0;
        st->autoplay_held = false;
        st->autoplay = true;
        st->autoplay_next = now() + period;
    }
}

TuiFieldKey tui_field_key(TuiField *f, bool code, wint_t wc)
{
    int k = (int)wc;
    if (code) {
        switch (k) {
        case KEY_ENTER: return TUI_FIELD_SUBMIT;
        case KEY_BACKSPACE: tui_field_backspace(f); break;
        case KEY_DC: tui_field_delete(f); break;
        case KEY_LEFT: tui_field_left(f); break;
        case KEY_RIGHT: tui_field_right(f); break;
        case KEY_HOME: tui_field_home(f); break;
        case KEY_END: tui_field_end(f); break;
        case KEY_MOUSE: { MEVENT ev; getmouse(&ev); break; } // not here
        default: break; // KEY_RESIZE: the next frame lays out again
        }
        return TUI_FIELD_EDITED;
    }
    switch (k) {
    case '\n': case '\r': return TUI_FIELD_SUBMIT;
    case 27: return TUI_FIELD_CANCEL; // Esc
    case 127: case 8: tui_field_backspace(f); break;
    case 1: tui_field_home(f); break;  // Ctrl-A
    case 5: tui_field_end(f); break;   // Ctrl-E
    case 21: tui_field_clear(f); break; // Ctrl-U
    default:
        if (!tui_field_insert(f, (unsigned long)wc) && wc >= 0x20)
            return TUI_FIELD_FULL;
        break;
    }
    return TUI_FIELD_EDITED;
}

// A key while the answer box is open: edit, submit, or cancel.
static void answer_key(TuiState *st, bool code, wint_t wc)
{
    switch (tui_field_key(&st->field, code, wc)) {
    case TUI_FIELD_SUBMIT:
        submit_answer(st);
        break;
    case TUI_FIELD_CANCEL:
        st->asking = NULL;
        tui_set_status(st, false, "Answer cancelled; A opens the box again.");
        break;
    case TUI_FIELD_FULL:
        tui_set_status(st, false, "The answer box is full.");
        break;
    case TUI_FIELD_EDITED:
        break;
    }
}

// One key: through the table to a request, then to whoever carries it out.
static void handle_key(TuiState *st, int ch)
{
    if (ch == KEY_RESIZE)
        return; // the next frame lays out for the new size
    if (st->final) { // the final score: q (or Esc) quits, any other key goes back
        const TuiKey *k = tui_key_find(ch);
        if (k && k->req == REQ_QUIT)
            st->quit = true;
        else if (ch != KEY_MOUSE)
            st->final = false;
        return;
    }
    if (st->help) { // any key shows the help's next page, or closes it after the last
        if (ch != KEY_MOUSE && ++st->help_page >= st->help_pages)
            st->help = false;
        return;
    }
    const TuiKey *k = tui_key_find(ch);
    TuiRequest r = k ? k->req : REQ_NONE;
    if (st->autoplay && r != REQ_MOUSE) { // any key stops autoplay; q still quits
        st->autoplay = false;
        tui_set_status(st, false, "autoplay stopped");
        if (r != REQ_QUIT)
            return;
    }
    if (r != REQ_MOUSE)
        st->status[0] = '\0';
    size_t from_k = st->k;
    if (tui_apply(st, r, k ? k->arg : 0)) {
        tui_explore_stepped(st, from_k); // leaving a stage clears its change marks
        return;
    }
    switch (r) {
    case REQ_EXPORT_STAGE: do_export(st, false); break;
    case REQ_EXPORT_ALL: do_export(st, true); break;
    case REQ_AUTOPLAY: toggle_autoplay(st); break;
    case REQ_COLOR: cycle_color(st); break;
    case REQ_MOUSE: mouse_click(st); break;
    case REQ_SCALE: case REQ_MASK: case REQ_TEMP_DOWN: case REQ_TEMP_UP: case REQ_DK_DOWN:
    case REQ_DK_UP: case REQ_COMPARE: case REQ_EDIT: case REQ_UNDO: case REQ_WRITE_SAMPLE:
    case REQ_SLIDES:
        tui_explore_request(st, r);
        break;
    case REQ_NONE:
        if (ch != ERR)
            tui_set_status(st, false, "That key does nothing here: ? shows the keys.");
        break;
    default: break;
    }
}

#define KEY_OTHER (-2) // a typed character that no key of the table can be

// One key from get_wch (got: OK or KEY_CODE_YES) to whoever takes it.
static void dispatch_key(TuiState *st, int got, wint_t wc)
{
    if (st->asking) {
        answer_key(st, got == KEY_CODE_YES, wc);
    } else if (tui_explore_edit_key(st, got == KEY_CODE_YES, wc)) {
        // the edit field (=) took the key
    } else {
        // Keys are bound to ASCII characters and KEY_* codes; any other character
        // (é, 猫) must not be taken for the KEY_* code with the same number.
        int ch = got == KEY_CODE_YES || wc < 128 ? (int)wc : KEY_OTHER;
        handle_key(st, ch);
    }
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
    ColorMode term = COLORS >= 256 && COLOR_PAIRS > PAIRS_NEEDED ? COLOR_256
                     : COLORS >= 8 && COLOR_PAIRS > PAIRS_NEEDED ? COLOR_8
                                                        : COLOR_NONE;
    return term < cap ? term : cap;
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
    const Stage *first = o->start_stage ? trace_find(&ex.trace, o->start_stage) : NULL;
    if (first) // --stage: a teacher starts where the lesson is
        st.k = (size_t)(first - ex.trace.stage);
    TuiSignals sigs;
    tui_signals_install(&sigs); // before newterm, so curses keeps ours

    tui_signal_crash_modes(STDIN_FILENO); // the modes a crash puts back
    const char *term = getenv("TERM");
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        tui_signals_restore(&sigs);
        tui_state_free(&st);
        tui_explore_free(&ex);
        return at_fail(e, AT_ERUNTIME, "cannot use the terminal (TERM=%s); try --print",
                       term ? term : "unset");
    }
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    mouseinterval(0);
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
    st.color_best = start_colors(o->color_cap);
    st.color = st.color_best;
    tui_colors_init(st.color, o->palette);
    if (o->autoplay > 0) {
        st.autoplay = true;
        st.autoplay_next = now() + o->autoplay;
        tui_set_status(&st, false, "autoplay: the next stage every %g s; any key stops it",
                   o->autoplay);
    }

    int rc = 0;
    bool gone = false;
    arm_crash_reset();
    while (!st.quit && !tui_signal_end()) {
        if (tui_signal_take_stop()) {
            suspend();
            arm_crash_reset();
        } else if (tui_signal_take_cont()) {
            resume();
        }
        if (tui_draw(&st) != 0) {
            rc = at_fail(e, AT_ERUNTIME, "out of memory");
            break;
        }
        curs_set(st.asking && !st.layout.too_small ? 1 : 0); // the answer box's cursor
        refresh(); // one flush per frame
        int wait_ms = 250; // signals are checked at least this often
        if (st.autoplay) {
            double left = st.autoplay_next - now();
            wait_ms = left <= 0 ? 0 : left * 1000 < wait_ms ? (int)(left * 1000) + 1 : wait_ms;
        }
        timeout(wait_ms);
        wint_t wc;
        int got = get_wch(&wc);
        if (got == ERR) {
            if (terminal_gone()) {
                gone = true;
                break;
            }
            if (st.autoplay && now() >= st.autoplay_next)
                autoplay_tick(&st);
            continue;
        }
        // Keys that came together (a paste, a held key) are all handled before the next
        // frame: a frame per batch, not per key, so a 100 KB paste takes a moment, not
        // seconds. A batch ends after 50 ms so the screen keeps up.
        double until = now() + 0.05;
        for (;;) {
            dispatch_key(&st, got, wc);
            if (st.quit || tui_signal_end() || now() > until ||
                (got == KEY_CODE_YES && (wc == KEY_RESIZE || wc == KEY_MOUSE)))
                break; // after a resize or a click, the next frame's layout first
            timeout(0);
            if ((got = get_wch(&wc)) == ERR)
                break;
        }
    }
    tui_signal_crash_clear();
    endwin();
    delscreen(scr);
    tui_signals_restore(&sigs);
    int sig = tui_signal_end();
    if (rc == 0 && !sig && !gone && st.quiz.answered) { // the score stays on the terminal
        char *title = tui_text_display_dup(o->lesson->title); // as the stepper showed it
        printf("%s — score: %zu/%zu (%zu answered)\n", title ? title : "", st.quiz.correct,
               st.quiz.n, st.quiz.answered);
        free(title);
    }
    tui_state_free(&st);
    tui_explore_free(&ex);
    if (rc == 0 && gone)
        rc = at_fail(e, AT_ERUNTIME, "the terminal went away (its input hung up)");
    if (rc == 0 && sig) { // end the conventional way: by the signal, with its default action
        char buf[32];
        fflush(stdout);
        fprintf(stderr, "attntrace: stopped by %s\n", tui_signal_name(sig, buf, sizeof buf));
        tui_signal_die(sig);
        rc = at_fail(e, AT_ERUNTIME, "stopped by %s", tui_signal_name(sig, buf, sizeof buf));
    }
    return rc;
}
