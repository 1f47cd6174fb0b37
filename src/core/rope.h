// rope.h — rotary position embeddings (--rope): each head's slice of d_head columns of
// Q and K is turned pair by pair, by an angle that grows with the token's position.
//
//   θ_i = 10000^(−2i/d_head),  i = 0 … d_head/2 − 1     (the pair's frequency)
//   angle = p·θ_i                                        (p: the 0-based position)
//   [x'_2i  ]   [cos a  −sin a] [x_2i  ]
//   [x'_2i+1] = [sin a   cos a] [x_2i+1]                 (columns of the head's slice)
//
// A rotation keeps lengths, and two rotations compose: q rotated by p·θ and k by r·θ
// have q'·k' = Σ_i (rotation of q's pair by (p − r)·θ_i)·(k's pair), so a score depends
// on the positions only through the offset p − r.
#ifndef ATTNTRACE_ROPE_H
#define ATTNTRACE_ROPE_H

#include <stddef.h>

#include "matrix.h"

// θ_i for pair i of a head d_head wide.
double rope_theta(size_t pair, size_t d_head);
// Rotate the pair (x, y) by `angle`, in place.
void rope_rotate_pair(double *x, double *y, double angle);
// out = in with row r rotated as the token at position r, every head's slice of d_head
// columns on its own: (n×(H·d_head)) → (n×(H·d_head)). d_head must be even and divide
// in's width. 0, or -1 when out of memory.
int rope_apply(const Matrix *in, size_t d_head, Matrix *out);

#endif
