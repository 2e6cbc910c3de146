/* Benchmark: one million chat lines (90% chatter, 10% commands) through the
 * router in one process, on the shipped knowledge base. Prints lines/s,
 * chatter lines/s and commands/s (router only, and router plus Discord
 * rendering); it measures with CLOCK_MONOTONIC and asserts nothing.
 * Usage: bench_router [KNOWLEDGE_DIR] [LINES] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/render.h"
#include "commands/router.h"
#include "knowledge/kb.h"

static const char *const chatter[] = {
	"anyone seen the news from Sochi today?",
	"lol",
	"I think Erdogan and Putin will agree on something about Idlib, maybe not",
	"brb coffee",
	"!!! that's wild",
	"who's up for lunch? 12:30?",
	"the meeting is on Wednesday right",
	"hey @everyone check the pinned article",
};

static const char *const commands[] = {
	"!ping", "!help", "!backs", "!backs Russia", "!stakes", "!help cite",
	"!whois Turkey", "!status", "!sources", "!quotes",
};

#define N_CHATTER (sizeof chatter / sizeof chatter[0])
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const struct kb *bench_kb(void *user)
{
	return user;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct run {
	size_t lines, replies, chunks;
	double seconds;
};

/* Sends `lines` messages (mode 0: one in ten is a command; 1: chatter
 * only; 2: commands only). A thousand users in fifty rooms take turns, and
 * simulated time advances 100 ms a line, so with the default cooldowns a
 * user or room asks at a human pace and nearly every command runs. */
static struct run run(struct router *r, size_t lines, int mode, bool render)
{
	char users[1000][8], rooms[50][8];
	for (int i = 0; i < 1000; i++)
		snprintf(users[i], sizeof users[i], "u%d", i);
	for (int i = 0; i < 50; i++)
		snprintf(rooms[i], sizeof rooms[i], "c%d", i);
	static const char *const mentions[] = { "<@42>", "<@!42>" };
	struct run res = { .lines = lines };
	double t0 = now_s();
	for (size_t i = 0; i < lines; i++) {
		bool cmd = mode == 2 || (mode == 0 && i % 10 == 3);
		struct bot_message m = {
			.platform = PLATFORM_DISCORD,
			.room_id = rooms[(i / 10) % 50],
			.author_id = users[(i / 10 + i % 10 * 100) % 1000],
			.author_name = "user",
			.text = cmd ? commands[(i / 10) % N_COMMANDS] : chatter[i % N_CHATTER],
			.self_mentions = mentions,
			.n_self_mentions = 2,
		};
		struct reply out = {0};
		if (router_handle(r, &m, (int64_t)i * 100, &out) == 1) {
			res.replies++;
			if (render) {
				struct render_output ro = {0};
				render_reply(&out, RENDER_DISCORD, 0, &ro);
				res.chunks += ro.n_chunks;
				render_output_free(&ro);
			}
		}
		reply_free(&out);
	}
	res.seconds = now_s() - t0;
	return res;
}

static void print(const char *what, const struct run *r, const char *unit)
{
	printf("%-34s %9zu %-8s in %6.3f s = %12.0f %s/s  (%zu replies%s)\n", what, r->lines,
	       unit, r->seconds, (double)r->lines / r->seconds, unit, r->replies,
	       r->chunks ? ", rendered" : "");
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : BRIEFBOT_SOURCE_KNOWLEDGE_DIR;
	size_t lines = 1000000;
	if (argc > 2) {
		char *end;
		unsigned long v = strtoul(argv[2], &end, 10);
		if (*end || v == 0) {
			fprintf(stderr, "bad line count: %s\n", argv[2]);
			return 2;
		}
		lines = v;
	}
	struct strbuf err = {0};
	struct kb *kb = kb_load(dir, &err);
	if (!kb) {
		fprintf(stderr, "cannot load %s:\n%s", dir, strbuf_str(&err));
		strbuf_free(&err);
		return 1;
	}
	strbuf_free(&err);
	struct router_config cfg;
	router_config_init(&cfg);
	struct router_host host = { .kb = bench_kb };
	struct router *r = router_new(&cfg, &host, kb);
	if (!r)
		return 1;
	struct run mixed = run(r, lines, 0, false);
	print("mixed (90% chatter, 10% commands)", &mixed, "lines");
	struct run chat = run(r, lines * 9 / 10, 1, false);
	print("chatter only", &chat, "lines");
	router_free(r);

	/* Commands on a fresh router with the cooldowns off, so every command
	 * runs its handler. */
	cfg.user_rate = (struct cooldown_rate){ 0, 0 };
	cfg.room_rate = (struct cooldown_rate){ 0, 0 };
	r = router_new(&cfg, &host, kb);
	if (!r)
		return 1;
	struct run cmds = run(r, lines / 10, 2, false);
	print("commands only", &cmds, "commands");
	struct run rendered = run(r, lines / 10, 2, true);
	print("commands + Discord rendering", &rendered, "commands");
	router_free(r);
	kb_free(kb);
	return 0;
}
