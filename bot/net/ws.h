/* A websocket client (RFC 6455) over libwebsockets, driven by the caller's
 * libuv loop, which lws uses as a foreign loop.  A hub holds the one lws
 * context (TLS set-up, CA store) that every connection made with it shares:
 * several Discord shards cost one context, not one each.  One `struct ws`
 * holds at most one connection at a time; reconnecting (with a new
 * ws_connect after on_close) is the caller's job.
 *
 * Lifecycle:
 *   hub = ws_hub_new(loop, &opts);  ws = ws_new(hub);
 *   ws_connect(ws, "wss://host/path", &callbacks, user);   ... on_open ...
 *   ws_send_text(...); ws_close(ws, 1000, "bye");          ... on_close ...
 *   ws_shutdown(ws); ws_hub_shutdown(hub);   while the loop runs
 *   uv_run(...) returns;  ws_free(ws); ws_hub_free(hub);
 *
 * Every ws_connect that returns 0 ends in exactly one on_close call, whether
 * the connection failed, was refused, dropped, or closed by either side. */
#ifndef BB_WS_H
#define BB_WS_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

#include "common/log.h"

/* Close codes this module reports on its own (RFC 6455 section 7.4). */
enum {
	WS_CLOSE_NORMAL = 1000,
	WS_CLOSE_GOING_AWAY = 1001,
	WS_CLOSE_ABNORMAL = 1006,   /* no close frame: refused, dropped, TLS, DNS */
	WS_CLOSE_TOO_BIG = 1009,    /* a message exceeded ws_options.max_message */
};

struct ws_options {
	const char *user_agent;    /* User-Agent header; NULL: "briefbot/<version>" */
	size_t max_message;        /* largest reassembled message; 0: 4 MiB */
	const struct logger *log;  /* where ws and lws log lines go; NULL: nowhere */
	const char *ca_file;       /* PEM CA bundle for wss; NULL: system store */
};

struct ws_callbacks {
	/* The handshake completed; ws_send_text works from now on. */
	void (*on_open)(void *user);
	/* One complete message (fragments reassembled).  `data` is valid only
	 * during the call and is NUL-terminated (data[len] == 0). */
	void (*on_message)(void *user, const char *data, size_t len, bool binary);
	/* The connection is over.  `clean` is true when a close frame was
	 * exchanged: the peer closed (`code` is its code, 1005 if it gave
	 * none) or we closed an open connection (`code` is what ws_close
	 * sent, or 1009 after an oversized message).  Otherwise `clean` is
	 * false and `code` is 1006 (connect error, refused upgrade, TLS
	 * failure, dropped TCP), or the ws_close code if the connection was
	 * abandoned before it opened.  `reason` is never NULL and valid only
	 * during the call.  It is fine to call ws_connect or ws_shutdown from
	 * here, not ws_free. */
	void (*on_close)(void *user, int code, const char *reason, bool clean);
};

struct ws_hub;
struct ws;

/* Creates a hub: the lws context on `loop`.  Returns NULL if lws or memory
 * fails.  `opts` (may be NULL) is copied and applies to every connection;
 * opts->log must outlive the hub.  Free with ws_hub_shutdown + ws_hub_free. */
struct ws_hub *ws_hub_new(uv_loop_t *loop, const struct ws_options *opts);

/* Lets the hub tear lws down once every ws made with it has been shut down
 * (at once if none is left), so the loop can finish.  Call while the loop
 * runs.  Idempotent. */
void ws_hub_shutdown(struct ws_hub *hub);

/* Frees the hub.  Call after ws_hub_shutdown once uv_run has returned (lws
 * needs both steps on a foreign loop), or on an error path before the loop
 * ever ran.  NULL-safe. */
void ws_hub_free(struct ws_hub *hub);

/* Creates a client on `hub`.  Returns NULL when out of memory or when the
 * hub is shutting down.  Free with ws_shutdown + ws_free, before
 * ws_hub_free. */
struct ws *ws_new(struct ws_hub *hub);

/* Starts connecting to `url` (ws:// or wss://; wss verifies the server's
 * certificate and host name).  The host name is resolved without blocking
 * the loop.  `cb` and `user` must stay valid until on_close.  Returns 0, in
 * which case on_close follows exactly once, or BB_EINVAL (bad URL, already
 * connected, shut down) or BB_ENOMEM without any callback. */
int ws_connect(struct ws *ws, const char *url, const struct ws_callbacks *cb, void *user);

/* Queues one text message; it is written when the socket is writable.  The
 * data is copied.  Returns 0, BB_EINVAL if the connection is not open (or is
 * closing), BB_ETOOBIG over max_message, BB_ENOMEM. */
int ws_send_text(struct ws *ws, const char *data, size_t len);

/* Starts the closing handshake with `code` (1000..4999) and `reason` (may be
 * NULL, at most 123 bytes are sent).  Unsent queued messages are dropped.
 * If the connection is still being set up it is abandoned instead.
 * on_close follows.  Returns 0, or BB_EINVAL if there is nothing to close. */
int ws_close(struct ws *ws, int code, const char *reason);

/* True between on_open and the start of closing. */
bool ws_is_open(const struct ws *ws);

/* Drops any connection (no close frame) without calling on_close again and
 * releases the ws's handles, so the loop can finish.  Call while the loop
 * runs (any callback is fine, including on_close).  Idempotent. */
void ws_shutdown(struct ws *ws);

/* Frees the ws.  Call after ws_shutdown once uv_run has returned, or on an
 * error path before the loop ever ran.  NULL-safe. */
void ws_free(struct ws *ws);

#endif
