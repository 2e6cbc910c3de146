/* knowledge/unanimity: whether a vote was unanimous, and how a bench
 * split, on invented articles. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/unanimity.h"
#include "tests/kbdir.h"
#include "tests/reading.h"

static struct kb *article(const char *body)
{
	struct kb *kb = kbdir_load_body("unanimity-2026", body);
	assert_non_null(kb);
	return kb;
}

static void test_unanimous(void **state)
{
	(void)state;
	struct kb *kb = article("The three judges found unanimously that the tariff was unlawful.\n\n"
				"The government said it would study the ruling.\n");
	expect_reading(unanimity_answer, kb, "was the decision unanimous",
		       "Yes — ", true, "found unanimously");
	expect_reading(unanimity_answer, kb, "were the judges unanimous?",
		       "Yes — ", true, "found unanimously");
	expect_reading(unanimity_answer, kb, "how did the judges split",
		       "Unanimously.", true, "found unanimously");
	kb_free(kb);
}

/* a split, in each of the ways it is written */
static void test_split(void **state)
{
	(void)state;
	static const struct { const char *sentence, *tally; } splits[] = {
		{ "The three judges split two to one in favour of the importers.", "Two to one." },
		{ "The panel ruled 2-1 against the ministry.", "2-1." },
		{ "The court ruled by three votes to two that the duty was void.",
		  "Three votes to two." },
	};
	for (size_t i = 0; i < sizeof splits / sizeof *splits; i++) {
		char body[256];
		snprintf(body, sizeof body, "%s\n\nThe ministry may appeal.\n", splits[i].sentence);
		struct kb *kb = article(body);
		expect_reading(unanimity_answer, kb, "was it unanimous",
			       "No — ", true, splits[i].sentence);
		expect_reading(unanimity_answer, kb, "what was the vote among the judges",
			       splits[i].tally, true, splits[i].sentence);
		kb_free(kb);
	}
	struct kb *kb = article("The decision of the seven-member committee was not unanimous.\n");
	expect_reading(unanimity_answer, kb, "was it a unanimous vote",
		       "No — ", true, "not unanimous");
	kb_free(kb);
}

/* no answer: the article says nothing of it, says it both ways, or
 * says it of another vote than the one asked; nor when it is not asked */
static void test_no_answer(void **state)
{
	(void)state;
	struct kb *kb = article("The judges quashed the tariff.\n\n"
				"Two of the 14 importers were fined.\n");
	expect_reading(unanimity_answer, kb, "was the ruling unanimous", NULL, false, NULL);
	kb_free(kb);
	kb = article("The district court ruled unanimously for the ministry.\n\n"
		     "The appeal panel then split two to one against it.\n");
	expect_reading(unanimity_answer, kb, "was it unanimous", NULL, false, NULL);
	kb_free(kb);
	kb = article("The three judges split two to one in favour of the importers.\n");
	expect_reading(unanimity_answer, kb, "was the tariff vote in parliament unanimous",
		       NULL, false, NULL);
	expect_reading(unanimity_answer, kb, "how many judges heard the case", NULL, false, NULL);
	kb_free(kb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unanimous),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_no_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
