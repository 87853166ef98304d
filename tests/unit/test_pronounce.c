/* test_pronounce.c - the pronunciation layer (issue 11): the syllable parser, the rewriting, the
 * user's "[[" never taken as phonemes, and word events still pointing at the words as written. */
#include "test.h"

#include "speech/pronounce.h"

#include <stdlib.h>

static vnr_pron *load_table(const char *voice)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/vi/pronunciation/%s.tsv", vnr_data_dir(), voice);
    vnr_pron *p = NULL;
    vnr_diag diag = {""};
    if (vnr_pron_load(path, &p, &diag) != VNR_OK)
        fprintf(stderr, "%s\n", diag.text);
    return p;
}

/* "onset|glide|nucleus|coda|tone" of a word, or "-" if it is no syllable. */
static const char *parts(const vnr_pron *p, const char *word)
{
    static char out[128];
    vnr_syllable s;
    if (!vnr_pron_parse(p, word, strlen(word), &s))
        return "-";
    snprintf(out, sizeof out, "%s|%s|%s|%s|%d", s.onset, s.glide, s.nucleus, s.coda, s.tone);
    return out;
}

void test_pron_parse(void)
{
    vnr_pron *p = load_table("north");
    CHECK(p != NULL);
    CHECK_STR(parts(p, "quốc"), "qu|w|ô|c|2"); /* qu + ốc, not c + uốc */
    CHECK_STR(parts(p, "cuốc"), "c||uô|c|2");
    CHECK_STR(parts(p, "Quốc"), "qu|w|ô|c|2");
    CHECK_STR(parts(p, "gì"), "g||i||1");        /* g + i: the gi sound with its vowel */
    CHECK_STR(parts(p, "giếng"), "gi||iê|ng|2"); /* gi + iêng, the i written once */
    CHECK_STR(parts(p, "giữa"), "gi||ươ||4");
    CHECK_STR(parts(p, "họa"), "h|w|a||5");
    CHECK_STR(parts(p, "hoạ"), "h|w|a||5");
    CHECK_STR(parts(p, "nghiêng"), "ngh||iê|ng|0");
    CHECK_STR(parts(p, "xoong"), "x||oo|ng|0");
    CHECK_STR(parts(p, "khuya"), "kh|w|iê||0");
    CHECK_STR(parts(p, "cứu"), "c||ư|u|2");
    CHECK_STR(parts(p, "ASEAN"), "-");
    CHECK_STR(parts(p, "phở"), "ph||ơ||3");
    CHECK_STR(parts(p, "wifi"), "-");
    CHECK_STR(parts(p, "hóà"), "-"); /* two tone marks */
    vnr_pron_free(p);
}

static char *rewrite(const vnr_pron *p, const char *text)
{
    vnr_buf out;
    vnr_buf_init(&out);
    CHECK(vnr_pron_rewrite(p, text, strlen(text), &out, NULL));
    return vnr_buf_take(&out, NULL);
}

void test_pron_rewrite(void)
{
    vnr_pron *north = load_table("north"), *south = load_table("south");
    char *s;
    CHECK_STR(s = rewrite(north, "Quốc hội họp."), "[[kw'o#3k]] hội họp.");
    free(s);
    CHECK_STR(s = rewrite(north, "cứu họa"), "[[k'y3w]] hoạ");
    free(s);
    CHECK_STR(s = rewrite(north, "Họa sĩ"), "Hoạ sĩ");
    free(s);
    CHECK_STR(s = rewrite(north, "gió veo vèo"), "gió [[v'Ew]] vèo"); /* a whole-word line */
    free(s);
    CHECK_STR(s = rewrite(south, "trong ra"), "[[cr'O#N]] [[r'a:]]");
    free(s);
    /* The user's brackets: never "[[" in what eSpeak NG gets. */
    CHECK_STR(s = rewrite(NULL, "[[kw'o#3k]]"), "[ [kw'o#3k]]");
    free(s);
    CHECK_STR(s = rewrite(north, "[[[quốc]]"), "[ [ [ [[kw'o#3k]]]]");
    free(s);
    CHECK_STR(s = rewrite(north, "a[\002b"), "a[ b");
    free(s);
    vnr_pron_free(north);
    vnr_pron_free(south);
}

static vnr_synth *north_synth(void)
{
    vnr_voice voice;
    vnr_synth *synth = NULL;
    if (vnr_voice_load("north", vnr_data_dir(), &voice, NULL, NULL, NULL) != VNR_OK ||
        vnr_synth_new(&voice, &synth, NULL) != VNR_OK)
        return NULL;
    return synth;
}

static char *phonemes(vnr_synth *synth, const char *text)
{
    char *out = NULL;
    CHECK_INT(vnr_synth_phonemes(synth, text, strlen(text), VNR_PHONEMES_MNEMONIC, &out, NULL),
              VNR_OK);
    return out;
}

void test_pron_brackets_are_text(void)
{
    vnr_synth *synth = north_synth();
    CHECK(synth != NULL);
    if (!synth)
        return;
    /* Written phonemes are read as the letters they are, never said as "quốc". */
    char *got = phonemes(synth, "[[kw'o#3k]]");
    CHECK(got && !strstr(got, "kw'o#3k") && !strstr(got, "o#3"));
    CHECK(got && strchr(got, ' ')); /* several words: the letters */
    free(got);
    got = phonemes(synth, "quốc");
    CHECK(got && strstr(got, "kw'o#3k"));
    free(got);
    vnr_synth_free(synth);
}

typedef struct words_seen {
    size_t offset[8], len[8];
    int n;
} words_seen;

static void on_word(void *user, size_t offset, size_t len, uint64_t sample)
{
    words_seen *w = user;
    (void)sample;
    if (w->n < 8) {
        w->offset[w->n] = offset;
        w->len[w->n++] = len;
    }
}

static int drop_audio(void *user, const int16_t *samples, size_t n)
{
    (void)user;
    (void)samples;
    (void)n;
    return 0;
}

/* Word events count in the text as given, also across a syllable said as phonemes. */
void test_pron_word_events(void)
{
    vnr_synth *synth = north_synth();
    CHECK(synth != NULL);
    if (!synth)
        return;
    words_seen seen = {{0}, {0}, 0};
    vnr_synth_set_word_fn(synth, on_word, &seen);
    const char *text = "Trung Quốc cứu hộ";
    CHECK_INT(vnr_synth_speak(synth, text, strlen(text), drop_audio, NULL, NULL), VNR_OK);
    CHECK_INT(seen.n, 4);
    CHECK_INT(seen.offset[1], 6);
    CHECK_INT(seen.len[1], strlen("Quốc"));
    CHECK_INT(seen.offset[2], 6 + strlen("Quốc "));
    CHECK_INT(seen.len[2], strlen("cứu"));
    CHECK_INT(seen.offset[3], 6 + strlen("Quốc cứu "));
    vnr_synth_free(synth);
}
