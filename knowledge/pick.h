/* The best of the phrases one of answer_question's set readings
 * (claimant.h, startdate.h) finds over the article's sentences: the one
 * with the highest score; two with the best score that say different
 * things are no answer. */
#ifndef BB_PICK_H
#define BB_PICK_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/answer.h"
#include "knowledge/kb.h"

/* Do phrases a (la bytes) and b (lb bytes) say the same thing? */
typedef bool (*pick_same_fn)(const char *a, size_t la, const char *b, size_t lb);

struct pick {
	long doc;        /* the sentence (kb_sentence_at), or -1 */
	size_t start, len;
	int score;
	bool tied;
};

#define PICK_NONE ((struct pick){ .doc = -1, .score = -1 })

/* Offers the phrase at bytes [start, start + len) of sentence doc. */
void pick_offer(struct pick *p, const struct kb *kb, size_t doc, size_t start, size_t len,
		int score, pick_same_fn same);

/* Answers with the phrase picked, citing its sentence (answer_phrase).
 * Returns 0; 1 when none was offered or the best were tied; BB_ENOMEM. */
int pick_answer(const struct pick *p, const struct kb *kb, struct answer *out);

#endif
