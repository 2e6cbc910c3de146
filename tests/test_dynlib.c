#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <math.h>

#include "common/dynlib.h"

/* libm is on every glibc system: cos() as a function, signgam (the sign
 * lgamma() leaves) as a data symbol. */
#define LIBM "libm.so.6"

static void test_resolves_functions_and_data(void **state)
{
	__typeof__(cos) *my_cos = NULL;
	__typeof__(lgamma) *my_lgamma = NULL;
	int *my_signgam = NULL;
	const struct dynlib_sym syms[] = {
		DYNLIB_SYM("cos", &my_cos),
		DYNLIB_SYM("lgamma", &my_lgamma),
		DYNLIB_SYM("signgam", &my_signgam),
	};
	struct strbuf err = {0};
	struct dynlib *l = dynlib_open(LIBM, syms, 3, &err);
	assert_non_null(l);
	assert_int_equal(err.len, 0);
	assert_true(my_cos(0.0) == 1.0);
	/* Gamma(-0.5) is negative: the library's own signgam says so. */
	my_lgamma(-0.5);
	assert_int_equal(*my_signgam, -1);
	my_lgamma(0.5);
	assert_int_equal(*my_signgam, 1);
	dynlib_close(l);
	strbuf_free(&err);
}

static void test_missing_library_names_it(void **state)
{
	void (*f)(void) = NULL;
	const struct dynlib_sym syms[] = { DYNLIB_SYM("f", &f) };
	struct strbuf err = {0};
	assert_null(dynlib_open("libbriefbot-absent.so.0", syms, 1, &err));
	assert_non_null(strstr(strbuf_str(&err), "cannot load libbriefbot-absent.so.0 ("));
	assert_null(f);
	strbuf_free(&err);
}

static void test_missing_symbol_names_library_and_symbol(void **state)
{
	__typeof__(cos) *my_cos = NULL;
	void (*f)(void) = NULL;
	const struct dynlib_sym syms[] = {
		DYNLIB_SYM("cos", &my_cos),
		DYNLIB_SYM("briefbot_no_such_symbol", &f),
	};
	struct strbuf err = {0};
	assert_null(dynlib_open(LIBM, syms, 2, &err));
	assert_non_null(strstr(strbuf_str(&err),
			       "cannot load " LIBM ": no symbol briefbot_no_such_symbol ("));
	assert_null(f);
	strbuf_free(&err);
}

static void test_close_is_null_safe(void **state)
{
	dynlib_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolves_functions_and_data),
		cmocka_unit_test(test_missing_library_names_it),
		cmocka_unit_test(test_missing_symbol_names_library_and_symbol),
		cmocka_unit_test(test_close_is_null_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
