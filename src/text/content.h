/* content.h - the library's side of vnr_content: how the readers of each format (extract.c
 * for web pages, epub.c, office.c, pdf.c) add blocks, and the helpers they share. */
#ifndef VNR_TEXT_CONTENT_H
#define VNR_TEXT_CONTENT_H

#include "core/util.h"

#include <libxml/tree.h>

struct vnr_content {
    vnr_block *blocks;
    size_t n, cap;
    vnr_doc_type type;
    char name[1024];
};

vnr_status content_new(const char *name, vnr_doc_type type, vnr_content **out);
/* Add a block: runs of spaces (also &nbsp;) become one space, each line is trimmed, empty lines
 * go, the text is cleaned (valid UTF-8, NFC). Nothing is added for text without letters or
 * digits left. VNR_ERR_NOMEM or VNR_ERR_BINARY (a NUL byte) on failure. */
vnr_status content_add(vnr_content *doc, vnr_block_kind kind, int level, const char *text,
                       size_t len);

/* The readers of each format: they fill doc (already made with its name and type). */
vnr_status extract_html(vnr_content *doc, const char *html, size_t len, const char *charset,
                        const vnr_content_options *opts, vnr_diag *diag);
/* Every block of a page but scripts, forms and navigation, without scoring: a book chapter. */
vnr_status extract_html_all(vnr_content *doc, const char *html, size_t len, vnr_diag *diag);
vnr_status read_epub(vnr_content *doc, const void *data, size_t len,
                     const vnr_content_options *opts, vnr_diag *diag);
vnr_status read_docx(vnr_content *doc, const void *data, size_t len, vnr_diag *diag);
vnr_status read_odt(vnr_content *doc, const void *data, size_t len, vnr_diag *diag);
vnr_status read_pdf(vnr_content *doc, const void *data, size_t len, vnr_diag *diag);

/* A URL's body (fetch.c), with the charset its Content-Type names ("" if none). */
vnr_status fetch_url(const char *url, const vnr_content_options *opts, vnr_buf *body, char *charset,
                     size_t charset_cap, vnr_diag *diag);

/* XML parts (of .epub, .docx, .odt), parsed without network access, entities or DTDs. */
xmlDoc *content_parse_xml(const char *data, size_t len);
/* Does an element have this local name (whatever its namespace prefix)? */
bool xml_is(const xmlNode *n, const char *local_name);

/* Parse HTML with libxml2 (html.c): recovering, silent, no depth limit (HTML_PARSE_HUGE), the
 * charset given, else the one the page declares, else UTF-8. NULL only when out of memory. */
xmlDoc *html_parse(const char *html, size_t len, const char *charset);

#endif
