// lesson.c — parse a lesson file line by line; report every syntax problem with its line.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson.h"
#include "paths.h"

static const char *const KNOWN_META[] = {"lang", "author", "license", "level", "needs"};

typedef struct {
    const char *path;
    Lesson *l;
    Lines *problems;
    LessonSection *cur;  // the open section (NULL before the first one)
    Paragraph *para;     // the open paragraph (NULL after a blank line)
    size_t line;
    Question *last_q;    // the question a "!" line belongs to (NULL: none just above)
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
    if (strcmp(name, "intro") == 0 || strcmp(name, "cross") == 0 || strcmp(name, "end") == 0 ||
        strcmp(name, "gqa") == 0 || strcmp(name, "decode") == 0)
        return true;
    for (int k = 0; k < ST_COUNT; k++)
        if (strcmp(name, STAGE_NAMES[k]) == 0)
            return true;
    return false;
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
            problem(p, p->line, _("a '}' without its '{' (write '}}' for a literal brace)"));
            return;
        }
        if (*c != '{')
            continue;
        const char *end = strpbrk(c + 1, "{}");
        if (!end || *end == '{') {
            problem(p, p->line, _("a '{' without its '}' on the same line (write '{{' for a "
                    "literal brace)"));
            return;
        }
        if (end == c + 1)
            problem(p, p->line, _("an empty placeholder '{}'"));
        c = end;
    }
}

// ─── sections, paragraphs ───────────────────────────────────────────────────────

static void start_section(Parser *p, const char *name)
{
    Lesson *l = p->l;
    p->para = NULL;
    p->last_q = NULL;
    if (!*name) {
        problem(p, p->line, _("a section heading without a name"));
        name = "?";
    } else if (!lesson_section_known(name)) {
        problem(p, p->line, _("unknown section \"%s\" (sections: intro cross gqa decode %s end)"), name,
                STAGE_LIST);
    }
    for (size_t k = 0; k < l->nsec; k++)
        if (strcmp(l->sec[k].name, name) == 0 && strcmp(name, "?") != 0)
            problem(p, p->line, _("section \"%s\" again (first on line %zu)"), name,
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

// ─── questions and their known wrong answers (question_parse.c) ─────────────────

// Append a parsed question to the open section.
static void add_question(Parser *p, Question *q)
{
    LessonSection *s = p->cur;
    Question *grown = realloc(s->q, (s->nq + 1) * sizeof *grown);
    if (!grown) {
        question_free(q);
        p->oom = true;
        return;
    }
    s->q = grown;
    q->line = p->line;
    q->para_before = s->npara;
    q->words = lesson_words(p->l->lang);
    s->q[s->nq++] = *q;
    p->last_q = &s->q[s->nq - 1];
    p->l->nquestions++;
}

static void parse_question(Parser *p, const char *text)
{
    Question q;
    char msg[512];
    int rc = question_parse(text, &q, msg, sizeof msg);
    p->last_q = NULL;
    if (rc < 0) {
        p->oom = true;
        return;
    }
    if (rc > 0) {
        problem(p, p->line, "%s", msg);
        return;
    }
    check_braces(p, q.prompt);
    add_question(p, &q);
}

// "! ANSWER => feedback": a known wrong answer of the question just above.
static void parse_mistake(Parser *p, const char *text)
{
    if (!p->last_q) {
        problem(p, p->line, _("a \"!\" line (a known wrong answer) must follow its question"));
        return;
    }
    Mistake m;
    char msg[512];
    int rc = mistake_parse(text, &m, msg, sizeof msg);
    if (rc < 0) {
        p->oom = true;
        return;
    }
    if (rc > 0) {
        problem(p, p->line, "%s", msg);
        return;
    }
    Question *q = p->last_q;
    Mistake *grown = realloc(q->mistake, (q->nmistake + 1) * sizeof *grown);
    if (!grown) {
        free(m.answer);
        free(m.feedback);
        p->oom = true;
        return;
    }
    q->mistake = grown;
    m.line = p->line;
    q->mistake[q->nmistake++] = m;
    check_braces(p, m.answer);
    check_braces(p, m.feedback);
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
        problem(p, p->line, _("text before the first section (put it under \"## intro\"; "
                "metadata lines are \"key: value\")"));
        return;
    }
    const char *value = skip_ws(colon + 1);
    bool known = false;
    for (size_t k = 0; k < sizeof KNOWN_META / sizeof *KNOWN_META; k++)
        known |= strlen(KNOWN_META[k]) == klen && strncmp(text, KNOWN_META[k], klen) == 0;
    if (!known) {
        problem(p, p->line, _("unknown metadata \"%.*s\" (known: lang author license level "
                "needs)"), (int)klen, text);
        return;
    }
    if (klen == 5 && strncmp(text, "needs", 5) == 0) {
        if (strcmp(value, "source") == 0)
            p->l->needs_source = true;
        else
            problem(p, p->line, _("needs \"%s\": the only need is \"source\" (a source "
                    "sentence, --source)"), value);
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
            problem(p, p->line, _("lang given twice"));
        else if (!valid)
            problem(p, p->line, _("lang \"%s\" is not a language code like en or zh"), value);
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
                problem(p, p->line, _("a second title (sections are \"## name\")"));
            else if (p->cur)
                problem(p, p->line, _("the title must come before the first section"));
            else if (!*name)
                problem(p, p->line, _("an empty title"));
            else
                p->l->title = dup_s(p, name);
            return;
        }
        if (hashes == 2) {
            start_section(p, name);
            return;
        }
        problem(p, p->line, _("only \"# title\" and \"## section\" headings are allowed"));
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
    if (t[0] == '!' && (t[1] == ' ' || t[1] == '\t' || t[1] == '\0')) {
        p->para = NULL;
        parse_mistake(p, t + 1);
        return;
    }
    p->last_q = NULL; // text between a question and its "!" lines
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
            problem(&p, p.line, _("line longer than %zu bytes"), sizeof buf - 1);
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
                problem(&p, p.line, _("control character \\x%02x (lessons are plain text)"), *c);
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
        problem(&p, 1, _("no title: the first line should be \"# Title\""));
    if (!p.oom && !l->lang)
        problem(&p, 1, _("no \"lang: xx\" line before the first section"));
    if (!p.oom && l->nsec == 0)
        problem(&p, 1, _("no sections (\"## intro\", \"## embeddings\", ... \"## end\")"));
    if (p.oom || problems->failed) {
        lesson_free(l);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
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
        for (size_t a = 0; a < s->nq; a++)
            question_free(&s->q[a]);
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

int lesson_fits(const Lesson *l, const Trace *t, AtError *e)
{
    if (l->needs_source && !t->cross)
        return at_fail(e, AT_EINPUT, _("this lesson needs a source sentence: add --source "
                       "\"SENTENCE\" (for example -s translation --source \"我爱猫\" \"I love "
                       "cats\")"));
    return 0;
}

void lesson_set_tolerance(Lesson *l, double tol)
{
    for (size_t k = 0; k < l->nsec; k++)
        for (size_t a = 0; a < l->sec[k].nq; a++)
            if (!l->sec[k].q[a].tol_given)
                l->sec[k].q[a].tol = tol;
}
