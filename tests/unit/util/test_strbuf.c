// test_strbuf.c — strings built on open_memstream: contents, empty strings, and a write
// that runs out of memory gives NULL (never a cut string; glibc's stream alone would
// hand back the cut string with ferror 0 and fclose 0).
#include <sys/resource.h>
#include <sys/wait.h>

#include "testutil.h"
#include "strbuf.h"

static void test_built_string(void **state)
{
    (void)state;
    StrBuf b;
    assert_int_equal(strbuf_open(&b), 0);
    strbuf_puts(&b, "scores");
    strbuf_printf(&b, "[%d][%d] = %.2f", 2, 3, 0.125);
    strbuf_put(&b, "猫!", strlen("猫")); // only the cat, not the "!"
    strbuf_put(&b, "", 0);
    char *s = strbuf_close(&b);
    assert_non_null(s);
    assert_string_equal(s, "scores[2][3] = 0.12猫");
    assert_int_equal(b.len, strlen(s));
    assert_null(b.f);
    assert_false(b.failed);
    free(s);
}

static void test_empty_string(void **state)
{
    (void)state;
    StrBuf b;
    assert_int_equal(strbuf_open(&b), 0);
    char *s = strbuf_close(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(b.len, 0);
    free(s);
}

// A long string grows the buffer many times; every byte arrives.
static void test_long_string(void **state)
{
    (void)state;
    StrBuf b;
    assert_int_equal(strbuf_open(&b), 0);
    for (int k = 0; k < 100000; k++)
        strbuf_printf(&b, "%05d|", k);
    char *s = strbuf_close(&b);
    assert_non_null(s);
    assert_int_equal(b.len, 600000);
    assert_memory_equal(s + 6 * 54321, "54321|", 6);
    free(s);
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

// Out of memory in the middle of the string: strbuf_close says so (NULL) and frees the
// part that was written. A child process with a small address space runs out for real.
static void test_out_of_memory_is_null(void **state)
{
    (void)state;
    const char *preload = getenv("LD_PRELOAD");
#ifdef UNDER_ASAN
    skip(); // the sanitizer's shadow memory needs far more address space than the limit
#endif
    if (preload && strstr(preload, "vgpreload"))
        skip(); // valgrind keeps its own memory in the same address space
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        StrBuf b;
        if (strbuf_open(&b) != 0)
            _exit(3);
        static char chunk[1 << 20];
        memset(chunk, 'x', sizeof chunk);
        struct rlimit lim;
        long pages = 0;
        FILE *statm = fopen("/proc/self/statm", "r");
        if (!statm || fscanf(statm, "%ld", &pages) != 1)
            _exit(4);
        fclose(statm);
        lim.rlim_cur = lim.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (64u << 20);
        if (setrlimit(RLIMIT_AS, &lim) != 0)
            _exit(5);
        int wrote = 0; // MiB: far more than the limit allows
        while (wrote < 1024 && !b.failed) {
            strbuf_put(&b, chunk, sizeof chunk);
            wrote++;
        }
        if (!b.failed)
            _exit(6); // the limit did not bite: the test proves nothing
        strbuf_puts(&b, "more"), strbuf_printf(&b, "%s", "and more"); // no effect now
        char *s = strbuf_close(&b);
        _exit(s == NULL && b.len == 0 && b.s == NULL ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
    test_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_built_string),
        cmocka_unit_test(test_empty_string),
        cmocka_unit_test(test_long_string),
        cmocka_unit_test(test_out_of_memory_is_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
