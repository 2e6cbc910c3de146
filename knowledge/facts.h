/* Curated facts: the JSON data files under knowledge/facts/, one per
 * article. Every fact carries the exact quote from its article that
 * supports it; a fact whose quote is not in the article is rejected. See
 * knowledge/facts/README.md for the format. */
#ifndef BB_FACTS_H
#define BB_FACTS_H

#include <stddef.h>

#include "common/strbuf.h"
#include "knowledge/kb.h"

/* Entities are loaded from every file before any other fact, so that a
 * fact may name an entity defined in another article's file. */
enum facts_pass { FACTS_ENTITIES, FACTS_REST };

/* Parses the facts file of `art` (json, len bytes) and adds one pass of its
 * facts to kb. Appends one line per problem to `errors`, naming the file,
 * the fact and the reason. Returns 0, or a negative bb_err if any fact was
 * rejected. */
int facts_load(struct kb *kb, const struct kb_article *art, const char *json, size_t len,
	       enum facts_pass pass, struct strbuf *errors);

#endif
