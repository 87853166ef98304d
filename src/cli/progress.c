/* progress.c - the one-line progress display on stderr while a file is written:
 * "\r 42%  12.3 s of audio". Only on a terminal, redrawn at most ten times a second. */
#include "cli.h"

#include <stdarg.h>
#include <time.h>

cli_progress *cli_active_progress;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_update(void *user, const vnr_progress *p)
{
    cli_progress *pr = user;
    if (!pr->enabled)
        return;
    double t = now_seconds();
    if (pr->shown && t - pr->last_update < 0.1)
        return;
    pr->last_update = t;
    uint64_t done = pr->bytes_before + p->bytes_done;
    if (pr->bytes_total > 0) {
        unsigned pct = (unsigned)(done >= pr->bytes_total ? 100 : done * 100 / pr->bytes_total);
        fprintf(stderr, "\r%3u%%  %.1f s of audio ", pct, p->audio_seconds);
    } else {
        fprintf(stderr, "\r%.1f s of audio ", p->audio_seconds);
    }
    fflush(stderr);
    pr->shown = true;
}

void cli_progress_clear(cli_progress *pr)
{
    if (pr && pr->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        pr->shown = false;
    }
}

void cli_error(const char *fmt, ...)
{
    cli_progress_clear(cli_active_progress);
    va_list ap;
    va_start(ap, fmt);
    fputs("vnreader: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}
