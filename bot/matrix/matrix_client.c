#include "bot/matrix/matrix_client.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/metrics.h"
#include "bot/net/backoff.h"
#include "bot/net/http.h"
#include "common/error.h"

struct call {
	struct matrix_client *c;
	uint64_t id;
	char *method, *url, *body;
	long timeout_ms;
	unsigned flags;
	matrix_done_fn done;
	void *user;
	uint64_t http_id;         /* nonzero while a request is in flight */
	uv_timer_t timer;         /* the wait before a retry */
	bool timer_ready;
	struct backoff bo;
	unsigned attempts;
	struct call *prev, *next;
};

struct matrix_client {
	uv_loop_t *loop;
	struct http *http;
	char *base;               /* the homeserver URL without a trailing '/' */
	char *auth_header;        /* "Authorization: Bearer ..." or NULL */
	long timeout_ms;
	uint32_t retry_base_ms, retry_cap_ms;
	uint64_t seed;
	const struct logger *log;
	struct metrics *metrics;
	void (*retrying)(void *call_user, bool rate_limited);
	uint64_t next_id;
	struct call *calls;
	size_t n_calls;
};

/* ---- pure helpers ---- */

enum matrix_retry matrix_client_classify(int http_err, long status)
{
	if (http_err == BB_ENET)
		return MATRIX_RETRY_BACKOFF;
	if (http_err)
		return MATRIX_FINISHED; /* bad URL, TLS refused, body too big */
	if (status == 429)
		return MATRIX_RETRY_AFTER;
	if (status >= 500 || status == 408)
		return MATRIX_RETRY_BACKOFF;
	return MATRIX_FINISHED;
}

static bool unreserved(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '-' || ch == '.' || ch == '_' || ch == '~';
}

void matrix_client_escape(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (unreserved(*p)) {
			strbuf_putc(sb, (char)*p);
			continue;
		}
		char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };
		strbuf_append(sb, esc, 3);
	}
}

int matrix_client_txn_id(const char *event_id, unsigned chunk, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	int w = snprintf(out, cap, "bb1-");
	if (w < 0 || (size_t)w >= cap)
		goto too_big;
	n = (size_t)w;
	/* Letters, digits, '-' and '_' stay; every other byte becomes ".xx",
	 * so distinct event ids give distinct transaction ids. */
	for (const unsigned char *p = (const unsigned char *)(event_id ? event_id : ""); *p; p++) {
		bool keep = *p != '.' && *p != '~' && unreserved(*p);
		if (n + (keep ? 1 : 3) >= cap)
			goto too_big;
		if (keep) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '.';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	w = snprintf(out + n, cap - n, "-%u", chunk);
	if (w < 0 || (size_t)w >= cap - n)
		goto too_big;
	return 0;
too_big:
	if (cap)
		out[0] = '\0';
	return BB_ETOOBIG;
}

/* ---- the client ---- */

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

struct matrix_client *matrix_client_new(uv_loop_t *loop, const struct matrix_client_options *opt)
{
	if (!loop || !opt || !opt->homeserver || !*opt->homeserver)
		return NULL;
	struct matrix_client *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->loop = loop;
	c->timeout_ms = opt->timeout_ms > 0 ? opt->timeout_ms : 15000;
	c->retry_base_ms = opt->retry_base_ms ? opt->retry_base_ms : 500;
	c->retry_cap_ms = opt->retry_cap_ms ? opt->retry_cap_ms : 60000;
	c->seed = opt->seed ? opt->seed : 0x9e3779b97f4a7c15ull;
	c->log = opt->log;
	c->metrics = opt->metrics;
	c->retrying = opt->retrying;
	c->base = strdup(opt->homeserver);
	struct http_options ho = {
		.timeout_ms = c->timeout_ms,
		.ca_file = opt->ca_file,
		.log = opt->log,
		.max_response_bytes = 16u << 20,
	};
	c->http = http_new(loop, &ho);
	if (!c->base || !c->http) {
		matrix_client_free(c);
		return NULL;
	}
	size_t n = strlen(c->base);
	while (n > 0 && c->base[n - 1] == '/')
		c->base[--n] = '\0';
	return c;
}

static void call_freed(uv_handle_t *h)
{
	free(h->data);
}

/* Unlinks and frees a call (its request already canceled or done). */
static void call_free(struct call *k)
{
	struct matrix_client *c = k->c;
	if (k->prev)
		k->prev->next = k->next;
	else
		c->calls = k->next;
	if (k->next)
		k->next->prev = k->prev;
	c->n_calls--;
	free(k->method);
	free(k->url);
	free(k->body);
	if (k->timer_ready) {
		k->timer.data = k;
		uv_close((uv_handle_t *)&k->timer, call_freed);
	} else {
		free(k);
	}
}

void matrix_client_free(struct matrix_client *c)
{
	if (!c)
		return;
	/* http_free drops every transfer without calling back. */
	http_free(c->http);
	c->http = NULL;
	while (c->calls)
		call_free(c->calls);
	free(c->base);
	free(c->auth_header);
	free(c);
}

int matrix_client_set_token(struct matrix_client *c, const char *token)
{
	if (!c)
		return BB_EINVAL;
	char *h = NULL;
	if (token) {
		struct strbuf sb = {0};
		strbuf_printf(&sb, "Authorization: Bearer %s", token);
		h = strbuf_steal(&sb);
		if (!h)
			return BB_ENOMEM;
	}
	free(c->auth_header);
	c->auth_header = h;
	return 0;
}

size_t matrix_client_pending(const struct matrix_client *c)
{
	return c ? c->n_calls : 0;
}

static void send_attempt(struct call *k);

static void on_retry_timer(uv_timer_t *t)
{
	send_attempt(t->data);
}

/* Finishes a call: the callback gets the result, then the call goes. */
static void finish(struct call *k, struct matrix_result *res)
{
	res->attempts = k->attempts;
	matrix_done_fn done = k->done;
	void *user = k->user;
	call_free(k);
	done(user, res);
}

/* Waits `ms` then tries again. */
static void retry_later(struct call *k, uint64_t ms, const char *why)
{
	if (!k->timer_ready) {
		uv_timer_init(k->c->loop, &k->timer);
		k->timer.data = k;
		k->timer_ready = true;
	}
	log_msg(k->c->log, LOG_INFO, "matrix", "%s %s: %s; retry %u in %llu ms", k->method,
		strchr(k->url + 8, '/') ? strchr(k->url + 8, '/') : k->url, why, k->attempts,
		(unsigned long long)ms);
	uv_timer_start(&k->timer, on_retry_timer, ms, 0);
}

/* The delay a 429 asks for: retry_after_ms in the body, else Retry-After
 * seconds, else -1. */
static int64_t retry_after(const struct http_response *resp, const cJSON *err)
{
	const cJSON *ms = cJSON_GetObjectItemCaseSensitive(err, "retry_after_ms");
	if (cJSON_IsNumber(ms) && ms->valuedouble >= 0 && ms->valuedouble < 3.6e6)
		return (int64_t)ms->valuedouble;
	const char *h = http_response_header(resp, "Retry-After");
	if (h) {
		char *end;
		errno = 0;
		long s = strtol(h, &end, 10);
		if (!errno && end != h && s >= 0 && s < 3600)
			return (int64_t)s * 1000;
	}
	return -1;
}

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static void on_http_done(void *user, const struct http_response *resp)
{
	struct call *k = user;
	k->http_id = 0;
	cJSON *json = NULL;
	struct matrix_result res = {
		.status = resp->status, .errcode = "", .error = resp->detail ? resp->detail : "",
		.body = resp->body, .body_len = resp->body_len,
	};
	bool ok = !resp->err && resp->status >= 200 && resp->status < 300;
	if (!resp->err && (!ok || !(k->flags & MATRIX_CALL_RAW)))
		json = cJSON_ParseWithLength(resp->body, resp->body_len);
	if (!ok && cJSON_IsObject(json)) {
		res.errcode = json_str(json, "errcode");
		res.error = json_str(json, "error");
	}
	enum matrix_retry what = matrix_client_classify(resp->err, resp->status);
	if (what != MATRIX_FINISHED && !(k->flags & MATRIX_CALL_NO_RETRY)) {
		if (what == MATRIX_RETRY_AFTER) {
			metrics_inc(k->c->metrics, METRIC_REST_429, "matrix");
			metrics_inc(k->c->metrics, METRIC_RATELIMIT_WAITS, "matrix");
		} else {
			metrics_inc(k->c->metrics, METRIC_RECONNECTS, "matrix");
		}
		int64_t wait = what == MATRIX_RETRY_AFTER ? retry_after(resp, json) : -1;
		if (wait < 0)
			wait = backoff_next_ms(&k->bo, backoff_rand_u32(&k->c->seed));
		char why[96];
		if (resp->err)
			snprintf(why, sizeof why, "%s", resp->timed_out ? "timed out" : bb_strerror(resp->err));
		else
			snprintf(why, sizeof why, "HTTP %ld %s", resp->status, res.errcode);
		cJSON_Delete(json);
		retry_later(k, (uint64_t)wait, why);
		if (k->c->retrying)
			k->c->retrying(k->user, what == MATRIX_RETRY_AFTER);
		return;
	}
	if (resp->err)
		res.err = resp->err;
	else if (what == MATRIX_RETRY_AFTER)
		res.err = BB_ELIMIT;
	else if (what == MATRIX_RETRY_BACKOFF)
		res.err = BB_ENET;
	else if (!ok && (strcmp(res.errcode, "M_UNKNOWN_TOKEN") == 0 ||
			 strcmp(res.errcode, "M_MISSING_TOKEN") == 0))
		res.err = BB_EAUTH;
	else if (!ok || (!(k->flags & MATRIX_CALL_RAW) && !cJSON_IsObject(json) && !cJSON_IsArray(json)))
		res.err = BB_EPROTO;
	res.json = ok ? json : NULL;
	finish(k, &res);
	cJSON_Delete(json);
}

static void send_attempt(struct call *k)
{
	const char *headers[4];
	size_t n = 0;
	if (k->c->auth_header && !(k->flags & MATRIX_CALL_NO_AUTH))
		headers[n++] = k->c->auth_header;
	if (k->body)
		headers[n++] = "Content-Type: application/json";
	headers[n] = NULL;
	struct http_req req = {
		.method = k->method, .url = k->url, .headers = headers,
		.body = k->body, .body_len = k->body ? strlen(k->body) : 0,
		.timeout_ms = k->timeout_ms,
	};
	k->attempts++;
	int err = http_request(k->c->http, &req, on_http_done, k, &k->http_id);
	if (err) {
		struct matrix_result res = { .err = err, .errcode = "", .error = bb_strerror(err),
					     .body = "" };
		finish(k, &res);
	}
}

static void on_start(uv_timer_t *t)
{
	send_attempt(t->data);
}

int matrix_client_call(struct matrix_client *c, const struct matrix_call_spec *spec,
		       matrix_done_fn done, void *user, uint64_t *id_out)
{
	if (!c || !spec || !spec->method || !spec->path || !done)
		return BB_EINVAL;
	struct call *k = calloc(1, sizeof *k);
	if (!k)
		return BB_ENOMEM;
	struct strbuf url = {0};
	strbuf_printf(&url, "%s%s", c->base, spec->path);
	k->c = c;
	k->method = strdup(spec->method);
	k->url = strbuf_steal(&url);
	k->body = dup_or_null(spec->body);
	if (!k->method || !k->url || (spec->body && !k->body)) {
		free(k->method);
		free(k->url);
		free(k->body);
		free(k);
		return BB_ENOMEM;
	}
	k->timeout_ms = spec->timeout_ms;
	k->flags = spec->flags;
	k->done = done;
	k->user = user;
	k->id = ++c->next_id;
	backoff_init(&k->bo, c->retry_base_ms, c->retry_cap_ms);
	k->next = c->calls;
	if (c->calls)
		c->calls->prev = k;
	c->calls = k;
	c->n_calls++;
	/* Start from the loop, so `done` is never called from in here. */
	uv_timer_init(c->loop, &k->timer);
	k->timer.data = k;
	k->timer_ready = true;
	uv_timer_start(&k->timer, on_start, 0, 0);
	if (id_out)
		*id_out = k->id;
	return 0;
}

int matrix_client_cancel(struct matrix_client *c, uint64_t id)
{
	if (!c)
		return BB_EINVAL;
	for (struct call *k = c->calls; k; k = k->next) {
		if (k->id != id)
			continue;
		if (k->http_id)
			http_cancel(c->http, k->http_id);
		call_free(k);
		return 0;
	}
	return BB_ENOTFOUND;
}
