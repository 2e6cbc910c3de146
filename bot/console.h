/* The console adapter: each input line is a message in a direct
 * conversation on platform "console" from author "console" (an admin if
 * the router config lists "console" among the console admins), answered in
 * plain text. Reads with plain stdio, so stdin may be a terminal, a pipe, a
 * file or /dev/null. */
#ifndef BB_CONSOLE_H
#define BB_CONSOLE_H

#include <stdint.h>
#include <stdio.h>

#include "commands/router.h"

#define CONSOLE_AUTHOR "console"

/* Routes one line (without its newline) at time now_ms and prints the
 * plain rendering of the reply, if any, to out followed by a blank line.
 * Returns 1 if something was printed, 0 if the line was ignored, or a
 * negative bb_err. */
int console_handle_line(struct router *r, const char *line, int64_t now_ms, FILE *out);

/* Handles every line of `in` until end of file, timing each with
 * CLOCK_MONOTONIC. Returns 0, or a negative bb_err (BB_EIO if reading
 * failed, BB_ENOMEM). */
int console_run(struct router *r, FILE *in, FILE *out);

#endif
