/* sfinfo.c - what the CLI test needs to know about an audio file, read back with libsndfile:
 *   sfinfo FILE  ->  "format=wav rate=22050 channels=1 frames=192630 seconds=8.736 peak=0.912
 *                     rms=0.105" (one line)
 * Exit 1 if the file cannot be read. The test checks format, length and loudness this way,
 * never the bytes themselves (they change with the eSpeak NG version). */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>

static const char *format_name(int format)
{
    switch (format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV:
        return "wav";
    case SF_FORMAT_FLAC:
        return "flac";
    case SF_FORMAT_OGG:
        return "ogg";
    case SF_FORMAT_MPEG:
        return "mp3";
    default:
        return "other";
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: sfinfo FILE\n");
        return 2;
    }
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(argv[1], SFM_READ, &info);
    if (!sf) {
        fprintf(stderr, "sfinfo: %s: %s\n", argv[1], sf_strerror(NULL));
        return 1;
    }
    float buf[4096];
    double peak = 0, sum = 0;
    sf_count_t frames = 0, n;
    while ((n = sf_readf_float(sf, buf, (sf_count_t)(sizeof buf / sizeof buf[0]) / info.channels)) >
           0) {
        for (sf_count_t i = 0; i < n * info.channels; i++) {
            double v = fabs(buf[i]);
            peak = v > peak ? v : peak;
            sum += v * v;
        }
        frames += n;
    }
    sf_close(sf);
    double rms = frames ? sqrt(sum / (double)(frames * info.channels)) : 0;
    printf("format=%s rate=%d channels=%d frames=%lld seconds=%.3f peak=%.3f rms=%.4f\n",
           format_name(info.format), info.samplerate, info.channels, (long long)frames,
           info.samplerate ? (double)frames / info.samplerate : 0, peak, rms);
    return 0;
}
