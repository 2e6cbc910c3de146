/* Discord REST rate-limit bookkeeping; see discord_ratelimit.h. */
#include "bot/discord/discord_ratelimit.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/fnv.h"

#define RL_SLOTS 256
#define RL_GLOBAL_WINDOW_MS 1000
/* Longest wait a header may ask for (a day); larger values are clamped. */
#define RL_MAX_WAIT_MS (24ULL * 3600 * 1000)

struct rl_bucket {
	char *key;                    /* "hash:major" */
	struct rl_bucket *next;       /* hash chain */
	long limit;
	long remaining;               /* our estimate, in-flight requests subtracted */
	uint64_t reset_at;            /* valid when reset_known */
	bool reset_known;
	unsigned in_flight;
	unsigned refs;                /* routes pointing here */
	uint64_t last_used;
};

struct rl_route {
	char *key;
	struct rl_route *next;
	struct rl_bucket *bucket;     /* NULL: not learned */
	bool unlimited;               /* answered without any bucket header */
	unsigned in_flight;
	uint64_t paused_until;        /* a route 429 before its bucket was known */
	uint64_t last_used;
};

struct discord_ratelimit {
	struct rl_route *routes[RL_SLOTS];
	struct rl_bucket *buckets[RL_SLOTS];
	uint64_t global_until;        /* every route waits until then */
	unsigned max_per_s;
	unsigned in_flight;           /* global tokens held by requests in flight */
	uint64_t *done_at;            /* ring: answer times of the last 1000 ms */
	unsigned done_count;
	unsigned done_head;           /* index of the oldest entry */
};

static unsigned slot_of(const char *key)
{
	return (unsigned)(fnv1a(FNV1A_SEED, key, strlen(key)) % RL_SLOTS);
}

struct discord_ratelimit *discord_ratelimit_new(unsigned max_per_s)
{
	struct discord_ratelimit *rl = calloc(1, sizeof *rl);
	if (!rl)
		return NULL;
	rl->max_per_s = max_per_s ? max_per_s : 50;
	rl->done_at = calloc(rl->max_per_s, sizeof *rl->done_at);
	if (!rl->done_at) {
		free(rl);
		return NULL;
	}
	return rl;
}

static void bucket_unref(struct rl_bucket *b)
{
	if (b && b->refs > 0)
		b->refs--;
}

void discord_ratelimit_free(struct discord_ratelimit *rl)
{
	if (!rl)
		return;
	for (unsigned i = 0; i < RL_SLOTS; i++) {
		struct rl_route *r = rl->routes[i];
		while (r) {
			struct rl_route *next = r->next;
			free(r->key);
			free(r);
			r = next;
		}
		struct rl_bucket *b = rl->buckets[i];
		while (b) {
			struct rl_bucket *next = b->next;
			free(b->key);
			free(b);
			b = next;
		}
	}
	free(rl->done_at);
	free(rl);
}

static struct rl_route *route_find(struct discord_ratelimit *rl, const char *key)
{
	for (struct rl_route *r = rl->routes[slot_of(key)]; r; r = r->next)
		if (strcmp(r->key, key) == 0)
			return r;
	return NULL;
}

static struct rl_route *route_get(struct discord_ratelimit *rl, const char *key)
{
	struct rl_route *r = route_find(rl, key);
	if (r)
		return r;
	r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->key = strdup(key);
	if (!r->key) {
		free(r);
		return NULL;
	}
	unsigned s = slot_of(key);
	r->next = rl->routes[s];
	rl->routes[s] = r;
	return r;
}

static struct rl_bucket *bucket_get(struct discord_ratelimit *rl, const char *key)
{
	unsigned s = slot_of(key);
	for (struct rl_bucket *b = rl->buckets[s]; b; b = b->next)
		if (strcmp(b->key, key) == 0)
			return b;
	struct rl_bucket *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->key = strdup(key);
	if (!b->key) {
		free(b);
		return NULL;
	}
	b->limit = 1;
	b->remaining = 1;
	b->next = rl->buckets[s];
	rl->buckets[s] = b;
	return b;
}

const char *discord_ratelimit_major(const char *route_key, char *out, unsigned out_size)
{
	static const char *const majors[] = { "/channels/", "/guilds/", "/webhooks/",
					      "/interactions/" };
	const char *best = NULL;
	if (out_size == 0)
		return out;
	out[0] = '\0';
	if (!route_key)
		return out;
	for (size_t i = 0; i < sizeof majors / sizeof majors[0]; i++) {
		const char *p = strstr(route_key, majors[i]);
		if (p && (!best || p < best))
			best = p + strlen(majors[i]);
	}
	if (best) {
		size_t n = strcspn(best, "/?");
		snprintf(out, out_size, "%.*s", (int)n, best);
	}
	return out;
}

/* Parses a whole decimal integer >= 0; returns false when `s` is not one. */
static bool parse_count(const char *s, long *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return false;
	*out = v;
	return true;
}

/* Seconds (fractional allowed) to whole milliseconds, rounded up and
 * clamped to a day; false when negative or not a number. */
static bool seconds_to_ms(double sec, uint64_t *out)
{
	if (!isfinite(sec) || sec < 0)
		return false;
	double ms = ceil(sec * 1000.0 - 1e-6);
	*out = ms > (double)RL_MAX_WAIT_MS ? RL_MAX_WAIT_MS : (ms < 0 ? 0 : (uint64_t)ms);
	return true;
}

static bool parse_seconds_ms(const char *s, uint64_t *out)
{
	if (!s || !*s)
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end)
		return false;
	return seconds_to_ms(v, out);
}

static bool is_true(const char *s)
{
	return s && strcasecmp(s, "true") == 0;
}

static uint64_t wait_until(uint64_t until, uint64_t now)
{
	return until > now ? until - now : 1;
}

int discord_ratelimit_acquire(struct discord_ratelimit *rl, const char *route_key,
			      uint64_t now_ms, uint64_t *wait_ms)
{
	*wait_ms = 0;
	struct rl_route *r = route_get(rl, route_key);
	if (!r)
		return BB_ENOMEM;
	r->last_used = now_ms;
	if (now_ms < rl->global_until) {
		*wait_ms = wait_until(rl->global_until, now_ms);
		return DISCORD_RL_WAIT;
	}
	if (now_ms < r->paused_until) {
		*wait_ms = wait_until(r->paused_until, now_ms);
		return DISCORD_RL_WAIT;
	}
	struct rl_bucket *b = r->bucket;
	if (b) {
		b->last_used = now_ms;
		if (b->reset_known && now_ms >= b->reset_at) {
			/* a new window; requests still in flight may land in it */
			b->remaining = b->limit - (long)b->in_flight;
			b->reset_known = false;
		}
		if (b->remaining <= 0) {
			if (!b->reset_known)
				return DISCORD_RL_WAIT_RESPONSE;
			*wait_ms = wait_until(b->reset_at, now_ms);
			return DISCORD_RL_WAIT;
		}
	} else if (!r->unlimited && r->in_flight > 0) {
		return DISCORD_RL_WAIT_RESPONSE;
	}
	while (rl->done_count > 0 && rl->done_at[rl->done_head] + RL_GLOBAL_WINDOW_MS <= now_ms) {
		rl->done_head = (rl->done_head + 1) % rl->max_per_s;
		rl->done_count--;
	}
	if (rl->in_flight + rl->done_count >= rl->max_per_s) {
		if (rl->done_count == 0)
			return DISCORD_RL_WAIT_RESPONSE;
		*wait_ms = rl->done_at[rl->done_head] + RL_GLOBAL_WINDOW_MS - now_ms;
		return DISCORD_RL_WAIT;
	}
	rl->in_flight++;
	if (b) {
		b->remaining--;
		b->in_flight++;
	}
	r->in_flight++;
	return DISCORD_RL_GO;
}

/* Points `r` at the bucket named by `hash` and r's major parameter. */
static struct rl_bucket *route_learn(struct discord_ratelimit *rl, struct rl_route *r,
				     const char *hash)
{
	char major[64], key[256];
	discord_ratelimit_major(r->key, major, sizeof major);
	snprintf(key, sizeof key, "%.160s:%s", hash, major);
	struct rl_bucket *b = bucket_get(rl, key);
	if (!b || b == r->bucket)
		return b;
	bucket_unref(r->bucket);
	r->bucket = b;
	b->refs++;
	return b;
}

static void learn_window(struct rl_bucket *b, const struct discord_rl_response *resp,
			 uint64_t now_ms)
{
	long limit, remaining;
	uint64_t reset_ms;
	if (parse_count(resp->limit, &limit) && limit > 0)
		b->limit = limit;
	if (parse_count(resp->remaining, &remaining) &&
	    parse_seconds_ms(resp->reset_after, &reset_ms)) {
		/* the server has not counted what we still have in flight */
		b->remaining = remaining - (long)b->in_flight;
		if (b->remaining < 0)
			b->remaining = 0;
		b->reset_at = now_ms + reset_ms;
		b->reset_known = true;
	}
}

static bool from_discord(const struct discord_rl_response *resp)
{
	return resp->bucket || resp->global || resp->scope || resp->body_retry_after >= 0;
}

bool discord_ratelimit_is_global_429(const struct discord_rl_response *resp)
{
	return resp && resp->status == 429 &&
	       (!from_discord(resp) || is_true(resp->global) || resp->body_global);
}

/* Applies a 429 and returns the wait before a retry. */
static uint64_t on_429(struct discord_ratelimit *rl, struct rl_route *r,
		       const struct discord_rl_response *resp, uint64_t now_ms)
{
	uint64_t wait = 0;
	bool have = seconds_to_ms(resp->body_retry_after, &wait) ||
		    parse_seconds_ms(resp->retry_after, &wait);
	if (!have) /* Cloudflare's ban without Retry-After, or a broken answer */
		wait = from_discord(resp) ? 1000 : DISCORD_RL_CLOUDFLARE_MS;
	if (wait < 1)
		wait = 1;
	if (discord_ratelimit_is_global_429(resp)) {
		if (now_ms + wait > rl->global_until)
			rl->global_until = now_ms + wait;
	} else if (r->bucket) {
		r->bucket->remaining = 0;
		r->bucket->reset_at = now_ms + wait;
		r->bucket->reset_known = true;
	} else {
		r->paused_until = now_ms + wait;
	}
	return wait;
}

/* The token of a finished request comes back RL_GLOBAL_WINDOW_MS later. */
static void global_token_back(struct discord_ratelimit *rl, uint64_t now_ms)
{
	if (rl->in_flight > 0)
		rl->in_flight--;
	if (rl->done_count == rl->max_per_s) { /* done without acquire: drop the oldest */
		rl->done_head = (rl->done_head + 1) % rl->max_per_s;
		rl->done_count--;
	}
	rl->done_at[(rl->done_head + rl->done_count) % rl->max_per_s] = now_ms;
	rl->done_count++;
}

uint64_t discord_ratelimit_done(struct discord_ratelimit *rl, const char *route_key,
				uint64_t now_ms, const struct discord_rl_response *resp)
{
	global_token_back(rl, now_ms);
	struct rl_route *r = route_get(rl, route_key);
	if (!r)
		return 0;
	r->last_used = now_ms;
	if (r->in_flight > 0)
		r->in_flight--;
	if (r->bucket && r->bucket->in_flight > 0)
		r->bucket->in_flight--;
	if (!resp || resp->status == 0)
		return 0;
	if (resp->bucket && *resp->bucket) {
		struct rl_bucket *b = route_learn(rl, r, resp->bucket);
		if (b) {
			b->last_used = now_ms;
			learn_window(b, resp, now_ms);
		}
		r->unlimited = false;
	} else if (resp->status >= 200 && resp->status < 300 && !r->bucket) {
		/* a route Discord does not bucket */
		r->unlimited = true;
	}
	if (resp->status == 429)
		return on_429(rl, r, resp, now_ms);
	return 0;
}

static bool route_idle(const struct rl_route *r, uint64_t now_ms, uint64_t idle_ms)
{
	return r->in_flight == 0 && now_ms >= r->paused_until && now_ms - r->last_used >= idle_ms;
}

static bool bucket_idle(const struct rl_bucket *b, uint64_t now_ms, uint64_t idle_ms)
{
	return b->refs == 0 && b->in_flight == 0 && (!b->reset_known || now_ms >= b->reset_at) &&
	       now_ms - b->last_used >= idle_ms;
}

unsigned discord_ratelimit_gc(struct discord_ratelimit *rl, uint64_t now_ms, uint64_t idle_ms)
{
	unsigned dropped = 0;
	for (unsigned i = 0; i < RL_SLOTS; i++) {
		struct rl_route **rp = &rl->routes[i];
		while (*rp) {
			struct rl_route *r = *rp;
			if (!route_idle(r, now_ms, idle_ms)) {
				rp = &r->next;
				continue;
			}
			*rp = r->next;
			bucket_unref(r->bucket);
			free(r->key);
			free(r);
			dropped++;
		}
	}
	for (unsigned i = 0; i < RL_SLOTS; i++) {
		struct rl_bucket **bp = &rl->buckets[i];
		while (*bp) {
			struct rl_bucket *b = *bp;
			if (!bucket_idle(b, now_ms, idle_ms)) {
				bp = &b->next;
				continue;
			}
			*bp = b->next;
			free(b->key);
			free(b);
			dropped++;
		}
	}
	return dropped;
}
