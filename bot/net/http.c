/* curl multi socket interface on a libuv loop; see http.h.
 *
 * How the pieces meet:
 *   curl -> on_curl_socket(): start/stop a uv_poll_t for one of its sockets
 *           (kept while its connection waits for the next request)
 *   curl -> on_close_socket(): close that uv_poll_t, then the socket
 *   curl -> on_curl_timer():  (re)arm the one uv_timer_t
 *   uv   -> on_poll()/on_timer(): curl_multi_socket_action(), then dispatch()
 *   dispatch(): read finished transfers, call their callbacks, fill free
 *               transfer slots from the queue.
 *
 * Every request is one struct http_call, kept on exactly one of three lists:
 * `active` (added to the curl multi handle), `queued` (waiting for a slot) or
 * `failed` (could not be started; reported from the `kick` timer so a
 * callback never runs inside http_request() or http_cancel()). curl 7.88 has
 * no curl_multi_get_handles(), so these lists are also how http_free() finds
 * every transfer.
 *
 * Freeing while a callback runs: http_free() only marks the client closing;
 * dispatch() notices when the callback returns and tears down then. Memory of
 * uv handles is released in their close callbacks (struct http itself when
 * both of its timers are closed).
 */
#include "bot/net/http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common/error.h"
#include "common/strbuf.h"

enum {
	DEFAULT_TIMEOUT_MS = 30000,
	DEFAULT_CONNECT_TIMEOUT_MS = 10000,
	DEFAULT_MAX_CONCURRENT = 16,
};
#define DEFAULT_MAX_RESPONSE_BYTES ((size_t)8 << 20)

struct call_list {
	struct http_call *head, *tail;
	size_t n;
};

struct http_call {
	struct http *h;
	CURL *easy;
	uint64_t id;
	http_done_fn done;
	void *user;
	struct curl_slist *headers;
	struct strbuf body;
	bool too_big;         /* the write callback refused more body */
	size_t max_bytes;     /* body cap of this request */
	bool public_only;     /* refuse non-public addresses */
	const char *refused;  /* why the last address was refused, or NULL */
	char refused_addr[64];
	char location_scheme[17]; /* of the last redirect not to http(s), or "" */
	int start_err;        /* why it is on the failed list */
	struct call_list *list;
	struct http_call *prev, *next;
	char errbuf[CURL_ERROR_SIZE];
};

struct http_sock {
	uv_poll_t poll;
	curl_socket_t fd;
	int events;           /* what we last asked libuv for */
	/* curl let go of the socket between two transfers on its connection:
	 * the handle is kept for the next one, still polled for what it was
	 * until something happens on the idle socket (then stopped), so that
	 * a request on a kept connection costs no system call here (a new
	 * handle: five; libuv's stop and start: two) */
	bool parked;
	struct http *h;
	struct http_sock *prev, *next;
};

struct http {
	uv_loop_t *loop;
	CURLM *multi;
	uv_timer_t timer;     /* curl's timeout */
	uv_timer_t kick;      /* reports calls that could not start */
	int open_handles;     /* timers not yet closed */
	const struct logger *log;
	char *user_agent;
	char *ca_file;
	long timeout_ms;
	long connect_timeout_ms;
	size_t max_response_bytes;
	unsigned max_concurrent;
	uint64_t next_id;
	struct call_list active, queued, failed;
	struct http_sock *socks;
	int dispatching;      /* > 0 while callbacks run */
	bool closing;
	/* easy handles of finished calls, reset, for the next requests:
	 * curl_easy_init() and cleanup per request cost more than a reset */
	CURL *idle[DEFAULT_MAX_CONCURRENT];
	size_t n_idle;
};

/* ---- lists -------------------------------------------------------------- */

static void list_push(struct call_list *l, struct http_call *c)
{
	c->list = l;
	c->next = NULL;
	c->prev = l->tail;
	if (l->tail)
		l->tail->next = c;
	else
		l->head = c;
	l->tail = c;
	l->n++;
}

static void list_remove(struct http_call *c)
{
	struct call_list *l = c->list;
	if (!l)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		l->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		l->tail = c->prev;
	l->n--;
	c->list = NULL;
	c->prev = c->next = NULL;
}

static void call_free(struct http_call *c)
{
	if (!c)
		return;
	list_remove(c);
	struct http *h = c->h;
	if (c->easy && h && !h->closing && h->n_idle < sizeof h->idle / sizeof h->idle[0]) {
		curl_easy_reset(c->easy);
		h->idle[h->n_idle++] = c->easy;
	} else if (c->easy) {
		curl_easy_cleanup(c->easy);
	}
	curl_slist_free_all(c->headers);
	strbuf_free(&c->body);
	free(c);
}

/* Takes `c` off whatever list it is on, out of the multi handle if active,
 * and frees it. Never calls its callback. */
static void call_abort(struct http_call *c)
{
	if (c->list == &c->h->active)
		curl_multi_remove_handle(c->h->multi, c->easy);
	call_free(c);
}

/* ---- sockets and timers ------------------------------------------------- */

static void on_sock_closed(uv_handle_t *handle)
{
	free(handle->data);
}

static void sock_close(struct http *h, struct http_sock *sk)
{
	if (sk->prev)
		sk->prev->next = sk->next;
	else
		h->socks = sk->next;
	if (sk->next)
		sk->next->prev = sk->prev;
	uv_close((uv_handle_t *)&sk->poll, on_sock_closed);
}

static void dispatch(struct http *h);

static void on_poll(uv_poll_t *poll, int status, int events)
{
	struct http_sock *sk = poll->data;
	struct http *h = sk->h;
	int flags = 0;
	int running;

	if (sk->parked) {
		/* the idle connection closed or sent something: curl will see
		 * that when it next looks at it; stop, or this would spin */
		uv_poll_stop(poll);
		sk->events = 0;
		return;
	}

	if (status < 0)
		flags = CURL_CSELECT_IN | CURL_CSELECT_OUT | CURL_CSELECT_ERR;
	if (events & UV_READABLE)
		flags |= CURL_CSELECT_IN;
	if (events & UV_WRITABLE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(h->multi, sk->fd, flags, &running);
	/* libuv stops a poll handle that reported an error, and curl only calls
	 * on_curl_socket() when what it wants changes: if curl kept the socket,
	 * poll it again. sk stays allocated until its close callback even if
	 * curl dropped it just now. */
	if (status < 0 && !uv_is_closing((uv_handle_t *)poll) && sk->events)
		uv_poll_start(poll, sk->events, on_poll);
	dispatch(h);
}

/* The poll handle of socket fd (curl's sockets are few), or NULL. */
static struct http_sock *find_sock(struct http *h, curl_socket_t fd)
{
	for (struct http_sock *sk = h->socks; sk; sk = sk->next)
		if (sk->fd == fd)
			return sk;
	return NULL;
}

/* CURLOPT_CLOSESOCKETFUNCTION: the poll handle of a socket goes before
 * the socket does (curl has already reported it removed). */
static int on_close_socket(void *clientp, curl_socket_t fd)
{
	struct http *h = clientp;
	struct http_sock *sk = find_sock(h, fd);
	if (sk) {
		if (!sk->parked)
			curl_multi_assign(h->multi, fd, NULL);
		sock_close(h, sk);
	}
	return close(fd);
}

static int on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct http *h = userp;
	struct http_sock *sk = socketp;

	if (what == CURL_POLL_REMOVE) {
		if (sk) {
			curl_multi_assign(h->multi, fd, NULL);
			sk->parked = true;
		}
		return 0;
	}
	if (!sk && (sk = find_sock(h, fd))) {
		sk->parked = false;
		curl_multi_assign(h->multi, fd, sk);
	}
	if (!sk) {
		sk = calloc(1, sizeof *sk);
		if (!sk)
			return -1;
		if (uv_poll_init_socket(h->loop, &sk->poll, fd) != 0) {
			log_msg(h->log, LOG_ERROR, "http", "cannot poll socket %d", (int)fd);
			free(sk);
			return -1;
		}
		sk->poll.data = sk;
		sk->fd = fd;
		sk->h = h;
		sk->next = h->socks;
		if (h->socks)
			h->socks->prev = sk;
		h->socks = sk;
		curl_multi_assign(h->multi, fd, sk);
	}
	int events = 0;
	if (what & CURL_POLL_IN)
		events |= UV_READABLE;
	if (what & CURL_POLL_OUT)
		events |= UV_WRITABLE;
	/* uv_poll_start() stops and starts again (two system calls) even for
	 * the same events: only when they change */
	if (events == sk->events && uv_is_active((uv_handle_t *)&sk->poll))
		return 0;
	sk->events = events;
	if (events)
		uv_poll_start(&sk->poll, events, on_poll);
	else
		uv_poll_stop(&sk->poll);
	return 0;
}

static void on_timer(uv_timer_t *timer)
{
	struct http *h = timer->data;
	int running;
	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	dispatch(h);
}

static int on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct http *h = userp;
	if (h->closing)
		return 0;
	if (timeout_ms < 0)
		uv_timer_stop(&h->timer);
	else
		uv_timer_start(&h->timer, on_timer, (uint64_t)timeout_ms, 0);
	return 0;
}

/* ---- starting and finishing transfers ----------------------------------- */

static void on_kick(uv_timer_t *timer);

static int activate(struct http *h, struct http_call *c)
{
	if (curl_multi_add_handle(h->multi, c->easy) != CURLM_OK)
		return BB_ENOMEM;
	list_push(&h->active, c);
	return 0;
}

/* Fills free transfer slots from the queue. Never calls a callback: a call
 * that cannot start is reported from the kick timer. */
static void start_queued(struct http *h)
{
	while (!h->closing && h->active.n < h->max_concurrent && h->queued.head) {
		struct http_call *c = h->queued.head;
		list_remove(c);
		int err = activate(h, c);
		if (err) {
			c->start_err = err;
			list_push(&h->failed, c);
			uv_timer_start(&h->kick, on_kick, 0, 0);
		}
	}
}

static int map_curl_error(const struct http_call *c, CURLcode rc, bool *timed_out)
{
	if (rc != CURLE_OK && c->refused)
		return BB_EPERM;
	switch (rc) {
	case CURLE_TOO_MANY_REDIRECTS:
		return BB_ELIMIT;
	case CURLE_OK:
		return strbuf_failed(&c->body) ? BB_ENOMEM : 0;
	case CURLE_WRITE_ERROR:
		if (c->too_big)
			return BB_ETOOBIG;
		return strbuf_failed(&c->body) ? BB_ENOMEM : BB_EIO;
	case CURLE_FILESIZE_EXCEEDED:
		return BB_ETOOBIG;
	case CURLE_OPERATION_TIMEDOUT:
		*timed_out = true;
		return BB_ENET;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return BB_EINVAL;
	case CURLE_OUT_OF_MEMORY:
		return BB_ENOMEM;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_HTTP2:
		return BB_EPROTO;
	default:
		return BB_ENET;
	}
}

/* Calls c's callback with `resp` and frees c. The caller has taken c off its
 * list and out of the multi handle. */
static void deliver(struct http *h, struct http_call *c, struct http_response *resp)
{
	resp->id = c->id;
	resp->call = c;
	resp->body = strbuf_str(&c->body);
	resp->body_len = c->body.len;
	if (!resp->url)
		resp->url = "";
	if (!resp->detail)
		resp->detail = "";
	c->done(c->user, resp);
	call_free(c);
}

static void finish(struct http *h, struct http_call *c, CURLcode rc)
{
	struct http_response resp = {0};
	const char *method = NULL;
	const char *url = NULL;

	list_remove(c);
	curl_multi_remove_handle(h->multi, c->easy);
	resp.err = map_curl_error(c, rc, &resp.timed_out);
	char why[160];
	if (resp.err == 0) {
		curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &resp.status);
	} else if (resp.err == BB_EPERM) {
		snprintf(why, sizeof why, "refused to connect to %s: a %s address",
			 c->refused_addr, c->refused);
		resp.detail = why;
	} else if (resp.err == BB_EINVAL && c->location_scheme[0]) {
		/* A redirect to a scheme we do not follow fails as an
		 * unsupported protocol or as a malformed URL, depending on
		 * the protocols libcurl was built with: name the scheme. */
		snprintf(why, sizeof why, "refused a redirect to a %s: URL: only http and https are followed",
			 c->location_scheme);
		resp.detail = why;
	} else if (rc != CURLE_OK)
		resp.detail = c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc);
	else
		resp.detail = bb_strerror(resp.err);

	curl_easy_getinfo(c->easy, CURLINFO_EFFECTIVE_METHOD, &method);
	curl_easy_getinfo(c->easy, CURLINFO_EFFECTIVE_URL, &url);
	resp.url = url ? url : "";
	if (url) {
		/* Never log a query string: it may carry a token. */
		size_t n = strcspn(url, "?");
		log_msg(h->log, LOG_DEBUG, "http", "%s %.*s -> %ld %s(%zu bytes)",
			method ? method : "?", (int)n, url, resp.status,
			resp.err ? resp.detail : "", c->body.len);
	}
	deliver(h, c, &resp);
}

static void teardown(struct http *h);

/* Ends a run of callbacks: tears down if one of them freed the client,
 * else fills the transfer slots they left free. */
static void dispatch_end(struct http *h)
{
	h->dispatching--;
	if (h->closing) {
		if (h->dispatching == 0)
			teardown(h);
		return;
	}
	start_queued(h);
}

static void dispatch(struct http *h)
{
	CURLMsg *msg;
	int left;

	h->dispatching++;
	while (!h->closing && (msg = curl_multi_info_read(h->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		CURLcode rc = msg->data.result;
		char *priv = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		finish(h, (struct http_call *)(void *)priv, rc);
	}
	dispatch_end(h);
}

static void on_kick(uv_timer_t *timer)
{
	struct http *h = timer->data;

	h->dispatching++;
	while (!h->closing && h->failed.head) {
		struct http_call *c = h->failed.head;
		struct http_response resp = { .err = c->start_err, .detail = bb_strerror(c->start_err) };
		list_remove(c);
		deliver(h, c, &resp);
	}
	dispatch_end(h);
}

/* ---- construction and teardown ------------------------------------------ */

struct http *http_new(uv_loop_t *loop, const struct http_options *opt)
{
	static const struct http_options defaults = {0};
	struct http *h = NULL;

	if (!loop)
		return NULL;
	if (!opt)
		opt = &defaults;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	h = calloc(1, sizeof *h);
	if (!h)
		goto fail;
	h->loop = loop;
	h->log = opt->log;
	h->timeout_ms = opt->timeout_ms > 0 ? opt->timeout_ms : DEFAULT_TIMEOUT_MS;
	h->connect_timeout_ms = opt->connect_timeout_ms > 0 ? opt->connect_timeout_ms
							    : DEFAULT_CONNECT_TIMEOUT_MS;
	h->max_response_bytes = opt->max_response_bytes ? opt->max_response_bytes
							: DEFAULT_MAX_RESPONSE_BYTES;
	h->max_concurrent = opt->max_concurrent ? opt->max_concurrent : DEFAULT_MAX_CONCURRENT;
	h->user_agent = strdup(opt->user_agent ? opt->user_agent : "briefbot/" BRIEFBOT_VERSION);
	if (!h->user_agent)
		goto fail;
	if (opt->ca_file) {
		h->ca_file = strdup(opt->ca_file);
		if (!h->ca_file)
			goto fail;
	}
	h->multi = curl_multi_init();
	if (!h->multi)
		goto fail;
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	/* uv_timer_init cannot fail; after it the handles must be uv_close()d. */
	uv_timer_init(loop, &h->timer);
	uv_timer_init(loop, &h->kick);
	h->timer.data = h;
	h->kick.data = h;
	h->open_handles = 2;
	return h;

fail:
	if (h) {
		if (h->multi)
			curl_multi_cleanup(h->multi);
		free(h->ca_file);
		free(h->user_agent);
		free(h);
	}
	curl_global_cleanup();
	return NULL;
}

static void on_timer_closed(uv_handle_t *handle)
{
	struct http *h = handle->data;
	if (--h->open_handles > 0)
		return;
	free(h->ca_file);
	free(h->user_agent);
	free(h);
}

static void teardown(struct http *h)
{
	struct call_list *lists[] = { &h->active, &h->queued, &h->failed };
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		while (lists[i]->head)
			call_abort(lists[i]->head);
	/* curl may or may not report the sockets of cached connections as
	 * removed while it cleans up; whatever it leaves, we close. */
	while (h->n_idle)
		curl_easy_cleanup(h->idle[--h->n_idle]);
	curl_multi_cleanup(h->multi);
	h->multi = NULL;
	while (h->socks)
		sock_close(h, h->socks);
	uv_close((uv_handle_t *)&h->timer, on_timer_closed);
	uv_close((uv_handle_t *)&h->kick, on_timer_closed);
	curl_global_cleanup();
}

void http_free(struct http *h)
{
	if (!h || h->closing)
		return;
	h->closing = true;
	if (h->dispatching == 0)
		teardown(h);
}

/* ---- requests ----------------------------------------------------------- */

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct http_call *c = userdata;
	size_t n = size * nmemb;

	if (n > c->max_bytes - c->body.len) {
		c->too_big = true;
		return 0;
	}
	strbuf_append(&c->body, ptr, n);
	return strbuf_failed(&c->body) ? 0 : n;
}

/* Notes the scheme of a Location header that is neither http nor https
 * (only set when redirects are followed). */
static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct http_call *c = userdata;
	size_t n = size * nmemb;
	static const char name[] = "location:";

	if (n <= sizeof name - 1 || strncasecmp(ptr, name, sizeof name - 1) != 0)
		return n;
	const char *v = ptr + sizeof name - 1, *end = ptr + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	size_t len = 0;
	while (v + len < end && len < sizeof c->location_scheme - 1 && isalpha((unsigned char)v[len]))
		len++;
	if (v + len < end && v[len] == ':' && len > 0 &&
	    !(len == 4 && strncasecmp(v, "http", 4) == 0) &&
	    !(len == 5 && strncasecmp(v, "https", 5) == 0)) {
		memcpy(c->location_scheme, v, len);
		c->location_scheme[len] = '\0';
	}
	return n;
}

/* ---- public addresses only --------------------------------------------- */

static const char *ipv4_not_public(const unsigned char *a)
{
	static const struct {
		unsigned char net[4];
		int bits;
		const char *what;
	} ranges[] = {
		{ { 0, 0, 0, 0 }, 8, "\"this network\"" },
		{ { 10, 0, 0, 0 }, 8, "private" },
		{ { 100, 64, 0, 0 }, 10, "shared (carrier-grade NAT)" },
		{ { 127, 0, 0, 0 }, 8, "loopback" },
		{ { 169, 254, 0, 0 }, 16, "link-local" },
		{ { 172, 16, 0, 0 }, 12, "private" },
		{ { 192, 0, 0, 0 }, 24, "reserved (IETF)" },
		{ { 192, 168, 0, 0 }, 16, "private" },
		{ { 198, 18, 0, 0 }, 15, "benchmarking" },
		{ { 224, 0, 0, 0 }, 4, "multicast" },
		{ { 240, 0, 0, 0 }, 4, "reserved" },
	};
	uint32_t ip = (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3];
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		const unsigned char *n = ranges[i].net;
		uint32_t net = (uint32_t)n[0] << 24 | (uint32_t)n[1] << 16 | (uint32_t)n[2] << 8 | n[3];
		uint32_t mask = ~(uint32_t)0 << (32 - ranges[i].bits);
		if ((ip & mask) == net)
			return ranges[i].what;
	}
	return NULL;
}

const char *http_address_not_public(const struct sockaddr *sa)
{
	if (!sa)
		return "unknown";
	if (sa->sa_family == AF_INET)
		return ipv4_not_public((const unsigned char *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr);
	if (sa->sa_family != AF_INET6)
		return "non-IP";
	const unsigned char *a = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char zero[15] = { 0 };
	if (memcmp(a, mapped, 12) == 0)
		return ipv4_not_public(a + 12);
	if (memcmp(a, zero, 15) == 0)
		return a[15] == 1 ? "loopback" : "unspecified";
	if ((a[0] & 0xfe) == 0xfc)
		return "private (unique local)";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return "link-local";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return "site-local";
	if (a[0] == 0xff)
		return "multicast";
	return NULL;
}

/* CURLOPT_OPENSOCKETFUNCTION of public_only requests: sees the address
 * curl is about to connect to, after DNS, for every connection. */
static curl_socket_t on_open_socket(void *user, curlsocktype purpose,
				    struct curl_sockaddr *addr)
{
	struct http_call *c = user;
	const char *why = http_address_not_public(&addr->addr);
	if (why) {
		c->refused = why;
		char host[INET6_ADDRSTRLEN] = "?";
		const void *raw = addr->family == AF_INET
			? (const void *)&((const struct sockaddr_in *)(const void *)&addr->addr)->sin_addr
			: (const void *)&((const struct sockaddr_in6 *)(const void *)&addr->addr)->sin6_addr;
		inet_ntop(addr->family, raw, host, sizeof host);
		snprintf(c->refused_addr, sizeof c->refused_addr, "%s", host);
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

enum method_kind { M_GET, M_HEAD, M_POST, M_CUSTOM };

static int method_kind(const char *method)
{
	static const struct {
		const char *name;
		enum method_kind kind;
	} methods[] = {
		{ "GET", M_GET }, { "HEAD", M_HEAD }, { "POST", M_POST },
		{ "PUT", M_CUSTOM }, { "PATCH", M_CUSTOM }, { "DELETE", M_CUSTOM },
	};
	if (!method)
		return M_GET;
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(method, methods[i].name) == 0)
			return (int)methods[i].kind;
	return BB_EINVAL;
}

/* Sets the options of one transfer; returns 0 or a bb_err. */
static int setup_easy(struct http *h, struct http_call *c, const struct http_req *req, int kind)
{
	CURL *e = c->easy;
	bool bad = false;

	for (const char *const *line = req->headers; line && *line; line++) {
		if (strpbrk(*line, "\r\n"))
			return BB_EINVAL;
		struct curl_slist *l = curl_slist_append(c->headers, *line);
		if (!l)
			return BB_ENOMEM;
		c->headers = l;
	}
	/* No "Expect: 100-continue" round trip before larger bodies. */
	struct curl_slist *l = curl_slist_append(c->headers, "Expect:");
	if (!l)
		return BB_ENOMEM;
	c->headers = l;

	bad |= curl_easy_setopt(e, CURLOPT_URL, req->url) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)c) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->errbuf) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, h->user_agent) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, c->headers) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)c) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
				req->timeout_ms > 0 ? req->timeout_ms : h->timeout_ms) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->connect_timeout_ms) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	if (h->ca_file)
		bad |= curl_easy_setopt(e, CURLOPT_CAINFO, h->ca_file) != CURLE_OK;
	c->max_bytes = req->max_bytes && req->max_bytes < h->max_response_bytes
			       ? req->max_bytes : h->max_response_bytes;
	bad |= curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_bytes) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, req->max_redirects > 0 ? 1L : 0L) != CURLE_OK;
	if (req->max_redirects > 0) {
		bad |= curl_easy_setopt(e, CURLOPT_MAXREDIRS, req->max_redirects) != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_HEADERDATA, (void *)c) != CURLE_OK;
	}
	c->public_only = req->public_only;
	if (req->public_only) {
		/* The check must see the real destination: no proxy, and no
		 * connection opened earlier without the check. */
		bad |= curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket) != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, (void *)c) != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_PROXY, "") != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L) != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L) != CURLE_OK;
	}
	bad |= curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, on_close_socket) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, (void *)h) != CURLE_OK;

	if (kind == M_HEAD)
		bad |= curl_easy_setopt(e, CURLOPT_NOBODY, 1L) != CURLE_OK;
	if (kind == M_CUSTOM)
		bad |= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method) != CURLE_OK;
	/* POST, PUT and PATCH always send a body (maybe empty, with
	 * Content-Length: 0); GET, HEAD and DELETE only when given one. */
	if (kind == M_POST || (kind == M_CUSTOM && strcmp(req->method, "DELETE") != 0) ||
	    req->body) {
		bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
					(curl_off_t)(req->body ? req->body_len : 0)) != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS,
					req->body ? req->body : "") != CURLE_OK;
		if (kind == M_GET || kind == M_HEAD)
			bad |= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST,
						kind == M_GET ? "GET" : "HEAD") != CURLE_OK;
	}
	return bad ? BB_ENOMEM : 0;
}

int http_request(struct http *h, const struct http_req *req, http_done_fn done,
		 void *user, uint64_t *id_out)
{
	struct http_call *c = NULL;
	int err;

	if (!h || h->closing || !req || !req->url || !done || (req->body_len && !req->body))
		return BB_EINVAL;
	int kind = method_kind(req->method);
	if (kind < 0)
		return kind;
	c = calloc(1, sizeof *c);
	if (!c)
		return BB_ENOMEM;
	c->h = h;
	c->done = done;
	c->user = user;
	c->easy = h->n_idle ? h->idle[--h->n_idle] : curl_easy_init();
	if (!c->easy) {
		err = BB_ENOMEM;
		goto fail;
	}
	err = setup_easy(h, c, req, kind);
	if (err)
		goto fail;
	c->id = ++h->next_id;
	if (h->active.n < h->max_concurrent && !h->queued.head) {
		err = activate(h, c);
		if (err)
			goto fail;
	} else {
		list_push(&h->queued, c);
	}
	if (id_out)
		*id_out = c->id;
	return 0;

fail:
	call_free(c);
	return err;
}

int http_cancel(struct http *h, uint64_t id)
{
	if (!h || id == 0 || h->closing)
		return BB_ENOTFOUND;
	struct call_list *lists[] = { &h->active, &h->queued, &h->failed };
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		for (struct http_call *c = lists[i]->head; c; c = c->next) {
			if (c->id != id)
				continue;
			call_abort(c);
			start_queued(h);
			return 0;
		}
	}
	return BB_ENOTFOUND;
}

const char *http_response_header(const struct http_response *resp, const char *name)
{
	struct curl_header *hd = NULL;

	if (!resp || !resp->call || !resp->call->easy || !name)
		return NULL;
	if (curl_easy_header(resp->call->easy, name, 0, CURLH_HEADER, -1, &hd) != CURLHE_OK)
		return NULL;
	return hd->value;
}

size_t http_pending(const struct http *h)
{
	return h ? h->active.n + h->queued.n + h->failed.n : 0;
}
