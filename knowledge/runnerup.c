#include "knowledge/runnerup.h"

#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "knowledge/pick.h"

static const char *const placing[] = {
	"came", "finished", "placed", "come", "finish", "ended", NULL,
};
static const char *const beating[] = {
	"beat", "beating", "defeated", "defeating", "defeat", "ousted", "ousting", "unseated",
	"unseating", NULL,
};
/* words of the question that only frame it */
static const char *const framing[] = {
	"who", "came", "come", "finished", "finish", "placed", "second", "runner", "up",
	"beat", "defeat", "defeated", "silver", "place", NULL,
};

static bool framing_word(const char *w)
{
	return text_in_list(w, framing);
}

/* Does the question ask who came second ("who came/finished SECOND",
 * "who was (the) RUNNER-UP", "who took SILVER") or whom someone beat
 * ("who did she BEAT")? */
static bool asks_runnerup(const struct tokens *q)
{
	if (q->n < 2 || strcmp(q->v[0].word, "who"))
		return false;
	for (size_t i = 1; i < q->n; i++) {
		const char *w = q->v[i].word;
		if (!strcmp(w, "second") && text_in_list(q->v[i - 1].word, placing))
			return true;
		if (!strcmp(w, "runner") || !strcmp(w, "silver"))
			return true;
		/* "who DID she beat" asks the one beaten; "who beat her", the
		 * winner */
		if ((!strcmp(w, "beat") || !strcmp(w, "defeat")) &&
		    (!strcmp(q->v[1].word, "did") || !strcmp(q->v[1].word, "has") ||
		     !strcmp(q->v[1].word, "had")))
			return true;
	}
	return false;
}

/* The one sentence t (text s) says came second, at tokens [*first,
 * *last]: the name before "finished/came/placed second" or "took (the)
 * silver", or the name after "defeating", "beat", "edging out" past the
 * words that describe it ("the union's assistant secretary Craig
 * Mulvaney"). */
static bool second_at(const char *s, const struct tokens *t, size_t k, size_t *first,
		      size_t *last)
{
	const char *w = t->v[k].word;
	const char *next = k + 1 < t->n ? t->v[k + 1].word : "";
	bool second = text_in_list(w, placing) && !strcmp(next, "second");
	bool silver = !strcmp(w, "took") && (!strcmp(next, "silver") ||
					     (!strcmp(next, "the") && k + 2 < t->n &&
					      !strcmp(t->v[k + 2].word, "silver")));
	if (second || silver) {
		if (k == 0 || !t->v[k - 1].capitalized)
			return false;
		*last = k - 1;
		*first = text_name_start(s, t, k - 1);
		return t->v[*first].capitalized && !text_is_stopword(t->v[*first].word);
	}
	size_t from = k + 1;
	if (!strcmp(w, "edging") && !strcmp(next, "out"))
		from = k + 2;
	else if (!text_in_list(w, beating))
		return false;
	/* (past a description: "two-term incumbent Gerald Boyce") */
	size_t j = from;
	while (j < t->n && j < from + 6 && !t->v[j].capitalized && !t->v[j].number &&
	       !(j > from && s[t->v[j - 1].end] == ','))
		j++;
	if (j >= t->n || !t->v[j].capitalized)
		return false;
	*first = j;
	*last = j;
	while (*last + 1 < t->n && t->v[*last + 1].capitalized && s[t->v[*last].end] != ',')
		(*last)++;
	return true;
}

/* (every other word of the question: "who did MAN CITY beat IN THE
 * FINAL" is not whom they beat in the league) */
static bool says_every_word(const struct pick_run *x, size_t doc, const struct tokens *t,
			    int score)
{
	(void)doc;
	(void)t;
	return score >= pick_said(x->q, x->q, framing_word);
}

static const char *const placings[] = { "second", "silver", "defeat", "beat", "edging out", "ousted", "unseat", NULL };

int runnerup_answer(const struct kb *kb, const struct tokens *q, struct answer *out)
{
	static const struct pick_reading reading = {
		.phrase_at = second_at, .frames = framing_word, .sentence_ok = says_every_word,
		.same = text_same_name, .triggers = placings,
	};
	return asks_runnerup(q) ? pick_read(kb, q, &reading, out) : 1;
}
