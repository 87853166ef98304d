/* earcon.c - the short sounds of --earcons, synthesized here rather than read from files: they
 * must be at the reader's own rate (22050 Hz for every eSpeak NG voice), so no resampling, no
 * file to install or lose, and a listener hears the same tick through a pipe as on the device.
 *
 * Each note is a sine under a raised-cosine (Hann) window: it starts and ends at zero with a zero
 * slope, so there is no click, and 40 ms is still heard as a tick, not a tone. The peak is
 * -20 dBFS: eSpeak NG's voice peaks near -3 dBFS, so the tick sits well under "Hà Nội" and does
 * not startle at a volume set for speech. A short silence after the sound keeps it apart from
 * the first word of the paragraph. */
#include "speech/earcon.h"

#include <math.h>
#include <stdlib.h>

#define PEAK 0.1 /* -20 dBFS */
#define PI 3.14159265358979323846
#define MAX_NOTES 2

typedef struct note {
    double hz;
    int ms;
} note;

/* Notes one after the other (gap_ms of silence between them), then after_ms of silence. */
typedef struct shape {
    note notes[MAX_NOTES];
    int n_notes, gap_ms, after_ms;
} shape;

/* The paragraph tick is one high soft note; a heading's is two quick rising notes, heard as
 * "something new begins"; the end is two falling notes (A5 then D5), the cadence of "that's
 * all", before "hết bài". */
static const shape shapes[] = {
    [VNR_EARCON_PARAGRAPH] = {{{1046.5, 40}}, 1, 0, 80},
    [VNR_EARCON_SECTION] = {{{784.0, 30}, {1174.7, 30}}, 2, 0, 80},
    [VNR_EARCON_END] = {{{880.0, 110}, {587.3, 110}}, 2, 30, 100},
};

static const shape *shape_of(vnr_earcon which)
{
    return (int)which >= 0 && (size_t)which < sizeof shapes / sizeof shapes[0] ? &shapes[which]
                                                                               : NULL;
}

static size_t frames(int rate, int ms)
{
    return (size_t)((int64_t)rate * ms / 1000);
}

size_t vnr_earcon_length(vnr_earcon which, int sample_rate)
{
    const shape *s = shape_of(which);
    if (!s || sample_rate <= 0)
        return 0;
    size_t n = frames(sample_rate, s->after_ms) + frames(sample_rate, s->gap_ms) * (s->n_notes - 1);
    for (int i = 0; i < s->n_notes; i++)
        n += frames(sample_rate, s->notes[i].ms);
    return n;
}

/* One note into out[0..n): sine times a Hann window over the whole note. */
static void render_note(const note *nt, int rate, int16_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double window = 0.5 - 0.5 * cos(2.0 * PI * (double)i / (double)(n - 1));
        double v = PEAK * window * sin(2.0 * PI * nt->hz * (double)i / rate);
        out[i] = (int16_t)lrint(v * 32767.0);
    }
}

int16_t *vnr_earcon_render(vnr_earcon which, int rate, size_t *n)
{
    *n = vnr_earcon_length(which, rate);
    const shape *s = shape_of(which);
    int16_t *out = *n ? calloc(*n, sizeof *out) : NULL; /* calloc: the gaps are silence */
    if (!out)
        return NULL;
    size_t at = 0;
    for (int i = 0; i < s->n_notes; i++) {
        size_t len = frames(rate, s->notes[i].ms);
        render_note(&s->notes[i], rate, out + at, len);
        at += len + frames(rate, s->gap_ms);
    }
    return out;
}
