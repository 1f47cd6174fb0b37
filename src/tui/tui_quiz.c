// tui_quiz.c — the stepper's questions and score (see tui_quiz.h).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tui_quiz.h"

static int add_section(TuiQuiz *z, const Lesson *l, const char *name, size_t stage, size_t *cap,
                       AtError *e)
{
    const LessonSection *s = lesson_section(l, name);
    for (size_t k = 0; s && k < s->nq; k++) {
        if (z->n == *cap) {
            size_t ncap = *cap ? *cap * 2 : 16;
            TuiQuestion *p = realloc(z->item, ncap * sizeof *p);
            if (!p)
                return at_fail(e, AT_ERUNTIME, _("out of memory"));
            z->item = p;
            *cap = ncap;
        }
        size_t number = 1;
        for (size_t m = 0; m < z->n; m++)
            number += z->item[m].stage == stage;
        TuiQuestion *q = &z->item[z->n++];
        *q = (TuiQuestion){.q = &s->q[k], .stage = stage, .number = number};
        snprintf(q->where, sizeof q->where, "%s", name);
    }
    return 0;
}

int tui_quiz_init(TuiQuiz *z, const Lesson *l, const Trace *t, AtError *e)
{
    memset(z, 0, sizeof *z);
    z->t = t;
    if (!l || t->count == 0)
        return 0;
    size_t cap = 0;
    int rc = add_section(z, l, "intro", 0, &cap, e);
    for (size_t k = 0; rc == 0 && k < t->count; k++)
        rc = add_section(z, l, t->stage[k].name, k, &cap, e);
    if (rc == 0)
        rc = add_section(z, l, "end", t->count - 1, &cap, e);
    if (rc != 0)
        tui_quiz_free(z);
    return rc;
}

void tui_quiz_retarget(TuiQuiz *z, const Trace *t)
{
    z->t = t;
    for (size_t m = 0; m < z->n; m++) {
        TuiQuestion *q = &z->item[m];
        const Stage *s = trace_find(t, q->where);
        q->stage = strcmp(q->where, "intro") == 0 ? 0
                   : strcmp(q->where, "end") == 0 ? t->count - 1
                   : s                            ? (size_t)(s - t->stage)
                                                  : SIZE_MAX; // not shown now: never asked
    }
}

void tui_quiz_free(TuiQuiz *z)
{
    for (size_t k = 0; k < z->n; k++) {
        free(z->item[k].answer);
        lines_free(&z->item[k].feedback);
    }
    free(z->item);
    z->item = NULL;
    z->n = z->answered = z->correct = 0;
}

TuiQuestion *tui_quiz_next(TuiQuiz *z, size_t k)
{
    for (size_t m = 0; m < z->n; m++)
        if (z->item[m].stage == k && !z->item[m].answered)
            return &z->item[m];
    return NULL;
}

TuiQuestion *tui_quiz_predict(const TuiQuiz *z, size_t k)
{
    for (size_t m = 0; m < z->n; m++) {
        TuiQuestion *q = &z->item[m];
        if (q->stage == k && !q->answered && q->q->predict && strcmp(q->where, "intro") != 0 &&
            strcmp(q->where, "end") != 0)
            return q;
    }
    return NULL;
}

size_t tui_quiz_count(const TuiQuiz *z, size_t k)
{
    size_t c = 0;
    for (size_t m = 0; m < z->n; m++)
        c += z->item[m].stage == k;
    return c;
}

size_t tui_quiz_stop(const TuiQuiz *z, size_t from, size_t to)
{
    for (size_t m = 0; m < z->n; m++) // items are in stage order
        if (!z->item[m].answered && z->item[m].stage >= from && z->item[m].stage < to)
            return z->item[m].stage;
    return to;
}

int tui_quiz_answer(TuiQuiz *z, TuiQuestion *q, const char *answer, AtError *e)
{
    if (q->answered)
        return at_fail(e, AT_EINPUT, _("this question is answered already"));
    size_t n = strlen(answer) + 1;
    char *copy = malloc(n);
    if (!copy)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    memcpy(copy, answer, n);
    bool correct = false;
    Lines fb = {0};
    if (question_check(q->q, z->t, answer, &correct, &fb, e) != 0) {
        free(copy);
        lines_free(&fb);
        return -1;
    }
    q->answer = copy;
    q->feedback = fb;
    q->answered = true;
    q->correct = correct;
    z->answered++;
    z->correct += correct;
    return 0;
}
