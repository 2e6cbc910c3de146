/* A bounded set of recently seen 64-bit ids: once full, adding an id
 * forgets the oldest. Used so an event replayed after a RESUME (Discord:
 * message and interaction snowflakes) or a repeated /sync (Matrix: event
 * ids, as idset_hash values) is not answered twice. Its memory is fixed
 * when it is made: a long-running bot does not grow as it sees more. Pure. */
#ifndef BB_IDSET_H
#define BB_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct idset;

/* Creates a set remembering the last `capacity` ids (at least 1). Returns
 * NULL when out of memory. Free with idset_free(). */
struct idset *idset_new(size_t capacity);
void idset_free(struct idset *s);

/* Adds id. Returns true if it was new, false if it is already in the set
 * (then nothing changes). Id 0 is never stored (always "new"). */
bool idset_add(struct idset *s, uint64_t id);

/* Whether id is in the set. */
bool idset_has(const struct idset *s, uint64_t id);

/* Parses a decimal snowflake ("1234"); returns 0 for anything else. */
uint64_t idset_parse(const char *text);

/* A 64-bit hash of a string id ("$event:server"), never 0 (0 for NULL).
 * Two ids share a hash with odds of about one in 2^64 per pair, so a set of
 * a few thousand recent hashes stands in for the ids themselves. */
uint64_t idset_hash(const char *text);

#endif
