// gqa.c — what grouped-query attention saves (see gqa.h).
#include <stdio.h>

#include "gqa.h"
#include "i18n.h"

size_t gqa_kv_per_token(const Trace *t, size_t groups)
{
    return groups * (t->d_head + t->dv_head); // k_t: groups·d_head, v_t: groups·d_vhead
}

void gqa_saving_text(const Trace *t, bool translate, char *buf, size_t size)
{
    size_t G = t->kv_heads, H = t->heads;
    size_t kept = gqa_kv_per_token(t, G), full = gqa_kv_per_token(t, H);
    size_t times = G ? H / G : 0;
    if (!translate) // the manifest's notes stay English (docs/translating.md)
        snprintf(buf, size, "K and V kept per token: G = %zu group%s × (d_head %zu + d_vhead %zu) = "
                 "%zu numbers; H = %zu heads with their own K and V would keep %zu (%zu× as many)",
                 G, G == 1 ? "" : "s", t->d_head, t->dv_head, kept, H, full, times);
    else
        snprintf(buf, size, ngettext("K and V kept per token: G = %zu group × (d_head %zu + "
                                     "d_vhead %zu) = %zu numbers; H = %zu heads with their own "
                                     "K and V would keep %zu (%zu× as many)",
                                     "K and V kept per token: G = %zu groups × (d_head %zu + "
                                     "d_vhead %zu) = %zu numbers; H = %zu heads with their own "
                                     "K and V would keep %zu (%zu× as many)", G),
                 G, t->d_head, t->dv_head, kept, H, full, times);
}
