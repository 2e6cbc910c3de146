/* The digest: a short briefing built from the knowledge base (the
 * articles, the key relations, what is at stake, what comes next), every
 * fact with its citation. Used by the `digest` command and by the
 * scheduler. */
#ifndef BB_DIGEST_H
#define BB_DIGEST_H

#include "commands/reply.h"
#include "knowledge/kb.h"

/* How much goes in; digest_build() uses these when opts is NULL. */
#define DIGEST_MAX_RELATIONS 6
#define DIGEST_MAX_STAKES 3
#define DIGEST_MAX_EVENTS 2

struct digest_opts {
	size_t max_relations;
	size_t max_stakes;
	size_t max_events;
};

/* Fills out (zeroed by the caller, freed with reply_free) with the digest
 * of kb. opts may be NULL. Returns 0, BB_EINVAL if kb is NULL, or
 * BB_ENOMEM. */
int digest_build(const struct kb *kb, const struct digest_opts *opts, struct reply *out);

#endif
