/* knowledge/strmap: a string-keyed hash map to size_t. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "knowledge/strmap.h"

static void test_upsert_get_count(void **state)
{
	struct strmap *m = strmap_new();
	assert_non_null(m);
	assert_int_equal(strmap_count(m), 0);
	assert_null(strmap_get(m, "turkey"));

	size_t *v = strmap_upsert(m, "turkey", 7);
	assert_non_null(v);
	assert_int_equal(*v, 7);
	(*v)++;
	/* An existing key keeps its value: init is ignored. */
	v = strmap_upsert(m, "turkey", 100);
	assert_int_equal(*v, 8);
	assert_int_equal(strmap_count(m), 1);
	assert_int_equal(*strmap_get(m, "turkey"), 8);

	/* The key is copied. */
	char key[] = "russia";
	*strmap_upsert(m, key, 1) = 2;
	key[0] = 'X';
	assert_null(strmap_get(m, "Xussia"));
	assert_int_equal(*strmap_get(m, "russia"), 2);
	/* Keys are exact: case matters, prefixes are different keys. */
	assert_null(strmap_get(m, "Turkey"));
	assert_null(strmap_get(m, "turk"));
	*strmap_upsert(m, "", 5) = 5;
	assert_int_equal(*strmap_get(m, ""), 5);
	assert_int_equal(strmap_count(m), 3);
	strmap_free(m);
	strmap_free(NULL);
}

static void test_grows_and_keeps_everything(void **state)
{
	struct strmap *m = strmap_new();
	char key[32];
	for (size_t i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		size_t *v = strmap_upsert(m, key, i * 3);
		assert_non_null(v);
	}
	assert_int_equal(strmap_count(m), 10000);
	for (size_t i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		const size_t *v = strmap_get(m, key);
		assert_non_null(v);
		assert_int_equal(*v, i * 3);
	}
	assert_null(strmap_get(m, "k10000"));
	strmap_free(m);
}

static void test_iterates_each_key_once(void **state)
{
	struct strmap *m = strmap_new();
	static const char *const keys[] = { "a", "b", "c", "idlib", "sochi", "ypg" };
	const size_t n = sizeof keys / sizeof *keys;
	for (size_t i = 0; i < n; i++)
		*strmap_upsert(m, keys[i], 0) = i + 1;
	size_t pos = 0, value, seen = 0, sum = 0;
	const char *key;
	bool found[6] = {0};
	while (strmap_next(m, &pos, &key, &value)) {
		size_t i = 0;
		while (i < n && strcmp(keys[i], key) != 0)
			i++;
		assert_true(i < n);
		assert_false(found[i]);
		found[i] = true;
		assert_int_equal(value, i + 1);
		seen++;
		sum += value;
	}
	assert_int_equal(seen, n);
	assert_int_equal(sum, n * (n + 1) / 2);
	/* At the end it stays at the end. */
	assert_false(strmap_next(m, &pos, &key, &value));
	strmap_free(m);

	m = strmap_new();
	pos = 0;
	assert_false(strmap_next(m, &pos, &key, &value));
	strmap_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upsert_get_count),
		cmocka_unit_test(test_grows_and_keeps_everything),
		cmocka_unit_test(test_iterates_each_key_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
