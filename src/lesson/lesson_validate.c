// lesson_validate.c — check a parsed lesson against a trace: every placeholder can be
// filled, every question can be evaluated (and its own answer is accepted), every known
// wrong answer can be read, and no answer is written before its question.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson.h"

static void check_text(const Lesson *l, const Trace *t, const char *text, size_t line,
                       Lines *problems)
{
    char where[1024];
    snprintf(where, sizeof where, "%s:%zu", l->path, line);
    free(lesson_fill(text, t, lesson_words(l->lang), problems, where));
}

static void check_question(const Lesson *l, const Question *q, const Trace *t, Lines *problems)
{
    check_text(l, t, q->prompt, q->line, problems);
    bool applies[64] = {false}; // the known wrong answers that can be worked out here
    for (size_t k = 0; k < q->nmistake && k < 64; k++) {
        // In cross-attention a wrong answer may name what does not exist there (the
        // query of a source token, {scores:@top:@focus}): it does not apply, and is
        // skipped when answers are checked. Elsewhere it must fill in.
        Lines p = {0};
        check_text(l, t, q->mistake[k].answer, q->mistake[k].line, &p);
        applies[k] = p.n == 0;
        for (size_t a = 0; !t->cross && a < p.n; a++)
            lines_addf(problems, "%s", p.line[a]);
        problems->failed |= p.failed;
        lines_free(&p);
        if (applies[k])
            check_text(l, t, q->mistake[k].feedback, q->mistake[k].line, problems);
    }
    char answer[256];
    AtError e = {0};
    if (question_expected(q, t, answer, sizeof answer, &e) != 0) {
        lines_addf(problems, _("%s:%zu: the question cannot be evaluated: %s%s"), l->path, q->line,
                   e.msg,
                   q->stage && strcmp(q->stage, "masked") == 0 ? " (ask it under \"## masked\")"
                                                               : "");
        return;
    }
    bool ok = false;
    if (question_check(q, t, answer, &ok, NULL, &e) != 0 || !ok)
        lines_addf(problems, _("%s:%zu: the question's own answer \"%s\" would be marked wrong%s%s"),
                   l->path, q->line, answer, e.msg[0] ? ": " : "", e.msg);
    for (size_t k = 0; k < q->nmistake; k++) {
        char why[512];
        if (k < 64 && !applies[k])
            continue;
        if (question_mistake_readable(q, t, &q->mistake[k], why, sizeof why) == 0)
            lines_addf(problems, "%s:%zu: %s", l->path, q->mistake[k].line, why);
    }
}

int lesson_validate(const Lesson *l, const Trace *t, const Trace *masked, Lines *problems)
{
    LessonTraces tr = {.plain = t, .masked = masked};
    return lesson_validate_all(l, &tr, problems);
}

int lesson_validate_all(const Lesson *l, const LessonTraces *tr, Lines *problems)
{
    for (size_t k = 0; k < l->nsec; k++) {
        const LessonSection *s = &l->sec[k];
        // A section is shown only with its stage: check it against a trace that has it.
        const Trace *use = lesson_trace_for(l, tr, s->name);
        if (!use)
            continue;
        for (size_t a = 0; a < s->npara; a++)
            for (size_t b = 0; b < s->para[a].n; b++)
                check_text(l, use, s->para[a].line[b], s->para[a].first_line + b, problems);
        for (size_t a = 0; a < s->nq; a++)
            check_question(l, &s->q[a], use, problems);
    }
    if (!problems->failed && lesson_leaks(l, tr, problems) != 0)
        problems->failed = 1;
    return problems->failed ? -1 : 0;
}
