/* The optional health and metrics endpoint (`[metrics] listen`), served on
 * the bot's libuv loop:
 *   GET /healthz  200 "ok" while the bot is healthy, else 503 and why
 *   GET /metrics  the Prometheus text the owner writes
 * Any other method on these paths gets 405, any other path 404. What the
 * two paths say comes from the owner's callbacks; this module only serves
 * them.
 *
 * The HTTP is GNU libmicrohttpd's (Debian's libmicrohttpd12, 0.9.75): a
 * small, actively maintained server library whose "external select" mode
 * lets the caller own the loop. With MHD_USE_EPOLL it exposes one epoll
 * descriptor for all its sockets, which one uv_poll_t watches, and
 * MHD_get_timeout() drives one uv_timer_t; MHD_run() then never blocks.
 * Debian's libh2o (built with libuv) would sit on the loop directly too,
 * but it is 2.2.5 from 2018, off h2o's developed branch, and a full
 * HTTP/2 server: far more than two read-only paths need.
 */
#ifndef BB_METRICS_HTTP_H
#define BB_METRICS_HTTP_H

#include <stdbool.h>
#include <uv.h>

#include "common/log.h"
#include "common/strbuf.h"

struct metrics_http_ops {
	/* Returns true when healthy; otherwise appends the reason (one line
	 * per problem) to `why`. */
	bool (*healthy)(void *user, struct strbuf *why);
	/* Appends the Prometheus text of every metric to `out`. */
	void (*scrape)(void *user, struct strbuf *out);
};

struct metrics_http;

/* Listens on `listen` ("127.0.0.1:9464", "[::1]:9464"; port 0: any free
 * port) on `loop`. `ops`, `user` and `log` must outlive the server.
 * Returns NULL and appends the reason to err on failure. */
struct metrics_http *metrics_http_new(uv_loop_t *loop, const char *listen,
				      const struct metrics_http_ops *ops, void *user,
				      const struct logger *log, struct strbuf *err);

/* The port listened on (the chosen one when `listen` said 0). */
int metrics_http_port(const struct metrics_http *s);

/* Stops listening and closes every connection; the handles finish closing
 * while the loop runs, and the server frees itself then. NULL-safe. */
void metrics_http_close(struct metrics_http *s);

#endif
