/* sources, cite and add: the articles themselves. */
#include "commands/cmd.h"

#include <stdlib.h>
#include <string.h>

#include "common/error.h"

int cmd_sources(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->kb)
		return cmd_no_kb(out);
	reply_set_title(out, "Sources");
	size_t count = kb_article_count(ctx->kb);
	struct strbuf sb = {0};
	for (size_t i = 0; i < count; i++) {
		const struct kb_article *a = kb_article_at(ctx->kb, i);
		strbuf_truncate(&sb, 0);
		strbuf_printf(&sb, "%s — ", a->id);
		cmd_article_label(&sb, a);
		strbuf_printf(&sb, ", %zu paragraphs%s", a->n_paragraphs,
			      a->curated ? "" : ", facts extracted automatically");
		if (a->url && *a->url)
			strbuf_printf(&sb, " — %s", a->url);
		reply_add_item(out, strbuf_str(&sb));
	}
	if (strbuf_failed(&sb))
		out->failed = true;
	strbuf_free(&sb);
	if (count == 0)
		reply_add_paragraph(out, "The knowledge base has no articles.");
	else
		reply_add_paragraphf(out, "%scite ARTICLE PARAGRAPH shows a paragraph.", ctx->prefix);
	return 0;
}

int cmd_cite_paragraph(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->kb)
		return cmd_no_kb(out);
	const char *id = cmd_arg(ctx, 0);
	const struct kb_article *a = kb_article_find(ctx->kb, id);
	if (!a) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "No article “%s” — see %ssources.", id, ctx->prefix);
		return 0;
	}
	long p = strtol(cmd_arg(ctx, 1), NULL, 10); /* the router checked it */
	if (p < 1 || (size_t)p > a->n_paragraphs) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "%s has paragraphs 1 to %zu.", a->id, a->n_paragraphs);
		return 0;
	}
	const struct kb_paragraph *para = &a->paragraphs[p - 1];
	struct strbuf sb = {0};
	cmd_article_label(&sb, a);
	strbuf_printf(&sb, ", paragraph %ld", p);
	reply_set_title(out, strbuf_str(&sb));
	strbuf_truncate(&sb, 0);
	for (size_t i = 0; i < para->n_sentences; i++)
		strbuf_printf(&sb, "%s%s", i ? " " : "", para->sentences[i].text);
	reply_add_paragraph(out, strbuf_str(&sb));
	if (strbuf_failed(&sb))
		out->failed = true;
	strbuf_free(&sb);
	return 0;
}

int cmd_add(const struct cmd_ctx *ctx, struct reply *out)
{
	const char *url = cmd_arg(ctx, 0);
	if (!ctx->host->add_url) {
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "Adding articles by URL is not available here: run the bot "
				     "with `briefbot run`, or drop the article into the knowledge "
				     "directory's articles/ folder.");
		return 0;
	}
	struct strbuf err = {0};
	int rc = ctx->host->add_url(ctx->host_user, ctx->msg, url, &err);
	if (rc < 0) {
		/* The reason is one line without its newline. */
		size_t n = strcspn(strbuf_str(&err), "\n");
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraphf(out, "Cannot add %s: %.*s", url, (int)n,
				     n ? strbuf_str(&err) : bb_strerror(rc));
	} else {
		reply_add_paragraphf(out, "Fetching %s \u2026 I will post the article here when it "
				     "is in.", url);
	}
	strbuf_free(&err);
	return 0;
}
