/* A BM25 index over short documents (the knowledge base's sentences).
 * Documents are numbered 0..n-1 in the order they are added; terms are
 * strings (stems, or "@entity" markers). */
#ifndef BB_INDEX_H
#define BB_INDEX_H

#include <stddef.h>

struct index;

struct index_hit {
	size_t doc;
	double score;
};

struct index *index_new(void);
void index_free(struct index *idx);
/* Adds the next document with its terms (repeats count). Returns its
 * number, or a negative bb_err. */
long index_add(struct index *idx, const char *const *terms, size_t n_terms);
/* The inverse document frequency of a term (0 for an unknown term). */
double index_idf(const struct index *idx, const char *term);
/* In how many documents does `term` occur? */
size_t index_df(const struct index *idx, const char *term);
/* Does document `doc` contain `term`? */
int index_doc_has(const struct index *idx, size_t doc, const char *term);
size_t index_doc_count(const struct index *idx);
/* Scores every document against the query terms and stores the best
 * `max` hits in `out`, best first. Returns how many were stored. */
size_t index_search(const struct index *idx, const char *const *terms, size_t n_terms,
		    struct index_hit *out, size_t max);

#endif
