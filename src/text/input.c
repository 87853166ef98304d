/* input.c - text in, one cleaned line at a time, from a file, stdin or memory.
 *
 * Reading by lines keeps memory bounded by the longest line whatever the document length,
 * and gives every problem a "file:line" to point at. */
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct vnr_input {
    char name[256];
    FILE *fp;         /* NULL for text in memory */
    bool close_fp;    /* false for stdin */
    const char *text; /* memory input */
    char *owned;      /* memory input the input frees (extracted HTML) */
    size_t text_len, text_pos;
    char *raw; /* getline buffer */
    size_t raw_cap;
    size_t piece_max; /* 0: whole lines; else longer lines come in pieces of at most this */
    bool piece_open;  /* the last piece did not end its line */
    char *carry;      /* file pieces: the bytes read after the last piece's cut */
    size_t carry_len;
    char *clean; /* the cleaned current line */
    long line_no;
    uint64_t offset, size;
    vnr_warn_fn warn;
    void *warn_user;
    unsigned char *levels; /* from a document: the heading level of each line, or 0 */
    size_t n_levels;
};

static vnr_input *input_alloc(const char *name)
{
    vnr_input *in = calloc(1, sizeof *in);
    if (in)
        snprintf(in->name, sizeof in->name, "%s", name);
    return in;
}

vnr_status vnr_open_read(const char *path, const char *what, FILE **fp, uint64_t *size,
                         vnr_diag *diag)
{
    bool is_stdin = !path || strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return vnr_fail(diag, errno == ENOENT ? VNR_ERR_NOT_FOUND : VNR_ERR_IO, "%s: %s", path,
                        strerror(errno));
    struct stat st;
    bool known = fstat(fileno(f), &st) == 0;
    if (known && S_ISDIR(st.st_mode)) {
        if (!is_stdin)
            fclose(f);
        return vnr_fail(diag, VNR_ERR_IS_DIR, "%s: is a directory, not a %s", path, what);
    }
    if (size)
        *size = known && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    *fp = f;
    return VNR_OK;
}

vnr_status vnr_input_open_file(const char *path, vnr_input **out, vnr_diag *diag)
{
    *out = NULL;
    bool is_stdin = !path || strcmp(path, "-") == 0;
    FILE *fp = NULL;
    uint64_t size = 0;
    vnr_status status = vnr_open_read(path, "text file", &fp, &size, diag);
    if (status != VNR_OK)
        return status;
    vnr_input *in = input_alloc(is_stdin ? "<stdin>" : path);
    if (!in) {
        if (!is_stdin)
            fclose(fp);
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    in->fp = fp;
    in->close_fp = !is_stdin;
    in->size = size;
    *out = in;
    return VNR_OK;
}

vnr_status vnr_input_open_text(const char *text, size_t len, const char *name, vnr_input **out,
                               vnr_diag *diag)
{
    vnr_input *in = input_alloc(name ? name : "<text>");
    if (!in)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    in->text = text;
    in->text_len = len;
    in->size = len;
    *out = in;
    return VNR_OK;
}

vnr_status vnr_input_open_owned(char *text, size_t len, const char *name, vnr_input **out)
{
    vnr_status st = vnr_input_open_text(text, len, name, out, NULL);
    if (st != VNR_OK)
        free(text);
    else
        (*out)->owned = text;
    return st;
}

void vnr_input_set_warn(vnr_input *in, vnr_warn_fn warn, void *user)
{
    in->warn = warn;
    in->warn_user = user;
}

/* --- Pieces: a 10 MB line need not be read whole before its first sentence is spoken. ------ */

void vnr_input_set_piece_size(vnr_input *in, size_t max)
{
    in->piece_max = max < 64 ? 64 : max;
}

bool vnr_input_line_continues(const vnr_input *in)
{
    return in->piece_open;
}

/* Where to end a piece of s[0..n) that does not end its line: after its last space, else at a
 * UTF-8 character boundary. */
static size_t piece_cut(const char *s, size_t n)
{
    for (size_t i = n; i > n / 2; i--)
        if (s[i - 1] == ' ' || s[i - 1] == '\t')
            return i;
    size_t i = n;
    while (i > n - 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    return i > n - 4 && ((unsigned char)s[i - 1] & 0xC0) == 0xC0 ? i - 1 : n;
}

static vnr_status piece_from_text(vnr_input *in, const char **line, size_t *len)
{
    const char *s = in->text + in->text_pos;
    size_t left = in->text_len - in->text_pos;
    size_t span = left < in->piece_max ? left : in->piece_max;
    const char *nl = memchr(s, '\n', span);
    size_t n = nl ? (size_t)(nl - s) : span;
    in->piece_open = !nl && span < left;
    if (in->piece_open)
        n = piece_cut(s, n);
    in->text_pos += n + (nl != NULL);
    in->offset = in->text_pos;
    *line = s, *len = n;
    return VNR_OK;
}

/* raw = the carried bytes, then up to piece_max bytes more or up to a newline. */
static vnr_status piece_from_file(vnr_input *in, const char **line, size_t *len, vnr_diag *diag)
{
    if (in->raw_cap < in->piece_max + 2 || !in->carry) {
        char *raw = realloc(in->raw, in->piece_max + 2);
        char *carry = raw ? realloc(in->carry, in->piece_max) : NULL;
        if (raw)
            in->raw = raw, in->raw_cap = in->piece_max + 2;
        if (!carry)
            return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
        in->carry = carry;
    }
    size_t n = in->carry_len;
    memcpy(in->raw, in->carry, n);
    in->carry_len = 0;
    int c = 0;
    errno = 0;
    while (n < in->piece_max && (c = getc(in->fp)) != EOF) {
        in->offset++;
        if (c == '\n')
            break;
        in->raw[n++] = (char)c;
    }
    if (c == EOF && ferror(in->fp))
        return vnr_fail(diag, VNR_ERR_IO, "%s:%ld: %s", in->name, in->line_no + 1,
                        strerror(errno ? errno : EIO));
    if (c == EOF && n == 0 && !in->piece_open) {
        *len = (size_t)-1;
        return VNR_OK;
    }
    in->piece_open = c != '\n' && c != EOF;
    if (in->piece_open) {
        size_t cut = piece_cut(in->raw, n);
        in->carry_len = n - cut;
        memcpy(in->carry, in->raw + cut, in->carry_len);
        n = cut;
    }
    *line = in->raw, *len = n;
    return VNR_OK;
}

/* The next raw line (without '\n'), or *len == (size_t)-1 at the end. */
static vnr_status next_raw(vnr_input *in, const char **line, size_t *len, vnr_diag *diag)
{
    bool continued = in->piece_open;
    if (in->piece_max && (in->fp || in->text_pos < in->text_len)) {
        vnr_status st =
            in->fp ? piece_from_file(in, line, len, diag) : piece_from_text(in, line, len);
        if (st == VNR_OK && *len != (size_t)-1 && continued)
            in->line_no--; /* the same line goes on: vnr_input_next_line counts it once */
        return st;
    }
    if (!in->fp) {
        if (in->text_pos >= in->text_len) {
            *len = (size_t)-1;
            return VNR_OK;
        }
        const char *s = in->text + in->text_pos;
        const char *nl = memchr(s, '\n', in->text_len - in->text_pos);
        size_t n = nl ? (size_t)(nl - s) : in->text_len - in->text_pos;
        in->text_pos += n + (nl != NULL);
        in->offset = in->text_pos;
        *line = s, *len = n;
        return VNR_OK;
    }
    errno = 0;
    ssize_t n = getline(&in->raw, &in->raw_cap, in->fp);
    if (n < 0) {
        if (ferror(in->fp))
            return vnr_fail(diag, errno == ENOMEM ? VNR_ERR_NOMEM : VNR_ERR_IO, "%s:%ld: %s",
                            in->name, in->line_no + 1, strerror(errno ? errno : EIO));
        *len = (size_t)-1;
        return VNR_OK;
    }
    in->offset += (uint64_t)n;
    if (n > 0 && in->raw[n - 1] == '\n')
        n--;
    *line = in->raw, *len = (size_t)n;
    return VNR_OK;
}

vnr_status vnr_input_next_line(vnr_input *in, const char **line, size_t *len, vnr_diag *diag)
{
    const char *raw = NULL;
    size_t n = 0;
    *line = NULL, *len = 0;
    free(in->clean);
    in->clean = NULL;
    vnr_status st = next_raw(in, &raw, &n, diag);
    if (st != VNR_OK || n == (size_t)-1)
        return st;
    in->line_no++;
    if (n > 0 && raw[n - 1] == '\r' && !in->piece_open) /* CRLF files */
        n--;
    size_t bad = 0;
    if (in->fp && vnr_text_clean_in_place(in->raw, &n, &bad, &st)) {
        *len = n; /* the common case: no copy, so a 10 MB line costs 10 MB, not 20 */
    } else {
        size_t more = 0;
        if (st == VNR_OK)
            st = vnr_text_clean(raw, n, &in->clean, len, &more, NULL);
        bad += more;
    }
    if (st == VNR_ERR_BINARY)
        return vnr_fail(diag, st, "%s:%ld: NUL byte: this looks like a binary file, not text",
                        in->name, in->line_no);
    if (st != VNR_OK)
        return vnr_fail(diag, st, "%s:%ld: %s", in->name, in->line_no, vnr_status_message(st));
    /* Mostly undecodable bytes: another encoding or binary data; reading on would be noise. */
    if (bad > 16 && bad * 4 > n)
        return vnr_fail(diag, VNR_ERR_BINARY,
                        "%s:%ld: not UTF-8 text (binary data or another encoding?)", in->name,
                        in->line_no);
    if (bad && in->warn) {
        char msg[320];
        snprintf(msg, sizeof msg, "%s:%ld: invalid UTF-8 (%zu byte%s skipped)", in->name,
                 in->line_no, bad, bad == 1 ? "" : "s");
        in->warn(in->warn_user, msg);
    }
    *line = in->clean ? in->clean : in->raw;
    return VNR_OK;
}

long vnr_input_line_number(const vnr_input *in)
{
    return in->line_no;
}

uint64_t vnr_input_offset(const vnr_input *in)
{
    return in->offset;
}

uint64_t vnr_input_size(const vnr_input *in)
{
    return in->size;
}

void vnr_input_set_levels(vnr_input *in, unsigned char *levels, size_t n)
{
    free(in->levels);
    in->levels = levels, in->n_levels = n;
}

int vnr_input_heading_level(const vnr_input *in)
{
    long i = in->line_no - 1;
    return i >= 0 && (size_t)i < in->n_levels ? in->levels[i] : 0;
}

const char *vnr_input_name(const vnr_input *in)
{
    return in->name;
}

void vnr_input_free(vnr_input *in)
{
    if (!in)
        return;
    if (in->fp && in->close_fp)
        fclose(in->fp);
    free(in->raw);
    free(in->carry);
    free(in->clean);
    free(in->owned);
    free(in->levels);
    free(in);
}
