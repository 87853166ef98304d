/* test_phrases.c - the class of each gap between two words of a written sentence, where captions
 * are cut (src/produce/phrases.c): punctuation, then before phrase-starting words, never inside
 * a name, a title and its name, a number and what it counts, or a listed phrase. */
#include "test.h"

#include "produce/phrases.h"

#include <stdlib.h>

#define MAX_TEST_WORDS 64

/* The class of the gap after the first word of text that is exactly `word`, marks included
 * ("nay,"); VNR_CUT_CLASSES if there is no such word (a failed check then). */
static vnr_cut gap_after(const vnr_phrases *p, const char *text, const char *word)
{
    vnr_cue_word w[MAX_TEST_WORDS];
    vnr_cut cut[MAX_TEST_WORDS];
    size_t m = vnr_cue_words(text, strlen(text), w, MAX_TEST_WORDS);
    vnr_phrases_cuts(p, text, w, m, cut);
    for (size_t i = 0; i + 1 < m; i++)
        if (w[i].len == strlen(word) && memcmp(text + w[i].at, word, w[i].len) == 0)
            return cut[i];
    fprintf(stderr, "test_phrases: no gap after '%s' in '%s'\n", word, text);
    return VNR_CUT_CLASSES;
}

void test_phrase_classes(void)
{
    vnr_lexicon *lex = shipped_lexicon();
    vnr_phrases p;
    vnr_phrases_init(&p, lex);
    /* Costs rise with the classes: punctuation, starters, plain, dangling, groups. */
    for (int c = 1; c < VNR_CUT_CLASSES; c++)
        CHECK(vnr_cut_cost((vnr_cut)c) > vnr_cut_cost((vnr_cut)(c - 1)));

    const char *a = "Giá vàng tăng trong khi giá USD giảm và các ngân hàng giữ nguyên lãi suất.";
    CHECK_INT(gap_after(&p, a, "tăng"), VNR_CUT_CLAUSE); /* before "trong khi" */
    CHECK_INT(gap_after(&p, a, "trong"), VNR_CUT_GROUP); /* inside it */
    CHECK_INT(gap_after(&p, a, "giảm"), VNR_CUT_CLAUSE); /* before "và" */
    CHECK_INT(gap_after(&p, a, "và"), VNR_CUT_DANGLING); /* a line ending on "và" */
    CHECK_INT(gap_after(&p, a, "các"), VNR_CUT_PLAIN);

    /* A title and a name, a capitalised run, a verb of saying after it. */
    const char *b = "Sáng nay ông Nguyễn Văn Hùng cho biết Thủ tướng Phạm Minh Chính đã đến.";
    CHECK_INT(gap_after(&p, b, "nay"), VNR_CUT_PLAIN);
    CHECK_INT(gap_after(&p, b, "ông"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, b, "Nguyễn"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, b, "Hùng"), VNR_CUT_SAID);
    CHECK_INT(gap_after(&p, b, "cho"), VNR_CUT_GROUP);  /* "cho biết" is one entry */
    CHECK_INT(gap_after(&p, b, "biết"), VNR_CUT_PLAIN); /* a line may end on a verb of saying */
    CHECK_INT(gap_after(&p, b, "Thủ"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, b, "tướng"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, b, "Minh"), VNR_CUT_GROUP);

    /* Numbers with what they count: units in words, scale words, unit symbols, currencies. */
    const char *c = "Công ty chi 23 tỷ đồng để mua 5 xe chạy 30 km mỗi ngày và trả 2 triệu USD.";
    CHECK_INT(gap_after(&p, c, "chi"), VNR_CUT_GROUP); /* the word before a number */
    CHECK_INT(gap_after(&p, c, "23"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, c, "tỷ"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, c, "đồng"), VNR_CUT_CLAUSE); /* before "để" */
    CHECK_INT(gap_after(&p, c, "5"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, c, "30"), VNR_CUT_GROUP);    /* km: units.tsv */
    CHECK_INT(gap_after(&p, c, "triệu"), VNR_CUT_GROUP); /* USD: currencies.tsv */
    CHECK_INT(gap_after(&p, c, "xe"), VNR_CUT_PLAIN);

    /* A date written out, and "hàng trăm" as a number in words. */
    const char *d = "Từ ngày 23 tháng 6 năm 2024 hàng trăm ngôi nhà bị ngập.";
    CHECK_INT(gap_after(&p, d, "ngày"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, d, "23"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, d, "tháng"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, d, "6"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, d, "năm"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, d, "2024"), VNR_CUT_PLAIN);
    CHECK_INT(gap_after(&p, d, "hàng"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, d, "trăm"), VNR_CUT_GROUP);

    /* Punctuation first, then prepositions, "là", "của". */
    const char *e = "Hội nghị diễn ra chiều nay, (theo lịch) tại Hà Nội là dịp tổng kết của ngành.";
    CHECK_INT(gap_after(&p, e, "nay,"), VNR_CUT_CLAUSE_MARK);
    CHECK_INT(gap_after(&p, e, "ra"), VNR_CUT_PLAIN);
    CHECK_INT(gap_after(&p, e, "lịch)"), VNR_CUT_MARK);
    CHECK_INT(gap_after(&p, e, "(theo"), VNR_CUT_DANGLING);
    CHECK_INT(gap_after(&p, e, "Nội"), VNR_CUT_COPULA);
    CHECK_INT(gap_after(&p, e, "kết"), VNR_CUT_OF);
    const char *f = "Lễ khai mạc diễn ra tại sân vận động.";
    CHECK_INT(gap_after(&p, f, "ra"), VNR_CUT_PREP);
    /* "suốt đêm qua", "trong tuần tới": not prepositions there, so not in the list. */
    const char *g = "Mưa suốt đêm qua và sẽ kéo dài trong tuần tới theo dự báo.";
    CHECK_INT(gap_after(&p, g, "đêm"), VNR_CUT_PLAIN);
    CHECK_INT(gap_after(&p, g, "tuần"), VNR_CUT_PLAIN);
    CHECK_INT(gap_after(&p, g, "tới"), VNR_CUT_PREP); /* before "theo" */
    vnr_lexicon_free(lex);
}

/* Without a lexicon only what needs no list is known: punctuation, capitals, digits. */
void test_phrase_classes_without_lexicon(void)
{
    vnr_phrases p;
    vnr_phrases_init(&p, NULL);
    const char *a = "Giá tăng trong khi ông Nguyễn Văn Hùng chi 23 tỷ đồng, theo tin.";
    CHECK_INT(gap_after(&p, a, "tăng"), VNR_CUT_PLAIN);
    CHECK_INT(gap_after(&p, a, "trong"), VNR_CUT_PLAIN);
    CHECK_INT(gap_after(&p, a, "ông"), VNR_CUT_PLAIN);
    CHECK_INT(gap_after(&p, a, "Nguyễn"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, a, "chi"), VNR_CUT_GROUP);
    CHECK_INT(gap_after(&p, a, "23"), VNR_CUT_PLAIN);
    CHECK_INT(gap_after(&p, a, "đồng,"), VNR_CUT_CLAUSE_MARK);
}
