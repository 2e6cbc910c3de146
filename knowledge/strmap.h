/* A string-keyed hash map (open addressing, linear probing) from a copied
 * key to a size_t value. Used for vocabularies and the index's terms. */
#ifndef BB_STRMAP_H
#define BB_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap;

struct strmap *strmap_new(void);
void strmap_free(struct strmap *m);
/* Returns a pointer to the value of `key`, inserting it with value `init`
 * if absent; NULL on allocation failure. The pointer is valid until the
 * next insertion. */
size_t *strmap_upsert(struct strmap *m, const char *key, size_t init);
/* Returns a pointer to the value of `key`, or NULL if absent. */
const size_t *strmap_get(const struct strmap *m, const char *key);
size_t strmap_count(const struct strmap *m);
/* Iterates: *pos starts at 0; returns false at the end. */
bool strmap_next(const struct strmap *m, size_t *pos, const char **key, size_t *value);

#endif
