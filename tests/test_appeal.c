/* knowledge/appeal: whether a party will appeal, on invented articles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "knowledge/appeal.h"
#include "tests/kbdir.h"
#include "tests/reading.h"

static void test_whether(void **state)
{
	(void)state;
	static const struct { const char *sentence, *says; } said[] = {
		{ "The board said it would study the ruling before deciding whether to appeal.",
		  "Undecided — " },
		{ "The chain was considering an appeal to the Supreme Court.", "Undecided — " },
		{ "Coldmere said it would not appeal.", "No — " },
		{ "The ministry said it would appeal.", "Yes — " },
		/* (that nothing is said is no answer) */
		{ "She did not say whether the airline would appeal.", NULL },
	};
	for (size_t i = 0; i < sizeof said / sizeof *said; i++) {
		char body[256];
		snprintf(body, sizeof body, "The court ruled on Tuesday.\n\n%s\n", said[i].sentence);
		struct kb *kb = kbdir_load_body("appeal-2026", body);
		assert_non_null(kb);
		expect_reading(appeal_answer, kb, "are they going to appeal?", said[i].says, true,
			       said[i].says ? said[i].sentence : NULL);
		kb_free(kb);
	}
	/* two sentences that say different things */
	struct kb *kb = kbdir_load_body("appeal-2026", "The ministry said it would appeal.\n\n"
						       "The ministry said it would not appeal.\n");
	assert_non_null(kb);
	expect_reading(appeal_answer, kb, "will the ministry appeal", NULL, false, NULL);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whether),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
