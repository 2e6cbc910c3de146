#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bot/digest/duequeue.h"
#include "common/error.h"

static void test_empty(void **state)
{
	struct duequeue *q = duequeue_new();
	int64_t id = 7, slot = 7;
	assert_int_equal(duequeue_count(q), 0);
	assert_false(duequeue_peek(q, &id, &slot));
	assert_false(duequeue_pop(q, &id, &slot));
	assert_int_equal(id, 7);
	assert_int_equal(duequeue_remove(q, 1), BB_ENOTFOUND);
	assert_int_equal(duequeue_update(q, 1, 5), BB_ENOTFOUND);
	assert_false(duequeue_get(q, 1, NULL));
	duequeue_free(q);
	duequeue_free(NULL);
}

static void test_pops_in_slot_order_ties_by_id(void **state)
{
	struct duequeue *q = duequeue_new();
	assert_int_equal(duequeue_push(q, 30, 300), 0);
	assert_int_equal(duequeue_push(q, 10, 100), 0);
	assert_int_equal(duequeue_push(q, 21, 200), 0);
	assert_int_equal(duequeue_push(q, 20, 200), 0);
	assert_int_equal(duequeue_push(q, 10, 50), BB_EEXIST);
	assert_int_equal(duequeue_count(q), 4);
	const int64_t want_id[] = { 10, 20, 21, 30 }, want_slot[] = { 100, 200, 200, 300 };
	for (int i = 0; i < 4; i++) {
		int64_t id, slot;
		assert_true(duequeue_peek(q, &id, NULL));
		assert_int_equal(id, want_id[i]);
		assert_true(duequeue_pop(q, &id, &slot));
		assert_int_equal(id, want_id[i]);
		assert_int_equal(slot, want_slot[i]);
	}
	assert_int_equal(duequeue_count(q), 0);
	duequeue_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_pops_in_slot_order_ties_by_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
