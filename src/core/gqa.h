// gqa.h — grouped-query attention (--kv-heads G): what sharing K and V saves.
//
// With H query heads and G groups of keys and values, a model keeps, per token,
// G·d_head numbers of K and G·d_vhead of V instead of H·d_head and H·d_vhead.
#ifndef ATTNTRACE_GQA_H
#define ATTNTRACE_GQA_H

#include <stddef.h>

#include "trace.h"

// The K and V numbers kept per token with `groups` groups: groups·(d_head + d_vhead).
size_t gqa_kv_per_token(const Trace *t, size_t groups);
// "K and V kept per token: G = 2 groups × (d_head 2 + d_vhead 2) = 8 numbers; H = 4
// heads with their own K and V would keep 16 (2× as many)": one line for print, the
// manifest (translate false: English) and the stepper (translate true: the user's language).
void gqa_saving_text(const Trace *t, bool translate, char *buf, size_t size);

#endif
