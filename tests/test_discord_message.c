#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bot/discord/discord_message.h"
#include "common/error.h"

static void same_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Reads `json` both ways, checks they agree, and leaves the scanned fields
 * in *out (strings in `scratch`). */
static void read_both(const char *json, char *scratch, size_t size, struct discord_message *out)
{
	struct jscan m;
	assert_int_equal(jscan_check(json, strlen(json), &m), 0);
	assert_int_equal(discord_message_scan(m, scratch, size, out), 0);
	cJSON *tree = cJSON_Parse(json);
	assert_non_null(tree);
	struct discord_message t;
	discord_message_from_json(tree, &t);
	same_str(out->id, t.id);
	same_str(out->channel_id, t.channel_id);
	same_str(out->guild_id, t.guild_id);
	same_str(out->content, t.content);
	same_str(out->author_id, t.author_id);
	same_str(out->author_global_name, t.author_global_name);
	same_str(out->author_username, t.author_username);
	assert_int_equal(out->author_bot, t.author_bot);
	assert_int_equal(out->n_roles, t.n_roles);
	for (size_t i = 0; i < t.n_roles; i++)
		same_str(out->roles[i], t.roles[i]);
	cJSON_Delete(tree);
}

#define GATEWAY_MESSAGE                                                                    \
	"{\"id\":\"1575170860879319040\",\"channel_id\":\"800000000000000011\","          \
	"\"author\":{\"id\":\"700000000000000100\",\"username\":\"user0\",\"discriminator\":" \
	"\"0\",\"global_name\":null,\"avatar\":null,\"public_flags\":0},\"content\":"        \
	"\"!ask who \\\"backs\\\" Turkey? \\u00e9\\ud83d\\ude00\",\"timestamp\":"             \
	"\"2026-11-25T15:26:38.493243+00:00\",\"edited_timestamp\":null,\"tts\":false,"       \
	"\"mention_everyone\":false,\"mentions\":[{\"id\":\"9\",\"username\":\"bot\"}],"     \
	"\"mention_roles\":[],\"attachments\":[],\"embeds\":[],\"pinned\":false,\"type\":0,"  \
	"\"flags\":0,\"components\":[],\"guild_id\":\"800000000000000001\",\"member\":"     \
	"{\"roles\":[\"11\",\"12\"],\"joined_at\":\"2021-09-28T10:00:00.000000+00:00\","      \
	"\"deaf\":false,\"nick\":null}}"

static void test_gateway_message(void **state)
{
	char scratch[sizeof GATEWAY_MESSAGE];
	struct discord_message m;
	read_both(GATEWAY_MESSAGE, scratch, sizeof scratch, &m);
	assert_string_equal(m.id, "1575170860879319040");
	assert_string_equal(m.channel_id, "800000000000000011");
	assert_string_equal(m.guild_id, "800000000000000001");
	assert_string_equal(m.content, "!ask who \"backs\" Turkey? \xc3\xa9\xf0\x9f\x98\x80");
	assert_string_equal(m.author_id, "700000000000000100");
	assert_null(m.author_global_name);
	assert_string_equal(m.author_username, "user0");
	assert_false(m.author_bot);
	assert_int_equal(m.n_roles, 2);
	assert_string_equal(m.roles[1], "12");
	/* the scratch must hold the whole text */
	assert_int_equal(discord_message_scan((struct jscan){ GATEWAY_MESSAGE,
							       sizeof GATEWAY_MESSAGE - 1 },
					      scratch, sizeof scratch - 1, &m),
			 BB_ETOOBIG);
}

static void test_odd_shapes(void **state)
{
	static const char *const docs[] = {
		/* a DM: no guild, no member; a bot author */
		"{\"id\":\"1\",\"channel_id\":\"2\",\"content\":\"hi\","
		"\"author\":{\"id\":\"3\",\"bot\":true,\"global_name\":\"G\"}}",
		/* the first of duplicate keys wins, even when it is no string */
		"{\"id\":5,\"id\":\"1\",\"content\":\"a\",\"content\":\"b\","
		"\"author\":{\"bot\":\"true\",\"bot\":true}}",
		/* roles as an object: cJSON walks its values */
		"{\"member\":{\"roles\":{\"a\":\"1\",\"b\":2,\"c\":\"3\"}}}",
		/* non-string roles are skipped; roles as a string is nothing */
		"{\"member\":{\"roles\":[1,null,\"7\",[\"8\"],{\"x\":\"9\"}]}}",
		"{\"member\":{\"roles\":\"1\"},\"author\":[\"id\"]}",
		/* \u0000 cuts a field as in cJSON */
		"{\"content\":\"a\\u0000b\",\"author\":{\"id\":\"\\u0031\"}}",
		/* not an object at all */
		"[\"id\",\"1\"]", "null", "\"x\"", "{}",
		/* nested look-alikes are not top-level fields */
		"{\"referenced_message\":{\"id\":\"1\",\"content\":\"old\"},\"content\":\"new\"}",
	};
	char scratch[512];
	struct discord_message m;
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		read_both(docs[i], scratch, sizeof scratch, &m);
	read_both(docs[1], scratch, sizeof scratch, &m);
	assert_null(m.id);
	assert_string_equal(m.content, "a");
	assert_false(m.author_bot);
	read_both(docs[2], scratch, sizeof scratch, &m);
	assert_int_equal(m.n_roles, 2);
	assert_string_equal(m.roles[1], "3");
	read_both(docs[10], scratch, sizeof scratch, &m);
	assert_string_equal(m.content, "new");
	assert_null(m.id);
}

static void test_roles_capped(void **state)
{
	char json[2048] = "{\"member\":{\"roles\":[";
	for (int i = 0; i < 70; i++)
		snprintf(json + strlen(json), sizeof json - strlen(json), "%s\"%d\"", i ? "," : "", i);
	strcat(json, "]}}");
	char scratch[sizeof json];
	struct discord_message m;
	read_both(json, scratch, sizeof scratch, &m);
	assert_int_equal(m.n_roles, DISCORD_MESSAGE_MAX_ROLES);
	assert_string_equal(m.roles[63], "63");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gateway_message),
		cmocka_unit_test(test_odd_shapes),
		cmocka_unit_test(test_roles_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
