/* fuzz_html.c - a web page's article (extract.c over libxml2's HTML parser) from arbitrary bytes,
 * with and without captions. Invariants: the extraction succeeds, finds nothing (VNR_ERR_EMPTY,
 * "no article text found"), or refuses NUL bytes; blocks are non-empty valid UTF-8 without NUL,
 * headings of level 1..6, paragraphs of level 0; the text with heading marks has exactly the
 * lines of the text without them; an input over the content gives those lines, with a heading
 * level only on heading lines. */
#include "fuzz.h"

static void check_blocks(const vnr_content *c)
{
    size_t n = vnr_content_blocks(c);
    FUZZ_ASSERT(n > 0);
    for (size_t i = 0; i < n; i++) {
        const vnr_block *b = vnr_content_block(c, i);
        FUZZ_ASSERT(b && b->text && b->len > 0 && b->text[b->len] == '\0');
        FUZZ_ASSERT(fuzz_valid_utf8(b->text, b->len));
        FUZZ_ASSERT(b->kind == VNR_BLOCK_HEADING ? b->level >= 1 && b->level <= 6 : b->level == 0);
        FUZZ_ASSERT(b->text[0] != '\n' && b->text[b->len - 1] != '\n' && !strstr(b->text, "\n\n"));
    }
    FUZZ_ASSERT(vnr_content_block(c, n) == NULL);
}

static size_t count_lines(const char *s, size_t n)
{
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n';
    return lines;
}

static void check_input(vnr_content *c, const char *plain, size_t plain_len)
{
    vnr_input *in = NULL;
    vnr_diag diag = {""};
    FUZZ_ASSERT(vnr_input_open_content(c, &in, &diag) == VNR_OK); /* takes c */
    size_t lines = 0, pos = 0;
    for (;;) {
        const char *line;
        size_t len;
        FUZZ_ASSERT(vnr_input_next_line(in, &line, &len, &diag) == VNR_OK);
        if (!line)
            break;
        lines++;
        FUZZ_ASSERT(pos + len <= plain_len && memcmp(plain + pos, line, len) == 0);
        pos += len + 1;
        int level = vnr_input_heading_level(in);
        FUZZ_ASSERT(level >= 0 && level <= 6 && (level == 0 || len > 0));
    }
    FUZZ_ASSERT(lines == count_lines(plain, plain_len));
    vnr_input_free(in);
}

static void run(const char *html, size_t size, int captions)
{
    vnr_content_options o;
    vnr_content_options_init(&o);
    o.type = VNR_DOC_HTML;
    o.captions = captions;
    vnr_content *c = NULL;
    vnr_diag diag = {""};
    vnr_status st = vnr_content_from_memory(html, size, "fuzz.html", &o, &c, &diag);
    if (memchr(html, '\0', size)) {
        FUZZ_ASSERT(st == VNR_ERR_BINARY && c == NULL);
        return;
    }
    if (st == VNR_ERR_EMPTY) {
        FUZZ_ASSERT(c == NULL && strcmp(diag.text, "fuzz.html: no article text found") == 0);
        return;
    }
    FUZZ_ASSERT(st == VNR_OK && c != NULL);
    check_blocks(c);
    char *plain = NULL, *marked = NULL;
    size_t plain_len = 0, marked_len = 0;
    FUZZ_ASSERT(vnr_content_text(c, 0, &plain, &plain_len) == VNR_OK);
    FUZZ_ASSERT(vnr_content_text(c, 1, &marked, &marked_len) == VNR_OK);
    FUZZ_ASSERT(fuzz_valid_utf8(plain, plain_len) && plain[plain_len] == '\0');
    FUZZ_ASSERT(count_lines(plain, plain_len) == count_lines(marked, marked_len));
    FUZZ_ASSERT(marked_len >= plain_len);
    check_input(c, plain, plain_len);
    free(plain);
    free(marked);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run((const char *)data, size, 0);
    run((const char *)data, size, 1);
    return 0;
}
