/* state.c - what interactive listening remembers per file: the position and the bookmarks, in
 * $XDG_STATE_HOME/vnreader/ (default ~/.local/state/vnreader/), one small file named by a hash
 * of the file's absolute path, with the file's size and FNV-1a hash so that an edited file
 * forgets its position.
 *
 * The folder and its files are private and never trusted blindly: the folder is made 0700 and
 * must be a real folder (not a symbolic link) owned by us; a state file is opened without
 * following symbolic links and must be a regular file of ours (a FIFO would block the reader,
 * a link could make us overwrite another file); it is written to a mkstemp() name (0600) in the
 * same folder and renamed over the old one, so a crash never leaves half a file. What is
 * refused is said once, and listening goes on without memory. */
#define _XOPEN_SOURCE 700 /* realpath, fchmod */
#include "cli.h"

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

static int mkdir_p(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* The folder exists, is a folder (lstat: a symbolic link is refused) and is ours. */
static bool safe_dir(char *dir)
{
    struct stat sb;
    if (mkdir_p(dir) != 0 || lstat(dir, &sb) != 0) {
        cli_error("%s: %s; position and bookmarks are not kept", dir, strerror(errno));
        return false;
    }
    if (!S_ISDIR(sb.st_mode)) {
        cli_error("%s: not a folder; position and bookmarks are not kept", dir);
        return false;
    }
    if (sb.st_uid != geteuid()) {
        cli_error("%s: belongs to another user; position and bookmarks are not kept", dir);
        return false;
    }
    return true;
}

/* A state file we may read and replace: absent, or a regular file of ours. */
static bool safe_file(const char *path, const struct stat *sb)
{
    if (!S_ISREG(sb->st_mode)) {
        cli_error("%s: not a regular file (a FIFO or a folder?); refused", path);
        return false;
    }
    if (sb->st_uid != geteuid()) {
        cli_error("%s: belongs to another user; refused", path);
        return false;
    }
    return true;
}

/* $XDG_STATE_HOME/vnreader/<hash of the absolute path>.pos into st->path; "" if none. */
static void find_path(cli_state *st, const char *file)
{
    char dir[PATH_MAX], abs[PATH_MAX];
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    st->path[0] = '\0';
    if (xdg && xdg[0] == '/')
        snprintf(dir, sizeof dir, "%s/vnreader", xdg);
    else if (home && home[0])
        snprintf(dir, sizeof dir, "%s/.local/state/vnreader", home);
    else
        return;
    if (!realpath(file, abs) || !safe_dir(dir))
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

/* O_NOFOLLOW: a symbolic link fails (ELOOP); O_NONBLOCK: a FIFO does not block the open. */
static void read_state(cli_state *st, size_t n_sentences)
{
    int fd = open(st->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    struct stat sb;
    if (fd < 0) {
        if (errno != ENOENT) {
            cli_error("%s: %s; refused", st->path, strerror(errno));
            st->path[0] = '\0';
        }
        return;
    }
    FILE *f = fstat(fd, &sb) == 0 && safe_file(st->path, &sb) ? fdopen(fd, "r") : NULL;
    if (!f) {
        close(fd);
        st->path[0] = '\0';
        return;
    }
    uint64_t size = 0, hash = 0;
    long at = 0;
    char line[PATH_MAX + 32];
    while (fgets(line, sizeof line, f))
        parse_line(st, line, &size, &hash, &at);
    fclose(f);
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

static bool write_all(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        text += n, len -= (size_t)n;
    }
    return true;
}

void cli_state_save(cli_state *st, const char *file, size_t sentence)
{
    if (!st->path[0])
        return;
    struct stat sb;
    if (lstat(st->path, &sb) == 0 && !safe_file(st->path, &sb)) {
        st->path[0] = '\0'; /* said once */
        return;
    }
    char text[PATH_MAX + 512], tmp[PATH_MAX + 48];
    int n = snprintf(text, sizeof text, "file=%s\nsize=%llu\nhash=%016llx\nsentence=%zu\n", file,
                     (unsigned long long)st->size, (unsigned long long)st->hash, sentence + 1);
    for (size_t i = 0; i < st->n_bookmarks && n > 0 && (size_t)n < sizeof text; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "bookmark=%zu\n", st->bookmarks[i] + 1);
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", st->path);
    int fd = mkstemp(tmp); /* 0600, O_EXCL: a new file of ours */
    if (fd < 0)
        return;
    bool ok =
        n > 0 && (size_t)n < sizeof text && fchmod(fd, 0600) == 0 && write_all(fd, text, (size_t)n);
    if (close(fd) != 0 || !ok || rename(tmp, st->path) != 0)
        unlink(tmp);
}
