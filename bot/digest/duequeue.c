/* A binary min-heap of (id, slot) with an open-addressing index from id to
 * heap position (linear probing, backward-shift deletion). */
#include "bot/digest/duequeue.h"

#include <stdlib.h>

#include "common/error.h"
#include "common/grow.h"

struct entry {
	int64_t id;
	int64_t slot;
};

/* An index slot: pos is the heap position + 1, 0 when the slot is free. */
struct ixslot {
	int64_t id;
	uint32_t pos;
};

struct duequeue {
	struct entry *heap;
	size_t len, cap;
	struct ixslot *ix;
	size_t ixcap; /* a power of two, or 0 */
};

struct duequeue *duequeue_new(void)
{
	return calloc(1, sizeof(struct duequeue));
}

void duequeue_free(struct duequeue *q)
{
	if (!q)
		return;
	free(q->heap);
	free(q->ix);
	free(q);
}

size_t duequeue_count(const struct duequeue *q)
{
	return q->len;
}

static size_t ix_hash(int64_t id, size_t mask)
{
	uint64_t x = (uint64_t)id;
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	return (size_t)x & mask;
}

/* The index slot holding `id`, or the free slot where it would go. */
static size_t ix_find(const struct duequeue *q, int64_t id)
{
	size_t mask = q->ixcap - 1;
	size_t i = ix_hash(id, mask);
	while (q->ix[i].pos && q->ix[i].id != id)
		i = (i + 1) & mask;
	return i;
}

/* The heap position of `id`, or -1. */
static long ix_get(const struct duequeue *q, int64_t id)
{
	if (!q->ixcap)
		return -1;
	size_t i = ix_find(q, id);
	return q->ix[i].pos ? (long)q->ix[i].pos - 1 : -1;
}

static void ix_set(struct duequeue *q, int64_t id, size_t pos)
{
	size_t i = ix_find(q, id);
	q->ix[i].id = id;
	q->ix[i].pos = (uint32_t)(pos + 1);
}

static void ix_del(struct duequeue *q, int64_t id)
{
	size_t mask = q->ixcap - 1;
	size_t i = ix_find(q, id);
	if (!q->ix[i].pos)
		return;
	/* Backward shift: pull later members of the probe run into the hole. */
	size_t j = i;
	for (;;) {
		j = (j + 1) & mask;
		if (!q->ix[j].pos)
			break;
		size_t home = ix_hash(q->ix[j].id, mask);
		/* Does home lie cyclically in (i, j]? Then it stays. */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (stays)
			continue;
		q->ix[i] = q->ix[j];
		i = j;
	}
	q->ix[i].pos = 0;
}

/* Makes room for one more entry in the heap and the index (load <= 3/4). */
static int reserve(struct duequeue *q)
{
	if (q->len == UINT32_MAX - 1)
		return BB_ENOMEM;
	if (grow_array(&q->heap, &q->cap, q->len + 1, sizeof *q->heap, 16) != 0)
		return BB_ENOMEM;
	if ((q->len + 1) * 4 > q->ixcap * 3) {
		size_t cap = q->ixcap ? q->ixcap * 2 : 32;
		struct ixslot *ix = calloc(cap, sizeof *ix);
		if (!ix)
			return BB_ENOMEM;
		free(q->ix);
		q->ix = ix;
		q->ixcap = cap;
		for (size_t k = 0; k < q->len; k++)
			ix_set(q, q->heap[k].id, k);
	}
	return 0;
}

static bool before(const struct entry *a, const struct entry *b)
{
	return a->slot < b->slot || (a->slot == b->slot && a->id < b->id);
}

static void place(struct duequeue *q, size_t pos, struct entry e)
{
	q->heap[pos] = e;
	ix_set(q, e.id, pos);
}

static void sift_up(struct duequeue *q, size_t pos)
{
	struct entry e = q->heap[pos];
	while (pos > 0) {
		size_t parent = (pos - 1) / 2;
		if (!before(&e, &q->heap[parent]))
			break;
		place(q, pos, q->heap[parent]);
		pos = parent;
	}
	place(q, pos, e);
}

static void sift_down(struct duequeue *q, size_t pos)
{
	struct entry e = q->heap[pos];
	for (;;) {
		size_t child = 2 * pos + 1;
		if (child >= q->len)
			break;
		if (child + 1 < q->len && before(&q->heap[child + 1], &q->heap[child]))
			child++;
		if (!before(&q->heap[child], &e))
			break;
		place(q, pos, q->heap[child]);
		pos = child;
	}
	place(q, pos, e);
}

int duequeue_push(struct duequeue *q, int64_t id, int64_t slot)
{
	if (ix_get(q, id) >= 0)
		return BB_EEXIST;
	int rc = reserve(q);
	if (rc)
		return rc;
	q->heap[q->len] = (struct entry){ id, slot };
	q->len++;
	sift_up(q, q->len - 1);
	return 0;
}

bool duequeue_peek(const struct duequeue *q, int64_t *id, int64_t *slot)
{
	if (!q->len)
		return false;
	if (id)
		*id = q->heap[0].id;
	if (slot)
		*slot = q->heap[0].slot;
	return true;
}

/* Removes the entry at heap position `pos`. */
static void remove_at(struct duequeue *q, size_t pos)
{
	ix_del(q, q->heap[pos].id);
	q->len--;
	if (pos == q->len)
		return;
	q->heap[pos] = q->heap[q->len];
	ix_set(q, q->heap[pos].id, pos);
	sift_down(q, pos);
	sift_up(q, pos);
}

bool duequeue_pop(struct duequeue *q, int64_t *id, int64_t *slot)
{
	if (!duequeue_peek(q, id, slot))
		return false;
	remove_at(q, 0);
	return true;
}

int duequeue_remove(struct duequeue *q, int64_t id)
{
	long pos = ix_get(q, id);
	if (pos < 0)
		return BB_ENOTFOUND;
	remove_at(q, (size_t)pos);
	return 0;
}

int duequeue_update(struct duequeue *q, int64_t id, int64_t slot)
{
	long pos = ix_get(q, id);
	if (pos < 0)
		return BB_ENOTFOUND;
	q->heap[pos].slot = slot;
	sift_down(q, (size_t)pos);
	sift_up(q, (size_t)pos);
	return 0;
}

bool duequeue_get(const struct duequeue *q, int64_t id, int64_t *slot)
{
	long pos = ix_get(q, id);
	if (pos < 0)
		return false;
	if (slot)
		*slot = q->heap[pos].slot;
	return true;
}
