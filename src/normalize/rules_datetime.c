/* rules_datetime.c - dates and times, validated before they are read.
 *   "Sáng 15/8/2024" -> "sáng mười lăm tháng tám năm hai nghìn không trăm hai mươi tư"
 *   "27-28/2" -> "ngày hai mươi bảy đến hai mươi tám tháng hai"   "3/2024" -> "tháng ba năm ..."
 *   "18h30", "18:30", "18g30" -> "mười tám giờ ba mươi phút"      "7h-9h" -> "bảy giờ đến chín giờ"
 * "32/13" is not a date; "1/3 dân số" is a fraction (see the rules_number.c fraction rule). */
#include "normalize/normalizer.h"

#include <string.h>

/* "Sáng 15/8" needs no "ngày"; "Sáng nay (27/11)" and "Hà Nội, 23/6" do. */
static bool in_date_context(const vnr_ctx *c, size_t i)
{
    return vnr_tok_joined(c, i) && vnr_after_list(c, i, VNR_LIST_DATE_INTRO);
}

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

/* "18:22", "18h22", "18g22", "18h", "8:05:30". */
static bool parse_time(const char *s, size_t n, size_t *i, vnr_clock *t)
{
    memset(t, 0, sizeof *t);
    if (!take_uint(s, n, i, 2, &t->h) || t->h > 24)
        return false;
    t->has_h = true;
    if (take_char(s, n, i, ':')) {
        size_t at = *i;
        if (!take_uint(s, n, i, 2, &t->m) || *i - at != 2 || t->m > 59)
            return false;
        t->has_m = true;
        if (take_char(s, n, i, ':')) {
            at = *i;
            if (!take_uint(s, n, i, 2, &t->s) || *i - at != 2 || t->s > 59)
                return false;
            t->has_s = true;
        }
        return true;
    }
    bool g = *i < n && s[*i] == 'g';
    if (!take_char(s, n, i, 'h') && !take_char(s, n, i, 'H') && !take_char(s, n, i, 'g'))
        return false;
    if (g && !(*i < n && s[*i] >= '0' && s[*i] <= '9'))
        return false; /* "18g30" is a time, "15g" fifteen grams */
    if (*i < n && s[*i] >= '0' && s[*i] <= '9') {
        if (!take_uint(s, n, i, 2, &t->m) || t->m > 59)
            return false;
        t->has_m = true;
    }
    if (!take_char(s, n, i, '\'') && t->has_m) /* 18h30', 1h30p */
        take_char(s, n, i, 'p');
    return true;
}

/* A whole token that is one time. */
static bool token_time(const vnr_token *t, vnr_clock *out)
{
    size_t p = 0;
    return parse_time(t->s, t->n, &p, out) && p == t->n;
}

/* Durations written with p and s: "7p" (bảy phút), "2p15s", "2p15" (hai phút mười lăm giây). */
static bool parse_minutes(const char *s, size_t n, vnr_clock *t)
{
    size_t i = 0;
    memset(t, 0, sizeof *t);
    /* at most two digits: "720p" is a video resolution */
    if (!take_uint(s, n, &i, 2, &t->m) || !take_char(s, n, &i, 'p'))
        return false;
    t->has_m = true;
    if (i == n)
        return true;
    size_t at = i;
    if (!take_uint(s, n, &i, 2, &t->s) || i - at > 2 || t->s > 59)
        return false;
    t->has_s = true;
    take_char(s, n, &i, 's');
    return i == n;
}

/* "14:32" or "1:02:15" after a timing word ("về đích trong 14:32"), or "25:13", which no clock
 * shows: minutes and seconds (with hours before them when there are three parts). */
static bool parse_duration(const vnr_ctx *c, size_t i, vnr_clock *t)
{
    const char *s = c->tok[i].s;
    size_t n = c->tok[i].n, p = 0;
    memset(t, 0, sizeof *t);
    uint64_t a, b, d = 0;
    if (!take_uint(s, n, &p, 3, &a) || !take_char(s, n, &p, ':'))
        return false;
    size_t at = p;
    if (!take_uint(s, n, &p, 2, &b) || p - at != 2 || b > 59)
        return false;
    bool three = take_char(s, n, &p, ':');
    at = p;
    if (three && (!take_uint(s, n, &p, 2, &d) || p - at != 2 || d > 59))
        return false;
    if (p != n)
        return false;
    bool timing = false; /* "lúc 14:30" is always a clock time */
    for (size_t k = i; k > 0 && k + 8 > i && !timing && !vnr_tok_is(c, (long)i - 1, "lúc"); k--)
        timing = vnr_after_list(c, k, VNR_LIST_TIMING);
    if (three) { /* "2:05:30" stays a clock time unless it is a timing */
        *t = (vnr_clock){a, b, d, true, true, true};
        return timing && a <= 99;
    }
    *t = (vnr_clock){0, a, b, false, true, true};
    return timing; /* "(60:40)" is a ratio, so a minute count above 24 alone proves nothing */
}

static void say_time(vnr_buf *out, const vnr_numbers *ns, const vnr_clock *t)
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

/* "2p15s" -> hai phút mười lăm giây; "1:02:15" -> một giờ hai phút mười lăm giây. */
static void say_duration(vnr_buf *out, const vnr_numbers *ns, const vnr_clock *t)
{
    if (t->has_h) {
        vnr_say_uint(out, ns, t->h);
        vnr_buf_word(out, "giờ");
    }
    vnr_say_uint(out, ns, t->m);
    vnr_buf_word(out, "phút");
    if (t->has_s) {
        vnr_say_uint(out, ns, t->s);
        vnr_buf_word(out, "giây");
    }
}

/* Token i+1 is a lone dash and token i+2 a time: "7h - 9h". */
static bool spaced_time_range(const vnr_ctx *c, size_t i, vnr_clock *b)
{
    if (i + 2 >= c->ntok)
        return false;
    const vnr_token *d = &c->tok[i + 1];
    bool dash = d->n == 0 && d->npre && d->npost == 0 &&
                (d->pre[0] == '-' || memcmp(d->pre, "\u2013", 3) == 0);
    return dash && token_time(&c->tok[i + 2], b);
}

/* "21g" is grams unless a day follows: "khoảng 21g ngày 23/6", "21g cùng ngày", "5g sáng". */
static bool hour_g_before_day(const vnr_ctx *c, size_t i, vnr_clock *t)
{
    const vnr_token *k = &c->tok[i];
    size_t p = 0;
    memset(t, 0, sizeof *t);
    if (k->n < 2 || k->s[k->n - 1] != 'g' || !take_uint(k->s, k->n, &p, 2, &t->h) ||
        p != k->n - 1 || t->h > 24 || !vnr_tok_joined(c, i + 1))
        return false;
    t->has_h = true;
    return vnr_tok_list(c, (long)i + 1, VNR_LIST_DAY) || vnr_tok_is(c, (long)i + 1, "cùng");
}

static bool match_time(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    vnr_time_match *tm = &m->r.time;
    size_t p = 0;
    if (!t->has_digit || t->n > 24)
        return false;
    if (hour_g_before_day(c, i, &tm->a)) {
        tm->form = VNR_TIME_ONE; /* "khoảng 21g ngày 23/6" */
        return true;
    }
    if (parse_minutes(t->s, t->n, &tm->a) || parse_duration(c, i, &tm->a)) {
        tm->form = VNR_TIME_DURATION;
        return true;
    }
    if (parse_time(t->s, t->n, &p, &tm->a)) {
        if (p == t->n) {
            tm->form = VNR_TIME_ONE;
            if (spaced_time_range(c, i, &tm->b))
                tm->form = VNR_TIME_RANGE, m->ntok = 3;
            else if (tm->a.has_m && tm->a.m && vnr_tok_joined(c, i + 1) &&
                     vnr_tok_is(c, (long)i + 1, "phút"))
                m->ntok = 2; /* "12h10 phút": the word the reading already says */
            return true;
        }
        tm->form = VNR_TIME_RANGE;
        return take_dash(t->s, t->n, &p) && parse_time(t->s, t->n, &p, &tm->b) && p == t->n;
    }
    /* "8-10h": the first hour bare, the second marked */
    p = 0;
    tm->form = VNR_TIME_HOURS_RANGE;
    if (!take_uint(t->s, t->n, &p, 2, &tm->first_hour) || tm->first_hour > 24 ||
        !take_dash(t->s, t->n, &p))
        return false;
    return parse_time(t->s, t->n, &p, &tm->b) && p == t->n; /* "8-10h", "1-1h30p" */
}

static void expand_time(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_time_match *tm = &m->r.time;
    (void)i;
    switch (tm->form) {
    case VNR_TIME_DURATION:
        say_duration(out, c->ns, &tm->a);
        break;
    case VNR_TIME_HOURS_RANGE:
        vnr_say_uint(out, c->ns, tm->first_hour); /* "8-10h" -> "tám đến mười giờ" */
        vnr_buf_word(out, "đến");
        say_time(out, c->ns, &tm->b);
        break;
    case VNR_TIME_RANGE:
        say_time(out, c->ns, &tm->a);
        vnr_buf_word(out, "đến");
        say_time(out, c->ns, &tm->b);
        break;
    case VNR_TIME_ONE:
        say_time(out, c->ns, &tm->a);
        break;
    }
}

/* ---- date ------------------------------------------------------------------------------- */

static bool valid_day_month(uint64_t d, uint64_t m)
{
    static const uint8_t days[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m >= 1 && m <= 12 && d >= 1 && d <= days[m];
}

static bool take_year(const char *s, size_t n, size_t *i, vnr_date *dp)
{
    size_t at = *i;
    if (!take_uint(s, n, i, 4, &dp->y) || *i - at != 4)
        return false;
    dp->has_year = true;
    return true;
}

/* d SEP m [SEP yyyy] with optional ranges "27-28/2", "12-15.9" and "27/2-1/3". *sep is the
 * separator written between day and month. */
static bool parse_date(const char *s, size_t n, vnr_date *dp, char *sep)
{
    memset(dp, 0, sizeof *dp);
    size_t i = 0;
    *sep = 0;
    if (!take_uint(s, n, &i, 2, &dp->d1))
        return false;
    if (i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.'))
        *sep = s[i];
    size_t save = i;
    if (*sep != '.' && take_dash(s, n, &i) && take_uint(s, n, &i, 2, &dp->d2) &&
        (take_char(s, n, &i, '/') || take_char(s, n, &i, '.'))) {
        dp->day_range = true; /* 27-28/2 */
        *sep = s[i - 1];
    } else {
        i = save;
        if (!take_char(s, n, &i, *sep))
            return false;
    }
    if (!take_uint(s, n, &i, 2, &dp->m1))
        return false;
    if (i < n && s[i] == *sep && take_char(s, n, &i, *sep) && !take_year(s, n, &i, dp))
        return false;
    if (!dp->day_range && *sep == '/' && take_dash(s, n, &i)) { /* 27/2-1/3[/2024] */
        if (!take_uint(s, n, &i, 2, &dp->d2) || !take_char(s, n, &i, '/') ||
            !take_uint(s, n, &i, 2, &dp->m2))
            return false;
        if (take_char(s, n, &i, '/') && !take_year(s, n, &i, dp))
            return false;
        dp->full_range = true;
    }
    if (i != n)
        return false;
    if (dp->day_range && !(dp->d2 > dp->d1 && valid_day_month(dp->d2, dp->m1)))
        return false;
    if (dp->full_range && !valid_day_month(dp->d2, dp->m2))
        return false;
    return valid_day_month(dp->d1, dp->m1);
}

/* "2017-06-27": the ISO order of timestamps in feeds -> ngày 27 tháng 6 năm 2017. */
static bool parse_iso_date(const char *s, size_t n, vnr_date *dp)
{
    memset(dp, 0, sizeof *dp);
    size_t i = 0;
    if (!take_year(s, n, &i, dp) || !take_char(s, n, &i, '-'))
        return false;
    size_t at = i;
    if (!take_uint(s, n, &i, 2, &dp->m1) || i - at != 2 || !take_char(s, n, &i, '-'))
        return false;
    at = i;
    if (!take_uint(s, n, &i, 2, &dp->d1) || i - at != 2 || i != n)
        return false;
    return valid_day_month(dp->d1, dp->m1) && dp->y >= 1000;
}

/* A season "2016/17", "2006/2007": a year, a slash, the next year in full or its last two
 * digits. y is the first year, d1 the second as written. */
static bool parse_season(const char *s, size_t n, vnr_date *dp)
{
    memset(dp, 0, sizeof *dp);
    size_t i = 0, at;
    if (!take_year(s, n, &i, dp) || !take_char(s, n, &i, '/') || dp->y < 1900 || dp->y > 2099)
        return false;
    at = i;
    if (!take_uint(s, n, &i, 4, &dp->d1) || i != n)
        return false;
    if (i - at == 2)
        return dp->d1 == (dp->y + 1) % 100;
    return i - at == 4 && dp->d1 == dp->y + 1;
}

/* "3/2024", "03/2024" -> month and year. */
static bool parse_month_year(const char *s, size_t n, vnr_date *dp)
{
    memset(dp, 0, sizeof *dp);
    size_t i = 0;
    /* "3/2024", "3-2024", "3.2024" (a dot before four digits is no thousands group) */
    if (!take_uint(s, n, &i, 2, &dp->m1) ||
        !(take_char(s, n, &i, '/') || take_char(s, n, &i, '-') || take_char(s, n, &i, '.')))
        return false;
    if (!take_year(s, n, &i, dp) || i != n)
        return false;
    return dp->m1 >= 1 && dp->m1 <= 12 && dp->y >= 1000 && dp->y <= 2999;
}

/* "hơn 1/2", "chiếm tới 3/5", "1/3 dân số": a part of a whole. */
static bool fraction_context(const vnr_ctx *c, size_t i, const vnr_date *d)
{
    if (d->d1 >= d->m1)
        return false; /* "Quảng trường 19/8": no part of a whole is 19 eighths */
    return vnr_after_list(c, i, VNR_LIST_FRACTION_BEFORE) ||
           (vnr_tok_joined(c, i) && vnr_tok_joined(c, i - 1) &&
            vnr_tok_list(c, (long)i - 2, VNR_LIST_FRACTION_BEFORE)) ||
           (vnr_tok_joined(c, i + 1) && vnr_tok_list(c, (long)i + 1, VNR_LIST_FRACTION_AFTER));
}

/* "từ 14-9 đến 20-9", "ngày 30-4 và 1-5": a d-m joined to a date just before it. */
static bool after_date(const vnr_ctx *c, size_t i)
{
    vnr_date d;
    char sep;
    return i >= 2 && vnr_tok_list(c, (long)i - 1, VNR_LIST_DATE_LINK) &&
           parse_date(c->tok[i - 2].s, c->tok[i - 2].n, &d, &sep) &&
           (vnr_after_list(c, i - 2, VNR_LIST_DAY) || d.has_year || sep == '/' ||
            (d.d1 > d.m1 && vnr_after_list(c, i - 2, VNR_LIST_DATE_PREP)));
}

/* "kỳ nghỉ 30-4, 1-5": a d-m after a comma that ends a falling d-m or one after a day word. */
static bool comma_after_date(const vnr_ctx *c, size_t i)
{
    const vnr_token *p = i ? &c->tok[i - 1] : NULL;
    vnr_date d;
    char sep;
    return p && p->npost == 1 && p->post[0] == ',' && c->tok[i].npre == 0 &&
           parse_date(p->s, p->n, &d, &sep) && sep == '-' && !d.has_year &&
           (d.d1 > d.m1 || vnr_after_list(c, i - 1, VNR_LIST_DAY));
}

/* Is d-m or d.m without a year a date here? "sáng 14-9", "kỷ niệm 30-4", "hết ngày 31.12";
 * but "từ 5-10 triệu" and a bare "3-5" are ranges, "2.5" a number. */
static bool dashed_date_context(const vnr_ctx *c, size_t i, const vnr_date *d, char sep)
{
    /* "ngày 27-1 (30 Tết)", "Đêm 31.12, người dân": after a mark nothing is an amount */
    bool next_is_amount =
        vnr_tok_joined(c, i + 1) &&
        (vnr_tok_list(c, (long)i + 1, VNR_LIST_AMOUNT) || c->tok[i + 1].has_digit);
    if (vnr_tok_joined(c, i + 1) && vnr_tok_list(c, (long)i + 1, VNR_LIST_DAY_AFTER))
        return true;
    /* "kỳ nghỉ 30-4", "Ngày thi đấu 25-4": a range never falls, so a falling dash pair is a
     * date unless it is a result ("thua 3-1", "Việt Nam 2-0 Malaysia"); a dot pair may be a
     * version or a decimal ("iOS 26.2") */
    bool result = vnr_score_context(c, i, 1);
    bool falling =
        d->d1 > d->m1 && (vnr_after_list(c, i, VNR_LIST_DATE_PREP) || (sep == '-' && !result));
    bool listed = !result && comma_after_date(c, i);
    return (vnr_after_list(c, i, VNR_LIST_DAY) || after_date(c, i) || falling || listed) &&
           !next_is_amount;
}

/* Token i+1 is a lone dash and token i+2 follows it with no mark: "1.6.2025 - 31.8.2025". */
static bool spaced_dash(const vnr_ctx *c, size_t i)
{
    if (i + 2 >= c->ntok)
        return false;
    const vnr_token *d = &c->tok[i + 1];
    return d->n == 0 && d->npre && d->npost == 0 && c->tok[i + 2].npre == 0 &&
           (d->pre[0] == '-' || memcmp(d->pre, "\u2013", 3) == 0);
}

/* A spaced dash, then a date: the end of a range. */
static bool spaced_date_range(const vnr_ctx *c, size_t i, vnr_date *b)
{
    char sep;
    return spaced_dash(c, i) && parse_date(c->tok[i + 2].s, c->tok[i + 2].n, b, &sep) &&
           !b->day_range && !b->full_range;
}

/* "ngày 08 – 11/7": a bare day after a day word, a lone dash, then a date: the first day of a
 * range read "từ ngày tám đến mười một tháng bảy". */
static bool day_to_date(const vnr_ctx *c, size_t i, vnr_date_match *dm)
{
    uint64_t d;
    if (!c->tok[i].all_digits || c->tok[i].n > 2 || !vnr_token_uint(&c->tok[i], &d) || d == 0 ||
        d > 31 || !vnr_after_list(c, i, VNR_LIST_DAY) || !spaced_date_range(c, i, &dm->b) ||
        dm->b.d1 <= d)
        return false;
    dm->a = dm->b;
    dm->a.d1 = d;
    dm->a.d2 = dm->b.d1;
    dm->a.day_range = true;
    return true;
}

static bool match_date(const vnr_ctx *c, size_t i, vnr_match *m)
{
    const vnr_token *t = &c->tok[i];
    vnr_date_match *dm = &m->r.date;
    char sep;
    if (!t->has_digit || t->n > 24)
        return false;
    dm->spaced_range = dm->season = false;
    if (day_to_date(c, i, dm)) {
        dm->month_year = false, m->ntok = 3;
        return true;
    }
    if ((dm->month_year = parse_month_year(t->s, t->n, &dm->a))) {
        if (spaced_dash(c, i) && parse_month_year(c->tok[i + 2].s, c->tok[i + 2].n, &dm->b))
            dm->spaced_range = true, m->ntok = 3; /* "10.2011 - 7.2012" */
        return true;
    }
    if (parse_iso_date(t->s, t->n, &dm->a))
        return true;
    if (parse_season(t->s, t->n, &dm->a)) {
        dm->season = true; /* "mùa giải 2016/17" */
        return true;
    }
    const char *dash = memchr(t->s, '-', t->n); /* "12/1999-5/2001" */
    if (dash && parse_month_year(t->s, (size_t)(dash - t->s), &dm->a) &&
        parse_month_year(dash + 1, t->n - (size_t)(dash - t->s) - 1, &dm->b))
        return dm->month_year = dm->spaced_range = true;
    if (!parse_date(t->s, t->n, &dm->a, &sep))
        return false;
    bool date = dm->a.has_year || dm->a.day_range || dm->a.full_range;
    /* "hoạt động 24/7": all the time, after a word in running text; "Hà Nội, 24/7" a date */
    bool round_clock =
        dm->a.d1 == 24 && dm->a.m1 == 7 && vnr_tok_joined(c, i) && !c->tok[i - 1].has_upper;
    /* "đảm bảo 2/2 tiêu chí", "thắng 2/9 trận": x out of y, read by the fraction rule */
    bool tally = dm->a.d1 <= dm->a.m1 && !vnr_after_list(c, i, VNR_LIST_DATE_PREP) &&
                 vnr_before_list(c, i, VNR_LIST_TALLY); /* but "từ 2/9 trận đấu ..." */
    if (!date && sep == '/') /* "ngày 2/9", "là 15/10"; not "hơn 1/2 số hộ", "1/2 dung tích" */
        date = vnr_after_list(c, i, VNR_LIST_DAY) ||
               (!round_clock && !tally && !fraction_context(c, i, &dm->a));
    else if (!date)
        date = dashed_date_context(c, i, &dm->a, sep);
    if (date && spaced_date_range(c, i, &dm->b))
        dm->spaced_range = true, m->ntok = 3;
    return date;
}

static void say_date(vnr_buf *out, const vnr_ctx *c, const vnr_date *d, bool add_day_word)
{
    if (add_day_word)
        vnr_buf_word(out, "ngày");
    vnr_say_uint(out, c->ns, d->d1);
    if (d->day_range) {
        vnr_buf_word(out, "đến");
        vnr_say_uint(out, c->ns, d->d2);
    }
    vnr_say_month(out, c->ns, d->m1);
    if (d->full_range) {
        vnr_buf_word(out, "đến");
        vnr_say_uint(out, c->ns, d->d2);
        vnr_say_month(out, c->ns, d->m2);
    }
    if (d->has_year) {
        vnr_buf_word(out, "năm");
        vnr_say_uint(out, c->ns, d->y);
    }
}

static void expand_date(const vnr_ctx *c, size_t i, const vnr_match *m, vnr_buf *out)
{
    const vnr_date_match *dm = &m->r.date;
    if (dm->season) { /* "2016/17" -> hai nghìn không trăm mười sáu, mười bảy */
        vnr_say_uint(out, c->ns, dm->a.y);
        vnr_say_uint(out, c->ns, dm->a.d1);
        return;
    }
    if (!dm->month_year) {
        say_date(out, c, &dm->a, !in_date_context(c, i));
        if (dm->spaced_range) {
            vnr_buf_word(out, "đến");
            say_date(out, c, &dm->b, false);
        }
        return;
    }
    if (vnr_tok_is(c, (long)i - 1, "quý") || vnr_tok_is(c, (long)i - 1, "quí"))
        vnr_say_uint(out, c->ns, dm->a.m1); /* "quý 2/2024" -> "quý hai năm ..." */
    else if (vnr_tok_is(c, (long)i - 1, "tháng"))
        vnr_say_month_number(out, c->ns, dm->a.m1); /* "tháng 4/2025" -> "tháng tư năm ..." */
    else
        vnr_say_month(out, c->ns, dm->a.m1);
    vnr_buf_word(out, "năm");
    vnr_say_uint(out, c->ns, dm->a.y);
    if (dm->spaced_range) {
        vnr_buf_word(out, "đến");
        vnr_say_month(out, c->ns, dm->b.m1);
        vnr_buf_word(out, "năm");
        vnr_say_uint(out, c->ns, dm->b.y);
    }
}

const vnr_rule vnr_rule_time = {"time", match_time, expand_time, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_date = {"date", match_date, expand_date, VNR_NEEDS_DIGIT};
const vnr_rule vnr_rule_month = {"month", match_month, expand_month, VNR_NEEDS_DIGIT};
