/* sd_settings.c - the SET command's keys, checked one by one against a table, and the mapping of
 * the protocol's -100..100 scales onto vnreader's. */
#include "sd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sd_settings_default(sd_settings *s)
{
    memset(s, 0, sizeof *s);
    strcpy(s->punctuation, "none");
    strcpy(s->capitals, "none");
    strcpy(s->voice_type, "MALE1");
}

int sd_map_range(int value, int lo, int mid, int hi)
{
    if (value < -100)
        value = -100;
    if (value > 100)
        value = 100;
    if (value < 0)
        return mid + (mid - lo) * value / 100;
    return mid + (hi - mid) * value / 100;
}

static bool parse_scale(const char *value, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < -100 || v > 100)
        return false;
    *out = (int)v;
    return true;
}

/* value must be one of the NULL-terminated words, in any case (the server sends "male1" for
 * MALE1); the table's spelling is stored in dst (size > longest word). */
static bool parse_word(const char *value, const char *const *words, char *dst, size_t size)
{
    for (size_t i = 0; words[i]; i++) {
        if (strcasecmp(value, words[i]) == 0) {
            snprintf(dst, size, "%s", words[i]);
            return true;
        }
    }
    return false;
}

/* "NULL" is how the server says "not set" for strings. */
static bool parse_name(const char *value, char *dst, size_t size)
{
    if (strcmp(value, "NULL") == 0)
        value = "";
    if (strlen(value) >= size)
        return false;
    snprintf(dst, size, "%s", value);
    return true;
}

static const char *const punct_words[] = {"none", "some", "most", "all", NULL};
static const char *const caps_words[] = {"none", "spell", "icon", NULL};
static const char *const voice_types[] = {"MALE1",   "MALE2",   "MALE3",      "FEMALE1",
                                          "FEMALE2", "FEMALE3", "CHILD_MALE", "CHILD_FEMALE",
                                          "NULL",    NULL};

static bool set_spelling(sd_settings *s, const char *value)
{
    if (strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
        return false;
    s->spelling = strcmp(value, "on") == 0;
    return true;
}

bool sd_settings_set(sd_settings *s, const char *key, const char *value)
{
    if (strcmp(key, "rate") == 0)
        return parse_scale(value, &s->rate);
    if (strcmp(key, "pitch") == 0)
        return parse_scale(value, &s->pitch);
    if (strcmp(key, "volume") == 0)
        return parse_scale(value, &s->volume);
    if (strcmp(key, "pitch_range") == 0)
        return parse_scale(value, &s->pitch_range);
    if (strcmp(key, "punctuation_mode") == 0)
        return parse_word(value, punct_words, s->punctuation, sizeof s->punctuation);
    if (strcmp(key, "spelling_mode") == 0)
        return set_spelling(s, value);
    if (strcmp(key, "cap_let_recogn") == 0)
        return parse_word(value, caps_words, s->capitals, sizeof s->capitals);
    if (strcmp(key, "voice") == 0)
        return parse_word(value, voice_types, s->voice_type, sizeof s->voice_type);
    if (strcmp(key, "synthesis_voice") == 0)
        return parse_name(value, s->synthesis_voice, sizeof s->synthesis_voice);
    if (strcmp(key, "language") == 0)
        return parse_name(value, s->language, sizeof s->language);
    return false;
}

/* The symbolic voices of speech-dispatcher (MALE1 ... CHILD_FEMALE) name no dialect, so the
 * first of each group is the default voice and 2 and 3 reach the Central and Southern ones:
 * a listener can switch region from any client that only offers voice types. */
const char *sd_settings_voice_name(const sd_settings *s)
{
    if (s->synthesis_voice[0])
        return s->synthesis_voice;
    size_t n = strlen(s->voice_type);
    char last = n ? s->voice_type[n - 1] : '1';
    if (last == '2')
        return "central";
    if (last == '3')
        return "south";
    return ""; /* the configured default voice */
}
