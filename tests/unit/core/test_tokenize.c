// test_tokenize.c — English, punctuation, Chinese longest match, invalid UTF-8, limits.
#include "testutil.h"
#include "tokenize.h"

static void expect_tokens(const char *sentence, const char *const *vocab, size_t nvocab,
                          const char *const *want, size_t nwant)
{
    TokenList t;
    AtError e = {0};
    int rc = tokenize(sentence, vocab, nvocab, 256, &t, &e);
    if (rc != 0)
        fail_msg("tokenize(\"%s\") failed: %s", sentence, e.msg);
    assert_int_equal(t.n, nwant);
    for (size_t i = 0; i < nwant; i++)
        assert_string_equal(t.tok[i], want[i]);
    tokens_free(&t);
}

static void expect_error(const char *sentence, size_t max, const char *needle)
{
    TokenList t;
    AtError e = {0};
    assert_int_equal(tokenize(sentence, NULL, 0, max, &t, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    if (!strstr(e.msg, needle))
        fail_msg("message \"%s\" lacks \"%s\"", e.msg, needle);
    assert_null(t.tok);
}

static void test_english_words(void **state)
{
    (void)state;
    const char *want[] = {"The", "cat", "sat", "on", "the", "mat"};
    expect_tokens("The cat  sat\ton the mat", NULL, 0, want, 6);
}

static void test_punctuation_is_its_own_token(void **state)
{
    (void)state;
    const char *want[] = {"Hello", ",", "world", "!", "didn", "'", "t", "(", "x", ")"};
    expect_tokens("Hello, world! didn't (x)", NULL, 0, want, 10);
}

static void test_chinese_longest_match(void **state)
{
    (void)state;
    const char *vocab[] = {"我", "喜欢", "学习", "人工", "人工智能", "智能"};
    const char *want[] = {"我", "喜欢", "学习", "人工智能"};
    expect_tokens("我喜欢学习人工智能", vocab, 6, want, 4);
}

static void test_chinese_falls_back_to_characters(void **state)
{
    (void)state;
    const char *vocab[] = {"喜欢"};
    const char *want[] = {"我", "喜欢", "猫", "。"};
    expect_tokens("我喜欢猫。", vocab, 1, want, 4);
}

static void test_mixed_scripts(void **state)
{
    (void)state;
    const char *vocab[] = {"北京"};
    const char *want[] = {"I", "love", "北京", "！", "café"};
    expect_tokens("I love北京！ café", vocab, 1, want, 5);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_error("ab\x80", 256, "invalid UTF-8 at byte 3");         // lone continuation
    expect_error("\xC0\xAF", 256, "invalid UTF-8 at byte 1");       // overlong '/'
    expect_error("ok \xE4\xBD", 256, "invalid UTF-8 at byte 4");    // truncated sequence
    expect_error("\xED\xA0\x80", 256, "invalid UTF-8");             // a UTF-16 surrogate
}

static void test_control_characters_rejected(void **state)
{
    (void)state;
    expect_error("red \x1b[31m alert", 256, "control character U+001B at byte 5");
    expect_error("bell\a", 256, "U+0007");
}

// Bidirectional controls are format characters, not controls: a sentence may hold them
// (an RTL user's text often does). They stay in the token they touch, so the vocabulary
// lookup sees the bytes that were typed; one standing alone is a token of its own. Where
// tokens are shown (print mode, messages, the stepper) they are escaped as \u202E, so
// the learner sees that something is there and the line is not reversed.
static void test_bidi_controls_stay_in_tokens(void **state)
{
    (void)state;
    const char *joined[] = {"I", "\u202Elike", "cats"};
    expect_tokens("I \u202Elike cats", NULL, 0, joined, 3);
    const char *alone[] = {"I", "\u200E", "cats"};
    expect_tokens("I \u200E cats", NULL, 0, alone, 3);
    const char *isolate[] = {"\u2067x\u2069", "\u061C"};
    expect_tokens("\u2067x\u2069 \u061C", NULL, 0, isolate, 2);
}

static void test_empty_and_limit(void **state)
{
    (void)state;
    expect_error("", 256, "no tokens");
    expect_error("   \t ", 256, "no tokens");
    expect_error("a b c d", 3, "more than 3 tokens");
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english_words),
        cmocka_unit_test(test_punctuation_is_its_own_token),
        cmocka_unit_test(test_chinese_longest_match),
        cmocka_unit_test(test_chinese_falls_back_to_characters),
        cmocka_unit_test(test_mixed_scripts),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_control_characters_rejected),
        cmocka_unit_test(test_bidi_controls_stay_in_tokens),
        cmocka_unit_test(test_empty_and_limit),
    };
    return cmocka_run_group_tests_name("tokenize", tests, NULL, NULL);
}
