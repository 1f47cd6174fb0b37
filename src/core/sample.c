// sample.c — load a sample folder and files; generate what is missing.
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"
#include "i18n.h"
#include "paths.h"
#include "sample.h"
#include "vocab.h"

static const char *const W_FILE[3] = {"W_Q.csv", "W_K.csv", "W_V.csv"};
static const char *const W_CROSS_FILE[3] = {"W_Q.cross.csv", "W_K.cross.csv", "W_V.cross.csv"};
static const char CROSS_NOTE[] = " (cross-attention)"; // after a W_*.cross.csv's name
static const char *const W_NAME[3] = {"W_Q", "W_K", "W_V"};
static const char W_PREFIX[3] = {'q', 'k', 'v'};

// ─── the generator ─────────────────────────────────────────────────────────────────

uint64_t gen_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double gen_uniform(uint64_t *state, double scale)
{
    double u = (double)(gen_next(state) >> 11) / 9007199254740992.0; // [0, 1)
    double x = (2.0 * u - 1.0) * scale;
    return round(x * 100.0) / 100.0;
}

uint64_t gen_token_seed(const char *token, uint64_t seed)
{
    uint64_t h = 0xCBF29CE484222325ull; // FNV-1a over the bytes
    for (const unsigned char *p = (const unsigned char *)token; *p; p++)
        h = (h ^ *p) * 0x100000001B3ull;
    return h ^ (seed * 0x9E3779B97F4A7C15ull);
}

// ─── helpers ───────────────────────────────────────────────────────────────────────

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

// names[k] = "<prefix><k+1>", k < n
static char **numbered_names(const char *prefix, size_t n)
{
    char **names = calloc(n ? n : 1, sizeof *names);
    if (!names)
        return NULL;
    for (size_t k = 0; k < n; k++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s%zu", prefix, k + 1);
        if (!(names[k] = xstrdup(buf))) {
            for (size_t q = 0; q < k; q++)
                free(names[q]);
            free(names);
            return NULL;
        }
    }
    return names;
}

static void free_names(char **names, size_t n)
{
    if (!names)
        return;
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    free(names);
}

static char **take_strings(char ***from)
{
    char **s = *from;
    *from = NULL;
    return s;
}

// ─── resolving a sample ────────────────────────────────────────────────────────────

int sample_resolve(const char *name, char **dir, AtError *e)
{
    *dir = NULL;
    char *samples = path_join(data_dir(), "samples");
    if (!samples)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    bool looks_like_path = strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
                           strcmp(name, "..") == 0;
    char *cand = looks_like_path ? xstrdup(name) : path_join(samples, name);
    if (!cand) {
        free(samples);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    if (is_dir(cand)) {
        free(samples);
        *dir = cand;
        return 0;
    }
    free(cand);
    if (!looks_like_path && is_dir(name)) { // a folder in the current directory
        free(samples);
        *dir = xstrdup(name);
        return *dir ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    // Name the known samples, so the user can pick one.
    char known[512] = "";
    DIR *d = opendir(samples);
    if (d) {
        struct dirent *ent;
        char *names[64];
        size_t count = 0;
        while ((ent = readdir(d)) != NULL && count < 64) {
            if (ent->d_name[0] == '.')
                continue;
            char *p = path_join(samples, ent->d_name);
            if (p && is_dir(p))
                names[count++] = xstrdup(ent->d_name);
            free(p);
        }
        closedir(d);
        for (size_t a = 0; a < count; a++) // sort the few names for a stable message
            for (size_t b = a + 1; b < count; b++)
                if (names[a] && names[b] && strcmp(names[a], names[b]) > 0) {
                    char *t = names[a];
                    names[a] = names[b];
                    names[b] = t;
                }
        for (size_t a = 0; a < count; a++) {
            if (names[a] && strlen(known) + strlen(names[a]) + 3 < sizeof known) {
                if (known[0])
                    strcat(known, ", ");
                strcat(known, names[a]);
            }
            free(names[a]);
        }
    }
    free(samples);
    struct stat st; // at_fail escapes the name and shortens a long one in the middle
    if (looks_like_path && stat(name, &st) == 0)
        return at_fail(e, AT_EINPUT, _("%s: is a %s, expected a sample folder"), name,
                       file_kind(st.st_mode));
    if (looks_like_path)
        return at_fail(e, AT_EINPUT, _("%s: no such sample folder"), name);
    return at_fail(e, AT_EINPUT, _("unknown sample \"%s\" (known: %s; or give a folder)"), name,
                   known[0] ? known : "none found");
}

// ─── loading ───────────────────────────────────────────────────────────────────────

// A path as people should read it: relative to the data folder when inside it, and
// escaped (it is printed and written to manifests).
static char *display_path(const char *path)
{
    const char *dd = data_dir();
    size_t n = strlen(dd);
    if (strncmp(path, dd, n) == 0 && path[n] == '/')
        return at_escape_dup(path + n + 1);
    return at_escape_dup(path);
}

// A sample file when the option did not name one: 1 with *path = DIR/FILE when anything
// is there, 0 when nothing is (it is generated), -1 when the folder cannot be searched.
// Whatever is there is read as the file: a dangling symbolic link, a folder, a FIFO or an
// unreadable file is an error that names it, never taken for a missing file.
static int sample_file(const char *dir, const char *file, char **path, AtError *e)
{
    *path = NULL;
    if (!dir)
        return 0;
    char *p = path_join(dir, file);
    if (!p)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    struct stat st;
    if (lstat(p, &st) == 0) {
        *path = p;
        return 1;
    }
    int err = errno;
    if (err == ENOENT) {
        free(p);
        return 0;
    }
    at_fail(e, err == EIO ? AT_ERUNTIME : AT_EINPUT, "%s: %s", p, strerror(err));
    free(p);
    return -1;
}

// The file an option named, else the sample's: 1 with *path, 0 when there is none.
static int input_file(const char *given, const char *dir, const char *file, char **path,
                      AtError *e)
{
    if (!given)
        return sample_file(dir, file, path, e);
    *path = xstrdup(given);
    return *path ? 1 : at_fail(e, AT_ERUNTIME, _("out of memory"));
}

// The row labels of a W are the embedding dimensions' names: no two alike.
static int unique_rows(const char *path, const LabeledMatrix *lm, AtError *e)
{
    size_t dup, first;
    bool oom;
    if (csvio_find_duplicate(lm->row_labels, lm->m.rows, &dup, &first, &oom)) {
        char shown[96];
        at_escape(shown, sizeof shown, lm->row_labels[dup]);
        return at_fail(e, AT_EINPUT, _("%s:%zu:1: duplicate dimension name \"%s\" (also on line "
                       "%zu)"), path, lm->row_line[dup], shown, lm->row_line[first]);
    }
    return oom ? at_fail(e, AT_ERUNTIME, _("out of memory")) : 0;
}

// W_w from a file; cross: a sample's cross-attention weights, and said so.
static int load_weight(Inputs *in, int w, const char *path, bool cross, AtError *e)
{
    LabeledMatrix lm;
    if (csvio_read(path, CSVIO_UNIQUE_COLUMNS, &lm, e) != 0)
        return -1;
    size_t d_model = in->X.cols;
    if (lm.m.rows != d_model) {
        size_t rows = lm.m.rows;
        labeled_free(&lm);
        return at_fail(e, AT_EINPUT,
                       _("%s: has %zu rows, but the embeddings have %zu dimensions: %s must be "
                       "d_model×d_k with one row per embedding dimension"),
                       path, rows, d_model, W_NAME[w]);
    }
    for (size_t r = 0; r < d_model; r++)
        if (strcmp(lm.row_labels[r], in->dims[r]) != 0) {
            int rc = at_fail(e, AT_EINPUT,
                             _("%s:%zu:1: row label \"%s\" should be \"%s\", the embeddings' "
                             "dimension %zu"),
                             path, lm.row_line[r], lm.row_labels[r], in->dims[r], r + 1);
            labeled_free(&lm);
            return rc;
        }
    in->W[w] = lm.m;
    in->wcols[w] = take_strings(&lm.col_labels);
    lm.m.v = NULL; // rows stay set, so labeled_free frees the row labels
    labeled_free(&lm);
    char *shown = display_path(path);
    if (shown && cross) {
        size_t n = strlen(shown);
        char *longer = realloc(shown, n + sizeof CROSS_NOTE);
        if (longer)
            memcpy(longer + n, CROSS_NOTE, sizeof CROSS_NOTE);
        else
            free(shown);
        shown = longer;
    }
    in->source[w + 1] = shown;
    return shown ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
}

static int generate_weight(Inputs *in, int w, size_t dk, uint64_t seed, AtError *e)
{
    size_t d_model = in->X.cols;
    if (mat_init(&in->W[w], d_model, dk) != 0)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    // Uniform in ±1/√d_model keeps the scores of the order of the embeddings.
    uint64_t state = gen_token_seed(W_NAME[w], seed);
    double scale = 1.0 / sqrt((double)d_model);
    for (size_t r = 0; r < d_model; r++)
        for (size_t c = 0; c < dk; c++)
            mat_set(&in->W[w], r, c, gen_uniform(&state, scale));
    char prefix[2] = {W_PREFIX[w], '\0'};
    in->wcols[w] = numbered_names(prefix, dk);
    char src[64];
    snprintf(src, sizeof src, "generated (seed %llu)", (unsigned long long)seed);
    in->source[w + 1] = xstrdup(src);
    in->w_generated[w] = true;
    if (!in->wcols[w] || !in->source[w + 1])
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    return 0;
}

// W_O (d_v×d_model) from a file: one row per column of V, named alike, d_model columns.
static int load_wo(Inputs *in, const char *path, AtError *e)
{
    LabeledMatrix lm;
    if (csvio_read(path, CSVIO_UNIQUE_COLUMNS, &lm, e) != 0)
        return -1;
    size_t d_v = in->d_concat, d_model = in->X.cols;
    char **vnames = inputs_concat_cols(in);
    int rc = 0;
    if (lm.m.rows != d_v || lm.m.cols != d_model)
        rc = at_fail(e, AT_EINPUT,
                     _("%s: is %zu×%zu, but W_O must be %s×d_model = %zu×%zu (one row per "
                     "column of %s, one column per embedding dimension)"),
                     path, lm.m.rows, lm.m.cols, in->concat_cols ? "(H·d_vhead)" : "d_v", d_v,
                     d_model, in->concat_cols ? "concat" : "V");
    for (size_t r = 0; rc == 0 && r < d_v; r++)
        if (strcmp(lm.row_labels[r], vnames[r]) != 0) {
            char got[96], want[96];
            at_escape(got, sizeof got, lm.row_labels[r]);
            at_escape(want, sizeof want, vnames[r]);
            rc = at_fail(e, AT_EINPUT, _("%s:%zu:1: row label \"%s\" should be \"%s\", column %zu "
                         "of %s"), path, lm.row_line[r], got, want, r + 1,
                         in->concat_cols ? "concat" : "V");
        }
    if (rc != 0) {
        labeled_free(&lm);
        return rc;
    }
    in->W_O = lm.m;
    in->wo_cols = take_strings(&lm.col_labels);
    lm.m.v = NULL;
    labeled_free(&lm);
    in->source[W_O_SOURCE] = display_path(path);
    return in->source[W_O_SOURCE] ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
}

// W_O generated like the other weights: uniform in ±1/√d_v, columns named like X's.
static int generate_wo(Inputs *in, uint64_t seed, AtError *e)
{
    size_t d_v = in->d_concat, d_model = in->X.cols;
    if (mat_init(&in->W_O, d_v, d_model) != 0)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    uint64_t state = gen_token_seed("W_O", seed);
    double scale = 1.0 / sqrt((double)(d_v ? d_v : 1));
    for (size_t r = 0; r < d_v; r++)
        for (size_t c = 0; c < d_model; c++)
            mat_set(&in->W_O, r, c, gen_uniform(&state, scale));
    in->wo_cols = calloc(d_model ? d_model : 1, sizeof *in->wo_cols);
    for (size_t c = 0; in->wo_cols && c < d_model; c++)
        if (!(in->wo_cols[c] = xstrdup(in->dims[c])))
            return at_fail(e, AT_ERUNTIME, _("out of memory"));
    char src[64];
    snprintf(src, sizeof src, "generated (seed %llu)", (unsigned long long)seed);
    in->source[W_O_SOURCE] = xstrdup(src);
    in->wo_generated = true;
    if (!in->wo_cols || !in->source[W_O_SOURCE])
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    return 0;
}

// ─── the sentence and its source ───────────────────────────────────────────────────

// The first line of the sample's text file `name` (sentence.txt, source.txt): 1 with
// *text and *shown (where it came from, escaped), 0 when the sample has none, -1 with e.
static int sample_line(const char *dir, const char *name, char **text, char **shown,
                       AtError *e)
{
    *text = *shown = NULL;
    char *path;
    int found = sample_file(dir, name, &path, e);
    if (found <= 0)
        return found;
    int rc = read_text_file(path, 64 * 1024, text, e);
    if (rc == 0 && !(*shown = display_path(path))) {
        free(*text);
        *text = NULL;
        rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    free(path);
    if (rc != 0)
        return -1;
    (*text)[strcspn(*text, "\r\n")] = '\0';
    return 1;
}

static int load_sentence(const InputOptions *o, Inputs *in, AtError *e)
{
    if (o->sentence) {
        in->sentence = xstrdup(o->sentence);
        return in->sentence ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    int found = sample_line(in->sample_dir, "sentence.txt", &in->sentence, &in->sentence_path, e);
    if (found == 0)
        return at_fail(e, AT_EINPUT, _("no sentence: give one on the command line%s"),
                       in->sample_dir ? " (the sample has no sentence.txt)" : "");
    return found < 0 ? -1 : 0;
}

// The source sentence of cross-attention: --source, else the sample's source.txt when
// the sentence is the sample's too (a sentence of one's own has a source only with
// --source).
static int load_source(const InputOptions *o, Inputs *in, AtError *e)
{
    if (o->source) {
        in->has_source = true;
        in->src_sentence = xstrdup(o->source);
        return in->src_sentence ? 0 : at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    if (o->sentence)
        return 0;
    int found = sample_line(in->sample_dir, "source.txt", &in->src_sentence, &in->src_path, e);
    in->has_source = found > 0;
    return found < 0 ? -1 : 0;
}

// A tokenizer error about the sentence, said where the sentence came from: a
// sentence.txt is named, with its line (the first, the only one read).
static int sentence_error(const Inputs *in, AtError *e)
{
    const char *p = "sentence: ";
    if (in->sentence_path && e && strncmp(e->msg, p, strlen(p)) == 0) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg + strlen(p));
        at_fail(e, e->status, "%s:1: %s", in->sentence_path, msg);
    }
    return -1;
}

// The same about the source: "--source: ...", or source.txt with its line.
static int source_error(const Inputs *in, AtError *e)
{
    if (!e)
        return -1;
    const char *p = "sentence: ";
    char why[sizeof e->msg];
    if (in->src_path && strncmp(e->msg, p, strlen(p)) == 0) {
        snprintf(why, sizeof why, "%s", e->msg + strlen(p));
        at_fail(e, e->status, "%s:1: %s", in->src_path, why);
    } else if (!in->src_path) {
        snprintf(why, sizeof why, "%s", e->msg);
        at_fail(e, e->status, _("--source: %s"), why);
    }
    return -1;
}

// ─── the weights' files ────────────────────────────────────────────────────────────

// Where W_Q, W_K or W_V (w) comes from: --wq, --wk, --wv; else, for cross-attention, the
// sample's W_*.cross.csv when it has one (*cross); else its W_*.csv. 1 with *path, 0
// when there is none (generated), -1 with e.
static int weight_file(const InputOptions *o, const Inputs *in, int w, char **path,
                       bool *cross, AtError *e)
{
    *cross = false;
    if (o->w_path[w] || !in->has_source)
        return input_file(o->w_path[w], in->sample_dir, W_FILE[w], path, e);
    int got = sample_file(in->sample_dir, W_CROSS_FILE[w], path, e);
    if (got != 0) {
        *cross = got > 0;
        return got;
    }
    return sample_file(in->sample_dir, W_FILE[w], path, e);
}

// ─── the embeddings: the vocabulary's rows, or generated ───────────────────────────

// X[i] = the row token i finds in the vocabulary (vocab_lookup; v NULL: there is none),
// or a vector generated from the token's bytes and the seed; generated[i] says which,
// *n_generated counts them, and look[i] (when v) says how the row was found.
static int embed(const Vocab *v, const TokenList *tokens, uint64_t seed, Matrix *X,
                 bool *generated, size_t *n_generated, TokenLookup *look, AtError *e)
{
    for (size_t i = 0; i < tokens->n; i++) {
        long row = -1;
        if (v && vocab_lookup(v, tokens->tok[i], &look[i], &row, e) != 0)
            return -1;
        if (row >= 0) {
            memcpy(mat_row(X, i), mat_row(&v->m.m, (size_t)row), X->cols * sizeof(double));
            continue;
        }
        uint64_t state = gen_token_seed(tokens->tok[i], seed);
        for (size_t d = 0; d < X->cols; d++)
            mat_set(X, i, d, gen_uniform(&state, 1.0));
        generated[i] = true;
        (*n_generated)++;
    }
    return 0;
}

// The tokens of the sentence and of the source (the CJK longest match asks v, when there
// is a vocabulary); a tokenizer error says where the sentence came from.
static int tokenize_sentences(const InputOptions *o, Inputs *in, const Vocab *v, AtError *e)
{
    size_t max_tokens = o->max_tokens ? o->max_tokens : DEFAULT_MAX_TOKENS;
    TokenKnownFn known = v ? vocab_known : NULL;
    if (tokenize_with(in->sentence, known, v, max_tokens, &in->tokens, e) != 0)
        return sentence_error(in, e);
    if (in->has_source &&
        tokenize_with(in->src_sentence, known, v, max_tokens, &in->src_tokens, e) != 0)
        return source_error(in, e);
    return 0;
}

// One sentence's embeddings X (n×d_model), and which were generated and how each row was
// found.
static int embed_tokens(const Vocab *v, const TokenList *tokens, size_t d_model, uint64_t seed,
                        Matrix *X, bool **generated, size_t *n_generated, TokenLookup **look,
                        AtError *e)
{
    size_t n = tokens->n;
    *generated = calloc(n ? n : 1, sizeof **generated);
    *look = v ? calloc(n ? n : 1, sizeof **look) : NULL;
    if (!*generated || (v && !*look) || mat_init(X, n, d_model) != 0)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    return embed(v, tokens, seed, X, *generated, n_generated, *look, e);
}

static int embed_sentences(const InputOptions *o, Inputs *in, const Vocab *v, size_t d_model,
                           AtError *e)
{
    if (embed_tokens(v, &in->tokens, d_model, o->seed, &in->X, &in->generated,
                     &in->n_generated, &in->lookup, e) != 0)
        return -1;
    if (in->has_source &&
        embed_tokens(v, &in->src_tokens, d_model, o->seed, &in->X_src, &in->src_generated,
                     &in->n_src_generated, &in->src_lookup, e) != 0)
        return -1;
    return 0;
}

// An embeddings file: only the rows the sentences can use are read (vocab.h), found by
// the lexicon's lookup; its rules (lookup.h) apply when the embeddings are the sample's
// own and the sample has an inflections.csv.
static int load_vocabulary(const InputOptions *o, Inputs *in, const char *path, AtError *e)
{
    char *infl = NULL;
    int rules = o->embeddings ? 0 : sample_file(in->sample_dir, "inflections.csv", &infl, e);
    if (rules < 0)
        return -1;
    Vocab v;
    int rc = vocab_open(&v, path, infl, e);
    if (rc == 0 && infl && !(in->infl_source = display_path(infl)))
        rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
    free(infl);
    if (rc == 0 && vocab_collect(&v, in->sentence, e) != 0)
        rc = sentence_error(in, e);
    if (rc == 0 && in->has_source && vocab_collect(&v, in->src_sentence, e) != 0)
        rc = source_error(in, e);
    if (rc == 0)
        rc = vocab_read(&v, CSVIO_UNIQUE_COLUMNS, e);
    if (rc == 0) {
        in->x_file = true;
        in->source[0] = display_path(path);
        in->dims = take_strings(&v.m.col_labels);
        if (!in->source[0] || !in->dims)
            rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    if (rc == 0)
        rc = tokenize_sentences(o, in, &v, e);
    if (rc == 0)
        rc = embed_sentences(o, in, &v, v.m.m.cols, e);
    if (rc != 0 && in->dims && in->X.cols == 0) { // no X yet to say how many names it holds
        free_names(in->dims, v.m.m.cols);
        in->dims = NULL;
    }
    vocab_close(&v); // safe after a failed vocab_open too: it closes and zeroes
    return rc;
}

// No embeddings file: the dimensions are named by a W file's rows when there is one,
// else d1, d2, …, --dim of them; every vector is generated.
static int generate_embeddings(const InputOptions *o, Inputs *in, AtError *e)
{
    if (tokenize_sentences(o, in, NULL, e) != 0) // the tokens first, then their width
        return -1;
    size_t d_model = o->dim ? o->dim : DEFAULT_GENERATED_DIM;
    char **dims = NULL;
    for (int w = 0; w < 3 && !dims; w++) {
        char *p;
        bool cross;
        int got = weight_file(o, in, w, &p, &cross, e);
        if (got < 0)
            return -1;
        if (got) {
            LabeledMatrix lm;
            if (csvio_read(p, CSVIO_UNIQUE_COLUMNS, &lm, e) != 0 || unique_rows(p, &lm, e) != 0) {
                labeled_free(&lm); // zeroed by a failed read
                free(p);
                return -1;
            }
            d_model = lm.m.rows;
            dims = take_strings(&lm.row_labels);
            labeled_free(&lm);
        }
        free(p);
    }
    in->dims = dims ? dims : numbered_names("d", d_model);
    char src[64];
    snprintf(src, sizeof src, "generated (seed %llu)", (unsigned long long)o->seed);
    in->source[0] = xstrdup(src);
    if (!in->dims || !in->source[0])
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    return embed_sentences(o, in, NULL, d_model, e);
}

static int load_embeddings(const InputOptions *o, Inputs *in, AtError *e)
{
    char *path;
    int found = input_file(o->embeddings, in->sample_dir, "embeddings.csv", &path, e);
    if (found < 0)
        return -1;
    int rc = found ? load_vocabulary(o, in, path, e) : generate_embeddings(o, in, e);
    free(path);
    return rc;
}

// ─── the weights ───────────────────────────────────────────────────────────────────

// A generated W_K or W_V with --kv-heads G < H: G groups of d/H columns (d, the query
// width), when d divides; else d, and the trace's check names the problem.
static size_t group_width(size_t d, const InputOptions *o)
{
    size_t H = o->heads ? o->heads : 1, G = o->kv_heads ? o->kv_heads : H;
    return G < H && d % H == 0 ? d / H * G : d;
}

// --kv-heads G < H: W_K and W_V hold G groups of columns, each group as wide as one
// query head's slice of W_Q; concat gets H·d_vhead columns, head h's named "hH.COL"
// after the column of V it copies (group ⌈h·G/H⌉).
static int check_groups(Inputs *in, size_t H, size_t G, AtError *e)
{
    if (H % G != 0)
        return at_fail(e, AT_EINPUT, _("--kv-heads %zu must divide --heads %zu (each group of "
                       "keys and values serves H/G query heads)"), G, H);
    for (int w = W_K_IDX; w <= W_V_IDX; w++)
        if (in->W[w].cols % G != 0)
            return at_fail(e, AT_EINPUT, _("%s (%s): is %zu columns wide, not a multiple of "
                           "--kv-heads %zu (it must hold G groups of equal width)"),
                           W_NAME[w], in->source[w + 1], in->W[w].cols, G);
    if (in->W[W_Q_IDX].cols % H != 0 || in->W[W_Q_IDX].cols / H != in->W[W_K_IDX].cols / G)
        return at_fail(e, AT_EINPUT, _("W_K (%s) is %zu columns wide: with --heads %zu and "
                       "--kv-heads %zu it must be G·d_K/H = %zu·%zu/%zu (W_Q, %s, is %zu wide)"),
                       in->source[2], in->W[W_K_IDX].cols, H, G, G, in->W[W_Q_IDX].cols, H,
                       in->source[1], in->W[W_Q_IDX].cols);
    size_t dvh = in->W[W_V_IDX].cols / G;
    in->d_concat = H * dvh;
    if (!(in->concat_cols = calloc(in->d_concat ? in->d_concat : 1, sizeof *in->concat_cols)))
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    for (size_t h = 1; h <= H; h++)
        for (size_t c = 0; c < dvh; c++) {
            size_t g = (h * G + H - 1) / H; // ⌈h·G/H⌉
            const char *v = in->wcols[W_V_IDX][(g - 1) * dvh + c];
            size_t len = strlen(v) + 24;
            char *name = malloc(len);
            if (!name)
                return at_fail(e, AT_ERUNTIME, _("out of memory"));
            snprintf(name, len, "h%zu.%s", h, v);
            in->concat_cols[(h - 1) * dvh + c] = name;
        }
    return 0;
}

// W_Q, W_K, W_V: given files, the sample's, or generated (d_k: --dk, else the width of
// W_K for W_V, of W_Q for W_K, else d_model).
static int load_weights(const InputOptions *o, Inputs *in, AtError *e)
{
    for (int w = 0; w < 3; w++) {
        char *p;
        bool cross;
        int got = weight_file(o, in, w, &p, &cross, e);
        if (got < 0)
            return -1;
        size_t dk = o->dk                          ? o->dk
                    : w == W_V_IDX && in->W[1].cols ? in->W[1].cols
                    : in->W[0].cols                 ? in->W[0].cols
                                                    : in->X.cols;
        if (w != W_Q_IDX && (o->dk || w == W_K_IDX || !in->W[1].cols))
            dk = group_width(dk, o); // K and V: G groups of the query heads' d_k/H
        int rc = got ? load_weight(in, w, p, cross, e) : generate_weight(in, w, dk, o->seed, e);
        free(p);
        if (rc != 0)
            return -1;
    }
    size_t H = o->heads ? o->heads : 1, G = o->kv_heads ? o->kv_heads : H;
    in->heads = H, in->kv_heads = G, in->d_concat = in->W[W_V_IDX].cols;
    if (G == H && in->W[0].cols != in->W[1].cols)
        return at_fail(e, AT_EINPUT,
                       _("W_Q has %zu columns but W_K has %zu: queries and keys must have the "
                       "same width d_k (%s, %s)"),
                       in->W[0].cols, in->W[1].cols, in->source[1], in->source[2]);
    return G == H ? 0 : check_groups(in, H, G, e);
}

// W_O, only with several heads: --wo, the sample's W_O.csv, or generated.
static int load_output_projection(const InputOptions *o, Inputs *in, AtError *e)
{
    char *p;
    int got = input_file(o->wo_path, in->sample_dir, "W_O.csv", &p, e);
    if (got < 0)
        return -1;
    int rc = got ? load_wo(in, p, e) : generate_wo(in, o->seed, e);
    free(p);
    return rc;
}

// ─── all of it ─────────────────────────────────────────────────────────────────────

// The sample folder, needed unless every input was given some other way. Without -s, a
// sentence of one's own is looked up in the lexicon (unless -e gives the embeddings);
// with no sentence, the default sample opens on its own.
static int resolve_inputs_sample(const InputOptions *o, Inputs *in, AtError *e)
{
    bool need = o->sample || !o->sentence || !o->embeddings || !o->w_path[0] ||
                !o->w_path[1] || !o->w_path[2];
    if (!need)
        return 0;
    const char *name = o->sample                      ? o->sample
                       : o->sentence && !o->embeddings ? LEXICON_SAMPLE
                                                       : DEFAULT_SAMPLE;
    return sample_resolve(name, &in->sample_dir, e);
}

const char *inputs_source_text(const Inputs *in, int k, char *buf, size_t size)
{
    const char *s = in->source[k];
    unsigned long long seed;
    char end;
    if (!s || inputs_from_file(in, k) ||
        sscanf(s, "generated (seed %llu%c", &seed, &end) != 2 || end != ')')
        return s ? s : "?";
    snprintf(buf, size, _("generated (seed %llu)"), seed);
    return buf;
}

int inputs_load(const InputOptions *o, Inputs *in, AtError *e)
{
    memset(in, 0, sizeof *in);
    if (resolve_inputs_sample(o, in, e) != 0 || load_sentence(o, in, e) != 0 ||
        load_source(o, in, e) != 0 || load_embeddings(o, in, e) != 0 ||
        load_weights(o, in, e) != 0 || (o->heads > 1 && load_output_projection(o, in, e) != 0)) {
        inputs_free(in);
        return -1;
    }
    return 0;
}

void inputs_free(Inputs *in)
{
    free(in->sample_dir);
    free(in->sentence);
    free(in->sentence_path);
    free(in->infl_source);
    lookups_free(in->lookup, in->tokens.n);
    lookups_free(in->src_lookup, in->src_tokens.n);
    free(in->src_path);
    tokens_free(&in->tokens);
    free(in->generated);
    free_names(in->dims, in->X.cols);
    mat_free(&in->X);
    for (int w = 0; w < 3; w++) {
        free_names(in->wcols[w], in->W[w].cols);
        mat_free(&in->W[w]);
    }
    for (int k = 0; k < 5; k++)
        free(in->source[k]);
    free(in->src_sentence);
    tokens_free(&in->src_tokens);
    free(in->src_generated);
    mat_free(&in->X_src);
    free_names(in->wo_cols, in->W_O.cols);
    mat_free(&in->W_O);
    free(in->order);
    free_names(in->concat_cols, in->d_concat);
    memset(in, 0, sizeof *in);
}

int inputs_generate_weights(Inputs *in, size_t dk, uint64_t seed, AtError *e)
{
    if (dk == 0)
        return at_fail(e, AT_EINPUT, _("d_k must be at least 1"));
    Inputs fresh;
    memset(&fresh, 0, sizeof fresh);
    fresh.X.cols = in->X.cols; // generate_weight reads only d_model from X
    InputOptions groups = {.heads = in->heads, .kv_heads = in->kv_heads};
    for (int w = 0; w < 3; w++)
        if (generate_weight(&fresh, w, w == W_Q_IDX ? dk : group_width(dk, &groups), seed, e) != 0) {
            for (int k = 0; k <= w; k++) {
                free_names(fresh.wcols[k], fresh.W[k].cols);
                mat_free(&fresh.W[k]);
                free(fresh.source[k + 1]);
            }
            return -1;
        }
    for (int w = 0; w < 3; w++) { // swap in the new ones only when all three exist
        free_names(in->wcols[w], in->W[w].cols);
        mat_free(&in->W[w]);
        free(in->source[w + 1]);
        in->W[w] = fresh.W[w];
        in->wcols[w] = fresh.wcols[w];
        in->source[w + 1] = fresh.source[w + 1];
        in->w_generated[w] = true;
    }
    return 0;
}
