// testutil.h — small helpers shared by the cmocka unit tests.
#ifndef ATTNTRACE_TESTUTIL_H
#define ATTNTRACE_TESTUTIL_H

#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

// Tests run in a UTF-8 locale with "C" numbers, as main.c sets it up.
static inline void test_locale(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
    setlocale(LC_NUMERIC, "C");
}

// Write `text` (len bytes; -1: strlen) to a new temporary file; returns its path
// (static buffer, valid until the next call).
static inline const char *temp_file(const char *text, long len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/attntrace-unit.XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = len < 0 ? strlen(text) : (size_t)len;
    assert_int_equal(write(fd, text, n), (ssize_t)n);
    close(fd);
    return path;
}

#define assert_double_near(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

#endif
