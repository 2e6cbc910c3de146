#include "knowledge/margin.h"

#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "knowledge/kb_build.h"
#include "knowledge/number.h"
#include "knowledge/pick.h"

/* what a vote is, in the question ("how close was THE RACE") */
static const char *const contests[] = {
	"it", "race", "vote", "result", "election", "contest", "ballot", "count", "runoff", NULL,
};
/* words of the question that only frame it */
static const char *const framing[] = {
	"margin", "winning", "close", "votes", "vote", "many", "final", "victory", NULL,
};

/* Does the question ask a vote's margin: "what was the (winning)
 * MARGIN", "how many votes was the margin", "how CLOSE was it / the
 * race", "how many votes SEPARATED them"? */
static bool asks_margin(const struct tokens *q)
{
	/* ("the margin you NEED for a recount": a rule, not a result) */
	static const char *const rules[] = {
		"need", "needs", "needed", "required", "require", "requires", "threshold", NULL,
	};
	for (size_t i = 0; i < q->n; i++)
		if (text_in_list(q->v[i].word, rules))
			return false;
	for (size_t i = 0; i < q->n; i++)
		if (!strcmp(q->v[i].word, "margin") || !strcmp(q->v[i].word, "separated"))
			return true;
	/* ("how close was the ASTEROID" asks a distance) */
	if (q->n < 3 || strcmp(q->v[0].word, "how") || strcmp(q->v[1].word, "close"))
		return false;
	for (size_t i = 2; i < q->n; i++)
		if (!text_is_stopword(q->v[i].word) && !text_in_list(q->v[i].word, contests))
			return false;
	return true;
}

/* A margin in votes at tokens [*first, *last] of t: "by (just) 412
 * votes", "a majority/margin of 3,087 (votes)", "161 votes ahead", "62,000
 * votes separated". */
static bool margin_at(const struct tokens *t, size_t k, size_t *first, size_t *last)
{
	struct number_phrase np;
	if (!number_parse(t, k, &np) || np.value < 2)
		return false;
	size_t after = np.first + np.count;
	bool votes = after < t->n && !strcmp(t->v[after].word, "votes");
	size_t end = votes ? after : after - 1;
	const char *next = end + 1 < t->n ? t->v[end + 1].word : "";
	*first = np.first;
	*last = end;
	/* "a majority OF / margin OF N" */
	if (np.first >= 2 && !strcmp(t->v[np.first - 1].word, "of") &&
	    (!strcmp(t->v[np.first - 2].word, "majority") ||
	     !strcmp(t->v[np.first - 2].word, "margin")) &&
	    (votes || after >= t->n || text_is_stopword(t->v[after].word))) {
		*first = np.first - 2;
		return true;
	}
	/* "BY (just) N votes" */
	static const char *const hedges[] = {
		"just", "only", "barely", "a", "mere", "some", "about", "around", "nearly",
		"almost", "over", "more", "fewer", "less", "than", NULL,
	};
	size_t by = np.first;
	while (by > 0 && by + 3 > np.first && text_in_list(t->v[by - 1].word, hedges))
		by--;
	if (votes && by >= 1 && !strcmp(t->v[by - 1].word, "by")) {
		*first = by - 1;
		/* ("by 104 votes TO 92": the tally) */
		if (!strcmp(next, "to") && end + 2 < t->n && t->v[end + 2].number)
			*last = end + 2;
		return true;
	}
	/* "N votes AHEAD", "N votes SEPARATED" */
	if (votes && (!strcmp(next, "ahead") || !strcmp(next, "separated"))) {
		*last = end + 1;
		return true;
	}
	return false;
}

static bool framing_word(const char *w)
{
	return text_in_list(w, framing);
}

static bool margin_at_token(const char *s, const struct tokens *t, size_t k, size_t *first,
			    size_t *last)
{
	(void)s;
	return margin_at(t, k, first, last);
}

static const char *const margins[] = { " votes", "majority of", "margin of", NULL };

int margin_answer(const struct kb *kb, const struct tokens *q, struct answer *out)
{
	static const struct pick_reading reading = {
		.phrase_at = margin_at_token, .frames = framing_word, .same = text_same_name,
		.triggers = margins,
	};
	return asks_margin(q) ? pick_read(kb, q, &reading, out) : 1;
}
