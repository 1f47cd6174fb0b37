// test_focus.c — the row with a story (@focus, @top), the wording of a tie in English and
// Chinese, predictions laid out before what they reveal, and the check that no answer
// is written before its question (every shipped lesson on every sample).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lesson.h"
#include "lesson_fixtures.h"

static void parse(const char *text, Lesson *l)
{
    Lines p = {0};
    AtError e = {0};
    assert_int_equal(lesson_parse("t.md", text, l, &p, &e), 0);
    for (size_t k = 0; k < p.n; k++)
        fprintf(stderr, "  | %s\n", p.line[k]);
    assert_int_equal(p.n, 0);
    lines_free(&p);
}

// text filled on t in the words of lang.
static void expect_fill(const Trace *t, const char *lang, const char *text, const char *want)
{
    Lines p = {0};
    char *got = lesson_fill(text, t, lesson_words(lang), &p, "w");
    assert_non_null(got);
    if (strcmp(got, want) != 0)
        fail_msg("%s → \"%s\", wanted \"%s\"", text, got, want);
    assert_int_equal(p.n, 0);
    free(got);
    lines_free(&p);
}

static const char *token(const Trace *t, size_t i)
{
    return t->in->tokens.tok[i];
}

// ─── the focus ──────────────────────────────────────────────────────────────────

static void focus_of(const char *sample, const char *query, const char *key)
{
    Fixture f;
    assert_int_equal(fixture_load(&f, sample, NULL), 0);
    size_t i, j;
    assert_true(lesson_focus(&f.t, &i));
    assert_true(lesson_top(&f.t, &j));
    if (strcmp(token(&f.t, i), query) != 0 || strcmp(token(&f.t, j), key) != 0)
        fail_msg("%s: focus %s → %s, wanted %s → %s", sample, token(&f.t, i), token(&f.t, j),
                 query, key);
    fixture_free(&f);
}

static void test_focus_is_the_story(void **state)
{
    (void)state;
    // The row with the largest weight, not row 1 ("the", a flat row): on a tie of the
    // largest weight (cat and mat both give sat 0.668), the lower entropy, then the first.
    focus_of("samples/default", "cat", "sat");
    focus_of("samples/coreference", "it", "animal");
    focus_of("samples/everyday", "her", "girl");
    focus_of("samples/chinese", "小猫", "坐");

    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    expect_fill(&f.t, "en", "{token:@focus} {key:@top} {weights:@focus:@top:.3}", "cat sat 0.668");
    expect_fill(&f.t, "en", "{argmax:scores:@focus}", "sat");
    // Under a causal mask the first row attends to itself alone (weight 1): no story.
    size_t i;
    assert_true(lesson_focus(&f.masked, &i));
    assert_string_equal(token(&f.masked, i), "sat");
    expect_fill(&f.masked, "en", "{key:@top}", "cat");
    // @focus is a query: not a row of K in cross-attention, whose rows are the source's.
    Lines p = {0};
    free(lesson_fill("{K:@focus:1}", &f.cross, NULL, &p, "w"));
    assert_int_equal(p.n, 1);
    assert_non_null(strstr(p.line[0], "needs an axis of the sentence's tokens"));
    lines_free(&p);
    free(lesson_fill("{token:@top}", &f.cross, NULL, &p, "w"));
    assert_int_equal(p.n, 1);
    assert_non_null(strstr(p.line[0], "needs an axis of the keys' tokens"));
    lines_free(&p);
    free(lesson_fill("{token:@nope}", &f.t, NULL, &p, "w"));
    assert_int_equal(p.n, 1);
    assert_non_null(strstr(p.line[0], "is not @focus or @top"));
    lines_free(&p);
    fixture_free(&f);
}

// ─── ties ───────────────────────────────────────────────────────────────────────

static void test_tie_wording(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    // "the" has a zero query: six equal weights. Never "it attends most to the".
    expect_fill(&f.t, "en", "\"{token:1}\" {attends:weights:1}.",
                "\"the\" spreads its attention evenly over all 6 tokens.");
    expect_fill(&f.t, "zh", "“{token:1}”{attends:weights:1}。", "“the”把注意力平均分给了全部 6 个词。");
    expect_fill(&f.t, "en", "{attends:weights:cat}", "attends most to \"sat\"");
    expect_fill(&f.t, "zh", "{attends:weights:cat}", "最关注“sat”");
    expect_fill(&f.t, "en", "{argmax:weights:1}", "the, cat, sat, on, the and mat (a tie)");
    expect_fill(&f.t, "zh", "{argmax:weights:1}", "the、cat、sat、on、the和mat（并列）");
    expect_fill(&f.t, "en", "{argmax:weights:2}", "sat"); // no tie: the label alone
    // A causal mask leaves the first token one key: "can only attend to".
    expect_fill(&f.masked, "en", "{attends:masked:1}", "can only attend to \"the\"");
    expect_fill(&f.masked, "zh", "{attends:weights:1}", "只能关注“the”");
    fixture_free(&f);

    // Two keys tie: "cat sat cat", where "sat" gives both cats 0.476.
    assert_int_equal(fixture_load(&f, "samples/default", "cat sat cat"), 0);
    expect_fill(&f.t, "en", "{attends:weights:sat}", "splits its attention evenly between \"cat\" "
                                                     "and \"cat\"");
    expect_fill(&f.t, "zh", "{attends:weights:sat}", "对“cat”和“cat”关注得一样多");
    expect_fill(&f.t, "en", "{argmax:weights:sat}", "cat and cat (a tie)");
    fixture_free(&f);

    // lesson_row_best itself: ties within 1e-9, masked cells left out.
    Matrix m, mask;
    assert_int_equal(mat_init(&m, 1, 4), 0);
    assert_int_equal(mat_init(&mask, 1, 4), 0);
    double row[4] = {0.4, 0.2, 0.4 + 1e-12, 0.0};
    memcpy(m.v, row, sizeof row);
    size_t at[4], finite;
    assert_int_equal(lesson_row_best(&m, NULL, 0, true, at, 4, &finite), 2);
    assert_int_equal(at[0], 0);
    assert_int_equal(at[1], 2);
    assert_int_equal(finite, 4);
    mat_set(&mask, 0, 2, -INFINITY);
    assert_int_equal(lesson_row_best(&m, &mask, 0, true, at, 4, &finite), 1);
    assert_int_equal(finite, 3);
    assert_int_equal(lesson_row_best(&m, &mask, 0, false, at, 4, &finite), 1);
    assert_int_equal(at[0], 3);
    mat_free(&m);
    mat_free(&mask);
}

// ─── predictions come before what they reveal ───────────────────────────────────

static size_t line_with(const Lines *l, const char *needle)
{
    for (size_t k = 0; k < l->n; k++)
        if (strstr(l->line[k], needle))
            return k;
    fail_msg("no line has \"%s\"", needle);
    return 0;
}

static void test_prediction_order(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    Lesson l;
    parse("# T\nlang: en\n## weights\n"
          "Softmax, explained.\n\n"
          "? argmax weights[@focus] :: Asked after the text?\n"
          "? predict argmax weights[@focus] :: Which will \"{token:@focus}\" attend to?\n\n"
          "It {attends:weights:@focus}.\n",
          &l);
    const LessonSection *s = lesson_section(&l, "weights");
    assert_true(s->q[1].predict);
    assert_int_equal(s->q[1].para_before, 1);
    Lines out = {0};
    assert_int_equal(lesson_notes(&l, &f.t, "weights", 0, true, &out), 0);
    size_t text = line_with(&out, "Softmax, explained."),
           pred = line_with(&out, "Q: Which will \"cat\" attend to? → answer: sat (a "
                                  "prediction: the stage below shows it)"),
           reveal = line_with(&out, "It attends most to \"sat\"."),
           after = line_with(&out, "Q: Asked after the text? → answer: sat");
    assert_true(text < pred && pred < reveal && reveal < after);
    lines_free(&out);
    // The paragraphs on either side, for the stepper: above the prediction, and revealed.
    assert_int_equal(lesson_render_paras(&l, &f.t, "weights", 0, s->q[1].para_before, 0, &out),
                     0);
    assert_int_equal(out.n, 1);
    lines_free(&out);
    assert_int_equal(lesson_render_paras(&l, &f.t, "weights", s->q[1].para_before, SIZE_MAX, 0,
                                         &out), 0);
    assert_string_equal(out.line[0], "It attends most to \"sat\".");
    lines_free(&out);
    lesson_free(&l);
    fixture_free(&f);
}

// ─── answers written before their question ──────────────────────────────────────

static void test_leaks(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    LessonTraces tr = fixture_traces(&f);
    Lesson l;
    parse("# T\nlang: en\n"
          "## intro\nThe scores of row 2: {scores:2:3}.\n"          // 4
          "## embeddings\nX is {shape:embeddings}.\n"               // 6
          "? shape embeddings :: What shape is X?\n"                // 7
          "## scores\n"                                             // 8
          "? value scores[2][3] :: The score of cat against sat?\n" // 9
          "? predict shape scores :: Shape? Row {token:@focus}.\n"  // 10
          "Every row: {shape:scores}.\n"                            // 11: after the prediction
          "## weights\n"                                            // 12
          "Row {token:@focus} {attends:weights:@focus}. Each row adds up to 1.\n" // 13
          "? argmax weights[cat] :: Which one?\n"                   // 14
          "? rowsum weights[cat] :: And the sum?\n"                 // 15
          "? value weights[cat][sat] :: Not written: 0.668 is not 0.6682 read to 2 "
          "decimals? It is.\n",                                     // 16
          &l);
    Lines p = {0};
    assert_int_equal(lesson_leaks(&l, &tr, &p), 0);
    const char *want[] = {
        "t.md:7: the answer (6×5) can be read before the question: \"6×5\" on line 6",
        "t.md:9: the answer (4.0000) can be read before the question: \"4.0000\" on line 4",
        "t.md:14: the answer (sat) can be read before the question: \"sat\" on line 13",
        "t.md:15: the answer (1.0000) can be read before the question: \"1\" on line 13",
        "t.md:16: the answer (0.6682) can be read before the question: \"0.668\" on line 16",
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        bool found = false;
        for (size_t a = 0; a < p.n; a++)
            found |= strcmp(p.line[a], want[k]) == 0;
        if (!found) {
            for (size_t a = 0; a < p.n; a++)
                fprintf(stderr, "  | %s\n", p.line[a]);
            fail_msg("not reported: %s", want[k]);
        }
    }
    // The predicted shape comes before the line that states it: no leak there.
    assert_int_equal(p.n, sizeof want / sizeof *want);
    lines_free(&p);
    lesson_free(&l);
    fixture_free(&f);
}

// Every shipped lesson on every sample: no answer is written before its question, and
// everything else --check-lesson checks holds (test_lesson.c checks the rest of the
// shipped lessons' promises). The translation sample also with its own source sentence.
static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void no_leaks(const char *path, const LessonTraces *tr, const char *what)
{
    Lesson l;
    AtError e = {0};
    if (lesson_load(path, &l, &e) != 0)
        fail_msg("%s", e.msg);
    Lines p = {0};
    assert_int_equal(lesson_validate_all(&l, tr, &p), 0);
    for (size_t k = 0; k < p.n; k++)
        fprintf(stderr, "  | %s\n", p.line[k]);
    if (p.n)
        fail_msg("%s on %s: %zu problems", path, what, p.n);
    lines_free(&p);
    lesson_free(&l);
}

static void test_shipped_lessons_hide_their_answers(void **state)
{
    (void)state;
    static const char *const LESSONS[] = {"lessons/en/self-attention.md",
                                          "lessons/zh/self-attention.md",
                                          "lessons/en/cross-attention.md",
                                          "lessons/zh/cross-attention.md"};
    DIR *d = opendir("samples");
    assert_non_null(d);
    struct dirent *ent;
    size_t samples = 0;
    while ((ent = readdir(d)) != NULL) {
        char dir[512];
        snprintf(dir, sizeof dir, "samples/%s", ent->d_name);
        if (ent->d_name[0] == '.' || !is_dir(dir))
            continue;
        Fixture f;
        assert_int_equal(fixture_load(&f, dir, NULL), 0);
        LessonTraces tr = fixture_traces(&f);
        for (size_t k = 0; k < sizeof LESSONS / sizeof *LESSONS; k++)
            no_leaks(LESSONS[k], &tr, dir);
        fixture_free(&f);
        samples++;
    }
    closedir(d);
    assert_true(samples >= 6);

    // The translation pair: "I love cats" reading 我爱猫, as the sample's README runs it.
    Inputs in;
    Trace t;
    InputOptions io = {.sample = "samples/translation", .seed = 1, .sentence = "I love cats",
                       .source = "我爱猫"};
    TraceOptions to;
    trace_options_default(&to);
    AtError e = {0};
    assert_int_equal(inputs_load(&io, &in, &e), 0);
    assert_int_equal(trace_build(&in, &to, &t, &e), 0);
    LessonTraces tr = {.plain = &t};
    for (size_t k = 0; k < sizeof LESSONS / sizeof *LESSONS; k++)
        no_leaks(LESSONS[k], &tr, "translation with --source 我爱猫");
    size_t i;
    assert_true(lesson_focus(&t, &i));
    expect_fill(&t, "en", "{token:@focus} {attends:weights:@focus}", "I attends most to \"我\"");
    expect_fill(&t, "zh", "{token:2}{attends:weights:2}", "love最关注“爱”");
    trace_free(&t);
    inputs_free(&in);
}

int main(void)
{
    fixture_env();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_focus_is_the_story),
        cmocka_unit_test(test_tie_wording),
        cmocka_unit_test(test_prediction_order),
        cmocka_unit_test(test_leaks),
        cmocka_unit_test(test_shipped_lessons_hide_their_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
