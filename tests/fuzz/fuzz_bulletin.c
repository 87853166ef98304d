/* fuzz_bulletin.c - vnr_bulletin_open on arbitrary bytes written to a bulletin file (the files
 * it names are looked up next to it, in the scratch folder: most do not exist).
 * Invariants: a successful load has a finite, non-negative gap; a failed one says why in a
 * NUL-terminated message that names the bulletin file, and returns no object. */
#include "fuzz.h"

#include <math.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write_scratch(".bulletin", data, size);
    vnr_bulletin *b = (vnr_bulletin *)&size; /* must be overwritten */
    vnr_diag diag = {""};
    vnr_status st = vnr_bulletin_open(path, &b, &diag);
    if (st == VNR_OK) {
        FUZZ_ASSERT(b != NULL);
        double gap = vnr_bulletin_gap_ms(b);
        FUZZ_ASSERT(isfinite(gap) && gap >= 0);
        (void)vnr_bulletin_items(b);
        vnr_bulletin_free(b);
    } else {
        FUZZ_ASSERT(b == NULL);
        FUZZ_ASSERT(memchr(diag.text, '\0', sizeof diag.text) != NULL);
        FUZZ_ASSERT(strstr(diag.text, "in.bulletin") != NULL);
    }
    return 0;
}
