/* libFuzzer target: html_article_extract on arbitrary bytes, with the first
 * byte choosing the content type. Checks its promises: a refusal says why;
 * a success gives one-line UTF-8 title, source and date (YYYY-MM-DD or
 * empty), UTF-8 text of n_paragraphs paragraphs with no blank line inside
 * one, and a slug of [a-z0-9-] that is never empty. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/strbuf.h"
#include "common/utf8.h"
#include "knowledge/html_article.h"

static void check_line(const char *s)
{
	if (!s || !utf8_valid(s, strlen(s)) || strchr(s, '\n') || strchr(s, '\r'))
		abort();
}

static void check(const struct html_article *a)
{
	check_line(a->title);
	check_line(a->source);
	check_line(a->date);
	size_t d = strlen(a->date);
	if (d != 0 && d != 10)
		abort();
	size_t n = strlen(a->text), paras = 1;
	if (n == 0 || !utf8_valid(a->text, n) || a->text[0] == '\n' || a->text[n - 1] == '\n')
		abort();
	for (const char *p = a->text; (p = strstr(p, "\n\n")) != NULL; p += 2)
		paras++;
	if (strstr(a->text, "\n\n\n") || paras != a->n_paragraphs)
		abort();
	struct strbuf slug = {0};
	html_article_slug(a->title, "http://fuzz.example/a/b.html", 48, &slug);
	if (slug.len == 0 || slug.len > 48 || strspn(slug.buf, "abcdefghijklmnopqrstuvwxyz0123456789-") != slug.len)
		abort();
	strbuf_free(&slug);
	struct strbuf file = {0};
	if (html_article_format(a, "http://fuzz.example/", &file) != 0 && !file.failed)
		abort();
	strbuf_free(&file);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = {
		NULL, "text/html", "text/html; charset=windows-1252", "text/html; charset=\"utf-16\"",
		"application/xhtml+xml; charset=koi8-r", "text/html;charset=no-such-set", "image/png",
	};
	if (size == 0)
		return 0;
	const char *ct = types[data[0] % (sizeof types / sizeof types[0])];
	struct strbuf err = {0};
	struct html_article a = {0};
	int rc = html_article_extract((const char *)data + 1, size - 1, ct, &a, &err);
	if (rc == 0)
		check(&a);
	else if (err.len == 0 && !err.failed)
		abort(); /* a refusal always says why */
	html_article_clear(&a);
	strbuf_free(&err);
	return 0;
}
