// test_utf8.c — terminal widths: ASCII, CJK (2 columns), combining marks (0), controls
// and bytes that are not UTF-8 (1 each), fitting a prefix into a number of columns.
#include "testutil.h"
#include "utf8.h"

static void test_next_character(void **state)
{
    (void)state;
    Utf8Char c = utf8_char("cat", 3);
    assert_true(c.valid && c.wc == L'c' && c.len == 1 && c.width == 1);
    c = utf8_char("猫咪", strlen("猫咪"));
    assert_true(c.valid && c.wc == 0x732B && c.len == 3 && c.width == 2);
    c = utf8_char("\xCC\x81", 2); // U+0301, a combining acute accent
    assert_true(c.valid && c.len == 2 && c.width == 0);
    c = utf8_char("\x01x", 2); // a control: no width of its own, counted as 1
    assert_true(c.valid && c.wc == 1 && c.len == 1 && c.width == 1);
    c = utf8_char("\t", 1);
    assert_true(c.valid && c.wc == L'\t' && c.width == 1);
    c = utf8_char("\xE7\x8C", 2); // 猫 cut short
    assert_true(!c.valid && c.wc == 0xE7 && c.len == 1 && c.width == 1);
    c = utf8_char("猫", 2); // only two of its bytes may be read
    assert_false(c.valid);
    assert_int_equal(c.len, 1);
    c = utf8_char("\x80", 1); // a lone continuation byte
    assert_true(!c.valid && c.wc == 0x80 && c.len == 1 && c.width == 1);
    c = utf8_char("\xC0\xAF", 2); // an overlong '/'
    assert_false(c.valid);
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(utf8_width(""), 0);
    assert_int_equal(utf8_width("cat"), 3);
    assert_int_equal(utf8_width("人工智能"), 8);
    assert_int_equal(utf8_width("café"), 4);          // é precomposed
    assert_int_equal(utf8_width("cafe\xCC\x81"), 4);  // e + combining accent
    assert_int_equal(utf8_width("a\tb"), 3);
    assert_int_equal(utf8_width("注意力 attention"), 16);
    assert_int_equal(utf8_width("（你好）"), 8);      // full-width brackets
    assert_int_equal(utf8_width("bad\xFF"), -1);
    assert_int_equal(utf8_width("cut \xE7\x8C"), -1);
}

static void test_fit(void **state)
{
    (void)state;
    int used = -1;
    assert_int_equal(utf8_fit("人工智能", 5, &used), 6); // two characters = 4 columns
    assert_int_equal(used, 4);
    assert_int_equal(utf8_fit("人工智能", 8, &used), 12);
    assert_int_equal(used, 8);
    assert_int_equal(utf8_fit("cat", 0, &used), 0);
    assert_int_equal(used, 0);
    assert_int_equal(utf8_fit("cat", 99, NULL), 3);
    assert_int_equal(utf8_fit("ab\xFF" "cd", 10, &used), 2); // stops before a bad byte
    assert_int_equal(used, 2);
    assert_int_equal(utf8_fit("a猫", 2, &used), 1); // 猫 would need columns 2 and 3
    assert_int_equal(used, 1);
    assert_int_equal(utf8_fit("e\xCC\x81x", 1, &used), 3); // the accent fits in 0 columns
    assert_int_equal(used, 1);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_character),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
