// heatmap.c — ramps, levels, colors, glyphs.
#include <math.h>
#include <stdlib.h>

#include "heatmap.h"

// xterm-256 ramps (fixed palette indices: the user's palette is never changed).
// Diverging: blue (negative) → light grey (0) → red (positive), level -5..+5.
static const int DIV256_BG[11] = {19, 26, 32, 74, 153, 255, 224, 217, 210, 203, 160};
// Sequential for probabilities: light → dark orange-red, level 0..8.
static const int SEQ256_BG[9] = {255, 230, 229, 221, 214, 208, 202, 166, 124};

enum { BLACK = 0, RED = 1, YELLOW = 3, BLUE = 4, CYAN = 6, WHITE = 7, DEFAULT = -1 };

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

HeatColor heat_color(ColorMode mode, ScaleKind k, int level)
{
    if (mode == COLOR_256) {
        if (k == SCALE_PROB)
            return (HeatColor){level >= 5 ? 15 : 16, SEQ256_BG[level]};
        return (HeatColor){abs(level) >= 3 ? 15 : 16, DIV256_BG[level + HEAT_SIGNED_LEVELS]};
    }
    if (mode == COLOR_8) {
        if (k == SCALE_PROB) {
            if (level <= 1)
                return (HeatColor){DEFAULT, DEFAULT};
            if (level <= 3)
                return (HeatColor){BLACK, CYAN};
            if (level <= 5)
                return (HeatColor){BLACK, YELLOW};
            return (HeatColor){WHITE, RED};
        }
        if (level <= -3)
            return (HeatColor){WHITE, BLUE};
        if (level < 0)
            return (HeatColor){BLACK, CYAN};
        if (level == 0)
            return (HeatColor){DEFAULT, DEFAULT};
        if (level < 3)
            return (HeatColor){BLACK, YELLOW};
        return (HeatColor){WHITE, RED};
    }
    return (HeatColor){DEFAULT, DEFAULT};
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
