// tui_draw.c — one frame of the stepper on stdscr: header, matrix heatmap (with its
// operands when the stage is a product), explanation and inspector panel, status line,
// footer, and the help overlay or the "too small" screen. The caller refreshes once.
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "lesson.h"
#include "tui_explore.h"
#include "tui_state.h"
#include "tui_text.h"

// Color pairs (all ≤ 255: COLOR_PAIR keeps 8 bits). The heat pairs follow heatmap.h.
enum {
    PAIR_TITLE = 1, PAIR_HL, PAIR_OK, PAIR_ERR, PAIR_DIM, PAIR_KEY, PAIR_HEADING,
    PAIR_SIGNED = 16, // + level + HEAT_SIGNED_LEVELS
    PAIR_PROB = 32,   // + level
};
_Static_assert(PAIR_PROB + HEAT_PROB_LEVELS <= PAIRS_NEEDED, "PAIRS_NEEDED is too small");
_Static_assert(PAIRS_NEEDED <= 255, "COLOR_PAIR keeps 8 bits");

// A panel line that starts with this marker is a heading. It is a private-use character
// (U+E000), not a control, so lines_addf's escaping of controls leaves it alone.
#define HEADING "\xEE\x80\x80"
#define HEADING_LEN 3

static ColorMode g_mode = COLOR_NONE;

void tui_colors_init(ColorMode mode, const Palette *p)
{
    g_mode = mode;
    if (mode == COLOR_NONE)
        return;
    bool c = mode == COLOR_256;
    init_pair(PAIR_TITLE, c ? 15 : COLOR_WHITE, c ? 24 : COLOR_BLUE);
    init_pair(PAIR_HL, c ? 16 : COLOR_BLACK, c ? 228 : COLOR_YELLOW);
    init_pair(PAIR_OK, c ? 16 : COLOR_BLACK, c ? 151 : COLOR_GREEN);
    init_pair(PAIR_ERR, c ? 15 : COLOR_WHITE, c ? 160 : COLOR_RED);
    init_pair(PAIR_DIM, c ? 244 : -1, -1);
    init_pair(PAIR_KEY, c ? 16 : COLOR_BLACK, c ? 252 : COLOR_WHITE);
    init_pair(PAIR_HEADING, c ? 24 : COLOR_BLUE, -1);
    for (int l = -HEAT_SIGNED_LEVELS; l <= HEAT_SIGNED_LEVELS; l++) {
        HeatColor hc = heat_color(p, mode, SCALE_SIGNED, l);
        init_pair((short)(PAIR_SIGNED + l + HEAT_SIGNED_LEVELS), (short)hc.fg, (short)hc.bg);
    }
    for (int l = 0; l <= HEAT_PROB_LEVELS; l++) {
        HeatColor hc = heat_color(p, mode, SCALE_PROB, l);
        init_pair((short)(PAIR_PROB + l), (short)hc.fg, (short)hc.bg);
    }
}

// A color pair, or the attribute that stands in for it with no color.
static attr_t att(int pair, attr_t mono)
{
    return g_mode == COLOR_NONE ? mono : (attr_t)COLOR_PAIR(pair);
}

static attr_t heat_attr(ScaleKind k, int level)
{
    if (g_mode == COLOR_NONE)
        return A_NORMAL;
    return (attr_t)COLOR_PAIR(k == SCALE_PROB ? PAIR_PROB + level
                                              : PAIR_SIGNED + level + HEAT_SIGNED_LEVELS);
}

// ─── text helpers ─────────────────────────────────────────────────────────────

// Text at (y, x), cut with "…" to at most w columns. Returns the columns used. Never
// a control or a bidi control raw: the display form (tui_text.h) is what is drawn.
static int put(int y, int x, int w, const char *text, attr_t a)
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

// Text padded or cut to exactly w columns.
static void put_fit(int y, int x, int w, const char *text, bool right, attr_t a)
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

static void fill(int y, int x, int w, attr_t a)
{
    attrset(a);
    mvhline(y, x, ' ', w);
    attrset(A_NORMAL);
}

// ─── matrices ─────────────────────────────────────────────────────────────────

static size_t mat_rows(const TuiMat *m) { return m->transpose ? m->s->m.cols : m->s->m.rows; }
static size_t mat_cols(const TuiMat *m) { return m->transpose ? m->s->m.rows : m->s->m.cols; }
static double mat_at(const TuiMat *m, size_t i, size_t j)
{
    return m->transpose ? mat_get(&m->s->m, j, i) : mat_get(&m->s->m, i, j);
}

// A row or column label, with "*" on tokens whose vector was generated.
static const char *mat_label(const Trace *t, const TuiMat *m, bool column, size_t k, char *buf,
                             size_t size)
{
    bool col = column != m->transpose; // a column of Kᵀ is a row of K
    const Stage *s = m->s;
    const char *text = col ? s->col_labels[k] : s->row_labels[k];
    (void)t;
    snprintf(buf, size, "%s%s", text, stage_generated(s, col, k) ? "*" : "");
    return buf;
}

static int label_w(const TuiMat *m)
{
    int w = m->transpose ? m->info->col_label_w : m->info->row_label_w;
    return w < 1 ? 1 : w;
}

static int cell_w(const TuiMat *m, int decimals, bool glyph)
{
    int cl = m->transpose ? m->info->row_label_w : m->info->col_label_w;
    return tui_cell_width(tui_number_width(m->info->lo, m->info->hi, decimals), glyph, cl);
}

typedef struct {
    const TuiMat *m;
    TuiGrid g;
    bool heat;              // the colored result; else a plain operand
    long hl_row, hl_col;    // an operand's highlighted row or column (-1: none)
    long cur_i, cur_j;      // the result's cursor (-1: none)
} GridDraw;

static void draw_grid(const TuiState *st, const GridDraw *d, int x, int y)
{
    const TuiMat *m = d->m;
    const TuiGrid *g = &d->g;
    const Trace *t = st->t;
    bool glyph = d->heat && st->color == COLOR_NONE;
    char lab[256], num[64];
    attr_t hl = att(PAIR_HL, A_REVERSE) | A_BOLD;

    // The corner names the row axis when it fits; arrows say there is more to scroll to.
    if (!m->transpose && tui_text_width(m->s->corner) <= g->label_w)
        put(y, x, g->label_w, m->s->corner, att(PAIR_DIM, A_DIM));
    int cx0 = x + g->label_w + TUI_GRID_GAP;
    if (g->first_col > 0)
        put(y, cx0 - 1, 1, "◂", A_BOLD);
    if (g->first_col + g->vis_cols < g->cols)
        put(y, cx0 + (int)g->vis_cols * (g->cell_w + TUI_GRID_GAP) - 1, 1, "▸", A_BOLD);
    for (size_t c = 0; c < g->vis_cols; c++) {
        size_t j = g->first_col + c;
        bool mark = (long)j == d->hl_col || (long)j == d->cur_j;
        put_fit(y, cx0 + (int)c * (g->cell_w + TUI_GRID_GAP), g->cell_w,
                mat_label(t, m, true, j, lab, sizeof lab), true,
                mark ? (d->heat ? A_BOLD | A_UNDERLINE : hl) : A_BOLD);
    }
    for (size_t r = 0; r < g->vis_rows; r++) {
        size_t i = g->first_row + r;
        int yy = y + 1 + (int)r;
        bool mark = (long)i == d->hl_row || (long)i == d->cur_i;
        put_fit(yy, x, g->label_w, mat_label(t, m, false, i, lab, sizeof lab), false,
                mark ? (d->heat ? A_BOLD | A_UNDERLINE : hl) : A_BOLD);
        for (size_t c = 0; c < g->vis_cols; c++) {
            size_t j = g->first_col + c;
            int xx = cx0 + (int)c * (g->cell_w + TUI_GRID_GAP);
            double v = mat_at(m, i, j);
            attr_t a;
            if (isinf(v)) { // masked: its own glyph, never colored like a number
                a = att(PAIR_DIM, A_NORMAL);
                snprintf(num, sizeof num, "%*s%s", g->cell_w - 1, "", HEAT_MASKED_GLYPH);
            } else {
                int level = heat_level(v, m->s->scale, m->info->range);
                a = d->heat ? heat_attr(m->s->scale, level) : A_NORMAL;
                char fit[48]; // fixed point, or the exponent form when that is too wide
                tui_format_number(fit, sizeof fit, v, st->decimals,
                                  g->cell_w - (glyph ? 1 : 0));
                snprintf(num, sizeof num, "%s%s", fit,
                         glyph ? heat_glyph(m->s->scale, level) : "");
            }
            if ((long)i == d->hl_row || (long)j == d->hl_col)
                a = hl;
            if ((long)i == d->cur_i && (long)j == d->cur_j)
                a |= A_REVERSE | A_BOLD;
            if (st->ex && tui_explore_marked(st->ex, m->s, m->transpose ? j : i,
                                             m->transpose ? i : j))
                a |= A_UNDERLINE | A_BOLD; // changed by the last edit or what-if
            put_cells(yy, xx, num, a);
        }
    }
    attrset(A_NORMAL);
}

// "-7.00 ████████████ 7.00  centred at 0   × masked (-inf)"; returns its width.
static int legend(const TuiState *st, const Stage *s, const HeatRange *r, bool has_masked,
                  int y, int x, int w, bool draw)
{
    int levels[16];
    int n = heat_levels(s->scale, levels, 16);
    char lo[48], hi[48]; // as the cells show them
    int d = st->decimals;
    tui_format_number(lo, sizeof lo, r->lo, d, tui_number_width(r->lo, r->lo, d));
    tui_format_number(hi, sizeof hi, r->hi, d, tui_number_width(r->hi, r->hi, d));
    const char *kind = s->scale == SCALE_PROB ? "  fixed 0…1" : "  centred at 0";
    const char *masked = has_masked ? "   " HEAT_MASKED_GLYPH " = -inf" : "";
    int width = (int)strlen(lo) + 1 + 2 * n + 1 + (int)strlen(hi) + tui_text_width(kind) +
                tui_text_width(masked);
    if (!draw)
        return width;
    int at = x, end = x + w;
    at += put(y, at, end - at, lo, A_NORMAL) + 1;
    for (int k = 0; k < n && at + 2 <= end; k++, at += 2) {
        if (st->color == COLOR_NONE) {
            const char *gl = heat_glyph(s->scale, levels[k]);
            char two[16];
            snprintf(two, sizeof two, "%s%s", gl, gl);
            put(y, at, 2, two, A_NORMAL);
        } else {
            fill(y, at, 2, heat_attr(s->scale, levels[k]));
        }
    }
    at += 1;
    at += put(y, at, end - at, hi, A_NORMAL);
    at += put(y, at, end - at, kind, att(PAIR_DIM, A_NORMAL));
    put(y, at, end - at, masked, A_NORMAL);
    return width;
}

// ─── header, status, footer ───────────────────────────────────────────────────

static void draw_header(const TuiState *st, const TuiRect *r)
{
    const Trace *t = st->t;
    const Stage *s = &t->stage[st->k];
    char buf[512];
    attr_t bar = att(PAIR_TITLE, A_REVERSE) | A_BOLD;
    fill(r->y, 0, r->w, bar);
    snprintf(buf, sizeof buf, " stage %zu/%zu  %s — %s    %s", st->k + 1, t->count, s->name,
             s->title, s->formula);
    int used = put(r->y, 0, r->w, buf, bar);
    const char *brand = "attntrace ";
    char quiz[64];
    if (st->quiz.n) { // the lesson's questions: right of answered, and how many are left
        size_t left = st->quiz.n - st->quiz.answered;
        if (st->quiz.answered == 0)
            snprintf(quiz, sizeof quiz, " quiz: %zu question%s ", st->quiz.n,
                     st->quiz.n == 1 ? "" : "s");
        else if (left)
            snprintf(quiz, sizeof quiz, " quiz %zu/%zu · %zu left ", st->quiz.correct,
                     st->quiz.answered, left);
        else
            snprintf(quiz, sizeof quiz, " score: %zu/%zu ", st->quiz.correct, st->quiz.n);
        brand = quiz;
    }
    int bw = tui_text_width(brand);
    if (used + bw + 2 <= r->w)
        put(r->y, r->w - bw, bw, brand, bar);

    // Options that change the numbers, on the right; the tokens get the rest. Those
    // changed since the start (explore mode) are highlighted, so a class sees them.
    char seg[5][64], opts[400];
    if (t->heads > 1)
        snprintf(seg[0], sizeof seg[0], "d_k %zu = %zu heads × %zu", t->d_k, t->heads, t->d_head);
    else
        snprintf(seg[0], sizeof seg[0], "d_k %zu", t->d_k);
    snprintf(seg[1], sizeof seg[1], "%s",
             !t->opt.scale ? "no scale" : t->heads > 1 ? "scale ÷√d_head" : "scale ÷√d_k");
    snprintf(seg[2], sizeof seg[2], "T %g", t->opt.temperature);
    snprintf(seg[3], sizeof seg[3], "mask %s", t->opt.mask == MASK_CAUSAL ? "causal" : "none");
    int edits = st->ex ? st->ex->cur->edits : 0;
    snprintf(seg[4], sizeof seg[4], "%d edit%s", edits, edits == 1 ? "" : "s");
    bool hot[5] = {false, false, false, false, edits > 0};
    if (st->ex)
        tui_explore_hot(st->ex, hot);
    int nseg = edits > 0 ? 5 : 4;
    snprintf(opts, sizeof opts, "  %s · %s · %s · %s%s%s", seg[0], seg[1], seg[2], seg[3],
             nseg > 4 ? " · " : "", nseg > 4 ? seg[4] : "");
    int ow = tui_text_width(opts);
    int y = r->y + 1, x = put(y, 0, r->w, "tokens:", A_BOLD);
    int room = r->w - x - (ow <= r->w / 2 ? ow : 0);
    for (size_t i = 0; i < t->n && room > 0; i++) {
        snprintf(buf, sizeof buf, " %s%s ", t->in->tokens.tok[i], t->in->generated[i] ? "*" : "");
        int w = tui_text_width(buf);
        if (w > room - (i + 1 < t->n ? 2 : 0)) {
            put(y, x, room, " …", A_NORMAL);
            break;
        }
        put(y, x, w, buf, A_NORMAL);
        x += w;
        room -= w;
        if (i + 1 < t->n) {
            put(y, x, 1, "│", att(PAIR_DIM, A_NORMAL));
            x++;
            room--;
        }
    }
    if (ow <= r->w / 2) {
        int ox = r->w - ow + put(y, r->w - ow, 2, "  ", A_NORMAL);
        for (int k = 0; k < nseg; k++) {
            if (k)
                ox += put(y, ox, 3, " · ", att(PAIR_DIM, A_NORMAL));
            ox += put(y, ox, r->w - ox, seg[k],
                      hot[k] ? att(PAIR_HL, A_REVERSE) | A_BOLD : att(PAIR_DIM, A_NORMAL));
        }
    }
}

static void draw_status(const TuiState *st, const TuiRect *r)
{
    if (tui_explore_draw_edit(st, r->y, r->x, r->w))
        return;
    if (st->status[0]) {
        attr_t a = st->status_error ? att(PAIR_ERR, A_REVERSE | A_BOLD) : att(PAIR_OK, A_BOLD);
        fill(r->y, r->x, r->w, a);
        put(r->y, r->x + 1, r->w - 2, st->status, a);
        return;
    }
    const Stage *s = &st->t->stage[st->k];
    char v[32], buf[512];
    double x = mat_get(&s->m, st->ci, st->cj);
    snprintf(buf, sizeof buf, " %s[%zu][%zu] = %s   row %s · column %s%s", s->name, st->ci + 1,
             st->cj + 1, fmt_num(v, sizeof v, x), s->row_labels[st->ci], s->col_labels[st->cj],
             st->inspector ? "" : "   (Enter: where it comes from)");
    put(r->y, r->x, r->w, buf, att(PAIR_DIM, A_NORMAL));
}

static void draw_footer(const TuiState *st, const TuiRect *r)
{
    size_t n;
    const TuiKey *keys = tui_keys(&n);
    const char *shown[32];
    int count = 0, total = 0;
    for (size_t k = 0; k < n && count < 32; k++)
        if (keys[k].footer && (keys[k].req != REQ_ANSWER || st->quiz.n)) {
            shown[count++] = keys[k].footer;
            total += tui_text_width(keys[k].footer) + 2;
        }
    const char *play = st->autoplay        ? " ▶ autoplay: any key stops "
                       : st->autoplay_held ? " ⏸ autoplay waits: A answers "
                                           : "";
    int pw = tui_text_width(play), room = r->w - 1 - pw; // never the bottom-right cell
    // Too narrow: drop entries from the end, but keep the last two (help and quit).
    while (total > room && count > 2) {
        total -= tui_text_width(shown[count - 3]) + 2;
        for (int k = count - 3; k < count - 1; k++)
            shown[k] = shown[k + 1];
        count--;
    }
    int x = 0;
    for (int k = 0; k < count; k++) {
        const char *f = shown[k], *sp = strchr(f, ' ');
        char key[32];
        snprintf(key, sizeof key, "%.*s", sp ? (int)(sp - f) : (int)strlen(f), f);
        x += put(r->y, x, room - x, key, att(PAIR_KEY, A_REVERSE));
        if (sp)
            x += put(r->y, x, room - x, sp, A_NORMAL);
        x += 2;
    }
    if (pw)
        put(r->y, r->w - 1 - pw, pw, play, att(PAIR_OK, A_REVERSE) | A_BOLD);
}

// ─── the text panel ───────────────────────────────────────────────────────────

static int add_wrapped(Lines *out, const char *text, int w)
{
    const char *p = text;
    char buf[2048];
    while (*p) { // one paragraph per line of text
        size_t len = strcspn(p, "\n");
        snprintf(buf, sizeof buf, "%.*s", (int)len, p);
        if (tui_wrap(buf, w, out) != 0)
            return -1;
        p += len + (p[len] == '\n');
    }
    return 0;
}

// ─── the lesson ───────────────────────────────────────────────────────────────

// The few words the stepper adds to a lesson, in the lesson's language.
typedef struct {
    const char *questions, *press_a, *end;
} LessonWords;
static const LessonWords WORDS_EN = {"Questions (A answers)", "▸ press A to answer", "The end"};
static const LessonWords WORDS_ZH = {"问题（按 A 作答）", "▸ 按 A 作答", "结语"};

static const LessonWords *words(const TuiState *st)
{
    return tui_lesson_zh(st) ? &WORDS_ZH : &WORDS_EN;
}

// "score: 4/9" and how many are not answered yet, in the lesson's language.
static void score_text(const TuiState *st, char *buf, size_t size)
{
    const TuiQuiz *z = &st->quiz;
    size_t left = z->n - z->answered;
    int len = snprintf(buf, size, "%sscore: %zu/%zu", tui_lesson_zh(st) ? "得分 " : "",
                       z->correct, z->n);
    if (left && len > 0 && (size_t)len < size)
        snprintf(buf + len, size - (size_t)len,
                 tui_lesson_zh(st) ? "（%zu 题未答）" : " (%zu not answered)", left);
}

// Explain lines are aligned with runs of spaces; squeezed when they would not fit.
static int add_feedback_line(const char *line, int w, bool squeeze, Lines *out)
{
    size_t size = strlen(line) + 8;
    char *buf = malloc(size), *sq = malloc(size);
    int rc = -1;
    if (buf && sq) {
        snprintf(buf, size, "    %s", line);
        rc = tui_wrap(squeeze ? tui_squeeze(buf, sq, size) : buf, w, out);
    }
    free(buf);
    free(sq);
    return rc;
}

// One question: its prompt, then "press A", or the verdict with the answer and, when it
// was wrong, the arithmetic (question_check's lines).
static int add_question(const TuiState *st, const TuiQuestion *q, bool next, int w, Lines *out)
{
    const LessonWords *wd = words(st);
    char first[32];
    if (tui_lesson_zh(st))
        snprintf(first, sizeof first, "问%zu：", q->number);
    else
        snprintf(first, sizeof first, "Q%zu. ", q->number);
    char *prompt = question_prompt(q->q, st->t);
    if (!prompt || lesson_wrap(prompt, w, first, "    ", out) != 0) {
        free(prompt);
        return -1;
    }
    free(prompt);
    if (!q->answered)
        return next ? lines_addf(out, "    %s", wd->press_a) : 0;
    const Lines *fb = &q->feedback;
    Lines verdict = {0};
    if (tui_lesson_zh(st)) { // the verdict in Chinese; the arithmetic as question_check says it
        char want[256];
        AtError e = {0};
        if (question_expected(q->q, st->t, want, sizeof want, &e) != 0)
            snprintf(want, sizeof want, "?");
        if (q->correct)
            lines_addf(&verdict, "✓ 答对了：%s", want);
        else
            lines_addf(&verdict, "✗ 答错了：你的答案是“%s”，正确答案是 %s。", q->answer, want);
    } else {
        lines_addf(&verdict, "%s %s", q->correct ? "✓" : "✗", fb->n ? fb->line[0] : "");
    }
    int rc = verdict.failed ? -1 : lesson_wrap(verdict.line[0], w, "    ", "      ", out);
    lines_free(&verdict);
    bool squeeze = false; // aligned lines (runs of spaces inside) that would not fit
    for (size_t k = 1; k < fb->n; k++) {
        const char *text = fb->line[k] + strspn(fb->line[k], " ");
        squeeze |= strstr(text, "  ") && tui_text_width(fb->line[k]) + 4 > w;
    }
    for (size_t k = 1; rc == 0 && k < fb->n; k++)
        rc = add_feedback_line(fb->line[k], w, squeeze, out);
    return rc;
}

// The lesson in the panel: its title, the intro (at the first stage), the section of
// this stage (or the built-in description when it has none), its questions, and at the
// last stage the end section and the score. Sets focus_from/to to the lines of the
// question in st->focus, when it is here.
static int build_lesson(const TuiState *st, int w, Lines *out, int *focus_from, int *focus_to)
{
    const Lesson *l = st->o->lesson;
    const Trace *t = st->t;
    const Stage *s = &t->stage[st->k];
    const LessonWords *wd = words(st);
    lines_addf(out, "%s%s", HEADING, l->title);
    if (st->k == 0 && lesson_section(l, "intro")) {
        if (lesson_render(l, t, "intro", w, out) != 0)
            return -1;
        lines_addf(out, "%s", "");
        if (tui_lesson_zh(st))
            lines_addf(out, "%s第 %zu 步：%s", HEADING, st->k + 1, s->name);
        else
            lines_addf(out, "%sStage %zu: %s", HEADING, st->k + 1, s->name);
    }
    const char *section = s->head ? STAGE_NAMES[s->id] : s->name; // scores.h2: scores
    char about[1024];
    if (lesson_section(l, section)) {
        if (lesson_render(l, t, section, w, out) != 0)
            return -1;
    } else if (add_wrapped(out, tui_stage_about(t, s, about, sizeof about), w) != 0) {
        return -1;
    }
    const TuiQuiz *z = &st->quiz;
    bool heading = false, open_seen = false; // "press A" goes with the first open question
    for (size_t k = 0; k < z->n; k++) {
        const TuiQuestion *q = &z->item[k];
        if (q->stage != st->k)
            continue;
        bool next = !q->answered && !open_seen;
        open_seen |= !q->answered;
        if (!heading) {
            lines_addf(out, "%s", "");
            lines_addf(out, "%s%s", HEADING, wd->questions);
            heading = true;
        }
        if (q == st->focus)
            *focus_from = (int)out->n;
        if (add_question(st, q, next, w, out) != 0)
            return -1;
        if (q == st->focus)
            *focus_to = (int)out->n;
    }
    if (st->k + 1 == t->count) {
        if (lesson_section(l, "end")) {
            lines_addf(out, "%s", "");
            lines_addf(out, "%s%s", HEADING, wd->end);
            if (lesson_render(l, t, "end", w, out) != 0)
                return -1;
        }
        if (z->n) {
            char score[256];
            score_text(st, score, sizeof score);
            lines_addf(out, "%s", "");
            lines_addf(out, "%s%s", HEADING, score);
        }
    }
    return out->failed ? -1 : 0;
}

// The stage's explanation, wrapped to w: the lesson's, or the built-in description.
static int build_about(const TuiState *st, int w, Lines *out, int *focus_from, int *focus_to)
{
    if (st->o->lesson)
        return build_lesson(st, w, out, focus_from, focus_to);
    const Stage *s = &st->t->stage[st->k];
    lines_addf(out, "%sWhat is %s?", HEADING, s->name);
    char about[1024];
    if (add_wrapped(out, tui_stage_about(st->t, s, about, sizeof about), w) != 0)
        return -1;
    return out->failed ? -1 : 0;
}

// The inspector: explain() for the cell, wrapped to w (aligned columns are squeezed
// when they would not fit).
static int build_inspector(const TuiState *st, int w, Lines *out)
{
    const Stage *s = &st->t->stage[st->k];
    if (!st->inspector) {
        lines_addf(out, "%sThe selected cell", HEADING);
        lines_addf(out, "Press Enter or i to see where %s[%zu][%zu] comes from.", s->name,
                   st->ci + 1, st->cj + 1);
        return out->failed ? -1 : 0;
    }
    Lines ex;
    AtError e;
    if (explain(st->t, s, st->ci, st->cj, &ex, &e) != 0)
        return lines_addf(out, "%s", e.msg);
    bool squeeze = false;
    for (size_t l = 0; l < ex.n; l++)
        squeeze |= ex.line[l][0] == ' ' && tui_text_width(ex.line[l]) > w; // aligned lines
    lines_addf(out, "%sWhere %s[%zu][%zu] comes from", HEADING, s->name, st->ci + 1, st->cj + 1);
    int rc = 0;
    for (size_t l = 0; l < ex.n && rc == 0; l++) {
        size_t size = strlen(ex.line[l]) + 1;
        char *sq = squeeze ? malloc(size) : NULL;
        if (squeeze && !sq) {
            rc = -1;
            break;
        }
        rc = tui_wrap(squeeze ? tui_squeeze(ex.line[l], sq, size) : ex.line[l], w, out);
        free(sq);
    }
    lines_free(&ex);
    return rc != 0 || out->failed ? -1 : 0;
}

// Draw lines [scroll, …) of a text column; returns the scroll actually used.
static int draw_text(const Lines *text, int scroll, int x, int y, int w, int h)
{
    int max = tui_panel_max_scroll((int)text->n, h);
    if (scroll > max)
        scroll = max;
    for (int r = 0; r < h && (size_t)(scroll + r) < text->n; r++) {
        const char *line = text->line[scroll + r];
        if (strncmp(line, HEADING, HEADING_LEN) == 0)
            put(y + r, x, w, line + HEADING_LEN, att(PAIR_HEADING, A_UNDERLINE) | A_BOLD);
        else
            put(y + r, x, w, line, A_NORMAL);
    }
    if (scroll > 0)
        put(y, x + w - 1, 1, "▲", A_BOLD);
    if (scroll < max)
        put(y + h - 1, x + w - 9, 9, " ▼ ] more", att(PAIR_KEY, A_REVERSE));
    return scroll;
}

static int draw_panel(TuiState *st, const TuiLayout *l)
{
    const TuiRect *p = &l->panel;
    if (p->w <= 0 || p->h <= 0)
        return 0;
    if (l->panel_right) {
        attrset(att(PAIR_DIM, A_NORMAL));
        mvvline(p->y, p->x - 1, ACS_VLINE, p->h);
        attrset(A_NORMAL);
    }
    int wa = l->panel_split ? l->split_w : p->w - 1;
    int wi = l->panel_split ? p->w - l->split_w - 1 : p->w - 1;
    Lines about = {0}, insp = {0};
    int rc = 0, f0 = -1, f1 = -1;
    if (build_about(st, wa, &about, &f0, &f1) != 0 || build_inspector(st, wi, &insp) != 0)
        rc = -1;
    if (st->focus && f0 >= 0) { // an answer just came in: scroll its verdict into view
        if (f1 > st->panel_scroll + p->h)
            st->panel_scroll = f1 - p->h;
        if (f0 < st->panel_scroll || f1 - f0 > p->h)
            st->panel_scroll = f0;
    }
    st->focus = NULL;
    if (rc == 0 && l->panel_split) {
        int s1 = draw_text(&about, st->panel_scroll, p->x, p->y, wa, p->h);
        int s2 = draw_text(&insp, st->panel_scroll, p->x + wa + 1, p->y, wi, p->h);
        st->panel_scroll = s1 > s2 ? s1 : s2;
    } else if (rc == 0) { // stacked: the explanation, a blank line, the inspector
        if (lines_addf(&about, "%s", "") != 0)
            rc = -1;
        for (size_t k = 0; rc == 0 && k < insp.n; k++)
            if (lines_addf(&about, "%s", insp.line[k]) != 0)
                rc = -1;
        if (rc == 0)
            st->panel_scroll = draw_text(&about, st->panel_scroll, p->x, p->y, wa, p->h);
    }
    lines_free(&about);
    lines_free(&insp);
    return rc;
}

// ─── boxes: help, the answer box, the final score, too small ──────────────────

// A blank box with a border, h lines by w columns at (y, x).
static void draw_box(int y, int x, int h, int w)
{
    for (int r = 0; r < h; r++)
        fill(y + r, x, w, A_NORMAL);
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

// The answer box above the status line: the question, a one-line field with the
// terminal's cursor in it, and the keys. Leaves the cursor in the field.
static int draw_answer(const TuiState *st, int cols, const TuiRect *status)
{
    const TuiQuestion *q = st->asking;
    bool zh = tui_lesson_zh(st);
    int bw = cols - 4 < 76 ? cols - 4 : 76;
    char *prompt = question_prompt(q->q, st->t);
    Lines pl = {0};
    if (!prompt || lesson_wrap(prompt, bw - 4, "", "", &pl) != 0) {
        free(prompt);
        lines_free(&pl);
        return -1;
    }
    free(prompt);
    int np = pl.n > 4 ? 4 : (int)pl.n;
    int bh = np + 4, x = (cols - bw) / 2, y = status->y - bh;
    if (y < 0)
        y = 0;
    draw_box(y, x, bh, bw);
    char title[96];
    if (zh)
        snprintf(title, sizeof title, " 回答 问%zu（%s）", q->number, st->t->stage[q->stage].name);
    else
        snprintf(title, sizeof title, " Answer Q%zu (%s) ", q->number, st->t->stage[q->stage].name);
    put(y, x + 2, bw - 4, title, A_BOLD);
    for (int k = 0; k < np; k++)
        put(y + 1 + k, x + 2, bw - 4, pl.line[k], A_NORMAL);
    lines_free(&pl);

    int fy = y + 1 + np, fx = x + 4, fw = bw - 6; // "› " then the field
    put(fy, x + 2, 2, "›", A_BOLD);
    size_t first, bytes;
    int col;
    tui_field_view(&st->field, fw, &first, &bytes, &col);
    char shown[TUI_FIELD_MAX];
    snprintf(shown, sizeof shown, "%.*s", (int)bytes, st->field.text + first);
    fill(fy, fx, fw, A_UNDERLINE);
    put(fy, fx, fw, shown, A_UNDERLINE | A_BOLD);
    put(fy + 1, x + 2, bw - 4,
        zh ? "Enter 提交 · Esc 取消 · ←/→ 移动 · Backspace 删除"
           : "Enter submits · Esc cancels · ←/→ move · Backspace deletes",
        att(PAIR_DIM, A_DIM));
    move(fy, fx + col);
    return 0;
}

// The final score (q with --quiz): q again quits, any other key goes back.
static void draw_final(const TuiState *st, int cols, int rows)
{
    char score[256], left[128];
    score_text(st, score, sizeof score);
    size_t n = st->quiz.n - st->quiz.answered;
    bool zh = tui_lesson_zh(st);
    if (n)
        snprintf(left, sizeof left, zh ? "还有 %zu 题没有作答。" : "%zu not answered yet.", n);
    else
        snprintf(left, sizeof left, "%s", zh ? "全部作答完毕。" : "Every question answered.");
    const char *keys = zh ? "q 退出 · 其他键返回" : "q quits · any other key goes back";
    const char *title = st->o->lesson->title;
    int w = tui_text_width(title);
    int ws = tui_text_width(score), wl = tui_text_width(left), wk = tui_text_width(keys);
    w = ws > w ? ws : w;
    w = wl > w ? wl : w;
    w = wk > w ? wk : w;
    int bw = w + 8 < cols ? w + 8 : cols, bh = 8 < rows ? 8 : rows;
    int x = (cols - bw) / 2, y = (rows - bh) / 2;
    draw_box(y, x, bh, bw);
    put(y, x + 2, bw - 4, title, A_BOLD);
    put(y + 2, x + 4, bw - 6, score, att(PAIR_HEADING, A_BOLD) | A_BOLD);
    put(y + 3, x + 4, bw - 6, left, A_NORMAL);
    put(y + 5, x + 4, bw - 6, keys, att(PAIR_DIM, A_DIM));
}

// The key table, a page at a time when the terminal is too short for all of it: *pages
// gets the number of pages (any key shows the next; the last one closes the help).
static void draw_help(int cols, int rows, int page, int *pages)
{
    size_t n;
    const TuiKey *keys = tui_keys(&n);
    char labels[64][96];
    const char *help[64];
    int count = 0, kw = 0, hw = 0;
    for (size_t k = 0; k < n && count < 64; k++) {
        if (!keys[k].help)
            continue;
        labels[count][0] = '\0';
        for (size_t m = 0; m < n; m++) {
            if (keys[m].req != keys[k].req || !keys[m].label)
                continue;
            size_t len = strlen(labels[count]);
            snprintf(labels[count] + len, sizeof labels[count] - len, "%s%s", len ? " " : "",
                     keys[m].label);
        }
        help[count] = keys[k].help;
        int w = tui_text_width(labels[count]);
        kw = w > kw ? w : kw;
        w = tui_text_width(help[count]);
        hw = w > hw ? w : hw;
        count++;
    }
    int bw = kw + hw + 7, bh = count + 5;
    if (bw > cols)
        bw = cols;
    if (bh > rows)
        bh = rows;
    int x = (cols - bw) / 2, y = (rows - bh) / 2;
    draw_box(y, x, bh, bw);
    int fit = bh - 4; // key lines between the borders, the blank line and the page line
    if (fit < 1)
        fit = 1;
    *pages = (count + fit - 1) / fit;
    if (page >= *pages)
        page = *pages - 1;
    char title[96];
    if (*pages > 1)
        snprintf(title, sizeof title, " Keys %d/%d — any key %s ", page + 1, *pages,
                 page + 1 < *pages ? "shows the next page" : "closes this");
    else
        snprintf(title, sizeof title, " Keys — any key closes this ");
    put(y, x + 2, bw - 4, title, A_BOLD);
    for (int r = 0, k = page * fit; k < count && r < fit; r++, k++) {
        put_fit(y + 2 + r, x + 2, kw, labels[k], false, att(PAIR_HEADING, A_BOLD) | A_BOLD);
        put(y + 2 + r, x + 3 + kw, bw - kw - 5, help[k], A_NORMAL);
    }
    if (*pages > 1)
        put(y + bh - 2, x + 2, bw - 4,
            page + 1 < *pages ? "… more on the next page (any key)" : "(any key closes this)",
            att(PAIR_DIM, A_DIM));
}

static void draw_too_small(int cols, int rows)
{
    char buf[256];
    snprintf(buf, sizeof buf,
             "This terminal is %d×%d; the stepper needs at least %d×%d. Enlarge it, or press q "
             "to quit.",
             cols, rows, TUI_MIN_COLS, TUI_MIN_ROWS);
    Lines l = {0};
    if (tui_wrap(buf, cols > 2 ? cols - 2 : 1, &l) != 0) {
        lines_free(&l);
        return;
    }
    int y = (rows - (int)l.n) / 2;
    for (size_t k = 0; k < l.n && y + (int)k < rows; k++)
        put(y < 0 ? (int)k : y + (int)k, 1, cols - 1, l.line[k], A_BOLD);
    lines_free(&l);
}

// ─── the frame ────────────────────────────────────────────────────────────────

int tui_draw(TuiState *st)
{
    int rows, cols;
    getmaxyx(stdscr, rows, cols);
    erase();
    if (st->ex && st->ex->compare)
        return tui_explore_draw_compare(st, cols, rows);
    const Trace *t = st->t;
    const Stage *s = &t->stage[st->k];
    TuiMat res = {s, &st->info[st->k], false, s->name};
    bool glyph = st->color == COLOR_NONE;
    int dec = st->decimals;

    // Natural sizes: the result alone (bare), and with its operands.
    int lw = label_w(&res), cw = cell_w(&res, dec, glyph);
    int lgw = legend(st, s, &res.info->range, res.info->has_masked, 0, 0, 0, false);
    int gw = tui_grid_width(lw, cw, s->m.cols);
    int bare_w = gw > lgw ? gw : lgw, bare_h = 1 + tui_grid_height(s->m.rows);
    int want_w = bare_w, want_h = bare_h;
    TuiMat A, B;
    const char *op = NULL;
    bool has_ops = tui_operands(st, &A, &B, &op);
    int aw = 0, bw = 0;
    if (has_ops) {
        aw = tui_grid_width(label_w(&A), cell_w(&A, dec, false), mat_cols(&A));
        bw = tui_grid_width(label_w(&B), cell_w(&B, dec, false), mat_cols(&B));
        want_w = aw + 3 + bw + 3 + gw;
        want_w = want_w > lgw ? want_w : lgw;
        size_t hr = mat_rows(&A) > mat_rows(&B) ? mat_rows(&A) : mat_rows(&B);
        hr = hr > s->m.rows ? hr : s->m.rows;
        want_h = 1 + tui_grid_height(hr);
    }
    TuiLayout *l = &st->layout;
    tui_layout_screen(cols, rows, want_w, want_h, bare_w, bare_h, l);
    st->grid_shown = false;
    if (l->too_small) {
        draw_too_small(cols, rows);
        return 0;
    }

    // The matrix block: a line of names, the grids, the legend.
    const TuiRect *m = &l->matrix;
    char buf[256];
    GridDraw res_d = {&res, {0}, true, -1, -1, (long)st->ci, (long)st->cj};
    TuiStageInfo *info = &st->info[st->k];
    res_d.g = (TuiGrid){lw, cw, s->m.rows, s->m.cols, info->first_row, info->first_col, 0, 0};
    int gy = m->y + 1, rx = m->x;
    if (l->operands) {
        GridDraw ad = {&A, {0}, false, (long)st->ci, -1, -1, -1};
        GridDraw bd = {&B, {0}, false, -1, (long)st->cj, -1, -1};
        ad.g = (TuiGrid){label_w(&A), cell_w(&A, dec, false), mat_rows(&A), mat_cols(&A),
                         0, 0, mat_rows(&A), mat_cols(&A)};
        bd.g = (TuiGrid){label_w(&B), cell_w(&B, dec, false), mat_rows(&B), mat_cols(&B),
                         0, 0, mat_rows(&B), mat_cols(&B)};
        int bx = m->x + aw + 3;
        rx = bx + bw + 3;
        snprintf(buf, sizeof buf, "%s (%zu×%zu)", A.name, mat_rows(&A), mat_cols(&A));
        put(m->y, m->x, aw, buf, A_BOLD);
        snprintf(buf, sizeof buf, "%s (%zu×%zu)", B.name, mat_rows(&B), mat_cols(&B));
        put(m->y, bx, bw, buf, A_BOLD);
        draw_grid(st, &ad, m->x, gy);
        draw_grid(st, &bd, bx, gy);
        int sy = gy + 1 + (int)(s->m.rows - 1) / 2;
        put(sy, bx - 2, 1, op, A_BOLD);
        put(sy, rx - 2, 1, "=", A_BOLD);
        tui_grid_place(&res_d.g, gw, tui_grid_height(s->m.rows), st->ci, st->cj);
    } else {
        tui_grid_place(&res_d.g, m->w, m->h - 1, st->ci, st->cj);
        if (res_d.g.vis_cols < res_d.g.cols) // keep a column for the "more" arrow
            tui_grid_place(&res_d.g, m->w - 1, m->h - 1, st->ci, st->cj);
    }
    info->first_row = res_d.g.first_row;
    info->first_col = res_d.g.first_col;
    const TuiGrid *g = &res_d.g;
    int nw = snprintf(buf, sizeof buf, "%s (%zu×%zu)", s->name, s->m.rows, s->m.cols);
    size_t nmarked = st->ex ? tui_explore_marked_count(st->ex, s) : 0;
    if (nmarked) // changed cells are underlined until the user steps away
        nw += snprintf(buf + nw, sizeof buf - (size_t)nw, "  %zu changed", nmarked);
    if (g->vis_rows < g->rows || g->vis_cols < g->cols) // where the view is
        snprintf(buf + nw, sizeof buf - (size_t)nw, "  rows %zu–%zu, columns %zu–%zu",
                 g->first_row + 1, g->first_row + g->vis_rows, g->first_col + 1,
                 g->first_col + g->vis_cols);
    else if (has_ops && !l->operands)
        snprintf(buf + nw, sizeof buf - (size_t)nw, "  = %s %s %s (wider screen: shown)", A.name,
                 op, B.name);
    put(m->y, rx, m->x + m->w - rx, buf, A_BOLD);
    draw_grid(st, &res_d, rx, gy);
    st->grid = res_d.g;
    st->grid_x = rx;
    st->grid_y = gy;
    st->grid_shown = true;

    // The legend under the tallest grid.
    size_t tall = res_d.g.vis_rows;
    if (l->operands) {
        tall = mat_rows(&A) > tall ? mat_rows(&A) : tall;
        tall = mat_rows(&B) > tall ? mat_rows(&B) : tall;
    }
    legend(st, s, &info->range, info->has_masked, gy + 1 + (int)tall, m->x, m->w, true);
    return tui_draw_chrome(st, cols, rows);
}

int tui_draw_chrome(TuiState *st, int cols, int rows)
{
    const TuiLayout *l = &st->layout;
    if (l->too_small) {
        draw_too_small(cols, rows);
        return 0;
    }
    draw_header(st, &l->header);
    int rc = draw_panel(st, l);
    draw_status(st, &l->status);
    draw_footer(st, &l->footer);
    if (st->help)
        draw_help(cols, rows, st->help_page, &st->help_pages);
    else if (st->final)
        draw_final(st, cols, rows);
    else if (st->asking && rc == 0)
        rc = draw_answer(st, cols, &l->status); // last: it leaves the cursor in the field
    return rc;
}

// ─── pieces for other views ───────────────────────────────────────────────────

int tui_draw_text(int y, int x, int w, const char *text, TuiTextStyle style)
{
    static const int pair[] = {0, 0, PAIR_DIM, PAIR_HL, PAIR_OK, PAIR_ERR, PAIR_KEY};
    static const attr_t mono[] = {A_NORMAL, A_BOLD, A_DIM, A_REVERSE, A_BOLD, A_REVERSE,
                                  A_REVERSE};
    attr_t a = style <= TUI_TEXT_BOLD ? mono[style] : att(pair[style], mono[style]);
    if (style == TUI_TEXT_HL || style == TUI_TEXT_OK || style == TUI_TEXT_ERR)
        a |= A_BOLD;
    return put(y, x, w, text, a);
}

void tui_draw_grid(const TuiState *st, const TuiMat *m, const TuiGrid *g, int x, int y,
                   bool heat, long ci, long cj)
{
    GridDraw d = {m, *g, heat, -1, -1, ci, cj};
    draw_grid(st, &d, x, y);
}

int tui_draw_legend(const TuiState *st, const Stage *s, const TuiStageInfo *info, int y, int x,
                    int w)
{
    return legend(st, s, &info->range, info->has_masked, y, x, w, w > 0);
}

int tui_mat_label_w(const TuiMat *m) { return label_w(m); }
int tui_mat_cell_w(const TuiMat *m, int decimals, bool glyph)
{
    return cell_w(m, decimals, glyph);
}
