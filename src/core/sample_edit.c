// sample_edit.c — deep copies and edits of the Inputs (see sample_edit.h).
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sample_edit.h"

static char *dup_or_null(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d)
        *failed = true;
    else
        memcpy(d, s, n);
    return d;
}

static char **dup_names(char *const *names, size_t n, bool *failed)
{
    if (!names)
        return NULL;
    char **d = calloc(n ? n : 1, sizeof *d);
    if (!d) {
        *failed = true;
        return NULL;
    }
    for (size_t k = 0; k < n; k++)
        d[k] = dup_or_null(names[k], failed);
    return d;
}

static void dup_matrix(Matrix *dst, const Matrix *src, bool *failed)
{
    if (src->rows * src->cols == 0) {
        *dst = (Matrix){src->rows, src->cols, NULL};
        return;
    }
    if (mat_copy(dst, src) != 0) {
        *dst = (Matrix){0, 0, NULL};
        *failed = true;
    }
}

int inputs_copy(Inputs *dst, const Inputs *src, AtError *e)
{
    memset(dst, 0, sizeof *dst);
    bool failed = false;
    size_t n = src->tokens.n;
    dst->sample_dir = dup_or_null(src->sample_dir, &failed);
    dst->sentence = dup_or_null(src->sentence, &failed);
    dst->tokens.tok = dup_names(src->tokens.tok, n, &failed);
    dst->tokens.n = dst->tokens.tok ? n : 0;
    dst->generated = calloc(n ? n : 1, sizeof *dst->generated);
    if (!dst->generated)
        failed = true;
    else if (n)
        memcpy(dst->generated, src->generated, n * sizeof *dst->generated);
    dst->n_generated = src->n_generated;
    dup_matrix(&dst->X, &src->X, &failed);
    dst->dims = dup_names(src->dims, src->X.cols, &failed);
    if (dst->X.cols != src->X.cols && dst->dims) { // X failed: free the names by count
        for (size_t k = 0; k < src->X.cols; k++)
            free(dst->dims[k]);
        free(dst->dims);
        dst->dims = NULL;
    }
    for (int w = 0; w < 3; w++) {
        dup_matrix(&dst->W[w], &src->W[w], &failed);
        dst->wcols[w] = dup_names(src->wcols[w], src->W[w].cols, &failed);
        if (dst->W[w].cols != src->W[w].cols && dst->wcols[w]) {
            for (size_t k = 0; k < src->W[w].cols; k++)
                free(dst->wcols[w][k]);
            free(dst->wcols[w]);
            dst->wcols[w] = NULL;
        }
        dst->w_generated[w] = src->w_generated[w];
    }
    dst->x_file = src->x_file;
    for (int k = 0; k < 5; k++)
        dst->source[k] = dup_or_null(src->source[k], &failed);
    dst->sentence_path = dup_or_null(src->sentence_path, &failed);
    dst->infl_source = dup_or_null(src->infl_source, &failed);
    dst->src_path = dup_or_null(src->src_path, &failed);
    if (!lookups_copy(&dst->lookup, src->lookup, dst->tokens.n))
        failed = true;
    // Cross-attention: the source sentence and its embeddings.
    size_t m = src->src_tokens.n;
    dst->has_source = src->has_source;
    dst->src_sentence = dup_or_null(src->src_sentence, &failed);
    dst->src_tokens.tok = m ? dup_names(src->src_tokens.tok, m, &failed) : NULL;
    dst->src_tokens.n = dst->src_tokens.tok ? m : 0;
    if (!lookups_copy(&dst->src_lookup, src->src_lookup, dst->src_tokens.n))
        failed = true;
    if (m) {
        dst->src_generated = calloc(m, sizeof *dst->src_generated);
        if (!dst->src_generated)
            failed = true;
        else
            memcpy(dst->src_generated, src->src_generated, m * sizeof *dst->src_generated);
    }
    dst->n_src_generated = src->n_src_generated;
    dup_matrix(&dst->X_src, &src->X_src, &failed);
    // Several heads: the output projection.
    dup_matrix(&dst->W_O, &src->W_O, &failed);
    if (src->W_O.cols && dst->W_O.cols == src->W_O.cols)
        dst->wo_cols = dup_names(src->wo_cols, src->W_O.cols, &failed);
    dst->wo_generated = src->wo_generated;
    // Grouped-query heads: H, G and concat's column names.
    dst->heads = src->heads, dst->kv_heads = src->kv_heads, dst->d_concat = src->d_concat;
    dst->concat_cols = dup_names(src->concat_cols, src->d_concat, &failed);
    if (failed) {
        inputs_free(dst);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    return 0;
}

size_t inputs_token_count(const Inputs *in, size_t i)
{
    if (i >= in->tokens.n)
        return 0;
    size_t count = 0;
    for (size_t k = 0; k < in->tokens.n; k++)
        count += strcmp(in->tokens.tok[k], in->tokens.tok[i]) == 0;
    return count;
}

bool inputs_embedding_row(const Inputs *in, size_t i, bool src, size_t k)
{
    if (i >= in->X.rows || i >= in->tokens.n)
        return false;
    const char *tok = in->tokens.tok[i];
    if (src) // the same token in the source sentence (cross-attention) has the same vector
        return in->has_source && k < in->X_src.rows && k < in->src_tokens.n &&
               strcmp(in->src_tokens.tok[k], tok) == 0;
    return k < in->X.rows && k < in->tokens.n && (k == i || strcmp(in->tokens.tok[k], tok) == 0);
}

size_t inputs_set_embedding(Inputs *in, size_t i, size_t d, double value)
{
    if (i >= in->X.rows || i >= in->tokens.n || d >= in->X.cols)
        return 0;
    size_t count = 0;
    for (size_t k = 0; k < in->X.rows; k++)
        if (inputs_embedding_row(in, i, false, k)) {
            mat_set(&in->X, k, d, value);
            count++;
        }
    for (size_t k = 0; k < in->X_src.rows; k++)
        if (inputs_embedding_row(in, i, true, k)) {
            mat_set(&in->X_src, k, d, value);
            count++;
        }
    return count;
}
