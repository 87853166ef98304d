/* words.c - reading word-like text: lexicon entries, Vietnamese syllables, spelled letters.
 * Shared by the text rules, unit reading and codes ("U23", "Covid-19", "QH14"). */
#include "normalize/context.h"
#include "normalize/normalizer.h"

#include <string.h>
#include <utf8proc.h>

/* The base Latin letter of a Vietnamese letter, lowercase: "Ấ" -> 'a', "đ" -> 'd'. */
static char base_letter(int32_t cp)
{
    if (cp == 0x0110 || cp == 0x0111)
        return 'd';
    if (cp >= 0x80) {
        utf8proc_int32_t dec[4];
        int last = 0;
        utf8proc_ssize_t k = utf8proc_decompose_char(cp, dec, 4, UTF8PROC_DECOMPOSE, &last);
        if (k < 1 || dec[0] >= 0x80)
            return 0;
        cp = dec[0];
    }
    cp |= 0x20;
    return cp >= 'a' && cp <= 'z' ? (char)cp : 0;
}

/* Fold s to lowercase ASCII base letters; false if a character is not a letter. */
static bool fold_ascii(const char *s, size_t n, char *out, size_t cap, size_t *len)
{
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t step = vnr_utf8_decode(s + i, n - i, &cp);
        char b = step ? base_letter(cp) : 0;
        if (!b || k + 1 >= cap)
            return false;
        out[k++] = b;
        i += step;
    }
    out[k] = '\0';
    *len = k;
    return true;
}

static size_t prefix_in(const char *s, const char *const *set)
{
    size_t best = 0;
    for (size_t i = 0; set[i]; i++) {
        size_t k = strlen(set[i]);
        if (k > best && strncmp(s, set[i], k) == 0)
            best = k;
    }
    return best;
}

/* One Vietnamese syllable: onset, one to three vowels, coda ("nghiêng", "HÀ", "Ở").
 * Used to tell a capitalised headline word ("NỘI") from an acronym to spell ("HCM"). */
bool vnr_is_syllable(const char *s, size_t n)
{
    static const char *const onsets[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu",
                                         "th",  "tr", "b",  "c",  "d",  "g",  "h",  "k",  "l",
                                         "m",   "n",  "p",  "r",  "s",  "t",  "v",  "x",  NULL};
    static const char *const codas[] = {"ng", "nh", "ch", "c", "m", "n", "p", "t", NULL};
    char a[32];
    size_t len;
    if (n == 0 || !fold_ascii(s, n, a, sizeof a, &len))
        return false;
    bool ascii = len == n; /* no diacritics at all: "cuu" is not "cứu" */
    size_t i = prefix_in(a, onsets);
    size_t v = 0;
    while (i + v < len && strchr("aeiouy", a[i + v]))
        v++;
    if (v == 0 && !(i == 2 && a[0] == 'g' && a[1] == 'i')) /* "gì" */
        return false;
    if (v > 3 || (v >= 2 && a[i] == a[i + 1] && a[i] != 'o' && (a[i] != 'u' || ascii)))
        return false; /* "II", "AA", "cuu": not Vietnamese ("xoong", "hưu" are) */
    /* Only the vowel groups Vietnamese writes (diacritics folded: "ươi" is "uoi"): "UAE", "BAE",
     * "OU", "EA" are acronyms to spell ("u a e", "bê a e"), not syllables. */
    static const char *const groups[] = {
        "ai",  "ao",  "au",  "ay",  "eo",  "eu",  "ia",  "ie",  "iu",  "oa",  "oe",
        "oi",  "oo",  "ua",  "ue",  "ui",  "uo",  "uu",  "uy",  "ye",  "oai", "oao",
        "oay", "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", "ieu", "yeu", NULL};
    bool known = v <= 1; /* none: "gì", its i is part of gi- */
    for (size_t g = 0; !known && groups[g]; g++)
        known = strlen(groups[g]) == v && memcmp(groups[g], a + i, v) == 0;
    if (!known)
        return false;
    /* "oo" only before -ng or -c ("xoong", "quần soóc"): "COO", "BOO" are acronyms */
    bool oo = v >= 2 && a[i] == 'o' && a[i + 1] == 'o';
    i += v;
    if (oo && (i == len || !(a[i] == 'c' || (a[i] == 'n' && a[i + 1] == 'g'))))
        return false;
    if (i == len)
        return true;
    size_t coda = prefix_in(a + i, codas);
    /* a stop coda needs a sắc or nặng tone: "EC", "MIT" are no Vietnamese syllables */
    if (ascii && coda == len - i && strchr("cpt", a[i]))
        return false;
    return coda == len - i && len - i > 0;
}

bool vnr_is_headline_word(const char *s, size_t n)
{
    bool accent = false;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = vnr_utf8_decode(s + i, n - i, &cp);
        if (!k || utf8proc_category(cp) != UTF8PROC_CATEGORY_LU)
            return false;
        accent |= cp > 0x7F;
        i += k;
    }
    return accent && vnr_is_syllable(s, n);
}

void vnr_spell(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = vnr_utf8_decode(s + i, n - i, &cp);
        if (!k) {
            i++;
            continue;
        }
        char enc[4];
        size_t el = vnr_utf8_encode(utf8proc_tolower(cp), enc);
        const char *name = vnr_lexicon_lookup(c->lex, VNR_LEX_LETTER, enc, el);
        if (!name && cp >= '0' && cp <= '9')
            name = vnr_digit_names[cp - '0'];
        if (!name) { /* an accented vowel missing from letters.tsv: its base letter */
            char b = base_letter(cp);
            name = b ? vnr_lexicon_lookup(c->lex, VNR_LEX_LETTER, &b, 1) : NULL;
        }
        if (name)
            vnr_buf_word(out, name);
        i += k;
    }
}

void vnr_put_plain(vnr_buf *out, const char *s, size_t n)
{
    if (out->len && out->data[out->len - 1] != ' ' && out->data[out->len - 1] != '\n')
        vnr_buf_putc(out, ' ');
    size_t run = 0; /* copied in runs: only "ọa" and inner hyphens change */
    for (size_t i = 0; i < n; i++) {
        /* eSpeak NG misreads new-style "ọa" (họa, tọa độ); "oạ" is read right. */
        if (s[i] == '\xe1' && i + 4 <= n &&
            (memcmp(s + i, "\u1ecda", 4) == 0 || memcmp(s + i, "\u1ecca", 4) == 0)) {
            vnr_buf_append(out, s + run, i - run);
            vnr_buf_append(out, s[i + 2] == '\x8d' ? "o\u1ea1" : "O\u1ea1", 4);
            i += 3, run = i + 1;
        } else if (s[i] == '-' && i > 0 && i + 1 < n) { /* "Bà Rịa-Vũng Tàu": a join, no pause */
            vnr_buf_append(out, s + run, i - run);
            vnr_buf_putc(out, ' ');
            run = i + 1;
        }
    }
    vnr_buf_append(out, s + run, n - run);
}

static bool all_upper_letters(const char *s, size_t n, size_t *letters)
{
    *letters = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = vnr_utf8_decode(s + i, n - i, &cp);
        if (!k || utf8proc_category(cp) != UTF8PROC_CATEGORY_LU)
            return false;
        (*letters)++;
        i += k;
    }
    return *letters > 0;
}

static const char *lexicon_word(const vnr_ctx *c, const char *s, size_t n)
{
    const char *r = vnr_lexicon_lookup(c->lex, VNR_LEX_USER, s, n);
    if (!r)
        r = vnr_lexicon_lookup(c->lex, VNR_LEX_ABBREVIATION, s, n);
    if (!r)
        r = vnr_lexicon_lookup(c->lex, VNR_LEX_LOANWORD, s, n);
    if (!r && n > 1)
        r = vnr_lexicon_lookup(c->lex, VNR_LEX_CURRENCY, s, n); /* "USD/VND" */
    return r;
}

/* Letters only: a known word, else as vnr_say_plain_letters reads capitals (spelled acronym,
 * capitalised syllable, plain word). */
static void say_letters(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n)
{
    const char *r = lexicon_word(c, s, n);
    if (r)
        vnr_buf_word(out, r);
    else
        vnr_say_plain_letters(out, c, s, n, true); /* "XYZ" -> "ích xì i dài dét" */
}

static bool is_digit_at(const char *s, size_t i)
{
    return s[i] >= '0' && s[i] <= '9';
}

static bool is_letter_at(const char *s, size_t n, size_t i, size_t *k)
{
    int32_t cp;
    *k = vnr_utf8_decode(s + i, n - i, &cp);
    if (!*k) {
        *k = 1;
        return false;
    }
    return cp > 0x7F ? utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO
                     : ((cp | 32) >= 'a' && (cp | 32) <= 'z');
}

/* "LPBank", "MBBank": capitals glued to a capitalised word. Where that word starts
 * (after two or more capitals, one capital and two or more small letters to the end), else 0. */
static size_t acronym_word_cut(const char *s, size_t n)
{
    size_t caps = 0;
    while (caps < n && s[caps] >= 'A' && s[caps] <= 'Z')
        caps++;
    if (caps < 3 || caps == n)
        return 0;
    for (size_t i = caps; i < n; i++)
        if (s[i] < 'a' || s[i] > 'z')
            return 0;
    return n - caps >= 2 ? caps - 1 : 0;
}

void vnr_say_plain_letters(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n, bool has_upper)
{
    size_t letters, cut = has_upper ? acronym_word_cut(s, n) : 0;
    const char *tail = cut ? lexicon_word(c, s + cut, n - cut) : NULL;
    if (tail) { /* "LPBank" -> e lờ pê banh; "VNDirect", "KEYOne" stay names as written */
        vnr_spell(out, c, s, cut);
        vnr_buf_word(out, tail);
    } else if (!has_upper)
        vnr_put_plain(out, s, n); /* the common case: an ordinary lowercase word */
    else if (all_upper_letters(s, n, &letters) && !vnr_is_syllable(s, n))
        vnr_spell(out, c, s, n);
    else if (letters > 1 && all_upper_letters(s, n, &letters)) {
        if (out->len && out->data[out->len - 1] != ' ' && out->data[out->len - 1] != '\n')
            vnr_buf_putc(out, ' ');
        vnr_lower_append(out, s, n);
    } else
        vnr_put_plain(out, s, n);
}

/* A symbol inside a token ("5%/năm", "R&D", "A+", "30°"): its in-word reading from
 * symbols.tsv, "" for the silent ones; *k is its length. A dot between digits is read by its
 * name ("4.0", "3.5.2" -> "ba chấm năm chấm hai"). */
static const char *inner_symbol(const vnr_ctx *c, const char *s, size_t n, size_t i, size_t *k)
{
    int32_t cp;
    vnr_symbol sym;
    *k = vnr_utf8_decode(s + i, n - i, &cp);
    if (!*k) {
        *k = 1;
        return "";
    }
    if (!vnr_lexicon_symbol(c->lex, cp, &sym))
        return "";
    bool between_digits = i > 0 && i + 1 < n && is_digit_at(s, i - 1) && is_digit_at(s, i + 1);
    if (cp == '#' && i == 0 && i + 1 < n && is_digit_at(s, 1))
        return sym.alone; /* "Superman #1" -> số một; a hashtag "#MeToo" stays silent */
    return cp == '.' && between_digits ? sym.name : sym.in_word;
}

/* Is the letter run s[i..j) of a mixed token spelled? A single letter ("12A"), a short run that
 * is no word ("QL1A"), and a capital run next to a digit that the lexicon does not know:
 * chemical formulas and indices "CO2" (xê ô hai), "NO2", "PM2.5", not "co hai". */
static bool spell_in_code(const vnr_ctx *c, const char *s, size_t n, size_t i, size_t j)
{
    size_t letters;
    if (j - i == 1)
        return true;
    bool by_digit = (i > 0 && is_digit_at(s, i - 1)) || (j < n && is_digit_at(s, j));
    /* "OA-1K": capitals a dash away from digits are a code's letters too ("Il-114" a name) */
    bool dash_digit = (j + 1 < n && s[j] == '-' && is_digit_at(s, j + 1)) ||
                      (i > 1 && s[i - 1] == '-' && is_digit_at(s, i - 2));
    if (dash_digit && j - i <= 4 && all_upper_letters(s + i, j - i, &letters) &&
        !lexicon_word(c, s + i, j - i))
        return true;
    const char *r = lexicon_word(c, s + i, j - i);
    if (r) /* "QH15" -> quốc hội mười lăm, "COVID-19"; but a place name by a digit is an
            * index's or a code's letters: "VN30" -> vê en ba mươi, not "Việt Nam ba mươi" */
        return by_digit && r[0] >= 'A' && r[0] <= 'Z';
    if (by_digit && j - i <= 4 && all_upper_letters(s + i, j - i, &letters))
        return true;
    /* "QL", "TX-L"; a lower-case or capitalised part stays a word: "al-Nuaimah", "al-Bab" */
    bool all_upper = all_upper_letters(s + i, j - i, &letters);
    return j - i <= 3 && (all_upper || by_digit) && !vnr_is_syllable(s + i, j - i);
}

/* Is the word after a slash a unit or a period ("ngày", "kg"), so that the slash reads "trên"? */
static bool rate_after(const vnr_ctx *c, const char *s, size_t n)
{
    size_t j = 0, k;
    while (j < n && is_letter_at(s, n, j, &k))
        j += k;
    /* lower case only: "57-NQ/TW" is a code (TW is also terawatt) */
    return j > 0 && !(s[0] >= 'A' && s[0] <= 'Z') && vnr_lexicon_lookup(c->lex, VNR_LEX_UNIT, s, j);
}

/* Is the run of letters ending at s[i] a prefix of context.tsv's count_code list, after which a
 * code's number counts: "BN2812" (bệnh nhân hai nghìn tám trăm mười hai)? Model names keep
 * their digits ("CB1100" -> một một không không), so the prefixes are listed, not guessed. */
static bool counted_before(const vnr_ctx *c, const char *s, size_t i)
{
    char low[8];
    if (i >= sizeof low)
        return false;
    for (size_t k = 0; k < i; k++) {
        if (!((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z'))
            return false; /* only a leading run of ASCII letters: "BN2812" */
        low[k] = (char)(s[k] | 0x20);
    }
    return (vnr_lexicon_lists(c->lex, low, i) >> VNR_LIST_COUNT_CODE) & 1;
}

void vnr_say_word(vnr_buf *out, const vnr_ctx *c, const char *s, size_t n)
{
    const char *r = lexicon_word(c, s, n);
    if (r) {
        vnr_buf_word(out, r);
        return;
    }
    /* Runs of letters and digits: "U23" -> "u hai mươi ba", "H5N1", "Covid-19", "QH14". */
    bool counted = false; /* the last run was a number after a known word: "BN2812" */
    for (size_t i = 0; i < n;) {
        size_t j = i, k;
        vnr_num num;
        size_t got = is_digit_at(s, i) ? vnr_parse_num(s + i, n - i, &num) : 0;
        /* "2,5D" -> hai phẩy năm dê: a decimal comma followed by a letter or the end */
        bool decimal = got && num.nfrac && !num.dot_decimal &&
                       (i + got == n || !is_digit_at(s, i + got)) &&
                       s[i + got - num.nfrac - 1] == ',';
        /* a grouped number, but not the start of "192.168.1.1" */
        if (got && (num.grouped || decimal) &&
            !(i + num.len + 1 < n && s[i + num.len] == '.' && is_digit_at(s, i + num.len + 1))) {
            vnr_say_num(out, c->ns, &num); /* "1.080p" -> một nghìn không trăm tám mươi pê */
            j = i + num.len;
        } else if (is_digit_at(s, i)) {
            while (j < n && is_digit_at(s, j))
                j++;
            /* "C03" -> xê không ba: a code keeps its leading zero; "DIFF2017": a year */
            bool year = j - i == 4 && (memcmp(s + i, "19", 2) == 0 || memcmp(s + i, "20", 2) == 0);
            /* after a word the number counts: "BN2812" -> bệnh nhân hai nghìn tám trăm mười hai,
             * and so does the end of its range, "BN2915-2928" -> ... đến hai nghìn ... */
            bool after_word = i > 0 && s[i] != '0' && j - i <= 6 && counted_before(c, s, i);
            counted = after_word;
            if ((j - i <= 3 && (s[i] != '0' || j - i == 1)) || year || after_word)
                vnr_say_integer(out, c->ns, s + i, j - i);
            else
                vnr_say_digits(out, s + i, j - i);
        } else if (is_letter_at(s, n, i, &k)) {
            while (j < n && is_letter_at(s, n, j, &k))
                j += k;
            if (j == n && i == 0)
                say_letters(out, c, s, n);
            else if (spell_in_code(c, s, n, i, j))
                vnr_spell(out, c, s + i, j - i); /* "12A" -> "mười hai a", "QL"; not "Anh/chị" */
            else
                say_letters(out, c, s + i, j - i);
        } else {
            const char *name = inner_symbol(c, s, n, i, &k);
            if (s[i] == '/' && i > 0 && rate_after(c, s + i + 1, n - i - 1))
                name = "trên"; /* "12m đường hầm/ngày" -> đường hầm trên ngày; "Anh/chị" */
            if (counted && s[i] == '-' && i + 1 < n && is_digit_at(s, i + 1) && s[i + 1] != '0') {
                vnr_buf_word(out, "đến");
                k = 1;
                while (i + k < n && is_digit_at(s, i + k))
                    k++;
                vnr_say_integer(out, c->ns, s + i + 1, k - 1);
                name = "";
            }
            counted = false;
            vnr_buf_word(out, name);
            j += k; /* other symbols inside a word carry no sound */
        }
        i = j;
    }
}
