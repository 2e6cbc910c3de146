/* The one entry point for what a scheduled digest says. The scheduler
 * (bot/digest/scheduler.c) calls only digest_post_build(); what goes in the
 * digest can change behind it ("what's new since the room's last digest")
 * without touching the scheduler. Pure: no clock, no I/O. */
#ifndef BB_DIGEST_POST_H
#define BB_DIGEST_POST_H

#include <stdbool.h>
#include <stdint.h>

#include "commands/digest.h"
#include "commands/reply.h"
#include "common/strbuf.h"
#include "knowledge/kb.h"

struct digest_request {
	const char *platform;      /* "discord", "matrix", "console" */
	const char *room;          /* channel or room id */
	int64_t slot_ms;           /* the slot this digest is for (unix ms) */
	int64_t prev_slot_ms;      /* the room's previous digest's slot; 0: none */
	const char *prev_articles; /* what it covered (digest_covered_format); NULL: none */
	int64_t missed;            /* slots skipped (bot down) since the last post */
	int64_t last_missed_ms;    /* the latest of them (unix ms); 0: unknown */
	enum digest_when_empty when_empty; /* [digest] when_empty */
	bool catch_up;             /* posted late, after the bot was down at the slot */
};

/* Fills out (zeroed by the caller; reply_free it) with the digest for
 * `req` (digest_build_since: the full briefing first, then what is new
 * since the room's last digest), and appends to `covered` what it covers,
 * for the store to keep as the room's last digest. Returns 0 (post out),
 * DIGEST_NOTHING (nothing new and when_empty is skip: post nothing, but
 * record the slot and `covered`), BB_EINVAL for a NULL kb or req, or
 * BB_ENOMEM. */
int digest_post_build(const struct kb *kb, const struct digest_request *req, struct reply *out,
		      struct strbuf *covered);

#endif
