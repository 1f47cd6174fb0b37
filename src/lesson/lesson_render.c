// lesson_render.c — a section's paragraphs filled and wrapped, and the notes print mode
// shows: the text, the predictions where they stand in it, the questions, the key.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "strbuf.h"
#include "utf8.h"

static const LessonPhrases *words_of(const Lesson *l)
{
    return lesson_words(l->lang);
}

char *question_prompt(const Question *q, const Trace *t)
{
    char *prompt = lesson_fill(q->prompt, t, q->words, NULL, NULL);
    bool read = q->kind == Q_VALUE || q->kind == Q_ROWSUM || q->kind == Q_COLSUM;
    double tol = read ? question_tolerance(q, t) : 0; // numbers read off the screen
    if (!prompt || !(tol > 0))
        return prompt;
    // The decimals to work to: the screen's, or more when rounding to within the
    // tolerance needs them (10^-d ≤ 2·tol).
    int d = (int)ceil(-log10(2 * tol) - 1e-9);
    d = d < LESSON_SCREEN_DECIMALS ? LESSON_SCREEN_DECIMALS : d > 6 ? 6 : d;
    char t_text[32], d_text[16];
    question_tol_text(tol, t_text, sizeof t_text);
    snprintf(d_text, sizeof d_text, "%.*f", d, pow(10, -d)); // "0.01"
    char *hint = lesson_say(q->words->precision, d_text, t_text, NULL);
    bool zh = strcmp(q->words->lang, "zh") == 0; // no space before a full-width bracket
    char *both = hint ? lesson_say(zh ? "%s%s" : "%s %s", prompt, hint, NULL) : NULL;
    free(hint);
    free(prompt);
    return both;
}

// ─── paragraphs ─────────────────────────────────────────────────────────────────

// Columns of the first / last character of s (0 for an empty string).
static int first_width(const char *s)
{
    return *s ? utf8_char(s, strlen(s)).width : 0;
}

static int last_width(const char *s)
{
    size_t len = strlen(s), at = len ? len - 1 : 0;
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80) // back over continuation bytes
        at--;
    return len ? utf8_char(s + at, len - at).width : 0;
}

// Join a paragraph's lines: a space between them, but none next to a wide character
// (Chinese text has no spaces, and a line break inside a sentence is not one).
static char *join_lines(const Paragraph *p)
{
    StrBuf b;
    if (strbuf_open(&b) != 0)
        return NULL;
    const char *tail = ""; // the last text added: the join looks at its last character
    for (size_t k = 0; k < p->n; k++) {
        const char *line = p->line[k];
        if (k > 0 && last_width(tail) < 2 && first_width(line) < 2) {
            strbuf_puts(&b, " ");
            tail = " ";
        }
        strbuf_puts(&b, line);
        if (*line)
            tail = line;
    }
    return strbuf_close(&b);
}

static int render_para(const Paragraph *p, const Trace *t, const LessonPhrases *w, int width,
                       Lines *out)
{
    if (p->kind == PARA_VERBATIM) {
        for (size_t k = 0; k < p->n; k++) {
            char *line = lesson_fill(p->line[k], t, w, NULL, NULL);
            if (!line || lines_addf(out, "    %s", line) != 0) {
                free(line);
                out->failed = 1;
                return -1;
            }
            free(line);
        }
        return 0;
    }
    char *joined = join_lines(p);
    char *text = joined ? lesson_fill(joined, t, w, NULL, NULL) : NULL;
    free(joined);
    if (!text) {
        out->failed = 1;
        return -1;
    }
    int rc = p->kind == PARA_ITEM ? lesson_wrap(text, width, "- ", "  ", out)
                                  : lesson_wrap(text, width, "", "", out);
    free(text);
    return rc;
}

// Paragraphs [from, to) of s; *first says whether nothing has been added yet (a blank
// line goes between paragraphs, none between the items of one list).
static int render_range(const LessonSection *s, const Trace *t, const LessonPhrases *w,
                        size_t from, size_t to, int width, bool *first, Lines *out)
{
    for (size_t k = from; k < to && k < s->npara; k++) {
        bool list = k > from && s->para[k].kind == PARA_ITEM && s->para[k - 1].kind == PARA_ITEM;
        if (!*first && !list && lines_addf(out, "%s", "") != 0)
            return -1;
        *first = false;
        if (render_para(&s->para[k], t, w, width, out) != 0)
            return -1;
    }
    return out->failed ? -1 : 0;
}

int lesson_render_paras(const Lesson *l, const Trace *t, const char *section, size_t from,
                        size_t to, int wrap_width, Lines *out)
{
    const LessonSection *s = lesson_section(l, section);
    bool first = true;
    return s ? render_range(s, t, words_of(l), from, to, wrap_width, &first, out)
             : (out->failed ? -1 : 0);
}

int lesson_render(const Lesson *l, const Trace *t, const char *section, int wrap_width,
                  Lines *out)
{
    return lesson_render_paras(l, t, section, 0, SIZE_MAX, wrap_width, out);
}

// ─── notes: the text with its questions, and the key ────────────────────────────

// Append text to the last line of out when it fits in width (0: always), else start a
// line of its own with the indent rest (and text without its leading space).
static int append_or_break(Lines *out, const char *text, int width, const char *rest)
{
    char *last = out->line[out->n - 1];
    char *joined = NULL;
    if (width <= 0 || utf8_width(last) + utf8_width(text) <= width)
        joined = lesson_say("%s%s", last, text, NULL);
    else
        joined = lesson_say("%s%s", rest, text + (text[0] == ' '), NULL);
    if (!joined) {
        out->failed = 1;
        return -1;
    }
    if (width <= 0 || utf8_width(last) + utf8_width(text) <= width) {
        free(last);
        out->line[out->n - 1] = joined;
        return 0;
    }
    int rc = lines_addf(out, "%s", joined);
    free(joined);
    return rc;
}

// "Q: prompt → answer: X (outcome)", wrapped. "→ answer: X" is never split (a teacher,
// or a script, reads the key at its arrow): it goes after the prompt's last line, or
// starts a line of its own; the outcome, wrapped, after it.
static int render_question(const Question *q, const Trace *t, int width, bool answers,
                           Lines *out)
{
    const LessonPhrases *w = q->words;
    char *prompt = question_prompt(q, t);
    if (!prompt) {
        out->failed = 1;
        return -1;
    }
    int rc = lesson_wrap(prompt, width, w->q_first, w->q_rest, out);
    free(prompt);
    if (rc != 0 || !answers || out->n == 0)
        return rc;
    char answer[256], outcome[512] = "";
    AtError e = {0};
    if (question_expected(q, t, answer, sizeof answer, &e) != 0) {
        char why[240];
        snprintf(why, sizeof why, "%.200s", e.msg);
        lesson_sayn(answer, sizeof answer, w->cannot, why, NULL, NULL);
    } else if (question_outcome(q, t, outcome, sizeof outcome, &e) != 0) {
        outcome[0] = '\0';
    }
    char *key = lesson_say("%s%s", w->key, answer, NULL);
    rc = key ? append_or_break(out, key, width, w->q_rest) : -1;
    free(key);
    if (rc != 0 || !outcome[0])
        return rc;
    bool zh = strcmp(w->lang, "zh") == 0;
    char *more = lesson_say(zh ? "（%s）" : " (%s)", outcome, NULL, NULL);
    if (!more) {
        out->failed = 1;
        return -1;
    }
    if (width <= 0 || utf8_width(out->line[out->n - 1]) + utf8_width(more) <= width) {
        rc = append_or_break(out, more, width, w->q_rest);
    } else { // wrapped on lines of their own
        rc = lesson_wrap(more + (more[0] == ' '), width, w->q_rest, w->q_rest, out);
    }
    free(more);
    return rc;
}

int lesson_notes(const Lesson *l, const Trace *t, const char *section, int wrap_width,
                 bool answers, Lines *out)
{
    const LessonSection *s = lesson_section(l, section);
    if (!s)
        return 0;
    const LessonPhrases *w = words_of(l);
    bool first = true;
    size_t done = 0; // paragraphs shown so far
    // The text, with each prediction where it stands: what it reveals comes after it.
    for (size_t k = 0; k < s->nq; k++) {
        const Question *q = &s->q[k];
        if (!q->predict)
            continue;
        if (render_range(s, t, w, done, q->para_before, wrap_width, &first, out) != 0)
            return -1;
        done = q->para_before > done ? q->para_before : done;
        if (!first && lines_addf(out, "%s", "") != 0)
            return -1;
        first = false;
        if (render_question(q, t, wrap_width, answers, out) != 0)
            return -1;
    }
    if (render_range(s, t, w, done, s->npara, wrap_width, &first, out) != 0)
        return -1;
    bool blank = !first;
    for (size_t k = 0; k < s->nq; k++) {
        const Question *q = &s->q[k];
        if (q->predict)
            continue;
        if (blank && lines_addf(out, "%s", "") != 0)
            return -1;
        blank = false;
        if (render_question(q, t, wrap_width, answers, out) != 0)
            return -1;
    }
    return out->failed ? -1 : 0;
}
