/* knowledge/runnerup: who came second, whom someone beat, on invented
 * articles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "knowledge/runnerup.h"
#include "tests/kbdir.h"
#include "tests/reading.h"

static void test_second(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load_body("union-vote-2026",
					"Dock technician Leanne Okafor was elected general secretary, "
					"defeating the union's assistant secretary Craig Mulvaney, who "
					"received 10,897 votes.\n\n"
					"Turnout was 31 percent.\n");
	assert_non_null(kb);
	expect_reading(runnerup_answer, kb, "who came second", "Craig Mulvaney.", false, NULL);
	expect_reading(runnerup_answer, kb, "who was the runner up", "Craig Mulvaney.", false,
		       NULL);
	expect_reading(runnerup_answer, kb, "who did okafor beat", "Craig Mulvaney.", false,
		       NULL);
	/* "who beat X" asks the winner, which this reading does not give */
	expect_reading(runnerup_answer, kb, "who beat mulvaney", NULL, false, NULL);
	/* a word of the question the sentence does not say */
	expect_reading(runnerup_answer, kb, "who came second in the first round", NULL, false,
		       NULL);
	kb_free(kb);
	kb = kbdir_load_body("sprint-2009", "Usain Bolt won in 9.58 seconds.\n\n"
					    "Tyson Gay of the United States finished second in "
					    "9.71.\n");
	assert_non_null(kb);
	expect_reading(runnerup_answer, kb, "who finished second", "Tyson Gay of the United States.",
		       false, NULL);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_second),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
