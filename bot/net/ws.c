/* Websocket client over libwebsockets 4.1 on a foreign libuv loop.
 *
 * What lws 4.1.6 needs (see DESIGN.md, "Event loop"):
 * - the context is created with LWS_SERVER_OPTION_LIBUV and foreign_loops;
 * - a close frame is only sent reliably when the close is started from
 *   outside any lws callback: we queue the close and do it from our own 0 ms
 *   timer with lws_close_reason + lws_set_timeout(..., LWS_TO_KILL_SYNC);
 * - the server's close code only shows up in WS_PEER_INITIATED_CLOSE;
 * - connection failures give CLIENT_CONNECTION_ERROR and no CLIENT_CLOSED;
 * - the context is destroyed in two steps: once while the loop runs, once
 *   after uv_run has returned;
 * - two contexts in one process, each with LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT
 *   (without which wss fails), leak one client SSL_CTX with its CA store at
 *   destroy: so one hub (one context) carries every connection.
 * lws resolves host names with a blocking getaddrinfo, so we resolve with
 * uv_getaddrinfo first and hand lws the numeric address (the Host header,
 * SNI and certificate check still use the name). */
#include "bot/net/ws.h"

#include <libwebsockets.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"

#define WS_DEFAULT_MAX_MESSAGE (4u << 20)
#define WS_MAX_REASON 123 /* a close frame payload is at most 125 bytes */
#define WS_MAX_CONNECTIONS 1024 /* lws connections of one hub at once */

enum ws_state {
	WS_IDLE,       /* no connection; ws_connect allowed */
	WS_RESOLVING,  /* uv_getaddrinfo in flight */
	WS_CONNECTING, /* lws wsi exists, handshake not done */
	WS_OPEN,
	WS_CLOSING,    /* ws_close (or oversize) asked; waiting for lws */
};

struct ws_frame {
	struct ws_frame *next;
	size_t len;
	unsigned char buf[]; /* LWS_PRE bytes of headroom, then the payload */
};

/* One lws context on the loop, shared by every connection made with it.
 * It is made by the first ws_connect, with TLS only if that connection
 * is wss: OpenSSL's set-up and a client SSL_CTX with its CA store cost
 * some 1.5 MB that a bot on plain ws never needs. */
struct ws_hub {
	uv_loop_t *loop;
	struct lws_context *ctx; /* NULL until the first ws_connect */
	bool ctx_tls;            /* ctx was made with TLS */
	const struct logger *log;
	char *user_agent;
	char *ca_file;
	size_t max_message;
	size_t n_live;        /* connections created and not yet shut down */
	bool shutting_down;   /* ws_hub_shutdown was called */
	bool timer_closed;    /* the first context destroy ran from the timer */
	uv_timer_t timer;     /* the deferred first context destroy */
};

struct ws {
	struct ws_hub *hub;

	enum ws_state state;
	bool shut_down;
	bool released;       /* counted out of hub->n_live */
	bool timer_closed;
	struct lws *wsi;
	uv_getaddrinfo_t resolve;
	uv_timer_t timer; /* deferred close, deferred teardown */

	/* the current connection */
	const struct ws_callbacks *cb;
	void *user;
	char *url_copy; /* lws_parse_uri cuts this up: host and path point in */
	const char *host;
	char *path;
	int port;
	bool tls;
	bool opened;         /* the handshake completed */
	bool resolving;      /* uv_getaddrinfo in flight (whatever the state) */
	char tls_error[96];  /* why certificate verification failed, if it did */
	bool close_pending;  /* a close to do from the timer */
	bool close_local;    /* we started the close (ws_close or oversize) */
	bool close_peer;     /* the server sent a close frame */
	int close_code;
	char close_reason[WS_MAX_REASON + 1];

	struct strbuf rx;
	bool rx_binary;
	bool rx_in_message;
	bool rx_discard;     /* after an oversize message, drop the rest */
	struct ws_frame *tx_head, *tx_tail;
};

/* lws logs through one process-wide function without a user pointer, so
 * the logger it writes to is the one process-wide variable of this module
 * (set by the last ws_hub_new; read only by lws_emit). */
static const struct logger *lws_log_target;

static void lws_emit(int level, const char *line)
{
	size_t n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	log_msg(lws_log_target, level == LLL_ERR ? LOG_ERROR : LOG_WARN, "lws",
		"%.*s", (int)n, line);
}

static void tx_clear(struct ws *ws)
{
	struct ws_frame *f = ws->tx_head;
	while (f) {
		struct ws_frame *next = f->next;
		free(f);
		f = next;
	}
	ws->tx_head = ws->tx_tail = NULL;
}

static void set_reason(struct ws *ws, const char *reason, size_t len)
{
	if (len > WS_MAX_REASON)
		len = WS_MAX_REASON;
	memcpy(ws->close_reason, reason, len);
	ws->close_reason[len] = '\0';
}

/* Forgets the current connection's target and callbacks. */
static void forget_target(struct ws *ws)
{
	ws->cb = NULL;
	ws->user = NULL;
	free(ws->url_copy);
	ws->url_copy = NULL;
	free(ws->path);
	ws->path = NULL;
}

/* Ends the current connection: resets per-connection state, then tells the
 * user once.  The user may call ws_connect from on_close, so the state is
 * reset before the call. */
static void finish(struct ws *ws, int code, const char *reason, bool clean)
{
	if (ws->state == WS_IDLE)
		return;
	const struct ws_callbacks *cb = ws->cb;
	void *user = ws->user;
	char why[WS_MAX_REASON + 1];
	snprintf(why, sizeof why, "%s", reason ? reason : "");

	ws->state = WS_IDLE;
	ws->wsi = NULL;
	ws->close_pending = false;
	forget_target(ws);
	strbuf_free(&ws->rx);
	tx_clear(ws);

	log_msg(ws->hub->log, clean ? LOG_INFO : LOG_WARN, "ws", "closed: %d %s%s", code, why,
		clean ? "" : " (no close handshake)");
	if (!ws->shut_down && cb && cb->on_close)
		cb->on_close(user, code, why, clean);
}

/* Ends the connection after lws has let go of it. */
static void finish_closed(struct ws *ws)
{
	if (ws->close_peer)
		finish(ws, ws->close_code, ws->close_reason, true);
	else if (ws->close_local)
		finish(ws, ws->close_code, ws->close_reason, ws->opened);
	else
		finish(ws, WS_CLOSE_ABNORMAL, "connection lost", false);
}

static void on_timer(uv_timer_t *t);

static void arm_timer(struct ws *ws)
{
	if (!ws->timer_closed)
		uv_timer_start(&ws->timer, on_timer, 0, 0);
}

/* Starts a close we initiate; the frame goes out from the timer. */
static void start_close(struct ws *ws, int code, const char *reason)
{
	ws->state = WS_CLOSING;
	ws->close_local = true;
	ws->close_pending = true;
	ws->close_code = code;
	set_reason(ws, reason, strlen(reason));
	tx_clear(ws);
	strbuf_free(&ws->rx);
	arm_timer(ws);
}

static void deliver(struct ws *ws)
{
	const char *data = strbuf_str(&ws->rx);
	size_t len = ws->rx.len;
	bool binary = ws->rx_binary;
	ws->rx_in_message = false;
	if (ws->cb && ws->cb->on_message)
		ws->cb->on_message(ws->user, data, len, binary);
	/* on_message may have closed or shut down: only reset if still ours */
	strbuf_truncate(&ws->rx, 0);
}

static void on_receive(struct ws *ws, struct lws *wsi, const void *in, size_t len)
{
	if (ws->state != WS_OPEN)
		return; /* closing: drop what is still in flight */
	bool last = lws_is_final_fragment(wsi) && lws_remaining_packet_payload(wsi) == 0;
	if (!ws->rx_in_message) {
		ws->rx_in_message = true;
		ws->rx_binary = lws_frame_is_binary(wsi) != 0;
		strbuf_truncate(&ws->rx, 0);
	}
	if (ws->rx.len + len > ws->hub->max_message) {
		log_msg(ws->hub->log, LOG_WARN, "ws", "message over %zu bytes: closing",
			ws->hub->max_message);
		start_close(ws, WS_CLOSE_TOO_BIG, "message too big");
		return;
	}
	strbuf_append(&ws->rx, in, len);
	if (strbuf_failed(&ws->rx)) {
		start_close(ws, WS_CLOSE_TOO_BIG, "out of memory");
		return;
	}
	if (last)
		deliver(ws);
}

static int on_writeable(struct ws *ws, struct lws *wsi)
{
	struct ws_frame *f = ws->tx_head;
	if (ws->state != WS_OPEN || !f)
		return 0;
	ws->tx_head = f->next;
	if (!ws->tx_head)
		ws->tx_tail = NULL;
	int n = lws_write(wsi, f->buf + LWS_PRE, f->len, LWS_WRITE_TEXT);
	free(f);
	if (n < 0) {
		log_msg(ws->hub->log, LOG_WARN, "ws", "write failed");
		return -1;
	}
	if (ws->tx_head)
		lws_callback_on_writable(wsi);
	return 0;
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *pss, void *in,
		    size_t len)
{
	struct ws *ws = lws_wsi_user(wsi);
	if (!ws || wsi != ws->wsi)
		return 0; /* a connection we already reported, or not a client */

	switch (reason) {
	case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER: {
		unsigned char **p = in, *end = *p + len;
		const char *ua = ws->hub->user_agent;
		if (lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_USER_AGENT,
						 (const unsigned char *)ua, (int)strlen(ua), p, end))
			return -1;
		return 0;
	}
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		if (ws->state != WS_CONNECTING)
			return 0;
		ws->state = WS_OPEN;
		ws->opened = true;
		log_msg(ws->hub->log, LOG_INFO, "ws", "open: %s:%d", ws->host, ws->port);
		if (ws->cb && ws->cb->on_open)
			ws->cb->on_open(ws->user);
		return 0;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		on_receive(ws, wsi, in, len);
		return 0;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return on_writeable(ws, wsi);
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: {
		const unsigned char *p = in;
		if (ws->close_local)
			return 0;
		ws->close_peer = true;
		ws->close_code = len >= 2 ? (p[0] << 8 | p[1]) : 1005; /* 1005: no code */
		set_reason(ws, len > 2 ? (const char *)p + 2 : "", len > 2 ? len - 2 : 0);
		if (ws->state == WS_OPEN)
			ws->state = WS_CLOSING;
		return 0; /* lws echoes the close frame */
	}
	case LWS_CALLBACK_OPENSSL_PERFORM_SERVER_CERT_VERIFICATION:
		/* lws 4.1.6 reports a refused certificate as "SSL err 1:
		 * error:00000001:lib(0)::reason(1)"; keep OpenSSL's words */
		if (!len && pss && !ws->tls_error[0])
			snprintf(ws->tls_error, sizeof ws->tls_error, "certificate: %s",
				 X509_verify_cert_error_string(
					 X509_STORE_CTX_get_error((X509_STORE_CTX *)pss)));
		return 0; /* never overrule the verdict */
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR: {
		char why[WS_MAX_REASON + 1];
		if (ws->tls_error[0])
			snprintf(why, sizeof why, "%s", ws->tls_error);
		else
			snprintf(why, sizeof why, "%.*s", in ? (int)len : 0,
				 in ? (const char *)in : "");
		if (ws->close_local)
			finish_closed(ws);
		else
			finish(ws, WS_CLOSE_ABNORMAL, why[0] ? why : "connection failed", false);
		return 0;
	}
	case LWS_CALLBACK_CLIENT_CLOSED:
	case LWS_CALLBACK_WSI_DESTROY:
		finish_closed(ws);
		return 0;
	default:
		return 0;
	}
}

static const struct lws_protocols protocols[] = {
	{ .name = "briefbot-ws", .callback = callback, .rx_buffer_size = 16384 },
	{ 0 },
};

static void do_close(struct ws *ws)
{
	ws->close_pending = false;
	if (ws->resolving) {
		/* start_close has set WS_CLOSING: the flag, not the state, tells
		 * that the look-up is still in flight; on_resolved reports */
		uv_cancel((uv_req_t *)&ws->resolve);
		return;
	}
	if (!ws->wsi)
		return;
	/* before the upgrade there is no websocket to send a close frame on */
	if (ws->opened && ws->close_local)
		lws_close_reason(ws->wsi, (enum lws_close_status)ws->close_code,
				 (unsigned char *)ws->close_reason, strlen(ws->close_reason));
	lws_set_timeout(ws->wsi, PENDING_TIMEOUT_KILLED_BY_PARENT, LWS_TO_KILL_SYNC);
}

static void hub_on_timer(uv_timer_t *t)
{
	struct ws_hub *hub = t->data;
	if (hub->ctx)
		lws_context_destroy(hub->ctx); /* first of the two calls */
	hub->timer_closed = true;
	uv_close((uv_handle_t *)&hub->timer, NULL);
}

/* One connection fewer; the last one out of a hub being shut down lets
 * the context go. */
static void hub_release(struct ws *ws)
{
	struct ws_hub *hub = ws->hub;
	if (ws->released)
		return;
	ws->released = true;
	hub->n_live--;
	if (hub->shutting_down && hub->n_live == 0 && !hub->timer_closed)
		uv_timer_start(&hub->timer, hub_on_timer, 0, 0);
}

static void on_timer(uv_timer_t *t)
{
	struct ws *ws = t->data;
	if (ws->shut_down) {
		if (ws->wsi) /* dropped without a close frame; no on_close */
			lws_set_timeout(ws->wsi, PENDING_TIMEOUT_KILLED_BY_PARENT, LWS_TO_KILL_SYNC);
		ws->timer_closed = true;
		uv_close((uv_handle_t *)&ws->timer, NULL);
		hub_release(ws);
		return;
	}
	if (ws->close_pending)
		do_close(ws);
}

static void connect_wsi(struct ws *ws, const char *address)
{
	struct lws_client_connect_info cci = {
		.context = ws->hub->ctx,
		.address = address,
		.port = ws->port,
		.ssl_connection = ws->tls ? LCCSCF_USE_SSL : 0,
		.path = ws->path,
		.host = ws->host,
		.origin = ws->host,
		.protocol = NULL,
		.local_protocol_name = protocols[0].name,
		.alpn = "http/1.1",
		.pwsi = &ws->wsi,
		.userdata = ws, /* what lws_wsi_user gives back in callback() */
	};
	ws->state = WS_CONNECTING;
	if (!lws_client_connect_via_info(&cci) && ws->state == WS_CONNECTING) {
		/* failed before any callback named the wsi */
		finish(ws, WS_CLOSE_ABNORMAL, "connect failed", false);
	}
}

static void on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	struct ws *ws = req->data;
	char addr[64] = "";
	ws->resolving = false;
	/* the first IPv4 address, else the first one: IPv6 is often broken */
	const struct addrinfo *pick = res;
	for (const struct addrinfo *a = res; status == 0 && a; a = a->ai_next)
		if (a->ai_family == AF_INET) {
			pick = a;
			break;
		}
	if (status == 0 && pick) {
		if (pick->ai_family == AF_INET6)
			uv_ip6_name((const struct sockaddr_in6 *)pick->ai_addr, addr, sizeof addr);
		else
			uv_ip4_name((const struct sockaddr_in *)pick->ai_addr, addr, sizeof addr);
	}
	uv_freeaddrinfo(res);
	if (ws->state == WS_CLOSING || ws->shut_down || status == UV_ECANCELED) {
		finish_closed(ws);
		return;
	}
	if (status != 0 || !addr[0]) {
		char why[WS_MAX_REASON + 1];
		snprintf(why, sizeof why, "cannot resolve %s: %s", ws->host,
			 status ? uv_strerror(status) : "no address");
		finish(ws, WS_CLOSE_ABNORMAL, why, false);
		return;
	}
	connect_wsi(ws, addr);
}

/* Splits ws->url_copy into scheme, host, port and path (with its leading
 * slash put back).  Returns 0 or BB_EINVAL / BB_ENOMEM. */
static int parse_url(struct ws *ws)
{
	const char *prot, *host, *path;
	int port;
	if (lws_parse_uri(ws->url_copy, &prot, &host, &port, &path))
		return BB_EINVAL;
	if (strcmp(prot, "wss") == 0)
		ws->tls = true;
	else if (strcmp(prot, "ws") == 0)
		ws->tls = false;
	else
		return BB_EINVAL;
	if (!host[0] || port <= 0 || port > 65535)
		return BB_EINVAL;
	/* lws drops the leading '/', except for an empty path, which is "/" */
	size_t n = strlen(path) + 2;
	ws->path = malloc(n);
	if (!ws->path)
		return BB_ENOMEM;
	snprintf(ws->path, n, "%s%s", path[0] == '/' ? "" : "/", path);
	ws->host = host;
	ws->port = port;
	return 0;
}

/* Makes the hub's lws context if there is none yet, with TLS if `tls`.
 * Returns 0, BB_EINVAL for wss on a context made without TLS, or BB_ENOMEM. */
static int hub_context(struct ws_hub *hub, bool tls)
{
	if (hub->ctx) {
		if (tls && !hub->ctx_tls) {
			log_msg(hub->log, LOG_ERROR, "ws",
				"wss after ws on one hub: the first connection set it up without TLS");
			return BB_EINVAL;
		}
		return 0;
	}
	void *foreign[1] = { hub->loop };
	struct lws_context_creation_info info = {
		.port = CONTEXT_PORT_NO_LISTEN,
		.protocols = protocols,
		.options = LWS_SERVER_OPTION_LIBUV |
			   (tls ? LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT : 0),
		.foreign_loops = foreign,
		.client_ssl_ca_filepath = hub->ca_file,
		/* lws sizes two tables by this (by `ulimit -n` otherwise, often
		 * tens of thousands of slots): one per shard is plenty */
		.fd_limit_per_thread = WS_MAX_CONNECTIONS,
		.gid = -1,
		.uid = -1,
	};
	hub->ctx = lws_create_context(&info);
	if (!hub->ctx) {
		log_msg(hub->log, LOG_ERROR, "ws", "cannot create the lws context");
		return BB_ENOMEM;
	}
	hub->ctx_tls = tls;
	return 0;
}

int ws_connect(struct ws *ws, const char *url, const struct ws_callbacks *cb, void *user)
{
	if (!ws || !url || !cb || ws->shut_down || ws->state != WS_IDLE)
		return BB_EINVAL;
	int err = BB_ENOMEM;
	ws->url_copy = strdup(url);
	if (!ws->url_copy)
		goto fail;
	err = parse_url(ws);
	if (err)
		goto fail;

	err = hub_context(ws->hub, ws->tls);
	if (err)
		goto fail;

	ws->cb = cb;
	ws->user = user;
	ws->opened = ws->close_local = ws->close_peer = ws->close_pending = false;
	ws->close_code = 0;
	ws->close_reason[0] = '\0';
	ws->tls_error[0] = '\0';
	ws->rx_in_message = false;

	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	char service[8];
	snprintf(service, sizeof service, "%d", ws->port);
	ws->resolve.data = ws;
	int rc = uv_getaddrinfo(ws->hub->loop, &ws->resolve, on_resolved, ws->host, service, &hints);
	if (rc) {
		log_msg(ws->hub->log, LOG_ERROR, "ws", "getaddrinfo: %s", uv_strerror(rc));
		err = BB_ENET;
		goto fail;
	}
	ws->state = WS_RESOLVING;
	ws->resolving = true;
	log_msg(ws->hub->log, LOG_DEBUG, "ws", "connecting to %s", url);
	return 0;
fail:
	forget_target(ws);
	return err;
}

int ws_send_text(struct ws *ws, const char *data, size_t len)
{
	if (!ws || ws->state != WS_OPEN || (!data && len))
		return BB_EINVAL;
	if (len > ws->hub->max_message)
		return BB_ETOOBIG;
	struct ws_frame *f = malloc(sizeof *f + LWS_PRE + len);
	if (!f)
		return BB_ENOMEM;
	f->next = NULL;
	f->len = len;
	if (len)
		memcpy(f->buf + LWS_PRE, data, len);
	if (ws->tx_tail)
		ws->tx_tail->next = f;
	else
		ws->tx_head = f;
	ws->tx_tail = f;
	lws_callback_on_writable(ws->wsi);
	return 0;
}

int ws_close(struct ws *ws, int code, const char *reason)
{
	if (!ws || ws->state == WS_IDLE || ws->close_local || code < 1000 || code > 4999)
		return BB_EINVAL;
	start_close(ws, code, reason ? reason : "");
	return 0;
}

bool ws_is_open(const struct ws *ws)
{
	return ws && ws->state == WS_OPEN;
}

/* Runs the loop until the handles being closed are gone: lws closes its
 * own in stages (the poll, then idle and timer); a bounded number of turns
 * is plenty. For the error paths that never ran the loop. */
static void find_closing(uv_handle_t *h, void *arg)
{
	if (uv_is_closing(h))
		*(bool *)arg = true;
}

static void drain_closing(uv_loop_t *loop)
{
	bool closing = true;
	for (int i = 0; i < 16 && closing; i++) {
		uv_run(loop, UV_RUN_NOWAIT);
		closing = false;
		uv_walk(loop, find_closing, &closing);
	}
}

struct ws_hub *ws_hub_new(uv_loop_t *loop, const struct ws_options *opts)
{
	static const struct ws_options defaults = { 0 };
	if (!loop)
		return NULL;
	if (!opts)
		opts = &defaults;
	struct ws_hub *hub = calloc(1, sizeof *hub);
	if (!hub)
		return NULL;
	hub->loop = loop;
	hub->log = opts->log;
	hub->max_message = opts->max_message ? opts->max_message : WS_DEFAULT_MAX_MESSAGE;
	hub->user_agent = strdup(opts->user_agent ? opts->user_agent
						  : "briefbot/" BRIEFBOT_VERSION);
	hub->ca_file = opts->ca_file ? strdup(opts->ca_file) : NULL;
	if (!hub->user_agent || (opts->ca_file && !hub->ca_file))
		goto fail;

	lws_log_target = opts->log;
	lws_set_log_level(LLL_ERR | LLL_WARN, lws_emit);
	uv_timer_init(loop, &hub->timer);
	hub->timer.data = hub;
	return hub;
fail:
	free(hub->user_agent);
	free(hub->ca_file);
	free(hub);
	return NULL;
}

void ws_hub_shutdown(struct ws_hub *hub)
{
	if (!hub || hub->shutting_down)
		return;
	hub->shutting_down = true;
	if (hub->n_live == 0)
		uv_timer_start(&hub->timer, hub_on_timer, 0, 0);
}

void ws_hub_free(struct ws_hub *hub)
{
	if (!hub)
		return;
	if (!hub->timer_closed) {
		/* never shut down through the loop (an error path before uv_run):
		 * do both steps here */
		if (hub->ctx)
			lws_context_destroy(hub->ctx);
		uv_close((uv_handle_t *)&hub->timer, NULL);
		drain_closing(hub->loop);
	}
	if (hub->ctx)
		lws_context_destroy(hub->ctx); /* second call: frees what is left */
	free(hub->user_agent);
	free(hub->ca_file);
	free(hub);
}

struct ws *ws_new(struct ws_hub *hub)
{
	if (!hub || hub->shutting_down)
		return NULL;
	struct ws *ws = calloc(1, sizeof *ws);
	if (!ws)
		return NULL;
	ws->hub = hub;
	uv_timer_init(hub->loop, &ws->timer);
	ws->timer.data = ws;
	hub->n_live++;
	return ws;
}

void ws_shutdown(struct ws *ws)
{
	if (!ws || ws->shut_down)
		return;
	ws->shut_down = true; /* from here on, no user callbacks */
	tx_clear(ws);
	if (ws->resolving)
		uv_cancel((uv_req_t *)&ws->resolve);
	arm_timer(ws);
}

void ws_free(struct ws *ws)
{
	if (!ws)
		return;
	if (!ws->timer_closed) {
		/* never shut down through the loop (an error path before uv_run) */
		ws->shut_down = true;
		uv_close((uv_handle_t *)&ws->timer, NULL);
		drain_closing(ws->hub->loop);
		hub_release(ws);
	}
	if (ws->wsi) /* lws may still call back about it: not to us */
		lws_set_wsi_user(ws->wsi, NULL);
	free(ws->url_copy);
	free(ws->path);
	strbuf_free(&ws->rx);
	tx_clear(ws);
	free(ws);
}
