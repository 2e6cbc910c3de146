/* The one interface every chat platform implements (Discord, Matrix). The
 * app creates the adapters the configuration enables, starts them on the
 * shared libuv loop and stops them on a signal. An adapter turns platform
 * events into struct bot_message, hands each to the router and renders the
 * struct reply it gets back; it never knows about other platforms. */
#ifndef BB_ADAPTER_H
#define BB_ADAPTER_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "commands/message.h"
#include "common/log.h"
#include "common/strbuf.h"

struct config;
struct metrics;
struct reply;
struct router;
struct store;

/* The outcome of adapter_ops.post, called exactly once from the loop: rc 0
 * = posted (message_id: the platform's id of the first message), BB_EGONE =
 * this room will not take our messages (a deleted channel, missing access,
 * a room we left: the caller stops posting there), any other negative =
 * transient (5xx, 429, network), after the adapter's own retries. */
typedef void (*adapter_post_done)(void *user, int rc, const char *message_id);

/* What the app lends every adapter; valid for the adapter's lifetime. */
struct adapter_env {
	uv_loop_t *loop;
	const struct config *cfg;
	struct store *store;          /* persistent state (sync tokens, sessions) */
	const struct logger *log;
	struct router *router;        /* adapter_route() for every message */
	struct metrics *metrics;      /* counters (bot/metrics.h); NULL: none kept */
	/* Stops the whole bot with a message telling the user what to fix
	 * (a refused token, a disallowed intent). Call it at most once. */
	void (*fatal)(void *app, const char *platform, const char *message);
	/* Reports that the adapter is (or is no longer) connected, for the
	 * `status` command. */
	void (*connected)(void *app, enum platform platform, bool up);
	/* The console's input has ended (stdin closed); the others never
	 * call it. */
	void (*input_ended)(void *app);
	void *app;
};

/* Hands one message to env->router at env's loop time and counts it in
 * env->metrics: the event (by msg->platform), the command that ran, the
 * answer found or refused, the time it took. Returns router_handle()'s
 * value; *out as there. */
int adapter_route(const struct adapter_env *env, const struct bot_message *msg,
		  struct reply *out);

struct adapter_ops {
	enum platform platform;
	/* Is this adapter enabled by the configuration? */
	bool (*enabled)(const struct config *cfg);
	/* Creates the adapter (no I/O yet). Returns NULL and appends the
	 * reason to err on failure. */
	void *(*create)(const struct adapter_env *env, struct strbuf *err);
	/* Starts connecting. Returns 0 or a negative bb_err. */
	int (*start)(void *self);
	/* Begins a graceful shutdown (close frames, cancel requests); the
	 * adapter closes all its handles so that uv_run can return. */
	void (*stop)(void *self);
	/* Frees everything; called after uv_run has returned. NULL-safe. */
	void (*destroy)(void *self);
	/* Posts `r` to `room_id` unasked (a scheduled digest, "article
	 * added"), carrying `idem_key` (printable ASCII, at most 20 bytes) as
	 * the platform's idempotency key (Discord nonce with enforce_nonce,
	 * Matrix txnId), so that sending again with the same key after a crash
	 * posts nothing new. Returns 0, and done(user, ...) follows exactly once
	 * from the loop; or a negative bb_err (not started, stopping, a bad
	 * argument) and done is never called. Posts still in flight when the
	 * adapter stops are dropped without a call. */
	int (*post)(void *self, const char *room_id, const struct reply *r, const char *idem_key,
		    adapter_post_done done, void *user);
};

#endif
