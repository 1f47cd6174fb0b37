// heatmap.c — values to levels, levels to a palette's colors and to glyphs.
#include <math.h>
#include <stdlib.h>

#include "heatmap.h"

HeatRange heat_range(const Matrix *m, ScaleKind k)
{
    if (k == SCALE_PROB)
        return (HeatRange){0.0, 1.0};
    double a = mat_max_abs(m);
    if (a == 0)
        a = 1.0;
    return (HeatRange){-a, a};
}

int heat_level(double x, ScaleKind k, HeatRange r)
{
    if (k == SCALE_PROB) {
        double t = (x - r.lo) / (r.hi - r.lo);
        int l = (int)lround(t * HEAT_PROB_LEVELS);
        return l < 0 ? 0 : l > HEAT_PROB_LEVELS ? HEAT_PROB_LEVELS : l;
    }
    double a = r.hi > 0 ? r.hi : 1.0;
    int l = (int)lround(x / a * HEAT_SIGNED_LEVELS);
    return l < -HEAT_SIGNED_LEVELS ? -HEAT_SIGNED_LEVELS : l > HEAT_SIGNED_LEVELS ? HEAT_SIGNED_LEVELS : l;
}

int heat_levels(ScaleKind k, int *out, int max)
{
    int lo = k == SCALE_PROB ? 0 : -HEAT_SIGNED_LEVELS;
    int hi = k == SCALE_PROB ? HEAT_PROB_LEVELS : HEAT_SIGNED_LEVELS;
    int n = 0;
    for (int l = lo; l <= hi && n < max; l++)
        out[n++] = l;
    return n;
}

double heat_level_value(int level, ScaleKind k, HeatRange r)
{
    if (k == SCALE_PROB)
        return r.lo + (r.hi - r.lo) * level / HEAT_PROB_LEVELS;
    return r.hi * level / HEAT_SIGNED_LEVELS;
}

HeatColor heat_color(const Palette *p, ColorMode mode, ScaleKind k, int level)
{
    const PaletteColour *c = palette_colour(p, k, level);
    if (mode == COLOR_256)
        return (HeatColor){c->xterm_fg, c->xterm};
    if (mode == COLOR_8)
        return (HeatColor){c->ansi_fg, c->ansi};
    return (HeatColor){-1, -1};
}

Rgb heat_rgb(const Palette *p, ScaleKind k, int level) { return palette_colour(p, k, level)->rgb; }

Rgb heat_text_rgb(const Palette *p, ScaleKind k, int level)
{
    return palette_colour(p, k, level)->text;
}

const char *heat_glyph(ScaleKind k, int level)
{
    static const char *const prob[HEAT_PROB_LEVELS + 1] = {" ", "░", "░", "▒", "▒",
                                                           "▓", "▓", "█", "█"};
    static const char *const sign[HEAT_SIGNED_LEVELS + 1] = {" ", "░", "░", "▒", "▓", "█"};
    return k == SCALE_PROB ? prob[level] : sign[abs(level)];
}

bool heat_no_color_env(void)
{
    const char *v = getenv("NO_COLOR");
    return v != NULL && v[0] != '\0';
}
