/* "Are they going to appeal?": what a court story says of an appeal
 * still to come. Articles say it in set ways ("would study the judgment
 * before deciding whether to appeal", "was considering an appeal", "said
 * it would not appeal") that the general readings do not tie to the
 * question. (How long a party has to appeal is deadline.h's.) */
#ifndef BB_APPEAL_H
#define BB_APPEAL_H

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/text.h"

/* Answers the question in tokens `q` when it asks whether a party will
 * appeal: "Yes — ", "No — " or "Undecided — " and the sentence that says
 * so.
 * Returns 0 with *out filled; 1 when the question asks no such thing, or
 * the article does not say, or says two things with nothing to choose
 * between them; BB_ENOMEM. */
int appeal_answer(const struct kb *kb, const struct tokens *q, struct answer *out);

#endif
