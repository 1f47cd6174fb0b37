// positions.c — sinusoidal positions and learned position tables.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "i18n.h"
#include "positions.h"

double pos_wavelength(size_t col, size_t d_model)
{
    double i = (double)(col / 2); // columns 2i and 2i+1 share one frequency
    return pow(10000.0, 2.0 * i / (double)d_model);
}

// P[p][2i] = sin(p / 10000^(2i/d)), P[p][2i+1] = cos(p / 10000^(2i/d))
double pos_sinusoid(size_t p, size_t col, size_t d_model)
{
    double angle = (double)p / pos_wavelength(col, d_model);
    return col % 2 == 0 ? sin(angle) : cos(angle);
}

// Is `label` the decimal k, written plainly ("0", "12"; not "012", "+1", " 1")?
static bool is_index(const char *label, size_t k)
{
    char want[32];
    snprintf(want, sizeof want, "%zu", k);
    return strcmp(label, want) == 0;
}

int pos_table_load(const char *path, char *const *dims, size_t d_model, PosTable *pt,
                   AtError *e)
{
    memset(pt, 0, sizeof *pt);
    char shown[512];
    at_escape(shown, sizeof shown, path);
    LabeledMatrix lm;
    if (csvio_read(path, CSVIO_UNIQUE_COLUMNS, &lm, e) != 0)
        return -1;
    int rc = 0;
    if (strcmp(lm.corner, "position") != 0) {
        char got[96];
        at_escape(got, sizeof got, lm.corner);
        rc = at_fail(e, AT_EINPUT, _("%s:1:1: the corner cell is \"%s\": a table of positions "
                     "starts with \"position\""), shown, got);
    } else if (lm.m.cols != d_model) {
        rc = at_fail(e, AT_EINPUT, _("%s:1:%zu: has %zu columns of numbers, but the embeddings "
                     "have d_model = %zu dimensions: one column per dimension"), shown,
                     (lm.m.cols < d_model ? lm.m.cols : d_model) + 2, lm.m.cols, d_model);
    }
    for (size_t c = 0; rc == 0 && c < d_model; c++)
        if (strcmp(lm.col_labels[c], dims[c]) != 0) {
            char got[96], want[96];
            at_escape(got, sizeof got, lm.col_labels[c]);
            at_escape(want, sizeof want, dims[c]);
            rc = at_fail(e, AT_EINPUT, _("%s:1:%zu: column \"%s\" should be \"%s\", the "
                         "embeddings' dimension %zu"), shown, c + 2, got, want, c + 1);
        }
    for (size_t r = 0; rc == 0 && r < lm.m.rows; r++)
        if (!is_index(lm.row_labels[r], r)) {
            char got[96];
            at_escape(got, sizeof got, lm.row_labels[r]);
            rc = at_fail(e, AT_EINPUT, _("%s:%zu:1: row label \"%s\" should be \"%zu\": the rows "
                         "are the positions 0, 1, 2 … in order"), shown, lm.row_line[r], got, r);
        }
    if (rc != 0) {
        labeled_free(&lm);
        return rc;
    }
    pt->next_line = lm.m.rows ? lm.row_line[lm.m.rows - 1] + 1 : 2;
    pt->path = strdup(shown);
    pt->P = lm.m;
    lm.m.v = NULL; // the table keeps the numbers; the labels go
    labeled_free(&lm);
    if (!pt->path) {
        pos_table_free(pt);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    return 0;
}

void pos_table_free(PosTable *pt)
{
    mat_free(&pt->P);
    free(pt->path);
    pt->path = NULL;
}

int positions_make(PosKind kind, const PosTable *pt, size_t n, size_t d_model,
                   const char *whose, Matrix *P, AtError *e)
{
    if (kind == POS_TABLE && pt->P.rows < n) {
        char add[64];
        if (n - pt->P.rows == 1)
            snprintf(add, sizeof add, _("row %zu"), n - 1);
        else
            snprintf(add, sizeof add, _("rows %zu to %zu"), pt->P.rows, n - 1);
        return at_fail(e, AT_EINPUT, _("%s:%zu:1: has %zu rows of positions, but %s has %zu "
                       "tokens (positions 0 to %zu): add %s"), pt->path, pt->next_line,
                       pt->P.rows, whose, n, n - 1, add);
    }
    if (mat_init(P, n, d_model) != 0)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    // P (n×d_model): row p is position p's vector
    for (size_t p = 0; p < n; p++)
        for (size_t c = 0; c < d_model; c++)
            mat_set(P, p, c, kind == POS_TABLE ? mat_get(&pt->P, p, c)
                                               : pos_sinusoid(p, c, d_model));
    return 0;
}
