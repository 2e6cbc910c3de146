#include "knowledge/index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/grow.h"
#include "knowledge/strmap.h"

#define BM25_K1 1.2
#define BM25_B 0.75

struct posting {
	size_t doc;
	unsigned tf;
};

struct postings {
	struct posting *v;
	size_t n, cap;
};

struct index {
	struct strmap *terms;     /* term -> position in `lists` */
	struct postings *lists;
	size_t n_lists, cap_lists;
	unsigned *doc_len;
	size_t n_docs, cap_docs;
	double total_len;
};

struct index *index_new(void)
{
	struct index *idx = calloc(1, sizeof *idx);
	if (!idx)
		return NULL;
	idx->terms = strmap_new();
	if (!idx->terms) {
		free(idx);
		return NULL;
	}
	return idx;
}

void index_free(struct index *idx)
{
	if (!idx)
		return;
	for (size_t i = 0; i < idx->n_lists; i++)
		free(idx->lists[i].v);
	free(idx->lists);
	free(idx->doc_len);
	strmap_free(idx->terms);
	free(idx);
}

static int add_posting(struct index *idx, const char *term, size_t doc)
{
	size_t *slot = strmap_upsert(idx->terms, term, idx->n_lists);
	if (!slot)
		return BB_ENOMEM;
	if (*slot == idx->n_lists) {
		if (grow_array(&idx->lists, &idx->cap_lists, idx->n_lists + 1, sizeof *idx->lists,
			       256) < 0)
			return BB_ENOMEM;
		idx->lists[idx->n_lists++] = (struct postings){0};
	}
	struct postings *p = &idx->lists[*slot];
	if (p->n > 0 && p->v[p->n - 1].doc == doc) {
		p->v[p->n - 1].tf++;
		return 0;
	}
	if (grow_array(&p->v, &p->cap, p->n + 1, sizeof *p->v, 4) < 0)
		return BB_ENOMEM;
	p->v[p->n++] = (struct posting){ .doc = doc, .tf = 1 };
	return 0;
}

long index_add(struct index *idx, const char *const *terms, size_t n_terms)
{
	if (grow_array(&idx->doc_len, &idx->cap_docs, idx->n_docs + 1, sizeof *idx->doc_len,
		       64) < 0)
		return BB_ENOMEM;
	size_t doc = idx->n_docs;
	for (size_t i = 0; i < n_terms; i++)
		if (add_posting(idx, terms[i], doc) < 0)
			return BB_ENOMEM;
	idx->doc_len[doc] = (unsigned)n_terms;
	idx->total_len += (double)n_terms;
	idx->n_docs++;
	return (long)doc;
}

static const struct postings *lookup(const struct index *idx, const char *term)
{
	const size_t *slot = strmap_get(idx->terms, term);
	return slot ? &idx->lists[*slot] : NULL;
}

static double idf_of(const struct index *idx, size_t df)
{
	double n = (double)idx->n_docs;
	return log(1.0 + (n - (double)df + 0.5) / ((double)df + 0.5));
}

double index_idf(const struct index *idx, const char *term)
{
	const struct postings *p = lookup(idx, term);
	return p ? idf_of(idx, p->n) : 0.0;
}

size_t index_df(const struct index *idx, const char *term)
{
	const struct postings *p = lookup(idx, term);
	return p ? p->n : 0;
}

int index_doc_has(const struct index *idx, size_t doc, const char *term)
{
	const struct postings *p = lookup(idx, term);
	if (!p)
		return 0;
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p->v[mid].doc == doc)
			return (int)p->v[mid].tf;
		if (p->v[mid].doc < doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

size_t index_doc_count(const struct index *idx)
{
	return idx->n_docs;
}

size_t index_search(const struct index *idx, const char *const *terms, size_t n_terms,
		    struct index_hit *out, size_t max)
{
	if (idx->n_docs == 0 || max == 0)
		return 0;
	double *score = calloc(idx->n_docs, sizeof *score);
	if (!score)
		return 0;
	double avg = idx->total_len / (double)idx->n_docs;
	for (size_t t = 0; t < n_terms; t++) {
		/* A term repeated in the query counts once. */
		bool seen = false;
		for (size_t u = 0; u < t; u++)
			if (strcmp(terms[u], terms[t]) == 0)
				seen = true;
		const struct postings *p = seen ? NULL : lookup(idx, terms[t]);
		if (!p)
			continue;
		double idf = idf_of(idx, p->n);
		for (size_t i = 0; i < p->n; i++) {
			double tf = p->v[i].tf;
			double len = idx->doc_len[p->v[i].doc];
			score[p->v[i].doc] += idf * tf * (BM25_K1 + 1) /
				(tf + BM25_K1 * (1 - BM25_B + BM25_B * len / avg));
		}
	}
	/* Keep the best `max` by insertion into a small sorted array. */
	size_t n = 0;
	for (size_t d = 0; d < idx->n_docs; d++) {
		if (score[d] <= 0)
			continue;
		size_t pos = n < max ? n : max;
		while (pos > 0 && out[pos - 1].score < score[d])
			pos--;
		if (pos >= max)
			continue;
		size_t last = n < max ? n : max - 1;
		memmove(out + pos + 1, out + pos, (last - pos) * sizeof *out);
		out[pos] = (struct index_hit){ .doc = d, .score = score[d] };
		if (n < max)
			n++;
	}
	free(score);
	return n;
}
