#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bot/discord/discord_perms.h"

#define GUILD "100"
#define CH "200"
#define MANAGE "16"

static void feed(struct discord_perms *p, const char *event, const char *json)
{
	cJSON *d = cJSON_Parse(json);
	assert_non_null(d);
	assert_int_equal(discord_perms_event(p, event, d), 0);
	cJSON_Delete(d);
}

static bool can(struct discord_perms *p, const char *user, const char *role)
{
	const char *roles[] = { role };
	return discord_perms_can_manage(p, CH, user, roles, role ? 1 : 0);
}

static void setup_guild(struct discord_perms *p)
{
	/* @everyone (id = guild id) may read and send; role 300 manages
	 * channels; role 301 is an administrator; 7 owns the guild. */
	feed(p, "GUILD_CREATE",
	     "{\"id\":\"" GUILD "\",\"owner_id\":\"7\",\"roles\":["
	     "{\"id\":\"" GUILD "\",\"permissions\":\"3072\"},"
	     "{\"id\":\"300\",\"permissions\":\"" MANAGE "\"},"
	     "{\"id\":\"301\",\"permissions\":\"8\"}],"
	     "\"channels\":[{\"id\":\"" CH "\",\"type\":0,\"permission_overwrites\":[]}]}");
}

static void test_roles_owner_admin(void **state)
{
	(void)state;
	struct discord_perms *p = discord_perms_new();
	setup_guild(p);
	assert_false(can(p, "1", NULL));
	assert_true(can(p, "1", "300"));
	assert_true(can(p, "1", "301"));       /* ADMINISTRATOR: everything */
	assert_true(can(p, "7", NULL));        /* the owner */
	assert_false(can(p, "1", "999"));      /* an unknown role gives nothing */
	assert_false(discord_perms_can_manage(p, "201", "7", NULL, 0)); /* unknown channel */
	assert_int_equal(discord_perms_compute(p, CH, "1", NULL, 0), 3072);
	discord_perms_free(p);
	discord_perms_free(NULL);
}

/* Overwrites apply in Discord's order: @everyone, then the member's roles
 * together (deny then allow), then the member; ADMINISTRATOR ignores them. */
static void test_overwrites(void **state)
{
	(void)state;
	struct discord_perms *p = discord_perms_new();
	setup_guild(p);
	feed(p, "CHANNEL_UPDATE",
	     "{\"id\":\"" CH "\",\"guild_id\":\"" GUILD "\",\"permission_overwrites\":["
	     "{\"id\":\"" GUILD "\",\"type\":0,\"allow\":\"" MANAGE "\",\"deny\":\"0\"},"
	     "{\"id\":\"302\",\"type\":0,\"allow\":\"0\",\"deny\":\"" MANAGE "\"},"
	     "{\"id\":\"303\",\"type\":0,\"allow\":\"" MANAGE "\",\"deny\":\"0\"},"
	     "{\"id\":\"5\",\"type\":1,\"allow\":\"0\",\"deny\":\"" MANAGE "\"}]}");
	assert_true(can(p, "1", NULL));       /* @everyone allowed here */
	assert_false(can(p, "1", "302"));     /* a role denies it */
	const char *both[] = { "302", "303" };
	assert_true(discord_perms_can_manage(p, CH, "1", both, 2)); /* role allow wins over role deny */
	assert_false(can(p, "5", "303"));     /* the member's own deny comes last */
	assert_true(can(p, "5", "301"));      /* ...but not for an administrator */
	feed(p, "CHANNEL_DELETE", "{\"id\":\"" CH "\",\"guild_id\":\"" GUILD "\"}");
	assert_false(can(p, "7", NULL));
	discord_perms_free(p);
}

static void test_role_events(void **state)
{
	(void)state;
	struct discord_perms *p = discord_perms_new();
	setup_guild(p);
	feed(p, "GUILD_ROLE_CREATE", "{\"guild_id\":\"" GUILD "\",\"role\":{\"id\":\"310\","
	     "\"permissions\":\"" MANAGE "\"}}");
	assert_true(can(p, "1", "310"));
	feed(p, "GUILD_ROLE_UPDATE", "{\"guild_id\":\"" GUILD "\",\"role\":{\"id\":\"310\","
	     "\"permissions\":\"0\"}}");
	assert_false(can(p, "1", "310"));
	feed(p, "GUILD_ROLE_DELETE", "{\"guild_id\":\"" GUILD "\",\"role_id\":\"300\"}");
	assert_false(can(p, "1", "300"));
	feed(p, "GUILD_UPDATE", "{\"id\":\"" GUILD "\",\"owner_id\":\"8\",\"roles\":["
	     "{\"id\":\"" GUILD "\",\"permissions\":\"0\"}]}");
	assert_false(can(p, "7", NULL));     /* ownership moved */
	assert_true(can(p, "8", NULL));
	feed(p, "GUILD_DELETE", "{\"id\":\"" GUILD "\"}");
	assert_false(can(p, "8", NULL));
	/* Malformed events change nothing and do not crash. */
	feed(p, "GUILD_CREATE", "{\"id\":\"x\"}");
	feed(p, "CHANNEL_UPDATE", "{\"id\":\"" CH "\"}");
	feed(p, "GUILD_ROLE_CREATE", "{\"guild_id\":\"999\",\"role\":{}}");
	feed(p, "MESSAGE_CREATE", "{}");
	discord_perms_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles_owner_admin),
		cmocka_unit_test(test_overwrites),
		cmocka_unit_test(test_role_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
