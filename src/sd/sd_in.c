/* sd_in.c - lines and "."-terminated data blocks from the server. */
#include "sd.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* getc_unlocked is POSIX; the main thread is the only reader of the server's pipe. */

/* Room for one more byte, doubling up to the cap (and one for the NUL). */
static bool line_room(sd_in *in)
{
    if (in->len + 2 <= in->cap)
        return true;
    size_t want = in->cap ? in->cap * 2 : 256;
    if (want > SD_MAX_LINE_BYTES + 2)
        want = SD_MAX_LINE_BYTES + 2;
    char *p = realloc(in->line, want);
    if (!p)
        return false;
    in->line = p;
    in->cap = want;
    return true;
}

/* Byte by byte (getline would first take the whole line into memory: 200 MB for a 200 MB
 * line); beyond SD_MAX_LINE_BYTES the rest of the line is read and dropped. */
bool sd_in_line(sd_in *in)
{
    in->len = 0;
    in->too_long = false;
    bool any = false;
    int c;
    while ((c = getc_unlocked(in->f)) != EOF) {
        any = true;
        if (c == '\n')
            break;
        if (in->len >= SD_MAX_LINE_BYTES || !line_room(in)) {
            in->too_long = true;
            continue;
        }
        in->line[in->len++] = (char)c;
    }
    if (!any || !line_room(in)) {
        in->len = 0;
        return false;
    }
    if (in->len > 0 && in->line[in->len - 1] == '\r') /* a hand-typed session (a terminal, nc) */
        in->len--;
    in->line[in->len] = '\0';
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
        if (in->too_long || *len + n + 1 > max_bytes) {
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
