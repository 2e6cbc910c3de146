/* "Who brought the case?", "who sued them?", "who took the gym to
 * court?", "who filed the complaint?": the party that brought a legal
 * case or a formal complaint. Articles say it in a handful of set ways
 * ("the challenge was brought by X", "in a case brought by X", "X on
 * Tuesday lodged a formal complaint", "X filed its lawsuit") whose verb
 * is rarely the question's ("sued", "took to court"), so the general
 * readings, which need the question's verb said, refuse. */
#ifndef BB_CLAIMANT_H
#define BB_CLAIMANT_H

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/text.h"

/* Answers the question in tokens `q` when it asks who brought a case or
 * complaint: the party named in the sentence that says so, preferring
 * the sentence that holds more of the question's other words. Returns 0
 * with *out filled; 1 when the question asks no such thing, or the
 * article names no such party, or names two with nothing to choose
 * between them; BB_ENOMEM. */
int claimant_answer(const struct kb *kb, const struct tokens *q, struct answer *out);

#endif
