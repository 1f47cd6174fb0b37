// print.h — render stages as text: a grid with labels, numbers, and a heatmap made of
// ANSI background colors or, without color, a shade glyph beside each number.
#ifndef ATTNTRACE_PRINT_H
#define ATTNTRACE_PRINT_H

#include <stdio.h>

#include "err.h"
#include "heatmap.h"
#include "lines.h"
#include "trace.h"

typedef struct {
    ColorMode color;
    const Palette *palette; // the colours with color on (NULL: the default)
    const char *only_stage; // NULL: every stage
    // --explain STAGE:ROW:COL (NULL when not asked)
    const Stage *explain_stage;
    size_t explain_row, explain_col;
    // Text printed above the first stage of each kind (lesson sections), by stage id;
    // NULL entries skip.
    const Lines *notes[ST_COUNT];
    size_t total; // the stages numbered "k/total" (0: the trace's; --decode adds its steps)
} PrintOptions;

// Every stage (or o->only_stage) with the header. Fails only when --explain's cell cannot
// be explained; a failed write is the caller's to find (ferror, or at_close_stream for
// standard output, which reports it with the OS's reason).
int print_trace(FILE *f, const Trace *t, const PrintOptions *o, AtError *e);
// One stage as a grid (k is its 1-based position among t->count stages), in palette p
// (NULL: the default) when color is on; its legend then names the palette.
int print_stage(FILE *f, const Trace *t, const Stage *s, size_t k, ColorMode color,
                const Palette *p);
// Pad `text` to `width` columns (display width, CJK-aware), right- or left-aligned.
// print_stage numbered k of `total` stages (the trace's and, with --decode, the steps').
int print_stage_of(FILE *f, const Trace *t, const Stage *s, size_t k, size_t total,
                   ColorMode color, const Palette *p);
void print_padded(FILE *f, const char *text, int width, int right);

#endif
