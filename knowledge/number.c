#include "knowledge/number.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

enum kind { UNIT, TENS, HUNDRED, SCALE, DOZEN, VAGUE, HALF };

struct number_word {
	const char *word;
	double value;
	enum kind kind;
};

static const struct number_word words[] = {
	{ "zero", 0, UNIT }, { "one", 1, UNIT }, { "two", 2, UNIT }, { "three", 3, UNIT },
	{ "four", 4, UNIT }, { "five", 5, UNIT }, { "six", 6, UNIT }, { "seven", 7, UNIT },
	{ "eight", 8, UNIT }, { "nine", 9, UNIT }, { "ten", 10, UNIT }, { "eleven", 11, UNIT },
	{ "twelve", 12, UNIT }, { "thirteen", 13, UNIT }, { "fourteen", 14, UNIT },
	{ "fifteen", 15, UNIT }, { "sixteen", 16, UNIT }, { "seventeen", 17, UNIT },
	{ "eighteen", 18, UNIT }, { "nineteen", 19, UNIT }, { "twenty", 20, TENS },
	{ "thirty", 30, TENS }, { "forty", 40, TENS }, { "fifty", 50, TENS }, { "sixty", 60, TENS },
	{ "seventy", 70, TENS }, { "eighty", 80, TENS }, { "ninety", 90, TENS },
	{ "hundred", 100, HUNDRED }, { "thousand", 1e3, SCALE }, { "million", 1e6, SCALE },
	{ "billion", 1e9, SCALE }, { "trillion", 1e12, SCALE }, { "dozen", 12, DOZEN },
	{ "tens", 10, VAGUE }, { "dozens", 12, VAGUE }, { "scores", 20, VAGUE },
	{ "hundreds", 100, VAGUE }, { "thousands", 1e3, VAGUE }, { "millions", 1e6, VAGUE },
	{ "billions", 1e9, VAGUE }, { "half", 0.5, HALF },
};

/* Words that hedge a number, alone or as the first of two. */
static const char *const hedges[] = {
	"about", "almost", "approximately", "around", "estimated", "just", "nearly", "over",
	"roughly", "some", "under", NULL,
};
static const char *const hedge_pairs[][2] = {
	{ "more", "than" }, { "less", "than" }, { "fewer", "than" }, { "at", "least" },
	{ "up", "to" }, { "as", "many" }, { "as", "much" }, { NULL, NULL },
};

/* Is w the word `want`? The first letters are compared first: most
 * words of a sentence are no number word, and this is asked of each. */
static bool same_word(const char *w, const char *want)
{
	return w[0] == want[0] && strcmp(w, want) == 0;
}

static const struct number_word *lookup(const char *w)
{
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (same_word(w, words[i].word))
			return &words[i];
	return NULL;
}

/* A scale written glued to the number before it: "bn" of "$1.9bn", "m"
 * of "$95m" (news copy's million, not its metre, in money and counts
 * alike), "k" of "40k". The tokenizer splits them off (text.c). */
static const struct number_word *glued_scale(const struct tokens *t, size_t j)
{
	static const struct number_word scales[] = {
		{ "bn", 1e9, SCALE }, { "m", 1e6, SCALE }, { "mn", 1e6, SCALE }, { "k", 1e3, SCALE },
		{ "tn", 1e12, SCALE },
	};
	if (j == 0 || !t->v[j - 1].number || t->v[j].start != t->v[j - 1].end)
		return NULL;
	for (size_t i = 0; i < sizeof scales / sizeof *scales; i++)
		if (same_word(t->v[j].word, scales[i].word))
			return &scales[i];
	return NULL;
}

/* The number word token j is: a scale glued to the number before it, or
 * a word of its own. */
static const struct number_word *number_word_at(const struct tokens *t, size_t j)
{
	const struct number_word *glued = glued_scale(t, j);
	return glued ? glued : lookup(t->v[j].word);
}

bool number_is_word(const char *word)
{
	return lookup(word) != NULL;
}

static bool word_is(const struct tokens *t, size_t i, const char *w)
{
	return i < t->n && same_word(t->v[i].word, w);
}

/* May token j be read as (part of) a number? Not a piece of a hyphenated
 * word made of other words ("one-on-one"), not digits glued to a name
 * ("S-400"). */
static bool may_count(const struct tokens *t, size_t j)
{
	const struct token *tok = &t->v[j];
	if (tok->number)
		return !(tok->joined && j > 0 && !t->v[j - 1].number);
	if (!tok->fragment)
		return true;
	size_t a = j, b = j;
	while (a > 0 && t->v[a].joined)
		a--;
	while (b + 1 < t->n && t->v[b + 1].joined)
		b++;
	for (size_t k = a; k <= b; k++)
		if (!t->v[k].number && !lookup(t->v[k].word))
			return false;
	return true;
}

/* "2,400" -> 2400, "3.7" -> 3.7. */
static double digits_value(const char *w)
{
	char buf[TEXT_MAX_WORD + 1];
	size_t n = 0;
	for (; *w && n < TEXT_MAX_WORD; w++)
		if (*w != ',')
			buf[n++] = *w;
	buf[n] = '\0';
	return strtod(buf, NULL);
}

/* Skips the hedges before a number; returns the index after them. */
static size_t skip_hedges(const struct tokens *t, size_t j, bool *hedged)
{
	for (;;) {
		bool hit = false;
		for (size_t h = 0; hedges[h] && !hit; h++)
			hit = word_is(t, j, hedges[h]);
		if (hit) {
			*hedged = true;
			j++;
			continue;
		}
		for (size_t h = 0; hedge_pairs[h][0] && !hit; h++)
			hit = word_is(t, j, hedge_pairs[h][0]) && word_is(t, j + 1, hedge_pairs[h][1]);
		if (!hit)
			return j;
		*hedged = true;
		j += 2;
	}
}

bool number_parse(const struct tokens *t, size_t i, struct number_phrase *out)
{
	/* a range, "between 9 and 14 cents": one phrase, its upper bound */
	struct number_phrase low, high;
	if (word_is(t, i, "between") && number_parse(t, i + 1, &low) && word_is(t, low.unit, "and") &&
	    number_parse(t, low.unit + 1, &high)) {
		*out = (struct number_phrase){
			.value = high.value,
			.approximate = true,
			.first = i,
			.count = high.first + high.count - i,
			.unit = high.unit,
		};
		return true;
	}
	bool approx = false;
	size_t j = skip_hedges(t, i, &approx);
	double total = 0, cur = 0;
	bool any = false;
	enum kind prev = UNIT;
	while (j < t->n && may_count(t, j)) {
		const struct token *tok = &t->v[j];
		const struct number_word *nw = tok->number ? NULL : number_word_at(t, j);
		const struct number_word *next = j + 1 < t->n ? number_word_at(t, j + 1) : NULL;
		bool scale_next = next && (next->kind == SCALE || next->kind == HUNDRED ||
					   next->kind == DOZEN);
		if (tok->number) {
			if (any)
				break;
			cur = digits_value(tok->word);
		} else if (!nw && any && word_is(t, j, "and") && j + 2 < t->n && word_is(t, j + 1, "a") &&
			   word_is(t, j + 2, "half")) {
			/* "three and a half hours": the end of the phrase */
			cur += 0.5;
			j += 3;
			break;
		} else if (!nw) {
			/* "a million", "half a million", "one hundred and five",
			 * "tens of thousands" */
			bool glue = ((word_is(t, j, "a") || word_is(t, j, "an")) && scale_next &&
				     (!any || prev == HALF)) ||
				    (word_is(t, j, "and") && any && next &&
				     (next->kind == UNIT || next->kind == TENS) && prev != UNIT) ||
				    (word_is(t, j, "of") && any && prev == VAGUE && next &&
				     next->kind == VAGUE);
			if (!glue)
				break;
			if (!any)
				cur = 1;
			j++;
			continue;
		} else if (nw->kind == UNIT || nw->kind == TENS) {
			/* "twenty five", "hundred five"; never "five three" */
			if (any && !(prev == TENS && nw->kind == UNIT) && prev != HUNDRED &&
			    prev != SCALE)
				break;
			cur += nw->value;
		} else if (nw->kind == SCALE || nw->kind == HUNDRED) {
			double scaled = (any || cur > 0 ? cur : 1) * nw->value;
			if (nw->kind == SCALE) {
				total += scaled;
				cur = 0;
			} else {
				cur = scaled;
			}
		} else if (nw->kind == DOZEN) {
			cur = (cur > 0 ? cur : 1) * nw->value;
		} else if (nw->kind == VAGUE) {
			cur = (any && cur > 0 ? cur : 1) * nw->value;
			approx = true;
		} else {  /* half */
			if (any)
				break;
			cur = nw->value;
		}
		any = true;
		prev = tok->number ? UNIT : nw->kind;
		j++;
	}
	if (!any)
		return false;
	/* "one" alone, unhedged, is mostly a pronoun ("one of them") */
	if (j == i + 1 && word_is(t, i, "one"))
		return false;
	*out = (struct number_phrase){
		.value = total + cur,
		.approximate = approx,
		.first = i,
		.count = j - i,
		.unit = j,
	};
	return true;
}

bool number_is_money(const struct wordnet *wn, const char *s, const struct tokens *t,
		     const struct number_phrase *np, size_t *end)
{
	size_t last = np->first + np->count - 1;
	for (size_t j = np->first; j <= last; j++)
		if (text_currency_before(s, t->v[j].start) > 0)
			return true;
	/* the currency right after it, or after the name of its country
	 * ("30 billion DANISH crowns") */
	size_t u = np->unit;
	if (u + 1 < t->n && t->v[u].capitalized && !text_is_stopword(t->v[u].word) &&
	    wordnet_currency(wn, t->v[u + 1].word))
		u++;
	if (u >= t->n || text_is_stopword(t->v[u].word) || !wordnet_currency(wn, t->v[u].word))
		return false;
	if (end)
		*end = u;
	return true;
}

bool number_time_at(const struct wordnet *wn, const struct tokens *t, size_t u)
{
	return number_unit_at(wn, t, u, "time unit", NULL) ||
	       number_unit_at(wn, t, u, "time period", NULL);
}

size_t number_count(const struct wordnet *wn, const char *s, const struct tokens *t,
		    enum number_kind kind)
{
	size_t n = 0;
	for (size_t k = 0; k < t->n; k++) {
		struct number_phrase np;
		if (!number_parse(t, k, &np))
			continue;
		k = np.first + np.count - 1;
		/* (what a figure is, asked only of the kinds that need it) */
		if (kind == NUMBER_ANY)
			n++;
		else if (kind == NUMBER_SUMS)
			n += number_is_money(wn, s, t, &np, NULL);
		else
			n += !number_is_money(wn, s, t, &np, NULL) &&
			     !number_is_share(s, t, &np, NULL) && !number_time_at(wn, t, np.unit);
	}
	return n;
}

bool number_is_share(const char *s, const struct tokens *t, const struct number_phrase *np,
		     size_t *end)
{
	static const char *const shares[] = {
		"percent", "per", "pct", "percentage", "half", "third", "thirds", "quarter",
		"quarters", NULL,
	};
	size_t last = np->first + np->count - 1, u = np->unit, at = last;
	bool share = false;
	/* ("half A percentage point") */
	if (u + 1 < t->n && !strcmp(t->v[u].word, "a"))
		u++;
	if (u < t->n && text_in_list(t->v[u].word, shares)) {
		bool per = !strcmp(t->v[u].word, "per");
		/* "per cent", "percentage point" ("12 per day" is none) */
		share = !per || (u + 1 < t->n && !strcmp(t->v[u + 1].word, "cent"));
		at = u + (u + 1 < t->n && (per || !strcmp(t->v[u].word, "percentage")));
	}
	/* "28%": the sign is no token; "a third" */
	if (!share) {
		at = last;
		share = s[t->v[last].end] == '%' || text_in_list(t->v[last].word, shares);
	}
	if (share && end)
		*end = at;
	return share;
}

bool number_is_dimension(const char *word)
{
	static const char *const dimensions[] = {
		"big", "large", "small", "deep", "wide", "tall", "far", "long", "high", "low",
		"heavy", "fast", "quick", "quickly", "hot", "cold", "warm", NULL,
	};
	return text_in_list(word, dimensions);
}

const char *number_unit_kind(const char *dimension)
{
	static const char *const lengths[] = { "deep", "wide", "tall", "far", "long", "high", NULL };
	static const char *const speeds[] = { "fast", "quick", "quickly", NULL };
	static const char *const temperatures[] = { "hot", "cold", "warm", NULL };
	if (!strcmp(dimension, "heavy"))
		return "mass unit";
	if (text_in_list(dimension, temperatures))
		return NUMBER_TEMPERATURE;
	if (text_in_list(dimension, speeds))
		return NUMBER_SPEED;
	return text_in_list(dimension, lengths) ? "linear unit" : "unit of measurement";
}

/* Is the noun `word` (any inflection) a kind of `unit`, and not money? */
static bool lemma_is_unit(const struct wordnet *wn, const char *lemma, const char *unit)
{
	/* (a degree of heat is WordNet's sixth sense of "degree"; few words
	 * name a temperature in any sense) */
	unsigned senses = !strcmp(unit, NUMBER_TEMPERATURE) ? 8 : 2;
	return wordnet_is_a(wn, WORDNET_NOUN, lemma, senses, unit, 10) &&
	       !wordnet_is_a(wn, WORDNET_NOUN, lemma, 2, "monetary unit", 10);
}

static bool is_unit(const struct wordnet *wn, const char *word, const char *unit)
{
	char lemma[WORDNET_MAX_WORD + 1];
	/* (after a number, "minutes" is the plural of "minute", not the
	 * record of a meeting) */
	return (wordnet_lemma(wn, WORDNET_NOUN, word, lemma) && lemma_is_unit(wn, lemma, unit)) ||
	       (wordnet_regular_base(wn, WORDNET_NOUN, word, lemma) &&
		lemma_is_unit(wn, lemma, unit));
}

/* A speed at token u: "mph", "knots", or a length per a unit of time
 * ("250 kilometres PER HOUR", "80 km an hour", "km/h"). */
static bool speed_at(const struct wordnet *wn, const struct tokens *t, size_t u, size_t *end)
{
	static const char *const speeds[] = { "mph", "kph", "knot", "knots", "kmh", NULL };
	static const char *const per[] = { "per", "an", "a", NULL };
	size_t last = u;
	if (text_in_list(t->v[u].word, speeds))
		last = u;
	else if (!is_unit(wn, t->v[u].word, "linear unit"))
		return false;
	else if (u + 1 < t->n && t->v[u + 1].joined && (!strcmp(t->v[u + 1].word, "h") ||
							 !strcmp(t->v[u + 1].word, "hr")))
		last = u + 1;
	else if (u + 2 < t->n && text_in_list(t->v[u + 1].word, per) &&
		 is_unit(wn, t->v[u + 2].word, "time unit"))
		last = u + 2;
	else
		return false;
	if (end)
		*end = last;
	return true;
}

bool number_unit_at(const struct wordnet *wn, const struct tokens *t, size_t u, const char *unit,
		    size_t *end)
{
	if (!wn || u >= t->n || text_is_stopword(t->v[u].word))
		return false;
	if (!strcmp(unit, NUMBER_SPEED))
		return speed_at(wn, t, u, end);
	/* ("11 billion CUBIC metres" is no length) */
	bool squared = u + 1 < t->n && (!strcmp(t->v[u].word, "square") || !strcmp(t->v[u].word, "cubic"));
	bool after_squared = u > 0 && (!strcmp(t->v[u - 1].word, "square") ||
				       !strcmp(t->v[u - 1].word, "cubic"));
	if ((squared || after_squared) && !strcmp(unit, "linear unit"))
		return false;
	if (squared)
		u++;
	size_t last = u;
	char both[2 * TEXT_MAX_WORD + 2];
	if (u + 1 < t->n && t->v[u + 1].joined &&
	    snprintf(both, sizeof both, "%s_%s", t->v[u].word, t->v[u + 1].word) <
		    (int)sizeof both &&
	    is_unit(wn, both, unit))
		last = u + 1;
	else if (!is_unit(wn, t->v[u].word, unit))
		return false;
	if (end)
		*end = last;
	return true;
}

size_t number_share_of(const struct tokens *t, size_t end)
{
	if (end + 2 >= t->n || strcmp(t->v[end + 1].word, "of") != 0)
		return t->n;
	return end + 2;
}

/* Does `word` (folded) give a figure for each one? */
static bool each_word(const char *word)
{
	static const char *const each[] = { "each", "every", "per", "apiece", NULL };
	return text_in_list(word, each);
}

/* Is token k of t a span of time ("day", "year")? */
static bool time_noun(const struct wordnet *wn, const struct tokens *t, size_t k)
{
	char lemma[WORDNET_MAX_WORD + 1];
	return k < t->n && wordnet_lemma(wn, WORDNET_NOUN, t->v[k].word, lemma) &&
	       (wordnet_is_a(wn, WORDNET_NOUN, lemma, 1, "time unit", 6) ||
		wordnet_is_a(wn, WORDNET_NOUN, lemma, 1, "time period", 6));
}

bool number_each_asked(const struct wordnet *wn, const struct tokens *q)
{
	static const char *const asking[] = { "does", "do", "did", "is", "was", "would", "will", NULL };
	for (size_t i = 0; i + 1 < q->n; i++) {
		/* ("how much does ONE pen cost": any one of them; not "did
		 * one OF them sell") */
		bool one = !strcmp(q->v[i].word, "one") && i > 0 &&
			   text_in_list(q->v[i - 1].word, asking) && strcmp(q->v[i + 1].word, "of") != 0;
		if (!each_word(q->v[i].word) && !one)
			continue;
		/* the noun after it, maybe after another ("each STRIKE day") */
		size_t head = i + 1;
		if (head + 1 < q->n && !text_is_stopword(q->v[head + 1].word) &&
		    time_noun(wn, q, head + 1))
			head++;
		return !time_noun(wn, q, head);
	}
	return false;
}

bool number_for_each(const struct wordnet *wn, const struct tokens *t, size_t end)
{
	size_t k = end + 1;
	/* ("for each", "to every bottle", "on each ticket") */
	if (k + 1 < t->n &&
	    (!strcmp(t->v[k].word, "for") || !strcmp(t->v[k].word, "to") ||
	     !strcmp(t->v[k].word, "on")) &&
	    (!strcmp(t->v[k + 1].word, "each") || !strcmp(t->v[k + 1].word, "every")))
		k += 2;
	else if (k < t->n && (!strcmp(t->v[k].word, "per") || !strcmp(t->v[k].word, "each") ||
			      /* ("$300 A tonne") */
			      (k + 1 < t->n &&
			       (!strcmp(t->v[k].word, "a") || !strcmp(t->v[k].word, "an")) &&
			       !t->v[k + 1].number)))
		k++;
	else
		return k < t->n && !strcmp(t->v[k].word, "apiece");
	return !time_noun(wn, t, k);
}

bool number_each_before(const struct tokens *t, size_t first)
{
	/* "each" or "every", then the one or two words that say each what */
	for (size_t j = first; j-- > 0 && first - j <= 3;) {
		if (!strcmp(t->v[j].word, "each") || !strcmp(t->v[j].word, "every"))
			return j + 1 < first;
		if (t->v[j].number || text_is_stopword(t->v[j].word))
			return false;
	}
	return false;
}

/* Is there a comma or a bracket between tokens a and a + 1 of t? */
static bool set_off(const char *s, const struct tokens *t, size_t a)
{
	size_t to = a + 1 < t->n ? t->v[a + 1].start : strlen(s);
	for (size_t i = t->v[a].end; i < to; i++)
		if (strchr(",()", s[i]))
			return true;
	return a + 1 == t->n;
}

bool number_age_at(const char *s, const struct tokens *t, size_t k, size_t *name)
{
	static const char *const before_age[] = { "now", "then", "aged", "age", NULL };
	char *end;
	if (k == 0 || k >= t->n || !t->v[k].number)
		return false;
	long age = strtol(t->v[k].word, &end, 10);
	if (*end || age < 1 || age > 120)
		return false;
	size_t j = k - 1;
	if (j > 0 && text_in_list(t->v[j].word, before_age))
		j--;
	/* NAME, (now|aged) AGE, closed by a comma, a bracket or the end */
	if (!t->v[j].capitalized || !set_off(s, t, j) || !set_off(s, t, k))
		return false;
	if (name)
		*name = j;
	return true;
}

bool number_is_year(const char *word)
{
	return strlen(word) == 4 && strspn(word, "0123456789") == 4 &&
	       (word[0] == '1' || word[0] == '2');
}

bool number_in_date(const struct tokens *t, size_t first, size_t end)
{
	return (end == first + 1 && number_is_year(t->v[first].word)) || text_month_at(t, end) ||
	       (first > 0 && text_month_at(t, first - 1));
}

bool number_exact_asked(const struct tokens *q)
{
	static const char *const exact[] = { "exactly", "precisely", "exact", "precise", NULL };
	for (size_t i = 0; i < q->n; i++)
		if (text_in_list(q->v[i].word, exact))
			return true;
	return false;
}

/* Is token k a superlative: "most", "least", or an adjective's -est
 * form ("biggest", "largest", "fewest")? */
bool number_superlative_at(const struct wordnet *wn, const struct tokens *t, size_t k)
{
	const char *w = t->v[k].word;
	size_t len = strlen(w);
	char lemma[WORDNET_MAX_WORD + 1];
	if (!strcmp(w, "most") || !strcmp(w, "least"))
		return true;
	return wn && len > 4 && !strcmp(w + len - 3, "est") && !t->v[k].capitalized &&
	       wordnet_lemma(wn, WORDNET_ADJ, w, lemma) && strcmp(lemma, w) != 0;
}

bool number_ranks_any(const struct wordnet *wn, const struct tokens *t)
{
	for (size_t k = 0; k < t->n; k++)
		if (number_superlative_at(wn, t, k))
			return true;
	return false;
}

bool number_would_be(const struct tokens *t, size_t first, bool will)
{
	static const char *const would[] = { "would", "could", NULL };
	/* (maybe hedged, or made exact: "could reach UP TO 4 percent",
	 * "would give EXACTLY 37 seats") */
	static const char *const exact[] = { "exactly", "only", "precisely", NULL };
	for (;;) {
		if (first > 0 && (text_in_list(t->v[first - 1].word, hedges) ||
				  text_in_list(t->v[first - 1].word, exact))) {
			first--;
			continue;
		}
		bool pair = false;
		for (size_t h = 0; hedge_pairs[h][0] && !pair && first > 1; h++)
			pair = word_is(t, first - 2, hedge_pairs[h][0]) &&
			       word_is(t, first - 1, hedge_pairs[h][1]);
		if (!pair)
			break;
		first -= 2;
	}
	/* (its verb's object: "would COMMAND 48 seats", not "would study
	 * the 84-page judgment"; and not a plan told: "SAID it would send
	 * 500,000 doses") */
	if (first < 2 || !(text_in_list(t->v[first - 2].word, would) ||
			   (will && !strcmp(t->v[first - 2].word, "will"))))
		return false;
	for (size_t j = first - 2; j-- > 0 && first - 2 - j <= 6;)
		if (text_reports_speech(t->v[j].word))
			return false;
	return true;
}

bool number_may_be_asked(const struct tokens *q)
{
	static const char *const may[] = { "would", "could", "will", NULL };
	for (size_t k = 0; k < q->n; k++)
		if (text_in_list(q->v[k].word, may) ||
		    (!strcmp(q->v[k].word, "going") && k + 1 < q->n && !strcmp(q->v[k + 1].word, "to")))
			return true;
	return false;
}

static const char *const requiring[] = {
	"must", "need", "needs", "needed", "require", "requires", "required", "minimum", NULL,
};

bool number_required(const char *s, const struct tokens *t, size_t first)
{
	/* (a clause of its own ends the search: "must hold talks BEFORE a
	 * panel of three members is appointed") */
	static const char *const opening[] = {
		"before", "after", "when", "until", "while", "if", "because", "which", "who", "that", NULL,
	};
	for (size_t j = first; j-- > 0 && first - j <= 14;) {
		if (text_clause_break(s, t, j) || text_in_list(t->v[j].word, opening))
			return false;
		if (text_in_list(t->v[j].word, requiring))
			return true;
	}
	return false;
}

bool number_requirement_asked(const struct tokens *q)
{
	for (size_t k = 0; k < q->n; k++)
		if (text_in_list(q->v[k].word, requiring) || !strcmp(q->v[k].word, "threshold") ||
		    (!strcmp(q->v[k].word, "at") && k + 1 < q->n && !strcmp(q->v[k + 1].word, "least")))
			return true;
	return false;
}
