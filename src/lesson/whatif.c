// whatif.c — the traces a what-if question compares: the same inputs and options with
// one thing changed (scaling, the mask, the order of the words).
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lesson.h"

const char *const WHATIF_NAMES[WHATIF_COUNT] = {"", "no-scale", "mask", "reversed"};

// in->tokens, generated and X with their rows in reverse order (their own arrays; the
// token strings stay borrowed).
static int reverse_inputs(const Inputs *from, Inputs *in, AtError *e)
{
    size_t n = from->tokens.n;
    *in = *from;
    in->tokens.tok = malloc((n ? n : 1) * sizeof *in->tokens.tok);
    in->generated = malloc((n ? n : 1) * sizeof *in->generated);
    Matrix X;
    bool ok = in->tokens.tok && in->generated && mat_init(&X, from->X.rows, from->X.cols) == 0;
    if (!ok) {
        free(in->tokens.tok);
        free(in->generated);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    for (size_t i = 0; i < n; i++) {
        in->tokens.tok[i] = from->tokens.tok[n - 1 - i];
        in->generated[i] = from->generated[n - 1 - i];
        memcpy(mat_row(&X, i), mat_row(&from->X, n - 1 - i), X.cols * sizeof *X.v);
    }
    in->X = X;
    return 0;
}

static void free_own(WhatIfTrace *w)
{
    if (!w->own)
        return;
    free(w->in.tokens.tok);
    free(w->in.generated);
    mat_free(&w->in.X);
    w->own = false;
}

// One trace of t's inputs (reversed or not) with options o.
static int build(const Trace *t, const TraceOptions *o, bool reversed, WhatIfTrace *w,
                 AtError *e)
{
    memset(w, 0, sizeof *w);
    if (reversed) {
        if (reverse_inputs(t->in, &w->in, e) != 0)
            return -1;
        w->own = true;
    } else {
        w->in = *t->in; // shallow: the trace only borrows
    }
    if (trace_build(&w->in, o, &w->t, e) != 0) {
        free_own(w);
        return -1;
    }
    return 0;
}

int whatif_build(const Trace *t, WhatIf w, WhatIfTrace *out, WhatIfTrace *base_out,
                 bool *base_built, AtError *e)
{
    TraceOptions before = t->opt, after = t->opt;
    *base_built = false;
    switch (w) {
    case WHATIF_NO_SCALE:
        before.scale = true;
        after.scale = false;
        break;
    case WHATIF_MASK:
        if (t->cross)
            return at_fail(e, AT_EINPUT, _("the what-if \"mask\" needs self-attention (no "
                           "--source)"));
        before.mask = MASK_NONE;
        after.mask = MASK_CAUSAL;
        break;
    case WHATIF_REVERSED:
        return build(t, &after, true, out, e);
    case WHATIF_NONE:
    case WHATIF_COUNT:
        return at_fail(e, AT_EINPUT, _("no what-if"));
    }
    if (build(t, &after, false, out, e) != 0)
        return -1;
    if (build(t, &before, false, base_out, e) != 0) {
        whatif_free(out);
        return -1;
    }
    *base_built = true;
    return 0;
}

void whatif_free(WhatIfTrace *w)
{
    trace_free(&w->t);
    free_own(w);
}

size_t whatif_map(const Trace *t, const Stage *s, WhatIf w, bool column, size_t k)
{
    char *const *labels = column ? s->col_labels : s->row_labels;
    if (w == WHATIF_REVERSED && labels == t->in->tokens.tok && k < t->n)
        return t->n - 1 - k;
    return k;
}
