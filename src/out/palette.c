// palette.c — the palettes and the colours a terminal draws for them.
//
// Every colour below is a published colour map read at the centre of each level: the
// 256-entry table at t = level/8 (probabilities) or t = (level+5)/10 (signed), linearly
// interpolated between neighbouring entries and rounded to 8 bits per channel.
//   cividis  Nuñez, Anderton and Renslow 2018, "Optimizing colormaps with consideration
//            for color vision deficiency …", PLOS ONE 13(7): e0199239; the table as
//            matplotlib 3.6 ships it (_cm_listed.py).
//   viridis  van der Walt, Smith and Firing 2015, matplotlib's default colour map,
//            released under CC0; the table as matplotlib 3.6 ships it.
//   CET-L4, CET-D1A  Peter Kovesi, "Good Colour Maps: How to Design Them",
//            arXiv:1509.03700 (2015), CET perceptually uniform colour maps, CC BY 4.0;
//            the tables linear_kry_0_97_c73 and diverging_bwr_20_95_c54 as colorcet 2.0
//            ships them. The projector's ramp reads CET-L4 from t = 0.15 to 0.90
//            (t = 0.15 + 0.75·level/8): no near-black end, which a lit room greys out,
//            and no pale yellow end, which a projector washes out.
#include <stdbool.h>
#include <string.h>

#include "palette.h"

static const Rgb CIVIDIS[PALETTE_SEQ_LEVELS] = {0x00224e, 0x1a386f, 0x434e6c, 0x61656f, 0x7c7b78,
                                                0x9b9376, 0xbbad6c, 0xddc958, 0xfee838};
static const Rgb VIRIDIS[PALETTE_SEQ_LEVELS] = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21908c,
                                                0x28ae80, 0x5dc963, 0xabdc32, 0xfde725};
static const Rgb CET_L4_PART[PALETTE_SEQ_LEVELS] = {0x520100, 0x780200, 0x9f0400,
                                                    0xc80800, 0xf01a00, 0xfb5d00,
                                                    0xfd8c00, 0xfeb400, 0xffd900};
// Signed stages share one diverging ramp: of the published diverging maps measured
// (ColorBrewer PuOr and RdBu, the CET diverging set; docs/palettes.md) it has the most
// even steps, and its levels stay apart and in order for every simulated colour
// blindness and on a washed-out projector.
static const Rgb CET_D1A[PALETTE_DIV_LEVELS] = {0x172972, 0x2146be, 0x5a69e9, 0x9292fc,
                                                0xc4bff9, 0xeee3e8, 0xfdb3a4, 0xf67760,
                                                0xd83d2d, 0xa9000c, 0x660702};

static const Palette PALETTES[] = {
    {.name = "cividis",
     .purpose = "for screens: dark blue to yellow, seen alike with any colour vision",
     .source = "cividis (Nuñez et al. 2018); signed: CET-D1A blue–white–red (Kovesi)",
     .seq = CIVIDIS,
     .div = CET_D1A},
    {.name = "viridis",
     .purpose = "for screens: purple to green to yellow, more hue; colour-blind safe",
     .source = "viridis (van der Walt, Smith, Firing 2015); signed: CET-D1A (Kovesi)",
     .seq = VIRIDIS,
     .div = CET_D1A},
    {.name = "projector",
     .purpose = "for a washed-out projector: saturated dark red to yellow, no pale tints",
     .source = "CET-L4 black–red–yellow from 0.15 to 0.90 (Kovesi); signed: CET-D1A",
     .seq = CET_L4_PART,
     .div = CET_D1A},
};

#define NPALETTES ((int)(sizeof PALETTES / sizeof PALETTES[0]))

int palette_count(void) { return NPALETTES; }

const Palette *palette_at(int i) { return i >= 0 && i < NPALETTES ? &PALETTES[i] : NULL; }

const Palette *palette_default(void) { return &PALETTES[0]; }

const Palette *palette_find(const char *name)
{
    for (int i = 0; name && i < NPALETTES; i++)
        if (strcmp(PALETTES[i].name, name) == 0)
            return &PALETTES[i];
    return NULL;
}

static int index_of(const Palette *p)
{
    for (int i = 0; i < NPALETTES; i++)
        if (p == &PALETTES[i])
            return i;
    return 0;
}

const Palette *palette_next(const Palette *p)
{
    return &PALETTES[(index_of(p ? p : palette_default()) + 1) % NPALETTES];
}

// ─── the colours drawn ──────────────────────────────────────────────────────────

typedef struct {
    bool ready;
    PaletteColour seq[PALETTE_SEQ_LEVELS], div[PALETTE_DIV_LEVELS];
} Drawn;

static void draw_ramp(const Rgb *ramp, int n, PaletteColour *out)
{
    int xterm[COLOUR_RAMP_MAX];
    colour_xterm_ramp(ramp, n, xterm);
    for (int i = 0; i < n; i++) {
        PaletteColour *c = &out[i];
        c->rgb = ramp[i];
        c->text = colour_text_on(ramp[i]);
        c->xterm = xterm[i];
        c->xterm_fg = colour_text_on(colour_xterm_rgb(xterm[i])) == 0xffffff ? XTERM_WHITE
                                                                             : XTERM_BLACK;
        c->ansi = colour_ansi8_nearest(ramp[i]);
        // ANSI white (7) is xterm's light grey: black or it, whichever contrasts more
        Rgb bg = colour_xterm_rgb(c->ansi), white = colour_xterm_rgb(7);
        c->ansi_fg = colour_contrast(bg, white) > colour_contrast(bg, 0x000000) ? 7 : 0;
    }
}

const PaletteColour *palette_colour(const Palette *p, ScaleKind k, int level)
{
    static Drawn drawn[NPALETTES];
    if (!p)
        p = palette_default();
    Drawn *d = &drawn[index_of(p)];
    if (!d->ready) {
        draw_ramp(p->seq, PALETTE_SEQ_LEVELS, d->seq);
        draw_ramp(p->div, PALETTE_DIV_LEVELS, d->div);
        d->ready = true;
    }
    int half = PALETTE_DIV_LEVELS / 2;
    if (k == SCALE_PROB)
        return &d->seq[level < 0                     ? 0
                       : level >= PALETTE_SEQ_LEVELS ? PALETTE_SEQ_LEVELS - 1
                                                     : level];
    return &d->div[level < -half ? 0 : level > half ? 2 * half : level + half];
}

static void list_ramp(FILE *f, const char *what, const Rgb *ramp, int n)
{
    fprintf(f, "  %-9s", what);
    for (int i = 0; i < n; i++)
        fprintf(f, " #%06lx", ramp[i] & 0xffffff);
    fputc('\n', f);
}

void palette_list(FILE *f)
{
    for (int i = 0; i < NPALETTES; i++) {
        const Palette *p = &PALETTES[i];
        fprintf(f, "%s%s\n  %s\n  %s\n", p->name, i == 0 ? " (default)" : "", p->purpose,
                p->source);
        list_ramp(f, "weights:", p->seq, PALETTE_SEQ_LEVELS);
        list_ramp(f, "signed:", p->div, PALETTE_DIV_LEVELS);
    }
}
