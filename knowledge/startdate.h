/* "When does the duty kick in?", "when did the quarantine start?",
 * "when does she take office?": the day a rule starts to apply or an
 * elected person takes up the post. Articles say it in set ways ("the
 * tariff, which took effect on October 1", "came into force on February
 * 9", "a 15 percent levy on frozen beef from May 1", "will be sworn in
 * on Dec. 2"), rarely with the question's verb, so the general readings,
 * which need that verb said beside the date, refuse. */
#ifndef BB_STARTDATE_H
#define BB_STARTDATE_H

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/text.h"

/* Answers the question in tokens `q` when it asks when something starts
 * to apply or someone takes office: the date the article gives for it,
 * in a sentence (or after the one before it in its paragraph) that says
 * every other word of the question. Returns 0 with *out filled; 1 when
 * the question asks no such thing, or no such date is given, or two are
 * with nothing to choose between them; BB_ENOMEM. */
int startdate_answer(const struct kb *kb, const struct tokens *q, struct answer *out);

#endif
