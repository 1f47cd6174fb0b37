// colour.c — sRGB, CIELAB, CIEDE2000, WCAG contrast, colour-blindness simulation and
// the xterm-256 approximation of a ramp.
#include <math.h>
#include <stdbool.h>

#include "colour.h"

#define PI 3.14159265358979323846

static unsigned channel(Rgb c, int shift) { return (unsigned)(c >> shift & 0xff); }

double colour_linear(unsigned channel_value)
{
    double v = (double)channel_value / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double colour_luminance(Rgb c)
{
    return 0.2126 * colour_linear(channel(c, 16)) + 0.7152 * colour_linear(channel(c, 8)) +
           0.0722 * colour_linear(channel(c, 0));
}

double colour_contrast(Rgb x, Rgb y)
{
    double lx = colour_luminance(x), ly = colour_luminance(y);
    return lx > ly ? (lx + 0.05) / (ly + 0.05) : (ly + 0.05) / (lx + 0.05);
}

Rgb colour_text_on(Rgb bg)
{
    return colour_contrast(bg, 0x000000) >= colour_contrast(bg, 0xffffff) ? 0x000000 : 0xffffff;
}

// ─── CIELAB ─────────────────────────────────────────────────────────────────────

// f(t) of the CIELAB definition: a cube root above (6/29)³, a line below.
static double lab_f(double t)
{
    const double e = 216.0 / 24389.0, k = 24389.0 / 27.0;
    return t > e ? cbrt(t) : (k * t + 16.0) / 116.0;
}

Lab colour_lab_linear(double r, double g, double b)
{
    // linear sRGB → XYZ (D65), then relative to the white point
    double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    double fx = lab_f(x), fy = lab_f(y), fz = lab_f(z);
    return (Lab){116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

Lab colour_lab(Rgb c)
{
    return colour_lab_linear(colour_linear(channel(c, 16)), colour_linear(channel(c, 8)),
                             colour_linear(channel(c, 0)));
}

double colour_de76(Lab x, Lab y)
{
    return sqrt((x.L - y.L) * (x.L - y.L) + (x.a - y.a) * (x.a - y.a) + (x.b - y.b) * (x.b - y.b));
}

static double deg(double rad) { return rad * 180.0 / PI; }
static double rad(double d) { return d * PI / 180.0; }

// The hue angle h' in degrees (0 when the colour is grey), as CIEDE2000 defines it.
static double hue(double b, double a_prime)
{
    if (b == 0 && a_prime == 0)
        return 0;
    double h = deg(atan2(b, a_prime));
    return h < 0 ? h + 360.0 : h;
}

// CIEDE2000, kL = kC = kH = 1 (Sharma, Wu and Dalal 2005, equations 2-22).
double colour_de2000(Lab x, Lab y)
{
    const double pow25_7 = 6103515625.0; // 25⁷
    double c1 = hypot(x.a, x.b), c2 = hypot(y.a, y.b), cm = (c1 + c2) / 2;
    double cm7 = pow(cm, 7);
    double g = 0.5 * (1 - sqrt(cm7 / (cm7 + pow25_7)));
    double a1 = (1 + g) * x.a, a2 = (1 + g) * y.a;
    double c1p = hypot(a1, x.b), c2p = hypot(a2, y.b);
    double h1 = hue(x.b, a1), h2 = hue(y.b, a2);

    double dl = y.L - x.L, dc = c2p - c1p, dh = 0;
    if (c1p * c2p != 0) {
        dh = h2 - h1;
        dh = dh > 180 ? dh - 360 : dh < -180 ? dh + 360 : dh;
    }
    double dhh = 2 * sqrt(c1p * c2p) * sin(rad(dh / 2));

    double lm = (x.L + y.L) / 2, cmp = (c1p + c2p) / 2, hm = h1 + h2;
    if (c1p * c2p != 0)
        hm = fabs(h1 - h2) <= 180 ? (h1 + h2) / 2
             : h1 + h2 < 360      ? (h1 + h2 + 360) / 2
                                  : (h1 + h2 - 360) / 2;
    double t = 1 - 0.17 * cos(rad(hm - 30)) + 0.24 * cos(rad(2 * hm)) +
               0.32 * cos(rad(3 * hm + 6)) - 0.20 * cos(rad(4 * hm - 63));
    double dtheta = 30 * exp(-((hm - 275) / 25) * ((hm - 275) / 25));
    double cmp7 = pow(cmp, 7);
    double rc = 2 * sqrt(cmp7 / (cmp7 + pow25_7));
    double sl = 1 + 0.015 * (lm - 50) * (lm - 50) / sqrt(20 + (lm - 50) * (lm - 50));
    double sc = 1 + 0.045 * cmp, sh = 1 + 0.015 * cmp * t;
    double rt = -sin(rad(2 * dtheta)) * rc;
    double l = dl / sl, c = dc / sc, h = dhh / sh;
    return sqrt(l * l + c * c + h * h + rt * c * h);
}

// ─── colour blindness ───────────────────────────────────────────────────────────

Lab colour_cvd_lab(Rgb c, Cvd kind)
{
    // Machado, Oliveira and Fernandes 2009, "A Physiologically-based Model for Simulation
    // of Color Vision Deficiency", IEEE TVCG 15(6), table of matrices, severity 1.0.
    static const double M[CVD_COUNT][3][3] = {
        [CVD_PROTAN] = {{0.152286, 1.052583, -0.204868},
                        {0.114503, 0.786281, 0.099216},
                        {-0.003882, -0.048116, 1.051998}},
        [CVD_DEUTAN] = {{0.367322, 0.860646, -0.227968},
                        {0.280085, 0.672501, 0.047413},
                        {-0.011820, 0.042940, 0.968881}},
        [CVD_TRITAN] = {{1.255528, -0.076749, -0.178779},
                        {-0.078411, 0.930809, 0.147602},
                        {0.004733, 0.691367, 0.303900}},
    };
    double v[3] = {colour_linear(channel(c, 16)), colour_linear(channel(c, 8)),
                   colour_linear(channel(c, 0))};
    double s[3];
    for (int i = 0; i < 3; i++) {
        double x = M[kind][i][0] * v[0] + M[kind][i][1] * v[1] + M[kind][i][2] * v[2];
        s[i] = x < 0 ? 0 : x > 1 ? 1 : x;
    }
    return colour_lab_linear(s[0], s[1], s[2]);
}

const char *colour_cvd_name(Cvd kind)
{
    return kind == CVD_PROTAN ? "protanopia" : kind == CVD_DEUTAN ? "deuteranopia" : "tritanopia";
}

// ─── terminal colours ───────────────────────────────────────────────────────────

Rgb colour_xterm_rgb(int index)
{
    static const Rgb BASE[16] = {
        0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
        0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
    };
    static const Rgb CUBE[6] = {0, 95, 135, 175, 215, 255};
    if (index < 0 || index > 255)
        return 0xffffff; // the terminal's default: white paper
    if (index < 16)
        return BASE[index];
    if (index < 232) {
        int i = index - 16;
        return CUBE[i / 36] << 16 | CUBE[i / 6 % 6] << 8 | CUBE[i % 6];
    }
    Rgb g = 8 + 10 * (Rgb)(index - 232);
    return g << 16 | g << 8 | g;
}

#define XTERM_FIXED (256 - XTERM_FIXED_FIRST) // candidates: 16-255

int colour_xterm_nearest(Rgb c)
{
    Lab t = colour_lab(c);
    int best = XTERM_FIXED_FIRST;
    double d = INFINITY;
    for (int i = XTERM_FIXED_FIRST; i < 256; i++) {
        double e = colour_de2000(t, colour_lab(colour_xterm_rgb(i)));
        if (e < d) {
            d = e;
            best = i;
        }
    }
    return best;
}

// Dynamic programming over the ramp: cost[i][j] = the least error of levels 0..i with
// level i drawn as candidate j, where each step keeps the ramp's direction of lightness
// (a step up in L* stays a step up, by at least MIN_LIGHTNESS_STEP).
#define MIN_LIGHTNESS_STEP 1.0

int colour_xterm_ramp(const Rgb *ramp, int n, int *out)
{
    if (n < 1 || n > COLOUR_RAMP_MAX)
        return -1;
    Lab cand[XTERM_FIXED];
    for (int j = 0; j < XTERM_FIXED; j++)
        cand[j] = colour_lab(colour_xterm_rgb(XTERM_FIXED_FIRST + j));
    double cost[COLOUR_RAMP_MAX][XTERM_FIXED];
    short from[COLOUR_RAMP_MAX][XTERM_FIXED];
    Lab prev = colour_lab(ramp[0]);
    for (int j = 0; j < XTERM_FIXED; j++) {
        double e = colour_de2000(prev, cand[j]);
        cost[0][j] = e * e;
    }
    for (int i = 1; i < n; i++) {
        Lab t = colour_lab(ramp[i]);
        double dir = t.L > prev.L ? 1.0 : -1.0;
        for (int j = 0; j < XTERM_FIXED; j++) {
            double best = INFINITY;
            short arg = -1;
            for (int k = 0; k < XTERM_FIXED; k++)
                if (dir * (cand[j].L - cand[k].L) >= MIN_LIGHTNESS_STEP && cost[i - 1][k] < best) {
                    best = cost[i - 1][k];
                    arg = (short)k;
                }
            double e = colour_de2000(t, cand[j]);
            cost[i][j] = best + e * e;
            from[i][j] = arg;
        }
        prev = t;
    }
    int j = 0;
    for (int k = 1; k < XTERM_FIXED; k++)
        if (cost[n - 1][k] < cost[n - 1][j])
            j = k;
    if (isinf(cost[n - 1][j])) { // no ordered choice (cannot happen for n ≤ 16): nearest
        for (int i = 0; i < n; i++)
            out[i] = colour_xterm_nearest(ramp[i]);
        return 0;
    }
    for (int i = n - 1; i >= 0; i--) {
        out[i] = XTERM_FIXED_FIRST + j;
        if (i > 0)
            j = from[i][j];
    }
    return 0;
}

int colour_ansi8_nearest(Rgb c)
{
    Lab t = colour_lab(c);
    int best = 0;
    double d = INFINITY;
    for (int i = 0; i < 8; i++) {
        double e = colour_de2000(t, colour_lab(colour_xterm_rgb(i)));
        if (e < d) {
            d = e;
            best = i;
        }
    }
    return best;
}
