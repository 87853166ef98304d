/* bulletin.c - a radio bulletin assembled from its parts, described by a small text file:
 *
 *   # Bản tin sáng
 *   intro = jingle.wav                  an audio file (any format libsndfile reads)
 *   gap   = 1.5                         seconds of silence between every two parts (default 1)
 *   item  = thoi-su.txt                 a text file read aloud
 *   item  = the-thao.txt | heading = Tin thể thao    with a heading read first
 *   outro = outro.flac
 *
 * Order: intro, the items in file order, outro. Paths are relative to the bulletin file's folder.
 * The parts go through one vnr_reader, so its sinks get one continuous stream and caption
 * positions count the jingles and the gaps. The gap replaces the voice's paragraph pause
 * between parts; between a heading and its story the paragraph pause stays. */
#include "core/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct bulletin_item {
    char *path;
    char *heading; /* NULL: none */
} bulletin_item;

struct vnr_bulletin {
    char *intro, *outro; /* NULL: none */
    double gap;
    bulletin_item *items;
    size_t n_items, cap;
};

typedef struct parse_state {
    vnr_bulletin *b;
    const char *path; /* of the bulletin, for messages */
    size_t dir_len;   /* bytes of its folder, with the slash */
    long line;
    vnr_diag *diag;
} parse_state;

/* --- Small string helpers. ---------------------------------------------------------------------
 */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && strchr(" \t\r\n", s[n - 1]))
        s[--n] = '\0';
    return s;
}

static char *dup_string(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    return d ? strcpy(d, s) : NULL;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static vnr_status
bad_line(parse_state *ps, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vnr_fail(ps->diag, VNR_ERR_PARSE, "%s:%ld: %s", ps->path, ps->line, msg);
}

/* A path from the bulletin, relative to its folder, that must be a readable file. */
static vnr_status resolve(parse_state *ps, const char *name, char **out)
{
    if (!*name)
        return bad_line(ps, "a file name is missing");
    size_t dir = name[0] == '/' ? 0 : ps->dir_len;
    char *p = malloc(dir + strlen(name) + 1);
    if (!p)
        return vnr_fail(ps->diag, VNR_ERR_NOMEM, "out of memory");
    sprintf(p, "%.*s%s", (int)dir, ps->path, name);
    if (access(p, R_OK) != 0) {
        vnr_status st = bad_line(ps, "%s: %s", p, strerror(errno));
        free(p);
        return st;
    }
    *out = p;
    return VNR_OK;
}

/* --- Lines. ------------------------------------------------------------------------------------
 */

static vnr_status set_audio(parse_state *ps, char **slot, const char *key, const char *value)
{
    if (*slot)
        return bad_line(ps, "a second '%s'", key);
    return resolve(ps, value, slot);
}

static vnr_status set_gap(parse_state *ps, const char *value)
{
    char *end;
    errno = 0;
    double g = strtod(value, &end);
    if (end == value || *end || errno || !(g >= 0 && g <= 60))
        return bad_line(ps, "gap: expected seconds from 0 to 60, got '%s'", value);
    ps->b->gap = g;
    return VNR_OK;
}

/* "story.txt | heading = Tin thể thao" */
static vnr_status add_item(parse_state *ps, char *value)
{
    vnr_bulletin *b = ps->b;
    char *bar = strchr(value, '|');
    if (bar)
        *bar = '\0';
    bulletin_item item = {NULL, NULL};
    if (bar) {
        char *opt = trim(bar + 1), *eq = strchr(opt, '=');
        if (!eq || strcmp(trim((*eq = '\0', opt)), "heading") != 0)
            return bad_line(ps, "after '|' only 'heading = TEXT' is known");
        if (!*trim(eq + 1))
            return bad_line(ps, "the heading is empty");
        if (!(item.heading = dup_string(trim(eq + 1))))
            return vnr_fail(ps->diag, VNR_ERR_NOMEM, "out of memory");
    }
    vnr_status st = resolve(ps, trim(value), &item.path);
    if (st == VNR_OK && b->n_items == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 8;
        bulletin_item *grown = realloc(b->items, cap * sizeof *grown);
        if (!grown)
            st = vnr_fail(ps->diag, VNR_ERR_NOMEM, "out of memory");
        else
            b->items = grown, b->cap = cap;
    }
    if (st != VNR_OK) {
        free(item.heading);
        free(item.path);
        return st;
    }
    b->items[b->n_items++] = item;
    return VNR_OK;
}

static vnr_status parse_line(parse_state *ps, char *line)
{
    line = trim(line);
    if (!*line || *line == '#')
        return VNR_OK;
    char *eq = strchr(line, '=');
    if (!eq)
        return bad_line(ps, "expected 'key = value'");
    *eq = '\0';
    char *key = trim(line), *value = trim(eq + 1);
    if (strcmp(key, "intro") == 0)
        return set_audio(ps, &ps->b->intro, key, value);
    if (strcmp(key, "outro") == 0)
        return set_audio(ps, &ps->b->outro, key, value);
    if (strcmp(key, "gap") == 0)
        return set_gap(ps, value);
    if (strcmp(key, "item") == 0)
        return add_item(ps, value);
    return bad_line(ps, "unknown key '%s' (intro, outro, gap, item)", key);
}

vnr_status vnr_bulletin_open(const char *path, vnr_bulletin **out, vnr_diag *diag)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return vnr_fail(diag, errno == ENOENT ? VNR_ERR_NOT_FOUND : VNR_ERR_IO, "%s: %s", path,
                        strerror(errno));
    vnr_bulletin *b = calloc(1, sizeof *b);
    if (!b) {
        fclose(f);
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    b->gap = 1.0;
    const char *slash = strrchr(path, '/');
    parse_state ps = {b, path, slash ? (size_t)(slash - path) + 1 : 0, 0, diag};
    vnr_status st = VNR_OK;
    char *line = NULL;
    size_t cap = 0;
    while (st == VNR_OK && getline(&line, &cap, f) >= 0) {
        ps.line++;
        st = parse_line(&ps, line);
    }
    if (st == VNR_OK && ferror(f))
        st = vnr_fail(diag, VNR_ERR_IO, "%s: %s", path, strerror(errno));
    if (st == VNR_OK && b->n_items == 0 && !b->intro && !b->outro)
        st = vnr_fail(diag, VNR_ERR_PARSE, "%s: nothing to read (no item, intro or outro)", path);
    free(line);
    fclose(f);
    if (st != VNR_OK) {
        vnr_bulletin_free(b);
        return st;
    }
    *out = b;
    return VNR_OK;
}

void vnr_bulletin_free(vnr_bulletin *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_items; i++) {
        free(b->items[i].path);
        free(b->items[i].heading);
    }
    free(b->items);
    free(b->intro);
    free(b->outro);
    free(b);
}

size_t vnr_bulletin_items(const vnr_bulletin *b)
{
    return b->n_items;
}

double vnr_bulletin_gap_ms(const vnr_bulletin *b)
{
    return b->gap * 1000.0; /* the file says seconds ("gap = 1.5") */
}

/* --- Reading. ----------------------------------------------------------------------------------
 */

static vnr_status write_gap(vnr_reader *r, double seconds, vnr_diag *diag)
{
    static const int16_t zeros[1024];
    uint64_t left = (uint64_t)(seconds * vnr_reader_sample_rate(r) + 0.5);
    vnr_status st = vnr_reader_write(r, zeros, 0, diag); /* even a 0 s gap replaces the pause */
    while (st == VNR_OK && left > 0) {
        size_t n = left < 1024 ? (size_t)left : 1024;
        st = vnr_reader_write(r, zeros, n, diag);
        left -= n;
    }
    return st;
}

static vnr_status read_text(vnr_reader *r, const char *text, vnr_diag *diag)
{
    vnr_input *in = NULL;
    vnr_status st = vnr_input_open_text(text, strlen(text), "heading", &in, NULL);
    if (st == VNR_OK)
        st = vnr_reader_read(r, in, diag);
    else
        vnr_fail(diag, st, "%s", vnr_status_message(st));
    vnr_input_free(in);
    return st;
}

/* HTML items go through the HTML extractor (the article text of a page); the rest are text. */
static bool is_html(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0);
}

static vnr_status read_item(vnr_reader *r, const bulletin_item *item, vnr_diag *diag)
{
    vnr_status st = VNR_OK;
    if (item->heading && (st = read_text(r, item->heading, diag)) != VNR_OK)
        return st;
    vnr_input *in = NULL;
    st = is_html(item->path) ? vnr_input_open_html(item->path, &in, diag)
                             : vnr_input_open_file(item->path, &in, diag);
    if (st == VNR_OK)
        st = vnr_reader_read(r, in, diag);
    vnr_input_free(in);
    return st;
}

vnr_status vnr_bulletin_read(vnr_reader *reader, const vnr_bulletin *b, vnr_diag *diag)
{
    size_t parts = 0;
    vnr_status st = VNR_OK;
    if (b->intro) {
        st = vnr_reader_play_file(reader, b->intro, diag);
        parts++;
    }
    for (size_t i = 0; st == VNR_OK && i < b->n_items; i++) {
        if (parts++ > 0)
            st = write_gap(reader, b->gap, diag);
        if (st == VNR_OK)
            st = read_item(reader, &b->items[i], diag);
    }
    if (st == VNR_OK && b->outro) {
        if (parts > 0)
            st = write_gap(reader, b->gap, diag);
        if (st == VNR_OK)
            st = vnr_reader_play_file(reader, b->outro, diag);
    }
    return st;
}
