/* test_text.c - unit tests of the text half: UTF-8, cleaning, input, sentences, lexicon,
 * number reading and the normalizer's line contract. */
#include "test.h"

#include "core/dl.h"
#include "normalize/numbers.h"

#include <stdlib.h>
#include <unistd.h>

void test_utf8_decode(void)
{
    int32_t cp = 0;
    CHECK_INT(vnr_utf8_decode("\xe1\xbb\x99", 3, &cp), 3); /* ộ */
    CHECK_INT(cp, 0x1ED9);
    CHECK_INT(vnr_utf8_decode("\xc0\xaf", 2, &cp), 0);         /* overlong '/' */
    CHECK_INT(vnr_utf8_decode("\xed\xa0\x80", 3, &cp), 0);     /* surrogate */
    CHECK_INT(vnr_utf8_decode("\xe1\xbb", 2, &cp), 0);         /* truncated */
    CHECK_INT(vnr_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0); /* past U+10FFFF */
    char enc[4];
    CHECK_INT(vnr_utf8_encode(0x1ED9, enc), 3);
    CHECK(memcmp(enc, "\xe1\xbb\x99", 3) == 0);
}

void test_buf(void)
{
    vnr_buf b;
    vnr_buf_init(&b);
    vnr_buf_word(&b, "một");
    vnr_buf_word(&b, "trăm");
    vnr_buf_word(&b, "");
    CHECK_STR(b.data, "một trăm");
    for (int i = 0; i < 1000; i++)
        vnr_buf_putc(&b, 'x');
    CHECK_INT(b.len, strlen("một trăm") + 1000);
    size_t n;
    char *s = vnr_buf_take(&b, &n);
    CHECK_INT(strlen(s), n);
    CHECK(b.data == NULL);
    free(s);
}

void test_status_messages(void)
{
    CHECK_STR(vnr_status_message(VNR_OK), "success");
    CHECK_STR(vnr_status_message(VNR_ERR_NO_DEVICE), "no sound device");
    CHECK_STR(vnr_status_message((vnr_status)999), "unknown error");
    for (int s = VNR_OK; s <= VNR_ERR_IS_DIR; s++)
        CHECK(strcmp(vnr_status_message((vnr_status)s), "unknown error") != 0);
}

static void check_number(const vnr_numbers *ns, const char *digits, const char *want)
{
    char buf[512];
    size_t need = vnr_read_number(ns, digits, strlen(digits), buf, sizeof buf);
    CHECK_INT(need, strlen(want));
    CHECK_STR(buf, want);
}

void test_numbers_north(void)
{
    const vnr_numbers *ns = &vnr_numbers_north;
    check_number(ns, "0", "không");
    check_number(ns, "10", "mười");
    check_number(ns, "14", "mười bốn");
    check_number(ns, "15", "mười lăm");
    check_number(ns, "21", "hai mươi mốt");
    check_number(ns, "24", "hai mươi tư");
    check_number(ns, "25", "hai mươi lăm");
    check_number(ns, "101", "một trăm linh một");
    check_number(ns, "105", "một trăm linh năm");
    check_number(ns, "110", "một trăm mười");
    check_number(ns, "1032", "một nghìn không trăm ba mươi hai");
    check_number(ns, "2005", "hai nghìn không trăm linh năm");
    check_number(ns, "1010", "một nghìn không trăm mười");
    check_number(ns, "406705", "bốn trăm linh sáu nghìn bảy trăm linh năm");
    check_number(ns, "1000000", "một triệu");
    check_number(ns, "3000200", "ba triệu hai trăm");
    check_number(ns, "1000000000000", "một nghìn tỷ");
    check_number(ns, "1500000000000", "một nghìn năm trăm tỷ");
    check_number(ns, "2000000000000000", "hai triệu tỷ");
    check_number(ns, "007", "bảy");
    /* More than 18 digits: digit by digit, never a wrong scale word. */
    check_number(ns, "1234567890123456789",
                 "một hai ba bốn năm sáu bảy tám chín không một hai "
                 "ba bốn năm sáu bảy tám chín");
    char small[8];
    size_t need = vnr_read_number(ns, "105", 3, small, sizeof small);
    CHECK(need > sizeof small - 1);
    CHECK_INT(strlen(small), sizeof small - 1); /* truncated, still terminated */
}

void test_numbers_south(void)
{
    const vnr_numbers *ns = &vnr_numbers_south;
    check_number(ns, "24", "hai mươi bốn");
    check_number(ns, "105", "một trăm lẻ năm");
    check_number(ns, "1032", "một ngàn không trăm ba mươi hai");
    check_number(ns, "14", "mười bốn");
}

void test_clean(void)
{
    char *out = NULL;
    size_t n = 0, bad = 0;
    /* "Cộng" decomposed (o + circumflex + dot below) with a zero-width space and soft hyphen */
    const char in[] = "C\x6f\xcc\x82\xcc\xa3ng\xe2\x80\x8b \xc4\x91o\xcc\x82\xcc\x80ng\xc2\xad";
    CHECK_INT(vnr_text_clean(in, sizeof in - 1, &out, &n, &bad, NULL), VNR_OK);
    CHECK_STR(out, "Cộng đồng");
    CHECK_INT(bad, 0);
    free(out);
    CHECK_INT(vnr_text_clean("a\xff"
                             "b",
                             3, &out, &n, &bad, NULL),
              VNR_OK);
    CHECK_STR(out, "ab");
    CHECK_INT(bad, 1);
    free(out);
    CHECK_INT(vnr_text_clean("a\0b", 3, &out, &n, &bad, NULL), VNR_ERR_BINARY);
}

void test_input_lines(void)
{
    const char text[] = "một\r\n\nhai\nba";
    vnr_input *in;
    CHECK_INT(vnr_input_open_text(text, sizeof text - 1, "t", &in, NULL), VNR_OK);
    const char *want[] = {"một", "", "hai", "ba"};
    const char *line;
    size_t n;
    for (int i = 0; i < 4; i++) {
        CHECK_INT(vnr_input_next_line(in, &line, &n, NULL), VNR_OK);
        CHECK_STR(line, want[i]);
        CHECK_INT(vnr_input_line_number(in), i + 1);
    }
    CHECK_INT(vnr_input_next_line(in, &line, &n, NULL), VNR_OK);
    CHECK(line == NULL);
    vnr_input_free(in);
    vnr_diag diag = {""};
    CHECK_INT(vnr_input_open_file("/nonexistent/x.txt", &in, &diag), VNR_ERR_NOT_FOUND);
    CHECK(strstr(diag.text, "/nonexistent/x.txt") != NULL);
    CHECK_INT(vnr_input_open_file("/", &in, &diag), VNR_ERR_IS_DIR);
}

static char warned[512];
static void remember_warning(void *user, const char *msg)
{
    (void)user;
    snprintf(warned, sizeof warned, "%s", msg);
}

void test_input_invalid_utf8(void)
{
    const char text[] = "đúng\nsai \xff\xfe ở đây\n";
    vnr_input *in;
    vnr_input_open_text(text, sizeof text - 1, "bai.txt", &in, NULL);
    vnr_input_set_warn(in, remember_warning, NULL);
    const char *line;
    size_t n;
    warned[0] = '\0';
    vnr_input_next_line(in, &line, &n, NULL);
    CHECK_STR(warned, "");
    CHECK_INT(vnr_input_next_line(in, &line, &n, NULL), VNR_OK);
    CHECK_STR(line, "sai  ở đây");
    CHECK(strncmp(warned, "bai.txt:2: invalid UTF-8", 24) == 0);
    vnr_input_free(in);
}

void test_input_binary(void)
{
    const char text[] = "chữ\nrồi\0nhị phân\n";
    vnr_input *in;
    vnr_input_open_text(text, sizeof text - 1, "x.bin", &in, NULL);
    const char *line;
    size_t n;
    vnr_diag diag = {""};
    CHECK_INT(vnr_input_next_line(in, &line, &n, &diag), VNR_OK);
    CHECK_INT(vnr_input_next_line(in, &line, &n, &diag), VNR_ERR_BINARY);
    CHECK(strncmp(diag.text, "x.bin:2:", 8) == 0);
    vnr_input_free(in);
}

static vnr_lexicon *test_lexicon(void)
{
    vnr_lexicon *lex = NULL;
    vnr_diag diag = {""};
    vnr_lexicon_new(&lex, NULL);
    if (vnr_lexicon_load_default(lex, vnr_data_dir(), &diag) != VNR_OK)
        fprintf(stderr, "lexicon: %s\n", diag.text);
    return lex;
}

/* Split text into sentences joined by '|'. */
static char *sentences(const vnr_lexicon *lex, const char *text)
{
    vnr_buf b;
    vnr_buf_init(&b);
    size_t len = strlen(text);
    for (size_t pos = 0; pos < len;) {
        size_t k = vnr_sentence_length(lex, text + pos, len - pos);
        if (k == 0)
            break;
        size_t end = k;
        while (end > 0 && text[pos + end - 1] == ' ')
            end--;
        if (b.len)
            vnr_buf_putc(&b, '|');
        vnr_buf_append(&b, text + pos, end);
        pos += k;
    }
    return vnr_buf_take(&b, NULL);
}

void test_sentences(void)
{
    vnr_lexicon *lex = test_lexicon();
    struct {
        const char *in, *want;
    } cases[] = {
        {"Trời mưa. Đường ngập!", "Trời mưa.|Đường ngập!"},
        {"UBND TP. Hà Nội họp. Xong.", "UBND TP. Hà Nội họp.|Xong."},
        {"GS.TS. Nguyễn Văn A phát biểu.", "GS.TS. Nguyễn Văn A phát biểu."},
        {"Văn phòng ở Q.1, TP.HCM.", "Văn phòng ở Q.1, TP.HCM."},
        {"Có 1.000 người. Hết.", "Có 1.000 người.|Hết."},
        {"Táo, cam v.v. và chuối.", "Táo, cam v.v. và chuối."},
        {"Ông N. V. Minh đến. Tốt?", "Ông N. V. Minh đến.|Tốt?"},
        {"Thật ư… Không!", "Thật ư…|Không!"},
        {"Anh nói: \"Đi thôi.\" Rồi đi.", "Anh nói: \"Đi thôi.\"|Rồi đi."},
        {"Sao vậy?! Ừ.", "Sao vậy?!|Ừ."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = sentences(lex, cases[i].in);
        CHECK_STR(got, cases[i].want);
        free(got);
    }
    /* A run with no break at all is cut below the limit, at a character boundary. */
    char *long_text = malloc(5001);
    for (int i = 0; i < 2500; i++)
        memcpy(long_text + 2 * i, "\xc3\xa0", 2); /* "à" */
    long_text[5000] = '\0';
    size_t k = vnr_sentence_length(lex, long_text, 5000);
    CHECK(k > 0 && k <= 1000);
    CHECK_INT(k % 2, 0);
    free(long_text);
    vnr_lexicon_free(lex);
}

void test_lexicon_load(void)
{
    vnr_lexicon *lex = test_lexicon();
    CHECK_STR(vnr_lexicon_lookup(lex, VNR_LEX_ABBREVIATION, "UBND", 4), "ủy ban nhân dân");
    CHECK(vnr_lexicon_lookup(lex, VNR_LEX_ABBREVIATION, "ubnd", 4) == NULL);
    CHECK_STR(vnr_lexicon_lookup(lex, VNR_LEX_LOANWORD, "COVID", 5), "cô vít");
    CHECK_STR(vnr_lexicon_lookup(lex, VNR_LEX_UNIT, "km", 2), "ki lô mét");
    CHECK_STR(vnr_lexicon_lookup(lex, VNR_LEX_LETTER, "b", 1), "bê");
    /* A user file overrides and adds. */
    char path[] = "/tmp/vnr-lex-XXXXXX";
    int fd = mkstemp(path);
    const char data[] = "# user entries\nUBND\tu bê en đê\nBIDV\tbi đi vi\n";
    CHECK(write(fd, data, sizeof data - 1) == (ssize_t)(sizeof data - 1));
    close(fd);
    CHECK_INT(vnr_lexicon_load_file(lex, VNR_LEX_USER, path, NULL), VNR_OK);
    CHECK_STR(vnr_lexicon_lookup(lex, VNR_LEX_USER, "BIDV", 4), "bi đi vi");
    CHECK_STR(vnr_lexicon_lookup(lex, VNR_LEX_USER, "bidv", 4), "bi đi vi");
    unlink(path);
    vnr_lexicon_free(lex);
}

void test_lexicon_errors(void)
{
    struct {
        const char *data, *want;
    } cases[] = {
        {"a\tb\nno tab here\n", ":2: no tab between key and reading"},
        {"\tb\n", ":1: empty key"},
        {"# c\n\nk\t  \n", ":3: empty reading"},
        {"k\tv\tw\n", ":1: more than two columns"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[] = "/tmp/vnr-lex-XXXXXX";
        int fd = mkstemp(path);
        CHECK(write(fd, cases[i].data, strlen(cases[i].data)) > 0);
        close(fd);
        vnr_lexicon *lex;
        vnr_lexicon_new(&lex, NULL);
        vnr_diag diag = {""};
        CHECK_INT(vnr_lexicon_load_file(lex, VNR_LEX_ABBREVIATION, path, &diag), VNR_ERR_PARSE);
        CHECK(strncmp(diag.text, path, strlen(path)) == 0);
        CHECK(strstr(diag.text, cases[i].want) != NULL);
        vnr_lexicon_free(lex);
        unlink(path);
    }
    vnr_lexicon *lex;
    vnr_lexicon_new(&lex, NULL);
    CHECK_INT(vnr_lexicon_load_file(lex, VNR_LEX_UNIT, "/nonexistent.tsv", NULL),
              VNR_ERR_NOT_FOUND);
    vnr_lexicon_free(lex);
}

void test_normalize_lines(void)
{
    vnr_lexicon *lex = test_lexicon();
    vnr_normalizer *norm;
    CHECK_INT(vnr_normalizer_new(lex, NULL, &norm, NULL), VNR_OK);
    const char in[] = "Có 25 người.\n\n\nNăm 2024\n";
    char *out;
    size_t n;
    CHECK_INT(vnr_normalize(norm, in, sizeof in - 1, &out, &n, NULL), VNR_OK);
    CHECK_STR(out, "Có hai mươi lăm người.\n\n\nNăm hai nghìn không trăm hai mươi tư\n");
    free(out);
    CHECK_INT(vnr_normalize(norm, "", 0, &out, &n, NULL), VNR_OK);
    CHECK_STR(out, "");
    free(out);
    vnr_normalizer_free(norm);
    vnr_lexicon_free(lex);
}

/* core/dl.c: what libcurl and poppler-glib are opened with. A library that is there fills every
 * slot with a function that works; a missing library or symbol is refused with words that name
 * it, for the "cannot read PDF files without poppler-glib (...)" message. */
void test_dl_open(void)
{
    double (*cosine)(double) = NULL;
    char why[256] = "";
    vnr_dl_symbol ok[] = {{"cos", &cosine}};
    CHECK(vnr_dl_open("libm.so.6", ok, 1, why, sizeof why));
    CHECK(cosine && cosine(0.0) == 1.0);
    CHECK(!vnr_dl_open("libvnreader-no-such-library.so.9", ok, 1, why, sizeof why));
    CHECK(strstr(why, "libvnreader-no-such-library.so.9") != NULL);
    vnr_dl_symbol missing[] = {{"cos", &cosine}, {"vnr_no_such_function", &cosine}};
    CHECK(!vnr_dl_open("libm.so.6", missing, 2, why, sizeof why));
    CHECK(strstr(why, "vnr_no_such_function") != NULL);
}
