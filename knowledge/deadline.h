/* "How long do they have to appeal?", "how long do the two sides get to
 * settle it before a panel?": the time a party is given to do something.
 * Articles say it in one set way ("it has 30 days to lodge an appeal",
 * "the two governments now have 60 days to settle the dispute", "the
 * company has three months to lodge one"), whose verb is seldom the
 * question's ("sort it out", "talk it out"). */
#ifndef BB_DEADLINE_H
#define BB_DEADLINE_H

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/text.h"

/* Answers the question in tokens `q` when it asks how long someone has
 * to do something: the time after "has/have/given" and before "to", in
 * a sentence about an appeal when an appeal is asked (or after one that
 * is: "has three months to lodge ONE"), else in one that says a word of
 * the question's. Returns 0 with *out filled; 1 when the question asks
 * no such thing, or no such time is given, or two with nothing to choose
 * between them; BB_ENOMEM. */
int deadline_answer(const struct kb *kb, const struct tokens *q, struct answer *out);

#endif
