// svg.h — every stage as an SVG heatmap for slides; written whole or not at all.
//
//   DIR/index.html        every stage in order (open it in a browser; also the marker
//                         that lets --force replace an earlier SVG export: only the
//                         files it shows are removed)
//   DIR/01_embeddings.svg … DIR/NN_output.svg   (NN counts stages in order, as export)
//
// One SVG per stage, 1280×720 nominal (viewBox, 16:9): a title with the stage number,
// name, title and formula; the grid with row and column labels (generated tokens
// marked *); each cell filled with its level's colour in the palette (palette.h, the
// exact RGB) and its value (%.3f) in black or white, whichever contrasts more; masked
// (-inf) cells hatched with HEAT_MASKED_GLYPH, never a number; a legend with the ramp,
// its range and the palette's name (<g class="legend" data-palette="NAME">).
// Each cell is <rect data-cell="i,j" data-value="X"> (X as the CSV export writes it: the
// shortest decimal that reads back to the same double) followed by
// <text class="v" data-cell="i,j"> (masked: data-masked="1" and <text class="m">).
#ifndef ATTNTRACE_SVG_H
#define ATTNTRACE_SVG_H

#include <stdbool.h>
#include <stdio.h>

#include "decode.h"
#include "err.h"
#include "palette.h"
#include "trace.h"

typedef struct {
    bool force; // replace an earlier SVG export in DIR: an index.html exactly as svg.c
                // writes it and nothing but the regular files it shows (outdir.h)
    const Palette *palette; // NULL: the default
    const Decode *decode;   // --decode: a slide per step stage after the trace's; NULL: none
} SvgOptions;

#define SVG_WIDTH 1280
#define SVG_HEIGHT 720

// One stage as a standalone SVG document in palette p (NULL: the default); k is its
// 1-based position ("stage k/N").
int svg_write_stage(FILE *f, const Trace *t, const Stage *s, size_t k, const Palette *p);
// The same, numbered k of `total` slides (the trace's stages and --decode's steps).
int svg_write_stage_of(FILE *f, const Trace *t, const Stage *s, size_t k, size_t total,
                       const Palette *p);
// Every stage and index.html into dir, all or nothing (outdir.h).
int svg_export(const Trace *t, const char *dir, const SvgOptions *o, AtError *e);
// Would svg_export write DIR? (the same refusals, nothing written; outdir_check)
int svg_export_check(const char *dir, const SvgOptions *o, char **target, AtError *e);
// One stage, as DIR/NN_name.svg (DIR is created when missing; no index.html); the path
// written goes to path_out (size bytes). For a stepper key.
int svg_export_stage(const Trace *t, const Stage *s, const Palette *p, const char *dir,
                     char *path_out, size_t size, AtError *e);
// "NN_name.svg" for the stage at position k (0-based) of the trace.
void svg_file_name(const Trace *t, size_t k, char *buf, size_t size);
// text as XML character data or attribute value: & < > " ' escaped; control characters
// and invalid UTF-8 become U+FFFD (XML cannot hold them).
int svg_put_text(FILE *f, const char *text);

#endif
