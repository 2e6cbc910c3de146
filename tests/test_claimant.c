/* knowledge/claimant: who brought a case or complaint, on invented
 * articles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "knowledge/answer.h"
#include "knowledge/claimant.h"
#include "knowledge/kb.h"
#include "tests/kbdir.h"
#include "tests/reading.h"

static struct kb *article(const char *body)
{
	struct kb *kb = kbdir_load_body("claimant-2026", body);
	assert_non_null(kb);
	return kb;
}

/* each way a party is said to have brought it, each way it is asked */
static void test_parties(void **state)
{
	(void)state;
	struct kb *kb = article("A court quashed the airport's night flights on Friday.\n\n"
				"The challenge was brought in 2024 by Quiet Skies Hollinsford, a "
				"residents' group.\n");
	expect_reading(claimant_answer, kb, "who brought the case",
		       "Quiet Skies Hollinsford.", false, NULL);
	expect_reading(claimant_answer, kb, "who took the airport to court",
		       "Quiet Skies Hollinsford.", false, NULL);
	expect_reading(claimant_answer, kb, "who sued them",
		       "Quiet Skies Hollinsford.", false, NULL);
	kb_free(kb);
	kb = article("Valdoria on Thursday lodged a formal complaint against Kessany over "
		     "its motor rules.\n");
	expect_reading(claimant_answer, kb, "who filed the complaint", "Valdoria.", false, NULL);
	kb_free(kb);
	kb = article("An environmental group, the Elbmarsch Nature Alliance, filed its lawsuit "
		     "in March 2023.\n");
	expect_reading(claimant_answer, kb, "who brought the lawsuit",
		       "Elbmarsch Nature Alliance.", false, NULL);
	kb_free(kb);
}

/* none: the article names no party, names two alike, or the question
 * asks something else */
static void test_no_party(void **state)
{
	(void)state;
	struct kb *kb = article("A court quashed the airport's night flights on Friday.\n\n"
				"It said the inspector had not weighed the noise.\n");
	expect_reading(claimant_answer, kb, "who brought the case", NULL, false, NULL);
	kb_free(kb);
	kb = article("The first case was brought by Ana Lind.\n\n"
		     "A second case was brought by Tomas Berg.\n");
	expect_reading(claimant_answer, kb, "who brought the case", NULL, false, NULL);
	/* (the one the question's other words pick out) */
	expect_reading(claimant_answer, kb, "who brought the second case",
		       "Tomas Berg.", false, NULL);
	kb_free(kb);
	kb = article("The case was brought by Ana Lind.\n");
	expect_reading(claimant_answer, kb, "who won the case", NULL, false, NULL);
	expect_reading(claimant_answer, kb, "who brought the dog", NULL, false, NULL);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parties),
		cmocka_unit_test(test_no_party),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
