/* "Was the ruling unanimous?", "how did the judges split?": whether the
 * article says a court's (or any bench's) vote was unanimous or split,
 * and by how much. A court-ruling story says it in a few set ways
 * ("in a unanimous judgment", "ruled 2-1", "split two to one", "by three
 * votes to two", "was not unanimous"), none of which shares a word with
 * "split" or "unanimous" the other way round, so the general search
 * cannot tie the question to the sentence. */
#ifndef BB_UNANIMITY_H
#define BB_UNANIMITY_H

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/text.h"

/* Answers the question in tokens `q` when it asks whether a vote was
 * unanimous (yes or no, with the sentence that says so) or how a bench
 * split ("Two to one."). Returns 0 with *out filled; 1 when the question
 * asks no such thing, or the article does not say, or says it both ways;
 * BB_ENOMEM. Any other word the question holds ("was the TARIFF vote
 * unanimous") must be in the sentence. */
int unanimity_answer(const struct kb *kb, const struct tokens *q, struct answer *out);

#endif
