/* document.c - the text cut once into sentences, with their paragraph, section, line and byte
 * range: the model the reader speaks and every front end moves through (vnreader.h,
 * "Documents").
 *
 * The rules live here and nowhere else:
 *   - a line with no letter or digit (blank, "***", "* * *", "– – –") ends the paragraph and is
 *     not a sentence: "Hết chương một.\n***\nChương hai." is two paragraphs;
 *   - a single line break does not end a paragraph (a hard-wrapped paragraph stays one);
 *   - inside a line, vnr_sentence_length cuts ("TP. Hồ Chí Minh" stays one sentence);
 *   - a sentence of only marks ("..." between two sentences) is dropped.
 * The text is kept as read (lines joined by '\n'), so each sentence is a byte range of it. */
#include "text/document.h"

#include <stdlib.h>
#include <string.h>

typedef struct doc_sentence {
    size_t offset, len; /* in doc->text */
    long line;
    size_t paragraph;
    long section;
    int heading;
    char *spoken; /* the normalized words, set by the reader */
} doc_sentence;

struct vnr_document {
    const vnr_lexicon *lex;
    vnr_buf text;
    doc_sentence *s;
    size_t n, cap;
    size_t paragraph;       /* of the last sentence */
    size_t sections;        /* headings marked */
    bool break_pending;     /* a line without a sentence came since the last sentence */
    bool line_open;         /* the last piece did not end its line */
    bool line_had_sentence; /* the open (or last) line gave a sentence */
    long line_no;
    size_t lines;                   /* lines added, forgotten ones included */
    size_t seg_from;                /* where the open line's uncut text starts */
    size_t forgotten;               /* sentences dropped by vnr_document_forget */
    size_t forgotten_bytes;         /* and bytes of text */
    size_t marks_offset, marks_len; /* the first line of only marks, for a text of only marks */
    long marks_line;
};

vnr_status vnr_document_new(const vnr_lexicon *lex, vnr_document **out, vnr_diag *diag)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    (*out)->lex = lex;
    vnr_buf_init(&(*out)->text);
    return VNR_OK;
}

static void drop_sentences(vnr_document *doc)
{
    for (size_t i = 0; i < doc->n; i++)
        free(doc->s[i].spoken);
    doc->n = 0;
}

void vnr_document_free(vnr_document *doc)
{
    if (!doc)
        return;
    drop_sentences(doc);
    free(doc->s);
    vnr_buf_free(&doc->text);
    free(doc);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Append sentence text[at, at + n) to the list, in the current paragraph and section. */
static bool push(vnr_document *doc, size_t at, size_t n)
{
    if (doc->n == doc->cap) {
        size_t cap = doc->cap ? doc->cap * 2 : 64;
        doc_sentence *grown = realloc(doc->s, cap * sizeof *grown);
        if (!grown)
            return false;
        doc->s = grown, doc->cap = cap;
    }
    long section = doc->n ? doc->s[doc->n - 1].section : (long)doc->sections - 1;
    doc->s[doc->n++] = (doc_sentence){at, n, doc->line_no, doc->paragraph, section, 0, NULL};
    return true;
}

/* text[at, at + n) is a sentence if, spaces trimmed, it has something to say. */
static bool add_sentence(vnr_document *doc, size_t at, size_t n)
{
    const char *t = doc->text.data;
    while (n > 0 && is_space(t[at + n - 1]))
        n--;
    while (n > 0 && is_space(t[at]))
        at++, n--;
    if (!vnr_text_speakable(t + at, n))
        return true;
    bool first = doc->n + doc->forgotten == 0;
    if (doc->break_pending && !first)
        doc->paragraph++;
    doc->break_pending = false;
    if (!push(doc, at, n))
        return false;
    doc->line_had_sentence = true;
    return true;
}

/* The line ended without a sentence: a paragraph break; remember it in case the whole text is
 * only marks. */
static void line_without_sentence(vnr_document *doc, size_t line_start)
{
    doc->break_pending = true;
    size_t n = doc->text.len - line_start;
    if (doc->marks_len == 0 && n > 0 && doc->text.data[line_start] != '\0') {
        const char *t = doc->text.data + line_start;
        size_t skip = 0;
        while (skip < n && is_space(t[skip]))
            skip++;
        if (skip < n) {
            doc->marks_offset = doc->forgotten_bytes + line_start + skip;
            doc->marks_len = n - skip;
            doc->marks_line = doc->line_no;
        }
    }
}

vnr_status vnr_document_add_piece(vnr_document *doc, const char *piece, size_t len, long line_no,
                                  bool continues, vnr_diag *diag)
{
    size_t line_start = doc->seg_from;
    if (!doc->line_open) {
        if (doc->lines++ > 0)
            vnr_buf_putc(&doc->text, '\n');
        doc->seg_from = line_start = doc->text.len;
        doc->line_no = line_no;
        doc->line_had_sentence = false;
    }
    vnr_buf_append(&doc->text, piece, len);
    if (doc->text.failed)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    doc->line_open = continues;
    size_t end = doc->text.len, at = doc->seg_from;
    while (at < end) {
        size_t n = vnr_sentence_length(doc->lex, doc->text.data + at, end - at);
        if (n == 0 || n > end - at)
            n = end - at; /* never loop forever on a segmenter surprise */
        if (continues && at + n >= end)
            break; /* the line's last sentence may go on in the next piece */
        if (!add_sentence(doc, at, n))
            return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
        at += n;
    }
    doc->seg_from = at;
    if (!continues && !doc->line_had_sentence)
        line_without_sentence(doc, line_start);
    return VNR_OK;
}

vnr_status vnr_document_add_input(vnr_document *doc, vnr_input *in, vnr_diag *diag)
{
    for (;;) {
        const char *line = NULL;
        size_t len = 0;
        vnr_status st = vnr_input_next_line(in, &line, &len, diag);
        if (st != VNR_OK)
            return st;
        if (!line)
            break;
        st = vnr_document_add_piece(doc, line, len, vnr_input_line_number(in),
                                    vnr_input_line_continues(in), diag);
        if (st != VNR_OK)
            return st;
    }
    return vnr_document_end_input(doc, diag);
}

/* Only marks, and nothing else ("?" from a screen reader): one sentence, read as marks, so
 * punctuation mode "all" can say "chấm hỏi". Its text is still held: vnr_document_forget keeps
 * everything while there are only marks. */
vnr_status vnr_document_end_input(vnr_document *doc, vnr_diag *diag)
{
    if (doc->n + doc->forgotten > 0 || doc->marks_len == 0 ||
        doc->marks_offset < doc->forgotten_bytes)
        return VNR_OK;
    doc->line_no = doc->marks_line;
    if (!push(doc, doc->marks_offset - doc->forgotten_bytes, doc->marks_len))
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    return VNR_OK;
}

vnr_status vnr_document_add_text(vnr_document *doc, const char *text, size_t len, vnr_diag *diag)
{
    vnr_input *in = NULL;
    vnr_status st = vnr_input_open_text(text, len, "text", &in, NULL);
    if (st != VNR_OK)
        return vnr_fail(diag, st, "%s", vnr_status_message(st));
    st = vnr_document_add_input(doc, in, diag);
    vnr_input_free(in);
    return st;
}

size_t vnr_document_sentences(const vnr_document *doc)
{
    return doc->n;
}

size_t vnr_document_paragraphs(const vnr_document *doc)
{
    return doc->n + doc->forgotten ? doc->paragraph + 1 : 0;
}

size_t vnr_document_sections(const vnr_document *doc)
{
    return doc->sections;
}

vnr_status vnr_document_sentence(const vnr_document *doc, size_t index, vnr_doc_sentence *out,
                                 vnr_diag *diag)
{
    if (index >= doc->n)
        return vnr_fail(diag, VNR_ERR_INVALID, "sentence %zu of %zu", index + 1, doc->n);
    const doc_sentence *s = &doc->s[index];
    *out = (vnr_doc_sentence){doc->text.data + s->offset,
                              s->len,
                              doc->forgotten_bytes + s->offset,
                              s->line,
                              s->paragraph,
                              s->section,
                              s->heading,
                              s->spoken};
    return VNR_OK;
}

/* Section numbers follow the headings in document order: recount them all (a heading is marked
 * once per heading of the document, so this stays linear enough). */
static void count_sections(vnr_document *doc)
{
    long section = -1;
    for (size_t i = 0; i < doc->n; i++) {
        if (doc->s[i].heading > 0)
            section++;
        doc->s[i].section = section;
    }
    doc->sections = (size_t)(section + 1);
}

vnr_status vnr_document_set_heading(vnr_document *doc, size_t index, int level, vnr_diag *diag)
{
    if (index >= doc->n || level < 0 || level > 6)
        return vnr_fail(diag, VNR_ERR_INVALID, "heading level %d at sentence %zu of %zu", level,
                        index + 1, doc->n);
    doc->s[index].heading = level;
    count_sections(doc);
    return VNR_OK;
}

size_t vnr_document_paragraph_start(const vnr_document *doc, size_t paragraph)
{
    size_t lo = 0, hi = doc->n; /* the first sentence whose paragraph >= the one asked */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->s[mid].paragraph < paragraph)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < doc->n ? lo : doc->n ? doc->n - 1 : 0;
}

size_t vnr_document_section_start(const vnr_document *doc, size_t section)
{
    for (size_t i = 0; i < doc->n; i++)
        if (doc->s[i].heading > 0 && doc->s[i].section == (long)section)
            return i;
    return doc->n ? doc->n - 1 : 0;
}

const char *vnr_document_text(const vnr_document *doc, size_t *len)
{
    if (len)
        *len = doc->text.len;
    return doc->text.data ? doc->text.data : "";
}

void vnr_document_forget(vnr_document *doc)
{
    if (doc->n + doc->forgotten == 0 && doc->marks_len > 0)
        return; /* only marks so far: kept for vnr_document_end_input */
    doc->forgotten += doc->n;
    drop_sentences(doc);
    size_t keep = doc->text.len - doc->seg_from;
    memmove(doc->text.data, doc->text.data + doc->seg_from, keep);
    doc->forgotten_bytes += doc->seg_from;
    doc->text.len = keep;
    if (doc->text.data)
        doc->text.data[keep] = '\0';
    doc->seg_from = 0;
}

size_t vnr_document_forgotten(const vnr_document *doc)
{
    return doc->forgotten;
}

void vnr_document_keep_spoken(vnr_document *doc, size_t index, char *words)
{
    if (index >= doc->n) {
        free(words);
        return;
    }
    free(doc->s[index].spoken);
    doc->s[index].spoken = words;
}
