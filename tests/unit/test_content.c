/* test_content.c - content (content.c, extract.c) feeds the document model: a page's headings
 * become sections of vnr_document, and the blocks are what vnr_content_blocks lists. */
#include "test.h"
#include "vnreader.h"

#include <stdlib.h>

static const char page[] = "<html><head><meta property='og:title' content='Tin chính'></head>"
                           "<body><nav><a href='/'>Trang chủ</a></nav>"
                           "<article><h1>Tin chính</h1><p>Đoạn mở đầu của bài, đủ dài để "
                           "được tính điểm như một đoạn văn thật sự.</p><h2>Phần hai</h2>"
                           "<p>Câu một của phần hai. Câu hai của phần hai.</p></article>"
                           "</body></html>";

void test_content_blocks(void)
{
    vnr_content *c = NULL;
    vnr_diag d = {""};
    CHECK_INT(vnr_content_from_memory(page, sizeof page - 1, "tin.html", NULL, &c, &d), VNR_OK);
    if (!c)
        return;
    CHECK_INT(vnr_content_type(c), VNR_DOC_HTML);
    CHECK_INT(vnr_content_blocks(c), 4);
    const vnr_block *b = vnr_content_block(c, 2);
    CHECK(b && b->kind == VNR_BLOCK_HEADING && b->level == 2);
    CHECK_STR(b ? b->text : NULL, "Phần hai");
    CHECK(vnr_content_block(c, 4) == NULL);
    char *text = NULL;
    size_t len = 0;
    CHECK_INT(vnr_content_text(c, 1, &text, &len), VNR_OK);
    CHECK_STR(text, "# Tin chính\n\nĐoạn mở đầu của bài, đủ dài để được tính điểm như một đoạn "
                    "văn thật sự.\n\n## Phần hai\n\nCâu một của phần hai. Câu hai của phần hai.");
    free(text);
    vnr_content_free(c);
}

void test_content_sections(void)
{
    vnr_input *in = NULL;
    vnr_document *doc = NULL;
    vnr_diag d = {""};
    CHECK_INT(vnr_input_open_html_text(page, sizeof page - 1, "tin.html", &in, &d), VNR_OK);
    CHECK_INT(vnr_document_new(NULL, &doc, &d), VNR_OK);
    if (!in || !doc) {
        vnr_input_free(in);
        vnr_document_free(doc);
        return;
    }
    CHECK_INT(vnr_document_add_input(doc, in, &d), VNR_OK);
    CHECK_INT(vnr_document_sections(doc), 2);
    CHECK_INT(vnr_document_sentences(doc), 5);
    static const struct {
        int heading;
        long section;
    } want[] = {{1, 0}, {0, 0}, {2, 1}, {0, 1}, {0, 1}};
    for (size_t i = 0; i < 5; i++) {
        vnr_doc_sentence s;
        if (vnr_document_sentence(doc, i, &s, &d) != VNR_OK)
            continue;
        CHECK_INT(s.heading, want[i].heading);
        CHECK_INT(s.section, want[i].section);
    }
    CHECK_INT(vnr_document_section_start(doc, 1), 2);
    vnr_input_free(in);
    vnr_document_free(doc);
}

void test_content_errors(void)
{
    vnr_content *c = NULL;
    vnr_diag d = {""};
    static const char nav[] = "<html><body><nav><a href='/a'>Một</a></nav></body></html>";
    CHECK_INT(vnr_content_from_memory(nav, sizeof nav - 1, "nav.html", NULL, &c, &d),
              VNR_ERR_EMPTY);
    CHECK_STR(d.text, "nav.html: no article text found");
    CHECK(c == NULL);
    CHECK_INT(vnr_content_from_memory("PK\003\004xx", 6, "x.docx", NULL, &c, &d), VNR_ERR_DOCUMENT);
    CHECK_STR(d.text, "x.docx: not a valid zip archive (broken or truncated?)");
    CHECK_INT(vnr_doc_type_detect("a.bin", "%PDF-1.7\n", 9), VNR_DOC_PDF);
    CHECK_INT(vnr_doc_type_detect("a", "  <!DOCTYPE html><p>", 20), VNR_DOC_HTML);
    CHECK_INT(vnr_doc_type_detect("a.txt", "Xin chào", 9), VNR_DOC_TEXT);
    CHECK(vnr_is_url("https://vnexpress.net/") && !vnr_is_url("vnexpress.net"));
}
