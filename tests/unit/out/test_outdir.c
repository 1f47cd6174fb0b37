// test_outdir.c — folders written whole or not at all: what --force recognises as an
// earlier export (manifest.csv, index.html), a file that comes into the earlier export
// while the new one is written, a signal while writing, links and missing parents.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "lesson_fixtures.h"
#include "outdir.h"
#include "svg.h"

static char g_root[64];

static int setup(void **state)
{
    if (by_hand_setup(state) != 0)
        return -1;
    snprintf(g_root, sizeof g_root, "/tmp/attntrace-outdir.XXXXXX");
    return mkdtemp(g_root) && chdir(g_root) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_root);
    int rc = chdir("/") == 0 && system(cmd) == 0 ? 0 : -1;
    return by_hand_teardown(state) == 0 ? rc : -1;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

// Entries of the current folder whose name starts with prefix (leftovers: "d.tmp.").
static int count_prefix(const char *prefix)
{
    DIR *d = opendir(".");
    assert_non_null(d);
    int n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL)
        n += strncmp(ent->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

// ─── a spec of our own: marker "list.txt" names the files, one a line ──────────────

static char **recognise_list(const char *text, size_t len)
{
    (void)len;
    char **names = NULL;
    size_t n = 0;
    char line[64];
    for (const char *at = text; *at;) {
        size_t k = strcspn(at, "\n");
        snprintf(line, sizeof line, "%.*s", (int)k, at);
        if (!outdir_names_add(&names, &n, line))
            return NULL;
        at += k + (at[k] == '\n');
    }
    return names;
}

static int write_text(FILE *f, void *ctx)
{
    return fputs((const char *)ctx, f) < 0 ? -1 : 0;
}

// The new files, and — as another process might — a file dropped into the earlier one.
static int fill_and_intrude(const char *tmp, void *ctx, AtError *e)
{
    (void)ctx;
    put("d/intruder.txt", "not attntrace's\n");
    if (outdir_write_file(tmp, "a.txt", write_text, "new a\n", e) != 0)
        return -1;
    return outdir_write_file(tmp, "list.txt", write_text, "a.txt\n", e);
}

static int fill_new(const char *tmp, void *ctx, AtError *e)
{
    (void)ctx;
    if (outdir_write_file(tmp, "a.txt", write_text, "new a\n", e) != 0)
        return -1;
    return outdir_write_file(tmp, "list.txt", write_text, "a.txt\n", e);
}

static void test_file_added_while_replacing(void **state)
{
    (void)state;
    assert_int_equal(mkdir("d", 0777), 0);
    put("d/a.txt", "old a\n");
    put("d/b.txt", "old b\n");
    put("d/list.txt", "a.txt\nb.txt\n");
    OutdirSpec spec = {.what = "test export", .marker = "list.txt",
                       .recognise = recognise_list, .force = true};
    AtError e = {0};
    assert_int_equal(outdir_write("d", &spec, fill_and_intrude, NULL, &e), -1);
    assert_non_null(strstr(e.msg, "intruder.txt"));
    assert_non_null(strstr(e.msg, "changed while the new files were written"));
    // The earlier export stays whole, the intruder's file too; nothing beside it.
    assert_true(exists("d/a.txt") && exists("d/b.txt") && exists("d/list.txt"));
    assert_true(exists("d/intruder.txt"));
    FILE *f = fopen("d/a.txt", "r");
    char buf[16] = "";
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "old a\n");
    assert_int_equal(count_prefix("d."), 0);

    // Without the intruder, the same replacement goes through: b.txt (listed) goes.
    assert_int_equal(unlink("d/intruder.txt"), 0);
    assert_int_equal(outdir_write("d", &spec, fill_new, NULL, &e), 0);
    assert_true(exists("d/a.txt") && exists("d/list.txt"));
    assert_false(exists("d/b.txt"));
    assert_int_equal(count_prefix("d."), 0);
}

// ─── a signal while writing ───────────────────────────────────────────────────────

static volatile sig_atomic_t g_seen;
static void on_term(int sig) { g_seen = sig; }

static int fill_then_signal(const char *tmp, void *ctx, AtError *e)
{
    (void)ctx;
    if (outdir_write_file(tmp, "one.txt", write_text, "1\n", e) != 0)
        return -1;
    raise(SIGTERM); // noted by outdir's handler: the next file is not started
    assert_int_equal(g_seen, 0);
    return outdir_write_file(tmp, "two.txt", write_text, "2\n", e);
}

static void test_signal_while_writing(void **state)
{
    (void)state;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term; // as the stepper's: only a flag
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, &old);
    g_seen = 0;
    OutdirSpec spec = {.what = "test export"};
    AtError e = {0};
    assert_int_equal(outdir_write("sig", &spec, fill_then_signal, NULL, &e), -1);
    assert_non_null(strstr(e.msg, "interrupted by SIGTERM"));
    assert_int_equal(g_seen, SIGTERM); // raised again, with the handler that was there
    assert_false(exists("sig"));
    assert_int_equal(count_prefix("sig."), 0);
    sigaction(SIGTERM, &old, NULL);
}

// ─── manifest.csv: exactly what export writes ─────────────────────────────────────

#define HEADER "stage,name,file,rows,cols,formula,notes\n"

static int check_manifest(const char *dir, const char *manifest)
{
    char path[256];
    assert_int_equal(mkdir(dir, 0777), 0);
    snprintf(path, sizeof path, "%s/manifest.csv", dir);
    put(path, manifest);
    snprintf(path, sizeof path, "%s/01_embeddings.csv", dir);
    put(path, "token,a\nI,1\n");
    ExportOptions o = {.force = true};
    AtError e = {0};
    return export_check(dir, &o, NULL, &e);
}

static void test_manifest_recognition(void **state)
{
    (void)state;
    ExportOptions o = {.force = true};
    AtError e = {0};
    assert_int_equal(export_trace(&FX.t, "x", &(ExportOptions){0}, &e), 0);
    assert_int_equal(export_check("x", &o, NULL, &e), 0);
    assert_int_equal(export_trace(&FX.t, "x", &o, &e), 0); // replaced

    // Notes with a comma, quotes and a line break inside the quotes: still the one.
    assert_int_equal(check_manifest("m1", HEADER "1,\"embeddings\",\"01_embeddings.csv\",3,2,"
                                          "\"X\",\"a, \"\"b\"\"\nc\"\n"), 0);
    // A stage listed that is not in the folder is no reason to refuse.
    assert_int_equal(check_manifest("m2", HEADER "1,\"embeddings\",\"01_embeddings.csv\",3,2,"
                                          "\"X\",\"\"\n2,\"W_Q\",\"02_W_Q.csv\",2,4,\"\",\"\"\n"),
                     0);
    // Not what export writes: refused.
    assert_int_equal(check_manifest("m3", HEADER "1,\"embeddings\",\"01_embeddings.csv\",3,2,"
                                          "\"X\",\"\""), -1); // no final newline
    assert_int_equal(check_manifest("m4", HEADER "2,\"embeddings\",\"02_embeddings.csv\",3,2,"
                                          "\"X\",\"\"\n"), -1); // stage 2 first
    assert_int_equal(check_manifest("m5", HEADER "1,\"embeddings\",\"01_other.csv\",3,2,"
                                          "\"X\",\"\"\n"), -1); // file ≠ its stage's
    assert_int_equal(check_manifest("m6", "stage,name,file,rows,cols,formula,notes\r\n"
                                          "1,\"embeddings\",\"01_embeddings.csv\",3,2,\"X\","
                                          "\"\"\r\n"), -1); // another header
    assert_int_equal(check_manifest("m7", HEADER "1,\"embeddings\",\"01_embeddings.csv\",3,2,"
                                          "\"X\",\"\",\"extra\"\n"), -1);
    assert_int_equal(check_manifest("m8", HEADER "1,\"..\",\"01_...csv\",3,2,\"X\",\"\"\n"), -1);
    assert_int_equal(check_manifest("m9", HEADER), -1); // no stage
    assert_int_equal(check_manifest("m10", HEADER "1,\"a/b\",\"01_a/b.csv\",1,1,\"\",\"\"\n"),
                     -1);
}

// ─── index.html: exactly what svg.c writes ────────────────────────────────────────

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static void test_index_recognition(void **state)
{
    (void)state;
    SvgOptions o = {.force = true};
    AtError e = {0};
    assert_int_equal(svg_export(&FX.t, "s", &(SvgOptions){0}, &e), 0);
    assert_int_equal(svg_export_check("s", &o, NULL, &e), 0);
    char index[1 << 16];
    snprintf(index, sizeof index, "%s", slurp("s/index.html"));

    put("s/index.html", index);
    FILE *f = fopen("s/index.html", "a");
    fputs("<script>x</script>\n", f); // something after the end
    fclose(f);
    assert_int_equal(svg_export_check("s", &o, NULL, &e), -1);
    assert_non_null(strstr(e.msg, "index.html is not one attntrace writes"));

    char *cut = strstr(index, "</body>");
    assert_non_null(cut);
    char saved = *cut;
    *cut = '\0';
    put("s/index.html", index); // no end
    assert_int_equal(svg_export_check("s", &o, NULL, &e), -1);
    *cut = saved;

    char *img = strstr(index, "01_embeddings.svg");
    assert_non_null(img);
    img[1] = '2'; // 02_embeddings.svg: not the file of slide 1
    put("s/index.html", index);
    assert_int_equal(svg_export_check("s", &o, NULL, &e), -1);
    img[1] = '1';
    put("s/index.html", index);
    assert_int_equal(svg_export_check("s", &o, NULL, &e), 0);
    assert_int_equal(svg_export(&FX.t, "s", &o, &e), 0);
}

// ─── links, parents, names ────────────────────────────────────────────────────────

static void test_targets(void **state)
{
    (void)state;
    ExportOptions o = {0};
    AtError e = {0};
    char *target = NULL;
    assert_int_equal(export_check("p/q/r", &o, &target, &e), 0); // checks, creates nothing
    assert_non_null(target);
    assert_true(strlen(target) > strlen("/p/q/r") &&
                strcmp(target + strlen(target) - strlen("/p/q/r"), "/p/q/r") == 0);
    assert_int_equal(target[0], '/');
    free(target);
    assert_false(exists("p"));

    assert_int_equal(symlink("gone", "dangling"), 0);
    char path[256];
    assert_int_equal(export_stage(&FX.t, &FX.t.stage[0], "dangling", path, sizeof path, &e), -1);
    assert_non_null(strstr(e.msg, "dangling: a symbolic link to gone, which does not exist"));
    assert_false(exists("gone"));

    assert_int_equal(mkdir("t", 0777), 0);
    assert_int_equal(symlink("t", "link"), 0);
    assert_int_equal(export_stage(&FX.t, &FX.t.stage[0], "link", path, sizeof path, &e), 0);
    assert_string_equal(path, "link/01_embeddings.csv");
    assert_true(exists("t/01_embeddings.csv"));
    struct stat st;
    assert_int_equal(lstat("link", &st), 0);
    assert_true(S_ISLNK(st.st_mode));

    assert_int_equal(export_stage(&FX.t, &FX.t.stage[0], "u/v/w", path, sizeof path, &e), 0);
    assert_true(exists("u/v/w/01_embeddings.csv"));

    static const char *const bad[] = {"", ".", "..", "/", "a/..", "./", "//"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(export_check(bad[k], &o, NULL, &e), -1);
        assert_int_equal(e.status, AT_EINPUT);
        assert_non_null(strstr(e.msg, "name a folder"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_added_while_replacing),
        cmocka_unit_test(test_signal_while_writing),
        cmocka_unit_test(test_manifest_recognition),
        cmocka_unit_test(test_index_recognition),
        cmocka_unit_test(test_targets),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
