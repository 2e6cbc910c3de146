/* knowledge/startdate: when a rule starts to apply or someone takes
 * office, on invented articles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/startdate.h"
#include "tests/kbdir.h"
#include "tests/reading.h"

static void test_rule_starts(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load_body("beef-levy-2026",
					"Varnia announced a 15 percent levy on frozen beef from May 1.\n\n"
					"The quarantine on cocoa, which came into force on February 9, "
					"still stands.\n\n"
					"Talks were held on March 3.\n");
	assert_non_null(kb);
	expect_reading(startdate_answer, kb, "when does the levy take effect",
		       "May 1.", false, NULL);
	expect_reading(startdate_answer, kb, "when did the quarantine start",
		       "February 9.", false, NULL);
	expect_reading(startdate_answer, kb, "when does the levy start applying",
		       "May 1.", false, NULL);
	/* a date of something else, or of nothing the question names */
	expect_reading(startdate_answer, kb, "when do the talks start", NULL, false, NULL);
	expect_reading(startdate_answer, kb, "when did the tariff take effect", NULL, false, NULL);
	expect_reading(startdate_answer, kb, "when did it start", NULL, false, NULL);
	kb_free(kb);
}

static void test_takes_office(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load_body("mayor-2026",
					"Ada Lind won the mayoral run-off on Sunday.\n\n"
					"She will be sworn in on Dec. 2 at the town hall.\n");
	assert_non_null(kb);
	expect_reading(startdate_answer, kb, "when does she take office", "Dec. 2.", false, NULL);
	expect_reading(startdate_answer, kb, "when is the inauguration", "Dec. 2.", false, NULL);
	/* the run-off was not a start */
	expect_reading(startdate_answer, kb, "when was the run-off", NULL, false, NULL);
	kb_free(kb);
	kb = kbdir_load_body("two-mayors-2026",
			     "Lind will take office on July 1.\n\n"
			     "Berg will take office on July 8.\n");
	assert_non_null(kb);
	expect_reading(startdate_answer, kb, "when does she take office", NULL, false, NULL);
	expect_reading(startdate_answer, kb, "when does berg take office", "July 8.", false, NULL);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_starts),
		cmocka_unit_test(test_takes_office),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
