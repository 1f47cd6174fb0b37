// tui_text.c — stage descriptions, wrapping and fitting text by display width.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "gqa.h"
#include "i18n.h"
#include "lesson.h"
#include "tui_text.h"
#include "utf8.h"

// ─── built-in stage descriptions ──────────────────────────────────────────────

static const char *const DESCRIPTION[ST_COUNT] = {
    [ST_EMBEDDINGS] =
        N_("Each token of the sentence becomes a row of numbers: its embedding. In a real model "
        "these vectors are learned, so that words used alike get similar rows.\n"
        "Here they come from the sample's embeddings.csv; a token marked * was not in it and "
        "got a vector generated from its letters and the seed.\n"
        "Every later stage is computed from this matrix X and three weight matrices."),
    [ST_WQ] =
        N_("W_Q turns an embedding into a query: what a token is looking for in the others. "
        "Each column mixes the embedding's dimensions into one query feature.\n"
        "In a real model W_Q is learned in training; here it is given (or generated)."),
    [ST_WK] =
        N_("W_K turns an embedding into a key: what a token offers to the others, the thing "
        "the queries are matched against.\n"
        "It has as many columns as W_Q (d_k), so that queries and keys can be multiplied."),
    [ST_WV] =
        N_("W_V turns an embedding into a value: the information a token hands over when "
        "another token pays attention to it."),
    [ST_Q] =
        N_("Q = X·W_Q: one query row per token. Cell [i][c] is row i of X times column c of "
        "W_Q, multiplied term by term and summed.\n"
        "The highlighted row and column of the operands make the selected cell; the "
        "inspector shows every product."),
    [ST_K] =
        N_("K = X·W_K: one key row per token, made like the queries but with W_K.\n"
        "Next, every query is compared with every key."),
    [ST_V] =
        N_("V = X·W_V: one value row per token. The values are what gets mixed at the end: "
        "each token's output is a weighted average of these rows."),
    [ST_SCORES] =
        N_("scores = Q·Kᵀ: how well each token's query matches each token's key. Row i is the "
        "query token, column j the key token; cell [i][j] is the dot product q_i·k_j.\n"
        "A larger score means token i is more interested in token j. These are raw numbers, "
        "not yet shares of attention."),
    [ST_SCALED] =
        N_("Each score is divided by √d_k (and by the temperature T, when given). Dot products "
        "of longer vectors grow larger; dividing keeps them in a range where softmax still "
        "spreads attention instead of giving it all to one key.\n"
        "The order within a row does not change."),
    [ST_MASKED] =
        N_("A causal mask: a token may look only at itself and the tokens before it. Cells "
        "above the diagonal (a key after its query) become -inf, shown as ×.\n"
        "After softmax they get a weight of exactly 0."),
    [ST_WEIGHTS] =
        N_("softmax turns each row into shares that add up to 1: the exp of each score, "
        "divided by the sum of the row's exps.\n"
        "Cell [i][j] is how much token i attends to token j: the share of j's value that "
        "goes into i's output."),
    [ST_OUTPUT] =
        N_("output = weights·V: for each token, the average of all the value rows, weighted by "
        "its row of attention weights.\n"
        "This is the token's new, context-aware vector: what self-attention hands to the "
        "next layer of a model."),
    [ST_SOURCE] =
        N_("Cross-attention: the source sentence's embeddings X_src, one row per source token. "
        "The keys and values come from these rows (K = X_src·W_K, V = X_src·W_V); the "
        "queries still come from the main sentence.\n"
        "In self-attention all three come from the same sentence."),
    [ST_CONCAT] =
        N_("concat puts the heads' outputs side by side: head 1's columns, then head 2's, and "
        "so on, back to the full width d_v.\n"
        "Each head attended in its own way, over its own slice of Q, K and V."),
    [ST_WO] =
        N_("W_O, the output projection, mixes the concatenated heads into one vector per token "
        "(d_v × d_model). In a real model it is learned like W_Q, W_K and W_V."),
    [ST_POSITIONS] =
        N_("Positions: one row per place in the sentence, p = 0, 1, 2 … Without them attention "
        "has no sense of order: reorder the words and every row is the same, only moved.\n"
        "Sinusoids give each place its own pattern of sines and cosines, fast in the first "
        "columns and slow in the last; learned positions are rows of a table, like "
        "embeddings."),
    [ST_INPUT] =
        N_("input = X + P: each token's embedding plus the vector of its place. The same word "
        "at two places now has two different rows.\n"
        "Q, K and V are computed from this matrix instead of X."),
    [ST_SRC_POSITIONS] =
        N_("The source sentence's own positions, counted from 0 like the sentence's."),
    [ST_SRC_INPUT] =
        N_("source.input = X_src + P_src: the source tokens with their places, where the keys "
        "and values now come from."),
    [ST_QROPE] =
        N_("RoPE turns each query: columns (2i, 2i+1) of every head, as a pair, by the angle "
        "p·θ_i, p the token's place and θ_i = 10000^(−2i/d_head). Nothing is added, so the "
        "vector keeps its length.\n"
        "The first pairs turn fast, the last ones slowly."),
    [ST_KROPE] =
        N_("The keys, turned the same way by their own places. When a turned query meets a "
        "turned key, only the angle between them counts: the score depends on how far apart "
        "the two words are, not on where they sit."),
};

const char *tui_stage_description(StageId id)
{
    return (unsigned)id < ST_COUNT && DESCRIPTION[id] ? _(DESCRIPTION[id]) : "";
}

const char *tui_stage_about(const Trace *t, const Stage *s, char *buf, size_t size)
{
    if (s->id == ST_OUTPUT && t->heads > 1)
        return _("output = concat·W_O: the heads' combined outputs, projected by W_O into one "
                 "new, context-aware vector per token.");
    if ((s->id == ST_K || s->id == ST_V) && t->kv_heads < t->heads) { // grouped-query
        char saving[256];
        gqa_saving_text(t, true, saving, sizeof saving);
        snprintf(buf, size, "%s\nGrouped-query (--kv-heads %zu): %s holds %zu groups of %zu "
                 "columns; query head h uses group ⌈h·G/H⌉, so %zu heads share each group.\n%s.",
                 tui_stage_description(s->id), t->kv_heads, s->id == ST_K ? "K" : "V",
                 t->kv_heads, s->id == ST_K ? t->d_head : t->dv_head, t->heads / t->kv_heads,
                 saving);
        return buf;
    }
    if (s->head == 0)
        return tui_stage_description(s->id);
    if (t->kv_heads < t->heads) {
        snprintf(buf, size,
                 "Head %d of %zu: columns %zu–%zu of Q with group %d's columns %zu–%zu of K and "
                 "%zu–%zu of V (shared with the group's other heads), scaled by √d_head. [ and ] "
                 "show the same stage of the other heads.\n%s",
                 s->head, t->heads, s->qk0 + 1, s->qk1, s->group, s->k0 + 1, s->k1, s->v0 + 1,
                 s->v1, tui_stage_description(s->id));
        return buf;
    }
    snprintf(buf, size,
             _("Head %d of %zu works on its own slice: columns %zu–%zu of Q and K (d_head = %zu) "
               "and %zu–%zu of V, scaled by √d_head. [ and ] show the same stage of the other "
               "heads.\n%s"),
             s->head, t->heads, s->qk0 + 1, s->qk1, t->d_head, s->v0 + 1, s->v1,
             tui_stage_description(s->id));
    return buf;
}

// ─── the display form ─────────────────────────────────────────────────────────

// One escaped form everywhere (err.c's at_escape): C0 and C1 controls, DEL and bytes
// that are not UTF-8 as \xNN, the bidirectional controls as \uXXXX.
bool tui_text_unsafe(const char *text) { return at_needs_escape(text, false); }

const char *tui_text_display(const char *text, char *buf, size_t size)
{
    if (!tui_text_unsafe(text))
        return text;
    at_escape(buf, size, text);
    return buf;
}

char *tui_text_display_dup(const char *text) { return at_escape_dup(text); }

// ─── widths ───────────────────────────────────────────────────────────────────

// Plain ASCII (the usual number or label) needs no multibyte decoding.
static bool ascii(const char *s, size_t *len)
{
    size_t k = 0;
    for (; s[k]; k++)
        if ((unsigned char)s[k] >= 0x80 || (unsigned char)s[k] < 0x20)
            return false;
    *len = k;
    return true;
}

int tui_text_width(const char *text)
{
    size_t len;
    if (ascii(text, &len) && !memchr(text, 0x7F, len))
        return (int)len;
    if (tui_text_unsafe(text)) { // measured as it is shown: escapes, ASCII
        char *d = tui_text_display_dup(text);
        int w = d ? tui_text_width(d) : (int)strlen(text) * 4;
        free(d);
        return w;
    }
    // Safe text is valid UTF-8 (at_escape's test is strict), so utf8_width fails only
    // under an LC_CTYPE that is not UTF-8: there each byte counts one column.
    int w = utf8_width(text);
    return w < 0 ? (int)strlen(text) : w;
}

// Bytes of the longest prefix of s that fits in cols columns; at least one character
// (or one byte of invalid UTF-8) when s is not empty and cols > 0, so loops progress.
// May a line of s end at byte k (0 < k, a character boundary) with the next starting
// there, no space between: between wide (CJK) characters, as lesson_wrap breaks.
static bool wide_break(const char *s, size_t k)
{
    size_t p = k - 1; // the first byte of the character before k
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    Utf8Char a = utf8_char(s + p, k - p), b = utf8_char(s + k, strlen(s + k));
    return a.wc != L' ' && b.wc != L' ' && lesson_break_between(a.wc, a.width, b.wc, b.width);
}

static size_t fit_some(const char *s, int cols, int *used)
{
    size_t b = utf8_fit(s, cols, used);
    if (b == 0 && *s && cols > 0) {
        b = 1;
        while ((s[b] & 0xC0) == 0x80)
            b++;
        *used = 1;
    }
    return b;
}

char *tui_fit_text(const char *text, int width, bool right, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (width <= 0)
        return buf;
    if (tui_text_unsafe(text)) { // fit what is shown
        char *d = tui_text_display_dup(text);
        if (d)
            tui_fit_text(d, width, right, buf, size);
        free(d);
        return buf;
    }
    int w = tui_text_width(text), used = w;
    size_t bytes = strlen(text);
    const char *ell = "";
    if (w > width) { // keep what fits and mark the cut
        bytes = utf8_fit(text, width - 1, &used);
        ell = "…";
        used++;
    }
    int pad = width - used;
    size_t need = (size_t)pad + bytes + strlen(ell) + 1;
    if (need > size) // never overflow: a too small buffer gets a cut text
        return buf;
    char *p = buf;
    if (right) {
        memset(p, ' ', (size_t)pad);
        p += pad;
    }
    memcpy(p, text, bytes);
    p += bytes;
    memcpy(p, ell, strlen(ell));
    p += strlen(ell);
    if (!right) {
        memset(p, ' ', (size_t)pad);
        p += pad;
    }
    *p = '\0';
    return buf;
}

char *tui_squeeze(const char *text, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    size_t o = 0, lead = strspn(text, " ");
    for (size_t k = 0; text[k] && o + 1 < size; k++) {
        if (k > lead && text[k] == ' ' && text[k - 1] == ' ')
            continue;
        buf[o++] = text[k];
    }
    buf[o] = '\0';
    return buf;
}

void tui_text_trim_cut(char *s)
{
    size_t n = strlen(s), k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
        k--; // continuation bytes
    if (k == 0 || (unsigned char)s[k - 1] < 0xC0)
        return;
    unsigned char lead = (unsigned char)s[k - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (n - (k - 1) < want)
        s[k - 1] = '\0';
}

// ─── wrapping ─────────────────────────────────────────────────────────────────

int tui_wrap(const char *text, int width, Lines *out)
{
    if (tui_text_unsafe(text)) { // wrap what is shown
        char *d = tui_text_display_dup(text);
        int rc = d ? tui_wrap(d, width, out) : -1;
        free(d);
        if (rc != 0)
            out->failed = 1;
        return rc;
    }
    if (width < 1)
        width = 1;
    size_t indent = strspn(text, " ");
    if ((int)indent > width / 2)
        indent = 0;
    int cont = indent && (int)indent + 2 < width / 2 ? (int)indent + 2 : 0; // continued lines
    const char *r = text;
    int avail = width;
    bool first = true;
    if (!*r)
        return lines_addf(out, "%s", "");
    while (*r) {
        int used;
        int pad = first ? 0 : cont;
        if (tui_text_width(r) <= avail) {
            if (lines_addf(out, "%*s%s", pad, "", r) != 0)
                return -1;
            break;
        }
        size_t b = fit_some(r, avail, &used);
        // Break at the last space that fits (not inside the leading indentation), or
        // between two CJK characters.
        size_t brk = 0;
        for (size_t k = b; k > (first ? indent : 0); k--)
            if (r[k] == ' ' || (((unsigned char)r[k] & 0xC0) != 0x80 && wide_break(r, k))) {
                brk = k;
                break;
            }
        size_t len = brk ? brk : b, next = len;
        while (len > 0 && r[len - 1] == ' ')
            len--;
        if (lines_addf(out, "%*s%.*s", pad, "", (int)len, r) != 0)
            return -1;
        while (r[next] == ' ')
            next++;
        r += next;
        first = false;
        avail = width - cont;
    }
    return 0;
}

// ─── the words not in the vocabulary ──────────────────────────────────────────

#define UNKNOWN_PREFIX "not in the vocabulary:"

// Columns of " … +N".
static int more_width(size_t n)
{
    char buf[32];
    snprintf(buf, sizeof buf, " … +%zu", n);
    return utf8_width(buf);
}

int tui_unknown_note(const char *words, int width, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t n = 0;
    for (const char *p = words; p && *p; p += strcspn(p, " "), p += *p == ' ')
        n++;
    if (n == 0)
        return 0;
    int used = utf8_width(UNKNOWN_PREFIX), all = used + (int)n * 2; // " w*" each
    for (const char *p = words; *p; p += strcspn(p, " "), p += *p == ' ') {
        char word[512];
        snprintf(word, sizeof word, "%.*s", (int)strcspn(p, " "), p);
        all += utf8_width(word);
    }
    size_t len = (size_t)snprintf(buf, size, "%s", UNKNOWN_PREFIX), shown = 0;
    const char *p = words;
    for (; shown < n; shown++) {
        size_t wl = strcspn(p, " ");
        char word[512];
        snprintf(word, sizeof word, " %.*s*", (int)wl, p);
        int ww = utf8_width(word);
        // When not all fit, a word needs room for itself and the count of those after it.
        int need = ww + (all > width && shown + 1 < n ? more_width(n - shown - 1) : 0);
        if (used + need > width || len + strlen(word) >= size)
            break;
        memcpy(buf + len, word, strlen(word) + 1);
        len += strlen(word);
        used += ww;
        p += wl + (p[wl] == ' ');
    }
    if (shown < n) {
        // The words not shown are counted (each shown word left room for it; with
        // none shown, it may not fit at all).
        if (used + more_width(n - shown) > width) {
            buf[0] = '\0';
            return 0;
        }
        len += (size_t)snprintf(buf + len, size - len, " … +%zu", n - shown);
        used += more_width(n - shown);
    }
    return used;
}
