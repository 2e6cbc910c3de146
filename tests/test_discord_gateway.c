#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "bot/discord/discord_gateway.h"
#include "bot/discord/discord_message.h"
#include "common/error.h"

/* A recording peer: everything the machine asks for. */
struct rec {
	char sent[512][1024];
	int64_t sent_at[512];
	int n_sent;
	char events[64][128];
	int n_events;
	int want_identify;
	int closes;
	int close_code;
	int sessions;
	char session_id[64];
	int64_t now;
};

static void r_send(void *user, const char *text, size_t len)
{
	struct rec *r = user;
	assert_true(r->n_sent < 512);
	snprintf(r->sent[r->n_sent], sizeof r->sent[0], "%.*s", (int)len, text);
	r->sent_at[r->n_sent++] = r->now;
}

static void r_dispatch(void *user, const char *event, const cJSON *d)
{
	struct rec *r = user;
	if (r->n_events < 64)
		snprintf(r->events[r->n_events++], sizeof r->events[0], "%s", event);
}

static void r_want_identify(void *user)
{
	((struct rec *)user)->want_identify++;
}

static void r_close(void *user, int code, const char *reason)
{
	struct rec *r = user;
	r->closes++;
	r->close_code = code;
}

static void r_session(void *user, const char *sid, const char *url, int64_t seq)
{
	struct rec *r = user;
	r->sessions++;
	snprintf(r->session_id, sizeof r->session_id, "%s", sid ? sid : "");
}

static const struct dgw_ops rec_ops = {
	.send = r_send, .dispatch = r_dispatch, .want_identify = r_want_identify,
	.close = r_close, .session = r_session,
};

struct fx {
	struct rec r;
	struct dgw *g;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct dgw_options o = { .token = "tok\"en", .shard_id = 1, .shard_count = 2, .seed = 42 };
	f->g = dgw_new(&o, &rec_ops, &f->r);
	assert_non_null(f->g);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	dgw_free(f->g);
	free(f);
	return 0;
}

static void feed(struct fx *f, int64_t now, const char *json)
{
	f->r.now = now;
	assert_int_equal(dgw_on_payload(f->g, json, strlen(json), now), 0);
}

static void tick(struct fx *f, int64_t now)
{
	f->r.now = now;
	dgw_tick(f->g, now);
}

static cJSON *sent_json(struct fx *f, int i)
{
	cJSON *j = cJSON_Parse(f->r.sent[i]);
	assert_non_null(j);
	return j;
}

static int sent_op(struct fx *f, int i)
{
	cJSON *j = sent_json(f, i);
	int op = cJSON_GetObjectItem(j, "op")->valueint;
	cJSON_Delete(j);
	return op;
}

#define HELLO(ms) "{\"op\":10,\"d\":{\"heartbeat_interval\":" #ms "},\"s\":null,\"t\":null}"
#define READY "{\"op\":0,\"s\":1,\"t\":\"READY\",\"d\":{\"session_id\":\"sess1\"," \
	"\"resume_gateway_url\":\"ws://resume.example/gw\",\"user\":{\"id\":\"9\"}}}"

/* Connect, HELLO, IDENTIFY, READY. */
static void connect_ready(struct fx *f, int64_t now)
{
	dgw_on_open(f->g, now);
	feed(f, now, HELLO(1000));
	assert_int_equal(f->r.want_identify, 1);
	assert_int_equal(dgw_state(f->g), DGW_WAIT_IDENTIFY);
	assert_int_equal(dgw_identify(f->g, now), 0);
	feed(f, now, READY);
	assert_int_equal(dgw_state(f->g), DGW_READY);
}

static void test_identify_payload(void **state)
{
	struct fx *f = *state;
	connect_ready(f, 0);
	assert_int_equal(f->r.n_sent, 1);
	cJSON *j = sent_json(f, 0);
	assert_int_equal(cJSON_GetObjectItem(j, "op")->valueint, 2);
	cJSON *d = cJSON_GetObjectItem(j, "d");
	assert_string_equal(cJSON_GetObjectItem(d, "token")->valuestring, "tok\"en");
	/* GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT */
	assert_int_equal(cJSON_GetObjectItem(d, "intents")->valueint, 1 + 512 + 4096 + 32768);
	cJSON *shard = cJSON_GetObjectItem(d, "shard");
	assert_int_equal(cJSON_GetArrayItem(shard, 0)->valueint, 1);
	assert_int_equal(cJSON_GetArrayItem(shard, 1)->valueint, 2);
	cJSON_Delete(j);
	assert_string_equal(dgw_session_id(f->g), "sess1");
	assert_string_equal(dgw_resume_url(f->g), "ws://resume.example/gw");
	assert_string_equal(f->r.session_id, "sess1");
	assert_int_equal(dgw_seq(f->g), 1);
	assert_string_equal(f->r.events[0], "READY");
	/* a second identify is refused */
	assert_int_equal(dgw_identify(f->g, 0), BB_EINVAL);
}

static void test_heartbeat_jitter_ack_zombie(void **state)
{
	struct fx *f = *state;
	connect_ready(f, 0);
	int64_t first = dgw_next_deadline(f->g);
	assert_true(first >= 0 && first < 1000);
	tick(f, first);
	assert_int_equal(f->r.n_sent, 2);
	assert_string_equal(f->r.sent[1], "{\"op\":1,\"d\":1}");
	assert_int_equal(dgw_next_deadline(f->g), first + 1000);
	feed(f, first + 10, "{\"op\":11}");
	tick(f, first + 1000);
	assert_int_equal(f->r.n_sent, 3);
	assert_int_equal(f->r.closes, 0);
	/* no ACK for that beat and nothing else either: the next due beat
	 * gives a grace of one interval (the process may not have read yet),
	 * then finds a zombie */
	tick(f, first + 2000);
	assert_int_equal(f->r.n_sent, 3);
	assert_int_equal(f->r.closes, 0);
	assert_int_equal(dgw_next_deadline(f->g), first + 3000);
	tick(f, first + 3000);
	assert_int_equal(f->r.n_sent, 3);
	assert_int_equal(f->r.closes, 1);
	assert_int_equal(f->r.close_code, DGW_CLOSE_FOR_RESUME);
	struct dgw_stats st;
	dgw_stats(f->g, &st);
	assert_int_equal(st.zombies, 1);
	struct dgw_plan p;
	dgw_on_close(f->g, DGW_CLOSE_FOR_RESUME, first + 3001, &p);
	assert_int_equal(p.what, DGW_RESUME);
	assert_true(p.delay_ms <= 500);
	/* the next connection resumes with the last seq */
	dgw_on_open(f->g, 5000);
	feed(f, 5000, HELLO(1000));
	assert_int_equal(f->r.want_identify, 1);
	cJSON *j = sent_json(f, 3);
	assert_int_equal(cJSON_GetObjectItem(j, "op")->valueint, 6);
	cJSON *d = cJSON_GetObjectItem(j, "d");
	assert_string_equal(cJSON_GetObjectItem(d, "session_id")->valuestring, "sess1");
	assert_int_equal(cJSON_GetObjectItem(d, "seq")->valueint, 1);
	cJSON_Delete(j);
}

/* A flood in front of the ACK (or a paused process that has not read it
 * yet) is not a zombie: data arriving shows the connection is alive. */
static void test_late_ack_behind_data_is_not_a_zombie(void **state)
{
	struct fx *f = *state;
	connect_ready(f, 0);
	int64_t t = dgw_next_deadline(f->g);
	tick(f, t); /* beat 1 */
	assert_int_equal(f->r.n_sent, 2);
	/* dispatches arrive, the ACK does not (yet): the next beat goes out */
	feed(f, t + 500, "{\"op\":0,\"s\":2,\"t\":\"MESSAGE_CREATE\",\"d\":{}}");
	tick(f, t + 1000);
	assert_int_equal(f->r.n_sent, 3);
	assert_int_equal(sent_op(f, 2), 1);
	assert_int_equal(f->r.closes, 0);
	/* the process is paused for 10 intervals: the timer fires first on
	 * waking, before anything is read; it waits instead of closing */
	tick(f, t + 12000);
	assert_int_equal(f->r.closes, 0);
	assert_int_equal(f->r.n_sent, 3);
	int64_t grace = dgw_next_deadline(f->g);
	assert_int_equal(grace, t + 13000);
	/* the loop reads the backlog: dispatches, then the old ACKs */
	feed(f, t + 12001, "{\"op\":0,\"s\":3,\"t\":\"MESSAGE_CREATE\",\"d\":{}}");
	tick(f, grace);
	assert_int_equal(f->r.closes, 0);
	assert_int_equal(f->r.n_sent, 4); /* beating again */
	feed(f, grace + 1, "{\"op\":11}");
	tick(f, grace + 1000);
	assert_int_equal(f->r.n_sent, 5);
	assert_int_equal(f->r.closes, 0);
	struct dgw_stats st;
	dgw_stats(f->g, &st);
	assert_int_equal(st.zombies, 0);
	assert_true(st.late_acks >= 1);
}

/* A connection that never says HELLO is closed, not kept forever. */
static void test_no_hello_closes(void **state)
{
	struct fx *f = *state;
	dgw_on_open(f->g, 100);
	int64_t by = dgw_next_deadline(f->g);
	assert_true(by > 100);
	tick(f, by - 1);
	assert_int_equal(f->r.closes, 0);
	tick(f, by);
	assert_int_equal(f->r.closes, 1);
	assert_int_equal(dgw_state(f->g), DGW_CLOSING);
	struct dgw_plan p;
	dgw_on_close(f->g, 1006, by + 1, &p);
	assert_int_equal(p.what, DGW_NEW_SESSION); /* nothing to resume yet */
	assert_int_equal(dgw_state(f->g), DGW_DISCONNECTED);
}

static void test_op1_answered_at_once(void **state)
{
	struct fx *f = *state;
	connect_ready(f, 0);
	feed(f, 5, "{\"op\":0,\"s\":7,\"t\":\"MESSAGE_CREATE\",\"d\":{}}");
	feed(f, 6, "{\"op\":1,\"d\":null}");
	assert_int_equal(f->r.n_sent, 2);
	assert_string_equal(f->r.sent[1], "{\"op\":1,\"d\":7}");
	assert_int_equal(f->r.sent_at[1], 6);
}

static void test_op7_resumes(void **state)
{
	struct fx *f = *state;
	connect_ready(f, 0);
	feed(f, 10, "{\"op\":7,\"d\":null}");
	assert_int_equal(f->r.closes, 1);
	assert_int_equal(f->r.close_code, 4000);
	assert_int_equal(dgw_state(f->g), DGW_CLOSING);
	/* whatever code the close reports, our reason decides */
	struct dgw_plan p;
	dgw_on_close(f->g, 1006, 20, &p);
	assert_int_equal(p.what, DGW_RESUME);
	assert_true(dgw_will_resume(f->g));
}

static void test_op9_resumable_and_not(void **state)
{
	struct fx *f = *state;
	struct dgw_plan p;
	connect_ready(f, 0);
	feed(f, 10, "{\"op\":9,\"d\":true}");
	dgw_on_close(f->g, 4000, 11, &p);
	assert_int_equal(p.what, DGW_RESUME);
	assert_string_equal(dgw_session_id(f->g), "sess1");

	dgw_on_open(f->g, 100);
	feed(f, 100, HELLO(1000));
	feed(f, 101, "{\"op\":9,\"d\":false}");
	assert_int_equal(f->r.close_code, DGW_CLOSE_FOR_NEW);
	dgw_on_close(f->g, 1000, 102, &p);
	assert_int_equal(p.what, DGW_NEW_SESSION);
	assert_true(p.delay_ms >= 1000 && p.delay_ms <= 5000);
	assert_null(dgw_session_id(f->g));
	assert_string_equal(f->r.session_id, ""); /* forgotten in the store too */
	dgw_on_open(f->g, 6000);
	feed(f, 6000, HELLO(1000));
	assert_int_equal(f->r.want_identify, 2);
}

static void test_close_table(void **state)
{
	struct fx *f = *state;
	const struct dgw_close_rule *r4004 = dgw_close_rule(4004);
	assert_int_equal(r4004->what, DGW_STOP);
	assert_non_null(strstr(r4004->fix, "token"));
	const struct dgw_close_rule *r4014 = dgw_close_rule(4014);
	assert_int_equal(r4014->what, DGW_STOP);
	assert_non_null(strstr(r4014->fix, "MESSAGE CONTENT INTENT"));
	assert_int_equal(dgw_close_rule(4013)->what, DGW_STOP);
	assert_int_equal(dgw_close_rule(4010)->what, DGW_STOP);
	assert_int_equal(dgw_close_rule(4011)->what, DGW_STOP);
	assert_int_equal(dgw_close_rule(4009)->what, DGW_NEW_SESSION);
	assert_int_equal(dgw_close_rule(4007)->what, DGW_NEW_SESSION);
	assert_int_equal(dgw_close_rule(4000)->what, DGW_RESUME);
	assert_int_equal(dgw_close_rule(4008)->what, DGW_RESUME);
	assert_int_equal(dgw_close_rule(1006)->what, DGW_RESUME);
	assert_int_equal(dgw_close_rule(1001)->what, DGW_RESUME);

	struct dgw_plan p;
	connect_ready(f, 0);
	dgw_on_close(f->g, 4009, 10, &p);
	assert_int_equal(p.what, DGW_NEW_SESSION);
	assert_null(dgw_session_id(f->g));
	dgw_on_open(f->g, 20);
	feed(f, 20, HELLO(1000));
	dgw_identify(f->g, 20);
	feed(f, 20, READY);
	dgw_on_close(f->g, 4004, 30, &p);
	assert_int_equal(p.what, DGW_STOP);
	assert_non_null(strstr(p.message, "token"));
	/* a dropped connection resumes */
	dgw_on_close(f->g, 1006, 40, &p);
	assert_int_equal(p.what, DGW_RESUME);
}

static void test_resume_needs_a_session(void **state)
{
	struct fx *f = *state;
	struct dgw_plan p;
	/* dropped before any READY: nothing to resume */
	dgw_on_open(f->g, 0);
	dgw_on_close(f->g, 1006, 1, &p);
	assert_int_equal(p.what, DGW_NEW_SESSION);
	connect_ready(f, 10);
	dgw_on_close(f->g, 1006, 20, &p);
	assert_int_equal(p.what, DGW_RESUME);
}

static void test_backoff_grows_and_resets(void **state)
{
	struct fx *f = *state;
	struct dgw_plan p;
	uint32_t max = 0;
	connect_ready(f, 0);
	for (int i = 0; i < 12; i++) {
		dgw_on_close(f->g, 1006, i, &p);
		assert_true(p.delay_ms <= 60000);
		if (p.delay_ms > max)
			max = p.delay_ms;
	}
	assert_true(max > 4000); /* grew well past the 500 ms base */
	dgw_on_open(f->g, 100);
	feed(f, 100, HELLO(1000));
	feed(f, 100, "{\"op\":0,\"s\":2,\"t\":\"RESUMED\",\"d\":null}");
	dgw_on_close(f->g, 1006, 200, &p);
	assert_true(p.delay_ms <= 500);
}

static void test_send_budget(void **state)
{
	struct fx *f = *state;
	connect_ready(f, 0);
	/* a server spamming op 1: no more than 120 frames in any 60 s */
	for (int i = 0; i < 300; i++)
		feed(f, 1 + i, "{\"op\":1}");
	for (int64_t t = 400; t < 130000; t += 250)
		if (dgw_next_deadline(f->g) >= 0 && dgw_next_deadline(f->g) <= t) {
			feed(f, t, "{\"op\":11}");
			tick(f, t);
		}
	assert_true(f->r.n_sent >= 120);
	for (int i = 0; i < f->r.n_sent; i++) {
		int in_window = 0;
		for (int j = i; j < f->r.n_sent && f->r.sent_at[j] < f->r.sent_at[i] + 60000; j++)
			in_window++;
		assert_true(in_window <= 120);
	}
	/* the heartbeat reserve: IDENTIFY-like frames stop at 115 */
	assert_int_equal(sent_op(f, 1), 1);
}

static void test_bad_payloads(void **state)
{
	struct fx *f = *state;
	dgw_on_open(f->g, 0);
	assert_int_equal(dgw_on_payload(f->g, "{", 1, 0), BB_EPARSE);
	assert_int_equal(dgw_on_payload(f->g, "[1]", 3, 0), BB_EPARSE);
	assert_int_equal(dgw_on_payload(f->g, "{\"op\":\"x\"}", 10, 0), BB_EPARSE);
	feed(f, 0, "{\"op\":10,\"d\":{\"heartbeat_interval\":-5}}");
	assert_int_equal(dgw_state(f->g), DGW_WAIT_HELLO);
	feed(f, 0, "{\"op\":0,\"s\":3,\"t\":null,\"d\":null}");
	assert_int_equal(f->r.n_events, 0);
	feed(f, 0, "{\"op\":42}");
}

/* The same payloads through a machine without dispatch_scan and one with
 * it: the same sequence numbers and the same events, each with the same d. */
static void d_dispatch(void *user, const char *event, const cJSON *d)
{
	struct rec *r = user;
	char *text = d ? cJSON_PrintUnformatted(d) : NULL;
	if (r->n_events < 64)
		snprintf(r->events[r->n_events++], sizeof r->events[0], "%s %s", event,
			 text ? text : "-");
	free(text);
}

static bool d_scan(void *user, const char *event, struct jscan d, const struct jscan *fields)
{
	if (strcmp(event, "MESSAGE_CREATE") != 0)
		return false; /* declined: d_dispatch gets it parsed */
	/* the fields noted in the gateway's pass: the message a walk of d reads */
	char scratch[2][512];
	struct discord_message a, b;
	assert_int_equal(discord_message_from_fields(d, fields, scratch[0], sizeof scratch[0], &a), 0);
	assert_int_equal(discord_message_scan(d, scratch[1], sizeof scratch[1], &b), 0);
	assert_true(discord_message_equal(&a, &b));
	cJSON *tree = d.p ? cJSON_ParseWithLength(d.p, d.len) : NULL;
	d_dispatch(user, event, tree);
	cJSON_Delete(tree);
	return true;
}

static void test_dispatch_scan_same_outcome(void **state)
{
	static const char *const payloads[] = {
		READY,
		"{\"op\":0,\"s\":2,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"5\",\"content\":\"\\u00e9\"}}",
		"{\"t\":\"GUILD_CREATE\",\"d\":{\"id\":\"1\"},\"op\":0,\"s\":3}",
		"{\"op\":0,\"s\":4.0,\"t\":\"MESSAGE_CREATE\",\"d\":{}}",
		"{\"op\":0,\"s\":1e1,\"t\":\"MESSAGE_CREATE\",\"d\":[]}",
		"{\"op\":0,\"s\":null,\"t\":\"MESSAGE_CREATE\"}",
		"{\"op\":0,\"s\":12,\"t\":null,\"d\":{}}",
		"{\"op\":0,\"s\":\"13\",\"t\":7}",
		"{\"op\":0,\"s\":11,\"t\":\"MESSAGE_CREATE\",\"d\":{\"id\":\"6\"}}",
		"{\"op\":0,\"s\":14,\"s\":20,\"t\":\"MESSAGE_\\u0043REATE\",\"d\":1}",
		"{\"op\":0.0,\"s\":15,\"t\":\"MESSAGE_CREATE\",\"d\":{}}",
		"{\"op\":0,\"s\":16,\"t\":\"RESUMED\",\"d\":{}}",
		"{\"op\":0,\"s\":17,\"t\":\"MESSAGE_CREATE\",\"d\":{\"\\u0069d\":\"7\"}}",
		"{\"op\":0,\"s\":18,\"t\":\"MESSAGE_CREATE\",\"d\":{}} trailing",
		"{\"op\":0,\"s\":-3,\"t\":\"X\"}",
	};
	static const struct dgw_ops plain_ops = {
		.send = r_send, .dispatch = d_dispatch, .want_identify = r_want_identify,
		.close = r_close,
	};
	static const struct dgw_ops scan_ops = {
		.send = r_send, .dispatch = d_dispatch, .dispatch_scan = d_scan,
		.scan_fields = discord_message_fields, .n_scan_fields = DISCORD_MESSAGE_N_FIELDS,
		.want_identify = r_want_identify, .close = r_close,
	};
	struct rec *r[2] = { calloc(1, sizeof *r[0]), calloc(1, sizeof *r[1]) };
	struct dgw_options o = { .token = "t", .shard_count = 1, .seed = 1 };
	struct dgw *g[2] = { dgw_new(&o, &plain_ops, r[0]), dgw_new(&o, &scan_ops, r[1]) };
	for (int k = 0; k < 2; k++) {
		dgw_on_open(g[k], 0);
		const char *hello = HELLO(1000);
		assert_int_equal(dgw_on_payload(g[k], hello, strlen(hello), 0), 0);
		assert_int_equal(dgw_identify(g[k], 0), 0);
	}
	for (size_t i = 0; i < sizeof payloads / sizeof payloads[0]; i++) {
		for (int k = 0; k < 2; k++)
			assert_int_equal(dgw_on_payload(g[k], payloads[i], strlen(payloads[i]), 1), 0);
		assert_int_equal(dgw_seq(g[0]), dgw_seq(g[1]));
		assert_int_equal(r[0]->n_events, r[1]->n_events);
		struct dgw_stats s0, s1;
		dgw_stats(g[0], &s0);
		dgw_stats(g[1], &s1);
		assert_int_equal(s0.dispatches, s1.dispatches);
	}
	for (int i = 0; i < r[0]->n_events; i++)
		assert_string_equal(r[0]->events[i], r[1]->events[i]);
	assert_int_equal(dgw_seq(g[1]), 18);
	assert_string_equal(r[1]->events[1], "MESSAGE_CREATE {\"id\":\"5\",\"content\":\"\xc3\xa9\"}");
	assert_string_equal(r[1]->events[2], "GUILD_CREATE {\"id\":\"1\"}");
	assert_int_equal(dgw_state(g[1]), DGW_READY);
	for (int k = 0; k < 2; k++) {
		dgw_free(g[k]);
		free(r[k]);
	}
}


/* The invariant the adapter relies on, over random walks through every
 * event the machine can see (opcodes 7, 9 both ways, zombies, closes with
 * every class of code, identify slots granted late or never, payloads
 * while closing): whenever the machine holds a connection it either has a
 * deadline (so the caller's timer stays armed), waits for the caller's
 * IDENTIFY slot it asked for, or has asked the caller to close; and every
 * close yields a plan that reconnects with a bounded delay, unless the
 * code means the user must fix something. */
static uint32_t walk_rand(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

static void test_never_stalls_random_walk(void **state)
{
	(void)state;
	static const char *const payloads[] = {
		HELLO(1000), READY, "{\"op\":11}", "{\"op\":1}", "{\"op\":7,\"d\":null}",
		"{\"op\":9,\"d\":true}", "{\"op\":9,\"d\":false}",
		"{\"op\":0,\"s\":5,\"t\":\"RESUMED\",\"d\":null}",
		"{\"op\":0,\"s\":9,\"t\":\"MESSAGE_CREATE\",\"d\":{}}", "{\"op\":42}",
	};
	static const int codes[] = { 1000, 1001, 1006, 4000, 4007, 4008, 4009, 4003 };
	uint64_t seed = 7;
	for (int run = 0; run < 200; run++) {
		struct rec *r = calloc(1, sizeof *r);
		struct dgw_options o = { .token = "t", .seed = (uint64_t)run };
		struct dgw *g = dgw_new(&o, &rec_ops, r);
		int64_t now = 0;
		bool connected = false;
		int closes_seen = 0, wants_seen = 0;
		bool identify_wanted = false;
		for (int step = 0; step < 400; step++) {
			uint32_t k = walk_rand(&seed) % 10;
			now += walk_rand(&seed) % 700;
			r->now = now;
			r->n_sent = 0; /* only counts matter here */
			if (!connected) {
				dgw_on_open(g, now);
				connected = true;
				identify_wanted = false;
			} else if (k < 5) {
				const char *pl = payloads[walk_rand(&seed) % 10];
				dgw_on_payload(g, pl, strlen(pl), now);
			} else if (k < 7) {
				int64_t dl = dgw_next_deadline(g);
				if (dl >= 0) {
					now = dl > now ? dl : now;
					r->now = now;
					dgw_tick(g, now);
				}
			} else if (k < 8 && identify_wanted) {
				dgw_identify(g, now);
				identify_wanted = false;
			} else if (k < 9 || r->closes > closes_seen) {
				/* the connection ends: asked for, or the peer's doing */
				int code = r->closes > closes_seen ? r->close_code
								    : codes[walk_rand(&seed) % 8];
				struct dgw_plan p;
				dgw_on_close(g, code, now, &p);
				closes_seen = r->closes;
				connected = false;
				assert_int_equal(dgw_state(g), DGW_DISCONNECTED);
				assert_true(p.what == DGW_RESUME || p.what == DGW_NEW_SESSION);
				assert_true(p.delay_ms <= 60000);
				continue;
			}
			if (r->want_identify > wants_seen) {
				wants_seen = r->want_identify;
				identify_wanted = true;
			}
			enum dgw_state st = dgw_state(g);
			if (st == DGW_CLOSING) {
				assert_true(r->closes > closes_seen);
			} else {
				assert_true(r->closes == closes_seen);
				assert_true(dgw_next_deadline(g) >= 0 ||
					    (st == DGW_WAIT_IDENTIFY && identify_wanted));
			}
		}
		dgw_free(g);
		free(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_identify_payload),
		T(test_heartbeat_jitter_ack_zombie),
		T(test_late_ack_behind_data_is_not_a_zombie),
		T(test_no_hello_closes),
		T(test_op1_answered_at_once),
		T(test_op7_resumes),
		T(test_op9_resumable_and_not),
		T(test_close_table),
		T(test_resume_needs_a_session),
		T(test_backoff_grows_and_resets),
		T(test_send_budget),
		T(test_bad_payloads),
#undef T
		cmocka_unit_test(test_dispatch_scan_same_outcome),
		cmocka_unit_test(test_never_stalls_random_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
