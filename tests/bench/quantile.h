/* Percentiles for the benchmarks: sort the samples with cmp_double, then
 * read quantile(v, n, 0.99). Header-only; each bench is one program. */
#ifndef BB_BENCH_QUANTILE_H
#define BB_BENCH_QUANTILE_H

#include <stddef.h>

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of sorted values. */
static inline double quantile(const double *v, size_t n, double q)
{
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

#endif
