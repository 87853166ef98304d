/* bench_meter.c - the cost of the loudness meter and the true-peak check, in process, for
 * tests/bench.sh.
 *
 * usage: bench_meter [-n RUNS] [-s SECONDS]
 * A 48 kHz test program (SECONDS long, default 60: speech-like bursts of noise and tones at the
 * level --preset broadcast measures them, with silences between) is fed block by block, 4096
 * samples at a time as the produce worker does, to vnr_meter_add (with chunk records written,
 * as in the gain search) and to vnr_tp_peak (with the context the worker keeps between blocks).
 * The reference, timed in the same run on the same buffer, is a plain copy of each block plus
 * its sum of squares: the least any pass over the samples costs. Best of RUNS (default 7) for
 * each, since on a shared machine noise only ever adds time.
 * Prints one line per measurement: "NAME NS_PER_SAMPLE RATIO_TO_REFERENCE", then
 * "reference NS_PER_SAMPLE 1". Exit 1 if anything fails, 2 on a usage error. */
#include "produce/produce.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define RATE 48000
#define BLOCK 4096

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Deterministic noise in -1..1 (a 32-bit LCG: the same program every run). */
static float noise(unsigned *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return (float)((double)(*seed >> 8) / 8388608.0 - 1.0);
}

/* Something like read speech at -23 LUFS: 300 ms "syllables" of noise and a 150 Hz buzz with
 * its harmonics, 100 ms gaps, a 600 ms pause every two seconds (real silence: where the
 * meter's filters would decay into denormal numbers without their guard). */
static void make_program(float *x, size_t n)
{
    unsigned seed = 12345;
    for (size_t i = 0; i < n; i++) {
        size_t in_phrase = i % (2 * RATE + 6 * RATE / 10), in_syll = i % (4 * RATE / 10);
        if (in_phrase >= 2 * RATE || in_syll >= 3 * RATE / 10) {
            x[i] = 0;
            continue;
        }
        double t = (double)i / RATE, buzz = 0;
        for (int h = 1; h <= 8; h++)
            buzz += sin(2 * M_PI * 150 * h * t) / h;
        x[i] = (float)(0.05 * buzz + 0.03 * noise(&seed));
    }
}

typedef struct sink {
    float ctx[2 * TP_CONTEXT + BLOCK]; /* true-peak context, as produce.c's tracker keeps it */
    float peak;
    double sum;
    float copy[BLOCK];
} sink;

static double time_meter(const float *x, size_t n, FILE *chunks)
{
    vnr_meter *m = NULL;
    if (vnr_meter_new(RATE, &m) != VNR_OK)
        return -1;
    vnr_meter_record_chunks(m, chunks);
    rewind(chunks);
    double t0 = now();
    for (size_t i = 0; i < n; i += BLOCK)
        if (vnr_meter_add(m, x + i, n - i < BLOCK ? n - i : BLOCK) != VNR_OK)
            return -1;
    double t = now() - t0;
    size_t len;
    double *e = vnr_meter_energies(m);
    double total = 0;
    for (size_t b = 0; b < vnr_meter_blocks(m, &len); b++)
        total += e[b];
    vnr_meter_free(m);
    return total > 0 ? t : -1;
}

/* Block by block with TP_CONTEXT samples kept between blocks, like produce.c's tracker. */
static double time_true_peak(const float *x, size_t n, sink *s)
{
    memset(s->ctx, 0, sizeof s->ctx);
    s->peak = 0;
    double t0 = now();
    for (size_t i = 0; i + BLOCK <= n; i += BLOCK) {
        memcpy(s->ctx + 2 * TP_CONTEXT, x + i, BLOCK * sizeof *x);
        s->peak = vnr_tp_peak(s->ctx + TP_CONTEXT, BLOCK, s->peak);
        memmove(s->ctx, s->ctx + BLOCK, 2 * TP_CONTEXT * sizeof *s->ctx);
    }
    double t = now() - t0;
    return s->peak > 0 ? t : -1;
}

/* The reference: copy each block and sum its squares (what any pass over the samples costs). */
static double time_reference(const float *x, size_t n, sink *s)
{
    double t0 = now();
    double sum = 0;
    for (size_t i = 0; i < n; i += BLOCK) {
        size_t len = n - i < BLOCK ? n - i : BLOCK;
        memcpy(s->copy, x + i, len * sizeof *x);
        for (size_t j = 0; j < len; j++)
            sum += (double)s->copy[j] * s->copy[j];
    }
    double t = now() - t0;
    s->sum = sum;
    return sum > 0 ? t : -1;
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_meter [-n RUNS] [-s SECONDS]\n");
    return 2;
}

int main(int argc, char **argv)
{
    int runs = 7;
    double seconds = 60;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            seconds = atof(argv[++i]);
        else
            return usage();
    }
    if (runs < 1 || seconds < 1)
        return usage();
    size_t n = (size_t)(seconds * RATE);
    float *x = malloc(n * sizeof *x);
    sink *s = malloc(sizeof *s);
    FILE *chunks = tmpfile();
    if (!x || !s || !chunks) {
        fprintf(stderr, "bench_meter: out of memory or no temporary file\n");
        return 1;
    }
    make_program(x, n);
    double best[3] = {HUGE_VAL, HUGE_VAL, HUGE_VAL};
    for (int r = 0; r < runs; r++) {
        double t[3] = {time_meter(x, n, chunks), time_true_peak(x, n, s), time_reference(x, n, s)};
        for (int k = 0; k < 3; k++) {
            if (t[k] < 0) {
                fprintf(stderr, "bench_meter: a measurement failed\n");
                return 1;
            }
            best[k] = t[k] < best[k] ? t[k] : best[k];
        }
    }
    const char *names[3] = {"meter", "true_peak", "reference"};
    for (int k = 0; k < 3; k++)
        printf("%s %.3f %.2f\n", names[k], best[k] * 1e9 / (double)n, best[k] / best[2]);
    fclose(chunks);
    free(s);
    free(x);
    return 0;
}
