#include "bot/metrics_http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bot/config.h"
#include "common/dynlib.h"
#include "common/error.h"

#define COMPONENT "metrics"

/* libmicrohttpd is opened when a server starts (common/dynlib.h): linked,
 * it and GnuTLS would cost every bot about 2.4 MB resident, metrics or
 * not. meson.build defines MHD_SONAME from the library built against
 * ("libmicrohttpd.so.12", Debian libmicrohttpd12). */
#ifndef MHD_SONAME
#error "MHD_SONAME comes from meson.build"
#endif

struct mhd_api {
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_get_daemon_info) *get_daemon_info;
	__typeof__(MHD_run) *run;
	__typeof__(MHD_get_timeout) *get_timeout;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_destroy_response) *destroy_response;
};

struct metrics_http {
	struct dynlib *lib;
	struct mhd_api mhd_api;
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

/* Opens libmicrohttpd into s->mhd_api; a clear error when it is missing. */
static int load_mhd(struct metrics_http *s, struct strbuf *err)
{
	struct mhd_api *a = &s->mhd_api;
	const struct dynlib_sym syms[] = {
		DYNLIB_SYM("MHD_start_daemon", &a->start_daemon),
		DYNLIB_SYM("MHD_stop_daemon", &a->stop_daemon),
		DYNLIB_SYM("MHD_get_daemon_info", &a->get_daemon_info),
		DYNLIB_SYM("MHD_run", &a->run),
		DYNLIB_SYM("MHD_get_timeout", &a->get_timeout),
		DYNLIB_SYM("MHD_create_response_from_buffer", &a->create_response_from_buffer),
		DYNLIB_SYM("MHD_add_response_header", &a->add_response_header),
		DYNLIB_SYM("MHD_queue_response", &a->queue_response),
		DYNLIB_SYM("MHD_destroy_response", &a->destroy_response),
	};
	struct strbuf why = {0};
	s->lib = dynlib_open(MHD_SONAME, syms, sizeof syms / sizeof syms[0], &why);
	if (!s->lib)
		strbuf_printf(err, "metrics: serving [metrics] listen needs libmicrohttpd "
			      "(Debian package libmicrohttpd12): %s", strbuf_str(&why));
	strbuf_free(&why);
	return s->lib ? 0 : BB_ENOTFOUND;
}

static enum MHD_Result respond(const struct mhd_api *a, struct MHD_Connection *c,
			       unsigned status, const char *type, const struct strbuf *body)
{
	struct MHD_Response *r = a->create_response_from_buffer(
		body->len, (void *)strbuf_str(body), MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	a->add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	a->add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		a->add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET");
	enum MHD_Result rc = a->queue_response(c, status, r);
	a->destroy_response(r);
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
	enum MHD_Result rc = strbuf_failed(&body) ? MHD_NO : respond(&s->mhd_api, c, status, text, &body);
	strbuf_free(&body);
	return rc;
}

static void on_timer(uv_timer_t *t);

/* Runs whatever MHD has to do (never blocks: epoll_wait with timeout 0),
 * then arms the timer for its next deadline (a connection's timeout). */
static void step(struct metrics_http *s)
{
	s->mhd_api.run(s->mhd);
	MHD_UNSIGNED_LONG_LONG ms = 0;
	if (s->mhd_api.get_timeout(s->mhd, &ms) == MHD_YES)
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
	if (load_mhd(s, err) < 0) {
		free(s);
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
	s->mhd = s->mhd_api.start_daemon(flags, 0, NULL, NULL, on_request, s,
				  MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s, /* first: MHD wants it */
				  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
				  MHD_OPTION_CONNECTION_LIMIT, (unsigned)16,
				  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
				  MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
				  MHD_OPTION_END);
	if (!s->mhd) {
		strbuf_printf(err, "metrics: cannot listen on %s (address in use, or not "
			      "this machine's?)\n", listen);
		goto fail;
	}
	const union MHD_DaemonInfo *fd =
		s->mhd_api.get_daemon_info(s->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	const union MHD_DaemonInfo *port =
		s->mhd_api.get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = port ? port->port : 0;
	if (!fd || uv_poll_init(loop, &s->poll, fd->epoll_fd) < 0) {
		strbuf_puts(err, "metrics: cannot watch the server's sockets\n");
		s->mhd_api.stop_daemon(s->mhd);
		goto fail;
	}
	uv_timer_init(loop, &s->timer);
	s->poll.data = s->timer.data = s;
	s->handles = 2;
	uv_poll_start(&s->poll, UV_READABLE, on_poll);
	log_msg(log, LOG_INFO, COMPONENT, "serving /healthz and /metrics on %s (port %d)", listen,
		s->port);
	step(s);
	return s;
fail:
	dynlib_close(s->lib);
	free(s);
	return NULL;
}

int metrics_http_port(const struct metrics_http *s)
{
	return s ? s->port : 0;
}

static void on_closed(uv_handle_t *h)
{
	struct metrics_http *s = h->data;
	if (--s->handles == 0) {
		dynlib_close(s->lib);
		free(s);
	}
}

void metrics_http_close(struct metrics_http *s)
{
	if (!s)
		return;
	uv_poll_stop(&s->poll);
	s->mhd_api.stop_daemon(s->mhd); /* closes the epoll descriptor the poll watched */
	s->mhd = NULL;
	uv_close((uv_handle_t *)&s->poll, on_closed);
	uv_close((uv_handle_t *)&s->timer, on_closed);
}
