/* fuzz_voice.c - vnr_voice_load on arbitrary bytes written to a .voice file.
 * Invariants: a successful load gives NUL-terminated strings and numbers inside their
 * documented ranges; a failed one leaves the caller's profile untouched and says why. */
#include "fuzz.h"

static void count_warning(void *user, const char *message)
{
    FUZZ_ASSERT(message != NULL && strlen(message) < 512);
    ++*(size_t *)user;
}

static int terminated(const char *s, size_t size)
{
    return memchr(s, '\0', size) != NULL;
}

static void check_ranges(const vnr_voice *v)
{
    FUZZ_ASSERT(terminated(v->name, sizeof v->name));
    FUZZ_ASSERT(terminated(v->description, sizeof v->description));
    FUZZ_ASSERT(terminated(v->espeak_voice, sizeof v->espeak_voice));
    FUZZ_ASSERT(terminated(v->numbers.thousand, sizeof v->numbers.thousand));
    FUZZ_ASSERT(terminated(v->numbers.zero_tens, sizeof v->numbers.zero_tens));
    FUZZ_ASSERT(terminated(v->numbers.four, sizeof v->numbers.four));
    FUZZ_ASSERT(v->rate >= 80 && v->rate <= 900);
    FUZZ_ASSERT(v->pitch >= 0 && v->pitch <= 100);
    FUZZ_ASSERT(v->volume >= 0 && v->volume <= 200);
    FUZZ_ASSERT(v->sentence_pause_ms >= 0 && v->sentence_pause_ms <= 10000);
    FUZZ_ASSERT(v->paragraph_pause_ms >= 0 && v->paragraph_pause_ms <= 10000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_scratch(".voice", data, size);
    vnr_voice v, before;
    memset(&v, 0xA5, sizeof v);
    before = v;
    vnr_diag diag = {""};
    size_t warnings = 0;
    vnr_status st = vnr_voice_load(path, NULL, &v, count_warning, &warnings, &diag);
    if (st == VNR_OK) {
        check_ranges(&v);
    } else {
        FUZZ_ASSERT(memcmp(&v, &before, sizeof v) == 0);
        FUZZ_ASSERT(terminated(diag.text, sizeof diag.text) && diag.text[0] != '\0');
    }
    return 0;
}
