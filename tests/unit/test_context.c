/* test_context.c - the context lists of voices/vi/context.tsv (a bad line names its file and
 * line) and the --explain output (each token, the rule that read it, the reading). */
#include "test.h"

#include "core/util.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

vnr_lexicon *shipped_lexicon(void)
{
    vnr_lexicon *lex = NULL;
    vnr_diag diag = {""};
    CHECK_INT(vnr_lexicon_new(&lex, &diag), VNR_OK);
    CHECK_INT(vnr_lexicon_load_default(lex, vnr_data_dir(), &diag), VNR_OK);
    return lex;
}

/* A voices folder in /tmp holding the real vi/ files, except context.tsv, which is `context`. */
char *voices_with_context(const char *context)
{
    static char dir[64];
    char path[512], src[512];
    snprintf(dir, sizeof dir, "/tmp/vnr-ctx-XXXXXX");
    if (!mkdtemp(dir))
        return NULL;
    snprintf(path, sizeof path, "%s/vi", dir);
    mkdir(path, 0700);
    snprintf(src, sizeof src, "%s/vi", vnr_data_dir());
    DIR *d = opendir(src);
    for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d)) {
        if (!strstr(e->d_name, ".tsv") || strcmp(e->d_name, "context.tsv") == 0)
            continue;
        char from[1024], to[1024];
        snprintf(from, sizeof from, "%s/%s", src, e->d_name);
        snprintf(to, sizeof to, "%s/vi/%s", dir, e->d_name);
        if (symlink(from, to) != 0)
            fprintf(stderr, "test_context: cannot link %s\n", to);
    }
    if (d)
        closedir(d);
    snprintf(path, sizeof path, "%s/vi/context.tsv", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(context, f);
        fclose(f);
    }
    return dir;
}

void remove_voices(const char *dir)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "test_context: cannot remove %s\n", dir);
}

void test_context_lists(void)
{
    struct {
        const char *data, *want;
    } cases[] = {
        {"day\tsáng\ndays\tchiều\n", "context.tsv:2: unknown list name"},
        {"# comment\n\nday sáng\n", "context.tsv:3: no tab"},
        {"day\t \n", "context.tsv:1: empty word"},
        {"day\tsáng\tchiều\n", "context.tsv:1: more than two columns"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *dir = voices_with_context(cases[i].data);
        vnr_lexicon *lex = NULL;
        vnr_diag diag = {""};
        vnr_lexicon_new(&lex, NULL);
        CHECK_INT(vnr_lexicon_load_default(lex, dir, &diag), VNR_ERR_PARSE);
        if (!strstr(diag.text, cases[i].want)) {
            fprintf(stderr, "test_context_lists: want '%s' in '%s'\n", cases[i].want, diag.text);
            vnr_test_failures++;
        }
        vnr_lexicon_free(lex);
        remove_voices(dir);
    }
    /* A list read from the file decides: without "kỷ niệm" in `day`, "1-5" is a range (a
     * falling "30-4" is a date by itself: no range falls). */
    char *dir = voices_with_context("day\tsáng\ndate_intro\tsáng\n");
    vnr_lexicon *lex = NULL;
    vnr_normalizer *norm = NULL;
    vnr_diag diag = {""};
    vnr_lexicon_new(&lex, NULL);
    CHECK_INT(vnr_lexicon_load_default(lex, dir, &diag), VNR_OK);
    vnr_normalizer_new(lex, NULL, &norm, NULL);
    char *out = NULL;
    size_t n;
    const char *text = "Kỷ niệm 1-5, sáng 14-9.";
    CHECK_INT(vnr_normalize(norm, text, strlen(text), &out, &n, NULL), VNR_OK);
    CHECK_STR(out, "Kỷ niệm một đến năm, sáng mười bốn tháng chín.");
    free(out);
    vnr_normalizer_free(norm);
    vnr_lexicon_free(lex);
    remove_voices(dir);
}

void test_explain(void)
{
    vnr_lexicon *lex = NULL;
    vnr_normalizer *norm = NULL;
    vnr_diag diag = {""};
    vnr_lexicon_new(&lex, NULL);
    CHECK_INT(vnr_lexicon_load_default(lex, vnr_data_dir(), &diag), VNR_OK);
    vnr_normalizer_new(lex, NULL, &norm, NULL);
    vnr_normalizer_set_explain(norm, 1);
    char *out = NULL;
    size_t n;
    const char *text = "Sáng 23/6, thắng 3-1.\nThế kỷ XXI";
    CHECK_INT(vnr_normalize(norm, text, strlen(text), &out, &n, NULL), VNR_OK);
    CHECK_STR(out, "# Sáng 23/6, thắng 3-1.\n"
                   "Sáng \u2192 word \u2192 Sáng\n"
                   "23/6 \u2192 date \u2192 hai mươi ba tháng sáu\n"
                   "thắng \u2192 word \u2192 thắng\n"
                   "3-1 \u2192 score \u2192 ba một\n"
                   "\n"
                   "# Thế kỷ XXI\n"
                   "Thế \u2192 word \u2192 Thế\n"
                   "kỷ \u2192 word \u2192 kỷ\n"
                   "XXI \u2192 roman \u2192 hai mươi mốt\n");
    free(out);
    vnr_normalizer_set_explain(norm, 0); /* and back to readings */
    CHECK_INT(vnr_normalize(norm, "23/6", 4, &out, &n, NULL), VNR_OK);
    CHECK_STR(out, "ngày hai mươi ba tháng sáu");
    free(out);
    vnr_normalizer_free(norm);
    vnr_lexicon_free(lex);
}
