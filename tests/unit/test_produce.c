/* test_produce.c - unit tests of produced files: ASCII folding for bext, output positions after
 * resampling, the limiter's ceiling and alignment, and combinations refused before any file. */
#include "produce/produce.h"
#include "test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

void test_ascii_fold(void)
{
    char buf[64];
    vnr_ascii_fold("Bản tin thời sự", strlen("Bản tin thời sự"), buf, sizeof buf);
    CHECK_STR(buf, "Ban tin thoi su");
    vnr_ascii_fold("Đà Nẵng – “Hội An”", strlen("Đà Nẵng – “Hội An”"), buf, sizeof buf);
    CHECK_STR(buf, "Da Nang - \"Hoi An\"");
    vnr_ascii_fold("đường ĐT-741", strlen("đường ĐT-741"), buf, sizeof buf);
    CHECK_STR(buf, "duong DT-741");
    /* snprintf-like: the length needed, a cut but terminated buffer. */
    CHECK_INT(vnr_ascii_fold("Việt Nam", strlen("Việt Nam"), buf, 5), 8);
    CHECK_STR(buf, "Viet");
    vnr_ascii_fold("漢\xff", 4, buf, sizeof buf);
    CHECK_STR(buf, "??");
}

void test_resampled_position(void)
{
    CHECK_INT(vnr_resampled_position(22050, 22050, 48000), 48000);
    CHECK_INT(vnr_resampled_position(1, 22050, 48000), 2);
    CHECK_INT(vnr_resampled_position(0, 22050, 44100), 0);
    /* Ten hours: exact, no drift, no overflow. */
    uint64_t ten_hours = 22050ULL * 36000;
    CHECK_INT(vnr_resampled_position(ten_hours, 22050, 48000), 48000ULL * 36000);
    CHECK_INT(vnr_resampled_position(12345, 22050, 22050), 12345);
}

typedef struct collected {
    float *x;
    size_t n, cap;
} collected;

static vnr_status collect(void *user, const float *x, size_t n, vnr_diag *diag)
{
    (void)diag;
    collected *c = user;
    for (size_t i = 0; i < n && c->n < c->cap; i++)
        c->x[c->n++] = x[i];
    return VNR_OK;
}

void test_limiter_ceiling(void)
{
    enum { N = 48000 };
    float *in = malloc(N * sizeof *in);
    collected out = {malloc(N * 2 * sizeof(float)), 0, N * 2};
    vnr_limiter *lim = NULL;
    if (!in || !out.x || vnr_limiter_new(48000, 6.0, -1.0, &lim) != VNR_OK) {
        CHECK(0);
        return;
    }
    /* A quiet tone with one loud burst in the middle: +6 dB pushes the burst past the ceiling. */
    for (int i = 0; i < N; i++)
        in[i] = (float)((i >= 24000 && i < 24480 ? 0.9 : 0.1) * sin(i * 0.05));
    CHECK_INT(vnr_limiter_push(lim, in, 1000, collect, &out, NULL), VNR_OK);
    CHECK_INT(vnr_limiter_push(lim, in + 1000, N - 1000, collect, &out, NULL), VNR_OK);
    CHECK_INT(vnr_limiter_flush(lim, collect, &out, NULL), VNR_OK);
    CHECK_INT(out.n, N); /* as long as the input, no delay left */
    double ceiling = pow(10, -1.0 / 20), peak = 0;
    for (size_t i = 0; i < out.n; i++)
        peak = fabs(out.x[i]) > peak ? fabs(out.x[i]) : peak;
    CHECK(peak <= ceiling + 1e-6);
    CHECK(peak > ceiling * 0.95); /* limited, not squashed */
    /* Before the burst the gain is just +6 dB, sample for sample (aligned); after it, the gain
     * has recovered (80 ms release) within half a percent. */
    double g = pow(10, 6.0 / 20);
    CHECK(fabs(out.x[5000] - in[5000] * g) < 1e-4);
    CHECK(fabs(out.x[47001] - in[47001] * g) < 0.005 * fabs(in[47001] * g) + 1e-6);
    vnr_limiter_free(lim);
    free(in);
    free(out.x);
}

/* Issue 14: true peaks, not just samples, stay under the ceiling. A tone at a quarter of the
 * sample rate, phased so that every sample falls 45 degrees off the crest, has sample peaks 3 dB
 * under its true peak: a sample-peak limiter lets it through 2 dB over a -1 dBTP ceiling. Pushed
 * in lengths that leave the limiter's staging nearly full at the flush (4101 = 4096 + 5). */
void test_limiter_true_peak(void)
{
    enum { N = 4096 * 3 + 4101 };
    float *in = malloc((N + 12) * sizeof *in);
    collected out = {malloc((N + 12) * sizeof(float)), 0, N + 12};
    vnr_limiter *lim = NULL;
    if (!in || !out.x || vnr_limiter_new(48000, 0.0, -1.0, &lim) != VNR_OK) {
        CHECK(0);
        return;
    }
    for (int i = 0; i < N + 12; i++) /* 12: silence either side for the measurement */
        in[i] = i < 6 || i >= N + 6 ? 0.0f : (float)(0.99 * sin(M_PI / 2 * (i - 6) + M_PI / 4));
    CHECK(20 * log10(vnr_tp_peak(in + 6, N, 0)) > -0.2); /* the tone: about 0 dBTP */
    CHECK(20 * log10(vnr_tp_peak(in + 6, N, 0)) - 20 * log10(0.99 * sin(M_PI / 4)) > 2.5);
    CHECK_INT(vnr_limiter_push(lim, in + 6, 4096 * 3, collect, &out, NULL), VNR_OK);
    CHECK_INT(vnr_limiter_push(lim, in + 6 + 4096 * 3, 4101, collect, &out, NULL), VNR_OK);
    CHECK_INT(vnr_limiter_flush(lim, collect, &out, NULL), VNR_OK);
    CHECK_INT(out.n, N);
    float padded[N + 12];
    memset(padded, 0, sizeof padded);
    memcpy(padded + 6, out.x, N * sizeof *out.x);
    /* Skip the first 5 ms, where the gain falls from 1 (the look-ahead sees the tone coming). */
    double tp = 20 * log10(vnr_tp_peak(padded + 6 + 480, N - 480, 0));
    CHECK(tp <= -1.0 + 0.02);
    CHECK(tp > -1.5); /* limited to the ceiling, not far under it */
    vnr_limiter_free(lim);
    free(in);
    free(out.x);
}

void test_produce_refuses(void)
{
    char dir[] = "/tmp/vnr-produce-unit.XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    char path[128];
    vnr_diag d = {""};
    vnr_sink *sink = NULL;
    vnr_file_options o = {0};
    o.sample_rate = 44100;
    snprintf(path, sizeof path, "%s/x.opus", dir);
    CHECK_INT(vnr_sink_produce_new(path, VNR_FORMAT_AUTO, 22050, &o, &sink, &d), VNR_ERR_FORMAT);
    CHECK(strstr(d.text, "48000") != NULL);
    o.sample_rate = 0;
    o.bits = 24;
    snprintf(path, sizeof path, "%s/x.mp3", dir);
    CHECK_INT(vnr_sink_produce_new(path, VNR_FORMAT_AUTO, 22050, &o, &sink, &d), VNR_ERR_FORMAT);
    CHECK(sink == NULL);
    CHECK_INT(rmdir(dir), 0); /* empty: nothing was created, not even a temporary file */
    /* A plain file sink maps positions to themselves; vnr_sink_loudness has nothing. */
    snprintf(path, sizeof path, "%s/x.wav", dir);
    mkdir(dir, 0700);
    o.bits = 0;
    CHECK_INT(vnr_sink_produce_new(path, VNR_FORMAT_AUTO, 22050, &o, &sink, &d), VNR_OK);
    CHECK_INT(vnr_sink_output_frame(sink, 22050), 22050);
    vnr_loudness l;
    CHECK_INT(vnr_sink_loudness(sink, &l, NULL), VNR_ERR_INVALID);
    vnr_sink_free(sink);
    o.sample_rate = 48000;
    o.normalize = 1;
    o.loudness = -23;
    CHECK_INT(vnr_sink_produce_new(path, VNR_FORMAT_AUTO, 22050, &o, &sink, &d), VNR_OK);
    CHECK_INT(vnr_sink_output_frame(sink, 22050), 48000);
    vnr_sink_free(sink); /* unfinished: the spool and temporary output go */
    CHECK_INT(rmdir(dir), 0);
}
