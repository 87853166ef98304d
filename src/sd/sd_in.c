/* sd_in.c - lines and "."-terminated data blocks from the server. */
#include "sd.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

bool sd_in_line(sd_in *in)
{
    ssize_t n = getline(&in->line, &in->cap, in->f);
    if (n < 0) {
        in->len = 0;
        return false;
    }
    if (n > 0 && in->line[n - 1] == '\n')
        n--;
    if (n > 0 && in->line[n - 1] == '\r') /* a hand-typed session through a terminal or nc */
        n--;
    in->line[n] = '\0';
    in->len = (size_t)n;
    return true;
}

/* Append n bytes to a malloc'd block, doubling its room. */
static bool grow_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t want = *cap ? *cap : 256;
        while (*len + n + 1 > want)
            want *= 2;
        char *p = realloc(*buf, want);
        if (!p)
            return false;
        *buf = p;
        *cap = want;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return true;
}

char *sd_in_block(sd_in *in, size_t max_bytes, size_t *len, size_t *n_lines, bool *eof,
                  bool *too_long)
{
    char *buf = NULL;
    size_t cap = 0;
    *len = *n_lines = 0;
    *eof = *too_long = false;
    bool ok = grow_append(&buf, len, &cap, "", 0);
    while (sd_in_line(in)) {
        if (strcmp(in->line, ".") == 0 && in->len == 1)
            return ok ? buf : (free(buf), NULL);
        /* The server doubles a leading dot so that a text line "." is not the end. */
        const char *line = in->line[0] == '.' ? in->line + 1 : in->line;
        size_t n = in->len - (size_t)(line - in->line);
        if (*len + n + 1 > max_bytes) {
            *too_long = true;
            continue;
        }
        if (ok && *n_lines > 0)
            ok = grow_append(&buf, len, &cap, "\n", 1);
        if (ok)
            ok = grow_append(&buf, len, &cap, line, n);
        (*n_lines)++;
    }
    *eof = true;
    free(buf);
    return NULL;
}

void sd_in_free(sd_in *in)
{
    free(in->line);
    in->line = NULL;
    in->cap = in->len = 0;
}
