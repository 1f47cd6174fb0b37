// rope.c — rotary position embeddings: the rotation, pair by pair.
#include <math.h>

#include "rope.h"

// θ_i = 10000^(−2i/d_head)
double rope_theta(size_t pair, size_t d_head)
{
    return pow(10000.0, -2.0 * (double)pair / (double)d_head);
}

// (x, y) ← (x·cos a − y·sin a, x·sin a + y·cos a)
void rope_rotate_pair(double *x, double *y, double angle)
{
    double c = cos(angle), s = sin(angle), x0 = *x, y0 = *y;
    *x = x0 * c - y0 * s;
    *y = x0 * s + y0 * c;
}

int rope_apply(const Matrix *in, size_t d_head, Matrix *out)
{
    if (mat_copy(out, in) != 0)
        return -1;
    // (n×d_k): for row p, head slice [h·d_head, (h+1)·d_head), pair i = columns
    // (h·d_head + 2i, h·d_head + 2i + 1) rotated by p·θ_i
    for (size_t p = 0; p < out->rows; p++) {
        double *row = mat_row(out, p);
        for (size_t c0 = 0; c0 + d_head <= out->cols; c0 += d_head)
            for (size_t i = 0; 2 * i + 1 < d_head; i++)
                rope_rotate_pair(&row[c0 + 2 * i], &row[c0 + 2 * i + 1],
                                 (double)p * rope_theta(i, d_head));
    }
    return 0;
}
