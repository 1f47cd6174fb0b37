// lesson_focus.c — the row with a story (@focus, @top), ties, and how peaked a row is.
//
//   focus = the query row of weights with the largest weight, then the lowest entropy
//           −Σ_j w_j·ln w_j, then the first; among rows with two or more finite cells
//   top   = argmax_j weights[focus][j] (the first of a tie)
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lesson.h"

// Two values of one computation that tie: equal up to rounding in the last bits.
static bool same_value(double a, double b)
{
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-9 * scale;
}

const Matrix *lesson_mask_for(const Trace *t, const Stage *s)
{
    const Stage *m = s->id == ST_WEIGHTS ? trace_find_head(t, ST_MASKED, s->head) : NULL;
    return m ? &m->m : NULL;
}

// A cell that counts: finite, and not hidden by the mask.
static bool open_cell(const Matrix *m, const Matrix *mask, size_t i, size_t j)
{
    return isfinite(mat_get(m, i, j)) && (!mask || isfinite(mat_get(mask, i, j)));
}

size_t lesson_row_best(const Matrix *m, const Matrix *mask, size_t i, bool largest,
                       size_t *at, size_t max, size_t *finite)
{
    bool found = false;
    double bv = 0;
    for (size_t j = 0; j < m->cols; j++) {
        double x = mat_get(m, i, j);
        if (open_cell(m, mask, i, j) && (!found || (largest ? x > bv : x < bv))) {
            found = true;
            bv = x;
        }
    }
    size_t nf = 0, n = 0;
    for (size_t j = 0; j < m->cols; j++) {
        if (!open_cell(m, mask, i, j))
            continue;
        nf++;
        if (same_value(mat_get(m, i, j), bv)) {
            if (n < max)
                at[n] = j;
            n++;
        }
    }
    if (finite)
        *finite = nf;
    return n;
}

void lesson_row_peak(const Matrix *m, size_t i, double *max, double *entropy)
{
    double best = -INFINITY, h = 0;
    for (size_t j = 0; j < m->cols; j++) {
        double p = mat_get(m, i, j);
        if (!isfinite(p))
            continue;
        best = p > best ? p : best;
        if (p > 0)
            h -= p * log(p);
    }
    *max = best;
    *entropy = h;
}

// The weights the focus is chosen from (head 1's with several heads).
static const Stage *focus_weights(const Trace *t)
{
    const Stage *w = trace_find_lenient(t, "weights");
    return w && w->m.rows > 0 && w->m.cols > 0 ? w : NULL;
}

bool lesson_focus(const Trace *t, size_t *row)
{
    const Stage *w = focus_weights(t);
    if (!w)
        return false;
    // Rows that can attend to one key only (the first row under a causal mask) have no
    // choice to tell about; they count only when every row is like that.
    const Matrix *mask = lesson_mask_for(t, w);
    bool any_choice = false;
    for (size_t i = 0; i < w->m.rows && !any_choice; i++) {
        size_t finite;
        lesson_row_best(&w->m, mask, i, true, NULL, 0, &finite);
        any_choice = finite >= 2;
    }
    bool found = false;
    double best_max = 0, best_h = 0;
    for (size_t i = 0; i < w->m.rows; i++) {
        size_t finite;
        lesson_row_best(&w->m, mask, i, true, NULL, 0, &finite);
        if (finite == 0 || (any_choice && finite < 2))
            continue;
        double mx, h;
        lesson_row_peak(&w->m, i, &mx, &h);
        bool better = !found || (!same_value(mx, best_max) && mx > best_max) ||
                      (same_value(mx, best_max) && !same_value(h, best_h) && h < best_h);
        if (better) {
            found = true;
            *row = i;
            best_max = mx;
            best_h = h;
        }
    }
    return found;
}

bool lesson_top(const Trace *t, size_t *col)
{
    size_t i;
    if (!lesson_focus(t, &i))
        return false;
    return mat_row_argmax(&focus_weights(t)->m, i, col);
}

// Is this axis of s the sentence's tokens (the queries), or the keys' tokens?
static bool axis_is(const Stage *s, bool column, char *const *labels)
{
    return (column ? s->col_labels : s->row_labels) == labels;
}

long lesson_index(const Trace *t, const Stage *s, bool column, const char *spec, char *why,
                  size_t size)
{
    const char *axis = column ? "column" : "row";
    if (spec[0] == '@') {
        bool focus = strcmp(spec, "@focus") == 0, top = strcmp(spec, "@top") == 0;
        char *const *keys = t->cross ? t->in->src_tokens.tok : t->in->tokens.tok;
        size_t k = 0;
        const char *msg = NULL;
        if (!focus && !top)
            msg = "is not @focus or @top";
        else if (focus && !axis_is(s, column, t->in->tokens.tok))
            msg = "needs an axis of the sentence's tokens (the queries)";
        else if (top && !axis_is(s, column, keys))
            msg = "needs an axis of the keys' tokens";
        else if (!(focus ? lesson_focus(t, &k) : lesson_top(t, &k)))
            msg = "needs the attention weights";
        if (msg) {
            if (why)
                snprintf(why, size, "%s %s \"%s\" %s", s->name, axis, spec, msg);
            return -1;
        }
        return (long)k;
    }
    long k = stage_index(s, column, spec);
    if (k < 0 && why)
        snprintf(why, size, "%s has %zu %ss; no %s \"%s\"", s->name,
                 column ? s->m.cols : s->m.rows, axis, axis, spec);
    return k;
}
