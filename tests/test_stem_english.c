/* knowledge/stem_english: the English stemmer linked on its own gives the
 * same stems as libstemmer's public API (sb_stemmer_new("english")) for
 * every word of the shipped article and of a list of hard cases (Porter2's
 * exception words, -ly, -ing, -ies, UTF-8). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libstemmer.h>

#include "knowledge/stem_english.h"

static void assert_same(struct stem_english *mine, struct sb_stemmer *ref, const char *w,
			size_t n)
{
	size_t len;
	const char *got = stem_english(mine, w, n, &len);
	const sb_symbol *want = sb_stemmer_stem(ref, (const sb_symbol *)w, (int)n);
	assert_non_null(got);
	assert_non_null(want);
	if (len != (size_t)sb_stemmer_length(ref) || memcmp(got, want, len) != 0)
		fail_msg("\"%.*s\": %.*s, libstemmer %s", (int)n, w, (int)len, got, want);
}

static void test_hard_cases(void **state)
{
	(void)state;
	static const char *const words[] = {
		"consignment", "consistently", "knackered", "running", "skies", "dying",
		"news", "gently", "generously", "happily", "communism", "arsenal",
		"ceasefire", "cease-fire", "backing", "backed", "bakes", "organization",
		"organisation", "agreed", "agreement", "fled", "fought", "crises", "us",
		"idlib", "café", "naïve", "élite", "", "a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct stem_english *mine = stem_english_new();
	struct sb_stemmer *ref = sb_stemmer_new("english", NULL);
	assert_non_null(mine);
	assert_non_null(ref);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		assert_same(mine, ref, words[i], strlen(words[i]));
	stem_english_free(mine);
	sb_stemmer_delete(ref);
}

static void test_every_word_of_the_article(void **state)
{
	(void)state;
	char path[4096];
	snprintf(path, sizeof path, "%s/knowledge/articles/sochi-2021.txt", BRIEFBOT_SOURCE_ROOT);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct stem_english *mine = stem_english_new();
	struct sb_stemmer *ref = sb_stemmer_new("english", NULL);
	char word[256];
	size_t n = 0, words = 0;
	for (int c; (c = fgetc(f)) != EOF;) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c >= 0x80) {
			if (n < sizeof word)
				word[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		} else if (n) {
			assert_same(mine, ref, word, n);
			words++;
			n = 0;
		}
	}
	fclose(f);
	assert_true(words > 500);
	stem_english_free(mine);
	sb_stemmer_delete(ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hard_cases),
		cmocka_unit_test(test_every_word_of_the_article),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
