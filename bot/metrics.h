/* The bot's counters, gauges and one latency histogram, exported in
 * Prometheus' text format by the [metrics] endpoint (bot/metrics_http.h).
 * One `struct metrics` hangs off the app and is lent to every adapter
 * (struct adapter_env); there are no globals. Every function takes a NULL
 * `m` and then does nothing, so code under test needs none.
 *
 * Labels are low-cardinality names the program chooses (a platform, a
 * command from the command table, a shard number), never user input; each
 * metric keeps at most METRICS_MAX_LABELS of them and counts the rest
 * under "other". Nothing here ever holds a token or message text. */
#ifndef BB_METRICS_H
#define BB_METRICS_H

#include <stdint.h>

#include "common/strbuf.h"

/* X(id, kind, name, label, help): the one table of metrics. */
#define METRICS_TABLE(X)                                                                  \
	X(EVENTS_RECEIVED, COUNTER, "briefbot_events_received_total", "platform",         \
	  "Messages received from a chat platform and handed to the router.")             \
	X(COMMANDS, COUNTER, "briefbot_commands_total", "command",                        \
	  "Commands run, by command name.")                                               \
	X(ANSWERS, COUNTER, "briefbot_answers_total", "result",                           \
	  "Questions answered from the article (found) or refused (refused).")            \
	X(REPLIES_SENT, COUNTER, "briefbot_replies_sent_total", "platform",               \
	  "Messages the bot posted successfully.")                                        \
	X(REST_429, COUNTER, "briefbot_rest_429_total", "platform",                       \
	  "HTTP 429 (rate limited) answers from a platform's API.")                       \
	X(RATELIMIT_WAITS, COUNTER, "briefbot_ratelimit_waits_total", "platform",         \
	  "Requests held back to respect a rate limit.")                                  \
	X(RECONNECTS, COUNTER, "briefbot_reconnects_total", "platform",                   \
	  "Connections lost and scheduled to be made again.")                             \
	X(DIGEST_POSTS, COUNTER, "briefbot_digest_posts_total", "platform",               \
	  "Scheduled digests posted.")                                                    \
	X(HEARTBEAT_LATENCY, GAUGE, "briefbot_gateway_heartbeat_latency_seconds", "shard", \
	  "Time from the last gateway heartbeat to its acknowledgement.")

enum metric_id {
#define METRICS_ENUM(id, kind, name, label, help) METRIC_##id,
	METRICS_TABLE(METRICS_ENUM)
#undef METRICS_ENUM
	METRIC_COUNT
};

#define METRICS_MAX_LABELS 64

/* Upper bounds of the command latency histogram's buckets, in seconds. */
#define METRICS_LATENCY_BUCKETS 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0

struct metrics;

/* Returns empty metrics, or NULL when out of memory. */
struct metrics *metrics_new(void);
void metrics_free(struct metrics *m); /* NULL-safe */

/* Adds 1 to the counter `id` for `label` (NULL: ""). */
void metrics_inc(struct metrics *m, enum metric_id id, const char *label);
/* Sets the gauge `id` for `label` to `value`. */
void metrics_set(struct metrics *m, enum metric_id id, const char *label, double value);
/* Records one command's handling time. */
void metrics_observe_latency(struct metrics *m, double seconds);

/* Reads a counter or gauge back (0 if never set). For tests. */
double metrics_get(const struct metrics *m, enum metric_id id, const char *label);

/* Appends every metric in Prometheus' text exposition format (version
 * 0.0.4): # HELP and # TYPE lines, then one sample per label. */
void metrics_write(const struct metrics *m, struct strbuf *out);

/* Appends one gauge with its # HELP and # TYPE lines, for values the
 * owner computes when scraped (connected, loaded). `label_name` NULL: no
 * label. */
void metrics_write_gauge(struct strbuf *out, const char *name, const char *help,
			 const char *label_name, const char *label, double value);

#endif
