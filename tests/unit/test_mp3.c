/* test_mp3.c - the MP3 writer (src/audio/mp3.c): LAME's framing as vnr_mp3_frames_for predicts
 * it, our tag against LAME's own (through libsndfile, which asks LAME for it), and two encoders
 * joined into one stream that decodes like one encoder's. */
#include "audio/mp3.h"
#include "test.h"

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef struct bytes {
    unsigned char *data;
    size_t len, cap;
} bytes;

static vnr_status put(void *user, const void *b, size_t n, vnr_diag *diag)
{
    (void)diag;
    bytes *out = user;
    if (out->len + n > out->cap) {
        out->cap = (out->len + n) * 2;
        out->data = realloc(out->data, out->cap);
    }
    memcpy(out->data + out->len, b, n);
    out->len += n;
    return VNR_OK;
}

/* A tone that swells and fades, with a silence of half a second in the middle (the join). */
static float *program(int rate, size_t n, double gap_from, double gap_to)
{
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate;
        bool gap = t >= gap_from && t < gap_to;
        x[i] = gap ? 0.0f
                   : (float)(0.4 * sin(2 * M_PI * 440 * t) * (0.6 + 0.4 * sin(2 * M_PI * 0.7 * t)));
    }
    return x;
}

/* Audio frames in an MP3 stream (the tag frame not counted), by walking the frame headers. */
static size_t count_frames(const unsigned char *b, size_t n, size_t tag)
{
    static const int v1[16] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    static const int v2[16] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    size_t frames = 0;
    for (size_t i = tag; i + 4 <= n; frames++) {
        if (b[i] != 0xFF || (b[i + 1] & 0xE0) != 0xE0)
            return (size_t)-1;
        static const int rates[4][3] = {
            {11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000}};
        int version = (b[i + 1] >> 3) & 3;
        bool mpeg1 = version == 3;
        int rate = rates[version][(b[i + 2] >> 2) & 3], br = b[i + 2] >> 4,
            pad = (b[i + 2] >> 1) & 1;
        i += (size_t)((mpeg1 ? 144 : 72) * (mpeg1 ? v1[br] : v2[br]) * 1000 / rate + pad);
    }
    return frames;
}

/* Encode x with one encoder; the stream with its tag in place. */
static bytes encode_one(int rate, const float *x, size_t n, bool tagged)
{
    bytes out = {0};
    vnr_mp3 *e = NULL;
    vnr_diag d = {""};
    CHECK_INT(vnr_mp3_new(rate, tagged, "test", &e, &d), VNR_OK);
    if (!e)
        return out;
    CHECK_INT(vnr_mp3_encode(e, x, n, put, &out, &d), VNR_OK);
    CHECK_INT(vnr_mp3_flush(e, put, &out, &d), VNR_OK);
    if (tagged)
        CHECK_INT(vnr_mp3_tag(e, out.data, vnr_mp3_tag_size(e), &d), VNR_OK);
    vnr_mp3_free(e);
    return out;
}

/* LAME pads the end to whole frames, one more when the decoder's delay would not be covered:
 * vnr_mp3_frames_for must say exactly how many frames any length makes, or a joined second
 * half would start a frame early or late. */
void test_mp3_framing(void)
{
    /* MPEG-1 (1152 samples a frame), MPEG-2 and MPEG-2.5 (576). */
    static const int rates[] = {44100, 48000, 32000, 22050, 16000, 8000};
    float *x = program(44100, 20000, 1, 1);
    for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
        size_t fs = (size_t)vnr_mp3_frame_samples(rates[r]);
        for (size_t n = 0; n <= 3 * fs; n += (n % fs > fs - 40 || n % fs < 40) ? 1 : 37) {
            bytes b = encode_one(rates[r], x, n, false);
            size_t frames = count_frames(b.data, b.len, 0);
            if (frames != vnr_mp3_frames_for(rates[r], n))
                fprintf(stderr, "rate %d, %zu samples: %zu frames\n", rates[r], n, frames);
            CHECK_INT(frames, vnr_mp3_frames_for(rates[r], n));
            free(b.data);
        }
    }
    free(x);
}

/* The same samples through libsndfile, which writes LAME's own tag: the files are the same byte
 * for byte, so our tag (frame count, seek table, padding, CRCs) is LAME's. */
void test_mp3_tag_is_lames(void)
{
    int rate = 44100;
    size_t n = (size_t)rate * 7;
    float *x = program(rate, n, 3, 3.5);
    bytes ours = encode_one(rate, x, n, true);
    char path[] = "/tmp/vnr-mp3-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    SF_INFO info = {
        .samplerate = rate, .channels = 1, .format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III};
    SNDFILE *sf = sf_open_fd(fd, SFM_WRITE, &info, 1);
    CHECK(sf != NULL);
    if (sf) {
        sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
        CHECK(sf_write_float(sf, x, (sf_count_t)n) == (sf_count_t)n);
        sf_close(sf);
    }
    FILE *f = fopen(path, "rb");
    unsigned char *theirs = malloc(ours.len + 1);
    size_t got = f ? fread(theirs, 1, ours.len + 1, f) : 0;
    CHECK_INT(got, ours.len);
    CHECK(got == ours.len && memcmp(theirs, ours.data, got) == 0);
    if (f)
        fclose(f);
    unlink(path);
    free(theirs);
    free(ours.data);
    free(x);
}

/* Decode a stream (libsndfile through mpg123, which honours the tag's delay and padding). */
static float *decode(const bytes *b, sf_count_t *frames)
{
    char path[] = "/tmp/vnr-mp3-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, b->data, b->len) == (ssize_t)b->len);
    close(fd);
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    CHECK(sf != NULL);
    float *x = NULL;
    *frames = 0;
    if (sf) {
        x = malloc((size_t)info.frames * sizeof *x + 1);
        *frames = sf_readf_float(sf, x, info.frames);
        sf_close(sf);
    }
    unlink(path);
    return x;
}

/* Error energy of a against ref over [from, to), in dB under ref's energy. */
static double error_db(const float *a, const float *ref, size_t from, size_t to)
{
    double e = 0, s = 0;
    for (size_t i = from; i < to; i++) {
        e += (double)(a[i] - ref[i]) * (a[i] - ref[i]);
        s += (double)ref[i] * ref[i];
    }
    return e > 0 ? 10 * log10(e / s) : -HUGE_VAL;
}

/* Two halves encoded apart and joined in the silence decode to the program: the same length as
 * one encoder's stream, every sample in place, as close to the source as one encoder is. */
void test_mp3_join(void)
{
    static const int rates[] = {44100, 22050};
    for (size_t r = 0; r < 2; r++) {
        int rate = rates[r];
        size_t n = (size_t)rate * 6;
        float *x = program(rate, n, 2.7, 3.2);
        size_t c = (size_t)(2.8 * rate);
        size_t b = (size_t)vnr_mp3_frames_for(rate, c) * (size_t)vnr_mp3_frame_samples(rate);
        CHECK(b > c && b < (size_t)(3.1 * rate)); /* the dropped stretch lies in the silence */
        bytes one = encode_one(rate, x, n, true), first = {0}, second = {0};
        vnr_mp3 *a = NULL, *e2 = NULL;
        vnr_diag d = {""};
        CHECK_INT(vnr_mp3_new(rate, true, "a", &a, &d), VNR_OK);
        CHECK_INT(vnr_mp3_new(rate, false, "b", &e2, &d), VNR_OK);
        if (!a || !e2)
            return;
        CHECK_INT(vnr_mp3_encode(a, x, c, put, &first, &d), VNR_OK);
        CHECK_INT(vnr_mp3_flush(a, put, &first, &d), VNR_OK);
        CHECK_INT(vnr_mp3_encode(e2, x + b, n - b, put, &second, &d), VNR_OK);
        CHECK_INT(vnr_mp3_flush(e2, put, &second, &d), VNR_OK);
        vnr_mp3_join(a, e2);
        vnr_mp3_join_bytes(a, second.data, second.len);
        put(&first, second.data, second.len, &d);
        CHECK_INT(vnr_mp3_tag(a, first.data, vnr_mp3_tag_size(a), &d), VNR_OK);
        CHECK_INT(count_frames(first.data, first.len, vnr_mp3_tag_size(a)),
                  count_frames(one.data, one.len, vnr_mp3_tag_size(a)));
        sf_count_t n1 = 0, n2 = 0;
        float *y1 = decode(&one, &n1), *y2 = decode(&first, &n2);
        CHECK_INT(n1, (sf_count_t)n);
        CHECK_INT(n2, (sf_count_t)n);
        if (y1 && y2 && n1 == (sf_count_t)n && n2 == (sf_count_t)n) {
            /* Both halves as faithful as the single stream: a misplaced half would be a tone a
             * few hundred samples out of phase, an error as loud as the signal (0 dB). */
            double whole = error_db(y1, x, 0, n), joined1 = error_db(y2, x, 0, c),
                   joined2 = error_db(y2, x, b, n);
            CHECK(whole < -30);
            CHECK(joined1 < whole + 3);
            CHECK(joined2 < whole + 3);
            float gap = 0;
            for (size_t i = c; i < b; i++)
                gap = fabsf(y2[i]) > gap ? fabsf(y2[i]) : gap;
            CHECK(gap < 1e-3f); /* the join itself is silent: no click */
        }
        free(y1);
        free(y2);
        vnr_mp3_free(a);
        vnr_mp3_free(e2);
        free(one.data);
        free(first.data);
        free(second.data);
        free(x);
    }
}
