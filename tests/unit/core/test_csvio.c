// test_csvio.c — reading good and malformed matrix CSVs (exact file:line:column
// messages), number parsing, spreadsheet-safe labels, and bit-exact round trips.
#include <fcntl.h>
#include <math.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "testutil.h"
#include "csvio.h"

static LabeledMatrix read_ok(const char *text, long len, int flags)
{
    LabeledMatrix lm;
    AtError e = {0};
    const char *path = temp_file(text, len);
    if (csvio_read(path, flags, &lm, &e) != 0)
        fail_msg("unexpected error: %s", e.msg);
    unlink(path);
    return lm;
}

// The message must be exactly "<path>:<want>" (want holds line:col: text).
static void read_bad_flags(const char *text, long len, int flags, const char *want)
{
    LabeledMatrix lm;
    AtError e = {0};
    const char *path = temp_file(text, len);
    assert_int_equal(csvio_read(path, flags, &lm, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    char full[1100];
    snprintf(full, sizeof full, "%s:%s", path, want);
    assert_string_equal(e.msg, full);
    unlink(path);
}

static void read_bad(const char *text, long len, const char *want)
{
    read_bad_flags(text, len, 0, want);
}

static void test_good_file(void **state)
{
    (void)state;
    LabeledMatrix lm = read_ok("token,animal,action\ncat,0.9,-1e-3\nsat,.5,+2\n", -1, 0);
    assert_string_equal(lm.corner, "token");
    assert_int_equal(lm.m.rows, 2);
    assert_int_equal(lm.m.cols, 2);
    assert_string_equal(lm.col_labels[1], "action");
    assert_string_equal(lm.row_labels[1], "sat");
    assert_true(mat_get(&lm.m, 0, 1) == -1e-3 && mat_get(&lm.m, 1, 0) == 0.5);
    assert_int_equal(lm.row_line[1], 3);
    labeled_free(&lm);
}

static void test_accepted_variants(void **state)
{
    (void)state;
    // BOM, CRLF, quoted labels and numbers, spaces around numbers, blank lines, no final newline
    LabeledMatrix lm = read_ok("\xEF\xBB\xBFtoken,\"a\",b\r\n\r\n\"x, y\", 1 ,\"2.5\"\r\nz,3,4", -1, 0);
    assert_string_equal(lm.corner, "token");
    assert_string_equal(lm.row_labels[0], "x, y");
    assert_int_equal(lm.m.rows, 2);
    assert_true(mat_get(&lm.m, 0, 1) == 2.5 && mat_get(&lm.m, 1, 1) == 4);
    assert_int_equal(lm.row_line[1], 4);
    labeled_free(&lm);
    lm = read_ok("t,a\rx,1\ry,2\r", -1, 0); // bare CR line ends (old Mac spreadsheets)
    assert_int_equal(lm.m.rows, 2);
    assert_int_equal(lm.row_line[1], 3);
    labeled_free(&lm);
}

// A line of one empty quoted cell is skipped like a blank line, even before the header
// (found by fuzz_csv: the header's first cell leaked).
static void test_quoted_blank_line_before_header(void **state)
{
    (void)state;
    LabeledMatrix lm = read_ok("\"\"\r\"\"\ntoken,a\nx,1\n", -1, 0);
    assert_string_equal(lm.corner, "token");
    assert_int_equal(lm.m.rows, 1);
    assert_int_equal(lm.row_line[0], 4);
    labeled_free(&lm);
}

static void test_malformed_files(void **state)
{
    (void)state;
    read_bad("", -1, "1:1: empty file: expected a header row, then one row per label");
    read_bad("\n\n  \n", -1, "1:1: empty file: expected a header row, then one row per label");
    read_bad("token,a,b\n", -1, "1:1: no rows after the header");
    read_bad("token\nx\n", -1, "1:2: the header needs the row axis's name and at least one column name");
    read_bad("t,a,b\nx,1,2\ny,1\n", -1, "3:3: row has 2 cells, the header has 3");
    read_bad("t,a,b\nx,1,2,\n", -1, "2:4: more cells than the header's 3 (a trailing comma?)");
    read_bad("t,a,b\nx,1,\n", -1, "2:3: empty cell (expected a number)");
    read_bad("t,a,b\nx,1,   \n", -1, "2:3: empty cell (expected a number)");
    read_bad("t,a,b\nx,1,2\n\nW_Q,abc,1\n", -1, "4:2: \"abc\" is not a number");
    read_bad("t,a\nx,\"1,5\"\n", -1, "2:2: \"1,5\" is not a number (a decimal comma is not "
             "accepted: numbers need a decimal point)");
    read_bad("t,a\nx,1.5.2\n", -1, "2:2: \"1.5.2\" is not a number");
    read_bad("t,a\nx,1e\n", -1, "2:2: \"1e\" is not a number");
    read_bad("t,a\nx,0x1p3\n", -1, "2:2: \"0x1p3\" is not a number");
    read_bad("t,a\nx,\xEF\xBC\x91\n", -1, "2:2: \"\xEF\xBC\x91\" is not a number"); // full-width 1
    read_bad("t,a\nx,nan\n", -1, "2:2: \"nan\" is not a number");
    read_bad("t,a\nx,-inf\n", -1, "2:2: \"-inf\" is not a number");
    read_bad("t,a\nx,1e400\n", -1, "2:2: \"1e400\" is out of range for a double");
    read_bad("t,a\nx,\"1\n", -1, "2:2: unterminated quote: a cell opens a quote that never closes");
    // A quote opening a record's first cell: that record's line, not the one before it
    // (found by fuzz_csv through the record scanner).
    read_bad("t,a\nx,1\n\n\"y,1\n", -1,
             "4:1: unterminated quote: a cell opens a quote that never closes");
    read_bad("t,a\n\"\"\n\"y,1\n", -1,
             "3:1: unterminated quote: a cell opens a quote that never closes");
    read_bad("t,a\nx,1\"2\n", -1, "2:2: malformed quoting: a quote inside an unquoted cell, or text after a closing quote");
    read_bad("t,a\nx,1\0002\n", 10, "2:2: NUL byte in a cell");
    read_bad_flags("t,a,a\nx,1,2\n", -1, CSVIO_UNIQUE_COLUMNS,
                   "1:3: duplicate column name \"a\" (also column 2)");
    read_bad_flags("t,b,a,c,a,b\nx,1,2,3,4,5\n", -1, CSVIO_UNIQUE_COLUMNS,
                   "1:5: duplicate column name \"a\" (also column 3)");
    read_bad("t,a,\nx,1,2\n", -1, "1:3: empty column name in the header");
    read_bad("t,a\n,1\n", -1, "2:1: empty row label");
    read_bad("t,a\nx\x1b[31m,1\n", -1, "2:1: control character in the label \"x\\x1b[31m\"");
}

// Token axes repeat labels whenever the sentence repeats a word ("the cat sat on the
// mat"): only files whose columns are dimension names ask for unique ones.
static void test_repeated_column_names_on_token_axes(void **state)
{
    (void)state;
    LabeledMatrix lm = read_ok("query\\key,the,cat,the\nthe,1,2,3\ncat,4,5,6\nthe,7,8,9\n", -1,
                               CSVIO_ALLOW_NEG_INF | CSVIO_ALLOW_EMPTY);
    assert_int_equal(lm.m.cols, 3);
    assert_string_equal(lm.col_labels[0], "the");
    assert_string_equal(lm.col_labels[2], "the");
    assert_string_equal(lm.row_labels[2], "the");
    assert_true(mat_get(&lm.m, 2, 2) == 9);
    labeled_free(&lm);
}

// A European spreadsheet's export: semicolons between cells, decimal commas.
static void test_semicolon_separated_file(void **state)
{
    (void)state;
    read_bad("token;a;b\nI;1;0\n", -1,
             "1:2: the header needs the row axis's name and at least one column name (the cells "
             "are separated by semicolons: the separator must be a comma, and numbers need a "
             "decimal point, not a decimal comma)");
    read_bad("token;a;b\nI;0,5;1\n", -1,
             "1:2: the header needs the row axis's name and at least one column name (the cells "
             "are separated by semicolons: the separator must be a comma, and numbers need a "
             "decimal point, not a decimal comma)");
    read_bad("t,a,b\nx;1;2\n", -1,
             "2:2: row has 1 cells, the header has 3 (the cells are separated by semicolons: "
             "the separator must be a comma, and numbers need a decimal point, not a decimal "
             "comma)");
    read_bad("token\nx\n", -1, // no semicolon: no hint
             "1:2: the header needs the row axis's name and at least one column name");
}

// Labels made of or starting with apostrophes: the tokenizer makes "'" a token of its
// own (cat's → cat ' s), and every label must round-trip through the spreadsheet guard.
static void test_apostrophe_labels(void **state)
{
    (void)state;
    // Read as written by hand: an apostrophe is dropped only before = + - @ or another.
    LabeledMatrix lm = read_ok("token,a\n',1\n's,2\n'=x,3\n''q,4\n'-1,5\n", -1, 0);
    assert_int_equal(lm.m.rows, 5);
    assert_string_equal(lm.row_labels[0], "'");
    assert_string_equal(lm.row_labels[1], "'s");
    assert_string_equal(lm.row_labels[2], "=x");
    assert_string_equal(lm.row_labels[3], "'q");
    assert_string_equal(lm.row_labels[4], "-1");
    labeled_free(&lm);
}

typedef struct {
    LabeledMatrix *lm;
} WriteCtx;

static int write_lm(FILE *f, void *ctx)
{
    LabeledMatrix *lm = ((WriteCtx *)ctx)->lm;
    return csvio_write_matrix(f, lm->corner, lm->row_labels, lm->col_labels, &lm->m, false);
}

static void test_labels_round_trip(void **state)
{
    (void)state;
    const char *labels[] = {"'", "''", "'=x", "=x", "-", "+1", "@a", "'s", "a'", "''=", "x"};
    enum { N = sizeof labels / sizeof labels[0] };
    LabeledMatrix lm;
    memset(&lm, 0, sizeof lm);
    assert_int_equal(mat_init(&lm.m, N, N), 0);
    lm.corner = strdup("'");
    lm.row_labels = calloc(N, sizeof *lm.row_labels);
    lm.col_labels = calloc(N, sizeof *lm.col_labels);
    for (size_t k = 0; k < N; k++) {
        lm.row_labels[k] = strdup(labels[k]);
        lm.col_labels[k] = strdup(labels[(k + 3) % N]);
        for (size_t j = 0; j < N; j++)
            mat_set(&lm.m, k, j, (double)(k * N + j) / 7);
    }
    char path[] = "/tmp/attntrace-labels.XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    AtError e = {0};
    WriteCtx ctx = {&lm};
    assert_int_equal(csvio_write_atomic(path, write_lm, &ctx, &e), 0);
    LabeledMatrix back;
    if (csvio_read(path, CSVIO_UNIQUE_COLUMNS, &back, &e) != 0)
        fail_msg("the written file does not read back: %s", e.msg);
    unlink(path);
    assert_string_equal(back.corner, "'");
    for (size_t k = 0; k < N; k++) {
        assert_string_equal(back.row_labels[k], labels[k]);
        assert_string_equal(back.col_labels[k], labels[(k + 3) % N]);
    }
    assert_memory_equal(back.m.v, lm.m.v, N * N * sizeof(double));
    labeled_free(&back);
    labeled_free(&lm);
}

static void expect_refused(const char *path, const char *want)
{
    LabeledMatrix lm;
    AtError e = {0};
    alarm(10); // a read that blocks fails the test instead of hanging it
    assert_int_equal(csvio_read(path, 0, &lm, &e), -1);
    alarm(0);
    assert_int_equal(e.status, AT_EINPUT);
    char full[600];
    snprintf(full, sizeof full, "%s: %s", path, want);
    assert_string_equal(e.msg, full);
}

// What is not a regular file is refused without blocking; huge files before reading.
static void test_not_a_regular_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/attntrace-kinds.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[128], link[128], big[128];
    snprintf(fifo, sizeof fifo, "%s/fifo.csv", dir);
    snprintf(link, sizeof link, "%s/link.csv", dir);
    snprintf(big, sizeof big, "%s/big.csv", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0); // no writer: open(O_RDONLY) would block
    expect_refused(fifo, "is a FIFO (named pipe), expected a CSV file");
    assert_int_equal(symlink("nowhere.csv", link), 0);
    expect_refused(link, "is a symbolic link to a missing file");
    expect_refused(dir, "is a directory, expected a CSV file");
    expect_refused("/dev/null", "is a character device, expected a CSV file");
    expect_refused("/dev/zero", "is a character device, expected a CSV file");
    char sock_path[96]; // open() fails on a socket (ENXIO): still said for what it is
    snprintf(sock_path, sizeof sock_path, "%s/sock.csv", dir);
    int sock = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(sock >= 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock_path);
    assert_int_equal(bind(sock, (struct sockaddr *)&addr, sizeof addr), 0);
    expect_refused(sock_path, "is a socket, expected a CSV file");
    close(sock);
    unlink(sock_path);
    int fd = open(big, O_WRONLY | O_CREAT, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)CSVIO_MAX_FILE_BYTES + 1), 0); // sparse
    close(fd);
    expect_refused(big, "file larger than 64 MiB");
    unlink(fifo);
    unlink(link);
    unlink(big);
    assert_int_equal(rmdir(dir), 0);
}

static void test_long_line_is_refused(void **state)
{
    (void)state;
    size_t n = 10u * 1024 * 1024;
    char *big = malloc(n + 16);
    assert_non_null(big);
    memcpy(big, "t,a\nx,", 6);
    memset(big + 6, '1', n);
    big[n + 6] = '\n';
    read_bad(big, (long)n + 7, "2:2: line longer than 1048576 bytes");
    big[6 + 5000] = '\n'; // one 5000-byte cell on an ordinary line
    read_bad(big, 6 + 5001, "2:2: cell longer than 4096 bytes");
    free(big);
}

static void test_number_rules(void **state)
{
    (void)state;
    double x;
    const char *why;
    assert_int_equal(csvio_parse_number("-0.25", 0, &x, &why), 0);
    assert_true(x == -0.25);
    assert_int_equal(csvio_parse_number("1e-400", 0, &x, &why), 0); // underflow to 0 is fine
    assert_int_equal(csvio_parse_number("-inf", CSVIO_ALLOW_NEG_INF, &x, &why), 0);
    assert_true(x == -INFINITY);
    assert_int_equal(csvio_parse_number("", CSVIO_ALLOW_EMPTY, &x, &why), 0);
    assert_true(isnan(x));
    assert_int_equal(csvio_parse_number("inf", CSVIO_ALLOW_NEG_INF, &x, &why), -1);
    assert_int_equal(csvio_parse_number("1,0", 0, &x, &why), -1);
    assert_int_equal(csvio_parse_number(".", 0, &x, &why), -1);
    assert_int_equal(csvio_parse_number("+", 0, &x, &why), -1);
}

static void test_round_trip_is_bit_exact(void **state)
{
    (void)state;
    // Awkward values and labels: thirds, tiny and huge numbers, formulas, quotes, commas.
    LabeledMatrix lm = read_ok("query\\key,a,b,c\nx,1,2,3\ny,4,5,6\n", -1, CSVIO_ALLOW_NEG_INF);
    double vals[6] = {1.0 / 3, -2.0 / 3, 1e-300, 1.7976931348623157e308, -0.0, -INFINITY};
    memcpy(lm.m.v, vals, sizeof vals);
    free(lm.row_labels[0]);
    lm.row_labels[0] = strdup("=SUM(A1:A9)");
    free(lm.row_labels[1]);
    lm.row_labels[1] = strdup("say \"hi\", 'then' go");
    free(lm.col_labels[0]);
    lm.col_labels[0] = strdup("-");
    free(lm.col_labels[1]);
    lm.col_labels[1] = strdup("'quoted");
    char path[] = "/tmp/attntrace-rt.XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    AtError e = {0};
    WriteCtx ctx = {&lm};
    assert_int_equal(csvio_write_atomic(path, write_lm, &ctx, &e), 0);

    FILE *f = fopen(path, "r");
    char text[512] = {0};
    assert_true(fread(text, 1, sizeof text - 1, f) > 0);
    fclose(f);
    assert_non_null(strstr(text, "\"'=SUM(A1:A9)\"")); // neutralised for spreadsheets
    assert_non_null(strstr(text, "\"'-\""));

    LabeledMatrix back;
    assert_int_equal(csvio_read(path, CSVIO_ALLOW_NEG_INF, &back, &e), 0);
    unlink(path);
    assert_string_equal(back.corner, "query\\key");
    assert_string_equal(back.row_labels[0], "=SUM(A1:A9)");
    assert_string_equal(back.row_labels[1], "say \"hi\", 'then' go");
    assert_string_equal(back.col_labels[0], "-");
    assert_string_equal(back.col_labels[1], "'quoted");
    assert_memory_equal(back.m.v, lm.m.v, sizeof vals); // identical to the last bit
    labeled_free(&back);
    labeled_free(&lm);
}

static int failing_writer(FILE *f, void *ctx)
{
    (void)ctx;
    fputs("partial,", f);
    return -1;
}

static void test_failed_write_leaves_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/attntrace-atomic.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    AtError e = {0};
    assert_int_equal(csvio_write_atomic(path, failing_writer, NULL, &e), -1);
    assert_int_equal(e.status, AT_ERUNTIME);
    assert_int_equal(rmdir(dir), 0); // empty: no partial file, no temp file left behind
    // /dev/full: the OS's reason reaches the message
    assert_int_equal(csvio_write_atomic("/dev/full/x.csv", failing_writer, NULL, &e), -1);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_accepted_variants),
        cmocka_unit_test(test_quoted_blank_line_before_header),
        cmocka_unit_test(test_malformed_files),
        cmocka_unit_test(test_repeated_column_names_on_token_axes),
        cmocka_unit_test(test_semicolon_separated_file),
        cmocka_unit_test(test_apostrophe_labels),
        cmocka_unit_test(test_labels_round_trip),
        cmocka_unit_test(test_not_a_regular_file),
        cmocka_unit_test(test_long_line_is_refused),
        cmocka_unit_test(test_number_rules),
        cmocka_unit_test(test_round_trip_is_bit_exact),
        cmocka_unit_test(test_failed_write_leaves_nothing),
    };
    return cmocka_run_group_tests_name("csvio", tests, NULL, NULL);
}
