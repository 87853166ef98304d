/* test_production.c - captions, sentence positions, bulletin files (issue 6). */
#include "test.h"
#include "vnreader.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static const char *path_in(const char *name)
{
    static char buf[2][128];
    static int k;
    k ^= 1;
    if (!dir[0]) {
        strcpy(dir, "/tmp/vnr-prod.XXXXXX");
        if (!mkdtemp(dir))
            dir[0] = '\0';
    }
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = calloc(1, 65536);
    if (s)
        fread(s, 1, 65535, f);
    fclose(f);
    return s;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* --- Captions. ---------------------------------------------------------------------------------
 */

/* The captions of text from start to end s, then "Hết." a second later; lex: the phrase lists. */
static char *captions_with(const vnr_lexicon *lex, vnr_caption_format format, const char *name,
                           const char *text, double start, double end)
{
    vnr_captions *c = NULL;
    vnr_diag d = {""};
    CHECK_INT(vnr_captions_new(path_in(name), format, &c, &d), VNR_OK);
    vnr_captions_set_lexicon(c, lex);
    vnr_captions_add(c, text, strlen(text), start * 1000, end * 1000); /* seconds to ms */
    vnr_captions_add(c, "Hết.", strlen("Hết."), (end + 1) * 1000, (end + 2) * 1000);
    CHECK_INT(vnr_captions_finish(c, &d), VNR_OK);
    vnr_captions_free(c);
    char *s = slurp(path_in(name));
    unlink(path_in(name));
    return s;
}

static char *captions_of(vnr_caption_format format, const char *name, const char *text,
                         double start, double end)
{
    return captions_with(NULL, format, name, text, start, end);
}

void test_captions_format(void)
{
    /* 0.75 s of speech: shown for one second, into the silence before the next cue. */
    char *s = captions_of(VNR_CAPTIONS_AUTO, "a.srt", "Xin chào.", 3661.5, 3662.25);
    CHECK_STR(s, "1\n01:01:01,500 --> 01:01:02,500\nXin chào.\n\n"
                 "2\n01:01:03,250 --> 01:01:04,250\nHết.\n\n");
    free(s);
    s = captions_of(VNR_CAPTIONS_AUTO, "a.vtt", "A < B & C -> D.", 0.0004, 1);
    CHECK_STR(s, "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nA &lt; B &amp; C -&gt; D.\n\n"
                 "00:00:02.000 --> 00:00:03.000\nHết.\n\n");
    free(s);
    s = captions_of(VNR_CAPTIONS_TRANSCRIPT, "a.txt", "Xin chào.", 0, 1);
    CHECK_STR(s, "Xin chào.\nHết.\n");
    free(s);
    /* Two lines of at most 42 characters (code points, not bytes), cut near the middle. */
    s = captions_of(VNR_CAPTIONS_SRT, "b.srt",
                    "Đồng chí Mai phát biểu kết luận hội nghị lúc 18h30.", 0, 2);
    CHECK_STR(s, "1\n00:00:00,000 --> 00:00:02,000\nĐồng chí Mai phát biểu kết\n"
                 "luận hội nghị lúc 18h30.\n\n2\n00:00:03,000 --> 00:00:04,000\nHết.\n\n");
    free(s);
    vnr_captions *c = NULL;
    vnr_diag d = {""};
    CHECK_INT(vnr_captions_new(path_in("x.ass"), VNR_CAPTIONS_AUTO, &c, &d), VNR_ERR_FORMAT);
    CHECK_INT(vnr_captions_new("/no/such/dir/a.srt", VNR_CAPTIONS_AUTO, &c, &d), VNR_ERR_IO);
}

/* A sentence longer than two lines becomes several cues, cut after a clause, timed in
 * proportion to their lengths, back to back. */
void test_captions_long_sentence(void)
{
    const char *text = "Giá xăng tăng 1.032 đồng mỗi lít từ 15 giờ chiều nay, theo thông báo "
                       "của liên bộ Công Thương và Tài chính vừa công bố sáng nay tại Hà Nội.";
    char *s = captions_of(VNR_CAPTIONS_SRT, "c.srt", text, 10, 20);
    CHECK(s && strstr(s, "1\n00:00:10,000 --> 00:00:13,"));
    CHECK(s && strstr(s, "chiều nay,\n\n2\n00:00:13,"));
    CHECK(s && strstr(s, " --> 00:00:20,000\ntheo thông báo"));
    CHECK(s && strstr(s, "\n\n3\n00:00:21,000"));
    free(s);
    /* An unfinished file leaves nothing behind. */
    vnr_captions *c = NULL;
    vnr_diag d = {""};
    CHECK_INT(vnr_captions_new(path_in("d.srt"), VNR_CAPTIONS_AUTO, &c, &d), VNR_OK);
    vnr_captions_add(c, "Một.", 7, 0, 1000);
    vnr_captions_free(c);
    CHECK(access(path_in("d.srt"), F_OK) != 0);
    CHECK_INT(rmdir(dir), 0); /* empty: no temporary file either */
    dir[0] = '\0';
}

/* Issue 14: cues cut at phrase boundaries, never one word alone, two lines of at most 42
 * characters, at least a second each, the sentence's own start and end exact. */
static void check_cues(const char *srt, const char *text, double start, double end)
{
    char joined[2048] = "", first_start[16] = "", last_end[16] = "";
    int cues = 0;
    const char *p = srt;
    while (p && *p) {
        int n, h1, m1, s1, ms1, h2, m2, s2, ms2;
        if (sscanf(p, "%d\n%d:%d:%d,%d --> %d:%d:%d,%d\n", &n, &h1, &m1, &s1, &ms1, &h2, &m2, &s2,
                   &ms2) != 9)
            break;
        double a = h1 * 3600 + m1 * 60 + s1 + ms1 / 1000.0,
               b = h2 * 3600 + m2 * 60 + s2 + ms2 / 1000.0;
        p = strchr(strchr(p, '\n') + 1, '\n') + 1; /* the text lines */
        if (strncmp(p, "Hết.\n", 6) == 0)
            break;
        if (cues == 0)
            snprintf(first_start, sizeof first_start, "%.3f", a);
        snprintf(last_end, sizeof last_end, "%.3f", b);
        CHECK(b - a >= 0.999);
        const char *stop = strstr(p, "\n\n");
        if (!stop || strncmp(p, "Hết.\n", 6) == 0) /* captions_of's next sentence */
            break;
        int lines = 0, words = 0;
        for (const char *l = p; l < stop; lines++) {
            const char *nl = memchr(l, '\n', (size_t)(stop - l));
            const char *le = nl ? nl : stop;
            size_t cps = 0;
            for (const char *q = l; q < le; q++)
                cps += ((unsigned char)*q & 0xC0) != 0x80;
            CHECK(cps <= 42);
            for (const char *q = l; q < le; q++)
                words += (q == l || q[-1] == ' ') && *q != ' ';
            if (joined[0])
                strcat(joined, " ");
            strncat(joined, l, (size_t)(le - l));
            l = nl ? nl + 1 : stop;
        }
        CHECK(lines >= 1 && lines <= 2);
        CHECK(words >= 2);
        cues++;
        p = stop + 2;
    }
    CHECK(cues >= 2);
    CHECK_STR(joined, text); /* nothing lost, nothing repeated */
    char want[16];
    snprintf(want, sizeof want, "%.3f", start);
    CHECK_STR(first_start, want);
    snprintf(want, sizeof want, "%.3f", end);
    CHECK_STR(last_end, want);
}

void test_captions_phrases(void)
{
    /* Cut greedily at 84 characters, this left "việc." alone for 0.44 s. */
    const char *a = "Bộ trưởng cho biết các cơ quan chức năng sẽ tiếp tục kiểm tra, giám sát "
                    "chặt chẽ tình hình thực hiện trong thời gian tới để kịp thời xử lý công "
                    "việc.";
    char *s = captions_of(VNR_CAPTIONS_SRT, "p.srt", a, 5, 17), *s2;
    check_cues(s, a, 5, 17);
    CHECK(s && !strstr(s, "\nviệc.\n"));
    free(s);
    /* Cut at the 42nd character, this split "thành | lập". */
    const char *b = "Ngày 23/6, tại Hà Nội, Ủy ban nhân dân thành phố đã quyết định thành lập "
                    "ban chỉ đạo phòng chống thiên tai và tìm kiếm cứu nạn của thành phố.";
    s = captions_of(VNR_CAPTIONS_SRT, "q.srt", b, 0, 11);
    check_cues(s, b, 0, 11);
    CHECK(s && !strstr(s, "thành\n\n") && !strstr(s, "thành\nlập"));
    /* Lines broken after a comma when that keeps them near in length. */
    const char *c = "Giá xăng tăng từ 15 giờ chiều nay, theo thông báo của liên bộ.";
    s2 = captions_of(VNR_CAPTIONS_SRT, "t.srt", c, 0, 6);
    CHECK(s2 && strstr(s2, "chiều nay,\ntheo thông báo của liên bộ."));
    free(s2);
    free(s);
    /* A short sentence in a long time stays one cue; one word alone is fine when it is all. */
    s = captions_of(VNR_CAPTIONS_SRT, "r.srt", "Vâng.", 1, 1.2);
    CHECK(s && strstr(s, "1\n00:00:01,000 --> 00:00:02,000\nVâng.\n\n"));
    free(s);
}

/* --- Sentence positions from the reader. -------------------------------------------------------
 */

typedef struct collected {
    char text[8][128];
    uint64_t start[8], end[8];
    int n, rate;
} collected;

static void collect(void *user, const vnr_sentence *s)
{
    collected *c = user;
    if (c->n < 8) {
        snprintf(c->text[c->n], sizeof c->text[0], "%.*s", (int)s->len, s->text);
        c->start[c->n] = s->start;
        c->end[c->n++] = s->end;
        c->rate = s->sample_rate;
    }
}

void test_reader_sentences(void)
{
    vnr_lexicon *lex = NULL;
    vnr_reader *r = NULL;
    vnr_sink *sink = NULL;
    vnr_input *in = NULL;
    vnr_diag d = {""};
    collected got;
    memset(&got, 0, sizeof got);
    const char *text = "  Ngày 23/6, trời mưa.  Có 21 tỉnh.\n\n!!!\nHết giờ lúc 18h30.\n";
    CHECK_INT(vnr_lexicon_new(&lex, NULL), VNR_OK);
    CHECK_INT(vnr_reader_new(NULL, lex, &r, &d), VNR_OK);
    CHECK_INT(vnr_sink_file_new(path_in("s.raw"), VNR_FORMAT_RAW, 22050, &sink, &d), VNR_OK);
    if (r && sink) {
        vnr_reader_add_sink(r, sink, NULL);
        vnr_reader_set_sentence_fn(r, collect, &got);
        int16_t jingle[1000] = {0};
        CHECK_INT(vnr_reader_write(r, jingle, 1000, &d), VNR_OK); /* shifts every sentence */
        CHECK_INT(vnr_input_open_text(text, strlen(text), "text", &in, NULL), VNR_OK);
        CHECK_INT(vnr_reader_read(r, in, &d), VNR_OK);
        vnr_input_free(in);
        CHECK_INT(vnr_sink_finish(sink, &d), VNR_OK);
        FILE *f = fopen(path_in("s.raw"), "rb");
        long bytes = f && fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
        if (f)
            fclose(f);
        /* The sentences as written (not "hai mươi ba tháng sáu"), "!!!" says nothing. */
        CHECK_INT(got.n, 3);
        CHECK_STR(got.text[0], "Ngày 23/6, trời mưa.");
        CHECK_STR(got.text[1], "Có 21 tỉnh.");
        CHECK_STR(got.text[2], "Hết giờ lúc 18h30.");
        CHECK_INT(got.rate, vnr_reader_sample_rate(r));
        CHECK_INT(got.start[0], 1000); /* no pause after the caller's audio */
        for (int i = 0; i < got.n; i++) {
            CHECK(got.start[i] < got.end[i]);
            CHECK(i == 0 || got.start[i] > got.end[i - 1]); /* the pause between them */
        }
        CHECK_INT(got.end[2] * 2, bytes); /* the last sentence ends the audio */
        CHECK_INT(vnr_reader_position(r) * 2, bytes);
    }
    vnr_sink_free(sink);
    vnr_reader_free(r);
    vnr_lexicon_free(lex);
    unlink(path_in("s.raw"));
}

/* --- Bulletin files. ---------------------------------------------------------------------------
 */

static vnr_status load_bulletin(const char *text, vnr_bulletin **b, vnr_diag *d)
{
    spit(path_in("a.bulletin"), text);
    return vnr_bulletin_open(path_in("a.bulletin"), b, d);
}

void test_bulletin_file(void)
{
    vnr_bulletin *b = NULL;
    vnr_diag d = {""};
    spit(path_in("one.txt"), "Tin một.\n");
    spit(path_in("two.txt"), "Tin hai.\n");
    CHECK_INT(load_bulletin("# Bản tin\n\n  item = one.txt  \nitem=two.txt | heading = Thể thao\n"
                            "gap = 2.5\n",
                            &b, &d),
              VNR_OK);
    CHECK_INT(b ? vnr_bulletin_items(b) : 0, 2);
    CHECK(b && vnr_bulletin_gap_ms(b) == 2500);
    vnr_bulletin_free(b);
    static const struct {
        const char *text, *error;
    } bad[] = {
        {"item = one.txt\nitem = missing.txt\n", "a.bulletin:2: "},
        {"item = one.txt\nvoice = south\n", "a.bulletin:2: unknown key 'voice'"},
        {"# x\nitem one.txt\n", "a.bulletin:2: expected 'key = value'"},
        {"gap = soon\nitem = one.txt\n", "a.bulletin:1: gap: expected seconds"},
        {"item = one.txt | title = X\n", "a.bulletin:1: after '|' only 'heading"},
        {"intro = one.txt\nintro = two.txt\n", "a.bulletin:2: a second 'intro'"},
        {"# nothing\n", "nothing to read"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        b = NULL;
        d.text[0] = '\0';
        CHECK(load_bulletin(bad[i].text, &b, &d) != VNR_OK);
        CHECK(b == NULL);
        if (!strstr(d.text, bad[i].error)) {
            fprintf(stderr, "  bulletin %zu: '%s', want '%s'\n", i, d.text, bad[i].error);
            vnr_test_failures++;
        }
    }
    CHECK_INT(vnr_bulletin_open(path_in("none.bulletin"), &b, &d), VNR_ERR_NOT_FOUND);
    unlink(path_in("one.txt"));
    unlink(path_in("two.txt"));
    unlink(path_in("a.bulletin"));
    CHECK_INT(rmdir(dir), 0);
    dir[0] = '\0';
}

/* --- Word groups (issue 14): where there is no punctuation, a cue or a line starts before a
 * word that starts a phrase, and never inside a name or a number and what it counts. ----------
 */

/* Whether a cue of srt starts with `words` (its first line, right after the times). */
static bool starts_cue(const char *srt, const char *words)
{
    for (const char *p = srt; p && (p = strstr(p, " --> ")); p++) {
        const char *text = strchr(p, '\n');
        if (text && strncmp(text + 1, words, strlen(words)) == 0)
            return true;
    }
    return false;
}

/* Whether some line of srt ends with the word `word` ("ông" ends "gia đình ông\n"). */
static bool ends_line(const char *srt, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = srt; p && (p = strstr(p, word)); p++)
        if ((p == srt || p[-1] == ' ' || p[-1] == '\n') && p[n] == '\n')
            return true;
    return false;
}

/* Gold prices: no comma in 132 characters; the cut falls before "trong khi". */
static const char *const gold =
    "Giá vàng miếng trong nước sáng nay tăng thêm ba trăm nghìn đồng mỗi lượng trong khi giá "
    "vàng thế giới gần như đứng yên suốt đêm qua.";

void test_captions_word_groups(void)
{
    vnr_lexicon *lex = shipped_lexicon();
    char *s = captions_with(lex, VNR_CAPTIONS_SRT, "g1.srt", gold, 0, 9);
    check_cues(s, gold, 0, 9);
    CHECK(s && starts_cue(s, "trong khi giá vàng"));
    CHECK(s && !ends_line(s, "trong"));
    free(s);
    /* Without the lists the same sentence is cut by length alone: elsewhere. */
    s = captions_with(NULL, VNR_CAPTIONS_SRT, "g0.srt", gold, 0, 9);
    check_cues(s, gold, 0, 9);
    CHECK(s && !starts_cue(s, "trong khi"));
    free(s);

    /* Before "để", in a sentence of the rescue news. */
    const char *a = "Các đội cứu hộ đã làm việc suốt đêm qua tại hiện trường vụ sạt lở đất để tìm "
                    "kiếm những người còn mất tích dưới lớp bùn đá.";
    s = captions_with(lex, VNR_CAPTIONS_SRT, "g2.srt", a, 0, 8.5);
    check_cues(s, a, 0, 8.5);
    CHECK(s && starts_cue(s, "để tìm kiếm"));
    CHECK(s && strstr(s, "suốt đêm qua\ntại hiện trường")); /* its line broken before "tại" */
    free(s);

    /* A title and a name stay on one line: never "ông | Nguyễn Văn Bình". */
    const char *b = "Đoàn công tác của tỉnh đã đến thăm hỏi động viên gia đình ông Nguyễn Văn Bình "
                    "ở xã Tân Hòa có nhà bị sập hoàn toàn sau cơn bão.";
    s = captions_with(lex, VNR_CAPTIONS_SRT, "g3.srt", b, 0, 8.5);
    check_cues(s, b, 0, 8.5);
    CHECK(s && strstr(s, "ông Nguyễn Văn Bình") && !ends_line(s, "ông"));
    free(s);
    s = captions_with(NULL, VNR_CAPTIONS_SRT, "g3.srt", b, 0, 8.5);
    CHECK(s && ends_line(s, "ông")); /* the title list decides it: without it, split */
    free(s);

    /* A number and what it counts: "23 tỷ đồng" whole, the line broken before "từ". */
    const char *c =
        "Sau ba năm thi công dự án cải tạo tuyến kênh chảy qua trung tâm thị xã đã được "
        "đầu tư thêm 23 tỷ đồng từ nguồn ngân sách tỉnh.";
    s = captions_with(lex, VNR_CAPTIONS_SRT, "g4.srt", c, 0, 8.5);
    check_cues(s, c, 0, 8.5);
    CHECK(s && strstr(s, " 23 tỷ đồng\ntừ nguồn"));
    free(s);

    /* A clause starter breaks the line inside a cue too: "... ngập sâu | và nhiều ...". */
    const char *d =
        "Mưa lớn kéo dài nhiều giờ liền khiến hàng chục tuyến phố ở khu vực nội thành bị "
        "ngập sâu và nhiều phương tiện chết máy giữa đường.";
    s = captions_with(lex, VNR_CAPTIONS_SRT, "g5.srt", d, 0, 8.5);
    check_cues(s, d, 0, 8.5);
    CHECK(s && strstr(s, "ngập sâu\nvà nhiều phương tiện chết máy giữa đường.\n"));
    free(s);

    /* A date is one group: the cue is cut before "khiến", not inside "ngày 23 tháng 6 năm 2024". */
    const char *e = "Đợt mưa lớn kéo dài từ ngày 23 tháng 6 năm 2024 khiến 5 người thiệt mạng và "
                    "hàng trăm ngôi nhà ở vùng trũng bị ngập sâu.";
    s = captions_with(lex, VNR_CAPTIONS_SRT, "g6.srt", e, 0, 8.5);
    check_cues(s, e, 0, 8.5);
    CHECK(s && strstr(s, "\ntừ ngày 23 tháng 6 năm 2024\n") && starts_cue(s, "khiến 5 người"));
    free(s);

    /* Negatives: what fits one cue is not cut, however many starters it holds; its two lines
     * break before the verb of saying; a line's worth stays one line. */
    s = captions_with(lex, VNR_CAPTIONS_SRT, "g7.srt",
                      "Ông Nguyễn Văn A cho biết giá xăng sẽ giảm trong tuần tới.", 0, 4);
    CHECK_STR(s, "1\n00:00:00,000 --> 00:00:04,000\nÔng Nguyễn Văn A\n"
                 "cho biết giá xăng sẽ giảm trong tuần tới.\n\n"
                 "2\n00:00:05,000 --> 00:00:06,000\nHết.\n\n");
    free(s);
    s = captions_with(lex, VNR_CAPTIONS_SRT, "g8.srt", "Giá vàng tăng trong khi USD giảm.", 0, 2);
    CHECK_STR(s, "1\n00:00:00,000 --> 00:00:02,000\nGiá vàng tăng trong khi USD giảm.\n\n"
                 "2\n00:00:03,000 --> 00:00:04,000\nHết.\n\n");
    free(s);
    vnr_lexicon_free(lex);
}

/* The starters are read from voices/vi/context.tsv: the same sentence, cut before "trong khi"
 * with the shipped file, is cut elsewhere when the file lacks the entry, and before it again
 * when a file holds only that entry. */
void test_captions_phrase_data(void)
{
    const struct {
        const char *context;
        bool cut_before;
    } cases[] = {
        {"day\tsáng\n", false},
        {"phrase_clause\ttrong khi\n", true},
        {"phrase_of\ttrong khi\n", true}, /* any starter list, even the dearest */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *voices = voices_with_context(cases[i].context);
        vnr_lexicon *lex = NULL;
        vnr_diag diag = {""};
        CHECK_INT(vnr_lexicon_new(&lex, &diag), VNR_OK);
        CHECK_INT(vnr_lexicon_load_default(lex, voices, &diag), VNR_OK);
        char *s = captions_with(lex, VNR_CAPTIONS_SRT, "d.srt", gold, 0, 9);
        check_cues(s, gold, 0, 9);
        if ((s && starts_cue(s, "trong khi giá vàng")) != cases[i].cut_before) {
            fprintf(stderr, "test_captions_phrase_data: context.tsv '%s': cut %s 'trong khi'\n%s",
                    cases[i].context, cases[i].cut_before ? "not before" : "before", s);
            vnr_test_failures++;
        }
        free(s);
        vnr_lexicon_free(lex);
        remove_voices(voices);
    }
}
