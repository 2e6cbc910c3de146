/* ask QUESTION: the question-answering engine, with citations. */
#include "commands/cmd.h"

#include <string.h>

#include "commands/clean.h"
#include "common/error.h"
#include "knowledge/answer.h"

/* Adds the engine's longer answer: one item per line if it has several
 * lines, else one paragraph. */
static void add_detail(struct reply *out, const char *detail)
{
	if (!strchr(detail, '\n')) {
		reply_add_paragraph(out, detail);
		return;
	}
	struct strbuf line = {0};
	for (const char *p = detail; *p;) {
		size_t n = strcspn(p, "\n");
		strbuf_truncate(&line, 0);
		const char *s = p;
		if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') {
			s += 2;
			n -= 2;
		}
		strbuf_append(&line, s, n);
		if (line.len > 0)
			reply_add_item(out, strbuf_str(&line));
		p = s + n;
		if (*p == '\n')
			p++;
	}
	if (strbuf_failed(&line))
		out->failed = true;
	strbuf_free(&line);
}

int cmd_ask(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->kb)
		return cmd_no_kb(out);
	struct answer a = {0};
	/* Mentions, channel links, emoji and URLs are not the question. */
	struct strbuf question = {0};
	clean_question(cmd_arg(ctx, 0), &question);
	int rc = strbuf_failed(&question) ? BB_ENOMEM
					  : answer_question(ctx->kb, strbuf_str(&question), &a);
	strbuf_free(&question);
	if (rc < 0)
		return rc;
	switch (a.status) {
	case ANSWER_FOUND:
		out->answer = REPLY_FOUND;
		reply_add_paragraph(out, a.text ? a.text : "");
		if (a.detail && *a.detail)
			add_detail(out, a.detail);
		for (size_t i = 0; i < a.n_cites && i < ANSWER_MAX_CITES; i++)
			cmd_cite(out, &a.cites[i]);
		break;
	case ANSWER_UNKNOWN:
		out->answer = REPLY_REFUSED;
		reply_add_paragraph(out, a.text && *a.text ? a.text : ANSWER_REFUSAL);
		for (size_t i = 0; i < a.n_cites && i < ANSWER_MAX_CITES; i++)
			cmd_cite(out, &a.cites[i]);  /* what the article does say */
		break;
	case ANSWER_BAD_INPUT:
		reply_set_kind(out, REPLY_ERROR);
		reply_add_paragraph(out, a.text && *a.text ? a.text : "I could not read that question.");
		break;
	}
	answer_free(&a);
	return 0;
}
