#include "knowledge/html_article.h"

#include <cjson/cJSON.h>
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/dynlib.h"
#include "common/error.h"
#include "common/grow.h"
#include "common/utf8.h"

/* ---- libxml2, opened when a page is read ---------------------------------------- */

/* Linked, libxml2 and the ICU and libstdc++ it pulls in would cost every
 * bot about 1.8 MB resident, `!add URL` used or not: each extraction opens
 * it instead (common/dynlib.h; after the first, a handle on the library
 * already mapped, and a few symbol look-ups). meson.build defines
 * XML_SONAME from the library built against ("libxml2.so.2", Debian
 * libxml2). */
#ifndef XML_SONAME
#error "XML_SONAME comes from meson.build"
#endif

struct xml_api {
	__typeof__(htmlReadMemory) *read_memory;
	__typeof__(xmlDocGetRootElement) *doc_root;
	__typeof__(xmlGetProp) *get_prop;
	__typeof__(xmlHasProp) *has_prop;
	__typeof__(xmlNodeGetContent) *node_content;
	__typeof__(xmlFreeDoc) *free_doc;
	__typeof__(xmlFindCharEncodingHandler) *find_encoding;
	__typeof__(xmlCharEncCloseFunc) *close_encoding;
	__typeof__(xmlSetGenericErrorFunc) *set_error_func;
	xmlFreeFunc *xml_free; /* the variable xmlFree: frees what libxml2 returns */
};

static struct dynlib *xml_open(struct xml_api *x, struct strbuf *err)
{
	const struct dynlib_sym syms[] = {
		DYNLIB_SYM("htmlReadMemory", &x->read_memory),
		DYNLIB_SYM("xmlDocGetRootElement", &x->doc_root),
		DYNLIB_SYM("xmlGetProp", &x->get_prop),
		DYNLIB_SYM("xmlHasProp", &x->has_prop),
		DYNLIB_SYM("xmlNodeGetContent", &x->node_content),
		DYNLIB_SYM("xmlFreeDoc", &x->free_doc),
		DYNLIB_SYM("xmlFindCharEncodingHandler", &x->find_encoding),
		DYNLIB_SYM("xmlCharEncCloseFunc", &x->close_encoding),
		DYNLIB_SYM("xmlSetGenericErrorFunc", &x->set_error_func),
		DYNLIB_SYM("xmlFree", &x->xml_free),
	};
	struct strbuf why = {0};
	struct dynlib *l = dynlib_open(XML_SONAME, syms, sizeof syms / sizeof syms[0], &why);
	if (!l)
		strbuf_printf(err, "reading HTML pages needs libxml2 (Debian package libxml2): %s",
			      strbuf_str(&why));
	strbuf_free(&why);
	return l;
}

/* ---- small string helpers ------------------------------------------------------ */

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive search for `needle` (lowercase) in s[0..n). */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++) {
		size_t j = 0;
		while (j < k && lower(s[i + j]) == needle[j])
			j++;
		if (j == k)
			return s + i;
	}
	return NULL;
}

/* Appends s[0..n) to sb with every run of blanks (and no-break spaces)
 * turned into one space, other control characters dropped and any invalid
 * UTF-8 replaced by U+FFFD (libxml2 passes some through); `*space` carries
 * "a space is pending" across calls so words of adjacent text nodes stay
 * apart. Leading blanks are never written. */
static void put_collapsed(struct strbuf *sb, const char *s, size_t n, bool *space)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;
		size_t k = c < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		if (is_blank(c) || cp == 0xa0) {
			*space = true;
			i += k;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			i++;
			continue;
		}
		if (*space && sb->len > 0)
			strbuf_putc(sb, ' ');
		*space = false;
		if (cp == 0xfffd && !(k == 3 && memcmp(s + i, "\xef\xbf\xbd", 3) == 0))
			strbuf_puts(sb, "\xef\xbf\xbd");
		else
			strbuf_append(sb, s + i, k);
		i += k;
	}
}

/* A malloc'd copy of s with blanks collapsed and trimmed. NULL: s was NULL
 * or blank, or out of memory. */
static char *collapsed_dup(const char *s)
{
	if (!s)
		return NULL;
	struct strbuf sb = {0};
	bool space = false;
	put_collapsed(&sb, s, strlen(s), &space);
	if (sb.len == 0 || strbuf_failed(&sb)) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_steal(&sb);
}

/* ---- content type and charset ------------------------------------------------- */

/* Is the media type of `ct` (before any ';') HTML? */
static bool is_html_type(const char *ct)
{
	size_t n = strcspn(ct, ";");
	while (n > 0 && is_blank((unsigned char)ct[n - 1]))
		n--;
	while (n > 0 && is_blank((unsigned char)*ct)) {
		ct++;
		n--;
	}
	return (n == 9 && strncasecmp(ct, "text/html", 9) == 0) ||
	       (n == 21 && strncasecmp(ct, "application/xhtml+xml", 21) == 0);
}

/* Do the bytes start like an HTML document (after a BOM and blanks)? */
static bool looks_like_html(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	return i < n && s[i] == '<';
}

/* Copies the charset name after "charset" at p (within end) into name:
 * skips blanks, '=', blanks and one quote. Returns true if one was found. */
static bool read_charset(const char *p, const char *end, char *name, size_t cap)
{
	p += 7; /* "charset" */
	while (p < end && is_blank((unsigned char)*p))
		p++;
	if (p >= end || *p != '=')
		return false;
	p++;
	while (p < end && (is_blank((unsigned char)*p) || *p == '"' || *p == '\''))
		p++;
	size_t k = 0;
	while (p < end && k + 1 < cap &&
	       (is_alnum((unsigned char)*p) || strchr("-_.:", *p)))
		name[k++] = lower(*p++);
	name[k] = '\0';
	return k > 0;
}

/* The charset a <meta> tag in the first 4 KiB declares, the way a browser's
 * prescan finds it (<meta charset=X> or content="...; charset=X"). */
static bool meta_charset(const char *s, size_t n, char *name, size_t cap)
{
	if (n > 4096)
		n = 4096;
	const char *end = s + n, *p = s;
	const char *tag;
	while ((tag = find_ci(p, (size_t)(end - p), "<meta")) != NULL) {
		const char *close = memchr(tag, '>', (size_t)(end - tag));
		const char *tag_end = close ? close : end;
		const char *cs = find_ci(tag, (size_t)(tag_end - tag), "charset");
		if (cs && read_charset(cs, tag_end, name, cap))
			return true;
		p = tag + 5;
	}
	return false;
}

/* The encoding to parse with: the HTTP header's charset, a BOM, a <meta>
 * declaration; else UTF-8 when the bytes are valid UTF-8 and windows-1252
 * otherwise. Labels the WHATWG Encoding Standard maps to windows-1252
 * (latin1, ISO-8859-1, US-ASCII) are read as windows-1252, as browsers do;
 * a label libxml2 cannot convert is skipped. */
static void choose_encoding(const struct xml_api *x, const char *html, size_t n, const char *ct,
			    char *enc, size_t cap)
{
	char name[64] = "";
	const char *cs = ct ? find_ci(ct, strlen(ct), "charset") : NULL;
	bool found = cs && read_charset(cs, ct + strlen(ct), name, sizeof name);
	if (!found && n >= 3 && memcmp(html, "\xef\xbb\xbf", 3) == 0)
		found = snprintf(name, sizeof name, "utf-8") > 0;
	else if (!found && n >= 2 && memcmp(html, "\xff\xfe", 2) == 0)
		found = snprintf(name, sizeof name, "utf-16le") > 0;
	else if (!found && n >= 2 && memcmp(html, "\xfe\xff", 2) == 0)
		found = snprintf(name, sizeof name, "utf-16be") > 0;
	if (!found)
		found = meta_charset(html, n, name, sizeof name);
	static const char *const latin[] = {
		"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "us-ascii", "ascii",
		"cp1252", "x-cp1252", "windows-1252",
	};
	if (found) {
		for (size_t i = 0; i < sizeof latin / sizeof latin[0]; i++)
			if (strcmp(name, latin[i]) == 0)
				snprintf(name, sizeof name, "windows-1252");
		xmlCharEncodingHandlerPtr h = x->find_encoding(name);
		if (h) {
			x->close_encoding(h);
			snprintf(enc, cap, "%s", name);
			return;
		}
	}
	snprintf(enc, cap, "%s", utf8_valid(html, n) ? "utf-8" : "windows-1252");
}

/* ---- which elements are boilerplate ---------------------------------------------- */

static bool name_is(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && strcasecmp((const char *)node->name, name) == 0;
}

static bool name_in(const xmlNode *node, const char *const *names)
{
	for (; *names; names++)
		if (name_is(node, *names))
			return true;
	return false;
}

static const char *const dropped_tags[] = {
	"script", "style", "nav", "header", "footer", "aside", "form", "noscript",
	"iframe", "svg", "button", "select", "textarea", "template", "object", "embed",
	"figure", "dialog", "menu", NULL,
};

/* Does one word of a class or id name boilerplate? "ad" and "ads" must be
 * the whole word ("header-ad", not "shadow"); the others may start it
 * ("comments", "navigation", "advertisement", "sidebar-left"). */
static bool boilerplate_word(const char *w, size_t n)
{
	static const char *const whole[] = { "ad", "ads", "nav", "menu", "promo", "share",
					     "related", "footer", "sidebar", "cookie", NULL };
	static const char *const prefix[] = { "nav", "menu", "advert", "promo", "comment",
					      "share", "sharing", "related", "footer",
					      "sidebar", "cookie", "social", "newsletter", NULL };
	for (const char *const *p = whole; *p; p++)
		if (n == strlen(*p) && strncasecmp(w, *p, n) == 0)
			return true;
	for (const char *const *p = prefix; *p; p++) {
		size_t k = strlen(*p);
		if (n >= k && strncasecmp(w, *p, k) == 0)
			return true;
	}
	return false;
}

/* Does the class or id attribute `attr` of node name boilerplate? */
static bool boilerplate_attr(const struct xml_api *x, xmlNode *node, const char *attr)
{
	xmlChar *v = x->get_prop(node, (const xmlChar *)attr);
	if (!v)
		return false;
	bool hit = false;
	const char *s = (const char *)v;
	while (*s && !hit) {
		while (*s && !is_alnum((unsigned char)*s))
			s++;
		size_t n = 0;
		while (is_alnum((unsigned char)s[n]))
			n++;
		if (n > 0)
			hit = boilerplate_word(s, n);
		s += n;
	}
	(*x->xml_free)(v);
	return hit;
}

/* Is node a subtree to skip: a boilerplate tag, or an element whose class
 * or id says boilerplate (never the page's own html, body, main or article,
 * whose classes often name the layout: "has-sidebar"), or hidden? */
static bool is_dropped(const struct xml_api *x, xmlNode *node)
{
	if (node->type == XML_COMMENT_NODE)
		return true;
	if (node->type != XML_ELEMENT_NODE)
		return false;
	if (name_in(node, dropped_tags))
		return true;
	static const char *const kept[] = { "html", "body", "main", "article", NULL };
	if (name_in(node, kept))
		return false;
	if (x->has_prop(node, (const xmlChar *)"hidden"))
		return true;
	return boilerplate_attr(x, node, "class") || boilerplate_attr(x, node, "id");
}

/* ---- text of a subtree ------------------------------------------------------------ */

/* Appends the visible text under node (dropped subtrees skipped; <br> is a
 * space) to sb, collapsed; adds the bytes inside links to *link_bytes. */
static void subtree_text(const struct xml_api *x, xmlNode *node, struct strbuf *sb, bool *space,
			 bool in_link, size_t *link_bytes)
{
	for (xmlNode *c = node->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			size_t before = sb->len;
			if (c->content)
				put_collapsed(sb, (const char *)c->content,
					      strlen((const char *)c->content), space);
			if (in_link)
				*link_bytes += sb->len - before;
		} else if (name_is(c, "br")) {
			*space = true;
		} else if (c->type == XML_ELEMENT_NODE && !is_dropped(x, c)) {
			subtree_text(x, c, sb, space, in_link || name_is(c, "a"), link_bytes);
		}
	}
}

/* ---- metadata --------------------------------------------------------------------- */

struct meta {
	char *og_title, *site_name, *published, *title, *h1, *time, *ld_date, *ld_source;
};

static void meta_free(struct meta *m)
{
	free(m->og_title);
	free(m->site_name);
	free(m->published);
	free(m->title);
	free(m->h1);
	free(m->time);
	free(m->ld_date);
	free(m->ld_source);
}

/* Stores a collapsed copy of the node's attribute `attr` in *slot unless
 * the slot is already filled. */
static void keep_attr(const struct xml_api *x, char **slot, xmlNode *node, const char *attr)
{
	if (*slot)
		return;
	xmlChar *v = x->get_prop(node, (const xmlChar *)attr);
	*slot = collapsed_dup((const char *)v);
	(*x->xml_free)(v);
}

static void keep_text(const struct xml_api *x, char **slot, xmlNode *node)
{
	if (*slot)
		return;
	struct strbuf sb = {0};
	bool space = false;
	size_t links = 0;
	subtree_text(x, node, &sb, &space, false, &links);
	if (sb.len > 0 && !strbuf_failed(&sb))
		*slot = strbuf_steal(&sb);
	strbuf_free(&sb);
}

/* Looks through a JSON-LD value (objects, arrays, @graph) for the first
 * datePublished and publisher name. */
static void json_ld_scan(const cJSON *j, struct meta *m, int depth)
{
	if (!j || depth > 16)
		return;
	if (cJSON_IsObject(j)) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "datePublished");
		if (!m->ld_date && cJSON_IsString(d))
			m->ld_date = collapsed_dup(d->valuestring);
		const cJSON *pub = cJSON_GetObjectItemCaseSensitive(j, "publisher");
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(pub, "name");
		if (!m->ld_source && cJSON_IsString(name))
			m->ld_source = collapsed_dup(name->valuestring);
	}
	const cJSON *c;
	cJSON_ArrayForEach(c, j)
		json_ld_scan(c, m, depth + 1);
}

static void json_ld(const struct xml_api *x, xmlNode *script, struct meta *m)
{
	xmlChar *type = x->get_prop(script, (const xmlChar *)"type");
	bool ld = type && strcasecmp((const char *)type, "application/ld+json") == 0;
	(*x->xml_free)(type);
	if (!ld)
		return;
	xmlChar *body = x->node_content(script);
	cJSON *j = body ? cJSON_Parse((const char *)body) : NULL;
	json_ld_scan(j, m, 0);
	cJSON_Delete(j);
	(*x->xml_free)(body);
}

/* Walks the whole page (boilerplate by class or id skipped, but not
 * <header>, which often holds the headline and date) for the metadata. */
static void find_meta(const struct xml_api *x, xmlNode *node, struct meta *m, int depth)
{
	for (xmlNode *c = node; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || depth > 256)
			continue;
		if (name_is(c, "meta")) {
			xmlChar *prop = x->get_prop(c, (const xmlChar *)"property");
			if (!prop)
				prop = x->get_prop(c, (const xmlChar *)"name");
			const char *p = (const char *)prop;
			if (p && strcasecmp(p, "og:title") == 0)
				keep_attr(x, &m->og_title, c, "content");
			else if (p && strcasecmp(p, "og:site_name") == 0)
				keep_attr(x, &m->site_name, c, "content");
			else if (p && strcasecmp(p, "article:published_time") == 0)
				keep_attr(x, &m->published, c, "content");
			(*x->xml_free)(prop);
			continue;
		}
		if (name_is(c, "script")) {
			json_ld(x, c, m);
			continue;
		}
		if (name_is(c, "title")) {
			keep_text(x, &m->title, c);
			continue;
		}
		if (!name_is(c, "header") && is_dropped(x, c))
			continue;
		if (name_is(c, "h1"))
			keep_text(x, &m->h1, c);
		else if (name_is(c, "time"))
			keep_attr(x, &m->time, c, "datetime");
		find_meta(x, c->children, m, depth + 1);
	}
}

/* "2021-09-28T10:00:00Z" -> "2021-09-28"; anything else -> NULL. */
static char *iso_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	if (!s || strlen(s) < 10)
		return NULL;
	for (size_t i = 0; i < 10; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
			return NULL;
	if (s[10] != '\0' && s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return NULL;
	return strndup(s, 10);
}

/* ---- the main text ------------------------------------------------------------------ */

/* Paragraph text per candidate block: a node's score is kept in an array
 * indexed through node->_private (index + 1). */
struct scores {
	xmlNode **node;
	size_t *bytes;
	size_t n, cap, cap_b;
	bool failed;
};

static size_t para_bytes(const struct xml_api *x, xmlNode *p)
{
	struct strbuf sb = {0};
	bool space = false;
	size_t links = 0;
	subtree_text(x, p, &sb, &space, false, &links);
	size_t n = sb.len > links ? sb.len - links : 0;
	strbuf_free(&sb);
	return n;
}

static void score_add(struct scores *s, xmlNode *node, size_t bytes)
{
	uintptr_t slot = (uintptr_t)node->_private;
	if (slot == 0) {
		if (grow_array(&s->node, &s->cap, s->n + 1, sizeof *s->node, 16) < 0 ||
		    grow_array(&s->bytes, &s->cap_b, s->n + 1, sizeof *s->bytes, 16) < 0) {
			s->failed = true;
			return;
		}
		s->node[s->n] = node;
		s->bytes[s->n] = 0;
		slot = ++s->n;
		node->_private = (void *)slot;
	}
	s->bytes[slot - 1] += bytes;
}

/* Scores every <p> outside boilerplate: its text (less its link text) counts
 * for its parent and, for <article> candidates, for each enclosing
 * <article>. */
static void score_paragraphs(const struct xml_api *x, xmlNode *node, struct scores *s,
			     xmlNode *article, int depth)
{
	for (xmlNode *c = node; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_dropped(x, c) || depth > 256)
			continue;
		if (name_is(c, "p")) {
			size_t n = para_bytes(x, c);
			if (c->parent)
				score_add(s, c->parent, n);
			if (article)
				score_add(s, article, n);
			continue;
		}
		score_paragraphs(x, c->children, s, name_is(c, "article") ? c : article, depth + 1);
	}
}

/* The <article> with the most paragraph text, else the block with the most
 * paragraph text directly in it; NULL when the page has no paragraphs. */
static xmlNode *main_block(const struct xml_api *x, xmlNode *root, struct scores *s)
{
	score_paragraphs(x, root, s, NULL, 0);
	xmlNode *best = NULL, *best_article = NULL;
	size_t best_n = 0, best_article_n = 0;
	for (size_t i = 0; i < s->n; i++) {
		xmlNode *node = s->node[i];
		if (name_is(node, "article") && s->bytes[i] > best_article_n) {
			best_article = node;
			best_article_n = s->bytes[i];
		}
		if (s->bytes[i] > best_n) {
			best = node;
			best_n = s->bytes[i];
		}
	}
	for (size_t i = 0; i < s->n; i++)
		s->node[i]->_private = NULL;
	return best_article ? best_article : best;
}

struct paras {
	struct strbuf text;
	size_t n;
	const char *skip; /* a heading equal to the title is not repeated */
};

static const char *const block_tags[] = { "p", "h1", "h2", "h3", "h4", "h5", "h6",
					  "blockquote", "li", "pre", "dd", NULL };

static bool has_block_child(xmlNode *node)
{
	for (xmlNode *c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (name_in(c, block_tags) || has_block_child(c)))
			return true;
	return false;
}

/* Adds the text of one block as a paragraph, unless it is empty, mostly
 * link text (a "read more" line) or the title again. */
static void add_block(const struct xml_api *x, struct paras *ps, xmlNode *node)
{
	struct strbuf sb = {0};
	bool space = false;
	size_t links = 0;
	subtree_text(x, node, &sb, &space, false, &links);
	bool keep = sb.len > 0 && links * 2 <= sb.len &&
		    !(ps->skip && strcmp(strbuf_str(&sb), ps->skip) == 0);
	if (strbuf_failed(&sb))
		ps->text.failed = true;
	if (keep) {
		if (ps->n++ > 0)
			strbuf_puts(&ps->text, "\n\n");
		strbuf_append(&ps->text, strbuf_str(&sb), sb.len);
	}
	strbuf_free(&sb);
}

static void collect_blocks(const struct xml_api *x, xmlNode *node, struct paras *ps, int depth)
{
	for (xmlNode *c = node; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is_dropped(x, c) || depth > 256)
			continue;
		if (name_in(c, block_tags) && !(!name_is(c, "p") && has_block_child(c)))
			add_block(x, ps, c);
		else
			collect_blocks(x, c->children, ps, depth + 1);
	}
}

/* ---- the whole extraction --------------------------------------------------------- */

static void quiet(void *ctx, const char *msg, ...)
{
}

/* Does s[0..n) hold one of the bytes in `set` (NUL not among them)? */
static bool strpbrk_n(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] && strchr(set, s[i]))
			return true;
	return false;
}

static char *first_of(char **a, char **b, char **c)
{
	char **pick = *a ? a : *b ? b : c;
	char *v = *pick;
	*pick = NULL;
	return v;
}

int html_article_extract(const char *html, size_t n, const char *content_type,
			 struct html_article *out, struct strbuf *err)
{
	struct strbuf scratch = {0};
	if (!err)
		err = &scratch;
	*out = (struct html_article){0};
	int rc = BB_EINVAL;
	struct xml_api xa = {0};
	const struct xml_api *x = &xa;
	struct dynlib *lib = NULL;
	xmlDoc *doc = NULL;
	struct meta m = {0};
	struct scores s = {0};
	struct paras ps = {0};
	char *copy = NULL;
	if (!html) {
		strbuf_puts(err, "no page\n");
		goto out;
	}
	if (content_type && *content_type && !is_html_type(content_type)) {
		strbuf_printf(err, "not an HTML page (Content-Type: %.80s)\n", content_type);
		goto out;
	}
	if ((!content_type || !*content_type) && !looks_like_html(html, n)) {
		strbuf_puts(err, "not an HTML page (no Content-Type, and it does not start with a tag)\n");
		goto out;
	}
	if (n > HTML_ARTICLE_MAX_BYTES) {
		strbuf_printf(err, "page too large (%zu bytes, at most %u)\n", n,
			      HTML_ARTICLE_MAX_BYTES);
		rc = BB_ETOOBIG;
		goto out;
	}
	rc = BB_ENOTFOUND;
	lib = xml_open(&xa, err);
	if (!lib)
		goto out;
	char enc[64];
	choose_encoding(x, html, n, content_type, enc, sizeof enc);
	/* Five bytes have no character in windows-1252 and stop iconv, and
	 * with it the parse: read them as spaces, as a browser shows nothing. */
	if (strcmp(enc, "windows-1252") == 0 && strpbrk_n(html, n, "\x81\x8d\x8f\x90\x9d")) {
		copy = malloc(n ? n : 1);
		rc = BB_ENOMEM;
		if (!copy)
			goto out;
		for (size_t i = 0; i < n; i++)
			copy[i] = memchr("\x81\x8d\x8f\x90\x9d", html[i], 5) ? ' ' : html[i];
		html = copy;
	}
	/* Conversion errors bypass HTML_PARSE_NOERROR: keep them off stderr. */
	x->set_error_func(NULL, quiet);
	doc = x->read_memory(html, (int)n, NULL, enc,
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
				     HTML_PARSE_RECOVER);
	xmlNode *root = doc ? x->doc_root(doc) : NULL;
	rc = BB_EPARSE;
	if (!root) {
		strbuf_puts(err, "the page could not be parsed as HTML\n");
		goto out;
	}
	find_meta(x, root, &m, 0);
	out->title = first_of(&m.og_title, &m.title, &m.h1);
	xmlNode *block = main_block(x, root, &s);
	rc = BB_ENOMEM;
	if (s.failed)
		goto out;
	ps.skip = out->title;
	if (block)
		collect_blocks(x, block->children, &ps, 0);
	if (strbuf_failed(&ps.text))
		goto out;
	rc = BB_EPARSE;
	if (ps.n == 0) {
		strbuf_puts(err, "no article text found in the page\n");
		goto out;
	}
	rc = BB_ENOMEM;
	if (!out->title)
		out->title = strdup("Untitled article");
	char *src = m.site_name ? m.site_name : m.ld_source;
	out->source = strdup(src ? src : "");
	out->date = iso_date(m.published);
	if (!out->date)
		out->date = iso_date(m.time);
	if (!out->date)
		out->date = iso_date(m.ld_date);
	if (!out->date)
		out->date = strdup("");
	out->n_paragraphs = ps.n;
	out->text = strbuf_steal(&ps.text);
	if (!out->title || !out->source || !out->date || !out->text)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		html_article_clear(out);
	if (rc == BB_ENOMEM)
		strbuf_puts(err, "out of memory\n");
	free(s.node);
	free(s.bytes);
	strbuf_free(&ps.text);
	meta_free(&m);
	if (doc)
		x->free_doc(doc);
	dynlib_close(lib);
	free(copy);
	strbuf_free(&scratch);
	return rc;
}

void html_article_clear(struct html_article *a)
{
	if (!a)
		return;
	free(a->title);
	free(a->source);
	free(a->date);
	free(a->text);
	*a = (struct html_article){0};
}

int html_article_format(const struct html_article *a, const char *url, struct strbuf *out)
{
	strbuf_printf(out, "title: %s\nsource: %s\ndate: %s\n", a->title ? a->title : "",
		      a->source ? a->source : "", a->date ? a->date : "");
	if (url)
		strbuf_printf(out, "url: %s\n", url);
	strbuf_printf(out, "---\n%s\n", a->text ? a->text : "");
	return strbuf_failed(out) ? BB_ENOMEM : 0;
}

/* Appends the letters and digits of s[0..n) to out, lowercased ASCII (the
 * Latin-1 letters lose their accents: "Zürich" -> "zurich"), with every
 * other run turned into one '-'; past max bytes it is cut at the last '-'
 * (inside a word only when it is one word). */
static void put_slug(struct strbuf *out, const char *s, size_t n, size_t start, size_t max)
{
	/* U+00C0..U+00FF without accents; '-' where there is no letter. */
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo-ouuuuytsaaaaaaaceeeeiiiidnooooo-ouuuuyty";
	bool dash = false;
	for (size_t i = 0; i < n && out->len <= max;) {
		char c = s[i];
		size_t k = 1;
		if ((unsigned char)c >= 0x80) {
			uint32_t cp = 0;
			k = utf8_decode(s + i, n - i, &cp);
			if (k == 0)
				k = 1;
			c = cp >= 0xc0 && cp <= 0xff ? latin1[cp - 0xc0] : '-';
		}
		i += k;
		if (!is_alnum((unsigned char)c)) {
			dash = out->len > start;
			continue;
		}
		if (dash)
			strbuf_putc(out, '-');
		dash = false;
		strbuf_putc(out, lower(c));
	}
	if (out->len > max) {
		size_t cut = max;
		while (cut > start && out->buf[cut] != '-')
			cut--;
		strbuf_truncate(out, cut > start ? cut : max);
	}
	while (out->len > start && out->buf[out->len - 1] == '-')
		strbuf_truncate(out, out->len - 1);
}

int html_article_slug(const char *title, const char *url, size_t max, struct strbuf *out)
{
	if (max < 8)
		max = 8;
	size_t start = out->len;
	if (title)
		put_slug(out, title, strlen(title), start, start + max);
	if (out->len == start && url) {
		/* The last non-empty path segment, without its extension; else the host. */
		const char *p = strstr(url, "://");
		p = p ? p + 3 : url;
		size_t host = strcspn(p, "/?#");
		const char *path = p + host, *seg = NULL;
		size_t seg_n = 0, path_n = strcspn(path, "?#");
		for (size_t i = 0; i < path_n;) {
			size_t k = strcspn(path + i, "/");
			if (k > path_n - i)
				k = path_n - i;
			if (k > 0) {
				seg = path + i;
				seg_n = k;
			}
			i += k + 1;
		}
		if (seg) {
			const char *dot = memchr(seg, '.', seg_n);
			put_slug(out, seg, dot ? (size_t)(dot - seg) : seg_n, start, start + max);
		}
		if (out->len == start)
			put_slug(out, p, host, start, start + max);
	}
	if (out->len == start)
		strbuf_puts(out, "article");
	return strbuf_failed(out) ? BB_ENOMEM : 0;
}
