/* audio_file.c - an audio file played into the reader's output: a bulletin's intro or outro
 * jingle. Any format libsndfile reads; the channels are averaged to mono and the rate converted
 * with libsoxr (high quality) to the reader's, a block at a time, so memory does not grow with
 * the file. The samples go through vnr_reader_write, so caption positions count them. */
#include "audio/sink.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <soxr.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BLOCK 4096 /* frames read at a time */

typedef struct jingle {
    vnr_reader *reader;
    SNDFILE *sf;
    SF_INFO info;
    soxr_t soxr; /* NULL when the rates already match */
    float *in;   /* BLOCK frames, all channels */
    float *mono; /* BLOCK frames */
    float *out;  /* converted: BLOCK * ratio + slack */
    size_t out_cap;
    int16_t *pcm;
} jingle;

static int16_t to_pcm(float x)
{
    float v = x * 32767.0f;
    return (int16_t)lrintf(v > 32767.0f ? 32767.0f : v < -32768.0f ? -32768.0f : v);
}

static vnr_status emit(jingle *j, const float *s, size_t n, vnr_diag *diag)
{
    for (size_t i = 0; i < n; i++)
        j->pcm[i] = to_pcm(s[i]);
    return vnr_reader_write(j->reader, j->pcm, n, diag);
}

/* Convert n mono frames and write them; s == NULL ends the input and flushes soxr's tail.
 * (Passing NULL is what tells soxr the input is over, so a block of ours never does.) */
static vnr_status convert(jingle *j, const float *s, size_t n, vnr_diag *diag)
{
    if (!j->soxr)
        return s ? emit(j, s, n, diag) : VNR_OK;
    for (;;) {
        size_t used = 0, made = 0;
        soxr_error_t e = soxr_process(j->soxr, s, n, &used, j->out, j->out_cap, &made);
        if (e)
            return vnr_fail(diag, VNR_ERR_AUDIO, "resampling: %s", e);
        vnr_status st = emit(j, j->out, made, diag);
        if (st != VNR_OK)
            return st;
        if (s) {
            s += used;
            n -= used;
        }
        if (n == 0 && made < j->out_cap)
            return VNR_OK; /* all in, and the converter had no more to give */
    }
}

static vnr_status play(jingle *j, const char *path, vnr_diag *diag)
{
    int channels = j->info.channels;
    for (;;) {
        sf_count_t got = sf_readf_float(j->sf, j->in, BLOCK);
        if (got < 0 || (got == 0 && sf_error(j->sf)))
            return vnr_fail(diag, VNR_ERR_IO, "%s: %s", path, sf_strerror(j->sf));
        if (got == 0)
            return convert(j, NULL, 0, diag);
        for (sf_count_t f = 0; f < got; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++)
                sum += j->in[f * channels + c];
            j->mono[f] = sum / (float)channels;
        }
        vnr_status st = convert(j, j->mono, (size_t)got, diag);
        if (st != VNR_OK)
            return st;
    }
}

static vnr_status open_jingle(jingle *j, const char *path, int rate, vnr_diag *diag)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return vnr_fail(diag, errno == ENOENT ? VNR_ERR_NOT_FOUND : VNR_ERR_IO, "%s: %s", path,
                        strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return vnr_fail(diag, VNR_ERR_IS_DIR, "%s: is a directory, not an audio file", path);
    /* The file is there: whatever errno holds now is stale (libsndfile does not set it for "not
     * audio"), so the message is libsndfile's own: "Format not recognised." */
    if (!(j->sf = sf_open(path, SFM_READ, &j->info)))
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: not an audio file libsndfile can read: %s", path,
                        sf_strerror(NULL));
    if (j->info.channels < 1 || j->info.samplerate < 1)
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: no audio", path);
    double ratio = (double)rate / j->info.samplerate;
    j->out_cap = (size_t)(BLOCK * ratio) + 64;
    size_t most = j->out_cap > BLOCK ? j->out_cap : BLOCK;
    j->in = malloc(sizeof(float) * BLOCK * (size_t)j->info.channels);
    j->mono = malloc(sizeof(float) * BLOCK);
    j->out = malloc(sizeof(float) * j->out_cap);
    j->pcm = malloc(sizeof(int16_t) * most);
    if (!j->in || !j->mono || !j->out || !j->pcm)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (j->info.samplerate == rate)
        return VNR_OK;
    soxr_error_t e = NULL;
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
    j->soxr = soxr_create(j->info.samplerate, rate, 1, &e, NULL, &q, NULL);
    if (!j->soxr)
        return vnr_fail(diag, VNR_ERR_AUDIO, "%s: resampling: %s", path, e ? e : "failed");
    return VNR_OK;
}

vnr_status vnr_reader_play_file(vnr_reader *reader, const char *path, vnr_diag *diag)
{
    jingle j;
    memset(&j, 0, sizeof j);
    j.reader = reader;
    vnr_status st = open_jingle(&j, path, vnr_reader_sample_rate(reader), diag);
    /* A produced file at 48 kHz mixes the jingle itself, at 48 kHz (see vnr_sink_mix_begin). */
    size_t n_sinks = vnr_reader_sink_count(reader);
    for (size_t i = 0; st == VNR_OK && i < n_sinks; i++)
        vnr_sink_mix_begin(vnr_reader_sink_at(reader, i), path, vnr_reader_position(reader), NULL);
    if (st == VNR_OK)
        st = play(&j, path, diag);
    for (size_t i = 0; i < n_sinks; i++)
        vnr_sink_mix_end(vnr_reader_sink_at(reader, i), vnr_reader_position(reader));
    if (j.soxr)
        soxr_delete(j.soxr);
    if (j.sf)
        sf_close(j.sf);
    free(j.in);
    free(j.mono);
    free(j.out);
    free(j.pcm);
    return st;
}
