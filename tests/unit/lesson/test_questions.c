// test_questions.c — answers as people type them, a badly formed answer as a hint that
// does not count, known mistakes named when made, what-if questions, predictions, and
// tolerances no tighter than the screen shows, in English and Chinese.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "lesson_fixtures.h"

static bool has_line(const Lines *l, const char *needle)
{
    for (size_t k = 0; k < l->n; k++)
        if (strstr(l->line[k], needle))
            return true;
    return false;
}

#define ASSERT_HAS(lines, needle)                                                          \
    do {                                                                                   \
        if (!has_line((lines), (needle))) {                                                \
            for (size_t k_ = 0; k_ < (lines)->n; k_++)                                     \
                fprintf(stderr, "  | %s\n", (lines)->line[k_]);                            \
            fail_msg("no line contains \"%s\"", (needle));                                 \
        }                                                                                  \
    } while (0)

// A lesson of one section holding `body`; its parse must be clean.
static void lesson_of(const char *lang, const char *section, const char *body, Lesson *l)
{
    char text[4096];
    snprintf(text, sizeof text, "# T\nlang: %s\n## %s\n%s\n", lang, section, body);
    Lines p = {0};
    AtError e = {0};
    assert_int_equal(lesson_parse("t.md", text, l, &p, &e), 0);
    for (size_t k = 0; k < p.n; k++)
        fprintf(stderr, "  | %s\n", p.line[k]);
    assert_int_equal(p.n, 0);
    lines_free(&p);
}

// The verdict on user's answer to the first question of body; fb gets the feedback.
static AnswerVerdict judge_in(const char *lang, const Trace *t, const char *body,
                              const char *user, Lines *fb)
{
    Lesson l;
    lesson_of(lang, "weights", body, &l);
    AnswerVerdict v;
    AtError e = {0};
    memset(fb, 0, sizeof *fb);
    if (question_answer(&l.sec[0].q[0], t, user, &v, fb, &e) != 0)
        fail_msg("%s", e.msg);
    lesson_free(&l);
    return v;
}

static AnswerVerdict judge(const Trace *t, const char *body, const char *user, Lines *fb)
{
    return judge_in("en", t, body, user, fb);
}

static void expect(const Trace *t, const char *body, const char *user, AnswerVerdict want)
{
    Lines fb;
    AnswerVerdict v = judge(t, body, user, &fb);
    if (v != want) {
        for (size_t k = 0; k < fb.n; k++)
            fprintf(stderr, "  | %s\n", fb.line[k]);
        fail_msg("\"%s\" → %d, wanted %d", user, (int)v, (int)want);
    }
    lines_free(&fb);
}

// ─── reading ────────────────────────────────────────────────────────────────────

static void test_read_numbers_and_shapes(void **state)
{
    (void)state;
    double x;
    const struct {
        const char *text;
        double x;
    } num[] = {{"0.5", 0.5},   {"0,5", 0.5},    {"０．５", 0.5},   {"−0.5", -0.5},
               {"- 0.5", -0.5}, {"“0.25”", 0.25}, {" 1e-2 ", 0.01}, {"0.5。", 0.5},
               {"１２", 12},    {"-inf", -INFINITY}, {"−∞", -INFINITY}, {"负无穷", -INFINITY},
               {"minus infinity", -INFINITY}};
    for (size_t k = 0; k < sizeof num / sizeof *num; k++) {
        if (!answer_number(num[k].text, &x) || x != num[k].x)
            fail_msg("\"%s\" is not %g", num[k].text, num[k].x);
    }
    const char *not_num[] = {"", "abc", "1,2,3", "1.2.3", "nan", "0x10", "1,5.0", "twelve"};
    for (size_t k = 0; k < sizeof not_num / sizeof *not_num; k++)
        if (answer_number(not_num[k], &x))
            fail_msg("\"%s\" read as a number", not_num[k]);

    size_t r, c;
    const char *shape[] = {"12x12", "12×12", "12 by 12", "12 乘 12", "12*12", "１２×１２",
                           "(12, 12)", "12行12列", "12 X 12", "12，12", "12 乘以 12"};
    for (size_t k = 0; k < sizeof shape / sizeof *shape; k++)
        if (!answer_shape(shape[k], &r, &c) || r != 12 || c != 12)
            fail_msg("\"%s\" is not 12×12", shape[k]);
    const char *not_shape[] = {"12", "12x12x1", "twelve by twelve", "x12", "12.5x3"};
    for (size_t k = 0; k < sizeof not_shape / sizeof *not_shape; k++)
        if (answer_shape(not_shape[k], &r, &c))
            fail_msg("\"%s\" read as a shape", not_shape[k]);

    // Arithmetic, for known wrong answers once their placeholders are filled.
    assert_true(answer_expr("4.0000/3", &x) && fabs(x - 4.0 / 3) < 1e-12);
    assert_true(answer_expr("2*(1+2) - 1", &x) && x == 5);
    assert_true(answer_expr("sqrt(16)+√9", &x) && x == 7);
    assert_true(answer_expr("-inf", &x) && isinf(x) && x < 0);
    assert_true(answer_expr("0/0", &x) && isnan(x)); // reads; matches nothing
    assert_true(answer_expr("1/0", &x) && isinf(x) && x > 0);
    assert_true(answer_expr("-1/0", &x) && isinf(x) && x < 0);
    assert_false(answer_expr("2+", &x));
    assert_false(answer_expr("(1", &x));
    assert_false(answer_expr("abc", &x));

    assert_int_equal(answer_word("SHARPER.", LESSON_SHARPER), 0);
    assert_true(answer_word("更尖锐", LESSON_SHARPER) >= 0);
    assert_true(answer_word(" the  same ", LESSON_SAME) >= 0);
    assert_true(answer_word("不变！", LESSON_SAME) >= 0);
    assert_int_equal(answer_word("sharp-ish", LESSON_SHARPER), -1);
}

// ─── verdicts: right, wrong, or not an answer of the form expected ──────────────

static void test_lenient_answers(void **state)
{
    (void)state;
    const Trace *t = &FX.t; // by-hand: "I like cats", Q 3×4
    const char *shape = "? shape Q :: Shape?";
    const char *forms[] = {"3x4", "3×4", "3 by 4", "3 乘 4", "3*4", "３×４", "3行4列"};
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++)
        expect(t, shape, forms[k], ANSWER_RIGHT);
    expect(t, shape, "4x3", ANSWER_WRONG);
    expect(t, shape, "3", ANSWER_UNREADABLE);
    Lines fb;
    assert_int_equal(judge_in("zh", t, shape, "三乘四", &fb), ANSWER_UNREADABLE);
    ASSERT_HAS(&fb, "请按“行×列”输入形状");
    assert_int_equal(fb.n, 1); // the hint alone: no verdict, no answer given away
    lines_free(&fb);

    // A decimal comma and full-width digits; the key's own 4 decimals and the screen's 2.
    const char *value = "? value weights[1][3] :: Weight?"; // 0.4519
    const char *right[] = {"0.4519", "0,45", "０．４５", ".45", "0.452"};
    for (size_t k = 0; k < sizeof right / sizeof *right; k++)
        expect(t, value, right[k], ANSWER_RIGHT);
    expect(t, value, "0,44", ANSWER_WRONG);
    expect(t, value, "zero point four", ANSWER_UNREADABLE);

    // A label: a token, its position, quoted or in full-width; anything else is a hint.
    const char *label = "? argmax weights[like] :: Which?"; // cats
    expect(t, label, "CATS", ANSWER_RIGHT);
    expect(t, label, "「cats」", ANSWER_RIGHT);
    expect(t, label, "３", ANSWER_RIGHT);
    expect(t, label, "like", ANSWER_WRONG);
    expect(t, label, "dogs", ANSWER_UNREADABLE);

    // Choices: a letter however it is written; a number; words.
    const char *letter = "? choice b :: a) x; b) y";
    expect(t, letter, "B", ANSWER_RIGHT);
    expect(t, letter, "(b)", ANSWER_RIGHT);
    expect(t, letter, "b)", ANSWER_RIGHT);
    expect(t, letter, "ｂ", ANSWER_RIGHT);
    expect(t, letter, "a", ANSWER_WRONG);
    expect(t, letter, "yes", ANSWER_UNREADABLE);
    expect(t, "? choice 10 :: sd?", "10,0", ANSWER_RIGHT);
    expect(t, "? choice 10 :: sd?", "100", ANSWER_WRONG);
    expect(t, "? choice 10 :: sd?", "ten", ANSWER_UNREADABLE);
    expect(t, "? choice no|不 :: ?", "NO", ANSWER_RIGHT);
    expect(t, "? choice no|不 :: ?", "不", ANSWER_RIGHT);
    expect(t, "? choice no|不 :: ?", "yes", ANSWER_WRONG);
}

// ─── tolerance: never tighter than the screen ───────────────────────────────────

static void test_screen_tolerance(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/coreference", NULL), 0);
    Lesson l;
    // Twelve weights of 0.0833 read as 0.08 add up to 0.96: right, and said why.
    lesson_of("en", "weights", "? rowsum weights[1] :: Add up row 1.", &l);
    const Question *q = &l.sec[0].q[0];
    assert_true(fabs(question_tolerance(q, &f.t) - 12 * 0.005) < 1e-12);
    char *prompt = question_prompt(q, &f.t);
    assert_string_equal(prompt, "Add up row 1. (to the nearest 0.01; within ±0.06 is right)");
    free(prompt);
    AnswerVerdict v;
    Lines fb = {0};
    AtError e = {0};
    assert_int_equal(question_answer(q, &f.t, "0.96", &v, &fb, &e), 0);
    assert_int_equal(v, ANSWER_RIGHT);
    ASSERT_HAS(&fb, "Right: 1.0000.");
    ASSERT_HAS(&fb, "the numbers on the screen are rounded");
    lines_free(&fb);
    assert_int_equal(question_answer(q, &f.t, "1", &v, &fb, &e), 0);
    assert_int_equal(fb.n, 1); // exactly right: no word about rounding
    lines_free(&fb);
    lesson_free(&l);

    // A q·k worked out from the rows of Q and K shown to 2 decimals: every term's
    // rounding counts, Σ (|q|+|k|)·0.005 + 0.005², and 0.005 more for typing the result.
    lesson_of("en", "scores", "? value scores[@focus][@top] :: q·k?", &l);
    q = &l.sec[0].q[0];
    const Stage *Q = trace_find(&f.t, "Q"), *K = trace_find(&f.t, "K");
    size_t i, j;
    assert_true(lesson_focus(&f.t, &i) && lesson_top(&f.t, &j));
    double bound = 0.005;
    for (size_t k = 0; k < Q->m.cols; k++)
        bound += (fabs(mat_get(&Q->m, i, k)) + fabs(mat_get(&K->m, j, k))) * 0.005 + 0.000025;
    assert_true(fabs(question_tolerance(q, &f.t) - bound) < 1e-12);
    lesson_free(&l);

    // The lesson's own ±T still wins when it is wider; the Chinese hint.
    lesson_of("zh", "weights", "? value weights[1][1] ±0.1 :: 多少？", &l);
    q = &l.sec[0].q[0];
    assert_true(fabs(question_tolerance(q, &f.t) - 0.1) < 1e-12);
    prompt = question_prompt(q, &f.t);
    assert_string_equal(prompt, "多少？（精确到 0.01；误差在 ±0.1 以内都算对）");
    free(prompt);
    lesson_free(&l);
    fixture_free(&f);
}

// ─── known mistakes ─────────────────────────────────────────────────────────────

static void test_mistakes_are_named(void **state)
{
    (void)state;
    const Trace *t = &FX.t; // by-hand: scores[cats][cats] = 7, d_k = 4
    const char *scaled =
        "? value scaled[cats][cats] :: After scaling?\n"
        "! {scores:cats:cats}/{d_k} => You divided by d_k = {d_k}, not by √d_k.\n"
        "! {scores:cats:cats} => That is the raw score.";
    Lines fb;
    assert_int_equal(judge(t, scaled, "3.5", &fb), ANSWER_RIGHT);
    lines_free(&fb);
    assert_int_equal(judge(t, scaled, "1.75", &fb), ANSWER_WRONG);
    ASSERT_HAS(&fb, "Not quite: you answered \"1.75\"; the answer is 3.5000.");
    ASSERT_HAS(&fb, "  You divided by d_k = 4, not by √d_k.");
    lines_free(&fb);
    assert_int_equal(judge(t, scaled, "7", &fb), ANSWER_WRONG);
    ASSERT_HAS(&fb, "That is the raw score.");
    assert_false(has_line(&fb, "You divided"));
    lines_free(&fb);
    assert_int_equal(judge(t, scaled, "2", &fb), ANSWER_WRONG); // no known mistake: none named
    assert_false(has_line(&fb, "You divided") || has_line(&fb, "raw score"));
    ASSERT_HAS(&fb, "= scores[3][3] / √d_k");
    lines_free(&fb);

    // The mask: a 0 is the mistake that still gives weight.
    const char *mask = "? value masked[1][2] :: What does the mask write?\n"
                       "! 0 => exp(0) = 1: a 0 would still get weight.";
    assert_int_equal(judge(&FX.masked, mask, "0", &fb), ANSWER_WRONG);
    ASSERT_HAS(&fb, "exp(0) = 1: a 0 would still get weight.");
    lines_free(&fb);
    assert_int_equal(judge(&FX.masked, mask, "-∞", &fb), ANSWER_RIGHT);
    lines_free(&fb);

    // A column of the weights: 1 is the row's sum, the mistake.
    const char *col = "? colsum weights[cats] :: Add up a column.\n"
                      "! 1 => That holds for a row, not a column.";
    assert_int_equal(judge(t, col, "1", &fb), ANSWER_WRONG);
    ASSERT_HAS(&fb, "That holds for a row, not a column.");
    ASSERT_HAS(&fb, "column \"cats\" of weights: I 0.4519, like 0.5741, cats 0.6897");
    lines_free(&fb);
    assert_int_equal(judge(t, col, "1,72", &fb), ANSWER_RIGHT);
    lines_free(&fb);

    // Heads are not full copies: n×(d_v·H) is the mistake; arithmetic inside a shape.
    const char *heads = "? shape concat :: concat?\n"
                        "! {n}×{d_v}*{heads} => The heads split the columns.";
    assert_int_equal(judge(&FX.heads, heads, "3x4", &fb), ANSWER_WRONG);
    ASSERT_HAS(&fb, "The heads split the columns.");
    lines_free(&fb);
    assert_int_equal(judge(&FX.heads, heads, "3 by 2", &fb), ANSWER_RIGHT);
    lines_free(&fb);

    // An answer of another form that a known mistake names word for word: that mistake.
    const char *label = "? argmax weights[like] :: Which?\n! dogs => There are no dogs here.";
    assert_int_equal(judge(t, label, "Dogs", &fb), ANSWER_WRONG);
    ASSERT_HAS(&fb, "There are no dogs here.");
    lines_free(&fb);
    assert_int_equal(judge(t, label, "cows", &fb), ANSWER_UNREADABLE);
    lines_free(&fb);

    // In Chinese: the verdict and the lesson's own words.
    assert_int_equal(judge_in("zh", t, "? choice b :: 哪个？\n! a => 弄反了。", "a", &fb),
                     ANSWER_WRONG);
    ASSERT_HAS(&fb, "答错了：你的答案是“a”，正确答案是 b。");
    ASSERT_HAS(&fb, "  弄反了。");
    lines_free(&fb);
}

// ─── what-ifs ───────────────────────────────────────────────────────────────────

static void test_whatifs(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    Lesson l;
    lesson_of("en", "weights",
              "? sharpen weights[@focus] if no-scale :: Without scaling?\n"
              "! flatter => The scores spread further apart.\n"
              "? same weights[@focus] if reversed :: Reversed?\n"
              "! different => Attention alone does not see word order.\n"
              "? sharpen weights[1] if no-scale :: The flat row?\n"
              "? argmax weights[@focus] if reversed :: Reversed, whom?\n"
              "? sharpen weights[@focus] if mask :: With a mask?",
              &l);
    const Question *q = l.sec[0].q;
    char want[256], outcome[256];
    AtError e = {0};
    assert_int_equal(question_expected(&q[0], &f.t, want, sizeof want, &e), 0);
    assert_string_equal(want, "sharper"); // cat → sat: 0.668 → 0.916
    assert_int_equal(question_outcome(&q[0], &f.t, outcome, sizeof outcome, &e), 0);
    assert_string_equal(outcome, "largest weight 0.6682 → 0.9161 without scaling");
    assert_int_equal(question_expected(&q[1], &f.t, want, sizeof want, &e), 0);
    assert_string_equal(want, "the same");
    assert_int_equal(question_expected(&q[2], &f.t, want, sizeof want, &e), 0);
    assert_string_equal(want, "the same"); // "the": all scores 0, with or without
    assert_int_equal(question_expected(&q[3], &f.t, want, sizeof want, &e), 0);
    assert_string_equal(want, "sat"); // the same token, wherever it stands
    assert_int_equal(question_expected(&q[4], &f.t, want, sizeof want, &e), 0);
    // The what-if is from scaling on to off, whatever this trace has: a stepper that
    // already pressed s gets the same answer.
    assert_int_equal(question_expected(&q[0], &f.masked, want, sizeof want, &e), 0);

    AnswerVerdict v;
    Lines fb = {0};
    assert_int_equal(question_answer(&q[0], &f.t, "更尖锐", &v, &fb, &e), 0);
    assert_int_equal(v, ANSWER_RIGHT);
    lines_free(&fb);
    assert_int_equal(question_answer(&q[0], &f.t, "flatter", &v, &fb, &e), 0);
    assert_int_equal(v, ANSWER_WRONG);
    ASSERT_HAS(&fb, "The scores spread further apart.");
    ASSERT_HAS(&fb, "largest weight 0.6682 → 0.9161 without scaling");
    lines_free(&fb);
    assert_int_equal(question_answer(&q[1], &f.t, "different", &v, &fb, &e), 0);
    assert_int_equal(v, ANSWER_WRONG);
    ASSERT_HAS(&fb, "Attention alone does not see word order.");
    lines_free(&fb);
    assert_int_equal(question_answer(&q[1], &f.t, "maybe", &v, &fb, &e), 0);
    assert_int_equal(v, ANSWER_UNREADABLE);
    ASSERT_HAS(&fb, "Type the same or different.");
    lines_free(&fb);
    // A mask does not apply to cross-attention: the question cannot be evaluated there.
    assert_int_equal(question_expected(&q[4], &f.cross, want, sizeof want, &e), -1);
    assert_non_null(strstr(e.msg, "needs self-attention"));
    lesson_free(&l);

    // The reversed inputs: the tokens and the rows of X in reverse, keys with them.
    WhatIfTrace after, before;
    bool built;
    assert_int_equal(whatif_build(&f.t, WHATIF_REVERSED, &after, &before, &built, &e), 0);
    assert_false(built);
    assert_string_equal(after.t.in->tokens.tok[0], "mat");
    const Stage *w0 = trace_find(&f.t, "weights"), *w1 = trace_find(&after.t, "weights");
    for (size_t i = 0; i < f.t.n; i++)
        for (size_t j = 0; j < f.t.n; j++)
            assert_true(fabs(mat_get(&w0->m, i, j) -
                             mat_get(&w1->m, f.t.n - 1 - i, f.t.n - 1 - j)) < 1e-12);
    assert_int_equal(whatif_map(&f.t, w0, WHATIF_REVERSED, true, 0), f.t.n - 1);
    assert_int_equal(whatif_map(&f.t, trace_find(&f.t, "W_Q"), WHATIF_REVERSED, true, 0), 0);
    whatif_free(&after);
    fixture_free(&f);
}

// ─── parsing the new lines ──────────────────────────────────────────────────────

static void test_parse(void **state)
{
    (void)state;
    Lesson l;
    lesson_of("en", "weights",
              "Text.\n\n"
              "? predict argmax weights[@focus] :: Predict.\n"
              "! {token:@focus} => Itself?\n"
              "! 2 => Two.\n\n"
              "Revealed.\n"
              "? colsum weights[@top] ±0.1 :: Column.\n"
              "? sharpen weights[2] if no-scale :: Sharper?\n"
              "? choice a|甲 :: Which?",
              &l);
    const LessonSection *s = &l.sec[0];
    assert_int_equal(s->nq, 4);
    assert_true(s->q[0].predict);
    assert_int_equal(s->q[0].para_before, 1);
    assert_int_equal(s->q[0].nmistake, 2);
    assert_string_equal(s->q[0].mistake[0].answer, "{token:@focus}");
    assert_string_equal(s->q[0].mistake[1].feedback, "Two.");
    assert_int_equal(s->q[0].mistake[1].line, 8);
    assert_int_equal(s->q[1].kind, Q_COLSUM);
    assert_null(s->q[1].row);
    assert_string_equal(s->q[1].col, "@top");
    assert_true(s->q[1].tol_given);
    assert_int_equal(s->q[2].whatif, WHATIF_NO_SCALE);
    assert_int_equal(s->q[3].kind, Q_CHOICE);
    assert_string_equal(s->q[3].choice, "a|甲");
    assert_null(s->q[3].stage);
    lesson_free(&l);

    Lines p = {0};
    AtError e = {0};
    assert_int_equal(lesson_parse("t.md",
                                  "# T\nlang: en\nneeds: target\n## weights\n" // 3
                                  "! 1 => no question above\n"                  // 5
                                  "? sharpen weights[1] :: no what-if\n"        // 6
                                  "? value weights[1][1] if sideways :: ?\n"    // 7
                                  "? choice :: no answer\n"                     // 8
                                  "? shape Q ±0.1 :: shape tolerance\n"         // 9
                                  "? value weights[1][1] extra :: ?\n"          // 10
                                  "? choice b if mask :: ?\n"                   // 11
                                  "? argmax weights[1] :: fine\n"               // 12
                                  "! 2 without an arrow\n"                      // 13
                                  "! => no answer\n",                           // 14
                                  &l, &p, &e),
                     0);
    const char *want[] = {
        "t.md:3: needs \"target\": the only need is \"source\"",
        "t.md:5: a \"!\" line (a known wrong answer) must follow its question",
        "t.md:6: sharpen compares with a what-if: expected sharpen STAGE[ROW] if WHATIF",
        "t.md:7: unknown what-if \"sideways\" (what-ifs: no-scale mask reversed)",
        "t.md:8: expected choice ANSWER[|ANSWER…]",
        "t.md:9: only value, rowsum, colsum and choice questions take a tolerance",
        "t.md:10: unexpected \"extra\"",
        "t.md:11: a choice question has no what-if",
        "t.md:13: a known wrong answer is \"! ANSWER => what to say\" (no \"=>\")",
        "t.md:14: a known wrong answer is \"! ANSWER => what to say\" (no answer before",
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++)
        ASSERT_HAS(&p, want[k]);
    assert_int_equal(p.n, sizeof want / sizeof *want);
    lines_free(&p);
    lesson_free(&l);
}

// ─── a lesson that needs a source sentence ──────────────────────────────────────

static void test_needs_source(void **state)
{
    (void)state;
    Lesson l;
    AtError e = {0};
    assert_int_equal(lesson_load("lessons/en/cross-attention.md", &l, &e), 0);
    assert_true(l.needs_source);
    assert_int_equal(lesson_fits(&l, &FX.t, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, "needs a source sentence: add --source"));
    assert_int_equal(lesson_fits(&l, &FX.cross, &e), 0);
    // Every section is checked against a trace with a source sentence.
    LessonTraces tr = fixture_traces(&FX);
    assert_ptr_equal(lesson_trace_for(&l, &tr, "weights"), &FX.cross);
    LessonTraces none = {&FX.t, NULL, NULL, NULL, NULL};
    assert_null(lesson_trace_for(&l, &none, "weights"));
    lesson_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_numbers_and_shapes),
        cmocka_unit_test(test_lenient_answers),
        cmocka_unit_test(test_screen_tolerance),
        cmocka_unit_test(test_mistakes_are_named),
        cmocka_unit_test(test_whatifs),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_needs_source),
    };
    return cmocka_run_group_tests(tests, by_hand_setup, by_hand_teardown);
}
