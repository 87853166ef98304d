/* produce.h - the parts of a produced file (produce.c): resampling (resample.c), loudness
 * measurement and the true-peak limiter (loudness.c), Broadcast WAV metadata (bext.c).
 * Not part of the public API.
 *
 * Audio between these stages is mono float, full scale at +-1.0, passed block by block to a
 * vnr_block_fn: nothing here holds more than a few thousand samples. */
#ifndef VNR_PRODUCE_H
#define VNR_PRODUCE_H

#include "core/util.h"

/* Receives a block of samples; a failure stops the stage that called it. */
typedef vnr_status (*vnr_block_fn)(void *user, const float *x, size_t n, vnr_diag *diag);

/* --- resample.c: libsoxr, high quality, streaming. --------------------------------------------
 */
typedef struct vnr_resampler vnr_resampler;

vnr_status vnr_resampler_new(int in_rate, int out_rate, vnr_resampler **out, vnr_diag *diag);
void vnr_resampler_free(vnr_resampler *rs);
/* Resample n samples; the output so far goes to fn (soxr keeps a filter's length back). */
vnr_status vnr_resampler_push(vnr_resampler *rs, const float *in, size_t n, vnr_block_fn fn,
                              void *user, vnr_diag *diag);
/* The end of the input: what soxr still holds goes to fn. */
vnr_status vnr_resampler_flush(vnr_resampler *rs, vnr_block_fn fn, void *user, vnr_diag *diag);
/* The output frame at which input frame in_frames lands: no drift, whatever the block sizes. */
uint64_t vnr_resampled_position(uint64_t in_frames, int in_rate, int out_rate);

/* --- loudness.c: EBU R128 measurement (libebur128) and a look-ahead true-peak limiter. -------
 */
typedef struct vnr_meter vnr_meter;

vnr_status vnr_meter_new(int rate, vnr_meter **out);
void vnr_meter_free(vnr_meter *m);
vnr_status vnr_meter_add(vnr_meter *m, const float *x, size_t n);
/* Integrated loudness, range, true peak, maximum momentary and short-term loudness so far.
 * Silence gives -HUGE_VAL loudness and true peak. */
void vnr_meter_result(vnr_meter *m, vnr_loudness *out);

typedef struct vnr_limiter vnr_limiter;

/* gain_db is applied first; the result is kept at or under ceiling_db (sample peak) by a gain
 * that falls ahead of a peak (look-ahead) and recovers slowly. The output is not delayed: the
 * look-ahead is taken back, so sample positions stay those of the input. */
vnr_status vnr_limiter_new(int rate, double gain_db, double ceiling_db, vnr_limiter **out);
void vnr_limiter_free(vnr_limiter *lim);
vnr_status vnr_limiter_push(vnr_limiter *lim, const float *x, size_t n, vnr_block_fn fn, void *user,
                            vnr_diag *diag);
vnr_status vnr_limiter_flush(vnr_limiter *lim, vnr_block_fn fn, void *user, vnr_diag *diag);

/* --- bext.c: Broadcast WAV (EBU Tech 3285 v2) metadata. ---------------------------------------
 */
typedef struct vnr_bext_fields {
    const char *title;      /* UTF-8; folded to ASCII for the description */
    const char *originator; /* NULL: "vnreader" */
    int rate, bits;
    const vnr_loudness *loudness; /* NULL: fields left at 0x7FFF, "not measured" */
    int64_t now;                  /* origination time, seconds since the epoch (local time) */
} vnr_bext_fields;

/* Fill an SF_BROADCAST_INFO (size bytes at info) from fields. */
void vnr_bext_fill(void *info, size_t size, const vnr_bext_fields *fields);

#endif /* VNR_PRODUCE_H */
