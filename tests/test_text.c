/* knowledge/text: folding, tokenising, stemming, stop words, edit distance. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/strbuf.h"
#include "knowledge/text.h"
#include "knowledge/wordnet.h"
#include "tests/kbdir.h"

/* ---- helpers ------------------------------------------------------------- */

static char *folded(const char *s)
{
	struct strbuf sb = {0};
	text_fold(s, strlen(s), &sb);
	assert_false(sb.failed);
	return strbuf_steal(&sb);
}

static void assert_fold(const char *in, const char *want)
{
	char *got = folded(in);
	assert_string_equal(got, want);
	free(got);
}

/* The words of `s`, space-separated ("word|stem" when stems is set). */
static char *words_of(const char *s, bool stems)
{
	struct tokens t = {0};
	struct strbuf sb = {0};
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	for (size_t i = 0; i < t.n; i++) {
		if (i)
			strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, t.v[i].word);
		if (stems)
			strbuf_printf(&sb, "|%s", t.v[i].stem);
	}
	tokens_free(&t);
	return strbuf_steal(&sb);
}

static void assert_words(const char *in, const char *want)
{
	char *got = words_of(in, false);
	assert_string_equal(got, want);
	free(got);
}

static void assert_same_stem(const char *a, const char *b)
{
	char sa[TEXT_MAX_WORD + 1], sb[TEXT_MAX_WORD + 1];
	struct text_stemmer *st = text_stemmer_new();
	assert_non_null(st);
	text_stem(st, a, sa);
	text_stem(st, b, sb);
	text_stemmer_free(st);
	if (strcmp(sa, sb) != 0)
		fprintf(stderr, "stem(%s) = %s, stem(%s) = %s\n", a, sa, b, sb);
	assert_string_equal(sa, sb);
}

static void assert_stem(const char *word, const char *want)
{
	char s[TEXT_MAX_WORD + 1];
	struct text_stemmer *st = text_stemmer_new();
	assert_non_null(st);
	text_stem(st, word, s);
	text_stemmer_free(st);
	assert_string_equal(s, want);
}

/* ---- folding ------------------------------------------------------------- */

static void test_fold_quotes_dashes_accents(void **state)
{
	assert_fold("\xE2\x80\x9CHello\xE2\x80\x9D", "\"hello\"");               /* “Hello” */
	assert_fold("Kiev\xE2\x80\x99s \xE2\x80\x98x\xE2\x80\x99", "kiev's 'x'"); /* ’ ‘ */
	assert_fold("a\xE2\x80\x94" "b\xE2\x80\x93" "c\xE2\x88\x92" "d", "a-b-c-d"); /* — – − */
	assert_fold("Erdo\xC4\x9F" "an", "erdogan");                            /* ğ */
	assert_fold("Yal\xC4\xB1nk\xC4\xB1l\xC4\xB1\xC3\xA7l\xC4\xB1", "yalinkilicli");
	assert_fold("\xC5\x9E" "ahin caf\xC3\xA9 na\xC3\xAFve \xC3\x96zil", "sahin cafe naive ozil");
	assert_fold("wait\xE2\x80\xA6", "wait...");                             /* … */
	assert_fold("a\xC2\xA0" "b", "a b");                                    /* no-break space */
	assert_fold("zero\xE2\x80\x8Bwidth", "zerowidth");
	/* Code points without an ASCII form are kept as they are. */
	assert_fold("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
	/* Folding appends. */
	struct strbuf sb = {0};
	strbuf_puts(&sb, "X:");
	text_fold("AB", 2, &sb);
	assert_string_equal(strbuf_str(&sb), "X:ab");
	strbuf_free(&sb);
}

static void assert_folds(const char *in, const char *want)
{
	struct strbuf sb = {0};
	text_fold(in, strlen(in), &sb);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

static void test_fold_quotes_dashes_case(void **state)
{
	assert_folds("\xE2\x80\x9CIt WILL not be easy,\xE2\x80\x9D Alam adds.",
		     "\"it will not be easy,\" alam adds.");
	assert_folds("Turkey\xE2\x80\x93Russia ties", "turkey-russia ties");
	assert_folds("", "");
}

/* ---- tokenising ---------------------------------------------------------- */

static void test_tokenize_words_possessives_contractions(void **state)
{
	assert_words("Turkey\xE2\x80\x99s PKK doesn't, don\xE2\x80\x99t.", "turkey pkk doesnt dont");
	assert_words("the YPG's control; the US' help", "the ypg control the us help");
	assert_words("O'Brien's cats' boss", "obrien cats boss");
	assert_words("  ...  !!! ", "");
	assert_words("", "");
}

static void test_tokenize_numbers(void **state)
{
	struct tokens t = {0};
	const char *s = "3.7 million Syrians, 4,000 people and 95 percent. 2019.";
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	assert_int_equal(t.n, 9);
	assert_string_equal(t.v[0].word, "3.7");
	assert_string_equal(t.v[0].stem, "3.7");
	assert_true(t.v[0].number);
	assert_false(t.v[1].number);
	assert_string_equal(t.v[3].word, "4,000");
	assert_true(t.v[3].number);
	assert_string_equal(t.v[6].word, "95");
	assert_true(t.v[6].number);
	/* A final full stop is not part of the number. */
	assert_string_equal(t.v[8].word, "2019");
	assert_int_equal(t.v[8].end - t.v[8].start, 4);
	/* A trailing comma is not either. */
	assert_int_equal(t.v[2].end, strlen("3.7 million Syrians"));
	tokens_free(&t);
	assert_words("a 1,2,3 list", "a 1,2,3 list");
	assert_words("v2 covid19", "v2 covid19");
	/* a unit or scale glued to a number is a word of its own; other
	 * letters after digits are not split off */
	assert_words("$1.9bn, 100kg and 5km", "1.9 bn 100 kg and 5 km");
	assert_words("the 1990s, 3rd and 4x4 trucks", "the 1990s 3rd and 4x4 trucks");
	/* a currency sign is no letter: "€22m" is a number and its scale */
	assert_words("\xe2\x82\xac" "22m and \xc2\xa3" "21.6m", "22 m and 21.6 m");
}

static void test_tokenize_flags_and_offsets(void **state)
{
	struct tokens t = {0};
	/* “YPG/PKK” and “Moscow-backed”: glued by '/' and '-'. */
	const char *s = "The YPG/PKK, Moscow-backed rebels - not glued. Erdo\xC4\x9F" "an\xE2\x80\x99s";
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	assert_int_equal(t.n, 9);
	assert_true(t.v[0].capitalized);
	assert_false(t.v[0].all_caps);
	assert_true(t.v[1].all_caps);
	assert_false(t.v[1].joined);
	assert_string_equal(t.v[2].word, "pkk");
	assert_true(t.v[2].joined);
	assert_false(t.v[3].joined);        /* after ", " */
	assert_string_equal(t.v[4].word, "backed");
	assert_true(t.v[4].joined);
	assert_false(t.v[5].joined);        /* "rebels" after a space */
	assert_false(t.v[6].joined);        /* "not" after " - " */
	assert_false(t.v[7].capitalized);
	assert_string_equal(t.v[8].word, "erdogan");
	assert_true(t.v[8].capitalized);
	/* Offsets are in the original bytes: the accented name and its
	 * curly possessive. */
	size_t at = strlen("The YPG/PKK, Moscow-backed rebels - not glued. ");
	assert_int_equal(t.v[8].start, at);
	assert_int_equal(t.v[8].end, strlen(s));
	/* One-letter capitals are capitalised but not "all caps". */
	assert_int_equal(text_tokenize("U.S.", 4, &t), 0);
	assert_int_equal(t.n, 2);
	assert_false(t.v[0].all_caps);
	assert_true(t.v[0].capitalized);
	tokens_free(&t);
}

static void test_tokenize_invalid_utf8_and_long_words(void **state)
{
	struct tokens t = {0};
	const char bad[] = "abc\xFF\xFE" "def \xC3";
	assert_int_equal(text_tokenize(bad, sizeof bad - 1, &t), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.v[0].word, "abc");
	assert_string_equal(t.v[1].word, "def");
	char longw[200];
	memset(longw, 'x', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	assert_int_equal(text_tokenize(longw, strlen(longw), &t), 0);
	assert_int_equal(t.n, 1);
	assert_int_equal(strlen(t.v[0].word), TEXT_MAX_WORD);
	assert_int_equal(t.v[0].end, sizeof longw - 1);
	/* Reusing the list resets it. */
	assert_int_equal(text_tokenize("one two", 7, &t), 0);
	assert_int_equal(t.n, 2);
	tokens_free(&t);
	assert_null(t.v);
	tokens_free(&t);   /* twice is fine */
	tokens_free(NULL);
}

/* ---- stemming ------------------------------------------------------------ */

static void test_stem_plurals_and_suffixes(void **state)
{
	assert_same_stem("groups", "group");
	assert_same_stem("countries", "country");
	assert_same_stem("cities", "city");
	assert_same_stem("parties", "party");
	assert_same_stem("studied", "study");
	assert_same_stem("running", "run");
	assert_same_stem("planning", "planned");
	assert_same_stem("stopped", "stop");
	assert_same_stem("backed", "backs");
	assert_same_stem("supporting", "supported");
	assert_same_stem("secured", "secure");
	assert_same_stem("agreements", "agreement");
	assert_same_stem("fleeing", "flees");
	assert_same_stem("governments", "government");
	assert_same_stem("classes", "class");
	assert_same_stem("refugees", "refugee");
	/* British and American spellings meet. */
	assert_same_stem("recognised", "recognized");
	assert_same_stem("organisation", "organization");
	assert_same_stem("organisations", "organization");
	assert_same_stem("minimise", "minimize");
	/* Words that only look like plurals stay whole. */
	assert_stem("boss", "boss");
	assert_stem("status", "status");
	assert_stem("crises", "crise");
	/* Short words and numbers are kept. */
	assert_stem("us", "us");
	assert_stem("bus", "bus");
	assert_stem("was", "was");
	assert_stem("3.7", "3.7");
	assert_stem("2019s", "2019s");
	/* Different words keep different stems. */
	char a[TEXT_MAX_WORD + 1], b[TEXT_MAX_WORD + 1];
	struct text_stemmer *st = text_stemmer_new();
	assert_non_null(st);
	text_stem(st, "back", a);
	text_stem(st, "bake", b);
	assert_string_not_equal(a, b);
	/* Long words are cut, never overflow. */
	char longw[100];
	memset(longw, 'a', sizeof longw - 1);
	longw[sizeof longw - 1] = '\0';
	text_stem(st, longw, a);
	assert_true(strlen(a) <= TEXT_MAX_WORD);
	text_stemmer_free(st);
}

/* ---- hyphenated words and irregular forms ---------------------------------- */

/* The token of `s` whose word is `word`. */
static const struct token *token_of(const struct tokens *t, const char *word)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].word, word) == 0)
			return &t->v[i];
	fail_msg("no token %s", word);
	return NULL;
}

static void test_hyphenated_words_and_fragments(void **state)
{
	struct tokens t = {0}, solid = {0};
	const char *s = "A cease-fire after back-to-back talks with Turkish-backed, "
			"refugee-hosting Azerbaijan-Armenia groups.";
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	assert_int_equal(text_tokenize("ceasefire", 9, &solid), 0);
	/* "cease-fire" is the word written solid, not "fire" */
	const struct token *fire = token_of(&t, "fire");
	assert_true(fire->fragment);
	assert_true(token_of(&t, "cease")->fragment);
	assert_true(text_token_says(fire, solid.v[0].stem));
	assert_false(text_token_says(fire, fire->stem));
	/* no piece of "back-to-back" says "back" ("backing") */
	assert_true(token_of(&t, "back")->fragment);
	assert_false(text_token_says(token_of(&t, "back"), "back"));
	/* a participle head says itself, and so does the rest of its word */
	assert_false(token_of(&t, "backed")->fragment);
	assert_true(text_token_says(token_of(&t, "backed"), "back"));
	assert_false(token_of(&t, "refugee")->fragment);
	assert_false(token_of(&t, "hosting")->fragment);
	/* names say themselves and make no solid word */
	assert_false(token_of(&t, "azerbaijan")->fragment);
	assert_null(token_of(&t, "armenia")->compound);
	assert_false(token_of(&t, "talks")->fragment);
	/* an abbreviation's full stop before the hyphen still joins
	 * ("Ariz.-based"); a full stop and a space do not */
	const char *abbr = "Tempe, Ariz.-based US Airways. Based in Tempe.";
	assert_int_equal(text_tokenize(abbr, strlen(abbr), &t), 0);
	assert_true(token_of(&t, "based")->joined);
	assert_false(t.v[t.n - 3].joined);  /* "Based" after ". " */
	tokens_free(&t);
	tokens_free(&solid);
}

/* A copy holds the same tokens in its own storage, sized to fit, and
 * outlives the original; copying into a used list replaces what it held. */
static void test_tokens_copy(void **state)
{
	(void)state;
	struct tokens t = {0}, copy = {0};
	const char *s = "A cease-fire after Turkey's talks on 3.7 million refugees.";
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	assert_int_equal(text_tokenize("leftover words here", 19, &copy), 0);
	assert_int_equal(tokens_copy(&copy, &t), 0);
	assert_int_equal(copy.n, t.n);
	for (size_t i = 0; i < t.n; i++) {
		assert_string_equal(copy.v[i].word, t.v[i].word);
		assert_string_equal(copy.v[i].stem, t.v[i].stem);
		assert_true(copy.v[i].word != t.v[i].word);
		assert_int_equal(copy.v[i].start, t.v[i].start);
		assert_int_equal(copy.v[i].end, t.v[i].end);
		assert_int_equal(copy.v[i].capitalized, t.v[i].capitalized);
		assert_int_equal(copy.v[i].fragment, t.v[i].fragment);
		assert_int_equal(copy.v[i].joined, t.v[i].joined);
		if (t.v[i].compound)
			assert_string_equal(copy.v[i].compound, t.v[i].compound);
		else
			assert_null(copy.v[i].compound);
	}
	assert_true(token_of(&copy, "fire")->fragment);
	assert_true(copy.store_cap < t.store_cap);
	tokens_free(&t);
	assert_string_equal(token_of(&copy, "refugees")->stem, "refuge");
	/* an empty list copies to an empty one */
	assert_int_equal(text_tokenize("", 0, &t), 0);
	assert_int_equal(tokens_copy(&copy, &t), 0);
	assert_int_equal(copy.n, 0);
	tokens_free(&t);
	tokens_free(&copy);
}

static void test_irregular_forms_with_wordnet(void **state)
{
	struct wordnet *wn = wordnet_open("/usr/share/wordnet");
	if (!wn)
		skip();
	struct tokens a = {0}, b = {0};
	a.wordnet = b.wordnet = wn;
	const char *s = "They fled and fought; the men led.";
	const char *base = "flee fight man lead";
	assert_int_equal(text_tokenize(s, strlen(s), &a), 0);
	assert_int_equal(text_tokenize(base, strlen(base), &b), 0);
	assert_string_equal(token_of(&a, "fled")->stem, b.v[0].stem);
	assert_string_equal(token_of(&a, "fought")->stem, b.v[1].stem);
	assert_string_equal(token_of(&a, "men")->stem, b.v[2].stem);
	assert_string_equal(token_of(&a, "led")->stem, b.v[3].stem);
	/* a form that is a common noun of its own keeps its stem */
	const char *g = "ground";
	assert_int_equal(text_tokenize(g, strlen(g), &b), 0);
	assert_string_equal(b.v[0].stem, "ground");
	tokens_free(&a);
	tokens_free(&b);
	/* past forms: "-ed" of four letters or more, or WordNet's irregular
	 * ones; not a present form */
	assert_true(text_past_form(wn, "collapsed"));
	assert_true(text_past_form(wn, "used"));
	assert_true(text_past_form(wn, "fell"));
	assert_true(text_past_form(wn, "led"));
	assert_false(text_past_form(wn, "walk"));
	assert_false(text_past_form(wn, "falls"));
	assert_false(text_past_form(NULL, "fell"));
	wordnet_free(wn);
}

/* A decade is said by any year of it. */
static void test_decades(void **state)
{
	(void)state;
	int years[TEXT_DECADE_YEARS];
	assert_int_equal(text_decade_years("1990s", years), 10);
	assert_int_equal(years[0], 1990);
	assert_int_equal(years[9], 1999);
	assert_int_equal(text_decade_years("90s", years), 20);
	assert_int_equal(years[0], 1990);
	assert_int_equal(years[19], 2099);
	assert_int_equal(text_decade_years("1996", years), 0);
	assert_int_equal(text_decade_years("95s", years), 0);
	assert_int_equal(text_decade_years("s", years), 0);
	assert_int_equal(text_decade_years("", years), 0);
	assert_true(text_in_decade("1990s", "1996"));
	assert_true(text_in_decade("90s", "1999"));
	assert_true(text_in_decade("20s", "2021"));
	assert_false(text_in_decade("1990s", "2000"));
	assert_false(text_in_decade("90s", "1989"));
	assert_false(text_in_decade("90s", "96"));
}

/* ---- stop words ---------------------------------------------------------- */

/* The stop-word table, read from knowledge/text.c itself so that the test
 * sees every word the table holds, in its order. */
static size_t read_stopwords(char ***out)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/knowledge/text.c", BRIEFBOT_SOURCE_ROOT);
	char *src = kbdir_slurp(path, NULL);
	assert_non_null(src);
	const char *p = strstr(src, "stopwords[] = {");
	assert_non_null(p);
	const char *end = strstr(p, "};");
	assert_non_null(end);
	char **words = NULL;
	size_t count = 0;
	for (p = strchr(p, '"'); p && p < end; p = strchr(p, '"')) {
		const char *close = strchr(p + 1, '"');
		assert_non_null(close);
		words = realloc(words, (count + 1) * sizeof *words);
		words[count++] = strndup(p + 1, (size_t)(close - p - 1));
		p = close + 1;
	}
	free(src);
	*out = words;
	return count;
}

static void test_stopwords_every_word_found_table_sorted(void **state)
{
	char **words;
	size_t n = read_stopwords(&words);
	assert_true(n > 100);
	for (size_t i = 0; i < n; i++) {
		if (!text_is_stopword(words[i]))
			fprintf(stderr, "stop word not found: \"%s\"\n", words[i]);
		assert_true(text_is_stopword(words[i]));
		if (i > 0 && strcmp(words[i - 1], words[i]) >= 0)
			fprintf(stderr, "stop words out of order: \"%s\" then \"%s\"\n",
				words[i - 1], words[i]);
		if (i > 0)
			assert_true(strcmp(words[i - 1], words[i]) < 0);
	}
	for (size_t i = 0; i < n; i++)
		free(words[i]);
	free(words);
	/* Reflexives and "vs" say nothing of their own ("who runs the
	 * vault ITSELF", "prices here VS at home"). */
	assert_true(text_is_stopword("itself"));
	assert_true(text_is_stopword("themselves"));
	assert_true(text_is_stopword("vs"));
	/* so are "anyone" and "someone": "did Marsh endorse ANYONE" is
	 * answered by "did not endorse any candidate" */
	assert_true(text_is_stopword("anyone"));
	assert_true(text_is_stopword("somebody"));
	/* Content words are not stop words. */
	static const char *const content[] = {
		"turkey", "backs", "idlib", "stake", "", "aa", "zzz", "yours", "whom2",
	};
	for (size_t i = 0; i < sizeof content / sizeof *content; i++)
		assert_false(text_is_stopword(content[i]));
}

/* ---- edit distance ------------------------------------------------------- */

static void test_within_one_edit(void **state)
{
	assert_true(text_within_one_edit("syria", "syria"));
	assert_true(text_within_one_edit("syria", "siria"));     /* substitution */
	assert_true(text_within_one_edit("syria", "syri"));      /* deletion */
	assert_true(text_within_one_edit("syri", "syria"));      /* insertion */
	assert_true(text_within_one_edit("syria", "ssyria"));
	assert_true(text_within_one_edit("syria", "sryia"));     /* transposition */
	assert_true(text_within_one_edit("backs", "bakcs"));
	assert_true(text_within_one_edit("ab", "ba"));
	assert_true(text_within_one_edit("idlib", "idlbi"));     /* at the end */
	assert_true(text_within_one_edit("", "a"));
	assert_true(text_within_one_edit("", ""));
	assert_false(text_within_one_edit("syria", "sirya"));    /* two edits */
	assert_false(text_within_one_edit("syria", "syr"));
	assert_false(text_within_one_edit("abcd", "badc"));      /* two swaps */
	assert_false(text_within_one_edit("abc", "cab"));
	assert_false(text_within_one_edit("turkey", "russia"));
	assert_false(text_within_one_edit("", "ab"));
}

/* An ordinal picks one ("who finished SECOND"); idioms with one do not
 * ("in the first place", "at first"), nor does a unit ("seconds"). */
static void test_ordinals(void **state)
{
	(void)state;
	static const struct { const char *text; size_t at; bool ordinal; } cases[] = {
		{ "who finished second", 2, true },
		{ "who was the last miner out", 3, true },
		{ "who found pluto in the first place", 5, false },
		{ "at first they refused", 1, false },
		{ "in 9.80 seconds", 2, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		assert_int_equal(text_tokenize(cases[i].text, strlen(cases[i].text), &t), 0);
		if (text_ordinal_at(&t, cases[i].at) != cases[i].ordinal)
			fprintf(stderr, "%s: token %zu\n", cases[i].text, cases[i].at);
		assert_int_equal(text_ordinal_at(&t, cases[i].at), cases[i].ordinal);
		tokens_free(&t);
	}
	/* words that only ask for precision ("what EXACT date") */
	assert_true(text_precision_word("exact"));
	assert_true(text_precision_word("precisely"));
	assert_false(text_precision_word("date"));
	/* words that make a post another ("DEPUTY mayor") */
	assert_true(text_another_rank("deputy"));
	assert_true(text_another_rank("vice"));
	assert_false(text_another_rank("former"));
}

/* The question `text` (its "what" first) asks at the token `asked`
 * finds: `word`, or none when word is NULL. */
static void expect_asked_at(size_t (*asked)(const struct tokens *, size_t), const char *text,
			    const char *word)
{
	struct tokens t = {0};
	assert_int_equal(text_tokenize(text, strlen(text), &t), 0);
	size_t at = asked(&t, 0);
	if (word)
		assert_string_equal(at < t.n ? t.v[at].word : "", word);
	else
		assert_int_equal(at, t.n);
	tokens_free(&t);
}

/* "what's the SUB called": the noun whose name is asked */
static void test_name_asked(void **state)
{
	(void)state;
	static const struct { const char *text; const char *noun; } cases[] = {
		{ "what is the sub called", "sub" },
		{ "what is the iceberg going to be named", "iceberg" },
		{ "what is the command module called", "module" },
		{ "what is it called", NULL },
		{ "when was the election called", NULL },
		{ "what did the mayor say", NULL },
		/* "the name of the X": the last noun of the phrase after "of" */
		{ "what is the name of the fire", "fire" },
		{ "what is the name of the new farmers party", "party" },
		{ "what is the name of the ship that hit the cranes", "ship" },
		{ "what is the official name of the signal", "signal" },
		{ "what is the name of the", NULL },
		{ "what is the name of it", NULL },
		{ "what is the name for it", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect_asked_at(text_name_asked, cases[i].text, cases[i].noun);
}

/* "what does Lind DO FOR A LIVING": where the words for the work begin */
static void test_job_asked(void **state)
{
	(void)state;
	static const struct { const char *text; const char *from; } cases[] = {
		{ "what does lind do for a living", "do" },
		{ "what did imbert do before politics", "do" },
		{ "what does the cyclist do for work", "do" },
		{ "what is kovesi's job", "job" },
		{ "what did clinton do about it", NULL },
		{ "what did biden do", NULL },
		{ "what does the plan do for a region", NULL },
		{ "who does lind work for", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		expect_asked_at(text_job_asked, cases[i].text, cases[i].from);
}

/* Acronyms spelled out by a capitalized name, with "of" and "for"
 * between its words, and only by the whole name. */
static void test_acronyms(void **state)
{
	(void)state;
	static const struct { const char *text; size_t at; const char *acronym; size_t end; } cases[] = {
		{ "the US National Science Foundation gave", 2, "nsf", 5 },
		{ "at the Court of Arbitration for Sport in Lausanne", 2, "cas", 7 },
		{ "the Environment Agency Trust said", 1, "eat", 4 },
		{ "the Environment Agency Trust said", 1, "ea", 0 },
		{ "the National Science Foundation", 1, "nsx", 0 },
		{ "the Court of Appeal", 1, "coa", 0 },
		{ "the national science foundation", 1, "nsf", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		assert_int_equal(text_tokenize(cases[i].text, strlen(cases[i].text), &t), 0);
		size_t end = text_acronym_at(&t, cases[i].at, cases[i].acronym);
		if (end != cases[i].end)
			fprintf(stderr, "%s: %s ends at %zu\n", cases[i].text, cases[i].acronym, end);
		assert_int_equal(end, cases[i].end);
		tokens_free(&t);
	}
	/* any word of the whole name is within it; not one after it, nor a
	 * word that is no acronym */
	static const struct { const char *text; size_t at; const char *acronym; bool in; } within[] = {
		{ "the Court of Arbitration for Sport in Lausanne", 4, "cas", true },
		{ "the Court of Arbitration for Sport in Lausanne", 5, "cas", true },
		{ "the Court of Arbitration for Sport in Lausanne", 6, "cas", false },
		{ "the Court of Arbitration for Sport in Lausanne", 1, "c4s", false },
		{ "the Court of Arbitration for Sport in Lausanne", 1, "c", false },
	};
	for (size_t i = 0; i < sizeof within / sizeof *within; i++) {
		struct tokens t = {0};
		assert_int_equal(text_tokenize(within[i].text, strlen(within[i].text), &t), 0);
		assert_int_equal(text_spelled_out_at(&t, within[i].at, within[i].acronym),
				 within[i].in);
		tokens_free(&t);
	}
}

/* Datelines end at their dash; months are named whole or short, "May"
 * only with its capital. */
static void test_datelines_and_months(void **state)
{
	(void)state;
	static const struct { const char *text; size_t end; } lines[] = {
		{ "SAN JOSE MINE, Chile, Oct 13 - The last miner", 6 },
		{ "PARIS \xe2\x80\x94 The fire was out", 1 },
		{ "NEWARK, New Jersey, March 12 (Wire) \xe2\x80\x94 Halvern", 6 },
		{ "Paris - The fire", 0 },
		{ "NASA said on Monday", 0 },
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		struct tokens t = {0};
		assert_int_equal(text_tokenize(lines[i].text, strlen(lines[i].text), &t), 0);
		assert_int_equal(text_dateline_end(lines[i].text, &t), lines[i].end);
		tokens_free(&t);
	}
	struct tokens t = {0};
	const char *s = "On Oct 13 and in May it may rain in October";
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	assert_true(text_month_at(&t, 1));
	assert_true(text_month_at(&t, 5));
	assert_false(text_month_at(&t, 7));
	assert_true(text_month_at(&t, 10));
	assert_false(text_month_at(&t, 2));
	tokens_free(&t);
	assert_true(text_date_word("friday"));
	assert_false(text_date_word("fri"));
}

/* A verb that only describes: "by merging", "an election called after";
 * not one after an adverb ("first announced"). */
static void test_only_describes(void **state)
{
	(void)state;
	static const struct { const char *text; size_t at; bool only; } cases[] = {
		{ "saved $95m by merging systems", 4, true },
		{ "a snap election called after the collapse", 3, true },
		{ "the council, called to order", 3, false },
		{ "they merged the systems", 1, false },
		{ "The Varn Council called an election", 3, false },
		/* an adverb before the verb is no noun it describes */
		{ "Varn first announced the deal in January", 2, false },
		{ "Varn quietly announced the deal", 2, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		assert_int_equal(text_tokenize(cases[i].text, strlen(cases[i].text), &t), 0);
		if (text_only_describes(cases[i].text, &t, cases[i].at) != cases[i].only)
			fprintf(stderr, "%s: token %zu\n", cases[i].text, cases[i].at);
		assert_int_equal(text_only_describes(cases[i].text, &t, cases[i].at), cases[i].only);
		tokens_free(&t);
	}
}

/* The small readings the answering engine shares: lists, currency signs,
 * quotation marks, possessives, and sentences that only say what may
 * happen. */
static void test_shared_readings(void **state)
{
	(void)state;
	static const char *const words[] = { "said", "says", "told", NULL };
	assert_true(text_in_list("told", words));
	assert_false(text_in_list("tell", words));
	assert_false(text_in_list("", words));
	struct tokens said = {0}, asked = {0};
	assert_int_equal(text_tokenize("Lind told reporters", 19, &said), 0);
	assert_int_equal(text_tokenize("Lind asked reporters", 20, &asked), 0);
	assert_true(text_says_any(&said, words));
	assert_false(text_says_any(&asked, words));
	tokens_free(&said);
	tokens_free(&asked);

	/* "cost $5, £3 or €4": the signs end at bytes 6, 11 and 19 */
	const char *money = "cost $5, \xc2\xa3" "3 or \xe2\x82\xac" "4";
	assert_int_equal(text_currency_before(money, 6), 1);
	assert_int_equal(text_currency_before(money, 11), 2);
	assert_int_equal(text_currency_before(money, 19), 3);
	assert_int_equal(text_currency_before(money, 5), 0);
	assert_int_equal(text_currency_before(money, 0), 0);

	assert_true(text_has_quotation("\xe2\x80\x9cWe have impact!\xe2\x80\x9d she said."));
	assert_true(text_has_quotation("She said: \"We will build homes people can afford"));
	/* a word or a name set off is no quotation */
	assert_false(text_has_quotation("called it \"convincing\""));
	assert_false(text_has_quotation("the crowd chanted \"Roger\", he tried to hear \"Novak\"."));
	assert_false(text_has_quotation("No quotation here."));
	/* inside the marks, not outside them */
	const char *quoted = "\"I congratulate Rosa Harlan,\" he told reporters.";
	assert_true(text_in_quotation(quoted, 23));   /* "Harlan" */
	assert_false(text_in_quotation(quoted, 32));  /* "he" */
	const char *curly = "\xe2\x80\x9cWe won\xe2\x80\x9d, said Holm.";
	assert_true(text_in_quotation(curly, 6));     /* "won" */
	assert_false(text_in_quotation(curly, 20));   /* "Holm" */

	assert_true(text_reports_speech("said"));
	assert_true(text_reports_speech("according"));
	assert_false(text_reports_speech("sold"));
	assert_false(text_reports_speech(""));

	const char *s = "the board's chief met Ferries' staff and the board\xe2\x80\x99s lawyer";
	struct tokens t = { .words_only = true };
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	bool owner[16] = {0};
	for (size_t k = 0; k < t.n && k < 16; k++)
		owner[k] = text_possessive(s, &t.v[k]);
	size_t n_owner = 0;
	for (size_t k = 0; k < t.n && k < 16; k++)
		n_owner += owner[k];
	assert_int_equal(n_owner, 3);
	assert_true(owner[1]);                 /* board's */
	assert_false(owner[2]);                /* chief */
	tokens_free(&t);

	assert_true(text_hypothetical("The wall was expected to open by 2010."));
	assert_true(text_hypothetical("It expects inflation to average 5.9 percent next year."));
	assert_true(text_hypothetical("Russia could help Turkey."));
	assert_false(text_hypothetical("The wall opened in May."));
	/* of the first bytes only: what was feared is not the vote */
	static const char voted[] = "They voted against, fearing the clinic could close.";
	assert_false(text_hypothetical_in(voted, 19));
	assert_true(text_hypothetical_in(voted, sizeof voted - 1));
	assert_false(text_hypothetical("It was expected."));
	/* what could not be done was not done; what could not have been
	 * done is still a might-have-been */
	assert_false(text_hypothetical("The data could not be sent over the internet."));
	assert_true(text_hypothetical("He said he could not have done much more."));
	/* what would have been was not; what would have to be is to come */
	assert_true(text_counterfactual("She would have reduced the cut to 10 percent."));
	assert_false(text_counterfactual("The firm would have to pay 10 percent."));
	assert_false(text_counterfactual("The court reduced the cut to 10 percent."));
}

/* Clock times in the ways news writes them, and what is none. */
static void test_clock_times(void **state)
{
	(void)state;
	static const struct { const char *text; const char *time; } cases[] = {
		{ "at 3:15 a.m. on Monday", "3:15 a.m." },
		{ "at 3:40am on Monday", "3:40am" },
		{ "by 8pm", "8pm" },
		{ "at 8 pm sharp", "8 pm" },
		{ "at 7 p.m.", "7 p.m." },
		{ "at 15:30 local time", "15:30" },
		{ "took 26 of the 49 seats", NULL },
		{ "drew 1-1 at home", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tokens t = {0};
		const char *s = cases[i].text;
		assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
		const char *found = NULL;
		size_t start = 0, end = 0;
		for (size_t k = 0; k < t.n && !found; k++)
			if (text_clock_at(s, &t, k, &end)) {
				start = t.v[k].start;
				found = s + start;
			}
		if (!cases[i].time) {
			assert_null(found);
		} else {
			assert_non_null(found);
			assert_int_equal(end - start, strlen(cases[i].time));
			assert_memory_equal(found, cases[i].time, end - start);
		}
		tokens_free(&t);
	}
}

/* Does `says` hold of the words of `text` as `want` says? */
static void expect_says(bool (*says)(const struct tokens *), const char *text, bool want)
{
	struct tokens t = {0};
	assert_int_equal(text_tokenize(text, strlen(text), &t), 0);
	if (says(&t) != want)
		fprintf(stderr, "\"%s\": want %d\n", text, want);
	assert_int_equal(says(&t), want);
	tokens_free(&t);
}

/* A sum of parts is asked or given by its word or "in all", not by "all". */
static void test_totals(void **state)
{
	(void)state;
	expect_says(text_says_total, "how much was pledged in total", true);
	expect_says(text_says_total, "more than 1,000 people in all", true);
	expect_says(text_says_total, "all told, 40 boats", true);
	expect_says(text_says_total, "all 25 crew members were safe", false);
	expect_says(text_says_total, "pledged 100m and 200m", false);
}

/* A poll's, a survey's or a forecast's figures are no result. */
static void test_polls(void **state)
{
	(void)state;
	expect_says(text_says_poll, "a poll published last week had Kovel at 52 percent", true);
	expect_says(text_says_poll, "whose final surveys had put the Greens at 29 percent", true);
	expect_says(text_says_poll, "Kovel took 36.4 percent of the vote", false);
}

/* How often is said by "every" and a span, "N times a" span or an
 * adverb of one ("hourly"), not by a span alone. */
static void test_frequency(void **state)
{
	(void)state;
	expect_says(text_says_frequency, "the ferry runs every 40 minutes", true);
	expect_says(text_says_frequency, "three times a week", true);
	expect_says(text_says_frequency, "the plant is inspected daily", true);
	expect_says(text_says_frequency, "the crossing takes 40 minutes", false);
	expect_says(text_says_frequency, "a second ferry and a night crossing", false);
}

/* Does `holds` hold of token `at` of text (the last one when `at` is
 * -1) as `want` says? */
static void expect_at(bool (*holds)(const struct tokens *, size_t), const char *text, long at,
		      bool want)
{
	struct tokens t = {0};
	assert_int_equal(text_tokenize(text, strlen(text), &t), 0);
	size_t k = at < 0 ? t.n - 1 : (size_t)at;
	if (holds(&t, k) != want)
		fprintf(stderr, "\"%s\" at %zu: want %d\n", text, k, want);
	assert_int_equal(holds(&t, k), want);
	tokens_free(&t);
}

/* A denial is "not" or "never", not "not only"; "No party won" denies
 * its verb. */
static void test_denials(void **state)
{
	(void)state;
	expect_at(text_denied_at, "Baumgartner did not beat the record", 3, true);
	expect_at(text_denied_at, "a risk not only to the elderly", 4, false);
	expect_at(text_denied_at, "No party won the 76 seats", 2, true);
	expect_at(text_denied_at, "No. 3 won the race", 2, false);
	expect_at(text_denied_at, "The party won the 76 seats", 2, false);
}

/* The last word of each text set against by "after", "before" ..., maybe
 * past a stopword, or not */
static void test_set_against(void **state)
{
	(void)state;
	expect_at(text_set_against, "two hours after it started", -1, true);
	expect_at(text_set_against, "a day before the walkout", -1, true);
	expect_at(text_set_against, "closed since March", -1, true);
	expect_at(text_set_against, "hours after the storm started", -1, false);
	expect_at(text_set_against, "it started at dawn", -1, false);
	expect_at(text_set_against, "started", -1, false);
}

/* where a name that ends at a token begins: back through "of the", not
 * past a comma or onto a lower-case word */
static void test_name_start(void **state)
{
	(void)state;
	const char *s = "In Berlin, Tyson Gay of the United States finished second";
	struct tokens t = {0};
	assert_int_equal(text_tokenize(s, strlen(s), &t), 0);
	/* the name that ends at "States" opens at "Tyson", past the comma */
	size_t states = 0;
	while (states < t.n && strcmp(t.v[states].word, "states") != 0)
		states++;
	assert_true(states < t.n);
	assert_string_equal(t.v[text_name_start(s, &t, states)].word, "tyson");
	assert_string_equal(t.v[text_name_start(s, &t, 1)].word, "in");
	tokens_free(&t);
}

/* a name and its last words */
static void test_same_name(void **state)
{
	(void)state;
	assert_true(text_same_name("Fair Ticket", 11, "the consumer group Fair Ticket", 30));
	assert_true(text_same_name("Mulvaney", 8, "Craig Mulvaney", 14));
	assert_true(text_same_name("craig mulvaney", 14, "Craig Mulvaney", 14));
	/* (the end of a word is no name: "Ney" of "Mulvaney") */
	assert_false(text_same_name("ney", 3, "Craig Mulvaney", 14));
	assert_false(text_same_name("Ana Lind", 8, "Tomas Berg", 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_name),
		cmocka_unit_test(test_name_start),
		cmocka_unit_test(test_fold_quotes_dashes_accents),
		cmocka_unit_test(test_fold_quotes_dashes_case),
		cmocka_unit_test(test_tokenize_words_possessives_contractions),
		cmocka_unit_test(test_tokenize_numbers),
		cmocka_unit_test(test_tokenize_flags_and_offsets),
		cmocka_unit_test(test_tokenize_invalid_utf8_and_long_words),
		cmocka_unit_test(test_stem_plurals_and_suffixes),
		cmocka_unit_test(test_hyphenated_words_and_fragments),
		cmocka_unit_test(test_tokens_copy),
		cmocka_unit_test(test_irregular_forms_with_wordnet),
		cmocka_unit_test(test_stopwords_every_word_found_table_sorted),
		cmocka_unit_test(test_within_one_edit),
		cmocka_unit_test(test_shared_readings),
		cmocka_unit_test(test_clock_times),
		cmocka_unit_test(test_ordinals),
		cmocka_unit_test(test_name_asked),
		cmocka_unit_test(test_job_asked),
		cmocka_unit_test(test_acronyms),
		cmocka_unit_test(test_datelines_and_months),
		cmocka_unit_test(test_only_describes),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_polls),
		cmocka_unit_test(test_frequency),
		cmocka_unit_test(test_denials),
		cmocka_unit_test(test_set_against),
		cmocka_unit_test(test_decades),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
