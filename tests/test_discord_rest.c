/* Tests of bot/discord/discord_rest against the real fake Discord
 * (tests/doubles/fake_discord.py, started here with /usr/bin/python3 on a
 * port the OS picks). The client runs on its own uv loop; the test talks to
 * the double's control API with blocking libcurl calls between loop runs
 * and asserts what the double saw.
 *
 * `test_discord_rest --burst N LIMIT WINDOW_S` runs only the burst: N
 * messages into one channel under a bucket of LIMIT per WINDOW_S, prints
 * the figures and fails if it took more than one window (plus slack) over
 * the minimum the bucket allows (meson's benchmark "discord_rest_burst").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

#include "bot/discord/discord_rest.h"
#include "common/error.h"
#include "common/strbuf.h"

#define CH1 "800000000000000011"
#define CH2 "800000000000000012"
#define TOKEN "test-token"
#define UA_URL "https://example.org/briefbot"
#define UA_VERSION "0.1.0"
#define MAX_RECS 256

extern char **environ;

/* ---- the double ----------------------------------------------------------- */

static pid_t double_pid;
static int double_port;

static int double_start(void)
{
	const char *dir = getenv("BB_TESTS_DIR"); /* set by tests/meson.build */
	char script[600];
	snprintf(script, sizeof script, "%s/doubles/fake_discord.py", dir ? dir : "tests");
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1 /* O_WRONLY */, 0);
	char *args[] = { "/usr/bin/python3", script, "--port", "0", "--token", TOKEN, NULL };
	int rc = posix_spawn(&double_pid, args[0], &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		fprintf(stderr, "cannot start %s\n", script);
		return -1;
	}
	char line[128];
	size_t n = 0;
	while (n < sizeof line - 1) {
		ssize_t got = read(fds[0], line + n, 1);
		if (got <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	close(fds[0]);
	cJSON *j = cJSON_Parse(line);
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(j, "port");
	double_port = cJSON_IsNumber(p) ? p->valueint : 0;
	cJSON_Delete(j);
	if (double_port <= 0) {
		fprintf(stderr, "%s printed no port (is python3-aiohttp installed?)\n", script);
		return -1;
	}
	return 0;
}

static void double_stop(void)
{
	if (double_pid > 0) {
		kill(double_pid, SIGTERM);
		waitpid(double_pid, NULL, 0);
		double_pid = 0;
	}
}

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
	strbuf_append(user, data, size * n);
	return size * n;
}

/* A blocking call of the control API; returns the parsed answer (free it). */
static cJSON *ctl(const char *method, const char *path, const char *body)
{
	char url[256];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/_control/%s", double_port, path);
	struct strbuf out = {0};
	CURL *c = curl_easy_init();
	assert_non_null(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (status != 200)
		fprintf(stderr, "control %s %s: %ld %s\n", method, path, status, strbuf_str(&out));
	assert_int_equal(status, 200);
	cJSON *j = cJSON_Parse(strbuf_str(&out));
	strbuf_free(&out);
	assert_non_null(j);
	return j;
}

static void ctl_do(const char *method, const char *path, const char *body)
{
	cJSON_Delete(ctl(method, path, body));
}

static const cJSON *get(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);
	assert_true(cJSON_IsNumber(v));
	return v->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

/* The bot's posted messages in `channel`, in order (an array in `all`). */
static const cJSON *posted(cJSON *all, const char *channel)
{
	const cJSON *v = get(get(all, "channels"), channel);
	return v ? v : get(all, "no such key");
}

/* The double's log of REST requests whose path contains `needle`. */
static int rest_log(cJSON *log, const char *needle, const cJSON **out, int max)
{
	int n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, get(log, "entries")) {
		if (strstr(str(e, "path"), needle) && n < max)
			out[n++] = e;
	}
	return n;
}

/* Waits (up to 3 s) until the double has answered every REST request it
 * received, so a request delayed by a fault cannot land in the next test. */
static void double_settle(void)
{
	for (int tries = 0; tries < 60; tries++) {
		cJSON *log = ctl("GET", "log?kind=rest", NULL);
		bool busy = false;
		const cJSON *e;
		cJSON_ArrayForEach(e, get(log, "entries"))
			busy |= cJSON_IsNull(get(e, "status"));
		cJSON_Delete(log);
		if (!busy)
			return;
		usleep(50 * 1000);
	}
}

static int state_int(const char *key)
{
	cJSON *s = ctl("GET", "state", NULL);
	int v = (int)num(s, key);
	if (strcmp(key, "violations") == 0 && v > 0) {
		char *dump = cJSON_Print(get(s, "violation_list"));
		fprintf(stderr, "violations at the double: %s\n", dump);
		free(dump);
		const char *path = getenv("BB_DUMP_LOG");
		FILE *fp = path ? fopen(path, "w") : NULL;
		if (fp) {
			cJSON *log = ctl("GET", "log?kind=rest", NULL);
			char *text = cJSON_PrintUnformatted(log);
			fputs(text, fp);
			fclose(fp);
			free(text);
			cJSON_Delete(log);
		}
	}
	cJSON_Delete(s);
	return v;
}

/* ---- fixture -------------------------------------------------------------- */

struct rec {
	struct fx *f;
	bool called;
	int err;
	long status;
	int code;
	unsigned attempts;
	uint64_t at;
	int seq;                      /* order of completion */
	char id[32];
};

struct fx {
	uv_loop_t loop;
	struct discord_rest *rest;
	struct logger log;
	struct strbuf logged;
	struct rec recs[MAX_RECS];
	int done;
	bool free_in_callback;
};

static void sink(void *user, enum log_level level, const char *line)
{
	struct fx *f = user;
	strbuf_puts(&f->logged, line);
	strbuf_putc(&f->logged, '\n');
}

static void fx_client(struct fx *f, struct discord_rest_options *o)
{
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d/api/v10", double_port);
	o->api_base = base;
	o->token = TOKEN;
	o->user_agent_url = UA_URL;
	o->user_agent_version = UA_VERSION;
	o->log = &f->log;
	if (!o->retry_base_ms)
		o->retry_base_ms = 20;
	if (!o->retry_cap_ms)
		o->retry_cap_ms = 100;
	f->rest = discord_rest_new(&f->loop, o);
	assert_non_null(f->rest);
}

/* Replaces the fixture's client by one made with `o` (the double's
 * address and the test defaults filled in). */
static void fx_reclient(struct fx *f, struct discord_rest_options o)
{
	discord_rest_free(f->rest);
	fx_client(f, &o);
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	assert_int_equal(uv_loop_init(&f->loop), 0);
	f->log = (struct logger){ .min_level = LOG_DEBUG, .sink = sink, .user = f };
	ctl_do("POST", "reset", "{}");
	struct discord_rest_options o = {0};
	fx_client(f, &o);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	discord_rest_free(f->rest);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&f->loop), 0);
	double_settle();
	/* the token is never logged */
	assert_null(strstr(strbuf_str(&f->logged), TOKEN));
	strbuf_free(&f->logged);
	free(f);
	return 0;
}

static void on_done(void *user, const struct discord_rest_result *res)
{
	struct rec *rc = user;
	struct fx *f = rc->f;
	assert_false(rc->called);
	rc->called = true;
	rc->err = res->err;
	rc->status = res->status;
	rc->code = res->discord_code;
	rc->attempts = res->attempts;
	rc->at = uv_now(&f->loop);
	rc->seq = f->done++;
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(res->json, "id");
	if (cJSON_IsString(id))
		snprintf(rc->id, sizeof rc->id, "%s", id->valuestring);
	if (f->free_in_callback) {
		discord_rest_free(f->rest);
		f->rest = NULL;
	}
}

static struct rec *rec(struct fx *f, int i)
{
	f->recs[i].f = f;
	return &f->recs[i];
}

static void send_msg(struct fx *f, int i, const char *channel, const char *content,
		     const char *reply_to, const char *nonce)
{
	assert_int_equal(discord_rest_create_message(f->rest, channel, content, reply_to, nonce,
						     on_done, rec(f, i)),
			 0);
}

/* Runs the loop until `n` callbacks came (or nothing is left to run). */
static void run_until_done(struct fx *f, int n)
{
	while (f->done < n)
		if (uv_run(&f->loop, UV_RUN_ONCE) == 0 && f->done < n)
			fail_msg("the loop ran dry with %d of %d callbacks", f->done, n);
}

static uint64_t stat_of(struct fx *f, size_t offset)
{
	struct discord_rest_stats st;
	discord_rest_get_stats(f->rest, &st);
	return *(uint64_t *)((char *)&st + offset);
}

#define STAT(f, field) stat_of((f), offsetof(struct discord_rest_stats, field))

/* ---- tests ---------------------------------------------------------------- */

/* (1) A reply carries allowed_mentions parse [], message_reference, nonce,
 * enforce_nonce, Bot auth, JSON content type and the DiscordBot
 * User-Agent; content survives JSON escaping. */
static void test_send_fields(void **state)
{
	struct fx *f = *state;
	cJSON *m = ctl("POST", "message",
		       "{\"channel_id\":\"" CH1 "\",\"guild_id\":\"800000000000000001\","
		       "\"author\":{\"id\":\"700000000000000002\",\"username\":\"alice\",\"bot\":false},"
		       "\"content\":\"who backs the YPG?\"}");
	char target[32];
	snprintf(target, sizeof target, "%s", str(m, "id"));
	cJSON_Delete(m);
	const char *content = "**Answer** \"quoted\" \\ back\nline 2 \xc3\xbcnic\xc3\xb6" "de <@123> @everyone";
	send_msg(f, 0, CH1, content, target, "n-fields-1");
	send_msg(f, 1, CH1, "plain", NULL, NULL);
	run_until_done(f, 2);
	assert_int_equal(f->recs[0].err, 0);
	assert_int_equal(f->recs[0].status, 200);
	assert_int_equal(f->recs[0].attempts, 1);
	assert_true(f->recs[0].id[0] != '\0');

	cJSON *all = ctl("GET", "messages", NULL);
	const cJSON *msgs = posted(all, CH1);
	assert_int_equal(cJSON_GetArraySize(msgs), 2);
	const cJSON *a = cJSON_GetArrayItem(msgs, 0);
	assert_string_equal(str(a, "content"), content);
	assert_string_equal(str(a, "nonce"), "n-fields-1");
	assert_true(cJSON_IsTrue(get(a, "enforce_nonce")));
	const cJSON *am = get(a, "allowed_mentions");
	assert_true(cJSON_IsObject(am));
	assert_int_equal(cJSON_GetArraySize(am), 1);
	assert_true(cJSON_IsArray(get(am, "parse")));
	assert_int_equal(cJSON_GetArraySize(get(am, "parse")), 0);
	const cJSON *ref = get(a, "message_reference");
	assert_string_equal(str(ref, "message_id"), target);
	assert_true(cJSON_IsFalse(get(ref, "fail_if_not_exists")));
	const cJSON *b = cJSON_GetArrayItem(msgs, 1);
	assert_true(cJSON_IsNull(get(b, "message_reference")));
	assert_true(strlen(str(b, "nonce")) > 0 && strlen(str(b, "nonce")) <= 25);
	assert_true(cJSON_IsTrue(get(b, "enforce_nonce")));
	cJSON_Delete(all);

	cJSON *log = ctl("GET", "log?kind=rest", NULL);
	const cJSON *e[4];
	assert_int_equal(rest_log(log, "/messages", e, 4), 2);
	const cJSON *h = get(e[0], "headers");
	assert_string_equal(str(h, "Authorization"), "Bot " TOKEN);
	assert_string_equal(str(h, "Content-Type"), "application/json");
	assert_string_equal(str(h, "User-Agent"), "DiscordBot (" UA_URL ", " UA_VERSION ")");
	cJSON_Delete(log);

	cJSON *st = ctl("GET", "state", NULL);
	assert_true(cJSON_IsTrue(get(st, "user_agent_all_strict")));
	assert_int_equal((int)num(st, "unauthorized"), 0);
	assert_int_equal((int)num(st, "violations"), 0);
	cJSON_Delete(st);
}

/* Every request carries the headers, GETs too, and none has a body type. */
static void test_plain_request(void **state)
{
	struct fx *f = *state;
	assert_int_equal(discord_rest_request(f->rest, "GET", "/users/@me", NULL, NULL, on_done,
					      rec(f, 0)),
			 0);
	run_until_done(f, 1);
	assert_int_equal(f->recs[0].err, 0);
	assert_string_equal(f->recs[0].id, "900000000000000001");
	cJSON *log = ctl("GET", "log?kind=rest", NULL);
	const cJSON *e[2];
	assert_int_equal(rest_log(log, "/users/@me", e, 2), 1);
	const cJSON *h = get(e[0], "headers");
	assert_string_equal(str(h, "Authorization"), "Bot " TOKEN);
	assert_null(get(h, "Content-Type"));
	assert_string_equal(str(h, "User-Agent"), "DiscordBot (" UA_URL ", " UA_VERSION ")");
	cJSON_Delete(log);
}

/* Bad arguments are refused at once, with no callback. */
static void test_bad_arguments(void **state)
{
	struct fx *f = *state;
	struct rec *r = rec(f, 0);
	assert_int_equal(discord_rest_create_message(f->rest, "12a", "x", NULL, NULL, on_done, r),
			 BB_EINVAL);
	assert_int_equal(discord_rest_create_message(f->rest, CH1, "x", "../1", NULL, on_done, r),
			 BB_EINVAL);
	assert_int_equal(discord_rest_create_message(f->rest, CH1, "x", NULL,
						     "12345678901234567890123456", on_done, r),
			 BB_EINVAL);
	assert_int_equal(discord_rest_create_message(f->rest, CH1, NULL, NULL, NULL, on_done, r),
			 BB_EINVAL);
	assert_int_equal(discord_rest_request(f->rest, "BREW", "/x", NULL, NULL, on_done, r),
			 BB_EINVAL);
	assert_int_equal(discord_rest_request(f->rest, "GET", "users", NULL, NULL, on_done, r),
			 BB_EINVAL);
	assert_int_equal(discord_rest_request(f->rest, "GET", "/a b", NULL, NULL, on_done, r),
			 BB_EINVAL);
	assert_int_equal(discord_rest_request(f->rest, "GET", "/x", NULL, NULL, NULL, r),
			 BB_EINVAL);
	uv_run(&f->loop, UV_RUN_NOWAIT);
	assert_false(r->called);
	struct discord_rest_options o = { .token = "a\nb" };
	assert_null(discord_rest_new(&f->loop, &o));
	o.token = TOKEN;
	o.api_base = "ftp://x";
	assert_null(discord_rest_new(&f->loop, &o));
	assert_null(discord_rest_new(&f->loop, NULL));
}

/* (2) A burst into one channel under a small bucket: no 429 at all, no
 * violation, every message in order, never faster than the bucket allows.
 * Returns the elapsed milliseconds. */
static uint64_t burst(struct fx *f, int n, int limit, double window_s)
{
	char body[128], content[32];
	snprintf(body, sizeof body, "{\"route\":\"create_message\",\"limit\":%d,\"window\":%g}",
		 limit, window_s);
	ctl_do("POST", "buckets", body);
	uv_update_time(&f->loop);
	uint64_t start = uv_now(&f->loop);
	for (int i = 0; i < n; i++) {
		snprintf(content, sizeof content, "m%03d", i);
		send_msg(f, i, CH1, content, NULL, NULL);
	}
	run_until_done(f, n);
	uint64_t elapsed = uv_now(&f->loop) - start;
	for (int i = 0; i < n; i++) {
		assert_int_equal(f->recs[i].err, 0);
		assert_int_equal(f->recs[i].seq, i);
	}
	cJSON *all = ctl("GET", "messages", NULL);
	const cJSON *msgs = posted(all, CH1);
	assert_int_equal(cJSON_GetArraySize(msgs), n);
	for (int i = 0; i < n; i++) {
		snprintf(content, sizeof content, "m%03d", i);
		assert_string_equal(str(cJSON_GetArrayItem(msgs, i), "content"), content);
	}
	cJSON_Delete(all);
	int windows = (n + limit - 1) / limit;
	uint64_t window_ms = (uint64_t)llround(window_s * 1000);
	uint64_t min_ms = (uint64_t)(windows - 1) * window_ms;
	printf("burst: %d messages, bucket %d per %.3f s: %" PRIu64 " ms (minimum %" PRIu64
	       " ms: %" PRIu64 " windows, %" PRIu64 " ms each), 429s %" PRIu64
	       ", violations %d, requests %" PRIu64 "\n",
	       n, limit, window_s, elapsed, min_ms, (uint64_t)windows, window_ms,
	       STAT(f, rate_limited), state_int("violations"), STAT(f, sent));
	assert_int_equal(STAT(f, rate_limited), 0);
	assert_int_equal(state_int("violations"), 0);
	assert_int_equal(STAT(f, sent), (uint64_t)n);
	/* the bucket's own minimum (1 ms per window for the rounding of
	 * Reset-After to milliseconds) */
	assert_true(elapsed + (uint64_t)windows >= min_ms);
	return elapsed;
}

static void test_burst_one_channel(void **state)
{
	burst(*state, 200, 5, 0.125);
}

/* (3) A global 429 pauses every route: a request on another route, made
 * during the pause, is sent only after it. */
static void test_global_429_pauses_every_route(void **state)
{
	struct fx *f = *state;
	ctl_do("POST", "faults",
	       "{\"method\":\"POST\",\"path\":\"/messages$\",\"count\":1,\"action\":\"429\","
	       "\"scope\":\"global\",\"retry_after\":0.5}");
	send_msg(f, 0, CH1, "first", NULL, "n-global");
	while (STAT(f, rate_limited) == 0)
		assert_int_not_equal(uv_run(&f->loop, UV_RUN_ONCE), 0);
	uint64_t limited_at = uv_now(&f->loop);
	assert_int_equal(discord_rest_request(f->rest, "GET", "/users/@me", NULL, NULL, on_done,
					      rec(f, 1)),
			 0);
	run_until_done(f, 2);
	assert_int_equal(f->recs[0].err, 0);
	assert_int_equal(f->recs[1].err, 0);
	assert_int_equal(STAT(f, global_limited), 1);
	/* a uv timer never fires early: the other route waited out the pause */
	assert_true(f->recs[1].at >= limited_at + 500 - 1);
	/* and at the double: nothing arrived during the pause */
	assert_int_equal(state_int("violations"), 0);
	cJSON *log = ctl("GET", "log?kind=rest", NULL);
	const cJSON *posts[4], *me[2];
	assert_int_equal(rest_log(log, "/messages", posts, 4), 2);
	assert_int_equal(rest_log(log, "/users/@me", me, 2), 1);
	assert_int_equal((int)num(posts[0], "status"), 429);
	double paused_from = num(posts[0], "mono");
	printf("global 429: other route sent %.3f s after the 429 (retry_after 0.5)\n",
	       num(me[0], "mono") - paused_from);
	assert_true(num(me[0], "mono") >= paused_from + 0.5 - 0.015);
	cJSON_Delete(log);
	cJSON *all = ctl("GET", "messages", NULL);
	assert_int_equal(cJSON_GetArraySize(posted(all, CH1)), 1);
	cJSON_Delete(all);
}

/* (4) A route 429 with retry_after 0.2 (and Retry-After: 1): waited 200 ms
 * (the body's value), retried once, posted once. */
static void test_route_429_retried_once(void **state)
{
	struct fx *f = *state;
	ctl_do("POST", "faults",
	       "{\"method\":\"POST\",\"path\":\"/messages$\",\"count\":1,\"action\":\"429\","
	       "\"scope\":\"user\",\"retry_after\":0.2}");
	send_msg(f, 0, CH1, "hello", NULL, "n-429");
	run_until_done(f, 1);
	assert_int_equal(f->recs[0].err, 0);
	assert_int_equal(f->recs[0].attempts, 2);
	assert_int_equal(STAT(f, rate_limited), 1);
	assert_int_equal(STAT(f, global_limited), 0);
	assert_non_null(strstr(strbuf_str(&f->logged), "429 (user), waiting 200 ms"));
	assert_int_equal(state_int("violations"), 0);
	cJSON *log = ctl("GET", "log?kind=rest", NULL);
	const cJSON *posts[4];
	assert_int_equal(rest_log(log, "/messages", posts, 4), 2);
	assert_int_equal((int)num(posts[0], "status"), 429);
	assert_int_equal((int)num(posts[1], "status"), 200);
	printf("route 429: retried after %.3f s (retry_after 0.2, Retry-After 1)\n",
	       num(posts[1], "mono") - num(posts[0], "mono"));
	cJSON_Delete(log);
	cJSON *all = ctl("GET", "messages", NULL);
	assert_int_equal(cJSON_GetArraySize(posted(all, CH1)), 1);
	cJSON_Delete(all);
}

/* Counts the posted messages of `channel` carrying `nonce`. */
static int posted_with_nonce(const char *channel, const char *nonce)
{
	cJSON *all = ctl("GET", "messages", NULL);
	int n = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, posted(all, channel)) {
		if (cJSON_IsString(get(m, "nonce")) && strcmp(str(m, "nonce"), nonce) == 0)
			n++;
	}
	cJSON_Delete(all);
	return n;
}

/* Two answers lost to `action` (a 5xx or a dropped connection), then
 * success: three attempts with the same nonce, posted exactly once. */
static void check_two_faults_then_posted(struct fx *f, const char *action)
{
	char rule[160], nonce[16];
	snprintf(rule, sizeof rule,
		 "{\"method\":\"POST\",\"path\":\"/messages$\",\"count\":2,\"action\":\"%s\"}",
		 action);
	snprintf(nonce, sizeof nonce, "n-%s", action);
	ctl_do("POST", "faults", rule);
	send_msg(f, 0, CH1, "after two faults", NULL, nonce);
	run_until_done(f, 1);
	assert_int_equal(f->recs[0].err, 0);
	assert_int_equal(f->recs[0].attempts, 3);
	assert_int_equal(STAT(f, retried), 2);
	assert_int_equal(posted_with_nonce(CH1, nonce), 1);
	cJSON *log = ctl("GET", "log?kind=rest", NULL);
	const cJSON *posts[4];
	assert_int_equal(rest_log(log, "/messages", posts, 4), 3);
	for (int i = 0; i < 3; i++)
		assert_string_equal(str(get(posts[i], "body"), "nonce"), nonce);
	cJSON_Delete(log);
}

/* (5) 500 twice then success. */
static void test_5xx_retried_same_nonce(void **state)
{
	check_two_faults_then_posted(*state, "500");
}

/* A request that times out is retried with the same nonce and posted
 * once; sending the nonce again gets the original message back (what
 * makes a retry after a lost answer safe) and posts nothing. */
static void test_timeout_retry_enforce_nonce(void **state)
{
	struct fx *f = *state;
	fx_reclient(f, (struct discord_rest_options){ .timeout_ms = 300 });
	ctl_do("POST", "faults",
	       "{\"method\":\"POST\",\"path\":\"/messages$\",\"count\":1,\"action\":\"delay\","
	       "\"delay\":0.8}");
	send_msg(f, 0, CH1, "slow", NULL, "n-slow");
	run_until_done(f, 1);
	assert_int_equal(f->recs[0].err, 0);
	assert_int_equal(f->recs[0].attempts, 2);
	assert_int_equal(STAT(f, retried), 1);
	/* the first attempt lands late, after the retry posted: the double
	 * answers it with the original message */
	double_settle();
	assert_int_equal(state_int("duplicate_nonce_hits"), 1);
	assert_int_equal(posted_with_nonce(CH1, "n-slow"), 1);
	send_msg(f, 1, CH1, "slow again", NULL, "n-slow");
	run_until_done(f, 2);
	assert_int_equal(f->recs[1].err, 0);
	assert_string_equal(f->recs[1].id, f->recs[0].id);
	assert_int_equal(posted_with_nonce(CH1, "n-slow"), 1);
	assert_int_equal(state_int("duplicate_nonce_hits"), 2);
	assert_int_equal(state_int("duplicate_nonces_posted"), 0);
}

/* (6) Messages to one channel keep their order across a 5xx and a 429;
 * another channel proceeds on its own. */
static void test_order_kept_across_retry(void **state)
{
	struct fx *f = *state;
	ctl_do("POST", "faults",
	       "{\"rules\":[{\"method\":\"POST\",\"path\":\"/" CH1 "/messages$\",\"count\":1,"
	       "\"action\":\"500\"},{\"method\":\"POST\",\"path\":\"/" CH2 "/messages$\","
	       "\"count\":1,\"action\":\"429\",\"retry_after\":0.1}]}");
	char content[16];
	for (int i = 0; i < 10; i++) {
		snprintf(content, sizeof content, "c%d-%d", i % 2 + 1, i / 2);
		send_msg(f, i, i % 2 ? CH2 : CH1, content, NULL, NULL);
	}
	run_until_done(f, 10);
	for (int i = 0; i < 10; i++)
		assert_int_equal(f->recs[i].err, 0);
	for (int i = 2; i < 10; i++) /* per channel, callbacks in order too */
		assert_true(f->recs[i].seq > f->recs[i - 2].seq);
	cJSON *all = ctl("GET", "messages", NULL);
	for (int c = 1; c <= 2; c++) {
		const cJSON *msgs = posted(all, c == 1 ? CH1 : CH2);
		assert_int_equal(cJSON_GetArraySize(msgs), 5);
		for (int k = 0; k < 5; k++) {
			snprintf(content, sizeof content, "c%d-%d", c, k);
			assert_string_equal(str(cJSON_GetArrayItem(msgs, k), "content"), content);
		}
	}
	cJSON_Delete(all);
	assert_int_equal(STAT(f, retried), 1);
	assert_int_equal(STAT(f, rate_limited), 1);
	assert_int_equal(state_int("violations"), 0);
}

/* (7) Connections dropped without an answer are retried, then succeed. */
static void test_network_error_retried(void **state)
{
	check_two_faults_then_posted(*state, "drop");
}

/* A server that is not there: retried up to max_attempts, then BB_ENET;
 * the next message of the channel still goes (to the same dead end). */
static void test_network_error_gives_up(void **state)
{
	struct fx *f = *state;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, len), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd); /* nobody listens there now */
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d/api/v10", ntohs(sa.sin_port));
	discord_rest_free(f->rest);
	struct discord_rest_options o = { .api_base = base, .token = TOKEN, .max_attempts = 3,
					  .retry_base_ms = 10, .retry_cap_ms = 20, .log = &f->log };
	f->rest = discord_rest_new(&f->loop, &o);
	assert_non_null(f->rest);
	send_msg(f, 0, CH1, "nowhere", NULL, NULL);
	send_msg(f, 1, CH1, "nowhere either", NULL, NULL);
	run_until_done(f, 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(f->recs[i].err, BB_ENET);
		assert_int_equal(f->recs[i].status, 0);
		assert_int_equal(f->recs[i].attempts, 3);
	}
	assert_int_equal(STAT(f, retried), 4);
}

/* A 4xx other than 429 is not retried and reaches the callback with
 * Discord's error code; the channel's next message still goes. */
static void test_4xx_not_retried(void **state)
{
	struct fx *f = *state;
	send_msg(f, 0, "800000000000000099", "to nowhere", NULL, NULL);
	send_msg(f, 1, "800000000000000099", "again", NULL, NULL);
	send_msg(f, 2, CH1, "", NULL, NULL);
	run_until_done(f, 3);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(f->recs[i].err, BB_ENOTFOUND);
		assert_int_equal(f->recs[i].status, 404);
		assert_int_equal(f->recs[i].code, 10003);
		assert_int_equal(f->recs[i].attempts, 1);
	}
	assert_int_equal(f->recs[2].err, BB_EINVAL);
	assert_int_equal(f->recs[2].code, 50006);
	assert_int_equal(f->recs[2].attempts, 1);
	assert_int_equal(STAT(f, sent), 3);
	assert_int_equal(STAT(f, retried), 0);
}

/* discord_rest_post_message: the same outcome as create_message, but a
 * successful answer is not parsed (no json), while an error still carries
 * Discord's code. */
static void test_post_message_outcome_only(void **state)
{
	struct fx *f = *state;
	assert_int_equal(discord_rest_post_message(f->rest, CH1, "posted", NULL, "n-post-1",
						   on_done, rec(f, 0)),
			 0);
	assert_int_equal(discord_rest_post_message(f->rest, "800000000000000099", "lost", NULL,
						   NULL, on_done, rec(f, 1)),
			 0);
	assert_int_equal(discord_rest_post_message(f->rest, "12a", "x", NULL, NULL, on_done,
						   rec(f, 2)),
			 BB_EINVAL);
	run_until_done(f, 2);
	assert_int_equal(f->recs[0].err, 0);
	assert_int_equal(f->recs[0].status, 200);
	assert_string_equal(f->recs[0].id, ""); /* res->json was NULL */
	assert_int_equal(f->recs[1].err, BB_ENOTFOUND);
	assert_int_equal(f->recs[1].code, 10003);
	cJSON *all = ctl("GET", "messages", NULL);
	const cJSON *msgs = posted(all, CH1);
	assert_int_equal(cJSON_GetArraySize(msgs), 1);
	assert_string_equal(str(cJSON_GetArrayItem(msgs, 0), "nonce"), "n-post-1");
	cJSON_Delete(all);
}

/* A 429 that keeps coming is given up after max_rate_limited. */
static void test_429_gives_up(void **state)
{
	struct fx *f = *state;
	fx_reclient(f, (struct discord_rest_options){ .max_rate_limited = 2 });
	ctl_do("POST", "faults",
	       "{\"method\":\"GET\",\"path\":\"/users/@me$\",\"count\":-1,\"action\":\"429\","
	       "\"retry_after\":0.01}");
	assert_int_equal(discord_rest_request(f->rest, "GET", "/users/@me", NULL, NULL, on_done,
					      rec(f, 0)),
			 0);
	run_until_done(f, 1);
	assert_int_equal(f->recs[0].err, BB_ELIMIT);
	assert_int_equal(f->recs[0].status, 429);
	assert_int_equal(f->recs[0].attempts, 3);
	assert_int_equal(state_int("violations"), 0);
}

/* Never more than max_global_per_s requests in a second, over any mix of
 * routes (the double's global bucket is set to the same figure). */
static void test_global_cap(void **state)
{
	struct fx *f = *state;
	fx_reclient(f, (struct discord_rest_options){ .max_global_per_s = 5 });
	ctl_do("POST", "buckets", "{\"global\":{\"limit\":5,\"window\":1}}");
	for (int i = 0; i < 12; i++) {
		const char *path = i % 3 == 0 ? "/users/@me" : i % 3 == 1 ? "/gateway/bot"
									    : "/channels/" CH1;
		assert_int_equal(discord_rest_request(f->rest, "GET", path, NULL, NULL, on_done,
						      rec(f, i)),
				 0);
	}
	run_until_done(f, 12);
	for (int i = 0; i < 12; i++)
		assert_int_equal(f->recs[i].err, 0);
	assert_int_equal(STAT(f, rate_limited), 0);
	assert_int_equal(state_int("violations"), 0);
}

/* (8) Freeing the client with requests in flight and queued: no callback
 * afterwards, nothing leaks (ASan / valgrind). */
static void test_free_in_flight(void **state)
{
	struct fx *f = *state;
	ctl_do("POST", "faults",
	       "{\"method\":\"*\",\"path\":\".*\",\"count\":-1,\"action\":\"delay\",\"delay\":1}");
	send_msg(f, 0, CH1, "a", NULL, NULL);
	send_msg(f, 1, CH1, "b", NULL, NULL); /* queued behind a */
	send_msg(f, 2, CH2, "c", NULL, NULL);
	assert_int_equal(discord_rest_request(f->rest, "GET", "/users/@me", NULL, NULL, on_done,
					      rec(f, 3)),
			 0);
	assert_int_equal(discord_rest_request(f->rest, "GET", "/users/@me", NULL, NULL, on_done,
					      rec(f, 4)),
			 0); /* waits for the first answer of the route */
	for (int i = 0; i < 5; i++)
		uv_run(&f->loop, UV_RUN_NOWAIT);
	assert_int_equal(STAT(f, in_flight), 3);
	assert_int_equal(STAT(f, waiting), 2);
	discord_rest_free(f->rest);
	f->rest = NULL;
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(f->done, 0);
}

/* Freeing the client from inside a callback: no further callback. */
static void test_free_in_callback(void **state)
{
	struct fx *f = *state;
	f->free_in_callback = true;
	send_msg(f, 0, CH1, "one", NULL, NULL);
	send_msg(f, 1, CH1, "two", NULL, NULL);
	send_msg(f, 2, CH2, "three", NULL, NULL);
	run_until_done(f, 1);
	assert_null(f->rest);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(f->done, 1);
}

/* ---- main ----------------------------------------------------------------- */

static int group_setup(void **state)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return double_start();
}

static int group_teardown(void **state)
{
	double_stop();
	curl_global_cleanup();
	return 0;
}

/* --burst N LIMIT WINDOW_S: the long run, with the upper bound. */
static int burst_main(int argc, char **argv)
{
	char *end;
	long n = strtol(argv[2], &end, 10);
	long limit = strtol(argv[3], &end, 10);
	double window_s = strtod(argv[4], &end);
	if (n <= 0 || n > MAX_RECS || limit <= 0 || !(window_s > 0)) {
		fprintf(stderr, "usage: %s --burst N(1-%d) LIMIT WINDOW_S\n", argv[0], MAX_RECS);
		return 2;
	}
	if (group_setup(NULL) != 0)
		return 1;
	void *state = NULL;
	fx_setup(&state);
	uint64_t elapsed = burst(state, (int)n, (int)limit, window_s);
	fx_teardown(&state);
	group_teardown(NULL);
	uint64_t window_ms = (uint64_t)llround(window_s * 1000);
	uint64_t min_ms = (uint64_t)((n + limit - 1) / limit - 1) * window_ms;
	uint64_t slack_ms = 500;
	bool ok = elapsed <= min_ms + window_ms + slack_ms;
	printf("burst: %s: %" PRIu64 " ms <= minimum %" PRIu64 " + one window %" PRIu64
	       " + slack %" PRIu64 " ms\n",
	       ok ? "ok" : "TOO SLOW", elapsed, min_ms, window_ms, slack_ms);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "--burst") == 0)
		return burst_main(argc, argv);
	const char *filter = getenv("BB_TEST_FILTER"); /* e.g. "test_burst*" */
	if (filter)
		cmocka_set_test_filter(filter);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_send_fields, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_post_message_outcome_only, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_plain_request, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_burst_one_channel, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_global_429_pauses_every_route, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_route_429_retried_once, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_5xx_retried_same_nonce, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_timeout_retry_enforce_nonce, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_order_kept_across_retry, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_network_error_retried, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_network_error_gives_up, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_4xx_not_retried, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_429_gives_up, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_global_cap, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_free_in_flight, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_free_in_callback, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
