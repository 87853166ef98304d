/* rules_datetime.c - dates and times, validated before they are read.
 *   "Sáng 15/8/2024" -> "sáng mười lăm tháng tám năm hai nghìn không trăm hai mươi tư"
 *   "27-28/2" -> "ngày hai mươi bảy đến hai mươi tám tháng hai"   "3/2024" -> "tháng ba năm ..."
 *   "18h30", "18:30", "18g30" -> "mười tám giờ ba mươi phút"      "7h-9h" -> "bảy giờ đến chín giờ"
 * "32/13" is not a date; "1/3 dân số" is a fraction (see the rules_number.c fraction rule). */
#include "normalize/normalizer.h"

#include <string.h>

/* Words after which "ngày" is not added: they already introduce the date. */
static const char *const date_context[] = {"ngày", "sáng", "trưa",  "chiều", "tối",  "đêm",
                                           "hôm",  "từ",   "đến",   "tới",   "lúc",  "và",
                                           "mùng", "mồng", "khuya", "hoặc",  "rạng", NULL};

/* "Sáng 15/8" needs no "ngày"; "Sáng nay (27/11)" and "Hà Nội, 23/6" do. */
static bool in_date_context(const vnr_ctx *c, size_t i)
{
    return vnr_tok_joined(c, i) && vnr_tok_in(c, (long)i - 1, date_context);
}

/* Words that name a day: after them "2-9" and "20.11" are dates, not a range or a decimal. */
static const char *const day_words[] = {"ngày", "sáng", "trưa", "chiều", "tối",  "đêm",
                                        "hôm",  "mùng", "mồng", "khuya", "rạng", NULL};
/* Words after a number that make it an amount: "5-10 triệu", "2-3 người". */
static const char *const amount_words[] = {"nghìn", "ngàn",  "triệu", "tỷ",
                                           "tỉ",    "người", "%",     NULL};

/* Words that make "a/b" a part of a whole rather than a day and month. */
static const char *const fraction_before[] = {
    "hơn",  "gần", "khoảng", "chiếm", "trên", "dưới", "còn",  "mất", "đạt", "bằng", "được", "tăng",
    "giảm", "hết", "cả",     "chừng", "độ",   "tầm",  "thêm", "bớt", "với", "chỉ",  NULL};
static const char *const fraction_after[] = {
    "số",    "dân",  "diện", "tổng", "lượng", "thời",  "trong", "phần",  "các",   "những",
    "quãng", "dung", "khối", "quỹ",  "người", "hộ",    "cử",    "đại",   "thành", "lao",
    "học",   "giá",  "vốn",  "ngân", "sản",   "chặng", "đoạn",  "quãng", NULL};

void vnr_say_month_number(vnr_buf *out, const vnr_numbers *ns, uint64_t month)
{
    if (month == 4)
        vnr_buf_word(out, "tư"); /* "tháng tư" in every region */
    else
        vnr_say_uint(out, ns, month);
}

void vnr_say_month(vnr_buf *out, const vnr_numbers *ns, uint64_t month)
{
    vnr_buf_word(out, "tháng");
    vnr_say_month_number(out, ns, month);
}

/* ---- "tháng 4" -> "tháng tư": a month named by its number ------------------------------- */

static bool match_month(const vnr_ctx *c, size_t i, vnr_match *m)
{
    return vnr_tok_is(c, (long)i - 1, "tháng") && vnr_tok_joined(c, i) &&
           vnr_token_uint(&c->tok[i], &m->value) && m->value >= 1 && m->value <= 12;
}

static void expand_month(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    (void)i;
    vnr_say_month_number(out, c->ns, m->value);
}

/* Up to max_digits digits at s[*i]; advances *i. */
static bool take_uint(const char *s, size_t n, size_t *i, size_t max_digits, uint64_t *v)
{
    size_t k = 0;
    *v = 0;
    while (*i + k < n && k < max_digits && s[*i + k] >= '0' && s[*i + k] <= '9')
        *v = *v * 10 + (uint64_t)(s[*i + k] - '0'), k++;
    if (k == 0 || (*i + k < n && s[*i + k] >= '0' && s[*i + k] <= '9'))
        return false;
    *i += k;
    return true;
}

static bool take_char(const char *s, size_t n, size_t *i, char ch)
{
    if (*i < n && s[*i] == ch)
        return ++*i, true;
    return false;
}

static size_t take_dash(const char *s, size_t n, size_t *i)
{
    if (take_char(s, n, i, '-'))
        return 1;
    if (*i + 3 <= n && memcmp(s + *i, "\u2013", 3) == 0)
        return *i += 3, 3;
    return 0;
}

/* ---- time ------------------------------------------------------------------------------- */

typedef struct {
    uint64_t h, m, s;
    bool has_m, has_s, marked; /* marked: written with h/g/: (not a bare number) */
} clock_time;

/* "18:22", "18h22", "18g22", "18h", "8:05:30". */
static bool parse_time(const char *s, size_t n, size_t *i, clock_time *t)
{
    memset(t, 0, sizeof *t);
    if (!take_uint(s, n, i, 2, &t->h) || t->h > 24)
        return false;
    if (take_char(s, n, i, ':')) {
        size_t at = *i;
        if (!take_uint(s, n, i, 2, &t->m) || *i - at != 2 || t->m > 59)
            return false;
        t->has_m = t->marked = true;
        if (take_char(s, n, i, ':')) {
            at = *i;
            if (!take_uint(s, n, i, 2, &t->s) || *i - at != 2 || t->s > 59)
                return false;
            t->has_s = true;
        }
        return true;
    }
    if (!take_char(s, n, i, 'h') && !take_char(s, n, i, 'H') && !take_char(s, n, i, 'g'))
        return false;
    t->marked = true;
    if (*i < n && s[*i] >= '0' && s[*i] <= '9') {
        if (!take_uint(s, n, i, 2, &t->m) || t->m > 59)
            return false;
        t->has_m = true;
    }
    take_char(s, n, i, '\''); /* 18h30' */
    return true;
}

static void say_time(vnr_buf *out, const vnr_numbers *ns, const clock_time *t)
{
    vnr_say_uint(out, ns, t->h);
    vnr_buf_word(out, "giờ");
    if (t->has_m && (t->m || t->has_s)) {
        vnr_say_uint(out, ns, t->m); /* 9h05 -> "chín giờ năm phút" */
        vnr_buf_word(out, "phút");
    }
    if (t->has_s) {
        vnr_say_uint(out, ns, t->s);
        vnr_buf_word(out, "giây");
    }
}

/* kind 1: one time; 2: "7h-9h" in a token; 3: "8-10h" (hours only); 4: "7h", "-", "9h". */
static bool match_time(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    clock_time a, b;
    size_t p = 0;
    if (!t->has_digit || t->n > 24)
        return false;
    if (parse_time(t->s, t->n, &p, &a)) {
        if (p == t->n) {
            m->kind = 1;
            if (i + 2 < c->ntok && c->tok[i + 1].n == 0 && c->tok[i + 1].npre &&
                c->tok[i + 1].npost == 0 &&
                (c->tok[i + 1].pre[0] == '-' || memcmp(c->tok[i + 1].pre, "\u2013", 3) == 0)) {
                size_t q = 0;
                const vnr_token *u = &c->tok[i + 2];
                if (parse_time(u->s, u->n, &q, &b) && q == u->n)
                    m->kind = 4, m->ntok = 3;
            }
            return true;
        }
        return take_dash(t->s, t->n, &p) && parse_time(t->s, t->n, &p, &b) && p == t->n &&
               (m->kind = 2);
    }
    /* "8-10h": the first hour bare, the second marked */
    p = 0;
    uint64_t h;
    if (!take_uint(t->s, t->n, &p, 2, &h) || h > 24 || !take_dash(t->s, t->n, &p))
        return false;
    return parse_time(t->s, t->n, &p, &b) && p == t->n && !b.has_m && (m->kind = 3);
}

static void expand_time(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *t = &c->tok[i];
    clock_time a, b;
    size_t p = 0;
    if (m->kind == 3) {
        uint64_t h;
        take_uint(t->s, t->n, &p, 2, &h);
        vnr_say_uint(out, c->ns, h); /* "8-10h" -> "tám đến mười giờ" */
        take_dash(t->s, t->n, &p);
        vnr_buf_word(out, "đến");
        parse_time(t->s, t->n, &p, &b);
        say_time(out, c->ns, &b);
        return;
    }
    parse_time(t->s, t->n, &p, &a);
    say_time(out, c->ns, &a);
    if (m->kind == 2) {
        take_dash(t->s, t->n, &p);
        parse_time(t->s, t->n, &p, &b);
    } else if (m->kind == 4) {
        size_t q = 0;
        parse_time(c->tok[i + 2].s, c->tok[i + 2].n, &q, &b);
    } else {
        return;
    }
    vnr_buf_word(out, "đến");
    say_time(out, c->ns, &b);
}

/* ---- date ------------------------------------------------------------------------------- */

typedef struct {
    uint64_t d1, d2, m1, m2, y; /* d2/m2: the end of a range; 0 when absent */
    bool has_year, month_year, day_range, full_range;
    char sep;
} date_parts;

static bool valid_day_month(uint64_t d, uint64_t m)
{
    static const uint8_t days[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m >= 1 && m <= 12 && d >= 1 && d <= days[m];
}

static bool take_year(const char *s, size_t n, size_t *i, date_parts *dp)
{
    size_t at = *i;
    if (!take_uint(s, n, i, 4, &dp->y) || *i - at != 4)
        return false;
    dp->has_year = true;
    return true;
}

/* d SEP m [SEP yyyy] with optional ranges "27-28/2" and "27/2-1/3". */
static bool parse_date(const char *s, size_t n, date_parts *dp)
{
    memset(dp, 0, sizeof *dp);
    size_t i = 0;
    if (!take_uint(s, n, &i, 2, &dp->d1))
        return false;
    if (i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.'))
        dp->sep = s[i];
    size_t save = i;
    if (dp->sep != '.' && take_dash(s, n, &i) && take_uint(s, n, &i, 2, &dp->d2) &&
        take_char(s, n, &i, '/')) {
        dp->day_range = true; /* 27-28/2 */
        dp->sep = '/';
    } else {
        i = save;
        if (!take_char(s, n, &i, dp->sep))
            return false;
    }
    if (!take_uint(s, n, &i, 2, &dp->m1))
        return false;
    if (i < n && s[i] == dp->sep && take_char(s, n, &i, dp->sep) && !take_year(s, n, &i, dp))
        return false;
    save = i;
    if (!dp->day_range && dp->sep == '/' && take_dash(s, n, &i)) { /* 27/2-1/3[/2024] */
        if (!take_uint(s, n, &i, 2, &dp->d2) || !take_char(s, n, &i, '/') ||
            !take_uint(s, n, &i, 2, &dp->m2))
            return false;
        if (take_char(s, n, &i, '/') && !take_year(s, n, &i, dp))
            return false;
        dp->full_range = true;
    }
    (void)save;
    if (i != n)
        return false;
    if (dp->day_range && !(dp->d2 > dp->d1 && valid_day_month(dp->d2, dp->m1)))
        return false;
    if (dp->full_range && !valid_day_month(dp->d2, dp->m2))
        return false;
    return valid_day_month(dp->d1, dp->m1);
}

/* "3/2024", "03/2024" -> month and year. */
static bool parse_month_year(const char *s, size_t n, date_parts *dp)
{
    memset(dp, 0, sizeof *dp);
    size_t i = 0;
    if (!take_uint(s, n, &i, 2, &dp->m1) || !(take_char(s, n, &i, '/') || take_char(s, n, &i, '-')))
        return false;
    if (!take_year(s, n, &i, dp) || i != n)
        return false;
    dp->month_year = true;
    return dp->m1 >= 1 && dp->m1 <= 12 && dp->y >= 1000 && dp->y <= 2999;
}

/* "hơn 1/2", "chiếm tới 3/5", "1/3 dân số": a part of a whole. */
static bool fraction_context(const vnr_ctx *c, size_t i)
{
    return vnr_tok_in(c, (long)i - 1, fraction_before) ||
           vnr_tok_in(c, (long)i - 2, fraction_before) ||
           (vnr_tok_joined(c, i + 1) && vnr_tok_in(c, (long)i + 1, fraction_after));
}

static bool match_date(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    date_parts dp;
    if (!t->has_digit || t->n > 24)
        return false;
    if (parse_month_year(t->s, t->n, &dp)) {
        m->kind = 'y';
        return true;
    }
    if (!parse_date(t->s, t->n, &dp))
        return false;
    m->kind = 'd';
    if (dp.has_year || dp.day_range || dp.full_range)
        return true;
    if (dp.sep == '/') /* "ngày 2/9", "là 15/10"; but "hơn 1/2 số hộ", "chưa đến 1/2 dung tích" */
        return vnr_tok_in(c, (long)i - 1, day_words) || !fraction_context(c, i);
    /* "chiều 20.11", "ngày 2-9"; but "từ 5-10 triệu" and a bare "3-5" are ranges */
    bool next_is_amount =
        i + 1 < c->ntok && (vnr_tok_in(c, (long)i + 1, amount_words) || c->tok[i + 1].has_digit);
    return vnr_tok_in(c, (long)i - 1, day_words) && !next_is_amount;
}

static void say_day(vnr_buf *out, const vnr_ctx *c, uint64_t d)
{
    vnr_say_uint(out, c->ns, d);
}

static void expand_date(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_token *t = &c->tok[i];
    date_parts dp;
    if (m->kind == 'y') {
        parse_month_year(t->s, t->n, &dp);
        if (vnr_tok_is(c, (long)i - 1, "quý"))
            vnr_say_uint(out, c->ns, dp.m1); /* "quý 2/2024" -> "quý hai năm ..." */
        else if (vnr_tok_is(c, (long)i - 1, "tháng"))
            vnr_say_month_number(out, c->ns, dp.m1); /* "tháng 4/2025" -> "tháng tư năm ..." */
        else
            vnr_say_month(out, c->ns, dp.m1);
    } else {
        parse_date(t->s, t->n, &dp);
        if (!in_date_context(c, i))
            vnr_buf_word(out, "ngày");
        say_day(out, c, dp.d1);
        if (dp.day_range) {
            vnr_buf_word(out, "đến");
            say_day(out, c, dp.d2);
        }
        vnr_say_month(out, c->ns, dp.m1);
        if (dp.full_range) {
            vnr_buf_word(out, "đến");
            say_day(out, c, dp.d2);
            vnr_say_month(out, c->ns, dp.m2);
        }
    }
    if (dp.has_year) {
        vnr_buf_word(out, "năm");
        vnr_say_uint(out, c->ns, dp.y);
    }
}

const vnr_rule vnr_rule_time = {"time", match_time, expand_time, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_date = {"date", match_date, expand_date, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_month = {"month", match_month, expand_month, VNR_NEEDS_DIGIT};
