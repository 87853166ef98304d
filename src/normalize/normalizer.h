/* normalizer.h - internal types of the normalizer: tokens, the rule table and the helpers the
 * rules share. Pipeline: tokenize (tokenize.c) -> classify with the first matching rule
 * (classify.c) -> expand into words -> assemble with pauses (normalize.c). */
#ifndef VNR_NORMALIZER_H
#define VNR_NORMALIZER_H

#include "normalize/context.h"
#include "normalize/numbers.h"

/* A token: a run of non-space text split into leading punctuation, core and trailing
 * punctuation, so rules see "23/6" while the pause marks around it survive. */
typedef struct vnr_token {
    const char *s, *pre, *post, *low; /* core, leading, trailing, lowercase core */
    size_t n, npre, npost, nlow, low_off;
    bool has_digit, has_alpha, all_digits;
    bool has_upper, has_other; /* an uppercase letter; a character neither letter nor digit */
} vnr_token;

/* A token's class: the VNR_NEEDS_* bits (below) it meets. Every combination is a class. */
enum { VNR_TOKEN_CLASSES = 64 };

struct vnr_normalizer {
    const vnr_lexicon *lex;
    /* For each token class, the indexes into vnr_rules of the rules whose needs it meets, in
     * table order (row cls starts at cls * vnr_rule_count): a plain lowercase word ("của")
     * asks 5 or 6 rules, not the whole table. */
    uint16_t *class_rules;
    size_t class_nrules[VNR_TOKEN_CLASSES];
    vnr_numbers numbers;
    vnr_buf line_out, low_arena;
    vnr_token *tokens;
    size_t cap_tokens;
    vnr_punctuation punctuation; /* reading options (vnreader.h), spell.c */
    bool spell, capitals;
    bool explain;    /* vnr_normalizer_set_explain: "written → rule → reading" lines */
    vnr_buf reading; /* explain mode: one rule's reading */
};

/* What a rule sees: the line's tokens and the normalizer's vocabulary and profile. */
typedef struct vnr_ctx {
    const vnr_normalizer *norm;
    const vnr_lexicon *lex;
    const vnr_numbers *ns;
    const vnr_token *tok;
    size_t ntok;
} vnr_ctx;

/* A parsed number: sign, integer digits without separators, decimal digits. */
typedef struct vnr_num {
    bool negative, plus;
    char digits[40];
    size_t ndigits;
    char frac[24];
    size_t nfrac;
    size_t len;        /* bytes of the source text consumed */
    bool grouped;      /* written with thousands separators */
    bool leading_zero; /* "0915...", "05" */
    bool dot_decimal;  /* "2.5": an English decimal point, not a thousands group */
    bool keep_zeros;   /* a code: "Kế hoạch 05" -> không năm */
} vnr_num;

/* A clock time or a duration: "18h30", "14:32", "2p15s". */
typedef struct vnr_clock {
    uint64_t h, m, s;
    bool has_h, has_m, has_s;
} vnr_clock;

/* How a time token is read. */
typedef enum vnr_time_form {
    VNR_TIME_ONE,         /* "18h30" -> mười tám giờ ba mươi phút */
    VNR_TIME_RANGE,       /* "7h-9h", "7h - 9h" -> bảy giờ đến chín giờ */
    VNR_TIME_HOURS_RANGE, /* "8-10h" -> tám đến mười giờ */
    VNR_TIME_DURATION     /* "về đích trong 14:32", "7p", "2p15s" -> phút, giây */
} vnr_time_form;

/* A day and month, with the end of a range and a year when written. */
typedef struct vnr_date {
    uint64_t d1, d2, m1, m2, y; /* d2/m2: the end of a range; 0 when absent */
    bool has_year, day_range, full_range;
} vnr_date;

/* What each rule's matcher found, so its expander never parses the text again. */
typedef struct vnr_time_match {
    vnr_time_form form;
    vnr_clock a, b;      /* b: the end of a range */
    uint64_t first_hour; /* the bare first hour of "8-10h" */
} vnr_time_match;

typedef struct vnr_date_match {
    vnr_date a, b;   /* b: the date after a spaced dash ("1.6.2025 - 31.8.2025") */
    bool month_year; /* "3/2024" -> tháng ba năm ... */
    bool season;     /* "2016/17": a.y and the second year as written in a.d1 */
    bool spaced_range;
} vnr_date_match;

typedef struct vnr_roman_match {
    unsigned value;
    uint64_t year; /* "quý IV/2023": the year after the slash, 0 if none */
    bool ordinal;  /* "lần thứ IV" -> lần thứ tư */
} vnr_roman_match;

typedef struct vnr_legal_match {
    size_t number_end; /* "15" of "15/2020/NĐ-CP" */
    size_t code_start; /* "NĐ-CP" */
    bool has_year;     /* the slash before a year reads "năm" */
} vnr_legal_match;

typedef enum vnr_shorthand_scale {
    VNR_SHORTHAND_THOUSAND, /* "30k" */
    VNR_SHORTHAND_MILLION,  /* "12tr", "1tr2" */
    VNR_SHORTHAND_METRE     /* "1m65" (a height) -> một mét sáu mươi lăm */
} vnr_shorthand_scale;

/* What a match found: how many tokens it covers and what the expander needs. */
typedef struct vnr_match {
    size_t ntok;
    size_t split, split2; /* byte offsets inside the core */
    size_t post_skip;     /* bytes of the last token's trailing marks the rule consumed ("TP.") */
    const char *word;     /* a lexicon reading, a unit... */
    uint64_t value;
    /* Parsed numbers and per-rule data last: matchers fill them, so only the fields above are
     * reset before each rule (resetting ~300 bytes per rule per token was the hot spot). */
    vnr_num a, b, c;
    union {
        vnr_time_match time;
        vnr_date_match date;
        vnr_roman_match roman;
        vnr_legal_match legal;
        vnr_shorthand_scale shorthand;
    } r;
} vnr_match;

/* What a token must hold for a rule to be worth asking: most tokens are plain words, and
 * skipping the dozen number rules for them keeps the normalizer fast. */
enum {
    VNR_NEEDS_DIGIT = 1,
    VNR_NEEDS_ALPHA = 2,
    VNR_NEEDS_UPPER = 4,
    VNR_NEEDS_NO_ALPHA = 8,
    VNR_NEEDS_ROMAN_START = 16, /* starts with I V X L C D M, either case: "XXI", "xviii" */
    VNR_NEEDS_OTHER = 32 /* a character neither letter nor digit: "vnexpress.net", "a@b.vn" */
};
_Static_assert(VNR_NEEDS_OTHER * 2 == VNR_TOKEN_CLASSES, "a class for every needs bit");

typedef struct vnr_rule {
    const char *name;
    bool (*match)(const vnr_ctx *c, size_t i, vnr_match *m);
    void (*expand)(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out);
    unsigned needs; /* VNR_NEEDS_* bits */
} vnr_rule;

/* The classifier table (classify.c): first match wins; the last rule matches everything. */
extern const vnr_rule *const vnr_rules[];
extern const size_t vnr_rule_count;

/* Can a Roman numeral start with ch ("XXI", "xviii")? Asked for every token, so no lookup. */
static inline bool vnr_roman_start(char ch)
{
    switch (ch | 0x20) {
    case 'i':
    case 'v':
    case 'x':
    case 'l':
    case 'c':
    case 'd':
    case 'm':
        return true;
    default:
        return false;
    }
}

/* The class of a token (a non-empty core): the VNR_NEEDS_* bits it meets. Inline: asked for
 * every token. */
static inline unsigned vnr_token_class(const vnr_token *t)
{
    return (t->has_digit ? VNR_NEEDS_DIGIT : 0u) | (t->has_alpha ? VNR_NEEDS_ALPHA : 0u) |
           (t->has_upper ? VNR_NEEDS_UPPER : 0u) | (t->has_alpha ? 0u : VNR_NEEDS_NO_ALPHA) |
           (vnr_roman_start(t->s[0]) ? VNR_NEEDS_ROMAN_START : 0u) |
           (t->has_other ? VNR_NEEDS_OTHER : 0u);
}

/* The rules a token of class cls may match, as indexes into vnr_rules in table order, into
 * order (vnr_rule_count room); returns how many. The last is the word rule, which needs nothing. */
size_t vnr_class_rules(unsigned cls, uint16_t *order);

/* tokenize.c: split one line into tokens (pointers into line, lowercase into arena). */
size_t vnr_tokenize(vnr_normalizer *norm, const char *line, size_t len);

/* Numbers in text (rules_number.c). */
/* Parse a number at the start of s: "-3", "1.032", "98,5", "1,234,567". 0 if none. */
size_t vnr_parse_num(const char *s, size_t n, vnr_num *num);
void vnr_say_num(vnr_buf *out, const vnr_numbers *ns, const vnr_num *num);
/* A whole token that is exactly one unsigned integer without separators; its value. */
bool vnr_token_uint(const vnr_token *t, uint64_t *value);
bool vnr_span_uint(const char *s, size_t n, uint64_t *value);
/* "thắng Pháp 3-1", "Việt Nam 2-0 Malaysia": a score word up to three words before token i, or
 * a name on each side of its ntok tokens. */
bool vnr_score_context(const vnr_ctx *c, size_t i, size_t ntok);
/* Read a unit expression such as "km", "km/h", "m²", "đồng/kg"; false if it is not one. */
bool vnr_say_unit(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n);

/* Context helpers (classify.c). */
/* Is the lowercase core of token i one of words (NULL-terminated)? Out of range: false. */
bool vnr_tok_in(const vnr_ctx *c, long i, const char *const *words);
bool vnr_tok_is(const vnr_ctx *c, long i, const char *word);
/* Token i-1 flows into token i with no punctuation between them. */
static inline bool vnr_tok_joined(const vnr_ctx *c, size_t i)
{
    return i > 0 && i < c->ntok && c->tok[i - 1].npost == 0 && c->tok[i].npre == 0;
}
bool vnr_span_eq(const char *s, size_t n, const char *lit);
/* Is token i (one word) in a context list of voices/vi/context.tsv? Out of range: false. */
bool vnr_tok_list(const vnr_ctx *c, long i, vnr_list list);
/* Does a word or phrase of the list end right before token i ("kỷ niệm" before "30-4")? */
bool vnr_after_list(const vnr_ctx *c, size_t i, vnr_list list);
/* Does a word or phrase of the list start right after token i ("tiêu chí" after "2/2")? */
bool vnr_before_list(const vnr_ctx *c, size_t i, vnr_list list);
/* Is token i a lone dash that is the sign of the temperature after it ("xuống - 80 độ C")? */
bool vnr_spaced_minus(const vnr_ctx *c, size_t i);

/* Text rules (rules_text.c). */
void vnr_spell(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n);
bool vnr_is_syllable(const char *s, size_t n);
/* A capitalised Vietnamese word with a diacritic ("BỆNH", "NÓNG"): a headline, not an acronym. */
bool vnr_is_headline_word(const char *s, size_t n);
/* Read a word-like span: lexicon, loanword, Vietnamese syllable, or spelled letters. */
void vnr_say_word(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n);
/* A letters-only word already known to be in no lexicon: plain, headline caps, or spelled. */
void vnr_say_plain_letters(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n, bool has_upper);
/* Copy a plain word, fixing what eSpeak NG misreads ("họa" -> "hoạ"). */
void vnr_put_plain(vnr_buf *out, const char *s, size_t n);
/* Roman numeral value of s if it is canonical (round-trips), else 0. */
unsigned vnr_roman_value(const char *s, size_t n);

/* Reading options (spell.c). The name of a punctuation mark said in mode ("?" -> "chấm hỏi"),
 * or NULL when the mode keeps it silent. */
const char *vnr_mark_name(const vnr_lexicon *lex, int32_t cp, vnr_punctuation mode);
/* Spell mode: one line, character by character ("Bà 5." -> "bê a huyền, năm chấm"). */
void vnr_spell_line(const vnr_normalizer *norm, const char *line, size_t len, vnr_buf *out);

/* Month and day words for dates (rules_datetime.c). */
void vnr_say_month(vnr_buf *out, const vnr_numbers *ns, uint64_t month);
/* The number of a month after the word "tháng": 4 -> "tư", 12 -> "mười hai". */
void vnr_say_month_number(vnr_buf *out, const vnr_numbers *ns, uint64_t month);

#endif
