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
#include "knowledge/text.h"

/* Do phrases a (la bytes) and b (lb bytes) say the same thing? */
typedef bool (*pick_same_fn)(const char *a, size_t la, const char *b, size_t lb);

struct pick {
	long doc;        /* the sentence (kb_sentence_at), or -1 */
	size_t start, len;
	int score;
	bool tied;
};

#define PICK_NONE ((struct pick){ .doc = -1, .score = -1 })

/* A reading's walk over the sentences: the question, and the best
 * phrase found so far (the user pointer of pick_each_sentence). */
struct pick_run {
	const struct kb *kb;
	const struct tokens *q;
	struct pick best;
};

/* Offers the phrase at bytes [start, start + len) of sentence doc. */
void pick_offer(struct pick *p, const struct kb *kb, size_t doc, size_t start, size_t len,
		int score, pick_same_fn same);

/* Calls fn with each sentence of the knowledge base that holds one of
 * `triggers` (its index, text and tokens, as kb_tokenize makes them),
 * for a reading to offer what it finds there. Returns 0 or BB_ENOMEM. */
typedef void (*pick_sentence_fn)(void *user, size_t doc, const char *s, const struct tokens *t);
int pick_each_sentence(const struct kb *kb, const char *const *triggers, pick_sentence_fn fn,
		       void *user);

/* Does text s hold one of `triggers` (ASCII case ignored), or is
 * triggers NULL? A reading names the strings without which a sentence
 * cannot hold its phrase ("dissent"), so that only those sentences are
 * tokenised: tokenising them all costs more than the rest of an answer. */
bool pick_triggered(const char *s, const char *const *triggers);

/* A reading that finds its phrases token by token (pick_read). */
struct pick_reading {
	/* the phrase a match at token k of sentence t (text s) gives, at
	 * tokens [*first, *last] */
	bool (*phrase_at)(const char *s, const struct tokens *t, size_t k, size_t *first,
			  size_t *last);
	/* words of the question a sentence need not say (pick_said) */
	bool (*frames)(const char *word);
	/* may sentence doc answer at all, given its score? NULL: any may */
	bool (*sentence_ok)(const struct pick_run *x, size_t doc, const struct tokens *t,
			    int score);
	pick_same_fn same;
	/* strings a sentence with such a phrase holds (pick_triggered) */
	const char *const *triggers;
};

/* The whole walk for reading r: every phrase of every sentence offered
 * with the sentence's score, then pick_answer. */
int pick_read(const struct kb *kb, const struct tokens *q, const struct pick_reading *r,
	      struct answer *out);

/* How many words of question q sentence t says (by stem), of those that
 * are no stopword and that `frames` does not reject: the score of a
 * phrase found in t. */
int pick_said(const struct tokens *q, const struct tokens *t, bool (*frames)(const char *word));

/* Answers with the phrase picked, citing its sentence (answer_phrase).
 * Returns 0; 1 when none was offered or the best were tied; BB_ENOMEM. */
int pick_answer(const struct pick *p, const struct kb *kb, struct answer *out);

#endif
