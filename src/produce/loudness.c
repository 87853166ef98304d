/* loudness.c - loudness as EBU R128 measures it (ITU-R BS.1770-4: K-weighting, gated integrated
 * loudness; EBU Tech 3342 loudness range), true peak by 4x oversampling only where it can reach
 * a threshold, and a look-ahead limiter that keeps true peaks under a ceiling.
 *
 * Why our own meter rather than libebur128 (which the tests use as the independent judge):
 * libebur128's true-peak mode oversamples every sample, which cost fifteen times the synthesis
 * itself; and normalizing under a limiter needs what libebur128 does not expose, the energy of
 * each 100 ms block, so that "what would the loudness be if these few seconds around the peaks
 * were limited" is answered by re-measuring those seconds, not the whole program.
 *
 * True peak: a polyphase interpolator (a windowed sinc, TP_TAPS taps per phase) gives the three
 * values between two samples. The sum of the absolute taps of a phase, B, bounds what it can
 * make: a stretch whose sample peak times B stays under the threshold cannot have a true peak
 * over it and is not oversampled. Speech at -23 LUFS peaks some 4 dB under the ceiling, so
 * almost nothing is.
 *
 * The limiter's gain must be at or under ceiling/|x| at every sample x (|x| its true peak when
 * its neighbourhood is hot). For each sample we take the smallest such "required gain" over the
 * next L samples (a sliding minimum, L = 5 ms), let it recover slowly (80 ms release), then
 * average it over L + 1 samples: the average around a peak only covers values at or under the
 * peak's own requirement, so the peak is met exactly, and the gain falls over 5 ms instead of
 * jumping (a jump is a click, and new peaks between samples). The output is taken late and the
 * lateness removed, so it lines up with the input sample for sample. */
#include "produce/produce.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE__
#include <xmmintrin.h>
#endif

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define LOOKAHEAD_S 0.005
#define RELEASE_S 0.080

/* --- True peak. --------------------------------------------------------------------------------
 */

#define TP_PHASES 4
#define TP_TAPS 12 /* per phase: 48 in all */
#define TP_HALF (TP_TAPS / 2)
#if TP_HALF != TP_CONTEXT
#error TP_CONTEXT must be TP_TAPS / 2
#endif
#define TP_GROUP 32 /* samples judged hot or cold together */
#define MAX_CHUNK 32

typedef struct tp_filter {
    float h[TP_PHASES]
           [TP_TAPS]; /* phase p: the value at j + p/4 from x[j - HALF + 1 .. j + HALF] */
    float bound;      /* B: the largest sum of |h| over a phase (>= 1) */
} tp_filter;

static tp_filter tp;
static int tp_ready;

/* A Blackman-windowed sinc, cut at the original Nyquist frequency, made once. */
static void tp_init(void)
{
    if (tp_ready)
        return;
    float bound = 1;
    for (int p = 0; p < TP_PHASES; p++) {
        float sum = 0;
        for (int k = 0; k < TP_TAPS; k++) {
            double t = (double)(k - TP_HALF + 1) - (double)p / TP_PHASES; /* in samples */
            double s = t == 0 ? 1 : sin(M_PI * t) / (M_PI * t);
            double w = (t + TP_HALF) / TP_TAPS; /* 0..1 across the window */
            double win = 0.42 - 0.5 * cos(2 * M_PI * w) + 0.08 * cos(4 * M_PI * w);
            tp.h[p][k] = (float)(s * win);
            sum += fabsf(tp.h[p][k]);
        }
        bound = sum > bound ? sum : bound;
    }
    tp.bound = bound;
    tp_ready = 1;
}

float vnr_tp_bound(void)
{
    tp_init();
    return tp.bound;
}

/* Four floats side by side: SSE on amd64 (every CPU has it), plain code elsewhere. */
typedef float v4sf __attribute__((vector_size(16)));
typedef int32_t v4si __attribute__((vector_size(16)));

static v4sf load4(const float *x)
{
    v4sf v;
    memcpy(&v, x, sizeof v);
    return v;
}

static v4sf abs4(v4sf v)
{
    const v4si magnitude = {INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX};
    return (v4sf)((v4si)v & magnitude);
}

/* a > b ? a : b in each lane, as the scalar code compares: SSE's maxps is exactly that. */
#ifdef __SSE__
static v4sf max4(v4sf a, v4sf b)
{
    return _mm_max_ps(a, b);
}
#else
static v4sf max4(v4sf a, v4sf b)
{
    v4si more = a > b;
    return (v4sf)(((v4si)a & more) | ((v4si)b & ~more));
}
#endif

static float lanes_max(v4sf v, float m)
{
    for (int l = 0; l < 4; l++)
        m = v[l] > m ? v[l] : m;
    return m;
}

/* The largest |value| between x[j + l] and x[j + l + 1] (phases 1..3) in lane l; x valid from
 * j - HALF + 1 to j + 3 + HALF. Four samples side by side, each summed in the same order as one
 * at a time (the same float results), where one at a time waited on every add in turn. */
static v4sf between4(const float *x, size_t j)
{
    v4sf most = {0, 0, 0, 0};
    const float *w = x + j - TP_HALF + 1;
    for (int p = 1; p < TP_PHASES; p++) {
        v4sf y = {0, 0, 0, 0};
        for (int k = 0; k < TP_TAPS; k++)
            y += tp.h[p][k] * load4(w + k);
        most = max4(abs4(y), most);
    }
    return most;
}

/* The largest |value| between x[j] and x[j + 1] (phases 1..3); x valid from j - HALF + 1 to
 * j + HALF. */
static float between(const float *x, size_t j)
{
    float most = 0;
    const float *w = x + j - TP_HALF + 1;
    for (int p = 1; p < TP_PHASES; p++) {
        float y = 0;
        for (int k = 0; k < TP_TAPS; k++)
            y += tp.h[p][k] * w[k];
        y = fabsf(y);
        most = y > most ? y : most;
    }
    return most;
}

/* The largest |x[i]| of n >= 4 in each lane: four at a time, the last four overlapping the ones
 * before when n is not a multiple of four (a maximum may see a sample twice). Two running
 * maxima of four lanes, where one compare at a time would wait on the one before. */
static v4sf abs_max4(const float *x, size_t n)
{
    v4sf m0 = abs4(load4(x + n - 4)), m1 = m0;
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
        m0 = max4(abs4(load4(x + i)), m0);
        m1 = max4(abs4(load4(x + i + 4)), m1);
    }
    if (i + 4 < n)
        m0 = max4(abs4(load4(x + i)), m0);
    return max4(m1, m0);
}

/* The largest |x[i]|. */
static float abs_max(const float *x, size_t n)
{
    if (n >= 4)
        return lanes_max(abs_max4(x, n), 0);
    float m = 0;
    for (size_t i = 0; i < n; i++) {
        float a = fabsf(x[i]);
        m = a > m ? a : m;
    }
    return m;
}

/* The group's true-peak values (the largest of |x[j]| and the values after it) into mag. */
static void group_magnitudes(const float *x, size_t g, size_t end, float *mag)
{
    size_t j = g;
    for (; j + 4 <= end; j += 4) {
        v4sf b = between4(x, j);
        for (int l = 0; l < 4; l++)
            mag[j + l] = b[l] > mag[j + l] ? b[l] : mag[j + l];
    }
    for (; j < end; j++) {
        float b = between(x, j);
        mag[j] = b > mag[j] ? b : mag[j];
    }
}

/* The largest value between the group's samples and the next (at least most). */
static float group_peak(const float *x, size_t g, size_t end, float most)
{
    size_t j = g;
    for (; j + 4 <= end; j += 4)
        most = lanes_max(between4(x, j), most);
    for (; j < end; j++) {
        float b = between(x, j);
        most = b > most ? b : most;
    }
    return most;
}

/* The sample peak of x[g .. end-1] in *own, and of it with the TP_HALF samples either side (what
 * its interpolations read) as the result. */
static float group_around(const float *x, size_t g, size_t end, float *own)
{
    if (end - g < 4) {
        *own = abs_max(x + g, end - g);
        return abs_max(x + g - TP_HALF, end - g + 2 * TP_HALF);
    }
    v4sf m = abs_max4(x + g, end - g);
    *own = lanes_max(m, 0);
    m = max4(abs_max4(x + g - TP_HALF, TP_HALF), m);
    return lanes_max(max4(abs_max4(x + end, TP_HALF), m), 0);
}

void vnr_tp_magnitudes(const float *x, size_t n, float threshold, float *mag)
{
    tp_init();
    for (size_t g = 0; g < n; g += TP_GROUP) {
        size_t end = g + TP_GROUP < n ? g + TP_GROUP : n;
        float own, around = group_around(x, g, end, &own);
        for (size_t j = g; j < end; j++)
            mag[j] = fabsf(x[j]);
        if (around * tp.bound <= threshold)
            continue; /* nothing here can reach the threshold */
        group_magnitudes(x, g, end, mag);
    }
}

float vnr_tp_peak(const float *x, size_t n, float floor)
{
    tp_init();
    float most = floor;
    for (size_t g = 0; g < n; g += TP_GROUP) {
        size_t end = g + TP_GROUP < n ? g + TP_GROUP : n;
        float own, around = group_around(x, g, end, &own);
        most = own > most ? own : most;
        if (around * tp.bound <= most)
            continue;
        most = group_peak(x, g, end, most);
    }
    return most;
}

/* --- K-weighting and the block energies. -------------------------------------------------------
 */

/* A biquad, transposed direct form II, in double: the 38 Hz high-pass has poles next to 1. */
typedef struct biquad {
    double b0, b1, b2, a1, a2, z1, z2;
} biquad;

/* BS.1770's two stages from their analog definitions, for any sample rate: a high shelf
 * (+4 dB above ~1.7 kHz, the head's effect) and the RLB high-pass at 38 Hz. */
static void k_weighting(int rate, biquad *shelf, biquad *hp)
{
    double f0 = 1681.974450955533, gain_db = 3.999843853973347, q = 0.7071752369554196;
    double k = tan(M_PI * f0 / rate), vh = pow(10, gain_db / 20), vb = pow(vh, 0.4996667741545416);
    double a0 = 1 + k / q + k * k;
    *shelf = (biquad){(vh + vb * k / q + k * k) / a0,
                      2 * (k * k - vh) / a0,
                      (vh - vb * k / q + k * k) / a0,
                      2 * (k * k - 1) / a0,
                      (1 - k / q + k * k) / a0,
                      0,
                      0};
    f0 = 38.13547087602444;
    q = 0.5003270373238773;
    k = tan(M_PI * f0 / rate);
    a0 = 1 + k / q + k * k;
    *hp = (biquad){1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0, 0, 0};
}

static inline double biquad_run(biquad *f, double x)
{
    double y = f->b0 * x + f->z1;
    f->z1 = f->b1 * x - f->a1 * y + f->z2;
    f->z2 = f->b2 * x - f->a2 * y;
    return y;
}

/* A DC offset far under anything audible, which the high-pass removes: in the silence between
 * sentences the filters' state would otherwise decay into denormal numbers, which the CPU
 * handles a hundred times slower. It holds both stages' states near +-1e-15 in silence. */
#define DENORMAL_GUARD 1e-15

/* The K-weighting two samples at a time.
 *
 * One sample at a time, each stage's state waits for the previous sample's multiply and add
 * (some 10 cycles): that chain, not the arithmetic, set the meter's speed. Here each stage's
 * state jumps two samples at once (s'' = A^2 s + A B u0 + B u1, precomputed), so the chain is
 * one multiply and two adds per two samples, and the two stages run side by side as the two
 * lanes of one vector (SSE2 on amd64, where every CPU has it; plain code elsewhere): lane 0 is
 * the shelf on samples (i, i+1), lane 1 the high-pass on the shelf's output for (i-2, i-1).
 * The state variables are the same transposed direct form II ones as biquad_run, so the guard
 * above still holds them away from zero, and the result agrees with the sample-by-sample
 * cascade to ~1e-11 (tests/unit/test_meter.c holds it to 1e-9 against such a cascade).
 * A partial fraction (parallel) form was faster still, but lost three more digits: its
 * high-pass section's output nearly cancels the rest at low frequencies. */
typedef double v2d __attribute__((vector_size(16)));

typedef struct kw_pair {
    v2d b0;       /* y0 = b0 u0 + z1 */
    v2d a1n, cb;  /* y1 = -a1 z1 + z2 + (b1 - a1 b0) u0 + b0 u1 */
    v2d m11, m12; /* z1'' = m11 z1 + m12 z2 + g10 u0 + g11 u1 */
    v2d m21, m22; /* z2'' = m21 z1 + m22 z2 + g20 u0 + g21 u1 */
    v2d g10, g11, g20, g21;
} kw_pair;

static void kw_pair_init(kw_pair *k, const biquad *shelf, const biquad *hp)
{
    const biquad *f[2] = {shelf, hp};
    for (int l = 0; l < 2; l++) {
        double a1 = f[l]->a1, a2 = f[l]->a2, b0 = f[l]->b0;
        double c1 = f[l]->b1 - a1 * b0, c2 = f[l]->b2 - a2 * b0; /* B of the state form */
        k->b0[l] = b0;
        k->a1n[l] = -a1;
        k->cb[l] = c1;
        k->m11[l] = a1 * a1 - a2;
        k->m12[l] = -a1;
        k->m21[l] = a1 * a2;
        k->m22[l] = -a2;
        k->g10[l] = c2 - a1 * c1;
        k->g11[l] = c1;
        k->g20[l] = -a2 * c1;
        k->g21[l] = c2;
    }
}

/* The squares of the K-weighted x[0 .. n-1] into sq, the stages' states carried in shelf and hp.
 * The high-pass lane takes the shelf's output of two pairs before (one pair before, the shelf's
 * output would be waited for at every step); the pipeline is filled (the shelf alone on the
 * first two pairs) and drained (the high-pass alone on the last two) within the call, so calls
 * can be cut anywhere. */
static void k_weighted_squares(const kw_pair *kw, biquad *shelf, biquad *hp, const float *x,
                               size_t n, double *sq)
{
    const kw_pair k = *kw; /* a copy sq cannot alias: kept in registers */
    size_t pairs = n / 2, i = 0;
    if (pairs >= 3) {
        double v[4]; /* the shelf's output for the first two pairs */
        for (; i < 4; i++)
            v[i] = biquad_run(shelf, x[i] + DENORMAL_GUARD);
        v2d z1 = {shelf->z1, hp->z1}, z2 = {shelf->z2, hp->z2};
        v2d before = {v[0], v[1]}, last = {v[2], v[3]}; /* pending: two pairs, one pair back */
        for (; i + 2 <= n; i += 2) {
            v2d u0 = {x[i] + DENORMAL_GUARD, before[0]},
                u1 = {x[i + 1] + DENORMAL_GUARD, before[1]};
            v2d y0 = k.b0 * u0 + z1;
            v2d y1 = k.a1n * z1 + z2 + k.cb * u0 + k.b0 * u1;
            v2d w1 = k.g10 * u0 + k.g11 * u1, w2 = k.g20 * u0 + k.g21 * u1;
            v2d next1 = (k.m11 * z1 + k.m12 * z2) + w1;
            z2 = (k.m21 * z1 + k.m22 * z2) + w2;
            z1 = next1;
            v2d out = {y0[1], y1[1]}; /* the high-pass lane: samples i - 4, i - 3 */
            out *= out;
            memcpy(sq + i - 4, &out, sizeof out);
            before = last;
            last = (v2d){y0[0], y1[0]};
        }
        v[0] = before[0];
        v[1] = before[1];
        v[2] = last[0];
        v[3] = last[1];
        shelf->z1 = z1[0];
        shelf->z2 = z2[0];
        hp->z1 = z1[1];
        hp->z2 = z2[1];
        for (int j = 0; j < 4; j++) {
            double y = biquad_run(hp, v[j]);
            sq[i - 4 + j] = y * y;
        }
    }
    for (; i < n; i++) {
        double y = biquad_run(hp, biquad_run(shelf, x[i] + DENORMAL_GUARD));
        sq[i] = y * y;
    }
}

/* Sum of n values, four running sums: one would wait on each add in turn. */
static double sum_of(const double *v, size_t n)
{
    double s[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int l = 0; l < 4; l++)
            s[l] += v[i + l];
    for (; i < n; i++)
        s[0] += v[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

#define SPAN 1024 /* samples filtered at a time (their squares on the stack) */

struct vnr_meter {
    int rate;
    size_t block; /* samples in 100 ms */
    size_t chunk; /* samples in a chunk: the largest divisor of block up to MAX_CHUNK */
    biquad shelf, hp;
    kw_pair kw;
    double acc;     /* sum of squares of the current block */
    size_t filled;  /* samples in the current block */
    float peak;     /* sample peak of the current block */
    double *energy; /* mean square of each finished 100 ms block */
    float *peaks;   /* its sample peak */
    size_t n, cap;
    FILE *chunks;       /* NULL, or where each chunk's vnr_chunk goes */
    vnr_chunk *parts;   /* the current block's chunks, written when it ends (block / chunk) */
    size_t n_parts;     /* chunks finished in the current block */
    size_t part_filled; /* samples in the current chunk (recorded or not) */
    bool chunk_error;
};

vnr_status vnr_meter_new(int rate, vnr_meter **out)
{
    *out = NULL;
    vnr_meter *m = calloc(1, sizeof *m);
    if (!m)
        return VNR_ERR_NOMEM;
    m->rate = rate;
    m->block = (size_t)rate / 10;
    m->chunk = MAX_CHUNK;
    while (m->chunk > 1 && m->block % m->chunk)
        m->chunk--;
    m->parts = calloc(m->block / m->chunk + 1, sizeof *m->parts);
    if (!m->parts) {
        free(m);
        return VNR_ERR_NOMEM;
    }
    k_weighting(rate, &m->shelf, &m->hp);
    kw_pair_init(&m->kw, &m->shelf, &m->hp);
    *out = m;
    return VNR_OK;
}

void vnr_meter_free(vnr_meter *m)
{
    if (!m)
        return;
    free(m->energy);
    free(m->peaks);
    free(m->parts);
    free(m);
}

/* The block's chunks in one write: one fwrite per chunk (every 0.7 ms) cost as much as the
 * K-weighting of its samples. The gain search reads only the chunks of finished blocks. */
static void write_parts(vnr_meter *m)
{
    if (m->chunks && m->n_parts > 0 &&
        fwrite(m->parts, sizeof *m->parts, m->n_parts, m->chunks) != m->n_parts)
        m->chunk_error = true;
    m->n_parts = 0;
    m->parts[0] = (vnr_chunk){0, 0};
}

static vnr_status end_block(vnr_meter *m)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        double *e = realloc(m->energy, cap * sizeof *e);
        if (!e)
            return VNR_ERR_NOMEM;
        m->energy = e;
        float *p = realloc(m->peaks, cap * sizeof *p);
        if (!p)
            return VNR_ERR_NOMEM;
        m->peaks = p;
        m->cap = cap;
    }
    m->energy[m->n] = m->acc / (double)m->block;
    m->peaks[m->n++] = m->peak;
    m->acc = 0;
    m->peak = 0;
    m->filled = 0;
    write_parts(m);
    return VNR_OK;
}

void vnr_meter_record_chunks(vnr_meter *m, FILE *chunks)
{
    m->chunks = chunks;
}

size_t vnr_meter_chunk_len(const vnr_meter *m)
{
    return m->chunk;
}

bool vnr_meter_chunk_error(const vnr_meter *m)
{
    return m->chunk_error;
}

/* n samples within one chunk (and so within one block): their energy and sample peak. */
static void add_within(vnr_meter *m, double energy, float peak, size_t n)
{
    m->acc += energy;
    m->peak = peak > m->peak ? peak : m->peak;
    m->filled += n;
    m->part_filled += n;
    bool whole = m->part_filled == m->chunk;
    if (whole)
        m->part_filled = 0;
    if (!m->chunks)
        return;
    vnr_chunk *part = &m->parts[m->n_parts];
    part->energy += (float)energy;
    part->peak = peak > part->peak ? peak : part->peak;
    if (whole)
        m->parts[++m->n_parts] = (vnr_chunk){0, 0};
}

vnr_status vnr_meter_add(vnr_meter *m, const float *x, size_t n)
{
    double sq[SPAN];
    while (n > 0) {
        size_t span = n < SPAN ? n : SPAN;
        k_weighted_squares(&m->kw, &m->shelf, &m->hp, x, span, sq);
        for (size_t i = 0; i < span;) {
            size_t in_chunk = m->chunk - m->part_filled;
            size_t take = in_chunk < span - i ? in_chunk : span - i;
            add_within(m, sum_of(sq + i, take), abs_max(x + i, take), take);
            i += take;
            if (m->filled == m->block && end_block(m) != VNR_OK)
                return VNR_ERR_NOMEM;
        }
        x += span;
        n -= span;
    }
    return VNR_OK;
}

size_t vnr_meter_blocks(const vnr_meter *m, size_t *block_len)
{
    *block_len = m->block;
    return m->n;
}

float vnr_meter_block_peak(const vnr_meter *m, size_t b)
{
    return b < m->n ? m->peaks[b] : 0;
}

double *vnr_meter_energies(vnr_meter *m)
{
    return m->energy;
}

/* --- Results from block energies. --------------------------------------------------------------
 */

static double lufs(double mean_square)
{
    return mean_square > 0 ? -0.691 + 10 * log10(mean_square) : -HUGE_VAL;
}

/* Mean square of the window of `len` blocks starting at block b. */
static double window(const double *e, size_t b, size_t len)
{
    double s = 0;
    for (size_t i = 0; i < len; i++)
        s += e[b + i];
    return s / (double)len;
}

/* Gated mean loudness over windows of len blocks every step blocks: absolute gate -70 LUFS,
 * then a relative gate rel LU under the mean of what passed. Windows that pass are given to
 * keep (may be NULL) as loudness values. */
static double gated(const double *e, size_t n, size_t len, size_t step, double rel, double *keep,
                    size_t *n_keep)
{
    double sum = 0;
    size_t count = 0;
    for (size_t b = 0; b + len <= n; b += step) {
        double z = window(e, b, len);
        if (lufs(z) > -70)
            sum += z, count++;
    }
    if (count == 0)
        return -HUGE_VAL;
    double threshold = lufs(sum / (double)count) - rel;
    sum = 0;
    count = 0;
    for (size_t b = 0; b + len <= n; b += step) {
        double z = window(e, b, len), l = lufs(z);
        if (l > -70 && l > threshold) {
            sum += z;
            if (keep)
                keep[count] = l;
            count++;
        }
    }
    if (n_keep)
        *n_keep = count;
    return count ? lufs(sum / (double)count) : -HUGE_VAL;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double vnr_loudness_integrated(const double *e, size_t n)
{
    return gated(e, n, 4, 1, 10, NULL, NULL); /* 400 ms blocks, 75% overlap */
}

/* EBU Tech 3342: 3 s windows every second, gated at -70 LUFS and 20 LU under their mean; the
 * range from the 10th to the 95th percentile. */
static double loudness_range(const double *e, size_t n)
{
    size_t cap = n / 10 + 1, got = 0;
    double *v = malloc(cap * sizeof *v);
    if (!v)
        return 0;
    gated(e, n, 30, 10, 20, v, &got);
    double range = 0;
    if (got > 0) {
        qsort(v, got, sizeof *v, by_value);
        size_t lo = (size_t)((double)(got - 1) * 0.10 + 0.5);
        size_t hi = (size_t)((double)(got - 1) * 0.95 + 0.5);
        range = v[hi] - v[lo];
    }
    free(v);
    return range;
}

static double window_max(const double *e, size_t n, size_t len)
{
    double most = -HUGE_VAL;
    for (size_t b = 0; b + len <= n; b++) {
        double l = lufs(window(e, b, len));
        most = l > most ? l : most;
    }
    return most;
}

void vnr_loudness_from_energies(const double *e, size_t n, double true_peak, vnr_loudness *out)
{
    out->integrated = vnr_loudness_integrated(e, n);
    out->range = loudness_range(e, n);
    out->true_peak = true_peak > 0 ? 20 * log10(true_peak) : -HUGE_VAL;
    out->momentary_max = window_max(e, n, 4);
    out->short_term_max = window_max(e, n, 30);
}

/* --- The limiter. ------------------------------------------------------------------------------
 */

#define OUT_BLOCK 4096
#define STAGE 4096

struct vnr_limiter {
    float gain;     /* linear, applied to the input */
    float ceiling;  /* linear */
    size_t len;     /* L + 1: look-ahead ring length */
    uint64_t n_in;  /* samples received */
    float *x;       /* the last len gained inputs, by sample index % len */
    float *e;       /* the last len released gains, by index % len */
    double e_sum;   /* sum of e[] */
    double e_prev;  /* the released gain of the previous sample */
    double release; /* per-sample recovery coefficient */
    /* Sliding minimum of the required gains: a monotonic queue in a ring of len + 1 slots. */
    uint64_t *q_idx;
    float *q_req;
    size_t q_head, q_count;
    /* True-peak staging: TP_HALF samples of context either side of the samples judged. */
    /* push runs STAGE samples once STAGE + TP_HALF are staged; flush runs what is left (up to
     * STAGE + TP_HALF - 1) with TP_HALF zeros after it: room for both. */
    float stage[TP_HALF + STAGE + 2 * TP_HALF];
    float mag[STAGE + TP_HALF];
    size_t staged; /* samples in stage[] after the leading context */
    size_t slot;   /* n_in % len */
    float out[OUT_BLOCK];
    size_t n_out;
};

vnr_status vnr_limiter_new(int rate, double gain_db, double ceiling_db, vnr_limiter **out)
{
    *out = NULL;
    tp_init();
    vnr_limiter *l = calloc(1, sizeof *l);
    if (!l)
        return VNR_ERR_NOMEM;
    l->gain = (float)pow(10, gain_db / 20);
    l->ceiling = (float)pow(10, ceiling_db / 20);
    l->len = (size_t)(rate * LOOKAHEAD_S) + 1;
    l->release = 1 - exp(-1 / (RELEASE_S * rate));
    l->x = calloc(l->len, sizeof *l->x);
    l->e = calloc(l->len, sizeof *l->e);
    l->q_idx = calloc(l->len + 1, sizeof *l->q_idx);
    l->q_req = calloc(l->len + 1, sizeof *l->q_req);
    if (!l->x || !l->e || !l->q_idx || !l->q_req) {
        vnr_limiter_free(l);
        return VNR_ERR_NOMEM;
    }
    for (size_t i = 0; i < l->len; i++)
        l->e[i] = 1;
    l->e_sum = (double)l->len;
    l->e_prev = 1;
    *out = l;
    return VNR_OK;
}

void vnr_limiter_free(vnr_limiter *lim)
{
    if (!lim)
        return;
    free(lim->x);
    free(lim->e);
    free(lim->q_idx);
    free(lim->q_req);
    free(lim);
}

static vnr_status emit(vnr_limiter *l, float y, vnr_block_fn fn, void *user, vnr_diag *diag)
{
    l->out[l->n_out++] = y;
    if (l->n_out < OUT_BLOCK)
        return VNR_OK;
    l->n_out = 0;
    return fn(user, l->out, OUT_BLOCK, diag);
}

static size_t ring_next(size_t i, size_t cap)
{
    return i + 1 == cap ? 0 : i + 1;
}

/* Nothing to limit in the look-ahead (one entry, at 1): this sample takes its place. */
static float quiet(vnr_limiter *l, uint64_t j)
{
    l->q_idx[l->q_head] = j;
    return 1.0f;
}

/* Add required gain req of sample j to the queue, dropping those it makes irrelevant, and
 * return the minimum over samples j - L .. j. Indices wrap by comparison, not by division: this
 * runs for every sample of the program, several times when the gain is searched for. */
static float sliding_min(vnr_limiter *l, uint64_t j, float req)
{
    size_t cap = l->len + 1;
    while (l->q_count > 0) {
        size_t last = l->q_head + l->q_count - 1;
        last -= last >= cap ? cap : 0;
        if (l->q_req[last] < req)
            break;
        l->q_count--;
    }
    size_t tail = l->q_head + l->q_count;
    tail -= tail >= cap ? cap : 0;
    l->q_idx[tail] = j;
    l->q_req[tail] = req;
    l->q_count++;
    while (l->q_idx[l->q_head] + (l->len - 1) < j) {
        l->q_head = ring_next(l->q_head, cap);
        l->q_count--;
    }
    return l->q_req[l->q_head];
}

/* One gained sample in, with its true-peak magnitude; the sample L earlier comes out with its
 * gain. */
static vnr_status step(vnr_limiter *l, float x, float mag, vnr_block_fn fn, void *user,
                       vnr_diag *diag)
{
    uint64_t j = l->n_in++;
    float req = mag > l->ceiling ? l->ceiling / mag : 1.0f;
    float m = req < 1.0f || l->q_count > 1 || l->q_req[l->q_head] < 1.0f ? sliding_min(l, j, req)
                                                                         : quiet(l, j);
    double e = m < l->e_prev ? m : l->e_prev + (m - l->e_prev) * l->release;
    l->e_prev = e;
    size_t slot = l->slot;
    l->slot = ring_next(slot, l->len);
    l->e_sum += e - l->e[slot];
    l->e[slot] = (float)e;
    l->x[slot] = x;
    float delayed = l->x[l->slot]; /* gained input of sample j - L */
    if (slot == 0) {               /* keep the running sum exact over hours */
        l->e_sum = 0;
        for (size_t i = 0; i < l->len; i++)
            l->e_sum += l->e[i];
    }
    if (j + 1 < l->len)
        return VNR_OK; /* sample j - L does not exist yet */
    float y = delayed * (float)(l->e_sum / (double)l->len);
    /* Rounding only: the average never exceeds the sample's requirement. */
    if (fabsf(y) > l->ceiling)
        y = copysignf(l->ceiling, y);
    return emit(l, y, fn, user, diag);
}

/* Judge the staged samples (their true peaks need TP_HALF samples after them) and step them;
 * keep the last 2 * TP_HALF as the next context. */
static vnr_status run_stage(vnr_limiter *l, size_t n, vnr_block_fn fn, void *user, vnr_diag *diag)
{
    float *x = l->stage + TP_HALF;
    vnr_tp_magnitudes(x, n, l->ceiling, l->mag);
    for (size_t i = 0; i < n; i++) {
        vnr_status st = step(l, x[i], l->mag[i], fn, user, diag);
        if (st != VNR_OK)
            return st;
    }
    memmove(l->stage, l->stage + n, (TP_HALF + l->staged - n) * sizeof *l->stage);
    l->staged -= n;
    return VNR_OK;
}

vnr_status vnr_limiter_push(vnr_limiter *lim, const float *x, size_t n, vnr_block_fn fn, void *user,
                            vnr_diag *diag)
{
    while (n > 0) {
        /* stage: [context TP_HALF][staged ... up to STAGE + TP_HALF] */
        size_t room = STAGE + TP_HALF - lim->staged;
        size_t take = n < room ? n : room;
        float *dst = lim->stage + TP_HALF + lim->staged;
        for (size_t i = 0; i < take; i++)
            dst[i] = x[i] * lim->gain;
        lim->staged += take;
        x += take;
        n -= take;
        if (lim->staged == STAGE + TP_HALF) {
            vnr_status st = run_stage(lim, STAGE, fn, user, diag);
            if (st != VNR_OK)
                return st;
        }
    }
    return VNR_OK;
}

vnr_status vnr_limiter_flush(vnr_limiter *lim, vnr_block_fn fn, void *user, vnr_diag *diag)
{
    /* TP_HALF silent samples of context after the last, then L silent samples push the last
     * real ones out of the look-ahead; their own outputs are never made. */
    size_t real = lim->staged;
    memset(lim->stage + TP_HALF + lim->staged, 0, TP_HALF * sizeof *lim->stage);
    lim->staged += TP_HALF;
    vnr_status st = real ? run_stage(lim, real, fn, user, diag) : VNR_OK;
    for (size_t i = 0; st == VNR_OK && i + 1 < lim->len && lim->n_in > 0; i++)
        st = step(lim, 0.0f, 0.0f, fn, user, diag);
    size_t n = lim->n_out;
    lim->n_out = 0;
    return st == VNR_OK && n ? fn(user, lim->out, n, diag) : st;
}

/* --- The limiter, modelled chunk by chunk. -----------------------------------------------------
 *
 * Searching for the gain that gives the target loudness after limiting means asking "how loud
 * at gain G?" several times. Running the limiter over the whole program for each answer is what
 * made loudness cost more than synthesis. The limiter's gain moves slowly (5 ms down, 80 ms
 * back), so it is modelled on chunks of ~0.7 ms: each chunk's sample peak gives its required
 * gain, the same sliding minimum, release and average give its gain, and its K-weighted energy
 * times that gain squared its energy after limiting (K-weighting is linear and nearly memoryless
 * at these time scales). One answer costs a read of the chunk file (8 bytes per chunk). The real
 * limiter then runs once, in the final pass, and the file's loudness is measured there. */

vnr_status vnr_limiter_model(FILE *chunks, size_t n_chunks, size_t chunk, size_t block, int rate,
                             double gain_db, double ceiling_db, double *energy, size_t n_blocks)
{
    size_t look = (size_t)(rate * LOOKAHEAD_S / (double)chunk); /* in chunks, rounded down */
    size_t ring = look + 1, per_block = block / chunk;
    double g = pow(10, gain_db / 20), ceiling = pow(10, ceiling_db / 20);
    double release = 1 - pow(exp(-1 / (RELEASE_S * rate)), (double)chunk);
    double req[64], e[64], en[64], e_sum = (double)ring, e_prev = 1;
    if (ring > 64)
        return VNR_ERR_INVALID;
    for (size_t i = 0; i < ring; i++)
        req[i] = e[i] = 1, en[i] = 0;
    for (size_t b = 0; b < n_blocks; b++)
        energy[b] = 0;
    if (fseeko(chunks, 0, SEEK_SET) != 0)
        return VNR_ERR_IO;
    vnr_chunk buf[1024];
    size_t done = 0;
    /* Chunk c enters; chunk c - look leaves with the average of e over c - look .. c. */
    for (size_t c = 0; c < n_chunks + look; c++) {
        double energy_in = 0, need = 1;
        if (c < n_chunks) {
            if (c == done) {
                size_t want = n_chunks - done < 1024 ? n_chunks - done : 1024;
                if (fread(buf, sizeof *buf, want, chunks) != want)
                    return VNR_ERR_IO;
                done += want;
            }
            const vnr_chunk *k = &buf[c % 1024];
            double peak = k->peak * g;
            need = peak > ceiling ? ceiling / peak : 1;
            energy_in = k->energy * g * g;
        }
        size_t slot = c % ring;
        req[slot] = need;
        double m = 1;
        for (size_t i = 0; i < ring; i++)
            m = req[i] < m ? req[i] : m;
        double now = m < e_prev ? m : e_prev + (m - e_prev) * release;
        e_prev = now;
        e_sum += now - e[slot];
        e[slot] = now;
        en[slot] = energy_in;
        if (c < look)
            continue;
        size_t out = c - look, b = out / per_block;
        double gain = e_sum / (double)ring;
        if (b < n_blocks)
            energy[b] += en[(slot + 1) % ring] * gain * gain;
    }
    for (size_t b = 0; b < n_blocks; b++)
        energy[b] /= (double)block;
    return VNR_OK;
}
