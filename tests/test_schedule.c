#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bot/digest/schedule.h"
#include "common/error.h"

/* 2026-03-08 in New York: 02:00 EST -> 03:00 EDT at 07:00 UTC. */
static void test_new_york_spring_forward(void **state)
{
	struct schedule *s;
	struct strbuf err = { 0 };
	assert_int_equal(schedule_parse("daily 02:30 America/New_York", NULL, NULL, &s, &err), 0);
	/* after the 2026-03-07 slot (07:30 UTC) */
	int64_t t = schedule_next(s, INT64_C(1772868600));
	assert_int_equal(t, INT64_C(1772953200)); /* 2026-03-08 07:00 UTC = 03:00 EDT */
	assert_int_equal(schedule_next(s, t), INT64_C(1773037800)); /* 03-09 02:30 EDT */
	schedule_free(s);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_york_spring_forward),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
