/* golden.c - the golden TSV runner: "input<TAB>expected" lines per category under tests/golden/.
 * "#@profile south" and "#@mode exact" switch the rest of a file; "words" mode (the default)
 * compares the spoken words: case, punctuation and symbols ignored, as the scorer does.
 * Reading options, also for the rest of a file: "#@punctuation none|some|all", "#@spell on|off",
 * "#@capitals on|off" (each file starts with the defaults). Any other "#@" line fails the file. */
#include "test.h"

#include "core/util.h"
#include "normalize/numbers.h"

#include <dirent.h>
#include <stdlib.h>
#include <utf8proc.h>

/* Lowercase, punctuation and symbols to spaces, single spaces. */
static char *words_of(const char *s)
{
    vnr_buf low, out;
    vnr_buf_init(&low);
    vnr_buf_init(&out);
    vnr_lower_append(&low, s, strlen(s));
    bool space = true;
    for (size_t i = 0; i < low.len;) {
        int32_t cp;
        size_t k = vnr_utf8_decode(low.data + i, low.len - i, &cp);
        if (!k)
            k = 1, cp = ' ';
        utf8proc_category_t cat = utf8proc_category(cp);
        bool sep = cp == ' ' || cp == '\t' ||
                   (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_SO) ||
                   (cat >= UTF8PROC_CATEGORY_ZS && cat <= UTF8PROC_CATEGORY_ZP);
        if (sep) {
            if (!space)
                vnr_buf_putc(&out, ' ');
            space = true;
        } else {
            vnr_buf_append(&out, low.data + i, k);
            space = false;
        }
        i += k;
    }
    if (out.len && out.data[out.len - 1] == ' ')
        out.data[--out.len] = '\0';
    vnr_buf_free(&low);
    char *r = vnr_buf_take(&out, NULL);
    return r;
}

/* Which rule read what, for a failed line: the --explain lines of the input, leaving out the
 * plain words that were read as written ("Sáng → word → Sáng"). */
static void print_rules(vnr_normalizer *norm, const char *input)
{
    char *text = NULL;
    size_t n;
    vnr_normalizer_set_explain(norm, 1);
    vnr_status st = vnr_normalize(norm, input, strlen(input), &text, &n, NULL);
    vnr_normalizer_set_explain(norm, 0);
    if (st != VNR_OK)
        return;
    for (char *l = text, *end; l && *l; l = end ? end + 1 : NULL) {
        end = strchr(l, '\n');
        if (end)
            *end = '\0';
        const char *arrow = strstr(l, " \u2192 word \u2192 ");
        bool plain = arrow && strcmp(arrow + strlen(" \u2192 word \u2192 "), "") != 0 &&
                     strncmp(l, arrow + strlen(" \u2192 word \u2192 "), (size_t)(arrow - l)) == 0;
        if (*l && l[0] != '#' && !plain)
            fprintf(stderr, "   rule: %s\n", l);
    }
    free(text);
}

typedef struct {
    vnr_lexicon *lex;
    vnr_normalizer *north, *south;
} golden_env;

static int run_case(golden_env *env, const char *path, long line, const char *input,
                    const char *want, bool south, bool exact)
{
    char *got = NULL;
    size_t n;
    vnr_normalizer *norm = south ? env->south : env->north;
    if (vnr_normalize(norm, input, strlen(input), &got, &n, NULL) != VNR_OK) {
        fprintf(stderr, "%s:%ld: normalize failed: %s\n", path, line, input);
        return 1;
    }
    char *a = exact ? NULL : words_of(got), *b = exact ? NULL : words_of(want);
    int bad = exact ? strcmp(got, want) != 0 : strcmp(a, b) != 0;
    for (const char *p = got; !bad && *p; p++)
        bad = *p >= '0' && *p <= '9'; /* a digit must never reach eSpeak NG */
    if (bad) {
        fprintf(stderr, "%s:%ld: %s\n   want: %s\n   got:  %s\n", path, line, input, want, got);
        print_rules(norm, input);
    }
    free(a), free(b), free(got);
    return bad;
}

/* The reading options of a file, on both normalizers, back to the defaults. */
static void reset_reading(golden_env *env)
{
    vnr_normalizer *both[] = {env->north, env->south};
    for (size_t i = 0; i < 2; i++) {
        vnr_normalizer_set_punctuation(both[i], VNR_PUNCT_NONE, NULL);
        vnr_normalizer_set_spell(both[i], 0);
        vnr_normalizer_set_capitals(both[i], 0);
    }
}

/* The index of value in the space-separated list of choices, -1 if it is not one of them. */
static int choice(const char *value, const char *choices)
{
    int index = 0;
    for (const char *c = choices; *c; index++) {
        size_t n = strcspn(c, " ");
        if (strlen(value) == n && strncmp(value, c, n) == 0)
            return index;
        c += n + (c[n] == ' ');
    }
    return -1;
}

/* One "#@name value" line. A misspelt name or value ("#@profile sout") is an error, not a
 * comment: the cases after it would silently run under the wrong settings. */
static bool directive(golden_env *env, const char *line, bool *south, bool *exact)
{
    static const struct {
        const char *name, *values;
    } known[] = {{"profile", "north south"},
                 {"mode", "words exact"},
                 {"punctuation", "none some all"},
                 {"spell", "off on"},
                 {"capitals", "off on"}};
    const char *space = strchr(line, ' ');
    for (size_t k = 0; space && k < sizeof known / sizeof known[0]; k++) {
        size_t n = strlen(known[k].name);
        if ((size_t)(space - line - 2) != n || strncmp(line + 2, known[k].name, n) != 0)
            continue;
        int v = choice(space + 1, known[k].values);
        if (v < 0)
            return false;
        vnr_normalizer *both[] = {env->north, env->south};
        for (size_t i = 0; i < 2; i++) {
            if (k == 2)
                vnr_normalizer_set_punctuation(both[i], (vnr_punctuation)v, NULL);
            else if (k == 3)
                vnr_normalizer_set_spell(both[i], v);
            else if (k == 4)
                vnr_normalizer_set_capitals(both[i], v);
        }
        if (k == 0)
            *south = v == 1;
        else if (k == 1)
            *exact = v == 1;
        return true;
    }
    return false;
}

static int run_file(golden_env *env, const char *path, int *cases)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "%s: cannot open\n", path);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    long no = 0;
    int fails = 0;
    bool south = false, exact = false;
    reset_reading(env);
    while (getline(&line, &cap, fp) > 0) {
        no++;
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "#@", 2) == 0 && !directive(env, line, &south, &exact)) {
            fprintf(stderr, "%s:%ld: unknown golden directive '%s'\n", path, no, line);
            fails++;
        }
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab) {
            fprintf(stderr, "%s:%ld: no tab in golden line\n", path, no);
            fails++;
            continue;
        }
        *tab = '\0';
        fails += run_case(env, path, no, line, tab + 1, south, exact);
        (*cases)++;
    }
    free(line);
    fclose(fp);
    reset_reading(env);
    return fails;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int vnr_run_golden_dir(const char *dir)
{
    golden_env env = {0};
    vnr_diag diag = {""};
    if (vnr_lexicon_new(&env.lex, NULL) != VNR_OK ||
        vnr_lexicon_load_default(env.lex, vnr_data_dir(), &diag) != VNR_OK) {
        fprintf(stderr, "golden: lexicon: %s\n", diag.text);
        vnr_lexicon_free(env.lex);
        return 1;
    }
    vnr_normalizer_new(env.lex, &vnr_numbers_north, &env.north, NULL);
    vnr_normalizer_new(env.lex, &vnr_numbers_south, &env.south, NULL);
    DIR *d = opendir(dir);
    char *names[256];
    size_t count = 0;
    for (struct dirent *e; d && (e = readdir(d)) && count < 256;) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".tsv") == 0)
            names[count++] = strdup(e->d_name);
    }
    if (d)
        closedir(d);
    qsort(names, count, sizeof names[0], by_name);
    int fails = 0, cases = 0;
    for (size_t i = 0; i < count; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        int before = cases, f = run_file(&env, path, &cases);
        printf("golden %-28s %4d cases, %d failed\n", names[i], cases - before, f);
        fails += f;
        free(names[i]);
    }
    if (count == 0) {
        fprintf(stderr, "golden: no .tsv files in %s\n", dir);
        fails++;
    }
    vnr_normalizer_free(env.north);
    vnr_normalizer_free(env.south);
    vnr_lexicon_free(env.lex);
    return fails;
}
