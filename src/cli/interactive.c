/* interactive.c - `vnreader -i FILE`: listening with the keyboard alone (README "Interactive
 * listening"). Space pauses and resumes, the arrows move by sentence and paragraph, Home/End go to
 * the first and last sentence, + and - change the rate, r repeats, s spells the word just heard,
 * q quits. Each sentence is printed as written, on its own line, when its voice starts, so a
 * braille display or a screen reader follows the speech.
 *
 * One thread drives everything (eSpeak NG must only be called from one thread): a small loop
 * speaks the current sentence chunk by chunk (50 ms of audio each) into the one playback sink and
 * polls stdin between chunks. It keeps no more than READ_AHEAD_MS queued in the sink's ring, so a
 * write never blocks and a key is seen within a chunk; pause, stop and restart are the sink's own
 * controls, heard within one device buffer.
 *
 * The spelled word comes from eSpeak NG's word events (vnr_synth_set_word_fn): the last word
 * whose sound has started by the device's position. Those words are the normalized text ("105"
 * is "một trăm linh năm"), but the listener wants the word as written, so the normalized word's
 * index is mapped to the original sentence's words: the same index when both have as many words
 * (ordinary prose, the normalizer changed no word count), else in proportion, which is close
 * but may be a neighbour around numbers and abbreviations.
 *
 * The position (sentence number, and the file's size and FNV-1a hash to see that it changed) is
 * kept per file in $XDG_STATE_HOME/vnreader/ (default ~/.local/state/vnreader/), one small file
 * named by a hash of the file's absolute path, written at every sentence (tmp + rename). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"
#include "cli/state_file.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define READ_AHEAD_MS 250 /* audio queued ahead of the listener: how late a key may act */
#define POLL_MS 10
#define RATE_STEP 20
#define RATE_MIN 80
#define RATE_MAX 900

/* --- The terminal: raw (no line editing, no echo) while we run, restored on every way out. --- */

static struct termios saved_termios, raw_termios;
static volatile sig_atomic_t termios_saved;
static volatile sig_atomic_t stop_signal;
static vnr_sink *volatile signal_sink;

/* Async-signal-safe: tcsetattr only. */
static void term_restore(void)
{
    if (termios_saved)
        tcsetattr(0, TCSANOW, &saved_termios);
}

/* Keys arrive one by one; ISIG stays so Ctrl-C is a SIGINT like everywhere else. */
static void term_raw(void)
{
    if (!isatty(0) || tcgetattr(0, &saved_termios) != 0)
        return;
    termios_saved = 1;
    struct termios t = saved_termios;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    raw_termios = t;
    tcsetattr(0, TCSANOW, &t);
}

/* Ctrl-C, SIGTERM, SIGHUP: silence at once, give the terminal back; the loop saves the position
 * and ends. A second one ends the process at once. */
static void on_stop_signal(int sig)
{
    term_restore();
    if (stop_signal) {
        vnr_temp_remove_all(); /* a position being saved: no temporary file left */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_signal = sig;
    if (signal_sink)
        vnr_sink_stop(signal_sink);
}

/* A crash: the terminal back, then the default action (core dump) by re-raising. */
static void on_crash_signal(int sig)
{
    term_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Ctrl-Z: the shell gets its terminal back while we are stopped, raw mode again on fg. */
static void on_suspend(int sig)
{
    (void)sig;
    term_restore();
    kill(getpid(), SIGSTOP); /* SIGSTOP cannot be blocked: we stop here until SIGCONT */
    if (termios_saved)
        tcsetattr(0, TCSANOW, &raw_termios);
}

static void install_handlers(void)
{
    static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
    static const int crashes[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
        sigaction(stops[i], &sa, NULL);
    sa.sa_handler = on_suspend;
    sigaction(SIGTSTP, &sa, NULL);
    sa.sa_handler = on_crash_signal;
    for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++)
        sigaction(crashes[i], &sa, NULL);
    atexit(term_restore);
}

/* --- The document: every sentence in memory. Fine for interactive listening (a book is a few
 * MB); moving back and forth needs them all at hand. -------------------------------------- */

typedef struct sentence {
    char *text; /* as written, spaces around it removed */
    size_t len;
    int paragraph;
} sentence;

typedef struct document {
    sentence *s;
    size_t n, cap;
    uint64_t size, hash; /* of the file's bytes: a changed file forgets its position */
} document;

static bool has_letters_or_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            return true;
    }
    return false;
}

static bool add_sentence(document *d, const char *text, size_t len, int paragraph)
{
    while (len > 0 && strchr(" \t\r\f\v", text[len - 1]))
        len--;
    while (len > 0 && strchr(" \t\r\f\v", text[0]))
        text++, len--;
    if (!has_letters_or_digits(text, len))
        return true; /* only marks: nothing to say (the reader skips them too) */
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        sentence *grown = realloc(d->s, cap * sizeof *grown);
        if (!grown)
            return false;
        d->s = grown, d->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, text, len);
    copy[len] = '\0';
    d->s[d->n++] = (sentence){copy, len, paragraph};
    return true;
}

static void document_free(document *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->s[i].text);
    free(d->s);
}

/* FNV-1a, 64 bits: enough to notice an edited file, not a security measure. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}
#define FNV_START 14695981039346656037u

static void hash_file(const char *path, document *d)
{
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;
    d->hash = FNV_START;
    d->size = 0;
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        d->hash = fnv1a(d->hash, buf, n);
        d->size += n;
    }
    if (f)
        fclose(f);
}

static bool is_html(const cli_options *o, const char *path)
{
    const char *dot = strrchr(path, '.');
    return o->html || (dot && (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0));
}

/* Sentences cut as the reader cuts them; a blank line starts a new paragraph. */
static int load_document(const cli_options *o, const vnr_lexicon *lex, const char *path,
                         document *d)
{
    vnr_input *in = NULL;
    vnr_diag diag = {""};
    vnr_status st = is_html(o, path) ? vnr_input_open_html(path, &in, &diag)
                                     : vnr_input_open_file(path, &in, &diag);
    int paragraph = 0;
    bool blank_before = false;
    while (st == VNR_OK) {
        const char *line;
        size_t len;
        if ((st = vnr_input_next_line(in, &line, &len, &diag)) != VNR_OK || !line)
            break;
        if (!has_letters_or_digits(line, len)) {
            blank_before = blank_before || d->n > 0;
            continue;
        }
        if (blank_before)
            paragraph++, blank_before = false;
        for (size_t at = 0, n; at < len; at += n) {
            n = vnr_sentence_length(lex, line + at, len - at);
            if (n == 0 || n > len - at)
                n = len - at;
            if (!add_sentence(d, line + at, n, paragraph)) {
                snprintf(diag.text, sizeof diag.text, "out of memory");
                st = VNR_ERR_NOMEM;
            }
        }
    }
    vnr_input_free(in);
    if (st != VNR_OK) {
        cli_error("%s", diag.text[0] ? diag.text : vnr_status_message(st));
        return EXIT_RUNTIME;
    }
    if (d->n == 0) {
        cli_error("%s: nothing to read", path);
        return EXIT_RUNTIME;
    }
    hash_file(path, d);
    return EXIT_OK;
}

/* --- The remembered position. ------------------------------------------------------------- */

/* <state folder>/<hash of the absolute path>.pos (state_file.c checks the folder); false if
 * there is none: the reading goes on without remembering. */
static bool state_path(const char *file, char *out, size_t size)
{
    char dir[PATH_MAX], abs[PATH_MAX];
    if (!realpath(file, abs) || cli_state_dir(dir, sizeof dir) != EXIT_OK)
        return false;
    uint64_t h = fnv1a(FNV_START, abs, strlen(abs));
    int n = snprintf(out, size, "%s/%016llx.pos", dir, (unsigned long long)h);
    return n > 0 && (size_t)n < size;
}

/* The saved sentence (0-based), or 0 when none, or when the file changed since. */
static size_t load_position(const char *path, const document *d, bool *changed)
{
    unsigned long long size = 0, hash = 0;
    long saved = 0;
    char *text = NULL;
    *changed = false;
    if (cli_state_read(path, 2 * PATH_MAX, &text) != EXIT_OK || !text)
        return 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        sscanf(line, "size=%llu", &size);
        sscanf(line, "hash=%llx", &hash);
        sscanf(line, "sentence=%ld", &saved);
    }
    free(text);
    if (size != d->size || hash != d->hash) {
        *changed = true;
        return 0;
    }
    return saved >= 1 && (size_t)saved <= d->n ? (size_t)saved - 1 : 0;
}

/* state_file.c writes it to a fresh temporary name and renames it. */
static void save_position(const char *path, const char *file, const document *d, size_t index)
{
    if (!path[0])
        return;
    char text[PATH_MAX + 128];
    int n = snprintf(text, sizeof text, "file=%s\nsize=%llu\nhash=%016llx\nsentence=%zu\n", file,
                     (unsigned long long)d->size, (unsigned long long)d->hash, index + 1);
    if (n > 0 && (size_t)n < sizeof text)
        cli_state_write(path, text, (size_t)n);
}

/* --- Keys. -------------------------------------------------------------------------------- */

typedef enum key {
    KEY_NONE,
    KEY_PAUSE,
    KEY_PREV,
    KEY_NEXT,
    KEY_PREV_PARAGRAPH,
    KEY_NEXT_PARAGRAPH,
    KEY_FIRST,
    KEY_LAST,
    KEY_FASTER,
    KEY_SLOWER,
    KEY_REPEAT,
    KEY_SPELL,
    KEY_QUIT,
} key;

/* What terminals send: xterm and tmux in normal and application cursor mode, the VT220 and
 * rxvt Home/End. */
static const struct {
    const char *bytes;
    key k;
} key_table[] = {
    {"\x1b[A", KEY_PREV_PARAGRAPH},
    {"\x1bOA", KEY_PREV_PARAGRAPH},
    {"\x1b[B", KEY_NEXT_PARAGRAPH},
    {"\x1bOB", KEY_NEXT_PARAGRAPH},
    {"\x1b[C", KEY_NEXT},
    {"\x1bOC", KEY_NEXT},
    {"\x1b[D", KEY_PREV},
    {"\x1bOD", KEY_PREV},
    {"\x1b[H", KEY_FIRST},
    {"\x1bOH", KEY_FIRST},
    {"\x1b[1~", KEY_FIRST},
    {"\x1b[7~", KEY_FIRST},
    {"\x1b[F", KEY_LAST},
    {"\x1bOF", KEY_LAST},
    {"\x1b[4~", KEY_LAST},
    {"\x1b[8~", KEY_LAST},
    {" ", KEY_PAUSE},
    {"+", KEY_FASTER},
    {"=", KEY_FASTER},
    {"-", KEY_SLOWER},
    {"_", KEY_SLOWER},
    {"r", KEY_REPEAT},
    {"R", KEY_REPEAT},
    {"s", KEY_SPELL},
    {"S", KEY_SPELL},
    {"q", KEY_QUIT},
    {"Q", KEY_QUIT},
};

/* The key at the start of buf and its length in *used (at least 1: unknown bytes are skipped;
 * an unknown escape sequence is skipped whole). */
static key parse_key(const char *buf, size_t len, size_t *used)
{
    for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++) {
        size_t n = strlen(key_table[i].bytes);
        if (n <= len && memcmp(buf, key_table[i].bytes, n) == 0) {
            *used = n;
            return key_table[i].k;
        }
    }
    size_t n = 1;
    if (buf[0] == '\x1b' && len > 2 && (buf[1] == '[' || buf[1] == 'O')) {
        n = 2; /* up to the sequence's final byte, 0x40..0x7e */
        while (n < len && !(buf[n] >= 0x40 && buf[n] <= 0x7e))
            n++;
        n = n < len ? n + 1 : len;
    }
    *used = n;
    return KEY_NONE;
}

/* --- The player. -------------------------------------------------------------------------- */

typedef struct word_event {
    size_t offset, len; /* bytes of the normalized sentence */
    uint64_t sample;    /* from the sentence's first sample */
} word_event;

typedef struct player {
    const cli_options *o;
    const char *file;
    document doc;
    vnr_voice voice;
    vnr_lexicon *lex;
    vnr_normalizer *norm, *speller;
    vnr_synth *synth;
    vnr_sink *sink;
    int sample_rate, wpm;
    uint64_t written;        /* samples given to the sink */
    uint64_t sentence_audio; /* `written` when the current sentence's voice began */
    bool voice_started;      /* the current sentence has made audio */
    size_t cur;              /* the sentence being read */
    long jump;               /* where a key sends us, -1: nowhere */
    bool paused, quit, spell, stdin_open;
    char *spoken; /* the normalized words of sentence spoken_index */
    size_t spoken_index;
    word_event *words;
    size_t n_words, cap_words;
    char state[PATH_MAX + 32]; /* the position file, "" if none */
    vnr_status error;
    vnr_diag diag;
} player;

static size_t paragraph_start(const player *p, size_t i)
{
    while (i > 0 && p->doc.s[i - 1].paragraph == p->doc.s[i].paragraph)
        i--;
    return i;
}

/* Up: the start of the previous paragraph. Down: the start of the next one, if any. */
static long paragraph_target(const player *p, bool forward)
{
    size_t start = paragraph_start(p, p->cur);
    if (!forward)
        return start == 0 ? 0 : (long)paragraph_start(p, start - 1);
    for (size_t i = p->cur + 1; i < p->doc.n; i++)
        if (p->doc.s[i].paragraph != p->doc.s[p->cur].paragraph)
            return (long)i;
    cli_error("last paragraph");
    return -1;
}

static void change_rate(player *p, int step)
{
    int wpm = p->wpm + step;
    wpm = wpm < RATE_MIN ? RATE_MIN : wpm > RATE_MAX ? RATE_MAX : wpm;
    p->wpm = wpm;
    vnr_synth_set_rate(p->synth, wpm); /* from the next sentence */
    cli_error("rate %d words per minute", wpm);
}

static void set_paused(player *p, bool paused)
{
    p->paused = paused;
    if (paused)
        vnr_sink_pause(p->sink);
    else
        vnr_sink_resume(p->sink);
    cli_error("%s", paused ? "paused" : "playing");
}

/* Act on one key; a movement also resumes a paused reading. */
static void handle_key(player *p, key k)
{
    long last = (long)p->doc.n - 1, cur = (long)p->cur;
    switch (k) {
    case KEY_NONE:
        return;
    case KEY_PAUSE:
        set_paused(p, !p->paused);
        return;
    case KEY_FASTER:
    case KEY_SLOWER:
        change_rate(p, k == KEY_FASTER ? RATE_STEP : -RATE_STEP);
        return;
    case KEY_QUIT:
        p->quit = true;
        return;
    case KEY_SPELL:
        p->spell = true;
        break;
    case KEY_PREV:
        p->jump = cur > 0 ? cur - 1 : 0;
        break;
    case KEY_NEXT:
        p->jump = cur < last ? cur + 1 : last;
        break;
    case KEY_PREV_PARAGRAPH:
    case KEY_NEXT_PARAGRAPH:
        p->jump = paragraph_target(p, k == KEY_NEXT_PARAGRAPH);
        break;
    case KEY_FIRST:
        p->jump = 0;
        break;
    case KEY_LAST:
        p->jump = last;
        break;
    case KEY_REPEAT:
        p->jump = cur;
        break;
    }
    if (p->paused && (p->jump >= 0 || p->spell))
        set_paused(p, false);
}

static bool interrupted(const player *p)
{
    return p->quit || p->spell || p->jump >= 0 || p->error != VNR_OK;
}

/* Wait up to ms for keys and act on them. True when the speech must be cut. */
static bool poll_keys(player *p, int ms)
{
    if (stop_signal)
        p->quit = true;
    if (interrupted(p))
        return true;
    if (!p->stdin_open) {
        struct timespec ts = {0, (long)ms * 1000000L};
        nanosleep(&ts, NULL);
        return interrupted(p);
    }
    struct pollfd fd = {.fd = 0, .events = POLLIN};
    if (poll(&fd, 1, ms) == 1) {
        char buf[64];
        ssize_t n = read(0, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            p->stdin_open = false; /* keys from a pipe that ended: read on to the end */
        for (size_t at = 0, used; n > 0 && at < (size_t)n; at += used)
            handle_key(p, parse_key(buf + at, (size_t)n - at, &used));
    }
    if (stop_signal)
        p->quit = true;
    return interrupted(p);
}

/* Queue samples without ever blocking: while READ_AHEAD_MS is queued (or we are paused and the
 * queue is full), keys are polled. False when a key or an error cut the speech. */
static bool feed(player *p, const int16_t *samples, size_t n)
{
    size_t ahead = (size_t)p->sample_rate * READ_AHEAD_MS / 1000;
    while (vnr_sink_queued(p->sink) > ahead)
        if (poll_keys(p, POLL_MS))
            return false;
    if (poll_keys(p, 0))
        return false;
    p->error = vnr_sink_write(p->sink, samples, n, &p->diag);
    p->written += n;
    return p->error == VNR_OK;
}

static bool feed_silence(player *p, int ms)
{
    static const int16_t zeros[1024];
    size_t left = (size_t)p->sample_rate * (size_t)ms / 1000;
    for (size_t n; left > 0; left -= n) {
        n = left < 1024 ? left : 1024;
        if (!feed(p, zeros, n))
            return false;
    }
    return true;
}

/* Until the listener has heard everything queued. False when a key cut the wait. */
static bool drain(player *p)
{
    while (vnr_sink_queued(p->sink) > 0 || p->paused)
        if (poll_keys(p, POLL_MS))
            return false;
    return !poll_keys(p, 0);
}

static int on_audio(void *user, const int16_t *samples, size_t n)
{
    player *p = user;
    if (!p->voice_started) {
        p->sentence_audio = p->written;
        p->voice_started = true;
    }
    return feed(p, samples, n) ? 0 : 1;
}

static void on_word(void *user, size_t offset, size_t len, uint64_t sample)
{
    player *p = user;
    if (p->n_words == p->cap_words) {
        size_t cap = p->cap_words ? p->cap_words * 2 : 32;
        word_event *grown = realloc(p->words, cap * sizeof *grown);
        if (!grown)
            return; /* spelling then falls back to an earlier word */
        p->words = grown, p->cap_words = cap;
    }
    p->words[p->n_words++] = (word_event){offset, len, sample};
}

/* Normalize and speak text; false when cut by a key (or failed: p->error). */
static bool speak(player *p, vnr_normalizer *norm, const char *text, size_t len)
{
    char *words = NULL;
    size_t n = 0;
    vnr_status st = vnr_normalize(norm, text, len, &words, &n);
    if (st != VNR_OK) {
        snprintf(p->diag.text, sizeof p->diag.text, "normalizer: %s", vnr_status_message(st));
        p->error = st;
        return false;
    }
    free(p->spoken);
    p->spoken = words;
    p->spoken_index = p->cur;
    p->n_words = 0;
    p->voice_started = false;
    st = vnr_synth_speak(p->synth, words, n, on_audio, p, &p->diag);
    if (st != VNR_OK && st != VNR_ERR_STOPPED && p->error == VNR_OK)
        p->error = st;
    return st == VNR_OK && !interrupted(p);
}

/* --- Spelling the word just heard. -------------------------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* The index-th space-separated word of s (or the count of words in *count). */
static const char *nth_word(const char *s, size_t len, size_t index, size_t *word_len,
                            size_t *count)
{
    const char *found = NULL;
    size_t k = 0;
    for (size_t at = 0; at < len;) {
        while (at < len && is_space(s[at]))
            at++;
        size_t start = at;
        while (at < len && !is_space(s[at]))
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

/* The index of the normalized word heard last (see the top comment). */
static size_t heard_word(const player *p)
{
    uint64_t pos = vnr_sink_position(p->sink);
    uint64_t heard = p->voice_started && pos > p->sentence_audio ? pos - p->sentence_audio : 0;
    size_t offset = 0;
    for (size_t i = 0; i < p->n_words && p->words[i].sample <= heard; i++)
        offset = p->words[i].offset;
    if (!p->spoken || offset > strlen(p->spoken))
        return 0;
    size_t len, count; /* the words before the heard one's offset */
    nth_word(p->spoken ? p->spoken : "", offset, 0, &len, &count);
    return count;
}

static void spell_word(player *p)
{
    p->spell = false;
    if (!p->spoken)
        return;
    const sentence *s = &p->doc.s[p->spoken_index];
    size_t said_count = 0, count = 0, len = 0, k = heard_word(p);
    nth_word(p->spoken, strlen(p->spoken), 0, &len, &said_count);
    nth_word(s->text, s->len, 0, &len, &count);
    size_t index = said_count == count || said_count == 0 ? k : k * count / said_count;
    if (index >= count)
        index = count ? count - 1 : 0;
    const char *w = nth_word(s->text, s->len, index, &len, &count);
    if (!w)
        return;
    trim_marks(&w, &len);
    char *letters = NULL;
    size_t n = 0;
    if (len == 0 || vnr_normalize(p->speller, w, len, &letters, &n) != VNR_OK)
        return;
    printf("spelling %.*s: %s\n", (int)len, w, letters);
    fflush(stdout);
    /* The sentence's words and where its voice began stay, for another s. */
    uint64_t sentence_audio = p->sentence_audio;
    p->voice_started = false;
    vnr_synth_set_word_fn(p->synth, NULL, NULL);
    if (vnr_synth_speak(p->synth, letters, n, on_audio, p, &p->diag) == VNR_OK)
        drain(p);
    vnr_synth_set_word_fn(p->synth, on_word, p);
    p->sentence_audio = sentence_audio;
    p->voice_started = true;
    free(letters);
}

/* --- The loop. ---------------------------------------------------------------------------- */

/* What a key asked for, once the queued audio is dropped. next: where reading goes on after
 * spelling (the sentence again when it was cut in the middle, else the one after it). */
static void after_cut(player *p, size_t next)
{
    vnr_sink_stop(p->sink);
    vnr_sink_restart(p->sink);
    if (p->quit || p->error != VNR_OK)
        return;
    if (p->spell) {
        spell_word(p);
        vnr_sink_stop(p->sink);
        vnr_sink_restart(p->sink);
        if (p->jump < 0)
            p->cur = next;
    }
    if (p->jump >= 0) {
        p->cur = (size_t)p->jump;
        p->jump = -1;
    }
}

static void print_sentence(const player *p)
{
    const sentence *s = &p->doc.s[p->cur];
    fwrite(s->text, 1, s->len, stdout);
    putchar('\n');
    fflush(stdout);
}

/* The silence after sentence i: a paragraph's or a sentence's. */
static int gap_after(const player *p, size_t i)
{
    bool paragraph_ends = p->doc.s[i].paragraph != p->doc.s[i + 1].paragraph;
    return paragraph_ends ? p->voice.paragraph_pause_ms : p->voice.sentence_pause_ms;
}

/* Sentence by sentence: print, speak, wait until heard, the gap; a key may cut any step. The
 * current sentence stays the one just heard until the gap after it is over, so r, s and the
 * arrows during the gap count from it. */
static void read_loop(player *p)
{
    while (!p->quit && p->error == VNR_OK && p->cur < p->doc.n) {
        if (p->paused && !drain(p)) { /* paused between sentences: nothing new starts */
            after_cut(p, p->cur);
            continue;
        }
        save_position(p->state, p->file, &p->doc, p->cur);
        print_sentence(p);
        const sentence *s = &p->doc.s[p->cur];
        if (!speak(p, p->norm, s->text, s->len)) {
            after_cut(p, p->cur);
            continue;
        }
        if (!drain(p) || (p->cur + 1 < p->doc.n && !feed_silence(p, gap_after(p, p->cur)))) {
            after_cut(p, p->cur + 1);
            continue;
        }
        p->cur++;
    }
}

/* --- Set-up. ------------------------------------------------------------------------------ */

static int open_engine(player *p)
{
    const cli_options *o = p->o;
    vnr_diag diag = {""};
    vnr_status st = vnr_synth_new(&p->voice, &p->synth, &diag);
    if (st == VNR_OK) {
        p->sample_rate = vnr_synth_sample_rate(p->synth);
        vnr_synth_set_capitals(p->synth, o->capitals);
        vnr_synth_set_word_fn(p->synth, on_word, p);
        if (o->speed_factor > 0 && (!o->device || strcmp(o->device, "null") != 0)) {
            cli_error("--speed-factor needs --device null");
            return EXIT_USAGE;
        }
        st = o->speed_factor > 0
                 ? vnr_sink_null_new(p->sample_rate, o->speed_factor, &p->sink, &diag)
                 : vnr_sink_playback_new(o->device, p->sample_rate, &p->sink, &diag);
    }
    if (st == VNR_OK && (vnr_normalizer_new(p->lex, &p->voice.numbers, &p->norm) != VNR_OK ||
                         vnr_normalizer_new(p->lex, &p->voice.numbers, &p->speller) != VNR_OK)) {
        snprintf(diag.text, sizeof diag.text, "out of memory");
        st = VNR_ERR_NOMEM;
    }
    if (st != VNR_OK) {
        cli_error("%s", st == VNR_ERR_NO_DEVICE ? "no sound device found" : diag.text);
        return EXIT_RUNTIME;
    }
    vnr_normalizer_set_punctuation(p->norm, o->punctuation);
    vnr_normalizer_set_spell(p->norm, o->spell);
    vnr_normalizer_set_capitals(p->norm, o->capitals);
    vnr_normalizer_set_spell(p->speller, 1);
    vnr_normalizer_set_capitals(p->speller, o->capitals);
    signal_sink = p->sink;
    return EXIT_OK;
}

static void find_start(player *p)
{
    if (!state_path(p->file, p->state, sizeof p->state)) {
        p->state[0] = '\0';
        return;
    }
    bool changed = false;
    size_t at = load_position(p->state, &p->doc, &changed);
    if (p->o->from_start)
        return;
    if (changed)
        cli_error("%s changed since last time: reading from the start", p->file);
    else if (at > 0)
        cli_error("resuming at sentence %zu", at + 1);
    p->cur = at;
}

static void player_free(player *p)
{
    signal_sink = NULL;
    vnr_sink_free(p->sink);
    vnr_synth_free(p->synth);
    vnr_normalizer_free(p->norm);
    vnr_normalizer_free(p->speller);
    vnr_lexicon_free(p->lex);
    document_free(&p->doc);
    free(p->spoken);
    free(p->words);
}

int cli_interactive(cli_options *o)
{
    if (o->n_inputs != 1 || o->inputs[0].is_text || !strcmp(o->inputs[0].value, "-")) {
        cli_error("-i reads one FILE (not -t or standard input)");
        return EXIT_USAGE;
    }
    if (o->n_outputs > 0) {
        cli_error("-i plays: no -o");
        return EXIT_USAGE;
    }
    player p;
    memset(&p, 0, sizeof p);
    p.o = o;
    p.file = o->inputs[0].value;
    p.jump = -1;
    p.stdin_open = true;
    install_handlers();
    int rc = cli_load_voice(o, &p.voice);
    if (rc == EXIT_OK)
        rc = cli_load_lexicon(o, &p.lex);
    if (rc == EXIT_OK)
        rc = load_document(o, p.lex, p.file, &p.doc);
    if (rc == EXIT_OK)
        rc = open_engine(&p);
    if (rc == EXIT_OK) {
        p.wpm = p.voice.rate;
        find_start(&p);
        term_raw();
        read_loop(&p);
        term_restore();
        if (p.cur >= p.doc.n && p.error == VNR_OK) {
            cli_error("end of text");
            unlink(p.state); /* read to the end: next time starts over */
        } else {
            save_position(p.state, p.file, &p.doc, p.cur);
        }
        if (p.error != VNR_OK) {
            cli_error("%s", p.diag.text[0] ? p.diag.text : vnr_status_message(p.error));
            rc = EXIT_RUNTIME;
        }
    }
    player_free(&p);
    return stop_signal ? 128 + stop_signal : rc;
}
