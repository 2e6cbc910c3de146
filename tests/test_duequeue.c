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

static void test_remove_and_update(void **state)
{
	struct duequeue *q = duequeue_new();
	for (int64_t id = 1; id <= 10; id++)
		assert_int_equal(duequeue_push(q, id, 1000 - id * 10), 0);
	int64_t id, slot;
	assert_true(duequeue_peek(q, &id, &slot));
	assert_int_equal(id, 10);
	assert_int_equal(duequeue_remove(q, 10), 0);
	assert_int_equal(duequeue_remove(q, 10), BB_ENOTFOUND);
	assert_true(duequeue_peek(q, &id, NULL));
	assert_int_equal(id, 9);
	/* move the last one to the front, the first one to the back */
	assert_int_equal(duequeue_update(q, 1, 5), 0);
	assert_int_equal(duequeue_update(q, 9, 5000), 0);
	assert_true(duequeue_get(q, 9, &slot));
	assert_int_equal(slot, 5000);
	assert_true(duequeue_pop(q, &id, &slot));
	assert_int_equal(id, 1);
	assert_int_equal(slot, 5);
	assert_int_equal(duequeue_count(q), 8);
	const int64_t order[] = { 8, 7, 6, 5, 4, 3, 2, 9 };
	for (int i = 0; i < 8; i++) {
		assert_true(duequeue_pop(q, &id, NULL));
		assert_int_equal(id, order[i]);
	}
	/* ids may be any int64, negative too */
	assert_int_equal(duequeue_push(q, INT64_MIN, 1), 0);
	assert_int_equal(duequeue_push(q, INT64_MAX, 0), 0);
	assert_int_equal(duequeue_push(q, 0, 2), 0);
	assert_true(duequeue_pop(q, &id, NULL));
	assert_true(id == INT64_MAX);
	assert_true(duequeue_pop(q, &id, NULL));
	assert_true(id == INT64_MIN);
	duequeue_free(q);
}

/* Random pushes, pops, removes and updates against a plain array, with ids
 * drawn from a small range so every index path (collisions, deletions in
 * the middle of a probe run, growth) is taken. */
static void test_matches_reference(void **state)
{
	enum { IDS = 3000 };
	static int64_t ref[IDS]; /* slot, or -1 when absent */
	struct duequeue *q = duequeue_new();
	for (int i = 0; i < IDS; i++)
		ref[i] = -1;
	uint64_t seed = 42;
	size_t live = 0;
	for (int step = 0; step < 200000; step++) {
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		uint32_t r = (uint32_t)(seed >> 33);
		int64_t id = (int64_t)(r % IDS) * 7919 - 1000000; /* spread, negative too */
		int ix = (int)(r % IDS);
		int64_t slot = (int64_t)(r >> 12) % 5000;
		switch (r % 5) {
		case 0:
		case 1:
			assert_int_equal(duequeue_push(q, id, slot), ref[ix] < 0 ? 0 : BB_EEXIST);
			if (ref[ix] < 0) {
				ref[ix] = slot;
				live++;
			}
			break;
		case 2:
			assert_int_equal(duequeue_remove(q, id), ref[ix] < 0 ? BB_ENOTFOUND : 0);
			if (ref[ix] >= 0) {
				ref[ix] = -1;
				live--;
			}
			break;
		case 3:
			assert_int_equal(duequeue_update(q, id, slot), ref[ix] < 0 ? BB_ENOTFOUND : 0);
			if (ref[ix] >= 0)
				ref[ix] = slot;
			break;
		default: {
			int64_t got_id, got_slot;
			bool any = duequeue_pop(q, &got_id, &got_slot);
			assert_int_equal(any, live > 0);
			if (!any)
				break;
			/* the smallest (slot, id) of the reference */
			int best = -1;
			for (int k = 0; k < IDS; k++)
				if (ref[k] >= 0 && (best < 0 || ref[k] < ref[best] ||
					(ref[k] == ref[best] && (int64_t)k * 7919 < (int64_t)best * 7919)))
					best = k;
			assert_int_equal(got_slot, ref[best]);
			assert_int_equal(got_id, (int64_t)best * 7919 - 1000000);
			ref[best] = -1;
			live--;
		}
		}
		assert_int_equal(duequeue_count(q), live);
	}
	for (int k = 0; k < IDS; k++) {
		int64_t slot;
		assert_int_equal(duequeue_get(q, (int64_t)k * 7919 - 1000000, &slot), ref[k] >= 0);
		if (ref[k] >= 0)
			assert_int_equal(slot, ref[k]);
	}
	duequeue_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_pops_in_slot_order_ties_by_id),
		cmocka_unit_test(test_remove_and_update),
		cmocka_unit_test(test_matches_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
