// heatmap.h — value → color level, terminal colors and shade glyphs. Pure functions.
//
// Signed stages use a diverging ramp centred at 0 over [-max|x|, +max|x|], levels
// -5..+5; probabilities use a sequential ramp fixed to [0, 1], levels 0..8. Each level
// maps to a palette's colour (palette.h: exact RGB, an xterm-256 colour, an 8-color
// pair), and to a shade glyph for no color, so the heatmap stays readable in monochrome.
// The number is always printed too.
#ifndef ATTNTRACE_HEATMAP_H
#define ATTNTRACE_HEATMAP_H

#include <stdbool.h>

#include "matrix.h"
#include "palette.h"
#include "trace.h"

typedef enum { COLOR_NONE, COLOR_8, COLOR_256 } ColorMode;

#define HEAT_SIGNED_LEVELS 5 // levels -5..+5
#define HEAT_PROB_LEVELS 8   // levels 0..8
_Static_assert(PALETTE_DIV_LEVELS == 2 * HEAT_SIGNED_LEVELS + 1, "a palette's signed ramp");
_Static_assert(PALETTE_SEQ_LEVELS == HEAT_PROB_LEVELS + 1, "a palette's probability ramp");

typedef struct {
    double lo, hi;
} HeatRange;

typedef struct {
    int fg, bg; // color numbers (0-255; -1: the terminal's default)
} HeatColor;

// The glyph for masked (-inf) cells, and its meaning for legends.
#define HEAT_MASKED_GLYPH "×"
#define HEAT_MASKED_TEXT "-inf"

HeatRange heat_range(const Matrix *m, ScaleKind k);
// The level of x: -5..5 (signed) or 0..8 (probabilities). x must be finite.
int heat_level(double x, ScaleKind k, HeatRange r);
// All levels, lowest first, for legends: fills out[] and returns the count.
int heat_levels(ScaleKind k, int *out, int max);
// The value at the centre of a level, for legends.
double heat_level_value(int level, ScaleKind k, HeatRange r);
// The terminal colours of a level in palette p (NULL: the default); COLOR_NONE: the
// terminal's own (-1, -1).
HeatColor heat_color(const Palette *p, ColorMode mode, ScaleKind k, int level);
// The exact colour of a level, and black or white for a number drawn on it (SVG).
Rgb heat_rgb(const Palette *p, ScaleKind k, int level);
Rgb heat_text_rgb(const Palette *p, ScaleKind k, int level);
const char *heat_glyph(ScaleKind k, int level);
// "NO_COLOR" in the environment (any non-empty value) turns color off: no-color.org.
bool heat_no_color_env(void);

#endif
