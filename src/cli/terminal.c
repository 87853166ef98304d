/* terminal.c - the keyboard for interactive listening: the terminal in raw mode (keys one by one,
 * no echo) while we run, restored on every way out - q, Ctrl-C, SIGTERM, SIGHUP, a crash - and
 * handed back to the shell while Ctrl-Z has us stopped. */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_termios, raw_termios;
static volatile sig_atomic_t termios_saved;
static volatile sig_atomic_t stop_signal;
static vnr_reader *volatile signal_reader;

/* Async-signal-safe: tcsetattr only. */
void cli_term_restore(void)
{
    if (termios_saved)
        tcsetattr(0, TCSANOW, &saved_termios);
}

/* Keys arrive one by one; ISIG stays so Ctrl-C is a SIGINT like everywhere else. */
void cli_term_raw(void)
{
    if (!isatty(0) || tcgetattr(0, &saved_termios) != 0)
        return;
    termios_saved = 1;
    struct termios t = saved_termios;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    raw_termios = t;
    tcsetattr(0, TCSANOW, &t);
}

int cli_term_stop_signal(void)
{
    return stop_signal;
}

/* Ctrl-C, SIGTERM, SIGHUP: silence at once (vnr_reader_stop is async-signal-safe), the terminal
 * back; the loop saves the position and ends. A second one ends the process at once. */
static void on_stop_signal(int sig)
{
    cli_term_restore();
    if (stop_signal) {
        vnr_temp_remove_all(); /* a state file being saved: no temporary file left */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_signal = sig;
    vnr_reader_stop(signal_reader);
}

/* A crash: the terminal back, then the default action (core dump) by re-raising. */
static void on_crash_signal(int sig)
{
    cli_term_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Ctrl-Z: the shell gets its terminal back while we are stopped, raw mode again on fg. */
static void on_suspend(int sig)
{
    (void)sig;
    cli_term_restore();
    kill(getpid(), SIGSTOP); /* SIGSTOP cannot be blocked: we stop here until SIGCONT */
    if (termios_saved)
        tcsetattr(0, TCSANOW, &raw_termios);
}

void cli_term_install(vnr_reader *reader)
{
    static const int stops[] = {SIGINT, SIGTERM, SIGHUP};
    static const int crashes[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
    struct sigaction sa;
    signal_reader = reader;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
        sigaction(stops[i], &sa, NULL);
    sa.sa_handler = on_suspend;
    sigaction(SIGTSTP, &sa, NULL);
    sa.sa_handler = on_crash_signal;
    for (size_t i = 0; i < sizeof crashes / sizeof crashes[0]; i++)
        sigaction(crashes[i], &sa, NULL);
    atexit(cli_term_restore);
}
