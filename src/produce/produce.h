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

/* --- loudness.c: EBU R128 measurement, true peak where it can matter, a true-peak limiter. ---
 */
#include <stdio.h>

typedef struct vnr_meter vnr_meter;

/* What the gain search keeps of every chunk (~0.7 ms) of the program. */
typedef struct vnr_chunk {
    float energy; /* sum of squares of the K-weighted samples */
    float peak;   /* sample peak */
} vnr_chunk;

/* K-weighted energy of every 100 ms block (and its sample peak); memory grows by 12 bytes per
 * 100 ms (430 KB for ten hours). */
vnr_status vnr_meter_new(int rate, vnr_meter **out);
void vnr_meter_free(vnr_meter *m);
vnr_status vnr_meter_add(vnr_meter *m, const float *x, size_t n);
/* Finished blocks so far; *block_len gets the samples in one. */
size_t vnr_meter_blocks(const vnr_meter *m, size_t *block_len);
/* From now on write a vnr_chunk for every vnr_meter_chunk_len() samples to chunks, a finished
 * 100 ms block's at a time (a partial last block's are never written); a failed write is
 * remembered (vnr_meter_chunk_error). */
void vnr_meter_record_chunks(vnr_meter *m, FILE *chunks);
size_t vnr_meter_chunk_len(const vnr_meter *m);
bool vnr_meter_chunk_error(const vnr_meter *m);
float vnr_meter_block_peak(const vnr_meter *m, size_t b);
double *vnr_meter_energies(vnr_meter *m);

/* Integrated loudness (LUFS, -HUGE_VAL for silence) of n block energies; all the values of
 * vnr_loudness, true_peak (linear) given. */
double vnr_loudness_integrated(const double *energy, size_t n);
void vnr_loudness_from_energies(const double *energy, size_t n, double true_peak,
                                vnr_loudness *out);

/* True peak, 4x oversampled only where it can reach the threshold. x must be readable from
 * x[-TP_CONTEXT] to x[n - 1 + TP_CONTEXT]. vnr_tp_peak: the largest of floor and the true peak
 * over x[0 .. n-1] (exact wherever it exceeds floor). vnr_tp_magnitudes: per sample, |x| or, in
 * a hot neighbourhood, the largest value between it and the next. B: what interpolation can add
 * to a stretch's sample peak at most (a factor >= 1). */
#define TP_CONTEXT 6
float vnr_tp_peak(const float *x, size_t n, float floor);
void vnr_tp_magnitudes(const float *x, size_t n, float threshold, float *mag);
float vnr_tp_bound(void);

typedef struct vnr_limiter vnr_limiter;

/* The block energies (block samples each, n_blocks) the limiter would leave at gain_db and
 * ceiling_db, modelled from the n_chunks chunks of `chunk` samples recorded in chunks. */
vnr_status vnr_limiter_model(FILE *chunks, size_t n_chunks, size_t chunk, size_t block, int rate,
                             double gain_db, double ceiling_db, double *energy, size_t n_blocks);

/* gain_db is applied first; the result is kept at or under ceiling_db (true peak) by a gain
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
    const char *title;            /* UTF-8; folded to ASCII for the description */
    const char *originator;       /* NULL: "vnreader" */
    int rate, bits;               /* of the file */
    int source_rate;              /* of the synthesis (0: the file's) */
    const vnr_loudness *loudness; /* NULL: fields left at 0x7FFF, "not measured" */
    int64_t now;                  /* origination time, seconds since the epoch (local time) */
} vnr_bext_fields;

/* Fill an SF_BROADCAST_INFO (size bytes at info) from fields. */
void vnr_bext_fill(void *info, size_t size, const vnr_bext_fields *fields);

#endif /* VNR_PRODUCE_H */
