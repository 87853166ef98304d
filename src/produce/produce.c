/* produce.c - a file made for air or the web: the reader's 16-bit samples are resampled
 * (libsoxr), jingles mixed in at the output rate, brought to a loudness under a true-peak
 * ceiling, written at 16 (dithered) or 24 bits, and a WAV file gets Broadcast WAV metadata.
 *
 * Speed: a broadcast file should cost little more than a plain WAV. The work after synthesis
 * runs on a worker thread while eSpeak NG speaks: resampling, mixing, K-weighted measurement and
 * the spool. At vnr_sink_finish() what is left is one pass over the spool, plus - only when
 * peaks must be limited - short re-measurements of the few seconds around them.
 *
 * Loudness normalization needs the integrated loudness of the whole program before its first
 * sample can be written. Two designs keep memory bounded: synthesize twice (measure, then write),
 * or spool once to a temporary file. We spool: the sink does not own the text, so it cannot read
 * it again (and standard input cannot be read twice); a bulletin's jingles and gaps would have to
 * be replayed identically; and sentence positions for captions are final after one pass. The
 * spool holds the resampled float samples, about 690 MB per hour at 48 kHz, in the output's
 * folder (the same disk the output needs anyway), unlinked as soon as it is created so that
 * even a crash leaves nothing behind.
 *
 * At the end: gain = target - measured loudness. True peak scales with the gain, so when the
 * true peak (oversampled only in the blocks whose sample peak could reach the ceiling) plus the
 * gain stays under the ceiling, the output is the spool times the gain, exactly, and its
 * loudness is the measured block energies times the gain squared. Otherwise the true-peak
 * limiter runs; limiting takes loudness off, so the gain is corrected (secant steps) by
 * re-measuring only the blocks around the peaks, limited, against the stored energies of the
 * rest. Lossy encoders (MP3, Vorbis, Opus) add peaks of their own: their ceiling keeps a margin.
 *
 * Jingles (vnr_sink_mix_file): the reader counts a jingle's samples at its own rate (22050 Hz)
 * for caption positions, but a 48 kHz file gets the jingle at 48 kHz: its span in the speech
 * stream is replaced by the file itself, converted straight from its rate to the output rate,
 * so a 48 kHz jingle keeps everything up to 24 kHz. */
#include "produce/produce.h"
#include "audio/mp3.h"
#include "audio/sink.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sndfile.h>
#include <soxr.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096
#define READ_BLOCK 65536 /* samples per read of the spool in the final pass (256 KB) */
#define TEMP_BUFFER (1 << 20)
#define QUEUE (1u << 17)    /* samples between the synthesis thread and the worker (6 s) */
#define LOSSY_MARGIN_DB 0.5 /* room for a lossy encoder's own overshoot */
#define TP_MARGIN_DB 0.1    /* our interpolator against other meters' (ffmpeg's) */
#define TOLERANCE_LU 0.03   /* the gain search stops this close to the target */
#define MAX_STEPS 8
#define REGION_BEFORE 2 /* blocks re-measured before a hot block (look-ahead, filter settling) */
#define REGION_AFTER 6  /* and after it: the 80 ms release has died away */

/* The true peak of a stream given block by block: TP_CONTEXT samples carried between blocks. */
typedef struct tp_tracker {
    float ctx[2 * TP_CONTEXT + BLOCK];
    size_t len;
    float peak;
} tp_tracker;

static void tracker_init(tp_tracker *t)
{
    memset(t, 0, sizeof *t);
    t->len = TP_CONTEXT; /* silence before the first sample */
}

static void tracker_push(tp_tracker *t, const float *x, size_t n)
{
    while (n > 0) {
        size_t room = sizeof t->ctx / sizeof t->ctx[0] - t->len;
        size_t take = n < room ? n : room;
        memcpy(t->ctx + t->len, x, take * sizeof *x);
        t->len += take;
        x += take;
        n -= take;
        if (t->len > 2 * TP_CONTEXT) {
            size_t judged = t->len - 2 * TP_CONTEXT;
            t->peak = vnr_tp_peak(t->ctx + TP_CONTEXT, judged, t->peak);
            memmove(t->ctx, t->ctx + judged, 2 * TP_CONTEXT * sizeof *t->ctx);
            t->len = 2 * TP_CONTEXT;
        }
    }
}

/* The last samples, with silence after them. */
static float tracker_end(tp_tracker *t)
{
    if (t->len > TP_CONTEXT) {
        memset(t->ctx + t->len, 0, TP_CONTEXT * sizeof *t->ctx);
        t->peak = vnr_tp_peak(t->ctx + TP_CONTEXT, t->len - TP_CONTEXT, t->peak);
        t->len = TP_CONTEXT;
    }
    return t->peak;
}

/* A jingle mixed at the output rate. */
typedef struct overlay {
    struct overlay *next;
    char *path;
    uint64_t start_in, end_in; /* its span in the input stream; end UINT64_MAX until known */
    uint64_t start_out;        /* where it starts in the output */
    SNDFILE *sf;
    int channels;
    soxr_t soxr; /* NULL when the file is at the output rate */
    float *frames, *mono, *buf;
    size_t buf_len, buf_pos, buf_cap;
    bool eof;
} overlay;

typedef struct produce_sink {
    vnr_sink base;
    vnr_sink *file; /* the destination, at out_rate */
    vnr_format format;
    int in_rate, out_rate, bits;
    vnr_file_options opts; /* title and originator point to the copies below */
    char *title, *originator;
    vnr_resampler *rs;            /* NULL when the rates match */
    FILE *spool;                  /* the resampled program, float, already unlinked */
    FILE *chunks;                 /* the meter's vnr_chunk records, for the gain search */
    char *spool_buf, *chunks_buf; /* their stdio buffers (TEMP_BUFFER bytes) */
    char *spool_dir;
    vnr_meter *meter;  /* the program as written to the spool (or the file) */
    float unit_peak;   /* its true peak (spool), found when planning the gain */
    tp_tracker direct; /* true peak of what goes straight to the file (no spool) */
    bool bext;
    bool measured;
    vnr_loudness result;
    int64_t now;
    uint64_t frames_in, frames_out;
    vnr_pass_fn pass_fn;
    void *pass_user;
    /* The worker thread and its queue. */
    pthread_t worker;
    bool started;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int16_t *queue;
    size_t q_head, q_count;
    bool ending, aborting, worker_done;
    vnr_status worker_status;
    vnr_diag worker_diag;
    overlay *overlays; /* under lock: added by the writer, read by the worker */
    float conv[BLOCK];
} produce_sink;

/* vnr_sink_stop() on this sink (vnr_reader_stop), or vnr_stop_all() for the process. */
static bool stop_requested(produce_sink *p)
{
    return atomic_load(&p->base.stop) != 0 || vnr_stop_all_requested();
}

/* --- Jingles at the output rate. ---------------------------------------------------------------
 */

static void overlay_free(overlay *o)
{
    if (o->sf)
        sf_close(o->sf);
    if (o->soxr)
        soxr_delete(o->soxr);
    free(o->frames);
    free(o->mono);
    free(o->buf);
    free(o->path);
    free(o);
}

static vnr_status overlay_open(overlay *o, int out_rate, vnr_diag *diag)
{
    SF_INFO info = {0};
    if (!(o->sf = sf_open(o->path, SFM_READ, &info)))
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: %s", o->path, sf_strerror(NULL));
    o->channels = info.channels > 0 ? info.channels : 1;
    o->buf_cap =
        (size_t)((double)BLOCK * out_rate / (info.samplerate > 0 ? info.samplerate : 1)) + BLOCK;
    o->frames = malloc(sizeof(float) * BLOCK * (size_t)o->channels);
    o->mono = malloc(sizeof(float) * BLOCK);
    o->buf = malloc(sizeof(float) * o->buf_cap);
    if (!o->frames || !o->mono || !o->buf)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (info.samplerate == out_rate)
        return VNR_OK;
    soxr_error_t e = NULL;
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
    soxr_runtime_spec_t rt = soxr_runtime_spec(1);
    o->soxr = soxr_create(info.samplerate, out_rate, 1, &e, NULL, &q, &rt);
    return o->soxr ? VNR_OK
                   : vnr_fail(diag, VNR_ERR_AUDIO, "%s: resampling: %s", o->path, e ? e : "failed");
}

/* Refill the jingle's buffer at the output rate; eof once the file and soxr are empty. */
static vnr_status overlay_fill(overlay *o, vnr_diag *diag)
{
    o->buf_len = o->buf_pos = 0;
    while (o->buf_len == 0 && !o->eof) {
        sf_count_t got = sf_readf_float(o->sf, o->frames, BLOCK);
        if (got < 0)
            return vnr_fail(diag, VNR_ERR_IO, "%s: %s", o->path, sf_strerror(o->sf));
        for (sf_count_t f = 0; f < got; f++) {
            float sum = 0;
            for (int c = 0; c < o->channels; c++)
                sum += o->frames[f * o->channels + c];
            o->mono[f] = sum / (float)o->channels;
        }
        if (!o->soxr) {
            memcpy(o->buf, o->mono, (size_t)got * sizeof *o->buf);
            o->buf_len = (size_t)got;
            o->eof = got == 0;
            continue;
        }
        size_t used = 0, made = 0;
        soxr_error_t e = soxr_process(o->soxr, got ? o->mono : NULL, (size_t)got, &used, o->buf,
                                      o->buf_cap, &made);
        if (e)
            return vnr_fail(diag, VNR_ERR_AUDIO, "%s: resampling: %s", o->path, e);
        o->buf_len = made;
        o->eof = got == 0 && made == 0;
    }
    return VNR_OK;
}

/* Add the jingles that sound during output frames [at, at + n) into x. */
static vnr_status mix_overlays(produce_sink *p, float *x, size_t n, uint64_t at, vnr_diag *diag)
{
    pthread_mutex_lock(&p->lock);
    overlay *list = p->overlays;
    pthread_mutex_unlock(&p->lock);
    for (overlay *o = list; o; o = o->next) {
        if (o->eof || o->start_out >= at + n)
            continue;
        size_t i = o->start_out > at ? (size_t)(o->start_out - at) : 0;
        while (i < n && !o->eof) {
            if (o->buf_pos == o->buf_len) {
                vnr_status st = overlay_fill(o, diag);
                if (st != VNR_OK)
                    return st;
                continue;
            }
            x[i++] += o->buf[o->buf_pos++];
        }
    }
    return VNR_OK;
}

/* The input samples of a jingle's span are silence here: the file itself is mixed instead. */
static void silence_overlays(produce_sink *p, float *x, size_t n, uint64_t at)
{
    pthread_mutex_lock(&p->lock);
    for (overlay *o = p->overlays; o; o = o->next) {
        uint64_t from = o->start_in > at ? o->start_in : at;
        uint64_t to = o->end_in < at + n ? o->end_in : at + n;
        for (uint64_t i = from; i < to; i++)
            x[i - at] = 0;
    }
    pthread_mutex_unlock(&p->lock);
}

/* --- The worker: resampled blocks to the spool (or the file) and the meter. --------------------
 */

static vnr_status take_block(void *user, const float *in, size_t n, vnr_diag *diag)
{
    produce_sink *p = user;
    float x[BLOCK];
    while (n > 0) {
        size_t m = n < BLOCK ? n : BLOCK;
        memcpy(x, in, m * sizeof *x);
        vnr_status st = mix_overlays(p, x, m, p->frames_out, diag);
        if (st != VNR_OK)
            return st;
        p->frames_out += m;
        if (p->meter && vnr_meter_add(p->meter, x, m) != VNR_OK)
            return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
        /* The true peak at unit gain, here beside the synthesis rather than after it. */
        if (p->meter)
            tracker_push(&p->direct, x, m);
        if (p->spool) {
            if (fwrite(x, sizeof *x, m, p->spool) != m)
                return vnr_fail(diag, VNR_ERR_IO, "%s: temporary file: %s", p->spool_dir,
                                strerror(errno));
        } else {
            if ((st = vnr_sink_file_write_float(p->file, x, m, diag)) != VNR_OK)
                return st;
        }
        in += m;
        n -= m;
    }
    return VNR_OK;
}

static vnr_status process(produce_sink *p, const int16_t *samples, size_t n, vnr_diag *diag)
{
    for (size_t i = 0; i < n; i++)
        p->conv[i] = (float)samples[i] / 32768.0f;
    silence_overlays(p, p->conv, n, p->frames_in);
    p->frames_in += n;
    return p->rs ? vnr_resampler_push(p->rs, p->conv, n, take_block, p, diag)
                 : take_block(p, p->conv, n, diag);
}

static void *worker_main(void *arg)
{
    produce_sink *p = arg;
    int16_t chunk[BLOCK];
    vnr_status st = VNR_OK;
    vnr_diag diag = {""};
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->q_count == 0 && !p->ending && !p->aborting)
            pthread_cond_wait(&p->changed, &p->lock);
        size_t n = 0;
        if (!p->aborting) {
            size_t first = QUEUE - p->q_head;
            n = p->q_count < BLOCK ? p->q_count : BLOCK;
            size_t a = n < first ? n : first;
            memcpy(chunk, p->queue + p->q_head, a * sizeof *chunk);
            memcpy(chunk + a, p->queue, (n - a) * sizeof *chunk);
            p->q_head = (p->q_head + n) % QUEUE;
            p->q_count -= n;
            pthread_cond_broadcast(&p->changed);
        }
        bool done = p->aborting || (n == 0 && p->ending);
        pthread_mutex_unlock(&p->lock);
        if (done)
            break;
        if ((st = process(p, chunk, n, &diag)) != VNR_OK)
            break;
    }
    if (st == VNR_OK && !p->aborting && p->rs)
        st = vnr_resampler_flush(p->rs, take_block, p, &diag);
    pthread_mutex_lock(&p->lock);
    p->worker_status = st;
    p->worker_diag = diag;
    p->worker_done = true;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static vnr_status worker_failed(produce_sink *p, vnr_diag *diag)
{
    if (diag)
        *diag = p->worker_diag;
    return p->worker_status;
}

static vnr_status produce_write(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag)
{
    produce_sink *p = (produce_sink *)sink;
    pthread_mutex_lock(&p->lock);
    while (n > 0) {
        if (p->worker_done) {
            pthread_mutex_unlock(&p->lock);
            return worker_failed(p, diag);
        }
        if (p->q_count == QUEUE) {
            pthread_cond_wait(&p->changed, &p->lock);
            continue;
        }
        size_t tail = (p->q_head + p->q_count) % QUEUE;
        size_t room = QUEUE - p->q_count, run = QUEUE - tail;
        size_t take = n < room ? n : room;
        take = take < run ? take : run;
        memcpy(p->queue + tail, samples, take * sizeof *samples);
        p->q_count += take;
        samples += take;
        n -= take;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return VNR_OK;
}

/* Wait for the worker to take everything and stop. */
static vnr_status worker_finish(produce_sink *p, bool abort, vnr_diag *diag)
{
    if (!p->started)
        return VNR_OK;
    pthread_mutex_lock(&p->lock);
    p->ending = true;
    p->aborting = abort;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->worker, NULL);
    p->started = false;
    return abort ? VNR_OK : worker_failed(p, diag);
}

/* --- Passes over the spool. --------------------------------------------------------------------
 */

static void report(produce_sink *p, const char *pass, double fraction)
{
    if (p->pass_fn)
        p->pass_fn(p->pass_user, pass, fraction);
}

static vnr_status spool_error(produce_sink *p, vnr_diag *diag)
{
    return vnr_fail(diag, VNR_ERR_IO, "%s: temporary file: %s", p->spool_dir, strerror(errno));
}

/* Integrated loudness of the program at gain_db through the limiter, from the chunk model. */
static vnr_status limited_loudness(produce_sink *p, double gain_db, double ceiling_db, double *e,
                                   double *out, vnr_diag *diag)
{
    size_t blk, n = vnr_meter_blocks(p->meter, &blk), chunk = vnr_meter_chunk_len(p->meter);
    if (fflush(p->chunks) != 0 || vnr_meter_chunk_error(p->meter))
        return vnr_fail(diag, VNR_ERR_IO, "%s: temporary file: %s", p->spool_dir, strerror(errno));
    vnr_status st = vnr_limiter_model(p->chunks, n * (blk / chunk), chunk, blk, p->out_rate,
                                      gain_db, ceiling_db, e, n);
    if (st != VNR_OK)
        return vnr_fail(diag, st, "%s: temporary file: %s", p->spool_dir, strerror(errno));
    *out = vnr_loudness_integrated(e, n);
    return stop_requested(p) ? vnr_fail(diag, VNR_ERR_STOPPED, "stopped") : VNR_OK;
}

static bool is_lossy(vnr_format f)
{
    return f == VNR_FORMAT_MP3 || f == VNR_FORMAT_OGG || f == VNR_FORMAT_OPUS;
}

/* The next gain to try: the secant through the last two tries (limiting makes loudness grow
 * slower than the gain), or the plain difference the first time. */
static double next_gain(double gain, double got, double prev_gain, double prev_got, double target)
{
    double slope = 1.0;
    if (isfinite(prev_got) && gain != prev_gain && got != prev_got)
        slope = (got - prev_got) / (gain - prev_gain);
    slope = slope < 0.1 ? 0.1 : slope > 1.0 ? 1.0 : slope;
    return gain + (target - got) / slope;
}

/* Gain and limiter ceiling that meet the loudness target and the true-peak ceiling; *ceiling_db
 * is HUGE_VAL when the gain alone keeps the true peak under the ceiling. */
static vnr_status plan_gain(produce_sink *p, double *gain_db, double *ceiling_db, vnr_diag *diag)
{
    size_t blk, n = vnr_meter_blocks(p->meter, &blk);
    double measured = vnr_loudness_integrated(vnr_meter_energies(p->meter), n);
    double target = p->opts.loudness;
    double ceiling = (p->opts.limit ? p->opts.true_peak : 0.0) - TP_MARGIN_DB -
                     (is_lossy(p->format) ? LOSSY_MARGIN_DB : 0.0);
    double gain = p->opts.normalize && isfinite(measured) ? target - measured : 0;
    *gain_db = gain;
    *ceiling_db = HUGE_VAL;
    report(p, "loudness", 0);
    vnr_status st = VNR_OK;
    float peak = p->unit_peak = tracker_end(&p->direct);
    if (st != VNR_OK || peak <= 0 || 20 * log10(peak) + gain <= ceiling)
        return st; /* no limiting: the gain is all */
    *ceiling_db = ceiling;
    if (!p->opts.normalize)
        return VNR_OK;
    double *e = malloc((n ? n : 1) * sizeof *e);
    if (!e)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    double prev_gain = 0, prev_got = -HUGE_VAL;
    for (int i = 0; i < MAX_STEPS && st == VNR_OK; i++) {
        double got = -HUGE_VAL;
        st = limited_loudness(p, gain, ceiling, e, &got, diag);
        report(p, "loudness", (double)(i + 1) / MAX_STEPS);
        *gain_db = gain;
        if (st != VNR_OK || !isfinite(got) || fabs(got - target) <= TOLERANCE_LU)
            break;
        double g = next_gain(gain, got, prev_gain, prev_got, target);
        prev_gain = gain;
        prev_got = got;
        gain = g;
    }
    free(e);
    return st;
}

/* The file's own work in the final pass - libsndfile's conversion to 24 or 16 bits, the MP3 or
 * Vorbis encoder, the writes - runs on a thread of its own, a few buffers behind the gain (and
 * limiter), so that on two cores the pass takes the longer of the two, not their sum. */
#define WRITE_BUFS 4
#define WRITE_LEN 65536

typedef struct writer {
    vnr_sink *file;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    float *buf[WRITE_BUFS]; /* samples, or (pcm24) 24-bit samples as int32_t */
    bool pcm24;             /* a 24-bit file: converted here, before the writer thread */
    size_t len[WRITE_BUFS];
    size_t head, count; /* full buffers waiting, from head */
    size_t cur, fill;   /* the buffer being filled (the one after the queue) and its samples */
    bool ending, failed;
    vnr_status status;
    vnr_diag diag;
} writer;

static void *writer_main(void *arg)
{
    writer *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->count == 0 && !w->ending)
            pthread_cond_wait(&w->changed, &w->lock);
        if (w->count == 0)
            break;
        size_t i = w->head;
        pthread_mutex_unlock(&w->lock);
        vnr_status st = w->failed ? VNR_OK
                        : w->pcm24
                            ? vnr_sink_file_write_pcm24(w->file, (const int32_t *)(void *)w->buf[i],
                                                        w->len[i], &w->diag)
                            : vnr_sink_file_write_float(w->file, w->buf[i], w->len[i], &w->diag);
        pthread_mutex_lock(&w->lock);
        if (st != VNR_OK && !w->failed)
            w->failed = true, w->status = st;
        w->head = (w->head + 1) % WRITE_BUFS;
        w->count--;
        pthread_cond_broadcast(&w->changed);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static vnr_status writer_start(writer *w, vnr_sink *file, vnr_diag *diag)
{
    memset(w, 0, sizeof *w);
    w->file = file;
    for (size_t i = 0; i < WRITE_BUFS; i++)
        if (!(w->buf[i] = malloc(WRITE_LEN * sizeof *w->buf[i])))
            return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->changed, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->changed);
        return vnr_fail(diag, VNR_ERR_NOMEM, "cannot start a thread");
    }
    return VNR_OK;
}

/* Hand the buffer being filled to the writer; wait for a free one. */
static vnr_status writer_hand(writer *w, vnr_diag *diag)
{
    pthread_mutex_lock(&w->lock);
    w->len[w->cur] = w->fill;
    w->cur = (w->cur + 1) % WRITE_BUFS;
    w->count++;
    pthread_cond_broadcast(&w->changed);
    while (w->count == WRITE_BUFS)
        pthread_cond_wait(&w->changed, &w->lock);
    bool failed = w->failed;
    pthread_mutex_unlock(&w->lock);
    w->fill = 0;
    if (failed && diag)
        *diag = w->diag;
    return failed ? w->status : VNR_OK;
}

/* Full scale to the 32-bit integers whose top 24 bits libsndfile stores, clipped (the largest
 * float under 2^31 is 2^31 - 128). Written so that the compiler makes it a vector loop: on the
 * calling thread it halves what the writer thread has to do. */
static void to_pcm24(const float *x, size_t n, int32_t *out)
{
    for (size_t i = 0; i < n; i++) {
        float v = x[i] * 2147483648.0f;
        v = v < 2147483520.0f ? v : 2147483520.0f;
        v = v > -2147483648.0f ? v : -2147483648.0f;
        out[i] = (int32_t)v;
    }
}

static vnr_status writer_put(writer *w, const float *x, size_t n, vnr_diag *diag)
{
    while (n > 0) {
        float *dst = w->buf[w->cur];
        size_t take = WRITE_LEN - w->fill < n ? WRITE_LEN - w->fill : n;
        if (w->pcm24)
            to_pcm24(x, take, (int32_t *)(void *)(dst + w->fill));
        else
            memcpy(dst + w->fill, x, take * sizeof *x);
        w->fill += take;
        x += take;
        n -= take;
        if (w->fill == WRITE_LEN) {
            vnr_status st = writer_hand(w, diag);
            if (st != VNR_OK)
                return st;
        }
    }
    return VNR_OK;
}

/* Write what is left (flush) or drop it, stop the thread; the first write error. */
static vnr_status writer_end(writer *w, bool flush, vnr_diag *diag)
{
    vnr_status st = VNR_OK;
    if (flush && w->fill > 0)
        st = writer_hand(w, diag);
    pthread_mutex_lock(&w->lock);
    w->ending = true;
    if (!flush)
        w->failed = true; /* what is queued is dropped */
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->changed);
    if (flush && st == VNR_OK && w->failed) {
        st = w->status;
        if (diag)
            *diag = w->diag;
    }
    return st;
}

static void writer_free(writer *w)
{
    for (size_t i = 0; i < WRITE_BUFS; i++)
        free(w->buf[i]);
}

/* One stretch of the spool, [from, to), through the gain (or a limiter of its own) to an output:
 * the whole program, or - for an MP3 file encoded on two cores - one of its two halves. */
typedef struct part {
    produce_sink *p;
    uint64_t from, to;
    double gain_db, ceiling_db;
    vnr_meter *meter; /* limited output: measured as written */
    tp_tracker tp;    /* and its true peak */
    vnr_limiter *lim;
    float *buf;
    bool main; /* the calling thread: reports progress */
    /* Where the samples go: the writer thread (the first part), or the second MP3 encoder. */
    writer *w;
    vnr_mp3 *mp3;
    uint64_t skip; /* samples at the start that are the join's silence, not encoded */
    FILE *bytes;   /* the second encoder's frames, appended to the file at the end */
    char *bytes_buf;
    atomic_int cancel; /* the other part failed: stop */
    vnr_status status;
    vnr_diag diag;
} part;

static vnr_status part_bytes(void *user, const void *bytes, size_t n, vnr_diag *diag)
{
    part *pt = user;
    if (fwrite(bytes, 1, n, pt->bytes) != n)
        return spool_error(pt->p, diag);
    return VNR_OK;
}

static vnr_status part_out(void *user, const float *x, size_t n, vnr_diag *diag)
{
    part *pt = user;
    if (pt->meter && vnr_meter_add(pt->meter, x, n) != VNR_OK)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (pt->meter)
        tracker_push(&pt->tp, x, n);
    if (!pt->mp3)
        return writer_put(pt->w, x, n, diag);
    size_t skip = pt->skip < n ? (size_t)pt->skip : n;
    pt->skip -= skip;
    return vnr_mp3_encode(pt->mp3, x + skip, n - skip, part_bytes, pt, diag);
}

static vnr_status part_init(part *pt, produce_sink *p, uint64_t from, uint64_t to, double gain_db,
                            double ceiling_db, vnr_diag *diag)
{
    memset(pt, 0, sizeof *pt);
    pt->p = p;
    pt->from = from;
    pt->to = to;
    pt->gain_db = gain_db;
    pt->ceiling_db = ceiling_db;
    tracker_init(&pt->tp);
    if (isfinite(ceiling_db) &&
        (vnr_meter_new(p->out_rate, &pt->meter) != VNR_OK ||
         vnr_limiter_new(p->out_rate, gain_db, ceiling_db, &pt->lim) != VNR_OK))
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (!(pt->buf = malloc(READ_BLOCK * sizeof *pt->buf)))
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    return VNR_OK;
}

static void part_free(part *pt)
{
    vnr_limiter_free(pt->lim);
    vnr_meter_free(pt->meter);
    vnr_mp3_free(pt->mp3);
    if (pt->bytes)
        fclose(pt->bytes);
    free(pt->bytes_buf);
    free(pt->buf);
}

/* Spool -> gain (or the limiter) -> output, for [from, to). The spool is read with pread(), so
 * that two parts can read it at once. */
static vnr_status part_run(part *pt, vnr_diag *diag)
{
    produce_sink *p = pt->p;
    float gain = (float)pow(10, pt->gain_db / 20);
    const char *name = is_lossy(p->format) ? "encoding" : "writing";
    int fd = fileno(p->spool);
    vnr_status st = VNR_OK;
    for (uint64_t at = pt->from; st == VNR_OK && at < pt->to; at += READ_BLOCK) {
        size_t n = pt->to - at < READ_BLOCK ? (size_t)(pt->to - at) : READ_BLOCK;
        if (stop_requested(p) || atomic_load(&pt->cancel))
            return vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
        if (pt->main)
            report(p, name, (double)(at - pt->from) / (double)(pt->to - pt->from));
        size_t bytes = n * sizeof *pt->buf;
        if (pread(fd, pt->buf, bytes, (off_t)(at * sizeof *pt->buf)) != (ssize_t)bytes)
            return spool_error(p, diag);
        if (pt->lim) {
            st = vnr_limiter_push(pt->lim, pt->buf, n, part_out, pt, diag);
            continue;
        }
        for (size_t i = 0; i < n; i++)
            pt->buf[i] *= gain;
        st = part_out(pt, pt->buf, n, diag);
    }
    if (st == VNR_OK && pt->lim)
        st = vnr_limiter_flush(pt->lim, part_out, pt, diag);
    if (st == VNR_OK && pt->mp3)
        st = vnr_mp3_flush(pt->mp3, part_bytes, pt, diag);
    if (st == VNR_OK && pt->bytes && fflush(pt->bytes) != 0)
        st = spool_error(p, diag);
    return st;
}

static void *part_thread(void *arg)
{
    part *pt = arg;
    pt->status = part_run(pt, &pt->diag);
    return NULL;
}

static vnr_status open_temp(produce_sink *p, FILE **out, char **buf, vnr_diag *diag);

/* --- Two cores for one MP3 file. ---------------------------------------------------------------
 * An MP3 encoder is the slowest stage of a web file (three times eSpeak NG itself), and it
 * cannot start before the gain is known. So the second half of a long program gets an encoder of
 * its own on the other core, and its frames are appended to the first half's (mp3.h explains
 * how the two streams line up sample for sample). The join must lie in silence: a pause between
 * sentences after the middle, where the first half ends at c (a 100 ms block boundary, so that
 * the two halves' loudness blocks are the program's) and the second starts at b, the sample the
 * first encoder's last frame ends on; [c, b) is dropped, a frame or two of silence. */
#define JOIN_MIN_S 20.0   /* shorter programs are encoded in one piece */
#define JOIN_QUIET 1.5e-5 /* under half a 16-bit step after the gain: silence */
#define JOIN_BEFORE_S 0.1 /* silence before the join: the limiter has recovered from any peak */

/* The join (c, b) in the program's second quarter after the middle; false if there is none. */
static bool find_join(produce_sink *p, float gain, uint64_t total, uint64_t *c_out, uint64_t *b_out)
{
    size_t blk;
    vnr_meter_blocks(p->meter, &blk);
    int fs = vnr_mp3_frame_samples(p->out_rate);
    uint64_t before = (uint64_t)(JOIN_BEFORE_S * p->out_rate), quiet_from = 0;
    bool quiet = false, found = false;
    float *x = malloc(BLOCK * sizeof *x);
    int fd = fileno(p->spool);
    for (uint64_t at = total / 2; x && !found && at < total / 4 * 3; at += BLOCK) {
        size_t n = BLOCK, bytes = n * sizeof *x;
        if (pread(fd, x, bytes, (off_t)(at * sizeof *x)) != (ssize_t)bytes)
            break;
        for (size_t i = 0; i < n && !found; i++) {
            uint64_t now = at + i;
            if (fabsf(x[i]) * gain > JOIN_QUIET) {
                quiet = false;
                continue;
            }
            if (!quiet)
                quiet = true, quiet_from = now;
            /* The latest block boundary c with `before` of silence before it, whose b and one
             * more frame are silent too (up to now). */
            if (now + 1 < quiet_from + before)
                continue;
            uint64_t c = (quiet_from + before + blk - 1) / blk * blk;
            uint64_t frames = vnr_mp3_frames_for(p->out_rate, c);
            if (frames == 0)
                break;
            uint64_t b = frames * (uint64_t)fs;
            if (c <= now && b + (uint64_t)fs <= now + 1) {
                *c_out = c;
                *b_out = b;
                found = true;
            }
        }
    }
    free(x);
    return found;
}

/* Start the second half on a thread of its own; false (and one piece) if it cannot be. */
static bool start_second(produce_sink *p, part *second, pthread_t *thread, float gain,
                         double gain_db, double ceiling_db, uint64_t total, uint64_t *c)
{
    uint64_t b = 0;
    vnr_diag ignored;
    if (!vnr_sink_file_mp3(p->file) || (double)total < JOIN_MIN_S * p->out_rate ||
        !find_join(p, gain, total, c, &b))
        return false;
    bool ready =
        part_init(second, p, *c, total, gain_db, ceiling_db, &ignored) == VNR_OK &&
        vnr_mp3_new(p->out_rate, false, "temporary MP3", &second->mp3, &ignored) == VNR_OK &&
        open_temp(p, &second->bytes, &second->bytes_buf, &ignored) == VNR_OK;
    second->skip = b - *c; /* before the thread starts: it reads it */
    if (!ready || pthread_create(thread, NULL, part_thread, second) != 0) {
        part_free(second);
        return false;
    }
    return true;
}

/* The program's loudness as written: the parts' block energies in order, their true peak. */
static vnr_status part_results(produce_sink *p, part *first, part *second, bool joined, float gain)
{
    size_t blk, nb = vnr_meter_blocks(p->meter, &blk);
    if (!first->meter) {
        double *e = vnr_meter_energies(p->meter), g2 = (double)gain * gain;
        for (size_t b = 0; b < nb; b++)
            e[b] *= g2;
        /* True peak scales with the gain, exactly. */
        vnr_loudness_from_energies(e, nb, p->unit_peak * gain, &p->result);
        return VNR_OK;
    }
    size_t n1 = vnr_meter_blocks(first->meter, &blk);
    size_t n2 = joined ? vnr_meter_blocks(second->meter, &blk) : 0;
    double *e = malloc((n1 + n2 + 1) * sizeof *e);
    if (!e)
        return VNR_ERR_NOMEM;
    memcpy(e, vnr_meter_energies(first->meter), n1 * sizeof *e);
    if (n2)
        memcpy(e + n1, vnr_meter_energies(second->meter), n2 * sizeof *e);
    float tp = tracker_end(&first->tp), tp2 = joined ? tracker_end(&second->tp) : 0;
    vnr_loudness_from_energies(e, n1 + n2, tp > tp2 ? tp : tp2, &p->result);
    free(e);
    return VNR_OK;
}

/* Spool -> gain (or the limiter) -> file, measuring what is written; an MP3 file's second half
 * on the other core. */
static vnr_status final_pass_run(produce_sink *p, double gain_db, double ceiling_db, vnr_diag *diag)
{
    uint64_t total = p->frames_out, c = total;
    float gain = (float)pow(10, gain_db / 20);
    part first, second;
    writer w;
    pthread_t thread;
    memset(&w, 0, sizeof w);
    if (fflush(p->spool) != 0)
        return spool_error(p, diag);
    bool joined = start_second(p, &second, &thread, gain, gain_db, ceiling_db, total, &c);
    vnr_status st = part_init(&first, p, 0, c, gain_db, ceiling_db, diag);
    bool writing = st == VNR_OK && (st = writer_start(&w, p->file, diag)) == VNR_OK;
    w.pcm24 = vnr_sink_file_pcm24(p->file);
    first.w = &w;
    first.main = true;
    if (st == VNR_OK)
        st = part_run(&first, diag);
    if (writing) {
        vnr_status ws = writer_end(&w, st == VNR_OK, st == VNR_OK ? diag : NULL);
        st = st == VNR_OK ? ws : st;
    }
    writer_free(&w);
    if (joined) {
        if (st != VNR_OK)
            atomic_store(&second.cancel, 1);
        pthread_join(thread, NULL);
        if (st == VNR_OK && second.status != VNR_OK) {
            st = second.status;
            if (diag)
                *diag = second.diag;
        }
        if (st == VNR_OK)
            st = vnr_sink_file_join_mp3(p->file, second.mp3, fileno(second.bytes),
                                        (uint64_t)ftello(second.bytes), diag);
    }
    if (st == VNR_OK && part_results(p, &first, &second, joined, gain) != VNR_OK)
        st = vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (st == VNR_OK)
        report(p, is_lossy(p->format) ? "encoding" : "writing", 1);
    part_free(&first);
    if (joined)
        part_free(&second);
    return st;
}

/* --- Metadata. ---------------------------------------------------------------------------------
 */

static vnr_status set_bext(produce_sink *p, const vnr_loudness *l, vnr_diag *diag)
{
    SF_BROADCAST_INFO info;
    vnr_bext_fields f = {p->opts.title, p->opts.originator, p->out_rate, p->bits, p->in_rate, l,
                         p->now};
    vnr_bext_fill(&info, sizeof info, &f);
    return vnr_sink_file_set_bext(p->file, &info, sizeof info, diag);
}

/* --- The sink. ---------------------------------------------------------------------------------
 */

static vnr_status produce_finish(vnr_sink *sink, vnr_diag *diag)
{
    produce_sink *p = (produce_sink *)sink;
    vnr_status st = worker_finish(p, false, diag);
    if (st == VNR_OK && p->spool) {
        double gain_db = 0, ceiling_db = HUGE_VAL;
        st = fflush(p->spool) == 0 ? plan_gain(p, &gain_db, &ceiling_db, diag)
                                   : spool_error(p, diag);
        if (st == VNR_OK)
            st = final_pass_run(p, gain_db, ceiling_db, diag);
        p->measured = st == VNR_OK;
    } else if (st == VNR_OK && p->meter) {
        size_t blk, n = vnr_meter_blocks(p->meter, &blk);
        vnr_loudness_from_energies(vnr_meter_energies(p->meter), n, tracker_end(&p->direct),
                                   &p->result);
        p->measured = true;
    }
    if (st == VNR_OK && p->bext)
        st = set_bext(p, &p->result, diag);
    return st == VNR_OK ? vnr_sink_finish(p->file, diag) : st;
}

static void produce_free(vnr_sink *sink)
{
    produce_sink *p = (produce_sink *)sink;
    worker_finish(p, true, NULL);
    vnr_sink_free(p->file);
    vnr_resampler_free(p->rs);
    vnr_meter_free(p->meter);
    if (p->spool)
        fclose(p->spool);
    if (p->chunks)
        fclose(p->chunks);
    free(p->spool_buf); /* after fclose: the stream used it */
    free(p->chunks_buf);
    while (p->overlays) {
        overlay *o = p->overlays;
        p->overlays = o->next;
        overlay_free(o);
    }
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->changed);
    free(p->queue);
    free(p->spool_dir);
    free(p->title);
    free(p->originator);
    free(p);
}

static const vnr_sink_ops produce_ops = {produce_write, produce_finish, produce_free};

/* Other sinks write what they are given: only a produced file has its own frames. */
uint64_t vnr_sink_output_frame(const vnr_sink *sink, uint64_t input_frame)
{
    if (!sink || sink->ops != &produce_ops)
        return input_frame;
    const produce_sink *p = (const produce_sink *)sink;
    return vnr_resampled_position(input_frame, p->in_rate, p->out_rate);
}

void vnr_file_options_init(vnr_file_options *opts)
{
    memset(opts, 0, sizeof *opts); /* all zero: every field's default (vnreader.h) */
}

vnr_status vnr_sink_loudness(const vnr_sink *sink, vnr_loudness *out, vnr_diag *diag)
{
    if (!sink || sink->ops != &produce_ops || !((const produce_sink *)sink)->measured)
        return vnr_fail(diag, VNR_ERR_INVALID, "this output measured no loudness");
    *out = ((const produce_sink *)sink)->result;
    return VNR_OK;
}

void vnr_sink_set_pass_fn(vnr_sink *sink, vnr_pass_fn fn, void *user)
{
    if (!sink || sink->ops != &produce_ops)
        return;
    produce_sink *p = (produce_sink *)sink;
    p->pass_fn = fn;
    p->pass_user = user;
}

bool vnr_sink_mix_begin(vnr_sink *sink, const char *path, uint64_t input_frame, vnr_diag *diag)
{
    if (!sink || sink->ops != &produce_ops || sink->error != VNR_OK)
        return false;
    produce_sink *p = (produce_sink *)sink;
    if (p->out_rate == p->in_rate)
        return false; /* the reader's own conversion is already at the output rate */
    overlay *o = calloc(1, sizeof *o);
    size_t len = strlen(path) + 1;
    if (!o || !(o->path = malloc(len))) {
        free(o);
        return false;
    }
    memcpy(o->path, path, len);
    o->start_in = input_frame;
    o->end_in = UINT64_MAX;
    o->start_out = vnr_resampled_position(input_frame, p->in_rate, p->out_rate);
    if (overlay_open(o, p->out_rate, diag) != VNR_OK) {
        overlay_free(o);
        return false;
    }
    pthread_mutex_lock(&p->lock);
    o->next = p->overlays;
    p->overlays = o;
    pthread_mutex_unlock(&p->lock);
    return true;
}

void vnr_sink_mix_end(vnr_sink *sink, uint64_t input_frame)
{
    if (!sink || sink->ops != &produce_ops)
        return;
    produce_sink *p = (produce_sink *)sink;
    pthread_mutex_lock(&p->lock);
    for (overlay *o = p->overlays; o; o = o->next)
        if (o->end_in == UINT64_MAX)
            o->end_in = input_frame;
    pthread_mutex_unlock(&p->lock);
}

/* --- Opening. ----------------------------------------------------------------------------------
 */

static char *copy_str(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

/* A temporary file in spool_dir, unlinked at once. */
static vnr_status open_temp(produce_sink *p, FILE **out, char **buf, vnr_diag *diag)
{
    size_t size = strlen(p->spool_dir) + 40;
    char *name = malloc(size);
    if (!name)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    snprintf(name, size, "%s/.vnreader-spool.XXXXXX", p->spool_dir);
    int slot;
    int fd = vnr_temp_mkstemp(name, &slot);
    if (fd >= 0) {
        unlink(name);
        vnr_temp_forget(slot);
        *out = fdopen(fd, "w+b");
        if (!*out)
            close(fd);
        /* Large stdio buffers: the spool takes 110 MB for ten minutes at 48 kHz, and a system
         * call per 4 KB (the default; glibc ignores a size given without a buffer) cost more
         * than the copying. */
        else if ((*buf = malloc(TEMP_BUFFER)) != NULL)
            setvbuf(*out, *buf, _IOFBF, TEMP_BUFFER);
    }
    int err = errno;
    free(name);
    if (!*out)
        return vnr_fail(diag, VNR_ERR_IO, "%s: cannot make a temporary file: %s", p->spool_dir,
                        strerror(err));
    return VNR_OK;
}

/* The spool and the chunk file: in the output's folder (or $TMPDIR for stdout and devices). */
static vnr_status open_spool(produce_sink *p, const char *path, vnr_diag *diag)
{
    const char *slash = strrchr(path, '/');
    const char *tmp = getenv("TMPDIR");
    bool stream =
        strcmp(path, "-") == 0 || strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
    size_t dir_len = stream ? 0 : slash ? (size_t)(slash - path) + (slash == path) : 1;
    const char *dir = stream ? (tmp && *tmp ? tmp : "/tmp") : slash ? path : ".";
    if (stream)
        dir_len = strlen(dir);
    size_t size = dir_len + 40;
    if (!(p->spool_dir = malloc(size)))
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    snprintf(p->spool_dir, size, "%.*s", (int)dir_len, dir);
    vnr_status st = open_temp(p, &p->spool, &p->spool_buf, diag);
    return st == VNR_OK ? open_temp(p, &p->chunks, &p->chunks_buf, diag) : st;
}

static bool wants_processing(const vnr_file_options *o, int in_rate, vnr_format format)
{
    return o && ((o->sample_rate && o->sample_rate != in_rate) || (o->bits && o->bits != 16) ||
                 o->normalize || o->limit || o->broadcast || o->title || o->originator ||
                 format == VNR_FORMAT_OPUS);
}

static vnr_status produce_open(produce_sink *p, const char *path, vnr_diag *diag)
{
    vnr_status st = vnr_sink_file_open(path, p->format, p->out_rate, p->bits, &p->file, diag);
    if (st == VNR_OK && p->in_rate != p->out_rate)
        st = vnr_resampler_new(p->in_rate, p->out_rate, &p->rs, diag);
    if (st == VNR_OK && (p->opts.normalize || p->opts.limit))
        st = open_spool(p, path, diag);
    p->bext = st == VNR_OK && vnr_sink_file_takes_bext(p->file) &&
              (p->opts.broadcast || p->opts.title || p->opts.originator || p->opts.normalize ||
               p->opts.limit);
    if (st == VNR_OK && (p->spool || p->bext) && vnr_meter_new(p->out_rate, &p->meter) != VNR_OK)
        st = vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (st == VNR_OK && p->chunks)
        vnr_meter_record_chunks(p->meter, p->chunks);
    /* libsndfile places the bext chunk before the audio: it must exist before the first sample,
     * and is filled in again at the end with the measured loudness. */
    if (st == VNR_OK && p->bext)
        st = set_bext(p, NULL, diag);
    if (st == VNR_OK && !(p->queue = malloc(QUEUE * sizeof *p->queue)))
        st = vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (st == VNR_OK && pthread_create(&p->worker, NULL, worker_main, p) != 0)
        st = vnr_fail(diag, VNR_ERR_NOMEM, "cannot start a thread");
    p->started = st == VNR_OK;
    return st;
}

static vnr_format resolve(const char *path, vnr_format format)
{
    if (format == VNR_FORMAT_AUTO)
        format = vnr_format_from_path(path);
    return format == VNR_FORMAT_AUTO ? VNR_FORMAT_WAV : format;
}

vnr_status vnr_sink_produce_new(const char *path, vnr_format format, int input_rate,
                                const vnr_file_options *opts, vnr_sink **out, vnr_diag *diag)
{
    *out = NULL;
    if (!path || input_rate <= 0)
        return vnr_fail(diag, VNR_ERR_INVALID, "bad output file arguments");
    format = resolve(path, format);
    if (!wants_processing(opts, input_rate, format))
        return vnr_sink_file_new(path, format, input_rate, out, diag);
    produce_sink *p = calloc(1, sizeof *p);
    if (!p)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    vnr_sink_init(&p->base, &produce_ops);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    p->format = format;
    p->opts = *opts;
    p->in_rate = input_rate;
    p->out_rate = opts->sample_rate           ? opts->sample_rate
                  : format == VNR_FORMAT_OPUS ? 48000
                                              : input_rate;
    p->bits = opts->bits ? opts->bits : 16;
    p->now = (int64_t)time(NULL);
    p->title = copy_str(opts->title);
    p->originator = copy_str(opts->originator);
    p->opts.title = p->title;
    p->opts.originator = p->originator;
    tracker_init(&p->direct);
    vnr_status st = (opts->title && !p->title) || (opts->originator && !p->originator)
                        ? vnr_fail(diag, VNR_ERR_NOMEM, "out of memory")
                        : produce_open(p, path, diag);
    if (st != VNR_OK) {
        produce_free(&p->base);
        return st;
    }
    *out = &p->base;
    return VNR_OK;
}
