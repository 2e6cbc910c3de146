/* How far apart two short names are, for "did you mean" suggestions. */
#ifndef BB_STRDIST_H
#define BB_STRDIST_H

/* Case-insensitive optimal string alignment distance between a and b (an
 * insertion, a deletion, a change or a swap of two neighbours costs 1).
 * Strings of STRDIST_MAX bytes or more count as STRDIST_MAX away. */
#define STRDIST_MAX 64
int strdist(const char *a, const char *b);

#endif
