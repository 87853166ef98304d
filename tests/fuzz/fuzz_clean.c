/* fuzz_clean.c - vnr_text_clean and vnr_input over memory, on arbitrary bytes.
 * Invariants: NUL bytes (and only they) make vnr_text_clean refuse the text as binary; its
 * output is valid UTF-8, NUL-terminated, and drops no more bytes than it counts as invalid;
 * reading the same bytes line by line gives at most one line per '\n' (plus one), each free
 * of newlines, with line numbers counting up, and ends (or fails as binary) cleanly. */
#include "fuzz.h"

static void note_warning(void *user, const char *message)
{
    FUZZ_ASSERT(strstr(message, "invalid UTF-8") != NULL);
    ++*(size_t *)user;
}

static void check_clean(const char *text, size_t size)
{
    char *out = NULL;
    size_t out_len = 0, bad = 0;
    vnr_status st = vnr_text_clean(text, size, &out, &out_len, &bad, NULL);
    if (memchr(text, '\0', size)) {
        FUZZ_ASSERT(st == VNR_ERR_BINARY && out == NULL);
        return;
    }
    FUZZ_ASSERT(st == VNR_OK && out != NULL && out[out_len] == '\0');
    FUZZ_ASSERT(bad <= size);
    FUZZ_ASSERT(fuzz_valid_utf8(out, out_len));
    size_t ascii = 0;
    while (ascii < size && (unsigned char)text[ascii] < 0x80)
        ascii++;
    if (ascii == size) /* ASCII is NFC already: it comes back as it was */
        FUZZ_ASSERT(bad == 0 && out_len == size && memcmp(out, text, size) == 0);
    free(out);
}

static void check_input(const char *text, size_t size)
{
    vnr_input *in = NULL;
    if (vnr_input_open_text(text, size, "fuzz", &in, NULL) != VNR_OK)
        return;
    size_t warnings = 0, lines = 0, newlines = 0;
    for (size_t i = 0; i < size; i++)
        newlines += text[i] == '\n';
    vnr_input_set_warn(in, note_warning, &warnings);
    for (;;) {
        const char *line;
        size_t len;
        vnr_diag diag = {""};
        vnr_status st = vnr_input_next_line(in, &line, &len, &diag);
        if (st != VNR_OK) {
            FUZZ_ASSERT(st == VNR_ERR_BINARY && strncmp(diag.text, "fuzz:", 5) == 0);
            break;
        }
        if (!line)
            break;
        FUZZ_ASSERT(++lines <= newlines + 1);
        FUZZ_ASSERT(vnr_input_line_number(in) == (long)lines);
        FUZZ_ASSERT(line[len] == '\0' && memchr(line, '\n', len) == NULL);
        FUZZ_ASSERT(fuzz_valid_utf8(line, len));
        FUZZ_ASSERT(vnr_input_offset(in) <= size);
    }
    FUZZ_ASSERT(warnings <= lines);
    vnr_input_free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    if (!text)
        return 0;
    check_clean(text, size);
    check_input(text, size);
    free(text);
    return 0;
}
