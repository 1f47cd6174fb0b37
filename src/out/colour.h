// colour.h — colour arithmetic for the heatmap palettes. Pure functions, no state.
//
// Colours are sRGB as 0xRRGGBB. CIELAB uses the D65 white of sRGB (IEC 61966-2-1);
// differences are CIEDE2000 (Sharma, Wu and Dalal 2005) or CIE76 (Euclidean in Lab).
// The xterm-256 palette is the fixed part only: the 6×6×6 cube (16-231) and the grey
// ramp (232-255); 0-15 are the user's theme colours and are never chosen. Colour
// blindness is simulated with Machado, Oliveira and Fernandes (2009), severity 1.
#ifndef ATTNTRACE_COLOUR_H
#define ATTNTRACE_COLOUR_H

typedef unsigned long Rgb; // 0xRRGGBB

typedef struct {
    double L, a, b;
} Lab;

typedef enum { CVD_PROTAN, CVD_DEUTAN, CVD_TRITAN, CVD_COUNT } Cvd;

#define XTERM_FIXED_FIRST 16 // the first index that is the same in every terminal
#define XTERM_BLACK 16       // cube (0,0,0)
#define XTERM_WHITE 231      // cube (5,5,5)

// One sRGB channel (0-255) as linear light (0-1).
double colour_linear(unsigned channel);
// WCAG 2 relative luminance, 0 (black) to 1 (white).
double colour_luminance(Rgb c);
// WCAG 2 contrast ratio (L1 + 0.05) / (L2 + 0.05), lighter over darker: 1 to 21.
double colour_contrast(Rgb x, Rgb y);
// Black or white, whichever contrasts more with bg (black on a tie).
Rgb colour_text_on(Rgb bg);

Lab colour_lab(Rgb c);
// Linear-light r, g, b (0-1) → Lab.
Lab colour_lab_linear(double r, double g, double b);
double colour_de76(Lab x, Lab y);
double colour_de2000(Lab x, Lab y);

// How a viewer with that dichromacy sees c (Machado et al. 2009, severity 1.0: the
// matrix applied to linear light, clamped to the gamut), in Lab.
Lab colour_cvd_lab(Rgb c, Cvd kind);
const char *colour_cvd_name(Cvd kind); // "protanopia", …

// An xterm-256 index as RGB: 0-15 as xterm draws them by default, 16-231 the cube (levels
// 0, 95, 135, 175, 215, 255), 232-255 greys 8 + 10k; anything else white (paper).
Rgb colour_xterm_rgb(int index);
// The fixed xterm colour (16-255) nearest to c in CIEDE2000.
int colour_xterm_nearest(Rgb c);
// A ramp's xterm-256 approximation: for each of the n colours a fixed index (16-255),
// the choice that is nearest to the ramp as a whole (the least sum of squared CIEDE2000
// errors) among those whose lightness rises and falls where the ramp's does, so that
// the drawn ramp keeps its order. out[] gets n indices; returns 0, or -1 if n is out of
// 1..COLOUR_RAMP_MAX (out untouched).
#define COLOUR_RAMP_MAX 16
int colour_xterm_ramp(const Rgb *ramp, int n, int *out);
// The ANSI colour 0-7 (black, red, green, yellow, blue, magenta, cyan, white, as xterm
// draws them by default) nearest to c in CIEDE2000: the 8-colour approximation.
int colour_ansi8_nearest(Rgb c);

#endif
