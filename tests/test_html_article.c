/* knowledge/html_article: main text, title, source and date out of a news
 * page; boilerplate dropped; charsets honoured; non-HTML refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "common/utf8.h"
#include "knowledge/article.h"
#include "knowledge/html_article.h"
#include "tests/kbdir.h"

static char *page(const char *name, size_t *len)
{
	char path[1024];
	const char *dir = getenv("BB_TESTS_DIR");
	snprintf(path, sizeof path, "%s/data/pages/%s", dir ? dir : "tests", name);
	char *s = kbdir_slurp(path, len);
	if (!s)
		fprintf(stderr, "cannot read %s\n", path);
	assert_non_null(s);
	return s;
}

/* Extracts from text; the call must succeed. */
static void extract_ok(const char *html, size_t n, const char *ct, struct html_article *a)
{
	struct strbuf err = {0};
	int rc = html_article_extract(html, n, ct, a, &err);
	if (rc != 0)
		fprintf(stderr, "html_article_extract: %s", strbuf_str(&err));
	assert_int_equal(rc, 0);
	assert_int_equal(err.len, 0);
	strbuf_free(&err);
}

/* Extracts from text that must be refused with `want`; the message must
 * contain `says`. */
static void extract_refused(const char *html, size_t n, const char *ct, int want,
			    const char *says)
{
	struct strbuf err = {0};
	struct html_article a = {0};
	assert_int_equal(html_article_extract(html, n, ct, &a, &err), want);
	assert_null(a.text);
	if (!strstr(strbuf_str(&err), says))
		fprintf(stderr, "message: %s", strbuf_str(&err));
	assert_non_null(strstr(strbuf_str(&err), says));
	strbuf_free(&err);
}

static void test_story_without_clutter(void **state)
{
	size_t n;
	char *html = page("news-clutter.html", &n);
	struct html_article a;
	extract_ok(html, n, "text/html; charset=utf-8", &a);
	assert_string_equal(a.title, "Valdoria and Mirenta sign river accord at Port Esk");
	assert_string_equal(a.source, "Daily Meridian");
	assert_string_equal(a.date, "2026-11-03");
	assert_int_equal(a.n_paragraphs, 5);
	assert_true(strncmp(a.text, "Valdoria and Mirenta signed a water-sharing accord", 50) == 0);
	assert_non_null(strstr(a.text, "The Mirenta-backed Kessel Authority will release"));
	assert_non_null(strstr(a.text, "\n\n\u201cThis accord protects every family on the river,"
				       "\u201d said Ilse Marrow"));
	assert_non_null(strstr(a.text, "rejected the deal."));
	static const char *const clutter[] = {
		"Advertisement", "cookies", "newsletter", "World", "Sport", "Subscribe",
		"Tracking", "Great article", "Who pays", "Drought", "Most read", "Copyright",
		"Read also", "Share on", "Read more", "By Tessa", "Your window", "color: red",
	};
	for (size_t i = 0; i < sizeof clutter / sizeof clutter[0]; i++) {
		if (strstr(a.text, clutter[i]))
			fprintf(stderr, "clutter kept: %s\n", clutter[i]);
		assert_null(strstr(a.text, clutter[i]));
	}
	html_article_clear(&a);
	html_article_clear(&a); /* cleared twice is harmless */
	free(html);
}

/* The text written as a file is an article the knowledge base accepts,
 * front matter included. */
static void test_format_round_trip(void **state)
{
	size_t n;
	char *html = page("news-clutter.html", &n);
	struct html_article a;
	extract_ok(html, n, "text/html", &a);
	struct strbuf file = {0}, err = {0};
	assert_int_equal(html_article_format(&a, "http://news.example/river", &file), 0);
	assert_true(strncmp(strbuf_str(&file),
			    "title: Valdoria and Mirenta sign river accord at Port Esk\n"
			    "source: Daily Meridian\ndate: 2026-11-03\n"
			    "url: http://news.example/river\n---\nValdoria and", 140) == 0);
	struct article *art = article_parse("river", strbuf_str(&file), file.len, &err);
	assert_non_null(art);
	const struct kb_article *v = article_view(art);
	assert_string_equal(v->title, a.title);
	assert_string_equal(v->source, "Daily Meridian");
	assert_string_equal(v->date, "2026-11-03");
	assert_string_equal(v->url, "http://news.example/river");
	assert_int_equal(v->n_paragraphs, 5);
	article_free(art);
	strbuf_free(&file);
	strbuf_free(&err);
	html_article_clear(&a);
	free(html);
}

/* Windows-1252 bytes labelled ISO-8859-1 in the HTTP header only: read as
 * windows-1252 (as browsers do), so 0x93 is a curly quote. */
static void test_charset_from_header(void **state)
{
	size_t n;
	char *html = page("latin1-header.html", &n);
	struct html_article a;
	extract_ok(html, n, "text/html; charset=ISO-8859-1", &a);
	assert_string_equal(a.title, "Caf\u00e9 Z\u00fcrich reopens");
	assert_non_null(strstr(a.text, "The Caf\u00e9 Z\u00fcrich on the Kessel river"));
	assert_non_null(strstr(a.text, "\u201cWe never closed in our hearts,\u201d D\u00fcrr"));
	assert_string_equal(a.source, "");
	assert_string_equal(a.date, "");
	html_article_clear(&a);
	/* Bytes windows-1252 leaves undefined do not stop the text. */
	static const char holes[] = "<p>One \x81\x8d\x8f\x90\x9d two caf\xe9.</p><p>Three.</p>";
	extract_ok(holes, sizeof holes - 1, "text/html; charset=windows-1252", &a);
	assert_string_equal(a.text, "One two caf\u00e9.\n\nThree.");
	html_article_clear(&a);
	/* Without the label the bytes are not UTF-8: still read as windows-1252. */
	extract_ok(html, n, "text/html", &a);
	assert_non_null(strstr(a.text, "Caf\u00e9 Z\u00fcrich"));
	html_article_clear(&a);
	free(html);
}

static void test_charset_from_meta(void **state)
{
	size_t n;
	char *html = page("latin1-meta.html", &n);
	struct html_article a;
	extract_ok(html, n, "text/html", &a);
	assert_string_equal(a.title, "Caf\u00e9 Z\u00fcrich reopens");
	assert_non_null(strstr(a.text, "its owner Mar\u00e9 D\u00fcrr said."));
	assert_int_equal(a.n_paragraphs, 2);
	html_article_clear(&a);
	free(html);
	/* <meta charset> in a page served with no content type at all. */
	static const char koi[] = "<html><head><meta charset=\"koi8-r\"><title>\xf0\xd2\xc9\xd7\xc5\xd4"
				  "</title></head><body><p>\xed\xcf\xd3\xcb\xd7\xc1 is a city.</p>"
				  "</body></html>";
	extract_ok(koi, sizeof koi - 1, NULL, &a);
	assert_string_equal(a.title, "\u041f\u0440\u0438\u0432\u0435\u0442");
	assert_string_equal(a.text, "\u041c\u043e\u0441\u043a\u0432\u0430 is a city.");
	html_article_clear(&a);
}

/* Bytes that are not UTF-8 in a page that says it is: replaced, never
 * passed on. */
static void test_invalid_utf8_replaced(void **state)
{
	static const char html[] = "<meta charset='utf-8'><title>Bad \xff byte</title>"
				   "<p>Caf\xc3 and \xed\xa0\x80 here.</p>";
	struct html_article a;
	extract_ok(html, sizeof html - 1, "text/html; charset=utf-8", &a);
	assert_true(utf8_valid(a.title, strlen(a.title)));
	assert_true(utf8_valid(a.text, strlen(a.text)));
	assert_non_null(strstr(a.title, "Bad "));
	assert_non_null(strstr(a.text, "\ufffd"));
	html_article_clear(&a);
}

/* Fallbacks: <title>, then <h1>; <time datetime>, then JSON-LD; with no
 * <article>, the block holding the most paragraph text wins. */
static void test_fallbacks(void **state)
{
	static const char html[] =
		"<html><head><title>  Plain   title </title>"
		"<script type='application/ld+json'>[{\"@graph\":[{\"datePublished\":"
		"\"2025-01-02T03:04:05+01:00\",\"publisher\":{\"name\":\"Wire\"}}]}]</script>"
		"</head><body><div id='menu'><p>Home. About us. Contact the team today.</p></div>"
		"<div class='teaser'><p>A short teaser.</p></div>"
		"<div class='body'><h2>Floods</h2><p>The river rose by two metres overnight.</p>"
		"<p>Residents of the lower town moved to the school.</p>"
		"<ul><li>Roads were closed.</li></ul></div></body></html>";
	struct html_article a;
	extract_ok(html, sizeof html - 1, "text/html", &a);
	assert_string_equal(a.title, "Plain title");
	assert_string_equal(a.source, "Wire");
	assert_string_equal(a.date, "2025-01-02");
	assert_string_equal(a.text, "Floods\n\nThe river rose by two metres overnight.\n\n"
				    "Residents of the lower town moved to the school.\n\n"
				    "Roads were closed.");
	html_article_clear(&a);

	static const char h1[] =
		"<body><h1>Only a heading</h1><time datetime='2024-02-29'>today</time>"
		"<p>One sentence of text.</p></body>";
	extract_ok(h1, sizeof h1 - 1, "application/xhtml+xml", &a);
	assert_string_equal(a.title, "Only a heading");
	assert_string_equal(a.date, "2024-02-29");
	assert_string_equal(a.text, "One sentence of text.");
	html_article_clear(&a);

	static const char bad_date[] =
		"<head><meta property='article:published_time' content='yesterday'></head>"
		"<p>Text.</p>";
	extract_ok(bad_date, sizeof bad_date - 1, "text/html", &a);
	assert_string_equal(a.date, "");
	assert_string_equal(a.title, "Untitled article");
	html_article_clear(&a);
}

static void test_refusals(void **state)
{
	static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n";
	extract_refused(pdf, sizeof pdf - 1, "application/pdf", BB_EINVAL,
			"not an HTML page (Content-Type: application/pdf)");
	extract_refused(pdf, sizeof pdf - 1, NULL, BB_EINVAL, "not an HTML page");
	extract_refused("\x89PNG\r\n", 6, "image/png", BB_EINVAL, "image/png");
	static const char empty[] = "<html><body><nav><p>Home and more links here.</p></nav>"
				    "<script>var x = 1;</script></body></html>";
	extract_refused(empty, sizeof empty - 1, "text/html", BB_EPARSE, "no article text");
	extract_refused("", 0, "text/html", BB_EPARSE, "could not be parsed");
	size_t big = HTML_ARTICLE_MAX_BYTES + 1;
	char *huge = malloc(big);
	assert_non_null(huge);
	memset(huge, 'a', big);
	huge[0] = '<';
	extract_refused(huge, big, "text/html", BB_ETOOBIG, "page too large");
	free(huge);
}

static void test_slug(void **state)
{
	struct strbuf sb = {0};
	assert_int_equal(html_article_slug("Valdoria and Mirenta sign river accord at Port Esk",
					   "http://x/y", 32, &sb), 0);
	assert_string_equal(strbuf_str(&sb), "valdoria-and-mirenta-sign-river");
	strbuf_truncate(&sb, 0);
	html_article_slug("Caf\u00e9 Z\u00fcrich -- reopens!", NULL, 64, &sb);
	assert_string_equal(strbuf_str(&sb), "cafe-zurich-reopens");
	strbuf_truncate(&sb, 0);
	html_article_slug("\u041c\u043e\u0441\u043a\u0432\u0430", "https://news.example/2026/Story_12.html?x=1", 64, &sb);
	assert_string_equal(strbuf_str(&sb), "story-12");
	strbuf_truncate(&sb, 0);
	html_article_slug(NULL, "https://News.Example:8080/", 64, &sb);
	assert_string_equal(strbuf_str(&sb), "news-example-8080");
	strbuf_truncate(&sb, 0);
	html_article_slug("!!!", NULL, 64, &sb);
	assert_string_equal(strbuf_str(&sb), "article");
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_story_without_clutter),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_charset_from_header),
		cmocka_unit_test(test_charset_from_meta),
		cmocka_unit_test(test_invalid_utf8_replaced),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_slug),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
