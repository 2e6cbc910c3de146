/* commands/digest_post: what a scheduled digest says, and which articles it
 * records as covered. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "commands/digest_post.h"
#include "common/error.h"

static struct kb *load(void)
{
	struct strbuf err = {0};
	struct kb *kb = kb_load(BRIEFBOT_SOURCE_ROOT "/knowledge", &err);
	strbuf_free(&err);
	assert_non_null(kb);
	return kb;
}

/* Is `text` in a paragraph or a bullet item of r? */
static bool has_para(const struct reply *r, const char *text)
{
	for (size_t i = 0; i < r->n_paragraphs; i++)
		if (strstr(r->paragraphs[i], text))
			return true;
	for (size_t i = 0; i < r->n_items; i++)
		if (strstr(r->items[i], text))
			return true;
	return false;
}

static void test_digest_post(void **state)
{
	(void)state;
	struct kb *kb = load();
	struct digest_request req = { .platform = "discord", .room = "1", .slot_ms = 1000 };
	struct reply r = {0};
	struct strbuf covered = {0};
	assert_int_equal(digest_post_build(kb, &req, &r, &covered), 0);
	assert_string_equal(r.title, "Briefing");
	assert_false(has_para(&r, "missed"));
	assert_false(has_para(&r, "late"));
	/* every article, one line each */
	size_t lines = 0;
	for (const char *p = strbuf_str(&covered); *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, kb_article_count(kb));
	assert_non_null(strstr(strbuf_str(&covered), kb_article_at(kb, 0)->id));
	reply_free(&r);

	/* The next digest with that record: nothing new; a note or nothing. */
	char *last = strbuf_steal(&covered);
	req.prev_articles = last;
	assert_int_equal(digest_post_build(kb, &req, &r, &covered), 0);
	assert_true(has_para(&r, "Nothing new since the last digest."));
	reply_free(&r);
	req.when_empty = DIGEST_EMPTY_SKIP;
	strbuf_truncate(&covered, 0);
	assert_true(r.n_paragraphs + r.n_items == 0);
	assert_int_equal(digest_post_build(kb, &req, &r, &covered), DIGEST_NOTHING);
	assert_string_equal(strbuf_str(&covered), last); /* still recorded */
	req.when_empty = DIGEST_EMPTY_NOTE;
	/* A record in an older form reads as none: the full briefing again. */
	req.prev_articles = "sochi-2021\n";
	assert_int_equal(digest_post_build(kb, &req, &r, &covered), 0);
	assert_string_equal(r.title, "Briefing");
	reply_free(&r);
	req.prev_articles = NULL;
	free(last);
	strbuf_truncate(&covered, 0);

	req.missed = 1;
	assert_int_equal(digest_post_build(kb, &req, &r, &covered), 0);
	assert_true(has_para(&r, "1 scheduled digest was missed while the bot was offline"));
	reply_free(&r);
	req.missed = 3;
	assert_int_equal(digest_post_build(kb, &req, &r, &covered), 0);
	assert_true(has_para(&r, "3 scheduled digests were missed"));
	reply_free(&r);
	req.missed = 0;
	req.catch_up = true;
	assert_int_equal(digest_post_build(kb, &req, &r, &covered), 0);
	assert_true(has_para(&r, "comes late"));
	reply_free(&r);

	assert_int_equal(digest_post_build(NULL, &req, &r, &covered), BB_EINVAL);
	assert_int_equal(digest_post_build(kb, NULL, &r, &covered), BB_EINVAL);
	strbuf_free(&covered);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest_post),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
