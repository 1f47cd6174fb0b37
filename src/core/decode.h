// decode.h — decoding token by token with a KV cache (--decode), beside the causal run.
//
// A decoder generates one token at a time: at step t (1-based) it computes only the new
// token's q_t, k_t, v_t from x_t (1×d_model), appends k_t and v_t to the cache of the
// keys and values of tokens 1..t, and attends with q_t over the cache alone:
//
//   q_t = x_t·W_Q (1×d_k)   k_t = x_t·W_K (1×d_kv)   v_t = x_t·W_V (1×d_v)
//   K[1..t] = [K[1..t−1]; k_t] (t×d_kv)   V[1..t] = [V[1..t−1]; v_t] (t×d_v)
//   scores = q_t·K[1..t]ᵀ / divisor (1×t)   weights = softmax(scores) (1×t)
//   output = weights·V[1..t] (1×d_v)                     (per head: its columns)
//   [with H > 1: output = [output.h1 … output.hH]·W_O (1×d_model)]
//   diff = output − row t of the causal run's output: computed, and 0
//
// No mask is needed: the cache holds no later token. Each step is a handful of stages
// named "decode.tT.KIND" ("decode.t3.scores", "decode.t3.scores.h2"), kept in a list of
// their own after the causal trace's stages (which stay as they are, so an export still
// has the whole n×d output).
#ifndef ATTNTRACE_DECODE_H
#define ATTNTRACE_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "lines.h"
#include "trace.h"

typedef enum {
    DEC_Q, DEC_K, DEC_V,         // the new token's projections, one row each
    DEC_KCACHE, DEC_VCACHE,      // the cache after step t: t rows ("K", "V")
    DEC_SCORES, DEC_WEIGHTS,     // the scaled score row and its softmax (1×t), per head
    DEC_OUTPUT,                  // output row t (per head; head 0: the whole row)
    DEC_DIFF,                    // output row t − the causal output row t (1×width)
    DEC_KIND_COUNT
} DecodeKind;

// The kind's word in a stage name: "q" "k" "v" "K" "V" "scores" "weights" "output" "diff".
extern const char *const DECODE_KIND_NAMES[DEC_KIND_COUNT];

// The longest sentence --decode takes: each of its steps adds its own stages.
#define DECODE_MAX_TOKENS 1024

typedef struct {
    DecodeKind kind;
    size_t step;   // t, 1-based
    Stage s;       // name "decode.t3.weights.h2", title, formula, the numbers and labels;
                   // s.head is the head (0: no head), s.id the nearest kind of the trace
} DecodeStage;

typedef struct {
    const Trace *t;      // the causal run it is checked against (borrowed)
    DecodeStage *stage;  // in order: step 1's stages, then step 2's …
    size_t count;
    size_t steps;        // n
    double max_diff;     // the largest |diff| over every step (0 when decoding = causal)
} Decode;

// Decode every token of t's sentence (t must be a causal self-attention trace).
int decode_build(const Trace *t, Decode *d, AtError *e);
void decode_free(Decode *d);
// Is `name` a decode stage's name of some run: "decode.tT.KIND" or "decode.tT.KIND.hH"
// with T ≥ 1 and KIND one of DECODE_KIND_NAMES (a head only on scores, weights, output)?
bool decode_name_parse(const char *name);
// The stage with this exact name, or NULL.
const DecodeStage *decode_find(const Decode *d, const char *name);
// The first stage of step t (1-based), or NULL.
const DecodeStage *decode_step_first(const Decode *d, size_t step);
// The stage of this kind, step and head, or NULL.
const DecodeStage *decode_find_kind(const Decode *d, size_t step, DecodeKind kind, int head);

// Multiply-adds of decoding n tokens with this trace's sizes (each a product of two
// numbers added to a sum; softmax's exponentials are not counted):
//   per token: P = d_model·(d_k + d_kv + d_v) for q, k, v; A(t) = H·t·(d_head + d_vhead)
//   for the score row and weights·V over t keys; O = d_concat·d_model for W_O (H > 1)
//   with the cache:    Σ_t (P + A(t) + O)           = n·(P + O) + H·(d_head+d_vhead)·n(n+1)/2
//   without the cache: step t runs the whole prefix again, every row of tokens 1..t:
//                      Σ_t Σ_{s≤t} (P + A(s) + O) = (P + O)·n(n+1)/2
//                                                   + H·(d_head+d_vhead)·n(n+1)(n+2)/6
typedef struct {
    unsigned long long with_cache, without_cache;
} DecodeCost;
DecodeCost decode_cost(const Trace *t, size_t n);
// The table as lines: the formula, then one line each for n = the sentence's length, 64
// and 1024 tokens, and the K and V numbers the cache keeps.
int decode_cost_lines(const Trace *t, Lines *out, AtError *e);

// The arithmetic of cell [i][j] of a decode stage, as lines (like explain()).
int decode_explain(const Decode *d, const DecodeStage *ds, size_t i, size_t j, Lines *out,
                   AtError *e);

#endif
