// vocab.h — the rows some sentences need from an embeddings file, without parsing the
// rest of it.
//
// A lexicon has ten thousand rows and a sentence needs a few. The file is read once
// and scanned record by record on the first field only (csvio_scan_next); a record is
// parsed (csvio_read_spans, the one CSV reader) when its label is a form one of the
// sentences' tokens could be looked up as: each CJK run's substrings that the longest
// match asks about, each token as written and in lower case, and, with the lexicon's
// rules (lookup.h), its lemma in inflections.csv and its rule candidates. The header and
// the first row are always parsed, and so is every record the reader would refuse, so a
// broken file gets the message a whole read gives. Rows no token can use go unchecked.
//
//   vocab_open, vocab_collect (each sentence), vocab_read, then tokenize_with(vocab_known)
//   and vocab_lookup for each token; vocab_close.
#ifndef ATTNTRACE_VOCAB_H
#define ATTNTRACE_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csvio.h"
#include "err.h"
#include "lookup.h"

// One form a token could be looked up as (a hash table entry).
typedef struct {
    char *word; // NULL: an empty slot
    size_t len;
    bool form;   // look it up in inflections.csv (a lower-case word of ASCII letters)
    long row;    // its first row in Vocab.m, -1 when it is not a row
    char *lemma; // its lemma in inflections.csv, NULL: none
    size_t lemma_line;
} VocabWord;

typedef struct {
    char *path, *infl_path; // as given, for messages; infl_path NULL: no lookup rules
    char *buf, *infl_buf;   // the files' text
    size_t len, infl_len;
    VocabWord *w; // the forms: a hash table of cap slots (a power of two)
    size_t nw, cap;
    bool oom;           // memory ran out inside a tokenizer callback
    uint64_t lens[256]; // by first byte, the lengths of the forms (bit 63: ≥ 63): a
                        // label that no form could be is passed over without hashing
    LabeledMatrix m;    // after vocab_read: the header and the rows read
    long modifier;      // m's column named "modifier", -1: none
} Vocab;

// Read the embeddings file at path and, when infl_path is not NULL, inflections.csv
// (which turns the lexicon's rules on). Both must be regular files.
int vocab_open(Vocab *v, const char *path, const char *infl_path, AtError *e);
// The forms the tokens of `sentence` could be looked up as. Errors are the tokenizer's.
int vocab_collect(Vocab *v, const char *sentence, AtError *e);
// Scan and parse: the header, the first row, and the rows of the collected forms.
int vocab_read(Vocab *v, int flags, AtError *e);
// For tokenize_with: are the len bytes at p a row (ctx: the Vocab, after vocab_read)?
bool vocab_known(const char *p, size_t len, const void *ctx);
// Token's row: its index in v->m (-1: none, generated) and how it was found (*how may be
// NULL). -1 with e only when out of memory (then *row is meaningless).
int vocab_lookup(const Vocab *v, const char *token, TokenLookup *how, long *row, AtError *e);
void vocab_close(Vocab *v);

#endif
