/* zipdoc.c - the zip container of .epub, .docx and .odt files, through libzip, from memory.
 *
 * An entry is read only up to a size limit, whatever its header claims: a 40 KB zip may inflate
 * to gigabytes (a "zip bomb"). Encrypted entries are refused by name. */
#include "text/zipdoc.h"

#include <stdlib.h>
#include <string.h>

vnr_status zipdoc_open(const void *data, size_t len, zip_t **out, vnr_diag *diag)
{
    zip_error_t err;
    zip_error_init(&err);
    *out = NULL;
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
    if (!z) {
        if (src)
            zip_source_free(src);
        zip_error_fini(&err);
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "not a valid zip archive (broken or truncated?)");
    }
    zip_error_fini(&err);
    *out = z;
    return VNR_OK;
}

bool zipdoc_has(zip_t *z, const char *name)
{
    return zip_name_locate(z, name, 0) >= 0;
}

vnr_status zipdoc_read(zip_t *z, const char *name, vnr_buf *out, vnr_diag *diag)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0)
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "%s is missing", name);
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "encrypted (password protected): %s", name);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > ZIPDOC_MAX_ENTRY)
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "%s is larger than %u MB", name,
                        ZIPDOC_MAX_ENTRY >> 20);
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f)
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "%s cannot be read: %s", name, zip_strerror(z));
    char chunk[65536];
    zip_int64_t n;
    vnr_status status = VNR_OK;
    while ((n = zip_fread(f, chunk, sizeof chunk)) > 0) {
        if (out->len + (size_t)n > ZIPDOC_MAX_ENTRY) {
            status = vnr_fail(diag, VNR_ERR_DOCUMENT, "%s is larger than %u MB", name,
                              ZIPDOC_MAX_ENTRY >> 20);
            break;
        }
        vnr_buf_append(out, chunk, (size_t)n);
    }
    if (status == VNR_OK && n < 0)
        status = vnr_fail(diag, VNR_ERR_DOCUMENT, "%s is damaged: %s", name,
                          zip_error_strerror(zip_file_get_error(f)));
    zip_fclose(f);
    if (status == VNR_OK && out->failed)
        status = vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    return status;
}

vnr_status zipdoc_xml(zip_t *z, const char *name, xmlDoc **out, vnr_diag *diag)
{
    vnr_buf b;
    vnr_buf_init(&b);
    *out = NULL;
    vnr_status st = zipdoc_read(z, name, &b, diag);
    if (st == VNR_OK) {
        *out = content_parse_xml(b.data ? b.data : "", b.len);
        if (!*out || !xmlDocGetRootElement(*out)) {
            xmlFreeDoc(*out);
            *out = NULL;
            st = vnr_fail(diag, VNR_ERR_DOCUMENT, "%s is not valid XML", name);
        }
    }
    vnr_buf_free(&b);
    return st;
}

vnr_doc_type zipdoc_sniff(const void *data, size_t len)
{
    zip_t *z = NULL;
    if (zipdoc_open(data, len, &z, NULL) != VNR_OK)
        return VNR_DOC_AUTO;
    vnr_doc_type t = VNR_DOC_AUTO;
    vnr_buf mime;
    vnr_buf_init(&mime);
    if (zipdoc_has(z, "mimetype") && zipdoc_read(z, "mimetype", &mime, NULL) == VNR_OK &&
        mime.data) {
        if (strncmp(mime.data, "application/epub+zip", 20) == 0)
            t = VNR_DOC_EPUB;
        else if (strcmp(mime.data, "application/vnd.oasis.opendocument.text") == 0)
            t = VNR_DOC_ODT;
    }
    vnr_buf_free(&mime);
    if (t == VNR_DOC_AUTO && zipdoc_has(z, "word/document.xml"))
        t = VNR_DOC_DOCX;
    else if (t == VNR_DOC_AUTO && zipdoc_has(z, "META-INF/container.xml"))
        t = VNR_DOC_EPUB;
    zip_discard(z);
    return t;
}
