/* resample.c - sample-rate conversion with libsoxr (high quality: 20-bit, passband to 91% of
 * Nyquist), streaming: eSpeak NG's 22050 Hz becomes 44100 or 48000 Hz sentence by sentence, and
 * the filter's tail is flushed at the end, so no whole-program buffer is ever needed. */
#include "produce/produce.h"

#include <soxr.h>
#include <stdlib.h>

#define OUT_BLOCK 4096

struct vnr_resampler {
    soxr_t soxr;
    float out[OUT_BLOCK];
};

vnr_status vnr_resampler_new(int in_rate, int out_rate, vnr_resampler **out, vnr_diag *diag)
{
    *out = NULL;
    if (in_rate <= 0 || out_rate <= 0)
        return vnr_fail(diag, VNR_ERR_INVALID, "bad sample rates %d -> %d", in_rate, out_rate);
    vnr_resampler *rs = malloc(sizeof *rs);
    if (!rs)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    soxr_error_t err = NULL;
    soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    /* One thread: the produced file's worker already runs beside the synthesis. */
    soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
    rs->soxr = soxr_create(in_rate, out_rate, 1, &err, NULL, &quality, &runtime);
    if (!rs->soxr) {
        free(rs);
        return vnr_fail(diag, VNR_ERR_NOMEM, "resampler %d -> %d Hz: %s", in_rate, out_rate,
                        err ? err : "failed");
    }
    *out = rs;
    return VNR_OK;
}

void vnr_resampler_free(vnr_resampler *rs)
{
    if (!rs)
        return;
    soxr_delete(rs->soxr);
    free(rs);
}

/* One soxr_process call; in == NULL flushes. Output goes on in blocks of OUT_BLOCK. */
static vnr_status run(vnr_resampler *rs, const float *in, size_t n, size_t *used, size_t *made,
                      vnr_diag *diag)
{
    soxr_error_t err = soxr_process(rs->soxr, in, n, used, rs->out, OUT_BLOCK, made);
    if (err)
        return vnr_fail(diag, VNR_ERR_INVALID, "resampler: %s", err);
    return VNR_OK;
}

vnr_status vnr_resampler_push(vnr_resampler *rs, const float *in, size_t n, vnr_block_fn fn,
                              void *user, vnr_diag *diag)
{
    while (n > 0) {
        size_t used = 0, made = 0;
        vnr_status st = run(rs, in, n, &used, &made, diag);
        if (st == VNR_OK && made > 0)
            st = fn(user, rs->out, made, diag);
        if (st != VNR_OK)
            return st;
        in += used;
        n -= used;
    }
    return VNR_OK;
}

vnr_status vnr_resampler_flush(vnr_resampler *rs, vnr_block_fn fn, void *user, vnr_diag *diag)
{
    for (;;) {
        size_t made = 0;
        vnr_status st = run(rs, NULL, 0, NULL, &made, diag);
        if (st == VNR_OK && made > 0)
            st = fn(user, rs->out, made, diag);
        if (st != VNR_OK || made == 0)
            return st;
    }
}

uint64_t vnr_resampled_position(uint64_t in_frames, int in_rate, int out_rate)
{
    if (in_rate == out_rate || in_rate <= 0)
        return in_frames;
    /* Split to stay within 64 bits for any length: whole seconds, then the remainder. */
    uint64_t sec = in_frames / (uint64_t)in_rate, rem = in_frames % (uint64_t)in_rate;
    uint64_t in = (uint64_t)in_rate, out = (uint64_t)out_rate;
    return sec * out + (rem * out + in / 2) / in;
}
