// lookup.c — the lexicon's lookup rules (see lookup.h).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"

// WordNet's detachment rules (morphy), merged into one list, in the order they are tried.
const LookupRule LOOKUP_RULES[LOOKUP_NRULES] = {
    {"s", "", false},      // cats → cat, likes → like, horses → horse
    {"es", "", false},     // boxes → box, goes → go
    {"ies", "y", false},   // babies → baby
    {"men", "man", false}, // women → woman
    {"ed", "e", false},    // liked → like
    {"ed", "", false},     // jumped → jump
    {"ing", "e", false},   // making → make
    {"ing", "", false},    // playing → play
    {"er", "", true},      // taller → tall
    {"est", "", true},     // tallest → tall
    {"er", "e", true},     // nicer → nice
    {"est", "e", true},    // nicest → nice
};

#define MIN_STEM 2 // letters that must remain when a suffix is taken off

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

bool lookup_ascii_word(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
            return false;
    return true;
}

char *lookup_lower(const char *s)
{
    char *d = dup(s);
    for (char *c = d; c && *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return d;
}

char *lookup_rule_candidate(const char *low, int k, bool *applies)
{
    const LookupRule *r = &LOOKUP_RULES[k];
    size_t n = strlen(low), ns = strlen(r->suffix), nr = strlen(r->replacement);
    *applies = n >= ns + MIN_STEM && strcmp(low + n - ns, r->suffix) == 0;
    if (!*applies)
        return NULL;
    char *c = malloc(n - ns + nr + 1);
    if (c) {
        memcpy(c, low, n - ns);
        memcpy(c + n - ns, r->replacement, nr + 1);
    }
    return c;
}

// *out = {how, rule, a copy of row}; -1 when out of memory.
static int found(TokenLookup *out, LookHow how, int rule, const char *row)
{
    *out = (TokenLookup){how, rule, row ? dup(row) : NULL};
    return row && !out->row ? -1 : 0;
}

int lookup_token(const char *token, const LookupVocab *v, TokenLookup *out)
{
    *out = (TokenLookup){LOOK_GENERATED, -1, NULL};
    if (v->is_row(token, v->ctx)) // 1. as written
        return found(out, LOOK_EXACT, -1, token);
    char *low = lookup_lower(token);
    if (!low)
        return -1;
    int rc = 0;
    if (v->is_row(low, v->ctx)) { // 2. lower case
        rc = found(out, LOOK_LOWER, -1, low);
    } else if (v->rules && lookup_ascii_word(low)) {
        const char *lemma = v->lemma ? v->lemma(low, v->ctx) : NULL;
        if (lemma && v->is_row(lemma, v->ctx)) { // 3. inflections.csv
            rc = found(out, LOOK_INFLECTION, -1, lemma);
        } else {
            for (int k = 0; k < LOOKUP_NRULES; k++) { // 4. the regular rules
                bool applies;
                char *cand = lookup_rule_candidate(low, k, &applies);
                if (!applies)
                    continue;
                if (!cand) {
                    rc = -1;
                    break;
                }
                bool ok = v->is_row(cand, v->ctx) &&
                          (!LOOKUP_RULES[k].modifier_only || v->modifier(cand, v->ctx) > 0);
                if (ok)
                    rc = found(out, LOOK_RULE, k, cand);
                free(cand);
                if (ok)
                    break;
            }
        }
    }
    free(low);
    return rc;
}

void lookup_free(TokenLookup *l)
{
    free(l->row);
    l->row = NULL;
}

void lookups_free(TokenLookup *l, size_t n)
{
    for (size_t i = 0; l && i < n; i++)
        lookup_free(&l[i]);
    free(l);
}

bool lookups_copy(TokenLookup **dst, const TokenLookup *src, size_t n)
{
    *dst = NULL;
    if (!src)
        return true;
    TokenLookup *d = calloc(n ? n : 1, sizeof *d);
    if (!d)
        return false;
    for (size_t i = 0; i < n; i++) {
        d[i] = src[i];
        d[i].row = src[i].row ? dup(src[i].row) : NULL;
        if (src[i].row && !d[i].row) {
            lookups_free(d, i);
            return false;
        }
    }
    *dst = d;
    return true;
}

const char *lookup_how_text(const TokenLookup *l, char *buf, size_t size)
{
    switch (l->how) {
    case LOOK_EXACT: return _("as written");
    case LOOK_LOWER: return _("lower case");
    case LOOK_INFLECTION: return _("inflection");
    case LOOK_RULE: {
        const LookupRule *r = &LOOKUP_RULES[l->rule];
        if (r->replacement[0])
            snprintf(buf, size, _("rule -%s → -%s"), r->suffix, r->replacement);
        else
            snprintf(buf, size, _("rule -%s"), r->suffix);
        return buf;
    }
    case LOOK_GENERATED: break;
    }
    return _("generated");
}
