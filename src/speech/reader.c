/* reader.c - the whole pipeline, one sentence at a time: lines from a vnr_input, a blank line
 * ends a paragraph, each line is cut into sentences, each sentence is normalized, spoken by
 * eSpeak NG and its samples go to every sink as they are made. Nothing is kept between
 * sentences, so memory does not grow with the document.
 *
 * eSpeak NG gives no pause at a line end nor after a period followed by a lowercase word, so the
 * pauses are ours: silence from the voice (sentence_pause_ms, paragraph_pause_ms). A pause is
 * only owed, and written when the next sentence starts, so there is none at the very start or
 * end of the audio and a paragraph break replaces the sentence pause instead of adding to it. */
#include "audio/sink.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SINKS 8

struct vnr_reader {
    vnr_voice voice;
    const vnr_lexicon *lex;
    vnr_normalizer *norm;
    vnr_synth *synth;
    int rate;
    vnr_sink *sinks[MAX_SINKS];
    size_t n_sinks;
    vnr_warn_fn warn;
    void *warn_user;
    vnr_progress_fn progress;
    void *progress_user;
    atomic_int stop;  /* set by vnr_reader_stop, possibly from a signal handler */
    uint64_t samples; /* written so far, over every input */
    int pause_ms;     /* silence owed before the next sentence */
    vnr_status sink_status;
    vnr_diag sink_diag;
    vnr_buf pending; /* a long line's unfinished last sentence, until the line's next piece */
    long skip;       /* sentences still to pass over unspoken (vnr_reader_skip_sentences) */
    vnr_sentence_fn sentence_fn; /* captions: each sentence with its sample positions */
    void *sentence_user;
    uint64_t sentence_start; /* first sample of the sentence being spoken */
    bool sentence_started;   /* it has made audio (sentence_start is set) */
    bool after_own_audio;    /* vnr_reader_write came last: the next input owes no pause */
};

vnr_status vnr_reader_new(const vnr_voice *voice, const vnr_lexicon *lex, vnr_reader **out,
                          vnr_diag *diag)
{
    *out = NULL;
    vnr_reader *r = calloc(1, sizeof *r);
    if (!r)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (voice)
        r->voice = *voice;
    else
        vnr_voice_default(&r->voice);
    r->lex = lex;
    atomic_init(&r->stop, 0);
    vnr_status st = vnr_synth_new(&r->voice, &r->synth, diag);
    if (st == VNR_OK) {
        st = vnr_normalizer_new(lex, &r->voice.numbers, &r->norm);
        if (st != VNR_OK)
            vnr_fail(diag, st, "cannot create the normalizer: %s", vnr_status_message(st));
    }
    if (st != VNR_OK) {
        vnr_reader_free(r);
        return st;
    }
    r->rate = vnr_synth_sample_rate(r->synth);
    *out = r;
    return VNR_OK;
}

void vnr_reader_free(vnr_reader *reader)
{
    if (!reader)
        return;
    vnr_buf_free(&reader->pending);
    vnr_normalizer_free(reader->norm);
    vnr_synth_free(reader->synth);
    free(reader);
}

int vnr_reader_sample_rate(const vnr_reader *reader)
{
    return reader->rate;
}

/* Reading options: the normalizer's, and for capitals eSpeak NG's pitch raise as well. */
vnr_status vnr_reader_set_punctuation(vnr_reader *reader, vnr_punctuation mode)
{
    return vnr_normalizer_set_punctuation(reader->norm, mode);
}

void vnr_reader_set_spell(vnr_reader *reader, int on)
{
    vnr_normalizer_set_spell(reader->norm, on);
}

void vnr_reader_set_capitals(vnr_reader *reader, int on)
{
    vnr_normalizer_set_capitals(reader->norm, on);
    vnr_synth_set_capitals(reader->synth, on);
}

vnr_status vnr_reader_add_sink(vnr_reader *reader, vnr_sink *sink)
{
    if (!sink || reader->n_sinks == MAX_SINKS)
        return VNR_ERR_INVALID;
    reader->sinks[reader->n_sinks++] = sink;
    return VNR_OK;
}

void vnr_reader_set_warn(vnr_reader *reader, vnr_warn_fn warn, void *user)
{
    reader->warn = warn;
    reader->warn_user = user;
}

void vnr_reader_set_progress(vnr_reader *reader, vnr_progress_fn fn, void *user)
{
    reader->progress = fn;
    reader->progress_user = user;
}

void vnr_reader_set_sentence_fn(vnr_reader *reader, vnr_sentence_fn fn, void *user)
{
    reader->sentence_fn = fn;
    reader->sentence_user = user;
}

/* Lock-free atomic stores: safe in a signal handler. The request stays: later reads stop too.
 * Live playback sinks drop their queue at once, so the listener does not hear seconds of
 * audio synthesized ahead. */
void vnr_reader_stop(vnr_reader *reader)
{
    if (!reader)
        return;
    atomic_store(&reader->stop, 1);
    for (size_t i = 0; i < reader->n_sinks; i++)
        vnr_sink_stop(reader->sinks[i]);
}

void vnr_reader_pause(vnr_reader *reader)
{
    for (size_t i = 0; reader && i < reader->n_sinks; i++)
        vnr_sink_pause(reader->sinks[i]);
}

void vnr_reader_resume(vnr_reader *reader)
{
    for (size_t i = 0; reader && i < reader->n_sinks; i++)
        vnr_sink_resume(reader->sinks[i]);
}

/* After a stop, for seeking: no read runs, so nothing races with these plain writes. */
void vnr_reader_restart(vnr_reader *reader)
{
    for (size_t i = 0; i < reader->n_sinks; i++)
        vnr_sink_restart(reader->sinks[i]);
    reader->sink_status = VNR_OK;
    reader->pause_ms = 0;
    atomic_store(&reader->stop, 0);
}

/* Seeking: sentences are cut as when speaking, but neither normalized nor synthesized. */
void vnr_reader_skip_sentences(vnr_reader *reader, long n)
{
    reader->skip = n > 0 ? n : 0;
}

static bool stopping(vnr_reader *r)
{
    return atomic_load(&r->stop) != 0;
}

/* --- Audio out. --------------------------------------------------------------------------------
 */

/* Give samples to every sink; the first failing sink's status is kept for the caller. */
static bool to_sinks(vnr_reader *r, const int16_t *samples, size_t n)
{
    for (size_t i = 0; i < r->n_sinks; i++) {
        vnr_status st = vnr_sink_write(r->sinks[i], samples, n, &r->sink_diag);
        if (st != VNR_OK) {
            r->sink_status = st;
            return false;
        }
    }
    r->samples += n;
    return true;
}

static bool write_silence(vnr_reader *r, int ms)
{
    static const int16_t zeros[1024];
    size_t left = (size_t)((int64_t)r->rate * ms / 1000);
    while (left > 0 && !stopping(r)) {
        size_t n = left < 1024 ? left : 1024;
        if (!to_sinks(r, zeros, n))
            return false;
        left -= n;
    }
    return !stopping(r);
}

/* The synth callback: pay the pause owed, then pass the sentence's samples on.
 * Returning non-zero makes eSpeak NG stop the sentence. */
static int on_audio(void *user, const int16_t *samples, size_t n)
{
    vnr_reader *r = user;
    if (stopping(r))
        return 1;
    if (r->pause_ms > 0 && r->samples > 0 && !write_silence(r, r->pause_ms))
        return 1;
    r->pause_ms = 0;
    if (!r->sentence_started) {
        r->sentence_start = r->samples; /* after the pause: a cue starts with the voice */
        r->sentence_started = true;
    }
    return to_sinks(r, samples, n) ? 0 : 1;
}

static void owe_pause(vnr_reader *r, int ms)
{
    if (ms > r->pause_ms)
        r->pause_ms = ms;
}

/* --- Text in. ----------------------------------------------------------------------------------
 */

static bool has_letters_or_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            return true;
    }
    return false;
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\r\f\v", s[i]) || s[i] == '\0')
            return false;
    return true;
}

/* The sentence as written, without the spaces around it, with the samples it took. */
static void report_sentence(vnr_reader *r, const char *text, size_t len)
{
    while (len > 0 && strchr(" \t\r\f\v", text[len - 1]))
        len--;
    while (len > 0 && strchr(" \t\r\f\v", text[0]))
        text++, len--;
    vnr_sentence s = {text, len, r->sentence_start, r->samples, r->rate};
    if (r->sentence_fn && r->sentence_started && len > 0)
        r->sentence_fn(r->sentence_user, &s);
}

static vnr_status speak_sentence(vnr_reader *r, const char *text, size_t len, vnr_diag *diag)
{
    if (r->skip > 0) {
        r->skip--;
        return VNR_OK;
    }
    char *words = NULL;
    size_t n = 0;
    vnr_status st = vnr_normalize(r->norm, text, len, &words, &n);
    if (st != VNR_OK)
        return vnr_fail(diag, st, "normalizer: %s", vnr_status_message(st));
    /* A sentence of only punctuation or symbols gives eSpeak NG nothing to say. */
    r->sentence_started = false;
    if (has_letters_or_digits(words, n))
        st = vnr_synth_speak(r->synth, words, n, on_audio, r, diag);
    free(words);
    if (r->sink_status != VNR_OK) {
        if (diag)
            *diag = r->sink_diag;
        return r->sink_status;
    }
    if (st == VNR_OK && !stopping(r))
        report_sentence(r, text, len);
    if (st == VNR_OK || stopping(r))
        owe_pause(r, r->voice.sentence_pause_ms);
    return stopping(r) ? VNR_ERR_STOPPED : st;
}

static void report_progress(vnr_reader *r, const vnr_input *input)
{
    if (!r->progress)
        return;
    vnr_progress p = {vnr_input_offset(input), vnr_input_size(input), (double)r->samples / r->rate};
    r->progress(r->progress_user, &p);
}

/* A line may hold a whole paragraph: progress is reported after each sentence. */
static vnr_status speak_line(vnr_reader *r, const vnr_input *input, const char *line, size_t len,
                             vnr_diag *diag)
{
    size_t at = 0;
    while (at < len) {
        size_t n = vnr_sentence_length(r->lex, line + at, len - at);
        if (n == 0 || n > len - at)
            n = len - at; /* never loop forever on a segmenter surprise */
        vnr_status st = speak_sentence(r, line + at, n, diag);
        if (st != VNR_OK)
            return st;
        report_progress(r, input);
        at += n;
    }
    return VNR_OK;
}

/* A line longer than this comes in pieces (util.h), so the first words of a 10 MB one-line
 * text are spoken after reading 64 KB of it, not all of it. */
#define READ_PIECE_BYTES (64 * 1024)

/* Where the last sentence of text starts: it may go on in the line's next piece. */
static size_t last_sentence_start(const vnr_reader *r, const char *text, size_t len)
{
    size_t at = 0, last = 0;
    while (at < len) {
        size_t n = vnr_sentence_length(r->lex, text + at, len - at);
        last = at;
        at += n == 0 || n > len - at ? len - at : n;
    }
    return last;
}

/* A piece of a long line, after what was held back of the one before. */
static vnr_status speak_piece(vnr_reader *r, const vnr_input *input, const char *piece, size_t len,
                              vnr_diag *diag)
{
    vnr_buf_append(&r->pending, piece, len);
    if (r->pending.failed) {
        vnr_buf_free(&r->pending);
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    size_t n = r->pending.len;
    size_t done = vnr_input_line_continues(input) ? last_sentence_start(r, r->pending.data, n) : n;
    vnr_status st = is_blank(r->pending.data, done)
                        ? VNR_OK
                        : speak_line(r, input, r->pending.data, done, diag);
    memmove(r->pending.data, r->pending.data + done, n - done);
    r->pending.len = n - done;
    return st;
}

vnr_status vnr_reader_read(vnr_reader *reader, vnr_input *input, vnr_diag *diag)
{
    vnr_reader *r = reader;
    if (r->warn)
        vnr_input_set_warn(input, r->warn, r->warn_user);
    vnr_input_set_piece_size(input, READ_PIECE_BYTES);
    vnr_buf_clear(&r->pending);
    /* A new input starts a new paragraph, unless the caller's own audio came just before. */
    if (r->samples > 0 && !r->after_own_audio)
        owe_pause(r, r->voice.paragraph_pause_ms);
    r->after_own_audio = false;
    for (;;) {
        if (stopping(r))
            return vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
        const char *line = NULL;
        size_t len = 0;
        vnr_status st = vnr_input_next_line(input, &line, &len, diag);
        if (st != VNR_OK)
            return st;
        if (!line)
            break;
        if (r->pending.len > 0 || vnr_input_line_continues(input)) {
            if ((st = speak_piece(r, input, line, len, diag)) != VNR_OK)
                return st;
        } else if (is_blank(line, len))
            owe_pause(r, r->voice.paragraph_pause_ms); /* a blank line ends a paragraph */
        else if ((st = speak_line(r, input, line, len, diag)) != VNR_OK)
            return st;
    }
    return VNR_OK;
}

/* The caller's audio (a jingle, a gap) replaces any pause owed: the caller sets the spacing. */
vnr_status vnr_reader_write(vnr_reader *reader, const int16_t *samples, size_t n, vnr_diag *diag)
{
    vnr_reader *r = reader;
    if (stopping(r))
        return vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
    r->pause_ms = 0;
    r->after_own_audio = true;
    if (n > 0 && !to_sinks(r, samples, n)) {
        if (diag)
            *diag = r->sink_diag;
        return r->sink_status;
    }
    return VNR_OK;
}

size_t vnr_reader_sink_count(const vnr_reader *reader)
{
    return reader->n_sinks;
}

vnr_sink *vnr_reader_sink_at(const vnr_reader *reader, size_t i)
{
    return i < reader->n_sinks ? reader->sinks[i] : NULL;
}

uint64_t vnr_reader_position(const vnr_reader *reader)
{
    return reader->samples;
}
