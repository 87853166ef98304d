/* sd.h - sd_vnreader, the speech-dispatcher output module: the parts shared by its files.
 *
 * The module is a child process of speech-dispatcher talking the module protocol on stdin and
 * stdout: the server sends commands ("SPEAK", "SET", "STOP" ...), multi-line blocks end with a
 * line "."; the module answers with 3-digit codes ("200 OK SPEAKING"), continuation lines use
 * "NNN-" and the last line "NNN ". While speaking it sends events: 701 BEGIN, 700 index marks,
 * 705 audio (server audio: speech-dispatcher 0.11 plays the samples itself), then 702 END,
 * 703 STOP or 704 PAUSE.
 *
 * Threads: the main thread reads commands; one worker thread owns eSpeak NG (a one-thread
 * engine) and synthesizes. Both write to stdout through sd_out_* (one mutex), so a reply never
 * lands in the middle of an audio event. */
#ifndef SD_H
#define SD_H

#include "vnreader.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- Output to the server (sd_out.c): every call is one whole reply or event, flushed. ---- */

/* printf one or more lines ("200 OK SPEAKING"); '\n' is added. */
void sd_out(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* One 705 audio event: 16-bit mono samples at rate, escaped so the data holds no newline. */
void sd_out_audio(const int16_t *samples, size_t n, int rate);
/* Remove control characters (bytes below 0x20, and 0x7f) from a value the module echoes to the
 * server (a mark name, an icon name, a voice name, a message): a newline in a client's mark,
 * "a&#10;702 END", would otherwise forge a protocol line. */
void sd_strip_controls(char *s);
/* True once a write to the server failed (it went away): the worker stops, the module ends. */
bool sd_out_broken(void);

/* ---- Input from the server (sd_in.c). ---- */

/* The longest line kept; a message block is capped at the same size (sd_main.c). */
#define SD_MAX_LINE_BYTES (8u << 20)

typedef struct sd_in {
    FILE *f;
    char *line; /* the last line read, without its '\n'; owned here */
    size_t cap;
    size_t len;
    bool too_long; /* the line went past SD_MAX_LINE_BYTES: the rest was dropped */
} sd_in;

/* Read the next line; false at EOF. A NUL byte inside the line is kept (len tells). Memory
 * stays under SD_MAX_LINE_BYTES whatever the line's length. */
bool sd_in_line(sd_in *in);
/* Read a data block up to the line "."; lines starting ".." lose one dot. Lines are joined with
 * '\n'. *n_lines counts them. Returns a malloc'd string (NULL at EOF or out of memory; *eof says
 * which). Text beyond max_bytes is read and dropped (*too_long set), so the stream stays in step.
 */
char *sd_in_block(sd_in *in, size_t max_bytes, size_t *len, size_t *n_lines, bool *eof,
                  bool *too_long);
void sd_in_free(sd_in *in);

/* ---- Settings (sd_settings.c): SET values as the server sends them. ---- */

typedef struct sd_settings {
    int rate, pitch, volume, pitch_range; /* -100..100, 0 = the voice's own */
    char punctuation[8];                  /* "none", "some", "most", "all" */
    bool spelling;                        /* spelling_mode=on: read letter by letter */
    char capitals[8];                     /* cap_let_recogn: "none", "spell", "icon" */
    char voice_type[24];                  /* voice=MALE1 ... */
    char synthesis_voice[64];             /* a name from LIST VOICES, "" if none */
    char language[32];                    /* "vi", "" if none */
} sd_settings;

void sd_settings_default(sd_settings *s);
/* Apply one "key=value" line. Returns false for an unknown key or a bad value, leaving s as
 * it was for that key. */
bool sd_settings_set(sd_settings *s, const char *key, const char *value);
/* The vnreader voice name chosen by the settings: synthesis_voice if set, else by voice type. */
const char *sd_settings_voice_name(const sd_settings *s);

/* Map a -100..100 protocol value onto lo..hi with 0 -> mid (piecewise linear). */
int sd_map_range(int value, int lo, int mid, int hi);

/* ---- The module's own config file (argv[1]): "Key value" lines. ---- */

typedef struct sd_config {
    char voice[64];     /* VnreaderVoice: the default voice ("north") */
    char data_dir[512]; /* VnreaderDataDir: the voices folder, "" = vnr_data_dir() */
    int max_rate;       /* VnreaderMaxRate: words per minute at rate=100 */
} sd_config;

void sd_config_default(sd_config *c);
/* Read path; a missing file keeps the defaults. Returns false with a message for a bad line. */
bool sd_config_load(sd_config *c, const char *path, char *err, size_t err_size);

/* ---- SSML (sd_ssml.c): text pieces and index marks, in order. ---- */

typedef struct sd_item {
    bool is_mark; /* a <mark name="..."/>: text holds the name */
    char *text;   /* plain text, tags stripped and entities decoded */
} sd_item;

typedef struct sd_message {
    sd_item *items;
    size_t n, cap;
} sd_message;

/* Parse SSML (or plain text) into items. Returns false only when out of memory. */
bool sd_ssml_parse(const char *ssml, size_t len, sd_message *out);
void sd_message_free(sd_message *m);

/* ---- The synthesis worker (sd_worker.c). ---- */

typedef enum sd_kind { SD_TEXT, SD_CHAR, SD_KEY, SD_ICON } sd_kind;

/* Start the worker thread and set up eSpeak NG, the voice, the lexicon and the normalizer on
 * it. On failure returns false with a one-line reason in err. */
bool sd_worker_start(const sd_config *config, char *err, size_t err_size);
/* Speak data (owned by the worker after the call). A message still being spoken is stopped
 * first (its 703 STOP is sent before this one's 701 BEGIN). */
void sd_worker_speak(sd_kind kind, char *data, size_t len, const sd_settings *settings);
/* Stop (or pause) the message being spoken, if any; returns at once. */
void sd_worker_stop(bool pause);
/* Stop, end the thread and release everything. Safe if never started. */
void sd_worker_quit(void);

/* ---- CHAR and KEY (sd_chars.c): the words to say, malloc'd (NULL only out of memory). ---- */

/* One character, spelled as --spell spells it ("ắ" -> "á sắc", "Đ" -> "hoa đê" when capitals
 * are recognised, "$" -> "đô la"); "space" is the space. Leaves norm's spell mode as s says. */
char *sd_char_text(vnr_normalizer *norm, const vnr_lexicon *lex, const char *c,
                   const sd_settings *s);
/* A key name ("enter", "control_alt_delete", "shift_kp-enter") by voices/vi/keys.tsv, part by
 * part; one-character parts as sd_char_text says them. */
char *sd_key_text(vnr_normalizer *norm, const vnr_lexicon *lex, const char *key,
                  const sd_settings *s);

/* ---- Voices (sd_voices.c). ---- */

/* The vnreader voices the module offers, in LIST VOICES order; NULL-terminated. */
extern const char *const sd_voice_names[];
/* Load a voice profile by name from data_dir ("" = vnr_data_dir()); false if unknown. */
bool sd_voice_load(const char *name, const char *data_dir, vnr_voice *out);

#endif /* SD_H */
