/* phrases.h - where a caption may be cut (phrases.c): the class of every gap between two words
 * of a written sentence, from "after a comma" (cut here) to "inside a name" (never, if the cue
 * can fit otherwise). captions.c turns the classes into costs for its cue plan and its line
 * breaks. Not part of the public API.
 *
 * The vocabulary (which words start a phrase, which come before a name, what a number counts)
 * is voices/vi/context.tsv's phrase_*, title and counted lists, read with the lexicon. */
#ifndef VNR_PHRASES_H
#define VNR_PHRASES_H

#include "core/util.h"

/* One word of the sentence: bytes [at, at + len), characters (code points) [c0, c1) counted
 * from the start of the sentence, for the line lengths. */
typedef struct vnr_cue_word {
    size_t at, len;
    size_t c0, c1;
} vnr_cue_word;

/* The class of a cut between two words, cheapest first: punctuation, then the word groups. */
typedef enum vnr_cut {
    VNR_CUT_CLAUSE_MARK, /* "Ngày 23/6, | tại Hà Nội": after , ; : */
    VNR_CUT_MARK,        /* after . ! ? ) " ” or a lone dash; before ( " “ */
    VNR_CUT_CLAUSE,      /* "... | trong khi giá USD giảm": before phrase_clause */
    VNR_CUT_SAID,        /* "Bộ trưởng | cho biết": before phrase_said */
    VNR_CUT_PREP,        /* "... | tại Hà Nội": before phrase_prep */
    VNR_CUT_COPULA,      /* "Mục tiêu | là hỗ trợ": before phrase_copula */
    VNR_CUT_OF,          /* "ban chỉ đạo | của thành phố": before phrase_of */
    VNR_CUT_PLAIN,       /* between two words, nothing known */
    VNR_CUT_DANGLING,    /* "... và | các tỉnh": a line or cue ending on a starter */
    VNR_CUT_GROUP, /* "ông | Nguyễn", "Phạm | Minh", "23 | tỷ đồng", "trong | khi" */
    VNR_CUT_CLASSES
} vnr_cut;

/* What a cut of that class costs in the cue plan (a cue costs 10; see captions.c). */
double vnr_cut_cost(vnr_cut cut);

/* The class: a lexicon (may be NULL: then only punctuation, capitalised names and numbers
 * guide the cuts). Holds no memory of its own; lex must outlive it. */
typedef struct vnr_phrases {
    const vnr_lexicon *lex;
    size_t max_words; /* the longest list entry, in words */
} vnr_phrases;

void vnr_phrases_init(vnr_phrases *p, const vnr_lexicon *lex);

/* The words of s (n bytes, separated by spaces) into w; their count, at most max. */
size_t vnr_cue_words(const char *s, size_t n, vnr_cue_word *w, size_t max);

/* cut[i] is the class of the cut between w[i] and w[i + 1], for i < m - 1. */
void vnr_phrases_cuts(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m,
                      vnr_cut *cut);

#endif
