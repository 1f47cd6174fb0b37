// fuzz_csv.c — libFuzzer target: the labelled-matrix CSV reader (csvio_read_buffer), and
// the record scanner that lets a lexicon be read a few rows at a time (csvio_scan_next).
//
// The first byte picks the reader's flags (-inf allowed, empty cells allowed, unique
// column names); the rest is the file. Whatever it reads must write back and read again
// to the same labels and the same numbers (labels round-trip through the spreadsheet
// guard; the shortest round-trip decimal is exact). The scanner's records must tile the
// text, and reading every one of them as spans must give exactly the whole read: the
// same matrix and row labels (the scanner's labels too), or the same message.
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

// Scan the text, read the header and every record as spans (as vocab.c picks them, all
// of them here), and compare with the whole read: rc and *whole or *we.
static void scan_agrees(const char *text, size_t len, int flags, int rc,
                        const LabeledMatrix *whole, const AtError *we)
{
    CsvioScan s;
    csvio_scan_init(&s, text, len);
    CsvioSpan *sp = malloc((len + 2) * sizeof *sp); // a record has at least one byte
    char **labels = malloc((len + 1) * sizeof *labels);
    if (!sp || !labels)
        abort();
    size_t n = 0, rows = 0, prev = s.at, start = s.at;
    bool header = false, oom, odd = false;
    CsvioRecord r;
    while (csvio_scan_next(&s, &r, &oom)) {
        if (r.at != prev || r.end <= r.at || r.end > len || r.line < 1)
            abort(); // records tile the text
        prev = r.end;
        if (r.kind == CSVIO_REC_BLANK)
            continue;
        if (!header) {
            header = true;
            sp[n++] = (CsvioSpan){start, r.end, 1};
            continue;
        }
        sp[n++] = (CsvioSpan){r.at, r.end, r.line};
        odd |= r.kind == CSVIO_REC_ODD;
        labels[rows] = malloc(r.label_len + 1);
        if (!labels[rows])
            abort();
        memcpy(labels[rows], r.label, r.label_len);
        labels[rows++][r.label_len] = '\0';
    }
    if (oom)
        abort();
    if (prev != len)
        abort();
    if (n == 1)
        sp[0].end = len; // no record after the header: the blank lines after it count
    LabeledMatrix part;
    AtError pe = {0};
    int prc = csvio_read_spans("fuzz.csv", text, sp, n, flags, &part, &pe);
    if (prc != rc || (rc != 0 && strcmp(pe.msg, we->msg) != 0)) {
        fprintf(stderr, "whole: %d %s\nspans: %d %s\n", rc, we->msg, prc, pe.msg);
        abort();
    }
    if (rc == 0) {
        if (odd || rows != whole->m.rows) // an odd record is always refused
            abort();
        same_or_die(whole, &part);
        for (size_t i = 0; i < rows; i++)
            if (strcmp(labels[i], whole->row_labels[i]) != 0)
                abort(); // the scanner reads each label as the reader does
        labeled_free(&part);
    }
    for (size_t i = 0; i < rows; i++)
        free(labels[i]);
    free(labels);
    free(sp);
    csvio_scan_free(&s);
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
    int rc = csvio_read_buffer("fuzz.csv", text, len, flags, &lm, &e);
    scan_agrees(text, len, flags, rc, &lm, &e);
    if (rc != 0) {
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
