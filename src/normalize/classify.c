/* classify.c - the classifier: an ordered table of {name, match, expand} rules; the first
 * rule whose matcher accepts the token (seeing its neighbours) expands it. Adding a category
 * is adding a row. Order matters where shapes overlap: "0987 654 321" is a telephone before it
 * is a number, "18h30" a time before a code, "27-28/2" a date before a range, "thắng 2-1" a
 * score before a range, "1/2 số hộ" a fraction only once the date rule has declined. */
#include "normalize/normalizer.h"

#include <string.h>

extern const vnr_rule vnr_rule_address, vnr_rule_phone, vnr_rule_legal, vnr_rule_house,
    vnr_rule_comma_list, vnr_rule_time, vnr_rule_date, vnr_rule_mixed, vnr_rule_score,
    vnr_rule_shorthand, vnr_rule_prefixed_money, vnr_rule_range, vnr_rule_dimension,
    vnr_rule_measure, vnr_rule_fraction, vnr_rule_month, vnr_rule_ordinal, vnr_rule_roman,
    vnr_rule_cardinal, vnr_rule_unit, vnr_rule_initial, vnr_rule_abbreviation, vnr_rule_loanword,
    vnr_rule_code, vnr_rule_bullet, vnr_rule_symbol, vnr_rule_word;

const vnr_rule *const vnr_rules[] = {
    &vnr_rule_address,        /* vnexpress.net, ten@mien.vn */
    &vnr_rule_phone,          /* 0987 654 321, +84 ..., 1900 1234, gọi 113 */
    &vnr_rule_legal,          /* 15/2020/NĐ-CP */
    &vnr_rule_house,          /* số 118/77/49 Lê Trọng Tấn, số 12/3 Nguyễn Trãi */
    &vnr_rule_comma_list,     /* tuần 9,10,11,12 */
    &vnr_rule_time,           /* 18h30, 14:30, 7h-9h */
    &vnr_rule_mixed,          /* 1 1/2 thìa */
    &vnr_rule_date,           /* 23/6, 15/8/2024, 27-28/2, 3/2024 */
    &vnr_rule_score,          /* thắng 2-1 */
    &vnr_rule_shorthand,      /* 1tr2, 10k */
    &vnr_rule_prefixed_money, /* $10 */
    &vnr_rule_range,          /* 3-5, 2016-2020, 18-22°C */
    &vnr_rule_dimension,      /* 41x56mm, 3x4m */
    &vnr_rule_measure,        /* 2,5kg, 25.000đ, 12% */
    &vnr_rule_fraction,       /* 1/3 */
    &vnr_rule_month,          /* tháng 4 */
    &vnr_rule_ordinal,        /* thứ 4 */
    &vnr_rule_cardinal,       /* 1.032, -3, 98,5 */
    &vnr_rule_roman,          /* thế kỷ XXI, quý IV/2023, "II." */
    &vnr_rule_unit,           /* the "km" of "30 km" */
    &vnr_rule_initial,        /* the "B." of "Nguyễn Thị B. sinh" */
    &vnr_rule_abbreviation,   /* UBND, TP.HCM, Q.7 */
    &vnr_rule_loanword,       /* Covid */
    &vnr_rule_code,           /* U23, 1A, H5N1 */
    &vnr_rule_bullet,         /* "+ Trước mắt", "=>" */
    &vnr_rule_symbol,         /* &, + */
    &vnr_rule_word,           /* everything else */
};
const size_t vnr_rule_count = sizeof vnr_rules / sizeof vnr_rules[0];

size_t vnr_class_rules(unsigned cls, uint16_t *order)
{
    size_t n = 0;
    for (size_t r = 0; r < vnr_rule_count; r++)
        if ((vnr_rules[r]->needs & cls) == vnr_rules[r]->needs)
            order[n++] = (uint16_t)r;
    return n;
}

bool vnr_span_eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

bool vnr_tok_is(const vnr_ctx *c, long i, const char *word)
{
    return i >= 0 && (size_t)i < c->ntok && vnr_span_eq(c->tok[i].low, c->tok[i].nlow, word);
}

bool vnr_tok_in(const vnr_ctx *c, long i, const char *const *words)
{
    if (i < 0 || (size_t)i >= c->ntok)
        return false;
    for (size_t k = 0; words[k]; k++)
        if (vnr_span_eq(c->tok[i].low, c->tok[i].nlow, words[k]))
            return true;
    return false;
}

bool vnr_tok_list(const vnr_ctx *c, long i, vnr_list list)
{
    if (i < 0 || (size_t)i >= c->ntok)
        return false;
    return (vnr_lexicon_lists(c->lex, c->tok[i].low, c->tok[i].nlow) >> list) & 1;
}

bool vnr_after_list(const vnr_ctx *c, size_t i, vnr_list list)
{
    size_t most = vnr_lexicon_list_words(c->lex, list);
    char key[128];
    size_t start = sizeof key; /* the phrase is key[start..128) */
    /* "kỷ niệm 30-4": the phrase grows backwards from the word right before the number, so it
     * is filled from the end of key: each word goes in front, nothing already there moves. */
    for (size_t w = 1; w <= most && w <= i; w++) {
        const vnr_token *t = &c->tok[i - w];
        if (w > 1 && !vnr_tok_joined(c, i - w + 1))
            return false;
        if (t->nlow + 1 + (sizeof key - start) > sizeof key)
            return false;
        if (w > 1)
            key[--start] = ' ';
        start -= t->nlow;
        memcpy(key + start, t->low, t->nlow);
        if ((vnr_lexicon_lists(c->lex, key + start, sizeof key - start) >> list) & 1)
            return true;
    }
    return false;
}

bool vnr_before_list(const vnr_ctx *c, size_t i, vnr_list list)
{
    size_t most = vnr_lexicon_list_words(c->lex, list);
    char key[128];
    size_t n = 0;
    /* "2/2 tiêu chí": the phrase is built forwards from the word right after the number. */
    for (size_t w = 1; w <= most && i + w < c->ntok; w++) {
        const vnr_token *t = &c->tok[i + w];
        if (!vnr_tok_joined(c, i + w) || n + 1 + t->nlow > sizeof key)
            return false;
        if (w > 1)
            key[n++] = ' ';
        memcpy(key + n, t->low, t->nlow);
        n += t->nlow;
        if ((vnr_lexicon_lists(c->lex, key, n) >> list) & 1)
            return true;
    }
    return false;
}

bool vnr_spaced_minus(const vnr_ctx *c, size_t i)
{
    if (i + 2 >= c->ntok)
        return false;
    const vnr_token *d = &c->tok[i], *n = &c->tok[i + 1];
    if (d->n || d->npre != 1 || d->pre[0] != '-' || d->npost || n->npre || !n->n ||
        !(n->s[0] >= '0' && n->s[0] <= '9') || !vnr_tok_joined(c, i + 2) ||
        !vnr_span_eq(c->tok[i + 2].low, c->tok[i + 2].nlow, "độ"))
        return false;
    /* "từ 20 - 25 độ", "20 độ - 25 độ" are ranges: the word before is no number and no "độ" */
    if (i == 0)
        return true;
    const vnr_token *p = &c->tok[i - 1];
    return p->npost == 0 && p->n && !(p->s[p->n - 1] >= '0' && p->s[p->n - 1] <= '9') &&
           !p->has_digit && !vnr_span_eq(p->low, p->nlow, "độ") &&
           !vnr_span_eq(p->low, p->nlow, "c");
}
