/* test_playback.c - the live playback path without hardware: the lock-free sample ring (alone and
 * between two threads), the null real-time device driven through pause, resume, stop and
 * restart, alone and under the reader, and a long line read in pieces so speech starts early.
 * Timing is never asserted tightly (the machine is shared): these tests check order and
 * behaviour, with generous waits; the latencies are in `make bench`. */
#include "test.h"

#include "audio/ring.h"
#include "core/util.h"
#include "vnreader.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Sample i of a test sequence: every 16-bit value in turn, so a loss or duplicate shows. */
static int16_t seq(uint64_t i)
{
    return (int16_t)(uint16_t)(i * 7919u);
}

/* --- The ring alone. ----------------------------------------------------------------------------
 */

void test_ring_basic(void)
{
    vnr_ring *r = NULL;
    CHECK_INT(vnr_ring_new(5, &r), VNR_OK);
    if (!r)
        return;
    CHECK_INT(vnr_ring_capacity(r), 8); /* rounded up to a power of two */
    int16_t in[8] = {1, 2, 3, 4, 5, 6, 7, 8}, out[8] = {0};
    CHECK_INT(vnr_ring_write(r, in, 6), 6);
    CHECK_INT(vnr_ring_write(r, in + 6, 5), 2); /* full: only what fits */
    CHECK_INT(vnr_ring_readable(r), 8);
    int16_t *room;
    CHECK_INT(vnr_ring_write_acquire(r, 4, &room), 0);
    CHECK_INT(vnr_ring_read(r, out, 5), 5);
    CHECK(out[0] == 1 && out[4] == 5);
    /* Acquire gives contiguous room only: 3 slots free at the end, 2 more after the wrap. */
    CHECK_INT(vnr_ring_write_acquire(r, 8, &room), 5);
    CHECK_INT(vnr_ring_write(r, (int16_t[]){9, 10, 11, 12, 13}, 5), 5);
    const int16_t *data;
    CHECK_INT(vnr_ring_read_acquire(r, 8, &data), 3); /* 6, 7, 8 before the end of the array */
    CHECK(data[0] == 6 && data[2] == 8);
    vnr_ring_read_commit(r, 3);
    CHECK_INT(vnr_ring_read(r, out, 8), 5);
    CHECK(out[0] == 9 && out[4] == 13);
    CHECK_INT(vnr_ring_read(r, out, 8), 0); /* empty */
    CHECK_INT(vnr_ring_written(r), 13);
    CHECK_INT(vnr_ring_consumed(r), 13);
    /* skip_to never passes what is written. */
    CHECK_INT(vnr_ring_write(r, in, 4), 4);
    CHECK_INT(vnr_ring_skip_to(r, 15), 2);
    CHECK_INT(vnr_ring_skip_to(r, UINT64_MAX), 2);
    CHECK_INT(vnr_ring_consumed(r), 17);
    CHECK_INT(vnr_ring_readable(r), 0);
    vnr_ring_free(r);
    vnr_ring_free(NULL);
}

/* --- Two threads: millions of samples through a small ring, in odd-sized pieces. ----------------
 */

#define STRESS_SAMPLES 10000000u

typedef struct stress {
    vnr_ring *ring;
    uint64_t bad; /* first wrong sample index + 1, or 0 */
    uint64_t read;
} stress;

static void *stress_producer(void *user)
{
    stress *s = user;
    int16_t chunk[97];
    uint64_t i = 0;
    unsigned step = 1;
    while (i < STRESS_SAMPLES) {
        size_t n = 1 + (step++ * 31u) % 97u; /* 1..97, never in phase with the ring size */
        if (n > STRESS_SAMPLES - i)
            n = (size_t)(STRESS_SAMPLES - i);
        if (step % 3 == 0) { /* acquire/commit half the time, plain write the other */
            int16_t *room;
            size_t k = vnr_ring_write_acquire(s->ring, n, &room);
            for (size_t j = 0; j < k; j++)
                room[j] = seq(i + j);
            vnr_ring_write_commit(s->ring, k);
            i += k;
        } else {
            for (size_t j = 0; j < n; j++)
                chunk[j] = seq(i + j);
            i += vnr_ring_write(s->ring, chunk, n);
        }
    }
    return NULL;
}

static void *stress_consumer(void *user)
{
    stress *s = user;
    int16_t chunk[61];
    unsigned step = 1;
    while (s->read < STRESS_SAMPLES) {
        size_t got;
        size_t n = 1 + (step++ * 17u) % 61u;
        if (step % 2 == 0) {
            const int16_t *data;
            got = vnr_ring_read_acquire(s->ring, n, &data);
            for (size_t j = 0; j < got; j++)
                if (data[j] != seq(s->read + j) && !s->bad)
                    s->bad = s->read + j + 1;
            vnr_ring_read_commit(s->ring, got);
        } else {
            got = vnr_ring_read(s->ring, chunk, n);
            for (size_t j = 0; j < got; j++)
                if (chunk[j] != seq(s->read + j) && !s->bad)
                    s->bad = s->read + j + 1;
        }
        s->read += got;
    }
    return NULL;
}

void test_ring_threads(void)
{
    stress s = {NULL, 0, 0};
    CHECK_INT(vnr_ring_new(256, &s.ring), VNR_OK);
    if (!s.ring)
        return;
    pthread_t producer, consumer;
    CHECK_INT(pthread_create(&consumer, NULL, stress_consumer, &s), 0);
    CHECK_INT(pthread_create(&producer, NULL, stress_producer, &s), 0);
    pthread_join(producer, NULL);
    pthread_join(consumer, NULL);
    CHECK_INT(s.bad, 0); /* no sample lost, duplicated or torn */
    CHECK_INT(s.read, STRESS_SAMPLES);
    CHECK_INT(vnr_ring_written(s.ring), STRESS_SAMPLES);
    CHECK_INT(vnr_ring_readable(s.ring), 0);
    vnr_ring_free(s.ring);
}

/* --- The null device. ---------------------------------------------------------------------------
 */

/* Whether the device's position changes within ms milliseconds. */
static bool moves_within(const vnr_sink *sink, long ms)
{
    uint64_t before = vnr_sink_position(sink);
    for (long t = 0; t < ms; t += 5) {
        sleep_ms(5);
        if (vnr_sink_position(sink) != before)
            return true;
    }
    return false;
}

void test_null_device(void)
{
    vnr_sink *sink = NULL;
    vnr_diag d = {""};
    CHECK_INT(vnr_sink_null_new(22050, 0, &sink, &d), VNR_ERR_INVALID);
    CHECK_INT(vnr_sink_null_new(22050, 1, &sink, &d), VNR_OK);
    if (!sink)
        return;
    static int16_t two_seconds[2 * 22050];
    const uint64_t n = 2 * 22050;
    CHECK_INT(vnr_sink_write(sink, two_seconds, n, &d), VNR_OK); /* the ring holds 3 s: no wait */
    CHECK(moves_within(sink, 2000));                             /* it plays */
    vnr_sink_pause(sink);
    sleep_ms(100);                   /* many audio buffers: the pause has taken effect */
    CHECK(!moves_within(sink, 200)); /* paused: the position holds */
    vnr_sink_resume(sink);
    CHECK(moves_within(sink, 2000));
    uint64_t before_stop = vnr_sink_position(sink);
    vnr_sink_stop(sink);
    sleep_ms(100);
    CHECK(before_stop < n);                /* most of the two seconds were still queued... */
    CHECK_INT(vnr_sink_position(sink), n); /* ...and were dropped at once, not played */
    CHECK(!moves_within(sink, 100));
    CHECK_INT(vnr_sink_write(sink, two_seconds, 100, &d), VNR_ERR_STOPPED);
    CHECK_INT(vnr_sink_finish(sink, &d), VNR_ERR_STOPPED);
    vnr_sink_free(sink);
    /* Restart (a seek): written again, played to the end, finished. */
    CHECK_INT(vnr_sink_null_new(22050, 1, &sink, &d), VNR_OK);
    if (!sink)
        return;
    CHECK_INT(vnr_sink_write(sink, two_seconds, n, &d), VNR_OK);
    vnr_sink_stop(sink);
    vnr_sink_restart(sink);
    CHECK_INT(vnr_sink_write(sink, two_seconds, 2205, &d), VNR_OK);
    CHECK_INT(vnr_sink_finish(sink, &d), VNR_OK);
    CHECK_INT(vnr_sink_position(sink), n + 2205);
    vnr_sink_free(sink);
}

/* A writer blocked on a full ring comes back with VNR_ERR_STOPPED when the sink is stopped. */
typedef struct blocked_writer {
    vnr_sink *sink;
    vnr_status status;
} blocked_writer;

static void *write_eight_seconds(void *user)
{
    blocked_writer *w = user;
    static int16_t samples[8 * 22050];
    vnr_diag d;
    w->status = vnr_sink_write(w->sink, samples, 8 * 22050, &d);
    return NULL;
}

void test_null_device_stop_unblocks(void)
{
    blocked_writer w = {NULL, VNR_OK};
    vnr_diag d = {""};
    CHECK_INT(vnr_sink_null_new(22050, 1, &w.sink, &d), VNR_OK);
    if (!w.sink)
        return;
    vnr_sink_pause(w.sink); /* nothing is consumed: the ring (3 to 6 s) fills, the writer waits */
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, write_eight_seconds, &w), 0);
    sleep_ms(100);
    vnr_sink_stop(w.sink);
    pthread_join(t, NULL);
    CHECK_INT(w.status, VNR_ERR_STOPPED);
    vnr_sink_free(w.sink);
}

/* --- The reader on the null device: synthesis on its own thread, control from this one. --------
 */

typedef struct reading {
    vnr_reader *reader;
    const char *text;
    vnr_status status;
} reading;

/* The synthesis thread: the only one calling eSpeak NG while it runs. */
static void *read_text(void *user)
{
    reading *rd = user;
    vnr_input *in = NULL;
    vnr_diag d = {""};
    rd->status = vnr_input_open_text(rd->text, strlen(rd->text), "text", &in, NULL);
    if (rd->status == VNR_OK)
        rd->status = vnr_reader_read(rd->reader, in, &d);
    vnr_input_free(in);
    return NULL;
}

static bool wait_for_audio(const vnr_sink *sink, long ms)
{
    for (long t = 0; t < ms && vnr_sink_position(sink) == 0; t += 2)
        sleep_ms(2);
    return vnr_sink_position(sink) > 0;
}

void test_reader_null_device(void)
{
    vnr_lexicon *lex = NULL;
    vnr_sink *sink = NULL;
    vnr_diag d = {""};
    reading rd = {NULL,
                  "Câu thứ nhất của bài. Câu thứ hai dài hơn một chút. Câu thứ ba.\n"
                  "Đoạn sau có câu thứ tư. Và câu thứ năm, câu cuối cùng.\n",
                  VNR_OK};
    CHECK_INT(vnr_lexicon_new(&lex, NULL), VNR_OK);
    CHECK_INT(vnr_reader_new(NULL, lex, &rd.reader, &d), VNR_OK);
    CHECK_INT(vnr_sink_null_new(vnr_reader_sample_rate(rd.reader), 2, &sink, &d), VNR_OK);
    if (!rd.reader || !sink || vnr_reader_add_sink(rd.reader, sink, NULL) != VNR_OK)
        goto done;
    pthread_t t;
    CHECK_INT(pthread_create(&t, NULL, read_text, &rd), 0);
    CHECK(wait_for_audio(sink, 5000)); /* start: audio flows before the text is done */
    vnr_reader_pause(rd.reader);
    sleep_ms(100);
    CHECK(!moves_within(sink, 200)); /* pause */
    vnr_reader_resume(rd.reader);
    CHECK(moves_within(sink, 2000)); /* resume */
    vnr_reader_stop(rd.reader);
    pthread_join(t, NULL);
    CHECK_INT(rd.status, VNR_ERR_STOPPED); /* stop ends the read, mid-text */
    /* Synthesis ran seconds ahead (the ring was full during the pause), yet nothing more plays. */
    sleep_ms(100);
    CHECK(!moves_within(sink, 200));
    /* Restart (as a seek does) and read a short text to the end: all of it is played. */
    vnr_reader_restart(rd.reader);
    rd.text = "Xin chào.";
    uint64_t before = vnr_sink_position(sink);
    read_text(&rd);
    CHECK_INT(rd.status, VNR_OK);
    CHECK_INT(vnr_sink_finish(sink, &d), VNR_OK);
    CHECK(vnr_sink_position(sink) > before + 22050 / 4);
done:
    vnr_sink_free(sink);
    vnr_reader_free(rd.reader);
    vnr_lexicon_free(lex);
}

/* --- A long line in pieces: speech starts before a 10 MB line is read whole. -------------------
 */

/* "Câu số 0. Câu số 1. ..." on one line of at least n bytes. */
static char *long_line(size_t n, size_t *len)
{
    char *s = malloc(n + 32);
    size_t at = 0;
    for (unsigned i = 0; s && at < n; i++)
        at += (size_t)snprintf(s + at, 32, "Câu số %u. ", i);
    *len = at;
    return s;
}

/* Pieces of in's first line joined back; checks each is at most max and cut after a space. */
static void check_pieces(vnr_input *in, const char *want, size_t want_len, size_t max)
{
    vnr_buf joined;
    vnr_buf_init(&joined);
    const char *piece;
    size_t len, n_pieces = 0;
    vnr_diag d;
    do {
        CHECK_INT(vnr_input_next_line(in, &piece, &len, &d), VNR_OK);
        if (!piece)
            break;
        CHECK(len <= max);
        if (vnr_input_line_continues(in))
            CHECK(len > 0 && piece[len - 1] == ' ');
        vnr_buf_append(&joined, piece, len);
        CHECK_INT(vnr_input_line_number(in), 1);
        n_pieces++;
    } while (vnr_input_line_continues(in));
    CHECK(n_pieces >= want_len / max);
    CHECK(joined.len == want_len && memcmp(joined.data, want, want_len) == 0);
    CHECK_INT(vnr_input_next_line(in, &piece, &len, &d), VNR_OK); /* the next line is whole */
    CHECK(piece && len == strlen("hết") && memcmp(piece, "hết", len) == 0);
    CHECK(!vnr_input_line_continues(in));
    CHECK_INT(vnr_input_line_number(in), 2);
    CHECK_INT(vnr_input_next_line(in, &piece, &len, &d), VNR_OK);
    CHECK(piece == NULL);
    vnr_buf_free(&joined);
}

void test_input_pieces(void)
{
    size_t len;
    char *line = long_line(200000, &len);
    if (!line)
        return;
    vnr_buf text;
    vnr_buf_init(&text);
    vnr_buf_append(&text, line, len);
    vnr_buf_puts(&text, "\nhết\n");
    vnr_input *in = NULL;
    CHECK_INT(vnr_input_open_text(text.data, text.len, "text", &in, NULL), VNR_OK);
    if (in) {
        vnr_input_set_piece_size(in, 1000);
        check_pieces(in, line, len, 1000);
    }
    vnr_input_free(in);
    char path[] = "/tmp/vnr-pieces.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, text.data, text.len) == (ssize_t)text.len);
    in = NULL;
    CHECK_INT(vnr_input_open_file(path, &in, NULL), VNR_OK);
    if (in) {
        vnr_input_set_piece_size(in, 4096);
        check_pieces(in, line, len, 4096);
    }
    vnr_input_free(in);
    if (fd >= 0)
        close(fd);
    unlink(path);
    vnr_buf_free(&text);
    free(line);
}

/* Samples the reader makes of text, after skipping some sentences, written to a raw file. */
static long reader_samples(const char *text, size_t len, long skip)
{
    vnr_voice v;
    vnr_voice_init(&v);
    v.sentence_pause_ms = 1000; /* a sentence wrongly cut in two would add a second */
    vnr_lexicon *lex = NULL;
    vnr_reader *r = NULL;
    vnr_sink *sink = NULL;
    vnr_input *in = NULL;
    vnr_diag d = {""};
    const char *path = "/tmp/vnr-pieces.raw";
    long samples = -1;
    CHECK_INT(vnr_lexicon_new(&lex, NULL), VNR_OK);
    CHECK_INT(vnr_reader_new(&v, lex, &r, &d), VNR_OK);
    CHECK_INT(vnr_sink_file_new(path, VNR_FORMAT_RAW, 22050, &sink, &d), VNR_OK);
    CHECK_INT(vnr_input_open_text(text, len, "text", &in, NULL), VNR_OK);
    if (r && sink && in && vnr_reader_add_sink(r, sink, NULL) == VNR_OK) {
        vnr_reader_skip_sentences(r, skip);
        CHECK_INT(vnr_reader_read(r, in, &d), VNR_OK);
        CHECK_INT(vnr_sink_finish(sink, &d), VNR_OK);
        FILE *f = fopen(path, "rb");
        if (f && fseek(f, 0, SEEK_END) == 0)
            samples = ftell(f) / 2;
        if (f)
            fclose(f);
    }
    vnr_input_free(in);
    vnr_sink_free(sink);
    vnr_reader_free(r);
    vnr_lexicon_free(lex);
    unlink(path);
    return samples;
}

void test_reader_long_line(void)
{
    /* 65 520 bytes of silent marks, then a sentence across the reader's 64 KB piece boundary:
     * it must be spoken once, whole, as if alone. */
    const char *sentence = "Xin chào các bạn thân mến của tôi.";
    size_t fill = 65520, n = strlen(sentence);
    char *text = malloc(fill + n + 1);
    if (!text)
        return;
    for (size_t i = 0; i < fill; i += 2)
        memcpy(text + i, ". ", 2);
    memcpy(text + fill, sentence, n + 1);
    long alone = reader_samples(sentence, n, 0);
    long joined = reader_samples(text, fill + n, 0);
    CHECK(alone > 22050 / 2);
    CHECK(labs(joined - alone) < 22050 / 4);
    free(text);
}

void test_reader_skip_sentences(void)
{
    /* A seek to sentence 2: the two before it are not spoken, nor paused after. */
    const char *text = "Một hai ba bốn năm.\nSáu bảy tám chín mười. Xin chào.";
    long alone = reader_samples("Xin chào.", strlen("Xin chào."), 0);
    long all = reader_samples(text, strlen(text), 0);
    long skipped = reader_samples(text, strlen(text), 2);
    CHECK(alone > 22050 / 4);
    CHECK(all > alone + 2 * 22050); /* two more sentences and two one-second pauses */
    CHECK(labs(skipped - alone) < 22050 / 10);
    CHECK_INT(reader_samples(text, strlen(text), 5), 0); /* past the end: silence */
}
