#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bot/net/backoff.h"

static void test_ceiling_doubles_up_to_cap(void **state)
{
	struct backoff b;
	backoff_init(&b, 1000, 60000);
	const uint32_t want[] = { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000 };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_int_equal(backoff_ceiling_ms(&b), want[i]);
		/* The largest random value yields exactly the ceiling. */
		assert_int_equal(backoff_next_ms(&b, UINT32_MAX), want[i]);
	}
	assert_int_equal(b.attempt, 9);
}

static void test_smallest_random_gives_zero(void **state)
{
	struct backoff b;
	backoff_init(&b, 500, 10000);
	for (int i = 0; i < 10; i++)
		assert_int_equal(backoff_next_ms(&b, 0), 0);
}

static void test_middle_random_gives_half(void **state)
{
	struct backoff b;
	backoff_init(&b, 1000, 1000000);
	backoff_next_ms(&b, 0);
	backoff_next_ms(&b, 0);
	/* ceiling 4000: span 4001, half of 2^32 maps to 2000 */
	assert_int_equal(backoff_next_ms(&b, UINT32_C(0x80000000)), 2000);
}

static void test_reset_starts_over(void **state)
{
	struct backoff b;
	backoff_init(&b, 100, 100000);
	for (int i = 0; i < 5; i++)
		backoff_next_ms(&b, 0);
	assert_int_equal(backoff_ceiling_ms(&b), 3200);
	backoff_reset(&b);
	assert_int_equal(b.attempt, 0);
	assert_int_equal(backoff_next_ms(&b, UINT32_MAX), 100);
	assert_int_equal(backoff_ceiling_ms(&b), 200);
}

static void test_many_attempts_never_overflow(void **state)
{
	struct backoff b;
	backoff_init(&b, UINT32_MAX / 2, UINT32_MAX);
	b.attempt = UINT32_MAX - 1;
	assert_int_equal(backoff_ceiling_ms(&b), UINT32_MAX);
	assert_int_equal(backoff_next_ms(&b, UINT32_MAX), UINT32_MAX);
	/* The attempt counter saturates instead of wrapping to 0. */
	backoff_next_ms(&b, 0);
	assert_int_equal(b.attempt, UINT32_MAX);
	assert_int_equal(backoff_ceiling_ms(&b), UINT32_MAX);
}

static void test_init_normalises_bad_arguments(void **state)
{
	struct backoff b;
	backoff_init(&b, 0, 0);
	assert_int_equal(b.base_ms, 1);
	assert_int_equal(b.cap_ms, 1);
	backoff_init(&b, 5000, 10);
	assert_int_equal(b.cap_ms, 5000);
	assert_int_equal(backoff_next_ms(&b, UINT32_MAX), 5000);
	assert_int_equal(backoff_next_ms(&b, UINT32_MAX), 5000);
}

/* Full jitter: delays cover the whole [0, ceiling] range, with a mean near
 * half the ceiling (equal jitter would never go below half). */
static void test_full_jitter_spreads_over_range(void **state)
{
	uint64_t seed = 42;
	uint32_t lo = UINT32_MAX, hi = 0;
	uint64_t sum = 0;
	const int n = 20000;
	for (int i = 0; i < n; i++) {
		struct backoff b;
		backoff_init(&b, 1000, 1000);
		uint32_t d = backoff_next_ms(&b, backoff_rand_u32(&seed));
		assert_true(d <= 1000);
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
		sum += d;
	}
	assert_true(lo < 20);
	assert_true(hi > 980);
	uint64_t mean = sum / (uint64_t)n;
	assert_in_range(mean, 480, 520);
}

static void test_rand_is_deterministic_per_seed(void **state)
{
	uint64_t a = 7, b = 7, c = 8;
	uint32_t x = backoff_rand_u32(&a);
	assert_int_equal(x, backoff_rand_u32(&b));
	assert_int_not_equal(x, backoff_rand_u32(&c));
	assert_int_not_equal(x, backoff_rand_u32(&a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ceiling_doubles_up_to_cap),
		cmocka_unit_test(test_smallest_random_gives_zero),
		cmocka_unit_test(test_middle_random_gives_half),
		cmocka_unit_test(test_reset_starts_over),
		cmocka_unit_test(test_many_attempts_never_overflow),
		cmocka_unit_test(test_init_normalises_bad_arguments),
		cmocka_unit_test(test_full_jitter_spreads_over_range),
		cmocka_unit_test(test_rand_is_deterministic_per_seed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
