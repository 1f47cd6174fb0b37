// test_tui_state.c — the stepper's state without a terminal (tui_state.h): moving between
// stages and cells, the cursor clamped to a smaller stage, [ and ] between heads (and
// the text panel with one head), decimals, help and quit, --quiz holding the learner at
// a question, the answer box, autoplay on an explicit clock, clicks on the last frame's
// grid, --stage, the operands of a product, and the panel's lines (tui_panel.h).
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lesson.h"
#include "lesson_fixtures.h"
#include "tui_panel.h"
#include "palette.h"
#include "tui_state.h"
#include "tui_text.h"
#include "utf8.h"

static size_t pos(const Trace *t, const char *name)
{
    const Stage *s = trace_find(t, name);
    assert_non_null(s);
    return (size_t)(s - t->stage);
}

static void init(TuiState *st, const Trace *t, const TuiOptions *o)
{
    AtError e = {0};
    assert_int_equal(tui_state_init(st, t, o, &e), 0);
}

static bool status_has(const TuiState *st, const char *text)
{
    if (strstr(st->status, text))
        return true;
    fprintf(stderr, "status \"%s\" lacks \"%s\"\n", st->status, text);
    return false;
}

static void init_measures(void **state)
{
    (void)state;
    TuiOptions o = {0};
    TuiState st;
    Trace none = {0};
    AtError e = {0};
    assert_int_equal(tui_state_init(&st, &none, &o, &e), -1); // nothing to show
    assert_non_null(strstr(e.msg, "no stages"));

    init(&st, &FX.masked, &o);
    assert_int_equal(st.k, 0);
    assert_int_equal(st.decimals, TUI_DEFAULT_DECIMALS);
    assert_true(st.inspector);
    for (size_t k = 0; k < FX.masked.count; k++) {
        const TuiStageInfo *in = &st.info[k];
        const Stage *s = &FX.masked.stage[k];
        assert_true(in->lo <= in->hi);
        assert_true(in->row_label_w >= 1 && in->row_label_w <= TUI_LABEL_MAX);
        assert_int_equal(in->has_masked, strcmp(s->name, "masked") == 0);
        for (size_t c = 0; c < s->m.rows * s->m.cols; c++)
            if (!isinf(s->m.v[c]))
                assert_true(s->m.v[c] >= in->lo && s->m.v[c] <= in->hi);
    }
    tui_state_free(&st);
}

static void stages_and_cells(void **state)
{
    (void)state;
    const Trace *t = &FX.t;
    TuiOptions o = {0};
    TuiState st;
    init(&st, t, &o);
    size_t last = t->count - 1;
    assert_true(tui_apply(&st, REQ_PREV, 0)); // nothing before the first
    assert_int_equal(st.k, 0);
    assert_true(status_has(&st, "This is the first stage"));
    tui_apply(&st, REQ_NEXT, 0);
    assert_int_equal(st.k, 1);
    tui_apply(&st, REQ_LAST, 0);
    assert_int_equal(st.k, last);
    st.status[0] = '\0';
    tui_apply(&st, REQ_NEXT, 0); // nothing after the last
    assert_int_equal(st.k, last);
    assert_true(status_has(&st, "This is the last stage"));
    tui_apply(&st, REQ_FIRST, 0);
    assert_int_equal(st.k, 0);
    tui_apply(&st, REQ_JUMP, 4);
    assert_int_equal(st.k, 4);
    tui_apply(&st, REQ_JUMP, 2); // back: free
    assert_int_equal(st.k, 2);
    tui_apply(&st, REQ_JUMP, 30);
    assert_int_equal(st.k, 2);
    assert_true(status_has(&st, "There are 11 stages."));

    // The cursor stays inside the matrix, and a smaller stage clamps it.
    st.k = pos(t, "Q"); // 3×4
    for (int k = 0; k < 9; k++) {
        tui_apply(&st, REQ_DOWN, 0);
        tui_apply(&st, REQ_RIGHT, 0);
    }
    assert_true(st.ci == 2 && st.cj == 3);
    st.panel_scroll = 7;
    tui_apply(&st, REQ_NEXT, 0); // K: 3×4, the same cell
    assert_true(st.ci == 2 && st.cj == 3);
    assert_int_equal(st.panel_scroll, 0); // a new stage's text from its top
    tui_apply(&st, REQ_JUMP, (int)pos(t, "W_V")); // 2×2
    assert_true(st.ci == 1 && st.cj == 1);
    for (int k = 0; k < 5; k++) {
        tui_apply(&st, REQ_UP, 0);
        tui_apply(&st, REQ_LEFT, 0);
    }
    assert_true(st.ci == 0 && st.cj == 0);

    // Decimals from 0 to TUI_MAX_DECIMALS; the inspector toggles.
    for (int k = 0; k < 10; k++)
        tui_apply(&st, REQ_WIDER, 0);
    assert_int_equal(st.decimals, TUI_MAX_DECIMALS);
    for (int k = 0; k < 10; k++)
        tui_apply(&st, REQ_NARROWER, 0);
    assert_int_equal(st.decimals, 0);
    assert_true(status_has(&st, "0 decimals"));
    tui_apply(&st, REQ_INSPECT, 0);
    assert_false(st.inspector);

    // Help opens on its first page; q quits (no --quiz: no final score first).
    tui_apply(&st, REQ_HELP, 0);
    assert_true(st.help && st.help_page == 0);
    tui_apply(&st, REQ_QUIT, 0);
    assert_true(st.quit && !st.final);
    // What needs a terminal, the clock or the disk is not done here.
    assert_false(tui_apply(&st, REQ_EXPORT_STAGE, 0));
    assert_false(tui_apply(&st, REQ_AUTOPLAY, 0));
    assert_false(tui_apply(&st, REQ_SCALE, 0));
    tui_state_free(&st);
}

static void heads_and_panel(void **state)
{
    (void)state;
    assert_true(FX.has_heads);
    const Trace *t = &FX.heads;
    TuiOptions o = {0};
    TuiState st;
    init(&st, t, &o);
    st.ci = 2, st.cj = 1;
    tui_apply(&st, REQ_HEAD_NEXT, 0); // from embeddings: the first head's scores
    assert_string_equal(t->stage[st.k].name, "scores.h1");
    assert_true(status_has(&st, "scores.h1: head 1 of 2"));
    st.k = pos(t, "weights.h1");
    tui_apply(&st, REQ_HEAD_NEXT, 0);
    assert_string_equal(t->stage[st.k].name, "weights.h2");
    tui_apply(&st, REQ_HEAD_NEXT, 0); // round again
    assert_string_equal(t->stage[st.k].name, "weights.h1");
    tui_apply(&st, REQ_HEAD_PREV, 0);
    assert_string_equal(t->stage[st.k].name, "weights.h2");
    assert_true(st.ci == 2 && st.cj == 1); // the cell is kept
    st.k = 0;
    tui_apply(&st, REQ_HEAD_PREV, 0); // from outside the heads, backwards: the last head
    assert_string_equal(t->stage[st.k].name, "scores.h2");
    tui_state_free(&st);

    // One head: [ and ] scroll the text panel, never below its top.
    init(&st, &FX.t, &o);
    tui_apply(&st, REQ_HEAD_NEXT, 0);
    tui_apply(&st, REQ_HEAD_NEXT, 0);
    assert_int_equal(st.k, 0);
    assert_int_equal(st.panel_scroll, 6);
    tui_apply(&st, REQ_HEAD_PREV, 0);
    assert_int_equal(st.panel_scroll, 3);
    tui_apply(&st, REQ_PANEL_UP, 0);
    tui_apply(&st, REQ_PANEL_UP, 0);
    assert_int_equal(st.panel_scroll, 0);
    tui_state_free(&st);
}

static void operands(void **state)
{
    (void)state;
    TuiOptions o = {0};
    TuiState st;
    TuiMat a, b;
    const char *op;
    init(&st, &FX.t, &o);
    st.k = pos(&FX.t, "Q");
    assert_true(tui_operands(&st, &a, &b, &op));
    assert_string_equal(a.name, "X");
    assert_string_equal(b.s->name, "W_Q");
    assert_false(b.transpose);
    st.k = pos(&FX.t, "scores"); // Q·Kᵀ: K turned
    assert_true(tui_operands(&st, &a, &b, &op));
    assert_string_equal(b.name, "Kᵀ");
    assert_true(b.transpose);
    assert_int_equal(tui_mat_rows(&b), FX.t.stage[pos(&FX.t, "K")].m.cols);
    assert_true(tui_mat_at(&b, 1, 2) == mat_get(&FX.t.stage[pos(&FX.t, "K")].m, 2, 1));
    st.k = pos(&FX.t, "scaled"); // no product
    assert_false(tui_operands(&st, &a, &b, &op));
    tui_state_free(&st);
    init(&st, &FX.heads, &o);
    st.k = pos(&FX.heads, "scores.h2"); // a head's slice: not shown as a product
    assert_false(tui_operands(&st, &a, &b, &op));
    st.k = pos(&FX.heads, "output"); // concat·W_O
    assert_true(tui_operands(&st, &a, &b, &op));
    assert_string_equal(a.name, "concat");
    tui_state_free(&st);
}

static void autoplay_on_a_clock(void **state)
{
    (void)state;
    TuiOptions o = {0};
    TuiState st;
    init(&st, &FX.t, &o);
    st.k = FX.t.count - 1;
    tui_autoplay_toggle(&st, 100.0); // at the last stage: from the first
    assert_true(st.autoplay);
    assert_int_equal(st.k, 0);
    assert_true(st.autoplay_next == 100.0 + TUI_AUTOPLAY_SECONDS);
    tui_autoplay_tick(&st, 103.5);
    assert_int_equal(st.k, 1);
    assert_true(st.autoplay_next == 103.5 + TUI_AUTOPLAY_SECONDS);
    assert_string_equal(st.status, "");
    for (int k = 0; k < 20; k++)
        tui_autoplay_tick(&st, 110.0 + k);
    assert_int_equal(st.k, FX.t.count - 1);
    assert_false(st.autoplay);
    assert_true(status_has(&st, "autoplay reached the last stage"));
    tui_autoplay_toggle(&st, 200.0);
    tui_autoplay_toggle(&st, 201.0);
    assert_false(st.autoplay);
    assert_true(status_has(&st, "autoplay stopped"));
    tui_state_free(&st);

    // --stage and --autoplay at the start.
    o = (TuiOptions){.start_stage = "weights", .autoplay = 0.5};
    init(&st, &FX.t, &o);
    tui_state_start(&st, 50.0);
    assert_string_equal(FX.t.stage[st.k].name, "weights");
    assert_true(st.autoplay && st.autoplay_next == 50.5);
    tui_state_free(&st);
}

static void quiz_holds_and_answers(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    Lesson l;
    AtError e = {0};
    assert_int_equal(lesson_load("tests/fixtures/lessons/en/stepper.md", &l, &e), 0);
    TuiOptions o = {.lesson = &l, .quiz = true};
    TuiState st;
    init(&st, &f.t, &o);
    assert_true(st.quiz.n > 0);

    // Held at embeddings, whose question is not answered; backward is free.
    tui_apply(&st, REQ_NEXT, 0);
    assert_int_equal(st.k, 0);
    assert_true(status_has(&st, "answer the question first (A)"));
    // Autoplay waits there too.
    tui_autoplay_toggle(&st, 10.0);
    tui_autoplay_tick(&st, 13.0);
    assert_int_equal(st.k, 0);
    assert_true(!st.autoplay && st.autoplay_held);

    // A opens the box; an empty answer is not taken; a wrong one is, and autoplay resumes.
    tui_apply(&st, REQ_ANSWER, 0);
    assert_non_null(st.asking);
    TuiQuestion *q = st.asking;
    tui_answer_submit(&st, 20.0);
    assert_non_null(st.asking);
    assert_true(status_has(&st, "Type an answer first"));
    for (const char *c = "1x1"; *c; c++)
        tui_field_insert(&st.field, (unsigned char)*c);
    tui_answer_submit(&st, 20.0);
    assert_null(st.asking);
    assert_true(q->answered && !q->correct);
    assert_ptr_equal(st.focus, q); // the next frame scrolls its verdict into view
    assert_true(st.status_error);
    assert_true(status_has(&st, "Not quite"));
    assert_true(st.autoplay && !st.autoplay_held);
    assert_true(st.autoplay_next == 20.0 + TUI_AUTOPLAY_SECONDS);
    st.autoplay = false;

    // Answered (even wrongly): free to go on, as far as the next question.
    tui_apply(&st, REQ_ANSWER, 0);
    assert_null(st.asking);
    assert_true(status_has(&st, "answered"));
    tui_apply(&st, REQ_LAST, 0);
    assert_string_equal(f.t.stage[st.k].name, "W_Q");
    assert_true(status_has(&st, "stopped at stage 2, W_Q"));
    tui_apply(&st, REQ_FIRST, 0);
    assert_int_equal(st.k, 0);

    // q with --quiz: the final score first, then q quits.
    tui_apply(&st, REQ_QUIT, 0);
    assert_true(st.final && !st.quit);
    tui_apply(&st, REQ_QUIT, 0);
    assert_true(st.quit);
    tui_state_free(&st);

    // No lesson: A says so.
    TuiOptions none = {0};
    init(&st, &f.t, &none);
    tui_apply(&st, REQ_ANSWER, 0);
    assert_null(st.asking);
    assert_true(status_has(&st, "No lesson"));
    tui_state_free(&st);
    lesson_free(&l);
    fixture_free(&f);
}

static void clicks(void **state)
{
    (void)state;
    TuiOptions o = {0};
    TuiState st;
    init(&st, &FX.t, &o);
    st.k = pos(&FX.t, "Q");
    st.grid = (TuiGrid){4, 6, 3, 4, 0, 0, 3, 4, 1, 0};
    st.grid_x = 10, st.grid_y = 5;
    assert_false(tui_state_click(&st, 16, 7)); // no grid on the last frame
    st.grid_shown = true;
    strcpy(st.status, "old");
    // Row 2 is line 5 + 1 (column labels) + 1; column 3 starts at 10 + 4 + 2·(6 + 1).
    assert_true(tui_state_click(&st, 10 + 4 + 14, 7));
    assert_true(st.ci == 1 && st.cj == 2);
    assert_string_equal(st.status, "");
    assert_false(tui_state_click(&st, 11, 7)); // the label column
    assert_false(tui_state_click(&st, 20, 5)); // the column labels
    assert_true(st.ci == 1 && st.cj == 2);
    tui_state_free(&st);
}

static void panel_lines(void **state)
{
    (void)state;
    TuiOptions o = {0};
    TuiState st;
    init(&st, &FX.t, &o);
    st.k = pos(&FX.t, "Q");
    st.ci = 1, st.cj = 2;
    Lines about = {0}, insp = {0};
    int f0 = -1, f1 = -1;
    assert_int_equal(tui_panel_about(&st, 40, &about, &f0, &f1), 0);
    assert_true(about.n > 1);
    assert_string_equal(about.line[0], TUI_HEADING "What is Q?");
    assert_int_equal(f0, -1); // no answer to scroll to
    assert_int_equal(tui_panel_inspector(&st, 40, &insp), 0);
    assert_string_equal(insp.line[0], TUI_HEADING "Where Q[2][3] comes from");
    for (size_t k = 0; k < insp.n; k++)
        assert_true(utf8_width(insp.line[k]) <= 40 + TUI_HEADING_LEN);
    lines_free(&insp);
    st.inspector = false;
    insp = (Lines){0};
    assert_int_equal(tui_panel_inspector(&st, 40, &insp), 0);
    assert_non_null(strstr(insp.line[1], "Press Enter or i"));
    lines_free(&insp);
    lines_free(&about);
    tui_state_free(&st);
}

// The header's note on the words with generated vectors: every word when they fit, else
// as many as fit with a count of the rest, measured in display columns (CJK: two each).
static void unknown_note(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(tui_unknown_note(NULL, 80, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(tui_unknown_note("", 80, buf, sizeof buf), 0);
    int w = tui_unknown_note("glorp", 80, buf, sizeof buf);
    assert_string_equal(buf, "not in the vocabulary: glorp*");
    assert_int_equal(w, utf8_width(buf));
    tui_unknown_note("glorp blix qwop", 80, buf, sizeof buf);
    assert_string_equal(buf, "not in the vocabulary: glorp* blix* qwop*");
    // 40 columns: the prefix (22) and " glorp*" (7) leave 11, " blix*" and " … +1" take 11.
    w = tui_unknown_note("glorp blix qwop", 40, buf, sizeof buf);
    assert_string_equal(buf, "not in the vocabulary: glorp* blix* … +1");
    assert_int_equal(w, 40);
    assert_int_equal(utf8_width(buf), 40);
    w = tui_unknown_note("glorp blix qwop", 39, buf, sizeof buf);
    assert_string_equal(buf, "not in the vocabulary: glorp* … +2");
    assert_true(w <= 39);
    // Wide characters count two columns: 猫猫* is 5.
    w = tui_unknown_note("猫猫 狗狗", 36, buf, sizeof buf);
    assert_string_equal(buf, "not in the vocabulary: 猫猫* 狗狗*");
    assert_int_equal(w, 34);
    w = tui_unknown_note("猫猫 狗狗 鱼鱼", 33, buf, sizeof buf);
    assert_string_equal(buf, "not in the vocabulary: 猫猫* … +2");
    assert_int_equal(utf8_width(buf), w);
    // Not even the count fits: nothing.
    assert_int_equal(tui_unknown_note("glorp blix", 24, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(tui_unknown_note("glorp blix", 27, buf, sizeof buf), 27);
    assert_string_equal(buf, "not in the vocabulary: … +2");
}

// C: the palettes in the order palette.h lists them, back to the first after the last,
// starting from --palette's.
static void palette_cycle(void **state)
{
    (void)state;
    TuiOptions o = {0};
    TuiState st;
    init(&st, &FX.t, &o);
    assert_ptr_equal(st.palette, palette_default());
    int n = palette_count();
    assert_true(n >= 2);
    for (int k = 1; k <= n; k++) {
        tui_palette_cycle(&st);
        assert_ptr_equal(st.palette, palette_at(k % n));
        char want[64];
        snprintf(want, sizeof want, "palette: %s", palette_at(k % n)->name);
        assert_true(status_has(&st, want));
    }
    assert_ptr_equal(st.palette, palette_default()); // round the list
    tui_state_free(&st);
    o.palette = palette_find("projector");
    assert_non_null(o.palette);
    init(&st, &FX.t, &o);
    assert_ptr_equal(st.palette, o.palette);
    tui_palette_cycle(&st);
    assert_ptr_equal(st.palette, palette_next(o.palette));
    tui_state_free(&st);
}

// Σ beside the weights: a row of twelve 1/12 shows 0.08 twelve times, 0.96 in all, not
// its sum 1.000: the note names it; rows whose shown cells add up to their sum do not.
static void rounded_rows(void **state)
{
    (void)state;
    Matrix m;
    assert_int_equal(mat_init(&m, 2, 12), 0);
    for (size_t j = 0; j < 12; j++) {
        mat_set(&m, 0, j, j < 4 ? 0.25 : 0); // 0.25 ×4 = 1.00 as shown
        mat_set(&m, 1, j, 1.0 / 12);         // 0.08 ×12 = 0.96 as shown
    }
    size_t row = 99;
    double shown = 0;
    assert_true(tui_rounded_row(&m, 2, &row, &shown));
    assert_int_equal(row, 1);
    assert_true(fabs(shown - 0.96) < 1e-9);
    assert_true(tui_rounded_row(&m, 3, &row, &shown)); // 0.083 ×12 = 0.996
    assert_true(fabs(shown - 0.996) < 1e-9);
    assert_true(tui_rounded_row(&m, 0, &row, &shown)); // 0 ×12 = 0
    assert_true(fabs(shown) < 1e-9);
    for (size_t j = 0; j < 12; j++) // now both rows add up as shown
        mat_set(&m, 1, j, j < 2 ? 0.5 : 0);
    assert_false(tui_rounded_row(&m, 2, &row, &shown));
    assert_false(tui_rounded_row(&m, 6, &row, &shown));
    assert_int_equal(tui_sum_decimals(2), 3); // Σ 1.000, as print mode shows it
    assert_int_equal(tui_sum_decimals(5), 5); // never fewer decimals than the cells
    mat_free(&m);
    // The fixture's weights: whatever they are, the row named is one whose shown cells
    // do not add up to its Σ.
    const Stage *w = trace_find(&FX.t, "weights");
    if (tui_rounded_row(&w->m, 2, &row, &shown))
        assert_true(fabs(shown - round(mat_row_sum(&w->m, row) * 1000) / 1000) > 1e-9);
}

// Does any of the lines hold text?
static bool lines_hold(const Lines *l, const char *text)
{
    for (size_t k = 0; k < l->n; k++)
        if (strstr(l->line[k], text))
            return true;
    return false;
}

static void type(TuiState *st, const char *text)
{
    tui_field_clear(&st->field);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        tui_field_insert(&st->field, *c); // ASCII only here
}

// Predict, then reveal: a prediction in a stage's section hides that stage (the box, the
// cell, the text after it) until it is entered; one in intro only orders the text. A
// badly formed prediction gets a hint and the box stays open; a lenient one counts; the
// status compares the prediction with what the stage shows; a what-if says which key
// shows it.
static void predict_then_reveal(void **state)
{
    (void)state;
    const char *text = "# Predictions\nlang: en\n"
                       "## intro\nThe start.\n"
                       "? predict shape weights :: What shape will the weights be?\n"
                       "## Q\nQ comes from X.\n"
                       "? predict shape Q :: What shape will Q be?\n"
                       "REVEALED: Q is here.\n"
                       "? shape Q :: And now?\n"
                       "## weights\nSoftmax.\n"
                       "? sharpen weights[1] if no-scale :: Sharper without scaling?\n";
    Lesson l;
    Lines p = {0};
    AtError e = {0};
    assert_int_equal(lesson_parse("t.md", text, &l, &p, &e), 0);
    assert_int_equal(p.n, 0);
    TuiOptions o = {.lesson = &l};
    TuiState st;
    init(&st, &FX.t, &o);
    size_t kq = pos(&FX.t, "Q"), kw = pos(&FX.t, "weights");
    assert_null(tui_hidden_by(&st)); // stage 1: intro's prediction hides nothing
    st.k = kq;
    TuiQuestion *hq = tui_hidden_by(&st);
    assert_non_null(hq);
    assert_true(hq->q->predict);
    Lines about = {0}, insp = {0};
    int f0 = -1, f1 = -1;
    assert_int_equal(tui_panel_about(&st, 60, &about, &f0, &f1), 0);
    assert_true(lines_hold(&about, "Q comes from X."));
    assert_true(lines_hold(&about, "What shape will Q be?"));
    assert_false(lines_hold(&about, "REVEALED")); // the text after the prediction
    assert_false(lines_hold(&about, "And now?"));  // and the questions after it
    lines_free(&about);
    assert_int_equal(tui_panel_inspector(&st, 60, &insp), 0);
    assert_true(lines_hold(&insp, "Predict first"));
    assert_false(lines_hold(&insp, "Q[1][1] =")); // no arithmetic of the hidden cell
    lines_free(&insp);
    // Without a lesson nothing is hidden.
    TuiOptions bare = {0};
    TuiState plain;
    init(&plain, &FX.t, &bare);
    plain.k = kq;
    assert_null(tui_hidden_by(&plain));
    tui_state_free(&plain);

    // A opens the prediction; a word is not a shape: a hint, nothing counts, A asks again.
    tui_apply(&st, REQ_ANSWER, 0);
    assert_ptr_equal(st.asking, hq);
    assert_true(status_has(&st, "Type your prediction"));
    type(&st, "banana");
    tui_answer_submit(&st, 1.0);
    assert_null(st.asking);
    assert_false(st.status_error);
    assert_false(hq->answered);
    assert_int_equal(st.quiz.answered, 0);
    assert_ptr_equal(tui_hidden_by(&st), hq);
    tui_apply(&st, REQ_ANSWER, 0);
    assert_ptr_equal(st.asking, hq);
    // "R by C": the shape as people say it, taken; the stage is shown.
    const Stage *q = &FX.t.stage[kq];
    char ans[64], want[256];
    snprintf(ans, sizeof ans, "%zu by %zu", q->m.rows, q->m.cols);
    snprintf(want, sizeof want, "You predicted %s; the stage shows %zu×%zu. Right!", ans,
             q->m.rows, q->m.cols);
    type(&st, ans);
    tui_answer_submit(&st, 1.0);
    assert_null(st.asking);
    assert_true(hq->answered && hq->correct);
    assert_true(status_has(&st, want));
    assert_null(tui_hidden_by(&st));
    about = (Lines){0};
    assert_int_equal(tui_panel_about(&st, 60, &about, &f0, &f1), 0);
    assert_true(lines_hold(&about, "REVEALED"));
    assert_true(lines_hold(&about, "And now?"));
    lines_free(&about);

    // A what-if: answered, then the key that shows it.
    st.k = kw;
    assert_null(tui_hidden_by(&st)); // not a prediction: the stage is shown
    tui_apply(&st, REQ_ANSWER, 0);
    assert_non_null(st.asking);
    type(&st, "sharper");
    tui_answer_submit(&st, 1.0);
    assert_null(st.asking);
    assert_true(status_has(&st, "now press s and see"));
    tui_state_free(&st);
    lesson_free(&l);
    lines_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(init_measures),
        cmocka_unit_test(stages_and_cells),
        cmocka_unit_test(heads_and_panel),
        cmocka_unit_test(operands),
        cmocka_unit_test(autoplay_on_a_clock),
        cmocka_unit_test(quiz_holds_and_answers),
        cmocka_unit_test(clicks),
        cmocka_unit_test(panel_lines),
        cmocka_unit_test(unknown_note),
        cmocka_unit_test(palette_cycle),
        cmocka_unit_test(rounded_rows),
        cmocka_unit_test(predict_then_reveal),
    };
    return cmocka_run_group_tests(tests, by_hand_setup, by_hand_teardown);
}
