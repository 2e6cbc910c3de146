#include "tests/tls_server.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "common/strbuf.h"

/* The child runs on a loop of its own, so the tests' loops never see it. */
struct tls_server {
	uv_loop_t loop;
	uv_process_t proc;
	uv_pipe_t in, out;
	struct strbuf outbuf;
	bool out_eof, exited;
	int port;
	char ca_file[600];
};

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	*buf = uv_buf_init(malloc(suggested), (unsigned)suggested);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct tls_server *t = s->data;
	if (n > 0)
		strbuf_append(&t->outbuf, buf->base, (size_t)n);
	free(buf->base);
	if (n < 0 && !t->out_eof) {
		t->out_eof = true;
		uv_close((uv_handle_t *)&t->out, NULL);
	}
}

static void on_child_exit(uv_process_t *p, int64_t status, int sig)
{
	struct tls_server *t = p->data;
	t->exited = true;
	uv_close((uv_handle_t *)p, NULL);
}

struct tls_server *tls_server_start(const char *tests_dir)
{
	struct tls_server *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	char script[600], cert[600], key[600];
	snprintf(script, sizeof script, "%s/tls_server.py", tests_dir);
	snprintf(cert, sizeof cert, "%s/data/ws-test-localhost.pem", tests_dir);
	snprintf(key, sizeof key, "%s/data/ws-test-localhost.key", tests_dir);
	snprintf(t->ca_file, sizeof t->ca_file, "%s/data/ws-test-ca.pem", tests_dir);
	char *args[] = { "/usr/bin/python3", script, cert, key, NULL };
	uv_loop_init(&t->loop);
	uv_pipe_init(&t->loop, &t->in, 0);
	uv_pipe_init(&t->loop, &t->out, 0);
	t->in.data = t->out.data = t->proc.data = t;
	uv_stdio_container_t stdio[3] = {
		{ .flags = UV_CREATE_PIPE | UV_READABLE_PIPE, .data.stream = (uv_stream_t *)&t->in },
		{ .flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE, .data.stream = (uv_stream_t *)&t->out },
		{ .flags = UV_INHERIT_FD, .data.fd = 2 },
	};
	uv_process_options_t po = { .file = args[0], .args = args, .exit_cb = on_child_exit,
				    .stdio_count = 3, .stdio = stdio };
	int rc = uv_spawn(&t->loop, &t->proc, &po);
	if (rc) {
		fprintf(stderr, "cannot start %s: %s\n", script, uv_strerror(rc));
		/* uv_spawn initialised the handle even though it failed. */
		uv_close((uv_handle_t *)&t->proc, NULL);
		uv_close((uv_handle_t *)&t->in, NULL);
		uv_close((uv_handle_t *)&t->out, NULL);
		uv_run(&t->loop, UV_RUN_DEFAULT);
		uv_loop_close(&t->loop);
		free(t);
		return NULL;
	}
	uv_read_start((uv_stream_t *)&t->out, on_alloc, on_read);
	while (!strchr(strbuf_str(&t->outbuf), '\n') && !t->out_eof)
		uv_run(&t->loop, UV_RUN_ONCE);
	char *end;
	long port = strtol(strbuf_str(&t->outbuf), &end, 10);
	if (end == strbuf_str(&t->outbuf) || port <= 0 || port > 65535) {
		fprintf(stderr, "%s printed no port (is python3-aiohttp installed?)\n", script);
		tls_server_stop(t);
		return NULL;
	}
	t->port = (int)port;
	return t;
}

int tls_server_port(const struct tls_server *t)
{
	return t->port;
}

const char *tls_server_ca_file(const struct tls_server *t)
{
	return t->ca_file;
}

void tls_server_stop(struct tls_server *t)
{
	if (!t)
		return;
	uv_close((uv_handle_t *)&t->in, NULL); /* EOF on its stdin: it exits */
	while (!t->exited || !t->out_eof)
		uv_run(&t->loop, UV_RUN_ONCE);
	uv_run(&t->loop, UV_RUN_DEFAULT);
	uv_loop_close(&t->loop);
	strbuf_free(&t->outbuf);
	free(t);
}

int tls_server_group_setup(void **state)
{
	const char *dir = getenv("BB_TESTS_DIR");
	*state = tls_server_start(dir ? dir : "tests");
	return *state ? 0 : -1;
}

int tls_server_group_teardown(void **state)
{
	tls_server_stop(*state);
	return 0;
}
