// fuzz_lesson.c — libFuzzer target: the lesson parser, then everything that reads a
// parsed lesson (validation against a trace, placeholders, wrapping, questions).
//
// The trace is samples/by-hand's, loaded once; FUZZ_DATADIR (set by the Makefile) is the
// checkout, so the target runs from any folder.
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "sample.h"
#include "trace.h"

#ifndef FUZZ_DATADIR
#define FUZZ_DATADIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Inputs IN;
static Trace T, MASKED;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
    setlocale(LC_NUMERIC, "C");
    setenv("ATTNTRACE_DATADIR", FUZZ_DATADIR, 1);
    InputOptions io = {.sample = "by-hand", .seed = 1};
    AtError e = {0};
    TraceOptions to;
    trace_options_default(&to);
    if (inputs_load(&io, &IN, &e) != 0 || trace_build(&IN, &to, &T, &e) != 0) {
        fprintf(stderr, "fuzz_lesson: cannot load samples/by-hand: %s\n", e.msg);
        exit(1);
    }
    to.mask = MASK_CAUSAL;
    if (trace_build(&IN, &to, &MASKED, &e) != 0)
        exit(1);
    return 0;
}

static void one_line_or_die(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 && *p != '\t')
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > LESSON_MAX_BYTES)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    Lesson l;
    Lines problems = {0};
    AtError e = {0};
    if (lesson_parse("fuzz.md", text, &l, &problems, &e) != 0) {
        lines_free(&problems);
        free(text);
        return 0;
    }
    for (size_t k = 0; k < problems.n; k++)
        one_line_or_die(problems.line[k]);
    if (problems.n == 0) {
        Lines v = {0};
        lesson_validate(&l, &T, &MASKED, &v);
        lines_free(&v);
        lesson_set_tolerance(&l, 0.01);
        static const char *const extra[] = {"intro", "end"};
        for (size_t k = 0; k < ST_COUNT + 2; k++) {
            const char *sec = k < ST_COUNT ? STAGE_NAMES[k] : extra[k - ST_COUNT];
            const Trace *t = k == ST_MASKED ? &MASKED : &T;
            Lines out = {0};
            lesson_notes(&l, t, sec, 40, true, &out);
            for (size_t i = 0; i < out.n; i++)
                one_line_or_die(out.line[i]);
            lines_free(&out);
        }
        for (size_t s = 0; s < l.nsec; s++)
            for (size_t q = 0; q < l.sec[s].nq; q++) {
                const Question *qu = &l.sec[s].q[q];
                char answer[256];
                bool correct;
                Lines fb = {0};
                if (question_expected(qu, &MASKED, answer, sizeof answer, &e) == 0 &&
                    question_check(qu, &MASKED, answer, &correct, &fb, &e) == 0 && !correct) {
                    // The expected answer may be refused only by value questions that the
                    // validator would flag; it must never crash.
                }
                lines_free(&fb);
                char *prompt = question_prompt(qu, &T);
                free(prompt);
            }
    }
    lesson_free(&l);
    lines_free(&problems);
    free(text);
    return 0;
}
