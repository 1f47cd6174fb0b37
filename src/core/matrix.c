// matrix.c — dense row-major matrices; the arithmetic of self-attention.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "matrix.h"

int mat_init(Matrix *m, size_t rows, size_t cols)
{
    m->rows = rows;
    m->cols = cols;
    m->v = NULL;
    if (rows == 0 || cols == 0)
        return 0;
    if (rows > SIZE_MAX / cols || rows * cols > SIZE_MAX / sizeof(double))
        return -1;
    m->v = calloc(rows * cols, sizeof(double));
    return m->v ? 0 : -1;
}

void mat_free(Matrix *m)
{
    free(m->v);
    m->v = NULL;
    m->rows = m->cols = 0;
}

int mat_copy(Matrix *dst, const Matrix *src)
{
    if (mat_init(dst, src->rows, src->cols) != 0)
        return -1;
    if (src->v)
        memcpy(dst->v, src->v, src->rows * src->cols * sizeof(double));
    return 0;
}

// o[j] += a · b[j] for j < m: contiguous, independent lanes. Unrolled by four so that
// -O2 (whose cheap vectoriser skips the plain loop) packs them into SIMD instructions.
static void axpy(double *restrict o, double a, const double *restrict b, size_t m)
{
    size_t j = 0;
    for (; j + 4 <= m; j += 4) {
        o[j] += a * b[j];
        o[j + 1] += a * b[j + 1];
        o[j + 2] += a * b[j + 2];
        o[j + 3] += a * b[j + 3];
    }
    for (; j < m; j++)
        o[j] += a * b[j];
}

// out[i][c − c0] = a[i][c] for c0 ≤ c < c1, (n×k) → (n×(c1−c0))
int mat_slice_cols(const Matrix *a, size_t c0, size_t c1, Matrix *out)
{
    if (c0 > c1 || c1 > a->cols || mat_init(out, a->rows, c1 - c0) != 0)
        return -1;
    for (size_t i = 0; i < a->rows && c1 > c0; i++)
        memcpy(mat_row(out, i), mat_row(a, i) + c0, (c1 - c0) * sizeof(double));
    return 0;
}

// dst[i][c0 + c] = src[i][c], (n×w) into (n×m), c0 + w ≤ m
void mat_put_cols(Matrix *dst, size_t c0, const Matrix *src)
{
    for (size_t i = 0; i < src->rows && src->cols; i++)
        memcpy(mat_row(dst, i) + c0, mat_row(src, i), src->cols * sizeof(double));
}

// out[i][j] = Σ_k a[i][k] · b[k][j], (n×k)·(k×m) → (n×m)
int mat_matmul(const Matrix *a, const Matrix *b, Matrix *out)
{
    if (a->cols != b->rows || mat_init(out, a->rows, b->cols) != 0)
        return -1;
    // i-k-j order: the inner loop walks a row of b and a row of out, both contiguous.
    // Each out[i][j] still sums its terms in k order from 0.0, as the naive loop does.
    // (With m = 0 there is nothing to add, and no row pointer into an empty matrix.)
    for (size_t i = 0; i < a->rows && b->cols > 0; i++)
        for (size_t k = 0; k < a->cols; k++)
            axpy(mat_row(out, i), mat_get(a, i, k), mat_row(b, k), b->cols);
    return 0;
}

// out[i][j] = a_i · b_j = Σ_k a[i][k] · b[j][k], (n×k)·(m×k)ᵀ → (n×m)
int mat_matmul_bt(const Matrix *a, const Matrix *b, Matrix *out)
{
    if (a->cols != b->cols)
        return -1;
    // A dot product per cell is one long dependency chain and strides through b; instead
    // transpose b once (k×m, small: m·k doubles) and run the i-k-j product on it. Every
    // cell still starts from 0.0 and adds a[i][k]·b[j][k] for k = 0, 1, … in order: the
    // same roundings as mat_matmul_bt_naive, so the result is bit-identical (tested).
    Matrix bt;
    if (mat_init(&bt, b->cols, b->rows) != 0)
        return -1;
    for (size_t j = 0; j < b->rows; j++)
        for (size_t k = 0; k < b->cols; k++)
            mat_set(&bt, k, j, mat_get(b, j, k));
    int rc = mat_matmul(a, &bt, out);
    mat_free(&bt);
    return rc;
}

// out[i][j] = a_i · b_j = Σ_k a[i][k] · b[j][k], (n×k)·(m×k)ᵀ → (n×m), as written
int mat_matmul_bt_naive(const Matrix *a, const Matrix *b, Matrix *out)
{
    if (a->cols != b->cols || mat_init(out, a->rows, b->rows) != 0)
        return -1;
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < b->rows; j++) {
            double sum = 0.0;
            for (size_t k = 0; k < a->cols; k++)
                sum += mat_get(a, i, k) * mat_get(b, j, k);
            mat_set(out, i, j, sum);
        }
    return 0;
}

void mat_scale(Matrix *m, double s)
{
    for (size_t k = 0; k < m->rows * m->cols; k++)
        m->v[k] *= s;
}

// m[i][j] = -inf for j > i: query i may only look at keys 0..i.
void mat_mask_causal(Matrix *m)
{
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = i + 1; j < m->cols; j++)
            mat_set(m, i, j, -INFINITY);
}

// out[i][j] = exp(in[i][j] − max_i) / Σ_k exp(in[i][k] − max_i)
int mat_softmax_rows(const Matrix *in, Matrix *out, size_t *bad_row)
{
    if (mat_init(out, in->rows, in->cols) != 0) {
        if (bad_row)
            *bad_row = SIZE_MAX;
        return -1;
    }
    for (size_t i = 0; i < in->rows; i++) {
        if (in->cols == 0) { // a row of no cells has no maximum either (like all -inf)
            if (bad_row)
                *bad_row = i;
            mat_free(out);
            return -1;
        }
        const double *s = mat_row(in, i);
        double *w = mat_row(out, i);
        // pass 1: the row maximum, so every exponent is ≤ 0 and exp never overflows
        double max = -INFINITY;
        for (size_t j = 0; j < in->cols; j++)
            if (s[j] > max)
                max = s[j];
        if (max == -INFINITY) {
            if (bad_row)
                *bad_row = i;
            mat_free(out);
            return -1;
        }
        // pass 2: exp(s_ij − max) and their sum (the max term contributes 1, so sum ≥ 1)
        double sum = 0.0;
        for (size_t j = 0; j < in->cols; j++) {
            w[j] = exp(s[j] - max);
            sum += w[j];
        }
        // pass 3: normalise
        for (size_t j = 0; j < in->cols; j++)
            w[j] /= sum;
    }
    return 0;
}

bool mat_all_sane(const Matrix *m, size_t *bad_i, size_t *bad_j)
{
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++) {
            double x = mat_get(m, i, j);
            if (isnan(x) || x == INFINITY) {
                if (bad_i)
                    *bad_i = i;
                if (bad_j)
                    *bad_j = j;
                return false;
            }
        }
    return true;
}

double mat_max_abs(const Matrix *m)
{
    double best = 0.0;
    for (size_t k = 0; k < m->rows * m->cols; k++)
        if (isfinite(m->v[k]) && fabs(m->v[k]) > best)
            best = fabs(m->v[k]);
    return best;
}

// argmax_j (or argmin_j) of m[i][j] over the finite cells, (n×m) → one column
static bool row_extreme(const Matrix *m, size_t i, bool largest, size_t *at)
{
    bool found = false;
    size_t best = 0;
    for (size_t j = 0; j < m->cols; j++) {
        double x = mat_get(m, i, j), b = mat_get(m, i, best);
        if (!isfinite(x))
            continue;
        if (!found || (largest ? x > b : x < b)) { // strictly: the first of equals stays
            best = j;
            found = true;
        }
    }
    if (found)
        *at = best;
    return found;
}

bool mat_row_argmax(const Matrix *m, size_t i, size_t *at)
{
    return row_extreme(m, i, true, at);
}

bool mat_row_argmin(const Matrix *m, size_t i, size_t *at)
{
    return row_extreme(m, i, false, at);
}

// sum = Σ_j m[i][j], j = 0 … cols−1, with an infinite cell as 0
double mat_row_sum(const Matrix *m, size_t i)
{
    double sum = 0.0;
    for (size_t j = 0; j < m->cols; j++) {
        double x = mat_get(m, i, j);
        sum += isinf(x) ? 0.0 : x;
    }
    return sum;
}
