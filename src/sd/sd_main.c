/* sd_main.c - sd_vnreader: vnreader as a speech-dispatcher output module (see sd.h for the
 * protocol). The main thread reads commands and answers them; speech runs on the worker.
 *   sd_vnreader [CONFIG]     started by speech-dispatcher (AddModule ... "sd_vnreader.conf") */
#include "sd.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* No message is longer in practice (a screen reader sends a line or a paragraph; a client's
 * "read all" is cut into sentences by the server); the cap keeps a runaway client from growing
 * the module without bound. */
#define MAX_MESSAGE_BYTES (8u << 20)

#define BAD_SYNTAX "302 ERROR BAD SYNTAX"
#define BAD_PARAM "303 ERROR INVALID PARAMETER OR VALUE"

typedef struct module {
    sd_in in;
    sd_config config;
    sd_settings settings;
    bool initialized;
    bool done; /* QUIT or EOF */
} module;

/* ---- "key=value" blocks: SET, AUDIO, LOGLEVEL. ---- */

typedef bool (*param_fn)(module *m, const char *key, const char *value);

/* Read the block after ack_code's reply; true when every line was accepted. A bad line is
 * answered with one error after the closing ".", like the server's own modules do. */
static bool read_params(module *m, const char *ack, param_fn fn)
{
    sd_out("%s", ack);
    const char *err = NULL;
    while (sd_in_line(&m->in)) {
        char *line = m->in.line;
        if (strcmp(line, ".") == 0) {
            if (err)
                sd_out("%s", err);
            return !err;
        }
        char *eq = strchr(line, '=');
        if (!eq || eq == line || strlen(line) != m->in.len) {
            err = BAD_SYNTAX;
            continue;
        }
        *eq = '\0';
        if (!fn(m, line, eq + 1) && !err)
            err = BAD_PARAM;
    }
    m->done = true; /* EOF inside a block */
    return false;
}

static bool set_param(module *m, const char *key, const char *value)
{
    return sd_settings_set(&m->settings, key, value);
}

/* Only server audio: speech-dispatcher 0.11 first offers it, and plays what comes back in
 * 705 events through its own audio output (so the module needs no sound library). */
static bool audio_param(module *m, const char *key, const char *value)
{
    (void)m;
    return strcmp(key, "audio_output_method") == 0 && strcmp(value, "server") == 0;
}

static bool any_param(module *m, const char *key, const char *value)
{
    (void)m, (void)key, (void)value;
    return true; /* log levels: the module writes no log */
}

/* ---- Commands. ---- */

static void cmd_set(module *m, const char *line)
{
    (void)line;
    sd_settings before = m->settings;
    if (read_params(m, "203 OK RECEIVING SETTINGS", set_param))
        sd_out("203 OK SETTINGS RECEIVED");
    else
        m->settings = before; /* a rejected block changes nothing */
}

static void cmd_audio(module *m, const char *line)
{
    (void)line;
    if (read_params(m, "207 OK RECEIVING AUDIO SETTINGS", audio_param))
        sd_out("203 OK AUDIO INITIALIZED");
}

static void cmd_loglevel(module *m, const char *line)
{
    (void)line;
    if (read_params(m, "207 OK RECEIVING LOGLEVEL SETTINGS", any_param))
        sd_out("203 OK LOGLEVEL SET");
}

/* "DEBUG ON /path" or "DEBUG OFF": accepted, the module has nothing to log. */
static void cmd_debug(module *m, const char *line)
{
    (void)m;
    if (strncmp(line, "DEBUG ON ", 9) == 0 && line[9])
        sd_out("200 OK DEBUGGING ON");
    else if (strcmp(line, "DEBUG OFF") == 0)
        sd_out("200 OK DEBUGGING OFF");
    else
        sd_out(BAD_SYNTAX);
}

static void cmd_list_voices(module *m, const char *line)
{
    (void)line;
    char reply[1024] = "";
    size_t used = 0;
    for (size_t i = 0; sd_voice_names[i]; i++) {
        vnr_voice v;
        if (!sd_voice_load(sd_voice_names[i], m->config.data_dir, &v))
            continue;
        sd_strip_controls(v.name); /* from a voice file: no tab or newline in the reply */
        /* name, language, variant: the variant is the region, for clients that show it. */
        int n = snprintf(reply + used, sizeof reply - used, "200-%s\tvi\t%s\n", v.name, v.name);
        if (n > 0 && (size_t)n < sizeof reply - used)
            used += (size_t)n;
    }
    if (used)
        sd_out("%s200 OK VOICE LIST SENT", reply);
    else
        sd_out("304 CANT LIST VOICES");
}

/* SPEAK, CHAR, KEY, SOUND_ICON: a data block, then the worker speaks it. */
static void speak(module *m, sd_kind kind)
{
    sd_out("202 OK RECEIVING MESSAGE");
    size_t len, lines;
    bool eof, too_long;
    char *data = sd_in_block(&m->in, MAX_MESSAGE_BYTES, &len, &lines, &eof, &too_long);
    if (eof) {
        m->done = true;
        return;
    }
    if (!data) {
        sd_out("402 ERROR OUT OF MEMORY");
        return;
    }
    const char *err = NULL;
    if (len == 0 || too_long || strlen(data) != len) /* empty, huge, or NUL bytes */
        err = "301 ERROR CANT SPEAK";
    else if (kind != SD_TEXT && lines > 1)
        err = "305 DATA MORE THAN ONE LINE";
    if (err) {
        free(data);
        sd_out("%s", err);
        return;
    }
    if (kind == SD_ICON) { /* its name is echoed back in a 706 event */
        sd_strip_controls(data);
        len = strlen(data);
    }
    sd_out("200 OK SPEAKING"); /* before the worker's 701 BEGIN, as the server expects */
    sd_worker_speak(kind, data, len, &m->settings);
}

static void cmd_speak(module *m, const char *line)
{
    (void)line;
    speak(m, SD_TEXT);
}
static void cmd_char(module *m, const char *line)
{
    (void)line;
    speak(m, SD_CHAR);
}
static void cmd_key(module *m, const char *line)
{
    (void)line;
    speak(m, SD_KEY);
}
static void cmd_icon(module *m, const char *line)
{
    (void)line;
    speak(m, SD_ICON);
}

/* STOP and PAUSE get no reply: the server does not wait for one; the event (703 STOP,
 * 704 PAUSE) ends the message instead. */
static void cmd_stop(module *m, const char *line)
{
    (void)m, (void)line;
    sd_worker_stop(false);
}
static void cmd_pause(module *m, const char *line)
{
    (void)m, (void)line;
    sd_worker_stop(true);
}

static void cmd_quit(module *m, const char *line)
{
    (void)line;
    sd_worker_quit();
    sd_out("210 OK QUIT");
    m->done = true;
}

static void cmd_init(module *m, const char *line)
{
    (void)line;
    if (m->initialized) {
        sd_out("300 ERR ALREADY INITIALIZED");
        return;
    }
    char err[600];
    if (!sd_worker_start(&m->config, err, sizeof err)) {
        sd_strip_controls(err); /* it names files: one line, whatever their names hold */
        sd_out("399-%s\n399 ERR CANT INIT MODULE", err);
        m->done = true;
        return;
    }
    m->initialized = true;
    sd_out("299-vnreader " VNR_VERSION ": Vietnamese voices north, central, south\n"
           "299 OK LOADED SUCCESSFULLY");
}

static const struct {
    const char *name;
    bool prefix; /* "DEBUG ON file": the command word starts the line */
    bool needs_init;
    void (*fn)(module *m, const char *line);
} commands[] = {
    {"INIT", false, false, cmd_init},        {"SPEAK", false, true, cmd_speak},
    {"CHAR", false, true, cmd_char},         {"KEY", false, true, cmd_key},
    {"SOUND_ICON", false, true, cmd_icon},   {"STOP", false, true, cmd_stop},
    {"PAUSE", false, true, cmd_pause},       {"LIST VOICES", false, true, cmd_list_voices},
    {"SET", false, true, cmd_set},           {"AUDIO", false, true, cmd_audio},
    {"LOGLEVEL", false, true, cmd_loglevel}, {"DEBUG", true, true, cmd_debug},
    {"QUIT", false, false, cmd_quit},
};

static void dispatch(module *m, const char *line)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        size_t n = strlen(commands[i].name);
        bool match = commands[i].prefix ? strncmp(line, commands[i].name, n) == 0
                                        : strcmp(line, commands[i].name) == 0;
        if (!match)
            continue;
        if (commands[i].needs_init && !m->initialized)
            sd_out("300 ERR NOT INITIALIZED");
        else
            commands[i].fn(m, line);
        return;
    }
    sd_out("300 ERR UNKNOWN COMMAND");
}

int main(int argc, char **argv)
{
    /* A server that went away must end us through a failed write, not kill us mid-event. */
    signal(SIGPIPE, SIG_IGN);
    module m = {.in = {.f = stdin}};
    sd_config_default(&m.config);
    sd_settings_default(&m.settings);
    char err[600];
    if (argc > 1 && !sd_config_load(&m.config, argv[1], err, sizeof err)) {
        fprintf(stderr, "sd_vnreader: %s\n", err);
        return 1;
    }
    while (!m.done && !sd_out_broken() && sd_in_line(&m.in))
        dispatch(&m, strlen(m.in.line) == m.in.len ? m.in.line : "");
    sd_worker_quit();
    sd_in_free(&m.in);
    return 0;
}
