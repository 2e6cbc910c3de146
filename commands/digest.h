/* The digest: a short briefing built from the knowledge base (the
 * articles, the key relations, what is at stake, what comes next), every
 * fact with its citation. Used by the `digest` command and by the
 * scheduler.
 *
 * Every digest fits one message: one Discord message of at most 2,000
 * characters as commands/render.c renders it, and one Matrix message.
 * What does not fit is dropped from the end and summed up in a last line
 * ("… and 4 more facts."). A sentence the digest quotes keeps its words;
 * each relative date in it ("on Wednesday", "last year") is followed by
 * the date it means, resolved against the article's date
 * (knowledge/reldate.h): "… on Wednesday [Wednesday 29 September 2021] …".
 *
 * For a room, the scheduler calls digest_build_since() with what the
 * room's last digest covered: the first digest is the full briefing; later
 * ones say only what changed (new or changed articles, each with its key
 * relations, stakes and quotes). */
#ifndef BB_DIGEST_H
#define BB_DIGEST_H

#include <stdint.h>

#include "commands/reply.h"
#include "common/strbuf.h"
#include "knowledge/kb.h"

/* How much goes in; digest_build() uses these when opts is NULL. */
#define DIGEST_MAX_RELATIONS 6
#define DIGEST_MAX_STAKES 3
#define DIGEST_MAX_EVENTS 2

/* Per new article in a "since" digest. */
#define DIGEST_NEW_RELATIONS 3
#define DIGEST_NEW_STAKES 2
#define DIGEST_NEW_QUOTES 2

struct digest_opts {
	size_t max_relations;
	size_t max_stakes;
	size_t max_events;
};

/* Fills out (zeroed by the caller, freed with reply_free) with the full
 * digest of kb. opts may be NULL. Returns 0, BB_EINVAL if kb is NULL, or
 * BB_ENOMEM. */
int digest_build(const struct kb *kb, const struct digest_opts *opts, struct reply *out);

/* One article as a digest covered it. */
struct digest_mark {
	char *id;              /* the article id */
	uint64_t fingerprint;  /* digest_fingerprint() of its content */
};

/* What one digest covered: every article of the knowledge base then. */
struct digest_covered {
	struct digest_mark *marks;
	size_t n;
};

/* What [digest] when_empty says to do when nothing changed. */
enum digest_when_empty {
	DIGEST_EMPTY_NOTE,  /* post one short line */
	DIGEST_EMPTY_SKIP,  /* post nothing */
};

/* Reads a [digest] when_empty value ("note" or "skip"). Returns 0 or
 * BB_EINVAL (*out unchanged). */
int digest_when_empty_parse(const char *s, enum digest_when_empty *out);

struct digest_since {
	/* What the room's last digest covered; NULL or empty: this is the
	 * room's first digest, so it is the full briefing. */
	const struct digest_covered *last;
	enum digest_when_empty when_empty;
	/* Scheduled digests of this room that were skipped while the bot was
	 * down, and the time of the latest of them (Unix ms; 0: unknown). */
	unsigned missed;
	int64_t last_missed_ms;
};

/* digest_build_since() returns this when nothing changed and when_empty
 * is DIGEST_EMPTY_SKIP: out stays empty, post nothing. */
#define DIGEST_NOTHING 1

/* Builds a room's scheduled digest into out (zeroed by the caller, freed
 * with reply_free): the full briefing when since->last is NULL or empty;
 * else the articles that are new or whose content changed since then, each
 * with up to DIGEST_NEW_* of its relations, stakes and quotes, each cited;
 * when none changed, "Nothing new since the last digest." (or nothing, see
 * DIGEST_NOTHING). Missed slots add a line "2 scheduled digests were
 * missed while the bot was offline (last: Saturday 5 December 2026, 09:00
 * UTC)." — except with DIGEST_NOTHING, since digests with nothing new were
 * not missed. since may be NULL (a first digest, nothing missed).
 *
 * covered_out, unless NULL, receives (zeroed by the caller, freed with
 * digest_covered_free) what this digest covers: every article of kb. The
 * caller stores it once the digest is posted (also after DIGEST_NOTHING)
 * and passes it as `last` next time.
 *
 * Returns 0 (post out), DIGEST_NOTHING, BB_EINVAL if kb or out is NULL,
 * or BB_ENOMEM (out and covered_out are then empty). */
int digest_build_since(const struct kb *kb, const struct digest_since *since,
		       struct reply *out, struct digest_covered *covered_out);

/* A fingerprint of an article's content: its title, source, date, url and
 * every sentence (FNV-1a, 64 bits). Independent of file times and sizes;
 * changes when the text does. */
uint64_t digest_fingerprint(const struct kb_article *a);

/* Frees the marks and leaves c empty. NULL-safe. */
void digest_covered_free(struct digest_covered *c);

/* The covered set as text, for one store column: one line per article,
 * "<16 hex digits> <id>\n". Appends to out. Returns 0, BB_EINVAL if an id
 * is empty or holds a line break, or BB_ENOMEM. */
int digest_covered_format(const struct digest_covered *c, struct strbuf *out);

/* Reads what digest_covered_format() wrote into out (zeroed by the
 * caller; freed with digest_covered_free). "" gives an empty set. Returns
 * 0, BB_EPARSE (out empty) if a line is not "<16 hex> <id>", or BB_ENOMEM. */
int digest_covered_parse(const char *text, struct digest_covered *out);

#endif
