/* Quantities in text: digits ("54", "3.7", "2,400") and number words and
 * phrases ("three", "twenty-five", "a million", "3.7 million", "half a
 * million", "tens of thousands", "hundreds"), with the words that hedge
 * them ("nearly", "over", "more than", "about", "at least"), read into a
 * value over a token list. */
#ifndef BB_NUMBER_H
#define BB_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/text.h"
#include "knowledge/wordnet.h"

struct number_phrase {
	double value;       /* "tens of thousands" -> 10000 (the least it says) */
	bool approximate;   /* hedged ("nearly"), or a vague plural ("hundreds") */
	size_t first, count;  /* the tokens of the phrase, hedges included */
	size_t unit;        /* the token after the phrase (what is counted),
			     * or t->n when there is none */
};

/* Reads the number phrase that starts at token `i` of `t`. Returns true and
 * fills `out` when there is one; false otherwise (a word such as "one" in
 * "one-on-one" or "a" alone is not a number). */
bool number_parse(const struct tokens *t, size_t i, struct number_phrase *out);

/* Is `word` (folded) a number word ("three", "million", "dozens")? */
bool number_is_word(const char *word);

/* Is the number phrase `np` of `t` (tokens of the text `s`) a share:
 * "85 percent", "12 per cent", "28%", "half a percentage point", "a
 * third"? Sets *end, when not NULL, to its last token. */
bool number_is_share(const char *s, const struct tokens *t, const struct number_phrase *np,
		     size_t *end);

/* For a share that ends at token `end` of t, the first word of what it
 * is a share of ("40 percent of MORTGAGES", "a third of THE rail
 * cars"), or t->n when it names none. */
size_t number_share_of(const struct tokens *t, size_t end);

/* Is `word` (folded) a dimension a "how ..." question measures ("how
 * BIG", "how FAST", "how FAR")? */
bool number_is_dimension(const char *word);

/* Is the number phrase np of the tokens t of text s a sum of money: a
 * currency sign inside it ("at least $300 billion") or a currency after
 * it ("18.5 million crowns", "30 billion Danish crowns")? Sets *end, when
 * not NULL and the currency follows, to the currency's token. */
bool number_is_money(const struct wordnet *wn, const char *s, const struct tokens *t,
		     const struct number_phrase *np, size_t *end);

/* Is token u of t a span of time ("minutes", "months", "decades"),
 * which counts and measures nothing but time? */
bool number_time_at(const struct wordnet *wn, const struct tokens *t, size_t u);

/* Does the question (its tokens q) ask an exact figure ("how many
 * EXACTLY", "the PRECISE number")? Then a hedged or vague one ("about
 * 300", "thousands") does not answer it. */
bool number_exact_asked(const struct tokens *q);

/* Is `word` four digits that may be a year ("1998", "2026")? */
bool number_is_year(const char *word);

/* Is the figure at tokens first .. end-1 of t part of a date: a day
 * beside its month, short forms too ("Oct 24", "3 July"), or a year
 * ("2019")? */
bool number_in_date(const struct tokens *t, size_t first, size_t end);

/* Is token k of t (tokens of text s) a person's age as news copy gives
 * it beside a name: "Hofer, 24,", "Kittinger, now 84,", "Kittinger,
 * aged 84", "Kittinger (84)"? Sets *name, when not NULL, to the name's
 * last token. */
bool number_age_at(const char *s, const struct tokens *t, size_t k, size_t *name);

/* Which number phrases number_count counts: all; only those that count
 * things (no share, span of time or sum); only sums of money. */
enum number_kind { NUMBER_ANY, NUMBER_COUNTS, NUMBER_SUMS };

/* How many number phrases of the kind the tokens t of text s hold ("three
 * lines ... about 260 workers": 2 of any kind; "71.3 per cent, the
 * highest in two decades, with 4.2 million ballots cast": 1 count). */
size_t number_count(const struct wordnet *wn, const char *s, const struct tokens *t,
		    enum number_kind kind);

/* A speed, which WordNet has no one class for: number_unit_at reads it
 * as a length per a unit of time ("250 kilometres per hour"), "mph" or
 * "knots". */
#define NUMBER_SPEED "speed"

/* WordNet's class of the units of heat ("degrees"). */
#define NUMBER_TEMPERATURE "temperature unit"

/* The WordNet class of the unit a "how DIMENSION" question is measured
 * in: "heavy" -> "mass unit"; "tall", "deep", "wide", "far", "long",
 * "high" -> "linear unit"; "fast", "quick" -> NUMBER_SPEED; "hot",
 * "cold", "warm" -> NUMBER_TEMPERATURE; any other ("big") -> "unit of
 * measurement". */
const char *number_unit_kind(const char *dimension);

/* Is token u of t a unit of the WordNet kind `unit` ("linear unit",
 * "unit of measurement"), money never: a word ("metres"), one after
 * "square" or "cubic", or two hyphened words ("light-years")? Sets *end,
 * when not NULL, to its last token. */
bool number_unit_at(const struct wordnet *wn, const struct tokens *t, size_t u, const char *unit,
		    size_t *end);

/* Does the question `q` ask a figure for each one of something ("how
 * much does EACH household get", "PER person"), not a rate in time ("per
 * day", "each year": the article may say "$15 million a day")? */
bool number_each_asked(const struct wordnet *wn, const struct tokens *q);

/* Is the figure that ends at token `end` of t given for each one of
 * something ("$78 FOR EACH customer", "$5 PER head", "$2 EACH", "$9
 * APIECE"), not for a span of time ("per hour")? */
bool number_for_each(const struct wordnet *wn, const struct tokens *t, size_t end);

/* Is the figure whose first token is `first` given to each one named
 * just before it ("pay EACH affected customer 150 crowns")? */
bool number_each_before(const struct tokens *t, size_t first);

/* Is token k a superlative: "most", "least", or an adjective's -est
 * form ("biggest", "largest", "fewest")? */
bool number_superlative_at(const struct wordnet *wn, const struct tokens *t, size_t k);

/* Does any token of t rank ("the MOST clubs", "its BIGGEST")? */
bool number_ranks_any(const struct wordnet *wn, const struct tokens *t);

/* Is the figure whose first token is `first` one that only would or
 * could be ("a coalition WOULD COMMAND 48 seats"), not one that is? With
 * `will`, for a question about what happened, one that only will be
 * counts too ("how many seats did they win": not "the coalition WILL
 * HOLD 33 seats"; but "what stake do owners end up with": "owners will
 * receive about 40%"). */
bool number_would_be(const struct tokens *t, size_t first, bool will);

/* Does the question `q` ask what would, could or will be ("how many seats
 * WOULD they have"), which such a figure answers? */
bool number_may_be_asked(const struct tokens *q);

/* Is the figure whose first token is `first` what something must reach,
 * not what it did ("a change MUST win ... a majority in at least seven
 * provinces")? A word of requirement earlier in its clause says so. */
bool number_required(const char *s, const struct tokens *t, size_t first);

/* Does the question `q` ask what is required ("how many votes does it
 * NEED", "what is the threshold")? */
bool number_requirement_asked(const struct tokens *q);

#endif
