/* Discord's REST API on the libuv loop, over bot/net/http.
 *
 * Every request carries `Authorization: Bot TOKEN`, the User-Agent
 * `DiscordBot (URL, VERSION)` and, when it has a body, `Content-Type:
 * application/json`. The token is never logged.
 *
 * Rate limits (bot/discord/discord_ratelimit does the bookkeeping): per-route
 * buckets learned from the X-RateLimit-* headers; a request whose bucket is
 * exhausted waits on a uv timer until the reset; a 429 waits for the body's
 * retry_after (else Retry-After) on its route, or on every route when it is
 * global or comes from Cloudflare; never more than max_global_per_s
 * requests in any second.
 *
 * Retries: 5xx answers and network errors are retried with exponential
 * backoff and full jitter (bot/net/backoff.h) up to max_attempts; 429s are
 * retried after their wait up to max_rate_limited times; any other 4xx is
 * reported at once. A retry sends the very same body, so a message keeps
 * its nonce and, with enforce_nonce, Discord returns the first message
 * instead of posting a second one.
 *
 * Messages to one channel (discord_rest_create_message) go out in order:
 * the next is sent only after the previous one succeeded or finally failed.
 *
 * Callbacks: every request accepted (return 0) gets exactly one call of its
 * discord_rest_done, from the loop, never from inside the call that started
 * it -- unless the client is freed first: then no callback is ever called.
 * Inside a callback it is fine to start requests or to free the client.
 */
#ifndef BB_DISCORD_REST_H
#define BB_DISCORD_REST_H

#include <stdint.h>
#include <cjson/cJSON.h>
#include <uv.h>

#include "common/log.h"

struct discord_rest;

struct discord_rest_options {
	const char *api_base;          /* NULL: "https://discord.com/api/v10" */
	const char *token;             /* the bot token, without "Bot "; required */
	const char *user_agent_url;    /* NULL: "https://github.com/briefbot/briefbot" */
	const char *user_agent_version; /* NULL: briefbot's version */
	const struct logger *log;      /* NULL: silent; must outlive the client */
	unsigned max_global_per_s;     /* 0: 50 */
	const char *ca_file;           /* NULL: the system's CA store */
	long timeout_ms;               /* per attempt; 0: 15000 */
	unsigned max_attempts;         /* tries on 5xx / network errors; 0: 10 */
	uint32_t retry_base_ms;        /* first backoff ceiling; 0: 500 */
	uint32_t retry_cap_ms;         /* backoff cap; 0: 15000 */
	unsigned max_rate_limited;     /* 429s one request sits out; 0: 10 */
	struct metrics *metrics;       /* counts 429s and waits; NULL: none */
};

/* What a done callback gets; everything it points to is owned by the
 * library and valid only during the callback. */
struct discord_rest_result {
	int err;                       /* 0: a 2xx answer. Else BB_EINVAL (400),
	                                * BB_EAUTH (401), BB_EPERM (403),
	                                * BB_ENOTFOUND (404), BB_ELIMIT (still 429
	                                * after max_rate_limited), BB_ENET (network
	                                * error or 5xx after max_attempts),
	                                * BB_EPROTO (other statuses), or an error of
	                                * bot/net/http (BB_ETOOBIG, BB_ENOMEM ...) */
	long status;                   /* last HTTP status; 0 when none arrived */
	const cJSON *json;             /* the parsed body; NULL if empty or not JSON */
	int discord_code;              /* Discord's error "code" (e.g. 10003); 0 if none */
	const char *discord_message;   /* Discord's error "message"; "" if none */
	unsigned attempts;             /* HTTP requests made for this call */
};

typedef void (*discord_rest_done)(void *user, const struct discord_rest_result *res);

/* Counters for metrics and tests. */
struct discord_rest_stats {
	uint64_t sent;                 /* HTTP requests sent (attempts) */
	uint64_t rate_limited;         /* 429 answers */
	uint64_t global_limited;       /* of which global or Cloudflare */
	uint64_t retried;              /* retries after 5xx or network errors */
	uint64_t waiting;              /* accepted, not sent yet (incl. channel queues) */
	uint64_t in_flight;            /* sent, no answer yet */
};

/* Creates a client on `loop` (which must outlive it); the strings of `o`
 * are copied. Returns NULL when the token is missing or holds CR/LF, when
 * api_base is not http(s)://, or when out of memory. */
struct discord_rest *discord_rest_new(uv_loop_t *loop, const struct discord_rest_options *o);

/* Cancels every request, in flight or waiting, WITHOUT calling their
 * callbacks, and frees the client. NULL-safe; callable from a callback. The
 * last bytes go in uv close callbacks: keep running the loop before
 * uv_loop_close(). */
void discord_rest_free(struct discord_rest *r);

/* Starts `method` (GET, POST, PUT, PATCH, DELETE) on `path` (below
 * api_base, starting with '/', e.g. "/users/@me") with `json_body` (or
 * NULL), bucketed as `route_key`: the method and path with every id but the
 * major parameter replaced by a placeholder, e.g. "POST
 * /channels/1234/messages" or "DELETE /channels/1234/messages/{id}" (NULL:
 * "METHOD path", right for paths with no minor ids). Strings are copied.
 * Returns 0 (`done` gets the outcome later with `user`), BB_EINVAL for a
 * bad argument, BB_ENOMEM. */
int discord_rest_request(struct discord_rest *r, const char *method, const char *path,
			 const char *json_body, const char *route_key,
			 discord_rest_done done, void *user);

/* Posts `content` (already rendered markdown, at most 2000 characters) to
 * `channel_id`, as a reply to `reply_to_message_id` when that is not NULL
 * (message_reference with fail_if_not_exists: false), with
 * allowed_mentions {"parse": []}, `nonce` (at most 25 characters; NULL: a
 * random one) and enforce_nonce: true. Messages to one channel are sent in
 * the order of these calls. Ids must be snowflakes (digits). Returns 0,
 * BB_EINVAL for a bad argument, BB_ENOMEM. */
int discord_rest_create_message(struct discord_rest *r, const char *channel_id,
				const char *content, const char *reply_to_message_id,
				const char *nonce, discord_rest_done done, void *user);

/* As discord_rest_create_message, for a caller that only needs the
 * outcome: a 2xx answer's body (the created message) is not parsed, so
 * res->json is NULL on success; errors carry the parsed body as before. */
int discord_rest_post_message(struct discord_rest *r, const char *channel_id,
			      const char *content, const char *reply_to_message_id,
			      const char *nonce, discord_rest_done done, void *user);

/* Fills `out` with the client's counters. */
void discord_rest_get_stats(const struct discord_rest *r, struct discord_rest_stats *out);

#endif
