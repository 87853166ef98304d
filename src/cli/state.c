/* state.c - what interactive listening remembers per file: the position and the bookmarks, in
 * the state folder ($XDG_STATE_HOME/vnreader/, default ~/.local/state/vnreader/), one small file
 * named by a hash of the file's absolute path, with the file's size and FNV-1a hash so that an
 * edited file forgets its position and bookmarks.
 *
 * The folder and its files are private and never trusted blindly (state_file.c: a 0700 folder
 * of ours, no link followed, a FIFO or another user's file refused, written to a mkstemp name
 * then renamed). What is refused is said once, and listening goes on without memory. */
#define _XOPEN_SOURCE 700 /* realpath, fchmod */
#include "cli.h"
#include "cli/state_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* FNV-1a, 64 bits: enough to notice an edited file, not a security measure. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}
#define FNV_START 14695981039346656037u

static void hash_file(const char *path, cli_state *st)
{
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;
    st->hash = FNV_START;
    st->size = 0;
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        st->hash = fnv1a(st->hash, buf, n);
        st->size += n;
    }
    if (f)
        fclose(f);
}

/* $XDG_STATE_HOME/vnreader/<hash of the absolute path>.pos into st->path; "" if none. */
static void find_path(cli_state *st, const char *file)
{
    char dir[PATH_MAX], abs[PATH_MAX];
    st->path[0] = '\0';
    if (!realpath(file, abs) || cli_state_dir(dir, sizeof dir) != EXIT_OK)
        return;
    uint64_t h = fnv1a(FNV_START, abs, strlen(abs));
    snprintf(st->path, sizeof st->path, "%s/%016llx.pos", dir, (unsigned long long)h);
}

static void parse_line(cli_state *st, const char *line, uint64_t *size, uint64_t *hash, long *at)
{
    unsigned long long u;
    long n;
    if (sscanf(line, "size=%llu", &u) == 1)
        *size = u;
    else if (sscanf(line, "hash=%llx", &u) == 1)
        *hash = u;
    else if (sscanf(line, "sentence=%ld", &n) == 1)
        *at = n;
    else if (sscanf(line, "bookmark=%ld", &n) == 1 && n >= 1 && st->n_bookmarks < CLI_BOOKMARKS)
        st->bookmarks[st->n_bookmarks++] = (size_t)n - 1;
}

/* A link, a FIFO or a file of another user at the name: refused (state_file.c says so), and
 * never written either. */
static void read_state(cli_state *st, size_t n_sentences)
{
    char *text = NULL;
    if (cli_state_read(st->path, 64 * 1024, &text) != EXIT_OK) {
        st->path[0] = '\0';
        return;
    }
    uint64_t size = 0, hash = 0;
    long at = 0;
    for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n"))
        parse_line(st, line, &size, &hash, &at);
    free(text);
    if (!text)
        return; /* nothing saved yet */
    st->changed = size != st->size || hash != st->hash;
    if (st->changed)
        st->n_bookmarks = 0;
    else if (at >= 1 && (size_t)at <= n_sentences)
        st->sentence = (size_t)at - 1;
    for (size_t i = 0; i < st->n_bookmarks; i++)
        if (st->bookmarks[i] >= n_sentences)
            st->bookmarks[i] = n_sentences ? n_sentences - 1 : 0;
}

void cli_state_load(cli_state *st, const char *file, size_t n_sentences)
{
    memset(st, 0, sizeof *st);
    hash_file(file, st);
    find_path(st, file);
    if (st->path[0])
        read_state(st, n_sentences);
}

void cli_state_save(cli_state *st, const char *file, size_t sentence)
{
    if (!st->path[0])
        return;
    char text[PATH_MAX + 512];
    int n = snprintf(text, sizeof text, "file=%s\nsize=%llu\nhash=%016llx\nsentence=%zu\n", file,
                     (unsigned long long)st->size, (unsigned long long)st->hash, sentence + 1);
    for (size_t i = 0; i < st->n_bookmarks && n > 0 && (size_t)n < sizeof text; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "bookmark=%zu\n", st->bookmarks[i] + 1);
    if (n > 0 && (size_t)n < sizeof text && cli_state_write(st->path, text, (size_t)n) != EXIT_OK)
        st->path[0] = '\0'; /* said once; listening goes on without memory */
}
