/* segment.c - where a sentence ends inside one line of text.
 *
 * A line end always ends a sentence (the reader handles that); inside a line ". ! ? …"
 * end one, except where a period belongs to a word: "TP.", "GS.TS.", "Q.1", "1.000",
 * "v.v." before a lowercase word, and initials such as "N. V. Minh". */
#include "core/util.h"

#include <string.h>
#include <utf8proc.h>

enum { MAX_SENTENCE = 1000 }; /* bytes: long runs are cut so synthesis starts early */

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* Closing marks that stay with the sentence they close: quotes and brackets. */
static size_t closing_len(const char *s, size_t n)
{
    static const char *const marks[] = {"\"", "'", ")", "]", "}", "\u201D", "\u2019", "\u00BB"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t k = strlen(marks[i]);
        if (k <= n && memcmp(s, marks[i], k) == 0)
            return k;
    }
    return 0;
}

/* The word (run of non-spaces) that ends just before position end. */
static const char *word_before(const char *text, size_t end, size_t *n)
{
    size_t b = end;
    while (b > 0 && !is_space((unsigned char)text[b - 1]))
        b--;
    *n = end - b;
    return text + b;
}

static bool starts_lowercase(const char *s, size_t n)
{
    int32_t cp;
    size_t k = vnr_utf8_decode(s, n, &cp);
    return k && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Is every dot-separated part of word a known abbreviation (or a single capital initial)? */
static bool is_abbreviation(const vnr_lexicon *lex, const char *w, size_t n, bool part)
{
    char key[64];
    if (n + 2 > sizeof key)
        return false;
    memcpy(key, w, n);
    key[n] = '.';
    if (vnr_lexicon_lookup(lex, VNR_LEX_ABBREVIATION, key, n + 1) ||
        (part && vnr_lexicon_lookup(lex, VNR_LEX_ABBREVIATION, w, n)))
        return true; /* "TP.", "v.v.", the "TS" of "GS.TS."; but "UBND." ends a sentence */
    int32_t cp;
    size_t k = vnr_utf8_decode(w, n, &cp);
    if (k && k == n && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU)
        return true; /* an initial: "N." */
    const char *dot = memchr(w, '.', n);
    if (!dot)
        return false;
    size_t head = (size_t)(dot - w);
    return is_abbreviation(lex, w, head, true) && is_abbreviation(lex, dot + 1, n - head - 1, true);
}

/* Does the period at text[i] end the sentence? */
static bool period_ends(const vnr_lexicon *lex, const char *text, size_t len, size_t i)
{
    if (i + 1 < len && !is_space((unsigned char)text[i + 1]) && text[i + 1] != '.' &&
        !closing_len(text + i + 1, len - i - 1))
        return false; /* inside a token: 1.000, TP.HCM, Q.1 */
    size_t j = i + 1;
    while (j < len && (is_space((unsigned char)text[j]) || text[j] == '.'))
        j++;
    if (j < len && starts_lowercase(text + j, len - j))
        return false; /* "v.v. và", "TP. hồ chí minh" */
    size_t wn;
    const char *w = word_before(text, i, &wn);
    while (wn && !((unsigned char)w[0] & 0x80) && strchr("(\"'[", w[0]))
        w++, wn--;
    if (wn && lex && is_abbreviation(lex, w, wn, false)) {
        /* "v.v." closes a list and may end a sentence before a capital; titles never do. */
        return wn == 3 && memcmp(w, "v.v", 3) == 0;
    }
    return true;
}

/* Where to cut an overlong run: the last comma or space before the limit. */
static size_t cut_point(const char *text, size_t len)
{
    size_t lim = len < MAX_SENTENCE ? len : MAX_SENTENCE;
    for (size_t i = lim; i > MAX_SENTENCE / 2; i--)
        if (text[i - 1] == ',' || text[i - 1] == ';')
            return i;
    for (size_t i = lim; i > MAX_SENTENCE / 2; i--)
        if (is_space((unsigned char)text[i - 1]))
            return i;
    /* No break at all: cut at a UTF-8 character boundary. */
    while (lim > 1 && ((unsigned char)text[lim] & 0xC0) == 0x80)
        lim--;
    return lim;
}

static size_t terminator_len(const char *s, size_t n)
{
    if (*s == '.' || *s == '!' || *s == '?')
        return 1;
    if (n >= 3 && memcmp(s, "\u2026", 3) == 0) /* … */
        return 3;
    return 0;
}

/* The bytes a sentence mark can start with: ". ! ?" and E2, the first byte of "…" (E2 80 A6).
 * Every byte of a text is asked, so the closer look is left to terminator_len. */
static const bool may_end_here[256] = {['.'] = true, ['!'] = true, ['?'] = true, [0xE2] = true};

size_t vnr_sentence_length(const vnr_lexicon *lex, const char *text, size_t len)
{
    size_t stop = len < MAX_SENTENCE ? len : MAX_SENTENCE;
    for (size_t i = 0; i < len; i++) {
        while (i < stop && !may_end_here[(unsigned char)text[i]])
            i++; /* the common case, in a loop of its own: a byte that ends nothing */
        if (i >= MAX_SENTENCE)
            return cut_point(text, len);
        if (i >= len)
            break;
        size_t t = terminator_len(text + i, len - i);
        if (!t || (text[i] == '.' && !period_ends(lex, text, len, i)))
            continue;
        size_t j = i + t;
        while (j < len) { /* "?!", "...", closing quotes and the spaces after */
            size_t k = terminator_len(text + j, len - j);
            if (!k)
                k = closing_len(text + j, len - j);
            if (!k && is_space((unsigned char)text[j]))
                k = 1;
            if (!k)
                break;
            j += k;
        }
        if (j >= len || is_space((unsigned char)text[j - 1]))
            return j;
        i = j - 1; /* "3.5.2" style runs: keep scanning */
    }
    return len;
}
