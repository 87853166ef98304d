/* loudness.c - what tests/produce_test.sh needs to judge a produced file, independently of the
 * library's own measurement code:
 *   loudness FILE        one key=value per line: rate, channels, bits (0 if not PCM), frames,
 *                        and the EBU R128 values measured here with libebur128 on the decoded
 *                        audio: integrated (LUFS), range (LU), true_peak (dBTP),
 *                        momentary_max and short_term_max (LUFS)
 *   loudness --bext FILE the "bext" chunk, parsed from the file's bytes by walking the RIFF
 *                        chunks (not through libsndfile): description, originator,
 *                        originator_reference, date, time, version, loudness_value,
 *                        loudness_range, max_true_peak_level, max_momentary_loudness,
 *                        max_short_term_loudness, coding_history (CR LF shown as "|")
 * Exit 1 if the file cannot be read or (--bext) has no valid RIFF/WAVE bext chunk. */
#include <ebur128.h>
#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int bits_of(int format)
{
    switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_16:
        return 16;
    case SF_FORMAT_PCM_24:
        return 24;
    case SF_FORMAT_PCM_32:
        return 32;
    default:
        return 0;
    }
}

static void print_db(const char *key, double v)
{
    if (isfinite(v))
        printf("%s=%.2f\n", key, v);
    else
        printf("%s=-inf\n", key);
}

static int measure(const char *path)
{
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf) {
        fprintf(stderr, "loudness: %s: %s\n", path, sf_strerror(NULL));
        return 1;
    }
    int mode = EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK | EBUR128_MODE_S;
    ebur128_state *st = ebur128_init((unsigned)info.channels, (unsigned long)info.samplerate, mode);
    size_t block = (size_t)info.samplerate / 10; /* 100 ms: momentary and short-term maxima */
    float *buf = malloc(block * (size_t)info.channels * sizeof *buf);
    if (!st || !buf) {
        fprintf(stderr, "loudness: out of memory\n");
        return 1;
    }
    double m_max = -HUGE_VAL, s_max = -HUGE_VAL, v;
    sf_count_t frames = 0, n;
    while ((n = sf_readf_float(sf, buf, (sf_count_t)block)) > 0) {
        ebur128_add_frames_float(st, buf, (size_t)n);
        frames += n;
        if (ebur128_loudness_momentary(st, &v) == EBUR128_SUCCESS && v > m_max)
            m_max = v;
        if (ebur128_loudness_shortterm(st, &v) == EBUR128_SUCCESS && v > s_max)
            s_max = v;
    }
    double integrated = -HUGE_VAL, range = 0, peak = 0, tp = 0;
    ebur128_loudness_global(st, &integrated);
    ebur128_loudness_range(st, &range);
    for (unsigned c = 0; c < (unsigned)info.channels; c++)
        if (ebur128_true_peak(st, c, &tp) == EBUR128_SUCCESS && tp > peak)
            peak = tp;
    printf("rate=%d\nchannels=%d\nbits=%d\nframes=%lld\n", info.samplerate, info.channels,
           bits_of(info.format), (long long)frames);
    print_db("integrated", integrated);
    printf("range=%.2f\n", range);
    print_db("true_peak", peak > 0 ? 20 * log10(peak) : -HUGE_VAL);
    print_db("momentary_max", m_max);
    print_db("short_term_max", s_max);
    ebur128_destroy(&st);
    free(buf);
    sf_close(sf);
    return 0;
}

/* --- bext, from the bytes. ---------------------------------------------------------------------
 */

static uint32_t le32(const unsigned char *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int le16s(const unsigned char *p)
{
    return (int16_t)(uint16_t)(p[0] | p[1] << 8);
}

/* A fixed-size text field: up to its first NUL or its full width. */
static void print_text(const char *key, const unsigned char *p, size_t width)
{
    printf("%s=", key);
    for (size_t i = 0; i < width && p[i]; i++)
        putchar(p[i] == '\r' ? '|' : p[i] == '\n' ? '|' : p[i]);
    putchar('\n');
}

static void print_bext(const unsigned char *b, size_t size)
{
    print_text("description", b, 256);
    print_text("originator", b + 256, 32);
    print_text("originator_reference", b + 288, 32);
    print_text("date", b + 320, 10);
    print_text("time", b + 330, 8);
    printf("version=%d\n", le16s(b + 346));
    printf("loudness_value=%d\n", le16s(b + 412));
    printf("loudness_range=%d\n", le16s(b + 414));
    printf("max_true_peak_level=%d\n", le16s(b + 416));
    printf("max_momentary_loudness=%d\n", le16s(b + 418));
    printf("max_short_term_loudness=%d\n", le16s(b + 420));
    print_text("coding_history", b + 602, size - 602);
}

static int read_bext(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char head[12];
    if (!f || fread(head, 1, 12, f) != 12 || memcmp(head, "RIFF", 4) ||
        memcmp(head + 8, "WAVE", 4)) {
        fprintf(stderr, "loudness: %s: not a RIFF/WAVE file\n", path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long file_size = ftell(f);
    if ((long)le32(head + 4) + 8 != file_size) {
        fprintf(stderr, "loudness: %s: RIFF size %u does not match the file (%ld bytes)\n", path,
                le32(head + 4), file_size);
        return 1;
    }
    long at = 12;
    int found = 0;
    while (at + 8 <= file_size) {
        unsigned char ch[8];
        fseek(f, at, SEEK_SET);
        if (fread(ch, 1, 8, f) != 8)
            break;
        uint32_t size = le32(ch + 4);
        if (at + 8 + (long)size > file_size) {
            fprintf(stderr, "loudness: %s: chunk '%.4s' runs past the end\n", path, ch);
            return 1;
        }
        if (memcmp(ch, "bext", 4) == 0 && size >= 602) {
            unsigned char *b = malloc(size);
            if (!b || fread(b, 1, size, f) != size)
                return 1;
            print_bext(b, size);
            free(b);
            found = 1;
        }
        at += 8 + (long)size + (size & 1); /* chunks are padded to even sizes */
    }
    fclose(f);
    if (!found)
        fprintf(stderr, "loudness: %s: no bext chunk\n", path);
    return !found;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--bext") == 0)
        return read_bext(argv[2]);
    if (argc == 2)
        return measure(argv[1]);
    fprintf(stderr, "usage: loudness [--bext] FILE\n");
    return 2;
}
