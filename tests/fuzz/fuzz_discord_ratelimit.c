/* libFuzzer target for bot/discord/discord_ratelimit's header parsing and
 * bookkeeping. The input is a series of records separated by '\0'; each
 * record is '\n'-separated fields: route key, status, X-RateLimit-Bucket,
 * -Limit, -Remaining, -Reset-After, -Global, -Scope, Retry-After, the body's
 * retry_after, the time step in ms. Every record acquires its route and
 * reports the response; waits must be sane and nothing may crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bot/discord/discord_ratelimit.h"

#define FIELDS 11

static const char *field(char **f, int i)
{
	return f[i] && *f[i] ? f[i] : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	struct discord_ratelimit *rl = discord_ratelimit_new(3);
	uint64_t now = 0;
	for (char *rec = buf; rec < buf + size; rec += strlen(rec) + 1) {
		char *f[FIELDS] = { 0 };
		char *p = rec;
		for (int i = 0; i < FIELDS && p; i++) {
			f[i] = p;
			p = strchr(p, '\n');
			if (p)
				*p++ = '\0';
		}
		const char *route = f[0] ? f[0] : "";
		uint64_t wait;
		int v = discord_ratelimit_acquire(rl, route, now, &wait);
		if (v == DISCORD_RL_WAIT && wait == 0)
			abort();
		struct discord_rl_response r = {
			.status = field(f, 1) ? strtol(f[1], NULL, 10) : 0,
			.bucket = field(f, 2), .limit = field(f, 3), .remaining = field(f, 4),
			.reset_after = field(f, 5), .global = field(f, 6), .scope = field(f, 7),
			.retry_after = field(f, 8),
			.body_retry_after = field(f, 9) ? strtod(f[9], NULL) : -1,
		};
		r.body_global = r.global != NULL;
		if (v == DISCORD_RL_GO) {
			uint64_t w = discord_ratelimit_done(rl, route, now, &r);
			if (r.status == 429 && (w == 0 || w > 24ULL * 3600 * 1000))
				abort();
		}
		now += field(f, 10) ? strtoul(f[10], NULL, 10) % 100000 : 1;
		discord_ratelimit_gc(rl, now, 5000);
	}
	discord_ratelimit_free(rl);
	free(buf);
	return 0;
}
