#include "knowledge/claimant.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "knowledge/kb_build.h"
#include "knowledge/pick.h"

/* what a party brings */
static const char *const cases[] = {
	"case", "complaint", "lawsuit", "suit", "challenge", "claim", "action", "petition", NULL,
};
static const char *const suing[] = { "sue", "sued", "sues", "suing", NULL };
/* verbs that bring one, in the question */
static const char *const bringing[] = {
	"bring", "brought", "brings", "file", "filed", "files", "lodge", "lodged", "lodges",
	"launch", "launched", "launches", "take", "took", "takes", "taken", NULL,
};
/* ... and in the article, where a party is said to have brought one */
static const char *const brought[] = {
	"brought", "filed", "lodged", "launched", "sued", "sues", "files", "lodges", NULL,
};
/* words of the question that only frame it */
static const char *const framing[] = {
	"who", "court", "legal", "formal", "first", "place", "trade", NULL,
};

/* Does the question ask who brought a case: "who SUED", "who BROUGHT
 * the CASE", "who TOOK them TO COURT", "who FILED the COMPLAINT"? */
static bool asks_claimant(const struct tokens *q)
{
	if (q->n < 2 || strcmp(q->v[0].word, "who"))
		return false;
	for (size_t i = 1; i < q->n; i++) {
		if (text_in_list(q->v[i].word, suing))
			return true;
		if (!text_in_list(q->v[i].word, bringing))
			continue;
		for (size_t k = i + 1; k < q->n; k++)
			if (text_in_list(q->v[k].word, cases) ||
			    (!strcmp(q->v[k].word, "court") && !strcmp(q->v[k - 1].word, "to")))
				return true;
	}
	return false;
}

/* Is a word of the question one that only frames it? */
static bool framing_word(const char *w)
{
	return text_in_list(w, framing) || text_in_list(w, cases) || text_in_list(w, suing) ||
	       text_in_list(w, bringing);
}

static bool says_case_near(const struct tokens *t, size_t from, size_t to)
{
	for (size_t k = from; k < to && k < t->n; k++)
		if (text_in_list(t->v[k].word, cases))
			return true;
	return false;
}

/* A party named at tokens [*first, *last] of sentence t (text s), by the
 * verb at token k, as the one that brought a case: "the case was brought
 * (in 2023) BY X", "in a case brought BY X", or "X (on Tuesday) lodged a
 * formal complaint", "X sued", "X, a consumer group, filed its
 * lawsuit". */
static bool party_at(const char *s, const struct tokens *t, size_t k, size_t *first,
		     size_t *last)
{
	if (!text_in_list(t->v[k].word, brought))
		return false;
	/* passive: a case said before the verb, "by" just after */
	bool case_before = says_case_near(t, k >= 6 ? k - 6 : 0, k);
	for (size_t b = k + 1; case_before && b < t->n && b <= k + 4; b++) {
		if (text_clause_break(s, t, b - 1))
			break;
		if (strcmp(t->v[b].word, "by") || b + 1 >= t->n)
			continue;
		*first = b + 1;
		*last = b + 1;
		while (*last + 1 < t->n && *last < b + 12 && !text_clause_break(s, t, *last))
			(*last)++;
		return true;
	}
	/* active: a capitalised name before the verb, past "on Tuesday" or
	 * an aside between commas; a case after it */
	if (!(!strcmp(t->v[k].word, "sued") || says_case_near(t, k + 1, k + 5)) || k == 0)
		return false;
	size_t end = k - 1;
	if (end >= 1 && text_date_word(t->v[end].word) && !strcmp(t->v[end - 1].word, "on"))
		end = end >= 2 ? end - 2 : 0;
	if (!t->v[end].capitalized) {
		/* (", a consumer group, filed": back to the name before the
		 * aside) */
		size_t c = end;
		while (c > 0 && s[t->v[c - 1].end] != ',')
			c--;
		if (c == 0 || s[t->v[end].end] != ',' || !t->v[c - 1].capitalized)
			return false;
		end = c - 1;
	}
	size_t start = text_name_start(s, t, end);
	if (!t->v[start].capitalized || text_is_stopword(t->v[start].word))
		return false;
	*first = start;
	*last = end;
	return true;
}

static const char *const verbs[] = { " brought", " filed", " files", " lodged", " lodges", " launched", " sued", " sues", NULL };

int claimant_answer(const struct kb *kb, const struct tokens *q, struct answer *out)
{
	static const struct pick_reading reading = {
		.phrase_at = party_at, .frames = framing_word, .same = text_same_name,
		.triggers = verbs,
	};
	return asks_claimant(q) ? pick_read(kb, q, &reading, out) : 1;
}
