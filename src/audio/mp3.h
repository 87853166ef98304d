/* mp3.h - MP3 files through LAME (libmp3lame), with the stream's Xing/LAME tag written by us.
 * Not part of the public API.
 *
 * Why not libsndfile's MP3 writer: it asks LAME for the tag of one encoder's stream, while a
 * produced file (produce.c) encodes the two halves of a long program on two cores at once and
 * joins them into one stream; the tag must then describe both halves (frame count, seek table,
 * end padding for gapless players, CRCs). The settings are LAME's defaults, as libsndfile uses
 * them: VBR (mtrh), quality 4, mono.
 *
 * Joining: an encoder given n samples makes vnr_mp3_frames_for(n) frames that decode, after the
 * fixed encoder and decoder delays, to those n samples and then padding. A second encoder
 * started at program frame frames_for(n) * VNR_MP3_FRAME_SAMPLES therefore lines up sample for
 * sample after the first; the samples between n and that frame are dropped, so the join must lie
 * in silence (produce.c finds it). */
#ifndef VNR_MP3_H
#define VNR_MP3_H

#include "core/util.h"

#define VNR_MP3_FRAME_SAMPLES 1152 /* MPEG-1 Layer III; MPEG-2 frames hold 576 */

typedef struct vnr_mp3 vnr_mp3;

/* Where encoded bytes go. */
typedef vnr_status (*vnr_bytes_fn)(void *user, const void *bytes, size_t n, vnr_diag *diag);

/* An encoder at rate Hz. tagged: the stream starts with a tag frame (a placeholder until
 * vnr_mp3_tag writes the real one over it); a stream that cannot be rewritten (a pipe) or the
 * second half of a joined stream has none. name is for messages. */
vnr_status vnr_mp3_new(int rate, bool tagged, const char *name, vnr_mp3 **out, vnr_diag *diag);
void vnr_mp3_free(vnr_mp3 *e);

/* Encode n samples (full scale +-1.0); the frames made go to fn. */
vnr_status vnr_mp3_encode(vnr_mp3 *e, const float *x, size_t n, vnr_bytes_fn fn, void *user,
                          vnr_diag *diag);
/* Encode what LAME still holds (the end padding); call once, after the last samples. */
vnr_status vnr_mp3_flush(vnr_mp3 *e, vnr_bytes_fn fn, void *user, vnr_diag *diag);

/* Samples in an encoder's frame at rate (1152, or 576 below 32 kHz). */
int vnr_mp3_frame_samples(int rate);
/* The audio frames (the tag frame not counted) an encoder at rate makes of n samples; 0 when
 * this LAME's framing is not the one verified here (then streams must not be joined). */
uint64_t vnr_mp3_frames_for(int rate, uint64_t n);

/* Append what `second` encoded to `first`'s stream: its frames, samples and CRC, as its bytes
 * are copied after first's (give them to vnr_mp3_join_bytes in order). */
void vnr_mp3_join(vnr_mp3 *first, const vnr_mp3 *second);
void vnr_mp3_join_bytes(vnr_mp3 *first, const void *bytes, size_t n);

/* The tag frame for the whole stream into buf (size bytes, at least vnr_mp3_tag_size()).
 * Fails (VNR_ERR_FORMAT) if the encoder was not tagged or LAME's tag is not the layout known. */
size_t vnr_mp3_tag_size(const vnr_mp3 *e);
vnr_status vnr_mp3_tag(vnr_mp3 *e, unsigned char *buf, size_t size, vnr_diag *diag);

/* CRC-16 as the LAME tag uses it (polynomial 0x8005, reflected, starting from crc). */
uint16_t vnr_mp3_crc16(uint16_t crc, const void *bytes, size_t n);

#endif /* VNR_MP3_H */
