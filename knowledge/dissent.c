#include "knowledge/dissent.h"

#include <string.h>

#include "common/error.h"
#include "knowledge/pick.h"

static const char *const dissenting[] = {
	"dissent", "dissented", "dissenting", "dissents", NULL,
};
/* words of the question that only frame it */
static const char *const framing[] = {
	"who", "which", "judge", "justice", "dissent", "dissented", "dissenting", "disagreed",
	"disagree", "bench", "decision", "ruling", "majority", NULL,
};

static bool framing_word(const char *w)
{
	return text_in_list(w, framing);
}

/* "who DISSENTED", "who DISAGREED on the bench", "which judge
 * dissented": one judge, not "the two judges that dissented". */
static bool asks_dissent(const struct tokens *q)
{
	static const char *const disagreeing[] = {
		"dissented", "dissent", "disagreed", "disagree", NULL,
	};
	static const char *const many[] = { "judges", "justices", "two", "three", "both", NULL };
	if (q->n < 2 || (strcmp(q->v[0].word, "who") && strcmp(q->v[0].word, "which")) ||
	    text_says_any(q, many))
		return false;
	/* ("who dissented AND WHAT would she have done": a name answers
	 * half of it) */
	static const char *const wh[] = { "what", "why", "how", "when", "where", NULL };
	for (size_t i = 1; i + 1 < q->n; i++)
		if (!strcmp(q->v[i].word, "and") && text_in_list(q->v[i + 1].word, wh))
			return false;
	bool disagreed = text_says_any(q, disagreeing);
	/* ("who disagreed" of a court case, not of a council vote) */
	bool bench = text_says_any(q, (const char *const[]){ "bench", "judge", "court", NULL });
	return disagreed && (bench || text_says_any(q, dissenting));
}

/* The name at tokens [*first, *last] that "dissent" at token k is said
 * of: after a title ("Judge", "Justice") within a few words either side,
 * or set off by commas after "the dissenting judge,". */
static bool dissenter_near(const struct tokens *t, size_t k, size_t *first, size_t *last)
{
	static const char *const titles[] = { "judge", "justice", NULL };
	size_t from = k >= 5 ? k - 5 : 0;
	for (size_t j = from; j < t->n && j <= k + 5; j++) {
		if (!text_in_list(t->v[j].word, titles) || j + 1 >= t->n ||
		    !t->v[j + 1].capitalized)
			continue;
		*first = j + 1;
		*last = j + 1;
		while (*last + 1 < t->n && t->v[*last + 1].capitalized)
			(*last)++;
		return true;
	}
	return false;
}

/* The dissenter named beside a "dissent" at token k. */
static bool dissenter_at(const char *s, const struct tokens *t, size_t k, size_t *first,
			 size_t *last)
{
	(void)s;
	return text_in_list(t->v[k].word, dissenting) && dissenter_near(t, k, first, last);
}

static const char *const dissents[] = { "dissent", NULL };

int dissent_answer(const struct kb *kb, const struct tokens *q, struct answer *out)
{
	static const struct pick_reading reading = {
		.phrase_at = dissenter_at, .frames = framing_word, .same = text_same_name,
		.triggers = dissents,
	};
	return asks_dissent(q) ? pick_read(kb, q, &reading, out) : 1;
}
