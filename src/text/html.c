/* html.c - web pages through libxml2's forgiving HTML parser, and the HTML entry points of the
 * input API (the article itself is found in extract.c).
 *
 * The parse has no depth limit (HTML_PARSE_HUGE): libxml2 otherwise stops building the tree
 * 256 elements deep and the text below is lost without a word; extract.c walks the tree without
 * recursion, so 20,000 nested <div> cost memory, not the stack. */
#include "text/content.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/* libxml2 2.9 knows the option under its XML name only. */
#ifndef HTML_PARSE_HUGE
#define HTML_PARSE_HUGE XML_PARSE_HUGE
#endif

/* Does the page name a charset other than UTF-8 ("<meta charset=windows-1258>")? Then libxml2
 * decodes it; otherwise it is taken as UTF-8 (libxml2 alone would take Latin-1 and garble
 * Vietnamese). */
static bool declares_other_charset(const char *html, size_t len)
{
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 <= n; i++) {
        if (strncasecmp(html + i, "charset", 7) != 0)
            continue;
        size_t j = i + 7;
        while (j < n && strchr(" =\"'", html[j]))
            j++;
        return !(j + 4 <= n && strncasecmp(html + j, "utf", 3) == 0);
    }
    return false;
}

/* A page that names no charset and is not UTF-8: one in ten of its bytes invalid is a legacy
 * Vietnamese page, most often windows-1258 ("Ti\xea\xcc\x81ng Vi\xea\xf2t"), as older sites
 * and saved files are. A few stray bytes are dropped instead. */
#define LEGACY_CHARSET "windows-1258"

static bool legacy_vietnamese(size_t bad, size_t len)
{
    return bad >= 8 && bad * 100 >= len;
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg;
}

static bool is_utf8_name(const char *charset)
{
    return strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0;
}

xmlDoc *html_parse(const char *html, size_t len, const char *charset)
{
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                  HTML_PARSE_NONET | HTML_PARSE_HUGE;
    const char *encoding = "UTF-8";
    char *utf8 = NULL;
    size_t utf8_len = len;
    if (charset && !is_utf8_name(charset)) {
        encoding = charset; /* the HTTP header's charset wins over the page's own */
        options |= HTML_PARSE_IGNORE_ENC;
    } else if (!charset && declares_other_charset(html, len)) {
        encoding = NULL;
    } else {
        size_t bad = 0;
        if (vnr_text_clean(html, len, &utf8, &utf8_len, &bad, NULL) != VNR_OK)
            return NULL; /* invalid bytes go first: libxml2 would switch the page to Latin-1 */
        if (!charset && legacy_vietnamese(bad, len)) {
            free(utf8), utf8 = NULL, utf8_len = len;
            encoding = LEGACY_CHARSET;
        }
        if (charset)
            options |= HTML_PARSE_IGNORE_ENC;
    }
    /* The library never prints: libxml2's own fallback messages are muted during the parse. */
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    xmlDoc *doc = htmlReadMemory(utf8 ? utf8 : html, (int)utf8_len, NULL, encoding, options);
    if (!doc && encoding && encoding != charset) /* nothing at all: an empty document */
        doc = htmlNewDocNoDtD(NULL, NULL);
    xmlSetGenericErrorFunc(saved_ctx, saved);
    free(utf8);
    if (!doc && charset && encoding == charset) /* a charset libxml2 and iconv do not know */
        return html_parse(html, len, "UTF-8");
    return doc;
}

/* --- The input API's HTML entry points, on the document. ---------------------------------------
 */

static void html_options(vnr_content_options *o)
{
    vnr_content_options_init(o);
    o->type = VNR_DOC_HTML;
}

vnr_status vnr_html_to_text(const char *html, size_t len, char **out, size_t *out_len,
                            vnr_diag *diag)
{
    *out = NULL;
    vnr_content_options o;
    html_options(&o);
    vnr_content *doc = NULL;
    vnr_diag inner = {""};
    vnr_status st = vnr_content_from_memory(html, len, "HTML", &o, &doc, &inner);
    if (st == VNR_ERR_EMPTY) { /* here an empty page is an empty string, as the header says */
        *out = calloc(1, 1);
        if (out_len)
            *out_len = 0;
        return *out ? VNR_OK : vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    if (st != VNR_OK)
        return vnr_fail(diag, st, "%s", inner.text);
    size_t n = 0;
    st = vnr_content_text(doc, 0, out, &n);
    vnr_content_free(doc);
    if (out_len)
        *out_len = n;
    return st == VNR_OK ? VNR_OK : vnr_fail(diag, st, "out of memory");
}

vnr_status vnr_input_open_html_text(const char *html, size_t len, const char *name, vnr_input **out,
                                    vnr_diag *diag)
{
    *out = NULL;
    vnr_content_options o;
    html_options(&o);
    vnr_content *doc = NULL;
    vnr_status st = vnr_content_from_memory(html, len, name ? name : "<html>", &o, &doc, diag);
    return st == VNR_OK ? vnr_input_open_content(doc, out, diag) : st;
}

vnr_status vnr_input_open_html(const char *path, vnr_input **out, vnr_diag *diag)
{
    *out = NULL;
    vnr_content_options o;
    html_options(&o);
    vnr_content *doc = NULL;
    vnr_status st = vnr_content_load(path ? path : "-", &o, &doc, diag);
    return st == VNR_OK ? vnr_input_open_content(doc, out, diag) : st;
}
