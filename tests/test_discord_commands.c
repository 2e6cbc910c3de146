#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bot/discord/discord_commands.h"
#include "common/utf8.h"

static const struct router_host no_host = {0};

static struct router *make_router(void)
{
	struct router_config rc;
	router_config_init(&rc);
	struct router *r = router_new(&rc, &no_host, NULL);
	assert_non_null(r);
	return r;
}

static void test_commands_json(void **state)
{
	struct router *r = make_router();
	char *text = discord_commands_json(r);
	assert_non_null(text);
	cJSON *arr = cJSON_Parse(text);
	assert_true(cJSON_IsArray(arr));
	assert_int_equal(cJSON_GetArraySize(arr), (int)router_command_count(r));
	bool saw_cite = false;
	cJSON *c;
	cJSON_ArrayForEach(c, arr) {
		const char *name = cJSON_GetObjectItem(c, "name")->valuestring;
		const char *desc = cJSON_GetObjectItem(c, "description")->valuestring;
		assert_int_equal(cJSON_GetObjectItem(c, "type")->valueint, 1);
		assert_true(strlen(name) >= 1 && strlen(name) <= 32);
		for (const char *p = name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
				    *p == '-' || *p == '_');
		assert_true(utf8_count(desc, strlen(desc)) >= 1);
		assert_true(utf8_count(desc, strlen(desc)) <= 100);
		bool optional_seen = false;
		cJSON *o;
		cJSON_ArrayForEach(o, cJSON_GetObjectItem(c, "options")) {
			bool req = cJSON_IsTrue(cJSON_GetObjectItem(o, "required"));
			assert_false(req && optional_seen);
			optional_seen = optional_seen || !req;
			const char *od = cJSON_GetObjectItem(o, "description")->valuestring;
			assert_true(utf8_count(od, strlen(od)) <= 100);
		}
		if (strcmp(name, "cite") == 0) {
			saw_cite = true;
			cJSON *opts = cJSON_GetObjectItem(c, "options");
			assert_int_equal(cJSON_GetArraySize(opts), 2);
			cJSON *a0 = cJSON_GetArrayItem(opts, 0), *a1 = cJSON_GetArrayItem(opts, 1);
			assert_string_equal(cJSON_GetObjectItem(a0, "name")->valuestring, "article");
			assert_int_equal(cJSON_GetObjectItem(a0, "type")->valueint, DISCORD_OPT_STRING);
			assert_string_equal(cJSON_GetObjectItem(a1, "name")->valuestring, "paragraph");
			assert_int_equal(cJSON_GetObjectItem(a1, "type")->valueint, DISCORD_OPT_INTEGER);
			assert_true(cJSON_IsTrue(cJSON_GetObjectItem(a1, "required")));
		}
	}
	assert_true(saw_cite);
	cJSON_Delete(arr);
	free(text);
	router_free(r);
}

static void test_args_in_declared_order(void **state)
{
	struct router *r = make_router();
	const struct router_command *cite = router_command_find(r, "cite");
	assert_non_null(cite);
	cJSON *opts = cJSON_Parse("[{\"name\":\"paragraph\",\"type\":4,\"value\":7},"
				  "{\"name\":\"bogus\",\"type\":3,\"value\":\"x\"},"
				  "{\"name\":\"article\",\"type\":3,\"value\":\"sochi\"}]");
	char *out[4];
	assert_int_equal(discord_commands_args(cite, opts, out, 4), 2);
	assert_string_equal(out[0], "sochi");
	assert_string_equal(out[1], "7");
	discord_commands_args_free(out, 2);
	cJSON_Delete(opts);

	const struct router_command *backs = router_command_find(r, "backs");
	char *one[1];
	assert_int_equal(discord_commands_args(backs, NULL, one, 1), 1);
	assert_null(one[0]); /* optional and left out */
	router_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands_json),
		cmocka_unit_test(test_args_in_declared_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
