/* Tests of bot/net/http against a tiny HTTP/1.1 server that runs on the same uv
 * loop, on 127.0.0.1 and a port the OS picks. The path of a request tells
 * the server what to do:
 *   /echo            200 "ok" (the request is recorded in srv.last_*)
 *   /id/X            200 with body X
 *   /status/N        status N, body "status N" (429 adds Retry-After: 2)
 *   /headers         200 with rate-limit style headers
 *   /big/N           N bytes with Content-Length; /chunked/N: N bytes chunked
 *   /hold            no answer until srv_release_all() (or release_at held)
 *   /drop            close the connection without answering
 *   /keep/X          200 with body X, the connection kept for the next request
 *   /keep-close/X    the same answer (keep-alive as far as the client can
 *                    tell), then the server closes the connection
 * Otherwise one request per connection (the server answers "Connection:
 * close").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#include "bot/net/http.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "tests/tls_server.h"

/* ---- the loopback server ------------------------------------------------ */

struct srv;

struct conn {
	uv_tcp_t tcp;
	struct srv *srv;
	struct strbuf in;
	bool answered;    /* a reply was written or the connection dropped */
	bool held;
	bool closing;
	bool keep;        /* answer without "Connection: close", keep reading */
	bool close_after; /* ... but close once the answer is written */
	struct conn *prev, *next;
};

struct srv {
	uv_loop_t *loop;
	uv_tcp_t listener;
	int port;
	struct conn *conns;
	int n_requests;
	int held, max_held;
	int open, max_open;
	int accepted;         /* connections accepted in all */
	int peer_closed;      /* unanswered connections the client closed */
	int release_at;       /* > 0: answer every held request once this many wait */
	char last_method[16];
	char last_path[256];
	struct strbuf last_headers;
	struct strbuf last_body;
};

struct write_req {
	uv_write_t req;
	struct conn *conn;
	char *data;
};

static void conn_freed(uv_handle_t *handle)
{
	struct conn *c = handle->data;
	strbuf_free(&c->in);
	free(c);
}

static void conn_close(struct conn *c)
{
	struct srv *s = c->srv;
	if (c->closing)
		return;
	c->closing = true;
	if (c->held)
		s->held--;
	s->open--;
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	uv_close((uv_handle_t *)&c->tcp, conn_freed);
}

static void on_written(uv_write_t *req, int status)
{
	struct write_req *w = req->data;
	struct conn *c = w->conn;
	if (c->keep && !c->close_after) {
		/* ready for the client's next request (it sends one at a time) */
		c->answered = false;
		c->keep = false;
		strbuf_truncate(&c->in, 0);
	} else {
		conn_close(c);
	}
	free(w->data);
	free(w);
}

static void conn_send(struct conn *c, struct strbuf *out)
{
	struct write_req *w = calloc(1, sizeof *w);
	assert_non_null(w);
	assert_false(strbuf_failed(out));
	size_t len = out->len;
	w->conn = c;
	w->data = strbuf_steal(out);
	w->req.data = w;
	uv_buf_t buf = uv_buf_init(w->data, (unsigned)len);
	c->answered = true;
	assert_int_equal(uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, on_written), 0);
}

static void conn_reply(struct conn *c, int status, const char *headers, const char *body,
		       size_t body_len, bool chunked)
{
	struct strbuf out = {0};
	strbuf_printf(&out, "HTTP/1.1 %d Whatever\r\n%s%s", status,
		      c->keep ? "" : "Connection: close\r\n", headers ? headers : "");
	if (!chunked) {
		strbuf_printf(&out, "Content-Length: %zu\r\n\r\n", body_len);
		strbuf_append(&out, body, body_len);
	} else {
		strbuf_puts(&out, "Transfer-Encoding: chunked\r\n\r\n");
		for (size_t off = 0; off < body_len; off += 1000) {
			size_t n = body_len - off < 1000 ? body_len - off : 1000;
			strbuf_printf(&out, "%zx\r\n", n);
			strbuf_append(&out, body + off, n);
			strbuf_puts(&out, "\r\n");
		}
		strbuf_puts(&out, "0\r\n\r\n");
	}
	conn_send(c, &out);
}

static void srv_release_all(struct srv *s)
{
	struct conn *c = s->conns;
	while (c) {
		struct conn *next = c->next;
		if (c->held && !c->answered)
			conn_reply(c, 200, NULL, "held", 4, false);
		c = next;
	}
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void conn_reply_big(struct conn *c, const char *count, bool chunked)
{
	long n = strtol(count, NULL, 10);
	assert_true(n >= 0 && n <= 1000000);
	char *body = malloc((size_t)n + 1);
	assert_non_null(body);
	memset(body, 'x', (size_t)n);
	conn_reply(c, 200, NULL, body, (size_t)n, chunked);
	free(body);
}

static void srv_route(struct conn *c, const char *path)
{
	struct srv *s = c->srv;
	char buf[64];

	if (strcmp(path, "/hold") == 0) {
		c->held = true;
		s->held++;
		if (s->held > s->max_held)
			s->max_held = s->held;
		if (s->release_at > 0 && s->held >= s->release_at)
			srv_release_all(s);
	} else if (strcmp(path, "/drop") == 0) {
		c->answered = true;
		conn_close(c);
	} else if (has_prefix(path, "/status/")) {
		long status = strtol(path + 8, NULL, 10);
		int n = snprintf(buf, sizeof buf, "status %ld", status);
		conn_reply(c, (int)status, status == 429 ? "Retry-After: 2\r\n" : NULL, buf,
			   (size_t)n, false);
	} else if (strcmp(path, "/headers") == 0) {
		conn_reply(c, 200,
			   "X-RateLimit-Remaining: 4\r\n"
			   "x-ratelimit-reset-after:   1.5  \r\n"
			   "Set-Thing: a\r\n"
			   "Set-Thing: b\r\n",
			   "{}", 2, false);
	} else if (has_prefix(path, "/big/")) {
		conn_reply_big(c, path + 5, false);
	} else if (has_prefix(path, "/chunked/")) {
		conn_reply_big(c, path + 9, true);
	} else if (has_prefix(path, "/keep/") || has_prefix(path, "/keep-close/")) {
		const char *body = strchr(path + 1, '/') + 1;
		c->keep = true;
		c->close_after = has_prefix(path, "/keep-close/");
		conn_reply(c, 200, NULL, body, strlen(body), false);
	} else if (has_prefix(path, "/id/")) {
		conn_reply(c, 200, NULL, path + 4, strlen(path + 4), false);
	} else if (has_prefix(path, "/redirect/")) {
		/* /redirect/N answers 302 to /redirect/N-1; /redirect/0 lands. */
		long left = strtol(path + 10, NULL, 10);
		char loc[64];
		snprintf(loc, sizeof loc, "Location: /redirect/%ld\r\n", left - 1);
		if (left > 0)
			conn_reply(c, 302, loc, "", 0, false);
		else
			conn_reply(c, 200, NULL, "landed", 6, false);
	} else if (strcmp(path, "/to-file") == 0) {
		conn_reply(c, 302, "Location: file:///etc/passwd\r\n", "", 0, false);
	} else if (strcmp(path, "/echo") == 0) {
		conn_reply(c, 200, "Content-Type: text/plain\r\n", "ok", 2, false);
	} else {
		conn_reply(c, 404, NULL, "no such path", 12, false);
	}
}

/* Returns the value of header `name` in the raw header block, or -1. */
static long header_long(const char *block, const char *name)
{
	size_t n = strlen(name);
	for (const char *line = block; line && *line; ) {
		if (strncasecmp(line, name, n) == 0 && line[n] == ':')
			return strtol(line + n + 1, NULL, 10);
		line = strstr(line, "\r\n");
		if (line)
			line += 2;
	}
	return -1;
}

/* Handles the request in c->in once it is complete. */
static void conn_try_request(struct conn *c)
{
	struct srv *s = c->srv;
	const char *in = strbuf_str(&c->in);
	const char *end = strstr(in, "\r\n\r\n");
	if (!end || c->answered || c->held)
		return;
	size_t head_len = (size_t)(end - in) + 2;
	long clen = header_long(in, "Content-Length");
	size_t body_len = clen > 0 ? (size_t)clen : 0;
	if (c->in.len < head_len + 2 + body_len)
		return;

	char method[16], path[256];
	int n = sscanf(in, "%15s %255s", method, path);
	assert_int_equal(n, 2);
	s->n_requests++;
	snprintf(s->last_method, sizeof s->last_method, "%s", method);
	snprintf(s->last_path, sizeof s->last_path, "%s", path);
	strbuf_truncate(&s->last_headers, 0);
	strbuf_truncate(&s->last_body, 0);
	const char *headers = strstr(in, "\r\n") + 2;
	strbuf_append(&s->last_headers, headers, (size_t)(in + head_len - headers));
	strbuf_append(&s->last_body, in + head_len + 2, body_len);
	srv_route(c, path);
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
	buf->base = malloc(suggested);
	buf->len = buf->base ? suggested : 0;
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	struct conn *c = stream->data;
	if (nread < 0) {
		if (!c->answered)
			c->srv->peer_closed++;
		conn_close(c);
	} else {
		strbuf_append(&c->in, buf->base, (size_t)nread);
		conn_try_request(c);
	}
	free(buf->base);
}

static void on_connection(uv_stream_t *listener, int status)
{
	struct srv *s = listener->data;
	assert_int_equal(status, 0);
	struct conn *c = calloc(1, sizeof *c);
	assert_non_null(c);
	c->srv = s;
	uv_tcp_init(s->loop, &c->tcp);
	c->tcp.data = c;
	assert_int_equal(uv_accept(listener, (uv_stream_t *)&c->tcp), 0);
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->open++;
	s->accepted++;
	if (s->open > s->max_open)
		s->max_open = s->open;
	uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
}

static void srv_start(struct srv *s, uv_loop_t *loop)
{
	struct sockaddr_in addr;
	struct sockaddr_storage bound;
	int len = sizeof bound;

	memset(s, 0, sizeof *s);
	s->loop = loop;
	uv_tcp_init(loop, &s->listener);
	s->listener.data = s;
	uv_ip4_addr("127.0.0.1", 0, &addr);
	assert_int_equal(uv_tcp_bind(&s->listener, (const struct sockaddr *)&addr, 0), 0);
	assert_int_equal(uv_listen((uv_stream_t *)&s->listener, 64, on_connection), 0);
	assert_int_equal(uv_tcp_getsockname(&s->listener, (struct sockaddr *)&bound, &len), 0);
	s->port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
}

static void srv_stop(struct srv *s)
{
	while (s->conns)
		conn_close(s->conns);
	uv_close((uv_handle_t *)&s->listener, NULL);
	strbuf_free(&s->last_headers);
	strbuf_free(&s->last_body);
}

/* ---- fixture ------------------------------------------------------------ */

struct fx {
	uv_loop_t loop;
	uv_timer_t watchdog;
	bool stuck;
	struct srv srv;
	struct http *h;
	char url[128];
};

static void on_watchdog(uv_timer_t *t)
{
	struct fx *fx = t->data;
	fx->stuck = true;
}

/* Runs the loop until `cond` holds; fails the test if the 10 s watchdog
 * fires first (a hang guard, not a timing assertion). */
#define RUN_UNTIL(fx, cond)                                      \
	do {                                                     \
		while (!(cond) && !(fx)->stuck)                  \
			uv_run(&(fx)->loop, UV_RUN_ONCE);        \
		assert_false((fx)->stuck);                       \
	} while (0)

static struct http *fx_client(struct fx *fx, const struct http_options *opt)
{
	http_free(fx->h);
	fx->h = http_new(&fx->loop, opt);
	assert_non_null(fx->h);
	return fx->h;
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	assert_int_equal(uv_loop_init(&fx->loop), 0);
	uv_timer_init(&fx->loop, &fx->watchdog);
	fx->watchdog.data = fx;
	uv_timer_start(&fx->watchdog, on_watchdog, 10000, 0);
	srv_start(&fx->srv, &fx->loop);
	snprintf(fx->url, sizeof fx->url, "http://127.0.0.1:%d", fx->srv.port);
	fx_client(fx, NULL);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	http_free(fx->h);
	srv_stop(&fx->srv);
	uv_close((uv_handle_t *)&fx->watchdog, NULL);
	uv_run(&fx->loop, UV_RUN_DEFAULT);
	/* Every handle of the client and the server was closed. */
	assert_int_equal(uv_loop_close(&fx->loop), 0);
	free(fx);
	return 0;
}

/* ---- request helpers ---------------------------------------------------- */

struct result {
	int calls;
	int err;
	bool timed_out;
	long status;
	char body[64];
	size_t body_len;
	char remaining[16];
	char reset_after[16];
	char set_thing[16];
	char retry_after[16];
	char url[128];
	char detail[160];
	bool missing_is_null;
	int order;            /* 1 for the first callback of a test, ... */
	int *counter;         /* shared completion counter */
	struct fx *fx;        /* for callbacks that act on the client */
	const char *then_path;     /* start this request from the callback */
	struct result *then_result;
	bool free_client;     /* http_free() from the callback */
};

static void copy_header(const struct http_response *r, const char *name, char *out, size_t n)
{
	const char *v = http_response_header(r, name);
	snprintf(out, n, "%s", v ? v : "(null)");
}

static void start(struct fx *fx, const char *method, const char *path, struct result *res,
		  uint64_t *id);

static void on_done(void *user, const struct http_response *r)
{
	struct result *res = user;
	/* A callback can run from the timer phase, after which UV_RUN_ONCE
	 * would go on to block in poll: make uv_run return so RUN_UNTIL looks
	 * at its condition again. */
	uv_stop(&res->fx->loop);
	res->calls++;
	res->err = r->err;
	res->timed_out = r->timed_out;
	res->status = r->status;
	res->body_len = r->body_len;
	snprintf(res->body, sizeof res->body, "%s", r->body);
	snprintf(res->url, sizeof res->url, "%s", r->url);
	assert_non_null(r->detail);
	snprintf(res->detail, sizeof res->detail, "%s", r->detail);
	if (r->err)
		assert_true(strlen(r->detail) > 0);
	copy_header(r, "x-ratelimit-remaining", res->remaining, sizeof res->remaining);
	copy_header(r, "X-RATELIMIT-RESET-AFTER", res->reset_after, sizeof res->reset_after);
	copy_header(r, "Set-Thing", res->set_thing, sizeof res->set_thing);
	copy_header(r, "Retry-After", res->retry_after, sizeof res->retry_after);
	res->missing_is_null = http_response_header(r, "X-Missing") == NULL;
	if (res->counter)
		res->order = ++*res->counter;
	if (res->then_path)
		start(res->fx, "GET", res->then_path, res->then_result, NULL);
	if (res->free_client) {
		http_free(res->fx->h);
		res->fx->h = NULL;
	}
}

static void start_req(struct fx *fx, struct http_req *req, const char *path,
		      struct result *res, uint64_t *id)
{
	char url[256];
	snprintf(url, sizeof url, "%s%s", fx->url, path);
	req->url = url;
	res->fx = fx;
	assert_int_equal(http_request(fx->h, req, on_done, res, id), 0);
}

static void start(struct fx *fx, const char *method, const char *path, struct result *res,
		  uint64_t *id)
{
	struct http_req req = { .method = method };
	start_req(fx, &req, path, res, id);
}

/* ---- tests -------------------------------------------------------------- */

static void test_get_returns_status_and_body(void **state)
{
	struct fx *fx = *state;
	struct result res = {0};
	uint64_t id = 0;
	start(fx, NULL, "/id/seven", &res, &id);
	assert_true(id > 0);
	assert_int_equal(http_pending(fx->h), 1);
	RUN_UNTIL(fx, res.calls == 1);
	assert_int_equal(res.err, 0);
	assert_int_equal(res.status, 200);
	assert_string_equal(res.body, "seven");
	assert_int_equal(res.body_len, 5);
	assert_string_equal(fx->srv.last_method, "GET");
	assert_string_equal(fx->srv.last_path, "/id/seven");
	assert_non_null(strcasestr(strbuf_str(&fx->srv.last_headers), "User-Agent: briefbot/"));
	assert_int_equal(http_pending(fx->h), 0);
	/* The id is spent: canceling it now finds nothing. */
	assert_int_equal(http_cancel(fx->h, id), BB_ENOTFOUND);
}

/* Requests one after another on a kept connection use the one socket (its
 * poll handle kept, stopped, in between); a kept connection the server has
 * closed is replaced; the client is freed with a connection still kept
 * (teardown checks that every handle was closed). */
static void test_kept_connection(void **state)
{
	struct fx *fx = *state;
	static const char *const paths[] = { "/keep/a", "/keep/b", "/keep-close/c", "/keep/d",
					     "/keep/e" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct result res = {0};
		start(fx, NULL, paths[i], &res, NULL);
		RUN_UNTIL(fx, res.calls == 1);
		assert_int_equal(res.err, 0);
		assert_int_equal(res.status, 200);
		char want[2] = { (char)('a' + i), 0 };
		assert_string_equal(res.body, want);
		assert_int_equal(fx->srv.accepted, i < 3 ? 1 : 2);
	}
	assert_int_equal(fx->srv.open, 1);
}

static void test_post_sends_body_and_headers(void **state)
{
	struct fx *fx = *state;
	struct result res = {0};
	const char *headers[] = { "Content-Type: application/json",
				  "Authorization: Bot secret", NULL };
	/* Over 1 KiB, where curl would otherwise wait for 100-continue. */
	char body[3000];
	memset(body, 'b', sizeof body);
	memcpy(body, "{\"a\":", 5);
	struct http_req req = { .method = "POST", .headers = headers,
				.body = body, .body_len = sizeof body };
	start_req(fx, &req, "/echo", &res, NULL);
	RUN_UNTIL(fx, res.calls == 1);
	assert_int_equal(res.err, 0);
	assert_int_equal(res.status, 200);
	assert_string_equal(res.body, "ok");
	assert_string_equal(fx->srv.last_method, "POST");
	const char *h = strbuf_str(&fx->srv.last_headers);
	assert_non_null(strstr(h, "Content-Type: application/json\r\n"));
	assert_non_null(strstr(h, "Authorization: Bot secret\r\n"));
	assert_null(strcasestr(h, "Expect:"));
	assert_int_equal(fx->srv.last_body.len, sizeof body);
	assert_memory_equal(fx->srv.last_body.buf, body, sizeof body);
}

static void test_put_patch_delete(void **state)
{
	struct fx *fx = *state;
	struct result res[4] = {{0}};
	struct http_req put = { .method = "PUT", .body = "[1,2]", .body_len = 5 };
	start_req(fx, &put, "/echo", &res[0], NULL);
	RUN_UNTIL(fx, res[0].calls == 1);
	assert_string_equal(fx->srv.last_method, "PUT");
	assert_int_equal(fx->srv.last_body.len, 5);
	assert_memory_equal(fx->srv.last_body.buf, "[1,2]", 5);

	/* A PUT without a body still says Content-Length: 0. */
	start(fx, "PUT", "/echo", &res[1], NULL);
	RUN_UNTIL(fx, res[1].calls == 1);
	assert_string_equal(fx->srv.last_method, "PUT");
	assert_non_null(strcasestr(strbuf_str(&fx->srv.last_headers), "Content-Length: 0\r\n"));

	struct http_req patch = { .method = "PATCH", .body = "{}", .body_len = 2 };
	start_req(fx, &patch, "/echo", &res[2], NULL);
	RUN_UNTIL(fx, res[2].calls == 1);
	assert_string_equal(fx->srv.last_method, "PATCH");
	assert_int_equal(fx->srv.last_body.len, 2);

	start(fx, "DELETE", "/echo", &res[3], NULL);
	RUN_UNTIL(fx, res[3].calls == 1);
	assert_string_equal(fx->srv.last_method, "DELETE");
	assert_int_equal(fx->srv.last_body.len, 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(res[i].err, 0);
		assert_int_equal(res[i].status, 200);
	}
}

static void test_response_headers_case_insensitive(void **state)
{
	struct fx *fx = *state;
	struct result res = {0};
	start(fx, "GET", "/headers", &res, NULL);
	RUN_UNTIL(fx, res.calls == 1);
	assert_int_equal(res.status, 200);
	assert_string_equal(res.remaining, "4");
	assert_string_equal(res.reset_after, "1.5");
	assert_string_equal(res.set_thing, "a");
	assert_true(res.missing_is_null);
}

static void test_error_statuses_pass_through(void **state)
{
	struct fx *fx = *state;
	const long statuses[] = { 404, 429, 500, 503 };
	struct result res[4] = {{0}};
	char path[32];
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "/status/%ld", statuses[i]);
		start(fx, "POST", path, &res[i], NULL);
	}
	RUN_UNTIL(fx, res[0].calls + res[1].calls + res[2].calls + res[3].calls == 4);
	for (int i = 0; i < 4; i++) {
		char want[32];
		snprintf(want, sizeof want, "status %ld", statuses[i]);
		assert_int_equal(res[i].calls, 1);
		assert_int_equal(res[i].err, 0);
		assert_int_equal(res[i].status, statuses[i]);
		assert_string_equal(res[i].body, want);
	}
	assert_string_equal(res[1].retry_after, "2");
	assert_string_equal(res[0].retry_after, "(null)");
}

static void test_connection_refused_is_enet(void **state)
{
	struct fx *fx = *state;
	/* A socket bound but not listening: connecting to it is refused, and
	 * holding it keeps anyone else off the port. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_in addr = { .sin_family = AF_INET };
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof addr;
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof addr), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);

	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/x", ntohs(addr.sin_port));
	struct result res = { .fx = fx };
	struct http_req req = { .url = url };
	assert_int_equal(http_request(fx->h, &req, on_done, &res, NULL), 0);
	RUN_UNTIL(fx, res.calls == 1);
	close(fd);
	assert_int_equal(res.err, BB_ENET);
	assert_false(res.timed_out);
	assert_int_equal(res.status, 0);
}

static void test_timeout_is_enet(void **state)
{
	struct fx *fx = *state;
	struct result res = {0};
	struct http_req req = { .timeout_ms = 100 };
	start_req(fx, &req, "/hold", &res, NULL);
	RUN_UNTIL(fx, res.calls == 1);
	assert_int_equal(res.err, BB_ENET);
	assert_true(res.timed_out);
	assert_int_equal(res.status, 0);
	/* The client hung up on the held request. */
	RUN_UNTIL(fx, fx->srv.peer_closed == 1);
}

static void test_dropped_connection_is_enet(void **state)
{
	struct fx *fx = *state;
	struct result res = {0};
	start(fx, "GET", "/drop", &res, NULL);
	RUN_UNTIL(fx, res.calls == 1);
	assert_int_equal(res.err, BB_ENET);
	assert_false(res.timed_out);
	assert_int_equal(res.status, 0);
}

static void test_response_size_limit(void **state)
{
	struct fx *fx = *state;
	struct http_options opt = { .max_response_bytes = 1000 };
	fx_client(fx, &opt);
	struct result res[3] = {{0}};
	start(fx, "GET", "/big/5000", &res[0], NULL);
	start(fx, "GET", "/chunked/5000", &res[1], NULL);
	start(fx, "GET", "/chunked/1000", &res[2], NULL);
	RUN_UNTIL(fx, res[0].calls + res[1].calls + res[2].calls == 3);
	assert_int_equal(res[0].err, BB_ETOOBIG);
	assert_int_equal(res[1].err, BB_ETOOBIG);
	assert_int_equal(res[2].err, 0);
	assert_int_equal(res[2].body_len, 1000);
}

/* Redirects are followed only when asked, up to the limit, and never to a
 * scheme other than http(s). */
static void test_redirects(void **state)
{
	struct fx *fx = *state;
	struct result res[5] = {{0}};
	struct http_req follow = { .max_redirects = 5 };
	start(fx, "GET", "/redirect/1", &res[0], NULL);
	start_req(fx, &follow, "/redirect/5", &res[1], NULL);
	start_req(fx, &follow, "/redirect/6", &res[2], NULL);
	start_req(fx, &follow, "/to-file", &res[3], NULL);
	RUN_UNTIL(fx, res[0].calls + res[1].calls + res[2].calls + res[3].calls == 4);
	assert_int_equal(res[0].err, 0);
	assert_int_equal(res[0].status, 302);
	assert_int_equal(res[1].err, 0);
	assert_int_equal(res[1].status, 200);
	assert_string_equal(res[1].body, "landed");
	assert_non_null(strstr(res[1].url, "/redirect/0"));
	assert_int_equal(res[2].err, BB_ELIMIT);
	assert_int_equal(res[3].err, BB_EINVAL);
	assert_non_null(strstr(res[3].detail, "file"));
}

/* public_only checks the address connected to, not the name: 127.0.0.1
 * and localhost are both refused, before anything is sent. */
static void test_public_only_refuses_loopback(void **state)
{
	struct fx *fx = *state;
	struct result res[3] = {{0}};
	struct http_req guarded = { .public_only = true, .max_redirects = 5 };
	char url[128];
	start_req(fx, &guarded, "/id/one", &res[0], NULL);
	snprintf(url, sizeof url, "http://localhost:%d/id/two", fx->srv.port);
	guarded.url = url;
	res[1].fx = fx;
	assert_int_equal(http_request(fx->h, &guarded, on_done, &res[1], NULL), 0);
	/* The same server without the guard, and a smaller body cap. */
	struct http_req small = { .max_bytes = 100 };
	start_req(fx, &small, "/big/5000", &res[2], NULL);
	RUN_UNTIL(fx, res[0].calls + res[1].calls + res[2].calls == 3);
	assert_int_equal(res[0].err, BB_EPERM);
	assert_string_equal(res[0].detail, "refused to connect to 127.0.0.1: a loopback address");
	assert_int_equal(res[1].err, BB_EPERM);
	assert_non_null(strstr(res[1].detail, "loopback"));
	assert_int_equal(res[2].err, BB_ETOOBIG);
	assert_string_equal(fx->srv.last_path, "/big/5000");
}

static const char *v4(const char *ip)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	assert_int_equal(inet_pton(AF_INET, ip, &sa.sin_addr), 1);
	return http_address_not_public((const struct sockaddr *)&sa);
}

static const char *v6(const char *ip)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	assert_int_equal(inet_pton(AF_INET6, ip, &sa.sin6_addr), 1);
	return http_address_not_public((const struct sockaddr *)&sa);
}

static void test_address_ranges(void **state)
{
	assert_null(v4("8.8.8.8"));
	assert_null(v4("172.32.0.1"));
	assert_null(v4("192.169.0.1"));
	assert_string_equal(v4("127.0.0.1"), "loopback");
	assert_string_equal(v4("127.255.255.254"), "loopback");
	assert_string_equal(v4("10.1.2.3"), "private");
	assert_string_equal(v4("172.16.0.1"), "private");
	assert_string_equal(v4("172.31.255.255"), "private");
	assert_string_equal(v4("192.168.1.1"), "private");
	assert_string_equal(v4("169.254.169.254"), "link-local");
	assert_string_equal(v4("100.64.0.1"), "shared (carrier-grade NAT)");
	assert_string_equal(v4("0.0.0.0"), "\"this network\"");
	assert_string_equal(v4("224.0.0.1"), "multicast");
	assert_string_equal(v4("255.255.255.255"), "reserved");
	assert_null(v6("2a00:1450:4001::200e"));
	assert_string_equal(v6("::1"), "loopback");
	assert_string_equal(v6("::"), "unspecified");
	assert_string_equal(v6("fe80::1"), "link-local");
	assert_string_equal(v6("fd12:3456::1"), "private (unique local)");
	assert_string_equal(v6("ff02::1"), "multicast");
	assert_string_equal(v6("::ffff:127.0.0.1"), "loopback");
	assert_string_equal(v6("::ffff:10.0.0.1"), "private");
	assert_null(v6("::ffff:8.8.8.8"));
}

/* With a cap of 3, nine held requests reach the server three at a time (it
 * answers a batch once three wait): never more, and never fewer. */
static void test_concurrency_cap(void **state)
{
	struct fx *fx = *state;
	struct http_options opt = { .max_concurrent = 3 };
	fx_client(fx, &opt);
	fx->srv.release_at = 3;
	struct result res[9] = {{0}};
	int done = 0;
	for (int i = 0; i < 9; i++) {
		res[i].counter = &done;
		start(fx, "GET", "/hold", &res[i], NULL);
	}
	assert_int_equal(http_pending(fx->h), 9);
	RUN_UNTIL(fx, done == 9);
	for (int i = 0; i < 9; i++) {
		assert_int_equal(res[i].err, 0);
		assert_string_equal(res[i].body, "held");
	}
	assert_int_equal(fx->srv.n_requests, 9);
	assert_int_equal(fx->srv.max_held, 3);
	assert_int_equal(fx->srv.max_open, 3);
}

/* A long poll in flight does not hold up other requests. */
static void test_long_poll_coexists(void **state)
{
	struct fx *fx = *state;
	struct result poll = {0};
	struct result res[5] = {{0}};
	int done = 0;
	poll.counter = &done;
	struct http_req req = { .timeout_ms = 60000 };
	start_req(fx, &req, "/hold", &poll, NULL);
	RUN_UNTIL(fx, fx->srv.held == 1);
	for (int i = 0; i < 5; i++) {
		char path[16];
		snprintf(path, sizeof path, "/id/%d", i);
		res[i].counter = &done;
		start(fx, "GET", path, &res[i], NULL);
	}
	RUN_UNTIL(fx, done == 5);
	assert_int_equal(poll.calls, 0);
	for (int i = 0; i < 5; i++) {
		char want[16];
		snprintf(want, sizeof want, "%d", i);
		assert_string_equal(res[i].body, want);
	}
	srv_release_all(&fx->srv);
	RUN_UNTIL(fx, poll.calls == 1);
	assert_int_equal(poll.order, 6);
	assert_string_equal(poll.body, "held");
}

static void test_cancel_in_flight_and_queued(void **state)
{
	struct fx *fx = *state;
	struct http_options opt = { .max_concurrent = 1 };
	fx_client(fx, &opt);
	struct result held = {0}, queued = {0}, after = {0};
	uint64_t held_id = 0, queued_id = 0;
	start(fx, "GET", "/hold", &held, &held_id);
	start(fx, "GET", "/id/queued", &queued, &queued_id);
	RUN_UNTIL(fx, fx->srv.held == 1);
	assert_int_equal(http_pending(fx->h), 2);

	/* Canceling the queued one leaves the slot to nobody yet. */
	assert_int_equal(http_cancel(fx->h, queued_id), 0);
	assert_int_equal(http_cancel(fx->h, queued_id), BB_ENOTFOUND);
	assert_int_equal(http_pending(fx->h), 1);

	/* Canceling the active one closes its connection. */
	assert_int_equal(http_cancel(fx->h, held_id), 0);
	assert_int_equal(http_cancel(fx->h, held_id), BB_ENOTFOUND);
	assert_int_equal(http_pending(fx->h), 0);
	RUN_UNTIL(fx, fx->srv.peer_closed == 1);

	/* The client still works, and no canceled callback ever ran. */
	start(fx, "GET", "/id/after", &after, NULL);
	RUN_UNTIL(fx, after.calls == 1);
	assert_string_equal(after.body, "after");
	assert_int_equal(held.calls, 0);
	assert_int_equal(queued.calls, 0);
	assert_int_equal(fx->srv.n_requests, 2);
	assert_int_equal(http_cancel(fx->h, 0), BB_ENOTFOUND);
	assert_int_equal(http_cancel(fx->h, 12345), BB_ENOTFOUND);
}

/* A slot freed by a cancel goes to the next queued request. */
static void test_cancel_starts_next_queued(void **state)
{
	struct fx *fx = *state;
	struct http_options opt = { .max_concurrent = 1 };
	fx_client(fx, &opt);
	struct result held = {0}, next = {0};
	uint64_t held_id = 0;
	start(fx, "GET", "/hold", &held, &held_id);
	start(fx, "GET", "/id/next", &next, NULL);
	RUN_UNTIL(fx, fx->srv.held == 1);
	assert_int_equal(http_cancel(fx->h, held_id), 0);
	RUN_UNTIL(fx, next.calls == 1);
	assert_string_equal(next.body, "next");
	assert_int_equal(held.calls, 0);
}

static void test_free_with_requests_in_flight(void **state)
{
	struct fx *fx = *state;
	struct http_options opt = { .max_concurrent = 3 };
	fx_client(fx, &opt);
	struct result res[5] = {{0}};
	for (int i = 0; i < 5; i++)
		start(fx, "GET", "/hold", &res[i], NULL);
	RUN_UNTIL(fx, fx->srv.held == 3);
	http_free(fx->h);
	fx->h = NULL;
	RUN_UNTIL(fx, fx->srv.peer_closed == 3);
	for (int i = 0; i < 5; i++)
		assert_int_equal(res[i].calls, 0);
	/* teardown checks that every uv handle got closed */
}

static void test_free_inside_callback(void **state)
{
	struct fx *fx = *state;
	struct result first = {0}, held = {0};
	start(fx, "GET", "/hold", &held, NULL);
	RUN_UNTIL(fx, fx->srv.held == 1);
	first.free_client = true;
	start(fx, "GET", "/id/1", &first, NULL);
	RUN_UNTIL(fx, first.calls == 1);
	assert_null(fx->h);
	RUN_UNTIL(fx, fx->srv.peer_closed == 1);
	assert_int_equal(held.calls, 0);
}

static void test_request_from_callback(void **state)
{
	struct fx *fx = *state;
	struct result first = {0}, second = {0};
	first.then_path = "/id/second";
	first.then_result = &second;
	start(fx, "GET", "/id/first", &first, NULL);
	RUN_UNTIL(fx, second.calls == 1);
	assert_int_equal(first.calls, 1);
	assert_string_equal(second.body, "second");
}

static void test_invalid_requests(void **state)
{
	struct fx *fx = *state;
	struct result res = { .fx = fx };
	struct http_req req = {0};
	assert_int_equal(http_request(fx->h, &req, on_done, &res, NULL), BB_EINVAL);
	req.url = "http://127.0.0.1:1/";
	assert_int_equal(http_request(fx->h, &req, NULL, &res, NULL), BB_EINVAL);
	assert_int_equal(http_request(NULL, &req, on_done, &res, NULL), BB_EINVAL);
	req.method = "BREW";
	assert_int_equal(http_request(fx->h, &req, on_done, &res, NULL), BB_EINVAL);
	const char *bad_headers[] = { "X-A: 1\r\nX-Injected: yes", NULL };
	req.method = "GET";
	req.headers = bad_headers;
	assert_int_equal(http_request(fx->h, &req, on_done, &res, NULL), BB_EINVAL);
	req.headers = NULL;
	req.body_len = 3;
	assert_int_equal(http_request(fx->h, &req, on_done, &res, NULL), BB_EINVAL);
	assert_int_equal(http_pending(fx->h), 0);

	/* Only http and https: other schemes fail, from the loop. */
	struct http_req ftp = { .url = "ftp://127.0.0.1/x" };
	assert_int_equal(http_request(fx->h, &ftp, on_done, &res, NULL), 0);
	assert_int_equal(res.calls, 0);
	RUN_UNTIL(fx, res.calls == 1);
	assert_int_equal(res.err, BB_EINVAL);
	assert_null(http_new(NULL, NULL));
	http_free(NULL);
}

/* ---- https against a real TLS stack (tests/tls_server.py) --------------- */

/* The usual fixture, with its client pointed at the TLS server under the
 * given host name, trusting the test CA or only the system's store. */
static int setup_tls_with(void **state, const char *host, bool trust)
{
	const struct tls_server *srv = *state;
	setup(state);
	struct fx *fx = *state;
	snprintf(fx->url, sizeof fx->url, "https://%s:%d", host, tls_server_port(srv));
	struct http_options opt = { .ca_file = trust ? tls_server_ca_file(srv) : NULL };
	fx_client(fx, &opt);
	return 0;
}

static int setup_tls(void **state)
{
	return setup_tls_with(state, "localhost", true);
}

static int setup_tls_untrusted(void **state)
{
	return setup_tls_with(state, "localhost", false);
}

static int setup_tls_wrong_host(void **state)
{
	return setup_tls_with(state, "127.0.0.1", true);
}

/* Whichever libcurl is linked (Debian's or deps/lean-curl.sh's), it speaks
 * TLS with verification and decodes gzip. */
static void test_https_with_trusted_ca(void **state)
{
	struct fx *fx = *state;
	struct result res = {0};
	start(fx, "GET", "/hello", &res, NULL);
	RUN_UNTIL(fx, res.calls == 1);
	assert_int_equal(res.err, 0);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.body_len, strlen("hello over tls ") * 20);
	assert_memory_equal(res.body, "hello over tls hello", 20);
}

/* A certificate from a CA the system does not trust is refused. */
static void test_https_untrusted_certificate(void **state)
{
	struct fx *fx = *state;
	struct result res = {0};
	start(fx, "GET", "/hello", &res, NULL);
	RUN_UNTIL(fx, res.calls == 1);
	assert_int_equal(res.err, BB_EPROTO);
	assert_int_equal(res.status, 0);
}

/* A trusted certificate for "localhost" does not do for "127.0.0.1". */
static void test_https_wrong_host_name(void **state)
{
	struct fx *fx = *state;
	struct result res = {0};
	start(fx, "GET", "/hello", &res, NULL);
	RUN_UNTIL(fx, res.calls == 1);
	assert_int_equal(res.err, BB_EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_returns_status_and_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post_sends_body_and_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_patch_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_response_headers_case_insensitive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_statuses_pass_through, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connection_refused_is_enet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_is_enet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dropped_connection_is_enet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_response_size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrency_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_poll_coexists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_in_flight_and_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_starts_next_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_with_requests_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_inside_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_from_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redirects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_public_only_refuses_loopback, setup, teardown),
		cmocka_unit_test(test_address_ranges),
	};
	const struct CMUnitTest tls_tests[] = {
		cmocka_unit_test_setup_teardown(test_https_with_trusted_ca, setup_tls, teardown),
		cmocka_unit_test_setup_teardown(test_https_untrusted_certificate,
						setup_tls_untrusted, teardown),
		cmocka_unit_test_setup_teardown(test_https_wrong_host_name, setup_tls_wrong_host,
						teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	failed += cmocka_run_group_tests(tls_tests, tls_server_group_setup, tls_server_group_teardown);
	return failed;
}
