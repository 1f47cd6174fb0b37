// test_check.c — homework checking: a student's CSV files against the trace.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "check.h"
#include "export.h"
#include "teach.h"
#include "lesson_fixtures.h"

static char DIR_[64];

// A fresh, empty folder name (export_trace creates it).
static const char *fresh_dir(void)
{
    snprintf(DIR_, sizeof DIR_, "/tmp/attntrace-check-XXXXXX");
    assert_non_null(mkdtemp(DIR_));
    return DIR_;
}

static void remove_dir(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static bool has_line(const Lines *l, const char *needle)
{
    for (size_t k = 0; k < l->n; k++)
        if (strstr(l->line[k], needle))
            return true;
    for (size_t k = 0; k < l->n; k++)
        fprintf(stderr, "  | %s\n", l->line[k]);
    return false;
}

static void test_real_export_matches(void **state)
{
    (void)state;
    const char *dir = fresh_dir();
    ExportOptions eo = {.force = false, .blank = false};
    AtError e = {0};
    assert_int_equal(export_trace(&FX.t, dir, &eo, &e), 0);
    Lines out = {0};
    CheckResult r;
    assert_int_equal(check_homework(&FX.t, dir, 0.005, &out, &r, &e), 0);
    assert_int_equal(r.stages, FX.t.count);
    assert_int_equal(r.differ, 0);
    assert_int_equal(r.missing, 0);
    assert_true(has_line(&out, "scores: 9/9 cells match"));
    assert_true(has_line(&out, "output: 6/6 cells match"));
    lines_free(&out);
    remove_dir(dir);
}

static void test_blank_worksheet(void **state)
{
    (void)state;
    const char *dir = fresh_dir();
    ExportOptions eo = {.blank = true};
    AtError e = {0};
    assert_int_equal(export_trace(&FX.t, dir, &eo, &e), 0);
    Lines out = {0};
    CheckResult r;
    assert_int_equal(check_homework(&FX.t, dir, 0.005, &out, &r, &e), 0);
    assert_int_equal(r.differ, 0);
    assert_int_equal(r.missing, 12 + 12 + 6 + 9 * 3 + 6); // Q K V scores scaled weights output
    assert_true(has_line(&out, "embeddings: 6/6 cells match"));
    // A stage left blank is one line, not a list of every one of its cells.
    assert_true(has_line(&out, "weights: not filled in (9 empty cells)"));
    assert_true(has_line(&out, "output: not filled in (6 empty cells)"));
    for (size_t k = 0; k < out.n; k++)
        if (strstr(out.line[k], "missing"))
            fail_msg("a blank stage listed cell by cell: %s", out.line[k]);
    lines_free(&out);
    // One cell filled in: the stage is partly filled, its empty cells are listed.
    char path[128];
    snprintf(path, sizeof path, "%s/10_weights.csv", dir);
    assert_int_equal(unlink(path), 0);
    write_file(dir, "10_weights.csv", "query\\key,I,like,cats\n"
                                      "I,0.2741,,\nlike,,,\ncats,,,\n");
    assert_int_equal(check_homework(&FX.t, dir, 0.005, &out, &r, &e), 0);
    assert_int_equal(r.missing, 12 + 12 + 6 + 9 * 3 + 6 - 1);
    assert_true(has_line(&out, "weights: 8 of 9 cells missing (empty)"));
    assert_true(has_line(&out, "  missing: [I][like] [I][cats] [like][I]"));
    assert_true(has_line(&out, "… and 2 more"));
    lines_free(&out);
    remove_dir(dir);
}

// Exports of sentences that repeat a word (repeated labels on token axes: "I" twice as
// a row and as a column of scores) check back as all matching, for every kind of trace,
// and their worksheets as every computed stage not filled in.
static void test_repeated_words_check_back(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/by-hand", "I like cats I like"), 0);
    assert_true(f.has_heads);
    const Trace *traces[] = {&f.t, &f.masked, &f.cross, &f.heads};
    for (size_t k = 0; k < 4; k++)
        for (int blank = 0; blank <= 1; blank++) {
            const Trace *t = traces[k];
            const char *dir = fresh_dir();
            ExportOptions eo = {.blank = blank};
            AtError e = {0};
            assert_int_equal(export_trace(t, dir, &eo, &e), 0);
            Lines out = {0};
            CheckResult r;
            if (check_homework(t, dir, 0.005, &out, &r, &e) != 0)
                fail_msg("trace %zu%s: %s", k, blank ? " (worksheet)" : "", e.msg);
            assert_int_equal(r.stages, t->count);
            assert_int_equal(r.differ, 0);
            size_t inputs = 0, not_filled = 0;
            for (size_t s = 0; s < t->count; s++)
                if (stage_is_input(&t->stage[s]))
                    inputs += t->stage[s].m.rows * t->stage[s].m.cols;
            for (size_t l = 0; l < out.n; l++)
                not_filled += strstr(out.line[l], ": not filled in (") != NULL;
            if (blank) {
                assert_int_equal(r.missing, r.cells - inputs);
                assert_true(not_filled > 0);
            } else {
                assert_int_equal(r.missing, 0);
                assert_int_equal(not_filled, 0);
            }
            lines_free(&out);
            remove_dir(dir);
        }
    fixture_free(&f);
}

// A folder with a file that cannot be used: one error, and no verdict printed before it
// (the verdicts of the good files would otherwise come first).
static void test_unusable_folder_prints_nothing(void **state)
{
    (void)state;
    const char *dir = fresh_dir();
    ExportOptions eo = {.force = false};
    AtError e = {0};
    assert_int_equal(export_trace(&FX.t, dir, &eo, &e), 0);
    char path[160];
    snprintf(path, sizeof path, "%s/11_output.csv", dir);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(mkfifo(path, 0600), 0); // no writer: reading it would block for ever
    Options o = {.check_dir = dir, .tolerance = 0.005};
    FILE *out = tmpfile();
    assert_non_null(out);
    alarm(10);
    assert_int_equal(teach_check(&o, &FX.t, out, &e), -1);
    alarm(0);
    assert_int_equal(e.status, AT_EINPUT);
    assert_non_null(strstr(e.msg, "11_output.csv: is a FIFO (named pipe), expected a CSV file"));
    assert_int_equal(ftell(out), 0);
    // A shape error in the last stage file: the same.
    assert_int_equal(unlink(path), 0);
    write_file(dir, "11_output.csv", "token,v1\nI,1\n");
    assert_int_equal(teach_check(&o, &FX.t, out, &e), -1);
    assert_non_null(strstr(e.msg, "11_output.csv:1: 1 number columns, expected 2"));
    assert_int_equal(ftell(out), 0);
    fclose(out);
    remove_dir(dir);
}

static void test_some_cells_differ(void **state)
{
    (void)state;
    const char *dir = fresh_dir();
    // A subset of stages, named without the NN_ prefix, one cell off and one missing.
    write_file(dir, "weights.csv", "query\\key,I,like,cats\n"
                                   "I,0.2741,0.2741,0.4519\n"
                                   "like,0.5,0.3482,\n"
                                   "cats,0.0566,0.2537,0.6897\n");
    write_file(dir, "08_scores.csv", "query\\key,I,like,cats\n"
                                     "I,1,1,2\nlike,1,4,5\ncats,2,5,7.1\n");
    write_file(dir, "notes.csv", "x,y\n");
    Lines out = {0};
    CheckResult r;
    AtError e = {0};
    assert_int_equal(check_homework(&FX.t, dir, 0.005, &out, &r, &e), 0);
    assert_int_equal(r.stages, 2);
    assert_int_equal(r.differ, 2);
    assert_int_equal(r.missing, 1);
    assert_true(has_line(&out, "ignored: notes.csv"));
    assert_true(has_line(&out, "scores: 1 of 9 cells differ"));
    assert_true(has_line(&out, "  [cats][cats]: you wrote 7.1, expected 7.0000"));
    assert_true(has_line(&out, "      scores[3][3] = q_3 · k_3"));
    assert_true(has_line(&out, "weights: 1 of 9 cells differ, 1 missing"));
    assert_true(has_line(&out, "  [like][I]: you wrote 0.5, expected 0.0777"));
    assert_true(has_line(&out, "      weights[2][1] = 0.1353 / 1.7419 = 0.0777"));
    assert_true(has_line(&out, "  missing: [like][cats]"));
    lines_free(&out);
    // A looser tolerance forgives 7.1.
    assert_int_equal(check_homework(&FX.t, dir, 0.2, &out, &r, &e), 0);
    assert_int_equal(r.differ, 1);
    lines_free(&out);
    remove_dir(dir);
}

static void expect_error(const char *file, const char *text, const char *msg)
{
    const char *dir = fresh_dir();
    write_file(dir, file, text);
    Lines out = {0};
    CheckResult r;
    AtError e = {0};
    assert_int_equal(check_homework(&FX.t, dir, 0.005, &out, &r, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    if (!strstr(e.msg, msg))
        fail_msg("\"%s\" does not say \"%s\"", e.msg, msg);
    lines_free(&out);
    remove_dir(dir);
}

static void test_bad_files(void **state)
{
    (void)state;
    expect_error("scores.csv", "query\\key,I,like\nI,1,1\n",
                 "scores.csv:1: 2 number columns, expected 3");
    expect_error("scores.csv", "query\\key,I,like,dogs\nI,1,1,2\n",
                 "scores.csv:1: column 4 is \"dogs\", expected \"cats\"");
    expect_error("scores.csv", "query\\key,I,like,cats\nI,1,1,2\nlike,1,4,5\n",
                 "scores.csv:4: 2 rows, expected 3");
    expect_error("V.csv", "token,v1,v2\nI,1,0\nlove,0,2\ncats,1,2\n",
                 "V.csv:3: made for the tokens \"I love cats\", not \"I like cats\": give "
                 "--check the sentence");
    // Another sentence is said before the columns that differ because of it.
    expect_error("01_embeddings.csv", "token,a\nwe,1\nlove,0\ndogs,1\nmore,1\n",
                 "01_embeddings.csv:2: made for the tokens \"we love dogs more\", not "
                 "\"I like cats\"");
    expect_error("scores.csv", "query\\key,I,like,cats\nI,1,x,2\n", "scores.csv:2:3:");
    expect_error("10_masked.csv", "query\\key,I,like,cats\n",
                 "the masked stage exists only with --mask causal");
    expect_error("readme.txt", "hello\n", "no stage files");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_export_matches),
        cmocka_unit_test(test_blank_worksheet),
        cmocka_unit_test(test_repeated_words_check_back),
        cmocka_unit_test(test_unusable_folder_prints_nothing),
        cmocka_unit_test(test_some_cells_differ),
        cmocka_unit_test(test_bad_files),
    };
    return cmocka_run_group_tests(tests, by_hand_setup, by_hand_teardown);
}
