// lesson_leak.c — no answer may be written in the text a learner reads before its
// question: a learner who only copies from the lesson must not score.
//
// For each trace, the sections are walked in the order print mode shows them (intro,
// cross, one section per kind of stage in trace order, end), each as lesson_notes lays
// it out (text, predictions where they stand, then the other questions). Everything
// read so far — the filled text, the prompts up to its own (without the program's
// precision hint), and the labels that placeholders computed from the numbers
// ({argmax}, {attends}, @top) — is searched, for each question, for a number, a shape
// or a label it would accept.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson.h"

typedef struct {
    Lines text;     // what has been read, one filled paragraph or prompt per line
    size_t *line;   // the lesson line each came from
    Lines labels;   // labels the text states because of the numbers
    size_t *lline;
    size_t text_from; // text[text_from…] is that section's
    bool oom;
} Read;

static void add_line(Lines *l, size_t **at, const char *text, size_t line, bool *oom)
{
    size_t *grown = realloc(*at, (l->n + 1) * sizeof *grown);
    if (!grown || lines_addf(l, "%s", text) != 0) {
        if (grown)
            *at = grown;
        *oom = true;
        return;
    }
    *at = grown;
    (*at)[l->n - 1] = line;
}

// Read a text (a paragraph's lines joined, or a prompt): its words and its labels.
static void read_text(Read *r, const char *text, size_t line, const Trace *t,
                      const LessonPhrases *w)
{
    Lines labels = {0};
    char *filled = lesson_fill_labels(text, t, w, &labels);
    if (!filled || labels.failed) {
        r->oom = true;
    } else {
        add_line(&r->text, &r->line, filled, line, &r->oom);
        for (size_t k = 0; k < labels.n; k++)
            add_line(&r->labels, &r->lline, labels.line[k], line, &r->oom);
    }
    free(filled);
    lines_free(&labels);
}

static void read_para(Read *r, const Paragraph *p, const Trace *t, const LessonPhrases *w)
{
    for (size_t k = 0; k < p->n; k++) // line by line: a placeholder never spans lines
        read_text(r, p->line[k], p->first_line + k, t, w);
}

// ─── what a copier could type ───────────────────────────────────────────────────

static bool starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

// The next number written in s from *at ("0.4519", "-1", "-inf"; with shape, "6×5");
// false at the end. *at moves past it. A digit that is part of a name ("h2", "W_Q1") or
// under a root ("√3") is not a number of its own.
static bool next_literal(const char *s, size_t *at, bool shape, char *out, size_t size)
{
    size_t k = *at;
    while (s[k]) {
        const char *c = s + k;
        if (!shape && (starts(c, "-inf") || starts(c, "-∞") || starts(c, "−∞"))) {
            snprintf(out, size, "-inf");
            *at = k + (starts(c, "-inf") ? 4 : starts(c, "-∞") ? 1 + strlen("∞")
                                                                : strlen("−∞"));
            return true;
        }
        if (!isdigit((unsigned char)*c)) {
            k++;
            continue;
        }
        bool glued = k > 0 && (isalpha((unsigned char)s[k - 1]) || s[k - 1] == '_' ||
                               s[k - 1] == '.');
        bool root = k >= strlen("√") && starts(c - strlen("√"), "√");
        bool minus = (k > 0 && s[k - 1] == '-') ||
                     (k >= strlen("−") && starts(c - strlen("−"), "−"));
        size_t end = k + strspn(c, "0123456789");
        if (s[end] == '.' && isdigit((unsigned char)s[end + 1]))
            end += 1 + strspn(s + end + 1, "0123456789");
        bool ok = !glued && !root && !isalpha((unsigned char)s[end]);
        if (ok && shape) { // "6×5", "6 x 5"
            size_t j = end;
            while (s[j] == ' ')
                j++;
            size_t sep = starts(s + j, "×") ? strlen("×") : s[j] == 'x' ? 1 : 0;
            j += sep;
            while (sep && s[j] == ' ')
                j++;
            ok = sep && isdigit((unsigned char)s[j]);
            if (ok)
                end = j + strspn(s + j, "0123456789");
        }
        if (!ok) {
            k = end;
            continue;
        }
        snprintf(out, size, "%s%.*s", minus && !shape ? "-" : "", (int)(end - k), c);
        *at = end;
        return true;
    }
    *at = k;
    return false;
}

// What a question's answer could be copied from. A cell's value (LEAK_DECIMAL) only from
// a number written with decimals, as every cell placeholder writes it, or -inf: an
// index such as the 1 of "row 1" is not a value. A sum or a number choice (LEAK_NUMBER)
// also from a whole number in the question's own section ("each row adds up to 1"):
// elsewhere whole numbers are indices and sizes, which a copier cannot tell from it.
typedef enum { LEAK_NUMBER, LEAK_DECIMAL, LEAK_SHAPE, LEAK_LABEL, LEAK_NONE } LeakKind;

static LeakKind leak_kind(const Question *q)
{
    switch (q->kind) {
    case Q_VALUE:
        return LEAK_DECIMAL;
    case Q_ROWSUM:
    case Q_COLSUM:
        return LEAK_NUMBER;
    case Q_SHAPE:
        return LEAK_SHAPE;
    case Q_ARGMAX:
    case Q_ARGMIN:
        return LEAK_LABEL;
    case Q_CHOICE: { // a number written as the answer; letters and words are not searched
        char first[256];
        double x;
        snprintf(first, sizeof first, "%.*s", (int)strcspn(q->choice, "|"), q->choice);
        return answer_number(first, &x) && strlen(first) > 0 ? LEAK_NUMBER : LEAK_NONE;
    }
    default:
        return LEAK_NONE;
    }
}

// The first thing read that the question accepts: 1 with it in found and its line.
static int find_leak(const Question *q, const Trace *t, const Read *r, char *found,
                     size_t size, size_t *line)
{
    LeakKind kind = leak_kind(q);
    if (kind == LEAK_NONE)
        return 0;
    if (kind == LEAK_LABEL) {
        long k = question_accepts(q, t, &r->labels);
        if (k < 0)
            return 0;
        snprintf(found, size, "%s", r->labels.line[k]);
        *line = r->lline[k];
        return 1;
    }
    Lines lit = {0}; // every number (or shape) a copier could type, with its line
    size_t *from = NULL;
    bool oom = false;
    for (size_t k = 0; k < r->text.n && !oom; k++) {
        const char *s = r->text.line[k];
        bool whole_ok = kind == LEAK_SHAPE || (kind == LEAK_NUMBER && k >= r->text_from);
        size_t at = 0;
        char one[128];
        while (!oom && next_literal(s, &at, kind == LEAK_SHAPE, one, sizeof one))
            if (whole_ok || strchr(one, '.') || strstr(one, "inf"))
                add_line(&lit, &from, one, r->line[k], &oom);
    }
    long k = oom ? -1 : question_accepts(q, t, &lit);
    if (k >= 0) {
        snprintf(found, size, "%s", lit.line[k]);
        *line = from[k];
    }
    lines_free(&lit);
    free(from);
    return k >= 0;
}

static void check_leak(const Lesson *l, const Question *q, const Trace *t, const Read *r,
                       Lines *problems)
{
    char found[256], answer[256];
    size_t line = 0;
    AtError e = {0};
    if (question_expected(q, t, answer, sizeof answer, &e) != 0) // reported elsewhere
        return;
    if (find_leak(q, t, r, found, sizeof found, &line))
        lines_addf(problems, _("%s:%zu: the answer (%s) can be read before the question: \"%s\" "
                   "on line %zu%s"), l->path, q->line, answer, found, line,
                   t->cross ? " (with a source sentence)" : t->opt.mask ? " (with the mask)"
                   : t->heads > 1 ? " (with several heads)" : "");
}

// ─── one trace ──────────────────────────────────────────────────────────────────

// Read a section as lesson_notes lays it out, checking its questions when this trace
// is the one they are checked against.
static void walk_section(const Lesson *l, const LessonSection *s, const Trace *t, bool check,
                         Read *r, Lines *problems)
{
    const LessonPhrases *w = lesson_words(l->lang);
    size_t done = 0;
    r->text_from = r->text.n;
    for (size_t k = 0; k < s->nq; k++) {
        const Question *q = &s->q[k];
        if (!q->predict)
            continue;
        for (; done < q->para_before && done < s->npara; done++)
            read_para(r, &s->para[done], t, w);
        read_text(r, q->prompt, q->line, t, w); // its own prompt, too
        if (check)
            check_leak(l, q, t, r, problems);
    }
    for (; done < s->npara; done++)
        read_para(r, &s->para[done], t, w);
    for (size_t k = 0; k < s->nq; k++) {
        const Question *q = &s->q[k];
        if (q->predict)
            continue;
        read_text(r, q->prompt, q->line, t, w);
        if (check)
            check_leak(l, q, t, r, problems);
    }
}

static void walk(const Lesson *l, const LessonTraces *tr, const Trace *t, Lines *problems,
                 bool *oom)
{
    Read r = {0};
    const char *order[TRACE_MAX_STAGES + 5];
    size_t n = 0;
    bool seen[ST_COUNT] = {false};
    order[n++] = "intro";
    if (t->cross)
        order[n++] = "cross";
    if (t->kv_heads < t->heads)
        order[n++] = "gqa";
    for (size_t k = 0; k < t->count; k++)
        if (!seen[t->stage[k].id]) {
            seen[t->stage[k].id] = true;
            order[n++] = STAGE_NAMES[t->stage[k].id];
        }
    if (t->opt.mask == MASK_CAUSAL) // shown with --decode (which implies the mask)
        order[n++] = "decode";
    order[n++] = "end";
    for (size_t k = 0; k < n && !r.oom; k++) {
        const LessonSection *s = lesson_section(l, order[k]);
        if (s)
            walk_section(l, s, t, lesson_trace_for(l, tr, s->name) == t, &r, problems);
    }
    *oom |= r.oom;
    lines_free(&r.text);
    lines_free(&r.labels);
    free(r.line);
    free(r.lline);
}

int lesson_leaks(const Lesson *l, const LessonTraces *tr, Lines *problems)
{
    const Trace *all[4] = {tr->plain, tr->masked, tr->cross, tr->heads};
    bool oom = false;
    for (int k = 0; k < 4 && !oom; k++) {
        bool again = false;
        for (int j = 0; j < k; j++)
            again |= all[j] == all[k];
        if (all[k] && !again && (!l->needs_source || all[k]->cross))
            walk(l, tr, all[k], problems, &oom);
    }
    return oom || problems->failed ? -1 : 0;
}
