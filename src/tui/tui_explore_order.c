// tui_explore_order.c — the word-order what-if (o), its parts below tui_explore.c (which
// calls them; tui_explore_order itself is there): the sentence's words reordered, the
// trace rebuilt, and the rows that are only the old rows moved found and marked. Without
// positions every row of every stage is such a row (attention has no sense of order);
// with --pos or --rope they are not. No curses here.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shuffle.h"
#include "tui_explore.h"

int tui_explore_reorder(TuiExplore *x, const size_t *perm, const TraceOptions *opt, Trace *t,
                        char ***old_tok, bool **old_gen, AtError *e)
{
    Inputs *in = &x->cur->in;
    size_t n = in->tokens.n, *inv = malloc(n * sizeof *inv + 1);
    if (!inv)
        return at_fail(e, AT_ERUNTIME, "out of memory");
    for (size_t k = 0; k < n; k++)
        inv[perm[k]] = k;
    int rc = inputs_permute(in, perm, old_tok, old_gen, e);
    if (rc == 0 && (rc = trace_build(in, opt, t, e)) != 0) { // put the words back
        char **tok = NULL;
        bool *gen = NULL;
        AtError ignored = {0};
        if (inputs_permute(in, inv, &tok, &gen, &ignored) == 0) {
            free(tok), free(gen); // the arrays of the failed order (strings kept)
            free(in->tokens.tok), free(in->generated); // back to the very arrays
            in->tokens.tok = *old_tok, in->generated = *old_gen;
            *old_tok = NULL, *old_gen = NULL;
        }
    }
    free(inv);
    return rc;
}

// Is row i of a the row before[perm[i]], its columns moved too when they are the
// sentence's tokens?
static bool row_moved(const TuiExplore *x, const Stage *a, const Stage *b, size_t i)
{
    const char *const *tok = (const char *const *)x->cur->in.tokens.tok;
    bool rows = (const char *const *)a->row_labels == tok;
    bool cols = (const char *const *)a->col_labels == tok;
    size_t bi = rows ? x->order_perm[i] : i;
    for (size_t j = 0; j < a->m.cols; j++) {
        size_t bj = cols ? x->order_perm[j] : j;
        double va = mat_get(&a->m, i, j), vb = mat_get(&b->m, bi, bj);
        if (isinf(va) || isinf(vb) ? va != vb : fabs(va - vb) > TUI_CHANGE_EPS)
            return false;
    }
    return true;
}

// Can a's rows be matched with before's: the same shape, and a's rows are the sentence?
static const Stage *comparable(const TuiExplore *x, const Stage *a)
{
    const Stage *b = x->has_prev ? trace_find(&x->prev_trace, a->name) : NULL;
    if (!x->order_perm || !b || strcmp(a->name, b->name) != 0 || b->m.rows != a->m.rows ||
        b->m.cols != a->m.cols || (const char *const *)a->row_labels !=
        (const char *const *)x->cur->in.tokens.tok)
        return NULL;
    return b;
}

void tui_explore_order_marks(TuiExplore *x)
{
    for (size_t k = 0; k < x->trace.count; k++) {
        const Stage *a = &x->trace.stage[k], *b = comparable(x, a);
        if (!b)
            continue;
        unsigned char *m = calloc(a->m.rows * a->m.cols + 1, 1);
        if (!m)
            continue; // no marks is better than no stepper
        size_t count = 0;
        for (size_t i = 0; i < a->m.rows; i++)
            if (row_moved(x, a, b, i))
                for (size_t j = 0; j < a->m.cols; j++, count++)
                    m[i * a->m.cols + j] = 1;
        x->mark[k] = m;
        x->marked[k] = count;
    }
}

size_t tui_explore_order_matches(const TuiExplore *x, const Stage *after, size_t *rows)
{
    const Stage *b = comparable(x, after);
    *rows = b ? after->m.rows : 0;
    size_t n = 0;
    for (size_t i = 0; b && i < after->m.rows; i++)
        n += row_moved(x, after, b, i);
    return n;
}
