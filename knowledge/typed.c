/* The typed second reading (see typed.h). Three steps:
 *
 *   read     the question's kind ("how many N" counts N; "when" wants a
 *            date; ...) and its other content words, each with the stems
 *            that count as saying it: its own, and WordNet's synonyms,
 *            derived forms, broader and narrower words for its first
 *            senses;
 *   match    the sentences the index finds for those stems, kept when
 *            they say every content word (a name may be left to the
 *            sentence before, in the same paragraph);
 *   pick     in each, the phrases of the asked kind that the question
 *            does not already hold; the best-matched sentence wins, and
 *            two sentences that match as well but answer differently are
 *            no answer at all.
 *
 * It is deliberately narrow: a refusal costs the user a rephrasing, a
 * wrong answer costs their trust. */
#include "knowledge/typed.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "knowledge/index.h"
#include "knowledge/kb_build.h"
#include "knowledge/lexicon.h"
#include "knowledge/number.h"
#include "knowledge/reldate.h"
#include "knowledge/text.h"
#include "knowledge/wordnet.h"

#define MAX_WORDS 10
#define MAX_ALTS 24
/* (struct word's stop_verbs marks its alts, a bit each) */
_Static_assert(MAX_ALTS <= 32, "one bit per alt in a uint32_t");
#define HITS 24
/* Sentences read for a question: each hit and the one after it. */
#define DOCS (2 * HITS)
/* The longest aside between two commas that leaves a clause whole. */
#define ASIDE_MAX 40
/* Tokens of a sentence looked at; longer sentences are cut. */
#define TOKENS_MAX 128
#define MAX_FORMS 2
/* WordNet senses looked at for a question word: the first ones only, so
 * that "fire" is not "dismiss". */
#define SENSES 2

enum kind {
	KIND_NONE,
	KIND_COUNT,    /* how many N: a number of N */
	KIND_MONEY,    /* how much did X pay: a sum */
	KIND_AMOUNT,   /* how much did it drop, what is the RANSOM: a sum, a
			* share or a measure, no bare count */
	KIND_MEASURE,  /* how far / long / big ...: a number with a unit of measure */
	KIND_WHEN,
	KIND_WHERE,
	KIND_WHO,
	KIND_ROLE,     /* who is the MAYOR (of X): the name the role is said of */
	KIND_WHICH,    /* which TOWN loses the call centre: a name of that kind */
	KIND_WHY,
	KIND_AGE,      /* how old is X: the age beside X's name */
	KIND_ANYONE,   /* was anyone hurt: yes, with who was, or no one was */
	KIND_JOB,      /* what does X do for a living: the work said of X */
};

/* A content word of the question and the stems that say it. */
struct word {
	char alt[MAX_ALTS][TEXT_MAX_WORD + 1];
	size_t n;
	double weight;
	size_t at;      /* its token in the question */
	bool entity;    /* a name the knowledge base knows: its one alt is
			 * the index's "@id", said by any of its names */
	bool soft;      /* a noun before a noun ("EVACUATION shelters"):
			 * weighs when said, not required */
	const char *particle; /* "called OFF": the particle after the verb */
	int change;     /* a figure's verb of rising (+1) or falling (-1)
			 * ("how much did it GO DOWN"), said by any other
			 * of the same way ("dropped"); else 0 */
	uint32_t stop_verbs;  /* the alts (a bit each, from 1) that are stop
			       * words and verbs, which the index leaves out:
			       * read in the sentence itself (doc_says) */
	char decade[TEXT_MAX_WORD + 1]; /* "the 90s": said by a year of it
					 * ("in 1996"); else "" */
	const char *const *forms;       /* n_forms words that say it as written,
					 * not by their stems ("ELECTED" for
					 * "won", where "election" says nothing) */
	size_t n_forms;
	char form_stem[MAX_FORMS][TEXT_MAX_WORD + 1]; /* their stems, for the index */
	char people[TEXT_MAX_WORD + 1]; /* the stem of the article's word for
					 * the place's people or the people's
					 * place ("Ostravian"), a name that
					 * says it (kb_demonym); else "" */
};

struct reading {
	const struct kb *kb;
	const struct wordnet *wn;
	struct tokens t;
	enum kind kind;
	struct word focus;                 /* "how many FIREFIGHTERS" */
	char focus_lemma[WORDNET_MAX_WORD + 1];
	bool persons;                      /* "how many people": any kind of person */
	bool said;                         /* asks about something said */
	const char *from;                  /* "where ... FROM / TO": the preposition */
	bool heading;                      /* "where was it HEADED": a place it goes to */
	long verb;                         /* "who SCORED": that word's index, or -1 */
	long role_at;                      /* "who is the MAYOR": its token, or -1 */
	bool naming;                       /* "what's the sub CALLED": the closing
					    * word only frames the question */
	bool judging;                      /* "which court DECIDED the case": see
					    * judging() */
	long name_of;                      /* "what is the name OF the fire": its
					    * token, the words before it framing
					    * the question; or -1 */
	bool deputy_asked;                 /* "who is the DEPUTY mayor": a post
					    * another word makes (role_word) */
	long figure_of;                    /* "what is the VALUE of trade": a word
					    * for the figure asked, then "of" what
					    * it measures; or -1 */
	long sum_noun;                     /* "what are Nordpak's REVENUES": the
					    * word for the sum of money asked,
					    * never left unsaid; or -1 */
	long role_from;                    /* "who is the LEAD scientist": where the
					    * role's words start, or -1 */
	long owner_at;                     /* "the BOARD's chief": its token, or -1 */
	long owner_from;                   /* "the chief of THE SELLING club": where
					    * its words start, or -1 */
	bool generic_owner;                /* "the mayor of the TOWN": the owner is
					    * none of the knowledge base's names (the
					    * article may name it otherwise); see
					    * search */
	bool lasting;                      /* "how long did it LAST": a time is asked */
	bool long_asked;                   /* "how LONG": a length, a time or pages */
	bool perfect;                      /* "how long HAS he run it": since when */
	const char *unit_kind;             /* "how HEAVY": the WordNet class of the
					    * measure's unit (number_unit_kind) */
	bool sized_in_money;               /* "how big is the FINE": money is a measure */
	bool sized_in_members;             /* "how big is the UNION": its members */
	bool sized_in_share;               /* "how big is the TARIFF": so is a share */
	bool share_only;                   /* "what PERCENTAGE raise": a share */
	bool past;                         /* "how much DID it cost": what happened */
	bool future;                       /* "when WILL they decide": what is to come */
	bool superlative;                  /* "which state has THE MOST clubs": a
					    * first is asked */
	bool each_asked;                   /* "how much does EACH household get"
					    * (number_each_asked) */
	bool clock;                        /* "what TIME": a time of day is asked */
	bool year;                         /* "what YEAR": a date must name one */
	bool leader;                       /* "who RUNS X", "the HEAD of X": any
					    * leader's role answers (role_word) */
	bool leader_verb;                  /* the leader is asked by a verb ("RUNS") */
	bool leading_as_who;               /* read "who RUNS X" as KIND_WHO */
	bool win_asked;                    /* "who WON the race" */
	uint64_t contests;                 /* with win_asked, the tokens (of the
					    * first 64) of the contest won, which
					    * go without saying (won_occasion) */
	long job_from;                     /* "what does Lind DO FOR A LIVING": where
					    * the words for the work begin (none of
					    * them required), or -1 */
	long only_doc;                     /* the one sentence typed_answer_in
					    * reads, or -1 for a search */
	struct word words[MAX_WORDS];
	size_t n_words;
};

/* A phrase of the asked kind in one sentence. */
struct candidate {
	size_t doc;
	size_t start, end;   /* bytes of the sentence */
	double score;
	bool owned;          /* a role's holder, the owner said beside it */
	int says;            /* KIND_ANYONE: 1 someone did, -1 no one did */
	size_t kind_start, kind_end; /* KIND_WHICH: the word that says the
				      * name's kind, which may stand for it
				      * in its clause ("an ANAESTHETIST,
				      * Richard Harris, examined"), or 0, 0 */
};

/* Words that open a noun phrase: the word after one is no verb ("the
 * EMPTY capsule", "a FLOODED lane"). */
static const char *const determiners[] = {
	"the", "a", "an", "this", "that", "its", "their", "his", "her", "our", NULL,
};

static bool tok_is(const struct tokens *t, size_t i, const char *w)
{
	return i < t->n && strcmp(t->v[i].word, w) == 0;
}

/* Does the reading ask for a figure: a count, a sum, a measure, an
 * amount? */
static bool asks_figure(const struct reading *r)
{
	return r->kind == KIND_COUNT || r->kind == KIND_MONEY || r->kind == KIND_MEASURE ||
	       r->kind == KIND_AMOUNT;
}

static void add_alt(struct word *w, const char *stem)
{
	if (!stem[0] || w->n >= MAX_ALTS)
		return;
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->alt[i], stem) == 0)
			return;
	snprintf(w->alt[w->n++], sizeof w->alt[0], "%s", stem);
}

struct expansion {
	struct word *w;
	struct text_stemmer *st;
};

static void add_related(void *user, const char *word, enum wordnet_relation rel)
{
	(void)rel;
	struct expansion *x = user;
	/* "back up": a collocation is said by its words apart, which a
	 * single stem cannot require */
	if (strchr(word, ' ') || strchr(word, '-') || strlen(word) > TEXT_MAX_WORD)
		return;
	char lower[TEXT_MAX_WORD + 1], stem[TEXT_MAX_WORD + 1];
	size_t n = 0;
	for (; word[n]; n++)
		lower[n] = (char)(word[n] >= 'A' && word[n] <= 'Z' ? word[n] - 'A' + 'a' : word[n]);
	lower[n] = '\0';
	text_stem(x->st, lower, stem);
	add_alt(x->w, stem);
}

/* The stems that say token `i`: its own, and WordNet's words next to it
 * in each part of speech it can be. */
static void expand(struct reading *r, size_t i, struct word *w)
{
	const struct token *tok = &r->t.v[i];
	add_alt(w, tok->stem);
	if (tok->compound)
		add_alt(w, tok->compound);
	if (!r->wn)
		return;
	struct expansion x = { .w = w, .st = r->t.stemmer };
	/* "ostravia's minister" said as "the Ostravian minister" */
	char people[TEXT_MAX_WORD + 1];
	if (kb_demonym(r->kb, tok->word, people))
		text_stem(r->t.stemmer, people, w->people);
	/* a base form that is also another verb's past ("to LAY off" is not
	 * "lie") says itself too */
	struct wordnet_entry base;
	if (wordnet_lookup(r->wn, WORDNET_VERB, tok->word, &base))
		add_related(&x, tok->word, WORDNET_SYNONYM);
	/* The part of speech the question uses, where the word before
	 * shows it ("the FIRE" is a noun, "did they FIRE" a verb); an
	 * adjective only when the word is neither noun nor verb. */
	static const char *const before_noun[] = {
		"the", "a", "an", "many", "much", "his", "her", "its", "their", "of", "this", "that",
		NULL,
	};
	static const char *const before_verb[] = {
		"did", "does", "do", "to", "will", "would", "can", "could", "who", "has", "have",
		"had", NULL,
	};
	/* "got SICK", "fell ILL": a state, an adjective */
	static const char *const before_adjective[] = {
		"get", "got", "gets", "getting", "become", "became", "becomes", "fell", "feel",
		"felt", NULL,
	};
	/* "where did she SPEAK": any verb of speaking says it ("told
	 * supporters in Brenna") */
	static const char *const speaking[] = { "speak", "talk", "say", "tell", NULL };
	/* (only a verb: not "the climate TALKS") */
	char verb_lemma[WORDNET_MAX_WORD + 1], noun_lemma[WORDNET_MAX_WORD + 1];
	if (wordnet_lemma(r->wn, WORDNET_VERB, tok->word, verb_lemma) &&
	    text_in_list(verb_lemma, speaking) &&
	    !wordnet_lemma(r->wn, WORDNET_NOUN, tok->word, noun_lemma))
		for (size_t k = 0; speaking[k]; k++)
			add_alt(w, speaking[k]);
	/* "who HEADED UP the research": any verb of leading says it ("an
	 * epidemiologist who LED the research team") */
	static const char *const leading[] = { "lead", "head", "chair", "run", NULL };
	if (text_leads(tok->word))
		for (size_t k = 0; leading[k]; k++)
			add_alt(w, leading[k]);
	/* "who WON the race", "who won the prize": news writes the winner
	 * as "was ELECTED mayor", "was AWARDED the prize"; WordNet relates
	 * neither to winning */
	static const char *const winning[MAX_FORMS] = { "elected", "awarded" };
	if (wordnet_lemma(r->wn, WORDNET_VERB, tok->word, verb_lemma) &&
	    !strcmp(verb_lemma, "win")) {
		w->forms = winning;
		w->n_forms = MAX_FORMS;
		for (size_t k = 0; k < w->n_forms; k++)
			text_stem(r->t.stemmer, winning[k], w->form_stem[k]);
	}
	const char *prev = i > 0 ? r->t.v[i - 1].word : "";
	char adjective[WORDNET_MAX_WORD + 1];
	bool adjective_only = text_in_list(prev, before_adjective) &&
			      wordnet_lemma(r->wn, WORDNET_ADJ, tok->word, adjective);
	/* "was anyone HURT", "is the port OPEN": after a form of "be" the
	 * word may be a state, like its adjective's likes ("injured") */
	static const char *const be[] = { "is", "are", "was", "were", "been", "being", NULL };
	bool be_before = false;
	for (size_t k = 0; k < i && !be_before; k++)
		be_before = text_in_list(r->t.v[k].word, be);
	bool state = (adjective_only || be_before) &&
		     wordnet_lemma(r->wn, WORDNET_ADJ, tok->word, adjective);
	bool noun_only = text_in_list(prev, before_noun) || adjective_only,
	     verb_only = text_in_list(prev, before_verb) || adjective_only || (state && !noun_only);
	static const enum wordnet_pos pos[] = { WORDNET_NOUN, WORDNET_VERB, WORDNET_ADJ };
	bool found = false;
	for (size_t p = 0; p < sizeof pos / sizeof *pos; p++) {
		char lemma[WORDNET_MAX_WORD + 1];
		if ((pos[p] == WORDNET_ADJ && found && !state) ||
		    (pos[p] == WORDNET_VERB && noun_only) ||
		    (pos[p] == WORDNET_NOUN && verb_only) ||
		    !wordnet_lemma(r->wn, pos[p], tok->word, lemma))
			continue;
		found = true;
		/* "called OFF", "burned DOWN": the phrasal verb, when WordNet
		 * lists it, says what is meant ("cancel", "destroy") */
		if (pos[p] == WORDNET_VERB && w->particle) {
			char phrasal[WORDNET_MAX_WORD + 1];
			int n = snprintf(phrasal, sizeof phrasal, "%s_%s", lemma, w->particle);
			struct wordnet_entry e;
			if (n > 0 && (size_t)n < sizeof phrasal &&
			    wordnet_lookup(r->wn, WORDNET_VERB, phrasal, &e))
				memcpy(lemma, phrasal, (size_t)n + 1);
		}
		add_related(&x, lemma, WORDNET_SYNONYM);
		wordnet_related(r->wn, pos[p], lemma, SENSES,
				WORDNET_SYNONYM | WORDNET_DERIVED | WORDNET_HYPERNYM |
					(state ? WORDNET_SIMILAR : 0),
				add_related, &x);
		/* kinds of a thing: a "bonfire" is a fire */
		if (pos[p] == WORDNET_NOUN)
			wordnet_related(r->wn, pos[p], lemma, 1, WORDNET_HYPONYM, add_related, &x);
	}
}

/* Is this word the particle of a phrasal verb ("called OFF")? */
static bool particle(const char *w)
{
	static const char *const particles[] = {
		"down", "off", "out", "up", "back", "away", "over", NULL,
	};
	return text_in_list(w, particles);
}

/* Rare words weigh more: what a question is about is what few sentences
 * say. A word no sentence says weighs most of all. */
static double weight_of(const struct index *idx, const struct word *w)
{
	double best = 0;
	for (size_t i = 0; i < w->n; i++) {
		double idf = index_df(idx, w->alt[i]) ? index_idf(idx, w->alt[i]) : 0;
		if (idf > best)
			best = idf;
	}
	return best > 0 ? best : 1.0;
}

/* Words that only frame the question (what they ask is the kind). */
static bool framing(const char *w)
{
	static const char *const frame[] = {
		"many", "much", "long", "total", "number", "amount", "altogether",
		"approximately", "roughly", "around", "happened", "time", "day", "date", "year",
		"place", "location", "reason", "currently", "anyone", "anybody",
		"someone", "somebody", "people", "person", "persons", "folks", NULL,
	};
	return text_in_list(w, frame) || text_precision_word(w);
}

static bool is_people(const char *w)
{
	static const char *const people[] = { "people", "person", "persons", "folks", NULL };
	return text_in_list(w, people);
}

/* Is the token a noun in the plural: one WordNet reads as another form
 * of its lemma ("ships" of "ship", "men" of "man")? */
static bool plural(const struct reading *r, const struct token *tok)
{
	char lemma[WORDNET_MAX_WORD + 1];
	return r->wn && wordnet_lemma(r->wn, WORDNET_NOUN, tok->word, lemma) &&
	       strcmp(lemma, tok->word) != 0;
}

/* Is token k a verb's participle ("STUCK", "WAITING", "leaking"), which
 * after "how long was X" asks how long a state lasted, not a length? */
static bool in_state(const struct reading *r, const struct tokens *t, size_t k)
{
	const char *w = t->v[k].word;
	size_t n = strlen(w);
	char lemma[WORDNET_MAX_WORD + 1];
	if (!r->wn || !wordnet_lemma(r->wn, WORDNET_VERB, w, lemma) || !strcmp(lemma, w))
		return false;
	/* (not "is" or "been": the state is what follows them) */
	return strcmp(lemma, "be") != 0 &&
	       ((n > 4 && !strcmp(w + n - 3, "ing")) || text_past_form(r->wn, w));
}

/* Does the token ask for a sum ("how much is it COSTING")? Stems, so
 * that every form of the verb counts. */
static bool money_word(const struct token *tok)
{
	static const char *const money[] = {
		"money", "cash", "fund", "dollar", "euro", "pound", "budget", "cost", "pay",
		"paid", "spend", "spent", "rais", "price", "fine", "worth", "aid", "compens",
		NULL,
	};
	return text_in_list(tok->stem, money);
}

/* Is the noun `word` a kind of `ancestor`, at most `depth` steps up? */
static bool word_is(const struct reading *r, const char *word, const char *ancestor,
		    unsigned depth)
{
	char lemma[WORDNET_MAX_WORD + 1];
	return r->wn && wordnet_lemma(r->wn, WORDNET_NOUN, word, lemma) &&
	       wordnet_is_a(r->wn, WORDNET_NOUN, lemma, SENSES, ancestor, depth);
}

static bool noun_is(const struct reading *r, const struct token *tok, const char *ancestor,
		    unsigned depth)
{
	return word_is(r, tok->word, ancestor, depth);
}

/* Is the noun a sum of money in its first sense: an amount held or
 * gained ("revenue", "profit"), money itself ("budget"), or a cost paid
 * ("fee", "fine", "price"; "the new fee would ADD 310 million a year TO
 * the bill" is then a sum the fee brings, not the fee: see find_kind)? */
static bool sum_of_money(const struct reading *r, const struct token *tok)
{
	char lemma[WORDNET_MAX_WORD + 1];
	if (!r->wn || !wordnet_lemma(r->wn, WORDNET_NOUN, tok->word, lemma))
		return false;
	return wordnet_is_a(r->wn, WORDNET_NOUN, lemma, 1, "sum", 6) ||
	       wordnet_is_a(r->wn, WORDNET_NOUN, lemma, 1, "money", 6) ||
	       wordnet_is_a(r->wn, WORDNET_NOUN, lemma, 1, "cost", 6);
}

/* Does question token k say a rise (1) or a fall (-1), as a phrasal
 * verb with `particle` after it ("GO UP") or alone ("rise")? 0 if
 * neither. */
static int rise_or_fall_at(const struct reading *r, size_t k, const char *particle)
{
	const char *word = r->t.v[k].word;
	char base[WORDNET_MAX_WORD + 1], phrasal[WORDNET_MAX_WORD + 1];
	if (!r->wn)
		return 0;
	if (particle && wordnet_lemma(r->wn, WORDNET_VERB, word, base) &&
	    snprintf(phrasal, sizeof phrasal, "%s_%s", base, particle) < (int)sizeof phrasal) {
		int way = wordnet_rise_or_fall(r->wn, phrasal);
		if (way != 0)
			return way;
	}
	return wordnet_rise_or_fall(r->wn, word);
}

/* A name of the kind the noun `kind` says (lemma `lemma`) is asked: it
 * and its synonyms are the focus. */
static bool which_kind(struct reading *r, const struct token *kind, const char *lemma)
{
	snprintf(r->focus_lemma, sizeof r->focus_lemma, "%s", lemma);
	add_alt(&r->focus, kind->stem);
	struct expansion x = { .w = &r->focus, .st = r->t.stemmer };
	wordnet_related(r->wn, WORDNET_NOUN, lemma, SENSES, WORDNET_SYNONYM, add_related, &x);
	return true;
}

/* Reads the kind of the question and its focus; returns false when it
 * is not one this reading answers. */
static bool read_kind(struct reading *r, const char *question, size_t *after)
{
	const struct tokens *t = &r->t;
	size_t i = 0;
	/* "was anyone hurt", "did anybody die": yes or no */
	static const char *const asking[] = {
		"was", "were", "did", "has", "have", "had", "is", "are", NULL,
	};
	static const char *const anyone[] = { "anyone", "anybody", "someone", "somebody", NULL };
	if (t->n > 2 && text_in_list(t->v[0].word, asking) && text_in_list(t->v[1].word, anyone)) {
		*after = 2;
		r->kind = KIND_ANYONE;
		return true;
	}
	/* "so", "ok", "and" before the question word */
	while (i < t->n && i < 3 && !tok_is(t, i, "how") && !tok_is(t, i, "when") &&
	       !tok_is(t, i, "where") && !tok_is(t, i, "who") && !tok_is(t, i, "why") &&
	       !tok_is(t, i, "what") && !tok_is(t, i, "which"))
		i++;
	if (i >= t->n)
		return false;
	*after = i + 1;
	size_t job = text_job_asked(t, i);
	if (job < t->n) {
		*after = i + 2;
		r->kind = KIND_JOB;
		r->job_from = (long)job;
		return true;
	}
	if (tok_is(t, i, "how") && (tok_is(t, i + 1, "many") || tok_is(t, i + 1, "much"))) {
		*after = i + 2;
		bool much = tok_is(t, i + 1, "much");
		char lemma[WORDNET_MAX_WORD + 1];
		/* the noun counted: the last noun of the words right after */
		long focus = -1;
		for (size_t k = i + 2; k < t->n && k < i + 5 && !text_is_stopword(t->v[k].word); k++) {
			/* a plural ends the noun ("how many PEOPLE die daily",
			 * "how many SHIPS sail": what follows says what they
			 * do); a noun before another is singular ("how many
			 * HEART transplants") */
			if (focus >= 0 && (is_people(t->v[focus].word) || plural(r, &t->v[focus])))
				break;
			if (r->wn && wordnet_lemma(r->wn, WORDNET_NOUN, t->v[k].word, lemma))
				focus = (long)k;
			/* ("how many BIG trawlers": a word about the noun) */
			else if (focus >= 0 || !r->wn ||
				 !wordnet_lemma(r->wn, WORDNET_ADJ, t->v[k].word, lemma))
				break;
		}
		/* ("how much will labour COSTS GO UP": a change, which a
		 * share may give as well as a sum) */
		bool money = false, change = false;
		for (size_t k = i + 2; k < t->n; k++) {
			money |= money_word(&t->v[k]);
			/* (not a rise named as a thing: "would THE 9 percent
			 * RISE cost them") */
			bool named = k > 0 && (text_in_list(t->v[k - 1].word, determiners) ||
					       t->v[k - 1].number || tok_is(t, k - 1, "percent"));
			change |= !named &&
				  rise_or_fall_at(r, k, k + 1 < t->n ? t->v[k + 1].word : NULL) != 0;
		}
		/* ("how much MONEY did they raise" asks a sum) */
		change &= !(i + 2 < t->n && money_word(&t->v[i + 2]));
		if (much && money && !change) {
			r->kind = KIND_MONEY;
			return true;
		}
		/* "how much did the stock DROP", "how much DATA": by a share,
		 * a sum or a measure ("400 gigabytes of data") */
		if (much) {
			r->kind = KIND_AMOUNT;
			return true;
		}
		/* "how many GOT hurt", "how many WERE killed": people */
		if (focus < 0 && i + 2 < t->n && r->wn &&
		    wordnet_lemma(r->wn, WORDNET_VERB, t->v[i + 2].word, lemma) &&
		    !wordnet_lemma(r->wn, WORDNET_NOUN, t->v[i + 2].word, lemma)) {
			r->kind = KIND_COUNT;
			r->persons = true;
			return true;
		}
		if (focus < 0)
			return false;
		r->kind = KIND_COUNT;
		r->persons = is_people(t->v[focus].word);
		if (!r->persons) {
			expand(r, (size_t)focus, &r->focus);
			wordnet_lemma(r->wn, WORDNET_NOUN, t->v[focus].word, r->focus_lemma);
		}
		return true;
	}
	/* "how old is Kittinger": an age */
	if (tok_is(t, i, "how") && tok_is(t, i + 1, "old")) {
		*after = i + 2;
		r->kind = KIND_AGE;
		return true;
	}
	/* "how far", "how long is the ship", "how fast": a measure */
	if (tok_is(t, i, "how") && i + 1 < t->n && number_is_dimension(t->v[i + 1].word)) {
		static const char *const lasting[] = {
			"last", "lasts", "lasted", "take", "takes", "took", "stay", "run", "wait", NULL,
		};
		*after = i + 2;
		r->kind = KIND_MEASURE;
		/* "how far did wheat futures DROP": by a share, a sum or a
		 * measure */
		for (size_t k = i + 2; k < t->n && tok_is(t, i + 1, "far"); k++)
			if (wordnet_rise_or_fall(r->wn, t->v[k].word))
				r->kind = KIND_AMOUNT;
		/* (a state said of the thing in a clause of its own is no
		 * time asked: "how long is the road THAT'S TOLLED") */
		bool relative = false;
		for (size_t k = i + 2; k < t->n; k++) {
			relative |= tok_is(t, k, "that") || tok_is(t, k, "which");
			r->lasting |= tok_is(t, i + 1, "long") &&
				      (text_in_list(t->v[k].word, lasting) ||
				       (k > i + 3 && !relative && in_state(r, t, k)));
		}
		/* "how long HAD he WORKED there", "how long DID the talks
		 * go on": a verb of doing asks a time, one of reaching a
		 * length does not ("how long does the line STRETCH") */
		static const char *const doing[] = {
			"did", "does", "do", "has", "have", "had", "will", "would", NULL,
		};
		static const char *const reaching[] = {
			"measure", "measures", "measured", "stretch", "stretches", "stretched",
			"extend", "extends", "extended", "span", "spans", "spanned", "reach",
			"reaches", "reached", "get", "gets", "grow", "grows", "grew", NULL,
		};
		/* (nor does a closing "be": "how long would the bridge
		 * have BEEN") */
		bool reaches = tok_is(t, t->n - 1, "be") || tok_is(t, t->n - 1, "been");
		for (size_t k = i + 2; k < t->n; k++)
			reaches |= text_in_list(t->v[k].word, reaching);
		/* ("how long was HE down": a person has no length) */
		static const char *const copulas[] = { "was", "is", "were", "are", NULL };
		static const char *const persons[] = { "he", "she", "they", "we", "you", "i", NULL };
		r->lasting |= tok_is(t, i + 1, "long") && i + 2 < t->n &&
			      ((text_in_list(t->v[i + 2].word, doing) && !reaches) ||
			       (i + 3 < t->n && text_in_list(t->v[i + 2].word, copulas) &&
				text_in_list(t->v[i + 3].word, persons)));
		r->perfect = tok_is(t, i + 2, "has") || tok_is(t, i + 2, "have");
		r->unit_kind = r->lasting ? "time unit" : number_unit_kind(t->v[i + 1].word);
		r->long_asked = tok_is(t, i + 1, "long");
		/* "how big was the FINE": a sum of money is its size */
		static const char *const sums[] = { "cost", "payment", "expenditure", "fund", NULL };
		bool size = tok_is(t, i + 1, "big") || tok_is(t, i + 1, "large");
		for (size_t k = t->n; size && k > i + 2 && !r->sized_in_money; k--)
			for (size_t a = 0; sums[a] && !text_is_stopword(t->v[k - 1].word); a++)
				r->sized_in_money |= noun_is(r, &t->v[k - 1], sums[a], 10);
		/* "how big is the musicians' UNION": a body is as big as the
		 * members it has */
		for (size_t k = t->n; size && k > i + 2 && !r->sized_in_members; k--)
			r->sized_in_members = !text_is_stopword(t->v[k - 1].word) &&
					      noun_is(r, &t->v[k - 1], "social group", 6);
		/* "how big is the TARIFF", "how high can the FINES go": a
		 * levy's size may be a share ("18 percent") */
		static const char *const levies[] = { "tax", "rate", "fine", NULL };
		bool high = size || tok_is(t, i + 1, "high");
		for (size_t k = i + 2; high && k < t->n; k++)
			for (size_t a = 0; levies[a] && !text_is_stopword(t->v[k].word); a++)
				r->sized_in_share |= noun_is(r, &t->v[k], levies[a], 10);
		return true;
	}
	/* ("what EXACT date") */
	size_t noun = i + 1 + (i + 2 < t->n && text_precision_word(t->v[i + 1].word));
	bool year = tok_is(t, noun, "year") || tok_is(t, noun, "years");
	if (tok_is(t, i, "when") ||
	    (tok_is(t, i, "what") && (tok_is(t, noun, "time") || tok_is(t, noun, "day") ||
				      tok_is(t, noun, "date") || year))) {
		r->kind = KIND_WHEN;
		r->clock = tok_is(t, i, "what") && tok_is(t, noun, "time");
		r->year = tok_is(t, i, "what") && year;
		return true;
	}
	/* "what will the deal COST the province", "what has the rescue
	 * COST Greyholt": a sum */
	static const char *const asking_aux[] = {
		"will", "would", "did", "does", "do", "has", "have", "had", "could", NULL,
	};
	if (tok_is(t, i, "what") && i + 1 < t->n && text_in_list(t->v[i + 1].word, asking_aux))
		for (size_t k = i + 2; k < t->n; k++)
			if (tok_is(t, k, "cost") || tok_is(t, k, "costs")) {
				r->kind = KIND_MONEY;
				return true;
			}
	/* "what is the RANSOM", "what was Northgate's first BID", "what
	 * inflation RATE is the bank aiming for": a quantity, its noun the
	 * last of the nouns (after words about them) */
	if (tok_is(t, i, "what")) {
		static const char *const be[] = { "is", "was", "are", "were", NULL };
		static const char *const det[] = { "the", "a", "an", "its", "their", "his", "her", NULL };
		size_t k = i + 1 + (i + 1 < t->n && text_in_list(t->v[i + 1].word, be));
		while (k < t->n && (text_in_list(t->v[k].word, det) || text_possessive(question, &t->v[k])))
			k++;
		long head = -1;
		char lemma[WORDNET_MAX_WORD + 1];
		for (size_t j = k; j < t->n && !text_is_stopword(t->v[j].word) && r->wn; j++) {
			if (wordnet_lemma(r->wn, WORDNET_NOUN, t->v[j].word, lemma))
				head = (long)j;
			else if (head >= 0 || !wordnet_lemma(r->wn, WORDNET_ADJ, t->v[j].word, lemma))
				break;
		}
		if (head >= 0 && (wordnet_figure(r->wn, t->v[head].word) ||
				  lexicon_is_figure(t->v[head].word))) {
			/* ("what are Nordpak's REVENUES": a sum of money, not a
			 * share) */
			r->kind = KIND_AMOUNT;
			/* "what PERCENTAGE raise": a share */
			static const char *const shares[] = {
				"percentage", "percent", "share", "proportion", NULL,
			};
			for (long j = (long)k; j <= head; j++)
				r->share_only |= text_in_list(t->v[j].word, shares);
			if (!r->share_only && sum_of_money(r, &t->v[head])) {
				r->kind = KIND_MONEY;
				r->sum_noun = head;
			}
			/* (the sum's own word is then said: a budget is no
			 * revenue) */
			if (tok_is(t, (size_t)head + 1, "of") && r->kind == KIND_AMOUNT)
				r->figure_of = head;
			return true;
		}
	}
	/* "what's the SUB called": a name of that kind, as "which sub" asks
	 * (a person's name is asked by the role's reading) */
	size_t named = text_name_asked(t, i);
	char named_lemma[WORDNET_MAX_WORD + 1];
	if (named < t->n && r->wn &&
	    wordnet_lemma(r->wn, WORDNET_NOUN, t->v[named].word, named_lemma) &&
	    !noun_is(r, &t->v[named], "person", 6)) {
		r->kind = KIND_WHICH;
		r->role_at = (long)named;
		r->naming = true;
		if (text_name_of_at(t, i) < t->n)
			r->name_of = (long)text_name_of_at(t, i);
		return which_kind(r, &t->v[named], named_lemma);
	}
	/* "what SHARE of the trucks are Lentrian", "what percentage of
	 * voters": a share */
	static const char *const parts[] = { "share", "percentage", "proportion", "fraction", NULL };
	if (tok_is(t, i, "what") && i + 2 < t->n && text_in_list(t->v[i + 1].word, parts) &&
	    tok_is(t, i + 2, "of")) {
		r->kind = KIND_AMOUNT;
		r->share_only = true;
		r->figure_of = (long)i + 1;
		return true;
	}
	/* "which TOWN loses the call centre", "what ROCKET carried it": a
	 * name of that kind, the noun right after the question word */
	if ((tok_is(t, i, "which") || tok_is(t, i, "what")) && i + 2 < t->n &&
	    !text_is_stopword(t->v[i + 1].word) && !framing(t->v[i + 1].word) && r->wn) {
		char lemma[WORDNET_MAX_WORD + 1], other[WORDNET_MAX_WORD + 1];
		const struct token *kind = &t->v[i + 1];
		/* (a noun, not a word about one: "which NEW rule", "which
		 * HOSPITAL group") */
		if (wordnet_lemma(r->wn, WORDNET_NOUN, kind->word, lemma) &&
		    !wordnet_lemma(r->wn, WORDNET_ADJ, kind->word, other) &&
		    !(wordnet_lemma(r->wn, WORDNET_NOUN, t->v[i + 2].word, other) &&
		      !text_is_stopword(t->v[i + 2].word)) &&
		    !wordnet_figure(r->wn, kind->word)) {
			r->kind = KIND_WHICH;
			r->role_at = (long)i + 1;
			return which_kind(r, kind, lemma);
		}
	}
	if (tok_is(t, i, "where")) {
		/* ("where does it RANK" asks no place) */
		for (size_t j = i + 1; j < t->n; j++)
			if (text_ranks(t->v[j].word))
				return false;
		r->kind = KIND_WHERE;
		return true;
	}
	if (tok_is(t, i, "why")) {
		r->kind = KIND_WHY;
		return true;
	}
	if (tok_is(t, i, "who")) {
		static const char *const be[] = { "is", "was", "are", "were", NULL };
		size_t k = i + 1 + (i + 1 < t->n && text_in_list(t->v[i + 1].word, be));
		/* "who is the MAYOR", "who's the lead SCIENTIST on the
		 * mission", "who's Halvern's chief medical OFFICER": a role,
		 * its noun the last of the nouns after "the" or an owner's
		 * name */
		bool owned = k < t->n && text_possessive(question, &t->v[k]);
		if (tok_is(t, k, "the") || owned) {
			long role = -1;
			char lemma[WORDNET_MAX_WORD + 1];
			r->role_from = (long)k + !owned;
			/* (after a people's word: "the VELTRIAN health minister") */
			char place[TEXT_MAX_WORD + 1];
			size_t from = k + 1;
			if (from < t->n && !owned && r->wn &&
			    !wordnet_lemma(r->wn, WORDNET_NOUN, t->v[from].word, lemma) &&
			    kb_demonym(r->kb, t->v[from].word, place))
				from++;
			for (size_t j = from; j < t->n && !text_is_stopword(t->v[j].word) &&
					       r->wn && wordnet_lemma(r->wn, WORDNET_NOUN, t->v[j].word, lemma);
			     j++)
				role = (long)j;
			static const char *const leaders[] = { "head", "leader", "boss", NULL };
			/* ("head" is first a part of the body) */
			r->leader = role >= 0 && text_in_list(t->v[role].word, leaders);
			if (role < 0 || (!r->leader && !noun_is(r, &t->v[role], "person", 8)))
				return false;
			r->kind = KIND_ROLE;
			r->role_at = role;
			/* whose: "the BOARD's chief", "the chief of the BOARD" */
			for (size_t j = (size_t)r->role_from; j < (size_t)role; j++)
				if (text_possessive(question, &t->v[j]))
					r->owner_at = (long)j;
			/* the owner may be the noun before the role: a group or
			 * a place ("the UNION boss", "the PORT chief"), not a
			 * word about the role ("the LEAD scientist") */
			if (r->owner_at < 0 && role > r->role_from &&
			    (noun_is(r, &t->v[role - 1], "social group", 8) ||
			     noun_is(r, &t->v[role - 1], "location", 8)))
				r->owner_at = role - 1;
			if (r->owner_at < 0 && from > k + 1)
				r->owner_at = (long)k + 1;
			size_t of = (size_t)role + 1;
			if (tok_is(t, of, "of")) {
				while (of + 1 < t->n && (tok_is(t, of + 1, "the") || tok_is(t, of + 1, "a")))
					of++;
				/* the owner's head: "the selling CLUB" */
				r->owner_from = (long)of + 1;
				for (size_t j = of + 1; j < t->n && !text_is_stopword(t->v[j].word); j++)
					r->owner_at = (long)j;
			}
			/* a role is said by its own word or another for the
			 * same office, not a broader one ("administrator" is
			 * no chief executive) */
			add_alt(&r->focus, t->v[role].stem);
			struct expansion x = { .w = &r->focus, .st = r->t.stemmer };
			if (wordnet_lemma(r->wn, WORDNET_NOUN, t->v[role].word, lemma))
				wordnet_related(r->wn, WORDNET_NOUN, lemma, SENSES, WORDNET_SYNONYM,
						add_related, &x);
			return true;
		}
		/* "who RUNS the canal authority", "who's RUNNING Eurotunnel",
		 * "who is IN CHARGE at Meridian": its leader, a role */
		bool in_charge = tok_is(t, k, "in") && tok_is(t, k + 1, "charge") &&
				 (tok_is(t, k + 2, "of") || tok_is(t, k + 2, "at"));
		if (k + 1 < t->n && !r->leading_as_who &&
		    ((k == i + 1 && text_leads(t->v[k].word)) || in_charge)) {
			r->kind = KIND_ROLE;
			r->leader = r->leader_verb = true;
			r->role_at = r->role_from = (long)k;
			size_t of = k + 2 * in_charge;
			if (in_charge)
				*after = k + 2;  /* "charge" is no word to find */
			/* "who HEADED UP the research": the verb's particle */
			else if (tok_is(t, k + 1, "up"))
				of = k + 1;
			while (of + 1 < t->n && (tok_is(t, of + 1, "the") || tok_is(t, of + 1, "a")))
				of++;
			r->owner_from = (long)of + 1;
			for (size_t j = of + 1; j < t->n && !text_is_stopword(t->v[j].word); j++)
				r->owner_at = (long)j;
			add_alt(&r->focus, "head");
			return r->owner_at >= 0;
		}
		/* "who is NAME", "who is X's manager" ask what the article
		 * says of a person: the main engine's */
		if (k > i + 1)
			return false;
		r->kind = KIND_WHO;
		return true;
	}
	return false;
}

/* ---- matching ------------------------------------------------------------ */

/* Does sentence `doc` say the stop word `stem`, which the index leaves
 * out ("operate" is "run" to WordNet: "Brightway, which RUNS 640
 * stations")? Read word by word, as only a few synonyms are stop words. */
static bool doc_says_stopword(const struct kb *kb, size_t doc, const char *stem)
{
	const char *text = kb_sentence_at(kb, doc, NULL)->text;
	/* (read word by word only where its letters stand, for speed: an
	 * irregular past, "ran", is not looked for) */
	if (!strcasestr(text, stem))
		return false;
	struct tokens t = {0};
	bool says = false;
	if (kb_tokenize(kb, text, &t) == 0)
		for (size_t k = 0; k < t.n && !says; k++)
			says = text_token_says(&t.v[k], stem);
	tokens_free(&t);
	return says;
}

/* May a synonym that is a stop word be looked for in a sentence? A verb
 * of its own ("run" for "operate"), not an auxiliary every sentence has
 * ("be" for "represent"), nor a particle ("over" for "finished"). */
static bool stopword_verb(const struct wordnet *wn, const char *stem)
{
	static const char *const auxiliaries[] = { "be", "do", "have" };
	struct wordnet_entry e;
	return text_is_stopword(stem) && wordnet_lookup(wn, WORDNET_VERB, stem, &e) &&
	       !text_in_sorted(auxiliaries, sizeof auxiliaries / sizeof *auxiliaries, stem);
}

static bool doc_says(const struct kb *kb, size_t doc, const struct word *w)
{
	const struct index *idx = kb_index(kb);
	for (size_t i = 0; i < w->n; i++)
		if (index_doc_has(idx, doc, w->alt[i]) > 0 ||
		    ((w->stop_verbs >> i & 1) && doc_says_stopword(kb, doc, w->alt[i])))
			return true;
	int years[TEXT_DECADE_YEARS];
	for (size_t i = 0, n = text_decade_years(w->decade, years); i < n; i++) {
		char year[8];
		snprintf(year, sizeof year, "%d", years[i]);
		if (index_doc_has(idx, doc, year) > 0)
			return true;
	}
	/* (a form is looked up by its stem, and read as written in the
	 * sentence) */
	for (size_t i = 0; i < w->n_forms; i++)
		if (index_doc_has(idx, doc, w->form_stem[i]) > 0)
			return true;
	return w->people[0] && index_doc_has(idx, doc, w->people) > 0;
}

/* Does sentence s speak of a person by their age alone, opening on it
 * or as "the" one after a verb ("The 22-year-old Jamaican crossed the
 * line", "The academy said the 75-year-old American was chosen"; not
 * "The 24-year-old Maria Lopez", not "a 30-year-old man")? It goes on
 * about whom the sentence before named. */
static bool opens_on_age(const char *s)
{
	for (const char *p = s; p; p = strstr(p + 1, " the ")) {
		const char *a = p + 5;  /* past " the " */
		if (p == s)
			a = !strncmp(s, "The ", 4) ? s + 4 : !strncmp(s, "A ", 2) ? s + 2 : s;
		size_t digits = strspn(a, "0123456789");
		if (digits == 0 || strncmp(a + digits, "-year-old", 9) != 0)
			continue;
		a += digits + 9;
		if (*a == ',')
			return true;
		if (*a != ' ')
			continue;
		/* (a name of two capitalised words is another person) */
		const char *second = strchr(a + 1, ' ');
		if (!isupper((unsigned char)a[1]) || !second || !isupper((unsigned char)second[1]))
			return true;
	}
	return false;
}

/* May a question word be left to the sentence before `doc`: one of its
 * paragraph, or for an age, one a sentence that opens on the age alone
 * follows, wherever it stands in the article? */
static bool leaves_to_before(const struct reading *r, size_t doc)
{
	if (kb_follows_in_paragraph(r->kb, doc))
		return true;
	if (r->kind != KIND_AGE || doc == 0)
		return false;
	const struct kb_article *art, *prev_art;
	const struct kb_sentence *s = kb_sentence_at(r->kb, doc, &art);
	kb_sentence_at(r->kb, doc - 1, &prev_art);
	return prev_art == art && opens_on_age(s->text);
}

/* Does sentence `doc`, or the one before it in its paragraph, say every
 * question word? What the index tells at once, before the sentence is
 * read word by word. */
static bool says_all(const struct reading *r, size_t doc, bool names_only)
{
	bool before = leaves_to_before(r, doc);
	for (size_t i = 0; i < r->n_words; i++)
		/* (a verb of rising or falling is looked for word by word:
		 * see match) */
		if ((r->words[i].entity || !names_only) && !r->words[i].soft &&
		    !r->words[i].change && !doc_says(r->kb, doc, &r->words[i]) &&
		    !(before && doc_says(r->kb, doc - 1, &r->words[i]))) {
#ifdef TYPED_TRACE
			fprintf(stderr, "  skip %zu unsaid %s: %s\n", doc, r->words[i].alt[0],
				kb_sentence_at(r->kb, doc, NULL)->text);
#endif
			return false;
		}
	return true;
}

/* Is token i a noun that only describes the noun after it ("the
 * EVACUATION shelters")? */
static bool noun_before_noun(const struct reading *r, size_t i)
{
	const struct tokens *t = &r->t;
	char lemma[WORDNET_MAX_WORD + 1];
	return r->wn && i + 1 < t->n && !text_is_stopword(t->v[i + 1].word) &&
	       !t->v[i + 1].joined && !(i > 0 && t->v[i].joined) &&
	       wordnet_lemma(r->wn, WORDNET_NOUN, t->v[i].word, lemma) &&
	       !wordnet_lemma(r->wn, WORDNET_VERB, t->v[i].word, lemma) &&
	       wordnet_lemma(r->wn, WORDNET_NOUN, t->v[i + 1].word, lemma);
}

/* Is token i part of the role's name to WordNet, with the words after it
 * ("PRIME minister", "chief MEDICAL officer"), not only a word about it
 * ("LEAD scientist")? */
static bool names_role(const struct reading *r, size_t i)
{
	const struct tokens *t = &r->t;
	char name[WORDNET_MAX_WORD + 1], lemma[WORDNET_MAX_WORD + 1];
	size_t n = 0;
	if (!r->wn)
		return true;  /* without WordNet every word of the role is kept */
	for (size_t k = i; k <= (size_t)r->role_at; k++) {
		const char *w = t->v[k].word;
		if (k == (size_t)r->role_at && wordnet_lemma(r->wn, WORDNET_NOUN, w, lemma))
			w = lemma;
		size_t len = strlen(w);
		if (n + len + 1 >= sizeof name)
			return false;
		if (n > 0)
			name[n++] = '_';
		memcpy(name + n, w, len + 1);
		n += len;
	}
	struct wordnet_entry e;
	return wordnet_lookup(r->wn, WORDNET_NOUN, name, &e);
}

/* Is there a sentence that says every name of the question? */
static bool names_meet(const struct reading *r)
{
	const char *names[MAX_WORDS];
	size_t n = 0;
	for (size_t i = 0; i < r->n_words; i++)
		if (r->words[i].entity)
			names[n++] = r->words[i].alt[0];
	if (n == 0)
		return true;
	struct index_hit hits[HITS];
	size_t nh = index_search(kb_index(r->kb), names, n, hits, HITS);
	for (size_t h = 0; h < nh; h++)
		if (says_all(r, hits[h].doc, true))
			return true;
	return false;
}

/* "where was the rally HELD", "when did the vote TAKE place": an event is
 * held somewhere, some time, whatever verb the article gives it */
static bool held(const struct reading *r, size_t i)
{
	static const char *const taking[] = { "take", "takes", "took", "taking", "taken", NULL };
	return (r->kind == KIND_WHERE || r->kind == KIND_WHEN) &&
	       (tok_is(&r->t, i, "held") ||
		(text_in_list(r->t.v[i].word, taking) && tok_is(&r->t, i + 1, "place")));
}

/* Is token i of the question a word that only frames what is asked: a
 * light "get" ("are GETTING laid off"), a wish or a guess ("does Meridian
 * WANT to bring in", "does the union RECKON"), a light "go" ("what share
 * GOES through the canal", not "go UP"), an adverb beside a figure
 * ("how long to FULLY put it out", "so FAR", "ABOARD") or "on BOARD"?
 * Where it is said it weighs; it is not required. */
static bool hedged(const struct reading *r, size_t i)
{
	static const char *const framing_verbs[] = {
		"get", "gets", "got", "getting", "gotten", "want", "wants", "wanted", "reckon",
		"reckons", "think", "thinks", "expect", "expects", "expecting", "hope", "hopes", NULL,
	};
	static const char *const going[] = { "go", "goes", "went", "gone", NULL };
	const struct token *tok = &r->t.v[i];
	if (text_in_list(tok->word, going) && !(i + 1 < r->t.n && particle(r->t.v[i + 1].word)))
		return true;
	char lemma[WORDNET_MAX_WORD + 1];
	if (text_in_list(tok->word, framing_verbs) ||
	    (!strcmp(tok->word, "board") && i > 0 && tok_is(&r->t, i - 1, "on")))
		return true;
	/* (an adverb only beside a figure: "when did it run AGROUND" asks
	 * of running aground) */
	return asks_figure(r) && r->wn && wordnet_lemma(r->wn, WORDNET_ADV, tok->word, lemma) &&
	       !wordnet_lemma(r->wn, WORDNET_NOUN, tok->word, lemma) &&
	       !wordnet_lemma(r->wn, WORDNET_VERB, tok->word, lemma);
}

/* Is token i of the question only the deciding of a case, in a question
 * of which court or judge: "which court DECIDED the brannock pension
 * CASE", "which judge HEARD the CASE", "which court MADE the RULING"? A
 * court decides what comes before it; the article says how ("ruled",
 * "found", "quashed"), and the words that say which case still count. */
static bool judging(const struct reading *r, size_t i)
{
	static const char *const benches[] = { "court", "judge", "tribunal", "justice", NULL };
	static const char *const deciding[] = {
		"decide", "decided", "decides", "rule", "ruled", "rules", "hear", "heard", "hears",
		"handle", "handled", "handles", "judge", "judged", NULL,
	};
	/* ("MADE the ruling", "WROTE the decision") */
	static const char *const light[] = {
		"make", "made", "makes", "write", "wrote", "written", "writes", "deliver",
		"delivered", "issue", "issued", "hand", "handed", NULL,
	};
	static const char *const cases[] = {
		"case", "ruling", "decision", "judgment", "judgement", "verdict", "call", NULL,
	};
	if (r->kind != KIND_WHICH || !text_in_list(r->focus_lemma, benches))
		return false;
	const struct tokens *t = &r->t;
	const char *word = t->v[i].word;
	if (text_in_list(word, cases) || text_in_list(word, deciding))
		return true;
	for (size_t k = i + 1; k < t->n && k <= i + 3 && text_in_list(word, light); k++)
		if (text_in_list(t->v[k].word, cases))
			return true;
	return false;
}

/* Does the name that ends at token `end` (starting at `start`) give the
 * verdict: the subject of a verb of deciding, in its own clause ("the
 * High Court of Lindrevia RULED", "Justice Cuddihy, in a 74-page
 * judgment, FOUND"), or its agent ("was quashed BY the Halden
 * Administrative Court")? */
static bool gives_verdict(const char *s, const struct tokens *t, size_t start, size_t end)
{
	static const char *const verdicts[] = {
		"ruled", "rules", "found", "finds", "held", "holds", "decided", "decides",
		"quashed", "quashes", "overturned", "overturns", "upheld", "upholds",
		"dismissed", "dismisses", "rejected", "rejects", "struck", "strikes", "threw",
		"throws", "ordered", "orders", "granted", "grants", "awarded", "awards",
		"cleared", "clears", "blocked", "blocks", "sided", "sides", "delivered",
		"wrote", "writes", "agreed", "agrees", NULL,
	};
	if (start >= 1 && tok_is(t, start - 1, "by"))
		return true;
	size_t depth = 0;  /* (inside an aside between commas) */
	for (size_t k = end + 1; k < t->n && k <= end + 8; k++) {
		bool comma = s[t->v[k - 1].end] == ',';
		if (comma)
			depth = !depth;
		if (!depth && text_in_list(t->v[k].word, verdicts))
			return true;
		if (!depth && !comma && text_clause_break(s, t, k - 1))
			return false;
	}
	return false;
}

/* Reads whether the question asks who won, and of which contest: "who
 * won the mayor RACE", "the club VOTE", "the CASE" (a WordNet contest,
 * vote or proceeding). */
static void read_win(struct reading *r)
{
	static const char *const winning[] = { "win", "wins", "won", "winning", NULL };
	for (size_t k = 0; k < r->t.n && !r->win_asked; k++)
		r->win_asked = text_in_list(r->t.v[k].word, winning);
	for (size_t i = 0; i < r->t.n && i < 64 && r->win_asked && r->kind == KIND_WHO; i++) {
		const struct token *tok = &r->t.v[i];
		if (!tok->capitalized && (noun_is(r, tok, "contest", 8) || noun_is(r, tok, "vote", 8) ||
					  noun_is(r, tok, "proceeding", 8)))
			r->contests |= 1ull << i;
	}
}

/* Is token i of the question the contest a win is of? It goes without
 * saying ("Okafor was elected mayor" for "who won the mayor race"). */
static bool won_occasion(const struct reading *r, size_t i)
{
	return i < 64 && (r->contests >> i & 1);
}

/* Is word w a verb of rising or falling, itself or with its particle
 * ("GO DOWN")? See struct word. */
static int change_of(const struct reading *r, const struct word *w)
{
	return rise_or_fall_at(r, w->at, w->particle);
}

static int read_question(struct reading *r, const char *question)
{
	int rc = kb_tokenize(r->kb, question, &r->t);
	if (rc < 0)
		return rc;
	size_t after;
	if (!read_kind(r, question, &after))
		return 1;
	r->each_asked = number_each_asked(r->wn, &r->t);
	for (size_t i = 0; i < r->t.n && !r->deputy_asked; i++)
		r->deputy_asked = text_another_rank(r->t.v[i].word);
#ifdef TYPED_TRACE
	fprintf(stderr, "  kind %d\n", (int)r->kind);
#endif
	const struct tokens *t = &r->t;
	static const char *const saying[] = {
		"say", "said", "says", "told", "tell", "announce", "announced", "announces", NULL,
	};
	/* "when did he win BEFORE": a time told against another one, which
	 * only the main engine reads */
	static const char *const relative[] = {
		"before", "previously", "earlier", "again", "first", "last", "next", "later", NULL,
	};
	/* (of any kind: "who won it THE YEAR BEFORE" asks of another
	 * occasion than the one the sentence tells: the search reads the
	 * time) */
	static const char *const occasions[] = {
		"year", "month", "week", "day", "time", "season", "edition", NULL,
	};
	if (t->n > 2 && (tok_is(t, t->n - 1, "before") || tok_is(t, t->n - 1, "earlier")) &&
	    text_in_list(t->v[t->n - 2].word, occasions))
		return 1;
	for (size_t i = 0; i < t->n; i++) {
		r->said |= text_in_list(t->v[i].word, saying);
		r->past |= tok_is(t, i, "did") || (tok_is(t, i, "had") && !tok_is(t, i + 1, "to"));
		r->future |= tok_is(t, i, "will") || (tok_is(t, i, "going") && tok_is(t, i + 1, "to"));
		r->superlative |= i > 0 && tok_is(t, i - 1, "the") && number_superlative_at(r->wn, t, i);
		if (r->kind == KIND_WHEN && text_in_list(t->v[i].word, relative))
			return 1;
		if (r->kind == KIND_WHERE && (tok_is(t, i, "from") || tok_is(t, i, "to")))
			r->from = t->v[i].word;
		/* "where was the train HEADED", "where did they TAKE the
		 * miners": where to */
		static const char *const heading[] = {
			"headed", "heading", "bound", "going", "take", "taken", "took", "send", "sent",
			"sending", "bring", "brought", "move", "moved", "diverted", NULL,
		};
		r->heading |= r->kind == KIND_WHERE && text_in_list(t->v[i].word, heading);
	}
	if (r->from)
		r->heading = false;
	struct entity_span ents[MAX_WORDS];
	size_t n_ents = kb_match_entities(r->kb, t, ents, MAX_WORDS), e = 0;
	/* "the mayor of the town": an owner none of the knowledge base's
	 * names (a possessive one, "the BOARD's chief", is told apart by
	 * its own word) */
	r->generic_owner = r->kind == KIND_ROLE && r->owner_from >= 0 && !r->leader;
	for (size_t k = 0; k < n_ents && r->generic_owner; k++)
		r->generic_owner = !((size_t)r->owner_at >= ents[k].first &&
				     (size_t)r->owner_at < ents[k].first + ents[k].count);
	/* ("who found the bones IN THE FIRST PLACE": a phrase that says how,
	 * no word of it required; see soft below) */
	uint64_t idioms = text_adverb_idioms(r->wn, t);
	read_win(r);
	for (size_t i = 0; i < t->n; i++)
		r->judging |= judging(r, i);
	for (size_t i = 0; i < t->n; i++) {
		const struct token *tok = &t->v[i];
		while (e < n_ents && ents[e].first + ents[e].count <= i)
			e++;
		bool in_entity = e < n_ents && i >= ents[e].first;
		if (i + 1 == after || (i + 2 == after && r->kind != KIND_WHEN) ||
		    (!in_entity && (text_is_stopword(tok->word) || framing(tok->word) ||
				    particle(tok->word))) ||
		    tok->fragment || (in_entity && i != ents[e].first))
			continue;
		/* the counted noun is looked for beside the number */
		if ((r->kind == KIND_COUNT || r->kind == KIND_MONEY) && i >= after &&
		    (r->focus.n && strcmp(tok->stem, r->focus.alt[0]) == 0))
			continue;
		if ((long)i == r->role_at || (long)i < r->name_of ||
		    (r->job_from >= 0 && (long)i >= r->job_from))
			continue;
		if (r->n_words == MAX_WORDS)
			return 1;
		if (r->kind == KIND_WHO && r->verb < 0 && !in_entity)
			r->verb = (long)r->n_words;
		struct word *w = &r->words[r->n_words++];
		w->at = i;
		w->entity = in_entity;
		int years[TEXT_DECADE_YEARS];
		if (text_decade_years(tok->word, years) > 0)
			snprintf(w->decade, sizeof w->decade, "%s", tok->word);
		/* a word for money ("how much did they PAY") weighs where it
		 * is said: the sum is what is asked; so do words that only
		 * frame it (hedged) */
		w->soft = !in_entity && !tok->number &&
			  ((r->kind == KIND_MONEY && money_word(tok)) || hedged(r, i) || held(r, i) ||
			   judging(r, i) ||
			   (i < 64 && (idioms >> i & 1)) ||
			   /* ("the UNEMPLOYMENT rate" is not the rate) */
			   /* (but the COUNCIL vote, of an unsaid contest, says
			    * which: see won_occasion) */
			   (noun_before_noun(r, i) && r->kind != KIND_AMOUNT && !won_occasion(r, i + 1)) ||
			   /* "the VALUE of trade": the figure is what is asked,
			    * trade what the article must say */
			   (long)i == r->figure_of ||
			   /* ("what's the sub CALLED": a sentence that names
			    * it so weighs more) */
			   (r->naming && i + 1 == t->n) ||
			   /* "the mayor of THE TOWN": the article names the
			    * town; see generic_owner */
			   (r->generic_owner && (long)i >= r->owner_from) ||
			   /* "the LEAD scientist", "the WATER authority's
			    * CHIEF engineer": what the article's word for the
			    * role may leave out */
			   (r->kind == KIND_ROLE && (long)i >= r->role_from && (long)i < r->role_at &&
			    (long)i != r->owner_at && !names_role(r, i)) ||
			   won_occasion(r, i));
		if (i + 1 < t->n && particle(t->v[i + 1].word)) {
			w->particle = t->v[i + 1].word;
			i++;
		}
		if (in_entity) {
			char id[TEXT_MAX_WORD + 1];
			snprintf(id, sizeof id, "@%s", ents[e].entity->id);
			add_alt(w, id);
		}
	}
	/* The names first: no sentence names them all, no answer, and
	 * WordNet need not be read for the other words. */
	if (!names_meet(r))
		return 1;
	for (size_t i = 0; i < r->n_words; i++) {
		struct word *w = &r->words[i];
		if (!w->entity)
			expand(r, w->at, w);
		/* a word's relatives are not another of the question's words
		 * ("how many PEOPLE got SICK": "sick" is also "the sick",
		 * people, to WordNet) */
		size_t kept = w->n ? 1 : 0;
		for (size_t a = 1; a < w->n; a++) {
			bool other = false;
			for (size_t k = 0; k < t->n && !other; k++)
				other = k != w->at && !text_is_stopword(t->v[k].word) &&
					strcmp(t->v[k].stem, w->alt[a]) == 0;
			if (!other && kept != a)
				memcpy(w->alt[kept], w->alt[a], sizeof w->alt[a]);
			kept += !other;
		}
		w->n = kept;
		/* (a synonym: the word itself is never a stop word) */
		for (size_t a = 1; a < w->n; a++)
			w->stop_verbs |= (uint32_t)stopword_verb(r->wn, w->alt[a]) << a;
		w->weight = weight_of(kb_index(r->kb), w);
		if (!w->entity && asks_figure(r))
			w->change = change_of(r, w);
		/* what the article is about, said in one sentence in four
		 * ("the FIRE" in a story of a fire), is implied where it is
		 * not said ("1,100 firefighters are working on the blaze") */
		const struct index *idx = kb_index(r->kb);
		w->soft |= !w->entity && w->n > 0 &&
			   4 * index_df(idx, w->alt[0]) >= index_doc_count(idx);
		/* (an ordinal picks one: it is never implied) */
		w->soft &= !text_ordinal_at(t, w->at);
#ifdef TYPED_TRACE
		fprintf(stderr, "  word %s:", t->v[w->at].word);
		for (size_t k = 0; k < w->n; k++)
			fprintf(stderr, " %s", w->alt[k]);
		fprintf(stderr, "\n");
#endif
	}
	/* "when was City taken over": a name alone, the rest framing words,
	 * says too little of what is asked */
	/* ("who's the mayor": the role is what is asked) */
	/* (a role or a kind, "which ROCKET carried it", is asked by its
	 * own word; its one name in the article answers) */
	unsigned least = r->kind == KIND_ROLE || r->kind == KIND_WHICH ? 0
			 : asks_figure(r) || r->kind == KIND_AGE || r->kind == KIND_ANYONE ||
					   r->kind == KIND_JOB
				   ? 1
				   : 2;
	/* a verb alone says what is asked ("when did they get TRAPPED",
	 * "when did it TOUCH DOWN") */
	char lemma[WORDNET_MAX_WORD + 1];
	if (r->n_words == 1 && !r->words[0].entity && r->wn &&
	    wordnet_lemma(r->wn, WORDNET_VERB, t->v[r->words[0].at].word, lemma) &&
	    (r->words[0].particle ||
	     !wordnet_lemma(r->wn, WORDNET_NOUN, t->v[r->words[0].at].word, lemma)))
		least = 1;
	/* ("how many STOPS": the noun counted says it, where the article
	 * counts it once) */
	if (r->kind == KIND_COUNT && r->focus.n > 0 && !r->persons)
		least = 0;
	return r->n_words >= least ? 0 : 1;
}

/* Does the token say word w in one of its forms as written ("elected"
 * for "won")? */
static bool says_form(const struct token *tok, const struct word *w)
{
	for (size_t i = 0; i < w->n_forms; i++)
		if (!strcmp(tok->word, w->forms[i]))
			return true;
	return false;
}

static bool token_says(const struct token *tok, const struct word *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (text_token_says(tok, w->alt[i]))
			return true;
	return says_form(tok, w) || (w->decade[0] && text_in_decade(w->decade, tok->word));
}

/* Which question word each token of a sentence says, or -1: a token
 * says one at most (one word of the sentence cannot say two of the
 * question's: "won" is not both "scored" and "winner"). Kuhn's
 * augmenting paths over a handful of words. */
struct said {
	long by[TOKENS_MAX];        /* token -> word */
	size_t own;                 /* the words the sentence itself says */
	bool owner_before;          /* a word of the role's owner is said only
				     * in the sentence before ("The FERRY
				     * company ... ITS chief executive") */
	bool verb_unsaid;           /* the question's verb is left unsaid */
};

/* Is token k set after "since" ("the highest SINCE 1998")? */
static bool after_since(const struct tokens *t, size_t k)
{
	return k > 0 && tok_is(t, k - 1, "since");
}

static bool assign(const struct reading *r, const struct tokens *t, struct said *m, size_t w,
		   bool *tried)
{
	/* the word itself first, then the words WordNet gives for it: in
	 * "Halden Surveys inspected", "inspected" says "inspect", not
	 * "Surveys" */
	const struct word *wd = &r->words[w];
	const char *asked = r->t.v[wd->at].word;
	/* ("who finished SECOND": the ordinal, no "9.80 seconds") */
	bool ordinal = text_ordinal_at(&r->t, wd->at);
	/* ("what was turnout IN 1998" is not said by "the highest SINCE
	 * 1998": see says_opposite) */
	bool year = number_is_year(asked) && !after_since(&r->t, wd->at);
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < t->n && k < TOKENS_MAX; k++) {
			if (year && after_since(t, k))
				continue;
			/* a name says only itself: "coalition" is not the
			 * "Social Democratic ALLIANCE" */
			bool says = ordinal     ? strcmp(t->v[k].word, asked) == 0
				    : pass == 0 ? text_token_says(&t->v[k], wd->alt[0]) ||
							  (t->v[k].capitalized &&
							   text_spelled_out_at(t, k, asked))
						: (token_says(&t->v[k], wd) &&
						   (k == 0 || !t->v[k].capitalized)) ||
							  (wd->people[0] &&
							   text_token_says(&t->v[k], wd->people)) ||
							  (wd->change != 0 &&
							   wordnet_rise_or_fall(r->wn, t->v[k].word) ==
								   wd->change);
			if (tried[k] || !says)
				continue;
			tried[k] = true;
			if (m->by[k] < 0 || assign(r, t, m, (size_t)m->by[k], tried)) {
				m->by[k] = (long)w;
				return true;
			}
		}
	return false;
}

static size_t find_kind(const struct reading *r, const struct kb_article *art, const char *s,
			const struct tokens *t, const struct said *m, struct candidate *out, size_t max);

/* Does sentence `doc` hold a figure of the asked kind itself? Then the
 * words it says belong to that figure, not to one in the sentence after
 * it ("nitrogen dioxide dropped by about 27 percent. Fine particles fell
 * by 9 percent"). */
static bool answers_itself(const struct reading *r, size_t doc)
{
	if (!asks_figure(r))
		return false;
	const struct kb_article *art;
	const char *s = kb_sentence_at(r->kb, doc, &art)->text;
	struct tokens t = {0};
	struct said none = { .owner_before = false };
	for (size_t k = 0; k < TOKENS_MAX; k++)
		none.by[k] = -1;
	struct candidate found[1];
	bool has = kb_tokenize(r->kb, s, &t) == 0 && find_kind(r, art, s, &t, &none, found, 1) > 0;
	tokens_free(&t);
	return has;
}

struct opposites {
	char lemma[4][WORDNET_MAX_WORD + 1];
	size_t n;
};

static void note_opposite(void *user, const char *word, enum wordnet_relation rel)
{
	struct opposites *o = user;
	(void)rel;
	if (o->n < 4 && strlen(word) <= WORDNET_MAX_WORD)
		memcpy(o->lemma[o->n++], word, strlen(word) + 1);
}

/* Does the sentence say the opposite of question word i: of an adjective
 * ("the HIGHEST rate" for "the lowest rate"), or of a year, setting a
 * record against it ("turnout IN 1998": "the highest SINCE 1998")? Then
 * the word is not left to the sentence before. */
static bool says_opposite(const struct reading *r, const struct tokens *t, size_t i)
{
	size_t at = r->words[i].at;
	const char *word = r->t.v[at].word;
	char asked[WORDNET_MAX_WORD + 1], lemma[WORDNET_MAX_WORD + 1];
	if (number_is_year(word) && !after_since(&r->t, at)) {
		for (size_t k = 0; k < t->n; k++)
			if (!strcmp(t->v[k].word, word) && after_since(t, k))
				return true;
		return false;
	}
	if (!r->wn || !wordnet_lemma(r->wn, WORDNET_ADJ, word, asked))
		return false;
	/* WordNet lists "lowest" itself; its opposite is the plain form's */
	size_t n = strlen(asked);
	struct wordnet_entry e;
	if (n > 5 && !strcmp(asked + n - 3, "est")) {
		asked[n - 3] = '\0';
		if (!wordnet_lookup(r->wn, WORDNET_ADJ, asked, &e))
			return false;
	}
	struct opposites o = { .n = 0 };
	wordnet_related(r->wn, WORDNET_ADJ, asked, SENSES, WORDNET_ANTONYM, note_opposite, &o);
	for (size_t k = 0; k < t->n && o.n > 0; k++)
		if (!text_is_stopword(t->v[k].word) &&
		    wordnet_lemma(r->wn, WORDNET_ADJ, t->v[k].word, lemma))
			for (size_t j = 0; j < o.n; j++)
				if (!strcmp(lemma, o.lemma[j]))
					return true;
	return false;
}

/* May word i go unsaid in the one sentence typed_answer_in reads? Never
 * in a search, nor a word that picks out what is asked: a name, the noun
 * "how much" measures, a verb, which says what event is asked of ("how
 * many DIED": not those infected; "when was it BUILT": not renovated),
 * unless the sentence says it in a word WordNet gives one of its senses
 * (verb_said_loosely), any word of a role ("the INDONESIAN trade
 * minister"). */
/* Is token k a word of the question? */
static bool in_question(const struct reading *r, const struct token *tok)
{
	for (size_t i = 0; i < r->t.n; i++)
		if (strcmp(r->t.v[i].stem, tok->stem) == 0)
			return true;
	return false;
}

/* Is `word` a word of a name, and sentence `doc` (tokens t) about
 * another name: opening on one, past its dateline, that the question
 * does not say ("The HARBOUR PARTY also gained ground", "MESSI scored
 * seven goals" asked of Mbappe)? */
static bool about_another_name(const struct reading *r, size_t doc, const struct tokens *t,
			       const char *word)
{
	if (!kb_name_word(r->kb, word))
		return false;
	size_t from = text_dateline_end(kb_sentence_at(r->kb, doc, NULL)->text, t);
	for (size_t k = from; k < t->n && k < from + 4; k++)
		if (t->v[k].capitalized && !text_is_stopword(t->v[k].word))
			return !in_question(r, &t->v[k]);
	return false;
}

static bool may_leave_unsaid(const struct reading *r, size_t doc, const struct tokens *t, size_t i)
{
	const struct word *w = &r->words[i];
	const struct token *tok = &r->t.v[w->at];
	/* (with the contest of a win unsaid, the rest says which: "who won
	 * the COUNCIL vote" is not the mayor's) */
	for (size_t k = 0; k < r->n_words; k++)
		if (won_occasion(r, r->words[k].at))
			return false;
	/* ("how much EXTRA per bottle", "how much extra WILL": an
	 * adjective for the amount, no noun measured) */
	char adjective[WORDNET_MAX_WORD + 1];
	bool measured = w->at > 0 && tok_is(&r->t, w->at - 1, "much") &&
			!(wordnet_lemma(r->wn, WORDNET_ADJ, tok->word, adjective) &&
			  (w->at + 1 >= r->t.n || text_is_stopword(r->t.v[w->at + 1].word) ||
			   tok_is(&r->t, w->at + 1, "per")));
	/* (nor a word of a name the question writes in lower case, in a
	 * sentence about another name: "the CIVIC alliance" is not "The
	 * Harbour Party") */
	return r->only_doc >= 0 && r->kind != KIND_ROLE && !w->soft && !w->entity &&
	       (long)w->at != r->sum_noun &&
	       !tok->capitalized && !wordnet_name_like(r->wn, tok->word) && !measured &&
	       !about_another_name(r, doc, t, tok->word) &&
	       /* (a verb only for a date that stands by the question's
		* words: see word_beside) */
	       (!wordnet_mostly_verb(r->wn, tok->word) || r->kind == KIND_WHEN);
}

/* Is question word i a verb that sentence t says in another word of one
 * of its senses, or of the sense above ("send" of "shipped": sense 4 of
 * "send" is "ship")? The question's verb is looked up once; the
 * sentence's words are matched by their stems. */
static bool verb_said_loosely(const struct reading *r, const struct tokens *t, size_t i)
{
	const struct word *w = &r->words[i];
	const struct token *tok = &r->t.v[w->at];
	char asked[WORDNET_MAX_WORD + 1];
	/* (a verb as the question uses it: not "the EMPTY capsule") */
	if (w->soft || w->entity || tok->capitalized ||
	    (w->at > 0 && text_in_list(r->t.v[w->at - 1].word, determiners)) ||
	    !wordnet_lemma(r->wn, WORDNET_VERB, tok->word, asked))
		return false;
	struct word loose = { .n = 0 };
	struct expansion x = { .w = &loose, .st = r->t.stemmer };
	wordnet_related(r->wn, WORDNET_VERB, asked, 8, WORDNET_SYNONYM | WORDNET_HYPERNYM,
			add_related, &x);
	for (size_t k = 0; k < t->n; k++)
		if (!text_is_stopword(t->v[k].word) && token_says(&t->v[k], &loose))
			return true;
	return false;
}

/* How well sentence `doc` (tokens t) says the question's words: the sum
 * of their weights, a word left to the sentence before (same paragraph)
 * at half. Negative when a word is said by neither, or when the
 * sentence itself says none. In the one sentence typed_answer_in reads,
 * exactly one word goes unsaid (may_leave_unsaid). */
static double match(const struct reading *r, size_t doc, const struct tokens *t, struct said *m)
{
	bool before = leaves_to_before(r, doc) && !answers_itself(r, doc - 1);
	for (size_t k = 0; k < TOKENS_MAX; k++)
		m->by[k] = -1;
	m->owner_before = false;
	m->verb_unsaid = false;
	double score = 0;
	size_t own = 0, unsaid = 0;
	for (size_t i = 0; i < r->n_words; i++) {
		bool tried[TOKENS_MAX] = {0};
		if (r->words[i].entity ? doc_says(r->kb, doc, &r->words[i]) : assign(r, t, m, i, tried)) {
			score += r->words[i].weight;
			own++;
		} else if (before && !text_ordinal_at(&r->t, r->words[i].at) &&
			   doc_says(r->kb, doc - 1, &r->words[i]) && !says_opposite(r, t, i)) {
			score += r->words[i].weight / 2;
			m->owner_before |= r->owner_from >= 0 && r->words[i].at >= (size_t)r->owner_from &&
					   (long)r->words[i].at <= r->owner_at;
		} else if ((may_leave_unsaid(r, doc, t, i) ||
			    (r->only_doc >= 0 && r->kind != KIND_ROLE && verb_said_loosely(r, t, i))) &&
			   !says_opposite(r, t, i) && unsaid++ == 0) {
			m->verb_unsaid = wordnet_mostly_verb(r->wn, r->t.v[r->words[i].at].word);
#ifdef TYPED_TRACE
			fprintf(stderr, "    left unsaid: %s\n", r->words[i].alt[0]);
#endif
		} else if (!r->words[i].soft || says_opposite(r, t, i) ||
			   /* (a name, frequent enough to be soft, is no
			    * matter to a sentence about another: "how many
			    * goals did MBAPPE score" is not "MESSI scored
			    * seven goals") */
			   about_another_name(r, doc, t, r->t.v[r->words[i].at].word)) {
#ifdef TYPED_TRACE
			fprintf(stderr, "    unsaid: %s\n", r->words[i].alt[0]);
#endif
			return -1;
		}
#ifdef TYPED_TRACE
		else
			fprintf(stderr, "    soft, unsaid: %s\n", r->words[i].alt[0]);
#endif
	}
	/* a spelled-out acronym is said by all its name, which is then no
	 * answer ("what did the cfa close": not "Authority") */
	for (size_t k = 0; k < t->n && k < TOKENS_MAX; k++)
		for (size_t i = 0; i < r->n_words && m->by[k] < 0 && t->v[k].capitalized; i++)
			if (text_spelled_out_at(t, k, r->t.v[r->words[i].at].word))
				m->by[k] = (long)i;
	/* (a role is said by its own word, which find_role_names looks
	 * for: "who is the mayor of the town" may say nothing else; so is
	 * a kind whose name is asked: "what was the strain called") */
	m->own = own;
	/* (one that says every word is the search's to answer) */
	if (r->only_doc >= 0 && unsaid != 1)
		return -1;
	/* (or where it opens on a pronoun for what the one before said:
	 * "asked for a ransom. THEY demanded $4.5 million"; or on an age
	 * alone: "THE 22-YEAR-OLD Jamaican crossed") */
	static const char *const pronouns[] = { "it", "they", "he", "she", NULL };
	bool points_back = before && t->n > 0 &&
			   (text_in_list(t->v[0].word, pronouns) ||
			    (r->kind == KIND_AGE && opens_on_age(kb_sentence_at(r->kb, doc, NULL)->text)));
	return r->n_words > 0 && own == 0 && r->kind != KIND_ROLE && !r->naming &&
			       !r->judging && !points_back
		       ? -1 : score;
}

/* Does sentence s open on a short phrase of a preposition closed by the
 * comma at `comma`, its first ("AT ITS DEEPEST POINT, trains run with
 * 2,300 metres of rock above them")? Such a phrase frames the clause
 * after it. */
static bool opens_on_phrase(const char *s, const struct tokens *t, size_t comma)
{
	static const char *const prepositions[] = {
		"at", "in", "on", "by", "after", "before", "during", "since", "under", "within",
		"until", "from", "for", "over", NULL,
	};
	return t->n > 0 && text_in_list(t->v[0].word, prepositions) && comma <= ASIDE_MAX &&
	       memchr(s, ',', comma) == NULL;
}

/* After the comma at `comma`, where does a description's noun phrase
 * start (past ", a ", ", the ", ", one of the ")? NULL if none opens. */
static const char *description_after(const char *s, size_t comma)
{
	static const char *const openers[] = { "a ", "an ", "the ", "one of the ", "home of ", "home to ", NULL };
	const char *p = s + comma + 1;
	while (*p == ' ')
		p++;
	for (size_t i = 0; openers[i]; i++)
		if (!strncmp(p, openers[i], strlen(openers[i])))
			return p + strlen(openers[i]);
	return NULL;
}

/* Does the text from the comma at `comma` to byte `word` open a short
 * description: ", a pipeline", ", the oldest bridge", ", one of the two
 * dissenting judges"? */
static bool appositive_to(const char *s, size_t comma, size_t word)
{
	const char *p = description_after(s, comma);
	if (!p)
		return false;
	size_t spaces = 0;
	for (const char *q = p; q < s + word; q++)
		spaces += *q == ' ';
	return (size_t)(p - s) <= word && spaces <= 2;
}

/* Does the noun at token k run on to byte `comma` as one name: words
 * after it only capitalised ones, or "of", "from", "the" before them
 * ("Observers from the Inter-American Electoral Forum,", "Farmers'
 * Union,")? */
static bool name_runs_to(const struct tokens *t, size_t k, size_t comma)
{
	static const char *const joins[] = { "of", "from", "the", NULL };
	size_t j = k + 1;
	for (; j < t->n && j <= k + 8 && t->v[j].end <= comma; j++)
		if (!t->v[j].capitalized && !text_in_list(t->v[j].word, joins))
			return false;
	return j > k + 1 && t->v[j - 1].capitalized;
}

/* Does a relative clause open at the comma at byte `comma` about the
 * word at token k: right after it, or after the name it opens
 * ("TAHUNA, which", "OBSERVERS from the Forum, who")? */
static bool clause_about(const char *s, const struct tokens *t, size_t k, size_t comma)
{
	return (comma == t->v[k].end || name_runs_to(t, k, comma)) &&
	       (!strncmp(s + comma, ", which ", 8) || !strncmp(s + comma, ", who ", 6));
}

/* Does the clause at p open on a pronoun subject, maybe after a
 * conjunction (" but it is", " and they")? */
static bool picks_up(const char *p)
{
	static const char *const openings[] = {
		" it ", " they ", " but it ", " but they ", " and it ", " and they ", " yet it ",
		NULL,
	};
	for (size_t i = 0; openings[i]; i++)
		if (!strncmp(p, openings[i], strlen(openings[i])))
			return true;
	return false;
}

/* Is the question word at token k said in the clause of phrase c (see
 * in_clause)? */
static bool word_in_clause(const char *s, const struct tokens *t, size_t k,
			   const struct candidate *c)
{
	size_t a = t->v[k].start < c->start ? t->v[k].end : c->end;
	size_t b = t->v[k].start < c->start ? c->start : t->v[k].start;
	/* an aside set off by two commas ("The span, built in 1961,
	 * was 120 metres long") stays in the clause */
	bool cut = false;
	size_t commas = 0, first = 0, second = 0;
	for (size_t i = a; i < b && !cut; i++) {
		/* (not the comma in "1,100") */
		bool comma = s[i] == ',' && !(i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9' &&
					      s[i + 1] >= '0' && s[i + 1] <= '9');
		if (comma && commas++ == 0)
			first = i;
		else if (comma)
			second = i;
		cut = strchr(";:()", s[i]) != NULL ||
		      /* "on Monday freed the ship THAT had been stuck": a
		       * relative clause of its own, after the phrase */
		      (s[i] == ' ' && c->start < t->v[k].start &&
		       (!strncmp(s + i, " that ", 6) || !strncmp(s + i, " which ", 7) ||
			!strncmp(s + i, " who ", 5)));
	}
	/* a phrase set right after the word by one comma ("two
	 * shelters, at the fairgrounds") belongs to it, and so does one
	 * that closes an aside about it ("Flight 1549, an Airbus A320
	 * bound FOR CHARLOTTE, took off") */
	return !cut && (commas == 0 || (commas == 2 && second - first <= ASIDE_MAX) ||
			/* (a longer one that describes: "AveXis, the U.S.
			 * biotech company behind the therapy, for 8.7
			 * billion dollars") */
			(commas == 2 && second - first <= 2 * ASIDE_MAX &&
			 description_after(s, first)) ||
			/* (or a clause about the word: "The Large Hadron
			 * Collider, which lies in a tunnel beneath the
			 * border, began colliding protons in 2009") */
			(commas == 2 && second - first <= 2 * ASIDE_MAX &&
			 clause_about(s, t, k, first)) ||
			(commas == 1 && t->v[k].start < c->start && opens_on_phrase(s, t, first)) ||
			(commas == 1 && t->v[k].start < c->start && b - first <= 2) ||
			(commas == 1 && t->v[k].start < c->start && s[c->end] == ',' &&
			 c->end - first <= ASIDE_MAX) ||
			/* or describes what the phrase is in, right after it
			 * ("the 610-kilometre Soren Line, a PIPELINE that") */
			(commas == 1 && c->start < t->v[k].start &&
			 appositive_to(s, first, t->v[k].start)) ||
			/* or sits in a clause about the word, or about the
			 * name it opens ("TAHUNA, which employs about 1,400
			 * pickers", "OBSERVERS from the Electoral Forum, who
			 * deployed 120 monitors") */
			(commas == 1 && clause_about(s, t, k, first)) ||
			/* or in the next clause, where a pronoun takes the word
			 * up again ("Estimates of the total COST vary, but IT
			 * is widely put at about 20 billion dollars") */
			(commas == 1 && t->v[k].start < c->start &&
			 picks_up(s + first + 1)));
}

/* Does any token of the clause of phrase c say question word w, not
 * only the one match gave it ("17 people die each day WAITING for an
 * organ" of a sentence that opens on "the WAITING list")? */
static bool said_in_clause(const struct reading *r, const char *s, const struct tokens *t,
			   size_t w, const struct candidate *c)
{
	const struct word *wd = &r->words[w];
	for (size_t j = 0; j < t->n && j < TOKENS_MAX; j++)
		if (token_says(&t->v[j], wd) && word_in_clause(s, t, j, c))
			return true;
	return false;
}

/* Is a question word said in the clause of the phrase (no comma but
 * the two around a short aside, no semicolon or bracket between them)?
 * With `every`, is each word said there? */
static bool in_clause(const struct reading *r, const char *s, const struct tokens *t,
		      const struct said *m, const struct candidate *c, bool every)
{
	for (size_t k = 0; k < t->n && k < TOKENS_MAX; k++)
		if (m->by[k] >= 0 && word_in_clause(s, t, k, c) != every &&
		    !(every && said_in_clause(r, s, t, (size_t)m->by[k], c)))
			return !every;
	return every;
}

/* Does a verb of another event stand between the question's last word
 * before place phrase c and the phrase ("ANNOUNCED a species identified
 * from bones RECOVERED from a chamber inside a cave", "LODGED a complaint
 * over a law THAT forces firms TO KEEP data on servers inside the
 * country")? Then the place is that verb's. */
static bool place_of_other_verb(const struct reading *r, const char *text,
				const struct tokens *t, const struct said *m,
				const struct candidate *c)
{
	static const char *const relatives[] = { "that", "which", "who", NULL };
	size_t last = t->n;
	for (size_t k = 0; k < t->n && k < TOKENS_MAX && t->v[k].end <= c->start; k++)
		if (m->by[k] >= 0)
			last = k;
	if (last == t->n || !r->wn)
		return false;
	static const char *const auxiliaries[] = {
		"was", "were", "is", "are", "been", "be", "being", "has", "have", "had", NULL,
	};
	char base[WORDNET_MAX_WORD + 1];
	/* (a verb in an aside closed before the phrase, "a bee, the largest
	 * KNOWN to science, on an island", leaves the place to the word) */
	bool other = false, in_aside = false, aside = false;
	for (size_t j = last + 1; j < t->n && t->v[j].end <= c->start; j++) {
		const struct token *tok = &t->v[j];
		if (memchr(text + t->v[j - 1].end, ',', tok->start - t->v[j - 1].end)) {
			in_aside &= !aside;  /* an aside closed drops its verbs */
			aside = !aside;
		}
		bool *seen = aside ? &in_aside : &other;
		if (tok->capitalized || tok->number)
			continue;
		if (text_in_list(tok->word, relatives) && j + 1 < t->n && !t->v[j + 1].capitalized) {
			*seen = true;
			continue;
		}
		/* a participle of its own ("bones RECOVERED from"), not a
		 * passive's ("his tractor WAS SWEPT off a lane") */
		const char *before = t->v[j - 1].word;
		bool past = !text_is_stopword(tok->word) && !text_in_list(tok->word, auxiliaries) &&
			    text_past_form(r->wn, tok->word) &&
			    !text_in_list(before, determiners) && !text_in_list(before, auxiliaries);
		bool infinitive = !strcmp(before, "to") && !text_in_list(tok->word, determiners);
		*seen |= (past || infinitive) && wordnet_lemma(r->wn, WORDNET_VERB, tok->word, base);
	}
	return other || in_aside;
}

/* ---- phrases of each kind ------------------------------------------------ */

/* Does the text of s from byte `from` to byte `to` break a phrase: a
 * comma, semicolon, colon, bracket or quotation mark, or any byte past
 * ASCII (a dash, a curly quote; also an accented letter, which is
 * rare between words)? */
static bool breaks_between(const char *s, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		/* a curly apostrophe ("the authority’s") breaks nothing */
		if (!strncmp(s + k, "\xe2\x80\x99", 3)) {
			k += 2;
			continue;
		}
		if (strchr(",;:()\"", s[k]) || (unsigned char)s[k] >= 0x80)
			return true;
	}
	return false;
}

/* Does the text between tokens a and b (a before b) break the phrase? */
static bool broken(const char *s, const struct tokens *t, size_t a, size_t b)
{
	return breaks_between(s, t->v[a].end, t->v[b].start);
}

/* Does token k name what "how many N" counts: N, a word for it, or a
 * kind of it ("helicopters" for "aircraft")? */
static bool counts_focus(const struct reading *r, const struct token *tok)
{
	if (r->persons)
		return noun_is(r, tok, "person", 6) || noun_is(r, tok, "people", 6);
	/* people count no things ("engineers" stem as "engines" do) */
	if (r->focus_lemma[0] && noun_is(r, tok, "person", 8) &&
	    !wordnet_is_a(r->wn, WORDNET_NOUN, r->focus_lemma, SENSES, "person", 8))
		return false;
	if (token_says(tok, &r->focus))
		return true;
	/* a near kind: an "engineer" is far up a kind of "instrument" */
	return r->focus_lemma[0] && noun_is(r, tok, r->focus_lemma, 3);
}

/* Is token u a near kind of the noun counted only as a word that
 * describes the noun after it ("6.55957 FRENCH francs" is no count of
 * countries, though "the French" are a kind of nation)? */
static bool modifies_noun(const struct reading *r, const char *s, const struct tokens *t, size_t u)
{
	char lemma[WORDNET_MAX_WORD + 1];
	return !r->persons && !t->v[u].joined && !token_says(&t->v[u], &r->focus) && u + 1 < t->n &&
	       !broken(s, t, u, u + 1) && !text_is_stopword(t->v[u + 1].word) &&
	       !t->v[u + 1].number && r->wn &&
	       wordnet_lemma(r->wn, WORDNET_NOUN, t->v[u + 1].word, lemma);
}

/* Is the figure at `first` the whole a part is counted of: "two of ITS
 * six lines", "two of the PLANT'S three furnaces", "thirty of THE 90
 * jobs"? */
static bool whole_of_part_at(const char *s, const struct tokens *t, size_t first)
{
	size_t j = first;
	for (size_t words = 0; j > 0 && words < 2; words++) {
		const struct token *w = &t->v[j - 1];
		if (!text_in_list(w->word, determiners) && !text_possessive(s, w))
			break;
		j--;
	}
	return j < first && j >= 2 && tok_is(t, j - 1, "of") &&
	       (t->v[j - 2].number || number_is_word(t->v[j - 2].word));
}

/* Words that link a figure to the word before it ("turnout AT 61.8
 * percent", "a turnout OF 40 percent"). */
static const char *const links[] = { "at", "of", "was", "is", "stood", NULL };

/* Does a word of the question stand right before the figure at `first`,
 * past a link? The figure is then that word's, whatever it is a share
 * of. */
static bool asked_right_before(const struct reading *r, const char *s, const struct tokens *t,
			       size_t first)
{
	size_t j = first;
	while (j > 0 && first - j < 2 && text_in_list(t->v[j - 1].word, links) &&
	       !broken(s, t, j - 1, j))
		j--;
	return j > 0 && j < first && !broken(s, t, j - 1, j) &&
	       !text_is_stopword(t->v[j - 1].word) && in_question(r, &t->v[j - 1]);
}

static size_t find_amounts(const struct reading *r, const char *s, const struct tokens *t,
			   struct candidate *out, size_t max)
{
	size_t n = 0;
	for (size_t k = 0; k < t->n && n < max; k++) {
		struct number_phrase np;
		/* (a date or an age counts nothing: "May 2 - Members of",
		 * "Lena Hofer, 24, who chairs"; "thousands" is no exact
		 * figure asked) */
		if (!number_parse(t, k, &np) ||
		    (number_in_date(t, np.first, np.first + np.count) && !(r->lasting && r->perfect)) ||
		    number_age_at(s, t, k, NULL) ||
		    (np.approximate && number_exact_asked(&r->t)))
			continue;
		if (number_would_be(t, np.first, r->past) && !number_may_be_asked(&r->t))
			continue;
		/* "how many provinces did it win": not how many it must */
		if (r->kind == KIND_COUNT && number_required(s, t, np.first) &&
		    !number_requirement_asked(&r->t))
			continue;
		size_t last = np.first + np.count - 1, end = last, from = np.first;
		bool ok = false;
		if (r->kind == KIND_MEASURE) {
			/* "7 million miles", "21 feet", "18 metres" */
			/* ("a" is an ampere to WordNet, not here) */
			for (size_t u = np.unit; !ok && u < t->n && u <= np.unit + 1; u++)
				ok = number_unit_at(r->wn, t, u, r->unit_kind, &end) ||
				     /* (a time may be a span: "14 YEARS") */
				     (r->lasting && number_unit_at(r->wn, t, u, "time period", &end) &&
				      /* (not an age: "their 25-YEAR-old coach") */
				      !(end + 1 < t->n && t->v[end + 1].joined &&
					tok_is(t, end + 1, "old")));
			/* "how long is the judgment": "the 84-PAGE judgment", a
			 * writing's length */
			static const char *const writing[] = { "page", "pages", "word", "words", NULL };
			if (!ok && r->long_asked && !r->lasting && np.unit < t->n &&
			    text_in_list(t->v[np.unit].word, writing)) {
				ok = true;
				end = np.unit;
			}
			/* "how long HAS he run it": "SINCE 1991", "since March
			 * 2020" */
			if (!ok && r->lasting && r->perfect && number_is_year(t->v[last].word)) {
				size_t at = np.first;
				if (at > 0 && text_month_at(t, at - 1))
					at--;
				if (at > 0 && tok_is(t, at - 1, "since")) {
					ok = true;
					from = at - 1;
				}
			}
			if (!ok && r->sized_in_members && np.unit < t->n &&
			    (tok_is(t, np.unit, "members") || tok_is(t, np.unit, "member") ||
			     noun_is(r, &t->v[np.unit], "person", 6))) {
				ok = true;
				end = np.unit;
			}
			if (!ok && r->sized_in_money)
				ok = number_is_money(r->wn, s, t, &np, &end);
			/* (a share is no total: "how big was the TOTAL fine") */
			if (!ok && r->sized_in_share && !text_says_total(&r->t))
				ok = number_is_share(s, t, &np, &end);
		} else if (r->kind == KIND_MONEY) {
			ok = number_is_money(r->wn, s, t, &np, &end);
		} else if (r->kind == KIND_AMOUNT) {
			bool share = number_is_share(s, t, &np, &end);
			ok = share || (!r->share_only && number_is_money(r->wn, s, t, &np, &end));
			/* "40 percent OF MORTGAGES" is a share of other
			 * things than the figure asked ("the new rate") */
			size_t of = share ? number_share_of(t, end) : t->n;
			bool named = of == t->n;
			for (size_t j = of; j < t->n && j <= of + 2 && !named; j++)
				named = !text_is_stopword(t->v[j].word) && in_question(r, &t->v[j]);
			ok &= named || asked_right_before(r, s, t, np.first);
			/* "148 millimetres", "30,000 cubic metres" */
			for (size_t u = np.unit; !ok && !r->share_only && u <= np.unit + 1; u++)
				ok = number_unit_at(r->wn, t, u, "unit of measurement", &end);
			/* "14 DAYS' notice", "two weeks' pay": a time set in
			 * the genitive before the noun asked */
			if (!ok && !r->share_only &&
			    number_unit_at(r->wn, t, np.unit, "time period", &end) &&
			    text_possessive(s, &t->v[end]) && end + 1 < t->n &&
			    in_question(r, &t->v[end + 1]))
				ok = true;
		} else {
			/* the counted noun, maybe after a word or two that
			 * describe it ("six air tankers"), but not after a
			 * measure ("the 20-MILLIGRAM tablets"); a number
			 * hyphened to its word describes ("the 22-year-old
			 * Jamaican" is one), unless that word is what is
			 * counted ("the 64-PAGE judgment" for "how many
			 * pages") */
			bool describes = np.unit < t->n && t->v[np.unit].joined &&
					 !counts_focus(r, &t->v[np.unit]);
			/* "11 OF THE spills" counts a part of them ("how
			 * many of the spills" is no typed reading), and the
			 * whole after it ("11,000 of the 28,000 flights")
			 * is not what the part did */
			describes |= tok_is(t, np.unit, "of") ||
				     (np.first >= 3 && tok_is(t, np.first - 1, "the") &&
				      tok_is(t, np.first - 2, "of") && t->v[np.first - 3].number) ||
				     /* (said with a possessive: "two of ITS six lines",
				      * unless the whole is asked: "in total") */
				     (!text_says_total(&r->t) && whole_of_part_at(s, t, np.first));
			/* but a part with its whole counts what the part did:
			 * the noun is looked for after the whole ("won 29 OF
			 * THE 61 SEATS") */
			size_t noun = np.unit;
			if (tok_is(t, np.unit, "of") && tok_is(t, np.unit + 1, "the") &&
			    np.unit + 2 < t->n && t->v[np.unit + 2].number) {
				noun = np.unit + 3;
				describes = false;
			}
			for (size_t u = noun; !ok && !describes && u < t->n && u <= noun + 2; u++) {
				if (broken(s, t, u - 1, u) ||
				    (!text_is_stopword(t->v[u].word) &&
				     (noun_is(r, &t->v[u], "unit of measurement", 6) ||
				      number_time_at(r->wn, t, u)) &&
				     !counts_focus(r, &t->v[u])))
					break;
				/* ("how many DAYS": not "two years", to WordNet
				 * a synonym of "days") */
				ok = counts_focus(r, &t->v[u]) &&
				     !(number_time_at(r->wn, t, u) && r->focus.n &&
				       strcmp(t->v[u].stem, r->focus.alt[0]) != 0) &&
				     !modifies_noun(r, s, t, u);
				end = u;
			}
		}
		/* "2 million crowns OF THE FINE" is a part of what is asked */
		bool part = end + 3 < t->n && tok_is(t, end + 1, "of") &&
			    text_in_list(t->v[end + 2].word, (const char *const[]){
						 "the", "its", "their", "this", "that", NULL }) &&
			    !text_is_stopword(t->v[end + 3].word) && in_question(r, &t->v[end + 3]);
		/* "would ADD about 310 million euros TO the import bill":
		 * a rise of another sum than the one asked */
		static const char *const adding[] = { "add", "adds", "added", "adding", NULL };
		size_t to = end + 1;
		if (tok_is(t, to + 1, "year") || tok_is(t, to + 1, "month"))
			to += 2;  /* ("... euros A YEAR to") */
		bool added = r->sum_noun >= 0 && from > 0 &&
			     text_in_list(t->v[from - 1].word, adding) && tok_is(t, to, "to");
		for (size_t j = to + 1; added && j < t->n && j <= to + 4; j++)
			added = text_is_stopword(t->v[j].word) || !in_question(r, &t->v[j]);
		part |= added;
		/* "28 of 29 patients were free": the part with its whole */
		if (from >= 2 && tok_is(t, from - 1, "of") && t->v[from - 2].number)
			from -= 2;
		/* a sum for each one answers a question for each one, and
		 * only that ("$78 for each customer" is no total) */
		if (ok && !part && !in_question(r, &t->v[k]) &&
		    !((r->kind == KIND_MONEY || r->kind == KIND_AMOUNT) &&
		      (number_for_each(r->wn, t, end) || number_each_before(t, np.first)) !=
			      r->each_asked))
			out[n++] = (struct candidate){
				.start = t->v[from].start - text_currency_before(s, t->v[from].start),
				.end = t->v[end].end + (s[t->v[end].end] == '%') };
		k = last;
	}
	return n;
}

/* Does token k report speech? */
static bool attribution(const struct tokens *t, size_t k)
{
	return k < t->n && text_reports_speech(t->v[k].word);
}

/* Is token k a day of the month (1 to 31) or a year (1000 to 2100)? */
static bool day_at(const struct tokens *t, size_t k)
{
	char *end;
	long v = k < t->n && t->v[k].number ? strtol(t->v[k].word, &end, 10) : 0;
	return v >= 1 && v <= 31 && !*end;
}

static bool year_at(const struct tokens *t, size_t k)
{
	char *end;
	long v = k < t->n && t->v[k].number ? strtol(t->v[k].word, &end, 10) : 0;
	return v >= 1000 && v <= 2100 && !*end;
}

/* May the date at bytes [start, end) of a sentence answer "when": not a
 * date the question itself names, nor one when something was said
 * ("officials said FRIDAY"), nor one set against another event ("on
 * Wednesday, one day BEFORE the walkout", "voted on Tuesday TO CLOSE the
 * pools"; but a date with its year stands on its own: "passed in March
 * 2025 AFTER a summer of blockades")? */
static bool date_kept(const struct reading *r, const struct tokens *t, size_t start, size_t end)
{
	bool asked = false, told = false, relative = false, dated = false;
	char lemma[WORDNET_MAX_WORD + 1], noun[WORDNET_MAX_WORD + 1];
	for (size_t k = 0; k < t->n; k++)
		dated |= t->v[k].start >= start && t->v[k].end <= end && year_at(t, k);
	for (size_t k = 0; k < t->n; k++) {
		if (t->v[k].start >= start && t->v[k].end <= end)
			asked |= in_question(r, &t->v[k]);
		if (t->v[k].end <= start && (k + 1 == t->n || t->v[k + 1].start >= start))
			told = attribution(t, k) || (tok_is(t, k, "on") && k > 0 &&
						     attribution(t, k - 1));
		if (t->v[k].start >= end && t->v[k].start < end + 24 && !dated)
			relative |= text_in_list(t->v[k].word, (const char *const[]){
						    "before", "after", "ahead", NULL });
		relative |= t->v[k].start >= end && t->v[k].start < end + 8 && tok_is(t, k, "to") &&
			    k + 1 < t->n && !text_is_stopword(t->v[k + 1].word) &&
			    in_question(r, &t->v[k + 1]);
		/* "sealed it at 5:50 a.m., two hours AFTER it STARTED": the
		 * question's verb is set against the date, not at it */
		relative |= k >= 1 && t->v[k - 1].start >= end && text_set_against(t, k) &&
			    in_question(r, &t->v[k]) &&
			    wordnet_lemma(r->wn, WORDNET_VERB, t->v[k].word, lemma) &&
			    !wordnet_lemma(r->wn, WORDNET_NOUN, t->v[k].word, noun);
	}
	return !asked && !relative && (!told || r->said);
}

/* Does the relative date at s[start..end) say the past in its own words
 * ("LAST year", "YESTERDAY", "two weeks AGO")? "When WILL they decide" is
 * not answered by it; a bare weekday may be either. */
static bool says_past(const char *s, size_t start, size_t end)
{
	static const char *const past[] = { "last", "ago", "yesterday", "earlier", "previous", NULL };
	for (size_t i = 0; past[i]; i++) {
		size_t n = strlen(past[i]);
		for (size_t k = start; k + n <= end; k++)
			if ((k == start || s[k - 1] == ' ') && !strncasecmp(s + k, past[i], n))
				return true;
	}
	return false;
}

/* Does [start, end) overlap a candidate already found? */
static bool overlaps(const struct candidate *c, size_t n, size_t start, size_t end)
{
	for (size_t i = 0; i < n; i++)
		if (start < c[i].end && end > c[i].start)
			return true;
	return false;
}

static size_t find_dates(const struct reading *r, const struct kb_article *art, const char *s,
			 const struct tokens *t, struct candidate *out, size_t max)
{
	struct reldate_date base = {0};
	struct reldate_date *pbase = reldate_parse_iso(art->date, &base) == 0 ? &base : NULL;
	struct reldate_match m[8];
	size_t nm = r->clock ? 0 : reldate_scan(s, strlen(s), pbase, m, 8), n = 0;
	for (size_t i = 0; i < nm && i < 8 && n < max; i++)
		if (date_kept(r, t, m[i].start, m[i].start + m[i].len) &&
		    !(r->future && says_past(s, m[i].start, m[i].start + m[i].len)))
			out[n++] = (struct candidate){ .start = m[i].start,
						      .end = m[i].start + m[i].len };
	/* a calendar date: "March 23", "23 March 2021", "Aug. 17", "June
	 * 2019" */
	for (size_t k = 0; k < t->n && n < max && !r->clock; k++) {
		if (!text_month_at(t, k))
			continue;
		size_t a = k, b = k;
		if (day_at(t, k + 1))
			b = k + 1;
		else if (k > 0 && day_at(t, k - 1))
			a = k - 1;
		if (year_at(t, b + 1))
			b++;
		if (a == b || overlaps(out, n, t->v[a].start, t->v[b].end) ||
		    !date_kept(r, t, t->v[a].start, t->v[b].end))
			continue;
		out[n++] = (struct candidate){ .start = t->v[a].start, .end = t->v[b].end };
		k = b;
	}
	/* a year after "in" ("set in 1960"), which no other match covers,
	 * or after "since" when that is asked ("SINCE when are they
	 * compulsory": "compulsory since 2020") */
	bool since_asked = false;
	for (size_t k = 0; k < r->t.n && !since_asked; k++)
		since_asked = tok_is(&r->t, k, "since");
	for (size_t k = 1; k < t->n && n < max && !r->clock; k++)
		if (year_at(t, k) && (tok_is(t, k - 1, "in") || (since_asked && tok_is(t, k - 1, "since"))) &&
		    !overlaps(out, n, t->v[k].start, t->v[k].end) &&
		    date_kept(r, t, t->v[k].start, t->v[k].end))
			out[n++] = (struct candidate){ .start = t->v[k - 1].start, .end = t->v[k].end };
	/* "what year": only a date that names one */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		bool year = !r->year;
		for (size_t k = 0; k < t->n && !year; k++)
			year = year_at(t, k) && t->v[k].start >= out[i].start &&
			       t->v[k].end <= out[i].end;
		if (year)
			out[kept++] = out[i];
	}
	n = kept;
	/* a time of day: "2 a.m.", "3:15 p.m.", "3:40am" */
	for (size_t k = 0; k < t->n && n < max && !r->year; k++) {
		size_t end;
		if (text_clock_at(s, t, k, &end) && date_kept(r, t, t->v[k].start, end) &&
		    !overlaps(out, n, t->v[k].start, end))
			out[n++] = (struct candidate){ .start = t->v[k].start, .end = end };
	}
	/* the dateline's date is when the story was filed, not when what
	 * it tells happened */
	size_t body = text_dateline_end(s, t), kept_dates = 0;
	for (size_t a = 0; a < n; a++)
		if (body == 0 || body >= t->n || out[a].start >= t->v[body].start)
			out[kept_dates++] = out[a];
	n = kept_dates;
	/* parts of one date side by side are one ("July 5 last year"):
	 * in the sentence's order, each joins the one before when only
	 * spaces stand between them */
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && out[b - 1].start > out[b].start; b--) {
			struct candidate c = out[b];
			out[b] = out[b - 1];
			out[b - 1] = c;
		}
	size_t joined = 0;
	for (size_t a = 0; a < n; a++) {
		struct candidate *last = joined > 0 ? &out[joined - 1] : NULL;
		if (last && last->end <= out[a].start &&
		    strspn(s + last->end, " ") == out[a].start - last->end)
			last->end = out[a].end;
		else
			out[joined++] = out[a];
	}
	return joined;
}

/* A place: a preposition of place and the noun phrase after it, which
 * names a place ("in Pellham County") or a kind of place ("near a picnic
 * area"), and is not a date or a number. */
static size_t find_places(const struct reading *r, const char *s, const struct tokens *t,
			  const struct said *m, struct candidate *out, size_t max)
{
	static const char *const at[] = {
		"in", "at", "near", "outside", "inside", "across", "along", "beside", "off", "on", NULL,
	};
	static const char *const time_words[] = {
		"morning", "afternoon", "evening", "night", "week", "month", "year", "time", NULL,
	};
	size_t n = 0;
	for (size_t k = 0; k + 1 < t->n && n < max; k++) {
		/* "where did they flee FROM": only that way, right after the
		 * question's word ("fled FROM Kethra") */
		static const char *const to[] = { "to", "towards", "toward", "for", NULL };
		bool way = r->from      ? tok_is(t, k, r->from) && k > 0 && m->by[k - 1] >= 0
			   : r->heading ? text_in_list(t->v[k].word, to)
					: text_in_list(t->v[k].word, at);
		if (!way || broken(s, t, k, k + 1))
			continue;
		size_t first = k + 1, end = first;
		while (end < t->n && (tok_is(t, end, "the") || tok_is(t, end, "a") ||
				      tok_is(t, end, "an")))
			end++;
		bool named = false, place = false, asked = true, timely = false, some_asked = false;
		bool of_place = false;
		size_t last = end;
		for (; last < t->n; last++) {
			const struct token *tok = &t->v[last];
			if (last > first && broken(s, t, last - 1, last))
				break;
			bool joiner = tok_is(t, last, "of") && last + 1 < t->n && t->v[last + 1].capitalized;
			/* "on the SITE OF THE old tram depot" */
			if (tok_is(t, last, "of") && place && last + 1 < t->n &&
			    !broken(s, t, last, last + 1)) {
				last += tok_is(t, last + 1, "the");
				of_place = true;
				continue;
			}
			if (!joiner && text_is_stopword(tok->word))
				break;
			if (tok->number || text_date_word(tok->word) || text_in_list(tok->word, time_words))
				timely = true;
			named |= tok->capitalized;
			asked &= joiner || in_question(r, tok);
			some_asked |= !joiner && in_question(r, tok);
			if (!joiner)
				place |= noun_is(r, tok, "location", 6) || noun_is(r, tok, "structure", 6) ||
					 noun_is(r, tok, "area", 6);
		}
		/* ("where is mission CONTROL": not "in the CONTROL room", a
		 * place no name tells, in the question's own words) */
		if (some_asked && !named)
			continue;
		if (last == end || timely || asked || !(named || place)) {
			continue;
		}
		/* ("the last country IN THE REGION": a word that points back
		 * at a place named elsewhere names none) */
		static const char *const pointing_back[] = {
			"region", "area", "country", "world", "continent", "territory", "zone", "place", NULL,
		};
		if (!named && !of_place && last == end + 1 && end > first &&
		    text_in_list(t->v[end].word, pointing_back))
			continue;
		/* ("on" sets a place only with a name or a part of one: "on
		 * Liberty Square", "on the site of the depot") */
		if (tok_is(t, k, "on") && !named && !of_place)
			continue;
		out[n++] = (struct candidate){ .start = t->v[k].start, .end = t->v[last - 1].end };
		k = last - 1;
	}
	/* "near a picnic area in the Harrow National Forest": one place */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (kept > 0 && out[i].start == out[kept - 1].end + 1)
			out[kept - 1].end = out[i].end;
		else
			out[kept++] = out[i];
	}
	return kept;
}

/* A name: capitalised words in a row that do what the question asks,
 * as the subject right before the question's verb ("Rodri SCORED",
 * "Rodri has SCORED", "Rodri, who SCORED") or the agent after it
 * ("SCORED by Rodri"); not a day, not a speaker unless speech is asked,
 * and not one the question already names. */
/* The last token of the name that opens at token k: its run of
 * capitals, and on through "of (the)" after a common noun ("FRIENDS OF
 * THE VENNMOOR", "the BANK OF Lunde"), not after a name ("Victor Hale of
 * the Civic Alliance" is two). */
static size_t name_end(const struct reading *r, const char *s, const struct tokens *t, size_t k)
{
	char lemma[WORDNET_MAX_WORD + 1];
	size_t last = k;
	for (;;) {
		while (last + 1 < t->n && t->v[last + 1].capitalized && !broken(s, t, last, last + 1))
			last++;
		size_t of = last + 1, next = of + 1 + tok_is(t, of + 1, "the");
		if (!tok_is(t, of, "of") || next >= t->n || !t->v[next].capitalized ||
		    broken(s, t, last, of) || broken(s, t, of, next - 1) || !r->wn ||
		    text_is_stopword(t->v[last].word) || wordnet_name_like(r->wn, t->v[last].word) ||
		    !wordnet_lemma(r->wn, WORDNET_NOUN, t->v[last].word, lemma))
			return last;
		last = next;
	}
}

/* Is the question's verb said at most a few words before the "by" at
 * token `by`, in its clause ("DISCOVERED in 1930 by")? */
static bool verb_before_by(const struct reading *r, const char *s, const struct tokens *t,
			   const struct said *m, size_t by)
{
	for (size_t j = by; j-- > 0 && j + 4 >= by && !broken(s, t, j, by);)
		if (j < TOKENS_MAX && m->by[j] == r->verb)
			return true;
	return false;
}

static size_t find_names(const struct reading *r, const char *s, const struct tokens *t,
			 const struct said *m, struct candidate *out, size_t max)
{
	static const char *const aux[] = {
		"has", "had", "have", "was", "were", "is", "will", "would", "also", NULL,
	};
	size_t n = 0;
	for (size_t k = 0; k < t->n && k < TOKENS_MAX && n < max; k++) {
		/* (a capital that opens a quotation is no name: "\"A gym
		 * membership should not ...\"", but "US" is one) */
		if (!t->v[k].capitalized || text_date_word(t->v[k].word) ||
		    text_month_at(t, k) || (text_is_stopword(t->v[k].word) && !t->v[k].all_caps))
			continue;
		size_t last = name_end(r, s, t, k);
		/* ("PLATFORMS registered in Thailand pay": a plural that
		 * opens the sentence is no name) */
		if (last == k && (k == 0 || k == text_dateline_end(s, t)) &&
		    plural(r, &t->v[k]))
			continue;
		bool asked = true;
		for (size_t j = k; j <= last; j++)
			asked &= in_question(r, &t->v[j]);
		/* "Veska Lind, who chairs": the relative clause is hers */
		size_t next = last + 1;
		bool relative = tok_is(t, next, "who");
		/* "Hannah Verlaine, an epidemiologist who led": through a
		 * short description of the name */
		if (!relative && next + 2 < t->n && broken(s, t, last, next) &&
		    (tok_is(t, next, "a") || tok_is(t, next, "an") || tok_is(t, next, "the")))
			for (size_t j = next + 1; j < t->n && j <= next + 4 && !broken(s, t, j - 1, j); j++)
				if (tok_is(t, j, "who")) {
					relative = true;
					next = j;
					break;
				}
		next += relative;
		while (next < t->n && text_in_list(t->v[next].word, aux) && !broken(s, t, next - 1, next))
			next++;
		/* (a possessive owns the word after it: "on the Courier's
		 * SIDE" is not the Courier siding; so does a name the noun of
		 * the verb: "Civic Union LEADER Viktor Sandell" does not lead) */
		/* ("a TEXAS-based investor": a name glued to a participle
		 * describes the noun after it; it is its subject only when the
		 * question asks a verb, "who BACKS them" of "US-backed") */
		bool glued = next < t->n && t->v[next].joined && r->verb >= 0 &&
			     r->words[r->verb].at > 0 &&
			     text_in_list(r->t.v[r->words[r->verb].at - 1].word, determiners);
		bool subject = next < t->n && next < TOKENS_MAX &&
			       (m->by[next] == r->verb ||
				/* ("Okafor was ELECTED mayor, WINNING a
				 * majority": "winning" took the verb) */
				(r->verb >= 0 && m->by[next] < 0 &&
				 says_form(&t->v[next], &r->words[r->verb]))) && !glued &&
			       (relative || !broken(s, t, next - 1, next)) &&
			       !(!relative && next == last + 1 &&
				 (text_possessive(s, &t->v[last]) ||
				  wordnet_only_noun(r->wn, t->v[next].word)));
		/* ("Green Future WON 19 SEATS": a share of the spoils, not the
		 * contest, unless the most are asked) */
		if (subject && !r->superlative && next + 1 < t->n &&
		    (t->v[next + 1].number || number_is_word(t->v[next + 1].word)) &&
		    r->win_asked)
			subject = false;
		/* "discovered in 1930 BY Clyde Tombaugh": the verb a few
		 * words before "by", in the same clause */
		/* (or "ORGANISED by THE Joint Himalayan Committee of ...", a
		 * participle right before "by", the name no modifier of a
		 * noun after it: "by the FRENCH engineer") */
		size_t by = k;
		if (k >= 3 && tok_is(t, k - 1, "the") && tok_is(t, k - 2, "by") &&
		    m->by[k - 3] == r->verb && text_past_form(r->wn, t->v[k - 3].word) &&
		    (last + 1 >= t->n || text_is_stopword(t->v[last + 1].word) ||
		     broken(s, t, last, last + 1)))
			by = k - 1;
		bool agent = by >= 2 && tok_is(t, by - 1, "by") && verb_before_by(r, s, t, m, by - 1);
		/* ("announced by Quillon's trade COMMISSIONER, Adaeze
		 * Thornbury": after a comma, past the word for the person) */
		if (!agent && k >= 3 && broken(s, t, k - 1, k) &&
		    noun_is(r, &t->v[k - 1], "person", 8)) {
			size_t b = k - 1;
			while (b > 1 && k - 1 - b < 5 && !tok_is(t, b, "by") && !broken(s, t, b - 1, b))
				b--;
			agent = tok_is(t, b, "by") && verb_before_by(r, s, t, m, b);
		}
		bool speaker = attribution(t, next) || (k > 0 && attribution(t, k - 1));
		if (!asked && (subject || agent) && (!speaker || r->said || (relative && subject)))
			out[n++] = (struct candidate){ .start = t->v[k].start, .end = t->v[last].end };
		k = last;
	}
	return n;
}

/* Does the token say the asked role: its word or a synonym, or for a
 * leader ("who RUNS the authority", "the HEAD of the chamber") any kind of
 * leader ("chairman", "president", "director")? */
static bool role_word(const struct reading *r, const struct tokens *t, size_t k)
{
	const struct token *tok = &t->v[k];
	/* ("DEPUTY mayor" is another post) */
	if (k > 0 && text_another_rank(t->v[k - 1].word) && !r->deputy_asked)
		return false;
	if (token_says(tok, &r->focus))
		return true;
	/* a leader's noun heads its phrase ("CHIEF engineer" is no chief) */
	char lemma[WORDNET_MAX_WORD + 1];
	bool modifier = r->wn && k + 1 < t->n && !t->v[k + 1].capitalized &&
			!text_is_stopword(t->v[k + 1].word) &&
			wordnet_lemma(r->wn, WORDNET_NOUN, t->v[k + 1].word, lemma);
	return r->leader && !modifier && !text_is_stopword(tok->word) &&
	       noun_is(r, tok, "leader", 6);
}

/* When the question names whose role it is ("the BOARD's chief"), is
 * that owner said within a few words of the name at tokens
 * first..last ("PORTLINE chief Ivo Sand" is not the board's)? Or, when
 * the sentence before says it (m->owner_before), is it "its" or "their"
 * there ("ITS chief executive, Petra Lund")? */
static bool owned_here(const struct reading *r, const char *s, const struct tokens *t,
		       const struct said *m, size_t first, size_t last)
{
	if (r->owner_at < 0)
		return true;
	const struct token *owner = &r->t.v[r->owner_at];
	/* (or by the word for its people: "OSTRAVIAN Trade Minister Helga
	 * Voss" for "Ostravia's trade minister") */
	const char *people = NULL;
	for (size_t i = 0; i < r->n_words && !people; i++)
		if (r->words[i].at == (size_t)r->owner_at && r->words[i].people[0])
			people = r->words[i].people;
	/* before the role before the name ("Greyhaven Ferries' chief
	 * executive, Alan Brodick") */
	for (size_t j = first > 4 ? first - 4 : 0; j < first; j++)
		if (text_token_says(&t->v[j], owner->stem) ||
		    (people && text_token_says(&t->v[j], people)) ||
		    (m->owner_before && (tok_is(t, j, "its") || tok_is(t, j, "their"))))
			return true;
	/* or, owner said in the sentence before, the role opens this one
	 * with no other owner ("Halvik Minerals said ... CHIEF EXECUTIVE
	 * Petra Osk said") */
	bool opens = m->owner_before && first > 0, role = false;
	for (size_t j = 0; j < first && opens; j++) {
		role |= role_word(r, t, j);
		opens = !t->v[j].capitalized ||
			(j == 0 && !wordnet_name_like(r->wn, t->v[j].word) &&
			 !kb_name_word(r->kb, t->v[j].word));
	}
	if (opens && role)
		return true;
	/* or the owner's first word before the role, its head said in the
	 * sentence ("CANAL administrator Jorge Quijano said the AUTHORITY
	 * expected" for "the canal authority") */
	if (r->owner_from >= 0 && r->owner_from < r->owner_at) {
		const struct token *modifier = &r->t.v[r->owner_from];
		bool before = false, head = false;
		for (size_t j = first > 4 ? first - 4 : 0; j < first; j++)
			before |= text_token_says(&t->v[j], modifier->stem);
		for (size_t j = 0; j < t->n && before && !head; j++)
			head = text_token_says(&t->v[j], owner->stem);
		if (head)
			return true;
	}
	/* or after "of" ("Peter Berdowski, chief executive of Boskalis"),
	 * or before the role after the name ("Helen Okafor, the
	 * AUTHORITY's chief engineer") */
	bool of = false, owned = false;
	for (size_t j = last + 1; j < t->n && j <= last + 10; j++) {
		/* (the owner's phrase after "of" ends at a clause break:
		 * "chief executive of Singapore-based platform StayRoute") */
		if (of && broken(s, t, j - 1, j))
			break;
		if (of && text_token_says(&t->v[j], owner->stem))
			return true;
		if (owned && role_word(r, t, j))
			return true;
		of |= tok_is(t, j, "of");
		owned |= text_token_says(&t->v[j], owner->stem);
	}
	return false;
}

/* A name the role is said of: right after it ("Mayor Dana Whitfield",
 * "chief executive Peter Berdowski") or set beside it by a comma ("Peter
 * Berdowski, chief executive of Boskalis", "the mayor, Dana Whitfield,"). */
static size_t find_role_names(const struct reading *r, const char *s, const struct tokens *t,
			      const struct said *m, struct candidate *out, size_t max)
{
	size_t n = 0;
	for (size_t k = 0; k < t->n && n < max; k++) {
		if (!t->v[k].capitalized || text_date_word(t->v[k].word) ||
		    text_month_at(t, k) || role_word(r, t, k))
			continue;
		size_t last = k;
		while (last + 1 < t->n && t->v[last + 1].capitalized && !broken(s, t, last, last + 1) &&
		       !role_word(r, t, last + 1))
			last++;
		bool asked = true;
		for (size_t j = k; j <= last; j++)
			asked &= in_question(r, &t->v[j]);
		/* the role word just before, or after a comma just before */
		bool role = k > 0 && role_word(r, t, k - 1);
		/* ", chief executive of Boskalis", ", the authority's chief
		 * engineer" after the name */
		/* (the words between say whose role it is, no more: not
		 * "the National Alliance, led BY Prime Minister Aalund") */
		for (size_t j = last + 1; j < t->n && j <= last + 5 && !role; j++) {
			if (j > last + 1 && text_is_stopword(t->v[j - 1].word) &&
			    !text_in_list(t->v[j - 1].word, determiners))
				break;
			role = role_word(r, t, j) && broken(s, t, last, last + 1) &&
			       !broken(s, t, last + 1, j);
		}
		/* "the mayor, Dana Whitfield"; "the mayor of Merrowby, Dana
		 * Whitfield"; "Hubble's chief scientist at NASA, Ed Weiler" */
		if (!role && k >= 1 && broken(s, t, k - 1, k)) {
			size_t j = k - 1;
			while (j >= 2 && t->v[j].capitalized && !broken(s, t, j - 1, j))
				j--;
			role = role_word(r, t, k - 1) ||
			       (j + 1 < k &&
				(tok_is(t, j, "of") || tok_is(t, j, "at") || tok_is(t, j, "for")) &&
				role_word(r, t, j - 1));
		}
		/* "the head of the observer mission, Dutch DIPLOMAT Pieter
		 * Haan": a word for a person, and a few about it, between the
		 * comma and the name */
		size_t d = k;
		while (!role && d > 1 && k - d < 3 && !broken(s, t, d - 1, d) &&
		       !text_is_stopword(t->v[d - 1].word))
			d--;
		if (d < k && broken(s, t, d - 1, d) && noun_is(r, &t->v[k - 1], "person", 8)) {
			size_t j = d - 1;
			while (j > 1 && d - 1 - j < 4 && !broken(s, t, j - 1, j) &&
			       !tok_is(t, j, "of") && !tok_is(t, j, "at") && !tok_is(t, j, "for"))
				j--;
			role = role_word(r, t, d - 1) ||
			       ((tok_is(t, j, "of") || tok_is(t, j, "at") || tok_is(t, j, "for")) &&
				role_word(r, t, j - 1));
		}
		bool owned = owned_here(r, s, t, m, k, last);
		/* (an owner the question does not name is no generic one:
		 * "Mayor Karin Holm OF OSTERVIK" for "the mayor of Lunde") */
		bool other_owner = tok_is(t, last + 1, "of") && last + 2 < t->n &&
				   t->v[last + 2].capitalized && !in_question(r, &t->v[last + 2]);
		if (role && !asked && last > k && (owned || (r->generic_owner && !other_owner)))
			out[n++] = (struct candidate){ .start = t->v[k].start, .end = t->v[last].end,
						       .owned = owned };
		k = last;
	}
	return n;
}

/* Does token k say the kind asked: its word, a synonym, or a kind of it
 * ("anaesthetist" for "doctor")? */
static bool says_kind(const struct reading *r, const struct tokens *t, size_t k)
{
	return k < t->n && !text_is_stopword(t->v[k].word) &&
	       (token_says(&t->v[k], &r->focus) || noun_is(r, &t->v[k], r->focus_lemma, 4));
}

/* "what's the COMMAND module called": a kind's word in the sentence
 * (token `at`) that another word describes says that word ("the lunar
 * module" is no command module) */
static bool modified_alike(const struct reading *r, const struct tokens *t, size_t at)
{
	if (r->role_at < 1 || at == 0 || text_is_stopword(t->v[at - 1].word) ||
	    t->v[at - 1].number)
		return true;
	for (size_t w = 0; w < r->n_words; w++)
		if ((long)r->words[w].at == r->role_at - 1 && !r->words[w].entity)
			return token_says(&t->v[at - 1], &r->words[w]);
	return true;
}

/* A name of the asked kind: the kind's word (or a synonym, or a kind of
 * it) right before or after it ("analyst Mara Holt", "the Ridley
 * HOSPITAL", "an Ariane 5 ROCKET", "a galaxy called M87"), or set after
 * it by a comma ("Mara Holt, an ANALYST at"), or a name WordNet knows as
 * one ("Australia" is a country). */
/* The last token of "OF" and the capitalised words after token k, the
 * rest of a name such as "Court of Appeal" or "District Court of
 * Amsterdam"; k itself when none follow. */
static size_t capital_of_end(const char *s, const struct tokens *t, size_t k)
{
	if (!(k + 2 < t->n && tok_is(t, k + 1, "of") && t->v[k + 2].capitalized &&
	      !broken(s, t, k, k + 2)))
		return k;
	size_t end = k + 2;
	while (end + 1 < t->n && t->v[end + 1].capitalized && !broken(s, t, end, end + 1))
		end++;
	return end;
}

static size_t find_kind_names(const struct reading *r, const char *s, const struct tokens *t,
			      struct candidate *out, size_t max)
{
	size_t n = 0;
	/* (the capital that opens the sentence names only what WordNet
	 * knows as one of the kind: "FRANKFURT, home of the bank") */
	for (size_t k = 0; k < t->n && n < max; k++) {
		if (k == 0 && !(t->n > 1 && broken(s, t, 0, 1) &&
				wordnet_instance_of(r->wn, t->v[0].word, SENSES, r->focus_lemma, 10)))
			continue;
		/* ("the COURT OF APPEAL": the kind's own word, capitalised,
		 * opens the name) */
		size_t of_end = t->v[k].capitalized && says_kind(r, t, k) &&
					!(k > 0 && t->v[k - 1].capitalized)
				? capital_of_end(s, t, k) : k;
		if (of_end > k) {
			size_t end = of_end;
			if (!r->judging || gives_verdict(s, t, k, end))
				out[n++] = (struct candidate){ .start = t->v[k].start,
							       .end = t->v[end].end,
							       .kind_start = t->v[k].start,
							       .kind_end = t->v[k].end };
			k = end;
			continue;
		}
		if (!t->v[k].capitalized || text_date_word(t->v[k].word) ||
		    text_month_at(t, k) ||
		    text_is_stopword(t->v[k].word) || says_kind(r, t, k))
			continue;
		size_t last = k;
		/* (a number ends a name: "Ariane 5") */
		while (last + 1 < t->n && (t->v[last + 1].capitalized || t->v[last + 1].number) &&
		       !broken(s, t, last, last + 1) && !says_kind(r, t, last + 1))
			last++;
		bool asked = true;
		for (size_t j = k; j <= last; j++)
			asked &= in_question(r, &t->v[j]);
		static const char *const calling[] = { "called", "named", NULL };
		size_t at = t->n;
		/* (a capital kind's word is a name's own: "the Food and DRUG
		 * Administration" is no drug) */
		if (says_kind(r, t, k - 1) && (!(k - 1 > 0 && t->v[k - 1].capitalized) ||
					       /* (but a person's title is: "JUSTICE
						* Miriam Okafor") */
					       word_is(r, r->focus_lemma, "person", 8)))
			at = k - 1;
		else if (k >= 2 && text_in_list(t->v[k - 1].word, calling) && says_kind(r, t, k - 2))
			at = k - 2;
		else if (k >= 3 && tok_is(t, k - 2, "known") && tok_is(t, k - 1, "as") &&
			 says_kind(r, t, k - 3))
			at = k - 3;  /* "a strain known as O104" */
		else if (last + 1 < t->n && !broken(s, t, last, last + 1) && says_kind(r, t, last + 1))
			at = last + 1;
		else if (r->naming && last + 2 < t->n && !broken(s, t, last, last + 2) &&
			 !t->v[last + 1].capitalized && !t->v[last + 1].number &&
			 !text_is_stopword(t->v[last + 1].word) && says_kind(r, t, last + 2))
			at = last + 2;  /* (a name asked: "the Hunga Ha'apai UNDERSEA volcano") */
		for (size_t j = last + 2; at == t->n && j < t->n && j <= last + 4; j++)
			if (says_kind(r, t, j) && broken(s, t, last, last + 1) &&
			    !broken(s, t, last + 1, j))
				at = j;
		if (at < t->n && !modified_alike(r, t, at))
			at = t->n;
		bool kind = at < t->n;
		kind |= last == k && wordnet_instance_of(r->wn, t->v[k].word, SENSES,
							 r->focus_lemma, 10);
		/* ("an AUSTRALIAN anaesthetist" says where from, not who) */
		char adjective[WORDNET_MAX_WORD + 1];
		bool describes = last == k && r->wn &&
				 wordnet_lemma(r->wn, WORDNET_ADJ, t->v[k].word, adjective) &&
				 /* (but "the HIGH Court": a capital kind's word
				  * makes it a name) */
				 !(at < t->n && at == last + 1 && t->v[at].capitalized &&
				   !(at + 1 < t->n && t->v[at + 1].capitalized));
		/* the kind's word after the name is part of it ("Ferrisburg
		 * Royal INFIRMARY"), and so is what a capital one is of ("the
		 * District Court OF AMSTERDAM") */
		size_t end = at < t->n && at == last + 1 ? at : last;
		if (end == at && t->v[at].capitalized)
			end = capital_of_end(s, t, end);
		/* ("RTS,S/AS01", "O104:H4": a name runs on through a mark
		 * with no space after it) */
		while (end + 1 < t->n && t->v[end + 1].start == t->v[end].end + 1 &&
		       strchr(",/:", s[t->v[end].end]))
			end++;
		if (kind && !asked && !describes && (!r->judging || gives_verdict(s, t, k, end)))
			out[n++] = (struct candidate){
				.start = t->v[k].start, .end = t->v[end].end,
				.kind_start = at < t->n ? t->v[at].start : 0,
				.kind_end = at < t->n ? t->v[at].end : 0 };
		k = last;
	}
	return n;
}

/* Is token k a name the question asks about: capitalised, and a word of
 * the question? */
static bool asked_name(const struct reading *r, const struct tokens *t, size_t k)
{
	return k < t->n && t->v[k].capitalized && in_question(r, &t->v[k]);
}

/* Is the token a word for a person the question uses ("pilot")? */
static bool asked_role(const struct reading *r, const struct token *tok)
{
	return !tok->capitalized && !text_is_stopword(tok->word) && in_question(r, tok) &&
	       noun_is(r, tok, "person", 8);
}

/* "how old is the PILOT": is the name that ends at token `name`, whose
 * age is token `age`, given the role the question names, right before it
 * ("fighter PILOT Chesley Sullenberger, 57") or in the aside after the age
 * ("Sullenberger, 57, a former fighter PILOT from Danville,")? */
static bool role_beside(const struct reading *r, const char *s, const struct tokens *t,
			size_t name, size_t age)
{
	size_t first = name;
	while (first > 0 && t->v[first - 1].capitalized && !broken(s, t, first - 1, first))
		first--;
	if (first > 0 && asked_role(r, &t->v[first - 1]))
		return true;
	for (size_t k = age + 1; k < t->n && k <= age + 10; k++) {
		if (k > age + 1 && broken(s, t, k - 1, k))
			break;
		if (asked_role(r, &t->v[k]))
			return true;
	}
	return false;
}

/* An age as news copy gives it beside a name (number_age_at), or
 * "84-year-old Kittinger". */
static size_t find_ages(const struct reading *r, const char *s, const struct tokens *t,
			struct candidate *out, size_t max)
{
	size_t n = 0;
	for (size_t k = 1; k < t->n && n < max; k++) {
		size_t j;
		if (number_age_at(s, t, k, &j) && (asked_name(r, t, j) || role_beside(r, s, t, j, k))) {
			out[n++] = (struct candidate){ .start = t->v[j].start, .end = t->v[k].end };
			continue;
		}
		/* "The 22-year-old Jamaican crossed", "said the 75-year-old
		 * American was chosen": the one the sentence before named
		 * (see leaves_to_before) */
		bool alone = k + 2 < t->n && (tok_is(t, k - 1, "the") || (k == 1 && tok_is(t, 0, "a"))) &&
			     tok_is(t, k + 1, "year") && tok_is(t, k + 2, "old") && opens_on_age(s);
		for (size_t a = 0; a < t->n && alone; a++)
			alone = !asked_name(r, t, a);
		if (alone) {
			out[n++] = (struct candidate){ .start = t->v[k].start, .end = t->v[k + 2].end };
			continue;
		}
		bool year_old = k + 2 < t->n && tok_is(t, k + 1, "year") && tok_is(t, k + 2, "old") &&
				t->v[k + 1].joined;
		/* NAME, a AGE-year-old ... ("Roger Bannister, a 25-year-old
		 * medical student") */
		if (year_old && k >= 2 && tok_is(t, k - 1, "a") && asked_name(r, t, k - 2) &&
		    memchr(s + t->v[k - 2].end, ',', t->v[k - 1].start - t->v[k - 2].end)) {
			out[n++] = (struct candidate){ .start = t->v[k - 2].start, .end = t->v[k + 2].end };
			continue;
		}
		/* AGE-year-old NAME */
		if (year_old)
			for (size_t a = k + 3; a < t->n && a <= k + 5 && n < max; a++)
				if (asked_name(r, t, a)) {
					out[n++] = (struct candidate){ .start = t->v[k].start,
								       .end = t->v[a].end };
					break;
				}
	}
	return n;
}

/* "Rafael Imbert, a 41-year-old former marine BIOLOGIST", "Hillary, 33,
 * is a BEEKEEPER from Auckland": the description of a name the question
 * asks about, up to the last word in it for a person (the work). */
static size_t find_jobs(const struct reading *r, const char *s, const struct tokens *t,
			struct candidate *out, size_t max)
{
	static const char *const ends[] = {
		"who", "whom", "whose", "which", "that", "from", "of", "in", "at", "and", "with",
		"living", "working", "based", NULL,
	};
	size_t n = 0;
	for (size_t k = 0; k < t->n && n < max; k++) {
		if (!t->v[k].capitalized)
			continue;
		size_t last = k;
		bool asked = asked_name(r, t, k);
		while (last + 1 < t->n && t->v[last + 1].capitalized && !broken(s, t, last, last + 1))
			asked |= asked_name(r, t, ++last);
		size_t a = last + 1;
		k = last;
		/* (past an age set off by commas: "Hillary, 33, is") */
		if (a + 1 < t->n && t->v[a].number && broken(s, t, a - 1, a) && broken(s, t, a, a + 1))
			a++;
		bool copula = tok_is(t, a, "is") || tok_is(t, a, "was");
		if (!asked || (!copula && !(a < t->n && broken(s, t, a - 1, a))))
			continue;
		a += copula;
		if (!tok_is(t, a, "a") && !tok_is(t, a, "an"))
			continue;
		size_t head = a;
		for (size_t j = a + 1; j < t->n && j <= a + 6 && !broken(s, t, j - 1, j) &&
				       !text_in_list(t->v[j].word, ends);
		     j++)
			if (!t->v[j].capitalized && !t->v[j].number && noun_is(r, &t->v[j], "person", 8))
				head = j;
		if (head > a)
			out[n++] = (struct candidate){ .start = t->v[a].start, .end = t->v[head].end };
	}
	return n;
}

/* Does the sentence's token say the question's verb at token q of the
 * question: the same verb or a synonym of it ("injured" for "hurt"), not
 * a thing it names ("burning")? */
static bool says_verb(const struct reading *r, const struct token *tok, size_t q)
{
	char want[WORDNET_MAX_WORD + 1], lemma[WORDNET_MAX_WORD + 1];
	/* the state asked, said by its like: "hurt" by "injured" */
	if (r->wn && wordnet_lemma(r->wn, WORDNET_ADJ, r->t.v[q].word, lemma) &&
	    wordnet_relates(r->wn, WORDNET_ADJ, lemma, SENSES, WORDNET_SIMILAR, tok->word))
		return true;
	if (!r->wn || !wordnet_lemma(r->wn, WORDNET_VERB, tok->word, want) ||
	    !wordnet_lemma(r->wn, WORDNET_VERB, r->t.v[q].word, lemma))
		return false;
	return !strcmp(want, lemma) ||
	       wordnet_relates(r->wn, WORDNET_VERB, lemma, SENSES, WORDNET_SYNONYM, want);
}

/* The end of sentence s, without its full stop. */
static size_t sentence_end(const char *s)
{
	size_t end = strlen(s);
	while (end > 0 && strchr(". ", s[end - 1]))
		end--;
	return end;
}

/* "Was anyone hurt": a sentence that says the question's verb with no
 * one as its subject ("No one was killed", "None of the crew was hurt")
 * says no; with people, a count or a name ("Two officers were injured",
 * "Saman Kunan, 38, died") yes. The answer is the sentence. */
static size_t find_anyone(const struct reading *r, const char *s, const struct tokens *t,
			  const struct said *m, struct candidate *out, size_t max)
{
	static const char *const no_one[] = { "no", "none", "nobody", "noone", NULL };
	if (max == 0)
		return 0;
	for (size_t k = 1; k < t->n && k < TOKENS_MAX; k++) {
		/* the question's verb, as a verb ("were INJURED", "DIED"), or
		 * its noun denied ("NO DEATHS have been reported") */
		if (m->by[k] < 0 || !r->wn)
			continue;
		if (tok_is(t, k - 1, "no")) {
			out[0] = (struct candidate){ .start = 0, .end = sentence_end(s), .says = -1 };
			return 1;
		}
		/* (not a participle that describes a thing: "the
		 * still-BURNING hall") */
		if (!says_verb(r, &t->v[k], r->words[m->by[k]].at) || t->v[k].joined ||
		    text_in_list(t->v[k - 1].word, (const char *const[]){
					 "the", "a", "an", "its", "their", NULL }))
			continue;
		int says = 0;
		for (size_t j = k; j-- > 0 && k - j <= 6 && !broken(s, t, j, j + 1);) {
			/* ("NO ONE was", "NO other WORKERS were"; not "NO
			 * public funds were used") */
			if (text_in_list(t->v[j].word, no_one) &&
			    (!tok_is(t, j, "no") || tok_is(t, j + 1, "one") ||
			     (j + 1 < k && noun_is(r, &t->v[j + 1], "person", 8)) ||
			     (j + 2 < k && noun_is(r, &t->v[j + 2], "person", 8)))) {
				says = -1;
				break;
			}
			/* a person, or someone named */
			if (noun_is(r, &t->v[j], "person", 8) ||
			    (t->v[j].capitalized && j > 0 && !text_date_word(t->v[j].word) && !text_month_at(t, j)))
				says = 1;
		}
		if (says != 0) {
			out[0] = (struct candidate){ .start = 0, .end = sentence_end(s), .says = says };
			return 1;
		}
	}
	return 0;
}

/* Do the next few words of `p` (to the next comma) report speech: "
 * according to its minutes", " officials said"? */
static bool reports_from(const char *p)
{
	for (int words = 0; words < 5 && *p && !strchr(",.;", *p); words++) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ,.;");
		char w[16];
		if (n < sizeof w) {
			memcpy(w, p, n);
			w[n] = '\0';
			if (text_reports_speech(w))
				return true;
		}
		p += n;
	}
	return false;
}

/* A reason: from "because", "due to", "to stop" ... to the end of the
 * sentence. */
static size_t find_reasons(const char *s, struct candidate *out, size_t max)
{
	static const char *const cues[] = {
		" because ", " due to ", " as a precaution", " to stop ", " to prevent ",
		" to avoid ", " so that ", " in order to ", " caused by ", " after ", " citing ",
		" in protest ", " in response to ", " amid ", " over concerns ", " over fears ",
		" reflecting ", " fearing ", " to protect ", " reflected ", " reflects ", " finding ",
		/* ("walked out OVER rosters": what a dispute is over) */
		" out over ", " struck over ", " resigned over ", " quit over ", " sued over ",
		" protested over ", " clashed over ", NULL,
	};
	if (max == 0)
		return 0;
	const char *best = NULL;
	for (size_t i = 0; cues[i]; i++) {
		const char *p = strstr(s, cues[i]);
		if (p && (!best || p < best))
			best = p;
	}
	/* "stepped down FOR HEALTH REASONS": "for", then "reason(s)" within
	 * two more words */
	for (const char *p = strstr(s, " for "); p && (!best || p < best);
	     p = strstr(p + 1, " for ")) {
		const char *w = p + 5;
		for (int words = 0; words < 3 && *w; words++) {
			if (!strncmp(w, "reason", 6)) {
				best = p;
				break;
			}
			w += strcspn(w, " ");
			w += *w == ' ';
		}
	}
	if (!best)
		return 0;
	size_t end = strlen(s);
	/* "..., according to its minutes", "..., officials said" */
	for (const char *c = strchr(best, ','); c; c = strchr(c + 1, ','))
		if (reports_from(c + 1)) {
			end = (size_t)(c - s);
			break;
		}
	while (end > 0 && strchr(".!? ", s[end - 1]))
		end--;
	out[0] = (struct candidate){ .start = (size_t)(best - s) + 1, .end = end };
	return out[0].end > out[0].start ? 1 : 0;
}

static size_t find_kind(const struct reading *r, const struct kb_article *art, const char *s,
			const struct tokens *t, const struct said *m, struct candidate *out, size_t max)
{
	switch (r->kind) {
	case KIND_COUNT:
	case KIND_MONEY:
	case KIND_AMOUNT:
	case KIND_MEASURE: return find_amounts(r, s, t, out, max);
	case KIND_WHEN: return find_dates(r, art, s, t, out, max);
	case KIND_WHERE: return find_places(r, s, t, m, out, max);
	case KIND_WHO: return find_names(r, s, t, m, out, max);
	case KIND_ROLE: return find_role_names(r, s, t, m, out, max);
	case KIND_WHICH: return find_kind_names(r, s, t, out, max);
	case KIND_WHY: return find_reasons(s, out, max);
	case KIND_AGE: return find_ages(r, s, t, out, max);
	case KIND_ANYONE: return find_anyone(r, s, t, m, out, max);
	case KIND_JOB: return find_jobs(r, s, t, out, max);
	case KIND_NONE: break;
	}
	return 0;
}

/* Of several phrases, is exactly one within a word of a token that says
 * a question word (with past_link, or past a link: "turnout AT 61.8
 * percent")? Moves it to found[0] and returns true if so. */
static bool beside_one(const struct tokens *t, const struct said *m, struct candidate *found,
		       size_t n, bool past_link)
{
	size_t which = n, count = 0;
	for (size_t i = 0; i < n; i++) {
		bool beside = false;
		for (size_t k = 0; k < t->n && k < TOKENS_MAX && !beside; k++) {
			if (m->by[k] < 0)
				continue;
			/* the token after the phrase's end (past its
			 * auxiliaries: "40 people WERE hurt", or an "of":
			 * "58 million litres OF WINE"), or before its start */
			static const char *const aux[] = {
				"was", "were", "is", "are", "had", "have", "has", "been", NULL,
			};
			size_t p = k;
			while (p > 0 && t->v[p - 1].start >= found[i].end &&
			       (text_in_list(t->v[p - 1].word, aux) ||
				(p == k && !strcmp(t->v[p - 1].word, "of"))))
				p--;
			bool after = t->v[k].start >= found[i].end &&
				     (p == 0 || t->v[p - 1].end <= found[i].end);
			size_t q = k + 1;
			while (past_link && q < t->n && q < k + 3 && t->v[q].start < found[i].start &&
			       text_in_list(t->v[q].word, links))
				q++;
			bool before = t->v[k].end <= found[i].start &&
				      (q == t->n || t->v[q].start >= found[i].start);
			beside = after || before;
		}
		if (beside) {
			which = i;
			count++;
		}
	}
	if (count != 1)
		return false;
	found[0] = found[which];
	return true;
}

/* Of two or more places in a sentence, the one nearest a word of the
 * question ("land safely IN JAKARTA", not "ash from a volcano in
 * Indonesia" for "where did the plane land"), or with predicate its
 * last word: moved to found[0]. False when two are as near. */
static bool nearest_one(const struct reading *r, const char *s, const struct tokens *t,
			const struct said *m, struct candidate *found, size_t n, bool predicate)
{
	size_t best = n, best_gap = SIZE_MAX;
	bool tie = false;
	for (size_t i = 0; i < n; i++) {
		size_t gap = SIZE_MAX;
		for (size_t k = 0; k < t->n && k < TOKENS_MAX; k++) {
			if (m->by[k] < 0 || (predicate && (size_t)m->by[k] + 1 != r->n_words))
				continue;
			size_t from = t->v[k].start >= found[i].end ? found[i].end : t->v[k].end;
			size_t to = t->v[k].start >= found[i].end ? t->v[k].start : found[i].start;
			size_t g = to > from ? to - from : 0;
			/* (across a comma is another clause's: "A
			 * disintegrated in 1995, and B broke apart in 2002") */
			if (breaks_between(s, from, to))
				g += 1u << 20;
			gap = g < gap ? g : gap;
		}
		if (gap < best_gap) {
			best = i;
			best_gap = gap;
			tie = false;
		} else if (gap == best_gap) {
			tie = true;
		}
	}
	if (best == n || tie)
		return false;
	found[0] = found[best];
	return true;
}

/* Is a word of the question said within three tokens of phrase c, in
 * its clause ("the BAN TAKES effect ON MARCH 1")? */
static bool word_beside(const char *s, const struct tokens *t, const struct said *m,
			const struct candidate *c)
{
	for (size_t k = 0; k < t->n && k < TOKENS_MAX; k++) {
		if (m->by[k] < 0)
			continue;
		size_t from = t->v[k].end <= c->start ? t->v[k].end : c->end;
		size_t to = t->v[k].end <= c->start ? c->start : t->v[k].start;
		if (to < from || breaks_between(s, from, to))
			continue;
		size_t between = 0;
		for (size_t j = 0; j < t->n; j++)
			between += t->v[j].start >= from && t->v[j].end <= to;
		if (between <= 3)
			return true;
	}
	return false;
}

/* Does phrase c stand in a "which" or "who" clause set off by a comma
 * after a word the question does not say ("the Northern Customs PACT,
 * which has seven members and was set up IN 2009")? */
static bool in_other_relative(const char *s, const struct tokens *t, const struct said *m,
			      const struct candidate *c)
{
	size_t first = 0;
	while (first < t->n && t->v[first].start < c->start)
		first++;
	for (size_t k = first; k-- > 1;) {
		if (!tok_is(t, k, "which") && !tok_is(t, k, "who"))
			continue;
		/* (the clause must run on to the phrase: no comma closes it) */
		if (!breaks_between(s, t->v[k - 1].end, t->v[k].start) ||
		    breaks_between(s, t->v[k].end, c->start))
			return false;
		/* (a clause that says a word of the question is what is
		 * asked: "reactor four, which EXPLODED on April 26, 1986") */
		for (size_t j = k - 1; j < first && j < TOKENS_MAX; j++)
			if (m->by[j] >= 0)
				return false;
		return true;
	}
	return false;
}

/* ---- the answer ---------------------------------------------------------- */

static bool same_text(const struct kb *kb, const struct candidate *a, const struct candidate *b)
{
	const char *sa = kb_sentence_at(kb, a->doc, NULL)->text;
	const char *sb = kb_sentence_at(kb, b->doc, NULL)->text;
	size_t la = a->end - a->start, lb = b->end - b->start;
	/* (a name and its last words, "Cuddihy" and "Niamh Cuddihy"; a
	 * phrase of another kind only alike) */
	const char *shorter = la < lb ? sa + a->start : sb + b->start;
	return text_same_name(sa + a->start, la, sb + b->start, lb) &&
	       (la == lb || (*shorter >= 'A' && *shorter <= 'Z'));
}

static int put_answer(const struct reading *r, const struct candidate *c, struct answer *out)
{
	const struct kb_article *art;
	const struct kb_sentence *s = kb_sentence_at(r->kb, c->doc, &art);
	struct strbuf sb = {0};
	if (c->says)
		strbuf_puts(&sb, c->says > 0 ? "Yes — " : "No — ");
	char first = s->text[c->start];
	strbuf_putc(&sb, first >= 'a' && first <= 'z' ? (char)(first - 'a' + 'A') : first);
	strbuf_append(&sb, s->text + c->start + 1, c->end - c->start - 1);
	/* ("at 7:20 a.m." ends on its own full stop) */
	if (s->text[c->end - 1] != '.')
		strbuf_putc(&sb, '.');
	if (strbuf_failed(&sb)) {
		strbuf_free(&sb);
		return BB_ENOMEM;
	}
	*out = (struct answer){ .status = ANSWER_FOUND, .text = strbuf_steal(&sb), .n_cites = 1 };
	out->cites[0] = (struct kb_cite){ .article = art, .sentence = s };
	return out->text ? 0 : BB_ENOMEM;
}

static bool one_holder(const struct reading *r, const struct candidate *all, size_t n,
		       struct candidate *best)
{
	bool one = true;
	for (size_t i = 0; i < n && one; i++)
		one = same_text(r->kb, &all[i], best);
	if (one)
		return true;
	const struct candidate *owned = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!all[i].owned)
			continue;
		if (owned && !same_text(r->kb, &all[i], owned))
			return false;
		owned = &all[i];
	}
	if (owned)
		*best = *owned;
	return owned != NULL;
}

/* For "who LEADS X" (leader_verb), does a token of t say the noun of
 * that verb ("leader")? */
static bool says_verbs_noun(const struct reading *r, const struct tokens *t)
{
	char verb[WORDNET_MAX_WORD + 1], noun[WORDNET_MAX_WORD + 1];
	if (!r->leader_verb || !r->wn ||
	    !wordnet_lemma(r->wn, WORDNET_VERB, r->t.v[r->role_at].word, verb))
		return false;
	for (size_t k = 0; k < t->n; k++)
		if (!text_is_stopword(t->v[k].word) &&
		    wordnet_lemma(r->wn, WORDNET_NOUN, t->v[k].word, noun) &&
		    wordnet_relates(r->wn, WORDNET_VERB, verb, SENSES, WORDNET_DERIVED, noun))
			return true;
	return false;
}

/* Does the sentence say what the question asks happened only as what
 * might be ("could", "was expected to")? A reason's own "could" is what
 * was feared, not a doubt on the event ("voted against, reflecting fears
 * that its clinic COULD be closed"). */
static bool happened_maybe(const struct reading *r, const char *s)
{
	struct candidate reason;
	bool why = r->kind == KIND_WHY && find_reasons(s, &reason, 1) == 1;
	/* ("she WOULD HAVE reduced the cut": what was not done) */
	return text_hypothetical_in(s, why ? reason.start : strlen(s)) || text_counterfactual(s);
}

/* Is the phrase c the whole a part is counted of: "27 of the
 * assembly's 71 SEATS", "64 of the 142 units"? */
static bool whole_of_part(const char *s, const struct tokens *t, const struct candidate *c)
{
	size_t k = 0;
	while (k < t->n && t->v[k].start < c->start)
		k++;
	if (k >= t->n || k < 2)
		return false;
	size_t j = k - 1;
	if (j > 0 && text_possessive(s, &t->v[j]))
		j--;
	if (j > 0 && tok_is(t, j, "the"))
		j--;
	return j > 0 && tok_is(t, j, "of") && t->v[j - 1].number;
}

/* Does "towards" or "toward" follow the phrase c? */
static bool towards_after(const char *s, const struct candidate *c)
{
	const char *p = s + c->end;
	while (*p == ' ')
		p++;
	return !strncmp(p, "towards ", 8) || !strncmp(p, "toward ", 7);
}

static int search(struct reading *r, struct answer *out)
{
	const struct index *idx = kb_index(r->kb);
	const char *terms[(MAX_WORDS + 1) * (MAX_ALTS + 1)];
	size_t n = 0;
	for (size_t i = 0; i < r->n_words; i++) {
		for (size_t k = 0; k < r->words[i].n; k++)
			terms[n++] = r->words[i].alt[k];
		if (r->words[i].people[0])
			terms[n++] = r->words[i].people;
	}
	for (size_t k = 0; k < r->focus.n; k++)
		terms[n++] = r->focus.alt[k];
	if (n == 0)
		return 1;
	struct index_hit hits[HITS] = { { .doc = (size_t)r->only_doc } };
	size_t nh = r->only_doc >= 0 ? 1 : index_search(idx, terms, n, hits, HITS);
	/* the sentence after a hit may give the figure, leaving the
	 * question's words to it ("asked for a ransom. They demanded $4.5
	 * million") */
	size_t docs[DOCS], nd = 0;
	for (size_t h = 0; h < nh; h++)
		for (size_t d = hits[h].doc; d <= hits[h].doc + (r->only_doc < 0); d++) {
			if (d > hits[h].doc && (d >= kb_sentence_count(r->kb) ||
						!leaves_to_before(r, d)))
				break;
			bool seen = false;
			for (size_t k = 0; k < nd && !seen; k++)
				seen = docs[k] == d;
			if (!seen)
				docs[nd++] = d;
		}
	struct candidate best = { .score = -1 }, rival = { .score = -1 }, all[DOCS];
	size_t n_all = 0;
	struct tokens t = {0};
	int rc = 0;
	for (size_t h = 0; h < nd; h++) {
		/* what was planned or may be is not what happened */
		if ((r->only_doc < 0 && !says_all(r, docs[h], false)) ||
		    (r->past && happened_maybe(r, kb_sentence_at(r->kb, docs[h], NULL)->text)))
			continue;
		const struct kb_article *art;
		const struct kb_sentence *s = kb_sentence_at(r->kb, docs[h], &art);
		tokens_free(&t);
		t = (struct tokens){0};
		if ((rc = kb_tokenize(r->kb, s->text, &t)) < 0)
			break;
		/* "which state has THE MOST clubs": a sentence that ranks
		 * nothing cannot say which is first */
		if (r->superlative && !number_ranks_any(r->wn, &t))
			continue;
		/* "the FIRST penalty" is not "a second penalty" */
		bool other_ordinal = false;
		for (size_t i = 0; i < r->t.n && !other_ordinal; i++)
			other_ordinal = text_ordinal_at(&r->t, i) &&
					text_only_another_ordinal(&r->t, i, &t);
		if (other_ordinal)
			continue;
		struct said m;
		double score = match(r, docs[h], &t, &m);
#ifdef TYPED_TRACE
		fprintf(stderr, "  hit %zu score %.2f: %s\n", docs[h], score, s->text);
#endif
		if (score < 0 || (score < rival.score && !r->generic_owner))
			continue;
		struct candidate found[8];
		size_t nf = find_kind(r, art, s->text, &t, &m, found, 8), kept = 0;
#ifdef TYPED_TRACE
		for (size_t i = 0; i < nf; i++)
			fprintf(stderr, "      [%.*s]\n", (int)(found[i].end - found[i].start),
				s->text + found[i].start);
#endif
		/* a sentence that says none of the words points back at the one
		 * before as a whole (see match) */
		bool whole = m.own == 0;
		/* the phrase must belong with the question's words (a name is
		 * already tied to the question's verb); with a word left
		 * unsaid, with every one of them ("Brix wrote THAT the
		 * majority ..." is no majority opinion) */
		for (size_t i = 0; i < nf; i++)
			if ((r->only_doc < 0 || in_clause(r, s->text, &t, &m, &found[i], true)) &&
			    (r->kind == KIND_WHO || r->kind == KIND_ROLE || r->kind == KIND_AGE ||
			     r->kind == KIND_ANYONE || r->kind == KIND_JOB ||
			     /* (the court that gives the verdict is tied to
			      * it: gives_verdict) */
			     r->judging || whole || in_clause(r, s->text, &t, &m, &found[i], false) ||
			     (found[i].kind_end &&
			      in_clause(r, s->text, &t, &m,
					&(struct candidate){ .start = found[i].kind_start,
							     .end = found[i].kind_end }, false))) &&
			    !(r->kind == KIND_WHERE && place_of_other_verb(r, s->text, &t, &m, &found[i])))
				found[kept++] = found[i];
#ifdef TYPED_TRACE
		fprintf(stderr, "    %zu phrases, %zu in a clause with the question's words\n", nf, kept);
#endif
		if (kept == 0)
			continue;
		/* two counts in one sentence: the one right beside a word of
		 * the question ("Two passengers DIED and 37 people were
		 * taken to hospital") */
		bool counted = r->kind == KIND_COUNT || r->kind == KIND_MONEY ||
			       r->kind == KIND_AMOUNT;
		/* "how much in TOTAL": not one of the figures of its kind a
		 * sentence lists ("pledged €100m, and ... €200m", "put one of
		 * its three lines on reduced shifts and moved 260 workers";
		 * but "back pay owed to the 212 engineers could reach 3.4
		 * million euros" gives one sum) */
		/* (nor a part given "towards" it: "ordered it to pay 650,000
		 * crowns TOWARDS a restoration plan") */
		if (counted && text_says_total(&r->t) && !text_says_total(&t) &&
		    !(kept == 1 && whole_of_part(s->text, &t, &found[0])) &&
		    (number_count(r->wn, s->text, &t,
				  r->kind == KIND_COUNT   ? NUMBER_COUNTS
				  : r->kind == KIND_MONEY ? NUMBER_SUMS
							  : NUMBER_ANY) > 1 ||
		     towards_after(s->text, &found[0])))
			continue;
		/* "what % did Kovel get": a poll's figure is no result, unless
		 * the poll is asked */
		if (counted && text_says_poll(&t) && !text_says_poll(&r->t))
			continue;
		/* nor one of a denied word ("NO party WON the 76 seats
		 * needed") */
		bool denied = false;
		for (size_t k = 0; k < t.n && k < TOKENS_MAX && counted && !denied; k++)
			denied = m.by[k] >= 0 && text_denied_at(&t, k);
		if (denied)
			continue;
		if (kept > 1 && counted &&
		    (beside_one(&t, &m, found, kept, false) ||
		     beside_one(&t, &m, found, kept, true)))
			kept = 1;
		if (kept > 1 && (r->kind == KIND_WHERE || r->kind == KIND_MEASURE) &&
		    nearest_one(r, s->text, &t, &m, found, kept, false))
			kept = 1;
		/* a date in a clause about a name the question does not
		 * say ("the Northern Customs Pact, WHICH ... WAS SET UP IN
		 * 2009") is that name's */
		if (r->kind == KIND_WHEN) {
			size_t own = 0;
			for (size_t i = 0; i < kept; i++)
				if (!in_other_relative(s->text, &t, &m, &found[i]) &&
				    !(m.verb_unsaid && !word_beside(s->text, &t, &m, &found[i])))
					found[own++] = found[i];
			if ((kept = own) == 0)
				continue;
		}
		/* two dates: the one by the question's last word, what it
		 * asks of its subject ("when does the quota take EFFECT":
		 * "announced the quota on Nov 3 and says it will take effect
		 * on Jan 1") */
		/* (unless one date is right beside a word of the question,
		 * where the verb is left out: "type 2 was eradicated in 2015
		 * and TYPE 3 in 2019") */
		if (kept > 1 && r->kind == KIND_WHEN &&
		    (beside_one(&t, &m, found, kept, false) ||
		     nearest_one(r, s->text, &t, &m, found, kept, true)))
			kept = 1;
		found[0].doc = docs[h];
		/* "who LED the expedition": of two leaders, the one the
		 * sentence calls by the verb's own noun ("the expedition
		 * LEADER", not "its director of exploration") */
		found[0].score = score + (says_verbs_noun(r, &t) ? 0.01 : 0);
		/* two phrases of the kind in one sentence: which one answers
		 * is not known */
		/* (a place may be given in parts; a measure in two units,
		 * "21 feet 4 inches (6.5 meters)") */
		if (kept > 1 && r->kind != KIND_WHERE && r->kind != KIND_MEASURE)
			continue;
		all[n_all++] = found[0];
		if (found[0].score > best.score) {
			rival = best;
			best = found[0];
		} else if (!same_text(r->kb, &found[0], &best)) {
			rival = found[0];
		} else if (found[0].end - found[0].start > best.end - best.start) {
			/* (the name in full: "Niamh Cuddihy", not "Cuddihy") */
			double kept_score = best.score;
			best = found[0];
			best.score = kept_score;
		}
	}
	tokens_free(&t);
	if (rc < 0)
		return rc;
	if (best.score < 0 || (rival.score >= best.score))
		return 1;
	/* a role of an owner the knowledge base does not name ("the mayor
	 * of the town"): the article's one holder of the role, or else the
	 * one the owner's word is said beside, or no answer */
	if (r->generic_owner && !one_holder(r, all, n_all, &best))
		return 1;
	if ((rc = put_answer(r, &best, out)) < 0)
		return rc;
	/* other sentences that give the same answer back it up */
	for (size_t i = 0; i < n_all && out->n_cites < ANSWER_MAX_CITES; i++)
		if (all[i].doc != best.doc && same_text(r->kb, &all[i], &best)) {
			const struct kb_article *art;
			const struct kb_sentence *s = kb_sentence_at(r->kb, all[i].doc, &art);
			out->cites[out->n_cites++] = (struct kb_cite){ .article = art, .sentence = s };
		}
	return 0;
}

/* One reading of `question` (see typed_answer); `leading_as_who` reads
 * "who RUNS X" as a question of who does it, not of X's leader. */
static int read_and_search(const struct kb *kb, const char *question, bool leading_as_who,
			   long only_doc, bool *leading, struct answer *out)
{
	struct reading *r = calloc(1, sizeof *r);
	if (!r)
		return BB_ENOMEM;
	r->kb = kb;
	r->wn = kb_wordnet(kb);
	r->verb = -1;
	r->role_at = -1;
	r->name_of = -1;
	r->figure_of = -1;
	r->sum_noun = -1;
	r->role_from = -1;
	r->owner_at = -1;
	r->owner_from = -1;
	r->job_from = -1;
	r->leading_as_who = leading_as_who;
	r->only_doc = only_doc;
	int rc = read_question(r, question);
	if (rc == 0)
		rc = search(r, out);
	*leading = r->leader_verb;
	tokens_free(&r->t);
	free(r);
	return rc;
}

int typed_answer(const struct kb *kb, const char *question, struct answer *out)
{
	bool leading = false;
	int rc = read_and_search(kb, question, false, -1, &leading, out);
	/* "who headed the delegation": its leader by role, else the one
	 * the article says led it ("Vasko, who led his country's
	 * delegation") */
	if (rc == 1 && leading)
		rc = read_and_search(kb, question, true, -1, &leading, out);
	return rc;
}

int typed_answer_in(const struct kb *kb, const char *question, size_t doc, struct answer *out)
{
	bool leading = false;
	return read_and_search(kb, question, false, (long)doc, &leading, out);
}
