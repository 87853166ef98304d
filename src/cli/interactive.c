/* interactive.c - `vnreader -i FILE`: listening with the keyboard alone (README "Interactive
 * listening"). The file is loaded as a vnr_document and spoken by the library's reader
 * (vnr_reader_read_document): this file only maps keys to places in the document and says what
 * happened. Every change is printed ("vnreader: tạm dừng") and spoken through the same sound
 * device, briefly, in Vietnamese (--quiet-feedback: printed only), so a listener without a
 * screen reader hears it too. Each sentence is printed as written when its voice starts, so a
 * braille display follows the speech.
 *
 * One thread: the reader calls on_poll while it waits for the listener (it keeps only
 * LOOKAHEAD_MS of audio queued); a key queues itself and stops the reader, which returns; the
 * loop then acts on the key (move, say something) and reads on from the sentence it chose. */
#include "cli/interactive.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOOKAHEAD_MS 250 /* audio queued ahead of the listener: how late a key may act */
#define RATE_STEP 20
#define RATE_MIN 80
#define RATE_MAX 900

/* --- Keys: read while the reader waits. ----------------------------------------------------- */

static void read_keys(player *p, int ms)
{
    if (cli_term_stop_signal() || cli_stop_signal())
        p->quit = true;
    if (!p->stdin_open) {
        struct timespec ts = {0, (long)ms * 1000000L};
        nanosleep(&ts, NULL);
        return;
    }
    struct pollfd fd = {.fd = 0, .events = POLLIN};
    if (poll(&fd, 1, ms) != 1)
        return;
    char buf[64];
    ssize_t n = read(0, buf, sizeof buf);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
        p->stdin_open = false; /* keys from a pipe that ended: read on to the end */
    for (size_t at = 0, used; n > 0 && at < (size_t)n; at += used) {
        key k = cli_parse_key(buf + at, (size_t)n - at, &used);
        if (k != KEY_NONE && p->n_keys < MAX_KEYS)
            p->keys[p->n_keys++] = k;
    }
}

/* The reader's poll function: a key (or Ctrl-C) stops the speech. */
static int on_poll(void *user, int ms)
{
    player *p = user;
    read_keys(p, ms);
    return p->n_keys > 0 || p->quit;
}

/* A sentence starts: it is the one being heard; print it, remember it. */
static void on_start(void *user, const vnr_sentence *s)
{
    player *p = user;
    p->cur = s->index;
    fwrite(s->text, 1, s->len, stdout);
    putchar('\n');
    fflush(stdout);
    if (p->o->verbose) /* what came before the voice: pauses, feedback, an earcon */
        cli_error("(voice at sample %llu)", (unsigned long long)vnr_sink_position(p->sink));
    cli_state_save(&p->state, p->file, p->cur);
}

/* --- Moving. ------------------------------------------------------------------------------- */

/* Go to sentence i (a move also ends a pause and the end). */
static void go(player *p, size_t i)
{
    p->cur = i < p->n ? i : p->n - 1;
    p->paused = p->at_end = false;
}

/* Up: the start of this paragraph, or of the one before when at a start. Down: the next one. */
static void move_paragraph(player *p, bool forward)
{
    size_t para = cli_sentence_at(p, p->cur).paragraph;
    size_t start = vnr_document_paragraph_start(p->doc, para);
    if (forward && para + 1 >= vnr_document_paragraphs(p->doc)) {
        cli_say(p, "đoạn cuối");
        return;
    }
    if (forward)
        para++;
    else if (para > 0 && p->cur == start)
        para--;
    go(p, vnr_document_paragraph_start(p->doc, para));
    cli_say(p, "đoạn %zu", para + 1);
}

/* [ and ]: the same by headings (vnr_document_set_heading), when the document has them. */
static void move_section(player *p, bool forward)
{
    long n = (long)vnr_document_sections(p->doc), sec = cli_sentence_at(p, p->cur).section, to;
    if (forward)
        to = sec + 1;
    else
        to = sec < 0 ? 0 : sec - (p->cur == vnr_document_section_start(p->doc, (size_t)sec));
    if (n == 0 || to >= n) {
        cli_say(p, n == 0 ? "bài không có mục" : "mục cuối");
        return;
    }
    to = to < 0 ? 0 : to;
    go(p, vnr_document_section_start(p->doc, (size_t)to));
    cli_say(p, "mục %ld", to + 1);
}

static void change_rate(player *p, int step)
{
    int wpm = vnr_reader_rate(p->reader) + step;
    wpm = wpm < RATE_MIN ? RATE_MIN : wpm > RATE_MAX ? RATE_MAX : wpm;
    vnr_reader_set_rate(p->reader, wpm, NULL);
    cli_say(p, "tốc độ %d", wpm);
}

/* A digit: a bookmark just after B, else 0%..90% of the document. */
static void digit_key(player *p, size_t digit, bool choosing)
{
    if (choosing && digit >= 1 && digit <= p->state.n_bookmarks) {
        go(p, p->state.bookmarks[digit - 1]);
        cli_say(p, "dấu trang %zu, câu %zu", digit, p->cur + 1);
    } else {
        go(p, p->n * digit / 10);
        cli_say(p, "%zu0%%, câu %zu", digit, p->cur + 1);
    }
}

/* Left and right: by sentence; at either end the listener is told, and stays. */
static void step(player *p, bool forward)
{
    size_t last = p->n - 1;
    if (forward && (p->at_end || p->cur == last)) {
        vnr_reader_restart(p->reader); /* the key stopped the reader */
        cli_say_end(p);
    } else if (!forward && p->cur == 0 && !p->at_end) {
        cli_say(p, "đầu bài");
    } else {
        go(p, p->at_end ? last : forward ? p->cur + 1 : p->cur - 1);
    }
}

static void act(player *p, key k)
{
    bool choosing = p->choosing_bookmark;
    p->choosing_bookmark = false;
    if (k >= KEY_DIGIT_0) {
        digit_key(p, (size_t)(k - KEY_DIGIT_0), choosing);
        return;
    }
    switch (k) {
    case KEY_QUIT:
        p->quit = true;
        break;
    case KEY_PAUSE:
        p->paused = !p->paused;
        cli_say(p, p->paused ? "tạm dừng" : "tiếp tục");
        break;
    case KEY_FASTER:
    case KEY_SLOWER:
        change_rate(p, k == KEY_FASTER ? RATE_STEP : -RATE_STEP);
        break;
    case KEY_PREV:
    case KEY_NEXT:
        step(p, k == KEY_NEXT);
        break;
    case KEY_PREV_PARAGRAPH:
    case KEY_NEXT_PARAGRAPH:
        move_paragraph(p, k == KEY_NEXT_PARAGRAPH);
        break;
    case KEY_PREV_SECTION:
    case KEY_NEXT_SECTION:
        move_section(p, k == KEY_NEXT_SECTION);
        break;
    case KEY_FIRST:
        go(p, 0);
        cli_say(p, "đầu bài");
        break;
    case KEY_LAST:
        go(p, p->n - 1);
        cli_say(p, "câu cuối, câu %zu", p->n);
        break;
    case KEY_REPEAT:
        go(p, p->cur);
        break;
    case KEY_SPELL:
        cli_spell_heard_word(p);
        break;
    case KEY_WHERE:
        cli_say_where(p);
        break;
    case KEY_TITLE:
        cli_say_title(p);
        break;
    case KEY_HELP:
        cli_say(p, "%s", cli_key_help);
        break;
    case KEY_BOOKMARK:
    case KEY_BOOKMARKS:
        cli_bookmark(p, k == KEY_BOOKMARKS);
        break;
    case KEY_EARCONS:
        cli_toggle_earcons(p);
        break;
    default:
        break;
    }
}

/* --- The loop. ----------------------------------------------------------------------------- */

static void listen(player *p)
{
    while (!p->quit && p->error == VNR_OK) {
        if (p->n_keys > 0) {
            key k = p->keys[0];
            memmove(p->keys, p->keys + 1, --p->n_keys * sizeof *p->keys);
            act(p, k);
            continue;
        }
        if (p->paused || p->at_end || p->choosing_bookmark) { /* nothing to read: wait */
            read_keys(p, 100);
            p->quit = p->quit || !p->stdin_open;
            continue;
        }
        vnr_reader_restart(p->reader);
        vnr_status st = vnr_reader_read_document(p->reader, p->doc, p->cur, &p->diag);
        if (st == VNR_OK) {
            cli_say_end(p);
        } else if (st != VNR_ERR_STOPPED) {
            p->error = st;
        }
        if (cli_term_stop_signal() || cli_stop_signal())
            p->quit = true;
    }
}

/* --- Set-up. ------------------------------------------------------------------------------ */

static int load_document(player *p)
{
    cli_input in = {false, p->file};
    vnr_input *input = NULL;
    vnr_diag diag = {""};
    vnr_status st = cli_open_input(p->o, &in, &input, &diag);
    if (st == VNR_OK)
        st = vnr_document_new(p->lex, &p->doc, &diag);
    if (st == VNR_OK)
        st = vnr_document_add_input(p->doc, input, &diag);
    vnr_input_free(input);
    if (st != VNR_OK) {
        cli_error("%s", diag.text[0] ? diag.text : vnr_status_message(st));
        return EXIT_RUNTIME;
    }
    p->n = vnr_document_sentences(p->doc);
    if (p->n == 0) {
        cli_error("%s: nothing to read", p->file);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

static int open_reader(player *p)
{
    int rc = cli_new_reader(p->o, &p->voice, p->lex, &p->reader);
    if (rc == EXIT_OK)
        rc = cli_open_playback(p->o, vnr_reader_sample_rate(p->reader), &p->sink);
    if (rc != EXIT_OK)
        return rc;
    vnr_reader_add_sink(p->reader, p->sink, NULL);
    vnr_reader_set_poll(p->reader, on_poll, p, LOOKAHEAD_MS);
    vnr_reader_set_start_fn(p->reader, on_start, p);
    cli_term_install(p->reader);
    return EXIT_OK;
}

/* Where the last run stopped, unless --from-start or the file changed. */
static void find_start(player *p)
{
    cli_state_load(&p->state, p->file, p->n);
    if (p->state.changed)
        cli_say(p, "bài đã thay đổi từ lần trước, đọc từ đầu");
    else if (!p->o->from_start && p->state.sentence > 0)
        cli_say(p, "tiếp tục từ câu %zu", p->state.sentence + 1);
    if (!p->o->from_start && !p->state.changed)
        p->cur = p->state.sentence;
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
    p.stdin_open = true;
    int rc = cli_load_voice(o, &p.voice);
    if (rc == EXIT_OK)
        rc = cli_load_lexicon(o, &p.lex);
    if (rc == EXIT_OK)
        rc = load_document(&p);
    if (rc == EXIT_OK)
        rc = open_reader(&p);
    if (rc == EXIT_OK) {
        cli_term_raw();
        find_start(&p);
        listen(&p);
        cli_term_restore();
        /* Read to the end: next time starts over (the bookmarks stay). */
        cli_state_save(&p.state, p.file, p.at_end ? 0 : p.cur);
        if (p.error != VNR_OK) {
            cli_error("%s", p.diag.text[0] ? p.diag.text : vnr_status_message(p.error));
            rc = EXIT_RUNTIME;
        }
    }
    cli_forget_reader();
    vnr_sink_free(p.sink);
    vnr_reader_free(p.reader);
    vnr_document_free(p.doc);
    vnr_lexicon_free(p.lex);
    int sig = cli_term_stop_signal() ? cli_term_stop_signal() : cli_stop_signal();
    return sig ? 128 + sig : rc;
}
