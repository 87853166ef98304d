/* bench_normalize.c - normalizer throughput, in process, for tests/bench.sh.
 *
 * usage: bench_normalize [-n RUNS] [-t SECONDS] FILE...
 * Each FILE is read into memory once and normalized whole with vnr_normalize() (the Northern
 * profile, the default lexicon of vnr_data_dir()) at least RUNS times and until SECONDS have
 * passed; the best run counts, since on a shared machine noise only ever adds time.
 * Prints one line per file: "FILE BYTES BEST_SECONDS MB_PER_S" (MB = 10^6 bytes of input).
 * Exit 1 if anything fails, 2 on a usage error. Startup (lexicon loading) is not timed. */
#include "../../src/vnreader.h"

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

/* Best wall time of one vnr_normalize() over the text, or a negative value on failure. */
static double best_time(vnr_normalizer *norm, const char *text, size_t len, int runs,
                        double min_seconds)
{
    double best = -1, start = now();
    for (int i = 0; i < runs || now() - start < min_seconds; i++) {
        char *out = NULL;
        size_t out_len = 0;
        double t0 = now();
        vnr_status st = vnr_normalize(norm, text, len, &out, &out_len);
        double t = now() - t0;
        free(out);
        if (st != VNR_OK) {
            fprintf(stderr, "bench_normalize: %s\n", vnr_status_message(st));
            return -1;
        }
        if (best < 0 || t < best)
            best = t;
    }
    return best;
}

static int bench_file(vnr_normalizer *norm, const char *path, int runs, double min_seconds)
{
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text)
        return 1;
    double t = best_time(norm, text, len, runs, min_seconds);
    free(text);
    if (t < 0)
        return 1;
    printf("%s %zu %.6f %.3f\n", path, len, t, t > 0 ? (double)len / 1e6 / t : 0.0);
    fflush(stdout);
    return 0;
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
    vnr_voice_default(&voice);
    vnr_status st = vnr_lexicon_new(&lex);
    if (st == VNR_OK)
        st = vnr_lexicon_load_default(lex, vnr_data_dir(), &diag);
    if (st == VNR_OK)
        st = vnr_normalizer_new(lex, &voice.numbers, &norm);
    if (st != VNR_OK) {
        fprintf(stderr, "bench_normalize: %s%s%s\n", vnr_status_message(st),
                diag.text[0] ? ": " : "", diag.text);
        vnr_lexicon_free(lex);
        return 1;
    }
    for (int i = first; i < argc; i++)
        failed |= bench_file(norm, argv[i], runs, min_seconds);
    vnr_normalizer_free(norm);
    vnr_lexicon_free(lex);
    return failed;
}
