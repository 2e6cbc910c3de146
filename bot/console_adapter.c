#include "bot/console_adapter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/config.h"
#include "bot/console.h"
#include "commands/render.h"
#include "common/error.h"

#define MAX_LINE 4096

struct con {
	struct adapter_env env;
	union {
		uv_pipe_t pipe;
		uv_tty_t tty;
		uv_stream_t stream;
	} in;
	bool reading;
	bool stopping;
	struct strbuf line;
	char buf[MAX_LINE];
	unsigned long posts;
};

static void handle_line(struct con *c, const char *line)
{
	int rc = console_handle_line(c->env.router, line, (int64_t)uv_now(c->env.loop), stdout);
	if (rc < 0)
		log_msg(c->env.log, LOG_WARN, "console", "router: %s", bb_strerror(rc));
}

/* Hands every complete line in c->line to the router, keeping the rest. */
static void drain_lines(struct con *c)
{
	size_t start = 0;
	for (size_t i = 0; i < c->line.len; i++) {
		if (c->line.buf[i] != '\n')
			continue;
		size_t end = i;
		if (end > start && c->line.buf[end - 1] == '\r')
			end--;
		c->line.buf[end] = '\0';
		handle_line(c, c->line.buf + start);
		start = i + 1;
	}
	size_t rest = c->line.len - start;
	memmove(c->line.buf, c->line.buf + start, rest);
	strbuf_truncate(&c->line, rest);
	if (c->line.len > MAX_LINE)
		strbuf_truncate(&c->line, 0); /* an endless line: drop it */
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct con *c = h->data;
	*buf = uv_buf_init(c->buf, sizeof c->buf);
}

static void stop_reading(struct con *c)
{
	if (!c->reading)
		return;
	c->reading = false;
	uv_read_stop(&c->in.stream);
	uv_close((uv_handle_t *)&c->in.stream, NULL);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct con *c = s->data;
	if (n > 0) {
		strbuf_append(&c->line, buf->base, (size_t)n);
		drain_lines(c);
		return;
	}
	if (n == UV_EOF || n < 0) {
		if (c->line.len > 0) {
			strbuf_putc(&c->line, '\n');
			drain_lines(c);
		}
		/* End of input is not the end of the bot: digests go on
		 * (the app decides; `run --console` exits). */
		stop_reading(c);
		if (c->env.input_ended)
			c->env.input_ended(c->env.app);
	}
}

static bool con_enabled(const struct config *cfg)
{
	return config_bool(cfg, CONFIG_CONSOLE_ENABLED);
}

static void *con_create(const struct adapter_env *env, struct strbuf *err)
{
	struct con *c = calloc(1, sizeof *c);
	if (!c) {
		strbuf_puts(err, "console: out of memory\n");
		return NULL;
	}
	c->env = *env;
	return c;
}

/* A file or /dev/null: the loop cannot poll it, and reading it cannot
 * block for long, so it is read whole now. */
static void read_file_input(struct con *c)
{
	size_t n;
	while ((n = fread(c->buf, 1, sizeof c->buf, stdin)) > 0) {
		strbuf_append(&c->line, c->buf, n);
		drain_lines(c);
	}
	if (c->line.len > 0) {
		strbuf_putc(&c->line, '\n');
		drain_lines(c);
	}
}

static int con_start(void *self)
{
	struct con *c = self;
	uv_handle_type t = uv_guess_handle(0);
	int rc = 0;
	if (t == UV_NAMED_PIPE) {
		rc = uv_pipe_init(c->env.loop, &c->in.pipe, 0);
		if (rc == 0)
			rc = uv_pipe_open(&c->in.pipe, 0);
	} else if (t == UV_TTY) {
		rc = uv_tty_init(c->env.loop, &c->in.tty, 0, 1);
	} else {
		read_file_input(c);
		c->env.connected(c->env.app, PLATFORM_CONSOLE, true);
		if (c->env.input_ended)
			c->env.input_ended(c->env.app);
		return 0;
	}
	c->in.stream.data = c;
	if (rc == 0)
		rc = uv_read_start(&c->in.stream, on_alloc, on_read);
	if (rc < 0) {
		log_msg(c->env.log, LOG_ERROR, "console", "cannot read stdin: %s", uv_strerror(rc));
		uv_close((uv_handle_t *)&c->in.stream, NULL);
		return BB_EIO;
	}
	c->reading = true;
	c->env.connected(c->env.app, PLATFORM_CONSOLE, true);
	return 0;
}

static void con_stop(void *self)
{
	struct con *c = self;
	if (c->stopping)
		return;
	c->stopping = true;
	stop_reading(c);
	c->env.connected(c->env.app, PLATFORM_CONSOLE, false);
}

static void con_destroy(void *self)
{
	struct con *c = self;
	if (!c)
		return;
	strbuf_free(&c->line);
	free(c);
}

/* The outcome of one post, reported from a 0 ms timer: done is never
 * called from inside post(). */
struct con_done {
	uv_timer_t timer;
	int rc;
	char id[32];
	adapter_post_done done;
	void *user;
};

static void on_done_closed(uv_handle_t *h)
{
	free(h->data);
}

static void on_done_timer(uv_timer_t *t)
{
	struct con_done *cd = t->data;
	cd->done(cd->user, cd->rc, cd->rc == 0 ? cd->id : NULL);
	uv_close((uv_handle_t *)&cd->timer, on_done_closed);
}

/* A digest on the console: a header naming the key (so a reader can see
 * one post per slot), the plain text, a blank line. Writing to stdout
 * either works or the console is gone; there is nothing to retry. */
static int con_post(void *self, const char *room_id, const struct reply *r, const char *idem_key,
		    adapter_post_done done, void *user)
{
	struct con *c = self;
	if (!c || c->stopping || !r || !idem_key || !done)
		return BB_EINVAL;
	struct con_done *cd = calloc(1, sizeof *cd);
	struct render_output ro = {0};
	int rc = cd ? render_reply(r, RENDER_PLAIN, 0, &ro) : BB_ENOMEM;
	if (rc < 0) {
		free(cd);
		return rc;
	}
	printf("[digest %s to %s]\n", idem_key, room_id ? room_id : "console");
	for (size_t i = 0; i < ro.n_chunks; i++)
		printf("%s\n\n", ro.chunks[i].text);
	render_output_free(&ro);
	cd->rc = fflush(stdout) == 0 && !ferror(stdout) ? 0 : BB_EGONE;
	snprintf(cd->id, sizeof cd->id, "console-%lu", ++c->posts);
	cd->done = done;
	cd->user = user;
	uv_timer_init(c->env.loop, &cd->timer);
	cd->timer.data = cd;
	uv_timer_start(&cd->timer, on_done_timer, 0, 0);
	return 0;
}

const struct adapter_ops console_adapter = {
	.platform = PLATFORM_CONSOLE,
	.enabled = con_enabled,
	.create = con_create,
	.start = con_start,
	.stop = con_stop,
	.destroy = con_destroy,
	.post = con_post,
};
