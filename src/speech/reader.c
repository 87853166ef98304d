/* reader.c - the one sentence loop: every front end speaks through it (the CLI and bulletins
 * with vnr_reader_read, interactive listening and sd_vnreader with vnr_reader_read_document).
 * The text is cut into sentences by the document model (text/document.c); each sentence is
 * normalized, spoken by eSpeak NG and its samples go to every sink as they are made.
 * vnr_reader_read streams: it adds a piece of the input to a document, speaks the sentences it
 * gave, forgets them, so memory does not grow with the input.
 *
 * eSpeak NG gives no pause at a line end nor after a period followed by a lowercase word, so the
 * pauses are ours: silence from the voice (sentence_pause_ms, paragraph_pause_ms). A pause is
 * only owed, and written when the next sentence starts, so there is none at the very start or
 * end of the audio and a paragraph break replaces the sentence pause instead of adding to it.
 *
 * With a poll function (interactive front ends, one thread) the reader keeps no more than
 * lookahead_ms queued in its live sinks and calls the function while it waits, so a key is
 * seen within a few milliseconds and a stop is heard at once; a sentence starts (start_fn)
 * only once the one before it and the pause after it have been heard.
 *
 * With earcons on (vnr_reader_set_earcons) a paragraph's first sentence is preceded by a tick
 * (a heading by its own): pause, tick, voice. The tick is only owed, like a pause, and paid by
 * the first sentence of the paragraph that makes a sound. */
#include "audio/sink.h"
#include "speech/earcon.h"
#include "text/document.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SINKS 8
#define POLL_MS 10

typedef struct word_event {
    size_t offset;   /* bytes into the normalized sentence */
    uint64_t sample; /* from the sentence's first sample */
} word_event;

struct vnr_reader {
    vnr_voice voice;
    const vnr_lexicon *lex;
    vnr_normalizer *norm;
    vnr_normalizer *speller; /* VNR_SAY_SPELL, made on first use */
    vnr_synth *synth;
    int rate;
    vnr_sink *sinks[MAX_SINKS];
    size_t n_sinks;
    vnr_warn_fn warn;
    void *warn_user;
    vnr_progress_fn progress;
    void *progress_user;
    vnr_sentence_fn sentence_fn; /* captions: each sentence with its sample positions */
    void *sentence_user;
    vnr_sentence_fn start_fn; /* interactive: the sentence the listener starts to hear */
    void *start_user;
    vnr_poll_fn poll;
    void *poll_user;
    int lookahead_ms;
    atomic_int stop;  /* set by vnr_reader_stop, possibly from a signal handler */
    uint64_t samples; /* written so far, over every input */
    int pause_ms;     /* silence owed before the next sentence */
    vnr_status sink_status;
    vnr_diag sink_diag;
    long skip;               /* sentences still to pass over unspoken (vnr_reader_skip_sentences) */
    long last_paragraph;     /* of the last sentence of this read, -1: none yet */
    uint64_t sentence_start; /* first sample of the sentence being spoken */
    bool sentence_started;   /* it has made audio (sentence_start is set) */
    bool after_own_audio;    /* vnr_reader_write came last: the next input owes no pause */
    bool saying;             /* vnr_reader_say: no pause, no sentence events, no word events */
    bool earcons;            /* vnr_reader_set_earcons */
    int earcon_owed;         /* the vnr_earcon owed before the next sentence's voice, -1: none */
    uint64_t heard_mark;     /* samples heard at the last poll (a stop drops the queue) */
    /* The sentence being spoken, for vnr_reader_heard_word. */
    vnr_buf written;
    char *spoken;
    word_event *words;
    size_t n_words, cap_words;
};

static void on_word(void *user, size_t offset, size_t len, uint64_t sample);

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
        vnr_voice_init(&r->voice);
    r->lex = lex;
    atomic_init(&r->stop, 0);
    r->earcon_owed = -1;
    vnr_status st = vnr_synth_new(&r->voice, &r->synth, diag);
    if (st == VNR_OK) {
        st = vnr_normalizer_new(lex, &r->voice.numbers, &r->norm, diag);
    }
    if (st != VNR_OK) {
        vnr_reader_free(r);
        return st;
    }
    r->rate = vnr_synth_sample_rate(r->synth);
    vnr_synth_set_word_fn(r->synth, on_word, r);
    *out = r;
    return VNR_OK;
}

void vnr_reader_free(vnr_reader *reader)
{
    if (!reader)
        return;
    vnr_buf_free(&reader->written);
    free(reader->spoken);
    free(reader->words);
    vnr_normalizer_free(reader->norm);
    vnr_normalizer_free(reader->speller);
    vnr_synth_free(reader->synth);
    free(reader);
}

int vnr_reader_sample_rate(const vnr_reader *reader)
{
    return reader->rate;
}

/* Reading options: the normalizer's, and for capitals eSpeak NG's pitch raise as well. */
vnr_status vnr_reader_set_punctuation(vnr_reader *reader, vnr_punctuation mode, vnr_diag *diag)
{
    return vnr_normalizer_set_punctuation(reader->norm, mode, diag);
}

void vnr_reader_set_spell(vnr_reader *reader, int on)
{
    vnr_normalizer_set_spell(reader->norm, on);
}

void vnr_reader_set_capitals(vnr_reader *reader, int on)
{
    vnr_normalizer_set_capitals(reader->norm, on);
    if (reader->speller)
        vnr_normalizer_set_capitals(reader->speller, on);
    vnr_synth_set_capitals(reader->synth, on);
}

vnr_status vnr_reader_set_rate(vnr_reader *reader, int wpm, vnr_diag *diag)
{
    vnr_status st = vnr_synth_set_rate(reader->synth, wpm, diag);
    if (st != VNR_OK)
        return st;
    reader->voice.rate = wpm;
    return VNR_OK;
}

vnr_status vnr_reader_set_pitch(vnr_reader *reader, int pitch, vnr_diag *diag)
{
    return vnr_synth_set_pitch(reader->synth, pitch, diag);
}

vnr_status vnr_reader_set_volume(vnr_reader *reader, int volume, vnr_diag *diag)
{
    return vnr_synth_set_volume(reader->synth, volume, diag);
}

int vnr_reader_rate(const vnr_reader *reader)
{
    return reader->voice.rate;
}

vnr_status vnr_reader_add_sink(vnr_reader *reader, vnr_sink *sink, vnr_diag *diag)
{
    if (!sink || reader->n_sinks == MAX_SINKS)
        return vnr_fail(diag, VNR_ERR_INVALID,
                        sink ? "more than %d audio outputs" : "no audio output", MAX_SINKS);
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

void vnr_reader_set_start_fn(vnr_reader *reader, vnr_sentence_fn fn, void *user)
{
    reader->start_fn = fn;
    reader->start_user = user;
}

void vnr_reader_set_poll(vnr_reader *reader, vnr_poll_fn fn, void *user, int lookahead_ms)
{
    reader->poll = fn;
    reader->poll_user = user;
    reader->lookahead_ms = lookahead_ms > 0 ? lookahead_ms : 0;
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
    reader->earcon_owed = -1;
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

/* --- Audio out. ------------------------------------------------------------------------ */

/* Samples written and not yet consumed by the slowest live sink. */
static size_t queued(const vnr_reader *r)
{
    size_t most = 0;
    for (size_t i = 0; i < r->n_sinks; i++) {
        size_t q = vnr_sink_queued(r->sinks[i]);
        most = q > most ? q : most;
    }
    return most;
}

/* Give the front end its turn; it may stop us (a key was pressed). */
static void poll_once(vnr_reader *r, int ms)
{
    if (!r->saying)
        r->heard_mark = r->samples - queued(r);
    if (r->poll(r->poll_user, ms) != 0)
        vnr_reader_stop(r);
}

/* Poll mode: wait until at most lookahead_ms is queued. False when stopped. */
static bool wait_room(vnr_reader *r)
{
    size_t ahead = (size_t)r->rate * (size_t)r->lookahead_ms / 1000;
    while (!stopping(r) && queued(r) > ahead)
        poll_once(r, POLL_MS);
    if (!stopping(r))
        poll_once(r, 0);
    return !stopping(r);
}

/* Poll mode: wait until the listener has heard everything written. False when stopped. */
static bool wait_heard(vnr_reader *r)
{
    while (r->poll && !stopping(r) && queued(r) > 0)
        poll_once(r, POLL_MS);
    return !stopping(r);
}

/* Give samples to every sink; the first failing sink's status is kept for the caller. */
static bool to_sinks(vnr_reader *r, const int16_t *samples, size_t n)
{
    if (r->poll && !wait_room(r))
        return false;
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

/* The pause owed before a sentence, written now; none at the very start. */
static bool pay_pause(vnr_reader *r)
{
    int ms = r->pause_ms;
    r->pause_ms = 0;
    return ms <= 0 || r->samples == 0 || write_silence(r, ms);
}

/* The synth callback: pass the samples on. Returning non-zero makes eSpeak NG stop. */
static int on_audio(void *user, const int16_t *samples, size_t n)
{
    vnr_reader *r = user;
    if (stopping(r))
        return 1;
    if (!r->saying && !r->sentence_started) {
        r->sentence_start = r->samples; /* after the pause: a cue starts with the voice */
        r->sentence_started = true;
    }
    return to_sinks(r, samples, n) ? 0 : 1;
}

static void on_word(void *user, size_t offset, size_t len, uint64_t sample)
{
    (void)len;
    vnr_reader *r = user;
    if (r->saying)
        return;
    if (r->n_words == r->cap_words) {
        size_t cap = r->cap_words ? r->cap_words * 2 : 32;
        word_event *grown = realloc(r->words, cap * sizeof *grown);
        if (!grown)
            return; /* the heard word then falls back to an earlier one */
        r->words = grown, r->cap_words = cap;
    }
    r->words[r->n_words++] = (word_event){offset, sample};
}

/* Write an earcon to the sinks now. False when stopped or a sink failed. */
static bool write_earcon(vnr_reader *r, vnr_earcon which)
{
    size_t n = 0;
    int16_t *samples = vnr_earcon_render(which, r->rate, &n);
    bool ok = samples && to_sinks(r, samples, n);
    free(samples);
    return ok || (!samples && !stopping(r)); /* out of memory: the tick is left out */
}

/* The earcon owed before a sentence's voice, written now. */
static bool pay_earcon(vnr_reader *r)
{
    int which = r->earcon_owed;
    r->earcon_owed = -1;
    return which < 0 || !r->earcons || write_earcon(r, (vnr_earcon)which);
}

static void owe_pause(vnr_reader *r, int ms)
{
    if (ms > r->pause_ms)
        r->pause_ms = ms;
}

static vnr_status sink_failure(vnr_reader *r, vnr_diag *diag)
{
    if (diag)
        *diag = r->sink_diag;
    return r->sink_status;
}

/* --- The sentence loop. ----------------------------------------------------------------- */

static vnr_sentence sentence_event(const vnr_reader *r, const vnr_doc_sentence *s, size_t number)
{
    return (vnr_sentence){s->text, s->len, r->sentence_start, r->samples,
                          r->rate, number, s->paragraph,      s->section};
}

/* Keep the sentence being spoken for vnr_reader_heard_word: as written and as spoken. */
static void remember(vnr_reader *r, const vnr_doc_sentence *s, char *words)
{
    vnr_buf_clear(&r->written);
    vnr_buf_append(&r->written, s->text, s->len);
    free(r->spoken);
    r->spoken = words;
    r->n_words = 0;
    r->sentence_started = false;
}

/* Sentence index of doc is the first of its paragraph. Streaming forgets the sentences spoken:
 * the first one kept is compared with the last one spoken. */
static bool starts_paragraph(const vnr_reader *r, vnr_document *doc, size_t index,
                             const vnr_doc_sentence *s)
{
    if (index == 0)
        return vnr_document_forgotten(doc) == 0 || (long)s->paragraph != r->last_paragraph;
    vnr_doc_sentence prev;
    vnr_document_sentence(doc, index - 1, &prev, NULL);
    return prev.paragraph != s->paragraph;
}

/* Normalize, then speak sentence index of doc (number: its place in the whole input). */
static vnr_status speak_sentence(vnr_reader *r, vnr_document *doc, size_t index, size_t number,
                                 vnr_diag *diag)
{
    vnr_doc_sentence s;
    vnr_document_sentence(doc, index, &s, NULL);
    if (r->skip > 0) {
        r->skip--;
        return VNR_OK;
    }
    if (r->last_paragraph >= 0 && (long)s.paragraph != r->last_paragraph)
        owe_pause(r, r->voice.paragraph_pause_ms);
    if (starts_paragraph(r, doc, index, &s))
        r->earcon_owed = s.heading > 0 ? VNR_EARCON_SECTION : VNR_EARCON_PARAGRAPH;
    r->last_paragraph = (long)s.paragraph;
    char *words = NULL;
    size_t n = 0;
    vnr_status st = vnr_normalize(r->norm, s.text, s.len, &words, &n, diag);
    if (st != VNR_OK)
        return st;
    char *kept = malloc(n + 1);
    if (kept)
        vnr_document_keep_spoken(doc, index, memcpy(kept, words, n + 1));
    remember(r, &s, words);
    /* Only marks in the words ("***" with punctuation off): nothing for eSpeak NG to say. */
    if (vnr_text_speakable(words, n)) {
        if (!pay_pause(r) || !pay_earcon(r) || (r->poll && !wait_heard(r)))
            return r->sink_status != VNR_OK ? sink_failure(r, diag) : VNR_ERR_STOPPED;
        vnr_sentence start = sentence_event(r, &s, number);
        start.start = start.end = r->samples;
        if (r->start_fn)
            r->start_fn(r->start_user, &start);
        st = vnr_synth_speak(r->synth, words, n, on_audio, r, diag);
    }
    if (r->sink_status != VNR_OK)
        return sink_failure(r, diag);
    vnr_sentence done = sentence_event(r, &s, number);
    if (st == VNR_OK && !stopping(r) && r->sentence_fn && r->sentence_started && s.len > 0)
        r->sentence_fn(r->sentence_user, &done);
    if (st == VNR_OK || stopping(r))
        owe_pause(r, r->voice.sentence_pause_ms);
    return stopping(r) ? VNR_ERR_STOPPED : st;
}

static void report_progress(vnr_reader *r, uint64_t done, uint64_t total)
{
    if (!r->progress)
        return;
    vnr_progress p = {done, total, (double)r->samples * 1000.0 / r->rate};
    r->progress(r->progress_user, &p);
}

/* The one loop over sentences: doc's from first to its end. number_base: how many sentences of
 * the input came before doc's first (streaming forgets them). Progress after each sentence. */
static vnr_status speak_sentences(vnr_reader *r, vnr_document *doc, size_t first,
                                  const vnr_input *input, vnr_diag *diag)
{
    size_t base = vnr_document_forgotten(doc), text_len = 0;
    vnr_document_text(doc, &text_len);
    for (size_t i = first; i < vnr_document_sentences(doc); i++) {
        vnr_status st = speak_sentence(r, doc, i, base + i, diag);
        if (st != VNR_OK)
            return st;
        vnr_doc_sentence s;
        vnr_document_sentence(doc, i, &s, NULL);
        if (input)
            report_progress(r, vnr_input_offset(input), vnr_input_size(input));
        else
            report_progress(r, s.offset + s.len, text_len);
    }
    return VNR_OK;
}

/* A line longer than this comes in pieces (util.h), so the first words of a 10 MB one-line
 * text are spoken after reading 64 KB of it, not all of it. */
#define READ_PIECE_BYTES (64 * 1024)

static vnr_status stream_input(vnr_reader *r, vnr_document *doc, vnr_input *input, vnr_diag *diag)
{
    for (;;) {
        if (stopping(r))
            return vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
        const char *line = NULL;
        size_t len = 0;
        vnr_status st = vnr_input_next_line(input, &line, &len, diag);
        if (st != VNR_OK)
            return st;
        if (!line) {
            st = vnr_document_end_input(doc, diag);
            return st == VNR_OK ? speak_sentences(r, doc, 0, input, diag) : st;
        }
        size_t first = vnr_document_sentences(doc);
        st = vnr_document_add_piece(doc, line, len, vnr_input_line_number(input),
                                    vnr_input_line_continues(input), diag);
        if (st == VNR_OK) {
            vnr_document_mark_heading_line(doc, first, vnr_input_heading_level(input));
            st = speak_sentences(r, doc, 0, input, diag);
        }
        if (st != VNR_OK)
            return st;
        vnr_document_forget(doc);
    }
}

vnr_status vnr_reader_read(vnr_reader *reader, vnr_input *input, vnr_diag *diag)
{
    vnr_reader *r = reader;
    if (r->warn)
        vnr_input_set_warn(input, r->warn, r->warn_user);
    vnr_input_set_piece_size(input, READ_PIECE_BYTES);
    /* A new input starts a new paragraph, unless the caller's own audio came just before. */
    if (r->samples > 0 && !r->after_own_audio)
        owe_pause(r, r->voice.paragraph_pause_ms);
    r->after_own_audio = false;
    r->last_paragraph = -1;
    r->earcon_owed = -1;
    vnr_document *doc = NULL;
    vnr_status st = vnr_document_new(r->lex, &doc, diag);
    if (st == VNR_OK)
        st = stream_input(r, doc, input, diag);
    vnr_document_free(doc);
    return st;
}

vnr_status vnr_reader_read_document(vnr_reader *reader, vnr_document *doc, size_t first,
                                    vnr_diag *diag)
{
    vnr_reader *r = reader;
    if (stopping(r))
        return vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
    r->after_own_audio = false;
    r->last_paragraph = -1;
    r->earcon_owed = -1;
    vnr_status st = speak_sentences(r, doc, first, NULL, diag);
    if (st == VNR_OK && r->poll && !wait_heard(r))
        st = VNR_ERR_STOPPED;
    if (st == VNR_ERR_STOPPED && diag && !diag->text[0])
        vnr_fail(diag, st, "stopped");
    return st;
}

/* --- Saying something else: feedback, spelling, a screen reader's character. ----------- */

static vnr_status words_for(vnr_reader *r, const char *text, size_t len, vnr_say_mode mode,
                            char **words, size_t *n)
{
    if (mode == VNR_SAY_WORDS) {
        *words = malloc(len + 1);
        if (!*words)
            return VNR_ERR_NOMEM;
        memcpy(*words, text, len);
        (*words)[len] = '\0';
        *n = len;
        return VNR_OK;
    }
    if (mode == VNR_SAY_SPELL && !r->speller) {
        vnr_status st = vnr_normalizer_new(r->lex, &r->voice.numbers, &r->speller, NULL);
        if (st != VNR_OK)
            return st;
        vnr_normalizer_set_spell(r->speller, 1);
    }
    return vnr_normalize(mode == VNR_SAY_SPELL ? r->speller : r->norm, text, len, words, n, NULL);
}

vnr_status vnr_reader_say(vnr_reader *reader, const char *text, size_t len, vnr_say_mode mode,
                          char **spoken, vnr_diag *diag)
{
    vnr_reader *r = reader;
    if (spoken)
        *spoken = NULL;
    if (mode != VNR_SAY_TEXT && mode != VNR_SAY_SPELL && mode != VNR_SAY_WORDS)
        return vnr_fail(diag, VNR_ERR_INVALID, "unknown say mode %d", (int)mode);
    if (stopping(r))
        return vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
    char *words = NULL;
    size_t n = 0;
    vnr_status st = words_for(r, text, len, mode, &words, &n);
    if (st != VNR_OK)
        return vnr_fail(diag, st, "normalizer: %s", vnr_status_message(st));
    r->saying = true;
    if (vnr_text_speakable(words, n))
        st = vnr_synth_speak(r->synth, words, n, on_audio, r, diag);
    r->saying = false;
    if (st == VNR_OK && r->poll && !wait_heard(r))
        st = VNR_ERR_STOPPED;
    if (r->sink_status != VNR_OK)
        st = sink_failure(r, diag);
    if (spoken)
        *spoken = words; /* cut by a stop or not: what was to be said */
    else
        free(words);
    return st;
}

/* --- The word just heard (interactive spelling). ------------------------------------------
 * eSpeak NG's word events give where each word of the normalized sentence starts in its audio;
 * the listener wants the word as written, so the normalized word's index is mapped to the
 * written sentence's words: the same index when both have as many words (ordinary prose),
 * else in proportion, close but maybe a neighbour around numbers ("105" is "một trăm linh
 * năm"). */

static bool is_word_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* The index-th space-separated word of s[0..len); *count: how many words s has. */
static const char *nth_word(const char *s, size_t len, size_t index, size_t *word_len,
                            size_t *count)
{
    const char *found = NULL;
    size_t k = 0;
    for (size_t at = 0; at < len;) {
        while (at < len && is_word_space(s[at]))
            at++;
        size_t start = at;
        while (at < len && !is_word_space(s[at]))
            at++;
        if (at == start)
            break;
        if (k++ == index)
            found = s + start, *word_len = at - start;
    }
    *count = k;
    return found;
}

/* Marks around a word are not part of it: «"Hà Nội,"» -> «Hà», «Nội». */
static void trim_marks(const char **w, size_t *n)
{
    static const char marks[] = ".,;:!?\"'()[]{}<>*";
    while (*n > 0 && strchr(marks, (*w)[*n - 1]))
        (*n)--;
    while (*n > 0 && strchr(marks, (*w)[0]))
        (*w)++, (*n)--;
}

vnr_status vnr_reader_heard_word(const vnr_reader *reader, const char **word, size_t *len,
                                 vnr_diag *diag)
{
    const vnr_reader *r = reader;
    *word = NULL;
    *len = 0;
    if (!r->spoken || !r->written.data)
        return vnr_fail(diag, VNR_ERR_INVALID, "no sentence spoken yet");
    uint64_t now = r->poll ? r->heard_mark : r->samples - queued(r);
    uint64_t heard = r->sentence_started && now > r->sentence_start ? now - r->sentence_start : 0;
    size_t offset = 0, spoken_len = strlen(r->spoken), said = 0, count = 0, w_len = 0, k = 0;
    for (size_t i = 0; i < r->n_words && r->words[i].sample <= heard; i++)
        offset = r->words[i].offset;
    nth_word(r->spoken, offset < spoken_len ? offset : spoken_len, 0, &w_len, &k);
    nth_word(r->spoken, spoken_len, 0, &w_len, &said);
    nth_word(r->written.data, r->written.len, 0, &w_len, &count);
    size_t index = said == count || said == 0 ? k : k * count / said;
    if (index >= count)
        index = count ? count - 1 : 0;
    const char *w = nth_word(r->written.data, r->written.len, index, &w_len, &count);
    if (w)
        trim_marks(&w, &w_len);
    if (!w || w_len == 0)
        return vnr_fail(diag, VNR_ERR_INVALID, "no word heard yet");
    *word = w;
    *len = w_len;
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

void vnr_reader_set_earcons(vnr_reader *reader, int on)
{
    reader->earcons = on != 0;
}

int vnr_reader_earcons(const vnr_reader *reader)
{
    return reader->earcons;
}

/* The end of the text comes after the last sentence's pause, as the next sentence would. */
vnr_status vnr_reader_play_earcon(vnr_reader *reader, vnr_earcon which, vnr_diag *diag)
{
    vnr_reader *r = reader;
    if (vnr_earcon_length(which, r->rate) == 0)
        return vnr_fail(diag, VNR_ERR_INVALID, "unknown earcon %d", (int)which);
    if (stopping(r))
        return vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
    bool ok = pay_pause(r) && write_earcon(r, which) && (!r->poll || wait_heard(r));
    if (r->sink_status != VNR_OK)
        return sink_failure(r, diag);
    return ok ? VNR_OK : vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
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
