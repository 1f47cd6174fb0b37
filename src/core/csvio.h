// csvio.h — the one CSV format for every matrix, read and written through libcsv.
//
//   token,d1,d2          ← header: the row axis's name, then the column names
//   cat,0.5,-1           ← a label, then one number per column
//
// Reading gives precise "file:line:column: message" errors (column = field number), and
// reads only regular files (paths.h open_regular). Labels that a spreadsheet would take
// for a formula (first character = + - @ TAB CR) or that start with an apostrophe are
// written with a leading apostrophe, and an apostrophe before one of those characters
// is removed on reading, so labels round-trip exactly ("'" and "'s" read as themselves).
// Numbers are written as the shortest decimal that reads back to the same double.
#ifndef ATTNTRACE_CSVIO_H
#define ATTNTRACE_CSVIO_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"
#include "matrix.h"

typedef struct {
    Matrix m;
    char *corner;      // first header cell: the name of the row axis
    char **row_labels; // m.rows labels
    char **col_labels; // m.cols labels
    size_t *row_line;  // the line each row came from, for messages
} LabeledMatrix;

enum {
    CSVIO_ALLOW_NEG_INF = 1, // accept "-inf" cells (masked stages)
    CSVIO_ALLOW_EMPTY = 2,   // accept empty cells; they read as NaN (worksheets)
    // Refuse a header that repeats a column name: for files whose columns are dimension
    // names (embeddings, W). Token axes (the columns of scores or weights, one per token
    // of the sentence) repeat a label whenever the sentence repeats a word.
    CSVIO_UNIQUE_COLUMNS = 4,
};

// Limits that keep a hostile file from eating the machine.
#define CSVIO_MAX_FILE_BYTES (64u * 1024u * 1024u)
#define CSVIO_MAX_FIELD_BYTES 4096u
#define CSVIO_MAX_LINE_BYTES (1024u * 1024u)

int csvio_read(const char *path, int flags, LabeledMatrix *out, AtError *e);
// The same from memory: `name` is the file name used in messages. csvio_read reads
// the file (refusing folders and files over the limit) and calls this.
int csvio_read_buffer(const char *name, const char *buf, size_t len, int flags,
                      LabeledMatrix *out, AtError *e);
void labeled_free(LabeledMatrix *lm);

// The earliest of n labels that repeats an earlier one: true with *dup its index and
// *first the earlier one's. False when every label is different, or with *oom set when
// memory ran out.
bool csvio_find_duplicate(char *const *labels, size_t n, size_t *dup, size_t *first,
                          bool *oom);

// Parse one number cell the way the reader does: 0 ok, -1 with a reason in *why.
int csvio_parse_number(const char *text, int flags, double *out, const char **why);

// Plain CSV records (strict RFC 4180, as libcsv reads them), for files that are not a
// labelled matrix (an export's manifest): field() gets each field, NUL-terminated, and
// record() the end of each record. 0, or -1 when the text is not well-formed CSV.
typedef void (*CsvioFieldFn)(const char *text, size_t len, void *ctx);
typedef void (*CsvioRecordFn)(void *ctx);
int csvio_parse_records(const char *buf, size_t len, CsvioFieldFn field, CsvioRecordFn record,
                        void *ctx);

// Write one text field (quoted, spreadsheet-safe) / one number (csvio_format_number,
// -inf, or empty for NaN when writing worksheets). The caller writes commas and newlines.
int csvio_put_label(FILE *f, const char *text);
int csvio_put_number(FILE *f, double x);

// x as the shortest decimal that strtod reads back to the same double, the nearest to x
// of those (the digits of Python's repr: 0.3, 0.30000000000000004), laid out as %.17g
// lays out a number (plain for 1e-4 ≤ |x| < 1e17, else d.ddde±XX; "-0", "inf", "nan").
// Exact integer arithmetic for the magnitudes attention produces (1e-16 … 1e16), a
// slower exact search through snprintf and strtod for the others. buf needs
// CSVIO_NUMBER_MAX bytes; returns the length written (without the NUL).
#define CSVIO_NUMBER_MAX 32
int csvio_format_number(char *buf, double x);

// Write a whole labelled matrix. With blank, every number cell is left empty.
int csvio_write_matrix(FILE *f, const char *corner, char *const *row_labels,
                       char *const *col_labels, const Matrix *m, bool blank);

// Write `path` whole or not at all: fn writes to a temporary file beside it, which is
// flushed, synced and renamed over path only when fn and every write succeeded.
typedef int (*CsvioWriteFn)(FILE *f, void *ctx);
int csvio_write_atomic(const char *path, CsvioWriteFn fn, void *ctx, AtError *e);
// The same, but with sync false the file is not fsync'ed before the rename: for files
// inside a folder that is itself renamed into place when complete (export.c).
int csvio_write_file(const char *path, CsvioWriteFn fn, void *ctx, bool sync, AtError *e);

#endif
