/* bot/net/ws against a small websocket server written here on the same libuv
 * loop.  The server speaks raw RFC 6455 frames, so each test controls
 * exactly what the client gets (fragments, interleaved pings, oversized
 * messages, close codes, a dropped TCP connection) and sees exactly what
 * the client sent (its close code, its User-Agent). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <uv.h>

#include "bot/net/ws.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "tests/tls_server.h"

/* ---- the test server ---------------------------------------------------- */

struct srv;

struct srv_conn {
	uv_tcp_t tcp;
	struct srv *srv;
	struct strbuf in;
	bool upgraded;
	bool closing;
	char path[64];
};

struct srv {
	uv_loop_t *loop;
	uv_tcp_t listener;
	bool stopped;
	int port;
	int connections;
	struct srv_conn *conn; /* the latest one */
	char user_agent[128];
	char path[64];           /* of the latest request */
	int client_close_code;   /* -1: the client sent no close frame */
	char client_close_reason[128];
	int texts;               /* text messages from the client */
	struct ws *client;       /* "/silent" closes it before answering */
};

struct write_req {
	uv_write_t req;
	bool then_close;
	unsigned char data[];
};

static void conn_closed(uv_handle_t *h)
{
	struct srv_conn *c = h->data;
	if (c->srv->conn == c)
		c->srv->conn = NULL;
	strbuf_free(&c->in);
	free(c);
}

static void conn_close(struct srv_conn *c)
{
	if (c->closing)
		return;
	c->closing = true;
	uv_close((uv_handle_t *)&c->tcp, conn_closed);
}

static void write_done(uv_write_t *req, int status)
{
	struct write_req *w = (struct write_req *)req;
	struct srv_conn *c = req->data;
	if (w->then_close)
		conn_close(c);
	free(w);
}

static void conn_write(struct srv_conn *c, const void *data, size_t len, bool then_close)
{
	if (c->closing)
		return;
	struct write_req *w = malloc(sizeof *w + len);
	assert_non_null(w);
	memcpy(w->data, data, len);
	w->then_close = then_close;
	w->req.data = c;
	uv_buf_t buf = uv_buf_init((char *)w->data, (unsigned)len);
	assert_int_equal(uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1, write_done), 0);
}

/* Sends one unmasked frame (server to client). */
static void send_frame(struct srv_conn *c, bool fin, int opcode, const void *payload,
		       size_t len, bool then_close)
{
	unsigned char *f = malloc(len + 10);
	assert_non_null(f);
	size_t h = 0;
	f[h++] = (unsigned char)((fin ? 0x80 : 0) | opcode);
	if (len < 126) {
		f[h++] = (unsigned char)len;
	} else if (len < 65536) {
		f[h++] = 126;
		f[h++] = (unsigned char)(len >> 8);
		f[h++] = (unsigned char)len;
	} else {
		f[h++] = 127;
		for (int i = 7; i >= 0; i--)
			f[h++] = (unsigned char)((uint64_t)len >> (8 * i));
	}
	if (len)
		memcpy(f + h, payload, len);
	conn_write(c, f, h + len, then_close);
	free(f);
}

static void send_close(struct srv_conn *c, int code, const char *reason)
{
	unsigned char p[125];
	size_t n = strlen(reason);
	p[0] = (unsigned char)(code >> 8);
	p[1] = (unsigned char)code;
	memcpy(p + 2, reason, n);
	send_frame(c, true, 8, p, n + 2, false);
}

static char *pattern(size_t len, char seed)
{
	char *s = malloc(len + 1);
	assert_non_null(s);
	for (size_t i = 0; i < len; i++)
		s[i] = (char)('a' + (seed + i * 7 + i / 251) % 26);
	s[len] = '\0';
	return s;
}

/* What each path does right after the upgrade. */
static void run_scenario(struct srv_conn *c)
{
	if (strcmp(c->path, "/frag") == 0) {
		send_frame(c, false, 1, "Hello, ", 7, false);
		send_frame(c, true, 9, "ping", 4, false); /* control frame between */
		send_frame(c, false, 0, "fragmented ", 11, false);
		send_frame(c, true, 0, "world", 5, false);
		unsigned char bin[256];
		for (int i = 0; i < 256; i++)
			bin[i] = (unsigned char)i;
		send_frame(c, true, 2, bin, sizeof bin, false);
		char *big = pattern(100000, 1); /* one frame, many lws chunks */
		send_frame(c, true, 1, big, 100000, false);
		free(big);
		char *parts = pattern(60000, 2); /* three big fragments */
		send_frame(c, false, 1, parts, 20000, false);
		send_frame(c, false, 0, parts + 20000, 20000, false);
		send_frame(c, true, 0, parts + 40000, 20000, false);
		free(parts);
	} else if (strcmp(c->path, "/close4004") == 0) {
		send_close(c, 4004, "Authentication failed.");
	} else if (strcmp(c->path, "/drop") == 0) {
		send_frame(c, true, 1, "bye", 3, true); /* then TCP FIN, no close frame */
	} else if (strcmp(c->path, "/silent") == 0) {
		/* never answers; the client gives up while still connecting */
		assert_int_equal(ws_close(c->srv->client, 1000, "never mind"), 0);
		return;
	} else if (strcmp(c->path, "/big") == 0) {
		char *big = pattern(5000, 3);
		send_frame(c, false, 1, big, 3000, false);
		send_frame(c, true, 0, big + 3000, 2000, false);
		free(big);
	}
}

static void header_value(const char *req, const char *name, char *out, size_t out_size)
{
	out[0] = '\0';
	size_t n = strlen(name);
	for (const char *p = strstr(req, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
		const char *line = p + 2;
		if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;
			while (*v == ' ')
				v++;
			const char *e = strstr(v, "\r\n");
			snprintf(out, out_size, "%.*s", (int)(e ? e - v : (long)strlen(v)), v);
			return;
		}
	}
}

static void handshake(struct srv_conn *c)
{
	const char *req = strbuf_str(&c->in);
	const char *end = strstr(req, "\r\n\r\n");
	if (!end)
		return;
	size_t used = (size_t)(end + 4 - req);
	if (sscanf(req, "GET %63s HTTP/1.1", c->path) != 1) {
		conn_close(c);
		return;
	}
	snprintf(c->srv->path, sizeof c->srv->path, "%s", c->path);
	header_value(req, "User-Agent", c->srv->user_agent, sizeof c->srv->user_agent);
	char *query = strchr(c->path, '?');
	if (query)
		*query = '\0'; /* scenarios go by the path alone */
	char key[128];
	header_value(req, "Sec-WebSocket-Key", key, sizeof key);
	if (strcmp(c->path, "/silent") == 0) {
		run_scenario(c);
		return;
	}
	if (strcmp(c->path, "/notws") == 0 || strcmp(c->path, "/") == 0 || !key[0]) {
		const char *resp = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
		conn_write(c, resp, strlen(resp), true);
		return;
	}
	char cat[256];
	int n = snprintf(cat, sizeof cat, "%s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", key);
	unsigned char md[20];
	assert_int_equal(EVP_Digest(cat, (size_t)n, md, NULL, EVP_sha1(), NULL), 1);
	unsigned char accept[64];
	EVP_EncodeBlock(accept, md, 20);
	char resp[256];
	n = snprintf(resp, sizeof resp,
		     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
		     "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n",
		     (const char *)accept);
	conn_write(c, resp, (size_t)n, false);
	c->upgraded = true;
	/* keep what followed the request */
	size_t rest = c->in.len - used;
	char *tail = malloc(rest + 1);
	memcpy(tail, req + used, rest);
	strbuf_truncate(&c->in, 0);
	strbuf_append(&c->in, tail, rest);
	free(tail);
	run_scenario(c);
}

/* Handles every complete client frame in c->in (client frames are masked). */
static void client_frames(struct srv_conn *c)
{
	for (;;) {
		const unsigned char *p = (const unsigned char *)strbuf_str(&c->in);
		size_t have = c->in.len;
		if (have < 2)
			return;
		int opcode = p[0] & 0x0f;
		assert_true(p[1] & 0x80); /* RFC 6455: clients mask */
		size_t len = p[1] & 0x7f, h = 2;
		if (len == 126) {
			if (have < 4)
				return;
			len = (size_t)p[2] << 8 | p[3];
			h = 4;
		} else if (len == 127) {
			if (have < 10)
				return;
			len = 0;
			for (int i = 0; i < 8; i++)
				len = len << 8 | p[2 + i];
			h = 10;
		}
		if (have < h + 4 + len)
			return;
		const unsigned char *mask = p + h;
		unsigned char *data = malloc(len + 1);
		for (size_t i = 0; i < len; i++)
			data[i] = p[h + 4 + i] ^ mask[i % 4];
		data[len] = 0;
		if (opcode == 1) {
			c->srv->texts++;
			send_frame(c, true, 1, data, len, false); /* echo */
		} else if (opcode == 9) {
			send_frame(c, true, 10, data, len, false);
		} else if (opcode == 8) {
			c->srv->client_close_code = len >= 2 ? data[0] << 8 | data[1] : 1005;
			snprintf(c->srv->client_close_reason, sizeof c->srv->client_close_reason,
				 "%s", len > 2 ? (char *)data + 2 : "");
			send_frame(c, true, 8, data, len, true); /* answer, then close */
		}
		free(data);
		size_t used = h + 4 + len, rest = have - used;
		char *tail = malloc(rest + 1);
		memcpy(tail, p + used, rest);
		strbuf_truncate(&c->in, 0);
		strbuf_append(&c->in, tail, rest);
		free(tail);
	}
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	*buf = uv_buf_init(malloc(suggested), (unsigned)suggested);
}

static void conn_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct srv_conn *c = s->data;
	if (n > 0 && !c->closing)
		strbuf_append(&c->in, buf->base, (size_t)n);
	free(buf->base);
	if (n < 0)
		conn_close(c);
	if (n <= 0 || c->closing)
		return;
	if (!c->upgraded) {
		if (c->in.len && strbuf_str(&c->in)[0] != 'G') {
			conn_close(c); /* not HTTP (a TLS hello, say) */
			return;
		}
		handshake(c);
	}
	if (c->upgraded)
		client_frames(c);
}

static void on_accept(uv_stream_t *l, int status)
{
	struct srv *srv = l->data;
	assert_int_equal(status, 0);
	struct srv_conn *c = calloc(1, sizeof *c);
	assert_non_null(c);
	c->srv = srv;
	uv_tcp_init(srv->loop, &c->tcp);
	c->tcp.data = c;
	assert_int_equal(uv_accept(l, (uv_stream_t *)&c->tcp), 0);
	srv->connections++;
	srv->conn = c;
	uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, conn_read);
}

static void srv_start(struct srv *srv, uv_loop_t *loop)
{
	memset(srv, 0, sizeof *srv);
	srv->loop = loop;
	srv->client_close_code = -1;
	struct sockaddr_in addr;
	uv_ip4_addr("127.0.0.1", 0, &addr);
	uv_tcp_init(loop, &srv->listener);
	srv->listener.data = srv;
	assert_int_equal(uv_tcp_bind(&srv->listener, (const struct sockaddr *)&addr, 0), 0);
	assert_int_equal(uv_listen((uv_stream_t *)&srv->listener, 8, on_accept), 0);
	struct sockaddr_in bound;
	int len = sizeof bound;
	uv_tcp_getsockname(&srv->listener, (struct sockaddr *)&bound, &len);
	srv->port = ntohs(bound.sin_port);
}

/* Stops listening; a connection still open closes when the client goes
 * (or at once with `force`). */
static void srv_stop(struct srv *srv, bool force)
{
	if (!srv->stopped)
		uv_close((uv_handle_t *)&srv->listener, NULL);
	srv->stopped = true;
	if (force && srv->conn)
		conn_close(srv->conn);
}

/* ---- the client side ---------------------------------------------------- */

#define MAX_MSGS 8

struct fx {
	uv_loop_t loop;
	uv_timer_t watchdog;
	struct srv srv;
	struct ws_hub *hub;
	struct ws *ws;
	struct ws_callbacks cb;

	/* what the client saw */
	int opens, closes, msgs;
	struct strbuf msg[MAX_MSGS];
	bool binary[MAX_MSGS];
	int close_code;
	char close_reason[128];
	bool close_clean;
	bool timed_out;

	/* what the client does */
	const char *send_on_open;
	int close_after_msgs;   /* 0: never */
	int close_with;
	char reconnect_url[128]; /* on the first close, connect here */
	bool close_in_connect;   /* ws_close right after ws_connect */
	int tls_port;
};

static void fx_finish(struct fx *f)
{
	ws_shutdown(f->ws);
	ws_hub_shutdown(f->hub);
	srv_stop(&f->srv, false);
}

static void on_watchdog(uv_timer_t *t)
{
	struct fx *f = t->data;
	f->timed_out = true;
	ws_shutdown(f->ws);
	ws_hub_shutdown(f->hub);
	srv_stop(&f->srv, true);
}

static void cl_open(void *user)
{
	struct fx *f = user;
	f->opens++;
	assert_true(ws_is_open(f->ws));
	if (f->send_on_open)
		assert_int_equal(ws_send_text(f->ws, f->send_on_open, strlen(f->send_on_open)), 0);
}

static void cl_message(void *user, const char *data, size_t len, bool binary)
{
	struct fx *f = user;
	assert_int_equal(data[len], '\0');
	if (f->msgs < MAX_MSGS) {
		strbuf_append(&f->msg[f->msgs], data, len);
		f->binary[f->msgs] = binary;
	}
	f->msgs++;
	if (f->close_after_msgs && f->msgs == f->close_after_msgs)
		assert_int_equal(ws_close(f->ws, f->close_with, "done here"), 0);
}

static void cl_close(void *user, int code, const char *reason, bool clean)
{
	struct fx *f = user;
	f->closes++;
	f->close_code = code;
	snprintf(f->close_reason, sizeof f->close_reason, "%s", reason);
	f->close_clean = clean;
	assert_false(ws_is_open(f->ws));
	if (f->reconnect_url[0] && f->closes == 1) {
		assert_int_equal(ws_connect(f->ws, f->reconnect_url, &f->cb, f), 0);
		return;
	}
	fx_finish(f);
}

static int fx_setup_opts(void **state, size_t max_message, const char *ca_file)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	assert_int_equal(uv_loop_init(&f->loop), 0);
	srv_start(&f->srv, &f->loop);
	struct ws_options opts = { .user_agent = "briefbot-test/1.0", .max_message = max_message,
				   .ca_file = ca_file };
	f->hub = ws_hub_new(&f->loop, &opts);
	assert_non_null(f->hub);
	f->ws = ws_new(f->hub);
	assert_non_null(f->ws);
	f->srv.client = f->ws;
	f->cb = (struct ws_callbacks){ .on_open = cl_open, .on_message = cl_message,
				       .on_close = cl_close };
	uv_timer_init(&f->loop, &f->watchdog);
	f->watchdog.data = f;
	/* only against hangs; unreferenced, so it never keeps the loop alive */
	uv_timer_start(&f->watchdog, on_watchdog, 20000, 0);
	uv_unref((uv_handle_t *)&f->watchdog);
	*state = f;
	return 0;
}

static int fx_setup(void **state)
{
	return fx_setup_opts(state, 0, NULL);
}

static int fx_setup_small(void **state)
{
	return fx_setup_opts(state, 4096, NULL);
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;
	ws_free(f->ws);
	ws_hub_free(f->hub);
	uv_close((uv_handle_t *)&f->watchdog, NULL);
	uv_run(&f->loop, UV_RUN_NOWAIT);
	/* every handle (ours, the server's, lws') must be closed by now */
	assert_int_equal(uv_loop_close(&f->loop), 0);
	for (int i = 0; i < MAX_MSGS; i++)
		strbuf_free(&f->msg[i]);
	free(f);
	return 0;
}

/* Connects to `url` and runs the loop until the test is over. */
static void fx_connect_run(struct fx *f, const char *url)
{
	assert_int_equal(ws_connect(f->ws, url, &f->cb, f), 0);
	if (f->close_in_connect)
		assert_int_equal(ws_close(f->ws, 1000, NULL), 0);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_false(f->timed_out);
}

/* The same against `path` on the test server. */
static void fx_run(struct fx *f, const char *path)
{
	char url[128];
	snprintf(url, sizeof url, "ws://127.0.0.1:%d%s", f->srv.port, path);
	fx_connect_run(f, url);
}

/* The connection opened `opens` times and ended once with `code`. */
static void assert_ended(const struct fx *f, int opens, int code, bool clean)
{
	assert_int_equal(f->opens, opens);
	assert_int_equal(f->closes, 1);
	assert_int_equal(f->close_code, code);
	assert_int_equal(f->close_clean, clean);
}

/* The connection never opened and ended once, without a close handshake. */
static void assert_failed_connect(const struct fx *f)
{
	assert_ended(f, 0, WS_CLOSE_ABNORMAL, false);
}

/* Plans a round trip: send `text` on open, close with `code` on the echo. */
static void fx_plan_echo(struct fx *f, const char *text, int code)
{
	f->send_on_open = text;
	f->close_after_msgs = 1;
	f->close_with = code;
}

/* ---- tests -------------------------------------------------------------- */

static void test_echo_and_client_close(void **state)
{
	struct fx *f = *state;
	fx_plan_echo(f, "{\"op\":1,\"d\":null}", 4000);
	fx_run(f, "/echo?v=10&encoding=json");
	assert_string_equal(f->srv.path, "/echo?v=10&encoding=json");
	assert_int_equal(f->msgs, 1);
	assert_string_equal(strbuf_str(&f->msg[0]), "{\"op\":1,\"d\":null}");
	assert_false(f->binary[0]);
	assert_int_equal(f->srv.texts, 1);
	assert_string_equal(f->srv.user_agent, "briefbot-test/1.0");
	/* our close frame reached the server with our code and reason */
	assert_int_equal(f->srv.client_close_code, 4000);
	assert_string_equal(f->srv.client_close_reason, "done here");
	assert_ended(f, 1, 4000, true);
}

static void test_fragments_binary_and_large(void **state)
{
	struct fx *f = *state;
	f->close_after_msgs = 4;
	f->close_with = 1000;
	fx_run(f, "/frag");
	assert_int_equal(f->msgs, 4);
	assert_string_equal(strbuf_str(&f->msg[0]), "Hello, fragmented world");
	assert_false(f->binary[0]);
	assert_int_equal(f->msg[1].len, 256);
	assert_true(f->binary[1]);
	for (int i = 0; i < 256; i++)
		assert_int_equal((unsigned char)f->msg[1].buf[i], i);
	char *big = pattern(100000, 1);
	assert_int_equal(f->msg[2].len, 100000);
	assert_memory_equal(f->msg[2].buf, big, 100000);
	free(big);
	char *parts = pattern(60000, 2);
	assert_int_equal(f->msg[3].len, 60000);
	assert_memory_equal(f->msg[3].buf, parts, 60000);
	free(parts);
	assert_int_equal(f->srv.client_close_code, 1000);
	assert_int_equal(f->closes, 1);
}

static void test_server_close_code(void **state)
{
	struct fx *f = *state;
	fx_run(f, "/close4004");
	assert_int_equal(f->opens, 1);
	assert_int_equal(f->closes, 1);
	assert_int_equal(f->close_code, 4004);
	assert_string_equal(f->close_reason, "Authentication failed.");
	assert_true(f->close_clean);
	/* the client answered the close, echoing the code */
	assert_int_equal(f->srv.client_close_code, 4004);
}

static void test_dropped_tcp(void **state)
{
	struct fx *f = *state;
	fx_run(f, "/drop");
	assert_int_equal(f->msgs, 1);
	assert_string_equal(strbuf_str(&f->msg[0]), "bye");
	assert_ended(f, 1, WS_CLOSE_ABNORMAL, false);
	assert_int_equal(f->srv.client_close_code, -1);
}

static void test_too_big_closes_1009(void **state)
{
	struct fx *f = *state; /* max_message 4096, the server sends 5000 */
	fx_run(f, "/big");
	assert_int_equal(f->opens, 1);
	assert_int_equal(f->msgs, 0);
	assert_int_equal(f->closes, 1);
	assert_int_equal(f->close_code, WS_CLOSE_TOO_BIG);
	assert_int_equal(f->srv.client_close_code, WS_CLOSE_TOO_BIG);
}

static void test_connection_refused(void **state)
{
	struct fx *f = *state;
	/* a port that was just free: bind it, note it, release it */
	uv_tcp_t probe;
	struct sockaddr_in addr, bound;
	int len = sizeof bound;
	uv_ip4_addr("127.0.0.1", 0, &addr);
	uv_tcp_init(&f->loop, &probe);
	assert_int_equal(uv_tcp_bind(&probe, (const struct sockaddr *)&addr, 0), 0);
	uv_tcp_getsockname(&probe, (struct sockaddr *)&bound, &len);
	uv_close((uv_handle_t *)&probe, NULL);
	char url[64];
	snprintf(url, sizeof url, "ws://127.0.0.1:%d/", ntohs(bound.sin_port));
	fx_connect_run(f, url);
	assert_failed_connect(f);
}

static void test_refused_upgrade(void **state)
{
	struct fx *f = *state;
	fx_run(f, "/notws");
	assert_string_equal(f->srv.path, "/notws");
	assert_failed_connect(f);
}

static void test_tls_to_plain_server_fails(void **state)
{
	struct fx *f = *state;
	char url[64];
	snprintf(url, sizeof url, "wss://127.0.0.1:%d/echo", f->srv.port);
	fx_connect_run(f, url);
	assert_failed_connect(f);
}

static void test_reconnect_after_drop(void **state)
{
	struct fx *f = *state;
	snprintf(f->reconnect_url, sizeof f->reconnect_url, "ws://localhost:%d/echo",
		 f->srv.port);
	f->send_on_open = "again";
	f->close_after_msgs = 2; /* "bye" from the first, the echo from the second */
	f->close_with = 1000;
	fx_run(f, "/drop");
	assert_int_equal(f->srv.connections, 2);
	assert_int_equal(f->opens, 2);
	assert_int_equal(f->closes, 2);
	assert_string_equal(strbuf_str(&f->msg[1]), "again");
	assert_int_equal(f->close_code, 1000);
	assert_int_equal(f->srv.client_close_code, 1000);
}

/* "ws://host:port" and "ws://host:port/" both ask for "/" */
static void test_url_without_path(void **state)
{
	struct fx *f = *state;
	snprintf(f->reconnect_url, sizeof f->reconnect_url, "ws://127.0.0.1:%d/",
		 f->srv.port);
	f->close_after_msgs = 0;
	char url[64];
	snprintf(url, sizeof url, "ws://127.0.0.1:%d", f->srv.port);
	fx_connect_run(f, url);
	/* "/" is not a scenario: the server answers 404, twice */
	assert_int_equal(f->srv.connections, 2);
	assert_string_equal(f->srv.path, "/");
	assert_int_equal(f->closes, 2);
}

static void test_close_while_connecting(void **state)
{
	struct fx *f = *state;
	f->close_in_connect = true;
	fx_run(f, "/echo");
	assert_ended(f, 0, 1000, false);
}

static void test_close_before_the_upgrade_answer(void **state)
{
	struct fx *f = *state;
	fx_run(f, "/silent");
	assert_int_equal(f->srv.connections, 1);
	assert_ended(f, 0, 1000, false);
	assert_int_equal(f->srv.client_close_code, -1); /* no websocket yet */
}

static void test_bad_arguments(void **state)
{
	struct fx *f = *state;
	assert_int_equal(ws_connect(f->ws, "http://example.org/", &f->cb, f), BB_EINVAL);
	assert_int_equal(ws_connect(f->ws, "not a url", &f->cb, f), BB_EINVAL);
	assert_int_equal(ws_send_text(f->ws, "x", 1), BB_EINVAL); /* not open */
	assert_int_equal(ws_close(f->ws, 1000, NULL), BB_EINVAL); /* nothing to close */
	assert_null(ws_hub_new(NULL, NULL));
	assert_null(ws_new(NULL));
	ws_free(NULL);
	ws_hub_free(NULL);
	fx_finish(f); /* shut down without ever connecting */
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(f->closes, 0);
}

/* The hub's lws context is made by its first connection, with TLS only
 * for wss: after a plain one, wss on the same hub is refused, not tried
 * without TLS. */
static void test_wss_after_plain_ws_is_refused(void **state)
{
	struct fx *f = *state;
	char url[64];
	snprintf(url, sizeof url, "ws://127.0.0.1:%d/echo", f->srv.port);
	assert_int_equal(ws_connect(f->ws, url, &f->cb, f), 0);
	snprintf(url, sizeof url, "wss://127.0.0.1:%d/echo", f->srv.port);
	struct ws *other = ws_new(f->hub);
	assert_non_null(other);
	assert_int_equal(ws_connect(other, url, &f->cb, f), BB_EINVAL);
	ws_shutdown(other);
	assert_int_equal(ws_close(f->ws, 1000, NULL), 0);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_false(f->timed_out);
	assert_ended(f, 0, 1000, false);
	ws_free(other);
}

/* An error path in main: ws_hub_new and ws_new, then both freed before
 * the loop ever ran. */
static void test_free_without_running_the_loop(void **state)
{
	uv_loop_t loop;
	assert_int_equal(uv_loop_init(&loop), 0);
	struct ws_hub *hub = ws_hub_new(&loop, NULL);
	assert_non_null(hub);
	struct ws *ws = ws_new(hub);
	assert_non_null(ws);
	ws_free(ws);
	ws_hub_free(hub);
	assert_int_equal(uv_loop_close(&loop), 0);
}

/* A hub being shut down makes no new connections. */
static void test_no_new_ws_on_a_hub_shutting_down(void **state)
{
	struct fx *f = *state;
	fx_finish(f);
	assert_null(ws_new(f->hub));
	uv_run(&f->loop, UV_RUN_DEFAULT);
}

/* ---- wss against a real TLS stack (tests/tls_server.py) ----------------- */

static int fx_setup_tls_with(void **state, bool trust)
{
	const struct tls_server *srv = *state;
	const char *ca = tls_server_ca_file(srv);
	int port = tls_server_port(srv);
	fx_setup_opts(state, 0, trust ? ca : NULL);
	struct fx *f = *state;
	f->tls_port = port;
	return 0;
}

static int fx_setup_tls(void **state)
{
	return fx_setup_tls_with(state, true);
}

static int fx_setup_tls_untrusted(void **state)
{
	return fx_setup_tls_with(state, false);
}

static void fx_run_tls(struct fx *f, const char *host)
{
	char url[128];
	snprintf(url, sizeof url, "wss://%s:%d/", host, f->tls_port);
	fx_connect_run(f, url);
}

static void test_wss_with_trusted_ca(void **state)
{
	struct fx *f = *state;
	fx_plan_echo(f, "over tls", 1000);
	fx_run_tls(f, "localhost");
	assert_string_equal(strbuf_str(&f->msg[0]), "over tls");
	assert_ended(f, 1, 1000, true);
}

/* The same server, but its CA is not trusted: verification must refuse. */
static void test_wss_untrusted_certificate(void **state)
{
	struct fx *f = *state;
	fx_run_tls(f, "localhost");
	assert_string_equal(f->close_reason, "certificate: unable to get local issuer certificate");
	assert_failed_connect(f);
}

/* A trusted certificate for "localhost" does not do for "127.0.0.1". */
static void test_wss_wrong_host_name(void **state)
{
	struct fx *f = *state;
	fx_run_tls(f, "127.0.0.1");
	assert_string_equal(f->close_reason, "certificate: IP address mismatch");
	assert_failed_connect(f);
}

/* Two connections on one hub at once, as Discord shards share one: each
 * gets its own echo over TLS and closes cleanly; then the hub goes (under
 * ASan, two lws contexts in one process leaked one's CA store). */
struct peer {
	struct fx *f;
	struct ws *ws;
	const char *text;
	struct strbuf got;
	int closes, code;
	int *done;
	struct ws *other;
};

static void peer_open(void *user)
{
	struct peer *p = user;
	assert_int_equal(ws_send_text(p->ws, p->text, strlen(p->text)), 0);
}

static void peer_message(void *user, const char *data, size_t len, bool binary)
{
	struct peer *p = user;
	strbuf_append(&p->got, data, len);
	assert_int_equal(ws_close(p->ws, 1000, "bye"), 0);
}

static void peer_close(void *user, int code, const char *reason, bool clean)
{
	struct peer *p = user;
	p->closes++;
	p->code = code;
	if (++*p->done == 2) {
		ws_shutdown(p->f->ws == p->ws ? p->other : p->ws);
		fx_finish(p->f);
	}
}

static void test_two_connections_share_one_hub(void **state)
{
	struct fx *f = *state;
	struct ws *second = ws_new(f->hub);
	assert_non_null(second);
	int done = 0;
	struct peer a = { .f = f, .ws = f->ws, .text = "shard 0", .done = &done, .other = second };
	struct peer b = { .f = f, .ws = second, .text = "shard 1", .done = &done, .other = f->ws };
	static const struct ws_callbacks cb = { .on_open = peer_open,
						.on_message = peer_message,
						.on_close = peer_close };
	char url[128];
	snprintf(url, sizeof url, "wss://localhost:%d/", f->tls_port);
	assert_int_equal(ws_connect(a.ws, url, &cb, &a), 0);
	assert_int_equal(ws_connect(b.ws, url, &cb, &b), 0);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_false(f->timed_out);
	assert_string_equal(strbuf_str(&a.got), "shard 0");
	assert_string_equal(strbuf_str(&b.got), "shard 1");
	assert_int_equal(a.closes, 1);
	assert_int_equal(b.closes, 1);
	assert_int_equal(a.code, 1000);
	assert_int_equal(b.code, 1000);
	ws_free(second);
	strbuf_free(&a.got);
	strbuf_free(&b.got);
}

#define FX_TEST(t) cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_echo_and_client_close),
		FX_TEST(test_fragments_binary_and_large),
		FX_TEST(test_server_close_code),
		FX_TEST(test_dropped_tcp),
		cmocka_unit_test_setup_teardown(test_too_big_closes_1009, fx_setup_small,
						fx_teardown),
		FX_TEST(test_connection_refused),
		FX_TEST(test_refused_upgrade),
		FX_TEST(test_tls_to_plain_server_fails),
		FX_TEST(test_reconnect_after_drop),
		FX_TEST(test_url_without_path),
		FX_TEST(test_close_while_connecting),
		FX_TEST(test_close_before_the_upgrade_answer),
		FX_TEST(test_bad_arguments),
		cmocka_unit_test(test_free_without_running_the_loop),
		FX_TEST(test_wss_after_plain_ws_is_refused),
		FX_TEST(test_no_new_ws_on_a_hub_shutting_down),
	};
	const struct CMUnitTest tls_tests[] = {
		cmocka_unit_test_setup_teardown(test_wss_with_trusted_ca, fx_setup_tls, fx_teardown),
		cmocka_unit_test_setup_teardown(test_wss_untrusted_certificate,
						fx_setup_tls_untrusted, fx_teardown),
		cmocka_unit_test_setup_teardown(test_wss_wrong_host_name, fx_setup_tls, fx_teardown),
		cmocka_unit_test_setup_teardown(test_two_connections_share_one_hub, fx_setup_tls,
						fx_teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	failed += cmocka_run_group_tests(tls_tests, tls_server_group_setup, tls_server_group_teardown);
	return failed;
}
