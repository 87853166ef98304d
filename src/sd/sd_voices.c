/* sd_voices.c - the vnreader voices offered to speech-dispatcher. */
#include "sd.h"

#include <string.h>

const char *const sd_voice_names[] = {"north", "central", "south", NULL};

bool sd_voice_load(const char *name, const char *data_dir, vnr_voice *out)
{
    const char *dir = data_dir && data_dir[0] ? data_dir : vnr_data_dir();
    /* Only plain names: a SET synthesis_voice must not open arbitrary files. */
    if (!name[0] || strchr(name, '/') || strstr(name, ".voice"))
        return false;
    return vnr_voice_load(name, dir, out, NULL, NULL, NULL) == VNR_OK;
}
