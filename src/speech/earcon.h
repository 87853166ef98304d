/* earcon.h - the sounds of vnr_reader_set_earcons, made at the reader's rate (earcon.c). */
#ifndef VNR_SPEECH_EARCON_H
#define VNR_SPEECH_EARCON_H

#include "vnreader.h"

#include <stdint.h>

/* The earcon's samples, vnr_earcon_length(which, rate) of them, in a new buffer (caller frees);
 * NULL for an unknown earcon or out of memory. */
int16_t *vnr_earcon_render(vnr_earcon which, int rate, size_t *n);

#endif /* VNR_SPEECH_EARCON_H */
