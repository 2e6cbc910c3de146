#include "knowledge/unanimity.h"

#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "knowledge/kb_build.h"
#include "knowledge/number.h"
#include "knowledge/pick.h"

enum asked { ASKS_NOTHING, ASKS_WHETHER, ASKS_TALLY };

static const char *const unanimous[] = { "unanimous", "unanimously", NULL };
/* words for who votes on a ruling, one of which a tally's sentence says */
static const char *const benches[] = {
	"judge", "judges", "justice", "justices", "panel", "court", "bench", "majority",
	"dissent", "dissenting", "ruled", "ruling", NULL,
};
/* words that only frame the question: a vote, the ruling it made */
static const char *const framing[] = {
	"unanimous", "unanimously", "decision", "ruling", "judgment", "judgement", "verdict",
	"vote", "judges", "judge", "justices", "court", "panel", "bench", "split", "among",
	"final", "appeal", NULL,
};

/* What the question asks: "was it unanimous" (whether), or "how did
 * the judges split", "what was the vote among the judges" (the tally). */
static enum asked asked(const struct tokens *q)
{
	static const char *const auxes[] = {
		"was", "were", "is", "are", "did", "has", "had", NULL,
	};
	bool says_unanimous = false, says_bench = false, says_split = false,
	     says_vote = false;
	for (size_t i = 0; i < q->n; i++) {
		says_unanimous |= text_in_list(q->v[i].word, unanimous);
		says_bench |= text_in_list(q->v[i].word, benches);
		says_split |= !strcmp(q->v[i].word, "split");
		says_vote |= !strcmp(q->v[i].word, "vote");
	}
	if (q->n > 0 && text_in_list(q->v[0].word, auxes) && says_unanimous)
		return ASKS_WHETHER;
	if (q->n > 0 && (!strcmp(q->v[0].word, "how") || !strcmp(q->v[0].word, "what")) &&
	    says_bench && (says_split || says_vote))
		return ASKS_TALLY;
	return ASKS_NOTHING;
}

/* The value of a small count at token i ("2", "two"), or 0. */
static int count_at(const struct tokens *t, size_t i)
{
	struct number_phrase np;
	/* ("two to ONE": number_parse reads no lone "one", mostly a
	 * pronoun) */
	if (i < t->n && !strcmp(t->v[i].word, "one"))
		return 1;
	if (i >= t->n || !number_parse(t, i, &np) || np.count != 1 || np.approximate ||
	    np.value < 1 || np.value > 30 || np.value != (int)np.value)
		return 0;
	return (int)np.value;
}

/* A split tally in t: "two to one", "2-1", "three votes to two", the
 * larger side first. Sets [*first, *last] to its tokens. */
static bool tally(const struct tokens *t, size_t *first, size_t *last)
{
	for (size_t i = 0; i + 1 < t->n; i++) {
		int more = count_at(t, i);
		if (!more)
			continue;
		size_t k = i + 1;
		if (k < t->n && (!strcmp(t->v[k].word, "votes") || !strcmp(t->v[k].word, "vote")))
			k++;
		/* "2-1": the second count glued on by the hyphen */
		bool glued = t->v[i + 1].joined && k == i + 1;
		if (!glued && !(k < t->n && !strcmp(t->v[k].word, "to")))
			continue;
		size_t at = glued ? k : k + 1;
		int fewer = count_at(t, at);
		if (fewer && fewer < more) {
			*first = i;
			*last = at;
			return true;
		}
	}
	return false;
}

/* What sentence t says of a vote: +1 unanimous, -1 split or "not
 * unanimous" (with the tally's tokens, when it gives one), 0 nothing. */
static int verdict_of(const struct tokens *t, size_t *first, size_t *last)
{
	*first = *last = t->n;
	for (size_t i = 0; i < t->n; i++)
		if (text_in_list(t->v[i].word, unanimous))
			return text_denied_at(t, i) ? -1 : 1;
	bool bench = false;
	for (size_t i = 0; i < t->n && !bench; i++)
		bench = text_in_list(t->v[i].word, benches);
	return bench && tally(t, first, last) ? -1 : 0;
}

static bool framing_word(const char *w)
{
	return text_in_list(w, framing);
}

/* (what a sentence that says how a bench voted holds: see pick.h) */
static const char *const votes[] = {
	"unanimous", " to one", " to two", " to three", " to four", " to five", " to six",
	"-1", "-2", "-3", "-4", "-5", "-6", NULL,
};

/* What the sentences that say it have said. */
struct verdict {
	const struct tokens *q;
	int found;           /* +1 or -1 once a sentence says; 2 when they differ */
	size_t doc, first, last;  /* where: the sentence, and its tally's bytes */
};

static void weigh(void *user, size_t doc, const char *s, const struct tokens *t)
{
	struct verdict *v = user;
	(void)s;
	size_t f, l;
	int says = verdict_of(t, &f, &l);
	/* (every other word of the question: "was the TARIFF vote
	 * unanimous") */
	if (!says || v->found == 2 ||
	    pick_said(v->q, t, framing_word) < pick_said(v->q, v->q, framing_word))
		return;
	if (v->found && says != v->found) {
		v->found = 2;
	} else if (!v->found || (l < t->n && v->last == 0)) {
		/* (the first sentence that says, or the first that gives the
		 * tally) */
		v->found = says;
		v->doc = doc;
		v->first = t->v[f < t->n ? f : 0].start;
		v->last = l < t->n ? t->v[l].end : 0;
	}
}

int unanimity_answer(const struct kb *kb, const struct tokens *q, struct answer *out)
{
	enum asked what = asked(q);
	if (what == ASKS_NOTHING)
		return 1;
	struct verdict v = { .q = q };
	if (pick_each_sentence(kb, votes, weigh, &v) < 0)
		return BB_ENOMEM;
	if (v.found != 1 && v.found != -1)
		return 1;
	const struct kb_article *art;
	const struct kb_sentence *s = kb_sentence_at(kb, v.doc, &art);
	if (what == ASKS_WHETHER)
		return answer_phrase(out, art, s, v.found > 0 ? "Yes — " : "No — ", s->text,
				     strlen(s->text));
	if (v.found > 0)
		return answer_phrase(out, art, s, "", "unanimously", strlen("unanimously"));
	if (v.last > 0)
		return answer_phrase(out, art, s, "", s->text + v.first, v.last - v.first);
	return answer_phrase(out, art, s, "Not unanimously: ", s->text, strlen(s->text));
}
