/* office.c - word-processor documents: Word (.docx, Office Open XML) and OpenDocument text (.odt).
 *
 * Both are zips of XML. The text is read in document order as blocks: headings (from the style:
 * "Heading 2", a localized style whose name or outline level says heading, ODF's <text:h>),
 * paragraphs, list items (numbered ones get their number, "1.", "a)", as government documents
 * are read aloud: "Điều 1."), and tables one row per block, one cell per line. Footnotes and
 * endnotes are read at the end, numbered; tables of contents, comments, deleted text and page
 * headers/footers are not read. Recursion follows the XML, whose depth libxml2 caps at 256. */
#include "text/zipdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *attr(const xmlNode *n, const char *name)
{
    /* Attributes come with a namespace prefix (w:val, text:outline-level): match the local name. */
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0) {
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            char *s = v ? strdup((const char *)v) : NULL;
            xmlFree(v);
            return s;
        }
    return NULL;
}

static long attr_long(const xmlNode *n, const char *name, long fallback)
{
    char *v = attr(n, name);
    char *end = NULL;
    long x = v ? strtol(v, &end, 10) : fallback;
    if (v && (end == v || *end))
        x = fallback;
    free(v);
    return x;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (xml_is(c, name))
            return c;
    return NULL;
}

/* --- Building blocks.
 * ----------------------------------------------------------------------------- */

typedef struct builder {
    vnr_content *doc;
    vnr_buf text;  /* the paragraph being read */
    vnr_buf notes; /* footnotes, read at the end: "1. Theo Luật Đất đai 2024." */
    int note_count;
    vnr_status st;
} builder;

static void put_block(builder *b, vnr_block_kind kind, int level, const char *prefix)
{
    if (b->st == VNR_OK && b->text.len) {
        vnr_buf line;
        vnr_buf_init(&line);
        if (prefix && *prefix) {
            vnr_buf_puts(&line, prefix);
            vnr_buf_putc(&line, ' ');
        }
        vnr_buf_append(&line, b->text.data, b->text.len);
        b->st = line.failed ? VNR_ERR_NOMEM : content_add(b->doc, kind, level, line.data, line.len);
        vnr_buf_free(&line);
    }
    if (b->text.failed && b->st == VNR_OK)
        b->st = VNR_ERR_NOMEM;
    vnr_buf_clear(&b->text);
}

static void builder_init(builder *b, vnr_content *doc)
{
    b->doc = doc;
    vnr_buf_init(&b->text);
    vnr_buf_init(&b->notes);
}

static void builder_free(builder *b)
{
    vnr_buf_free(&b->text);
    vnr_buf_free(&b->notes);
}

/* A note's text joins the notes read at the end, numbered: "1. Theo Luật Đất đai 2024." */
static void add_note(builder *b, const vnr_buf *text)
{
    if (!text->len)
        return;
    char num[32];
    snprintf(num, sizeof num, "%s%d. ", b->notes.len ? "\n" : "", ++b->note_count);
    vnr_buf_puts(&b->notes, num);
    vnr_buf_append(&b->notes, text->data, text->len);
}

/* Paragraphs of one table cell are read on one line: a space between them, none after the
 * line break that ends the previous cell. */
static void cell_space(builder *b)
{
    if (b->text.len && b->text.data[b->text.len - 1] != '\n')
        vnr_buf_putc(&b->text, ' ');
}

static void put_notes(builder *b)
{
    if (b->st == VNR_OK && b->notes.len)
        b->st = content_add(b->doc, VNR_BLOCK_PARAGRAPH, 0, b->notes.data, b->notes.len);
    if (b->notes.failed && b->st == VNR_OK)
        b->st = VNR_ERR_NOMEM;
}

/* Numbers of list items: "1.", "2."... per list and level; "a)", "I." as the format says. */
static void format_number(const char *fmt, const char *pattern, int value, char *out, size_t cap)
{
    char num[32];
    if (strcmp(fmt, "lowerLetter") == 0 || strcmp(fmt, "a") == 0)
        snprintf(num, sizeof num, "%c", 'a' + (value - 1) % 26);
    else if (strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "A") == 0)
        snprintf(num, sizeof num, "%c", 'A' + (value - 1) % 26);
    else if (strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0 ||
             strcmp(fmt, "I") == 0 || strcmp(fmt, "i") == 0) {
        static const char *const roman[] = {"I",    "II",  "III",  "IV",    "V",   "VI",   "VII",
                                            "VIII", "IX",  "X",    "XI",    "XII", "XIII", "XIV",
                                            "XV",   "XVI", "XVII", "XVIII", "XIX", "XX"};
        snprintf(num, sizeof num, "%s", value >= 1 && value <= 20 ? roman[value - 1] : "?");
        if (fmt[0] == 'l' || fmt[0] == 'i')
            for (char *p = num; *p; p++)
                *p = (char)(*p - 'A' + 'a');
    } else {
        snprintf(num, sizeof num, "%d", value);
    }
    /* the pattern: "%1." -> "1.", "%1)" -> "1)"; ODF gives prefix/suffix instead */
    const char *mark = strchr(pattern, '%');
    if (mark && mark[1] >= '1' && mark[1] <= '9')
        snprintf(out, cap, "%.*s%s%s", (int)(mark - pattern), pattern, num, mark + 2);
    else
        snprintf(out, cap, "%s%s", num, pattern);
}

/* --- Word: word/document.xml, styles.xml, numbering.xml, footnotes.xml, endnotes.xml. ------ */

#define MAX_LEVELS 9
#define MAX_LISTS 64

typedef struct docx {
    builder b;
    xmlDoc *styles, *numbering, *footnotes, *endnotes;
    struct {
        long num_id;
        int count[MAX_LEVELS];
    } lists[MAX_LISTS];
    size_t n_lists;
} docx;

static xmlNode *root_of(xmlDoc *x)
{
    return x ? xmlDocGetRootElement(x) : NULL;
}

/* The heading level of a paragraph style: "Heading2" or a style named "heading 2", "Title",
 * or one whose paragraph properties give an outline level. 0: not a heading. */
static int style_level(docx *d, const char *style_id)
{
    if (!style_id)
        return 0;
    for (xmlNode *s = root_of(d->styles) ? root_of(d->styles)->children : NULL; s; s = s->next) {
        char *id = xml_is(s, "style") ? attr(s, "styleId") : NULL;
        bool same = id && strcmp(id, style_id) == 0;
        free(id);
        if (!same)
            continue;
        xmlNode *name = child(s, "name"), *ppr = child(s, "pPr");
        char *v = name ? attr(name, "val") : NULL;
        int level = 0;
        if (v && (strncmp(v, "heading ", 8) == 0 || strncmp(v, "Heading ", 8) == 0))
            level = atoi(v + 8);
        else if (v && (strcmp(v, "Title") == 0 || strcmp(v, "title") == 0))
            level = 1;
        free(v);
        xmlNode *outline = child(ppr, "outlineLvl");
        if (!level && outline)
            level = (int)attr_long(outline, "val", 9) + 1;
        return level >= 1 && level <= 6 ? level : 0;
    }
    if (strncmp(style_id, "Heading", 7) == 0) /* no styles.xml: Word's built-in ids */
        return atoi(style_id + 7) >= 1 && atoi(style_id + 7) <= 6 ? atoi(style_id + 7) : 0;
    return strcmp(style_id, "Title") == 0;
}

/* numbering.xml: <w:num w:numId> -> <w:abstractNum> -> <w:lvl w:ilvl> with numFmt, lvlText. */
static xmlNode *list_level(docx *d, long num_id, long ilvl)
{
    xmlNode *root = root_of(d->numbering);
    char *abstract_id = NULL;
    for (xmlNode *n = root ? root->children : NULL; n && !abstract_id; n = n->next)
        if (xml_is(n, "num") && attr_long(n, "numId", -1) == num_id && child(n, "abstractNumId"))
            abstract_id = attr(child(n, "abstractNumId"), "val");
    xmlNode *found = NULL;
    for (xmlNode *a = root && abstract_id ? root->children : NULL; a && !found; a = a->next) {
        char *id = xml_is(a, "abstractNum") ? attr(a, "abstractNumId") : NULL;
        if (id && strcmp(id, abstract_id) == 0)
            for (xmlNode *l = a->children; l && !found; l = l->next)
                if (xml_is(l, "lvl") && attr_long(l, "ilvl", -1) == ilvl)
                    found = l;
        free(id);
    }
    free(abstract_id);
    return found;
}

/* "1.", "a)" for a numbered item; "" for bullets. Counts per list and level; a deeper level
 * restarts when a shallower one moves on. */
static void list_prefix(docx *d, long num_id, long ilvl, char *out, size_t cap)
{
    out[0] = '\0';
    if (ilvl < 0 || ilvl >= MAX_LEVELS || num_id <= 0)
        return;
    xmlNode *lvl = list_level(d, num_id, ilvl);
    char *fmt = lvl && child(lvl, "numFmt") ? attr(child(lvl, "numFmt"), "val") : NULL;
    char *text = lvl && child(lvl, "lvlText") ? attr(child(lvl, "lvlText"), "val") : NULL;
    if (fmt && strcmp(fmt, "bullet") != 0 && strcmp(fmt, "none") != 0) {
        size_t i = 0;
        while (i < d->n_lists && d->lists[i].num_id != num_id)
            i++;
        if (i == d->n_lists && i < MAX_LISTS) {
            d->n_lists++;
            d->lists[i].num_id = num_id;
            memset(d->lists[i].count, 0, sizeof d->lists[i].count);
        }
        if (i < MAX_LISTS) {
            int value = ++d->lists[i].count[ilvl];
            for (long k = ilvl + 1; k < MAX_LEVELS; k++)
                d->lists[i].count[k] = 0;
            format_number(fmt, text ? text : "%1.", value, out, cap);
        }
    }
    free(fmt);
    free(text);
}

static void docx_note_text(docx *d, xmlNode *n, vnr_buf *out);

/* The text of runs: <w:t>, tabs and breaks; not deleted text, field codes or fallbacks. */
static void docx_runs(docx *d, xmlNode *n, vnr_buf *out)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is(n, "t")) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t)
                vnr_buf_puts(out, (const char *)t);
            xmlFree(t);
        } else if (xml_is(n, "tab")) {
            vnr_buf_putc(out, ' ');
        } else if (xml_is(n, "br") || xml_is(n, "cr")) {
            vnr_buf_putc(out, '\n');
        } else if (xml_is(n, "noBreakHyphen")) {
            vnr_buf_putc(out, '-');
        } else if (xml_is(n, "footnoteReference") || xml_is(n, "endnoteReference")) {
            docx_note_text(d, n, out);
        } else if (!xml_is(n, "Fallback") && !xml_is(n, "del") && !xml_is(n, "instrText") &&
                   !xml_is(n, "delText") && !xml_is(n, "pPr") && !xml_is(n, "rPr") &&
                   !xml_is(n, "txbxContent")) {
            docx_runs(d, n->children, out);
        }
    }
}

/* A footnote reference: its text joins the notes read at the end; nothing is said in place. */
static void docx_note_text(docx *d, xmlNode *ref, vnr_buf *out)
{
    (void)out;
    bool foot = xml_is(ref, "footnoteReference");
    long id = attr_long(ref, "id", -1);
    xmlNode *root = root_of(foot ? d->footnotes : d->endnotes);
    for (xmlNode *n = root ? root->children : NULL; n; n = n->next) {
        if (!(xml_is(n, "footnote") || xml_is(n, "endnote")) || attr_long(n, "id", -2) != id)
            continue;
        vnr_buf text;
        vnr_buf_init(&text);
        for (xmlNode *p = n->children; p; p = p->next)
            if (xml_is(p, "p")) {
                if (text.len)
                    vnr_buf_putc(&text, ' ');
                docx_runs(d, p->children, &text);
            }
        add_note(&d->b, &text);
        vnr_buf_free(&text);
        return;
    }
}

static void docx_paragraph(docx *d, xmlNode *p)
{
    xmlNode *ppr = child(p, "pPr");
    char *style = child(ppr, "pStyle") ? attr(child(ppr, "pStyle"), "val") : NULL;
    int level = style_level(d, style);
    free(style);
    xmlNode *outline = child(ppr, "outlineLvl");
    if (!level && outline) {
        long l = attr_long(outline, "val", 9) + 1;
        level = l >= 1 && l <= 6 ? (int)l : 0;
    }
    char prefix[64] = "";
    xmlNode *num = child(ppr, "numPr");
    if (num && !level)
        list_prefix(d, child(num, "numId") ? attr_long(child(num, "numId"), "val", 0) : 0,
                    child(num, "ilvl") ? attr_long(child(num, "ilvl"), "val", 0) : 0, prefix,
                    sizeof prefix);
    docx_runs(d, p->children, &d->b.text);
    put_block(&d->b, level ? VNR_BLOCK_HEADING : VNR_BLOCK_PARAGRAPH, level, prefix);
}

/* A table: one block per row, the text of each cell on its own line. */
static void docx_table(docx *d, xmlNode *tbl)
{
    for (xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!xml_is(tr, "tr"))
            continue;
        for (xmlNode *tc = tr->children; tc; tc = tc->next) {
            if (!xml_is(tc, "tc"))
                continue;
            for (xmlNode *p = tc->children; p; p = p->next)
                if (xml_is(p, "p") || xml_is(p, "tbl")) {
                    cell_space(&d->b);
                    docx_runs(d, p->children, &d->b.text);
                }
            vnr_buf_putc(&d->b.text, '\n');
        }
        put_block(&d->b, VNR_BLOCK_PARAGRAPH, 0, NULL);
    }
}

/* A content control marked as a table of contents is the document's own index: not read. */
static bool is_toc(xmlNode *sdt)
{
    xmlNode *gallery = child(child(child(sdt, "sdtPr"), "docPartObj"), "docPartGallery");
    char *v = gallery ? attr(gallery, "val") : NULL;
    bool toc = v && strstr(v, "Table of Contents");
    free(v);
    return toc;
}

static void docx_body(docx *d, xmlNode *n)
{
    for (; n && d->b.st == VNR_OK; n = n->next) {
        if (xml_is(n, "p"))
            docx_paragraph(d, n);
        else if (xml_is(n, "tbl"))
            docx_table(d, n);
        else if (xml_is(n, "sdt") && !is_toc(n))
            docx_body(d, child(n, "sdtContent") ? child(n, "sdtContent")->children : NULL);
        else if (xml_is(n, "customXml") || xml_is(n, "ins"))
            docx_body(d, n->children);
    }
}

static void optional_part(zip_t *z, const char *name, xmlDoc **out)
{
    if (zipdoc_has(z, name))
        zipdoc_xml(z, name, out, NULL); /* without it, headings and numbers are only plainer */
}

vnr_status read_docx(vnr_content *doc, const void *data, size_t len, vnr_diag *diag)
{
    zip_t *z = NULL;
    vnr_status st = zipdoc_open(data, len, &z, diag);
    if (st != VNR_OK)
        return st;
    xmlDoc *main = NULL;
    if (!zipdoc_has(z, "word/document.xml"))
        st = vnr_fail(diag, VNR_ERR_DOCUMENT, "not a Word document: word/document.xml is missing");
    else
        st = zipdoc_xml(z, "word/document.xml", &main, diag);
    docx *d = st == VNR_OK ? calloc(1, sizeof *d) : NULL;
    if (st == VNR_OK && !d)
        st = vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (d) {
        builder_init(&d->b, doc);
        optional_part(z, "word/styles.xml", &d->styles);
        optional_part(z, "word/numbering.xml", &d->numbering);
        optional_part(z, "word/footnotes.xml", &d->footnotes);
        optional_part(z, "word/endnotes.xml", &d->endnotes);
        xmlNode *body = child(xmlDocGetRootElement(main), "body");
        docx_body(d, body ? body->children : NULL);
        put_notes(&d->b);
        st =
            d->b.st == VNR_OK ? VNR_OK : vnr_fail(diag, d->b.st, "%s", vnr_status_message(d->b.st));
        builder_free(&d->b);
        xmlFreeDoc(d->styles), xmlFreeDoc(d->numbering);
        xmlFreeDoc(d->footnotes), xmlFreeDoc(d->endnotes);
        free(d);
    }
    xmlFreeDoc(main);
    zip_discard(z);
    return st;
}

/* --- OpenDocument: content.xml. -----------------------------------------------------------------
 */

typedef struct odt {
    builder b;
    int list_depth;
    int counts[MAX_LEVELS]; /* numbered items of the current list, per level */
    bool numbered[MAX_LEVELS];
    bool fresh_item[MAX_LEVELS]; /* the item's first paragraph takes the number */
} odt;

static void odt_inline(odt *o, xmlNode *n, vnr_buf *out);

/* A note: its body goes to the notes read at the end; its citation ("1") is not read. */
static void odt_note(odt *o, xmlNode *note)
{
    vnr_buf text;
    vnr_buf_init(&text);
    xmlNode *body = child(note, "note-body");
    for (xmlNode *p = body ? body->children : NULL; p; p = p->next) {
        if (text.len)
            vnr_buf_putc(&text, ' ');
        odt_inline(o, p->children, &text);
    }
    add_note(&o->b, &text);
    vnr_buf_free(&text);
}

static void odt_inline(odt *o, xmlNode *n, vnr_buf *out)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE && n->content) {
            vnr_buf_puts(out, (const char *)n->content);
        } else if (xml_is(n, "s")) { /* <text:s text:c="3"/>: spaces */
            vnr_buf_putc(out, ' ');
        } else if (xml_is(n, "tab")) {
            vnr_buf_putc(out, ' ');
        } else if (xml_is(n, "line-break")) {
            vnr_buf_putc(out, '\n');
        } else if (xml_is(n, "note")) {
            odt_note(o, n);
        } else if (n->type == XML_ELEMENT_NODE && !xml_is(n, "annotation") &&
                   !xml_is(n, "annotation-end") && !xml_is(n, "tracked-changes") &&
                   !xml_is(n, "frame")) {
            odt_inline(o, n->children, out);
        }
    }
}

static void odt_blocks(odt *o, xmlNode *n);

/* <text:list>: items in order; a list with a number style counts its items. Which lists are
 * numbered is in the styles; an item may also restart the count (text:start-value). */
static void odt_list(odt *o, xmlNode *list, bool numbered)
{
    int depth = o->list_depth;
    if (depth < MAX_LEVELS) {
        o->counts[depth] = 0;
        o->numbered[depth] = numbered;
    }
    o->list_depth++;
    for (xmlNode *item = list->children; item && o->b.st == VNR_OK; item = item->next) {
        if (!xml_is(item, "list-item") && !xml_is(item, "list-header"))
            continue;
        if (depth < MAX_LEVELS) {
            long start = attr_long(item, "start-value", 0);
            o->counts[depth] = start > 0 ? (int)start - 1 : o->counts[depth];
            o->counts[depth] += xml_is(item, "list-item");
            o->fresh_item[depth] = xml_is(item, "list-item");
        }
        odt_blocks(o, item->children);
    }
    o->list_depth--;
}

static bool odt_list_numbered(xmlNode *list, xmlDoc *content)
{
    char *style = attr(list, "style-name");
    bool numbered = false;
    /* automatic styles: <text:list-style style:name="L1"><text:list-level-style-number .../> */
    xmlNode *root = style ? xmlDocGetRootElement(content) : NULL;
    xmlNode *autos = child(root, "automatic-styles");
    for (xmlNode *s = autos ? autos->children : NULL; s && !numbered; s = s->next) {
        char *name = xml_is(s, "list-style") ? attr(s, "name") : NULL;
        if (name && strcmp(name, style) == 0)
            numbered = child(s, "list-level-style-number") != NULL;
        free(name);
    }
    free(style);
    return numbered;
}

static void odt_paragraph(odt *o, xmlNode *p, vnr_block_kind kind, int level)
{
    char prefix[32] = "";
    int depth = o->list_depth - 1;
    if (depth >= 0 && depth < MAX_LEVELS && o->numbered[depth] && o->fresh_item[depth] &&
        kind == VNR_BLOCK_PARAGRAPH)
        snprintf(prefix, sizeof prefix, "%d.", o->counts[depth]);
    if (depth >= 0 && depth < MAX_LEVELS)
        o->fresh_item[depth] = false;
    odt_inline(o, p->children, &o->b.text);
    put_block(&o->b, kind, level, prefix);
}

static void odt_table(odt *o, xmlNode *n)
{
    for (; n; n = n->next) {
        if (xml_is(n, "table-row")) {
            for (xmlNode *cell = n->children; cell; cell = cell->next)
                if (xml_is(cell, "table-cell")) {
                    for (xmlNode *p = cell->children; p; p = p->next)
                        if (xml_is(p, "p") || xml_is(p, "h")) {
                            cell_space(&o->b);
                            odt_inline(o, p->children, &o->b.text);
                        }
                    vnr_buf_putc(&o->b.text, '\n');
                }
            put_block(&o->b, VNR_BLOCK_PARAGRAPH, 0, NULL);
        } else if (n->type == XML_ELEMENT_NODE) { /* header rows, row groups */
            odt_table(o, n->children);
        }
    }
}

static void odt_blocks(odt *o, xmlNode *n)
{
    for (; n && o->b.st == VNR_OK; n = n->next) {
        if (xml_is(n, "h")) {
            long level = attr_long(n, "outline-level", 1);
            odt_paragraph(o, n, VNR_BLOCK_HEADING, level < 1 ? 1 : level > 6 ? 6 : (int)level);
        } else if (xml_is(n, "p")) {
            odt_paragraph(o, n, VNR_BLOCK_PARAGRAPH, 0);
        } else if (xml_is(n, "list")) {
            odt_list(o, n, odt_list_numbered(n, n->doc));
        } else if (xml_is(n, "table")) {
            odt_table(o, n->children);
        } else if (n->type == XML_ELEMENT_NODE && !xml_is(n, "table-of-content") &&
                   !xml_is(n, "sequence-decls") && !xml_is(n, "tracked-changes") &&
                   !xml_is(n, "illustration-index") && !xml_is(n, "alphabetical-index")) {
            odt_blocks(o, n->children); /* sections and other containers */
        }
    }
}

/* A password-protected ODF file lists encryption data for its parts in the manifest. */
static bool odf_encrypted(zip_t *z)
{
    vnr_buf m;
    vnr_buf_init(&m);
    bool yes = zipdoc_has(z, "META-INF/manifest.xml") &&
               zipdoc_read(z, "META-INF/manifest.xml", &m, NULL) == VNR_OK && m.data &&
               strstr(m.data, "encryption-data");
    vnr_buf_free(&m);
    return yes;
}

vnr_status read_odt(vnr_content *doc, const void *data, size_t len, vnr_diag *diag)
{
    zip_t *z = NULL;
    vnr_status st = zipdoc_open(data, len, &z, diag);
    if (st != VNR_OK)
        return st;
    xmlDoc *content = NULL;
    if (odf_encrypted(z))
        st = vnr_fail(diag, VNR_ERR_DOCUMENT, "encrypted (password protected) document");
    else
        st = zipdoc_xml(z, "content.xml", &content, diag);
    odt *o = st == VNR_OK ? calloc(1, sizeof *o) : NULL;
    if (st == VNR_OK && !o)
        st = vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (o) {
        builder_init(&o->b, doc);
        xmlNode *body = child(xmlDocGetRootElement(content), "body");
        xmlNode *text = child(body, "text");
        if (!text)
            st = vnr_fail(diag, VNR_ERR_DOCUMENT, "not a text document (no office:text)");
        else
            odt_blocks(o, text->children);
        put_notes(&o->b);
        if (st == VNR_OK && o->b.st != VNR_OK)
            st = vnr_fail(diag, o->b.st, "%s", vnr_status_message(o->b.st));
        builder_free(&o->b);
        free(o);
    }
    xmlFreeDoc(content);
    zip_discard(z);
    return st;
}
