// test_err.c — messages: escaping control characters, bidirectional controls and bytes
// that are not UTF-8; long arguments shortened in the middle; closing standard output.
#include <errno.h>
#include <signal.h>

#include "testutil.h"
#include "err.h"
#include "lines.h"

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), k = strlen(end);
    return n >= k && strcmp(s + n - k, end) == 0;
}

// A path of nested folders, `len` bytes: "/d0000000/d0000001/…/NAME".
static char *long_path(size_t len, const char *name)
{
    char *p = malloc(len + 1);
    assert_non_null(p);
    size_t at = 0;
    for (int k = 0; at + 10 + strlen(name) + 1 <= len; k++)
        at += (size_t)sprintf(p + at, "/d%07d", k);
    while (at + strlen(name) + 1 < len)
        p[at++] = 'x'; // pad the last folder's name to the exact length
    sprintf(p + at, "/%s", name);
    assert_int_equal(strlen(p), len);
    return p;
}

static void test_escape(void **state)
{
    (void)state;
    char b[64];
    at_escape(b, sizeof b, "a\x1b[31mb\tc\n");
    assert_string_equal(b, "a\\x1b[31mb\\x09c\\x0a");
    at_escape(b, sizeof b, "猫 café ✓"); // valid UTF-8 stays as it is
    assert_string_equal(b, "猫 café ✓");
    at_escape(b, sizeof b, "x\xC2\x9B" "1m"); // C1 CSI written as UTF-8
    assert_string_equal(b, "x\\xc2\\x9b1m");
    at_escape(b, sizeof b, "\x9B\xC0\xAF\xED\xA0\x80\xE4\xBD"); // lone, overlong, surrogate, cut
    assert_string_equal(b, "\\x9b\\xc0\\xaf\\xed\\xa0\\x80\\xe4\\xbd");
    at_escape(b, 6, "ab猫"); // cut at a character boundary, never inside 猫
    assert_string_equal(b, "ab猫");
    at_escape(b, 5, "ab猫");
    assert_string_equal(b, "ab");
    assert_true(at_needs_escape("a\tb", false));
    assert_false(at_needs_escape("a\tb", true));
    assert_false(at_needs_escape("猫", false));
    // Printable ASCII is skipped quickly; what follows it is still looked at.
    assert_false(at_needs_escape(" plain ~ASCII text: 0.25 {}[]", false));
    assert_true(at_needs_escape("plain text, then a \x7f", false));
    assert_true(at_needs_escape("plain text, then \xe2\x80\xae (U+202E)", false));
    assert_true(at_needs_escape("plain text, then a lone \xc3", false));
    assert_true(at_needs_escape("plain text\x1b[31m", false));
}

static void test_fail_is_one_escaped_line(void **state)
{
    (void)state;
    AtError e;
    at_fail(&e, AT_EINPUT, "%s: no such file", "evil\n\x1b]0;title\x07.csv");
    assert_int_equal(e.status, AT_EINPUT);
    assert_string_equal(e.msg, "evil\\x0a\\x1b]0;title\\x07.csv: no such file");
}

// U+202E and its kin reverse the rest of a line on a terminal: shown as \uXXXX.
static void test_escape_bidi_controls(void **state)
{
    (void)state;
    static const struct {
        const char *raw, *shown;
    } cases[] = {
        {"a\u202Eb", "a\\u202Eb"}, {"\u202A", "\\u202A"}, {"\u202B", "\\u202B"},
        {"\u202C", "\\u202C"},     {"\u202D", "\\u202D"}, {"\u2066", "\\u2066"},
        {"\u2067", "\\u2067"},     {"\u2068", "\\u2068"}, {"\u2069", "\\u2069"},
        {"\u200E", "\\u200E"},     {"\u200F", "\\u200F"}, {"x\u061Cy", "x\\u061Cy"},
    };
    char b[64];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        at_escape(b, sizeof b, cases[k].raw);
        assert_string_equal(b, cases[k].shown);
        assert_true(at_needs_escape(cases[k].raw, true));
    }
    // Their neighbours are ordinary text: U+2029, U+2070, U+200D (joiner), U+061B.
    assert_false(at_needs_escape("\u2029\u2070\u200D\u061B", false));
    // A file name with an override, in a message, and the copy at_escape_dup makes.
    AtError e;
    at_fail(&e, AT_EINPUT, "%s: No such file or directory", "cat\u202Evsc.exe");
    assert_string_equal(e.msg, "cat\\u202Evsc.exe: No such file or directory");
    char *d = at_escape_dup("\u202E\u202E\u202E");
    assert_string_equal(d, "\\u202E\\u202E\\u202E");
    free(d);
    at_escape(b, 7, "\u202Ex"); // never half an escape
    assert_string_equal(b, "\\u202E");
    at_escape(b, 6, "\u202Ex");
    assert_string_equal(b, "");
}

// at_fail's own formatting gives what printf gives, for every conversion messages use.
static void test_fail_formats_like_printf(void **state)
{
    (void)state;
    AtError e;
    char want[256];
    int i = -42;
    size_t z = 18446744073709551615u;
    long l = -7;
    unsigned long long ull = 12345678901234ull;
    double x = 1.7976931348623157e308, y = -0.000123456;
    const char *s = "abc";
#define SAME(...)                                                                              \
    do {                                                                                       \
        snprintf(want, sizeof want, __VA_ARGS__);                                              \
        at_fail(&e, AT_EINPUT, __VA_ARGS__);                                                   \
        assert_string_equal(e.msg, want);                                                      \
    } while (0)
    SAME("%d|%5d|%-5d|%+d|%05d|%i", i, i, i, 3, i, 9);
    SAME("%zu %ld %llu %u %x %04X %#o %%", z, l, ull, 7u, 255u, 0xbeefu, 8u);
    SAME("%g %.3g %.17g %e %.2f %10.4f|%-10.1f|", x, x, y, y, y, y, y);
    SAME("%s|%10s|%-10s|%.2s|%*s|%-*s|%.*s|", s, s, s, s, 6, s, 6, s, 1, s);
    SAME("%*d|%.*f|%*.*f|%c%c", 4, i, 3, y, 12, 5, y, 'o', 'k');
    SAME("no conversions at all: 100%% plain");
    SAME("%zu×%zu cells; there is no cell [%zu][%zu]", (size_t)3, (size_t)4, (size_t)9,
         (size_t)1);
#undef SAME
    at_fail(&e, AT_EINPUT, "char %c", '\033'); // a %c is escaped like the rest
    assert_string_equal(e.msg, "char \\x1b");
}

// A message never loses its end: a long argument loses its middle instead.
static void test_fail_keeps_the_reason(void **state)
{
    (void)state;
    AtError e;
    char *path = long_path(4000, "missing.csv");
    at_fail(&e, AT_EINPUT, "%s: No such file or directory", path);
    assert_true(strlen(e.msg) < sizeof e.msg);
    assert_true(strlen(e.msg) > sizeof e.msg - 16); // the room is used, not wasted
    assert_true(ends_with(e.msg, "/missing.csv: No such file or directory"));
    assert_memory_equal(e.msg, path, 200); // the start of the path is there
    assert_non_null(strstr(e.msg, "…"));
    assert_null(strstr(strstr(e.msg, "…") + 3, "…")); // one cut only

    // Two long arguments share the room; the text around and after them stays.
    char *label = long_path(3000, "b");
    at_fail(&e, AT_EINPUT, "%s:%zu:%zu: row label \"%s\" should be \"%s\" (see %s)", path,
            (size_t)12, (size_t)1, label, "b", "README");
    assert_true(strlen(e.msg) < sizeof e.msg);
    assert_true(ends_with(e.msg, "/b\" should be \"b\" (see README)"));
    assert_non_null(strstr(e.msg, "/missing.csv:12:1: row label \"/d0000000/"));

    // Escapes are never cut in two: the cut falls between whole \xNN and \uXXXX.
    char hostile[3001];
    for (size_t k = 0; k < 3000; k += 3)
        memcpy(hostile + k, k % 2 ? "\xe2\x80\xae" : "a\x1b\x07", 3);
    hostile[3000] = '\0';
    at_fail(&e, AT_EINPUT, "%s: Permission denied", hostile);
    assert_true(ends_with(e.msg, ": Permission denied"));
    const char *cut = strstr(e.msg, "…");
    assert_non_null(cut);
    assert_true(cut[-1] == 'a' || cut[-1] == 'b' || cut[-1] == '7' || cut[-1] == 'E');
    assert_true(cut[3] == 'a' || cut[3] == '\\');

    // A short message is left alone.
    at_fail(&e, AT_EINPUT, "%s: No such file or directory", "short.csv");
    assert_string_equal(e.msg, "short.csv: No such file or directory");

    // An earlier message passed on as an argument keeps its own end too.
    AtError outer;
    at_fail(&outer, e.status, "%s:1: %s", path, e.msg);
    assert_true(ends_with(outer.msg, "/missing.csv:1: short.csv: No such file or directory"));
    free(label);
    free(path);
}

// Standard output's failures, as main.c's last step sees them.
static void test_close_stream(void **state)
{
    (void)state;
    AtError e = {0};
    FILE *f = fopen("/dev/full", "w");
    assert_non_null(f);
    fputs("hello\n", f);
    assert_int_equal(at_close_stream(f, "standard output", &e), -1);
    assert_int_equal(e.status, AT_ERUNTIME);
    assert_string_equal(e.msg, "writing standard output: No space left on device");

    // A write that failed earlier, its buffer already gone: still reported.
    f = fopen("/dev/full", "w");
    assert_non_null(f);
    setvbuf(f, NULL, _IONBF, 0);
    fputs("hello\n", f);
    assert_true(ferror(f));
    assert_int_equal(at_close_stream(f, "out.txt", &e), -1);
    assert_true(strncmp(e.msg, "writing out.txt", 15) == 0);

    // A closed pipe (SIGPIPE ignored, as a parent may leave it): quiet, status 1.
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    close(fd[0]);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    f = fdopen(fd[1], "w");
    assert_non_null(f);
    fputs("hello\n", f);
    strcpy(e.msg, "stale");
    assert_int_equal(at_close_stream(f, "standard output", &e), -1);
    signal(SIGPIPE, old);
    assert_int_equal(e.status, AT_ERUNTIME);
    assert_string_equal(e.msg, "");

    // A closed descriptor: an error when something was to be written, not otherwise.
    assert_int_equal(pipe(fd), 0);
    close(fd[0]);
    f = fdopen(fd[1], "w");
    assert_non_null(f);
    close(fd[1]);
    assert_int_equal(at_close_stream(f, "standard output", &e), 0);
    assert_int_equal(pipe(fd), 0);
    close(fd[0]);
    f = fdopen(fd[1], "w");
    assert_non_null(f);
    close(fd[1]);
    fputs("hello\n", f);
    assert_int_equal(at_close_stream(f, "standard output", &e), -1);
    assert_string_equal(e.msg, "writing standard output: Bad file descriptor");

    // All written: 0.
    f = tmpfile();
    assert_non_null(f);
    fputs("hello\n", f);
    assert_int_equal(at_close_stream(f, "standard output", &e), 0);
}

static void test_lines_are_escaped(void **state)
{
    (void)state;
    Lines l = {0};
    lines_addf(&l, "ignored: %s", "a\x1b[2Jb.csv");
    lines_addf(&l, "kept\ttab");
    assert_string_equal(l.line[0], "ignored: a\\x1b[2Jb.csv");
    assert_string_equal(l.line[1], "kept\ttab");
    lines_free(&l);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_fail_is_one_escaped_line),
        cmocka_unit_test(test_escape_bidi_controls),
        cmocka_unit_test(test_fail_formats_like_printf),
        cmocka_unit_test(test_fail_keeps_the_reason),
        cmocka_unit_test(test_close_stream),
        cmocka_unit_test(test_lines_are_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
