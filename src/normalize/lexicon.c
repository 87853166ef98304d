/* lexicon.c - vocabulary as data: UTF-8 "key<TAB>reading" files under voices/vi/.
 *
 * One open-addressing hash table per kind; keys and readings live in one arena, so a
 * lookup is a hash, a probe and a memcmp: cheap enough for every token of a 10 MB text. */
#include "core/util.h"
#include "normalize/context.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t hash;
    uint32_t key_len;
    size_t key_off; /* offset into the arena; 0 key_len marks an empty slot */
    union {
        size_t val_off; /* the reading's offset into the arena */
        uint64_t lists; /* context.tsv entries: one bit per list (they have no reading) */
    };
} entry;

/* The key filter of a table: one bit per key, set at the key's filter_hash. */
enum { FILTER_LOG2 = 13, FILTER_WORDS = (1 << FILTER_LOG2) / 64 };

typedef struct {
    entry *slots;
    size_t cap, count;
    size_t max_key; /* the longest key: a longer one is no entry, whatever its length */
    /* Most lookups are of ordinary words that the table does not hold ("những" among the
     * abbreviations, "nghị" among the loanwords). A clear bit proves it without hashing the
     * whole key or touching the slots; a set bit (a key, or a collision) goes on to probe. */
    uint64_t filter[FILTER_WORDS];
} table;

struct vnr_lexicon {
    table tables[VNR_LEX_KINDS + 1]; /* the last: user entries with lowercase keys */
    table lists;                     /* context.tsv: lowercase word -> list bits in .lists */
    size_t list_max_words;
    size_t list_words[VNR_LIST_COUNT]; /* the most words in one entry of each list */
    vnr_buf arena;
};

/* Tables whose keys are stored and looked up in lowercase. */
enum { USER_FOLDED = VNR_LEX_KINDS };

static bool folds_case(int kind)
{
    return kind == VNR_LEX_LOANWORD || kind == VNR_LEX_LETTER || kind == USER_FOLDED;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* A cheap hash for the filter: the first and last four bytes and the length, no loop over
 * the key ("TP.HCM" is "TP.H", ".HCM" and 6). Keys that share all three only share a bit. */
static inline uint32_t filter_hash(const char *s, size_t n)
{
    uint32_t head = 0, tail = 0;
    if (n >= 4) {
        memcpy(&head, s, 4);
        memcpy(&tail, s + n - 4, 4);
    } else {
        for (size_t i = 0; i < n; i++)
            head = head << 8 | (unsigned char)s[i];
    }
    uint32_t h = (head ^ (uint32_t)n << 24) * 0x9E3779B1u ^ tail * 0x85EBCA77u;
    return h >> (32 - FILTER_LOG2);
}

static void filter_add(table *t, const char *key, size_t n)
{
    uint32_t bit = filter_hash(key, n);
    t->filter[bit / 64] |= (uint64_t)1 << (bit % 64);
}

/* False: no key of t is these bytes. True: maybe one is. */
static bool filter_may_hold(const table *t, const char *key, size_t n)
{
    uint32_t bit = filter_hash(key, n);
    return (t->filter[bit / 64] >> (bit % 64)) & 1;
}

vnr_status vnr_lexicon_new(vnr_lexicon **out, vnr_diag *diag)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    vnr_buf_init(&(*out)->arena);
    vnr_buf_putc(&(*out)->arena, '\0'); /* offset 0 is never a key */
    return (*out)->arena.failed ? vnr_fail(diag, VNR_ERR_NOMEM, "out of memory") : VNR_OK;
}

void vnr_lexicon_free(vnr_lexicon *lex)
{
    if (!lex)
        return;
    for (int k = 0; k <= VNR_LEX_KINDS; k++)
        free(lex->tables[k].slots);
    free(lex->lists.slots);
    vnr_buf_free(&lex->arena);
    free(lex);
}

/* Linear probing, tables at most half full (insert grows them): most lookups are misses (an
 * ordinary word is in no table), and a miss at 3/4 full walks ~8 slots, at 1/2 full ~2.5. */
static entry *probe(const vnr_lexicon *lex, const table *t, const char *key, size_t n, uint32_t h)
{
    size_t mask = t->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        entry *e = &t->slots[i];
        if (e->key_len == 0)
            return e;
        if (e->hash == h && e->key_len == n && memcmp(lex->arena.data + e->key_off, key, n) == 0)
            return e;
    }
}

static bool grow(vnr_lexicon *lex, table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    entry *old = t->slots;
    size_t old_cap = t->cap;
    t->slots = calloc(cap, sizeof *t->slots);
    if (!t->slots) {
        t->slots = old;
        return false;
    }
    t->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key_len)
            *probe(lex, t, lex->arena.data + old[i].key_off, old[i].key_len, old[i].hash) = old[i];
    free(old);
    return true;
}

/* Stores key (lowercased when fold) in the arena and finds its slot in t: the existing entry
 * for an equal key, else an empty one (key_len 0) that the caller fills. NULL: out of memory. */
static entry *claim_slot(vnr_lexicon *lex, table *t, const char *key, size_t n, bool fold,
                         size_t *key_off, size_t *stored_len, uint32_t *hash)
{
    if ((t->count + 1) * 2 > t->cap && !grow(lex, t))
        return NULL;
    *key_off = lex->arena.len;
    if (fold)
        vnr_lower_append(&lex->arena, key, n);
    else
        vnr_buf_append(&lex->arena, key, n);
    *stored_len = lex->arena.len - *key_off;
    vnr_buf_putc(&lex->arena, '\0');
    if (lex->arena.failed)
        return NULL;
    if (*stored_len > t->max_key)
        t->max_key = *stored_len;
    filter_add(t, lex->arena.data + *key_off, *stored_len);
    *hash = hash_bytes(lex->arena.data + *key_off, *stored_len);
    return probe(lex, t, lex->arena.data + *key_off, *stored_len, *hash);
}

static vnr_status insert(vnr_lexicon *lex, int kind, const char *key, size_t klen, const char *val,
                         size_t vlen)
{
    table *t = &lex->tables[kind];
    size_t key_off, stored_len;
    uint32_t h;
    entry *e = claim_slot(lex, t, key, klen, folds_case(kind), &key_off, &stored_len, &h);
    if (!e)
        return VNR_ERR_NOMEM;
    size_t val_off = lex->arena.len;
    vnr_buf_append(&lex->arena, val, vlen);
    vnr_buf_putc(&lex->arena, '\0');
    if (lex->arena.failed)
        return VNR_ERR_NOMEM;
    if (!e->key_len)
        t->count++;
    *e = (entry){h, (uint32_t)stored_len, key_off, {.val_off = val_off}}; /* a later entry wins */
    return VNR_OK;
}

static const char *lookup_exact(const vnr_lexicon *lex, int kind, const char *key, size_t n)
{
    const table *t = &lex->tables[kind];
    /* Without the length bound, hashing a 100 KB token per lookup made "TP.TP.TP..." quadratic. */
    if (!t->count || n == 0 || n > t->max_key || !filter_may_hold(t, key, n))
        return NULL;
    entry *e = probe(lex, t, key, n, hash_bytes(key, n));
    return e->key_len ? lex->arena.data + e->val_off : NULL;
}

static const char *lookup_folded(const vnr_lexicon *lex, int kind, const char *key, size_t n)
{
    char low[128]; /* keys are short; a longer token is no entry */
    if (!lex->tables[kind].count)
        return NULL;
    size_t len = vnr_lower_to(low, sizeof low, key, n);
    return len == (size_t)-1 ? NULL : lookup_exact(lex, kind, low, len);
}

const char *vnr_lexicon_lookup_lower(const vnr_lexicon *lex, vnr_lexicon_kind kind,
                                     const char *lower, size_t n)
{
    return lex && folds_case(kind) ? lookup_exact(lex, kind, lower, n) : NULL;
}

const char *vnr_lexicon_lookup(const vnr_lexicon *lex, vnr_lexicon_kind kind, const char *key,
                               size_t key_len)
{
    if (!lex || (unsigned)kind >= VNR_LEX_KINDS)
        return NULL;
    if (folds_case(kind))
        return lookup_folded(lex, kind, key, key_len);
    const char *r = lookup_exact(lex, kind, key, key_len);
    if (!r && kind == VNR_LEX_USER)
        r = lookup_folded(lex, USER_FOLDED, key, key_len);
    return r;
}

static size_t trim_len(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
        n--;
    return n;
}

/* One "key<TAB>reading" line (already cleaned). Returns NULL or the reason it is malformed. */
static const char *parse_line(vnr_lexicon *lex, vnr_lexicon_kind kind, const char *s, size_t n,
                              vnr_status *st)
{
    const char *tab = memchr(s, '\t', n);
    if (!tab)
        return "no tab between key and reading";
    size_t klen = (size_t)(tab - s);
    const char *val = tab + 1;
    while (val < s + n && (*val == '\t' || *val == ' '))
        val++;
    size_t vlen = trim_len(val, (size_t)(s + n - val));
    if (klen == 0)
        return "empty key";
    if (vlen == 0)
        return "empty reading";
    if (memchr(val, '\t', vlen))
        return "more than two columns";
    *st = insert(lex, kind, s, klen, val, vlen);
    if (*st == VNR_OK && kind == VNR_LEX_USER) /* "BIDV" also answers "bidv", "Bidv" */
        *st = insert(lex, USER_FOLDED, s, klen, val, vlen);
    return NULL;
}

/* ---- symbols.tsv: SYMBOL NAME [PUNCTUATION ALONE IN_WORD ADDRESS] (see the file's header) ---- */

enum { SYMBOL_COLUMNS = 6 };

/* The symbol column: one character as itself, or U+XXXX ("U+0023" for '#'). */
static const char *parse_symbol_key(const char *s, size_t n, char *key, size_t *klen)
{
    static const char bad[] = "bad code point after U+ (U+0020 for the space)";
    int32_t cp;
    if (n > 2 && s[0] == 'U' && s[1] == '+') {
        char hex[9] = "";
        char *end;
        if (n - 2 > 6)
            return bad;
        memcpy(hex, s + 2, n - 2);
        if (strspn(hex, "0123456789abcdefABCDEF") != n - 2)
            return bad;
        long v = strtol(hex, &end, 16);
        if (*end || v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            return bad;
        cp = (int32_t)v;
    } else if (vnr_utf8_decode(s, n, &cp) != n) {
        return "the symbol is not one character (write U+XXXX for an invisible one)";
    }
    *klen = vnr_utf8_encode(cp, key);
    return NULL;
}

/* A reading column: '=' the name, '-' silent (stored as ""), else the reading itself. */
static void put_reading(vnr_buf *v, const char *col, size_t n, const char *name, size_t name_len)
{
    if (n == 1 && col[0] == '=')
        vnr_buf_append(v, name, name_len);
    else if (!(n == 1 && col[0] == '-'))
        vnr_buf_append(v, col, n);
    vnr_buf_putc(v, '\0');
}

/* The value stored for a symbol: "name\0level\0alone\0in_word\0address", so a plain lookup
 * returns the name and vnr_lexicon_symbol the rest. */
static const char *parse_symbol_line(vnr_lexicon *lex, const char *s, size_t n, vnr_status *st)
{
    const char *col[SYMBOL_COLUMNS] = {0};
    size_t len[SYMBOL_COLUMNS] = {0}, ncol = 0;
    for (const char *p = s, *end = s + n; p <= end && ncol <= SYMBOL_COLUMNS;) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        const char *stop = tab ? tab : end;
        if (ncol == SYMBOL_COLUMNS)
            return "more than six columns";
        while (ncol && p < stop && *p == ' ') /* the symbol itself may be a space: U+0020 */
            p++;
        col[ncol] = p, len[ncol] = trim_len(p, (size_t)(stop - p)), ncol++;
        p = stop + 1;
    }
    /* The level as one digit, the vnr_punctuation value: "1" some, "2" all, "3" spell only. */
    static const char *const levels[] = {"some", "all", "spell"};
    char level[2] = {ncol > 2 ? '\0' : '0' + VNR_PUNCT_SPELL_ONLY, '\0'};
    for (int i = 0; !level[0] && i < 3; i++)
        if (len[2] == strlen(levels[i]) && memcmp(col[2], levels[i], len[2]) == 0)
            level[0] = (char)('0' + VNR_PUNCT_SOME + i);
    if (len[0] == 0)
        return "empty symbol";
    if (ncol < 2 || len[1] == 0)
        return "no name after the symbol";
    if (!level[0])
        return "the punctuation column is not some, all or spell";
    char key[8];
    size_t klen;
    const char *why = parse_symbol_key(col[0], len[0], key, &klen);
    if (why)
        return why;
    vnr_buf v;
    vnr_buf_init(&v);
    vnr_buf_append(&v, col[1], len[1]);
    vnr_buf_putc(&v, '\0');
    vnr_buf_puts(&v, level);
    vnr_buf_putc(&v, '\0');
    for (size_t i = 3; i < SYMBOL_COLUMNS; i++)
        put_reading(&v, i < ncol ? col[i] : "-", i < ncol ? len[i] : 1, col[1], len[1]);
    *st = v.failed ? VNR_ERR_NOMEM : insert(lex, VNR_LEX_SYMBOL, key, klen, v.data, v.len - 1);
    vnr_buf_free(&v);
    return NULL;
}

bool vnr_lexicon_symbol(const vnr_lexicon *lex, int32_t cp, vnr_symbol *out)
{
    char key[8];
    size_t klen = vnr_utf8_encode(cp, key);
    const char *v = lex ? lookup_exact(lex, VNR_LEX_SYMBOL, key, klen) : NULL;
    if (!v)
        return false;
    out->name = v;
    v += strlen(v) + 1;
    out->level = v[0] - '0';
    v += strlen(v) + 1;
    out->alone = v;
    v += strlen(v) + 1;
    out->in_word = v;
    v += strlen(v) + 1;
    out->address = v;
    return true;
}

/* Parses one non-blank, non-comment line into lex; returns NULL or why the line is malformed
 * (the loader names the file and line), and sets *st when storing it failed. */
typedef const char *line_parser(vnr_lexicon *lex, vnr_lexicon_kind kind, const char *s, size_t n,
                                vnr_status *st);

/* The one loader of every voices/vi table (abbreviations.tsv, context.tsv...): "# comments" and
 * blank lines are skipped; the first malformed line stops it with "path:line: why". */
static vnr_status load_lines(vnr_lexicon *lex, vnr_lexicon_kind kind, const char *path,
                             line_parser *parse, vnr_diag *diag)
{
    vnr_input *in = NULL;
    vnr_status st = vnr_input_open_file(path, &in, diag);
    if (st != VNR_OK)
        return st;
    for (;;) {
        const char *line;
        size_t n;
        st = vnr_input_next_line(in, &line, &n, diag);
        if (st != VNR_OK || !line)
            break;
        if (n == 0 || line[0] == '#' || trim_len(line, n) == 0)
            continue;
        const char *why = parse(lex, kind, line, n, &st);
        if (why) {
            st = vnr_fail(diag, VNR_ERR_PARSE, "%s:%ld: %s", path, vnr_input_line_number(in), why);
            break;
        }
        if (st != VNR_OK)
            break;
    }
    vnr_input_free(in);
    return st;
}

static const char *parse_kind_line(vnr_lexicon *lex, vnr_lexicon_kind kind, const char *s, size_t n,
                                   vnr_status *st)
{
    return kind == VNR_LEX_SYMBOL ? parse_symbol_line(lex, s, n, st)
                                  : parse_line(lex, kind, s, n, st);
}

vnr_status vnr_lexicon_load_file(vnr_lexicon *lex, vnr_lexicon_kind kind, const char *path,
                                 vnr_diag *diag)
{
    if ((unsigned)kind >= VNR_LEX_KINDS)
        return vnr_fail(diag, VNR_ERR_INVALID, "%s: unknown lexicon kind", path);
    return load_lines(lex, kind, path, parse_kind_line, diag);
}

/* ---- context lists (context.tsv): "list<TAB>word or phrase" ------------------------------ */

static const char *const list_names[VNR_LIST_COUNT] = {
    [VNR_LIST_DATE_INTRO] = "date_intro",
    [VNR_LIST_DAY] = "day",
    [VNR_LIST_DAY_AFTER] = "day_after",
    [VNR_LIST_DATE_LINK] = "date_link",
    [VNR_LIST_DATE_PREP] = "date_prep",
    [VNR_LIST_AMOUNT] = "amount",
    [VNR_LIST_FRACTION_BEFORE] = "fraction_before",
    [VNR_LIST_FRACTION_AFTER] = "fraction_after",
    [VNR_LIST_SCALE] = "scale",
    [VNR_LIST_SCORE] = "score",
    [VNR_LIST_CALL] = "call",
    [VNR_LIST_CALL_LINK] = "call_link",
    [VNR_LIST_ROMAN] = "roman",
    [VNR_LIST_ROMAN_LOWER] = "roman_lower",
    [VNR_LIST_ROMAN_JOIN] = "roman_join",
    [VNR_LIST_TIMING] = "timing",
    [VNR_LIST_CODE] = "code",
    [VNR_LIST_UNIT_BEFORE] = "unit_before",
    [VNR_LIST_COUNT_CODE] = "count_code",
    [VNR_LIST_TALLY] = "tally",
    [VNR_LIST_SPELL_AFTER] = "spell_after",
    [VNR_LIST_WEB_DOMAIN] = "web_domain",
    [VNR_LIST_HOUSE] = "house",
    [VNR_LIST_HOUSE_STREET] = "house_street",
    [VNR_LIST_STREET] = "street",
    [VNR_LIST_INITIALS] = "initials",
    [VNR_LIST_WHOLE] = "whole",
    [VNR_LIST_DOCUMENT] = "document",
    [VNR_LIST_PERSON] = "person",
    [VNR_LIST_PHRASE_CLAUSE] = "phrase_clause",
    [VNR_LIST_PHRASE_SAID] = "phrase_said",
    [VNR_LIST_PHRASE_PREP] = "phrase_prep",
    [VNR_LIST_PHRASE_COPULA] = "phrase_copula",
    [VNR_LIST_PHRASE_OF] = "phrase_of",
    [VNR_LIST_TITLE] = "title",
    [VNR_LIST_COUNTED] = "counted",
};

vnr_list vnr_list_from_name(const char *name, size_t n)
{
    for (int k = 0; k < VNR_LIST_COUNT; k++)
        if (strlen(list_names[k]) == n && memcmp(list_names[k], name, n) == 0)
            return (vnr_list)k;
    return VNR_LIST_COUNT;
}

/* The bits live where a reading's offset would: a list entry has no reading to point at. */
static vnr_status insert_list_word(vnr_lexicon *lex, vnr_list list, const char *w, size_t n)
{
    table *t = &lex->lists;
    size_t key_off, stored_len;
    uint32_t h;
    entry *e = claim_slot(lex, t, w, n, true, &key_off, &stored_len, &h);
    if (!e)
        return VNR_ERR_NOMEM;
    const char *k = lex->arena.data + key_off;
    if (!e->key_len) {
        t->count++;
        *e = (entry){h, (uint32_t)stored_len, key_off, {.lists = 0}};
    }
    e->lists |= (uint64_t)1 << list;
    size_t words = 1;
    for (size_t i = 0; i < stored_len; i++)
        words += k[i] == ' ';
    if (words > lex->list_max_words)
        lex->list_max_words = words;
    if (words > lex->list_words[list])
        lex->list_words[list] = words;
    return VNR_OK;
}

uint64_t vnr_lexicon_lists(const vnr_lexicon *lex, const char *lower, size_t n)
{
    const table *t = lex ? &lex->lists : NULL;
    if (!t || !t->count || n == 0 || n > t->max_key || !filter_may_hold(t, lower, n))
        return 0;
    entry *e = probe(lex, t, lower, n, hash_bytes(lower, n));
    return e->key_len ? e->lists : 0;
}

size_t vnr_lexicon_list_max_words(const vnr_lexicon *lex)
{
    return lex ? lex->list_max_words : 0;
}

size_t vnr_lexicon_list_words(const vnr_lexicon *lex, vnr_list list)
{
    return lex && (unsigned)list < VNR_LIST_COUNT ? lex->list_words[list] : 0;
}

/* One "list<TAB>word" line; NULL or why it is malformed. */
static const char *parse_list_line(vnr_lexicon *lex, vnr_lexicon_kind kind, const char *s, size_t n,
                                   vnr_status *st)
{
    (void)kind; /* context.tsv names its list on each line: "day<TAB>mùng" */
    const char *tab = memchr(s, '\t', n);
    if (!tab)
        return "no tab between list name and word";
    vnr_list list = vnr_list_from_name(s, (size_t)(tab - s));
    if (list == VNR_LIST_COUNT)
        return "unknown list name (see src/normalize/context.h)";
    const char *w = tab + 1;
    size_t wn = trim_len(w, (size_t)(s + n - w));
    if (wn == 0)
        return "empty word";
    if (memchr(w, '\t', wn))
        return "more than two columns";
    *st = insert_list_word(lex, list, w, wn);
    return NULL;
}

static vnr_status load_lists(vnr_lexicon *lex, const char *path, vnr_diag *diag)
{
    return load_lines(lex, VNR_LEX_KINDS /* lists are no lexicon kind */, path, parse_list_line,
                      diag);
}

static vnr_status load_if_present(vnr_lexicon *lex, vnr_lexicon_kind kind, const char *path,
                                  bool required, vnr_diag *diag)
{
    vnr_diag local;
    vnr_status st = vnr_lexicon_load_file(lex, kind, path, &local);
    if (st == VNR_ERR_NOT_FOUND && !required)
        return VNR_OK;
    if (st != VNR_OK && diag)
        *diag = local;
    return st;
}

vnr_status vnr_lexicon_load_default(vnr_lexicon *lex, const char *voices_dir, vnr_diag *diag)
{
    static const struct {
        const char *file;
        vnr_lexicon_kind kind;
    } files[] = {
        {"abbreviations.tsv", VNR_LEX_ABBREVIATION},
        {"units.tsv", VNR_LEX_UNIT},
        {"currencies.tsv", VNR_LEX_CURRENCY},
        {"loanwords.tsv", VNR_LEX_LOANWORD},
        {"letters.tsv", VNR_LEX_LETTER},
        {"symbols.tsv", VNR_LEX_SYMBOL},
        {"keys.tsv", VNR_LEX_KEY},
    };
    char path[4096];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/vi/%s", voices_dir, files[i].file);
        vnr_status st = load_if_present(lex, files[i].kind, path, true, diag);
        if (st != VNR_OK)
            return st;
    }
    snprintf(path, sizeof path, "%s/vi/context.tsv", voices_dir);
    vnr_status st = load_lists(lex, path, diag);
    if (st != VNR_OK)
        return st;
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    char config[3072]; /* leaves room in path for "/symbols.tsv" */
    if (xdg && *xdg)
        snprintf(config, sizeof config, "%s/vnreader", xdg);
    else if (home && *home)
        snprintf(config, sizeof config, "%s/.config/vnreader", home);
    else
        return VNR_OK;
    snprintf(path, sizeof path, "%s/lexicon.tsv", config);
    st = load_if_present(lex, VNR_LEX_USER, path, false, diag);
    if (st != VNR_OK)
        return st;
    snprintf(path, sizeof path, "%s/symbols.tsv", config); /* the user's own symbol names */
    return load_if_present(lex, VNR_LEX_SYMBOL, path, false, diag);
}
