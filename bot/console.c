#include "bot/console.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/render.h"
#include "common/error.h"

int console_handle_line(struct router *r, const char *line, int64_t now_ms, FILE *out)
{
	struct bot_message m = {
		.platform = PLATFORM_CONSOLE,
		.room_id = "console",
		.author_id = CONSOLE_AUTHOR,
		.author_name = CONSOLE_AUTHOR,
		.is_dm = true,
		.text = line,
	};
	struct reply reply = {0};
	struct render_output ro = {0};
	int rc = router_handle(r, &m, now_ms, &reply);
	if (rc <= 0)
		goto out;
	rc = render_reply(&reply, RENDER_PLAIN, 0, &ro);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < ro.n_chunks; i++)
		fprintf(out, "%s\n\n", ro.chunks[i].text);
	fflush(out);
	rc = 1;
out:
	render_output_free(&ro);
	reply_free(&reply);
	return rc;
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int console_run(struct router *r, FILE *in, FILE *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	while ((n = getline(&line, &cap, in)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		rc = console_handle_line(r, line, monotonic_ms(), out);
		if (rc < 0)
			break;
		rc = 0;
	}
	if (rc == 0 && ferror(in))
		rc = BB_EIO;
	free(line);
	return rc;
}
