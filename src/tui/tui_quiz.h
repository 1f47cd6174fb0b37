// tui_quiz.h — the lesson's questions in the stepper, with no curses: which stage asks
// each one, what the learner answered, whether it was right (question_check), the
// score, and how far --quiz lets the learner move on. Pure; unit-tested
// (tests/unit/test_tui_quiz.c).
#ifndef ATTNTRACE_TUI_QUIZ_H
#define ATTNTRACE_TUI_QUIZ_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "lesson.h"
#include "lines.h"
#include "trace.h"

typedef struct {
    const Question *q;
    size_t stage;      // the position in the trace where it is asked (SIZE_MAX: not now)
    char where[24];    // the section it comes from: "intro", a stage name, or "end"
    size_t number;     // 1-based among the questions of that stage
    bool answered, correct;
    char *answer;      // what the learner typed (malloc'd), NULL before
    Lines feedback;    // question_check's lines: right/wrong, the answer, the arithmetic
} TuiQuestion;

typedef struct {
    const Trace *t;
    TuiQuestion *item; // in stage order; within a stage, in the lesson's order
    size_t n;
    size_t answered, correct;
} TuiQuiz;

// The questions of every section that this trace shows: a stage's section at that stage
// (masked only with a mask), intro's at the first stage, end's at the last.
int tui_quiz_init(TuiQuiz *z, const Lesson *l, const Trace *t, AtError *e);
void tui_quiz_free(TuiQuiz *z);
// The trace was rebuilt (explore mode): find each question's stage again by name; a
// question whose stage is gone (masked, once the mask is off) is not asked meanwhile.
void tui_quiz_retarget(TuiQuiz *z, const Trace *t);
// The first unanswered question asked at stage k, or NULL.
TuiQuestion *tui_quiz_next(TuiQuiz *z, size_t k);
// The first unanswered prediction ("? predict") of the section of stage k itself (not
// intro's or end's, which only order the text), or NULL: while there is one, the stepper
// keeps the stage hidden.
TuiQuestion *tui_quiz_predict(const TuiQuiz *z, size_t k);
// How many questions stage k asks.
size_t tui_quiz_count(const TuiQuiz *z, size_t k);
// Moving forward from stage `from` to `to` while unanswered questions hold the learner
// back: the first stage in [from, to) with one, else `to`. (Going back is always free.)
size_t tui_quiz_stop(const TuiQuiz *z, size_t from, size_t to);
// Record the answer to q (the first answer counts; a second one is refused with -1,
// status 2) and check it. 0, or -1 with e filled.
int tui_quiz_answer(TuiQuiz *z, TuiQuestion *q, const char *answer, AtError *e);

#endif
