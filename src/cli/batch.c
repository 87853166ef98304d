/* batch.c - `vnreader --batch FILE|DIR... -o OUTDIR --jobs N`: one output per input, N at a time.
 * Folders are read with their sub-folders, mirrored under OUTDIR; `--captions srt|vtt` and
 * `--transcript` put the text tracks beside each output.
 *
 * eSpeak NG is one synthesizer per process, so each input is its own child process: forked after
 * the options are parsed, it runs the ordinary single-file path (cli_run_one, run.c) with its input
 * and its output, so a batch job does exactly what `vnreader -o OUTDIR/NAME.wav NAME.txt` does. A
 * job whose output is already newer than its input is skipped (as make does), so a batch can be run
 * again after a failure or after new files arrive.
 *
 * A child's stderr is a pipe read by the parent, which prints its messages whole lines at a time
 * (never interleaved with another job's, and with the progress line cleared first); a child's
 * stderr is not a terminal, so it draws no progress line of its own. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct job {
    char *input, *output;
    char *rel; /* the sub-folder under its input folder ("" or "sub/"), mirrored */
    char *captions, *transcript; /* beside the output, or NULL */
    pid_t pid;                   /* 0: not started or finished */
    int err_fd;                  /* read end of the child's stderr, -1 when closed */
    char line[1024];
    size_t line_len;
} job;

typedef struct batch {
    cli_options *o;
    job *jobs;
    size_t n, cap;
    size_t next, running, finished, done, skipped, failed, stopped;
    cli_progress progress;
} batch;

/* --- The list of jobs. -------------------------------------------------------------------------
 */

static bool add_job(batch *b, const char *dir, const char *name, const char *rel)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        job *grown = realloc(b->jobs, cap * sizeof *grown);
        if (!grown)
            return false;
        b->jobs = grown;
        b->cap = cap;
    }
    job *j = &b->jobs[b->n];
    memset(j, 0, sizeof *j);
    j->err_fd = -1;
    size_t len = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;
    if (!(j->input = malloc(len)) || !(j->rel = strdup(rel))) {
        free(j->input);
        return false;
    }
    snprintf(j->input, len, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
    b->n++;
    return true;
}

/* The readable files of a folder (text, web pages, .epub, .docx, .odt, .pdf), not hidden, in
 * name order. */
static bool is_text_name(const char *name)
{
    static const char *const exts[] = {".txt", ".html", ".htm", ".epub", ".docx", ".odt", ".pdf"};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; name[0] != '.' && dot && i < sizeof exts / sizeof exts[0]; i++)
        if (!strcmp(dot, exts[i]))
            return true;
    return false;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder's entries that matter: text files and (not hidden, not symbolic links, so that a
 * link to a parent cannot loop) sub-folders, in name order. */
static char **list_folder(const char *dir, size_t *count, bool *ok)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    *ok = d != NULL;
    for (struct dirent *e; *ok && (e = readdir(d));) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        bool sub = e->d_name[0] != '.' && lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
        if (!sub && !is_text_name(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            char **grown = realloc(names, cap * sizeof *names);
            *ok = grown != NULL;
            names = grown ? grown : names;
        }
        if (*ok && (names[n] = strdup(e->d_name)) != NULL)
            n++;
        else
            *ok = false;
    }
    if (d)
        closedir(d);
    if (names)
        qsort(names, n, sizeof *names, compare_strings);
    *count = n;
    return names;
}

/* The text files of a folder and of its sub-folders, which the output folder mirrors:
 * in/2024/tin.txt -> out/2024/tin.wav. */
static int add_folder(batch *b, const char *dir, const char *rel)
{
    size_t n = 0;
    bool ok;
    char **names = list_folder(dir, &n, &ok);
    if (!ok && !names) {
        cli_error("%s: %s", dir, strerror(errno));
        return EXIT_RUNTIME;
    }
    int rc = ok ? EXIT_OK : EXIT_RUNTIME;
    for (size_t i = 0; i < n; i++) {
        char path[4096], sub[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (rc == EXIT_OK && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            snprintf(sub, sizeof sub, "%s%s/", rel, names[i]);
            rc = add_folder(b, path, sub);
        } else if (rc == EXIT_OK && !add_job(b, dir, names[i], rel))
            rc = EXIT_RUNTIME;
        free(names[i]);
    }
    free(names);
    if (!ok)
        cli_error("out of memory");
    return rc;
}

/* OUTDIR/REL/NAME.EXT for input .../REL/NAME.txt. */
static char *beside(const batch *b, const job *j, const char *ext)
{
    const char *outdir = b->o->outputs[0];
    const char *base = strrchr(j->input, '/');
    base = base ? base + 1 : j->input;
    const char *dot = strrchr(base, '.');
    int base_len = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    size_t len = strlen(outdir) + strlen(j->rel) + (size_t)base_len + strlen(ext) + 3;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%s/%s%.*s.%s", outdir, j->rel, base_len, base, ext);
    return out;
}

/* The output named by the format --format or a preset makes (wav by default), and the text
 * tracks asked for (--captions srt|vtt, --transcript txt) beside it. */
static bool name_output(batch *b, job *j)
{
    vnr_format format = VNR_FORMAT_AUTO; /* a name without extension: what the options make */
    cli_output_format(b->o, "", &format);
    j->output = beside(b, j, format == VNR_FORMAT_AUTO ? "wav" : vnr_format_name(format));
    if (b->o->captions)
        j->captions = beside(b, j, b->o->captions);
    if (b->o->transcript)
        j->transcript = beside(b, j, b->o->transcript);
    return j->output && (!b->o->captions || j->captions) && (!b->o->transcript || j->transcript);
}

static int by_output(const void *a, const void *b)
{
    const job *x = *(const job *const *)a, *y = *(const job *const *)b;
    return strcmp(x->output, y->output);
}

/* Two inputs that would write one output (a.txt and a.html -> a.wav) are refused before any
 * work: one of them would be lost, and the summary would count both as done. */
static int refuse_collisions(batch *b)
{
    job **order = malloc((b->n ? b->n : 1) * sizeof *order);
    if (!order) {
        cli_error("out of memory");
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < b->n; i++)
        order[i] = &b->jobs[i];
    qsort(order, b->n, sizeof *order, by_output);
    int rc = EXIT_OK;
    for (size_t i = 1; i < b->n; i++)
        if (strcmp(order[i - 1]->output, order[i]->output) == 0) {
            cli_error("%s and %s would both be written to %s: rename one, or batch them apart",
                      order[i - 1]->input, order[i]->input, order[i]->output);
            rc = EXIT_USAGE;
        }
    free(order);
    return rc;
}

/* mkdir -p for the folder part of path (under the output folder, which exists). */
static int make_folders(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return EXIT_RUNTIME;
    int rc = EXIT_OK;
    for (char *p = strchr(dir + 1, '/'); p && rc == EXIT_OK; p = strchr(p + 1, '/')) {
        *p = '\0';
        struct stat st;
        if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0 && errno != EEXIST) {
            cli_error("%s: %s", dir, strerror(errno));
            rc = EXIT_RUNTIME;
        }
        *p = '/';
    }
    free(dir);
    return rc;
}

static int collect(batch *b)
{
    cli_options *o = b->o;
    for (size_t i = 0; i < o->n_inputs; i++) {
        struct stat st;
        const char *path = o->inputs[i].value;
        int rc = stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? add_folder(b, path, "")
                 : add_job(b, NULL, path, "")                ? EXIT_OK
                                                             : EXIT_RUNTIME;
        if (rc != EXIT_OK)
            return rc;
    }
    for (size_t i = 0; i < b->n; i++)
        if (!name_output(b, &b->jobs[i])) {
            cli_error("out of memory");
            return EXIT_RUNTIME;
        }
    int rc = refuse_collisions(b);
    if (rc != EXIT_OK)
        return rc;
    struct stat st;
    const char *outdir = o->outputs[0];
    if (stat(outdir, &st) != 0 && mkdir(outdir, 0777) != 0) {
        cli_error("%s: %s", outdir, strerror(errno));
        return EXIT_RUNTIME;
    }
    if (stat(outdir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        cli_error("%s: not a folder (--batch writes one file per input into -o DIR)", outdir);
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < b->n && rc == EXIT_OK; i++)
        if (b->jobs[i].rel[0])
            rc = make_folders(b->jobs[i].output);
    return rc;
}

/* Up to date as make sees it: the output (and each text track asked for) exists and is not
 * older than its input. */
static bool newer(const struct stat *in, const char *path)
{
    struct stat out;
    if (!path)
        return true;
    if (stat(path, &out) != 0)
        return false;
    if (out.st_mtim.tv_sec != in->st_mtim.tv_sec)
        return out.st_mtim.tv_sec > in->st_mtim.tv_sec;
    return out.st_mtim.tv_nsec >= in->st_mtim.tv_nsec;
}

static bool up_to_date(const job *j)
{
    struct stat in;
    if (stat(j->input, &in) != 0 || !S_ISREG(in.st_mode))
        return false;
    return newer(&in, j->output) && newer(&in, j->captions) && newer(&in, j->transcript);
}

/* --- Children. ---------------------------------------------------------------------------------
 */

/* In the child: the ordinary run with one input and one output. Never returns. */
static void run_child(const batch *b, const job *j, int err_fd)
{
    dup2(err_fd, 2);
    close(err_fd);
    /* Its own process group: Ctrl-C on the terminal reaches the parent only, which passes each
     * signal on (signals.c); a second one makes the child remove its temporary files and die. */
    setpgid(0, 0);
    cli_options o = *b->o;
    cli_input in = {false, j->input};
    const char *out = j->output;
    o.batch = false;
    o.jobs = 0;
    o.inputs = &in;
    o.n_inputs = 1;
    o.outputs = &out;
    o.n_outputs = 1;
    o.captions = j->captions;
    o.transcript = j->transcript;
    int rc = cli_run_one(&o);
    fflush(NULL);
    _exit(rc);
}

static bool start(batch *b, job *j)
{
    int fds[2];
    if (pipe(fds) != 0) {
        cli_error("%s: %s", j->input, strerror(errno));
        return false;
    }
    fflush(NULL);
    /* Blocked across fork until the child is in the table: a Ctrl-C in between reaches it. */
    cli_signals_block(true);
    pid_t pid = fork();
    if (pid == 0) {
        cli_signals_child_started();
        cli_signals_block(false);
        close(fds[0]);
        run_child(b, j, fds[1]);
    }
    if (pid > 0)
        cli_signals_add_child(pid);
    cli_signals_block(false);
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        cli_error("%s: cannot start a job: %s", j->input, strerror(errno));
        return false;
    }
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    j->pid = pid;
    j->err_fd = fds[0];
    b->running++;
    return true;
}

/* Print the complete lines a child wrote; at end of file, the rest too. */
static void relay(batch *b, job *j)
{
    ssize_t got = read(j->err_fd, j->line + j->line_len, sizeof j->line - 1 - j->line_len);
    if (got < 0 && errno == EINTR)
        return;
    bool eof = got <= 0;
    j->line_len += eof ? 0 : (size_t)got;
    char *nl;
    while ((nl = memchr(j->line, '\n', j->line_len)) || j->line_len == sizeof j->line - 1 ||
           (eof && j->line_len > 0)) {
        size_t n = nl ? (size_t)(nl - j->line) + 1 : j->line_len;
        cli_progress_clear(&b->progress);
        fwrite(j->line, 1, n, stderr);
        if (!nl)
            fputc('\n', stderr);
        memmove(j->line, j->line + n, j->line_len - n);
        j->line_len -= n;
    }
    if (eof) {
        close(j->err_fd);
        j->err_fd = -1;
    }
}

static void reap(batch *b, job *j, int status)
{
    j->pid = 0;
    b->running--;
    b->finished++;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        b->done++;
        return;
    }
    if (cli_stop_signal() && (WIFSIGNALED(status) || WEXITSTATUS(status) >= 128)) {
        b->stopped++; /* we asked it to stop: not a failure of its input */
        return;
    }
    b->failed++;
    if (WIFSIGNALED(status))
        cli_error("%s: failed: killed by signal %d", j->input, WTERMSIG(status));
    else if (WEXITSTATUS(status) >= 128)
        cli_error("%s: failed: stopped (exit %d)", j->input, WEXITSTATUS(status));
}

/* Wait for output or an exit of the running children (a tenth of a second at most). */
static void wait_some(batch *b)
{
    struct pollfd fds[256 + 1];
    job *owners[256 + 1];
    nfds_t n = 0;
    for (size_t i = 0; i < b->n && n < 256; i++)
        if (b->jobs[i].err_fd >= 0) {
            fds[n] = (struct pollfd){.fd = b->jobs[i].err_fd, .events = POLLIN};
            owners[n++] = &b->jobs[i];
        }
    if (poll(fds, n, 100) > 0)
        for (nfds_t k = 0; k < n; k++)
            if (fds[k].revents)
                relay(b, owners[k]);
    for (size_t i = 0; i < b->n; i++) {
        job *j = &b->jobs[i];
        int status;
        if (j->pid <= 0 || j->err_fd >= 0)
            continue;
        cli_signals_remove_child(j->pid); /* before its pid can be reused by another process */
        if (waitpid(j->pid, &status, 0) == j->pid)
            reap(b, j, status);
    }
}

static void run_jobs(batch *b, size_t slots)
{
    /* Signals reach the children from the handler itself (signals.c): this loop only stops
     * starting new ones and waits for the running ones to end. */
    while (b->next < b->n || b->running > 0) {
        int sig = cli_stop_signal();
        while (!sig && b->running < slots && b->next < b->n) {
            job *j = &b->jobs[b->next++];
            if (up_to_date(j)) {
                b->skipped++;
                b->finished++;
            } else if (!start(b, j)) {
                b->failed++;
                b->finished++;
            }
        }
        if (sig && b->running == 0)
            break;
        cli_progress_batch(&b->progress, b->finished, b->n, b->running);
        if (b->running > 0)
            wait_some(b);
    }
}

int cli_batch(cli_options *o)
{
    batch b;
    memset(&b, 0, sizeof b);
    b.o = o;
    b.progress.enabled = !o->quiet && isatty(2);
    cli_active_progress = &b.progress;
    int rc = collect(&b);
    if (rc == EXIT_OK) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        size_t slots = o->jobs > 0 ? (size_t)o->jobs : cpus > 0 ? (size_t)cpus : 1;
        run_jobs(&b, slots > 256 ? 256 : slots);
        cli_progress_clear(&b.progress);
        fprintf(stderr, "vnreader: %zu done, %zu skipped (up to date), %zu failed", b.done,
                b.skipped, b.failed);
        if (b.stopped > 0)
            fprintf(stderr, ", %zu stopped", b.stopped);
        fputc('\n', stderr);
        rc = cli_stop_signal() ? 128 + cli_stop_signal() : b.failed ? EXIT_RUNTIME : EXIT_OK;
    }
    cli_active_progress = NULL;
    for (size_t i = 0; i < b.n; i++) {
        free(b.jobs[i].input);
        free(b.jobs[i].output);
        free(b.jobs[i].rel);
        free(b.jobs[i].captions);
        free(b.jobs[i].transcript);
    }
    free(b.jobs);
    return rc;
}
