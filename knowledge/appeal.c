#include "knowledge/appeal.h"

#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "knowledge/kb_build.h"
#include "knowledge/number.h"
#include "knowledge/pick.h"

enum asked { ASKS_NOTHING, ASKS_TIME, ASKS_WHETHER };

static const char *const appealing[] = {
	"appeal", "appeals", "appealed", "appealing", "challenge", NULL,
};
/* words of the question that only frame it */
static const char *const framing[] = {
	"appeal", "appeals", "long", "going", "will", "plan", "planning", "again", "further",
	"got", "get", "have", "has", "lodge", "file", "challenge", "seek", NULL,
};

static bool framing_word(const char *w)
{
	return text_in_list(w, framing);
}

static bool says(const struct tokens *t, const char *const *words)
{
	for (size_t k = 0; k < t->n; k++)
		if (text_in_list(t->v[k].word, words))
			return true;
	return false;
}

/* "how long do they have to APPEAL" asks the time; "are they going to /
 * will they / do they plan to APPEAL" whether they will. */
static enum asked asked(const struct tokens *q)
{
	static const char *const auxes[] = { "are", "is", "will", "do", "does", NULL };
	if (!says(q, appealing) || q->n < 3)
		return ASKS_NOTHING;
	/* ("how long HAS it GOT to appeal", not "how long did the appeal
	 * hearing take") */
	static const char *const having[] = { "have", "has", "got", "get", "gets", NULL };
	if (!strcmp(q->v[0].word, "how") && !strcmp(q->v[1].word, "long"))
		return says(q, having) ? ASKS_TIME : ASKS_NOTHING;
	return text_in_list(q->v[0].word, auxes) ? ASKS_WHETHER : ASKS_NOTHING;
}

/* The time a party has to appeal, at tokens [*first, *last]: "has 30
 * DAYS to", "have three MONTHS to". */
static bool time_at(const struct tokens *t, size_t k, size_t *first, size_t *last)
{
	static const char *const having[] = {
		"has", "have", "had", "gets", "get", "got", "given", NULL,
	};
	static const char *const units[] = {
		"days", "weeks", "months", "day", "week", "month", NULL,
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

/* What sentence t says of an appeal to come: +1 it will ("said it would
 * appeal", "plans to appeal"), -1 it will not, 0 undecided ("deciding
 * whether to appeal", "considering an appeal", "did not say whether"),
 * or 2 nothing. */
static int whether(const struct tokens *t)
{
	/* (not "did not say WHETHER": that the article does not know) */
	static const char *const weighing[] = {
		"deciding", "decide", "decided", "consider", "considering", "considers", "weighing",
		NULL,
	};
	static const char *const intending[] = {
		"would", "will", "plans", "planned", "intends", "intended", NULL,
	};
	if (!says(t, appealing))
		return 2;
	for (size_t k = 0; k < t->n; k++)
		if (text_in_list(t->v[k].word, weighing))
			return 0;
	for (size_t k = 0; k + 1 < t->n; k++) {
		/* ("did not say WHETHER it would appeal": no intent said) */
		if (!strcmp(t->v[k].word, "whether"))
			return 2;
		if (!text_in_list(t->v[k].word, intending))
			continue;
		size_t v = k + 1;
		bool denied = text_denial_at(t, v);
		if (denied)
			v++;
		if (v < t->n && text_in_list(t->v[v].word, appealing))
			return denied ? -1 : 1;
	}
	return 2;
}

struct run {
	struct pick_run base;
	enum asked what;
	int said;      /* for ASKS_WHETHER: what the chosen sentence says */
	bool differ;   /* two sentences say different things */
};

static void offer(void *user, size_t doc, const char *s, const struct tokens *t)
{
	struct run *x = user;
	(void)s;
	int score = pick_said(x->base.q, t, framing_word);
	if (x->what == ASKS_WHETHER) {
		int w = whether(t);
		if (w == 2)
			return;
		if (x->base.best.doc >= 0 && w != x->said && score == x->base.best.score)
			x->differ = true;
		if (score > x->base.best.score) {
			x->said = w;
			x->differ = false;
		}
		pick_offer(&x->base.best, x->base.kb, doc, 0, 0, score, pick_same_name);
		return;
	}
	bool appeal_here = says(t, appealing);
	for (size_t k = 0; k < t->n; k++) {
		size_t first, last;
		/* ("has three months to lodge ONE": the appeal of the sentence
		 * before) */
		if (time_at(t, k, &first, &last) &&
		    (appeal_here || (kb_follows_in_paragraph(x->base.kb, doc) &&
				     strstr(kb_sentence_at(x->base.kb, doc - 1, NULL)->text, "appeal"))))
			pick_offer(&x->base.best, x->base.kb, doc, t->v[first].start,
				   t->v[last].end - t->v[first].start, score, pick_same_name);
	}
}

int appeal_answer(const struct kb *kb, const struct tokens *q, struct answer *out)
{
	struct run x = { .base = { .kb = kb, .q = q, .best = PICK_NONE }, .what = asked(q) };
	if (x.what == ASKS_NOTHING)
		return 1;
	if (pick_each_sentence(kb, offer, &x) < 0)
		return BB_ENOMEM;
	if (x.what == ASKS_TIME)
		return pick_answer(&x.base.best, kb, out);
	if (x.base.best.doc < 0 || x.differ)
		return 1;
	const struct kb_article *art;
	const struct kb_sentence *s = kb_sentence_at(kb, (size_t)x.base.best.doc, &art);
	return answer_phrase(out, art, s,
			     x.said > 0 ? "Yes — " : x.said < 0 ? "No — " : "Undecided — ", s->text,
			     strlen(s->text));
}
