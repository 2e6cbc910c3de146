/* Asynchronous HTTP client on a libuv loop.
 *
 * Drives libcurl's multi "socket" interface from the caller's uv loop: one
 * uv_poll_t per socket curl opens and one uv_timer_t for curl's timeouts. No
 * threads of ours, no blocking, nothing happens while the loop is idle.
 *
 * What it does: any method, URL, request headers and body; TLS peer and host
 * verification always on; a total timeout per request (long polls set their
 * own); a cap on the response body size; a cap on concurrent transfers
 * (requests past it wait in a FIFO queue and their timeout starts when they
 * get a slot); cancelation; case-insensitive response header lookup.
 *
 * What it does not do: retries, rate limits, cookies; redirects only when
 * a request asks for them (otherwise 3xx are returned as they are).
 *
 * Pages a user names (`!add URL`) are fetched with the guards of struct
 * http_req: a redirect limit (never to a scheme other than http/https), a
 * smaller size cap, and `public_only`, which checks the address each
 * connection actually goes to (after DNS, redirects included) and refuses
 * loopback, private, link-local and other non-public ranges. Callers decide about retries with
 * bot/net/backoff.h and about rate limits per platform.
 *
 * Callbacks: every request started with http_request() gets exactly one
 * call of its http_done_fn, from the loop, never from inside http_request()
 * itself -- unless it is canceled with http_cancel() or the client is freed
 * with http_free() first: then its callback is NEVER called, and the caller
 * may release `user` right away. Inside a callback it is fine to start new
 * requests, cancel others, or free the client.
 *
 * Nothing here logs request headers (they carry tokens).
 */
#ifndef BB_HTTP_H
#define BB_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <uv.h>

#include "common/log.h"

struct http;

struct http_options {
	const char *user_agent;       /* NULL: "briefbot/<version>" */
	long timeout_ms;              /* default total time per request; 0: 30000 */
	long connect_timeout_ms;      /* 0: 10000 */
	size_t max_response_bytes;    /* body size limit; 0: 8 MiB */
	unsigned max_concurrent;      /* transfers at once; 0: 16 */
	const char *ca_file;          /* NULL: the system's CA store */
	const struct logger *log;     /* NULL: silent; must outlive the client */
};

struct http_req {
	const char *method;           /* "GET" (also when NULL), "POST", "PUT", "PATCH", "DELETE", "HEAD" */
	const char *url;              /* http:// or https:// only */
	/* NULL-terminated list of "Name: value" lines, or NULL. Lines holding
	 * CR or LF are refused (header injection). */
	const char *const *headers;
	const char *body;             /* NULL: none; sent as is (set Content-Type yourself) */
	size_t body_len;
	long timeout_ms;              /* 0: the client's default; a /sync long poll sets more */
	/* Guards for fetching a URL a user gave: */
	long max_redirects;           /* 0: none followed; N: up to N, http/https only */
	size_t max_bytes;             /* 0: the client's max_response_bytes; else this (if smaller) */
	bool public_only;             /* refuse non-public addresses (BB_EPERM); no proxy,
	                               * no reused connection */
};

struct http_call;                     /* internal, one per request */

/* What a done callback gets. Everything it points to, including the body,
 * is valid only during the callback: copy what you keep. */
struct http_response {
	int err;                      /* 0: a response arrived, whatever its status;
	                               * BB_ENET: connect/send/receive failed or timed out;
	                               * BB_ETOOBIG: body over max_response_bytes;
	                               * BB_EPROTO: TLS verification or HTTP framing failed;
	                               * BB_EINVAL: bad URL, or a redirect to another scheme;
	                               * BB_EPERM: public_only and the address is not public;
	                               * BB_ELIMIT: more redirects than max_redirects;
	                               * BB_ENOMEM */
	bool timed_out;               /* err is BB_ENET because the timeout expired */
	long status;                  /* HTTP status code; 0 when err != 0 */
	const char *body;             /* NUL-terminated (binary bodies: use body_len) */
	size_t body_len;
	const char *detail;           /* curl's one-line reason when err != 0, else "" */
	const char *url;              /* the URL answered last (after redirects) */
	uint64_t id;                  /* the id http_request() gave */
	struct http_call *call;       /* internal: for http_response_header() */
};

typedef void (*http_done_fn)(void *user, const struct http_response *resp);

/* Creates a client on `loop` (which must outlive it). `opt` may be NULL for
 * defaults; its strings are copied. Returns NULL on failure. */
struct http *http_new(uv_loop_t *loop, const struct http_options *opt);

/* Frees the client: aborts every transfer, in flight or queued, WITHOUT
 * calling their callbacks, and closes its uv handles. NULL-safe. Callable
 * from inside a done callback. The last few bytes are released by uv close
 * callbacks, so keep running the loop (as any libuv program does at exit)
 * before uv_loop_close(). */
void http_free(struct http *h);

/* Starts a request; `req` and everything it points to is copied, so it may
 * go away on return. `done` gets the outcome later with `user`. On success
 * returns 0 and, if `id_out` is not NULL, stores a nonzero id that
 * http_cancel() takes. Returns BB_EINVAL for a missing URL or callback, an
 * unknown method or a bad header line, BB_ENOMEM on allocation failure; the
 * callback is not called then. */
int http_request(struct http *h, const struct http_req *req, http_done_fn done,
		 void *user, uint64_t *id_out);

/* Cancels request `id`: its transfer is aborted, its connection closed and
 * its callback never called. Returns 0, or BB_ENOTFOUND when no such
 * request is pending (already done, already canceled, or never existed). */
int http_cancel(struct http *h, uint64_t id);

/* Returns the value of response header `name` (case-insensitive; the first
 * one when it is repeated; surrounding blanks trimmed), or NULL if absent.
 * Valid during the callback only. Headers of 1xx interim responses are not
 * included. */
const char *http_response_header(const struct http_response *resp, const char *name);

/* Why `sa` is not a public address ("loopback", "private", "link-local",
 * ...), or NULL when it is public. IPv4-mapped IPv6 addresses are judged by
 * their IPv4 address. */
const char *http_address_not_public(const struct sockaddr *sa);

/* Returns how many requests are in flight plus queued. */
size_t http_pending(const struct http *h);

#endif
