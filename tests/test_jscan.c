#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "common/error.h"
#include "common/jscan.h"

static struct jscan root_of(const char *text)
{
	struct jscan root;
	assert_int_equal(jscan_check(text, strlen(text), &root), 0);
	return root;
}

static bool ok(const char *text)
{
	return jscan_check(text, strlen(text), NULL) == 0;
}

static void test_check_accepts(void **state)
{
	static const char *const good[] = {
		"{}", "[]", " {\"a\" : [1, -0, 0.5, -1.25e+10, 2E-3, true, false, null]} \n",
		"\"x\"", "0", "-12", "{\"a\":{\"b\":{\"c\":[[]]}}}",
		"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\uD83D\\uDE00\"]",
		"{\"k\":\"\xc3\xa9 raw utf-8\"}",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_true(ok(good[i]));
		cJSON *j = cJSON_Parse(good[i]);
		assert_non_null(j); /* what jscan accepts, cJSON accepts */
		cJSON_Delete(j);
	}
	struct jscan root = root_of("  [1]  ");
	assert_int_equal(root.len, 3);
	assert_memory_equal(root.p, "[1]", 3);
}

static void test_check_refuses(void **state)
{
	static const char *const bad[] = {
		"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]",
		"01", "1.", ".5", "-", "1e", "+1", "0x10", "tru", "nul", "[1]x", "{} {}",
		"\"abc", "\"a\x01\"", "\"\\x\"", "\"\\u12\"", "\"\\uZZZZ\"",
		"\"\\uDC00\"", "\"\\uD800\"", "\"\\uD800\\u0041\"", "\"\\uD800x\"",
		"{\"\\u0061\":1}", "{\"a\\n\":1}", "\xef\xbb\xbf{}", "\x0b{}", "[1]\x0c",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(ok(bad[i]));
	/* NUL bytes inside the length */
	assert_int_equal(jscan_check("[1]\0", 4, NULL), BB_EPARSE);
	assert_int_equal(jscan_check("\"a\0b\"", 5, NULL), BB_EPARSE);
	assert_int_equal(jscan_check(NULL, 0, NULL), BB_EPARSE);
	/* cJSON's limits: a number of 64 characters, nesting */
	char num[80];
	memset(num, '1', 64);
	num[64] = '\0';
	assert_false(ok(num));
	num[63] = '\0';
	assert_true(ok(num));
	char deep[2 * JSCAN_MAX_DEPTH + 3];
	size_t n = JSCAN_MAX_DEPTH;
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	assert_true(ok(deep));
	memmove(deep + 1, deep, 2 * n + 1);
	deep[0] = '[';
	strcat(deep, "]");
	assert_false(ok(deep));
}

static void test_get_and_types(void **state)
{
	struct jscan root = root_of("{\"a\":1,\"b\":{\"a\":2},\"a\":3,\"s\":\"x,}\\\"]\","
				    "\"n\":null,\"t\":true,\"f\":false,\"l\":[1,{}]}");
	struct jscan v;
	assert_true(jscan_get(root, "a", &v));
	assert_int_equal(jscan_type(v), JSCAN_NUMBER);
	assert_memory_equal(v.p, "1", v.len); /* the first of duplicates, as cJSON */
	assert_true(jscan_get(root, "b", &v));
	assert_int_equal(jscan_type(v), JSCAN_OBJECT);
	struct jscan inner;
	assert_true(jscan_get(v, "a", &inner));
	assert_memory_equal(inner.p, "2", inner.len);
	assert_true(jscan_get(root, "s", &v));
	assert_int_equal(jscan_type(v), JSCAN_STRING);
	assert_int_equal(v.len, 8);
	assert_true(jscan_get(root, "n", &v));
	assert_int_equal(jscan_type(v), JSCAN_NULL);
	assert_true(jscan_get(root, "t", &v));
	assert_int_equal(jscan_type(v), JSCAN_TRUE);
	assert_true(jscan_get(root, "f", &v));
	assert_int_equal(jscan_type(v), JSCAN_FALSE);
	assert_true(jscan_get(root, "l", &v));
	assert_int_equal(jscan_type(v), JSCAN_ARRAY);
	assert_false(jscan_get(v, "a", &inner)); /* an array has no members */
	assert_int_equal(jscan_type(inner), JSCAN_NONE);
	assert_false(jscan_get(root, "missing", &v));
	assert_null(v.p);
	assert_false(jscan_get(root, "", &v));
}

static void test_members(void **state)
{
	static const char *const names[] = { "t", "d", "s", "op" };
	struct jscan out[4];
	jscan_members(root_of("{\"op\":0,\"d\":{\"t\":\"inner\"},\"s\":1,\"op\":9,\"x\":2}"),
		      names, 4, out);
	assert_null(out[0].p); /* "t" only inside d */
	assert_memory_equal(out[1].p, "{\"t\":\"inner\"}", out[1].len);
	assert_memory_equal(out[2].p, "1", out[2].len);
	assert_memory_equal(out[3].p, "0", out[3].len); /* the first "op" */
	jscan_members(root_of("[1]"), names, 4, out);
	assert_null(out[1].p);
}

/* Checking and noting the root's members in one pass gives what the two
 * steps give. */
static void test_check_members(void **state)
{
	static const char *const names[] = { "op", "d", "s", "t" };
	static const char *const docs[] = {
		"{\"op\":0,\"d\":{\"s\":1,\"t\":\"x\"},\"s\":7,\"t\":\"E\",\"op\":1}",
		"{\"t\":null}", "{}", "[{\"op\":1}]", "\"op\"",
	};
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct jscan a[4], b[4], root;
		assert_int_equal(jscan_check_members(docs[i], strlen(docs[i]), names, 4, a, &root), 0);
		jscan_members(root, names, 4, b);
		for (int k = 0; k < 4; k++) {
			assert_ptr_equal(a[k].p, b[k].p);
			assert_int_equal(a[k].len, b[k].len);
		}
	}
	struct jscan a[4], root;
	assert_int_equal(jscan_check_members(docs[0], strlen(docs[0]), names, 4, a, &root), 0);
	assert_memory_equal(a[0].p, "0", 1);
	assert_memory_equal(a[2].p, "7", 1);
	/* a text that fails the check leaves nothing noted */
	assert_int_equal(jscan_check_members("{\"op\":0,}", 9, names, 4, a, &root), BB_EPARSE);
	assert_null(a[0].p);
	assert_null(root.p);
}

/* Strings and containers of every length around the 8-byte steps, with an
 * escaped quote or a bracket at every place: the walk finds the member
 * after them, and decodes them as cJSON does. */
static void test_long_values(void **state)
{
	for (size_t len = 0; len < 40; len++) {
		for (size_t at = 0; at <= len; at++) {
			char text[256], want[64];
			char body[64];
			memset(body, 'a', len);
			body[len] = '\0';
			snprintf(text, sizeof text, "{\"k\":\"%.*s\\\"%s\",\"b\":[\"%.*s]\",{}],\"z\":%zu}",
				 (int)at, body, body + at, (int)at, body, len);
			struct jscan root = root_of(text), v;
			assert_true(jscan_get(root, "z", &v));
			snprintf(want, sizeof want, "%zu", len);
			assert_int_equal(v.len, strlen(want));
			assert_memory_equal(v.p, want, v.len);
			char out[64];
			assert_true(jscan_get(root, "k", &v));
			assert_int_equal(jscan_string(v, out, sizeof out), (int)len + 1);
			cJSON *j = cJSON_Parse(text);
			assert_string_equal(cJSON_GetObjectItem(j, "k")->valuestring, out);
			cJSON_Delete(j);
			/* a control character anywhere is refused */
			if (at > 0) {
				text[5 + at] = '\x1f';
				assert_false(ok(text));
			}
		}
	}
}

static void test_iterate(void **state)
{
	struct jscan_iter it;
	struct jscan k, v;
	jscan_iter_init(root_of("[ 1 , \"]\" , [2,[3]] , {\"x\":[]} ]"), &it);
	const char *want[] = { "1", "\"]\"", "[2,[3]]", "{\"x\":[]}" };
	for (size_t i = 0; i < 4; i++) {
		assert_true(jscan_iter_next(&it, &k, &v));
		assert_null(k.p);
		assert_int_equal(v.len, strlen(want[i]));
		assert_memory_equal(v.p, want[i], v.len);
	}
	assert_false(jscan_iter_next(&it, &k, &v));
	assert_false(jscan_iter_next(&it, &k, &v));

	jscan_iter_init(root_of("{ \"a\" : \"\\\\\" , \"bb\":{\"c\":\"}\"} }"), &it);
	assert_true(jscan_iter_next(&it, &k, &v));
	assert_true(jscan_key_is(k, "a"));
	assert_memory_equal(v.p, "\"\\\\\"", v.len);
	assert_true(jscan_iter_next(&it, NULL, &v));
	assert_memory_equal(v.p, "{\"c\":\"}\"}", v.len);
	assert_false(jscan_iter_next(&it, &k, &v));

	jscan_iter_init(root_of("{ }"), &it);
	assert_false(jscan_iter_next(&it, &k, &v));
	jscan_iter_init(root_of("\"s\""), &it); /* not a container: empty */
	assert_false(jscan_iter_next(&it, &k, &v));
	jscan_iter_init((struct jscan){0}, &it);
	assert_false(jscan_iter_next(&it, &k, &v));
	assert_false(jscan_key_is(k, "a"));
}

/* Decodes the string `json` and compares with cJSON's value. */
static void same_string(const char *json, const char *want, int want_len)
{
	char out[64];
	int n = jscan_string(root_of(json), out, sizeof out);
	assert_int_equal(n, want_len);
	assert_string_equal(out, want);
	cJSON *j = cJSON_Parse(json);
	assert_non_null(j);
	assert_string_equal(j->valuestring, out);
	cJSON_Delete(j);
}

static void test_strings(void **state)
{
	same_string("\"plain\"", "plain", 5);
	same_string("\"\"", "", 0);
	same_string("\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"", "a\"b\\c/d\be\ff\ng\rh\ti", 17);
	same_string("\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 6);
	same_string("\"\\ud83d\\ude00!\"", "\xf0\x9f\x98\x80!", 5);
	same_string("\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf", 4);
	/* \u0000 ends the C string, as in cJSON; the length counts on */
	same_string("\"ab\\u0000cd\"", "ab", 5);

	char out[9];
	struct jscan s = root_of("\"abcdefgh\"");
	assert_int_equal(jscan_string(s, out, 8), BB_ETOOBIG);
	assert_int_equal(jscan_string(s, out, 9), 8);
	assert_int_equal(jscan_string(root_of("\"\\u20ac\\u20ac\\u20ac\""), out, 8), BB_ETOOBIG);
	assert_int_equal(jscan_string(root_of("\"\\n\""), out, 1), BB_ETOOBIG);
	assert_int_equal(jscan_string(root_of("12"), out, sizeof out), BB_EINVAL);
	assert_int_equal(jscan_string((struct jscan){0}, out, sizeof out), BB_EINVAL);
	/* v.len bytes always suffice */
	s = root_of("\"\\\"\"");
	assert_int_equal(jscan_string(s, out, s.len), 1);
}

static void test_int(void **state)
{
	int64_t v = 5;
	assert_int_equal(jscan_int(root_of("0"), &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(jscan_int(root_of("-42"), &v), 0);
	assert_int_equal(v, -42);
	assert_int_equal(jscan_int(root_of("999999999999999"), &v), 0);
	assert_int_equal(v, 999999999999999LL);
	v = 5;
	assert_int_equal(jscan_int(root_of("1000000000000000"), &v), BB_EINVAL);
	assert_int_equal(jscan_int(root_of("1.0"), &v), BB_EINVAL);
	assert_int_equal(jscan_int(root_of("1e3"), &v), BB_EINVAL);
	assert_int_equal(jscan_int(root_of("\"1\""), &v), BB_EINVAL);
	assert_int_equal(jscan_int(root_of("null"), &v), BB_EINVAL);
	assert_int_equal(v, 5);
}

/* Nested members noted in the one pass of the check: the first of each
 * name in its object, none under an array or a non-object, none under a
 * second member of the parent's name; parents must come first. */
static void test_check_fields(void **state)
{
	(void)state;
	static const char doc[] =
		"{\"t\":\"X\",\"d\":{\"a\":{\"id\":\"1\",\"id\":\"2\",\"n\":[{\"id\":3}]},"
		"\"id\":7,\"b\":[{\"id\":4}],\"c\":\"s\"},\"d\":{\"id\":9}}";
	static const struct jscan_field fields[] = {
		{ "d", -1 }, { "a", 0 }, { "id", 1 }, { "id", 0 }, { "b", 0 },
		{ "id", 4 }, { "c", 0 }, { "id", 6 }, { "n", 1 }, { "t", -1 },
	};
	struct jscan out[10], root;
	assert_int_equal(jscan_check_fields(doc, strlen(doc), fields, 10, out, &root), 0);
	char buf[16];
	assert_int_equal(jscan_string(out[2], buf, sizeof buf), 1);
	assert_string_equal(buf, "1");
	int64_t v;
	assert_int_equal(jscan_int(out[3], &v), 0);
	assert_int_equal(v, 7); /* d's own id, not the second d's */
	assert_int_equal(jscan_type(out[4]), JSCAN_ARRAY);
	assert_null(out[5].p); /* under an array */
	assert_int_equal(jscan_type(out[6]), JSCAN_STRING);
	assert_null(out[7].p); /* under a string */
	assert_int_equal(jscan_type(out[8]), JSCAN_ARRAY);
	assert_int_equal(jscan_type(out[9]), JSCAN_STRING);
	/* a parent after its child, or out of range */
	static const struct jscan_field bad[] = { { "x", 1 }, { "y", -1 } };
	assert_int_equal(jscan_check_fields(doc, strlen(doc), bad, 2, out, NULL), BB_EINVAL);
	/* a refused text zeroes everything */
	assert_int_equal(jscan_check_fields("{\"d\":{\"a\":1},}", 14, fields, 10, out, NULL),
			 BB_EPARSE);
	for (int i = 0; i < 10; i++)
		assert_null(out[i].p);
}

/* A prepared list serves many texts; keys the filter lets through but no
 * field names (same length and first byte) are no field; fields of one
 * name under different parents stay apart; whitespace anywhere between
 * tokens changes nothing, and the values come without it. */
static void test_check_prepared(void **state)
{
	(void)state;
	static const struct jscan_field fields[] = {
		{ "d", -1 }, { "id", 0 }, { "a", 0 }, { "id", 2 }, { "ix", 0 },
	};
	struct jscan_fields set;
	struct jscan out[5], root;
	assert_int_equal(jscan_fields_prepare(&set, fields, 5), 0);
	static const char *const docs[] = {
		"{\"d\":{\"iy\":1,\"a\":{\"id\":\"x\"},\"id\":2,\"ix\":[3]}}",
		" {\n\t\"d\" : { \"iy\" :1 ,\"a\":{ \"id\" : \"x\" } , \"id\"\r:\n2 ,\"ix\": [ 3 ] } } ",
	};
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(jscan_check_prepared(docs[i], strlen(docs[i]), &set, out, &root), 0);
		assert_int_equal(jscan_type(out[0]), JSCAN_OBJECT);
		assert_int_equal(out[1].len, 1);
		assert_memory_equal(out[1].p, "2", 1);
		assert_int_equal(out[3].len, 3);
		assert_memory_equal(out[3].p, "\"x\"", 3);
		assert_int_equal(jscan_type(out[4]), JSCAN_ARRAY);
		assert_int_equal(out[4].p[out[4].len - 1], ']');
	}
	assert_int_equal(jscan_check_prepared("{\"d\":{\"id\":1}", 14, &set, out, &root), BB_EPARSE);
	for (int i = 0; i < 5; i++)
		assert_null(out[i].p);
	/* a list that cannot be prepared notes nothing */
	static const struct jscan_field bad[] = { { "x", 1 }, { "y", -1 } };
	assert_int_equal(jscan_fields_prepare(&set, bad, 2), BB_EINVAL);
	assert_int_equal(set.n, 0);
	struct jscan_field many[JSCAN_MAX_FIELDS + 1];
	for (size_t i = 0; i <= JSCAN_MAX_FIELDS; i++)
		many[i] = (struct jscan_field){ "x", -1 };
	assert_int_equal(jscan_fields_prepare(&set, many, JSCAN_MAX_FIELDS + 1), BB_ETOOBIG);
	assert_int_equal(set.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_fields),
		cmocka_unit_test(test_check_prepared),
		cmocka_unit_test(test_check_accepts),
		cmocka_unit_test(test_check_refuses),
		cmocka_unit_test(test_get_and_types),
		cmocka_unit_test(test_members),
		cmocka_unit_test(test_check_members),
		cmocka_unit_test(test_long_values),
		cmocka_unit_test(test_iterate),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_int),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
