/* first_byte.c - time from spawning a program to the first byte on its stdout.
 *
 * usage: first_byte [-n RUNS] [-w WARMUP] CMD [ARG...] [:: CMD [ARG...]]...
 * The commands (separated by "::") are run in turn, WARMUP + RUNS rounds, so that noise on a
 * shared machine hits them alike. Each run forks, execs the command with stdin from /dev/null,
 * stdout to a pipe and stderr discarded, and stops the clock when the first read() returns
 * data; the program is then killed, since only the start matters here.
 * Prints one line per command: "MEDIAN_MS MIN_MS". Exit 1 if a command fails to start, ends
 * without writing anything, or writes nothing for 60 s; 2 on a usage error. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_CMDS = 8, MAX_RUNS = 1000, TIMEOUT_MS = 60000 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static void child(char **argv, int out_fd)
{
    int null = open("/dev/null", O_RDWR);
    if (null < 0 || dup2(null, 0) < 0 || dup2(null, 2) < 0 || dup2(out_fd, 1) < 0)
        _exit(126);
    execvp(argv[0], argv);
    _exit(127);
}

/* Milliseconds until the first byte from argv on stdout, or a negative value on failure. */
static double time_first_byte(char **argv)
{
    int fds[2];
    char byte[4096];
    if (pipe(fds) < 0)
        return -1;
    double start = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        child(argv, fds[1]);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return -1;
    }
    struct pollfd p = {fds[0], POLLIN, 0};
    ssize_t got = poll(&p, 1, TIMEOUT_MS) == 1 ? read(fds[0], byte, sizeof byte) : -1;
    double elapsed = now_ms() - start;
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(fds[0]);
    return got > 0 ? elapsed : -1;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    static double times[MAX_CMDS][MAX_RUNS];
    char **cmds[MAX_CMDS];
    int runs = 10, warmup = 2, n_cmds = 0, i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "-n") == 0)
            runs = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-w") == 0)
            warmup = atoi(argv[i + 1]);
        else
            break;
    }
    while (i < argc && n_cmds < MAX_CMDS) { /* split argv in place at each "::" */
        cmds[n_cmds++] = argv + i;
        while (i < argc && strcmp(argv[i], "::") != 0)
            i++;
        if (i < argc)
            argv[i++] = NULL;
    }
    if (n_cmds == 0 || i < argc || runs < 1 || runs > MAX_RUNS || warmup < 0) {
        fprintf(stderr, "usage: first_byte [-n RUNS] [-w WARMUP] CMD [ARG...] [:: CMD...]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    for (int r = -warmup; r < runs; r++)
        for (int c = 0; c < n_cmds; c++) {
            double t = time_first_byte(cmds[c]);
            if (t < 0) {
                fprintf(stderr, "first_byte: %s: no output\n", cmds[c][0]);
                return 1;
            }
            if (r >= 0)
                times[c][r] = t;
        }
    for (int c = 0; c < n_cmds; c++) {
        qsort(times[c], (size_t)runs, sizeof times[c][0], compare);
        double median =
            runs % 2 ? times[c][runs / 2] : (times[c][runs / 2 - 1] + times[c][runs / 2]) / 2;
        printf("%.2f %.2f\n", median, times[c][0]);
    }
    return 0;
}
