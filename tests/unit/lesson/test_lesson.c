// test_lesson.c — the lesson format: parsing, placeholders, wrapping, questions,
// validation, finding lessons, and the shipped lessons against every sample.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "lesson_fixtures.h"
#include "paths.h"
#include "utf8.h"

// Parse text; the problems found go to *problems (caller frees).
static void parse(const char *text, Lesson *l, Lines *problems)
{
    memset(problems, 0, sizeof *problems);
    AtError e = {0};
    assert_int_equal(lesson_parse("t.md", text, l, problems, &e), 0);
}

static bool has_line(const Lines *l, const char *needle)
{
    for (size_t k = 0; k < l->n; k++)
        if (strstr(l->line[k], needle))
            return true;
    return false;
}

static void print_lines(const Lines *l)
{
    for (size_t k = 0; k < l->n; k++)
        fprintf(stderr, "  | %s\n", l->line[k]);
}

#define ASSERT_HAS(lines, needle)                                                          \
    do {                                                                                   \
        if (!has_line((lines), (needle))) {                                                \
            print_lines(lines);                                                            \
            fail_msg("no line contains \"%s\"", (needle));                                 \
        }                                                                                  \
    } while (0)

// ─── parsing ────────────────────────────────────────────────────────────────────

static const char *GOOD =
    "# A small lesson\n"               // 1
    "lang: en\n"                       // 2
    "author: me\n"                     // 3
    "\n"                               // 4
    "## intro\n"                       // 5
    "First paragraph,\n"               // 6
    "  still the first.\n"             // 7
    "\n"                               // 8
    "Second {sentence}.\n"             // 9
    "- an item\n"                      // 10
    "  that goes on\n"                 // 11
    "- another\n"                      // 12
    "\n"                               // 13
    "    verbatim {n}\n"               // 14
    "      deeper\n"                   // 15
    "<!-- a note\n"                    // 16
    "still a note -->\n"               // 17
    "## weights\n"                     // 18
    "? argmax weights[it] :: Which?\n" // 19
    "? value scaled[2][3] ±0.01 :: What is scaled[2][3]?\n"
    "? rowsum weights[1] :: Sum?\n"
    "? shape Q :: Shape?\n"
    "? argmin weights[-1] :: Least?\n"
    "? value scores[1][2] +-0.5 :: Plus-minus?\n";

static void test_parse_good(void **state)
{
    (void)state;
    Lesson l;
    Lines p;
    parse(GOOD, &l, &p);
    if (p.n)
        print_lines(&p);
    assert_int_equal(p.n, 0);
    assert_string_equal(l.title, "A small lesson");
    assert_string_equal(l.lang, "en");
    assert_int_equal(l.nsec, 2);
    assert_int_equal(l.nquestions, 6);
    const LessonSection *intro = lesson_section(&l, "intro");
    assert_non_null(intro);
    assert_int_equal(intro->line, 5);
    assert_int_equal(intro->npara, 5);
    assert_int_equal(intro->para[0].kind, PARA_TEXT);
    assert_int_equal(intro->para[0].n, 2);
    assert_int_equal(intro->para[0].first_line, 6);
    assert_string_equal(intro->para[0].line[1], "still the first.");
    assert_int_equal(intro->para[2].kind, PARA_ITEM);
    assert_string_equal(intro->para[2].line[0], "an item");
    assert_int_equal(intro->para[2].n, 2);
    assert_int_equal(intro->para[3].kind, PARA_ITEM);
    assert_int_equal(intro->para[4].kind, PARA_VERBATIM);
    assert_string_equal(intro->para[4].line[1], "  deeper");
    assert_null(lesson_section(&l, "scores"));

    const LessonSection *w = lesson_section(&l, "weights");
    assert_int_equal(w->nq, 6);
    assert_int_equal(w->q[0].kind, Q_ARGMAX);
    assert_string_equal(w->q[0].stage, "weights");
    assert_string_equal(w->q[0].row, "it");
    assert_null(w->q[0].col);
    assert_string_equal(w->q[0].prompt, "Which?");
    assert_int_equal(w->q[0].line, 19);
    assert_int_equal(w->q[1].kind, Q_VALUE);
    assert_string_equal(w->q[1].col, "3");
    assert_true(w->q[1].tol_given);
    assert_float_equal(w->q[1].tol, 0.01, 1e-12);
    assert_int_equal(w->q[3].kind, Q_SHAPE);
    assert_null(w->q[3].row);
    assert_int_equal(w->q[4].kind, Q_ARGMIN);
    assert_float_equal(w->q[5].tol, 0.5, 1e-12);
    assert_float_equal(w->q[2].tol, LESSON_DEFAULT_TOLERANCE, 1e-12);
    lesson_set_tolerance(&l, 0.1);
    assert_float_equal(w->q[2].tol, 0.1, 1e-12);
    assert_float_equal(w->q[1].tol, 0.01, 1e-12); // its own ± wins
    lesson_free(&l);
    lines_free(&p);
}

static void test_parse_problems(void **state)
{
    (void)state;
    Lesson l;
    Lines p;
    parse("# T\n"                              // 1
          "lang: english\n"                    // 2
          "colour: red\n"                      // 3
          "stray text\n"                       // 4
          "## intro\n"                         // 5
          "## bogus\n"                         // 6
          "## intro\n"                         // 7
          "### deeper\n"                       // 8
          "? guess weights[1] :: x\n"          // 9
          "? value weights[1] :: x\n"          // 10
          "? argmax weights[1]\n"              // 11
          "? shape nope :: x\n"                // 12
          "? argmax weights[1] ±0.1 :: x\n"    // 13
          "? value weights[1][2] ±abc :: x\n"  // 14
          "Unclosed {token:1 here\n"           // 15
          "Stray } here\n"                     // 16
          "? value weights[1][2] ::   \n"      // 17
          "# Second title\n",                  // 18
          &l, &p);
    ASSERT_HAS(&p, "t.md:2: lang \"english\" is not a language code");
    ASSERT_HAS(&p, "t.md:3: unknown metadata \"colour\"");
    ASSERT_HAS(&p, "t.md:4: text before the first section");
    ASSERT_HAS(&p, "t.md:6: unknown section \"bogus\"");
    ASSERT_HAS(&p, "t.md:7: section \"intro\" again (first on line 5)");
    ASSERT_HAS(&p, "t.md:8: only \"# title\" and \"## section\" headings");
    ASSERT_HAS(&p, "t.md:9: unknown question kind \"guess\"");
    ASSERT_HAS(&p, "t.md:10: value takes 2 indexes");
    ASSERT_HAS(&p, "t.md:11: a question is \"? KIND REF :: the question\"");
    ASSERT_HAS(&p, "t.md:12: unknown stage \"nope\"");
    ASSERT_HAS(&p, "t.md:13: only value, rowsum, colsum and choice questions take a tolerance");
    ASSERT_HAS(&p, "t.md:14: unexpected \"±abc\"");
    ASSERT_HAS(&p, "t.md:15: a '{' without its '}'");
    ASSERT_HAS(&p, "t.md:16: a '}' without its '{'");
    ASSERT_HAS(&p, "t.md:17: the question has no text");
    ASSERT_HAS(&p, "t.md:18: a second title");
    ASSERT_HAS(&p, "t.md:1: no \"lang: xx\" line");
    assert_int_equal(p.n, 17);
    lesson_free(&l);
    lines_free(&p);

    parse("# T\nlang: en\n## intro\nbell \a here\nescape \x1b[31m red\r\n", &l, &p);
    ASSERT_HAS(&p, "t.md:4: control character \\x07");
    ASSERT_HAS(&p, "t.md:5: control character \\x1b");
    assert_int_equal(p.n, 2);
    lesson_free(&l);
    lines_free(&p);

    parse("lang: en\n", &l, &p);
    ASSERT_HAS(&p, "t.md:1: no title");
    ASSERT_HAS(&p, "t.md:1: no sections");
    lesson_free(&l);
    lines_free(&p);
}

static void test_load(void **state)
{
    (void)state;
    char path[] = "/tmp/attntrace-lesson-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# T\nlang: en\n## scores\n? shape scores\n", f);
    fclose(f);
    Lesson l;
    AtError e = {0};
    assert_int_equal(lesson_load(path, &l, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, ":4: a question is"));
    assert_int_equal(lesson_load("/nonexistent/x.md", &l, &e), -1);
    // A byte-order mark before the title (as some editors save UTF-8) is not text.
    f = fopen(path, "w");
    fputs("\xEF\xBB\xBF# T\nlang: en\n## scores\nHello.\n", f);
    fclose(f);
    if (lesson_load(path, &l, &e) != 0)
        fail_msg("a lesson with a byte-order mark: %s", e.msg);
    assert_string_equal(l.title, "T");
    lesson_free(&l);
    remove(path);
}

// ─── placeholders ───────────────────────────────────────────────────────────────

static void expect_fill(const Trace *t, const char *text, const char *want)
{
    Lines p = {0};
    char *got = lesson_fill(text, t, NULL, &p, "w");
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("%s → \"%s\", wanted \"%s\"", text, got, want);
    if (p.n)
        print_lines(&p);
    assert_int_equal(p.n, 0);
    free(got);
    lines_free(&p);
}

// A bad placeholder shows as "{…?}" and is reported with its reason.
static void expect_bad(const Trace *t, const char *text, const char *want, const char *why)
{
    Lines p = {0};
    char *got = lesson_fill(text, t, NULL, &p, "f.md:7");
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("%s → \"%s\", wanted \"%s\"", text, got, want);
    assert_int_equal(p.n, 1);
    assert_non_null(strstr(p.line[0], "f.md:7: {"));
    if (!strstr(p.line[0], why))
        fail_msg("\"%s\" does not say \"%s\"", p.line[0], why);
    free(got);
    lines_free(&p);
}

static void test_placeholders(void **state)
{
    (void)state;
    const Trace *t = &FX.t;
    expect_fill(t, "{sentence}", "I like cats");
    expect_fill(t, "{tokens}", "I | like | cats");
    expect_fill(t, "n={n} d={d_model} k={d_k} v={d_v}", "n=3 d=2 k=4 v=2");
    expect_fill(t, "{sqrt_d_k} {divisor} {sqrt_d_k:.3}", "2 2 2.000");
    expect_fill(t, "{token:1}/{token:3}/{token:-1}/{token:-3}", "I/cats/cats/I");
    expect_fill(t, "{token:like}", "like");
    expect_fill(t, "{scores:2:3}", "5.0000");
    expect_fill(t, "{scores:like:cats}", "5.0000");
    expect_fill(t, "{scaled:2:3:.2}", "2.50");
    expect_fill(t, "{weights:1:-1:.3}", "0.452");
    expect_fill(t, "{weights:1:3}", "0.4519");
    expect_fill(t, "{Q:1:q3} {K:2:1} {V:3:2}", "1.0000 0.0000 2.0000");
    expect_fill(t, "{embeddings:3:b} {W_Q:b:q4} {W_K:1:2} {W_V:2:2}",
                "1.0000 2.0000 1.0000 2.0000");
    expect_fill(t, "{output:1:1}", "0.7259");
    expect_fill(t, "{argmax:weights:1} {argmax:scores:like} {argmin:weights:3}",
                "cats cats I");
    expect_fill(t, "{rowsum:weights:2} {rowsum:scores:1:.1}", "1.0000 4.0");
    expect_fill(t, "{shape:Q} {shape:scores} {rows:W_V} {cols:output}", "3×4 3×3 2 2");
    expect_fill(t, "{{literal}} and }} {{", "{literal} and } {");
    expect_fill(t, "no placeholders, 中文也行", "no placeholders, 中文也行");
    expect_fill(&FX.masked, "{masked:1:2} {masked:2:1}", "-inf 0.5000");

    expect_bad(t, "a {token:9} b", "a {token:9?} b", "no token \"9\" (the sentence has 3");
    expect_bad(t, "{token:0}", "{token:0?}", "no token");
    expect_bad(t, "{token:-4}", "{token:-4?}", "no token");
    expect_bad(t, "{scores:4:1}", "{scores:4:1?}", "scores has 3 rows; no row \"4\"");
    expect_bad(t, "{scores:1:dog}", "{scores:1:dog?}", "no column \"dog\"");
    expect_bad(t, "{scores:1}", "{scores:1?}", "expected {STAGE:ROW:COL}");
    expect_bad(t, "{masked:1:1}", "{masked:1:1?}", "exists only with --mask causal");
    expect_bad(t, "{argmax:nope:1}", "{argmax:nope:1?}", "unknown stage \"nope\"");
    expect_bad(t, "{argmax:weights}", "{argmax:weights?}", "expected {argmax:STAGE:ROW}");
    expect_bad(t, "{rowsum:weights:7}", "{rowsum:weights:7?}", "no row \"7\"");
    expect_bad(t, "{shape:}", "{shape:?}", "unknown stage \"\"");
    expect_bad(t, "{n:2}", "{n:2?}", "expected {n}");
    expect_bad(t, "{bogus}", "{bogus?}", "unknown placeholder \"bogus\"");
    // An unclosed brace is text (the parser reports it); no crash either way.
    expect_fill(t, "open { brace", "open { brace");
}

// ─── wrapping and rendering ─────────────────────────────────────────────────────

static void test_wrap(void **state)
{
    (void)state;
    Lines out = {0};
    assert_int_equal(lesson_wrap("the quick brown fox jumps over the lazy dog", 15, "", "",
                                 &out), 0);
    assert_int_equal(out.n, 3);
    assert_string_equal(out.line[0], "the quick brown");
    assert_string_equal(out.line[1], "fox jumps over");
    assert_string_equal(out.line[2], "the lazy dog");
    lines_free(&out);

    assert_int_equal(lesson_wrap("a verylongwordthatdoesnotfit b", 10, "- ", "  ", &out), 0);
    assert_string_equal(out.line[0], "- a");
    assert_string_equal(out.line[1], "  verylongwordthatdoesnotfit");
    assert_string_equal(out.line[2], "  b");
    lines_free(&out);

    // Chinese: break between characters, never before "，" or "。"; 10 columns = 5 chars.
    assert_int_equal(lesson_wrap("自注意力让每个词看见整句话，包括它自己。", 10, "", "", &out), 0);
    for (size_t k = 0; k < out.n; k++) {
        assert_true(utf8_width(out.line[k]) <= 10);
        assert_true(strncmp(out.line[k], "，", strlen("，")) != 0);
        assert_true(strncmp(out.line[k], "。", strlen("。")) != 0);
    }
    assert_string_equal(out.line[0], "自注意力让");
    lines_free(&out);

    assert_int_equal(lesson_wrap("no wrap at all here", 0, "Q: ", "   ", &out), 0);
    assert_int_equal(out.n, 1);
    assert_string_equal(out.line[0], "Q: no wrap at all here");
    lines_free(&out);
}

static void test_render(void **state)
{
    (void)state;
    Lesson l;
    Lines p, out = {0};
    parse("# T\nlang: zh\n## intro\n"
          "第一行，\n第二行有 {n} 个词。\n"
          "English line\nnext line.\n\n"
          "- item {token:1}\n- item two\n\n"
          "    kept   as is {d_k}\n"
          "? shape Q :: 形状？\n",
          &l, &p);
    assert_int_equal(p.n, 0);
    assert_int_equal(lesson_render(&l, &FX.t, "intro", 0, &out), 0);
    assert_int_equal(out.n, 6);
    assert_string_equal(out.line[0], "第一行，第二行有 3 个词。English line next line.");
    assert_string_equal(out.line[1], "");
    assert_string_equal(out.line[2], "- item I");
    assert_string_equal(out.line[3], "- item two");
    assert_string_equal(out.line[4], "");
    assert_string_equal(out.line[5], "    kept   as is 4");
    lines_free(&out);
    assert_int_equal(lesson_render(&l, &FX.t, "scores", 78, &out), 0);
    assert_int_equal(out.n, 0);
    assert_int_equal(lesson_notes(&l, &FX.t, "intro", 78, true, &out), 0);
    assert_string_equal(out.line[out.n - 1], "问：形状？ → 答案：3×4");
    lines_free(&out);
    assert_int_equal(lesson_notes(&l, &FX.t, "intro", 78, false, &out), 0);
    assert_string_equal(out.line[out.n - 1], "问：形状？");
    lines_free(&out);
    lesson_free(&l);
    lines_free(&p);
}

// ─── questions ──────────────────────────────────────────────────────────────────

// The first question of section "q" of a one-question lesson.
static void one_question(const char *line, Lesson *l)
{
    char text[512];
    snprintf(text, sizeof text, "# T\nlang: en\n## weights\n%s\n", line);
    Lines p;
    parse(text, l, &p);
    if (p.n)
        print_lines(&p);
    assert_int_equal(p.n, 0);
    lines_free(&p);
}

// The verdict on user's answer to a one-question lesson; want (may be NULL): the
// expected answer. fb gets the feedback (caller frees).
static AnswerVerdict judge(const Trace *t, const char *question, const char *user,
                           const char *want, Lines *fb)
{
    Lesson l;
    one_question(question, &l);
    const Question *q = &l.sec[0].q[0];
    char expected[256];
    AtError e = {0};
    assert_int_equal(question_expected(q, t, expected, sizeof expected, &e), 0);
    if (want)
        assert_string_equal(expected, want);
    AnswerVerdict v;
    memset(fb, 0, sizeof *fb);
    assert_int_equal(question_answer(q, t, user, &v, fb, &e), 0);
    lesson_free(&l);
    return v;
}

static bool answer(const Trace *t, const char *question, const char *user, const char *want,
                   Lines *fb)
{
    AnswerVerdict v = judge(t, question, user, want, fb);
    assert_int_not_equal(v, ANSWER_UNREADABLE);
    return v == ANSWER_RIGHT;
}

// user's answer is not of the form the question expects: a hint, not a verdict.
static void unreadable(const Trace *t, const char *question, const char *user,
                       const char *hint)
{
    Lines fb;
    AnswerVerdict v = judge(t, question, user, NULL, &fb);
    if (v != ANSWER_UNREADABLE)
        fail_msg("\"%s\" was judged (%d), not refused for its form", user, (int)v);
    ASSERT_HAS(&fb, hint);
    lines_free(&fb);
}

static void test_question_argmax(void **state)
{
    (void)state;
    Lines fb;
    const char *q = "? argmax weights[1] :: Which token does \"I\" attend to most?";
    assert_true(answer(&FX.t, q, "cats", "cats", &fb));
    ASSERT_HAS(&fb, "Right: cats.");
    lines_free(&fb);
    assert_true(answer(&FX.t, q, " CATS ", NULL, &fb));
    lines_free(&fb);
    assert_true(answer(&FX.t, q, "3", NULL, &fb));
    lines_free(&fb);
    assert_true(answer(&FX.t, q, "\"cats\"", NULL, &fb));
    lines_free(&fb);
    assert_true(answer(&FX.t, q, "“cats”", NULL, &fb)); // typographic quotes
    lines_free(&fb);
    assert_true(answer(&FX.t, q, "３", NULL, &fb)); // a full-width digit
    lines_free(&fb);
    assert_false(answer(&FX.t, q, "like", NULL, &fb));
    ASSERT_HAS(&fb, "you answered \"like\"; the answer is cats.");
    ASSERT_HAS(&fb, "row \"I\" of weights: I 0.2741, like 0.2741, cats 0.4519");
    ASSERT_HAS(&fb, "weights[1][3] = ");
    lines_free(&fb);
    assert_false(answer(&FX.t, q, "2", NULL, &fb));
    lines_free(&fb);
    unreadable(&FX.t, q, "", "Type one of I like cats, or its position, 1 to 3.");
    unreadable(&FX.t, q, "dog", "Type one of I like cats");
    unreadable(&FX.t, q, "4", "1 to 3");
    // By label and from the end; argmin with a tie accepts either column.
    assert_true(answer(&FX.t, "? argmax scores[like] :: q", "cats", "cats", &fb));
    lines_free(&fb);
    const char *tie = "? argmin weights[1] :: Which gets the least?";
    assert_true(answer(&FX.t, tie, "I", "I", &fb));
    lines_free(&fb);
    assert_true(answer(&FX.t, tie, "like", NULL, &fb));
    lines_free(&fb);
    assert_false(answer(&FX.t, tie, "cats", NULL, &fb));
    lines_free(&fb);
    assert_true(answer(&FX.t, "? argmax weights[-1] :: q", "cats", "cats", &fb));
    lines_free(&fb);
}

// The feedback shows the whole row, however long (it was cut at 1 KiB, mid-label).
static void test_question_feedback_long_row(void **state)
{
    (void)state;
    char sentence[2048] = "";
    for (int k = 1; k <= 150; k++) // 150 tokens: a row of about 2 KiB of feedback
        snprintf(sentence + strlen(sentence), sizeof sentence - strlen(sentence), "%sw%d",
                 k > 1 ? " " : "", k);
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/by-hand", sentence), 0);
    const Stage *w = trace_find(&f.t, "weights");
    char last[64];
    snprintf(last, sizeof last, ", w150 %s", fmt_num((char[32]){0}, 32, mat_get(&w->m, 0, 149)));
    Lines fb;
    bool right = answer(&f.t, "? rowsum weights[1] :: q", "7", NULL, &fb);
    assert_false(right);
    bool found = false;
    for (size_t k = 0; k < fb.n; k++) {
        const char *row = strstr(fb.line[k], "row \"w1\" of weights:");
        if (!row)
            continue;
        found = true;
        size_t n = strlen(row);
        assert_true(n > 1024);
        assert_string_equal(row + n - strlen(last), last); // the row ends with its last cell
    }
    assert_true(found);
    lines_free(&fb);
    fixture_free(&f);
}

static void test_question_value(void **state)
{
    (void)state;
    Lines fb;
    const char *q = "? value weights[1][3] :: What is weights[1][3]?";
    assert_true(answer(&FX.t, q, "0.4519", "0.4519", &fb));
    lines_free(&fb);
    assert_true(answer(&FX.t, q, "0.45", NULL, &fb)); // the screen's 2 decimals
    lines_free(&fb);
    assert_true(answer(&FX.t, q, "0,45", NULL, &fb)); // a decimal comma
    lines_free(&fb);
    assert_true(answer(&FX.t, q, "０．４５", NULL, &fb)); // full-width
    lines_free(&fb);
    assert_false(answer(&FX.t, q, "0.44", NULL, &fb));
    ASSERT_HAS(&fb, "the answer is 0.4519");
    // Read off the screen (±0.005), or worked out from the scaled row shown there (the
    // rounding of its cells moves a weight by at most half that): ±0.0075.
    ASSERT_HAS(&fb, "within ±0.0075");
    ASSERT_HAS(&fb, "softmax of row 1 of scaled");
    lines_free(&fb);
    unreadable(&FX.t, q, "abc", "Type a number, like 0.25 or 0,25");
    unreadable(&FX.t, q, "1,2,3", "Type a number");
    const char *wide = "? value scaled[like][cats] ±0.1 :: q";
    assert_true(answer(&FX.t, wide, "2.41", "2.5000", &fb));
    lines_free(&fb);
    assert_false(answer(&FX.t, wide, "2.3", NULL, &fb));
    ASSERT_HAS(&fb, "scores[2][3] / √d_k");
    lines_free(&fb);
    assert_true(answer(&FX.t, "? value W_Q[2][4] :: q", "2", "2.0000", &fb));
    lines_free(&fb);
    assert_true(answer(&FX.t, "? value embeddings[1][2] :: q", "−0", "0.0000", &fb));
    lines_free(&fb);
    // Masked cells: -inf, written "-inf", "-∞" or "负无穷".
    const char *m = "? value masked[1][2] :: q";
    assert_true(answer(&FX.masked, m, "-inf", "-inf", &fb));
    lines_free(&fb);
    assert_true(answer(&FX.masked, m, "-∞", NULL, &fb));
    lines_free(&fb);
    assert_true(answer(&FX.masked, m, "负无穷", NULL, &fb));
    lines_free(&fb);
    assert_false(answer(&FX.masked, m, "0", NULL, &fb));
    ASSERT_HAS(&fb, "a causal mask hides the future");
    lines_free(&fb);
}

static void test_question_rowsum_shape(void **state)
{
    (void)state;
    Lines fb;
    const char *q = "? rowsum weights[2] :: What does row 2 add up to?";
    assert_true(answer(&FX.t, q, "1", "1.0000", &fb));
    lines_free(&fb);
    assert_false(answer(&FX.t, q, "0.9", NULL, &fb));
    ASSERT_HAS(&fb, "row \"like\" of weights:");
    lines_free(&fb);
    assert_true(answer(&FX.t, "? rowsum scores[3] :: q", "14", "14.0000", &fb));
    lines_free(&fb);
    assert_true(answer(&FX.masked, "? rowsum masked[1] :: q", "0.5", "0.5000", &fb));
    lines_free(&fb);

    const char *s = "? shape Q :: What shape is Q?";
    const char *right[] = {"3x4",   "3×4",     "3 4",    "3X4",  "(3, 4)", "3*4",
                           " 3 × 4 ", "3 by 4", "3 乘 4", "3乘4",  "3行4列", "３×４",
                           "3 BY 4"};
    for (size_t k = 0; k < sizeof right / sizeof *right; k++) {
        if (!answer(&FX.t, s, right[k], "3×4", &fb))
            fail_msg("\"%s\" is a right shape", right[k]);
        lines_free(&fb);
    }
    assert_false(answer(&FX.t, s, "4x3", NULL, &fb));
    lines_free(&fb);
    const char *form[] = {"3", "3x4x1", "three by four", "", "3x"};
    for (size_t k = 0; k < sizeof form / sizeof *form; k++)
        unreadable(&FX.t, s, form[k], "Type the shape as rows×cols, like 3x4 or 3 by 4.");
    assert_false(answer(&FX.t, "? shape scores :: q", "3x4", "3×3", &fb));
    ASSERT_HAS(&fb, "(3×4)·(4×3) → 3×3");
    lines_free(&fb);
    assert_false(answer(&FX.t, "? shape output :: q", "1x1", "3×2", &fb));
    ASSERT_HAS(&fb, "weights·V: (3×3)·(3×2) → 3×2");
    lines_free(&fb);
}

static void test_question_errors(void **state)
{
    (void)state;
    Lesson l;
    char buf[64];
    AtError e = {0};
    bool ok;
    one_question("? value scores[9][1] :: q", &l);
    assert_int_equal(question_expected(&l.sec[0].q[0], &FX.t, buf, sizeof buf, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, "no row \"9\""));
    assert_int_equal(question_check(&l.sec[0].q[0], &FX.t, "1", &ok, NULL, &e), -1);
    lesson_free(&l);
    one_question("? argmax masked[1] :: q", &l);
    assert_int_equal(question_expected(&l.sec[0].q[0], &FX.t, buf, sizeof buf, &e), -1);
    assert_non_null(strstr(e.msg, "only with --mask causal"));
    lesson_free(&l);
    // question_check, for callers that count every answer: an answer of the wrong form
    // is not judged (-1, status 2, the hint as the message), so it is not recorded.
    one_question("? shape Q :: q", &l);
    memset(&e, 0, sizeof e);
    assert_int_equal(question_check(&l.sec[0].q[0], &FX.t, "three", &ok, NULL, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, "Type the shape as rows×cols"));
    assert_int_equal(question_check(&l.sec[0].q[0], &FX.t, "3 by 4", &ok, NULL, &e), 0);
    assert_true(ok);
    lesson_free(&l);
}

// ─── validation ─────────────────────────────────────────────────────────────────

static void test_validate(void **state)
{
    (void)state;
    Lesson l;
    Lines p;
    parse("# T\n"                                    // 1
          "lang: en\n"                               // 2
          "## intro\n"                               // 3
          "Fine {n}, and\n"                          // 4
          "then {token:9} is out of range.\n"        // 5
          "## scores\n"                              // 6
          "? value scores[1][5] :: q\n"              // 7
          "? argmax masked[1] :: q\n"                // 8
          "? shape scores :: About {bogus}?\n"       // 9
          "## masked\n"                              // 10
          "Masked {masked:1:2} fine; {masked:9:1}.\n" // 11
          "? value masked[1][2] :: q\n",             // 12
          &l, &p);
    assert_int_equal(p.n, 0);
    assert_int_equal(lesson_validate(&l, &FX.t, &FX.masked, &p), 0);
    ASSERT_HAS(&p, "t.md:5: {token:9}: no token \"9\"");
    ASSERT_HAS(&p, "t.md:7: the question cannot be evaluated: scores has 3 columns; no column "
                   "\"5\"");
    ASSERT_HAS(&p, "t.md:8: the question cannot be evaluated: stage \"masked\" exists only "
                   "with --mask causal (ask it under \"## masked\")");
    ASSERT_HAS(&p, "t.md:9: {bogus}: unknown placeholder");
    ASSERT_HAS(&p, "t.md:11: {masked:9:1}: masked has 3 rows");
    // The text above question 12 writes its answer: a copier would score.
    ASSERT_HAS(&p, "t.md:12: the answer (-inf) can be read before the question: \"-inf\" on "
                   "line 11 (with the mask)");
    assert_int_equal(p.n, 6);
    lines_free(&p);
    // Without a masked trace the masked section is not checked.
    assert_int_equal(lesson_validate(&l, &FX.t, NULL, &p), 0);
    assert_int_equal(p.n, 4);
    lines_free(&p);
    lesson_free(&l);
}

// ─── finding lessons ────────────────────────────────────────────────────────────

static void test_find(void **state)
{
    (void)state;
    char *path;
    AtError e = {0};
    char buf[8];
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "zh_CN.UTF-8", 1);
    assert_string_equal(lesson_env_lang(buf, sizeof buf), "zh");
    assert_int_equal(lesson_find("--lesson", "self-attention", NULL, &path, &e), 0);
    assert_string_equal(path, "./lessons/zh/self-attention.md");
    free(path);
    setenv("LC_MESSAGES", "en_GB.UTF-8", 1); // LC_MESSAGES before LANG
    assert_string_equal(lesson_env_lang(buf, sizeof buf), "en");
    setenv("LC_ALL", "C.UTF-8", 1);          // LC_ALL first: C → no language
    assert_null(lesson_env_lang(buf, sizeof buf));
    assert_int_equal(lesson_find("--lesson", "self", NULL, &path, &e), 0); // a prefix, English
    assert_string_equal(path, "./lessons/en/self-attention.md");
    free(path);
    setenv("LANGUAGE", "zh_CN:en", 1); // LANGUAGE first, as gettext reads it: its first entry
    assert_string_equal(lesson_env_lang(buf, sizeof buf), "zh");
    setenv("LC_ALL", "C", 1); // ... but not over a locale set to C on purpose
    assert_null(lesson_env_lang(buf, sizeof buf));
    setenv("LC_ALL", "C.UTF-8", 1);
    unsetenv("LANGUAGE");
    setenv("LC_ALL", "fr_FR.UTF-8", 1); // no French lessons: English
    assert_string_equal(lesson_env_lang(buf, sizeof buf), "fr");
    assert_int_equal(lesson_find("--lesson", "self-attention", NULL, &path, &e), 0);
    assert_string_equal(path, "./lessons/en/self-attention.md");
    free(path);
    // asked for: no
    assert_int_equal(lesson_find("--lesson", "self-attention", "fr", &path, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_int_equal(lesson_find("--lesson", "no-such-lesson", "en", &path, &e), -1);
    assert_int_equal(lesson_find("--lesson", "lessons/en/self-attention.md", "zh", &path, &e), 0);
    assert_string_equal(path, "lessons/en/self-attention.md"); // a file: as given
    free(path);
    assert_int_equal(lesson_find("--lesson", "lessons/none.md", NULL, &path, &e), -1);
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
}

// ─── the shipped lessons ────────────────────────────────────────────────────────

// Every question of l answered with its own expected answer is marked right, each
// section's against a trace that shows it.
static void answer_all(const Lesson *l, const LessonTraces *tr, const char *sample)
{
    for (size_t k = 0; k < l->nsec; k++) {
        const LessonSection *s = &l->sec[k];
        const Trace *use = lesson_trace_for(l, tr, s->name);
        if (!use)
            continue;
        for (size_t a = 0; a < s->nq; a++) {
            char expected[256];
            AtError e = {0};
            bool ok = false;
            if (question_expected(&s->q[a], use, expected, sizeof expected, &e) != 0 ||
                question_check(&s->q[a], use, expected, &ok, NULL, &e) != 0 || !ok)
                fail_msg("%s:%zu with %s: \"%s\" %s", l->path, s->q[a].line, sample, expected,
                         e.msg);
        }
    }
}

static void check_shipped(const char *path)
{
    Lesson l;
    AtError e = {0};
    if (lesson_load(path, &l, &e) != 0)
        fail_msg("%s", e.msg);
    assert_non_null(lesson_section(&l, "intro"));
    assert_non_null(lesson_section(&l, "end"));
    // A lesson for every run has a section for every stage; one that needs a source
    // sentence (cross-attention) need not speak of the mask or the heads.
    for (int k = 0; k < ST_COUNT && !l.needs_source; k++)
        if (!lesson_section(&l, STAGE_NAMES[k]))
            fail_msg("%s: no section for the stage %s", path, STAGE_NAMES[k]);
    assert_true(l.nquestions >= 6);

    DIR *d = opendir("samples");
    assert_non_null(d);
    struct dirent *ent;
    size_t samples = 0;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.')
            continue;
        char dir[512];
        snprintf(dir, sizeof dir, "samples/%s", ent->d_name);
        if (!is_dir(dir))
            continue;
        Fixture f;
        if (fixture_load(&f, dir, NULL) != 0)
            fail_msg("cannot load %s", dir);
        Lines p = {0};
        LessonTraces tr = fixture_traces(&f);
        assert_int_equal(lesson_validate_all(&l, &tr, &p), 0);
        if (p.n) {
            print_lines(&p);
            fail_msg("%s does not validate against %s", path, dir);
        }
        answer_all(&l, &tr, dir);
        // With two heads, every section (the base names meaning head 1) still fills in.
        if (f.has_heads) {
            LessonTraces h = {&f.heads, NULL, NULL, NULL};
            assert_int_equal(lesson_validate_all(&l, &h, &p), 0);
            if (p.n) {
                print_lines(&p);
                fail_msg("%s does not validate against %s with --heads 2", path, dir);
            }
            answer_all(&l, &h, dir);
        }
        lines_free(&p);
        fixture_free(&f);
        samples++;
    }
    closedir(d);
    assert_true(samples >= 1);
    lesson_free(&l);
}

// --lesson FILE that is not a regular file says what it is, names the option the user
// typed, and never blocks (a FIFO with no writer).
static void expect_not_found(const char *opt, const char *name, const char *want)
{
    char *path = NULL;
    AtError e = {0};
    alarm(10);
    assert_int_equal(lesson_find(opt, name, "en", &path, &e), -1);
    alarm(0);
    assert_null(path);
    assert_int_equal(e.status, AT_EINPUT);
    if (strcmp(e.msg, want) != 0)
        fail_msg("\"%s\", wanted \"%s\"", e.msg, want);
}

static void test_find_what_is_not_a_lesson(void **state)
{
    (void)state;
    expect_not_found("--lesson", "lessons/en",
                     "--lesson lessons/en: is a directory, expected a lesson file (NAME.md)");
    expect_not_found("--lesson", "/dev/null",
                     "--lesson /dev/null: is a character device, expected a lesson file (NAME.md)");
    expect_not_found("--check-lesson", "lessons/none.md",
                     "--check-lesson lessons/none.md: no such file");
    char dir[] = "/tmp/attntrace-find-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[64], link[64], want[256];
    snprintf(fifo, sizeof fifo, "%s/l.md", dir);
    snprintf(link, sizeof link, "%s/gone.md", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    snprintf(want, sizeof want,
             "--check-lesson %s: is a FIFO (named pipe), expected a lesson file (NAME.md)", fifo);
    expect_not_found("--check-lesson", fifo, want);
    assert_int_equal(symlink("nowhere.md", link), 0);
    snprintf(want, sizeof want, "--lesson %s: is a symbolic link to a missing file", link);
    expect_not_found("--lesson", link, want);
    // and the reader refuses it too, whoever calls it
    Lesson l;
    AtError e = {0};
    alarm(10);
    assert_int_equal(lesson_load(fifo, &l, &e), -1);
    alarm(0);
    assert_non_null(strstr(e.msg, "is a FIFO (named pipe)"));
    unlink(fifo);
    unlink(link);
    assert_int_equal(rmdir(dir), 0);
}

static void test_shipped_lessons(void **state)
{
    (void)state;
    DIR *d = opendir("lessons");
    assert_non_null(d);
    struct dirent *lang;
    size_t count = 0;
    while ((lang = readdir(d)) != NULL) {
        char dir[512];
        snprintf(dir, sizeof dir, "lessons/%s", lang->d_name);
        if (lang->d_name[0] == '.' || !is_dir(dir))
            continue;
        DIR *ld = opendir(dir);
        assert_non_null(ld);
        struct dirent *f;
        while ((f = readdir(ld)) != NULL) {
            size_t n = strlen(f->d_name);
            if (n < 4 || strcmp(f->d_name + n - 3, ".md") != 0)
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, f->d_name);
            check_shipped(path);
            count++;
        }
        closedir(ld);
    }
    closedir(d);
    assert_true(count >= 2); // en and zh
}

// A sentence of one token: placeholders that do not fit render as {…?}, nothing crashes.
static void test_one_token_sentence(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/by-hand", "cats"), 0);
    Lesson l;
    AtError e = {0};
    assert_int_equal(lesson_load("lessons/en/self-attention.md", &l, &e), 0);
    Lines out = {0}, p = {0};
    for (int k = 0; k < ST_COUNT; k++)
        assert_int_equal(lesson_notes(&l, &f.t, STAGE_NAMES[k], 78, true, &out), 0);
    assert_true(has_line(&out, "{token:2?}") || has_line(&out, "{scores:1:2?}"));
    assert_int_equal(lesson_validate(&l, &f.t, &f.masked, &p), 0);
    assert_true(p.n > 0);
    lines_free(&out);
    lines_free(&p);
    lesson_free(&l);
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_problems),
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_question_argmax),
        cmocka_unit_test(test_question_value),
        cmocka_unit_test(test_question_feedback_long_row),
        cmocka_unit_test(test_question_rowsum_shape),
        cmocka_unit_test(test_question_errors),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_what_is_not_a_lesson),
        cmocka_unit_test(test_shipped_lessons),
        cmocka_unit_test(test_one_token_sentence),
    };
    return cmocka_run_group_tests(tests, by_hand_setup, by_hand_teardown);
}
