/* knowledge/pick: the best phrase of a set reading, ties, and which
 * sentences a reading tokenises. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "knowledge/kb_build.h"
#include "knowledge/pick.h"
#include "tests/kbdir.h"

static void test_triggered(void **state)
{
	(void)state;
	static const char *const dissents[] = { "dissent", NULL };
	assert_true(pick_triggered("In a DISSENTING opinion, Judge Korvin said", dissents));
	assert_false(pick_triggered("The court ruled on Tuesday.", dissents));
	assert_true(pick_triggered("The court ruled on Tuesday.", NULL));
}

/* the best score wins; a tie between phrases that differ is no answer,
 * a tie between two ways of naming one is */
static void test_offer(void **state)
{
	(void)state;
	struct kb *kb = kbdir_load_body("pick-2026", "The case was brought by Ana Lind.\n\n"
						     "Lind spoke to reporters.\n\n"
						     "A second case was brought by Tomas Berg.\n");
	assert_non_null(kb);
	const char *s0 = kb_sentence_at(kb, 0, NULL)->text;
	const char *s2 = kb_sentence_at(kb, 2, NULL)->text;
	struct pick p = PICK_NONE;
	pick_offer(&p, kb, 0, (size_t)(strstr(s0, "Ana") - s0), 8, 1, text_same_name);
	pick_offer(&p, kb, 1, 0, 4, 1, text_same_name);
	assert_false(p.tied);
	struct answer a = {0};
	assert_int_equal(pick_answer(&p, kb, &a), 0);
	assert_string_equal(a.text, "Ana Lind.");
	answer_free(&a);
	pick_offer(&p, kb, 2, (size_t)(strstr(s2, "Tomas") - s2), 10, 1, text_same_name);
	assert_true(p.tied);
	assert_int_equal(pick_answer(&p, kb, &a), 1);
	pick_offer(&p, kb, 2, (size_t)(strstr(s2, "Tomas") - s2), 10, 2, text_same_name);
	assert_false(p.tied);
	assert_int_equal(pick_answer(&p, kb, &a), 0);
	assert_string_equal(a.text, "Tomas Berg.");
	answer_free(&a);
	/* nothing offered */
	struct pick none = PICK_NONE;
	assert_int_equal(pick_answer(&none, kb, &a), 1);
	kb_free(kb);
}

static bool no_frames(const char *word)
{
	(void)word;
	return false;
}

static void test_said(void **state)
{
	(void)state;
	struct tokens q = {0}, t = {0};
	const char *question = "who brought the second case";
	const char *sentence = "A second case was brought by Tomas Berg";
	assert_int_equal(text_tokenize(question, strlen(question), &q), 0);
	assert_int_equal(text_tokenize(sentence, strlen(sentence), &t), 0);
	/* "brought", "second", "case"; "who" and "the" are stopwords */
	assert_int_equal(pick_said(&q, &t, no_frames), 3);
	tokens_free(&q);
	tokens_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_triggered),
		cmocka_unit_test(test_offer),
		cmocka_unit_test(test_said),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
