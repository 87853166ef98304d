/* fuzz_normalize.c - vnr_normalize on arbitrary bytes, with the real lexicon.
 * Invariants: NUL bytes are refused as binary, anything else normalizes; the output is valid
 * UTF-8 without NUL, and keeps one line per input line. The first byte picks the regional
 * number words, so both the northern and southern readings are exercised. */
#include "fuzz.h"

static vnr_lexicon *lex;
static vnr_normalizer *norm_north, *norm_south;

static void release(void)
{
    vnr_normalizer_free(norm_north);
    vnr_normalizer_free(norm_south);
    vnr_lexicon_free(lex);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    lex = fuzz_load_lexicon();
    vnr_voice north, south;
    vnr_voice_init(&north);
    south = north;
    vnr_diag diag;
    vnr_voice_load("south", NULL, &south, NULL, NULL, &diag); /* default numbers if absent */
    if (vnr_normalizer_new(lex, &north.numbers, &norm_north, NULL) != VNR_OK ||
        vnr_normalizer_new(lex, &south.numbers, &norm_south, NULL) != VNR_OK)
        abort();
    atexit(release);
    return 0;
}

static size_t count_newlines(const char *s, size_t n)
{
    size_t k = 0;
    for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))); p++)
        k++;
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    vnr_normalizer *norm = size && (data[0] & 1) ? norm_south : norm_north;
    char *out = NULL;
    size_t out_len = 0;
    vnr_status st = vnr_normalize(norm, text, size, &out, &out_len, NULL);
    if (memchr(text, '\0', size)) {
        FUZZ_ASSERT(st == VNR_ERR_BINARY);
        FUZZ_ASSERT(out == NULL);
        return 0;
    }
    FUZZ_ASSERT(st == VNR_OK);
    FUZZ_ASSERT(out != NULL && out[out_len] == '\0');
    FUZZ_ASSERT(fuzz_valid_utf8(out, out_len));
    FUZZ_ASSERT(count_newlines(out, out_len) == count_newlines(text, size));
    free(out);
    return 0;
}
