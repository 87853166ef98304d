/* en_switch.c - does eSpeak NG switch to English anywhere in normalized text?
 *
 * usage: en_switch ALLOWLIST FILE...   (FILE: the output of vnreader --normalize)
 * Each line is turned into phonemes with espeak_TextToPhonemes; a line whose phonemes hold
 * "(en)" is checked word by word and every switching word not on the allow-list is printed as
 * "FILE:LINE: WORD -> PHONEMES". Exit 1 if there is any. */
#include "vnreader.h"

#include <espeak-ng/speak_lib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char allow[512][128];
static int n_allow;

static void load_allowlist(const char *path)
{
    FILE *fp = fopen(path, "r");
    char line[128];
    if (!fp) {
        fprintf(stderr, "en_switch: %s: cannot open\n", path);
        exit(2);
    }
    while (n_allow < 512 && fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] && line[0] != '#')
            snprintf(allow[n_allow++], sizeof allow[0], "%s", line);
    }
    fclose(fp);
}

static bool allowed(const char *word)
{
    for (int i = 0; i < n_allow; i++)
        if (strcasecmp(allow[i], word) == 0)
            return true;
    return false;
}

/* Phonemes of text, all clauses joined, into out. */
static void phonemes(const char *text, char *out, size_t size)
{
    const void *p = text;
    out[0] = '\0';
    while (p) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        if (ph && strlen(out) + strlen(ph) + 2 < size) {
            strcat(out, ph);
            strcat(out, " ");
        }
    }
}

static int check_line(const char *file, long no, char *line)
{
    static char ph[65536];
    phonemes(line, ph, sizeof ph);
    if (!strstr(ph, "(en)"))
        return 0;
    int bad = 0;
    for (char *w = strtok(line, " \t,.;:!?\"()…"); w; w = strtok(NULL, " \t,.;:!?\"()…")) {
        phonemes(w, ph, sizeof ph);
        if (strstr(ph, "(en)") && !allowed(w)) {
            printf("%s:%ld: %s -> %s\n", file, no, w, ph);
            bad++;
        }
    }
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: en_switch ALLOWLIST FILE...\n");
        return 2;
    }
    load_allowlist(argv[1]);
    vnr_voice voice;
    vnr_synth *synth = NULL;
    vnr_diag diag = {""};
    vnr_voice_init(&voice);
    if (vnr_synth_new(&voice, &synth, &diag) != VNR_OK) { /* initialises eSpeak NG once */
        fprintf(stderr, "en_switch: %s\n", diag.text);
        return 2;
    }
    int bad = 0;
    for (int f = 2; f < argc; f++) {
        FILE *fp = fopen(argv[f], "r");
        if (!fp) {
            fprintf(stderr, "en_switch: %s: cannot open\n", argv[f]);
            return 2;
        }
        char *line = NULL;
        size_t cap = 0;
        long no = 0;
        while (getline(&line, &cap, fp) > 0) {
            no++;
            line[strcspn(line, "\n")] = '\0';
            bad += check_line(argv[f], no, line);
        }
        free(line);
        fclose(fp);
    }
    vnr_synth_free(synth);
    if (bad)
        printf("en_switch: %d word(s) switch to English\n", bad);
    return bad ? 1 : 0;
}
