// tui_fixture.h — a trace built from a sentence with generated embeddings and weights,
// for the stepper's tests (no sample folder needed).
#ifndef ATTNTRACE_TUI_FIXTURE_H
#define ATTNTRACE_TUI_FIXTURE_H

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sample.h"
#include "trace.h"

typedef struct {
    char dir[64];
    Inputs in;
    Trace t;
} TuiFixture;

// Build the trace of `sentence` with `dim`-wide generated vectors in an empty sample
// folder. Returns 0 or -1 (the error is printed).
static inline int tui_fixture_open(TuiFixture *f, const char *sentence, size_t dim)
{
    setlocale(LC_ALL, "");
    if (MB_CUR_MAX == 1)
        setlocale(LC_CTYPE, "C.UTF-8");
    setlocale(LC_NUMERIC, "C");
    memset(f, 0, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/attntrace-fixture.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    InputOptions o = {0};
    o.sample = f->dir;
    o.sentence = sentence;
    o.seed = 1;
    o.dim = dim;
    TraceOptions to;
    trace_options_default(&to);
    AtError e = {0};
    if (inputs_load(&o, &f->in, &e) != 0) {
        fprintf(stderr, "fixture: %s\n", e.msg);
        return -1;
    }
    if (trace_build(&f->in, &to, &f->t, &e) != 0) {
        fprintf(stderr, "fixture: %s\n", e.msg);
        inputs_free(&f->in);
        return -1;
    }
    return 0;
}

static inline void tui_fixture_close(TuiFixture *f)
{
    trace_free(&f->t);
    inputs_free(&f->in);
    rmdir(f->dir);
}

#endif
