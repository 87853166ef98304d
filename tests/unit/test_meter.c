/* test_meter.c - unit tests of the loudness meter and the true-peak check (loudness.c) against
 * plain implementations written here: the K-weighting as two biquads run one sample at a time
 * (BS.1770-4's cascade, from its analog definitions), the true peak with every sample
 * oversampled. The meter runs the filters two samples at a time and the true peak judges
 * groups by their sample peak: both must measure the same, on speech and on test signals. */
#include "produce/produce.h"
#include "test.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define GUARD 1e-15        /* the meter's DC offset against denormal numbers */
#define TOLERANCE 1e-9     /* relative, on each 100 ms block's energy */
#define ENERGY_FLOOR 1e-20 /* -200 LUFS: under it blocks compare absolutely (silence) */

/* --- The reference K-weighting: BS.1770-4, one sample at a time. ---------------------------- */

typedef struct ref_biquad {
    double b0, b1, b2, a1, a2, z1, z2;
} ref_biquad;

/* The head's high shelf (+4 dB above ~1.7 kHz) and the RLB high-pass (38 Hz) from their analog
 * prototypes by the bilinear transform, as the standard's 48 kHz coefficients were made. */
static void ref_k_weighting(int rate, ref_biquad *shelf, ref_biquad *hp)
{
    double vh = pow(10, 3.999843853973347 / 20), vb = pow(vh, 0.4996667741545416);
    double q = 0.7071752369554196, k = tan(M_PI * 1681.974450955533 / rate);
    double a0 = 1 + k / q + k * k;
    shelf->b0 = (vh + vb * k / q + k * k) / a0;
    shelf->b1 = 2 * (k * k - vh) / a0;
    shelf->b2 = (vh - vb * k / q + k * k) / a0;
    shelf->a1 = 2 * (k * k - 1) / a0;
    shelf->a2 = (1 - k / q + k * k) / a0;
    q = 0.5003270373238773;
    k = tan(M_PI * 38.13547087602444 / rate);
    a0 = 1 + k / q + k * k;
    hp->b0 = 1; /* the RLB curve: a double zero at DC, unnormalized */
    hp->b1 = -2;
    hp->b2 = 1;
    hp->a1 = 2 * (k * k - 1) / a0;
    hp->a2 = (1 - k / q + k * k) / a0;
    shelf->z1 = shelf->z2 = hp->z1 = hp->z2 = 0;
}

static double ref_run(ref_biquad *f, double x)
{
    double y = f->b0 * x + f->z1;
    f->z1 = f->b1 * x - f->a1 * y + f->z2;
    f->z2 = f->b2 * x - f->a2 * y;
    return y;
}

/* Mean square of every whole 100 ms block of the K-weighted x, and its sample peak. */
static size_t ref_blocks(int rate, const float *x, size_t n, double *energy, float *peak)
{
    ref_biquad shelf, hp;
    ref_k_weighting(rate, &shelf, &hp);
    size_t block = (size_t)rate / 10, nb = n / block;
    for (size_t b = 0; b < nb; b++) {
        double sum = 0;
        float most = 0;
        for (size_t i = b * block; i < (b + 1) * block; i++) {
            double y = ref_run(&hp, ref_run(&shelf, x[i] + GUARD));
            sum += y * y;
            most = fabsf(x[i]) > most ? fabsf(x[i]) : most;
        }
        energy[b] = sum / (double)block;
        peak[b] = most;
    }
    return nb;
}

/* --- Signals. ------------------------------------------------------------------------------- */

static float *sine(int rate, double hz, double amplitude, size_t n)
{
    float *x = malloc(n * sizeof *x);
    for (size_t i = 0; x && i < n; i++)
        x[i] = (float)(amplitude * sin(2 * M_PI * hz * (double)i / rate));
    return x;
}

static float *white_noise(size_t n)
{
    float *x = malloc(n * sizeof *x);
    unsigned seed = 2024;
    for (size_t i = 0; x && i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        x[i] = (float)((double)(seed >> 8) / 8388608.0 - 1.0) * 0.5f;
    }
    return x;
}

typedef struct speech {
    float *x;
    size_t n, cap;
} speech;

static int keep_speech(void *user, const int16_t *s, size_t n)
{
    speech *sp = user;
    if (sp->n + n > sp->cap) {
        size_t cap = (sp->n + n) * 2;
        float *grown = realloc(sp->x, cap * sizeof *grown);
        if (!grown)
            return 1;
        sp->x = grown;
        sp->cap = cap;
    }
    for (size_t i = 0; i < n; i++)
        sp->x[sp->n++] = (float)s[i] / 32768.0f;
    return 0;
}

/* "Real speech": a few sentences from eSpeak NG at its own rate (22.05 kHz), with the silences
 * between them that make the meter's filters decay. */
static float *real_speech(size_t *n)
{
    vnr_voice v;
    vnr_voice_init(&v);
    vnr_synth *s = NULL;
    vnr_diag d = {""};
    speech sp = {0};
    const char *text[] = {"Hà Nội, ngày 6 tháng 12: trời rét đậm, nhiệt độ thấp nhất 9 độ.",
                          "Giá xăng RON 95 giảm 320 đồng một lít từ 15 giờ chiều nay.",
                          "Đội tuyển Việt Nam thắng 2 - 1 trên sân Mỹ Đình."};
    CHECK_INT(vnr_synth_new(&v, &s, &d), VNR_OK);
    for (size_t t = 0; s && t < sizeof text / sizeof *text; t++)
        CHECK_INT(vnr_synth_speak(s, text[t], strlen(text[t]), keep_speech, &sp, &d), VNR_OK);
    vnr_synth_free(s);
    *n = sp.n;
    return sp.x;
}

static vnr_status keep_float(void *user, const float *x, size_t n, vnr_diag *diag)
{
    (void)diag;
    speech *sp = user;
    if (sp->n + n > sp->cap) {
        size_t cap = (sp->n + n) * 2;
        float *grown = realloc(sp->x, cap * sizeof *grown);
        if (!grown)
            return VNR_ERR_NOMEM;
        sp->x = grown;
        sp->cap = cap;
    }
    memcpy(sp->x + sp->n, x, n * sizeof *x);
    sp->n += n;
    return VNR_OK;
}

/* --- The comparison. ------------------------------------------------------------------------ */

/* Feed x to a meter in uneven pieces (1, 2, 3 ... 4099 samples: odd and even, within chunks and
 * across blocks), recording chunks; compare every block with the reference. Returns the largest
 * relative difference. */
static double compare_meter(const char *what, int rate, const float *x, size_t n)
{
    vnr_meter *m = NULL;
    CHECK_INT(vnr_meter_new(rate, &m), VNR_OK);
    if (!m)
        return HUGE_VAL;
    FILE *chunks = tmpfile();
    CHECK(chunks != NULL);
    vnr_meter_record_chunks(m, chunks);
    size_t piece = 1, done = 0;
    while (done < n) {
        size_t take = piece < n - done ? piece : n - done;
        CHECK_INT(vnr_meter_add(m, x + done, take), VNR_OK);
        done += take;
        piece = piece * 7 % 4099 + 1;
    }
    size_t block, nb = vnr_meter_blocks(m, &block);
    double *ref = malloc((n / block + 1) * sizeof *ref);
    float *ref_peak = malloc((n / block + 1) * sizeof *ref_peak);
    CHECK(ref && ref_peak);
    if (!ref || !ref_peak) {
        free(ref);
        free(ref_peak);
        vnr_meter_free(m);
        return HUGE_VAL;
    }
    CHECK_INT(nb, ref_blocks(rate, x, n, ref, ref_peak));
    const double *e = vnr_meter_energies(m);
    double worst = 0;
    for (size_t b = 0; b < nb; b++) {
        double scale = ref[b] > ENERGY_FLOOR ? ref[b] : ENERGY_FLOOR;
        double d = fabs(e[b] - ref[b]) / scale;
        worst = d > worst ? d : worst;
        if (vnr_meter_block_peak(m, b) != ref_peak[b]) {
            fprintf(stderr, "  %s at %d Hz: block %zu peak %g, want %g\n", what, rate, b,
                    vnr_meter_block_peak(m, b), ref_peak[b]);
            CHECK(vnr_meter_block_peak(m, b) == ref_peak[b]);
        }
    }
    /* The chunk records of every finished block: floats, the same sums in smaller pieces. */
    size_t chunk = vnr_meter_chunk_len(m), per_block = block / chunk;
    CHECK(!vnr_meter_chunk_error(m));
    CHECK_INT(fflush(chunks), 0);
    rewind(chunks);
    for (size_t b = 0; chunks && b < nb; b++) {
        double sum = 0;
        float most = 0;
        for (size_t c = 0; c < per_block; c++) {
            vnr_chunk k;
            CHECK_INT(fread(&k, sizeof k, 1, chunks), 1);
            sum += k.energy;
            most = k.peak > most ? k.peak : most;
        }
        CHECK(fabs(sum / (double)block - ref[b]) <= 1e-5 * (ref[b] > 1e-12 ? ref[b] : 1e-12));
        CHECK(most == ref_peak[b]);
    }
    if (chunks)
        fclose(chunks);
    if (worst > TOLERANCE || getenv("SHOW"))
        fprintf(stderr, "  %s at %d Hz: block energies differ by %.3g (relative)\n", what, rate,
                worst);
    free(ref);
    free(ref_peak);
    vnr_meter_free(m);
    return worst;
}

void test_meter_matches_cascade(void)
{
    /* 48 kHz (chunks of 32), 44.1 kHz (30) and eSpeak's 22.05 kHz (21: odd). */
    const int rates[] = {48000, 44100, 22050};
    for (size_t r = 0; r < sizeof rates / sizeof *rates; r++) {
        int rate = rates[r];
        size_t n = (size_t)rate * 6 + 777; /* six blocks of a second and a partial one */
        float *x = sine(rate, 1000, 0.5, n);
        CHECK(compare_meter("1 kHz sine", rate, x, n) <= TOLERANCE);
        free(x);
        x = sine(rate, 38, 0.5, n); /* at the high-pass's corner */
        CHECK(compare_meter("38 Hz sine", rate, x, n) <= TOLERANCE);
        free(x);
        x = white_noise(n);
        CHECK(compare_meter("white noise", rate, x, n) <= TOLERANCE);
        free(x);
        /* Digital silence long enough for the states to decay into denormal numbers (two
         * seconds at 48 kHz) without the guard, after a burst. */
        size_t quiet = (size_t)rate * 20;
        x = calloc(quiet, sizeof *x);
        CHECK(x != NULL);
        for (size_t i = 0; x && i < (size_t)rate / 2; i++)
            x[i] = (float)sin(2 * M_PI * 440 * (double)i / rate);
        CHECK(x && compare_meter("silence after a tone", rate, x, quiet) <= TOLERANCE);
        free(x);
    }
    size_t n = 0;
    float *speech_x = real_speech(&n);
    CHECK(speech_x && n > 22050 * 5);
    if (!speech_x)
        return;
    CHECK(compare_meter("speech", 22050, speech_x, n) <= TOLERANCE);
    /* The same speech at 48 kHz, through the resampler of --preset broadcast. */
    vnr_resampler *rs = NULL;
    vnr_diag d = {""};
    speech up = {0};
    CHECK_INT(vnr_resampler_new(22050, 48000, &rs, &d), VNR_OK);
    if (rs) {
        CHECK_INT(vnr_resampler_push(rs, speech_x, n, keep_float, &up, &d), VNR_OK);
        CHECK_INT(vnr_resampler_flush(rs, keep_float, &up, &d), VNR_OK);
        vnr_resampler_free(rs);
        CHECK(compare_meter("speech", 48000, up.x, up.n) <= TOLERANCE);
    }
    free(up.x);
    free(speech_x);
}

/* --- Integrated loudness: EBU Tech 3341's minimum requirements. ----------------------------- */

typedef struct tone {
    double dbfs; /* level of each channel of the stereo test signal */
    double seconds;
} tone;

/* The K-weighted loudness of a sequence of 1 kHz tones, mono: the stereo cases of Tech 3341 have
 * the same sine in both channels, summed by BS.1770, so mono needs +3.01 dB for the same energy. */
static double tones_loudness(int rate, const tone *t, size_t n_tones, vnr_loudness *out)
{
    vnr_meter *m = NULL;
    CHECK_INT(vnr_meter_new(rate, &m), VNR_OK);
    if (!m)
        return HUGE_VAL;
    double phase = 0;
    float buf[4096];
    for (size_t k = 0; k < n_tones; k++) {
        double amp = pow(10, t[k].dbfs / 20) * sqrt(2);
        size_t n = (size_t)(t[k].seconds * rate + 0.5);
        while (n > 0) {
            size_t len = n < 4096 ? n : 4096;
            for (size_t i = 0; i < len; i++) {
                buf[i] = (float)(amp * sin(phase));
                phase = fmod(phase + 2 * M_PI * 1000 / rate, 2 * M_PI);
            }
            CHECK_INT(vnr_meter_add(m, buf, len), VNR_OK);
            n -= len;
        }
    }
    size_t block, nb = vnr_meter_blocks(m, &block);
    vnr_loudness_from_energies(vnr_meter_energies(m), nb, 1, out);
    vnr_meter_free(m);
    return out->integrated;
}

void test_meter_tech3341(void)
{
    const tone case1[] = {{-23, 20}}, case2[] = {{-33, 20}};
    const tone case3[] = {{-36, 10}, {-23, 60}, {-36, 10}};
    const tone case4[] = {{-72, 10}, {-36, 10}, {-23, 60}, {-36, 10}, {-72, 10}};
    const tone case5[] = {{-26, 20}, {-20, 20.1}, {-26, 20}};
    const int rates[] = {48000, 44100};
    for (size_t r = 0; r < sizeof rates / sizeof *rates; r++) {
        int rate = rates[r];
        vnr_loudness l;
        CHECK(fabs(tones_loudness(rate, case1, 1, &l) + 23) <= 0.1);
        CHECK(fabs(l.momentary_max + 23) <= 0.1); /* Tech 3341 cases 1 and 2: M and S too */
        CHECK(fabs(l.short_term_max + 23) <= 0.1);
        CHECK(fabs(tones_loudness(rate, case2, 1, &l) + 33) <= 0.1);
        CHECK(fabs(l.momentary_max + 33) <= 0.1);
        CHECK(fabs(tones_loudness(rate, case3, 3, &l) + 23) <= 0.1); /* the relative gate */
        CHECK(fabs(tones_loudness(rate, case4, 5, &l) + 23) <= 0.1); /* and the absolute one */
        CHECK(fabs(tones_loudness(rate, case5, 3, &l) + 23) <= 0.1);
    }
}

/* --- True peak: the same values as oversampling every sample. ------------------------------- */

#define TP_PHASES 4
#define TP_TAPS 12

/* The interpolator loudness.c describes: a Blackman-windowed sinc, 12 taps per phase. */
static void ref_tp_filter(float h[TP_PHASES][TP_TAPS])
{
    for (int p = 0; p < TP_PHASES; p++)
        for (int k = 0; k < TP_TAPS; k++) {
            double t = (double)(k - TP_TAPS / 2 + 1) - (double)p / TP_PHASES;
            double s = t == 0 ? 1 : sin(M_PI * t) / (M_PI * t);
            double w = (t + TP_TAPS / 2) / TP_TAPS;
            h[p][k] = (float)(s * (0.42 - 0.5 * cos(2 * M_PI * w) + 0.08 * cos(4 * M_PI * w)));
        }
}

/* |x[j]| and the three values after it, the largest. */
static float ref_tp_at(float h[TP_PHASES][TP_TAPS], const float *x, size_t j)
{
    float most = fabsf(x[j]);
    for (int p = 1; p < TP_PHASES; p++) {
        float y = 0;
        for (int k = 0; k < TP_TAPS; k++)
            y += h[p][k] * x[(ptrdiff_t)j + k + 1 - TP_TAPS / 2]; /* x[-5] is context */
        y = fabsf(y);
        most = y > most ? y : most;
    }
    return most;
}

/* x[0 .. n-1] with TP_CONTEXT samples either side, as vnr_tp_peak reads them. */
static void check_true_peak(const char *what, const float *padded, size_t n)
{
    float h[TP_PHASES][TP_TAPS], want = 0;
    ref_tp_filter(h);
    const float *x = padded + TP_CONTEXT;
    float *mag = malloc(n * sizeof *mag), *all = malloc(n * sizeof *all);
    CHECK(mag && all);
    if (!mag || !all) {
        free(mag);
        free(all);
        return;
    }
    size_t wrong = 0;
    for (size_t j = 0; j < n; j++) {
        all[j] = ref_tp_at(h, x, j);
        want = all[j] > want ? all[j] : want;
    }
    float got = vnr_tp_peak(x, n, 0);
    if (got != want)
        fprintf(stderr, "  %s (%zu samples): true peak %.9g, want %.9g\n", what, n, got, want);
    CHECK(got == want);
    CHECK(vnr_tp_peak(x, n, 2 * want) == 2 * want); /* a floor over it: the floor */
    vnr_tp_magnitudes(x, n, 0, mag);                /* every group hot */
    for (size_t j = 0; j < n; j++)
        wrong += mag[j] != all[j];
    vnr_tp_magnitudes(x, n, 100, mag); /* every group cold: the samples' own */
    for (size_t j = 0; j < n; j++)
        wrong += mag[j] != fabsf(x[j]);
    /* In between, each value is the sample's own or the oversampled one, and none over the
     * threshold is missed (the limiter's promise). */
    for (double share = 0.5; share < 1; share += 0.2) {
        float threshold = (float)(share * want);
        vnr_tp_magnitudes(x, n, threshold, mag);
        for (size_t j = 0; j < n; j++)
            wrong += (mag[j] != fabsf(x[j]) && mag[j] != all[j]) ||
                     (all[j] > threshold && mag[j] != all[j]);
    }
    if (wrong)
        fprintf(stderr, "  %s (%zu samples): %zu magnitudes differ\n", what, n, wrong);
    CHECK_INT(wrong, 0);
    free(mag);
    free(all);
}

void test_true_peak_matches_oversampling(void)
{
    const size_t lengths[] = {4096, 4095, 4093, 37, 33, 32, 5, 3, 1};
    size_t most = 4096 + 2 * TP_CONTEXT;
    float *noise = white_noise(most), *quarter = malloc(most * sizeof *quarter);
    CHECK(noise && quarter);
    if (!noise || !quarter) {
        free(noise);
        free(quarter);
        return;
    }
    /* A quarter of the rate at 45 degrees: every peak between two samples (+3 dB over them). */
    for (size_t i = 0; i < most; i++)
        quarter[i] = (float)(0.99 * sin(M_PI / 2 * (double)i + M_PI / 4));
    for (size_t k = 0; k < sizeof lengths / sizeof *lengths; k++) {
        check_true_peak("white noise", noise, lengths[k]);
        check_true_peak("fs/4 at 45 degrees", quarter, lengths[k]);
    }
    /* Quiet speech-like level with one loud click: only the click's group is oversampled. */
    for (size_t i = 0; i < most; i++)
        noise[i] *= 0.05f;
    noise[2000] = 0.9f;
    noise[2001] = -0.9f;
    check_true_peak("click in quiet noise", noise, 4096);
    /* A click just after a group (of 32) and just before one: its neighbours read it. */
    noise[2000] = noise[2001] = 0.05f;
    noise[TP_CONTEXT + 2016] = 0.9f;
    noise[TP_CONTEXT + 2111] = -0.9f;
    check_true_peak("clicks at group edges", noise, 4096);
    free(noise);
    free(quarter);
}
