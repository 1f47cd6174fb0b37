// tui_widgets.c — the drawing pieces the screens share (see tui_widgets.h).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tui_explore.h"
#include "tui_panel.h"
#include "tui_text.h"
#include "tui_view.h"
#include "tui_widgets.h"

_Static_assert(TUI_PAIR_PROB + HEAT_PROB_LEVELS <= TUI_PAIRS_NEEDED, "TUI_PAIRS_NEEDED is too small");
_Static_assert(TUI_PAIRS_NEEDED <= 255, "COLOR_PAIR keeps 8 bits");

static ColorMode g_mode = COLOR_NONE;

void tui_colors_init(ColorMode mode, const Palette *p)
{
    g_mode = mode;
    if (mode == COLOR_NONE)
        return;
    bool c = mode == COLOR_256;
    init_pair(TUI_PAIR_TITLE, c ? 15 : COLOR_WHITE, c ? 24 : COLOR_BLUE);
    init_pair(TUI_PAIR_HL, c ? 16 : COLOR_BLACK, c ? 228 : COLOR_YELLOW);
    init_pair(TUI_PAIR_OK, c ? 16 : COLOR_BLACK, c ? 151 : COLOR_GREEN);
    init_pair(TUI_PAIR_ERR, c ? 15 : COLOR_WHITE, c ? 160 : COLOR_RED);
    init_pair(TUI_PAIR_DIM, c ? 244 : -1, -1);
    init_pair(TUI_PAIR_KEY, c ? 16 : COLOR_BLACK, c ? 252 : COLOR_WHITE);
    init_pair(TUI_PAIR_HEADING, c ? 24 : COLOR_BLUE, -1);
    for (int l = -HEAT_SIGNED_LEVELS; l <= HEAT_SIGNED_LEVELS; l++) {
        HeatColor hc = heat_color(p, mode, SCALE_SIGNED, l);
        init_pair((short)(TUI_PAIR_SIGNED + l + HEAT_SIGNED_LEVELS), (short)hc.fg, (short)hc.bg);
    }
    for (int l = 0; l <= HEAT_PROB_LEVELS; l++) {
        HeatColor hc = heat_color(p, mode, SCALE_PROB, l);
        init_pair((short)(TUI_PAIR_PROB + l), (short)hc.fg, (short)hc.bg);
    }
}

attr_t tui_att(int pair, attr_t mono)
{
    return g_mode == COLOR_NONE ? mono : (attr_t)COLOR_PAIR(pair);
}

static attr_t heat_attr(ScaleKind k, int level)
{
    if (g_mode == COLOR_NONE)
        return A_NORMAL;
    return (attr_t)COLOR_PAIR(k == SCALE_PROB ? TUI_PAIR_PROB + level
                                              : TUI_PAIR_SIGNED + level + HEAT_SIGNED_LEVELS);
}

// ─── text helpers ─────────────────────────────────────────────────────────────

int tui_put(int y, int x, int w, const char *text, attr_t a)
{
    if (w <= 0)
        return 0;
    int tw = tui_text_width(text);
    attrset(a);
    if (tw <= w) {
        bool unsafe = tui_text_unsafe(text);
        char *d = unsafe ? tui_text_display_dup(text) : NULL;
        mvaddstr(y, x, !unsafe ? text : d ? d : "…");
        free(d);
    } else {
        char buf[1024];
        tui_fit_text(text, w, false, buf, sizeof buf);
        mvaddstr(y, x, buf);
        tw = w;
    }
    attrset(A_NORMAL);
    return tw;
}

void tui_put_fit(int y, int x, int w, const char *text, bool right, attr_t a)
{
    if (w <= 0)
        return;
    char buf[512];
    attrset(a);
    mvaddstr(y, x, tui_fit_text(text, w, right, buf, sizeof buf));
    attrset(A_NORMAL);
}

// ASCII text straight into the cells (no multibyte decoding: the matrix's hot path);
// anything else (a number and its shade glyph) goes through addstr.
static void put_cells(int y, int x, const char *text, attr_t a)
{
    chtype cells[64];
    int n = 0;
    for (; text[n] && n < 64; n++) {
        unsigned char c = (unsigned char)text[n];
        if (c >= 0x80 || c < 0x20)
            break;
        cells[n] = (chtype)c | a;
    }
    if (text[n] == '\0') {
        mvaddchnstr(y, x, cells, n);
        return;
    }
    attrset(a);
    mvaddstr(y, x, text);
    attrset(A_NORMAL);
}

void tui_fill(int y, int x, int w, attr_t a)
{
    attrset(a);
    mvhline(y, x, ' ', w);
    attrset(A_NORMAL);
}

// ─── matrices ─────────────────────────────────────────────────────────────────

// A row or column label, with "*" on tokens whose vector was generated.
static const char *mat_label(const TuiMat *m, bool column, size_t k, char *buf, size_t size)
{
    bool col = column != m->transpose; // a column of Kᵀ is a row of K
    const Stage *s = m->s;
    const char *text = col ? s->col_labels[k] : s->row_labels[k];
    snprintf(buf, size, "%s%s", text, stage_generated(s, col, k) ? "*" : "");
    return buf;
}

void tui_grid_draw(const TuiState *st, const TuiGridDraw *d, int x, int y)
{
    const TuiMat *m = d->m;
    const TuiGrid *g = &d->g;
    bool glyph = d->heat && st->color == COLOR_NONE;
    char lab[256], num[64];
    attr_t hl = tui_att(TUI_PAIR_HL, A_REVERSE) | A_BOLD;

    // The corner names the row axis when it fits; arrows say there is more to scroll to.
    if (!m->transpose && tui_text_width(_(m->s->corner)) <= g->label_w)
        tui_put(y, x, g->label_w, _(m->s->corner), tui_att(TUI_PAIR_DIM, A_DIM));
    int cx0 = x + g->label_w + TUI_GRID_GAP, rh = tui_grid_row_h(g), mid = (rh - 1) / 2;
    int pad = g->pad_right > 0 && g->pad_right < g->cell_w ? g->pad_right : 0;
    if (g->first_col > 0)
        tui_put(y, cx0 - 1, 1, "◂", A_BOLD);
    if (g->first_col + g->vis_cols < g->cols)
        tui_put(y, cx0 + (int)g->vis_cols * (g->cell_w + TUI_GRID_GAP) - 1, 1, "▸", A_BOLD);
    for (size_t c = 0; c < g->vis_cols; c++) {
        size_t j = g->first_col + c;
        bool mark = (long)j == d->hl_col || (long)j == d->cur_j;
        tui_put_fit(y, cx0 + (int)c * (g->cell_w + TUI_GRID_GAP), g->cell_w - pad,
                mat_label(m, true, j, lab, sizeof lab), true,
                mark ? (d->heat ? A_BOLD | A_UNDERLINE : hl) : A_BOLD);
    }
    for (size_t r = 0; r < g->vis_rows; r++) {
        size_t i = g->first_row + r;
        int yy = y + 1 + (int)r * rh; // the row's first line; its number on line yy + mid
        bool mark = (long)i == d->hl_row || (long)i == d->cur_i;
        tui_put_fit(yy + mid, x, g->label_w, mat_label(m, false, i, lab, sizeof lab), false,
                mark ? (d->heat ? A_BOLD | A_UNDERLINE : hl) : A_BOLD);
        for (size_t c = 0; c < g->vis_cols; c++) {
            size_t j = g->first_col + c;
            int xx = cx0 + (int)c * (g->cell_w + TUI_GRID_GAP);
            double v = tui_mat_at(m, i, j);
            attr_t a;
            if (isinf(v)) { // masked: its own glyph, never colored like a number
                a = tui_att(TUI_PAIR_DIM, A_NORMAL);
                snprintf(num, sizeof num, "%*s%s%*s", g->cell_w - 1 - pad, "", HEAT_MASKED_GLYPH,
                         pad, "");
            } else {
                int level = heat_level(v, m->s->scale, m->info->range);
                a = d->heat ? heat_attr(m->s->scale, level) : A_NORMAL;
                // fixed point, or the exponent form when that is too wide
                tui_format_number(num, sizeof num, v, st->decimals,
                                  g->cell_w - pad - (glyph ? 1 : 0));
                if (glyph || pad > 0) { // then the glyph and the right margin
                    size_t len = strlen(num);
                    snprintf(num + len, sizeof num - len, "%s%*s",
                             glyph ? heat_glyph(m->s->scale, level) : "", pad, "");
                }
            }
            if ((long)i == d->hl_row || (long)j == d->hl_col)
                a = hl;
            if ((long)i == d->cur_i && (long)j == d->cur_j)
                a |= A_REVERSE | A_BOLD;
            if (st->ex && tui_explore_marked(st->ex, m->s, m->transpose ? j : i,
                                             m->transpose ? i : j))
                a |= A_UNDERLINE | A_BOLD; // changed by the last edit or what-if
            for (int k = 0; k < rh; k++) // a tall row: the block in the cell's color
                if (k != mid)
                    tui_fill(yy + k, xx, g->cell_w, a & ~(attr_t)A_UNDERLINE);
            put_cells(yy + mid, xx, num, a);
        }
    }
    attrset(A_NORMAL);
}

int tui_legend(const TuiState *st, const Stage *s, const TuiStageInfo *info, int y, int x,
               int w, bool draw)
{
    const HeatRange *r = &info->range;
    int levels[16];
    int n = heat_levels(s->scale, levels, 16);
    char lo[48], hi[48]; // as the cells show them
    int d = st->decimals;
    tui_format_number(lo, sizeof lo, r->lo, d, tui_number_width(r->lo, r->lo, d));
    tui_format_number(hi, sizeof hi, r->hi, d, tui_number_width(r->hi, r->hi, d));
    const char *kind = s->scale == SCALE_PROB ? _(TUI_LEGEND_PROB) : _(TUI_LEGEND_SIGNED);
    const char *masked = info->has_masked ? TUI_LEGEND_MASKED : "";
    int width = tui_legend_width(st, s, info);
    if (!draw)
        return width;
    int at = x, end = x + w;
    at += tui_put(y, at, end - at, lo, A_NORMAL) + 1;
    for (int k = 0; k < n && at + 2 <= end; k++, at += 2) {
        if (st->color == COLOR_NONE) {
            const char *gl = heat_glyph(s->scale, levels[k]);
            char two[16];
            snprintf(two, sizeof two, "%s%s", gl, gl);
            tui_put(y, at, 2, two, A_NORMAL);
        } else {
            tui_fill(y, at, 2, heat_attr(s->scale, levels[k]));
        }
    }
    at += 1;
    at += tui_put(y, at, end - at, hi, A_NORMAL);
    at += tui_put(y, at, end - at, kind, tui_att(TUI_PAIR_DIM, A_NORMAL));
    tui_put(y, at, end - at, masked, A_NORMAL);
    return width;
}

// ─── boxes and text columns ───────────────────────────────────────────────────

void tui_box(int y, int x, int h, int w)
{
    for (int r = 0; r < h; r++)
        tui_fill(y + r, x, w, A_NORMAL);
    attrset(A_BOLD);
    mvhline(y, x + 1, ACS_HLINE, w - 2);
    mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvvline(y + 1, x, ACS_VLINE, h - 2);
    mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
    mvaddch(y, x, ACS_ULCORNER);
    mvaddch(y, x + w - 1, ACS_URCORNER);
    mvaddch(y + h - 1, x, ACS_LLCORNER);
    mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    attrset(A_NORMAL);
}

int tui_text_column(const Lines *text, int scroll, int x, int y, int w, int h)
{
    int max = tui_panel_max_scroll((int)text->n, h), th = tui_panel_text_lines((int)text->n, h);
    if (scroll > max)
        scroll = max;
    for (int r = 0; r < th && (size_t)(scroll + r) < text->n; r++) {
        const char *line = text->line[scroll + r];
        if (strncmp(line, TUI_HEADING, TUI_HEADING_LEN) == 0)
            tui_put(y + r, x, w - 1, line + TUI_HEADING_LEN, tui_att(TUI_PAIR_HEADING, A_UNDERLINE) | A_BOLD);
        else
            tui_put(y + r, x, w - 1, line, A_NORMAL);
    }
    if (scroll > 0) // in the column kept for it
        tui_put(y, x + w - 1, 1, "▲", A_BOLD);
    if (scroll < max) // on the line kept for it
        tui_put(y + h - 1, x + w - 9, 9, _(" ▼ ] more"), tui_att(TUI_PAIR_KEY, A_REVERSE));
    return scroll;
}
