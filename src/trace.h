// trace.h — self-attention as an ordered list of stages, computed once, whole.
//
//   embeddings X (n×d) · W_Q, W_K (d×d_k) · W_V (d×d_v) · Q, K (n×d_k) · V (n×d_v)
//   · scores (n×n) · scaled (n×n) · [masked (n×n)] · weights (n×n) · output (n×d_v)
//
// Front ends (stepper, print, export, explain) only read a trace.
#ifndef ATTNTRACE_TRACE_H
#define ATTNTRACE_TRACE_H

#include <stdbool.h>

#include "err.h"
#include "matrix.h"
#include "sample.h"

typedef enum {
    ST_EMBEDDINGS, ST_WQ, ST_WK, ST_WV, ST_Q, ST_K, ST_V,
    ST_SCORES, ST_SCALED, ST_MASKED, ST_WEIGHTS, ST_OUTPUT,
    ST_COUNT
} StageId;

typedef enum {
    SCALE_SIGNED, // values around 0: a diverging ramp centred at 0
    SCALE_PROB,   // probabilities: a sequential ramp fixed to [0, 1]
} ScaleKind;

typedef enum { MASK_NONE, MASK_CAUSAL } MaskKind;

typedef struct {
    bool scale;         // divide by √d_k (default true; --no-scale turns it off)
    double temperature; // divide by T as well (default 1)
    MaskKind mask;
} TraceOptions;

typedef struct {
    StageId id;
    const char *name;    // "scores": the export and --stage name
    const char *title;   // "Raw attention scores"
    char formula[64];    // "scores = Q·Kᵀ"
    Matrix m;
    const char *corner;  // name of the row axis: "token", "dim", "query\key"
    char **row_labels;   // borrowed from the Inputs
    char **col_labels;
    ScaleKind scale;
    bool token_rows;     // rows are the sentence's tokens
    bool token_cols;     // columns are the sentence's tokens (the n×n stages)
} Stage;

typedef struct {
    TraceOptions opt;
    const Inputs *in;    // borrowed: must outlive the trace
    size_t n, d_model, d_k, d_v;
    double divisor;      // scaled = scores / divisor (√d_k·T, or T with --no-scale)
    Stage stage[ST_COUNT];
    size_t count;        // stages present, in order (masked only with a mask)
} Trace;

// The names of every stage in order, for validation and help ("embeddings" ... "output").
extern const char *const STAGE_NAMES[ST_COUNT];

void trace_options_default(TraceOptions *o);
int trace_build(const Inputs *in, const TraceOptions *o, Trace *t, AtError *e);
void trace_free(Trace *t);
// The stage with this name, or NULL (also NULL for "masked" when no mask is on).
const Stage *trace_find(const Trace *t, const char *name);
const Stage *trace_find_id(const Trace *t, StageId id);
// Index of a row or column given as a 1-based number or a label; -1 if none.
long stage_index(const Stage *s, bool column, const char *spec);

#endif
