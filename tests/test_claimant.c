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

/* The answer to `q` is `want`; or, with want NULL, there is none. */
static void expect(const struct kb *kb, const char *q, const char *want)
{
	struct tokens t = {0};
	assert_int_equal(text_tokenize(q, strlen(q), &t), 0);
	struct answer a = {0};
	int rc = claimant_answer(kb, &t, &a);
	tokens_free(&t);
	if (!want) {
		if (rc == 0)
			fprintf(stderr, "\"%s\" -> \"%s\", want none\n", q, a.text);
		assert_int_equal(rc, 1);
		answer_free(&a);
		return;
	}
	assert_int_equal(rc, 0);
	if (strcmp(a.text, want) != 0)
		fprintf(stderr, "\"%s\" -> \"%s\", want \"%s\"\n", q, a.text, want);
	assert_string_equal(a.text, want);
	assert_int_equal(a.n_cites, 1);
	answer_free(&a);
}

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
	expect(kb, "who brought the case", "Quiet Skies Hollinsford.");
	expect(kb, "who took the airport to court", "Quiet Skies Hollinsford.");
	expect(kb, "who sued them", "Quiet Skies Hollinsford.");
	kb_free(kb);
	kb = article("Valdoria on Thursday lodged a formal complaint against Kessany over "
		     "its motor rules.\n");
	expect(kb, "who filed the complaint", "Valdoria.");
	kb_free(kb);
	kb = article("An environmental group, the Elbmarsch Nature Alliance, filed its lawsuit "
		     "in March 2023.\n");
	expect(kb, "who brought the lawsuit", "Elbmarsch Nature Alliance.");
	kb_free(kb);
}

/* none: the article names no party, names two alike, or the question
 * asks something else */
static void test_no_party(void **state)
{
	(void)state;
	struct kb *kb = article("A court quashed the airport's night flights on Friday.\n\n"
				"It said the inspector had not weighed the noise.\n");
	expect(kb, "who brought the case", NULL);
	kb_free(kb);
	kb = article("The first case was brought by Ana Lind.\n\n"
		     "A second case was brought by Tomas Berg.\n");
	expect(kb, "who brought the case", NULL);
	/* (the one the question's other words pick out) */
	expect(kb, "who brought the second case", "Tomas Berg.");
	kb_free(kb);
	kb = article("The case was brought by Ana Lind.\n");
	expect(kb, "who won the case", NULL);
	expect(kb, "who brought the dog", NULL);
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
