#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/utf8.h"

static void test_valid_and_invalid(void **state)
{
	assert_true(utf8_valid("plain", 5));
	assert_true(utf8_valid("\xE2\x80\x99", 3));          /* ’ */
	assert_true(utf8_valid("\xEF\xBF\xBD", 3));          /* U+FFFD itself */
	assert_true(utf8_valid("\xF0\x9F\x98\x80", 4));      /* emoji */
	assert_false(utf8_valid("\xC3", 1));                 /* truncated */
	assert_false(utf8_valid("\xC0\xAF", 2));             /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3));         /* surrogate */
	assert_false(utf8_valid("\xFF", 1));
	assert_false(utf8_valid("ok\x80", 3));               /* stray continuation */
}

static void test_decode_encode_round_trip(void **state)
{
	const uint32_t cps[] = { 0x41, 0xE9, 0x2019, 0x1F600 };
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char buf[4];
		size_t n = utf8_encode(cps[i], buf);
		uint32_t back;
		assert_int_equal(utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
}

static void test_cut_never_splits_a_sequence(void **state)
{
	const char *s = "a\xE2\x80\x99z"; /* a ’ z : 5 bytes */
	assert_int_equal(utf8_cut(s, 5, 10), 5);
	assert_int_equal(utf8_cut(s, 5, 4), 4);
	assert_int_equal(utf8_cut(s, 5, 3), 1);
	assert_int_equal(utf8_cut(s, 5, 2), 1);
	assert_int_equal(utf8_count(s, 5), 3);
}

static void test_has_control(void **state)
{
	(void)state;
	assert_false(utf8_has_control("plain \xE2\x80\x99 text", 12));
	assert_true(utf8_has_control("two\nlines", 9));
	assert_true(utf8_has_control("del\x7f", 4));
	/* only the first n bytes count */
	assert_false(utf8_has_control("ok\tno", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_and_invalid),
		cmocka_unit_test(test_has_control),
		cmocka_unit_test(test_decode_encode_round_trip),
		cmocka_unit_test(test_cut_never_splits_a_sequence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
