/* extract.c - the article of a web page, found by scoring, as blocks: headline, lead, body.
 *
 * Class names differ on every site and change with every redesign (VnExpress's article column is
 * "sidebar-1"), so they cannot decide. As Mozilla Readability does, each paragraph scores by
 * its own text: length, commas (Vietnamese prose has many: "Theo ông A, ...") and links (a
 * paragraph of links is navigation). The score goes to its parent and, less, to the ancestors
 * above; the element with the best score, less its share of link text, is the article. Its
 * siblings join when they score well too or are real paragraphs (the lead of VnExpress sits
 * next to the article, outside it). Class-name hints (voices/web/page_hints.tsv) only add to or
 * take from a score. Position counts for the headline (the <h1> before the article that shares
 * words with og:title) and the lead (the first lead-like block between headline and body).
 * Inside the article, boxes mostly of links (related news, tags, share buttons) are dropped,
 * boxes named as boilerplate only when their own text does not outweigh the name, and picture
 * captions unless asked for. */
#include "text/content.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

/* --- Hints: class, id and itemprop words, from voices/web/page_hints.tsv. -------------------- */

enum { HINT_BOILERPLATE, HINT_CONTENT, HINT_LEAD, HINT_CAPTION, HINT_KINDS };
enum { HINT_BOILERPLATE_BIT = 1, HINT_CONTENT_BIT = 2, HINT_LEAD_BIT = 4, HINT_CAPTION_BIT = 8 };

typedef struct hint {
    int kind;
    bool part; /* anywhere in the squashed value, else a whole word */
    char word[32];
} hint;

static hint *hints;
static size_t n_hints;
static pthread_once_t hints_once = PTHREAD_ONCE_INIT;

static int hint_kind(const char *s)
{
    static const char *const kinds[] = {"boilerplate", "content", "lead", "caption"};
    for (int i = 0; i < HINT_KINDS; i++)
        if (strcmp(s, kinds[i]) == 0)
            return i;
    return -1;
}

/* A missing or bad file leaves the hints out: extraction still works on scores alone. */
static void load_hints(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/web/page_hints.tsv", vnr_data_dir());
    FILE *fp = fopen(path, "r");
    if (!fp)
        return;
    char line[256];
    size_t cap = 0;
    while (fgets(line, sizeof line, fp)) {
        char kind[32], word[32], match[16];
        if (line[0] == '#' || sscanf(line, "%31[^\t]\t%31[^\t]\t%15s", kind, word, match) != 3)
            continue;
        int k = hint_kind(kind);
        if (k < 0)
            continue;
        if (n_hints == cap) {
            cap = cap ? cap * 2 : 64;
            hint *grown = realloc(hints, cap * sizeof *grown);
            if (!grown)
                break;
            hints = grown;
        }
        hint *h = &hints[n_hints++];
        h->kind = k;
        h->part = strcmp(match, "part") == 0;
        snprintf(h->word, sizeof h->word, "%s", word);
    }
    fclose(fp);
}

/* "Box_TinLienQuan v2" -> words "box tinlienquan v2" (lowercase ASCII letters and digits, one
 * space between words) and squashed "boxtinlienquanv2". */
static void value_words(const char *v, char *words, char *squashed, size_t cap)
{
    size_t w = 0, s = 0;
    for (const unsigned char *p = (const unsigned char *)v; *p && w + 2 < cap; p++) {
        if (isalnum(*p)) {
            words[w++] = (char)tolower(*p);
            squashed[s++] = (char)tolower(*p);
        } else if (w > 0 && words[w - 1] != ' ') {
            words[w++] = ' ';
        }
    }
    words[w] = squashed[s] = '\0';
}

static bool has_word(const char *words, const char *word)
{
    size_t k = strlen(word);
    for (const char *p = words; (p = strstr(p, word)) != NULL; p++)
        if ((p == words || p[-1] == ' ') && (p[k] == ' ' || p[k] == '\0'))
            return true;
    return false;
}

/* HINT_*_BIT of an element's class, id and itemprop. */
static int hint_bits(const xmlNode *n)
{
    static const char *const attrs[] = {"class", "id", "itemprop"};
    int bits = 0;
    for (size_t a = 0; a < 3; a++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[a]);
        if (!v)
            continue;
        char words[256], squashed[256];
        value_words((const char *)v, words, squashed, sizeof words);
        xmlFree(v);
        for (size_t i = 0; i < n_hints; i++)
            if (hints[i].part ? strstr(squashed, hints[i].word) != NULL
                              : has_word(words, hints[i].word))
                bits |= 1 << hints[i].kind;
    }
    return bits;
}

/* --- Elements. ----------------------------------------------------------------------------------
 */

static bool name_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static bool name_in(const xmlNode *n, const char *const *names)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return false;
    for (size_t i = 0; names[i]; i++)
        if (strcasecmp((const char *)n->name, names[i]) == 0)
            return true;
    return false;
}

/* Never article text, whatever their content: code, forms, media, navigation landmarks. */
static const char *const junk_elements[] = {
    "script", "style", "noscript", "template", "head", "iframe", "svg", "canvas", "video", "audio",
    "object", "embed", "form", "button", "select", "textarea", "input", "nav", "menu", "dialog",
    "map", "math", "aside", "footer", "link", "meta", "picture", "source", "label", "option",
    /* AMP pages: ads, menus, trackers, share buttons */
    "amp-ad", "amp-embed", "amp-sidebar", "amp-analytics", "amp-social-share", "amp-iframe",
    "amp-video", "amp-consent", NULL};

static const char *const junk_roles[] = {"navigation", "banner",  "contentinfo", "complementary",
                                         "search",     "dialog",  "menu",        "menubar",
                                         "toolbar",    "tooltip", NULL};

/* Elements that start and end a block of text. */
static const char *const block_elements[] = {
    "p",       "div",   "h1",     "h2",      "h3",      "h4",         "h5",         "h6",
    "li",      "ul",    "ol",     "dl",      "dt",      "dd",         "blockquote", "section",
    "article", "main",  "header", "pre",     "figure",  "figcaption", "table",      "tr",
    "address", "hr",    "center", "details", "summary", "caption",    "body",       "fieldset",
    "legend",  "tbody", "thead",  "tfoot",   "html",    NULL};

/* Boxes: what may hold boilerplate as a whole (a list of links, a table of prices). */
static const char *const box_elements[] = {"div",   "section", "ul",     "ol",     "dl",
                                           "table", "header",  "figure", "center", NULL};

static int heading_level(const xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE || tolower(n->name[0]) != 'h' || !n->name[1] ||
        n->name[2] || n->name[1] < '1' || n->name[1] > '6')
        return 0;
    return n->name[1] - '0';
}

static bool attr_contains(const xmlNode *n, const char *attr, const char *what)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v)
        return false;
    char words[256], squashed[256];
    value_words((const char *)v, words, squashed, sizeof words);
    xmlFree(v);
    return strstr(squashed, what) != NULL;
}

/* A <header> outside any article, main or section is the site's banner (logo, menus), as
 * HTML defines it; inside an article it holds the headline and stays. */
static bool site_banner(const xmlNode *n)
{
    static const char *const scopes[] = {"article", "main", "section", NULL};
    if (!name_is(n, "header"))
        return false;
    for (const xmlNode *a = n->parent; a; a = a->parent)
        if (name_in(a, scopes))
            return false;
    return true;
}

/* <sup><a href="#fn2">[2]</a></sup>: a reference mark, noise when heard. */
static bool footnote_mark(const xmlNode *n)
{
    if (!name_is(n, "sup"))
        return false;
    const xmlNode *only = NULL;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (only)
                return false;
            only = c;
        } else if (c->type == XML_TEXT_NODE && c->content &&
                   c->content[strspn((const char *)c->content, " \t\n")]) {
            return false;
        }
    }
    /* <a> holding one short text: "[2]", "1" */
    const xmlNode *t = only && name_is(only, "a") ? only->children : NULL;
    return t && !t->next && t->type == XML_TEXT_NODE && t->content &&
           strlen((const char *)t->content) <= 6;
}

/* A <form> right under <body> is the page itself: ASP.NET sites (Dân trí until 2019, many
 * .gov.vn portals) wrap everything in <form id="aspnetForm">. Its fields are junk on their own. */
static bool page_form(const xmlNode *n)
{
    return name_is(n, "form") && n->parent && name_is(n->parent, "body");
}

static bool is_junk(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE;
    if ((name_in(n, junk_elements) && !page_form(n)) || site_banner(n))
        return true;
    if (xmlHasProp(n, (const xmlChar *)"hidden") || attr_contains(n, "aria-hidden", "true") ||
        attr_contains(n, "style", "displaynone") || attr_contains(n, "style", "visibilityhidden"))
        return true;
    /* footnote markers: <a epub:type="noteref">1</a>, role="doc-noteref", <sup><a>[2]</a></sup> */
    if (attr_contains(n, "epub:type", "noteref") || attr_contains(n, "role", "docnoteref") ||
        attr_contains(n, "role", "docbacklink") || footnote_mark(n))
        return true;
    xmlChar *role = xmlGetProp(n, (const xmlChar *)"role");
    bool junk = false;
    for (size_t i = 0; role && junk_roles[i]; i++)
        junk = junk || strcasecmp((const char *)role, junk_roles[i]) == 0;
    xmlFree(role);
    return junk;
}

/* --- Statistics of every element, in one walk without recursion (pages nest 20,000 deep). --- */

typedef struct nstat {
    xmlNode *node;
    size_t order;  /* in document order */
    size_t end;    /* order of the last descendant */
    size_t text;   /* characters of readable text (not spaces) */
    size_t link;   /* of which inside <a> */
    size_t bold;   /* of which inside <b> or <strong> */
    size_t commas; /* ',' in the text: a sign of prose */
    size_t stops;  /* sentence ends: . ! ? … */
    size_t imgs;
    size_t junk_inside; /* scripts, iframes, forms... below it: an ad slot, a widget */
    size_t boxed_text;  /* of its text, in boxes of links below it (dropped when read) */
    size_t boxed_link;  /* of its link text, likewise */
    double score;       /* from the paragraphs inside, Readability-style */
    double bonus;       /* from the element's name and hints */
    bool candidate;     /* has a score */
    bool junk;          /* never read */
    bool in_junk;       /* inside an element never read (a site <header> is walked for its h1) */
    xmlNode *block;     /* the nearest block element at or above it: what its text belongs to */
    bool block_child;   /* has a block element child */
    int hints;
} nstat;

typedef struct page {
    nstat *st;
    size_t n, cap;
    const vnr_content_options *opts;
    xmlNode *body;
    char *title;       /* og:title, twitter:title */
    char *description; /* og:description, description */
    char *title_tag;   /* <title>: for matching the headline only, never read */
    bool nomem;
} page;

static nstat *stat_of(const page *pg, const xmlNode *n)
{
    size_t i = (size_t)(uintptr_t)n->_private;
    return i ? &pg->st[i - 1] : NULL;
}

static double link_density(const nstat *s)
{
    return s->text ? (double)s->link / (double)s->text : 0;
}

static void count_text(nstat *s, const char *t)
{
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        if (*p <= ' ' || (*p & 0xC0) == 0x80)
            continue;
        if (*p == 0xC2 && p[1] == 0xA0) { /* &nbsp; */
            p++;
            continue;
        }
        s->text++;
        if (*p == ',')
            s->commas++;
        else if ((*p == '.' || *p == '!' || *p == '?') && (p[1] <= ' ' || p[1] == '"'))
            s->stops++;
        else if (*p == 0xE2 && p[1] == 0x80 && p[2] == 0xA6) /* … */
            s->stops++;
    }
}

static bool add_stat(page *pg, xmlNode *n)
{
    if (pg->n == pg->cap) {
        size_t cap = pg->cap ? pg->cap * 2 : 1024;
        nstat *grown = realloc(pg->st, cap * sizeof *grown);
        if (!grown)
            return false;
        pg->st = grown, pg->cap = cap;
    }
    nstat *s = &pg->st[pg->n++];
    memset(s, 0, sizeof *s);
    s->node = n;
    s->order = pg->n;
    n->_private = (void *)(uintptr_t)pg->n;
    /* Kept per element, so no later question walks up a 20,000-deep page. */
    const nstat *parent = n->parent && n->parent->_private ? stat_of(pg, n->parent) : NULL;
    s->in_junk = parent && (parent->junk || parent->in_junk);
    s->block = name_in(n, block_elements) ? n : parent ? parent->block : NULL;
    return true;
}

static void leave_element(page *pg, xmlNode *n)
{
    nstat *s = stat_of(pg, n);
    s->end = pg->n;
    if (name_is(n, "a"))
        s->link = s->text;
    else if (name_is(n, "b") || name_is(n, "strong"))
        s->bold = s->text;
    else if (name_is(n, "img") || name_is(n, "video") || name_is(n, "picture"))
        s->imgs++; /* pictures and videos: what a caption describes */
    nstat *p = n->parent ? stat_of(pg, n->parent) : NULL;
    if (p && s->junk)
        p->imgs += s->imgs, p->junk_inside++;
    if (p && !s->junk)
        p->junk_inside += s->junk_inside;
    if (!p || s->junk)
        return;
    p->text += s->text, p->link += s->link, p->bold += s->bold;
    p->commas += s->commas, p->stops += s->stops, p->imgs += s->imgs;
    if (name_in(n, block_elements))
        p->block_child = true;
    if (name_in(n, box_elements) && s->text && 2 * s->link > s->text)
        s->boxed_text = s->text, s->boxed_link = s->link; /* all of it: a box of links */
    p->boxed_text += s->boxed_text, p->boxed_link += s->boxed_link;
}

/* Elements get statistics in document order; junk keeps its own but gives none upward. */
static bool gather(page *pg, xmlNode *root)
{
    if (!add_stat(pg, root))
        return false;
    xmlNode *n = root->children;
    while (n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                count_text(stat_of(pg, n->parent), (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            if (!add_stat(pg, n))
                return false;
            nstat *s = &pg->st[pg->n - 1];
            s->junk = is_junk(n);
            s->hints = hint_bits(n);
            /* a junk box is not walked, but a site <header>: it may hold the headline */
            if (n->children && (!s->junk || name_is(n, "header"))) {
                n = n->children;
                continue;
            }
            leave_element(pg, n);
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n == root) {
                leave_element(pg, root);
                return true;
            }
            leave_element(pg, n);
        }
        n = n->next;
    }
    leave_element(pg, root);
    return true;
}

/* --- Scores. ------------------------------------------------------------------------------------
 */

/* A hint weighs about as much as two good paragraphs: enough to tip a close call, not enough to
 * keep a box of links or to drop a long article body. */
#define HINT_WEIGHT 8.0
/* Shorter paragraphs do not score: captions, bylines, "Ảnh: TTXVN". */
#define MIN_PARAGRAPH 25

static double hint_weight(const nstat *s)
{
    if (s->hints & HINT_BOILERPLATE_BIT)
        return -HINT_WEIGHT;
    return s->hints & HINT_CONTENT_BIT ? HINT_WEIGHT : 0;
}

static double tag_weight(const xmlNode *n)
{
    static const char *const good[] = {"div", "article", "main", "section", NULL};
    static const char *const some[] = {"pre", "td", "blockquote", NULL};
    static const char *const weak[] = {"address", "ol", "ul", "dl", "dd", "dt", "li", NULL};
    static const char *const bad[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
    if (name_in(n, good))
        return 5;
    if (name_in(n, some))
        return 3;
    if (name_in(n, weak))
        return -3;
    return name_in(n, bad) ? -5 : 0;
}

/* Paragraphs: <p>, <pre>, <td>, <blockquote>, any box holding text but no blocks, and a list
 * item that is a sentence: an article written as a list ("Điểm tin sáng: <li>Giá xăng giảm 500
 * đồng từ 15h chiều nay.</li>...", release notes) scores; a menu item or a link is no sentence. */
static bool is_paragraph(const page *pg, const xmlNode *n, const nstat *s)
{
    static const char *const units[] = {"p", "pre", "td", "blockquote", NULL};
    static const char *const inline_boxes[] = {"div", "section", "article", "span", "font", NULL};
    if (name_is(n, "li")) { /* not a list named for boilerplate: references, comments, tags */
        const nstat *list = n->parent && n->parent->_private ? stat_of(pg, n->parent) : NULL;
        const xmlNode *up = list ? n->parent->parent : NULL; /* <div class="refbegin"><ul> */
        const nstat *box = up && up->_private ? stat_of(pg, up) : NULL;
        return !s->block_child && s->stops && link_density(s) < 0.5 &&
               !(s->hints & HINT_BOILERPLATE_BIT) && list &&
               !(list->hints & HINT_BOILERPLATE_BIT) &&
               !(box && (box->hints & HINT_BOILERPLATE_BIT));
    }
    return name_in(n, units) || (name_in(n, inline_boxes) && !s->block_child);
}

static void credit(page *pg, xmlNode *n, double score)
{
    nstat *s = stat_of(pg, n);
    if (!s || s->junk)
        return;
    if (!s->candidate) {
        s->candidate = true;
        s->bonus = tag_weight(n) + hint_weight(s);
    }
    s->score += score;
}

/* Readability's score of a paragraph: one, its commas, a point per 100 characters (at most 3),
 * less its share of link text. */
static double paragraph_score(size_t text, size_t commas, size_t link)
{
    double score = 1 + (double)commas + (text / 100 < 3 ? (double)(text / 100) : 3);
    return score * (text ? 1 - (double)link / (double)text : 0);
}

static void credit_up(page *pg, xmlNode *a, double score)
{
    for (int level = 0; a && a->_private && level < 5; level++, a = a->parent)
        credit(pg, a, level == 0 ? score : level == 1 ? score / 2 : score / (level * 3));
}

/* Text a box holds itself, around its blocks: a blog post written as lines between <br>s
 * ("Đoạn một.<br><br>Đoạn hai.<h2>Mục</h2>Đoạn ba.") has its paragraphs there, not in <p>s. */
static void score_own_text(page *pg, nstat *s)
{
    static const char *const boxes[] = {"div", "section", "article", "td", NULL};
    if (!s->block_child || !name_in(s->node, boxes))
        return;
    size_t text = s->text, commas = s->commas, link = s->link;
    for (const xmlNode *c = s->node->children; c; c = c->next) {
        const nstat *cs = c->type == XML_ELEMENT_NODE ? stat_of(pg, c) : NULL;
        if (cs && (name_in(c, block_elements) || cs->junk))
            text -= cs->text, commas -= cs->commas, link -= cs->link;
    }
    if (text >= 4 * MIN_PARAGRAPH) /* more than a stray label ("Quảng cáo", "Ảnh: TTXVN") */
        credit_up(pg, s->node, paragraph_score(text, commas, link));
}

static void score_paragraphs(page *pg)
{
    for (size_t i = 0; i < pg->n; i++) {
        nstat *s = &pg->st[i];
        if (s->junk || s->in_junk) /* a junk ancestor gave no statistics up, but its own count */
            continue;
        if (s->text >= MIN_PARAGRAPH && is_paragraph(pg, s->node, s))
            credit_up(pg, s->node->parent, paragraph_score(s->text, s->commas, s->link));
        else
            score_own_text(pg, s);
    }
}

/* The link density of what is read of it: the boxes of links inside (related news set in the
 * middle of a short article, "box-tinlienquan") are dropped on their own, so they do not get the
 * whole article dropped as navigation. A box of links itself keeps its own density. (Scores keep
 * the plain density: a layout table around a menu is no better an article for it.) */
static double read_link_density(const nstat *s)
{
    if (s->boxed_text >= s->text || s->boxed_link > s->link)
        return link_density(s);
    return (double)(s->link - s->boxed_link) / (double)(s->text - s->boxed_text);
}

static double final_score(const nstat *s)
{
    return s->candidate ? (s->score + s->bonus) * (1 - link_density(s)) : 0;
}

/* The first word of an element's class ("articleBodyText" of "articleBodyText version-2"). */
static size_t first_class(const xmlNode *n, char *out, size_t size)
{
    xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");
    size_t k = 0;
    const xmlChar *p = c;
    while (p && *p && isspace(*p))
        p++;
    while (p && *p && !isspace(*p) && k + 1 < size)
        out[k++] = (char)*p++;
    out[k] = '\0';
    xmlFree(c);
    return k;
}

/* Is there another piece of the same article beside a: an element of the same first class that
 * holds scored paragraphs. */
static bool sibling_piece(const page *pg, const xmlNode *a)
{
    char mine[64], theirs[64];
    if (!first_class(a, mine, sizeof mine))
        return false;
    for (const xmlNode *c = a->parent->children; c; c = c->next) {
        const nstat *cs = c != a && c->type == XML_ELEMENT_NODE ? stat_of(pg, c) : NULL;
        if (cs && !cs->junk && cs->score > 0 && first_class(c, theirs, sizeof theirs) &&
            !strcmp(mine, theirs))
            return true;
    }
    return false;
}

static nstat *top_candidate(page *pg)
{
    nstat *top = NULL;
    for (size_t i = 0; i < pg->n; i++)
        if (pg->st[i].candidate && (!top || final_score(&pg->st[i]) > final_score(top)))
            top = &pg->st[i];
    if (!top)
        return NULL;
    /* A child holding most of the paragraphs is the tighter box: the wrapper around it adds a
     * byline or a date, not article text ("box_detail" around "entry-body"). */
    for (bool moved = true; moved;) {
        moved = false;
        nstat *best_child = NULL;
        for (xmlNode *c = top->node->children; c; c = c->next) {
            nstat *cs = c->type == XML_ELEMENT_NODE ? stat_of(pg, c) : NULL;
            if (cs && cs->candidate && !cs->junk && cs->score >= 0.8 * top->score &&
                final_score(cs) > 0 && (!best_child || cs->score > best_child->score))
                best_child = cs;
        }
        /* ... unless its siblings hold paragraphs too: two lists of an article written as lists,
         * two halves around a picture. (A box gets half the score of its grandchildren, so the
         * 0.8 above is met by a child holding 40% of them.) */
        double others = 0;
        for (xmlNode *c = top->node->children; best_child && c; c = c->next) {
            nstat *cs = c->type == XML_ELEMENT_NODE ? stat_of(pg, c) : NULL;
            if (cs && cs != best_child && cs->candidate && !cs->junk && cs->score > 0)
                others += cs->score;
        }
        if (best_child && others < 0.5 * best_child->score)
            top = best_child, moved = true;
    }
    /* Two or three near-best candidates inside one ancestor: the article is split (by ads, by
     * pictures) and the ancestor holds all of it. */
    double best = final_score(top);
    enum { MAX_NEAR = 8 };
    const nstat *near[MAX_NEAR];
    size_t n_near = 0;
    for (size_t i = 0; i < pg->n && n_near < MAX_NEAR; i++) {
        const nstat *c = &pg->st[i];
        if (c != top && c->candidate && final_score(c) >= 0.75 * best &&
            !(c->order >= top->order && c->order <= top->end) &&
            !(top->order >= c->order && top->order <= c->end))
            near[n_near++] = c;
    }
    const nstat *first = top;
    for (xmlNode *a = first->node->parent; n_near && a && a->_private && a != pg->body;
         a = a->parent) {
        nstat *as = stat_of(pg, a);
        size_t inside = 0;
        for (size_t k = 0; k < n_near; k++)
            inside += near[k]->order >= as->order && near[k]->order <= as->end;
        if (inside >= 2 && final_score(as) > 0)
            top = as;
    }
    /* An article cut into repeated boxes by its pictures or ads (<div class="articleBodyText">,
     * a photo, <div class="articleBodyText">): the top holds one piece, the boxes' parent all. */
    xmlNode *a = top->node; /* three levels up at most: beyond, boxes are the page's layout */
    for (int up = 0; up < 3 && a->parent && a->parent != pg->body && a->parent->_private;
         up++, a = a->parent) {
        if (sibling_piece(pg, a)) {
            top = stat_of(pg, a->parent);
            break;
        }
    }
    /* An only child: its parent is the same box, and the siblings are at the parent's level. */
    while (top->node->parent && top->node->parent != pg->body && top->node->parent->_private) {
        size_t elements = 0;
        for (xmlNode *c = top->node->parent->children; c; c = c->next)
            elements += c->type == XML_ELEMENT_NODE && !stat_of(pg, c)->junk;
        if (elements != 1)
            break;
        top = stat_of(pg, top->node->parent);
    }
    return top;
}

/* A sibling of the article joins it when it scores like article text, or is a real paragraph:
 * long with few links, or a short sentence without links ("Mưa còn kéo dài."). */
static bool same_class(const xmlNode *a, const xmlNode *b)
{
    xmlChar *x = xmlGetProp(a, (const xmlChar *)"class"),
            *y = xmlGetProp(b, (const xmlChar *)"class");
    bool same = x && y && *x && xmlStrEqual(x, y);
    xmlFree(x);
    xmlFree(y);
    return same;
}

static bool joins_article(const nstat *s, const nstat *top, double threshold)
{
    if (s->junk || !s->text)
        return false;
    /* Its paragraphs must count: a name ("header-content") alone does not make it article. A
     * box styled like the article (the same class) is likely its other half, split by an ad. */
    double own = s->score * (1 - link_density(s));
    double score = own + (s->candidate ? tag_weight(s->node) : 0) + hint_weight(s) +
                   (same_class(s->node, top->node) ? 0.2 * final_score(top) : 0);
    if (s->candidate && score >= threshold && own >= threshold / 2)
        return true;
    if (s->block_child && !name_is(s->node, "p"))
        return false;
    double ld = link_density(s);
    if (s->hints & HINT_BOILERPLATE_BIT)
        return false;
    if (s->text >= 80)
        return ld < 0.25;
    return ld == 0 && s->stops > 0;
}

/* The paragraph right after the article, without links, signs it: "Theo TTXVN", an author. */
static bool signs_off(const nstat *s)
{
    return name_is(s->node, "p") && s->text && !s->link && s->text < 80 &&
           !(s->hints & HINT_BOILERPLATE_BIT);
}

/* --- The headline and the lead. -----------------------------------------------------------------
 */

static char *node_text(const xmlNode *n)
{
    return (char *)xmlNodeGetContent(n);
}

/* Words of a ("Hà Nội mưa lớn") found in b: the headline shares words with og:title. */
static double overlap(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t words = 0, found = 0;
    for (const char *p = a; *p;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        size_t n = 0;
        while (p[n] && !isspace((unsigned char)p[n]))
            n++;
        if (!n)
            break;
        char w[128];
        if (n < sizeof w) {
            memcpy(w, p, n);
            w[n] = '\0';
            words++;
            found += strstr(b, w) != NULL;
        }
        p += n;
    }
    return words ? (double)found / (double)words : 0;
}

static nstat *headline_at(page *pg, const nstat *top, int level)
{
    nstat *best = NULL;
    double best_score = 0;
    const char *title = pg->title ? pg->title : pg->title_tag;
    for (size_t i = 0; i < pg->n; i++) {
        nstat *s = &pg->st[i];
        if (heading_level(s->node) != level || s->junk || !s->text || link_density(s) > 0.8 ||
            s->text > 300) /* a headline is a line, not a page of nested headings */
            continue;
        /* in a box never read, unless that box is a <header> whose heading is the page's title
         * (<body><header><h1>Tiêu đề bài</h1></header>...) */
        const xmlNode *junk_box = NULL;
        for (xmlNode *a = s->node->parent; a && a->_private && !junk_box; a = a->parent)
            if (stat_of(pg, a)->junk)
                junk_box = a;
        char *t = node_text(s->node);
        double match = overlap(t, title);
        xmlFree(t);
        if (junk_box && !(name_is(junk_box, "header") && match >= 0.8))
            continue;
        if (level > 1 && match < 0.8)
            continue; /* a subheading is the headline only when it is the page's title */
        double score = 1 + 10 * match;
        if (top && s->order <= top->end)
            score += 2; /* before or in the article */
        if (!best || score > best_score)
            best = s, best_score = score;
    }
    return best;
}

/* The <h1> that shares most words with og:title (else the one before the article); on a page
 * whose <h1> is the site's logo, the <h2> or <h3> that is the page's title. */
static nstat *headline(page *pg, const nstat *top)
{
    nstat *h = headline_at(pg, top, 1);
    for (int level = 2; !h && level <= 3; level++)
        h = headline_at(pg, top, level);
    return h;
}

static bool is_caption(const page *pg, const xmlNode *n);

/* The lead: a block named for it (sapo, description, lead...) between headline and article. A
 * picture and its caption are no lead, whatever their names ("lead-asset", the top photo). */
static nstat *lead(page *pg, const nstat *head, const nstat *top)
{
    size_t from = head ? head->end : 0;
    size_t to = top ? top->end : pg->n;
    for (size_t i = from; i < to && i < pg->n; i++) {
        nstat *s = &pg->st[i];
        if ((s->hints & HINT_LEAD_BIT) && s->text >= 40 && link_density(s) < 0.5 &&
            !(s->hints & HINT_BOILERPLATE_BIT) && !s->junk && !s->in_junk && !s->imgs &&
            !is_caption(pg, s->node))
            return s;
    }
    return NULL;
}

/* --- Text out. -----------------------------------------------------------------------------------
 */

typedef struct emitter {
    page *pg;
    vnr_content *doc;
    vnr_buf cur;
    xmlNode *owner; /* the block element the current text belongs to */
    const nstat *lead;
    const nstat *headline; /* read as a level-1 heading wherever it is */
    char number[16];       /* "3." owed to the next text: an item of an <ol> */
    size_t bold_heading;   /* index + 1 of the last block made a heading for being all bold */
    bool inline_end;       /* an inline element just ended: <span>Đà Nẵng</span>Từ ngày */
    bool all;              /* a chapter of a book: every block but junk, no scoring */
    bool captions;         /* captions read: asked for, or a photo story with nothing else */
    vnr_status st;
} emitter;

static bool is_caption(const page *pg, const xmlNode *n)
{
    if (name_is(n, "figcaption"))
        return true;
    const nstat *s = stat_of(pg, n);
    int up = 0;
    for (const xmlNode *a = n->parent; a && a->_private && up < 4; a = a->parent, up++) {
        const nstat *as = stat_of(pg, a);
        if (!as->imgs)
            continue;
        if ((s->hints & HINT_CAPTION_BIT) || name_is(a, "figure"))
            return true;
        if (name_is(a, "table") && as->text < 300) /* a picture and its caption in a table */
            return true;
    }
    return false;
}

/* A short line that is mostly a date or a time, not a sentence: "Cập nhật: 02/06/2025",
 * "Thứ Sáu, 11/10/2025 10:15" - page furniture, as the date is not read elsewhere either. */
static bool dateline(const xmlNode *n, const nstat *s)
{
    if (s->text > 40 || s->stops)
        return false;
    xmlChar *t = xmlNodeGetContent(n);
    size_t digits = 0, marks = 0;
    for (const xmlChar *p = t; p && *p; p++) {
        digits += *p >= '0' && *p <= '9';
        marks += (*p == '/' || *p == ':' || *p == '-') && p[1] >= '0' && p[1] <= '9';
    }
    xmlFree(t);
    return digits >= 4 && marks >= 2;
}

/* Links set inside a heading: "Lịch sử [sửa | sửa mã nguồn]", an edit or anchor link. */
static bool inline_links_in_heading(const xmlNode *n, const nstat *s)
{
    if (name_in(n, block_elements) || name_is(n, "a") || !s->text || link_density(s) < 0.5)
        return false;
    return heading_level(n->parent) || heading_level(n->parent ? n->parent->parent : NULL);
}

/* "Tin liên quan:" over a list of links that is dropped: a label, dropped with it. */
static bool labels_links(const page *pg, const xmlNode *n, const nstat *s)
{
    if (s->text > 40 || s->link)
        return false;
    const xmlNode *next = n->next;
    while (next && next->type != XML_ELEMENT_NODE)
        next = next->next;
    const nstat *ns = next ? stat_of(pg, next) : NULL;
    if (!ns || !name_in(next, box_elements) || link_density(ns) <= 0.5)
        return false;
    xmlChar *t = xmlNodeGetContent(n);
    size_t k = t ? strlen((const char *)t) : 0;
    while (k > 0 && strchr(" \t\r\n", t[k - 1]))
        k--;
    bool label = k > 0 && t[k - 1] == ':';
    xmlFree(t);
    return label;
}

/* A text node with a letter or a digit in it (", " between two tags is not one). */
static bool node_has_word(const xmlNode *t)
{
    if (!t || (t->type != XML_TEXT_NODE && t->type != XML_CDATA_SECTION_NODE) || !t->content)
        return false;
    for (const xmlChar *p = t->content; *p; p++)
        if (isalnum(*p) || *p >= 0x80)
            return true;
    return false;
}

/* A link set inside a sentence, up to its paragraph: "Bộ Y tế đề xuất quỹ <a>bảo hiểm y tế</a>
 * thanh toán..." or "first, that <a>Netscape Communicator</a> will be free". Its words belong to
 * the sentence; only a whole line of links ("Xem thêm: <a>...</a>", a bare related link) is
 * boilerplate. A list of tags ("<a>Hà Nội</a>, <a>mưa lớn</a>") has no words between them. */
static bool inside_sentence(const xmlNode *n)
{
    for (; n && n->type == XML_ELEMENT_NODE && !name_in(n, block_elements); n = n->parent)
        if (node_has_word(n->prev) || node_has_word(n->next))
            return true;
    return false;
}

/* Is a box (or a paragraph) inside the article boilerplate? */
static bool dropped(const emitter *e, const xmlNode *n)
{
    const page *pg = e->pg;
    const nstat *s = stat_of(pg, n);
    if (!s || s->junk)
        return true;
    if (e->all)
        return false;
    if (!e->captions && is_caption(pg, n))
        return true;
    if (inline_links_in_heading(n, s))
        return true;
    if (!s->text || (e->lead && s == e->lead))
        return false;
    double ld = read_link_density(s); /* its boxes of links are dropped on their own */
    if (name_in(n, box_elements)) {
        if (ld > 0.5)
            return true; /* menus, related news, tags */
        if (s->hints & HINT_BOILERPLATE_BIT)
            return s->score * (1 - ld) < HINT_WEIGHT;
        /* an ad slot or widget: a label ("Quảng cáo") around a script or an iframe */
        if (s->junk_inside && s->text < MIN_PARAGRAPH && !s->stops)
            return true;
        return !s->block_child && dateline(n, s);
    }
    if (e->lead && s->order > e->lead->order && s->order <= e->lead->end &&
        s->text * 5 >= e->lead->text * 4)
        return false; /* the lead set as one link (a front page's sapo): its text, not a link */
    if (ld > 0.5 && s->link >= 15 && !inside_sentence(n))
        return true; /* "Xem thêm: <a>Bão số 3 đổ bộ</a>" */
    if (labels_links(pg, n, s))
        return true;
    return (s->hints & HINT_BOILERPLATE_BIT) && s->text < 80 && s->stops == 0;
}

/* The nearest block element holding text node n. */
static xmlNode *block_of(const page *pg, const xmlNode *n)
{
    const nstat *p = n->parent && n->parent->_private ? stat_of(pg, n->parent) : NULL;
    return p ? p->block : NULL;
}

/* A short paragraph all in bold, not a sentence, is a subheading ("Giao thông ùn tắc"). */
static bool bold_heading(const page *pg, const xmlNode *owner)
{
    const nstat *s = stat_of(pg, owner);
    if (!name_is(owner, "p") || !s || !s->text || s->bold < s->text || s->text > 150 ||
        attr_contains(owner, "style", "right"))
        return false;
    return s->stops == 0;
}

/* Does the text end with c, spaces aside? ("Thủ tục gồm:" is a lead-in, not a heading) */
static bool ends_with(const vnr_buf *b, char c)
{
    size_t i = b->len;
    while (i > 0 && strchr(" \t\n", b->data[i - 1]))
        i--;
    return i > 0 && b->data[i - 1] == c;
}

/* Does the text end with a full stop ("... ngày 3/2."), not an ellipsis? */
static bool ends_with_stop(const vnr_buf *b)
{
    size_t i = b->len;
    while (i > 0 && strchr(" \t\n", b->data[i - 1]))
        i--;
    return i >= 2 && b->data[i - 1] == '.' && b->data[i - 2] != '.';
}

static void flush(emitter *e)
{
    if (!e->cur.len || e->st != VNR_OK) {
        vnr_buf_clear(&e->cur);
        return;
    }
    const nstat *s = e->owner ? stat_of(e->pg, e->owner) : NULL;
    int level = e->owner ? heading_level(e->owner) : 0;
    if (s && s == e->headline)
        level = 1;
    /* A long heading ending like a sentence is a lead set in big type (24h.com.vn: h2.ctTp);
     * titles and subheadings never end with a full stop. */
    bool lead_like = s && ((s->hints & HINT_LEAD_BIT) || s->text > 200 ||
                           (s->text > 60 && ends_with_stop(&e->cur)));
    bool bold = !level && e->owner && bold_heading(e->pg, e->owner) && !ends_with(&e->cur, ':');
    vnr_block_kind kind = (level && !lead_like) || bold ? VNR_BLOCK_HEADING : VNR_BLOCK_PARAGRAPH;
    size_t before = e->doc->n;
    if (e->number[0] && kind == VNR_BLOCK_PARAGRAPH) { /* "2. Nộp hồ sơ tại UBND phường." */
        vnr_buf numbered;
        vnr_buf_init(&numbered);
        vnr_buf_puts(&numbered, e->number);
        vnr_buf_putc(&numbered, ' ');
        vnr_buf_append(&numbered, e->cur.data, e->cur.len);
        e->st = numbered.failed ? VNR_ERR_NOMEM
                                : content_add(e->doc, kind, 0, numbered.data, numbered.len);
        vnr_buf_free(&numbered);
    } else {
        e->st = content_add(e->doc, kind, bold ? 2 : level, e->cur.data, e->cur.len);
    }
    e->number[0] = '\0';
    if (bold && e->doc->n > before)
        e->bold_heading = e->doc->n;
    if (e->cur.failed)
        e->st = VNR_ERR_NOMEM;
    vnr_buf_clear(&e->cur);
}

static bool is_lower(int32_t cp)
{
    return vnr_tolower(cp) == cp && ((cp >= 'a' && cp <= 'z') || cp >= 0xC0);
}

/* Would the text after an inline element glue two words, a lowercase letter to a capital
 * ("Đà NẵngTừ ngày 1/7")? A page shows a separator there by its style sheet; a listener needs a
 * space. */
static bool joined_words(const vnr_buf *cur, const char *next)
{
    if (!cur->len)
        return false;
    size_t i = cur->len;
    while (i > 0 && ((unsigned char)cur->data[i - 1] & 0xC0) == 0x80)
        i--;
    int32_t last = 0, first = 0;
    if (i == 0 || !vnr_utf8_next(cur->data + i - 1, cur->len - i + 1, &last) ||
        !vnr_utf8_next(next, strlen(next), &first))
        return false;
    return is_lower(last) && vnr_tolower(first) != first;
}

/* The number an <ol> shows for item li: its start attribute, then one per <li> before. */
static long item_number(const xmlNode *li)
{
    xmlChar *start = xmlGetProp(li->parent, (const xmlChar *)"start");
    long n = start ? strtol((const char *)start, NULL, 10) : 1;
    xmlFree(start);
    for (const xmlNode *c = li->parent->children; c && c != li; c = c->next)
        n += name_is(c, "li");
    return n < 0 || n > 100000 ? 1 : n;
}

/* Does the text so far end with a line break, spaces aside? */
static bool ends_with_break(const vnr_buf *b)
{
    size_t i = b->len;
    while (i > 0 && (b->data[i - 1] == ' ' || b->data[i - 1] == '\t'))
        i--;
    return i > 0 && b->data[i - 1] == '\n';
}

static bool emit_enter(emitter *e, xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (!n->content)
            return false;
        xmlNode *owner = block_of(e->pg, n);
        if (!e->cur.len)
            e->owner = owner;
        if (e->inline_end && joined_words(&e->cur, (const char *)n->content))
            vnr_buf_putc(&e->cur, ' ');
        e->inline_end = false;
        bool pre = name_is(owner, "pre"); /* elsewhere a newline in the source is a space */
        for (const char *p = (const char *)n->content; *p; p++)
            vnr_buf_putc(&e->cur, !pre && (*p == '\n' || *p == '\r') ? ' ' : *p);
        return false;
    }
    if (n->type != XML_ELEMENT_NODE || dropped(e, n))
        return false;
    if (name_is(n, "br") && ends_with_break(&e->cur))
        flush(e); /* <br><br>: how pages without <p> make paragraphs */
    else if (name_is(n, "br"))
        vnr_buf_putc(&e->cur, '\n');
    else if (name_in(n, block_elements))
        flush(e);
    if (name_is(n, "li") && name_is(n->parent, "ol"))
        snprintf(e->number, sizeof e->number, "%ld.", item_number(n));
    return true;
}

static void emit_leave(emitter *e, xmlNode *n)
{
    e->inline_end = !name_in(n, block_elements);
    if (name_is(n, "td") || name_is(n, "th"))
        vnr_buf_putc(&e->cur, '\n'); /* a table row: one line per cell */
    else if (name_in(n, block_elements))
        flush(e);
}

/* The text of root and what it holds, without recursion. */
static void emit_tree(emitter *e, xmlNode *root)
{
    if (!emit_enter(e, root))
        return;
    xmlNode *n = root->children;
    while (n && e->st == VNR_OK) {
        if (emit_enter(e, n) && n->children) {
            n = n->children;
            continue;
        }
        if (n->type == XML_ELEMENT_NODE && !dropped(e, n))
            emit_leave(e, n);
        while (!n->next) {
            n = n->parent;
            if (!n || n == root) {
                emit_leave(e, root);
                flush(e);
                return;
            }
            emit_leave(e, n);
        }
        n = n->next;
    }
    emit_leave(e, root);
    flush(e);
}

/* --- Metadata.
 * ------------------------------------------------------------------------------------ */

static void read_one_meta(page *pg, xmlNode *n)
{
    xmlChar *key = xmlGetProp(n, (const xmlChar *)"property");
    if (!key)
        key = xmlGetProp(n, (const xmlChar *)"name");
    xmlChar *content = key ? xmlGetProp(n, (const xmlChar *)"content") : NULL;
    if (content) {
        const char *k = (const char *)key;
        char **slot = NULL;
        if (!strcasecmp(k, "og:title") || (!strcasecmp(k, "twitter:title") && !pg->title))
            slot = &pg->title;
        else if (!strcasecmp(k, "og:description") ||
                 (!strcasecmp(k, "description") && !pg->description))
            slot = &pg->description;
        if (slot) {
            free(*slot);
            *slot = strdup((const char *)content);
        }
    }
    xmlFree(key);
    xmlFree(content);
}

/* og:title and og:description (or twitter:title, description) from the <head>, and <title>. */
static void read_meta(page *pg, xmlNode *root)
{
    for (xmlNode *h = root->children; h; h = h->next) {
        if (!name_is(h, "head"))
            continue;
        for (xmlNode *n = h->children; n; n = n->next) {
            if (name_is(n, "meta"))
                read_one_meta(pg, n);
            else if (name_is(n, "title") && !pg->title_tag)
                pg->title_tag = (char *)xmlNodeGetContent(n);
        }
    }
}

/* Is the lead already in the body ("Cơn mưa kéo dài..." as its first paragraph)? Compared on
 * the first 60 bytes, without a trailing "..." a site may add to og:description. */
static bool in_blocks(const vnr_content *doc, size_t from, const char *text)
{
    char key[64];
    size_t n = 0;
    for (const char *p = text; *p && n < 60; p++)
        if (!isspace((unsigned char)*p) && *p != '.')
            key[n++] = *p;
    key[n] = '\0';
    for (size_t i = from; i < doc->n; i++) {
        char flat[4096];
        size_t k = 0;
        for (const char *p = doc->blocks[i].text; *p && k + 1 < sizeof flat; p++)
            if (!isspace((unsigned char)*p) && *p != '.')
                flat[k++] = *p;
        flat[k] = '\0';
        if (n && strstr(flat, key))
            return true;
    }
    return false;
}

/* Is the headline already read, as a heading with its text? (A table cell with the same words,
 * as an infobox starts with the title, does not count.) */
static bool title_in_blocks(const vnr_content *doc, const char *title)
{
    char want[1024], got[1024];
    size_t n = 0;
    for (const char *p = title; *p && n + 1 < sizeof want; p++)
        if (!isspace((unsigned char)*p))
            want[n++] = *p;
    want[n] = '\0';
    for (size_t i = 0; n && i < doc->n; i++) {
        if (doc->blocks[i].kind != VNR_BLOCK_HEADING)
            continue;
        size_t k = 0;
        for (const char *p = doc->blocks[i].text; *p && k + 1 < sizeof got; p++)
            if (!isspace((unsigned char)*p))
                got[k++] = *p;
        got[k] = '\0';
        if (strcmp(got, want) == 0)
            return true;
    }
    return false;
}

/* --- The whole extraction.
 * ------------------------------------------------------------------------ */

static vnr_status move_blocks(vnr_content *to, vnr_content *from)
{
    for (size_t i = 0; i < from->n; i++) {
        const vnr_block *b = &from->blocks[i];
        vnr_status st = content_add(to, b->kind, b->level, b->text, b->len);
        if (st != VNR_OK)
            return st;
    }
    return VNR_OK;
}

/* --- Structured data: a page built by its scripts may carry its article only in JSON-LD
 * ({"@type": "NewsArticle", "articleBody": "..."}), as search engines read it. --------------- */

static size_t hex4(const char *p)
{
    size_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return (size_t)-1;
        v = v * 16 + (size_t)d;
    }
    return v;
}

/* The JSON string value of "key" in json (the first one), decoded into out. */
static bool json_string(const char *json, const char *key, vnr_buf *out)
{
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", key);
    const char *p = strstr(json, quoted);
    if (!p)
        return false;
    p += strlen(quoted);
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':')
        p++;
    if (*p++ != '"')
        return false;
    for (; *p && *p != '"'; p++) {
        if (*p != '\\') {
            vnr_buf_putc(out, *p);
            continue;
        }
        char c = *++p;
        if (!c)
            break;
        if (c == 'u' && strlen(p + 1) >= 4 && hex4(p + 1) != (size_t)-1) {
            size_t cp = hex4(p + 1);
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && p[1] == '\\' && p[2] == 'u' && strlen(p + 3) >= 4 &&
                hex4(p + 3) >= 0xDC00 && hex4(p + 3) < 0xE000) { /* a surrogate pair */
                cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(p + 3) - 0xDC00);
                p += 6;
            }
            char utf8[4];
            if (cp && !(cp >= 0xD800 && cp < 0xE000))
                vnr_buf_append(out, utf8, vnr_utf8_encode((int32_t)cp, utf8));
        } else {
            vnr_buf_putc(out, c == 'n' ? '\n' : c == 't' ? ' ' : c == 'r' ? '\n' : c);
        }
    }
    return *p == '"' && !out->failed;
}

/* Each line of a JSON-LD script's articleBody a paragraph; a body with tags is not taken. */
static vnr_status from_script(xmlNode *n, vnr_content *body)
{
    vnr_status st = VNR_OK;
    if (!name_is(n, "script") || !attr_contains(n, "type", "ldjson"))
        return st;
    xmlChar *json = xmlNodeGetContent(n);
    vnr_buf text;
    vnr_buf_init(&text);
    if (json && json_string((const char *)json, "articleBody", &text) && text.len &&
        !memchr(text.data, '<', text.len)) {
        for (char *line = text.data; line && st == VNR_OK;) {
            char *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            st = content_add(body, VNR_BLOCK_PARAGRAPH, 0, line, len);
            line = nl ? nl + 1 : NULL;
        }
    }
    vnr_buf_free(&text);
    xmlFree(json);
    return st;
}

/* The scripts of the <head> (never walked: it is not read), then those of the body. */
static vnr_status structured_body(page *pg, vnr_content *body)
{
    vnr_status st = VNR_OK;
    xmlNode *root = pg->body ? pg->body->parent : NULL;
    for (xmlNode *h = root ? root->children : NULL; h; h = h->next)
        for (xmlNode *n = name_is(h, "head") ? h->children : NULL; n; n = n->next)
            if (st == VNR_OK && !body->n)
                st = from_script(n, body);
    for (size_t i = 0; i < pg->n && st == VNR_OK && !body->n; i++)
        st = from_script(pg->st[i].node, body);
    return st;
}

/* --- A listing page (a home page, a section front): no article, a list of stories. --------- */

/* Fewer story headlines than this and the page is not a list of stories (a lone link box). */
#define MIN_TEASERS 3
/* A story's title has words: "Làm việc tại gia" (a menu's "Video" or "Xem thêm" does not). */
#define MIN_TEASER_TITLE 12

/* A short title still names a story when its link ends in an article's number, as Vietnamese
 * sites' do ("/lo-tay-danh-vo-20190626102617457.htm", "-4309670.html", "-post1874068.html"); a
 * section's link ("/the-thao.htm") has none. */
#define MIN_SHORT_TITLE 6
#define ARTICLE_NUMBER_DIGITS 6

/* The first link at most three levels down: the heading's own. */
static const xmlNode *first_link(const xmlNode *n, int depth)
{
    if (name_is(n, "a"))
        return n;
    for (const xmlNode *c = depth ? n->children : NULL; c; c = c->next) {
        const xmlNode *a = c->type == XML_ELEMENT_NODE ? first_link(c, depth - 1) : NULL;
        if (a)
            return a;
    }
    return NULL;
}

static bool story_link(const xmlNode *n)
{
    const xmlNode *a = first_link(n, 3);
    xmlChar *href = a ? xmlGetProp(a, (const xmlChar *)"href") : NULL;
    const char *last = href ? strrchr((const char *)href, '/') : NULL;
    size_t run = 0, best = 0;
    for (const char *p = last; p && *p && *p != '?' && *p != '#'; p++) {
        run = isdigit((unsigned char)*p) ? run + 1 : 0;
        best = run > best ? run : best;
    }
    xmlFree(href);
    return best >= ARTICLE_NUMBER_DIGITS;
}

/* How far up a teaser looks for a box named for boilerplate: a story box is a few levels deep. */
#define TEASER_BOX_LEVELS 8

/* Inside a box named for related news, most read, ads... ("box-tinlienquan" under a short
 * article): such stories do not make a page a front page, though a front page reads them. */
static bool in_boilerplate_box(const page *pg, const xmlNode *n)
{
    int up = 0;
    for (const xmlNode *a = n->parent; a && a->_private && up < TEASER_BOX_LEVELS; a = a->parent) {
        if (stat_of(pg, a)->hints & HINT_BOILERPLATE_BIT)
            return true;
        up++;
    }
    return false;
}

/* A story's headline on a listing: an <h2>-<h4> that is all link, read, not a menu's heading. */
static bool teaser_title(const nstat *s)
{
    int level = heading_level(s->node);
    if (level < 2 || level > 4 || s->junk || s->in_junk || link_density(s) < 0.8 ||
        (s->hints & HINT_BOILERPLATE_BIT))
        return false;
    return s->text >= MIN_TEASER_TITLE || (s->text >= MIN_SHORT_TITLE && story_link(s->node));
}

/* Its lead, right after it in the same box: <h3 class="title-news"> then <p class="description">
 * (a link too, on VnExpress), read whole; a date line or a thumbnail is not one. */
static const nstat *teaser_lead(const page *pg, const xmlNode *title)
{
    for (const xmlNode *n = title->next; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const nstat *s = stat_of(pg, n);
        if (!s || s->junk || heading_level(n))
            return NULL;
        if (s->text >= 40 && ((s->hints & HINT_LEAD_BIT) || (name_is(n, "p") && s->stops)))
            return s;
        if (s->text) /* the first block with text after the title is the lead or nothing */
            return NULL;
    }
    return NULL;
}

/* A story's headline set in a <span> or <div> ("<span class="h2text"><a>CSGT bắt giữ xe 29 chỗ
 * ...</a></span>"), known by the lead (sapo) that follows it. */
static bool teaser_title_by_lead(const page *pg, const nstat *s)
{
    if (s->junk || s->in_junk || s->text < MIN_TEASER_TITLE || link_density(s) < 0.8 ||
        heading_level(s->node) || name_is(s->node, "a") ||
        (s->hints & (HINT_BOILERPLATE_BIT | HINT_LEAD_BIT)))
        return false;
    const nstat *l = teaser_lead(pg, s->node);
    return l && (l->hints & HINT_LEAD_BIT);
}

static size_t count_teasers(const page *pg)
{
    size_t teasers = 0;
    for (size_t i = 0; i < pg->n; i++)
        teasers += teaser_title(&pg->st[i]) && !in_boilerplate_box(pg, pg->st[i].node);
    return teasers;
}

/* Is the "article" found a box of story teasers on a front page (a top story's headline and
 * sapo), not an article? Half its text or more is headlines and their leads. An article page's
 * related stories below the article are not inside the article. */
static bool front_page_teaser(const page *pg, const nstat *top)
{
    if (!top || top->node == pg->body || !top->text || count_teasers(pg) < MIN_TEASERS)
        return false;
    size_t teaser_text = 0;
    for (size_t i = top->order; i < top->end && i < pg->n; i++) {
        const nstat *s = &pg->st[i];
        if ((!teaser_title(s) && !teaser_title_by_lead(pg, s)) || in_boilerplate_box(pg, s->node))
            continue;
        const nstat *l = teaser_lead(pg, s->node);
        teaser_text += s->text + (l ? l->text : 0);
    }
    return teaser_text * 2 >= top->text;
}

static bool is_teaser(const page *pg, const nstat *s)
{
    return teaser_title(s) || teaser_title_by_lead(pg, s);
}

/* Same words, spaces aside: the same story named twice on one front page. */
static bool same_words(const char *a, const char *b)
{
    for (;; a++, b++) {
        while (*a && isspace((unsigned char)*a))
            a++;
        while (*b && isspace((unsigned char)*b))
            b++;
        if (*a != *b)
            return false;
        if (!*a)
            return true;
    }
}

/* The lead of story i: its own, else that of the same story further down (Dân trí names a story
 * in the top list without its sapo, then again in its section with it). */
static const nstat *story_lead(page *pg, size_t i, const char *title)
{
    const nstat *l = teaser_lead(pg, pg->st[i].node);
    for (size_t j = i + 1; !l && j < pg->n; j++) {
        if (!is_teaser(pg, &pg->st[j]) || !(l = teaser_lead(pg, pg->st[j].node)))
            continue;
        char *t = node_text(pg->st[j].node);
        if (!t || !same_words(t, title))
            l = NULL;
        xmlFree(t);
    }
    return l;
}

/* A page with no article but story headlines (vnexpress.net, dantri.com.vn): each headline a
 * section and its lead, in page order, each story once, so a listener hears the front page and
 * can move from story to story. Fewer than MIN_TEASERS: nothing, and the page has no article. */
static vnr_status listing(page *pg, vnr_content *body)
{
    if (count_teasers(pg) < MIN_TEASERS)
        return VNR_OK;
    /* a headline read whole though it is a link; a lead as a lead is, without the related
     * stories linked below its text ("(Dân trí) - ...<br><a>>> Vụ việc...</a>") */
    emitter e = {.pg = pg, .doc = body, .st = VNR_OK, .all = true};
    emitter le = {.pg = pg, .doc = body, .st = VNR_OK};
    vnr_buf_init(&e.cur);
    vnr_buf_init(&le.cur);
    for (size_t i = 0; i < pg->n && e.st == VNR_OK; i++) {
        const nstat *s = &pg->st[i];
        char *t = is_teaser(pg, s) ? node_text(s->node) : NULL;
        if (t && !title_in_blocks(body, t)) {
            size_t before = body->n;
            emit_tree(&e, s->node);
            for (size_t b = before; b < body->n; b++) /* every story a section of the page */
                body->blocks[b].kind = VNR_BLOCK_HEADING, body->blocks[b].level = 2;
            le.lead = story_lead(pg, i, t);
            if (le.lead && e.st == VNR_OK)
                emit_tree(&le, le.lead->node);
            e.st = e.st == VNR_OK ? le.st : e.st;
        }
        xmlFree(t);
    }
    vnr_buf_free(&e.cur);
    vnr_buf_free(&le.cur);
    return e.st;
}

/* The article and the siblings that join it, in document order. */
static void emit_body(emitter *e, nstat *top)
{
    page *pg = e->pg;
    if (top && top->node->parent && top->node != pg->body) {
        double threshold = final_score(top) * 0.2 > 10 ? final_score(top) * 0.2 : 10;
        bool next_to_top = false;
        for (xmlNode *c = top->node->parent->children; c && e->st == VNR_OK; c = c->next) {
            const nstat *s = c->type == XML_ELEMENT_NODE ? stat_of(pg, c) : NULL;
            if (!s)
                continue;
            if (s == top || joins_article(s, top, threshold) || (next_to_top && signs_off(s)))
                emit_tree(e, c);
            next_to_top = s == top;
        }
    } else {
        emit_tree(e, top ? top->node : pg->body);
    }
}

static vnr_status emit_article(page *pg, vnr_content *doc, nstat *top)
{
    vnr_content *body = NULL;
    if (content_new(doc->name, VNR_DOC_HTML, &body) != VNR_OK)
        return VNR_ERR_NOMEM;
    emitter e = {.pg = pg, .doc = body, .st = VNR_OK};
    vnr_buf_init(&e.cur);
    nstat *head = headline(pg, top);
    nstat *lede = lead(pg, head, top);
    e.lead = lede;
    e.headline = head;
    e.captions = pg->opts->captions != 0;
    bool teaser = front_page_teaser(pg, top);
    if (!teaser)
        emit_body(&e, top);
    if (e.st == VNR_OK && !body->n && !e.captions && !teaser) { /* a photo story: its captions */
        e.captions = true;
        emit_body(&e, top);
    }
    if (e.st == VNR_OK && !body->n && !teaser) /* a page its scripts fill in: its JSON-LD text */
        e.st = structured_body(pg, body);
    bool front_page = e.st == VNR_OK && !body->n;
    if (front_page) /* no article at all: a home page's list of stories */
        e.st = listing(pg, body);
    if (e.bold_heading && e.bold_heading == body->n) /* the last line: a signature, not a title */
        body->blocks[body->n - 1].kind = VNR_BLOCK_PARAGRAPH, body->blocks[body->n - 1].level = 0;
    vnr_status st = e.st;
    vnr_buf_free(&e.cur);
    /* Nothing in the body: the headline alone is not an article ("no article text found"). */
    if (st == VNR_OK && body->n) {
        char *t = head ? node_text(head->node) : NULL;
        const char *title = t ? t : pg->title;
        if (title && !title_in_blocks(body, title))
            st = content_add(doc, VNR_BLOCK_HEADING, 1, title, strlen(title));
        xmlFree(t);
        t = lede ? node_text(lede->node) : NULL;
        /* a front page has no lead: og:description is the site's slogan, a sapo a story's */
        const char *lead_text = front_page ? NULL : t ? t : pg->description;
        if (st == VNR_OK && lead_text && (t || strlen(lead_text) >= 60) &&
            !in_blocks(body, 0, lead_text))
            st = content_add(doc, VNR_BLOCK_PARAGRAPH, 0, lead_text, strlen(lead_text));
        xmlFree(t);
        if (st == VNR_OK)
            st = move_blocks(doc, body);
    }
    vnr_content_free(body);
    return st;
}

vnr_status extract_html(vnr_content *doc, const char *html, size_t len, const char *charset,
                        const vnr_content_options *opts, vnr_diag *diag)
{
    if (len > INT32_MAX)
        return vnr_fail(diag, VNR_ERR_INVALID, "HTML page too large (over 2 GB)");
    if (memchr(html, '\0', len))
        return vnr_fail(diag, VNR_ERR_BINARY, "NUL byte: this looks like a binary file");
    pthread_once(&hints_once, load_hints);
    xmlDoc *x = html_parse(html, len, charset);
    xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
    if (!root) {
        xmlFreeDoc(x);
        return len && !x ? vnr_fail(diag, VNR_ERR_NOMEM, "out of memory") : VNR_OK;
    }
    page pg = {0};
    pg.opts = opts;
    vnr_status st = gather(&pg, root) ? VNR_OK : VNR_ERR_NOMEM;
    if (st == VNR_OK) {
        read_meta(&pg, root);
        for (size_t i = 0; i < pg.n && !pg.body; i++)
            if (name_is(pg.st[i].node, "body"))
                pg.body = pg.st[i].node;
        if (!pg.body)
            pg.body = root;
        score_paragraphs(&pg);
        nstat *top = top_candidate(&pg);
        st = emit_article(&pg, doc, top);
    }
    free(pg.st);
    free(pg.title);
    free(pg.description);
    xmlFree(pg.title_tag);
    xmlFreeDoc(x);
    return st == VNR_OK ? VNR_OK : vnr_fail(diag, st, "%s", vnr_status_message(st));
}

vnr_status extract_html_all(vnr_content *doc, const char *html, size_t len, vnr_diag *diag)
{
    if (len > INT32_MAX)
        return vnr_fail(diag, VNR_ERR_INVALID, "too large (over 2 GB)");
    if (memchr(html, '\0', len))
        return vnr_fail(diag, VNR_ERR_BINARY, "NUL byte: this looks like a binary file");
    xmlDoc *x = html_parse(html, len, NULL);
    xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
    vnr_content_options opts;
    vnr_content_options_init(&opts);
    opts.captions = 1;
    page pg = {0};
    pg.opts = &opts;
    vnr_status st = root && !gather(&pg, root) ? VNR_ERR_NOMEM : VNR_OK;
    if (root && st == VNR_OK) {
        for (size_t i = 0; i < pg.n && !pg.body; i++)
            if (name_is(pg.st[i].node, "body"))
                pg.body = pg.st[i].node;
        emitter e = {.pg = &pg, .doc = doc, .st = VNR_OK, .all = true};
        vnr_buf_init(&e.cur);
        emit_tree(&e, pg.body ? pg.body : root);
        vnr_buf_free(&e.cur);
        st = e.st;
    }
    free(pg.st);
    xmlFreeDoc(x);
    return st == VNR_OK ? VNR_OK : vnr_fail(diag, st, "%s", vnr_status_message(st));
}
