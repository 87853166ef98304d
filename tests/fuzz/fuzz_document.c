/* fuzz_document.c - any bytes as a document whose type is found by content: EPUB, DOCX and ODT
 * (libzip + libxml2), PDF (poppler), HTML or text. Invariants: the load succeeds with blocks of
 * valid UTF-8, or fails with one of the documented statuses and a message that names the file;
 * nothing is printed. The same bytes as a .docx, .epub and .odt by name are tried too. */
#include "fuzz.h"

static void run(const char *data, size_t size, const char *name)
{
    vnr_content *c = NULL;
    vnr_diag diag = {""};
    vnr_status st = vnr_content_from_memory(data, size, name, NULL, &c, &diag);
    if (st != VNR_OK) {
        FUZZ_ASSERT(c == NULL);
        FUZZ_ASSERT(st == VNR_ERR_EMPTY || st == VNR_ERR_DOCUMENT || st == VNR_ERR_BINARY ||
                    st == VNR_ERR_INVALID);
        FUZZ_ASSERT(strncmp(diag.text, name, strlen(name)) == 0 && diag.text[strlen(name)] == ':');
        return;
    }
    FUZZ_ASSERT(c != NULL && vnr_content_blocks(c) > 0);
    for (size_t i = 0; i < vnr_content_blocks(c); i++) {
        const vnr_block *b = vnr_content_block(c, i);
        FUZZ_ASSERT(b->len > 0 && fuzz_valid_utf8(b->text, b->len));
    }
    vnr_content_free(c);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run((const char *)data, size, "fuzz");
    if (size >= 4 && memcmp(data, "PK\003\004", 4) == 0) {
        run((const char *)data, size, "fuzz.docx");
        run((const char *)data, size, "fuzz.epub");
        run((const char *)data, size, "fuzz.odt");
    }
    return 0;
}
