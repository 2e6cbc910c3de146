/* knowledge/number: quantities in digits and in words. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "knowledge/number.h"
#include "knowledge/text.h"

/* Parses the number phrase at the start of `s`; checks its value, whether
 * it is hedged, and the word it counts ("" for none). */
static void assert_number(const char *s, double value, bool approx, const char *unit)
{
	struct tokens t = {0};
	struct number_phrase np;
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	assert_true(number_parse(&t, 0, &np));
	assert_true(np.value > value - 1e-6 && np.value < value + 1e-6);
	assert_int_equal(np.approximate, approx);
	assert_int_equal(np.first, 0);
	assert_string_equal(np.unit < t.n ? t.v[np.unit].word : "", unit);
	tokens_free(&t);
}

static void assert_no_number(const char *s)
{
	struct tokens t = {0};
	struct number_phrase np;
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	assert_false(number_parse(&t, 0, &np));
	tokens_free(&t);
}

/* Tokenizes s into t (freed by the caller) and returns the index of the
 * token `word`, which must be in it. */
static size_t token_of(const char *s, struct tokens *t, const char *word)
{
	assert_int_equal(text_tokenize(s, strlen(s), t), 0);
	size_t k = 0;
	while (k < t->n && strcmp(t->v[k].word, word) != 0)
		k++;
	assert_true(k < t->n);
	return k;
}

/* Tokenizes s into t (freed by the caller) and parses the number phrase
 * that opens it. */
static void opening_phrase(const char *s, struct tokens *t, struct number_phrase *np)
{
	*t = (struct tokens){0};
	assert_int_equal(text_tokenize(s, strlen(s), t), 0);
	assert_true(number_parse(t, 0, np));
}

/* The installed WordNet; the test is skipped without one. */
static struct wordnet *installed_wordnet(void)
{
	struct wordnet *wn = wordnet_open("/usr/share/wordnet");
	if (!wn)
		skip();
	return wn;
}

static void test_digits(void **state)
{
	assert_number("54 people", 54, false, "people");
	assert_number("3.7 million Syrians", 3.7e6, false, "syrians");
	assert_number("2,400 megawatts", 2400, false, "megawatts");
	assert_number("over 100 dead", 100, true, "dead");
	assert_number("more than 500", 500, true, "");
}

static void test_words(void **state)
{
	assert_number("three warplanes", 3, false, "warplanes");
	assert_number("twenty-five soldiers", 25, false, "soldiers");
	assert_number("a million people", 1e6, false, "people");
	assert_number("nearly a million people", 1e6, true, "people");
	assert_number("half a million", 5e5, false, "");
	assert_number("tens of thousands of refugees", 1e4, true, "of");
	assert_number("hundreds", 100, true, "");
	assert_number("one hundred and five days", 105, false, "days");
	assert_number("a dozen ships", 12, false, "ships");
	assert_number("two thousand", 2000, false, "");
	assert_number("three and a half hours", 3.5, false, "hours");
	assert_number("2 and a half years", 2.5, false, "years");
	/* a range: one phrase, its upper bound, approximate */
	assert_number("between 9 and 14 cents", 14, true, "cents");
	assert_true(number_is_word("million"));
	assert_false(number_is_word("many"));
}

static void test_not_numbers(void **state)
{
	assert_no_number("one of them");
	assert_no_number("one-on-one meeting");
	assert_no_number("S-400 missiles");
	assert_no_number("a meeting");
	assert_no_number("about the talks");
	assert_no_number("");
	/* "five three" is two numbers; the first ends at five */
	assert_number("five three", 5, false, "three");
}

/* A scale glued to its number ("$1.9bn", "95m") scales it; written apart
 * ("5 m") it is a word of its own. */
static void test_glued_scales(void **state)
{
	(void)state;
	assert_number("1.9bn euros", 1.9e9, false, "euros");
	assert_number("95m people", 95e6, false, "people");
	assert_number("40k runners", 4e4, false, "runners");
	assert_number("5 m wall", 5, false, "m");
}

/* The unit a "how DIMENSION" question is measured in. */
static void test_unit_kinds(void **state)
{
	(void)state;
	assert_string_equal(number_unit_kind("heavy"), "mass unit");
	assert_string_equal(number_unit_kind("tall"), "linear unit");
	assert_string_equal(number_unit_kind("far"), "linear unit");
	assert_string_equal(number_unit_kind("hot"), NUMBER_TEMPERATURE);
	assert_true(number_is_dimension("cold"));
	assert_string_equal(number_unit_kind("big"), "unit of measurement");
	assert_string_equal(number_unit_kind(""), "unit of measurement");
	assert_true(number_is_dimension("fast"));
	assert_true(number_is_dimension("high"));
	assert_false(number_is_dimension("often"));
}

/* Shares: the sign, "percent", "per cent", "percentage point", "a third";
 * "per day" is none. `end` is the phrase's last token. */
static void test_shares(void **state)
{
	(void)state;
	static const struct { const char *text; bool share; const char *last; } cases[] = {
		{ "fell 6.8% on Monday", true, "6.8" },
		{ "rose 12 per cent", true, "cent" },
		{ "by half a percentage point", true, "point" },
		{ "up 40 percent", true, "percent" },
		{ "paid 12 per day", false, NULL },
		{ "about 40 riders", false, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		const char *s = cases[i].text;
		assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
		struct number_phrase np;
		bool share = false;
		size_t end = 0;
		for (size_t k = 0; k < t.n && !share; k++)
			share = number_parse(&t, k, &np) && number_is_share(s, &t, &np, &end);
		if (share != cases[i].share)
			fprintf(stderr, "%s: share %d\n", s, share);
		assert_int_equal(share, cases[i].share);
		if (share)
			assert_string_equal(t.v[end].word, cases[i].last);
		tokens_free(&t);
	}
}

/* What a share is of: the word after "of", or none. */
static void test_share_of(void **state)
{
	(void)state;
	struct tokens t = {0};
	const char *s = "40 percent of mortgages; 12 percent";
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	struct number_phrase np;
	size_t end = 0;
	assert_true(number_parse(&t, 0, &np) && number_is_share(s, &t, &np, &end));
	assert_string_equal(t.v[number_share_of(&t, end)].word, "mortgages");
	assert_true(number_parse(&t, 4, &np) && number_is_share(s, &t, &np, &end));
	assert_int_equal(number_share_of(&t, end), t.n);
	tokens_free(&t);
}

/* A figure in a date: a day beside its month, short forms too, or a
 * year. */
static void test_in_date(void **state)
{
	(void)state;
	struct tokens t = {0};
	const char *s = "VARNTON, Oct 24 - in 2019 the 24 huts opened on 3 July";
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	assert_true(number_in_date(&t, 2, 3));   /* Oct 24 */
	assert_true(number_in_date(&t, 4, 5));   /* 2019 */
	assert_false(number_in_date(&t, 6, 7));  /* 24 huts */
	assert_true(number_in_date(&t, 10, 11)); /* 3 July */
	assert_true(number_is_year("1998"));
	assert_false(number_is_year("25.1"));
	tokens_free(&t);
}

/* "how many exactly" asks an exact figure. */
static void test_exact_asked(void **state)
{
	(void)state;
	static const struct { const char *q; bool exact; } cases[] = {
		{ "how many spectators exactly turned up", true },
		{ "what is the precise number of votes", true },
		{ "how many spectators turned up", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		assert_int_equal(text_tokenize(cases[i].q, strlen(cases[i].q), &t), 0);
		assert_int_equal(number_exact_asked(&t), cases[i].exact);
		tokens_free(&t);
	}
}

/* An age beside a name, set off by commas or brackets; not a count. */
static void test_age_at(void **state)
{
	(void)state;
	static const struct { const char *text; size_t at; bool age; } cases[] = {
		{ "Lena Hofer, 24, who chairs the section", 2, true },
		{ "Kittinger, now 84, said", 2, true },
		{ "Vescovo, then 53, held", 2, true },
		{ "Kittinger (84) said", 1, true },
		{ "the club has 24 huts", 3, false },
		{ "In March, 24 climbers left", 2, false },  /* not closed after it */
		{ "Hofer, 240, said", 1, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		assert_int_equal(text_tokenize(cases[i].text, strlen(cases[i].text), &t), 0);
		size_t name = t.n;
		if (number_age_at(cases[i].text, &t, cases[i].at, &name) != cases[i].age)
			fprintf(stderr, "%s: token %zu\n", cases[i].text, cases[i].at);
		assert_int_equal(number_age_at(cases[i].text, &t, cases[i].at, &name), cases[i].age);
		if (cases[i].age)
			assert_true(name < cases[i].at);
		tokens_free(&t);
	}
}

/* A figure for each one, asked and given: "each household" and "does
 * one pen cost" ask one, "each strike day" or "per year" asks a rate in
 * time; "$78 for each customer" and "$2 apiece" give one, "$9 per hour"
 * a rate. */
static void test_for_each(void **state)
{
	(void)state;
	struct wordnet *wn = installed_wordnet();
	static const struct { const char *text; bool asked; } questions[] = {
		{ "how much does each household get", true },
		{ "how much per person", true },
		{ "how much will each strike day cost", false },
		{ "how many people visit each year", false },
		{ "how much did they pay in total", false },
		{ "how much does one insulin pen cost", true },
		{ "how many did one of them sell", false },
	};
	for (size_t i = 0; i < sizeof questions / sizeof *questions; i++) {
		struct tokens t = {0};
		const char *s = questions[i].text;
		assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
		if (number_each_asked(wn, &t) != questions[i].asked)
			fprintf(stderr, "%s: asked %d\n", s, !questions[i].asked);
		assert_int_equal(number_each_asked(wn, &t), questions[i].asked);
		/* without WordNet no noun is known for time: any "each" asks */
		assert_int_equal(number_each_asked(NULL, &t),
				 strstr(s, "each") != NULL || strstr(s, "per ") != NULL ||
					 strstr(s, "does one") != NULL);
		tokens_free(&t);
	}
	static const struct { const char *text; bool each; } figures[] = {
		{ "$78 for each customer", true },
		{ "$2 to every bottle", true },
		{ "2 apiece", true },
		{ "5 per head", true },
		{ "9 per hour", false },
		{ "300 a tonne", true },
		{ "5 million a year", false },
		{ "47 million to thousands of households", false },
	};
	for (size_t i = 0; i < sizeof figures / sizeof *figures; i++) {
		struct tokens t;
		const char *s = figures[i].text;
		struct number_phrase np;
		opening_phrase(s, &t, &np);
		size_t end = np.first + np.count - 1;
		if (number_for_each(wn, &t, end) != figures[i].each)
			fprintf(stderr, "%s: each %d\n", s, !figures[i].each);
		assert_int_equal(number_for_each(wn, &t, end), figures[i].each);
		tokens_free(&t);
	}
	/* or to each one named just before it */
	static const struct { const char *text, *figure; bool each; } before[] = {
		{ "ordered it to pay each affected customer 150 crowns", "150", true },
		{ "gave every pupil 20 books", "20", true },
		{ "each of the 12 provinces", "12", false },
		{ "it paid 150 crowns", "150", false },
	};
	for (size_t i = 0; i < sizeof before / sizeof *before; i++) {
		struct tokens t = {0};
		size_t k = token_of(before[i].text, &t, before[i].figure);
		assert_int_equal(number_each_before(&t, k), before[i].each);
		tokens_free(&t);
	}
	wordnet_free(wn);
}

/* Units on the installed WordNet: a word, "square" or "cubic" before it,
 * two hyphened words; money is none, nor a word of no unit. */
static void test_units(void **state)
{
	(void)state;
	struct wordnet *wn = installed_wordnet();
	static const struct { const char *text; const char *unit; const char *last; } cases[] = {
		{ "38 hectares burned", "unit of measurement", "hectares" },
		{ "10 square miles", "unit of measurement", "miles" },
		/* an area or a volume is no length */
		{ "10 square miles", "linear unit", NULL },
		{ "11 billion cubic metres of gas", "linear unit", NULL },
		{ "55 million light-years away", "linear unit", "years" },
		{ "40 kilograms", "linear unit", NULL },
		{ "40 kilograms", "mass unit", "kilograms" },
		{ "45 dollars", "unit of measurement", NULL },
		{ "300 homes", "unit of measurement", NULL },
		/* "minutes" is a lemma of its own (a meeting's record) */
		{ "55 minutes by car", "time unit", "minutes" },
		{ "eight months to prepare", "time unit", "months" },
		{ "55 cars", "time unit", NULL },
		/* a speed: a length per a unit of time */
		{ "250 kilometres per hour", NUMBER_SPEED, "hour" },
		{ "80 km an hour", NUMBER_SPEED, "hour" },
		{ "90 mph", NUMBER_SPEED, "mph" },
		{ "500 million kilometres from Earth", NUMBER_SPEED, NULL },
		/* heat: "degree" in its sixth sense */
		{ "39 degrees Celsius", NUMBER_TEMPERATURE, "degrees" },
		{ "39 people", NUMBER_TEMPERATURE, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t;
		const char *s = cases[i].text;
		struct number_phrase np;
		opening_phrase(s, &t, &np);
		size_t end = t.n;
		bool unit = number_unit_at(wn, &t, np.unit, cases[i].unit, &end);
		if (unit != (cases[i].last != NULL))
			fprintf(stderr, "%s: unit %d\n", s, unit);
		assert_int_equal(unit, cases[i].last != NULL);
		if (unit)
			assert_string_equal(t.v[end].word, cases[i].last);
		tokens_free(&t);
	}
	assert_false(number_unit_at(NULL, NULL, 0, "linear unit", NULL));
	wordnet_free(wn);
}

/* Sums of money: a sign inside the phrase, or a currency after it, maybe
 * after the name of its country */
static void test_money(void **state)
{
	(void)state;
	struct wordnet *wn = installed_wordnet();
	static const struct { const char *text; bool money; } cases[] = {
		{ "at least $300 billion", true },
		{ "18.5 million crowns", true },
		{ "around 30 billion Danish crowns", true },
		/* (a plural WordNet knows as a name of its own) */
		{ "275,000 marks", true },
		{ "30 Danish farmers", false },
		{ "40 percent", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t;
		const char *s = cases[i].text;
		struct number_phrase np;
		opening_phrase(s, &t, &np);
		if (number_is_money(wn, s, &t, &np, NULL) != cases[i].money)
			fprintf(stderr, "%s: money %d\n", s, !cases[i].money);
		assert_int_equal(number_is_money(wn, s, &t, &np, NULL), cases[i].money);
		tokens_free(&t);
	}
	wordnet_free(wn);
}

/* Figures in a sentence: all of them, those that count things, sums */
static void test_count(void **state)
{
	(void)state;
	struct wordnet *wn = installed_wordnet();
	static const struct { const char *text; size_t all, counts, sums; } cases[] = {
		/* ("one" alone is a pronoun) */
		{ "It put one of its three lines on reduced shifts and moved about 260 workers.", 2,
		  2, 0 },
		{ "Turnout was 71.3 per cent, the highest in two decades, with nearly 4.2 million "
		  "ballots cast.",
		  3, 1, 0 },
		{ "The deal is worth 40 dollars a share.", 1, 0, 1 },
		{ "Back pay owed to the 212 engineers could reach 3.4 million euros.", 2, 1, 1 },
		{ "It pledged 100 million euros, and later 200 million euros more.", 2, 0, 2 },
		{ "No figure here.", 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		const char *s = cases[i].text;
		assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
		assert_int_equal(number_count(wn, s, &t, NUMBER_ANY), cases[i].all);
		assert_int_equal(number_count(wn, s, &t, NUMBER_COUNTS), cases[i].counts);
		assert_int_equal(number_count(wn, s, &t, NUMBER_SUMS), cases[i].sums);
		tokens_free(&t);
	}
	wordnet_free(wn);
}

/* A figure a verb after "would" or "could" takes, maybe hedged or made
 * exact ("EXACTLY 37", "UP TO 4 percent"), is one that may be, unless
 * the sentence tells it as a plan ("said it would send"). */
static void test_would_be(void **state)
{
	(void)state;
	static const struct { const char *text; const char *figure; bool would; } cases[] = {
		{ "together with the Liberals would hold 18 seats", "18", true },
		{ "a deal could give 37 seats", "37", true },
		{ "a deal would give exactly 37 seats", "37", true },
		{ "fines could reach up to 4 percent", "4", true },

		{ "the party won 18 seats", "18", false },
		{ "it would study the 84-page judgment", "84", false },
		{ "the agency said on Thursday it would send 500,000 doses", "500,000", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		size_t k = token_of(cases[i].text, &t, cases[i].figure);
		if (number_would_be(&t, k, false) != cases[i].would)
			fprintf(stderr, "%s: %d\n", cases[i].text, !cases[i].would);
		assert_int_equal(number_would_be(&t, k, false), cases[i].would);
		tokens_free(&t);
	}
	/* what will be counts only when the question asks what happened */
	struct tokens will = {0};
	size_t at = token_of("together the coalition will hold 33 seats", &will, "33");
	assert_false(number_would_be(&will, at, false));
	assert_true(number_would_be(&will, at, true));
	tokens_free(&will);
	/* which such a figure answers only when the question asks it */
	static const struct { const char *q; bool may; } asked[] = {
		{ "how many seats would they hold", true },
		{ "how many seats will they have", true },
		{ "how many seats are they going to get", true },
		{ "how many seats did they get", false },
		{ "where is the team going", false },
	};
	for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
		struct tokens t = {0};
		assert_int_equal(text_tokenize(asked[i].q, strlen(asked[i].q), &t), 0);
		assert_int_equal(number_may_be_asked(&t), asked[i].may);
		tokens_free(&t);
	}
}

/* A figure something must reach is no result, unless that is asked. */
static void test_required(void **state)
{
	(void)state;
	static const struct { const char *text, *figure; bool required; } cases[] = {
		{ "a change must win a majority of votes and a majority in at least seven provinces",
		  "seven", true },
		{ "it needs 76 seats for a majority", "76", true },
		{ "it carried only five of the 12 provinces", "five", false },
		/* (another clause: the figure is no requirement) */
		{ "they must hold talks before a panel of three members is appointed", "three", false },
		{ "they must leave, and 40 people stayed", "40", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		size_t k = token_of(cases[i].text, &t, cases[i].figure);
		if (number_required(cases[i].text, &t, k) != cases[i].required)
			fprintf(stderr, "%s: %d\n", cases[i].text, !cases[i].required);
		assert_int_equal(number_required(cases[i].text, &t, k), cases[i].required);
		tokens_free(&t);
	}
	static const struct { const char *q; bool asked; } asked[] = {
		{ "how many provinces must it win", true },
		{ "how many seats does it need", true },
		{ "what is the threshold", true },
		{ "how many provinces did it win", false },
	};
	for (size_t i = 0; i < sizeof asked / sizeof *asked; i++) {
		struct tokens t = {0};
		assert_int_equal(text_tokenize(asked[i].q, strlen(asked[i].q), &t), 0);
		assert_int_equal(number_requirement_asked(&t), asked[i].asked);
		tokens_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_not_numbers),
		cmocka_unit_test(test_glued_scales),
		cmocka_unit_test(test_unit_kinds),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_for_each),
		cmocka_unit_test(test_share_of),
		cmocka_unit_test(test_in_date),
		cmocka_unit_test(test_exact_asked),
		cmocka_unit_test(test_required),
		cmocka_unit_test(test_age_at),
		cmocka_unit_test(test_would_be),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
