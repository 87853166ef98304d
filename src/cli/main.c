/* main.c - the vnreader program: parse the options, then hand over to one front end: the
 * ordinary run (run.c), a batch (batch.c) or interactive listening (interactive.c); list voices
 * and devices. */
#include "cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* --- Listing voices and devices. ---------------------------------------------------------------
 */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of dir's *.voice files, sorted; NULL-terminated, caller frees each and the array. */
static char **voice_files(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t cap = 0;
    *n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len <= 6 || strcmp(e->d_name + len - 6, ".voice") != 0 || e->d_name[0] == '.')
            continue;
        if (*n + 1 >= cap) {
            cap = cap ? cap * 2 : 8;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        names[*n] = malloc(len + 1);
        if (names[*n])
            memcpy(names[(*n)++], e->d_name, len + 1);
    }
    if (d)
        closedir(d);
    if (names)
        qsort(names, *n, sizeof *names, compare_names);
    return names;
}

static int list_voices(cli_options *o)
{
    const char *dir = vnr_data_dir();
    size_t n = 0;
    char **files = voice_files(dir, &n);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        vnr_voice v;
        vnr_diag diag = {""};
        if (vnr_voice_load(path, NULL, &v, cli_warn_line, o, &diag) == VNR_OK)
            printf("%-10s %s\n", v.name, v.description);
        else
            cli_error("%s", diag.text);
        free(files[i]);
    }
    free(files);
    if (n == 0) {
        cli_error("no voices in %s (set VNREADER_DATA to the voices folder)", dir);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

static void print_line(void *user, const char *line)
{
    (void)user;
    puts(line);
}

static int list_devices(void)
{
    vnr_diag diag = {""};
    if (vnr_list_devices(print_line, NULL, &diag) != VNR_OK) {
        cli_error("%s", diag.text);
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    cli_install_signals();
    cli_options o;
    int rc = cli_parse(argc, argv, &o);
    if (rc == EXIT_OK) {
        if (o.help)
            cli_usage(stdout);
        else if (o.version)
            printf("vnreader %s\n", VNR_VERSION);
        else if (o.list_voices)
            rc = list_voices(&o);
        else if (o.list_devices)
            rc = list_devices();
        else if (o.batch)
            rc = cli_batch(&o);
        else if (o.interactive)
            rc = cli_interactive(&o);
        else
            rc = cli_run_one(&o);
    }
    cli_options_free(&o);
    if (cli_stop_signal() && rc != EXIT_OK && rc < 128)
        rc = 128 + cli_stop_signal();
    return rc;
}
