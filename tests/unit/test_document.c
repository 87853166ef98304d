/* test_document.c - the document model (document.c): sentences with their paragraph, line,
 * section and byte range; the "***" rule decided once and seen the same way by the reader. */
#include "test.h"
#include "vnreader.h"

#include <stdlib.h>

/* Two sentences on a line, a hard-wrapped line, a blank line, "***", "* * *" and "– – –". */
static const char story[] = "Câu một. Câu hai.\n"
                            "Dòng hai cùng đoạn.\n"
                            "\n"
                            "Đoạn hai.\n"
                            "***\n"
                            "Đoạn ba, sau dấu sao.\n"
                            "* * *\n"
                            "\u2013 \u2013 \u2013\n"
                            "Đoạn bốn. Thật sao?\n";

static const struct {
    const char *text;
    size_t paragraph;
    long line;
} want[] = {
    {"Câu một.", 0, 1},
    {"Câu hai.", 0, 1},
    {"Dòng hai cùng đoạn.", 0, 2},
    {"Đoạn hai.", 1, 4},
    {"Đoạn ba, sau dấu sao.", 2, 6},
    {"Đoạn bốn.", 3, 9},
    {"Thật sao?", 3, 9},
};
#define N_WANT (sizeof want / sizeof want[0])

void test_document_sentences(void)
{
    vnr_document *doc = NULL;
    vnr_diag d = {""};
    CHECK_INT(vnr_document_new(NULL, &doc, &d), VNR_OK);
    if (!doc)
        return;
    CHECK_INT(vnr_document_add_text(doc, story, sizeof story - 1, &d), VNR_OK);
    CHECK_INT(vnr_document_sentences(doc), N_WANT);
    CHECK_INT(vnr_document_paragraphs(doc), 4);
    size_t len = 0;
    const char *text = vnr_document_text(doc, &len);
    for (size_t i = 0; i < N_WANT && i < vnr_document_sentences(doc); i++) {
        vnr_doc_sentence s;
        CHECK_INT(vnr_document_sentence(doc, i, &s, &d), VNR_OK);
        char got[128];
        snprintf(got, sizeof got, "%.*s", (int)s.len, s.text);
        CHECK_STR(got, want[i].text);
        CHECK_INT(s.paragraph, want[i].paragraph);
        CHECK_INT(s.line, want[i].line);
        CHECK(s.offset + s.len <= len && memcmp(text + s.offset, s.text, s.len) == 0);
        CHECK_INT(s.section, -1);
        CHECK(s.spoken == NULL);
    }
    vnr_doc_sentence s;
    CHECK_INT(vnr_document_sentence(doc, N_WANT, &s, &d), VNR_ERR_INVALID);
    CHECK_INT(vnr_document_paragraph_start(doc, 2), 4);
    /* Headings make sections: the sentences after one belong to it. */
    CHECK_INT(vnr_document_sections(doc), 0);
    CHECK_INT(vnr_document_set_heading(doc, 3, 2, &d), VNR_OK);
    CHECK_INT(vnr_document_set_heading(doc, 5, 2, &d), VNR_OK);
    CHECK_INT(vnr_document_set_heading(doc, 0, 7, &d), VNR_ERR_INVALID);
    CHECK_INT(vnr_document_sections(doc), 2);
    CHECK_INT(vnr_document_section_start(doc, 1), 5);
    long sections[N_WANT] = {-1, -1, -1, 0, 0, 1, 1};
    for (size_t i = 0; i < N_WANT; i++) {
        vnr_document_sentence(doc, i, &s, NULL);
        CHECK_INT(s.section, sections[i]);
        CHECK_INT(s.heading, i == 3 || i == 5 ? 2 : 0);
    }
    vnr_document_free(doc);
}

/* A text of only marks is one sentence (a screen reader's "?"); blank text is none. */
void test_document_only_marks(void)
{
    vnr_document *doc = NULL;
    vnr_doc_sentence s;
    CHECK_INT(vnr_document_new(NULL, &doc, NULL), VNR_OK);
    CHECK_INT(vnr_document_add_text(doc, "\n***\n", 5, NULL), VNR_OK);
    CHECK_INT(vnr_document_sentences(doc), 1);
    CHECK_INT(vnr_document_sentence(doc, 0, &s, NULL), VNR_OK);
    CHECK(s.len >= 3 && memcmp(s.text, "***", 3) == 0);
    vnr_document_free(doc);
    CHECK_INT(vnr_document_new(NULL, &doc, NULL), VNR_OK);
    CHECK_INT(vnr_document_add_text(doc, " \n\t\n", 4, NULL), VNR_OK);
    CHECK_INT(vnr_document_sentences(doc), 0);
    CHECK_INT(vnr_document_paragraphs(doc), 0);
    vnr_document_free(doc);
}

typedef struct heard {
    size_t n, index[16], paragraph[16];
} heard;

static void on_sentence(void *user, const vnr_sentence *s)
{
    heard *h = user;
    if (h->n < 16) {
        h->index[h->n] = s->index;
        h->paragraph[h->n++] = s->paragraph;
    }
}

/* The streaming reader (vnr_reader_read) and vnr_reader_read_document cut the same sentences
 * into the same paragraphs: "***" ends a paragraph for both. Spoken words are kept. */
void test_reader_document_paragraphs(void)
{
    vnr_reader *r = NULL;
    vnr_sink *sink = NULL;
    vnr_input *in = NULL;
    vnr_document *doc = NULL;
    vnr_lexicon *lex = NULL;
    vnr_diag d = {""};
    heard streamed = {0}, read = {0};
    CHECK_INT(vnr_lexicon_new(&lex, NULL), VNR_OK);
    CHECK_INT(vnr_lexicon_load_default(lex, vnr_data_dir(), &d), VNR_OK);
    CHECK_INT(vnr_reader_new(NULL, lex, &r, &d), VNR_OK);
    CHECK_INT(vnr_sink_null_new(22050, 1000, &sink, &d), VNR_OK);
    if (!r || !sink)
        return;
    vnr_reader_add_sink(r, sink, NULL);
    vnr_reader_set_sentence_fn(r, on_sentence, &streamed);
    CHECK_INT(vnr_input_open_text(story, sizeof story - 1, "story", &in, NULL), VNR_OK);
    CHECK_INT(vnr_reader_read(r, in, &d), VNR_OK);
    vnr_input_free(in);
    vnr_reader_set_sentence_fn(r, on_sentence, &read);
    CHECK_INT(vnr_document_new(NULL, &doc, &d), VNR_OK);
    CHECK_INT(vnr_document_add_text(doc, story, sizeof story - 1, &d), VNR_OK);
    CHECK_INT(vnr_reader_read_document(r, doc, 2, &d), VNR_OK);
    CHECK_INT(streamed.n, N_WANT);
    CHECK_INT(read.n, N_WANT - 2);
    for (size_t i = 0; i < streamed.n && i < N_WANT; i++) {
        CHECK_INT(streamed.index[i], i);
        CHECK_INT(streamed.paragraph[i], want[i].paragraph);
    }
    for (size_t i = 0; i < read.n && i + 2 < N_WANT; i++) {
        CHECK_INT(read.index[i], i + 2);
        CHECK_INT(read.paragraph[i], want[i + 2].paragraph);
    }
    vnr_doc_sentence s;
    vnr_document_sentence(doc, 3, &s, NULL);
    CHECK_STR(s.spoken, "Đoạn hai.");
    vnr_document_sentence(doc, 0, &s, NULL);
    CHECK(s.spoken == NULL); /* not read */
    /* Feedback through the same sinks, no sentence callback. */
    char *said = NULL;
    size_t before = read.n;
    CHECK_INT(vnr_reader_say(r, "câu 12", strlen("câu 12"), VNR_SAY_TEXT, &said, &d), VNR_OK);
    CHECK_STR(said, "câu mười hai");
    free(said);
    CHECK_INT(vnr_reader_say(r, "Hà", strlen("Hà"), VNR_SAY_SPELL, &said, &d), VNR_OK);
    CHECK(said && strstr(said, "hát") && strstr(said, "huyền"));
    free(said);
    CHECK_INT(read.n, before);
    CHECK_INT(vnr_sink_finish(sink, &d), VNR_OK);
    vnr_document_free(doc);
    vnr_sink_free(sink);
    vnr_reader_free(r);
    vnr_lexicon_free(lex);
}

/* Streaming too: a text of only marks is one sentence, said only when punctuation is read. */
void test_reader_only_marks(void)
{
    vnr_lexicon *lex = NULL;
    vnr_reader *r = NULL;
    vnr_sink *sink = NULL;
    vnr_diag d = {""};
    heard got = {0};
    CHECK_INT(vnr_lexicon_new(&lex, &d), VNR_OK);
    CHECK_INT(vnr_lexicon_load_default(lex, vnr_data_dir(), &d), VNR_OK);
    CHECK_INT(vnr_reader_new(NULL, lex, &r, &d), VNR_OK);
    CHECK_INT(vnr_sink_null_new(22050, 1000, &sink, &d), VNR_OK);
    if (!r || !sink)
        return;
    vnr_reader_add_sink(r, sink, &d);
    vnr_reader_set_sentence_fn(r, on_sentence, &got);
    for (int mode = VNR_PUNCT_NONE; mode <= VNR_PUNCT_ALL; mode += VNR_PUNCT_ALL) {
        vnr_input *in = NULL;
        CHECK_INT(vnr_reader_set_punctuation(r, (vnr_punctuation)mode, &d), VNR_OK);
        CHECK_INT(vnr_input_open_text("\n?\n", 3, "marks", &in, &d), VNR_OK);
        CHECK_INT(vnr_reader_read(r, in, &d), VNR_OK);
        vnr_input_free(in);
        CHECK_INT(got.n, mode == VNR_PUNCT_ALL ? 1 : 0); /* "chấm hỏi", else silence */
    }
    vnr_sink_finish(sink, &d);
    vnr_sink_free(sink);
    vnr_reader_free(r);
    vnr_lexicon_free(lex);
}
