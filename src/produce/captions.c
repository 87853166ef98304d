/* captions.c - SRT, WebVTT and plain transcripts of the sentences as written, timed from the
 * reader's own sample counts (vnr_sentence), written cue by cue as the audio is made.
 *
 * Why not eSpeak NG's events: their text positions count code points from 1 and restart at each
 * synthesis call, and the word events of a number ("1.032" -> four words) repeat and shift. The
 * reader knows where each sentence starts and ends in the samples it has written, pauses and
 * jingles included, so cue times are exact sums that cannot drift over an hour of audio.
 *
 * Layout (EBU-TT-D and Netflix-style defaults): one cue per sentence when it fits in two lines of
 * 42 characters and 7 seconds. A longer sentence is cut into phrases, chosen all together
 * (dynamic programming over the spaces) rather than greedily, so that the last cue is never a
 * stray word: every cue holds at least two words (unless the sentence is one word), and a cue
 * under one second or over seven costs more the further it is off. Where to cut is phrases.c's
 * class of each gap: after punctuation (", " "; " ": " " - ") costs least, then before a word
 * that starts a phrase ("... | trong khi", "... | để", "... | tại Hà Nội"), then any space; a
 * cut inside a name, a title and its name or a number and what it counts ("ông | Nguyễn Văn A",
 * "23 | tỷ đồng") costs most. "Ngày 23/6, tại Hà Nội, hội nghị ... đã quyết định thành lập ..."
 * is cut after the commas, not between "thành" and "lập" at the 42nd character. A two-line cue
 * breaks its line by the same classes. Each part gets a share of the sentence's time in
 * proportion to its characters; the sentence's own start and end stay exact (samples / rate).
 *
 * A cue shorter than one second (a one-word sentence: "Vâng.") is held until the next one is
 * known, and lengthened into the silence after it, up to one second, never past the next cue's
 * start - so no time drifts.
 *
 * Like an audio file, the captions go to a temporary file renamed into place at the end. */
#include "core/util.h"
#include "produce/phrases.h"

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
    double last_end;     /* cues never overlap, even when rounding to milliseconds */
    int io_errno;        /* the first write error */
    vnr_phrases phrases; /* where cuts and line breaks fall */
    /* The cue written next, held until the following one starts (see above). */
    char *held;
    size_t held_len, held_cap;
    size_t held_br1, held_br2; /* its first line ends at br1, the second starts at br2; 0: one */
    double held_start, held_end;
    bool holding;
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

/* Where to break words [a, b) of a sentence into two lines of at most LINE_CHARS: the word
 * that starts the second line; b if one line is enough, a if no break works. The lines stay
 * near in length, but syntax comes first: a plain gap costs as much as all the characters in
 * imbalance, a clause mark nothing, a gap before a preposition half ("đường ống nước sạch | cho
 * người dân" beats an even "nước | sạch"), a gap inside a name more than twice. */
static size_t line_break(const vnr_cue_word *w, size_t a, size_t b, const vnr_cut *cut)
{
    size_t total = w[b - 1].c1 - w[a].c0;
    if (total <= LINE_CHARS)
        return b;
    size_t best = a;
    double best_score = HUGE_VAL;
    for (size_t k = a + 1; k < b; k++) {
        size_t left = w[k - 1].c1 - w[a].c0, right = w[b - 1].c1 - w[k].c0;
        if (left > LINE_CHARS || right > LINE_CHARS)
            continue;
        double diff = left > right ? (double)(left - right) : (double)(right - left);
        double score = diff + vnr_cut_cost(cut[k - 1]) * (double)total / 6.0;
        if (score < best_score)
            best = k, best_score = score;
    }
    return best;
}

/* --- Cutting a sentence into cues. ------------------------------------------------------------
 */

#define MIN_CUE_S 1.0
#define MAX_CUE_S 7.0
#define MAX_WORDS 4096 /* a longer "sentence" (no full stop in pages) is cut in pieces first */

/* What a cut after each word costs: its class (phrases.c), as a number for the plan. */
typedef struct cue_plan {
    const vnr_cue_word *w;
    const vnr_cut *cut;
    size_t m;
    double seconds_per_char;
} cue_plan;

/* What a cue of words [a, b) costs, or HUGE_VAL if it cannot be one. */
static double cue_cost(const cue_plan *p, size_t a, size_t b)
{
    const vnr_cue_word *w = p->w;
    size_t n = w[b - 1].c1 - w[a].c0;
    size_t k = n > LINE_CHARS ? line_break(w, a, b, p->cut) : b;
    if (n > CUE_CHARS || k == a)
        return b - a == 1 ? 1e6 : HUGE_VAL; /* one word too long for a line: alone, cut later */
    if (b - a == 1 && p->m > 1)
        return HUGE_VAL; /* never one word alone when the sentence has more */
    double empty = 1.0 - (double)n / CUE_CHARS, secs = p->seconds_per_char * (double)n;
    double cost = 10 + 8 * empty * empty;
    if (secs < MIN_CUE_S)
        cost += 40 * (MIN_CUE_S - secs);
    if (secs > MAX_CUE_S)
        cost += 20 * (secs - MAX_CUE_S);
    /* A cue whose only line breaks split a group ("ngày 23 tháng | 6 năm 2024") costs more, so
     * the plan moves its cut: half what the break costs over a plain one (the words stay on
     * screen together; a plain break costs nothing, or one-line cues would be favoured). */
    if (k < b)
        cost += 0.5 * fmax(0, vnr_cut_cost(p->cut[k - 1]) - vnr_cut_cost(VNR_CUT_PLAIN));
    return cost + (b < p->m ? vnr_cut_cost(p->cut[b - 1]) : 0);
}

/* The best cut of words [0, m) into cues: ends[k] is the word after cue k; returns the count. */
static size_t plan_cues(const cue_plan *p, size_t *ends)
{
    size_t m = p->m;
    double *best = malloc((m + 1) * sizeof *best);
    size_t *from = malloc((m + 1) * sizeof *from);
    size_t count = 0;
    if (!best || !from) {
        free(best);
        free(from);
        ends[0] = m;
        return 1;
    }
    best[0] = 0;
    for (size_t b = 1; b <= m; b++) {
        best[b] = HUGE_VAL;
        from[b] = b - 1;
        /* A cue holds at most CUE_CHARS characters, so at most CUE_CHARS / 2 words. */
        for (size_t a = b; a-- > 0 && b - a <= CUE_CHARS / 2 + 1;) {
            double c = best[a] + cue_cost(p, a, b);
            if (c < best[b])
                best[b] = c, from[b] = a;
        }
    }
    for (size_t b = m; b > 0; b = from[b])
        ends[count++] = b;
    for (size_t i = 0; i < count / 2; i++) { /* found backwards */
        size_t t = ends[i];
        ends[i] = ends[count - 1 - i];
        ends[count - 1 - i] = t;
    }
    free(best);
    free(from);
    return count;
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

/* A cue of s (n bytes): one line, or two when br1 (the first line's end) is not 0. */
static void put_cue(vnr_captions *c, const char *s, size_t n, size_t br1, size_t br2, double start,
                    double end)
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
    if (br1 > 0 && br1 < n && br2 <= n) {
        put_text(c, s, br1);
        put_str(c, "\n");
        put_text(c, s + br2, n - br2);
    } else {
        put_text(c, s, n);
    }
    put_str(c, "\n\n");
}

static void hold_cue(vnr_captions *c, const char *s, size_t n, size_t br1, size_t br2, double start,
                     double end);

/* A cue of one too-long word (a URL): in pieces of CUE_CHARS characters, two lines each. */
static void put_long_word(vnr_captions *c, const char *s, size_t n, double start, double end)
{
    double per_char = (end - start) / (double)chars(s, n);
    while (n > 0) {
        size_t b = prefix_bytes(s, n, CUE_CHARS);
        double part_end = b == n ? end : start + per_char * (double)chars(s, b);
        size_t br = chars(s, b) > LINE_CHARS ? prefix_bytes(s, b, LINE_CHARS) : 0;
        hold_cue(c, s, b, br, br, start, part_end);
        start = part_end;
        s += b;
        n -= b;
    }
}

/* Words [a, b) of text as one cue, its line broken at the best gap. */
static void hold_words(vnr_captions *c, const char *text, const vnr_cue_word *w, size_t a, size_t b,
                       const vnr_cut *cut, double start, double end)
{
    size_t at = w[a].at, stop = w[b - 1].at + w[b - 1].len, k = line_break(w, a, b, cut);
    size_t br1 = k > a && k < b ? w[k - 1].at + w[k - 1].len - at : 0;
    size_t br2 = br1 ? w[k].at - at : 0;
    hold_cue(c, text + at, stop - at, br1, br2, start, end);
}

/* Words [0, m) of text, from start to end, as cues. */
static void add_words(vnr_captions *c, const char *text, const vnr_cue_word *w, size_t m,
                      double start, double end)
{
    size_t from = w[0].at, to = w[m - 1].at + w[m - 1].len;
    double per_char = (end - start) / (double)chars(text + from, to - from);
    size_t *ends = malloc(m * sizeof *ends);
    vnr_cut *cut = malloc(m * sizeof *cut);
    if (!ends || !cut) {
        free(ends);
        free(cut);
        c->io_errno = ENOMEM;
        return;
    }
    vnr_phrases_cuts(&c->phrases, text, w, m, cut);
    cue_plan plan = {w, cut, m, per_char};
    size_t count = plan_cues(&plan, ends);
    size_t a = 0;
    for (size_t k = 0; k < count; k++) {
        size_t b = ends[k], at = w[a].at, stop = w[b - 1].at + w[b - 1].len;
        /* Times from the characters up to the cut, so rounding never accumulates. */
        double part_end =
            b == m ? end : start + per_char * (double)chars(text + from, w[b].at - from);
        double part_start =
            a == 0 ? start : start + per_char * (double)chars(text + from, at - from);
        if (chars(text + at, stop - at) > CUE_CHARS)
            put_long_word(c, text + at, stop - at, part_start, part_end);
        else
            hold_words(c, text, w, a, b, cut, part_start, part_end);
        a = b;
    }
    free(ends);
    free(cut);
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
    vnr_cue_word *w = malloc(MAX_WORDS * sizeof *w);
    if (!w) {
        c->io_errno = ENOMEM;
        return;
    }
    /* A page without full stops: pieces of MAX_WORDS words, each its share of the time. */
    double per_char = (end - start) / (double)chars(text, len);
    size_t done = 0;
    while (done < len) {
        size_t m = vnr_cue_words(text + done, len - done, w, MAX_WORDS);
        if (m == 0)
            break;
        size_t stop = m == MAX_WORDS ? done + w[m - 1].at + w[m - 1].len : len;
        double a = start + per_char * (double)chars(text, done);
        double b = stop == len ? end : start + per_char * (double)chars(text, stop);
        add_words(c, text + done, w, m, a, b);
        done = stop;
    }
    free(w);
}

/* Write the held cue, lengthened towards MIN_CUE_S but not past next_start. */
static void release_cue(vnr_captions *c, double next_start)
{
    if (!c->holding)
        return;
    double end = c->held_end;
    if (end - c->held_start < MIN_CUE_S)
        end = fmax(end, fmin(c->held_start + MIN_CUE_S, next_start));
    put_cue(c, c->held, c->held_len, c->held_br1, c->held_br2, c->held_start, end);
    c->holding = false;
}

static void hold_cue(vnr_captions *c, const char *s, size_t n, size_t br1, size_t br2, double start,
                     double end)
{
    release_cue(c, start);
    if (n > c->held_cap) {
        char *grown = realloc(c->held, n);
        if (!grown) {
            c->io_errno = ENOMEM;
            return;
        }
        c->held = grown;
        c->held_cap = n;
    }
    memcpy(c->held, s, n);
    c->held_len = n;
    c->held_br1 = br1;
    c->held_br2 = br2;
    c->held_start = start;
    c->held_end = end;
    c->holding = true;
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
    vnr_phrases_init(&c->phrases, NULL);
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

void vnr_captions_set_lexicon(vnr_captions *c, const vnr_lexicon *lex)
{
    if (c)
        vnr_phrases_init(&c->phrases, lex);
}

vnr_status vnr_captions_finish(vnr_captions *c, vnr_diag *diag)
{
    if (!c || !c->f)
        return vnr_fail(diag, VNR_ERR_INVALID, "captions already finished");
    release_cue(c, c->held_end); /* the audio may end with it: not lengthened */
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
    free(c->held);
    free(c);
}
