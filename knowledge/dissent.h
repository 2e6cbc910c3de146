/* "Who dissented?", "who disagreed on the bench?": the judge who did not
 * join the majority. Articles say it in set ways ("In a dissenting
 * opinion, Judge Adaeze Korvin said", "The dissenting judge, Hugo
 * Brandt, said", "Judge Tomas Herrold, dissenting,") in which
 * "disagreed" is never said. */
#ifndef BB_DISSENT_H
#define BB_DISSENT_H

#include "knowledge/answer.h"
#include "knowledge/kb.h"
#include "knowledge/text.h"

/* Answers the question in tokens `q` when it asks who dissented: the
 * name the article sets beside "dissent", "dissenting". Returns 0 with
 * *out filled; 1 when the question asks no such thing or asks of more
 * than one judge, or the article names none, or two; BB_ENOMEM. */
int dissent_answer(const struct kb *kb, const struct tokens *q, struct answer *out);

#endif
