/* test_symbols.c - the one symbol table (voices/vi/symbols.tsv): its loader, its file:line
 * errors, user overrides, and every reader of a symbol taking the same name from it. */
#include "core/util.h"
#include "test.h"

#include <stdlib.h>
#include <unistd.h>

static char *temp_file(const char *data)
{
    static char path[32];
    snprintf(path, sizeof path, "/tmp/vnr-sym-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, data, strlen(data)) != (ssize_t)strlen(data))
        fprintf(stderr, "test_symbols: cannot write %s\n", path);
    if (fd >= 0)
        close(fd);
    return path;
}

static char *normalize_with(vnr_lexicon *lex, const char *text, vnr_punctuation mode, int spell)
{
    vnr_numbers ns = {"nghìn", "linh", "tư"};
    vnr_normalizer *norm = NULL;
    char *out = NULL;
    size_t len;
    if (vnr_normalizer_new(lex, &ns, &norm, NULL) != VNR_OK)
        return NULL;
    vnr_normalizer_set_punctuation(norm, mode, NULL);
    vnr_normalizer_set_spell(norm, spell);
    if (vnr_normalize(norm, text, strlen(text), &out, &len, NULL) != VNR_OK)
        out = NULL;
    vnr_normalizer_free(norm);
    return out;
}

void test_symbol_table(void)
{
    vnr_lexicon *lex = NULL;
    vnr_diag diag = {""};
    vnr_lexicon_new(&lex, NULL);
    CHECK_INT(vnr_lexicon_load_default(lex, vnr_data_dir(), &diag), VNR_OK);
    CHECK_STR(vnr_lexicon_lookup(lex, VNR_LEX_SYMBOL, "$", 1), "đô la");
    CHECK_STR(vnr_lexicon_lookup(lex, VNR_LEX_SYMBOL, "#", 1), "dấu thăng"); /* U+0023 */
    CHECK_STR(vnr_lexicon_lookup(lex, VNR_LEX_SYMBOL, " ", 1), "dấu cách");  /* U+0020 */
    vnr_symbol sym;
    CHECK(vnr_lexicon_symbol(lex, '#', &sym));
    CHECK_STR(sym.alone, "số");
    CHECK_STR(sym.in_word, "");
    CHECK_INT(sym.level, VNR_PUNCT_SPELL_ONLY);
    CHECK(vnr_lexicon_symbol(lex, '@', &sym));
    CHECK_STR(sym.address, "a còng"); /* '=': the name */
    CHECK(vnr_lexicon_symbol(lex, '?', &sym));
    CHECK_INT(sym.level, VNR_PUNCT_SOME);
    CHECK(!vnr_lexicon_symbol(lex, 'a', &sym)); /* letters are letters.tsv's */
    /* Every printable ASCII character that is not a letter or digit has a name. */
    for (char c = 33; c < 127; c++)
        if (!(c >= '0' && c <= '9') && !((c | 32) >= 'a' && (c | 32) <= 'z') &&
            !vnr_lexicon_lookup(lex, VNR_LEX_SYMBOL, &c, 1)) {
            fprintf(stderr, "symbols.tsv: no name for '%c'\n", c);
            vnr_test_failures++;
        }
    /* The same name on every path: spelled, read as punctuation, in an address. */
    char *spelled = normalize_with(lex, "a@b", VNR_PUNCT_NONE, 1);
    char *address = normalize_with(lex, "a@b.vn", VNR_PUNCT_NONE, 0);
    char *marks = normalize_with(lex, "Ai?", VNR_PUNCT_SOME, 0);
    CHECK_STR(spelled, "a a còng bê");
    CHECK(address && strstr(address, "a còng") != NULL);
    CHECK_STR(marks, "Ai chấm hỏi?");
    free(spelled), free(address), free(marks);
    /* A user table overrides a name and adds a symbol; every path follows it. */
    const char *user = "# mine\n@\tở\tspell\t=\t=\t=\n\xc2\xa7\tđiều\n";
    char *path = temp_file(user);
    CHECK_INT(vnr_lexicon_load_file(lex, VNR_LEX_SYMBOL, path, &diag), VNR_OK);
    unlink(path);
    spelled = normalize_with(lex, "a@b \xc2\xa7", VNR_PUNCT_NONE, 1);
    address = normalize_with(lex, "a@b.vn", VNR_PUNCT_NONE, 0);
    CHECK_STR(spelled, "a ở bê, điều");
    CHECK(address && strstr(address, "a ở bê") != NULL);
    free(spelled), free(address);
    vnr_lexicon_free(lex);
}

void test_symbol_errors(void)
{
    struct {
        const char *data, *want;
    } cases[] = {
        {"$\tđô la\n!!\tchấm than\n", ":2: the symbol is not one character"},
        {"U+ZZ\tx\n", ":1: bad code point"},
        {"U+D800\tx\n", ":1: bad code point"},
        {"U+ 23\tx\n", ":1: bad code point"},
        {"$\n", ":1: no name"},
        {"$\t \n", ":1: no name"},
        {"$\tđô la\tsometimes\n", ":1: the punctuation column is not some, all or spell"},
        {"$\ta\tall\t-\t-\t-\tx\n", ":1: more than six columns"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = temp_file(cases[i].data);
        vnr_lexicon *lex;
        vnr_lexicon_new(&lex, NULL);
        vnr_diag diag = {""};
        CHECK_INT(vnr_lexicon_load_file(lex, VNR_LEX_SYMBOL, path, &diag), VNR_ERR_PARSE);
        CHECK(strncmp(diag.text, path, strlen(path)) == 0);
        if (!strstr(diag.text, cases[i].want)) {
            fprintf(stderr, "test_symbol_errors: want '%s' in '%s'\n", cases[i].want, diag.text);
            vnr_test_failures++;
        }
        vnr_lexicon_free(lex);
        unlink(path);
    }
}
