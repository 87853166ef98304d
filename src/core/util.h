/* util.h - small internal helpers shared by the library's files: a growable byte buffer,
 * diagnostics and UTF-8 stepping. Not part of the public API. */
#ifndef VNR_UTIL_H
#define VNR_UTIL_H

#include "vnreader.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* A growable, always NUL-terminated byte string. A failed allocation sets failed and
 * turns later appends into no-ops, so callers check once at the end. */
typedef struct vnr_buf {
    char *data;
    size_t len, cap;
    bool failed;
} vnr_buf;

void vnr_buf_init(vnr_buf *b);
void vnr_buf_free(vnr_buf *b);
void vnr_buf_clear(vnr_buf *b);
bool vnr_buf_reserve(vnr_buf *b, size_t extra);
/* vnr_buf_append when the bytes do not fit (or the buffer has failed): grow, then copy. */
void vnr_buf_append_grow(vnr_buf *b, const char *s, size_t n);
/* Append n bytes. Inline, so that the common case, room already there, is a plain copy: the
 * normalizer appends a few bytes at a time for every word of a text. */
static inline void vnr_buf_append(vnr_buf *b, const char *s, size_t n)
{
    if (b->failed || b->len + n >= b->cap) {
        vnr_buf_append_grow(b, s, n);
        return;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}
static inline void vnr_buf_putc(vnr_buf *b, char c)
{
    vnr_buf_append(b, &c, 1);
}
void vnr_buf_puts(vnr_buf *b, const char *s);
/* Append a word, with one space before it unless the buffer is empty or ends in a space. */
void vnr_buf_word(vnr_buf *b, const char *word);
/* Hand the data to the caller (who frees it) and reset the buffer. */
char *vnr_buf_take(vnr_buf *b, size_t *len);

/* Fill diag (may be NULL) printf-style and return status, so a failure is one line:
 *   return vnr_fail(diag, VNR_ERR_IO, "%s: %s", path, strerror(errno)); */
vnr_status vnr_fail(vnr_diag *diag, vnr_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Decode one UTF-8 code point at s (n bytes available). Returns its length (1..4) and sets *cp;
 * returns 0 for an invalid or truncated sequence. */
size_t vnr_utf8_decode(const char *s, size_t n, int32_t *cp);
/* The same with the common cases inline, for the hot loops of the normalizer: ASCII, and the
 * valid two- and three-byte forms that hold every Vietnamese letter ("đ" C4 91, "ệ" E1 BB 87).
 * Anything else (four bytes, overlong, truncated) goes to vnr_utf8_decode, so the answers match. */
static inline size_t vnr_utf8_next(const char *s, size_t n, int32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n && u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (n >= 2 && u[0] >= 0xC2 && u[0] <= 0xDF && (u[1] & 0xC0) == 0x80) {
        *cp = (int32_t)((u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu));
        return 2;
    }
    if (n >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        int32_t c = (int32_t)((u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu));
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) { /* not overlong, not a surrogate */
            *cp = c;
            return 3;
        }
    }
    return vnr_utf8_decode(s, n, cp);
}
/* Lowercase of one code point; Vietnamese letters without a table lookup. */
int32_t vnr_tolower(int32_t cp);
/* Encode cp into out (4 bytes room); returns the length. */
size_t vnr_utf8_encode(int32_t cp, char *out);

/* Append the lowercase form of s (Vietnamese-aware, through utf8proc) to out. */
void vnr_lower_append(vnr_buf *out, const char *s, size_t n);
/* The same into a fixed array; returns the length, or (size_t)-1 if it does not fit. */
size_t vnr_lower_to(char *dst, size_t cap, const char *s, size_t n);

/* Lookup in a case-folded table (loanwords, letters) with a key already in lowercase. */
const char *vnr_lexicon_lookup_lower(const vnr_lexicon *lex, vnr_lexicon_kind kind,
                                     const char *lower, size_t n);

/* One row of voices/vi/symbols.tsv (lexicon.c; the columns are explained in the file). The
 * readings are "" where the symbol is silent in that context, never NULL. */
enum { VNR_PUNCT_SPELL_ONLY = VNR_PUNCT_ALL + 1 }; /* a level: the name is said only when spelled */
typedef struct vnr_symbol {
    const char *name; /* "#" -> "dấu thăng": spelled, a screen reader's character, punctuation */
    int level;        /* the vnr_punctuation from which the name is said in running text */
    const char *alone, *in_word, *address; /* "#": "số", "", "" */
} vnr_symbol;
/* The symbol table's row for cp; false if cp is not in it. */
bool vnr_lexicon_symbol(const vnr_lexicon *lex, int32_t cp, vnr_symbol *out);

/* vnr_text_clean without a copy, for a writable line (one byte of room after it): drops invalid
 * bytes in place (counted in *n_invalid) and shortens *len. Returns true when that is all the
 * line needs (it is NFC as it stands, nothing invisible) or *st is an error (NUL byte); false
 * when it still needs vnr_text_clean's utf8proc pass, on valid UTF-8 now. */
bool vnr_text_clean_in_place(char *text, size_t *len, size_t *n_invalid, vnr_status *st);
/* Decode the HTML character references left in plain text by feeds that escape twice ("J&amp;T
 * Express", "&#39;"), in place: a reference is never shorter than its character. Named ones come
 * from libxml2's HTML table; anything else is left as written. Returns the new length. */
size_t vnr_text_decode_references(char *text, size_t len);

/* Opens path for reading (input.c); "-" or NULL is stdin, which the caller must not close. A
 * missing file is VNR_ERR_NOT_FOUND, naming it; a directory is refused as "path: is a directory,
 * not a <what>" (what: "text file", "document"). *size (if asked): a regular file's size, else 0.
 */
vnr_status vnr_open_read(const char *path, const char *what, FILE **fp, uint64_t *size,
                         vnr_diag *diag);

/* A memory input that owns text (malloc'd) and frees it with the input, also on failure. */
vnr_status vnr_input_open_owned(char *text, size_t len, const char *name, vnr_input **out);
/* A document's input: the heading level of each line (malloc'd, taken by the input). */
void vnr_input_set_levels(vnr_input *in, unsigned char *levels, size_t n);

/* Pieces (input.c), for the reader: a line longer than max bytes comes from vnr_input_next_line
 * in pieces cut after a space (else at a character boundary), so its first sentences can be
 * spoken before the rest is read. vnr_input_line_continues: the last piece did not end its
 * line. Line numbers count the line once. Off (whole lines) unless set. */
void vnr_input_set_piece_size(vnr_input *in, size_t max);
bool vnr_input_line_continues(const vnr_input *in);

#endif /* VNR_UTIL_H */
