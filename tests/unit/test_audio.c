/* test_audio.c - unit tests of the audio half: voice files, eSpeak NG synthesis, file sinks and
 * the reader's pauses and stop. Audio is judged by its format, length and loudness, never by its
 * bytes (they change with the eSpeak NG version). Nothing here touches a sound card. */
#include "test.h"

#include "vnreader.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- Helpers. ----------------------------------------------------------------------------------
 */

static char tmp_dir[64];

static void remove_tmp_dir(void)
{
    rmdir(tmp_dir); /* only if empty: a leftover file stays for inspection */
}

static const char *tmp_path(const char *name)
{
    static char path[2][256];
    static int which;
    which ^= 1;
    if (!tmp_dir[0]) {
        snprintf(tmp_dir, sizeof tmp_dir, "/tmp/vnr-test.XXXXXX");
        if (!mkdtemp(tmp_dir))
            perror("mkdtemp");
        atexit(remove_tmp_dir);
    }
    snprintf(path[which], sizeof path[which], "%s/%s", tmp_dir, name);
    return path[which];
}

/* Files in the temporary folder: a leftover ".x.wav.XXXXXX" shows up here. */
static int tmp_entries(void)
{
    DIR *d = opendir(tmp_dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..") != 0);
    if (d)
        closedir(d);
    return n;
}

static void write_text_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int16_t *sine(size_t n)
{
    int16_t *s = malloc(n * sizeof *s);
    for (size_t i = 0; s && i < n; i++)
        s[i] = (int16_t)(8000 * sin(2 * 3.14159265358979 * 440 * (double)i / 22050));
    return s;
}

static void warn_collect(void *user, const char *message)
{
    snprintf(user, 256, "%s", message);
}

/* --- Voices. -----------------------------------------------------------------------------------
 */

void test_voice_load(void)
{
    vnr_voice v;
    vnr_diag d = {""};
    const char *path = tmp_path("test.voice");
    write_text_file(path, "# a comment\n  name = test \ndescription=Thử nghiệm\n"
                          "espeak_voice = vi-vn-x-south\nthousand = ngàn\nzero_tens = lẻ\n"
                          "four = bốn\nrate = 300\npitch=40\nvolume = 120\n\n"
                          "sentence_pause_ms = 200\nparagraph_pause_ms = 900\n");
    CHECK_INT(vnr_voice_load(path, NULL, &v, NULL, NULL, &d), VNR_OK);
    CHECK_STR(v.name, "test");
    CHECK_STR(v.description, "Thử nghiệm");
    CHECK_STR(v.espeak_voice, "vi-vn-x-south");
    CHECK_STR(v.numbers.thousand, "ngàn");
    CHECK_STR(v.numbers.zero_tens, "lẻ");
    CHECK_STR(v.numbers.four, "bốn");
    CHECK_INT(v.rate, 300);
    CHECK_INT(v.pitch, 40);
    CHECK_INT(v.volume, 120);
    CHECK_INT(v.sentence_pause_ms, 200);
    CHECK_INT(v.paragraph_pause_ms, 900);

    /* A bad value fails with file:line and leaves *out as it was. */
    write_text_file(path, "name = x\nrate = fast\n");
    CHECK_INT(vnr_voice_load(path, NULL, &v, NULL, NULL, &d), VNR_ERR_PARSE);
    CHECK(strstr(d.text, "test.voice:2:") != NULL);
    CHECK_STR(v.name, "test");
    write_text_file(path, "pitch = 101\n");
    CHECK_INT(vnr_voice_load(path, NULL, &v, NULL, NULL, &d), VNR_ERR_PARSE);
    write_text_file(path, "just words\n");
    CHECK_INT(vnr_voice_load(path, NULL, &v, NULL, NULL, &d), VNR_ERR_PARSE);
    CHECK(strstr(d.text, ":1:") != NULL);
    unlink(path);

    /* The shipped voices, by name, with their regional numbers. */
    CHECK_INT(vnr_voice_load("south", VNR_SOURCE_DATADIR, &v, NULL, NULL, &d), VNR_OK);
    CHECK_STR(v.numbers.thousand, "ngàn");
    CHECK_STR(v.espeak_voice, "vi-vn-x-south");
    CHECK_INT(vnr_voice_load("central", VNR_SOURCE_DATADIR, &v, NULL, NULL, &d), VNR_OK);
    CHECK_STR(v.espeak_voice, "vi-vn-x-central");
    CHECK_INT(vnr_voice_load("north", VNR_SOURCE_DATADIR, &v, NULL, NULL, &d), VNR_OK);
    vnr_voice def;
    vnr_voice_init(&def);
    CHECK_STR(v.numbers.zero_tens, def.numbers.zero_tens);
    CHECK_STR(v.espeak_voice, def.espeak_voice);
    CHECK_INT(vnr_voice_load("klingon", VNR_SOURCE_DATADIR, &v, NULL, NULL, &d), VNR_ERR_NOT_FOUND);
    CHECK(strstr(d.text, "klingon") != NULL);
}

void test_voice_unknown_key(void)
{
    vnr_voice v;
    vnr_diag d = {""};
    char warning[256] = "";
    const char *path = tmp_path("future.voice");
    write_text_file(path, "rate = 200\n# later versions\nbreathing = deep\n");
    CHECK_INT(vnr_voice_load(path, NULL, &v, warn_collect, warning, &d), VNR_OK);
    CHECK(strstr(warning, "future.voice:3: unknown key 'breathing'") != NULL);
    CHECK_INT(v.rate, 200);
    CHECK_STR(v.name, "future"); /* no name key: the file name */
    unlink(path);
}

/* --- Synthesis. --------------------------------------------------------------------------------
 */

typedef struct audio_count {
    size_t samples, calls, stop_after;
    int peak;
} audio_count;

static int count_audio(void *user, const int16_t *s, size_t n)
{
    audio_count *c = user;
    c->samples += n;
    for (size_t i = 0; i < n; i++)
        c->peak = abs(s[i]) > c->peak ? abs(s[i]) : c->peak;
    return ++c->calls == c->stop_after;
}

static size_t speak_count(vnr_synth *s, const char *text)
{
    audio_count c = {0};
    vnr_diag d = {""};
    CHECK_INT(vnr_synth_speak(s, text, strlen(text), count_audio, &c, &d), VNR_OK);
    return c.samples;
}

void test_synth_sentence(void)
{
    vnr_voice v;
    vnr_voice_init(&v);
    vnr_synth *s = NULL;
    vnr_diag d = {""};
    CHECK_INT(vnr_synth_new(&v, &s, &d), VNR_OK);
    if (!s) {
        fprintf(stderr, "  synth: %s\n", d.text);
        return;
    }
    CHECK_INT(vnr_synth_sample_rate(s), 22050);

    const char *text = "xin chào các bạn, hôm nay trời đẹp quá";
    audio_count c = {0};
    CHECK_INT(vnr_synth_speak(s, text, strlen(text), count_audio, &c, &d), VNR_OK);
    CHECK(c.samples > 22050 / 2 && c.samples < 22050 * 6); /* about two seconds */
    CHECK(c.peak > 3000);                                  /* speech, not silence */

    /* Returning non-zero stops the sentence at once. */
    audio_count stop = {.stop_after = 1};
    CHECK_INT(vnr_synth_speak(s, text, strlen(text), count_audio, &stop, &d), VNR_ERR_STOPPED);
    CHECK_INT(stop.calls, 1);
    CHECK(stop.samples < c.samples);

    /* Faster is shorter, also above 450 words per minute (libsonic). */
    CHECK_INT(vnr_synth_set_rate(s, 400, NULL), VNR_OK);
    size_t fast = speak_count(s, text);
    CHECK(fast < c.samples * 3 / 4);
    CHECK_INT(vnr_synth_set_rate(s, 800, NULL), VNR_OK);
    CHECK(speak_count(s, text) < fast);
    CHECK_INT(vnr_synth_set_rate(s, 79, NULL), VNR_ERR_INVALID);
    CHECK_INT(vnr_synth_set_rate(s, 901, NULL), VNR_ERR_INVALID);
    CHECK_INT(vnr_synth_set_pitch(s, 101, NULL), VNR_ERR_INVALID);
    CHECK_INT(vnr_synth_set_volume(s, -1, NULL), VNR_ERR_INVALID);

    /* A second synth shares the engine (initialised once) with its own settings. */
    vnr_synth *s2 = NULL;
    CHECK_INT(vnr_synth_new(&v, &s2, &d), VNR_OK);
    if (s2)
        CHECK(speak_count(s2, text) > fast);
    vnr_synth_free(s2);
    vnr_synth_free(s);

    snprintf(v.espeak_voice, sizeof v.espeak_voice, "no-such-voice");
    CHECK_INT(vnr_synth_new(&v, &s2, &d), VNR_ERR_NOT_FOUND);
    CHECK(s2 == NULL);
    vnr_synth_free(NULL);
}

/* --- Sinks. ------------------------------------------------------------------------------------
 */

static vnr_status write_file(const char *path, vnr_format format, const int16_t *s, size_t n,
                             vnr_diag *d)
{
    vnr_sink *sink = NULL;
    vnr_status st = vnr_sink_file_new(path, format, 22050, &sink, d);
    if (st == VNR_OK)
        st = vnr_sink_write(sink, s, n, d);
    if (st == VNR_OK)
        st = vnr_sink_finish(sink, d);
    vnr_sink_free(sink);
    return st;
}

/* Read back: rate, channels, frames and the major format. */
static void check_readback(const char *path, int major, size_t n, size_t slack)
{
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    CHECK(sf != NULL);
    if (!sf) {
        fprintf(stderr, "  %s: %s\n", path, sf_strerror(NULL));
        return;
    }
    CHECK_INT(info.samplerate, 22050);
    CHECK_INT(info.channels, 1);
    CHECK_INT(info.format & SF_FORMAT_TYPEMASK, major);
    CHECK(info.frames >= (sf_count_t)n && info.frames <= (sf_count_t)(n + slack));
    sf_close(sf);
}

void test_sink_formats(void)
{
    size_t n = 22050;
    int16_t *s = sine(n);
    vnr_diag d = {""};
    static const struct {
        const char *name;
        vnr_format format;
        int major;
        size_t slack; /* MP3 decoders add encoder padding */
    } cases[] = {
        {"a.wav", VNR_FORMAT_AUTO, SF_FORMAT_WAV, 0},
        {"a.flac", VNR_FORMAT_AUTO, SF_FORMAT_FLAC, 0},
        {"a.ogg", VNR_FORMAT_AUTO, SF_FORMAT_OGG, 0},
        {"a.mp3", VNR_FORMAT_AUTO, SF_FORMAT_MPEG, 4000},
        {"a.dat", VNR_FORMAT_FLAC, SF_FORMAT_FLAC, 0}, /* --format wins over the extension */
        {"noext", VNR_FORMAT_AUTO, SF_FORMAT_WAV, 0},  /* WAV when nothing says otherwise */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = tmp_path(cases[i].name);
        CHECK_INT(write_file(path, cases[i].format, s, n, &d), VNR_OK);
        check_readback(path, cases[i].major, n, cases[i].slack);
        unlink(path);
    }
    /* Raw: little-endian 16-bit, no header. */
    const char *raw = tmp_path("a.raw");
    CHECK_INT(write_file(raw, VNR_FORMAT_AUTO, s, n, &d), VNR_OK);
    CHECK_INT(file_size(raw), (long)(2 * n));
    unlink(raw);
    CHECK_INT(tmp_entries(), 0);

    CHECK_INT(vnr_format_from_path("x/Tin.MP3"), VNR_FORMAT_MP3);
    CHECK_INT(vnr_format_from_path("a.b/c"), VNR_FORMAT_AUTO);
    CHECK_INT(vnr_format_from_name("ogg"), VNR_FORMAT_OGG);
    CHECK_INT(vnr_format_from_name("aiff"), VNR_FORMAT_AUTO);
    CHECK_STR(vnr_format_name(VNR_FORMAT_RAW), "raw");
    free(s);
}

/* A WAV to a pipe cannot have its length filled in afterwards: it says "unknown". */
void test_sink_stream(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    char path[32];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[1]);
    int16_t samples[100] = {0x1234};
    vnr_diag d = {""};
    CHECK_INT(write_file(path, VNR_FORMAT_WAV, samples, 100, &d), VNR_OK);
    close(fds[1]);
    unsigned char buf[512];
    ssize_t got = read(fds[0], buf, sizeof buf);
    close(fds[0]);
    CHECK_INT(got, 44 + 200);
    CHECK(memcmp(buf,
                 "RIFF\xff\xff\xff\xff"
                 "WAVEfmt ",
                 16) == 0);
    CHECK(buf[44] == 0x34 && buf[45] == 0x12); /* little-endian samples */
}

void test_sink_abort_keeps_old_file(void)
{
    size_t n = 4410;
    int16_t *s = sine(n);
    vnr_diag d = {""};
    const char *old = tmp_path("old.wav");
    write_text_file(old, "keep");
    chmod(old, 0640);

    /* Freed unfinished (Ctrl-C, a failed read): the old file stays, no temporary is left. */
    vnr_sink *sink = NULL;
    CHECK_INT(vnr_sink_file_new(old, VNR_FORMAT_AUTO, 22050, &sink, &d), VNR_OK);
    CHECK_INT(vnr_sink_write(sink, s, n, &d), VNR_OK);
    CHECK_INT(tmp_entries(), 2); /* old.wav and the temporary file */
    vnr_sink_free(sink);
    CHECK_INT(file_size(old), 4);
    CHECK_INT(tmp_entries(), 1);

    /* Finished: replaced in one rename, keeping the old file's permissions. */
    CHECK_INT(write_file(old, VNR_FORMAT_AUTO, s, n, &d), VNR_OK);
    check_readback(old, SF_FORMAT_WAV, n, 0);
    struct stat st;
    CHECK(stat(old, &st) == 0 && (st.st_mode & 0777) == 0640);
    CHECK_INT(tmp_entries(), 1);
    unlink(old);

    /* Failures: clear messages, nothing created. */
    CHECK_INT(write_file("/dev/full", VNR_FORMAT_WAV, s, n, &d), VNR_ERR_IO);
    CHECK(strstr(d.text, "/dev/full") && strstr(d.text, strerror(ENOSPC)));
    CHECK(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode)); /* not renamed over */
    CHECK_INT(write_file("/dev/full", VNR_FORMAT_FLAC, s, n, &d), VNR_ERR_IO);
    CHECK(strstr(d.text, strerror(ENOSPC)) != NULL);
    CHECK_INT(write_file(tmp_path("no/such/dir.wav"), VNR_FORMAT_AUTO, s, n, &d), VNR_ERR_IO);
    CHECK(strstr(d.text, "no/such") != NULL);
    CHECK_INT(write_file(tmp_dir, VNR_FORMAT_AUTO, s, n, &d), VNR_ERR_IS_DIR);
    CHECK_INT(tmp_entries(), 0);

    /* A finished sink refuses more audio instead of writing past its end. */
    CHECK_INT(vnr_sink_file_new(tmp_path("b.raw"), VNR_FORMAT_AUTO, 22050, &sink, &d), VNR_OK);
    CHECK_INT(vnr_sink_finish(sink, &d), VNR_OK);
    CHECK_INT(vnr_sink_write(sink, s, n, &d), VNR_ERR_INVALID);
    vnr_sink_free(sink);
    CHECK_INT(file_size(tmp_path("b.raw")), 0);
    unlink(tmp_path("b.raw"));
    vnr_sink_free(NULL);
    free(s);
}

/* --- The reader. -------------------------------------------------------------------------------
 */

/* Samples the reader makes from text with the given pauses (raw file, 2 bytes a sample). */
static long read_samples(const char *text, const char *text2, int sentence_ms, int paragraph_ms)
{
    vnr_voice v;
    vnr_voice_init(&v);
    v.sentence_pause_ms = sentence_ms;
    v.paragraph_pause_ms = paragraph_ms;
    vnr_lexicon *lex = NULL;
    vnr_reader *r = NULL;
    vnr_sink *sink = NULL;
    vnr_input *in = NULL;
    vnr_diag d = {""};
    const char *path = tmp_path("reader.raw");
    CHECK_INT(vnr_lexicon_new(&lex, NULL), VNR_OK);
    CHECK_INT(vnr_reader_new(&v, lex, &r, &d), VNR_OK);
    CHECK_INT(vnr_sink_file_new(path, VNR_FORMAT_RAW, 22050, &sink, &d), VNR_OK);
    long samples = -1;
    if (r && sink && vnr_reader_add_sink(r, sink, NULL) == VNR_OK) {
        for (const char *t = text; t; t = t == text ? text2 : NULL) {
            CHECK_INT(vnr_input_open_text(t, strlen(t), "text", &in, NULL), VNR_OK);
            CHECK_INT(vnr_reader_read(r, in, &d), VNR_OK);
            vnr_input_free(in);
        }
        CHECK_INT(vnr_sink_finish(sink, &d), VNR_OK);
        samples = file_size(path) / 2;
    }
    vnr_sink_free(sink);
    vnr_reader_free(r);
    vnr_lexicon_free(lex);
    unlink(path);
    return samples;
}

/* eSpeak NG's length for the same text varies by a few hundred samples from call to call, so
 * pauses are checked to within a tenth of a second. */
static bool about(long got, long want)
{
    if (labs(got - want) <= 22050 / 10)
        return true;
    fprintf(stderr, "  %ld samples, want about %ld\n", got, want);
    return false;
}

void test_reader_pauses(void)
{
    /* Pauses go only between sentences: never before the first or after the last. */
    long one = read_samples("Xin chào.", NULL, 0, 0);
    CHECK(one > 22050 / 4);
    CHECK(about(read_samples("Xin chào.", NULL, 1000, 2000), one));
    long two = read_samples("Xin chào. Tạm biệt.", NULL, 0, 0);
    CHECK(about(read_samples("Xin chào. Tạm biệt.", NULL, 1000, 2000), two + 22050));
    /* A line end is a sentence end; a blank line a paragraph break (not both pauses). */
    CHECK(about(read_samples("Xin chào.\nTạm biệt.", NULL, 1000, 2000), two + 22050));
    CHECK(about(read_samples("Xin chào.\n\n\nTạm biệt.", NULL, 1000, 2000), two + 2 * 22050));
    /* A new input starts a new paragraph. */
    CHECK(about(read_samples("Xin chào.", "Tạm biệt.", 1000, 2000), two + 2 * 22050));
    CHECK_INT(tmp_entries(), 0);
}

static void stop_on_progress(void *user, const vnr_progress *p)
{
    (void)p;
    vnr_reader_stop(user);
}

void test_reader_stop(void)
{
    vnr_lexicon *lex = NULL;
    vnr_reader *r = NULL;
    vnr_sink *sink = NULL;
    vnr_input *in = NULL;
    vnr_diag d = {""};
    const char *text = "Câu một.\nCâu hai.\nCâu ba.\n";
    CHECK_INT(vnr_lexicon_new(&lex, NULL), VNR_OK);
    CHECK_INT(vnr_reader_new(NULL, lex, &r, &d), VNR_OK);
    CHECK_INT(vnr_sink_file_new(tmp_path("stop.wav"), VNR_FORMAT_AUTO, 22050, &sink, &d), VNR_OK);
    if (r && sink) {
        vnr_reader_add_sink(r, sink, NULL);
        vnr_reader_set_progress(r, stop_on_progress, r);
        CHECK_INT(vnr_input_open_text(text, strlen(text), "text", &in, NULL), VNR_OK);
        CHECK_INT(vnr_reader_read(r, in, &d), VNR_ERR_STOPPED);
        CHECK_INT(vnr_input_line_number(in), 1); /* stopped after the first line */
        vnr_input_free(in);
    }
    vnr_sink_free(sink); /* unfinished: nothing left behind */
    vnr_reader_free(r);
    vnr_lexicon_free(lex);
    CHECK_INT(tmp_entries(), 0);
}
