#include "commands/router.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands/args.h"
#include "commands/cmd.h"
#include "common/error.h"
#include "common/utf8.h"

#define MAX_ARGS 4
#define MAX_NAME 32
#define MAX_PREFIX 16
#define KEY_SIZE 640

struct strlist {
	char **v;
	size_t n;
};

struct router {
	char prefix[MAX_PREFIX + 1];
	size_t prefix_len;
	struct strlist admins[PLATFORM_COUNT];
	struct strlist admin_roles;
	struct strlist allow_rooms;
	struct strlist deny_rooms;
	struct strlist open_commands;
	bool allow_dms;
	bool ignore_bots;
	bool unknown_notice;
	struct cooldown_rate user_rate;
	struct cooldown_rate room_rate;
	int64_t notice_interval_ms;
	struct cooldown *cooldowns;
	const struct router_host *host;
	void *host_user;
	struct strbuf argbuf; /* the parsed arguments of the current message */
};

static int cmd_help(const struct cmd_ctx *ctx, struct reply *out);

/* ---- the command table ---- */

static const struct router_arg arg_question[] = {
	{ "question", ROUTER_ARG_STRING, true, true, "Your question about the article" },
};
static const struct router_arg arg_actor[] = {
	{ "actor", ROUTER_ARG_STRING, false, true, "A country, group or person (e.g. Russia, YPG)" },
};
static const struct router_arg arg_url[] = {
	{ "url", ROUTER_ARG_STRING, true, false, "The address of a news page (http or https)" },
};
static const struct router_arg arg_place[] = {
	{ "place", ROUTER_ARG_STRING, false, true, "A place (default Idlib)" },
};
static const struct router_arg arg_name[] = {
	{ "name", ROUTER_ARG_STRING, true, true, "A country, group, place or person" },
};
static const struct router_arg arg_person[] = {
	{ "person", ROUTER_ARG_STRING, false, true, "Only this speaker's quotes" },
};
static const struct router_arg arg_cite[] = {
	{ "article", ROUTER_ARG_STRING, true, false, "Article id (see sources), or a unique start of it" },
	{ "paragraph", ROUTER_ARG_INT, true, false, "Paragraph number, from 1" },
};
static const struct router_arg arg_command[] = {
	{ "command", ROUTER_ARG_STRING, false, false, "A command name" },
};

#define ALIASES(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct router_arg arg_schedule[] = {
	{ "schedule", ROUTER_ARG_STRING, false, true,
	  "daily|weekdays|weekly DAY|\"CRON\", then HH:MM and a time zone; all optional" },
};
static const struct router_arg arg_sub_id[] = {
	{ "id", ROUTER_ARG_INT, true, false, "The subscription's number, from digest list" },
};

static const struct router_command digest_subs[] = {
	{
		.name = "now",
		.syntax = "",
		.perm = ROUTER_EVERYONE,
		.cooldown_ms = 60000,
		.summary = "the briefing, here and now",
		.help = "Posts the briefing the scheduled digest posts.",
		.run = cmd_digest,
	},
	{
		.name = "subscribe",
		.syntax = "[daily|weekdays|weekly DAY|CRON] [HH:MM] [TIMEZONE]",
		.args = arg_schedule,
		.min_args = 0,
		.max_args = 1,
		.perm = ROUTER_ROOM_MANAGERS,
		.summary = "post a digest here on a schedule (room managers)",
		.help = "Schedules a digest in this room, e.g. daily 08:00 Europe/London, "
		 "weekly monday 09:30, \"0 8 * * 1-5\" America/New_York. Parts left out come "
		 "from the bot's [digest] settings.",
		.run = cmd_digest_subscribe,
	},
	{
		.name = "list",
		.syntax = "",
		.perm = ROUTER_EVERYONE,
		.summary = "this room's digest subscriptions",
		.help = "Lists the room's subscriptions with their number, schedule and next "
		 "digest, and says which are paused and why.",
		.run = cmd_digest_list,
	},
	{
		.name = "unsubscribe",
		.syntax = "ID",
		.args = arg_sub_id,
		.min_args = 1,
		.max_args = 1,
		.perm = ROUTER_ROOM_MANAGERS,
		.summary = "stop a scheduled digest (room managers)",
		.help = "Removes subscription ID (see digest list) from this room.",
		.run = cmd_digest_unsubscribe,
	},
};

static const struct router_command commands[] = {
	{
		.name = "ask",
		.aliases = ALIASES("q", "question"),
		.syntax = "QUESTION",
		.args = arg_question,
		.min_args = 1,
		.max_args = 1,
		.perm = ROUTER_EVERYONE,
		.summary = "answer a question from the article, citing the sentence",
		.help = "Answers from the knowledge base only, and quotes the sentence the answer "
		 "rests on. If the article does not cover it, says so. Mentioning me or "
		 "messaging me directly with a question ending in ? does the same.",
		.run = cmd_ask,
	},
	{
		.name = "backs",
		.aliases = ALIASES("supports", "relations"),
		.syntax = "[ACTOR]",
		.args = arg_actor,
		.min_args = 0,
		.max_args = 1,
		.perm = ROUTER_EVERYONE,
		.summary = "who backs whom; with an actor, its allies and foes",
		.help = "With an actor: whom it backs, who backs it and whom it opposes. "
		 "Without: the whole table of backing, alliances and opposition.",
		.run = cmd_backs,
	},
	{
		.name = "stakes",
		.aliases = ALIASES("stake", "atstake"),
		.syntax = "[PLACE]",
		.args = arg_place,
		.min_args = 0,
		.max_args = 1,
		.perm = ROUTER_EVERYONE,
		.summary = "what is at stake in a place (default Idlib)",
		.help = "Lists what the article says is at stake in the place, each with its quote.",
		.run = cmd_stakes,
	},
	{
		.name = "whois",
		.aliases = ALIASES("who-is", "entity"),
		.syntax = "NAME",
		.args = arg_name,
		.min_args = 1,
		.max_args = 1,
		.perm = ROUTER_EVERYONE,
		.summary = "an actor or person: description, aliases, relations, quotes",
		.help = "Looks the name up among the actors the article mentions (by name or "
		 "alias, e.g. Ankara for Turkey) and shows what the article says about it.",
		.run = cmd_whois,
	},
	{
		.name = "quotes",
		.aliases = ALIASES("quote", "said"),
		.syntax = "[PERSON]",
		.args = arg_person,
		.min_args = 0,
		.max_args = 1,
		.perm = ROUTER_EVERYONE,
		.summary = "who said what, with their role",
		.help = "Every quote in the article with its speaker and the speaker's role; "
		 "with a person, only theirs.",
		.run = cmd_quotes,
	},
	{
		.name = "timeline",
		.aliases = ALIASES("events", "dates"),
		.syntax = "",
		.min_args = 0,
		.max_args = 0,
		.perm = ROUTER_EVERYONE,
		.summary = "the dated events, in order",
		.help = "The events the article dates (meetings, elections, withdrawals), "
		 "with the date as the article gives it.",
		.run = cmd_timeline,
	},
	{
		.name = "sources",
		.aliases = ALIASES("articles", "source"),
		.syntax = "",
		.min_args = 0,
		.max_args = 0,
		.perm = ROUTER_EVERYONE,
		.summary = "the articles I know, with title, source and date",
		.help = "Lists the articles in the knowledge base with their ids; use the id "
		 "with cite to read a paragraph.",
		.run = cmd_sources,
	},
	{
		.name = "cite",
		.aliases = ALIASES("paragraph", "para"),
		.syntax = "ARTICLE PARAGRAPH",
		.args = arg_cite,
		.min_args = 2,
		.max_args = 2,
		.perm = ROUTER_EVERYONE,
		.summary = "show one paragraph of an article",
		.help = "Shows paragraph PARAGRAPH (from 1) of article ARTICLE, as cited in "
		 "answers (p7.s2 is paragraph 7, sentence 2).",
		.run = cmd_cite_paragraph,
	},
	{
		.name = "digest",
		.aliases = ALIASES("brief", "briefing"),
		.syntax = "[now|subscribe ...|list|unsubscribe ID]",
		.min_args = 0,
		.max_args = 0,
		.perm = ROUTER_EVERYONE,
		.cooldown_ms = 60000,
		.summary = "a short briefing now, or scheduled digests for this room",
		.help = "Alone (or with now): the briefing — the articles, the key relations "
		 "and what is at stake, each with its quote. With subscribe, list or "
		 "unsubscribe: manage this room's scheduled digests.",
		.run = cmd_digest,
		.subs = digest_subs,
		.n_subs = sizeof digest_subs / sizeof digest_subs[0],
	},
	{
		.name = "about",
		.aliases = ALIASES("info"),
		.syntax = "",
		.min_args = 0,
		.max_args = 0,
		.perm = ROUTER_EVERYONE,
		.summary = "what this bot is",
		.help = "What the bot does and where its answers come from.",
		.run = cmd_about,
	},
	{
		.name = "ping",
		.syntax = "",
		.min_args = 0,
		.max_args = 0,
		.perm = ROUTER_EVERYONE,
		.summary = "check that I am alive",
		.help = "Answers pong.",
		.run = cmd_ping,
	},
	{
		.name = "status",
		.aliases = ALIASES("stats"),
		.syntax = "",
		.min_args = 0,
		.max_args = 0,
		.perm = ROUTER_EVERYONE,
		.summary = "version, uptime, platforms, knowledge-base size",
		.help = "Shows the version, how long the bot has run, the platforms it is "
		 "connected to and the size of the knowledge base.",
		.run = cmd_status,
	},
	{
		.name = "reload",
		.syntax = "",
		.min_args = 0,
		.max_args = 0,
		.perm = ROUTER_ADMINS,
		.cooldown_ms = 10000,
		.summary = "re-read the knowledge directory (admins)",
		.help = "Re-reads the articles and facts without a restart. A knowledge base "
		 "that fails the checks is rejected with the reason and the old one stays live.",
		.run = cmd_reload,
	},
	{
		.name = "add",
		.syntax = "URL",
		.args = arg_url,
		.min_args = 1,
		.max_args = 1,
		.perm = ROUTER_ADMINS,
		.cooldown_ms = 10000,
		.summary = "fetch a news page into the knowledge base (admins)",
		.help = "Fetches the page at URL, keeps its main text, title, source and date, "
		 "and adds it as an article; I post its title, size and the first facts "
		 "I find here when it is in.",
		.run = cmd_add,
	},
	{
		.name = "help",
		.aliases = ALIASES("commands", "h"),
		.syntax = "[COMMAND]",
		.args = arg_command,
		.min_args = 0,
		.max_args = 1,
		.perm = ROUTER_EVERYONE,
		.summary = "this list, or details of one command",
		.help = "Without an argument, lists the commands; with one, explains it.",
		.run = cmd_help,
	},
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

size_t router_command_count(const struct router *r)
{
	return N_COMMANDS;
}

const struct router_command *router_command_at(const struct router *r, size_t i)
{
	return i < N_COMMANDS ? &commands[i] : NULL;
}

const struct router_command *router_command_find(const struct router *r, const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const struct router_command *c = &commands[i];
		if (strcasecmp(c->name, name) == 0)
			return c;
		for (const char *const *a = c->aliases; a && *a; a++)
			if (strcasecmp(*a, name) == 0)
				return c;
	}
	return NULL;
}

/* ---- configuration ---- */

void router_config_init(struct router_config *cfg)
{
	*cfg = (struct router_config){
		.prefix = "!",
		.allow_dms = true,
		.ignore_bots = true,
		.unknown_notice = true,
		.user_rate = { .burst = 5, .refill_ms = 4000 },
		.room_rate = { .burst = 15, .refill_ms = 1000 },
		.notice_interval_ms = 30000,
		.max_tracked_keys = 100000,
	};
}

static void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct strlist){0};
}

static int strlist_copy(struct strlist *l, const char *const *v, size_t n)
{
	if (n == 0 || !v)
		return 0;
	l->v = calloc(n, sizeof *l->v);
	if (!l->v)
		return BB_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		l->v[i] = strdup(v[i] ? v[i] : "");
		if (!l->v[i])
			return BB_ENOMEM;
		l->n++;
	}
	return 0;
}

static bool strlist_has(const struct strlist *l, const char *s)
{
	if (!s)
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* The part of a router its configuration sets: settings_load() fills it
 * into a router whose lists are empty, settings_free() empties them. */
static void settings_free(struct router *r)
{
	for (int p = 0; p < PLATFORM_COUNT; p++)
		strlist_free(&r->admins[p]);
	strlist_free(&r->admin_roles);
	strlist_free(&r->allow_rooms);
	strlist_free(&r->deny_rooms);
	strlist_free(&r->open_commands);
}

static int settings_load(struct router *r, const struct router_config *cfg)
{
	const char *prefix = cfg->prefix && *cfg->prefix ? cfg->prefix : "!";
	if (strlen(prefix) > MAX_PREFIX)
		return BB_EINVAL;
	snprintf(r->prefix, sizeof r->prefix, "%s", prefix);
	r->prefix_len = strlen(r->prefix);
	for (int p = 0; p < PLATFORM_COUNT; p++)
		if (strlist_copy(&r->admins[p], cfg->admin_ids[p], cfg->n_admin_ids[p]) < 0)
			return BB_ENOMEM;
	if (strlist_copy(&r->admin_roles, cfg->admin_role_ids, cfg->n_admin_role_ids) < 0 ||
	    strlist_copy(&r->allow_rooms, cfg->allow_rooms, cfg->n_allow_rooms) < 0 ||
	    strlist_copy(&r->deny_rooms, cfg->deny_rooms, cfg->n_deny_rooms) < 0 ||
	    strlist_copy(&r->open_commands, cfg->open_commands, cfg->n_open_commands) < 0)
		return BB_ENOMEM;
	r->allow_dms = cfg->allow_dms;
	r->ignore_bots = cfg->ignore_bots;
	r->unknown_notice = cfg->unknown_notice;
	r->user_rate = cfg->user_rate;
	r->room_rate = cfg->room_rate;
	r->notice_interval_ms = cfg->notice_interval_ms;
	return 0;
}

int router_configure(struct router *r, const struct router_config *cfg)
{
	if (!r || !cfg)
		return BB_EINVAL;
	struct router fresh = {0};
	int rc = settings_load(&fresh, cfg);
	if (rc < 0) {
		settings_free(&fresh);
		return rc;
	}
	settings_free(r);
	memcpy(r->prefix, fresh.prefix, sizeof r->prefix);
	r->prefix_len = fresh.prefix_len;
	memcpy(r->admins, fresh.admins, sizeof r->admins);
	r->admin_roles = fresh.admin_roles;
	r->allow_rooms = fresh.allow_rooms;
	r->deny_rooms = fresh.deny_rooms;
	r->open_commands = fresh.open_commands;
	r->allow_dms = fresh.allow_dms;
	r->ignore_bots = fresh.ignore_bots;
	r->unknown_notice = fresh.unknown_notice;
	r->user_rate = fresh.user_rate;
	r->room_rate = fresh.room_rate;
	r->notice_interval_ms = fresh.notice_interval_ms;
	return 0;
}

void router_free(struct router *r)
{
	if (!r)
		return;
	settings_free(r);
	cooldown_free(r->cooldowns);
	strbuf_free(&r->argbuf);
	free(r);
}

struct router *router_new(const struct router_config *cfg,
			  const struct router_host *host, void *host_user)
{
	if (!cfg || !host)
		return NULL;
	struct router *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	if (settings_load(r, cfg) < 0)
		goto fail;
	r->cooldowns = cooldown_new(cfg->max_tracked_keys ? cfg->max_tracked_keys : 100000);
	if (!r->cooldowns)
		goto fail;
	r->host = host;
	r->host_user = host_user;
	return r;
fail:
	router_free(r);
	return NULL;
}

/* ---- checks ---- */

static bool room_allowed(const struct router *r, const struct bot_message *m)
{
	if (m->is_dm)
		return r->allow_dms;
	const char *room = m->room_id ? m->room_id : "";
	if (strlist_has(&r->deny_rooms, room))
		return false;
	return r->allow_rooms.n == 0 || strlist_has(&r->allow_rooms, room);
}

static bool is_admin(const struct router *r, const struct bot_message *m)
{
	if ((int)m->platform < 0 || (int)m->platform >= PLATFORM_COUNT)
		return false;
	if (strlist_has(&r->admins[m->platform], m->author_id))
		return true;
	if (m->platform != PLATFORM_DISCORD)
		return false;
	for (size_t i = 0; i < m->n_roles; i++)
		if (strlist_has(&r->admin_roles, m->role_ids[i]))
			return true;
	return false;
}

static bool is_word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c >= 0x80;
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* If text starts with one of the bot's mentions, returns the text after it
 * (and after a following ':' or ','), else NULL. */
static const char *after_mention(const struct bot_message *m, const char *text)
{
	for (size_t i = 0; i < m->n_self_mentions; i++) {
		const char *men = m->self_mentions[i];
		/* the first byte turns nearly every message away without a call */
		if (!men || !*men || ascii_lower((unsigned char)*text) != ascii_lower((unsigned char)*men))
			continue;
		size_t n = strlen(men);
		if (strncasecmp(text, men, n) != 0)
			continue;
		const char *p = text + n;
		if (is_word_char((unsigned char)men[n - 1]) && is_word_char((unsigned char)*p))
			continue; /* "briefbots" is not "briefbot" */
		while (*p == ':' || *p == ',')
			p++;
		while (args_is_space((unsigned char)*p))
			p++;
		return p;
	}
	return NULL;
}

static bool is_ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of the first word of s, at most MAX_NAME bytes and never
 * ending inside a UTF-8 sequence: what a notice may echo back. */
static int word_len(const char *s)
{
	size_t n = 0;
	while (s[n] && !args_is_space((unsigned char)s[n]))
		n++;
	return (int)utf8_cut(s, n, MAX_NAME);
}

/* ---- cooldowns ---- */

static void make_key(char *key, char kind, const struct bot_message *m,
		     const char *id, const char *extra)
{
	snprintf(key, KEY_SIZE, "%c:%s:%s:%s", kind, platform_name(m->platform),
		 id ? id : "", extra ? extra : "");
}

/* Checks the buckets keys[0..n) (rates alike); if all have a token, takes
 * one from each and returns 1. Otherwise returns 0 if the refusal is
 * silent, -1 with a "slow down" notice in out the first time. */
static int take_tokens(struct router *r, char (*keys)[KEY_SIZE], const struct cooldown_rate *rates,
		       int n, const char *what, int64_t now, struct reply *out)
{
	for (int i = 0; i < n; i++) {
		int64_t wait = cooldown_wait_ms(r->cooldowns, keys[i], &rates[i], now);
		if (wait <= 0)
			continue;
		if (!cooldown_refuse(r->cooldowns, keys[i], now))
			return 0;
		reply_set_kind(out, REPLY_NOTICE);
		reply_add_paragraphf(out, "Slow down — %s%s in %lld s.", what ? what : "",
				     what ? " can run again" : "try again",
				     (long long)((wait + 999) / 1000));
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (cooldown_take(r->cooldowns, keys[i], &rates[i], now) < 0)
			break; /* fail open: better answer than drop */
	return 1;
}

static const char *conversation(const struct bot_message *m)
{
	return m->is_dm ? m->author_id : m->room_id;
}

/* The per-user and per-room buckets every command draws from. */
static int check_rate(struct router *r, const struct bot_message *m, int64_t now,
		      struct reply *out)
{
	char keys[2][KEY_SIZE];
	const struct cooldown_rate rates[2] = { r->user_rate, r->room_rate };
	make_key(keys[0], 'u', m, m->author_id, NULL);
	make_key(keys[1], 'r', m, conversation(m), NULL);
	return take_tokens(r, keys, rates, 2, NULL, now, out);
}

/* The command's own cooldown, per room. */
static int check_cooldown(struct router *r, const struct bot_message *m,
			  const struct router_command *cmd, const char *full, int64_t now,
			  struct reply *out)
{
	if (cmd->cooldown_ms <= 0)
		return 1;
	char key[1][KEY_SIZE];
	const struct cooldown_rate rate = { .burst = 1, .refill_ms = cmd->cooldown_ms };
	char what[MAX_PREFIX + 2 * MAX_NAME + 2];
	snprintf(what, sizeof what, "%s%s", r->prefix, full);
	/* "digest" and "digest now" are one command: one cooldown. */
	make_key(key[0], 'c', m, conversation(m), cmd->run == cmd_digest ? "digest" : full);
	return take_tokens(r, key, &rate, 1, what, now, out);
}

/* "unknown command" at most once per room per notice interval. */
static int unknown_command(struct router *r, const struct bot_message *m,
			   const char *name, int64_t now, struct reply *out)
{
	if (!r->unknown_notice)
		return 0;
	char key[KEY_SIZE];
	make_key(key, 'n', m, conversation(m), NULL);
	struct cooldown_rate rate = { .burst = 1, .refill_ms = r->notice_interval_ms };
	if (cooldown_wait_ms(r->cooldowns, key, &rate, now) > 0)
		return 0;
	cooldown_take(r->cooldowns, key, &rate, now);
	reply_set_kind(out, REPLY_NOTICE);
	reply_add_paragraphf(out, "Unknown command “%.*s” — try %shelp.",
			     word_len(name), name, r->prefix);
	return 1;
}

/* ---- arguments ---- */

static void usage_error(const struct router *r, const struct router_command *cmd,
			const char *why, struct reply *out)
{
	reply_set_kind(out, REPLY_ERROR);
	reply_add_paragraphf(out, "%s Usage: %s%s%s%s — see %shelp %s.", why, r->prefix,
			     cmd->name, *cmd->syntax ? " " : "", cmd->syntax,
			     r->prefix, cmd->name);
}

/* Appends the last, rest-of-line argument: the raw text, or its content if
 * it is exactly one quoted word. Returns 1 if there was one, 0 if empty. */
static int take_rest(struct strbuf *buf, const char *s)
{
	size_t len;
	const char *rest = args_rest(s, &len);
	if (len == 0)
		return 0;
	size_t mark = buf->len;
	const char *p = rest;
	if ((*rest == '"' || *rest == '\'' || (unsigned char)*rest == 0xE2) &&
	    args_next(&p, buf) == 1 && p == rest + len)
		return 1;
	strbuf_truncate(buf, mark);
	for (size_t i = 0; i < len; i++) {
		if (!args_is_space((unsigned char)rest[i]))
			strbuf_putc(buf, rest[i]);
		else if (!args_is_space((unsigned char)rest[i - 1]))
			strbuf_putc(buf, ' '); /* runs of white space become one space */
	}
	strbuf_append(buf, "", 1);
	return 1;
}

static bool valid_int(const char *s)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && v >= 0 && v <= 1000000;
}

/* Checks types. Returns true if fine, else fills out with an error. */
static bool check_types(const struct router *r, const struct router_command *cmd,
			const char *const *argv, size_t argc, struct reply *out)
{
	for (size_t i = 0; i < argc && i < cmd->max_args; i++) {
		const struct router_arg *a = &cmd->args[i];
		if (a->type == ROUTER_ARG_INT && !valid_int(argv[i])) {
			char why[96];
			snprintf(why, sizeof why, "%s must be a number.", a->name);
			usage_error(r, cmd, why, out);
			return false;
		}
	}
	return true;
}

/* Splits s into at most cmd->max_args arguments in r->argbuf and points
 * argv at them. Returns the count, or -1 with an error reply in out. */
static int parse_args(struct router *r, const struct router_command *cmd, const char *s,
		      const char **argv, struct reply *out)
{
	size_t offsets[MAX_ARGS];
	size_t n = 0;
	struct strbuf *buf = &r->argbuf;
	strbuf_truncate(buf, 0);
	for (;;) {
		size_t start = buf->len;
		if (n < cmd->max_args && n + 1 == cmd->max_args && cmd->args[n].rest) {
			if (take_rest(buf, s))
				offsets[n++] = start;
			break;
		}
		int rc = args_next(&s, buf);
		if (rc == 0)
			break;
		if (rc == BB_EPARSE) {
			usage_error(r, cmd, "A quote is not closed.", out);
			return -1;
		}
		if (rc < 0 || n == cmd->max_args) {
			usage_error(r, cmd, rc < 0 ? "Out of memory." : "Too many arguments.", out);
			return -1;
		}
		offsets[n++] = start;
	}
	if (strbuf_failed(buf)) {
		out->failed = true;
		return -1;
	}
	if (n < cmd->min_args) {
		usage_error(r, cmd, "Missing arguments.", out);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		argv[i] = buf->buf + offsets[i];
	return (int)n;
}

/* Takes the non-NULL slash options in order. */
static int slash_args(const struct router *r, const struct router_command *cmd,
		      const struct bot_message *m, const char **argv, struct reply *out)
{
	size_t n = 0;
	for (size_t i = 0; i < m->n_slash_args; i++) {
		if (!m->slash_args[i])
			continue;
		if (n == cmd->max_args) {
			usage_error(r, cmd, "Too many arguments.", out);
			return -1;
		}
		argv[n++] = m->slash_args[i];
	}
	if (n < cmd->min_args) {
		usage_error(r, cmd, "Missing arguments.", out);
		return -1;
	}
	return (int)n;
}

/* ---- dispatch ---- */

static const char *skip_space(const char *s)
{
	while (args_is_space((unsigned char)*s))
		s++;
	return s;
}

/* The subcommand named by the first word of *text (then moved past it),
 * or by the slash command's subcommand; NULL if none matches. */
static const struct router_command *pick_sub(const struct router_command *cmd,
					     const struct bot_message *m, const char **text)
{
	const char *name = NULL;
	size_t n = 0;
	if (!*text) {
		name = m->slash_subcommand;
		n = name ? strlen(name) : 0;
	} else {
		name = skip_space(*text);
		while (name[n] && !args_is_space((unsigned char)name[n]))
			n++;
	}
	for (size_t i = 0; name && n && i < cmd->n_subs; i++) {
		if (strlen(cmd->subs[i].name) == n && strncasecmp(cmd->subs[i].name, name, n) == 0) {
			if (*text)
				*text = name + n;
			return &cmd->subs[i];
		}
	}
	return NULL;
}

/* Whether the author manages the room: the adapter's answer, asked now
 * if it left a function for it. */
static bool manages_room(const struct bot_message *m)
{
	return m->manages_room ? m->manages_room(m->manages_room_user, m) : m->can_manage_room;
}

/* Runs cmd with the arguments in text (or the slash options if text is
 * NULL): rate, permission, arity and types are checked here and only here. */
static int dispatch(struct router *r, const struct router_command *cmd,
		    const struct bot_message *m, const char *text, int64_t now,
		    struct reply *out)
{
	/* The console is one local operator: nothing to protect a room from. */
	bool limited = m->platform != PLATFORM_CONSOLE;
	int rate = limited ? check_rate(r, m, now, out) : 1;
	if (rate <= 0)
		return rate < 0 ? 1 : 0;
	char full[2 * MAX_NAME + 2];
	snprintf(full, sizeof full, "%s", cmd->name);
	if (cmd->n_subs) {
		const struct router_command *sub = pick_sub(cmd, m, &text);
		if (sub) {
			snprintf(full, sizeof full, "%s %s", cmd->name, sub->name);
			cmd = sub;
		} else if (text && *skip_space(text)) {
			reply_set_kind(out, REPLY_ERROR);
			reply_add_paragraphf(out, "Unknown %s%s subcommand “%.*s” — try %shelp %s.",
					     r->prefix, full, word_len(skip_space(text)),
					     skip_space(text), r->prefix, full);
			return 1;
		}
	}
	bool admin = is_admin(r, m) || strlist_has(&r->open_commands, cmd->name);
	if ((cmd->perm == ROUTER_ADMINS && !admin) ||
	    (cmd->perm == ROUTER_ROOM_MANAGERS && !admin && !(!m->is_dm && manages_room(m)))) {
		reply_set_kind(out, REPLY_ERROR);
		if (cmd->perm == ROUTER_ADMINS)
			reply_add_paragraphf(out, "Only admins may run %s%s.", r->prefix, full);
		else
			reply_add_paragraphf(out, "Only admins and people who manage this room "
					     "(Discord: Manage Channels; Matrix: enough power to "
					     "change room settings) may run %s%s.", r->prefix, full);
		return 1;
	}
	rate = limited ? check_cooldown(r, m, cmd, full, now, out) : 1;
	if (rate <= 0)
		return rate < 0 ? 1 : 0;
	const char *argv[MAX_ARGS + 1] = {0};
	int argc = text ? parse_args(r, cmd, text, argv, out) : slash_args(r, cmd, m, argv, out);
	if (argc < 0 || !check_types(r, cmd, argv, (size_t)argc, out))
		return out->failed ? BB_ENOMEM : 1;
	struct cmd_ctx ctx = {
		.router = r,
		.cmd = cmd,
		.msg = m,
		.argv = argv,
		.argc = (size_t)argc,
		.kb = r->host->kb ? r->host->kb(r->host_user) : NULL,
		.host = r->host,
		.host_user = r->host_user,
		.prefix = r->prefix,
		.now_ms = now,
		.is_admin = admin,
	};
	int rc = cmd->run(&ctx, out);
	if (rc < 0 || out->failed) {
		reply_free(out);
		return BB_ENOMEM;
	}
	out->command = cmd->name;
	return 1;
}

int router_handle(struct router *r, const struct bot_message *m, int64_t now_ms,
		  struct reply *out)
{
	if (!r || !m || m->author_is_self || (m->author_is_bot && r->ignore_bots))
		return 0;
	if (!room_allowed(r, m))
		return 0;
	if (m->slash_command) {
		const struct router_command *cmd = router_command_find(r, m->slash_command);
		if (!cmd)
			return unknown_command(r, m, m->slash_command, now_ms, out);
		return dispatch(r, cmd, m, NULL, now_ms, out);
	}
	const char *p = m->text ? m->text : "";
	while (args_is_space((unsigned char)*p))
		p++;
	const char *body;
	bool addressed = false;
	if (strncmp(p, r->prefix, r->prefix_len) == 0) {
		body = p + r->prefix_len;
		if (!is_ascii_alpha((unsigned char)*body))
			return 0; /* "!!!", "!?", "! ": not a command */
	} else if ((body = after_mention(m, p))) {
		addressed = true;
		if (!*body)
			return dispatch(r, router_command_find(r, "help"), m, "", now_ms, out);
	} else if (m->is_dm) {
		body = p;
		addressed = true;
		if (!*body)
			return 0;
	} else {
		return 0;
	}
	char name[MAX_NAME + 1];
	size_t n = 0;
	while (body[n] && !args_is_space((unsigned char)body[n]))
		n++;
	const struct router_command *cmd = NULL;
	if (n <= MAX_NAME) {
		memcpy(name, body, n);
		name[n] = '\0';
		cmd = router_command_find(r, name);
	}
	if (addressed) {
		/* A question is asked as a whole ("when do they meet?" is not
		 * the timeline command), unless it starts with "ask". */
		const struct router_command *ask = router_command_find(r, "ask");
		size_t len;
		const char *q = args_rest(body, &len);
		if (len > 0 && q[len - 1] == '?' && cmd != ask)
			return dispatch(r, ask, m, body, now_ms, out);
	}
	if (!cmd)
		return unknown_command(r, m, body, now_ms, out);
	return dispatch(r, cmd, m, body + n, now_ms, out);
}

/* ---- help, generated from the table ---- */

static void write_aliases(struct strbuf *sb, const char *prefix, const struct router_command *c)
{
	for (const char *const *a = c->aliases; a && *a; a++)
		strbuf_printf(sb, "%s%s%s", a == c->aliases ? "" : ", ", prefix, *a);
}

static int help_one(const struct cmd_ctx *ctx, const char *name, struct reply *out)
{
	const char *pfx = ctx->prefix;
	if (strncmp(name, pfx, strlen(pfx)) == 0)
		name += strlen(pfx);
	else if (*name == '/')
		name++;
	const struct router_command *c = router_command_find(ctx->router, name);
	if (!c) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "No command “%.*s” — try %shelp.", word_len(name),
				     name, pfx);
		return 0;
	}
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s%s%s%s", pfx, c->name, *c->syntax ? " " : "", c->syntax);
	reply_set_title(out, strbuf_str(&sb));
	reply_add_paragraphf(out, "%c%s.", toupper((unsigned char)c->summary[0]), c->summary + 1);
	reply_add_paragraph(out, c->help);
	for (size_t i = 0; i < c->max_args; i++) {
		const struct router_arg *a = &c->args[i];
		reply_add_itemf(out, "%s%s — %s", a->name,
				a->required ? "" : " (optional)", a->description);
	}
	if (c->aliases) {
		strbuf_truncate(&sb, 0);
		write_aliases(&sb, pfx, c);
		reply_add_itemf(out, "Also: %s", strbuf_str(&sb));
	}
	for (size_t i = 0; i < c->n_subs; i++) {
		const struct router_command *sc = &c->subs[i];
		reply_add_itemf(out, "%s%s %s%s%s — %s", pfx, c->name, sc->name,
				*sc->syntax ? " " : "", sc->syntax, sc->summary);
	}
	if (c->perm == ROUTER_ADMINS)
		reply_add_item(out, "Admins only.");
	if (c->cooldown_ms > 0)
		reply_add_itemf(out, "Once every %lld s per room.", (long long)(c->cooldown_ms / 1000));
	if (strbuf_failed(&sb))
		out->failed = true;
	strbuf_free(&sb);
	return 0;
}

static int cmd_help(const struct cmd_ctx *ctx, struct reply *out)
{
	const char *name = cmd_arg(ctx, 0);
	if (name)
		return help_one(ctx, name, out);
	reply_set_title(out, "briefbot — commands");
	reply_add_paragraphf(out, "Start a message with %s, mention me, or message me "
			     "directly; a question ending in ? goes to %sask. "
			     "%shelp COMMAND explains one command.",
			     ctx->prefix, ctx->prefix, ctx->prefix);
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const struct router_command *c = &commands[i];
		reply_add_itemf(out, "%s%s%s%s — %s", ctx->prefix, c->name,
				*c->syntax ? " " : "", c->syntax, c->summary);
	}
	return 0;
}
