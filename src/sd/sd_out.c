/* sd_out.c - everything the module writes to the server, one locked and flushed piece at a time:
 * replies come from the main thread and events from the worker, and speech-dispatcher reads a
 * message up to its "NNN " line, so two writers must never interleave inside one. */
#include "sd.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool out_failed;

bool sd_out_broken(void)
{
    return atomic_load(&out_failed);
}

/* Called with out_lock held. A failed write means the server is gone (EPIPE). */
static void flush_locked(void)
{
    if (fflush(stdout) != 0 || ferror(stdout))
        atomic_store(&out_failed, true);
}

void sd_out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&out_lock);
    vprintf(fmt, ap);
    putchar('\n');
    flush_locked();
    pthread_mutex_unlock(&out_lock);
    va_end(ap);
}

void sd_strip_controls(char *s)
{
    char *out = s;
    for (; *s; s++)
        if ((unsigned char)*s >= 0x20 && *s != 0x7f)
            *out++ = *s;
    *out = '\0';
}

static bool host_is_big_endian(void)
{
    const uint16_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 0;
}

/* The audio bytes go on one line after "705-AUDIO" and a NUL. The server finds the line's end
 * with a newline, so data bytes '\n' and the escape byte 0x7d are sent as 0x7d followed by the
 * byte with bit 5 flipped (HDLC-style), which is what speech-dispatcher 0.11 decodes. */
static void put_escaped(const unsigned char *p, size_t n)
{
    const unsigned char escape = 0x7d, flip = 0x20;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\n' && p[i] != escape)
            continue;
        fwrite(p + start, 1, i - start, stdout);
        putchar(escape);
        putchar(p[i] ^ flip);
        start = i + 1;
    }
    fwrite(p + start, 1, n - start, stdout);
}

void sd_out_audio(const int16_t *samples, size_t n, int rate)
{
    if (n == 0)
        return;
    pthread_mutex_lock(&out_lock);
    printf("705-bits=16\n705-num_channels=1\n705-sample_rate=%d\n705-num_samples=%zu\n"
           "705-big_endian=%d\n705-AUDIO",
           rate, n, host_is_big_endian() ? 1 : 0);
    putchar('\0');
    put_escaped((const unsigned char *)samples, n * sizeof *samples);
    fputs("\n705 AUDIO\n", stdout);
    flush_locked();
    pthread_mutex_unlock(&out_lock);
}
