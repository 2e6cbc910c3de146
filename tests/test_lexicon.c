/* knowledge/lexicon: shorthand, synonyms, antonyms and cue words. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "knowledge/lexicon.h"
#include "knowledge/text.h"

static void stem(const char *word, char *out)
{
	struct text_stemmer *st = text_stemmer_new();
	assert_non_null(st);
	text_stem(st, word, out);
	text_stemmer_free(st);
}

/* Is b (a stem) among the antonyms of a (a stem)? */
static bool lexicon_antonyms(const char *a, const char *b)
{
	const char *o;
	for (unsigned k = 0; (o = lexicon_antonym(a, k)); k++) {
		char s[TEXT_MAX_WORD + 1];
		stem(o, s);
		if (strcmp(s, b) == 0)
			return true;
	}
	return false;
}

static void test_tables_sorted_and_stems_right(void **state)
{
	struct text_stemmer *st = text_stemmer_new();
	assert_non_null(st);
	assert_true(lexicon_check_tables(st));
	text_stemmer_free(st);
}

static void test_expand_shorthand(void **state)
{
	assert_string_equal(lexicon_expand("ppl"), "people");
	assert_string_equal(lexicon_expand("whos"), "who is");
	assert_string_equal(lexicon_expand("doesnt"), "does not");
	assert_string_equal(lexicon_expand("govt"), "government");
	assert_string_equal(lexicon_expand("couldnt"), "could not");
	assert_string_equal(lexicon_expand("werent"), "were not");
	assert_string_equal(lexicon_expand("rep"), "representative");
	assert_string_equal(lexicon_expand("max"), "maximum");
	assert_string_equal(lexicon_expand("nz"), "New Zealand");
	assert_string_equal(lexicon_expand("uni"), "university");
	assert_string_equal(lexicon_expand("theyll"), "they will");
	assert_string_equal(lexicon_expand("thru"), "through");
	/* unit abbreviations WordNet lacks */
	assert_string_equal(lexicon_expand("mwh"), "megawatt hour");
	assert_string_equal(lexicon_expand("kwh"), "kilowatt hour");
	/* Filler shorthand expands to nothing. */
	assert_string_equal(lexicon_expand("pls"), "");
	assert_string_equal(lexicon_expand("idk"), "");
	/* Words that are not shorthand, and the exact-match rule. */
	assert_null(lexicon_expand("people"));
	assert_null(lexicon_expand("PPL"));
	assert_null(lexicon_expand(""));
	assert_null(lexicon_expand("ppls"));
}

/* "what was the TURNOUT": a figure, though WordNet reads a gathering */
static void test_figures(void **state)
{
	(void)state;
	assert_true(lexicon_is_figure("turnout"));
	assert_false(lexicon_is_figure("crowd"));
}

static void test_synonyms_map_to_the_articles_words(void **state)
{
	assert_string_equal(lexicon_synonym("worried"), "concern");
	assert_string_equal(lexicon_synonym("aboard"), "carrying");
	assert_string_equal(lexicon_synonym("sponsors"), "back");
	assert_string_equal(lexicon_synonym("summit"), "meeting");
	assert_string_equal(lexicon_synonym("harbour"), "refuge");
	assert_string_equal(lexicon_synonym("harbor"), "refuge");
	assert_null(lexicon_synonym("concern"));
	assert_null(lexicon_synonym("turkey"));
	assert_null(lexicon_synonym(""));
	/* chat's word for a person only frames a question ("what did the
	 * union guy say") */
	assert_true(lexicon_is_frame("guy", "guy"));
	assert_true(lexicon_is_frame("guys", "guy"));
	assert_false(lexicon_is_frame("ticket", "ticket"));
	/* a phrasal verb of chat in news copy's words */
	assert_string_equal(lexicon_phrasal("kicks", "in"), "takes effect");
	assert_string_equal(lexicon_phrasal("kick", "off"), "start");
	assert_string_equal(lexicon_phrasal("said", "sorry"), "apologised");
	assert_null(lexicon_phrasal("kick", "out"));
	assert_null(lexicon_phrasal("kick", ""));
}

static void test_antonyms_are_symmetric_and_on_stems(void **state)
{
	char a[TEXT_MAX_WORD + 1], b[TEXT_MAX_WORD + 1];
	stem("easy", a);
	stem("difficult", b);
	assert_true(lexicon_antonyms(a, b));
	assert_true(lexicon_antonyms(b, a));
	stem("fair", a);
	stem("rigged", b);
	assert_true(lexicon_antonyms(a, b));
	stem("supported", a);   /* another form of "support" */
	stem("oppose", b);
	assert_true(lexicon_antonyms(a, b));
	stem("easy", a);
	stem("rigged", b);
	assert_false(lexicon_antonyms(a, b));
	assert_false(lexicon_antonyms(a, a));

	/* All antonyms of "easy", then NULL. */
	stem("easy", a);
	const char *first = lexicon_antonym(a, 0), *second = lexicon_antonym(a, 1);
	assert_non_null(first);
	assert_non_null(second);
	assert_true((!strcmp(first, "difficult") && !strcmp(second, "hard")) ||
		    (!strcmp(first, "hard") && !strcmp(second, "difficult")));
	assert_null(lexicon_antonym(a, 2));
	/* From the other side. */
	stem("rigged", a);
	assert_non_null(lexicon_antonym(a, 0));
	assert_null(lexicon_antonym("idlib", 0));
}

static void test_cues(void **state)
{
	char s[TEXT_MAX_WORD + 1];
	stem("stake", s);
	assert_true(lexicon_is_cue("stake", s));
	stem("allied", s);
	assert_true(lexicon_is_cue("allied", s));
	stem("happening", s);
	assert_true(lexicon_is_cue("happening", s));
	stem("newspaper", s);
	assert_true(lexicon_is_cue("newspaper", s));
	stem("idlib", s);
	assert_false(lexicon_is_cue("idlib", s));
	stem("pizza", s);
	assert_false(lexicon_is_cue("pizza", s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sorted_and_stems_right),
		cmocka_unit_test(test_expand_shorthand),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_synonyms_map_to_the_articles_words),
		cmocka_unit_test(test_antonyms_are_symmetric_and_on_stems),
		cmocka_unit_test(test_cues),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
