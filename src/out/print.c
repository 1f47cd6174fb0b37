// print.c — stages as text heatmaps for a terminal or a file.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "order.h"
#include "gqa.h"
#include "i18n.h"
#include "print.h"
#include "utf8.h"

#define LABEL_MAX 14 // columns kept of a long label; the rest becomes "…"

// A label's columns; a label that is not valid UTF-8 (or a locale that is not UTF-8)
// counts a column per byte.
static int label_width(const char *s)
{
    int w = utf8_width(s);
    return w < 0 ? (int)strlen(s) : w;
}

void print_padded(FILE *f, const char *text, int width, int right)
{
    int w = label_width(text);
    char cut[256];
    if (w > width) { // keep what fits and mark the cut
        int used;
        size_t bytes = utf8_fit(text, width - 1, &used);
        if (bytes >= sizeof cut - 4)
            bytes = sizeof cut - 4;
        memcpy(cut, text, bytes);
        memcpy(cut + bytes, "…", sizeof "…");
        text = cut;
        w = used + 1;
    }
    if (right)
        fprintf(f, "%*s%s", width - w, "", text);
    else
        fprintf(f, "%s%*s", text, width - w, "");
}

static void set_color(FILE *f, ColorMode mode, HeatColor c)
{
    if (mode == COLOR_256)
        fprintf(f, "\033[38;5;%dm\033[48;5;%dm", c.fg, c.bg);
    else if (mode == COLOR_8 && c.bg >= 0)
        fprintf(f, "\033[3%dm\033[4%dm", c.fg, c.bg);
}

static void reset_color(FILE *f, ColorMode mode)
{
    if (mode != COLOR_NONE)
        fputs("\033[0m", f);
}

// A label as shown (escaped: a token or a column name from a file may hold a bidi
// control such as U+202E, which would reverse the rest of the line), with the
// generated-token mark; cut at a character when long (print_padded shortens it anyway).
static void label_text(const Trace *t, const Stage *s, bool column, size_t k, char *buf,
                       size_t size)
{
    const char *text = column ? s->col_labels[k] : s->row_labels[k];
    (void)t;
    bool mark = stage_generated(s, column, k);
    size_t n = at_escape_ex(buf, size - 1, text, false);
    if (mark)
        memcpy(buf + n, "*", 2);
}

static void print_legend(FILE *f, const Stage *s, HeatRange r, ColorMode color, const Palette *p,
                         bool has_masked)
{
    int levels[16];
    int n = heat_levels(s->scale, levels, 16);
    char lo[32], hi[32];
    if (color == COLOR_NONE) // shade glyphs: no palette
        fputs(_("  legend:"), f);
    else
        fprintf(f, _("  legend (%s):"), p ? p->name : palette_default()->name);
    fprintf(f, " %s ", fmt_num(lo, sizeof lo, r.lo));
    for (int k = 0; k < n; k++) {
        if (color == COLOR_NONE) {
            fputs(heat_glyph(s->scale, levels[k]), f);
        } else {
            set_color(f, color, heat_color(p, color, s->scale, levels[k]));
            fputs("  ", f);
            reset_color(f, color);
        }
    }
    fprintf(f, " %s%s", fmt_num(hi, sizeof hi, r.hi),
            s->scale == SCALE_PROB ? _("  (fixed 0..1)") : _("  (centred at 0)"));
    if (has_masked)
        fprintf(f, _("   %s masked (-inf)"), HEAT_MASKED_GLYPH);
    fputc('\n', f);
}

// The row's cells as shown (3 decimals), added up: what a reader adding them gets.
static double shown_sum(const Matrix *m, size_t i)
{
    double sum = 0;
    for (size_t j = 0; j < m->cols; j++) {
        double x = mat_get(m, i, j);
        sum += isfinite(x) ? round(x * 1000) / 1000 : 0;
    }
    return sum;
}

int print_stage(FILE *f, const Trace *t, const Stage *s, size_t k, ColorMode color,
                const Palette *p)
{
    return print_stage_of(f, t, s, k, t->count, color, p);
}

int print_stage_of(FILE *f, const Trace *t, const Stage *s, size_t k, size_t total,
                   ColorMode color, const Palette *p)
{
    const Matrix *m = &s->m;
    HeatRange r = heat_range(m, s->scale);
    char buf[LABEL_MAX * 4 + 8];

    fprintf(f, _("── stage %zu/%zu: %s — %s   %s   (%zu×%zu)\n"), k, total, s->name, s->title,
            s->formula, m->rows, m->cols);

    // Column widths: the widest of the numbers and the (cut) labels.
    int rw = label_width(_(s->corner));
    for (size_t i = 0; i < m->rows; i++) {
        label_text(t, s, false, i, buf, sizeof buf);
        int w = label_width(buf);
        rw = w > rw ? w : rw;
    }
    rw = rw > LABEL_MAX ? LABEL_MAX : rw;
    int cw = 6;
    bool has_masked = false;
    for (size_t i = 0; i < m->rows; i++)
        for (size_t j = 0; j < m->cols; j++) {
            double x = mat_get(m, i, j);
            has_masked |= isinf(x);
            int w = isinf(x) ? 4 : snprintf(NULL, 0, "%.3f", x);
            cw = w > cw ? w : cw;
        }
    for (size_t j = 0; j < m->cols; j++) {
        label_text(t, s, true, j, buf, sizeof buf);
        int w = label_width(buf);
        cw = w > cw ? w : cw;
    }
    cw = cw > LABEL_MAX ? LABEL_MAX : cw;
    int glyph = color == COLOR_NONE ? 1 : 0; // the shade glyph's column
    // Weights: each row's sum beside it (Σ), so that rounded cells are not mistaken for
    // a row that does not add up to 1.
    bool sums = s->scale == SCALE_PROB;
    long rounded = -1; // the first row whose shown cells do not add up to its shown Σ

    print_padded(f, _(s->corner), rw, 0);
    for (size_t j = 0; j < m->cols; j++) {
        label_text(t, s, true, j, buf, sizeof buf);
        fputs("  ", f);
        print_padded(f, buf, cw + glyph, 1);
    }
    if (sums)
        fputs("      Σ", f);
    fputc('\n', f);
    for (size_t i = 0; i < m->rows; i++) {
        label_text(t, s, false, i, buf, sizeof buf);
        print_padded(f, buf, rw, 0);
        for (size_t j = 0; j < m->cols; j++) {
            double x = mat_get(m, i, j);
            fputs("  ", f);
            if (isinf(x)) {
                fprintf(f, "%*s%s", cw, HEAT_MASKED_TEXT, glyph ? HEAT_MASKED_GLYPH : "");
                continue;
            }
            int level = heat_level(x, s->scale, r);
            if (color == COLOR_NONE) {
                fprintf(f, "%*.3f%s", cw, x, heat_glyph(s->scale, level));
            } else {
                set_color(f, color, heat_color(p, color, s->scale, level));
                fprintf(f, "%*.3f", cw, x);
                reset_color(f, color);
            }
        }
        if (sums) {
            double sum = mat_row_sum(m, i);
            fprintf(f, "  %5.3f", sum);
            if (rounded < 0 && fabs(shown_sum(m, i) - round(sum * 1000) / 1000) > 1e-9)
                rounded = (long)i;
        }
        fputc('\n', f);
    }
    print_legend(f, s, r, color, p, has_masked);
    if (rounded >= 0) {
        label_text(t, s, false, (size_t)rounded, buf, sizeof buf);
        fprintf(f, _("  Σ: each row's sum. The cells are rounded to 3 decimals, so the cells shown "
                  "in a row\n  can add up to a little more or less: row \"%s\" shows %.3f in all.\n"),
                buf, shown_sum(m, (size_t)rounded));
    }
    return ferror(f) ? -1 : 0;
}

// "looked up as: cats → cat, Dog → dog" (source: "source looked up as: ..."), when any
// token of that sentence found a row under another label.
static int print_looked_up(FILE *f, const Inputs *in, bool source, AtError *e)
{
    bool oom;
    char *list = inputs_looked_up_as(in, source, &oom);
    if (oom)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    if (list)
        fprintf(f, source ? _("source looked up as: %s\n") : _("looked up as: %s\n"), list); // escaped
    free(list);
    return 0;
}

static int print_header(FILE *f, const Trace *t, AtError *e)
{
    const Inputs *in = t->in;
    fputs(_("sentence: "), f);
    at_put_escaped(f, in->sentence);
    fprintf(f, _("\ntokens (%zu):"), t->n);
    for (size_t i = 0; i < t->n; i++) {
        fputc(' ', f);
        at_put_escaped(f, in->tokens.tok[i]);
        fputs(in->generated[i] ? "*" : "", f);
    }
    fputc('\n', f);
    if (print_looked_up(f, in, false, e) != 0)
        return -1;
    fprintf(f, _("d_model = %zu, d_k = %zu, d_v = %zu, scale = %s, temperature = %g, mask = %s\n"),
            t->d_model, t->d_k, t->d_v,
            !t->opt.scale ? _("off") : t->heads > 1 ? "1/√(d_k/H)" : "1/√d_k", t->opt.temperature,
            t->opt.mask == MASK_CAUSAL ? _("causal") : _("none"));
    char src[4][64];
    fprintf(f, _("embeddings: %s; W_Q: %s; W_K: %s; W_V: %s\n"),
            inputs_source_text(in, 0, src[0], sizeof src[0]),
            inputs_source_text(in, 1, src[1], sizeof src[1]),
            inputs_source_text(in, 2, src[2], sizeof src[2]),
            inputs_source_text(in, 3, src[3], sizeof src[3]));
    if (t->cross) { // cross-attention: keys and values from the source sentence
        fputs(_("source: "), f);
        at_put_escaped(f, in->src_sentence);
        fprintf(f, _("\nsource tokens (%zu):"), t->m);
        for (size_t j = 0; j < t->m; j++) {
            fputc(' ', f);
            at_put_escaped(f, in->src_tokens.tok[j]);
            fputs(in->src_generated[j] ? "*" : "", f);
        }
        fputc('\n', f);
        if (print_looked_up(f, in, true, e) != 0)
            return -1;
        fputs(_("cross-attention: Q from the sentence, K and V from the source\n"), f);
    }
    if (t->heads > 1 && t->kv_heads < t->heads) {
        char saving[256];
        gqa_saving_text(t, true, saving, sizeof saving);
        fprintf(f, _("heads = %zu, kv-heads = %zu: each head over d_k/H = %zu columns of Q and its "
                  "group's %zu of K and %zu of V (head h uses group ⌈h·G/H⌉), scaled by √(d_k/H); "
                  "W_O: %s\n%s\n"), t->heads, t->kv_heads, t->d_head, t->d_head, t->dv_head,
                in->source[W_O_SOURCE], saving);
    } else if (t->heads > 1)
        fprintf(f, _("heads = %zu: each over d_k/H = %zu columns of Q, K and d_v/H = %zu of V, "
                  "scaled by √(d_k/H); W_O: %s\n"), t->heads, t->d_head, t->dv_head,
                in->source[W_O_SOURCE]);
    char order[1024]; // --pos, --rope, --shuffle
    order_summary(t, order, sizeof order);
    if (order[0])
        fprintf(f, "%s\n", order); // the file's path is escaped
    if (in->n_generated || in->n_src_generated)
        fputs(_("* not in the vocabulary: embedding generated from the token and seed\n"), f);
    fputc('\n', f);
    return 0;
}

int print_trace(FILE *f, const Trace *t, const PrintOptions *o, AtError *e)
{
    if (print_header(f, t, e) != 0)
        return -1;
    bool noted[ST_COUNT] = {false};
    for (size_t k = 0; k < t->count; k++) {
        const Stage *s = &t->stage[k];
        if (o->only_stage && strcmp(o->only_stage, s->name) != 0)
            continue;
        // A kind's notes go above its first stage only (scores.h1, not every head's).
        const Lines *note = noted[s->id] ? NULL : o->notes[s->id];
        noted[s->id] = true;
        for (size_t l = 0; note && l < note->n; l++)
            fprintf(f, "%s\n", note->line[l]);
        if (note && note->n)
            fputc('\n', f);
        print_stage_of(f, t, s, k + 1, o->total ? o->total : t->count, o->color, o->palette);
        if (o->explain_stage == s) {
            Lines ex;
            if (explain(t, s, o->explain_row, o->explain_col, &ex, e) != 0)
                return -1;
            fputs(_("\n  where it comes from:\n"), f);
            for (size_t l = 0; l < ex.n; l++)
                fprintf(f, "  %s\n", ex.line[l]);
            lines_free(&ex);
        }
        fputc('\n', f);
    }
    return 0;
}
