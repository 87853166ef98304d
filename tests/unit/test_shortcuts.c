/* test_shortcuts.c - the normalizer's fast paths give the answers of the slow ones: the inline
 * UTF-8 decoder agrees with vnr_utf8_decode on every sequence of up to three bytes, the lexicon's
 * key filter never hides a key of the shipped files, and a context list's phrase length is the
 * longest entry of that list. (How fast they are is `make bench`'s business, not a test's.) */
#include "test.h"

#include "core/util.h"
#include "normalize/context.h"

#include <stdlib.h>

/* Every byte string of length 1, 2 and 3, each cut to every shorter length. */
void test_utf8_next_agrees(void)
{
    unsigned long disagree = 0;
    for (unsigned b0 = 0; b0 < 256; b0++)
        for (unsigned b1 = 0; b1 < 256; b1++)
            for (unsigned b2 = 0; b2 < 256; b2++) {
                const char s[3] = {(char)b0, (char)b1, (char)b2};
                for (size_t n = (b1 || b2) ? 2 : 1; n <= 3; n++) {
                    int32_t fast = -7, slow = -7; /* left alone on an invalid sequence */
                    size_t kf = vnr_utf8_next(s, n, &fast), ks = vnr_utf8_decode(s, n, &slow);
                    disagree += kf != ks || fast != slow;
                }
            }
    CHECK_INT(disagree, 0);
    int32_t cp = 0;
    CHECK_INT(vnr_utf8_next("\xe1\xbb\x87", 3, &cp), 3); /* ệ */
    CHECK_INT(cp, 0x1EC7);
    CHECK_INT(vnr_utf8_next("\xc4\x91", 2, &cp), 2); /* đ */
    CHECK_INT(cp, 0x111);
}

/* The key column of each line of a shipped file: the bytes before the first tab. */
static size_t for_each_key(const char *file, void (*fn)(const char *key, size_t n, void *arg),
                           void *arg)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/vi/%s", vnr_data_dir(), file);
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0, keys = 0;
    ssize_t len;
    CHECK(f != NULL);
    while (f && (len = getline(&line, &cap, f)) > 0) {
        char *tab = memchr(line, '\t', (size_t)len);
        if (line[0] == '#' || !tab || tab == line)
            continue;
        fn(line, (size_t)(tab - line), arg);
        keys++;
    }
    free(line);
    if (f)
        fclose(f);
    return keys;
}

struct kind_check {
    const vnr_lexicon *lex;
    vnr_lexicon_kind kind;
    const char *file;
};

static void key_is_found(const char *key, size_t n, void *arg)
{
    const struct kind_check *k = arg;
    if (!vnr_lexicon_lookup(k->lex, k->kind, key, n)) {
        fprintf(stderr, "test_lexicon_filter: %s: '%.*s' not found\n", k->file, (int)n, key);
        vnr_test_failures++;
    }
}

/* The list word (second column) of a context.tsv line; key is its list name. */
static void list_word_is_found(const char *key, size_t n, void *arg)
{
    const vnr_lexicon *lex = arg;
    const char *word = key + n + 1;
    size_t wn = strcspn(word, "\t\r\n");
    while (wn && word[wn - 1] == ' ')
        wn--;
    char low[256];
    size_t ln = vnr_lower_to(low, sizeof low, word, wn);
    vnr_list list = vnr_list_from_name(key, n);
    size_t words = 1;
    for (size_t i = 0; i < wn; i++)
        words += word[i] == ' ';
    if (ln == (size_t)-1 || list == VNR_LIST_COUNT ||
        !((vnr_lexicon_lists(lex, low, ln) >> list) & 1) ||
        vnr_lexicon_list_words(lex, list) < words) {
        fprintf(stderr, "test_lexicon_filter: context.tsv: '%.*s' not found in %.*s\n", (int)wn,
                word, (int)n, key);
        vnr_test_failures++;
    }
}

void test_lexicon_filter(void)
{
    static const struct {
        const char *file;
        vnr_lexicon_kind kind;
    } files[] = {
        {"abbreviations.tsv", VNR_LEX_ABBREVIATION},
        {"units.tsv", VNR_LEX_UNIT},
        {"currencies.tsv", VNR_LEX_CURRENCY},
        {"loanwords.tsv", VNR_LEX_LOANWORD},
        {"letters.tsv", VNR_LEX_LETTER},
        {"keys.tsv", VNR_LEX_KEY},
    };
    vnr_lexicon *lex = shipped_lexicon();
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        struct kind_check k = {lex, files[i].kind, files[i].file};
        CHECK(for_each_key(files[i].file, key_is_found, &k) > 0);
    }
    CHECK(for_each_key("context.tsv", list_word_is_found, lex) > 0);
    /* and a miss stays a miss: ordinary words are in no table */
    CHECK(vnr_lexicon_lookup(lex, VNR_LEX_ABBREVIATION, "những", strlen("những")) == NULL);
    CHECK(vnr_lexicon_lookup(lex, VNR_LEX_LOANWORD, "nghị", strlen("nghị")) == NULL);
    CHECK_INT(vnr_lexicon_lists(lex, "xyzzy", 5), 0);
    vnr_lexicon_free(lex);
}

void test_list_words(void)
{
    char *dir = voices_with_context("day\tsáng\ndocument\tthông tư liên tịch\n"
                                    "document\tnghị định\nspell_after\tchỉ số\n");
    vnr_lexicon *lex = NULL;
    vnr_diag diag = {""};
    vnr_lexicon_new(&lex, NULL);
    CHECK_INT(vnr_lexicon_load_default(lex, dir, &diag), VNR_OK);
    CHECK_INT(vnr_lexicon_list_words(lex, VNR_LIST_DAY), 1);
    CHECK_INT(vnr_lexicon_list_words(lex, VNR_LIST_DOCUMENT), 4);
    CHECK_INT(vnr_lexicon_list_words(lex, VNR_LIST_SPELL_AFTER), 2);
    CHECK_INT(vnr_lexicon_list_words(lex, VNR_LIST_INITIALS), 0);
    CHECK_INT(vnr_lexicon_list_max_words(lex), 4);
    vnr_lexicon_free(lex);
    remove_voices(dir);
    CHECK_INT(vnr_lexicon_list_words(NULL, VNR_LIST_DAY), 0);
}
