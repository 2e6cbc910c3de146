/* Tests of bot/matrix/matrix_client's pure parts: the retry decision, escaping
 * and transaction ids. (The transport itself runs against the fake
 * homeserver in tests/integration/matrix/test_matrix_bot.py.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bot/matrix/matrix_client.h"
#include "common/error.h"

static void test_classify(void **state)
{
	(void)state;
	assert_int_equal(matrix_client_classify(0, 200), MATRIX_FINISHED);
	assert_int_equal(matrix_client_classify(0, 429), MATRIX_RETRY_AFTER);
	assert_int_equal(matrix_client_classify(0, 500), MATRIX_RETRY_BACKOFF);
	assert_int_equal(matrix_client_classify(0, 502), MATRIX_RETRY_BACKOFF);
	assert_int_equal(matrix_client_classify(BB_ENET, 0), MATRIX_RETRY_BACKOFF);
	assert_int_equal(matrix_client_classify(0, 401), MATRIX_FINISHED);
	assert_int_equal(matrix_client_classify(0, 403), MATRIX_FINISHED);
	assert_int_equal(matrix_client_classify(BB_EPROTO, 0), MATRIX_FINISHED);
	assert_int_equal(matrix_client_classify(BB_ETOOBIG, 0), MATRIX_FINISHED);
}

static void test_escape(void **state)
{
	(void)state;
	struct strbuf sb = {0};
	matrix_client_escape(&sb, "!abc:example.org/x?y&z=1 é");
	assert_string_equal(strbuf_str(&sb), "%21abc%3Aexample.org%2Fx%3Fy%26z%3D1%20%C3%A9");
	strbuf_free(&sb);
}

static void test_txn_ids(void **state)
{
	(void)state;
	char a[256], b[256], c[256];
	assert_int_equal(matrix_client_txn_id("$abc-_DEF", 0, a, sizeof a), 0);
	assert_string_equal(a, "bb1-.24abc-_DEF-0");
	/* Stable: the same inputs always give the same id. */
	assert_int_equal(matrix_client_txn_id("$abc-_DEF", 0, b, sizeof b), 0);
	assert_string_equal(a, b);
	/* Distinct chunks and distinct events give distinct ids. */
	assert_int_equal(matrix_client_txn_id("$abc-_DEF", 1, c, sizeof c), 0);
	assert_string_not_equal(a, c);
	assert_int_equal(matrix_client_txn_id("$abc.2Fx:s", 0, b, sizeof b), 0);
	assert_int_equal(matrix_client_txn_id("$abc/x:s", 0, c, sizeof c), 0);
	assert_string_not_equal(b, c);
	/* Only URL-safe characters. */
	for (const char *p = c; *p; p++)
		assert_non_null(strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "0123456789-_.", *p));
	assert_int_equal(matrix_client_txn_id("$abcdefghij", 0, a, 8), BB_ETOOBIG);
	assert_string_equal(a, "");
}

static void test_new_refuses_bad_options(void **state)
{
	(void)state;
	uv_loop_t loop;
	uv_loop_init(&loop);
	struct matrix_client_options o = {0};
	assert_null(matrix_client_new(&loop, &o));
	assert_null(matrix_client_new(NULL, &o));
	o.homeserver = "http://127.0.0.1:1/";
	struct matrix_client *c = matrix_client_new(&loop, &o);
	assert_non_null(c);
	assert_int_equal(matrix_client_pending(c), 0);
	assert_int_equal(matrix_client_cancel(c, 99), BB_ENOTFOUND);
	matrix_client_free(c);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_txn_ids),
		cmocka_unit_test(test_new_refuses_bad_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
