/* sink.c - what every audio sink shares: the write/finish/free dispatch, sticky errors, and the
 * names and file extensions of the output formats. */
#include "audio/sink.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    vnr_format format;
    const char *name;
    const char *extensions; /* space-separated, lowercase */
} formats[] = {
    {VNR_FORMAT_WAV, "wav", "wav wave"},    {VNR_FORMAT_FLAC, "flac", "flac"},
    {VNR_FORMAT_OGG, "ogg", "ogg oga"},     {VNR_FORMAT_MP3, "mp3", "mp3"},
    {VNR_FORMAT_RAW, "raw", "raw pcm s16"}, {VNR_FORMAT_OPUS, "opus", "opus"},
};

#define N_FORMATS (sizeof formats / sizeof formats[0])

vnr_format vnr_format_from_name(const char *name)
{
    for (size_t i = 0; name && i < N_FORMATS; i++)
        if (strcasecmp(name, formats[i].name) == 0)
            return formats[i].format;
    return VNR_FORMAT_AUTO;
}

/* True when word (n bytes) is one of the space-separated words of list, ignoring case. */
static bool in_list(const char *list, const char *word, size_t n)
{
    while (*list) {
        size_t len = strcspn(list, " ");
        if (len == n && strncasecmp(list, word, n) == 0)
            return true;
        list += len;
        list += *list == ' ';
    }
    return false;
}

vnr_format vnr_format_from_path(const char *path)
{
    const char *base = path ? strrchr(path, '/') : NULL;
    base = base ? base + 1 : path;
    const char *dot = base ? strrchr(base, '.') : NULL;
    if (!dot || dot == base)
        return VNR_FORMAT_AUTO;
    for (size_t i = 0; i < N_FORMATS; i++)
        if (in_list(formats[i].extensions, dot + 1, strlen(dot + 1)))
            return formats[i].format;
    return VNR_FORMAT_AUTO;
}

const char *vnr_format_name(vnr_format format)
{
    for (size_t i = 0; i < N_FORMATS; i++)
        if (formats[i].format == format)
            return formats[i].name;
    return "auto";
}

void vnr_sink_init(vnr_sink *sink, const vnr_sink_ops *ops)
{
    memset(sink, 0, sizeof *sink);
    sink->ops = ops;
}

/* Remember the first failure so that every later call reports the same cause. */
static vnr_status sink_failed(vnr_sink *sink, vnr_status st, vnr_diag *diag)
{
    if (st != VNR_OK && sink->error == VNR_OK) {
        sink->error = st;
        sink->error_diag = diag ? *diag : (vnr_diag){"audio output failed"};
    }
    return st;
}

static vnr_status repeat_error(const vnr_sink *sink, vnr_diag *diag)
{
    if (diag)
        *diag = sink->error_diag;
    return sink->error;
}

vnr_status vnr_sink_write(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag)
{
    if (!sink || sink->finished)
        return vnr_fail(diag, VNR_ERR_INVALID, "write to a finished audio output");
    if (sink->error != VNR_OK)
        return repeat_error(sink, diag);
    if (n == 0)
        return VNR_OK;
    vnr_diag local = {{0}};
    vnr_diag *d = diag ? diag : &local;
    return sink_failed(sink, sink->ops->write(sink, samples, n, d), d);
}

vnr_status vnr_sink_finish(vnr_sink *sink, vnr_diag *diag)
{
    if (!sink || sink->finished)
        return vnr_fail(diag, VNR_ERR_INVALID, "audio output already finished");
    if (sink->error != VNR_OK)
        return repeat_error(sink, diag);
    vnr_diag local = {{0}};
    vnr_diag *d = diag ? diag : &local;
    vnr_status st = sink->ops->finish(sink, d);
    sink->finished = true;
    return sink_failed(sink, st, d);
}

void vnr_sink_free(vnr_sink *sink)
{
    if (sink)
        sink->ops->free(sink);
}

/* --- Live playback control: only the playback sinks have it. -------------------------------- */

static void sink_control(vnr_sink *sink, vnr_sink_command command)
{
    if (sink && sink->live)
        sink->live->control(sink, command);
}

void vnr_sink_pause(vnr_sink *sink)
{
    sink_control(sink, VNR_SINK_PAUSE);
}

void vnr_sink_resume(vnr_sink *sink)
{
    sink_control(sink, VNR_SINK_RESUME);
}

void vnr_sink_stop(vnr_sink *sink)
{
    if (sink)
        atomic_store(&sink->stop, 1);
    sink_control(sink, VNR_SINK_STOP);
}

/* A stop is not a failure: writes may go on after a restart, in every kind of sink. */
void vnr_sink_restart(vnr_sink *sink)
{
    if (sink)
        atomic_store(&sink->stop, 0);
    if (sink && sink->error == VNR_ERR_STOPPED)
        sink->error = VNR_OK;
    sink_control(sink, VNR_SINK_RESTART);
}

uint64_t vnr_sink_position(const vnr_sink *sink)
{
    return sink && sink->live ? sink->live->position(sink) : 0;
}

size_t vnr_sink_queued(const vnr_sink *sink)
{
    return sink && sink->live ? sink->live->queued(sink) : 0;
}

/* --- The callback sink: samples handed to the caller (sd_vnreader sends them to its server). */

typedef struct callback_sink {
    vnr_sink base;
    vnr_audio_fn fn;
    void *user;
} callback_sink;

static vnr_status callback_write(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag)
{
    callback_sink *c = (callback_sink *)sink;
    if (c->fn(c->user, samples, n) != 0)
        return vnr_fail(diag, VNR_ERR_STOPPED, "stopped");
    return VNR_OK;
}

static vnr_status callback_finish(vnr_sink *sink, vnr_diag *diag)
{
    (void)sink, (void)diag;
    return VNR_OK;
}

static void callback_free(vnr_sink *sink)
{
    free(sink);
}

static const vnr_sink_ops callback_ops = {callback_write, callback_finish, callback_free};

vnr_status vnr_sink_callback_new(vnr_audio_fn fn, void *user, vnr_sink **out, vnr_diag *diag)
{
    *out = NULL;
    if (!fn)
        return vnr_fail(diag, VNR_ERR_INVALID, "no callback for the audio");
    callback_sink *c = malloc(sizeof *c);
    if (!c)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    vnr_sink_init(&c->base, &callback_ops);
    c->fn = fn;
    c->user = user;
    *out = &c->base;
    return VNR_OK;
}
