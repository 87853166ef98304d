/* context.h - the context word lists of voices/vi/context.tsv: the words around a number that
 * decide how it is read ("sáng 14-9" is a date, "thắng 3-1" a score, "Kế hoạch 05" a code),
 * and the words that start or hold together a phrase, where captions are cut ("... | và ...",
 * never "ông | Nguyễn Văn A" or "23 | tỷ đồng"; src/produce/phrases.c).
 * The words are data; the list names are the rules' side of the contract, so they are here. */
#ifndef VNR_CONTEXT_H
#define VNR_CONTEXT_H

#include "core/util.h"

/* One bit per list. A word may be in several lists ("sáng" is both DATE_INTRO and DAY). */
typedef enum vnr_list {
    VNR_LIST_DATE_INTRO,      /* "sáng 15/8": the date needs no "ngày" before it */
    VNR_LIST_DAY,             /* "sáng 14-9", "kỷ niệm 30-4": d-m and d.m are dates */
    VNR_LIST_DAY_AFTER,       /* "5.5 âm lịch": a date by the word after it */
    VNR_LIST_DATE_LINK,       /* "từ 30-4 đến 1-5": a d-m after a date and one of these */
    VNR_LIST_DATE_PREP,       /* "đến 15-9", "trước 30.6": a falling pair here is a date */
    VNR_LIST_AMOUNT,          /* "5-10 triệu", "2-3 người": a range, not a date */
    VNR_LIST_FRACTION_BEFORE, /* "hơn 1/2": a part of a whole */
    VNR_LIST_FRACTION_AFTER,  /* "1/3 dân số" */
    VNR_LIST_SCALE,           /* nghìn, triệu, tỷ: "$3 tỷ", "15 triệu USD" */
    VNR_LIST_SCORE,           /* "thắng 3-1", "hòa 1-1": a score, never "đến" */
    VNR_LIST_CALL,            /* "gọi 113", "hotline 1900 1234": digits */
    VNR_LIST_CALL_LINK,       /* "gọi ngay 113", "gọi số 115" */
    VNR_LIST_ROMAN,           /* "thế kỷ XXI", "khoản II": a Roman numeral */
    VNR_LIST_ROMAN_LOWER,     /* "thế kỷ xviii", "khóa xv": lower case accepted too */
    VNR_LIST_ROMAN_JOIN,      /* "mục I, II và III" */
    VNR_LIST_TIMING,          /* "về đích trong 14:32": m:ss is minutes and seconds */
    VNR_LIST_CODE,            /* "Kế hoạch 05", "số 012": leading zeros are read */
    VNR_LIST_UNIT_BEFORE,     /* "mỗi m2": a unit with no number before it */
    VNR_LIST_PERSON,          /* "chị P.", "anh N.V.A": initials of a person, not "phường" */
    VNR_LIST_COUNT_CODE,      /* "BN2812": the number after these letters is a count */
    VNR_LIST_TALLY,           /* "2/2 tiêu chí", "thắng 2/9 trận": x out of y, not a date */
    VNR_LIST_SPELL_AFTER, /* "tia UV", "chỉ số UV": letters, not the abbreviation ủy viên */
    VNR_LIST_WEB_DOMAIN,  /* "vnexpress.net", "baochinhphu.vn": a lowercase host ending so */
    VNR_LIST_HOUSE,       /* "hẻm 12/3", "ngõ 5/2": an alley number, never a date */
    VNR_LIST_HOUSE_STREET, /* "số 12/3 Nguyễn Trãi": a house number when a street name follows */
    VNR_LIST_STREET, /* "số 36/7/7 đường Dương Đức Hiền": a street word after a house */
    VNR_LIST_INITIALS, /* "ông NĐT", "bà NTMP": capitals that are a person's initials */
    VNR_LIST_WHOLE,    /* "2,250 người": things counted whole, so three decimals are thousands */
    VNR_LIST_DOCUMENT, /* "Thông tư 64/2017": number and year of a document, not 64 over 2017 */
    /* Captions (phrases.c): a cut falls before these words, cheapest first. */
    VNR_LIST_PHRASE_CLAUSE, /* "... | và", "... | trong khi", "... | để": a clause starts */
    VNR_LIST_PHRASE_SAID,   /* "Bộ trưởng | cho biết": a verb of saying */
    VNR_LIST_PHRASE_PREP,   /* "... | tại Hà Nội", "... | theo thông báo": a preposition */
    VNR_LIST_PHRASE_COPULA, /* "Đây | là ...": a predicate */
    VNR_LIST_PHRASE_OF,     /* "ban chỉ đạo | của thành phố": a possessive modifier */
    /* Captions: groups never cut (a cut inside one costs most). */
    VNR_LIST_TITLE, /* "ông | Nguyễn Văn A", "Thủ tướng | Phạm Minh Chính": before a name */
    VNR_LIST_COUNTED, /* "23 | tỷ đồng", "5 | người", "tháng | 6": what a number counts */
    VNR_LIST_COUNT
} vnr_list;
/* vnr_lexicon_lists answers with one bit per list in 64 bits. */
_Static_assert(VNR_LIST_COUNT <= 64, "more context lists than bits");

/* "date_intro" -> VNR_LIST_DATE_INTRO; VNR_LIST_COUNT if unknown. */
vnr_list vnr_list_from_name(const char *name, size_t n);

/* The lists a lowercase word or phrase ("kỷ niệm") belongs to, as bits ((uint64_t)1 << vnr_list).
 */
uint64_t vnr_lexicon_lists(const vnr_lexicon *lex, const char *lower, size_t n);
/* The most words in one entry ("về đích" is 2): how far back a phrase can start. */
size_t vnr_lexicon_list_max_words(const vnr_lexicon *lex);
/* The most words in one entry of list: "ông", "bà" of initials are 1, so a phrase search for
 * them stops after one word, where one for a document ("thông tư liên tịch", 4) goes on. */
size_t vnr_lexicon_list_words(const vnr_lexicon *lex, vnr_list list);

#endif
