// tui_decode.c — the decode walk's state (see tui_decode.h).
#include "i18n.h"
#include "tui_decode.h"

bool tui_decode_toggle(TuiState *st)
{
    if (st->decoding) {
        st->decoding = false;
        tui_set_status(st, false, _("back to the stages of the causal run"));
        return true;
    }
    if (!st->o->decode) {
        tui_set_status(st, false, _("The decode walk needs --decode (start attntrace with it)."));
        return false;
    }
    decode_free(&st->dec); // an earlier walk's, of the trace before any what-if change
    AtError e = {0};
    if (decode_build(st->t, &st->dec, &e) != 0) {
        tui_set_status(st, true, _("no decode walk: %s%s"), e.msg,
                       st->t->opt.mask != MASK_CAUSAL ? _(" (m turns the causal mask back on)") : "");
        return false;
    }
    st->decoding = true;
    if (st->dstep == 0 || st->dstep > st->dec.steps)
        st->dstep = 1;
    st->dhead = st->t->heads > 1 ? (st->dhead >= 1 && st->dhead <= (int)st->t->heads ? st->dhead : 1)
                                 : 0;
    tui_set_status(st, false, _("decode walk: %zu steps, one token each (n/p step, W back)"),
                   st->dec.steps);
    return true;
}

bool tui_decode_move(TuiState *st, TuiRequest r, int arg)
{
    size_t n = st->dec.steps, t = st->dstep;
    int heads = (int)st->t->heads;
    switch (r) {
    case REQ_NEXT: t = t < n ? t + 1 : n; break;
    case REQ_PREV: t = t > 1 ? t - 1 : 1; break;
    case REQ_FIRST: t = 1; break;
    case REQ_LAST: t = n; break;
    case REQ_JUMP: t = (size_t)arg + 1 <= n ? (size_t)arg + 1 : n; break;
    case REQ_HEAD_NEXT: case REQ_HEAD_PREV:
        if (heads > 1) {
            int step = r == REQ_HEAD_NEXT ? 1 : -1;
            st->dhead = (st->dhead - 1 + step + heads) % heads + 1;
            tui_set_status(st, false, _("head %d of %d (group %zu)"), st->dhead, heads,
                           trace_group(st->t, st->dhead));
        } else {
            tui_set_status(st, false, _("one head: [ and ] switch heads with --heads"));
        }
        return true;
    default: return false;
    }
    if (t == st->dstep && (r == REQ_NEXT || r == REQ_PREV))
        tui_set_status(st, false, r == REQ_NEXT ? _("the last step: every token is decoded")
                                                : _("the first step"));
    st->dstep = t;
    return true;
}
