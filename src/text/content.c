/* content.c - what a file, stdin or URL holds, as blocks (headings and paragraphs) in reading
 * order, whatever it was read from: a web page, an e-book, an office document, a PDF or text.
 *
 * Every format's reader only adds blocks; this file loads the bytes (file, stdin or URL),
 * recognises the format by its content, and turns the blocks into the text the reader speaks:
 * one line per line of a block, a blank line between blocks, so "Chương 1" and the paragraph
 * after it are separate paragraphs with their pause. The reader's own model (document.c) then
 * cuts that text into sentences; the heading levels go with the input's lines. */
#include "text/content.h"
#include "text/zipdoc.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

/* A 300-page PDF is a few MB; more than this is not a document to read aloud. */
#define DEFAULT_MAX_BYTES (64u << 20)
#define DEFAULT_TIMEOUT_SECONDS 30

void vnr_content_options_init(vnr_content_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->type = VNR_DOC_AUTO;
    opts->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
    opts->max_bytes = DEFAULT_MAX_BYTES;
}

int vnr_is_url(const char *s)
{
    return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

vnr_status content_new(const char *name, vnr_doc_type type, vnr_content **out)
{
    vnr_content *doc = calloc(1, sizeof *doc);
    *out = doc;
    if (!doc)
        return VNR_ERR_NOMEM;
    snprintf(doc->name, sizeof doc->name, "%s", name ? name : "<document>");
    doc->type = type;
    return VNR_OK;
}

void vnr_content_free(vnr_content *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n; i++)
        free((void *)(uintptr_t)doc->blocks[i].text);
    free(doc->blocks);
    free(doc);
}

static bool is_space_at(const char *s, size_t left, size_t *n)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        *n = 1;
        return true;
    }
    if (left >= 2 && c == 0xC2 && (unsigned char)s[1] == 0xA0) { /* no-break space */
        *n = 2;
        return true;
    }
    /* U+2000..U+200A (en/em/thin spaces), U+202F, U+3000: spaces a page may use for layout */
    if (left >= 3 && c == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] <= 0x8A || (unsigned char)s[2] == 0xAF)) {
        *n = 3;
        return true;
    }
    return false;
}

/* Spaces collapsed, lines trimmed, empty lines dropped. */
static void tidy(const char *text, size_t len, vnr_buf *b)
{
    bool space = false, line_open = false;
    for (size_t i = 0; i < len;) {
        size_t n = 1;
        if (text[i] == '\n') {
            space = false;
            if (line_open)
                vnr_buf_putc(b, '\n');
            line_open = false;
            i++;
            continue;
        }
        if (is_space_at(text + i, len - i, &n)) {
            space = line_open;
            i += n;
            continue;
        }
        if (space)
            vnr_buf_putc(b, ' ');
        space = false, line_open = true;
        vnr_buf_putc(b, text[i++]);
    }
    while (b->len && b->data[b->len - 1] == '\n')
        b->data[--b->len] = '\0';
}

/* Is there a letter or digit? A block of only "·" or "|" is layout, not text. */
static bool has_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = vnr_utf8_next(s + i, n - i, &cp);
        if (!k)
            return false;
        if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
            (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF)))
            return true;
        i += k;
    }
    return false;
}

vnr_status content_add(vnr_content *doc, vnr_block_kind kind, int level, const char *text,
                       size_t len)
{
    vnr_buf b;
    vnr_buf_init(&b);
    tidy(text, len, &b);
    if (b.failed) {
        vnr_buf_free(&b);
        return VNR_ERR_NOMEM;
    }
    if (!b.len || !has_word(b.data, b.len)) {
        vnr_buf_free(&b);
        return VNR_OK;
    }
    char *clean = NULL;
    size_t clean_len = 0;
    vnr_status st = vnr_text_clean(b.data, b.len, &clean, &clean_len, NULL, NULL);
    vnr_buf_free(&b);
    if (st != VNR_OK)
        return st;
    if (doc->n == doc->cap) {
        size_t cap = doc->cap ? doc->cap * 2 : 32;
        vnr_block *blocks = realloc(doc->blocks, cap * sizeof *blocks);
        if (!blocks) {
            free(clean);
            return VNR_ERR_NOMEM;
        }
        doc->blocks = blocks, doc->cap = cap;
    }
    if (kind == VNR_BLOCK_HEADING)
        level = level < 1 ? 1 : level > 6 ? 6 : level;
    else
        level = 0;
    doc->blocks[doc->n++] = (vnr_block){kind, level, clean, clean_len};
    return VNR_OK;
}

vnr_doc_type vnr_content_type(const vnr_content *doc)
{
    return doc->type;
}

const char *vnr_content_name(const vnr_content *doc)
{
    return doc->name;
}

size_t vnr_content_blocks(const vnr_content *doc)
{
    return doc->n;
}

const vnr_block *vnr_content_block(const vnr_content *doc, size_t i)
{
    return i < doc->n ? &doc->blocks[i] : NULL;
}

/* The text; levels (may be NULL) gets one entry per line: the heading level or 0. */
static vnr_status render(const vnr_content *doc, bool marks, vnr_buf *out, unsigned char **levels,
                         size_t *n_lines)
{
    size_t lines = 0, cap = 0;
    unsigned char *lv = NULL;
    for (size_t i = 0; i < doc->n; i++) {
        const vnr_block *b = &doc->blocks[i];
        if (i > 0)
            vnr_buf_puts(out, "\n\n");
        for (const char *p = b->text; p;) { /* each line of the block */
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            if (marks && b->kind == VNR_BLOCK_HEADING) {
                for (int k = 0; k < b->level; k++)
                    vnr_buf_putc(out, '#');
                vnr_buf_putc(out, ' ');
            }
            vnr_buf_append(out, p, n);
            if (nl)
                vnr_buf_putc(out, '\n');
            if (levels) {
                if (lines + 2 > cap) { /* this line and the blank one after the block */
                    cap = cap ? cap * 2 : 64;
                    unsigned char *grown = realloc(lv, cap);
                    if (!grown) {
                        free(lv);
                        return VNR_ERR_NOMEM;
                    }
                    lv = grown;
                }
                lv[lines++] = b->kind == VNR_BLOCK_HEADING ? (unsigned char)b->level : 0;
            }
            p = nl ? nl + 1 : NULL;
        }
        if (levels && i + 1 < doc->n)
            lv[lines++] = 0;
    }
    if (levels)
        *levels = lv, *n_lines = lines;
    return out->failed ? VNR_ERR_NOMEM : VNR_OK;
}

vnr_status vnr_content_text(const vnr_content *doc, int mark_headings, char **out, size_t *out_len)
{
    vnr_buf b;
    vnr_buf_init(&b);
    *out = NULL;
    vnr_status st = render(doc, mark_headings != 0, &b, NULL, NULL);
    if (st != VNR_OK || b.failed) {
        vnr_buf_free(&b);
        return VNR_ERR_NOMEM;
    }
    if (!b.data)
        vnr_buf_puts(&b, "");
    *out = vnr_buf_take(&b, out_len);
    return *out ? VNR_OK : VNR_ERR_NOMEM;
}

vnr_status vnr_input_open_content(vnr_content *doc, vnr_input **out, vnr_diag *diag)
{
    *out = NULL;
    vnr_buf b;
    vnr_buf_init(&b);
    unsigned char *levels = NULL;
    size_t n_lines = 0;
    vnr_status st = render(doc, false, &b, &levels, &n_lines);
    if (st == VNR_OK && !b.data)
        vnr_buf_puts(&b, "");
    size_t len = 0;
    char *text = st == VNR_OK && !b.failed ? vnr_buf_take(&b, &len) : NULL;
    vnr_buf_free(&b);
    if (text)
        st = vnr_input_open_owned(text, len, doc->name, out);
    else
        st = VNR_ERR_NOMEM;
    if (st == VNR_OK)
        vnr_input_set_levels(*out, levels, n_lines);
    else
        free(levels);
    vnr_content_free(doc);
    return st == VNR_OK ? VNR_OK : vnr_fail(diag, st, "out of memory");
}

/* --- Loading. ----------------------------------------------------------------------------------
 */

const char *vnr_doc_type_name(vnr_doc_type type)
{
    static const char *const names[] = {
        [VNR_DOC_AUTO] = "unknown", [VNR_DOC_TEXT] = "text", [VNR_DOC_HTML] = "HTML",
        [VNR_DOC_EPUB] = "EPUB",    [VNR_DOC_DOCX] = "DOCX", [VNR_DOC_ODT] = "ODT",
        [VNR_DOC_PDF] = "PDF"};
    return (unsigned)type < sizeof names / sizeof names[0] ? names[type] : "unknown";
}

/* Plain text: each non-empty line a paragraph. */
static vnr_status read_text(vnr_content *doc, const char *s, size_t len)
{
    if (memchr(s, '\0', len))
        return VNR_ERR_BINARY;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (s + i)) : len - i;
        vnr_status st = content_add(doc, VNR_BLOCK_PARAGRAPH, 0, s + i, n);
        if (st != VNR_OK)
            return st;
        i += n + 1;
    }
    return VNR_OK;
}

static vnr_status read_any(vnr_content *doc, const char *data, size_t len, const char *charset,
                           const vnr_content_options *o, vnr_diag *diag)
{
    switch (doc->type) {
    case VNR_DOC_HTML:
        return extract_html(doc, data, len, charset, o, diag);
    case VNR_DOC_EPUB:
        return read_epub(doc, data, len, o, diag);
    case VNR_DOC_DOCX:
        return read_docx(doc, data, len, diag);
    case VNR_DOC_ODT:
        return read_odt(doc, data, len, diag);
    case VNR_DOC_PDF:
        return read_pdf(doc, data, len, diag);
    case VNR_DOC_TEXT:
        return read_text(doc, data, len);
    case VNR_DOC_AUTO:
        break;
    }
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return vnr_fail(diag, VNR_ERR_DOCUMENT,
                        "a password-protected Office file or an old Word .doc: not supported");
    return vnr_fail(diag, VNR_ERR_DOCUMENT, "a zip archive, but not an EPUB, DOCX or ODT document");
}

/* libxml2 2.9 sets itself up on first use, which two threads must not do at once. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void init_xml(void)
{
    xmlInitParser();
}

static vnr_status load_memory(const char *data, size_t len, const char *name, const char *charset,
                              const vnr_content_options *opts, vnr_content **out, vnr_diag *diag)
{
    vnr_content_options defaults;
    if (!opts) {
        vnr_content_options_init(&defaults);
        opts = &defaults;
    }
    pthread_once(&xml_once, init_xml);
    vnr_doc_type type = opts->type ? opts->type : vnr_doc_type_detect(name, data, len);
    if (type == VNR_DOC_AUTO && len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        type = zipdoc_sniff(data, len); /* a zip without the usual first entries */
    vnr_content *doc = NULL;
    *out = NULL;
    if (content_new(name, type, &doc) != VNR_OK)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    vnr_diag inner = {""};
    vnr_status st = read_any(doc, data, len, charset, opts, &inner);
    if (st == VNR_ERR_BINARY && !inner.text[0])
        snprintf(inner.text, sizeof inner.text, "NUL byte: this looks like a binary file");
    if (st == VNR_OK && doc->n == 0) {
        st = VNR_ERR_EMPTY;
        snprintf(inner.text, sizeof inner.text, "%s",
                 type == VNR_DOC_HTML  ? "no article text found"
                 : type == VNR_DOC_PDF ? "no text found (a scanned PDF has no text layer to read)"
                                       : "no text found");
    }
    if (st != VNR_OK) {
        vnr_content_free(doc);
        return vnr_fail(diag, st, "%s: %s", name,
                        inner.text[0] ? inner.text : vnr_status_message(st));
    }
    *out = doc;
    return VNR_OK;
}

vnr_status vnr_content_from_memory(const void *data, size_t len, const char *name,
                                   const vnr_content_options *opts, vnr_content **out,
                                   vnr_diag *diag)
{
    return load_memory(data, len, name ? name : "<document>", NULL, opts, out, diag);
}

/* A whole file (or stdin), refused above max bytes. */
static vnr_status slurp(const char *path, uint64_t max, vnr_buf *b, vnr_diag *diag)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = NULL;
    vnr_status opened = vnr_open_read(path, "document", &fp, NULL, diag);
    if (opened != VNR_OK)
        return opened;
    char chunk[65536];
    size_t n;
    errno = 0;
    vnr_status status = VNR_OK;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (b->len + n > max) {
            status = vnr_fail(diag, VNR_ERR_INVALID, "%s: larger than %llu MB, not read", path,
                              (unsigned long long)(max >> 20));
            break;
        }
        vnr_buf_append(b, chunk, n);
    }
    if (status == VNR_OK && ferror(fp))
        status = vnr_fail(diag, errno == EISDIR ? VNR_ERR_IS_DIR : VNR_ERR_IO, "%s: %s", path,
                          strerror(errno ? errno : EIO));
    if (!is_stdin)
        fclose(fp);
    if (status == VNR_OK && b->failed)
        status = vnr_fail(diag, VNR_ERR_NOMEM, "%s: out of memory", path);
    return status;
}

vnr_status vnr_content_load(const char *path_or_url, const vnr_content_options *opts,
                            vnr_content **out, vnr_diag *diag)
{
    vnr_content_options defaults;
    if (!opts) {
        vnr_content_options_init(&defaults);
        opts = &defaults;
    }
    const char *path = path_or_url ? path_or_url : "-";
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    vnr_buf b;
    vnr_buf_init(&b);
    char charset[64] = "";
    vnr_status st = vnr_is_url(path) ? fetch_url(path, opts, &b, charset, sizeof charset, diag)
                                     : slurp(path, opts->max_bytes, &b, diag);
    *out = NULL;
    if (st == VNR_OK)
        st = load_memory(b.data ? b.data : "", b.len, name, charset[0] ? charset : NULL, opts, out,
                         diag);
    vnr_buf_free(&b);
    return st;
}

/* --- XML parts of zipped documents. ------------------------------------------------------------
 */

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg;
}

xmlDoc *content_parse_xml(const char *data, size_t len)
{
    if (len > (size_t)INT32_MAX)
        return NULL;
    /* The library never prints: libxml2's generic error messages are muted during the parse. */
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    xmlDoc *x = xmlReadMemory(data, (int)len, NULL, NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                  XML_PARSE_RECOVER);
    xmlSetGenericErrorFunc(saved_ctx, saved);
    return x;
}

bool xml_is(const xmlNode *n, const char *local_name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local_name) == 0;
}

vnr_status vnr_input_open_path(const char *path_or_url, const vnr_content_options *opts,
                               vnr_input **out, vnr_diag *diag)
{
    const char *path = path_or_url ? path_or_url : "-";
    vnr_doc_type type = opts && opts->type ? opts->type : vnr_doc_type_of_file(path);
    *out = NULL;
    if (type == VNR_DOC_TEXT) /* streamed line by line: a 1 GB text file is fine */
        return vnr_input_open_file(path, out, diag);
    vnr_content *doc = NULL;
    vnr_status st = vnr_content_load(path, opts, &doc, diag);
    return st == VNR_OK ? vnr_input_open_content(doc, out, diag) : st;
}
