/* voice.c - voice profiles: small "key = value" files (voices/north.voice) naming the eSpeak NG
 * voice, the regional way of reading numbers, the default rate and pitch and the pauses. */
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void vnr_voice_init(vnr_voice *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "north");
    snprintf(out->description, sizeof out->description, "Northern (Hà Nội), national news");
    snprintf(out->espeak_voice, sizeof out->espeak_voice, "vi");
    snprintf(out->numbers.thousand, sizeof out->numbers.thousand, "nghìn");
    snprintf(out->numbers.zero_tens, sizeof out->numbers.zero_tens, "linh");
    snprintf(out->numbers.four, sizeof out->numbers.four, "tư");
    out->rate = 165;
    out->pitch = 50;
    out->volume = 100;
    out->sentence_pause_ms = 350;
    out->paragraph_pause_ms = 800;
    snprintf(out->pronunciation, sizeof out->pronunciation, "vi/pronunciation/north.tsv");
}

/* --- Keys: a table, so adding a key is adding a row. ------------------------------------------ */

typedef struct voice_key {
    const char *name;
    size_t offset; /* of the field in vnr_voice */
    size_t size;   /* string fields: the buffer size; 0 for an int field */
    int min, max;  /* int fields: the accepted range */
} voice_key;

#define STR_KEY(key, field)                                                                        \
    {                                                                                              \
        key, offsetof(vnr_voice, field), sizeof(((vnr_voice *)0)->field), 0, 0                     \
    }
#define INT_KEY(key, field, lo, hi)                                                                \
    {                                                                                              \
        key, offsetof(vnr_voice, field), 0, lo, hi                                                 \
    }

static const voice_key voice_keys[] = {
    STR_KEY("name", name),
    STR_KEY("description", description),
    STR_KEY("espeak_voice", espeak_voice),
    STR_KEY("thousand", numbers.thousand),
    STR_KEY("zero_tens", numbers.zero_tens),
    STR_KEY("four", numbers.four),
    INT_KEY("rate", rate, 80, 900),
    INT_KEY("pitch", pitch, 0, 100),
    INT_KEY("volume", volume, 0, 200),
    INT_KEY("sentence_pause_ms", sentence_pause_ms, 0, 10000),
    INT_KEY("paragraph_pause_ms", paragraph_pause_ms, 0, 10000),
    STR_KEY("pronunciation", pronunciation),
};

static const voice_key *find_key(const char *name)
{
    for (size_t i = 0; i < sizeof voice_keys / sizeof voice_keys[0]; i++)
        if (strcmp(voice_keys[i].name, name) == 0)
            return &voice_keys[i];
    return NULL;
}

/* Store value into the field described by key; a message for diag on failure. */
static const char *set_field(vnr_voice *voice, const voice_key *key, const char *value)
{
    char *field = (char *)voice + key->offset;
    if (key->size) {
        if (!*value)
            return "empty value";
        if (strlen(value) >= key->size)
            return "value too long";
        memcpy(field, value, strlen(value) + 1);
        return NULL;
    }
    char *end;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (end == value || *end || errno)
        return "not a whole number";
    if (n < key->min || n > key->max)
        return "out of range";
    *(int *)(void *)field = (int)n;
    return NULL;
}

/* --- Parsing. ----------------------------------------------------------------------------------
 */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

typedef struct voice_parse {
    const char *path;
    vnr_voice *voice;
    vnr_warn_fn warn;
    void *user;
    vnr_diag *diag;
} voice_parse;

static vnr_status parse_line(voice_parse *p, char *line, long line_no)
{
    char *s = trim(line);
    if (!*s || *s == '#')
        return VNR_OK;
    char *eq = strchr(s, '=');
    if (!eq)
        return vnr_fail(p->diag, VNR_ERR_PARSE, "%s:%ld: expected 'key = value'", p->path, line_no);
    *eq = '\0';
    const char *name = trim(s), *value = trim(eq + 1);
    const voice_key *key = find_key(name);
    if (!key) {
        /* Unknown keys are ignored so that newer voice files still load in older programs. */
        if (p->warn) {
            char msg[512];
            snprintf(msg, sizeof msg, "%.400s:%ld: unknown key '%.64s'", p->path, line_no, name);
            p->warn(p->user, msg);
        }
        return VNR_OK;
    }
    const char *err = set_field(p->voice, key, value);
    if (err)
        return vnr_fail(p->diag, VNR_ERR_PARSE, "%s:%ld: %s: %s", p->path, line_no, name, err);
    return VNR_OK;
}

static vnr_status parse_file(voice_parse *p, FILE *f)
{
    char line[1024];
    long line_no = 0;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        /* A UTF-8 byte order mark (Notepad writes one): not part of the first key. */
        if (line_no == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
            memmove(line, line + 3, strlen(line + 3) + 1);
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n')
            return vnr_fail(p->diag, VNR_ERR_PARSE, "%s:%ld: line too long", p->path, line_no);
        vnr_status st = parse_line(p, line, line_no);
        if (st != VNR_OK)
            return st;
    }
    if (ferror(f))
        return vnr_fail(p->diag, VNR_ERR_IO, "%s: %s", p->path, strerror(errno));
    return VNR_OK;
}

/* The name a voice gets when its file has no "name" key: the file name without ".voice". */
static void name_from_path(const char *path, char *out, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 6 && strcmp(base + n - 6, ".voice") == 0)
        n -= 6;
    snprintf(out, size, "%.*s", (int)n, base);
}

static bool is_path(const char *name_or_path)
{
    size_t n = strlen(name_or_path);
    return strchr(name_or_path, '/') || (n >= 6 && strcmp(name_or_path + n - 6, ".voice") == 0);
}

/* "pronunciation = vi/pronunciation/south.tsv" is relative to the voice file's folder, so a voice
 * and its table can be copied together anywhere; a voice file copied alone (an edited
 * south.voice in the user's folder) finds the table in the data folder instead. */
static vnr_status resolve_pronunciation(vnr_voice *voice, const char *path, vnr_diag *diag)
{
    const char *table = voice->pronunciation;
    if (!*table || *table == '/' || strcmp(table, "none") == 0)
        return VNR_OK;
    const char *slash = strrchr(path, '/');
    char full[sizeof voice->pronunciation], shared[sizeof voice->pronunciation];
    int n = snprintf(full, sizeof full, "%.*s%s", slash ? (int)(slash - path + 1) : 0, path, table);
    int k = snprintf(shared, sizeof shared, "%s/%s", vnr_data_dir(), table);
    if (n < 0 || (size_t)n >= sizeof full || k < 0 || (size_t)k >= sizeof shared)
        return vnr_fail(diag, VNR_ERR_PARSE, "%s: pronunciation: path too long", path);
    struct stat st;
    const char *found = stat(full, &st) != 0 && stat(shared, &st) == 0 ? shared : full;
    memmove(voice->pronunciation, found, strlen(found) + 1);
    return VNR_OK;
}

vnr_status vnr_voice_load(const char *name_or_path, const char *voices_dir, vnr_voice *out,
                          vnr_warn_fn warn, void *user, vnr_diag *diag)
{
    if (!name_or_path || !*name_or_path || !out)
        return vnr_fail(diag, VNR_ERR_INVALID, "no voice name");
    char path[4096];
    if (is_path(name_or_path))
        snprintf(path, sizeof path, "%s", name_or_path);
    else
        snprintf(path, sizeof path, "%s/%s.voice", voices_dir ? voices_dir : vnr_data_dir(),
                 name_or_path);
    FILE *f = fopen(path, "r");
    if (!f) {
        vnr_status st = errno == ENOENT ? VNR_ERR_NOT_FOUND : VNR_ERR_IO;
        if (st == VNR_ERR_NOT_FOUND && !is_path(name_or_path))
            return vnr_fail(diag, st, "no voice '%s' (no file %s)", name_or_path, path);
        return vnr_fail(diag, st, "%s: %s", path, strerror(errno));
    }
    /* Work on a copy so a failed load leaves *out as it was. */
    vnr_voice voice;
    vnr_voice_init(&voice);
    voice.pronunciation[0] = '\0'; /* a voice file names its own table, or has none */
    name_from_path(path, voice.name, sizeof voice.name);
    voice_parse p = {path, &voice, warn, user, diag};
    vnr_status st = parse_file(&p, f);
    fclose(f);
    if (st == VNR_OK)
        st = resolve_pronunciation(&voice, path, diag);
    if (st == VNR_OK)
        *out = voice;
    return st;
}

/* --- Where the data lives. ---------------------------------------------------------------------
 */

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Where `make install` puts the voices: from PREFIX when the installed copy was built. */
#ifndef VNR_INSTALL_DATADIR
#define VNR_INSTALL_DATADIR "/usr/local/share/vnreader/voices"
#endif

/* $VNREADER_DATA names the voices folder itself (the Makefile exports it for the tests); a
 * folder holding "voices/" is accepted too. Otherwise an installed program (built by
 * `make install` without VNR_SOURCE_DATADIR) reads only its PREFIX's data: it never depends on
 * the tree it was built in, which may be gone. The uninstalled build/vnreader reads the source
 * tree's voices/, so an edit there is heard at once. */
const char *vnr_data_dir(void)
{
    static char dir[4096];
    const char *env = getenv("VNREADER_DATA");
    if (env && *env) {
        snprintf(dir, sizeof dir, "%s/voices", env);
        if (!is_dir(dir))
            snprintf(dir, sizeof dir, "%s", env);
        return dir;
    }
#ifdef VNR_SOURCE_DATADIR
    if (is_dir(VNR_SOURCE_DATADIR))
        return VNR_SOURCE_DATADIR;
#endif
    return VNR_INSTALL_DATADIR;
}
