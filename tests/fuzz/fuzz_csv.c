// fuzz_csv.c — libFuzzer target: the labelled-matrix CSV reader (csvio_read_buffer).
//
// The first byte picks the reader's flags (-inf allowed, empty cells allowed, unique
// column names); the rest is the file. Whatever it reads must write back and read again
// to the same labels and the same numbers (labels round-trip through the spreadsheet
// guard; the shortest round-trip decimal is exact).
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    setlocale(LC_ALL, "C.UTF-8");
    setlocale(LC_NUMERIC, "C");
    return 0;
}

static void same_or_die(const LabeledMatrix *a, const LabeledMatrix *b)
{
    if (a->m.rows != b->m.rows || a->m.cols != b->m.cols || strcmp(a->corner, b->corner) != 0)
        abort();
    for (size_t i = 0; i < a->m.rows; i++)
        if (strcmp(a->row_labels[i], b->row_labels[i]) != 0)
            abort();
    for (size_t j = 0; j < a->m.cols; j++)
        if (strcmp(a->col_labels[j], b->col_labels[j]) != 0)
            abort();
    for (size_t k = 0; k < a->m.rows * a->m.cols; k++) {
        double x = a->m.v[k], y = b->m.v[k];
        if (!(x == y || (isnan(x) && isnan(y))) || signbit(x) != signbit(y))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int flags = data[0] & (CSVIO_ALLOW_NEG_INF | CSVIO_ALLOW_EMPTY | CSVIO_UNIQUE_COLUMNS);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    LabeledMatrix lm;
    AtError e = {0};
    if (csvio_read_buffer("fuzz.csv", text, len, flags, &lm, &e) != 0) {
        // A refusal is one line with a status, and says where.
        if (e.status != AT_EINPUT && e.status != AT_ERUNTIME)
            abort();
        if (strchr(e.msg, '\n') || strncmp(e.msg, "fuzz.csv:", 9) != 0)
            abort();
        for (const unsigned char *p = (const unsigned char *)e.msg; *p; p++)
            if (*p < 0x20 || *p == 0x7f)
                abort();
        return 0;
    }
    if (lm.m.rows == 0 || lm.m.cols == 0)
        abort();
    // Write it back, read it again: the same matrix.
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    if (!f)
        abort();
    if (csvio_write_matrix(f, lm.corner, lm.row_labels, lm.col_labels, &lm.m, false) != 0)
        abort();
    fclose(f);
    LabeledMatrix again;
    if (csvio_read_buffer("again.csv", out, outlen, flags, &again, &e) != 0) {
        fprintf(stderr, "round trip failed: %s\n", e.msg);
        abort();
    }
    same_or_die(&lm, &again);
    labeled_free(&again);
    free(out);
    labeled_free(&lm);
    return 0;
}
