/* clean.c - the first step of the pipeline: valid UTF-8, Unicode NFC, no invisible characters.
 *
 * Decomposed text (from macOS or some web pages) makes eSpeak NG mispronounce vowels such
 * as "ộ"; zero-width spaces and soft hyphens split words invisibly. utf8proc does the
 * normalization through utf8proc_map (not the utf8proc_NFC shortcut, which drops errors). */
#include "core/util.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Copy the valid sequences of text into b, skipping invalid bytes; valid runs are copied
 * whole. *stable tells whether every code point is NFC-stable (see is_stable). */
static bool is_stable(int32_t cp);

static vnr_status copy_valid(const char *text, size_t len, vnr_buf *b, size_t *n_invalid,
                             bool *stable)
{
    size_t bad = 0, run = 0;
    *stable = true;
    if (!vnr_buf_reserve(b, len))
        return VNR_ERR_NOMEM;
    for (size_t i = 0; i < len;) {
        if ((unsigned char)text[i] - 1u < 0x7Fu) { /* ASCII but NUL: valid, stable, kept */
            i++;
            continue;
        }
        int32_t cp;
        size_t n = vnr_utf8_next(text + i, len - i, &cp);
        if (n == 0) {
            vnr_buf_append(b, text + run, i - run);
            bad++, i++, run = i;
            continue;
        }
        if (cp == 0)
            return VNR_ERR_BINARY;
        if (cp >= 0x80 && *stable)
            *stable = is_stable(cp);
        i += n;
    }
    vnr_buf_append(b, text + run, len - run);
    if (n_invalid)
        *n_invalid = bad;
    return b->failed ? VNR_ERR_NOMEM : VNR_OK;
}

/* Code points that are NFC as they stand and never ignorable, whatever surrounds them:
 * Latin up to U+02FF but the soft hyphen, the precomposed Vietnamese letters (U+1E00..U+1EFF),
 * dashes, quotes and currency signs. Text made only of these needs no utf8proc pass, which
 * makes cleaning of ordinary Vietnamese several times faster. Combining marks (U+0300...)
 * and zero-width characters always take the full path. */
static bool is_stable(int32_t cp)
{
    return (cp < 0x300 && cp != 0xAD) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
           (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
           (cp >= 0x20A0 && cp <= 0x20CF);
}

vnr_status vnr_text_clean(const char *text, size_t len, char **out, size_t *out_len,
                          size_t *n_invalid, vnr_diag *diag)
{
    vnr_buf b;
    vnr_buf_init(&b);
    bool stable;
    vnr_status st = copy_valid(text, len, &b, n_invalid, &stable);
    if (st != VNR_OK) {
        vnr_buf_free(&b);
        return vnr_fail(diag, st, "%s",
                        st == VNR_ERR_BINARY ? "NUL byte: binary data, not text"
                                             : vnr_status_message(st));
    }
    if (stable) { /* NFC already, nothing invisible: the common case, no utf8proc pass */
        *out = vnr_buf_take(&b, out_len);
        return *out ? VNR_OK : vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    /* COMPOSE = NFC; IGNORE drops default-ignorable code points: U+00AD soft hyphen,
     * U+200B..U+200D zero-width (non-)joiners, U+2060 word joiner, U+FEFF BOM. */
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n =
        utf8proc_map((const utf8proc_uint8_t *)b.data, (utf8proc_ssize_t)b.len, &mapped,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE);
    vnr_buf_free(&b);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? vnr_fail(diag, VNR_ERR_NOMEM, "out of memory")
                                         : vnr_fail(diag, VNR_ERR_UTF8, "%s", utf8proc_errmsg(n));
    *out = (char *)mapped;
    if (out_len)
        *out_len = (size_t)n;
    return VNR_OK;
}

bool vnr_text_clean_in_place(char *text, size_t *len, size_t *n_invalid, vnr_status *st)
{
    size_t w = 0, bad = 0, n = *len;
    bool stable = true;
    *st = VNR_OK;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = vnr_utf8_next(text + i, n - i, &cp);
        if (k == 0) {
            bad++, i++;
            continue;
        }
        if (cp == 0) {
            *st = VNR_ERR_BINARY;
            return true;
        }
        if (cp >= 0x80 && stable)
            stable = is_stable(cp);
        if (w != i)
            memmove(text + w, text + i, k);
        w += k, i += k;
    }
    text[w] = '\0';
    *len = w;
    if (n_invalid)
        *n_invalid = bad;
    return stable;
}

static bool is_digit_in(char ch, bool hex)
{
    return (ch >= '0' && ch <= '9') || (hex && ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f'));
}

/* The code point of the reference "&...;" that starts at s (len bytes), and its length in *n;
 * -1 if s starts none: "&#39;", "&#x1EA1;", "&amp;". */
static int32_t reference_at(const char *s, size_t len, size_t *n)
{
    enum { MAX_NAME = 10 };
    size_t i = 1;
    int32_t cp = 0;
    if (i < len && s[i] == '#') {
        bool hex = i + 1 < len && (s[i + 1] == 'x' || s[i + 1] == 'X');
        i += hex ? 2 : 1;
        size_t start = i;
        while (i < len && i - start < 7 && is_digit_in(s[i], hex)) {
            int v = s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10;
            cp = cp * (hex ? 16 : 10) + v;
            i++;
        }
        if (i == start || i >= len || s[i] != ';' || cp <= 0 || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
    } else {
        char name[MAX_NAME + 1];
        size_t k = 0;
        while (i < len && k < MAX_NAME &&
               ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                (s[i] >= '0' && s[i] <= '9')))
            name[k++] = s[i++];
        name[k] = '\0';
        const htmlEntityDesc *e = k ? htmlEntityLookup((const xmlChar *)name) : NULL;
        if (!e || i >= len || s[i] != ';')
            return -1;
        cp = (int32_t)e->value;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return -1; /* "&#10;" would split the line: a control character stays as written */
    *n = i + 1;
    return cp == 0xA0 ? ' ' : cp; /* "&nbsp;" is a plain space to every later step */
}

size_t vnr_text_decode_references(char *text, size_t len)
{
    /* Most lines hold no '&': nothing to move before the first one (every line of the
     * normalizer comes through here). */
    const char *amp = memchr(text, '&', len);
    if (!amp)
        return len;
    size_t w = (size_t)(amp - text);
    for (size_t i = w; i < len;) {
        size_t n = 0;
        int32_t cp = text[i] == '&' ? reference_at(text + i, len - i, &n) : -1;
        if (cp < 0) {
            text[w++] = text[i++];
            continue;
        }
        char enc[4];
        size_t k = vnr_utf8_encode(cp, enc);
        if (k == 0 || k > n) { /* cannot happen for a valid reference; keep it as written */
            text[w++] = text[i++];
            continue;
        }
        memcpy(text + w, enc, k);
        w += k, i += n;
    }
    if (w < len)
        text[w] = '\0';
    return w;
}
