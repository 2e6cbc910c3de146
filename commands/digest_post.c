#include "commands/digest_post.h"

#include "commands/digest.h"
#include "common/error.h"

/* The room's last digest as the store keeps it (digest_covered_format()).
 * Text in any other form -- a record from before the fingerprints -- reads
 * as no record: the room gets the full briefing once more, never a wrong
 * "nothing new". */
static void read_last(const char *text, struct digest_covered *last)
{
	if (text && digest_covered_parse(text, last) < 0)
		digest_covered_free(last);
}

int digest_post_build(const struct kb *kb, const struct digest_request *req, struct reply *out,
		      struct strbuf *covered)
{
	if (!kb || !req)
		return BB_EINVAL;
	struct digest_covered last = {0}, now = {0};
	read_last(req->prev_articles, &last);
	const struct digest_since since = {
		.last = &last, .when_empty = req->when_empty,
		.missed = req->missed > 0 ? (unsigned)req->missed : 0,
		.last_missed_ms = req->last_missed_ms,
	};
	int rc = digest_build_since(kb, &since, out, &now);
	if (rc == 0 && req->catch_up && req->missed == 0)
		reply_add_paragraph(out, "This digest comes late: I was offline at its time.");
	if (rc >= 0 && digest_covered_format(&now, covered) < 0)
		rc = BB_ENOMEM;
	if (rc >= 0 && (strbuf_failed(covered) || out->failed))
		rc = BB_ENOMEM;
	digest_covered_free(&last);
	digest_covered_free(&now);
	return rc;
}
