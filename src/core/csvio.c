// csvio.c — labelled-matrix CSV through libcsv: precise errors on read, atomic writes.
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "fsutil.h"
#include "i18n.h"
#include "paths.h"

// ─── reading ───────────────────────────────────────────────────────────────────────

typedef struct {
    const char *path;
    int flags;
    AtError *e;
    bool failed;
    size_t line;     // the physical line being fed to the parser (1-based)
    size_t rec_line; // the line the current record started on (seen at its first field)
    bool between;    // no record is open: the next byte that is not a space starts one
    size_t start_line; // the line the last record began on (for an unterminated quote)
    size_t field;    // fields seen so far in the current record
    size_t records;  // records completed
    // header
    char *corner;
    char **cols;
    size_t ncols, cap_cols;
    // rows
    char **labels;
    size_t *lines;
    double *vals;
    size_t nrows, cap_rows;
    // the current record, until it is complete
    char *cur_label;
    bool blank_candidate; // the record so far is one empty field (a blank line)
    // text records (csvio_read_text): every field kept as text, each record handed on
    CsvioTextFn text_fn;
    void *text_ctx;
    size_t text_cols;
    char **tf; // the current record's fields
    size_t ntf, cap_tf;
} Reader;

static void fail_at(Reader *r, size_t line, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail_at(Reader *r, size_t line, size_t col, const char *fmt, ...)
{
    if (r->failed)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    at_fail(r->e, AT_EINPUT, "%s:%zu:%zu: %s", r->path, line, col, msg);
    r->failed = true;
}

// Cell text as it may appear in a message: escaped and cut short.
static const char *shown(char *buf, size_t size, const char *text)
{
    at_escape(buf, size, text);
    return buf;
}

static void oom(Reader *r)
{
    if (!r->failed)
        at_fail(r->e, AT_ERUNTIME, _("%s: out of memory"), r->path);
    r->failed = true;
}

// Labels reach the terminal: no control characters (C0, DEL, or C1 as UTF-8 C2 80..9F).
static bool label_has_control(const char *s, size_t len)
{
    for (size_t k = 0; k < len; k++) {
        unsigned char c = (unsigned char)s[k];
        if (c < 0x20 || c == 0x7f)
            return true;
        if (c == 0xC2 && k + 1 < len && (unsigned char)s[k + 1] >= 0x80 &&
            (unsigned char)s[k + 1] <= 0x9F)
            return true;
    }
    return false;
}

// A label the writer guards: one a spreadsheet would take for a formula (= + - @, TAB,
// CR first), or one that starts with the guard itself, so that the guard stays undoable.
static bool label_needs_guard(char first)
{
    return first != '\0' && strchr("=+-@\t\r'", first) != NULL;
}

// Undo the spreadsheet guard: a leading apostrophe is dropped only where the writer
// would have added one (before = + - @ TAB CR or another apostrophe). A label that is a
// lone apostrophe, or "'s", is kept as it is.
static char *label_dup(const char *s, size_t len)
{
    if (len > 1 && s[0] == '\'' && label_needs_guard(s[1])) {
        s++;
        len--;
    }
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

// A number is [+-]digits[.digits][e[+-]digits] (or .digits): no hex, no inf/nan,
// no thousands separators, no full-width digits. ASCII spaces around it are allowed.
int csvio_parse_number(const char *text, int flags, double *out, const char **why)
{
    const char *s = text;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0) {
        if (flags & CSVIO_ALLOW_EMPTY) {
            *out = NAN;
            return 0;
        }
        *why = "empty cell (expected a number)";
        return -1;
    }
    if ((flags & CSVIO_ALLOW_NEG_INF) && len == 4 && strncmp(s, "-inf", 4) == 0) {
        *out = -INFINITY;
        return 0;
    }
    size_t k = 0, digits = 0;
    if (s[k] == '+' || s[k] == '-')
        k++;
    while (k < len && s[k] >= '0' && s[k] <= '9')
        k++, digits++;
    if (k < len && s[k] == '.') {
        k++;
        while (k < len && s[k] >= '0' && s[k] <= '9')
            k++, digits++;
    }
    if (digits > 0 && k < len && (s[k] == 'e' || s[k] == 'E')) {
        size_t e0 = ++k, ed = 0;
        if (k < len && (s[k] == '+' || s[k] == '-'))
            k++;
        while (k < len && s[k] >= '0' && s[k] <= '9')
            k++, ed++;
        if (ed == 0)
            k = e0 - 1, digits = 0; // "1e": incomplete exponent
    }
    if (digits == 0 || k != len) {
        *why = "is not a number";
        return -1;
    }
    char buf[128];
    if (len >= sizeof buf) {
        *why = "is not a number (too long)";
        return -1;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    errno = 0;
    double x = strtod(buf, NULL);
    if (errno == ERANGE && !(fabs(x) < 1.0)) {
        *why = "is out of range for a double";
        return -1;
    }
    *out = x; // an underflow to 0 or a subnormal is fine
    return 0;
}

static int grow_rows(Reader *r)
{
    if (r->nrows < r->cap_rows)
        return 0;
    size_t cap = r->cap_rows ? r->cap_rows * 2 : 16;
    if (r->ncols > SIZE_MAX / sizeof(double) / cap)
        return -1;
    char **l = realloc(r->labels, cap * sizeof *l);
    if (!l)
        return -1;
    r->labels = l;
    size_t *ln = realloc(r->lines, cap * sizeof *ln);
    if (!ln)
        return -1;
    r->lines = ln;
    double *v = realloc(r->vals, cap * r->ncols * sizeof *v);
    if (!v)
        return -1;
    r->vals = v;
    r->cap_rows = cap;
    return 0;
}

static void free_text_fields(Reader *r)
{
    for (size_t k = 0; k < r->ntf; k++)
        free(r->tf[k]);
    r->ntf = 0;
}

// A field of a text record: any text but control characters (it reaches the terminal).
static void on_text_field(Reader *r, const char *s, size_t len, size_t col)
{
    if (label_has_control(s, len)) {
        char b[96];
        fail_at(r, r->rec_line, col, _("control character in \"%s\""), shown(b, sizeof b, s));
        return;
    }
    if (r->ntf == r->cap_tf) {
        size_t cap = r->cap_tf ? r->cap_tf * 2 : 4;
        char **grown = realloc(r->tf, cap * sizeof *grown);
        if (!grown) {
            oom(r);
            return;
        }
        r->tf = grown;
        r->cap_tf = cap;
    }
    char *t = malloc(len + 1);
    if (!t) {
        oom(r);
        return;
    }
    memcpy(t, s, len + 1);
    r->tf[r->ntf++] = t;
}

// The end of a text record: blank lines are skipped, a record of the wrong width is an
// error, and the others go to text_fn.
static void on_text_record(Reader *r, size_t fields)
{
    if (fields == 1 && r->blank_candidate) {
        free_text_fields(r);
        return;
    }
    if (r->text_cols && fields != r->text_cols)
        fail_at(r, r->rec_line, fields < r->text_cols ? fields + 1 : r->text_cols + 1,
                ngettext("has %zu field, expected %zu", "has %zu fields, expected %zu", fields), fields,
                r->text_cols);
    else if (r->text_fn(r->tf, r->ntf, r->rec_line, r->text_ctx, r->e) != 0)
        r->failed = true;
    r->records++;
    free_text_fields(r);
}

static void on_field(void *data, size_t len, void *ctx)
{
    Reader *r = ctx;
    if (r->failed)
        return;
    const char *s = data ? data : "";
    size_t col = ++r->field;
    if (col == 1)
        r->rec_line = r->line;
    if (memchr(s, '\0', len)) {
        fail_at(r, r->rec_line, col, _("NUL byte in a cell"));
        return;
    }
    if (len > CSVIO_MAX_FIELD_BYTES) {
        fail_at(r, r->rec_line, col, _("cell longer than %u bytes"), CSVIO_MAX_FIELD_BYTES);
        return;
    }
    r->blank_candidate = (col == 1 && len == 0);
    if (r->text_fn) {
        on_text_field(r, s, len, col);
        return;
    }
    bool is_label = r->records == 0 || col == 1;
    if (is_label && label_has_control(s, len)) {
        char b[96];
        fail_at(r, r->rec_line, col, _("control character in the label \"%s\""),
                shown(b, sizeof b, s));
        return;
    }
    if (r->records == 0) { // the header
        char *t = label_dup(s, len);
        if (!t) {
            oom(r);
            return;
        }
        if (col == 1) {
            free(r->corner); // a line of one empty quoted cell ("") before the header
            r->corner = t;
            return;
        }
        if (t[0] == '\0') {
            free(t);
            fail_at(r, r->rec_line, col, _("empty column name in the header"));
            return;
        }
        if (r->ncols == r->cap_cols) { // grow by doubling: a header may have 100,000 names
            size_t cap = r->cap_cols ? r->cap_cols * 2 : 16;
            char **grown = realloc(r->cols, cap * sizeof *grown);
            if (!grown) {
                free(t);
                oom(r);
                return;
            }
            r->cols = grown;
            r->cap_cols = cap;
        }
        r->cols[r->ncols++] = t;
        return;
    }
    if (col == 1) { // a row label; keep it until the record proves to be a real row
        free(r->cur_label);
        r->cur_label = label_dup(s, len);
        if (!r->cur_label)
            oom(r);
        return;
    }
    if (col == 2) {
        if (r->cur_label[0] == '\0') {
            fail_at(r, r->rec_line, 1, _("empty row label"));
            return;
        }
        if (grow_rows(r) != 0) {
            oom(r);
            return;
        }
    }
    if (col - 1 > r->ncols) {
        fail_at(r, r->rec_line, col, _("more cells than the header's %zu%s"), r->ncols + 1,
                len == 0 && col == r->ncols + 2 ? " (a trailing comma?)" : "");
        return;
    }
    double x;
    const char *why;
    if (csvio_parse_number(s, r->flags, &x, &why) != 0) {
        char b[96];
        if (len)
            fail_at(r, r->rec_line, col, "\"%s\" %s%s", shown(b, sizeof b, s), why,
                    memchr(s, ',', len) ? " (a decimal comma is not accepted: numbers need "
                                          "a decimal point)" : "");
        else
            fail_at(r, r->rec_line, col, "%s", why);
        return;
    }
    r->vals[r->nrows * r->ncols + (col - 2)] = x;
}

typedef struct {
    const char *name;
    size_t col;
} NamedCol;

static int by_name_then_col(const void *a, const void *b)
{
    const NamedCol *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->col > y->col) - (x->col < y->col);
}

bool csvio_find_duplicate(char *const *labels, size_t n, size_t *dup, size_t *first,
                          bool *oom)
{
    // Sorted (a pairwise search is quadratic, and a header can hold 100,000 names): the
    // earliest label that repeats an earlier one, and that earlier one.
    *oom = false;
    if (n < 2)
        return false;
    NamedCol *nc = malloc(n * sizeof *nc);
    if (!nc) {
        *oom = true;
        return false;
    }
    for (size_t c = 0; c < n; c++)
        nc[c] = (NamedCol){labels[c], c};
    qsort(nc, n, sizeof *nc, by_name_then_col);
    size_t d = SIZE_MAX, f = 0;
    for (size_t k = 1; k < n; k++)
        if (strcmp(nc[k].name, nc[k - 1].name) == 0 && nc[k].col < d &&
            (k < 2 || strcmp(nc[k - 1].name, nc[k - 2].name) != 0)) { // 2nd of its group
            d = nc[k].col;
            f = nc[k - 1].col;
        }
    free(nc);
    if (d == SIZE_MAX)
        return false;
    *dup = d;
    *first = f;
    return true;
}

static void check_header_duplicates(Reader *r)
{
    size_t dup, first;
    bool no_memory;
    if (csvio_find_duplicate(r->cols, r->ncols, &dup, &first, &no_memory)) {
        char b[96];
        fail_at(r, r->rec_line, dup + 2, _("duplicate column name \"%s\" (also column %zu)"),
                shown(b, sizeof b, r->cols[dup]), first + 2);
    } else if (no_memory) {
        oom(r);
    }
}

// A European spreadsheet's "CSV" separates cells with semicolons (and writes 0,5).
#define SEMICOLON_HINT                                                                     \
    " (the cells are separated by semicolons: the separator must be a comma, and numbers " \
    "need a decimal point, not a decimal comma)"

static void on_record(int term, void *ctx)
{
    (void)term;
    Reader *r = ctx;
    r->between = true;
    if (r->failed) {
        r->field = 0;
        return;
    }
    size_t fields = r->field;
    r->field = 0;
    if (r->text_fn) {
        on_text_record(r, fields);
        return;
    }
    if (fields == 1 && r->blank_candidate)
        return; // a line of nothing but spaces: skip it like an empty line
    if (r->records == 0) {
        r->records++;
        if (r->ncols == 0)
            fail_at(r, r->rec_line, 2,
                    _("the header needs the row axis's name and at least one column name%s"),
                    strchr(r->corner, ';') ? SEMICOLON_HINT : "");
        else if (r->flags & CSVIO_UNIQUE_COLUMNS)
            check_header_duplicates(r);
        return;
    }
    if (fields < r->ncols + 1) {
        fail_at(r, r->rec_line, fields + 1, _("row has %zu cells, the header has %zu%s"), fields,
                r->ncols + 1, fields == 1 && strchr(r->cur_label, ';') ? SEMICOLON_HINT : "");
        return;
    }
    r->labels[r->nrows] = r->cur_label;
    r->cur_label = NULL;
    r->lines[r->nrows] = r->rec_line;
    r->nrows++;
    r->records++;
}

static void reader_free(Reader *r)
{
    free(r->corner);
    for (size_t c = 0; c < r->ncols; c++)
        free(r->cols[c]);
    free(r->cols);
    for (size_t i = 0; i < r->nrows; i++)
        free(r->labels[i]);
    free(r->labels);
    free(r->lines);
    free(r->vals);
    free(r->cur_label);
    free_text_fields(r);
    free(r->tf);
}

int csvio_read(const char *path, int flags, LabeledMatrix *out, AtError *e)
{
    memset(out, 0, sizeof *out);
    int fd = open_regular(path, _("a CSV file"), e);
    if (fd < 0)
        return -1;
    char *buf = NULL;
    size_t len = 0;
    int got = read_fd_capped(fd, path, CSVIO_MAX_FILE_BYTES, &buf, &len, e);
    close(fd);
    if (got != 0)
        return -1;
    int rc = csvio_read_buffer(path, buf, len, flags, out, e);
    free(buf);
    return rc;
}

// Feed each span's lines to libcsv, one physical line at a time (ending in LF, CRLF or a
// bare CR) so that every callback knows the line it is on: libcsv keeps no line numbers
// itself. A span starts on line spans[k].line; spans hold whole records.
static void feed_spans(Reader *r, const char *buf, const CsvioSpan *spans, size_t nspans)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        oom(r);
        return;
    }
    csv_set_blk_size(&p, 4096);
    for (size_t k = 0; k < nspans && !r->failed; k++) {
        size_t at = spans[k].at, len = spans[k].end;
        r->line = spans[k].line;
        while (at < len && !r->failed) {
            size_t end = at;
            while (end < len && buf[end] != '\n' && buf[end] != '\r')
                end++;
            for (size_t c = at; r->between && c < end; c++)
                if (buf[c] != ' ' && buf[c] != '\t') { // a record begins on this line
                    r->between = false;
                    r->start_line = r->line;
                }
            if (end < len) {
                if (buf[end] == '\r' && end + 1 < len && buf[end + 1] == '\n')
                    end++;
                end++;
            }
            if (end - at > CSVIO_MAX_LINE_BYTES) { // refuse before libcsv buffers it all
                size_t commas = 0;
                for (size_t c = at; c < at + CSVIO_MAX_LINE_BYTES; c++)
                    commas += buf[c] == ',';
                fail_at(r, r->line, commas + 1, _("line longer than %u bytes"),
                        CSVIO_MAX_LINE_BYTES);
                break;
            }
            size_t done = csv_parse(&p, buf + at, end - at, on_field, on_record, r);
            if (done != end - at && !r->failed) {
                int code = csv_error(&p);
                if (code == CSV_EPARSE)
                    fail_at(r, r->line, r->field + 1, _("malformed quoting: a quote inside an "
                            "unquoted cell, or text after a closing quote"));
                else
                    oom(r);
            }
            at = end;
            r->line++;
        }
    }
    if (!r->failed && csv_fini(&p, on_field, on_record, r) != 0 && !r->failed)
        fail_at(r, r->start_line ? r->start_line : 1, r->field + 1,
                _("unterminated quote: a cell opens a quote that never closes"));
    csv_free(&p);
}

int csvio_read_buffer(const char *path, const char *buf, size_t len, int flags,
                      LabeledMatrix *out, AtError *e)
{
    memset(out, 0, sizeof *out);
    if (len > CSVIO_MAX_FILE_BYTES)
        return at_fail(e, AT_EINPUT, _("%s: file larger than %u MiB"), path,
                       CSVIO_MAX_FILE_BYTES >> 20);
    size_t at = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        at = 3; // a UTF-8 byte-order mark, as spreadsheets write
    CsvioSpan all = {at, len, 1};
    return csvio_read_spans(path, buf, &all, 1, flags, out, e);
}

int csvio_read_spans(const char *path, const char *buf, const CsvioSpan *spans, size_t nspans,
                     int flags, LabeledMatrix *out, AtError *e)
{
    memset(out, 0, sizeof *out);
    Reader r = {.path = path, .flags = flags, .e = e, .line = 1, .between = true};
    feed_spans(&r, buf, spans, nspans);
    if (!r.failed && r.records == 0)
        fail_at(&r, 1, 1, _("empty file: expected a header row, then one row per label"));
    else if (!r.failed && r.nrows == 0)
        fail_at(&r, r.line > 1 ? r.line - 1 : 1, 1, _("no rows after the header"));
    if (r.failed) {
        reader_free(&r);
        return -1;
    }
    if (mat_init(&out->m, r.nrows, r.ncols) != 0) {
        reader_free(&r);
        return at_fail(e, AT_ERUNTIME, _("%s: out of memory"), path);
    }
    memcpy(out->m.v, r.vals, r.nrows * r.ncols * sizeof(double));
    out->corner = r.corner;
    out->col_labels = r.cols;
    out->row_labels = r.labels;
    out->row_line = r.lines;
    free(r.vals);
    free(r.cur_label);
    return 0;
}

int csvio_read_text(const char *name, const char *buf, const CsvioSpan *spans, size_t nspans,
                    size_t ncols, CsvioTextFn fn, void *ctx, AtError *e)
{
    Reader r = {.path = name, .e = e, .line = 1, .between = true, .text_fn = fn,
                .text_ctx = ctx, .text_cols = ncols};
    feed_spans(&r, buf, spans, nspans);
    reader_free(&r);
    return r.failed ? -1 : 0;
}

// ─── scanning records by their first field ─────────────────────────────────────────
// What the reader does to a label, done without libcsv on one field: spaces and tabs
// around it dropped (libcsv's default), a quoted field unquoted ("" is one quote), the
// spreadsheet guard removed. Anything the reader would refuse in the label, or in the
// record's shape as far as the label shows it, makes the record CSVIO_REC_ODD.

void csvio_scan_init(CsvioScan *s, const char *buf, size_t len)
{
    memset(s, 0, sizeof *s);
    s->buf = buf;
    s->len = len;
    s->line = 1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        s->at = 3; // a UTF-8 byte-order mark
    s->cr = memchr(buf, '\r', len) != NULL; // else every line ends in LF: memchr finds them
    s->quote = 0; // no quote found yet: looked for when first needed
}

void csvio_scan_free(CsvioScan *s)
{
    free(s->scratch);
    s->scratch = NULL;
    s->scratch_cap = 0;
}

// The next line end (CR or LF) at or after `at`, or len.
static size_t next_eol(const CsvioScan *s, size_t at)
{
    if (!s->cr) {
        const char *nl = memchr(s->buf + at, '\n', s->len - at);
        return nl ? (size_t)(nl - s->buf) : s->len;
    }
    while (at < s->len && s->buf[at] != '\n' && s->buf[at] != '\r')
        at++;
    return at;
}

// Step over the line end at `at` (LF, CRLF or a bare CR): one more line.
static size_t past_eol(CsvioScan *s, size_t at)
{
    if (at >= s->len)
        return at;
    s->line++;
    if (s->buf[at] == '\r' && at + 1 < s->len && s->buf[at + 1] == '\n')
        return at + 2;
    return at + 1;
}

// What a byte is to an unquoted label: 0 a part of it, 1 its end (a comma, CR, LF), 2 a
// byte that needs a closer look (a quote, a control character, DEL, C2: a C1 control).
static const unsigned char LABEL_BYTE[256] = {
    [0x00] = 2, [0x01] = 2, [0x02] = 2, [0x03] = 2, [0x04] = 2, [0x05] = 2, [0x06] = 2,
    [0x07] = 2, [0x08] = 2, [0x09] = 2, ['\n'] = 1, [0x0B] = 2, [0x0C] = 2, ['\r'] = 1,
    [0x0E] = 2, [0x0F] = 2, [0x10] = 2, [0x11] = 2, [0x12] = 2, [0x13] = 2, [0x14] = 2,
    [0x15] = 2, [0x16] = 2, [0x17] = 2, [0x18] = 2, [0x19] = 2, [0x1A] = 2, [0x1B] = 2,
    [0x1C] = 2, [0x1D] = 2, [0x1E] = 2, [0x1F] = 2, ['"'] = 2, [','] = 1, [0x7F] = 2,
    [0xC2] = 2,
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

// A quoted first field from s->buf[at] (the opening quote): its text into the scratch
// buffer; *at moves past the closing quote. False when the quote never closes.
static bool scan_quoted(CsvioScan *s, size_t *at, size_t *len, bool *oom_)
{
    const char *b = s->buf;
    size_t p = *at + 1, n = 0;
    for (;;) {
        const char *q = memchr(b + p, '"', s->len - p);
        if (!q)
            return false;
        size_t k = (size_t)(q - b), piece = k - p + 1; // the text, and maybe a quote
        bool doubled = k + 1 < s->len && b[k + 1] == '"';
        if (n + piece > s->scratch_cap) {
            size_t cap = (n + piece) * 2;
            char *g = realloc(s->scratch, cap);
            if (!g) {
                *oom_ = true;
                return false;
            }
            s->scratch = g;
            s->scratch_cap = cap;
        }
        memcpy(s->scratch + n, b + p, k - p);
        n += k - p;
        for (size_t c = p; c < k; c++) // lines inside the quotes still count
            if (b[c] == '\n' || (b[c] == '\r' && !(c + 1 < k && b[c + 1] == '\n')))
                s->line++;
        if (!doubled) {
            *at = k + 1;
            *len = n;
            return true;
        }
        s->scratch[n++] = '"';
        p = k + 2;
    }
}

bool csvio_scan_next(CsvioScan *s, CsvioRecord *r, bool *oom_)
{
    *oom_ = false;
    const char *b = s->buf;
    if (s->at >= s->len)
        return false;
    size_t at = s->at;
    *r = (CsvioRecord){.at = at, .line = s->line, .kind = CSVIO_REC_ROW};
    while (at < s->len && is_blank(b[at]))
        at++;
    bool odd = false, plain = false; // plain: unquoted, no byte the label may not hold
    if (at < s->len && b[at] == '"') {
        size_t n;
        if (!scan_quoted(s, &at, &n, oom_)) { // unterminated: the record runs to the end
            if (*oom_)
                return false;
            r->kind = CSVIO_REC_ODD;
            r->label = "";
            r->end = s->at = s->len;
            return true;
        }
        r->label = s->scratch;
        r->label_len = n;
        while (at < s->len && is_blank(b[at]))
            at++;
        odd = at < s->len && b[at] != ',' && b[at] != '\n' && b[at] != '\r'; // text after it
    } else {
        size_t start = at;
        bool check = false; // a byte the label may not hold: a quote, a control, C2 (C1)
        for (; at < s->len; at++) {
            unsigned char k = LABEL_BYTE[(unsigned char)b[at]];
            if (k == 1)
                break;
            check |= k == 2;
        }
        size_t stop = at;
        while (stop > start && is_blank(b[stop - 1]))
            stop--;
        r->label = b + start;
        r->label_len = stop - start;
        plain = !check;
        odd = check && memchr(r->label, '"', r->label_len) != NULL; // a quote inside: refused
    }
    bool more = at < s->len && b[at] == ',';
    // The rest of the record: to the line end outside quotes (an odd number of quotes on
    // a line carries the record on to the next one).
    bool quoted = false;
    for (;;) {
        size_t eol = next_eol(s, at);
        if (s->quote < at) { // the next quote of the text: most lines have none
            const char *q = memchr(b + at, '"', s->len - at);
            s->quote = q ? (size_t)(q - b) : s->len;
        }
        for (size_t q = s->quote; q < eol; q++)
            quoted ^= b[q] == '"';
        at = past_eol(s, eol);
        if (!quoted || at >= s->len)
            break;
    }
    r->end = s->at = at;
    const char *l = r->label;
    size_t n = r->label_len;
    bool one_line = s->line - r->line <= 1;
    if (!more && n == 0 && !odd && !quoted && one_line) {
        r->kind = CSVIO_REC_BLANK;
        return true;
    }
    odd = odd || quoted || !one_line || !more || n == 0 || n > CSVIO_MAX_FIELD_BYTES ||
          (!plain && label_has_control(l, n));
    if (odd) {
        r->kind = CSVIO_REC_ODD;
        return true;
    }
    if (n > 1 && l[0] == '\'' && label_needs_guard(l[1])) {
        r->label = l + 1;
        r->label_len = n - 1;
    }
    return true;
}

void labeled_free(LabeledMatrix *lm)
{
    for (size_t i = 0; lm->row_labels && i < lm->m.rows; i++)
        free(lm->row_labels[i]);
    for (size_t j = 0; lm->col_labels && j < lm->m.cols; j++)
        free(lm->col_labels[j]);
    free(lm->row_labels);
    free(lm->col_labels);
    free(lm->row_line);
    free(lm->corner);
    mat_free(&lm->m);
    memset(lm, 0, sizeof *lm);
}

// ─── writing ───────────────────────────────────────────────────────────────────────

int csvio_put_label(FILE *f, const char *text)
{
    if (!label_needs_guard(text[0]))
        return csv_fwrite(f, text, strlen(text)) == 0 ? 0 : -1;
    size_t len = strlen(text);
    char *g = malloc(len + 2);
    if (!g)
        return -1;
    g[0] = '\'';
    memcpy(g + 1, text, len + 1);
    int rc = csv_fwrite(f, g, len + 1);
    free(g);
    return rc == 0 ? 0 : -1;
}

// ─── numbers: the shortest decimal that reads back ─────────────────────────────────
//
// Each number is written with the fewest significant digits that strtod reads back to
// the same double, and of those the one closest to it (the digits Python's repr and
// JavaScript's String(x) print): 0.3 is "0.3", 0.1 + 0.2 is "0.30000000000000004".
// Laid out as %g lays out 17 digits: plain for 1e-4 ≤ |x| < 1e17, else d.ddde±XX.
//
// Speed: an export at n = 1024 writes about four million numbers; a printf-based search
// ("%.15g", then 16, then 17, each checked with strtod) would take most of the export's
// time. For a double x = m·2^e (m < 2^53) of magnitude 1e-16 ≤ |x| < ~1e16, the work is
// done in exact 128-bit (mostly 64-bit) integers: with k = X − 16 (X the decimal
// exponent) and j = −k ≤ 32, x·10^j = m·5^j·2^(e+j) = p/2^sh lies in [1e16, 1e17)
// (p < 2^128), and so do the bounds of the interval of reals that round to x (x ± half
// an ulp; the lower gap is half as wide above a power of two; the bounds themselves
// round to x only when m is even, as strtod rounds half to even). The shortest decimals
// are the multiples of the largest 10^t inside [lo, hi] (integers at the scale 10^−j);
// the one nearest x·10^j is the rounded quotient, clamped into the interval. Everything
// else (0, subnormals, tiny and huge magnitudes, no 128-bit integers) goes to a slower
// search with snprintf and strtod, exact as well.

static const uint64_t POW10[20] = {1ULL,
                                   10ULL,
                                   100ULL,
                                   1000ULL,
                                   10000ULL,
                                   100000ULL,
                                   1000000ULL,
                                   10000000ULL,
                                   100000000ULL,
                                   1000000000ULL,
                                   10000000000ULL,
                                   100000000000ULL,
                                   1000000000000ULL,
                                   10000000000000ULL,
                                   100000000000000ULL,
                                   1000000000000000ULL,
                                   10000000000000000ULL,
                                   100000000000000000ULL,
                                   1000000000000000000ULL,
                                   10000000000000000000ULL};

static const char DIGIT_PAIRS[] = "00010203040506070809101112131415161718192021222324"
                                  "25262728293031323334353637383940414243444546474849"
                                  "50515253545556575859606162636465666768697071727374"
                                  "75767778798081828384858687888990919293949596979899";

// The text of ±d[0].d[1]…d[nd−1] × 10^X (nd ≥ 1 digits, no trailing zero), laid out as
// %.17g lays out a number: plain when −4 ≤ X < 17, else with an exponent.
static int layout(char *buf, bool neg, const char *d, int nd, int X)
{
    char *o = buf;
    if (neg)
        *o++ = '-';
    if (X < -4 || X >= 17) { // d.ddde±XX
        *o++ = d[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        *o++ = 'e';
        *o++ = X < 0 ? '-' : '+';
        int ax = X < 0 ? -X : X;
        if (ax >= 100)
            *o++ = (char)('0' + ax / 100);
        *o++ = (char)('0' + ax / 10 % 10);
        *o++ = (char)('0' + ax % 10);
    } else if (X >= 0) { // ddd.ddd, or ddd000
        if (nd > X + 1) {
            memcpy(o, d, (size_t)X + 1);
            o += X + 1;
            *o++ = '.';
            memcpy(o, d + X + 1, (size_t)(nd - X - 1));
            o += nd - X - 1;
        } else {
            memcpy(o, d, (size_t)nd);
            o += nd;
            for (int z = nd; z < X + 1; z++)
                *o++ = '0';
        }
    } else { // 0.000ddd
        *o++ = '0';
        *o++ = '.';
        for (int z = 0; z < -X - 1; z++)
            *o++ = '0';
        memcpy(o, d, (size_t)nd);
        o += nd;
    }
    *o = '\0';
    return (int)(o - buf);
}

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;

// 5^j for j ≤ 32 (5^32 < 2^75), as two 64-bit halves.
#define P5(hi, lo) (((u128)(hi) << 64) | (lo))
static const u128 POW5[33] = {
    P5(0x0ULL, 0x0000000000000001ULL), // 5^0
    P5(0x0ULL, 0x0000000000000005ULL), // 5^1
    P5(0x0ULL, 0x0000000000000019ULL), // 5^2
    P5(0x0ULL, 0x000000000000007dULL), // 5^3
    P5(0x0ULL, 0x0000000000000271ULL), // 5^4
    P5(0x0ULL, 0x0000000000000c35ULL), // 5^5
    P5(0x0ULL, 0x0000000000003d09ULL), // 5^6
    P5(0x0ULL, 0x000000000001312dULL), // 5^7
    P5(0x0ULL, 0x000000000005f5e1ULL), // 5^8
    P5(0x0ULL, 0x00000000001dcd65ULL), // 5^9
    P5(0x0ULL, 0x00000000009502f9ULL), // 5^10
    P5(0x0ULL, 0x0000000002e90eddULL), // 5^11
    P5(0x0ULL, 0x000000000e8d4a51ULL), // 5^12
    P5(0x0ULL, 0x0000000048c27395ULL), // 5^13
    P5(0x0ULL, 0x000000016bcc41e9ULL), // 5^14
    P5(0x0ULL, 0x000000071afd498dULL), // 5^15
    P5(0x0ULL, 0x0000002386f26fc1ULL), // 5^16
    P5(0x0ULL, 0x000000b1a2bc2ec5ULL), // 5^17
    P5(0x0ULL, 0x000003782dace9d9ULL), // 5^18
    P5(0x0ULL, 0x00001158e460913dULL), // 5^19
    P5(0x0ULL, 0x000056bc75e2d631ULL), // 5^20
    P5(0x0ULL, 0x0001b1ae4d6e2ef5ULL), // 5^21
    P5(0x0ULL, 0x000878678326eac9ULL), // 5^22
    P5(0x0ULL, 0x002a5a058fc295edULL), // 5^23
    P5(0x0ULL, 0x00d3c21bcecceda1ULL), // 5^24
    P5(0x0ULL, 0x0422ca8b0a00a425ULL), // 5^25
    P5(0x0ULL, 0x14adf4b7320334b9ULL), // 5^26
    P5(0x0ULL, 0x6765c793fa10079dULL), // 5^27
    P5(0x2ULL, 0x04fce5e3e2502611ULL), // 5^28
    P5(0xaULL, 0x18f07d736b90be55ULL), // 5^29
    P5(0x32ULL, 0x7cb2734119d3b7a9ULL), // 5^30
    P5(0xfcULL, 0x6f7c40458122964dULL), // 5^31
    P5(0x4eeULL, 0x2d6d415b85acef81ULL), // 5^32
};
#undef P5

// The shortest digits of a normal |x| = m·2^e in the fast range: into d (17 bytes), *nd
// of them, decimal exponent *X. False when x is outside the range.
static bool shortest_fast(uint64_t bits, char *d, int *nd, int *X)
{
    int biased = (int)((bits >> 52) & 0x7FF);
    uint64_t frac = bits & ((1ULL << 52) - 1);
    if (biased == 0 || biased == 0x7FF)
        return false; // 0, subnormals, inf, NaN
    uint64_t m = frac | (1ULL << 52);
    int e = biased - 1075;                      // |x| = m · 2^e
    int l2 = e + 52, est = l2 >= 0 ? (l2 * 78913) >> 18 // floor(l2·log10 2):
                                   : -((-l2 * 78913 + 262143) >> 18); // X is est or est+1
    int k = est - 16;
    u128 p;
    unsigned sh;
    uint64_t q;
    for (int attempt = 0;; attempt++) {
        if (k > 0 || k < -32)
            return false;
        unsigned j = (unsigned)-k;
        p = (u128)m * POW5[j];
        int s = e + (int)j; // x·10^j = p · 2^s
        if (s >= 0 || s < -120)
            return false; // |x| ≳ 1e16: an integer at this scale; the slow path
        sh = (unsigned)-s;
        u128 q128 = p >> sh;
        if (q128 >= POW10[17] && attempt == 0) { // X was est + 1
            k++;
            continue;
        }
        q = (uint64_t)q128;
        break;
    }
    // x·10^j = q + r/2^sh. The interval of reals that round to x, in units of 2^−(sh+2):
    // [4r − lw, 4r + 2w] around q, w = 5^j = a quarter ulp at this scale. Its ends round
    // to x itself only when m is even (half to even); above a power of two the lower
    // gap is half the upper one. In 64 bits when 4r + 2w fits (|x| ≳ 1e-10).
    bool even = (m & 1) == 0, narrow = frac == 0 && biased > 1;
    uint64_t hi, lo;
    u128 r = p - ((u128)q << sh), w = POW5[-k];
    if (sh <= 60 && -k <= 26) {
        uint64_t r4 = (uint64_t)r << 2, w64 = (uint64_t)w, mask = (1ULL << (sh + 2)) - 1;
        uint64_t up = r4 + 2 * w64, lw = narrow ? w64 : 2 * w64;
        hi = q + (up >> (sh + 2)) - (!even && (up & mask) == 0);
        uint64_t a = r4 >= lw ? r4 - lw : lw - r4;
        lo = r4 >= lw ? q + (a >> (sh + 2)) + ((a & mask) != 0 || !even)
                      : q - (a >> (sh + 2)) + ((a & mask) == 0 && !even);
    } else {
        u128 r4 = r << 2, mask = ((u128)1 << (sh + 2)) - 1;
        u128 up = r4 + 2 * w, lw = narrow ? w : 2 * w;
        hi = q + (uint64_t)(up >> (sh + 2)) - (!even && (up & mask) == 0);
        u128 a = r4 >= lw ? r4 - lw : lw - r4;
        lo = r4 >= lw ? q + (uint64_t)(a >> (sh + 2)) + ((a & mask) != 0 || !even)
                      : q - (uint64_t)(a >> (sh + 2)) + ((a & mask) == 0 && !even);
    }
    // t: the largest power of ten with a multiple in [lo, hi] (floor(hi/10^t) ≥
    // ceil(lo/10^t)); c·10^t: the multiple nearest x·10^j. The interval is less than 23
    // units wide (an ulp is x·10^j/m < 10^17/2^52), so from t = 2 on the multiple is
    // unique. Most numbers need all 17 digits (t = 0), some 16 (t = 1).
    uint64_t c, h = hi / 10, l = (lo + 9) / 10;
    int t;
    if (h < l) { // t = 0: the integer nearest x·10^j, half to even (%.17e's digits)
        u128 half = (u128)1 << (sh - 1);
        c = q + (r > half || (r == half && (q & 1)));
        c = c < lo ? lo : c > hi ? hi : c;
        t = 0;
    } else if (hi / 100 < (lo + 99) / 100) { // t = 1: q/10 rounded half to even
        uint64_t a = q / 10;
        unsigned rd = (unsigned)(q % 10);
        c = a + (rd > 5 || (rd == 5 && (r != 0 || (a & 1))));
        c = c < l ? l : c > h ? h : c;
        t = 1;
    } else { // t ≥ 2: numbers with few digits (inputs such as 0.25, -1.5); t ≤ 17
        t = 2;
        h = hi / 100, l = (lo + 99) / 100; // floor(hi/10^t), ceil(lo/10^t)
#define TRY_STEP(s, P)                                                                     \
    if (h / (P) >= (l + (P) - 1) / (P))                                                    \
        t += (s), h /= (P), l = (l + (P) - 1) / (P);
        TRY_STEP(8, 100000000) // t − 2 in binary: constant divisors, four steps
        TRY_STEP(4, 10000)
        TRY_STEP(2, 100)
        TRY_STEP(1, 10)
#undef TRY_STEP
        c = h;
    }
    // c has no trailing zero (t is the largest), and 10^(15−t) ≤ c < 10^(18−t).
    int n = t >= 15 ? 1 : 16 - t;
    while (n < 19 && c >= POW10[n])
        n++;
    *nd = n;
    *X = n - 1 + t + k;
    // The digits of c padded to 17 (c·10^(17−n) < 10^17 = hi·10^8 + lo): two short
    // independent chains, two digits a step, always the same work.
    uint64_t padded = c * POW10[17 - n];
    uint32_t hi8 = (uint32_t)(padded / 100000000), lo8 = (uint32_t)(padded % 100000000);
    d[0] = (char)('0' + hi8 / 100000000);
    hi8 %= 100000000;
    for (int i = 7; i >= 1; i -= 2, hi8 /= 100, lo8 /= 100) {
        memcpy(d + i, DIGIT_PAIRS + 2 * (hi8 % 100), 2);
        memcpy(d + i + 8, DIGIT_PAIRS + 2 * (lo8 % 100), 2);
    }
    return true;
}
#endif

// The same for any finite nonzero ax > 0, with snprintf and strtod: for P = 17 digits
// down, is there a P-digit decimal that reads back as ax? The nearest one (%.*e) is, if
// any is, except above a power of two, where the lower gap is half the upper one and
// the next P-digit decimal above ax may read back when the nearest (below) does not.
static int shortest_slow(double ax, char *d, int *X)
{
    uint64_t bits;
    memcpy(&bits, &ax, sizeof bits);
    bool narrow = (bits & ((1ULL << 52) - 1)) == 0 && (bits >> 52) > 1;
    int best = 0;
    *X = 0;
    for (int P = 17; P >= 1; P--) {
        char s[48], *end;
        snprintf(s, sizeof s, "%.*e", P - 1, ax); // d.ddd…e±XX
        char dig[20];
        int n = 0;
        for (const char *c = s; *c != 'e'; c++)
            if (*c != '.')
                dig[n++] = *c;
        int E = (int)strtol(strchr(s, 'e') + 1, &end, 10);
        double back = strtod(s, NULL);
        if (back != ax && narrow && back < ax) { // try the next P-digit decimal up
            int at = n - 1;
            while (at >= 0 && dig[at] == '9')
                dig[at--] = '0';
            if (at >= 0) {
                dig[at]++;
            } else {
                dig[0] = '1';
                E++;
            }
            snprintf(s, sizeof s, "%c.%.*se%d", dig[0], n - 1, dig + 1, E);
            back = strtod(s, NULL);
        }
        if (back != ax)
            break;
        while (n > 1 && dig[n - 1] == '0')
            n--;
        memcpy(d, dig, (size_t)n);
        best = n;
        *X = E;
        P = n; // every length from here down to n gives these same digits
    }
    return best;
}

int csvio_format_number(char *buf, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    char d[20];
    int nd, X;
#ifdef __SIZEOF_INT128__
    if (!shortest_fast(bits, d, &nd, &X))
#endif
    {
        if (!isfinite(x))
            return snprintf(buf, CSVIO_NUMBER_MAX, "%g", x);
        if (x == 0)
            d[0] = '0', nd = 1, X = 0;
        else
            nd = shortest_slow(fabs(x), d, &X);
    }
    return layout(buf, bits >> 63, d, nd, X);
}

int csvio_put_number(FILE *f, double x)
{
    if (isnan(x))
        return 0; // an empty cell
    if (isinf(x))
        return fputs(x < 0 ? "-inf" : "inf", f) < 0 ? -1 : 0;
    char buf[CSVIO_NUMBER_MAX];
    size_t len = (size_t)csvio_format_number(buf, x);
    return fwrite(buf, 1, len, f) == len ? 0 : -1;
}

int csvio_write_matrix(FILE *f, const char *corner, char *const *row_labels,
                       char *const *col_labels, const Matrix *m, bool blank)
{
    int rc = csvio_put_label(f, corner);
    for (size_t j = 0; j < m->cols && rc == 0; j++)
        if (fputc(',', f) == EOF || csvio_put_label(f, col_labels[j]) != 0)
            rc = -1;
    if (rc == 0 && fputc('\n', f) == EOF)
        rc = -1;
    // The numbers of a row are formatted into one buffer and written with one fwrite.
    char *line = rc == 0 ? malloc(m->cols * (CSVIO_NUMBER_MAX + 1) + 2) : NULL;
    if (rc == 0 && !line)
        rc = -1;
    for (size_t i = 0; i < m->rows && rc == 0; i++) {
        rc = csvio_put_label(f, row_labels[i]);
        const double *v = mat_row(m, i);
        char *at = line;
        for (size_t j = 0; j < m->cols; j++) {
            *at++ = ',';
            if (blank || isnan(v[j]))
                continue; // an empty cell
            if (isinf(v[j])) {
                memcpy(at, v[j] < 0 ? "-inf" : "inf", 4);
                at += v[j] < 0 ? 4 : 3;
            } else {
                at += csvio_format_number(at, v[j]);
            }
        }
        *at++ = '\n';
        if (rc == 0 && fwrite(line, 1, (size_t)(at - line), f) != (size_t)(at - line))
            rc = -1;
    }
    free(line);
    return rc;
}

int csvio_write_atomic(const char *path, CsvioWriteFn fn, void *ctx, AtError *e)
{
    return csvio_write_file(path, fn, ctx, true, e);
}

int csvio_write_file(const char *path, CsvioWriteFn fn, void *ctx, bool sync, AtError *e)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp)
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        return at_fail(e, AT_ERUNTIME, "%s: %s", path, strerror(err));
    }
    // mkstemp made it 0600: give it the mode open(2) would have (0666 & ~umask).
    FILE *f = fchmod(fd, fs_file_mode()) == 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int err = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return at_fail(e, AT_ERUNTIME, "%s: %s", path, strerror(err));
    }
    errno = 0;
    int rc = fn(f, ctx);
    int err = errno;
    if (rc == 0 && fflush(f) != 0)
        rc = -1, err = errno;
    if (rc == 0 && sync && fsync(fileno(f)) != 0 && errno != EINVAL)
        rc = -1, err = errno;
    if (fclose(f) != 0 && rc == 0)
        rc = -1, err = errno;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1, err = errno;
    if (rc != 0) {
        unlink(tmp);
        at_fail(e, AT_ERUNTIME, "%s: %s", path, err ? strerror(err) : "write failed");
    }
    free(tmp);
    return rc;
}

// ─── plain records (manifests) ───────────────────────────────────────────────────

typedef struct {
    CsvioFieldFn field;
    CsvioRecordFn record;
    void *ctx;
} RecordsCtx;

static void records_field(void *data, size_t len, void *ctx)
{
    RecordsCtx *r = ctx;
    r->field(data ? data : "", len, r->ctx); // NUL-terminated (CSV_APPEND_NULL)
}

static void records_end(int c, void *ctx)
{
    (void)c;
    RecordsCtx *r = ctx;
    r->record(r->ctx);
}

int csvio_parse_records(const char *buf, size_t len, CsvioFieldFn field, CsvioRecordFn record,
                        void *ctx)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return -1;
    RecordsCtx r = {field, record, ctx};
    int rc = csv_parse(&p, buf, len, records_field, records_end, &r) == len &&
                     csv_fini(&p, records_field, records_end, &r) == 0
                 ? 0
                 : -1;
    csv_free(&p);
    return rc;
}
