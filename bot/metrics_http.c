#include "bot/metrics_http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bot/config.h"

#define COMPONENT "metrics"

struct metrics_http {
	struct MHD_Daemon *mhd;
	uv_poll_t poll;
	uv_timer_t timer;
	int handles; /* open uv handles; the server goes when the last closes */
	int port;
	const struct metrics_http_ops *ops;
	void *user;
	const struct logger *log;
};

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct metrics_http *s = cls;
	char line[512];
	vsnprintf(line, sizeof line, fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_msg(s->log, LOG_WARN, COMPONENT, "%s", line);
}

static enum MHD_Result respond(struct MHD_Connection *c, unsigned status, const char *type,
			       const struct strbuf *body)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		body->len, (void *)strbuf_str(body), MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET");
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_data_size,
				  void **req_cls)
{
	struct metrics_http *s = cls;
	struct strbuf body = {0};
	unsigned status;
	const char *text = "text/plain; charset=utf-8";
	bool health = strcmp(url, "/healthz") == 0;
	bool metrics = strcmp(url, "/metrics") == 0;
	if (!health && !metrics) {
		status = MHD_HTTP_NOT_FOUND;
		strbuf_puts(&body, "not found: try /healthz or /metrics\n");
	} else if (strcmp(method, MHD_HTTP_METHOD_GET) != 0) {
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
		strbuf_puts(&body, "only GET\n");
	} else if (health) {
		bool ok = s->ops->healthy(s->user, &body);
		status = ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE;
		if (ok)
			strbuf_puts(&body, "ok\n");
	} else {
		status = MHD_HTTP_OK;
		text = "text/plain; version=0.0.4; charset=utf-8";
		s->ops->scrape(s->user, &body);
	}
	enum MHD_Result rc = strbuf_failed(&body) ? MHD_NO : respond(c, status, text, &body);
	strbuf_free(&body);
	return rc;
}

static void on_timer(uv_timer_t *t);

/* Runs whatever MHD has to do (never blocks: epoll_wait with timeout 0),
 * then arms the timer for its next deadline (a connection's timeout). */
static void step(struct metrics_http *s)
{
	MHD_run(s->mhd);
	MHD_UNSIGNED_LONG_LONG ms = 0;
	if (MHD_get_timeout(s->mhd, &ms) == MHD_YES)
		uv_timer_start(&s->timer, on_timer, ms, 0);
	else
		uv_timer_stop(&s->timer);
}

static void on_timer(uv_timer_t *t)
{
	step(t->data);
}

static void on_poll(uv_poll_t *p, int status, int events)
{
	step(p->data);
}

/* "HOST:PORT" into a socket address (config.c checked the syntax). */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, struct strbuf *err)
{
	char host[64];
	int port;
	memset(ss, 0, sizeof *ss);
	if (!config_parse_listen(listen, host, sizeof host, &port)) {
		strbuf_printf(err, "metrics: bad listen address \"%s\" (want HOST:PORT)\n", listen);
		return -1;
	}
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
	} else {
		strbuf_printf(err, "metrics: \"%s\" is not an IP address\n", host);
		return -1;
	}
	return 0;
}

struct metrics_http *metrics_http_new(uv_loop_t *loop, const char *listen,
				      const struct metrics_http_ops *ops, void *user,
				      const struct logger *log, struct strbuf *err)
{
	struct sockaddr_storage ss;
	if (parse_listen(listen, &ss, err) < 0)
		return NULL;
	struct metrics_http *s = calloc(1, sizeof *s);
	if (!s) {
		strbuf_puts(err, "metrics: out of memory\n");
		return NULL;
	}
	s->ops = ops;
	s->user = user;
	s->log = log;
	unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* A handful of scrapers at most, each request tiny and answered at
	 * once: small limits keep a misbehaving client cheap. */
	s->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
				  MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s, /* first: MHD wants it */
				  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				  MHD_OPTION_CONNECTION_LIMIT, (unsigned)16,
				  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
				  MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
				  MHD_OPTION_END);
	if (!s->mhd) {
		strbuf_printf(err, "metrics: cannot listen on %s (address in use, or not "
			      "this machine's?)\n", listen);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *fd = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	const union MHD_DaemonInfo *port = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = port ? port->port : 0;
	if (!fd || uv_poll_init(loop, &s->poll, fd->epoll_fd) < 0) {
		strbuf_puts(err, "metrics: cannot watch the server's sockets\n");
		MHD_stop_daemon(s->mhd);
		free(s);
		return NULL;
	}
	uv_timer_init(loop, &s->timer);
	s->poll.data = s->timer.data = s;
	s->handles = 2;
	uv_poll_start(&s->poll, UV_READABLE, on_poll);
	log_msg(log, LOG_INFO, COMPONENT, "serving /healthz and /metrics on %s (port %d)", listen,
		s->port);
	step(s);
	return s;
}

int metrics_http_port(const struct metrics_http *s)
{
	return s ? s->port : 0;
}

static void on_closed(uv_handle_t *h)
{
	struct metrics_http *s = h->data;
	if (--s->handles == 0)
		free(s);
}

void metrics_http_close(struct metrics_http *s)
{
	if (!s)
		return;
	uv_poll_stop(&s->poll);
	MHD_stop_daemon(s->mhd); /* closes the epoll descriptor the poll watched */
	s->mhd = NULL;
	uv_close((uv_handle_t *)&s->poll, on_closed);
	uv_close((uv_handle_t *)&s->timer, on_closed);
}
