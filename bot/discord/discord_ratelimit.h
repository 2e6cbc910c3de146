/* Discord REST rate-limit bookkeeping, pure: no clock, no I/O. The caller
 * passes the time (`now_ms`, any monotonic millisecond clock such as
 * uv_now) into every call, and the raw response headers after every
 * request, so tests are deterministic. bot/discord/discord_rest drives it with one
 * uv timer.
 *
 * What it tracks:
 * - Routes. A route key is the method and the path with every id replaced
 *   by a placeholder except the major parameter, e.g.
 *   "POST /channels/1234/messages" or "PATCH /channels/1234/messages/{id}".
 *   A route is "unlearned" until a response names its bucket: then only one
 *   request of that route may be in flight, so a burst on a new route
 *   cannot overrun a limit nobody has told us yet.
 * - Buckets, learned from X-RateLimit-Bucket (the hash) together with the
 *   route's major parameter (the id after /channels/, /guilds/,
 *   /webhooks/ or /interactions/): routes sharing a hash and a major
 *   parameter share one bucket. X-RateLimit-Limit, -Remaining and
 *   -Reset-After keep its window; a bucket with nothing remaining waits
 *   until its reset. Requests in flight are counted against it.
 * - 429s: retry_after from the JSON body (seconds, fractional) is preferred
 *   over the Retry-After header (whole seconds). A global one
 *   (X-RateLimit-Global or "global": true) pauses every route until it
 *   expires; a route one holds its bucket (or the route itself when no
 *   bucket is known) until then. A 429 without any of Discord's headers or
 *   body fields comes from Cloudflare and pauses everything, for its
 *   Retry-After or DISCORD_RL_CLOUDFLARE_MS.
 * - A global cap: never more than `max_per_s` requests in any 1000 ms.
 *   It is a token bucket of max_per_s tokens where the token a request
 *   spends comes back 1000 ms after its answer (or its failure) arrived.
 *   Counting from the answer, not from the send, keeps the cap at the
 *   server whatever the latency was, and, unlike a refill-rate bucket, it
 *   never allows a burst of twice the cap inside one second.
 */
#ifndef BB_DISCORD_RATELIMIT_H
#define BB_DISCORD_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

/* How long a 429 without Discord's headers and without Retry-After pauses
 * every route. */
#define DISCORD_RL_CLOUDFLARE_MS 10000

struct discord_ratelimit;

/* What discord_ratelimit_acquire() decides. */
enum discord_rl_verdict {
	DISCORD_RL_GO = 0,            /* send now; the slot is reserved */
	DISCORD_RL_WAIT = 1,          /* ask again after *wait_ms */
	DISCORD_RL_WAIT_RESPONSE = 2, /* ask again after the next response arrives */
};

/* The parts of a response the bookkeeping needs. Header values are raw
 * strings as received (NULL when absent); nothing is kept after the call. */
struct discord_rl_response {
	long status;                  /* HTTP status; 0: no response (network error) */
	const char *bucket;           /* X-RateLimit-Bucket */
	const char *limit;            /* X-RateLimit-Limit */
	const char *remaining;        /* X-RateLimit-Remaining */
	const char *reset_after;      /* X-RateLimit-Reset-After (seconds) */
	const char *global;           /* X-RateLimit-Global */
	const char *scope;            /* X-RateLimit-Scope */
	const char *retry_after;      /* Retry-After (seconds) */
	double body_retry_after;      /* the 429 JSON body's retry_after; < 0: absent */
	bool body_global;             /* the 429 JSON body's "global" */
};

/* Creates the bookkeeping for at most `max_per_s` requests per second in
 * total (0: 50). Returns NULL when out of memory. Free with
 * discord_ratelimit_free(). */
struct discord_ratelimit *discord_ratelimit_new(unsigned max_per_s);

/* Frees everything. NULL-safe. */
void discord_ratelimit_free(struct discord_ratelimit *rl);

/* Asks whether a request on `route_key` may be sent at `now_ms`. Returns
 * DISCORD_RL_GO and reserves a slot (one global token, one of the bucket's
 * remaining): the caller must send it and later report its outcome with
 * exactly one discord_ratelimit_done(). Returns DISCORD_RL_WAIT with
 * *wait_ms >= 1 when the route, its bucket or everything is paused or the
 * global cap is reached, DISCORD_RL_WAIT_RESPONSE when it must wait for a
 * response (on the route, or any while every token is in flight), or
 * BB_ENOMEM. */
int discord_ratelimit_acquire(struct discord_ratelimit *rl, const char *route_key,
			      uint64_t now_ms, uint64_t *wait_ms);

/* Records the outcome, at `now_ms`, of a request acquired on `route_key`:
 * releases its slot and learns from `resp` (NULL or status 0: no response).
 * Returns, for a 429, how many milliseconds must pass before a retry
 * (>= 1); 0 otherwise. */
uint64_t discord_ratelimit_done(struct discord_ratelimit *rl, const char *route_key,
				uint64_t now_ms, const struct discord_rl_response *resp);

/* Returns whether the 429 `resp` holds every route: Discord's global
 * limit, or Cloudflare's (no Discord header or body field at all). */
bool discord_ratelimit_is_global_429(const struct discord_rl_response *resp);

/* Forgets routes and buckets unused for `idle_ms` that have nothing in
 * flight and no pause pending, so a long-running bot talking to many
 * channels does not grow without bound. Returns how many entries it
 * dropped. */
unsigned discord_ratelimit_gc(struct discord_ratelimit *rl, uint64_t now_ms, uint64_t idle_ms);

/* Returns the major parameter of `route_key` (the path segment after the
 * first /channels/, /guilds/, /webhooks/ or /interactions/) copied into
 * `out` (NUL-terminated, truncated to `out_size`), "" when it has none. */
const char *discord_ratelimit_major(const char *route_key, char *out, unsigned out_size);

#endif
