// print_decode.h — --decode in print mode: the cost table, then every step's stages.
#ifndef ATTNTRACE_PRINT_DECODE_H
#define ATTNTRACE_PRINT_DECODE_H

#include <stdio.h>

#include "decode.h"
#include "print.h"

// After print_trace: what the cache saves, then step 1 … n, each stage numbered after
// the trace's; only_stage (a decode stage's name) prints that one alone, and
// explain_name/row/col (a decode stage's) its arithmetic below it.
typedef struct {
    ColorMode color;
    const Palette *palette;
    const char *only_stage;     // NULL: every step
    const DecodeStage *explain; // NULL: none
    size_t explain_row, explain_col;
} PrintDecodeOptions;

int print_decode(FILE *f, const Decode *d, const PrintDecodeOptions *o, AtError *e);

#endif
