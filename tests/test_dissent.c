/* knowledge/dissent: who dissented, on invented articles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "knowledge/dissent.h"
#include "tests/kbdir.h"
#include "tests/reading.h"

static void test_dissenter(void **state)
{
	(void)state;
	static const char *const said[] = {
		"In a dissenting opinion, Judge Adaeze Korvin said the assembly had acted lawfully.",
		"Judge Tomas Herrold, dissenting, said the archive was a matter of record.",
		"In her dissent, Justice Adaeze Korvin said the rider had accepted some risk.",
	};
	for (size_t i = 0; i < sizeof said / sizeof *said; i++) {
		char body[256];
		snprintf(body, sizeof body, "The court ruled 2-1 on Tuesday.\n\n%s\n", said[i]);
		struct kb *kb = kbdir_load_body("dissent-2026", body);
		assert_non_null(kb);
		const char *name = i == 1 ? "Tomas Herrold." : "Adaeze Korvin.";
		expect_reading(dissent_answer, kb, "who dissented", name, false, NULL);
		expect_reading(dissent_answer, kb, "who disagreed on the bench", name, false, NULL);
		/* more than one judge, or a second question, asked */
		expect_reading(dissent_answer, kb, "who were the two judges that dissented", NULL,
			       false, NULL);
		expect_reading(dissent_answer, kb, "who dissented and what would she have done",
			       NULL, false, NULL);
		/* a disagreement of no bench */
		expect_reading(dissent_answer, kb, "who disagreed with the mayor", NULL, false, NULL);
		kb_free(kb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dissenter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
