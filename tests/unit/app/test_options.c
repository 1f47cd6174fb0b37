// test_options.c — the option table against what is written about it: the man page
// (attntrace.1) documents every option of the table and no other, with the table's
// bounds; --help names every option, fits 80 columns and takes its bounds from the
// table; options_parse accepts each bound and refuses what lies beyond it, saying so.
#include <limits.h>
#include <math.h>
#include <wchar.h>

#include "testutil.h"
#include "options.h"

#define MAN_PAGE "attntrace.1" // tests run from the checkout

// The whole of f, from its start, as a string.
static char *read_all(FILE *f)
{
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size > 0);
    rewind(f);
    char *text = malloc((size_t)size + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    text[size] = '\0';
    return text;
}

static char *man_page(void)
{
    FILE *f = fopen(MAN_PAGE, "r");
    assert_non_null(f);
    char *text = read_all(f);
    fclose(f);
    return text;
}

static char *help_text(void)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    options_usage(f);
    char *text = read_all(f);
    fclose(f);
    return text;
}

static const OptionSpec *by_name(const char *name, size_t len)
{
    for (int k = 0; k < OPT_COUNT; k++)
        if (strlen(OPTIONS[k].name) == len && strncmp(OPTIONS[k].name, name, len) == 0)
            return &OPTIONS[k];
    return NULL;
}

static const OptionSpec *by_letter(char c)
{
    for (int k = 0; k < OPT_COUNT; k++)
        if (OPTIONS[k].letter == c)
            return &OPTIONS[k];
    return NULL;
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ─── the man page: \-\-name (a dash in the name is \-) and \-x ──────────────────

// The long option at p ("\-\-no\-scale"), unescaped into name; its length in the text.
static size_t man_long(const char *p, char *name, size_t size)
{
    if (strncmp(p, "\\-\\-", 4) != 0)
        return 0;
    size_t at = 4, n = 0;
    for (;;) {
        if (is_alnum(p[at]))
            name[n++] = p[at++];
        else if (strncmp(p + at, "\\-", 2) == 0 && is_alnum(p[at + 2]))
            name[n++] = '-', at += 2;
        else
            break;
        assert_true(n < size);
    }
    name[n] = '\0';
    return n ? at : 0;
}

// A short option at p: "\-s" after a space, a quote or the line's start, then no letter.
static char man_short(const char *text, const char *p)
{
    bool after_gap = p == text || p[-1] == ' ' || p[-1] == '"' || p[-1] == '\n';
    if (after_gap && strncmp(p, "\\-", 2) == 0 && is_alnum(p[2]) && !is_alnum(p[3]) &&
        p[3] != '\\')
        return p[2];
    return 0;
}

// The paragraph of the man page's OPTIONS section whose .TP heading names --name (its
// heading and text up to the next .TP or .SH, *len bytes), or NULL.
static const char *man_paragraph(const char *man, const char *name, size_t *len)
{
    const char *section = strstr(man, "\n.SH OPTIONS\n");
    assert_non_null(section);
    const char *end = strstr(section + 1, "\n.SH ");
    for (const char *tp = strstr(section, "\n.TP\n"); tp && tp < end;
         tp = strstr(tp + 1, "\n.TP\n")) {
        const char *head = tp + 5, *eol = strchr(head, '\n');
        char found[64];
        for (const char *p = head; p < eol; p++) {
            size_t n = man_long(p, found, sizeof found);
            if (n && strcmp(found, name) == 0) {
                const char *next = strstr(head, "\n.TP\n"), *sh = strstr(head, "\n.SH ");
                if (!next || (sh && sh < next))
                    next = sh;
                *len = (size_t)(next - tp);
                return tp;
            }
            if (n)
                p += n - 1;
        }
    }
    return NULL;
}

// Every option of the table has a paragraph of its own in OPTIONS, its letter too.
static void test_man_page_documents_every_option(void **state)
{
    (void)state;
    char *man = man_page();
    for (int k = 0; k < OPT_COUNT; k++) {
        const OptionSpec *s = &OPTIONS[k];
        size_t len;
        const char *par = man_paragraph(man, s->name, &len);
        if (!par)
            fail_msg("attntrace.1 has no .TP paragraph for --%s", s->name);
        if (s->letter) {
            char want[8];
            snprintf(want, sizeof want, "\\-%c", s->letter);
            const char *eol = strchr(par + 5, '\n');
            const char *at = strstr(par + 5, want);
            if (!at || at > eol || man_short(man, at) != s->letter)
                fail_msg("attntrace.1's heading for --%s does not give -%c", s->name, s->letter);
        }
    }
    free(man);
}

// Every option the man page names anywhere (text, examples) is in the table.
static void test_man_page_names_no_other_option(void **state)
{
    (void)state;
    char *man = man_page();
    int longs = 0;
    for (const char *p = man; *p; p++) {
        char name[64];
        size_t n = man_long(p, name, sizeof name);
        if (n) {
            if (!by_name(name, strlen(name)))
                fail_msg("attntrace.1 names --%s, which is not an option", name);
            longs++;
            p += n - 1;
            continue;
        }
        char c = man_short(man, p);
        if (c && !by_letter(c))
            fail_msg("attntrace.1 names -%c, which is not an option", c);
    }
    assert_true(longs >= OPT_COUNT);
    free(man);
}

// A numeric option's paragraph gives its bounds as the table has them: "1 to 4096",
// "above 0" and "at most 1000000", "\(>= 0".
static void test_man_page_gives_the_bounds(void **state)
{
    (void)state;
    char *man = man_page();
    int checked = 0;
    for (int k = 0; k < OPT_COUNT; k++) {
        const OptionSpec *s = &OPTIONS[k];
        if (s->kind != ARG_WHOLE && s->kind != ARG_NUMBER)
            continue;
        char lo[32], hi[32], want[2][96] = {"", ""};
        option_bound(s, false, lo, sizeof lo);
        option_bound(s, true, hi, sizeof hi);
        for (char *c = hi; (c = strchr(c, '-')) != NULL; c += 2) { // 2^64-1: 2^64\-1
            memmove(c + 1, c, strlen(c) + 1);
            *c = '\\';
        }
        if (s->kind == ARG_NUMBER && isinf(s->number.hi)) {
            snprintf(want[0], sizeof want[0], "%s %s", s->number.lo_open ? "above" : "\\(>=", lo);
        } else if (s->kind == ARG_NUMBER && s->number.lo_open) {
            snprintf(want[0], sizeof want[0], "above %s", lo);
            snprintf(want[1], sizeof want[1], "at most %s", hi);
        } else {
            snprintf(want[0], sizeof want[0], "%s to %s", lo, hi);
        }
        size_t len;
        const char *par = man_paragraph(man, s->name, &len);
        assert_non_null(par);
        char *text = strndup(par, len);
        for (int w = 0; w < 2; w++)
            if (want[w][0] && !strstr(text, want[w]))
                fail_msg("attntrace.1 on --%s does not say \"%s\"", s->name, want[w]);
        free(text);
        checked++;
    }
    assert_true(checked >= 8);
    free(man);
}

// ─── --help ─────────────────────────────────────────────────────────────────────

static bool help_names(const char *help, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = strstr(help, opt); p; p = strstr(p + 1, opt))
        if ((p == help || !is_alnum(p[-1])) && !is_alnum(p[n]) && p[n] != '-')
            return true;
    return false;
}

static void test_help_names_every_option(void **state)
{
    (void)state;
    char *help = help_text();
    for (int k = 0; k < OPT_COUNT; k++) {
        char want[64];
        snprintf(want, sizeof want, "--%s", OPTIONS[k].name);
        if (!help_names(help, want))
            fail_msg("--help does not name %s", want);
        if (OPTIONS[k].letter) {
            snprintf(want, sizeof want, "  -%c, --%s", OPTIONS[k].letter, OPTIONS[k].name);
            if (!strstr(help, want))
                fail_msg("--help does not give \"%s\"", want);
        }
    }
    // and nothing else: every --word of the help is an option
    for (const char *p = strstr(help, "--"); p; p = strstr(p + 2, "--")) {
        size_t n = 0;
        while (is_alnum(p[2 + n]) || (p[2 + n] == '-' && is_alnum(p[3 + n])))
            n++;
        if (!by_name(p + 2, n))
            fail_msg("--help names --%.*s, which is not an option", (int)n, p + 2);
    }
    free(help);
}

// Every line of --help fits an 80-column terminal.
static void test_help_fits_80_columns(void **state)
{
    (void)state;
    char *help = help_text();
    for (char *line = strtok(help, "\n"); line; line = strtok(NULL, "\n")) {
        wchar_t w[256];
        size_t n = mbstowcs(w, line, 256);
        assert_true(n != (size_t)-1 && n < 256);
        int cols = wcswidth(w, n);
        if (cols < 0 || cols > 80)
            fail_msg("--help line of %d columns: %s", cols, line);
    }
    free(help);
}

// The help of a numeric option takes its bounds from the table ({lo}, {hi}), so that it
// cannot give others; and they come out in the help as option_bound writes them.
static void test_help_bounds_come_from_the_table(void **state)
{
    (void)state;
    char *help = help_text();
    for (int k = 0; k < OPT_COUNT; k++) {
        const OptionSpec *s = &OPTIONS[k];
        if (s->kind != ARG_WHOLE && s->kind != ARG_NUMBER)
            continue;
        bool has_hi = s->kind == ARG_WHOLE || isfinite(s->number.hi);
        if (!strstr(s->help, "{lo}") || (has_hi && !strstr(s->help, "{hi}")))
            fail_msg("the help of --%s writes its bounds itself", s->name);
        char bound[32];
        assert_non_null(strstr(help, option_bound(s, false, bound, sizeof bound)));
    }
    assert_non_null(strstr(help, "0 to 2^64-1"));
    assert_non_null(strstr(help, "T from 0.000001\n"));
    assert_null(strstr(help, "{lo}"));
    assert_null(strstr(help, "{hi}"));
    free(help);
}

// ─── options_parse at the bounds ────────────────────────────────────────────────

// Parse "--NAME VALUE": 0 or -1 with e's message.
static int parse_one(const char *name, const char *value, Options *o, AtError *e)
{
    char opt[64], val[64];
    snprintf(opt, sizeof opt, "--%s", name);
    snprintf(val, sizeof val, "%s", value);
    char prog[] = "attntrace";
    char *argv[] = {prog, opt, val, NULL};
    memset(e, 0, sizeof *e);
    return options_parse(3, argv, o, e);
}

static void test_bounds_are_enforced(void **state)
{
    (void)state;
    Options o;
    AtError e;
    char text[64], lo[32], hi[32];
    for (int k = 0; k < OPT_COUNT; k++) {
        const OptionSpec *s = &OPTIONS[k];
        if (s->kind == ARG_WHOLE) {
            snprintf(text, sizeof text, "%llu", s->whole.lo);
            assert_int_equal(parse_one(s->name, text, &o, &e), 0);
            if (s->whole.lo > 0) {
                snprintf(text, sizeof text, "%llu", s->whole.lo - 1);
                assert_int_equal(parse_one(s->name, text, &o, &e), -1);
            }
            snprintf(text, sizeof text, "%llu", s->whole.hi);
            assert_int_equal(parse_one(s->name, text, &o, &e), 0);
            if (s->whole.hi < ULLONG_MAX)
                snprintf(text, sizeof text, "%llu", s->whole.hi + 1);
            else
                snprintf(text, sizeof text, "%llu0", s->whole.hi);
            assert_int_equal(parse_one(s->name, text, &o, &e), -1);
            assert_int_equal(e.status, AT_EINPUT);
            char want[160];
            snprintf(want, sizeof want, "--%s: \"%s\" must be a whole number from %llu to %llu",
                     s->name, text, s->whole.lo, s->whole.hi);
            assert_string_equal(e.msg, want);
        } else if (s->kind == ARG_NUMBER) {
            option_bound(s, false, lo, sizeof lo);
            assert_int_equal(parse_one(s->name, lo, &o, &e), s->number.lo_open ? -1 : 0);
            if (isfinite(s->number.hi)) {
                option_bound(s, true, hi, sizeof hi);
                assert_int_equal(parse_one(s->name, hi, &o, &e), 0);
                snprintf(text, sizeof text, "%.17g", s->number.hi * 2);
                assert_int_equal(parse_one(s->name, text, &o, &e), -1);
                assert_non_null(strstr(e.msg, hi));
            }
            snprintf(text, sizeof text, "-1");
            assert_int_equal(parse_one(s->name, text, &o, &e), -1);
            assert_non_null(strstr(e.msg, lo));
        }
    }
}

// Each value lands where its option says (a few of every kind).
static void test_values_are_stored(void **state)
{
    (void)state;
    Options o;
    AtError e;
    char prog[] = "attntrace", a1[] = "--heads", a2[] = "4", a3[] = "--mask", a4[] = "causal",
         a5[] = "-pxout", a6[] = "--temperature=0.5", a7[] = "--color", a8[] = "always",
         a9[] = "--no-scale", a10[] = "the cat";
    char *argv[] = {prog, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, NULL};
    assert_int_equal(options_parse(11, argv, &o, &e), 0);
    assert_int_equal(o.trace.heads, 4);
    assert_int_equal(o.in.heads, 4);
    assert_int_equal(o.trace.mask, MASK_CAUSAL);
    assert_true(o.print);
    assert_string_equal(o.export_dir, "out");
    assert_double_near(o.trace.temperature, 0.5, 0);
    assert_int_equal(o.color, COLOR_ALWAYS);
    assert_false(o.trace.scale);
    assert_string_equal(o.in.sentence, "the cat");
    assert_double_near(o.tolerance, DEFAULT_TOLERANCE, 0);
    assert_int_equal(o.in.seed, 1);
}

// --palette: every palette by name (the man page names each), list, and a bad name
// refused with the choices.
static void test_palette_option(void **state)
{
    (void)state;
    Options o;
    AtError e;
    char *man = man_page();
    size_t len;
    const char *par = man_paragraph(man, "palette", &len);
    assert_non_null(par);
    char *text = strndup(par, len);
    for (int i = 0; i < palette_count(); i++) {
        const Palette *p = palette_at(i);
        assert_int_equal(parse_one("palette", p->name, &o, &e), 0);
        assert_ptr_equal(o.palette, p);
        assert_false(o.palette_list);
        char want[64];
        snprintf(want, sizeof want, "\\fB%s\\fR", p->name);
        if (!strstr(text, want))
            fail_msg("attntrace.1 on --palette does not name %s", p->name);
    }
    free(text);
    free(man);
    assert_int_equal(parse_one("palette", "list", &o, &e), 0);
    assert_true(o.palette_list);
    assert_int_equal(parse_one("palette", "classic", &o, &e), -1);
    assert_int_equal(e.status, AT_EINPUT);
    assert_string_equal(e.msg, "--palette: \"classic\" is not cividis, viridis, projector or list");
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_man_page_documents_every_option),
        cmocka_unit_test(test_man_page_names_no_other_option),
        cmocka_unit_test(test_man_page_gives_the_bounds),
        cmocka_unit_test(test_help_names_every_option),
        cmocka_unit_test(test_help_fits_80_columns),
        cmocka_unit_test(test_help_bounds_come_from_the_table),
        cmocka_unit_test(test_bounds_are_enforced),
        cmocka_unit_test(test_values_are_stored),
        cmocka_unit_test(test_palette_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
