/* phrases.c - where a caption may be cut, gap by gap: punctuation first, then word groups.
 *
 * Captions show the sentence AS WRITTEN (vnr_sentence.text: cleaned and NFC, not the normalized
 * words), so the rules see digits ("23 tỷ đồng", "ngày 23/6", "1.032"), capitals ("Thủ tướng
 * Phạm Minh Chính", "UBND TP Hà Nội"), abbreviations and punctuation, never "hai mươi ba".
 *
 * The levels, cheapest cut first:
 *  1. punctuation: after , ; : (a clause ends), after . ! ? ) " or a lone dash, before ( or ";
 *  2. before a word that starts a phrase, by kind (context.tsv's phrase_* lists): a clause
 *     ("... | và", "... | trong khi", "... | để"), a verb of saying ("Bộ trưởng | cho biết"), a
 *     preposition ("... | tại Hà Nội"), "là" ("Mục tiêu | là ..."), and "của" last, because a
 *     possessive is bound to its noun ("ban chỉ đạo | của thành phố");
 *  3. any other gap between two words;
 *  4. right after such a starter ("... và | các tỉnh"): the line would end on a function word;
 *  5. inside a group: a capitalised run is a name ("Phạm | Minh Chính"), a title before a name
 *     ("ông | Nguyễn Văn A", context.tsv's title list), a number and the word before it ("ngày |
 *     23", "hơn | 300") or what it counts ("23 | tỷ đồng", "5 | người", "tháng 6 | năm", "hàng trăm
 *     | ngôi nhà": the counted and scale lists, units.tsv, currencies.tsv), a listed phrase of
 *     several words ("trong | khi", "cho | biết", "Thủ | tướng"). Dearest, but not forbidden: a cue
 * must still fit its 84 characters, and a long name may leave no other place. */
#include "produce/phrases.h"
#include "normalize/context.h"

#include <string.h>

/* A cue costs 10 plus its emptiness (up to 8) in the plan: a starter's cost (2 to 4.5) beats a
 * plain gap (6) even for a cue a third emptier, and a group (14) loses to a whole extra cue. */
static const double cut_costs[VNR_CUT_CLASSES] = {
    [VNR_CUT_CLAUSE_MARK] = 0, [VNR_CUT_MARK] = 1,     [VNR_CUT_CLAUSE] = 2, [VNR_CUT_SAID] = 2.5,
    [VNR_CUT_PREP] = 3,        [VNR_CUT_COPULA] = 3.5, [VNR_CUT_OF] = 4.5,   [VNR_CUT_PLAIN] = 6,
    [VNR_CUT_DANGLING] = 8,    [VNR_CUT_GROUP] = 14,
};

double vnr_cut_cost(vnr_cut cut)
{
    return cut_costs[cut < VNR_CUT_CLASSES ? cut : VNR_CUT_GROUP];
}

#define BIT(list) ((uint64_t)1 << (list))
#define STARTERS                                                                                   \
    (BIT(VNR_LIST_PHRASE_CLAUSE) | BIT(VNR_LIST_PHRASE_SAID) | BIT(VNR_LIST_PHRASE_PREP) |         \
     BIT(VNR_LIST_PHRASE_COPULA) | BIT(VNR_LIST_PHRASE_OF))
/* A line may end on a verb of saying ("Bộ trưởng cho biết | giá xăng ..."), not on the rest. */
#define DANGLERS (STARTERS & ~BIT(VNR_LIST_PHRASE_SAID))
/* An entry of several words of these lists is one group: "trong khi", "Thủ tướng", "tỷ đồng". */
#define BINDING (STARTERS | BIT(VNR_LIST_TITLE) | BIT(VNR_LIST_COUNTED) | BIT(VNR_LIST_SCALE))
#define KEY_BYTES 128

void vnr_phrases_init(vnr_phrases *p, const vnr_lexicon *lex)
{
    p->lex = lex;
    p->max_words = lex ? vnr_lexicon_list_max_words(lex) : 0;
}

size_t vnr_cue_words(const char *s, size_t n, vnr_cue_word *w, size_t max)
{
    size_t m = 0, c = 0;
    for (size_t i = 0; i < n && m < max;) {
        for (; i < n && s[i] == ' '; i++)
            c++;
        size_t start = i, c0 = c;
        for (; i < n && s[i] != ' '; i++)
            c += ((unsigned char)s[i] & 0xC0) != 0x80;
        if (i > start)
            w[m++] = (vnr_cue_word){start, i - start, c0, c};
    }
    return m;
}

/* --- Marks around a word: «(theo», «Nội,», «“Không”». -------------------------------------------
 */

static bool is_opening(int32_t cp)
{
    return cp == '(' || cp == '[' || cp == '"' || cp == '\'' || cp == 0x201C /* “ */ ||
           cp == 0x2018 /* ‘ */ || cp == 0xAB /* « */;
}

static bool is_closing(int32_t cp)
{
    return cp == ')' || cp == ']' || cp == '"' || cp == '\'' || cp == 0x201D /* ” */ ||
           cp == 0x2019 /* ’ */ || cp == 0xBB /* » */;
}

static bool is_clause_mark(int32_t cp)
{
    return cp == ',' || cp == ';' || cp == ':';
}

static bool is_stop(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 /* … */;
}

static bool is_dash(int32_t cp)
{
    return cp == '-' || cp == 0x2013 /* – */ || cp == 0x2014 /* — */;
}

static int32_t first_cp(const char *s, size_t n)
{
    int32_t cp = 0;
    return vnr_utf8_decode(s, n, &cp) ? cp : 0;
}

/* The last code point of s and, in *len, its bytes. */
static int32_t last_cp(const char *s, size_t n, size_t *len)
{
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    i -= i > 0;
    int32_t cp = 0;
    *len = vnr_utf8_decode(s + i, n - i, &cp);
    return *len ? cp : 0;
}

/* The word without its marks: «(theo» -> «theo», «Nội,» -> «Nội», «“Không”» -> «Không». */
static void word_core(const char *s, const vnr_cue_word *w, size_t *at, size_t *len)
{
    const char *p = s + w->at;
    size_t a = 0, b = w->len, k;
    while (a < b) {
        int32_t cp = 0;
        k = vnr_utf8_decode(p + a, b - a, &cp);
        if (!k || !is_opening(cp))
            break;
        a += k;
    }
    while (b > a) {
        int32_t cp = last_cp(p + a, b - a, &k);
        if (!k || !(is_closing(cp) || is_clause_mark(cp) || is_stop(cp)))
            break;
        b -= k;
    }
    *at = w->at + a;
    *len = b - a;
}

static bool capitalised(const char *s, const vnr_cue_word *w)
{
    size_t at, len;
    word_core(s, w, &at, &len);
    int32_t cp = len ? first_cp(s + at, len) : 0;
    return cp && vnr_tolower(cp) != cp;
}

static bool starts_with_digit(const char *s, const vnr_cue_word *w)
{
    size_t at, len;
    word_core(s, w, &at, &len);
    return len && s[at] >= '0' && s[at] <= '9';
}

/* --- The lists: words [j, j + k) as one lowercase key. --------------------------------------
 */

/* The context lists words [j, j + k) belong to as one phrase ("trong khi"), 0 if none or if
 * a mark inside splits them ("trong, khi" is no phrase). */
static uint64_t lists_of(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m,
                         size_t j, size_t k)
{
    if (!p->lex || k == 0 || j + k > m)
        return 0;
    char key[KEY_BYTES];
    size_t n = 0;
    for (size_t t = j; t < j + k; t++) {
        size_t at, len;
        word_core(s, &w[t], &at, &len);
        if (len == 0 || (t > j && at != w[t].at) ||
            (t + 1 < j + k && at + len != w[t].at + w[t].len))
            return 0;
        if (t > j) {
            if (n + 2 >= sizeof key) /* a space and at least one byte: a longer key is no entry */
                return 0;
            key[n++] = ' ';
        }
        size_t got = vnr_lower_to(key + n, sizeof key - n - 1, s + at, len);
        if (got == (size_t)-1)
            return 0;
        n += got;
    }
    return vnr_lexicon_lists(p->lex, key, n);
}

/* The lists of the longest phrase of `want` that starts at word j ("cho biết" before "cho"). */
static uint64_t starts_phrase(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m,
                              size_t j, uint64_t want)
{
    for (size_t k = p->max_words; k > 0; k--) {
        uint64_t bits = lists_of(p, s, w, m, j, k) & want;
        if (bits)
            return bits;
    }
    return 0;
}

/* Whether a phrase of `want` ends at word i ("Thủ tướng" before "Phạm"). */
static bool ends_phrase(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m,
                        size_t i, uint64_t want)
{
    for (size_t k = 1; k <= p->max_words && k <= i + 1; k++)
        if (lists_of(p, s, w, m, i + 1 - k, k) & want)
            return true;
    return false;
}

/* Whether a listed phrase of several words spans the gap after word i ("trong | khi"). */
static bool spans_gap(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m,
                      size_t i)
{
    for (size_t k = 2; k <= p->max_words; k++)
        for (size_t j = i + 2 >= k ? i + 2 - k : 0; j <= i; j++)
            if (lists_of(p, s, w, m, j, k) & BINDING)
                return true;
    return false;
}

/* A number or a scale word: "23", "1.032", "tỷ" in "23 tỷ đồng" and "hàng trăm ngôi nhà". */
static bool is_count(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m, size_t i)
{
    return starts_with_digit(s, &w[i]) || (lists_of(p, s, w, m, i, 1) & BIT(VNR_LIST_SCALE));
}

/* What a number counts: "người", "tỷ đồng", "tháng", "km", "USD". */
static bool is_counted(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m,
                       size_t j)
{
    if (starts_phrase(p, s, w, m, j, BIT(VNR_LIST_COUNTED) | BIT(VNR_LIST_SCALE)))
        return true;
    size_t at, len;
    word_core(s, &w[j], &at, &len);
    return len > 0 && p->lex &&
           (vnr_lexicon_lookup(p->lex, VNR_LEX_UNIT, s + at, len) ||
            vnr_lexicon_lookup(p->lex, VNR_LEX_CURRENCY, s + at, len));
}

/* Whether the gap after word i is inside a group that belongs together (level 5 above). */
static bool inside_group(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m,
                         size_t i)
{
    bool name_next = capitalised(s, &w[i + 1]);
    if (name_next && capitalised(s, &w[i])) /* "Phạm | Minh Chính", "UBND | TP Hà Nội" */
        return true;
    if (name_next && ends_phrase(p, s, w, m, i, BIT(VNR_LIST_TITLE))) /* "ông | Nguyễn Văn A" */
        return true;
    if (is_count(p, s, w, m, i + 1)) /* "ngày | 23", "hơn | 300", "năm | 2024", "hàng | trăm" */
        return true;
    if (is_count(p, s, w, m, i) && is_counted(p, s, w, m, i + 1)) /* "23 | tỷ", "5 | người" */
        return true;
    return spans_gap(p, s, w, m, i); /* "trong | khi", "Thủ | tướng" */
}

static vnr_cut starter_class(uint64_t bits)
{
    if (bits & BIT(VNR_LIST_PHRASE_CLAUSE))
        return VNR_CUT_CLAUSE;
    if (bits & BIT(VNR_LIST_PHRASE_SAID))
        return VNR_CUT_SAID;
    if (bits & BIT(VNR_LIST_PHRASE_PREP))
        return VNR_CUT_PREP;
    if (bits & BIT(VNR_LIST_PHRASE_COPULA))
        return VNR_CUT_COPULA;
    return VNR_CUT_OF;
}

static vnr_cut classify(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m,
                        size_t i)
{
    size_t k;
    int32_t last = last_cp(s + w[i].at, w[i].len, &k);
    int32_t next = first_cp(s + w[i + 1].at, w[i + 1].len);
    if (is_clause_mark(last))
        return VNR_CUT_CLAUSE_MARK;
    if (is_stop(last) || is_closing(last) || is_opening(next) || (is_dash(last) && k == w[i].len))
        return VNR_CUT_MARK;
    if (inside_group(p, s, w, m, i))
        return VNR_CUT_GROUP;
    if (ends_phrase(p, s, w, m, i, DANGLERS))
        return VNR_CUT_DANGLING;
    uint64_t bits = starts_phrase(p, s, w, m, i + 1, STARTERS);
    return bits ? starter_class(bits) : VNR_CUT_PLAIN;
}

void vnr_phrases_cuts(const vnr_phrases *p, const char *s, const vnr_cue_word *w, size_t m,
                      vnr_cut *cut)
{
    for (size_t i = 0; i + 1 < m; i++)
        cut[i] = classify(p, s, w, m, i);
}
