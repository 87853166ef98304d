/* tokenize.c - one line into tokens over code points.
 *
 * "(ngày 23/6)," becomes pre "(", core "ngày"; core "23/6", post ")," so that the rules
 * see clean values while quotes, brackets and sentence marks are kept for pauses. */
#include "normalize/normalizer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

static bool is_space_cp(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Marks that open a token: brackets, quotes, dashes, bullets. rest is the text after the mark:
 * a minus or a dot before a digit belongs to the number ("-3", ".5"). Only those two look at it,
 * so the common first letter of a word costs no decoding of the next character. */
static bool is_leading_punct(int32_t cp, const char *rest, size_t nrest)
{
    switch (cp) {
    case '(':
    case '[':
    case '{':
    case '"':
    case '\'':
    case '*':
    case 0x201C:
    case 0x2018:
    case 0x00AB:
    case 0x2039:
    case 0x201E:
    case 0x2014:
    case 0x2013:
    case 0x2026:
    case 0x2022:
    case 0x00B7:
    case 0x00BF:
    case 0x00A1:
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
        return true;
    case '-':
    case 0x2212: /* a minus before a digit is a sign: "-3" */
    case '.':    /* ".5" stays a number */
        return !(nrest && rest[0] >= '0' && rest[0] <= '9'); /* a digit is one byte in UTF-8 */
    default:
        return false;
    }
}

/* Marks that close a token: brackets, quotes, sentence punctuation. */
static bool is_trailing_punct(int32_t cp)
{
    switch (cp) {
    case ')':
    case ']':
    case '}':
    case '"':
    case '\'':
    case 0x201D:
    case 0x2019:
    case 0x00BB:
    case 0x203A:
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case 0x2026:
    case '*':
    case 0x2014:
    case 0x2013:
    case '-':
    case '/': /* the "./." that ends many Vietnamese news articles */
        return true;
    default:
        return false;
    }
}

static int32_t cp_at(const char *s, size_t n)
{
    int32_t cp = 0;
    return vnr_utf8_next(s, n, &cp) ? cp : -1;
}

/* Length of the last code point of s[0..n). */
static size_t last_cp_len(const char *s, size_t n)
{
    size_t k = 1;
    while (k < n && ((unsigned char)s[n - k] & 0xC0) == 0x80)
        k++;
    return k;
}

/* What one character adds to a token's classification (vnr_token's has_* flags). */
enum { CH_DIGIT = 1, CH_ALPHA = 2, CH_UPPER = 4, CH_OTHER = 8 };

/* The class of a non-ASCII code point and its lowercase form. */
static unsigned classify_wide(int32_t cp, int32_t *low)
{
    *low = vnr_tolower(cp);
    bool upper = *low != cp;
    bool latin =
        (cp >= 0x1EA0 && cp <= 0x1EF9) || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
    bool alpha = upper || latin || utf8proc_category(cp) <= UTF8PROC_CATEGORY_MN;
    return (alpha ? CH_ALPHA : CH_OTHER) | (upper ? CH_UPPER : 0u);
}

/* The class of an ASCII character: letters, digits and the rest ("-", ".", "/"). */
static unsigned classify_ascii(unsigned char u)
{
    if (u >= '0' && u <= '9')
        return CH_DIGIT;
    if (u >= 'a' && u <= 'z')
        return CH_ALPHA;
    return u >= 'A' && u <= 'Z' ? CH_ALPHA | CH_UPPER : CH_OTHER;
}

static void set_flags(vnr_token *t, unsigned any, bool all_digits)
{
    t->has_digit = any & CH_DIGIT;
    t->has_alpha = any & CH_ALPHA;
    t->has_upper = any & CH_UPPER;
    t->has_other = any & CH_OTHER;
    t->all_digits = all_digits;
}

/* Classify the characters of the core and append its lowercase form to the arena, in one
 * pass: this runs for every token of the text. The flags gather in locals and the lowercase
 * bytes go through a plain pointer into room reserved once, so no store into the arena can
 * force the flags back to memory character by character. A byte that is no UTF-8 counts as
 * "?", a character that is neither letter nor digit. */
static void classify_chars(vnr_token *t, vnr_buf *arena)
{
    unsigned any = 0;
    bool all_digits = t->n > 0;
    t->low_off = arena->len;
    /* A lowercase character takes at most twice the bytes of its capital (Ⱥ -> ⱥ: 1.5). */
    size_t room = 2 * t->n + 1;
    if ((arena->failed || arena->len + room >= arena->cap) && !vnr_buf_reserve(arena, room)) {
        t->nlow = 0; /* vnr_tokenize sees the failed arena */
        set_flags(t, 0, false);
        return;
    }
    char *low = arena->data + arena->len, *start = low;
    const char *s = t->s; /* locals: a store through low could alias the token, so t->s and */
    size_t n = t->n;      /* t->n would be read again at every character */
    for (size_t i = 0; i < n;) {
        unsigned char u = (unsigned char)s[i];
        unsigned ch;
        if (u < 0x80) { /* most characters of a Vietnamese text too */
            ch = classify_ascii(u);
            *low++ = (char)(ch & CH_UPPER ? u + 32 : u);
            i++;
        } else {
            int32_t cp, lower;
            size_t k = vnr_utf8_next(s + i, n - i, &cp);
            if (k) {
                ch = classify_wide(cp, &lower);
                if (ch & CH_UPPER)
                    low += vnr_utf8_encode(lower, low);
                else /* its own lowercase: the same bytes ("ệ") */
                    for (size_t b = 0; b < k; b++)
                        *low++ = s[i + b];
            } else {
                k = 1, ch = CH_OTHER, *low++ = '?';
            }
            i += k;
        }
        any |= ch;
        all_digits &= ch == CH_DIGIT;
    }
    t->nlow = (size_t)(low - start);
    *low++ = '\0';
    arena->len = (size_t)(low - arena->data);
    arena->data[arena->len] = '\0';
    set_flags(t, any, all_digits);
}

/* The last character of s[0..n) if it closes a token ("ngày 23/6)," -> ")" and ","). */
static bool ends_with_trailing_punct(const char *s, size_t n, size_t *k)
{
    *k = last_cp_len(s, n);
    return is_trailing_punct(cp_at(s + n - *k, *k));
}

static bool ascii_alnum(unsigned char u)
{
    return (u >= '0' && u <= '9') || ((u | 32) >= 'a' && (u | 32) <= 'z');
}

/* Split a whitespace-free run into pre / core / post. */
static void split_token(vnr_token *t, const char *s, size_t n, vnr_buf *arena)
{
    size_t a = 0, b = n, k;
    /* A letter or digit at either end (most words) is no mark: no character to decode there. */
    bool plain_start = n && ascii_alnum((unsigned char)s[0]);
    bool plain_end = n && ascii_alnum((unsigned char)s[n - 1]);
    while (a < b && !plain_start) {
        int32_t cp;
        k = vnr_utf8_next(s + a, b - a, &cp);
        if (!k || !is_leading_punct(cp, s + a + k, b - a - k))
            break;
        a += k;
    }
    while (b > a && !plain_end && ends_with_trailing_punct(s + a, b - a, &k))
        b -= k;
    t->pre = s, t->npre = a;
    t->s = s + a, t->n = b - a;
    t->post = s + b, t->npost = n - b;
    classify_chars(t, arena);
}

/* Bytes of a comparison or approximation sign that opens "~2,2", "≥50%", "±0,5": it becomes a
 * token of its own, so the number after it is read by the number rules. 0 if none. */
static size_t math_prefix(const char *s, size_t n)
{
    unsigned char u = n >= 2 ? (unsigned char)s[0] : 0;
    if (u != '~' && u != '<' && u != '>' && u != 0xE2 && u != 0xC2)
        return 0; /* the common case: no sign at all */
    static const char *const signs[] = {"~",      "\u2248", "\u00b1", "\u2265",
                                        "\u2264", "<",      ">",      NULL};
    for (size_t k = 0; signs[k]; k++) {
        size_t len = strlen(signs[k]);
        if (len < n && memcmp(s, signs[k], len) == 0 && s[len] >= '0' && s[len] <= '9')
            return len;
    }
    return 0;
}

static bool push_one(vnr_normalizer *norm, size_t *count, const char *s, size_t n);

static bool push_token(vnr_normalizer *norm, size_t *count, const char *s, size_t n)
{
    unsigned char u = (unsigned char)s[0];
    if (u != '(' && u != '[' && u != '"' && u != '~' && u != '<' && u != '>' && u != 0xE2 &&
        u != 0xC2)
        return push_one(norm, count, s, n); /* most tokens: no sign can open them */
    size_t lead = 0;
    while (lead < n && (s[lead] == '(' || s[lead] == '[' || s[lead] == '"'))
        lead++;
    size_t sign = lead < n ? math_prefix(s + lead, n - lead) : 0;
    if (!sign)
        return push_one(norm, count, s, n);
    size_t head = lead + sign; /* "(~2,2" -> "(~" and "2,2" */
    return push_one(norm, count, s, head) && push_one(norm, count, s + head, n - head);
}

static bool push_one(vnr_normalizer *norm, size_t *count, const char *s, size_t n)
{
    if (*count == norm->cap_tokens) {
        size_t cap = norm->cap_tokens ? norm->cap_tokens * 2 : 64;
        vnr_token *p = realloc(norm->tokens, cap * sizeof *p);
        if (!p)
            return false;
        norm->tokens = p, norm->cap_tokens = cap;
    }
    split_token(&norm->tokens[(*count)++], s, n, &norm->low_arena);
    return true;
}

/* Bytes of a space character at s, 0 if none: ASCII space and tab, NBSP, the Unicode spaces. */
static size_t space_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || u[0] == '\t')
        return 1;
    if (u[0] < 0xC2)
        return 0;
    int32_t cp;
    size_t k = vnr_utf8_decode(s, n, &cp);
    return k && is_space_cp(cp) ? k : 0;
}

static bool letter_byte(unsigned char u)
{
    return u >= 0x80 || ((u | 32) >= 'a' && (u | 32) <= 'z');
}

/* A colon glued between two words is a colon followed by a space, scraped text having lost it:
 * "hộp thư:giaoduc@dantri.com.vn", "Đáp án B:đột biến". Not in "http://", "10:30", "C:\". */
static bool push_colon_run(vnr_normalizer *norm, size_t *count, const char *s, size_t n,
                           bool has_colon)
{
    const char *colon = has_colon && n > 2 ? memchr(s + 1, ':', n - 2) : NULL;
    bool after_ok = colon && (letter_byte((unsigned char)colon[1]) ||
                              (colon[1] >= '0' && colon[1] <= '9')); /* "hotline:1900 1234" */
    if (after_ok && letter_byte((unsigned char)colon[-1])) {
        size_t head = (size_t)(colon - s) + 1;
        for (size_t k = 0; k < head && after_ok; k++)
            after_ok = !(s[k] >= '0' && s[k] <= '9'); /* "A1:B2" stays a code */
    }
    if (after_ok && letter_byte((unsigned char)colon[-1])) {
        size_t head = (size_t)(colon - s) + 1;
        static const char *const schemes[] = {"http:", "https:", "ftp:", "mailto:", "tel:", NULL};
        bool scheme = false;
        for (size_t k = 0; schemes[k] && !scheme; k++)
            scheme = strlen(schemes[k]) == head && strncasecmp(s, schemes[k], head) == 0;
        if (!scheme)
            return push_token(norm, count, s, head) && push_token(norm, count, s + head, n - head);
    }
    return push_token(norm, count, s, n);
}

/* Is the first character after the spaces at line[i] a digit? */
static bool digit_after_spaces(const char *line, size_t len, size_t i)
{
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    return i < len && line[i] >= '0' && line[i] <= '9';
}

/* Push the run line[start..end) that a space ends. A dash glued to a number and followed by a
 * space and a digit is the dash of a range written unevenly: "22h- 23h", "ngày 1- 28/10",
 * "8- 44%" are read like "22h - 23h" (the dash becomes a token of its own), not as a pause. */
static bool push_run(vnr_normalizer *norm, size_t *count, const char *line, size_t len,
                     size_t start, size_t end, bool has_colon)
{
    bool uneven = end - start >= 2 && line[end - 1] == '-' &&
                  ascii_alnum((unsigned char)line[end - 2]) && digit_after_spaces(line, len, end) &&
                  memchr(line + start, '-', end - 1 - start) == NULL;
    if (uneven) {
        bool digit = false;
        for (size_t k = start; k + 1 < end && !digit; k++)
            digit = line[k] >= '0' && line[k] <= '9';
        uneven = digit;
    }
    if (!uneven)
        return push_colon_run(norm, count, line + start, end - start, has_colon);
    return push_token(norm, count, line + start, end - 1 - start) &&
           push_token(norm, count, line + end - 1, 1);
}

/* Bytes of the space at s, 0 if none. Asked at every byte, so the first byte decides at a
 * glance: ASCII space and tab, or C2, E2, E3, the first bytes of NBSP and the Unicode spaces. */
static inline size_t space_at(const char *s, size_t n)
{
    unsigned char u = (unsigned char)s[0];
    if (u > ' ' && u < 0xC2)
        return 0; /* most bytes: printable ASCII, the continuation bytes of UTF-8 */
    if (u == ' ' || u == '\t')
        return 1;
    return u == 0xC2 || u == 0xE2 || u == 0xE3 ? space_len(s, n) : 0;
}

size_t vnr_tokenize(vnr_normalizer *norm, const char *line, size_t len)
{
    size_t count = 0, i = 0;
    vnr_buf_clear(&norm->low_arena);
    while (i < len) {
        size_t sp = space_at(line + i, len - i);
        if (sp) {
            i += sp;
            continue;
        }
        size_t start = i;
        bool colon = false; /* noted here: a glued colon is looked for only in these runs */
        for (; i < len && !space_at(line + i, len - i); i++)
            colon |= line[i] == ':';
        if (!push_run(norm, &count, line, len, start, i, colon))
            return (size_t)-1;
    }
    if (norm->low_arena.failed)
        return (size_t)-1;
    /* The arena moved while it grew: point each token at its lowercase core now. */
    for (size_t t = 0; t < count; t++)
        norm->tokens[t].low = norm->low_arena.data + norm->tokens[t].low_off;
    return count;
}
