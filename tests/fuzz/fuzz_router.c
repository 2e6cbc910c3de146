/* libFuzzer target: messages through the router and every reply through
 * the three renderers, checking the renderers' promises (valid UTF-8,
 * within the limit, no live mass mention). The input is up to 16 messages
 * separated by NUL bytes; each starts with 3 header bytes:
 *   [0] flags: 1 dm, 2 from a bot, 4 slash command, 8 admin author,
 *       16 other room, 32 Matrix, 64 console
 *   [1] chunk limit for the renderers: 64 + 8 * value
 *   [2] milliseconds to advance the clock, times 100
 * then the text (for a slash command: name and options separated by '\n',
 * an empty option standing for one left out). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/args.h"
#include "commands/render.h"
#include "commands/router.h"
#include "common/utf8.h"
#include "knowledge/kb.h"

#define MAX_SLASH 4

static const struct kb *fuzz_kb(void *user)
{
	return user;
}

static int fuzz_reload(void *user, struct strbuf *err)
{
	strbuf_puts(err, "fuzz: reload refused\n");
	return -13;
}

static const struct router_host host = { fuzz_kb, fuzz_reload, NULL };

/* True if some '@' is not followed by a zero-width space. */
static bool live_at(const char *s)
{
	for (const char *p = strchr(s, '@'); p; p = strchr(p + 1, '@'))
		if (strncmp(p + 1, "\xE2\x80\x8B", 3) != 0)
			return true;
	return false;
}

static void check_output(const struct reply *reply, enum render_format fmt, size_t limit)
{
	struct render_output out = {0};
	if (render_reply(reply, fmt, limit, &out) < 0)
		return;
	for (size_t i = 0; i < out.n_chunks; i++) {
		const char *t = out.chunks[i].text;
		size_t n = strlen(t);
		if (!utf8_valid(t, n) || render_units(fmt, t, n) > limit ||
		    live_at(t))
			abort();
		const char *h = out.chunks[i].html;
		if (h && (!utf8_valid(h, strlen(h)) || strlen(h) > limit || strstr(h, "<script") ||
			  live_at(h)))
			abort();
	}
	render_output_free(&out);
}

static void one_message(struct router *r, const uint8_t *d, size_t n, int64_t *now)
{
	if (n < 3)
		return;
	uint8_t flags = d[0];
	size_t limit = 64 + 8 * (size_t)d[1];
	*now += 100 * (int64_t)d[2];
	char *text = strndup((const char *)d + 3, n - 3);
	if (!text)
		return;
	static const char *const mentions[] = { "<@42>", "<@!42>", "briefbot" };
	static const char *const roles[] = { "77" };
	const char *slash[MAX_SLASH];
	struct bot_message m = {
		.platform = flags & 64 ? PLATFORM_CONSOLE : flags & 32 ? PLATFORM_MATRIX : PLATFORM_DISCORD,
		.room_id = flags & 16 ? "room-b" : "room-a",
		.author_id = flags & 8 ? "admin" : "user",
		.author_name = "fuzzer",
		.author_is_bot = flags & 2,
		.is_dm = flags & 1,
		.text = text,
		.role_ids = roles,
		.n_roles = 1,
		.self_mentions = mentions,
		.n_self_mentions = 3,
	};
	if (flags & 4) {
		char *save = text;
		m.slash_command = strsep(&save, "\n");
		while (save && m.n_slash_args < MAX_SLASH) {
			char *opt = strsep(&save, "\n");
			slash[m.n_slash_args++] = *opt ? opt : NULL;
		}
		m.slash_args = slash;
	}
	struct reply reply = {0};
	if (router_handle(r, &m, *now, &reply) == 1) {
		check_output(&reply, RENDER_PLAIN, limit);
		check_output(&reply, RENDER_DISCORD, limit);
		check_output(&reply, RENDER_MATRIX, limit);
	}
	reply_free(&reply);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kb *kb;
	if (!kb) {
		const char *dir = getenv("BRIEFBOT_KNOWLEDGE");
		kb = kb_load(dir ? dir : BRIEFBOT_SOURCE_KNOWLEDGE_DIR, NULL);
		if (!kb)
			abort();
	}
	struct router_config cfg;
	router_config_init(&cfg);
	static const char *const admins[] = { "admin" };
	for (int p = 0; p < PLATFORM_COUNT; p++) {
		cfg.admin_ids[p] = admins;
		cfg.n_admin_ids[p] = 1;
	}
	cfg.user_rate = (struct cooldown_rate){ .burst = 3, .refill_ms = 1000 };
	cfg.max_tracked_keys = 16;
	struct router *r = router_new(&cfg, &host, kb);
	if (!r)
		return 0;
	int64_t now = 0;
	size_t start = 0;
	for (int msgs = 0; start < size && msgs < 16; msgs++) {
		const uint8_t *end = memchr(data + start, 0, size - start);
		size_t len = end ? (size_t)(end - (data + start)) : size - start;
		one_message(r, data + start, len, &now);
		start += len + 1;
	}
	/* The argument splitter on the raw bytes too. */
	char *text = strndup((const char *)data, size);
	if (text) {
		struct strbuf sb = {0};
		const char *p = text;
		while (args_next(&p, &sb) == 1)
			;
		strbuf_free(&sb);
		free(text);
	}
	router_free(r);
	return 0;
}
