/* feedback.c - what interactive listening says: every change in a few Vietnamese words, printed
 * and spoken through the same sound device ("tạm dừng", "tốc độ 200", "hết bài"), the
 * orientation keys ("câu 12 trên 40, đoạn 3 trên 9, 30%, còn khoảng 4 phút"), spelling the word
 * just heard, and the bookmarks. */
#include "cli/interactive.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The message is cut when a key comes: the listener asked for something new. -v prints what the
 * device played of it, to tell "not said" from "not heard". */
void cli_say(player *p, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cli_error("%s", msg);
    if (p->o->quiet_feedback || p->quit)
        return;
    vnr_reader_restart(p->reader);
    uint64_t before = vnr_sink_position(p->sink);
    vnr_status st = vnr_reader_say(p->reader, msg, strlen(msg), VNR_SAY_TEXT, NULL, &p->diag);
    if (st != VNR_OK && st != VNR_ERR_STOPPED)
        p->error = st;
    if (p->o->verbose)
        cli_error("(%llu samples played)",
                  (unsigned long long)(vnr_sink_position(p->sink) - before));
}

/* The end sound comes after the last sentence's pause, then the words: a listener who knows the
 * sound need not wait for "hết bài". */
void cli_say_end(player *p)
{
    p->at_end = true;
    if (vnr_reader_earcons(p->reader) && !p->quit) {
        uint64_t before = vnr_sink_position(p->sink);
        vnr_status st = vnr_reader_play_earcon(p->reader, VNR_EARCON_END, &p->diag);
        if (st != VNR_OK && st != VNR_ERR_STOPPED)
            p->error = st;
        if (p->o->verbose)
            cli_error("(end sound: %llu samples played)",
                      (unsigned long long)(vnr_sink_position(p->sink) - before));
    }
    cli_say(p, "hết bài");
}

/* e: the ticks at paragraphs and headings and the end sound, on or off for this run. */
void cli_toggle_earcons(player *p)
{
    bool on = !vnr_reader_earcons(p->reader);
    vnr_reader_set_earcons(p->reader, on);
    cli_say(p, on ? "bật âm báo" : "tắt âm báo");
}

vnr_doc_sentence cli_sentence_at(const player *p, size_t i)
{
    vnr_doc_sentence s;
    memset(&s, 0, sizeof s);
    vnr_document_sentence(p->doc, i, &s, NULL);
    return s;
}

/* Words from sentence i to the end, as written: the time left at the current rate. */
static size_t words_from(const player *p, size_t i)
{
    size_t words = 0;
    for (; i < p->n; i++) {
        vnr_doc_sentence s = cli_sentence_at(p, i);
        for (size_t k = 0; k < s.len; k++)
            words += (k == 0 || s.text[k - 1] == ' ') && s.text[k] != ' ';
    }
    return words;
}

/* "câu 12 trên 40, đoạn 3 trên 9, 30%, còn khoảng 4 phút" */
void cli_say_where(player *p)
{
    vnr_doc_sentence s = cli_sentence_at(p, p->cur);
    size_t seconds = words_from(p, p->cur) * 60 / (size_t)vnr_reader_rate(p->reader);
    char left[64];
    if (seconds < 60)
        snprintf(left, sizeof left, "%zu giây", seconds);
    else
        snprintf(left, sizeof left, "%zu phút", (seconds + 30) / 60);
    cli_say(p, "câu %zu trên %zu, đoạn %zu trên %zu, %zu%%, còn khoảng %s", p->cur + 1, p->n,
            s.paragraph + 1, vnr_document_paragraphs(p->doc), p->cur * 100 / p->n, left);
}

/* The first heading if there is one, else the first sentence. */
void cli_say_title(player *p)
{
    size_t i = vnr_document_sections(p->doc) ? vnr_document_section_start(p->doc, 0) : 0;
    vnr_doc_sentence s = cli_sentence_at(p, i);
    cli_say(p, "%.*s", (int)s.len, s.text);
}

void cli_spell_heard_word(player *p)
{
    const char *w = NULL;
    size_t len = 0;
    char word[256], *letters = NULL;
    if (vnr_reader_heard_word(p->reader, &w, &len, NULL) != VNR_OK || len >= sizeof word)
        return;
    memcpy(word, w, len);
    word[len] = '\0';
    vnr_reader_restart(p->reader);
    uint64_t before = vnr_sink_position(p->sink);
    vnr_status st = vnr_reader_say(p->reader, word, len, VNR_SAY_SPELL, &letters, &p->diag);
    if (letters)
        printf("đánh vần %s: %s\n", word, letters);
    fflush(stdout);
    free(letters);
    if (p->o->verbose)
        cli_error("(%llu samples played)",
                  (unsigned long long)(vnr_sink_position(p->sink) - before));
    if (st != VNR_OK && st != VNR_ERR_STOPPED)
        p->error = st;
}

void cli_bookmark(player *p, bool list)
{
    cli_state *st = &p->state;
    if (!list) {
        if (st->n_bookmarks == CLI_BOOKMARKS)
            memmove(st->bookmarks, st->bookmarks + 1, --st->n_bookmarks * sizeof *st->bookmarks);
        st->bookmarks[st->n_bookmarks++] = p->cur;
        cli_state_save(st, p->file, p->cur);
        cli_say(p, "dấu trang %zu, câu %zu", st->n_bookmarks, p->cur + 1);
        return;
    }
    if (st->n_bookmarks == 0) {
        cli_say(p, "chưa có dấu trang");
        return;
    }
    char text[512];
    size_t n = 0;
    for (size_t i = 0; i < st->n_bookmarks && n < sizeof text; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%zu: câu %zu; ", i + 1,
                              st->bookmarks[i] + 1);
    p->choosing_bookmark = true;
    cli_say(p, "%zu dấu trang: %sbấm số để tới", st->n_bookmarks, text);
}
