/* Cooldowns: token buckets keyed by strings ("u:discord:123"), kept as a
 * generic cell rate (GCRA: one "theoretical arrival time" per key), so a
 * key needs 8 bytes of state and no timer. Time is passed in; the module
 * never reads a clock. The table is bounded: when it is full, keys whose
 * buckets are full again are dropped, and if that frees nothing the whole
 * table is forgotten (fail open) rather than growing without limit. */
#ifndef BB_COOLDOWN_H
#define BB_COOLDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cooldown;

/* A bucket of `burst` tokens refilled at one token per `refill_ms`.
 * refill_ms <= 0 or burst <= 0 means unlimited. */
struct cooldown_rate {
	int burst;
	int64_t refill_ms;
};

/* Returns a table that remembers at most `max_keys` keys (at least 16),
 * or NULL on allocation failure. Free with cooldown_free(). */
struct cooldown *cooldown_new(size_t max_keys);
void cooldown_free(struct cooldown *c);

/* Returns 0 if `key` has a token at `now_ms` (nothing is taken), else the
 * milliseconds until it will have one. */
int64_t cooldown_wait_ms(struct cooldown *c, const char *key,
			 const struct cooldown_rate *rate, int64_t now_ms);

/* Takes one token from `key` (call after cooldown_wait_ms returned 0) and
 * clears its refusal flag. Returns 0, or BB_ENOMEM (the take is then
 * forgotten: the limiter fails open). */
int cooldown_take(struct cooldown *c, const char *key,
		  const struct cooldown_rate *rate, int64_t now_ms);

/* Records that a request on `key` was refused. Returns true the first time
 * since the key last took a token, so the caller sends exactly one
 * "slow down" notice per burst of refusals. */
bool cooldown_refuse(struct cooldown *c, const char *key, int64_t now_ms);

/* Number of keys currently remembered (for tests and status). */
size_t cooldown_size(const struct cooldown *c);

#endif
