// shuffle.c — a documented permutation of the sentence's words (shuffle.h).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "shuffle.h"

#define SHUFFLE_MIX 0x9E3779B97F4A7C15ull

uint64_t shuffle_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

void shuffle_permutation(uint64_t seed, size_t n, size_t *perm)
{
    uint64_t state = seed ^ SHUFFLE_MIX;
    if (state == 0)
        state = SHUFFLE_MIX;
    for (size_t k = 0; k < n; k++)
        perm[k] = k;
    for (size_t k = n; k-- > 1;) {
        size_t j = (size_t)(shuffle_next(&state) % (uint64_t)(k + 1));
        size_t tmp = perm[k];
        perm[k] = perm[j];
        perm[j] = tmp;
    }
}

void shuffle_describe(const size_t *perm, size_t n, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n && at + 24 < size; k++)
        at += (size_t)snprintf(buf + at, size - at, "%s%zu", k ? " " : "", perm[k] + 1);
    if (at + 24 >= size && n > 0 && size > 4)
        snprintf(buf + (at < size - 4 ? at : size - 4), 4, "…");
}

int inputs_permute(Inputs *in, const size_t *perm, char ***old_tok, bool **old_gen,
                   AtError *e)
{
    size_t n = in->tokens.n, d = in->X.cols, len = 0;
    char **tok = malloc(n * sizeof *tok + 1);
    bool *gen = malloc(n * sizeof *gen + 1);
    TokenLookup *look = in->lookup ? malloc(n * sizeof *look + 1) : NULL;
    size_t *order = malloc(n * sizeof *order + 1);
    Matrix X = {0};
    if (!tok || !gen || !order || (in->lookup && !look) || mat_init(&X, n, d) != 0) {
        free(tok), free(gen), free(look), free(order);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    // X' (n×d): row k = X[perm[k]]; the labels and marks move with their rows
    bool identity = true;
    for (size_t k = 0; k < n; k++) {
        tok[k] = in->tokens.tok[perm[k]];
        gen[k] = in->generated[perm[k]];
        if (look)
            look[k] = in->lookup[perm[k]];
        memcpy(mat_row(&X, k), mat_row(&in->X, perm[k]), d * sizeof(double));
        len += strlen(tok[k]) + 1;
        order[k] = in->order ? in->order[perm[k]] : perm[k]; // back to the sentence as written
        identity = identity && order[k] == k;
    }
    char *sentence = malloc(len + 1);
    if (!sentence) {
        free(tok), free(gen), free(look), free(order), mat_free(&X);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    sentence[0] = '\0';
    for (size_t k = 0, at = 0; k < n; k++)
        at += (size_t)sprintf(sentence + at, "%s%s", k ? " " : "", tok[k]);
    if (old_tok)
        *old_tok = in->tokens.tok;
    else
        free(in->tokens.tok);
    if (old_gen)
        *old_gen = in->generated;
    else
        free(in->generated);
    in->tokens.tok = tok;
    in->generated = gen;
    if (look) {
        memcpy(in->lookup, look, n * sizeof *look);
        free(look);
    }
    mat_free(&in->X);
    in->X = X;
    free(in->sentence);
    in->sentence = sentence;
    free(in->order);
    in->order = identity ? NULL : order;
    if (identity)
        free(order);
    return 0;
}

int inputs_shuffle(Inputs *in, uint64_t seed, AtError *e)
{
    size_t n = in->tokens.n, *perm = malloc(n * sizeof *perm + 1);
    if (!perm)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    shuffle_permutation(seed, n, perm);
    int rc = inputs_permute(in, perm, NULL, NULL, e);
    if (rc == 0 && !in->order) { // the permutation left every word in place: say so anyway
        in->order = perm;
        perm = NULL;
    }
    free(perm);
    if (rc == 0)
        in->order_seed = seed;
    return rc;
}
