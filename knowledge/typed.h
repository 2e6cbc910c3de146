/* A second reading of a question the main engine (answer.c) could not tie
 * to a sentence: "how many / how much / when / where / who / why"
 * questions, answered from the sentence that says every word of the
 * question (as itself, a WordNet synonym, derived form, broader or
 * narrower word) and holds a phrase of the asked type beside them: a
 * number that counts the asked noun or a kind of it, a sum of money, a
 * date or time, a place, a name, a reason. Anything less is no answer. */
#ifndef BB_TYPED_H
#define BB_TYPED_H
#include "knowledge/answer.h"
#include "knowledge/kb.h"

/* Answers `question` (already rewritten by the main parser: shorthand
 * expanded, typos fixed) into `out` with status ANSWER_FOUND, citing the
 * sentence it rests on (and any other that gives the same answer). Returns 0 when it answered, 1 when it has no answer (out is
 * untouched), or BB_ENOMEM. */
int typed_answer(const struct kb *kb, const char *question, struct answer *out);

/* The same from sentence `doc` alone, the one the question's words point
 * at (answer.c's topic sentence), which says all of them but one: a word
 * the article says differently ("who wrote the majority OPINION" of
 * "Judge Osterholt wrote for the majority"). Never a name, the noun "how
 * much" measures, a count's verb or a word of a role left unsaid. Returns
 * as typed_answer does. */
int typed_answer_in(const struct kb *kb, const char *question, size_t doc, struct answer *out);

#endif
