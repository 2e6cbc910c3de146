/* adapter_route(): what every platform adapter hands the router goes
 * through it, and it counts the event, the command, the answer and the
 * time taken in the metrics, never the text. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bot/adapter.h"
#include "bot/host.h"
#include "bot/metrics.h"
#include "commands/reply.h"
#include "commands/router.h"
#include "knowledge/kb.h"

static int say(const struct adapter_env *env, enum platform p, const char *text)
{
	const struct bot_message m = { .platform = p, .room_id = "800000000000000011",
				       .author_id = "1001", .author_name = "alice",
				       .text = text, .message_id = "1" };
	struct reply out = {0};
	int rc = adapter_route(env, &m, &out);
	reply_free(&out);
	return rc;
}

static void test_route_counts(void **state)
{
	uv_loop_t loop;
	assert_int_equal(uv_loop_init(&loop), 0);
	struct kb_holder h;
	struct strbuf err = {0};
	assert_int_equal(kb_holder_load(&h, BRIEFBOT_SOURCE_KNOWLEDGE_DIR, &err), 0);
	struct router_config rc;
	router_config_init(&rc);
	rc.user_rate = rc.room_rate = (struct cooldown_rate){ 0, 0 };
	struct router *r = router_new(&rc, &kb_holder_host, &h);
	struct metrics *m = metrics_new();
	assert_non_null(r);
	assert_non_null(m);
	const struct adapter_env env = { .loop = &loop, .router = r, .metrics = m };

	assert_int_equal(say(&env, PLATFORM_DISCORD, "!ping"), 1);
	assert_int_equal(say(&env, PLATFORM_DISCORD, "!ask who backs the YPG?"), 1);
	assert_int_equal(say(&env, PLATFORM_MATRIX, "!ask what do pangolins eat?"), 1);
	assert_int_equal(say(&env, PLATFORM_MATRIX, "just chatting"), 0);
	assert_int_equal(say(&env, PLATFORM_MATRIX, "!nosuchcommand"), 1);

	assert_true(metrics_get(m, METRIC_EVENTS_RECEIVED, "discord") == 2);
	assert_true(metrics_get(m, METRIC_EVENTS_RECEIVED, "matrix") == 3);
	assert_true(metrics_get(m, METRIC_COMMANDS, "ping") == 1);
	assert_true(metrics_get(m, METRIC_COMMANDS, "ask") == 2);
	assert_true(metrics_get(m, METRIC_ANSWERS, "found") == 1);
	assert_true(metrics_get(m, METRIC_ANSWERS, "refused") == 1);
	struct strbuf page = {0};
	metrics_write(m, &page);
	/* Three commands ran; chatter and the unknown command are no command. */
	assert_non_null(strstr(strbuf_str(&page), "briefbot_command_duration_seconds_count 3\n"));
	assert_null(strstr(strbuf_str(&page), "nosuchcommand"));
	assert_null(strstr(strbuf_str(&page), "YPG"));

	/* No metrics: routing works all the same. */
	const struct adapter_env bare = { .loop = &loop, .router = r };
	assert_int_equal(say(&bare, PLATFORM_DISCORD, "!ping"), 1);

	strbuf_free(&page);
	strbuf_free(&err);
	metrics_free(m);
	router_free(r);
	kb_free(h.kb);
	assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
