// teach.c — the lesson and homework modes: --check-lesson, --check, --print --lesson.
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "i18n.h"
#include "language.h"
#include "paths.h"
#include "teach.h"

int teach_load_lesson(const Options *o, Lesson *l, AtError *e)
{
    char *path;
    if (lesson_find("--lesson", o->lesson, o->lang, &path, e) != 0)
        return -1;
    int rc = lesson_load(path, l, e);
    free(path);
    if (rc == 0)
        lesson_set_tolerance(l, o->tolerance);
    // No language chosen (no --lang, none in the environment): the lesson's, so that the
    // screen around a Chinese lesson speaks Chinese too.
    char buf[16];
    if (rc == 0 && !o->lang && !language_current(buf, sizeof buf) && l->lang &&
        strcmp(l->lang, "en") != 0)
        language_use(l->lang);
    return rc;
}

int teach_check_lesson(const Options *o, const LessonTraces *tr, FILE *out, FILE *err,
                       AtError *e)
{
    char *path, *text = NULL;
    if (lesson_find("--check-lesson", o->check_lesson, o->lang, &path, e) != 0)
        return -1;
    if (read_text_file(path, LESSON_MAX_BYTES, &text, e) != 0) {
        free(path);
        return -1;
    }
    Lesson l;
    Lines problems = {0};
    int rc = lesson_parse(o->check_lesson, text, &l, &problems, e);
    free(text);
    if (rc == 0) {
        lesson_set_tolerance(&l, o->tolerance);
        if (lesson_validate_all(&l, tr, &problems) != 0)
            rc = at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    if (rc == 0) {
        for (size_t k = 0; k < problems.n; k++)
            fprintf(err, "%s\n", problems.line[k]);
        if (problems.n)
            rc = at_fail(e, AT_EINPUT, ngettext("%s: %zu problem", "%s: %zu problems", problems.n),
                         o->check_lesson, problems.n);
        else
        {
            at_put_escaped(out, o->check_lesson); // whole, however long
            fprintf(out, _(": ok (%zu sections, %zu questions)\n"), l.nsec, l.nquestions);
        }
        lesson_free(&l);
    }
    lines_free(&problems);
    free(path);
    return rc;
}

int teach_check(const Options *o, const Trace *t, FILE *out, AtError *e)
{
    Lines report = {0};
    CheckResult r;
    int rc = check_homework(t, o->check_dir, o->tolerance, &report, &r, e);
    for (size_t k = 0; rc == 0 && k < report.n; k++) // nothing when the folder is unusable
        fprintf(out, "%s\n", report.line[k]);
    lines_free(&report);
    if (rc != 0)
        return -1;
    size_t ok = r.cells - r.differ - r.missing;
    fprintf(out, ngettext("%zu stage, %zu cells: %zu match, %zu differ, %zu missing (tolerance %g)\n",
                          "%zu stages, %zu cells: %zu match, %zu differ, %zu missing (tolerance %g)\n",
                          r.stages),
            r.stages, r.cells, ok, r.differ, r.missing, o->tolerance);
    fflush(out);
    if (r.differ || r.missing)
        return at_fail(e, AT_EDIFFER, ngettext("%s: %zu cell differs, %zu missing",
                                "%s: %zu cells differ, %zu missing", r.differ),
                       o->check_dir, r.differ, r.missing);
    return 0;
}

int teach_notes(const Lesson *l, const Trace *t, bool decode, TeachNotes *n, AtError *e)
{
    memset(n, 0, sizeof *n);
    int rc = lines_addf(&n->intro, _("Lesson: %s"), l->title);
    if (rc == 0 && lesson_section(l, "intro"))
        rc = lines_addf(&n->intro, "%s", "") != 0 ||
             lesson_notes(l, t, "intro", LESSON_PRINT_WIDTH, true, &n->intro) != 0;
    // With --source, the cross section follows the intro.
    if (rc == 0 && t->cross && lesson_section(l, "cross"))
        rc = lines_addf(&n->intro, "%s", "") != 0 ||
             lesson_notes(l, t, "cross", LESSON_PRINT_WIDTH, true, &n->intro) != 0;
    // With --kv-heads G < H, the gqa section follows.
    if (rc == 0 && t->kv_heads < t->heads && lesson_section(l, "gqa"))
        rc = lines_addf(&n->intro, "%s", "") != 0 ||
             lesson_notes(l, t, "gqa", LESSON_PRINT_WIDTH, true, &n->intro) != 0;
    // One section per kind of stage: every head's scores.hH shows the scores section.
    bool done[ST_COUNT] = {false};
    for (size_t k = 0; rc == 0 && k < t->count; k++) {
        StageId id = t->stage[k].id;
        if (!done[id])
            rc = lesson_notes(l, t, STAGE_NAMES[id], LESSON_PRINT_WIDTH, true, &n->stage[id]);
        done[id] = true;
    }
    // With --decode, the decode section comes after the steps, before the end.
    if (rc == 0 && decode && lesson_section(l, "decode"))
        rc = lesson_notes(l, t, "decode", LESSON_PRINT_WIDTH, true, &n->end) != 0 ||
             lines_addf(&n->end, "%s", "") != 0;
    if (rc == 0)
        rc = lesson_notes(l, t, "end", LESSON_PRINT_WIDTH, true, &n->end);
    if (rc != 0) {
        teach_notes_free(n);
        return at_fail(e, AT_ERUNTIME, _("out of memory"));
    }
    return 0;
}

void teach_notes_free(TeachNotes *n)
{
    for (int k = 0; k < ST_COUNT; k++)
        lines_free(&n->stage[k]);
    lines_free(&n->intro);
    lines_free(&n->end);
}
