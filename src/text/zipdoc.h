/* zipdoc.h - zip containers (.epub, .docx, .odt) from memory, for the document readers. */
#ifndef VNR_TEXT_ZIPDOC_H
#define VNR_TEXT_ZIPDOC_H

#include "text/content.h"

#include <zip.h>

/* No part of a document to read aloud is bigger than this once inflated. */
#define ZIPDOC_MAX_ENTRY (256u << 20)

/* data must outlive the archive; close it with zip_discard(). */
vnr_status zipdoc_open(const void *data, size_t len, zip_t **out, vnr_diag *diag);
bool zipdoc_has(zip_t *z, const char *name);
/* Append the inflated entry to out. */
vnr_status zipdoc_read(zip_t *z, const char *name, vnr_buf *out, vnr_diag *diag);
vnr_status zipdoc_xml(zip_t *z, const char *name, xmlDoc **out, vnr_diag *diag);
/* EPUB, DOCX or ODT from the entries (mimetype, word/document.xml, META-INF/container.xml);
 * VNR_DOC_AUTO for another zip or a broken one. */
vnr_doc_type zipdoc_sniff(const void *data, size_t len);

#endif
