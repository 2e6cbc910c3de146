/* Tests of bot/discord/discord_ratelimit: pure bookkeeping, time passed in. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bot/discord/discord_ratelimit.h"
#include "common/error.h"

#define MSG "POST /channels/11/messages"
#define OTHER "GET /users/@me"

static struct discord_rl_response ok_with(const char *bucket, const char *limit,
					  const char *remaining, const char *reset_after)
{
	struct discord_rl_response r = {
		.status = 200, .bucket = bucket, .limit = limit, .remaining = remaining,
		.reset_after = reset_after, .body_retry_after = -1,
	};
	return r;
}

static int acquire(struct discord_ratelimit *rl, const char *route, uint64_t now, uint64_t *wait)
{
	uint64_t w = 0;
	int v = discord_ratelimit_acquire(rl, route, now, &w);
	if (wait)
		*wait = w;
	return v;
}

static void expect_wait(struct discord_ratelimit *rl, const char *route, uint64_t now,
			uint64_t want)
{
	uint64_t w;
	assert_int_equal(acquire(rl, route, now, &w), DISCORD_RL_WAIT);
	assert_int_equal(w, want);
}

/* A route with no bucket yet lets one request through at a time. */
static void test_unlearned_route_one_at_a_time(void **state)
{
	struct discord_ratelimit *rl = discord_ratelimit_new(50);
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_GO);
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_WAIT_RESPONSE);
	/* another route is independent */
	assert_int_equal(acquire(rl, OTHER, 0, NULL), DISCORD_RL_GO);
	/* a network error releases the slot, nothing learned */
	assert_int_equal(discord_ratelimit_done(rl, MSG, 5, NULL), 0);
	assert_int_equal(acquire(rl, MSG, 5, NULL), DISCORD_RL_GO);
	assert_int_equal(acquire(rl, MSG, 5, NULL), DISCORD_RL_WAIT_RESPONSE);
	/* a 2xx without any bucket header: the route is not bucketed */
	struct discord_rl_response plain = ok_with(NULL, NULL, NULL, NULL);
	assert_int_equal(discord_ratelimit_done(rl, MSG, 6, &plain), 0);
	assert_int_equal(acquire(rl, MSG, 6, NULL), DISCORD_RL_GO);
	assert_int_equal(acquire(rl, MSG, 6, NULL), DISCORD_RL_GO);
	discord_ratelimit_free(rl);
}

/* Limit / Remaining / Reset-After: an exhausted bucket waits exactly until
 * its reset, then allows `limit` again. */
static void test_bucket_window(void **state)
{
	struct discord_ratelimit *rl = discord_ratelimit_new(50);
	assert_int_equal(acquire(rl, MSG, 1000, NULL), DISCORD_RL_GO);
	struct discord_rl_response r = ok_with("abc", "3", "2", "0.250");
	discord_ratelimit_done(rl, MSG, 1000, &r);
	assert_int_equal(acquire(rl, MSG, 1000, NULL), DISCORD_RL_GO);
	assert_int_equal(acquire(rl, MSG, 1000, NULL), DISCORD_RL_GO);
	expect_wait(rl, MSG, 1000, 250);
	expect_wait(rl, MSG, 1249, 1);
	/* the two in flight may land in the new window: 3 - 2 left */
	assert_int_equal(acquire(rl, MSG, 1250, NULL), DISCORD_RL_GO);
	/* nothing remaining and the new reset unknown: wait for an answer */
	assert_int_equal(acquire(rl, MSG, 1250, NULL), DISCORD_RL_WAIT_RESPONSE);
	/* an answer says 1 remains, but two others are still in flight */
	r = ok_with("abc", "3", "1", "0.100");
	discord_ratelimit_done(rl, MSG, 1260, &r);
	expect_wait(rl, MSG, 1260, 100);
	discord_ratelimit_done(rl, MSG, 1270, NULL);
	discord_ratelimit_done(rl, MSG, 1270, NULL);
	assert_int_equal(acquire(rl, MSG, 1360, NULL), DISCORD_RL_GO);
	discord_ratelimit_free(rl);
}

/* Routes sharing a bucket hash and a major parameter share the window; a
 * different channel does not. */
static void test_shared_bucket_per_major(void **state)
{
	const char *edit1 = "PATCH /channels/1/messages/{id}";
	const char *del1 = "DELETE /channels/1/messages/{id}";
	const char *edit2 = "PATCH /channels/2/messages/{id}";
	struct discord_ratelimit *rl = discord_ratelimit_new(50);
	struct discord_rl_response r = ok_with("h", "5", "0", "2");
	assert_int_equal(acquire(rl, edit1, 0, NULL), DISCORD_RL_GO);
	discord_ratelimit_done(rl, edit1, 0, &r);
	assert_int_equal(acquire(rl, del1, 0, NULL), DISCORD_RL_GO);
	discord_ratelimit_done(rl, del1, 0, &r);
	expect_wait(rl, edit1, 0, 2000);
	expect_wait(rl, del1, 500, 1500);
	assert_int_equal(acquire(rl, edit2, 500, NULL), DISCORD_RL_GO);
	discord_ratelimit_free(rl);
}

static void test_major_parameter(void **state)
{
	char m[32];
	assert_string_equal(discord_ratelimit_major("POST /channels/123/messages", m, sizeof m), "123");
	assert_string_equal(discord_ratelimit_major("PUT /guilds/9/members/{id}", m, sizeof m), "9");
	assert_string_equal(discord_ratelimit_major("POST /webhooks/7/{token}", m, sizeof m), "7");
	assert_string_equal(discord_ratelimit_major("GET /users/@me", m, sizeof m), "");
	assert_string_equal(discord_ratelimit_major(NULL, m, sizeof m), "");
	assert_string_equal(discord_ratelimit_major("GET /channels/123456789", m, 4), "123");
}

/* A route 429 described by `r`: the route waits `want_ms`, another route
 * does not wait at all. */
static void check_route_429(const struct discord_rl_response *r, uint64_t want_ms)
{
	struct discord_ratelimit *rl = discord_ratelimit_new(50);
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_GO);
	assert_false(discord_ratelimit_is_global_429(r));
	assert_int_equal(discord_ratelimit_done(rl, MSG, 0, r), want_ms);
	expect_wait(rl, MSG, 10, want_ms - 10);
	assert_int_equal(acquire(rl, OTHER, 10, NULL), DISCORD_RL_GO);
	assert_int_equal(acquire(rl, MSG, want_ms, NULL), DISCORD_RL_GO);
	discord_ratelimit_free(rl);
}

/* A route 429 waits for the body's fractional retry_after, not the whole
 * seconds of Retry-After, and holds only its own bucket. */
static void test_route_429_prefers_body(void **state)
{
	struct discord_rl_response r = ok_with("abc", "5", "0", "0.2");
	r.status = 429;
	r.scope = "user";
	r.retry_after = "1";
	r.body_retry_after = 0.2;
	check_route_429(&r, 200);
}

/* A 429 on a route whose bucket is unknown (no bucket header) pauses the
 * route; with only Retry-After, whole seconds are used. */
static void test_route_429_without_bucket(void **state)
{
	struct discord_rl_response r = { .status = 429, .scope = "shared", .retry_after = "2",
					  .body_retry_after = -1 };
	check_route_429(&r, 2000);
}

/* A global 429 (header or body) pauses every route. */
static void test_global_429_pauses_all(void **state)
{
	struct discord_ratelimit *rl = discord_ratelimit_new(50);
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_GO);
	struct discord_rl_response r = { .status = 429, .global = "true", .scope = "global",
					  .retry_after = "1", .body_retry_after = 0.5,
					  .body_global = true };
	assert_true(discord_ratelimit_is_global_429(&r));
	assert_int_equal(discord_ratelimit_done(rl, MSG, 100, &r), 500);
	expect_wait(rl, OTHER, 100, 500);
	expect_wait(rl, "GET /gateway/bot", 599, 1);
	assert_int_equal(acquire(rl, OTHER, 600, NULL), DISCORD_RL_GO);
	/* body "global": true alone is enough */
	assert_int_equal(acquire(rl, MSG, 600, NULL), DISCORD_RL_GO);
	struct discord_rl_response b = { .status = 429, .body_retry_after = 0.05,
					  .body_global = true };
	assert_true(discord_ratelimit_is_global_429(&b));
	assert_int_equal(discord_ratelimit_done(rl, MSG, 600, &b), 50);
	expect_wait(rl, "GET /x", 610, 40);
	discord_ratelimit_free(rl);
}

/* A 429 with none of Discord's headers (Cloudflare) also waits, on every
 * route: Retry-After if given, else DISCORD_RL_CLOUDFLARE_MS. */
static void test_cloudflare_429(void **state)
{
	struct discord_ratelimit *rl = discord_ratelimit_new(50);
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_GO);
	struct discord_rl_response r = { .status = 429, .retry_after = "3", .body_retry_after = -1 };
	assert_true(discord_ratelimit_is_global_429(&r));
	assert_int_equal(discord_ratelimit_done(rl, MSG, 0, &r), 3000);
	expect_wait(rl, OTHER, 0, 3000);
	assert_int_equal(acquire(rl, MSG, 3000, NULL), DISCORD_RL_GO);
	struct discord_rl_response bare = { .status = 429, .body_retry_after = -1 };
	assert_int_equal(discord_ratelimit_done(rl, MSG, 3000, &bare), DISCORD_RL_CLOUDFLARE_MS);
	expect_wait(rl, OTHER, 3000, DISCORD_RL_CLOUDFLARE_MS);
	discord_ratelimit_free(rl);
}

/* Never more than max_per_s requests in any 1000 ms: a token comes back
 * 1000 ms after the answer to the request that spent it. */
static void test_global_cap(void **state)
{
	struct discord_ratelimit *rl = discord_ratelimit_new(3);
	struct discord_rl_response plain = ok_with(NULL, NULL, NULL, NULL);
	assert_int_equal(acquire(rl, OTHER, 0, NULL), DISCORD_RL_GO);
	discord_ratelimit_done(rl, OTHER, 5, &plain); /* unbucketed from now on */
	assert_int_equal(acquire(rl, OTHER, 10, NULL), DISCORD_RL_GO);
	assert_int_equal(acquire(rl, MSG, 20, NULL), DISCORD_RL_GO);
	expect_wait(rl, OTHER, 30, 975);
	discord_ratelimit_done(rl, OTHER, 40, &plain);
	discord_ratelimit_done(rl, MSG, 50, NULL);
	expect_wait(rl, "GET /y", 1004, 1);
	assert_int_equal(acquire(rl, OTHER, 1005, NULL), DISCORD_RL_GO);
	expect_wait(rl, OTHER, 1006, 34);
	assert_int_equal(acquire(rl, OTHER, 1040, NULL), DISCORD_RL_GO);
	assert_int_equal(acquire(rl, OTHER, 1050, NULL), DISCORD_RL_GO);
	/* every token in flight: only an answer can free one */
	assert_int_equal(acquire(rl, OTHER, 5000, NULL), DISCORD_RL_WAIT_RESPONSE);
	discord_ratelimit_done(rl, OTHER, 5001, &plain);
	expect_wait(rl, OTHER, 5001, 1000);
	discord_ratelimit_free(rl);
}

/* A request held by its bucket spends no global token. */
static void test_waiting_spends_no_token(void **state)
{
	struct discord_ratelimit *rl = discord_ratelimit_new(2);
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_GO);
	struct discord_rl_response r = ok_with("abc", "1", "0", "5");
	discord_ratelimit_done(rl, MSG, 0, &r);
	for (int i = 0; i < 10; i++)
		expect_wait(rl, MSG, 0, 5000);
	assert_int_equal(acquire(rl, OTHER, 0, NULL), DISCORD_RL_GO);
	expect_wait(rl, "GET /z", 0, 1000);
	discord_ratelimit_free(rl);
}

/* Headers that are not numbers are ignored; huge waits are clamped. */
static void test_bad_headers(void **state)
{
	struct discord_ratelimit *rl = discord_ratelimit_new(50);
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_GO);
	struct discord_rl_response r = ok_with("abc", "x", "-1", "soon");
	discord_ratelimit_done(rl, MSG, 0, &r);
	/* learned bucket with its defaults (1 per window, reset unknown) */
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_GO);
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_WAIT_RESPONSE);
	struct discord_rl_response big = ok_with("abc", "5", "0", "1e12");
	discord_ratelimit_done(rl, MSG, 0, &big);
	expect_wait(rl, MSG, 0, 24ULL * 3600 * 1000);
	struct discord_rl_response nan429 = { .status = 429, .scope = "user",
					       .retry_after = "nan", .body_retry_after = -1 };
	assert_int_equal(discord_ratelimit_done(rl, OTHER, 0, &nan429), 1000);
	discord_ratelimit_free(rl);
}

/* gc drops idle routes and buckets, never one in flight or paused. */
static void test_gc(void **state)
{
	struct discord_ratelimit *rl = discord_ratelimit_new(50);
	assert_int_equal(acquire(rl, MSG, 0, NULL), DISCORD_RL_GO);
	struct discord_rl_response r = ok_with("abc", "5", "4", "1");
	discord_ratelimit_done(rl, MSG, 0, &r);
	assert_int_equal(acquire(rl, OTHER, 0, NULL), DISCORD_RL_GO); /* stays in flight */
	assert_int_equal(discord_ratelimit_gc(rl, 500, 1000), 0);
	assert_int_equal(discord_ratelimit_gc(rl, 5000, 1000), 2); /* MSG route + its bucket */
	/* OTHER is still in flight: still one at a time */
	assert_int_equal(acquire(rl, OTHER, 5000, NULL), DISCORD_RL_WAIT_RESPONSE);
	discord_ratelimit_done(rl, OTHER, 5000, NULL);
	assert_int_equal(discord_ratelimit_gc(rl, 7000, 1000), 1);
	/* MSG forgotten: unlearned again */
	assert_int_equal(acquire(rl, MSG, 7000, NULL), DISCORD_RL_GO);
	assert_int_equal(acquire(rl, MSG, 7000, NULL), DISCORD_RL_WAIT_RESPONSE);
	discord_ratelimit_free(rl);
	discord_ratelimit_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unlearned_route_one_at_a_time),
		cmocka_unit_test(test_bucket_window),
		cmocka_unit_test(test_shared_bucket_per_major),
		cmocka_unit_test(test_major_parameter),
		cmocka_unit_test(test_route_429_prefers_body),
		cmocka_unit_test(test_route_429_without_bucket),
		cmocka_unit_test(test_global_429_pauses_all),
		cmocka_unit_test(test_cloudflare_429),
		cmocka_unit_test(test_global_cap),
		cmocka_unit_test(test_waiting_spends_no_token),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_gc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
