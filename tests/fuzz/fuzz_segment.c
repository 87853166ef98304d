/* fuzz_segment.c - vnr_sentence_length over arbitrary bytes, with and without the lexicon.
 * Invariants: for len > 0 the sentence is 1..len bytes long (0 would make the reader loop
 * forever), so walking a whole buffer ends in at most len steps; and a sentence is cut well
 * before it grows unbounded (the header promises about 1000 bytes). */
#include "fuzz.h"

enum { SENTENCE_LIMIT = 1000 + 8 }; /* MAX_SENTENCE plus the longest run of marks after it */

static vnr_lexicon *lex;

static void release(void)
{
    vnr_lexicon_free(lex);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    lex = fuzz_load_lexicon();
    atexit(release);
    return 0;
}

static void walk(const vnr_lexicon *l, const char *text, size_t len)
{
    FUZZ_ASSERT(vnr_sentence_length(l, text, 0) == 0);
    size_t pos = 0, steps = 0;
    while (pos < len) {
        size_t n = vnr_sentence_length(l, text + pos, len - pos);
        FUZZ_ASSERT(n > 0 && n <= len - pos);
        pos += n;
        FUZZ_ASSERT(++steps <= len);
    }
    FUZZ_ASSERT(pos == len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    if (!text)
        return 0;
    walk(lex, text, size);
    walk(NULL, text, size);
    free(text);
    return 0;
}
