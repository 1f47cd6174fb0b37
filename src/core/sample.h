// sample.h — everything the trace is computed from: the sentence, its tokens, the
// embeddings X and the weights W_Q, W_K, W_V, loaded from a sample folder and files,
// with whatever is missing generated deterministically from the seed. With --source,
// also a second sentence (the source of keys and values) and its embeddings X_src; with
// --heads H > 1, also the output projection W_O.
#ifndef ATTNTRACE_SAMPLE_H
#define ATTNTRACE_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "lookup.h"
#include "matrix.h"
#include "tokenize.h"

enum { W_Q_IDX = 0, W_K_IDX = 1, W_V_IDX = 2 };

typedef struct {
    const char *sample;     // NAME (samples/NAME) or a folder; NULL: LEXICON_SAMPLE for a
                            // sentence given without embeddings, else DEFAULT_SAMPLE
    const char *embeddings; // overrides the sample's embeddings.csv
    const char *w_path[3];  // override the sample's W_Q.csv, W_K.csv, W_V.csv
    uint64_t seed;          // for whatever is generated
    size_t dim;             // generated embedding width when there is no file; 0: 8
    size_t dk;              // generated W width when the sample has none; 0: d_model
    size_t max_tokens;      // 0: 256
    const char *sentence;   // NULL: the sample's sentence.txt
    const char *source;     // --source: the sentence keys and values come from; NULL: the
                            // sample's source.txt when the sentence is its sentence.txt
    size_t heads;           // --heads H: W_O is loaded or generated when H > 1
    size_t kv_heads;        // --kv-heads G (0: G = H): generated W_K and W_V are G groups
                            // wide (G·d_K/H), and W_O has H·(d_v/G) rows
    const char *wo_path;    // --wo: overrides the sample's W_O.csv
} InputOptions;

#define DEFAULT_MAX_TOKENS 256
// Without -s: the sample that opens, and the one a sentence of one's own is looked up in
// (unless -e gives the embeddings).
#define DEFAULT_SAMPLE "default"
#define LEXICON_SAMPLE "everyday"
#define DEFAULT_GENERATED_DIM 8

typedef struct {
    char *sample_dir;   // the resolved sample folder, NULL when none was used
    char *sentence;     // the sentence as given
    char *sentence_path; // the sentence.txt it came from (escaped), NULL: the command line
    TokenList tokens;   // n tokens
    bool *generated;    // generated[i]: token i was not in the vocabulary
    size_t n_generated;
    TokenLookup *lookup; // lookup[i]: how token i found its row; NULL without a file
    char *infl_source;  // the inflections.csv of the lookup rules (escaped), NULL: none
    Matrix X;           // (n×d_model) embeddings, one row per token
    char **dims;        // d_model dimension names
    Matrix W[3];        // (d_model×d_k) W_Q, W_K; (d_model×d_v) W_V
    char **wcols[3];    // column names of each W
    bool w_generated[3];
    bool x_file;        // the embeddings came from a file (else all generated)
    char *source[5];    // where X, W_Q, W_K, W_V, W_O came from, for manifests and headers
                        // (a sample's W_*.cross.csv ends in " (cross-attention)")

    // Cross-attention (--source): the source sentence, looked up in the same vocabulary.
    bool has_source;
    char *src_sentence;
    char *src_path;         // the source.txt it came from (escaped), NULL: --source
    TokenList src_tokens;   // m tokens
    bool *src_generated;    // src_generated[j]: source token j was not in the vocabulary
    size_t n_src_generated;
    TokenLookup *src_lookup; // how each source token found its row; NULL without a file
    Matrix X_src;           // (m×d_model) embeddings of the source tokens

    // Multi-head (--heads H > 1): the output projection, d_v rows (named like V's
    // columns) by d_model columns.
    Matrix W_O;             // (d_v×d_model); empty with one head
    char **wo_cols;         // its d_model column names
    bool wo_generated;

    // Grouped-query heads (--kv-heads G < H): W_K and W_V hold G groups of columns,
    // concat (and W_O's rows) H·d_vhead columns named "hH.COL" after the V column each
    // head copies; NULL when G = H, where concat's columns are V's.
    size_t heads, kv_heads; // H and G as loaded (kv_heads = heads without --kv-heads)
    char **concat_cols;     // H·d_vhead names, or NULL
    size_t d_concat;        // H·d_vhead: the width of concat and W_O's height
} Inputs;

// concat's column names (= W_O's row names): in->concat_cols, else V's columns.
static inline char **inputs_concat_cols(const Inputs *in)
{
    return in->concat_cols ? in->concat_cols : in->wcols[W_V_IDX];
}

enum { W_O_SOURCE = 4 }; // in->source[W_O_SOURCE]: where W_O came from

// Does in->source[k] name a file ("from FILE" reads right), or say how it was generated
// ("generated (seed 1)", which reads right alone)?
static inline bool inputs_from_file(const Inputs *in, int k)
{
    return k == 0 ? in->x_file : k == W_O_SOURCE ? !in->wo_generated : !in->w_generated[k - 1];
}

// in->source[k] as a person reads it, in the messages' language: the file as it is, or
// "generated (seed 1)" translated (in->source itself stays English: manifests hold it).
// Returns in->source[k] or buf.
const char *inputs_source_text(const Inputs *in, int k, char *buf, size_t size);

int inputs_load(const InputOptions *o, Inputs *in, AtError *e);
void inputs_free(Inputs *in);

// Replace W_Q, W_K and W_V by generated d_model×dk weights, exactly as inputs_load
// generates them from `seed` (the stepper's d_k keys). On failure `in` is unchanged.
int inputs_generate_weights(Inputs *in, size_t dk, uint64_t seed, AtError *e);

// The tokens that are not in the vocabulary (generated although there is an embeddings
// file), each once, the sentence's then the source's, escaped, separated by sep: for the
// line on stderr, the manifest and the stepper's header. NULL when there are none or
// there is no embeddings file (every vector is generated), or with *oom.
char *inputs_unknown_words(const Inputs *in, const char *sep, bool *oom);
// "cats → cat, Dog → dog": the tokens of the sentence (source: of the source) whose row
// has another label (found in lower case, through inflections.csv or a rule), each
// once, escaped. NULL when there are none, or with *oom.
char *inputs_looked_up_as(const Inputs *in, bool source, bool *oom);

// Resolve a sample NAME or folder to a malloc'd folder path; error names the known ones.
int sample_resolve(const char *name, char **dir, AtError *e);

// The deterministic generator (splitmix64), exposed for tests.
uint64_t gen_next(uint64_t *state);
// A value uniform in [-scale, scale], rounded to 2 decimals so it reads and types well.
double gen_uniform(uint64_t *state, double scale);
// The seed of the stream for one token's vector, from its bytes and the global seed.
uint64_t gen_token_seed(const char *token, uint64_t seed);

#endif
