// tokenize.h — a UTF-8 sentence → a list of tokens. The width of text is utf8.h's.
//
// Rules: white space separates tokens; each ASCII punctuation character, and each
// CJK or full-width punctuation mark, is a token of its own; a run of CJK characters
// (written without spaces) is split by longest match against the vocabulary, falling
// back to single characters. Needs a UTF-8 LC_CTYPE (main.c makes sure of it).
#ifndef ATTNTRACE_TOKENIZE_H
#define ATTNTRACE_TOKENIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

typedef struct {
    char **tok; // owned, NUL-terminated UTF-8
    size_t n;
} TokenList;

// The longest CJK word the longest-match search tries, in characters.
#define TOKENIZE_MAX_CJK_WORD 8

// Split `sentence` into tokens. `vocab` (may be NULL when nvocab is 0) lists the
// known words for the CJK longest match. More than max_tokens tokens is an error
// naming the limit. Invalid UTF-8 and control characters are errors (status 2).
int tokenize(const char *sentence, const char *const *vocab, size_t nvocab,
             size_t max_tokens, TokenList *out, AtError *e);
// The same with the vocabulary as a question: known(p, len, ctx) says whether the len
// bytes at p are a word (known may be NULL: none is). The longest match asks it for
// each CJK run's substrings of 2 to TOKENIZE_MAX_CJK_WORD characters, longest first;
// nothing else depends on the vocabulary (white space and marks split the rest).
typedef bool (*TokenKnownFn)(const char *p, size_t len, const void *ctx);
int tokenize_with(const char *sentence, TokenKnownFn known, const void *ctx, size_t max_tokens,
                  TokenList *out, AtError *e);
void tokens_free(TokenList *t);

#endif
