/* knowledge/article: front matter, paragraphs, sentences and their ids. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/strbuf.h"
#include "knowledge/article.h"
#include "tests/kbdir.h"

/* ---- helpers ------------------------------------------------------------- */

static void collect(void *user, const char *s, size_t n)
{
	struct strbuf *sb = user;
	if (sb->len)
		strbuf_puts(sb, " | ");
	strbuf_append(sb, s, n);
}

/* The sentences of one paragraph, joined by " | ". */
static void assert_split(const char *para, const char *want)
{
	struct strbuf sb = {0};
	article_split_sentences(para, strlen(para), collect, &sb);
	if (strcmp(strbuf_str(&sb), want) != 0)
		fprintf(stderr, "split: %s\n want: %s\n", strbuf_str(&sb), want);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

static struct article *parse(const char *text)
{
	struct strbuf err = {0};
	struct article *a = article_parse("t", text, strlen(text), &err);
	if (!a)
		fprintf(stderr, "article_parse: %s", strbuf_str(&err));
	assert_non_null(a);
	assert_int_equal(err.len, 0);
	strbuf_free(&err);
	return a;
}

/* Parses text that must be rejected; returns the message. */
static char *rejected(const char *text, size_t n)
{
	struct strbuf err = {0};
	struct article *a = article_parse("bad", text, n, &err);
	assert_null(a);
	assert_true(err.len > 0);
	return strbuf_steal(&err);
}

static const char *sentence(const struct kb_article *v, size_t p, size_t s)
{
	assert_true(p < v->n_paragraphs);
	assert_true(s < v->paragraphs[p].n_sentences);
	const struct kb_sentence *x = &v->paragraphs[p].sentences[s];
	assert_int_equal(x->paragraph, (int)p + 1);
	assert_int_equal(x->index, (int)s + 1);
	return x->text;
}

/* Parses `text` and checks its title and date (NULL: not checked) and
 * that its first sentence contains `first`. */
static void assert_parsed(const char *text, const char *title, const char *date,
			  const char *first)
{
	struct article *a = parse(text);
	const struct kb_article *v = article_view(a);
	if (title)
		assert_string_equal(v->title, title);
	if (date)
		assert_string_equal(v->date, date);
	if (!strstr(sentence(v, 0, 0), first))
		fprintf(stderr, "first sentence: %s\nwant: %s\n", sentence(v, 0, 0), first);
	assert_non_null(strstr(sentence(v, 0, 0), first));
	article_free(a);
}

/* ---- front matter and the date line -------------------------------------- */

static void test_front_matter(void **state)
{
	struct article *a = parse("title:  The Vessa dam \n"
				  "source: Kestria Herald\n"
				  "date: 2024-03-01\n"
				  "url: https://example.org/vessa\n"
				  "tags: ignored\n"
				  "---\n"
				  "The dam opened. It holds water.\n");
	const struct kb_article *v = article_view(a);
	assert_string_equal(v->id, "t");
	assert_string_equal(v->title, "The Vessa dam");
	assert_string_equal(v->source, "Kestria Herald");
	assert_string_equal(v->date, "2024-03-01");
	assert_string_equal(v->url, "https://example.org/vessa");
	assert_false(v->curated);
	assert_int_equal(v->n_paragraphs, 1);
	assert_string_equal(sentence(v, 0, 0), "The dam opened.");
	assert_string_equal(sentence(v, 0, 1), "It holds water.");
	article_set_curated(a, true);
	assert_true(article_view(a)->curated);
	article_free(a);

	/* Without front matter the defaults apply: the id is the title. */
	a = parse("Just text. Two sentences.");
	v = article_view(a);
	assert_string_equal(v->title, "t");
	assert_string_equal(v->source, "");
	assert_string_equal(v->date, "");
	assert_string_equal(v->url, "");
	assert_int_equal(v->paragraphs[0].n_sentences, 2);
	article_free(a);

	/* A line without a colon before "---" means it was never front
	 * matter: all of it is text. */
	assert_parsed("Not a header line\n---\nMore text here.", "t", "", "Not a header line");
	/* A blank line before any "---": no front matter either. */
	assert_parsed("note: this is text.\n\nSecond paragraph.\n---\n", "t", "",
		      "note: this is text.");
	article_free(NULL);
}

static void test_leading_date_line(void **state)
{
	/* Wire copy: "date YYYY-MM-DD " starts the text. */
	struct article *a = parse(" date 2021-09-28 Ankara and Moscow met. They talked.");
	const struct kb_article *v = article_view(a);
	assert_string_equal(v->date, "2021-09-28");
	assert_string_equal(sentence(v, 0, 0), "Ankara and Moscow met.");
	assert_string_equal(sentence(v, 0, 1), "They talked.");
	article_free(a);

	/* The front matter's date wins; the prefix is removed all the same. */
	assert_parsed("date: 2020-01-01\n---\ndate 2021-09-28 Text starts here.", NULL,
		      "2020-01-01", "Text starts here.");
	/* Not a date: left alone. */
	assert_parsed("date 2021-9-28 is not ISO.", NULL, "", "date 2021-9-28 is not ISO.");
}

/* ---- paragraphs, headings, ids ------------------------------------------- */

static void test_paragraphs_headings_ids(void **state)
{
	struct article *a = parse("First line of one paragraph\n"
				  "continues here. Second sentence.\n"
				  "\n"
				  "   \t \n"
				  "Water fight\n"
				  "\n\n\n"
				  "Third paragraph, one sentence.\r\n"
				  "\r\n"
				  "Is this a heading? No: it ends with a question mark\n");
	const struct kb_article *v = article_view(a);
	assert_int_equal(v->n_paragraphs, 4);
	assert_string_equal(sentence(v, 0, 0),
			    "First line of one paragraph continues here.");
	assert_string_equal(sentence(v, 0, 1), "Second sentence.");
	assert_false(v->paragraphs[0].is_heading);
	assert_int_equal(v->paragraphs[1].n_sentences, 1);
	assert_true(v->paragraphs[1].is_heading);
	assert_string_equal(sentence(v, 1, 0), "Water fight");
	assert_false(v->paragraphs[2].is_heading);
	assert_string_equal(sentence(v, 2, 0), "Third paragraph, one sentence.");
	assert_false(v->paragraphs[3].is_heading);
	assert_int_equal(v->paragraphs[3].n_sentences, 2);
	assert_string_equal(sentence(v, 3, 1), "No: it ends with a question mark");
	article_free(a);

	/* Ids are stable: the same text gives the same p.s numbers, and a
	 * change in one paragraph does not renumber the others. */
	const char *one = "A b c. D e f.\n\nG h i. J k l. M n o.\n\nP q r.";
	const char *two = "A b c. D e f. Added here.\n\nG h i. J k l. M n o.\n\nP q r.";
	struct article *x = parse(one), *y = parse(two);
	const struct kb_article *vx = article_view(x), *vy = article_view(y);
	assert_string_equal(sentence(vx, 1, 2), "M n o.");
	assert_string_equal(sentence(vy, 1, 2), "M n o.");
	assert_string_equal(sentence(vx, 2, 0), sentence(vy, 2, 0));
	article_free(x);
	article_free(y);
}

/* ---- sentence splitting -------------------------------------------------- */

static void test_split_abbreviations(void **state)
{
	assert_split("Mr. Smith met Dr. Jones in St. Petersburg. They talked.",
		     "Mr. Smith met Dr. Jones in St. Petersburg. | They talked.");
	assert_split("The U.S. Army left. The war went on.",
		     "The U.S. Army left. | The war went on.");
	/* An acronym at the end of a sentence: the next word starts one. */
	assert_split("The group is backed by the U.S. The group denies it.",
		     "The group is backed by the U.S. | The group denies it.");
	assert_split("J. R. Smith and Gen. Lee spoke on Jan. 5. Then they left.",
		     "J. R. Smith and Gen. Lee spoke on Jan. 5. | Then they left.");
	assert_split("It cost 3.7 million. That is a lot.",
		     "It cost 3.7 million. | That is a lot.");
	assert_split("e.g. this is not split. Nor is etc. here.",
		     "e.g. this is not split. | Nor is etc. here.");
}

static void test_split_quotes(void **state)
{
	/* Quoted speech over two sentences stays one sentence. */
	assert_split("\xE2\x80\x9CIt will rain. It will pour,\xE2\x80\x9D he said. Then he left.",
		     "\xE2\x80\x9CIt will rain. It will pour,\xE2\x80\x9D he said. | Then he left.");
	assert_split("\"It will rain. It will pour,\" he said. Then he left.",
		     "\"It will rain. It will pour,\" he said. | Then he left.");
	/* ? and ! inside quotes, followed by lower case: one sentence. */
	assert_split("\xE2\x80\x9CHow do we move forward?\xE2\x80\x9D ask the two leaders. Fine.",
		     "\xE2\x80\x9CHow do we move forward?\xE2\x80\x9D ask the two leaders. | Fine.");
	assert_split("\xE2\x80\x9CStop!\xE2\x80\x9D she cried. He stopped.",
		     "\xE2\x80\x9CStop!\xE2\x80\x9D she cried. | He stopped.");
	/* ... or by its speaker's name and verb: still one sentence; a
	 * question followed by a sentence of its own is two */
	assert_split("\"We have impact!\" Mission Control's Elena Adams announced, jumping up. "
		     "Then she sat.",
		     "\"We have impact!\" Mission Control's Elena Adams announced, jumping up. | "
		     "Then she sat.");
	/* (a speaker named with a long aside before the verb) */
	assert_split("\"We pulled it off!\" Peter Berdowski, chief executive of the Dutch "
		     "company Boskalis, whose subsidiary led the rescue, said in a statement.",
		     "\"We pulled it off!\" Peter Berdowski, chief executive of the Dutch "
		     "company Boskalis, whose subsidiary led the rescue, said in a statement.");
	assert_split("\"Why now?\" The board met on Monday.",
		     "\"Why now?\" | The board met on Monday.");
	/* A quotation that ends the sentence. */
	assert_split("He said: \xE2\x80\x9CGo now.\xE2\x80\x9D The crowd left.",
		     "He said: \xE2\x80\x9CGo now.\xE2\x80\x9D | The crowd left.");
	/* Several terminators, and closers after them. */
	assert_split("Really?! Yes. (It was.) Done...",
		     "Really?! | Yes. | (It was.) | Done...");
	/* An unclosed quotation never loses text. */
	assert_split("\xE2\x80\x9CNo end. Still inside. Last.",
		     "\xE2\x80\x9CNo end. Still inside. Last.");
	/* Lower case after a full stop does not start a sentence. */
	assert_split("Version 2. is out. ok.", "Version 2. is out. ok.");
	assert_split("", "");
	assert_split("   ", "");
}

static void test_split_reads_only_n_bytes(void **state)
{
	/* A paragraph that is not NUL-terminated and ends right after a
	 * terminator: nothing past the n bytes may be read (the sanitizer
	 * build catches an over-read). */
	static const char *const ends[] = { "Done.", "Done?!", "\xE2\x80\x9CGo.\xE2\x80\x9D", "x." };
	for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
		size_t n = strlen(ends[i]);
		char *exact = malloc(n);
		memcpy(exact, ends[i], n);
		struct strbuf sb = {0};
		article_split_sentences(exact, n, collect, &sb);
		assert_memory_equal(strbuf_str(&sb), ends[i], n);
		strbuf_free(&sb);
		free(exact);
	}
}

/* ---- rejected input ------------------------------------------------------ */

static void test_rejects_bad_input(void **state)
{
	char *msg = rejected("Fine start \xC3\x28 then junk.", 26);
	assert_non_null(strstr(msg, "articles/bad.txt"));
	assert_non_null(strstr(msg, "UTF-8"));
	free(msg);
	msg = rejected("\xFF", 1);
	assert_non_null(strstr(msg, "UTF-8"));
	free(msg);
	msg = rejected("", 0);
	assert_non_null(strstr(msg, "articles/bad.txt: no text"));
	free(msg);
	msg = rejected(" \n\n \t\n", 6);
	assert_non_null(strstr(msg, "no text"));
	free(msg);
	msg = rejected("title: Only front matter\n---\n", 29);
	assert_non_null(strstr(msg, "no text"));
	free(msg);
	/* Too large. */
	size_t big = ARTICLE_MAX_BYTES + 1;
	char *text = malloc(big);
	memset(text, 'a', big);
	msg = rejected(text, big);
	assert_non_null(strstr(msg, "too large"));
	free(msg);
	free(text);
	/* A NULL error buffer is allowed. */
	assert_null(article_parse("x", "", 0, NULL));
	/* Bytes after a NUL are still checked: n is the length. */
	msg = rejected("ok\0\xFF", 4);
	free(msg);
	/* A NUL would cut a sentence short and lose what follows it. */
	msg = rejected("One sentence. \0Two here.", 25);
	assert_non_null(strstr(msg, "articles/bad.txt: contains a NUL byte"));
	free(msg);
}

/* ---- the seed article ---------------------------------------------------- */

static void test_seed_article(void **state)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/articles/sochi-2021.txt", kbdir_shipped());
	size_t len;
	char *text = kbdir_slurp(path, &len);
	assert_non_null(text);
	struct strbuf err = {0};
	struct article *a = article_parse("sochi-2021", text, len, &err);
	assert_non_null(a);
	const struct kb_article *v = article_view(a);
	assert_string_equal(v->source, "TRT World");
	assert_string_equal(v->date, "2021-09-28");
	assert_non_null(strstr(v->title, "Erdogan and Putin meet in Sochi"));

	static const size_t per_paragraph[] = {
		2, 2, 1, 1, 1, 1, 2, 1, 1, 2, 1, 2, 2, 1, 2, 1, 2, 1, 2,
	};
	assert_int_equal(v->n_paragraphs, sizeof per_paragraph / sizeof *per_paragraph);
	size_t total = 0;
	for (size_t p = 0; p < v->n_paragraphs; p++) {
		assert_int_equal(v->paragraphs[p].n_sentences, per_paragraph[p]);
		assert_int_equal(v->paragraphs[p].is_heading, p == 8);
		total += v->paragraphs[p].n_sentences;
	}
	assert_int_equal(total, 28);

	/* The wire-copy date prefix is gone from the first sentence. */
	assert_string_equal(sentence(v, 0, 0),
			    "Ankara and Moscow have long struggled to narrow down their differences "
			    "due to clashing foreign policy interests in Caucasia to Central Asia and "
			    "the Balkans.");
	assert_string_equal(sentence(v, 8, 0), "Idlib deadlock");
	/* A question inside quotes does not end the sentence. */
	assert_string_equal(sentence(v, 9, 1),
			    "\xE2\x80\x9CHow do we move forward?\xE2\x80\x9D ask the two leaders "
			    "probably to find a reliable path across Syria, according to Alam.");
	assert_string_equal(sentence(v, 10, 0),
			    "\xE2\x80\x9CIt will not be an easy meeting,\xE2\x80\x9D Alam adds.");
	assert_string_equal(sentence(v, 11, 0), "Idlib hosts more than four million people.");
	assert_string_equal(sentence(v, 12, 1),
			    "Much of northeastern Syria is currently under YPG's control thanks to "
			    "the US' help.");
	assert_string_equal(sentence(v, 18, 1),
			    "Bashar al Assad won 95 percent of votes, according to the results of the "
			    "elections which were widely believed to be rigged.");
	article_free(a);
	free(text);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_leading_date_line),
		cmocka_unit_test(test_paragraphs_headings_ids),
		cmocka_unit_test(test_split_abbreviations),
		cmocka_unit_test(test_split_quotes),
		cmocka_unit_test(test_split_reads_only_n_bytes),
		cmocka_unit_test(test_rejects_bad_input),
		cmocka_unit_test(test_seed_article),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
