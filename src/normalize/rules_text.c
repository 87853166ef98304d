/* rules_text.c - the rules for text that is not a plain number: web and e-mail addresses,
 * telephone numbers, legal references, Roman numerals, abbreviations, loanwords, codes,
 * acronyms, symbols, and the plain word that ends the table. */
#include "normalize/normalizer.h"

#include <string.h>
#include <utf8proc.h>

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* ---- web and e-mail addresses ------------------------------------------------------------ */

/* Does the host (before any '/') end in a top-level domain of context.tsv's web_domain list
 * ("vnexpress.net", "chinhphu.vn/portal")? */
static bool ends_with_tld(const vnr_ctx *c, const char *s, size_t n)
{
    const char *slash = memchr(s, '/', n);
    size_t host = slash ? (size_t)(slash - s) : n;
    size_t dot = host;
    while (dot > 0 && s[dot - 1] != '.')
        dot--;
    if (dot < 2 || dot == host) /* no dot, or "x." */
        return false;
    return (vnr_lexicon_lists(c->lex, s + dot, host - dot) >> VNR_LIST_WEB_DOMAIN) & 1;
}

/* "vnexpress.net", and a name capitalised only at its start ("Phapluatplus.vn", "VnExpress.net")
 * or all in capitals before a lowercase domain ("FIFA.com"); not "TP.HCM" (its end is no
 * domain) nor "Hà.Nội.VN" (a domain is written in lowercase). */
static bool lowercase_host(const vnr_token *t)
{
    if (t->nlow != t->n)
        return false;
    size_t dot = t->n;
    while (dot > 0 && t->s[dot - 1] != '.')
        dot--;
    bool lower_name = false, upper_name = dot > 2;
    for (size_t k = 0; k + 1 < dot; k++) {
        lower_name |= t->s[k] >= 'a' && t->s[k] <= 'z';
        upper_name &= t->s[k] >= 'A' && t->s[k] <= 'Z'; /* "FIFA.com", "VTV.vn" */
    }
    return (lower_name || upper_name) && memcmp(t->low + dot, t->s + dot, t->n - dot) == 0;
}

/* "tên miền '.vn'", "đuôi .com": a top-level domain alone, its dot written before it. */
static bool bare_domain(const vnr_ctx *c, const vnr_token *t)
{
    if (!t->npre || t->pre[t->npre - 1] != '.' || t->nlow != t->n ||
        memcmp(t->low, t->s, t->n) != 0)
        return false;
    return (vnr_lexicon_lists(c->lex, t->s, t->n) >> VNR_LIST_WEB_DOMAIN) & 1;
}

static bool match_address(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    (void)m;
    if (t->has_alpha && bare_domain(c, t))
        return true;
    if (!t->has_alpha || t->n < 4)
        return false;
    const char *at = memchr(t->s, '@', t->n);
    if (at && at > t->s && memchr(at, '.', (size_t)(t->s + t->n - at)))
        return true;
    if ((t->n > 7 && memcmp(t->s, "http://", 7) == 0) ||
        (t->n > 8 && memcmp(t->s, "https://", 8) == 0) ||
        (t->n > 4 && memcmp(t->s, "www.", 4) == 0))
        return true;
    return memchr(t->s, '.', t->n) && ends_with_tld(c, t->s, t->n) && lowercase_host(t);
}

/* One alphanumeric part of an address: short non-words are spelled ("vn" -> "vê en nờ"). */
static void say_address_part(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n)
{
    bool letters = true;
    for (size_t i = 0; i < n; i++)
        letters &= !is_digit(s[i]);
    /* "Ask.com": a capitalised name at the start is a word, not letters */
    bool capitalised = n > 1 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z';
    if (letters && n <= 3 && !capitalised && !vnr_span_eq(s, n, "com") && !vnr_is_syllable(s, n) &&
        !vnr_lexicon_lookup(c->lex, VNR_LEX_LOANWORD, s, n))
        vnr_spell(out, c, s, n);
    else
        vnr_say_word(out, c, s, n);
}

static void expand_address(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *t = &c->tok[i];
    const char *s = t->s;
    size_t n = t->n;
    (void)m;
    vnr_symbol dot;
    if (bare_domain(c, t) && vnr_lexicon_symbol(c->lex, '.', &dot))
        vnr_buf_word(out, dot.address); /* ".vn" -> "chấm vê en nờ" */
    for (size_t k = 0; k + 3 <= n; k++)
        if (memcmp(s + k, "://", 3) == 0) { /* the scheme is not read aloud */
            s += k + 3, n -= k + 3;
            break;
        }
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b < n && !strchr("@./-_:?=&#", s[b]))
            b++;
        if (b > a)
            say_address_part(out, c, s + a, b - a);
        if (b < n) { /* a separator: its ADDRESS reading in symbols.tsv ("@" a còng, "?" none) */
            vnr_symbol sym;
            if (b + 1 < n && vnr_lexicon_symbol(c->lex, (unsigned char)s[b], &sym))
                vnr_buf_word(out, sym.address);
            b++;
        }
        a = b;
    }
}

/* ---- telephone numbers, read digit by digit ----------------------------------------------- */

/* Digits of a token core if it is only digits and group marks ("0987.654.321"); else 0. */
static size_t phone_digits(const vnr_token *t, bool first)
{
    size_t d = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (is_digit(t->s[i]))
            d++;
        else if (!(t->s[i] == '.' || t->s[i] == '-' || (first && i == 0 && t->s[i] == '+')))
            return 0;
    }
    return d;
}

static bool phone_shape(const vnr_token *t, size_t digits)
{
    const char *s = t->s;
    if (t->n >= 3 && s[0] == '+')
        return s[1] == '8' && s[2] == '4' && digits >= 10 && digits <= 12;
    if (s[0] == '0')
        return digits >= 9 && digits <= 11;
    bool hotline = t->n >= 4 && (memcmp(s, "1800", 4) == 0 || memcmp(s, "1900", 4) == 0);
    return hotline && (digits == 8 || digits == 10);
}

static bool match_phone(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    size_t total = t->has_digit && !t->has_alpha ? phone_digits(t, true) : 0;
    if (total == 0)
        return false;
    size_t j = i + 1, first = total;
    /* "(028) 3829 1234": an area code in brackets still joins the number */
    bool area = t->npre == 1 && t->pre[0] == '(' && t->npost == 1 && t->post[0] == ')';
    while (j < c->ntok && total < 12 && (c->tok[j - 1].npost == 0 || (j == i + 1 && area)) &&
           c->tok[j].npre == 0) {
        size_t d = phone_digits(&c->tok[j], false);
        if (!d || total + d > 12)
            break;
        total += d, j++;
    }
    /* Group by group, the longest run that has a phone's shape. */
    for (; j > i; j--) {
        if (phone_shape(t, total)) {
            m->ntok = j - i;
            return true;
        }
        total -= phone_digits(&c->tok[j - 1], j - 1 == i);
    }
    bool called =
        vnr_after_list(c, i, VNR_LIST_CALL) || (vnr_tok_list(c, (long)i - 1, VNR_LIST_CALL_LINK) &&
                                                vnr_tok_list(c, (long)i - 2, VNR_LIST_CALL));
    /* "gọi 113", "gọi số 115", "hotline 1022", "đầu mối 1022"; but "số 112 đường Lê Lợi" is a
     * house */
    return t->all_digits && first >= 3 && first <= 5 && called;
}

static void expand_phone(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    for (size_t j = i; j < i + m->ntok; j++) {
        const vnr_token *t = &c->tok[j];
        vnr_symbol plus;
        if (t->s[0] == '+' && vnr_lexicon_symbol(c->lex, '+', &plus)) /* "+84" */
            vnr_buf_word(out, plus.name);
        vnr_say_digits(out, t->s, t->n);
    }
}

/* ---- legal references: "15/2020/NĐ-CP", "số 123/QĐ-UBND" ---------------------------------- */

/* "Thông tư 64/2017", "Nghị định số 06/2018": a document's number and year, no code after them. */
static bool document_year(const vnr_ctx *c, size_t i, size_t p)
{
    const vnr_token *t = &c->tok[i];
    if (t->n != p + 5 || t->s[p] != '/' || !(t->s[p + 1] == '1' || t->s[p + 1] == '2'))
        return false;
    for (size_t k = p + 1; k < t->n; k++)
        if (!is_digit(t->s[k]))
            return false;
    if (vnr_after_list(c, i, VNR_LIST_DOCUMENT))
        return true;
    return vnr_tok_is(c, (long)i - 1, "số") && vnr_tok_joined(c, i) &&
           vnr_after_list(c, i - 1, VNR_LIST_DOCUMENT);
}

static bool match_legal(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    size_t p = 0;
    while (p < t->n && is_digit(t->s[p]))
        p++;
    if (p > 0 && document_year(c, i, p)) {
        m->r.legal = (vnr_legal_match){.number_end = p, .has_year = true, .code_start = t->n};
        return true;
    }
    if (!t->has_digit || !t->has_alpha)
        return false;
    if (p == 0 || p == t->n || t->s[p] != '/')
        return false;
    vnr_legal_match *lm = &m->r.legal;
    lm->number_end = p;
    size_t q = p + 1, y = q;
    while (y < t->n && is_digit(t->s[y]))
        y++;
    lm->has_year = y - q == 4 && y < t->n && t->s[y] == '/';
    if (lm->has_year)
        q = y + 1;
    else if (y != q)
        return false;
    lm->code_start = q;
    return q < t->n && !is_digit(t->s[q]);
}

static void expand_legal(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *t = &c->tok[i];
    const vnr_legal_match *lm = &m->r.legal;
    if (t->s[0] == '0' && lm->number_end > 1)
        vnr_say_digits(out, t->s, lm->number_end); /* "05/UBND-VX" -> không năm */
    else
        vnr_say_integer(out, c->ns, t->s, lm->number_end);
    if (lm->has_year) {
        vnr_buf_word(out, "năm"); /* the slash before a year reads "năm" */
        vnr_say_integer(out, c->ns, t->s + lm->number_end + 1, 4);
    }
    if (lm->code_start < t->n)
        vnr_say_word(out, c, t->s + lm->code_start, t->n - lm->code_start);
}

/* ---- Roman numerals after trigger words and as list markers ------------------------------- */

static void roman_encode(unsigned v, char *out)
{
    static const char *const syms[] = {"M",  "CM", "D",  "CD", "C",  "XC", "L",
                                       "XL", "X",  "IX", "V",  "IV", "I"};
    static const unsigned vals[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    out[0] = '\0';
    for (size_t k = 0; k < 13; k++)
        for (; v >= vals[k]; v -= vals[k])
            strcat(out, syms[k]);
}

unsigned vnr_roman_value(const char *s, size_t n)
{
    static const char letters[] = "IVXLCDM";
    static const unsigned vals[] = {1, 5, 10, 50, 100, 500, 1000};
    if (n == 0 || n > 15)
        return 0;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = memchr(letters, s[i], 7);
        const char *q = i + 1 < n ? memchr(letters, s[i + 1], 7) : NULL;
        if (!p)
            return 0;
        unsigned cur = vals[p - letters], next = q ? vals[q - letters] : 0;
        v = cur < next ? v - cur : v + cur;
    }
    /* Only the canonical spelling counts: "IIII", "VX" and "IC" are not numerals. */
    char canon[32];
    if (v == 0 || v > 3999)
        return 0;
    roman_encode(v, canon);
    return strlen(canon) == n && memcmp(canon, s, n) == 0 ? v : 0;
}

/* "mục I, II và III", "khóa XIV, XV": a numeral continuing a list that began after a trigger. */
static bool roman_list(const vnr_ctx *c, size_t i)
{
    long j = (long)i - 1;
    if (j >= 0 && vnr_tok_list(c, j, VNR_LIST_ROMAN_JOIN))
        j--;
    else if (!(j >= 0 && c->tok[j].npost && c->tok[j].post[0] == ','))
        return false;
    for (; j >= 0 && (long)i - j <= 8; j--) {
        const vnr_token *t = &c->tok[j];
        if (!vnr_roman_value(t->s, t->n))
            return false;
        if (j > 0 && vnr_after_list(c, (size_t)j, VNR_LIST_ROMAN))
            return true;
        if (j > 0 && vnr_tok_list(c, j - 1, VNR_LIST_ROMAN_JOIN))
            j--;
    }
    return false;
}

/* s[0..n) holds only characters of set (a short literal). */
static bool only_chars(const char *s, size_t n, const char *set)
{
    for (size_t k = 0; k < n; k++) {
        const char *p = set;
        while (*p && *p != s[k])
            p++;
        if (!*p)
            return false;
    }
    return n > 0;
}

/* "thế kỷ xviii", "khóa xv": a lower-case numeral after a strong trigger, upper-cased into up
 * (room for 15 letters). 0 if it is not one; "xi măng", "Vi", "mi" stay words elsewhere. */
static unsigned lower_roman(const vnr_ctx *c, size_t i)
{
    const vnr_token *t = &c->tok[i];
    char up[16];
    if (t->has_upper || t->n > 15 || !only_chars(t->s, t->n, "ivxlcdm") || !vnr_tok_joined(c, i) ||
        !vnr_after_list(c, i, VNR_LIST_ROMAN_LOWER))
        return 0;
    for (size_t k = 0; k < t->n; k++)
        up[k] = (char)(t->s[k] >= 'a' && t->s[k] <= 'z' ? t->s[k] - 32 : t->s[k]);
    return vnr_roman_value(up, t->n);
}

/* "vua Louis XIV", "Elizabeth II", "Hà Nội II": a regnal or team number after a name (a
 * capitalised word that is not an acronym), written with I, V and X only ("Hà Nội MC" is not
 * one); and long forms such as "MMXXV", which no acronym spells. */
static bool roman_by_shape(const vnr_ctx *c, size_t i, unsigned v)
{
    const vnr_token *t = &c->tok[i];
    if (t->n >= 5 && v >= 1000)
        return true;
    /* "Xperia 1 III", "Xperia 10 III": a generation after a model number after a name */
    size_t name = i;
    if (i >= 2 && c->tok[i - 1].all_digits && c->tok[i - 1].n <= 2 && vnr_tok_joined(c, i))
        name = i - 1;
    const vnr_token *prev = name > 0 ? &c->tok[name - 1] : NULL;
    int32_t cp = 0;
    bool after_name = prev && vnr_tok_joined(c, name) && prev->n >= 2 && !prev->has_digit &&
                      vnr_utf8_decode(prev->s, prev->n, &cp) && vnr_tolower(cp) != cp &&
                      memcmp(prev->s + 1, prev->low + 1, prev->n > 1 ? 1 : 0) == 0;
    return only_chars(t->s, t->n, "IVX") && t->n >= 2 && after_name;
}

/* "giấy chứng nhận số X 538966": one capital before a long number is the series of a serial,
 * the letter ích xì, not ten. */
static bool serial_letter(const vnr_ctx *c, size_t i)
{
    return c->tok[i].n == 1 && !c->tok[i].npost && i + 1 < c->ntok && vnr_tok_joined(c, i + 1) &&
           c->tok[i + 1].all_digits && c->tok[i + 1].n >= 5;
}

static bool match_roman(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    vnr_roman_match *rm = &m->r.roman;
    if (t->has_digit && !memchr(t->s, '/', t->n))
        return false;
    rm->year = 0;
    if (!t->has_upper) {
        rm->value = t->has_digit ? 0 : lower_roman(c, i);
        rm->ordinal = rm->value && vnr_tok_is(c, (long)i - 1, "thứ");
        return rm->value != 0;
    }
    if (t->n > 1 && !only_chars(t->s + 1, 1, "IVXLCDM/"))
        return false; /* "Việt", "Minh": a capital word, not a numeral */
    rm->ordinal = vnr_tok_is(c, (long)i - 1, "thứ");
    size_t n = t->n;
    const char *slash = memchr(t->s, '/', n);
    if (slash) { /* "quý IV/2023" */
        size_t tail = t->n - (size_t)(slash - t->s) - 1;
        if (tail != 4 || !vnr_span_uint(slash + 1, 4, &rm->year))
            return false;
        n = (size_t)(slash - t->s);
    }
    unsigned v = vnr_roman_value(t->s, n);
    if (!v || serial_letter(c, i))
        return false;
    rm->value = v;
    bool marker = i == 0 && t->npost && (t->post[0] == '.' || t->post[0] == ')') && !slash;
    bool trigger = (vnr_tok_joined(c, i) && vnr_after_list(c, i, VNR_LIST_ROMAN)) ||
                   roman_list(c, i) || (!slash && roman_by_shape(c, i, v));
    return marker || trigger; /* "II. Nội dung" at the start of a line, or after a trigger */
}

static void expand_roman(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_roman_match *rm = &m->r.roman;
    (void)i;
    if (rm->ordinal)
        vnr_say_ordinal(out, c->ns, rm->value); /* "lần thứ IV" -> "lần thứ tư" */
    else
        vnr_say_uint(out, c->ns, rm->value);
    if (rm->year) {
        vnr_buf_word(out, "năm");
        vnr_say_uint(out, c->ns, rm->year);
    }
}

/* ---- abbreviations: "UBND", "TP.HCM", "TP. Hà Nội", "Q.7", "GS.TS", "GD&ĐT" ---------------- */

static const char *abbreviation(const vnr_ctx *c, const char *s, size_t n)
{
    const char *r = vnr_lexicon_lookup(c->lex, VNR_LEX_USER, s, n);
    if (!r)
        r = vnr_lexicon_lookup(c->lex, VNR_LEX_ABBREVIATION, s, n);
    return r;
}

/* The reading of a dotted head "Q." / "TP." / "GS", trying the form with its dot first. */
static const char *dotted_head(const vnr_ctx *c, const char *s, size_t n_with_dot)
{
    const char *r = abbreviation(c, s, n_with_dot);
    return r ? r : abbreviation(c, s, n_with_dot - 1);
}

/* Can s be read as known dotted parts: "GS.TS", "Q.7", "TP.HCM", "P.Bến Nghé"? */
static bool dotted_known(const vnr_ctx *c, const char *s, size_t n)
{
    if (abbreviation(c, s, n))
        return true;
    const char *dot = memchr(s, '.', n);
    if (!dot || dot == s)
        return false;
    size_t head = (size_t)(dot - s) + 1;
    return dotted_head(c, s, head) != NULL && head < n;
}

/* "GS.TS.BS" -> each dotted part in turn. A loop, not recursion: "TP.TP.TP..." 100,000 times
 * over would overflow the stack. */
static void say_dotted(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n)
{
    for (;;) {
        const char *r = abbreviation(c, s, n);
        if (r) {
            vnr_buf_word(out, r);
            return;
        }
        const char *dot = memchr(s, '.', n);
        if (!dot || dot == s || !dotted_head(c, s, (size_t)(dot - s) + 1)) {
            vnr_say_word(out, c, s, n);
            return;
        }
        size_t head = (size_t)(dot - s) + 1;
        vnr_buf_word(out, dotted_head(c, s, head));
        vnr_num num;
        if (vnr_parse_num(s + head, n - head, &num) == n - head && num.len) {
            vnr_say_num(out, c->ns, &num); /* "Q.7" -> "quận bảy" */
            return;
        }
        s += head;
        n -= head;
    }
}

/* Is token i a word of a line written in capitals ("CA BỆNH 2812", "TIN NÓNG")? Then a
 * capital syllable next to an accented capital word is a word too: "CA" is "ca", not "công an". */
static bool in_headline(const vnr_ctx *c, size_t i)
{
    const vnr_token *t = &c->tok[i];
    /* cheap tests first: this is asked for most words of a text */
    if (!t->has_upper || t->has_digit || t->has_other || !(t->s[0] >= 'A' && t->s[0] <= 'Z'))
        return false;
    for (size_t k = 0; k < t->n; k++)
        if (t->s[k] >= 'a' && t->s[k] <= 'z')
            return false;
    bool before = vnr_tok_joined(c, i) && vnr_is_headline_word(c->tok[i - 1].s, c->tok[i - 1].n);
    bool after = !before && vnr_tok_joined(c, i + 1) &&
                 vnr_is_headline_word(c->tok[i + 1].s, c->tok[i + 1].n);
    return (before || after) && vnr_is_syllable(t->s, t->n);
}

/* An entry of two or three words that starts with capitals: "TP HCM", "HA Gia Lai" (the club
 * Hoàng Anh Gia Lai), "CH Séc" (Cộng hòa Séc). Longest first; the words must be joined. */
static const char *phrase_abbreviation(const vnr_ctx *c, size_t i, size_t *ntok)
{
    const vnr_token *t = &c->tok[i];
    if (t->n > 4 || !t->has_upper || t->has_digit || t->npost || i + 1 >= c->ntok)
        return NULL;
    for (size_t k = 0; k < t->n; k++) /* the first word is an acronym: "HA", "CH", "TP", "SEA" */
        if (!(t->s[k] >= 'A' && t->s[k] <= 'Z'))
            return NULL;
    for (size_t w = 3; w >= 2; w--) {
        if (i + w > c->ntok)
            continue;
        char key[64];
        size_t n = 0;
        bool ok = true;
        for (size_t k = 0; k < w && ok; k++) {
            const vnr_token *u = &c->tok[i + k];
            ok = u->n && n + u->n + 1 < sizeof key && (k == 0 || vnr_tok_joined(c, i + k));
            if (ok && k) /* only the last word may carry a mark after it */
                ok = c->tok[i + k - 1].npost == 0;
            if (ok) {
                if (k)
                    key[n++] = ' ';
                memcpy(key + n, u->s, u->n);
                n += u->n;
            }
        }
        const char *r = ok ? vnr_lexicon_lookup(c->lex, VNR_LEX_ABBREVIATION, key, n) : NULL;
        if (r) {
            *ntok = w;
            return r;
        }
    }
    return NULL;
}

/* "tia UV", "chỉ số UV": after these words (spell_after) a short acronym that the lexicon
 * expands to words (UV ủy viên) is its letters (u vê); one it already reads as letters keeps
 * its reading ("chỉ số GDP" -> gờ đê pê). */
static bool spelled_here(const vnr_ctx *c, size_t i)
{
    const vnr_token *t = &c->tok[i];
    if (t->n > 3 || t->npre || !vnr_tok_joined(c, i) || !vnr_after_list(c, i, VNR_LIST_SPELL_AFTER))
        return false;
    const char *r = abbreviation(c, t->s, t->n);
    if (!r)
        return t->n == 1; /* "tia X." at the end of a sentence: the letter, not xã */
    char first = (char)(t->s[0] | 0x20);
    const char *name = vnr_lexicon_lookup(c->lex, VNR_LEX_LETTER, &first, 1);
    return name && strncmp(r, name, strlen(name)) != 0;
}

/* "KT - XH": two capital words around a spaced dash that the lexicon knows joined ("KT-XH" ->
 * kinh tế xã hội); the three tokens are read as one. */
static const char *spaced_pair(const vnr_ctx *c, size_t i, size_t *ntok)
{
    if (i + 2 >= c->ntok || c->tok[i].npost || !c->tok[i].has_upper)
        return NULL;
    const vnr_token *d = &c->tok[i + 1], *b = &c->tok[i + 2];
    if (d->n || d->npost || d->npre != 1 || d->pre[0] != '-' || b->npre || !b->has_upper ||
        c->tok[i].n + b->n + 1 > 32)
        return NULL;
    char key[40];
    memcpy(key, c->tok[i].s, c->tok[i].n);
    key[c->tok[i].n] = '-';
    memcpy(key + c->tok[i].n + 1, b->s, b->n);
    const char *r = vnr_lexicon_lookup(c->lex, VNR_LEX_ABBREVIATION, key, c->tok[i].n + 1 + b->n);
    if (r)
        *ntok = 3;
    return r;
}

/* "ông NĐT (anh trai)", "bà NTMP khởi kiện": two to four capitals right after ông or bà stand for
 * a person's name; before a name ("ông HLV Park", "bà GS Lê Thị") they are a title. */
static bool person_letters(const vnr_ctx *c, size_t i)
{
    const vnr_token *t = &c->tok[i];
    if (t->npre || !vnr_tok_joined(c, i) || !vnr_after_list(c, i, VNR_LIST_INITIALS))
        return false;
    if (vnr_tok_joined(c, i + 1) && c->tok[i + 1].has_upper)
        return false;
    size_t letters = 0;
    for (size_t k = 0; k < t->n; letters++) {
        int32_t cp;
        size_t step = vnr_utf8_decode(t->s + k, t->n - k, &cp);
        if (!step || utf8proc_category(cp) != UTF8PROC_CATEGORY_LU)
            return false;
        k += step;
    }
    return letters >= 2 && letters <= 4;
}

static bool match_abbreviation(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    bool last = i + 1 == c->ntok;
    if (t->has_upper && in_headline(c, i))
        return false;
    if (t->has_upper && (spelled_here(c, i) || person_letters(c, i)))
        return false;
    size_t words = 0;
    if (t->has_upper &&
        ((m->word = phrase_abbreviation(c, i, &words)) || (m->word = spaced_pair(c, i, &words)))) {
        m->ntok = words;
        return true;
    }
    /* "TP. Hà Nội", "v.v.": the entry holds its dot; a final dot still ends the sentence. */
    if (t->npost && t->post[0] == '.' && t->n + 1 <= 60) {
        char key[64];
        memcpy(key, t->s, t->n);
        key[t->n] = '.';
        if ((m->word = abbreviation(c, key, t->n + 1))) {
            m->post_skip = last ? 0 : 1;
            return true;
        }
    }
    if ((m->word = abbreviation(c, t->s, t->n)))
        return true;
    const char *cur = t->has_upper || t->has_other
                          ? vnr_lexicon_lookup(c->lex, VNR_LEX_CURRENCY, t->s, t->n)
                          : NULL;
    if (cur && t->has_upper)
        return m->word = cur, true; /* "VNĐ", "USD" standing after "triệu" */
    return memchr(t->s, '.', t->n) && dotted_known(c, t->s, t->n);
}

static void expand_abbreviation(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    if (m->word)
        vnr_buf_word(out, m->word);
    else
        say_dotted(out, c, c->tok[i].s, c->tok[i].n);
}

/* ---- initials: "Nguyễn Thị B. sinh năm..." - the dot of an initial is not a sentence end ---- */

/* "chị P.", "cháu P.T.", "ông N.V.A": capitals with dots after a word for a person are the
 * initials of a name ("pê tê"), not abbreviations (P. is "phường" before a number). */
static bool person_initials(const vnr_ctx *c, size_t i)
{
    const vnr_token *t = &c->tok[i];
    if (!t->npost || t->post[0] != '.' || t->n > 12 || !vnr_tok_joined(c, i) ||
        !vnr_tok_list(c, (long)i - 1, VNR_LIST_PERSON))
        return false;
    bool letter = false;
    for (size_t k = 0; k < t->n;) {
        int32_t cp;
        size_t step = vnr_utf8_decode(t->s + k, t->n - k, &cp);
        if (!step)
            return false;
        bool upper = utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
        if (upper ? letter : cp != '.' || !letter)
            return false; /* letters and dots alternate: "P.T.Q" */
        letter = upper;
        k += step;
    }
    return t->npost && t->post[0] == '.';
}

static bool match_initial(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    int32_t cp;
    if (person_initials(c, i)) {
        m->post_skip = t->npost == 1 && i + 1 < c->ntok ? 1 : 0;
        return true;
    }
    size_t k = vnr_utf8_decode(t->s, t->n, &cp);
    if (!k || k != t->n || utf8proc_category(cp) != UTF8PROC_CATEGORY_LU || !t->npost ||
        t->post[0] != '.' || i + 1 == c->ntok)
        return false;
    const vnr_token *next = &c->tok[i + 1];
    k = vnr_utf8_decode(next->s, next->n, &cp);
    m->post_skip = t->npost == 1 && k && utf8proc_category(cp) != UTF8PROC_CATEGORY_LU ? 1 : 0;
    return m->post_skip == 1; /* followed by a lowercase word: "B. sinh", not "bảng B. Trận" */
}

static void expand_initial(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    (void)m;
    vnr_spell(out, c, c->tok[i].s, c->tok[i].n);
}

/* ---- loanwords: "Covid" -> "cô vít", so eSpeak NG does not switch to English ------------- */

static bool match_loanword(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    if (!t->has_alpha || t->has_digit)
        return false;
    m->word = vnr_lexicon_lookup_lower(c->lex, VNR_LEX_LOANWORD, t->low, t->nlow);
    return m->word != NULL;
}

static void expand_word_reading(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    (void)c, (void)i;
    vnr_buf_word(out, m->word);
}

/* ---- codes mixing letters and digits: "U23", "1A", "H5N1", "Covid-19" -------------------- */

static bool match_code(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    (void)m;
    return t->has_digit && t->has_alpha;
}

static void expand_code(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    (void)m;
    vnr_say_word(out, c, c->tok[i].s, c->tok[i].n);
}

/* ---- symbols standing alone: "&", "+", "=", "x" between numbers --------------------------- */

/* A symbol standing alone: its ALONE reading in symbols.tsv ("&" và, "#" số, "→" đến; "" for a
 * silent one), or "x" between numbers read as "×" ("20 x 30 m" -> "nhân"). NULL: not a symbol. */
static const char *symbol_word(const vnr_ctx *c, size_t i)
{
    const vnr_token *t = &c->tok[i];
    int32_t cp;
    vnr_symbol sym;
    if (vnr_utf8_decode(t->s, t->n, &cp) == t->n && vnr_lexicon_symbol(c->lex, cp, &sym))
        return sym.alone;
    bool between_numbers =
        i > 0 && i + 1 < c->ntok && c->tok[i - 1].has_digit && c->tok[i + 1].has_digit;
    bool times = vnr_span_eq(t->s, t->n, "x") || vnr_span_eq(t->s, t->n, "X");
    if (between_numbers && times && vnr_lexicon_symbol(c->lex, 0x00D7, &sym))
        return sym.alone; /* "20 x 30 m": the letter stands for "×" */
    return NULL;
}

static bool match_symbol(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    if (t->n > 3 || (t->has_alpha && t->n > 1) || t->has_digit)
        return false; /* symbols are short and alone */
    m->word = symbol_word(c, i);
    return m->word != NULL;
}

/* ---- list bullets and arrows: "+ Trước mắt ...", "Cài đặt => Điện thoại" ------------------- */

/* A "+" or "*" that opens a sentence marks an answer or a list item ("+ Khi ăn, vắt chanh"),
 * and "=>" / "->" between words is an arrow: neither is read ("cộng" and "bằng" were wrong). */
static bool match_bullet(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    (void)m;
    if (t->n > 2 || t->has_alpha || t->has_digit)
        return false;
    if (vnr_span_eq(t->s, t->n, "=>") || vnr_span_eq(t->s, t->n, "->"))
        return true;
    if (!vnr_span_eq(t->s, t->n, "+") && !vnr_span_eq(t->s, t->n, "*"))
        return false;
    const vnr_token *prev = i > 0 ? &c->tok[i - 1] : NULL;
    bool opens = !prev || (prev->npost && strchr(".?!:", prev->post[prev->npost - 1]));
    return opens && i + 1 < c->ntok && c->tok[i + 1].has_upper && !c->tok[i + 1].has_digit;
}

static void expand_nothing(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    (void)c, (void)i, (void)m, (void)out;
}

/* ---- everything else: a word, read as written (or spelled if it is an acronym) ------------ */

static bool match_any(const vnr_ctx *c, size_t i, vnr_match *m)
{
    (void)c, (void)i, (void)m;
    return true;
}

static void expand_any(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *t = &c->tok[i];
    (void)m;
    if (!t->has_digit && !t->has_other) /* the abbreviation and loanword rules said no */
        vnr_say_plain_letters(out, c, t->s, t->n, t->has_upper);
    else
        vnr_say_word(out, c, t->s, t->n);
}

/* Only VNR_NEEDS_ALPHA: a domain ending on its own (".vn", "đuôi .com") is the token "vn" after
 * a leading mark, with no mark inside it. */
const vnr_rule vnr_rule_address = {"address", match_address, expand_address, VNR_NEEDS_ALPHA};
const vnr_rule vnr_rule_phone = {"telephone", match_phone, expand_phone, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_legal = {"legal", match_legal, expand_legal, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_roman = {"roman", match_roman, expand_roman,
                                 VNR_NEEDS_ALPHA | VNR_NEEDS_ROMAN_START};
const vnr_rule vnr_rule_abbreviation = {"abbreviation", match_abbreviation, expand_abbreviation, 0};
const vnr_rule vnr_rule_initial = {"initial", match_initial, expand_initial, VNR_NEEDS_UPPER};
const vnr_rule vnr_rule_loanword = {"loanword", match_loanword, expand_word_reading,
                                    VNR_NEEDS_ALPHA};
const vnr_rule vnr_rule_code = {"code", match_code, expand_code, VNR_NEEDS_DIGIT | VNR_NEEDS_ALPHA};
const vnr_rule vnr_rule_symbol = {"symbol", match_symbol, expand_word_reading, 0};
const vnr_rule vnr_rule_bullet = {"bullet", match_bullet, expand_nothing, VNR_NEEDS_NO_ALPHA};
const vnr_rule vnr_rule_word = {"word", match_any, expand_any, 0};
