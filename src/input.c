/* input.c - text in, one cleaned line at a time, from a file, stdin or memory.
 *
 * Reading by lines keeps memory bounded by the longest line whatever the document length,
 * and gives every problem a "file:line" to point at. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct vnr_input {
    char name[256];
    FILE *fp;          /* NULL for text in memory */
    bool close_fp;     /* false for stdin */
    const char *text;  /* memory input */
    char *owned;       /* memory input the input frees (extracted HTML) */
    size_t text_len, text_pos;
    char *raw;         /* getline buffer */
    size_t raw_cap;
    char *clean;       /* the cleaned current line */
    long line_no;
    uint64_t offset, size;
    vnr_warn_fn warn;
    void *warn_user;
};

static vnr_input *input_alloc(const char *name)
{
    vnr_input *in = calloc(1, sizeof *in);
    if (in)
        snprintf(in->name, sizeof in->name, "%s", name);
    return in;
}

vnr_status vnr_input_open_file(const char *path, vnr_input **out, vnr_diag *diag)
{
    *out = NULL;
    bool is_stdin = !path || strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp)
        return vnr_fail(diag, errno == ENOENT ? VNR_ERR_NOT_FOUND : VNR_ERR_IO, "%s: %s", path,
                        strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!is_stdin)
            fclose(fp);
        return vnr_fail(diag, VNR_ERR_IS_DIR, "%s: is a directory, not a text file", path);
    }
    vnr_input *in = input_alloc(is_stdin ? "<stdin>" : path);
    if (!in) {
        if (!is_stdin)
            fclose(fp);
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    in->fp = fp;
    in->close_fp = !is_stdin;
    in->size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
    *out = in;
    return VNR_OK;
}

vnr_status vnr_input_open_text(const char *text, size_t len, const char *name, vnr_input **out)
{
    vnr_input *in = input_alloc(name ? name : "<text>");
    if (!in)
        return VNR_ERR_NOMEM;
    in->text = text;
    in->text_len = len;
    in->size = len;
    *out = in;
    return VNR_OK;
}

vnr_status vnr_input_open_owned(char *text, size_t len, const char *name, vnr_input **out)
{
    vnr_status st = vnr_input_open_text(text, len, name, out);
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

/* The next raw line (without '\n'), or *len == (size_t)-1 at the end. */
static vnr_status next_raw(vnr_input *in, const char **line, size_t *len, vnr_diag *diag)
{
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
    if (n > 0 && raw[n - 1] == '\r') /* CRLF files */
        n--;
    size_t bad = 0;
    if (in->fp && vnr_text_clean_in_place(in->raw, &n, &bad, &st)) {
        *len = n; /* the common case: no copy, so a 10 MB line costs 10 MB, not 20 */
    } else {
        size_t more = 0;
        if (st == VNR_OK)
            st = vnr_text_clean(raw, n, &in->clean, len, &more);
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
    free(in->clean);
    free(in->owned);
    free(in);
}
