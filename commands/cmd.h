/* What the router hands a command handler, and the handlers themselves
 * (one file per command family: cmd_ask.c, cmd_facts.c, cmd_sources.c,
 * cmd_bot.c). Handlers answer only from the knowledge base, cite the
 * sentence each fact rests on, and say so plainly when the knowledge base
 * has nothing. They return 0 (the reply is in *out) or BB_ENOMEM. */
#ifndef BB_CMD_H
#define BB_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "commands/message.h"
#include "commands/reply.h"
#include "commands/router.h"
#include "knowledge/kb.h"

struct cmd_ctx {
	struct router *router;
	const struct router_command *cmd;
	const struct bot_message *msg;
	const char *const *argv;   /* the arguments, arity already checked */
	size_t argc;
	const struct kb *kb;       /* NULL if no knowledge base is loaded */
	const struct router_host *host;
	void *host_user;
	const char *prefix;        /* to write "!help" in replies */
	int64_t now_ms;
	bool is_admin;             /* the author is a configured admin */
};

/* The argument at i, or NULL if it was not given. */
const char *cmd_arg(const struct cmd_ctx *ctx, size_t i);

/* Adds the citation of `cite` to r (deduplicated) and returns its 1-based
 * number, or 0 if cite has no sentence or allocation failed. */
size_t cmd_cite(struct reply *r, const struct kb_cite *cite);

/* Writes "Title (Source, Date)" for article a into sb. */
void cmd_article_label(struct strbuf *sb, const struct kb_article *a);

/* Fills r with the "no knowledge base loaded" notice. Returns 0. */
int cmd_no_kb(struct reply *r);

int cmd_ask(const struct cmd_ctx *ctx, struct reply *out);
int cmd_backs(const struct cmd_ctx *ctx, struct reply *out);
int cmd_stakes(const struct cmd_ctx *ctx, struct reply *out);
int cmd_whois(const struct cmd_ctx *ctx, struct reply *out);
int cmd_quotes(const struct cmd_ctx *ctx, struct reply *out);
int cmd_timeline(const struct cmd_ctx *ctx, struct reply *out);
int cmd_sources(const struct cmd_ctx *ctx, struct reply *out);
int cmd_cite_paragraph(const struct cmd_ctx *ctx, struct reply *out);
int cmd_digest(const struct cmd_ctx *ctx, struct reply *out);
int cmd_digest_subscribe(const struct cmd_ctx *ctx, struct reply *out);
int cmd_digest_list(const struct cmd_ctx *ctx, struct reply *out);
int cmd_digest_unsubscribe(const struct cmd_ctx *ctx, struct reply *out);
int cmd_about(const struct cmd_ctx *ctx, struct reply *out);
int cmd_ping(const struct cmd_ctx *ctx, struct reply *out);
int cmd_status(const struct cmd_ctx *ctx, struct reply *out);
int cmd_reload(const struct cmd_ctx *ctx, struct reply *out);
int cmd_add(const struct cmd_ctx *ctx, struct reply *out);
/* help lives in router.c: it reads the command table. */

#endif
