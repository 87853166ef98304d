/* fuzz_sd.c - what speech-dispatcher (or a client through it) sends sd_vnreader: the bytes are
 * a protocol stream read the module's way (sd_in_line, sd_in_block), and every data block is
 * parsed as SSML (sd_ssml_parse).
 * Invariants: a line never exceeds SD_MAX_LINE_BYTES and holds no '\n'; a block stays under its
 * cap; every mark name and text piece is NUL-terminated, and a mark name (echoed to the server
 * in a 700 event) holds no control character, so no input forges a protocol line. */
#include "fuzz.h"
#include "sd/sd.h"

static void check_message(const sd_message *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const char *t = m->items[i].text;
        FUZZ_ASSERT(t != NULL);
        if (!m->items[i].is_mark)
            continue;
        for (const unsigned char *p = (const unsigned char *)t; *p; p++)
            FUZZ_ASSERT(*p >= 0x20 && *p != 0x7f);
    }
}

static void parse_block(const char *data, size_t len)
{
    sd_message m;
    memset(&m, 0, sizeof m);
    if (sd_ssml_parse(data, len, &m))
        check_message(&m);
    sd_message_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The whole input is also one SPEAK block, as the server would pass a message. */
    parse_block((const char *)data, size);
    char *copy = malloc(size + 1); /* fmemopen wants a writable buffer */
    FILE *f = copy && size ? fmemopen(memcpy(copy, data, size), size, "rb") : NULL;
    if (!f) {
        free(copy);
        return 0;
    }
    sd_in in = {f, NULL, 0, 0, false};
    const size_t cap = 4096; /* a small block cap, so the "too long" path is reached */
    while (sd_in_line(&in)) {
        FUZZ_ASSERT(in.len <= SD_MAX_LINE_BYTES && memchr(in.line, '\n', in.len) == NULL);
        if (strcmp(in.line, "SPEAK") != 0)
            continue;
        size_t len, lines;
        bool eof, too_long;
        char *block = sd_in_block(&in, cap, &len, &lines, &eof, &too_long);
        FUZZ_ASSERT(!block || len < cap);
        if (block)
            parse_block(block, len);
        free(block);
        if (eof)
            break;
    }
    sd_in_free(&in);
    fclose(f);
    free(copy);
    return 0;
}
