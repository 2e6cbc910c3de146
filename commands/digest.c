#include "commands/digest.h"

#include <stdio.h>
#include <string.h>

#include "commands/cmd.h"
#include "common/error.h"

static bool is_key_relation(const struct kb_relation *rel)
{
	if (rel->extracted || rel->negated)
		return false;
	return rel->predicate == KB_BACKS || rel->predicate == KB_ALLIED_WITH ||
	       rel->predicate == KB_OPPOSES;
}

/* True if the entity (by name or alias) is named in text, ignoring case. */
static bool named_in(const struct kb_entity *e, const char *text)
{
	if (strcasestr(text, e->name))
		return true;
	for (size_t i = 0; i < e->n_aliases; i++)
		if (strlen(e->aliases[i]) > 2 && strcasestr(text, e->aliases[i]))
			return true;
	return false;
}

/* How central a relation is: 2 if both sides are named in what is at
 * stake (the stakes and their sentences), 1 if one is, else 0. */
static int centrality(const struct kb_relation *rel, const char *stakes)
{
	return named_in(rel->subject, stakes) + named_in(rel->object, stakes);
}

/* The citation mark " [n]" or "" if the fact has no sentence. */
static void cite_mark(struct reply *out, const struct kb_cite *c, char *buf, size_t size)
{
	size_t n = cmd_cite(out, c);
	if (n)
		snprintf(buf, size, " [%zu]", n);
	else
		buf[0] = '\0';
}

/* Adds up to max curated backs / allied / opposes relations, those about
 * the actors named in `stakes` first. */
static void add_key_relations(const struct kb *kb, const char *stakes, size_t max,
			      struct reply *out)
{
	char m[24];
	size_t n = 0;
	for (int want = 2; want >= 0; want--) {
		for (size_t i = 0; i < kb_relation_count(kb) && n < max; i++) {
			const struct kb_relation *rel = kb_relation_at(kb, i);
			if (!is_key_relation(rel) || centrality(rel, stakes) != want)
				continue;
			cite_mark(out, &rel->cite, m, sizeof m);
			const char *object = rel->object_text && *rel->object_text
						     ? rel->object_text : rel->object->name;
			reply_add_itemf(out, "%s %s %s%s", rel->subject->name,
					kb_predicate_phrase(rel->predicate, false), object, m);
			n++;
		}
	}
}

int digest_build(const struct kb *kb, const struct digest_opts *opts, struct reply *out)
{
	if (!kb)
		return BB_EINVAL;
	struct digest_opts o = { DIGEST_MAX_RELATIONS, DIGEST_MAX_STAKES, DIGEST_MAX_EVENTS };
	if (opts)
		o = *opts;
	struct strbuf sb = {0};
	size_t n_articles = kb_article_count(kb);
	reply_set_title(out, "Briefing");
	for (size_t i = 0; i < n_articles; i++) {
		strbuf_truncate(&sb, 0);
		strbuf_puts(&sb, "From ");
		cmd_article_label(&sb, kb_article_at(kb, i));
		strbuf_putc(&sb, '.');
		reply_add_paragraph(out, strbuf_str(&sb));
	}
	if (n_articles == 0)
		reply_add_paragraph(out, "The knowledge base has no articles yet.");
	strbuf_truncate(&sb, 0);
	for (size_t i = 0; i < kb_stake_count(kb); i++) {
		const struct kb_stake *st = kb_stake_at(kb, i);
		strbuf_printf(&sb, "%s\n%s\n", st->text,
			      st->cite.sentence ? st->cite.sentence->text : "");
	}
	add_key_relations(kb, strbuf_str(&sb), o.max_relations, out);
	char m[24];
	for (size_t i = 0; i < kb_stake_count(kb) && i < o.max_stakes; i++) {
		const struct kb_stake *st = kb_stake_at(kb, i);
		cite_mark(out, &st->cite, m, sizeof m);
		reply_add_itemf(out, "At stake in %s: %s%s", st->place ? st->place->name : "?", st->text, m);
	}
	for (size_t i = 0; i < kb_event_count(kb) && i < o.max_events; i++) {
		const struct kb_event *ev = kb_event_at(kb, i);
		cite_mark(out, &ev->cite, m, sizeof m);
		reply_add_itemf(out, "%s: %s%s", ev->when, ev->text, m);
	}
	bool failed = strbuf_failed(&sb) || out->failed;
	strbuf_free(&sb);
	return failed ? BB_ENOMEM : 0;
}
