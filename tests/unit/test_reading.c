/* test_reading.c - reading options of the normalizer and HTML extraction, in-process. */
#include "test.h"

#include "normalize/numbers.h"

#include <stdlib.h>

static char *norm_text(vnr_normalizer *norm, const char *text)
{
    char *out = NULL;
    size_t n = 0;
    return vnr_normalize(norm, text, strlen(text), &out, &n, NULL) == VNR_OK ? out : NULL;
}

void test_reading_options(void)
{
    vnr_lexicon *lex = NULL;
    vnr_normalizer *norm = NULL;
    CHECK(vnr_lexicon_new(&lex, NULL) == VNR_OK);
    CHECK(vnr_lexicon_load_default(lex, vnr_data_dir(), NULL) == VNR_OK);
    CHECK(vnr_normalizer_new(lex, &vnr_numbers_north, &norm, NULL) == VNR_OK);
    CHECK_INT(vnr_normalizer_set_punctuation(norm, (vnr_punctuation)7, NULL), VNR_ERR_INVALID);
    const char *text = "Sao (thật) vậy?\nỪ.";
    char *plain = norm_text(norm, text);
    CHECK_STR(plain, "Sao, thật, vậy?\nỪ.");
    CHECK_INT(vnr_normalizer_set_punctuation(norm, VNR_PUNCT_SOME, NULL), VNR_OK);
    char *got = norm_text(norm, text);
    CHECK_STR(got, "Sao, mở ngoặc thật đóng ngoặc, vậy chấm hỏi?\nỪ.");
    free(got);
    vnr_normalizer_set_spell(norm, 1); /* spell mode: lines are kept too */
    got = norm_text(norm, text);
    CHECK_STR(got, "ét xì a o, mở ngoặc tê hát ớ nặng tê đóng ngoặc, vê ớ nặng i dài chấm hỏi\n"
                   "ư huyền chấm");
    free(got);
    vnr_normalizer_set_spell(norm, 0);
    CHECK_INT(vnr_normalizer_set_punctuation(norm, VNR_PUNCT_NONE, NULL), VNR_OK);
    got = norm_text(norm, text); /* back to the default, byte for byte */
    CHECK_STR(got, plain);
    free(got);
    free(plain);
    vnr_normalizer_free(norm);
    vnr_lexicon_free(lex);
}

static void check_html(const char *html, const char *want)
{
    char *text = NULL;
    size_t n = 0;
    vnr_diag diag = {""};
    CHECK_INT(vnr_html_to_text(html, strlen(html), &text, &n, &diag), VNR_OK);
    CHECK_STR(text, want);
    CHECK_INT(n, text ? strlen(text) : 0);
    free(text);
}

void test_html_extract(void)
{
    /* One <article>: only it is read; the header inside it stays, the boxes go. */
    check_html("<body><nav>Trang chủ</nav><article><header><h1>Tiêu đề</h1></header>"
               "<div class='fb-comments'>Bình luận</div><p>Nội dung <b>chính</b>.</p>"
               "<div id=\"adsbygoogle\">QC</div><aside>Tin khác</aside></article>"
               "<footer>Bản quyền</footer></body>",
               "Tiêu đề\n\nNội dung chính.");
    /* Two articles (a list page): the whole body, without its site header. */
    check_html("<body><header>Báo</header><article><p>Một</p></article><article><p>Hai</p>"
               "</article></body>",
               "Một\n\nHai");
    check_html("<main><p>A<br>B</p><table><tr><td>x</td><td>y</td></tr></table></main>",
               "A\nB\n\nx\ny");
    check_html(
        "<p hidden>ẩn</p><p style='display: none'>ẩn</p><p role=navigation>ẩn</p><p>hiện</p>",
        "hiện");
    check_html("<p>Ho\xcc\x80"
               "a &amp; b&igrave;nh&nbsp;an</p>",
               "Hòa & bình an"); /* NFC */
    check_html("", "");
    char *text = NULL;
    size_t n = 0;
    CHECK_INT(vnr_html_to_text("<p>a\0b</p>", 10, &text, &n, NULL), VNR_ERR_BINARY);
    CHECK(text == NULL);
}

void test_html_input_lines(void)
{
    const char *html = "<h1>Tin</h1><p>Câu một.<br>Câu hai.</p><ul><li>Ý</li></ul>";
    const char *want[] = {"Tin", "", "Câu một.", "Câu hai.", "", "Ý"};
    vnr_input *in = NULL;
    CHECK_INT(vnr_input_open_html_text(html, strlen(html), "t.html", &in, NULL), VNR_OK);
    const char *line;
    size_t len, i = 0;
    while (in && vnr_input_next_line(in, &line, &len, NULL) == VNR_OK && line) {
        CHECK(i < 6);
        if (i < 6)
            CHECK_STR(line, want[i]);
        i++;
    }
    CHECK_INT(i, 6);
    CHECK_STR(in ? vnr_input_name(in) : NULL, "t.html");
    vnr_input_free(in);
    vnr_diag diag = {""};
    CHECK_INT(vnr_input_open_html("/nonexistent/x.html", &in, &diag), VNR_ERR_NOT_FOUND);
    CHECK(strstr(diag.text, "/nonexistent/x.html") != NULL);
}
