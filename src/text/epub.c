/* epub.c - e-books (.epub, versions 2 and 3): the chapters in spine order, each one a section.
 *
 * META-INF/container.xml names the package (OPF) file; its manifest lists the files and its
 * spine the reading order. The navigation document (EPUB 3 "nav") and the NCX (EPUB 2) are the
 * table of contents: not read as text, but their labels name chapters that have no heading of
 * their own ("Chương 1" for a chapter file that starts with its first paragraph). */
#include "text/zipdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first element called name at or under n (the files are shallow: libxml2 caps depth). */
static xmlNode *find(xmlNode *n, const char *name)
{
    for (; n; n = n->next) {
        if (xml_is(n, name))
            return n;
        xmlNode *below = n->type == XML_ELEMENT_NODE ? find(n->children, name) : NULL;
        if (below)
            return below;
    }
    return NULL;
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
}

/* "OEBPS/content.opf" + "../Text/ch%201.xhtml#p3" -> "Text/ch 1.xhtml". */
static void resolve(const char *base_file, const char *href, char *out, size_t cap)
{
    char path[2048];
    const char *slash = strrchr(base_file, '/');
    size_t dir = slash ? (size_t)(slash - base_file) + 1 : 0;
    snprintf(path, sizeof path, "%.*s%s", (int)dir, base_file, href);
    path[strcspn(path, "#?")] = '\0';
    size_t k = 0;
    for (const char *p = path; *p && k + 1 < cap; p++) { /* percent-decoding */
        unsigned v;
        if (*p == '%' && p[1] && p[2] && sscanf(p + 1, "%2x", &v) == 1) {
            out[k++] = (char)v;
            p += 2;
        } else {
            out[k++] = *p;
        }
    }
    out[k] = '\0';
    /* "a/b/../c" -> "a/c", "./x" -> "x" */
    for (char *dots; (dots = strstr(out, "/../")) != NULL;) {
        char *start = dots;
        while (start > out && start[-1] != '/')
            start--;
        memmove(start, dots + 4, strlen(dots + 4) + 1);
    }
    while (strncmp(out, "./", 2) == 0)
        memmove(out, out + 2, strlen(out + 2) + 1);
}

/* --- Table of contents labels: file -> "Chương 1". ------------------------------------------- */

typedef struct toc {
    char **files, **labels;
    size_t n, cap;
} toc;

static void toc_add(toc *t, const char *file, const char *label)
{
    if (!label || !*label)
        return;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->files[i], file) == 0)
            return; /* the first entry for a file names it */
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **f = realloc(t->files, cap * sizeof *f);
        if (f)
            t->files = f;
        char **l = f ? realloc(t->labels, cap * sizeof *l) : NULL;
        if (!l)
            return;
        t->labels = l, t->cap = cap;
    }
    char *fc = strdup(file), *lc = strdup(label);
    if (!fc || !lc) {
        free(fc), free(lc);
        return;
    }
    t->files[t->n] = fc, t->labels[t->n++] = lc;
}

static const char *toc_label(const toc *t, const char *file)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->files[i], file) == 0)
            return t->labels[i];
    return NULL;
}

static void toc_free(toc *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->files[i]), free(t->labels[i]);
    free(t->files), free(t->labels);
}

/* One entry of the table of contents; its target is relative to the file that lists it. Takes
 * href and text (either may be missing: nothing is added). */
static void toc_add_link(toc *t, const char *list_path, char *href, xmlChar *text)
{
    if (href && text) {
        char file[2048];
        resolve(list_path, href, file, sizeof file);
        toc_add(t, file, (const char *)text);
    }
    free(href);
    xmlFree(text);
}

/* NCX: <navPoint><navLabel><text>Chương 1</text></navLabel><content src="ch1.xhtml"/>. */
static void toc_from_ncx(toc *t, xmlNode *n, const char *ncx_path)
{
    for (; n; n = n->next) {
        if (xml_is(n, "navPoint")) {
            xmlNode *label = find(n->children, "text"), *content = find(n->children, "content");
            toc_add_link(t, ncx_path, content ? attr(content, "src") : NULL,
                         label ? xmlNodeGetContent(label) : NULL);
        }
        if (n->type == XML_ELEMENT_NODE)
            toc_from_ncx(t, n->children, ncx_path);
    }
}

/* EPUB 3 nav: <a href="ch1.xhtml">Chương 1</a> inside <nav>. */
static void toc_from_nav(toc *t, xmlNode *n, const char *nav_path)
{
    for (; n; n = n->next) {
        if (xml_is(n, "a")) {
            toc_add_link(t, nav_path, attr(n, "href"), xmlNodeGetContent(n));
        } else if (n->type == XML_ELEMENT_NODE) {
            toc_from_nav(t, n->children, nav_path);
        }
    }
}

static void read_toc(zip_t *z, const char *path, bool is_ncx, toc *t)
{
    xmlDoc *x = NULL;
    if (zipdoc_xml(z, path, &x, NULL) != VNR_OK)
        return; /* a book without a usable table of contents is still read */
    if (is_ncx)
        toc_from_ncx(t, xmlDocGetRootElement(x), path);
    else
        toc_from_nav(t, xmlDocGetRootElement(x), path);
    xmlFreeDoc(x);
}

/* --- Chapters. ----------------------------------------------------------------------------------
 */

static vnr_status read_chapter(vnr_content *doc, zip_t *z, const char *file, const char *label,
                               vnr_diag *diag)
{
    vnr_buf b;
    vnr_buf_init(&b);
    vnr_status st = zipdoc_read(z, file, &b, diag);
    vnr_content *ch = NULL;
    if (st == VNR_OK && content_new(file, VNR_DOC_EPUB, &ch) != VNR_OK)
        st = vnr_fail(diag, VNR_ERR_NOMEM, "out of memory");
    if (st == VNR_OK) {
        vnr_diag inner = {""};
        st = extract_html_all(ch, b.data ? b.data : "", b.len, &inner);
        if (st != VNR_OK)
            vnr_fail(diag, st, "%s: %s", file, inner.text);
    }
    /* A chapter is a section: it starts with a heading, its own or the contents' label. */
    if (st == VNR_OK && ch->n && ch->blocks[0].kind != VNR_BLOCK_HEADING && label)
        st = content_add(doc, VNR_BLOCK_HEADING, 1, label, strlen(label));
    for (size_t i = 0; st == VNR_OK && ch && i < ch->n; i++)
        st = content_add(doc, ch->blocks[i].kind, ch->blocks[i].level, ch->blocks[i].text,
                         ch->blocks[i].len);
    vnr_content_free(ch);
    vnr_buf_free(&b);
    return st;
}

typedef struct package {
    xmlNode *manifest, *spine;
    char path[2048]; /* of the OPF file */
} package;

static xmlNode *manifest_item(const package *p, const char *id)
{
    for (xmlNode *n = p->manifest->children; n; n = n->next) {
        char *item_id = xml_is(n, "item") ? attr(n, "id") : NULL;
        bool same = item_id && strcmp(item_id, id) == 0;
        free(item_id);
        if (same)
            return n;
    }
    return NULL;
}

static bool attr_has(const xmlNode *n, const char *name, const char *word)
{
    char *v = attr(n, name);
    bool has = v && strstr(v, word);
    free(v);
    return has;
}

/* The table of contents: the nav item (EPUB 3), else the spine's NCX (EPUB 2). */
static void load_toc(zip_t *z, const package *p, toc *t)
{
    for (xmlNode *n = p->manifest->children; n; n = n->next)
        if (xml_is(n, "item") && attr_has(n, "properties", "nav")) {
            char *href = attr(n, "href"), file[2048];
            if (href) {
                resolve(p->path, href, file, sizeof file);
                read_toc(z, file, false, t);
            }
            free(href);
        }
    char *ncx_id = t->n ? NULL : attr(p->spine, "toc");
    xmlNode *ncx = ncx_id ? manifest_item(p, ncx_id) : NULL;
    char *href = ncx ? attr(ncx, "href") : NULL, file[2048];
    if (href) {
        resolve(p->path, href, file, sizeof file);
        read_toc(z, file, true, t);
    }
    free(href);
    free(ncx_id);
}

static vnr_status read_spine(vnr_content *doc, zip_t *z, const package *p, vnr_diag *diag)
{
    toc t = {0};
    load_toc(z, p, &t);
    vnr_status st = VNR_OK;
    size_t chapters = 0;
    for (xmlNode *ref = p->spine->children; ref && st == VNR_OK; ref = ref->next) {
        char *idref = xml_is(ref, "itemref") ? attr(ref, "idref") : NULL;
        char *linear = idref ? attr(ref, "linear") : NULL;
        xmlNode *item =
            idref && !(linear && strcmp(linear, "no") == 0) ? manifest_item(p, idref) : NULL;
        char *href = item ? attr(item, "href") : NULL;
        if (href && !attr_has(item, "properties", "nav")) { /* the contents are not read */
            char file[2048];
            resolve(p->path, href, file, sizeof file);
            st = read_chapter(doc, z, file, toc_label(&t, file), diag);
            chapters++;
        }
        free(href), free(linear), free(idref);
    }
    toc_free(&t);
    if (st == VNR_OK && !chapters)
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "broken EPUB: the spine lists no chapters");
    return st;
}

static vnr_status open_package(zip_t *z, package *p, xmlDoc **opf, vnr_diag *diag)
{
    xmlDoc *container = NULL;
    vnr_status st = zipdoc_xml(z, "META-INF/container.xml", &container, diag);
    if (st != VNR_OK)
        return vnr_fail(diag, st, "broken EPUB: META-INF/container.xml is missing or invalid");
    xmlNode *root = find(xmlDocGetRootElement(container), "rootfile");
    char *full = root ? attr(root, "full-path") : NULL;
    xmlFreeDoc(container);
    if (!full)
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "broken EPUB: no package file named");
    snprintf(p->path, sizeof p->path, "%s", full);
    free(full);
    if ((st = zipdoc_xml(z, p->path, opf, diag)) != VNR_OK)
        return vnr_fail(diag, st, "broken EPUB: %s", diag ? diag->text : "");
    p->manifest = find(xmlDocGetRootElement(*opf), "manifest");
    p->spine = find(xmlDocGetRootElement(*opf), "spine");
    if (!p->manifest || !p->spine)
        return vnr_fail(diag, VNR_ERR_DOCUMENT, "broken EPUB: %s has no manifest or spine",
                        p->path);
    return VNR_OK;
}

/* Are chapters encrypted (DRM)? META-INF/encryption.xml also lists fonts obfuscated as the
 * standard allows; only text files count. */
static bool encrypted_text(xmlNode *n)
{
    for (; n; n = n->next) {
        if (xml_is(n, "CipherReference")) {
            char *uri = attr(n, "URI");
            size_t k = uri ? strlen(uri) : 0;
            bool text =
                k > 4 && (strcmp(uri + k - 4, "html") == 0 || strcmp(uri + k - 4, ".htm") == 0);
            free(uri);
            if (text)
                return true;
        }
        if (n->type == XML_ELEMENT_NODE && encrypted_text(n->children))
            return true;
    }
    return false;
}

static bool drm(zip_t *z)
{
    xmlDoc *x = NULL;
    if (!zipdoc_has(z, "META-INF/encryption.xml") ||
        zipdoc_xml(z, "META-INF/encryption.xml", &x, NULL) != VNR_OK)
        return false;
    bool yes = encrypted_text(xmlDocGetRootElement(x));
    xmlFreeDoc(x);
    return yes;
}

vnr_status read_epub(vnr_content *doc, const void *data, size_t len,
                     const vnr_content_options *opts, vnr_diag *diag)
{
    (void)opts;
    zip_t *z = NULL;
    vnr_status st = zipdoc_open(data, len, &z, diag);
    if (st != VNR_OK)
        return st;
    package p = {0};
    xmlDoc *opf = NULL;
    if (drm(z))
        st = vnr_fail(diag, VNR_ERR_DOCUMENT, "encrypted EPUB (DRM): not supported");
    else
        st = open_package(z, &p, &opf, diag);
    if (st == VNR_OK)
        st = read_spine(doc, z, &p, diag);
    xmlFreeDoc(opf);
    zip_discard(z);
    return st;
}
