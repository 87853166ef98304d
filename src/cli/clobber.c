/* clobber.c - outputs never overwrite inputs, nor each other. `vnreader -o tin.txt --format wav
 * tin.txt` would replace the article with audio, and `--captions bản_tin.txt bản_tin.txt` the
 * text with captions; two outputs on one file would leave only the last. Before any work, every
 * file named as an input (text, --bulletin, --lexicon) and as an output (-o, --captions,
 * --transcript) is identified by device and inode, which sees through symbolic links, hard links,
 * "./x" and "../dir/x"; an output that does not exist yet is identified by its folder's device and
 * inode and its name, so `-o a.wav -o ./a.wav` is caught too. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct named_file {
    const char *what; /* "-o", "--captions", "input" ... for the message */
    const char *path;
    bool output;
    bool exists;
    dev_t dev;
    ino_t ino;
    char base[256]; /* for a file that does not exist yet: its name in the folder dev:ino */
} named_file;

/* Streams and devices are not files that can be clobbered: "-", /dev/stdout, /dev/null. */
static bool is_stream(const char *path)
{
    return strcmp(path, "-") == 0 || strncmp(path, "/dev/", 5) == 0 ||
           strncmp(path, "/proc/", 6) == 0;
}

static void identify(named_file *f)
{
    struct stat st;
    if (stat(f->path, &st) == 0) {
        f->exists = !S_ISCHR(st.st_mode) && !S_ISFIFO(st.st_mode);
        f->dev = st.st_dev;
        f->ino = st.st_ino;
        return;
    }
    const char *slash = strrchr(f->path, '/');
    size_t dir_len = slash ? (size_t)(slash - f->path) : 0;
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(dir_len ? dir_len : 1) : 1,
             slash ? f->path : ".");
    snprintf(f->base, sizeof f->base, "%s", slash ? slash + 1 : f->path);
    if (stat(dir, &st) == 0) {
        f->dev = st.st_dev;
        f->ino = st.st_ino;
    } else {
        f->base[0] = '\0'; /* its folder is missing: the output fails later with that message */
    }
}

static bool same_file(const named_file *a, const named_file *b)
{
    if (a->exists != b->exists || a->dev != b->dev || a->ino != b->ino)
        return false;
    return a->exists || (a->base[0] && strcmp(a->base, b->base) == 0);
}

static void add(named_file *list, size_t *n, const char *what, const char *path, bool output)
{
    if (!path || is_stream(path))
        return;
    named_file *f = &list[(*n)++];
    memset(f, 0, sizeof *f);
    f->what = what;
    f->path = path;
    f->output = output;
    identify(f);
}

static size_t collect(const cli_options *o, named_file *list)
{
    size_t n = 0;
    for (size_t i = 0; i < o->n_inputs; i++)
        if (!o->inputs[i].is_text)
            add(list, &n, "input", o->inputs[i].value, false);
    add(list, &n, "--bulletin", o->bulletin, false);
    add(list, &n, "--lexicon", o->lexicon, false);
    for (size_t i = 0; i < o->n_outputs; i++)
        add(list, &n, "-o", o->outputs[i], true);
    add(list, &n, "--captions", o->captions, true);
    add(list, &n, "--transcript", o->transcript, true);
    return n;
}

int cli_check_clobber(const cli_options *o)
{
    size_t max = o->n_inputs + o->n_outputs + 4;
    named_file *list = calloc(max, sizeof *list);
    if (!list) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    size_t n = collect(o, list);
    int rc = EXIT_OK;
    for (size_t i = 0; i < n && rc == EXIT_OK; i++)
        for (size_t j = i + 1; j < n && rc == EXIT_OK; j++) {
            const named_file *a = &list[i], *b = &list[j];
            if (!(a->output || b->output) || !same_file(a, b))
                continue;
            if (a->output && b->output)
                cli_error("%s %s and %s %s are the same file: each output needs its own", a->what,
                          a->path, b->what, b->path);
            else
                cli_error("%s %s is the %s %s: an output must not overwrite an input",
                          b->output ? b->what : a->what, b->output ? b->path : a->path,
                          b->output ? a->what : b->what, b->output ? a->path : b->path);
            rc = EXIT_USAGE;
        }
    free(list);
    return rc;
}
