/* interactive.h - the parts of interactive listening (interactive.c: the loop; keys.c: the keys;
 * feedback.c: what it says). Not for the other front ends. */
#ifndef VNR_CLI_INTERACTIVE_H
#define VNR_CLI_INTERACTIVE_H

#include "cli/cli.h"

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
    KEY_WHERE,
    KEY_TITLE,
    KEY_PREV_SECTION,
    KEY_NEXT_SECTION,
    KEY_HELP,
    KEY_BOOKMARK,
    KEY_BOOKMARKS,
    KEY_EARCONS,
    KEY_QUIT,
    KEY_DIGIT_0, /* KEY_DIGIT_0 + d for the digit d */
} key;

/* The key at the start of buf and its length in *used (at least 1: unknown bytes are skipped;
 * an unknown escape sequence is skipped whole). */
key cli_parse_key(const char *buf, size_t len, size_t *used);
/* The key list of h and ?, spoken and printed. */
extern const char cli_key_help[];

#define MAX_KEYS 16

typedef struct player {
    cli_options *o;
    const char *file;
    vnr_voice voice;
    vnr_lexicon *lex;
    vnr_document *doc;
    vnr_reader *reader;
    vnr_sink *sink;
    cli_state state;
    size_t n, cur; /* sentences; the one being heard */
    bool paused, at_end, choosing_bookmark, quit, stdin_open;
    key keys[MAX_KEYS];
    size_t n_keys;
    vnr_status error;
    vnr_diag diag;
} player;

/* Print "vnreader: message" and, unless --quiet-feedback, say it (cut by the next key). */
void cli_say(player *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
vnr_doc_sentence cli_sentence_at(const player *p, size_t i);
void cli_say_where(player *p);           /* w */
void cli_say_title(player *p);           /* t */
void cli_spell_heard_word(player *p);    /* s */
void cli_bookmark(player *p, bool list); /* b, B */
void cli_say_end(player *p);             /* the end sound (earcons on), then "hết bài" */
void cli_toggle_earcons(player *p);      /* e */

#endif /* VNR_CLI_INTERACTIVE_H */
