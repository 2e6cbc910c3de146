/* knowledge/margin: by how many votes a vote was won, on invented
 * articles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "knowledge/margin.h"
#include "tests/kbdir.h"
#include "tests/reading.h"

static void test_margins(void **state)
{
	(void)state;
	static const struct { const char *sentence, *margin; } said[] = {
		{ "Lind won, defeating the incumbent by just 412 votes.", "By just 412 votes." },
		{ "Lind held the seat with a majority of 3,087.", "Majority of 3,087." },
		{ "The bill passed by 104 votes to 92.", "By 104 votes to 92." },
		{ "Transfers left Lind 161 votes ahead.", "161 votes ahead." },
	};
	for (size_t i = 0; i < sizeof said / sizeof *said; i++) {
		char body[256];
		snprintf(body, sizeof body, "%s\n\nTurnout was 48 percent.\n", said[i].sentence);
		struct kb *kb = kbdir_load_body("margin-2026", body);
		assert_non_null(kb);
		expect_reading(margin_answer, kb, "how close was it", said[i].margin, false, NULL);
		expect_reading(margin_answer, kb, "what was the winning margin", said[i].margin,
			       false, NULL);
		kb_free(kb);
	}
}

/* none: no margin given, a margin the rules set, a distance, or two
 * margins with nothing to choose between them */
static void test_no_margin(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load_body("margin-2026",
					"Lind won 52 percent of the vote.\n\n"
					"The asteroid passed within 4,000 km of Earth.\n");
	assert_non_null(kb);
	expect_reading(margin_answer, kb, "how close was it", NULL, false, NULL);
	expect_reading(margin_answer, kb, "how close was the asteroid", NULL, false, NULL);
	kb_free(kb);
	kb = kbdir_load_body("margin-2026", "Lind won by 312 votes.\n\n"
					    "A recount is free when a race is won by fewer than 500 "
					    "votes.\n\n"
					    "Berg won the other ward by 90 votes.\n");
	assert_non_null(kb);
	expect_reading(margin_answer, kb, "whats the margin you need for a free recount", NULL,
		       false, NULL);
	expect_reading(margin_answer, kb, "how close was it", NULL, false, NULL);
	expect_reading(margin_answer, kb, "what was berg's margin", "By 90 votes.", false, NULL);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_margins),
		cmocka_unit_test(test_no_margin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
