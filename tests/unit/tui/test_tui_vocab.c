// test_tui_vocab.c — the vocabulary view's model (tui_vocab.h) without a terminal: it
// opens only on the embeddings stage, holds what --vocab prints for the sentence (the
// dimensions' meanings when the sample's own embeddings have a dimensions.csv, each
// token's row and how it was found), and closes.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lesson_fixtures.h"
#include "tui_state.h"
#include "tui_vocab.h"

static bool has_line(const TuiState *st, const char *a, const char *b)
{
    for (size_t k = 0; k < st->vocab.n; k++)
        if (strstr(st->vocab.line[k], a) && (!b || strstr(st->vocab.line[k], b)))
            return true;
    return false;
}

static void only_on_embeddings(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/default", NULL), 0);
    TuiOptions o = {.own_embeddings = true};
    TuiState st;
    AtError e = {0};
    assert_int_equal(tui_state_init(&st, &f.t, &o, &e), 0);
    st.k = 3; // W_K
    assert_false(tui_vocab_open(&st, f.t.in, true));
    assert_false(st.vocab_on);
    assert_non_null(strstr(st.status, "embeddings stage"));
    st.k = 0;
    assert_false(tui_vocab_open(&st, NULL, true)); // no inputs: said, not a crash
    assert_true(st.status_error);
    assert_true(tui_vocab_open(&st, f.t.in, true));
    assert_true(st.vocab_on);
    // The default sample has no dimensions.csv: the names stand alone; every token's row.
    assert_true(has_line(&st, "no dimensions.csv", "animal"));
    assert_true(has_line(&st, "sat", "action 1"));
    assert_true(has_line(&st, "mat", "object 1, place 1"));
    tui_vocab_close(&st);
    assert_false(st.vocab_on);
    assert_int_equal(st.vocab.n, 0);
    tui_state_free(&st);
    fixture_free(&f);
}

static void lexicon_meanings_and_lookups(void **state)
{
    (void)state;
    Fixture f;
    assert_int_equal(fixture_load(&f, "samples/everyday", "the dogs chased a glorp"), 0);
    TuiOptions o = {.own_embeddings = true};
    TuiState st;
    AtError e = {0};
    assert_int_equal(tui_state_init(&st, &f.t, &o, &e), 0);
    assert_true(tui_vocab_open(&st, f.t.in, true));
    // dimensions.csv's meanings, one a line; how each word found its row.
    assert_true(has_line(&st, "animal", "animal"));
    assert_true(has_line(&st, "dogs", "dog"));
    assert_true(has_line(&st, "chased", "chase"));
    assert_true(has_line(&st, "glorp", "not in the vocabulary"));
    size_t with_meanings = st.vocab.n;
    // Not the sample's own embeddings (-e): no meanings, the names on one line.
    assert_true(tui_vocab_open(&st, f.t.in, false)); // opening again replaces the lines
    assert_true(has_line(&st, "no dimensions.csv", NULL));
    assert_true(st.vocab.n < with_meanings);
    tui_state_free(&st); // frees the view's lines too (valgrind, ASan)
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_on_embeddings),
        cmocka_unit_test(lexicon_meanings_and_lookups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
