// tui_state.c — the stepper's state model, with no curses (see tui_state.h).
#include <math.h>
#include <string.h>
#include <time.h>

#include "palette.h"
#include "i18n.h"
#include "tui_state.h"
#include "tui_text.h"

// ─── measuring ────────────────────────────────────────────────────────────────

static int label_width(const Stage *s, bool column, size_t k)
{
    const char *text = column ? s->col_labels[k] : s->row_labels[k];
    int w = tui_text_width(text) + (stage_generated(s, column, k) ? 1 : 0);
    return w > TUI_LABEL_MAX ? TUI_LABEL_MAX : w;
}

void tui_stage_measure(const Trace *t, const Stage *s, TuiStageInfo *in)
{
    (void)t;
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
        int w = label_width(s, false, i);
        in->row_label_w = w > in->row_label_w ? w : in->row_label_w;
    }
    for (size_t j = 0; j < s->m.cols; j++) {
        int w = label_width(s, true, j);
        in->col_label_w = w > in->col_label_w ? w : in->col_label_w;
    }
}

int tui_mat_label_w(const TuiMat *m)
{
    int w = m->transpose ? m->info->col_label_w : m->info->row_label_w;
    return w < 1 ? 1 : w;
}

int tui_mat_cell_w(const TuiMat *m, int decimals, bool glyph)
{
    int cl = m->transpose ? m->info->row_label_w : m->info->col_label_w;
    return tui_cell_width(tui_number_width(m->info->lo, m->info->hi, decimals), glyph, cl);
}

// ─── the state ────────────────────────────────────────────────────────────────

int tui_state_init(TuiState *st, const Trace *t, const TuiOptions *o, AtError *e)
{
    memset(st, 0, sizeof *st);
    if (t->count == 0 || t->n == 0)
        return at_fail(e, AT_EINPUT, _("nothing to show: the trace has no stages"));
    st->t = t;
    st->o = o;
    st->decimals = TUI_DEFAULT_DECIMALS;
    st->zoom = TUI_ZOOM_FIT;
    st->present = o->present;
    st->inspector = true;
    st->palette = o->palette ? o->palette : palette_default();
    for (size_t k = 0; k < t->count; k++)
        tui_stage_measure(t, &t->stage[k], &st->info[k]);
    return tui_quiz_init(&st->quiz, o->lesson, t, e);
}

void tui_state_free(TuiState *st)
{
    tui_quiz_free(&st->quiz);
    decode_free(&st->dec);
    lines_free(&st->vocab);
}

void tui_state_start(TuiState *st, double now)
{
    const Stage *first = st->o->start_stage ? trace_find(st->t, st->o->start_stage) : NULL;
    if (first) // --stage: a teacher starts where the lesson is
        st->k = (size_t)(first - st->t->stage);
    if (st->o->autoplay > 0) {
        st->autoplay = true;
        st->autoplay_next = now + st->o->autoplay;
        tui_set_status(st, false, _("autoplay: the next stage every %g s; any key stops it"),
                       st->o->autoplay);
    }
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

// ─── moving ───────────────────────────────────────────────────────────────────

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
        tui_set_status(st, false, _("answer the question first (A)"));
        return;
    }
    go_stage(st, stop);
    if (stop < k)
        tui_set_status(st, false, _("stopped at stage %zu, %s: answer the question first (A)"),
                   stop + 1, st->t->stage[stop].name);
    else if (stop + 1 == st->t->count && st->quiz.n) // the end: the score so far
        tui_set_status(st, false, _("The last stage. score: %zu/%zu (%zu answered); ] scrolls to "
                     "the end of the lesson"), st->quiz.correct, st->quiz.n, st->quiz.answered);
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
        tui_set_status(st, false, _("No head stage to switch to."));
        return;
    }
    go_stage(st, (size_t)(to - t->stage));
    tui_set_status(st, false, _("%s: head %d of %d ([ and ] switch heads)"), to->name, to->head, heads);
}

// The stage moves: n, p, g, G, 1…9. True when r is one of them.
static bool move_stage(TuiState *st, TuiRequest r, int arg)
{
    size_t last = st->t->count - 1;
    switch (r) {
    case REQ_NEXT:
        if (st->k < last)
            go_forward(st, st->k + 1);
        else
            tui_set_status(st, false, _("This is the last stage. g or Home goes back to the first."));
        return true;
    case REQ_PREV:
        if (st->k > 0)
            go_stage(st, st->k - 1);
        else
            tui_set_status(st, false, _("This is the first stage. n or Space goes on."));
        return true;
    case REQ_FIRST: go_stage(st, 0); return true;
    case REQ_LAST: go_forward(st, last); return true;
    case REQ_JUMP:
        if ((size_t)arg < st->k)
            go_stage(st, (size_t)arg);
        else if ((size_t)arg <= last)
            go_forward(st, (size_t)arg);
        else
            tui_set_status(st, false, _("There are %zu stages."), st->t->count);
        return true;
    default: return false;
    }
}

// The cell cursor and the text panel: arrows, [ and ] (heads, or with one head the
// panel), J, K. True when r is one of them.
static bool move_within(TuiState *st, TuiRequest r)
{
    const Matrix *m = &st->t->stage[st->k].m;
    switch (r) {
    case REQ_UP: if (st->ci > 0) st->ci--; return true;
    case REQ_DOWN: if (st->ci + 1 < m->rows) st->ci++; return true;
    case REQ_LEFT: if (st->cj > 0) st->cj--; return true;
    case REQ_RIGHT: if (st->cj + 1 < m->cols) st->cj++; return true;
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
    default: return false;
    }
}

TuiQuestion *tui_hidden_by(const TuiState *st)
{
    return st->o->lesson ? tui_quiz_predict(&st->quiz, st->k) : NULL;
}

// A: open the answer box on this stage's prediction, else its first unanswered question.
static void open_answer(TuiState *st)
{
    if (!st->o->lesson) {
        tui_set_status(st, false, _("No lesson, no questions: try --lesson self-attention."));
        return;
    }
    size_t asked = tui_quiz_count(&st->quiz, st->k);
    TuiQuestion *q = tui_hidden_by(st);
    q = q ? q : tui_quiz_next(&st->quiz, st->k);
    if (asked == 0) {
        tui_set_status(st, false, _("No question at this stage."));
    } else if (!q) {
        tui_set_status(st, false, ngettext("The question here is answered (quiz %zu/%zu).",
                            "The questions here are answered (quiz %zu/%zu).", asked),
                   st->quiz.correct,
                   st->quiz.answered);
    } else {
        st->asking = q;
        tui_field_clear(&st->field);
        if (q == tui_hidden_by(st))
            tui_set_status(st, false, _("Type your prediction: Enter submits, Esc cancels."));
        else
            tui_set_status(st, false, _("Type the answer: Enter submits, Esc cancels."));
    }
}

bool tui_apply(TuiState *st, TuiRequest r, int arg)
{
    if (move_stage(st, r, arg) || move_within(st, r))
        return true;
    switch (r) {
    case REQ_INSPECT: st->inspector = !st->inspector; return true;
    case REQ_ZOOM: { // from the level on screen; back at the fit, the fit follows the screen
        int fit = st->layout.fit_zoom;
        int z = (st->zoom == TUI_ZOOM_FIT ? fit : st->zoom) + (arg > 0 ? 1 : -1);
        z = z < 0 ? 0 : z > TUI_ZOOM_MAX ? TUI_ZOOM_MAX : z;
        st->zoom = z == fit ? TUI_ZOOM_FIT : z;
        tui_set_status(st, false, "zoom %d%s (z in, Z out, 0 to %d)", z,
                       st->zoom == TUI_ZOOM_FIT ? ": fits the screen" : "", TUI_ZOOM_MAX);
        return true;
    }
    case REQ_PRESENT:
        st->present = !st->present;
        st->panel_scroll = 0;
        tui_set_status(st, false, "%s", st->present ? "presenter layout (F: back)"
                                                    : "default layout");
        return true;
    case REQ_WIDER:
    case REQ_NARROWER: {
        int d = st->decimals + (r == REQ_WIDER ? 1 : -1);
        if (d >= 0 && d <= TUI_MAX_DECIMALS)
            st->decimals = d;
        tui_set_status(st, false, ngettext("%d decimal (+ and - change it, 0 to %d)",
                            "%d decimals (+ and - change it, 0 to %d)", (unsigned long)st->decimals),
                   st->decimals, TUI_MAX_DECIMALS);
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

// ─── row sums ─────────────────────────────────────────────────────────────────

int tui_sum_decimals(int decimals) { return decimals > TUI_SUM_DECIMALS ? decimals : TUI_SUM_DECIMALS; }

// x rounded to d decimals, as "%.*f" shows it (near enough: halves are rare in softmax).
static double rounded(double x, int d)
{
    double p = pow(10, d);
    return round(x * p) / p;
}

bool tui_rounded_row(const Matrix *m, int decimals, size_t *row, double *shown)
{
    int sd = tui_sum_decimals(decimals);
    for (size_t i = 0; i < m->rows; i++) {
        double cells = 0;
        for (size_t j = 0; j < m->cols; j++) {
            double x = mat_get(m, i, j);
            cells += isinf(x) ? 0 : rounded(x, decimals);
        }
        if (fabs(rounded(cells, decimals) - rounded(mat_row_sum(m, i), sd)) > 1e-9) {
            *row = i;
            *shown = rounded(cells, decimals);
            return true;
        }
    }
    return false;
}

void tui_palette_cycle(TuiState *st)
{
    st->palette = palette_next(st->palette);
    tui_set_status(st, false, "palette: %s — %s (C: the next one)", st->palette->name,
                   st->palette->purpose);
}

// ─── autoplay, answers, clicks ────────────────────────────────────────────────

double tui_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double autoplay_period(const TuiState *st)
{
    return st->o->autoplay > 0 ? st->o->autoplay : TUI_AUTOPLAY_SECONDS;
}

void tui_autoplay_toggle(TuiState *st, double now)
{
    if (st->autoplay) {
        st->autoplay = false;
        tui_set_status(st, false, _("autoplay stopped"));
        return;
    }
    double period = autoplay_period(st);
    st->autoplay = true;
    st->autoplay_next = now + period;
    if (st->k + 1 >= st->t->count)
        go_stage(st, 0);
    tui_set_status(st, false, _("autoplay: the next stage every %g s; any key stops it"), period);
}

void tui_autoplay_tick(TuiState *st, double now)
{
    if (st->o->quiz && st->k + 1 < st->t->count && tui_quiz_next(&st->quiz, st->k)) {
        st->autoplay = false; // waits here; answering the questions resumes it
        st->autoplay_held = true;
        tui_set_status(st, false, _("autoplay waits: answer the question first (A)"));
        return;
    }
    if (st->k + 1 < st->t->count) {
        go_stage(st, st->k + 1);
        st->status[0] = '\0';
        st->autoplay_next = now + autoplay_period(st);
    }
    if (st->k + 1 >= st->t->count) {
        st->autoplay = false;
        tui_set_status(st, false, _("autoplay reached the last stage"));
    }
}

// The what-if a question asks about, as the key that tries it: "s", "m", or NULL.
static const char *whatif_key(const Question *q)
{
    return q->whatif == WHATIF_NO_SCALE ? "s" : q->whatif == WHATIF_MASK ? "m" : NULL;
}

// After a prediction that hid the stage: what was predicted against what the stage now
// shows, and (a what-if) the key that shows it.
static void say_revealed(TuiState *st, const TuiQuestion *q, bool more)
{
    char want[256];
    AtError e = {0};
    if (question_expected(q->q, st->t, want, sizeof want, &e) != 0)
        snprintf(want, sizeof want, "?");
    const char *key = whatif_key(q->q);
    char then[96] = "";
    if (key)
        snprintf(then, sizeof then, _("; now press %s and see"), key);
    else if (more)
        snprintf(then, sizeof then, "%s", _("; A for the next question"));
    if (q->correct)
        tui_set_status(st, false, _("You predicted %.80s; the stage shows %.80s. Right! quiz %zu/%zu%s"),
                       q->answer, want, st->quiz.correct, st->quiz.answered, then);
    else
        tui_set_status(st, true, _("You predicted %.80s; the stage shows %.80s. Not quite: the "
                                   "arithmetic is in the panel. quiz %zu/%zu%s"),
                       q->answer, want, st->quiz.correct, st->quiz.answered, then);
}

void tui_answer_submit(TuiState *st, double now)
{
    TuiQuestion *q = st->asking;
    if (st->field.len == 0) {
        tui_set_status(st, false, _("Type an answer first, or Esc to cancel."));
        return;
    }
    AtError e = {0};
    bool hidden = q == tui_hidden_by(st);
    if (tui_quiz_answer(&st->quiz, q, st->field.text, &e) != 0) {
        st->asking = NULL;
        if (e.status == AT_EINPUT && !q->answered) { // not of the form expected: a hint,
            tui_set_status(st, false, "%s", e.msg); // nothing is counted; A asks again
            return;
        }
        tui_set_status(st, true, _("cannot check the answer: %s"), e.msg);
        st->asking = NULL;
        return;
    }
    st->asking = NULL;
    st->focus = q;
    bool more = tui_quiz_next(&st->quiz, st->k) != NULL;
    if (hidden)
        say_revealed(st, q, more);
    else if (whatif_key(q->q))
        tui_set_status(st, !q->correct, _("%s quiz %zu/%zu; now press %s and see"),
                       q->correct ? _("Right!") : _("Not quite: the answer is in the panel."),
                       st->quiz.correct, st->quiz.answered, whatif_key(q->q));
    else if (q->correct)
        tui_set_status(st, false, _("Right! quiz %zu/%zu%s"), st->quiz.correct, st->quiz.answered,
                   more ? _("; A for the next question") : "");
    else
        tui_set_status(st, true, _("Not quite: the answer and its arithmetic are in the panel. "
                     "quiz %zu/%zu%s"), st->quiz.correct, st->quiz.answered,
                   more ? _("; A for the next question") : "");
    if (st->autoplay_held && !more) {
        st->autoplay_held = false;
        st->autoplay = true;
        st->autoplay_next = now + autoplay_period(st);
    }
}

bool tui_state_click(TuiState *st, int x, int y)
{
    size_t i, j;
    if (!st->grid_shown || !tui_grid_hit(&st->grid, st->grid_x, st->grid_y, x, y, &i, &j))
        return false;
    st->ci = i;
    st->cj = j;
    st->status[0] = '\0';
    return true;
}
