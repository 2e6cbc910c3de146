/* The due queue: which subscription is due next. A binary min-heap of
 * (id, slot) ordered by slot (ties by id), with an index from id to heap
 * position, so the scheduler arms one timer for the earliest slot and can
 * move or drop any subscription in O(log n). Ids are unique in a queue.
 *
 * Typical use: peek -> arm the timer for its slot; when it fires, pop every
 * entry whose slot is due, post, push each back with schedule_next().
 */
#ifndef BB_DUEQUEUE_H
#define BB_DUEQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct duequeue;

/* Returns an empty queue, or NULL on allocation failure. */
struct duequeue *duequeue_new(void);
/* NULL-safe. */
void duequeue_free(struct duequeue *q);

/* Adds `id` due at `slot`. Returns 0, BB_EEXIST if `id` is already queued
 * (use duequeue_update), or BB_ENOMEM. */
int duequeue_push(struct duequeue *q, int64_t id, int64_t slot);

/* The earliest entry (smallest slot, then smallest id) without removing it:
 * returns true and fills *id / *slot (either may be NULL), false when the
 * queue is empty. */
bool duequeue_peek(const struct duequeue *q, int64_t *id, int64_t *slot);

/* As duequeue_peek(), and removes the entry. */
bool duequeue_pop(struct duequeue *q, int64_t *id, int64_t *slot);

/* Removes `id`. Returns 0 or BB_ENOTFOUND. */
int duequeue_remove(struct duequeue *q, int64_t id);

/* Moves `id` to `slot`. Returns 0 or BB_ENOTFOUND. */
int duequeue_update(struct duequeue *q, int64_t id, int64_t slot);

/* Returns true and the slot of `id` in *slot (may be NULL), or false. */
bool duequeue_get(const struct duequeue *q, int64_t id, int64_t *slot);

/* Number of entries. */
size_t duequeue_count(const struct duequeue *q);

#endif
