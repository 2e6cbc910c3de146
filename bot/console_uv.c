#include "bot/console_uv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bot/console.h"
#include "commands/render.h"
#include "common/error.h"

enum { READ_CHUNK = 4096, MAX_LINE = 64 * 1024 };

struct console_uv {
	uv_loop_t *loop;
	struct router *router;
	FILE *out;
	console_uv_eof_fn eof;
	void *user;
	int fd;
	union {
		uv_tty_t tty;
		uv_pipe_t pipe;
	} stream;
	bool is_stream, stream_open;
	uv_fs_t fs;                /* file input: one read at a time */
	bool fs_busy;
	char fs_buf[READ_CHUNK];
	int64_t offset;
	struct strbuf line;        /* the line being read */
	bool closing, done;
};

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void maybe_free(struct console_uv *c)
{
	if (c->closing && !c->stream_open && !c->fs_busy) {
		strbuf_free(&c->line);
		free(c);
	}
}

static void on_stream_closed(uv_handle_t *h)
{
	struct console_uv *c = h->data;
	c->stream_open = false;
	maybe_free(c);
}

static void finish(struct console_uv *c)
{
	if (c->done)
		return;
	c->done = true;
	if (c->line.len > 0)
		console_handle_line(c->router, strbuf_str(&c->line), monotonic_ms(), c->out);
	strbuf_truncate(&c->line, 0);
	c->eof(c->user);
}

/* Routes every complete line in buf[0..n); keeps the rest for later. A line
 * longer than MAX_LINE is cut there. */
static void take(struct console_uv *c, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && !c->closing; i++) {
		if (buf[i] != '\n') {
			if (c->line.len < MAX_LINE)
				strbuf_putc(&c->line, buf[i]);
			continue;
		}
		size_t len = c->line.len;
		if (len > 0 && c->line.buf[len - 1] == '\r')
			strbuf_truncate(&c->line, len - 1);
		console_handle_line(c->router, strbuf_str(&c->line), monotonic_ms(), c->out);
		strbuf_truncate(&c->line, 0);
	}
}

/* ---- a terminal or a pipe ---- */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct console_uv *c = h->data;
	*buf = uv_buf_init(c->fs_buf, sizeof c->fs_buf);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct console_uv *c = s->data;
	if (n > 0)
		take(c, buf->base, (size_t)n);
	if (n < 0 && !c->closing) {
		uv_read_stop(s);
		finish(c);
	}
}

/* ---- a file ---- */

static void read_next(struct console_uv *c);

static void on_fs_read(uv_fs_t *req)
{
	struct console_uv *c = req->data;
	ssize_t n = req->result;
	uv_fs_req_cleanup(req);
	c->fs_busy = false;
	if (c->closing) {
		maybe_free(c);
		return;
	}
	if (n > 0) {
		c->offset += n;
		take(c, c->fs_buf, (size_t)n);
		if (!c->closing)
			read_next(c);
	} else {
		finish(c);
	}
}

static void read_next(struct console_uv *c)
{
	uv_buf_t buf = uv_buf_init(c->fs_buf, sizeof c->fs_buf);
	c->fs.data = c;
	if (uv_fs_read(c->loop, &c->fs, c->fd, &buf, 1, c->offset, on_fs_read) == 0)
		c->fs_busy = true;
	else
		finish(c);
}

struct console_uv *console_uv_new(uv_loop_t *loop, struct router *r, int fd, FILE *out,
				  console_uv_eof_fn eof, void *user, struct strbuf *err)
{
	struct console_uv *c = calloc(1, sizeof *c);
	if (!c) {
		strbuf_puts(err, "out of memory\n");
		return NULL;
	}
	*c = (struct console_uv){ .loop = loop, .router = r, .out = out, .eof = eof,
				  .user = user, .fd = fd };
	uv_handle_type type = uv_guess_handle(fd);
	int rc = 0;
	if (type == UV_TTY) {
		rc = uv_tty_init(loop, &c->stream.tty, fd, 0);
		c->is_stream = rc == 0;
	} else if (type == UV_NAMED_PIPE) {
		rc = uv_pipe_init(loop, &c->stream.pipe, 0);
		if (rc == 0) {
			c->is_stream = true;
			rc = uv_pipe_open(&c->stream.pipe, fd);
		}
	}
	if (c->is_stream) {
		c->stream_open = true;
		c->stream.tty.data = c;
		if (rc == 0)
			rc = uv_read_start((uv_stream_t *)&c->stream, on_alloc, on_read);
	} else if (rc == 0) {
		read_next(c);
	}
	if (rc < 0) {
		strbuf_printf(err, "cannot read the console input: %s\n", uv_strerror(rc));
		console_uv_free(c);
		return NULL;
	}
	return c;
}

int console_uv_post(struct console_uv *c, const struct reply *r)
{
	struct render_output ro = {0};
	int rc = render_reply(r, RENDER_PLAIN, 0, &ro);
	for (size_t i = 0; rc == 0 && i < ro.n_chunks; i++)
		fprintf(c->out, "%s\n\n", ro.chunks[i].text);
	fflush(c->out);
	render_output_free(&ro);
	return rc;
}

void console_uv_free(struct console_uv *c)
{
	if (!c || c->closing)
		return;
	c->closing = true;
	if (c->stream_open) {
		uv_read_stop((uv_stream_t *)&c->stream);
		uv_close((uv_handle_t *)&c->stream, on_stream_closed);
	}
	if (c->fs_busy)
		uv_cancel((uv_req_t *)&c->fs);
	maybe_free(c);
}
