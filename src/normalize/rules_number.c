/* rules_number.c - numbers in running text: cardinals, ranges, fractions, ordinals, scores,
 * money, percent and measures. Each rule is a {match, expand} pair listed in classify.c.
 *   "1.032" -> "một nghìn không trăm ba mươi hai"   "98,5" -> "chín mươi tám phẩy năm"
 *   "3-5 ngày" -> "ba đến năm ngày"                   "thắng 2-1" -> "thắng hai một"
 *   "2,5kg" -> "hai phẩy năm ki lô gam"               "$10" -> "mười đô la mỹ" */
#include "normalize/normalizer.h"

#include <string.h>

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static size_t digit_run(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && is_digit(s[i]))
        i++;
    return i;
}

/* Append up to cap digits to dst. */
static bool add_digits(char *dst, size_t *len, size_t cap, const char *s, size_t n)
{
    if (*len + n >= cap)
        return false;
    memcpy(dst + *len, s, n);
    *len += n;
    return true;
}

/* "." or "," followed by exactly three digits and no fourth: a thousands group. */
static bool group_at(const char *s, size_t n, size_t i, char sep)
{
    return i < n && s[i] == sep && digit_run(s + i + 1, n - i - 1) == 3;
}

static size_t parse_sign(const char *s, size_t n, bool *neg, bool *plus)
{
    if (n >= 2 && s[0] == '+' && is_digit(s[1]))
        return *plus = true, 1;
    if (n >= 2 && s[0] == '-' && is_digit(s[1]))
        return *neg = true, 1;
    if (n >= 4 && memcmp(s, "\u2212", 3) == 0 && is_digit(s[3]))
        return *neg = true, 3; /* U+2212 MINUS SIGN */
    return 0;
}

/* Integer part with its thousands separators: "12.500", "1,234,567". */
static size_t parse_integer(const char *s, size_t n, vnr_num *num)
{
    size_t i = digit_run(s, n);
    if (!i || !add_digits(num->digits, &num->ndigits, sizeof num->digits, s, i))
        return 0;
    if (i <= 3 && group_at(s, n, i, '.')) {
        while (group_at(s, n, i, '.')) {
            if (!add_digits(num->digits, &num->ndigits, sizeof num->digits, s + i + 1, 3))
                return 0;
            i += 4;
        }
        num->grouped = true;
    } else if (i <= 3 && group_at(s, n, i, ',') && group_at(s, n, i + 4, ',')) {
        /* English style with several comma groups: 1,234,567 is still thousands */
        while (group_at(s, n, i, ',')) {
            if (!add_digits(num->digits, &num->ndigits, sizeof num->digits, s + i + 1, 3))
                return 0;
            i += 4;
        }
        num->grouped = true;
    }
    return i;
}

size_t vnr_parse_num(const char *s, size_t n, vnr_num *num)
{
    memset(num, 0, sizeof *num);
    size_t i = parse_sign(s, n, &num->negative, &num->plus);
    size_t k = parse_integer(s + i, n - i, num);
    if (!k)
        return 0;
    i += k;
    num->leading_zero = num->digits[0] == '0' && num->ndigits > 1;
    /* Decimal comma: "98,5", "1,05". Not after English comma groups. An English decimal
     * point ("2.5 km": one or two digits, so never a thousands group) is taken too, flagged:
     * the cardinal rule accepts it only before a unit, as "4.0" is read "bốn chấm không". */
    char dec = num->grouped && s[i - 4] == ',' ? '.' : ',';
    if (dec == ',' && !num->grouped && i + 1 < n && s[i] == '.' && is_digit(s[i + 1]) &&
        digit_run(s + i + 1, n - i - 1) <= 2) {
        dec = '.';
        num->dot_decimal = true;
    }
    if (i + 1 < n && s[i] == dec && is_digit(s[i + 1])) {
        size_t f = digit_run(s + i + 1, n - i - 1);
        if (f < sizeof num->frac) {
            memcpy(num->frac, s + i + 1, f);
            num->nfrac = f;
            i += 1 + f;
        }
    }
    num->len = i;
    return i;
}

/* More than 15 digits with no separator: an amount when it is round ("1200000000000000 đồng"
 * -> một triệu hai trăm nghìn tỷ đồng, up to 18 digits), an identifier otherwise (a card
 * number "1234567890123456", read digit by digit). */
static bool long_identifier(const vnr_num *num)
{
    if (num->ndigits <= 15)
        return false;
    size_t zeros = 0;
    while (zeros < num->ndigits && num->digits[num->ndigits - 1 - zeros] == '0')
        zeros++;
    return num->ndigits > 18 || zeros < 6;
}

void vnr_say_num(vnr_buf *out, const vnr_numbers *ns, const vnr_num *num)
{
    if (num->negative)
        vnr_buf_word(out, "âm");
    if (num->plus)
        vnr_buf_word(out, "cộng"); /* "+5%" -> "cộng năm phần trăm" */
    /* "0915..." and a code's "05" (num->keep_zeros) are digits. */
    bool as_digits =
        !num->grouped && (long_identifier(num) || (num->leading_zero && num->ndigits > 3) ||
                          (num->leading_zero && num->keep_zeros));
    if (as_digits)
        vnr_say_digits(out, num->digits, num->ndigits);
    else
        vnr_say_integer(out, ns, num->digits, num->ndigits);
    if (num->nfrac) {
        vnr_buf_word(out, "phẩy");
        vnr_say_fraction_digits(out, ns, num->frac, num->nfrac);
    }
}

bool vnr_span_uint(const char *s, size_t n, uint64_t *value)
{
    if (n == 0 || n > 18 || digit_run(s, n) != n)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (uint64_t)(s[i] - '0');
    *value = v;
    return true;
}

bool vnr_token_uint(const vnr_token *t, uint64_t *value)
{
    return vnr_span_uint(t->s, t->n, value);
}

/* ---- units ------------------------------------------------------------------------------ */

/* One part of a unit expression: a unit, a currency, "%", or (if words_ok) a plain word. */
static bool say_unit_part(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n, bool words_ok)
{
    const char *r = vnr_lexicon_lookup(c->lex, VNR_LEX_UNIT, s, n);
    if (!r)
        r = vnr_lexicon_lookup(c->lex, VNR_LEX_CURRENCY, s, n);
    int32_t cp;
    vnr_symbol sym;
    bool per = vnr_utf8_decode(s, n, &cp) == n && (cp == '%' || cp == 0x2030); /* %, ‰ */
    if (!r && per && vnr_lexicon_symbol(c->lex, cp, &sym))
        r = sym.in_word; /* symbols.tsv: "phần trăm", "phần nghìn" */
    if (r) {
        vnr_buf_word(out, r);
        return true;
    }
    if (!words_ok || !n)
        return false;
    vnr_say_word(out, c, s, n);
    return true;
}

static bool unit_part_known(const vnr_ctx *c, const char *s, size_t n)
{
    return vnr_lexicon_lookup(c->lex, VNR_LEX_UNIT, s, n) ||
           vnr_lexicon_lookup(c->lex, VNR_LEX_CURRENCY, s, n);
}

/* Letters only, no digit or mark: a word that can stand before "/ha". */
static bool is_word(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strchr("0123456789/.,-%", s[i]))
            return false;
    return true;
}

bool vnr_say_unit(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n)
{
    if (n == 0)
        return false;
    if (say_unit_part(out, c, s, n, false))
        return true; /* a whole entry such as "km/h" */
    const char *slash = memchr(s, '/', n);
    if (!slash)
        return false;
    /* "km/h" -> "ki lô mét trên giờ"; "USD/thùng" -> "đô la mỹ trên thùng" */
    size_t head = (size_t)(slash - s), tail = n - head - 1;
    vnr_buf tmp;
    vnr_buf_init(&tmp);
    /* One side must be a unit: "tấn/ha" -> "tấn trên héc ta", "USD/thùng", not "và/hoặc". */
    bool head_unit = say_unit_part(&tmp, c, s, head, false);
    /* "40 triệu/bộ", "5 nghìn/lượt": a scale word is a price per the word after it */
    bool head_scale = is_word(s, head) && is_word(slash + 1, tail) &&
                      ((vnr_lexicon_lists(c->lex, s, head) >> VNR_LIST_SCALE) & 1);
    bool ok = head_unit || head_scale || (is_word(s, head) && unit_part_known(c, slash + 1, tail));
    if (ok && !head_unit)
        say_unit_part(&tmp, c, s, head, true);
    vnr_num num;
    size_t k = ok && tail && is_digit(slash[1]) ? vnr_parse_num(slash + 1, tail, &num) : 0;
    if (k && k < tail && unit_part_known(c, slash + 1 + k, tail - k)) {
        /* "220V/50Hz": a second quantity, not a rate -> vôn, năm mươi héc */
        vnr_say_num(&tmp, c->ns, &num);
        say_unit_part(&tmp, c, slash + 1 + k, tail - k, false);
    } else if (ok) {
        vnr_buf_word(&tmp, "trên");
        /* "USD/m2/năm" -> đô la Mỹ trên mét vuông trên năm */
        ok =
            vnr_say_unit(&tmp, c, slash + 1, tail) || say_unit_part(&tmp, c, slash + 1, tail, true);
    }
    if (ok)
        vnr_buf_word(out, tmp.data);
    vnr_buf_free(&tmp);
    return ok;
}

/* Does s[0..n) read as a unit expression? (A dry run of vnr_say_unit.) */
static bool is_unit(const vnr_ctx *c, const char *s, size_t n)
{
    vnr_buf tmp;
    vnr_buf_init(&tmp);
    bool ok = vnr_say_unit(&tmp, c, s, n);
    vnr_buf_free(&tmp);
    return ok;
}

/* A dash between numbers: "-", en dash, em dash. Returns its length at s, or 0. */
static size_t dash_len(const char *s, size_t n)
{
    if (n >= 1 && s[0] == '-')
        return 1;
    if (n >= 3 && (memcmp(s, "\u2013", 3) == 0 || memcmp(s, "\u2014", 3) == 0))
        return 3;
    return 0;
}

/* Token i is only a dash (its core is empty). */
static bool is_dash_token(const vnr_ctx *c, size_t i)
{
    const vnr_token *t = &c->tok[i];
    return i < c->ntok && t->n == 0 && t->npost == 0 && t->npre &&
           dash_len(t->pre, t->npre) == t->npre;
}

static bool is_unit(const vnr_ctx *c, const char *s, size_t n);

/* ---- cardinal: "1.032", "-3", "98,5" --------------------------------------------------- */

/* "Kế hoạch 05", "số 012": a code keeps its zeros; "05 đối tượng" is a count (năm). A long
 * run after a code word ("tài khoản số 1234567890123456") is read digit by digit. */
static void mark_code(const vnr_ctx *c, size_t i, vnr_num *num)
{
    if (num->grouped || num->nfrac || num->negative || (!num->leading_zero && num->ndigits <= 15) ||
        !vnr_after_list(c, i, VNR_LIST_CODE))
        return;
    num->keep_zeros = num->leading_zero;
    if (num->ndigits > 15)
        num->keep_zeros = num->leading_zero = true;
}

/* "từ 2,250 người": a comma and exactly three digits before a thing counted whole is an English
 * thousands mark (hai nghìn hai trăm năm mươi người), never two and a quarter people. */
static void english_thousands(const vnr_ctx *c, size_t i, vnr_num *num)
{
    const vnr_token *t = &c->tok[i];
    if (num->nfrac != 3 || num->ndigits > 3 || num->digits[0] == '0' || num->dot_decimal ||
        num->negative || !memchr(t->s, ',', t->n) || !vnr_before_list(c, i, VNR_LIST_WHOLE))
        return;
    memcpy(num->digits + num->ndigits, num->frac, 3);
    num->ndigits += 3;
    num->nfrac = 0;
    num->grouped = true;
}

static bool match_cardinal(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    if (!t->has_digit || vnr_parse_num(t->s, t->n, &m->a) != t->n)
        return false;
    mark_code(c, i, &m->a);
    english_thousands(c, i, &m->a);
    if (i > 0 && vnr_spaced_minus(c, i - 1))
        m->a.negative = true; /* "xuống đến - 80 độ C" -> âm tám mươi độ xê */
    if (!m->a.dot_decimal)
        return true;
    const vnr_token *next = i + 1 < c->ntok && vnr_tok_joined(c, i + 1) ? &c->tok[i + 1] : NULL;
    return next && is_unit(c, next->s, next->n); /* "2.5 km"; a bare "4.0" is read as written */
}

static void expand_cardinal(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    (void)i;
    vnr_say_num(out, c->ns, &m->a);
}

/* ---- a unit right after a number: "30 km", "12 %", "15 triệu VNĐ" --------------------------- */

/* Units standing alone are written in ASCII ("kg", "m2"): a cheap test before any lookup,
 * as every word of the text comes here. */
static bool ascii_only(const vnr_token *t)
{
    for (size_t k = 0; k < t->n; k++)
        if ((unsigned char)t->s[k] >= 0x80)
            return false;
    return true;
}

/* After the unit of token i, a lone dash and a number: the two ends of a range, each with its
 * unit ("5.000 đồng - 7.000 đồng/kg", "2 triệu đồng - 3 triệu đồng"). */
static bool unit_then_dash(const vnr_ctx *c, size_t i)
{
    /* not rates: "22.560 đồng/USD - 22.630 đồng/USD" are a buying and a selling price */
    if (i + 2 >= c->ntok || c->tok[i].npost || memchr(c->tok[i].s, '/', c->tok[i].n))
        return false;
    const vnr_token *d = &c->tok[i + 1], *b = &c->tok[i + 2];
    bool dash =
        d->n == 0 && d->npost == 0 &&
        ((d->npre == 1 && d->pre[0] == '-') || (d->npre == 3 && memcmp(d->pre, "\u2013", 3) == 0));
    return dash && b->npre == 0 && b->n && b->s[0] >= '0' && b->s[0] <= '9';
}

static bool match_unit_after_number(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    if (i == 0 || !vnr_tok_joined(c, i) || !t->n || (t->s[0] >= '0' && t->s[0] <= '9'))
        return false;
    const vnr_token *prev = &c->tok[i - 1];
    bool after_number = prev->n && prev->s[prev->n - 1] >= '0' && prev->s[prev->n - 1] <= '9';
    bool after_scale = !after_number && i >= 2 && c->tok[i - 2].has_digit &&
                       vnr_tok_list(c, (long)i - 1, VNR_LIST_SCALE);
    /* "40 triệu đồng mỗi m2", "giá 50 nghìn đồng một kg": a unit of two or more characters,
     * not all capitals ("mỗi CV" is a résumé), after "mỗi", "một", "trên"; "mỗi m" stays. */
    bool after_each = !after_number && !after_scale && t->n >= 2 &&
                      (t->has_digit || t->has_other || !t->has_upper) && ascii_only(t) &&
                      vnr_tok_list(c, (long)i - 1, VNR_LIST_UNIT_BEFORE);
    if (!(after_number || after_scale || after_each) || !is_unit(c, t->s, t->n))
        return false;
    if ((after_number || after_scale) && unit_then_dash(c, i))
        m->word = "đến", m->ntok = 2; /* "5.000 đồng - 7.000 đồng/kg": the dash is "đến" */
    return true;
}

static void expand_unit(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    vnr_say_unit(out, c, c->tok[i].s, c->tok[i].n);
    if (m->word)
        vnr_buf_word(out, m->word);
}

/* ---- number with its unit attached: "2,5kg", "25.000đ", "12%", "60km/h" ------------------- */

static bool match_measure(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    size_t k = t->has_digit ? vnr_parse_num(t->s, t->n, &m->a) : 0;
    if (!k || k == t->n)
        return false;
    /* "iPhone 6s", "Galaxy 5s": a model after a name, not seconds */
    if (t->n - k == 1 && (t->s[k] == 's' || t->s[k] == 'S') && i > 0 && c->tok[i - 1].has_upper &&
        !c->tok[i - 1].has_digit)
        return false;
    m->split2 = 0;
    if (t->s[k] == '/' && k + 1 < t->n) { /* "1/4kg" -> một phần tư ki lô gam */
        size_t b = vnr_parse_num(t->s + k + 1, t->n - k - 1, &m->b);
        if (!b || m->b.nfrac || m->a.nfrac || k + 1 + b == t->n)
            return false;
        m->split2 = k + 1;
        k += 1 + b;
    }
    m->split = k;
    return is_unit(c, t->s + k, t->n - k);
}

static void say_part(vnr_buf *out, const vnr_ctx *c, const vnr_num *a, const vnr_num *b);

static void expand_measure(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *t = &c->tok[i];
    char low[8];
    size_t un = t->n - m->split;
    bool choice = m->split2 && un < sizeof low; /* "128/256GB": sizes to choose from (tally) */
    for (size_t k = 0; choice && k < un; k++)
        low[k] = (char)(t->s[m->split + k] | 0x20);
    if (choice && ((vnr_lexicon_lists(c->lex, low, un) >> VNR_LIST_TALLY) & 1)) {
        vnr_say_num(out, c->ns, &m->a);
        vnr_buf_word(out, "trên");
        vnr_say_num(out, c->ns, &m->b);
    } else if (m->split2)
        say_part(out, c, &m->a, &m->b);
    else
        vnr_say_num(out, c->ns, &m->a);
    vnr_say_unit(out, c, t->s + m->split, t->n - m->split);
}

/* ---- dimensions "41x56mm", "20 x 30" in one token, "3x4m" -> ba nhân bốn mét ---------------- */

/* Bytes of a multiplication mark at s: x, X, ×, *. */
static size_t times_len(const char *s, size_t n)
{
    if (n >= 1 && (s[0] == 'x' || s[0] == 'X' || s[0] == '*'))
        return 1;
    return n >= 2 && memcmp(s, "\u00d7", 2) == 0 ? 2 : 0;
}

static bool match_dimension(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    size_t k = vnr_parse_num(t->s, t->n, &m->a), x;
    if (!k || k == t->n || !(x = times_len(t->s + k, t->n - k)))
        return false;
    size_t k2 = vnr_parse_num(t->s + k + x, t->n - k - x, &m->b);
    if (!k2)
        return false;
    size_t end = k + x + k2, x2;
    m->split2 = 0;
    if (end < t->n && (x2 = times_len(t->s + end, t->n - end)) &&
        vnr_parse_num(t->s + end + x2, t->n - end - x2, &m->c)) {
        m->split2 = end; /* "2x3x4m" */
        end += x2 + m->c.len;
    }
    m->split = end;
    return end == t->n || is_unit(c, t->s + end, t->n - end);
}

static void expand_dimension(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *t = &c->tok[i];
    vnr_say_num(out, c->ns, &m->a);
    vnr_buf_word(out, "nhân");
    vnr_say_num(out, c->ns, &m->b);
    if (m->split2) {
        vnr_buf_word(out, "nhân");
        vnr_say_num(out, c->ns, &m->c);
    }
    vnr_say_unit(out, c, t->s + m->split, t->n - m->split);
}

/* ---- a currency written before the number: "$10", "US$5", "€20 triệu" -------------------- */

/* A price written the English way after a currency sign: "$1,099", "$2,499.50". The comma
 * groups thousands only when exactly three digits follow it ("$1,5" stays one and a half). */
static bool parse_english_price(const char *s, size_t n, vnr_num *num)
{
    size_t i = digit_run(s, n);
    memset(num, 0, sizeof *num);
    if (!i || i > 3 || !group_at(s, n, i, ','))
        return false;
    add_digits(num->digits, &num->ndigits, sizeof num->digits, s, i);
    while (group_at(s, n, i, ',')) {
        if (!add_digits(num->digits, &num->ndigits, sizeof num->digits, s + i + 1, 3))
            return false;
        i += 4;
    }
    size_t f = i + 1 < n && s[i] == '.' ? digit_run(s + i + 1, n - i - 1) : 0;
    if (f && f < sizeof num->frac) {
        memcpy(num->frac, s + i + 1, f);
        num->nfrac = f;
        i += 1 + f;
    }
    num->grouped = true;
    num->len = i;
    return i == n;
}

static bool match_prefixed_money(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    size_t p = 0;
    while (p < t->n && !(t->s[p] >= '0' && t->s[p] <= '9'))
        p++;
    if (p == 0 || p == t->n || p > 4)
        return false;
    m->word = vnr_lexicon_lookup(c->lex, VNR_LEX_CURRENCY, t->s, p);
    if (!m->word || (!parse_english_price(t->s + p, t->n - p, &m->a) &&
                     vnr_parse_num(t->s + p, t->n - p, &m->a) != t->n - p))
        return false;
    m->split = p;
    if (i + 1 < c->ntok && vnr_tok_joined(c, i + 1) && vnr_tok_list(c, (long)i + 1, VNR_LIST_SCALE))
        m->ntok = 2; /* "$3 tỷ" -> "ba tỷ đô la mỹ" */
    return true;
}

static void expand_prefixed_money(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    vnr_say_num(out, c->ns, &m->a);
    if (m->ntok == 2)
        vnr_buf_word(out, c->tok[i + 1].low);
    vnr_buf_word(out, m->word);
}

/* ---- shorthand money in news and ads: "1tr2", "5tr", "10k" ----------------------------------- */

static bool match_shorthand(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    size_t k = t->has_digit ? vnr_parse_num(t->s, t->n, &m->a) : 0;
    if (!k || m->a.negative)
        return false;
    const char *r = t->s + k;
    size_t rn = t->n - k;
    /* "30k", "50K" are money; "4K", "8K" (video) are not: K after one digit is a letter */
    if (rn == 1 && (r[0] == 'k' || (r[0] == 'K' && (m->a.ndigits > 1 || m->a.nfrac))))
        return m->r.shorthand = VNR_SHORTHAND_THOUSAND, true;
    if (rn == 3 && r[0] == 'm' && m->a.ndigits == 1 && !m->a.nfrac &&
        digit_run(r + 1, rn - 1) == rn - 1) {
        m->r.shorthand = VNR_SHORTHAND_METRE; /* "1m65"; "2m2" is square metres */
        m->split = k + 1;
        return true;
    }
    if (rn < 2 || r[0] != 't' || r[1] != 'r')
        return false;
    m->r.shorthand = VNR_SHORTHAND_MILLION;
    if (rn != 2 && (rn > 5 || digit_run(r + 2, rn - 2) != rn - 2))
        return false;
    /* the thousands after "tr": "1tr2" -> 200 nghìn, "1tr25" -> 250, "1tr250" -> 250 */
    m->value = 0;
    for (size_t d = 0; d < 3; d++)
        m->value = m->value * 10 + (uint64_t)(d + 2 < rn ? r[d + 2] - '0' : 0);
    return true;
}

/* "65" -> sáu mươi lăm, "05" -> không năm: the centimetres as written. */
static void vnr_say_digits_or_number(vnr_buf *out, const vnr_numbers *ns, const char *s, size_t n)
{
    if (n > 1 && s[0] == '0')
        vnr_say_digits(out, s, n);
    else
        vnr_say_integer(out, ns, s, n);
}

static void expand_shorthand(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    vnr_say_num(out, c->ns, &m->a);
    if (m->r.shorthand == VNR_SHORTHAND_THOUSAND) {
        vnr_buf_word(out, c->ns->thousand);
        return;
    }
    if (m->r.shorthand == VNR_SHORTHAND_METRE) {
        const vnr_token *t = &c->tok[i];
        vnr_buf_word(out, "mét");
        vnr_say_digits_or_number(out, c->ns, t->s + m->split, t->n - m->split);
        return;
    }
    vnr_buf_word(out, "triệu");
    uint64_t v = m->value;
    if (v) {
        vnr_say_uint(out, c->ns, v);
        vnr_buf_word(out, c->ns->thousand);
    }
}

/* ---- ranges "3-5", "2016-2020", "18-22°C", "10 - 15%"; scores "thắng 2-1" ------------------ */

/* "thắng Pháp 3-1", "tỷ số 2-0": a score word up to three words before. */
static bool near_score_word(const vnr_ctx *c, size_t i)
{
    for (size_t k = i; k > 0 && k + 3 > i; k--)
        if (vnr_after_list(c, k, VNR_LIST_SCORE))
            return true;
    return false;
}

/* "Việt Nam 2-0 Malaysia": a result between two names. */
static bool between_names(const vnr_ctx *c, size_t i, size_t ntok)
{
    if (i == 0 || i + ntok >= c->ntok || c->tok[i - 1].npost || c->tok[i + ntok].npre)
        return false;
    return c->tok[i - 1].has_upper && c->tok[i + ntok].has_upper && !c->tok[i - 1].has_digit &&
           !c->tok[i + ntok].has_digit;
}

/* The unit written after the first number of a range, up to the dash: the "kg" of "3kg-4kg",
 * the "đ" of "200.000đ-350.000đ". Its length, 0 if none; false if it is not a unit. */
static bool unit_before_dash(const vnr_ctx *c, const vnr_token *t, size_t k, size_t *len)
{
    size_t e = k;
    while (e < t->n && !dash_len(t->s + e, t->n - e) && !is_digit(t->s[e]))
        e++;
    *len = e - k;
    return e == k || (e < t->n && is_unit(c, t->s + k, e - k));
}

/* "A-B" in one token, or "A", "-", "B" as three. m->a, m->b; suffix of B after m->split; the
 * unit after A (if any) ends at m->split2. */
static bool match_pair(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    size_t k = t->has_digit ? vnr_parse_num(t->s, t->n, &m->a) : 0, ua = 0;
    if (!k || !unit_before_dash(c, t, k, &ua))
        return false;
    m->split2 = k + ua;
    size_t d = dash_len(t->s + k + ua, t->n - k - ua);
    if (d && vnr_parse_num(t->s + k + ua + d, t->n - k - ua - d, &m->b)) {
        m->split = k + ua + d + m->b.len;
        /* "3kg-4kg" needs the same unit after both */
        return !ua || (t->n - m->split == ua && memcmp(t->s + k, t->s + m->split, ua) == 0);
    }
    if (k != t->n)
        return false;
    if (i + 2 < c->ntok && is_dash_token(c, i + 1) && c->tok[i + 2].npre == 0 &&
        vnr_parse_num(c->tok[i + 2].s, c->tok[i + 2].n, &m->b)) {
        m->ntok = 3; /* "15 - 20" */
        m->split = m->b.len;
        return true;
    }
    if (i + 1 >= c->ntok)
        return false;
    const vnr_token *u = &c->tok[i + 1];
    bool dash_after = t->npost && dash_len(t->post, t->npost) == t->npost; /* "15- 20" */
    bool dash_before = t->npost == 0 && u->npre == 0 && u->n > 1 && dash_len(u->s, u->n) &&
                       is_digit(u->s[dash_len(u->s, u->n)]); /* "15 -20" */
    size_t skip = dash_before ? dash_len(u->s, u->n) : 0;
    if (!(dash_after && u->npre == 0) && !dash_before)
        return false;
    if (!vnr_parse_num(u->s + skip, u->n - skip, &m->b))
        return false;
    m->ntok = 2;
    m->split = skip + m->b.len;
    return true;
}

/* The token holding B and B's suffix. */
static const vnr_token *pair_tail(const vnr_ctx *c, size_t i, const vnr_match *m)
{
    return &c->tok[i + m->ntok - 1];
}

/* "84 - 61 - 91", "01 – 05 – 07 – 16": three or more numbers joined by dashes are a list
 * (measurements, lottery numbers, marks), read with pauses, never "đến". */
static bool in_chain(const vnr_ctx *c, size_t i, size_t ntok)
{
    size_t after = i + ntok;
    bool more = after + 1 < c->ntok && is_dash_token(c, after) && c->tok[after + 1].has_digit;
    bool before = i >= 2 && is_dash_token(c, i - 1) && c->tok[i - 2].has_digit;
    return more || before;
}

static bool match_score(const vnr_ctx *c, size_t i, vnr_match *m)
{
    if (!match_pair(c, i, m) || m->split2 != m->a.len || in_chain(c, i, m->ntok) ||
        !(near_score_word(c, i) || between_names(c, i, m->ntok)))
        return false;
    const vnr_token *tail = pair_tail(c, i, m);
    return m->a.ndigits <= 2 && m->b.ndigits <= 2 && !m->a.nfrac && !m->b.nfrac &&
           m->split == tail->n;
}

static void expand_score(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    (void)i;
    vnr_say_num(out, c->ns, &m->a); /* "2-1" -> "hai một" */
    vnr_say_num(out, c->ns, &m->b);
}

static bool match_range(const vnr_ctx *c, size_t i, vnr_match *m)
{
    if (!match_pair(c, i, m) || m->a.negative || m->b.negative || in_chain(c, i, m->ntok))
        return false;
    const vnr_token *tail = pair_tail(c, i, m);
    return m->split == tail->n || is_unit(c, tail->s + m->split, tail->n - m->split);
}

static void expand_range(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *tail = pair_tail(c, i, m);
    vnr_say_num(out, c->ns, &m->a);
    if (m->split2 > m->a.len) /* "3kg-4kg": the unit after both numbers */
        vnr_say_unit(out, c, c->tok[i].s + m->a.len, m->split2 - m->a.len);
    vnr_buf_word(out, "đến");
    vnr_say_num(out, c->ns, &m->b);
    vnr_say_unit(out, c, tail->s + m->split, tail->n - m->split);
}

/* ---- lists "tuần 9,10,11,12", "lớp 10,11,12" ---------------------------------------------- */

/* Three or more integers joined by commas with no space, not English thousands ("1,234,567"
 * has only three-digit groups after the first): a list, each number read, a pause between. */
static bool match_comma_list(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    size_t groups = 0, run = 0;
    bool thousands = true;
    (void)m;
    for (size_t k = 0; k <= t->n; k++) {
        if (k < t->n && is_digit(t->s[k])) {
            run++;
            continue;
        }
        if (run == 0 || run > 4 || (k < t->n && t->s[k] != ','))
            return false;
        if (groups++ && run != 3)
            thousands = false;
        run = 0;
    }
    return groups >= 3 && !thousands;
}

static void expand_comma_list(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *t = &c->tok[i];
    (void)m;
    for (size_t k = 0, start = 0; k <= t->n; k++) {
        if (k < t->n && t->s[k] != ',')
            continue;
        if (start)
            vnr_buf_putc(out, ',');
        vnr_say_integer(out, c->ns, t->s + start, k - start);
        start = k + 1;
    }
}

/* ---- house numbers "số 118/77/49 Lê Trọng Tấn", "hẻm 12/3" --------------------------------- */

/* How many groups of digits token t holds between single slashes ("118/77/49" -> 3), else 0. */
static size_t slash_groups(const vnr_token *t, size_t len[4])
{
    size_t groups = 0, run = 0;
    for (size_t k = 0; k <= t->n; k++) {
        if (k < t->n && is_digit(t->s[k])) {
            run++;
            continue;
        }
        if (run == 0 || groups == 4 || (k < t->n && t->s[k] != '/'))
            return 0;
        len[groups++] = run;
        run = 0;
    }
    return groups;
}

/* "2/9/1945", "12/3/17": three groups that a date rule reads. */
static bool date_shaped(const vnr_token *t, const size_t len[4])
{
    uint64_t d, mo;
    return len[2] != 3 && len[2] <= 4 && vnr_span_uint(t->s, len[0], &d) &&
           vnr_span_uint(t->s + len[0] + 1, len[1], &mo) && d >= 1 && d <= 31 && mo >= 1 &&
           mo <= 12;
}

static bool match_house(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    size_t len[4];
    size_t groups = t->all_digits ? 0 : slash_groups(t, len);
    (void)m;
    if (groups < 2 || len[1] == 4) /* "số 3/2018": an issue and its year */
        return false;
    if (vnr_after_list(c, i, VNR_LIST_HOUSE))
        return true; /* "ngõ 5/2/1": never a date */
    if (groups == 3 && date_shaped(t, len))
        return false;
    bool street = i + 1 < c->ntok && vnr_tok_joined(c, i + 1) && !c->tok[i + 1].has_digit &&
                  (c->tok[i + 1].has_upper || vnr_before_list(c, i, VNR_LIST_STREET));
    /* "là 118/77/49 Lê Trọng Tấn"; but a tyre "100/80/17." keeps its plain numbers */
    return street && (groups >= 3 || vnr_after_list(c, i, VNR_LIST_HOUSE_STREET));
}

static void expand_house(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *t = &c->tok[i];
    (void)m;
    for (size_t k = 0, start = 0; k <= t->n; k++) {
        if (k < t->n && t->s[k] != '/')
            continue;
        if (start)
            vnr_buf_word(out, "trên");
        vnr_say_integer(out, c->ns, t->s + start, k - start);
        start = k + 1;
    }
}

/* ---- fractions "1/3 dân số", "2/3" ----------------------------------------------------------- */

static bool match_fraction(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    const char *slash = t->has_digit ? memchr(t->s, '/', t->n) : NULL;
    if (!slash)
        return false;
    size_t head = (size_t)(slash - t->s);
    return vnr_parse_num(t->s, head, &m->a) == head && head &&
           vnr_parse_num(slash + 1, t->n - head - 1, &m->b) == t->n - head - 1 && m->b.len;
}

/* 1/3 -> "một phần ba"; 120/80 (not a part of a whole) -> "một trăm hai mươi trên tám mươi" */
static void say_part(vnr_buf *out, const vnr_ctx *c, const vnr_num *a, const vnr_num *b)
{
    vnr_say_num(out, c->ns, a);
    uint64_t x, y;
    bool part = !a->nfrac && !b->nfrac && vnr_span_uint(a->digits, a->ndigits, &x) &&
                vnr_span_uint(b->digits, b->ndigits, &y) && x < y;
    vnr_buf_word(out, part ? "phần" : "trên");
    if (part && y == 4)
        vnr_buf_word(out, "tư"); /* "1/4" -> một phần tư */
    else
        vnr_say_num(out, c->ns, b);
}

static void expand_fraction(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    /* "có 12/18 thuyền viên", "đảm bảo 2/3 điều kiện": x out of y ("mười hai trên mười tám");
     * after "hơn", "chiếm" it is a part of a whole again: "hơn 2/3 đại biểu" -> hai phần ba */
    if (vnr_before_list(c, i, VNR_LIST_TALLY) && !vnr_after_list(c, i, VNR_LIST_FRACTION_BEFORE)) {
        vnr_say_num(out, c->ns, &m->a);
        vnr_buf_word(out, "trên");
        vnr_say_num(out, c->ns, &m->b);
        return;
    }
    say_part(out, c, &m->a, &m->b);
}

/* ---- mixed numbers "1 1/2 thìa" -> "một và một phần hai thìa" ------------------------------ */

static bool match_mixed(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    uint64_t whole, x, y;
    if (!t->all_digits || t->n > 3 || i + 1 >= c->ntok || !vnr_tok_joined(c, i + 1) ||
        !vnr_token_uint(t, &whole))
        return false;
    const vnr_token *f = &c->tok[i + 1];
    const char *slash = f->all_digits || !f->has_digit ? NULL : memchr(f->s, '/', f->n);
    if (!slash)
        return false;
    size_t head = (size_t)(slash - f->s);
    /* a proper fraction with a small denominator: halves, thirds, quarters ... tenths */
    if (!vnr_span_uint(f->s, head, &x) || !vnr_span_uint(slash + 1, f->n - head - 1, &y) ||
        x == 0 || x >= y || y > 10)
        return false;
    m->value = whole;
    vnr_parse_num(f->s, head, &m->a);
    vnr_parse_num(slash + 1, f->n - head - 1, &m->b);
    m->ntok = 2;
    return true;
}

static void expand_mixed(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    (void)i;
    vnr_say_uint(out, c->ns, m->value);
    vnr_buf_word(out, "và");
    say_part(out, c, &m->a, &m->b);
}

/* ---- ordinals "thứ 1" -> "thứ nhất", "thứ 4" -> "thứ tư" ---------------------------------------
 */

static bool match_ordinal(const vnr_ctx *c, size_t i, vnr_match *m)
{
    uint64_t v;
    if (i == 0 || !vnr_tok_joined(c, i) || !vnr_tok_is(c, (long)i - 1, "thứ") ||
        !vnr_token_uint(&c->tok[i], &v))
        return false;
    m->value = v;
    return true;
}

static void expand_ordinal(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    (void)i;
    vnr_say_ordinal(out, c->ns, m->value);
}

const vnr_rule vnr_rule_cardinal = {"cardinal", match_cardinal, expand_cardinal, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_unit = {"unit", match_unit_after_number, expand_unit, 0};
const vnr_rule vnr_rule_measure = {"measure", match_measure, expand_measure, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_prefixed_money = {"money", match_prefixed_money, expand_prefixed_money,
                                          VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_shorthand = {"money-shorthand", match_shorthand, expand_shorthand,
                                     VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_score = {"score", match_score, expand_score, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_range = {"range", match_range, expand_range, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_dimension = {"dimension", match_dimension, expand_dimension,
                                     VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_mixed = {"mixed-fraction", match_mixed, expand_mixed, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_comma_list = {"list", match_comma_list, expand_comma_list,
                                      VNR_NEEDS_DIGIT | VNR_NEEDS_NO_ALPHA};
const vnr_rule vnr_rule_house = {"house", match_house, expand_house, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_fraction = {"fraction", match_fraction, expand_fraction, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_ordinal = {"ordinal", match_ordinal, expand_ordinal, VNR_NEEDS_DIGIT};
