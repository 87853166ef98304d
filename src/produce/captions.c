/* captions.c - SRT, WebVTT and plain transcripts of the sentences as written, timed from the
 * reader's own sample counts (vnr_sentence), written cue by cue as the audio is made.
 *
 * Why not eSpeak NG's events: their text positions count code points from 1 and restart at each
 * synthesis call, and the word events of a number ("1.032" -> four words) repeat and shift. The
 * reader knows where each sentence starts and ends in the samples it has written, pauses and
 * jingles included, so cue times are exact sums that cannot drift over an hour of audio.
 *
 * Layout: one cue per sentence, at most two lines of 42 characters (the common broadcast and web
 * limit). A longer sentence becomes several cues, cut after a clause mark (", " "; " ": ") when
 * one lets the first part fill at least a third of the cue, else at the last space that fits;
 * each part gets a share of the sentence's time in proportion to its characters.
 *
 * Like an audio file, the captions go to a temporary file renamed into place at the end. */
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LINE_CHARS 42
#define CUE_CHARS (2 * LINE_CHARS)

struct vnr_captions {
    vnr_caption_format format;
    char *path, *tmp;
    int tmp_slot; /* vnr_temp_mkstemp: removable by a signal handler */
    FILE *f;
    unsigned cues;
    double last_end; /* cues never overlap, even when rounding to milliseconds */
    int io_errno;    /* the first write error */
};

/* --- Text measures: characters are code points. ------------------------------------------------
 */

static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Bytes of the first max_chars characters of s (n bytes). */
static size_t prefix_bytes(const char *s, size_t n, size_t max_chars)
{
    size_t c = 0, i = 0;
    for (; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && c++ == max_chars)
            break;
    }
    return i;
}

/* Where to break s into two lines of at most LINE_CHARS: the space nearest the middle that
 * works. Returns the space's offset, n if one line is enough, or 0 if no space works. */
static size_t line_break(const char *s, size_t n)
{
    size_t total = chars(s, n);
    if (total <= LINE_CHARS)
        return n;
    size_t best = 0, best_diff = (size_t)-1, left = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' && i > 0 && left <= LINE_CHARS && total - left - 1 <= LINE_CHARS) {
            size_t right = total - left - 1;
            size_t diff = left > right ? left - right : right - left;
            if (diff < best_diff)
                best = i, best_diff = diff;
        }
        left += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return best;
}

/* Length of the first cue of s: all of it if it fits in two lines, else up to a clause end
 * (kept with the first part) or a space. */
static size_t cue_length(const char *s, size_t n)
{
    if (chars(s, n) <= CUE_CHARS && line_break(s, n))
        return n;
    size_t clause = 0, space = 0, count = 0;
    for (size_t i = 0; i < n && count <= CUE_CHARS; i++) {
        if (i > 0 && s[i] == ' ' && line_break(s, i)) {
            space = i;
            if (strchr(",;:", s[i - 1]) && count >= CUE_CHARS / 3)
                clause = i;
        }
        count += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    if (clause)
        return clause;
    if (space)
        return space;
    return prefix_bytes(s, n, CUE_CHARS); /* one very long word (a URL): cut it */
}

/* --- Output. -----------------------------------------------------------------------------------
 */

static void put(vnr_captions *c, const char *s, size_t n)
{
    if (!c->io_errno && fwrite(s, 1, n, c->f) != n)
        c->io_errno = errno ? errno : EIO;
}

static void put_str(vnr_captions *c, const char *s)
{
    put(c, s, strlen(s));
}

/* WebVTT reserves '<' and '&' (and "-->"): they go as character references there. */
static void put_text(vnr_captions *c, const char *s, size_t n)
{
    if (c->format != VNR_CAPTIONS_VTT) {
        put(c, s, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *ref = s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" : s[i] == '&' ? "&amp;" : 0;
        if (ref)
            put_str(c, ref);
        else
            put(c, s + i, 1);
    }
}

/* "01:02:03,456" (SRT) or "01:02:03.456" (WebVTT). */
static void put_time(vnr_captions *c, double seconds)
{
    long long ms = llround(seconds * 1000.0);
    char buf[40];
    snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld%c%03lld", ms / 3600000, ms / 60000 % 60,
             ms / 1000 % 60, c->format == VNR_CAPTIONS_SRT ? ',' : '.', ms % 1000);
    put_str(c, buf);
}

static void put_cue(vnr_captions *c, const char *s, size_t n, double start, double end)
{
    /* Whole milliseconds decide order: a cue starts no earlier than the last one ended. */
    start = fmax(start, c->last_end);
    end = fmax(end, start + 0.001);
    c->last_end = round(end * 1000.0) / 1000.0;
    c->cues++;
    if (c->format == VNR_CAPTIONS_SRT) {
        char index[24];
        snprintf(index, sizeof index, "%u\n", c->cues);
        put_str(c, index);
    }
    put_time(c, start);
    put_str(c, " --> ");
    put_time(c, end);
    put_str(c, "\n");
    size_t br = line_break(s, n);
    if (br && br < n) {
        put_text(c, s, br);
        put_str(c, "\n");
        put_text(c, s + br + 1, n - br - 1);
    } else {
        put_text(c, s, n);
    }
    put_str(c, "\n\n");
}

void vnr_captions_add(vnr_captions *c, const char *text, size_t len, double start_ms, double end_ms)
{
    double start = start_ms / 1000.0, end = end_ms / 1000.0; /* the cue writers count seconds */
    if (!c || len == 0)
        return;
    if (c->format == VNR_CAPTIONS_TRANSCRIPT) {
        put(c, text, len);
        put_str(c, "\n");
        return;
    }
    double per_char = (end - start) / (double)chars(text, len);
    while (len > 0) {
        size_t n = cue_length(text, len);
        double part_end = n == len ? end : start + per_char * (double)chars(text, n);
        put_cue(c, text, n, start, part_end);
        start = part_end;
        while (n < len && text[n] == ' ')
            n++;
        text += n;
        len -= n;
    }
}

void vnr_captions_sentence(void *user, const vnr_sentence *s)
{
    double rate = s->sample_rate > 0 ? s->sample_rate : 1;
    vnr_captions_add(user, s->text, s->len, (double)s->start * 1000.0 / rate,
                     (double)s->end * 1000.0 / rate);
}

/* --- The file: temporary name, renamed into place. ---------------------------------------------
 */

static char *copy_string(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    return d ? strcpy(d, s) : NULL;
}

static vnr_caption_format format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot && strchr(dot, '/') == NULL) {
        if (strcmp(dot, ".srt") == 0 || strcmp(dot, ".SRT") == 0)
            return VNR_CAPTIONS_SRT;
        if (strcmp(dot, ".vtt") == 0 || strcmp(dot, ".VTT") == 0)
            return VNR_CAPTIONS_VTT;
    }
    return VNR_CAPTIONS_AUTO;
}

/* "dir/.name.XXXXXX" next to path, so the rename stays on one file system. */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    char *t = malloc(strlen(path) + 9);
    if (t)
        sprintf(t, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
    return t;
}

vnr_status vnr_captions_new(const char *path, vnr_caption_format format, vnr_captions **out,
                            vnr_diag *diag)
{
    *out = NULL;
    if (format == VNR_CAPTIONS_AUTO && (format = format_of(path)) == VNR_CAPTIONS_AUTO)
        return vnr_fail(diag, VNR_ERR_FORMAT, "%s: captions must end in .srt or .vtt", path);
    vnr_captions *c = calloc(1, sizeof *c);
    if (c)
        c->tmp_slot = -1;
    if (!c || !(c->path = copy_string(path)) || !(c->tmp = temp_name(path))) {
        vnr_captions_free(c);
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    c->format = format;
    int fd = vnr_temp_mkstemp(c->tmp, &c->tmp_slot);
    if (fd < 0 || !(c->f = fdopen(fd, "w"))) {
        vnr_status st = vnr_fail(diag, VNR_ERR_IO, "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(c->tmp);
        c->tmp = NULL; /* nothing of ours to remove, or removed below */
        vnr_captions_free(c);
        return st;
    }
    if (format == VNR_CAPTIONS_VTT)
        put_str(c, "WEBVTT\n\n");
    *out = c;
    return VNR_OK;
}

vnr_status vnr_captions_finish(vnr_captions *c, vnr_diag *diag)
{
    if (!c || !c->f)
        return vnr_fail(diag, VNR_ERR_INVALID, "captions already finished");
    if (fflush(c->f) != 0 && !c->io_errno)
        c->io_errno = errno;
    if (!c->io_errno && fsync(fileno(c->f)) != 0 && errno != EINVAL)
        c->io_errno = errno;
    int closed = fclose(c->f);
    c->f = NULL;
    if (closed != 0 && !c->io_errno)
        c->io_errno = errno;
    /* The file gets the usual permissions (umask), not mkstemp's 0600. */
    mode_t mask = umask(0);
    umask(mask);
    if (!c->io_errno && chmod(c->tmp, 0666 & ~mask) != 0)
        c->io_errno = errno;
    if (vnr_stop_all_requested()) /* Ctrl-C: the old captions stay, ours are removed */
        return vnr_fail(diag, VNR_ERR_STOPPED, "%s: stopped", c->path);
    if (!c->io_errno && rename(c->tmp, c->path) != 0)
        c->io_errno = errno;
    if (c->io_errno)
        return vnr_fail(diag, VNR_ERR_IO, "%s: %s", c->path, strerror(c->io_errno));
    vnr_temp_forget(c->tmp_slot);
    free(c->tmp);
    c->tmp = NULL;
    return VNR_OK;
}

void vnr_captions_free(vnr_captions *c)
{
    if (!c)
        return;
    if (c->f)
        fclose(c->f);
    if (c->tmp)
        unlink(c->tmp); /* unfinished or failed: leave no partial file */
    vnr_temp_forget(c->tmp_slot);
    free(c->tmp);
    free(c->path);
    free(c);
}
