/* knowledge/deadline: how long a party has to do something, on invented
 * articles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "knowledge/deadline.h"
#include "tests/kbdir.h"
#include "tests/reading.h"

static void test_time_to_appeal(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load_body("kettle-2026",
					"The court ordered Kessler to repair the kettles free of "
					"charge.\n\n"
					"Kessler may appeal. The company has three months to lodge "
					"one.\n\n"
					"The appeal hearing took 28 days in all.\n");
	assert_non_null(kb);
	expect_reading(deadline_answer, kb, "how long has kessler got to appeal", "Three months.",
		       false, "three months");
	/* how long something took is no time given */
	expect_reading(deadline_answer, kb, "how long did the appeal hearing take", NULL, false,
		       NULL);
	kb_free(kb);
}

/* a time given for something else than an appeal: the sentence must say
 * a word of the question */
static void test_time_to_settle(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load_body("poultry-2026",
					"Ordesia lodged a complaint with the trade council.\n\n"
					"The two governments now have 60 days to settle the dispute "
					"through consultations.\n");
	assert_non_null(kb);
	expect_reading(deadline_answer, kb, "how long do they have to settle it", "60 days.", false,
		       "60 days");
	expect_reading(deadline_answer, kb, "how long do the two governments get for talks",
		       "60 days.", false, "60 days");
	/* nothing of the question said beside the time */
	expect_reading(deadline_answer, kb, "how long does ordesia have to pay the fine", NULL,
		       false, NULL);
	expect_reading(deadline_answer, kb, "how long do they have to appeal", NULL, false, NULL);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_to_appeal),
		cmocka_unit_test(test_time_to_settle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
