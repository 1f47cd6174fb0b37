// lesson.c — parse a lesson file line by line; report every syntax problem with its line.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "paths.h"

const char *const QUESTION_KINDS[Q_KIND_COUNT] = {"argmax", "argmin", "value", "rowsum",
                                                  "shape"};
// How many [..] groups each kind takes: argmax weights[1], value scaled[2][3], shape Q.
static const int KIND_ARITY[Q_KIND_COUNT] = {1, 1, 2, 1, 0};
static const char *const KIND_FORM[Q_KIND_COUNT] = {
    "argmax STAGE[ROW]", "argmin STAGE[ROW]", "value STAGE[ROW][COL] [±TOL]",
    "rowsum STAGE[ROW] [±TOL]", "shape STAGE"};

static const char *const KNOWN_META[] = {"lang", "author", "license", "level"};

typedef struct {
    const char *path;
    Lesson *l;
    Lines *problems;
    LessonSection *cur;  // the open section (NULL before the first one)
    Paragraph *para;     // the open paragraph (NULL after a blank line)
    size_t line;
    bool in_comment;     // inside <!-- ... -->
    bool oom;
} Parser;

static void problem(Parser *p, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(Parser *p, size_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (lines_addf(p->problems, "%s:%zu: %s", p->path, line, msg) != 0)
        p->oom = true;
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

static char *dup_s(Parser *p, const char *s)
{
    char *d = dup_n(s, strlen(s));
    if (!d)
        p->oom = true;
    return d;
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

// Trailing white space removed, in place.
static void rstrip(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

bool lesson_section_known(const char *name)
{
    if (strcmp(name, "intro") == 0 || strcmp(name, "cross") == 0 || strcmp(name, "end") == 0)
        return true;
    for (int k = 0; k < ST_COUNT; k++)
        if (strcmp(name, STAGE_NAMES[k]) == 0)
            return true;
    return false;
}

// A question may name any stage, a head's too ("weights.h2").
static bool stage_known(const char *name)
{
    return stage_name_parse(name, NULL, NULL);
}

// ─── placeholders: only the braces are checked here ─────────────────────────────

static void check_braces(Parser *p, const char *s)
{
    for (const char *c = s; *c; c++) {
        if (c[0] == '{' && c[1] == '{') {
            c++;
            continue;
        }
        if (c[0] == '}' && c[1] == '}') {
            c++;
            continue;
        }
        if (*c == '}') {
            problem(p, p->line, "a '}' without its '{' (write '}}' for a literal brace)");
            return;
        }
        if (*c != '{')
            continue;
        const char *end = strpbrk(c + 1, "{}");
        if (!end || *end == '{') {
            problem(p, p->line, "a '{' without its '}' on the same line (write '{{' for a "
                    "literal brace)");
            return;
        }
        if (end == c + 1)
            problem(p, p->line, "an empty placeholder '{}'");
        c = end;
    }
}

// ─── sections, paragraphs ───────────────────────────────────────────────────────

static void start_section(Parser *p, const char *name)
{
    Lesson *l = p->l;
    p->para = NULL;
    if (!*name) {
        problem(p, p->line, "a section heading without a name");
        name = "?";
    } else if (!lesson_section_known(name)) {
        problem(p, p->line, "unknown section \"%s\" (sections: intro cross %s end)", name,
                STAGE_LIST);
    }
    for (size_t k = 0; k < l->nsec; k++)
        if (strcmp(l->sec[k].name, name) == 0 && strcmp(name, "?") != 0)
            problem(p, p->line, "section \"%s\" again (first on line %zu)", name,
                    l->sec[k].line);
    LessonSection *grown = realloc(l->sec, (l->nsec + 1) * sizeof *grown);
    if (!grown) {
        p->oom = true;
        return;
    }
    l->sec = grown;
    LessonSection *s = &l->sec[l->nsec];
    memset(s, 0, sizeof *s);
    s->line = p->line;
    s->name = dup_s(p, name);
    if (!s->name)
        return;
    l->nsec++;
    p->cur = s;
}

static Paragraph *new_para(Parser *p, ParaKind kind)
{
    LessonSection *s = p->cur;
    Paragraph *grown = realloc(s->para, (s->npara + 1) * sizeof *grown);
    if (!grown) {
        p->oom = true;
        return NULL;
    }
    s->para = grown;
    Paragraph *para = &s->para[s->npara++];
    memset(para, 0, sizeof *para);
    para->kind = kind;
    para->first_line = p->line;
    return para;
}

static void para_add(Parser *p, Paragraph *para, const char *text)
{
    char **grown = realloc(para->line, (para->n + 1) * sizeof *grown);
    char *copy = grown ? dup_s(p, text) : NULL;
    if (grown)
        para->line = grown;
    if (!copy) {
        p->oom = true;
        return;
    }
    para->line[para->n++] = copy;
}

// ─── questions: "? KIND STAGE[ROW][COL] [±TOL] :: prompt" ──────────────────────
// Three steps: read_question splits the line into its parts (syntax only), then
// question_problem finds the first part that is wrong, by its syntax or its meaning, in
// the order of the line, and question_message words it; add_question stores the rest.

typedef enum {
    QP_OK,
    QP_NO_SEP, QP_NO_PROMPT, QP_HEAD_LONG, // the line: "REF :: prompt"
    QP_KIND,                               // KIND is not a question kind
    QP_STAGE_FORM, QP_STAGE,               // STAGE is missing or too long; not a stage
    QP_BRACKET, QP_EMPTY_INDEX, QP_ARITY,  // a '[' without ']'; "[]"; too many or few
    QP_TOL_FORM, QP_TOL_KIND,              // not "±T"; a tolerance on another kind
} QuestionProblem;

typedef struct {
    QuestionProblem line;  // QP_NO_SEP, QP_NO_PROMPT, QP_HEAD_LONG, or QP_OK
    char head[512];        // the part before "::", trailing white space removed
    const char *prompt;    // the text after "::" and its white space
    const char *kind_word; // KIND, in head (kind_len bytes)
    size_t kind_len;
    int kind;              // its index in QUESTION_KINDS; -1 when unknown
    char stage[32];        // STAGE; "" when missing or too long
    const char *idx[2];    // the first two [..] groups, in head (ilen bytes each)
    size_t ilen[2];
    int groups;            // how many [..] groups
    QuestionProblem index; // QP_BRACKET, QP_EMPTY_INDEX (the first one seen), or QP_OK
    const char *tail;      // what follows the groups ("" or "±0.01"); NULL after QP_BRACKET
    bool tol_given, tol_ok;
    double tol;
} QuestionSyntax;

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

// "±0.01" or "+-0.01" (q->tail, not empty) into q->tol; q->tol_ok says whether it read.
static void read_tolerance(QuestionSyntax *q)
{
    q->tol_given = true;
    const char *num = NULL;
    if (strncmp(q->tail, "±", strlen("±")) == 0)
        num = q->tail + strlen("±");
    else if (strncmp(q->tail, "+-", 2) == 0)
        num = q->tail + 2;
    char *end = NULL;
    errno = 0;
    if (num)
        q->tol = strtod(num, &end);
    q->tol_ok = num && end != num && !*end && !errno && isfinite(q->tol) && q->tol >= 0;
}

// Split "KIND STAGE[ROW][COL] [±TOL] :: prompt" into its parts; never judges a part.
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

    const char *c = skip_ws(q->head); // KIND
    q->kind_word = c;
    q->kind_len = strcspn(c, " \t");
    for (int k = 0; k < Q_KIND_COUNT; k++)
        if (strlen(QUESTION_KINDS[k]) == q->kind_len &&
            strncmp(c, QUESTION_KINDS[k], q->kind_len) == 0)
            q->kind = k;
    c = skip_ws(c + q->kind_len);

    size_t slen = strcspn(c, "[ \t"); // STAGE
    if (slen > 0 && slen < sizeof q->stage)
        memcpy(q->stage, c, slen);
    c = read_groups(c + slen, q); // [ROW][COL]
    if (!c)
        return;
    q->tail = skip_ws(c); // [±TOL]
    if (*q->tail)
        read_tolerance(q);
}

// The first thing wrong with the question, in the order of the line; QP_OK if none.
static QuestionProblem question_problem(const QuestionSyntax *q)
{
    if (q->line != QP_OK)
        return q->line;
    if (q->kind < 0)
        return QP_KIND;
    if (!q->stage[0])
        return QP_STAGE_FORM;
    if (!stage_known(q->stage))
        return QP_STAGE;
    if (q->index != QP_OK)
        return q->index;
    if (q->groups != KIND_ARITY[q->kind])
        return QP_ARITY;
    if (q->tol_given && !q->tol_ok)
        return QP_TOL_FORM;
    if (q->tol_given && q->kind != Q_VALUE && q->kind != Q_ROWSUM)
        return QP_TOL_KIND;
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
        snprintf(buf, size, "unknown question kind \"%.*s\" (kinds: argmax argmin value "
                 "rowsum shape)", (int)q->kind_len, q->kind_word);
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
    case QP_TOL_FORM:
        snprintf(buf, size, "unexpected \"%s\" (a tolerance is written ±0.01)", q->tail);
        break;
    case QP_TOL_KIND:
        snprintf(buf, size, "only value and rowsum questions take a tolerance");
        break;
    case QP_OK:
        buf[0] = '\0';
        break;
    }
}

// Append the question to the open section, with copies of its parts.
static void add_question(Parser *p, const QuestionSyntax *syn)
{
    LessonSection *s = p->cur;
    Question *grown = realloc(s->q, (s->nq + 1) * sizeof *grown);
    if (!grown) {
        p->oom = true;
        return;
    }
    s->q = grown;
    Question *q = &s->q[s->nq];
    memset(q, 0, sizeof *q);
    q->kind = (QuestionKind)syn->kind;
    q->tol = syn->tol; // LESSON_DEFAULT_TOLERANCE when none was given
    q->tol_given = syn->tol_given;
    q->line = p->line;
    q->stage = dup_s(p, syn->stage);
    q->row = syn->idx[0] ? dup_n(syn->idx[0], syn->ilen[0]) : NULL;
    q->col = syn->idx[1] ? dup_n(syn->idx[1], syn->ilen[1]) : NULL;
    q->prompt = dup_s(p, syn->prompt);
    s->nq++; // counted even when a copy failed, so lesson_free frees what was made
    if (!q->stage || !q->prompt || (syn->idx[0] && !q->row) || (syn->idx[1] && !q->col))
        p->oom = true;
    check_braces(p, syn->prompt);
    p->l->nquestions++;
}

static void parse_question(Parser *p, const char *text)
{
    QuestionSyntax q;
    read_question(text, &q);
    QuestionProblem pr = question_problem(&q);
    if (pr != QP_OK) {
        char msg[512];
        question_message(pr, &q, msg, sizeof msg);
        problem(p, p->line, "%s", msg);
        return;
    }
    add_question(p, &q);
}

// ─── metadata: "key: value" before the first section ───────────────────────────

static void parse_meta(Parser *p, const char *text)
{
    const char *colon = strchr(text, ':');
    size_t klen = colon ? (size_t)(colon - text) : 0;
    bool ok = klen > 0;
    for (size_t k = 0; k < klen; k++)
        ok &= islower((unsigned char)text[k]) || text[k] == '_';
    if (!ok) {
        problem(p, p->line, "text before the first section (put it under \"## intro\"; "
                "metadata lines are \"key: value\")");
        return;
    }
    const char *value = skip_ws(colon + 1);
    bool known = false;
    for (size_t k = 0; k < sizeof KNOWN_META / sizeof *KNOWN_META; k++)
        known |= strlen(KNOWN_META[k]) == klen && strncmp(text, KNOWN_META[k], klen) == 0;
    if (!known) {
        problem(p, p->line, "unknown metadata \"%.*s\" (known: lang author license level)",
                (int)klen, text);
        return;
    }
    if (klen == 4 && strncmp(text, "lang", 4) == 0) {
        // ll or lll, optionally with a region or script: zh, en, zh-TW, zh_Hans
        size_t n = strspn(value, "abcdefghijklmnopqrstuvwxyz");
        bool valid = n >= 2 && n <= 3;
        if (valid && (value[n] == '-' || value[n] == '_')) {
            size_t m = strspn(value + n + 1, "abcdefghijklmnopqrstuvwxyz"
                                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
            valid = m >= 2 && m <= 4;
            n += 1 + m;
        }
        valid &= value[n] == '\0';
        if (p->l->lang)
            problem(p, p->line, "lang given twice");
        else if (!valid)
            problem(p, p->line, "lang \"%s\" is not a language code like en or zh", value);
        else
            p->l->lang = dup_s(p, value);
    }
}

// ─── one line ───────────────────────────────────────────────────────────────────

static void parse_line(Parser *p, char *text)
{
    rstrip(text);
    if (p->in_comment) {
        if (strstr(text, "-->"))
            p->in_comment = false;
        return;
    }
    const char *t = skip_ws(text);
    if (strncmp(t, "<!--", 4) == 0) { // an author's note, never shown
        p->para = NULL; // (so a paragraph's lines stay consecutive, for line numbers)
        p->in_comment = strstr(t + 4, "-->") == NULL;
        return;
    }
    if (text[0] == '#') {
        size_t hashes = strspn(text, "#");
        const char *name = skip_ws(text + hashes);
        if (hashes == 1) {
            if (p->l->title)
                problem(p, p->line, "a second title (sections are \"## name\")");
            else if (p->cur)
                problem(p, p->line, "the title must come before the first section");
            else if (!*name)
                problem(p, p->line, "an empty title");
            else
                p->l->title = dup_s(p, name);
            return;
        }
        if (hashes == 2) {
            start_section(p, name);
            return;
        }
        problem(p, p->line, "only \"# title\" and \"## section\" headings are allowed");
        return;
    }
    if (!*t) { // a blank line ends a paragraph
        p->para = NULL;
        return;
    }
    if (!p->cur) {
        parse_meta(p, t);
        return;
    }
    if (t[0] == '?' && (t[1] == ' ' || t[1] == '\t' || t[1] == '\0')) {
        p->para = NULL;
        parse_question(p, t + 1);
        return;
    }
    check_braces(p, t);
    bool indented = strncmp(text, "    ", 4) == 0 || text[0] == '\t';
    bool item = (t[0] == '-' || t[0] == '*') && (t[1] == ' ' || t[1] == '\t');
    if (item) {
        p->para = new_para(p, PARA_ITEM);
        t = skip_ws(t + 1);
    } else if (indented && (!p->para || p->para->kind == PARA_VERBATIM)) {
        if (!p->para)
            p->para = new_para(p, PARA_VERBATIM);
        t = text[0] == '\t' ? text + 1 : text + 4; // keep any deeper indentation
    } else if (!p->para) {
        p->para = new_para(p, PARA_TEXT);
    }
    if (p->para)
        para_add(p, p->para, t);
}

int lesson_parse(const char *path, const char *text, Lesson *l, Lines *problems, AtError *e)
{
    memset(l, 0, sizeof *l);
    Parser p = {.path = path, .l = l, .problems = problems, .line = 0};
    l->path = dup_s(&p, path);
    if (strncmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3; // a byte-order mark
    const char *at = text;
    char buf[4096];
    while (*at && !p.oom) {
        p.line++;
        size_t len = strcspn(at, "\n");
        if (len >= sizeof buf) {
            problem(&p, p.line, "line longer than %zu bytes", sizeof buf - 1);
            p.para = NULL;
        } else {
            memcpy(buf, at, len);
            buf[len] = '\0';
            rstrip(buf);
            // Lesson text reaches the terminal: no escape sequences or other controls.
            const unsigned char *c = (const unsigned char *)buf;
            while (*c && (*c >= 0x20 || *c == '\t') && *c != 0x7f)
                c++;
            if (*c) {
                problem(&p, p.line, "control character \\x%02x (lessons are plain text)", *c);
                p.para = NULL;
            } else {
                parse_line(&p, buf);
            }
        }
        at += len;
        if (*at == '\n')
            at++;
    }
    if (!p.oom && !l->title)
        problem(&p, 1, "no title: the first line should be \"# Title\"");
    if (!p.oom && !l->lang)
        problem(&p, 1, "no \"lang: xx\" line before the first section");
    if (!p.oom && l->nsec == 0)
        problem(&p, 1, "no sections (\"## intro\", \"## embeddings\", ... \"## end\")");
    if (p.oom || problems->failed) {
        lesson_free(l);
        return at_fail(e, AT_ERUNTIME, "out of memory");
    }
    return 0;
}

int lesson_load(const char *path, Lesson *l, AtError *e)
{
    memset(l, 0, sizeof *l);
    char *text;
    if (read_text_file(path, LESSON_MAX_BYTES, &text, e) != 0)
        return -1;
    Lines problems = {0};
    int rc = lesson_parse(path, text, l, &problems, e);
    free(text);
    if (rc == 0 && problems.n > 0) {
        rc = at_fail(e, AT_EINPUT, "%s%s", problems.line[0],
                     problems.n > 1 ? " (and more: see --check-lesson)" : "");
        lesson_free(l);
    }
    lines_free(&problems);
    return rc;
}

void lesson_free(Lesson *l)
{
    for (size_t k = 0; k < l->nsec; k++) {
        LessonSection *s = &l->sec[k];
        for (size_t a = 0; a < s->npara; a++) {
            for (size_t b = 0; b < s->para[a].n; b++)
                free(s->para[a].line[b]);
            free(s->para[a].line);
        }
        for (size_t a = 0; a < s->nq; a++) {
            free(s->q[a].stage);
            free(s->q[a].row);
            free(s->q[a].col);
            free(s->q[a].prompt);
        }
        free(s->para);
        free(s->q);
        free(s->name);
    }
    free(l->sec);
    free(l->path);
    free(l->title);
    free(l->lang);
    memset(l, 0, sizeof *l);
}

const LessonSection *lesson_section(const Lesson *l, const char *name)
{
    for (size_t k = 0; k < l->nsec; k++)
        if (strcmp(l->sec[k].name, name) == 0)
            return &l->sec[k];
    return NULL;
}

void lesson_set_tolerance(Lesson *l, double tol)
{
    for (size_t k = 0; k < l->nsec; k++)
        for (size_t a = 0; a < l->sec[k].nq; a++)
            if (!l->sec[k].q[a].tol_given)
                l->sec[k].q[a].tol = tol;
}
