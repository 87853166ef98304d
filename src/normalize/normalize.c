/* normalize.c - the normalizer's front: lines in, words out, one output line per input line.
 *
 * Each line is tokenized, each token handed to the first rule of the classifier table that
 * matches (classify.c), and the expansions are joined with the pauses the punctuation asks
 * for: sentence marks stay, brackets and dashes become commas, quotes vanish. */
#include "normalize/normalizer.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

vnr_status vnr_normalizer_new(const vnr_lexicon *lex, const vnr_numbers *numbers,
                              vnr_normalizer **out, vnr_diag *diag)
{
    vnr_normalizer *norm = calloc(1, sizeof *norm);
    if (!norm)
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    norm->lex = lex;
    norm->numbers = numbers ? *numbers : vnr_numbers_north;
    norm->class_rules = malloc(VNR_TOKEN_CLASSES * vnr_rule_count * sizeof *norm->class_rules);
    if (!norm->class_rules) {
        free(norm);
        return vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    }
    for (unsigned cls = 0; cls < VNR_TOKEN_CLASSES; cls++)
        norm->class_nrules[cls] = vnr_class_rules(cls, norm->class_rules + cls * vnr_rule_count);
    vnr_buf_init(&norm->line_out);
    vnr_buf_init(&norm->low_arena);
    vnr_buf_init(&norm->reading);
    *out = norm;
    return VNR_OK;
}

vnr_status vnr_normalizer_set_punctuation(vnr_normalizer *norm, vnr_punctuation mode,
                                          vnr_diag *diag)
{
    if (mode != VNR_PUNCT_NONE && mode != VNR_PUNCT_SOME && mode != VNR_PUNCT_ALL)
        return vnr_fail(diag, VNR_ERR_INVALID, "unknown punctuation mode %d", (int)mode);
    norm->punctuation = mode;
    return VNR_OK;
}

void vnr_normalizer_set_spell(vnr_normalizer *norm, int on)
{
    norm->spell = on != 0;
}

void vnr_normalizer_set_capitals(vnr_normalizer *norm, int on)
{
    norm->capitals = on != 0;
}

void vnr_normalizer_set_explain(vnr_normalizer *norm, int on)
{
    norm->explain = on != 0;
}

void vnr_normalizer_free(vnr_normalizer *norm)
{
    if (!norm)
        return;
    vnr_buf_free(&norm->reading);
    vnr_buf_free(&norm->line_out);
    vnr_buf_free(&norm->low_arena);
    free(norm->tokens);
    free(norm->class_rules);
    free(norm);
}

/* Pause strength of a mark we keep: "," < ";" ":" < "." "!" "?" "…". 0: not a mark. */
static int mark_strength(const char *s, size_t n)
{
    /* cppcheck-suppress pointerOutOfBoundsCond ; n is the length of s, so s + n - 3 is inside */
    if (n >= 3 && memcmp(s + n - 3, "\u2026", 3) == 0)
        return 3;
    switch (n ? s[n - 1] : 0) {
    case ',':
        return 1;
    case ';':
    case ':':
        return 2;
    case '.':
    case '!':
    case '?':
        return 3;
    default:
        return 0;
    }
}

/* Attach a pause mark to the last word, keeping only the strongest of adjacent marks. */
static void put_mark(vnr_buf *out, const char *mark, size_t n)
{
    if (out->len == 0 || out->data[out->len - 1] == '\n')
        return; /* no pause before the first word of a line */
    int have = mark_strength(out->data, out->len), want = mark_strength(mark, n);
    if (have >= want && have > 0) {
        /* "?" and "!" carry intonation: keep them. Only a one-byte mark may overwrite the
         * one-byte '.': writing the first byte of "…" there left broken UTF-8 ("ai.…"). */
        if (have == 3 && want == 3 && n == 1 && mark[0] != '.' && out->data[out->len - 1] == '.')
            out->data[out->len - 1] = mark[0];
        return;
    }
    if (have) /* replace the weaker mark; "…" ends in byte 0xA6 */
        out->len -= (unsigned char)out->data[out->len - 1] == 0xA6 ? 3 : 1;
    vnr_buf_append(out, mark, n);
}

/* Punctuation around a core: sentence marks are kept, brackets and dashes become commas.
 * A mark the punctuation mode says (spell.c) is read after the pause of an opening mark and
 * before the pause of a closing one: "sót (nếu có) sẽ" -> "sót, mở ngoặc nếu có đóng ngoặc, sẽ". */
static void put_punct(vnr_buf *out, const char *s, size_t n, bool leading,
                      const vnr_normalizer *norm)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t k = vnr_utf8_decode(s + i, n - i, &cp);
        if (!k)
            k = 1, cp = 0;
        vnr_punctuation mode = norm->punctuation;
        const char *said = vnr_mark_name(norm->lex, cp, mode);
        if (mode != VNR_PUNCT_NONE && cp == '.' && i + 1 < n && s[i + 1] == '.') {
            while (i + k < n && s[i + k] == '.') /* "..." is one mark, "ba chấm" */
                k++;
            cp = 0x2026, said = vnr_mark_name(norm->lex, cp, mode);
        }
        if (said && !leading)
            vnr_buf_word(out, said);
        switch (cp) {
        case '.':
        case '!':
        case '?':
        case ',':
        case ';':
        case ':':
            if (!leading || cp != '.')
                put_mark(out, s + i, 1);
            break;
        case 0x2026:
            if (!leading)
                put_mark(out, "\u2026", 3);
            break;
        case '(':
        case ')':
        case '[':
        case ']':
        case '{':
        case '}':
        case '-':
        case 0x2013:
        case 0x2014:
        case 0x2212:
            put_mark(out, ",", 1);
            break;
        default: /* quotes, bullets: no sound */
            break;
        }
        if (said && leading)
            vnr_buf_word(out, said);
        i += k;
    }
}

/* Explain mode: "written → rule → reading" for the tokens i .. i + m->ntok - 1. */
static void explain_match(vnr_normalizer *norm, const vnr_ctx *c, size_t i, const vnr_match *m,
                          const vnr_rule *rule, vnr_buf *out)
{
    const vnr_token *first = &c->tok[i], *last = &c->tok[i + m->ntok - 1];
    vnr_buf_clear(&norm->reading);
    rule->expand(c, i, m, &norm->reading);
    vnr_buf_append(out, first->s, (size_t)(last->s + last->n - first->s));
    vnr_buf_puts(out, " \u2192 ");
    vnr_buf_puts(out, rule->name);
    vnr_buf_puts(out, " \u2192 ");
    vnr_buf_append(out, norm->reading.data, norm->reading.len);
    vnr_buf_putc(out, '\n');
    if (norm->reading.failed)
        out->failed = true;
}

/* One sentence (or a cut of an overlong run): tokens, rules, pauses. */
static void normalize_sentence(vnr_normalizer *norm, const char *line, size_t len, vnr_buf *out)
{
    size_t count = vnr_tokenize(norm, line, len);
    if (count == (size_t)-1) {
        out->failed = true;
        return;
    }
    vnr_ctx c = {norm, norm->lex, &norm->numbers, norm->tokens, count};
    for (size_t i = 0; i < count;) {
        const vnr_token *t = &c.tok[i];
        /* a lone " ." still ends the sentence; "xuống - 80 độ": the dash is the sign, read
         * with the number ("âm tám mươi độ"), no pause */
        if (t->n == 0 && vnr_spaced_minus(&c, i)) {
            i++;
            continue;
        }
        put_punct(out, t->pre, t->npre, t->n > 0, norm);
        if (t->n == 0) {
            put_punct(out, t->post, t->npost, false, norm);
            i++;
            continue;
        }
        vnr_match m;
        size_t r = vnr_rule_count;
        unsigned cls = vnr_token_class(t);
        const uint16_t *order = norm->class_rules + cls * vnr_rule_count;
        for (size_t k = 0; k < norm->class_nrules[cls]; k++) {
            r = order[k];
            memset(&m, 0, offsetof(vnr_match, a));
            m.ntok = 1;
            if (vnr_rules[r]->match(&c, i, &m))
                break;
        }
        const vnr_token *last = &c.tok[i + m.ntok - 1];
        if (norm->explain) {
            explain_match(norm, &c, i, &m, vnr_rules[r], out);
            i += m.ntok;
            continue;
        }
        vnr_rules[r]->expand(&c, i, &m, out); /* the last rule always matches */
        put_punct(out, last->post + m.post_skip, last->npost - m.post_skip, false, norm);
        i += m.ntok;
    }
}

/* A line, sentence by sentence: the token arrays stay small (a sentence is at most about 1000
 * bytes) however long the line, so memory is bounded for a 10 MB line with no break. */
static void normalize_line(vnr_normalizer *norm, const char *line, size_t len, vnr_buf *out)
{
    if (norm->explain) { /* "# the line", then one line per rule that read a part of it */
        vnr_buf_puts(out, "# ");
        vnr_buf_append(out, line, len);
        vnr_buf_putc(out, '\n');
    }
    if (norm->spell) {
        vnr_spell_line(norm, line, len, out);
        return;
    }
    for (size_t pos = 0; pos < len;) {
        size_t k = vnr_sentence_length(norm->lex, line + pos, len - pos);
        if (k == 0)
            break;
        normalize_sentence(norm, line + pos, k, out);
        pos += k;
    }
}

vnr_status vnr_normalize(vnr_normalizer *norm, const char *text, size_t len, char **out,
                         size_t *out_len, vnr_diag *diag)
{
    char *clean = NULL;
    size_t clean_len = 0;
    vnr_status st = vnr_text_clean(text, len, &clean, &clean_len, NULL, diag);
    if (st != VNR_OK)
        return st;
    size_t decoded = vnr_text_decode_references(clean, clean_len); /* "J&amp;T" -> "J&T" */
    if (decoded != clean_len) { /* "&#769;" may leave a combining mark: make it NFC again */
        char *again = NULL;
        st = vnr_text_clean(clean, decoded, &again, &clean_len, NULL, diag);
        free(clean);
        if (st != VNR_OK)
            return st;
        clean = again;
    }
    vnr_buf b;
    vnr_buf_init(&b);
    vnr_buf_reserve(&b, clean_len + clean_len / 2);
    const char *p = clean, *end = clean + clean_len;
    for (;;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        normalize_line(norm, p, n, &b);
        if (!nl)
            break;
        vnr_buf_putc(&b, '\n');
        p = nl + 1;
    }
    free(clean);
    *out = vnr_buf_take(&b, out_len);
    return *out ? VNR_OK : vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
}
