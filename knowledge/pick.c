#include "knowledge/pick.h"

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

int pick_answer(const struct pick *p, const struct kb *kb, struct answer *out)
{
	if (p->doc < 0 || p->tied)
		return 1;
	const struct kb_article *art;
	const struct kb_sentence *s = kb_sentence_at(kb, (size_t)p->doc, &art);
	return answer_phrase(out, art, s, "", s->text + p->start, p->len);
}
