/* The console on the bot's libuv loop (`briefbot run --console`): each line
 * of stdin is a message from the local operator, answered on stdout as
 * bot/console.h answers it, while the loop also runs the directory watcher
 * and the `add URL` fetches, whose outcomes console_uv_post() prints.
 *
 * A terminal or a pipe is read as a libuv stream; a file (or /dev/null),
 * which libuv cannot poll, through uv_fs_read. */
#ifndef BB_CONSOLE_UV_H
#define BB_CONSOLE_UV_H

#include <stdio.h>
#include <uv.h>

#include "commands/reply.h"
#include "commands/router.h"
#include "common/strbuf.h"

struct console_uv;

/* Called once when the input ends (or fails). */
typedef void (*console_uv_eof_fn)(void *user);

/* Starts reading `fd` on `loop`, routing each line through `r` (both must
 * outlive the console) and writing replies to `out`. Returns NULL with the
 * reason appended to err. */
struct console_uv *console_uv_new(uv_loop_t *loop, struct router *r, int fd, FILE *out,
				  console_uv_eof_fn eof, void *user, struct strbuf *err);

/* Prints a reply nobody typed a line for (an `add` outcome) as plain text,
 * followed by a blank line. Returns 0 or a negative bb_err. */
int console_uv_post(struct console_uv *c, const struct reply *r);

/* Stops reading and closes the handles; the memory goes when the loop has
 * run their close callbacks (a file read under way finishes first). The
 * eof callback is not called after this. NULL-safe. */
void console_uv_free(struct console_uv *c);

#endif
