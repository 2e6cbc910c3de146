/* backs, stakes, whois, quotes, timeline: curated facts, each with the
 * sentence it rests on. */
#include "commands/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "knowledge/kb_facts.h"

static bool same_entity(const struct kb_entity *a, const struct kb_entity *b)
{
	return a && b && (a == b || strcmp(a->id, b->id) == 0);
}

/* " [3]" for citation number n, "" for none. */
static const char *mark(char *buf, size_t size, size_t n)
{
	if (n == 0)
		return "";
	snprintf(buf, size, " [%zu]", n);
	return buf;
}

/* A fact as a list item, phrased by kb_facts_text (the article's own
 * words for a relation's object when they are more precise; quoted words
 * in quotation marks, a reported view as reported), with its citation. */
static void add_fact_item(struct reply *out, const struct kb_fact *f)
{
	char m[24];
	size_t n = cmd_cite(out, f->cite);
	struct strbuf sb = {0};
	kb_facts_text(f, &sb);
	if (strbuf_failed(&sb))
		out->failed = true;
	else
		reply_add_itemf(out, "%s%s", strbuf_str(&sb), mark(m, sizeof m, n));
	strbuf_free(&sb);
}

static void add_relation_item(struct reply *out, const struct kb_relation *rel)
{
	struct kb_fact f = { .kind = KB_FACT_RELATION, .relation = rel, .cite = &rel->cite };
	add_fact_item(out, &f);
}

/* Looks up `name`; on a miss, says so plainly and returns NULL. */
static const struct kb_entity *find_or_say(const struct cmd_ctx *ctx, const char *name,
					   struct reply *out)
{
	const struct kb_entity *e = kb_entity_find(ctx->kb, name);
	if (!e)
		reply_add_paragraphf(out, "The article doesn't mention “%s”. Try %sbacks "
				     "for the actors it covers.", name, ctx->prefix);
	return e;
}

static bool is_alignment(enum kb_predicate p)
{
	return p == KB_BACKS || p == KB_ALLIED_WITH || p == KB_OPPOSES || p == KB_FIGHTS;
}

static bool is_support(enum kb_predicate p)
{
	return p == KB_BACKS || p == KB_ALLIED_WITH;
}

/* Adds the relations that pass `keep` for entity e; returns how many. */
static size_t add_relations(const struct kb *kb, const struct kb_entity *e, bool as_subject,
			    bool (*keep)(enum kb_predicate), struct reply *out)
{
	size_t added = 0;
	for (size_t i = 0; i < kb_relation_count(kb); i++) {
		const struct kb_relation *rel = kb_relation_at(kb, i);
		const struct kb_entity *side = as_subject ? rel->subject : rel->object;
		if (!keep(rel->predicate) || (e && !same_entity(side, e)))
			continue;
		add_relation_item(out, rel);
		added++;
	}
	return added;
}

static bool is_opposition(enum kb_predicate p)
{
	return p == KB_OPPOSES || p == KB_FIGHTS;
}

int cmd_backs(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->kb)
		return cmd_no_kb(out);
	const char *actor = cmd_arg(ctx, 0);
	if (!actor) {
		reply_set_title(out, "Who backs whom");
		if (add_relations(ctx->kb, NULL, true, is_alignment, out) == 0)
			reply_add_paragraph(out, "The article names no backers, allies or opponents.");
		else
			reply_add_paragraphf(out, "%sbacks ACTOR narrows this to one actor.", ctx->prefix);
		return 0;
	}
	const struct kb_entity *e = find_or_say(ctx, actor, out);
	if (!e)
		return 0;
	reply_set_title(out, e->name);
	size_t n = add_relations(ctx->kb, e, true, is_support, out);
	n += add_relations(ctx->kb, e, false, is_support, out);
	n += add_relations(ctx->kb, e, true, is_opposition, out);
	n += add_relations(ctx->kb, e, false, is_opposition, out);
	if (n == 0)
		reply_add_paragraphf(out, "The article names no one %s backs, no one backing it "
				     "and no one it opposes.", e->name);
	return 0;
}

int cmd_stakes(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->kb)
		return cmd_no_kb(out);
	const char *place = cmd_arg(ctx, 0);
	const struct kb_entity *e = find_or_say(ctx, place ? place : "Idlib", out);
	if (!e)
		return 0;
	struct strbuf title = {0};
	strbuf_printf(&title, "What is at stake in %s", e->name);
	reply_set_title(out, strbuf_str(&title));
	strbuf_free(&title);
	size_t found = 0;
	for (size_t i = 0; i < kb_stake_count(ctx->kb); i++) {
		const struct kb_stake *st = kb_stake_at(ctx->kb, i);
		if (!same_entity(st->place, e))
			continue;
		char m[24];
		size_t n = cmd_cite(out, &st->cite);
		reply_add_itemf(out, "%s%s", st->text, mark(m, sizeof m, n));
		found++;
	}
	if (found == 0)
		reply_add_paragraphf(out, "The article says nothing about what is at stake in %s.",
				     e->name);
	return 0;
}

static void add_quote_item(struct reply *out, const struct kb_quote *q)
{
	struct kb_fact f = { .kind = KB_FACT_QUOTE, .quote = q, .cite = &q->cite };
	add_fact_item(out, &f);
}

static bool any_predicate(enum kb_predicate p)
{
	return true;
}

int cmd_whois(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->kb)
		return cmd_no_kb(out);
	const struct kb_entity *e = find_or_say(ctx, cmd_arg(ctx, 0), out);
	if (!e)
		return 0;
	reply_set_title(out, e->name);
	char m[24];
	size_t n = cmd_cite(out, &e->cite);
	bool role = e->role && *e->role;
	if (e->description && *e->description)
		reply_add_paragraphf(out, "%s%s%s%s", role ? e->role : "", role ? ". " : "",
				     e->description, mark(m, sizeof m, n));
	else if (role)
		reply_add_paragraphf(out, "%s%s", e->role, mark(m, sizeof m, n));
	if (e->n_aliases > 0) {
		struct strbuf sb = {0};
		for (size_t i = 0; i < e->n_aliases; i++)
			strbuf_printf(&sb, "%s%s", i ? ", " : "", e->aliases[i]);
		reply_add_paragraphf(out, "Also called: %s.", strbuf_str(&sb));
		if (strbuf_failed(&sb))
			out->failed = true;
		strbuf_free(&sb);
	}
	size_t facts = add_relations(ctx->kb, e, true, any_predicate, out);
	facts += add_relations(ctx->kb, e, false, any_predicate, out);
	for (size_t i = 0; i < kb_quote_count(ctx->kb); i++) {
		const struct kb_quote *q = kb_quote_at(ctx->kb, i);
		if (same_entity(q->speaker, e)) {
			add_quote_item(out, q);
			facts++;
		}
	}
	if (facts == 0 && n == 0)
		reply_add_paragraph(out, "The article says nothing more about it.");
	return 0;
}

int cmd_quotes(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->kb)
		return cmd_no_kb(out);
	const char *person = cmd_arg(ctx, 0);
	const struct kb_entity *e = NULL;
	if (person && !(e = find_or_say(ctx, person, out)))
		return 0;
	reply_set_title(out, e ? e->name : "Who said what");
	size_t found = 0;
	for (size_t i = 0; i < kb_quote_count(ctx->kb); i++) {
		const struct kb_quote *q = kb_quote_at(ctx->kb, i);
		if (e && !same_entity(q->speaker, e))
			continue;
		add_quote_item(out, q);
		found++;
	}
	if (found == 0)
		reply_add_paragraphf(out, "The article has no quotes from %s.", e ? e->name : "anyone");
	return 0;
}

/* Orders events by resolved date ("2020" < "2021-09-29" < "2021-12"),
 * undated ones last, keeping the article's order among equals. */
static void sort_events(const struct kb *kb, const struct kb_event **ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ev[i] = kb_event_at(kb, i);
	for (size_t i = 1; i < n; i++) {
		const struct kb_event *cur = ev[i];
		size_t j = i;
		while (j > 0) {
			const char *a = ev[j - 1]->date, *b = cur->date;
			bool a_dated = a && *a, b_dated = b && *b;
			bool later = a_dated ? b_dated && strcmp(a, b) > 0 : b_dated;
			if (!later)
				break;
			ev[j] = ev[j - 1];
			j--;
		}
		ev[j] = cur;
	}
}

int cmd_timeline(const struct cmd_ctx *ctx, struct reply *out)
{
	if (!ctx->kb)
		return cmd_no_kb(out);
	reply_set_title(out, "Timeline");
	size_t count = kb_event_count(ctx->kb);
	const struct kb_event **ev = calloc(count ? count : 1, sizeof *ev);
	if (!ev)
		return BB_ENOMEM;
	sort_events(ctx->kb, ev, count);
	for (size_t i = 0; i < count; i++) {
		char m[24];
		size_t n = cmd_cite(out, &ev[i]->cite);
		const char *date = ev[i]->date;
		bool dated = date && *date && strcmp(date, ev[i]->when) != 0;
		bool place = ev[i]->place != NULL;
		reply_add_itemf(out, "%s%s%s%s: %s%s%s%s", dated ? date : "", dated ? " (" : "",
				ev[i]->when, dated ? ")" : "", ev[i]->text,
				place ? " — " : "", place ? ev[i]->place->name : "",
				mark(m, sizeof m, n));
	}
	free(ev);
	if (count == 0)
		reply_add_paragraph(out, "The article dates no events.");
	return 0;
}
