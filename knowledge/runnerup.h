/* "Who came second?", "who was the runner-up?", "who did she beat?": the
 * one the winner beat. Articles say it in set ways ("Tyson Gay finished
 * second", "took the silver", "defeating the union's assistant secretary
 * Craig Mulvaney", "edging out two-term councillor Victor Hale") that
 * the general "who" reading, which needs the question's verb, misses. */
#ifndef BB_RUNNERUP_H
#define BB_RUNNERUP_H

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/text.h"

/* Answers the question in tokens `q` when it asks who came second, or
 * whom someone beat: the name the sentence that says so gives, from the
 * sentence that holds more of the question's other words. Returns 0 with
 * *out filled; 1 when the question asks no such thing, or the article
 * names no one so, or two with nothing to choose between them;
 * BB_ENOMEM. */
int runnerup_answer(const struct kb *kb, const struct tokens *q, struct answer *out);

#endif
