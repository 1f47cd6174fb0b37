// matrix.h — a dense, row-major matrix of doubles and the few operations attention needs.
//
// Shapes are written (rows×cols). Every function that allocates returns 0 or -1
// (out of memory, or rows×cols×8 would not fit in size_t); none prints.
#ifndef ATTNTRACE_MATRIX_H
#define ATTNTRACE_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    size_t rows, cols;
    double *v; // v[i*cols + j]
} Matrix;

// Allocate a zeroed (rows×cols) matrix. rows or cols may be 0 (then v is NULL).
int mat_init(Matrix *m, size_t rows, size_t cols);
void mat_free(Matrix *m);
int mat_copy(Matrix *dst, const Matrix *src);

static inline double mat_get(const Matrix *m, size_t i, size_t j) { return m->v[i * m->cols + j]; }
static inline void mat_set(Matrix *m, size_t i, size_t j, double x) { m->v[i * m->cols + j] = x; }
static inline double *mat_row(const Matrix *m, size_t i) { return m->v + i * m->cols; }

// out = a·b, (n×k)·(k×m) → (n×m). out must not alias a or b.
int mat_matmul(const Matrix *a, const Matrix *b, Matrix *out);
// out = a·bᵀ, (n×k)·(m×k)ᵀ → (n×m): out[i][j] = a_i · b_j.
int mat_matmul_bt(const Matrix *a, const Matrix *b, Matrix *out);
// The same by the formula as written, one dot product per cell: the slow reference that
// mat_matmul_bt must match bit for bit (tests/unit/core/test_matrix.c).
int mat_matmul_bt_naive(const Matrix *a, const Matrix *b, Matrix *out);
// out = a[:, c0:c1], the columns [c0, c1) of a: (n×k) → (n×(c1−c0)).
int mat_slice_cols(const Matrix *a, size_t c0, size_t c1, Matrix *out);
// dst[:, c0:c0+src.cols] = src, in place: src (n×w) into columns of dst (n×m).
void mat_put_cols(Matrix *dst, size_t c0, const Matrix *src);
// m *= s, in place.
void mat_scale(Matrix *m, double s);
// Causal mask, in place, (n×n): m[i][j] = -inf for every j > i.
void mat_mask_causal(Matrix *m);
// out = softmax of each row of in, with the row maximum subtracted first.
// -inf cells give exactly 0. Returns -1 with *bad_row set if a row is entirely -inf.
int mat_softmax_rows(const Matrix *in, Matrix *out, size_t *bad_row);
// True when every cell is finite or -inf (no +inf, no NaN); *where gets the first bad cell.
bool mat_all_sane(const Matrix *m, size_t *bad_i, size_t *bad_j);
// Largest |x| over the finite cells (0 when there are none).
double mat_max_abs(const Matrix *m);

// ─── one row, reduced ───────────────────────────────────────────────────────────
// *at = argmax_j m[i][j] (argmin: the smallest), over the finite cells of row i only:
// -inf (a masked cell), +inf and NaN never win. On a tie the first such column (lowest j)
// wins; 0 and -0 tie. False, *at untouched, when row i has no finite cell.
bool mat_row_argmax(const Matrix *m, size_t i, size_t *at);
bool mat_row_argmin(const Matrix *m, size_t i, size_t *at);
// Σ_j m[i][j], added in column order starting from 0. An infinite cell counts as 0 (a
// masked cell, -inf, holds no weight); a NaN makes the sum NaN. 0 for a row of no cells.
double mat_row_sum(const Matrix *m, size_t i);

#endif
