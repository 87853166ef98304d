/* numbers.c - cardinal, digit and ordinal reading. Grammar in code, per NORMALIZATION.md:
 *   21 -> "hai mươi mốt", 25 -> "hai mươi lăm", 14 -> "mười bốn", 105 -> "một trăm linh năm",
 *   1.032 -> "một nghìn không trăm ba mươi hai", 3.000.200 -> "ba triệu hai trăm",
 *   10^12 -> "một nghìn tỷ". Regional words (nghìn/ngàn, linh/lẻ, tư/bốn) come from the profile. */
#include "normalize/numbers.h"

#include <string.h>

const char *const vnr_digit_names[10] = {"không", "một", "hai", "ba",  "bốn",
                                         "năm",   "sáu", "bảy", "tám", "chín"};

const vnr_numbers vnr_numbers_north = {"nghìn", "linh", "tư"};
const vnr_numbers vnr_numbers_south = {"ngàn", "lẻ", "bốn"};

/* Units digit after "mươi" (21..99): 1 -> mốt, 4 -> tư/bốn, 5 -> lăm. */
static const char *unit_after_tens(const vnr_numbers *ns, unsigned u)
{
    if (u == 1)
        return "mốt";
    if (u == 4)
        return ns->four;
    if (u == 5)
        return "lăm";
    return vnr_digit_names[u];
}

/* 0..99 after a hundreds word was read: zero tens become "linh/lẻ" (105, 2.005). */
static void say_tens(vnr_buf *out, const vnr_numbers *ns, unsigned v, bool after_hundreds)
{
    unsigned t = v / 10, u = v % 10;
    if (t == 0) {
        if (u == 0)
            return;
        if (after_hundreds)
            vnr_buf_word(out, ns->zero_tens); /* 105: "linh năm", never "linh lăm" */
        vnr_buf_word(out, vnr_digit_names[u]);
        return;
    }
    if (t == 1) {
        vnr_buf_word(out, "mười");
        if (u)
            vnr_buf_word(out, u == 5 ? "lăm" : vnr_digit_names[u]); /* 11 mười một, 14 mười bốn */
        return;
    }
    vnr_buf_word(out, vnr_digit_names[t]);
    vnr_buf_word(out, "mươi");
    if (u)
        vnr_buf_word(out, unit_after_tens(ns, u));
}

/* A group of three digits. full: read "không trăm" too, as inside 1.032. */
static void say_group(vnr_buf *out, const vnr_numbers *ns, unsigned v, bool full)
{
    unsigned h = v / 100;
    if (h || full) {
        vnr_buf_word(out, vnr_digit_names[h]);
        vnr_buf_word(out, "trăm");
    }
    say_tens(out, ns, v % 100, h || full);
}

/* Below one billion. inner: a higher scale was already read, so zero hundreds are spoken. */
static void say_below_billion(vnr_buf *out, const vnr_numbers *ns, uint64_t v, bool inner)
{
    unsigned mil = (unsigned)(v / 1000000), thou = (unsigned)(v / 1000 % 1000),
             ones = (unsigned)(v % 1000);
    if (mil) {
        say_group(out, ns, mil, inner);
        vnr_buf_word(out, "triệu");
        inner = true;
    }
    if (thou) {
        say_group(out, ns, thou, inner);
        vnr_buf_word(out, ns->thousand);
        inner = true;
    }
    if (ones)
        say_group(out, ns, ones, inner);
}

static void say_uint_inner(vnr_buf *out, const vnr_numbers *ns, uint64_t v, bool inner)
{
    const uint64_t billion = 1000000000u;
    if (v >= billion) {
        /* 10^12 -> "một nghìn tỷ", 2.5 * 10^18 -> "hai tỷ năm trăm triệu tỷ" */
        say_uint_inner(out, ns, v / billion, inner);
        vnr_buf_word(out, "tỷ");
        if (v % billion)
            say_below_billion(out, ns, v % billion, true);
        return;
    }
    say_below_billion(out, ns, v, inner);
}

void vnr_say_uint(vnr_buf *out, const vnr_numbers *ns, uint64_t value)
{
    if (value == 0) {
        vnr_buf_word(out, "không");
        return;
    }
    say_uint_inner(out, ns, value, false);
}

void vnr_say_digits(vnr_buf *out, const char *digits, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (digits[i] >= '0' && digits[i] <= '9')
            vnr_buf_word(out, vnr_digit_names[digits[i] - '0']);
}

void vnr_say_integer(vnr_buf *out, const vnr_numbers *ns, const char *digits, size_t n)
{
    while (n > 1 && digits[0] == '0')
        digits++, n--;
    if (n > 18) {
        vnr_say_digits(out, digits, n);
        return;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (uint64_t)(digits[i] - '0');
    vnr_say_uint(out, ns, v);
}

void vnr_say_fraction_digits(vnr_buf *out, const vnr_numbers *ns, const char *digits, size_t n)
{
    if (n > 3) {
        vnr_say_digits(out, digits, n);
        return;
    }
    size_t z = 0;
    while (z < n && digits[z] == '0')
        vnr_buf_word(out, "không"), z++;
    if (z < n)
        vnr_say_integer(out, ns, digits + z, n - z);
}

void vnr_say_ordinal(vnr_buf *out, const vnr_numbers *ns, uint64_t value)
{
    if (value == 1)
        vnr_buf_word(out, "nhất");
    else if (value == 4)
        vnr_buf_word(out, "tư"); /* "thứ tư" everywhere, also in the South */
    else
        vnr_say_uint(out, ns, value);
}

size_t vnr_read_number(const vnr_numbers *numbers, const char *digits, size_t n_digits, char *buf,
                       size_t size)
{
    vnr_buf b;
    vnr_buf_init(&b);
    vnr_say_integer(&b, numbers ? numbers : &vnr_numbers_north, digits, n_digits);
    size_t need = b.len;
    if (buf && size) {
        size_t k = need < size - 1 ? need : size - 1;
        memcpy(buf, b.data ? b.data : "", k);
        buf[k] = '\0';
    }
    vnr_buf_free(&b);
    return need;
}
