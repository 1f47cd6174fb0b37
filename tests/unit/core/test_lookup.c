// test_lookup.c — the lexicon's lookup rules: each rule, their order, the modifier
// condition of the adjective rules, case, the 2-letter stem, inflections.csv, and words
// that are not ASCII letters (left alone).
#include "testutil.h"
#include "lookup.h"

// A vocabulary: rows with their modifier value, and inflections.csv's form → lemma.
typedef struct {
    const char *word;
    double modifier;
} Row;

typedef struct {
    const Row *rows;
    size_t n;
    const char *const (*infl)[2];
    size_t ninfl;
} Table;

static const Row *row_of(const Table *t, const char *w)
{
    for (size_t k = 0; k < t->n; k++)
        if (strcmp(t->rows[k].word, w) == 0)
            return &t->rows[k];
    return NULL;
}

static bool is_row(const char *w, const void *ctx) { return row_of(ctx, w) != NULL; }

static double modifier(const char *w, const void *ctx)
{
    const Row *r = row_of(ctx, w);
    return r ? r->modifier : 0;
}

static const char *lemma(const char *form, const void *ctx)
{
    const Table *t = ctx;
    for (size_t k = 0; k < t->ninfl; k++)
        if (strcmp(t->infl[k][0], form) == 0)
            return t->infl[k][1];
    return NULL;
}

static const Row ROWS[] = {
    {"cat", 0},   {"box", 0},   {"baby", 0}, {"woman", 0}, {"like", 0}, {"jump", 0},  {"make", 0},
    {"play", 0},  {"tall", 1},  {"nice", 1}, {"horse", 0}, {"hors", 0}, {"Dog", 0},   {"dog", 0},
    {"go", 0},    {"axis", 0},  {"axe", 0},  {"a", 0},     {"i", 0},    {"ty", 0},    {"café", 0},
    {"big", 0.5}, {"small", 0}, {"red", 0},  {"lik", 0},   {"the", 0},  {"mouse", 0}, {"fly", 0},
};
static const char *const INFL[][2] = {
    {"went", "go"}, {"axes", "axis"}, {"mice", "mouse"}, {"geese", "goose"}, {"cats", "cats"},
};
static const Table T = {ROWS, sizeof ROWS / sizeof ROWS[0], INFL, sizeof INFL / sizeof INFL[0]};

// token → want (NULL: generated), found `how` (and `rule` for LOOK_RULE).
static void expect(const char *token, bool rules, const char *want, LookHow how, int rule)
{
    LookupVocab v = {is_row, modifier, lemma, &T, rules};
    TokenLookup l;
    assert_int_equal(lookup_token(token, &v, &l), 0);
    if (l.how != how || (want ? !l.row || strcmp(l.row, want) != 0 : l.row != NULL) ||
        (how == LOOK_RULE && l.rule != rule))
        fail_msg("%s: got %s (how %d, rule %d), wanted %s (how %d, rule %d)", token,
                 l.row ? l.row : "none", (int)l.how, l.rule, want ? want : "none", (int)how, rule);
    lookup_free(&l);
}

static void test_each_rule(void **state)
{
    (void)state;
    expect("cats", true, "cat", LOOK_RULE, 0);       // -s
    expect("boxes", true, "box", LOOK_RULE, 1);      // -es (boxe is no row)
    expect("babies", true, "baby", LOOK_RULE, 2);    // -ies → -y
    expect("women", true, "woman", LOOK_RULE, 3);    // -men → -man
    expect("jumped", true, "jump", LOOK_RULE, 5);    // -ed
    expect("making", true, "make", LOOK_RULE, 6);    // -ing → -e
    expect("playing", true, "play", LOOK_RULE, 7);   // -ing
    expect("taller", true, "tall", LOOK_RULE, 8);    // -er (modifier)
    expect("tallest", true, "tall", LOOK_RULE, 9);   // -est (modifier)
    expect("nicer", true, "nice", LOOK_RULE, 10);    // -er → -e (modifier)
    expect("nicest", true, "nice", LOOK_RULE, 11);   // -est → -e (modifier)
    expect("bigger", true, NULL, LOOK_GENERATED, 0); // doubling is inflections.csv's job
}

static void test_order(void **state)
{
    (void)state;
    expect("liked", true, "like", LOOK_RULE, 4);   // -ed → -e before -ed (lik is a row too)
    expect("horses", true, "horse", LOOK_RULE, 0); // -s before -es (hors is a row too)
    expect("goes", true, "go", LOOK_RULE, 1);
    expect("Dog", true, "Dog", LOOK_EXACT, 0); // as written before lower case
    expect("DOG", true, "dog", LOOK_LOWER, 0);
    expect("axes", true, "axis", LOOK_INFLECTION, 0); // inflections.csv before -s (axe)
    expect("Went", true, "go", LOOK_INFLECTION, 0);   // on the lower case
    expect("geese", true, NULL, LOOK_GENERATED, 0);   // the lemma is no row: rules, none
    expect("cats", true, "cat", LOOK_RULE, 0);        // a form mapped to itself: rules
}

static void test_modifier_condition(void **state)
{
    (void)state;
    expect("smaller", true, NULL, LOOK_GENERATED, 0); // small: modifier 0
    expect("reder", true, NULL, LOOK_GENERATED, 0);
    expect("player", true, NULL, LOOK_GENERATED, 0); // play is a verb
    expect("bigest", true, "big", LOOK_RULE, 9);     // 0.5 is above 0
}

static void test_case_and_stem(void **state)
{
    (void)state;
    expect("CATS", true, "cat", LOOK_RULE, 0); // the rules work on the lower case
    expect("The", true, "the", LOOK_LOWER, 0);
    expect("as", true, NULL, LOOK_GENERATED, 0); // -s would leave 1 letter (a is a row)
    expect("is", true, NULL, LOOK_GENERATED, 0);
    expect("ties", true, NULL, LOOK_GENERATED, 0); // -ies leaves 1 letter (ty is a row)
    expect("flies", true, "fly", LOOK_RULE, 2);    // 2 letters remain of flies: fl + y
}

static void test_not_ascii_words(void **state)
{
    (void)state;
    expect("cafés", true, NULL, LOOK_GENERATED, 0); // not ASCII letters: no rule
    expect("café", true, "café", LOOK_EXACT, 0);
    expect("CAFÉ", true, NULL, LOOK_GENERATED, 0); // É is not ASCII: stays upper case
    expect("猫们", true, NULL, LOOK_GENERATED, 0);
    expect("cats2", true, NULL, LOOK_GENERATED, 0);
    assert_false(lookup_ascii_word(""));
    assert_false(lookup_ascii_word("x1"));
    assert_true(lookup_ascii_word("Zebra"));
}

static void test_without_rules(void **state)
{
    (void)state;
    expect("cats", false, NULL, LOOK_GENERATED, 0); // no inflections.csv: exact, lower only
    expect("went", false, NULL, LOOK_GENERATED, 0);
    expect("DOG", false, "dog", LOOK_LOWER, 0);
}

static void test_how_text_and_copy(void **state)
{
    (void)state;
    char buf[64];
    TokenLookup l = {LOOK_RULE, 2, NULL};
    assert_string_equal(lookup_how_text(&l, buf, sizeof buf), "rule -ies → -y");
    l.rule = 0;
    assert_string_equal(lookup_how_text(&l, buf, sizeof buf), "rule -s");
    l.how = LOOK_LOWER;
    assert_string_equal(lookup_how_text(&l, buf, sizeof buf), "lower case");
    TokenLookup src[2] = {{LOOK_EXACT, -1, "cat"}, {LOOK_GENERATED, -1, NULL}}, *dst;
    assert_true(lookups_copy(&dst, src, 2));
    assert_string_equal(dst[0].row, "cat");
    assert_ptr_not_equal(dst[0].row, src[0].row);
    assert_null(dst[1].row);
    lookups_free(dst, 2);
    assert_true(lookups_copy(&dst, NULL, 3));
    assert_null(dst);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_rule),          cmocka_unit_test(test_order),
        cmocka_unit_test(test_modifier_condition), cmocka_unit_test(test_case_and_stem),
        cmocka_unit_test(test_not_ascii_words),    cmocka_unit_test(test_without_rules),
        cmocka_unit_test(test_how_text_and_copy),
    };
    return cmocka_run_group_tests_name("lookup", tests, NULL, NULL);
}
