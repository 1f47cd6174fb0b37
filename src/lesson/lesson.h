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
//   lesson_validate → lesson_leak → lesson_render → question → lesson_fill → lesson_focus
//   question → whatif, answer_read, explain;  lesson_render → lesson_wrap, lesson
//   every file may use lesson_words (the words the program adds, per language)
#ifndef ATTNTRACE_LESSON_H
#define ATTNTRACE_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "err.h"
#include "lines.h"
#include "trace.h"

#define LESSON_MAX_BYTES (256u * 1024u)
#define LESSON_DEFAULT_TOLERANCE 0.005
// The decimals the stepper shows by default: a learner reads the screen to this
// precision, so no answer's tolerance is tighter than what that rounding allows.
#define LESSON_SCREEN_DECIMALS 2

typedef enum {
    Q_ARGMAX,  // STAGE[ROW]: the column with the largest value in that row (label or index)
    Q_ARGMIN,  // STAGE[ROW]: the column with the smallest value
    Q_VALUE,   // STAGE[ROW][COL]: one cell, within a tolerance
    Q_ROWSUM,  // STAGE[ROW]: the sum of a row, within a tolerance
    Q_COLSUM,  // STAGE[COL]: the sum of a column, within a tolerance
    Q_SHAPE,   // STAGE: rows×cols
    Q_CHOICE,  // ANSWER[|ANSWER…]: a fixed answer: a letter, a number or words
    Q_SHARPEN, // STAGE[ROW] if WHATIF: does the row get sharper, flatter, or stay the same?
    Q_SAME,    // STAGE[ROW] if WHATIF: does the row keep the same values (in any order)?
    Q_KIND_COUNT
} QuestionKind;

extern const char *const QUESTION_KINDS[Q_KIND_COUNT]; // "argmax" ... "same"

// A what-if: the question is answered from a second trace, built from the same inputs
// with one thing changed. The stepper has a key for some of them (s, m).
typedef enum {
    WHATIF_NONE,
    WHATIF_NO_SCALE, // "no-scale": scaled = scores (÷1 instead of ÷√d_k), against ÷√d_k
    WHATIF_MASK,     // "mask": with a causal mask, against without (self-attention only)
    WHATIF_REVERSED, // "reversed": the sentence's tokens in reverse order
    WHATIF_COUNT
} WhatIf;

extern const char *const WHATIF_NAMES[WHATIF_COUNT]; // "", "no-scale", "mask", "reversed"

// The few words the program adds to a lesson, in the lesson's language (lesson_words.c),
// not the interface's: they go inside the lesson's own sentences, so they follow the
// lesson even when --lang says otherwise. Each is a template whose "%s" lesson_say fills
// in, never a printf format.
typedef struct {
    const char *lang;                      // "en", "zh"
    const char *q_first, *q_rest;          // "Q: " and the indent of its next lines
    const char *key;                       // " → answer: "
    const char *cannot;                    // "(cannot be answered here: %s)"
    const char *predicted;                 // the outcome of a prediction, in the key
    const char *quote_open, *quote_close;  // around a token: "cat" / “猫”
    const char *list_comma, *list_and;     // "a, b and c" / "a、b和c"
    const char *attends;                   // "attends most to %s"
    const char *attends_only;              // "can only attend to %s"
    const char *attends_even;              // "spreads its attention evenly over all %s tokens"
    const char *attends_tie;               // "is split evenly between %s"
    const char *tie_labels;                // {argmax} on a tie: "%s (a tie)"
    const char *precision;                 // "(to the nearest %s; within ±%s is right)"
    const char *right, *wrong;             // "Right: %s." / "Not quite: …%s…%s"
    const char *within;                    // "(numbers within ±%s count as right)"
    const char *rounded;                   // a right sum of rounded cells: why it counts
    const char *sharper, *flatter, *same, *different; // the answers of sharpen and same
    const char *outcome_sharpen;           // "largest weight %s → %s %s"
    const char *outcome_same;              // "the same values in another order %s"
    const char *whatif_words[WHATIF_COUNT]; // "without scaling", "with a causal mask" …
    const char *hint_number, *hint_shape, *hint_label, *hint_letter, *hint_sharpen,
        *hint_same;                        // a badly formed answer: what form is expected
} LessonPhrases;

// The table for a language code ("zh", "zh-TW" → Chinese); English for any other.
const LessonPhrases *lesson_words(const char *lang);
// A table's template with each "%s" replaced by a, b, c in turn (NULL: ""): malloc'd,
// NULL when out of memory; lesson_sayn writes into buf, cut at a character to fit.
char *lesson_say(const char *tmpl, const char *a, const char *b, const char *c);
void lesson_sayn(char *buf, size_t size, const char *tmpl, const char *a, const char *b,
                 const char *c);
// "0.031": a tolerance to two significant digits, rounded down (never promising more
// than is accepted).
void question_tol_text(double tol, char *buf, size_t size);
// The answers sharpen and same accept, in either language (NULL-terminated).
extern const char *const LESSON_SHARPER[], *const LESSON_FLATTER[], *const LESSON_SAME[],
    *const LESSON_DIFFERENT[];

// "! ANSWER => feedback" under a question: a known wrong answer and what to say when a
// learner gives it (both may hold placeholders; a number may be arithmetic on them).
typedef struct {
    char *answer;
    char *feedback;
    size_t line;
} Mistake;

typedef struct {
    QuestionKind kind;
    bool predict;   // "? predict …": asked before its stage (and the text after it) is shown
    WhatIf whatif;  // "if no-scale": answered from that what-if trace
    char *stage;    // a stage name (NULL for choice)
    char *row;      // 1-based index, -k from the end, a label, @focus or @top; NULL if unused
    char *col;      // likewise; NULL if unused
    char *choice;   // choice: the accepted answers, "b" or "10" or "no|不"; else NULL
    double tol;     // value, rowsum, colsum, a number choice: accepted distance
    bool tol_given; // written in the lesson ("±0.01"); else lesson_set_tolerance applies
    char *prompt;   // the question as shown, may hold placeholders
    size_t line;
    size_t para_before;       // how many of the section's paragraphs come before it
    const LessonPhrases *words; // the lesson's language
    Mistake *mistake;         // its "!" lines
    size_t nmistake;
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
    bool needs_source; // "needs: source": every section needs a source sentence (--source)
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
// Can the lesson be shown on this trace? A lesson that needs a source sentence cannot
// be shown without one: status 2, saying how to give one.
int lesson_fits(const Lesson *l, const Trace *t, AtError *e);

// ─── question_parse.c: the "?" and "!" lines ────────────────────────────────────
//   ? [predict] KIND STAGE[ROW][COL] [±TOL] [if WHATIF] :: the question
//   ? [predict] choice ANSWER[|ANSWER…] [±TOL] :: the question
//   ! WRONG ANSWER => what to say when a learner gives it
// question_parse reads the text after "?" into q (its own copies; question_free frees
// them); mistake_parse the text after "!" into m. 0; 1 with the problem in msg; -1
// when out of memory.
int question_parse(const char *text, Question *q, char *msg, size_t size);
int mistake_parse(const char *text, Mistake *m, char *msg, size_t size);
void question_free(Question *q);

// ─── lesson_find.c: where lessons live ──────────────────────────────────────────
// NAME|FILE → a malloc'd path. A FILE has a '/' in it or is something other than a
// folder in the current directory, and must be a regular file; a NAME is looked up as
// data_dir()/lessons/LANG/NAME.md, then NAME*.md. lang NULL: the language of the
// environment (lesson_env_lang) when the lesson exists in it, else "en". opt is the
// option the user typed ("--lesson", "--check-lesson"), for messages.
int lesson_find(const char *opt, const char *name, const char *lang, char **path,
                AtError *e);
// "zh" for LANGUAGE = zh_CN:en, or LC_ALL / LC_MESSAGES / LANG = zh_CN.UTF-8 (the first
// one set, gettext's order); NULL for C, POSIX or nothing. Writes into buf (at least 8
// bytes).
const char *lesson_env_lang(char *buf, size_t size);

// ─── lesson_focus.c: the row with a story ────────────────────────────────────────
// The focus: the query whose attention weights are most peaked (the largest weight in
// its row, then the lowest entropy, then the first such row), among the rows that can
// attend to more than one key. Lessons speak of it as @focus, and of the key it attends
// to most as @top (the first of a tie), so that the text is about "sat" → "cat", not
// about a function word whose row is flat. False when the trace has no weights.
bool lesson_focus(const Trace *t, size_t *row);
bool lesson_top(const Trace *t, size_t *col);
// A ROW or COL of stage s: @focus (an axis of the sentence's tokens), @top (an axis of
// the keys' tokens), else stage_index's 1-based number, label or -k. -1 when none;
// why (may be NULL) then says what was wrong.
long lesson_index(const Trace *t, const Stage *s, bool column, const char *spec, char *why,
                  size_t size);
// The cells of stage s that a mask hides: for the weights, the masked stage of the same
// head (its -inf cells are the keys a query may not attend to, whose weight is 0);
// NULL when there is no mask.
const Matrix *lesson_mask_for(const Trace *t, const Stage *s);
// The columns of row i whose value ties with the row's largest (or smallest): each
// within 1e-9 (relative) of it, over the finite cells that mask (may be NULL) does not
// hide. Writes up to max column indices into at and returns how many there are (0: no
// such cell); *finite gets the number of those cells in the row.
size_t lesson_row_best(const Matrix *m, const Matrix *mask, size_t i, bool largest,
                       size_t *at, size_t max, size_t *finite);
// How peaked row i is: its largest finite value and the entropy −Σ p·ln p over its
// finite cells (for a row of weights).
void lesson_row_peak(const Matrix *m, size_t i, double *max, double *entropy);

// ─── whatif.c: a second trace, with one thing changed ───────────────────────────
typedef struct {
    Inputs in;    // the inputs it borrows (a reversed sentence has its own arrays)
    bool own;     // in holds arrays of its own (reversed)
    Trace t;
} WhatIfTrace;
// Build the what-if of t's inputs and options: w = NO_SCALE → {scale off} against
// base_out = {scale on}; MASK → {mask} against {no mask}; REVERSED → {the tokens
// reversed} against t itself. *base is the trace the question compares with: t itself
// or a second trace in base_out (then *base_built is true). 0, or -1 with e (status 2
// when the what-if does not apply: a mask on cross-attention).
int whatif_build(const Trace *t, WhatIf w, WhatIfTrace *out, WhatIfTrace *base_out,
                 bool *base_built, AtError *e);
void whatif_free(WhatIfTrace *w);
// Where row or column k of stage kind `s` (of t) lands in the what-if trace: reversed
// token axes of the sentence count from the other end; everything else stays.
size_t whatif_map(const Trace *t, const Stage *s, WhatIf w, bool column, size_t k);

// ─── answer_read.c: answers as people type them ──────────────────────────────────
// Trim, drop one pair of quotes (" ' “ ” 「 」), turn full-width ASCII (０-９, ａ-ｚ, ．)
// into ASCII and a Unicode minus (−) into '-'. Writes at most size bytes.
void answer_normalize(const char *in, char *out, size_t size);
// A number: "0.5", "-0.5", "0,5" (a decimal comma), "-inf", "-∞", "负无穷"; false if none.
bool answer_number(const char *text, double *x);
// A shape: "3x4", "3×4", "3 by 4", "3 乘 4", "3*4", "3 4", "(3, 4)", "3行4列".
bool answer_shape(const char *text, size_t *rows, size_t *cols);
// Arithmetic on numbers: + - * / ( ), sqrt(x) or √x, -inf. For known wrong answers
// ("0.8360/3"), after their placeholders are filled. True when text reads as arithmetic;
// *x may then be NaN (0/0) or infinite: such a wrong answer matches nothing.
bool answer_expr(const char *text, double *x);
// Which of the words in `words` (NULL-terminated) the answer is, ASCII case ignored;
// -1 when none.
int answer_word(const char *text, const char *const *words);

// ─── lesson_fill.c: placeholders ────────────────────────────────────────────────
// Fill the placeholders of `text` from the trace, in the words of w (the lesson's
// language; NULL: English): a malloc'd string, NULL when out of memory. A placeholder
// that cannot be filled is shown as "{token:9?}" and, when problems is not NULL,
// reported there as "<where>: message".
char *lesson_fill(const char *text, const Trace *t, const LessonPhrases *w, Lines *problems,
                  const char *where);
// As lesson_fill, and every label a placeholder computed from the numbers ({argmax},
// {attends}, a token given as @top) is appended to labels: what the text tells a
// learner about which token wins (the check that no answer is written before its
// question).
char *lesson_fill_labels(const char *text, const Trace *t, const LessonPhrases *w,
                         Lines *labels);

// ─── lesson_render.c: paragraphs and notes ──────────────────────────────────────
// The question's prompt with its placeholders filled, and for a number read off the
// screen the precision expected ("(to the nearest 0.01; within ±0.03 is right)").
// malloc'd; NULL when out of memory.
char *question_prompt(const Question *q, const Trace *t);
// One section's paragraphs, filled and wrapped to wrap_width columns (0: no wrapping),
// separated by empty lines, appended to out. A missing section adds nothing.
// Returns -1 when out of memory (out->failed is set).
int lesson_render(const Lesson *l, const Trace *t, const char *section, int wrap_width,
                  Lines *out);
// As lesson_render, paragraphs [from, to) only: the text above a prediction (to =
// q->para_before), and the text it reveals once answered (from = q->para_before).
int lesson_render_paras(const Lesson *l, const Trace *t, const char *section, size_t from,
                        size_t to, int wrap_width, Lines *out);
// A section as print mode shows it: its text, each prediction where it stands in the
// text (before what it reveals), then the other questions; with answers, each question
// as "Q: … → answer: X" (a teacher's key; "问：… → 答案：X" for a zh lesson), and a
// prediction's with its outcome. Returns -1 when out of memory.
int lesson_notes(const Lesson *l, const Trace *t, const char *section, int wrap_width,
                 bool answers, Lines *out);
// Wrap one paragraph to width columns (CJK-aware: breaks at spaces and between wide
// characters). first/rest are prefixes of the first and the following lines.
int lesson_wrap(const char *text, int width, const char *first, const char *rest, Lines *out);
// May a line break between the characters a and b (of widths aw, bw)? After a space;
// between two characters of which one is wide (CJK), unless b is closing punctuation
// ("，" "。" "）") or a opening punctuation ("（"). The stepper's wrapping asks it too.
bool lesson_break_between(wchar_t a, int aw, wchar_t b, int bw);

// ─── question.c ─────────────────────────────────────────────────────────────────
// A question's ROW and COL are read by lesson_index: a 1-based index, a label, -k from
// the end, @focus or @top.
// The expected answer, computed from the trace (for an "if" question, from its what-if):
// a column label for argmax/argmin, a number for value/rowsum/colsum, "3×4" for shape,
// the first answer of a choice, a word of the lesson's language for sharpen and same.
// Status 2 when the question does not fit the trace (no such stage, row or column).
int question_expected(const Question *q, const Trace *t, char *answer, size_t size,
                      AtError *e);
// The tolerance a number answer gets: the lesson's (±T or --tolerance), widened to what
// reading the screen at LESSON_SCREEN_DECIMALS allows: ±0.005 for a cell read off the
// screen, the rounding of every operand for a cell computed from others (a q·k from the
// rows of Q and K shown), each added cell's rounding for a sum. 0 for other kinds.
double question_tolerance(const Question *q, const Trace *t);
// What a prediction or a what-if turned out to be, for the teacher's key: "largest
// weight 0.6682 → 0.8501 without scaling". "" for other questions.
int question_outcome(const Question *q, const Trace *t, char *out, size_t size, AtError *e);

typedef enum {
    ANSWER_RIGHT,
    ANSWER_WRONG,
    ANSWER_UNREADABLE, // not an answer of the expected form: a hint, and it does not count
} AnswerVerdict;
// Check what a learner typed. Answers are read as people type them (answer_read.c):
// argmax/argmin: a label (ASCII case ignored) or its 1-based index, any of a tie;
// numbers within question_tolerance; shapes as "3x4", "3 by 4", "3乘4" …. feedback (may
// be NULL) gets: the verdict ("Right: X." / "Not quite: you answered …; the answer is
// X."), then, when the answer was one of the question's known mistakes, what it says
// about that mistake, then the arithmetic behind the answer (explain()); or, for an
// unreadable answer, the hint about the form alone.
int question_answer(const Question *q, const Trace *t, const char *user_answer,
                    AnswerVerdict *verdict, Lines *feedback, AtError *e);
// Can a known wrong answer be read as an answer to q on this trace (a number, arithmetic
// on placeholders, a shape, a label, a letter, a word)? 1 yes; 0 no, with why.
int question_mistake_readable(const Question *q, const Trace *t, const Mistake *m, char *why,
                              size_t size);
// The first of answers (one per line) that q would mark right on t, or -1 (also when q
// cannot be evaluated). The trace (and any what-if) is worked out once for them all.
long question_accepts(const Question *q, const Trace *t, const Lines *answers);
// As question_answer, for callers that count every answer: *correct is whether it was
// right; an unreadable answer is not judged: -1 with status 2 and the hint as the
// message (so it is not recorded).
int question_check(const Question *q, const Trace *t, const char *user_answer, bool *correct,
                   Lines *feedback, AtError *e);

// ─── lesson_validate.c ──────────────────────────────────────────────────────────
// Everything that would go wrong with this trace: placeholders that cannot be filled,
// questions that cannot be evaluated, or whose own expected answer would not be
// accepted, known wrong answers that cannot be read, and answers a learner can read in
// the lesson's text before the question (lesson_leak.c). masked (may be NULL: then the
// masked section is not checked) is a trace with a causal mask, used for the "masked"
// section. Appends "path:line: message".
int lesson_validate(const Lesson *l, const Trace *t, const Trace *masked, Lines *problems);
// The traces a lesson is checked against, each section against one that shows it.
typedef struct {
    const Trace *plain;  // the command line's trace: every other section
    const Trace *masked; // with a causal mask: "masked" (NULL: not checked)
    const Trace *cross;  // with a source sentence: "source" and "cross" (NULL: not checked)
    const Trace *heads;  // with several heads: "concat" and "W_O" (NULL: not checked)
    // with positions, RoPE and a source sentence: "positions", "input", "source.positions",
    // "source.input", "Q.rope", "K.rope" when plain lacks them (NULL: not checked)
    const Trace *positions;
} LessonTraces;
// The trace a section is checked against: masked needs a mask, source and cross a source
// sentence (every section, for a lesson that needs one), concat and W_O several heads
// (plain itself when it has them); NULL when none of the given traces shows the section.
const Trace *lesson_trace_for(const Lesson *l, const LessonTraces *tr, const char *section);
// As lesson_validate; plain itself serves for whatever it shows.
int lesson_validate_all(const Lesson *l, const LessonTraces *tr, Lines *problems);

// ─── lesson_leak.c ──────────────────────────────────────────────────────────────
// Answers written before their question: for each question, the text a learner has
// read by then (every section shown before its own, in the order print mode shows
// them, its own section's text above it, the questions before it) is searched for a
// number, a shape or a computed label ({argmax}, {attends}, @top) that the question
// would accept. Each one found is a problem "path:line: …". For every trace of tr.
int lesson_leaks(const Lesson *l, const LessonTraces *tr, Lines *problems);

#endif
