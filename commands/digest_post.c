#include "commands/digest_post.h"

#include "commands/digest.h"
#include "common/error.h"

int digest_post_build(const struct kb *kb, const struct digest_request *req, struct reply *out,
		      struct strbuf *covered)
{
	if (!kb || !req)
		return BB_EINVAL;
	int rc = digest_build(kb, NULL, out);
	if (rc < 0)
		return rc;
	if (req->missed > 0)
		reply_add_paragraphf(out, "%lld scheduled digest%s skipped while I was offline.",
				     (long long)req->missed,
				     req->missed == 1 ? " was" : "s were");
	else if (req->catch_up)
		reply_add_paragraph(out, "This digest comes late: I was offline at its time.");
	for (size_t i = 0; i < kb_article_count(kb); i++)
		strbuf_printf(covered, "%s\n", kb_article_at(kb, i)->id);
	if (strbuf_failed(covered) || out->failed)
		return BB_ENOMEM;
	return 0;
}
