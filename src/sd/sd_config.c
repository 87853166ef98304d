/* sd_config.c - the module's own config file (argv[1], e.g. sd_vnreader.conf): "Key value" lines
 * in the style of speech-dispatcher's module configs, '#' comments, values optionally quoted.
 * Unknown keys are ignored so one file can carry the server's common keys (Debug ...). */
#include "sd.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_RATE_DEFAULT 450 /* like the espeak-ng module: libsonic above it sounds rougher */

void sd_config_default(sd_config *c)
{
    memset(c, 0, sizeof *c);
    strcpy(c->voice, "north");
    c->max_rate = MAX_RATE_DEFAULT;
}

/* Split "Key  "value"" into key and value in place; false for a blank or comment line. */
static bool split_line(char *line, char **key, char **value)
{
    while (isspace((unsigned char)*line))
        line++;
    if (!*line || *line == '#')
        return false;
    *key = line;
    while (*line && !isspace((unsigned char)*line))
        line++;
    if (*line)
        *line++ = '\0';
    while (isspace((unsigned char)*line))
        line++;
    size_t n = strlen(line);
    while (n && isspace((unsigned char)line[n - 1]))
        line[--n] = '\0';
    if (n >= 2 && line[0] == '"' && line[n - 1] == '"') {
        line[n - 1] = '\0';
        line++;
    }
    *value = line;
    return true;
}

static bool apply(sd_config *c, const char *key, const char *value)
{
    if (strcasecmp(key, "VnreaderVoice") == 0)
        return snprintf(c->voice, sizeof c->voice, "%s", value) < (int)sizeof c->voice;
    if (strcasecmp(key, "VnreaderDataDir") == 0)
        return snprintf(c->data_dir, sizeof c->data_dir, "%s", value) < (int)sizeof c->data_dir;
    if (strcasecmp(key, "VnreaderMaxRate") == 0) {
        char *end;
        long v = strtol(value, &end, 10);
        if (end == value || *end || v < 80 || v > 900)
            return false;
        c->max_rate = (int)v;
    }
    return true;
}

bool sd_config_load(sd_config *c, const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return true; /* like the server's own modules: no file, defaults */
    char line[1024];
    int line_no = 0;
    bool ok = true;
    while (ok && fgets(line, sizeof line, f)) {
        line_no++;
        char *key, *value;
        if (split_line(line, &key, &value) && !apply(c, key, value)) {
            snprintf(err, err_size, "%s:%d: bad value for %s", path, line_no, key);
            ok = false;
        }
    }
    fclose(f);
    return ok;
}
