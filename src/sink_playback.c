/* sink_playback.c - live playback through PortAudio's blocking write API, and the "null" device
 * that plays into nothing at the speed of sound (for tests and machines without a sound card).
 *
 * PortAudio probes ALSA and JACK when it starts and they print dozens of lines to stderr on a
 * machine without sound; those go to /dev/null while PortAudio starts and opens a device
 * (VNREADER_AUDIO_DEBUG=1 keeps them). Redirecting fd 2 is process-wide: acceptable because the
 * reader is driven by one thread. */
#include "sink.h"

#include <ctype.h>
#include <fcntl.h>
#include <portaudio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* --- Keeping ALSA's chatter off the terminal. --------------------------------------------------
 */

static int stderr_mute(void)
{
    const char *debug = getenv("VNREADER_AUDIO_DEBUG");
    if (debug && *debug && strcmp(debug, "0") != 0)
        return -1;
    fflush(stderr);
    int saved = dup(2);
    int null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0)
        dup2(null, 2);
    if (null >= 0)
        close(null);
    return saved;
}

static void stderr_restore(int saved)
{
    if (saved < 0)
        return;
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
}

static vnr_status pa_start(vnr_diag *diag)
{
    int saved = stderr_mute();
    PaError err = Pa_Initialize();
    stderr_restore(saved);
    if (err != paNoError)
        return vnr_fail(diag, VNR_ERR_AUDIO, "audio system (PortAudio) did not start: %s",
                        Pa_GetErrorText(err));
    return VNR_OK;
}

static vnr_status no_device(vnr_diag *diag)
{
    return vnr_fail(diag, VNR_ERR_NO_DEVICE, "no sound device found");
}

/* --- Choosing a device. ------------------------------------------------------------------------
 */

static bool is_output(PaDeviceIndex i)
{
    const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
    return info && info->maxOutputChannels > 0;
}

static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t k = 0;
        while (k < n && hay[k] &&
               tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == n)
            return true;
    }
    return n == 0;
}

static vnr_status default_device(PaDeviceIndex *out, vnr_diag *diag)
{
    PaDeviceIndex d = Pa_GetDefaultOutputDevice();
    for (PaDeviceIndex i = 0; d == paNoDevice && i < Pa_GetDeviceCount(); i++)
        if (is_output(i))
            d = i;
    if (d == paNoDevice)
        return no_device(diag);
    *out = d;
    return VNR_OK;
}

/* device: NULL or "default", a device number, or part of a device name (any case). */
static vnr_status find_device(const char *device, PaDeviceIndex *out, vnr_diag *diag)
{
    PaDeviceIndex n = Pa_GetDeviceCount();
    if (n <= 0)
        return no_device(diag);
    if (!device || !*device || strcmp(device, "default") == 0)
        return default_device(out, diag);
    char *end;
    long number = strtol(device, &end, 10);
    if (!*end) {
        if (number < 0 || number >= n || !is_output((PaDeviceIndex)number))
            return vnr_fail(diag, VNR_ERR_NOT_FOUND, "no output device %ld (see --list-devices)",
                            number);
        *out = (PaDeviceIndex)number;
        return VNR_OK;
    }
    for (PaDeviceIndex i = 0; i < n; i++) {
        if (is_output(i) && contains_nocase(Pa_GetDeviceInfo(i)->name, device)) {
            *out = i;
            return VNR_OK;
        }
    }
    return vnr_fail(diag, VNR_ERR_NOT_FOUND, "no output device matches '%s' (see --list-devices)",
                    device);
}

/* --- The PortAudio sink. -----------------------------------------------------------------------
 */

typedef struct playback_sink {
    vnr_sink base;
    PaStream *stream;
} playback_sink;

static vnr_status playback_write(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag)
{
    playback_sink *s = (playback_sink *)sink;
    PaError err = Pa_WriteStream(s->stream, samples, (unsigned long)n);
    /* An underflow is a click the listener may hear, not a reason to stop. */
    if (err != paNoError && err != paOutputUnderflowed)
        return vnr_fail(diag, VNR_ERR_AUDIO, "sound device: %s", Pa_GetErrorText(err));
    return VNR_OK;
}

static vnr_status playback_finish(vnr_sink *sink, vnr_diag *diag)
{
    playback_sink *s = (playback_sink *)sink;
    PaError err = Pa_StopStream(s->stream); /* returns when the last sample has been played */
    if (err != paNoError)
        return vnr_fail(diag, VNR_ERR_AUDIO, "sound device: %s", Pa_GetErrorText(err));
    return VNR_OK;
}

static void playback_free(vnr_sink *sink)
{
    playback_sink *s = (playback_sink *)sink;
    if (s->stream) {
        /* Unfinished (Ctrl-C): drop what is buffered instead of playing it out. */
        if (Pa_IsStreamActive(s->stream) == 1)
            Pa_AbortStream(s->stream);
        Pa_CloseStream(s->stream);
    }
    Pa_Terminate();
    free(s);
}

static const vnr_sink_ops playback_ops = {playback_write, playback_finish, playback_free};

static vnr_status open_stream(playback_sink *s, PaDeviceIndex device, int rate, vnr_diag *diag)
{
    const PaDeviceInfo *info = Pa_GetDeviceInfo(device);
    PaStreamParameters out = {
        .device = device,
        .channelCount = 1,
        .sampleFormat = paInt16,
        .suggestedLatency = info->defaultHighOutputLatency,
    };
    int saved = stderr_mute();
    PaError err = Pa_OpenStream(&s->stream, NULL, &out, rate, paFramesPerBufferUnspecified,
                                paNoFlag, NULL, NULL);
    if (err == paNoError)
        err = Pa_StartStream(s->stream);
    stderr_restore(saved);
    if (err != paNoError)
        return vnr_fail(diag, VNR_ERR_AUDIO, "cannot open sound device %d (%s): %s", device,
                        info->name, Pa_GetErrorText(err));
    return VNR_OK;
}

/* --- The null device: discards audio, but takes as long as playing it would. --------------------
 */

typedef struct null_sink {
    vnr_sink base;
    int rate;
    uint64_t samples;
    struct timespec start;
} null_sink;

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Sleep until the "device" has played all but ahead seconds of what it was given. */
static void null_wait(null_sink *s, double ahead)
{
    double due = (double)s->samples / s->rate - ahead - seconds_since(&s->start);
    if (due <= 0)
        return;
    struct timespec ts = {(time_t)due, (long)((due - (double)(time_t)due) * 1e9)};
    nanosleep(&ts, NULL); /* an interrupting signal just ends the wait early */
}

static vnr_status null_write(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag)
{
    (void)samples, (void)diag;
    null_sink *s = (null_sink *)sink;
    if (s->samples == 0)
        clock_gettime(CLOCK_MONOTONIC, &s->start);
    s->samples += n;
    null_wait(s, 0.2); /* like a device buffer of 200 ms */
    return VNR_OK;
}

static vnr_status null_finish(vnr_sink *sink, vnr_diag *diag)
{
    (void)diag;
    null_wait((null_sink *)sink, 0);
    return VNR_OK;
}

static void null_free(vnr_sink *sink)
{
    free(sink);
}

static const vnr_sink_ops null_ops = {null_write, null_finish, null_free};

static vnr_status null_sink_new(int rate, vnr_sink **out, vnr_diag *diag)
{
    null_sink *s = calloc(1, sizeof *s);
    if (!s)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    vnr_sink_init(&s->base, &null_ops);
    s->rate = rate;
    *out = &s->base;
    return VNR_OK;
}

/* --- Public. -----------------------------------------------------------------------------------
 */

vnr_status vnr_sink_playback_new(const char *device, int sample_rate, vnr_sink **out,
                                 vnr_diag *diag)
{
    *out = NULL;
    if (sample_rate <= 0)
        return vnr_fail(diag, VNR_ERR_INVALID, "bad sample rate %d", sample_rate);
    if (device && strcmp(device, "null") == 0)
        return null_sink_new(sample_rate, out, diag);
    vnr_status st = pa_start(diag);
    if (st != VNR_OK)
        return st;
    playback_sink *s = calloc(1, sizeof *s);
    if (!s) {
        Pa_Terminate();
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    vnr_sink_init(&s->base, &playback_ops);
    PaDeviceIndex index = paNoDevice;
    if ((st = find_device(device, &index, diag)) == VNR_OK)
        st = open_stream(s, index, sample_rate, diag);
    if (st != VNR_OK) {
        playback_free(&s->base);
        return st;
    }
    *out = &s->base;
    return VNR_OK;
}

vnr_status vnr_list_devices(void (*fn)(void *user, const char *line), void *user, vnr_diag *diag)
{
    vnr_status st = pa_start(diag);
    if (st != VNR_OK)
        return st;
    PaDeviceIndex def = Pa_GetDefaultOutputDevice();
    int listed = 0;
    for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); i++) {
        if (!is_output(i))
            continue;
        const PaDeviceInfo *info = Pa_GetDeviceInfo(i);
        const PaHostApiInfo *api = Pa_GetHostApiInfo(info->hostApi);
        char line[512];
        snprintf(line, sizeof line, "%d: %s (%s)%s", i, info->name, api ? api->name : "?",
                 i == def ? " [default]" : "");
        fn(user, line);
        listed++;
    }
    Pa_Terminate();
    return listed ? VNR_OK : no_device(diag);
}
