#include "commands/digest.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/cmd.h"
#include "commands/render.h"
#include "common/error.h"
#include "common/fnv.h"
#include "common/hex.h"
#include "knowledge/kb_facts.h"
#include "knowledge/reldate.h"

#define ELLIPSIS "\xE2\x80\xA6"
/* The full briefing keeps, when space runs out, its first article
 * headings, then relations, stakes and events in turn (the first of each,
 * then the second of each, ...), then the other headings. */
#define FULL_HEADINGS_FIRST 3
#define RANK_FACTS 100
#define RANK_LATE_HEADINGS 1000000
/* Lines in a row that did not fit after which the message counts as full
 * (bounds the work for a very long plan). */
#define FIT_MAX_MISSES 16

/* ---- a digest as lines, before it becomes a reply ---- */

enum line_kind {
	L_FIXED,    /* always kept: a notice, "nothing new" */
	L_ARTICLE,  /* an article heading */
	L_FACT,     /* a fact, with its citation */
};

struct line {
	enum line_kind kind;
	int rank;             /* lower is kept first; ties in line order */
	bool item;            /* a list item; else a paragraph */
	char *text;           /* without the citation mark */
	struct kb_cite cite;  /* sentence NULL: none */
	size_t head;          /* 1 + the index of its article's heading; 0: none */
};

/* The lines in the order they are shown. When the digest is too long for
 * one message, it keeps the lines of lowest rank that fit (fixed lines
 * always), still in that order. */
struct plan {
	const char *title;
	enum reply_kind kind;
	struct line *v;
	size_t n;
	int rank;     /* the rank plan_add gives the next line, then + 1 */
	size_t head;  /* the `head` plan_add gives fact lines */
	bool failed;
};

static void plan_add(struct plan *p, enum line_kind kind, bool item, const struct kb_cite *cite,
		     const struct strbuf *text)
{
	if (p->failed || strbuf_failed(text)) {
		p->failed = true;
		return;
	}
	char *copy = strdup(strbuf_str(text));
	struct line *grown = copy ? realloc(p->v, (p->n + 1) * sizeof *grown) : NULL;
	if (!grown) {
		free(copy);
		p->failed = true;
		return;
	}
	p->v = grown;
	int rank = kind == L_FIXED ? INT_MIN : p->rank++;
	p->v[p->n++] = (struct line){ kind, rank, item, copy, cite ? *cite : (struct kb_cite){0},
				      kind == L_FACT ? p->head : 0 };
}

static void plan_add_text(struct plan *p, enum line_kind kind, const char *text)
{
	struct strbuf sb = {0};
	strbuf_puts(&sb, text);
	plan_add(p, kind, false, NULL, &sb);
	strbuf_free(&sb);
}

static void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].text);
	free(p->v);
	*p = (struct plan){0};
}

/* Adds a fact as a list item: its phrasing, each relative date in it
 * followed by the date it means. An event shows its curated date, in place
 * of its "when" where that is a part of it. */
static void plan_fact(struct plan *p, const struct kb_fact *f)
{
	struct strbuf text = {0}, noted = {0};
	const char *date = f->cite->article ? f->cite->article->date : NULL;
	if (f->kind == KB_FACT_EVENT) {
		const struct kb_event *ev = f->event;
		/* "Wednesday" -> "Wednesday 29 September 2021"; "the end of this
		 * year" -> "the end of this year [December 2021]"; "late 2019"
		 * as it is */
		char when[64];
		bool dated = reldate_format_iso(ev->date, when, sizeof when) > 0;
		if (dated && *ev->when && strstr(when, ev->when))
			strbuf_puts(&noted, when);
		else if (dated && !strstr(ev->when, when))
			strbuf_printf(&noted, "%s [%s]", ev->when, when);
		else
			strbuf_puts(&noted, ev->when);
		strbuf_printf(&noted, ": %s", ev->text);
	} else {
		kb_facts_text(f, &text);
		if (reldate_annotate(strbuf_str(&text), date, &noted) < 0)
			p->failed = true;
	}
	plan_add(p, L_FACT, true, f->cite, &noted);
	strbuf_free(&text);
	strbuf_free(&noted);
}

/* ---- from lines to a reply that fits one message ---- */

/* Follows each relative date in the cited sentences with the date it
 * means, against the date of the sentence's article. */
static void annotate_citations(const struct kb *kb, struct reply *out)
{
	struct strbuf sb = {0};
	for (size_t i = 0; i < out->n_citations && !out->failed; i++) {
		struct reply_citation *c = &out->citations[i];
		const struct kb_article *a = kb_article_find(kb, c->article);
		strbuf_truncate(&sb, 0);
		int notes = reldate_annotate(c->text, a ? a->date : NULL, &sb);
		char *noted = notes > 0 ? strbuf_steal(&sb) : NULL;
		if (notes < 0 || (notes > 0 && !noted)) {
			out->failed = true;
		} else if (noted) {
			free(c->text);
			c->text = noted;
		}
	}
	strbuf_free(&sb);
}

/* "… and 3 more facts." for the lines not kept; "" if none. */
static void tail_text(const struct plan *p, const bool *kept, struct strbuf *sb)
{
	size_t facts = 0, articles = 0;
	for (size_t i = 0; i < p->n; i++) {
		if (kept[i])
			continue;
		if (p->v[i].kind == L_ARTICLE)
			articles++;
		else if (p->v[i].kind == L_FACT)
			facts++;
	}
	if (articles == 0 && facts == 0)
		return;
	strbuf_puts(sb, ELLIPSIS " and ");
	if (articles)
		strbuf_printf(sb, "%zu more article%s", articles, articles == 1 ? "" : "s");
	if (articles && facts)
		strbuf_puts(sb, ", ");
	if (facts)
		strbuf_printf(sb, "%zu more fact%s", facts, facts == 1 ? "" : "s");
	strbuf_putc(sb, '.');
}

/* Turns the kept lines (and the tail line for the rest) into out. */
static void materialize(const struct kb *kb, const struct plan *p, const bool *kept,
			struct reply *out)
{
	reply_free(out);
	reply_set_kind(out, p->kind);
	if (p->title)
		reply_set_title(out, p->title);
	struct strbuf sb = {0};
	for (size_t i = 0; i < p->n && !out->failed; i++) {
		const struct line *l = &p->v[i];
		if (!kept[i])
			continue;
		strbuf_truncate(&sb, 0);
		strbuf_puts(&sb, l->text);
		size_t n = cmd_cite(out, &l->cite);
		if (n)
			strbuf_printf(&sb, " [%zu]", n);
		if (strbuf_failed(&sb))
			out->failed = true;
		else if (l->item)
			reply_add_item(out, strbuf_str(&sb));
		else
			reply_add_paragraph(out, strbuf_str(&sb));
	}
	strbuf_truncate(&sb, 0);
	tail_text(p, kept, &sb);
	if (strbuf_failed(&sb))
		out->failed = true;
	else if (sb.len)
		reply_add_item(out, strbuf_str(&sb));
	strbuf_free(&sb);
	annotate_citations(kb, out);
}

/* True if r renders as one Discord message and one Matrix message. */
static bool fits_one_message(const struct reply *r)
{
	static const enum render_format fmts[] = { RENDER_DISCORD, RENDER_MATRIX };
	for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
		struct render_output o = {0};
		int rc = render_reply(r, fmts[i], 0, &o);
		size_t chunks = o.n_chunks;
		render_output_free(&o);
		if (rc == 0 && chunks > 1)
			return false;
	}
	return true;
}

struct ranked {
	int rank;
	size_t index;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Builds out from the plan: all of it if it fits one message, else the
 * fixed lines and then, best-ranked first, every line that still fits
 * with the tail line (a fact only under its article's heading). Returns 0
 * or BB_ENOMEM. */
static int plan_finish(const struct kb *kb, const struct plan *p, struct reply *out)
{
	if (p->failed)
		return BB_ENOMEM;
	bool *kept = calloc(p->n + 1, sizeof *kept);
	struct ranked *order = calloc(p->n + 1, sizeof *order);
	if (!kept || !order) {
		out->failed = true;
		goto out;
	}
	for (size_t i = 0; i < p->n; i++) {
		kept[i] = true;
		order[i] = (struct ranked){ p->v[i].rank, i };
	}
	materialize(kb, p, kept, out);
	if (out->failed || fits_one_message(out))
		goto out;
	qsort(order, p->n, sizeof *order, cmp_ranked);
	for (size_t i = 0; i < p->n; i++)
		kept[i] = p->v[i].kind == L_FIXED;
	size_t misses = 0;
	for (size_t k = 0; k < p->n && misses < FIT_MAX_MISSES; k++) {
		size_t next = order[k].index;
		if (kept[next] || (p->v[next].head && !kept[p->v[next].head - 1]))
			continue;
		kept[next] = true;
		materialize(kb, p, kept, out);
		if (out->failed)
			goto out;
		kept[next] = fits_one_message(out);
		misses = kept[next] ? 0 : misses + 1;
	}
	materialize(kb, p, kept, out);
out:
	free(kept);
	free(order);
	return out->failed ? BB_ENOMEM : 0;
}

/* ---- the full briefing ---- */

/* True if the entity (by name or alias) is named in text, ignoring case. */
static bool named_in(const struct kb_entity *e, const char *text)
{
	if (!e)
		return false;
	if (strcasestr(text, e->name))
		return true;
	for (size_t i = 0; i < e->n_aliases; i++)
		if (strlen(e->aliases[i]) > 2 && strcasestr(text, e->aliases[i]))
			return true;
	return false;
}

/* How well a relation sums things up: curated before extracted, then
 * backs / allied / opposes before other predicates, then how central it
 * is: both sides named in what is at stake (`stakes`: the stakes and their
 * sentences) before one, before none. 0 .. 11; 9 and up are the curated
 * key relations. */
#define RANK_CURATED_KEY 9
static int relation_rank(const struct kb_relation *r, const char *stakes)
{
	bool key = !r->negated && (r->predicate == KB_BACKS || r->predicate == KB_ALLIED_WITH ||
				   r->predicate == KB_OPPOSES);
	return (r->extracted ? 0 : 6) + (key ? 3 : 0) + named_in(r->subject, stakes) +
	       named_in(r->object, stakes);
}

/* Adds up to max relations of article a (NULL: of all) that cite a
 * sentence and rank at least min_rank, best first; the n-th gets the plan
 * rank p->rank + step * n. */
static void plan_relations(const struct kb *kb, const struct kb_article *a, int min_rank,
			   size_t max, int step, struct plan *p)
{
	struct strbuf stakes = {0};
	struct kb_facts_iter it;
	struct kb_fact f;
	kb_facts_begin(&it, kb, a, KB_FACT_STAKE);
	while (kb_facts_next(&it, &f))
		strbuf_printf(&stakes, "%s\n%s\n", f.stake->text,
			      f.cite->sentence ? f.cite->sentence->text : "");
	if (strbuf_failed(&stakes))
		p->failed = true;
	int start = p->rank;
	size_t n = 0;
	for (int rank = RANK_CURATED_KEY + 2; rank >= min_rank && n < max; rank--) {
		kb_facts_begin(&it, kb, a, KB_FACT_RELATION);
		while (n < max && kb_facts_next(&it, &f)) {
			if (!f.cite->sentence || relation_rank(f.relation, strbuf_str(&stakes)) != rank)
				continue;
			p->rank = start + step * (int)n;
			plan_fact(p, &f);
			n++;
		}
	}
	strbuf_free(&stakes);
}

/* Adds the article heading "From Title (Source, Date)." */
static void plan_heading(struct plan *p, const char *lead, const struct kb_article *a)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s ", lead);
	cmd_article_label(&sb, a);
	strbuf_putc(&sb, '.');
	plan_add(p, L_ARTICLE, false, NULL, &sb);
	strbuf_free(&sb);
}

static void plan_full(const struct kb *kb, const struct digest_opts *o, struct plan *p)
{
	size_t n_articles = kb_article_count(kb);
	p->title = "Briefing";
	if (n_articles == 0) {
		plan_add_text(p, L_FIXED, "The knowledge base has no articles yet.");
		return;
	}
	for (size_t i = 0; i < n_articles && i < FULL_HEADINGS_FIRST; i++)
		plan_heading(p, "From", kb_article_at(kb, i));
	p->rank = RANK_FACTS;
	plan_relations(kb, NULL, RANK_CURATED_KEY, o->max_relations, 3, p);
	for (size_t i = 0; i < kb_stake_count(kb) && i < o->max_stakes; i++) {
		const struct kb_stake *st = kb_stake_at(kb, i);
		struct kb_fact f = { .kind = KB_FACT_STAKE, .stake = st, .cite = &st->cite };
		p->rank = RANK_FACTS + 3 * (int)i + 1;
		plan_fact(p, &f);
	}
	for (size_t i = 0; i < kb_event_count(kb) && i < o->max_events; i++) {
		const struct kb_event *ev = kb_event_at(kb, i);
		struct kb_fact f = { .kind = KB_FACT_EVENT, .event = ev, .cite = &ev->cite };
		p->rank = RANK_FACTS + 3 * (int)i + 2;
		plan_fact(p, &f);
	}
	p->rank = RANK_LATE_HEADINGS;
	for (size_t i = FULL_HEADINGS_FIRST; i < n_articles; i++)
		plan_heading(p, "From", kb_article_at(kb, i));
}

int digest_build(const struct kb *kb, const struct digest_opts *opts, struct reply *out)
{
	if (!kb || !out)
		return BB_EINVAL;
	struct digest_opts o = { DIGEST_MAX_RELATIONS, DIGEST_MAX_STAKES, DIGEST_MAX_EVENTS };
	if (opts)
		o = *opts;
	struct plan p = { .kind = REPLY_ANSWER };
	plan_full(kb, &o, &p);
	int rc = plan_finish(kb, &p, out);
	plan_free(&p);
	if (rc < 0)
		reply_free(out);
	return rc;
}

/* ---- what changed since the last digest ---- */

static uint64_t fnv_add(uint64_t h, const char *s)
{
	h = fnv1a(h, s ? s : "", s ? strlen(s) : 0);
	return fnv1a(h, "\xff", 1); /* a separator no UTF-8 text holds */
}

uint64_t digest_fingerprint(const struct kb_article *a)
{
	uint64_t h = FNV1A_SEED;
	if (!a)
		return h;
	h = fnv_add(h, a->title);
	h = fnv_add(h, a->source);
	h = fnv_add(h, a->date);
	h = fnv_add(h, a->url);
	for (size_t p = 0; p < a->n_paragraphs; p++) {
		for (size_t s = 0; s < a->paragraphs[p].n_sentences; s++)
			h = fnv_add(h, a->paragraphs[p].sentences[s].text);
		h = fnv_add(h, "");
	}
	return h;
}

static const struct digest_mark *find_mark(const struct digest_covered *c, const char *id)
{
	for (size_t i = 0; c && i < c->n; i++)
		if (c->marks[i].id && strcmp(c->marks[i].id, id) == 0)
			return &c->marks[i];
	return NULL;
}

/* Is article a new or changed since `last`? *changed says which. */
static bool is_news(const struct digest_covered *last, const struct kb_article *a, bool *changed)
{
	const struct digest_mark *m = find_mark(last, a->id);
	*changed = m != NULL;
	return !m || m->fingerprint != digest_fingerprint(a);
}

/* Adds up to max facts of article a of the given kind that cite a
 * sentence. */
static void plan_article_facts(const struct kb *kb, const struct kb_article *a, unsigned kind,
			       size_t max, struct plan *p)
{
	struct kb_facts_iter it;
	struct kb_fact f;
	size_t n = 0;
	kb_facts_begin(&it, kb, a, kind);
	while (n < max && kb_facts_next(&it, &f)) {
		if (f.cite->sentence) {
			plan_fact(p, &f);
			n++;
		}
	}
}

/* Adds each new or changed article with its facts. Returns how many. */
static size_t plan_news(const struct kb *kb, const struct digest_covered *last, struct plan *p)
{
	size_t news = 0;
	p->title = "What's new since the last digest";
	for (size_t i = 0; i < kb_article_count(kb); i++) {
		const struct kb_article *a = kb_article_at(kb, i);
		bool changed;
		if (!is_news(last, a, &changed))
			continue;
		news++;
		plan_heading(p, changed ? "Updated:" : "New:", a);
		p->head = p->n;
		plan_relations(kb, a, 0, DIGEST_NEW_RELATIONS, 1, p);
		plan_article_facts(kb, a, KB_FACT_STAKE, DIGEST_NEW_STAKES, p);
		plan_article_facts(kb, a, KB_FACT_QUOTE, DIGEST_NEW_QUOTES, p);
	}
	return news;
}

/* "2 scheduled digests were missed while the bot was offline (last:
 * Saturday 5 December 2026, 09:00 UTC)." */
static void plan_missed(const struct digest_since *s, struct plan *p)
{
	if (!s || s->missed == 0)
		return;
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%u scheduled digest%s %s missed while the bot was offline", s->missed,
		      s->missed == 1 ? "" : "s", s->missed == 1 ? "was" : "were");
	time_t t = (time_t)(s->last_missed_ms / 1000);
	struct tm tm;
	char iso[16], day[64];
	if (s->last_missed_ms > 0 && gmtime_r(&t, &tm) &&
	    strftime(iso, sizeof iso, "%Y-%m-%d", &tm) == 10 &&
	    reldate_format_iso(iso, day, sizeof day) > 0)
		strbuf_printf(&sb, " (last: %s, %02d:%02d UTC)", day, tm.tm_hour, tm.tm_min);
	strbuf_putc(&sb, '.');
	plan_add(p, L_FIXED, false, NULL, &sb);
	strbuf_free(&sb);
}

static int covered_fill(const struct kb *kb, struct digest_covered *c)
{
	size_t n = kb_article_count(kb);
	*c = (struct digest_covered){0};
	if (n == 0)
		return 0;
	c->marks = calloc(n, sizeof *c->marks);
	if (!c->marks)
		return BB_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct kb_article *a = kb_article_at(kb, i);
		c->marks[i].id = strdup(a->id);
		c->marks[i].fingerprint = digest_fingerprint(a);
		c->n++;
		if (!c->marks[i].id) {
			digest_covered_free(c);
			return BB_ENOMEM;
		}
	}
	return 0;
}

int digest_when_empty_parse(const char *s, enum digest_when_empty *out)
{
	if (s && strcmp(s, "note") == 0)
		*out = DIGEST_EMPTY_NOTE;
	else if (s && strcmp(s, "skip") == 0)
		*out = DIGEST_EMPTY_SKIP;
	else
		return BB_EINVAL;
	return 0;
}

int digest_build_since(const struct kb *kb, const struct digest_since *since,
		       struct reply *out, struct digest_covered *covered_out)
{
	if (!kb || !out)
		return BB_EINVAL;
	const struct digest_covered *last = since ? since->last : NULL;
	struct plan p = { .kind = REPLY_ANSWER };
	int rc = covered_out ? covered_fill(kb, covered_out) : 0;
	if (rc < 0)
		goto out;
	plan_missed(since, &p);
	if (!last || last->n == 0) {
		struct digest_opts o = { DIGEST_MAX_RELATIONS, DIGEST_MAX_STAKES, DIGEST_MAX_EVENTS };
		plan_full(kb, &o, &p);
	} else if (plan_news(kb, last, &p) == 0) {
		if (since->when_empty == DIGEST_EMPTY_SKIP) {
			rc = DIGEST_NOTHING;
			goto out;
		}
		plan_free(&p);
		p.kind = REPLY_NOTICE;
		plan_add_text(&p, L_FIXED, "Nothing new since the last digest.");
		plan_missed(since, &p);
	}
	rc = plan_finish(kb, &p, out);
out:
	plan_free(&p);
	if (rc < 0) {
		reply_free(out);
		digest_covered_free(covered_out);
	}
	return rc;
}

/* ---- the covered set as text ---- */

void digest_covered_free(struct digest_covered *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		free(c->marks[i].id);
	free(c->marks);
	*c = (struct digest_covered){0};
}

int digest_covered_format(const struct digest_covered *c, struct strbuf *out)
{
	for (size_t i = 0; c && i < c->n; i++) {
		const char *id = c->marks[i].id;
		if (!id || !*id || strpbrk(id, "\r\n"))
			return BB_EINVAL;
		strbuf_printf(out, "%016llx %s\n", (unsigned long long)c->marks[i].fingerprint, id);
	}
	return strbuf_failed(out) ? BB_ENOMEM : 0;
}

/* Reads one "<16 hex> <id>" line of n bytes into m. */
static int parse_mark(const char *s, size_t n, struct digest_mark *m)
{
	if (n < 18 || s[16] != ' ' || memchr(s, '\r', n))
		return BB_EPARSE;
	uint64_t v = 0;
	for (size_t i = 0; i < 16; i++) {
		int d = hex_value(s[i]);
		if (d < 0)
			return BB_EPARSE;
		v = v << 4 | (uint64_t)d;
	}
	m->id = strndup(s + 17, n - 17);
	m->fingerprint = v;
	return m->id ? 0 : BB_ENOMEM;
}

int digest_covered_parse(const char *text, struct digest_covered *out)
{
	*out = (struct digest_covered){0};
	if (!text)
		return BB_EINVAL;
	size_t lines = 0;
	for (const char *s = text; *s; s++)
		lines += *s == '\n';
	lines++;
	int rc = 0;
	out->marks = calloc(lines, sizeof *out->marks);
	if (!out->marks)
		return BB_ENOMEM;
	const char *s = text;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		rc = parse_mark(s, n, &out->marks[out->n]);
		if (rc < 0)
			break;
		out->n++;
		s += n + (nl ? 1 : 0);
	}
	if (rc < 0)
		digest_covered_free(out);
	return rc;
}
