#include "tests/reading.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

void expect_reading(reading_fn read, const struct kb *kb, const char *q, const char *want,
		    bool prefix, const char *cite)
{
	struct tokens t = {0};
	assert_int_equal(text_tokenize(q, strlen(q), &t), 0);
	struct answer a = {0};
	int rc = read(kb, &t, &a);
	tokens_free(&t);
	bool ok = want ? rc == 0 && (prefix ? strncmp(a.text, want, strlen(want)) == 0
					    : strcmp(a.text, want) == 0)
		       : rc == 1;
	if (!ok)
		fprintf(stderr, "\"%s\" -> %s\"%s\", want %s\"%s\"\n", q, rc == 0 ? "" : "no answer ",
			rc == 0 ? a.text : "", want ? "" : "none", want ? want : "");
	assert_true(ok);
	if (want) {
		assert_int_equal(a.n_cites, 1);
		if (cite)
			assert_non_null(strstr(a.cites[0].sentence->text, cite));
	}
	answer_free(&a);
}
