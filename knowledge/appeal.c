#include "knowledge/appeal.h"

#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "knowledge/kb_build.h"
#include "knowledge/pick.h"


static const char *const appealing[] = {
	"appeal", "appeals", "appealed", "appealing", "challenge", NULL,
};
/* words of the question that only frame it */
static const char *const framing[] = {
	"appeal", "appeals", "going", "will", "plan", "planning", "again", "further",
	"challenge", NULL,
};

static bool framing_word(const char *w)
{
	return text_in_list(w, framing);
}

/* Does the question ask whether a party will appeal: "are they going
 * to / will they / do they plan to APPEAL"? (How long they have to is
 * deadline.h's.) */
static bool asks_whether(const struct tokens *q)
{
	static const char *const auxes[] = { "are", "is", "will", "do", "does", NULL };
	return q->n >= 3 && text_in_list(q->v[0].word, auxes) && text_says_any(q, appealing);
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
	if (!text_says_any(t, appealing))
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
	int said;      /* what the chosen sentence says */
	bool differ;   /* two sentences say different things */
};

static void offer(void *user, size_t doc, const char *s, const struct tokens *t)
{
	struct run *x = user;
	(void)s;
	int score = pick_said(x->base.q, t, framing_word);
	int w = whether(t);
	if (w == 2)
		return;
	if (x->base.best.doc >= 0 && w != x->said && score == x->base.best.score)
		x->differ = true;
	if (score > x->base.best.score) {
		x->said = w;
		x->differ = false;
	}
	pick_offer(&x->base.best, x->base.kb, doc, 0, 0, score, text_same_name);
}

int appeal_answer(const struct kb *kb, const struct tokens *q, struct answer *out)
{
	if (!asks_whether(q))
		return 1;
	struct run x = { .base = { .kb = kb, .q = q, .best = PICK_NONE } };
	if (pick_each_sentence(kb, appealing, offer, &x) < 0)
		return BB_ENOMEM;
	if (x.base.best.doc < 0 || x.differ)
		return 1;
	const struct kb_article *art;
	const struct kb_sentence *s = kb_sentence_at(kb, (size_t)x.base.best.doc, &art);
	return answer_phrase(out, art, s,
			     x.said > 0 ? "Yes — " : x.said < 0 ? "No — " : "Undecided — ", s->text,
			     strlen(s->text));
}
