/* bench_meter.c - the cost of the loudness meter and the true-peak check, in process, for
 * tests/bench.sh.
 *
 * usage: bench_meter [-n RUNS] [-s SECONDS] [FILE]
 * The program - FILE (a sound file, its first channel, at its own rate: tests/bench.sh gives it
 * speech made by vnreader at 48 kHz) or else a made-up one at 48 kHz, SECONDS long (default 60:
 * bursts of noise and a buzz with its harmonics, silences between) - is fed block by block,
 * 4096 samples at a time as the produce worker does, to vnr_meter_add (with chunk records
 * written, as in the gain search) and to vnr_tp_peak (with the context the worker keeps between
 * blocks, at unit gain as the worker measures). The meter also runs on as much digital silence,
 * where its filters would decay into denormal numbers without their guard.
 * The reference, timed in the same run on the same buffer, is a plain copy of each block plus
 * its sum of squares: the least any pass over the samples costs. Best of RUNS (default 7) for
 * each, the measurements in turn, since on a shared machine noise only ever adds time.
 * Prints one line per measurement, "NAME NS_PER_SAMPLE RATIO_TO_REFERENCE": meter, true_peak,
 * silence, reference. Exit 1 if anything fails, 2 on a usage error. */
#include "produce/produce.h"

#include <sndfile.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define RATE 48000 /* of the made-up program */
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

static double time_meter(int rate, const float *x, size_t n, FILE *chunks)
{
    vnr_meter *m = NULL;
    if (vnr_meter_new(rate, &m) != VNR_OK)
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
    return total >= 0 ? t : -1;
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
    fprintf(stderr, "usage: bench_meter [-n RUNS] [-s SECONDS] [FILE]\n");
    return 2;
}

/* The first channel of a sound file, as floats; NULL (with a message) on failure. */
static float *read_program(const char *path, size_t *n, int *rate)
{
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf) {
        fprintf(stderr, "bench_meter: %s: %s\n", path, sf_strerror(NULL));
        return NULL;
    }
    size_t frames = (size_t)info.frames, ch = (size_t)info.channels;
    float *all = malloc(frames * ch * sizeof *all);
    if (!all || sf_readf_float(sf, all, info.frames) != info.frames) {
        fprintf(stderr, "bench_meter: %s: cannot read\n", path);
        free(all);
        sf_close(sf);
        return NULL;
    }
    sf_close(sf);
    for (size_t i = 0; i < frames; i++)
        all[i] = all[i * ch];
    *n = frames;
    *rate = info.samplerate;
    return all;
}

int main(int argc, char **argv)
{
    int runs = 7, rate = RATE;
    double seconds = 60;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else
            return usage();
    }
    if (runs < 1 || seconds < 1)
        return usage();
    size_t n = (size_t)(seconds * RATE);
    float *x = path ? read_program(path, &n, &rate) : malloc(n * sizeof *x);
    float *quiet = calloc(n, sizeof *quiet);
    sink *s = malloc(sizeof *s);
    FILE *chunks = tmpfile();
    if (!x || !quiet || !s || !chunks || n < BLOCK) {
        fprintf(stderr, "bench_meter: out of memory, no temporary file or a short program\n");
        return 1;
    }
    if (!path)
        make_program(x, n);
    enum { METER, TRUE_PEAK, SILENCE, REFERENCE, N_TIMES };
    double best[N_TIMES] = {HUGE_VAL, HUGE_VAL, HUGE_VAL, HUGE_VAL};
    for (int r = 0; r < runs; r++) {
        double t[N_TIMES] = {time_meter(rate, x, n, chunks), time_true_peak(x, n, s),
                             time_meter(rate, quiet, n, chunks), time_reference(x, n, s)};
        for (int k = 0; k < N_TIMES; k++) {
            if (t[k] < 0) {
                fprintf(stderr, "bench_meter: a measurement failed\n");
                return 1;
            }
            best[k] = t[k] < best[k] ? t[k] : best[k];
        }
    }
    const char *names[N_TIMES] = {"meter", "true_peak", "silence", "reference"};
    for (int k = 0; k < N_TIMES; k++)
        printf("%s %.3f %.2f\n", names[k], best[k] * 1e9 / (double)n, best[k] / best[REFERENCE]);
    fclose(chunks);
    free(s);
    free(quiet);
    free(x);
    return 0;
}
