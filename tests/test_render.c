#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "commands/render.h"
#include "common/strbuf.h"
#include "common/utf8.h"

#define ZWSP "\xE2\x80\x8B"

static const char *nasty =
	"@everyone @here look **bold** __u__ ~~s~~ ||spoiler|| <script>alert(1)</script> "
	"```code fence``` `tick` <@123> <@&456> <@!789> [link](https://x.example) # head & \"q\" 'a'";

static void render_one(const struct reply *r, enum render_format f, size_t limit,
		       struct render_output *out)
{
	*out = (struct render_output){0};
	assert_int_equal(render_reply(r, f, limit, out), 0);
}

static void test_plain_layout(void **state)
{
	struct reply r = {0};
	reply_set_title(&r, "Title");
	reply_add_paragraph(&r, "First.");
	reply_add_item(&r, "one");
	reply_add_item(&r, "two");
	reply_add_citation(&r, "sochi", "Sochi (TRT World, 2021-09-28)", 7, 2, "A sentence.");
	struct render_output out;
	render_one(&r, RENDER_PLAIN, 0, &out);
	assert_int_equal(out.n_chunks, 1);
	assert_null(out.chunks[0].html);
	assert_string_equal(out.chunks[0].text,
			    "Title\n\nFirst.\n\n- one\n- two\n\n"
			    "[1] \xE2\x80\x9C" "A sentence.\xE2\x80\x9D \xE2\x80\x94 "
			    "Sochi (TRT World, 2021-09-28), p7.s2");
	render_output_free(&out);
	reply_free(&r);
}

static void test_shared_label_written_once(void **state)
{
	struct reply r = {0};
	reply_add_paragraph(&r, "Answer.");
	reply_add_citation(&r, "sochi", "Sochi (TRT World, 2021-09-28)", 7, 2, "One.");
	reply_add_citation(&r, "sochi", "Sochi (TRT World, 2021-09-28)", 8, 1, "Two.");
	struct render_output out;
	render_one(&r, RENDER_PLAIN, 0, &out);
	assert_string_equal(out.chunks[0].text,
			    "Answer.\n\nSource: Sochi (TRT World, 2021-09-28)\n\n"
			    "[1] \xE2\x80\x9COne.\xE2\x80\x9D \xE2\x80\x94 p7.s2\n"
			    "[2] \xE2\x80\x9CTwo.\xE2\x80\x9D \xE2\x80\x94 p8.s1");
	render_output_free(&out);
	/* Different articles: each citation carries its own label. */
	reply_add_citation(&r, "other", "Other (AP, 2022-01-01)", 1, 1, "Three.");
	render_one(&r, RENDER_PLAIN, 0, &out);
	assert_null(strstr(out.chunks[0].text, "Source:"));
	assert_non_null(strstr(out.chunks[0].text, "Three.\xE2\x80\x9D \xE2\x80\x94 Other (AP, 2022-01-01), p1.s1"));
	render_output_free(&out);
	reply_free(&r);
}

static void test_empty_reply_has_no_chunks(void **state)
{
	struct reply r = {0};
	struct render_output out;
	render_one(&r, RENDER_DISCORD, 0, &out);
	assert_int_equal(out.n_chunks, 0);
	render_output_free(&out);
}

static void assert_no_mentions(const char *s)
{
	assert_null(strstr(s, "@everyone"));
	assert_null(strstr(s, "@here"));
	assert_null(strstr(s, "<@1"));
	assert_null(strstr(s, "<@&"));
	assert_null(strstr(s, "<@!"));
	assert_non_null(strstr(s, "@" ZWSP "everyone"));
}

static void test_discord_escapes(void **state)
{
	struct reply r = {0};
	reply_set_title(&r, "**not bold** @here");
	reply_add_paragraph(&r, nasty);
	reply_add_item(&r, nasty);
	struct render_output out;
	render_one(&r, RENDER_DISCORD, 0, &out);
	assert_int_equal(out.n_chunks, 1);
	const char *s = out.chunks[0].text;
	assert_no_mentions(s);
	/* The only live markup is our own bold title. */
	assert_true(strncmp(s, "**\\*\\*not bold\\*\\* @" ZWSP "here**", 28) == 0);
	assert_non_null(strstr(s, "\\*\\*bold\\*\\*"));
	assert_non_null(strstr(s, "\\`\\`\\`code fence\\`\\`\\`"));
	assert_non_null(strstr(s, "\\[link\\](https"));
	assert_non_null(strstr(s, "\\<script\\>"));
	assert_non_null(strstr(s, "\\|\\|spoiler"));
	assert_null(strstr(s, "```"));
	render_output_free(&out);
	reply_free(&r);
}

static void test_discord_line_start(void **state)
{
	struct reply r = {0};
	reply_add_paragraph(&r, "- not a list");
	reply_add_paragraph(&r, "12. not a list either");
	reply_add_paragraph(&r, "12 monkeys");
	struct render_output out;
	render_one(&r, RENDER_DISCORD, 0, &out);
	assert_string_equal(out.chunks[0].text,
			    "\\- not a list\n\n" ZWSP "12. not a list either\n\n12 monkeys");
	render_output_free(&out);
	reply_free(&r);
}

static void test_matrix_escapes(void **state)
{
	struct reply r = {0};
	reply_set_title(&r, "<b>t</b>");
	reply_add_paragraph(&r, nasty);
	reply_add_paragraph(&r, "@room please");
	reply_add_item(&r, "x & y");
	reply_add_citation(&r, "a", "L <i>", 1, 1, "<img src=x onerror=alert(1)>");
	struct render_output out;
	render_one(&r, RENDER_MATRIX, 0, &out);
	assert_int_equal(out.n_chunks, 1);
	const char *h = out.chunks[0].html;
	const char *b = out.chunks[0].text;
	assert_non_null(h);
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<img"));
	assert_null(strstr(h, "<b>"));
	assert_null(strstr(h, "<i>"));
	assert_non_null(strstr(h, "<p><strong>&lt;b&gt;t&lt;/b&gt;</strong></p>"));
	assert_non_null(strstr(h, "&lt;script&gt;"));
	assert_non_null(strstr(h, "&amp; &quot;q&quot; &#39;a&#39;"));
	assert_non_null(strstr(h, "<ul><li>x &amp; y</li></ul>"));
	assert_null(strstr(h, "@room"));
	assert_null(strstr(b, "@room"));
	assert_no_mentions(h);
	assert_no_mentions(b);
	/* The plain body is not HTML-escaped. */
	assert_non_null(strstr(b, "<script>"));
	render_output_free(&out);
	reply_free(&r);
}

static void test_invalid_utf8_and_controls_are_cleaned(void **state)
{
	struct reply r = {0};
	reply_add_paragraph(&r, "bad \xC3 byte \xFF and\nnew\x01line");
	struct render_output out;
	render_one(&r, RENDER_DISCORD, 0, &out);
	const char *s = out.chunks[0].text;
	assert_true(utf8_valid(s, strlen(s)));
	assert_null(strchr(s, '\n'));
	assert_null(strchr(s, '\x01'));
	render_output_free(&out);
	reply_free(&r);
}

/* Markdown balance in one chunk: outside backslash escapes, the number of
 * "**" is even and there are no backticks, underscores or tildes. */
static void assert_md_balanced(const char *s)
{
	size_t bold = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '\\') {
			assert_true(s[i + 1] != '\0'); /* no dangling escape at a cut */
			i++;
			continue;
		}
		assert_true(s[i] != '`' && s[i] != '_' && s[i] != '~' && s[i] != '|');
		if (s[i] == '*') {
			assert_int_equal(s[i + 1], '*');
			bold++;
			i++;
		}
	}
	assert_int_equal(bold % 2, 0);
}

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void assert_html_balanced(const char *h)
{
	static const char *const tags[] = { "p", "strong", "ul", "li", "blockquote" };
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		char open[32], close[32];
		snprintf(open, sizeof open, "<%s>", tags[i]);
		snprintf(close, sizeof close, "</%s>", tags[i]);
		assert_int_equal(count(h, open), count(h, close));
	}
	assert_int_equal(count(h, "<"), 2 * (count(h, "</")));
}

/* A reply of about 10 KB: long paragraphs of multi-byte words and markup
 * characters, one 3 KB word with no space at all, items and citations. */
static void build_big(struct reply *r)
{
	struct strbuf sb = {0};
	reply_set_title(r, "A **long** title");
	for (int p = 0; p < 6; p++) {
		strbuf_truncate(&sb, 0);
		for (int w = 0; w < 60; w++)
			strbuf_printf(&sb, "w%d.%d caf\xC3\xA9 \xE2\x80\x99q\xF0\x9F\x98\x80 *x* ", p, w);
		reply_add_paragraph(r, strbuf_str(&sb));
	}
	strbuf_truncate(&sb, 0);
	for (int i = 0; i < 1000; i++)
		strbuf_puts(&sb, i % 2 ? "\xC3\xA9" : "*");
	reply_add_paragraph(r, strbuf_str(&sb));
	for (int i = 0; i < 40; i++)
		reply_add_itemf(r, "item %d with `code` and @everyone", i);
	for (int i = 0; i < 10; i++)
		reply_add_citation(r, "a", "T (S, D)", i + 1, 1, "A cited <sentence> ~~here~~.");
	strbuf_free(&sb);
}

static void test_discord_split_10k(void **state)
{
	struct reply r = {0};
	build_big(&r);
	struct render_output out;
	render_one(&r, RENDER_DISCORD, 0, &out);
	assert_true(out.n_chunks >= 5);
	size_t total = 0;
	for (size_t i = 0; i < out.n_chunks; i++) {
		const char *s = out.chunks[i].text;
		size_t n = strlen(s);
		total += n;
		assert_true(n > 0);
		assert_true(utf8_valid(s, n));
		assert_true(utf8_count(s, n) <= RENDER_DISCORD_LIMIT);
		assert_true(render_units(RENDER_DISCORD, s, n) <= RENDER_DISCORD_LIMIT);
		assert_md_balanced(s);
		assert_null(strstr(s, "@everyone"));
	}
	assert_true(total > 10000);
	/* Nothing lost: the last word of every paragraph is somewhere. */
	for (int p = 0; p < 6; p++) {
		char w[32];
		snprintf(w, sizeof w, "w%d.59 ", p);
		bool found = false;
		for (size_t i = 0; i < out.n_chunks && !found; i++)
			found = strstr(out.chunks[i].text, w) != NULL;
		assert_true(found);
	}
	render_output_free(&out);
	reply_free(&r);
}

static void test_matrix_split_small_limit(void **state)
{
	struct reply r = {0};
	build_big(&r);
	struct render_output out;
	render_one(&r, RENDER_MATRIX, 500, &out);
	assert_true(out.n_chunks > 20);
	for (size_t i = 0; i < out.n_chunks; i++) {
		const char *b = out.chunks[i].text, *h = out.chunks[i].html;
		assert_true(strlen(b) <= 500);
		assert_true(strlen(h) <= 500);
		assert_true(utf8_valid(b, strlen(b)));
		assert_true(utf8_valid(h, strlen(h)));
		assert_html_balanced(h);
	}
	render_output_free(&out);
	reply_free(&r);
}

static void test_plain_has_no_limit_by_default(void **state)
{
	struct reply r = {0};
	build_big(&r);
	struct render_output out;
	render_one(&r, RENDER_PLAIN, 0, &out);
	assert_int_equal(out.n_chunks, 1);
	render_output_free(&out);
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_layout),
		cmocka_unit_test(test_shared_label_written_once),
		cmocka_unit_test(test_empty_reply_has_no_chunks),
		cmocka_unit_test(test_discord_escapes),
		cmocka_unit_test(test_discord_line_start),
		cmocka_unit_test(test_matrix_escapes),
		cmocka_unit_test(test_invalid_utf8_and_controls_are_cleaned),
		cmocka_unit_test(test_discord_split_10k),
		cmocka_unit_test(test_matrix_split_small_limit),
		cmocka_unit_test(test_plain_has_no_limit_by_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
