/* pronounce.c - the pronunciation layer (see pronounce.h): a Vietnamese syllable parser and the
 * per-voice rewriting of the syllables eSpeak NG misreads into its phoneme input.
 *
 * Why a layer and not eSpeak's own dictionary: the voice's table is ours, as data, so each
 * dialect choice (Southern "tr" kept apart from "ch", "r" not read as "g") is one line a station
 * can change, and the syllables eSpeak reads well are left to it, keeping its prosody. */
#include "speech/pronounce.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* --- Rules. ------------------------------------------------------------------------------------
 */

/* What a line of a table is about. */
typedef enum rule_kind {
    RULE_ONSET,      /* onset<TAB>spelling<TAB>condition<TAB>phonemes */
    RULE_GLIDE,      /* glide<TAB>w<TAB>condition<TAB>phonemes */
    RULE_NUCLEUS,    /* nucleus<TAB>ô<TAB>coda=c,ng<TAB>o# */
    RULE_CODA,       /* coda<TAB>c<TAB>*<TAB>k */
    RULE_TONE,       /* tone<TAB>sắc<TAB>*<TAB>3 */
    RULE_REWRITE,    /* rewrite<TAB>onset=qu nucleus=ô : such syllables are said as phonemes */
    RULE_RESPELL,    /* respell<TAB>rime=oa,oe,uy : the tone mark moved to the rime's last vowel */
    RULE_WORD,       /* word<TAB>đăk<TAB>d_'a7k : a whole syllable, its phonemes */
    RULE_UNSTRESSED, /* unstressed<TAB>đã : a rewritten function word keeps eSpeak's weak stress */
    RULE_INV_ONSET,  /* syllables.tsv: onset<TAB>spelling */
    RULE_INV_RIME,   /* syllables.tsv: rime<TAB>spelling<TAB>glide<TAB>nucleus<TAB>coda */
    N_KINDS
} rule_kind;

/* The parts a condition can test. */
typedef enum cond_key {
    KEY_ONSET,
    KEY_GLIDE,
    KEY_NUCLEUS,
    KEY_CODA,
    KEY_TONE,
    KEY_RIME,
    N_KEYS
} cond_key;

static const char *const key_names[N_KEYS] = {"onset", "glide", "nucleus", "coda", "tone", "rime"};

/* Tone names as the tables write them, in VNR_TONE_* order. */
static const char *const tone_names[] = {"ngang", "huyền", "sắc", "hỏi", "ngã", "nặng"};

#define MAX_CONDS 4

/* "coda=c,ng" is stored as key KEY_CODA and values "|c|ng|" ("-" stands for no part: "||"). */
typedef struct cond {
    cond_key key;
    char values[64];
} cond;

typedef struct rule {
    rule_kind kind;
    char key[24];                        /* the spelling, syllable or tone the line is about */
    char phonemes[48];                   /* what it is said as (transcription kinds and words) */
    char glide[4], nucleus[12], coda[4]; /* inventory rimes */
    cond conds[MAX_CONDS];
    int n_conds;
} rule;

struct vnr_pron {
    rule *rules; /* grouped by kind after loading, each group in file order */
    size_t n, cap;
    size_t first[N_KINDS + 1]; /* the rules of kind k are [first[k], first[k + 1]) */
};

/* Group the rules by kind, keeping their order (the first line that holds wins), so a lookup
 * only walks its own kind: a sentence is rewritten in microseconds. */
static bool group_rules(vnr_pron *p)
{
    rule *sorted = malloc((p->n ? p->n : 1) * sizeof *sorted);
    if (!sorted)
        return false;
    size_t at = 0;
    for (int k = 0; k < N_KINDS; k++) {
        p->first[k] = at;
        for (size_t i = 0; i < p->n; i++)
            if (p->rules[i].kind == (rule_kind)k)
                sorted[at++] = p->rules[i];
    }
    p->first[N_KINDS] = at;
    free(p->rules);
    p->rules = sorted;
    return true;
}

#define FOR_KIND(p, k, r)                                                                          \
    for (const rule *r = (p)->rules + (p)->first[k]; r < (p)->rules + (p)->first[(k) + 1]; r++)

void vnr_pron_free(vnr_pron *pron)
{
    if (!pron)
        return;
    free(pron->rules);
    free(pron);
}

/* --- Loading. ----------------------------------------------------------------------------------
 */

typedef struct load_ctx {
    const char *path;
    long line_no;
    vnr_diag *diag;
} load_ctx;

static vnr_status bad_line(const load_ctx *c, const char *what)
{
    return vnr_fail(c->diag, VNR_ERR_PARSE, "%s:%ld: %s", c->path, c->line_no, what);
}

/* Copy a field; "-" means an empty part. False if it does not fit. */
static bool copy_part(char *dst, size_t cap, const char *src)
{
    if (strcmp(src, "-") == 0)
        src = "";
    if (strlen(src) >= cap)
        return false;
    memcpy(dst, src, strlen(src) + 1);
    return true;
}

static int tone_from_name(const char *name)
{
    for (int t = 0; t < (int)(sizeof tone_names / sizeof tone_names[0]); t++)
        if (strcmp(tone_names[t], name) == 0)
            return t;
    return -1;
}

/* "onset=qu nucleus=ô" or "*" into r->conds. */
static vnr_status parse_conds(const load_ctx *c, rule *r, char *text)
{
    if (strcmp(text, "*") == 0)
        return VNR_OK;
    for (char *save = NULL, *tok = strtok_r(text, " ", &save); tok;
         tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq || r->n_conds == MAX_CONDS)
            return bad_line(c, "expected conditions like 'onset=qu nucleus=ô' (at most 4)");
        *eq = '\0';
        cond *k = &r->conds[r->n_conds];
        int key = -1;
        for (int i = 0; i < N_KEYS; i++)
            if (strcmp(key_names[i], tok) == 0)
                key = i;
        if (key < 0)
            return bad_line(c, "unknown part (onset, glide, nucleus, coda, tone, rime)");
        k->key = (cond_key)key;
        size_t at = 0;
        k->values[at++] = '|';
        for (char *vsave = NULL, *v = strtok_r(eq + 1, ",", &vsave); v;
             v = strtok_r(NULL, ",", &vsave)) {
            if (strcmp(v, "-") == 0)
                v = "";
            if (key == KEY_TONE && tone_from_name(v) < 0)
                return bad_line(c, "unknown tone (ngang, huyền, sắc, hỏi, ngã, nặng)");
            size_t n = strlen(v);
            if (at + n + 2 > sizeof k->values)
                return bad_line(c, "condition too long");
            memcpy(k->values + at, v, n);
            at += n;
            k->values[at++] = '|';
        }
        k->values[at] = '\0';
        r->n_conds++;
    }
    return VNR_OK;
}

typedef struct kind_def {
    const char *name;
    rule_kind kind;
    int fields; /* tab-separated fields after the kind */
} kind_def;

static const kind_def table_kinds[] = {
    {"onset", RULE_ONSET, 3},     {"glide", RULE_GLIDE, 3}, {"nucleus", RULE_NUCLEUS, 3},
    {"coda", RULE_CODA, 3},       {"tone", RULE_TONE, 3},   {"rewrite", RULE_REWRITE, 1},
    {"respell", RULE_RESPELL, 1}, {"word", RULE_WORD, 2},   {"unstressed", RULE_UNSTRESSED, 1},
};

static const kind_def inventory_kinds[] = {
    {"onset", RULE_INV_ONSET, 1},
    {"rime", RULE_INV_RIME, 4},
};

static vnr_status fill_rule(const load_ctx *c, rule *r, char **f)
{
    bool ok = true;
    switch (r->kind) {
    case RULE_REWRITE:
    case RULE_RESPELL:
        return parse_conds(c, r, f[0]);
    case RULE_WORD:
        ok = copy_part(r->key, sizeof r->key, f[0]) &&
             copy_part(r->phonemes, sizeof r->phonemes, f[1]);
        break;
    case RULE_UNSTRESSED:
    case RULE_INV_ONSET:
        ok = copy_part(r->key, sizeof r->key, f[0]);
        break;
    case RULE_INV_RIME:
        ok = copy_part(r->key, sizeof r->key, f[0]) && copy_part(r->glide, sizeof r->glide, f[1]) &&
             copy_part(r->nucleus, sizeof r->nucleus, f[2]) &&
             copy_part(r->coda, sizeof r->coda, f[3]);
        break;
    default: /* the transcription kinds: spelling, condition, phonemes */
        if (r->kind == RULE_TONE && tone_from_name(f[0]) < 0)
            return bad_line(c, "unknown tone (ngang, huyền, sắc, hỏi, ngã, nặng)");
        ok = copy_part(r->key, sizeof r->key, f[0]) &&
             copy_part(r->phonemes, sizeof r->phonemes, f[2]);
        if (ok)
            return parse_conds(c, r, f[1]);
    }
    return ok ? VNR_OK : bad_line(c, "field too long");
}

static vnr_status parse_table_line(vnr_pron *p, const load_ctx *c, char *line,
                                   const kind_def *kinds, size_t n_kinds)
{
    line[strcspn(line, "\r\n")] = '\0';
    if (!line[0] || line[0] == '#')
        return VNR_OK;
    char *f[6] = {0};
    int n = 0;
    for (char *s = line; s && n < 6; n++) {
        f[n] = s;
        s = strchr(s, '\t');
        if (s)
            *s++ = '\0';
    }
    const kind_def *def = NULL;
    for (size_t i = 0; i < n_kinds; i++)
        if (strcmp(kinds[i].name, f[0]) == 0)
            def = &kinds[i];
    if (!def)
        return bad_line(c, "unknown kind of line");
    if (n - 1 != def->fields)
        return bad_line(c, "wrong number of tab-separated fields");
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        rule *grown = realloc(p->rules, cap * sizeof *grown);
        if (!grown)
            return vnr_fail(c->diag, VNR_ERR_NOMEM, "out of memory");
        p->rules = grown;
        p->cap = cap;
    }
    rule *r = &p->rules[p->n];
    memset(r, 0, sizeof *r);
    r->kind = def->kind;
    vnr_status st = fill_rule(c, r, f + 1);
    if (st == VNR_OK)
        p->n++;
    return st;
}

static vnr_status load_file(vnr_pron *p, const char *path, const kind_def *kinds, size_t n_kinds,
                            vnr_diag *diag)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return vnr_fail(diag, errno == ENOENT ? VNR_ERR_NOT_FOUND : VNR_ERR_IO, "%s: %s", path,
                        strerror(errno));
    load_ctx c = {path, 0, diag};
    char line[512];
    vnr_status st = VNR_OK;
    while (st == VNR_OK && fgets(line, sizeof line, f)) {
        c.line_no++;
        if (strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n')
            st = bad_line(&c, "line too long");
        else
            st = parse_table_line(p, &c, line, kinds, n_kinds);
    }
    if (st == VNR_OK && ferror(f))
        st = vnr_fail(diag, VNR_ERR_IO, "%s: read error", path);
    fclose(f);
    return st;
}

vnr_status vnr_pron_load(const char *path, vnr_pron **out, vnr_diag *diag)
{
    *out = NULL;
    vnr_pron *p = calloc(1, sizeof *p);
    if (!p)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    /* The inventory is the orthography, the same for every voice: syllables.tsv beside it. */
    char inventory[4096];
    const char *slash = strrchr(path, '/');
    snprintf(inventory, sizeof inventory, "%.*ssyllables.tsv", slash ? (int)(slash - path + 1) : 0,
             path);
    vnr_status st = load_file(p, inventory, inventory_kinds,
                              sizeof inventory_kinds / sizeof inventory_kinds[0], diag);
    if (st == VNR_OK)
        st = load_file(p, path, table_kinds, sizeof table_kinds / sizeof table_kinds[0], diag);
    if (st == VNR_OK && !group_rules(p))
        st = vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (st != VNR_OK) {
        vnr_pron_free(p);
        return st;
    }
    *out = p;
    return VNR_OK;
}

/* --- The syllable parser. ----------------------------------------------------------------------
 */

/* Combining marks of NFD Vietnamese: the five tone marks, in VNR_TONE_* order from huyền. */
static const int32_t tone_marks[] = {0x0300, 0x0301, 0x0309, 0x0303, 0x0323};

static int tone_of_mark(int32_t cp)
{
    for (int t = 0; t < (int)(sizeof tone_marks / sizeof tone_marks[0]); t++)
        if (tone_marks[t] == cp)
            return t + 1;
    return -1;
}

/* A base letter with its vowel mark (circumflex, breve, horn): "ô" from 'o' + U+0302. */
static int32_t with_mark(int32_t base, int32_t mark)
{
    static const int32_t pairs[][3] = {
        {'a', 0x0302, 0x00E2}, {'e', 0x0302, 0x00EA}, {'o', 0x0302, 0x00F4},
        {'a', 0x0306, 0x0103}, {'o', 0x031B, 0x01A1}, {'u', 0x031B, 0x01B0},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (pairs[i][0] == base && pairs[i][1] == mark)
            return pairs[i][2];
    return -1;
}

/* Letters of the Vietnamese alphabet (lowercase, without tone). */
static bool is_vietnamese_letter(int32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp != 'f' && cp != 'j' && cp != 'w' && cp != 'z';
    return cp == 0x0111 || cp == 0x00E2 || cp == 0x00EA || cp == 0x00F4 || cp == 0x0103 ||
           cp == 0x01A1 || cp == 0x01B0;
}

/* Lowercase the word, take its one tone mark off; the rest (NFC) into plain. */
static bool strip_tone(const char *word, size_t len, char *plain, size_t cap, int *tone)
{
    size_t at = 0;
    *tone = VNR_TONE_NGANG;
    int marks = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = vnr_utf8_decode(word + i, len - i, &cp);
        if (!n)
            return false;
        i += n;
        utf8proc_int32_t parts[4];
        utf8proc_ssize_t k =
            utf8proc_decompose_char(utf8proc_tolower(cp), parts, 4, UTF8PROC_DECOMPOSE, NULL);
        if (k < 1 || k > 3)
            return false;
        int32_t letter = parts[0];
        for (utf8proc_ssize_t j = 1; j < k; j++) {
            int t = tone_of_mark(parts[j]);
            if (t > 0) {
                *tone = t;
                marks++;
            } else if ((letter = with_mark(letter, parts[j])) < 0) {
                return false;
            }
        }
        if (!is_vietnamese_letter(letter) || at + 4 >= cap)
            return false;
        at += vnr_utf8_encode(letter, plain + at);
    }
    plain[at] = '\0';
    return marks <= 1 && at > 0;
}

static const rule *find_rime(const vnr_pron *p, const char *rime)
{
    FOR_KIND(p, RULE_INV_RIME, r)
    {
        if (strcmp(r->key, rime) == 0)
            return r;
    }
    return NULL;
}

/* rest after onset: the rime it is, with the spelling rules of "qu" and "gi". */
static const rule *rime_after(const vnr_pron *p, const char *onset, const char *rest)
{
    if (strcmp(onset, "gi") == 0 && strncmp(rest, "ê", strlen("ê")) == 0) {
        char joined[24]; /* "giếng" is gi + iêng: the i is written once */
        snprintf(joined, sizeof joined, "i%s", rest);
        return find_rime(p, joined);
    }
    const rule *r = find_rime(p, rest);
    if (r && strcmp(onset, "qu") == 0 && r->glide[0])
        return NULL; /* "quoa" is no syllable; "qu" brings its own glide */
    return r;
}

bool vnr_pron_parse(const vnr_pron *p, const char *word, size_t len, vnr_syllable *out)
{
    char plain[64];
    int tone;
    if (!p || !strip_tone(word, len, plain, sizeof plain, &tone))
        return false;
    /* The longest onset after which a known rime follows ("ngh" before "ng"; "gi" before "g",
     * so "gì" falls back to g + "i"); a vowel-initial syllable last. */
    const rule *best_onset = NULL, *best_rime = NULL;
    FOR_KIND(p, RULE_INV_ONSET, o)
    {
        size_t n = strlen(o->key);
        if (strncmp(plain, o->key, n) != 0)
            continue;
        if (best_onset && strlen(best_onset->key) >= n)
            continue;
        const rule *r = rime_after(p, o->key, plain + n);
        if (r) {
            best_onset = o;
            best_rime = r;
        }
    }
    if (!best_onset)
        best_rime = find_rime(p, plain);
    if (!best_rime)
        return false;
    memset(out, 0, sizeof *out);
    snprintf(out->onset, sizeof out->onset, "%s", best_onset ? best_onset->key : "");
    snprintf(out->rime, sizeof out->rime, "%s", plain + strlen(out->onset));
    bool qu = strcmp(out->onset, "qu") == 0;
    snprintf(out->glide, sizeof out->glide, "%s", qu ? "w" : best_rime->glide);
    snprintf(out->nucleus, sizeof out->nucleus, "%s", best_rime->nucleus);
    snprintf(out->coda, sizeof out->coda, "%s", best_rime->coda);
    out->tone = tone;
    return true;
}

/* --- Matching and transcription. ---------------------------------------------------------------
 */

static const char *part_of(const vnr_syllable *s, cond_key key)
{
    switch (key) {
    case KEY_ONSET:
        return s->onset;
    case KEY_GLIDE:
        return s->glide;
    case KEY_NUCLEUS:
        return s->nucleus;
    case KEY_CODA:
        return s->coda;
    case KEY_TONE:
        return tone_names[s->tone];
    case KEY_RIME:
    default:
        return s->rime;
    }
}

/* Is the part one of "|a|b|"? */
static bool cond_holds(const cond *c, const vnr_syllable *s)
{
    const char *part = part_of(s, c->key);
    size_t n = strlen(part);
    for (const char *v = c->values + 1; *v; v += strcspn(v, "|") + 1)
        if (strncmp(v, part, n) == 0 && v[n] == '|')
            return true;
    return false;
}

static bool rule_holds(const rule *r, const vnr_syllable *s)
{
    for (int i = 0; i < r->n_conds; i++)
        if (!cond_holds(&r->conds[i], s))
            return false;
    return true;
}

/* The first line of kind about key whose condition holds: its phonemes, or NULL. */
static const char *transcribe_part(const vnr_pron *p, rule_kind kind, const char *key,
                                   const vnr_syllable *s)
{
    FOR_KIND(p, kind, r)
    {
        if (strcmp(r->key, key) == 0 && rule_holds(r, s))
            return r->phonemes;
    }
    return NULL;
}

static bool has_rule(const vnr_pron *p, rule_kind kind, const vnr_syllable *s)
{
    FOR_KIND(p, kind, r)
    {
        if (rule_holds(r, s))
            return true;
    }
    return false;
}

static const rule *find_word(const vnr_pron *p, rule_kind kind, const char *lower)
{
    FOR_KIND(p, kind, r)
    {
        if (strcmp(r->key, lower) == 0)
            return r;
    }
    return NULL;
}

/* onset + glide + stress + nucleus + tone + coda, e.g. "kw'o#3k". False if a part has no line. */
static bool transcribe(const vnr_pron *p, const vnr_syllable *s, bool weak, vnr_buf *out)
{
    const char *onset = s->onset[0] ? transcribe_part(p, RULE_ONSET, s->onset, s) : "";
    const char *glide = s->glide[0] ? transcribe_part(p, RULE_GLIDE, s->glide, s) : "";
    const char *nucleus = transcribe_part(p, RULE_NUCLEUS, s->nucleus, s);
    const char *coda = s->coda[0] ? transcribe_part(p, RULE_CODA, s->coda, s) : "";
    const char *tone = transcribe_part(p, RULE_TONE, tone_names[s->tone], s);
    if (!onset || !glide || !nucleus || !coda || !tone)
        return false;
    vnr_buf_puts(out, onset);
    vnr_buf_puts(out, glide);
    vnr_buf_putc(out, weak ? ',' : '\'');
    vnr_buf_puts(out, nucleus);
    vnr_buf_puts(out, tone);
    vnr_buf_puts(out, coda);
    return true;
}

/* --- Respelling: "họa" -> "hoạ", the tone on the rime's last vowel. --------------------------- */

static bool is_vowel_letter(int32_t cp)
{
    if (cp > 0 && cp < 0x80)
        return strchr("aeiouy", (int)cp) != NULL;
    return cp == 0x00E2 || cp == 0x00EA || cp == 0x00F4 || cp == 0x0103 || cp == 0x01A1 ||
           cp == 0x01B0;
}

static void respell(const vnr_syllable *s, const char *word, vnr_buf *out)
{
    char plain[64];
    snprintf(plain, sizeof plain, "%s%s", s->onset, s->rime);
    size_t len = strlen(plain), last = len;
    for (size_t i = strlen(s->onset); i < len;) {
        int32_t cp;
        size_t n = vnr_utf8_decode(plain + i, len - i, &cp);
        if (!n)
            break;
        if (is_vowel_letter(cp))
            last = i;
        i += n;
    }
    int32_t first;
    bool capital = vnr_utf8_decode(word, strlen(word), &first) &&
                   utf8proc_category(first) == UTF8PROC_CATEGORY_LU;
    char nfd[80];
    size_t at = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = vnr_utf8_decode(plain + i, len - i, &cp);
        if (!n)
            return;
        if (i == 0 && capital)
            cp = utf8proc_toupper(cp);
        at += vnr_utf8_encode(cp, nfd + at);
        if (i == last && s->tone != VNR_TONE_NGANG)
            at += vnr_utf8_encode(tone_marks[s->tone - 1], nfd + at);
        i += n;
    }
    nfd[at] = '\0';
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)nfd);
    vnr_buf_puts(out, nfc ? (const char *)nfc : nfd);
    free(nfc);
}

/* --- Rewriting a text. -------------------------------------------------------------------------
 */

typedef struct rewriter {
    vnr_buf *out;
    vnr_pron_map *map;
    bool failed;
} rewriter;

/* Record that out bytes from mark to the end came from input [from, to). */
static void map_to(rewriter *w, size_t mark, size_t from, size_t to)
{
    vnr_pron_map *m = w->map;
    if (!m || w->failed)
        return;
    size_t need = w->out->len + 1;
    if (need > m->cap) {
        size_t cap = need * 2;
        uint32_t *f = realloc(m->from, cap * sizeof *f);
        if (f)
            m->from = f;
        uint32_t *t = f ? realloc(m->to, cap * sizeof *t) : NULL;
        if (!t) {
            w->failed = true;
            return;
        }
        m->to = t;
        m->cap = cap;
    }
    for (size_t i = mark; i < w->out->len; i++) {
        m->from[i] = (uint32_t)from;
        m->to[i] = (uint32_t)to;
    }
}

void vnr_pron_map_free(vnr_pron_map *map)
{
    free(map->from);
    free(map->to);
    memset(map, 0, sizeof *map);
}

static bool is_letter(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
           c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN;
}

/* One word of letters: as phonemes, respelled, or as written. */
static void rewrite_word(const vnr_pron *p, rewriter *w, const char *word, size_t len)
{
    vnr_buf *out = w->out;
    vnr_syllable s;
    char lower[96];
    size_t n_lower = vnr_lower_to(lower, sizeof lower - 1, word, len);
    if (n_lower != (size_t)-1)
        lower[n_lower] = '\0'; /* vnr_lower_to gives a length, not a string */
    if (p && n_lower != (size_t)-1 && vnr_pron_parse(p, word, len, &s)) {
        const rule *exception = find_word(p, RULE_WORD, lower);
        if (exception || has_rule(p, RULE_REWRITE, &s)) {
            size_t mark = out->len;
            /* A space keeps a "[" of the text before it from making "[[[" */
            if (mark && out->data[mark - 1] == '[')
                vnr_buf_putc(out, ' ');
            vnr_buf_puts(out, "[[");
            bool weak = find_word(p, RULE_UNSTRESSED, lower) != NULL;
            if (exception)
                vnr_buf_puts(out, exception->phonemes);
            if (exception || transcribe(p, &s, weak, out)) {
                vnr_buf_puts(out, "]]");
                return;
            }
            out->len = mark; /* a part without a line: leave it to eSpeak */
            out->data[mark] = '\0';
        } else if (has_rule(p, RULE_RESPELL, &s)) {
            char word0[96];
            snprintf(word0, sizeof word0, "%.*s", (int)len, word);
            respell(&s, word0, out);
            return;
        }
    }
    vnr_buf_append(out, word, len);
}

bool vnr_pron_rewrite(const vnr_pron *p, const char *text, size_t len, vnr_buf *out,
                      vnr_pron_map *map)
{
    vnr_buf_clear(out);
    rewriter w = {out, map, false};
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = vnr_utf8_decode(text + i, len - i, &cp);
        size_t mark = out->len;
        if (!n) { /* not UTF-8: passed on as it is */
            vnr_buf_putc(out, text[i]);
            map_to(&w, mark, i, i + 1);
            i++;
            continue;
        }
        if (!is_letter(cp)) {
            /* eSpeak NG takes "[[" as the start of phonemes (and "[" + U+0002 always): the
             * user's brackets get a space between them, control characters become spaces. */
            if (cp == '[' && mark && out->data[mark - 1] == '[')
                vnr_buf_putc(out, ' ');
            if (cp < 0x20 && cp != '\n' && cp != '\t')
                vnr_buf_putc(out, ' ');
            else
                vnr_buf_append(out, text + i, n);
            map_to(&w, mark, i, i + n);
            i += n;
            continue;
        }
        size_t end = i + n;
        while (end < len) {
            size_t k = vnr_utf8_decode(text + end, len - end, &cp);
            if (!k || !is_letter(cp))
                break;
            end += k;
        }
        rewrite_word(p, &w, text + i, end - i);
        map_to(&w, mark, i, end);
        i = end;
    }
    return !out->failed && !w.failed;
}
