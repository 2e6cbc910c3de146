/* bot/metrics_http on a real libuv loop, asked by the bot's own HTTP client
 * (bot/net/http, curl multi) on the same loop: both paths, their answers
 * from the owner's callbacks, and every request refused. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bot/metrics_http.h"
#include "bot/net/http.h"
#include "common/strbuf.h"

struct fx {
	uv_loop_t loop;
	struct metrics_http *srv;
	struct http *client;
	bool healthy;
	int scrapes;
	long status;
	char allow[32];
	struct strbuf body;
	bool done;
};

static bool healthy(void *user, struct strbuf *why)
{
	struct fx *f = user;
	if (!f->healthy)
		strbuf_puts(why, "discord is not connected\n");
	return f->healthy;
}

static void scrape(void *user, struct strbuf *out)
{
	struct fx *f = user;
	f->scrapes++;
	strbuf_puts(out, "# TYPE briefbot_up gauge\nbriefbot_up 1\n");
}

static const struct metrics_http_ops ops = { .healthy = healthy, .scrape = scrape };

static void on_done(void *user, const struct http_response *resp)
{
	struct fx *f = user;
	f->status = resp->err ? -1 : resp->status;
	const char *allow = resp->err ? NULL : http_response_header(resp, "Allow");
	snprintf(f->allow, sizeof f->allow, "%s", allow ? allow : "");
	strbuf_free(&f->body);
	strbuf_append(&f->body, resp->body ? resp->body : "", resp->body_len);
	f->done = true;
}

/* One request, the loop run until it is answered; returns the status. */
static long ask(struct fx *f, const char *method, const char *path)
{
	char url[128];
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", metrics_http_port(f->srv), path);
	const struct http_req req = { .method = method, .url = url, .body = "x",
				      .body_len = strcmp(method, "POST") == 0 ? 1 : 0 };
	f->done = false;
	assert_int_equal(http_request(f->client, &req, on_done, f, NULL), 0);
	while (!f->done)
		uv_run(&f->loop, UV_RUN_ONCE);
	return f->status;
}

static int setup(void **state)
{
	static struct fx f;
	memset(&f, 0, sizeof f);
	assert_int_equal(uv_loop_init(&f.loop), 0);
	struct strbuf err = {0};
	f.srv = metrics_http_new(&f.loop, "127.0.0.1:0", &ops, &f, NULL, &err);
	assert_non_null(f.srv);
	assert_true(metrics_http_port(f.srv) > 0);
	f.client = http_new(&f.loop, NULL);
	assert_non_null(f.client);
	strbuf_free(&err);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	http_free(f->client);
	metrics_http_close(f->srv);
	uv_run(&f->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&f->loop), 0);
	strbuf_free(&f->body);
	return 0;
}

static void test_healthz_follows_the_owner(void **state)
{
	struct fx *f = *state;
	f->healthy = true;
	assert_int_equal(ask(f, "GET", "/healthz"), 200);
	assert_string_equal(strbuf_str(&f->body), "ok\n");
	f->healthy = false;
	assert_int_equal(ask(f, "GET", "/healthz"), 503);
	assert_string_equal(strbuf_str(&f->body), "discord is not connected\n");
}

static void test_metrics_page(void **state)
{
	struct fx *f = *state;
	assert_int_equal(ask(f, "GET", "/metrics"), 200);
	assert_string_equal(strbuf_str(&f->body), "# TYPE briefbot_up gauge\nbriefbot_up 1\n");
	assert_int_equal(f->scrapes, 1);
}

static void test_refused(void **state)
{
	struct fx *f = *state;
	const char *const methods[] = { "POST", "PUT", "DELETE", "PATCH" };
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		assert_int_equal(ask(f, methods[i], "/metrics"), 405);
		assert_string_equal(f->allow, "GET");
		assert_int_equal(ask(f, methods[i], "/healthz"), 405);
	}
	assert_int_equal(ask(f, "GET", "/"), 404);
	assert_int_equal(ask(f, "GET", "/metricsx"), 404);
	assert_int_equal(ask(f, "POST", "/admin"), 404);
	assert_int_equal(f->scrapes, 0); /* nothing refused ever reached the owner */
}

static void test_bad_listen_addresses(void **state)
{
	uv_loop_t loop;
	assert_int_equal(uv_loop_init(&loop), 0);
	struct strbuf err = {0};
	assert_null(metrics_http_new(&loop, "localhost:9464", &ops, NULL, NULL, &err));
	assert_non_null(strstr(strbuf_str(&err), "bad listen address"));
	/* A port already taken: said, not a crash. */
	struct metrics_http *a = metrics_http_new(&loop, "127.0.0.1:0", &ops, NULL, NULL, &err);
	assert_non_null(a);
	char taken[32];
	snprintf(taken, sizeof taken, "127.0.0.1:%d", metrics_http_port(a));
	assert_null(metrics_http_new(&loop, taken, &ops, NULL, NULL, &err));
	assert_non_null(strstr(strbuf_str(&err), "cannot listen on"));
	metrics_http_close(a);
	metrics_http_close(NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
	strbuf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_healthz_follows_the_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_metrics_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test(test_bad_listen_addresses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
