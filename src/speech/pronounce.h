/* pronounce.h - the pronunciation layer between the normalizer and eSpeak NG (internal).
 *
 * A Vietnamese syllable is cut into its parts (onset, glide, nucleus, coda, tone) by the
 * inventory of voices/vi/pronunciation/syllables.tsv; a voice's table
 * (voices/vi/pronunciation/north.tsv ...) says which syllables eSpeak NG misreads and how to say
 * them: those become eSpeak phoneme input
 * "[[kw'o#3k]]" ("quốc"), the rest stays text. The text is for espeak_Synth with espeakPHONEMES,
 * so a "[[" written by the user is split ("[ [") and is never taken as phonemes. */
#ifndef VNR_PRONOUNCE_H
#define VNR_PRONOUNCE_H

#include "core/util.h"

#include <stdint.h>

typedef struct vnr_pron vnr_pron;

/* A written syllable in parts; strings are lowercase NFC without the tone mark. */
typedef struct vnr_syllable {
    char onset[24];   /* "qu", "ngh", "" */
    char rime[24];    /* as written after the onset: "ôc" in "quốc", "oa" in "hoạ" */
    char glide[4];    /* "w" or "" */
    char nucleus[12]; /* "ô", "iê", "oo" */
    char coda[4];     /* "c", "ng", "u", "" */
    int tone;         /* VNR_TONE_* */
} vnr_syllable;

enum { VNR_TONE_NGANG, VNR_TONE_HUYEN, VNR_TONE_SAC, VNR_TONE_HOI, VNR_TONE_NGA, VNR_TONE_NANG };

/* Load a table and the syllables.tsv beside it. Errors name the file and line. */
vnr_status vnr_pron_load(const char *path, vnr_pron **out, vnr_diag *diag);
void vnr_pron_free(vnr_pron *pron);

/* Cut one written word (any case, NFC) into a syllable; false if it is not one. */
bool vnr_pron_parse(const vnr_pron *pron, const char *word, size_t len, vnr_syllable *out);

/* Where each byte of a rewritten text came from, so eSpeak NG's word events (positions in the
 * rewritten text) can be reported in the caller's text: out byte i comes from the input bytes
 * [from[i], to[i]). */
typedef struct vnr_pron_map {
    uint32_t *from, *to;
    size_t cap;
} vnr_pron_map;

void vnr_pron_map_free(vnr_pron_map *map);

/* Rewrite text for espeak_Synth with espeakPHONEMES into out (cleared first). pron may be NULL:
 * then only the user's "[[" is neutralised. map may be NULL. False when out of memory. */
bool vnr_pron_rewrite(const vnr_pron *pron, const char *text, size_t len, vnr_buf *out,
                      vnr_pron_map *map);

#endif /* VNR_PRONOUNCE_H */
