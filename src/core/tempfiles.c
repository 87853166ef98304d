/* tempfiles.c - the temporary files the library has on disk right now, so that a program killed
 * by a second Ctrl-C (or a supervisor's SIGTERM followed by SIGKILL-like haste) can remove them
 * from its signal handler before it dies, and the process-wide "stop" request that makes every
 * long pass (loudness, encoding) end without renaming anything into place.
 *
 * A signal handler may only call async-signal-safe functions: no malloc, no locks. So the names
 * live in a fixed table of slots, each claimed with an atomic compare-and-swap, filled, then
 * published; the handler walks the table and unlink()s every published name. mkstemp() writes
 * the name straight into the slot, so there is no moment when the file exists and its name is
 * not known: "báo cáo.wav" being written as ".báo cáo.wav.a8Kx2Q" is removable from the instant
 * open() creates it. */
#include "vnreader.h"

#include <errno.h>

#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A run writes one audio file per -o, a spool, captions and a transcript: 64 is ample (a
 * program with more still works; the extra files are just not removed by a signal). */
#define TEMP_SLOTS 64

enum { SLOT_FREE, SLOT_CLAIMED, SLOT_PUBLISHED };

static struct {
    atomic_int state;
    char path[PATH_MAX];
} slots[TEMP_SLOTS];

static atomic_int stop_requested;

static int claim_slot(void)
{
    for (int i = 0; i < TEMP_SLOTS; i++) {
        int expected = SLOT_FREE;
        if (atomic_compare_exchange_strong(&slots[i].state, &expected, SLOT_CLAIMED))
            return i;
    }
    return -1;
}

int vnr_temp_mkstemp(char *template_path, int *slot)
{
    *slot = -1;
    size_t len = strlen(template_path);
    int i = len < PATH_MAX ? claim_slot() : -1;
    if (i < 0)
        return mkstemp(template_path); /* not removable by a signal, but still correct */
    memcpy(slots[i].path, template_path, len + 1);
    atomic_store(&slots[i].state, SLOT_PUBLISHED);
    int fd = mkstemp(slots[i].path);
    if (fd < 0) {
        int err = errno;
        vnr_temp_forget(i);
        errno = err;
        return -1;
    }
    memcpy(template_path, slots[i].path, len + 1);
    *slot = i;
    return fd;
}

void vnr_temp_forget(int slot)
{
    if (slot >= 0 && slot < TEMP_SLOTS)
        atomic_store(&slots[slot].state, SLOT_FREE);
}

void vnr_temp_remove_all(void)
{
    int saved = errno;
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (atomic_load(&slots[i].state) == SLOT_PUBLISHED)
            unlink(slots[i].path);
    errno = saved;
}

void vnr_stop_all(void)
{
    atomic_store(&stop_requested, 1);
}

int vnr_stop_all_requested(void)
{
    return atomic_load(&stop_requested);
}
