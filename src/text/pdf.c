/* pdf.c - the text of a PDF through poppler-glib, as paragraphs a listener can follow.
 *
 * A PDF knows glyphs and positions, not paragraphs. Poppler gives each page's text in reading
 * order (columns untangled) with a box for every character; from the boxes come the lines and
 * the gaps between them: a gap taller than half a line starts a paragraph, a line set in a
 * clearly bigger type is a heading. The lines of a paragraph are joined with a space, or without
 * one after a hyphen that cut a word ("block-" + "chain"). Lines that start or end most pages the
 * same way (a running header "CÔNG TY ABC - TÀI LIỆU NỘI BỘ", "Trang 3 / 12" once digits are
 * set aside) are page furniture, as are lone page numbers: they are not read. */
#include "core/dl.h"
#include "core/util.h"
#include "text/content.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>
#include <pthread.h>

/* poppler-glib (and glib), opened at the first PDF (core/dl.h: its start-up would cost every
 * run). */
static struct {
    PopplerDocument *(*document_new_from_bytes)(GBytes *bytes, const char *password,
                                                GError **error);
    int (*document_get_n_pages)(PopplerDocument *doc);
    PopplerPage *(*document_get_page)(PopplerDocument *doc, int index);
    char *(*page_get_text)(PopplerPage *page);
    gboolean (*page_get_text_layout)(PopplerPage *page, PopplerRectangle **rects, guint *n);
    GQuark (*error_quark)(void);
    GBytes *(*bytes_new_static)(gconstpointer data, gsize size);
    void (*bytes_unref)(GBytes *bytes);
    void (*object_unref)(gpointer object);
    void (*clear_error)(GError **error);
    void (*free)(gpointer mem);
} pop;

static pthread_once_t pop_once = PTHREAD_ONCE_INIT;
static bool pop_loaded;
static char pop_missing[256];

static void init_poppler(void)
{
    const vnr_dl_symbol symbols[] = {
        {"poppler_document_new_from_bytes", &pop.document_new_from_bytes},
        {"poppler_document_get_n_pages", &pop.document_get_n_pages},
        {"poppler_document_get_page", &pop.document_get_page},
        {"poppler_page_get_text", &pop.page_get_text},
        {"poppler_page_get_text_layout", &pop.page_get_text_layout},
        {"poppler_error_quark", &pop.error_quark},
        {"g_bytes_new_static", &pop.bytes_new_static},
        {"g_bytes_unref", &pop.bytes_unref},
        {"g_object_unref", &pop.object_unref},
        {"g_clear_error", &pop.clear_error},
        {"g_free", &pop.free},
    };
    pop_loaded = vnr_dl_open(VNR_POPPLER_SONAME, symbols, sizeof symbols / sizeof symbols[0],
                             pop_missing, sizeof pop_missing);
}

/* Bytes of the character at s (poppler's text is UTF-8; a stray byte counts as one). */
static size_t char_len(const char *s, size_t left)
{
    int32_t cp;
    size_t k = vnr_utf8_next(s, left, &cp);
    return k ? k : 1;
}

/* Characters in a UTF-8 string: one box each. */
static size_t char_count(const char *s)
{
    size_t n = 0;
    for (size_t i = 0, len = strlen(s); i < len; n++)
        i += char_len(s + i, len - i);
    return n;
}

typedef struct pline {
    char *text; /* NUL-terminated, owned */
    double top, bottom;
    int page;
    bool first, last; /* among the first or last two lines of its page */
    bool drop;
} pline;

typedef struct lines {
    pline *v;
    size_t n, cap;
    int pages;
} lines;

static bool add_line(lines *ls, const char *s, size_t n, double top, double bottom, int page)
{
    if (ls->n == ls->cap) {
        size_t cap = ls->cap ? ls->cap * 2 : 256;
        pline *grown = realloc(ls->v, cap * sizeof *grown);
        if (!grown)
            return false;
        ls->v = grown, ls->cap = cap;
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return false;
    memcpy(copy, s, n);
    copy[n] = '\0';
    pline *l = &ls->v[ls->n++];
    memset(l, 0, sizeof *l);
    l->text = copy; /* freed with the lines */
    l->top = top, l->bottom = bottom, l->page = page;
    return true;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return false;
    return true;
}

/* The lines of one page with their vertical extent, from the character boxes. */
static bool page_lines(PopplerPage *page, int number, lines *ls)
{
    char *text = pop.page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint n_rects = 0;
    if (!text)
        return true;
    bool boxes = pop.page_get_text_layout(page, &rects, &n_rects) && n_rects >= char_count(text);
    size_t first = ls->n;
    bool ok = true;
    guint ch = 0; /* character index, for the boxes */
    for (const char *p = text; *p && ok;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        double top = INFINITY, bottom = -INFINITY;
        for (const char *q = p; q < p + n; q += char_len(q, (size_t)(p + n - q)), ch++)
            if (boxes && ch < n_rects && !isspace((unsigned char)*q) &&
                rects[ch].y2 > rects[ch].y1) {
                top = fmin(top, rects[ch].y1);
                bottom = fmax(bottom, rects[ch].y2);
            }
        if (!blank(p, n))
            ok = add_line(ls, p, n, boxes ? top : NAN, boxes ? bottom : NAN, number);
        ch += end != NULL; /* the newline has its box too */
        p = end ? end + 1 : p + n;
    }
    for (size_t i = first; i < ls->n; i++) {
        ls->v[i].first = i < first + 2;
        ls->v[i].last = i + 2 >= ls->n;
    }
    pop.free(rects);
    pop.free(text);
    return ok;
}

/* "Trang 3 / 12" -> "Trang # / #": the same line on every page once numbers are set aside. */
static void shape(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    bool digit = false, space = false;
    for (const char *p = s; *p && k + 2 < cap; p++) {
        if (isdigit((unsigned char)*p)) {
            if (!digit)
                out[k++] = '#';
            digit = true;
            continue;
        }
        digit = false;
        if (isspace((unsigned char)*p)) {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = false;
        out[k++] = *p;
    }
    out[k] = '\0';
}

/* A page number alone: digits and dashes or slashes, "- 3 -", "3/12". */
static bool page_number(const char *s)
{
    bool digits = false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isdigit(*p))
            digits = true;
        else if (!isspace(*p) && !strchr("-/|.()[]", *p) &&
                 !(p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94)))
            return false;
        else if (p[0] == 0xE2)
            p += 2; /* en and em dashes */
    }
    return digits;
}

/* Page furniture: lines among the first or last two of a page whose shape starts or ends at
 * least half the pages (two at least), and lone page numbers there. */
static void drop_furniture(lines *ls)
{
    char a[512], b[512];
    for (size_t i = 0; i < ls->n; i++) {
        pline *l = &ls->v[i];
        if (!l->first && !l->last)
            continue;
        if (page_number(l->text)) {
            l->drop = true;
            continue;
        }
        if (ls->pages < 2)
            continue;
        shape(l->text, a, sizeof a);
        int pages = 0, last_page = -1;
        for (size_t j = 0; j < ls->n; j++) {
            const pline *m = &ls->v[j];
            if ((m->first || m->last) && m->page != last_page) {
                shape(m->text, b, sizeof b);
                if (strcmp(a, b) == 0)
                    pages++, last_page = m->page;
            }
        }
        l->drop = pages >= 2 && pages * 2 >= ls->pages;
    }
}

/* --- Paragraphs.
 * ----------------------------------------------------------------------------------- */

static double median_height(const lines *ls)
{
    double *h = malloc((ls->n ? ls->n : 1) * sizeof *h);
    size_t k = 0;
    for (size_t i = 0; h && i < ls->n; i++)
        if (!ls->v[i].drop && isfinite(ls->v[i].top) && isfinite(ls->v[i].bottom))
            h[k++] = ls->v[i].bottom - ls->v[i].top;
    double m = 0;
    if (k) { /* insertion sort: a few thousand lines at most per call */
        for (size_t i = 1; i < k; i++)
            for (size_t j = i; j > 0 && h[j - 1] > h[j]; j--) {
                double t = h[j];
                h[j] = h[j - 1], h[j - 1] = t;
            }
        m = h[k / 2];
    }
    free(h);
    return m;
}

/* Does the text end with a letter and a hyphen that cut a word ("block-")? */
static bool cut_word(const vnr_buf *b)
{
    return b->len >= 2 && b->data[b->len - 1] == '-' &&
           !isspace((unsigned char)b->data[b->len - 2]) &&
           !isdigit((unsigned char)b->data[b->len - 2]);
}

static bool starts_lower(const char *s)
{
    int32_t cp;
    while (*s == ' ')
        s++;
    return vnr_utf8_next(s, strlen(s), &cp) && vnr_tolower(cp) == cp &&
           ((cp >= 'a' && cp <= 'z') || cp >= 0xC0);
}

static void append_line(vnr_buf *par, const char *text)
{
    while (*text == ' ')
        text++;
    if (par->len && cut_word(par) && starts_lower(text))
        par->data[--par->len] = '\0'; /* "block-" + "chain" = "blockchain" */
    else if (par->len && par->data[par->len - 1] != '-')
        vnr_buf_putc(par, ' ');
    vnr_buf_puts(par, text);
}

static vnr_status put(vnr_content *doc, vnr_buf *par, bool heading)
{
    vnr_status st = par->failed ? VNR_ERR_NOMEM : VNR_OK;
    if (st == VNR_OK && par->len)
        st = content_add(doc, heading ? VNR_BLOCK_HEADING : VNR_BLOCK_PARAGRAPH, 1, par->data,
                         par->len);
    vnr_buf_clear(par);
    return st;
}

static vnr_status paragraphs(vnr_content *doc, const lines *ls)
{
    double body = median_height(ls);
    vnr_buf par;
    vnr_buf_init(&par);
    vnr_status st = VNR_OK;
    const pline *prev = NULL;
    bool heading = false;
    for (size_t i = 0; i < ls->n && st == VNR_OK; i++) {
        const pline *l = &ls->v[i];
        if (l->drop)
            continue;
        double height = l->bottom - l->top;
        bool big = body > 0 && isfinite(height) && height > 1.15 * body;
        bool new_par = !prev || prev->page != l->page || big != heading;
        if (!new_par && isfinite(l->top) && isfinite(prev->bottom))
            new_par = l->top - prev->bottom > 0.5 * (body > 0 ? body : height);
        else if (!new_par && !isfinite(l->top)) /* no boxes: sentence ends end paragraphs */
            new_par = par.len && strchr(".!?:", par.data[par.len - 1]);
        if (new_par && !(prev && prev->page != l->page && !big && !heading && par.len &&
                         !strchr(".!?:;\"”)", par.data[par.len - 1]))) {
            st = put(doc, &par, heading);
            heading = big;
        }
        append_line(&par, l->text);
        prev = l;
    }
    if (st == VNR_OK)
        st = put(doc, &par, heading);
    vnr_buf_free(&par);
    return st;
}

vnr_status read_pdf(vnr_content *doc, const void *data, size_t len, vnr_diag *diag)
{
    pthread_once(&pop_once, init_poppler);
    if (!pop_loaded)
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "cannot read PDF files without poppler-glib (%s)",
                        pop_missing);
    GError *error = NULL;
    GBytes *bytes = pop.bytes_new_static(data, len);
    PopplerDocument *pdf = pop.document_new_from_bytes(bytes, NULL, &error);
    if (!pdf) {
        bool locked =
            error && error->domain == pop.error_quark() && error->code == POPPLER_ERROR_ENCRYPTED;
        pop.clear_error(&error);
        pop.bytes_unref(bytes);
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "%s",
                        locked ? "encrypted PDF (password protected)"
                               : "damaged PDF, or not a PDF");
    }
    lines ls = {0};
    ls.pages = pop.document_get_n_pages(pdf);
    bool ok = true;
    for (int i = 0; i < ls.pages && ok; i++) {
        PopplerPage *page = pop.document_get_page(pdf, i);
        if (page) {
            ok = page_lines(page, i, &ls);
            pop.object_unref(page);
        }
    }
    vnr_status st = ok ? VNR_OK : VNR_ERR_NOMEM;
    if (st == VNR_OK) {
        drop_furniture(&ls);
        st = paragraphs(doc, &ls);
    }
    for (size_t i = 0; i < ls.n; i++)
        free(ls.v[i].text);
    free(ls.v);
    pop.object_unref(pdf);
    pop.bytes_unref(bytes);
    return st == VNR_OK ? VNR_OK : vnr_fail(diag, st, "%s", vnr_status_message(st));
}
