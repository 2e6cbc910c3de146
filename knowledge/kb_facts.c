#include "knowledge/kb_facts.h"

static size_t kind_count(const struct kb *kb, unsigned bit)
{
	switch (bit) {
	case KB_FACT_RELATION: return kb_relation_count(kb);
	case KB_FACT_STAKE: return kb_stake_count(kb);
	case KB_FACT_QUOTE: return kb_quote_count(kb);
	case KB_FACT_EVENT: return kb_event_count(kb);
	case KB_FACT_NUMBER: return kb_number_count(kb);
	default: return 0;
	}
}

/* Fills *f with fact i of kind `bit`. */
static void fact_at(const struct kb *kb, unsigned bit, size_t i, struct kb_fact *f)
{
	*f = (struct kb_fact){ .kind = (enum kb_fact_kind)bit };
	switch (bit) {
	case KB_FACT_RELATION:
		f->relation = kb_relation_at(kb, i);
		f->cite = &f->relation->cite;
		break;
	case KB_FACT_STAKE:
		f->stake = kb_stake_at(kb, i);
		f->cite = &f->stake->cite;
		break;
	case KB_FACT_QUOTE:
		f->quote = kb_quote_at(kb, i);
		f->cite = &f->quote->cite;
		break;
	case KB_FACT_EVENT:
		f->event = kb_event_at(kb, i);
		f->cite = &f->event->cite;
		break;
	default:
		f->number = kb_number_at(kb, i);
		f->cite = &f->number->cite;
		break;
	}
}

void kb_facts_begin(struct kb_facts_iter *it, const struct kb *kb,
		    const struct kb_article *article, unsigned kinds)
{
	*it = (struct kb_facts_iter){ .kb = kb, .article = article, .kinds = kinds & KB_FACT_ALL,
				      .bit = 1 };
}

bool kb_facts_next(struct kb_facts_iter *it, struct kb_fact *out)
{
	if (!it->kb)
		return false;
	while (it->bit <= KB_FACT_NUMBER) {
		if (it->kinds & it->bit) {
			size_t n = kind_count(it->kb, it->bit);
			while (it->i < n) {
				fact_at(it->kb, it->bit, it->i++, out);
				if (!it->article || out->cite->article == it->article)
					return true;
			}
		}
		it->bit <<= 1;
		it->i = 0;
	}
	return false;
}

size_t kb_facts_count(const struct kb *kb, const struct kb_article *article, unsigned kinds)
{
	struct kb_facts_iter it;
	struct kb_fact f;
	size_t n = 0;
	kb_facts_begin(&it, kb, article, kinds);
	while (kb_facts_next(&it, &f))
		n++;
	return n;
}

static const char *name_of(const struct kb_entity *e)
{
	return e && e->name ? e->name : "?";
}

void kb_facts_text(const struct kb_fact *f, struct strbuf *sb)
{
	switch (f->kind) {
	case KB_FACT_RELATION: {
		const struct kb_relation *r = f->relation;
		const char *object = r->object_text && *r->object_text ? r->object_text
								       : name_of(r->object);
		strbuf_printf(sb, "%s %s %s", name_of(r->subject),
			      kb_predicate_phrase(r->predicate, r->negated), object);
		return;
	}
	case KB_FACT_STAKE:
		strbuf_printf(sb, "At stake in %s: %s", name_of(f->stake->place), f->stake->text);
		return;
	case KB_FACT_QUOTE: {
		const struct kb_quote *q = f->quote;
		const char *role = q->speaker ? q->speaker->role : NULL;
		strbuf_puts(sb, name_of(q->speaker));
		if (role && *role)
			strbuf_printf(sb, " (%s)", role);
		if (q->direct)
			strbuf_printf(sb, ": \xE2\x80\x9C%s\xE2\x80\x9D", q->text);
		else
			strbuf_printf(sb, ", as reported: %s", q->text);
		return;
	}
	case KB_FACT_EVENT:
		strbuf_printf(sb, "%s: %s", f->event->when, f->event->text);
		return;
	case KB_FACT_NUMBER:
		strbuf_printf(sb, "%s: %s", f->number->value, f->number->what);
		return;
	}
}
