/* spell.c - reading options for listeners: punctuation marks said as words, and spell mode
 * (every character by its Vietnamese name), as screen readers offer them.
 *
 * A toned vowel is said as its letter then its tone, the way Vietnamese children spell:
 * "ộ" -> "ô nặng", "ắ" -> "á sắc" (ă is named "á"). The capital marker "hoa" goes before the
 * letter, as screen readers announce "cap": "Bà" -> "hoa bê a huyền". */
#include "normalize/normalizer.h"

#include <string.h>
#include <utf8proc.h>

/* A mark's name (voices/vi/symbols.tsv) if it is said from this level on: "?" is said from
 * "some", "," from "all", "@" only when spelled. */
static const char *name_at_level(const vnr_lexicon *lex, int32_t cp, int level)
{
    vnr_symbol sym;
    return vnr_lexicon_symbol(lex, cp, &sym) && sym.level <= level ? sym.name : NULL;
}

const char *vnr_mark_name(const vnr_lexicon *lex, int32_t cp, vnr_punctuation mode)
{
    return mode == VNR_PUNCT_NONE ? NULL : name_at_level(lex, cp, (int)mode);
}

/* The five tones, written as combining marks after NFD. */
static const char *tone_name(int32_t mark)
{
    switch (mark) {
    case 0x0301:
        return "sắc";
    case 0x0300:
        return "huyền";
    case 0x0309:
        return "hỏi";
    case 0x0303:
        return "ngã";
    case 0x0323:
        return "nặng";
    default:
        return NULL;
    }
}

/* A base letter with the mark that makes it another Vietnamese letter: a + breve -> "ă". */
static const char *letter_with(int32_t base, int32_t mark)
{
    static const struct {
        int32_t base, mark;
        const char *letter;
    } table[] = {{'a', 0x0306, "\u0103"}, {'a', 0x0302, "\u00e2"}, {'e', 0x0302, "\u00ea"},
                 {'o', 0x0302, "\u00f4"}, {'o', 0x031B, "\u01a1"}, {'u', 0x031B, "\u01b0"}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].base == base && table[i].mark == mark)
            return table[i].letter;
    return NULL;
}

/* A lowercase letter: its name, then its tone ("ộ" -> "ô nặng"). */
static void say_letter(vnr_buf *out, const vnr_lexicon *lex, int32_t low)
{
    utf8proc_int32_t dec[8];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(low, dec, 8, UTF8PROC_DECOMPOSE, &last);
    if (n < 1 || n > 8)
        dec[0] = low, n = 1;
    char key[8];
    size_t klen = vnr_utf8_encode(dec[0], key);
    const char *tone = NULL;
    for (utf8proc_ssize_t i = 1; i < n; i++) {
        const char *with = letter_with(dec[0], dec[i]);
        if (with)
            klen = strlen(with), memcpy(key, with, klen);
        else if (tone_name(dec[i]))
            tone = tone_name(dec[i]);
    }
    const char *name = vnr_lexicon_lookup(lex, VNR_LEX_LETTER, key, klen);
    if (name)
        vnr_buf_word(out, name);
    else { /* a letter letters.tsv does not name: the letter itself */
        vnr_buf_word(out, "");
        vnr_buf_append(out, key, klen);
    }
    if (tone)
        vnr_buf_word(out, tone);
}

static bool is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x3000;
}

/* One pause between words, never at the start of a line or twice. */
static void put_pause(vnr_buf *out)
{
    if (out->len && out->data[out->len - 1] != '\n' && out->data[out->len - 1] != ',')
        vnr_buf_putc(out, ',');
}

static void spell_char(const vnr_normalizer *norm, vnr_buf *out, int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cp >= '0' && cp <= '9') {
        vnr_buf_word(out, vnr_digit_names[cp - '0']);
    } else if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
               cat == UTF8PROC_CATEGORY_LT) {
        if (norm->capitals && cat != UTF8PROC_CATEGORY_LL)
            vnr_buf_word(out, "hoa");
        say_letter(out, norm->lex, utf8proc_tolower(cp));
    } else {
        const char *name = name_at_level(norm->lex, cp, VNR_PUNCT_SPELL_ONLY);
        if (name)
            vnr_buf_word(out, name);
    }
}

void vnr_spell_line(const vnr_normalizer *norm, const char *line, size_t len, vnr_buf *out)
{
    bool gap = false; /* a space was seen since the last character spelled */
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t k = vnr_utf8_decode(line + i, len - i, &cp);
        if (!k) {
            i++;
            continue;
        }
        if (is_space(cp)) {
            gap = true;
        } else {
            if (gap)
                put_pause(out);
            gap = false;
            spell_char(norm, out, cp);
        }
        i += k;
    }
}
