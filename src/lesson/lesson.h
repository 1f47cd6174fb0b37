// lesson.h — lesson files: text for each stage, with placeholders filled from the live
// trace, and questions whose expected answers are computed from the trace, never written
// in the lesson. The format is described in lessons/README.md; in short:
//
//   # Self-attention, step by step        ← the title
//   lang: en                              ← metadata (before the first section)
//   ## intro                              ← a section: intro, a stage name, or end
//   The sentence "{sentence}" has {n} tokens.
//   ? argmax weights[1] :: Which token does "{token:1}" attend to most?
//
// Parsing (lesson.c) only checks the syntax; placeholders and questions are checked
// against a trace by lesson_validate (lesson_validate.c). Rendering (lesson_render.c)
// never fails on a bad placeholder: it shows it as "{token:9?}".
//
// Calls between the files go one way (no two call each other):
//   lesson_validate → lesson_render → question → the model (trace, matrix, explain)
//   lesson_validate → question;  lesson_render → lesson_wrap, lesson (lesson_section)
#ifndef ATTNTRACE_LESSON_H
#define ATTNTRACE_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "lines.h"
#include "trace.h"

#define LESSON_MAX_BYTES (256u * 1024u)
#define LESSON_DEFAULT_TOLERANCE 0.005

typedef enum {
    Q_ARGMAX, // STAGE[ROW]: the column with the largest value in that row (label or index)
    Q_ARGMIN, // STAGE[ROW]: the column with the smallest value
    Q_VALUE,  // STAGE[ROW][COL]: one cell, within a tolerance
    Q_ROWSUM, // STAGE[ROW]: the sum of a row, within a tolerance
    Q_SHAPE,  // STAGE: rows×cols
    Q_KIND_COUNT
} QuestionKind;

extern const char *const QUESTION_KINDS[Q_KIND_COUNT]; // "argmax" ... "shape"

typedef struct {
    QuestionKind kind;
    char *stage;    // a stage name
    char *row;      // 1-based index, -k counting from the end, or a label; NULL if unused
    char *col;      // likewise; NULL if unused
    double tol;     // value, rowsum: accepted distance from the expected number
    bool tol_given; // written in the lesson ("±0.01"); else lesson_set_tolerance applies
    char *prompt;   // the question as shown, may hold placeholders
    size_t line;
} Question;

typedef enum { PARA_TEXT, PARA_ITEM, PARA_VERBATIM } ParaKind;

typedef struct {
    ParaKind kind;  // text: lines joined and wrapped; item: "- " with a hanging indent;
                    // verbatim: an indented block, lines kept as they are
    char **line;    // the source lines (without the "- " or the indent)
    size_t n;
    size_t first_line;
} Paragraph;

typedef struct {
    char *name; // "intro", a stage name, or "end"
    size_t line;
    Paragraph *para;
    size_t npara;
    Question *q;
    size_t nq;
} LessonSection;

typedef struct {
    char *path;
    char *title;
    char *lang;
    LessonSection *sec;
    size_t nsec;
    size_t nquestions;
} Lesson;

// ─── lesson.c: parsing ───────────────────────────────────────────────────────────
// Parse `text` (the content of `path`). Every syntax problem is appended to problems
// as "path:line: message" and parsing goes on. Fails (-1) only when out of memory.
int lesson_parse(const char *path, const char *text, Lesson *l, Lines *problems, AtError *e);
// Read and parse a file; the first syntax problem is an error (status 2).
int lesson_load(const char *path, Lesson *l, AtError *e);
void lesson_free(Lesson *l);
// The section with this name, or NULL.
const LessonSection *lesson_section(const Lesson *l, const char *name);
// Give every question without its own "±T" the tolerance tol.
void lesson_set_tolerance(Lesson *l, double tol);
// True for "intro", "end" and the stage names.
bool lesson_section_known(const char *name);

// ─── lesson_find.c: where lessons live ──────────────────────────────────────────
// NAME|FILE → a malloc'd path. A FILE has a '/' in it or is something other than a
// folder in the current directory, and must be a regular file; a NAME is looked up as
// data_dir()/lessons/LANG/NAME.md, then NAME*.md. lang NULL: the language of the
// environment (lesson_env_lang) when the lesson exists in it, else "en". opt is the
// option the user typed ("--lesson", "--check-lesson"), for messages.
int lesson_find(const char *opt, const char *name, const char *lang, char **path,
                AtError *e);
// "zh" for LC_ALL / LC_MESSAGES / LANG = zh_CN.UTF-8 (the first one set); NULL for C,
// POSIX or nothing. Writes into buf (at least 8 bytes).
const char *lesson_env_lang(char *buf, size_t size);

// ─── lesson_render.c: placeholders and wrapping ──────────────────────────────────
// Fill the placeholders of `text` from the trace: a malloc'd string, NULL when out of
// memory. A placeholder that cannot be filled is shown as "{token:9?}" and, when
// problems is not NULL, reported there as "<where>: message".
char *lesson_fill(const char *text, const Trace *t, Lines *problems, const char *where);
// The question's prompt with its placeholders filled (malloc'd; NULL when out of memory).
char *question_prompt(const Question *q, const Trace *t);
// One section's paragraphs, filled and wrapped to wrap_width columns (0: no wrapping),
// separated by empty lines, appended to out. A missing section adds nothing.
// Returns -1 when out of memory (out->failed is set).
int lesson_render(const Lesson *l, const Trace *t, const char *section, int wrap_width,
                  Lines *out);
// The section's text, then each question; with answers, "Q: … → answer: X" (a
// teacher's key; "问：… → 答案：X" for a zh lesson). For print mode and the stepper.
// Returns -1 when out of memory.
int lesson_notes(const Lesson *l, const Trace *t, const char *section, int wrap_width,
                 bool answers, Lines *out);
// Wrap one paragraph to width columns (CJK-aware: breaks at spaces and between wide
// characters). first/rest are prefixes of the first and the following lines.
int lesson_wrap(const char *text, int width, const char *first, const char *rest, Lines *out);

// ─── question.c ─────────────────────────────────────────────────────────────────
// A question's ROW and COL are read by stage_index (trace.h): a 1-based index, a label,
// or -k from the end.
// The expected answer, computed from the trace: a column label for argmax/argmin, a
// number for value/rowsum, "3×4" for shape. Status 2 when the question does not fit the
// trace (no such stage, row or column).
int question_expected(const Question *q, const Trace *t, char *answer, size_t size,
                      AtError *e);
// Is user_answer right? argmax/argmin: the label (ASCII case ignored) or its 1-based
// index; value/rowsum: a number within q->tol; shape: "3x4", "3×4", "3 4". feedback
// (may be NULL) gets a line saying right or wrong with the answer, and on a wrong answer
// the arithmetic behind it (explain()).
int question_check(const Question *q, const Trace *t, const char *user_answer, bool *correct,
                   Lines *feedback, AtError *e);

// ─── lesson_validate.c ──────────────────────────────────────────────────────────
// Everything that would go wrong with this trace: placeholders that cannot be filled,
// questions that cannot be evaluated, or whose own expected answer would not be
// accepted. masked (may be NULL: then the masked section is not checked) is a trace
// with a causal mask, used for the "masked" section. Appends "path:line: message".
int lesson_validate(const Lesson *l, const Trace *t, const Trace *masked, Lines *problems);
// The traces a lesson is checked against, each section against one that shows it.
typedef struct {
    const Trace *plain;  // the command line's trace: every other section
    const Trace *masked; // with a causal mask: "masked" (NULL: not checked)
    const Trace *cross;  // with a source sentence: "source" and "cross" (NULL: not checked)
    const Trace *heads;  // with several heads: "concat" and "W_O" (NULL: not checked)
} LessonTraces;
// The trace a section is checked against: masked needs a mask, source and cross a source
// sentence, concat and W_O several heads (plain itself when it has them); NULL when none
// of the given traces shows the section.
const Trace *lesson_trace_for(const LessonTraces *tr, const char *section);
// As lesson_validate; plain itself serves for whatever it shows.
int lesson_validate_all(const Lesson *l, const LessonTraces *tr, Lines *problems);

#endif
