/* fuzz_pronounce.c - the pronunciation layer over arbitrary bytes (the Southern table, the one
 * that rewrites most). Invariants: what eSpeak NG gets never holds a "[[" that the layer did not
 * write (every "[[" is a phoneme word closed by "]]"), and the byte map for word events stays
 * inside the input. */
#include "fuzz.h"

#include "speech/pronounce.h"

static vnr_pron *pron;

static void release(void)
{
    vnr_pron_free(pron);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char path[4096];
    snprintf(path, sizeof path, "%s/vi/pronunciation/south.tsv", vnr_data_dir());
    if (vnr_pron_load(path, &pron, NULL) != VNR_OK)
        pron = NULL; /* the NULL table (brackets only) is fuzzed then */
    atexit(release);
    return 0;
}

/* Every "[[" opens a phoneme word of the layer's own, closed by "]]" before any other "[["
 * (a phoneme name may hold one "[": the dental t[). */
static void check_brackets(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '[' || s[i + 1] != '[')
            continue;
        size_t j = i + 2;
        while (j + 1 < n && !(s[j] == ']' && s[j + 1] == ']')) {
            FUZZ_ASSERT(!(s[j] == '[' && s[j + 1] == '['));
            j++;
        }
        FUZZ_ASSERT(j + 1 < n);
        i = j + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    if (!text)
        return 0;
    vnr_buf out;
    vnr_buf_init(&out);
    vnr_pron_map map = {0};
    for (int with_table = 0; with_table < 2; with_table++) {
        if (!vnr_pron_rewrite(with_table ? pron : NULL, text, size, &out, &map))
            continue;
        check_brackets(out.data, out.len);
        for (size_t i = 0; i < out.len; i++)
            FUZZ_ASSERT(map.from[i] < map.to[i] && map.to[i] <= size);
    }
    vnr_pron_map_free(&map);
    vnr_buf_free(&out);
    free(text);
    return 0;
}
