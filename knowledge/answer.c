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
 *            clause that answers;
 *   typed    a question neither stage could tie to a sentence (often one
 *            that says a word the article never uses) gets a narrower
 *            second reading, typed.c: a phrase of the asked kind in the
 *            sentence that says every question word in some form.
 *
 * Anything else is refused: the engine never guesses. */
#include "knowledge/answer.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "common/utf8.h"
#include "knowledge/appeal.h"
#include "knowledge/deadline.h"
#include "knowledge/dissent.h"
#include "knowledge/index.h"
#include "knowledge/kb_build.h"
#include "knowledge/lexicon.h"
#include "knowledge/margin.h"
#include "knowledge/number.h"
#include "knowledge/runnerup.h"
#include "knowledge/text.h"
#include "knowledge/claimant.h"
#include "knowledge/startdate.h"
#include "knowledge/typed.h"
#include "knowledge/unanimity.h"
#include "knowledge/wordnet.h"

#define MAX_ENTS 16
#define MAX_TERMS 64
#define SHORT_ANSWER 160
#define SEARCH_HITS 8

enum wh {
	WH_NONE, WH_WHO, WH_WHAT, WH_WHICH, WH_WHEN, WH_WHERE, WH_WHY, WH_HOW, WH_HOW_MANY,
	WH_HOW_LONG,
};

#define MAX_ALTS 4
/* the longest aside between a subject and its verb, in tokens */
#define SUBJECT_ASIDE_MAX 12

/* One thing the question mentions: an entity ("@id") or a word, with the
 * stems that count as saying it (the word itself, the article's synonym). */
struct term {
	char alt[MAX_ALTS][TEXT_MAX_WORD + 2];
	size_t n_alts;
	bool entity;
	bool soft;   /* a cue word: helps ranking, never required */
	bool guessed; /* only a synonym of the question's word is known */
	bool opposite; /* only the opposite of the question's word is known */
	bool relation; /* a cue for what is done, said as the lexicon's word for
			* it ("funds" looked for as "back") */
	bool verb;     /* the question uses it as a verb ("how many DIED") */
	/* the question's token for a word the article uses elsewhere,
	 * whose WordNet synonyms a second search may try (see
	 * widen_terms), or 0 when none; and how many it added */
	long wide_at;
	size_t n_added;
	size_t word_at;  /* the question's token it stands for, 0 when none */
};

/* Which prepositions of movement say where: see after_locative. */
enum moving { MOVING_NONE, MOVING_FROM, MOVING_TO, MOVING_ANY };

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
	const struct term *unit;       /* "how many REFUGEES": what is counted */
	bool part;                     /* "how much OF": a share is asked */
	bool dimension;                /* "how BIG / DEEP": a measure is asked */
	bool money;                    /* "how much did X PAY": money is asked */
	bool identity;                 /* "who is Hana Brekke": a name and nothing else */
	enum moving moving;            /* "where ... from / to / into" */
	bool clock;                    /* "what TIME": a time of day is asked */
	bool consequence;              /* "what happens if ...", "what would ..." */
	bool yesno;
	bool past;                     /* asks what happened ("did", "already") */
	bool intent;                   /* asks what someone plans or wants to do */
	bool said;                     /* "what did X say": asks for words spoken */
	/* the stems of the words that make a post another ("deputy"), for
	 * only_another_rank; none when the question uses one itself */
	char rank_stems[TEXT_RANKS][TEXT_MAX_WORD + 1];
	size_t n_ranks;
	bool set_said;                 /* ... "AFTER THE RESULT": at a time or
					* place the article may not name, so
					* only a quotation answers (soften_setting) */
	bool value;                    /* "what is the RANSOM / new RATE": a figure */
	bool rank;                     /* "where does X RANK": a place in an order */
	bool superlative;              /* "who won THE MOST seats": a first is asked */
	bool frequency;                /* "how often": every so long */
	bool name_asked;               /* "which COMPANY", "what COUNTRY": a name */
	bool lasting;                  /* "how long had the record LASTED": a
					* time it went on, no measure of it */
	bool each_asked;               /* "how much does EACH household get"
					* (number_each_asked) */
	long kind_at;                  /* "what RELICS were saved": the token of the
					* kind asked, or -1 */
	long happens_to;               /* "what happens to the GUARDS": the token, or -1 */
	long owner_at, owned_at;       /* "who is INTER's MANAGER", "COLOMBIA's trade
					* MINISTER": the tokens, or -1 */
	struct noun_cache *nouns;      /* WordNet's verdicts on counted nouns */
	struct seen_tokens *seen;      /* during a search: sentences tokenised */
	size_t named_at;               /* "the name of the retired SCHOOLTEACHER":
					* the token whose name is asked, or 0 */
	const struct term *asked_about; /* yes/no: the name right after "does" */
	const struct term *head;       /* "what was the final VOTE": the noun asked */
	bool negated;                  /* "who does NOT recognise ..." */
	/* yes/no "did X fall by MORE THAN seven percent": the bound, its
	 * direction (+1 more, -1 less, 0 none), the tokens that say it
	 * (not required of the article, which gives its own figure) and
	 * the kind of figure it is */
	bool widened;                  /* the second search, with synonyms */
	bool retry;                    /* ... may find what the first did not */
	bool persons;                  /* "how many PEOPLE", a word the article
					* never uses: any kind of person counted */
	int cmp;
	double cmp_value;
	size_t cmp_first, cmp_end;
	bool cmp_percent, cmp_money;
	/* stems of the opposites of the question's words ("fair" ->
	 * "rig"), for yes/no questions */
	char opposites[8][TEXT_MAX_WORD + 1];
	size_t n_opposites;
};

/* ---- small helpers ------------------------------------------------------- */

/* word_in for the first n bytes of w */
static bool word_in_n(const char *w, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && !strncmp(*list, w, n))
			return true;
	return false;
}

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

/* The article-side stems of a token's synonyms ("residing host"), at
 * most MAX_ALTS - 1 of them. Returns how many. */
/* The article-side word(s) for a token: looked up by the word, then by
 * its stem ("labelled" -> "label"). */
static const char *token_synonym(const struct token *tok)
{
	const char *syn = lexicon_synonym(tok->word);
	return syn ? syn : lexicon_synonym(tok->stem);
}

static size_t synonym_stems(struct text_stemmer *st, const struct token *tok,
			    char out[][TEXT_MAX_WORD + 1])
{
	const char *syn = token_synonym(tok);
	size_t n = 0;
	while (syn && *syn && n < MAX_ALTS - 1) {
		size_t len = strcspn(syn, " ");
		char word[TEXT_MAX_WORD + 1];
		snprintf(word, sizeof word, "%.*s", (int)len, syn);
		text_stem(st, word, out[n++]);
		syn += len;
		syn += strspn(syn, " ");
	}
	return n;
}

/* A number of three digits or more that the article never gives ("the
 * S-400") makes a question one the article cannot answer; small numbers
 * ("the 2 leaders") are ordinary words. "2400" is also looked up as
 * "2,400". */
/* Is the article dated in the year `word` ("2019" of 2019-11-02)? */
static bool dated_in(const struct kb_article *art, const char *word)
{
	return number_is_year(word) && !strncmp(art->date, word, 4);
}

static bool number_known(const struct kb *kb, const char *num)
{
	size_t len = strlen(num);
	if (len < 3 || strspn(num, "0123456789") != len || kb_knows_stem(kb, num))
		return true;
	char grouped[64];
	size_t n = 0;
	for (size_t i = 0; i < len && n + 2 < sizeof grouped; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			grouped[n++] = ',';
		grouped[n++] = num[i];
	}
	grouped[n] = '\0';
	if (kb_knows_stem(kb, grouped))
		return true;
	/* a year an article is dated in ("the 2019 final") */
	for (size_t i = 0; i < kb_article_count(kb); i++)
		if (dated_in(kb_article_at(kb, i), num))
			return true;
	return false;
}

/* How WordNet's words related to token i of t are stemmed, for those the
 * knowledge base uses. */
struct related_stems {
	const struct kb *kb;
	struct text_stemmer *st;
	const char *own;                     /* the token's own stem */
	enum wordnet_pos pos;                /* of the lemma looked up */
	char (*out)[TEXT_MAX_WORD + 1];
	size_t n, max;
};

/* The word of a WordNet lemma that the article would say: the lemma
 * itself, or for a collocation of two words its head: a verb before its
 * particle ("back up" -> "back"), a noun after its modifier ("work
 * stoppage" -> "stoppage"). Others ("take a dive") are not one word of the
 * article: false. */
static const char *const particles[] = {
	"up", "down", "out", "off", "in", "on", "over", "away", "back", "through", NULL,
};

/* Verbs of many senses, whose meaning their object or particle makes:
 * never a synonym of another verb ("survive" is no "go"). */
static const char *const light_verbs[] = {
	"get", "set", "go", "put", "take", "make", "come", "give", "have", "do", "keep",
	"turn", "bring", "run", "let", "pass", "carry", "hold", "stand", "fall", "break",
	"pick", "look", NULL,
};

static bool collocation_head(const char *word, enum wordnet_pos pos, char *out)
{
	const char *sp = strchr(word, ' ');
	size_t len = strlen(word);
	if (len > WORDNET_MAX_WORD)
		return false;
	if (!sp) {
		memcpy(out, word, len + 1);
		return true;
	}
	if (strchr(sp + 1, ' '))
		return false;
	/* a light verb says nothing without its particle ("set out") */
	if (pos == WORDNET_VERB && text_in_list(sp + 1, particles) &&
	    !(sp - word < 16 && word_in_n(word, (size_t)(sp - word), light_verbs))) {
		memcpy(out, word, (size_t)(sp - word));
		out[sp - word] = '\0';
		return true;
	}
	if (pos == WORDNET_NOUN) {
		memcpy(out, sp + 1, strlen(sp + 1) + 1);
		return true;
	}
	return false;
}

static void add_related(void *user, const char *word, enum wordnet_relation rel)
{
	struct related_stems *r = user;
	char solid[TEXT_MAX_WORD + 1], stem[TEXT_MAX_WORD + 1];
	size_t n = 0;
	(void)rel;
	char head[WORDNET_MAX_WORD + 1];
	if (r->n >= r->max || !collocation_head(word, r->pos, head))
		return;
	word = head;
	if (r->pos == WORDNET_VERB && text_in_list(word, light_verbs))
		return;
	for (const char *p = word; *p && n < TEXT_MAX_WORD; p++)
		if (*p != '-')
			solid[n++] = *p;  /* "cease-fire" as the article's "ceasefire" */
	solid[n] = '\0';
	text_stem(r->st, solid, stem);
	if (!strcmp(stem, r->own) || !kb_knows_stem(r->kb, stem))
		return;
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->out[i], stem))
			return;
	memcpy(r->out[r->n++], stem, strlen(stem) + 1);
}

/* The part of speech a question uses a word in: a noun after a
 * determiner, a verb after "to", an auxiliary or a modal, and otherwise
 * the one WordNet's tagged corpus sees more often. */
static enum wordnet_pos guess_pos(const struct wordnet *wn, const struct tokens *t, size_t i,
				  const char *noun, const char *verb)
{
	static const char *const dets[] = {
		"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
		"our", "my", "your", "any", "no", "every", "of", NULL,
	};
	static const char *const verb_before[] = {
		"to", "did", "does", "do", "will", "would", "can", "could", "should", "may",
		"might", "must", "not", "never",
		/* (a subject: "why did they PICK Vienna") */
		"they", "he", "she", "we", "i", "you", NULL,
	};
	/* "the merged airline": a participle, a verb to WordNet only */
	if (!*noun && *verb)
		return WORDNET_VERB;
	if (i > 0 && text_in_list(t->v[i - 1].word, dets))
		return WORDNET_NOUN;
	if (i > 0 && text_in_list(t->v[i - 1].word, verb_before))
		return WORDNET_VERB;
	struct wordnet_entry en = {0}, ev = {0};
	bool has_n = *noun && wordnet_lookup(wn, WORDNET_NOUN, noun, &en);
	bool has_v = *verb && wordnet_lookup(wn, WORDNET_VERB, verb, &ev);
	return has_v && (!has_n || ev.tagged > en.tagged) ? WORDNET_VERB : WORDNET_NOUN;
}

/* What wordnet_stems looks for. */
enum {
	STEMS_VERBS_ONLY = 1,  /* only when the question uses the word as a verb */
};

/* The stems, used by the knowledge base, of WordNet's synonyms and
 * derived forms of token i in the first sense of the part of speech the
 * question uses it in ("truce" -> "ceasefire", "agree" -> "agreement"),
 * as `flags` says. At most max; returns how many. Without WordNet, none. */
static size_t wordnet_stems(const struct kb *kb, struct text_stemmer *st,
			    const struct tokens *t, size_t i, char out[][TEXT_MAX_WORD + 1],
			    size_t max, unsigned flags)
{
	const struct wordnet *wn = kb_wordnet(kb);
	const struct token *tok = &t->v[i];
	char noun[WORDNET_MAX_WORD + 1] = "", verb[WORDNET_MAX_WORD + 1] = "";
	if (!wn || tok->number || tok->fragment || max == 0)
		return 0;
	wordnet_lemma(wn, WORDNET_NOUN, tok->word, noun);
	wordnet_lemma(wn, WORDNET_VERB, tok->word, verb);
	enum wordnet_pos pos = guess_pos(wn, t, i, noun, verb);
	if ((flags & STEMS_VERBS_ONLY) && pos != WORDNET_VERB)
		return 0;
	char *lemma = pos == WORDNET_VERB ? verb : noun;
	/* "go OFF": the phrasal verb, when WordNet lists it ("sound") */
	struct wordnet_entry e;
	char phrasal[WORDNET_MAX_WORD + 1];
	if (pos == WORDNET_VERB && *lemma && i + 1 < t->n &&
	    text_in_list(t->v[i + 1].word, particles) &&
	    snprintf(phrasal, sizeof phrasal, "%s_%s", lemma, t->v[i + 1].word) < (int)sizeof phrasal &&
	    wordnet_lookup(wn, WORDNET_VERB, phrasal, &e))
		memcpy(lemma, phrasal, strlen(phrasal) + 1);
	struct related_stems r = { .kb = kb, .st = st, .own = tok->stem, .pos = pos, .out = out,
				   .max = max };
	if (*lemma)
		wordnet_related(wn, pos, lemma, 1, WORDNET_SYNONYM | WORDNET_DERIVED, add_related, &r);
	return r.n;
}

/* Is token i of the question used as a verb (see guess_pos)? */
static bool wordnet_verb_at(const struct query *q, size_t i)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	char noun[WORDNET_MAX_WORD + 1] = "", verb[WORDNET_MAX_WORD + 1] = "";
	if (!wn || q->t.v[i].number)
		return false;
	wordnet_lemma(wn, WORDNET_NOUN, q->t.v[i].word, noun);
	if (!wordnet_lemma(wn, WORDNET_VERB, q->t.v[i].word, verb))
		return false;
	return guess_pos(wn, &q->t, i, noun, verb) == WORDNET_VERB;
}

/* Is token i the noun of an event told with "take" ("take EFFECT", "take
 * PLACE", "took OFFICE"), which stands for a verb? */
static bool light_verb_object(const struct query *q, size_t i)
{
	static const char *const taking[] = { "take", "takes", "took", "taken", "taking", NULL };
	return i > 0 && text_in_list(q->t.v[i - 1].word, taking);
}

/* Is token i the verb of what "how many N" counts, right after the noun
 * and its auxiliaries ("how many people have DIED", "how many were
 * KILLED"), not a verb of someone else's ("how much water does Dravonia
 * want released")? */
static bool counted_verb(const struct query *q, size_t i)
{
	if (q->wh != WH_HOW_MANY || i <= q->wh_at + 1)
		return false;
	size_t k = q->wh_at + 2;
	if (k < q->t.n && !is_aux(q->t.v[k].word))
		k++;  /* the counted noun */
	while (k < q->t.n && is_aux(q->t.v[k].word))
		k++;
	return k == i && wordnet_verb_at(q, i);
}

/* Is a word understood: used by the knowledge base, read by the parser
 * as a cue, a synonym of a known word, or the opposite of one ("fair"
 * when the article says "rigged")? */
static bool word_known(const struct kb *kb, struct text_stemmer *st, const struct tokens *t,
		       size_t at)
{
	const struct token *tok = &t->v[at];
	if (tok->number)
		return number_known(kb, tok->word);
	if (text_is_stopword(tok->word) || lexicon_is_cue(tok->word, tok->stem) ||
	    kb_knows_stem(kb, tok->stem))
		return true;
	const char *syn = token_synonym(tok);
	char syns[MAX_ALTS][TEXT_MAX_WORD + 1], stem[TEXT_MAX_WORD + 1];
	size_t n = synonym_stems(st, tok, syns);
	if (syn && !*syn)
		return true;  /* a filler: "pls" */
	for (size_t i = 0; i < n; i++)
		if (kb_knows_stem(kb, syns[i]))
			return true;
	if (wordnet_stems(kb, st, t, at, syns, 1, 0) > 0)
		return true;
	const char *opposite;
	for (unsigned i = 0; (opposite = lexicon_antonym(tok->stem, i)); i++) {
		text_stem(st, opposite, stem);
		if (kb_knows_stem(kb, stem))
			return true;
	}
	return false;
}

/* Is `word` an English word WordNet knows in any part of speech? Such a
 * word is never read as a typo of another ("ride" is not "rise"). */
static bool wordnet_word(const struct wordnet *wn, const char *word)
{
	char base[WORDNET_MAX_WORD + 1];
	for (int pos = 0; wn && pos < WORDNET_POS_COUNT; pos++)
		if (wordnet_lemma(wn, (enum wordnet_pos)pos, word, base))
			return true;
	return false;
}

/* Is `word` a noun for a kind of person in its first `senses` senses? */
static bool person_noun(const struct wordnet *wn, const char *word, unsigned senses)
{
	char lemma[WORDNET_MAX_WORD + 1];
	return wn && wordnet_lemma(wn, WORDNET_NOUN, word, lemma) &&
	       wordnet_is_a(wn, WORDNET_NOUN, lemma, senses, "person", 14);
}

/* Is `word` of part of speech `pos` (an adverb or an adjective) and
 * neither a noun nor a verb to WordNet ("roughly", "far", "old"): one
 * that says how or what like, not what, so it is never required of an
 * answer? */
static bool only_as(const struct wordnet *wn, const char *word, enum wordnet_pos as)
{
	char base[WORDNET_MAX_WORD + 1];
	struct wordnet_entry own, other;
	if (!wn || !wordnet_lemma(wn, as, word, base) || !wordnet_lookup(wn, as, base, &own))
		return false;
	/* a noun or verb sense that the tagged corpus never saw ("far" or
	 * "old" as a noun) does not count */
	for (int pos = WORDNET_NOUN; pos <= WORDNET_VERB; pos++)
		if (wordnet_lemma(wn, (enum wordnet_pos)pos, word, base) &&
		    wordnet_lookup(wn, (enum wordnet_pos)pos, base, &other) &&
		    (other.tagged > 0 || own.tagged == 0))
			return false;
	return true;
}

static bool only_adverb(const struct wordnet *wn, const char *word)
{
	return only_as(wn, word, WORDNET_ADV);
}

/* Words that say a figure is a share or an amount of money in a
 * question ("seven percent", "three billion dollars"); the article may
 * write them as signs ("7.4%", "$3.1 billion"). */
static bool percent_word(const char *w)
{
	return !strcmp(w, "percent") || !strcmp(w, "%") || !strcmp(w, "pc");
}

/* Is the noun `lemma` a figure: one to WordNet, or to news copy
 * ("turnout")? */
static bool figure_noun(const struct wordnet *wn, const char *lemma)
{
	return wordnet_figure(wn, lemma) || lexicon_is_figure(lemma);
}

/* "what is the RANSOM", "what's the new RATE": the noun asked is a
 * figure (to WordNet, a kind of measure, magnitude, cost or value), so a
 * sentence without a number does not answer it. */
static bool asks_value(const struct query *q)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	const char *norm = strbuf_str(&q->norm);
	size_t i = q->wh_at + 1;
	/* "what IS the", or "WHAT'S the" */
	bool contracted = q->wh_at < q->t.n && text_possessive(norm, &q->t.v[q->wh_at]);
	char lemma[WORDNET_MAX_WORD + 1];
	/* "what PRESSURE would mean the well is safe": the figure right
	 * after "what", before its verb */
	if (wn && q->wh == WH_WHAT && !contracted && i + 1 < q->t.n &&
	    !is_aux(q->t.v[i].word) && is_aux(q->t.v[i + 1].word) && !in_entity(q, i))
		return wordnet_lemma(wn, WORDNET_NOUN, q->t.v[i].word, lemma) && figure_noun(wn, lemma);
	if (!wn || q->wh != WH_WHAT || i >= q->t.n || (!contracted && !is_aux(q->t.v[i].word)))
		return false;
	/* ("what is SOUTHMOOR WATER'S yearly profit": an owner's name) */
	for (i += !contracted; i < q->t.n; i++) {
		if (tok_is(q, i, "the") || tok_is(q, i, "a") || text_possessive(norm, &q->t.v[i]))
			continue;
		size_t owner = 0;
		for (size_t e = 0; e < q->n_ents; e++)
			if (q->ents[e].first == i && q->ents[e].count > 0 &&
			    text_possessive(norm, &q->t.v[i + q->ents[e].count - 1]))
				owner = q->ents[e].count;
		if (!owner)
			break;
		i += owner - 1;
	}
	long noun = -1;
	for (; i < q->t.n && !text_is_stopword(q->t.v[i].word) && !in_entity(q, i); i++)
		if (wordnet_lemma(wn, WORDNET_NOUN, q->t.v[i].word, lemma))
			noun = (long)i;
	if (noun < 0 || !wordnet_lemma(wn, WORDNET_NOUN, q->t.v[noun].word, lemma))
		return false;
	/* "what's inflation AT (now)": a level */
	if (tok_is(q, (size_t)noun + 1, "at") &&
	    ((size_t)noun + 2 == q->t.n || tok_is(q, (size_t)noun + 2, "now")))
		return true;
	return figure_noun(wn, lemma);
}

/* Does a who-answer name someone the question does not: a capitalised
 * name none of whose words the question says, or a word for a kind of
 * person ("the coach")? "who is the head of the Chamber of Commerce" is
 * not answered by "The Brennport Chamber of Commerce, which opposed
 * ...". */
static bool names_someone_new(const struct query *q, const char *answer)
{
	struct tokens t = {0};
	bool found = false;
	if (kb_tokenize(q->kb, answer, &t) == 0)
		for (size_t k = 0; k < t.n && !found; k++) {
			/* (a word for a person, not one WordNet also reads as
			 * an adjective: "HEAVY pack ice" is no villain) */
			if (!t.v[k].capitalized || (k == 0 && text_is_stopword(t.v[k].word))) {
				char adj[WORDNET_MAX_WORD + 1];
				found = !t.v[k].capitalized && !has_word(q, t.v[k].word) &&
					person_noun(kb_wordnet(q->kb), t.v[k].word, 2) &&
					!wordnet_lemma(kb_wordnet(q->kb), WORDNET_ADJ, t.v[k].word, adj);
				continue;
			}
			size_t last = k;
			bool asked = has_word(q, t.v[k].word);
			while (last + 1 < t.n && t.v[last + 1].capitalized)
				asked |= has_word(q, t.v[++last].word);
			/* "of" joins a name: "Chamber of Commerce" */
			while (last + 2 < t.n && !strcmp(t.v[last + 1].word, "of") &&
			       t.v[last + 2].capitalized) {
				last += 2;
				asked |= has_word(q, t.v[last].word);
			}
			found = !asked;
			k = last;
		}
	tokens_free(&t);
	return found;
}

/* "what RELICS were saved", "which PLANT": the token of the kind of thing
 * asked, a noun right after the question word, or -1. */
static long kind_asked(const struct query *q)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	size_t i = q->wh_at + 1;
	char lemma[WORDNET_MAX_WORD + 1];
	if (!wn || (q->wh != WH_WHAT && q->wh != WH_WHICH))
		return -1;
	/* "which libyan WARLORD": the last of the nouns in a row */
	long kind = -1;
	/* (the first a noun, and no verb that takes an object: "what CAUSED
	 * the fire" asks no kind, "what ROCKET launched it" does, and so
	 * does a word an auxiliary follows, which no verb is: "what BIKE
	 * was he riding") */
	for (; i < q->t.n && !text_is_stopword(q->t.v[i].word) && !in_entity(q, i) &&
	       !lexicon_is_frame(q->t.v[i].word, q->t.v[i].stem) &&
	       wordnet_lemma(wn, WORDNET_NOUN, q->t.v[i].word, lemma) &&
	       (kind >= 0 || q->wh == WH_WHICH ||
		!wordnet_lemma(wn, WORDNET_VERB, q->t.v[i].word, lemma) ||
		(i + 1 < q->t.n && (!text_is_stopword(q->t.v[i + 1].word) ||
				    is_aux(q->t.v[i + 1].word))));
	     i++)
		kind = (long)i;
	return kind;
}

/* A yes/no question that compares a figure with a bound ("did X fall by
 * MORE THAN seven percent", "were FEWER THAN 10 people hurt"): sets
 * q->cmp and what goes with it. */
static void find_comparison(struct query *q)
{
	static const char *const more[] = { "more", "greater", "higher", NULL };
	static const char *const less[] = { "less", "fewer", "lower", NULL };
	bool yesno = q->wh == WH_NONE && q->t.n > 0 && is_aux(q->t.v[0].word);
	for (size_t i = 0; yesno && i + 2 < q->t.n && !q->cmp; i++) {
		struct number_phrase np;
		int dir = text_in_list(q->t.v[i].word, more) ? 1 : text_in_list(q->t.v[i].word, less) ? -1 : 0;
		if (!dir || !tok_is(q, i + 1, "than") || !number_parse(&q->t, i + 2, &np) ||
		    np.approximate)
			continue;
		q->cmp = dir;
		q->cmp_value = np.value;
		q->cmp_first = i;
		q->cmp_end = np.first + np.count;
		if (np.unit < q->t.n) {
			/* "percent", "dollars": said by the article's own figure */
			q->cmp_percent = percent_word(q->t.v[np.unit].word);
			q->cmp_money = wordnet_currency(kb_wordnet(q->kb), q->t.v[np.unit].word);
			if (q->cmp_percent || q->cmp_money)
				q->cmp_end = np.unit + 1;
		}
	}
}

/* Pass 1: rewrite shorthand and words one typo away from the knowledge
 * base's vocabulary, keeping everything else as written. */
static int rewrite(struct query *q, const char *question)
{
	struct tokens raw = {0};
	/* "what % of members": the sign is no word to the tokenizer */
	struct strbuf spelled = {0};
	for (const char *p = question; *p; p++) {
		if (*p == '%')
			strbuf_puts(&spelled, " percent ");
		else
			strbuf_putc(&spelled, *p);
	}
	if (strbuf_failed(&spelled)) {
		strbuf_free(&spelled);
		return BB_ENOMEM;
	}
	question = strbuf_str(&spelled);
	int rc = kb_tokenize(q->kb, question, &raw);
	for (size_t i = 0; rc == 0 && i < raw.n; i++) {
		const struct token *tok = &raw.v[i];
		if (i > 0)
			strbuf_putc(&q->norm, tok->joined ? question[raw.v[i - 1].end] : ' ');
		/* "did they vote for a strike OR NOT": the choice asked,
		 * no denial */
		if (!strcmp(tok->word, "or") && i + 2 == raw.n &&
		    (!strcmp(raw.v[i + 1].word, "not") || !strcmp(raw.v[i + 1].word, "no")))
			break;
		/* "defending it ON MEDRAN'S SIDE": for Medran */
		if (!strcmp(tok->word, "on") && i + 2 < raw.n &&
		    text_possessive(question, &raw.v[i + 1]) &&
		    (!strcmp(raw.v[i + 2].word, "side") || !strcmp(raw.v[i + 2].word, "sides"))) {
			strbuf_puts(&q->norm, "for ");
			strbuf_puts(&q->norm, raw.v[i + 1].word);
			i += 2;
			continue;
		}
		/* "when do the duties KICK IN": as the article says it */
		const char *phrase = i + 1 < raw.n ? lexicon_phrasal(tok->word, raw.v[i + 1].word) : NULL;
		if (phrase) {
			strbuf_puts(&q->norm, phrase);
			i++;
			continue;
		}
		const char *exp = lexicon_expand(tok->word);
		const char *fix = NULL;
		bool known = exp || word_known(q->kb, raw.stemmer, &raw, i);
		/* "the nsf": the name the article spells out; one of two
		 * letters only after "the" ("the us": no pronoun follows it) */
		bool after_the = i > 0 && !strcmp(raw.v[i - 1].word, "the");
		bool acronym = known ? after_the && !strcmp(tok->word, "us")
				     : after_the || strlen(tok->word) > 2;
		if (acronym && kb_acronym(q->kb, tok->word, &q->norm))
			continue;
		if (!known && !wordnet_word(kb_wordnet(q->kb), tok->word)) {
			/* One typo away from an article word, or from the
			 * stem of one ("bakcs" -> "backs"). */
			fix = kb_correct_word(q->kb, tok->word);
			if (!fix)
				fix = kb_correct_word(q->kb, tok->stem);
		}
		if (exp)
			strbuf_puts(&q->norm, exp);
		else if (fix)
			strbuf_puts(&q->norm, fix);
		else
			strbuf_append(&q->norm, question + tok->start, tok->end - tok->start);
		/* "Boskalis' chief": the apostrophe after a name is its
		 * possessive, which the readings after this one look for
		 * (after a plain plural, "the residents' lawyer", it only
		 * says which lawyer, as "the residents lawyer" would) */
		char noun[WORDNET_MAX_WORD + 1];
		if (!exp && !fix && text_possessive(question, tok) &&
		    (question[tok->end] == '\'' || question[tok->end] == '\xe2') &&
		    !(kb_wordnet(q->kb) &&
		      wordnet_lemma(kb_wordnet(q->kb), WORDNET_NOUN, tok->word, noun)))
			strbuf_append(&q->norm, question + tok->end, question[tok->end] == '\'' ? 1 : 3);
	}
	tokens_free(&raw);
	strbuf_free(&spelled);
	if (rc == 0 && strbuf_failed(&q->norm))
		rc = BB_ENOMEM;
	return rc;
}

/* Adds a term (or merges it with an equal one) and returns it; NULL when
 * there is nothing to add or no room. */
static struct term *add_term(struct query *q, const char *const *alts, size_t n, bool entity,
			     bool soft)
{
	if (n == 0)
		return NULL;
	for (size_t i = 0; i < q->n_terms; i++)
		if (strcmp(q->terms[i].alt[0], alts[0]) == 0) {
			q->terms[i].soft &= soft;
			return &q->terms[i];
		}
	if (q->n_terms >= MAX_TERMS)
		return NULL;
	struct term *t = &q->terms[q->n_terms++];
	*t = (struct term){ .entity = entity, .soft = soft };
	for (size_t i = 0; i < n && i < MAX_ALTS; i++)
		snprintf(t->alt[t->n_alts++], sizeof t->alt[0], "%s", alts[i]);
	return t;
}

/* Does `name` contain `word` as a whole word, ignoring case? A word
 * starts after a space or hyphen and ends before one or before a
 * punctuation mark ("the PKK;" holds "PKK"); a possessive is another
 * word ("Russia's" is not "Russia"). */
static bool contains_word(const char *name, const char *word)
{
	size_t len = strlen(word);
	for (const char *p = strcasestr(name, word); p; p = strcasestr(p + 1, word))
		if ((p == name || p[-1] == ' ' || p[-1] == '-') &&
		    (p[len] == '\0' || strchr(" -;,.:)", p[len])))
			return true;
	return false;
}

/* Does token k of t (whose entity mentions are `spans`) say `term`? */
static bool term_at(const struct term *term, const struct tokens *t, size_t k,
		    const struct entity_span *spans, size_t ns)
{
	if (term->entity) {
		for (size_t s = 0; s < ns; s++)
			for (size_t a = 0; a < term->n_alts; a++)
				if (k >= spans[s].first && k < spans[s].first + spans[s].count &&
				    strcmp(spans[s].entity->id, term->alt[a] + 1) == 0)
					return true;
		return false;
	}
	for (size_t a = 0; a < term->n_alts; a++)
		if (text_token_says(&t->v[k], term->alt[a]))
			return true;
	/* (the question's own word, an acronym the name spells out) */
	return term->n_alts > 0 && t->v[k].capitalized && text_spelled_out_at(t, k, term->alt[0]);
}

static bool term_in_doc(const struct index *idx, size_t doc, const struct term *term)
{
	for (size_t a = 0; a < term->n_alts; a++)
		if (index_doc_has(idx, doc, term->alt[a]))
			return true;
	return false;
}

static bool has_hard_words(const struct query *q)
{
	for (size_t i = 0; i < q->n_terms; i++)
		if (!q->terms[i].entity && !q->terms[i].soft)
			return true;
	return false;
}

/* Does any sentence say one of the ways of saying term t? */
static bool term_in_doc_any(const struct query *q, const struct term *t)
{
	for (size_t a = 0; a < t->n_alts; a++)
		if (index_df(kb_index(q->kb), t->alt[a]) > 0)
			return true;
	return false;
}

/* Does the question ask what someone does: a word that is not a name and
 * not a frame, said by the article ("chaired") or not ("backing", a cue
 * the article never uses)? */
static bool asks_predicate(const struct query *q)
{
	for (size_t i = 0; i < q->n_terms; i++)
		if (!q->terms[i].entity && (!q->terms[i].soft || q->terms[i].guessed))
			return true;
	return false;
}

/* Does the question hold a word the article's sentences never say, read
 * as a cue ("backing" where only "back-to-back" is written)? */
static bool asks_unsaid(const struct query *q)
{
	for (size_t i = 0; i < q->n_terms; i++)
		if (q->terms[i].soft && q->terms[i].guessed && !q->terms[i].opposite &&
		    !term_in_doc_any(q, &q->terms[i]))
			return true;
	return false;
}

/* Is token i a word for the article itself ("story", "piece", "report")
 * used as a topic instead ("the main story between Ankara and Moscow"):
 * not followed by a verb of saying ("does the story say")? Or "named"
 * in "named after", which asks a namesake? */
static bool names_topic(const struct query *q, size_t i)
{
	static const char *const documents[] = { "story", "piece", "report", NULL };
	static const char *const saying[] = {
		"say", "says", "said", "mention", "mentions", "report", "reports", "claim",
		"claims", "tell", "tells", NULL,
	};
	/* ("who is the crater NAMED AFTER": the naming is what is asked,
	 * not a frame for a name) */
	if (tok_is(q, i, "named") && (tok_is(q, i + 1, "after") || tok_is(q, i + 1, "for")))
		return true;
	return text_in_list(q->t.v[i].word, documents) && i + 1 < q->t.n &&
	       !text_in_list(q->t.v[i + 1].word, saying);
}

/* "how many REFUGEES", "how much of Pelmora's WATER": the term for the
 * word after "many"/"much" (past "of", a determiner or a name), or NULL
 * when a verb follows ("how much did the dam cost"). */
static const struct term *counted_term(const struct query *q)
{
	size_t i = q->wh_at + 2;
	if (tok_is(q, i, "of"))
		i++;
	while (i < q->t.n && (in_entity(q, i) || tok_is(q, i, "the") || tok_is(q, i, "its") ||
			      tok_is(q, i, "their")))
		i++;
	if (i >= q->t.n || text_is_stopword(q->t.v[i].word))
		return NULL;
	for (size_t k = 0; k < q->n_terms; k++)
		for (size_t a = 0; a < q->terms[k].n_alts; a++)
			if (!q->terms[k].entity && strcmp(q->terms[k].alt[a], q->t.v[i].stem) == 0)
				return &q->terms[k];
	return NULL;
}

/* "how HIGH are the tariffs", "how steep is the cut": a rate, asked
 * as a share ("35 per cent"); a height or a depth ("how high is the
 * dam") is not answered by one. */
static const char *const measures[] = { "high", "steep", "low", NULL };

static bool how_measure(const struct query *q, size_t i)
{
	return i < q->t.n && text_in_list(q->t.v[i].word, measures);
}

/* "how BIG is the site", "how DEEP was the quake": a size, answered by
 * a number of some unit of measurement ("38 hectares", "10 km"), not by
 * a count of things ("4,800 homes"). */
static bool how_dimension(const struct query *q, size_t i)
{
	/* "how far is X from Y" is a distance; "how far above the limit"
	 * a degree */
	if (tok_is(q, i, "far")) {
		/* ("how far AWAY is the comet", "how far IN were they") */
		static const char *const away[] = {
			"away", "ahead", "behind", "in", "out", "off", "from", "down", "up", "along",
			"inside", "into", "offshore", "inland", "underground", "apart", "north",
			"south", "east", "west", "upstream", "downstream", NULL,
		};
		return i + 1 < q->t.n &&
		       (is_aux(q->t.v[i + 1].word) || text_in_list(q->t.v[i + 1].word, away));
	}
	/* "how long is the SHIP": a length, when a thing is asked about
	 * (to WordNet an object in its first sense), not an event ("how
	 * long is the strike") nor a verb ("... going to last") */
	if (tok_is(q, i, "long")) {
		static const char *const copulas[] = { "is", "are", "was", "were", NULL };
		const struct wordnet *wn = kb_wordnet(q->kb);
		size_t last = q->t.n - 1;
		/* (the thing is the noun the copula's subject ends on, not
		 * the question's last: "how long was the AD on tv") */
		size_t k = i + 2;
		while (k < q->t.n && text_is_stopword(q->t.v[k].word))
			k++;
		while (k + 1 < q->t.n && !text_is_stopword(q->t.v[k + 1].word))
			k++;
		if (k < q->t.n)
			last = k;
		char lemma[WORDNET_MAX_WORD + 1];
		return wn && i + 2 < q->t.n && text_in_list(q->t.v[i + 1].word, copulas) &&
		       !wordnet_verb_at(q, last) &&
		       wordnet_lemma(wn, WORDNET_NOUN, q->t.v[last].word, lemma) &&
		       wordnet_is_a(wn, WORDNET_NOUN, lemma, 1, "object", 12);
	}
	return i < q->t.n && number_is_dimension(q->t.v[i].word);
}

/* "how big / large / small": a size, which may be an amount of money
 * ("how big is the fund") */
static bool how_sized(const struct query *q)
{
	static const char *const sizes[] = { "big", "large", "small", NULL };
	return q->dimension && q->wh_at + 1 < q->t.n && text_in_list(q->t.v[q->wh_at + 1].word, sizes);
}

/* Words that say what someone means to do ("would bring", "plans to",
 * "will seek"). */
static const char *const intent_words[] = {
	"will", "would", "plan", "plans", "planned", "planning", "intend", "intends",
	"intended", "aim", "aims", "want", "wants", "wanted", "seek", "seeks", "hope",
	"hopes", "pledged", "promised", "vowed", "going", NULL,
};

/* "what is X planning to do", "who does X want to govern with": a
 * question about an intention, read from its cue word. */
static const char *const intent_asking[] = {
	"plan", "plans", "planning", "intend", "intends", "intending", "want",
	"wants", "aim", "aims", "aiming", "hope", "hopes", "hoping", NULL,
};

static bool asks_intent(const struct query *q)
{
	for (size_t i = 0; i < q->t.n; i++)
		if (text_in_list(q->t.v[i].word, intent_asking))
			return true;
	return false;
}

/* Is token i the verb of a phrasal verb WordNet lists ("end up", "wind
 * up"), followed by its particle? */
static bool phrasal_frame(const struct query *q, size_t i)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	char verb[WORDNET_MAX_WORD + 1], phrase[2 * WORDNET_MAX_WORD + 2];
	struct wordnet_entry e;
	if (!wn || i + 1 >= q->t.n || !tok_is(q, i + 1, "up") ||
	    !wordnet_lemma(wn, WORDNET_VERB, q->t.v[i].word, verb))
		return false;
	snprintf(phrase, sizeof phrase, "%s up", verb);
	return wordnet_lookup(wn, WORDNET_VERB, phrase, &e);
}

/* Is token i an adjective and nothing else to WordNet (see only_as),
 * before a noun the article uses ("the UNEXPECTED result", "the OLD
 * cap")? It only describes what is asked about; the article need not use
 * it. */
static bool only_describes_next(const struct query *q, size_t i)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	char lemma[WORDNET_MAX_WORD + 1];
	if (!wn || i + 1 >= q->t.n || !only_as(wn, q->t.v[i].word, WORDNET_ADJ))
		return false;
	const struct token *next = &q->t.v[i + 1];
	return !text_is_stopword(next->word) && wordnet_lemma(wn, WORDNET_NOUN, next->word, lemma) &&
	       index_df(kb_index(q->kb), next->stem) > 0;
}

/* "who RUNS Meridian", "who heads the authority": its leader, which the
 * typed reading finds by the leader's role beside a name; a sentence that
 * names the company and someone else ("computers RUNNING Microsoft
 * Windows") is no answer. */
static bool asks_leader(const struct query *q)
{
	return q->wh == WH_WHO && q->wh_at + 1 < q->t.n && text_leads(q->t.v[q->wh_at + 1].word);
}

/* "what's the SUB called": the name of a thing, not of a person (whose
 * role the main search reads) */
static bool asks_thing_name(const struct query *q)
{
	size_t named = text_name_asked(&q->t, q->wh_at);
	return named < q->t.n && !person_noun(kb_wordnet(q->kb), q->t.v[named].word, 6);
}

/* Sets q->rank_stems: the stems of the words that make a post another,
 * unless the question says one ("who is the DEPUTY mayor"). */
static void find_rank_stems(struct query *q)
{
	q->n_ranks = 0;
	for (size_t i = 0; i < q->t.n; i++)
		if (text_another_rank(q->t.v[i].word))
			return;
	for (size_t i = 0; i < TEXT_RANKS; i++)
		text_stem(q->t.stemmer, text_rank_word(i), q->rank_stems[q->n_ranks++]);
}

/* The question's verb of saying ("what did the mayor SAY"), or q->t.n. */
static size_t asked_saying(const struct query *q)
{
	static const char *const saying[] = { "say", "said", "tell", "told", NULL };
	size_t i = 0;
	while (i < q->t.n && !text_in_list(q->t.v[i].word, saying))
		i++;
	return i;
}

/* "what did the mayor say AFTER WINNING", "... AT THE LAUNCH", "...
 * OUTSIDE COURT": when and where the words were said frames what is
 * asked; the sentence that quotes them need not say it. The setting's
 * words are soft, and one the article never uses is no reason to refuse.
 * ("in", as in "say IN HER SPEECH", often names the words themselves,
 * and is left as it is.) */
static void soften_setting(struct query *q)
{
	static const char *const settings[] = {
		"after", "before", "following", "during", "outside", "at", NULL,
	};
	size_t verb = asked_saying(q);
	size_t from = verb + 1 < q->t.n && text_in_list(q->t.v[verb + 1].word, settings) ? verb + 1
											 : q->t.n;
	for (size_t i = 0; i < q->n_terms; i++)
		if (!q->terms[i].entity && q->terms[i].word_at > from)
			q->terms[i].soft = true;
	for (size_t i = from; i < q->t.n && q->unknown; i++)
		if (q->unknown == q->t.v[i].word)
			q->unknown = NULL;
	q->set_said = from < q->t.n;
}

/* "how much MONEY", "how much CASH": token i asks a sum, said in a
 * currency rather than in its own word. */
static bool asks_money_at(const struct query *q, size_t i)
{
	static const char *const money[] = { "money", "cash", NULL };
	return q->wh == WH_HOW_MANY && i == q->wh_at + 2 && tok_is(q, q->wh_at + 1, "much") &&
	       i < q->t.n && text_in_list(q->t.v[i].word, money);
}

/* "when are WE EXPECTING a decision", "when can you expect it": the
 * asker's own waiting frames the question; the article need not say it. */
static bool asker_waits(const struct query *q, size_t i)
{
	static const char *const askers[] = { "we", "you", "i", NULL };
	return !strcmp(q->t.v[i].stem, "expect") && i > 0 &&
	       text_in_list(q->t.v[i - 1].word, askers);
}

/* Do tokens i and i+1 of the question (two words, neither a name or a
 * piece of a hyphenated word, the first not a stop word) make a word the
 * article writes solid, which neither makes alone? Its stem goes in
 * `out`. */
static bool solid_pair(const struct query *q, size_t i, char *out)
{
	if (i + 1 >= q->t.n)
		return false;
	const struct token *a = &q->t.v[i], *b = &q->t.v[i + 1];
	char word[TEXT_MAX_WORD + 1];
	if (a->number || b->number || a->fragment || b->fragment || b->joined ||
	    in_entity(q, i) || in_entity(q, i + 1) || text_is_stopword(a->word) ||
	    strlen(a->word) + strlen(b->word) > TEXT_MAX_WORD ||
	    index_df(kb_index(q->kb), a->stem) > 0)
		return false;
	snprintf(word, sizeof word, "%s%s", a->word, b->word);
	text_stem(q->t.stemmer, word, out);
	return index_df(kb_index(q->kb), out) > 0;
}

/* Is token i the verb of a "who" question that the stop list drops ("who
 * will RUN the company", "who MADE the call"): the first word after "who"
 * and its auxiliaries, a verb to WordNet, and not a verb of saying (those
 * the quotes answer)? */
static bool who_light_verb(const struct query *q, size_t i)
{
	/* verbs of saying (the quotes answer those) and light verbs, whose
	 * object says what is asked ("who has GIVEN the PKK refuge") */
	static const char *const saying[] = {
		"say", "says", "said", "tell", "tells", "told", "think", "thinks", "know", "going",
		"gonna", "give", "gives", "gave", "given", "giving", "take", "takes", "took",
		"taken", "taking", "make", "makes", "made", "get", "got", "keep", "keeps", "kept",
		"let", "like", "mean", "meant", NULL,
	};
	const struct wordnet *wn = kb_wordnet(q->kb);
	size_t k = q->wh_at + 1;
	char base[WORDNET_MAX_WORD + 1];
	if (q->wh != WH_WHO || !wn)
		return false;
	while (k < q->t.n && is_aux(q->t.v[k].word))
		k++;
	const char *w = q->t.v[i].word;
	return i == k && text_is_stopword(w) && !text_in_list(w, saying) &&
	       wordnet_lemma(wn, WORDNET_VERB, w, base);
}

/* Does a "what" question ask for a cause: its verb, past an auxiliary,
 * is "cause" to WordNet ("caused", "causes") or "led to"? */
static bool asks_cause(const struct query *q)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	size_t k = q->wh_at + 1;
	char base[WORDNET_MAX_WORD + 1];
	while (k < q->t.n && is_aux(q->t.v[k].word))
		k++;
	if (k >= q->t.n)
		return false;
	if ((tok_is(q, k, "led") || tok_is(q, k, "leads") || tok_is(q, k, "lead")) &&
	    tok_is(q, k + 1, "to"))
		return true;
	return wn && wordnet_lemma(wn, WORDNET_VERB, q->t.v[k].word, base) &&
	       !strcmp(base, "cause");
}

/* Words that ask how someone took the news: what they said. */
static const char *const reacting[] = {
	"reaction", "reactions", "react", "reacted", "reacting", NULL,
};

/* Is token i such a word, not one naming a thing ("REACTION time")? */
static bool reaction_at(const struct query *q, size_t i)
{
	return text_in_list(q->t.v[i].word, reacting) &&
	       (i + 1 >= q->t.n || text_is_stopword(q->t.v[i + 1].word));
}

/* Does "do", "does" or "did" follow the question word ("what DID X say")? */
static bool do_after_wh(const struct query *q)
{
	return tok_is(q, q->wh_at + 1, "did") || tok_is(q, q->wh_at + 1, "does") ||
	       tok_is(q, q->wh_at + 1, "do");
}

/* "what does X THINK of it", "what did X MAKE OF the result": an
 * opinion, which the article gives as what X said. */
static bool opinion_asked(const struct query *q)
{
	static const char *const thinking[] = { "think", "thinks", "thought", "feel", "feels", NULL };
	if (q->wh != WH_WHAT || !do_after_wh(q))
		return false;
	for (size_t i = q->wh_at + 3; i < q->t.n; i++)
		if (text_in_list(q->t.v[i].word, thinking) ||
		    (!strcmp(q->t.v[i].stem, "make") && tok_is(q, i + 1, "of")))
			return true;
	return false;
}

/* "what did X CALL the measure", "how did X DESCRIBE it": what X said
 * of it (not "call OFF", "call FOR", nor "what was the ship CALLED",
 * its name) */
static bool names_it(const struct query *q)
{
	static const char *const not_naming[] = { "off", "for", "on", "up", "out", "in", NULL };
	if ((q->wh != WH_WHAT && q->wh != WH_HOW) || !do_after_wh(q))
		return false;
	for (size_t i = q->wh_at + 1; i < q->t.n; i++)
		if ((!strcmp(q->t.v[i].stem, "call") || !strcmp(q->t.v[i].stem, "describ")) &&
		    i > q->wh_at + 2 && i + 1 < q->t.n && !text_in_list(q->t.v[i + 1].word, not_naming))
			return true;
	return false;
}

static bool reaction_asked(const struct query *q)
{
	for (size_t i = 0; i < q->t.n; i++)
		if (reaction_at(q, i))
			return true;
	return false;
}

static int parse(struct query *q, const char *question)
{
	int rc = rewrite(q, question);
	if (rc < 0)
		return rc;
	const char *norm = strbuf_str(&q->norm);
	if (kb_tokenize(q->kb, norm, &q->t) < 0)
		return BB_ENOMEM;

	/* The question word, and whether it is a yes/no question. */
	static const struct { const char *word; enum wh wh; } whs[] = {
		{ "who", WH_WHO }, { "whom", WH_WHO }, { "what", WH_WHAT }, { "which", WH_WHICH },
		{ "when", WH_WHEN }, { "where", WH_WHERE }, { "why", WH_WHY }, { "how", WH_HOW },
	};
	/* "Name the ...", "list the ...": imperatives that ask what. */
	if (q->t.n > 1 && (tok_is(q, 0, "name") || tok_is(q, 0, "list") || tok_is(q, 0, "identify")))
		q->wh = WH_WHAT;
	for (size_t i = 0; i < q->t.n && q->wh == WH_NONE; i++) {
		for (size_t k = 0; k < sizeof whs / sizeof *whs; k++) {
			if (!tok_is(q, i, whs[k].word))
				continue;
			q->wh = whs[k].wh;
			q->wh_at = i;
			q->dimension = q->wh == WH_HOW && how_dimension(q, i + 1);
			if (q->wh == WH_HOW && (tok_is(q, i + 1, "many") || tok_is(q, i + 1, "much") ||
						 how_measure(q, i + 1) || q->dimension))
				q->wh = WH_HOW_MANY;
			else if (q->wh == WH_HOW && tok_is(q, i + 1, "long"))
				q->wh = WH_HOW_LONG;
		}
	}
	/* "which city", "what year", "which leader": the noun after the
	 * question word says what kind of answer is wanted. */
	if ((q->wh == WH_WHAT || q->wh == WH_WHICH) && q->wh_at + 1 < q->t.n) {
		static const char *const when_nouns[] = {
			"day", "date", "year", "month", "week", "time", NULL,
		};
		static const char *const where_nouns[] = {
			"city", "town", "country", "place", "region", "province", "area", "part",
			"location", "port", NULL,
		};
		static const char *const who_nouns[] = {
			"person", "man", "woman", "leader", "president", "official", "analyst",
			"warlord", "people", NULL,
		};
		/* ("what EXACT date": past a word of precision) */
		size_t noun_at = q->wh_at + 1;
		if (noun_at + 1 < q->t.n && text_precision_word(q->t.v[noun_at].word))
			noun_at++;
		const char *noun = q->t.v[noun_at].word;
		/* "which country CLOSED its border" asks who did it, not where:
		 * a verb right after the noun (not an auxiliary: "which city
		 * is it in") */
		char base[WORDNET_MAX_WORD + 1];
		const struct wordnet *wn = kb_wordnet(q->kb);
		bool acts = q->wh_at + 2 < q->t.n && !is_aux(q->t.v[q->wh_at + 2].word) && wn &&
			    wordnet_lemma(wn, WORDNET_VERB, q->t.v[q->wh_at + 2].word, base) &&
			    !wordnet_lemma(wn, WORDNET_NOUN, q->t.v[q->wh_at + 2].word, base);
		/* "over what period": a span of time, not a point */
		if (!strcmp(noun, "period"))
			q->wh = WH_HOW_LONG;
		else if (!strcmp(noun, "time") && !tok_is(q, q->wh_at + 2, "frame"))
			q->wh = WH_WHEN, q->clock = true;
		else if (text_in_list(noun, when_nouns))
			q->wh = WH_WHEN;
		else if (text_in_list(noun, where_nouns) && !acts)
			q->wh = WH_WHERE;
		else if (text_in_list(noun, who_nouns))
			q->wh = WH_WHO;
	}
	/* "where does X rank / finish" asks a place in an order ("third"),
	 * not a place on a map */
	for (size_t i = q->wh_at + 1; q->wh == WH_WHERE && i < q->t.n; i++)
		if (text_ranks(q->t.v[i].word)) {
			q->wh = WH_WHAT;
			q->rank = true;
		}
	/* "what caused the outbreak", "what led to the strike" ask why */
	if (q->wh == WH_WHAT && asks_cause(q))
		q->wh = WH_WHY;
	/* "what is the name of the schoolteacher", "the names of the
	 * managers", "the nurse's name" ask who */
	for (size_t i = q->wh_at + 1; q->wh == WH_WHAT && i < q->t.n && i <= q->wh_at + 4; i++)
		if ((tok_is(q, i, "name") || tok_is(q, i, "names")) && tok_is(q, i + 1, "of")) {
			q->wh = WH_WHO;
			/* the last word of the noun phrase after "of" */
			size_t k = i + 2;
			while (k < q->t.n && text_is_stopword(q->t.v[k].word))
				k++;
			while (k + 1 < q->t.n && !text_is_stopword(q->t.v[k + 1].word))
				k++;
			q->named_at = k < q->t.n ? k : 0;
		} else if ((tok_is(q, i, "name") || tok_is(q, i, "names")) &&
			   text_possessive(strbuf_str(&q->norm), &q->t.v[i - 1]) &&
			   (i + 1 == q->t.n || text_is_stopword(q->t.v[i + 1].word))) {
			/* "what was the NURSE's name" */
			q->wh = WH_WHO;
			q->named_at = i - 1;
		}
	/* "who's the JUDGE on this", "who was the pilot": a role, whose
	 * holder is named beside it ("U.S. District Judge Marisol Ortega"),
	 * not a name further off in its sentence */
	const struct wordnet *lex = kb_wordnet(q->kb);
	char role_lemma[WORDNET_MAX_WORD + 1];
	size_t role = q->wh_at + 1 + (q->wh_at + 1 < q->t.n && is_aux(q->t.v[q->wh_at + 1].word));
	if (q->wh == WH_WHO && q->named_at == 0 && tok_is(q, q->wh_at, "who") &&
	    (role > q->wh_at + 1 || text_possessive(strbuf_str(&q->norm), &q->t.v[q->wh_at])) &&
	    tok_is(q, role, "the") && role + 1 < q->t.n && lex &&
	    (role + 2 == q->t.n || text_is_stopword(q->t.v[role + 2].word)) &&
	    /* (a leader is named by many words: "boss", "chief executive") */
	    !text_in_list(q->t.v[role + 1].word,
			  (const char *const[]){ "boss", "head", "leader", "chief", NULL }) &&
	    wordnet_lemma(lex, WORDNET_NOUN, q->t.v[role + 1].word, role_lemma) &&
	    wordnet_is_a(lex, WORDNET_NOUN, role_lemma, 1, "person", 10))
		q->named_at = role + 1;
	/* "what stake / what proportion": a share asked */
	bool share_asked = (q->wh == WH_WHAT || q->wh == WH_WHICH) &&
			   (tok_is(q, q->wh_at + 1, "stake") || tok_is(q, q->wh_at + 1, "proportion") ||
			    tok_is(q, q->wh_at + 1, "fraction"));
	find_comparison(q);
	if (!q->cmp && (q->wh == WH_NONE || q->wh == WH_WHAT || q->wh == WH_WHICH)) {
		if (find_stem(q, "percent") >= 0 || find_stem(q, "popul") >= 0 ||
		    has_word(q, "share") || share_asked)
			q->wh = WH_HOW_MANY;
	}
	q->yesno = q->wh == WH_NONE && q->t.n > 0 && is_aux(q->t.v[0].word);
	q->negated = has_word(q, "not") || has_word(q, "never");
	for (size_t i = 0; q->yesno && i < q->t.n; i++) {
		const char *o;
		for (unsigned k = 0; (o = lexicon_antonym(q->t.v[i].stem, k)) && q->n_opposites < 8; k++)
			text_stem(q->t.stemmer, o, q->opposites[q->n_opposites++]);
	}

	q->n_ents = kb_match_entities(q->kb, &q->t, q->ents, MAX_ENTS);
	/* "which regime", "what country": the word after the question word
	 * names the kind of answer, not an entity the question is about. */
	if (q->n_ents > 0 && (q->wh == WH_WHICH || q->wh == WH_WHAT) &&
	    q->ents[0].first == q->wh_at + 1 && q->ents[0].count == 1) {
		memmove(q->ents, q->ents + 1, (q->n_ents - 1) * sizeof *q->ents);
		q->n_ents--;
	}

	/* A hyphenated word the knowledge base knows written solid is asked
	 * as that word ("cease-fire" meets "ceasefire"); one it does not know
	 * is read as its pieces ("long-term" meets "long term"). */
	for (size_t i = 0; i < q->t.n; i++) {
		struct token *tok = &q->t.v[i];
		if (!tok->compound || kb_knows_stem(q->kb, tok->compound))
			continue;
		tok->compound = NULL;
		for (size_t k = i + 1; k-- > 0;) {
			q->t.v[k].fragment = false;
			if (!q->t.v[k].joined)
				break;
		}
	}

	/* Content terms: entities as "@id", other words as stems, with the
	 * article-side synonym as a softer alternative. */
	for (size_t e = 0; e < q->n_ents; e++) {
		/* A one-word mention also stands for entities whose name holds
		 * it: "Assad" for "the Assad regime", "Syria" for
		 * "northeastern Syria". */
		char marks[MAX_ALTS][TEXT_MAX_WORD + 2];
		const char *alts[MAX_ALTS];
		size_t n = 0;
		snprintf(marks[n], sizeof marks[n], "@%s", q->ents[e].entity->id);
		alts[n] = marks[n];
		n++;
		const struct token *tok = &q->t.v[q->ents[e].first];
		for (size_t k = 0; q->ents[e].count == 1 && k < kb_entity_count(q->kb) && n < MAX_ALTS; k++) {
			const struct kb_entity *other = kb_entity_at(q->kb, k);
			if (other != q->ents[e].entity && contains_word(other->name, tok->word)) {
				snprintf(marks[n], sizeof marks[n], "@%s", other->id);
				alts[n] = marks[n];
				n++;
			}
		}
		add_term(q, alts, n, true, false);
	}
	uint64_t idioms = text_adverb_idioms(kb_wordnet(q->kb), &q->t);
	for (size_t i = 0; i < q->t.n; i++) {
		const struct token *tok = &q->t.v[i];
		if (q->cmp && i >= q->cmp_first && i < q->cmp_end)
			continue;  /* the bound compared with */
		/* "how many PEOPLE use X" where the article counts "users":
		 * any kind of person counted answers */
		if (q->wh == WH_HOW_MANY && i == q->wh_at + 2 && tok_is(q, q->wh_at + 1, "many") &&
		    (tok_is(q, i, "people") || tok_is(q, i, "persons")) &&
		    index_df(kb_index(q->kb), tok->stem) == 0) {
			q->persons = true;
			continue;
		}
		if (tok->compound) {
			const char *solid = tok->compound;
			add_term(q, &solid, 1, false, false);
		}
		/* two words the article writes as one ("walk out" as "walkout",
		 * "cease fire" as "ceasefire"): asked as that word */
		char solid[TEXT_MAX_WORD + 1];
		if (solid_pair(q, i, solid)) {
			const char *one = solid;
			add_term(q, &one, 1, false, false);
			i++;
			continue;
		}
		/* "what was X's REACTION", "how did X REACT": what X said
		 * (see q->said), no word to find */
		if (reaction_at(q, i))
			continue;
		if (who_light_verb(q, i)) {
			/* "who will RUN the company": the verb is what is asked;
			 * a sentence that never says it names no one who does it */
			const char *own = tok->stem;
			struct term *term = add_term(q, &own, 1, false, true);
			if (term)
				term->guessed |= index_df(kb_index(q->kb), tok->stem) == 0;
			continue;
		}
		/* the particle of a phrasal verb ("came DOWN", "go BACK") is
		 * read with its verb, never as a word of its own */
		bool particle = i > 0 && text_in_list(tok->word, particles) &&
				wordnet_verb_at(q, i - 1);
		if (in_entity(q, i) || text_is_stopword(tok->word) || tok->fragment || particle ||
		    (q->wh == WH_HOW_MANY && i == q->wh_at + 1 &&
		     (how_measure(q, i) || q->dimension)))
			continue;
		char syns[MAX_ALTS][TEXT_MAX_WORD + 1], opp[TEXT_MAX_WORD + 1];
		size_t ns = synonym_stems(q->t.stemmer, tok, syns);
		const char *alts[MAX_ALTS];
		size_t n = 0;
		if (kb_knows_stem(q->kb, tok->stem))
			alts[n++] = tok->stem;
		for (size_t k = 0; k < ns && n < MAX_ALTS; k++)
			if (strcmp(syns[k], tok->stem) != 0 && kb_knows_stem(q->kb, syns[k]))
				alts[n++] = syns[k];
		/* Known to the article's sentences, not only to the facts. */
		bool known = index_df(kb_index(q->kb), tok->stem) > 0;
		/* A word the article does not use is looked for as WordNet's
		 * synonyms and derived forms of its first sense; those mean
		 * what it means, so one of them must be said ("truce" as
		 * "ceasefire"), unlike the lexicon's looser guesses. */
		char wn_syns[MAX_ALTS][TEXT_MAX_WORD + 1];
		/* what "how many" counts may be said in other words even when
		 * the article uses the question's ("dockers" as "four dock
		 * workers", the article's "dockers' union" aside) */
		bool counted = q->wh == WH_HOW_MANY && i == q->wh_at + 2 &&
			       tok_is(q, q->wh_at + 1, "many");
		size_t nw = known && !counted ? 0 : wordnet_stems(q->kb, q->t.stemmer, &q->t, i,
								 wn_syns, MAX_ALTS - n, 0);
		size_t n_lexicon = n;
		for (size_t k = 0; k < nw; k++)
			alts[n++] = wn_syns[k];
		/* Soft (never required): framing words, cues the article does
		 * not use, the noun after "which"/"what" naming the kind of
		 * answer, and guesses at how the article says an unknown
		 * word. */
		bool answer_type = (i == q->wh_at + 1 && (q->wh == WH_WHICH || q->wh == WH_WHAT ||
							   q->wh == WH_WHEN ||
							   (q->wh == WH_HOW_LONG && tok_is(q, i, "period")))) ||
				   asks_money_at(q, i);
		/* an adverb outside a noun phrase ("ROUGHLY how many", "so FAR",
		 * "stay open LATE"), not one inside ("the FAR right") nor an
		 * adjective after a copula ("be EASY") */
		bool adverb = only_adverb(kb_wordnet(q->kb), tok->word) &&
			      !(i > 0 && (tok_is(q, i - 1, "the") || tok_is(q, i - 1, "a") ||
					  tok_is(q, i - 1, "an") || is_aux(q->t.v[i - 1].word) ||
					  tok_is(q, i - 1, "be") || tok_is(q, i - 1, "been"))) &&
			      (i + 1 >= q->t.n || text_is_stopword(q->t.v[i + 1].word) ||
			       only_adverb(kb_wordnet(q->kb), q->t.v[i + 1].word));
		/* "how long will the stockpiles LAST": the verb is what "how
		 * long" asks, a duration */
		static const char *const lasting[] = {
			"last", "lasts", "lasted", "continue", "continues", "go", "take", "takes", NULL,
		};
		adverb |= q->wh == WH_HOW_LONG && text_in_list(tok->word, lasting);
		/* "end up with", "wind up": a phrasal verb that only frames
		 * what is asked */
		adverb |= phrasal_frame(q, i);
		adverb |= i < 64 && (idioms >> i & 1);
		adverb |= asker_waits(q, i);
		/* "what is X PLANNING to do": the intention is asked, not a plan */
		adverb |= text_in_list(tok->word, intent_asking) && tok_is(q, i + 1, "to");
		/* "where does it RANK": the rank itself is asked (holds_rank) */
		adverb |= q->rank && text_ranks(tok->word);
		bool cue = (lexicon_is_frame(tok->word, tok->stem) && !names_topic(q, i)) || adverb ||
			   answer_type ||
			   (lexicon_is_cue(tok->word, tok->stem) && !known) ||
			   /* (but never what a count counts by: "how many
			    * people LIVE there" is not how many left) */
			   (!known && n_lexicon > 0 && nw == 0 && !counted_verb(q, i));
		if (n == 0) {
			/* "fair": search for where the article says "rigged",
			 * without requiring it. */
			const char *o = lexicon_antonym(tok->stem, 0);
			if (o) {
				text_stem(q->t.stemmer, o, opp);
				alts[n++] = opp;
				cue = true;
			}
		}
		struct term *term = add_term(q, alts, n, false, cue);
		/* a word the article uses elsewhere ("support") may be looked
		 * for as its synonyms ("back") in a second search */
		if (term && known && !counted && !term->entity)
			term->wide_at = (long)i;
		if (term) {
			term->word_at = i;
			term->guessed |= !known && !lexicon_is_frame(tok->word, tok->stem);
			term->opposite = n > 0 && alts[0] == opp;
			/* only the lexicon's word for it is known ("funds" as "back") */
			term->relation = n > 0 && strcmp(alts[0], tok->stem) != 0 &&
					 lexicon_is_cue(alts[0], alts[0]);
			term->verb |= !cue && counted_verb(q, i);
		}
		/* (a letter hyphened to a word, the "e" of "e-bikes", is no
		 * word of its own) */
		if (!word_known(q->kb, q->t.stemmer, &q->t, i) && !answer_type && !adverb &&
		    !only_describes_next(q, i) &&
		    !q->unknown && !(tok->word[1] == '\0' && i + 1 < q->t.n && q->t.v[i + 1].joined))
			q->unknown = tok->word;  /* a word the article never uses */
	}
	/* Guessed synonyms are soft, unless nothing else but the entities
	 * would be required: "the population of Turkey" must still say
	 * people. */
	bool hard_word = false;
	for (size_t i = 0; i < q->n_terms; i++)
		hard_word |= !q->terms[i].entity && !q->terms[i].soft;
	for (size_t i = 0; i < q->n_terms && !hard_word; i++)
		if (q->terms[i].guessed)
			q->terms[i].soft = false;
	q->unit = q->wh == WH_HOW_MANY ? counted_term(q) : NULL;
	/* "how much MONEY": a sum, whatever its currency */
	if (asks_money_at(q, q->wh_at + 2)) {
		q->unit = NULL;
		q->money = true;
	}
	/* "how much did the foundation pay / does the dam cost" */
	for (size_t i = q->wh_at + 2; q->wh == WH_HOW_MANY && !q->unit && tok_is(q, q->wh_at + 1, "much") &&
				      i < q->t.n && !q->money; i++) {
		static const char *const paying[] = {
			"pay", "cost", "spend", "charge", "earn", "owe", "fund", "invest", "lend",
			"borrow", "sell", "buy", NULL,
		};
		char base[WORDNET_MAX_WORD + 1];
		const struct wordnet *wn = kb_wordnet(q->kb);
		q->money = wn && wordnet_lemma(wn, WORDNET_VERB, q->t.v[i].word, base) &&
			   text_in_list(base, paying);
	}
	q->part = q->wh == WH_HOW_MANY && (tok_is(q, q->wh_at + 2, "of") || how_measure(q, q->wh_at + 1));
	/* "what share of the vote": the vote is the whole, not what is
	 * counted */
	if (q->wh == WH_HOW_MANY && (has_word(q, "share") || has_word(q, "proportion") ||
				     has_word(q, "percentage") || share_asked)) {
		q->part = true;
		q->unit = NULL;
	}
	q->moving = has_word(q, "from") ? MOVING_FROM
		    : has_word(q, "to") || has_word(q, "into") ? MOVING_TO : MOVING_NONE;
	/* "what happens / will happen / happened to the guards" */
	q->happens_to = -1;
	for (size_t i = q->wh_at + 1; q->wh == WH_WHAT && !has_word(q, "if") && i + 1 < q->t.n &&
				      q->happens_to < 0; i++)
		if (!strncmp(q->t.v[i].stem, "happen", 6) && tok_is(q, i + 1, "to")) {
			size_t k = i + 2;
			while (k < q->t.n && text_is_stopword(q->t.v[k].word))
				k++;
			/* the head of "the South Carolina REACTORS" */
			while (k + 1 < q->t.n && k < i + 5 && isalnum((unsigned char)q->t.v[k + 1].word[0]) &&
			       !text_is_stopword(q->t.v[k + 1].word))
				k++;
			if (k < q->t.n && !in_entity(q, k))
				q->happens_to = (long)k;
		}
	q->intent = asks_intent(q);
	for (size_t i = 0; i + 1 < q->t.n && !q->superlative; i++)
		q->superlative = tok_is(q, i, "the") && number_superlative_at(kb_wordnet(q->kb), &q->t, i + 1);
	/* "who is Inter's manager", "what did Colombia's trade minister
	 * say": the owner and the role it has, the last of up to three
	 * words after it */
	q->owner_at = q->owned_at = -1;
	for (size_t i = q->wh_at + 1; i + 1 < q->t.n && q->owner_at < 0; i++)
		if (text_possessive(strbuf_str(&q->norm), &q->t.v[i]) &&
		    !text_is_stopword(q->t.v[i + 1].word) &&
		    i != q->named_at /* ("the NURSE's name": the nurse is asked) */) {
			q->owner_at = (long)i;
			q->owned_at = (long)i + 1;
			while ((size_t)q->owned_at + 1 < q->t.n && q->owned_at < (long)i + 3 &&
			       !text_is_stopword(q->t.v[q->owned_at + 1].word))
				q->owned_at++;
		}
	/* "who is / who's / who was NAME": every word after it a capitalised
	 * name in the question as asked */
	size_t name_at = q->wh_at + 2;
	if (q->wh == WH_WHO && text_possessive(strbuf_str(&q->norm), &q->t.v[q->wh_at]))
		name_at = q->wh_at + 1;  /* "who's" */
	/* "who NAME is": the copula at the end */
	size_t name_end = q->t.n;
	bool at_end = q->wh == WH_WHO && q->t.n > name_at &&
		      (tok_is(q, q->t.n - 1, "is") || tok_is(q, q->t.n - 1, "was")) &&
		      !tok_is(q, q->wh_at + 1, "is") && !tok_is(q, q->wh_at + 1, "was");
	if (at_end) {
		name_at = q->wh_at + 1;
		name_end = q->t.n - 1;
	}
	q->identity = q->wh == WH_WHO && name_at < name_end &&
		      (name_at == q->wh_at + 1 || tok_is(q, q->wh_at + 1, "is") ||
		       tok_is(q, q->wh_at + 1, "was"));
	/* names only: not a role ("who's Veskaria's fisheries MINISTER") nor
	 * a verb ("who is BACKING Russia") */
	for (size_t i = name_at; q->identity && i < name_end; i++)
		q->identity = !text_is_stopword(q->t.v[i].word) && !q->t.v[i].number &&
			      !text_possessive(strbuf_str(&q->norm), &q->t.v[i]) &&
			      (in_entity(q, i) || q->t.v[i].capitalized ||
			       wordnet_name_like(kb_wordnet(q->kb), q->t.v[i].word));
	/* "what did X say" (not "what does the treaty say") */
	q->said = (q->wh == WH_WHAT && ((has_word(q, "did") && (has_word(q, "say") ||
								has_word(q, "tell"))) ||
					has_word(q, "said") || has_word(q, "told"))) ||
		  ((q->wh == WH_WHAT || q->wh == WH_HOW) && reaction_asked(q)) || names_it(q) ||
		  opinion_asked(q);
	if (q->said)
		soften_setting(q);
	find_rank_stems(q);
	q->consequence = has_word(q, "if") &&
			 (find_stem(q, "happen") >= 0 || has_word(q, "could") || has_word(q, "would") ||
			  has_word(q, "might") || has_word(q, "will"));
	const struct token *first = q->n_ents > 0 ? &q->t.v[q->ents[0].first + q->ents[0].count - 1]
						 : NULL;
	/* "were syria's elections fair" asks about the elections */
	if (q->yesno && q->n_ents > 0 && q->ents[0].first == 1 &&
	    !text_possessive(strbuf_str(&q->norm), first))
		for (size_t i = 0; i < q->n_terms && !q->asked_about; i++)
			if (q->terms[i].entity &&
			    strcmp(q->terms[i].alt[0] + 1, q->ents[0].entity->id) == 0)
				q->asked_about = &q->terms[i];
	/* "what was the final VOTE": a sentence that says "final" of
	 * something else ("final approval") answers another question */
	if (q->wh == WH_WHAT && q->wh_at + 4 < q->t.n && is_aux(q->t.v[q->wh_at + 1].word) &&
	    tok_is(q, q->wh_at + 2, "the")) {
		bool phrase = true;
		for (size_t i = q->wh_at + 3; i < q->t.n && phrase; i++)
			phrase = !text_is_stopword(q->t.v[i].word) && !in_entity(q, i);
		for (size_t i = 0; phrase && i < q->n_terms && !q->head; i++)
			if (!q->terms[i].entity && !strcmp(q->terms[i].alt[0], q->t.v[q->t.n - 1].stem))
				q->head = &q->terms[i];
	}
	q->value = asks_value(q);
	q->each_asked = q->wh == WH_HOW_MANY && number_each_asked(kb_wordnet(q->kb), &q->t);
	static const char *const lasting[] = { "last", "lasts", "lasted", "stood", NULL };
	for (size_t i = 0; lasting[i] && q->wh == WH_HOW_LONG; i++)
		q->lasting |= has_word(q, lasting[i]);
	q->frequency = q->wh == WH_HOW && q->wh_at + 1 < q->t.n &&
		       (tok_is(q, q->wh_at + 1, "often") || tok_is(q, q->wh_at + 1, "frequently"));
	q->kind_at = kind_asked(q);
	/* (a kind of answer the lexicon reads as a frame, which no kind
	 * check holds to: its answer is at least a name) */
	static const char *const named_kinds[] = {
		"company", "companies", "firm", "group", "agency", "organisation", "organization",
		"institution", "institute", "outlet", "newspaper", "broadcaster", "country",
		"countries", "city", "court", "party", "union", "make", "model", "brand", NULL,
	};
	q->name_asked = (q->wh == WH_WHICH || q->wh == WH_WHAT) && q->wh_at + 1 < q->t.n &&
			text_in_list(q->t.v[q->wh_at + 1].word, named_kinds);
	/* "did", "already", "withdrew": a question about what happened;
	 * "now", "currently": about what is, not what is forecast */
	char base[WORDNET_MAX_WORD + 1];
	for (size_t i = 0; i < q->t.n && !q->past; i++)
		q->past = tok_is(q, i, "did") || tok_is(q, i, "already") || tok_is(q, i, "now") ||
			  tok_is(q, i, "currently") ||
			  (kb_wordnet(q->kb) && !is_aux(q->t.v[i].word) && !tok_is(q, i, "might") &&
			   wordnet_exception(kb_wordnet(q->kb), WORDNET_VERB, q->t.v[i].word, base));
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
	{ "purchas", KB_BUYS_FROM }, { "fight", KB_FIGHTS }, { "oper", KB_FIGHTS },
	{ "deal", KB_DEALS_WITH },
};

/* Finds which relation the question asks about; returns -1 if none, and
 * the token index of the verb in *at. */
static int question_predicate(const struct query *q, long *at)
{
	/* The earliest cue in the table wins ("terrorist" over
	 * "recognised": both ask the same thing). */
	size_t n_cues = sizeof predicate_cues / sizeof *predicate_cues;
	size_t best = n_cues;
	for (size_t i = 0; i < q->t.n; i++) {
		if (in_entity(q, i))
			continue;
		const char *stem = q->t.v[i].stem;
		char syns[MAX_ALTS][TEXT_MAX_WORD + 1];
		size_t ns = synonym_stems(q->t.stemmer, &q->t.v[i], syns);
		for (size_t c = 0; c < best; c++) {
			const char *prefix = predicate_cues[c].stem_prefix;
			size_t len = strlen(prefix);
			bool hit = strncmp(stem, prefix, len) == 0;
			for (size_t k = 0; k < ns && !hit; k++)
				hit = strncmp(syns[k], prefix, len) == 0;
			/* "refugees" names a group, not a verb of sheltering. */
			if (hit && predicate_cues[c].predicate == KB_SHELTERS &&
			    strcmp(stem, "refug") != 0 && strcmp(stem, "refuge") != 0)
				hit = false;
			if (hit) {
				best = c;
				*at = (long)i;
				break;
			}
		}
	}
	return best < n_cues ? (int)predicate_cues[best].predicate : -1;
}

/* Does the question name a second, different relation ("what did the US
 * ally with the YPG to fight")? Then it is not about one relation. */
static bool two_relations(const struct query *q, int pred)
{
	for (size_t i = 0; i < q->t.n; i++) {
		if (in_entity(q, i))
			continue;
		for (size_t c = 0; c < sizeof predicate_cues / sizeof *predicate_cues; c++) {
			const char *prefix = predicate_cues[c].stem_prefix;
			if ((int)predicate_cues[c].predicate != pred &&
			    predicate_cues[c].predicate != KB_SHELTERS &&
			    strncmp(q->t.v[i].stem, prefix, strlen(prefix)) == 0)
				return true;
		}
	}
	return false;
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

/* Does the sentence mention entity `e`, or a place inside it ("northeastern
 * Syria" for Syria)? */
static bool cite_mentions(const struct kb *kb, const struct kb_sentence *s,
			  const struct kb_entity *e)
{
	const struct kb_bag *bag = s ? kb_bag_of(kb, s->text) : NULL;
	if (!bag)
		return false;
	for (size_t i = 0; i < bag->n; i++) {
		if (bag->terms[i][0] != '@')
			continue;
		const struct kb_entity *other = kb_entity_find(kb, bag->terms[i] + 1);
		if (other == e || (other && other->kind == KB_PLACE && strstr(other->name, e->name)))
			return true;
	}
	return false;
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
	bool asked_support = asked == KB_BACKS || asked == KB_ALLIED_WITH || asked == KB_ACCEPTS;
	bool found_hostile = found == KB_OPPOSES || found == KB_FIGHTS || found == KB_BOMBS;
	bool asked_hostile = asked == KB_OPPOSES || asked == KB_FIGHTS || asked == KB_BOMBS;
	bool found_support = found == KB_BACKS || found == KB_ALLIED_WITH;
	return (asked_support && found_hostile) || (asked_hostile && found_support);
}

/* Backing and being allied both answer "is X on Y's side". */
static bool on_side(enum kb_predicate asked, enum kb_predicate found)
{
	return (asked == KB_BACKS && found == KB_ALLIED_WITH) ||
	       (asked == KB_ALLIED_WITH && found == KB_BACKS);
}

/* Does the relation's object text name `e` outside its parenthesis ("one
 * of the opposing groups in Libya (Russia backs another)" is not about
 * Russia)? */
static bool object_text_names(const struct kb_relation *r, const struct kb_entity *e)
{
	if (!r->object_text || !*r->object_text)
		return false;
	char head[256];
	snprintf(head, sizeof head, "%.*s", (int)strcspn(r->object_text, "("), r->object_text);
	return contains_word(head, e->name);
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
					/* "the Russian annexation of the Crimean
					 * peninsula" is about Crimea too. */
					if (r->subject != x || (r->object != y && !object_text_names(r, y)))
						continue;
					bool same = r->predicate == pred || on_side(pred, r->predicate);
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

static bool term_in_bag(const struct term *term, const struct kb_bag *bag)
{
	for (size_t a = 0; a < term->n_alts; a++)
		if (kb_bag_has(bag, term->alt[a]))
			return true;
	return false;
}

/* Is the question's word for term t in a phrase that places the question
 * ("in the Syrian war", "during the talks")? */
static bool in_qualifier(const struct query *q, const struct term *t)
{
	static const char *const places[] = { "in", "during", "over", "across", NULL };
	for (size_t i = 0; i < q->t.n; i++) {
		if (strcmp(q->t.v[i].stem, t->alt[0]) != 0)
			continue;
		for (size_t back = 1; back <= 3 && back <= i; back++)
			if (text_in_list(q->t.v[i - back].word, places))
				return true;
	}
	return false;
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
	/* A question that says more than "who <verb> X" ("what does the
	 * bombing of Idlib violate") is not about the relation itself; one
	 * that only places it ("Russia's ally in the Syrian war") is
	 * answered by a relation whose sentence says the rest. */
	const struct term *extra[MAX_TERMS];
	size_t n_extra = 0;
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *t = &q->terms[i];
		if (t->entity || t->soft)
			continue;
		bool is_verb = false;
		for (size_t k = 0; k < t->n_alts; k++)
			for (size_t c = 0; c < sizeof predicate_cues / sizeof *predicate_cues; c++)
				is_verb |= strncmp(t->alt[k], predicate_cues[c].stem_prefix,
						   strlen(predicate_cues[c].stem_prefix)) == 0;
		if (is_verb)
			continue;
		if (!in_qualifier(q, t))
			return 1;
		extra[n_extra++] = t;
	}
	/* Is the focus the subject ("what does Ankara oppose") or the object
	 * ("who backs the YPG", "rebels backed by whom")? */
	/* Passive: "backed by whom", "by whom is Idlib being bombed", "is X
	 * backed by ...". */
	bool passive = tok_is(q, 0, "by");
	for (long i = verb_at + 1; i < (long)q->t.n && i <= verb_at + 2; i++)
		passive |= tok_is(q, (size_t)i, "by");
	const char *vw = q->t.v[verb_at].word;
	size_t vl = strlen(vw);
	if (vl > 2 && strcmp(vw + vl - 2, "ed") == 0 && verb_at >= 1) {
		static const char *const be[] = { "is", "are", "was", "were", "being", "been", NULL };
		for (long i = verb_at - 1; i >= 0 && i >= verb_at - 2; i--)
			passive |= text_in_list(q->t.v[i].word, be);
	}
	/* "which side does Turkey take": the entity after do-support is the
	 * subject wherever the verb stands. */
	bool do_support = focus->first > 0 && (tok_is(q, focus->first - 1, "does") ||
					       tok_is(q, focus->first - 1, "do") ||
					       tok_is(q, focus->first - 1, "did"));
	bool focus_is_subject = ((long)focus->first < verb_at || do_support) && !passive;
	if (pred == KB_LISTS_TERRORIST) {
		/* Whoever the knowledge base lists as a terrorist group is what
		 * the question is about; the others are the ones listing. */
		bool listed = false;
		for (size_t k = 0; k < kb_relation_count(kb); k++) {
			const struct kb_relation *r = kb_relation_at(kb, k);
			listed |= r->predicate == KB_LISTS_TERRORIST && r->object == focus->entity;
		}
		focus_is_subject = !listed;
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
		const struct kb_bag *bag = r->cite.sentence ? kb_bag_of(kb, r->cite.sentence->text)
							    : NULL;
		for (size_t u = 0; u < n_extra && ok; u++)
			ok = bag && term_in_bag(extra[u], bag);
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

struct cover {
	size_t hit;     /* terms said */
	size_t missed;  /* terms that must be said and are not */
};

/* Which of the question's terms do the texts say? Both are texts of the
 * knowledge base (b may be NULL), so their terms are precomputed. */
static struct cover cover_bags(const struct query *q, const struct kb_bag *a,
			       const struct kb_bag *b)
{
	struct cover c = {0};
	for (size_t i = 0; i < q->n_terms; i++) {
		if ((a && term_in_bag(&q->terms[i], a)) || (b && term_in_bag(&q->terms[i], b)))
			c.hit++;
		else if (!q->terms[i].soft)
			c.missed++;
	}
	return c;
}

static struct cover cover_text(const struct query *q, const char *text)
{
	return cover_bags(q, kb_bag_of(q->kb, text), NULL);
}

/* A fact matches when its text and the sentence it cites together say
 * every term of the question; facts are ranked by what their own text
 * says, then by the sentence. Returns a rank (higher is better) or -1. */
static long fact_rank(const struct query *q, const char *text, const struct kb_sentence *s)
{
	const struct kb_bag *own_bag = kb_bag_of(q->kb, text);
	struct cover all = cover_bags(q, own_bag, s ? kb_bag_of(q->kb, s->text) : NULL);
	struct cover own = cover_bags(q, own_bag, NULL);
	if (all.missed > 0 || all.hit == 0)
		return -1;
	/* The fact itself must speak to what is asked, not only its
	 * sentence: a question's words, when it has any, must be in it. */
	bool words = false, own_words = false;
	for (size_t i = 0; i < q->n_terms; i++) {
		if (q->terms[i].entity || q->terms[i].soft)
			continue;
		words = true;
		own_words |= own_bag && term_in_bag(&q->terms[i], own_bag);
	}
	if (words && !own_words)
		return -1;
	return (long)(own.hit * 100 + all.hit);
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
		size_t hit = cover_text(q, s->text).hit;
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

static bool owned_by_another(const struct query *q, const char *s);

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
		long rank = fact_rank(q, qu->text, qu->cite.sentence);
		size_t hit = cover_text(q, qu->text).hit;
		/* "who said X": the words must match, not just anyone's. */
		if (!speaker && rank < 0)
			continue;
		count++;
		if (!best || hit > best_hit) {
			best = qu;
			best_hit = hit;
		}
	}
	if (!best)
		return speaker ? 2 : 1;  /* 2: a named speaker said nothing */
	/* "what did X tell his players": a quote about none of the
	 * question's words, when the article says them elsewhere, is left
	 * to the search */
	bool about = false;
	size_t verb = asked_saying(q);  /* the words before it name the speaker */
	if (verb == q->t.n)
		verb = 0;  /* "what is her view on ...": every word is the topic */
	for (size_t i = 0; i < q->n_terms; i++)
		about |= !q->terms[i].entity && !q->terms[i].soft && !q->terms[i].guessed &&
			 q->terms[i].word_at > verb && term_in_doc_any(q, &q->terms[i]);
	/* (or someone else the question names after its verb: "what did
	 * Strand call KORVEL") */
	for (size_t e = 0; speaker && e < q->n_ents; e++)
		about |= q->ents[e].entity != speaker && q->ents[e].first > verb;
	if (speaker && about && best_hit == 0)
		return 1;
	/* ("what did COLOMBIA's trade minister say": not Ecuador's) */
	if (speaker && best->cite.sentence && owned_by_another(q, best->cite.sentence->text))
		return 1;
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
	long best_rank = -1;
	for (size_t k = 0; k < kb_number_count(kb); k++) {
		const struct kb_number *n = kb_number_at(kb, k);
		long rank = fact_rank(q, n->what, n->cite.sentence);
		if (rank > best_rank) {
			best = n;
			best_rank = rank;
		}
	}
	if (!best)
		return 1;
	struct strbuf sb = {0};
	put_capitalised(&sb, best->value);
	strbuf_printf(&sb, " — %s.", best->what);
	shorten(&sb, SHORT_ANSWER);
	add_cite(a, best->cite);
	return finish(a, &sb, ANSWER_FOUND);
}

/* The sentences one search has tokenised, by the address of their text:
 * each hit is read by several tests (coverage, a pronoun, a contradiction,
 * the clause). At most SEEN_SENTENCES, each copied to fit; freed when the
 * search ends. A copy of each text is kept and compared too: the tests
 * also read clauses cut from a sentence, whose buffers are freed and
 * their addresses given to the next clause, which must not be read as
 * the one before. */
#define SEEN_SENTENCES 16
struct seen_tokens {
	const char *text[SEEN_SENTENCES];
	char *copy[SEEN_SENTENCES];
	struct tokens t[SEEN_SENTENCES];
	size_t n;
};

static void seen_free(struct seen_tokens *seen)
{
	for (size_t i = 0; i < seen->n; i++) {
		tokens_free(&seen->t[i]);
		free(seen->copy[i]);
	}
	seen->n = 0;
}

/* kb_tokenize for a sentence's text s, which a search tokenises once
 * (see struct seen_tokens); t as for kb_tokenize. */
static int sentence_tokens(const struct query *q, const char *s, struct tokens *t)
{
	struct seen_tokens *seen = q->seen;
	for (size_t i = 0; seen && i < seen->n; i++)
		if (seen->text[i] == s && strcmp(seen->copy[i], s) == 0)
			return tokens_copy(t, &seen->t[i]);
	int rc = kb_tokenize(q->kb, s, t);
	if (rc == 0 && seen && seen->n < SEEN_SENTENCES) {
		char *copy = strdup(s);
		if (!copy || tokens_copy(&seen->t[seen->n], t) < 0) {
			tokens_free(&seen->t[seen->n]);
			free(copy);
		} else {
			seen->copy[seen->n] = copy;
			seen->text[seen->n++] = s;
		}
	}
	return rc;
}

/* May sentence `doc` answer a yes/no question "yes": it says the claim,
 * the question's last word that is not a name or a frame, itself (a
 * question whose words the article has only as opposites never gets a
 * yes)? Terms are added in the question's order. */
static bool denies_asked(const struct query *q, const char *s);
static size_t subject_at(const struct query *q);

static const char *const maybes[] = {
	"can", "could", "may", "might", "would", "should", NULL,
};

/* Does the question ask what may or would be ("COULD the bill pass")? */
static bool asks_maybe(const struct query *q)
{
	for (size_t i = 0; i < q->t.n; i++)
		if (text_in_list(q->t.v[i].word, maybes))
			return true;
	return false;
}

static bool says_claim(const struct query *q, size_t doc)
{
	const struct index *idx = kb_index(q->kb);
	const struct term *claim = NULL;  /* the last word: "... RIGGED?" */
	/* a word left to the sentence before, which denies it ("was NOT
	 * unanimous. Five members voted ..."), claims nothing here */
	const struct kb_sentence *s = kb_sentence_at(q->kb, doc, NULL);
	bool denied_before = kb_follows_in_paragraph(q->kb, doc) &&
			     denies_asked(q, kb_sentence_at(q->kb, doc - 1, NULL)->text);
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *t = &q->terms[i];
		if (t->opposite ||
		    (denied_before && !t->entity && !t->soft && !term_in_doc(idx, doc, t)))
			return false;
		if (!t->entity && !t->soft)
			claim = t;
	}
	if (!claim || claim->entity)
		return true;
	if (!term_in_doc(idx, doc, claim))
		return false;
	/* "the third ATTEMPT TO pass such a measure", "has 21 DAYS TO lodge
	 * an appeal", "deciding WHETHER TO appeal": a claim only tried,
	 * planned, wanted, allowed or weighed is not said to have happened */
	static const char *const tries[] = {
		"attempt", "attempts", "try", "tried", "trying", "bid", "effort", "efforts",
		"failed", "sought", "plan", "plans", "planned", "hopes", "hoped", "wants", "wanted",
		"days", "weeks", "months", "years", "hours", "time", "right", "option", "chance",
		"whether", "threatened", "threatens", "vowed", "vows", "promised", "promises",
		"urged", "asked", NULL,
	};
	struct tokens t = {0};
	bool said = false, asserted = false, in_name = false;
	if (sentence_tokens(q, s->text, &t) < 0)
		return true;
	/* (a word of a name, "the Court of Appeal", does not claim the act
	 * a verb asks: "are they going to APPEAL", "will Tahuna APPEAL":
	 * the word after the subject of a question opening with do or a
	 * modal) */
	static const char *const modal[] = {
		"do", "does", "did", "will", "would", "can", "could", "should", "may", "might",
		"must", NULL,
	};
	size_t w = claim->word_at, subject = subject_at(q);
	bool verb = w > 0 && (tok_is(q, w - 1, "to") || is_aux(q->t.v[w - 1].word) ||
			      (text_in_list(q->t.v[0].word, modal) && w > subject &&
			       w <= subject + 2 && !text_is_stopword(q->t.v[w - 1].word)));
	const struct wordnet *wn = kb_wordnet(q->kb);
	bool participle = text_past_form(wn, q->t.v[w].word);
	for (size_t k = 0; k < t.n && !asserted; k++) {
		if (!term_at(claim, &t, k, NULL, 0))
			continue;
		/* a synonym of a participle the article never uses ("was he
		 * DISCIPLINED") is no plural noun ("CONDITIONS in the ward") */
		char lemma[WORDNET_MAX_WORD + 1];
		if (claim->guessed && participle && wn &&
		    wordnet_regular_base(wn, WORDNET_NOUN, t.v[k].word, lemma) &&
		    strcmp(lemma, t.v[k].word) != 0) {
			in_name = true;
			continue;
		}
		if (verb && k > 0 && t.v[k].capitalized) {
			in_name = true;
			continue;
		}
		/* (nor does a word that only describes the noun after it:
		 * "an APPEALS court") */
		/* (a past form takes an object: "CONCEDED defeat") */
		size_t len = strlen(t.v[k].word);
		bool past = len > 3 && !strcmp(t.v[k].word + len - 2, "ed");
		if (verb && wn && !past && k + 1 < t.n && !t.v[k + 1].capitalized &&
		    !text_is_stopword(t.v[k + 1].word) &&
		    wordnet_lemma(wn, WORDNET_NOUN, t.v[k + 1].word, lemma) &&
		    !wordnet_mostly_verb(wn, t.v[k + 1].word)) {
			in_name = true;
			continue;
		}
		/* (nor the verb's noun, "relied on in THEIR appeal", when
		 * the question asks the act: "are they going to appeal") */
		static const char *const possessives[] = {
			"their", "its", "his", "her", "our", NULL,
		};
		if (verb && k > 0 && text_in_list(t.v[k - 1].word, possessives)) {
			in_name = true;
			continue;
		}
		/* "... to pass", "... to lodge an appeal" */
		bool tried = false;
		for (size_t j = k; j-- > 1 && k - j <= 4 && !tried;)
			tried = !strcmp(t.v[j].word, "to") && text_in_list(t.v[j - 1].word, tries);
		/* "asked WHETHER he could go higher": a question put, not
		 * answered */
		for (size_t j = k; j-- > 0 && k - j <= 6 && !tried &&
				   !text_clause_break(s->text, &t, j);)
			tried = !strcmp(t.v[j].word, "whether");
		/* "smaller reforms that CAN BE passed by parliament": what
		 * may happen has not, unless that is asked ("could it pass") */
		static const char *const be[] = { "be", "been", "have", NULL };
		size_t verb_from = k;
		while (verb_from > 0 && k - verb_from < 2 && text_in_list(t.v[verb_from - 1].word, be))
			verb_from--;
		tried |= verb_from < k && verb_from > 0 &&
			 text_in_list(t.v[verb_from - 1].word, maybes) && !asks_maybe(q);
		said = true;
		asserted = !tried;
	}
	tokens_free(&t);
	return asserted || (!said && !in_name);
}

/* One past the last word of a yes/no question's claim, leaving out the
 * words that only add time ("is the fire out YET"). */
static size_t claim_end(const struct query *q)
{
	static const char *const trailing[] = { "yet", "still", "now", "already", "again", NULL };
	/* (and a closing "before": "has it ever happened BEFORE") */
	size_t last = q->t.n;
	while (last > 0 && (q->t.v[last - 1].number || text_in_list(q->t.v[last - 1].word, trailing) ||
			    (last == q->t.n && tok_is(q, last - 1, "before"))))
		last--;
	return last;
}

/* A "yes" must say all the question claims, down to the small word it
 * may end on ("is the fire OUT yet"), which no term stands for. */
static bool says_whole_claim(const struct query *q, size_t doc)
{
	size_t last = claim_end(q);
	if (last <= subject_at(q) + 1 || in_entity(q, last - 1))
		return true;
	/* a content word a term stands for is weighed with the terms; one
	 * none does (the article never uses it: "did the test WORK") or a
	 * small one must be said here */
	for (size_t i = 0; i < q->n_terms && !text_is_stopword(q->t.v[last - 1].word); i++)
		if (q->terms[i].word_at == last - 1)
			return true;
	const struct kb_sentence *s = kb_sentence_at(q->kb, doc, NULL);
	struct tokens t = {0};
	bool found = false;
	const struct wordnet *wn = kb_wordnet(q->kb);
	char verb[WORDNET_MAX_WORD + 1];
	if (sentence_tokens(q, s->text, &t) == 0)
		for (size_t k = 0; k < t.n && !found; k++)
			found = (!strcmp(t.v[k].stem, q->t.v[last - 1].stem) ||
				 text_token_says(&t.v[k], q->t.v[last - 1].stem)) &&
				/* the particle of another verb ("broke OUT",
				 * "carried OUT") claims something else */
				!(k > 0 && text_in_list(t.v[k].word, particles) && wn &&
				  !is_aux(t.v[k - 1].word) && !has_word(q, t.v[k - 1].word) &&
				  wordnet_lemma(wn, WORDNET_VERB, t.v[k - 1].word, verb));
	tokens_free(&t);
	return found;
}

/* Does sentence `doc` set a word of the yes/no claim after another
 * preposition of position than the question does ("ON schedule" and
 * "BEHIND schedule", "UNDER budget" and "OVER budget")? Then it says
 * another thing. */
static bool contrary_position(const struct query *q, size_t doc)
{
	static const char *const positions[] = {
		"on", "behind", "ahead", "over", "under", "above", "below", "within", "beyond",
		"before", "after", NULL,
	};
	const struct kb_sentence *s = kb_sentence_at(q->kb, doc, NULL);
	struct tokens t = {0};
	bool contrary = false;
	if (sentence_tokens(q, s->text, &t) != 0)
		return false;
	for (size_t i = 1; i < q->t.n && !contrary; i++) {
		const char *asked = q->t.v[i - 1].word;
		if (!text_in_list(asked, positions) || text_is_stopword(q->t.v[i].word))
			continue;
		for (size_t k = 1; k < t.n && !contrary; k++)
			contrary = !strcmp(t.v[k].stem, q->t.v[i].stem) &&
				   text_in_list(t.v[k - 1].word, positions) &&
				   strcmp(t.v[k - 1].word, asked) != 0;
	}
	tokens_free(&t);
	return contrary;
}

/* Does sentence s open with a quotation mark? */
static bool opens_quote(const char *s)
{
	return *s == '"' || !strncmp(s, "\xE2\x80\x9C", 3);
}

/* The words of text s into t (zeroed): a knowledge-base sentence's
 * during a search (see sentence_tokens), else any text's (q NULL). */
static int words_of(const struct query *q, const char *s, struct tokens *t)
{
	if (q && q->seen)
		return sentence_tokens(q, s, t);
	t->words_only = true;
	return text_tokenize(s, strlen(s), t);
}

/* Does text s hold one of `words` (NULL-terminated)? q as for words_of. */
static bool says_any(const struct query *q, const char *s, const char *const *words)
{
	struct tokens t = {0};
	bool found = false;
	if (words_of(q, s, &t) == 0)
		for (size_t k = 0; k < t.n && !found; k++)
			found = text_in_list(t.v[k].word, words);
	tokens_free(&t);
	return found;
}

/* How many number phrases the text holds. */
static size_t figures_in(const struct query *q, const char *text)
{
	struct tokens t = {0};
	size_t n = kb_tokenize(q->kb, text, &t) == 0 ? number_count(NULL, text, &t, NUMBER_ANY) : 0;
	tokens_free(&t);
	return n;
}

/* Does the text give a sum of parts (text_says_total)? */
static bool says_total(const struct query *q, const char *text)
{
	struct tokens t = {0};
	bool total = words_of(q, text, &t) == 0 && text_says_total(&t);
	tokens_free(&t);
	return total;
}

static int answer_events(struct query *q, bool want_place, struct answer *a)
{
	const struct kb *kb = q->kb;
	const struct kb_event *best = NULL;
	long best_rank = -1;
	for (size_t k = 0; k < kb_event_count(kb); k++) {
		const struct kb_event *e = kb_event_at(kb, k);
		if (want_place && !e->place)
			continue;
		/* what only may happen is no event; asked of the best so far
		 * only, as it tokenises the sentence */
		long rank = fact_rank(q, e->text, e->cite.sentence);
		if (rank > best_rank &&
		    !(q->past && e->cite.sentence && text_hypothetical(e->cite.sentence->text))) {
			best = e;
			best_rank = rank;
		}
	}
	if (!best)
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

/* How many sentences covering a question equally make the choice of one a
 * guess. Measured on held-out batches 4-20: at 6, 7 confident wrong
 * answers become refusals for 1 right one lost (since won back by
 * exempting measures); at 5, 9 for 5; at 4 and 3 the shipped sets lose
 * right answers too. */
#define ALIKE_IS_A_GUESS 6

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", NULL,
};

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday", "year", "years", "decade", "decades",
	"week", "weeks", "month", "months", "today", "yesterday", "tomorrow", "recently",
	"ago", NULL,
};

/* Does a place preposition stand up to three tokens before token k ("in
 * the town of Brenn")? Prepositions of position always count; those of
 * movement only as `moving` says: MOVING_NONE, none; MOVING_FROM,
 * "from" (the question asks where from); MOVING_TO, "to", "into" ...
 * (where to); MOVING_ANY, any (for "who", any place is not an actor). */
static bool after_locative(const char *s, const struct tokens *t, size_t k, enum moving moving)
{
	static const char *const position[] = {
		"in", "at", "near", "of", "on", "outside", "inside", "within", "across",
		"throughout", "beneath", "below", "above", "along", "around", "beside", "off",
		NULL,
	};
	static const char *const from[] = { "from", NULL };
	static const char *const to[] = { "into", "to", "toward", "towards", "through", NULL };
	/* from the start of the name: "in Sochi, a Black Sea port" */
	while (k > 0 && t->v[k - 1].capitalized)
		k--;
	/* (for "who", within the clause: "On Tuesday, the Trump
	 * administration" is in no place) */
	for (size_t back = 1; back <= 3 && back <= k &&
			      !(moving == MOVING_ANY && text_clause_break(s, t, k - back)); back++)
		if (text_in_list(t->v[k - back].word, position) ||
		    ((moving == MOVING_FROM || moving == MOVING_ANY) &&
		     text_in_list(t->v[k - back].word, from)) ||
		    ((moving == MOVING_TO || moving == MOVING_ANY) &&
		     text_in_list(t->v[k - back].word, to)))
			return true;
	return false;
}

/* Does the name at token k only describe the thing after it, no person
 * or group ("THE MERROWLAND crown slipped", but "the Trump
 * ADMINISTRATION declared")? Such a name does nothing itself. */
static bool describes_a_thing(const struct query *q, const char *s, const struct tokens *t,
			      size_t k)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	char lemma[WORDNET_MAX_WORD + 1];
	return k > 0 && k + 1 < t->n && !strcmp(t->v[k - 1].word, "the") &&
	       !t->v[k + 1].capitalized && !text_clause_break(s, t, k) &&
	       !text_is_stopword(t->v[k + 1].word) &&
	       wordnet_lemma(wn, WORDNET_NOUN, t->v[k + 1].word, lemma) &&
	       !wordnet_is_a(wn, WORDNET_NOUN, lemma, 3, "person", 8) &&
	       !wordnet_is_a(wn, WORDNET_NOUN, lemma, 3, "social group", 8);
}

/* Is the name at token k the source of the sentence ("according to
 * Alam", "says Alam") rather than one who does what it tells? */
/* Is the name at token k set after "of" that follows no place ("chief
 * executive OF Arianespace", not "the town OF Brenn", "north OF Ulm")?
 * Such a name owns something; it says no where. */
static bool of_no_place(const struct query *q, const struct tokens *t, size_t k)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	char lemma[WORDNET_MAX_WORD + 1];
	while (k > 0 && t->v[k - 1].capitalized)
		k--;
	size_t of = k;
	for (size_t back = 1; back <= 3 && back <= k && of == k; back++)
		if (!strcmp(t->v[k - back].word, "of"))
			of = k - back;
	if (of == k || of == 0 || !wn)
		return false;
	const char *before = t->v[of - 1].word;
	return !(wordnet_lemma(wn, WORDNET_NOUN, before, lemma) &&
		 (wordnet_is_a(wn, WORDNET_NOUN, lemma, 2, "location", 10) ||
		  wordnet_is_a(wn, WORDNET_NOUN, lemma, 2, "direction", 6) ||
		  wordnet_is_a(wn, WORDNET_NOUN, lemma, 2, "point", 6)));
}

static bool attribution(const struct tokens *t, size_t k)
{
	static const char *const says[] = { "says", "said", "told", "tells", NULL };
	while (k > 0 && t->v[k - 1].capitalized)
		k--;
	return k >= 1 && (text_in_list(t->v[k - 1].word, says) ||
			  (k >= 2 && !strcmp(t->v[k - 1].word, "to") &&
			   !strcmp(t->v[k - 2].word, "according")));
}

/* Is the number phrase an amount of money: after a currency sign ("$5
 * million", "€20") or counting a currency (wordnet_currency)? */
static bool is_money(const struct kb *kb, const char *s, const struct tokens *t,
		     const struct number_phrase *np)
{
	return number_is_money(kb_wordnet(kb), s, t, np, NULL);
}

/* Is the number at token k of t (the tokens of `text`) a count of things
 * ("1.7 million PEOPLE"), not a sum, share or measure, which a value
 * asked ("what is its yearly PROFIT") is? */
static bool counts_things(const struct query *q, const char *text, const struct tokens *t,
			  size_t k)
{
	struct number_phrase np;
	const struct wordnet *wn = kb_wordnet(q->kb);
	char lemma[WORDNET_MAX_WORD + 1];
	size_t end, of;
	/* "40 percent OF MORTGAGES": a share of things, not the rate asked,
	 * unless they are what the question names */
	if (number_parse(t, k, &np) && number_is_share(text, t, &np, &end) &&
	    (of = number_share_of(t, end)) < t->n) {
		bool asked = false;
		for (size_t j = of; j < t->n && j <= of + 2 && !asked; j++)
			asked = !text_is_stopword(t->v[j].word) && find_stem(q, t->v[j].stem) >= 0;
		return !asked;
	}
	if (!number_parse(t, k, &np))
		return false;
	/* "tens of thousands OF owners": what is counted follows "of" */
	if (np.unit + 1 < t->n && !strcmp(t->v[np.unit].word, "of"))
		np.unit++;
	if (np.unit >= t->n || text_is_stopword(t->v[np.unit].word) ||
	    !wn || !wordnet_lemma(wn, WORDNET_NOUN, t->v[np.unit].word, lemma))
		return false;
	return !is_money(q->kb, text, t, &np) && !number_is_share(text, t, &np, NULL) &&
	       !number_unit_at(kb_wordnet(q->kb), t, np.unit, "unit of measurement", NULL);
}

/* Does the text hold a place in an order: an ordinal ("the world's
 * THIRD-largest", "in second place", "finished last", "7th")? */
static bool holds_rank(const struct query *q, const char *text)
{
	static const char *const suffixes[] = { "st", "nd", "rd", "th", NULL };
	struct tokens t = {0};
	bool any = false;
	if (kb_tokenize(q->kb, text, &t) == 0)
		for (size_t k = 0; k < t.n && !any; k++) {
			const char *w = t.v[k].word;
			size_t digits = strspn(w, "0123456789");
			any = text_ordinal_word(w) ||
			      (digits > 0 && text_in_list(w + digits, suffixes));
		}
	tokens_free(&t);
	return any;
}

/* Does the text hold a figure (a digit or a number word), other than a
 * date's ("December 16", "2019")? */
static bool holds_figure(const struct query *q, const char *text)
{
	struct tokens t = {0};
	bool any = false;
	if (kb_tokenize(q->kb, text, &t) == 0)
		for (size_t k = 0; k < t.n && !any; k++) {
			bool date = number_in_date(&t, k, k + 1);
			/* "lifted its rate FROM 4.25 percent" gives the old
			 * figure, not the one asked */
			bool old = k > 0 && !strcmp(t.v[k - 1].word, "from") && !has_word(q, "from") &&
				   !has_word(q, "old") && !has_word(q, "previous") &&
				   !has_word(q, "originally");
			any = !date && !old && (t.v[k].number || number_is_word(t.v[k].word)) &&
			      !(q->value && counts_things(q, text, &t, k));
		}
	tokens_free(&t);
	return any;
}

/* "what YEAR was it founded" and "what YEARS did it go on" need a year,
 * "how OLD is he" an age ("52", with "years" or "-year-old" beside it,
 * or after "aged"): an answer without one does not answer. */
static bool lacks_year_or_age(const struct query *q, const char *text)
{
	bool year = tok_is(q, q->wh_at + 1, "year") || tok_is(q, q->wh_at + 1, "years");
	bool age = q->wh == WH_HOW && tok_is(q, q->wh_at + 1, "old");
	if (!year && !age)
		return false;
	struct tokens t = {0};
	bool found = false;
	if (kb_tokenize(q->kb, text, &t) == 0)
		for (size_t k = 0; k < t.n && !found; k++) {
			if (year) {
				found = number_is_year(t.v[k].word);
				continue;
			}
			bool years = (k + 1 < t.n && !strncmp(t.v[k + 1].word, "year", 4)) ||
				     (k + 2 < t.n && !strncmp(t.v[k + 2].word, "year", 4));
			found = t.v[k].number && (years || (k > 0 && !strcmp(t.v[k - 1].word, "aged")));
		}
	tokens_free(&t);
	return !found;
}

static bool says_converse(const struct query *q, size_t i, size_t doc);

/* The question's verb that "who", "where" or "when" asks about: the
 * first past the question word for "who RUNS", the last for "where did
 * the fire START" (past a subject that may read as a verb: "the team's
 * BAN start"); q->t.n when there is none. */
static size_t asked_verb(const struct query *q)
{
	size_t i = q->wh_at + 1;
	if (q->wh == WH_WHO) {
		while (i < q->t.n && (is_aux(q->t.v[i].word) || text_is_stopword(q->t.v[i].word)))
			i++;
		return i < q->t.n && !in_entity(q, i) && wordnet_verb_at(q, i) ? i : q->t.n;
	}
	/* up to a preposition after the verb ("gets back TO target") */
	static const char *const prepositions[] = {
		"to", "from", "in", "on", "at", "by", "for", "with", "into", "after", "before", NULL,
	};
	/* (past a verb that only frames the one after "to": "when is the
	 * deal SUPPOSED to close") */
	static const char *const framing[] = {
		"supposed", "expected", "due", "set", "scheduled", "planned", "meant", NULL,
	};
	size_t verb = q->t.n;
	for (; i < q->t.n && !(verb < q->t.n && text_in_list(q->t.v[i].word, prepositions) &&
			       !(tok_is(q, i, "to") && i == verb + 1 &&
				 text_in_list(q->t.v[verb].word, framing)));
	     i++)
		if (!is_aux(q->t.v[i].word) && !in_entity(q, i) &&
		    !text_in_list(q->t.v[i].word, particles) && wordnet_verb_at(q, i))
			verb = i;
	return verb;
}

/* "who RUNS the transit authority", "where did the fire START": the
 * question's verb, or a word for it, must be said in sentence `doc`
 * ("Supporters included the Chamber of Commerce" runs nothing). True
 * when the question has no such verb or no term stands for it. */
static bool says_asked_verb(const struct query *q, size_t doc)
{
	size_t i = asked_verb(q);
	/* a framing verb ("where is it BASED", "HOLD ground") may be said
	 * in many ways */
	if (i >= q->t.n || lexicon_is_frame(q->t.v[i].word, q->t.v[i].stem) || asker_waits(q, i))
		return true;
	const struct index *idx = kb_index(q->kb);
	const struct term *verb = NULL;
	for (size_t k = 0; k < q->n_terms && !verb; k++)
		if (!q->terms[k].entity && q->terms[k].word_at == i)
			verb = &q->terms[k];
	if (verb ? term_in_doc(idx, doc, verb) || says_converse(q, i, doc)
		 : index_doc_has(idx, doc, q->t.v[i].stem) &&
			   !text_in_list(q->t.v[i + 1 < q->t.n ? i + 1 : i].word, particles))
		return true;
	/* or a synonym in its first sense ("start" said as "begins"; "SET
	 * UP", which no term stands for, as "founded") */
	char syns[MAX_ALTS][TEXT_MAX_WORD + 1];
	size_t n = wordnet_stems(q->kb, q->t.stemmer, &q->t, i, syns, MAX_ALTS,
				 STEMS_VERBS_ONLY);
	for (size_t k = 0; k < n; k++)
		if (index_doc_has(idx, doc, syns[k]))
			return true;
	return false;
}

struct converse {
	const struct query *q;
	size_t doc;
	bool said;
};

static void note_converse(void *user, const char *word, enum wordnet_relation rel)
{
	(void)rel;
	struct converse *c = user;
	char stem[TEXT_MAX_WORD + 1];
	if (strlen(word) > TEXT_MAX_WORD || strchr(word, ' '))
		return;
	text_stem(c->q->t.stemmer, word, stem);
	c->said |= index_doc_has(kb_index(c->q->kb), c->doc, stem) > 0;
}

/* Does sentence `doc` say the verb at token i the other way round ("who
 * BOUGHT the stake from Ebay": "Ebay SOLD the stake to ...")? */
static bool says_converse(const struct query *q, size_t i, size_t doc)
{
	char lemma[WORDNET_MAX_WORD + 1];
	const struct wordnet *wn = kb_wordnet(q->kb);
	struct converse c = { .q = q, .doc = doc };
	if (wn && wordnet_lemma(wn, WORDNET_VERB, q->t.v[i].word, lemma))
		wordnet_related(wn, WORDNET_VERB, lemma, 2, WORDNET_ANTONYM, note_converse, &c);
	return c.said;
}

/* Is token k of t, or one of the two either side, a capitalised word the
 * question does not use, past the first and no day or month? */
static bool new_name_beside(const struct query *q, const struct tokens *t, size_t k)
{
	for (size_t j = k >= 2 ? k - 2 : 0; j < t->n && j <= k + 2; j++)
		if (j > 0 && t->v[j].capitalized && !text_date_word(t->v[j].word) &&
		    !text_month_at(t, j) && find_stem(q, t->v[j].stem) < 0)
			return true;
	return false;
}

/* Is `stem` the stem of a question word other than the kind asked? */
static bool other_question_stem(const struct query *q, const char *stem)
{
	for (size_t i = 0; i < q->t.n; i++)
		if ((long)i != q->kind_at && !strcmp(q->t.v[i].stem, stem))
			return true;
	return false;
}

/* Does the answer name the kind asked: the noun itself, a kind of it
 * ("frigates" for "what ships"), a name WordNet knows as one ("the
 * Balkans" for "which regions"), or a figure for a figure ("what death
 * toll")? "what relics were saved" is not answered by "the structure had
 * been saved", nor "which hospital" by a sentence that names none. */
static bool names_kind(const struct query *q, const char *text)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	const struct token *asked = &q->t.v[q->kind_at];
	char kind[WORDNET_MAX_WORD + 1], lemma[WORDNET_MAX_WORD + 1];
	if (!wordnet_lemma(wn, WORDNET_NOUN, asked->word, kind))
		return true;
	/* "what death TOLL": a figure names it */
	if (q->value || (wordnet_figure(wn, kind) && holds_figure(q, text)))
		return true;
	struct tokens t = {0};
	bool named = false;
	if (kb_tokenize(q->kb, text, &t) == 0)
		for (size_t k = 0; k < t.n && !named; k++)
			/* (the word itself, with a name the question did not
			 * use beside it or in it: "the COURT" names no court,
			 * nor "several other European countries" which
			 * European ones, "the Court of Appeal" does) */
			named = (!strcmp(t.v[k].stem, asked->stem) && new_name_beside(q, &t, k)) ||
				/* a name WordNet knows as one ("the Balkans", a
				 * region) */
				(k > 0 && t.v[k].capitalized &&
				 wordnet_instance_of(wn, t.v[k].word, 2, kind, 6)) ||
				(wordnet_lemma(wn, WORDNET_NOUN, t.v[k].word, lemma) &&
				 wordnet_is_a(wn, WORDNET_NOUN, lemma, 2, kind, 4) &&
				 /* (not the question's own other word: "which
				  * expert did the JUDGE side with") */
				 !other_question_stem(q, t.v[k].stem) &&
				 /* (nor the word itself, bare at a phrase's end:
				  * "welcomed the ruling outside THE COURT.") */
				 !(!strcmp(t.v[k].stem, asked->stem) && k > 0 &&
				   !strcmp(t.v[k - 1].word, "the") && text_clause_break(text, &t, k)));
	tokens_free(&t);
	return named;
}


/* Is token k a span of time counted ("gave parliament six months to",
 * "for two years") rather than a point in time ("two years ago", "in
 * three weeks", "within six months")? */
static bool is_duration(const struct tokens *t, size_t k)
{
	static const char *const spans_of_time[] = {
		"day", "days", "week", "weeks", "month", "months", "year", "years", "decade",
		"decades", NULL,
	};
	static const char *const pointing[] = {
		"ago", "later", "earlier", "before", "after", "since", NULL,
	};
	static const char *const from_now[] = { "in", "within", "after", NULL };
	if (!text_in_list(t->v[k].word, spans_of_time) || k == 0)
		return false;
	size_t n = k - 1;  /* the count before the unit */
	if (!t->v[n].number && !number_is_word(t->v[n].word))
		return false;
	if (k + 1 < t->n && text_in_list(t->v[k + 1].word, pointing))
		return false;
	return !(n > 0 && text_in_list(t->v[n - 1].word, from_now));
}

/* Does a span of time at token k point at a time ("last WEEK", "two
 * years AGO", "this MONTH") rather than count or repeat it ("twice a
 * WEEK", "the first WEEKS")? Other words are points. */
static bool points_in_time(const struct tokens *t, size_t k)
{
	static const char *const spans_of_time[] = {
		"week", "weeks", "month", "months", "year", "years", "decade", "decades", NULL,
	};
	static const char *const which[] = {
		"last", "next", "this", "previous", "following", "same", "past", NULL,
	};
	static const char *const pointing[] = { "ago", "later", "earlier", NULL };
	if (!text_in_list(t->v[k].word, spans_of_time))
		return true;
	return (k > 0 && (text_in_list(t->v[k - 1].word, which) || t->v[k - 1].number ||
			  number_is_word(t->v[k - 1].word))) ||
	       (k + 1 < t->n && text_in_list(t->v[k + 1].word, pointing));
}

/* Is the year at token k the mark a record is set against ("its best
 * result SINCE 1998", "the first time since 2004"): the last time, not
 * the time of what is told? */
static bool record_since(const struct query *q, const struct tokens *t, size_t k)
{
	if (k == 0 || strcmp(t->v[k - 1].word, "since") != 0)
		return false;
	for (size_t j = k - 1; j-- > 0 && k - j <= 8;)
		if (number_superlative_at(kb_wordnet(q->kb), t, j) || !strcmp(t->v[j].word, "first") ||
		    !strcmp(t->v[j].word, "best") || !strcmp(t->v[j].word, "worst"))
			return true;
	return false;
}

/* Is the date at token k when something was said ("the brigade said on
 * TUESDAY morning"), not when what was said happened? */
static bool said_on(const struct tokens *t, size_t k)
{
	static const char *const dating[] = { "on", "early", "late", "last", "this", NULL };
	size_t j = k;
	while (j > 0 && k - j < 3 &&
	       (text_in_list(t->v[j - 1].word, dating) || text_in_list(t->v[j - 1].word, months) ||
		t->v[j - 1].number))
		j--;
	return j > 0 && text_reports_speech(t->v[j - 1].word);
}

/* The first token of the run of capitalised words that ends at token k
 * ("Civic" for "Union" in "the Civic Union"). */
static size_t name_start(const struct tokens *t, size_t k)
{
	while (k > 0 && t->v[k - 1].capitalized && !text_is_stopword(t->v[k - 1].word))
		k--;
	return k;
}

/* Is token k part of a run of capitalised words that holds a word of the
 * question ("Central" in "the Central Election Commission" when the
 * question asks about "the election commission")? Such a name is what
 * the question is about, not its answer. */
static bool in_asked_name(const struct query *q, const struct tokens *t, size_t k)
{
	/* "who is Holm Varga": the title before the name ("Justice") is
	 * the answer */
	if (q->wh == WH_WHO && q->identity &&
	    (tok_is(q, q->wh_at + 1, "is") || tok_is(q, q->wh_at + 1, "was") ||
				tok_is(q, q->t.n - 1, "is") || tok_is(q, q->t.n - 1, "was")))
		return false;
	/* the run goes on over "of the" between capitalised words ("the
	 * Office of the Data Commissioner") */
	static const char *const joining[] = { "of", "the", NULL };
	size_t a = name_start(t, k), b = k;
	for (;;) {
		size_t c = b + 1;
		if (c < t->n && !strcmp(t->v[c].word, "of"))
			while (c < t->n && c <= b + 2 && text_in_list(t->v[c].word, joining))
				c++;
		if (c >= t->n || !t->v[c].capitalized || text_is_stopword(t->v[c].word))
			break;
		b = c;
	}
	/* "which sea" is answered by "the Black Sea" */
	const char *kind = (q->wh == WH_WHICH || q->wh == WH_WHAT) && q->wh_at + 1 < q->t.n
				   ? q->t.v[q->wh_at + 1].word : "";
	for (size_t j = a; j <= b; j++)
		if (j != k && has_word(q, t->v[j].word) && strcmp(t->v[j].word, kind) != 0)
			return true;
	/* ("the Coastal Fisheries Authority" when it asks about "the cfa") */
	for (size_t i = 0; i < q->t.n; i++)
		if (text_spelled_out_at(t, k, q->t.v[i].word))
			return true;
	return false;
}

/* What same_noun found for the words a question's candidate sentences
 * count, so each is looked up in WordNet once per question. */
#define NOUN_CACHE 8
struct noun_cache {
	char word[NOUN_CACHE][TEXT_MAX_WORD + 1];
	bool same[NOUN_CACHE];
	size_t n;
};

/* Does WordNet put nouns `a` and `b` in one synset, in either's first
 * senses ("ballots" and "votes")? */
static bool same_noun(const struct kb *kb, const char *a, const char *b)
{
	const struct wordnet *wn = kb_wordnet(kb);
	char la[WORDNET_MAX_WORD + 1], lb[WORDNET_MAX_WORD + 1];
	if (!wn || !wordnet_lemma(wn, WORDNET_NOUN, a, la) ||
	    !wordnet_lemma(wn, WORDNET_NOUN, b, lb))
		return false;
	return wordnet_relates(wn, WORDNET_NOUN, la, 3, WORDNET_SYNONYM, lb);
}

/* Does the number phrase count something other than what the question
 * counts: followed by a noun that is not the question's ("two of the
 * plant's three blast furnaces" for "how many people")? Only asked when
 * the sentence never names the question's unit. */
static bool counts_other(const struct query *q, const struct tokens *t,
			 const struct number_phrase *np, const struct entity_span *spans, size_t ns)
{
	/* "how much water": litres, cubic metres ... are its measure */
	if (!q->unit || np->unit >= t->n || !tok_is(q, q->wh_at + 1, "many"))
		return false;
	/* (past "most" and a hyphenated word: "two most SOUGHT-AFTER
	 * schools") */
	static const char *const degrees[] = { "most", "more", "less", "least", "very", NULL };
	size_t at = np->unit;
	while (at + 1 < t->n && at < np->unit + 4 &&
	       (text_in_list(t->v[at].word, degrees) || t->v[at + 1].joined ||
		(t->v[at].joined && at > np->unit)))
		at++;
	const struct token *u = &t->v[at];
	if (!strcmp(u->word, "of"))
		return true;
	if (text_is_stopword(u->word) || u->capitalized || u->number || number_is_word(u->word) ||
	    term_at(q->unit, t, np->unit, spans, ns) || term_at(q->unit, t, at, spans, ns))
		return false;
	struct noun_cache *c = q->nouns;
	for (size_t i = 0; c && i < c->n; i++)
		if (!strcmp(c->word[i], u->word))
			return !c->same[i];
	/* the question's own word for what it counts */
	bool same = false;
	for (size_t i = q->wh_at + 2; i < q->t.n; i++)
		if (text_token_says(&q->t.v[i], q->unit->alt[0])) {
			same = same_noun(q->kb, u->word, q->t.v[i].word);
			break;
		}
	if (c && c->n < NOUN_CACHE && strlen(u->word) <= TEXT_MAX_WORD) {
		memcpy(c->word[c->n], u->word, strlen(u->word) + 1);
		c->same[c->n++] = same;
	}
	return !same;
}

/* Does the number phrase count a kind of person, to WordNet's first
 * sense of the noun after it or after one modifier ("124 million
 * connected USERS"), one who does what the question asks: its verb is
 * said in the sentence, or names that person ("use" -> "user")? */
static bool counts_persons(const struct query *q, const struct tokens *t,
			   const struct number_phrase *np)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	size_t v = q->wh_at + 3;  /* past "how many people" and auxiliaries */
	while (v < q->t.n && is_aux(q->t.v[v].word))
		v++;
	char verb[WORDNET_MAX_WORD + 1] = "";
	if (v < q->t.n && wordnet_verb_at(q, v))
		wordnet_lemma(wn, WORDNET_VERB, q->t.v[v].word, verb);
	bool said = !*verb;
	for (size_t k = 0; k < t->n && !said; k++)
		said = !strcmp(t->v[k].stem, q->t.v[v].stem);
	for (size_t u = np->unit; u < t->n && u <= np->unit + 1; u++) {
		char noun[WORDNET_MAX_WORD + 1];
		if (t->v[u].capitalized || text_is_stopword(t->v[u].word))
			return false;
		if (!person_noun(wn, t->v[u].word, 1))
			continue;
		return said || (wordnet_lemma(wn, WORDNET_NOUN, t->v[u].word, noun) &&
				wordnet_relates(wn, WORDNET_VERB, verb, 1, WORDNET_DERIVED, noun));
	}
	return false;
}

/* Is the number phrase a part of what the question asks about: followed,
 * after its unit, by "of the" and a word of the question ("2 million
 * crowns of the FINE")? */
static bool part_of_asked(const struct query *q, const struct tokens *t,
			  const struct number_phrase *np, const struct entity_span *spans, size_t ns)
{
	static const char *const dets[] = { "the", "its", "their", "this", "that", NULL };
	size_t of = np->unit < t->n && !strcmp(t->v[np->unit].word, "of") ? np->unit : np->unit + 1;
	if (of + 2 >= t->n || strcmp(t->v[of].word, "of") != 0 ||
	    !text_in_list(t->v[of + 1].word, dets))
		return false;
	for (size_t i = 0; i < q->n_terms; i++)
		if (!q->terms[i].soft && term_at(&q->terms[i], t, of + 2, spans, ns))
			return true;
	return false;
}

/* Is token j the head of a name WordNet lists as one noun with "of" that
 * the question does not say ("MEMBERS of parliament" for "how many
 * members does the party have")? It then names another thing. */
static bool head_of_collocation(const struct query *q, const struct tokens *t, size_t j)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	char head[WORDNET_MAX_WORD + 1], phrase[2 * WORDNET_MAX_WORD + 8];
	struct wordnet_entry e;
	if (!wn || j + 2 >= t->n || strcmp(t->v[j + 1].word, "of") != 0 ||
	    find_stem(q, t->v[j + 2].stem) >= 0 || !wordnet_lemma(wn, WORDNET_NOUN, t->v[j].word, head))
		return false;
	snprintf(phrase, sizeof phrase, "%s of %s", head, t->v[j + 2].word);
	return wordnet_lookup(wn, WORDNET_NOUN, phrase, &e);
}

/* Does the number phrase at token k count or measure what a "how many /
 * how much" question asks? */
static bool counts_asked(const struct query *q, const char *s, const struct tokens *t, size_t k,
			 const struct entity_span *spans, size_t ns)
{
	/* A count, not a date ("3 July", "Oct 24", "2019"), a time or an
	 * age ("Lena Hofer, 24,"); an exact one when asked ("how many
	 * EXACTLY" is not "thousands") */
	struct number_phrase np;
	if (!number_parse(t, k, &np))
		return false;
	/* "how many seats did they get": not what a coalition WOULD hold */
	if (number_would_be(t, np.first, q->past) && !number_may_be_asked(&q->t))
		return false;
	/* "how many provinces did it win": not how many it MUST win (a sum
	 * required is still a price: "requires convoys to pay 0.42 dollars") */
	if (tok_is(q, q->wh_at + 1, "many") && number_required(s, t, np.first) &&
	    !number_requirement_asked(&q->t))
		return false;
	size_t end = np.first + np.count;
#ifdef ANSWER_TRACE
	fprintf(stderr, "  number %s part=%d unit=%s\n", t->v[k].word, (int)q->part, q->unit ? q->unit->alt[0] : "-");
#endif
	/* ("4-2 on penalties": a score counts nothing) */
	bool score = end < t->n && t->v[end].number && t->v[end].joined &&
		     (end + 1 >= t->n || text_is_stopword(t->v[end + 1].word));
	if (score || number_in_date(t, np.first, end) || text_clock_at(s, t, k, NULL) ||
	    number_age_at(s, t, k, NULL) ||
	    (np.approximate && number_exact_asked(&q->t)))
		return false;
	/* What it counts: the question's unit ("how many refugees")
	 * must follow it ("3.7 million refugees", "85 percent of its
	 * water") when the sentence names it; else a question term
	 * stands near. */
	/* "how much of its water": a part, in percent or a fraction */
	if (q->part && !number_is_share(s, t, &np, NULL))
		return false;
	/* "how much did X pay": an amount of money */
	if (q->money && !is_money(q->kb, s, t, &np))
		return false;
	/* "how many people": a count of a kind of person ("124
	 * million users") */
	if (q->persons && !counts_persons(q, t, &np))
		return false;
	/* "how tall": a measure; "how big is the fund" may be money; "how
	 * high are the tariffs" a share */
	const char *dimension = q->t.v[q->wh_at + 1].word;
	if (q->dimension &&
	    !number_unit_at(kb_wordnet(q->kb), t, np.unit, number_unit_kind(dimension), NULL) &&
	    !(how_sized(q) && is_money(q->kb, s, t, &np)) &&
	    !((!strcmp(dimension, "high") || !strcmp(dimension, "low")) &&
	      number_is_share(s, t, &np, NULL)))
		return false;
	bool unit_here = false;
	/* a word of a name ("the Transport Workers' Union") counts
	 * nothing */
	for (size_t j = 0; q->unit && j < t->n && !unit_here; j++)
		unit_here = term_at(q->unit, t, j, spans, ns) && !(j > 0 && t->v[j].capitalized);
	/* "14 MEMBERS OF PARLIAMENT" counts no members */
	if (unit_here && np.unit < t->n && term_at(q->unit, t, np.unit, spans, ns) &&
	    head_of_collocation(q, t, np.unit))
		return false;
	if (unit_here) {
		/* "14 BATCHES of the tablets" counts batches ("148
		 * millimetres of rain" measures rain) */
		const struct token *u = np.unit + 1 < t->n ? &t->v[np.unit] : NULL;
		if (u && tok_is(q, q->wh_at + 1, "many") &&
		    !term_at(q->unit, t, np.unit, spans, ns) && !u->capitalized &&
		    !text_is_stopword(u->word) && !u->number &&
		    !strcmp(t->v[np.unit + 1].word, "of"))
			return false;
		/* ("how much OIL": "2,000 barrels of oil", not "readings
		 * below 6,000 could mean oil", where no unit measures it) */
		bool much = tok_is(q, q->wh_at + 1, "much");
		for (size_t j = np.unit; j < t->n && j <= np.unit + 4; j++)
			if (term_at(q->unit, t, j, spans, ns) && !head_of_collocation(q, t, j))
				return !much || j == np.unit || is_money(q->kb, s, t, &np) ||
				       number_unit_at(kb_wordnet(q->kb), t, np.unit,
						      "unit of measurement", NULL);
		/* "how much fuel": a mass is measured, and the
		 * measure may come after it ("fuel oil, estimated at
		 * 12 tonnes") */
		for (size_t j = k >= 6 ? k - 6 : 0; tok_is(q, q->wh_at + 1, "much") && j < k; j++)
			if (term_at(q->unit, t, j, spans, ns))
				return number_unit_at(kb_wordnet(q->kb), t, np.unit, "unit of measurement", NULL);
		return false;
	}
	if (counts_other(q, t, &np, spans, ns))
		return false;
	/* "how high are the tariffs": the rate of something the
	 * question names, said just before it ("tariffs of 35 per
	 * cent", "fees by 12 percent") */
	if (how_measure(q, q->wh_at + 1)) {
		for (size_t j = k >= 5 ? k - 5 : 0; j < t->n && j <= end + 1; j++)
			for (size_t i = 0; i < q->n_terms; i++)
				if ((j < k || j >= end) && term_at(&q->terms[i], t, j, spans, ns))
					return true;
		return false;
	}
	for (size_t j = k >= 5 ? k - 5 : 0; j < t->n && j <= end + 5; j++)
		for (size_t i = 0; i < q->n_terms; i++)
			if ((j < k || j >= end) && term_at(&q->terms[i], t, j, spans, ns))
				return true;
	/* a share of the subject the sentence opens with ("The Social
	 * Democratic Alliance ... came second with 25.1 percent") */
	for (size_t j = 0; q->part && j < 3 && j < k; j++)
		for (size_t i = 0; i < q->n_terms; i++)
			if (!q->terms[i].soft && term_at(&q->terms[i], t, j, spans, ns))
				return true;
	return false;
}

/* Is the number phrase a figure of another kind than the count asked: a
 * sum of money or a measure for "how many scientists" ("the 20-MILLIGRAM
 * tablets"), unless the question counts that unit ("how many miles"); or
 * a part of what is asked ("2 million crowns OF THE FINE")? Asked of
 * phrases counts_asked took, as it reads WordNet. */
static bool other_figure(const struct query *q, const char *s, const struct tokens *t, size_t k,
			 const struct entity_span *spans, size_t ns)
{
	struct number_phrase np;
	if (!number_parse(t, k, &np))
		return true;
	/* what the question counts, said, or a kind of person
	 * (counts_persons), is neither */
	bool counted = q->persons ||
		       (q->unit && np.unit < t->n && term_at(q->unit, t, np.unit, spans, ns));
	if (!counted && !q->money && tok_is(q, q->wh_at + 1, "many") &&
	    (is_money(q->kb, s, t, &np) ||
	     number_unit_at(kb_wordnet(q->kb), t, np.unit, "unit of measurement", NULL)))
		return true;
	/* "how much WINE", "how many CARS": a span of time ("given EIGHT
	 * MONTHS to prepare", "55 MINUTES by car") measures no wine and
	 * counts no cars (WordNet files it under no unit of measurement) */
	if (!counted && q->unit && number_time_at(kb_wordnet(q->kb), t, np.unit))
		return true;
	return !q->part && part_of_asked(q, t, &np, spans, ns);
}

/* Does token k open sentence s, or its text after a dateline ("PORT
 * ALDEN - Schools across ...")? Its capital says no name. */
static bool opens_sentence(const char *s, const struct tokens *t, size_t k)
{
	return k == 0 || k == text_dateline_end(s, t);
}

/* Is token k a noun of the question's (no verb form: "LEADER" for
 * "who leads"), said of a name? */
static bool asked_noun(const struct query *q, const struct tokens *t, size_t k,
		       const struct entity_span *spans, size_t ns)
{
	if (k >= t->n || t->v[k].capitalized)
		return false;
	bool term = false;
	for (size_t i = 0; i < q->n_terms && !term; i++)
		term = term_at(&q->terms[i], t, k, spans, ns);
	return term && wordnet_only_noun(kb_wordnet(q->kb), t->v[k].word);
}

/* Is the question's noun at token k ("LEADER") said of the name right
 * before it, which the question does not name, while the question's
 * name is elsewhere ("Civic Union leader ... the Homeland Front", asked
 * who leads the Homeland Front)? */
static bool owner_of_noun(const struct query *q, const struct tokens *t, size_t k,
			  const struct entity_span *spans, size_t ns)
{
	if (k == 0 || !t->v[k - 1].capitalized || !asked_noun(q, t, k, spans, ns))
		return false;
	size_t a = name_start(t, k - 1);
	bool elsewhere = false;
	for (size_t j = 0; j < t->n; j++) {
		bool asked = t->v[j].capitalized && has_word(q, t->v[j].word);
		if (asked && j >= a && j < k)
			return false;
		elsewhere |= asked;
	}
	return elsewhere;
}

/* Is the name at token k the owner of the question's noun, or its
 * holder, for an owner the question does not name (see owner_of_noun)? */
static bool of_another_role(const struct query *q, const struct tokens *t, size_t k,
			    const struct entity_span *spans, size_t ns)
{
	size_t a = name_start(t, k), b = k;
	while (b + 1 < t->n && t->v[b + 1].capitalized && !text_is_stopword(t->v[b + 1].word))
		b++;
	return owner_of_noun(q, t, b + 1, spans, ns) ||
	       (a > 0 && owner_of_noun(q, t, a - 1, spans, ns));
}

/* Does token k of t answer the question's type? */
static bool answers_type(const struct query *q, const char *s, const struct tokens *t, size_t k,
			 const struct entity_span *spans, size_t ns)
{
	const struct token *tok = &t->v[k];
	switch (q->wh) {
	case WH_WHY: {
		/* a reason: "due to", "because", "in the name of", "thanks to" */
		static const char *const reasons[] = {
			"because", "due", "reason", "since", "thanks", "pretext", "aim", "order",
			"name", "so", "explain", "explains", NULL,
		};
		if (!text_in_list(tok->word, reasons))
			return false;
		/* not time ("SINCE 1989"), degree ("SO far") or a command
		 * ("a court ORDER") */
		const struct token *next = k + 1 < t->n ? &t->v[k + 1] : NULL;
		if (!strcmp(tok->word, "since"))
			return !next || !(next->number || text_month_at(t, k + 1));
		if (!strcmp(tok->word, "so"))
			return (next && !strcmp(next->word, "that")) ||
			       (k > 0 && text_clause_break(s, t, k - 1));
		if (!strcmp(tok->word, "order"))
			return k > 0 && !strcmp(t->v[k - 1].word, "in");
		return true;
	}
	case WH_HOW_MANY:
		return counts_asked(q, s, t, k, spans, ns) && !other_figure(q, s, t, k, spans, ns);
	case WH_HOW_LONG: {
		/* a duration: "seven years", "for decades", "decades-long" */
		static const char *const units[] = {
			"minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
			"month", "months", "year", "years", "decade", "decades", "century",
			"centuries", NULL,
		};
		/* (not an age: "the 38-year-old commander") */
		if (!text_in_list(tok->word, units) || k == 0 ||
		    (k + 1 < t->n && t->v[k + 1].joined && !strcmp(t->v[k + 1].word, "old")))
			return false;
		const struct token *before = &t->v[k - 1];
		/* ("how long had the record LASTED": not "the record OF 4
		 * minutes", a measure of the thing) */
		if (q->lasting && k >= 2 && before->number && !strcmp(t->v[k - 2].word, "of"))
			return false;
		bool long_after = k + 1 < t->n && t->v[k + 1].joined &&
				  !strcmp(t->v[k + 1].word, "long");
		return before->number || number_is_word(before->word) || long_after ||
		       !strcmp(before->word, "several") || !strcmp(before->word, "few") ||
		       !strcmp(before->word, "for");
	}
	case WH_WHEN: {
		/* "in the coming months" says no time; "the third quarter" does */
		static const char *const vague[] = { "coming", "recent", "upcoming", NULL };
		static const char *const ordinals[] = { "first", "second", "third", "fourth", NULL };
		if (is_duration(t, k) || (k > 0 && text_in_list(t->v[k - 1].word, vague)) ||
		    (!q->said && said_on(t, k)) || record_since(q, t, k))
			return false;
		/* "what time": a time of day ("4:40 a.m.", "noon"), not a date */
		if (q->clock) {
			static const char *const of_day[] = {
				"noon", "midday", "midnight", "dawn", "morning", "afternoon",
				"evening", "night", "am", "pm", NULL,
			};
			return text_in_list(tok->word, of_day) || text_clock_at(s, t, k, NULL) ||
			       (tok->number && k + 1 < t->n &&
				text_in_list(t->v[k + 1].word, of_day));
		}
		if ((!strcmp(tok->word, "quarter") || !strcmp(tok->word, "half")) && k > 0 &&
		    text_in_list(t->v[k - 1].word, ordinals))
			return true;
		/* "a 2023 BREACH" dates the breach, which may not be what is
		 * asked ("what year were the audit warnings") */
		if (number_is_year(tok->word) && k > 0 && k + 1 < t->n &&
		    text_in_list(t->v[k - 1].word, (const char *const[]){
					 "a", "an", "the", "its", "their", "his", "her", NULL }) &&
		    !text_is_stopword(t->v[k + 1].word) && !t->v[k + 1].capitalized &&
		    find_stem(q, t->v[k + 1].stem) < 0)
			return false;
		return (text_in_list(tok->word, months) || number_is_year(tok->word)) &&
		       points_in_time(t, k);
	}
	case WH_WHERE:
	case WH_WHO:
	case WH_WHAT:
	case WH_WHICH:
		if (q->wh == WH_WHO && of_another_role(q, t, k, spans, ns))
			return false;
		for (size_t sp = 0; sp < ns; sp++) {
			if (k < spans[sp].first || k >= spans[sp].first + spans[sp].count)
				continue;
			/* an entity the question did not name */
			for (size_t e = 0; e < q->n_ents; e++)
				if (q->ents[e].entity == spans[sp].entity)
					return false;
			if (q->wh == WH_WHERE)
				return spans[sp].entity->kind == KB_PLACE ||
				       spans[sp].entity->kind == KB_COUNTRY;
			/* "a port city of Russia" names a place, not who */
			return q->wh != WH_WHO ||
			       (!after_locative(s, t, k, MOVING_ANY) && !attribution(t, k) && !t->v[k].fragment &&
				!(k + 1 < t->n && t->v[k + 1].joined));
		}
		/* a capitalised name the knowledge base does not list (not a
		 * month or a day); for "where", one that follows "in", "at",
		 * "near", "of" ... */
		/* (nor a word of the dateline: "SAN JOSE MINE, Chile, Oct 13 -") */
		if (!tok->capitalized || opens_sentence(s, t, k) || k < text_dateline_end(s, t) ||
		    text_is_stopword(tok->word) ||
		    text_in_list(tok->word, months) || text_month_at(t, k) || has_word(q, tok->word) ||
		    in_asked_name(q, t, k))
			return false;
		if (q->wh == WH_WHO && attribution(t, k))
			return false;
		if (q->wh == WH_WHO && describes_a_thing(q, s, t, k))
			return false;
		/* "a Salvanne-based organisation" says where */
		if (q->wh == WH_WHERE && k + 1 < t->n && t->v[k + 1].joined &&
		    !strcmp(t->v[k + 1].word, "based"))
			return true;
		if (q->wh == WH_WHERE)
			return after_locative(s, t, k, q->moving) && !of_no_place(q, t, k);
		return !after_locative(s, t, k, MOVING_ANY);
	default:
		return true;
	}
}

/* Does token k stand in a clause opened by "after", "before", "since"
 * or "until" ("two hours AFTER it STARTED", "a century AFTER it was
 * crushed by ice and SANK")? */
static bool against_clause(const char *s, const struct tokens *t, size_t k)
{
	for (size_t a = k; a-- > 0 && k - a <= 8;) {
		if (text_clause_break(s, t, a))
			return false;
		if (text_set_against(t, a + 1))
			return true;
	}
	return false;
}

/* Words a sentence may open with before its subject. */
static const char *const opening_preps[] = {
	"during", "in", "at", "after", "before", "on", "for", "with", "since", "by", "from",
	"under", "amid", "despite", "following", "as", "while", "when", "if", "although",
	"unlike", "like", NULL,
};

/* Is an answer at token k tied to the question's words: a question term
 * within `reach` tokens (in the same clause, when `clause` numbers each
 * token's clause), or, with `opening`, the subject the sentence
 * opens with (a term among its first three tokens: "The dam, which cost
 * ..., was built near Brenn")? */
static bool near_term(const struct tokens *t, const bool *is_term, size_t k, size_t reach,
		      bool opening, const size_t *clause)
{
	size_t n = t->n;
	for (size_t j = k >= reach ? k - reach : 0; j < n && j <= k + reach; j++)
		if (j != k && is_term[j] && (!clause || clause[j] == clause[k]))
			return true;
	/* a sentence that opens with a preposition ("During X's meeting,
	 * ...") does not open with its subject */
	if (opening && n > 0 && text_in_list(t->v[0].word, opening_preps))
		return false;
	for (size_t j = 0; opening && j < n && j < 3; j++)
		if (j != k && is_term[j])
			return true;
	return false;
}

/* Is token k of t a name: part of an entity mention or capitalised (not
 * the first word, which any sentence capitalises)? */
static bool is_name(const struct tokens *t, size_t k, const struct entity_span *spans, size_t ns)
{
	for (size_t s = 0; s < ns; s++)
		if (k >= spans[s].first && k < spans[s].first + spans[s].count)
			return true;
	return k > 0 && t->v[k].capitalized && !text_is_stopword(t->v[k].word);
}

/* Marks as answers the name ending at token `last` and the capitalised
 * words before it ("the Oren Valley Front"). */
static void mark_name(const struct tokens *t, size_t last, const struct entity_span *spans,
		      size_t ns, bool *is_answer)
{
	size_t k = last;
	is_answer[k] = true;
	while (k > 0 && is_name(t, k - 1, spans, ns) && !t->v[k].joined) {
		k--;
		is_answer[k] = true;
	}
}


/* Does the name at token k belong to the question? Then it is not the
 * answer. */
static bool named_by_question(const struct query *q, const struct tokens *t, size_t k,
			      const struct entity_span *spans, size_t ns)
{
	for (size_t s = 0; s < ns; s++)
		if (k >= spans[s].first && k < spans[s].first + spans[s].count)
			for (size_t e = 0; e < q->n_ents; e++)
				if (q->ents[e].entity == spans[s].entity)
					return true;
	for (size_t i = 0; i < q->t.n; i++)
		if (strcmp(q->t.v[i].word, t->v[k].word) == 0)
			return true;
	return false;
}

/* Is the question's verb said in the sentence only in a "who" clause of
 * a name the question does not give ("Joris van Aalst, who TESTED
 * positive")? */
/* Is the question's subject a pronoun ("when did THEY reach it", "where
 * was SHE born"): the word after its wh-word and auxiliary? */
static bool pronoun_subject(const struct query *q)
{
	static const char *const pronouns[] = { "they", "he", "she", NULL };
	size_t at = q->wh_at + 1;
	while (at < q->t.n && !is_aux(q->t.v[at].word) && at <= q->wh_at + 2)
		at++;  /* past "what DATE" */
	return at + 1 < q->t.n && is_aux(q->t.v[at].word) &&
	       text_in_list(q->t.v[at + 1].word, pronouns);
}

static bool verb_only_of_another(const struct query *q, const struct tokens *t,
				 const struct entity_span *spans, size_t ns)
{
	/* (the first word after the question's name: "did Dellaferra TEST
	 * positive") */
	/* (or after a pronoun for those the talk is about: "what date did
	 * THEY reach the summit") */
	const struct term *verb = NULL;
	bool named = pronoun_subject(q);
	for (size_t i = 0; i < q->n_terms && !verb; i++) {
		if (named && !q->terms[i].entity && !q->terms[i].soft)
			verb = &q->terms[i];
		named |= q->terms[i].entity;
	}
	bool another = false;
	for (size_t k = 0; verb && k < t->n; k++) {
		if (!term_at(verb, t, k, spans, ns))
			continue;
		if (k < 2 || strcmp(t->v[k - 1].word, "who") != 0 || !is_name(t, k - 2, spans, ns) ||
		    named_by_question(q, t, k - 2, spans, ns))
			return false;
		another = true;
	}
	return another;
}

/* Does the description that starts at token k (up to the next comma)
 * hold a question word that is not a name ("a Moscow-based analyst" does
 * not describe what "who represents Russia" asks)? */
static bool describes(const char *s, const struct tokens *t, size_t k,
		      const struct entity_span *spans, size_t ns, const bool *is_term)
{
	for (size_t j = k; j < t->n; j++) {
		if (is_term[j] && !is_name(t, j, spans, ns))
			return true;
		if (text_clause_break(s, t, j))
			break;
	}
	return false;
}

/* The answers a sentence's structure gives to "what is the X" and "who
 * did X": the name before a description that holds the question's words
 * ("Idlib, the last opposition stronghold in Syria") and, for "who", the
 * subject of the question's verb, past an aside between commas ("the
 * Oren Valley Front, an armed group ..., attacked"). Marks them in
 * is_answer; returns whether any was found. */
static bool mark_named(const struct query *q, const char *s, const struct tokens *t,
		       const struct entity_span *spans, size_t ns, const bool *is_term,
		       bool *is_answer)
{
	static const char *const dets[] = { "the", "a", "an", NULL };
	static const char *const aux[] = {
		"has", "have", "had", "was", "were", "is", "are", "will", "would", "also", "then",
		"reportedly", "allegedly", NULL,
	};
	bool found = false;
	if (q->wh != WH_WHAT && q->wh != WH_WHICH && q->wh != WH_WHO)
		return false;
	for (size_t k = 2; k < t->n; k++) {
		if (!is_term[k] || is_term[k - 1])
			continue;
		/* NAME, the DESCRIPTION; NAME, Veskaria's minister */
		size_t d = text_in_list(t->v[k - 1].word, dets) ? k - 1
			   : is_name(t, k, spans, ns) && text_possessive(s, &t->v[k]) ? k : 0;
		if (d >= 1 && text_clause_break(s, t, d - 1) && is_name(t, d - 1, spans, ns) &&
		    !named_by_question(q, t, d - 1, spans, ns) &&
		    describes(s, t, k, spans, ns, is_term)) {
			mark_name(t, d - 1, spans, ns, is_answer);
			found = true;
		}
	}
	/* "Their LAWYER, Corin Abadi, said": the name set off after the
	 * question's word, closed by a comma or the sentence's end */
	for (size_t k = 0; k + 1 < t->n; k++) {
		if (!is_term[k] || is_name(t, k, spans, ns) || !text_clause_break(s, t, k) ||
		    !is_name(t, k + 1, spans, ns) || named_by_question(q, t, k + 1, spans, ns))
			continue;
		size_t last = k + 1;
		while (last + 1 < t->n && is_name(t, last + 1, spans, ns) &&
		       !text_clause_break(s, t, last))
			last++;
		if (text_clause_break(s, t, last)) {
			mark_name(t, last, spans, ns, is_answer);
			found = true;
		}
	}
	for (size_t k = 1; k < t->n && q->wh == WH_WHO; k++) {
		if (!is_term[k] || is_name(t, k, spans, ns) || owner_of_noun(q, t, k, spans, ns))
			continue;
		size_t j = k - 1;
		while (j > 0 && text_in_list(t->v[j].word, aux))
			j--;
		if (text_clause_break(s, t, j)) {
			/* back past the aside to the comma that opens it */
			while (j > 0 && !text_clause_break(s, t, j - 1))
				j--;
			if (j < 2)
				continue;
			j -= 1;
		}
		if (is_name(t, j, spans, ns) && !named_by_question(q, t, j, spans, ns)) {
			mark_name(t, j, spans, ns, is_answer);
			found = true;
		}
	}
	return found;
}

/* Does the sentence put the question's other words only inside what its
 * verb reports ("Varga WROTE THAT the majority had ...") when the question
 * asks who did the verb to them ("who wrote the majority opinion")?
 * `score` numbers each token's question term (0: none), `predicate`
 * marks the words that are not names. */
static bool only_reported(const struct tokens *t, const int *score, const bool *predicate)
{
	for (size_t k = 0; k + 2 < t->n; k++) {
		if (!predicate[k] || strcmp(t->v[k + 1].word, "that") != 0)
			continue;
		for (size_t j = k + 2; j < t->n; j++) {
			if (!predicate[j] || score[j] == score[k])
				continue;
			bool before = false;
			for (size_t i = 0; i <= k && !before; i++)
				before = score[i] == score[j];
			if (!before)
				return true;
		}
	}
	return false;
}

/* Does a comma stand between token k and the next in sentence s? */
static bool comma_after(const char *s, const struct tokens *t, size_t k)
{
	return k + 1 < t->n &&
	       memchr(s + t->v[k].end, ',', t->v[k + 1].start - t->v[k].end) != NULL;
}

/* The token after token k, past a short aside between commas if one
 * opens there ("the reactors, at the Summer plant, WERE"); t->n if the
 * aside does not close soon. */
static size_t past_aside(const char *s, const struct tokens *t, size_t k)
{
	if (!comma_after(s, t, k))
		return k + 1;
	size_t close = k + 1;
	while (close + 1 < t->n && close < k + SUBJECT_ASIDE_MAX && !comma_after(s, t, close))
		close++;
	return comma_after(s, t, close) ? close + 1 : t->n;
}

/* Is token k a verb said in the past ("collapsed", "fell"): a word
 * WordNet reads mostly as a verb, in a form other than its base? */
static bool past_verb_at(const struct query *q, const struct tokens *t, size_t k)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	const char *w = t->v[k].word;
	return wn && !t->v[k].number && wordnet_mostly_verb(wn, w) && text_past_form(wn, w);
}

/* Does the sentence say the word "what happens to X" asks about (token
 * q->happens_to) as the subject of what follows: right before an
 * auxiliary or a modal ("guards WILL be retrained", "the plant WAS
 * closed") or a verb in the past ("the bridge COLLAPSED"), with at most
 * a short aside between ("the reactors, at the Summer plant, WERE
 * abandoned")? */
static bool subject_of_aux(const struct query *q, const char *s, const struct tokens *t,
			   const struct entity_span *spans, size_t ns)
{
	static const char *const aux[] = {
		"will", "would", "are", "were", "is", "was", "be", "have", "has", "had", "could",
		"may", "might", "must", "should", NULL,
	};
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *term = &q->terms[i];
		bool asked = false;
		for (size_t a = 0; a < term->n_alts && !asked; a++)
			asked = !term->entity &&
				!strcmp(term->alt[a], q->t.v[q->happens_to].stem);
		for (size_t k = 0; asked && k + 1 < t->n; k++) {
			if (!term_at(term, t, k, spans, ns))
				continue;
			size_t next = past_aside(s, t, k);
			if (next < t->n && (text_in_list(t->v[next].word, aux) ||
					    past_verb_at(q, t, next)))
				return true;
		}
	}
	return false;
}

/* Is token k a word for a kind of person ("coordinator", "CEO",
 * "chairman", "judge"): to WordNet, in its first two senses as a noun?
 * A capitalised word counts only as a title in capitals or before a
 * name ("Health Minister Nadia"), never a name itself. */
static bool person_word(const struct kb *kb, const struct tokens *t, size_t k)
{
	const struct wordnet *wn = kb_wordnet(kb);
	const struct token *tok = &t->v[k];
	if (!wn || tok->number || text_is_stopword(tok->word) ||
	    (tok->capitalized && !tok->all_caps && !(k + 1 < t->n && t->v[k + 1].capitalized)))
		return false;
	return person_noun(wn, tok->word, 2);
}

/* "who is Hana Brekke": marks the words for a kind of person within four
 * tokens of the name the question gives ("its country COORDINATOR, Hana
 * Brekke", "AMR CEO Tom Horton becoming nonexecutive CHAIRMAN"). Returns
 * whether any was found. */
/* Is token k a capitalised word in the name of an office ("the Office of
 * the Data COMMISSIONER"): after "of" that follows a capitalised word?
 * The office is no person who holds it. */
static bool in_office_name(const struct tokens *t, size_t k)
{
	if (!t->v[k].capitalized)
		return false;
	for (size_t j = k; j >= 2 && k - j < 4; j--) {
		if (!strcmp(t->v[j - 1].word, "of"))
			return t->v[j - 2].capitalized && !text_is_stopword(t->v[j - 2].word);
		if (!t->v[j - 1].capitalized && strcmp(t->v[j - 1].word, "the") != 0)
			return false;
	}
	return false;
}

static bool mark_role(const struct query *q, const char *s, const struct tokens *t,
		      const bool *is_term, bool *is_answer)
{
	bool found = false;
	for (size_t k = 0; k < t->n; k++) {
		if (!is_term[k] || in_office_name(t, k))
			continue;
		for (size_t j = k >= 4 ? k - 4 : 0; j < t->n && j <= k + 4; j++)
			if (!is_term[j] && !is_answer[j] && person_word(q->kb, t, j)) {
				is_answer[j] = true;
				found = true;
			}
	}
	/* else what the clause after the name says of them ("Megan
	 * Tolhurst, WHO FARMS 2,600 HECTARES near Merredin and chairs the
	 * growers' council") */
	for (size_t k = 0; k + 2 < t->n && !found; k++)
		if (is_term[k] && !is_term[k + 1] && text_clause_break(s, t, k) &&
		    !strcmp(t->v[k + 1].word, "who"))
			for (size_t j = k + 1; j < t->n; j++) {
				is_answer[j] = found = true;
				if (text_clause_break(s, t, j))
					break;
			}
	return found;
}

/* Marks the clause after the first "if ..." clause of sentence s (its
 * consequence: "if the company is forced to sell, IT WOULD CUT ...") as
 * the answer, unmarking everything else; false when there is none. */
static bool mark_consequence(const char *s, const struct tokens *t, bool *is_answer)
{
	size_t k = 0;
	while (k < t->n && strcmp(t->v[k].word, "if") != 0)
		k++;
	while (k < t->n && !text_clause_break(s, t, k))
		k++;
	if (k + 1 >= t->n)
		return false;
	memset(is_answer, 0, t->n * sizeof *is_answer);
	for (size_t j = k + 1; j < t->n; j++) {
		is_answer[j] = true;
		if (text_clause_break(s, t, j))
			break;
	}
	return true;
}

/* Marks the words from the first word of intent ("would", "plans") to
 * the end of its clause as the answer; false when there is none. */
static bool mark_intent(const char *s, const struct tokens *t, bool *is_answer)
{
	size_t k = 0;
	while (k < t->n && !text_in_list(t->v[k].word, intent_words))
		k++;
	if (k + 1 >= t->n)
		return false;
	for (size_t j = k; j < t->n; j++) {
		is_answer[j] = true;
		if (text_clause_break(s, t, j))
			break;
	}
	return true;
}

/* Is token j "before", "after" or "ahead of" with one of the question's
 * words (an anchor) within the three tokens after it ("before the
 * walkout")? */
static bool relative_to(const struct tokens *t, size_t j, const bool *anchor)
{
	static const char *const relative[] = { "before", "after", "ahead", "until", NULL };
	if (!text_in_list(t->v[j].word, relative))
		return false;
	for (size_t i = j + 1; i < t->n && i <= j + 3; i++)
		if (anchor[i])
			return true;
	return false;
}

/* The end of s[from, to), moved past the close of a quotation it opens
 * and leaves open ('called the results "convincing but not the final'),
 * when that comes within twice SHORT_ANSWER bytes of `from`. */
static size_t quotation_end(const char *s, size_t from, size_t to)
{
	const char *open = NULL;
	bool straight = false;
	for (const char *p = s + from; p < s + to; p++)
		if (!strncmp(p, "\xe2\x80\x9c", 3) || (*p == '"' && !open))
			open = p, straight = *p == '"';
		else if (!strncmp(p, "\xe2\x80\x9d", 3) || (*p == '"' && straight))
			open = NULL;
	if (!open)
		return to;
	const char *close = straight ? strchr(open + 1, '"') : strstr(open, "\xe2\x80\x9d");
	if (!close)
		return to;
	size_t end = (size_t)(close - s) + (straight ? 1 : 3);
	return end - from <= 2 * SHORT_ANSWER ? end : to;
}

/* Does token k say the role a question asks the holder of: its stem, or
 * its term's other words ("lawyer" said as "attorney")? */
static bool says_role(const struct tokens *t, size_t k, const char *role,
		      const struct term *said_as, const struct entity_span *spans, size_t ns)
{
	return text_token_says(&t->v[k], role) || (said_as && term_at(said_as, t, k, spans, ns));
}

/* Does the kind noun at k say which ones it is? Not when only counted
 * or taken at random ("four neighbouring STATES", "a scientific JOURNAL",
 * "eleven COUNTRIES"): then a name must say which. Names beside it do
 * ("three districts - Marrow Bend, Tullin and Esker Flats", "Coldmere
 * Watch, a consumer group"), and a noun that only describes the next
 * ("a GROUP lawsuit") counts nothing. */
static bool says_which(const struct wordnet *wn, const char *s, const struct tokens *t, size_t k)
{
	static const char *const some[] = {
		"a", "an", "some", "several", "many", "few", "various", "other", "all", "dozen",
		NULL,
	};
	for (size_t j = k > 4 ? k - 4 : 1; j < t->n && j <= k + 4; j++)
		if (t->v[j].capitalized)
			return true;
	char lemma[WORDNET_MAX_WORD + 1];
	if (k + 1 < t->n && t->v[k + 1].start == t->v[k].end + 1 && s[t->v[k].end] == ' ' &&
	    !text_is_stopword(t->v[k + 1].word) &&
	    wordnet_lemma(wn, WORDNET_NOUN, t->v[k + 1].word, lemma) &&
	    !wordnet_mostly_verb(wn, t->v[k + 1].word))
		return true;
	static const char *const bare[] = { "the", "this", "that", "these", "those", "its", "their", NULL };
	for (size_t j = k; j > 0 && j + 3 > k; j--) {
		const struct token *w = &t->v[j - 1];
		if (w->number || number_is_word(w->word) || text_in_list(w->word, some))
			return false;
		/* ("outside THE COURT" points back; it does not say which) */
		if (j == k && text_in_list(w->word, bare))
			return false;
		if (text_is_stopword(w->word))
			return true;
	}
	return true;
}

/* Cuts the part of sentence `s` that answers: the stretch of at most
 * SHORT_ANSWER bytes that says most of the question's terms and, for
 * "how many / when / where / who", holds an answer of that type. Clause
 * boundaries are preferred as cut points. Returns false if the sentence
 * holds no answer of the type asked. */
static bool extract_clause(const struct query *q, const char *s, struct strbuf *out)
{
	struct tokens t = {0};
	struct entity_span spans[32];
	int *score = NULL;
	bool *is_term = NULL, *is_answer = NULL, *anchor = NULL, *predicate = NULL, *brk = NULL;
	size_t *clause = NULL;
	bool ok = false;
	if (sentence_tokens(q, s, &t) < 0 || t.n == 0)
		goto out;
	size_t ns = kb_match_entities(q->kb, &t, spans, 32);
	/* "what"/"which" answers are often a name the question did not
	 * use; they score like typed answers but are not required. */
	bool typed = q->wh == WH_HOW_MANY || q->wh == WH_HOW_LONG || q->wh == WH_WHEN ||
		     q->wh == WH_WHERE || q->wh == WH_WHO || q->wh == WH_WHY;
	bool named = typed || q->wh == WH_WHAT || q->wh == WH_WHICH;
	score = calloc(t.n, sizeof *score);
	is_term = calloc(t.n, sizeof *is_term);
	is_answer = calloc(t.n, sizeof *is_answer);
	anchor = calloc(t.n, sizeof *anchor);
	clause = calloc(t.n, sizeof *clause);
	predicate = calloc(t.n, sizeof *predicate);
	brk = calloc(t.n, sizeof *brk);
	if (!score || !is_term || !is_answer || !anchor || !clause || !predicate || !brk)
		goto out;
	for (size_t k = 0; k < t.n; k++)
		for (size_t i = 0; i < q->n_terms && !is_term[k]; i++)
			if (term_at(&q->terms[i], &t, k, spans, ns)) {
				score[k] = (int)i + 1;  /* which term */
				is_term[k] = true;
			}
	/* "what held up the final session" is not answered by "Even the
	 * final session was held up": a sentence that says nothing but
	 * the question's own words tells nothing (a yes/no claim excepted) */
	bool echo = !q->yesno;
	for (size_t k = 0; k < t.n && echo; k++) {
		bool asked = is_term[k] || text_is_stopword(t.v[k].word) ||
			     only_adverb(kb_wordnet(q->kb), t.v[k].word);
		for (size_t j = 0; j < q->t.n && !asked; j++)
			asked = !strcmp(q->t.v[j].stem, t.v[k].stem);
		echo = asked;
	}
	if (echo)
		goto out;
	/* An answer must be tied to the question's words: next to them, or
	 * the name a description of them stands for ("Idlib, the last
	 * stronghold"), or the one who does what is asked ("the Front, an
	 * armed group, attacked"). */
	/* a count ("the two leaders") or a frame ("based") ties nothing to a
	 * name; "who" is asked of the clause that holds the question's words */
	bool says_predicate = false;
	/* "Writing for the majority, Kestel said": an opening participle's
	 * clause is about the subject of the next one */
	size_t opener = t.n;
	if (t.n > 2 && strlen(t.v[0].word) > 4 &&
	    !strcmp(t.v[0].word + strlen(t.v[0].word) - 3, "ing") && is_term[0])
		for (opener = 0; opener + 1 < t.n && !text_clause_break(s, &t, opener); opener++)
			;
	for (size_t k = 0; k < t.n; k++) {
		clause[k] = k == 0 ? 0
				   : clause[k - 1] + (text_clause_break(s, &t, k - 1) && k - 1 != opener);
		anchor[k] = is_term[k] && !q->terms[score[k] - 1].soft && !t.v[k].number &&
			    !number_is_word(t.v[k].word);
		/* "who" is tied to what is done where the sentence says it,
		 * not to who else is named */
		predicate[k] = anchor[k] && !q->terms[score[k] - 1].entity;
		says_predicate |= predicate[k];
	}
	/* "Norvania's economy minister, PIETER HALLORAN, defended the
	 * rule": a name set off by commas is the subject of the clause
	 * after it */
	for (size_t k = 1; k < t.n; k++) {
		if (clause[k] == clause[k - 1])
			continue;
		size_t end = k;
		while (end < t.n && clause[end] == clause[k] && t.v[end].capitalized)
			end++;
		if (end < t.n && end > k && end - k <= 4 && clause[end] != clause[k])
			for (size_t j = end; j < t.n && clause[j] == clause[end]; j++)
				clause[j] = clause[k];
	}
	if (q->wh == WH_WHO && only_reported(&t, score, predicate))
		goto out;
	/* "what did Dellaferra test positive for": not "Dellaferra's case
	 * follows that of Joris van Aalst, WHO TESTED positive", the asked
	 * verb said only of another's name */
	if (q->wh != WH_WHO && (q->n_ents > 0 || pronoun_subject(q)) &&
	    verb_only_of_another(q, &t, spans, ns))
		goto out;
	/* "who is Inter's manager": the role beside its owner ("Inter
	 * manager", "manager of Inter", "Inter's manager"), not another's
	 * (a role of one word that ends the question: held to a longer one,
	 * "who is Brazil's deputy trade minister", fewer were answered
	 * right; owned_by_another still keeps out another's) */
	if (q->wh == WH_WHO && q->owner_at >= 0 && q->owned_at == q->owner_at + 1 &&
	    (size_t)q->owned_at + 1 == q->t.n) {
		bool owned = false;
		for (size_t k = 0; k < t.n && !owned; k++) {
			if (!text_token_says(&t.v[k], q->t.v[q->owned_at].stem))
				continue;
			for (size_t j = k >= 3 ? k - 3 : 0; j < t.n && j <= k + 3 && !owned; j++)
				owned = j != k && text_token_says(&t.v[j], q->t.v[q->owner_at].stem);
		}
		if (!owned)
			goto out;
	}
	/* "who funds the council": a sentence that never says backing or
	 * funding names no one who does, when the article says it elsewhere */
	for (size_t i = 0; i < q->n_terms && (q->wh == WH_WHO || q->wh == WH_WHICH); i++) {
		bool here = false;
		for (size_t k = 0; k < t.n && !here; k++)
			here = score[k] == (int)i + 1;
		if (q->terms[i].relation && !here && term_in_doc_any(q, &q->terms[i]))
			goto out;
	}
	/* "which trade deal": a sentence that neither says the kind asked
	 * for nor names anything the question did not is no answer */
	bool need_name = false;
	if (q->wh == WH_WHICH && q->wh_at + 1 < q->t.n &&
	    !text_is_stopword(q->t.v[q->wh_at + 1].word)) {
		bool offers = false;
		for (size_t k = 0; k < t.n && !offers; k++)
			offers = text_token_says(&t.v[k], q->t.v[q->wh_at + 1].stem) &&
				 says_which(kb_wordnet(q->kb), s, &t, k);
		/* a sentence that never says the kind asked, or only counts
		 * it, must give a name of its own as the answer */
		need_name = !offers;
		/* (a day is no name of one: "a ruling published on MONDAY") */
		for (size_t k = 0; k < t.n && !offers; k++)
			offers = is_name(&t, k, spans, ns) && !named_by_question(q, &t, k, spans, ns) &&
				 !text_date_word(t.v[k].word) && !text_month_at(&t, k);
		if (!offers)
			goto out;
	}
	/* "what happens to the guards": what is done to them, said with
	 * them as the subject ("Guards will be retrained") */
	if (q->happens_to >= 0 && !subject_of_aux(q, s, &t, spans, ns))
		goto out;
	/* "how many people DIED": a count of what the question's verb
	 * did, said in the sentence itself ("infected 9,000 people" is no
	 * count of deaths) */
	for (size_t i = 0; i < q->n_terms && q->wh == WH_HOW_MANY; i++) {
		bool here = false;
		for (size_t k = 0; k < t.n && !here; k++)
			here = score[k] == (int)i + 1;
		if (q->terms[i].verb && !q->terms[i].soft && !here)
			goto out;
	}
	/* "when will the systems be MERGED": not a date of another act
	 * that the asked one is only the means of ("save $95m by the end
	 * of 2026, largely BY MERGING computer systems") or only describes
	 * a thing by ("returned a council on Thursday in a snap election
	 * CALLED after ...") */
	for (size_t i = 0; i < q->n_terms && q->wh == WH_WHEN; i++) {
		bool said = false, means = true;
		for (size_t k = 0; k < t.n; k++)
			if (score[k] == (int)i + 1) {
				said = true;
				means &= text_only_describes(s, &t, k) &&
					 (!strcmp(t.v[k - 1].word, "by") || is_term[k - 1]);
			}
		if (said && means)
			goto out;
	}
	bool any_typed = q->identity ? mark_role(q, s, &t, is_term, is_answer)
				     : mark_named(q, s, &t, spans, ns, anchor, is_answer);
	for (size_t k = 0; k < t.n && named && !any_typed && !q->identity; k++)
		if (answers_type(q, s, &t, k, spans, ns) &&
		    near_term(&t, q->wh == WH_WHO && (says_predicate || asks_predicate(q)) ? predicate
										       : anchor,
			      k,
			      q->wh == WH_WHY ? 12 : q->wh == WH_WHO ? 10 : q->wh == WH_WHEN ? 8 : 6,
			      q->wh == WH_WHERE || q->wh == WH_WHEN || q->part,
			      q->wh == WH_WHO ? clause : NULL)) {
			is_answer[k] = true;
			any_typed |= typed;
		}
	/* "what could happen if X": the clause that follows the sentence's
	 * own "if X, ..." is the answer, whole */
	if (q->consequence && !any_typed && mark_consequence(s, &t, is_answer))
		any_typed = true;
	/* "what is X planning to do": what follows the word of intent
	 * ("... and WOULD BRING a replacement bill"), to its clause's end */
	if (q->intent && q->wh == WH_WHAT && !any_typed && !q->consequence &&
	    mark_intent(s, &t, is_answer))
		any_typed = true;
	/* "the name of the schoolteacher": a name right beside the word
	 * ("retired schoolteacher Ana Berg", "Ana Berg, a schoolteacher") */
	if (q->named_at > 0) {
		bool kept = false;
		/* the word, or the article's word for it ("lawyer" said as
		 * "attorney"), as the question's term for it has it */
		const struct term *said_as = NULL;
		for (size_t i = 0; i < q->n_terms && !said_as; i++)
			if (q->terms[i].word_at == q->named_at && !q->terms[i].entity)
				said_as = &q->terms[i];
		const char *role = q->t.v[q->named_at].stem;
		/* (a sentence that leaves the word to the one before,
		 * "Lawyers for the residents hailed it. ... said Daniel Osei",
		 * is not held to it) */
		bool says = false;
		for (size_t k = 0; k < t.n && !says; k++)
			says = says_role(&t, k, role, said_as, spans, ns);
		for (size_t k = 0; k < t.n && says; k++) {
			bool beside = false;
			for (size_t j = k >= 4 ? k - 4 : 0; j < t.n && j <= k + 4 && !beside; j++)
				beside = says_role(&t, j, role, said_as, spans, ns);
			/* a name right before the word qualifies it ("a HIGH
			 * COURT judge"); the holder follows it or a comma */
			size_t last = k;
			while (last + 1 < t.n && t.v[last + 1].capitalized &&
			       !text_clause_break(s, &t, last))
				last++;
			bool modifier = t.v[k].capitalized && last + 1 < t.n &&
					!text_clause_break(s, &t, last) &&
					says_role(&t, last + 1, role, said_as, spans, ns);
			is_answer[k] &= beside && !modifier;
			kept |= is_answer[k];
		}
		any_typed &= kept || !says;
	}
#ifdef ANSWER_TRACE
	for (size_t k = 0; k < t.n; k++)
		if (is_answer[k])
			fprintf(stderr, "  answer token %s\n", t.v[k].word);
#endif
	/* "who is backing X" where the article never says backing: who does
	 * something else with X is no answer */
	if ((typed && !any_typed) || (q->wh == WH_WHO && asks_unsaid(q)))
		goto out;
	/* "meet on Wednesday, one day before the walkout": a date set
	 * before or after what the question asks about is not its date */
	for (size_t k = 0; k < t.n && q->wh == WH_WHEN; k++) {
		if (!is_answer[k])
			continue;
		for (size_t j = k + 1; j < t.n && j <= k + 5 && !anchor[j]; j++)
			if (relative_to(&t, j, anchor)) {
				is_answer[k] = false;
				break;
			}
	}
	/* "voted late on Tuesday TO CLOSE the branches": the date is the
	 * vote's; the closing it plans has none */
	size_t verb_at = q->wh == WH_WHEN && !q->intent ? asked_verb(q) : q->t.n;
	/* ("sealed the leak at 5:50 a.m., two and a half hours AFTER it
	 * STARTED": the time is the sealing's, set against the start) */
	for (size_t j = 1; j < t.n && verb_at < q->t.n; j++) {
		if (!is_term[j])
			continue;
		size_t at = q->terms[score[j] - 1].word_at;
		bool against = against_clause(s, &t, j) && at < q->t.n &&
			       (wordnet_verb_at(q, at) || light_verb_object(q, at));
		if (!(at == verb_at && !strcmp(t.v[j - 1].word, "to")) && !against)
			continue;
		for (size_t k = 0; k < j; k++)
			is_answer[k] = false;
	}
	if (q->wh == WH_WHEN) {
		any_typed = false;
		for (size_t k = 0; k < t.n; k++)
			any_typed |= is_answer[k];
		if (!any_typed)
			goto out;
	}
	/* "in late 2019" says when; "last year" only if nothing does */
	bool dated = false;
	for (size_t k = 0; k < t.n && q->wh == WH_WHEN; k++)
		dated |= is_answer[k] && (t.v[k].number || text_in_list(t.v[k].word, month_names));
	for (size_t k = 0; k < t.n && dated; k++)
		is_answer[k] &= t.v[k].number || text_in_list(t.v[k].word, month_names);
	if (need_name) {
		bool marked = false;
		for (size_t k = 0; k < t.n; k++)
			marked |= is_answer[k];
		/* else a name in a clause of the question's words ("interests
		 * in Caucasia"), not one in another clause ("the port of
		 * Saltmere, injuring four") */
		for (size_t k = 0; k < t.n && !marked; k++) {
			if (!is_name(&t, k, spans, ns) || named_by_question(q, &t, k, spans, ns))
				continue;
			for (size_t j = 0; j < t.n && !is_answer[k]; j++)
				is_answer[k] = anchor[j] && clause[j] == clause[k];
		}
		for (size_t k = 0; k < t.n; k++)
			marked |= is_answer[k];
		if (!marked)
			goto out;
	}
	bool need = any_typed || need_name;  /* the stretch must hold the answer */

	size_t len = strlen(s), body = text_dateline_end(s, &t);
	size_t best_a = 0, best_b = t.n;
	/* every question term the sentence says */
	uint64_t all = 0, best_seen = 0;
	for (size_t k = 0; k < t.n; k++)
		if (is_term[k] && score[k] <= 64)
			all |= 1ull << (score[k] - 1);
	/* A stretch of SHORT_ANSWER bytes; twice that when no shorter one
	 * holds every question term the sentence says. */
	bool cut = false;  /* the stretch ends inside the answer */
	for (size_t limit = SHORT_ANSWER;
	     limit <= 2 * SHORT_ANSWER && (limit == SHORT_ANSWER || best_seen != all || cut);
	     limit *= 2) {
		if (len <= limit) {
			best_a = 0;  /* it all fits */
			best_b = t.n;
			break;
		}
		/* Most terms first; then, since news copy puts what answers
		 * after what the question repeats, the most words after the
		 * last matched one; then clean clause boundaries. */
		int best = -1;
		best_a = 0;
		best_b = t.n;
		/* the clause breaks, once: every stretch asks */
		for (size_t k = 0; k < t.n; k++)
			brk[k] = text_clause_break(s, &t, k);
		/* A stretch opens where the sentence does or after a clause
		 * break, never inside a dateline ("3 - New Zealand's court"
		 * of "WELLINGTON, June 3 - New Zealand's") */
		for (size_t a = 0; a < t.n; a++) {
			if (a > 0 && a < body)
				continue;
			/* or a clause ("Billion on its response" of "$3.5
			 * billion on its response", "Is a trade barrier" of
			 * "\"This is a trade barrier") */
			if (a > body && !brk[a - 1])
				continue;
			int sum = 0, after = 0;
			uint64_t seen = 0;   /* distinct terms in the stretch */
			bool answer = false;
			for (size_t b = a; b < t.n; b++) {
				if (t.v[b].end - t.v[a].start > limit - 4)
					break;
				if (is_term[b] && score[b] <= 64 && !(seen & (1ull << (score[b] - 1)))) {
					seen |= 1ull << (score[b] - 1);
					sum += 2;
				}
				answer |= is_answer[b];
				after = is_term[b] ? 0 : after + 1;
				/* One answer of the asked type is what counts,
				 * not how many names the stretch holds. */
				/* A stretch that stops just after the question's
				 * words says nothing they ask ("to put an end to
				 * the Assad..."): it counts one term less. */
				bool complete = after >= 4 || brk[b];
				int total = (sum + (answer ? (typed ? 3 : 1) : 0) + (complete ? 2 : 0)) * 100 +
					    (after < 12 ? after : 12) * 4 + (brk[b] ? 1 : 0);
				if (total > best && (answer || !need)) {
					best = total;
					best_a = a;
					best_b = b + 1;
					best_seen = seen;
				}
			}
		}
		cut = best_b < t.n && is_answer[best_b] && is_answer[best_b - 1];
	}
	/* A stretch cut within five words of the question's last ("Amaral has
	 * promised a REFERENDUM on reducing the...") leaves out what they
	 * ask: it runs on to its clause's end, if that comes soon. */
	bool term_at_end = false;
	for (size_t k = best_b >= 5 ? best_b - 5 : 0; k < best_b && best_b < t.n; k++)
		term_at_end |= is_term[k];
	/* nor within five words of the reason a why-question asks ("so
	 * that large..."): what follows the cue is the reason */
	for (size_t k = best_b >= 5 ? best_b - 5 : 0;
	     q->wh == WH_WHY && k < best_b && best_b < t.n; k++)
		term_at_end |= is_answer[k];
	if (term_at_end) {
		size_t end = best_b;
		while (end < t.n && !brk[end - 1] && t.v[end].end - t.v[best_b].start < SHORT_ANSWER)
			end++;
		if (end == t.n || brk[end - 1])
			best_b = end;
	}
	/* never cut a name in two ("Front" of "the Oren Valley Front") */
	while (best_a > 0 && is_answer[best_a] && is_answer[best_a - 1])
		best_a--;
	/* nor open on "which" or "who": the name they stand for comes with
	 * them ("the Consumer Rights Alliance, WHICH is backing ...") */
	static const char *const relatives[] = { "which", "who", "whose", NULL };
	if (best_a > 0 && text_in_list(t.v[best_a].word, relatives) && brk[best_a - 1])
		for (size_t back = 0; best_a > 0 && back < 8; back++)
			if (--best_a == 0 || brk[best_a - 1])
				break;
	/* nor on the verb that ends a quotation left out ("Said Megan
	 * Tolhurst, who farms ..." of "..., said Megan Tolhurst, who") */
	if (best_a > 0 && best_a + 1 < best_b && text_reports_speech(t.v[best_a].word) &&
	    t.v[best_a + 1].capitalized)
		best_a++;
	size_t from = best_a == 0 ? 0 : t.v[best_a].start;
	size_t to = quotation_end(s, from, best_b == t.n ? len : t.v[best_b - 1].end);
	strbuf_append(out, s + from, to - from);
	if (from > 0 && out->len > 0 && out->buf[0] >= 'a' && out->buf[0] <= 'z')
		out->buf[0] = (char)(out->buf[0] - 'a' + 'A');
	if (to < len)
		strbuf_puts(out, "...");
	ok = true;
out:
	free(score);
	free(is_term);
	free(is_answer);
	free(anchor);
	free(clause);
	free(predicate);
	free(brk);
	tokens_free(&t);
	return ok;
}


/* Words that point back to something named earlier ("the two leaders",
 * "them"): a sentence with one may take its entities from the two
 * sentences before it. */
static bool has_anaphor(const struct query *q, const struct kb_sentence *s)
{
	static const char *const anaphors[] = {
		"he", "she", "they", "them", "their", "his", "her", "both", "leaders", NULL,
	};
	/* a quotation on its own goes on with the speaker before it */
	return !strncmp(s->text, "\xe2\x80\x9c", 3) || s->text[0] == '"' ||
	       says_any(q, s->text, anaphors);
}

/* May an entity term be taken from an earlier paragraph by a pronoun? */
static bool context_entity_ok(const struct kb *kb, const struct term *t)
{
	const struct kb_entity *e = kb_entity_find(kb, t->alt[0] + 1);
	return e && (e->kind == KB_PERSON || e->kind == KB_GROUP || e->kind == KB_OTHER);
}

/* Does sentence `doc` start by naming again something the sentence before
 * it introduced ("... the new Halvik Dam ..." then "The dam, which cost
 * ...")? */
static bool definite_reference(const struct query *q, const struct index *idx, size_t doc)
{
	const struct kb_sentence *s = kb_sentence_at(q->kb, doc, NULL);
	struct tokens t = {0};
	bool found = false;
	if (doc > 0 && sentence_tokens(q, s->text, &t) == 0 && t.n >= 2 &&
	    strcmp(t.v[0].word, "the") == 0 && !text_is_stopword(t.v[1].word) &&
	    !t.v[1].capitalized)
		found = index_doc_has(idx, doc - 1, t.v[1].stem);
	tokens_free(&t);
	return found;
}

/* The yes/no question's subject: the token after its auxiliary and
 * any determiner ("can the MARINA ..."), or 0 when it is a stopword. */
static size_t subject_at(const struct query *q)
{
	size_t at = 1;
	while (at < q->t.n && (tok_is(q, at, "the") || tok_is(q, at, "a") || tok_is(q, at, "an") ||
			       tok_is(q, at, "its") || tok_is(q, at, "their")))
		at++;
	return at >= q->t.n || text_is_stopword(q->t.v[at].word) ? 0 : at;
}

/* "can SKYPE run on Microsoft phones": a "No" is said of the question's
 * subject (the word after its auxiliary and any determiner), so a sentence that denies
 * something of another ("Microsoft has video chat, but it is not available
 * on its phones") does not answer. True when the subject is no term of
 * the question. */
static bool says_subject(const struct query *q, size_t doc)
{
	size_t at = subject_at(q);
	if (!at)
		return true;
	/* a sentence that opens with a pronoun goes on about the one before
	 * ("She ruled out any deal") */
	static const char *const pronouns[] = { "he", "she", "it", "they", NULL };
	const struct kb_sentence *s = kb_sentence_at(q->kb, doc, NULL);
	size_t n = strcspn(s->text, " ,");
	for (size_t i = 0; pronouns[i]; i++)
		if (n == strlen(pronouns[i]) && !strncasecmp(s->text, pronouns[i], n))
			return true;
	for (size_t i = 0; i < q->n_terms; i++)
		for (size_t a = 0; a < q->terms[i].n_alts; a++)
			if (!strcmp(q->terms[i].alt[a], q->t.v[at].stem))
				return term_in_doc(kb_index(q->kb), doc, &q->terms[i]);
	return true;
}

/* Is the denial at token k of t one of the subject's being, not of the
 * question's claim about it ("NO fire was found" says nothing of
 * whether the fire is out)? */
static bool denies_subject(const struct query *q, const struct tokens *t, size_t k)
{
	size_t at = subject_at(q);
	for (size_t j = k + 1; at && j < t->n && j <= k + 2; j++)
		if (!strcmp(t->v[j].stem, q->t.v[at].stem))
			return true;
	return false;
}

/* Could a denial at token k deny what the question asks? Not when it
 * stands in a relative or participle clause (", which ...", ",
 * rejecting ...") that says none of the question's words: "pay for the
 * therapy, which had NOT yet been priced", "must pay, REJECTING the
 * airline's argument". A main clause may deny in words of its own
 * ("that issue is NOT a boiling matter"). */
static bool denial_may_deny_asked(const struct query *q, const char *s, const struct tokens *t,
				  size_t k)
{
	size_t a = k, b = k;
	while (a > 0 && !text_clause_break(s, t, a - 1))
		a--;
	while (b + 1 < t->n && !text_clause_break(s, t, b))
		b++;
	static const char *const relative[] = { "which", "who", "whom", "whose", "where", NULL };
	const char *first = t->v[a].word;
	size_t len = strlen(first);
	bool participle = a > 0 && len > 4 && !strcmp(first + len - 3, "ing");
	if (!text_in_list(first, relative) && !participle)
		return true;
	for (size_t j = a; j <= b; j++)
		for (size_t i = 0; i < q->n_terms; i++)
			if (!q->terms[i].entity && !q->terms[i].soft &&
			    term_at(&q->terms[i], t, j, NULL, 0))
				return true;
	return false;
}

/* Does token tok say one of the question's own words (no name, no soft
 * word)? */
static bool says_asked_word(const struct query *q, const struct token *tok)
{
	for (size_t i = 0; i < q->n_terms; i++)
		for (size_t a = 0; a < q->terms[i].n_alts; a++)
			if (!q->terms[i].entity && !q->terms[i].soft &&
			    text_token_says(tok, q->terms[i].alt[a]))
				return true;
	return false;
}

/* Is the yes/no question's claim contradicted by sentence s: negated
 * where the question is not (or the other way round), or saying the
 * opposite of one of the question's words? */
static bool contradicted(const struct query *q, const char *s)
{
	/* "ruled out", "refused", "rejected", "declined" deny what follows,
	 * unless the question asks about denying */
	static const char *const denials[] = { "refus", "reject", "declin", NULL };
	bool asks_denial = (find_stem(q, "rule") >= 0 && has_word(q, "out"));
	for (size_t i = 0; denials[i] && !asks_denial; i++)
		asks_denial = find_stem(q, denials[i]) >= 0;
	static const char *const firsts[] = { "the", "its", "their", "his", "her", "a", NULL };
	bool asks_before = (has_word(q, "before") || has_word(q, "previously")) &&
			   !has_word(q, "first");
	struct tokens t = {0};
	bool neg = false, opposite = false;
	if (sentence_tokens(q, s, &t) == 0) {
		for (size_t k = 0; k < t.n; k++) {
			const char *w = t.v[k].word;
			/* (not "NO lower than": a bound) */
			bool denial = text_denial_at(&t, k) ||
				      (!strcmp(w, "no") && !(k + 2 < t.n && !strcmp(t.v[k + 2].word, "than")));
			for (size_t d = 0; denials[d] && !asks_denial; d++)
				denial |= strncmp(t.v[k].stem, denials[d], strlen(denials[d])) == 0;
			denial |= !asks_denial && !strcmp(w, "ruled") && k + 1 < t.n &&
				  !strcmp(t.v[k + 1].word, "out");
			neg |= denial && !denies_subject(q, &t, k) && denial_may_deny_asked(q, s, &t, k);
			for (size_t i = 0; i < q->n_opposites && !opposite; i++)
				opposite = !strcmp(q->opposites[i], t.v[k].stem) && !has_word(q, w);
			/* "had there been one BEFORE": "its FIRST ever" says no */
			opposite |= asks_before && !strcmp(w, "first") && k > 0 &&
				    text_in_list(t.v[k - 1].word, firsts);
		}
	}
	tokens_free(&t);
	return neg != q->negated || opposite;
}

/* Does the answer cut from sentence s start with the name of a place,
 * one that follows "in" ("... Laboratory in Laurel, MARYLAND, which built
 * the spacecraft")? A place built nothing: the who is named before it. */
static bool opens_with_place(const struct query *q, const char *s, const char *answer)
{
	static const char *const locative[] = { "in", "near", "at", NULL };
	const char *at = strstr(s, answer);
	if (!at || at == s)
		return false;
	size_t start = (size_t)(at - s);
	struct tokens t = {0};
	bool place = false;
	if (sentence_tokens(q, s, &t) == 0) {
		size_t k = 0;
		while (k < t.n && t.v[k].start < start)
			k++;
		/* back over the names before it ("in Laurel, Maryland") */
		size_t j = k;
		while (j > 0 && k - j < 4 && j < t.n && t.v[j].capitalized)
			j--;
		place = k < t.n && t.v[k].capitalized && j < k && text_in_list(t.v[j].word, locative);
	}
	tokens_free(&t);
	return place;
}

/* Does sentence s deny what the question asks: "not" or "never" just
 * before one of its words ("whose record did he beat": "Baumgartner did
 * NOT beat Kittinger's record", "NO party WON the 76 seats")? */
static bool denies_asked(const struct query *q, const char *s)
{
	struct tokens t = {0};
	bool denied = false;
	if (sentence_tokens(q, s, &t) == 0)
		for (size_t k = 1; k < t.n && !denied; k++)
			denied = text_denied_at(&t, k) && says_asked_word(q, &t.v[k]);
	tokens_free(&t);
	return denied;
}

/* A term weighs as much as its rarest way of being said. */
static double term_idf(const struct index *idx, const struct term *t)
{
	double best = 0;
	for (size_t k = 0; k < t->n_alts; k++) {
		double idf = index_idf(idx, t->alt[k]);
		best = idf > best ? idf : best;
	}
	return best;
}


/* Does sentence s set a condition of its own ("If Erdogan and Putin
 * reach ...") that holds none of the words of the question's ("if the
 * Americans pull out")? */
static bool other_condition(const struct query *q, const char *s)
{
	struct tokens t = {0};
	bool other = false;
	long cond = -1;
	for (size_t i = 0; i < q->t.n && cond < 0; i++)
		if (tok_is(q, i, "if"))
			cond = (long)i;
	if (cond >= 0 && sentence_tokens(q, s, &t) == 0) {
		for (size_t k = 0; k < t.n && !other; k++) {
			if (strcmp(t.v[k].word, "if") != 0)
				continue;
			bool shared = false;
			for (size_t j = k + 1; j < t.n && !shared; j++) {
				for (size_t i = (size_t)cond + 1; i < q->t.n && !shared; i++)
					shared = !text_is_stopword(q->t.v[i].word) &&
						 text_token_says(&t.v[j], q->t.v[i].stem);
				if (text_clause_break(s, &t, j))
					break;
			}
			other = !shared;
		}
	}
	tokens_free(&t);
	return other;
}

/* Is term t a year the question asks in ("turnout IN 1998") that the
 * sentence says only set against another time ("the highest SINCE
 * 1998")? */
static bool year_set_against(const struct query *q, const struct term *term, const char *s)
{
	size_t at = term->word_at;
	if (term->entity || at >= q->t.n || !number_is_year(q->t.v[at].word) ||
	    text_set_against(&q->t, at))
		return false;
	struct tokens t = {0};
	bool as_asked = true, seen = false;
	if (sentence_tokens(q, s, &t) == 0)
		for (size_t k = 0; k < t.n; k++)
			if (!strcmp(t.v[k].word, q->t.v[at].word)) {
				seen = true;
				as_asked = !text_set_against(&t, k);
				if (as_asked)
					break;
			}
	tokens_free(&t);
	return seen && !as_asked;
}

/* Is term t said in sentence s only as what something falls short of
 * ("four SHORT OF a majority", "just SHY OF the record")? */
static bool only_lacked(const struct query *q, const struct term *term, const char *s)
{
	static const char *const lacking[] = { "short", "shy", NULL };
	/* (most sentences fall short of nothing: no tokens needed; and
	 * "Short"/"short" found alike without strcasestr's slower search) */
	if (!strstr(s, "hort of") && !strstr(s, "hy of"))
		return false;
	struct tokens t = {0};
	bool said = false, lacked = true;
	if (words_of(q, s, &t) == 0)
		for (size_t k = 0; k < t.n && lacked; k++) {
			if (!term_at(term, &t, k, NULL, 0))
				continue;
			said = true;
			size_t j = k;
			if (j > 0 && (!strcmp(t.v[j - 1].word, "a") || !strcmp(t.v[j - 1].word, "the")))
				j--;
			lacked = j >= 2 && !strcmp(t.v[j - 1].word, "of") &&
				 text_in_list(t.v[j - 2].word, lacking);
		}
	tokens_free(&t);
	return said && lacked;
}

/* Does sentence s give a figure of the question's name with others
 * ("The CIVIC UNION AND its preferred partners ... would TOGETHER hold 72
 * seats") that the question asks of the name alone? */
static bool joint_figure(const struct query *q, const char *s)
{
	static const char *const joint[] = { "together", "combined", "jointly", NULL };
	bool any = false;
	for (size_t k = 0; joint[k]; k++) {
		if (has_word(q, joint[k]))
			return false;
		any |= strcasestr(s, joint[k]) != NULL;
	}
	if (!any)
		return false;
	if (has_word(q, "and") || text_says_total(&q->t))
		return false;
	struct tokens t = {0};
	bool named = false, and = false, shared = false;
	if (words_of(q, s, &t) == 0)
		for (size_t k = 0; k < t.n && !shared; k++) {
			named |= t.v[k].capitalized && has_word(q, t.v[k].word) &&
				 kb_name_word(q->kb, t.v[k].word);
			and |= named && !strcmp(t.v[k].word, "and");
			shared = and && text_in_list(t.v[k].word, joint);
		}
	tokens_free(&t);
	return shared;
}

/* Does sentence `doc` say term t only with a word that makes it another
 * post ("DEPUTY mayor", "VICE president"), which the question does not
 * use? */
static bool only_another_rank(const struct query *q, const struct term *t, size_t doc)
{
	/* (read word by word only where the index has such a word, for
	 * speed) */
	bool any = false;
	for (size_t i = 0; i < q->n_ranks && !any; i++)
		any = index_doc_has(kb_index(q->kb), doc, q->rank_stems[i]) > 0;
	if (!any)
		return false;
	if (t->entity)
		return false;
	const char *s = kb_sentence_at(q->kb, doc, NULL)->text;
	struct tokens tk = {0};
	bool said = false, other = true;
	if (words_of(q, s, &tk) == 0)
		for (size_t k = 0; k < tk.n && other; k++)
			if (term_at(t, &tk, k, NULL, 0)) {
				said = true;
				other = k > 0 && text_another_rank(tk.v[k - 1].word);
			}
	tokens_free(&tk);
	return said && other;
}

/* Does sentence s give the noun the question's ordinal at token `at`
 * picks only another ordinal (see text_only_another_ordinal)? */
static bool only_another_ordinal(const struct query *q, const char *s, size_t at)
{
	struct tokens t = {0};
	bool other = words_of(q, s, &t) == 0 && text_only_another_ordinal(&q->t, at, &t);
	tokens_free(&t);
	return other;
}

/* Does sentence `doc` cover the question's terms well enough to answer
 * from (total: the weight of the terms that must be said)? Stores how much
 * it covers in *cover. A yes/no question's names must be in the sentence
 * itself. */
static bool sentence_covers(const struct query *q, size_t doc, double total, double *cover)
{
	const struct kb *kb = q->kb;
	const struct index *idx = kb_index(kb);
	const struct kb_article *art;
	const struct kb_sentence *s = kb_sentence_at(kb, doc, &art);
	/* Entities may be named in the sentence before, or two
	 * before when this one refers back to them; whether it does is
	 * worked out for a term said there (-1: not yet). */
	int pronoun = -1, definite = -1;
	double covered = 0, covered_hard = 0;
	bool missing = false;
	for (size_t i = 0; i < q->n_terms && !missing; i++) {
		const struct term *t = &q->terms[i];
		/* "who finished SECOND": the ordinal itself, in this
		 * sentence ("9.71 SECONDS" before it says nothing of it) */
		const char *ordinal = t->word_at && text_ordinal_at(&q->t, t->word_at)
					      ? q->t.v[t->word_at].word
					      : NULL;
		bool said = ordinal ? says_any(q, s->text, (const char *const[]){ ordinal, NULL })
				    : term_in_doc(idx, doc, t),
		     nearby = false;
		if (said && ordinal && only_another_ordinal(q, s->text, t->word_at))
			said = false;
		/* ("turnout in 1998" is not "the highest since 1998") */
		if (said && year_set_against(q, t, s->text))
			said = false;
		/* ("72 seats, four short of a MAJORITY" has none) */
		if (said && only_lacked(q, t, s->text))
			said = false;
		/* ("the posts of DEPUTY mayor" says no mayor) */
		if (said && only_another_rank(q, t, doc))
			said = false;
		/* "the 2019 final" in an article of 2019: its year goes
		 * without saying */
		if (!said && !t->entity && dated_in(art, t->alt[0]))
			said = true;
		/* What a sentence leaves to the one before it
		 * ("the elections", "them") counts at half weight;
		 * entities may come from two back after "they". */
		/* the one a yes/no question asks about ("does ARDESSA accept")
		 * must be in the sentence itself */
		size_t reach_back = t == q->asked_about || ordinal ? 0 : doc >= 2 ? 2 : doc;
		for (size_t c = 1; !said && !nearby && c <= reach_back; c++) {
			const struct kb_article *other;
			kb_sentence_at(kb, doc - c, &other);
			const struct kb_sentence *o = kb_sentence_at(kb, doc - c, NULL);
			if (other != art || !term_in_doc(idx, doc - c, t))
				continue;
			/* "they", "the two leaders" point back at people
			 * and groups, not at countries or places: those
			 * reach two sentences back, anything one back in
			 * the same paragraph or named again ("the dam") */
			bool who = t->entity && context_entity_ok(kb, t);
			bool reach = c == 1 && o->paragraph == s->paragraph;
			if (!reach && c == 1) {
				if (definite < 0)
					definite = definite_reference(q, idx, doc);
				reach = definite;
			}
			if (!reach && who) {
				if (pronoun < 0)
					pronoun = has_anaphor(q, s);
				reach = pronoun;
			}
			nearby = reach;
		}
		if (said || nearby) {
			/* Cue words and opposites count half: they
			 * show relevance but are not asked for. */
			double weight = (said ? 1.0 : 0.5) * (t->soft ? 0.5 : 1.0);
			covered += term_idf(idx, t) * weight;
			if (!t->soft)
				covered_hard += term_idf(idx, t) * weight;
			continue;
		}
		/* Entities and rare words are what a question is
		 * about: a sentence without them does not answer. */
		size_t df = 0;
		for (size_t k = 0; k < t->n_alts; k++)
			df += index_df(idx, t->alt[k]);
		if (!t->soft && (t->entity || df <= 2 || ordinal))
			missing = true;
	}
	/* the noun asked, said in the sentence itself */
	if (q->head && !missing) {
		struct tokens toks = {0};
		bool says = false;
		if (sentence_tokens(q, s->text, &toks) == 0)
			for (size_t k = 0; k < toks.n && !says; k++)
				for (size_t a = 0; a < q->head->n_alts && !says; a++)
					says = text_token_says(&toks.v[k], q->head->alt[a]);
		tokens_free(&toks);
		/* or left to the sentence before, which names the same thing
		 * (with another of the question's words: "the annual COD
		 * QUOTA." then "the current limit of 42,000 tonnes"; not
		 * "welcomed the vote." then "final approval") */
		const struct kb_article *before = NULL;
		if (!says && doc > 0) {
			kb_sentence_at(kb, doc - 1, &before);
			says = before == art && term_in_doc(idx, doc - 1, q->head);
			bool other = false;
			for (size_t i = 0; says && i < q->n_terms && !other; i++)
				other = &q->terms[i] != q->head && !q->terms[i].entity &&
					term_in_doc(idx, doc - 1, &q->terms[i]);
			says = other;
		}
		missing = !says;
	}
#ifdef ANSWER_TRACE
	fprintf(stderr, "  hit p%d.s%d covered=%.2f/%.2f missing=%d\n", s->paragraph, s->index, covered, total, missing);
#endif
	*cover = covered;
	/* A question about what happened is not answered by what
	 * might happen; one about what would happen needs what will. */
	static const char *const future[] = {
		"will", "would", "could", "might", "may", "won't", "wont", NULL,
	};
	/* "how many seats did the Civic Union get" is not answered by what
	 * it and its partners "would TOGETHER hold" */
	bool shared = q->wh == WH_HOW_MANY && joint_figure(q, s->text);
	return !missing && !shared && covered >= 0.6 * total && covered_hard >= 0.5 * total &&
	       !(q->past && text_hypothetical(s->text)) &&
	       !(q->consequence && (!says_any(q, s->text, future) || other_condition(q, s->text)));
}

/* Does a "who" question ask for the holder of a role: "who is the union
 * BOSS", "who's the mayor" (its last word a person's noun)? */
static bool asks_role(const struct query *q)
{
	size_t i = q->wh_at + 1;
	while (i < q->t.n && is_aux(q->t.v[i].word))
		i++;
	return tok_is(q, i, "the") && q->t.n > i + 1 &&
	       person_noun(kb_wordnet(q->kb), q->t.v[q->t.n - 1].word, 2);
}

/* Does sentence s say the role "who is the ROLE" asks as a word for a
 * person, not only a word of its stem ("the AUCTION high" is no
 * auctioneer)? */
static bool says_role_person(const struct query *q, const char *s)
{
	const struct token *role = &q->t.v[q->t.n - 1];
	const struct wordnet *wn = kb_wordnet(q->kb);
	const struct term *term = NULL;
	for (size_t i = 0; i < q->n_terms && !term; i++)
		if (q->terms[i].word_at == q->t.n - 1 && !q->terms[i].entity)
			term = &q->terms[i];
	if (!term || !wn)
		return true;
	struct tokens t = {0};
	bool says = false;
	if (sentence_tokens(q, s, &t) == 0)
		for (size_t k = 0; k < t.n && !says; k++)
			says = term_at(term, &t, k, NULL, 0) &&
			       (strcmp(t.v[k].stem, role->stem) != 0 || !strcmp(t.v[k].word, role->word) ||
				person_noun(wn, t.v[k].word, 2));
	tokens_free(&t);
	return says;
}

/* Does sentence `doc` itself say every word of the question that is
 * required (no name, no cue word)? A "who" answer names the one the
 * sentence is about, not one the sentence before speaks of ("the UNION
 * boss" is not the company's chief named after a sentence about the
 * union). */
static bool says_every_word(const struct query *q, size_t doc)
{
	for (size_t i = 0; i < q->n_terms; i++)
		if (!q->terms[i].entity && !q->terms[i].soft &&
		    !term_in_doc(kb_index(q->kb), doc, &q->terms[i]))
			return false;
	return true;
}

/* Does sentence `doc` itself say a word of the question, other than a
 * name, when the article uses any? A "No" must deny something the
 * question asks ("ruled out any DEAL"), not something said beside it
 * ("could no longer be ignored"). */
static bool says_a_word(const struct query *q, size_t doc)
{
	bool any = false;
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *t = &q->terms[i];
		if (t->entity || !term_in_doc_any(q, t))
			continue;
		if (term_in_doc(kb_index(q->kb), doc, t))
			return true;
		any = true;
	}
	return !any;
}

/* Does sentence s report what someone said: a quotation or a verb of
 * saying? */
static bool reports_words(const struct query *q, const char *s)
{
	static const char *const saying[] = {
		"said", "says", "say", "told", "tells", "warned", "added", "argued", "insisted",
		"according", "stated", "declared", "called", "described", "wrote", "urged",
		"promised", "vowed", "claimed", "accused", NULL,
	};
	return text_has_quotation(s) || says_any(q, s, saying);
}

/* Is token k a verb of saying? */
static bool saying_verb(const struct tokens *t, size_t k)
{
	static const char *const saying[] = {
		"said", "says", "told", "added", "warned", "insisted", NULL,
	};
	return k < t->n && text_in_list(t->v[k].word, saying);
}

/* "Incident commander Luis Ferreira said the aircraft had been grounded"
 * answers "what did the commander say" in reported words; the article
 * may also give the speaker's own words, a quotation it puts to the same
 * surname ("“The next forty-eight hours decide this fire,” Ferreira
 * said."). Returns that sentence (the first), or NULL. */
static const struct kb_sentence *quoted_elsewhere(const struct query *q,
						  const struct kb_article *art,
						  const struct kb_sentence *s)
{
	if (text_has_quotation(s->text))
		return NULL;
	struct tokens t = {0};
	char surname[TEXT_MAX_WORD + 1] = "";
	if (sentence_tokens(q, s->text, &t) == 0)
		for (size_t k = 1; k < t.n && !surname[0]; k++)
			if (saying_verb(&t, k) && t.v[k - 1].capitalized && !t.v[k - 1].all_caps)
				snprintf(surname, sizeof surname, "%s", t.v[k - 1].word);
	tokens_free(&t);
	const struct kb_sentence *found = NULL;
	for (size_t p = 0; surname[0] && p < art->n_paragraphs && !found; p++)
		for (size_t i = 0; i < art->paragraphs[p].n_sentences && !found; i++) {
			const struct kb_sentence *o = &art->paragraphs[p].sentences[i];
			if (o == s || !text_has_quotation(o->text))
				continue;
			struct tokens ot = {0};
			if (kb_tokenize(q->kb, o->text, &ot) == 0)
				for (size_t k = 0; k < ot.n && !found; k++)
					if (!strcmp(ot.v[k].word, surname) &&
					    (saying_verb(&ot, k + 1) || (k > 0 && saying_verb(&ot, k - 1))))
						found = o;
			tokens_free(&ot);
		}
	return found;
}

/* Verbs that report words spoken or written. */
static const char *const reporting[] = {
	"said", "says", "say", "told", "tells", "added", "warned", "wrote", "argued",
	"insisted", "stated", "declared", "according", NULL,
};

/* Is every name of the question that sentence s says said inside a
 * quotation ("I congratulate Rosa HARLAN," he told reporters), so that
 * the sentence quotes someone else about them? */
static bool named_in_quotes_only(const struct query *q, const char *s)
{
	struct tokens tk = {0};
	struct entity_span spans[32];
	bool named = false, outside = false;
	if (sentence_tokens(q, s, &tk) == 0) {
		size_t ns = kb_match_entities(q->kb, &tk, spans, 32);
		for (size_t k = 0; k < tk.n; k++)
			for (size_t i = 0; i < q->n_terms; i++)
				if (!q->terms[i].soft && tk.v[k].capitalized &&
				    term_at(&q->terms[i], &tk, k, spans, ns)) {
					named = true;
					outside |= !text_in_quotation(s, tk.v[k].start);
				}
	}
	tokens_free(&tk);
	return named && !outside;
}

/* Does text s name the speaker term t within three tokens of a verb of
 * saying or a quotation mark ("said Quell", "Quell told", "Quell: “...")? */
static bool says_beside(const struct query *q, const char *s, const struct term *t)
{
	struct tokens tk = {0};
	struct entity_span spans[32];
	bool near = false;
	if (sentence_tokens(q, s, &tk) == 0) {
		size_t ns = kb_match_entities(q->kb, &tk, spans, 32);
		for (size_t k = 0; k < tk.n && !near; k++) {
			/* (a name quoted is no speaker: "I congratulate Rosa
			 * Harlan," he told reporters) */
			if (!term_at(t, &tk, k, spans, ns) || text_in_quotation(s, tk.v[k].start))
				continue;
			size_t from = k >= 3 ? k - 3 : 0, to = k + 3 < tk.n ? k + 3 : tk.n - 1;
			for (size_t j = from; j <= to && !near; j++)
				near = text_in_list(tk.v[j].word, reporting);
			/* ("Mira Stanek, a teacher, SAID") */
			size_t last = k;
			while (last + 1 < tk.n && term_at(t, &tk, last + 1, spans, ns))
				last++;
			size_t next = past_aside(s, &tk, last);
			near |= next > last + 1 && next < tk.n && text_in_list(tk.v[next].word, reporting);
			/* a quotation mark between the name and a word near it */
			size_t a = tk.v[from].start, b = tk.v[to].end;
			for (size_t i = a; i < b && !near; i++)
				near = s[i] == '"' || !strncmp(s + i, "\xe2\x80\x9c", 3) ||
				       !strncmp(s + i, "\xe2\x80\x9d", 3);
		}
	}
	tokens_free(&tk);
	return near;
}

/* Does a pronoun say the sentence's words ("he said", "she told")? */
static bool pronoun_speaks(const char *s)
{
	static const char *const speakers[] = { "he", "she", NULL };
	for (const char *p = s; (p = strchr(p, ' ')) != NULL; p++)
		for (size_t i = 0; speakers[i]; i++) {
			size_t n = strlen(speakers[i]);
			if (strncmp(p + 1, speakers[i], n) || p[1 + n] != ' ')
				continue;
			for (size_t j = 0; reporting[j]; j++)
				if (!strncmp(p + 2 + n, reporting[j], strlen(reporting[j])))
					return true;
		}
	return false;
}

/* Does sentence s open on a quotation with no name to it: no verb of
 * `saying`, or one a pronoun speaks ("... to share," SHE TOLD
 * supporters)? */
static bool bare_quotation(const struct query *q, const char *s, const char *const *saying)
{
	return opens_quote(s) && (!says_any(q, s, saying) || pronoun_speaks(s));
}

/* The words sentence s quotes or reports, going on in the next sentence
 * of its paragraph as a quotation with no name to it, or only a
 * pronoun's ("“The law is clear ...,” Valk told supporters. “I have
 * heard the message ...”"; "DeSantis said the state had never seen
 * flooding like it. “We've never seen a flood event like this,” he
 * told reporters."): that sentence, or NULL. */
static const struct kb_sentence *quote_goes_on(const struct query *q,
					       const struct kb_article *art,
					       const struct kb_sentence *s)
{
	if (!reports_words(q, s->text) || s->paragraph < 1 ||
	    (size_t)s->paragraph > art->n_paragraphs)
		return NULL;
	const struct kb_paragraph *p = &art->paragraphs[s->paragraph - 1];
	const struct kb_sentence *next = (size_t)s->index < p->n_sentences ? &p->sentences[s->index]
									     : NULL;
	return next && bare_quotation(q, next->text, reporting) ? next : NULL;
}

/* "what did Quell say": are the words of sentence `doc` the asked
 * person's: named in it, or a bare quotation (no verb of saying) right
 * after a sentence of the same paragraph that names them? */
static bool spoken_by(const struct query *q, size_t doc)
{
	static const char *const saying[] = {
		"said", "says", "say", "told", "tells", "according", NULL,
	};
	const struct index *idx = kb_index(q->kb);
	const struct kb_article *art, *other;
	const struct kb_sentence *s = kb_sentence_at(q->kb, doc, &art);
	bool bare = bare_quotation(q, s->text, saying);
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *t = &q->terms[i];
		const struct kb_entity *e = t->entity ? kb_entity_find(q->kb, t->alt[0] + 1) : NULL;
		if (!e || e->kind != KB_PERSON)
			continue;
		if (term_in_doc(idx, doc, t)) {
			/* named beside a verb of saying or a quotation, not only
			 * in the sentence ("Assad won ..., according to the
			 * results") */
			if (!says_beside(q, s->text, t))
				return false;
			continue;
		}
		bool before = false;
		for (size_t c = 1; bare && c <= 2 && c <= doc && !before; c++) {
			const struct kb_sentence *o = kb_sentence_at(q->kb, doc - c, &other);
			before = other == art && o->paragraph == s->paragraph &&
				 term_in_doc(idx, doc - c, t);
		}
		if (!before)
			return false;
	}
	return true;
}

/* "what did COLOMBIA's trade minister say": a sentence that gives the
 * role another owner ("ECUADOR's foreign trade minister") is about
 * someone else. The role is the noun that ends the owner's phrase. */
static bool owned_by_another(const struct query *q, const char *s)
{
	if (q->owner_at < 0)
		return false;
	size_t owner = (size_t)q->owner_at, role = (size_t)q->owned_at;
	struct tokens t = {0};
	bool another = false;
	if (sentence_tokens(q, s, &t) == 0)
		for (size_t k = 0; k < t.n && !another; k++) {
			if (strcmp(t.v[k].stem, q->t.v[role].stem) != 0)
				continue;
			for (size_t j = k >= 4 ? k - 4 : 0; j < k && !another; j++)
				another = text_possessive(s, &t.v[j]) && t.v[j].capitalized &&
					  strcmp(t.v[j].stem, q->t.v[owner].stem) != 0;
		}
	tokens_free(&t);
	return another;
}

/* "what was the company's ARGUMENT": a sentence that says the noun
 * asked only as "THAT argument" points back to where it was told, and
 * does not tell it. */
static bool points_back_to_asked(const struct query *q, const char *s)
{
	static const char *const demonstratives[] = { "that", "this", "these", "those", NULL };
	size_t last = q->t.n;
	while (last > 0 && text_is_stopword(q->t.v[last - 1].word))
		last--;
	/* (what someone said "about THOSE tariffs" is still said) */
	if (q->wh != WH_WHAT || q->said || last == 0 || in_entity(q, last - 1))
		return false;
	const char *asked = q->t.v[last - 1].stem;
	struct tokens t = {0};
	bool said = false, only_back = true;
	if (sentence_tokens(q, s, &t) == 0)
		for (size_t k = 0; k < t.n; k++)
			if (!strcmp(t.v[k].stem, asked)) {
				said = true;
				only_back &= k > 0 && text_in_list(t.v[k - 1].word, demonstratives);
			}
	tokens_free(&t);
	return said && only_back;
}


/* "who won the MOST seats", "which state has the MOST clubs": a
 * sentence that ranks nothing ("won 19.2 percent and 24 seats") does not
 * say which is first. */
static bool lacks_superlative(const struct query *q, const char *s)
{
	if (!q->superlative)
		return false;
	struct tokens t = {0};
	bool ranks = sentence_tokens(q, s, &t) == 0 && number_ranks_any(kb_wordnet(q->kb), &t);
	tokens_free(&t);
	return !ranks;
}

/* The figure of sentence s that a comparison question asks about: one of
 * the question's kind (a share, money, else any count that is no year),
 * near one of the question's words. Returns true and fills np. */
static bool compared_figure(const struct query *q, const char *s, const struct tokens *t,
			    struct number_phrase *np)
{
	for (size_t k = 0; k < t->n; k++) {
		if (!number_parse(t, k, np) || np->first != k)
			continue;
		size_t end = np->first + np->count;
		k = end - 1;
		if (number_in_date(t, np->first, end) ||
		    (q->cmp_percent && !number_is_share(s, t, np, NULL)) ||
		    (q->cmp_money && !is_money(q->kb, s, t, np)) ||
		    (!q->cmp_percent && !q->cmp_money &&
		     (number_is_share(s, t, np, NULL) || is_money(q->kb, s, t, np))))
			continue;
		size_t from = np->first >= 6 ? np->first - 6 : 0;
		for (size_t j = from; j < t->n && j <= end + 3; j++)
			for (size_t i = 0; i < q->n_terms; i++)
				if ((j < np->first || j >= end) && !q->terms[i].entity &&
				    !q->terms[i].soft && term_at(&q->terms[i], t, j, NULL, 0))
					return true;
	}
	return false;
}

/* Yes/no "did X fall by more than seven percent": the first covering
 * sentence (of `order`, the best first) that gives such a figure answers,
 * by comparing it with the bound. Returns 0 when answered, 1 when none
 * gives one (no guess from the claim alone), or BB_ENOMEM. */
static int answer_comparison(struct query *q, const size_t *order, size_t n_ok,
			     struct answer *a)
{
	for (size_t h = 0; h < n_ok; h++) {
		const struct kb_article *art;
		const struct kb_sentence *s = kb_sentence_at(q->kb, order[h], &art);
		struct tokens t = {0};
		struct number_phrase np;
		if (!says_subject(q, order[h]) || sentence_tokens(q, s->text, &t) != 0)
			continue;
		bool found = compared_figure(q, s->text, &t, &np);
		size_t from = 0, to = 0;
		char first_word[TEXT_MAX_WORD + 1] = "";
		if (found) {
			snprintf(first_word, sizeof first_word, "%s", t.v[np.first].word);
			size_t last = np.first + np.count - 1;
			if ((q->cmp_percent || q->cmp_money) && np.unit < t.n &&
			    (percent_word(t.v[np.unit].word) || wordnet_currency(kb_wordnet(q->kb), t.v[np.unit].word)))
				last = np.unit;
			from = t.v[np.first].start;
			to = t.v[last].end;
			/* the sign before or after the figure: "$3.1", "7.4%" */
			from -= text_currency_before(s->text, from);
			if (s->text[to] == '%')
				to++;
		}
		tokens_free(&t);
		if (!found)
			continue;
		/* the article's own bound ("more than four million") or a
		 * hedged figure close to the question's decides only one way */
		static const char *const over[] = { "more", "over", "above", "greater", NULL };
		static const char *const under[] = { "less", "fewer", "under", "below", NULL };
		const char *hedge = first_word;
		double v = np.value, bound = q->cmp_value;
		int yes;  /* 1 yes, 0 no, -1 the figure cannot tell */
		if (text_in_list(hedge, over))
			yes = v >= bound ? q->cmp > 0 : -1;
		else if (text_in_list(hedge, under))
			yes = v <= bound ? q->cmp < 0 : -1;
		else if (np.approximate && v > bound * 0.9 && v < bound * 1.1)
			yes = -1;
		else
			yes = q->cmp > 0 ? v > bound : v < bound;
		if (yes < 0)
			return 1;
		struct strbuf sb = {0};
		strbuf_puts(&sb, yes ? "Yes — " : "No — ");
		strbuf_append(&sb, s->text + from, to - from);
		a->cites[0] = (struct kb_cite){ .article = art, .sentence = s };
		a->n_cites = 1;
		return finish(a, &sb, ANSWER_FOUND);
	}
	return 1;
}

/* "who said nobody should panic": the sentence is a bare quotation (no
 * verb of saying), which goes on with the speaker of the quotation before
 * it in the same paragraph ("..." Dr Ilse Varga told reporters.): the
 * capitalised name right before that verb, into sb. False when there is
 * none (a pronoun: "she said"). */
static bool bare_quote_speaker(const struct query *q, size_t doc, struct strbuf *sb,
			       const struct kb_sentence **from)
{
	static const char *const saying[] = {
		"said", "says", "say", "told", "tells", "added", "warned", NULL,
	};
	const struct kb_article *art, *other;
	const struct kb_sentence *s = kb_sentence_at(q->kb, doc, &art);
	bool bare = bare_quotation(q, s->text, saying);
	if (!bare || doc == 0)
		return false;
	const struct kb_sentence *o = kb_sentence_at(q->kb, doc - 1, &other);
	if (other != art || o->paragraph != s->paragraph ||
	    !(strstr(o->text, "\xe2\x80\x9d") || strchr(o->text, '"')))
		return false;
	struct tokens t = {0};
	bool found = false;
	if (sentence_tokens(q, o->text, &t) != 0)
		return false;
	for (size_t k = 1; k < t.n && !found; k++) {
		if (!text_in_list(t.v[k].word, saying))
			continue;
		size_t first = k;
		while (first > 0 && t.v[first - 1].capitalized && !text_is_stopword(t.v[first - 1].word))
			first--;
		if (first == k || k - first > 4)
			continue;
		strbuf_append(sb, o->text + t.v[first].start, t.v[k - 1].end - t.v[first].start);
		*from = o;
		found = true;
	}
	tokens_free(&t);
	return found;
}

/* On the second search (q->widened), does sentence doc say one of the
 * synonyms added (see widen_terms)? Only such a sentence can answer now
 * when none did before. */
static bool says_added(const struct query *q, size_t doc)
{
	const struct index *idx = kb_index(q->kb);
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *t = &q->terms[i];
		for (size_t a = t->n_alts - t->n_added; a < t->n_alts; a++)
			if (index_doc_has(idx, doc, t->alt[a]))
				return true;
	}
	return false;
}

/* Does sentence doc say every word the question requires but one the
 * article uses elsewhere (a term with wide_at), which a second search
 * may find as a synonym? */
static bool lacks_only_wide(const struct query *q, size_t doc)
{
	const struct index *idx = kb_index(q->kb);
	bool lacks = false;
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *t = &q->terms[i];
		if (t->soft || term_in_doc(idx, doc, t))
			continue;
		if (t->wide_at <= 0)
			return false;
		lacks = true;
	}
	return lacks;
}

/* Words that speak of more than the one in hand. */
static const char *const other_words[] = {
	"other", "others", "another", "second", "third", "also", "previous", "earlier",
	"similar", "again", NULL,
};

/* Does `says` hold of the words of text (a poll, how often)? q as for
 * words_of. */
static bool words_say(const struct query *q, const char *text,
		      bool (*says)(const struct tokens *))
{
	struct tokens t = {0};
	bool holds = words_of(q, text, &t) == 0 && says(&t);
	tokens_free(&t);
	return holds;
}

/* Does text give a figure for each one (number_for_each)? */
static bool says_for_each(const struct query *q, const char *text)
{
	struct tokens t = {0};
	bool each = false;
	if (kb_tokenize(q->kb, text, &t) == 0)
		for (size_t k = 0; k < t.n && !each; k++)
			each = (t.v[k].number || number_is_word(t.v[k].word)) &&
			       (number_for_each(kb_wordnet(q->kb), &t, k) ||
				number_for_each(kb_wordnet(q->kb), &t, k + 1));
	tokens_free(&t);
	return each;
}

/* Does sentence s say a word of the question only narrowed to a part
 * the question does not name ("turnout IN THE CAPITAL")? */
static bool narrows_term(const struct query *q, const char *s)
{
	static const char *const parts[] = { "in", "among", NULL };
	/* (the sentence opens on the word, the part right after it: most
	 * sentences are passed over without tokens) */
	const char *in = strstr(s, " in "), *among = strstr(s, " among ");
	if ((!in || in - s > 40) && (!among || among - s > 40))
		return false;
	const char *first = strncasecmp(s, "the ", 4) ? s : s + 4;
	bool leads = false;
	for (size_t i = 0; i < q->n_terms && !leads; i++)
		leads = !q->terms[i].entity && !q->terms[i].soft && q->terms[i].n_alts > 0 &&
			!strncasecmp(first, q->terms[i].alt[0], strlen(q->terms[i].alt[0]));
	if (!leads)
		return false;
	struct tokens t = {0};
	bool narrowed = false, plain = false;
	if (words_of(q, s, &t) == 0)
		for (size_t k = 0; k < t.n && !plain; k++) {
			bool said = false;
			for (size_t i = 0; i < q->n_terms && !said; i++)
				said = !q->terms[i].entity && !q->terms[i].soft &&
				       term_at(&q->terms[i], &t, k, NULL, 0);
			if (!said)
				continue;
			size_t j = k + 1;
			if (j < t.n && text_in_list(t.v[j].word, parts) && !has_word(q, t.v[j].word)) {
				j++;
				if (j < t.n && !strcmp(t.v[j].word, "the"))
					j++;
			}
			/* (the subject the sentence opens on: "the record IN
			 * NEW YORK" after a verb says where it was set) */
			bool opens = k == 0 || (k == 1 && !strcmp(t.v[0].word, "the"));
			bool part = opens && j > k + 1 && j < t.n && !t.v[j].number &&
				    !text_is_stopword(t.v[j].word) && !has_word(q, t.v[j].word) &&
				    !text_month_at(&t, j) && !text_date_word(t.v[j].word) &&
				    !text_ordinal_word(t.v[j].word);
			narrowed |= part;
			plain = !part;
		}
	tokens_free(&t);
	return narrowed && !plain;
}

/* Does sentence s open on a named part the question does not name ("IN
 * HOLLEN PROVINCE, the smallest, only 31 percent voted Yes")? Asked of
 * the whole ("overall", "in total", "nationwide"), it says only a part. */
static bool opens_on_named_part(const struct query *q, const char *s)
{
	if (strncmp(s, "In ", 3) != 0)
		return false;
	struct tokens t = {0};
	bool named = false;
	if (words_of(q, s, &t) == 0 && t.n > 2 && t.v[1].capitalized && !text_month_at(&t, 1) &&
	    !t.v[1].number) {
		size_t k = 1;
		while (k < t.n && !text_clause_break(s, &t, k - 1) && k < 5)
			k++;
		named = text_clause_break(s, &t, k - 1) && !has_word(q, t.v[1].word);
	}
	tokens_free(&t);
	return named;
}

/* Does the question ask of a whole ("overall", "in total", "nationwide")? */
static bool asks_whole(const struct query *q)
{
	return text_says_total(&q->t) || has_word(q, "nationwide") || has_word(q, "nationally");
}

/* Does sentence `doc` leave out the part a figure is asked of ("what
 * was turnout IN LUNDE", "... AMONG VOTERS abroad"): a question word
 * right after "in" or "among" that neither it nor the sentence before it
 * in its paragraph says? */
static bool lacks_part_asked(const struct query *q, size_t doc)
{
	const struct index *idx = kb_index(q->kb);
	bool before = kb_follows_in_paragraph(q->kb, doc);
	for (size_t i = 0; i < q->n_terms; i++) {
		const struct term *t = &q->terms[i];
		size_t at = t->word_at;
		if (t->soft || at == 0)
			continue;
		size_t p = at - 1;
		if (p > 0 && tok_is(q, p, "the"))
			p--;
		if (!tok_is(q, p, "in") && !tok_is(q, p, "among"))
			continue;
		if (!term_in_doc(idx, doc, t) && !(before && term_in_doc(idx, doc - 1, t)))
			return true;
	}
	return false;
}

static int search(struct query *q, struct answer *a)
{
	const struct kb *kb = q->kb;
	const struct index *idx = kb_index(kb);
	const char *terms[MAX_TERMS * MAX_ALTS];
	size_t n = 0;
	double total = 0;
	for (size_t i = 0; i < q->n_terms; i++) {
		for (size_t k = 0; k < q->terms[i].n_alts; k++)
			terms[n++] = q->terms[i].alt[k];
		if (!q->terms[i].soft)
			total += term_idf(idx, &q->terms[i]);
	}
	if (n == 0 || total <= 0)
		return 1;
	struct index_hit hits[SEARCH_HITS];
	size_t nh = index_search(idx, terms, n, hits, SEARCH_HITS);
	const struct kb_sentence *yes_sentence = NULL;
	const struct kb_article *yes_article = NULL;
	/* The sentences that cover the question, most covered first (the
	 * search's order among equals). */
	size_t order[SEARCH_HITS], n_ok = 0;
	double cover[SEARCH_HITS];
	for (size_t h = 0; h < nh; h++) {
		double c;
		if ((q->widened && !says_added(q, hits[h].doc)) ||
		    !sentence_covers(q, hits[h].doc, total, &c)) {
			q->retry |= !q->widened && lacks_only_wide(q, hits[h].doc);
			continue;
		}
		/* (among equals, one that narrows the question's word to
		 * a part it does not ask comes after: "Turnout IN THE
		 * CAPITAL was just under 50 percent") */
		const char *text = kb_sentence_at(kb, hits[h].doc, NULL)->text;
		if (narrows_term(q, text))
			c *= 0.999;
		/* (and one that opens on a named part says nothing of the whole) */
		if (asks_whole(q) && opens_on_named_part(q, text))
			continue;
		size_t pos = n_ok++;
		while (pos > 0 && cover[pos - 1] < c) {
			order[pos] = order[pos - 1];
			cover[pos] = cover[pos - 1];
			pos--;
		}
		order[pos] = hits[h].doc;
		cover[pos] = c;
	}
	/* the second search is for a question no sentence covered */
	q->retry &= n_ok == 0;
	/* Six or more sentences that cover the question alike, and nothing
	 * in its words to tell them apart ("how many SEATS did they have
	 * before", in an article of seat counts): the first would be a
	 * guess. A place, a date or a measure ("how BIG") asked is sought
	 * by its type among them and may still answer, and what someone
	 * said by who said it. */
	if (n_ok >= ALIKE_IS_A_GUESS && !q->yesno && q->wh != WH_WHERE && q->wh != WH_WHEN &&
	    !q->said && !q->dimension && cover[n_ok - 1] == cover[0])
		return 1;
	if (q->cmp)
		return answer_comparison(q, order, n_ok, a);
	/* (yes/no: among sentences covered alike, one that denies the
	 * question's own word comes first: "she was NOT WEARING a helmet"
	 * before "the law does not require cyclists to wear helmets") */
	bool denied[SEARCH_HITS];
	for (size_t h = 0; q->yesno && h < n_ok; h++) {
		bool denies = denies_asked(q, kb_sentence_at(kb, order[h], NULL)->text);
		size_t pos = h, doc = order[h];
		while (denies && pos > 0 && cover[pos - 1] == cover[h] && !denied[pos - 1])
			pos--;
		for (size_t j = h; j > pos; j--) {
			order[j] = order[j - 1];
			denied[j] = denied[j - 1];
		}
		order[pos] = doc;
		denied[pos] = denies;
	}
	for (size_t h = 0; h < n_ok; h++) {
		const struct kb_article *art;
		const struct kb_sentence *s = kb_sentence_at(kb, order[h], &art);
		/* "has it happened to OTHER hospitals": a sentence about
		 * this one decides nothing either way */
		if (q->yesno && (has_word(q, "other") || has_word(q, "another")) &&
		    !says_any(q, s->text, other_words))
			continue;
		/* For yes/no, any evidence against the claim decides; the
		 * best sentence is kept in case none is found. */
		if (q->yesno && (!contradicted(q, s->text) || !says_a_word(q, order[h]) ||
				 !says_subject(q, order[h]))) {
			if (!yes_sentence && says_claim(q, order[h]) && says_whole_claim(q, order[h]) &&
			    !contrary_position(q, order[h])) {
				yes_sentence = s;
				yes_article = art;
			}
			continue;
		}
		struct strbuf sb = {0};
		const struct kb_sentence *speaker = NULL;
		if (q->wh == WH_WHO && (has_word(q, "said") || has_word(q, "say")) &&
		    bare_quote_speaker(q, order[h], &sb, &speaker)) {
			a->cites[0] = (struct kb_cite){ .article = art, .sentence = s };
			a->cites[1] = (struct kb_cite){ .article = art, .sentence = speaker };
			a->n_cites = 2;
			return finish(a, &sb, ANSWER_FOUND);
		}
		if (q->yesno) {
			strbuf_puts(&sb, "No — ");
			struct strbuf clause = {0};
			extract_clause(q, s->text, &clause);
			strbuf_puts(&sb, strbuf_str(&clause));
			strbuf_free(&clause);
		} else if (!extract_clause(q, s->text, &sb) ||
			   /* an intention is answered by what is meant to be done */
			   (q->intent && !says_any(NULL, strbuf_str(&sb), intent_words)) ||
			   (q->said && (!reports_words(q, s->text) || !spoken_by(q, order[h]))) ||
			   (q->set_said && (!text_has_quotation(s->text) || named_in_quotes_only(q, s->text))) ||
			   (q->value && !holds_figure(q, strbuf_str(&sb))) ||
			   (q->rank && !holds_rank(q, strbuf_str(&sb))) ||
			   /* "how much in TOTAL": the sentence that sums, not
			    * one that gives parts ("promised €100m, and ...
			    * pledged €200m") */
			   (q->wh == WH_HOW_MANY && text_says_total(&q->t) &&
			    !says_total(q, s->text) && figures_in(q, s->text) > 1) ||
			   /* "how much does EACH household get": a sum for each
			    * one, not the total ("$47m to thousands of
			    * households") */
			   (q->each_asked && !says_for_each(q, s->text)) ||
			   (q->frequency && !words_say(q, strbuf_str(&sb), text_says_frequency)) ||
			   (q->name_asked && !names_someone_new(q, strbuf_str(&sb))) ||
			   ((q->value || q->wh == WH_HOW_MANY) && !text_says_poll(&q->t) &&
			    words_say(q, s->text, text_says_poll)) ||
			   (q->kind_at >= 0 && !names_kind(q, strbuf_str(&sb))) ||
			   lacks_year_or_age(q, strbuf_str(&sb)) ||
			   ((q->value || q->wh == WH_HOW_MANY) && lacks_part_asked(q, order[h])) ||
			   lacks_superlative(q, s->text) ||
			   owned_by_another(q, s->text) ||
			   points_back_to_asked(q, s->text) ||
			   (!q->negated && denies_asked(q, s->text)) ||
			   ((q->wh == WH_WHO || q->wh == WH_WHERE || q->wh == WH_WHEN) && !q->identity &&
			    !says_asked_verb(q, order[h])) ||
			   (q->wh == WH_WHO && asks_role(q) &&
			    (!says_every_word(q, order[h]) ||
			     !says_role_person(q, s->text))) ||
			   (q->wh == WH_WHO && (opens_with_place(q, s->text, strbuf_str(&sb)) ||
						(!q->identity && !names_someone_new(q, strbuf_str(&sb))))) ||
			   /* a quotation's days are the speaker's hopes, not when
			    * it happened ("if the wind drops on Saturday") */
			   (q->wh == WH_WHEN && opens_quote(s->text))) {
			strbuf_free(&sb);
			continue;
		}
		/* "what did X say" of a sentence that quotes X: the
		 * quotation is the answer, whole, with who said it */
		/* (and a statement told in reported speech, unless it runs
		 * long: its end is often what was said) */
		if (q->said &&
		    (text_has_quotation(s->text) || strlen(s->text) <= 2 * SHORT_ANSWER)) {
			strbuf_truncate(&sb, 0);
			strbuf_puts(&sb, s->text);
		}
		a->cites[0] = (struct kb_cite){ .article = art, .sentence = s };
		a->n_cites = 1;
		/* (the speaker's words as they go on, or given elsewhere) */
		const struct kb_sentence *own = NULL;
		if (q->said && !(own = quote_goes_on(q, art, s)))
			own = quoted_elsewhere(q, art, s);
		if (own) {
			strbuf_puts(&sb, " Also: ");
			strbuf_puts(&sb, own->text);
			a->cites[a->n_cites++] = (struct kb_cite){ .article = art, .sentence = own };
		}
		return finish(a, &sb, ANSWER_FOUND);
	}
	if (yes_sentence) {
		struct strbuf sb = {0};
		strbuf_puts(&sb, "Yes — ");
		extract_clause(q, yes_sentence->text, &sb);
		a->cites[0] = (struct kb_cite){ .article = yes_article, .sentence = yes_sentence };
		a->n_cites = 1;
		return finish(a, &sb, ANSWER_FOUND);
	}
	return 1;
}

/* The search, each sentence it reads tokenised once (see struct
 * seen_tokens). Returns as search does. */
static int answer_search(struct query *q, struct answer *a)
{
	struct seen_tokens seen = { .n = 0 };
	q->seen = &seen;
	int rc = search(q, a);
	q->seen = NULL;
	seen_free(&seen);
	return rc;
}

/* ---- the engine ---------------------------------------------------------- */

/* Does the question ask only who or what its name is ("who is X",
 * "what's X", "tell me about X"): no word but the name's and these? */
static bool asks_identity(const struct query *q)
{
	static const char *const identity[] = {
		"who", "what", "where", "which", "is", "was", "are", "were", "s", "the", "a",
		"an", "tell", "me", "us", "about", "exactly", "again", "this", "that", "do",
		"does", "job", "role", "position", "title", "work", "works", "from", "based",
		"for", "city", "country", "out", "of", NULL,
	};
	for (size_t i = 0; i < q->t.n; i++)
		if (!in_entity(q, i) && !text_in_list(q->t.v[i].word, identity))
			return false;
	return true;
}

static bool only_entity(const struct query *q)
{
	if (q->n_ents != 1)
		return false;
	for (size_t i = 0; i < q->n_terms; i++)
		if (!q->terms[i].entity && !q->terms[i].soft)
			return false;
	return true;
}

static int refuse(struct answer *a, enum answer_status status, const char *msg)
{
	a->status = status;
	a->n_cites = 0;
	return set_text(a, "%s", msg) ? 0 : BB_ENOMEM;
}

/* The sentence that names what the question is about (every name it
 * asks about, or, naming none, two of its words), the best the search
 * finds: stored in *doc. False when none does. */
static bool topic_sentence(const struct query *q, size_t *doc)
{
	const struct index *idx = kb_index(q->kb);
	const char *terms[MAX_TERMS * MAX_ALTS];
	size_t n = 0, ents = 0, words = 0;
	for (size_t i = 0; i < q->n_terms; i++) {
		for (size_t k = 0; k < q->terms[i].n_alts; k++)
			terms[n++] = q->terms[i].alt[k];
		ents += q->terms[i].entity;
		words += !q->terms[i].entity && !q->terms[i].soft;
	}
	struct index_hit hit;
	if (n == 0 || index_search(idx, terms, n, &hit, 1) == 0)
		return false;
	size_t said_ents = 0, said_words = 0;
	for (size_t i = 0; i < q->n_terms; i++) {
		if (!term_in_doc(idx, hit.doc, &q->terms[i]))
			continue;
		said_ents += q->terms[i].entity;
		said_words += !q->terms[i].entity && !q->terms[i].soft;
	}
	*doc = hit.doc;
	return ents > 0 ? said_ents == ents : said_words >= 2 && words >= 2;
}

/* Refuses a question the article does not answer, saying what it does
 * say about the topic in sentence `doc` (see topic_sentence): "The
 * article doesn't say who leads the Front; it says: ...", citing it. */
static int refuse_with_topic(struct query *q, size_t doc, struct answer *a)
{
	const struct kb_article *art;
	const struct kb_sentence *s = kb_sentence_at(q->kb, doc, &art);
	struct strbuf sb = {0}, said = {0};
	/* the question as asked, without its question mark */
	size_t len = q->norm.len;
	while (len > 0 && strchr("?!. ", q->norm.buf[len - 1]))
		len--;
	/* "who leads the Front" reads on after "doesn't say"; a question
	 * that puts its verb first ("when DID he arrive", "WILL they pay")
	 * is quoted instead */
	bool inverted = q->yesno || (q->wh_at + 1 < q->t.n && is_aux(q->t.v[q->wh_at + 1].word));
	strbuf_puts(&sb, inverted ? "The article doesn't answer “" : "The article doesn't say ");
	size_t first = sb.len;
	strbuf_append(&sb, q->norm.buf, len);
	/* "Who leads ..." -> "who leads ...", but "US ..." stays */
	if (sb.len > first + 1 && sb.buf[first] >= 'A' && sb.buf[first] <= 'Z' &&
	    !(sb.buf[first + 1] >= 'A' && sb.buf[first + 1] <= 'Z'))
		sb.buf[first] = (char)(sb.buf[first] - 'A' + 'a');
	if (inverted)
		strbuf_puts(&sb, "?”");
	strbuf_puts(&said, s->text);
	shorten(&said, 2 * SHORT_ANSWER);
	strbuf_printf(&sb, "; it says: %s", strbuf_str(&said));
	strbuf_free(&said);
	a->cites[0] = (struct kb_cite){ .article = art, .sentence = s };
	a->n_cites = 1;
	return finish(a, &sb, ANSWER_UNKNOWN);
}

/* Runs the fact-based answerers in order; returns 0 when one answered, 1
 * when none did, 2 when the question must be refused, or an error. */
/* Does the question name a kind of answer ("what outlet", "which city")
 * other than words said? */
static bool asks_for_kind(const struct query *q)
{
	static const char *const said[] = {
		"quote", "quotes", "comment", "comments", "words", "statement", NULL,
	};
	if (q->wh != WH_WHAT && q->wh != WH_WHICH)
		return false;
	if (q->wh_at + 1 >= q->t.n || text_is_stopword(q->t.v[q->wh_at + 1].word))
		return false;
	return !text_in_list(q->t.v[q->wh_at + 1].word, said);
}

/* "How is the YPG related to the PKK?": two entities and nothing else
 * asked. Answers with the relations between them, else with a
 * description of one that names the other. "Is the YPG linked to the
 * PKK?" gets the same, after a yes. */
static int answer_between(struct query *q, struct answer *a)
{
	const struct kb *kb = q->kb;
	const struct kb_entity *x = q->ents[0].entity, *y = q->ents[1].entity;
	struct strbuf sb = {0};
	size_t lead = 0;
	if (q->yesno) {
		strbuf_puts(&sb, "Yes — ");
		lead = sb.len;
	}
	for (size_t k = 0; k < kb_relation_count(kb); k++) {
		const struct kb_relation *r = kb_relation_at(kb, k);
		if (!((r->subject == x && r->object == y) || (r->subject == y && r->object == x)))
			continue;
		if (sb.len > lead)
			strbuf_puts(&sb, "; ");
		put_relation(&sb, r);
		add_cite(a, r->cite);
	}
	for (int pass = 0; pass < 2 && sb.len == lead; pass++) {
		const struct kb_entity *e = pass ? y : x, *other = pass ? x : y;
		if (e->description && contains_word(e->description, other->name + (strncmp(other->name, "the ", 4) ? 0 : 4))) {
			put_capitalised(&sb, e->name);
			strbuf_printf(&sb, ": %s", e->description);
			add_cite(a, e->cite);
		}
	}
	if (sb.len == lead) {
		strbuf_free(&sb);
		return 1;
	}
	if (strbuf_str(&sb)[sb.len - 1] != '.')
		strbuf_putc(&sb, '.');
	shorten(&sb, SHORT_ANSWER);
	return finish(a, &sb, ANSWER_FOUND);
}

/* "Is Russia on Armenia's side or Azerbaijan's?": which of the options
 * does the subject back or ally with? */
static int answer_choice(struct query *q, struct answer *a)
{
	const struct kb *kb = q->kb;
	const struct kb_entity *subject = q->ents[0].entity;
	for (size_t e = 1; e < q->n_ents; e++) {
		const struct kb_entity *option = q->ents[e].entity;
		for (size_t k = 0; k < kb_relation_count(kb); k++) {
			const struct kb_relation *r = kb_relation_at(kb, k);
			bool support = r->predicate == KB_BACKS || r->predicate == KB_ALLIED_WITH;
			bool between = (r->subject == subject && r->object == option) ||
				       (r->predicate == KB_ALLIED_WITH && r->subject == option &&
					r->object == subject);
			if (!support || !between || r->negated)
				continue;
			struct strbuf sb = {0};
			put_capitalised(&sb, option->name);
			strbuf_puts(&sb, " — ");
			put_relation(&sb, r);
			strbuf_putc(&sb, '.');
			add_cite(a, r->cite);
			return finish(a, &sb, ANSWER_FOUND);
		}
	}
	return 1;
}

/* The words of person e's role into `role` (zeroed); false when e is no
 * person with a role. */
static bool role_of(const struct query *q, const struct kb_entity *e, struct tokens *role)
{
	return e->kind == KB_PERSON && e->role && *e->role && kb_tokenize(q->kb, e->role, role) == 0;
}

/* The person a question names by role ("the Pelmoran prime minister"):
 * the one whose role holds the most of the question's words and named
 * entities, at least two of them. NULL if none does. */
static const struct kb_entity *person_by_role(const struct query *q)
{
	const struct kb_entity *best = NULL;
	size_t best_score = 1;
	for (size_t k = 0; k < kb_entity_count(q->kb); k++) {
		const struct kb_entity *e = kb_entity_at(q->kb, k);
		struct tokens role = {0};
		if (!role_of(q, e, &role))
			continue;
		size_t score = 0;
		for (size_t i = 0; i < q->t.n; i++) {
			if (in_entity(q, i) || text_is_stopword(q->t.v[i].word))
				continue;
			for (size_t r = 0; r < role.n; r++)
				if (strcmp(role.v[r].stem, q->t.v[i].stem) == 0) {
					score++;
					break;
				}
		}
		tokens_free(&role);
		for (size_t i = 0; i < q->n_ents; i++)
			score += contains_word(e->role, q->ents[i].entity->name);
		if (score > best_score) {
			best = e;
			best_score = score;
		}
	}
	return best;
}

/* Does a word of `role` ("the mission operations MANAGER", "the NASA
 * ADMINISTRATOR") name what `head` does: the same word, or to WordNet a
 * kind of it ("administrator" is a kind of "chief")? */
static bool role_says(const struct query *q, const struct tokens *role, const struct token *head)
{
	const struct wordnet *wn = kb_wordnet(q->kb);
	char want[WORDNET_MAX_WORD + 1], lemma[WORDNET_MAX_WORD + 1];
	for (size_t r = 0; r < role->n; r++)
		if (!strcmp(role->v[r].stem, head->stem))
			return true;
	if (!wn || !wordnet_lemma(wn, WORDNET_NOUN, head->word, want))
		return false;
	for (size_t r = 0; r < role->n; r++)
		if (!text_is_stopword(role->v[r].word) &&
		    wordnet_lemma(wn, WORDNET_NOUN, role->v[r].word, lemma) &&
		    (!strcmp(lemma, want) || wordnet_is_a(wn, WORDNET_NOUN, lemma, 2, want, 6)))
			return true;
	return false;
}

/* "What did the NASA CHIEF say": the one person whose role says the
 * speaker's noun (role_says) and every word before it ("NASA
 * administrator Charles Bolden"); NULL when none or several do. */
static const struct kb_entity *speaker_by_role(const struct query *q)
{
	size_t from = q->wh_at + 1, to = asked_saying(q);
	while (from < q->t.n && (is_aux(q->t.v[from].word) || tok_is(q, from, "the")))
		from++;
	if (to <= from || to >= q->t.n || !person_noun(kb_wordnet(q->kb), q->t.v[to - 1].word, 2))
		return NULL;
	const struct kb_entity *found = NULL;
	for (size_t k = 0; k < kb_entity_count(q->kb); k++) {
		const struct kb_entity *e = kb_entity_at(q->kb, k);
		struct tokens role = {0};
		if (!role_of(q, e, &role))
			continue;
		/* the words before the noun first: they are cheaper to test */
		bool all = true;
		for (size_t i = from; all && i + 1 < to; i++) {
			bool here = text_is_stopword(q->t.v[i].word) ||
				    text_possessive(strbuf_str(&q->norm), &q->t.v[i]);
			for (size_t r = 0; r < role.n && !here; r++)
				here = !strcmp(role.v[r].stem, q->t.v[i].stem);
			all = here;
		}
		all = all && role_says(q, &role, &q->t.v[to - 1]);
		tokens_free(&role);
		if (!all || (found && found != e))
			continue;
		if (found)
			return NULL;
		found = e;
	}
	return found;
}

static int answer_from_facts(struct query *q, struct answer *a)
{
	int rc;
	long verb_at = -1;
	int pred = question_predicate(q, &verb_at);

	if (q->yesno && has_word(q, "or") && q->n_ents >= 3) {
		rc = answer_choice(q, a);
		if (rc <= 0)
			return rc;
	}
	if (q->yesno && pred >= 0 && q->n_ents >= 2) {
		rc = answer_yesno_relation(q, (enum kb_predicate)pred, a);
		if (rc <= 0)
			return rc;
	}
	if (q->n_ents == 2 && pred < 0 && !has_hard_words(q) && !(q->yesno && q->negated)) {
		rc = answer_between(q, a);
		if (rc <= 0)
			return rc;
	}
	/* "what could happen if ..." asks for what is at risk. */
	bool consequence = q->consequence;
	if (!q->yesno && (find_stem(q, "stak") >= 0 || find_stem(q, "risk") >= 0 ||
			  find_stem(q, "matter") >= 0 || q->wh == WH_WHY || consequence)) {
		rc = answer_stakes(q, a);
		if (rc <= 0)
			return rc;
	}
	if (!q->yesno && pred >= 0 && q->n_ents >= 1 && !two_relations(q, pred) &&
	    (q->wh == WH_WHO || q->wh == WH_WHAT || q->wh == WH_WHICH || q->wh == WH_WHERE)) {
		rc = answer_relation(q, (enum kb_predicate)pred, verb_at, a);
		if (rc <= 0)
			return rc;
	}
	bool says = find_stem(q, "sa") >= 0 || find_stem(q, "told") >= 0 ||
		    find_stem(q, "tell") >= 0 || find_stem(q, "quot") >= 0 ||
		    find_stem(q, "think") >= 0 || find_stem(q, "view") >= 0 ||
		    find_stem(q, "comment") >= 0 || q->said;
	if (!q->yesno && says && !asks_for_kind(q)) {
		const struct kb_entity *speaker = entity_of_kind(q, KB_PERSON);
		if (!speaker)
			speaker = person_by_role(q);  /* "what did the Pelmoran PM say" */
		if (!speaker && q->said)
			speaker = speaker_by_role(q);  /* "what did the NASA chief say" */
		if (!speaker && q->n_ents > 0 && q->ents[0].first <= q->wh_at + 3 &&
		    q->wh != WH_WHO)
			speaker = q->ents[0].entity;  /* "what did the EU say" */
		if (speaker || q->wh == WH_WHO) {
			/* a person the facts quote nowhere may still be quoted
			 * where the article says "she said": left to the search;
			 * a group or a country that says nothing is refused */
			rc = answer_quotes(q, speaker, a);
			if (rc == 2 && (!speaker || speaker->kind != KB_PERSON))
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
	if (q->wh == WH_WHEN || q->wh == WH_WHERE) {
		if (!(q->wh != WH_WHEN && only_entity(q))) {
			rc = answer_events(q, q->wh == WH_WHERE, a);
			if (rc <= 0)
				return rc;
		}
	}
	/* "what is X planning", "what did X say" ask more than who X is, and
	 * so does any verb ("who did Amaral TEAM UP with") */
	if (only_entity(q) && !q->intent && !q->said && asks_identity(q) &&
	    (q->wh == WH_WHO || q->wh == WH_WHAT || q->wh == WH_WHERE || q->wh == WH_NONE)) {
		rc = answer_whois(q->ents[0].entity, a);
		if (rc <= 0)
			return rc;
	}
	return 1;
}

/* Adds to each term for a verb the article uses elsewhere its WordNet
 * synonyms that the article uses ("support" -> "back"), at most
 * MAX_WIDE (on); nouns are not widened, as a synonym may be a word of a
 * name ("coalition" is no "Social Democratic Alliance"). Or takes them
 * off again (off). Returns whether any were added. */
#define MAX_WIDE 3
static bool widen_terms(struct query *q, bool on)
{
	bool any = false;
	for (size_t i = 0; i < q->n_terms; i++) {
		struct term *t = &q->terms[i];
		if (!on) {
			t->n_alts -= t->n_added;
			t->n_added = 0;
			continue;
		}
		size_t at = (size_t)t->wide_at, room = MAX_ALTS - t->n_alts;
		/* a soft word is never required, so its synonyms change
		 * nothing */
		if (t->wide_at <= 0 || t->soft || room == 0)
			continue;
		char stems[MAX_WIDE][TEXT_MAX_WORD + 1];
		size_t n = wordnet_stems(q->kb, q->t.stemmer, &q->t, at, stems,
					 room < MAX_WIDE ? room : MAX_WIDE, STEMS_VERBS_ONLY);
		for (size_t k = 0; k < n; k++)
			memcpy(t->alt[t->n_alts++], stems[k], sizeof stems[k]);
		t->n_added = n;
		any |= n > 0;
	}
	return any;
}

/* The readings of one kind of question each, asked before the others
 * (each its own header: "was it unanimous", "who brought the case",
 * "when does the duty take effect", "how close was it", "who came
 * second", "who dissented", "will they appeal", "how long do they have
 * to"). */
static int (*const set_readings[])(const struct kb *, const struct tokens *, struct answer *) = {
	unanimity_answer, claimant_answer, startdate_answer, margin_answer,
	runnerup_answer, dissent_answer, appeal_answer, deadline_answer,
};

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

	struct noun_cache nouns = { .n = 0 };
	struct query q = { .kb = kb, .nouns = &nouns };
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
#ifdef ANSWER_TRACE
	fprintf(stderr, "  norm \"%s\" wh=%d yesno=%d value=%d ents=%zu unknown=%s kind_at=%ld\n",
		strbuf_str(&q.norm), (int)q.wh, (int)q.yesno, (int)q.value, q.n_ents,
		q.unknown ? q.unknown : "-", q.kind_at);
	for (size_t i = 0; i < q.n_terms; i++)
		fprintf(stderr, "  term %s%s%s\n", q.terms[i].alt[0], q.terms[i].soft ? " (soft)" : "",
			q.terms[i].n_alts > 1 ? " +alts" : "");
#endif
	/* questions news copy answers in set ways of its own ("was the
	 * ruling unanimous", "who brought the case"): each reading declines
	 * with 1 what it does not read */
	for (size_t i = 0; i < sizeof set_readings / sizeof *set_readings; i++)
		if ((rc = set_readings[i](kb, &q.t, out)) != 1)
			goto out;
	/* "what is at stake?" names nothing, and the facts still answer */
	/* (what a speaker said may be asked of in words the article does
	 * not use: "what did the mayor say to JUSTIFY the cuts") */
	rc = q.unknown && !q.said ? 1 : answer_from_facts(&q, out);
	/* a leader is sought by the typed reading's roles first; a thing's
	 * name by its reading only: a sentence without the name is no
	 * answer */
	bool naming = asks_thing_name(&q);
	/* so is someone's work, by the description of the name: the words
	 * around it tell nothing of the work */
	bool job = text_job_asked(&q.t, q.wh_at) < q.t.n;
	bool typed_read = rc == 1 && (asks_leader(&q) || naming || job);
	if (typed_read)
		rc = typed_answer(kb, strbuf_str(&q.norm), out);
	if (rc == 1 && q.n_terms > 0 && !q.unknown && !job) {
		rc = answer_search(&q, out);
		/* Not found in the question's words: once more with WordNet's
		 * synonyms for the verbs the article uses elsewhere ("who is
		 * SUPPORTING the strikers" where it says "backed the
		 * strikers"), but never for what a person said ("say" is not
		 * "declare"). */
		if (rc == 1 && q.retry && !q.said && widen_terms(&q, true)) {
			q.widened = true;
			rc = answer_search(&q, out);
			q.widened = false;
			widen_terms(&q, false);
		}
	}
	/* Not tied to a sentence by the question's own words: a narrower
	 * second reading looks for the asked kind of phrase (typed.h). */
	if (rc == 1 && !typed_read)
		rc = typed_answer(kb, strbuf_str(&q.norm), out);
	/* The sentence about what the question asks may still answer it in
	 * other words than one of the question's, even one the article
	 * never uses (typed_answer_in); else the refusal says what it does
	 * say. */
	size_t topic = 0;
	bool on_topic = rc >= 1 && topic_sentence(&q, &topic);
	if (rc == 1 && on_topic)
		rc = typed_answer_in(kb, strbuf_str(&q.norm), topic, out);
	if (rc >= 1)
		rc = on_topic ? refuse_with_topic(&q, topic, out)
			      : refuse(out, ANSWER_UNKNOWN, ANSWER_REFUSAL);
out:
	strbuf_free(&q.norm);
	tokens_free(&q.t);
	if (rc < 0)
		answer_free(out);
	return rc;
}

int answer_phrase(struct answer *out, const struct kb_article *art,
		  const struct kb_sentence *s, const char *prefix, const char *phrase,
		  size_t len)
{
	struct strbuf sb = {0};
	strbuf_puts(&sb, prefix);
	if (len > 0) {
		char c = phrase[0];
		strbuf_putc(&sb, c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
		strbuf_append(&sb, phrase + 1, len - 1);
		if (phrase[len - 1] != '.')
			strbuf_putc(&sb, '.');
	}
	if (strbuf_failed(&sb)) {
		strbuf_free(&sb);
		return BB_ENOMEM;
	}
	*out = (struct answer){ .status = ANSWER_FOUND, .text = strbuf_steal(&sb), .n_cites = 1 };
	out->cites[0] = (struct kb_cite){ .article = art, .sentence = s };
	return 0;
}

void answer_free(struct answer *a)
{
	if (!a)
		return;
	free(a->text);
	free(a->detail);
	*a = (struct answer){0};
}
