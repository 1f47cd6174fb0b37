// sample_words.c — what the learner is told about the words of the Inputs: which ones
// are not in the vocabulary, and which were looked up as another row (cats → cat).
#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "strbuf.h"

// Does tok occur among the first k of toks?
static bool seen(char *const *toks, size_t k, const char *tok)
{
    for (size_t j = 0; j < k; j++)
        if (strcmp(toks[j], tok) == 0)
            return true;
    return false;
}

static void put_escaped(StrBuf *b, const char *text)
{
    char *shown = at_escape_dup(text);
    if (!shown)
        b->failed = true;
    else
        strbuf_puts(b, shown);
    free(shown);
}

// The string of b, or NULL when it is empty (*oom: or when memory ran out).
static char *close_list(StrBuf *b, size_t count, bool *oom)
{
    char *s = strbuf_close(b);
    *oom = !s;
    if (s && count == 0) {
        free(s);
        s = NULL;
    }
    return s;
}

char *inputs_unknown_words(const Inputs *in, const char *sep, bool *oom)
{
    *oom = false;
    if (!in->x_file)
        return NULL;
    StrBuf b;
    if (strbuf_open(&b) != 0) {
        *oom = true;
        return NULL;
    }
    size_t count = 0;
    for (int side = 0; side < 2; side++) {
        const TokenList *t = side ? &in->src_tokens : &in->tokens;
        const bool *gen = side ? in->src_generated : in->generated;
        for (size_t i = 0; gen && i < t->n; i++) {
            if (!gen[i] || seen(t->tok, i, t->tok[i]) ||
                (side && seen(in->tokens.tok, in->tokens.n, t->tok[i])))
                continue;
            if (count++)
                strbuf_puts(&b, sep);
            put_escaped(&b, t->tok[i]);
        }
    }
    return close_list(&b, count, oom);
}

char *inputs_looked_up_as(const Inputs *in, bool source, bool *oom)
{
    *oom = false;
    const TokenList *t = source ? &in->src_tokens : &in->tokens;
    const TokenLookup *look = source ? in->src_lookup : in->lookup;
    if (!look)
        return NULL;
    StrBuf b;
    if (strbuf_open(&b) != 0) {
        *oom = true;
        return NULL;
    }
    size_t count = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (look[i].how == LOOK_EXACT || look[i].how == LOOK_GENERATED ||
            seen(t->tok, i, t->tok[i]))
            continue;
        if (count++)
            strbuf_puts(&b, ", ");
        put_escaped(&b, t->tok[i]);
        strbuf_puts(&b, " → ");
        put_escaped(&b, look[i].row);
    }
    return close_list(&b, count, oom);
}
