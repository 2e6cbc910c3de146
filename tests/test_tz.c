#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bot/digest/tz.h"
#include "common/error.h"

static void test_new_york_offsets(void **state)
{
	struct strbuf err = { 0 };
	struct tz *z = tz_load("America/New_York", NULL, &err);
	assert_non_null(z);
	assert_string_equal(tz_name(z), "America/New_York");
	assert_int_equal(tz_offset_at(z, INT64_C(1772953199)), -5 * 3600); /* 2026-03-08 06:59:59 UTC */
	assert_int_equal(tz_offset_at(z, INT64_C(1772953200)), -4 * 3600);
	tz_free(z);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_york_offsets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
