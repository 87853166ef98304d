/* cli.h - the command line program's own parts: options (options.c), the progress line
 * (progress.c), running one job (run.c) and the front ends that use it: the ordinary run,
 * batches (batch.c) and interactive listening (interactive.c), chosen by main.c. */
#ifndef VNR_CLI_H
#define VNR_CLI_H

#include "vnreader.h"

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Exit codes. */
enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* One input, in command-line order: a file ("-" is stdin) or the text of -t. */
typedef struct cli_input {
    bool is_text;
    const char *value;
} cli_input;

typedef struct cli_options {
    cli_input *inputs; /* none: stdin */
    size_t n_inputs;
    const char **outputs; /* -o FILE, "-" is stdout */
    size_t n_outputs;
    vnr_format format;
    bool play; /* --play, or no -o at all */
    const char *device;
    double speed_factor; /* --speed-factor: the null device's speed; 0: not given */
    const char *voice;
    int rate, pitch, volume; /* -1: the voice's own */
    const char *lexicon;
    bool list_devices, list_voices, normalize, quiet, help, version;
    bool explain; /* --explain: the rule and reading of each token (implies normalize) */
    /* Produced files (file_options.c): rate, bits, loudness, presets, Broadcast WAV. */
    vnr_file_options file;
    vnr_format preset_format; /* --preset's format, for outputs whose name has no extension */
    /* Production (issue 6): text tracks, bulletins, batches. */
    const char *captions;   /* --captions FILE.srt|FILE.vtt */
    const char *transcript; /* --transcript FILE.txt */
    const char *bulletin;   /* --bulletin FILE */
    bool batch;             /* --batch: each input (file or folder) is its own job */
    int jobs;               /* --jobs N; 0: one per processor */
    /* Reading options and HTML input (vnreader.h). */
    vnr_punctuation punctuation;
    bool spell, capitals, html, extract;
    bool captions_of_images; /* --captions-of-images: read figure captions of web pages */
    int timeout;             /* --timeout S for URLs; 0: the library's default */
    int sentence_gap;        /* ms; -1: the voice's sentence_pause_ms */
    /* Interactive listening (interactive.c). */
    bool interactive;    /* -i: keys move, pause, spell; the position is remembered */
    bool from_start;     /* --from-start: ignore the remembered position */
    bool quiet_feedback; /* --quiet-feedback: messages printed, not spoken */
    bool earcons;        /* --earcons: ticks at paragraphs and headings, a sound at the end */
    bool verbose;        /* -v: after each spoken message, the samples the device played */
    /* --phonemes / --ipa: print what eSpeak NG will say, one line per input line. */
    enum { CLI_PHONEMES_NONE, CLI_PHONEMES_MNEMONIC, CLI_PHONEMES_IPA } phonemes;
} cli_options;

/* file_options.c: --sample-rate, --bits, --loudness, --true-peak, --preset, --title and
 * --originator (name without "--"), applied in order; the format of one output. Both return
 * EXIT_OK, or EXIT_USAGE after printing the reason. */
int cli_apply_file_option(cli_options *o, const char *name, const char *arg);
int cli_output_format(const cli_options *o, const char *path, vnr_format *out);

/* Parse argv. Returns EXIT_OK, or EXIT_USAGE after printing the reason. */
int cli_parse(int argc, char **argv, cli_options *opts);
void cli_options_free(cli_options *opts);
void cli_usage(FILE *f);

/* "vnreader: " + message on stderr, clearing a progress line first. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The one-line progress display on stderr ("\r 42%  12.3 s of audio"). */
typedef struct cli_progress {
    bool enabled;
    bool shown; /* a line is on screen and must be cleared before other messages */
    uint64_t bytes_before, bytes_total; /* of the inputs already read, of all inputs */
    double last_update;
    double started;   /* time of the first update, for the time left */
    const char *pass; /* the pass last shown by cli_progress_pass, NULL: synthesis */
} cli_progress;

void cli_progress_update(void *user, const vnr_progress *p);
void cli_progress_clear(cli_progress *p);
/* A produced file's passes after the synthesis (vnr_pass_fn): "[#####.....]  42%  loudness". */
void cli_progress_pass(void *user, const char *pass, double fraction);
/* The progress line, if any, so cli_error() can clear it. */
extern cli_progress *cli_active_progress;

/* --- Captions and transcript (text_tracks.c): fed by the reader's sentence callback. ------- */
typedef struct cli_text_tracks {
    vnr_captions *captions, *transcript;
} cli_text_tracks;

/* Open what o asks for and attach it to reader; lex's lists say where captions are cut (it must
 * outlive t). EXIT_OK or EXIT_RUNTIME after a message. */
int cli_text_tracks_open(cli_text_tracks *t, const cli_options *o, vnr_reader *reader,
                         const vnr_lexicon *lex);
/* Rename the files into place (call after the audio is complete). */
int cli_text_tracks_finish(cli_text_tracks *t);
/* Unfinished files are removed. */
void cli_text_tracks_free(cli_text_tracks *t);

/* --- Running one job (run.c): what main.c, batch.c and interactive.c share. -------------- */
/* One ordinary run over o's inputs and outputs. */
int cli_run_one(cli_options *o);
/* clobber.c: no output is an input or another output (device and inode, before any work).
 * EXIT_OK, or EXIT_USAGE after a message naming both files. */
int cli_check_clobber(const cli_options *o);

/* --- Signals (signals.c): Ctrl-C, SIGTERM, SIGHUP. --------------------------------------- */
/* Install the handlers: the first signal stops the reader of cli_new_reader and every produced
 * file; a second removes every temporary file, then kills. Call first thing in main. */
void cli_install_signals(void);
/* The signal that asked us to stop, 0 if none. */
int cli_stop_signal(void);
/* The reader a signal stops (NULL: none). */
void cli_signals_set_reader(vnr_reader *reader);
/* --batch: a child to pass every signal on to (the parent then never dies by a signal while
 * children run); false when the table is full. Call with the stop signals blocked around fork. */
bool cli_signals_add_child(pid_t pid);
void cli_signals_remove_child(pid_t pid);
/* In a forked child: forget the parent's children and forwarding. */
void cli_signals_child_started(void);
/* The three stop signals blocked (block true) or restored, around fork. */
void cli_signals_block(bool block);

/* A vnr_warn_fn printing "vnreader: message" unless --quiet; user is the cli_options. */
void cli_warn_line(void *user, const char *message);
/* The voice and lexicon the options ask for; EXIT_RUNTIME after a message. */
int cli_load_voice(cli_options *o, vnr_voice *voice);
int cli_load_lexicon(const cli_options *o, vnr_lexicon **lex);
/* HTML with --html or a name ending in .html/.htm; an input opened as the options say. */
bool cli_is_html(const cli_options *o, const cli_input *in);
vnr_status cli_open_input(const cli_options *o, const cli_input *in, vnr_input **out,
                          vnr_diag *diag);
/* The sound device of --device (the null device with --speed-factor); EXIT_* after a message. */
int cli_open_playback(const cli_options *o, int rate, vnr_sink **out);
/* A reader with the reading options (--punctuation, --spell, --capitals), stopped by Ctrl-C
 * until cli_forget_reader (call it before freeing the reader). */
int cli_new_reader(const cli_options *o, const vnr_voice *voice, const vnr_lexicon *lex,
                   vnr_reader **out);
void cli_forget_reader(void);

/* --- Batch (batch.c): one child process per input, N at a time. -------------------------- */
int cli_batch(cli_options *o);
/* --- Interactive listening (interactive.c): vnreader -i FILE. ----------------------------- */
int cli_interactive(cli_options *o);

/* What is remembered per file (state.c): position and bookmarks, private and written safely. */
#define CLI_BOOKMARKS 9
typedef struct cli_state {
    char path[4096 + 32]; /* the state file, "" when nothing can be kept */
    uint64_t size, hash;  /* of the listened file, to notice an edit */
    bool changed;         /* the file changed since: the saved position is ignored */
    size_t sentence;      /* the saved position, 0-based */
    size_t bookmarks[CLI_BOOKMARKS];
    size_t n_bookmarks;
} cli_state;

/* Load the state of file (n_sentences long); refusals are printed, never fatal. */
void cli_state_load(cli_state *st, const char *file, size_t n_sentences);
/* Save sentence (0-based) and the bookmarks. */
void cli_state_save(cli_state *st, const char *file, size_t sentence);

/* The terminal for interactive listening (terminal.c): keys one by one without echo, restored
 * on every way out (q, Ctrl-C, SIGTERM, SIGHUP, a crash, Ctrl-Z and fg). */
void cli_term_install(vnr_reader *reader); /* the signals stop reader */
void cli_term_raw(void);
void cli_term_restore(void);
/* The signal that asked us to stop (SIGINT, SIGTERM, SIGHUP), 0 if none. */
int cli_term_stop_signal(void);
/* The batch progress line: "[#####.....]  7/16 files  2 running". */
void cli_progress_batch(cli_progress *p, size_t finished, size_t total, size_t running);

#endif /* VNR_CLI_H */
