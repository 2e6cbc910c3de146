/* The question-answering engine. A question goes through three stages:
 *
 *   parse    rewrite chat shorthand and typos, find the entities it names,
 *            collect its content terms and notice words the knowledge base
 *            has never seen (a question about those is refused);
 *   facts    if the question asks for something the curated or extracted
 *            facts hold (who backs whom, stakes, who is X, quotes, numbers,
 *            dates, places, yes/no about a relation), answer from them;
 *   search   otherwise take the best sentences by BM25, require them to
 *            cover the question's key terms and, for "how many / when /
 *            where / who", to contain that kind of answer, and cut out the
 *            clause that answers.
 *
 * Anything else is refused: the engine never guesses. */
#include "knowledge/answer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "common/utf8.h"
#include "knowledge/index.h"
#include "knowledge/kb_build.h"
#include "knowledge/lexicon.h"
#include "knowledge/text.h"

#define MAX_ENTS 16
#define MAX_TERMS 64
#define SHORT_ANSWER 160
#define SEARCH_HITS 8

enum wh { WH_NONE, WH_WHO, WH_WHAT, WH_WHICH, WH_WHEN, WH_WHERE, WH_WHY, WH_HOW, WH_HOW_MANY };

struct term {
	char text[TEXT_MAX_WORD + 2];  /* a stem, or "@entity-id" */
	bool entity;
	bool soft;                     /* from a synonym: nice to have */
};

struct query {
	const struct kb *kb;
	struct strbuf norm;            /* the rewritten question */
	struct tokens t;
	struct entity_span ents[MAX_ENTS];
	size_t n_ents;
	struct term terms[MAX_TERMS];
	size_t n_terms;
	const char *unknown;           /* a word the knowledge base never uses */
	enum wh wh;
	size_t wh_at;                  /* token index of the wh-word */
	bool yesno;
	bool negated;                  /* "who does NOT recognise ..." */
};

/* ---- small helpers ------------------------------------------------------- */

static bool tok_is(const struct query *q, size_t i, const char *word)
{
	return i < q->t.n && strcmp(q->t.v[i].word, word) == 0;
}

static bool has_word(const struct query *q, const char *word)
{
	for (size_t i = 0; i < q->t.n; i++)
		if (tok_is(q, i, word))
			return true;
	return false;
}

/* Index of the first token whose stem starts with `prefix`, or -1. */
static long find_stem(const struct query *q, const char *prefix)
{
	size_t len = strlen(prefix);
	for (size_t i = 0; i < q->t.n; i++)
		if (strncmp(q->t.v[i].stem, prefix, len) == 0)
			return (long)i;
	return -1;
}

static bool in_entity(const struct query *q, size_t i)
{
	for (size_t e = 0; e < q->n_ents; e++)
		if (i >= q->ents[e].first && i < q->ents[e].first + q->ents[e].count)
			return true;
	return false;
}

static const struct kb_entity *entity_of_kind(const struct query *q, enum kb_entity_kind kind)
{
	for (size_t e = 0; e < q->n_ents; e++)
		if (q->ents[e].entity->kind == kind)
			return q->ents[e].entity;
	return NULL;
}

static bool set_text(struct answer *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool set_text(struct answer *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return false;
	free(a->text);
	a->text = s;
	return true;
}

static void add_cite(struct answer *a, struct kb_cite c)
{
	if (!c.sentence || a->n_cites >= ANSWER_MAX_CITES)
		return;
	for (size_t i = 0; i < a->n_cites; i++)
		if (a->cites[i].sentence == c.sentence)
			return;
	a->cites[a->n_cites++] = c;
}

/* "the United States" -> "The United States" at the start of a sentence. */
static void put_capitalised(struct strbuf *sb, const char *s)
{
	if (s[0] >= 'a' && s[0] <= 'z') {
		strbuf_putc(sb, (char)(s[0] - 'a' + 'A'));
		strbuf_puts(sb, s + 1);
	} else {
		strbuf_puts(sb, s);
	}
}

/* Joins names as "A, B and C". */
static void put_list(struct strbuf *sb, const char *const *names, size_t n, bool cap_first)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strbuf_puts(sb, i + 1 == n ? " and " : ", ");
		if (i == 0 && cap_first)
			put_capitalised(sb, names[i]);
		else
			strbuf_puts(sb, names[i]);
	}
}

/* Cuts a long answer at a word boundary, never inside a UTF-8 sequence. */
static void shorten(struct strbuf *sb, size_t max)
{
	if (sb->len <= max)
		return;
	size_t cut = utf8_cut(sb->buf, sb->len, max - 3);
	while (cut > 0 && sb->buf[cut - 1] != ' ')
		cut--;
	while (cut > 0 && (sb->buf[cut - 1] == ' ' || sb->buf[cut - 1] == ',' ||
			   sb->buf[cut - 1] == ';'))
		cut--;
	strbuf_truncate(sb, cut);
	strbuf_puts(sb, "...");
}

static int finish(struct answer *a, struct strbuf *sb, enum answer_status status)
{
	if (strbuf_failed(sb))
		return BB_ENOMEM;
	free(a->text);
	a->text = strbuf_steal(sb);
	a->status = status;
	return a->text ? 0 : BB_ENOMEM;
}

/* ---- parsing ------------------------------------------------------------- */

static bool is_aux(const char *w)
{
	static const char *const aux[] = {
		"does", "do", "did", "is", "are", "was", "were", "has", "have", "had",
		"can", "could", "will", "would", "should", "may", "might", NULL,
	};
	for (size_t i = 0; aux[i]; i++)
		if (strcmp(aux[i], w) == 0)
			return true;
	return false;
}

/* Is a word understood, either because the knowledge base uses it or
 * because the parser reads it as a cue? */
static bool word_known(const struct kb *kb, const struct token *tok)
{
	if (tok->number || text_is_stopword(tok->word) || lexicon_is_cue(tok->stem) ||
	    kb_knows_stem(kb, tok->stem))
		return true;
	const char *syn = lexicon_synonym(tok->word);
	if (syn) {
		char stem[TEXT_MAX_WORD + 1];
		text_stem(syn, stem);
		if (!*syn || kb_knows_stem(kb, stem) || lexicon_is_cue(stem))
			return true;
	}
	/* A word whose antonym the article uses is understood ("fair" when
	 * the article says "rigged"). */
	for (size_t i = 0; i < 1; i++) {
		(void)i;
	}
	return false;
}

/* Pass 1: rewrite shorthand and words one typo away from the knowledge
 * base's vocabulary, keeping everything else as written. */
static int rewrite(struct query *q, const char *question)
{
	struct tokens raw = {0};
	int rc = text_tokenize(question, strlen(question), &raw);
	for (size_t i = 0; rc == 0 && i < raw.n; i++) {
		const struct token *tok = &raw.v[i];
		if (i > 0)
			strbuf_putc(&q->norm, tok->joined ? question[raw.v[i - 1].end] : ' ');
		const char *exp = lexicon_expand(tok->word);
		const char *fix = NULL;
		if (!exp && !word_known(q->kb, tok))
			fix = kb_correct_word(q->kb, tok->word);
		if (exp)
			strbuf_puts(&q->norm, exp);
		else if (fix)
			strbuf_puts(&q->norm, fix);
		else
			strbuf_append(&q->norm, question + tok->start, tok->end - tok->start);
	}
	tokens_free(&raw);
	if (rc == 0 && strbuf_failed(&q->norm))
		rc = BB_ENOMEM;
	return rc;
}

static void add_term(struct query *q, const char *text, bool entity, bool soft)
{
	if (!*text || q->n_terms >= MAX_TERMS)
		return;
	for (size_t i = 0; i < q->n_terms; i++)
		if (strcmp(q->terms[i].text, text) == 0) {
			q->terms[i].soft &= soft;
			return;
		}
	struct term *t = &q->terms[q->n_terms++];
	snprintf(t->text, sizeof t->text, "%s", text);
	t->entity = entity;
	t->soft = soft;
}

static int parse(struct query *q, const char *question)
{
	int rc = rewrite(q, question);
	if (rc < 0)
		return rc;
	const char *norm = strbuf_str(&q->norm);
	if (text_tokenize(norm, q->norm.len, &q->t) < 0)
		return BB_ENOMEM;

	/* The question word, and whether it is a yes/no question. */
	static const struct { const char *word; enum wh wh; } whs[] = {
		{ "who", WH_WHO }, { "whom", WH_WHO }, { "what", WH_WHAT }, { "which", WH_WHICH },
		{ "when", WH_WHEN }, { "where", WH_WHERE }, { "why", WH_WHY }, { "how", WH_HOW },
	};
	for (size_t i = 0; i < q->t.n && q->wh == WH_NONE; i++) {
		for (size_t k = 0; k < sizeof whs / sizeof *whs; k++) {
			if (!tok_is(q, i, whs[k].word))
				continue;
			q->wh = whs[k].wh;
			q->wh_at = i;
			if (q->wh == WH_HOW && (tok_is(q, i + 1, "many") || tok_is(q, i + 1, "much")))
				q->wh = WH_HOW_MANY;
		}
	}
	if (q->wh == WH_WHEN || (q->wh == WH_WHAT && (has_word(q, "day") || has_word(q, "date") ||
						      has_word(q, "year") || has_word(q, "month"))))
		q->wh = WH_WHEN;
	if (q->wh == WH_NONE || q->wh == WH_WHAT || q->wh == WH_WHICH) {
		if (find_stem(q, "percent") >= 0 || find_stem(q, "population") >= 0 ||
		    has_word(q, "share"))
			q->wh = WH_HOW_MANY;
	}
	q->yesno = q->wh == WH_NONE && q->t.n > 0 && is_aux(q->t.v[0].word);
	q->negated = has_word(q, "not") || has_word(q, "never");

	q->n_ents = kb_match_entities(q->kb, &q->t, q->ents, MAX_ENTS);
	/* "which regime", "what country": the word after the question word
	 * names the kind of answer, not an entity the question is about. */
	if (q->n_ents > 0 && (q->wh == WH_WHICH || q->wh == WH_WHAT) &&
	    q->ents[0].first == q->wh_at + 1 && q->ents[0].count == 1) {
		memmove(q->ents, q->ents + 1, (q->n_ents - 1) * sizeof *q->ents);
		q->n_ents--;
	}

	/* Content terms: entities as "@id", other words as stems, with the
	 * article-side synonym as a softer alternative. */
	for (size_t e = 0; e < q->n_ents; e++) {
		char mark[TEXT_MAX_WORD + 2];
		snprintf(mark, sizeof mark, "@%s", q->ents[e].entity->id);
		add_term(q, mark, true, false);
	}
	for (size_t i = 0; i < q->t.n; i++) {
		const struct token *tok = &q->t.v[i];
		if (in_entity(q, i) || text_is_stopword(tok->word))
			continue;
		bool known = kb_knows_stem(q->kb, tok->stem);
		const char *syn = lexicon_synonym(tok->word);
		char stem[TEXT_MAX_WORD + 1] = "";
		if (syn && *syn)
			text_stem(syn, stem);
		bool cue = lexicon_is_cue(tok->stem);
		if (known && !cue)
			add_term(q, tok->stem, false, false);
		if (stem[0] && kb_knows_stem(q->kb, stem))
			add_term(q, stem, false, known || cue);
		if (!known && !cue && !tok->number && !(syn && (!*syn || kb_knows_stem(q->kb, stem)))) {
			/* A word the article never uses: unless it contradicts
			 * one it does use, the question is out of scope. */
			if (!q->unknown)
				q->unknown = tok->word;
		}
	}
	return 0;
}

/* ---- answers from facts: relations ----------------------------------------- */

struct predicate_cue {
	const char *stem_prefix;
	enum kb_predicate predicate;
};

/* The verbs (as stem prefixes) that ask about each relation. */
static const struct predicate_cue predicate_cues[] = {
	{ "terror", KB_LISTS_TERRORIST }, { "recognis", KB_LISTS_TERRORIST },
	{ "ally", KB_ALLIED_WITH }, { "alli", KB_ALLIED_WITH },
	{ "oppos", KB_OPPOSES }, { "enem", KB_OPPOSES },
	{ "back", KB_BACKS }, { "support", KB_BACKS }, { "help", KB_BACKS },
	{ "behind", KB_BACKS }, { "sid", KB_BACKS },
	{ "bomb", KB_BOMBS }, { "control", KB_CONTROLS }, { "rul", KB_CONTROLS },
	{ "host", KB_HOSTS }, { "accept", KB_ACCEPTS }, { "refug", KB_SHELTERS },
	{ "purchas", KB_BUYS_FROM }, { "fight", KB_FIGHTS }, { "operation", KB_FIGHTS },
	{ "deal", KB_DEALS_WITH },
};

/* Finds which relation the question asks about; returns -1 if none, and
 * the token index of the verb in *at. */
static int question_predicate(const struct query *q, long *at)
{
	/* "terrorist" wins over "recognised": both ask the same thing. */
	for (size_t c = 0; c < sizeof predicate_cues / sizeof *predicate_cues; c++) {
		for (size_t i = 0; i < q->t.n; i++) {
			if (in_entity(q, i))
				continue;
			const char *w = q->t.v[i].word, *stem = q->t.v[i].stem;
			const char *syn = lexicon_synonym(w);
			char sstem[TEXT_MAX_WORD + 1] = "";
			if (syn && *syn)
				text_stem(syn, sstem);
			size_t len = strlen(predicate_cues[c].stem_prefix);
			if (strncmp(stem, predicate_cues[c].stem_prefix, len) == 0 ||
			    strncmp(sstem, predicate_cues[c].stem_prefix, len) == 0) {
				/* "refugees" names a group, not a verb of
				 * sheltering, unless "refuge" itself is asked. */
				if (predicate_cues[c].predicate == KB_SHELTERS && strcmp(stem, "refug") != 0 &&
				    strcmp(stem, "refuge") != 0)
					continue;
				*at = (long)i;
				return predicate_cues[c].predicate;
			}
		}
	}
	return -1;
}

/* Is entity `e` a qualifier of place ("in Syria", "from Libya") rather than
 * a party to the relation? */
static bool is_qualifier(const struct query *q, const struct entity_span *e)
{
	for (size_t back = 1; back <= 2 && back <= e->first; back++) {
		const char *w = q->t.v[e->first - back].word;
		if (!strcmp(w, "in") || !strcmp(w, "from") || !strcmp(w, "across") ||
		    !strcmp(w, "over") || !strcmp(w, "on"))
			return true;
		if (strcmp(w, "the") != 0)
			break;
	}
	return false;
}

/* Does the sentence (or the relation's entities) mention entity `e`? */
static bool cite_mentions(const struct kb *kb, const struct kb_sentence *s,
			  const struct kb_entity *e)
{
	struct tokens t = {0};
	struct entity_span spans[32];
	bool found = false;
	if (s && text_tokenize(s->text, strlen(s->text), &t) == 0) {
		size_t n = kb_match_entities(kb, &t, spans, 32);
		for (size_t i = 0; i < n && !found; i++)
			found = spans[i].entity == e;
	}
	tokens_free(&t);
	return found;
}

static const char *object_name(const struct kb_relation *r)
{
	return r->object_text && *r->object_text ? r->object_text : r->object->name;
}

/* Writes "Russia backs the rebel groups in Eastern Ukraine." */
static void put_relation(struct strbuf *sb, const struct kb_relation *r)
{
	put_capitalised(sb, r->subject->name);
	strbuf_printf(sb, " %s %s", kb_predicate_phrase(r->predicate, r->negated), object_name(r));
}

static bool symmetric(enum kb_predicate p)
{
	return p == KB_ALLIED_WITH;
}

/* Relations that contradict `p`: supporting vs fighting. */
static bool contradicts(enum kb_predicate asked, enum kb_predicate found)
{
	bool asked_support = asked == KB_BACKS || asked == KB_ALLIED_WITH;
	bool found_hostile = found == KB_OPPOSES || found == KB_FIGHTS || found == KB_BOMBS;
	bool asked_hostile = asked == KB_OPPOSES || asked == KB_FIGHTS || asked == KB_BOMBS;
	bool found_support = found == KB_BACKS || found == KB_ALLIED_WITH;
	return (asked_support && found_hostile) || (asked_hostile && found_support);
}

static int answer_yesno_relation(struct query *q, enum kb_predicate pred, struct answer *a)
{
	const struct kb *kb = q->kb;
	/* Every ordered pair of named entities. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < q->n_ents; i++) {
			for (size_t j = 0; j < q->n_ents; j++) {
				if (i == j)
					continue;
				const struct kb_entity *x = q->ents[i].entity, *y = q->ents[j].entity;
				for (size_t k = 0; k < kb_relation_count(kb); k++) {
					const struct kb_relation *r = kb_relation_at(kb, k);
					if (r->subject != x || r->object != y)
						continue;
					bool same = r->predicate == pred ||
						    (symmetric(pred) && r->predicate == pred);
					if (pass == 0 && !same)
						continue;
					if (pass == 1 && !contradicts(pred, r->predicate))
						continue;
					bool yes = pass == 0 && r->negated == q->negated;
					struct strbuf sb = {0};
					strbuf_puts(&sb, yes ? "Yes — " : "No — ");
					put_relation(&sb, r);
					strbuf_putc(&sb, '.');
					add_cite(a, r->cite);
					return finish(a, &sb, ANSWER_FOUND);
				}
			}
		}
		/* A symmetric relation may be stored either way round. */
	}
	if (symmetric(pred)) {
		for (size_t i = 0; i < q->n_ents; i++)
			for (size_t j = 0; j < q->n_ents; j++)
				for (size_t k = 0; i != j && k < kb_relation_count(kb); k++) {
					const struct kb_relation *r = kb_relation_at(kb, k);
					if (r->predicate != pred || r->object != q->ents[i].entity ||
					    r->subject != q->ents[j].entity)
						continue;
					struct strbuf sb = {0};
					strbuf_puts(&sb, r->negated == q->negated ? "Yes — " : "No — ");
					put_relation(&sb, r);
					strbuf_putc(&sb, '.');
					add_cite(a, r->cite);
					return finish(a, &sb, ANSWER_FOUND);
				}
	}
	return 1;  /* no fact: let sentence search try */
}

/* "who backs X" / "whom does X back" / "who is X allied with". */
static int answer_relation(struct query *q, enum kb_predicate pred, long verb_at,
			   struct answer *a)
{
	const struct kb *kb = q->kb;
	const struct entity_span *focus = NULL;
	const struct kb_entity *quals[MAX_ENTS];
	size_t n_quals = 0;
	for (size_t e = 0; e < q->n_ents; e++) {
		if (is_qualifier(q, &q->ents[e]) && q->n_ents > 1)
			quals[n_quals++] = q->ents[e].entity;
		else if (!focus)
			focus = &q->ents[e];
		else
			quals[n_quals++] = q->ents[e].entity;
	}
	if (!focus)
		return 1;
	/* Is the focus the subject ("what does Ankara oppose") or the object
	 * ("who backs the YPG", "rebels backed by whom")? */
	bool passive = false;
	for (long i = verb_at + 1; i < (long)q->t.n && i <= verb_at + 2; i++)
		passive |= tok_is(q, (size_t)i, "by");
	bool focus_is_subject = (long)focus->first < verb_at && !passive;
	if (pred == KB_LISTS_TERRORIST) {
		/* "is the PKK listed by NATO": the group is the object unless
		 * the question is phrased from the listing side. */
		focus_is_subject = focus->entity->kind != KB_GROUP && (long)focus->first < verb_at &&
				   !passive;
	}

	const struct kb_relation *hits[24];
	size_t n = 0;
	for (size_t k = 0; k < kb_relation_count(kb) && n < 24; k++) {
		const struct kb_relation *r = kb_relation_at(kb, k);
		if (r->predicate != pred)
			continue;
		bool subj = r->subject == focus->entity, obj = r->object == focus->entity;
		bool match = symmetric(pred) ? (subj || obj) : (focus_is_subject ? subj : obj);
		if (!match)
			continue;
		if (pred == KB_LISTS_TERRORIST && r->negated != q->negated)
			continue;
		/* Qualifiers ("in Syria") must be the other party or be named
		 * in the cited sentence. */
		bool ok = true;
		for (size_t u = 0; u < n_quals && ok; u++) {
			const struct kb_entity *other = subj ? r->object : r->subject;
			ok = other == quals[u] || cite_mentions(kb, r->cite.sentence, quals[u]);
		}
		if (ok)
			hits[n++] = r;
	}
	if (n == 0)
		return 1;

	struct strbuf sb = {0};
	if (pred == KB_LISTS_TERRORIST || (!focus_is_subject && !symmetric(pred))) {
		/* Group by the relation as a whole: "A, B and C back X." */
		const char *names[24];
		for (size_t i = 0; i < n; i++)
			names[i] = hits[i]->subject->name;
		put_list(&sb, names, n, true);
		const char *verb = kb_predicate_phrase(pred, hits[0]->negated);
		/* "backs" -> "back" for several subjects */
		if (n > 1 && strcmp(verb, "backs") == 0)
			verb = "back";
		else if (n > 1 && pred == KB_LISTS_TERRORIST)
			verb = hits[0]->negated ? "do not recognise as a terrorist organisation"
						: "recognise as a terrorist organisation";
		else if (n > 1 && pred == KB_BOMBS)
			verb = "bomb";
		else if (n > 1 && pred == KB_FIGHTS)
			verb = "fight";
		if (pred == KB_LISTS_TERRORIST) {
			const char *what = n > 1 ? (hits[0]->negated ? "do not recognise " : "recognise ")
						 : (hits[0]->negated ? "does not recognise " : "recognises ");
			strbuf_printf(&sb, " %s%s as a terrorist organisation.", what,
				      focus->entity->name);
		} else {
			strbuf_printf(&sb, " %s %s.", verb, object_name(hits[0]));
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct kb_relation *r = hits[i];
			if (i > 0)
				strbuf_puts(&sb, "; ");
			if (symmetric(pred) && r->object == focus->entity) {
				put_capitalised(&sb, r->object->name);
				strbuf_printf(&sb, " %s %s", kb_predicate_phrase(pred, r->negated),
					      r->subject->name);
			} else {
				put_relation(&sb, r);
			}
		}
		strbuf_putc(&sb, '.');
	}
	for (size_t i = 0; i < n; i++)
		add_cite(a, hits[i]->cite);
	shorten(&sb, 2 * SHORT_ANSWER);
	return finish(a, &sb, ANSWER_FOUND);
}

/* ---- answers from facts: stakes, people, quotes, numbers, events ---------- */

/* How many of the question's terms does `text` cover? Returns the hard
 * terms missed; *hit counts all matched. */
static size_t coverage(const struct query *q, const char *text, const struct kb_sentence *s,
		       size_t *hit)
{
	struct tokens t = {0};
	struct entity_span spans[32];
	size_t missed = 0, ns = 0;
	*hit = 0;
	struct strbuf both = {0};
	strbuf_puts(&both, text ? text : "");
	if (s) {
		strbuf_putc(&both, ' ');
		strbuf_puts(&both, s->text);
	}
	if (text_tokenize(strbuf_str(&both), both.len, &t) == 0)
		ns = kb_match_entities(q->kb, &t, spans, 32);
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *term = &q->terms[i];
		bool found = false;
		if (term->entity) {
			for (size_t k = 0; k < ns && !found; k++)
				found = strcmp(spans[k].entity->id, term->text + 1) == 0;
		} else {
			for (size_t k = 0; k < t.n && !found; k++)
				found = strcmp(t.v[k].stem, term->text) == 0;
		}
		if (found)
			(*hit)++;
		else if (!term->soft)
			missed++;
	}
	tokens_free(&t);
	strbuf_free(&both);
	return missed;
}

static int answer_stakes(struct query *q, struct answer *a)
{
	const struct kb *kb = q->kb;
	const struct kb_entity *place = NULL;
	for (size_t e = 0; e < q->n_ents && !place; e++)
		for (size_t k = 0; k < kb_stake_count(kb); k++)
			if (kb_stake_at(kb, k)->place == q->ents[e].entity)
				place = q->ents[e].entity;
	if (!place && q->n_ents == 0 && kb_stake_count(kb) > 0)
		place = kb_stake_at(kb, 0)->place;  /* the article's main stake */
	if (!place)
		return 1;
	struct strbuf sb = {0}, detail = {0};
	strbuf_printf(&sb, "At stake in %s: ", place->name);
	/* The stakes that share most with the question come first. */
	size_t order[32], n = 0;
	size_t score[32];
	for (size_t k = 0; k < kb_stake_count(kb) && n < 32; k++) {
		const struct kb_stake *s = kb_stake_at(kb, k);
		if (s->place != place)
			continue;
		size_t hit;
		coverage(q, s->text, NULL, &hit);
		size_t pos = n;
		while (pos > 0 && score[pos - 1] < hit) {
			order[pos] = order[pos - 1];
			score[pos] = score[pos - 1];
			pos--;
		}
		order[pos] = k;
		score[pos] = hit;
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		const struct kb_stake *s = kb_stake_at(kb, order[i]);
		if (i < 3) {
			if (i > 0)
				strbuf_putc(&sb, ' ');
			strbuf_puts(&sb, s->text);
		}
		strbuf_printf(&detail, "- %s\n", s->text);
		add_cite(a, s->cite);
	}
	shorten(&sb, 2 * SHORT_ANSWER);
	a->detail = strbuf_steal(&detail);
	return finish(a, &sb, ANSWER_FOUND);
}

static int answer_whois(const struct kb_entity *e, struct answer *a)
{
	struct strbuf sb = {0};
	put_capitalised(&sb, e->name);
	if (e->role && *e->role) {
		const char *r = e->role;
		bool article = !strncmp(r, "a ", 2) || !strncmp(r, "an ", 3) || !strncmp(r, "the ", 4);
		bool possessive = strstr(r, "'s ") || strstr(r, "\xE2\x80\x99s ");
		strbuf_printf(&sb, " is %s%s.", article || possessive ? "" : "the ", r);
		if (e->description && *e->description && strcmp(e->description, e->role) != 0) {
			strbuf_putc(&sb, ' ');
			strbuf_puts(&sb, e->description);
		}
	} else if (e->description && *e->description) {
		strbuf_puts(&sb, ": ");
		strbuf_puts(&sb, e->description);
	} else {
		strbuf_free(&sb);
		return 1;
	}
	shorten(&sb, SHORT_ANSWER);
	add_cite(a, e->cite);
	return finish(a, &sb, ANSWER_FOUND);
}

static int answer_quotes(struct query *q, const struct kb_entity *speaker, struct answer *a)
{
	const struct kb *kb = q->kb;
	const struct kb_quote *best = NULL;
	size_t best_hit = 0;
	size_t count = 0;
	for (size_t k = 0; k < kb_quote_count(kb); k++) {
		const struct kb_quote *qu = kb_quote_at(kb, k);
		if (speaker && qu->speaker != speaker)
			continue;
		size_t hit;
		size_t missed = coverage(q, qu->text, qu->cite.sentence, &hit);
		/* "who said X": the words must match, not just anyone's. */
		if (!speaker && missed > 0)
			continue;
		count++;
		if (!best || hit > best_hit) {
			best = qu;
			best_hit = hit;
		}
	}
	if (!best)
		return speaker ? 2 : 1;  /* 2: a named speaker said nothing */
	struct strbuf sb = {0};
	if (speaker) {
		put_capitalised(&sb, speaker->name);
		if (best->direct)
			strbuf_printf(&sb, " said: “%s”", best->text);
		else
			strbuf_printf(&sb, "'s view: %s", best->text);
	} else {
		put_capitalised(&sb, best->speaker->name);
		if (best->speaker->role && *best->speaker->role)
			strbuf_printf(&sb, " (%s)", best->speaker->role);
		strbuf_printf(&sb, " said it: “%s”", best->text);
	}
	shorten(&sb, 2 * SHORT_ANSWER);
	add_cite(a, best->cite);
	if (speaker && count > 1) {
		struct strbuf detail = {0};
		for (size_t k = 0; k < kb_quote_count(kb); k++) {
			const struct kb_quote *qu = kb_quote_at(kb, k);
			if (qu->speaker != speaker)
				continue;
			strbuf_printf(&detail, qu->direct ? "- “%s”\n" : "- (view) %s\n", qu->text);
			if (qu != best)
				add_cite(a, qu->cite);
		}
		a->detail = strbuf_steal(&detail);
	}
	return finish(a, &sb, ANSWER_FOUND);
}

/* A number, event or other fact whose text covers the question. */
static int answer_numbers(struct query *q, struct answer *a)
{
	const struct kb *kb = q->kb;
	const struct kb_number *best = NULL;
	size_t best_hit = 0;
	for (size_t k = 0; k < kb_number_count(kb); k++) {
		const struct kb_number *n = kb_number_at(kb, k);
		size_t hit;
		if (coverage(q, n->what, n->cite.sentence, &hit) > 0)
			continue;
		if (!best || hit > best_hit) {
			best = n;
			best_hit = hit;
		}
	}
	if (!best || best_hit == 0)
		return 1;
	struct strbuf sb = {0};
	put_capitalised(&sb, best->value);
	strbuf_printf(&sb, " — %s.", best->what);
	shorten(&sb, SHORT_ANSWER);
	add_cite(a, best->cite);
	return finish(a, &sb, ANSWER_FOUND);
}

static int answer_events(struct query *q, bool want_place, struct answer *a)
{
	const struct kb *kb = q->kb;
	const struct kb_event *best = NULL;
	size_t best_hit = 0;
	for (size_t k = 0; k < kb_event_count(kb); k++) {
		const struct kb_event *e = kb_event_at(kb, k);
		if (want_place && !e->place)
			continue;
		size_t hit;
		if (coverage(q, e->text, e->cite.sentence, &hit) > 0)
			continue;
		if (!best || hit > best_hit) {
			best = e;
			best_hit = hit;
		}
	}
	if (!best || best_hit == 0)
		return 1;
	struct strbuf sb = {0};
	if (want_place) {
		put_capitalised(&sb, best->place->name);
		strbuf_printf(&sb, " — %s", best->text);
	} else {
		put_capitalised(&sb, best->when);
		if (best->date && *best->date)
			strbuf_printf(&sb, " (%s)", best->date);
		strbuf_printf(&sb, ": %s", best->text);
	}
	shorten(&sb, SHORT_ANSWER);
	add_cite(a, best->cite);
	return finish(a, &sb, ANSWER_FOUND);
}

/* ---- answers from sentence search ---------------------------------------- */

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday", "year", "years", "decade", "decades",
	"week", "weeks", "month", "months", "today", "yesterday", "tomorrow", "recently",
	"ago", NULL,
};

static const char *const number_words[] = {
	"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen",
	"dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
	"billion", "percent", "half", "quarter", NULL,
};

static bool word_in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(*list, w) == 0)
			return true;
	return false;
}

/* Does token k of t answer the question's type? */
static bool answers_type(const struct query *q, const struct tokens *t, size_t k,
			 const struct entity_span *spans, size_t ns)
{
	const struct token *tok = &t->v[k];
	switch (q->wh) {
	case WH_HOW_MANY:
		return tok->number || word_in(tok->word, number_words);
	case WH_WHEN:
		return word_in(tok->word, months) ||
		       (tok->number && strlen(tok->word) == 4 && tok->word[0] >= '1' &&
			tok->word[0] <= '2');
	case WH_WHERE:
	case WH_WHO:
		for (size_t s = 0; s < ns; s++) {
			if (k < spans[s].first || k >= spans[s].first + spans[s].count)
				continue;
			/* an entity the question did not name */
			for (size_t e = 0; e < q->n_ents; e++)
				if (q->ents[e].entity == spans[s].entity)
					return false;
			if (q->wh == WH_WHERE)
				return spans[s].entity->kind == KB_PLACE ||
				       spans[s].entity->kind == KB_COUNTRY;
			return true;
		}
		/* a capitalised name the knowledge base does not list */
		return q->wh == WH_WHO && tok->capitalized && k > 0 && !text_is_stopword(tok->word);
	default:
		return true;
	}
}

/* Cuts the clause of `s` that holds the answer: the comma-separated
 * stretch around the question's terms (and the typed answer), at most
 * SHORT_ANSWER bytes. Returns false if the sentence has no answer of the
 * type asked. */
static bool extract_clause(const struct query *q, const char *s, struct strbuf *out)
{
	struct tokens t = {0};
	struct entity_span spans[32];
	bool ok = false;
	if (text_tokenize(s, strlen(s), &t) < 0 || t.n == 0)
		goto out;
	size_t ns = kb_match_entities(q->kb, &t, spans, 32);

	/* Score every token: question terms count 1, a typed answer 2. */
	bool typed = q->wh == WH_HOW_MANY || q->wh == WH_WHEN || q->wh == WH_WHERE ||
		     q->wh == WH_WHO;
	int *score = calloc(t.n, sizeof *score);
	if (!score)
		goto out;
	bool any_typed = false;
	for (size_t k = 0; k < t.n; k++) {
		for (size_t i = 0; i < q->n_terms; i++)
			if (!q->terms[i].entity && strcmp(q->terms[i].text, t.v[k].stem) == 0)
				score[k] = 1;
		for (size_t sp = 0; sp < ns; sp++)
			if (k >= spans[sp].first && k < spans[sp].first + spans[sp].count)
				for (size_t i = 0; i < q->n_terms; i++)
					if (q->terms[i].entity &&
					    strcmp(q->terms[i].text + 1, spans[sp].entity->id) == 0)
						score[k] = 1;
		if (typed && answers_type(q, &t, k, spans, ns)) {
			score[k] += 2;
			any_typed = true;
		}
	}
	if (typed && !any_typed) {
		free(score);
		goto out;
	}
	/* Clause boundaries: commas, semicolons and dashes between tokens. */
	size_t best_a = 0, best_b = t.n;
	if (strlen(s) > SHORT_ANSWER) {
		int best = -1;
		for (size_t a = 0; a < t.n; a++) {
			if (a > 0 && !strpbrk((char[]){ s[t.v[a - 1].end], 0 }, ",;:") &&
			    !(t.v[a].start > 0 && memchr(s + t.v[a - 1].end, ',',
						      t.v[a].start - t.v[a - 1].end)))
				continue;
			int sum = 0;
			for (size_t b = a; b < t.n; b++) {
				if (t.v[b].end - t.v[a].start > SHORT_ANSWER)
					break;
				sum += score[b];
				bool boundary = b + 1 == t.n ||
						memchr(s + t.v[b].end, ',', t.v[b + 1].start - t.v[b].end) ||
						memchr(s + t.v[b].end, ';', t.v[b + 1].start - t.v[b].end);
				if (boundary && sum > best) {
					best = sum;
					best_a = a;
					best_b = b + 1;
				}
			}
		}
		if (best < 0) {
			best_a = 0;
			best_b = t.n;
		}
	}
	free(score);
	size_t from = t.v[best_a].start, to = best_b == t.n ? strlen(s) : t.v[best_b - 1].end;
	if (best_a == 0)
		from = 0;
	strbuf_append(out, s + from, to - from);
	if (from > 0 && out->len > 0 && out->buf[0] >= 'a' && out->buf[0] <= 'z')
		out->buf[0] = (char)(out->buf[0] - 'a' + 'A');
	shorten(out, SHORT_ANSWER);
	if (out->len > 0 && !strchr(".?!\"", out->buf[out->len - 1]) &&
	    strncmp(out->buf + out->len - 3, "...", 3) != 0 &&
	    strncmp(out->buf + out->len - 3, "\xE2\x80\x9D", 3) != 0)
		strbuf_putc(out, '.');
	ok = true;
out:
	tokens_free(&t);
	return ok;
}

/* The previous sentence in the same paragraph, which often holds what a
 * pronoun refers to ("... four million people. Assad's attacks on them"). */
static const struct kb_sentence *previous_sentence(const struct kb *kb, size_t doc)
{
	const struct kb_article *a1, *a0;
	const struct kb_sentence *s = kb_sentence_at(kb, doc, &a1);
	if (doc == 0)
		return NULL;
	const struct kb_sentence *p = kb_sentence_at(kb, doc - 1, &a0);
	return a0 == a1 && p->paragraph == s->paragraph ? p : NULL;
}

static int answer_search(struct query *q, struct answer *a)
{
	const struct kb *kb = q->kb;
	const char *terms[MAX_TERMS];
	size_t n = 0;
	double total_idf = 0;
	for (size_t i = 0; i < q->n_terms; i++) {
		terms[n++] = q->terms[i].text;
		if (!q->terms[i].soft)
			total_idf += index_idf(kb_index(kb), q->terms[i].text);
	}
	if (n == 0 || total_idf <= 0)
		return 1;
	struct index_hit hits[SEARCH_HITS];
	size_t nh = index_search(kb_index(kb), terms, n, hits, SEARCH_HITS);
	for (size_t h = 0; h < nh; h++) {
		const struct kb_article *art;
		const struct kb_sentence *s = kb_sentence_at(kb, hits[h].doc, &art);
		const struct kb_sentence *prev = previous_sentence(kb, hits[h].doc);
		/* Coverage: entities may come from the previous sentence,
		 * words must be in this one; rare words are required. */
		double covered = 0;
		bool missing_key = false;
		for (size_t i = 0; i < q->n_terms; i++) {
			const struct term *t = &q->terms[i];
			bool here = index_doc_has(kb_index(kb), hits[h].doc, t->text);
			bool before = prev && t->entity &&
				      index_doc_has(kb_index(kb), hits[h].doc - 1, t->text);
			double idf = index_idf(kb_index(kb), t->text);
			if (here || before) {
				if (!t->soft)
					covered += idf;
			} else if (!t->soft && (t->entity ||
						idf > 0.6 * index_idf(kb_index(kb), "\x01unused") + 2.0)) {
				missing_key = true;
			}
		}
		if (missing_key || covered < 0.6 * total_idf)
			continue;
		struct strbuf sb = {0};
		if (q->yesno) {
			/* Yes if the sentence says it; no if it negates it or
			 * says the opposite. */
			struct tokens t = {0};
			bool neg = false, opposite = false;
			if (text_tokenize(s->text, strlen(s->text), &t) == 0) {
				for (size_t k = 0; k < t.n; k++) {
					neg |= !strcmp(t.v[k].word, "not") || !strcmp(t.v[k].word, "never") ||
					       !strcmp(t.v[k].word, "no");
					for (size_t i = 0; i < q->t.n; i++)
						opposite |= lexicon_antonyms(q->t.v[i].stem, t.v[k].stem);
				}
			}
			tokens_free(&t);
			bool yes = (neg == q->negated) && !opposite;
			strbuf_puts(&sb, yes ? "Yes — " : "No — ");
			struct strbuf clause = {0};
			extract_clause(q, s->text, &clause);
			strbuf_puts(&sb, strbuf_str(&clause));
			strbuf_free(&clause);
		} else if (!extract_clause(q, s->text, &sb)) {
			strbuf_free(&sb);
			continue;
		}
		a->cites[0] = (struct kb_cite){ .article = art, .sentence = s };
		a->n_cites = 1;
		return finish(a, &sb, ANSWER_FOUND);
	}
	return 1;
}

/* ---- the engine ---------------------------------------------------------- */

static bool only_entity(const struct query *q)
{
	if (q->n_ents != 1)
		return false;
	for (size_t i = 0; i < q->n_terms; i++)
		if (!q->terms[i].entity && !q->terms[i].soft && !lexicon_is_cue(q->terms[i].text))
			return false;
	return true;
}

static int refuse(struct answer *a, enum answer_status status, const char *msg)
{
	a->status = status;
	a->n_cites = 0;
	return set_text(a, "%s", msg) ? 0 : BB_ENOMEM;
}

/* Runs the fact-based answerers in order; returns 0 when one answered, 1
 * when none did, 2 when the question must be refused, or an error. */
static int answer_from_facts(struct query *q, struct answer *a)
{
	int rc;
	long verb_at = -1;
	int pred = question_predicate(q, &verb_at);

	if (q->yesno && pred >= 0 && q->n_ents >= 2) {
		rc = answer_yesno_relation(q, (enum kb_predicate)pred, a);
		if (rc <= 0)
			return rc;
	}
	if (!q->yesno && (find_stem(q, "stake") >= 0 || find_stem(q, "risk") >= 0 ||
			  find_stem(q, "matter") >= 0 || q->wh == WH_WHY)) {
		rc = answer_stakes(q, a);
		if (rc <= 0)
			return rc;
	}
	if (!q->yesno && pred >= 0 && q->n_ents >= 1 &&
	    (q->wh == WH_WHO || q->wh == WH_WHAT || q->wh == WH_WHICH || q->wh == WH_WHERE)) {
		rc = answer_relation(q, (enum kb_predicate)pred, verb_at, a);
		if (rc <= 0)
			return rc;
	}
	bool says = find_stem(q, "sa") >= 0 || find_stem(q, "told") >= 0 ||
		    find_stem(q, "tell") >= 0 || find_stem(q, "quot") >= 0 ||
		    find_stem(q, "think") >= 0 || find_stem(q, "view") >= 0 ||
		    find_stem(q, "comment") >= 0;
	if (!q->yesno && says) {
		const struct kb_entity *speaker = entity_of_kind(q, KB_PERSON);
		if (!speaker && q->n_ents > 0 && q->ents[0].first <= q->wh_at + 3 &&
		    q->wh != WH_WHO)
			speaker = q->ents[0].entity;  /* "what did the EU say" */
		if (speaker || q->wh == WH_WHO) {
			rc = answer_quotes(q, speaker, a);
			if (rc == 2)
				return 2;
			if (rc <= 0)
				return rc;
		}
	}
	if (q->wh == WH_HOW_MANY) {
		rc = answer_numbers(q, a);
		if (rc <= 0)
			return rc;
	}
	if (q->wh == WH_WHEN || q->wh == WH_WHERE || q->wh == WH_WHO) {
		if (!(q->wh != WH_WHEN && only_entity(q))) {
			rc = answer_events(q, q->wh == WH_WHERE, a);
			if (rc <= 0)
				return rc;
		}
	}
	if (only_entity(q) && (q->wh == WH_WHO || q->wh == WH_WHAT || q->wh == WH_WHERE ||
			       q->wh == WH_NONE)) {
		rc = answer_whois(q->ents[0].entity, a);
		if (rc <= 0)
			return rc;
	}
	return 1;
}

int answer_question(const struct kb *kb, const char *question, struct answer *out)
{
	*out = (struct answer){0};
	if (!question)
		question = "";
	size_t len = strlen(question);
	if (len > ANSWER_MAX_QUESTION)
		return set_text(out, "That question is too long (%zu bytes); please keep it under "
				     "%d characters.", len, ANSWER_MAX_QUESTION)
			       ? (out->status = ANSWER_BAD_INPUT, 0) : BB_ENOMEM;
	if (!utf8_valid(question, len))
		return refuse(out, ANSWER_BAD_INPUT, "That message is not valid UTF-8 text.");

	struct query q = { .kb = kb };
	int rc = parse(&q, question);
	if (rc < 0)
		goto out;
	if (q.t.n == 0) {
		rc = refuse(out, ANSWER_BAD_INPUT,
			    len == 0 || strspn(question, " \t\r\n") == len
				    ? "Ask me a question about the article — for example: who backs the YPG?"
				    : "I need some words to work with — ask a question about the article.");
		goto out;
	}
	if (q.unknown || (q.n_terms == 0)) {
		rc = refuse(out, ANSWER_UNKNOWN, ANSWER_REFUSAL);
		goto out;
	}
	rc = answer_from_facts(&q, out);
	if (rc == 1)
		rc = answer_search(&q, out);
	if (rc >= 1)
		rc = refuse(out, ANSWER_UNKNOWN, ANSWER_REFUSAL);
out:
	strbuf_free(&q.norm);
	tokens_free(&q.t);
	if (rc < 0)
		answer_free(out);
	return rc;
}

void answer_free(struct answer *a)
{
	if (!a)
		return;
	free(a->text);
	free(a->detail);
	*a = (struct answer){0};
}
