#include "commands/cmd.h"

#include <string.h>

const char *cmd_arg(const struct cmd_ctx *ctx, size_t i)
{
	return i < ctx->argc ? ctx->argv[i] : NULL;
}

void cmd_article_label(struct strbuf *sb, const struct kb_article *a)
{
	strbuf_puts(sb, a->title && *a->title ? a->title : a->id);
	bool src = a->source && *a->source;
	bool date = a->date && *a->date;
	if (src || date)
		strbuf_printf(sb, " (%s%s%s)", src ? a->source : "", src && date ? ", " : "",
			      date ? a->date : "");
}

size_t cmd_cite(struct reply *r, const struct kb_cite *cite)
{
	if (!cite || !cite->article || !cite->sentence)
		return 0;
	const struct kb_article *a = cite->article;
	const struct kb_sentence *s = cite->sentence;
	struct strbuf label = {0};
	cmd_article_label(&label, a);
	if (strbuf_failed(&label)) {
		r->failed = true;
		return 0;
	}
	reply_add_citation(r, a->id, strbuf_str(&label), s->paragraph, s->index, s->text);
	strbuf_free(&label);
	for (size_t i = 0; i < r->n_citations; i++) {
		const struct reply_citation *c = &r->citations[i];
		if (c->paragraph == s->paragraph && c->sentence == s->index &&
		    strcmp(c->article, a->id) == 0)
			return i + 1;
	}
	return 0;
}

int cmd_no_kb(struct reply *r)
{
	reply_set_kind(r, REPLY_ERROR);
	reply_add_paragraph(r, "No knowledge base is loaded, so I have nothing to answer from.");
	return 0;
}
