#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "common/idset.h"

static void test_add_and_has(void **state)
{
	struct idset *s = idset_new(3);
	assert_true(idset_add(s, 10));
	assert_false(idset_add(s, 10));
	assert_true(idset_has(s, 10));
	assert_false(idset_has(s, 11));
	assert_true(idset_add(s, 0)); /* 0 is never stored */
	assert_false(idset_has(s, 0));
	idset_free(s);
	idset_free(NULL);
}

static void test_oldest_forgotten(void **state)
{
	struct idset *s = idset_new(100);
	for (uint64_t i = 1; i <= 1000; i++)
		assert_true(idset_add(s, i * 4194304 + 7));
	for (uint64_t i = 1; i <= 1000; i++)
		assert_int_equal(idset_has(s, i * 4194304 + 7), i > 900);
	/* still consistent after many evictions with colliding hashes */
	for (uint64_t i = 901; i <= 1000; i++)
		assert_false(idset_add(s, i * 4194304 + 7));
	idset_free(s);
}

static void test_parse(void **state)
{
	assert_int_equal(idset_parse("800000000000000001"), 800000000000000001ULL);
	assert_int_equal(idset_parse("18446744073709551615"), UINT64_MAX);
	assert_int_equal(idset_parse("18446744073709551616"), 0);
	assert_int_equal(idset_parse("9999999999999999999"), 9999999999999999999ULL);
	assert_int_equal(idset_parse("99999999999999999999"), 0);
	assert_int_equal(idset_parse("000000000000000000001"), 0); /* 21 digits */
	assert_int_equal(idset_parse("1234567890123456789a"), 0);
	assert_int_equal(idset_parse("123456789012345678/"), 0);
	assert_int_equal(idset_parse("+1"), 0);
	assert_int_equal(idset_parse(" 1"), 0);
	assert_int_equal(idset_parse("12a"), 0);
	assert_int_equal(idset_parse(""), 0);
	assert_int_equal(idset_parse(NULL), 0);
}

/* Matrix event ids go in as hashes: the same id, the same nonzero hash; ids
 * one character apart spread over the whole set. */
static void test_hash_of_string_ids(void **state)
{
	(void)state;
	assert_int_equal(idset_hash(NULL), 0);
	assert_true(idset_hash("") != 0);
	assert_int_equal(idset_hash("$abc:example.org"), idset_hash("$abc:example.org"));
	assert_true(idset_hash("$abc:example.org") != idset_hash("$abd:example.org"));

	/* 20,000 ids of one pattern, no two alike: no hash shared */
	struct idset *s = idset_new(20000);
	char id[64];
	for (int i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "$%08d-event:localhost", i);
		assert_true(idset_add(s, idset_hash(id)));
	}
	snprintf(id, sizeof id, "$%08d-event:localhost", 123);
	assert_false(idset_add(s, idset_hash(id))); /* seen */
	idset_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_has),
		cmocka_unit_test(test_oldest_forgotten),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_hash_of_string_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
