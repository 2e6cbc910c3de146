/* Tests of bot/matrix/matrix's pure parts: who may invite the bot, and the /sync
 * filter it uploads. (The adapter end to end: tests/integration.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <cmocka.h>

#include "bot/matrix/matrix.h"

static void test_inviters(void **state)
{
	(void)state;
	const char *const allowed[] = { "@alice:example.org", ":trusted.net" };
	assert_true(matrix_inviter_allowed(allowed, 2, "@alice:example.org"));
	assert_false(matrix_inviter_allowed(allowed, 2, "@bob:example.org"));
	assert_true(matrix_inviter_allowed(allowed, 2, "@bob:trusted.net"));
	/* A suffix is the whole server name, not a tail of it. */
	assert_false(matrix_inviter_allowed(allowed, 2, "@bob:untrusted.net"));
	assert_false(matrix_inviter_allowed(allowed, 2, "@bob:trusted.net.evil"));
	assert_false(matrix_inviter_allowed(allowed, 2, "@alice:example.org.evil"));
	assert_false(matrix_inviter_allowed(allowed, 2, "alice:example.org"));
	assert_false(matrix_inviter_allowed(allowed, 2, NULL));
	assert_false(matrix_inviter_allowed(allowed, 0, "@alice:example.org"));
}

static bool has_type(const cJSON *types, const char *t)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, types)
		if (cJSON_IsString(it) && strcmp(it->valuestring, t) == 0)
			return true;
	return false;
}

static void test_filter(void **state)
{
	(void)state;
	cJSON *f = cJSON_Parse(matrix_filter_json());
	assert_non_null(f);
	const cJSON *room = cJSON_GetObjectItem(f, "room");
	const cJSON *tl = cJSON_GetObjectItem(room, "timeline");
	const cJSON *types = cJSON_GetObjectItem(tl, "types");
	assert_true(has_type(types, "m.room.message"));
	assert_true(has_type(types, "m.room.encrypted"));
	assert_true(has_type(types, "m.room.encryption"));
	assert_false(has_type(types, "m.reaction"));
	assert_true(has_type(types, "m.room.power_levels"));
	assert_true(has_type(cJSON_GetObjectItem(cJSON_GetObjectItem(room, "state"), "types"),
			     "m.room.power_levels"));
	assert_int_equal(cJSON_GetObjectItem(tl, "limit")->valueint, 100);
	/* Nothing the bot does not use: no presence, no account data. */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(
				 cJSON_GetObjectItem(f, "presence"), "types")), 0);
	cJSON_Delete(f);
}

static void test_can_manage(void **state)
{
	(void)state;
	cJSON *p = cJSON_Parse("{\"users\":{\"@mod:x\":50,\"@admin:x\":100,\"@old:x\":\"60\"},"
			       "\"users_default\":0,\"state_default\":50}");
	assert_true(matrix_can_manage(p, "@admin:x"));
	assert_true(matrix_can_manage(p, "@mod:x"));       /* at state_default: enough */
	assert_true(matrix_can_manage(p, "@old:x"));       /* a level written as a string */
	assert_false(matrix_can_manage(p, "@alice:x"));    /* users_default 0 */
	assert_false(matrix_can_manage(NULL, "@admin:x")); /* no power levels seen */
	cJSON_Delete(p);
	/* Defaults: state_default 50, users_default 0; a high users_default
	 * makes everyone a manager. */
	p = cJSON_Parse("{\"users_default\":50}");
	assert_true(matrix_can_manage(p, "@anyone:x"));
	cJSON_Delete(p);
	p = cJSON_Parse("{\"users\":{\"@a:x\":10},\"state_default\":0}");
	assert_true(matrix_can_manage(p, "@b:x"));
	cJSON_Delete(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inviters),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_can_manage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
