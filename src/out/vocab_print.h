// vocab_print.h — --vocab: what each dimension means, and for each word its row in the
// vocabulary and how it was found (as written, lower case, inflections.csv, a rule),
// or that its vector is generated.
#ifndef ATTNTRACE_VOCAB_PRINT_H
#define ATTNTRACE_VOCAB_PRINT_H

#include <stdio.h>

#include "err.h"
#include "sample.h"

// meanings: one per dimension (NULL entries, or NULL: the names stand alone). The
// words are the tokens of the sentence, then those of the source, each once.
int print_vocab(FILE *f, const Inputs *in, char *const *meanings, AtError *e);

#endif
