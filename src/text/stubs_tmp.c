#include "text/document.h"
vnr_status read_pdf(vnr_document *doc, const void *data, size_t len, vnr_diag *diag)
{
    (void)doc, (void)data, (void)len;
    return vnr_fail(diag, VNR_ERR_DOCUMENT, "todo");
}
