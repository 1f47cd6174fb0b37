// print_decode.c — --decode in print mode (see print_decode.h).
#include <string.h>

#include "print_decode.h"

static int print_cost(FILE *f, const Decode *d, AtError *e)
{
    Lines cost;
    if (decode_cost_lines(d->t, &cost, e) != 0)
        return -1;
    for (size_t l = 0; l < cost.n; l++)
        fprintf(f, "%s\n", cost.line[l]);
    lines_free(&cost);
    return 0;
}

int print_decode(FILE *f, const Decode *d, const PrintDecodeOptions *o, AtError *e)
{
    const Trace *t = d->t;
    size_t total = t->count + d->count;
    if (!o->only_stage) {
        fprintf(f, "decoding with a KV cache: %zu steps, one token each; at step t only the "
                "new token's q_t, k_t, v_t are computed, k_t and v_t join the cache, and q_t "
                "attends over the cache alone\n", d->steps);
        if (print_cost(f, d, e) != 0)
            return -1;
        fputc('\n', f);
    }
    for (size_t k = 0; k < d->count; k++) {
        const DecodeStage *ds = &d->stage[k];
        if (o->only_stage && strcmp(o->only_stage, ds->s.name) != 0)
            continue;
        if (!o->only_stage && (k == 0 || d->stage[k - 1].step != ds->step)) {
            fprintf(f, "══ decode step %zu/%zu: token \"", ds->step, d->steps);
            at_put_escaped(f, t->in->tokens.tok[ds->step - 1]);
            fputs("\"\n\n", f);
        }
        // (a failed write shows when standard output is closed, with the OS's reason)
        print_stage_of(f, t, &ds->s, t->count + k + 1, total, o->color, o->palette);
        if (ds->kind == DEC_DIFF) {
            const Stage *out = trace_find(t, "output");
            bool zero = true;
            for (size_t c = 0; c < ds->s.m.cols; c++)
                zero = zero && mat_get(&ds->s.m, 0, c) == 0.0;
            fprintf(f, "  = row %zu of %s (the causal run), difference %s\n", ds->step,
                    out->name, zero ? "0 in every column" : "not 0: decoding went wrong");
        }
        if (o->explain == ds) {
            Lines ex;
            if (decode_explain(d, ds, o->explain_row, o->explain_col, &ex, e) != 0)
                return -1;
            fputs("\n  where it comes from:\n", f);
            for (size_t l = 0; l < ex.n; l++)
                fprintf(f, "  %s\n", ex.line[l]);
            lines_free(&ex);
        }
        fputc('\n', f);
    }
    return 0;
}
