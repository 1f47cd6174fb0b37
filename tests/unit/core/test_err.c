// test_err.c — messages: escaping control characters and bytes that are not UTF-8.
#include "testutil.h"
#include "err.h"
#include "lines.h"

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
}

static void test_fail_is_one_escaped_line(void **state)
{
    (void)state;
    AtError e;
    at_fail(&e, AT_EINPUT, "%s: no such file", "evil\n\x1b]0;title\x07.csv");
    assert_int_equal(e.status, AT_EINPUT);
    assert_string_equal(e.msg, "evil\\x0a\\x1b]0;title\\x07.csv: no such file");
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
        cmocka_unit_test(test_lines_are_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
