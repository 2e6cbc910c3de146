/* Discord REST client; see discord_rest.h.
 *
 * Every request lives in exactly one list: `pending` (may be sent once the
 * rate limits and its retry time allow), `inflight` (an HTTP request is
 * running), `failed` (could not even be started; reported from the timer)
 * or the `waiting` list of its channel (a message queued behind the one
 * being sent to the same channel). One uv timer wakes the pump when the
 * earliest wait is over; responses wake it too.
 */
#include "bot/discord/discord_rest.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/metrics.h"
#include "bot/net/backoff.h"
#include "bot/discord/discord_ratelimit.h"
#include "bot/net/http.h"
#include "common/error.h"
#include "common/strbuf.h"

#define LOG_COMPONENT "discord-rest"
#define MAX_IN_FLIGHT 64          /* below bot/net/http's own queue: it never queues */
#define GC_EVERY_MS 60000
#define GC_IDLE_MS 600000
#define MAX_NONCE_LEN 25

struct rest_req;

struct req_list {
	struct rest_req *head, *tail;
	size_t n;
};

/* The messages of one channel: one is pending or in flight, the rest wait. */
struct chan {
	char *id;
	struct chan *next;
	struct req_list waiting;
};

struct rest_req {
	struct discord_rest *r;
	struct rest_req *prev, *next;
	struct req_list *in;          /* the list holding it */
	char *method, *url, *route, *body;
	struct chan *chan;            /* messages only */
	discord_rest_done done;
	void *user;
	unsigned attempts;            /* HTTP requests sent */
	unsigned limited;             /* 429s received */
	struct backoff backoff;
	uint64_t not_before;          /* uv_now() before which it is not retried */
	int fail_err;                 /* why it could not be started */
	bool waited;                  /* counted as held back by a bucket */
	bool skip_ok_body;            /* a 2xx body is not parsed (res->json NULL) */
};

struct discord_rest {
	uv_loop_t *loop;
	uv_timer_t timer;
	struct http *http;
	struct discord_ratelimit *rl;
	const struct logger *log;
	char *api_base;
	char *auth_header;
	struct req_list pending, inflight, failed;
	struct chan *chans;
	long timeout_ms;
	unsigned max_attempts, max_rate_limited;
	uint32_t retry_base_ms, retry_cap_ms;
	uint64_t seed;
	uint64_t last_gc;
	struct discord_rest_stats stats;
	struct metrics *metrics;
	unsigned depth;               /* callbacks running */
	bool dead;                    /* discord_rest_free() was called */
};

/* ---- lists ---------------------------------------------------------------- */

static void list_unlink(struct rest_req *q)
{
	struct req_list *l = q->in;
	if (!l)
		return;
	if (q->prev)
		q->prev->next = q->next;
	else
		l->head = q->next;
	if (q->next)
		q->next->prev = q->prev;
	else
		l->tail = q->prev;
	l->n--;
	q->prev = q->next = NULL;
	q->in = NULL;
}

static void list_push(struct req_list *l, struct rest_req *q, bool front)
{
	struct rest_req *before = front ? l->head : NULL;
	q->in = l;
	q->next = before;
	q->prev = before ? NULL : l->tail;
	*(q->prev ? &q->prev->next : &l->head) = q;
	*(q->next ? &q->next->prev : &l->tail) = q;
	l->n++;
}

static void req_free(struct rest_req *q)
{
	if (!q)
		return;
	free(q->method);
	free(q->url);
	free(q->route);
	free(q->body);
	free(q);
}

static void list_free_all(struct req_list *l)
{
	while (l->head) {
		struct rest_req *q = l->head;
		list_unlink(q);
		req_free(q);
	}
}

/* ---- channels ------------------------------------------------------------- */

static struct chan *chan_find(struct discord_rest *r, const char *id)
{
	for (struct chan *c = r->chans; c; c = c->next)
		if (strcmp(c->id, id) == 0)
			return c;
	return NULL;
}

static void chan_free(struct chan *c)
{
	list_free_all(&c->waiting);
	free(c->id);
	free(c);
}

/* The message of `c` being sent is finished: the next one becomes
 * pending, or the channel is forgotten when none waits. */
static void chan_advance(struct discord_rest *r, struct chan *c)
{
	struct rest_req *next = c->waiting.head;
	if (next) {
		list_unlink(next);
		list_push(&r->pending, next, false);
		return;
	}
	for (struct chan **cp = &r->chans; *cp; cp = &(*cp)->next) {
		if (*cp == c) {
			*cp = c->next;
			break;
		}
	}
	chan_free(c);
}

/* ---- lifetime ------------------------------------------------------------- */

static bool has_crlf(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

static void on_timer(uv_timer_t *t);

struct discord_rest *discord_rest_new(uv_loop_t *loop, const struct discord_rest_options *o)
{
	if (!loop || !o || !o->token || !*o->token || has_crlf(o->token))
		return NULL;
	const char *base = o->api_base ? o->api_base : "https://discord.com/api/v10";
	if (strncmp(base, "https://", 8) != 0 && strncmp(base, "http://", 7) != 0)
		return NULL;
	struct discord_rest *r = calloc(1, sizeof *r);
	struct strbuf ua = {0}, auth = {0};
	if (!r)
		return NULL;
	r->loop = loop;
	r->log = o->log;
	r->metrics = o->metrics;
	r->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 15000;
	/* 10 tries with the default backoff ride out about a minute of 5xx
	 * (ceilings 0.5, 1, 2, 4, 8, then 15 s): nonces make a retry safe,
	 * and a reply given up is a command lost */
	r->max_attempts = o->max_attempts ? o->max_attempts : 10;
	r->max_rate_limited = o->max_rate_limited ? o->max_rate_limited : 10;
	r->retry_base_ms = o->retry_base_ms ? o->retry_base_ms : 500;
	r->retry_cap_ms = o->retry_cap_ms ? o->retry_cap_ms : 15000;
	r->seed = uv_hrtime() ^ (uint64_t)(uintptr_t)r;
	r->api_base = strdup(base);
	if (!r->api_base)
		goto fail;
	size_t bl = strlen(r->api_base);
	while (bl > 0 && r->api_base[bl - 1] == '/')
		r->api_base[--bl] = '\0';
	strbuf_printf(&auth, "Authorization: Bot %s", o->token);
	r->auth_header = strbuf_steal(&auth);
	strbuf_printf(&ua, "DiscordBot (%s, %s)",
		      o->user_agent_url ? o->user_agent_url : "https://github.com/briefbot/briefbot",
		      o->user_agent_version ? o->user_agent_version : BRIEFBOT_VERSION);
	if (!r->auth_header || strbuf_failed(&ua))
		goto fail;
	struct http_options ho = {
		.user_agent = strbuf_str(&ua),
		.timeout_ms = r->timeout_ms,
		.max_concurrent = MAX_IN_FLIGHT * 2,
		.ca_file = o->ca_file,
		.log = o->log,
	};
	r->http = http_new(loop, &ho);
	r->rl = discord_ratelimit_new(o->max_global_per_s);
	if (!r->http || !r->rl)
		goto fail;
	if (uv_timer_init(loop, &r->timer) != 0)
		goto fail;
	r->timer.data = r;
	r->last_gc = uv_now(loop);
	strbuf_free(&ua);
	return r;
fail:
	strbuf_free(&ua);
	http_free(r->http);
	discord_ratelimit_free(r->rl);
	free(r->auth_header);
	free(r->api_base);
	free(r);
	return NULL;
}

static void on_closed(uv_handle_t *h)
{
	struct discord_rest *r = h->data;
	free(r->auth_header);
	free(r->api_base);
	free(r);
}

void discord_rest_free(struct discord_rest *r)
{
	if (!r || r->dead)
		return;
	r->dead = true;
	http_free(r->http); /* no http callbacks after this */
	r->http = NULL;
	list_free_all(&r->pending);
	list_free_all(&r->inflight);
	list_free_all(&r->failed);
	while (r->chans) {
		struct chan *c = r->chans;
		r->chans = c->next;
		chan_free(c);
	}
	discord_ratelimit_free(r->rl);
	r->rl = NULL;
	uv_timer_stop(&r->timer);
	if (r->depth == 0) /* else the callback's caller closes the timer */
		uv_close((uv_handle_t *)&r->timer, on_closed);
}

void discord_rest_get_stats(const struct discord_rest *r, struct discord_rest_stats *out)
{
	*out = r->stats;
	out->waiting = r->pending.n + r->failed.n;
	for (const struct chan *c = r->chans; c; c = c->next)
		out->waiting += c->waiting.n;
	out->in_flight = r->inflight.n;
}

/* ---- sending -------------------------------------------------------------- */

static void on_http_done(void *user, const struct http_response *resp);

static int send_req(struct discord_rest *r, struct rest_req *q)
{
	const char *headers[3] = { r->auth_header, NULL, NULL };
	if (q->body)
		headers[1] = "Content-Type: application/json";
	struct http_req hr = {
		.method = q->method,
		.url = q->url,
		.headers = headers,
		.body = q->body,
		.body_len = q->body ? strlen(q->body) : 0,
		.timeout_ms = r->timeout_ms,
	};
	return http_request(r->http, &hr, on_http_done, q, NULL);
}

/* The current time. uv_now() alone is the time the loop iteration began:
 * a chain of timer callbacks (curl's 0 ms timeouts) can answer several
 * requests in one iteration, and a stale "now" would put our idea of a
 * bucket's reset before the server's. */
static uint64_t now_ms(struct discord_rest *r)
{
	uv_update_time(r->loop);
	return uv_now(r->loop);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Sends every pending request the rate limits allow now, then sets the
 * timer for the earliest one that must wait. Never calls a callback: a
 * request that cannot be started goes to `failed`, reported by the timer. */
static void pump(struct discord_rest *r)
{
	uint64_t now = now_ms(r);
	uint64_t next = r->failed.head ? 0 : UINT64_MAX;
	if (now - r->last_gc >= GC_EVERY_MS) {
		discord_ratelimit_gc(r->rl, now, GC_IDLE_MS);
		r->last_gc = now;
	}
	struct rest_req *q = r->pending.head;
	while (q && r->inflight.n < MAX_IN_FLIGHT) {
		struct rest_req *after = q->next;
		uint64_t wait = q->not_before > now ? q->not_before - now : 0;
		int v = wait ? DISCORD_RL_WAIT
			     : discord_ratelimit_acquire(r->rl, q->route, now, &wait);
		if (v == DISCORD_RL_GO) {
			list_unlink(q);
			int rc = send_req(r, q);
			if (rc == 0) {
				q->attempts++;
				r->stats.sent++;
				list_push(&r->inflight, q, false);
				log_msg(r->log, LOG_DEBUG, LOG_COMPONENT, "%s (attempt %u)", q->route,
					q->attempts);
			} else {
				discord_ratelimit_done(r->rl, q->route, now, NULL);
				q->fail_err = rc;
				list_push(&r->failed, q, false);
				next = 0;
			}
		} else if (v == DISCORD_RL_WAIT) {
			if (!q->waited)
				metrics_inc(r->metrics, METRIC_RATELIMIT_WAITS, "discord");
			q->waited = true;
			next = min_u64(next, wait);
		} else if (v < 0) {
			list_unlink(q);
			q->fail_err = v;
			list_push(&r->failed, q, false);
			next = 0;
		}
		q = after;
	}
	if (next == UINT64_MAX)
		uv_timer_stop(&r->timer);
	else
		uv_timer_start(&r->timer, on_timer, next, 0);
}

/* ---- outcomes ------------------------------------------------------------- */

static int status_err(long status)
{
	if (status >= 200 && status < 300)
		return 0;
	switch (status) {
	case 400: return BB_EINVAL;
	case 401: return BB_EAUTH;
	case 403: return BB_EPERM;
	case 404: return BB_ENOTFOUND;
	case 429: return BB_ELIMIT;
	default: return status >= 500 ? BB_ENET : BB_EPROTO;
	}
}

/* Reports the final outcome of `q` (already out of every list) and frees
 * it. Returns true when the callback freed the client: the caller must
 * not touch `r` any more. */
static bool finish(struct discord_rest *r, struct rest_req *q, int err, long status,
		   const cJSON *json)
{
	struct discord_rest_result res = {
		.err = err, .status = status, .json = json, .discord_message = "",
		.attempts = q->attempts,
	};
	if (err && cJSON_IsObject(json)) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(json, "code");
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(json, "message");
		if (cJSON_IsNumber(code))
			res.discord_code = code->valueint;
		if (cJSON_IsString(msg))
			res.discord_message = msg->valuestring;
	}
	if (err)
		log_msg(r->log, LOG_WARN, LOG_COMPONENT, "%s failed: %s (status %ld%s%s)", q->route,
			bb_strerror(err), status, *res.discord_message ? ": " : "",
			res.discord_message);
	if (q->chan)
		chan_advance(r, q->chan);
	r->depth++;
	q->done(q->user, &res);
	r->depth--;
	req_free(q);
	if (r->dead && r->depth == 0) {
		uv_close((uv_handle_t *)&r->timer, on_closed);
		return true;
	}
	return r->dead;
}

static void on_timer(uv_timer_t *t)
{
	struct discord_rest *r = t->data;
	while (r->failed.head) {
		struct rest_req *q = r->failed.head;
		list_unlink(q);
		if (finish(r, q, q->fail_err, 0, NULL))
			return;
	}
	pump(r);
}

/* Fills `rr` from the response for the rate-limit bookkeeping. */
static void rl_response(struct discord_rl_response *rr, const struct http_response *resp,
			const cJSON *json)
{
	memset(rr, 0, sizeof *rr);
	rr->body_retry_after = -1;
	if (resp->err)
		return;
	rr->status = resp->status;
	rr->bucket = http_response_header(resp, "X-RateLimit-Bucket");
	rr->limit = http_response_header(resp, "X-RateLimit-Limit");
	rr->remaining = http_response_header(resp, "X-RateLimit-Remaining");
	rr->reset_after = http_response_header(resp, "X-RateLimit-Reset-After");
	rr->global = http_response_header(resp, "X-RateLimit-Global");
	rr->scope = http_response_header(resp, "X-RateLimit-Scope");
	rr->retry_after = http_response_header(resp, "Retry-After");
	if (resp->status == 429 && cJSON_IsObject(json)) {
		const cJSON *ra = cJSON_GetObjectItemCaseSensitive(json, "retry_after");
		if (cJSON_IsNumber(ra))
			rr->body_retry_after = ra->valuedouble;
		rr->body_global = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(json, "global"));
	}
}

/* Decides whether `q` is tried again; if so, sets its retry time and
 * returns true, else stores the final error in *err. */
static bool want_retry(struct discord_rest *r, struct rest_req *q,
		       const struct http_response *resp, const struct discord_rl_response *rr,
		       uint64_t wait_429, uint64_t now, int *err)
{
	if (resp->err == BB_ENET || (!resp->err && resp->status >= 500)) {
		if (q->attempts >= r->max_attempts) {
			*err = BB_ENET;
			return false;
		}
		uint32_t delay = backoff_next_ms(&q->backoff, backoff_rand_u32(&r->seed));
		q->not_before = now + delay;
		r->stats.retried++;
		log_msg(r->log, LOG_INFO, LOG_COMPONENT, "%s: %s, retry %u in %" PRIu32 " ms",
			q->route, resp->err ? resp->detail : "server error", q->attempts, delay);
		return true;
	}
	if (!resp->err && resp->status == 429) {
		r->stats.rate_limited++;
		metrics_inc(r->metrics, METRIC_REST_429, "discord");
		if (discord_ratelimit_is_global_429(rr))
			r->stats.global_limited++;
		log_msg(r->log, LOG_INFO, LOG_COMPONENT, "%s: 429 (%s), waiting %" PRIu64 " ms",
			q->route, rr->scope ? rr->scope : "no scope", wait_429);
		if (q->limited >= r->max_rate_limited) {
			*err = BB_ELIMIT;
			return false;
		}
		q->limited++;
		q->not_before = now + wait_429;
		return true;
	}
	*err = resp->err ? resp->err : status_err(resp->status);
	return false;
}

static void on_http_done(void *user, const struct http_response *resp)
{
	struct rest_req *q = user;
	struct discord_rest *r = q->r;
	uint64_t now = now_ms(r);
	cJSON *json = NULL;
	struct discord_rl_response rr;
	int err = 0;
	list_unlink(q);
	bool ok = resp->status >= 200 && resp->status < 300;
	if (!resp->err && resp->body_len > 0 && !(ok && q->skip_ok_body))
		json = cJSON_ParseWithLength(resp->body, resp->body_len);
	rl_response(&rr, resp, json);
	uint64_t wait_429 = discord_ratelimit_done(r->rl, q->route, now, &rr);
	if (want_retry(r, q, resp, &rr, wait_429, now, &err)) {
		list_push(&r->pending, q, true);
		cJSON_Delete(json);
		pump(r);
		return;
	}
	bool freed = finish(r, q, err, resp->status, json);
	cJSON_Delete(json);
	if (!freed)
		pump(r);
}

/* ---- requests ------------------------------------------------------------- */

static bool valid_method(const char *m)
{
	static const char *const ok[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };
	for (size_t i = 0; m && i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(m, ok[i]) == 0)
			return true;
	return false;
}

static bool valid_path(const char *p)
{
	if (!p || p[0] != '/')
		return false;
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

static bool is_snowflake(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n > 0 && n <= 20 && strspn(s, "0123456789") == n;
}

/* A new request, in no list yet; NULL on bad arguments or no memory
 * (*err says which). */
static struct rest_req *req_new(struct discord_rest *r, const char *method, const char *path,
				const char *body, const char *route_key,
				discord_rest_done done, void *user, int *err)
{
	*err = BB_EINVAL;
	if (!r || r->dead || !done || !valid_method(method) || !valid_path(path) ||
	    (route_key && has_crlf(route_key)))
		return NULL;
	*err = BB_ENOMEM;
	struct rest_req *q = calloc(1, sizeof *q);
	struct strbuf url = {0}, route = {0};
	if (!q)
		return NULL;
	q->r = r;
	q->done = done;
	q->user = user;
	backoff_init(&q->backoff, r->retry_base_ms, r->retry_cap_ms);
	strbuf_printf(&url, "%s%s", r->api_base, path);
	if (route_key)
		strbuf_puts(&route, route_key);
	else
		strbuf_printf(&route, "%s %s", method, path);
	q->url = strbuf_steal(&url);
	q->route = strbuf_steal(&route);
	q->method = strdup(method);
	q->body = body ? strdup(body) : NULL;
	if (!q->url || !q->route || !q->method || (body && !q->body)) {
		req_free(q);
		return NULL;
	}
	*err = 0;
	return q;
}

int discord_rest_request(struct discord_rest *r, const char *method, const char *path,
			 const char *json_body, const char *route_key,
			 discord_rest_done done, void *user)
{
	int err;
	struct rest_req *q = req_new(r, method, path, json_body, route_key, done, user, &err);
	if (!q)
		return err;
	list_push(&r->pending, q, false);
	pump(r);
	return 0;
}

/* The JSON body of a message; NULL when out of memory. */
static char *message_body(const char *content, const char *reply_to, const char *nonce)
{
	char *out = NULL;
	cJSON *o = cJSON_CreateObject();
	cJSON *am = cJSON_AddObjectToObject(o, "allowed_mentions");
	if (!cJSON_AddStringToObject(o, "content", content) || !am ||
	    !cJSON_AddArrayToObject(am, "parse") || !cJSON_AddStringToObject(o, "nonce", nonce) ||
	    !cJSON_AddTrueToObject(o, "enforce_nonce"))
		goto out;
	if (reply_to) {
		cJSON *ref = cJSON_AddObjectToObject(o, "message_reference");
		if (!ref || !cJSON_AddStringToObject(ref, "message_id", reply_to) ||
		    !cJSON_AddFalseToObject(ref, "fail_if_not_exists"))
			goto out;
	}
	out = cJSON_PrintUnformatted(o);
out:
	cJSON_Delete(o);
	return out;
}

static int create_message(struct discord_rest *r, const char *channel_id, const char *content,
			  const char *reply_to_message_id, const char *nonce, bool skip_ok_body,
			  discord_rest_done done, void *user)
{
	char path[64], route[80], nonce_buf[24];
	int err = BB_EINVAL;
	if (!r || !content || !is_snowflake(channel_id) ||
	    (reply_to_message_id && !is_snowflake(reply_to_message_id)) ||
	    (nonce && (!*nonce || strlen(nonce) > MAX_NONCE_LEN)))
		return BB_EINVAL;
	if (!nonce) {
		uint64_t n = (uint64_t)backoff_rand_u32(&r->seed) << 32 | backoff_rand_u32(&r->seed);
		snprintf(nonce_buf, sizeof nonce_buf, "%" PRIu64, n);
		nonce = nonce_buf;
	}
	snprintf(path, sizeof path, "/channels/%s/messages", channel_id);
	snprintf(route, sizeof route, "POST /channels/%s/messages", channel_id);
	char *body = message_body(content, reply_to_message_id, nonce);
	if (!body)
		return BB_ENOMEM;
	struct rest_req *q = req_new(r, "POST", path, body, route, done, user, &err);
	free(body);
	if (!q)
		return err;
	q->skip_ok_body = skip_ok_body;
	struct chan *c = chan_find(r, channel_id);
	if (c) {
		q->chan = c;
		list_push(&c->waiting, q, false);
		return 0;
	}
	c = calloc(1, sizeof *c);
	if (!c || !(c->id = strdup(channel_id))) {
		free(c);
		req_free(q);
		return BB_ENOMEM;
	}
	c->next = r->chans;
	r->chans = c;
	q->chan = c;
	list_push(&r->pending, q, false);
	pump(r);
	return 0;
}

int discord_rest_create_message(struct discord_rest *r, const char *channel_id,
				const char *content, const char *reply_to_message_id,
				const char *nonce, discord_rest_done done, void *user)
{
	return create_message(r, channel_id, content, reply_to_message_id, nonce, false, done,
			      user);
}

int discord_rest_post_message(struct discord_rest *r, const char *channel_id,
			      const char *content, const char *reply_to_message_id,
			      const char *nonce, discord_rest_done done, void *user)
{
	return create_message(r, channel_id, content, reply_to_message_id, nonce, true, done,
			      user);
}
