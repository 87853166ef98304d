/* loudness.c - loudness as EBU R128 measures it (libebur128: ITU-R BS.1770 gated integrated
 * loudness, loudness range, 4x oversampled true peak, maximum momentary and short-term
 * loudness), and a look-ahead limiter that keeps peaks under a ceiling without clipping.
 *
 * The limiter's gain must be at or under ceiling/|x| at every sample x. For each sample we take
 * the smallest such "required gain" over the next L samples (a sliding minimum, L = 5 ms), let
 * it recover slowly (80 ms release), then average it over L + 1 samples: the average around a
 * peak only covers values at or under the peak's own requirement, so the peak is met exactly,
 * and the gain falls over 5 ms instead of jumping (a jump is a click, and new peaks between
 * samples). The output is taken L samples late and the lateness removed, so it lines up with the
 * input sample for sample. */
#include "produce/produce.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>

/* --- Measurement. ------------------------------------------------------------------------------
 */

struct vnr_meter {
    ebur128_state *st;
    size_t block, filled; /* 100 ms blocks: momentary and short-term maxima are read per block */
    double momentary_max, short_term_max;
};

vnr_status vnr_meter_new(int rate, vnr_meter **out)
{
    *out = NULL;
    vnr_meter *m = calloc(1, sizeof *m);
    if (!m)
        return VNR_ERR_NOMEM;
    /* HISTOGRAM: gating over a fixed 1000-bin histogram (0.1 LU steps) instead of a list of
     * every 400 ms block, so memory stays the same for an hour as for a minute. */
    int mode = EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK | EBUR128_MODE_S |
               EBUR128_MODE_HISTOGRAM;
    m->st = ebur128_init(1, (unsigned long)rate, mode);
    if (!m->st) {
        free(m);
        return VNR_ERR_NOMEM;
    }
    m->block = (size_t)rate / 10;
    m->momentary_max = m->short_term_max = -HUGE_VAL;
    *out = m;
    return VNR_OK;
}

void vnr_meter_free(vnr_meter *m)
{
    if (!m)
        return;
    ebur128_destroy(&m->st);
    free(m);
}

static void read_window_maxima(vnr_meter *m)
{
    double v;
    if (ebur128_loudness_momentary(m->st, &v) == EBUR128_SUCCESS && v > m->momentary_max)
        m->momentary_max = v;
    if (ebur128_loudness_shortterm(m->st, &v) == EBUR128_SUCCESS && v > m->short_term_max)
        m->short_term_max = v;
}

vnr_status vnr_meter_add(vnr_meter *m, const float *x, size_t n)
{
    while (n > 0) {
        size_t take = m->block - m->filled < n ? m->block - m->filled : n;
        if (ebur128_add_frames_float(m->st, x, take) != EBUR128_SUCCESS)
            return VNR_ERR_NOMEM;
        x += take;
        n -= take;
        m->filled += take;
        if (m->filled == m->block) {
            read_window_maxima(m);
            m->filled = 0;
        }
    }
    return VNR_OK;
}

void vnr_meter_result(vnr_meter *m, vnr_loudness *out)
{
    double peak = 0;
    *out = (vnr_loudness){-HUGE_VAL, 0, -HUGE_VAL, m->momentary_max, m->short_term_max};
    if (ebur128_loudness_global(m->st, &out->integrated) != EBUR128_SUCCESS)
        out->integrated = -HUGE_VAL;
    if (ebur128_loudness_range(m->st, &out->range) != EBUR128_SUCCESS)
        out->range = 0;
    if (ebur128_true_peak(m->st, 0, &peak) == EBUR128_SUCCESS && peak > 0)
        out->true_peak = 20 * log10(peak);
}

/* --- The limiter. ------------------------------------------------------------------------------
 */

#define LOOKAHEAD_S 0.005
#define RELEASE_S 0.080
#define OUT_BLOCK 4096

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
    float out[OUT_BLOCK];
    size_t n_out;
};

vnr_status vnr_limiter_new(int rate, double gain_db, double ceiling_db, vnr_limiter **out)
{
    *out = NULL;
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

/* Add required gain req of sample j to the queue, dropping those it makes irrelevant, and
 * return the minimum over samples j - L .. j. */
static float sliding_min(vnr_limiter *l, uint64_t j, float req)
{
    size_t cap = l->len + 1;
    while (l->q_count > 0 && l->q_req[(l->q_head + l->q_count - 1) % cap] >= req)
        l->q_count--;
    size_t tail = (l->q_head + l->q_count) % cap;
    l->q_idx[tail] = j;
    l->q_req[tail] = req;
    l->q_count++;
    while (l->q_idx[l->q_head] + (l->len - 1) < j) {
        l->q_head = (l->q_head + 1) % cap;
        l->q_count--;
    }
    return l->q_req[l->q_head];
}

/* One gained sample in; the sample L earlier comes out with its gain. */
static vnr_status step(vnr_limiter *l, float x, vnr_block_fn fn, void *user, vnr_diag *diag)
{
    uint64_t j = l->n_in++;
    float mag = fabsf(x);
    float req = mag > l->ceiling ? l->ceiling / mag : 1.0f;
    float m = sliding_min(l, j, req); /* needed by sample k = j - L and the L after it */
    double e = m < l->e_prev ? m : l->e_prev + (m - l->e_prev) * l->release;
    l->e_prev = e;
    size_t slot = (size_t)(j % l->len);
    l->e_sum += e - l->e[slot];
    l->e[slot] = (float)e;
    l->x[slot] = x;
    float delayed = l->x[(slot + 1) % l->len]; /* gained input of sample j - L */
    if (slot == 0) {                           /* keep the running sum exact over hours */
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

vnr_status vnr_limiter_push(vnr_limiter *lim, const float *x, size_t n, vnr_block_fn fn, void *user,
                            vnr_diag *diag)
{
    for (size_t i = 0; i < n; i++) {
        vnr_status st = step(lim, x[i] * lim->gain, fn, user, diag);
        if (st != VNR_OK)
            return st;
    }
    return VNR_OK;
}

vnr_status vnr_limiter_flush(vnr_limiter *lim, vnr_block_fn fn, void *user, vnr_diag *diag)
{
    /* L silent samples push the last real ones out; their own outputs are never made. */
    for (size_t i = 0; i + 1 < lim->len && lim->n_in > 0; i++) {
        vnr_status st = step(lim, 0.0f, fn, user, diag);
        if (st != VNR_OK)
            return st;
    }
    size_t n = lim->n_out;
    lim->n_out = 0;
    return n ? fn(user, lim->out, n, diag) : VNR_OK;
}
