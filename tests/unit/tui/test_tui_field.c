// test_tui_field.c — the answer box's edits on UTF-8 text and its view by display
// width: ASCII and Chinese input, backspace and delete by whole characters, cursor
// moves, refused characters, a full field, and scrolling that keeps the cursor shown.
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui_field.h"

static void type(TuiField *f, const char *ascii)
{
    for (; *ascii; ascii++)
        assert_true(tui_field_insert(f, (unsigned char)*ascii));
}

static void ascii_edits(void **state)
{
    (void)state;
    TuiField f;
    tui_field_init(&f, 0);
    type(&f, "6x5");
    assert_string_equal(f.text, "6x5");
    assert_int_equal(f.cur, 3);
    assert_true(tui_field_backspace(&f));
    assert_string_equal(f.text, "6x");
    tui_field_left(&f);
    tui_field_left(&f);
    assert_int_equal(f.cur, 0);
    tui_field_left(&f); // stays at the start
    assert_int_equal(f.cur, 0);
    assert_false(tui_field_backspace(&f));
    assert_true(tui_field_insert(&f, '1'));
    assert_string_equal(f.text, "16x");
    assert_true(tui_field_delete(&f)); // the 6 after the cursor
    assert_string_equal(f.text, "1x");
    tui_field_end(&f);
    assert_false(tui_field_delete(&f));
    tui_field_home(&f);
    assert_int_equal(f.cur, 0);
    tui_field_right(&f);
    tui_field_right(&f);
    tui_field_right(&f);
    assert_int_equal(f.cur, 2);
}

static void chinese_by_character(void **state)
{
    (void)state;
    TuiField f;
    tui_field_init(&f, 0);
    assert_true(tui_field_insert(&f, 0x5C0F)); // 小
    assert_true(tui_field_insert(&f, 0x732B)); // 猫
    assert_string_equal(f.text, "小猫");
    assert_int_equal(f.len, 6);
    tui_field_left(&f);
    assert_int_equal(f.cur, 3);
    assert_true(tui_field_insert(&f, 'a'));
    assert_string_equal(f.text, "小a猫");
    tui_field_left(&f);
    assert_true(tui_field_backspace(&f)); // the whole of 小, never half of it
    assert_string_equal(f.text, "a猫");
    tui_field_end(&f);
    assert_true(tui_field_backspace(&f));
    assert_string_equal(f.text, "a");
    assert_true(tui_field_insert(&f, 0xE9));    // é, two bytes
    assert_true(tui_field_insert(&f, 0x1F600)); // four bytes
    assert_int_equal(f.len, 1 + 2 + 4);
    tui_field_left(&f);
    tui_field_left(&f);
    assert_int_equal(f.cur, 1);
    assert_true(tui_field_delete(&f));
    assert_string_equal(f.text, "a\xF0\x9F\x98\x80");
}

static void refused(void **state)
{
    (void)state;
    TuiField f;
    tui_field_init(&f, 0);
    assert_false(tui_field_insert(&f, '\n'));
    assert_false(tui_field_insert(&f, 27));
    assert_false(tui_field_insert(&f, 0x7F));
    assert_false(tui_field_insert(&f, 0x9B)); // C1 control
    assert_false(tui_field_insert(&f, 0xD800));
    assert_false(tui_field_insert(&f, 0x110000));
    assert_int_equal(f.len, 0);
    // Full: 85 three-byte characters fill 255 bytes; nothing more fits.
    for (int k = 0; k < 85; k++)
        assert_true(tui_field_insert(&f, 0x732B));
    assert_false(tui_field_insert(&f, 'x'));
    assert_int_equal(f.len, 255);
    assert_int_equal(strlen(f.text), 255);
}

// A number's field holds 63 bytes: a 100 000-character paste fills it and the rest is
// refused, one cheap call per character; a limit below the text cuts it whole.
static void limited_field(void **state)
{
    (void)state;
    TuiField f;
    tui_field_init(&f, 63);
    size_t taken = 0;
    for (int k = 0; k < 100000; k++)
        taken += tui_field_insert(&f, '1' + k % 9);
    assert_int_equal(taken, 63);
    assert_int_equal(f.len, 63);
    assert_int_equal(strlen(f.text), 63);
    tui_field_clear(&f); // Ctrl-U: empty, the limit stays
    for (int k = 0; k < 100; k++)
        tui_field_insert(&f, 'x');
    assert_int_equal(f.len, 63);
    tui_field_init(&f, 0);
    for (int k = 0; k < 10; k++)
        assert_true(tui_field_insert(&f, 0x732B)); // 猫: 30 bytes
    tui_field_limit(&f, 7); // never half a character: two of them, 6 bytes
    assert_int_equal(f.len, 6);
    assert_int_equal(f.cur, 6);
    assert_string_equal(f.text, "猫猫");
    assert_false(tui_field_insert(&f, 0x732B));
    assert_true(tui_field_insert(&f, 'a'));
}

static void view_by_display_width(void **state)
{
    (void)state;
    TuiField f;
    size_t first, bytes;
    int col;
    tui_field_init(&f, 0);
    tui_field_view(&f, 10, &first, &bytes, &col);
    assert_int_equal(first, 0);
    assert_int_equal(bytes, 0);
    assert_int_equal(col, 0);
    type(&f, "abcdefghij"); // 10 columns: the cursor needs an 11th, so one scrolls off
    tui_field_view(&f, 10, &first, &bytes, &col);
    assert_int_equal(first, 1);
    assert_int_equal(bytes, 9);
    assert_int_equal(col, 9);
    tui_field_home(&f); // back at the start: shown from the start, cut at the width
    tui_field_view(&f, 10, &first, &bytes, &col);
    assert_int_equal(first, 0);
    assert_int_equal(bytes, 10);
    assert_int_equal(col, 0);

    // Wide characters: 小猫小猫 is 8 columns; in 5 columns the cursor at the end shows
    // the last two characters (4 columns) and its own cell.
    tui_field_clear(&f);
    for (int k = 0; k < 2; k++) {
        tui_field_insert(&f, 0x5C0F);
        tui_field_insert(&f, 0x732B);
    }
    tui_field_view(&f, 5, &first, &bytes, &col);
    assert_int_equal(first, 6);
    assert_int_equal(bytes, 6);
    assert_int_equal(col, 4);
    // From the start, 5 columns hold two wide characters, never half of a third.
    tui_field_home(&f);
    tui_field_view(&f, 5, &first, &bytes, &col);
    assert_int_equal(first, 0);
    assert_int_equal(bytes, 6);
    assert_int_equal(col, 0);
    // On a wide character at the right edge both its columns come into view.
    tui_field_right(&f);
    tui_field_right(&f);
    tui_field_view(&f, 5, &first, &bytes, &col);
    assert_int_equal(first, 3);
    assert_int_equal(col, 2);
}

int main(void)
{
    setlocale(LC_ALL, "");
    if (strcmp(setlocale(LC_CTYPE, NULL), "C") == 0 || strcmp(setlocale(LC_CTYPE, NULL), "POSIX") == 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ascii_edits),
        cmocka_unit_test(chinese_by_character),
        cmocka_unit_test(refused),
        cmocka_unit_test(limited_field),
        cmocka_unit_test(view_by_display_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
