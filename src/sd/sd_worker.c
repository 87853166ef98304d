/* sd_worker.c - the synthesis thread. eSpeak NG must be driven from one thread, and the main
 * thread must keep reading stdin while a message is spoken (a STOP has to be seen at once), so
 * one long-lived worker owns the lexicon and a vnr_reader (the library's one sentence loop, as
 * the CLI uses it) and takes one job at a time. The reader's only sink is a callback sink that
 * sends each buffer to the server as a 705 audio event. A stop request is an atomic flag that the
 * audio callback checks: eSpeak NG calls it every 50 ms of audio, which it makes several times
 * faster than real time, so a stop lands within a few milliseconds. */
#include "sd.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { RUN = 0, STOP = 1, PAUSE = 2 };

/* Cap on the pause between two sentences of one message: a screen reader user wants the next
 * sentence soon; the voice files' 350 ms suit listening to an article. */
#define SENTENCE_GAP_MAX_MS 250

typedef struct job {
    sd_kind kind;
    char *data;
    size_t len;
    sd_settings settings;
} job;

static struct {
    pthread_t thread;
    bool started;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* a job, or quit */
    pthread_cond_t idle; /* the job is done */
    job *pending;
    bool busy, quit;
    atomic_int stop;
    /* Owned by the worker thread: */
    sd_config config;
    vnr_lexicon *lex;
    vnr_voice voice;       /* the profile in use */
    vnr_reader *reader;    /* its pauses capped (SENTENCE_GAP_MAX_MS) */
    vnr_sink *sink;        /* to the server */
    vnr_normalizer *chars; /* spells CHAR and KEY into words (sd_chars.c) */
    int rate;
    /* Start-up result, handed back to sd_worker_start: */
    bool init_done, init_ok;
    char init_err[512];
} w = {.lock = PTHREAD_MUTEX_INITIALIZER,
       .wake = PTHREAD_COND_INITIALIZER,
       .idle = PTHREAD_COND_INITIALIZER};

static bool stopping(void)
{
    return atomic_load(&w.stop) != RUN || sd_out_broken();
}

/* ---- Voice selection: the reader follows the profile (regional numbers). ---- */

static int on_audio(void *user, const int16_t *samples, size_t n);

static bool use_voice(const vnr_voice *v, vnr_diag *diag)
{
    vnr_voice capped = *v;
    if (capped.sentence_pause_ms > SENTENCE_GAP_MAX_MS)
        capped.sentence_pause_ms = SENTENCE_GAP_MAX_MS;
    if (capped.paragraph_pause_ms > SENTENCE_GAP_MAX_MS)
        capped.paragraph_pause_ms = SENTENCE_GAP_MAX_MS;
    vnr_reader *reader = NULL;
    if (!w.sink && vnr_sink_callback_new(on_audio, NULL, &w.sink, diag) != VNR_OK)
        return false;
    if (vnr_reader_new(&capped, w.lex, &reader, diag) != VNR_OK)
        return false;
    vnr_reader_add_sink(reader, w.sink, NULL);
    vnr_reader_free(w.reader);
    w.reader = reader;
    w.voice = *v;
    w.rate = vnr_reader_sample_rate(reader);
    return true;
}

/* Switch voice when the settings name another one; an unknown name keeps the current voice. */
static void select_voice(const sd_settings *s)
{
    const char *name = sd_settings_voice_name(s);
    if (!name[0])
        name = w.config.voice;
    vnr_voice v;
    if (strcmp(name, w.voice.name) == 0 || !sd_voice_load(name, w.config.data_dir, &v))
        return;
    use_voice(&v, NULL);
}

/* Orca's reading settings -> the normalizer's: punctuation none/some/most/all (most reads like
 * all), spelling_mode on = letter by letter, cap_let_recogn other than none = capitals named
 * ("hoa") when spelling and a raised pitch otherwise. */
static void apply_reading(const sd_settings *s)
{
    vnr_punctuation mode = strcmp(s->punctuation, "none") == 0   ? VNR_PUNCT_NONE
                           : strcmp(s->punctuation, "some") == 0 ? VNR_PUNCT_SOME
                                                                 : VNR_PUNCT_ALL;
    int caps = strcmp(s->capitals, "none") != 0;
    vnr_reader_set_punctuation(w.reader, mode, NULL);
    vnr_reader_set_spell(w.reader, s->spelling);
    vnr_reader_set_capitals(w.reader, caps);
}

/* Protocol scales -> vnreader's: 0 keeps the voice's own value. Volume: the server's default
 * is 100 (the top of its scale), which must sound normal, not twice as loud, so 100 is the
 * voice's volume and -100 silence. */
static void apply_prosody(const sd_settings *s)
{
    vnr_reader_set_rate(w.reader, sd_map_range(s->rate, 80, w.voice.rate, w.config.max_rate), NULL);
    vnr_reader_set_pitch(w.reader, sd_map_range(s->pitch, 0, w.voice.pitch, 100), NULL);
    vnr_reader_set_volume(w.reader, sd_map_range(s->volume, 0, w.voice.volume / 2, w.voice.volume),
                          NULL);
    apply_reading(s);
}

/* ---- Speaking. ---- */

static int on_audio(void *user, const int16_t *samples, size_t n)
{
    (void)user;
    if (stopping())
        return 1;
    sd_out_audio(samples, n, w.rate);
    return stopping();
}

/* Words already as they are said ("hoa bê"): through the reader, not normalized again. */
static void speak_normalized(const char *text, size_t len, bool *spoke)
{
    if (!stopping() && vnr_reader_say(w.reader, text, len, VNR_SAY_WORDS, NULL, NULL) == VNR_OK)
        *spoke = true;
}

/* Text: a document read by the reader, as the CLI reads a file (the same sentences, the same
 * "is there anything to say" rule). A sentence pause owed by the text before carries over. */
static void speak_plain(const char *text, bool *spoke)
{
    vnr_document *doc = NULL;
    if (vnr_document_new(w.lex, &doc, NULL) == VNR_OK &&
        vnr_document_add_text(doc, text, strlen(text), NULL) == VNR_OK &&
        vnr_reader_read_document(w.reader, doc, 0, NULL) == VNR_OK)
        *spoke = true;
    vnr_document_free(doc);
}

static void speak_ssml(const char *data, size_t len)
{
    sd_message m = {0};
    bool spoke = false;
    if (sd_ssml_parse(data, len, &m)) {
        for (size_t i = 0; i < m.n && !stopping(); i++) {
            if (m.items[i].is_mark)
                sd_out("700-%s\n700 INDEX MARK", m.items[i].text);
            else
                speak_plain(m.items[i].text, &spoke);
        }
    }
    sd_message_free(&m);
}

/* CHAR and KEY: the words come from sd_chars.c, spoken as one short utterance. */
static void speak_words(char *words)
{
    bool spoke = false;
    if (words)
        speak_normalized(words, strlen(words), &spoke);
    free(words);
}

static void run_job(job *j)
{
    vnr_reader_restart(w.reader); /* the last job's stop is over */
    select_voice(&j->settings);
    apply_prosody(&j->settings);
    sd_out("701 BEGIN");
    switch (j->kind) {
    case SD_TEXT:
        speak_ssml(j->data, j->len);
        break;
    case SD_CHAR:
        speak_words(sd_char_text(w.chars, w.lex, j->data, &j->settings));
        break;
    case SD_KEY:
        speak_words(sd_key_text(w.chars, w.lex, j->data, &j->settings));
        break;
    case SD_ICON: /* the server plays icons itself with server audio: tell it which */
        sd_out("706-%s\n706 ICON", j->data);
        break;
    }
    int how = atomic_load(&w.stop);
    sd_out(how == PAUSE ? "704 PAUSE" : how == STOP ? "703 STOP" : "702 END");
}

/* ---- The thread. ---- */

static bool engine_setup(void)
{
    vnr_diag diag = {""};
    vnr_voice v;
    const char *dir = w.config.data_dir[0] ? w.config.data_dir : vnr_data_dir();
    if (vnr_lexicon_new(&w.lex, NULL) != VNR_OK ||
        vnr_lexicon_load_default(w.lex, dir, &diag) != VNR_OK) {
        snprintf(w.init_err, sizeof w.init_err, "vnreader lexicon: %s", diag.text);
        return false;
    }
    if (vnr_voice_load(w.config.voice, dir, &v, NULL, NULL, &diag) != VNR_OK) {
        snprintf(w.init_err, sizeof w.init_err, "vnreader voice '%s': %s", w.config.voice,
                 diag.text);
        return false;
    }
    if (vnr_normalizer_new(w.lex, &v.numbers, &w.chars, NULL) != VNR_OK) {
        snprintf(w.init_err, sizeof w.init_err, "vnreader: out of memory");
        return false;
    }
    if (!use_voice(&v, &diag)) {
        snprintf(w.init_err, sizeof w.init_err, "vnreader synthesis: %s", diag.text);
        return false;
    }
    return true;
}

static void *worker_main(void *arg)
{
    (void)arg;
    bool ok = engine_setup();
    pthread_mutex_lock(&w.lock);
    w.init_ok = ok;
    w.init_done = true;
    pthread_cond_broadcast(&w.idle);
    while (ok) {
        while (!w.pending && !w.quit)
            pthread_cond_wait(&w.wake, &w.lock);
        if (!w.pending)
            break;
        job *j = w.pending;
        w.pending = NULL;
        pthread_mutex_unlock(&w.lock);
        run_job(j);
        free(j->data);
        free(j);
        pthread_mutex_lock(&w.lock);
        w.busy = false;
        pthread_cond_broadcast(&w.idle);
    }
    pthread_mutex_unlock(&w.lock);
    return NULL;
}

bool sd_worker_start(const sd_config *config, char *err, size_t err_size)
{
    w.config = *config;
    if (pthread_create(&w.thread, NULL, worker_main, NULL) != 0) {
        snprintf(err, err_size, "cannot start the synthesis thread");
        return false;
    }
    w.started = true;
    pthread_mutex_lock(&w.lock);
    while (!w.init_done)
        pthread_cond_wait(&w.idle, &w.lock);
    bool ok = w.init_ok;
    pthread_mutex_unlock(&w.lock);
    if (!ok)
        snprintf(err, err_size, "%s", w.init_err);
    return ok;
}

/* Called with w.lock held: stop the current job and wait until the worker is free. */
static void wait_idle_locked(void)
{
    if (w.busy)
        atomic_store(&w.stop, STOP);
    while (w.busy)
        pthread_cond_wait(&w.idle, &w.lock);
}

void sd_worker_speak(sd_kind kind, char *data, size_t len, const sd_settings *settings)
{
    job *j = malloc(sizeof *j);
    if (!j) {
        free(data);
        return;
    }
    *j = (job){kind, data, len, *settings};
    pthread_mutex_lock(&w.lock);
    wait_idle_locked();
    atomic_store(&w.stop, RUN);
    w.pending = j;
    w.busy = true;
    pthread_cond_signal(&w.wake);
    pthread_mutex_unlock(&w.lock);
}

void sd_worker_stop(bool pause)
{
    pthread_mutex_lock(&w.lock);
    if (w.busy)
        atomic_store(&w.stop, pause ? PAUSE : STOP);
    pthread_mutex_unlock(&w.lock);
}

void sd_worker_quit(void)
{
    if (!w.started)
        return;
    pthread_mutex_lock(&w.lock);
    wait_idle_locked();
    w.quit = true;
    pthread_cond_signal(&w.wake);
    pthread_mutex_unlock(&w.lock);
    pthread_join(w.thread, NULL);
    w.started = false;
    vnr_reader_free(w.reader);
    vnr_sink_free(w.sink);
    vnr_normalizer_free(w.chars);
    w.chars = NULL;
    vnr_lexicon_free(w.lex);
    w.reader = NULL;
    w.sink = NULL;
    w.lex = NULL;
}
