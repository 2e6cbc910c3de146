/* The command router: every platform hands each incoming message to
 * router_handle(), which decides whether it is addressed to the bot
 * (prefix "!cmd", a mention at the start, any message in a direct
 * conversation, a slash command), finds the command in the one command
 * table, checks permissions, cooldowns and arity in one place, runs the
 * handler and returns a struct reply. A question ("...?") addressed to the
 * bot by mention or in a direct conversation goes to `ask`.
 *
 * Cooldowns apply to chat platforms; the console (one local operator) is
 * never rate limited.
 *
 * The router is pure: no clock (time is passed in), no I/O; the bot
 * reaches it through struct router_host. */
#ifndef BB_ROUTER_H
#define BB_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "commands/cooldown.h"
#include "commands/message.h"
#include "commands/reply.h"
#include "common/strbuf.h"

struct kb;
struct router;
struct cmd_ctx;

/* A plain struct the caller fills (router_config_init() sets defaults).
 * router_new() copies everything, so the strings may be freed afterwards.
 * Lists are arrays of n strings. */
struct router_config {
	const char *prefix;                       /* "!" by default */
	const char *const *admin_ids[PLATFORM_COUNT]; /* user ids per platform */
	size_t n_admin_ids[PLATFORM_COUNT];
	const char *const *admin_role_ids;        /* Discord role ids */
	size_t n_admin_role_ids;
	const char *const *allow_rooms;           /* empty: every room */
	size_t n_allow_rooms;
	const char *const *deny_rooms;            /* always wins */
	size_t n_deny_rooms;
	const char *const *open_commands;         /* admin commands everyone may run ("add") */
	size_t n_open_commands;
	bool allow_dms;                           /* default true */
	bool ignore_bots;                         /* default true */
	bool unknown_notice;                      /* default true */
	struct cooldown_rate user_rate;           /* default 5 burst, 1 per 4 s */
	struct cooldown_rate room_rate;           /* default 15 burst, 1 per 1 s */
	int64_t notice_interval_ms;               /* one "unknown command" per room per interval; default 30 s */
	size_t max_tracked_keys;                  /* cooldown memory bound; default 100000 */
};

/* What the router needs from the bot. Every function gets host_user. */
struct router_status {
	const char *version;       /* default BRIEFBOT_VERSION */
	int64_t uptime_s;
	bool connected[PLATFORM_COUNT];
	const char *kb_error;      /* why the last reload was refused; NULL or "": it was not */
};

struct router_host {
	/* The live knowledge base, or NULL if none is loaded. */
	const struct kb *(*kb)(void *user);
	/* Re-reads the knowledge directory and swaps it in. Returns 0, or a
	 * negative bb_err with the reason appended to err; the old knowledge
	 * base must then stay live. NULL: reload is not supported. */
	int (*reload)(void *user, struct strbuf *err);
	/* Fills out (pre-zeroed). NULL: only the version is shown. */
	void (*status)(void *user, struct router_status *out);
	/* Starts adding the news page at `url` to the knowledge base for the
	 * room `msg` came from (`add URL`): checks the URL, starts the fetch and
	 * returns at once; the host posts the outcome to that room when the
	 * page is fetched, extracted and loaded. Returns 0, or a negative bb_err
	 * with the reason appended to err (nothing is posted then). NULL:
	 * adding by URL is not available. */
	int (*add_url)(void *user, const struct bot_message *msg, const char *url,
		       struct strbuf *err);
	/* Digest subscriptions of the message's room (`digest subscribe SPEC`,
	 * `digest list`, `digest unsubscribe ID`), permission already checked.
	 * Each fills out (with what to type instead on bad input) and returns
	 * 0 or BB_ENOMEM. NULL: scheduled digests are not available here. */
	int (*digest_subscribe)(void *user, const struct bot_message *m, const char *spec,
				struct reply *out);
	int (*digest_list)(void *user, const struct bot_message *m, struct reply *out);
	int (*digest_unsubscribe)(void *user, const struct bot_message *m, const char *id,
				  struct reply *out);
};

/* ---- the command table, public so adapters can register slash commands ---- */

enum router_arg_type { ROUTER_ARG_STRING, ROUTER_ARG_INT };

struct router_arg {
	const char *name;          /* "question", "paragraph" */
	enum router_arg_type type;
	bool required;
	bool rest;                 /* takes the rest of the line, spaces and all */
	const char *description;   /* one line, <= 100 chars (Discord's limit) */
};

/* Who may run a command: everyone; configured admins; admins and the
 * people who manage the room (bot_message.can_manage_room). */
enum router_perm { ROUTER_EVERYONE, ROUTER_ADMINS, ROUTER_ROOM_MANAGERS };

typedef int (*router_handler)(const struct cmd_ctx *ctx, struct reply *out);

struct router_command {
	const char *name;
	const char *const *aliases;   /* NULL-terminated, or NULL */
	const char *syntax;           /* "ARTICLE PARAGRAPH", "" */
	const struct router_arg *args;
	size_t min_args, max_args;    /* == required args, == n args */
	enum router_perm perm;
	int64_t cooldown_ms;          /* per room; 0: none */
	const char *summary;          /* one line for `help` */
	const char *help;             /* long help for `help NAME` */
	router_handler run;           /* also the command without a subcommand */
	/* Subcommands ("digest subscribe"): the first word picks one, which
	 * then has its own arguments, permission and cooldown. */
	const struct router_command *subs;
	size_t n_subs;
};

/* Fills *cfg with the defaults listed above (no admins, no room lists). */
void router_config_init(struct router_config *cfg);

/* Returns a router, or NULL on allocation failure or a NULL argument. The
 * host table and host_user must outlive the router. Free with
 * router_free(). */
struct router *router_new(const struct router_config *cfg,
			  const struct router_host *host, void *host_user);
void router_free(struct router *r);

/* Replaces the router's settings (prefix, admins, rooms, cooldown rates,
 * ...) with cfg's, keeping its cooldown state; for a configuration
 * reloaded while the bot runs. Returns 0, or BB_EINVAL / BB_ENOMEM and
 * then the old settings stay. max_tracked_keys is kept from router_new. */
int router_configure(struct router *r, const struct router_config *cfg);

/* Handles one message at time now_ms (any monotonic millisecond clock).
 * Returns 1 and fills *out (zeroed by the caller; free with reply_free)
 * if the bot should answer, 0 if the message is ignored (chatter, another
 * bot, a denied room, a repeated refusal), or BB_ENOMEM. */
int router_handle(struct router *r, const struct bot_message *msg, int64_t now_ms,
		  struct reply *out);

/* The command table, for slash-command registration and tests. The table
 * is static: r is not used and may be NULL. */
size_t router_command_count(const struct router *r);
const struct router_command *router_command_at(const struct router *r, size_t i);
/* Finds a command by name or alias, ignoring ASCII case. NULL if none. */
const struct router_command *router_command_find(const struct router *r, const char *name);

#endif
