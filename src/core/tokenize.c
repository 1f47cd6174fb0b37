// tokenize.c — UTF-8 sentence → tokens, with CJK longest match against a vocabulary.
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "i18n.h"
#include "tokenize.h"
#include "utf8.h"

static bool is_cjk(wchar_t c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x20000 && c <= 0x2FA1F);
}

// A character that always stands alone: ASCII punctuation, CJK and full-width marks.
static bool is_mark(wchar_t c)
{
    if (c < 0x80)
        return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) ||
               (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
           (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
           (c >= 0xFF5B && c <= 0xFF65);
}

typedef struct {
    const char *p; // start of the character in the sentence
    size_t len;    // its bytes
    wchar_t wc;
} Char;

static int push(TokenList *out, const char *p, size_t len, size_t max_tokens, AtError *e)
{
    if (out->n >= max_tokens)
        return at_fail(e, AT_EINPUT, _("sentence: more than %zu tokens (the limit; see --max-tokens)"),
                       max_tokens);
    char **grown = realloc(out->tok, (out->n + 1) * sizeof *grown);
    if (!grown)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    out->tok = grown;
    char *t = malloc(len + 1);
    if (!t)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    memcpy(t, p, len);
    t[len] = '\0';
    out->tok[out->n++] = t;
    return 0;
}

// The vocabulary sorted by bytes, for a binary search: a vocabulary can have a million
// words and a CJK run tries up to TOKENIZE_MAX_CJK_WORD - 1 lengths at every character.
typedef struct {
    const char *w;
    size_t len;
} Word;

typedef struct {
    Word *w;
    size_t n;
} Vocab;

static int word_cmp(const void *a, const void *b)
{
    const Word *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->w, y->w, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static int vocab_init(Vocab *v, const char *const *vocab, size_t nvocab)
{
    v->n = 0;
    v->w = malloc((nvocab ? nvocab : 1) * sizeof *v->w);
    if (!v->w)
        return -1;
    for (size_t k = 0; k < nvocab; k++)
        v->w[v->n++] = (Word){vocab[k], strlen(vocab[k])};
    qsort(v->w, v->n, sizeof *v->w, word_cmp);
    return 0;
}

static bool in_vocab(const char *p, size_t len, const void *ctx)
{
    const Vocab *v = ctx;
    Word key = {p, len};
    return v->n && bsearch(&key, v->w, v->n, sizeof *v->w, word_cmp) != NULL;
}

// Split the CJK run c[0..m) by longest match: at each position take the longest
// vocabulary word (up to TOKENIZE_MAX_CJK_WORD characters), else one character.
static int split_cjk(const Char *c, size_t m, TokenKnownFn known, const void *ctx,
                     size_t max_tokens, TokenList *out, AtError *e)
{
    size_t at = 0;
    while (at < m) {
        size_t take = 1;
        size_t longest = m - at < TOKENIZE_MAX_CJK_WORD ? m - at : TOKENIZE_MAX_CJK_WORD;
        for (size_t len = longest; len >= 2; len--) {
            size_t bytes = (size_t)(c[at + len - 1].p + c[at + len - 1].len - c[at].p);
            if (known && known(c[at].p, bytes, ctx)) {
                take = len;
                break;
            }
        }
        size_t bytes = (size_t)(c[at + take - 1].p + c[at + take - 1].len - c[at].p);
        if (push(out, c[at].p, bytes, max_tokens, e) != 0)
            return -1;
        at += take;
    }
    return 0;
}

// Decode the whole sentence first, so that every error is found before any token is made.
static int decode(const char *s, Char **chars, size_t *count, AtError *e)
{
    size_t len = strlen(s), n = 0;
    Char *c = malloc((len + 1) * sizeof *c);
    if (!c)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    for (size_t at = 0; at < len;) {
        Utf8Char u = utf8_char(s + at, len - at);
        if (!u.valid) {
            free(c);
            return at_fail(e, AT_EINPUT, _("sentence: invalid UTF-8 at byte %zu (0x%02x)"), at + 1,
                           (unsigned char)s[at]);
        }
        if (iswcntrl((wint_t)u.wc) && !iswspace((wint_t)u.wc)) {
            free(c);
            return at_fail(e, AT_EINPUT, _("sentence: control character U+%04X at byte %zu"),
                           (unsigned)u.wc, at + 1);
        }
        c[n++] = (Char){s + at, u.len, u.wc};
        at += u.len;
    }
    *chars = c;
    *count = n;
    return 0;
}

int tokenize(const char *sentence, const char *const *vocab, size_t nvocab, size_t max_tokens,
             TokenList *out, AtError *e)
{
    out->tok = NULL;
    out->n = 0;
    Vocab v;
    if (vocab_init(&v, vocab, nvocab) != 0)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    int rc = tokenize_with(sentence, in_vocab, &v, max_tokens, out, e);
    free(v.w);
    return rc;
}

int tokenize_with(const char *sentence, TokenKnownFn known, const void *ctx, size_t max_tokens,
                  TokenList *out, AtError *e)
{
    out->tok = NULL;
    out->n = 0;
    Char *c = NULL;
    size_t m = 0;
    if (decode(sentence, &c, &m, e) != 0)
        return -1;
    int rc = 0;
    for (size_t at = 0; at < m && rc == 0;) {
        if (iswspace((wint_t)c[at].wc)) {
            at++;
        } else if (is_mark(c[at].wc)) {
            rc = push(out, c[at].p, c[at].len, max_tokens, e);
            at++;
        } else if (is_cjk(c[at].wc)) {
            size_t end = at;
            while (end < m && is_cjk(c[end].wc))
                end++;
            rc = split_cjk(c + at, end - at, known, ctx, max_tokens, out, e);
            at = end;
        } else {
            size_t end = at;
            while (end < m && !iswspace((wint_t)c[end].wc) && !is_mark(c[end].wc) &&
                   !is_cjk(c[end].wc))
                end++;
            rc = push(out, c[at].p, (size_t)(c[end - 1].p + c[end - 1].len - c[at].p),
                      max_tokens, e);
            at = end;
        }
    }
    free(c);
    if (rc == 0 && out->n == 0)
        rc = at_fail(e, AT_EINPUT, _("sentence: no tokens (the sentence is empty or only spaces)"));
    if (rc != 0)
        tokens_free(out);
    return rc;
}

void tokens_free(TokenList *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->tok[i]);
    free(t->tok);
    t->tok = NULL;
    t->n = 0;
}
