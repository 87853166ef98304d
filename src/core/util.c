/* util.c - growable buffer, diagnostics and UTF-8 stepping used across the library. */
#include "core/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void vnr_buf_init(vnr_buf *b)
{
    memset(b, 0, sizeof *b);
}

void vnr_buf_free(vnr_buf *b)
{
    free(b->data);
    vnr_buf_init(b);
}

void vnr_buf_clear(vnr_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

bool vnr_buf_reserve(vnr_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    if (!b->data)
        p[0] = '\0'; /* a fresh buffer is the empty string, as vnr_buf_take promises */
    b->data = p;
    b->cap = cap;
    return true;
}

void vnr_buf_append_grow(vnr_buf *b, const char *s, size_t n)
{
    if (!vnr_buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void vnr_buf_puts(vnr_buf *b, const char *s)
{
    vnr_buf_append(b, s, strlen(s));
}

void vnr_buf_word(vnr_buf *b, const char *word)
{
    if (!*word)
        return;
    if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
        vnr_buf_putc(b, ' ');
    vnr_buf_puts(b, word);
}

char *vnr_buf_take(vnr_buf *b, size_t *len)
{
    if (!b->data)
        vnr_buf_reserve(b, 0);
    char *p = b->failed ? NULL : b->data;
    if (len)
        *len = b->len;
    if (b->failed)
        free(b->data);
    vnr_buf_init(b);
    return p;
}

vnr_status vnr_fail(vnr_diag *diag, vnr_status status, const char *fmt, ...)
{
    if (diag) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(diag->text, sizeof diag->text, fmt, ap);
        va_end(ap);
    }
    return status;
}

size_t vnr_utf8_decode(const char *str, size_t n, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    int32_t c;
    int32_t min;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past Unicode are invalid. */
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t vnr_utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

void vnr_lower_append(vnr_buf *out, const char *s, size_t n)
{
    /* A lowercase letter takes at most 1.5 times the bytes of its capital (Ⱥ -> ⱥ). */
    if (!vnr_buf_reserve(out, 2 * n + 4))
        return;
    size_t k = vnr_lower_to(out->data + out->len, out->cap - out->len, s, n);
    out->len += k;
    out->data[out->len] = '\0';
}

size_t vnr_lower_to(char *dst, size_t cap, const char *s, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = vnr_utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        if (len + 4 > cap)
            return (size_t)-1;
        if (cp < 0x80)
            dst[len++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        else
            len += vnr_utf8_encode(vnr_tolower(cp), dst + len);
        i += k;
    }
    return len;
}

int32_t vnr_tolower(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    if (cp >= 0x1EA0 && cp <= 0x1EF9) /* ẠẢẤ... ỸỹỴ: upper even, lower odd */
        return cp | 1;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) /* À..Þ */
        return cp + 0x20;
    if (cp >= 0xDF && cp <= 0xFF)
        return cp;
    if (cp == 0x102 || cp == 0x110 || cp == 0x128 || cp == 0x168 || cp == 0x1A0)
        return cp + 1; /* Ă Đ Ĩ Ũ Ơ */
    if (cp == 0x1AF)
        return 0x1B0; /* Ư */
    if (cp == 0x103 || cp == 0x111 || cp == 0x129 || cp == 0x169 || cp == 0x1A1 || cp == 0x1B0)
        return cp;
    return utf8proc_tolower(cp);
}

int vnr_text_speakable(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = vnr_utf8_next(s + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        i += k;
        if (cp < 0x80) {
            if ((cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))
                return 1;
            continue;
        }
        utf8proc_category_t c = utf8proc_category(cp);
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO) /* letters, marks, numbers */
            return 1;
    }
    return 0;
}
