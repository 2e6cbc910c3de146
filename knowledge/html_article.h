/* A news page's HTML turned into an article: the main text, title, source
 * and date, through libxml2's HTML parser (never regular expressions).
 *
 * What is dropped: scripts, styles, navigation, headers, footers, asides,
 * forms, and every element whose class or id names navigation, menus, ads,
 * promotions, comments, sharing, related links, sidebars or cookie banners.
 * What is kept: the <article> with the most paragraph text, or else the
 * block holding the most <p> text; its paragraphs, headings, quotes and
 * list items in order.
 *
 * Title from og:title, <title> or the first <h1>; source from og:site_name;
 * date from article:published_time, <time datetime> or JSON-LD
 * datePublished (kept only as YYYY-MM-DD). The declared charset is honoured:
 * the HTTP Content-Type's, a byte-order mark, then <meta charset> or
 * <meta http-equiv="Content-Type">; the text out is always UTF-8.
 *
 * Pure: bytes in, text out; no network, no files, no clock. */
#ifndef BB_HTML_ARTICLE_H
#define BB_HTML_ARTICLE_H

#include <stddef.h>

#include "common/strbuf.h"

/* Pages larger than this are refused before parsing. */
#define HTML_ARTICLE_MAX_BYTES (8u << 20)

struct html_article {
	char *title;   /* one line, never NULL after a successful extract */
	char *source;  /* one line, "" if the page names none */
	char *date;    /* YYYY-MM-DD or "" */
	char *text;    /* paragraphs separated by one blank line, no front matter */
	size_t n_paragraphs;
};

/* Extracts the article from `n` bytes of `html` served with `content_type`
 * (the HTTP header's value; NULL or "" when unknown: the bytes must then
 * look like HTML). Fills *out (free with html_article_clear()) and returns
 * 0; or returns BB_EINVAL when the content type is not HTML, BB_ETOOBIG
 * over HTML_ARTICLE_MAX_BYTES, BB_EPARSE when the page holds no article
 * text, BB_ENOTFOUND when libxml2 cannot be loaded (it is opened on first
 * use), BB_ENOMEM, with the reason appended to err (which may be NULL). */
int html_article_extract(const char *html, size_t n, const char *content_type,
			 struct html_article *out, struct strbuf *err);

/* Frees what *a holds and zeroes it. NULL-safe. */
void html_article_clear(struct html_article *a);

/* Writes the article file: front matter (title:, source:, date:, url:
 * (`url` may be NULL), then ---) and the text. Returns 0 or BB_ENOMEM. */
int html_article_format(const struct html_article *a, const char *url, struct strbuf *out);

/* Writes a file-name id for the article into out: lowercase ASCII letters,
 * digits and '-', at most `max` bytes (>= 8), from the title, or from the
 * URL's last path segment or host when the title gives nothing; never
 * empty ("article" at worst). Returns 0 or BB_ENOMEM. */
int html_article_slug(const char *title, const char *url, size_t max, struct strbuf *out);

#endif
