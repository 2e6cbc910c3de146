#include "knowledge/deadline.h"

#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "knowledge/kb_build.h"
#include "knowledge/number.h"
#include "knowledge/pick.h"

static const char *const appealing[] = {
	"appeal", "appeals", "appealed", "appealing", NULL,
};
static const char *const having[] = {
	"have", "has", "had", "get", "gets", "got", "given", NULL,
};
/* words of the question that only frame it */
static const char *const framing[] = {
	"long", "have", "has", "got", "get", "gets", "given", "appeal", NULL,
};

static bool framing_word(const char *w)
{
	return text_in_list(w, framing);
}

/* "how long DO they HAVE to appeal", "how long HAS it GOT to": not "how
 * long did the hearing take". */
static bool asks_deadline(const struct tokens *q)
{
	return q->n >= 4 && !strcmp(q->v[0].word, "how") && !strcmp(q->v[1].word, "long") &&
	       text_says_any(q, having);
}

/* The time a party has to act, at tokens [*first, *last]: "has 30 DAYS
 * to", "have three MONTHS to". */
static bool time_at(const struct tokens *t, size_t k, size_t *first, size_t *last)
{
	static const char *const units[] = {
		"days", "weeks", "months", "years", "day", "week", "month", "year", NULL,
	};
	struct number_phrase np;
	if (k == 0 || !text_in_list(t->v[k - 1].word, having) || !number_parse(t, k, &np))
		return false;
	size_t unit = np.first + np.count;
	if (unit + 1 >= t->n || !text_in_list(t->v[unit].word, units) ||
	    strcmp(t->v[unit + 1].word, "to"))
		return false;
	*first = np.first;
	*last = unit;
	return true;
}

static bool time_at_token(const char *s, const struct tokens *t, size_t k, size_t *first,
			  size_t *last)
{
	(void)s;
	return time_at(t, k, first, last);
}

/* Is the sentence about what is asked: an appeal, when one is (this
 * sentence's, or the one before it: "has three months to lodge ONE"),
 * else a word of the question? */
static bool tied(const struct pick_run *x, size_t doc, const struct tokens *t, int score)
{
	if (!text_says_any(x->q, appealing))
		return score > 0;
	return text_says_any(t, appealing) ||
	       (kb_follows_in_paragraph(x->kb, doc) &&
		strstr(kb_sentence_at(x->kb, doc - 1, NULL)->text, "appeal"));
}

static const char *const times[] = { "days to", "weeks to", "months to", "years to", "day to", "week to", "month to", "year to", NULL };

int deadline_answer(const struct kb *kb, const struct tokens *q, struct answer *out)
{
	static const struct pick_reading reading = {
		.phrase_at = time_at_token, .frames = framing_word, .sentence_ok = tied,
		.same = text_same_name, .triggers = times,
	};
	return asks_deadline(q) ? pick_read(kb, q, &reading, out) : 1;
}
