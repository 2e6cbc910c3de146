/* "How close was it?", "what was the winning margin?": by how many votes
 * a vote was won. Articles say it in set ways ("defeating the incumbent
 * by just 412 votes", "by a majority of 3,087", "a margin of 288 votes",
 * "left her 161 votes ahead", "just over 62,000 votes separated the two
 * camps") that share no word with "close" and seldom "margin". */
#ifndef BB_MARGIN_H
#define BB_MARGIN_H

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/text.h"

/* Answers the question in tokens `q` when it asks a vote's margin: the
 * phrase that gives it, from the sentence that holds more of the
 * question's other words. Returns 0 with *out filled; 1 when the
 * question asks no such thing, or the article gives no margin, or two
 * with nothing to choose between them; BB_ENOMEM. */
int margin_answer(const struct kb *kb, const struct tokens *q, struct answer *out);

#endif
