/* produce.c - a file made for air or the web: the reader's 16-bit samples are resampled
 * (libsoxr), brought to a loudness under a true-peak ceiling (libebur128 and a look-ahead
 * limiter), written at 16 or 24 bits, and a WAV file gets Broadcast WAV metadata measured on
 * its final audio.
 *
 * Loudness normalization needs the integrated loudness of the whole program before its first
 * sample can be written. Two designs keep memory bounded: synthesize twice (measure, then write),
 * or spool once to a temporary file. We spool: the sink does not own the text, so it cannot read
 * it again (and standard input cannot be read twice); a bulletin's jingles and gaps, written by
 * the caller through the reader, would have to be replayed identically; and sentence positions
 * for captions are final after one pass. The spool holds the resampled float samples (exact
 * measurement, no second resampling), about 690 MB per hour at 48 kHz, in the output's folder
 * (the same disk the output needs anyway), unlinked as soon as it is created so that even a
 * crash leaves nothing behind.
 *
 * At the end: gain = target - measured loudness. True peak scales with the gain, so when
 * measured true peak + gain stays under the ceiling no limiting is needed and the output is the
 * spool times the gain, exactly. Otherwise the look-ahead limiter (loudness.c) runs; it limits
 * sample peaks, so the result is measured in a dry run (no writing) and the limiter's ceiling
 * lowered by any true-peak excess (and the gain corrected for what limiting took off the
 * loudness) until both hold; the final pass is the last dry run, now written. Lossy encoders
 * (MP3, Vorbis, Opus) add peaks of their own: their ceiling keeps a margin. */
#include "produce/produce.h"
#include "audio/sink.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sndfile.h>

#define BLOCK 4096
#define LOSSY_MARGIN_DB 0.5 /* room for a lossy encoder's own overshoot */
#define TOLERANCE_LU 0.1    /* integrated loudness within this of the target */
#define MAX_DRY_RUNS 8

typedef struct produce_sink {
    vnr_sink base;
    vnr_sink *file; /* the destination, at out_rate */
    vnr_format format;
    int in_rate, out_rate, bits;
    vnr_file_options opts; /* title and originator point to the copies below */
    char *title, *originator;
    vnr_resampler *rs; /* NULL when the rates match */
    FILE *spool;       /* two passes: the resampled program, float, already unlinked */
    char *spool_dir;
    vnr_meter *meter; /* pass 1, or the only pass */
    bool bext;
    bool measured;
    vnr_loudness result;
    int64_t now;
    uint64_t frames_in;
    float conv[BLOCK];
} produce_sink;

/* --- Where samples go after resampling. --------------------------------------------------------
 */

/* A block of the (resampled) program: to the spool in two-pass mode, else straight out. */
static vnr_status take_block(void *user, const float *x, size_t n, vnr_diag *diag)
{
    produce_sink *p = user;
    if (p->meter && vnr_meter_add(p->meter, x, n) != VNR_OK)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (!p->spool)
        return vnr_sink_file_write_float(p->file, x, n, diag);
    if (fwrite(x, sizeof *x, n, p->spool) != n)
        return vnr_fail(diag, VNR_ERR_IO, "%s: temporary file: %s", p->spool_dir, strerror(errno));
    return VNR_OK;
}

static vnr_status produce_write(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag)
{
    produce_sink *p = (produce_sink *)sink;
    p->frames_in += n;
    while (n > 0) {
        size_t chunk = n < BLOCK ? n : BLOCK;
        for (size_t i = 0; i < chunk; i++)
            p->conv[i] = (float)samples[i] / 32768.0f;
        vnr_status st = p->rs ? vnr_resampler_push(p->rs, p->conv, chunk, take_block, p, diag)
                              : take_block(p, p->conv, chunk, diag);
        if (st != VNR_OK)
            return st;
        samples += chunk;
        n -= chunk;
    }
    return VNR_OK;
}

/* --- The second pass: spool -> gain (+ limiter) -> meter (-> file). -----------------------------
 */

typedef struct pass {
    produce_sink *p;
    vnr_meter *meter;
    bool write;
} pass;

static vnr_status pass_out(void *user, const float *x, size_t n, vnr_diag *diag)
{
    pass *ps = user;
    if (vnr_meter_add(ps->meter, x, n) != VNR_OK)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    return ps->write ? vnr_sink_file_write_float(ps->p->file, x, n, diag) : VNR_OK;
}

/* Read the spool through the gain (and the limiter when ceiling_db is finite) into a new meter;
 * write too if asked. */
static vnr_status run_pass(produce_sink *p, double gain_db, double ceiling_db, bool write,
                           vnr_loudness *out, vnr_diag *diag)
{
    pass ps = {p, NULL, write};
    vnr_limiter *lim = NULL;
    vnr_status st = vnr_meter_new(p->out_rate, &ps.meter);
    if (st == VNR_OK && isfinite(ceiling_db))
        st = vnr_limiter_new(p->out_rate, gain_db, ceiling_db, &lim);
    if (st != VNR_OK) {
        vnr_meter_free(ps.meter);
        return vnr_fail(diag, st, "out of memory");
    }
    float gain = (float)pow(10, gain_db / 20), buf[BLOCK];
    rewind(p->spool);
    size_t n;
    while (st == VNR_OK && (n = fread(buf, sizeof *buf, BLOCK, p->spool)) > 0) {
        /* Ctrl-C in a pass over an hour of audio (690 MB) must not wait for its end: every
         * block checks, dry runs too (they write nothing that would notice). */
        if (vnr_stop_all_requested()) {
            st = vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
            break;
        }
        if (lim) {
            st = vnr_limiter_push(lim, buf, n, pass_out, &ps, diag);
            continue;
        }
        for (size_t i = 0; i < n; i++)
            buf[i] *= gain;
        st = pass_out(&ps, buf, n, diag);
    }
    if (st == VNR_OK && ferror(p->spool))
        st = vnr_fail(diag, VNR_ERR_IO, "%s: temporary file: %s", p->spool_dir, strerror(errno));
    if (st == VNR_OK && lim)
        st = vnr_limiter_flush(lim, pass_out, &ps, diag);
    if (st == VNR_OK)
        vnr_meter_result(ps.meter, out);
    vnr_limiter_free(lim);
    vnr_meter_free(ps.meter);
    return st;
}

static bool is_lossy(vnr_format f)
{
    return f == VNR_FORMAT_MP3 || f == VNR_FORMAT_OGG || f == VNR_FORMAT_OPUS;
}

/* The next gain to try: the secant through the last two runs (limiting makes loudness grow
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
    vnr_loudness first;
    vnr_meter_result(p->meter, &first);
    double target = p->opts.loudness;
    double ceiling =
        (p->opts.limit ? p->opts.true_peak : 0.0) - (is_lossy(p->format) ? LOSSY_MARGIN_DB : 0.0);
    double gain = p->opts.normalize && isfinite(first.integrated) ? target - first.integrated : 0;
    *gain_db = gain;
    *ceiling_db = HUGE_VAL;
    if (!isfinite(first.true_peak) || first.true_peak + gain <= ceiling)
        return VNR_OK; /* no limiting: the gain is all */
    double limit_at = ceiling, best_error = HUGE_VAL;
    double prev_gain = 0, prev_got = -HUGE_VAL;
    for (int run = 0; run < MAX_DRY_RUNS; run++) {
        vnr_loudness got;
        vnr_status st = run_pass(p, gain, limit_at, false, &got, diag);
        if (st != VNR_OK)
            return st;
        bool peak_ok = !(got.true_peak > ceiling);
        double error =
            p->opts.normalize && isfinite(got.integrated) ? fabs(got.integrated - target) : 0;
        if (peak_ok && error < best_error) { /* the best safe settings so far */
            best_error = error;
            *gain_db = gain;
            *ceiling_db = limit_at;
        }
        if (peak_ok && error <= TOLERANCE_LU)
            return VNR_OK;
        if (!peak_ok)
            limit_at -= got.true_peak - ceiling + 0.02;
        if (error > TOLERANCE_LU) {
            double g = next_gain(gain, got.integrated, prev_gain, prev_got, target);
            prev_gain = gain;
            prev_got = got.integrated;
            gain = g;
        }
    }
    if (!isfinite(best_error)) { /* never under the ceiling: a clear margin */
        *gain_db = gain;
        *ceiling_db = limit_at - 1.0;
    }
    return VNR_OK;
}

/* --- Metadata. ---------------------------------------------------------------------------------
 */

static vnr_status set_bext(produce_sink *p, const vnr_loudness *l, vnr_diag *diag)
{
    SF_BROADCAST_INFO info;
    vnr_bext_fields f = {p->opts.title, p->opts.originator, p->out_rate, p->bits, l, p->now};
    vnr_bext_fill(&info, sizeof info, &f);
    return vnr_sink_file_set_bext(p->file, &info, sizeof info, diag);
}

/* --- The sink. ---------------------------------------------------------------------------------
 */

static vnr_status produce_finish(vnr_sink *sink, vnr_diag *diag)
{
    produce_sink *p = (produce_sink *)sink;
    vnr_status st = p->rs ? vnr_resampler_flush(p->rs, take_block, p, diag) : VNR_OK;
    if (st == VNR_OK && p->spool) {
        double gain_db = 0, ceiling_db = HUGE_VAL;
        st = fflush(p->spool) == 0 ? plan_gain(p, &gain_db, &ceiling_db, diag)
                                   : vnr_fail(diag, VNR_ERR_IO, "%s: temporary file: %s",
                                              p->spool_dir, strerror(errno));
        if (st == VNR_OK)
            st = run_pass(p, gain_db, ceiling_db, true, &p->result, diag);
        p->measured = st == VNR_OK;
    } else if (st == VNR_OK && p->meter) {
        vnr_meter_result(p->meter, &p->result);
        p->measured = true;
    }
    if (st == VNR_OK && p->bext)
        st = set_bext(p, &p->result, diag);
    return st == VNR_OK ? vnr_sink_finish(p->file, diag) : st;
}

static void produce_free(vnr_sink *sink)
{
    produce_sink *p = (produce_sink *)sink;
    vnr_sink_free(p->file);
    vnr_resampler_free(p->rs);
    vnr_meter_free(p->meter);
    if (p->spool)
        fclose(p->spool);
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

/* The spool: a float file in the output's folder (or $TMPDIR for stdout and devices), unlinked
 * at once. */
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
    char *name = malloc(size);
    if (!name)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    snprintf(name, size, "%s/.vnreader-spool.XXXXXX", p->spool_dir);
    int slot;
    int fd = vnr_temp_mkstemp(name, &slot);
    if (fd >= 0) {
        unlink(name);
        vnr_temp_forget(slot);
        p->spool = fdopen(fd, "w+b");
        if (!p->spool)
            close(fd);
    }
    int err = errno;
    free(name);
    if (!p->spool)
        return vnr_fail(diag, VNR_ERR_IO, "%s: cannot make a temporary file: %s", p->spool_dir,
                        strerror(err));
    return VNR_OK;
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
    /* libsndfile places the bext chunk before the audio: it must exist before the first sample,
     * and is filled in again at the end with the measured loudness. */
    if (st == VNR_OK && p->bext)
        st = set_bext(p, NULL, diag);
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
