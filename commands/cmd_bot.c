/* about, ping, status, reload, digest: the bot itself. */
#include "commands/cmd.h"

#include <string.h>

#include "commands/digest.h"
#include "common/error.h"

#ifndef BRIEFBOT_VERSION
#define BRIEFBOT_VERSION "dev"
#endif

/* "3 articles, 120 sentences, 30 actors, 40 relations, ..." */
static void kb_size(struct strbuf *sb, const struct kb *kb)
{
	strbuf_printf(sb, "%zu article%s, %zu sentences, %zu actors, %zu relations, "
		      "%zu stakes, %zu quotes, %zu events",
		      kb_article_count(kb), kb_article_count(kb) == 1 ? "" : "s",
		      kb_sentence_count(kb), kb_entity_count(kb), kb_relation_count(kb),
		      kb_stake_count(kb), kb_quote_count(kb), kb_event_count(kb));
}

static void uptime(struct strbuf *sb, int64_t s)
{
	if (s < 0)
		s = 0;
	long long d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
	if (d)
		strbuf_printf(sb, "%lld d ", d);
	if (d || h)
		strbuf_printf(sb, "%lld h ", h);
	if (d || h || m)
		strbuf_printf(sb, "%lld min ", m);
	strbuf_printf(sb, "%lld s", sec);
}

/* Adds the finished strbuf as an item and empties it. */
static void add_item(struct reply *out, struct strbuf *sb)
{
	if (strbuf_failed(sb))
		out->failed = true;
	else
		reply_add_item(out, strbuf_str(sb));
	strbuf_truncate(sb, 0);
}

int cmd_about(const struct cmd_ctx *ctx, struct reply *out)
{
	reply_set_title(out, "briefbot");
	reply_add_paragraph(out, "I brief the team on the news articles in my knowledge base: "
			    "who backs whom, what is at stake, who said what and when. "
			    "Every answer quotes the sentence of the article it rests on; "
			    "when the articles don't cover something, I say so instead of guessing.");
	reply_add_paragraphf(out, "Try %shelp, %sdigest or just ask: %sask who backs the YPG?",
			     ctx->prefix, ctx->prefix, ctx->prefix);
	return 0;
}

int cmd_ping(const struct cmd_ctx *ctx, struct reply *out)
{
	reply_add_paragraph(out, "pong");
	return 0;
}

int cmd_status(const struct cmd_ctx *ctx, struct reply *out)
{
	struct router_status st = { .version = NULL };
	if (ctx->host->status)
		ctx->host->status(ctx->host_user, &st);
	struct strbuf sb = {0};
	reply_set_title(out, "Status");
	strbuf_printf(&sb, "Version: %s", st.version ? st.version : BRIEFBOT_VERSION);
	add_item(out, &sb);
	strbuf_puts(&sb, "Uptime: ");
	uptime(&sb, st.uptime_s);
	add_item(out, &sb);
	strbuf_puts(&sb, "Connected: ");
	size_t n = 0;
	for (int p = 0; p < PLATFORM_COUNT; p++)
		if (st.connected[p])
			strbuf_printf(&sb, "%s%s", n++ ? ", " : "", platform_name(p));
	if (n == 0)
		strbuf_puts(&sb, "none");
	add_item(out, &sb);
	strbuf_puts(&sb, "Knowledge base: ");
	if (ctx->kb)
		kb_size(&sb, ctx->kb);
	else
		strbuf_puts(&sb, "not loaded");
	add_item(out, &sb);
	if (st.kb_error && *st.kb_error) {
		strbuf_printf(&sb, "Last reload refused (the knowledge base above stays): %s",
			      st.kb_error);
		add_item(out, &sb);
	}
	strbuf_free(&sb);
	return 0;
}

/* Adds each line of text as an item, at most max of them. */
static void add_lines(struct reply *out, const char *text, size_t max)
{
	struct strbuf line = {0};
	size_t n = 0;
	for (const char *p = text; *p && n < max; n++) {
		size_t len = strcspn(p, "\n");
		strbuf_truncate(&line, 0);
		strbuf_append(&line, p, len);
		if (len > 0)
			add_item(out, &line);
		p += len;
		if (*p == '\n')
			p++;
	}
	strbuf_free(&line);
}

int cmd_reload(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->host->reload) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraph(out, "Reloading is not available here.");
		return 0;
	}
	struct strbuf err = {0};
	int rc = ctx->host->reload(ctx->host_user, &err);
	if (rc < 0) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "Reload rejected (%s); the previous knowledge base "
				     "stays live.", bb_strerror(rc));
	} else {
		/* ctx->kb is the old one and may be gone: ask the host again. */
		const struct kb *kb = ctx->host->kb ? ctx->host->kb(ctx->host_user) : NULL;
		struct strbuf sb = {0};
		strbuf_puts(&sb, "Knowledge base reloaded: ");
		if (kb)
			kb_size(&sb, kb);
		else
			strbuf_puts(&sb, "no knowledge base");
		strbuf_putc(&sb, '.');
		reply_add_paragraph(out, strbuf_str(&sb));
		strbuf_free(&sb);
	}
	add_lines(out, strbuf_str(&err), 10);
	strbuf_free(&err);
	return 0;
}

int cmd_digest(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->kb)
		return cmd_no_kb(out);
	return digest_build(ctx->kb, NULL, out);
}

/* The digest subcommands hand over to the host, which owns the store and
 * the scheduler; where it has none (`briefbot console`), they say so. */
static int no_schedule(const struct cmd_ctx *ctx, struct reply *out)
{
	reply_set_kind(out, REPLY_ERROR);
	reply_add_paragraphf(out, "Scheduled digests run in the chat bot (briefbot run), not "
			     "here; %sdigest shows the briefing now.", ctx->prefix);
	return 0;
}

int cmd_digest_subscribe(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->host->digest_subscribe)
		return no_schedule(ctx, out);
	const char *spec = cmd_arg(ctx, 0);
	return ctx->host->digest_subscribe(ctx->host_user, ctx->msg, spec ? spec : "", out);
}

int cmd_digest_list(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->host->digest_list)
		return no_schedule(ctx, out);
	return ctx->host->digest_list(ctx->host_user, ctx->msg, out);
}

int cmd_digest_unsubscribe(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->host->digest_unsubscribe)
		return no_schedule(ctx, out);
	return ctx->host->digest_unsubscribe(ctx->host_user, ctx->msg, cmd_arg(ctx, 0), out);
}
