// vocab_print.c — --vocab (see vocab_print.h).
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "i18n.h"
#include "print.h"
#include "utf8.h"
#include "vocab_print.h"

#define WORD_MAX 16 // columns kept of a long word

// Is `tok` among the words listed before (the tokens of the sentence, then the source's)?
static bool listed(const Inputs *in, bool source, size_t i, const char *tok)
{
    for (size_t k = 0; k < (source ? in->tokens.n : i); k++)
        if (strcmp(in->tokens.tok[k], tok) == 0)
            return true;
    for (size_t k = 0; source && k < i; k++)
        if (strcmp(in->src_tokens.tok[k], tok) == 0)
            return true;
    return false;
}

// How the word found its row: "as written", "lower case: dog", "inflections.csv:
// mouse", "rule -ies → -y: baby", or "not in the vocabulary (generated)".
static void found_text(const Inputs *in, const TokenLookup *l, bool generated, char *buf,
                       size_t size)
{
    if (generated || !l) {
        snprintf(buf, size, "%s",
                 in->x_file ? _("not in the vocabulary (generated)")
                            : _("generated (no embeddings file)"));
        return;
    }
    char how[64], *row = at_escape_dup(l->row);
    if (l->how == LOOK_EXACT)
        snprintf(buf, size, "%s", _("as written"));
    else
        snprintf(buf, size, "%s: %s",
                 l->how == LOOK_INFLECTION ? "inflections.csv"
                                           : lookup_how_text(l, how, sizeof how),
                 row ? row : "?");
    free(row);
}

// "animal 1, noun 1": the row's values other than 0, as the CSV writes numbers.
static void print_values(FILE *f, const Inputs *in, const double *x)
{
    size_t shown = 0;
    for (size_t d = 0; d < in->X.cols; d++) {
        if (x[d] == 0)
            continue;
        char num[CSVIO_NUMBER_MAX];
        csvio_format_number(num, x[d]);
        fputs(shown++ ? ", " : "", f);
        at_put_escaped(f, in->dims[d]);
        fprintf(f, " %s", num);
    }
    if (!shown)
        fputs(_("(all 0)"), f);
}

// The header: where the rows come from, and how words are looked up there.
static void print_source(FILE *f, const Inputs *in)
{
    char src[64];
    fprintf(f, _("vocabulary: %s%s, %zu dimensions\n"), inputs_from_file(in, 0) ? "" : _("none, "),
            inputs_source_text(in, 0, src, sizeof src), in->X.cols);
    if (!in->x_file)
        return;
    if (in->infl_source)
        fprintf(f, _("lookup: as written, lower case, %s, then the regular rules\n"), in->infl_source);
    else
        fputs(_("lookup: as written, then lower case\n"), f);
}

// The dimensions with their meanings, one a line; without meanings, their names on one
// line.
static void print_dimensions(FILE *f, const Inputs *in, char *const *meanings)
{
    if (!meanings) {
        fputs(_("dimensions (no dimensions.csv says what they mean):"), f);
        for (size_t d = 0; d < in->X.cols; d++) {
            fputc(' ', f);
            at_put_escaped(f, in->dims[d]);
        }
        fputc('\n', f);
        return;
    }
    int w = utf8_width(_("dimension"));
    for (size_t d = 0; d < in->X.cols; d++) {
        int dw = utf8_width(in->dims[d]);
        w = dw > w ? dw : w;
    }
    w = w > WORD_MAX ? WORD_MAX : w;
    fputc('\n', f);
    print_padded(f, _("dimension"), w, 0);
    fprintf(f, "  %s\n", _("means"));
    for (size_t d = 0; d < in->X.cols; d++) {
        char name[WORD_MAX * 4 + 8];
        at_escape(name, sizeof name, in->dims[d]);
        if (!meanings[d]) {
            fprintf(f, "%s\n", name);
            continue;
        }
        print_padded(f, name, w, 0);
        fputs("  ", f);
        at_put_escaped(f, meanings[d]);
        fputc('\n', f);
    }
}

int print_vocab(FILE *f, const Inputs *in, char *const *meanings, AtError *e)
{
    (void)e;
    print_source(f, in);
    print_dimensions(f, in, meanings);
    // Column widths: the words (with the * of a generated one), then how each was found.
    int ww = utf8_width(_("word")), hw = utf8_width(_("found"));
    char found[256], word[WORD_MAX * 4 + 8];
    for (int side = 0; side < 2; side++) {
        const TokenList *t = side ? &in->src_tokens : &in->tokens;
        const bool *gen = side ? in->src_generated : in->generated;
        const TokenLookup *look = side ? in->src_lookup : in->lookup;
        for (size_t i = 0; (!side || in->has_source) && i < t->n; i++) {
            at_escape(word, sizeof word - 1, t->tok[i]);
            int w = utf8_width(word) + gen[i];
            ww = w > ww ? w : ww;
            found_text(in, look ? &look[i] : NULL, gen[i], found, sizeof found);
            w = utf8_width(found);
            hw = w > hw ? w : hw;
        }
    }
    ww = ww > WORD_MAX ? WORD_MAX : ww;
    fputc('\n', f);
    print_padded(f, _("word"), ww, 0);
    fputs("  ", f);
    print_padded(f, _("found"), hw, 0);
    fprintf(f, "  %s\n", _("row (its values other than 0)"));
    for (int side = 0; side < 2; side++) {
        const TokenList *t = side ? &in->src_tokens : &in->tokens;
        const bool *gen = side ? in->src_generated : in->generated;
        const TokenLookup *look = side ? in->src_lookup : in->lookup;
        const Matrix *X = side ? &in->X_src : &in->X;
        for (size_t i = 0; (!side || in->has_source) && i < t->n; i++) {
            if (listed(in, side, i, t->tok[i]))
                continue;
            size_t n = at_escape_ex(word, sizeof word - 1, t->tok[i], false);
            if (gen[i])
                memcpy(word + n, "*", 2);
            print_padded(f, word, ww, 0);
            fputs("  ", f);
            found_text(in, look ? &look[i] : NULL, gen[i], found, sizeof found);
            print_padded(f, found, hw, 0);
            fputs("  ", f);
            print_values(f, in, mat_row(X, i));
            fputc('\n', f);
        }
    }
    return 0;
}
