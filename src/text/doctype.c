/* doctype.c - what a file is, from its bytes first: a "report.txt" that is really a PDF is read
 * as a PDF, and a "bai-bao" saved without an extension is still read as a web page.
 *
 * PDF starts with "%PDF-"; EPUB and ODT are zips whose first entry, "mimetype", names them;
 * DOCX is a zip with a word/ folder; HTML starts with a tag such as <!DOCTYPE html> or <html>. */
#include "text/content.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool has_ext(const char *name, const char *ext)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    return dot && strcasecmp(dot + 1, ext) == 0 && !strchr(dot, '/');
}

static bool contains(const char *s, size_t n, const char *what)
{
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, what, k) == 0)
            return true;
    return false;
}

/* After a byte order mark, spaces and comments: does the text start with one of HTML's tags? */
static bool looks_like_html(const char *s, size_t n)
{
    static const char *const starts[] = {"<!doctype html", "<html",  "<head",    "<body",
                                         "<meta",          "<title", "<article", NULL};
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (int rounds = 0; rounds < 8 && i < n; rounds++) {
        while (i < n && strchr(" \t\r\n", s[i]))
            i++;
        if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) { /* a comment before the page */
            const char *end = NULL;
            for (size_t j = i + 4; j + 3 <= n && !end; j++)
                if (memcmp(s + j, "-->", 3) == 0)
                    end = s + j + 3;
            if (!end)
                return false;
            i = (size_t)(end - s);
            continue;
        }
        if (i + 5 <= n && memcmp(s + i, "<?xml", 5) == 0) { /* XHTML */
            const char *end = memchr(s + i, '>', n - i);
            if (!end)
                return false;
            i = (size_t)(end - s) + 1;
            continue;
        }
        for (size_t k = 0; starts[k]; k++) {
            size_t len = strlen(starts[k]);
            if (i + len <= n && strncasecmp(s + i, starts[k], len) == 0)
                return true;
        }
        return false;
    }
    return false;
}

/* A zip's stored "mimetype" first entry (EPUB, ODF): the name is at offset 30 of the first
 * local header, its uncompressed content right after. */
static vnr_doc_type zip_mimetype(const char *s, size_t n)
{
    if (n < 38 || memcmp(s + 30, "mimetype", 8) != 0)
        return VNR_DOC_AUTO;
    size_t name_len = (unsigned char)s[26] | (size_t)(unsigned char)s[27] << 8;
    size_t extra = (unsigned char)s[28] | (size_t)(unsigned char)s[29] << 8;
    size_t at = 30 + name_len + extra;
    static const char epub[] = "application/epub+zip";
    static const char odt[] = "application/vnd.oasis.opendocument.text";
    if (at + sizeof epub - 1 <= n && memcmp(s + at, epub, sizeof epub - 1) == 0)
        return VNR_DOC_EPUB;
    if (at + sizeof odt - 1 <= n && memcmp(s + at, odt, sizeof odt - 1) == 0 &&
        (at + sizeof odt - 1 == n || s[at + sizeof odt - 1] != '-')) /* not odt-template */
        return VNR_DOC_ODT;
    return VNR_DOC_AUTO;
}

vnr_doc_type vnr_doc_type_detect(const char *name, const void *head, size_t len)
{
    const char *s = head;
    size_t pdf_window = len < 1024 ? len : 1024; /* PDF allows junk before its header */
    if (contains(s, pdf_window, "%PDF-"))
        return VNR_DOC_PDF;
    if (len >= 4 && memcmp(s, "PK\x03\x04", 4) == 0) {
        vnr_doc_type t = zip_mimetype(s, len);
        if (t != VNR_DOC_AUTO)
            return t;
        if (contains(s, len, "word/"))
            return VNR_DOC_DOCX;
        static const char *const exts[] = {"epub", "docx", "odt"};
        static const vnr_doc_type types[] = {VNR_DOC_EPUB, VNR_DOC_DOCX, VNR_DOC_ODT};
        for (size_t i = 0; i < 3; i++)
            if (has_ext(name, exts[i]))
                return types[i];
        return VNR_DOC_AUTO; /* a zip: its entries decide (zip_sniff) */
    }
    if (len >= 8 && memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return VNR_DOC_AUTO; /* an OLE file: old .doc, or an encrypted .docx */
    if (looks_like_html(s, len) || has_ext(name, "html") || has_ext(name, "htm") ||
        has_ext(name, "xhtml"))
        return VNR_DOC_HTML;
    return VNR_DOC_TEXT;
}

vnr_doc_type vnr_doc_type_of_file(const char *path)
{
    if (!path || strcmp(path, "-") == 0)
        return VNR_DOC_TEXT;
    if (vnr_is_url(path))
        return VNR_DOC_HTML;
    /* Only a regular file is sniffed: the first bytes of a pipe or FIFO, once read, are gone
     * for the reader that opens it next; those go by their name. */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return vnr_doc_type_detect(path, "", 0);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return VNR_DOC_TEXT;
    char head[4096];
    size_t n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    return vnr_doc_type_detect(path, head, n);
}
