// test_tui_quiz.c — the stepper's questions without a terminal: which stage asks each
// question of a lesson (tests/fixtures/lessons: a frozen copy of the shipped one),
// answering right and wrong (with the feedback lines), the score, and how far --quiz
// lets the learner move on.
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
#include "tui_quiz.h"

static size_t stage_pos(const Trace *t, const char *name)
{
    const Stage *s = trace_find(t, name);
    assert_non_null(s);
    return (size_t)(s - t->stage);
}

// The questions of the sections whose stage this trace has (the masked, source, concat
// and W_O sections only show with a mask, a source sentence or several heads).
static size_t asked_in(const Lesson *l, const Trace *t)
{
    size_t n = 0;
    for (size_t k = 0; k < l->nsec; k++)
        if (trace_find(t, l->sec[k].name))
            n += l->sec[k].nq;
    return n;
}

static void questions_by_stage(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    Lesson l;
    AtError e = {0};
    assert_int_equal(lesson_load("tests/fixtures/lessons/en/stepper.md", &l, &e), 0);
    TuiQuiz z;
    assert_int_equal(tui_quiz_init(&z, &l, &f.t, &e), 0);
    // No mask: the masked section's two questions are not asked.
    assert_int_equal(z.n, asked_in(&l, &f.t));
    assert_true(z.n < l.nquestions);
    assert_int_equal(tui_quiz_count(&z, stage_pos(&f.t, "embeddings")), 1);
    assert_int_equal(tui_quiz_count(&z, stage_pos(&f.t, "scores")), 2);
    assert_int_equal(tui_quiz_count(&z, stage_pos(&f.t, "K")), 0);
    for (size_t k = 1; k < z.n; k++)
        assert_true(z.item[k - 1].stage <= z.item[k].stage);
    TuiQuestion *q = tui_quiz_next(&z, stage_pos(&f.t, "scores"));
    assert_non_null(q);
    assert_int_equal(q->number, 1);
    assert_int_equal(q[1].number, 2);
    assert_null(tui_quiz_next(&z, stage_pos(&f.t, "K")));
    tui_quiz_free(&z);

    // With a mask they are, at the masked stage.
    assert_int_equal(tui_quiz_init(&z, &l, &f.masked, &e), 0);
    assert_int_equal(z.n, asked_in(&l, &f.masked));
    assert_int_equal(tui_quiz_count(&z, stage_pos(&f.masked, "masked")), 2);
    tui_quiz_free(&z);
    lesson_free(&l);
    fixture_free(&f);
}

static void answers_and_score(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    Lesson l;
    AtError e = {0};
    assert_int_equal(lesson_load("tests/fixtures/lessons/en/stepper.md", &l, &e), 0);
    TuiQuiz z;
    assert_int_equal(tui_quiz_init(&z, &l, &f.t, &e), 0);
    size_t emb = stage_pos(&f.t, "embeddings"), sc = stage_pos(&f.t, "scores");
    TuiQuestion *q = tui_quiz_next(&z, emb); // What shape is X? 6×5
    assert_int_equal(tui_quiz_answer(&z, q, "6x5", &e), 0);
    assert_true(q->answered && q->correct);
    assert_string_equal(q->answer, "6x5");
    assert_true(q->feedback.n >= 1);
    assert_non_null(strstr(q->feedback.line[0], "6×5"));
    assert_int_equal(tui_quiz_answer(&z, q, "6x5", &e), -1); // the first answer counts
    assert_null(tui_quiz_next(&z, emb));

    q = tui_quiz_next(&z, sc); // the score of "the" against "cat": 0
    assert_int_equal(tui_quiz_answer(&z, q, "99", &e), 0);
    assert_true(q->answered && !q->correct);
    assert_true(q->feedback.n > 1); // the answer, then the arithmetic
    assert_non_null(strstr(q->feedback.line[0], "99"));
    assert_int_equal(z.answered, 2);
    assert_int_equal(z.correct, 1);
    tui_quiz_free(&z);
    lesson_free(&l);
    fixture_free(&f);
}

static void quiz_blocks_moving_on(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    Lesson l;
    AtError e = {0};
    assert_int_equal(lesson_load("tests/fixtures/lessons/en/stepper.md", &l, &e), 0);
    TuiQuiz z;
    assert_int_equal(tui_quiz_init(&z, &l, &f.t, &e), 0);
    size_t last = f.t.count - 1, wq = stage_pos(&f.t, "W_Q"), q1 = stage_pos(&f.t, "Q");
    assert_int_equal(tui_quiz_stop(&z, 0, 1), 0); // embeddings asks: held
    assert_int_equal(tui_quiz_answer(&z, tui_quiz_next(&z, 0), "1x1", &e), 0); // wrong
    assert_int_equal(tui_quiz_stop(&z, 0, 1), 1); // answered, even wrongly: free to go
    assert_int_equal(tui_quiz_stop(&z, 0, last), wq); // a jump stops at the next question
    assert_int_equal(tui_quiz_stop(&z, wq + 1, q1), q1); // nothing in between
    tui_quiz_free(&z);

    // No lesson: nothing is asked, nothing holds anyone back.
    assert_int_equal(tui_quiz_init(&z, NULL, &f.t, &e), 0);
    assert_int_equal(z.n, 0);
    assert_int_equal(tui_quiz_stop(&z, 0, last), last);
    tui_quiz_free(&z);
    lesson_free(&l);
    fixture_free(&f);
}

static void chinese_answer(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/chinese", NULL), 0);
    Lesson l;
    AtError e = {0};
    assert_int_equal(lesson_load("tests/fixtures/lessons/zh/stepper.md", &l, &e), 0);
    TuiQuiz z;
    assert_int_equal(tui_quiz_init(&z, &l, &f.t, &e), 0);
    // Every argmax question accepts its own expected answer (a Chinese token).
    size_t argmax = 0;
    for (size_t k = 0; k < z.n; k++) {
        if (z.item[k].q->kind != Q_ARGMAX)
            continue;
        char want[256];
        assert_int_equal(question_expected(z.item[k].q, &f.t, want, sizeof want, &e), 0);
        assert_int_equal(tui_quiz_answer(&z, &z.item[k], want, &e), 0);
        assert_true(z.item[k].correct);
        argmax++;
    }
    assert_true(argmax > 0);
    assert_int_equal(z.correct, argmax);
    tui_quiz_free(&z);
    lesson_free(&l);
    fixture_free(&f);
}

int main(void)
{
    fixture_env();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(questions_by_stage),
        cmocka_unit_test(answers_and_score),
        cmocka_unit_test(quiz_blocks_moving_on),
        cmocka_unit_test(chinese_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
