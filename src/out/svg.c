// svg.c — stages as SVG heatmaps sized for a 16:9 slide, and an index.html.
//
// Layout of one slide (user units; the viewBox is 1280×720):
//
//   name — title                                                   stage k/N
//   formula   (rows×cols)
//   corner   col   col   col …                                    ┌──┐ hi
//   row     [cell][cell][cell]                                    │  │ 0 (or 0.5)
//   row     [cell][cell][cell]                                    └──┘ lo
//   sentence · d_k · scale · mask · * generated                   caption
//
// Text widths are estimated from the characters (DejaVu Sans advance widths, CJK 1 em):
// an SVG writer cannot measure fonts, so labels are cut with "…" to a width in em.
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"
#include "heatmap.h"
#include "i18n.h"
#include "outdir.h"
#include "paths.h"
#include "svg.h"

#define MARGIN 40.0
#define TITLE_FONT 34.0
#define FORMULA_FONT 28.0
#define LABEL_FONT 26.0   // row and column labels, at most
#define NUM_FONT_MAX 30.0 // cell values, at most
#define NOTE_FONT 18.0
#define LEGEND_FONT 20.0
#define CELL_MAX 96.0     // the tallest cell (small matrices do not fill the slide)
#define CELL_ASPECT 1.7   // the widest cell, as a multiple of its height
#define GRID_TOP 122.0    // below the title and the formula
#define GRID_BOTTOM (SVG_HEIGHT - 58.0)
#define LEGEND_X (SVG_WIDTH - MARGIN - 120.0)
#define LEGEND_W 30.0
#define LABEL_MAX_EM 9.0  // a longer label is cut with "…"
#define LABEL_GAP 14.0

#define FONTS "DejaVu Sans, Noto Sans CJK SC, Noto Sans CJK JP, WenQuanYi Zen Hei, sans-serif"

// ─── XML text ────────────────────────────────────────────────────────────────

// The code point at s (sets *cp, 0xFFFD when invalid) and its length in bytes (≥ 1).
static size_t utf8_next(const unsigned char *s, unsigned long *cp)
{
    unsigned long c = s[0];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
             : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    if (n == 1) {
        *cp = c;
        return 1;
    }
    c &= 0x7Fu >> n;
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return k;
        }
        c = c << 6 | (s[k] & 0x3F);
    }
    static const unsigned long MIN[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < MIN[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    *cp = c;
    return n;
}

// Characters XML 1.0 cannot hold (besides invalid UTF-8, already U+FFFD).
static bool xml_forbidden(unsigned long cp)
{
    return cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF;
}

int svg_put_text(FILE *f, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        unsigned long cp;
        size_t n = utf8_next(s, &cp);
        switch (cp) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if (cp == 0xFFFD || xml_forbidden(cp))
                fputs("\xEF\xBF\xBD", f); // U+FFFD
            else
                fwrite(s, 1, n, f);
        }
        s += n;
    }
    return ferror(f) ? -1 : 0;
}

// ─── text widths ─────────────────────────────────────────────────────────────

static bool is_wide(unsigned long c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

// The advance of one character in em (DejaVu Sans, roughly; CJK a full em).
static double char_em(unsigned long c)
{
    if (is_wide(c))
        return 1.0;
    if (c >= 0x300 && c <= 0x36F)
        return 0.0; // combining marks
    if (c >= 0x80)
        return 0.65;
    if (c >= '0' && c <= '9')
        return 0.64;
    if (strchr("iljtfr.,:;'|!I ()[]", (int)c))
        return 0.36;
    if (strchr("mwMW@%", (int)c))
        return 0.95;
    if (c >= 'A' && c <= 'Z')
        return 0.72;
    return 0.61;
}

static double text_em(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    double w = 0;
    while (*s) {
        unsigned long cp;
        s += utf8_next(s, &cp);
        w += char_em(cp);
    }
    return w;
}

// text, or as much of it as fits in max_em followed by "…", into buf.
static const char *fit_em(const char *text, double max_em, char *buf, size_t size)
{
    if (text_em(text) <= max_em && strlen(text) < size) {
        memcpy(buf, text, strlen(text) + 1);
        return buf;
    }
    const unsigned char *s = (const unsigned char *)text;
    double w = 0.8; // the "…"
    size_t at = 0;
    while (*s) {
        unsigned long cp;
        size_t n = utf8_next(s, &cp);
        if (w + char_em(cp) > max_em || at + n + sizeof "…" > size)
            break;
        memcpy(buf + at, s, n);
        at += n;
        w += char_em(cp);
        s += n;
    }
    memcpy(buf + at, "…", sizeof "…");
    return buf;
}

// ─── one stage ───────────────────────────────────────────────────────────────

typedef struct {
    double label_font; // row labels (and column labels unless narrower)
    double col_font;
    bool rotate;       // column labels slanted at -45°
    double row_w;      // width of the row labels' column
    double header_h;   // height of the column labels' row
    double x0, y0;     // the grid's top-left corner
    double cw, ch;     // one cell
    double num_font;
} Layout;

// A label with the generated-token mark, cut to LABEL_MAX_EM.
static const char *label(const Trace *t, const Stage *s, bool column, size_t k, char *buf,
                         size_t size)
{
    const char *text = column ? s->col_labels[k] : s->row_labels[k];
    (void)t;
    bool mark = stage_generated(s, column, k);
    fit_em(text, LABEL_MAX_EM - (mark ? 0.4 : 0), buf, size - 1);
    if (mark)
        strcat(buf, "*");
    return buf;
}

static const char *cell_text(char *buf, size_t size, double x)
{
    if (isinf(x))
        return HEAT_MASKED_GLYPH;
    snprintf(buf, size, "%.3f", x);
    if (strcmp(buf, "-0.000") == 0)
        snprintf(buf, size, "0.000");
    return buf;
}

// Cell size for labels of size f (row labels row_em wide, column labels col_em).
static void cells(Layout *L, double f, double row_em, double col_em, size_t rows, size_t cols,
                  double right)
{
    L->label_font = f;
    L->row_w = row_em * f;
    L->header_h = L->rotate ? col_em * f * 0.71 + f : f * 1.6;
    double avail_w = right - (MARGIN + L->row_w + LABEL_GAP);
    double avail_h = GRID_BOTTOM - GRID_TOP - L->header_h;
    L->ch = fmin(avail_h / (double)rows, CELL_MAX);
    L->cw = fmin(avail_w / (double)cols, L->ch * CELL_ASPECT);
}

static void layout(const Trace *t, const Stage *s, Layout *L)
{
    size_t rows = s->m.rows, cols = s->m.cols;
    char buf[600];
    double row_em = 0, col_em = 0, num_em = 0;
    for (size_t i = 0; i < rows; i++)
        row_em = fmax(row_em, text_em(label(t, s, false, i, buf, sizeof buf)));
    for (size_t j = 0; j < cols; j++)
        col_em = fmax(col_em, text_em(label(t, s, true, j, buf, sizeof buf)));
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            num_em = fmax(num_em, text_em(cell_text(buf, sizeof buf, mat_get(&s->m, i, j))));
    double corner_em = text_em(_(s->corner)) * 0.8; // drawn smaller

    // Horizontal column labels first; slanted ones when those would shrink a lot.
    double right = LEGEND_X - 48.0;
    for (int slant = 0; slant <= 1; slant++) {
        L->rotate = slant;
        cells(L, LABEL_FONT, fmax(row_em, corner_em), col_em, rows, cols, right);
        double fit = fmax(fmin(LABEL_FONT, L->ch * 0.62), 4.0); // labels no taller than rows
        if (fit < L->label_font)
            cells(L, fit, fmax(row_em, corner_em), col_em, rows, cols, right);
        if (L->rotate)
            L->col_font = fmin(L->label_font, L->cw * 0.6);
        else
            L->col_font = fmin(L->label_font, L->cw * 0.92 / fmax(col_em, 0.5));
        if (L->rotate || L->col_font >= fmin(0.8 * L->label_font, 20.0))
            break;
    }
    L->num_font = fmin(fmin(L->ch * 0.48, L->cw * 0.86 / fmax(num_em, 0.5)), NUM_FONT_MAX);

    // Centre the block (row labels + grid) left of the legend, and the grid vertically.
    double grid_w = L->cw * (double)cols, grid_h = L->ch * (double)rows;
    double block = L->row_w + LABEL_GAP + grid_w;
    double left = MARGIN + fmax(0.0, (right - MARGIN - block) / 2);
    L->x0 = left + L->row_w + LABEL_GAP;
    double room = GRID_BOTTOM - GRID_TOP - L->header_h - grid_h;
    L->y0 = GRID_TOP + L->header_h + fmax(0.0, room / 2);
}

// An RGB color as "#rrggbb".
static void put_rgb(FILE *f, unsigned long rgb)
{
    fprintf(f, "#%06lx", rgb & 0xffffff);
}

static void put_text_el(FILE *f, double x, double y, double size, const char *anchor,
                        const char *extra, const char *text)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\"", x, y, size);
    if (anchor)
        fprintf(f, " text-anchor=\"%s\"", anchor);
    if (extra)
        fprintf(f, " %s", extra);
    fputc('>', f);
    svg_put_text(f, text);
    fputs("</text>\n", f);
}

static void put_legend(FILE *f, const Stage *s, const Palette *p, const Layout *L,
                       bool has_masked)
{
    HeatRange r = heat_range(&s->m, s->scale);
    int levels[16];
    int n = heat_levels(s->scale, levels, 16);
    double grid_h = L->ch * (double)s->m.rows;
    double h = fmin(fmax(grid_h, 240.0), 360.0);
    double y = L->y0 + grid_h / 2 - h / 2;
    if (y < GRID_TOP + 10)
        y = GRID_TOP + 10;
    // Below the ramp: "centred at 0" 30 lower, and the masked key (its last line 94 lower);
    // all of it above the bottom line (SVG_HEIGHT - 22, font 18).
    double bottom = SVG_HEIGHT - 44 - (has_masked ? 94 : 30);
    if (y + h > bottom) {
        y = fmax(GRID_TOP + 10, bottom - h);
        h = bottom - y;
    }
    double seg = h / n, x = LEGEND_X;
    fprintf(f, "<g class=\"legend\" data-palette=\"%s\">\n", p->name);
    char name[64];
    snprintf(name, sizeof name, _("palette: %s"), p->name); // above the ramp
    put_text_el(f, x - 8, y - 12, NOTE_FONT, NULL, "fill=\"#555555\"", name);
    for (int k = 0; k < n; k++) { // highest level on top
        int level = levels[n - 1 - k];
        fprintf(f, "<rect data-level=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.2f\" "
                   "fill=\"", level, x, y + seg * k, LEGEND_W, seg + 0.4);
        put_rgb(f, heat_rgb(p, s->scale, level));
        fputs("\"/>\n", f);
    }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
               "stroke=\"#888888\" stroke-width=\"1\"/>\n", x, y, LEGEND_W, h);
    char buf[64];
    double mid = s->scale == SCALE_PROB ? (r.lo + r.hi) / 2 : 0.0;
    const double at[3] = {r.hi, mid, r.lo};
    for (int k = 0; k < 3; k++) {
        double ty = y + h * k / 2.0;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444444\" "
                   "stroke-width=\"2\"/>\n", x + LEGEND_W, ty, x + LEGEND_W + 7, ty);
        snprintf(buf, sizeof buf, "%.3f", at[k]);
        if (k == 1 && s->scale == SCALE_SIGNED)
            snprintf(buf, sizeof buf, "0");
        put_text_el(f, x + LEGEND_W + 11, ty + LEGEND_FONT * 0.35, LEGEND_FONT, NULL,
                    "fill=\"#222222\"", buf);
    }
    double cy = y + h + 30;
    put_text_el(f, x - 8, cy, NOTE_FONT, NULL, "fill=\"#555555\"",
                s->scale == SCALE_PROB ? _("fixed 0 to 1") : _("centred at 0"));
    if (has_masked) {
        cy += 20;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                   "fill=\"url(#hatch)\" stroke=\"#888888\"/>\n", x, cy, LEGEND_W, LEGEND_W);
        put_text_el(f, x + LEGEND_W / 2, cy + LEGEND_W * 0.5 + 7, LEGEND_FONT, "middle",
                    "fill=\"#333333\"", HEAT_MASKED_GLYPH);
        put_text_el(f, x + LEGEND_W + 8, cy + LEGEND_W * 0.5 + 7, NOTE_FONT, NULL,
                    "fill=\"#555555\"", _("masked"));
        put_text_el(f, x + LEGEND_W + 8, cy + LEGEND_W * 0.5 + 29, NOTE_FONT, NULL,
                    "fill=\"#555555\"", "(" HEAT_MASKED_TEXT ")");
    }
    fputs("</g>\n", f);
}

// The bottom line: the sentence and the settings behind the numbers.
static void put_note(FILE *f, const Trace *t, const Stage *s)
{
    bool generated = false;
    for (size_t i = 0; i < s->m.rows; i++)
        generated |= stage_generated(s, false, i);
    for (size_t j = 0; j < s->m.cols; j++)
        generated |= stage_generated(s, true, j);
    char tail[300], sentence[400], note[800], heads[48] = "";
    if (t->heads > 1)
        snprintf(heads, sizeof heads, _(" · %zu heads"), t->heads);
    snprintf(tail, sizeof tail, _(" · d_k = %zu%s%s · %s · T = %g · mask: %s%s"), t->d_k, heads,
             t->cross ? _(" · cross-attention") : "",
             !t->opt.scale ? _("not scaled") : t->heads > 1 ? _("scaled by 1/√(d_k/H)")
                                                             : _("scaled by 1/√d_k"),
             t->opt.temperature, t->opt.mask == MASK_CAUSAL ? _("causal") : _("none"),
             generated ? _(" · * generated (not in the vocabulary)") : "");
    double room = (SVG_WIDTH - 2 * MARGIN) / NOTE_FONT - text_em(tail) - 1.0; // em, minus “”
    fit_em(t->in->sentence, fmax(room, 4.0), sentence, sizeof sentence);
    snprintf(note, sizeof note, "“%s”%s", sentence, tail);
    put_text_el(f, MARGIN, SVG_HEIGHT - 22, NOTE_FONT, NULL, "fill=\"#666666\"", note);
}

int svg_write_stage(FILE *f, const Trace *t, const Stage *s, size_t k, const Palette *p)
{
    return svg_write_stage_of(f, t, s, k, t->count, p);
}

int svg_write_stage_of(FILE *f, const Trace *t, const Stage *s, size_t k, size_t total,
                       const Palette *p)
{
    if (!p)
        p = palette_default();
    const Matrix *m = &s->m;
    HeatRange r = heat_range(m, s->scale);
    Layout L;
    layout(t, s, &L);
    char buf[600];

    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"%s\" data-stage=\"", SVG_WIDTH, SVG_HEIGHT,
            SVG_WIDTH, SVG_HEIGHT, FONTS);
    svg_put_text(f, s->name);
    fprintf(f, "\" data-rows=\"%zu\" data-cols=\"%zu\">\n<title>", m->rows, m->cols);
    snprintf(buf, sizeof buf, _("stage %zu/%zu: %s — %s"), k, total, s->name, s->title);
    svg_put_text(f, buf);
    fputs("</title>\n"
          "<defs><pattern id=\"hatch\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" "
          "patternTransform=\"rotate(45)\"><rect width=\"10\" height=\"10\" fill=\"#e8e8e8\"/>"
          "<rect width=\"4\" height=\"10\" fill=\"#bdbdbd\"/></pattern></defs>\n"
          "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", f);

    // Title and formula.
    snprintf(buf, sizeof buf, "%s — %s", s->name, s->title);
    put_text_el(f, MARGIN, 58, TITLE_FONT, NULL, "font-weight=\"bold\" fill=\"#111111\"", buf);
    snprintf(buf, sizeof buf, _("stage %zu/%zu"), k, total);
    put_text_el(f, SVG_WIDTH - MARGIN, 58, 24, "end", "fill=\"#666666\"", buf);
    fprintf(f, "<text x=\"%.1f\" y=\"100\" font-size=\"%.1f\" fill=\"#222222\">", MARGIN,
            FORMULA_FONT);
    svg_put_text(f, s->formula);
    fprintf(f, "<tspan dx=\"18\" fill=\"#777777\" font-size=\"22\">(%zu×%zu)</tspan></text>\n", m->rows,
            m->cols);

    // Labels: the corner above the row labels, columns above the grid, rows to its left.
    double lf = L.label_font, cf = L.col_font;
    put_text_el(f, L.x0 - LABEL_GAP, L.y0 - 12, lf * 0.8, "end",
                "fill=\"#777777\" font-style=\"italic\"", _(s->corner));
    fputs("<g class=\"col-labels\" fill=\"#222222\">\n", f);
    for (size_t j = 0; j < m->cols; j++) {
        double cx = L.x0 + L.cw * ((double)j + 0.5);
        label(t, s, true, j, buf, sizeof buf);
        if (L.rotate) {
            char tr[96];
            double y = L.y0 - 10;
            snprintf(tr, sizeof tr, "transform=\"rotate(-45 %.1f %.1f)\"", cx, y);
            put_text_el(f, cx, y, cf, "start", tr, buf);
        } else {
            put_text_el(f, cx, L.y0 - 12, cf, "middle", NULL, buf);
        }
    }
    fputs("</g>\n<g class=\"row-labels\" fill=\"#222222\">\n", f);
    for (size_t i = 0; i < m->rows; i++) {
        double cy = L.y0 + L.ch * ((double)i + 0.5);
        put_text_el(f, L.x0 - LABEL_GAP, cy + lf * 0.35, lf, "end", NULL,
                    label(t, s, false, i, buf, sizeof buf));
    }
    fputs("</g>\n", f);

    // Cells: the level's colour, the value (or the masked glyph) on top.
    bool has_masked = false;
    double stroke = fmin(2.0, L.ch * 0.05);
    fprintf(f, "<g class=\"cells\" stroke=\"#ffffff\" stroke-width=\"%.2f\" "
               "text-anchor=\"middle\">\n", stroke);
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++) {
            double x = mat_get(m, i, j), cx = L.x0 + L.cw * (double)j, cy = L.y0 + L.ch * (double)i;
            fprintf(f, "<rect data-cell=\"%zu,%zu\" ", i, j);
            if (isinf(x)) {
                has_masked = true;
                fprintf(f, "data-masked=\"1\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                           "fill=\"url(#hatch)\"/>\n", cx, cy, L.cw, L.ch);
                fprintf(f, "<text class=\"m\" data-cell=\"%zu,%zu\" x=\"%.1f\" y=\"%.1f\" "
                           "font-size=\"%.1f\" fill=\"#555555\" stroke=\"none\">%s</text>\n",
                        i, j, cx + L.cw / 2, cy + L.ch / 2 + L.ch * 0.19, L.ch * 0.55,
                        HEAT_MASKED_GLYPH);
                continue;
            }
            int level = heat_level(x, s->scale, r);
            char num[CSVIO_NUMBER_MAX];
            csvio_format_number(num, x); // as the CSV export writes it
            fprintf(f, "data-value=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                       "height=\"%.1f\" fill=\"", num, cx, cy, L.cw, L.ch);
            put_rgb(f, heat_rgb(p, s->scale, level));
            fprintf(f, "\"/>\n<text class=\"v\" data-cell=\"%zu,%zu\" x=\"%.1f\" y=\"%.1f\" "
                       "font-size=\"%.1f\" fill=\"", i, j, cx + L.cw / 2,
                    cy + L.ch / 2 + L.num_font * 0.36, L.num_font);
            put_rgb(f, heat_text_rgb(p, s->scale, level));
            fprintf(f, "\" stroke=\"none\">%s</text>\n", cell_text(buf, sizeof buf, x));
        }
    fputs("</g>\n", f);

    put_legend(f, s, p, &L, has_masked);
    put_note(f, t, s);
    fputs("</svg>\n", f);
    return ferror(f) ? -1 : 0;
}

// ─── files ───────────────────────────────────────────────────────────────────

void svg_file_name(const Trace *t, size_t k, char *buf, size_t size)
{
    snprintf(buf, size, "%02zu_%s.svg", k + 1, t->stage[k].name);
}

typedef struct {
    const Trace *t;
    const Palette *p;
    size_t k; // 0-based
    const Decode *d; // --decode: its steps' slides after the trace's; NULL: none
} StageSvg;

// The slide at 0-based position k: the trace's stages, then the decode steps'.
static const Stage *slide_stage(const StageSvg *w, size_t k)
{
    return k < w->t->count ? &w->t->stage[k] : &w->d->stage[k - w->t->count].s;
}

static size_t slide_count(const StageSvg *w)
{
    return w->t->count + (w->d ? w->d->count : 0);
}

static void slide_file(const StageSvg *w, size_t k, char *buf, size_t size)
{
    snprintf(buf, size, "%02zu_%s.svg", k + 1, slide_stage(w, k)->name);
}

static int write_stage_svg(FILE *f, void *ctx)
{
    const StageSvg *w = ctx;
    return svg_write_stage_of(f, w->t, slide_stage(w, w->k), w->k + 1, slide_count(w), w->p);
}

// index.html's opening and closing, byte for byte; recognise_index knows the rest.
#define INDEX_HEAD "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\"/>\n<title>attntrace: "
#define INDEX_TAIL "</body>\n</html>\n"

// index.html: every slide in order, for a browser (and the mark of a complete export).
static int write_index(FILE *f, void *ctx)
{
    const StageSvg *w = ctx;
    const Trace *t = w->t;
    fputs(INDEX_HEAD, f);
    svg_put_text(f, t->in->sentence);
    fputs("</title>\n<style>\n"
          "body { font-family: \"DejaVu Sans\", \"Noto Sans CJK SC\", sans-serif; margin: 0 auto;"
          " max-width: 1280px; padding: 1em; background: #f2f2f2; color: #222; }\n"
          "nav a { margin-right: 0.8em; white-space: nowrap; }\n"
          "section { margin: 2em 0; }\n"
          "img { width: 100%; height: auto; background: #fff; box-shadow: 0 1px 4px #0004; }\n"
          "</style>\n</head>\n<body>\n<h1>attntrace: ", f);
    svg_put_text(f, t->in->sentence);
    fputs("</h1>\n<p>", f);
    char line[400];
    snprintf(line, sizeof line,
             _("%zu tokens · d_model = %zu · d_k = %zu · d_v = %zu · %s · temperature %g · mask: %s"),
             t->n, t->d_model, t->d_k, t->d_v,
             t->opt.scale ? _("scaled by 1/√d_k") : _("not scaled"), t->opt.temperature,
             t->opt.mask == MASK_CAUSAL ? _("causal") : _("none"));
    svg_put_text(f, line);
    fputs("</p>\n<nav>", f);
    for (size_t k = 0; k < slide_count(w); k++)
        fprintf(f, "<a href=\"#%s\">%zu. %s</a> ", slide_stage(w, k)->name, k + 1,
                slide_stage(w, k)->name);
    fputs("</nav>\n", f);
    for (size_t k = 0; k < slide_count(w); k++) {
        const Stage *s = slide_stage(w, k);
        char file[64];
        slide_file(w, k, file, sizeof file);
        fprintf(f, "<section id=\"%s\">\n<h2>%zu. %s: ", s->name, k + 1, s->name);
        svg_put_text(f, s->title);
        fprintf(f, "</h2>\n<img src=\"%s\" alt=\"", file);
        svg_put_text(f, s->formula);
        fputs("\"/>\n</section>\n", f);
    }
    fputs(INDEX_TAIL, f);
    return ferror(f) ? -1 : 0;
}

static int fill_svg(const char *tmp, void *ctx, AtError *e)
{
    const StageSvg *all = ctx; // its k is unused
    for (size_t k = 0; k < slide_count(all); k++) {
        char file[64];
        slide_file(all, k, file, sizeof file);
        StageSvg w = {all->t, all->p, k, all->d};
        if (outdir_write_file(tmp, file, write_stage_svg, &w, e) != 0)
            return -1;
    }
    return outdir_write_file(tmp, "index.html", write_index, (void *)all, e);
}

// Does text continue with the n bytes of want? Then step past them.
static bool take(const char **at, const char *want)
{
    size_t n = strlen(want);
    if (strncmp(*at, want, n) != 0)
        return false;
    *at += n;
    return true;
}

// The slides an earlier SVG export's index.html shows, when it is exactly what
// write_index writes: its opening, the navigation, then for slide k = 1, 2, …
//   <section id="NAME">\n<h2>k. NAME: TITLE</h2>\n<img src="KK_NAME.svg" alt="FORMULA"/>\n</section>\n
// (TITLE and FORMULA escaped: no '<', '"' or newline), and its closing; else NULL.
static char **recognise_index(const char *text, size_t len)
{
    const char *at = text, *nav = strstr(text, "</nav>\n");
    if (!take(&at, INDEX_HEAD) || !nav)
        return NULL;
    at = nav + strlen("</nav>\n");
    char **files = NULL;
    size_t n = 0;
    bool ok = true;
    for (size_t k = 1; ok && take(&at, "<section id=\""); k++) {
        char name[48], file[64], want[128];
        size_t nl = strspn(at, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                               "0123456789_.");
        ok = nl > 0 && nl < sizeof name && at[0] != '.';
        if (!ok)
            break;
        memcpy(name, at, nl);
        name[nl] = '\0';
        at += nl;
        snprintf(file, sizeof file, "%02zu_%s.svg", k, name);
        snprintf(want, sizeof want, "\">\n<h2>%zu. %s: ", k, name);
        ok = take(&at, want);
        at += strcspn(at, "<\"\n"); // the title, escaped
        snprintf(want, sizeof want, "</h2>\n<img src=\"%s\" alt=\"", file);
        ok = ok && take(&at, want);
        at += strcspn(at, "<\"\n"); // the formula, escaped
        ok = ok && take(&at, "\"/>\n</section>\n") && outdir_names_add(&files, &n, file);
    }
    if (!ok || n == 0 || strcmp(at, INDEX_TAIL) != 0 || (size_t)(at - text) +
                                                               strlen(INDEX_TAIL) != len) {
        outdir_names_free(files);
        return NULL;
    }
    return files;
}

static void svg_spec(const SvgOptions *o, OutdirSpec *spec)
{
    *spec = (OutdirSpec){.what = _("SVG export"), .marker = "index.html",
                         .recognise = recognise_index, .force = o && o->force};
}

int svg_export_check(const char *dir, const SvgOptions *o, char **target, AtError *e)
{
    OutdirSpec spec;
    svg_spec(o, &spec);
    return outdir_check(dir, &spec, target, e);
}

int svg_export(const Trace *t, const char *dir, const SvgOptions *o, AtError *e)
{
    OutdirSpec spec;
    svg_spec(o, &spec);
    StageSvg all = {t, o ? o->palette : NULL, 0, o ? o->decode : NULL};
    return outdir_write(dir, &spec, fill_svg, &all, e);
}

int svg_export_stage(const Trace *t, const Stage *s, const Palette *p, const char *dir,
                     char *path_out, size_t size, AtError *e)
{
    size_t k = (size_t)(s - t->stage);
    char file[64];
    svg_file_name(t, k, file, sizeof file);
    StageSvg w = {t, p, k, NULL};
    return outdir_write_one(dir, file, write_stage_svg, &w, path_out, size, e);
}
