/* knowledge/index: BM25 over short documents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "knowledge/index.h"

#define DOC(...) ((const char *const[]){ __VA_ARGS__ }), \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *)

/* A tiny corpus:
 *   0 turkey back ypg          (short, has "ypg")
 *   1 us back ypg ypg syria    (two "ypg")
 *   2 russia bomb idlib syria
 *   3 russia ally assad syria long long long long (long, no "ypg")
 */
static struct index *corpus(void)
{
	struct index *idx = index_new();
	assert_non_null(idx);
	assert_int_equal(index_add(idx, DOC("turkey", "back", "ypg")), 0);
	assert_int_equal(index_add(idx, DOC("us", "back", "ypg", "ypg", "syria")), 1);
	assert_int_equal(index_add(idx, DOC("russia", "bomb", "idlib", "syria")), 2);
	assert_int_equal(index_add(idx, DOC("russia", "ally", "assad", "syria", "long",
					    "long", "long", "long")), 3);
	return idx;
}

static void test_df_idf_doc_has(void **state)
{
	struct index *idx = corpus();
	assert_int_equal(index_doc_count(idx), 4);
	assert_int_equal(index_df(idx, "syria"), 3);
	assert_int_equal(index_df(idx, "ypg"), 2);
	assert_int_equal(index_df(idx, "idlib"), 1);
	assert_int_equal(index_df(idx, "nothing"), 0);
	/* BM25's idf: ln(1 + (N - df + 0.5) / (df + 0.5)). */
	assert_true(fabs(index_idf(idx, "idlib") - log(1 + 3.5 / 1.5)) < 1e-9);
	assert_true(fabs(index_idf(idx, "syria") - log(1 + 1.5 / 3.5)) < 1e-9);
	assert_true(index_idf(idx, "idlib") > index_idf(idx, "ypg"));
	assert_true(index_idf(idx, "ypg") > index_idf(idx, "syria"));
	assert_true(index_idf(idx, "nothing") == 0.0);
	/* doc_has gives the term frequency. */
	assert_int_equal(index_doc_has(idx, 1, "ypg"), 2);
	assert_int_equal(index_doc_has(idx, 0, "ypg"), 1);
	assert_int_equal(index_doc_has(idx, 2, "ypg"), 0);
	assert_int_equal(index_doc_has(idx, 3, "long"), 4);
	assert_int_equal(index_doc_has(idx, 3, "nothing"), 0);
	assert_int_equal(index_doc_has(idx, 99, "syria"), 0);
	index_free(idx);
	index_free(NULL);
}

static void test_ranking_order(void **state)
{
	struct index *idx = corpus();
	struct index_hit hits[8];
	/* "ypg": doc 1 says it twice, doc 0 once but is shorter. BM25
	 * with k1 = 1.2, b = 0.75 puts doc 1 first; docs without the term
	 * are not returned at all. */
	size_t n = index_search(idx, DOC("ypg"), hits, 8);
	assert_int_equal(n, 2);
	assert_int_equal(hits[0].doc, 1);
	assert_int_equal(hits[1].doc, 0);
	assert_true(hits[0].score > hits[1].score);
	assert_true(hits[1].score > 0);

	/* A rare term outweighs a common one: "idlib syria" -> doc 2
	 * first, then the others with "syria", the shorter first. */
	n = index_search(idx, DOC("idlib", "syria"), hits, 8);
	assert_int_equal(n, 3);
	assert_int_equal(hits[0].doc, 2);
	assert_int_equal(hits[1].doc, 1);
	assert_int_equal(hits[2].doc, 3);

	/* A term repeated in the query counts once. */
	struct index_hit again[8];
	size_t m = index_search(idx, DOC("idlib", "syria", "syria", "idlib"), again, 8);
	assert_int_equal(m, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(again[i].doc, hits[i].doc);
		assert_true(fabs(again[i].score - hits[i].score) < 1e-12);
	}

	/* Only the best `max` are kept, still best first. */
	n = index_search(idx, DOC("idlib", "syria"), hits, 1);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].doc, 2);
	n = index_search(idx, DOC("idlib", "syria"), hits, 2);
	assert_int_equal(n, 2);
	assert_int_equal(hits[1].doc, 1);

	/* Unknown terms, no terms, max 0. */
	assert_int_equal(index_search(idx, DOC("pizza"), hits, 8), 0);
	assert_int_equal(index_search(idx, NULL, 0, hits, 8), 0);
	assert_int_equal(index_search(idx, DOC("ypg"), hits, 0), 0);
	index_free(idx);
}

static void test_exact_scores(void **state)
{
	/* Two one-word documents and one two-word: check the formula. */
	struct index *idx = index_new();
	index_add(idx, DOC("a"));
	index_add(idx, DOC("b"));
	index_add(idx, DOC("a", "c"));
	struct index_hit hits[4];
	size_t n = index_search(idx, DOC("a"), hits, 4);
	assert_int_equal(n, 2);
	double idf = log(1 + (3 - 2 + 0.5) / (2 + 0.5));
	double avg = 4.0 / 3.0;
	double s0 = idf * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 1 / avg));
	double s2 = idf * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2 / avg));
	assert_int_equal(hits[0].doc, 0);
	assert_true(fabs(hits[0].score - s0) < 1e-9);
	assert_int_equal(hits[1].doc, 2);
	assert_true(fabs(hits[1].score - s2) < 1e-9);
	index_free(idx);

	/* An empty index finds nothing. */
	idx = index_new();
	assert_int_equal(index_doc_count(idx), 0);
	assert_int_equal(index_search(idx, DOC("a"), hits, 4), 0);
	assert_int_equal(index_add(idx, NULL, 0), 0);   /* an empty document */
	assert_int_equal(index_search(idx, DOC("a"), hits, 4), 0);
	index_free(idx);
}

static void test_many_documents(void **state)
{
	struct index *idx = index_new();
	char terms[500][16];
	for (size_t d = 0; d < 500; d++) {
		snprintf(terms[d], sizeof terms[d], "t%zu", d % 50);
		const char *doc[] = { "common", terms[d] };
		assert_int_equal(index_add(idx, doc, 2), (long)d);
	}
	assert_int_equal(index_df(idx, "common"), 500);
	assert_int_equal(index_df(idx, "t7"), 10);
	assert_int_equal(index_doc_has(idx, 457, "t7"), 1);
	assert_int_equal(index_doc_has(idx, 458, "t7"), 0);
	struct index_hit hits[20];
	size_t n = index_search(idx, DOC("t7"), hits, 20);
	assert_int_equal(n, 10);
	/* Equal scores keep document order. */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(hits[i].doc, 7 + 50 * i);
	index_free(idx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_df_idf_doc_has),
		cmocka_unit_test(test_ranking_order),
		cmocka_unit_test(test_exact_scores),
		cmocka_unit_test(test_many_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
