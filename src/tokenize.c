/* tokenize.c - one line into tokens over code points.
 *
 * "(ngày 23/6)," becomes pre "(", core "ngày"; core "23/6", post ")," so that the rules
 * see clean values while quotes, brackets and sentence marks are kept for pauses. */
#include "normalizer.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static bool is_space_cp(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Marks that open a token: brackets, quotes, dashes, bullets. */
static bool is_leading_punct(int32_t cp, int32_t next)
{
    switch (cp) {
    case '(': case '[': case '{': case '"': case '\'': case '*': case 0x201C: case 0x2018:
    case 0x00AB: case 0x2039: case 0x201E: case 0x2014: case 0x2013: case 0x2026: case 0x2022:
    case 0x00B7: case 0x00BF: case 0x00A1: case ',': case ';': case ':': case '!': case '?':
        return true;
    case '-': case 0x2212: /* a minus before a digit is a sign: "-3" */
        return !(next >= '0' && next <= '9');
    case '.':
        return !(next >= '0' && next <= '9'); /* ".5" stays a number */
    default:
        return false;
    }
}

/* Marks that close a token: brackets, quotes, sentence punctuation. */
static bool is_trailing_punct(int32_t cp)
{
    switch (cp) {
    case ')': case ']': case '}': case '"': case '\'': case 0x201D: case 0x2019: case 0x00BB:
    case 0x203A: case '.': case ',': case ';': case ':': case '!': case '?': case 0x2026:
    case '*': case 0x2014: case 0x2013: case '-':
        return true;
    default:
        return false;
    }
}

static int32_t cp_at(const char *s, size_t n)
{
    int32_t cp = 0;
    return vnr_utf8_decode(s, n, &cp) ? cp : -1;
}

/* Length of the last code point of s[0..n). */
static size_t last_cp_len(const char *s, size_t n)
{
    size_t k = 1;
    while (k < n && ((unsigned char)s[n - k] & 0xC0) == 0x80)
        k++;
    return k;
}

static void classify_chars(vnr_token *t)
{
    t->has_digit = t->has_alpha = t->has_upper = t->has_other = false;
    t->all_digits = t->n > 0;
    for (size_t i = 0; i < t->n;) {
        int32_t cp;
        size_t k = vnr_utf8_next(t->s + i, t->n - i, &cp);
        if (!k)
            k = 1, cp = '?';
        bool digit = cp >= '0' && cp <= '9', alpha, upper;
        if (cp < 0x80) {
            alpha = (cp | 32) >= 'a' && (cp | 32) <= 'z';
            upper = cp >= 'A' && cp <= 'Z';
        } else {
            int32_t low = vnr_tolower(cp);
            upper = low != cp;
            bool latin = (cp >= 0x1EA0 && cp <= 0x1EF9) ||
                         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
            alpha = upper || latin || utf8proc_category(cp) <= UTF8PROC_CATEGORY_MN;
        }
        t->has_digit |= digit;
        t->all_digits &= digit;
        t->has_alpha |= alpha;
        t->has_upper |= upper;
        t->has_other |= !digit && !alpha;
        i += k;
    }
}

/* Split a whitespace-free run into pre / core / post. */
static void split_token(vnr_token *t, const char *s, size_t n)
{
    size_t a = 0, b = n;
    while (a < b) {
        int32_t cp;
        size_t k = vnr_utf8_next(s + a, b - a, &cp);
        if (!k || !is_leading_punct(cp, a + k < b ? cp_at(s + a + k, b - a - k) : -1))
            break;
        a += k;
    }
    while (b > a) {
        size_t k = last_cp_len(s + a, b - a);
        if (!is_trailing_punct(cp_at(s + b - k, k)))
            break;
        b -= k;
    }
    t->pre = s, t->npre = a;
    t->s = s + a, t->n = b - a;
    t->post = s + b, t->npost = n - b;
    classify_chars(t);
}

static bool push_token(vnr_normalizer *norm, size_t *count, const char *s, size_t n)
{
    if (*count == norm->cap_tokens) {
        size_t cap = norm->cap_tokens ? norm->cap_tokens * 2 : 64;
        vnr_token *p = realloc(norm->tokens, cap * sizeof *p);
        if (!p)
            return false;
        norm->tokens = p, norm->cap_tokens = cap;
    }
    split_token(&norm->tokens[(*count)++], s, n);
    return true;
}

size_t vnr_tokenize(vnr_normalizer *norm, const char *line, size_t len)
{
    size_t count = 0, start = 0, i = 0;
    bool in_token = false;
    while (i < len) {
        int32_t cp;
        size_t k = vnr_utf8_next(line + i, len - i, &cp);
        if (!k)
            k = 1, cp = '?';
        if (is_space_cp(cp)) {
            if (in_token && !push_token(norm, &count, line + start, i - start))
                return (size_t)-1;
            in_token = false;
        } else if (!in_token) {
            in_token = true, start = i;
        }
        i += k;
    }
    if (in_token && !push_token(norm, &count, line + start, len - start))
        return (size_t)-1;
    /* Lowercase cores for context checks ("Sáng 15/8" reads like "sáng 15/8"). */
    vnr_buf_clear(&norm->low_arena);
    size_t *offs = count ? malloc(count * sizeof *offs) : NULL;
    if (count && !offs)
        return (size_t)-1;
    for (size_t t = 0; t < count; t++) {
        offs[t] = norm->low_arena.len;
        vnr_lower_append(&norm->low_arena, norm->tokens[t].s, norm->tokens[t].n);
        norm->tokens[t].nlow = norm->low_arena.len - offs[t];
        vnr_buf_putc(&norm->low_arena, '\0');
    }
    bool ok = !norm->low_arena.failed;
    for (size_t t = 0; ok && t < count; t++)
        norm->tokens[t].low = norm->low_arena.data + offs[t];
    free(offs);
    return ok ? count : (size_t)-1;
}
