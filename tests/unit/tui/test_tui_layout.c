// test_tui_layout.c — the stepper's layout arithmetic and text fitting, without a
// terminal: which rows and columns fit, scrolling that keeps the cursor in view, where
// the panels go on small and large screens, wrapping by display width (CJK included).
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui_layout.h"
#include "tui_text.h"

static void fit_counts_whole_cells(void **state)
{
    (void)state;
    assert_int_equal(tui_fit(0, 5, 10), 0);
    assert_int_equal(tui_fit(5, 5, 10), 0);  // a cell needs its gap too
    assert_int_equal(tui_fit(6, 5, 10), 1);
    assert_int_equal(tui_fit(59, 5, 10), 9);
    assert_int_equal(tui_fit(600, 5, 10), 10); // never more than there are
    assert_int_equal(tui_fit(-3, 5, 10), 0);
}

static void scroll_keeps_cursor_visible(void **state)
{
    (void)state;
    // Already visible: no scroll.
    assert_int_equal(tui_scroll(0, 10, 5, 64), 0);
    assert_int_equal(tui_scroll(3, 10, 12, 64), 3);
    // Past the bottom: the least scroll that shows it.
    assert_int_equal(tui_scroll(0, 10, 10, 64), 1);
    assert_int_equal(tui_scroll(0, 10, 63, 64), 54);
    // Above the top: it becomes the first.
    assert_int_equal(tui_scroll(20, 10, 7, 64), 7);
    // A bigger window after a resize: no blank space past the end.
    assert_int_equal(tui_scroll(50, 30, 60, 64), 34);
    // Everything fits: no scroll at all.
    assert_int_equal(tui_scroll(5, 10, 2, 3), 0);
    // Nothing fits: stays put on the cursor without dividing by zero.
    assert_int_equal(tui_scroll(0, 0, 2, 3), 2);
}

static void grid_place_and_hit(void **state)
{
    (void)state;
    TuiGrid g = {.label_w = 4, .cell_w = 6, .rows = 64, .cols = 64};
    // 4 + 10 cells of 7 = 74 columns; 12 lines = 10 rows + labels + legend.
    tui_grid_place(&g, 74, 12, 0, 0);
    assert_int_equal(g.vis_cols, 10);
    assert_int_equal(g.vis_rows, 10);
    assert_int_equal(g.first_row, 0);
    assert_int_equal(g.first_col, 0);
    tui_grid_place(&g, 74, 12, 30, 12);
    assert_int_equal(g.first_row, 21);
    assert_int_equal(g.first_col, 3);
    // Screen → cell: column labels on line gy, rows below; cells after the label column.
    size_t i, j;
    assert_true(tui_grid_hit(&g, 0, 5, 4, 6, &i, &j));
    assert_int_equal(i, 21);
    assert_int_equal(j, 3);
    assert_true(tui_grid_hit(&g, 0, 5, 4 + 7 * 2 + 3, 8, &i, &j));
    assert_int_equal(i, 23);
    assert_int_equal(j, 5);
    assert_false(tui_grid_hit(&g, 0, 5, 2, 8, &i, &j));   // on a row label
    assert_false(tui_grid_hit(&g, 0, 5, 10, 5, &i, &j));  // on the column labels
    assert_false(tui_grid_hit(&g, 0, 5, 10, 16, &i, &j)); // below the last row
    assert_false(tui_grid_hit(&g, 0, 5, 4 + 70, 8, &i, &j)); // right of the last cell
}

static void widths(void **state)
{
    (void)state;
    assert_int_equal(tui_number_width(-7.0, 7.0, 2), 5);   // "-7.00"
    assert_int_equal(tui_number_width(0.0, 1.0, 2), 4);    // "1.00"
    assert_int_equal(tui_number_width(-0.1, 123.4, 0), 3); // "123"
    assert_int_equal(tui_number_width(9.999, 9.999, 2), 5); // rounds to "10.00"
    assert_int_equal(tui_cell_width(5, false, 3), 6);      // margin + number
    assert_int_equal(tui_cell_width(5, true, 3), 7);       // + the shade glyph
    assert_int_equal(tui_cell_width(4, false, 9), 9);      // a wider label wins
    assert_int_equal(tui_cell_width(4, false, 40), TUI_LABEL_MAX); // up to the cap
    assert_int_equal(tui_grid_width(4, 6, 3), 4 + 3 * 7);
    assert_int_equal(tui_grid_height(3), 5);
}

// Every number fits its cell: fixed point while that is at most TUI_NUMBER_FIXED_MAX
// wide, the exponent form past it, and "…" when a cell is narrower than even that.
static void huge_and_tiny_numbers_fit(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(tui_number_width(-1.1e60, 1.1e60, 2), 9); // "-1.10e+60"
    assert_string_equal(tui_format_number(buf, sizeof buf, 1.1e60, 2, 9), " 1.10e+60");
    assert_string_equal(tui_format_number(buf, sizeof buf, -1.1e60, 2, 9), "-1.10e+60");
    assert_string_equal(tui_format_number(buf, sizeof buf, 1e-30, 2, 5), " 0.00");
    assert_string_equal(tui_format_number(buf, sizeof buf, -1e-30, 2, 5), " 0.00"); // not -0.00
    assert_string_equal(tui_format_number(buf, sizeof buf, 7.0, 2, 6), "  7.00");
    assert_string_equal(tui_format_number(buf, sizeof buf, 1.1e60, 2, 6), " 1e+60"); // fewer decimals
    assert_string_equal(tui_format_number(buf, sizeof buf, 1.1e60, 2, 3), "  …");
    assert_string_equal(tui_format_number(buf, sizeof buf, -1.1e60, 2, 3), " -…");
    // A buffer shorter than the cell keeps what fits, as snprintf would, and ends it.
    char small[5];
    assert_string_equal(tui_format_number(small, sizeof small, 7.0, 2, 6), "  7.");
    assert_string_equal(tui_format_number(small, sizeof small, -0.25, 2, 5), "-0.2");
    assert_string_equal(tui_format_number(small, 1, 7.0, 2, 6), "");
    assert_int_equal(tui_number_width(0, 123456789.5, 2), 12); // still fixed: "123456789.50"
    assert_int_equal(tui_number_width(0, 1234567890.5, 2), 8);  // "1.23e+09"
    // Every value between the extremes takes exactly their width, never more.
    static const double extremes[][2] = {{-1.1e60, 1.1e60}, {-1e300, 5}, {0, 1.7e308},
                                         {-4.2e-30, 1e-30}, {-999999.99, 12}, {-1e12, 1e12}};
    static const double inside[] = {0, 1, -1, 0.5, 1e-30, -3.3e45, 1e59, 123456.789, -7e11};
    for (size_t k = 0; k < sizeof extremes / sizeof extremes[0]; k++)
        for (int d = 0; d <= 6; d++) {
            double lo = extremes[k][0], hi = extremes[k][1];
            int w = tui_number_width(lo, hi, d);
            assert_true(w <= TUI_NUMBER_FIXED_MAX);
            for (size_t v = 0; v < sizeof inside / sizeof inside[0] + 2; v++) {
                double x = v == 0 ? lo : v == 1 ? hi : inside[v - 2];
                if (x < lo || x > hi)
                    continue;
                tui_format_number(buf, sizeof buf, x, d, w);
                if (tui_text_width(buf) != w || strstr(buf, "…"))
                    fail_msg("%g with %d decimals in %d columns: \"%s\"", x, d, w, buf);
            }
        }
}

// The layout at zoom 0 for blocks of these sizes (with operands want_w×want_h, alone
// bare_w×bare_h; same sizes: no operands).
static void layout(int cols, int rows, int want_w, int want_h, int bare_w, int bare_h,
                   TuiLayout *l)
{
    TuiBlockSize want = {want_w, 0, want_h - TUI_BLOCK_EXTRA_LINES, 0, 0, 0};
    TuiBlockSize bare = {bare_w, 0, bare_h - TUI_BLOCK_EXTRA_LINES, 0, 0, 0};
    bool ops = want_w != bare_w || want_h != bare_h;
    tui_layout_screen(cols, rows, ops ? &want : &bare, NULL, &bare, 0, false, l);
}

static void screen_80x24_small_matrix(void **state)
{
    (void)state;
    TuiLayout l;
    // By-hand scores: operands 76 wide, 7 high; the result alone 40×6.
    layout(80, 24, 76, 7, 40, 6, &l);
    assert_false(l.too_small);
    assert_true(l.operands);
    assert_false(l.panel_right); // no room beside: below, split in two columns
    assert_true(l.panel_split);
    assert_int_equal(l.header.y, 0);
    assert_int_equal(l.matrix.y, TUI_HEADER_LINES + 1);
    assert_int_equal(l.matrix.h, 7);
    assert_int_equal(l.panel.y, l.matrix.y + l.matrix.h + 1); // after a blank line
    assert_int_equal(l.panel.y + l.panel.h, l.status.y); // nothing overlaps
    assert_int_equal(l.status.y, 22);
    assert_int_equal(l.footer.y, 23);
    assert_true(l.split_w >= 30 && l.split_w < 80 - 30);
}

static void screen_120x40_panel_beside(void **state)
{
    (void)state;
    TuiLayout l;
    layout(120, 40, 76, 7, 40, 6, &l);
    assert_true(l.operands);
    assert_true(l.panel_right);
    // The operator columns take what the panel's minimum leaves (up to their maximum).
    assert_int_equal(l.sep_extra, (120 - 76 - TUI_PANEL_SEP - TUI_PANEL_MIN) / 2);
    assert_int_equal(l.matrix.w, 76 + 2 * l.sep_extra);
    assert_int_equal(l.panel.x, l.matrix.w + TUI_PANEL_SEP); // blank, separator, blank
    assert_int_equal(l.panel.w, 120 - l.panel.x);
    assert_int_equal(l.panel.h, 40 - TUI_HEADER_LINES - 1 - 2);
}

static void screen_200x60_large_matrix(void **state)
{
    (void)state;
    TuiLayout l;
    // 64×64: far wider than the screen, operands or not.
    layout(200, 60, 1400, 67, 460, 67, &l);
    assert_false(l.operands);
    assert_true(l.panel_right);
    assert_true(l.panel.w >= TUI_PANEL_MIN && l.panel.w <= 60);
    assert_int_equal(l.matrix.w + TUI_PANEL_SEP + l.panel.w, 200);
    assert_int_equal(l.matrix.h, 60 - 5);
    // On 80×24 the same matrix scrolls above a panel that keeps its minimum.
    layout(80, 24, 1400, 67, 460, 67, &l);
    assert_false(l.panel_right);
    assert_int_equal(l.panel.h, TUI_PANEL_MIN_LINES);
    assert_int_equal(l.matrix.w, 80);
}

static void screen_too_small(void **state)
{
    (void)state;
    TuiLayout l;
    layout(40, 12, 76, 7, 40, 6, &l);
    assert_true(l.too_small);
    layout(TUI_MIN_COLS, TUI_MIN_ROWS, 76, 7, 40, 6, &l);
    assert_false(l.too_small);
    assert_true(l.panel.h >= TUI_PANEL_MIN_LINES);
    // 30 lines in 10: 9 of text and the "▼ ] more" line, so 21 lines to scroll past.
    assert_int_equal(tui_panel_text_lines(30, 10), 9);
    assert_int_equal(tui_panel_max_scroll(30, 10), 21);
    assert_int_equal(tui_panel_text_lines(10, 10), 10); // all fits: no marker line
    assert_int_equal(tui_panel_max_scroll(10, 10), 0);
    assert_int_equal(tui_panel_max_scroll(5, 10), 0);
}

static void wrap_by_display_width(void **state)
{
    (void)state;
    Lines l = {0};
    assert_int_equal(tui_wrap("the cat sat on the mat", 10, &l), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.line[0], "the cat");
    assert_string_equal(l.line[1], "sat on the");
    assert_string_equal(l.line[2], "mat");
    lines_free(&l);
    // An indented line keeps its indentation, plus two, when it goes on.
    assert_int_equal(tui_wrap("  c=1 1.0000 x 2.0000 = 2.0000", 20, &l), 0);
    assert_string_equal(l.line[0], "  c=1 1.0000 x");
    assert_string_equal(l.line[1], "    2.0000 = 2.0000");
    assert_int_equal(l.n, 2);
    lines_free(&l);
    // CJK takes two columns each: 我爱北京天安门 is 14 columns.
    assert_int_equal(tui_text_width("我爱北京天安门"), 14);
    assert_int_equal(tui_wrap("我爱北京天安门", 6, &l), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.line[0], "我爱北");
    assert_string_equal(l.line[2], "门");
    lines_free(&l);
    // Mixed text breaks between CJK characters rather than at a space far back, and
    // never puts closing punctuation at the start of a line.
    assert_int_equal(tui_wrap("先预测（按 A），再看它是怎么算出来的。", 34, &l), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.line[0], "先预测（按 A），再看它是怎么算出来");
    assert_string_equal(l.line[1], "的。");
    lines_free(&l);
    assert_int_equal(tui_wrap("再看它是怎么算出来的。", 20, &l), 0);
    assert_string_equal(l.line[0], "再看它是怎么算出来"); // 的 fits, but 。 may not lead
    assert_string_equal(l.line[1], "的。");
    lines_free(&l);
    // A word longer than the width is cut; empty text is one empty line.
    assert_int_equal(tui_wrap("abcdefghij", 4, &l), 0);
    assert_int_equal(l.n, 3);
    assert_string_equal(l.line[2], "ij");
    lines_free(&l);
    assert_int_equal(tui_wrap("", 4, &l), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.line[0], "");
    lines_free(&l);
}

static void fit_and_squeeze(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(tui_fit_text("like", 6, false, buf, sizeof buf), "like  ");
    assert_string_equal(tui_fit_text("like", 6, true, buf, sizeof buf), "  like");
    assert_string_equal(tui_fit_text("attention", 5, false, buf, sizeof buf), "atte…");
    // CJK: 北京 is 4 columns; cut at a character boundary and padded to the width.
    assert_string_equal(tui_fit_text("北京", 5, true, buf, sizeof buf), " 北京");
    assert_string_equal(tui_fit_text("北京大学", 6, false, buf, sizeof buf), "北京… ");
    assert_int_equal(tui_text_width(tui_fit_text("北京大学", 6, false, buf, sizeof buf)), 6);
    assert_string_equal(tui_squeeze("  d=1 a      1.0000 ×     2.0000", buf, sizeof buf),
                        "  d=1 a 1.0000 × 2.0000");
    assert_true(strlen(tui_stage_description(ST_SCORES)) > 40);
    assert_string_equal(tui_stage_description(ST_COUNT), "");
}

// No raw bidirectional control reaches the terminal: each is shown escaped (as at_escape
// shows a control), measured as shown, and cut or wrapped as shown.
static bool has_raw_bidi(const char *s)
{
    static const char *const raw[] = {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
                                      "\u2066", "\u2067", "\u2068", "\u2069", "\u200E",
                                      "\u200F", "\u061C"};
    for (size_t k = 0; k < sizeof raw / sizeof raw[0]; k++)
        if (strstr(s, raw[k]))
            return true;
    return false;
}

static void bidi_controls_shown_escaped(void **state)
{
    (void)state;
    static const char *const each[] = {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
                                       "\u2066", "\u2067", "\u2068", "\u2069", "\u200E",
                                       "\u200F", "\u061C"};
    char buf[128], text[32];
    for (size_t k = 0; k < sizeof each / sizeof each[0]; k++) {
        snprintf(text, sizeof text, "a%sb", each[k]);
        assert_true(tui_text_unsafe(text));
        const char *d = tui_text_display(text, buf, sizeof buf);
        assert_false(has_raw_bidi(d));
        assert_int_equal(tui_text_width(text), (int)strlen(d)); // all ASCII now
        assert_int_equal(tui_text_width(text), 2 + 6); // "\u202E": six columns
    }
    assert_string_equal(tui_text_display("cats\u202Etac", buf, sizeof buf), "cats\\u202Etac");
    const char *plain = "小猫 cats";
    assert_false(tui_text_unsafe(plain));
    assert_ptr_equal(tui_text_display(plain, buf, sizeof buf), plain); // no copy
    assert_true(tui_text_unsafe("a\x1b[31m")); // a C0 control, as before
    assert_string_equal(tui_text_display("\xff", buf, sizeof buf), "\\xff"); // not UTF-8
    // A buffer too small gets whole characters only (a character's escapes are one).
    assert_string_equal(tui_text_display("ab\u202E", buf, 8), "ab");
    assert_string_equal(tui_text_display("ab\u202E", buf, 9), "ab\\u202E");
    // Fitting and wrapping work on what is shown.
    tui_fit_text("\u202Ecats", 8, false, buf, sizeof buf);
    assert_false(has_raw_bidi(buf));
    assert_int_equal(tui_text_width(buf), 8);
    assert_string_equal(buf, "\\u202Ec…");
    Lines l = {0};
    assert_int_equal(tui_wrap("the \u2067cat\u2069 sat on the mat", 10, &l), 0);
    for (size_t k = 0; k < l.n; k++) {
        assert_false(has_raw_bidi(l.line[k]));
        assert_true(tui_text_width(l.line[k]) <= 10);
    }
    lines_free(&l);
}

int main(void)
{
    setlocale(LC_ALL, "");
    if (MB_CUR_MAX == 1)
        setlocale(LC_CTYPE, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fit_counts_whole_cells),
        cmocka_unit_test(scroll_keeps_cursor_visible),
        cmocka_unit_test(grid_place_and_hit),
        cmocka_unit_test(widths),
        cmocka_unit_test(huge_and_tiny_numbers_fit),
        cmocka_unit_test(screen_80x24_small_matrix),
        cmocka_unit_test(screen_120x40_panel_beside),
        cmocka_unit_test(screen_200x60_large_matrix),
        cmocka_unit_test(screen_too_small),
        cmocka_unit_test(wrap_by_display_width),
        cmocka_unit_test(fit_and_squeeze),
        cmocka_unit_test(bidi_controls_shown_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
