// teach.h — the lesson and homework modes for main.c: --check-lesson, --check, and the
// lesson notes that --print shows above each stage.
#ifndef ATTNTRACE_TEACH_H
#define ATTNTRACE_TEACH_H

#include <stdio.h>

#include "err.h"
#include "lesson.h"
#include "lines.h"
#include "options.h"
#include "trace.h"

#define LESSON_PRINT_WIDTH 78

// --lesson NAME|FILE with --lang: find, load, apply --tolerance.
int teach_load_lesson(const Options *o, Lesson *l, AtError *e);

// --check-lesson FILE: every problem as "file:line: message" on err; "FILE: ok (N
// sections, M questions)" on out when there is none. tr->plain is the trace of the
// command line; the others serve the sections it does not show (lesson.h).
int teach_check_lesson(const Options *o, const LessonTraces *tr, FILE *out, FILE *err,
                       AtError *e);

// --check DIR: the report on out; status 3 (AT_EDIFFER) when a cell differs or is missing.
int teach_check(const Options *o, const Trace *t, FILE *out, AtError *e);

// The notes --print shows: notes[id] for each kind of stage of t (section text, then each
// question with its computed answer; every head's stage shares its kind's section),
// intro (the title, the intro section, and with --source the cross section) and end.
// Free with teach_notes_free.
typedef struct {
    Lines stage[ST_COUNT];
    Lines intro, end;
} TeachNotes;
// decode: --decode is on (the decode section goes above the end section).
int teach_notes(const Lesson *l, const Trace *t, bool decode, TeachNotes *n, AtError *e);
void teach_notes_free(TeachNotes *n);

#endif
