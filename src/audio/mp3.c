/* mp3.c - MP3 through LAME, and the Xing/LAME tag of a stream made by one encoder or two joined
 * (see mp3.h for why). The tag's layout: "Xing" (VBR) or "Info" (CBR) after the side information
 * of the first frame, with flags, frame count, byte count, a 100-entry seek table and a quality;
 * then LAME's extension (version, settings, encoder delay and end padding, music length, music
 * CRC, and a CRC of the tag frame itself). We take LAME's own tag frame as the template, so every
 * setting it records stays LAME's, and rewrite only what depends on the whole stream. */
#include "audio/mp3.h"

#include <lame/lame.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 4096                      /* samples per call to LAME */
#define OUT_SIZE (CHUNK * 5 / 4 + 7200) /* LAME's worst case for CHUNK samples */
#define TOC_ENTRIES 100
#define XING_SEARCH 64      /* the tag starts within this many bytes of the frame */
#define XING_FLAGS_ALL 0x0F /* frames, bytes, seek table, quality */
#define XING_LEN 120        /* "Xing", flags, frames, bytes, seek table, quality */
#define LAME_DELAY 21       /* in LAME's extension: delay (12 bits) and padding (12 bits) */
#define LAME_MUSIC_LEN 28
#define LAME_MUSIC_CRC 32
#define LAME_TAG_CRC 34
#define LAME_EXT_LEN 36
/* The LAME whose framing (vnr_mp3_frames_for) the unit tests verify against real encodes. */
#define FRAMING_VERIFIED "3.100"

struct vnr_mp3 {
    lame_t lame;
    char *name;
    int rate, frame_samples;
    bool tagged;
    size_t tag_size;     /* bytes of the tag frame at the start (0 until LAME has made it) */
    size_t tag_left;     /* of them, not yet seen in the output */
    uint64_t samples;    /* program samples the stream holds */
    uint64_t bytes;      /* audio bytes (the tag frame not counted) */
    uint16_t *kbps;      /* the bit rate of each audio frame, for the seek table */
    size_t frames, cap;  /* frames seen, and room in kbps */
    uint64_t frame_left; /* bytes of the current frame still to come */
    unsigned char head[4];
    size_t head_len; /* bytes of the next frame's header seen so far */
    uint16_t crc;    /* of the audio bytes */
    bool bad_stream; /* LAME made something that is not a frame: no tag can describe it */
    float buf[CHUNK];
    unsigned char out[OUT_SIZE];
};

/* --- Frames in LAME's output. ------------------------------------------------------------------
 */

/* The length of the Layer III frame whose header is h, or 0 if h is not one; its bit rate. */
static size_t frame_length(const unsigned char h[4], int *rate_kbps)
{
    static const int v1_kbps[16] = {0,   32,  40,  48,  56,  64,  80, 96,
                                    112, 128, 160, 192, 224, 256, 320};
    static const int v2_kbps[16] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    static const int rates[4][3] = {
        {11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000}};
    if (h[0] != 0xFF || (h[1] & 0xE0) != 0xE0 || ((h[1] >> 1) & 3) != 1)
        return 0;
    int version = (h[1] >> 3) & 3, br = h[2] >> 4, sr = (h[2] >> 2) & 3, pad = (h[2] >> 1) & 1;
    if (version == 1 || sr == 3 || br == 0 || br == 15)
        return 0;
    int kbps = version == 3 ? v1_kbps[br] : v2_kbps[br];
    *rate_kbps = kbps;
    int per = version == 3 ? 144 : 72; /* bytes per kbit/s at 1 Hz: samples per frame / 8 */
    return (size_t)(per * kbps * 1000 / rates[version][sr] + pad);
}

static bool reserve(vnr_mp3 *e, size_t frames)
{
    if (frames <= e->cap)
        return true;
    size_t cap = e->cap ? e->cap : 4096;
    while (cap < frames)
        cap *= 2;
    uint16_t *k = realloc(e->kbps, cap * sizeof *k);
    if (!k)
        return false;
    e->kbps = k;
    e->cap = cap;
    return true;
}

/* Follow the frames through bytes (LAME's output, in any pieces): count them, note where each
 * starts, and sum the CRC of the audio. A tagged stream's first frame is LAME's placeholder for
 * the tag: its length is the tag's, and it is not audio. */
static vnr_status scan(vnr_mp3 *e, const unsigned char *b, size_t n, vnr_diag *diag)
{
    while (n > 0) {
        if (e->frame_left > 0 || e->tag_left > 0) {
            bool tag = e->tag_left > 0;
            uint64_t left = tag ? e->tag_left : e->frame_left;
            size_t take = left < n ? (size_t)left : n;
            if (tag) {
                e->tag_left -= take;
            } else {
                e->crc = vnr_mp3_crc16(e->crc, b, take);
                e->frame_left -= take;
                e->bytes += take;
            }
            b += take;
            n -= take;
            continue;
        }
        e->head[e->head_len++] = *b++;
        n--;
        if (e->head_len < 4)
            continue;
        e->head_len = 0;
        int kbps = 0;
        size_t len = frame_length(e->head, &kbps);
        if (len < 4) {
            e->bad_stream = true; /* not a frame: count the rest as one frame's bytes */
            len = 4;
        }
        if (e->tagged && !e->tag_size) {
            e->tag_size = len;
            e->tag_left = len - 4;
            continue;
        }
        if (!reserve(e, e->frames + 1))
            return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
        e->kbps[e->frames++] = (uint16_t)kbps;
        e->frame_left = len - 4;
        e->crc = vnr_mp3_crc16(e->crc, e->head, 4);
        e->bytes += 4;
    }
    return VNR_OK;
}

static vnr_status lame_failed(const vnr_mp3 *e, int code, vnr_diag *diag)
{
    return vnr_fail(diag, code == -2 ? VNR_ERR_NOMEM : VNR_ERR_AUDIO, "%s: MP3 encoder failed (%d)",
                    e->name, code);
}

static vnr_status deliver(vnr_mp3 *e, int made, vnr_bytes_fn fn, void *user, vnr_diag *diag)
{
    if (made < 0)
        return lame_failed(e, made, diag);
    if (made == 0)
        return VNR_OK;
    vnr_status st = scan(e, e->out, (size_t)made, diag);
    return st == VNR_OK ? fn(user, e->out, (size_t)made, diag) : st;
}

/* --- The encoder. ------------------------------------------------------------------------------
 */

vnr_status vnr_mp3_new(int rate, bool tagged, const char *name, vnr_mp3 **out, vnr_diag *diag)
{
    *out = NULL;
    vnr_mp3 *e = calloc(1, sizeof *e);
    size_t len = strlen(name) + 1;
    if (!e || !(e->name = malloc(len))) {
        free(e);
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    memcpy(e->name, name, len);
    e->rate = rate;
    e->frame_samples = vnr_mp3_frame_samples(rate);
    e->tagged = tagged;
    e->lame = lame_init();
    if (!e->lame) {
        vnr_mp3_free(e);
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    lame_set_in_samplerate(e->lame, rate);
    lame_set_out_samplerate(e->lame, rate);
    lame_set_num_channels(e->lame, 1);
    lame_set_mode(e->lame, MONO);
    lame_set_VBR(e->lame, vbr_default);
    lame_set_bWriteVbrTag(e->lame, tagged);
    lame_set_write_id3tag_automatic(e->lame, 0);
    if (lame_init_params(e->lame) < 0) {
        vnr_mp3_free(e);
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: MP3 cannot be made at %d Hz", name, rate);
    }
    *out = e;
    return VNR_OK;
}

void vnr_mp3_free(vnr_mp3 *e)
{
    if (!e)
        return;
    if (e->lame)
        lame_close(e->lame);
    free(e->kbps);
    free(e->name);
    free(e);
}

vnr_status vnr_mp3_encode(vnr_mp3 *e, const float *x, size_t n, vnr_bytes_fn fn, void *user,
                          vnr_diag *diag)
{
    while (n > 0) {
        size_t take = n < CHUNK ? n : CHUNK;
        /* LAME's float input is full scale at +-1.0 and not clipped: a resampler's overshoot
         * must not wrap, so it is clipped here as the other formats' writers do. */
        for (size_t i = 0; i < take; i++)
            e->buf[i] = x[i] > 1.0f ? 1.0f : x[i] < -1.0f ? -1.0f : x[i];
        int made = lame_encode_buffer_ieee_float(e->lame, e->buf, NULL, (int)take, e->out,
                                                 (int)sizeof e->out);
        vnr_status st = deliver(e, made, fn, user, diag);
        if (st != VNR_OK)
            return st;
        e->samples += take;
        x += take;
        n -= take;
    }
    return VNR_OK;
}

vnr_status vnr_mp3_flush(vnr_mp3 *e, vnr_bytes_fn fn, void *user, vnr_diag *diag)
{
    return deliver(e, lame_encode_flush(e->lame, e->out, (int)sizeof e->out), fn, user, diag);
}

int vnr_mp3_frame_samples(int rate)
{
    return rate >= 32000 ? VNR_MP3_FRAME_SAMPLES : VNR_MP3_FRAME_SAMPLES / 2;
}

/* LAME starts its first frame ENCODER_DELAY samples before the program and pads the end with
 * silence to whole frames, with at least one more frame's worth when less than one frame of the
 * decoder's delay would be left (found by encoding every length, tests/unit/test_audio.c). */
#define ENCODER_DELAY 576
uint64_t vnr_mp3_frames_for(int rate, uint64_t n)
{
    if (strcmp(get_lame_version(), FRAMING_VERIFIED) != 0)
        return 0;
    uint64_t fs = (uint64_t)vnr_mp3_frame_samples(rate);
    uint64_t padding = fs - (n + ENCODER_DELAY) % fs;
    if (padding < ENCODER_DELAY)
        padding += fs;
    return (n + ENCODER_DELAY + padding) / fs;
}

/* --- Joining and the tag. ----------------------------------------------------------------------
 */

void vnr_mp3_join(vnr_mp3 *first, const vnr_mp3 *second)
{
    /* The second encoder started right after the first's last frame. */
    first->samples = (uint64_t)first->frames * (uint64_t)first->frame_samples + second->samples;
    if (!reserve(first, first->frames + second->frames)) {
        first->bad_stream = true; /* no seek table can be made: vnr_mp3_tag says so */
        return;
    }
    memcpy(first->kbps + first->frames, second->kbps, second->frames * sizeof *second->kbps);
    first->frames += second->frames;
    first->bad_stream |= second->bad_stream;
}

void vnr_mp3_join_bytes(vnr_mp3 *first, const void *bytes, size_t n)
{
    first->crc = vnr_mp3_crc16(first->crc, bytes, n);
    first->bytes += n;
}

size_t vnr_mp3_tag_size(const vnr_mp3 *e)
{
    return e->tag_size;
}

static void put_be(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
}

/* Seek table: entry i says how far into the audio bytes (in 256ths) the frame i% of the way
 * through starts, so that players seek in a VBR stream without reading it. Made as LAME makes it,
 * so that a stream from one encoder gets LAME's own tag byte for byte (the unit tests compare):
 * running sums of the frames' bit rates, kept every `want` frames in SEEK_BAG slots, every other
 * one dropped and `want` doubled whenever they fill. */
#define SEEK_BAG 400
static void seek_table(const vnr_mp3 *e, unsigned char *toc)
{
    int bag[SEEK_BAG];
    int sum = 0, pos = 0, want = 1, seen = 0;
    for (size_t f = 0; f < e->frames; f++) {
        sum += e->kbps[f];
        if (++seen < want)
            continue;
        bag[pos++] = sum;
        seen = 0;
        if (pos == SEEK_BAG) {
            for (int i = 1; i < SEEK_BAG; i += 2)
                bag[i / 2] = bag[i];
            want *= 2;
            pos /= 2;
        }
    }
    memset(toc, 0, TOC_ENTRIES);
    for (int i = 1; i < TOC_ENTRIES && pos > 0; i++) {
        int at = (int)floor((float)i / TOC_ENTRIES * (float)pos);
        int v = (int)(256.0 * bag[at < pos ? at : pos - 1] / sum);
        toc[i] = (unsigned char)(v > 255 ? 255 : v);
    }
}

vnr_status vnr_mp3_tag(vnr_mp3 *e, unsigned char *buf, size_t size, vnr_diag *diag)
{
    if (!e->tagged || size < e->tag_size || e->bad_stream)
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: the MP3 stream cannot be tagged", e->name);
    size_t n = lame_get_lametag_frame(e->lame, buf, size);
    size_t x = 0;
    while (x + 4 <= XING_SEARCH && memcmp(buf + x, "Xing", 4) != 0 && memcmp(buf + x, "Info", 4))
        x++;
    size_t lame = x + XING_LEN;
    if (n != e->tag_size || x + 4 > XING_SEARCH || buf[x + 7] != XING_FLAGS_ALL ||
        lame + LAME_EXT_LEN > n || memcmp(buf + lame, "LAME", 4) != 0)
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: this LAME writes a tag of another layout",
                        e->name);
    uint64_t total = e->tag_size + e->bytes;
    uint64_t padding =
        (uint64_t)e->frames * (uint64_t)e->frame_samples - ENCODER_DELAY - e->samples;
    put_be(buf + x + 8, e->frames, 4);
    put_be(buf + x + 12, total, 4);
    seek_table(e, buf + x + 16);
    unsigned char *ext = buf + lame;
    ext[LAME_DELAY + 1] = (unsigned char)((ext[LAME_DELAY + 1] & 0xF0) | ((padding >> 8) & 0x0F));
    ext[LAME_DELAY + 2] = (unsigned char)(padding & 0xFF);
    put_be(ext + LAME_MUSIC_LEN, total, 4);
    put_be(ext + LAME_MUSIC_CRC, e->crc, 2);
    put_be(ext + LAME_TAG_CRC, vnr_mp3_crc16(0, buf, lame + LAME_TAG_CRC), 2);
    return VNR_OK;
}

static uint16_t crc_table[256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void crc_init(void)
{
    for (unsigned i = 0; i < 256; i++) {
        unsigned c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0xA001u : c >> 1;
        crc_table[i] = (uint16_t)c;
    }
}

uint16_t vnr_mp3_crc16(uint16_t crc, const void *bytes, size_t n)
{
    pthread_once(&crc_once, crc_init); /* two encoders may start at once */
    const uint16_t *table = crc_table;
    const unsigned char *b = bytes;
    for (size_t i = 0; i < n; i++)
        crc = (uint16_t)((crc >> 8) ^ table[(crc ^ b[i]) & 0xFF]);
    return crc;
}
