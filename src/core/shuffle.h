// shuffle.h — the sentence with its words reordered (--shuffle SEED), by a permutation
// that SEED fixes on every machine:
//
//   state = SEED XOR 0x9E3779B97F4A7C15 (0 is replaced by that constant)
//   next  = xorshift64: x ^= x << 13; x ^= x >> 7; x ^= x << 17
//   Fisher–Yates: perm = 0, 1, … n−1; for k = n−1 down to 1: j = next mod (k+1),
//                 swap perm[k] and perm[j]
//
// perm[k] is the original place (0-based) of the word now at place k.
#ifndef ATTNTRACE_SHUFFLE_H
#define ATTNTRACE_SHUFFLE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "sample.h"

// The xorshift64 step above, exposed for tests.
uint64_t shuffle_next(uint64_t *state);
// perm[0..n) for SEED, as above.
void shuffle_permutation(uint64_t seed, size_t n, size_t *perm);
// Reorder the sentence's tokens (and their embeddings rows, lookups and generated marks)
// by perm: token k becomes the original token perm[k]; the sentence text becomes the
// reordered tokens joined by spaces; in->order follows (the composition, NULL again when
// it is the sentence as written). The source sentence is left alone. The token and mark
// arrays are new: the old ones go to *old_tok and *old_gen (the strings are the same;
// free the arrays only), or are freed when those are NULL. On failure nothing changes.
int inputs_permute(Inputs *in, const size_t *perm, char ***old_tok, bool **old_gen,
                   AtError *e);
// --shuffle SEED: inputs_permute by shuffle_permutation(SEED), remembered in in->order
// and in->order_seed.
int inputs_shuffle(Inputs *in, uint64_t seed, AtError *e);
// "3 1 2": 1-based perm, for notes; buf of size bytes.
void shuffle_describe(const size_t *perm, size_t n, char *buf, size_t size);

#endif
