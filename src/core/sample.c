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
#include "paths.h"
#include "sample.h"

static const char *const W_FILE[3] = {"W_Q.csv", "W_K.csv", "W_V.csv"};
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
        return at_fail(e, AT_ERUNTIME, "out of memory");
    bool looks_like_path = strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
                           strcmp(name, "..") == 0;
    char *cand = looks_like_path ? xstrdup(name) : path_join(samples, name);
    if (!cand) {
        free(samples);
        return at_fail(e, AT_ERUNTIME, "out of memory");
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
        return *dir ? 0 : at_fail(e, AT_ERUNTIME, "out of memory");
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
        return at_fail(e, AT_EINPUT, "%s: is a %s, expected a sample folder", name,
                       file_kind(st.st_mode));
    if (looks_like_path)
        return at_fail(e, AT_EINPUT, "%s: no such sample folder", name);
    return at_fail(e, AT_EINPUT, "unknown sample \"%s\" (known: %s; or give a folder)", name,
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
        return at_fail(e, AT_ERUNTIME, "out of memory");
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
    return *path ? 1 : at_fail(e, AT_ERUNTIME, "out of memory");
}

// Duplicate tokens in an embeddings file are fine only when their vectors agree
// (an exported embeddings.csv repeats a token that occurs twice in the sentence).
// Rows are sorted by label (a vocabulary can have a million rows: no pairwise search);
// the first row, in file order, that differs from its label's first row is reported.
static const LabeledMatrix *sort_lm; // qsort has no context argument

static int by_label_then_row(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sort_lm->row_labels[x], sort_lm->row_labels[y]);
    return c ? c : (x > y) - (x < y);
}

static int check_duplicates(const char *path, const LabeledMatrix *lm, AtError *e)
{
    size_t n = lm->m.rows;
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx)
        return at_fail(e, AT_ERUNTIME, "out of memory");
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    sort_lm = lm;
    qsort(idx, n, sizeof *idx, by_label_then_row);
    size_t bad = SIZE_MAX, first_of_bad = 0, first = 0;
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || strcmp(lm->row_labels[idx[k]], lm->row_labels[idx[k - 1]]) != 0) {
            first = idx[k]; // the group's first row in file order
            continue;
        }
        if (idx[k] < bad && memcmp(mat_row(&lm->m, idx[k]), mat_row(&lm->m, first),
                                   lm->m.cols * sizeof(double)) != 0) {
            bad = idx[k];
            first_of_bad = first;
        }
    }
    free(idx);
    if (bad == SIZE_MAX)
        return 0;
    return at_fail(e, AT_EINPUT,
                   "%s:%zu:1: duplicate token \"%s\" (also on line %zu) with different values", path,
                   lm->row_line[bad], lm->row_labels[bad], lm->row_line[first_of_bad]);
}

// The row labels of a W are the embedding dimensions' names: no two alike.
static int unique_rows(const char *path, const LabeledMatrix *lm, AtError *e)
{
    size_t dup, first;
    bool oom;
    if (csvio_find_duplicate(lm->row_labels, lm->m.rows, &dup, &first, &oom)) {
        char shown[96];
        at_escape(shown, sizeof shown, lm->row_labels[dup]);
        return at_fail(e, AT_EINPUT, "%s:%zu:1: duplicate dimension name \"%s\" (also on line "
                       "%zu)", path, lm->row_line[dup], shown, lm->row_line[first]);
    }
    return oom ? at_fail(e, AT_ERUNTIME, "out of memory") : 0;
}

// The row of `lm` for token t: exact match first, then the ASCII-lowercased token.
static long vocab_row(const LabeledMatrix *lm, const char *t)
{
    for (size_t i = 0; i < lm->m.rows; i++)
        if (strcmp(lm->row_labels[i], t) == 0)
            return (long)i;
    char lower[CSVIO_MAX_FIELD_BYTES + 1];
    size_t len = strlen(t);
    if (len > CSVIO_MAX_FIELD_BYTES)
        return -1;
    for (size_t k = 0; k <= len; k++)
        lower[k] = (t[k] >= 'A' && t[k] <= 'Z') ? (char)(t[k] - 'A' + 'a') : t[k];
    for (size_t i = 0; i < lm->m.rows; i++)
        if (strcmp(lm->row_labels[i], lower) == 0)
            return (long)i;
    return -1;
}

static int load_weight(Inputs *in, int w, const char *path, AtError *e)
{
    LabeledMatrix lm;
    if (csvio_read(path, CSVIO_UNIQUE_COLUMNS, &lm, e) != 0)
        return -1;
    size_t d_model = in->X.cols;
    if (lm.m.rows != d_model) {
        size_t rows = lm.m.rows;
        labeled_free(&lm);
        return at_fail(e, AT_EINPUT,
                       "%s: has %zu rows, but the embeddings have %zu dimensions: %s must be "
                       "d_model×d_k with one row per embedding dimension",
                       path, rows, d_model, W_NAME[w]);
    }
    for (size_t r = 0; r < d_model; r++)
        if (strcmp(lm.row_labels[r], in->dims[r]) != 0) {
            int rc = at_fail(e, AT_EINPUT,
                             "%s:%zu:1: row label \"%s\" should be \"%s\", the embeddings' "
                             "dimension %zu",
                             path, lm.row_line[r], lm.row_labels[r], in->dims[r], r + 1);
            labeled_free(&lm);
            return rc;
        }
    in->W[w] = lm.m;
    in->wcols[w] = take_strings(&lm.col_labels);
    lm.m.v = NULL; // rows stay set, so labeled_free frees the row labels
    labeled_free(&lm);
    in->source[w + 1] = display_path(path);
    return in->source[w + 1] ? 0 : at_fail(e, AT_ERUNTIME, "out of memory");
}

static int generate_weight(Inputs *in, int w, size_t dk, uint64_t seed, AtError *e)
{
    size_t d_model = in->X.cols;
    if (mat_init(&in->W[w], d_model, dk) != 0)
        return at_fail(e, AT_ERUNTIME, "out of memory");
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
        return at_fail(e, AT_ERUNTIME, "out of memory");
    return 0;
}

// X[i] = the row of `emb` (NULL: no vocabulary) for token i, or a vector generated from
// the token's bytes and the seed; generated[i] says which, *n_generated counts them.
static void embed(const LabeledMatrix *emb, const TokenList *tokens, uint64_t seed, Matrix *X,
                  bool *generated, size_t *n_generated)
{
    for (size_t i = 0; i < tokens->n; i++) {
        long row = emb ? vocab_row(emb, tokens->tok[i]) : -1;
        if (row >= 0) {
            memcpy(mat_row(X, i), mat_row(&emb->m, (size_t)row), X->cols * sizeof(double));
            continue;
        }
        uint64_t state = gen_token_seed(tokens->tok[i], seed);
        for (size_t d = 0; d < X->cols; d++)
            mat_set(X, i, d, gen_uniform(&state, 1.0));
        generated[i] = true;
        (*n_generated)++;
    }
}

// W_O (d_v×d_model) from a file: one row per column of V, named alike, d_model columns.
static int load_wo(Inputs *in, const char *path, AtError *e)
{
    LabeledMatrix lm;
    if (csvio_read(path, CSVIO_UNIQUE_COLUMNS, &lm, e) != 0)
        return -1;
    size_t d_v = in->W[W_V_IDX].cols, d_model = in->X.cols;
    int rc = 0;
    if (lm.m.rows != d_v || lm.m.cols != d_model)
        rc = at_fail(e, AT_EINPUT,
                     "%s: is %zu×%zu, but W_O must be d_v×d_model = %zu×%zu (one row per "
                     "column of V, one column per embedding dimension)",
                     path, lm.m.rows, lm.m.cols, d_v, d_model);
    for (size_t r = 0; rc == 0 && r < d_v; r++)
        if (strcmp(lm.row_labels[r], in->wcols[W_V_IDX][r]) != 0) {
            char got[96], want[96];
            at_escape(got, sizeof got, lm.row_labels[r]);
            at_escape(want, sizeof want, in->wcols[W_V_IDX][r]);
            rc = at_fail(e, AT_EINPUT, "%s:%zu:1: row label \"%s\" should be \"%s\", column %zu "
                         "of V", path, lm.row_line[r], got, want, r + 1);
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
    return in->source[W_O_SOURCE] ? 0 : at_fail(e, AT_ERUNTIME, "out of memory");
}

// W_O generated like the other weights: uniform in ±1/√d_v, columns named like X's.
static int generate_wo(Inputs *in, uint64_t seed, AtError *e)
{
    size_t d_v = in->W[W_V_IDX].cols, d_model = in->X.cols;
    if (mat_init(&in->W_O, d_v, d_model) != 0)
        return at_fail(e, AT_ERUNTIME, "out of memory");
    uint64_t state = gen_token_seed("W_O", seed);
    double scale = 1.0 / sqrt((double)(d_v ? d_v : 1));
    for (size_t r = 0; r < d_v; r++)
        for (size_t c = 0; c < d_model; c++)
            mat_set(&in->W_O, r, c, gen_uniform(&state, scale));
    in->wo_cols = calloc(d_model ? d_model : 1, sizeof *in->wo_cols);
    for (size_t c = 0; in->wo_cols && c < d_model; c++)
        if (!(in->wo_cols[c] = xstrdup(in->dims[c])))
            return at_fail(e, AT_ERUNTIME, "out of memory");
    char src[64];
    snprintf(src, sizeof src, "generated (seed %llu)", (unsigned long long)seed);
    in->source[W_O_SOURCE] = xstrdup(src);
    in->wo_generated = true;
    if (!in->wo_cols || !in->source[W_O_SOURCE])
        return at_fail(e, AT_ERUNTIME, "out of memory");
    return 0;
}

static int load_sentence(const InputOptions *o, Inputs *in, AtError *e)
{
    if (o->sentence) {
        in->sentence = xstrdup(o->sentence);
        return in->sentence ? 0 : at_fail(e, AT_ERUNTIME, "out of memory");
    }
    char *path;
    int found = sample_file(in->sample_dir, "sentence.txt", &path, e);
    if (found < 0)
        return -1;
    if (found == 0)
        return at_fail(e, AT_EINPUT, "no sentence: give one on the command line%s",
                       in->sample_dir ? " (the sample has no sentence.txt)" : "");
    char *text;
    int rc = read_text_file(path, 64 * 1024, &text, e);
    if (rc != 0) {
        free(path);
        return -1;
    }
    in->sentence_path = display_path(path);
    free(path);
    if (!in->sentence_path) {
        free(text);
        return at_fail(e, AT_ERUNTIME, "out of memory");
    }
    size_t len = strlen(text); // the first line is the sentence
    text[strcspn(text, "\r\n")] = '\0';
    (void)len;
    in->sentence = text;
    return 0;
}

int inputs_load(const InputOptions *o, Inputs *in, AtError *e)
{
    memset(in, 0, sizeof *in);
    size_t max_tokens = o->max_tokens ? o->max_tokens : DEFAULT_MAX_TOKENS;
    // The sample folder is needed unless every input was given some other way.
    bool need_sample = o->sample || !o->sentence || !o->embeddings || !o->w_path[0] ||
                       !o->w_path[1] || !o->w_path[2];
    if (need_sample && sample_resolve(o->sample ? o->sample : "default", &in->sample_dir, e) != 0)
        goto fail;
    if (load_sentence(o, in, e) != 0)
        goto fail;

    // The vocabulary and its vectors.
    LabeledMatrix emb = {0};
    char *emb_path;
    int found = input_file(o->embeddings, in->sample_dir, "embeddings.csv", &emb_path, e);
    if (found < 0)
        goto fail;
    if (found) {
        int rc = csvio_read(emb_path, CSVIO_UNIQUE_COLUMNS, &emb, e);
        if (rc == 0)
            rc = check_duplicates(emb_path, &emb, e);
        if (rc != 0) {
            free(emb_path);
            labeled_free(&emb);
            goto fail;
        }
        in->x_file = true;
        in->source[0] = display_path(emb_path);
        free(emb_path);
    }

    if (tokenize(in->sentence, (const char *const *)emb.row_labels, emb.m.rows, max_tokens,
                 &in->tokens, e) != 0) {
        // A sentence from sentence.txt: say which file (it is on line 1, the only one read).
        const char *p = "sentence: ";
        if (in->sentence_path && e && strncmp(e->msg, p, strlen(p)) == 0) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg + strlen(p));
            at_fail(e, e->status, "%s:1: %s", in->sentence_path, msg);
        }
        labeled_free(&emb);
        goto fail;
    }
    size_t n = in->tokens.n;

    // d_model: the embeddings' width, else a given W's height, else --dim.
    size_t d_model = o->dim ? o->dim : DEFAULT_GENERATED_DIM;
    char **dims = NULL;
    if (in->x_file) {
        d_model = emb.m.cols;
        dims = take_strings(&emb.col_labels);
    } else {
        for (int w = 0; w < 3 && !dims; w++) {
            char *p;
            int got = input_file(o->w_path[w], in->sample_dir, W_FILE[w], &p, e);
            if (got < 0)
                goto fail;
            if (got) {
                LabeledMatrix lm;
                if (csvio_read(p, CSVIO_UNIQUE_COLUMNS, &lm, e) != 0 ||
                    unique_rows(p, &lm, e) != 0) {
                    labeled_free(&lm); // zeroed by a failed read
                    free(p);
                    goto fail;
                }
                d_model = lm.m.rows;
                dims = take_strings(&lm.row_labels);
                labeled_free(&lm);
            }
            free(p);
        }
        if (!dims)
            dims = numbered_names("d", d_model);
        char src[64];
        snprintf(src, sizeof src, "generated (seed %llu)", (unsigned long long)o->seed);
        in->source[0] = xstrdup(src);
    }
    in->dims = dims;
    in->generated = calloc(n, sizeof *in->generated);
    if (!dims || !in->generated || !in->source[0] || mat_init(&in->X, n, d_model) != 0) {
        labeled_free(&emb);
        at_fail(e, AT_ERUNTIME, "out of memory");
        goto fail;
    }

    // X[i] = the token's row of the embeddings, or a generated vector.
    embed(in->x_file ? &emb : NULL, &in->tokens, o->seed, &in->X, in->generated,
          &in->n_generated);

    // X_src: the source sentence (--source), tokenized and looked up the same way.
    if (o->source) {
        in->has_source = true;
        in->src_sentence = xstrdup(o->source);
        if (!in->src_sentence) {
            labeled_free(&emb);
            at_fail(e, AT_ERUNTIME, "out of memory");
            goto fail;
        }
        if (tokenize(in->src_sentence, (const char *const *)emb.row_labels, emb.m.rows,
                     max_tokens, &in->src_tokens, e) != 0) {
            labeled_free(&emb);
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e->msg);
            at_fail(e, e->status, "--source: %s", why);
            goto fail;
        }
        size_t m = in->src_tokens.n;
        in->src_generated = calloc(m ? m : 1, sizeof *in->src_generated);
        if (!in->src_generated || mat_init(&in->X_src, m, d_model) != 0) {
            labeled_free(&emb);
            at_fail(e, AT_ERUNTIME, "out of memory");
            goto fail;
        }
        embed(in->x_file ? &emb : NULL, &in->src_tokens, o->seed, &in->X_src,
              in->src_generated, &in->n_src_generated);
    }
    labeled_free(&emb);

    // The weights: given files, the sample's, or generated.
    for (int w = 0; w < 3; w++) {
        char *p;
        int got = input_file(o->w_path[w], in->sample_dir, W_FILE[w], &p, e);
        if (got < 0)
            goto fail;
        int rc;
        if (got)
            rc = load_weight(in, w, p, e);
        else
            rc = generate_weight(in, w, o->dk ? o->dk : (w == W_V_IDX && in->W[1].cols
                                                             ? in->W[1].cols
                                                             : (in->W[0].cols ? in->W[0].cols
                                                                              : d_model)),
                                 o->seed, e);
        free(p);
        if (rc != 0)
            goto fail;
    }
    if (in->W[0].cols != in->W[1].cols) {
        at_fail(e, AT_EINPUT,
                "W_Q has %zu columns but W_K has %zu: queries and keys must have the same width "
                "d_k (%s, %s)",
                in->W[0].cols, in->W[1].cols, in->source[1], in->source[2]);
        goto fail;
    }

    // W_O, only with several heads: --wo, the sample's W_O.csv, or generated.
    if (o->heads > 1) {
        char *p;
        int got = input_file(o->wo_path, in->sample_dir, "W_O.csv", &p, e);
        if (got < 0)
            goto fail;
        int rc = got ? load_wo(in, p, e) : generate_wo(in, o->seed, e);
        free(p);
        if (rc != 0)
            goto fail;
    }
    return 0;
fail:
    inputs_free(in);
    return -1;
}

void inputs_free(Inputs *in)
{
    free(in->sample_dir);
    free(in->sentence);
    free(in->sentence_path);
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
    memset(in, 0, sizeof *in);
}

int inputs_generate_weights(Inputs *in, size_t dk, uint64_t seed, AtError *e)
{
    if (dk == 0)
        return at_fail(e, AT_EINPUT, "d_k must be at least 1");
    Inputs fresh;
    memset(&fresh, 0, sizeof fresh);
    fresh.X.cols = in->X.cols; // generate_weight reads only d_model from X
    for (int w = 0; w < 3; w++)
        if (generate_weight(&fresh, w, dk, seed, e) != 0) {
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
