/* Finds facts in an article by itself, so that a new article is useful
 * before anyone curates it: relation candidates from patterns over
 * sentences ("X-backed Y", "X and its ally Y", "Y, which is allied with X",
 * "recognised as a terrorist organisation by A, B and C"), people with
 * their roles ("said NAME, a ROLE") and what they said. */
#ifndef BB_EXTRACT_H
#define BB_EXTRACT_H

#include <stdio.h>

#include "knowledge/kb.h"

struct kb;

/* One candidate relation, borrowed strings valid during the callback. */
struct extract_relation {
	const char *subject;     /* "Moscow" */
	enum kb_predicate predicate;
	const char *object;      /* "rebel groups in Eastern Ukraine" */
	bool negated;
	const struct kb_sentence *sentence;
};

struct extract_person {
	const char *name;        /* "Kamal Alam" */
	const char *role;        /* "a non-resident senior fellow at the Atlantic Council" */
	const char *said;        /* quoted words in the same sentence, or NULL */
	const struct kb_sentence *sentence;
};

struct extract_callbacks {
	void (*relation)(void *user, const struct extract_relation *r);
	void (*person)(void *user, const struct extract_person *p);
};

/* Runs every pattern over every sentence of `art`. Returns 0 or BB_ENOMEM. */
int extract_article(const struct kb_article *art, const struct extract_callbacks *cb,
		    void *user);

/* Adds what extract_article finds to a knowledge base under construction:
 * an entity for every new name, then the relations, people and quotes. */
int extract_into_kb(struct kb *kb, const struct kb_article *art);

/* Writes the candidates as a facts file skeleton (JSON) to `out`, ready to
 * review and paste into knowledge/facts/ID.json. */
int extract_print_json(const struct kb_article *art, FILE *out);

#endif
