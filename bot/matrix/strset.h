/* A bounded set of recently seen ids (Matrix event ids, ...): "have I
 * handled this one already?" with memory that never grows past a limit.
 *
 * Two generations of open-addressed hash tables: inserts go to the current
 * one; when it holds `capacity` ids it becomes the old one and the one
 * before is dropped. So the last `capacity` ids are always remembered, and
 * at most 2 * capacity are held. Pure: no I/O, no clock. */
#ifndef BB_STRSET_H
#define BB_STRSET_H

#include <stdbool.h>
#include <stddef.h>

struct strset;

/* Returns a set remembering at least the last `capacity` ids (minimum 1),
 * or NULL when out of memory. Free with strset_free(). */
struct strset *strset_new(size_t capacity);

/* Frees the set and its copies of the ids. NULL-safe. */
void strset_free(struct strset *s);

/* Returns true if `id` is in the set. */
bool strset_has(const struct strset *s, const char *id);

/* Adds a copy of `id`. Returns 1 if it was new, 0 if already there, or
 * BB_ENOMEM (the set is unchanged). */
int strset_add(struct strset *s, const char *id);

/* How many ids are held now (at most 2 * capacity). */
size_t strset_count(const struct strset *s);

#endif
