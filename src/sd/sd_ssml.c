/* sd_ssml.c - the SSML speech-dispatcher sends, cut into text pieces and index marks.
 *
 * The server wraps every message in <speak>...</speak> and, after each sentence end, inserts
 * <mark name="__spd_N"/> so it can resume a paused message; clients add their own marks. Tags
 * other than <mark> are dropped (a break-like tag becomes a space so words do not run
 * together), entities are decoded: "&lt;b&gt; 23/6 &amp; 24/6" -> "<b> 23/6 & 24/6". */
#include "sd.h"

#include <stdlib.h>
#include <string.h>

static bool push(sd_message *m, bool is_mark, const char *text, size_t n)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        sd_item *p = realloc(m->items, cap * sizeof *p);
        if (!p)
            return false;
        m->items = p;
        m->cap = cap;
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return false;
    memcpy(copy, text, n);
    copy[n] = '\0';
    m->items[m->n++] = (sd_item){is_mark, copy};
    /* cppcheck-suppress memleak ; the message owns copy now (sd_message_free) */
    return true;
}

void sd_message_free(sd_message *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->items[i].text);
    free(m->items);
    memset(m, 0, sizeof *m);
}

/* UTF-8 of a code point from a numeric entity; 0 for a value that is no character. */
static size_t encode_utf8(unsigned long cp, char *out)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static size_t numeric_entity(const char *body, size_t n, char *out)
{
    int base = (n > 1 && (body[1] == 'x' || body[1] == 'X')) ? 16 : 10;
    size_t i = base == 16 ? 2 : 1;
    if (i >= n)
        return 0;
    unsigned long cp = 0;
    for (; i < n; i++) {
        char c = body[i];
        int d = c >= '0' && c <= '9'                 ? c - '0'
                : base == 16 && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : base == 16 && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
        if (d < 0 || cp > 0x10FFFF)
            return 0;
        cp = cp * (unsigned long)base + (unsigned long)d;
    }
    return encode_utf8(cp, out);
}

/* Decode the entity at s ('&' ... ';'). Writes its text to out (4 bytes room) and returns the
 * source length consumed, or 0 when it is no entity we know (the '&' is then kept as is). */
static size_t decode_entity(const char *s, size_t n, char *out, size_t *out_len)
{
    static const struct {
        const char *name, *text;
    } named[] = {{"lt", "<"},    {"gt", ">"},   {"amp", "&"},
                 {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
    const char *semi = memchr(s, ';', n < 12 ? n : 12);
    if (!semi)
        return 0;
    const char *body = s + 1;
    size_t len = (size_t)(semi - body);
    if (len > 0 && body[0] == '#') {
        *out_len = numeric_entity(body, len, out);
        return *out_len ? len + 2 : 0;
    }
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        if (strlen(named[i].name) == len && memcmp(body, named[i].name, len) == 0) {
            *out_len = strlen(named[i].text);
            memcpy(out, named[i].text, *out_len);
            return len + 2;
        }
    }
    return 0;
}

/* Append text with its entities decoded. */
static bool append_decoded(char **buf, size_t *len, const char *s, size_t n)
{
    char *p = realloc(*buf, *len + n + 1); /* decoding never makes text longer */
    if (!p)
        return false;
    *buf = p;
    for (size_t i = 0; i < n;) {
        char tmp[4];
        size_t tlen = 0, used = s[i] == '&' ? decode_entity(s + i, n - i, tmp, &tlen) : 0;
        if (used) {
            memcpy(p + *len, tmp, tlen);
            *len += tlen;
            i += used;
        } else {
            p[(*len)++] = s[i++];
        }
    }
    p[*len] = '\0';
    return true;
}

/* The value of attribute name="..." (or '...') inside a tag, or NULL. */
static const char *tag_attr(const char *tag, size_t n, const char *attr, size_t *vlen)
{
    size_t alen = strlen(attr);
    for (size_t i = 0; i + alen + 2 < n; i++) {
        bool starts = i == 0 || tag[i - 1] == ' ' || tag[i - 1] == '\t' || tag[i - 1] == '\n';
        if (!starts || memcmp(tag + i, attr, alen) != 0 || tag[i + alen] != '=')
            continue;
        char quote = tag[i + alen + 1];
        if (quote != '"' && quote != '\'')
            return NULL;
        const char *v = tag + i + alen + 2;
        const char *end = memchr(v, quote, n - (size_t)(v - tag));
        if (!end)
            return NULL;
        *vlen = (size_t)(end - v);
        return v;
    }
    return NULL;
}

static bool tag_is(const char *tag, size_t n, const char *name)
{
    size_t k = strlen(name);
    return n >= k && memcmp(tag, name, k) == 0 &&
           (n == k || tag[k] == ' ' || tag[k] == '/' || tag[k] == '\t' || tag[k] == '\n');
}

typedef struct parse_state {
    sd_message *out;
    char *text; /* the text piece being built */
    size_t len;
} parse_state;

static bool flush_text(parse_state *ps)
{
    if (ps->len == 0)
        return true;
    bool ok = push(ps->out, false, ps->text, ps->len);
    ps->len = 0;
    return ok;
}

/* One tag (without '<' and '>'): a mark ends the text piece before it. */
static bool on_tag(parse_state *ps, const char *tag, size_t n)
{
    if (tag_is(tag, n, "mark")) {
        size_t vlen = 0;
        const char *v = tag_attr(tag, n, "name", &vlen);
        if (!v)
            return true; /* a mark without a name reports nothing */
        char *name = NULL;
        size_t name_len = 0;
        bool ok = append_decoded(&name, &name_len, v, vlen);
        if (ok) { /* the name is echoed in a 700 event: "a&#10;702 END" must stay one line */
            sd_strip_controls(name);
            name_len = strlen(name);
        }
        ok = ok && flush_text(ps) && push(ps->out, true, name, name_len);
        free(name);
        return ok;
    }
    static const char *const spaced[] = {"break", "p", "/p", "s", "/s", "speak", "/speak"};
    for (size_t i = 0; i < sizeof spaced / sizeof spaced[0]; i++)
        if (tag_is(tag, n, spaced[i]))
            return append_decoded(&ps->text, &ps->len, " ", 1);
    return true;
}

bool sd_ssml_parse(const char *ssml, size_t len, sd_message *out)
{
    parse_state ps = {out, NULL, 0};
    bool ok = append_decoded(&ps.text, &ps.len, "", 0);
    size_t i = 0;
    while (ok && i < len) {
        const char *lt = memchr(ssml + i, '<', len - i);
        const char *gt = lt ? memchr(lt, '>', len - (size_t)(lt - ssml)) : NULL;
        if (!gt) /* no more tags: a lone '<' is just text */
            lt = ssml + len;
        ok = append_decoded(&ps.text, &ps.len, ssml + i, (size_t)(lt - (ssml + i)));
        if (!gt)
            break;
        if (ok && lt[1] == '!') /* a comment or <!DOCTYPE>: skip, its text is not said */
            ok = true;
        else if (ok && lt[1] != '?')
            ok = on_tag(&ps, lt + 1, (size_t)(gt - lt - 1));
        i = (size_t)(gt - ssml) + 1;
    }
    ok = ok && flush_text(&ps);
    free(ps.text);
    return ok;
}
