#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "commands/args.h"
#include "common/error.h"

/* Splits text into at most 8 args joined by '|' into out. Returns the
 * count or a negative error. */
static int split(const char *text, char *out, size_t size)
{
	struct strbuf sb = {0};
	const char *p = text;
	int n = 0, rc;
	while ((rc = args_next(&p, &sb)) == 1)
		n++;
	out[0] = '\0';
	size_t len = 0;
	for (const char *s = strbuf_str(&sb); s < strbuf_str(&sb) + sb.len; s += strlen(s) + 1) {
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? "|" : "", s);
	}
	strbuf_free(&sb);
	return rc < 0 ? rc : n;
}

static void test_words_and_quotes(void **state)
{
	char out[256];
	assert_int_equal(split("  one two\tthree ", out, sizeof out), 3);
	assert_string_equal(out, "one|two|three");
	assert_int_equal(split("\"two words\" 'single q' x", out, sizeof out), 3);
	assert_string_equal(out, "two words|single q|x");
	assert_int_equal(split("\xE2\x80\x9Csmart quotes\xE2\x80\x9D y", out, sizeof out), 2);
	assert_string_equal(out, "smart quotes|y");
	assert_int_equal(split("a\"\"b \"\"", out, sizeof out), 2);
	assert_string_equal(out, "a\"\"b|");
	assert_int_equal(split("", out, sizeof out), 0);
	assert_int_equal(split("   ", out, sizeof out), 0);
}

static void test_apostrophes_inside_words(void **state)
{
	char out[256];
	assert_int_equal(split("what's at stake", out, sizeof out), 3);
	assert_string_equal(out, "what's|at|stake");
}

static void test_escapes(void **state)
{
	char out[256];
	assert_int_equal(split("a\\ b \\\"c \"d \\\" e\" f\\\\", out, sizeof out), 4);
	assert_string_equal(out, "a b|\"c|d \" e|f\\");
}

static void test_unterminated_quote(void **state)
{
	char out[256];
	assert_int_equal(split("ok \"never closed", out, sizeof out), BB_EPARSE);
	assert_int_equal(split("'x", out, sizeof out), BB_EPARSE);
	assert_int_equal(split("\xE2\x80\x9Cx", out, sizeof out), BB_EPARSE);
}

static void test_rest(void **state)
{
	size_t n;
	const char *r = args_rest("   who backs   YPG ?  \n", &n);
	assert_int_equal(n, 17);
	assert_memory_equal(r, "who backs   YPG ?", 17);
	args_rest("   ", &n);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_quotes),
		cmocka_unit_test(test_apostrophes_inside_words),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_rest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
