/* Exponential backoff with full jitter and a cap, for reconnects and retries.
 *
 * Pure: no clock, no global random state. The caller passes a uniformly
 * random 32-bit value into every backoff_next_ms() call, so tests are
 * deterministic and the bot can use whatever random source it likes
 * (backoff_rand_u32() is a small seeded generator for that).
 *
 * Attempt n (counting from 0) waits a uniformly random time in
 * [0, min(cap_ms, base_ms * 2^n)] ("full jitter", as in the AWS
 * architecture blog's "Exponential Backoff And Jitter"). Full jitter spreads
 * a crowd of clients that failed together, so they do not all come back at
 * the same instant. backoff_reset() after a success starts again at n = 0.
 *
 * Typical use:
 *     struct backoff b;
 *     backoff_init(&b, 1000, 60000);
 *     on failure: uv_timer_start(&t, retry, backoff_next_ms(&b, rnd()), 0);
 *     on success: backoff_reset(&b);
 */
#ifndef BB_BACKOFF_H
#define BB_BACKOFF_H

#include <stdint.h>

struct backoff {
	uint32_t base_ms;  /* ceiling of the first delay; >= 1 */
	uint32_t cap_ms;   /* no delay is ever longer than this; >= base_ms */
	uint32_t attempt;  /* failures since the last reset */
};

/* Sets up `b` with the given first ceiling and cap (base 0 is taken as 1,
 * a cap below base is raised to base) and zero attempts. */
void backoff_init(struct backoff *b, uint32_t base_ms, uint32_t cap_ms);

/* Returns the delay in milliseconds before the next attempt, a value in
 * [0, backoff_ceiling_ms(b)] picked by `rand_u32` (uniform over all 32-bit
 * values), and counts one more attempt. */
uint32_t backoff_next_ms(struct backoff *b, uint32_t rand_u32);

/* Returns the largest delay the next backoff_next_ms() call can return:
 * min(cap_ms, base_ms * 2^attempt), without overflow. */
uint32_t backoff_ceiling_ms(const struct backoff *b);

/* Forgets past failures (call after a success): the next delay is drawn
 * from [0, base_ms] again. */
void backoff_reset(struct backoff *b);

/* A small seeded random generator (splitmix64) for callers without one:
 * advances `*seed` and returns 32 random bits. Not for cryptography. */
uint32_t backoff_rand_u32(uint64_t *seed);

#endif
