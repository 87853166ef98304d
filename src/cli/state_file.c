/* state_file.c - vnreader's own small files between runs (state_file.h says why each check). */
#include "cli/state_file.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each missing folder of path, made 0700 (an existing one is left as it is). */
static int mkdir_parents(char *path)
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

/* Ours, a real folder, and 0700 (a folder of ours with looser bits is tightened). */
static int check_dir(const char *dir)
{
    struct stat st;
    if (lstat(dir, &st) != 0) {
        cli_error("%s: %s", dir, strerror(errno));
        return EXIT_RUNTIME;
    }
    if (!S_ISDIR(st.st_mode)) {
        cli_error("%s: not a folder (%s): vnreader keeps no state there", dir,
                  S_ISLNK(st.st_mode) ? "a symbolic link" : "another kind of file");
        return EXIT_RUNTIME;
    }
    if (st.st_uid != geteuid()) {
        cli_error("%s: owned by user %ld, not by you: vnreader keeps no state there", dir,
                  (long)st.st_uid);
        return EXIT_RUNTIME;
    }
    if ((st.st_mode & 077) && chmod(dir, 0700) != 0) {
        cli_error("%s: cannot make it private (mode 0700): %s", dir, strerror(errno));
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int cli_state_dir(char *out, size_t size)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n = xdg && xdg[0] == '/'     ? snprintf(out, size, "%s/vnreader", xdg)
            : home && home[0] == '/' ? snprintf(out, size, "%s/.local/state/vnreader", home)
                                     : -1;
    if (n < 0 || (size_t)n >= size) {
        cli_error("no HOME (or XDG_STATE_HOME) to keep the reading position in");
        return EXIT_RUNTIME;
    }
    if (mkdir_parents(out) != 0) {
        cli_error("%s: %s", out, strerror(errno));
        return EXIT_RUNTIME;
    }
    return check_dir(out);
}

/* A descriptor of a regular file of ours, or -1 after a message (missing: -1, *missing). */
static int open_own_file(const char *path, bool *missing)
{
    *missing = false;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        *missing = errno == ENOENT;
        if (errno == ELOOP)
            cli_error("%s: a symbolic link where vnreader keeps its state: refused", path);
        else if (!*missing)
            cli_error("%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    const char *bad = fstat(fd, &st) != 0      ? strerror(errno)
                      : S_ISFIFO(st.st_mode)   ? "a FIFO, not a state file: refused"
                      : !S_ISREG(st.st_mode)   ? "not a regular file: refused"
                      : st.st_uid != geteuid() ? "owned by another user: refused"
                                               : NULL;
    if (bad) {
        cli_error("%s: %s", path, bad);
        close(fd);
        return -1;
    }
    return fd;
}

int cli_state_read(const char *path, size_t max, char **text)
{
    *text = NULL;
    bool missing;
    int fd = open_own_file(path, &missing);
    if (fd < 0)
        return missing ? EXIT_OK : EXIT_RUNTIME;
    char *buf = malloc(max + 1);
    size_t len = 0;
    ssize_t got = 0;
    while (buf && len <= max && (got = read(fd, buf + len, max + 1 - len)) > 0)
        len += (size_t)got;
    int err = errno;
    close(fd);
    if (!buf || got < 0 || len > max) {
        cli_error("%s: %s", path, !buf ? "out of memory" : got < 0 ? strerror(err) : "too long");
        free(buf);
        return EXIT_RUNTIME;
    }
    buf[len] = '\0';
    *text = buf;
    return EXIT_OK;
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        data += w;
        len -= (size_t)w;
    }
    return true;
}

int cli_state_write(const char *path, const char *data, size_t len)
{
    size_t size = strlen(path) + 16;
    char *tmp = malloc(size);
    if (!tmp) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    snprintf(tmp, size, "%s.XXXXXX", path);
    int slot;
    int fd = vnr_temp_mkstemp(tmp, &slot); /* O_EXCL: never an existing file or link */
    bool ok = fd >= 0 && write_all(fd, data, len) && fsync(fd) == 0;
    int err = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok && fd >= 0)
        unlink(tmp);
    vnr_temp_forget(slot);
    if (!ok)
        cli_error("%s: cannot save: %s", path, strerror(err));
    free(tmp);
    return ok ? EXIT_OK : EXIT_RUNTIME;
}
