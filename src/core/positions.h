// positions.h — where each token sits in its sentence: position vectors P (n×d_model),
// added to the embeddings before Q, K and V are computed (--pos).
//
//   sinusoidal:  P[p][2i]   = sin(p / 10000^(2i/d_model))
//                P[p][2i+1] = cos(p / 10000^(2i/d_model))     p = 0, 1, … n−1
//                (an odd last column gets the sine)
//   FILE:        learned positions, a labelled-matrix CSV: corner "position", columns
//                named like the embeddings' dimensions, rows labelled 0, 1, 2 …; the
//                first n rows are used.
//
// Without positions, attention has no sense of order: reordering the words reorders
// the rows and columns of every stage and changes nothing else.
#ifndef ATTNTRACE_POSITIONS_H
#define ATTNTRACE_POSITIONS_H

#include <stddef.h>

#include "err.h"
#include "matrix.h"

typedef enum { POS_NONE, POS_SINUSOIDAL, POS_TABLE } PosKind;

// Learned positions read from a file (--pos FILE).
typedef struct {
    Matrix P;          // (rows×d_model): row p is position p's vector
    char *path;        // the file, escaped, for messages and manifests
    size_t next_line;  // the line the next row would be on (for "too few rows")
} PosTable;

// Read FILE, checking it against the embeddings' d_model dimension names: corner
// "position", the columns named dims[0..d_model), row k labelled k. Errors name
// FILE:LINE:COLUMN (status 2), or the OS's reason (status 1, or 2 for a folder/FIFO).
int pos_table_load(const char *path, char *const *dims, size_t d_model, PosTable *pt,
                   AtError *e);
void pos_table_free(PosTable *pt);

// The sinusoid's exponent base for column col: 10000^(2i/d_model), i = ⌊col/2⌋.
double pos_wavelength(size_t col, size_t d_model);
// P[p][col] of the sinusoidal positions (formula above).
double pos_sinusoid(size_t p, size_t col, size_t d_model);

// P (n×d_model) for positions 0..n−1: the sinusoids, or the table's first n rows (it must
// have n: else "FILE:LINE:1: …" naming what is missing, status 2). `whose` names the
// sentence in that message ("the sentence", "the source sentence").
int positions_make(PosKind kind, const PosTable *pt, size_t n, size_t d_model,
                   const char *whose, Matrix *P, AtError *e);

#endif
