#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "common/error.h"
#include "common/grow.h"

static void test_grows_by_doubling_and_keeps_contents(void **state)
{
	int *v = NULL;
	size_t cap = 0;
	assert_int_equal(grow_array(&v, &cap, 1, sizeof *v, 4), 0);
	assert_int_equal(cap, 4);
	for (int i = 0; i < 4; i++)
		v[i] = i * 7;
	assert_int_equal(grow_array(&v, &cap, 5, sizeof *v, 4), 0);
	assert_int_equal(cap, 8);
	assert_int_equal(grow_array(&v, &cap, 33, sizeof *v, 4), 0);
	assert_int_equal(cap, 64);
	for (int i = 0; i < 4; i++)
		assert_int_equal(v[i], i * 7);
	free(v);
}

static void test_enough_room_is_a_no_op(void **state)
{
	int *v = malloc(8 * sizeof *v);
	int *before = v;
	size_t cap = 8;
	assert_int_equal(grow_array(&v, &cap, 8, sizeof *v, 4), 0);
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 8);
	free(v);
}

static void test_impossible_size_fails_and_leaves_the_array(void **state)
{
	char *v = malloc(16);
	size_t cap = 16;
	assert_int_equal(grow_array(&v, &cap, SIZE_MAX / 2 + 2, 4, 16), BB_ENOMEM);
	assert_int_equal(cap, 16);
	v[15] = 'x';  /* still ours */
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grows_by_doubling_and_keeps_contents),
		cmocka_unit_test(test_enough_room_is_a_no_op),
		cmocka_unit_test(test_impossible_size_fails_and_leaves_the_array),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
