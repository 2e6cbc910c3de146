/* One article's facts, one at a time: the relations, stakes, quotes,
 * events and numbers whose citation points into a given article (curated
 * or extracted), each with that citation, plus a one-line English phrasing
 * of a fact for replies ("Turkey backs the YPG"). For the digest ("what a
 * new article says") and for `!add` ("three facts found in this article").
 *
 *   struct kb_facts_iter it;
 *   struct kb_fact f;
 *   kb_facts_begin(&it, kb, article, KB_FACT_RELATION | KB_FACT_QUOTE);
 *   while (kb_facts_next(&it, &f))
 *           ... f.cite->sentence->text ...
 *
 * Pure: reads the knowledge base through knowledge/kb.h only. */
#ifndef BB_KB_FACTS_H
#define BB_KB_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/strbuf.h"
#include "knowledge/kb.h"

/* Kinds of fact, as bits to combine in a mask. */
enum kb_fact_kind {
	KB_FACT_RELATION = 1 << 0,
	KB_FACT_STAKE = 1 << 1,
	KB_FACT_QUOTE = 1 << 2,
	KB_FACT_EVENT = 1 << 3,
	KB_FACT_NUMBER = 1 << 4,
};
#define KB_FACT_ALL 0x1Fu

/* One fact: `kind` says which one pointer is set; the others are NULL.
 * Everything points into the knowledge base. */
struct kb_fact {
	enum kb_fact_kind kind;
	const struct kb_relation *relation;
	const struct kb_stake *stake;
	const struct kb_quote *quote;
	const struct kb_event *event;
	const struct kb_number *number;
	const struct kb_cite *cite;  /* never NULL; its sentence may be NULL */
};

/* Iterator state; the caller owns it (on the stack), nothing to free. */
struct kb_facts_iter {
	const struct kb *kb;
	const struct kb_article *article;
	unsigned kinds;
	unsigned bit;  /* the kind being walked */
	size_t i;      /* the next index in it */
};

/* Starts a walk over the facts of `article` (NULL: of every article) whose
 * kind is in the mask `kinds`. Kinds come in the order of enum
 * kb_fact_kind, each in the knowledge base's order. */
void kb_facts_begin(struct kb_facts_iter *it, const struct kb *kb,
		    const struct kb_article *article, unsigned kinds);
/* Stores the next fact in *out and returns true, or returns false at the
 * end. */
bool kb_facts_next(struct kb_facts_iter *it, struct kb_fact *out);
/* How many facts a walk with these arguments yields. */
size_t kb_facts_count(const struct kb *kb, const struct kb_article *article, unsigned kinds);

/* Appends the fact as one line of English, without citation:
 *   relation  "Turkey backs Azerbaijan", "the US is not ... " (negated),
 *             the article's own words for the object when it has them
 *   stake     "At stake in Idlib: ..."
 *   quote     "Kamal Alam (Atlantic Council senior fellow): “...”" or
 *             "..., as reported: ..." for a reported view
 *   event     "Wednesday: Erdogan and Putin hold ..."
 *   number    "3.7 million: Syrians residing in Turkey" */
void kb_facts_text(const struct kb_fact *f, struct strbuf *sb);

#endif
