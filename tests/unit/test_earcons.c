/* test_earcons.c - the sounds of vnr_reader_set_earcons: made at the reader's rate, quiet
 * (-20 dBFS peak), tick-short, smooth at both ends; played by the one sentence loop before a
 * paragraph's voice and not at all when off. The checks measure the samples a callback sink
 * received and the sentence start positions; the speech itself is whatever eSpeak NG makes. */
#include "speech/earcon.h"
#include "test.h"
#include "vnreader.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define RATE 22050

/* The peak in dBFS of s[0..n). */
static double peak_dbfs(const int16_t *s, size_t n)
{
    int peak = 0;
    for (size_t i = 0; i < n; i++)
        peak = abs(s[i]) > peak ? abs(s[i]) : peak;
    return peak ? 20.0 * log10(peak / 32768.0) : -200.0;
}

/* Milliseconds from the first to the last sample above -60 dBFS: how long it is heard. */
static double sounding_ms(const int16_t *s, size_t n)
{
    size_t first = n, last = 0;
    for (size_t i = 0; i < n; i++)
        if (abs(s[i]) > 33) {
            first = first < n ? first : i;
            last = i;
        }
    return first < n ? (double)(last - first + 1) * 1000.0 / RATE : 0.0;
}

/* Upward zero crossings per second in s[0..n): the pitch of a single sine. */
static double pitch(const int16_t *s, size_t n)
{
    size_t up = 0;
    for (size_t i = 1; i < n; i++)
        up += s[i - 1] < 0 && s[i] >= 0;
    return (double)up * RATE / (double)n;
}

void test_earcon_sounds(void)
{
    const struct {
        vnr_earcon which;
        double min_ms, max_ms;
    } want[] = {
        {VNR_EARCON_PARAGRAPH, 30, 60},
        {VNR_EARCON_SECTION, 30, 80},
        {VNR_EARCON_END, 200, 300},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        size_t n = 0;
        int16_t *s = vnr_earcon_render(want[k].which, RATE, &n);
        CHECK(s != NULL);
        if (!s)
            continue;
        CHECK_INT(n, vnr_earcon_length(want[k].which, RATE));
        double db = peak_dbfs(s, n), ms = sounding_ms(s, n);
        CHECK(db > -21.0 && db < -19.0);
        CHECK(ms >= want[k].min_ms && ms <= want[k].max_ms);
        /* No click: it starts from silence, ends in silence well before its end (the gap). */
        CHECK(abs(s[0]) <= 1 && abs(s[n - 1]) == 0);
        CHECK(sounding_ms(s, n) * RATE / 1000.0 < (double)n);
        if (want[k].which == VNR_EARCON_END) { /* two notes, the second lower */
            size_t half = (size_t)(0.11 * RATE);
            CHECK(pitch(s, half) > pitch(s + half + (size_t)(0.03 * RATE), half) * 1.3);
        }
        free(s);
    }
    size_t n = 1;
    CHECK(vnr_earcon_render((vnr_earcon)7, RATE, &n) == NULL);
    CHECK_INT(n, 0);
    CHECK_INT(vnr_earcon_length(VNR_EARCON_PARAGRAPH, RATE),
              vnr_earcon_length(VNR_EARCON_PARAGRAPH, 2 * RATE) / 2);
}

/* --- Played by the reader. --------------------------------------------------------------- */

typedef struct heard {
    int16_t *s;
    size_t n, cap;
    uint64_t start[8], end[8]; /* where each sentence's voice starts and ends */
    size_t n_starts, n_ends;
} heard;

static int keep(void *user, const int16_t *s, size_t n)
{
    heard *h = user;
    if (h->n + n > h->cap) {
        size_t cap = (h->n + n) * 2;
        int16_t *grown = realloc(h->s, cap * sizeof *grown);
        if (!grown)
            return 1;
        h->s = grown, h->cap = cap;
    }
    memcpy(h->s + h->n, s, n * sizeof *s);
    h->n += n;
    return 0;
}

static void on_start(void *user, const vnr_sentence *s)
{
    heard *h = user;
    if (h->n_starts < 8)
        h->start[h->n_starts++] = s->start;
}

static void on_end(void *user, const vnr_sentence *s)
{
    heard *h = user;
    if (h->n_ends < 8)
        h->end[h->n_ends++] = s->end;
}

static int stop_at_once(void *user, int ms)
{
    (void)user, (void)ms;
    return 1;
}

/* Read "Câu một. Câu hai.\n\nĐoạn hai." (sentence 0 a heading when heading) with earcons as
 * given (-1: never set), then the end sound when end. */
static void read_story(const vnr_lexicon *lex, int earcons, bool heading, bool end, heard *h)
{
    static const char story[] = "Câu một. Câu hai.\n\nĐoạn hai.";
    vnr_reader *r = NULL;
    vnr_sink *sink = NULL;
    vnr_document *doc = NULL;
    vnr_diag d = {""};
    memset(h, 0, sizeof *h);
    CHECK_INT(vnr_reader_new(NULL, lex, &r, &d), VNR_OK);
    CHECK_INT(vnr_sink_callback_new(keep, h, &sink, &d), VNR_OK);
    CHECK_INT(vnr_document_new(NULL, &doc, &d), VNR_OK);
    if (r && sink && doc) {
        vnr_reader_add_sink(r, sink, NULL);
        vnr_reader_set_start_fn(r, on_start, h);
        vnr_reader_set_sentence_fn(r, on_end, h);
        if (earcons >= 0)
            vnr_reader_set_earcons(r, earcons);
        CHECK_INT(vnr_document_add_text(doc, story, sizeof story - 1, &d), VNR_OK);
        if (heading)
            CHECK_INT(vnr_document_set_heading(doc, 0, 1, &d), VNR_OK);
        CHECK_INT(vnr_reader_read_document(r, doc, 0, &d), VNR_OK);
        if (end)
            CHECK_INT(vnr_reader_play_earcon(r, VNR_EARCON_END, &d), VNR_OK);
        CHECK_INT(vnr_reader_position(r), h->n);
    }
    CHECK_INT(h->n_starts, 3);
    CHECK_INT(h->n_ends, 3);
    vnr_document_free(doc);
    vnr_sink_free(sink);
    vnr_reader_free(r);
}

/* The audio before sentence i's voice, back to the end of sentence i - 1 (or the start). */
static size_t gap_before(const heard *h, size_t i)
{
    return (size_t)(h->start[i] - (i ? h->end[i - 1] : 0));
}

/* The samples just before sentence i's voice are exactly the earcon which. */
static bool earcon_before(const heard *h, size_t i, vnr_earcon which)
{
    size_t n = 0;
    int16_t *want = vnr_earcon_render(which, RATE, &n);
    bool same = want && h->start[i] >= n && h->start[i] <= h->n &&
                memcmp(h->s + h->start[i] - n, want, n * sizeof *want) == 0;
    free(want);
    return same;
}

/* eSpeak NG's length for the same text varies by a few samples from one run to the next, so the
 * runs are compared by the gaps between voices (exact: pauses and earcons are ours). */
void test_reader_earcons(void)
{
    vnr_lexicon *lex = NULL;
    vnr_diag d = {""};
    vnr_voice v;
    vnr_voice_init(&v);
    size_t pause = (size_t)RATE * (size_t)v.sentence_pause_ms / 1000;
    size_t para = (size_t)RATE * (size_t)v.paragraph_pause_ms / 1000;
    CHECK_INT(vnr_lexicon_new(&lex, NULL), VNR_OK);
    CHECK_INT(vnr_lexicon_load_default(lex, vnr_data_dir(), &d), VNR_OK);
    size_t tick = vnr_earcon_length(VNR_EARCON_PARAGRAPH, RATE);
    size_t section = vnr_earcon_length(VNR_EARCON_SECTION, RATE);
    size_t end = vnr_earcon_length(VNR_EARCON_END, RATE);
    CHECK(tick > 0 && section != tick && end > section && pause > 0 && para > pause);
    heard plain, off, on, head, ended;
    read_story(lex, -1, false, false, &plain);
    read_story(lex, 0, false, false, &off);
    read_story(lex, 1, false, false, &on);
    read_story(lex, 1, true, false, &head);
    read_story(lex, 1, false, true, &ended);
    /* Never set or off: the voice starts at once, pauses only, nothing after the last voice. */
    const heard *without[] = {&plain, &off};
    for (size_t k = 0; k < 2; k++) {
        const heard *h = without[k];
        CHECK_INT(gap_before(h, 0), 0);
        CHECK_INT(gap_before(h, 1), pause);
        CHECK_INT(gap_before(h, 2), para);
        CHECK_INT(h->n, h->end[2]);
    }
    /* On: the tick before each paragraph's voice, after the pause; none inside a paragraph. */
    CHECK_INT(gap_before(&on, 0), tick);
    CHECK_INT(gap_before(&on, 1), pause);
    CHECK_INT(gap_before(&on, 2), para + tick);
    CHECK_INT(on.n, on.end[2]);
    CHECK(earcon_before(&on, 0, VNR_EARCON_PARAGRAPH));
    CHECK(earcon_before(&on, 2, VNR_EARCON_PARAGRAPH));
    if (on.n_starts == 3 && on.start[0] == tick && on.start[2] >= para + tick) {
        CHECK(peak_dbfs(on.s, tick) > -21.0 && peak_dbfs(on.s, tick) < -19.0);
        CHECK(sounding_ms(on.s, tick) >= 30 && sounding_ms(on.s, tick) <= 60);
        CHECK(peak_dbfs(on.s + on.start[2] - tick - para, para) < -80.0); /* the pause: silent */
    }
    /* A heading's own sound before the first sentence. */
    CHECK_INT(gap_before(&head, 0), section);
    CHECK(earcon_before(&head, 0, VNR_EARCON_SECTION));
    CHECK_INT(gap_before(&head, 2), para + tick);
    /* The end sound after the last voice and its pause. */
    CHECK_INT(ended.n - ended.end[2], pause + end);
    if (ended.n > end) {
        CHECK(peak_dbfs(ended.s + ended.n - end, end) > -21.0);
        CHECK(sounding_ms(ended.s + ended.n - end, end) >= 200);
    }
    free(plain.s), free(off.s), free(on.s), free(head.s), free(ended.s);

    /* A stop (a key) before or during an earcon: nothing more reaches the sink. */
    vnr_reader *r = NULL;
    vnr_sink *sink = NULL;
    heard h = {0};
    CHECK_INT(vnr_reader_new(NULL, lex, &r, &d), VNR_OK);
    CHECK_INT(vnr_sink_callback_new(keep, &h, &sink, &d), VNR_OK);
    if (r && sink) {
        vnr_reader_add_sink(r, sink, NULL);
        vnr_reader_set_poll(r, stop_at_once, NULL, 100);
        CHECK_INT(vnr_reader_play_earcon(r, VNR_EARCON_END, &d), VNR_ERR_STOPPED);
        CHECK_INT(h.n, 0);
        vnr_reader_restart(r);
        CHECK_INT(vnr_reader_play_earcon(r, (vnr_earcon)9, &d), VNR_ERR_INVALID);
    }
    free(h.s);
    vnr_sink_free(sink);
    vnr_reader_free(r);
    vnr_lexicon_free(lex);
}
