/* bext.c - Broadcast WAV metadata (the "bext" chunk, EBU Tech 3285 version 2), which radio
 * play-out systems read: a description, the originator, when it was made, how it was coded, and
 * the loudness of the file (EBU R128 values x 100 as integers).
 *
 * bext text is ASCII, so a Vietnamese title loses its diacritics: "Bản tin thời sự" ->
 * "Ban tin thoi su", "Đà Nẵng" -> "Da Nang" (đ has no decomposition and is mapped by hand). */
#include "produce/produce.h"

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

/* Typographic punctuation with a plain ASCII form. */
static const char *ascii_punct(int32_t cp)
{
    switch (cp) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x2032:
        return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x2033:
        return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2212:
        return "-";
    case 0x2026:
        return "...";
    case 0x00A0:
    case 0x2007:
    case 0x202F:
        return " ";
    case 0x00AB:
        return "<<";
    case 0x00BB:
        return ">>";
    default:
        return NULL;
    }
}

/* The ASCII form of one code point: its base letter without marks, or "?". */
static size_t fold_code_point(int32_t cp, char out[4])
{
    if (cp == 0x0111 || cp == 0x0110) { /* đ Đ */
        out[0] = cp == 0x0111 ? 'd' : 'D';
        return 1;
    }
    if (cp < 0x20 || cp == 0x7F) {
        out[0] = ' ';
        return 1;
    }
    const char *p = ascii_punct(cp);
    if (p) {
        size_t n = strlen(p);
        memcpy(out, p, n);
        return n;
    }
    utf8proc_int32_t parts[8];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, parts, 8, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK, &last);
    size_t len = 0;
    for (utf8proc_ssize_t i = 0; i < n && i < 8 && len < 3; i++)
        if (parts[i] < 0x80)
            out[len++] = (char)parts[i];
    if (len == 0)
        out[len++] = '?';
    return len;
}

size_t vnr_ascii_fold(const char *text, size_t len, char *buf, size_t size)
{
    size_t need = 0;
    while (len > 0) {
        int32_t cp = 0;
        size_t step = vnr_utf8_decode(text, len, &cp);
        char part[4];
        size_t n = step ? fold_code_point(cp, part) : (part[0] = '?', 1);
        step = step ? step : 1;
        for (size_t i = 0; i < n; i++, need++)
            if (need + 1 < size)
                buf[need] = part[i];
        text += step;
        len -= step;
    }
    if (size > 0)
        buf[need < size ? need : size - 1] = '\0';
    return need;
}

/* x100 as EBU Tech 3285 stores it; 0x7FFF when not measured (silence has no loudness). */
static int16_t centi(double v)
{
    if (!isfinite(v) || v * 100 > 32766 || v * 100 < -32767)
        return 0x7FFF;
    return (int16_t)lround(v * 100);
}

/* Copy an ASCII-folded string into a fixed bext field (not NUL-terminated when full). */
static void fold_into(char *field, size_t size, const char *text)
{
    char tmp[1024];
    vnr_ascii_fold(text, strlen(text), tmp, sizeof tmp);
    size_t n = strlen(tmp);
    memset(field, 0, size);
    memcpy(field, tmp, n < size ? n : size);
}

void vnr_bext_fill(void *info, size_t size, const vnr_bext_fields *f)
{
    SF_BROADCAST_INFO *b = info;
    if (size < sizeof *b)
        return;
    memset(b, 0, size);
    fold_into(b->description, sizeof b->description, f->title ? f->title : "");
    fold_into(b->originator, sizeof b->originator, f->originator ? f->originator : "vnreader");
    time_t now = (time_t)f->now;
    struct tm tm;
    char date[32], clock[32];
    localtime_r(&now, &tm);
    snprintf(date, sizeof date, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    snprintf(clock, sizeof clock, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
    memcpy(b->origination_date, date, sizeof b->origination_date);
    memcpy(b->origination_time, clock, sizeof b->origination_time);
    b->version = 2;
    const vnr_loudness *l = f->loudness;
    b->loudness_value = l ? centi(l->integrated) : 0x7FFF;
    b->loudness_range = l ? centi(l->range) : 0x7FFF;
    b->max_true_peak_level = l ? centi(l->true_peak) : 0x7FFF;
    b->max_momentary_loudness = l ? centi(l->momentary_max) : 0x7FFF;
    b->max_shortterm_loudness = l ? centi(l->short_term_max) : 0x7FFF;
    /* EBU R 98 coding history: one line per step, CR LF ended. Ours is the first step, the
     * synthesis (eSpeak NG's 16-bit samples at its own rate); libsndfile adds the last, the file
     * it writes (at 48 kHz 24-bit for broadcast) - so no step is listed twice. */
    int n = snprintf(b->coding_history, sizeof b->coding_history,
                     "A=PCM,F=%d,W=16,M=mono,T=vnreader %s (eSpeak NG)\r\n",
                     f->source_rate ? f->source_rate : f->rate, VNR_VERSION);
    b->coding_history_size = n > 0 ? (uint32_t)n : 0;
}
