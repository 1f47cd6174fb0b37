// dimensions.h — what each embedding dimension means, from a sample's dimensions.csv:
//
//   name,meaning
//   person,a person or people
//
// For --vocab (and the stepper). Only a sample's own embeddings have meanings: with -e,
// or without the file, there are none and the names stand alone. The same meanings in
// another language are in dimensions.LL.csv (dimensions.zh.csv), same format.
#ifndef ATTNTRACE_DIMENSIONS_H
#define ATTNTRACE_DIMENSIONS_H

#include "err.h"
#include "sample.h"

// meanings[d] for each of in's d_model dimensions (malloc'd; NULL where the file gives
// none), or *meanings NULL when there is no file to read: `own` says the embeddings
// are the sample's own (not -e). Refused with "FILE:LINE:COL: ..." (status 2): a
// header other than name,meaning, a record of other than two fields, a name that is no
// dimension of the embeddings, a name given twice, a control character. `lang` is the
// language of the messages ("zh"; NULL or "en" for English): dimensions.LANG.csv is read
// instead when the sample has one.
int dimensions_load(const Inputs *in, bool own, const char *lang, char ***meanings,
                    AtError *e);
void dimensions_free(char **meanings, size_t n);

#endif
