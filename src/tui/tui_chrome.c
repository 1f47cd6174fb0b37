// tui_chrome.c — what surrounds a screen's matrix block (see tui_chrome.h): the header
// (stage, quiz score, tokens, options), the text panel, the status line and the footer.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tui_chrome.h"
#include "tui_explore.h"
#include "tui_panel.h"
#include "tui_text.h"
#include "tui_widgets.h"

// ─── the header ───────────────────────────────────────────────────────────────

// The first line: the stage, its title and formula; on the right the quiz's count or
// score, or the program's name.
static void draw_title(const TuiState *st, const TuiRect *r)
{
    const Trace *t = st->t;
    const Stage *s = &t->stage[st->k];
    char buf[512];
    attr_t bar = tui_att(TUI_PAIR_TITLE, A_REVERSE) | A_BOLD;
    tui_fill(r->y, 0, r->w, bar);
    snprintf(buf, sizeof buf, _(" stage %zu/%zu  %s — %s    %s"), st->k + 1, t->count, s->name,
             s->title, s->formula);
    int used = tui_put(r->y, 0, r->w, buf, bar);
    char zoom[96], quiz[64]; // the zoom level (and the layout) before the name or the quiz
    snprintf(zoom, sizeof zoom, _(" zoom %d%s%s "), st->layout.zoom,
             st->zoom == TUI_ZOOM_FIT ? _(" (fit)") : "", st->layout.present ? _(" · presenter") : "");
    const char *brand = "attntrace ";
    if (st->quiz.n) { // the lesson's questions: right of answered, and how many are left
        size_t left = st->quiz.n - st->quiz.answered;
        if (st->quiz.answered == 0)
            snprintf(quiz, sizeof quiz,
                     ngettext(" quiz: %zu question ", " quiz: %zu questions ", st->quiz.n),
                     st->quiz.n);
        else if (left)
            snprintf(quiz, sizeof quiz, _(" quiz %zu/%zu · %zu left "), st->quiz.correct,
                     st->quiz.answered, left);
        else
            snprintf(quiz, sizeof quiz, _(" score: %zu/%zu "), st->quiz.correct, st->quiz.n);
        brand = quiz;
    }
    int bw = tui_text_width(brand), zw = tui_text_width(zoom);
    if (used + zw + bw + 2 <= r->w) {
        tui_put(r->y, r->w - bw - zw, zw, zoom, bar);
        tui_put(r->y, r->w - bw, bw, brand, bar);
    } else if (used + bw + 2 <= r->w) {
        tui_put(r->y, r->w - bw, bw, brand, bar);
    }
}

// The options that change the numbers: "d_k 4", "scale ÷√d_k", "T 1", "mask none" and,
// after an edit, "1 edit"; hot[k]: changed since the start (explore mode). Returns how
// many there are.
typedef char Segment[64];
static int option_segments(const TuiState *st, Segment seg[5], bool hot[5])
{
    const Trace *t = st->t;
    if (t->heads > 1 && t->kv_heads < t->heads)
        snprintf(seg[0], sizeof seg[0], "d_k %d = %d heads × %d, %d K/V groups", (int)t->d_k,
                 (int)t->heads, (int)t->d_head, (int)t->kv_heads); // each ≤ DIM_MAX
    else if (t->heads > 1)
        snprintf(seg[0], sizeof seg[0], _("d_k %zu = %zu heads × %zu"), t->d_k, t->heads, t->d_head);
    else
        snprintf(seg[0], sizeof seg[0], "d_k %zu", t->d_k);
    snprintf(seg[1], sizeof seg[1], "%s",
             !t->opt.scale ? _("no scale") : t->heads > 1 ? _("scale ÷√d_head") : _("scale ÷√d_k"));
    snprintf(seg[2], sizeof seg[2], "T %g", t->opt.temperature);
    snprintf(seg[3], sizeof seg[3], "%s",
             t->opt.mask == MASK_CAUSAL ? _("mask causal") : _("mask none"));
    int edits = st->ex ? st->ex->cur->edits : 0;
    snprintf(seg[4], sizeof seg[4], ngettext("%d edit", "%d edits", (unsigned long)edits), edits);
    for (int k = 0; k < 4; k++)
        hot[k] = false;
    hot[4] = edits > 0;
    if (st->ex)
        tui_explore_hot(st->ex, hot);
    return edits > 0 ? 5 : 4;
}

// The words with generated vectors although there is a vocabulary, at the right end of
// the tokens' room (x, x + room) on line y: at least two thirds of it when they need it, more
// when the tokens leave it. Returns the columns it took (a gap included), 0 when every
// word is known, -1 when the note does not fit (nothing drawn).
static int draw_unknown(const TuiState *st, int y, int x, int room)
{
    bool oom;
    char *words = inputs_unknown_words(st->t->in, " ", &oom); // escaped
    if (!words)
        return 0;
    int tokens = 0;
    for (size_t i = 0; i < st->t->n; i++)
        tokens += tui_text_width(st->t->in->tokens.tok[i]) + 4; // " tok* │"
    int budget = room - 2 - (tokens < room / 3 ? tokens : room / 3);
    char note[512];
    int w = tui_unknown_note(words, budget, note, sizeof note);
    free(words);
    if (w == 0)
        return -1;
    tui_put(y, x + room - w, w, note, tui_att(TUI_PAIR_HL, A_BOLD));
    return w + 2;
}

// The second line: the tokens, and the options on the right (those changed since the
// start highlighted, so a class sees them) when they take at most half the line.
static void draw_tokens(const TuiState *st, const TuiRect *r)
{
    const Trace *t = st->t;
    Segment seg[5];
    bool hot[5];
    int nseg = option_segments(st, seg, hot);
    char buf[512], opts[400];
    snprintf(opts, sizeof opts, "  %s · %s · %s · %s%s%s", seg[0], seg[1], seg[2], seg[3],
             nseg > 4 ? " · " : "", nseg > 4 ? seg[4] : "");
    int ow = tui_text_width(opts);
    int y = r->y + 1, x = tui_put(y, 0, r->w, _("tokens:"), A_BOLD);
    bool show_opts = ow <= r->w / 2;
    int room = r->w - x - (show_opts ? ow : 0);
    int note = draw_unknown(st, y, x, room);
    if (note < 0 && show_opts) { // the unknown words matter more than the options
        show_opts = false;
        room = r->w - x;
        note = draw_unknown(st, y, x, room);
    }
    room -= note > 0 ? note : 0;
    for (size_t i = 0; i < t->n && room > 0; i++) {
        snprintf(buf, sizeof buf, " %s%s ", t->in->tokens.tok[i], t->in->generated[i] ? "*" : "");
        int w = tui_text_width(buf);
        if (w > room - (i + 1 < t->n ? 2 : 0)) {
            tui_put(y, x, room, " …", A_NORMAL);
            break;
        }
        tui_put(y, x, w, buf, A_NORMAL);
        x += w;
        room -= w;
        if (i + 1 < t->n) {
            tui_put(y, x, 1, "│", tui_att(TUI_PAIR_DIM, A_NORMAL));
            x++;
            room--;
        }
    }
    if (show_opts) {
        int ox = r->w - ow + tui_put(y, r->w - ow, 2, "  ", A_NORMAL);
        for (int k = 0; k < nseg; k++) {
            if (k)
                ox += tui_put(y, ox, 3, " · ", tui_att(TUI_PAIR_DIM, A_NORMAL));
            ox += tui_put(y, ox, r->w - ox, seg[k],
                      hot[k] ? tui_att(TUI_PAIR_HL, A_REVERSE) | A_BOLD : tui_att(TUI_PAIR_DIM, A_NORMAL));
        }
    }
}

// ─── status, footer ───────────────────────────────────────────────────────────

static void draw_status(const TuiState *st, const TuiRect *r)
{
    if (st->status[0]) {
        attr_t a = st->status_error ? tui_att(TUI_PAIR_ERR, A_REVERSE | A_BOLD) : tui_att(TUI_PAIR_OK, A_BOLD);
        tui_fill(r->y, r->x, r->w, a);
        tui_put(r->y, r->x + 1, r->w - 2, st->status, a);
        return;
    }
    if (tui_hidden_by(st)) { // no cell value before the prediction
        tui_put(r->y, r->x, r->w, _(" Predict first: A enters your prediction"),
                tui_att(TUI_PAIR_DIM, A_NORMAL));
        return;
    }
    const Stage *s = &st->t->stage[st->k];
    char v[32], buf[512];
    double x = mat_get(&s->m, st->ci, st->cj);
    snprintf(buf, sizeof buf, _(" %s[%zu][%zu] = %s   row %s · column %s%s"), s->name, st->ci + 1,
             st->cj + 1, fmt_num(v, sizeof v, x), s->row_labels[st->ci], s->col_labels[st->cj],
             st->inspector ? "" : _("   (Enter: where it comes from)"));
    tui_put(r->y, r->x, r->w, buf, tui_att(TUI_PAIR_DIM, A_NORMAL));
}

static void draw_footer(const TuiState *st, const TuiRect *r)
{
    size_t n;
    const TuiKey *keys = tui_keys(&n);
    const char *shown[32];
    int count = 0, total = 0;
    for (size_t k = 0; k < n && count < 32; k++)
        if (keys[k].footer && (keys[k].req != REQ_ANSWER || st->quiz.n)) {
            shown[count++] = _(keys[k].footer);
            total += tui_text_width(_(keys[k].footer)) + 2;
        }
    const char *play = st->autoplay        ? _(" ▶ autoplay: any key stops ")
                       : st->autoplay_held ? _(" ⏸ autoplay waits: A answers ")
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
        x += tui_put(r->y, x, room - x, key, tui_att(TUI_PAIR_KEY, A_REVERSE));
        if (sp)
            x += tui_put(r->y, x, room - x, sp, A_NORMAL);
        x += 2;
    }
    if (pw)
        tui_put(r->y, r->w - 1 - pw, pw, play, tui_att(TUI_PAIR_OK, A_REVERSE) | A_BOLD);
}

// ─── the text panel ───────────────────────────────────────────────────────────

// The presenter layout's caption: the explanation's first sentence, on one line (cut
// at a word, with "…", when even that is too long).
static int draw_caption(const TuiState *st, const TuiRect *p)
{
    Lines about = {0};
    int f0, f1;
    if (tui_panel_about(st, 4000, &about, &f0, &f1) != 0) { // one line per paragraph
        lines_free(&about);
        return -1;
    }
    const char *text = "";
    for (size_t k = 0; k < about.n && !*text; k++)
        if (strncmp(about.line[k], TUI_HEADING, TUI_HEADING_LEN) != 0)
            text = about.line[k];
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", text);
    char *end = strstr(buf, ". ");
    if (end)
        end[1] = '\0';
    Lines one = {0};
    int rc = tui_wrap(buf, p->w - 3, &one);
    if (rc == 0 && one.n) {
        char line[1100];
        snprintf(line, sizeof line, "%s%s", one.line[0], one.n > 1 ? " …" : "");
        tui_put(p->y, p->x, p->w, line, A_BOLD);
    }
    lines_free(&one);
    lines_free(&about);
    return rc;
}

static int draw_panel(TuiState *st, const TuiLayout *l)
{
    const TuiRect *p = &l->panel;
    if (p->w <= 0 || p->h <= 0)
        return 0;
    if (l->present)
        return draw_caption(st, p);
    if (l->panel_right) {
        attrset(tui_att(TUI_PAIR_DIM, A_NORMAL));
        mvvline(p->y, p->x - 2, ACS_VLINE, p->h); // between two blank columns
        attrset(A_NORMAL);
    }
    int wa = l->panel_split ? l->split_w : p->w;
    int wi = l->panel_split ? p->w - l->split_w - 1 : p->w;
    Lines about = {0}, insp = {0};
    int rc = 0, f0 = -1, f1 = -1;
    // Wrapped one column short: the last column is the scroll marker's (tui_text_column).
    if (tui_panel_about(st, wa - 1, &about, &f0, &f1) != 0 ||
        tui_panel_inspector(st, wi - 1, &insp) != 0)
        rc = -1;
    if (st->focus && f0 >= 0) { // an answer just came in: scroll its verdict into view
        int th = p->h > 1 ? p->h - 1 : p->h; // above the "▼ ] more" line
        if (f1 > st->panel_scroll + th)
            st->panel_scroll = f1 - th;
        if (f0 < st->panel_scroll || f1 - f0 > th)
            st->panel_scroll = f0;
    }
    st->focus = NULL;
    if (rc == 0 && l->panel_split) {
        int s1 = tui_text_column(&about, st->panel_scroll, p->x, p->y, wa, p->h);
        int s2 = tui_text_column(&insp, st->panel_scroll, p->x + wa + 1, p->y, wi, p->h);
        st->panel_scroll = s1 > s2 ? s1 : s2;
    } else if (rc == 0) { // stacked: the explanation, a blank line, the inspector
        if (lines_addf(&about, "%s", "") != 0)
            rc = -1;
        for (size_t k = 0; rc == 0 && k < insp.n; k++)
            if (lines_addf(&about, "%s", insp.line[k]) != 0)
                rc = -1;
        if (rc == 0)
            st->panel_scroll = tui_text_column(&about, st->panel_scroll, p->x, p->y, wa, p->h);
    }
    lines_free(&about);
    lines_free(&insp);
    return rc;
}

int tui_chrome_draw(TuiState *st)
{
    const TuiLayout *l = &st->layout;
    draw_title(st, &l->header);
    draw_tokens(st, &l->header);
    int rc = draw_panel(st, l);
    draw_status(st, &l->status);
    draw_footer(st, &l->footer);
    return rc;
}
