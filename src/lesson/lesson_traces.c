// lesson_traces.c — which of the traces a lesson section is checked against: a section
// is shown only with its stage (masked, source, concat …), so it is read against a
// trace that has that stage. Used by the validator and by the leak check.
#include <string.h>

#include "lesson.h"

const Trace *lesson_trace_for(const Lesson *l, const LessonTraces *tr, const char *section)
{
    const Trace *t = tr->plain;
    if (l && l->needs_source)
        return t->cross ? t : tr->cross;
    if (strcmp(section, "masked") == 0 || strcmp(section, "decode") == 0) // decode: causal
        return t->opt.mask == MASK_CAUSAL ? t : tr->masked;
    if (strcmp(section, "source") == 0 || strcmp(section, "cross") == 0)
        return t->cross ? t : tr->cross;
    if (strcmp(section, "concat") == 0 || strcmp(section, "W_O") == 0 ||
        strcmp(section, "gqa") == 0) // gqa: shown with several heads sharing K and V
        return t->heads > 1 ? t : tr->heads;
    StageId id;
    int head;
    if (stage_name_parse(section, &id, &head) &&
        (id == ST_POSITIONS || id == ST_INPUT || id == ST_SRC_POSITIONS ||
         id == ST_SRC_INPUT || id == ST_QROPE || id == ST_KROPE)) // --pos, --rope
        return trace_find(t, section) ? t
               : tr->positions && trace_find(tr->positions, section) ? tr->positions : NULL;
    return t;
}
