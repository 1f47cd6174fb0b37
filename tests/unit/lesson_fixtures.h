// lesson_fixtures.h — traces for the lesson and homework tests: a sample folder's trace,
// with and without a causal mask, with a source sentence, and with two heads when d_k
// and d_v are even. The tests run from the repository root.
#ifndef ATTNTRACE_LESSON_FIXTURES_H
#define ATTNTRACE_LESSON_FIXTURES_H

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "trace.h"

#include "lesson.h"

#define FIXTURE_SOURCE "cats like the mat"

typedef struct {
    Inputs in;
    Inputs in_self; // in without its source (a sample's source.txt): a mask needs self-attention
    Trace t;      // no mask
    Trace masked; // causal mask
    Inputs in_cross, in_heads;
    Trace cross;  // --source FIXTURE_SOURCE
    Trace heads;  // --heads 2 (when has_heads)
    bool has_heads;
    Trace positions; // --source FIXTURE_SOURCE --pos sinusoidal [--rope when d_k is even]
} Fixture;

// The traces for lesson_validate_all and lesson_trace_for.
static inline LessonTraces fixture_traces(const Fixture *f)
{
    return (LessonTraces){&f->t, &f->masked, &f->cross, f->has_heads ? &f->heads : NULL,
                          &f->positions};
}

// UTF-8 characters, "C" numbers, and the checkout as the data folder.
static inline void fixture_env(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
    setlocale(LC_NUMERIC, "C");
    setenv("ATTNTRACE_DATADIR", ".", 1);
}

// The trace of a sample folder ("samples/by-hand"), optionally with another sentence.
static inline int fixture_load(Fixture *f, const char *sample, const char *sentence)
{
    memset(f, 0, sizeof *f);
    InputOptions io = {.sample = sample, .seed = 1, .sentence = sentence};
    AtError e = {0};
    if (inputs_load(&io, &f->in, &e) != 0)
        return -1;
    TraceOptions to;
    trace_options_default(&to);
    if (trace_build(&f->in, &to, &f->t, &e) != 0) {
        inputs_free(&f->in);
        return -1;
    }
    to.mask = MASK_CAUSAL;
    f->in_self = f->in; // a shallow copy: the trace only borrows
    f->in_self.has_source = false;
    if (trace_build(&f->in_self, &to, &f->masked, &e) != 0) {
        trace_free(&f->t);
        inputs_free(&f->in);
        return -1;
    }
    to.mask = MASK_NONE;
    io.source = FIXTURE_SOURCE;
    if (inputs_load(&io, &f->in_cross, &e) != 0 || trace_build(&f->in_cross, &to, &f->cross, &e) != 0)
        return -1;
    TraceOptions po = to;
    po.pos = POS_SINUSOIDAL;
    po.rope = f->cross.d_k % 2 == 0;
    if (trace_build(&f->in_cross, &po, &f->positions, &e) != 0)
        return -1;
    io.source = NULL;
    io.heads = to.heads = 2;
    f->has_heads = f->t.d_k % 2 == 0 && f->t.d_v % 2 == 0;
    if (f->has_heads && (inputs_load(&io, &f->in_heads, &e) != 0 ||
                         trace_build(&f->in_heads, &to, &f->heads, &e) != 0))
        return -1;
    return 0;
}

static inline void fixture_free(Fixture *f)
{
    if (f->has_heads) {
        trace_free(&f->heads);
        inputs_free(&f->in_heads);
    }
    trace_free(&f->positions);
    trace_free(&f->cross);
    inputs_free(&f->in_cross);
    trace_free(&f->masked);
    trace_free(&f->t);
    inputs_free(&f->in);
}

// The by-hand sample ("I like cats") as a cmocka group fixture, shared by the tests of
// lessons, homework checking and SVG: cmocka_run_group_tests(tests, by_hand_setup,
// by_hand_teardown), then use FX.
static Fixture FX;

static inline int by_hand_setup(void **state)
{
    (void)state;
    fixture_env();
    return fixture_load(&FX, "samples/by-hand", NULL);
}

static inline int by_hand_teardown(void **state)
{
    (void)state;
    fixture_free(&FX);
    return 0;
}

#endif
