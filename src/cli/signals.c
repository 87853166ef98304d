/* signals.c - Ctrl-C, SIGTERM and SIGHUP for the command line program.
 *
 * The handler only records: the first signal asks the reader and every file being produced to
 * stop (vnr_reader_stop, vnr_stop_all), and the program then ends on its own path, which frees
 * the sinks (removing their temporary files) and leaves any earlier output untouched; exit status
 * 128 + the signal. A second signal is common and is no reason to leave litter: `timeout` sends
 * SIGTERM to the child and then to its process group, a supervisor repeats itself, a user presses
 * Ctrl-C twice. It removes every temporary file the library has made (vnr_temp_remove_all: names
 * kept in advance, unlink only) and only then dies by that signal. SIGHUP (the terminal closed)
 * is a stop like SIGTERM.
 *
 * A --batch parent never dies while its children run: it passes every signal on to them (each
 * child stops or cleans up as above) and waits for them (batch.c). */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#define MAX_CHILDREN 256

static volatile sig_atomic_t got_signal;
static vnr_reader *volatile signal_reader;
/* --batch: the running children, and the parent's pid (a child forked from us inherits this
 * table, and must not forward to its brothers and sisters). */
static volatile pid_t children[MAX_CHILDREN];
static volatile pid_t forwarding_pid;

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void forward(int sig)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i] > 0)
            kill(children[i], sig);
}

static void die_clean(int sig)
{
    vnr_temp_remove_all();
    signal(sig, SIG_DFL);
    raise(sig); /* blocked while we are in the handler: delivered as it returns */
}

static void on_signal(int sig)
{
    int saved = errno;
    if (forwarding_pid && forwarding_pid == getpid()) {
        forward(sig);
        if (!got_signal)
            got_signal = sig;
    } else if (got_signal) {
        die_clean(sig);
    } else {
        got_signal = sig;
        vnr_stop_all();
        vnr_reader_stop(signal_reader);
    }
    errno = saved;
}

/* No SA_RESTART: a read from a terminal or pipe must give up when the user presses Ctrl-C.
 * The three stop signals block one another while the handler runs, so SIGTERM and SIGINT
 * arriving together are a first and a second, never two firsts. SIGPIPE is ignored so a closed
 * pipe is an EPIPE error we can end on quietly. */
void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        sigaddset(&sa.sa_mask, stop_signals[i]);
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        sigaction(stop_signals[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int cli_stop_signal(void)
{
    return got_signal;
}

void cli_signals_set_reader(vnr_reader *reader)
{
    signal_reader = reader;
    if (reader && got_signal)
        vnr_reader_stop(reader); /* the signal came while the reader was being made */
}

/* Signals blocked while the table changes, so the handler never sees half an update. */
static void with_signals_blocked(int set_index, pid_t value)
{
    sigset_t block, old;
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        sigaddset(&block, stop_signals[i]);
    sigprocmask(SIG_BLOCK, &block, &old);
    children[set_index] = value;
    sigprocmask(SIG_SETMASK, &old, NULL);
}

bool cli_signals_add_child(pid_t pid)
{
    forwarding_pid = getpid();
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i] == 0) {
            with_signals_blocked(i, pid);
            return true;
        }
    return false;
}

void cli_signals_remove_child(pid_t pid)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i] == pid)
            with_signals_blocked(i, 0);
}

void cli_signals_child_started(void)
{
    forwarding_pid = 0;
    for (int i = 0; i < MAX_CHILDREN; i++)
        children[i] = 0;
}

void cli_signals_block(bool block)
{
    static sigset_t old;
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
        sigaddset(&set, stop_signals[i]);
    if (block)
        sigprocmask(SIG_BLOCK, &set, &old);
    else
        sigprocmask(SIG_SETMASK, &old, NULL);
}
