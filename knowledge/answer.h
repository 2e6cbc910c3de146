/* The question-answering engine: question -> normalised terms -> a
 * structured answer from facts, else the best sentence by BM25 with a short
 * extracted answer, else a refusal. It never guesses: a question whose key
 * terms the knowledge base does not cover is refused. */
#ifndef BB_ANSWER_H
#define BB_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/kb.h"

#define ANSWER_MAX_CITES 4
/* Questions longer than this are refused as bad input. */
#define ANSWER_MAX_QUESTION 2000

enum answer_status {
	ANSWER_FOUND,
	ANSWER_UNKNOWN,   /* the article does not answer it; the text may say
			   * what it does say about the topic, citing it */
	ANSWER_BAD_INPUT, /* empty, too long, not UTF-8, no words */
};

struct answer {
	enum answer_status status;
	char *text;       /* short direct answer, or the refusal / error message */
	char *detail;     /* longer answer (e.g. a whole list), or NULL */
	struct kb_cite cites[ANSWER_MAX_CITES];
	size_t n_cites;
};

#define ANSWER_REFUSAL "I don't know — the article doesn't cover that."

/* Answers `question` from `kb` into `out` (which the caller zeroes or
 * reuses after answer_free). Returns 0, or BB_ENOMEM. Bad input is not an
 * error: it yields status ANSWER_BAD_INPUT with a message in out->text. */
int answer_question(const struct kb *kb, const char *question, struct answer *out);
void answer_free(struct answer *a);

/* Fills *out with a found answer that cites sentence s of art: `prefix`
 * ("Yes — ", or ""), then `len` bytes of `phrase` with its first letter
 * made a capital, then a full stop unless it ends on one. For the
 * readings answer_question consults (unanimity.h, claimant.h,
 * startdate.h). Returns 0 or BB_ENOMEM. */
int answer_phrase(struct answer *out, const struct kb_article *art,
		  const struct kb_sentence *s, const char *prefix, const char *phrase,
		  size_t len);

#endif
