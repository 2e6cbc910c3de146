/* commands/clean: chat markup out of questions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "commands/clean.h"

static void assert_clean(const char *in, const char *want)
{
	struct strbuf sb = {0};
	clean_question(in, &sb);
	assert_false(strbuf_failed(&sb));
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

static void test_discord_markup(void **state)
{
	assert_clean("@everyone who backs the YPG? @here", "who backs the YPG?");
	assert_clean("<@123> what is at stake?", "what is at stake?");
	assert_clean("<@!123>  who is <@&456> and <#789>?", "who is and ?");
	assert_clean("who <:pepe:12345> backs <a:dance:678> Russia", "who backs Russia");
	assert_clean("when <t:1700000000:R> is it", "when is it");
	/* not markup: kept as written */
	assert_clean("a <b> c <@x> d <:no:> e", "a <b> c <@x> d <:no:> e");
	assert_clean("email me@everyoneelse.com", "email me@everyoneelse.com");
}

static void test_matrix_ids_and_urls(void **state)
{
	assert_clean("@alice:example.org where is Idlib?", "where is Idlib?");
	/* the full stop after an ID ends the sentence, it stays */
	assert_clean("ask #news:matrix.org about @bob:localhost:8448.", "ask about .");
	assert_clean("where is Idlib? see https://example.com/a?b=c and <https://x.y/z>",
		     "where is Idlib? see and");
	assert_clean("www.trtworld.com says what", "says what");
	/* a time is not a Matrix ID; an e-mail keeps its @ */
	assert_clean("@ 10:30 who met", "@ 10:30 who met");
	assert_clean("ratio 3:2 at@home", "ratio 3:2 at@home");
}

static void test_spaces_and_empty(void **state)
{
	assert_clean("  who\t backs\n  Turkey  ", "who backs Turkey");
	assert_clean("<@1> @here", "");
	assert_clean("", "");
	/* appends to what the buffer holds */
	struct strbuf sb = {0};
	strbuf_puts(&sb, "Q: ");
	clean_question("<@1> why", &sb);
	assert_string_equal(strbuf_str(&sb), "Q: why");
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discord_markup),
		cmocka_unit_test(test_matrix_ids_and_urls),
		cmocka_unit_test(test_spaces_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
