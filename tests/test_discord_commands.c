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

static const cJSON *named(const cJSON *arr, const char *name)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
		if (strcmp(cJSON_GetObjectItem(it, "name")->valuestring, name) == 0)
			return it;
	return NULL;
}

/* /digest has one SUB_COMMAND option per subcommand, each with its own
 * options; an interaction naming one maps back to it and its arguments. */
static void test_subcommands(void **state)
{
	(void)state;
	char *text = discord_commands_json(NULL);
	cJSON *arr = cJSON_Parse(text);
	const cJSON *digest = named(arr, "digest");
	assert_non_null(digest);
	const cJSON *opts = cJSON_GetObjectItem(digest, "options");
	const cJSON *sub = named(opts, "subscribe");
	assert_non_null(sub);
	assert_int_equal(cJSON_GetObjectItem(sub, "type")->valueint, DISCORD_OPT_SUB_COMMAND);
	const cJSON *sched = named(cJSON_GetObjectItem(sub, "options"), "schedule");
	assert_non_null(sched);
	assert_int_equal(cJSON_GetObjectItem(sched, "type")->valueint, DISCORD_OPT_STRING);
	const cJSON *unsub = named(opts, "unsubscribe");
	assert_non_null(unsub);
	const cJSON *id = named(cJSON_GetObjectItem(unsub, "options"), "id");
	assert_int_equal(cJSON_GetObjectItem(id, "type")->valueint, DISCORD_OPT_INTEGER);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(id, "required")));
	assert_non_null(named(opts, "now"));
	assert_non_null(named(opts, "list"));
	cJSON_Delete(arr);
	free(text);

	const struct router_command *cmd = router_command_find(NULL, "digest");
	cJSON *in = cJSON_Parse("[{\"type\":1,\"name\":\"subscribe\",\"options\":"
				"[{\"type\":3,\"name\":\"schedule\",\"value\":\"daily 08:00 UTC\"}]}]");
	const cJSON *sub_opts = NULL;
	const struct router_command *picked = discord_commands_sub(cmd, in, &sub_opts);
	assert_non_null(picked);
	assert_string_equal(picked->name, "subscribe");
	char *args[4];
	assert_int_equal(discord_commands_args(picked, sub_opts, args, 4), 1);
	assert_string_equal(args[0], "daily 08:00 UTC");
	discord_commands_args_free(args, 1);
	cJSON_Delete(in);
	in = cJSON_Parse("[{\"type\":1,\"name\":\"nonsense\"}]");
	assert_null(discord_commands_sub(cmd, in, &sub_opts));
	cJSON_Delete(in);
}

static void test_manage_channel_permission(void **state)
{
	(void)state;
	assert_true(discord_can_manage_channel("16"));          /* MANAGE_CHANNELS */
	assert_true(discord_can_manage_channel("8"));           /* ADMINISTRATOR */
	assert_true(discord_can_manage_channel("2251799813685247")); /* all */
	assert_false(discord_can_manage_channel("2048"));       /* SEND_MESSAGES only */
	assert_false(discord_can_manage_channel(""));
	assert_false(discord_can_manage_channel(NULL));
	assert_false(discord_can_manage_channel("16x"));
	assert_false(discord_can_manage_channel("-16"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands_json),
		cmocka_unit_test(test_args_in_declared_order),
		cmocka_unit_test(test_subcommands),
		cmocka_unit_test(test_manage_channel_permission),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
