// tui_panel.c — the text panel's lines, with no curses (see tui_panel.h): the lesson or
// the built-in description, the questions and their verdicts, the inspector.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "i18n.h"
#include "lesson.h"
#include "tui_panel.h"
#include "tui_text.h"

static int add_wrapped(Lines *out, const char *text, int w)
{
    const char *p = text;
    char buf[2048];
    while (*p) { // one paragraph per line of text
        size_t len = strcspn(p, "\n");
        snprintf(buf, sizeof buf, "%.*s", (int)len, p);
        if (tui_wrap(buf, w, out) != 0)
            return -1;
        p += len + (p[len] == '\n');
    }
    return 0;
}

// Headings wider than w wrapped onto more heading lines (a lesson's title, a score);
// *from and *to (when ≥ 0) follow the lines they pointed at.
static int fit_headings(Lines *text, int w, int *from, int *to)
{
    Lines out = {0};
    int shift_from = 0, shift_to = 0;
    for (size_t k = 0; k < text->n; k++) {
        const char *line = text->line[k];
        bool heading = strncmp(line, TUI_HEADING, TUI_HEADING_LEN) == 0;
        if (!heading || tui_text_width(line + TUI_HEADING_LEN) <= w) {
            lines_addf(&out, "%s", line);
            continue;
        }
        Lines parts = {0};
        if (tui_wrap(line + TUI_HEADING_LEN, w, &parts) != 0)
            out.failed = 1;
        for (size_t p = 0; p < parts.n; p++)
            lines_addf(&out, "%s%s", TUI_HEADING, parts.line[p]);
        int extra = parts.n > 1 ? (int)parts.n - 1 : 0;
        if (from && *from > (int)k)
            shift_from += extra;
        if (to && *to > (int)k)
            shift_to += extra;
        lines_free(&parts);
    }
    if (from && *from >= 0)
        *from += shift_from;
    if (to && *to >= 0)
        *to += shift_to;
    int rc = out.failed ? -1 : 0;
    lines_free(text);
    *text = out;
    return rc;
}

// ─── the lesson ───────────────────────────────────────────────────────────────

// "score: 4/9" and how many are not answered yet, in the interface's language.
void tui_score_text(const TuiState *st, char *buf, size_t size)
{
    const TuiQuiz *z = &st->quiz;
    size_t left = z->n - z->answered;
    int len = snprintf(buf, size, _("score: %zu/%zu"), z->correct, z->n);
    if (left && len > 0 && (size_t)len < size)
        snprintf(buf + len, size - (size_t)len, _(" (%zu not answered)"), left);
}

// Explain lines are aligned with runs of spaces; squeezed when they would not fit.
static int add_feedback_line(const char *line, int w, bool squeeze, Lines *out)
{
    size_t size = strlen(line) + 8;
    char *buf = malloc(size), *sq = malloc(size);
    int rc = -1;
    if (buf && sq) {
        snprintf(buf, size, "    %s", line);
        rc = tui_wrap(squeeze ? tui_squeeze(buf, sq, size) : buf, w, out);
    }
    free(buf);
    free(sq);
    return rc;
}

// One question: its prompt, then "press A", or the verdict with the answer and, when it
// was wrong, the arithmetic (question_check's lines).
static int add_question(const TuiState *st, const TuiQuestion *q, bool next, int w, Lines *out)
{
    char first[32];
    snprintf(first, sizeof first, _("Q%zu. "), q->number);
    char *prompt = question_prompt(q->q, st->t);
    if (!prompt || lesson_wrap(prompt, w, first, "    ", out) != 0) {
        free(prompt);
        return -1;
    }
    free(prompt);
    if (!q->answered)
        return next ? lines_addf(out, "    %s", _("▸ press A to answer")) : 0;
    const Lines *fb = &q->feedback;
    Lines verdict = {0};
    // The verdict in the lesson's own words (lesson_words.c), as the rest of its feedback.
    lines_addf(&verdict, "%s %s", q->correct ? "✓" : "✗", fb->n ? fb->line[0] : "");
    int rc = verdict.failed ? -1 : lesson_wrap(verdict.line[0], w, "    ", "      ", out);
    lines_free(&verdict);
    bool squeeze = false; // aligned lines (runs of spaces inside) that would not fit
    for (size_t k = 1; k < fb->n; k++) {
        const char *text = fb->line[k] + strspn(fb->line[k], " ");
        squeeze |= strstr(text, "  ") && tui_text_width(fb->line[k]) + 4 > w;
    }
    for (size_t k = 1; rc == 0 && k < fb->n; k++)
        rc = add_feedback_line(fb->line[k], w, squeeze, out);
    return rc;
}

// The questions asked at this stage under a heading, each with "press A" or its verdict;
// while a prediction hides the stage (hidden), that one alone. Sets focus_from/to to the
// lines of the question in st->focus, when it is here.
static int add_questions(const TuiState *st, const TuiQuestion *hidden, int w, Lines *out,
                         int *focus_from, int *focus_to)
{
    const TuiQuiz *z = &st->quiz;
    bool heading = false, open_seen = false; // "press A" goes with the first open question
    for (size_t k = 0; k < z->n; k++) {
        const TuiQuestion *q = &z->item[k];
        if (q->stage != st->k || (hidden && q != hidden))
            continue;
        bool next = !q->answered && !open_seen;
        open_seen |= !q->answered;
        if (!heading) {
            lines_addf(out, "%s", "");
            lines_addf(out, "%s%s", TUI_HEADING, _("Questions (A answers)"));
            heading = true;
        }
        if (q == st->focus)
            *focus_from = (int)out->n;
        if (add_question(st, q, next, w, out) != 0)
            return -1;
        if (q == st->focus)
            *focus_to = (int)out->n;
    }
    return 0;
}

// At the last stage: the lesson's end section and the score.
static int add_end(const TuiState *st, int w, Lines *out)
{
    const Lesson *l = st->o->lesson;
    if (lesson_section(l, "end")) {
        lines_addf(out, "%s", "");
        lines_addf(out, "%s%s", TUI_HEADING, _("The end"));
        if (lesson_render(l, st->t, "end", w, out) != 0)
            return -1;
    }
    if (st->quiz.n) {
        char score[256];
        tui_score_text(st, score, sizeof score);
        lines_addf(out, "%s", "");
        lines_addf(out, "%s%s", TUI_HEADING, score);
    }
    return 0;
}

// The lesson in the panel: its title, the intro (at the first stage), the section of
// this stage (or the built-in description when it has none), its questions, and at the
// last stage the end section and the score.
static int build_lesson(const TuiState *st, int w, Lines *out, int *focus_from, int *focus_to)
{
    const Lesson *l = st->o->lesson;
    const Trace *t = st->t;
    const Stage *s = &t->stage[st->k];
    lines_addf(out, "%s%s", TUI_HEADING, l->title);
    if (st->k == 0 && lesson_section(l, "intro")) {
        if (lesson_render(l, t, "intro", w, out) != 0)
            return -1;
        lines_addf(out, "%s", "");
        lines_addf(out, _("%sStage %zu: %s"), TUI_HEADING, st->k + 1, s->name);
    }
    const char *section = s->head ? STAGE_NAMES[s->id] : s->name; // scores.h2: scores
    char about[1024];
    // A prediction hides the text after it (the reveal) until it is answered.
    const TuiQuestion *hidden = tui_hidden_by(st);
    const LessonSection *sec = lesson_section(l, section);
    if (sec) {
        if (lesson_render_paras(l, t, section, 0, hidden ? hidden->q->para_before : sec->npara, w,
                                out) != 0)
            return -1;
    } else if (add_wrapped(out, tui_stage_about(t, s, about, sizeof about), w) != 0) {
        return -1;
    }
    // K with --kv-heads G < H: the gqa section; the last stage with --decode: decode's
    if (s->id == ST_K && t->kv_heads < t->heads && lesson_section(l, "gqa") &&
        (lines_addf(out, "%s", "") != 0 || lesson_render(l, t, "gqa", w, out) != 0))
        return -1;
    if (st->k + 1 == t->count && st->o->decode && lesson_section(l, "decode") &&
        (lines_addf(out, "%s", "") != 0 || lesson_render(l, t, "decode", w, out) != 0))
        return -1;
    if (add_questions(st, hidden, w, out, focus_from, focus_to) != 0)
        return -1;
    if (st->k + 1 == t->count && add_end(st, w, out) != 0)
        return -1;
    return out->failed ? -1 : 0;
}

// On the embeddings (and source) stage: the words whose row has another label, "looked
// up as: cats → cat, Dog → dog", so the learner sees whose row each one shows.
static int add_looked_up(const TuiState *st, int w, Lines *out)
{
    const Stage *s = &st->t->stage[st->k];
    if (s->id != ST_EMBEDDINGS && s->id != ST_SOURCE)
        return 0;
    bool oom;
    char *list = inputs_looked_up_as(st->t->in, s->id == ST_SOURCE, &oom); // escaped
    if (oom)
        return -1;
    if (!list)
        return 0;
    size_t size = strlen(list) + 32;
    char *line = malloc(size);
    int rc = -1;
    if (line) {
        snprintf(line, size, "looked up as: %s", list);
        rc = lines_addf(out, "%s", "") != 0 ? -1 : tui_wrap(line, w, out);
    }
    free(line);
    free(list);
    return rc;
}

// The stage's explanation, wrapped to w: the lesson's, or the built-in description.
int tui_panel_about(const TuiState *st, int w, Lines *out, int *focus_from, int *focus_to)
{
    if (st->o->lesson)
        return build_lesson(st, w, out, focus_from, focus_to) != 0 ||
                       add_looked_up(st, w, out) != 0
                   ? -1
                   : fit_headings(out, w, focus_from, focus_to);
    const Stage *s = &st->t->stage[st->k];
    lines_addf(out, _("%sWhat is %s?"), TUI_HEADING, s->name);
    char about[1024];
    if (add_wrapped(out, tui_stage_about(st->t, s, about, sizeof about), w) != 0 ||
        add_looked_up(st, w, out) != 0)
        return -1;
    return out->failed ? -1 : fit_headings(out, w, NULL, NULL);
}

// The inspector: explain() for the cell, wrapped to w (aligned columns are squeezed
// when they would not fit).
int tui_panel_inspector(const TuiState *st, int w, Lines *out)
{
    const Stage *s = &st->t->stage[st->k];
    if (tui_hidden_by(st)) { // the cell's arithmetic would give it away
        lines_addf(out, _("%sThe selected cell"), TUI_HEADING);
        return tui_wrap(_("Predict first (A); then see where it comes from."), w, out);
    }
    if (!st->inspector) {
        lines_addf(out, _("%sThe selected cell"), TUI_HEADING);
        lines_addf(out, _("Press Enter or i to see where %s[%zu][%zu] comes from."), s->name,
                   st->ci + 1, st->cj + 1);
        return out->failed ? -1 : 0;
    }
    Lines ex;
    AtError e;
    if (explain(st->t, s, st->ci, st->cj, &ex, &e) != 0)
        return lines_addf(out, "%s", e.msg);
    bool squeeze = false;
    for (size_t l = 0; l < ex.n; l++)
        squeeze |= ex.line[l][0] == ' ' && tui_text_width(ex.line[l]) > w; // aligned lines
    lines_addf(out, _("%sWhere %s[%zu][%zu] comes from"), TUI_HEADING, s->name, st->ci + 1, st->cj + 1);
    int rc = 0;
    for (size_t l = 0; l < ex.n && rc == 0; l++) {
        size_t size = strlen(ex.line[l]) + 1;
        char *sq = squeeze ? malloc(size) : NULL;
        if (squeeze && !sq) {
            rc = -1;
            break;
        }
        rc = tui_wrap(squeeze ? tui_squeeze(ex.line[l], sq, size) : ex.line[l], w, out);
        free(sq);
    }
    lines_free(&ex);
    return rc != 0 || out->failed ? -1 : fit_headings(out, w, NULL, NULL);
}

