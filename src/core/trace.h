// trace.h — attention as an ordered list of stages, computed once, whole.
//
//   embeddings X (n×d) · [source X_src (m×d)] · W_Q, W_K (d×d_k) · W_V (d×d_v)
//   · Q (n×d_k) · K (m×d_k) · V (m×d_v)
//   · scores (n×m) · scaled (n×m) · [masked (n×n)] · weights (n×m) · output (n×d_v)
//
// Self-attention: m = n, keys and values come from X. Cross-attention (--source): keys
// and values come from the source sentence's X_src, so the n×m stages have the target
// tokens as rows and the source tokens as columns.
//
// With H heads (--heads H > 1), the five attention stages repeat per head h = 1..H over
// the head's slice of the columns (d_k/H of Q and K, d_v/H of V), named "scores.h1" …,
// then concat (n×d_v: the heads' outputs side by side) · W_O (d_v×d) · output (n×d).
// Grouped-query (--kv-heads G < H): K and V hold G groups of d_head and d_vhead columns;
// head h reads group ⌈h·G/H⌉, and concat is H·d_vhead wide.
//
// With positions (--pos), positions P (n×d) and input = X + P (n×d) follow embeddings
// (source.positions and source.input follow source), and Q, K, V come from the inputs.
// With RoPE (--rope), Q.rope and K.rope (Q and K, each head's slice rotated by the
// token's position) follow V, and the scores are Q.rope·K.ropeᵀ (positions.h, rope.h).
//
// Front ends (stepper, print, export, explain) only read a trace.
#ifndef ATTNTRACE_TRACE_H
#define ATTNTRACE_TRACE_H

#include <stdbool.h>

#include "err.h"
#include "matrix.h"
#include "positions.h"
#include "sample.h"

// The kind of a stage. Every head's "scores.hH" is an ST_SCORES stage, with its head.
typedef enum {
    ST_EMBEDDINGS, ST_SOURCE, ST_WQ, ST_WK, ST_WV, ST_Q, ST_K, ST_V,
    ST_SCORES, ST_SCALED, ST_MASKED, ST_WEIGHTS, ST_OUTPUT, ST_CONCAT, ST_WO,
    // --pos and --rope (in trace order: positions input after embeddings, source.* after
    // source, Q.rope K.rope after V)
    ST_POSITIONS, ST_INPUT, ST_SRC_POSITIONS, ST_SRC_INPUT, ST_QROPE, ST_KROPE,
    ST_COUNT
} StageId;

#define TRACE_MAX_HEADS 8
// embeddings, source, W_Q, W_K, W_V, Q, K, V; 5 per head; concat, W_O, output; and the
// 6 stages of --pos and --rope
#define TRACE_MAX_STAGES (8 + 5 * TRACE_MAX_HEADS + 3 + 6)

typedef enum {
    SCALE_SIGNED, // values around 0: a diverging ramp centred at 0
    SCALE_PROB,   // probabilities: a sequential ramp fixed to [0, 1]
} ScaleKind;

typedef enum { MASK_NONE, MASK_CAUSAL } MaskKind;

typedef struct {
    bool scale;         // divide by √d_k (default true; --no-scale turns it off)
    double temperature; // divide by T as well (default 1)
    MaskKind mask;
    size_t heads;       // H (default 1): d_k and d_v must be divisible by H
    PosKind pos;        // --pos (default POS_NONE: no positions stages)
    const PosTable *pos_table; // POS_TABLE: the learned positions (borrowed)
    bool rope;          // --rope: rotate Q and K by position (d_k/H must be even)
    size_t kv_heads;    // G (--kv-heads; 0: G = H): K and V hold G groups, H divisible by G
} TraceOptions;

typedef struct {
    StageId id;          // the kind: ST_SCORES for "scores" and "scores.h2" alike
    int head;            // 1..H for one head's stage ("scores.h2"), 0 otherwise
    size_t qk0, qk1;     // the head's columns of Q: [qk0, qk1) (all of d_k for head 0)
    size_t k0, k1;       // its group's columns of K (= qk0, qk1 unless --kv-heads G < H)
    size_t v0, v1;       // its group's columns of V: [v0, v1)
    size_t c0, c1;       // its columns of concat (= v0, v1 unless --kv-heads G < H)
    int group;           // the K/V group ⌈head·G/H⌉ (= head unless G < H), 0 for no head
    char name[24];       // "scores", "scores.h2": the export and --stage name
    char title[64];      // "Raw attention scores", "Raw attention scores, head 2"
    char formula[128];    // "scores = Q·Kᵀ"
    Matrix m;
    const char *corner;  // name of the row axis: "token", "dim", "query\key"
    char **row_labels;   // borrowed from the Inputs
    char **col_labels;
    ScaleKind scale;
    bool token_rows;     // rows are tokens (of the sentence, or of the source for K, V)
    bool token_cols;     // columns are tokens (the n×m stages)
    // Per token of a token axis: its vector was generated (not in the vocabulary);
    // NULL when that axis is not tokens. Rows and columns may be different sentences.
    const bool *row_generated, *col_generated;
} Stage;

typedef struct {
    TraceOptions opt;
    const Inputs *in;    // borrowed: must outlive the trace
    size_t n;            // queries: tokens of the sentence
    size_t m;            // keys and values: tokens of the source (--source), else n
    bool cross;          // cross-attention: keys and values from the source sentence
    size_t d_model, d_k, d_v;  // d_k: Q's width; d_v: V's width (G·d_vhead)
    size_t heads;        // H ≥ 1
    size_t kv_heads;     // G: the groups of K and V (= H unless --kv-heads)
    size_t d_kv;         // K's width, G·d_head (= d_k unless G < H)
    size_t d_concat;     // concat's width, H·dv_head (= d_v unless G < H)
    size_t d_head, dv_head; // d_k/H and d_v/G: the width of one head's slice
    double divisor;      // scaled = scores / divisor (√(d_k/H)·T, or T with --no-scale)
    Stage stage[TRACE_MAX_STAGES];
    size_t count;        // stages present, in order (masked only with a mask)
} Trace;

// The base names of the stage kinds, by StageId ("embeddings" ... "W_O").
extern const char *const STAGE_NAMES[ST_COUNT];
// The base names in trace order, for help and messages:
// "embeddings positions input source source.positions source.input W_Q W_K W_V Q K V
// Q.rope K.rope scores scaled masked weights output concat W_O".
extern const char STAGE_LIST[];

void trace_options_default(TraceOptions *o);
int trace_build(const Inputs *in, const TraceOptions *o, Trace *t, AtError *e);
void trace_free(Trace *t);
// The stage with this exact name ("scores", "scores.h2"), or NULL (also NULL for
// "masked" when no mask is on, "scores" when there are heads, "source" without one).
const Stage *trace_find(const Trace *t, const char *name);
// As trace_find, but a per-head kind's base name ("scores") with several heads means
// head 1 ("scores.h1"): how lessons written for one head read on several.
const Stage *trace_find_lenient(const Trace *t, const char *name);
// The first stage of this kind (for a per-head kind: head 1's), or NULL.
const Stage *trace_find_id(const Trace *t, StageId id);
// The stage of this kind for head h (0: the stage without a head), or NULL. The
// stepper can use it to move between the heads of one kind.
const Stage *trace_find_head(const Trace *t, StageId id, int head);
// The K/V group of query head h (1-based): ⌈h·G/H⌉; h itself unless --kv-heads G < H.
size_t trace_group(const Trace *t, int head);
// Is `name` a stage name of some trace: a base name, or a per-head kind's "NAME.hH"
// with 1 ≤ H ≤ TRACE_MAX_HEADS? *id (may be NULL) gets its kind, *head its head.
bool stage_name_parse(const char *name, StageId *id, int *head);
// Why `name` (a valid stage name) is not in this trace, as a phrase for messages:
// "exists only with --mask causal", "exists only with --heads H > 1" ….
const char *trace_missing_why(const Trace *t, const char *name);
// Where a kind of stage comes in a trace: embeddings 0, positions 1, … W_O last (the
// StageId values are not in trace order: the stages of --pos and --rope came later).
int stage_rank(StageId id);
// An input (X, X_src, a weight matrix) rather than a computed stage.
bool stage_is_input(const Stage *s);
// Was the vector of the k-th token of an axis generated? False when not tokens.
static inline bool stage_generated(const Stage *s, bool column, size_t k)
{
    const bool *g = column ? s->col_generated : s->row_generated;
    return g && g[k];
}
// The 0-based index of a row or column given as a 1-based number ("2"), a label (its
// first occurrence; a label wins over -k), or -k counting from the end ("-1": the last);
// -1 if there is none. Lessons and --explain read ROW and COL with it.
long stage_index(const Stage *s, bool column, const char *spec);

#endif
