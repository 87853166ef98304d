/* sink.h - the inside of an audio sink: a small function table shared by the file and playback
 * sinks (sink_file.c, sink_playback.c). Not part of the public API. */
#ifndef VNR_SINK_H
#define VNR_SINK_H

#include "core/util.h"

#include <stdatomic.h>

typedef enum vnr_sink_command {
    VNR_SINK_PAUSE,
    VNR_SINK_RESUME,
    VNR_SINK_STOP,
    VNR_SINK_RESTART,
} vnr_sink_command;

typedef struct vnr_sink_ops {
    /* Deliver n samples; called only while the sink is healthy and unfinished. */
    vnr_status (*write)(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag);
    /* Complete the output (drain, rename into place); called at most once. */
    vnr_status (*finish)(vnr_sink *sink, vnr_diag *diag);
    /* Release everything; must undo an unfinished output (remove a temporary file). */
    void (*free)(vnr_sink *sink);
} vnr_sink_ops;

/* What only live playback sinks have (sink_playback.c); NULL in the others. */
typedef struct vnr_sink_live_ops {
    /* Pause, resume, stop or restart the device side. Pause, resume and stop are atomic stores
     * only: callable from any thread and from a signal handler. */
    void (*control)(vnr_sink *sink, vnr_sink_command command);
    /* Samples the device has consumed (played, or dropped by a stop or restart). */
    uint64_t (*position)(const vnr_sink *sink);
    /* Samples written and not yet consumed. */
    size_t (*queued)(const vnr_sink *sink);
} vnr_sink_live_ops;

/* The first member of every concrete sink. */
struct vnr_sink {
    const vnr_sink_ops *ops;
    const vnr_sink_live_ops *live; /* set after vnr_sink_init by live playback sinks */
    bool finished;
    vnr_status error; /* the first failure: later writes repeat it instead of trying again */
    vnr_diag error_diag;
    /* vnr_sink_stop() was called (an atomic store: a signal handler may do it). A produced
     * file's loudness and writing passes check it every block and stop at once. */
    atomic_int stop;
};

void vnr_sink_init(vnr_sink *sink, const vnr_sink_ops *ops);

/* sink_file.c, for produced files (produce.c): a file sink at a bit depth (16, or 24 for WAV
 * and FLAC); samples as floats (full scale +-1.0, clipped, never wrapped); the bext chunk of a
 * WAV file written through libsndfile (set it before the first sample, and again with the same
 * coding history before finishing: libsndfile rewrites the header on close). */
vnr_status vnr_sink_file_open(const char *path, vnr_format format, int sample_rate, int bits,
                              vnr_sink **out, vnr_diag *diag);
vnr_status vnr_sink_file_write_float(vnr_sink *sink, const float *x, size_t n, vnr_diag *diag);
bool vnr_sink_file_takes_bext(const vnr_sink *sink);
/* A 24-bit WAV or FLAC file, and its samples given as 32-bit integers (the top 24 bits kept). */
bool vnr_sink_file_pcm24(const vnr_sink *sink);
vnr_status vnr_sink_file_write_pcm24(vnr_sink *sink, const int32_t *x, size_t n, vnr_diag *diag);
/* An MP3 file sink's encoder, when its stream is tagged (a regular file), else NULL; and the
 * join of a second encoder's stream (its bytes in fd, len of them) after this one's: the first
 * encoder is flushed, the bytes copied, and the tag written at vnr_sink_finish() covers both. */
struct vnr_mp3 *vnr_sink_file_mp3(vnr_sink *sink);
vnr_status vnr_sink_file_join_mp3(vnr_sink *sink, const struct vnr_mp3 *second, int fd,
                                  uint64_t len, vnr_diag *diag);
vnr_status vnr_sink_file_set_bext(vnr_sink *sink, const void *info, size_t size, vnr_diag *diag);

/* produce.c: a jingle mixed at the output rate. From input frame input_frame on, until
 * vnr_sink_mix_end(), the samples written are the jingle as the reader converted it; a produced
 * file at another rate replaces them with the file at path, converted straight to its own rate.
 * False (and nothing to do) for other sinks, or when the sink cannot open the file. */
bool vnr_sink_mix_begin(vnr_sink *sink, const char *path, uint64_t input_frame, vnr_diag *diag);
void vnr_sink_mix_end(vnr_sink *sink, uint64_t input_frame);

/* reader.c: the reader's sinks, for the mixing above. */
size_t vnr_reader_sink_count(const vnr_reader *reader);
vnr_sink *vnr_reader_sink_at(const vnr_reader *reader, size_t i);

#endif /* VNR_SINK_H */
