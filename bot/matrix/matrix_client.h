/* The Matrix client-server API transport: requests to one homeserver on
 * the shared libuv loop (through bot/net/http), with `Authorization: Bearer`,
 * JSON error bodies decoded, and the retry policy in one place:
 *
 *   429 M_LIMIT_EXCEEDED    wait retry_after_ms (or Retry-After), retry
 *   5xx, network errors,    retry after a jittered, growing delay
 *   timeouts                (bot/net/backoff.h: full jitter, capped)
 *   2xx                     done, err 0
 *   401/403 token errors    done, err BB_EAUTH (M_UNKNOWN_TOKEN,
 *                           M_MISSING_TOKEN): retrying cannot help
 *   any other 4xx           done, err BB_EPROTO with errcode/error
 *
 * A request is retried until it succeeds, fails for good or is canceled,
 * with the same method, path and body every time -- so a send whose path
 * carries a transaction id stays idempotent across retries. Nothing here
 * logs tokens or request bodies.
 *
 * The protocol itself (login, sync, send) is the adapter's (bot/matrix/matrix.c);
 * this module knows only URLs, tokens and the error format. */
#ifndef BB_MATRIX_CLIENT_H
#define BB_MATRIX_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "common/log.h"
#include "common/strbuf.h"

struct cJSON;
struct matrix_client;

struct matrix_client_options {
	const char *homeserver;   /* base URL, e.g. "https://matrix.example.org" */
	long timeout_ms;          /* per request unless the call sets one; 0: 15000 */
	uint32_t retry_base_ms;   /* ceiling of the first retry delay; 0: 500 */
	uint32_t retry_cap_ms;    /* no retry delay is longer; 0: 60000 */
	uint64_t seed;            /* for the jitter */
	const char *ca_file;      /* NULL: the system's CA store */
	const struct logger *log; /* NULL: silent; must outlive the client */
	struct metrics *metrics;  /* counts 429s, waits and retries; NULL: none */
	/* Called when a call failed and will be retried (NULL: not told), with
	 * that call's `user` and whether the server asked it to wait (429)
	 * rather than failed (a network error, 5xx). */
	void (*retrying)(void *call_user, bool rate_limited);
};

#define MATRIX_CALL_NO_AUTH 1u   /* send no access token (versions, login) */
#define MATRIX_CALL_RAW 2u       /* do not parse a 2xx body (the caller does) */
#define MATRIX_CALL_NO_RETRY 4u  /* report the first failure instead of retrying */

struct matrix_call_spec {
	const char *method;       /* "GET", "POST", "PUT" */
	const char *path;         /* after the base URL, escaped by the caller:
	                           * "/_matrix/client/v3/sync?timeout=30000" */
	const char *body;         /* JSON, or NULL for none */
	long timeout_ms;          /* 0: the client's */
	unsigned flags;           /* MATRIX_CALL_* */
};

/* What a done callback gets; everything is valid during the call only. */
struct matrix_result {
	int err;                  /* 0 (2xx), BB_EAUTH, BB_EPROTO (other 4xx, or
	                           * a 2xx body that is not JSON), or with
	                           * MATRIX_CALL_NO_RETRY also BB_ENET / BB_ELIMIT */
	long status;              /* the last HTTP status, 0 if none arrived */
	const char *errcode;      /* "M_FORBIDDEN", ... or "" */
	const char *error;        /* the server's message, or curl's, or "" */
	const struct cJSON *json; /* the parsed 2xx body (NULL with RAW) */
	const char *body;         /* the raw body of the last response */
	size_t body_len;
	unsigned attempts;        /* requests made, >= 1 */
};

typedef void (*matrix_done_fn)(void *user, const struct matrix_result *res);

/* Creates a client for one homeserver on `loop` (which must outlive it);
 * strings are copied. Returns NULL on a bad option or out of memory. */
struct matrix_client *matrix_client_new(uv_loop_t *loop, const struct matrix_client_options *opt);

/* Cancels every request WITHOUT calling its callback, closes the handles
 * and frees the client; keep running the loop afterwards so the close
 * callbacks run. NULL-safe; callable from inside a done callback. */
void matrix_client_free(struct matrix_client *c);

/* Sets (copies) the access token sent from now on; NULL clears it.
 * Returns 0 or BB_ENOMEM. */
int matrix_client_set_token(struct matrix_client *c, const char *token);

/* Starts a request; `spec` is copied. `done` is called exactly once, later,
 * from the loop, unless the call is canceled or the client freed first.
 * Returns 0 (and a nonzero id in *id_out when not NULL) or BB_EINVAL /
 * BB_ENOMEM, in which case `done` is never called. */
int matrix_client_call(struct matrix_client *c, const struct matrix_call_spec *spec,
		       matrix_done_fn done, void *user, uint64_t *id_out);

/* Cancels call `id` (in flight or waiting to retry); its callback is never
 * called. Returns 0 or BB_ENOTFOUND. */
int matrix_client_cancel(struct matrix_client *c, uint64_t id);

/* Returns how many calls are in flight or waiting to retry. */
size_t matrix_client_pending(const struct matrix_client *c);

/* ---- pure helpers, exported for the adapter and the tests ---- */

enum matrix_retry {
	MATRIX_FINISHED,          /* report the result */
	MATRIX_RETRY_AFTER,       /* rate limited: wait what the server says */
	MATRIX_RETRY_BACKOFF,     /* transient: wait a jittered, growing delay */
};

/* Decides what to do with an outcome: http_err is struct http_response's
 * err (0 when a response arrived), status its HTTP status. */
enum matrix_retry matrix_client_classify(int http_err, long status);

/* Appends `s` percent-encoded for one path segment or query value (every
 * byte but A-Z a-z 0-9 - . _ ~ becomes %XX) to `sb`. */
void matrix_client_escape(struct strbuf *sb, const char *s);

/* Writes the transaction id of chunk `chunk` of the reply to `event_id`
 * into out[0..cap): a pure function of its inputs, so every retry and
 * every restart reuses it. Returns 0, or BB_ETOOBIG if cap is too small
 * (out then holds ""). */
int matrix_client_txn_id(const char *event_id, unsigned chunk, char *out, size_t cap);

#endif
