/* synth.c - speech from eSpeak NG (libespeak-ng), one sentence per call, samples delivered to a
 * callback as they are made.
 *
 * eSpeak NG is one global engine. Facts measured with 1.51 that shape this file:
 *   - it is initialised once per process: a second Terminate/Initialize pair hangs, so the engine
 *     stays up until exit and vnr_synth objects only carry settings;
 *   - without an explicit data path a user's ~/espeak-ng-data silently wins over the system's;
 *   - AUDIO_OUTPUT_SYNCHRONOUS hands audio to the synth callback every buflength ms and stops
 *     the sentence when the callback returns 1;
 *   - rates above 450 words per minute work (libsonic) up to about 900. */
#include "core/util.h"
#include "speech/pronounce.h"

#include <espeak-ng/speak_lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Milliseconds of audio per callback: small enough that the first sound leaves early and a stop
 * request is seen within a fraction of a second. */
#define SYNTH_BUFFER_MS 50

#define RATE_MIN 80
#define RATE_MAX 900
/* vnr_synth_phonemes: the quickest rate eSpeak NG reaches without libsonic (above 450). */
#define TRACE_RATE 440

struct vnr_synth {
    char espeak_voice[64];
    int rate, pitch, volume;
    int capitals;        /* espeakCAPITALS: 0 off, 20 a pitch raise in Hz on capitalised words */
    vnr_buf text;        /* the sentence as given (word events point into it) */
    vnr_buf said;        /* the sentence as eSpeak NG gets it: [[phonemes]] where the table says */
    vnr_pron_map map;    /* each byte of said -> the bytes of text it came from */
    vnr_pron *pron;      /* the voice's pronunciation table, or NULL */
    vnr_word_fn word_fn; /* word events, or NULL */
    void *word_user;
};

/* The engine's state, shared by every vnr_synth (see the top comment). */
static struct {
    bool tried;
    int sample_rate; /* > 0 once initialised */
    char error[256];
    /* What the engine is set to now, so a sentence only pays for changes. */
    char voice[64];
    int rate, pitch, volume, capitals;
} engine;

/* What one espeak_Synth call delivers to, passed as its user_data. */
typedef struct speak_call {
    vnr_audio_fn fn;
    void *user;
    bool stopped;
    const vnr_synth *synth; /* its text and word events */
} speak_call;

/* Byte offset of the chars-th code point of s (eSpeak NG counts characters, from 1). */
static size_t utf8_offset(const char *s, size_t len, size_t chars)
{
    size_t at = 0;
    while (at < len && chars > 0) {
        at++;
        while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
            at++;
        chars--;
    }
    return at;
}

/* espeakEVENT_WORD -> the word's bytes in the text and its first sample. audio_position is in
 * milliseconds from the start of the espeak_Synth call. */
static void report_words(const speak_call *call, const espeak_EVENT *e)
{
    const vnr_synth *s = call->synth;
    if (!s || !s->word_fn)
        return;
    for (; e->type != espeakEVENT_LIST_TERMINATED; e++) {
        if (e->type != espeakEVENT_WORD || e->text_position < 1)
            continue;
        /* Positions count characters of the text eSpeak NG got; the map takes them back to
         * the caller's bytes ("[[kw'o#3k]]" is the word "quốc"). */
        size_t at = utf8_offset(s->said.data, s->said.len, (size_t)e->text_position - 1);
        size_t end = at + utf8_offset(s->said.data + at, s->said.len - at,
                                      e->length > 0 ? (size_t)e->length : 0);
        if (at >= s->said.len || end <= at)
            continue;
        size_t start = s->map.from[at], bytes = s->map.to[end - 1] - start;
        uint64_t sample = (uint64_t)(e->audio_position > 0 ? e->audio_position : 0) *
                          (uint64_t)engine.sample_rate / 1000;
        if (bytes > 0) /* eSpeak NG ends with an empty "word" at the end of the text */
            s->word_fn(s->word_user, start, bytes, sample);
    }
}

static int synth_callback(short *wav, int n, espeak_EVENT *events)
{
    speak_call *call = events ? events->user_data : NULL;
    if (!call)
        return 0;
    if (call->stopped)
        return 1;
    report_words(call, events);
    if (wav && n > 0 && call->fn(call->user, wav, (size_t)n) != 0) {
        call->stopped = true;
        return 1;
    }
    return 0;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* $ESPEAK_DATA_PATH, else the folder of the libespeak-ng we were built against, else the usual
 * Debian and upstream places. Never NULL: NULL would let ~/espeak-ng-data win. */
static const char *espeak_data_path(void)
{
    static const char *const candidates[] = {
#ifdef VNR_ESPEAK_DATADIR
        VNR_ESPEAK_DATADIR,
#endif
        "/usr/lib/x86_64-linux-gnu/espeak-ng-data",
        "/usr/lib/aarch64-linux-gnu/espeak-ng-data",
        "/usr/lib/espeak-ng-data",
        "/usr/share/espeak-ng-data",
        "/usr/local/share/espeak-ng-data",
    };
    const char *env = getenv("ESPEAK_DATA_PATH");
    if (env && *env)
        return env;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (is_dir(candidates[i]))
            return candidates[i];
    return candidates[0];
}

static vnr_status engine_start(vnr_diag *diag)
{
    if (engine.sample_rate > 0)
        return VNR_OK;
    if (!engine.tried) {
        engine.tried = true;
        const char *path = espeak_data_path();
        int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, SYNTH_BUFFER_MS, path,
                                     espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            snprintf(engine.error, sizeof engine.error,
                     "eSpeak NG did not start (data path %s; set ESPEAK_DATA_PATH?)", path);
        } else {
            engine.sample_rate = rate;
            espeak_SetSynthCallback(synth_callback);
        }
    }
    if (engine.sample_rate <= 0)
        return vnr_fail(diag, VNR_ERR_ENGINE, "%s", engine.error);
    return VNR_OK;
}

/* Bring the global engine to this synth's settings; only what differs is set. */
static vnr_status engine_apply(const vnr_synth *s, vnr_diag *diag)
{
    if (strcmp(engine.voice, s->espeak_voice) != 0) {
        if (espeak_SetVoiceByName(s->espeak_voice) != EE_OK) {
            engine.voice[0] = '\0';
            return vnr_fail(diag, VNR_ERR_NOT_FOUND, "eSpeak NG has no voice '%s'",
                            s->espeak_voice);
        }
        snprintf(engine.voice, sizeof engine.voice, "%s", s->espeak_voice);
        /* a new voice resets them */
        engine.rate = engine.pitch = engine.volume = engine.capitals = -1;
    }
    const struct {
        espeak_PARAMETER param;
        int want;
        int *now;
    } params[] = {
        {espeakRATE, s->rate, &engine.rate},
        {espeakPITCH, s->pitch, &engine.pitch},
        {espeakVOLUME, s->volume, &engine.volume},
    };
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        if (*params[i].now == params[i].want)
            continue;
        if (espeak_SetParameter(params[i].param, params[i].want, 0) != EE_OK)
            return vnr_fail(diag, VNR_ERR_ENGINE, "eSpeak NG refused a setting");
        *params[i].now = params[i].want;
    }
    /* eSpeak NG 1.51 stores espeakCAPITALS but answers EINVAL (its switch has no case for it);
     * the pitch raise works all the same (measured), so the answer is ignored. */
    if (engine.capitals != s->capitals) {
        espeak_SetParameter(espeakCAPITALS, s->capitals, 0);
        engine.capitals = s->capitals;
    }
    return VNR_OK;
}

/* The voice's table: a path from its voice file, or (the built-in voice) a name under the data
 * folder, which may be missing: then eSpeak NG reads every syllable itself. */
static vnr_status load_pronunciation(vnr_synth *s, const vnr_voice *voice, vnr_diag *diag)
{
    const char *table = voice->pronunciation;
    if (!*table || strcmp(table, "none") == 0)
        return VNR_OK;
    if (*table == '/')
        return vnr_pron_load(table, &s->pron, diag);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", vnr_data_dir(), table);
    vnr_status st = vnr_pron_load(path, &s->pron, diag);
    return st == VNR_ERR_NOT_FOUND ? VNR_OK : st;
}

vnr_status vnr_synth_new(const vnr_voice *voice, vnr_synth **out, vnr_diag *diag)
{
    *out = NULL;
    vnr_voice fallback;
    if (!voice) {
        vnr_voice_init(&fallback);
        voice = &fallback;
    }
    vnr_status st = engine_start(diag);
    if (st != VNR_OK)
        return st;
    vnr_synth *s = calloc(1, sizeof *s);
    if (!s)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    snprintf(s->espeak_voice, sizeof s->espeak_voice, "%s", voice->espeak_voice);
    vnr_buf_init(&s->text);
    vnr_buf_init(&s->said);
    if ((st = load_pronunciation(s, voice, diag)) != VNR_OK) {
        vnr_synth_free(s);
        return st;
    }
    if ((st = vnr_synth_set_rate(s, voice->rate, NULL)) != VNR_OK ||
        (st = vnr_synth_set_pitch(s, voice->pitch, NULL)) != VNR_OK ||
        (st = vnr_synth_set_volume(s, voice->volume, NULL)) != VNR_OK ||
        (st = engine_apply(s, diag)) != VNR_OK) {
        if (st == VNR_ERR_INVALID)
            vnr_fail(diag, st, "voice '%s': rate, pitch or volume out of range", voice->name);
        vnr_synth_free(s);
        return st;
    }
    *out = s;
    return VNR_OK;
}

void vnr_synth_free(vnr_synth *synth)
{
    if (!synth)
        return;
    vnr_buf_free(&synth->text);
    vnr_buf_free(&synth->said);
    vnr_pron_map_free(&synth->map);
    vnr_pron_free(synth->pron);
    free(synth);
}

int vnr_synth_sample_rate(const vnr_synth *synth)
{
    (void)synth;
    return engine.sample_rate;
}

static vnr_status set_in_range(int *field, int value, int lo, int hi)
{
    if (value < lo || value > hi)
        return VNR_ERR_INVALID;
    *field = value;
    return VNR_OK;
}

vnr_status vnr_synth_set_rate(vnr_synth *synth, int wpm, vnr_diag *diag)
{
    if (set_in_range(&synth->rate, wpm, RATE_MIN, RATE_MAX) != VNR_OK)
        return vnr_fail(diag, VNR_ERR_INVALID, "rate %d: not %d to %d words per minute", wpm,
                        RATE_MIN, RATE_MAX);
    return VNR_OK;
}

vnr_status vnr_synth_set_pitch(vnr_synth *synth, int pitch, vnr_diag *diag)
{
    if (set_in_range(&synth->pitch, pitch, 0, 100) != VNR_OK)
        return vnr_fail(diag, VNR_ERR_INVALID, "pitch %d: not 0 to 100", pitch);
    return VNR_OK;
}

vnr_status vnr_synth_set_volume(vnr_synth *synth, int volume, vnr_diag *diag)
{
    if (set_in_range(&synth->volume, volume, 0, 200) != VNR_OK)
        return vnr_fail(diag, VNR_ERR_INVALID, "volume %d: not 0 to 200", volume);
    return VNR_OK;
}

void vnr_synth_set_word_fn(vnr_synth *synth, vnr_word_fn fn, void *user)
{
    synth->word_fn = fn;
    synth->word_user = user;
}

/* eSpeak NG's "-k 20": values above 2 raise the pitch of a capitalised word by that many Hz
 * (1 and 2 would play a sound or say the English word "capital"). */
void vnr_synth_set_capitals(vnr_synth *synth, int on)
{
    synth->capitals = on ? 20 : 0;
}

/* text -> synth->said through the pronunciation layer (espeak_Synth reads up to a NUL, so both
 * are our own buffers). */
static vnr_status prepare_text(vnr_synth *synth, const char *text, size_t len, vnr_diag *diag)
{
    vnr_buf_clear(&synth->text);
    vnr_buf_append(&synth->text, text, len);
    if (synth->text.failed || !vnr_pron_rewrite(synth->pron, text, len, &synth->said, &synth->map))
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    return VNR_OK;
}

/* eSpeak NG's phoneme trace of a text, as "espeak-ng -x" prints it: one line per clause. The
 * text is synthesised (the audio is dropped) because only synthesis gives the phonemes that are
 * said: espeak_TextToPhonemes stops before the tone of a level syllable is chosen (1 inside a
 * clause, 7 at its end: "thông qua" is "t'o#1N kw'a:7"). */
static vnr_status trace_phonemes(const char *said, size_t len, int mode, char **trace,
                                 vnr_diag *diag)
{
    size_t size = 0;
    FILE *mem = open_memstream(trace, &size);
    if (!mem)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    espeak_SetPhonemeTrace(mode, mem);
    espeak_ERROR err =
        espeak_Synth(said, len + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8 | espeakPHONEMES, NULL,
                     NULL); /* no speak_call: the callback drops the samples */
    espeak_SetPhonemeTrace(0, NULL);
    if (fclose(mem) != 0 || !*trace)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (err != EE_OK)
        return vnr_fail(diag, VNR_ERR_ENGINE, "eSpeak NG failed on a sentence (error %d)",
                        (int)err);
    return VNR_OK;
}

vnr_status vnr_synth_phonemes(vnr_synth *synth, const char *text, size_t len,
                              vnr_phoneme_notation notation, char **out, vnr_diag *diag)
{
    *out = NULL;
    vnr_status st = engine_apply(synth, diag);
    if (st == VNR_OK)
        st = prepare_text(synth, text, len, diag);
    if (st != VNR_OK)
        return st;
    int mode = espeakPHONEMES_SHOW | (notation == VNR_PHONEMES_IPA ? espeakPHONEMES_IPA : 0);
    /* The phonemes do not depend on the rate, the time to make the dropped audio does: eSpeak
     * NG's fastest rate without libsonic makes it about 3 times quicker (measured with 1.51 on
     * 100 KB of news: the same trace). The next sentence spoken sets the voice's rate again. */
    if (espeak_SetParameter(espeakRATE, TRACE_RATE, 0) == EE_OK)
        engine.rate = TRACE_RATE;
    char *trace = NULL;
    st = trace_phonemes(synth->said.data, synth->said.len, mode, &trace, diag);
    if (st != VNR_OK) {
        free(trace);
        return st;
    }
    /* The clauses on one line, words separated by one space. */
    size_t n = 0;
    for (const char *p = trace; *p; p++) {
        bool space = *p == '\n' || *p == ' ' || *p == '\t';
        if (space && (n == 0 || trace[n - 1] == ' '))
            continue;
        trace[n++] = space ? ' ' : *p;
    }
    while (n && trace[n - 1] == ' ')
        n--;
    trace[n] = '\0';
    *out = trace;
    return VNR_OK;
}

vnr_status vnr_synth_speak(vnr_synth *synth, const char *text, size_t len, vnr_audio_fn fn,
                           void *user, vnr_diag *diag)
{
    vnr_status st = engine_apply(synth, diag);
    if (st != VNR_OK)
        return st;
    if ((st = prepare_text(synth, text, len, diag)) != VNR_OK)
        return st;
    speak_call call = {fn, user, false, synth};
    /* UTF-8 text with our [[phonemes]] (the user's "[[" is split by the layer); no SSML, no end
     * pause (the reader adds its own). */
    espeak_ERROR err = espeak_Synth(synth->said.data, synth->said.len + 1, 0, POS_CHARACTER, 0,
                                    espeakCHARS_UTF8 | espeakPHONEMES, NULL, &call);
    if (call.stopped)
        return VNR_ERR_STOPPED;
    if (err != EE_OK)
        return vnr_fail(diag, VNR_ERR_ENGINE, "eSpeak NG failed to speak a sentence (error %d)",
                        (int)err);
    return VNR_OK;
}
