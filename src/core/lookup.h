// lookup.h — which row of a vocabulary a token uses: the lexicon's lookup rules.
//
// In order, the first row found wins:
//   1. the token as written;
//   2. its ASCII lower case;
//   with rules (the sample has an inflections.csv), for a word of ASCII letters only:
//   3. inflections.csv: form → lemma (went → go), when the lemma is a row;
//   4. LOOKUP_RULES, in order, on the lower-case word: a rule applies when the word ends
//      with its suffix and at least 2 letters remain; its candidate counts when it is a
//      row, and for the last four (the adjective rules) only when that row's modifier
//      value is above 0;
//   5. none: the token's vector is generated.
// scripts/lexicon_lookup.py is the same in Python; tests/e2e/lexicon_lookup.sh checks that
// the two agree on every token of the test sentences.
#ifndef ATTNTRACE_LOOKUP_H
#define ATTNTRACE_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { LOOK_EXACT, LOOK_LOWER, LOOK_INFLECTION, LOOK_RULE, LOOK_GENERATED } LookHow;

typedef struct {
    const char *suffix, *replacement;
    bool modifier_only; // counts only when the row's modifier is above 0
} LookupRule;

#define LOOKUP_NRULES 12
extern const LookupRule LOOKUP_RULES[LOOKUP_NRULES];

// The vocabulary, as the lookup asks about it.
typedef struct {
    bool (*is_row)(const char *word, const void *ctx);
    double (*modifier)(const char *word, const void *ctx);   // of a row; 0 without the dimension
    const char *(*lemma)(const char *form, const void *ctx); // inflections.csv, or NULL
    const void *ctx;
    bool rules; // steps 3 and 4 (the sample has an inflections.csv)
} LookupVocab;

// How one token found its row.
typedef struct {
    LookHow how;
    int rule;  // LOOK_RULE: the index in LOOKUP_RULES
    char *row; // the row's label (malloc'd); NULL when generated
} TokenLookup;

// Is s a word of ASCII letters (not empty)? Only those get steps 3 and 4.
bool lookup_ascii_word(const char *s);
// A malloc'd copy of s with A-Z lowered (nothing else changes); NULL: out of memory.
char *lookup_lower(const char *s);
// Rule k's candidate for the lower-case word `low` (malloc'd), or NULL with *applies
// false when the word does not end with the suffix or fewer than 2 letters would remain
// (NULL with *applies true: out of memory).
char *lookup_rule_candidate(const char *low, int k, bool *applies);

// Find token's row: 0 with *out filled, -1 when out of memory.
int lookup_token(const char *token, const LookupVocab *v, TokenLookup *out);
void lookup_free(TokenLookup *l);
// n lookups freed, and the array.
void lookups_free(TokenLookup *l, size_t n);
// A deep copy of n lookups (NULL stays NULL); false when out of memory.
bool lookups_copy(TokenLookup **dst, const TokenLookup *src, size_t n);

// How it was found, for people: "as written", "lower case", "inflection", "rule -ies → -y",
// "rule -s", "generated".
const char *lookup_how_text(const TokenLookup *l, char *buf, size_t size);

#endif
