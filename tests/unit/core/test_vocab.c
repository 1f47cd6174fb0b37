// test_vocab.c — reading only the rows a sentence needs: the record scanner
// (csvio_scan_next: quoted labels, spaces, the guard, CRLF and CR, a BOM, blank lines,
// records over several lines), and the loader (vocab.c): a label that is a prefix of
// another, duplicates, inflections.csv, errors that are the same as a whole read's,
// and a file of 200,000 rows of which three are parsed.
#include <sys/stat.h>
#include <time.h>

#include "testutil.h"
#include "csvio.h"
#include "tokenize.h"
#include "vocab.h"

// ─── the scanner ────────────────────────────────────────────────────────────────────

typedef struct {
    const char *label; // NULL: any (an odd or blank record)
    CsvioRecordKind kind;
    size_t line;
} Want;

static void expect_records(const char *text, const Want *want, size_t n)
{
    CsvioScan s;
    csvio_scan_init(&s, text, strlen(text));
    CsvioRecord r;
    bool oom;
    size_t k = 0, end = s.at;
    while (csvio_scan_next(&s, &r, &oom)) {
        if (k >= n)
            fail_msg("%s: more than %zu records", text, n);
        assert_int_equal(r.at, end); // records follow each other
        end = r.end;
        if (r.kind != want[k].kind || r.line != want[k].line ||
            (want[k].label && (r.label_len != strlen(want[k].label) ||
                               memcmp(r.label, want[k].label, r.label_len) != 0)))
            fail_msg("record %zu: kind %d line %zu label \"%.*s\", wanted kind %d line %zu "
                     "label \"%s\"",
                     k, (int)r.kind, r.line, (int)r.label_len, r.label, (int)want[k].kind,
                     want[k].line, want[k].label ? want[k].label : "?");
        k++;
    }
    assert_false(oom);
    assert_int_equal(k, n);
    assert_int_equal(end, strlen(text));
    csvio_scan_free(&s);
}

static void test_scan_labels(void **state)
{
    (void)state;
    const Want w[] = {
        {"token", CSVIO_REC_ROW, 1}, {",", CSVIO_REC_ROW, 2},    {"\"", CSVIO_REC_ROW, 3},
        {"a b", CSVIO_REC_ROW, 4},   {"-", CSVIO_REC_ROW, 5},    {"'", CSVIO_REC_ROW, 6},
        {"'s", CSVIO_REC_ROW, 7},    {"x\"y", CSVIO_REC_ROW, 8}, {"cat", CSVIO_REC_ROW, 9},
    };
    expect_records("token,a\n\",\",1\n\"\"\"\",1\n \"a b\" ,1\n'-,1\n'',1\n's,1\n"
                   "\"x\"\"y\",\"1\"\n  cat\t,1",
                   w, 9);
}

static void test_scan_line_ends(void **state)
{
    (void)state;
    const Want crlf[] = {{"t", CSVIO_REC_ROW, 1},
                         {"a", CSVIO_REC_ROW, 2},
                         {NULL, CSVIO_REC_BLANK, 3},
                         {"b", CSVIO_REC_ROW, 4}};
    expect_records("t,x\r\na,1\r\n\r\nb,2\r\n", crlf, 4);
    const Want cr[] = {{"t", CSVIO_REC_ROW, 1}, {"a", CSVIO_REC_ROW, 2}, {"b", CSVIO_REC_ROW, 3}};
    expect_records("t,x\ra,1\rb,2", cr, 3);
    const Want bom[] = {{"token", CSVIO_REC_ROW, 1},
                        {NULL, CSVIO_REC_BLANK, 2},
                        {NULL, CSVIO_REC_BLANK, 3},
                        {"a", CSVIO_REC_ROW, 4}};
    expect_records("\xEF\xBB\xBFtoken,x\n   \n\"\"\na,1\n", bom, 4);
}

static void test_scan_odd_records(void **state)
{
    (void)state;
    const Want w[] = {
        {"t", CSVIO_REC_ROW, 1},
        {NULL, CSVIO_REC_ODD, 2}, // a quote inside an unquoted label
        {NULL, CSVIO_REC_ODD, 3}, // text after the closing quote
        {NULL, CSVIO_REC_ODD, 4}, // one field only
        {NULL, CSVIO_REC_ODD, 5}, // an empty label
        {NULL, CSVIO_REC_ODD, 6}, // a control character
        {NULL, CSVIO_REC_ODD, 7}, // a quoted number over two lines
        {"z", CSVIO_REC_ROW, 9},
        {NULL, CSVIO_REC_ODD, 10}, // a quote that never closes: the rest of the text
    };
    expect_records("t,x\nli\"ke,1\n\"a\"b,1\nalone\n,1\nbe\x1bll,1\nq,\"1\n2\"\nz,1\n"
                   "w,\"1\nv,2\n",
                   w, 9);
}

// ─── the loader ─────────────────────────────────────────────────────────────────────

// Write text to a file of its own; returns a malloc'd path.
static char *file_of(const char *text, size_t len) { return strdup(temp_file(text, (long)len)); }

// Load the rows `sentence` needs from the embeddings text (and inflections text).
static int load(Vocab *v, const char *emb, const char *infl, const char *sentence, AtError *e)
{
    char *p = file_of(emb, strlen(emb)), *q = infl ? file_of(infl, strlen(infl)) : NULL;
    int rc = vocab_open(v, p, q, e);
    if (rc == 0)
        rc = vocab_collect(v, sentence, e);
    if (rc == 0)
        rc = vocab_read(v, CSVIO_UNIQUE_COLUMNS, e);
    unlink(p);
    if (q)
        unlink(q);
    free(p);
    free(q);
    return rc;
}

static long row_of(const Vocab *v, const char *token)
{
    long row;
    AtError e = {0};
    assert_int_equal(vocab_lookup(v, token, NULL, &row, &e), 0);
    return row;
}

static void test_prefix_labels(void **state)
{
    (void)state;
    Vocab v;
    AtError e = {0};
    const char *emb = "token,a,b\nI,9,9\nca,1,0\ncat,2,0\ncats,3,0\ncatsup,4,0\n";
    if (load(&v, emb, NULL, "cat", &e) != 0)
        fail_msg("%s", e.msg);
    assert_int_equal(v.m.m.rows, 2); // the first row, and cat's
    long r = row_of(&v, "cat");
    assert_true(r >= 0 && mat_get(&v.m.m, (size_t)r, 0) == 2);
    assert_int_equal(v.m.row_line[r], 4);
    assert_int_equal(row_of(&v, "cats"), -1); // a row of the file, but not read: not asked
    assert_false(vocab_known("ca", 2, &v));
    vocab_close(&v);
}

static void test_quoted_labels_and_line_ends(void **state)
{
    (void)state;
    const char *texts[] = {
        "token,a\n\",\",1\n\"\"\"\",2\n'-,3\nx,4\n",
        "\xEF\xBB\xBFtoken,a\r\n\",\",1\r\n\"\"\"\",2\r\n'-,3\r\nx,4\r\n",
        "token,a\r\",\",1\r\"\"\"\",2\r'-,3\rx,4",
    };
    for (size_t k = 0; k < 3; k++) {
        Vocab v;
        AtError e = {0};
        if (load(&v, texts[k], NULL, "x , \" -", &e) != 0)
            fail_msg("%s", e.msg);
        const char *tok[] = {",", "\"", "-", "x"};
        for (size_t t = 0; t < 4; t++) {
            long r = row_of(&v, tok[t]);
            if (r < 0 || mat_get(&v.m.m, (size_t)r, 0) != (double)(t + 1))
                fail_msg("text %zu: %s has row %ld", k, tok[t], r);
            assert_int_equal(v.m.row_line[r], t + 2);
        }
        vocab_close(&v);
    }
}

static void test_cjk_longest_match(void **state)
{
    (void)state;
    Vocab v;
    AtError e = {0};
    const char *emb = "token,a\n我,1\n喜欢,2\n人工智能,3\n人工,4\n智能,5\n";
    if (load(&v, emb, NULL, "我喜欢人工智能", &e) != 0)
        fail_msg("%s", e.msg);
    TokenList t;
    assert_int_equal(tokenize_with("我喜欢人工智能", vocab_known, &v, 256, &t, &e), 0);
    assert_int_equal(t.n, 3);
    assert_string_equal(t.tok[2], "人工智能");
    tokens_free(&t);
    vocab_close(&v);
}

static void test_duplicates(void **state)
{
    (void)state;
    Vocab v;
    AtError e = {0};
    // The same values: fine. Different values: refused, naming both lines, when used.
    const char *same = "token,a\nx,1\ncat,1\ndog,2\ncat,1\n";
    assert_int_equal(load(&v, same, NULL, "cat", &e), 0);
    assert_int_equal(v.m.row_line[row_of(&v, "cat")], 3);
    vocab_close(&v);
    const char *differ = "token,a\nx,1\ncat,1\ndog,2\ncat,5\ndog,3\n";
    assert_int_equal(load(&v, differ, NULL, "cat", &e), -1);
    if (!strstr(e.msg, ":5:1: duplicate token \"cat\" (also on line 3) with different values"))
        fail_msg("%s", e.msg);
    vocab_close(&v);
    assert_int_equal(load(&v, differ, NULL, "x", &e), 0); // dog and cat unused: unchecked
    vocab_close(&v);
}

// A broken row the sentence uses gets the message of a whole read, line and column.
static void test_errors_as_a_whole_read(void **state)
{
    (void)state;
    const char *bad[] = {
        "token,a,b\nI,1,0\nlike,abc,1\ncats,1,1\n",
        "token,a,b\nI,1,0\nli\"ke,0,1\n",
        "token,a,b\nI,1,0\nlike,\"0,1\ncats,1,1\n",
        "token,a,b\nI,1,0\n,0,1\ncats,1,1\n",
        "token,a,b\nI,1,0\nlike,0\ncats,1,1\n",
        "token,a,b\nI,1,0\nli\x1bke,0,1\n",
        "token,a,a\nI,1,0\n",
        "token,a,b\nI,1,0\nlike,0,1,7\n",
        "token,a,b\n",
        "",
        "token,a,b\nI,1,\nlike,0,1\n",
        "token;a;b\nI;1;0\n",
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char *p = file_of(bad[k], strlen(bad[k]));
        LabeledMatrix lm;
        AtError whole = {0}, e = {0};
        assert_int_equal(csvio_read(p, CSVIO_UNIQUE_COLUMNS, &lm, &whole), -1);
        Vocab v;
        int rc = vocab_open(&v, p, NULL, &e);
        if (rc == 0)
            rc = vocab_collect(&v, "I like cats", &e);
        if (rc == 0)
            rc = vocab_read(&v, CSVIO_UNIQUE_COLUMNS, &e);
        if (rc != -1 || strcmp(e.msg, whole.msg) != 0)
            fail_msg("file %zu: \"%s\", a whole read says \"%s\"", k, e.msg, whole.msg);
        vocab_close(&v);
        unlink(p);
        free(p);
    }
}

static void test_inflections(void **state)
{
    (void)state;
    const char *emb = "token,noun,modifier\nthe,0,0\ngo,0,0\nmouse,1,0\nbig,0,1\ncat,1,0\n";
    Vocab v;
    AtError e = {0};
    const char *infl = "form,lemma\nwent,go\nmice,mouse\nbigger,big\ncats,cats\nloop,pool\n"
                       "pool,loop\nempty,\n";
    if (load(&v, emb, infl, "went mice bigger cats loop empty Mice", &e) != 0)
        fail_msg("%s", e.msg);
    TokenLookup l;
    long row;
    const char *want[][2] = {{"went", "go"},  {"mice", "mouse"}, {"bigger", "big"},
                             {"cats", "cat"}, {"Mice", "mouse"}, {"loop", NULL},
                             {"empty", NULL}};
    for (size_t k = 0; k < 7; k++) {
        assert_int_equal(vocab_lookup(&v, want[k][0], &l, &row, &e), 0);
        if (want[k][1] ? !l.row || strcmp(l.row, want[k][1]) != 0 || row < 0 : row != -1)
            fail_msg("%s: %s (row %ld)", want[k][0], l.row ? l.row : "none", row);
        lookup_free(&l);
    }
    vocab_close(&v);
    // Refused: another header, a record of three fields, a form with two lemmas.
    const char *bad[][2] = {
        {"word,lemma\nwent,go\n", ":1:1: the header must be form,lemma"},
        {"form,lemma\nwent,go,x\n", ":2:3: has 3 fields, expected 2"},
        {"form,lemma\nwent,go\nwent,going\n", ":3:1: \"went\" has the lemma \"go\" on line 2 "
                                              "and \"going\" here"},
        {"", ":1:1: empty file: expected the header form,lemma"},
    };
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(load(&v, emb, bad[k][0], "went", &e), -1);
        if (!strstr(e.msg, bad[k][1]))
            fail_msg("\"%s\" lacks \"%s\"", e.msg, bad[k][1]);
        vocab_close(&v);
    }
}

static void test_inputs_must_be_regular_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/attntrace-unit-vocab.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[128], emb[128];
    snprintf(fifo, sizeof fifo, "%s/inflections.csv", dir);
    snprintf(emb, sizeof emb, "%s/embeddings.csv", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    FILE *f = fopen(emb, "w");
    fputs("token,a\nx,1\n", f);
    fclose(f);
    Vocab v;
    AtError e = {0};
    assert_int_equal(vocab_open(&v, emb, fifo, &e), -1); // never blocks on the FIFO
    if (!strstr(e.msg, "is a FIFO (named pipe), expected a CSV file"))
        fail_msg("%s", e.msg);
    assert_int_equal(vocab_open(&v, fifo, NULL, &e), -1);
    unlink(fifo);
    unlink(emb);
    rmdir(dir);
}

// 200,000 rows (6 MB): the sentence's three are parsed, and quickly.
static void test_a_huge_file(void **state)
{
    (void)state;
    size_t n = 200000, cap = n * 40 + 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text, cap, "token,a,b,c\n");
    for (size_t k = 0; k < n; k++)
        len += (size_t)snprintf(text + len, cap - len, "w%zu,%zu,0.5,-1\n", k, k);
    char *p = file_of(text, len);
    free(text);
    Vocab v;
    AtError e = {0};
    clock_t t0 = clock();
    int rc = vocab_open(&v, p, NULL, &e);
    if (rc == 0)
        rc = vocab_collect(&v, "w7 w123456 w199999 nope", &e);
    if (rc == 0)
        rc = vocab_read(&v, CSVIO_UNIQUE_COLUMNS, &e);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    if (rc != 0)
        fail_msg("%s", e.msg);
    assert_int_equal(v.m.m.rows, 4); // the first row, and three of the sentence's
    long r = row_of(&v, "w123456");
    assert_true(r >= 0 && mat_get(&v.m.m, (size_t)r, 0) == 123456);
    assert_int_equal(v.m.row_line[r], 123458);
    assert_int_equal(row_of(&v, "nope"), -1);
    assert_true(secs < 5); // a whole parse would take about 1 s here; this takes ~0.05 s
    vocab_close(&v);
    unlink(p);
    free(p);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_labels),
        cmocka_unit_test(test_scan_line_ends),
        cmocka_unit_test(test_scan_odd_records),
        cmocka_unit_test(test_prefix_labels),
        cmocka_unit_test(test_quoted_labels_and_line_ends),
        cmocka_unit_test(test_cjk_longest_match),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_errors_as_a_whole_read),
        cmocka_unit_test(test_inflections),
        cmocka_unit_test(test_inputs_must_be_regular_files),
        cmocka_unit_test(test_a_huge_file),
    };
    return cmocka_run_group_tests_name("vocab", tests, NULL, NULL);
}
