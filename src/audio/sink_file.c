/* sink_file.c - audio files through libsndfile (WAV PCM 16/24, FLAC, Ogg Vorbis and Opus), MP3
 * through LAME (mp3.c) and raw PCM.
 *
 * A regular file is written to a temporary file in the same folder (".out.wav.XXXXXX") and
 * renamed over the destination only when complete, so a failure, a full disk or Ctrl-C never
 * leaves a partial file and never harms the previous one. Devices, FIFOs and stdout are written
 * in place: renaming over /dev/full as root would replace the device.
 *
 * libsndfile writes through virtual I/O over our own descriptor, for two reasons: its own
 * messages for a failed write are vague ("problem with initialization of the flac decoder" for
 * ENOSPC), while we keep errno; and stdout may hold other output before ours, so offsets are
 * counted from where we started. WAV cannot go to a pipe through libsndfile (it rewrites the
 * header), so a stream gets a header with an unknown length instead, as sox and espeak-ng do. */
/* realpath() is XSI; sync_file_range() is Linux's. */
#define _GNU_SOURCE

#include "audio/mp3.h"
#include "audio/sink.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct file_sink {
    vnr_sink base;
    char *name;   /* for messages: the path, or "stdout" */
    char *target; /* the path renamed over at the end; NULL when written in place */
    char *tmp;    /* the temporary file while it exists */
    int tmp_slot; /* its entry in the registry a signal handler empties (vnr_temp_mkstemp) */
    mode_t mode;  /* given to the file before it is renamed into place */
    int fd;
    vnr_format format;
    int rate;
    int bits;         /* 16, or 24 for WAV and FLAC */
    SNDFILE *sf;      /* NULL: raw PCM, a streamed WAV or MP3, written by us */
    vnr_mp3 *mp3;     /* MP3: the encoder */
    bool mp3_flushed; /* its last frames are out (the end, or a joined second half) */
    bool seekable;    /* a regular file we may seek in (not opened for appending) */
    bool header_done; /* streamed WAV: the header has been written */
    off_t start;      /* offset of our first byte in fd */
    sf_count_t pos;   /* bytes written or sought to, from start */
    int io_errno;     /* the first write error, for the message */
    uint32_t dither_state;
    sf_count_t kicked; /* bytes whose writing to disk has been started */
} file_sink;

#define KICK_BYTES (8 << 20)

/* Start writing a finished stretch of the temporary file to disk now, in the background, so
 * that the fsync() before the rename does not wait for a whole 48 kHz broadcast file (80 MB for
 * ten minutes) at the end. */
static void kick_writeback(file_sink *s)
{
#ifdef SYNC_FILE_RANGE_WRITE
    if (s->tmp && s->pos - s->kicked >= KICK_BYTES) {
        sync_file_range(s->fd, s->start + s->kicked, s->pos - s->kicked, SYNC_FILE_RANGE_WRITE);
        s->kicked = s->pos;
    }
#else
    (void)s;
#endif
}

/* --- Plain descriptor output. ------------------------------------------------------------------
 */

static bool write_all(file_sink *s, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0 && !s->io_errno) {
        ssize_t w = write(s->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            s->io_errno = w < 0 ? errno : EIO;
            break;
        }
        p += w;
        n -= (size_t)w;
        s->pos += w;
    }
    kick_writeback(s);
    return !s->io_errno;
}

static void put_le(unsigned char *p, uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* A WAV header whose sizes say "unknown" (0xFFFFFFFF): readers then read to the end. */
static bool write_stream_wav_header(file_sink *s)
{
    unsigned char h[44];
    memcpy(h, "RIFF", 4);
    put_le(h + 4, 0xFFFFFFFFu, 4);
    memcpy(h + 8, "WAVEfmt ", 8);
    put_le(h + 16, 16, 4);                    /* fmt chunk size */
    put_le(h + 20, 1, 2);                     /* PCM */
    put_le(h + 22, 1, 2);                     /* mono */
    put_le(h + 24, (uint32_t)s->rate, 4);     /* sample rate */
    put_le(h + 28, (uint32_t)s->rate * 2, 4); /* bytes per second */
    put_le(h + 32, 2, 2);                     /* bytes per frame */
    put_le(h + 34, 16, 2);                    /* bits per sample */
    memcpy(h + 36, "data", 4);
    put_le(h + 40, 0xFFFFFFFFu, 4);
    return write_all(s, h, sizeof h);
}

/* Samples as signed 16-bit little-endian, whatever the machine's byte order. */
static bool write_pcm16le(file_sink *s, const int16_t *samples, size_t n)
{
    unsigned char buf[8192];
    while (n > 0) {
        size_t chunk = n < sizeof buf / 2 ? n : sizeof buf / 2;
        for (size_t i = 0; i < chunk; i++)
            put_le(buf + 2 * i, (uint16_t)samples[i], 2);
        if (!write_all(s, buf, chunk * 2))
            return false;
        samples += chunk;
        n -= chunk;
    }
    return true;
}

/* --- libsndfile virtual I/O over fd. -----------------------------------------------------------
 */

static sf_count_t vio_tell(void *user)
{
    return ((file_sink *)user)->pos;
}

static sf_count_t vio_length(void *user)
{
    file_sink *s = user;
    struct stat st;
    if (s->seekable && fstat(s->fd, &st) == 0 && st.st_size >= s->start)
        return st.st_size - s->start;
    return s->pos;
}

static sf_count_t vio_seek(sf_count_t offset, int whence, void *user)
{
    file_sink *s = user;
    if (!s->seekable) {
        /* A stream can only "seek" to where it already is. */
        bool here = (whence == SEEK_CUR && offset == 0) || (whence == SEEK_SET && offset == s->pos);
        return here ? s->pos : -1;
    }
    off_t at = lseek(s->fd, whence == SEEK_SET ? s->start + offset : offset, whence);
    if (at < 0)
        return -1;
    s->pos = at - s->start;
    return s->pos;
}

static sf_count_t vio_read(void *ptr, sf_count_t count, void *user)
{
    file_sink *s = user;
    ssize_t r = s->seekable ? read(s->fd, ptr, (size_t)count) : -1;
    if (r <= 0)
        return 0;
    s->pos += r;
    return r;
}

static sf_count_t vio_write(const void *ptr, sf_count_t count, void *user)
{
    file_sink *s = user;
    sf_count_t before = s->pos;
    write_all(s, ptr, (size_t)count);
    return s->pos - before;
}

static int sndfile_format(vnr_format format, int bits)
{
    int pcm = bits == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_PCM_16;
    switch (format) {
    case VNR_FORMAT_WAV:
        return SF_FORMAT_WAV | pcm;
    case VNR_FORMAT_FLAC:
        return SF_FORMAT_FLAC | pcm;
    case VNR_FORMAT_OPUS:
        return SF_FORMAT_OGG | SF_FORMAT_OPUS;
    case VNR_FORMAT_OGG:
        return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
    case VNR_FORMAT_MP3:
        return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    default:
        return 0;
    }
}

/* The message for a failure: our errno when the disk said no, else libsndfile's words. */
static vnr_status io_error(file_sink *s, const char *what, vnr_diag *diag)
{
    if (s->io_errno)
        return vnr_fail(diag, VNR_ERR_IO, "%s: %s: %s", s->name, what, strerror(s->io_errno));
    return vnr_fail(diag, VNR_ERR_IO, "%s: %s: %s", s->name, what, sf_strerror(s->sf));
}

static vnr_status open_sndfile(file_sink *s, vnr_diag *diag)
{
    static SF_VIRTUAL_IO vio = {vio_length, vio_seek, vio_read, vio_write, vio_tell};
    SF_INFO info = {
        .samplerate = s->rate, .channels = 1, .format = sndfile_format(s->format, s->bits)};
    if (!sf_format_check(&info))
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: this libsndfile cannot write %s", s->name,
                        vnr_format_name(s->format));
    s->sf = sf_open_virtual(&vio, SFM_WRITE, &info, s);
    if (!s->sf && s->io_errno)
        return io_error(s, "cannot write", diag);
    if (!s->sf)
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: cannot write %s: %s", s->name,
                        vnr_format_name(s->format), sf_strerror(NULL));
    /* Floats above full scale (a resampler's overshoot) are clipped, not wrapped around. */
    sf_command(s->sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
    return VNR_OK;
}

/* --- The sink. ---------------------------------------------------------------------------------
 */

/* The MP3 encoder's frames, to the file. */
static vnr_status put_bytes(void *user, const void *bytes, size_t n, vnr_diag *diag)
{
    file_sink *s = user;
    return write_all(s, bytes, n) ? VNR_OK : io_error(s, "write failed", diag);
}

/* The last frames, then the tag frame over the placeholder at the start (a regular file only:
 * a pipe's stream has no tag, as LAME and libsndfile make it). */
static vnr_status finish_mp3(file_sink *s, vnr_diag *diag)
{
    vnr_status st = VNR_OK;
    if (!s->mp3_flushed) {
        s->mp3_flushed = true;
        st = vnr_mp3_flush(s->mp3, put_bytes, s, diag);
    }
    size_t size = vnr_mp3_tag_size(s->mp3);
    if (st != VNR_OK || size == 0)
        return st;
    unsigned char *tag = malloc(size);
    if (!tag)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    st = vnr_mp3_tag(s->mp3, tag, size, diag);
    if (st == VNR_OK && pwrite(s->fd, tag, size, s->start) != (ssize_t)size) {
        s->io_errno = errno ? errno : EIO;
        st = io_error(s, "write failed", diag);
    }
    free(tag);
    return st;
}

static vnr_status file_write(vnr_sink *sink, const int16_t *samples, size_t n, vnr_diag *diag)
{
    file_sink *s = (file_sink *)sink;
    if (vnr_stop_all_requested())
        return vnr_fail(diag, VNR_ERR_STOPPED, "%s: stopped", s->name);
    if (s->mp3) {
        float x[4096];
        while (n > 0) {
            size_t chunk = n < 4096 ? n : 4096;
            for (size_t i = 0; i < chunk; i++)
                x[i] = (float)samples[i] / 32768.0f;
            vnr_status st = vnr_mp3_encode(s->mp3, x, chunk, put_bytes, s, diag);
            if (st != VNR_OK)
                return st;
            samples += chunk;
            n -= chunk;
        }
        return VNR_OK;
    }
    if (s->sf) {
        sf_count_t w = sf_write_short(s->sf, samples, (sf_count_t)n);
        /* Encoders buffer, so a failed write can surface later: check errno every time. */
        if (w != (sf_count_t)n || s->io_errno)
            return io_error(s, "write failed", diag);
        return VNR_OK;
    }
    if (s->format == VNR_FORMAT_WAV && !s->header_done) {
        if (!write_stream_wav_header(s))
            return io_error(s, "write failed", diag);
        s->header_done = true;
    }
    if (!write_pcm16le(s, samples, n))
        return io_error(s, "write failed", diag);
    return VNR_OK;
}

static vnr_status close_fd(file_sink *s, vnr_diag *diag)
{
    int fd = s->fd;
    s->fd = -1;
    if (close(fd) != 0 && errno != EINTR) {
        s->io_errno = errno;
        return io_error(s, "write failed", diag);
    }
    return VNR_OK;
}

/* Make the temporary file durable, give it its final mode and rename it over the target. */
static vnr_status commit_tmp(file_sink *s, vnr_diag *diag)
{
    if (fsync(s->fd) != 0 && errno != EINVAL) {
        s->io_errno = errno;
        return io_error(s, "write failed", diag);
    }
    if (fchmod(s->fd, s->mode) != 0) {
        s->io_errno = errno;
        return io_error(s, "cannot set permissions", diag);
    }
    vnr_status st = close_fd(s, diag);
    if (st != VNR_OK)
        return st;
    /* Ctrl-C while the encoder was flushing: the old file stays, the temporary one goes. */
    if (vnr_stop_all_requested())
        return vnr_fail(diag, VNR_ERR_STOPPED, "%s: stopped", s->name);
    if (rename(s->tmp, s->target) != 0)
        return vnr_fail(diag, VNR_ERR_IO, "%s: cannot rename %s into place: %s", s->name, s->tmp,
                        strerror(errno));
    vnr_temp_forget(s->tmp_slot); /* after the rename: a signal in between unlinks nothing */
    free(s->tmp);
    s->tmp = NULL;
    return VNR_OK;
}

static vnr_status file_finish(vnr_sink *sink, vnr_diag *diag)
{
    file_sink *s = (file_sink *)sink;
    if (vnr_stop_all_requested())
        return vnr_fail(diag, VNR_ERR_STOPPED, "%s: stopped", s->name);
    if (s->mp3) {
        vnr_status st = finish_mp3(s, diag);
        if (st != VNR_OK)
            return st;
    } else if (s->sf) {
        int err = sf_close(s->sf);
        s->sf = NULL;
        if (err || s->io_errno) {
            if (!s->io_errno)
                return vnr_fail(diag, VNR_ERR_IO, "%s: write failed: %s", s->name,
                                sf_error_number(err));
            return io_error(s, "write failed", diag);
        }
    } else if (s->format == VNR_FORMAT_WAV && !s->header_done) {
        /* No audio at all: still a valid (empty) WAV file. */
        if (!write_stream_wav_header(s))
            return io_error(s, "write failed", diag);
    }
    return s->tmp ? commit_tmp(s, diag) : close_fd(s, diag);
}

static void file_free(vnr_sink *sink)
{
    file_sink *s = (file_sink *)sink;
    if (s->sf)
        sf_close(s->sf);
    vnr_mp3_free(s->mp3);
    if (s->fd >= 0)
        close(s->fd);
    if (s->tmp)
        unlink(s->tmp);
    vnr_temp_forget(s->tmp_slot);
    free(s->tmp);
    free(s->target);
    free(s->name);
    free(s);
}

static const vnr_sink_ops file_ops = {file_write, file_finish, file_free};

/* --- Opening the destination. ------------------------------------------------------------------
 */

/* "-", /dev/stdout, /dev/fd/N, /proc/self/fd/N: the descriptor the shell gave us, or -1. */
static int fd_alias(const char *path)
{
    static const char *const prefixes[] = {"/dev/fd/", "/proc/self/fd/"};
    if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
        return 1;
    if (strcmp(path, "/dev/stderr") == 0)
        return 2;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(path, prefixes[i], n) == 0 && path[n]) {
            char *end;
            long fd = strtol(path + n, &end, 10);
            if (!*end && fd >= 0 && fd < INT_MAX)
                return (int)fd;
        }
    }
    return -1;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    return p ? memcpy(p, s, n) : NULL;
}

/* The mode a new file gets (0666 less the umask), or the mode of the file it replaces.
 * umask() can only be read by setting it: harmless in the single-threaded CLI. */
static mode_t final_mode(const struct stat *old)
{
    if (old)
        return old->st_mode & 07777;
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

/* "out/x.wav: the folder 'out' does not exist" rather than a bare ENOENT, which /proc also
 * gives for a folder that exists but takes no new files. */
static vnr_status create_failed(const char *name, const char *dir, int err, vnr_diag *diag)
{
    struct stat st;
    if (err == ENOENT && stat(dir, &st) != 0)
        return vnr_fail(diag, VNR_ERR_IO, "%s: the folder '%s' does not exist", name, dir);
    return vnr_fail(diag, VNR_ERR_IO, "%s: cannot create a file in '%s': %s", name, dir,
                    strerror(err));
}

/* Create the temporary file next to target: same folder, so rename() is atomic. */
static vnr_status open_tmp(file_sink *s, const char *target, const struct stat *old, vnr_diag *diag)
{
    const char *slash = strrchr(target, '/');
    int dir_len = slash ? (int)(slash - target) : 1;
    const char *dir = slash ? target : ".";
    const char *base = slash ? slash + 1 : target;
    size_t size = strlen(target) + 32;
    s->target = dup_str(target);
    s->tmp = malloc(size);
    if (!s->target || !s->tmp)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    snprintf(s->tmp, size, "%.*s/.%s.XXXXXX", slash == target ? 0 : dir_len, dir, base);
    s->fd = vnr_temp_mkstemp(s->tmp, &s->tmp_slot);
    if (s->fd < 0) {
        int err = errno;
        /* The folder part of tmp, for the message. */
        *strrchr(s->tmp, '/') = '\0';
        vnr_status st = create_failed(s->name, slash == target ? "/" : s->tmp, err, diag);
        free(s->tmp);
        s->tmp = NULL;
        return st;
    }
    s->mode = final_mode(old);
    s->seekable = true;
    return VNR_OK;
}

/* A regular file (or none yet): through a temporary file. A symbolic link is followed, so the
 * file it points to is replaced and the link kept. */
static vnr_status open_regular(file_sink *s, const char *path, const struct stat *old,
                               vnr_diag *diag)
{
    struct stat lst;
    if (old && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        char *real = realpath(path, NULL);
        if (real) {
            vnr_status st = open_tmp(s, real, old, diag);
            free(real);
            return st;
        }
    }
    return open_tmp(s, path, old, diag);
}

/* A device, a FIFO or a descriptor: written in place. */
static vnr_status open_in_place(file_sink *s, const char *path, int alias, vnr_diag *diag)
{
    s->fd = alias >= 0 ? dup(alias) : open(path, O_WRONLY | O_NOCTTY);
    if (s->fd < 0)
        return vnr_fail(diag, VNR_ERR_IO, "%s: %s", s->name, strerror(errno));
    struct stat st;
    int flags = fcntl(s->fd, F_GETFL);
    /* Only a regular file not opened for appending lets libsndfile go back to the header. */
    s->seekable =
        fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode) && flags >= 0 && !(flags & O_APPEND);
    s->start = s->seekable ? lseek(s->fd, 0, SEEK_CUR) : 0;
    if (s->start < 0)
        s->seekable = false, s->start = 0;
    return VNR_OK;
}

static vnr_status open_destination(file_sink *s, const char *path, vnr_diag *diag)
{
    int alias = fd_alias(path);
    if (alias >= 0)
        return open_in_place(s, path, alias, diag);
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return vnr_fail(diag, VNR_ERR_IO, "%s: %s", path, strerror(errno));
        return open_regular(s, path, NULL, diag);
    }
    if (S_ISDIR(st.st_mode))
        return vnr_fail(diag, VNR_ERR_IS_DIR, "%s: is a directory", path);
    if (S_ISREG(st.st_mode))
        return open_regular(s, path, &st, diag);
    return open_in_place(s, path, -1, diag);
}

static vnr_format resolve_format(const char *path, vnr_format format)
{
    if (format == VNR_FORMAT_AUTO)
        format = vnr_format_from_path(path);
    return format == VNR_FORMAT_AUTO ? VNR_FORMAT_WAV : format;
}

vnr_status vnr_sink_file_new(const char *path, vnr_format format, int sample_rate, vnr_sink **out,
                             vnr_diag *diag)
{
    return vnr_sink_file_open(path, format, sample_rate, 16, out, diag);
}

/* What the format cannot take, said before any file is made: Ogg Opus has five rates only, and
 * only WAV and FLAC files have a bit depth to choose. */
static vnr_status check_combination(const char *path, vnr_format format, int rate, int bits,
                                    vnr_diag *diag)
{
    static const int opus_rates[] = {8000, 12000, 16000, 24000, 48000};
    bool rate_ok = format != VNR_FORMAT_OPUS;
    for (size_t i = 0; i < sizeof opus_rates / sizeof opus_rates[0]; i++)
        rate_ok |= rate == opus_rates[i];
    if (!rate_ok)
        return vnr_fail(diag, VNR_ERR_FORMAT,
                        "%s: Opus takes 8000, 12000, 16000, 24000 or 48000 Hz, not %d Hz", path,
                        rate);
    if (bits != 16 && bits != 24)
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: %d-bit: 16 or 24 bits only", path, bits);
    if (bits == 24 && format != VNR_FORMAT_WAV && format != VNR_FORMAT_FLAC)
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: 24-bit is for WAV and FLAC files, not %s", path,
                        vnr_format_name(format));
    return VNR_OK;
}

vnr_status vnr_sink_file_open(const char *path, vnr_format format, int sample_rate, int bits,
                              vnr_sink **out, vnr_diag *diag)
{
    *out = NULL;
    if (!path || !*path || sample_rate <= 0 || (int)format < 0 || format > VNR_FORMAT_OPUS)
        return vnr_fail(diag, VNR_ERR_INVALID, "bad output file arguments");
    vnr_status bad = check_combination(strcmp(path, "-") == 0 ? "stdout" : path,
                                       resolve_format(path, format), sample_rate, bits, diag);
    if (bad != VNR_OK)
        return bad;
    file_sink *s = calloc(1, sizeof *s);
    if (!s)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    vnr_sink_init(&s->base, &file_ops);
    s->fd = -1;
    s->tmp_slot = -1;
    s->format = resolve_format(path, format);
    s->rate = sample_rate;
    s->bits = bits;
    s->name = dup_str(strcmp(path, "-") == 0 ? "stdout" : path);
    vnr_status st =
        s->name ? open_destination(s, path, diag) : vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    bool ours = s->format == VNR_FORMAT_RAW || (s->format == VNR_FORMAT_WAV && !s->seekable);
    if (st == VNR_OK && s->format == VNR_FORMAT_MP3)
        st = vnr_mp3_new(sample_rate, s->seekable, s->name, &s->mp3, diag);
    else if (st == VNR_OK && !ours)
        st = open_sndfile(s, diag);
    if (st == VNR_OK && ours && bits != 16)
        st = vnr_fail(diag, VNR_ERR_FORMAT, "%s: a stream is 16-bit only", s->name);
    if (st != VNR_OK) {
        file_free(&s->base);
        return st;
    }
    *out = &s->base;
    return VNR_OK;
}

/* --- Produced files (produce.c). ---------------------------------------------------------------
 */

/* TPDF dither for the reduction to 16 bits: the sum of two independent uniform values of one
 * step each (a triangle of +-1 step) is added before rounding, so that the rounding error is
 * noise independent of the signal instead of distortion that follows it - audible as a rough
 * tail on a quiet fade such as the end of "xin chào" at -23 LUFS. xorshift32: fast, and the
 * same file each time for the same input. */
static float dither(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    float a = (float)(x >> 8) / 16777216.0f;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return a - (float)(x >> 8) / 16777216.0f;
}

static int16_t float_to_pcm16(float x, uint32_t *state)
{
    float v = x * 32768.0f + dither(state);
    return (int16_t)lrintf(v > 32767.0f ? 32767.0f : v < -32768.0f ? -32768.0f : v);
}

/* Lossy encoders and 24-bit files take the floats; 16-bit PCM (WAV, FLAC, raw) is made here,
 * dithered. */
static bool takes_float(const file_sink *s)
{
    return s->sf && (s->bits != 16 || s->format == VNR_FORMAT_OGG || s->format == VNR_FORMAT_OPUS);
}

/* A produced file's writes come from the loudness pass, not through vnr_sink_write(): the same
 * refusals here (after a failure, after the end), and Ctrl-C ends the pass at once. */
static vnr_status pass_write_ok(const file_sink *s, vnr_diag *diag)
{
    if (s->base.error != VNR_OK || s->base.finished)
        return vnr_fail(diag, VNR_ERR_INVALID, "%s: write after a failure", s->name);
    if (vnr_stop_all_requested())
        return vnr_fail(diag, VNR_ERR_STOPPED, "%s: stopped", s->name);
    return VNR_OK;
}

vnr_status vnr_sink_file_write_float(vnr_sink *sink, const float *x, size_t n, vnr_diag *diag)
{
    file_sink *s = (file_sink *)sink;
    vnr_status ok = pass_write_ok(s, diag);
    if (ok != VNR_OK)
        return ok;
    if (s->mp3)
        return vnr_mp3_encode(s->mp3, x, n, put_bytes, s, diag);
    if (takes_float(s)) {
        sf_count_t w = sf_write_float(s->sf, x, (sf_count_t)n);
        if (w != (sf_count_t)n || s->io_errno)
            return io_error(s, "write failed", diag);
        return VNR_OK;
    }
    if (!s->dither_state)
        s->dither_state = 0x9E3779B9u;
    int16_t pcm[4096];
    while (n > 0) {
        size_t chunk = n < 4096 ? n : 4096;
        for (size_t i = 0; i < chunk; i++)
            pcm[i] = float_to_pcm16(x[i], &s->dither_state);
        vnr_status st = file_write(sink, pcm, chunk, diag);
        if (st != VNR_OK)
            return st;
        x += chunk;
        n -= chunk;
    }
    return VNR_OK;
}

bool vnr_sink_file_pcm24(const vnr_sink *sink)
{
    const file_sink *s = (const file_sink *)sink;
    return sink && sink->ops == &file_ops && s->sf && s->bits == 24;
}

vnr_status vnr_sink_file_write_pcm24(vnr_sink *sink, const int32_t *x, size_t n, vnr_diag *diag)
{
    file_sink *s = (file_sink *)sink;
    vnr_status ok = pass_write_ok(s, diag);
    if (ok != VNR_OK)
        return ok;
    sf_count_t w = sf_write_int(s->sf, x, (sf_count_t)n);
    if (w != (sf_count_t)n || s->io_errno)
        return io_error(s, "write failed", diag);
    return VNR_OK;
}

bool vnr_sink_file_takes_bext(const vnr_sink *sink)
{
    const file_sink *s = (const file_sink *)sink;
    return s->sf && s->format == VNR_FORMAT_WAV;
}

vnr_status vnr_sink_file_set_bext(vnr_sink *sink, const void *info, size_t size, vnr_diag *diag)
{
    file_sink *s = (file_sink *)sink;
    if (!vnr_sink_file_takes_bext(sink))
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: only a WAV file has Broadcast WAV metadata",
                        s->name);
    if (sf_command(s->sf, SFC_SET_BROADCAST_INFO, (void *)(uintptr_t)info, (int)size) != SF_TRUE)
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: cannot set Broadcast WAV metadata: %s", s->name,
                        sf_strerror(s->sf));
    return VNR_OK;
}

vnr_mp3 *vnr_sink_file_mp3(vnr_sink *sink)
{
    file_sink *s = (file_sink *)sink;
    return sink && sink->ops == &file_ops && s->mp3 && s->seekable ? s->mp3 : NULL;
}

vnr_status vnr_sink_file_join_mp3(vnr_sink *sink, const vnr_mp3 *second, int fd, uint64_t len,
                                  vnr_diag *diag)
{
    file_sink *s = (file_sink *)sink;
    vnr_status st = vnr_mp3_flush(s->mp3, put_bytes, s, diag);
    s->mp3_flushed = true;
    if (st != VNR_OK)
        return st;
    vnr_mp3_join(s->mp3, second);
    enum { COPY = 1 << 16 };
    unsigned char *buf = malloc(COPY);
    if (!buf)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    for (uint64_t at = 0; st == VNR_OK && at < len;) {
        size_t want = len - at < COPY ? (size_t)(len - at) : COPY;
        ssize_t got = pread(fd, buf, want, (off_t)at);
        if (got <= 0) {
            st = vnr_fail(diag, VNR_ERR_IO, "%s: temporary file: %s", s->name,
                          got < 0 ? strerror(errno) : "shorter than written");
            break;
        }
        vnr_mp3_join_bytes(s->mp3, buf, (size_t)got);
        if (!write_all(s, buf, (size_t)got))
            st = io_error(s, "write failed", diag);
        at += (uint64_t)got;
    }
    free(buf);
    return st;
}
