// palette.h — the heatmap palettes as data: a name, a sequential ramp for probabilities
// (levels 0..8) and a diverging ramp for signed stages (levels -5..+5), each level an
// sRGB colour taken from a published colour map (palette.c cites each source).
//
// What is drawn comes from the RGB (colour.h): SVG uses it exactly; a terminal gets the
// xterm-256 ramp nearest to it that keeps its lightness order (fixed colours 16-255 only:
// the user's palette is never changed), or the nearest of the 8 ANSI colours; the number
// on a cell is black or white, whichever contrasts more (WCAG).
#ifndef ATTNTRACE_PALETTE_H
#define ATTNTRACE_PALETTE_H

#include <stdio.h>

#include "colour.h"
#include "trace.h"

#define PALETTE_SEQ_LEVELS 9  // probabilities: levels 0..8
#define PALETTE_DIV_LEVELS 11 // signed: levels -5..+5

typedef struct {
    const char *name;
    const char *purpose; // one line: what it is for
    const char *source;  // where the colours come from
    const Rgb *seq;      // PALETTE_SEQ_LEVELS colours, level 0 first
    const Rgb *div;      // PALETTE_DIV_LEVELS colours, level -5 first
} Palette;

// The names, in order, as the --palette option lists them (a unit test checks that this
// matches the table). The first is the default.
#define PALETTE_NAMES "cividis|viridis|projector"

// One level as drawn.
typedef struct {
    Rgb rgb;             // the palette's colour (SVG)
    Rgb text;            // black or white, for the number on it (SVG)
    int xterm, xterm_fg; // xterm-256 background, and foreground (16 black or 231 white)
    int ansi, ansi_fg;   // 8 colours: background 0-7, foreground 0 (black) or 7 (white)
} PaletteColour;

int palette_count(void);
const Palette *palette_at(int i); // 0 ≤ i < palette_count()
const Palette *palette_default(void);
// The palette called name, or NULL.
const Palette *palette_find(const char *name);
// The one after p in the list, the first after the last (p NULL: the default): for a key
// that cycles through them.
const Palette *palette_next(const Palette *p);
// Level `level` of p's ramp for k (p NULL: the default palette). The terminal colours are
// worked out on the first call for a palette (a few milliseconds) and kept.
const PaletteColour *palette_colour(const Palette *p, ScaleKind k, int level);
// Every palette with its purpose, source and colours, as `--palette list` prints it.
void palette_list(FILE *f);

#endif
