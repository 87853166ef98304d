/* numbers.h - Vietnamese number reading as pure functions over a regional profile. */
#ifndef VNR_NUMBERS_H
#define VNR_NUMBERS_H

#include "core/util.h"

/* không một hai ba bốn năm sáu bảy tám chín */
extern const char *const vnr_digit_names[10];

/* The Northern and Southern profiles, for tests and defaults. */
extern const vnr_numbers vnr_numbers_north;
extern const vnr_numbers vnr_numbers_south;

/* Cardinal of an unsigned value: 105 -> "một trăm linh năm". */
void vnr_say_uint(vnr_buf *out, const vnr_numbers *ns, uint64_t value);
/* Cardinal of a digit string (leading zeros ignored; more than 18 digits: digit by digit). */
void vnr_say_integer(vnr_buf *out, const vnr_numbers *ns, const char *digits, size_t n);
/* Digit by digit with plain names, for phones and codes: "0915" -> "không chín một năm". */
void vnr_say_digits(vnr_buf *out, const char *digits, size_t n);
/* The part after a decimal comma: leading zeros are "không", up to three more digits a
 * cardinal, longer runs digit by digit: "05" -> "không năm", "25" -> "hai mươi lăm". */
void vnr_say_fraction_digits(vnr_buf *out, const vnr_numbers *ns, const char *digits, size_t n);
/* thứ 1 -> "nhất", thứ 4 -> "tư", otherwise the cardinal. Writes only the number part. */
void vnr_say_ordinal(vnr_buf *out, const vnr_numbers *ns, uint64_t value);

#endif
