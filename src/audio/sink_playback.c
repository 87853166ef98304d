/* sink_playback.c - live playback: PortAudio in callback mode, and the "null" device that plays
 * into nothing in real time (for tests and machines without a sound card).
 *
 * Both are fed the same way. vnr_sink_write, on the synthesis thread, copies samples into a
 * lock-free single-producer single-consumer ring (ring.c) and waits while it is full; the device
 * side calls live_fill() once per audio buffer - from PortAudio's callback, or from the null
 * device's timer thread - which only copies from the ring, or writes silence when it is empty,
 * paused or stopped. live_fill never allocates, locks, sleeps or does I/O. Pause, resume, stop
 * and restart are atomic flags it reads at every buffer, so each takes effect within one buffer
 * (DEVICE_FRAMES samples, about 12 ms at 22 050 Hz). Only the synthesis thread calls eSpeak NG.
 *
 * PortAudio probes ALSA and JACK when it starts and they print dozens of lines to stderr on a
 * machine without sound; those go to /dev/null while PortAudio starts and opens a device
 * (VNREADER_AUDIO_DEBUG=1 keeps them). Redirecting fd 2 is process-wide: acceptable because the
 * reader is driven by one thread. */
#include "audio/ring.h"
#include "audio/sink.h"

#include <ctype.h>
#include <fcntl.h>
#include <portaudio.h>
#include <pthread.h>
#include <stdatomic.h>
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

/* --- The ring and its consumer, shared by both devices. ------------------------------------- */

/* Samples per device buffer: the unit in which pause and stop take effect. */
#define DEVICE_FRAMES 256
/* At least this many seconds of audio in the ring (a power of two of samples: about 6 s at
 * 22 050 Hz): how far synthesis may run ahead of the listener. */
#define RING_SECONDS 3
/* How long a writer naps while the ring is full or a finish waits for it to drain. */
#define WAIT_NS 2000000L

typedef struct live_sink {
    vnr_sink base;
    vnr_ring *ring;
    int rate;
    atomic_bool paused;
    atomic_bool stopped;
    _Atomic uint64_t flush_to; /* restart: the consumer drops what was written before it */
    /* PortAudio */
    PaStream *stream;
    bool pa_initialized;
    /* the null device */
    pthread_t thread;
    bool thread_started;
    atomic_bool quit;
    double speed;
} live_sink;

/* The device side: one buffer of n samples. Real-time safe (see the top comment). */
static void live_fill(live_sink *s, int16_t *out, size_t n)
{
    size_t got = 0;
    if (atomic_load_explicit(&s->stopped, memory_order_acquire)) {
        vnr_ring_skip_to(s->ring, UINT64_MAX); /* all of it, and what a late write adds */
    } else {
        vnr_ring_skip_to(s->ring, atomic_load_explicit(&s->flush_to, memory_order_acquire));
        if (!atomic_load_explicit(&s->paused, memory_order_acquire))
            got = vnr_ring_read(s->ring, out, n);
    }
    memset(out + got, 0, (n - got) * sizeof *out);
}

static void nap(long ns)
{
    struct timespec ts = {0, ns};
    nanosleep(&ts, NULL);
}

static vnr_status stopped_error(vnr_diag *diag)
{
    return vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
}

/* The synthesis thread: queue the samples, waiting for room while the ring is full. */
static vnr_status live_write(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag)
{
    live_sink *s = (live_sink *)sink;
    for (;;) {
        if (atomic_load(&s->stopped))
            return stopped_error(diag);
        size_t k = vnr_ring_write(s->ring, samples, n);
        samples += k;
        n -= k;
        if (n == 0)
            return VNR_OK;
        nap(WAIT_NS);
    }
}

/* Wait until the device has taken everything queued (a pause makes this wait longer). */
static bool live_drain(live_sink *s)
{
    while (vnr_ring_readable(s->ring) > 0) {
        if (atomic_load(&s->stopped))
            return false;
        nap(WAIT_NS);
    }
    return !atomic_load(&s->stopped);
}

static void live_control(vnr_sink *sink, vnr_sink_command command)
{
    live_sink *s = (live_sink *)sink;
    switch (command) {
    case VNR_SINK_PAUSE:
        atomic_store(&s->paused, true);
        break;
    case VNR_SINK_RESUME:
        atomic_store(&s->paused, false);
        break;
    case VNR_SINK_STOP:
        atomic_store(&s->stopped, true);
        break;
    case VNR_SINK_RESTART: /* no writer runs: everything written so far is stale */
        atomic_store(&s->flush_to, vnr_ring_written(s->ring));
        atomic_store(&s->stopped, false);
        s->base.error = VNR_OK; /* a stop is not a failure of the device */
        break;
    }
}

static uint64_t live_position(const vnr_sink *sink)
{
    return vnr_ring_consumed(((const live_sink *)sink)->ring);
}

static size_t live_queued(const vnr_sink *sink)
{
    return vnr_ring_readable(((const live_sink *)sink)->ring);
}

static const vnr_sink_live_ops live_ops = {live_control, live_position, live_queued};

static vnr_status live_init(live_sink *s, const vnr_sink_ops *ops, int rate, vnr_diag *diag)
{
    vnr_sink_init(&s->base, ops);
    s->base.live = &live_ops;
    s->rate = rate;
    atomic_init(&s->paused, false);
    atomic_init(&s->stopped, false);
    atomic_init(&s->flush_to, 0);
    atomic_init(&s->quit, false);
    if (vnr_ring_new((size_t)rate * RING_SECONDS, &s->ring) != VNR_OK)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    return VNR_OK;
}

/* --- PortAudio in callback mode. ------------------------------------------------------------- */

static int pa_callback(const void *input, void *output, unsigned long frames,
                       const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags,
                       void *user)
{
    (void)input, (void)time, (void)flags;
    live_fill(user, output, frames);
    return paContinue;
}

static vnr_status playback_finish(vnr_sink *sink, vnr_diag *diag)
{
    live_sink *s = (live_sink *)sink;
    if (!live_drain(s))
        return VNR_OK;                      /* stopped: nothing more to play */
    PaError err = Pa_StopStream(s->stream); /* returns when the device's buffers are played */
    if (err != paNoError)
        return vnr_fail(diag, VNR_ERR_AUDIO, "sound device: %s", Pa_GetErrorText(err));
    return VNR_OK;
}

static void playback_free(vnr_sink *sink)
{
    live_sink *s = (live_sink *)sink;
    if (s->stream) {
        /* Unfinished (Ctrl-C): drop what is buffered instead of playing it out. */
        if (Pa_IsStreamActive(s->stream) == 1)
            Pa_AbortStream(s->stream);
        Pa_CloseStream(s->stream);
    }
    if (s->pa_initialized)
        Pa_Terminate();
    vnr_ring_free(s->ring);
    free(s);
}

static const vnr_sink_ops playback_ops = {live_write, playback_finish, playback_free};

/* Low latency: a stop or pause must be heard within about one buffer. The ring, not the
 * device, absorbs the unevenness of synthesis. */
static vnr_status open_stream(live_sink *s, PaDeviceIndex device, int rate, vnr_diag *diag)
{
    const PaDeviceInfo *info = Pa_GetDeviceInfo(device);
    PaStreamParameters out = {
        .device = device,
        .channelCount = 1,
        .sampleFormat = paInt16,
        .suggestedLatency = info->defaultLowOutputLatency,
    };
    int saved = stderr_mute();
    PaError err =
        Pa_OpenStream(&s->stream, NULL, &out, rate, DEVICE_FRAMES, paNoFlag, pa_callback, s);
    if (err == paNoError)
        err = Pa_StartStream(s->stream);
    stderr_restore(saved);
    if (err != paNoError)
        return vnr_fail(diag, VNR_ERR_AUDIO, "cannot open sound device %d (%s): %s", device,
                        info->name, Pa_GetErrorText(err));
    return VNR_OK;
}

static vnr_status portaudio_sink_new(const char *device, int rate, vnr_sink **out, vnr_diag *diag)
{
    live_sink *s = calloc(1, sizeof *s);
    if (!s)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    vnr_status st = live_init(s, &playback_ops, rate, diag);
    if (st == VNR_OK && (st = pa_start(diag)) == VNR_OK)
        s->pa_initialized = true;
    PaDeviceIndex index = paNoDevice;
    if (st == VNR_OK && (st = find_device(device, &index, diag)) == VNR_OK)
        st = open_stream(s, index, rate, diag);
    if (st != VNR_OK) {
        playback_free(&s->base);
        return st;
    }
    *out = &s->base;
    return VNR_OK;
}

/* --- The null device: a timer thread that plays into nothing. -------------------------------- */

static void add_ns(struct timespec *t, long ns)
{
    t->tv_nsec += ns;
    while (t->tv_nsec >= 1000000000L) {
        t->tv_nsec -= 1000000000L;
        t->tv_sec++;
    }
}

static bool before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* One buffer per period, on an absolute clock so the rate does not drift. After a stall (a busy
 * machine) it does not rush to catch up: a sound card would have played silence meanwhile. */
static void *null_device_main(void *user)
{
    live_sink *s = user;
    int16_t buffer[DEVICE_FRAMES];
    long period = (long)(1e9 * DEVICE_FRAMES / (s->rate * s->speed));
    struct timespec next, now;
    clock_gettime(CLOCK_MONOTONIC, &next);
    while (!atomic_load(&s->quit)) {
        live_fill(s, buffer, DEVICE_FRAMES);
        add_ns(&next, period);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (before(&next, &now))
            next = now;
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    return NULL;
}

static vnr_status null_finish(vnr_sink *sink, vnr_diag *diag)
{
    (void)diag;
    live_drain((live_sink *)sink);
    return VNR_OK;
}

static void null_free(vnr_sink *sink)
{
    live_sink *s = (live_sink *)sink;
    if (s->thread_started) {
        atomic_store(&s->quit, true);
        pthread_join(s->thread, NULL);
    }
    vnr_ring_free(s->ring);
    free(s);
}

static const vnr_sink_ops null_ops = {live_write, null_finish, null_free};

vnr_status vnr_sink_null_new(int sample_rate, double speed, vnr_sink **out, vnr_diag *diag)
{
    *out = NULL;
    if (sample_rate <= 0)
        return vnr_fail(diag, VNR_ERR_INVALID, "bad sample rate %d", sample_rate);
    if (!(speed > 0 && speed <= 1000))
        return vnr_fail(diag, VNR_ERR_INVALID, "speed factor %g is not in (0, 1000]", speed);
    live_sink *s = calloc(1, sizeof *s);
    if (!s)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    s->speed = speed;
    vnr_status st = live_init(s, &null_ops, sample_rate, diag);
    if (st == VNR_OK) {
        if (pthread_create(&s->thread, NULL, null_device_main, s) == 0)
            s->thread_started = true;
        else
            st = vnr_fail(diag, VNR_ERR_AUDIO, "cannot start the null device's thread");
    }
    if (st != VNR_OK) {
        null_free(&s->base);
        return st;
    }
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
        return vnr_sink_null_new(sample_rate, 1.0, out, diag);
    return portaudio_sink_new(device, sample_rate, out, diag);
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
