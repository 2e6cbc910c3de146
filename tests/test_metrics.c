#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bot/metrics.h"

static void test_counters_by_label(void **state)
{
	struct metrics *m = metrics_new();
	assert_non_null(m);
	metrics_inc(m, METRIC_COMMANDS, "ping");
	metrics_inc(m, METRIC_COMMANDS, "ping");
	metrics_inc(m, METRIC_COMMANDS, "ask");
	metrics_inc(m, METRIC_EVENTS_RECEIVED, NULL);
	assert_true(metrics_get(m, METRIC_COMMANDS, "ping") == 2);
	assert_true(metrics_get(m, METRIC_COMMANDS, "ask") == 1);
	assert_true(metrics_get(m, METRIC_COMMANDS, "help") == 0);
	assert_true(metrics_get(m, METRIC_EVENTS_RECEIVED, "") == 1);
	metrics_set(m, METRIC_HEARTBEAT_LATENCY, "0", 0.25);
	metrics_set(m, METRIC_HEARTBEAT_LATENCY, "0", 0.125);
	assert_true(metrics_get(m, METRIC_HEARTBEAT_LATENCY, "0") == 0.125);
	metrics_free(m);
}

static void test_null_is_a_no_op(void **state)
{
	metrics_inc(NULL, METRIC_COMMANDS, "x");
	metrics_set(NULL, METRIC_HEARTBEAT_LATENCY, "0", 1);
	metrics_observe_latency(NULL, 1);
	assert_true(metrics_get(NULL, METRIC_COMMANDS, "x") == 0);
	struct strbuf sb = {0};
	metrics_write(NULL, &sb);
	assert_int_equal(sb.len, 0);
	metrics_free(NULL);
}

/* More labels than a metric keeps: the rest add up under "other", so a
 * caller's mistake cannot grow memory without bound. */
static void test_labels_are_bounded(void **state)
{
	struct metrics *m = metrics_new();
	char label[16];
	for (int i = 0; i < 3 * METRICS_MAX_LABELS; i++) {
		snprintf(label, sizeof label, "c%d", i);
		metrics_inc(m, METRIC_COMMANDS, label);
	}
	assert_true(metrics_get(m, METRIC_COMMANDS, "c0") == 1);
	assert_true(metrics_get(m, METRIC_COMMANDS, "other") ==
		    3 * METRICS_MAX_LABELS - (METRICS_MAX_LABELS - 1));
	metrics_free(m);
}

static void test_prometheus_text(void **state)
{
	struct metrics *m = metrics_new();
	metrics_inc(m, METRIC_REPLIES_SENT, "discord");
	metrics_inc(m, METRIC_COMMANDS, "we\"ird\\\nname");
	metrics_observe_latency(m, 0.0004);
	metrics_observe_latency(m, 0.003);
	metrics_observe_latency(m, 7);
	struct strbuf sb = {0};
	metrics_write(m, &sb);
	metrics_write_gauge(&sb, "briefbot_up", "Up.", NULL, NULL, 1);
	metrics_write_gauge(&sb, "briefbot_platform_connected", "Up.", "platform", "matrix", 0);
	const char *t = strbuf_str(&sb);
	assert_non_null(strstr(t, "# TYPE briefbot_replies_sent_total counter\n"));
	assert_non_null(strstr(t, "\nbriefbot_replies_sent_total{platform=\"discord\"} 1\n"));
	assert_non_null(strstr(t, "briefbot_commands_total{command=\"we\\\"ird\\\\\\nname\"} 1\n"));
	/* Every metric of the table is declared even before it counts. */
	assert_non_null(strstr(t, "# TYPE briefbot_digest_posts_total counter\n"));
	assert_non_null(strstr(t, "# TYPE briefbot_gateway_heartbeat_latency_seconds gauge\n"));
	/* Buckets are cumulative; +Inf equals the count. */
	assert_non_null(strstr(t, "briefbot_command_duration_seconds_bucket{le=\"0.0005\"} 1\n"));
	assert_non_null(strstr(t, "briefbot_command_duration_seconds_bucket{le=\"0.005\"} 2\n"));
	assert_non_null(strstr(t, "briefbot_command_duration_seconds_bucket{le=\"1\"} 2\n"));
	assert_non_null(strstr(t, "briefbot_command_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
	assert_non_null(strstr(t, "briefbot_command_duration_seconds_count 3\n"));
	assert_non_null(strstr(t, "\nbriefbot_up 1\n"));
	assert_non_null(strstr(t, "\nbriefbot_platform_connected{platform=\"matrix\"} 0\n"));
	strbuf_free(&sb);
	metrics_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counters_by_label),
		cmocka_unit_test(test_null_is_a_no_op),
		cmocka_unit_test(test_labels_are_bounded),
		cmocka_unit_test(test_prometheus_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
