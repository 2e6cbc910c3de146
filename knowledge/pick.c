#include "knowledge/pick.h"

#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "knowledge/kb_build.h"

void pick_offer(struct pick *p, const struct kb *kb, size_t doc, size_t start, size_t len,
		int score, pick_same_fn same)
{
	const char *text = kb_sentence_at(kb, doc, NULL)->text;
	if (score > p->score) {
		*p = (struct pick){ .doc = (long)doc, .start = start, .len = len, .score = score };
		return;
	}
	if (score == p->score &&
	    !same(kb_sentence_at(kb, (size_t)p->doc, NULL)->text + p->start, p->len,
		  text + start, len))
		p->tied = true;
}

bool pick_triggered(const char *s, const char *const *triggers)
{
	for (const char *const *p = triggers; p && *p; p++)
		if (strcasestr(s, *p))
			return true;
	return !triggers;
}

int pick_each_sentence(const struct kb *kb, const char *const *triggers, pick_sentence_fn fn,
		       void *user)
{
	for (size_t d = 0; d < kb_sentence_count(kb); d++) {
		const char *s = kb_sentence_at(kb, d, NULL)->text;
		if (!pick_triggered(s, triggers))
			continue;
		struct tokens t = {0};
		int rc = kb_tokenize(kb, s, &t);
		if (rc == 0)
			fn(user, d, s, &t);
		tokens_free(&t);
		if (rc < 0)
			return BB_ENOMEM;
	}
	return 0;
}

struct walk {
	struct pick_run run;
	const struct pick_reading *r;
};

static void offer_phrases(void *user, size_t doc, const char *s, const struct tokens *t)
{
	struct walk *w = user;
	int score = pick_said(w->run.q, t, w->r->frames);
	if (w->r->sentence_ok && !w->r->sentence_ok(&w->run, doc, t, score))
		return;
	for (size_t k = 0; k < t->n; k++) {
		size_t first, last;
		if (!w->r->phrase_at(s, t, k, &first, &last))
			continue;
		pick_offer(&w->run.best, w->run.kb, doc, t->v[first].start,
			   t->v[last].end - t->v[first].start, score, w->r->same);
		if (last > k)
			k = last;
	}
}

int pick_read(const struct kb *kb, const struct tokens *q, const struct pick_reading *r,
	      struct answer *out)
{
	struct walk w = { .run = { .kb = kb, .q = q, .best = PICK_NONE }, .r = r };
	if (pick_each_sentence(kb, r->triggers, offer_phrases, &w) < 0)
		return BB_ENOMEM;
	return pick_answer(&w.run.best, kb, out);
}

int pick_said(const struct tokens *q, const struct tokens *t, bool (*frames)(const char *word))
{
	int said = 0;
	for (size_t i = 0; i < q->n; i++) {
		if (text_is_stopword(q->v[i].word) || frames(q->v[i].word))
			continue;
		for (size_t k = 0; k < t->n; k++)
			if (!strcmp(t->v[k].stem, q->v[i].stem)) {
				said++;
				break;
			}
	}
	return said;
}

int pick_answer(const struct pick *p, const struct kb *kb, struct answer *out)
{
	if (p->doc < 0 || p->tied)
		return 1;
	const struct kb_article *art;
	const struct kb_sentence *s = kb_sentence_at(kb, (size_t)p->doc, &art);
	return answer_phrase(out, art, s, "", s->text + p->start, p->len);
}
