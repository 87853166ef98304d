/* html.c - the article text of a web page, through libxml2's forgiving HTML parser.
 *
 * A news page is mostly not the article: menus, share buttons, ads, related links, comments,
 * scripts. The text is taken from <article> (when the page has exactly one), else <main>, else
 * <body>; the boxes around it are dropped by element name and by the words their id, class or
 * role contain. Blocks (headings, paragraphs, list items) become lines with a blank line
 * between them, so the reader pauses for a paragraph; table cells and <br> end a line. */
#include "core/util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* --- What is dropped. ------------------------------------------------------------------------ */

static bool name_in(const xmlNode *n, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (strcasecmp((const char *)n->name, names[i]) == 0)
            return true;
    return false;
}

/* Elements that are never article text. <header> is dropped only outside the article read:
 * inside an <article> it holds the title and the byline. */
static const char *const dropped_elements[] = {
    "script", "style",    "nav",    "footer", "aside",    "form",   "noscript", "iframe", "svg",
    "head",   "template", "button", "select", "textarea", "object", "embed",    "canvas", "video",
    "audio",  "dialog",   "menu",   "input",  "map",      "math",   NULL};

/* The start of an id or class word that names a box around the article: "box-comment",
 * "fb-comments", "adsbygoogle", "relatedNews", "share-buttons", "main-menu", "sidebar". */
static const char *const dropped_word_starts[] = {
    "comment",    "ads",     "advert", "quangcao", "related",    "share",  "social",
    "menu",       "sidebar", "footer", "binhluan", "breadcrumb", "cookie", "popup",
    "newsletter", "banner",  "tags",   "keyword",  NULL};

/* Vietnamese class names written with a separator: "binh-luan", "tin_lien_quan". */
static const char *const dropped_phrases[] = {"binh-luan", "quang-cao", "lien-quan", "chia-se",
                                              NULL};

/* ARIA roles of the same boxes. */
static const char *const dropped_roles[] = {"navigation", "banner", "contentinfo", "complementary",
                                            "search",     "dialog", "menu",        NULL};

/* An attribute value as lowercase words joined by '-': "Box_Comment  top" -> "box-comment-top". */
static void attr_words(const xmlNode *n, const char *attr, char *out, size_t cap)
{
    size_t k = 0;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    for (const xmlChar *p = v; p && *p && k + 1 < cap; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            out[k++] = (char)c;
        else if (c >= 'A' && c <= 'Z')
            out[k++] = (char)(c + 32);
        else if (k > 0 && out[k - 1] != '-')
            out[k++] = '-';
    }
    out[k] = '\0';
    xmlFree(v);
}

/* Does one word of "box-comment-top" start with one of starts, or "ad" stand alone? */
static bool words_match(const char *words)
{
    for (size_t i = 0; dropped_phrases[i]; i++)
        if (strstr(words, dropped_phrases[i]))
            return true;
    for (const char *w = words; *w;) {
        size_t n = strcspn(w, "-");
        if (n == 2 && strncmp(w, "ad", 2) == 0)
            return true;
        for (size_t i = 0; dropped_word_starts[i]; i++) {
            size_t k = strlen(dropped_word_starts[i]);
            if (n >= k && strncmp(w, dropped_word_starts[i], k) == 0)
                return true;
        }
        w += n + (w[n] == '-');
    }
    return false;
}

static bool attr_has(const xmlNode *n, const char *attr, const char *value)
{
    char words[256];
    attr_words(n, attr, words, sizeof words);
    return strstr(words, value) != NULL;
}

static bool is_dropped(const xmlNode *n, bool keep_header)
{
    if (n->type != XML_ELEMENT_NODE)
        return n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE;
    if (name_in(n, dropped_elements))
        return true;
    if (!keep_header && strcasecmp((const char *)n->name, "header") == 0)
        return true;
    char words[256];
    static const char *const attrs[] = {"id", "class"};
    for (size_t i = 0; i < 2; i++) {
        attr_words(n, attrs[i], words, sizeof words);
        if (words_match(words))
            return true;
    }
    attr_words(n, "role", words, sizeof words);
    for (size_t i = 0; words[0] && dropped_roles[i]; i++)
        if (strcmp(words, dropped_roles[i]) == 0)
            return true;
    if (xmlHasProp(n, (const xmlChar *)"hidden") || attr_has(n, "aria-hidden", "true"))
        return true;
    return attr_has(n, "style", "display-none");
}

/* --- A walk over the tree without recursion: a deeply nested page cannot overflow the stack. */

typedef struct walker {
    bool (*enter)(struct walker *w, xmlNode *n); /* false: skip the node's children */
    void (*leave)(struct walker *w, xmlNode *n); /* after the children of an entered node */
    bool keep_header;
    bool done;
} walker;

static void walk(xmlNode *root, walker *w)
{
    xmlNode *n = root ? root->children : NULL;
    while (n && !w->done) {
        if (w->enter(w, n)) {
            if (n->children) {
                n = n->children;
                continue;
            }
            w->leave(w, n);
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n == root)
                return;
            w->leave(w, n);
        }
        n = n->next;
    }
}

/* --- Finding the article. -------------------------------------------------------------------- */

typedef struct finder {
    walker w;
    const char *name;
    xmlNode *found;
    int count; /* outside one another */
} finder;

static bool find_enter(walker *w, xmlNode *n)
{
    finder *f = (finder *)w;
    if (n->type != XML_ELEMENT_NODE || is_dropped(n, true))
        return false;
    if (strcasecmp((const char *)n->name, f->name) != 0)
        return true;
    if (!f->found)
        f->found = n;
    f->count++;
    return false;
}

static void find_leave(walker *w, xmlNode *n)
{
    (void)w, (void)n;
}

/* The one <name> element under root outside the dropped boxes; NULL if none or several. */
static xmlNode *find_one(xmlNode *root, const char *name)
{
    finder f = {{find_enter, find_leave, true, false}, name, NULL, 0};
    walk(root, &f.w);
    return f.count == 1 ? f.found : NULL;
}

static xmlNode *find_first(xmlNode *root, const char *name)
{
    finder f = {{find_enter, find_leave, true, false}, name, NULL, 0};
    walk(root, &f.w);
    return f.found;
}

/* --- Text out: collapsed spaces, line and paragraph breaks. ---------------------------------- */

typedef struct extractor {
    walker w;
    vnr_buf out;
    int brk;    /* owed before the next text: 0 none, 1 line break, 2 blank line */
    bool space; /* a space is owed before the next text */
} extractor;

static const char *const paragraph_elements[] = {
    "p",          "div",     "h1",      "h2",       "h3",     "h4",     "h5",
    "h6",         "li",      "ul",      "ol",       "dl",     "dt",     "dd",
    "blockquote", "section", "article", "main",     "header", "pre",    "figure",
    "figcaption", "table",   "tr",      "address",  "hr",     "center", "details",
    "summary",    "caption", "body",    "fieldset", "legend", NULL};

static const char *const line_elements[] = {"br", "td", "th", NULL};

static void owe_break(extractor *x, int level)
{
    if (level > x->brk)
        x->brk = level;
}

static void put_text(extractor *x, const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            x->space = true;
            continue;
        }
        if (c == 0xC2 && (unsigned char)p[1] == 0xA0) { /* &nbsp; */
            x->space = true;
            p++;
            continue;
        }
        if (x->out.len > 0 && x->brk)
            vnr_buf_puts(&x->out, x->brk > 1 ? "\n\n" : "\n");
        else if (x->out.len > 0 && x->space)
            vnr_buf_putc(&x->out, ' ');
        x->brk = 0, x->space = false;
        vnr_buf_putc(&x->out, (char)c);
    }
}

static int break_level(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (name_in(n, paragraph_elements))
        return 2;
    return name_in(n, line_elements) ? 1 : 0;
}

static bool extract_enter(walker *w, xmlNode *n)
{
    extractor *x = (extractor *)w;
    if (is_dropped(n, w->keep_header))
        return false;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            put_text(x, (const char *)n->content);
        return false;
    }
    owe_break(x, break_level(n));
    return true;
}

static void extract_leave(walker *w, xmlNode *n)
{
    owe_break((extractor *)w, break_level(n));
}

/* The element to read: the one <article>, else the first <main>, else <body>, else the root. */
static xmlNode *article_of(xmlDoc *doc, bool *keep_header)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root)
        return NULL;
    xmlNode *body = find_first(root, "body");
    xmlNode *top = body ? body : root;
    xmlNode *pick = find_one(top, "article");
    *keep_header = pick != NULL;
    if (!pick)
        pick = find_first(top, "main");
    return pick ? pick : top;
}

/* --- Parsing. -------------------------------------------------------------------------------- */

/* Does the page name its charset ("<meta charset=windows-1258>")? Then libxml2 decodes it;
 * otherwise it is taken as UTF-8 (libxml2 alone would take Latin-1 and garble Vietnamese). */
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

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg;
}

static vnr_status parse_and_extract(const char *html, size_t len, const char *encoding,
                                    vnr_buf *out)
{
    /* The library never prints: libxml2's own fallback messages are muted during the parse. */
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    xmlDoc *doc = len ? htmlReadMemory(html, (int)len, NULL, encoding,
                                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                           HTML_PARSE_NOWARNING | HTML_PARSE_NONET)
                      : NULL;
    xmlSetGenericErrorFunc(saved_ctx, saved);
    extractor x = {{extract_enter, extract_leave, false, false}, {0}, 0, false};
    vnr_buf_init(&x.out);
    xmlNode *top = doc ? article_of(doc, &x.w.keep_header) : NULL;
    if (top) {
        extract_enter(&x.w, top); /* the article itself is never dropped */
        walk(top, &x.w);
    }
    if (doc)
        xmlFreeDoc(doc);
    *out = x.out;
    return x.out.failed ? VNR_ERR_NOMEM : VNR_OK;
}

vnr_status vnr_html_to_text(const char *html, size_t len, char **out, size_t *out_len,
                            vnr_diag *diag)
{
    *out = NULL;
    if (len > INT_MAX)
        return vnr_fail(diag, VNR_ERR_INVALID, "HTML page too large (over 2 GB)");
    if (memchr(html, '\0', len))
        return vnr_fail(diag, VNR_ERR_BINARY, "NUL byte: this looks like a binary file");
    char *utf8 = NULL;
    size_t utf8_len = len;
    bool own_charset = declares_other_charset(html, len);
    /* Invalid bytes are dropped first: libxml2 would switch the rest of the page to Latin-1. */
    if (!own_charset && vnr_text_clean(html, len, &utf8, &utf8_len, NULL, NULL) != VNR_OK)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    vnr_buf text;
    vnr_status st =
        parse_and_extract(utf8 ? utf8 : html, utf8_len, own_charset ? NULL : "UTF-8", &text);
    free(utf8);
    if (st == VNR_OK) /* NFC: a windows-1258 page decodes to decomposed tone marks */
        st = vnr_text_clean(text.data ? text.data : "", text.len, out, out_len, NULL, diag);
    vnr_buf_free(&text);
    if (st != VNR_OK)
        return vnr_fail(diag, st, "HTML: %s", vnr_status_message(st));
    return VNR_OK;
}

vnr_status vnr_input_open_html_text(const char *html, size_t len, const char *name, vnr_input **out,
                                    vnr_diag *diag)
{
    char *text = NULL;
    size_t n = 0;
    *out = NULL;
    vnr_status st = vnr_html_to_text(html, len, &text, &n, diag);
    if (st != VNR_OK) {
        if (name && diag) { /* "page.html: NUL byte: ..." */
            char detail[sizeof diag->text];
            snprintf(detail, sizeof detail, "%s", diag->text);
            vnr_fail(diag, st, "%s: %s", name, detail);
        }
        return st;
    }
    st = vnr_input_open_owned(text, n, name ? name : "<html>", out);
    return st == VNR_OK ? VNR_OK : vnr_fail(diag, st, "out of memory");
}

/* The whole file: an HTML page is parsed as one document. */
static vnr_status slurp(FILE *fp, const char *name, vnr_buf *b, vnr_diag *diag)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        vnr_buf_append(b, chunk, n);
    if (ferror(fp))
        return vnr_fail(diag, errno == EISDIR ? VNR_ERR_IS_DIR : VNR_ERR_IO, "%s: %s", name,
                        strerror(errno ? errno : EIO));
    return b->failed ? vnr_fail(diag, VNR_ERR_NOMEM, "%s: out of memory", name) : VNR_OK;
}

vnr_status vnr_input_open_html(const char *path, vnr_input **out, vnr_diag *diag)
{
    *out = NULL;
    bool is_stdin = !path || strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp)
        return vnr_fail(diag, errno == ENOENT ? VNR_ERR_NOT_FOUND : VNR_ERR_IO, "%s: %s", path,
                        strerror(errno));
    vnr_buf b;
    vnr_buf_init(&b);
    errno = 0;
    vnr_status st = slurp(fp, name, &b, diag);
    if (!is_stdin)
        fclose(fp);
    if (st == VNR_OK)
        st = vnr_input_open_html_text(b.data ? b.data : "", b.len, name, out, diag);
    vnr_buf_free(&b);
    return st;
}
