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

// Part of a CSV text: buf[at, end), whole lines, starting on line `line` (1-based).
typedef struct {
    size_t at, end, line;
} CsvioSpan;

// Read the spans, in this order, as csvio_read_buffer reads a whole text: the first
// (non-blank) record is the header. Messages give each span's own line numbers. With a
// header span and a few records from csvio_scan_next, only those rows are parsed.
int csvio_read_spans(const char *name, const char *buf, const CsvioSpan *spans, size_t nspans,
                     int flags, LabeledMatrix *out, AtError *e);

// Records of text fields (a small table such as inflections.csv), from the spans: fn
// gets each record that is not blank, its fields NUL-terminated, and the line it starts
// on; a nonzero return stops the reading (fn has filled e). Refused with
// "NAME:LINE:COL: ..." like csvio_read: malformed quoting, a NUL byte or a control
// character in a field, a record of other than ncols fields (0: any number).
typedef int (*CsvioTextFn)(char **fields, size_t n, size_t line, void *ctx, AtError *e);
int csvio_read_text(const char *name, const char *buf, const CsvioSpan *spans, size_t nspans,
                    size_t ncols, CsvioTextFn fn, void *ctx, AtError *e);

// ─── a big file, a few rows: scan the records by their first field ────────────────
// A lexicon has ten thousand rows and a sentence needs a few: csvio_scan_next walks a
// CSV text one record at a time and decodes only its first field, the label, exactly
// as the reader reads it (spaces and tabs around it dropped, quotes undone, the
// spreadsheet guard removed), finding record ends with memchr; the caller picks the
// records it needs and csvio_read_spans parses only those. A record whose label the
// reader would refuse (a quote inside an unquoted label, an unterminated quote, a record
// over several lines, an empty label, a control character, a single field) is
// CSVIO_REC_ODD: pick it, and the reader reports it with its line and column.
typedef enum {
    CSVIO_REC_ROW,   // a label and at least one more field
    CSVIO_REC_BLANK, // an empty line, or spaces only: the reader skips it
    CSVIO_REC_ODD,   // the reader refuses it (label is then meaningless)
} CsvioRecordKind;

typedef struct {
    size_t at, end;    // its bytes, buf[at, end), its line ending included
    size_t line;       // the line it starts on (1-based)
    const char *label; // its first field as the reader reads it, label_len bytes, not
    size_t label_len;  // NUL-terminated; valid until the next csvio_scan_next
    CsvioRecordKind kind;
} CsvioRecord;

typedef struct {
    const char *buf;
    size_t len, at, line;
    bool cr;       // the text has a CR: lines may end in CR, CRLF or LF (else LF only)
    size_t quote;  // where the next quote is (len: none), once looked for
    char *scratch; // the text of a quoted label
    size_t scratch_cap;
} CsvioScan;

// Start at buf's beginning (after a UTF-8 byte-order mark).
void csvio_scan_init(CsvioScan *s, const char *buf, size_t len);
// The next record: true with *r, false at the end (or with *oom set when out of memory).
bool csvio_scan_next(CsvioScan *s, CsvioRecord *r, bool *oom);
void csvio_scan_free(CsvioScan *s);

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
