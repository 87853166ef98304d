/* bench_playback.c - latencies of live playback, in process, on the null device at real time.
 *
 * usage: bench_playback [-n RUNS] FILE...
 * For each FILE, RUNS times: the reader (eSpeak NG already started, as in a long-running reader)
 * reads FILE on a synthesis thread started at t0; the time until the first sample is in the
 * playback ring (vnr_sink_position + vnr_sink_queued grows) is "first audio". Prints one line per
 * FILE: "first MEDIAN_MS MAX_MS".
 * Then, RUNS times on the first FILE, 300 ms into the speech:
 *   pause: vnr_reader_pause() at t0; silence starts when the last buffer the device took (the
 *     position's last change, before or just after t0) has played: that time plus one buffer;
 *   stop: vnr_reader_stop() at t0; silence starts when the device has dropped the queue (position
 *     reaches what was written; the buffer it was playing ended by then).
 * and prints "pause MEDIAN_MS MAX_MS" and "stop MEDIAN_MS MAX_MS".
 * The position is polled every 0.1 ms, so figures are good to about 0.2 ms. Exit 1 on failure. */
#define _POSIX_C_SOURCE 200809L
#include "vnreader.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_RUNS = 200, DEVICE_FRAMES = 256 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static void nap_us(long us)
{
    struct timespec ts = {0, us * 1000L};
    nanosleep(&ts, NULL);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void print_stat(const char *what, double *ms, int n)
{
    qsort(ms, (size_t)n, sizeof *ms, compare_doubles);
    printf("%s %.1f %.1f\n", what, ms[n / 2], ms[n - 1]);
}

typedef struct session {
    vnr_reader *reader;
    vnr_sink *sink;
    const char *path;
    vnr_status status;
    vnr_diag diag;
} session;

/* The synthesis thread. */
static void *read_file(void *user)
{
    session *s = user;
    vnr_input *in = NULL;
    s->status = vnr_input_open_file(s->path, &in, &s->diag);
    if (s->status == VNR_OK)
        s->status = vnr_reader_read(s->reader, in, &s->diag);
    vnr_input_free(in);
    return NULL;
}

static uint64_t written(const session *s)
{
    return vnr_sink_position(s->sink) + vnr_sink_queued(s->sink);
}

/* Start reading s->path; returns ms from t0 to the first sample in the ring, or -1. */
static double start(session *s, pthread_t *thread)
{
    uint64_t before = written(s); /* positions go on growing from run to run */
    double t0 = now_ms();
    if (pthread_create(thread, NULL, read_file, s) != 0)
        return -1;
    while (written(s) == before) {
        if (now_ms() - t0 > 10000)
            return -1;
        nap_us(100);
    }
    return now_ms() - t0;
}

/* Stop the reading, wait for its thread, make the reader and sink ready for the next run. */
static void finish(session *s, pthread_t thread)
{
    vnr_reader_stop(s->reader);
    pthread_join(thread, NULL);
    vnr_reader_resume(s->reader);
    vnr_reader_restart(s->reader);
}

/* Wait ms milliseconds watching the device; returns when it last took a buffer. */
static double watch(const session *s, double ms)
{
    uint64_t last = vnr_sink_position(s->sink);
    double t0 = now_ms(), changed = t0 - 1e9;
    for (double t = t0; t - t0 < ms; t = now_ms()) {
        uint64_t p = vnr_sink_position(s->sink);
        if (p != last) {
            last = p;
            changed = t;
        }
        nap_us(100);
    }
    return changed;
}

/* Silence starts when the last buffer the device took has played: the last position change
 * (before t0, or a buffer taken just after it), plus one buffer; 150 ms of no change show that it
 * was the last. */
static double pause_latency(const session *s, double t0, double last_before, double buffer_ms)
{
    double last = last_before;
    for (double t; (t = watch(s, 150)) > last;)
        last = t;
    double ms = last + buffer_ms - t0;
    return ms > 0 ? ms : 0;
}

static double stop_latency(session *s, pthread_t thread, double t0)
{
    uint64_t target = written(s);
    while (vnr_sink_position(s->sink) < target && now_ms() - t0 < 5000)
        nap_us(100);
    double ms = now_ms() - t0;
    pthread_join(thread, NULL);
    vnr_reader_restart(s->reader);
    return ms;
}

/* About 300 ms into the speech, at run i of n a different point of the device's buffer period:
 * without it, runs started the same way would all ask at the same phase of the device timer. */
static long spread(int i, int n, double buffer_ms)
{
    return 300000 + (long)(1000.0 * buffer_ms * i / n);
}

static int run(session *s, int n_runs, char **files, int n_files)
{
    static double ms[MAX_RUNS];
    pthread_t thread;
    for (int f = 0; f < n_files; f++) {
        s->path = files[f];
        for (int i = 0; i < n_runs; i++) {
            if ((ms[i] = start(s, &thread)) < 0)
                return 1;
            finish(s, thread);
        }
        print_stat("first", ms, n_runs);
    }
    s->path = files[0];
    double buffer_ms = 1000.0 * DEVICE_FRAMES / vnr_reader_sample_rate(s->reader);
    for (int i = 0; i < n_runs; i++) {
        if (start(s, &thread) < 0)
            return 1;
        nap_us(spread(i, n_runs, buffer_ms));
        double last = watch(s, 40);
        double t0 = now_ms();
        vnr_reader_pause(s->reader);
        ms[i] = pause_latency(s, t0, last, buffer_ms);
        finish(s, thread);
    }
    print_stat("pause", ms, n_runs);
    for (int i = 0; i < n_runs; i++) {
        if (start(s, &thread) < 0)
            return 1;
        nap_us(spread(i, n_runs, buffer_ms));
        double t0 = now_ms();
        vnr_reader_stop(s->reader);
        ms[i] = stop_latency(s, thread, t0);
    }
    print_stat("stop", ms, n_runs);
    return 0;
}

int main(int argc, char **argv)
{
    int n_runs = 9, first = 1;
    if (argc > 2 && strcmp(argv[1], "-n") == 0) {
        n_runs = atoi(argv[2]);
        first = 3;
    }
    if (first >= argc || n_runs < 1 || n_runs > MAX_RUNS) {
        fprintf(stderr, "usage: bench_playback [-n RUNS] FILE...\n");
        return 2;
    }
    session s = {0};
    vnr_lexicon *lex = NULL;
    vnr_voice voice;
    int rc = 1;
    if (vnr_voice_load("north", NULL, &voice, NULL, NULL, &s.diag) != VNR_OK)
        vnr_voice_init(&voice);
    if (vnr_lexicon_new(&lex, NULL) == VNR_OK &&
        vnr_lexicon_load_default(lex, vnr_data_dir(), &s.diag) == VNR_OK &&
        vnr_reader_new(&voice, lex, &s.reader, &s.diag) == VNR_OK &&
        vnr_sink_null_new(vnr_reader_sample_rate(s.reader), 1.0, &s.sink, &s.diag) == VNR_OK &&
        vnr_reader_add_sink(s.reader, s.sink, NULL) == VNR_OK)
        rc = run(&s, n_runs, argv + first, argc - first);
    if (rc)
        fprintf(stderr, "bench_playback: failed: %s\n", s.diag.text[0] ? s.diag.text : "timeout");
    vnr_sink_free(s.sink);
    vnr_reader_free(s.reader);
    vnr_lexicon_free(lex);
    return rc;
}
