/* bench_normalize.c - normalizer throughput, in process, for tests/bench.sh.
 *
 * usage: bench_normalize [-n RUNS] [-t SECONDS] FILE...
 * Each FILE is read into memory once and normalized whole with vnr_normalize() (the Northern
 * profile, the default lexicon of vnr_data_dir()) at least RUNS times and until SECONDS have
 * passed, the files in turn so that a busy moment hits them alike; the best run of each counts,
 * since on a shared machine noise only ever adds time.
 * Prints one line per file: "FILE BYTES BEST_SECONDS MB_PER_S" (MB = 10^6 bytes of input).
 * Exit 1 if anything fails, 2 on a usage error. Startup (lexicon loading) is not timed. */
#include "vnreader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The whole file in a malloc'd buffer; NULL (with a message) on failure. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    if (!fp) {
        perror(path);
        return NULL;
    }
    do {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 20;
            char *grown = realloc(data, cap);
            if (!grown) {
                free(data);
                fclose(fp);
                fprintf(stderr, "bench_normalize: %s: out of memory\n", path);
                return NULL;
            }
            data = grown;
        }
        got = fread(data + n, 1, cap - n, fp);
        n += got;
    } while (got > 0);
    fclose(fp);
    *len = n;
    return data;
}

/* Wall time of one vnr_normalize() over the text, or a negative value on failure. */
static double time_once(vnr_normalizer *norm, const char *text, size_t len)
{
    char *out = NULL;
    size_t out_len = 0;
    double t0 = now();
    vnr_status st = vnr_normalize(norm, text, len, &out, &out_len, NULL);
    double t = now() - t0;
    free(out);
    if (st != VNR_OK) {
        fprintf(stderr, "bench_normalize: %s\n", vnr_status_message(st));
        return -1;
    }
    return t;
}

/* Rounds over all the texts in turn, so that a busy moment of the machine hits them alike, at
 * least runs rounds and until min_seconds have passed; best[i] is text i's best time. */
static int time_rounds(vnr_normalizer *norm, char **texts, const size_t *lens, int n, int runs,
                       double min_seconds, double *best)
{
    double start = now();
    for (int r = 0; r < runs || now() - start < min_seconds; r++)
        for (int i = 0; i < n; i++) {
            double t = time_once(norm, texts[i], lens[i]);
            if (t < 0)
                return 1;
            if (r == 0 || t < best[i])
                best[i] = t;
        }
    return 0;
}

static int bench_files(vnr_normalizer *norm, char **paths, int n, int runs, double min_seconds)
{
    char **texts = calloc((size_t)n, sizeof *texts);
    size_t *lens = calloc((size_t)n, sizeof *lens);
    double *best = calloc((size_t)n, sizeof *best);
    int failed = !texts || !lens || !best;
    for (int i = 0; i < n && !failed; i++)
        failed = (texts[i] = slurp(paths[i], &lens[i])) == NULL;
    if (!failed)
        failed = time_rounds(norm, texts, lens, n, runs, min_seconds, best);
    for (int i = 0; i < n && !failed; i++)
        printf("%s %zu %.6f %.3f\n", paths[i], lens[i], best[i],
               best[i] > 0 ? (double)lens[i] / 1e6 / best[i] : 0.0);
    for (int i = 0; i < n && texts; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    free(best);
    return failed;
}

int main(int argc, char **argv)
{
    int runs = 5, first = 1, failed = 0;
    double min_seconds = 0;
    for (; first + 1 < argc && argv[first][0] == '-'; first += 2) {
        if (strcmp(argv[first], "-n") == 0)
            runs = atoi(argv[first + 1]);
        else if (strcmp(argv[first], "-t") == 0)
            min_seconds = atof(argv[first + 1]);
        else
            break;
    }
    if (first >= argc || runs < 1) {
        fprintf(stderr, "usage: bench_normalize [-n RUNS] [-t SECONDS] FILE...\n");
        return 2;
    }
    vnr_lexicon *lex = NULL;
    vnr_normalizer *norm = NULL;
    vnr_voice voice;
    vnr_diag diag = {{0}};
    vnr_voice_init(&voice);
    vnr_status st = vnr_lexicon_new(&lex, NULL);
    if (st == VNR_OK)
        st = vnr_lexicon_load_default(lex, vnr_data_dir(), &diag);
    if (st == VNR_OK)
        st = vnr_normalizer_new(lex, &voice.numbers, &norm, NULL);
    if (st != VNR_OK) {
        fprintf(stderr, "bench_normalize: %s%s%s\n", vnr_status_message(st),
                diag.text[0] ? ": " : "", diag.text);
        vnr_lexicon_free(lex);
        return 1;
    }
    failed = bench_files(norm, argv + first, argc - first, runs, min_seconds);
    vnr_normalizer_free(norm);
    vnr_lexicon_free(lex);
    return failed;
}
