/* progress.c - the one-line progress display on stderr while a file is written:
 * "\r[#########...........]  42%  synthesis  12.3 s of audio  0:35 left", then for a produced
 * file each later pass ("loudness", "writing" or "encoding") with its own bar; for a batch
 * "\r[#########...........]  7/16 files  2 running". Only on a terminal, redrawn at most ten
 * times a second. */
#include "cli.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

cli_progress *cli_active_progress;

#define BAR_WIDTH 24

/* "[##########..............]" for pct percent, NUL-terminated (BAR_WIDTH + 3 bytes). */
static void draw_bar(char *bar, unsigned pct)
{
    unsigned full = (pct > 100 ? 100 : pct) * BAR_WIDTH / 100;
    bar[0] = '[';
    for (unsigned i = 0; i < BAR_WIDTH; i++)
        bar[i + 1] = i < full ? '#' : '.';
    bar[BAR_WIDTH + 1] = ']';
    bar[BAR_WIDTH + 2] = '\0';
}

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
    if (pr->started == 0)
        pr->started = t;
    uint64_t done = pr->bytes_before + p->bytes_done;
    if (pr->bytes_total > 0) {
        unsigned pct = (unsigned)(done >= pr->bytes_total ? 100 : done * 100 / pr->bytes_total);
        char bar[BAR_WIDTH + 3], left[32] = "";
        draw_bar(bar, pct);
        /* Time left from the pace so far, once there is a pace to go by. */
        if (pct >= 3 && pct < 100 && t - pr->started > 1) {
            long s = lround((t - pr->started) * (100 - pct) / pct);
            snprintf(left, sizeof left, "  %ld:%02ld left", s / 60, s % 60);
        }
        fprintf(stderr, "\r%s %3u%%  synthesis  %.1f s of audio%s\033[K", bar, pct,
                p->audio_ms / 1000.0, left);
    } else {
        fprintf(stderr, "\r%.1f s of audio ", p->audio_ms / 1000.0);
    }
    fflush(stderr);
    pr->shown = true;
}

void cli_progress_pass(void *user, const char *pass, double fraction)
{
    cli_progress *pr = user;
    if (!pr->enabled)
        return;
    double t = now_seconds();
    /* A new pass is always shown, however soon: each pass gets its line. */
    bool same = pr->pass && strcmp(pr->pass, pass) == 0;
    if (pr->shown && same && t - pr->last_update < 0.1 && fraction < 1)
        return;
    pr->last_update = t;
    pr->pass = pass;
    unsigned pct = fraction <= 0 ? 0 : fraction >= 1 ? 100 : (unsigned)(fraction * 100);
    char bar[BAR_WIDTH + 3];
    draw_bar(bar, pct);
    fprintf(stderr, "\r%s %3u%%  %s\033[K", bar, pct, pass);
    fflush(stderr);
    pr->shown = true;
}

void cli_progress_batch(cli_progress *pr, size_t finished, size_t total, size_t running)
{
    if (!pr->enabled)
        return;
    char bar[BAR_WIDTH + 3];
    draw_bar(bar, total ? (unsigned)(finished * 100 / total) : 100);
    fprintf(stderr, "\r%s %zu/%zu files  %zu running\033[K", bar, finished, total, running);
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
