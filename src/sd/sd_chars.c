/* sd_chars.c - what sd_vnreader says for the CHAR and KEY commands: a screen reader moving
 * through text one character at a time, or echoing the keys the user presses.
 *
 * A character is spelled by the normalizer's spell mode, the one spelling function the CLI's
 * --spell uses: letters by letters.tsv ("b" -> "bê"), a toned letter as its letter then its tone
 * ("ắ" -> "á sắc", "ộ" -> "ô nặng"), "hoa" before a capital when capitals are recognised
 * ("Đ" -> "hoa đê"), digits by name, symbols by the one symbol table ("$" -> "đô la"). A key is
 * its name from keys.tsv ("enter" -> "en tơ"), part by part for a combination. */
#include "sd.h"

#include <stdlib.h>
#include <string.h>

/* Key names that stand for one character (SSIP): the server cannot send these as themselves. */
static const char *key_character(const char *name)
{
    if (strcmp(name, "space") == 0)
        return " ";
    if (strcmp(name, "underscore") == 0)
        return "_";
    if (strcmp(name, "double-quote") == 0)
        return "\"";
    return name;
}

/* The length of the UTF-8 sequence that starts with byte b (0 for a continuation byte). */
static size_t utf8_length(char b)
{
    unsigned char u = (unsigned char)b;
    return u < 0x80 ? 1 : u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 0;
}

/* text normalized with spell mode on or off; NULL if nothing could be made of it. */
static char *normalize_as(vnr_normalizer *norm, const char *text, int spell)
{
    char *out = NULL;
    size_t len = 0;
    vnr_normalizer_set_spell(norm, spell);
    if (vnr_normalize(norm, text, strlen(text), &out, &len, NULL) != VNR_OK ||
        !vnr_text_speakable(out, len)) {
        free(out);
        return NULL;
    }
    return out;
}

static char *copy(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

char *sd_char_text(vnr_normalizer *norm, const vnr_lexicon *lex, const char *c,
                   const sd_settings *s)
{
    c = key_character(c); /* CHAR space */
    vnr_normalizer_set_capitals(norm, strcmp(s->capitals, "none") != 0);
    char *said = normalize_as(norm, c, 1);
    if (!said) { /* spelling skips white space: " " and tab are named by the symbol table */
        const char *name = vnr_lexicon_lookup(lex, VNR_LEX_SYMBOL, c, strlen(c));
        said = name ? copy(name) : normalize_as(norm, c, 0);
    }
    vnr_normalizer_set_spell(norm, s->spelling);
    return said ? said : copy(c); /* unnamed (an emoji): eSpeak NG may still know it */
}

/* One part of a key name: "control", "a", "F4" (keys.tsv is case-sensitive, as SSIP is). */
static char *key_name_text(vnr_normalizer *norm, const vnr_lexicon *lex, const char *part,
                           const sd_settings *s)
{
    const char *name = vnr_lexicon_lookup(lex, VNR_LEX_KEY, part, strlen(part));
    if (name)
        return copy(name);
    const char *c = key_character(part);
    if (c != part || utf8_length(c[0]) == strlen(c)) /* "a", "Đ", "$": as CHAR says them */
        return sd_char_text(norm, lex, c, s);
    char *said = normalize_as(norm, part, 0); /* a name keys.tsv does not know */
    vnr_normalizer_set_spell(norm, s->spelling);
    return said ? said : copy(part);
}

/* A part, with the keypad's "kp-" prefix read before the key: "kp-5" -> "bàn phím số năm". */
static char *key_part_text(vnr_normalizer *norm, const vnr_lexicon *lex, const char *part,
                           const sd_settings *s)
{
    const char *keypad = vnr_lexicon_lookup(lex, VNR_LEX_KEY, "kp-", 3);
    if (strncmp(part, "kp-", 3) != 0 || !part[3] || !keypad ||
        vnr_lexicon_lookup(lex, VNR_LEX_KEY, part, strlen(part)))
        return key_name_text(norm, lex, part, s);
    char *key = key_name_text(norm, lex, part + 3, s);
    size_t n = strlen(keypad) + 1 + (key ? strlen(key) : 0) + 1;
    char *both = key ? malloc(n) : NULL;
    if (both)
        snprintf(both, n, "%s %s", keypad, key);
    free(key);
    return both;
}

char *sd_key_text(vnr_normalizer *norm, const vnr_lexicon *lex, const char *key,
                  const sd_settings *s)
{
    char *names = copy(key), *save = NULL;
    size_t cap = strlen(key) * 8 + 64, len = 0;
    char *out = malloc(cap);
    if (!names || !out) {
        free(names);
        free(out);
        return NULL;
    }
    out[0] = '\0';
    /* "control_alt_delete": modifiers first, each part by its name */
    for (char *part = strtok_r(names, "_", &save); part; part = strtok_r(NULL, "_", &save)) {
        char *said = key_part_text(norm, lex, part, s);
        size_t n = said ? strlen(said) : 0;
        if (n && len + n + 2 > cap) {
            char *grown = realloc(out, (len + n + 2) * 2);
            if (!grown) {
                free(said);
                break;
            }
            out = grown, cap = (len + n + 2) * 2;
        }
        if (n)
            len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? " " : "", said);
        free(said);
    }
    free(names);
    return out;
}
