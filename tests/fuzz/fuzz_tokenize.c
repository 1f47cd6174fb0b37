// fuzz_tokenize.c — libFuzzer target: the sentence tokenizer and the width helpers.
//
// Input: vocabulary words, one per line, then a NUL byte, then the sentence (no NUL:
// the whole input is the sentence). Tokens must be non-empty, at most the limit, free
// of white space, and together spell the sentence without its white space.
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tokenize.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        setlocale(LC_ALL, "en_US.UTF-8");
    setlocale(LC_NUMERIC, "C");
    return 0;
}

#define MAX_TOKENS 64

// The sentence without its white space (it is valid UTF-8 when tokenize accepted it).
static char *squeeze(const char *s)
{
    size_t len = strlen(s), o = 0;
    char *d = malloc(len + 1);
    if (!d)
        abort();
    mbstate_t st;
    memset(&st, 0, sizeof st);
    for (size_t at = 0; at < len;) {
        wchar_t wc;
        size_t k = mbrtowc(&wc, s + at, len - at, &st);
        if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
            abort();
        if (!iswspace((wint_t)wc)) {
            memcpy(d + o, s + at, k);
            o += k;
        }
        at += k;
    }
    d[o] = '\0';
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t vlen = nul ? (size_t)(nul - data) : 0;
    size_t soff = nul ? vlen + 1 : 0;
    char *vbuf = malloc(vlen + 1), *sentence = malloc(size - soff + 1);
    if (!vbuf || !sentence)
        abort();
    memcpy(vbuf, data, vlen);
    vbuf[vlen] = '\0';
    memcpy(sentence, data + soff, size - soff);
    sentence[size - soff] = '\0'; // a NUL inside ends the sentence early, as in argv

    const char *vocab[32];
    size_t nvocab = 0;
    for (char *w = vbuf; nvocab < 32;) {
        char *nl = strchr(w, '\n');
        if (nl)
            *nl = '\0';
        vocab[nvocab++] = w;
        if (!nl)
            break;
        w = nl + 1;
    }

    TokenList t;
    AtError e = {0};
    if (tokenize(sentence, vocab, nvocab, MAX_TOKENS, &t, &e) == 0) {
        if (t.n == 0 || t.n > MAX_TOKENS)
            abort();
        char *want = squeeze(sentence);
        size_t at = 0;
        for (size_t i = 0; i < t.n; i++) {
            size_t k = strlen(t.tok[i]);
            if (k == 0 || strncmp(want + at, t.tok[i], k) != 0 || utf8_width(t.tok[i]) < 0)
                abort();
            at += k;
        }
        if (want[at] != '\0')
            abort();
        free(want);
        tokens_free(&t);
    } else {
        if (e.status != AT_EINPUT || strchr(e.msg, '\n') || t.n != 0 || t.tok != NULL)
            abort();
        for (const unsigned char *p = (const unsigned char *)e.msg; *p; p++)
            if (*p < 0x20 || *p == 0x7f)
                abort();
    }
    // The width helpers take anything, valid or not.
    int used = 0;
    size_t fit = utf8_fit(sentence, 10, &used);
    if (fit > strlen(sentence) || used > 10 || used < 0)
        abort();
    (void)utf8_width(sentence);
    free(vbuf);
    free(sentence);
    return 0;
}
