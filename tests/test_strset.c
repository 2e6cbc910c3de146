/* Tests of bot/matrix/strset: the bounded set of recently handled ids. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "bot/matrix/strset.h"

static void test_add_and_has(void **state)
{
	(void)state;
	struct strset *s = strset_new(4);
	assert_non_null(s);
	assert_false(strset_has(s, "$a"));
	assert_int_equal(strset_add(s, "$a"), 1);
	assert_int_equal(strset_add(s, "$a"), 0);
	assert_true(strset_has(s, "$a"));
	assert_false(strset_has(s, "$b"));
	assert_false(strset_has(s, NULL));
	assert_int_equal(strset_count(s), 1);
	strset_free(s);
	strset_free(NULL);
}

static void test_bounded_keeps_the_latest(void **state)
{
	(void)state;
	enum { CAP = 100, N = 1000 };
	struct strset *s = strset_new(CAP);
	char id[32];
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof id, "$ev%d", i);
		assert_int_equal(strset_add(s, id), 1);
		assert_true(strset_count(s) <= 2 * CAP);
	}
	for (int i = N - CAP; i < N; i++) {
		snprintf(id, sizeof id, "$ev%d", i);
		assert_true(strset_has(s, id));
	}
	/* The oldest were forgotten: memory stays bounded. */
	assert_false(strset_has(s, "$ev0"));
	assert_int_equal(strset_add(s, "$ev0"), 1);
	strset_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_has),
		cmocka_unit_test(test_bounded_keeps_the_latest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
