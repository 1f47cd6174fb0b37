// question_parse.c — a lesson's "?" and "!" lines.
//
//   ? [predict] KIND STAGE[ROW][COL] [±TOL] [if WHATIF] :: the question
//   ? [predict] choice ANSWER[|ANSWER…] [±TOL] :: the question
//   ! WRONG ANSWER => what to say when a learner gives it
//
// Three steps for a question: read_question splits the line into its parts (syntax
// only), question_problem finds the first part that is wrong, in the order of the line,
// and question_message words it; question_parse stores the rest.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"

const char *const QUESTION_KINDS[Q_KIND_COUNT] = {"argmax", "argmin",  "value",   "rowsum", "colsum",
                                                  "shape",  "choice", "sharpen", "same"};
// How many [..] groups each kind takes: argmax weights[1], value scaled[2][3], shape Q.
static const int KIND_ARITY[Q_KIND_COUNT] = {1, 1, 2, 1, 1, 0, 0, 1, 1};
static const char *const KIND_FORM[Q_KIND_COUNT] = {
    "argmax STAGE[ROW]",         "argmin STAGE[ROW]",
    "value STAGE[ROW][COL] [±TOL]", "rowsum STAGE[ROW] [±TOL]",
    "colsum STAGE[COL] [±TOL]",  "shape STAGE",
    "choice ANSWER[|ANSWER…]",   "sharpen STAGE[ROW] if WHATIF",
    "same STAGE[ROW] if WHATIF"};
#define KIND_LIST "argmax argmin value rowsum colsum shape choice sharpen same"
#define WHATIF_LIST "no-scale mask reversed"

static bool takes_tolerance(QuestionKind k)
{
    return k == Q_VALUE || k == Q_ROWSUM || k == Q_COLSUM || k == Q_CHOICE;
}

typedef enum {
    QP_OK,
    QP_NO_SEP, QP_NO_PROMPT, QP_HEAD_LONG, // the line: "REF :: prompt"
    QP_KIND,                               // KIND is not a question kind
    QP_STAGE_FORM, QP_STAGE,               // STAGE is missing or too long; not a stage
    QP_BRACKET, QP_EMPTY_INDEX, QP_ARITY,  // a '[' without ']'; "[]"; too many or few
    QP_TAIL,                               // something else after the groups
    QP_TOL_FORM, QP_TOL_KIND,              // not "±T"; a tolerance on another kind
    QP_WHATIF, QP_WHATIF_NEEDED,           // not a what-if; sharpen, same without one
    QP_CHOICE,                             // choice without its answer
} QuestionProblem;

typedef struct {
    QuestionProblem line;  // QP_NO_SEP, QP_NO_PROMPT, QP_HEAD_LONG, or QP_OK
    char head[512];        // the part before "::", trailing white space removed
    const char *prompt;    // the text after "::" and its white space
    bool predict;          // "predict" before KIND
    const char *kind_word; // KIND, in head (kind_len bytes)
    size_t kind_len;
    int kind;              // its index in QUESTION_KINDS; -1 when unknown
    char stage[32];        // STAGE; "" when missing or too long
    char choice[256];      // choice: its answers; "" when missing or too long
    const char *idx[2];    // the first two [..] groups, in head (ilen bytes each)
    size_t ilen[2];
    int groups;            // how many [..] groups
    QuestionProblem index; // QP_BRACKET, QP_EMPTY_INDEX (the first one seen), or QP_OK
    char tail[128];        // the first word after the groups that is not ±T or if W
    bool tol_given, tol_ok;
    char tol_word[128];
    double tol;
    bool if_given;
    int whatif;            // WHATIF_NONE, or the what-if named after "if"; -1 unknown
    char whatif_word[64];
} QuestionSyntax;

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static void rstrip(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
}

// The next word of *c (up to white space) into buf; *c moves past it.
static size_t next_word(const char **c, char *buf, size_t size)
{
    *c = skip_ws(*c);
    size_t n = strcspn(*c, " \t");
    snprintf(buf, size, "%.*s", (int)n, *c);
    *c += n;
    return n;
}

// [ROW][COL] at c: the groups into q; what follows them, or NULL after a '[' without
// its ']' or an empty "[]" among the first two (q->index says which).
static const char *read_groups(const char *c, QuestionSyntax *q)
{
    while (*c == '[') {
        const char *close = strchr(c + 1, ']');
        if (!close) {
            q->index = QP_BRACKET;
            return NULL;
        }
        if (q->groups < 2) {
            q->idx[q->groups] = c + 1;
            q->ilen[q->groups] = (size_t)(close - c - 1);
            if (q->ilen[q->groups] == 0) {
                q->index = QP_EMPTY_INDEX;
                return NULL;
            }
        }
        q->groups++;
        c = close + 1;
    }
    return c;
}

// "±0.01" or "+-0.01" into q->tol; q->tol_ok says whether it read.
static void read_tolerance(QuestionSyntax *q, const char *word)
{
    q->tol_given = true;
    snprintf(q->tol_word, sizeof q->tol_word, "%s", word);
    const char *num = NULL;
    if (strncmp(word, "±", strlen("±")) == 0)
        num = word + strlen("±");
    else if (strncmp(word, "+-", 2) == 0)
        num = word + 2;
    char *end = NULL;
    errno = 0;
    if (num)
        q->tol = strtod(num, &end);
    q->tol_ok = num && end != num && !*end && !errno && isfinite(q->tol) && q->tol >= 0;
}

// What follows the stage (or a choice's answers): [±TOL] [if WHATIF], in that order.
static void read_tail(QuestionSyntax *q, const char *c)
{
    char word[128];
    while (next_word(&c, word, sizeof word) > 0) {
        bool tol = strncmp(word, "±", strlen("±")) == 0 || strncmp(word, "+-", 2) == 0;
        if (tol && !q->tol_given && !q->if_given) {
            read_tolerance(q, word);
        } else if (strcmp(word, "if") == 0 && !q->if_given) {
            q->if_given = true;
            next_word(&c, q->whatif_word, sizeof q->whatif_word);
            q->whatif = -1;
            for (int w = 1; w < WHATIF_COUNT; w++)
                if (strcmp(q->whatif_word, WHATIF_NAMES[w]) == 0)
                    q->whatif = w;
        } else if (!q->tail[0]) {
            snprintf(q->tail, sizeof q->tail, "%s", word);
        }
    }
}

// Split the line into its parts; never judges a part.
static void read_question(const char *text, QuestionSyntax *q)
{
    memset(q, 0, sizeof *q);
    q->kind = -1;
    q->tol = LESSON_DEFAULT_TOLERANCE;
    const char *sep = strstr(text, "::");
    q->prompt = sep ? skip_ws(sep + 2) : "";
    size_t hlen = sep ? (size_t)(sep - text) : 0;
    q->line = !sep ? QP_NO_SEP : !*q->prompt ? QP_NO_PROMPT
            : hlen >= sizeof q->head ? QP_HEAD_LONG : QP_OK;
    if (q->line != QP_OK)
        return;
    memcpy(q->head, text, hlen);
    q->head[hlen] = '\0';
    rstrip(q->head);

    const char *c = skip_ws(q->head);
    if (strncmp(c, "predict", 7) == 0 && (c[7] == ' ' || c[7] == '\t')) {
        q->predict = true;
        c = skip_ws(c + 7);
    }
    q->kind_word = c; // KIND
    q->kind_len = strcspn(c, " \t");
    for (int k = 0; k < Q_KIND_COUNT; k++)
        if (strlen(QUESTION_KINDS[k]) == q->kind_len &&
            strncmp(c, QUESTION_KINDS[k], q->kind_len) == 0)
            q->kind = k;
    c = skip_ws(c + q->kind_len);

    if (q->kind == Q_CHOICE) { // ANSWER[|ANSWER…]
        size_t n = strcspn(c, " \t");
        if (n < sizeof q->choice)
            snprintf(q->choice, sizeof q->choice, "%.*s", (int)n, c);
        read_tail(q, c + n);
        return;
    }
    size_t slen = strcspn(c, "[ \t"); // STAGE
    if (slen > 0 && slen < sizeof q->stage)
        memcpy(q->stage, c, slen);
    c = read_groups(c + slen, q); // [ROW][COL]
    if (c)
        read_tail(q, c);
}

// The first thing wrong with the question, in the order of the line; QP_OK if none.
static QuestionProblem question_problem(const QuestionSyntax *q)
{
    if (q->line != QP_OK)
        return q->line;
    if (q->kind < 0)
        return QP_KIND;
    if (q->kind == Q_CHOICE) {
        if (!q->choice[0] || q->choice[0] == '|' || strstr(q->choice, "||") ||
            q->choice[strlen(q->choice) - 1] == '|')
            return QP_CHOICE;
    } else {
        if (!q->stage[0])
            return QP_STAGE_FORM;
        if (!stage_name_parse(q->stage, NULL, NULL))
            return QP_STAGE;
        if (q->index != QP_OK)
            return q->index;
        if (q->groups != KIND_ARITY[q->kind])
            return QP_ARITY;
    }
    if (q->tail[0])
        return QP_TAIL;
    if (q->tol_given && !q->tol_ok)
        return QP_TOL_FORM;
    if (q->tol_given && !takes_tolerance((QuestionKind)q->kind))
        return QP_TOL_KIND;
    if (q->if_given && (q->whatif < 0 || q->kind == Q_CHOICE))
        return QP_WHATIF;
    if ((q->kind == Q_SHARPEN || q->kind == Q_SAME) && !q->if_given)
        return QP_WHATIF_NEEDED;
    return QP_OK;
}

static void question_message(QuestionProblem pr, const QuestionSyntax *q, char *buf,
                             size_t size)
{
    int k = q->kind;
    switch (pr) {
    case QP_NO_SEP:
        snprintf(buf, size, "a question is \"? KIND REF :: the question\" (no \"::\")");
        break;
    case QP_NO_PROMPT:
        snprintf(buf, size, "the question has no text after \"::\"");
        break;
    case QP_HEAD_LONG:
        snprintf(buf, size, "the part before \"::\" is too long");
        break;
    case QP_KIND:
        snprintf(buf, size, "unknown question kind \"%.*s\" (kinds: " KIND_LIST ")",
                 (int)q->kind_len, q->kind_word);
        break;
    case QP_STAGE_FORM:
        snprintf(buf, size, "expected %s", KIND_FORM[k]);
        break;
    case QP_STAGE:
        snprintf(buf, size, "unknown stage \"%s\" in the question (stages: %s; a head's: "
                 "scores.h1 …)", q->stage, STAGE_LIST);
        break;
    case QP_BRACKET:
        snprintf(buf, size, "a '[' without its ']' in the question");
        break;
    case QP_EMPTY_INDEX:
        snprintf(buf, size, "an empty [] in the question");
        break;
    case QP_ARITY:
        snprintf(buf, size, "%s takes %d index%s: expected %s", QUESTION_KINDS[k],
                 KIND_ARITY[k], KIND_ARITY[k] == 1 ? "" : "es", KIND_FORM[k]);
        break;
    case QP_TAIL:
        snprintf(buf, size, "unexpected \"%s\" (after %s come only ±TOL, then if WHATIF)",
                 q->tail, k == Q_CHOICE ? "the answer" : "the stage");
        break;
    case QP_TOL_FORM:
        snprintf(buf, size, "unexpected \"%s\" (a tolerance is written ±0.01)", q->tol_word);
        break;
    case QP_TOL_KIND:
        snprintf(buf, size, "only value, rowsum, colsum and choice questions take a tolerance");
        break;
    case QP_WHATIF:
        if (k == Q_CHOICE)
            snprintf(buf, size, "a choice question has no what-if (its answer is written)");
        else
            snprintf(buf, size, "unknown what-if \"%s\" (what-ifs: " WHATIF_LIST ")",
                     q->whatif_word);
        break;
    case QP_WHATIF_NEEDED:
        snprintf(buf, size, "%s compares with a what-if: expected %s (what-ifs: " WHATIF_LIST
                 ")", QUESTION_KINDS[k], KIND_FORM[k]);
        break;
    case QP_CHOICE:
        snprintf(buf, size, "expected %s (the answer, or answers separated by |)",
                 KIND_FORM[Q_CHOICE]);
        break;
    case QP_OK:
        buf[0] = '\0';
        break;
    }
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

int question_parse(const char *text, Question *q, char *msg, size_t size)
{
    memset(q, 0, sizeof *q);
    QuestionSyntax syn;
    read_question(text, &syn);
    QuestionProblem pr = question_problem(&syn);
    if (pr != QP_OK) {
        question_message(pr, &syn, msg, size);
        return 1;
    }
    q->kind = (QuestionKind)syn.kind;
    q->predict = syn.predict;
    q->whatif = syn.if_given ? (WhatIf)syn.whatif : WHATIF_NONE;
    q->tol = syn.tol; // LESSON_DEFAULT_TOLERANCE when none was given
    q->tol_given = syn.tol_given;
    q->words = lesson_words(NULL);
    q->prompt = dup_n(syn.prompt, strlen(syn.prompt));
    if (q->kind == Q_CHOICE)
        q->choice = dup_n(syn.choice, strlen(syn.choice));
    else
        q->stage = dup_n(syn.stage, strlen(syn.stage));
    q->row = syn.idx[0] ? dup_n(syn.idx[0], syn.ilen[0]) : NULL;
    q->col = syn.idx[1] ? dup_n(syn.idx[1], syn.ilen[1]) : NULL;
    if (q->kind == Q_COLSUM) { // its one group is a column
        q->col = q->row;
        q->row = NULL;
    }
    if (!q->prompt || (q->kind == Q_CHOICE ? !q->choice : !q->stage) ||
        (syn.idx[0] && !q->row && !q->col) || (syn.idx[1] && !q->col)) {
        question_free(q);
        return -1;
    }
    return 0;
}

int mistake_parse(const char *text, Mistake *m, char *msg, size_t size)
{
    memset(m, 0, sizeof *m);
    const char *arrow = strstr(text, "=>");
    const char *a = skip_ws(text);
    size_t alen = arrow ? (size_t)(arrow - a) : 0;
    while (alen > 0 && (a[alen - 1] == ' ' || a[alen - 1] == '\t'))
        alen--;
    const char *fb = arrow ? skip_ws(arrow + 2) : "";
    if (!arrow || alen == 0 || !*fb || arrow < a) {
        snprintf(msg, size, "a known wrong answer is \"! ANSWER => what to say\"%s",
                 !arrow ? " (no \"=>\")" : alen == 0 ? " (no answer before \"=>\")"
                                                     : " (nothing after \"=>\")");
        return 1;
    }
    m->answer = dup_n(a, alen);
    m->feedback = dup_n(fb, strlen(fb));
    if (!m->answer || !m->feedback) {
        free(m->answer);
        free(m->feedback);
        memset(m, 0, sizeof *m);
        return -1;
    }
    return 0;
}

void question_free(Question *q)
{
    free(q->stage);
    free(q->row);
    free(q->col);
    free(q->choice);
    free(q->prompt);
    for (size_t k = 0; k < q->nmistake; k++) {
        free(q->mistake[k].answer);
        free(q->mistake[k].feedback);
    }
    free(q->mistake);
    memset(q, 0, sizeof *q);
}
