// vocab.c — the rows some sentences need from an embeddings file (see vocab.h).
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "paths.h"
#include "tokenize.h"
#include "vocab.h"

// ─── the forms: an open-addressing hash table ───────────────────────────────────────

static uint64_t hash(const char *p, size_t len)
{
    uint64_t h = 0xCBF29CE484222325ull; // FNV-1a
    for (size_t k = 0; k < len; k++)
        h = (h ^ (unsigned char)p[k]) * 0x100000001B3ull;
    return h;
}

// The slot of the form p[0, len): its own, or the empty one where it would go.
static VocabWord *slot(const Vocab *v, const char *p, size_t len)
{
    size_t mask = v->cap - 1;
    for (size_t k = hash(p, len) & mask;; k = (k + 1) & mask) {
        VocabWord *w = &v->w[k];
        if (!w->word || (w->len == len && memcmp(w->word, p, len) == 0))
            return w;
    }
}

static VocabWord *find(const Vocab *v, const char *p, size_t len)
{
    if (!v->cap)
        return NULL;
    VocabWord *w = slot(v, p, len);
    return w->word ? w : NULL;
}

static bool grow(Vocab *v)
{
    size_t cap = v->cap ? v->cap * 2 : 256;
    VocabWord *old = v->w;
    size_t old_cap = v->cap;
    v->w = calloc(cap, sizeof *v->w);
    if (!v->w) {
        v->w = old;
        return false;
    }
    v->cap = cap;
    for (size_t k = 0; k < old_cap; k++)
        if (old[k].word)
            *slot(v, old[k].word, old[k].len) = old[k];
    free(old);
    return true;
}

static uint64_t len_bit(size_t len) { return 1ull << (len < 63 ? len : 63); }

// Could p[0, len) be a form? (False for most labels of a lexicon: no hashing for them.)
static bool maybe_form(const Vocab *v, const char *p, size_t len)
{
    return len && (v->lens[(unsigned char)p[0]] & len_bit(len));
}

// The entry of p[0, len), added when new; NULL when out of memory.
static VocabWord *add(Vocab *v, const char *p, size_t len)
{
    if (2 * (v->nw + 1) > v->cap && !grow(v))
        return NULL;
    VocabWord *w = slot(v, p, len);
    if (w->word)
        return w;
    if (!(w->word = malloc(len + 1)))
        return NULL;
    memcpy(w->word, p, len);
    w->word[len] = '\0';
    w->len = len;
    if (len)
        v->lens[(unsigned char)p[0]] |= len_bit(len);
    w->row = -1;
    v->nw++;
    return w;
}

static bool add_str(Vocab *v, const char *s) { return add(v, s, strlen(s)) != NULL; }

// ─── reading the files ──────────────────────────────────────────────────────────────

static int read_file(const char *path, char **buf, size_t *len, AtError *e)
{
    int fd = open_regular(path, _("a CSV file"), e);
    if (fd < 0)
        return -1;
    int rc = read_fd_capped(fd, path, CSVIO_MAX_FILE_BYTES, buf, len, e);
    close(fd);
    return rc;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int vocab_open(Vocab *v, const char *path, const char *infl_path, AtError *e)
{
    memset(v, 0, sizeof *v);
    v->modifier = -1;
    v->path = xstrdup(path);
    v->infl_path = infl_path ? xstrdup(infl_path) : NULL;
    if (!v->path || (infl_path && !v->infl_path)) {
        vocab_close(v);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    if (read_file(path, &v->buf, &v->len, e) != 0 ||
        (infl_path && read_file(infl_path, &v->infl_buf, &v->infl_len, e) != 0)) {
        vocab_close(v);
        return -1;
    }
    return 0;
}

// ─── collecting the forms ───────────────────────────────────────────────────────────

// tokenize_with's question while collecting: every CJK substring it asks about is a
// form to look for; the answer is no, so each run falls back to single characters,
// which are tokens of their own below.
static bool collect_known(const char *p, size_t len, const void *ctx)
{
    Vocab *v = (Vocab *)(uintptr_t)ctx; // vocab_collect's own, not const
    if (!add(v, p, len))
        v->oom = true;
    return false;
}

// A token's forms: as written, lower case, and with the rules its rule candidates (and
// the lower-case word as a form for inflections.csv).
static bool collect_token(Vocab *v, const char *t)
{
    char *low = lookup_lower(t);
    if (!low || !add_str(v, t) || !add_str(v, low)) {
        free(low);
        return false;
    }
    bool ok = true;
    if (v->infl_path && lookup_ascii_word(low)) {
        VocabWord *w = add(v, low, strlen(low));
        ok = w != NULL;
        if (w)
            w->form = true;
        for (int k = 0; ok && k < LOOKUP_NRULES; k++) {
            bool applies;
            char *cand = lookup_rule_candidate(low, k, &applies);
            ok = !applies || (cand && add_str(v, cand));
            free(cand);
        }
    }
    free(low);
    return ok;
}

int vocab_collect(Vocab *v, const char *sentence, AtError *e)
{
    TokenList t;
    v->oom = false;
    if (tokenize_with(sentence, collect_known, v, SIZE_MAX, &t, e) != 0)
        return -1;
    bool ok = !v->oom;
    for (size_t i = 0; ok && i < t.n; i++)
        ok = collect_token(v, t.tok[i]);
    tokens_free(&t);
    return ok ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
}

// ─── scanning and parsing ───────────────────────────────────────────────────────────

typedef struct {
    CsvioSpan *s;
    size_t n, cap;
} Spans;

static bool push_span(Spans *sp, size_t at, size_t end, size_t line)
{
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 64;
        CsvioSpan *g = realloc(sp->s, cap * sizeof *g);
        if (!g)
            return false;
        sp->s = g;
        sp->cap = cap;
    }
    sp->s[sp->n++] = (CsvioSpan){at, end, line};
    return true;
}

// The spans to parse of a text: its header (with whatever comes before it), its first
// record when `first`, each record the reader would refuse, and each record whose label
// `want` picks.
static int pick(const char *path, const char *buf, size_t len, bool first,
                bool (*want)(const Vocab *, const char *, size_t), const Vocab *v, Spans *sp,
                AtError *e)
{
    CsvioScan s;
    csvio_scan_init(&s, buf, len);
    size_t start = s.at;
    bool header = false, any = false, oom = false, ok = true;
    CsvioRecord r;
    while (ok && csvio_scan_next(&s, &r, &oom)) {
        if (r.kind == CSVIO_REC_BLANK)
            continue;
        if (!header) { // the header, and the blank lines before it
            header = true;
            ok = push_span(sp, start, r.end, 1);
            continue;
        }
        if (first || r.kind == CSVIO_REC_ODD || want(v, r.label, r.label_len))
            ok = push_span(sp, r.at, r.end, r.line);
        first = false;
        any = true;
    }
    if (header && !any) // only a header: the lines after it count in "no rows after it"
        sp->s[0].end = len;
    csvio_scan_free(&s);
    if (!ok || oom)
        return at_fail(e, AT_ERUNTIME, _("%s: out of memory"), path);
    return 0;
}

static bool want_row(const Vocab *v, const char *p, size_t len)
{
    return maybe_form(v, p, len) && find(v, p, len) != NULL;
}

static bool want_form(const Vocab *v, const char *p, size_t len)
{
    const VocabWord *w = maybe_form(v, p, len) ? find(v, p, len) : NULL;
    return w && w->form;
}

// inflections.csv: a header form,lemma, then one form and its lemma per record.
typedef struct {
    Vocab *v;
    size_t records;
} InflRead;

static int on_inflection(char **f, size_t n, size_t line, void *ctx, AtError *e)
{
    (void)n; // always 2: csvio_read_text checks the width
    InflRead *ir = ctx;
    Vocab *v = ir->v;
    if (ir->records++ == 0) {
        if (strcmp(f[0], "form") != 0 || strcmp(f[1], "lemma") != 0)
            return at_fail(e, AT_EINPUT, _("%s:%zu:1: the header must be form,lemma"), v->infl_path,
                           line);
        return 0;
    }
    VocabWord *w = find(v, f[0], strlen(f[0]));
    if (!w || !w->form) // the first record, picked whatever its form
        return 0;
    if (w->lemma && strcmp(w->lemma, f[1]) != 0)
        return at_fail(e, AT_EINPUT,
                       _("%s:%zu:1: \"%s\" has the lemma \"%s\" on line %zu and \"%s\" "
                       "here"),
                       v->infl_path, line, f[0], w->lemma, w->lemma_line, f[1]);
    if (!w->lemma && !(w->lemma = xstrdup(f[1])))
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    w->lemma_line = w->lemma_line ? w->lemma_line : line;
    return 0;
}

static int read_inflections(Vocab *v, AtError *e)
{
    Spans sp = {0};
    InflRead ir = {v, 0};
    int rc = pick(v->infl_path, v->infl_buf, v->infl_len, false, want_form, v, &sp, e);
    if (rc == 0 && sp.n == 0)
        rc = at_fail(e, AT_EINPUT, _("%s:1:1: empty file: expected the header form,lemma"),
                     v->infl_path);
    if (rc == 0)
        rc = csvio_read_text(v->infl_path, v->infl_buf, sp.s, sp.n, 2, on_inflection, &ir, e);
    free(sp.s);
    if (rc != 0)
        return -1;
    // Each lemma is a form to look for in the embeddings (collected first: adding to the
    // table moves its entries).
    size_t n = 0;
    char **lemmas = malloc((v->nw ? v->nw : 1) * sizeof *lemmas);
    if (!lemmas)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    for (size_t k = 0; k < v->cap; k++)
        if (v->w[k].word && v->w[k].lemma)
            lemmas[n++] = v->w[k].lemma;
    bool ok = true;
    for (size_t k = 0; ok && k < n; k++) {
        char *l = xstrdup(lemmas[k]); // the entry holding it may move
        ok = l && add_str(v, l);
        free(l);
    }
    free(lemmas);
    return ok ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
}

// Duplicate labels are fine only when their vectors agree (an exported embeddings.csv
// repeats a token that occurs twice in the sentence); the first row, in file order, that
// differs from its label's first row is reported. Rows are few here: each one's first
// row is its form's.
static int check_duplicates(Vocab *v, AtError *e)
{
    const LabeledMatrix *lm = &v->m;
    for (size_t i = 0; i < lm->m.rows; i++) {
        VocabWord *w = find(v, lm->row_labels[i], strlen(lm->row_labels[i]));
        if (!w) // the first row, or a row of a form no token needs
            continue;
        if (w->row < 0) {
            w->row = (long)i;
        } else if (memcmp(mat_row(&lm->m, i), mat_row(&lm->m, (size_t)w->row),
                          lm->m.cols * sizeof(double)) != 0) {
            return at_fail(e, AT_EINPUT,
                           _("%s:%zu:1: duplicate token \"%s\" (also on line %zu) with different "
                           "values"),
                           v->path, lm->row_line[i], lm->row_labels[i], lm->row_line[w->row]);
        }
    }
    return 0;
}

int vocab_read(Vocab *v, int flags, AtError *e)
{
    if (v->infl_path && read_inflections(v, e) != 0)
        return -1;
    Spans sp = {0};
    int rc = pick(v->path, v->buf, v->len, true, want_row, v, &sp, e);
    if (rc == 0)
        rc = csvio_read_spans(v->path, v->buf, sp.s, sp.n, flags, &v->m, e);
    free(sp.s);
    if (rc == 0)
        rc = check_duplicates(v, e);
    for (size_t c = 0; rc == 0 && c < v->m.m.cols; c++)
        if (strcmp(v->m.col_labels[c], "modifier") == 0 && v->modifier < 0)
            v->modifier = (long)c;
    return rc;
}

// ─── lookups ────────────────────────────────────────────────────────────────────────

bool vocab_known(const char *p, size_t len, const void *ctx)
{
    const VocabWord *w = find(ctx, p, len);
    return w && w->row >= 0;
}

static bool is_row(const char *word, const void *ctx)
{
    return vocab_known(word, strlen(word), ctx);
}

static double modifier(const char *word, const void *ctx)
{
    const Vocab *v = ctx;
    const VocabWord *w = find(v, word, strlen(word));
    if (!w || w->row < 0 || v->modifier < 0)
        return 0;
    return mat_get(&v->m.m, (size_t)w->row, (size_t)v->modifier);
}

static const char *lemma(const char *form, const void *ctx)
{
    const VocabWord *w = find(ctx, form, strlen(form));
    return w ? w->lemma : NULL;
}

int vocab_lookup(const Vocab *v, const char *token, TokenLookup *how, long *row, AtError *e)
{
    LookupVocab lv = {is_row, modifier, lemma, v, v->infl_path != NULL};
    TokenLookup l;
    if (lookup_token(token, &lv, &l) != 0)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    const VocabWord *w = l.row ? find(v, l.row, strlen(l.row)) : NULL;
    *row = w ? w->row : -1;
    if (how)
        *how = l;
    else
        lookup_free(&l);
    return 0;
}

void vocab_close(Vocab *v)
{
    for (size_t k = 0; k < v->cap; k++) {
        free(v->w[k].word);
        free(v->w[k].lemma);
    }
    free(v->w);
    free(v->path);
    free(v->infl_path);
    free(v->buf);
    free(v->infl_buf);
    labeled_free(&v->m);
    memset(v, 0, sizeof *v);
    v->modifier = -1;
}
