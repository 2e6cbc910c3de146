/* knowledge/kb_facts: walking one article's facts by kind, and their
 * one-line phrasing. Runs on a scratch knowledge directory holding a small
 * curated article and an uncurated one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/strbuf.h"
#include "knowledge/kb.h"
#include "knowledge/kb_facts.h"
#include "tests/kbdir.h"

static const char curated[] =
	"title: Talks\nsource: Wire\ndate: 2024-03-14\n---\n"
	"Norway backs the Geneva talks, officials said.\n\n"
	"The future of the aid corridor is at stake in Geneva.\n\n"
	"\xE2\x80\x9CWe expect a hard week,\xE2\x80\x9D said Ana Berg, the Norwegian envoy.\n\n"
	"The ministers meet on Monday in Geneva.\n\n"
	"Some 40 delegates attend.\n";

static const char curated_facts[] =
	"{\"article\": \"talks\", \"entities\": ["
	"{\"id\": \"norway\", \"name\": \"Norway\", \"kind\": \"country\", \"aliases\": [],"
	" \"description\": \"x\", \"quote\": \"Norway backs\"},"
	"{\"id\": \"talks-g\", \"name\": \"the Geneva talks\", \"kind\": \"other\", \"aliases\": [],"
	" \"description\": \"x\", \"quote\": \"the Geneva talks\"},"
	"{\"id\": \"geneva\", \"name\": \"Geneva\", \"kind\": \"place\", \"aliases\": [],"
	" \"description\": \"x\", \"quote\": \"in Geneva\"},"
	"{\"id\": \"berg\", \"name\": \"Ana Berg\", \"kind\": \"person\", \"aliases\": [],"
	" \"description\": \"x\", \"role\": \"Norwegian envoy\", \"quote\": \"said Ana Berg\"}],"
	"\"relations\": [{\"subject\": \"norway\", \"predicate\": \"backs\", \"object\": \"talks-g\","
	" \"quote\": \"Norway backs the Geneva talks\"},"
	"{\"subject\": \"norway\", \"predicate\": \"bombs\", \"object\": \"geneva\", \"negated\": true,"
	" \"object_text\": \"the city of Geneva\", \"quote\": \"Norway backs the Geneva talks\"}],"
	"\"stakes\": [{\"place\": \"geneva\", \"text\": \"the aid corridor\","
	" \"quote\": \"The future of the aid corridor is at stake in Geneva\"}],"
	"\"quotes\": [{\"speaker\": \"berg\", \"text\": \"We expect a hard week\", \"topic\": \"\","
	" \"direct\": true, \"quote\": \"We expect a hard week\"},"
	"{\"speaker\": \"berg\", \"text\": \"talks will be hard\", \"topic\": \"\", \"direct\": false,"
	" \"quote\": \"We expect a hard week\"}],"
	"\"events\": [{\"when\": \"Monday\", \"date\": \"2024-03-18\", \"place\": \"geneva\","
	" \"text\": \"The ministers meet.\", \"quote\": \"The ministers meet on Monday in Geneva\"}],"
	"\"numbers\": [{\"value\": \"40\", \"what\": \"delegates\", \"quote\": \"Some 40 delegates\"}]}";

static const char uncurated[] =
	"title: Front\nsource: Wire\ndate: 2023-05-10\n---\n"
	"Syria and its ally Russia bombed the valley last month, residents said.\n";

static int setup(void **state)
{
	char *dir = kbdir_with("talks", curated, curated_facts);
	assert_non_null(dir);
	assert_int_equal(kbdir_write(dir, "articles/front.txt", uncurated), 0);
	struct strbuf err = {0};
	struct kb *kb = kb_load(dir, &err);
	if (!kb)
		fail_msg("kb_load: %s", strbuf_str(&err));
	strbuf_free(&err);
	kbdir_free(dir);
	*state = kb;
	return 0;
}

static int teardown(void **state)
{
	kb_free(*state);
	return 0;
}

/* The facts of a walk, phrased, joined by " | ". */
static void walk(const struct kb *kb, const struct kb_article *a, unsigned kinds,
		 struct strbuf *sb)
{
	struct kb_facts_iter it;
	struct kb_fact f;
	kb_facts_begin(&it, kb, a, kinds);
	while (kb_facts_next(&it, &f)) {
		assert_non_null(f.cite);
		if (a)
			assert_ptr_equal(f.cite->article, a);
		int set = !!f.relation + !!f.stake + !!f.quote + !!f.event + !!f.number;
		assert_int_equal(set, 1);
		if (sb->len)
			strbuf_puts(sb, " | ");
		kb_facts_text(&f, sb);
	}
	assert_false(kb_facts_next(&it, &f));  /* stays at the end */
}

static void test_one_article_by_kind(void **state)
{
	const struct kb *kb = *state;
	const struct kb_article *talks = kb_article_find(kb, "talks");
	assert_non_null(talks);
	struct strbuf sb = {0};
	walk(kb, talks, KB_FACT_ALL, &sb);
	assert_string_equal(strbuf_str(&sb),
			    "Norway backs the Geneva talks"
			    " | Norway does not bomb the city of Geneva"
			    " | At stake in Geneva: the aid corridor"
			    " | Ana Berg (Norwegian envoy): \xE2\x80\x9CWe expect a hard week\xE2\x80\x9D"
			    " | Ana Berg (Norwegian envoy), as reported: talks will be hard"
			    " | Monday: The ministers meet."
			    " | 40: delegates");
	strbuf_truncate(&sb, 0);
	walk(kb, talks, KB_FACT_QUOTE | KB_FACT_STAKE, &sb);
	assert_string_equal(strbuf_str(&sb),
			    "At stake in Geneva: the aid corridor"
			    " | Ana Berg (Norwegian envoy): \xE2\x80\x9CWe expect a hard week\xE2\x80\x9D"
			    " | Ana Berg (Norwegian envoy), as reported: talks will be hard");
	assert_int_equal(kb_facts_count(kb, talks, KB_FACT_ALL), 7);
	assert_int_equal(kb_facts_count(kb, talks, KB_FACT_RELATION), 2);
	assert_int_equal(kb_facts_count(kb, talks, 0), 0);
	strbuf_free(&sb);
}

/* An uncurated article's facts are the ones the extractor found. */
static void test_extracted_and_all(void **state)
{
	const struct kb *kb = *state;
	const struct kb_article *front = kb_article_find(kb, "front");
	assert_non_null(front);
	struct kb_facts_iter it;
	struct kb_fact f;
	kb_facts_begin(&it, kb, front, KB_FACT_RELATION);
	assert_true(kb_facts_next(&it, &f));
	assert_true(f.relation->extracted);
	assert_non_null(f.cite->sentence);
	struct strbuf sb = {0};
	kb_facts_text(&f, &sb);
	assert_string_equal(strbuf_str(&sb), "Syria is allied with Russia");
	strbuf_free(&sb);
	/* NULL: every article */
	size_t all = kb_facts_count(kb, NULL, KB_FACT_ALL);
	assert_int_equal(all, kb_facts_count(kb, front, KB_FACT_ALL) +
				      kb_facts_count(kb, kb_article_find(kb, "talks"), KB_FACT_ALL));
	assert_int_equal(kb_facts_count(kb, NULL, KB_FACT_RELATION), kb_relation_count(kb));
	/* a walk over nothing */
	kb_facts_begin(&it, NULL, front, KB_FACT_ALL);
	assert_false(kb_facts_next(&it, &f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_article_by_kind),
		cmocka_unit_test(test_extracted_and_all),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
