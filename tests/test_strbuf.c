#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/strbuf.h"

static void test_append_and_printf(void **state)
{
	struct strbuf sb = {0};
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_puts(&sb, "hello");
	strbuf_putc(&sb, ' ');
	strbuf_printf(&sb, "%d-%s", 42, "x");
	assert_string_equal(strbuf_str(&sb), "hello 42-x");
	assert_int_equal(sb.len, 10);
	strbuf_truncate(&sb, 5);
	assert_string_equal(strbuf_str(&sb), "hello");
	strbuf_free(&sb);
	assert_null(sb.buf);
}

static void test_grows_past_initial_capacity(void **state)
{
	struct strbuf sb = {0};
	for (int i = 0; i < 1000; i++)
		strbuf_puts(&sb, "abcdefghij");
	assert_int_equal(sb.len, 10000);
	assert_int_equal(strlen(strbuf_str(&sb)), 10000);
	char *s = strbuf_steal(&sb);
	assert_non_null(s);
	assert_int_equal(sb.len, 0);
	assert_memory_equal(s + 9990, "abcdefghij", 10);
	free(s);
}

static void test_steal_empty_gives_empty_string(void **state)
{
	struct strbuf sb = {0};
	char *s = strbuf_steal(&sb);
	assert_string_equal(s, "");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_printf),
		cmocka_unit_test(test_grows_past_initial_capacity),
		cmocka_unit_test(test_steal_empty_gives_empty_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
