/* The digest scheduler: posts each subscription's digest once per slot,
 * on the libuv loop, through adapter_ops.post.
 *
 * One uv timer is armed for the earliest due entry of the due queue; no
 * polling. Each post follows the same steps:
 *
 *   1. the slot is recorded pending in the store, with its idempotency key
 *      (scheduler_idem_key: base 36 of the subscription id and the slot
 *      minute, short enough for a Discord nonce);
 *   2. the digest is built (commands/digest_post.h) and posted with that key;
 *   3. the slot is recorded posted with the platform's message id.
 *
 * A restart that finds a slot pending posts it again with the same key, so
 * the platform drops the duplicate. A subscription whose slot passed while
 * the bot was down gets one catch-up post if the slot is younger than
 * [digest] catch_up; older ones are skipped, logged and counted, and the
 * next digest says so. Never a burst: any number of missed slots gives at
 * most one post. BB_EGONE from the adapter pauses the subscription (shown by
 * `digest list`); other failures retry the same slot with growing delays.
 *
 * Posts wait until their platform is connected (scheduler_platform_up).
 *
 * Test hooks, off unless the environment sets them (documented in
 * docs/testing.md): BRIEFBOT_TEST_CRASH_AT=before_send|after_send|after_record
 * [:N] kills the process with SIGKILL at that step of the Nth post (default
 * the first); the clock is whatever env.now_ms returns (the app adds the
 * offset of BRIEFBOT_TEST_CLOCK_FILE).
 */
#ifndef BB_SCHEDULER_H
#define BB_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "bot/adapter.h"
#include "commands/message.h"
#include "commands/reply.h"
#include "common/log.h"
#include "common/strbuf.h"

struct config;
struct kb;
struct store;
struct metrics;
struct scheduler;

struct scheduler_env {
	uv_loop_t *loop;
	struct store *store;
	const struct config *cfg;
	const struct logger *log;
	struct metrics *metrics;      /* counts digest posts; may be NULL */
	/* Wall-clock time in unix milliseconds (the test clock adds to it). */
	int64_t (*now_ms)(void *app);
	/* The live knowledge base, or NULL. */
	const struct kb *(*kb)(void *app);
	/* adapter_ops.post of `platform`'s adapter; BB_EINVAL if it has none. */
	int (*post)(void *app, enum platform platform, const char *room, const struct reply *r,
		    const char *idem_key, adapter_post_done done, void *user);
	/* Which platforms have an adapter: others' subscriptions stay idle. */
	bool enabled[PLATFORM_COUNT];
	void *app;
};

/* Creates the scheduler (no I/O on the loop yet). Returns NULL and appends
 * the reason to err on failure. */
struct scheduler *scheduler_new(const struct scheduler_env *env, struct strbuf *err);

/* Loads the subscriptions (config-declared ones added first, ones removed
 * from the config dropped), recovers pending and missed slots and arms the
 * timer. Returns 0 or a bb_err. */
int scheduler_start(struct scheduler *s);

/* Tells the scheduler that `platform` is (or is no longer) connected; its
 * due posts go out once it is. */
void scheduler_platform_up(struct scheduler *s, enum platform platform, bool up);

/* The clock jumped (the test clock): re-arms the timer. */
void scheduler_clock_changed(struct scheduler *s);

/* Closes the timer; posts in flight are dropped (their slots stay pending
 * and go out again after a restart). */
void scheduler_stop(struct scheduler *s);

/* NULL-safe; call after the loop has run the close callbacks. */
void scheduler_free(struct scheduler *s);

/* ---- managing subscriptions (the `digest` command through the host) ---- */

/* Subscribes m's room with the schedule `spec` ("daily 08:00 Europe/London",
 * "" for the [digest] defaults). Fills out with the confirmation, or with
 * what to type instead (an unknown time zone with the nearest name, a bad
 * time or cron field, the room's limit reached). Returns 0 or BB_ENOMEM. */
int scheduler_subscribe(struct scheduler *s, const struct bot_message *m, const char *spec,
			struct reply *out);

/* Lists m's room's subscriptions (id, schedule, next slot, paused or not). */
int scheduler_list(struct scheduler *s, const struct bot_message *m, struct reply *out);

/* Removes subscription `id_text` of m's room. */
int scheduler_unsubscribe(struct scheduler *s, const struct bot_message *m, const char *id_text,
			  struct reply *out);

/* ---- pure helpers, exported for tests ---- */

/* Writes the idempotency key of (id, slot_ms) into out (at least 21 bytes):
 * base 36 of id, '.', base 36 of the slot's minute, at most 20 characters
 * (a Discord nonce holds 25: room for "-N" per extra chunk). Returns 0, or
 * BB_EINVAL for negative numbers or a key that would be longer. */
int scheduler_idem_key(int64_t id, int64_t slot_ms, char *out, size_t n);

#endif
