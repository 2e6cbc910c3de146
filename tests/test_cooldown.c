#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "commands/cooldown.h"

static void test_burst_then_refill(void **state)
{
	struct cooldown *c = cooldown_new(100);
	struct cooldown_rate rate = { .burst = 3, .refill_ms = 1000 };
	int64_t t = 50000;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(cooldown_wait_ms(c, "u:1", &rate, t), 0);
		assert_int_equal(cooldown_take(c, "u:1", &rate, t), 0);
	}
	assert_int_equal(cooldown_wait_ms(c, "u:1", &rate, t), 1000);
	assert_int_equal(cooldown_wait_ms(c, "u:1", &rate, t + 400), 600);
	/* Another key is unaffected. */
	assert_int_equal(cooldown_wait_ms(c, "u:2", &rate, t), 0);
	/* One token back after one refill period, not two. */
	assert_int_equal(cooldown_wait_ms(c, "u:1", &rate, t + 1000), 0);
	cooldown_take(c, "u:1", &rate, t + 1000);
	assert_true(cooldown_wait_ms(c, "u:1", &rate, t + 1000) > 0);
	/* Idle long enough: the whole burst is back. */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(cooldown_wait_ms(c, "u:1", &rate, t + 10000), 0);
		cooldown_take(c, "u:1", &rate, t + 10000);
	}
	assert_true(cooldown_wait_ms(c, "u:1", &rate, t + 10000) > 0);
	cooldown_free(c);
}

static void test_refusal_noticed_once(void **state)
{
	struct cooldown *c = cooldown_new(100);
	struct cooldown_rate rate = { .burst = 1, .refill_ms = 1000 };
	cooldown_take(c, "k", &rate, 0);
	assert_true(cooldown_refuse(c, "k", 10));
	assert_false(cooldown_refuse(c, "k", 20));
	assert_false(cooldown_refuse(c, "k", 30));
	cooldown_take(c, "k", &rate, 2000);
	assert_true(cooldown_refuse(c, "k", 2010));
	cooldown_free(c);
}

static void test_unlimited(void **state)
{
	struct cooldown *c = cooldown_new(16);
	struct cooldown_rate rate = { .burst = 0, .refill_ms = 0 };
	for (int i = 0; i < 100; i++) {
		assert_int_equal(cooldown_wait_ms(c, "k", &rate, 0), 0);
		cooldown_take(c, "k", &rate, 0);
	}
	assert_int_equal(cooldown_size(c), 0);
	cooldown_free(c);
}

static void test_memory_is_bounded(void **state)
{
	struct cooldown *c = cooldown_new(64);
	struct cooldown_rate rate = { .burst = 2, .refill_ms = 1000 };
	char key[32];
	/* Busy keys: all in the same millisecond, nothing idle to drop. */
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "u:%d", i);
		assert_int_equal(cooldown_take(c, key, &rate, 0), 0);
		assert_true(cooldown_size(c) <= 64);
	}
	/* Idle keys are swept first: a key taken just now survives a sweep. */
	cooldown_take(c, "hot", &rate, 100000);
	cooldown_take(c, "hot", &rate, 100000);
	for (int i = 0; i < 40; i++) {
		snprintf(key, sizeof key, "late:%d", i);
		cooldown_take(c, key, &rate, 100000);
	}
	assert_true(cooldown_wait_ms(c, "hot", &rate, 100000) > 0);
	cooldown_free(c);
	cooldown_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_then_refill),
		cmocka_unit_test(test_refusal_noticed_once),
		cmocka_unit_test(test_unlimited),
		cmocka_unit_test(test_memory_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
