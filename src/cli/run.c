/* run.c - running one job: the ordinary `vnreader` run (every input through one vnr_reader to
 * the outputs and the sound device) and the parts every front end of the program shares: the
 * voice and lexicon the options ask for, opening an input, the sound device, a reader with the
 * reading options, and Ctrl-C. main.c, batch.c (each child) and interactive.c call these; none
 * of them calls another.
 *
 * It opens every input before any output (a missing file must not leave an empty .wav behind),
 * builds the sinks, reads, and on success finishes each sink; on failure or Ctrl-C the sinks are
 * freed unfinished, which removes their temporary files and leaves any earlier output
 * untouched. */
#include "cli.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The reader of our stdout went away (`vnreader -o - | head -c 1000`): not an error. */
static bool stdout_closed(void)
{
    struct pollfd p = {.fd = 1, .events = POLLOUT};
    return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

void cli_warn_line(void *user, const char *message)
{
    const cli_options *o = user;
    if (!o->quiet)
        cli_error("%s", message);
}

/* --- Set-up: voice, lexicon, inputs. -----------------------------------------------------------
 */

int cli_load_voice(cli_options *o, vnr_voice *voice)
{
    vnr_diag diag = {""};
    vnr_status st =
        vnr_voice_load(o->voice ? o->voice : "north", NULL, voice, cli_warn_line, o, &diag);
    /* Without any voice file (a bare library install) the built-in northern profile serves. */
    if (st == VNR_ERR_NOT_FOUND && !o->voice)
        vnr_voice_init(voice);
    else if (st != VNR_OK) {
        cli_error("%s", diag.text);
        return EXIT_RUNTIME;
    }
    if (o->rate >= 0)
        voice->rate = o->rate;
    if (o->pitch >= 0)
        voice->pitch = o->pitch;
    if (o->volume >= 0)
        voice->volume = o->volume;
    if (o->sentence_gap >= 0)
        voice->sentence_pause_ms = o->sentence_gap;
    return EXIT_OK;
}

int cli_load_lexicon(const cli_options *o, vnr_lexicon **lex)
{
    vnr_diag diag = {""};
    vnr_status st = vnr_lexicon_new(lex, NULL);
    if (st == VNR_OK)
        st = vnr_lexicon_load_default(*lex, vnr_data_dir(), &diag);
    if (st == VNR_OK && o->lexicon)
        st = vnr_lexicon_load_file(*lex, VNR_LEX_USER, o->lexicon, &diag);
    if (st != VNR_OK) {
        cli_error("%s", diag.text[0] ? diag.text : vnr_status_message(st));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

typedef struct cli_run {
    cli_options *o;
    vnr_voice voice;
    vnr_lexicon *lex;
    vnr_input **inputs;
    size_t n_inputs;
    vnr_reader *reader;
    vnr_sink **sinks;
    size_t n_sinks;
    cli_progress progress;
    vnr_bulletin *bulletin; /* --bulletin: read instead of the inputs */
    cli_text_tracks tracks; /* --captions, --transcript */
} cli_run;

static int load_bulletin(cli_run *run)
{
    vnr_diag diag = {""};
    if (vnr_bulletin_open(run->o->bulletin, &run->bulletin, &diag) != VNR_OK) {
        cli_error("%s", diag.text);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

/* HTML through libxml2: with --html, or a file named *.html / *.htm. */
bool cli_is_html(const cli_options *o, const cli_input *in)
{
    const char *dot = in->is_text ? NULL : strrchr(in->value, '.');
    return o->html || (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0));
}

/* Files, stdin and URLs: plain text streamed, web pages, e-books, office documents and PDFs
 * as the library's content (recognised by their bytes; --html forces a web page). */
vnr_status cli_open_input(const cli_options *o, const cli_input *in, vnr_input **out,
                          vnr_diag *diag)
{
    if (in->is_text && cli_is_html(o, in))
        return vnr_input_open_html_text(in->value, strlen(in->value), "text", out, diag);
    if (in->is_text)
        return vnr_input_open_text(in->value, strlen(in->value), "text", out, diag);
    vnr_content_options c;
    vnr_content_options_init(&c);
    c.type = o->html ? VNR_DOC_HTML : VNR_DOC_AUTO;
    c.captions = o->captions_of_images;
    if (o->timeout)
        c.timeout_seconds = o->timeout;
    return vnr_input_open_path(in->value, &c, out, diag);
}

static int open_inputs(cli_run *run)
{
    cli_options *o = run->o;
    static const cli_input stdin_input = {false, "-"};
    size_t n = o->n_inputs ? o->n_inputs : 1;
    run->inputs = calloc(n, sizeof *run->inputs);
    if (!run->inputs) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    if (!o->n_inputs && isatty(0) && !o->quiet)
        cli_error("reading text from the terminal; end it with Ctrl-D");
    for (size_t i = 0; i < n; i++) {
        const cli_input *in = o->n_inputs ? &o->inputs[i] : &stdin_input;
        vnr_diag diag = {""};
        vnr_status st = cli_open_input(o, in, &run->inputs[i], &diag);
        if (st != VNR_OK) {
            cli_error("%s", diag.text[0] ? diag.text : vnr_status_message(st));
            return EXIT_RUNTIME;
        }
        run->n_inputs++;
        vnr_input_set_warn(run->inputs[i], cli_warn_line, o);
    }
    return EXIT_OK;
}

/* --- --normalize: the text as it will be read, one output line per input line. ---------------- */

/* --phonemes, --ipa: the normalized line as eSpeak NG's phonemes. */
static int print_phonemes(vnr_synth *synth, const cli_options *o, const char *text, size_t len)
{
    char *phonemes = NULL;
    vnr_diag diag = {""};
    vnr_phoneme_notation notation =
        o->phonemes == CLI_PHONEMES_IPA ? VNR_PHONEMES_IPA : VNR_PHONEMES_MNEMONIC;
    if (vnr_synth_phonemes(synth, text, len, notation, &phonemes, &diag) != VNR_OK) {
        cli_error("%s", diag.text);
        return EXIT_RUNTIME;
    }
    fputs(phonemes, stdout);
    putchar('\n');
    free(phonemes);
    return EXIT_OK;
}

static int normalize_input(vnr_normalizer *norm, vnr_synth *synth, const cli_options *o,
                           vnr_input *in)
{
    for (;;) {
        const char *line;
        size_t len;
        vnr_diag diag = {""};
        vnr_status st = vnr_input_next_line(in, &line, &len, &diag);
        if (cli_stop_signal())
            return 128 + cli_stop_signal();
        if (st != VNR_OK) {
            cli_error("%s", diag.text);
            return EXIT_RUNTIME;
        }
        if (!line)
            return EXIT_OK;
        if (!norm) { /* --extract: the text as found, headings marked "# ", "## " */
            int level = vnr_input_heading_level(in);
            if (level)
                printf("%.*s ", level, "######");
            fwrite(line, 1, len, stdout);
            putchar('\n');
            continue;
        }
        char *out = NULL;
        size_t out_len = 0;
        if ((st = vnr_normalize(norm, line, len, &out, &out_len, NULL)) != VNR_OK) {
            cli_error("%s:%ld: %s", vnr_input_name(in), vnr_input_line_number(in),
                      vnr_status_message(st));
            return EXIT_RUNTIME;
        }
        if (synth) {
            int rc = print_phonemes(synth, o, out, out_len);
            free(out);
            if (rc != EXIT_OK)
                return rc;
        } else {
            fwrite(out, 1, out_len, stdout);
            putchar('\n');
            free(out);
        }
        if (ferror(stdout))
            return EXIT_RUNTIME;
    }
}

static int run_normalize(cli_run *run)
{
    vnr_normalizer *norm = NULL;
    const cli_options *o = run->o;
    if (!o->extract && vnr_normalizer_new(run->lex, &run->voice.numbers, &norm, NULL) != VNR_OK) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    if (norm) {
        vnr_normalizer_set_punctuation(norm, o->punctuation, NULL);
        vnr_normalizer_set_spell(norm, o->spell);
        vnr_normalizer_set_capitals(norm, o->capitals);
        vnr_normalizer_set_explain(norm, o->explain);
    }
    vnr_synth *synth = NULL;
    vnr_diag diag = {""};
    if (norm && o->phonemes && vnr_synth_new(&run->voice, &synth, &diag) != VNR_OK) {
        cli_error("%s", diag.text);
        vnr_normalizer_free(norm);
        return EXIT_RUNTIME;
    }
    int rc = EXIT_OK;
    for (size_t i = 0; i < run->n_inputs && rc == EXIT_OK && !cli_stop_signal(); i++)
        rc = normalize_input(norm, synth, o, run->inputs[i]);
    vnr_synth_free(synth);
    vnr_normalizer_free(norm);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno == EPIPE)
            return EXIT_OK;
        cli_error("stdout: %s", strerror(errno));
        return EXIT_RUNTIME;
    }
    return rc;
}

/* --- Speaking. ---------------------------------------------------------------------------------
 */

static int add_sink(cli_run *run, vnr_sink *sink)
{
    run->sinks[run->n_sinks++] = sink;
    if (vnr_reader_add_sink(run->reader, sink, NULL) != VNR_OK) {
        cli_error("too many outputs");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cli_open_playback(const cli_options *o, int rate, vnr_sink **out)
{
    vnr_diag diag = {""};
    *out = NULL;
    if (o->speed_factor > 0 && (!o->device || strcmp(o->device, "null") != 0)) {
        cli_error("--speed-factor needs --device null");
        return EXIT_USAGE;
    }
    vnr_status st = o->speed_factor > 0 ? vnr_sink_null_new(rate, o->speed_factor, out, &diag)
                                        : vnr_sink_playback_new(o->device, rate, out, &diag);
    if (st == VNR_ERR_NO_DEVICE) {
        cli_error("no sound device found; to save the speech to a file instead, use -o file.wav");
        return EXIT_RUNTIME;
    }
    if (st != VNR_OK) {
        cli_error("%s", diag.text);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

static int open_playback(cli_run *run, int rate)
{
    vnr_sink *sink = NULL;
    int rc = cli_open_playback(run->o, rate, &sink);
    return rc == EXIT_OK ? add_sink(run, sink) : rc;
}

static int open_sinks(cli_run *run)
{
    cli_options *o = run->o;
    int rate = vnr_reader_sample_rate(run->reader);
    run->sinks = calloc(o->n_outputs + 1, sizeof *run->sinks);
    if (!run->sinks) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < o->n_outputs; i++) {
        vnr_sink *sink = NULL;
        vnr_diag diag = {""};
        vnr_format format;
        int rc = cli_output_format(o, o->outputs[i], &format);
        if (rc != EXIT_OK)
            return rc;
        if (vnr_sink_produce_new(o->outputs[i], format, rate, &o->file, &sink, &diag) != VNR_OK) {
            cli_error("%s", diag.text);
            return EXIT_RUNTIME;
        }
        vnr_sink_set_pass_fn(sink, cli_progress_pass, &run->progress);
        rc = add_sink(run, sink);
        if (rc != EXIT_OK)
            return rc;
        if (strcmp(o->outputs[i], "-") != 0)
            run->progress.enabled = !o->quiet && isatty(2);
    }
    return o->play ? open_playback(run, rate) : EXIT_OK;
}

/* The exit code for a failed read, and its message unless the failure is a normal end. */
static int read_failed(vnr_status st, const vnr_diag *diag)
{
    if (cli_stop_signal())
        return 128 + cli_stop_signal();
    if (st == VNR_ERR_IO && stdout_closed())
        return EXIT_OK;
    cli_error("%s", diag->text[0] ? diag->text : vnr_status_message(st));
    return EXIT_RUNTIME;
}

static int read_all(cli_run *run)
{
    cli_progress *pr = &run->progress;
    for (size_t i = 0; i < run->n_inputs; i++)
        pr->bytes_total = vnr_input_size(run->inputs[i]) && (i == 0 || pr->bytes_total)
                              ? pr->bytes_total + vnr_input_size(run->inputs[i])
                              : 0;
    vnr_reader_set_progress(run->reader, cli_progress_update, pr);
    cli_active_progress = pr;
    if (run->bulletin) {
        vnr_diag diag = {""};
        vnr_status st = vnr_bulletin_read(run->reader, run->bulletin, &diag);
        if (st != VNR_OK || cli_stop_signal())
            return read_failed(st, &diag);
    }
    for (size_t i = 0; i < run->n_inputs; i++) {
        vnr_diag diag = {""};
        vnr_status st = vnr_reader_read(run->reader, run->inputs[i], &diag);
        if (st != VNR_OK || cli_stop_signal())
            return read_failed(st, &diag);
        pr->bytes_before += vnr_input_size(run->inputs[i]);
    }
    if (run->o->earcons) { /* after the last input: the end of the text */
        vnr_diag diag = {""};
        vnr_status st = vnr_reader_play_earcon(run->reader, VNR_EARCON_END, &diag);
        if (st != VNR_OK || cli_stop_signal())
            return read_failed(st, &diag);
    }
    for (size_t i = 0; i < run->n_sinks; i++) {
        vnr_diag diag = {""};
        vnr_status st = vnr_sink_finish(run->sinks[i], &diag);
        /* A stop asked for before the rename fails it (VNR_ERR_STOPPED); one that comes after
         * found the file complete and in place: that is a success, not exit 130. */
        if (st != VNR_OK)
            return read_failed(st, &diag);
    }
    cli_progress_clear(pr);
    return cli_text_tracks_finish(&run->tracks);
}

int cli_new_reader(const cli_options *o, const vnr_voice *voice, const vnr_lexicon *lex,
                   vnr_reader **out)
{
    vnr_diag diag = {""};
    if (vnr_reader_new(voice, lex, out, &diag) != VNR_OK) {
        cli_error("%s", diag.text);
        return EXIT_RUNTIME;
    }
    vnr_reader_set_punctuation(*out, o->punctuation, NULL);
    vnr_reader_set_spell(*out, o->spell);
    vnr_reader_set_capitals(*out, o->capitals);
    vnr_reader_set_earcons(*out, o->earcons);
    cli_signals_set_reader(*out); /* Ctrl-C stops it */
    return EXIT_OK;
}

void cli_forget_reader(void)
{
    cli_signals_set_reader(NULL);
}

static int run_speak(cli_run *run)
{
    if (cli_new_reader(run->o, &run->voice, run->lex, &run->reader) != EXIT_OK)
        return EXIT_RUNTIME;
    if (cli_stop_signal())
        return 128 + cli_stop_signal();
    int rc = open_sinks(run);
    if (rc == EXIT_OK)
        rc = cli_text_tracks_open(&run->tracks, run->o, run->reader, run->lex);
    return rc != EXIT_OK ? rc : read_all(run);
}

static void run_free(cli_run *run)
{
    cli_forget_reader();
    cli_progress_clear(&run->progress);
    cli_active_progress = NULL;
    for (size_t i = 0; i < run->n_sinks; i++)
        vnr_sink_free(run->sinks[i]); /* an unfinished file sink removes its temporary file */
    free(run->sinks);
    vnr_reader_free(run->reader);
    for (size_t i = 0; i < run->n_inputs; i++)
        vnr_input_free(run->inputs[i]);
    free(run->inputs);
    vnr_lexicon_free(run->lex);
    cli_text_tracks_free(&run->tracks); /* unfinished: removed */
    vnr_bulletin_free(run->bulletin);
}

int cli_run_one(cli_options *o)
{
    cli_run r;
    memset(&r, 0, sizeof r);
    r.o = o;
    int rc = cli_check_clobber(o);
    if (rc == EXIT_OK)
        rc = cli_load_voice(o, &r.voice);
    if (rc == EXIT_OK)
        rc = cli_load_lexicon(o, &r.lex);
    if (rc == EXIT_OK)
        rc = o->bulletin ? load_bulletin(&r) : open_inputs(&r);
    if (rc == EXIT_OK)
        rc = o->normalize || o->extract || o->phonemes ? run_normalize(&r) : run_speak(&r);
    run_free(&r);
    return rc;
}
